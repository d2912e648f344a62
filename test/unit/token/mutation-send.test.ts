/**
 * Sending a token request through a fetch double (src/core/token/send.ts): what a user is told for each kind of
 * network failure (the low-level code found in the error's cause chain, loopback vs remote), each kind of answer that
 * is not a token endpoint's JSON, the tokens found in an answer, and the options refused.
 */
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { CoreError } from '../../../src/core/errors';
import { sendTokenRequest, tokensInJson, MAX_RESPONSE_BYTES } from '../../../src/core/token/send';
import type { SendOptions, TokenRequest } from '../../../src/core/token/flows';

const JWT = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.c2ln`;
const req = (url = 'https://login.example.test/t/oauth2/v2.0/token'): TokenRequest => ({ method: 'POST', url, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, params: [['a', 'b']], body: 'a=b' });
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));
const opts = (fetch: SendOptions['fetch'], extra: Partial<SendOptions> = {}): SendOptions => ({ fetch, clock: () => 0, ...extra });
const failing = (e: unknown): SendOptions['fetch'] => async () => {
	throw e;
};
type Body = ConstructorParameters<typeof Response>[0];
const answering = (body: Body, init: ResponseInit = {}): SendOptions['fetch'] => async () => new Response(body, init);
const withCode = (c: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${c}`), { code: c }) });

