/**
 * Graph requests and answers (src/core/graph/requests.ts): the URL, method, headers and JSON body of each request as
 * the Graph v1.0 reference gives them, the refusals of IDs and tokens, reading Graph's error body and application
 * JSON, and sending through a fetch double: HTTP errors as answers, network failures and timeouts as errors naming the
 * host, an oversized answer refused.
 */
import assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import {
	existingEntryForPatch,
	getApplicationRequest,
	graphBaseUrl,
	graphError,
	ownedApplicationsRequest,
	parseApplication,
	parseApplicationList,
	parseKeyCredential,
	patchKeyCredentialsRequest,
	removeKeyRequest,
	sendGraphRequest,
} from '../../../src/core/graph/requests';
import type { GraphApplication, GraphFetch, GraphRequest } from '../../../src/core/graph/types';

const OBJ = '0F1E2D3C-4B5A-4978-8695-A4B3C2D1E0F9';
const APPID = '11112222-3333-4444-8555-666677778888';
const KEY1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const KEY2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));
const app = (keys = [{ keyId: KEY1, type: 'AsymmetricX509Cert', usage: 'Verify', displayName: 'CN=one', customKeyIdentifier: 'abc', startDateTime: 's', endDateTime: 'e', key: 'TUlJ' }, { keyId: KEY2, type: 'AsymmetricX509Cert', usage: 'Verify' }]): GraphApplication => ({ id: OBJ, appId: APPID, displayName: 'Orders', keyCredentials: keys });

describe('graph requests: building', () => {
	it('Graph roots per cloud', () => {
		assert.equal(graphBaseUrl(), 'https://graph.microsoft.com');
		assert.equal(graphBaseUrl('usgov'), 'https://graph.microsoft.us');
		assert.equal(graphBaseUrl('china'), 'https://microsoftgraph.chinacloudapi.cn');
	});

	it('GET one application by client ID, lower-cased, with the keyCredentials selected; the root may end in /v1.0/', () => {
		for (const base of ['https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://graph.microsoft.com/V1.0//']) {
			const r = getApplicationRequest({ baseUrl: base, appId: ` ${APPID.toUpperCase()} `, token: ' tok ' });
			assert.equal(r.method, 'GET');
			assert.equal(r.url, `https://graph.microsoft.com/v1.0/applications(appId='${APPID}')?$select=id,appId,displayName,keyCredentials`, base);
			assert.deepEqual(r.headers, { Authorization: 'Bearer tok', Accept: 'application/json' });
			assert.equal(r.body, undefined);
			assert.match(r.summary, new RegExp(APPID));
		}
	});

	it('GET owned applications', () => {
		const r = ownedApplicationsRequest({ baseUrl: 'http://127.0.0.1:5000/', token: 't' });
		assert.equal(r.url, 'http://127.0.0.1:5000/v1.0/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName');
		assert.equal(r.method, 'GET');
	});

	it('a token that is empty or has spaces (a "Bearer " prefix) is refused', () => {
		for (const token of ['', '   ', 'Bearer abc', 'a b']) {
			assert.throws(() => ownedApplicationsRequest({ baseUrl: 'https://graph.microsoft.com', token }), code('ERR_INVALID_OPTION', /no "Bearer " prefix/), JSON.stringify(token));
		}
	});

	it('IDs that are not GUIDs are refused, each with its own advice', () => {
		assert.throws(() => getApplicationRequest({ baseUrl: 'https://g', appId: 'my-app', token: 't' }), code('ERR_INVALID_OPTION', /application \(client\) ID 'my-app' is not a GUID/, /"Application \(client\) ID"/));
		assert.throws(() => patchKeyCredentialsRequest({ baseUrl: 'https://g', app: { ...app(), id: 'x' }, token: 't' }), code('ERR_INVALID_OPTION', /object ID 'x'/, /not its client ID/));
		assert.throws(() => removeKeyRequest({ baseUrl: 'https://g', app: app(), token: 't', keyId: 'k', proof: 'p' }), code('ERR_INVALID_OPTION', /keyId 'k'/, /entra-cert app show/));
	});

	it('an existing entry goes back without its key, with what Graph reported (nulls kept)', () => {
		assert.deepEqual(existingEntryForPatch(app().keyCredentials[0]), { keyId: KEY1, type: 'AsymmetricX509Cert', usage: 'Verify', displayName: 'CN=one', customKeyIdentifier: 'abc', startDateTime: 's', endDateTime: 'e' });
		assert.deepEqual(existingEntryForPatch({ keyId: KEY2, type: 't', usage: 'u', displayName: null }), { keyId: KEY2, type: 't', usage: 'u', displayName: null });
	});

	it('PATCH: every kept key by keyId, minus the removed (any case), plus the added; JSON content type', () => {
		const add = { keyId: 'new', displayName: 'CN=new', key: 'TUlJ', type: 'AsymmetricX509Cert', usage: 'Verify' };
		const r = patchKeyCredentialsRequest({ baseUrl: 'https://graph.microsoft.com', app: app(), token: 't', add, removeKeyIds: [KEY2.toUpperCase()] });
		assert.equal(r.method, 'PATCH');
		assert.equal(r.url, `https://graph.microsoft.com/v1.0/applications/${OBJ.toLowerCase()}`);
		assert.deepEqual(r.headers, { Authorization: 'Bearer t', Accept: 'application/json', 'Content-Type': 'application/json' });
		assert.deepEqual(JSON.parse(r.body ?? ''), { keyCredentials: [existingEntryForPatch(app().keyCredentials[0]), add] });
		assert.equal(r.summary, `Update the keyCredentials of 'Orders' (${APPID}): add 'CN=new'; remove ${KEY2}; keep 1 existing key.`);
		const keepAll = patchKeyCredentialsRequest({ baseUrl: 'https://graph.microsoft.com', app: app(), token: 't' });
		assert.equal(keepAll.summary, `Update the keyCredentials of 'Orders' (${APPID}): keep 2 existing keys.`);
		assert.equal(JSON.parse(keepAll.body ?? '').keyCredentials.length, 2);
		const byId = patchKeyCredentialsRequest({ baseUrl: 'https://graph.microsoft.com', app: app([]), token: 't', add: { keyId: 'kid-only' } });
		assert.match(byId.summary, /add 'kid-only'; keep 0 existing keys\.$/);
	});

	it('removeKey: keyId (lower case) and proof in the body', () => {
		const r = removeKeyRequest({ baseUrl: 'https://graph.microsoft.com', app: app(), token: 't', keyId: KEY1.toUpperCase(), proof: 'p.r.f' });
		assert.equal(r.method, 'POST');
		assert.equal(r.url, `https://graph.microsoft.com/v1.0/applications/${OBJ.toLowerCase()}/removeKey`);
		assert.deepEqual(JSON.parse(r.body ?? ''), { keyId: KEY1, proof: 'p.r.f' });
		assert.equal(r.headers['Content-Type'], 'application/json');
		assert.match(r.summary, new RegExp(`Remove key ${KEY1} from 'Orders' \\(${APPID}\\) with removeKey`));
	});
});

