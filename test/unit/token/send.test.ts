/**
 * sendTokenRequest against real node:http servers on 127.0.0.1 (Node's own fetch, no mocks of the network).
 */
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreError } from '../../../src/core/errors';
import { buildTokenRequest } from '../../../src/core/token/request';
import { sendTokenRequest } from '../../../src/core/token/send';
import type { TokenRequest } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';

function jwt(header: object, payload: object): string {
	return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
}

interface Received {
	method?: string;
	url?: string;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, received: Received) => void;

async function listen(handler: Handler): Promise<{ server: Server; baseUrl: string; received: Received[] }> {
	const received: Received[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const r: Received = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			received.push(r);
			handler(req, res, r);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { server, baseUrl: `http://127.0.0.1:${port}`, received };
}

async function close(server: Server): Promise<void> {
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

function request(baseUrl: string): TokenRequest {
	return buildTokenRequest({
		target: { kind: 'sandbox', baseUrl, tenant: TENANT },
		flow: 'client_credentials',
		clientId: CLIENT,
		scopes: ['api://backend/.default'],
		credential: { kind: 'secret', secret: 'not-a-real-secret' },
	});
}

/** A clock that advances by the given steps, so durationMs is known exactly. */
function steppingClock(...values: number[]): () => number {
	let i = 0;
	return () => values[Math.min(i++, values.length - 1)];
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
	try {
		await p;
	} catch (e) {
		return e;
	}
	assert.fail('expected the promise to reject');
}

describe('sendTokenRequest', function () {
	this.timeout(10000);
	const servers: Server[] = [];
	after(async () => {
		await Promise.all(servers.map(close));
	});
	async function serve(handler: Handler) {
		const s = await listen(handler);
		servers.push(s.server);
		return s;
	}

	it('posts the form body and reads a 200 JSON answer with its tokens', async () => {
		const access = jwt({ alg: 'RS256', typ: 'JWT', kid: 'k1' }, { aud: 'api://backend', roles: ['Data.Read'] });
		const id = jwt({ alg: 'RS256', typ: 'JWT' }, { sub: 'x' });
		const { baseUrl, received } = await serve((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Ms-Request-Id': 'req-1' });
			res.end(JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: access, id_token: id, refresh_token: '0.AAAA-opaque.refresh' }));
		});
		const req = request(baseUrl);
		const res = await sendTokenRequest(req, { fetch, clock: steppingClock(1000, 1042.5) });
		assert.equal(received.length, 1);
		assert.equal(received[0].method, 'POST');
		assert.equal(received[0].url, `/${TENANT}/oauth2/v2.0/token`);
		assert.equal(received[0].headers['content-type'], 'application/x-www-form-urlencoded');
		assert.equal(received[0].headers.accept, 'application/json');
		assert.deepEqual([...new URLSearchParams(received[0].body)], req.params);

		assert.equal(res.status, 200);
		assert.equal(res.ok, true);
		assert.equal(res.durationMs, 42.5);
		assert.equal(res.headers['x-ms-request-id'], 'req-1');
		assert.ok(Object.keys(res.headers).every((k) => k === k.toLowerCase()));
		assert.equal(res.json?.expires_in, 3599);
		assert.deepEqual(res.tokens, [
			{ name: 'access_token', value: access, jwt: true },
			{ name: 'id_token', value: id, jwt: true },
			{ name: 'refresh_token', value: '0.AAAA-opaque.refresh', jwt: false },
		]);
	});

	it('keeps a 400 AADSTS error as a response, not an exception', async () => {
		const error = { error: 'invalid_client', error_description: "AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. Thumbprint of key used by client: 'ABC'", error_codes: [700027], trace_id: 't', correlation_id: 'c' };
		const { baseUrl } = await serve((_req, res) => {
			res.writeHead(400, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(error));
		});
		const res = await sendTokenRequest(request(baseUrl), { fetch, clock: steppingClock(0, 5) });
		assert.equal(res.status, 400);
		assert.equal(res.ok, false);
		assert.deepEqual(res.json, error);
		assert.deepEqual(res.tokens, []);
	});

	it('keeps an HTML body as text (no json, no throw)', async () => {
		const html = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
		const { baseUrl } = await serve((_req, res) => {
			res.writeHead(502, { 'Content-Type': 'text/html' });
			res.end(html);
		});
		const res = await sendTokenRequest(request(baseUrl), { fetch, clock: steppingClock(0, 1) });
		assert.equal(res.status, 502);
		assert.equal(res.bodyText, html);
		assert.equal(res.json, undefined);
		assert.equal(res.headers['content-type'], 'text/html');
	});

	it('does not follow a redirect (the secret is not posted on)', async () => {
		const { baseUrl, received } = await serve((req, res) => {
			if (req.url?.endsWith('/token')) {
				res.writeHead(307, { Location: '/elsewhere' });
				res.end();
			} else {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{}');
			}
		});
		const res = await sendTokenRequest(request(baseUrl), { fetch, clock: steppingClock(0, 1) });
		assert.equal(res.status, 307);
		assert.equal(res.headers.location, '/elsewhere');
		assert.deepEqual(received.map((r) => r.url), [`/${TENANT}/oauth2/v2.0/token`]);
	});

	it('a closed port is ERR_NETWORK naming the host, ECONNREFUSED and the sandbox', async () => {
		const { server, baseUrl } = await listen(() => undefined);
		await close(server);
		const e = await rejection(sendTokenRequest(request(baseUrl), { fetch, clock: () => 0 }));
		assert.ok(e instanceof CoreError, String(e));
		assert.equal(e.code, 'ERR_NETWORK');
		assert.ok(e.message.includes(new URL(baseUrl).host), e.message);
		assert.match(e.message, /ECONNREFUSED.*is the sandbox running\?/);
	});

	it('a server that never answers is ERR_TIMEOUT naming the URL and the setting', async () => {
		const { baseUrl } = await serve(() => undefined);
		const req = request(baseUrl);
		const started = Date.now();
		const e = await rejection(sendTokenRequest(req, { fetch, clock: () => 0, timeoutMs: 150 }));
		assert.ok(Date.now() - started < 3000);
		assert.ok(e instanceof CoreError, String(e));
		assert.equal(e.code, 'ERR_TIMEOUT');
		assert.equal(e.message, `The token endpoint ${req.url} did not answer within 0.15 s; check the network or raise entraCert.request.timeoutSeconds.`);
	});

	it('times out even when the injected fetch ignores its signal', async () => {
		const hanging = (() => new Promise<Response>(() => undefined)) as typeof fetch;
		const e = await rejection(sendTokenRequest(request('http://127.0.0.1:9'), { fetch: hanging, clock: () => 0, timeoutMs: 30 }));
		assert.ok(e instanceof CoreError && e.code === 'ERR_TIMEOUT', String(e));
	});

	it("the caller's abort rethrows the AbortError unchanged", async () => {
		const { baseUrl } = await serve(() => undefined);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 50);
		const e = await rejection(sendTokenRequest(request(baseUrl), { fetch, clock: () => 0, signal: controller.signal, timeoutMs: 5000 }));
		assert.ok(!(e instanceof CoreError));
		assert.equal((e as Error).name, 'AbortError');
		assert.equal(e, controller.signal.reason);
	});

	it('an already aborted signal rejects without sending', async () => {
		const { baseUrl, received } = await serve((_req, res) => res.end('{}'));
		const e = await rejection(sendTokenRequest(request(baseUrl), { fetch, clock: () => 0, signal: AbortSignal.abort() }));
		assert.equal((e as Error).name, 'AbortError');
		assert.equal(received.length, 0);
	});
});