describe('token send: network failures explained', () => {
	const cases: [string, string, RegExp][] = [
		['ECONNREFUSED', 'https://login.example.test/x', /the connection was refused; check the URL, a proxy or a firewall/],
		['ENOTFOUND', 'https://login.example.test/x', /host name does not resolve/],
		['EAI_AGAIN', 'https://login.example.test/x', /host name does not resolve/],
		['ECONNRESET', 'https://login.example.test/x', /closed before an answer came/],
		['EPIPE', 'https://login.example.test/x', /closed before an answer came/],
		['UND_ERR_SOCKET', 'https://login.example.test/x', /closed before an answer came/],
		['UND_ERR_CLOSED', 'https://login.example.test/x', /closed before an answer came/],
		['ETIMEDOUT', 'https://login.example.test/x', /network did not connect/],
		['UND_ERR_CONNECT_TIMEOUT', 'https://login.example.test/x', /network did not connect/],
		['ENETUNREACH', 'https://login.example.test/x', /network did not connect/],
		['EHOSTUNREACH', 'https://login.example.test/x', /network did not connect/],
		['SELF_SIGNED_CERT_IN_CHAIN', 'https://login.example.test/x', /TLS certificate is not trusted.*NODE_EXTRA_CA_CERTS/],
		['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'https://login.example.test/x', /TLS certificate is not trusted/],
		['ERR_SSL_WRONG_VERSION_NUMBER', 'https://login.example.test/x', /TLS certificate is not trusted/],
		['EWHATEVER', 'https://login.example.test/x', /connect EWHATEVER; check the URL and the network/],
	];
	for (const [c, url, hint] of cases) {
		it(`${c}: named with the host and what to try`, async () => {
			await assert.rejects(sendTokenRequest(req(url), opts(failing(withCode(c)))), code('ERR_NETWORK', new RegExp(`^Could not reach the token endpoint at login\\.example\\.test \\(${c}\\): `), hint));
		});
	}
	it('ECONNREFUSED on a loopback host points at the sandbox', async () => {
		for (const url of ['http://127.0.0.1:5000/t/token', 'http://localhost:5000/t/token', 'http://[::1]:5000/t/token', 'http://127.0.0.2/t']) {
			await assert.rejects(sendTokenRequest(req(url), opts(failing(withCode('ECONNREFUSED')))), code('ERR_NETWORK', /nothing is listening on that port; is the sandbox running\?/), url);
		}
		await assert.rejects(sendTokenRequest(req('http://10.0.0.1/t'), opts(failing(withCode('ECONNREFUSED')))), code('ERR_NETWORK', /the connection was refused/));
	});
	it('the code is found deep in the cause chain or in an AggregateError, up to a limit', async () => {
		const deep = new TypeError('fetch failed', { cause: new Error('outer', { cause: Object.assign(new Error('inner'), { code: 'ENOTFOUND' }) }) });
		await assert.rejects(sendTokenRequest(req(), opts(failing(deep))), code('ERR_NETWORK', /\(ENOTFOUND\)/));
		const agg = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNRESET' })]) });
		await assert.rejects(sendTokenRequest(req(), opts(failing(agg))), code('ERR_NETWORK', /\(ECONNRESET\)/));
		let e: Error = Object.assign(new Error('bottom'), { code: 'ENOTFOUND' });
		for (let i = 0; i < 8; i++) {
			e = new Error(`level ${i}`, { cause: e });
		}
		await assert.rejects(sendTokenRequest(req(), opts(failing(e))), (x: unknown) => code('ERR_NETWORK')(x) && !/ENOTFOUND/.test((x as Error).message));
	});
	it('without a code: the first message that says something, or "the request failed"', async () => {
		await assert.rejects(sendTokenRequest(req(), opts(failing(new TypeError('fetch failed', { cause: new Error('socket hang up') })))), code('ERR_NETWORK', /^Could not reach the token endpoint at login\.example\.test: socket hang up; check the URL and the network\.$/));
		await assert.rejects(sendTokenRequest(req(), opts(failing(new TypeError('fetch failed')))), code('ERR_NETWORK', /: the request failed; check the URL/));
		await assert.rejects(sendTokenRequest(req(), opts(failing('a string'))), code('ERR_NETWORK', /the request failed/));
		await assert.rejects(sendTokenRequest(req('not a url'), opts(failing(new Error('bad')))), code('ERR_NETWORK', /at not a url: bad;/));
	});
	it('a failure after the status line: the answer was cut off, with the status and code', async () => {
		const body = new ReadableStream<Uint8Array>({
			start(c) {
				c.enqueue(new TextEncoder().encode('{"access'));
				c.error(Object.assign(new Error('terminated'), { code: 'UND_ERR_SOCKET' }));
			},
		});
		await assert.rejects(sendTokenRequest(req(), opts(answering(body, { status: 200 }))), code('ERR_NETWORK', /connection to login\.example\.test was closed in the middle of its answer \(HTTP 200, UND_ERR_SOCKET\)/));
	});
});

describe('token send: answers', () => {
	it('JSON with tokens: status, lower-cased headers, duration from the clock, tokens in order', async () => {
		let t = 100;
		const body = JSON.stringify({ token_type: 'Bearer', refresh_token: '0.AAA', id_token: JWT, access_token: JWT });
		const r = await sendTokenRequest(req(), { fetch: answering(body, { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Ms-Request-Id': 'rid' } }), clock: () => (t += 25) });
		assert.equal(r.status, 200);
		assert.equal(r.ok, true);
		assert.equal(r.durationMs, 25);
		assert.equal(r.headers['x-ms-request-id'], 'rid');
		assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
		assert.equal(r.bodyText, body);
		assert.deepEqual(r.tokens.map((x) => [x.name, x.jwt]), [['access_token', true], ['id_token', true], ['refresh_token', false]]);
		assert.equal(r.problem, undefined);
	});
	it('an error answer is a response, with ok false and its JSON', async () => {
		const r = await sendTokenRequest(req(), opts(answering('{"error":"invalid_client","error_codes":[700027]}', { status: 401, headers: { 'content-type': 'application/json' } })));
		assert.equal(r.ok, false);
		assert.deepEqual(r.json, { error: 'invalid_client', error_codes: [700027] });
		assert.deepEqual(r.tokens, []);
		assert.equal(r.problem, undefined);
	});
	it('answers that are not a token endpoint\'s JSON: one sentence saying what came instead', async () => {
		const cases: [Body, ResponseInit, RegExp][] = [
			['', { status: 502 }, /^HTTP 502 with an empty body: a token endpoint always answers with JSON/],
			['  ', { status: 200 }, /^HTTP 200 with an empty body/],
			['<p>hi</p>', { status: 500, headers: { 'content-type': 'text/html' } }, /^HTTP 500 with an HTML page instead of JSON/],
			['<!DOCTYPE html><html></html>', { status: 200, headers: { 'content-type': 'text/plain' } }, /HTML page/],
			['  <HTML>', { status: 200 }, /HTML page/],
			['{"access_token": "cut', { status: 200, headers: { 'content-type': 'application/json' } }, /^HTTP 200 with a body that claims to be JSON but it does not parse \(/],
			['[1, 2]', { status: 200 }, /claims to be JSON but it is not a JSON object/],
			['null', { status: 200, headers: { 'content-type': 'application/json' } }, /claims to be JSON but it is not a JSON object/],
			['plain words', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } }, /^HTTP 403 with a text\/plain body instead of JSON/],
			[new TextEncoder().encode('plain words'), { status: 403 }, /^HTTP 403 with an untyped body instead of JSON/],
		];
		for (const [body, init, want] of cases) {
			const r = await sendTokenRequest(req(), opts(answering(body, init)));
			assert.match(r.problem ?? '', want, String(body));
			assert.equal(r.json, undefined);
		}
	});
	it('a redirect with an empty body is not called a problem (it is not followed either)', async () => {
		const r = await sendTokenRequest(req(), opts(answering(null, { status: 302, headers: { location: 'https://elsewhere.test/' } })));
		assert.equal(r.status, 302);
		assert.equal(r.problem, undefined);
		const notModified = await sendTokenRequest(req(), opts(answering('', { status: 399 })));
		assert.equal(notModified.problem, undefined);
		const bad = await sendTokenRequest(req(), opts(answering('', { status: 400 })));
		assert.match(bad.problem ?? '', /empty body/);
	});
	it('an answer over the bound is refused naming the URL, the status and the size', async () => {
		await assert.rejects(sendTokenRequest(req(), opts(answering(new Uint8Array(MAX_RESPONSE_BYTES + 1), { status: 200 }))), code('ERR_HTTP', /The answer from https:\/\/login\.example\.test\/t\/oauth2\/v2\.0\/token \(HTTP 200\) is larger than 4 MB/));
		const exact = await sendTokenRequest(req(), opts(answering(new Uint8Array(MAX_RESPONSE_BYTES).fill(0x20), { status: 200 })));
		assert.equal(exact.bodyText.length, MAX_RESPONSE_BYTES);
	});
	it('the timeout must be a positive number', async () => {
		for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
			await assert.rejects(sendTokenRequest(req(), opts(answering('{}'), { timeoutMs })), code('ERR_INVALID_OPTION', /timeout .* ms is not a positive number/), String(timeoutMs));
		}
	});
	it('a timeout before the answer names the URL and the seconds', async () => {
		const hang: SendOptions['fetch'] = () => new Promise(() => undefined);
		await assert.rejects(sendTokenRequest(req(), opts(hang, { timeoutMs: 30 })), code('ERR_TIMEOUT', /^The token endpoint https:\/\/login\.example\.test\/t\/oauth2\/v2\.0\/token did not answer within 0\.03 s/));
	});
});

describe('token send: tokens in an answer', () => {
	it('only non-empty strings, JWTs recognised by decoding', () => {
		assert.deepEqual(tokensInJson(undefined), []);
		assert.deepEqual(tokensInJson({ access_token: '', id_token: 5, refresh_token: null }), []);
		assert.deepEqual(tokensInJson({ access_token: 'a.b.c' }), [{ name: 'access_token', value: 'a.b.c', jwt: false }]);
		assert.deepEqual(tokensInJson({ access_token: `${JWT}.extra` }), [{ name: 'access_token', value: `${JWT}.extra`, jwt: false }]);
		assert.deepEqual(tokensInJson({ refresh_token: JWT, other_token: JWT }), [{ name: 'refresh_token', value: JWT, jwt: true }]);
	});
});

describe('token send: more of what a user is told', () => {
	const stream = (...parts: (string | Error)[]) =>
		new ReadableStream<Uint8Array>({
			start(c) {
				for (const p of parts) {
					if (typeof p === 'string') {
						c.enqueue(new TextEncoder().encode(p));
					} else {
						c.error(p);
					}
				}
			},
		});

	it('a network failure keeps the original error as its cause (shown with DEBUG=1)', async () => {
		const original = withCode('ECONNRESET');
		await assert.rejects(sendTokenRequest(req(), opts(failing(original))), (e: unknown) => code('ERR_NETWORK')(e) && (e as Error).cause === original);
		const cut = Object.assign(new Error('terminated'), { code: 'UND_ERR_SOCKET' });
		await assert.rejects(sendTokenRequest(req(), opts(answering(stream('{"a', cut), { status: 200 }))), (e: unknown) => code('ERR_NETWORK', /in the middle of its answer/)(e) && (e as Error).cause === cut);
	});

	it('an answer cut off without a low-level code names the status only', async () => {
		await assert.rejects(sendTokenRequest(req(), opts(answering(stream('{"a', new Error('boom')), { status: 502 }))), code('ERR_NETWORK', /closed in the middle of its answer \(HTTP 502\); send again/));
	});

	it('an answer cut off from a URL the kit cannot parse (a fetch double) names the URL as given', async () => {
		await assert.rejects(sendTokenRequest(req('not a url'), opts(answering(stream('x', new Error('boom')), { status: 200 }))), code('ERR_NETWORK', /^The connection to not a url was closed/));
	});

	it('a numeric code (an HTTP status on a library error) is not a network code: the string code below it is used', async () => {
		const e = Object.assign(new Error('request failed'), { code: 503, cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });
		await assert.rejects(sendTokenRequest(req(), opts(failing(e))), code('ERR_NETWORK', /\(ECONNRESET\): the connection was closed before an answer came/));
		const empty = Object.assign(new Error(''), { code: '', cause: new Error('getaddrinfo failed') });
		await assert.rejects(sendTokenRequest(req(), opts(failing(empty))), code('ERR_NETWORK', /example\.test: getaddrinfo failed; check the URL/));
		const odd = { message: 42, cause: new Error('the real reason') };
		await assert.rejects(sendTokenRequest(req(), opts(failing(odd))), code('ERR_NETWORK', /: the real reason; check the URL/));
	});

	it('a cause chain that loops ends (no hang), with the message found', async () => {
		const e = new Error('looping') as Error & { cause?: unknown };
		e.cause = e;
		await assert.rejects(sendTokenRequest(req(), opts(failing(e))), code('ERR_NETWORK', /: looping; check the URL/));
	});

	it('a timeout keeps the abort as its cause', async () => {
		const hang: SendOptions['fetch'] = () => new Promise(() => undefined);
		await assert.rejects(sendTokenRequest(req(), opts(hang, { timeoutMs: 20 })), (e: unknown) => code('ERR_TIMEOUT')(e) && ((e as Error).cause as { name?: string } | undefined)?.name === 'AbortError');
	});

	it("a caller's signal that is already aborted stops a fetch that ignores it, at once", async () => {
		const hang: SendOptions['fetch'] = () => new Promise(() => undefined);
		const controller = new AbortController();
		controller.abort(new Error('user cancelled'));
		const started = Date.now();
		await assert.rejects(sendTokenRequest(req(), opts(hang, { signal: controller.signal, timeoutMs: 5000 })), /user cancelled/);
		assert.ok(Date.now() - started < 2000);
	});

	it('once the answer is in, nothing is left behind: the timer is cleared and no abort listener stays on the signal', async () => {
		let seen: AbortSignal | undefined;
		const fetch: SendOptions['fetch'] = async (_url, init) => {
			seen = init?.signal ?? undefined;
			return new Response('{"access_token":"x"}', { status: 200 });
		};
		await sendTokenRequest(req(), opts(fetch, { timeoutMs: 30 }));
		assert.ok(seen);
		assert.equal(EventEmitter.getEventListeners(seen, 'abort').length, 0);
		await new Promise((r) => setTimeout(r, 80));
		assert.equal(seen.aborted, false, 'the request timer fired after the answer');
		const caller = new AbortController();
		await sendTokenRequest(req(), opts(fetch, { signal: caller.signal }));
		assert.equal(EventEmitter.getEventListeners(seen, 'abort').length, 0);
	});

	it('JSON answers with white space around them are read; a JSON string or number is not an answer', async () => {
		const r = await sendTokenRequest(req(), opts(answering('\r\n  {"access_token":"abc"}\n', { status: 200, headers: { 'content-type': 'application/json' } })));
		assert.deepEqual(r.json, { access_token: 'abc' });
		assert.deepEqual(r.tokens, [{ name: 'access_token', value: 'abc', jwt: false }]);
		for (const body of ['"just a string"', '42', 'true']) {
			const x = await sendTokenRequest(req(), opts(answering(body, { status: 200, headers: { 'content-type': 'application/json' } })));
			assert.equal(x.json, undefined, body);
			assert.match(x.problem ?? '', /claims to be JSON but it is not a JSON object/, body);
		}
	});

	it('what came instead of JSON is named from the content type (trimmed) or from the body itself', async () => {
		const plain = await sendTokenRequest(req(), opts(answering('Forbidden', { status: 403, headers: { 'content-type': 'text/plain ; charset=utf-8' } })));
		assert.match(plain.problem ?? '', /^HTTP 403 with a text\/plain body instead of JSON/);
		const words = await sendTokenRequest(req(), opts(answering('see <html> for details', { status: 403, headers: { 'content-type': 'text/plain' } })));
		assert.match(words.problem ?? '', /^HTTP 403 with a text\/plain body/);
		const untypedJson = await sendTokenRequest(req(), opts(answering(new TextEncoder().encode('{"access_token": "cut'), { status: 200 })));
		assert.match(untypedJson.problem ?? '', /claims to be JSON but it does not parse/);
		const multipleChoices = await sendTokenRequest(req(), opts(answering(null, { status: 300 })));
		assert.equal(multipleChoices.problem, undefined);
	});

	it('a fetch double that gives text without a body stream is held to the same bound', async () => {
		const fake = (text: string): SendOptions['fetch'] => async () => ({ status: 200, ok: true, body: null, headers: new Headers(), text: async () => text }) as unknown as Response;
		const small = await sendTokenRequest(req(), opts(fake('{"access_token":"t"}')));
		assert.deepEqual(small.json, { access_token: 't' });
		const exact = await sendTokenRequest(req(), opts(fake(' '.repeat(MAX_RESPONSE_BYTES))));
		assert.equal(exact.bodyText.length, MAX_RESPONSE_BYTES);
		await assert.rejects(sendTokenRequest(req(), opts(fake('é'.repeat(MAX_RESPONSE_BYTES / 2 + 1)))), code('ERR_HTTP', /larger than 4 MB/));
	});

	it('a JWT in the answer is recognised with or without decorations; other dotted values are not', () => {
		assert.deepEqual(tokensInJson({ access_token: 'x.y' }).map((t) => t.jwt), [false]);
		assert.deepEqual(tokensInJson({ id_token: `${JWT}.${JWT}` }).map((t) => t.jwt), [false]);
		assert.deepEqual(tokensInJson({ id_token: JWT }).map((t) => t.jwt), [true]);
	});
});