describe('graph requests: reading answers', () => {
	it('Graph\'s error body: code, message, request-id and date (innerError in either case)', () => {
		assert.deepEqual(graphError({ error: { code: 'Request_BadRequest', message: 'Bad', innerError: { 'request-id': 'r1', date: 'd1' } } }), { code: 'Request_BadRequest', message: 'Bad', requestId: 'r1', date: 'd1' });
		assert.deepEqual(graphError({ error: { code: 'X', message: 'm', innererror: { 'request-id': 'r2' } } }), { code: 'X', message: 'm', requestId: 'r2' });
		assert.deepEqual(graphError({ error: { code: 5, message: null, innerError: { 'request-id': 7 } } }), { code: 'unknown', message: '' });
		for (const j of [undefined, null, 'x', [], { error: 'x' }, { error: null }, { error: [] }]) {
			assert.equal(graphError(j), undefined, JSON.stringify(j));
		}
	});

	it('an application: keys read, non-keys left out, missing strings undefined, nulls kept; displayName falls back to appId', () => {
		const a = parseApplication({ id: OBJ, appId: APPID, keyCredentials: [{ keyId: KEY1, type: 'AsymmetricX509Cert', usage: 'Verify', displayName: null, key: null, startDateTime: 5 }, { nokey: 1 }, null, 'x', { keyId: 7 }] });
		assert.equal(a.displayName, APPID);
		assert.deepEqual(a.keyCredentials, [{ keyId: KEY1, type: 'AsymmetricX509Cert', usage: 'Verify', displayName: null, customKeyIdentifier: undefined, startDateTime: undefined, endDateTime: undefined, key: null }]);
		assert.deepEqual(parseApplication({ id: OBJ, appId: APPID, displayName: 'D', keyCredentials: 'no' }).keyCredentials, []);
		assert.equal(parseApplication({ id: OBJ, appId: APPID, displayName: 'D' }).displayName, 'D');
		assert.deepEqual(parseKeyCredential({ keyId: KEY1 }), { keyId: KEY1, type: '', usage: '', displayName: undefined, customKeyIdentifier: undefined, startDateTime: undefined, endDateTime: undefined, key: undefined });
	});

	it('answers that are not applications or keys are refused', () => {
		for (const j of [null, [], { id: OBJ }, { appId: APPID }, { id: 1, appId: APPID }]) {
			assert.throws(() => parseApplication(j), code('ERR_HTTP', /not a Microsoft Graph application/), JSON.stringify(j));
		}
		assert.throws(() => parseKeyCredential({ type: 'x' }), code('ERR_HTTP', /not a keyCredential/));
		assert.throws(() => parseKeyCredential([{ keyId: 'x' }]), code('ERR_HTTP'));
	});

	it('a list of applications: entries without id and appId left out', () => {
		assert.deepEqual(parseApplicationList({ value: [{ id: 'a', appId: 'b', displayName: 'C' }, { id: 'd', appId: 'e' }, { id: 'f' }, null, 'x'] }), [
			{ id: 'a', appId: 'b', displayName: 'C' },
			{ id: 'd', appId: 'e', displayName: 'e' },
		]);
		assert.deepEqual(parseApplicationList({ value: 'x' }), []);
		assert.deepEqual(parseApplicationList(null), []);
	});
});

describe('graph requests: sending', () => {
	const req: GraphRequest = { method: 'PATCH', url: 'https://graph.example.test/v1.0/applications/x', headers: { Authorization: 'Bearer t' }, body: '{"a":1}', summary: 's' };
	const answer = (status: number, body: string | null, init: ResponseInit = {}): GraphFetch => async () => new Response(body, { status, ...init });

	it('passes method, headers, body, no redirects and a signal to fetch', async () => {
		let seen: Parameters<GraphFetch> | undefined;
		const f: GraphFetch = async (...args) => {
			seen = args;
			return new Response(null, { status: 204 });
		};
		const r = await sendGraphRequest(req, { fetch: f });
		assert.deepEqual(r, { status: 204, ok: true, bodyText: '' });
		assert.equal(seen?.[0], req.url);
		assert.equal(seen?.[1].method, 'PATCH');
		assert.equal(seen?.[1].body, '{"a":1}');
		assert.equal(seen?.[1].redirect, 'manual');
		assert.deepEqual(seen?.[1].headers, req.headers);
		assert.ok(seen?.[1].signal instanceof AbortSignal);
	});

	it('JSON answers are parsed; an error answer carries Graph\'s error; text that is not JSON is kept as text', async () => {
		const ok = await sendGraphRequest(req, { fetch: answer(200, '{"id":"x"}') });
		assert.deepEqual(ok, { status: 200, ok: true, bodyText: '{"id":"x"}', json: { id: 'x' } });
		const bad = await sendGraphRequest(req, { fetch: answer(403, '{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges"}}') });
		assert.equal(bad.ok, false);
		assert.deepEqual(bad.error, { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' });
		const html = await sendGraphRequest(req, { fetch: answer(502, '<html>gateway</html>') });
		assert.deepEqual(html, { status: 502, ok: false, bodyText: '<html>gateway</html>' });
		const blank = await sendGraphRequest(req, { fetch: answer(200, '  \n') });
		assert.equal('json' in blank, false);
		// a success body with an "error" member is not an error
		assert.equal('error' in (await sendGraphRequest(req, { fetch: answer(200, '{"error":{"code":"x"}}') })), false);
	});

	it('an answer over 4 MB is refused, not read', async () => {
		const big = new Uint8Array(4 * 1024 * 1024 + 1);
		await assert.rejects(sendGraphRequest(req, { fetch: answer(200, big as unknown as string) }), code('ERR_HTTP', /larger than 4 MB/, /HTTP 200/));
		const exact = new Uint8Array(4 * 1024 * 1024).fill(0x20);
		assert.equal((await sendGraphRequest(req, { fetch: answer(200, exact as unknown as string) })).bodyText.length, 4 * 1024 * 1024);
	});

	it('network failures name the host and, when refused, the sandbox', async () => {
		const refused: GraphFetch = async () => {
			throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
		};
		await assert.rejects(sendGraphRequest(req, { fetch: refused }), code('ERR_NETWORK', /Could not reach Microsoft Graph at graph\.example\.test \(ECONNREFUSED\): nothing listens there; is the sandbox running\?/));
		const dns: GraphFetch = async () => {
			throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
		};
		await assert.rejects(sendGraphRequest(req, { fetch: dns }), code('ERR_NETWORK', /\(ENOTFOUND\): check the URL, the network and the proxy settings/));
		const plain: GraphFetch = async () => {
			throw new Error('boom');
		};
		await assert.rejects(sendGraphRequest(req, { fetch: plain }), code('ERR_NETWORK', /at graph\.example\.test: check the URL/));
		await assert.rejects(sendGraphRequest({ ...req, url: 'not a url' }, { fetch: plain }), code('ERR_NETWORK', /at not a url:/));
	});

	it('a timeout is ERR_TIMEOUT with the seconds; the caller\'s own abort is passed through', async () => {
		const hang: GraphFetch = (_url, init) =>
			new Promise((_, reject) => {
				init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
			});
		await assert.rejects(sendGraphRequest(req, { fetch: hang, timeoutMs: 50 }), code('ERR_TIMEOUT', /graph\.example\.test did not answer within 0\.05 s/));
		const ac = new AbortController();
		const p = sendGraphRequest(req, { fetch: hang, signal: ac.signal, timeoutMs: 10_000 });
		ac.abort(new Error('user cancelled'));
		await assert.rejects(p, (e: unknown) => !(e instanceof CoreError) && (e as Error).message === 'user cancelled');
	});
});
