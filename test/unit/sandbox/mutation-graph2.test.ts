/**
 * The sandbox's emulated Microsoft Graph called directly (graphRoute and the password grant on a sandbox state, no
 * HTTP), second part: what mutation-graph.test.ts left open. The Bearer header's exact form, a token whose header
 * names another algorithm, the 403 and 404 texts (which scopes the token had, which apps the sandbox serves), a
 * PATCH that sends back what GET answered (key: null), keys outside their dates as proof signers, the answer's
 * headers, and the password grant's claims. Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { isGuid } from '../../../src/core/ids';
import { indexApps } from '../../../src/sandbox/apps';
import { graphPasswordGrant, graphRoute } from '../../../src/sandbox/graph';
import { seedGraphState } from '../../../src/sandbox/graphState';
import { SandboxError } from '../../../src/sandbox/errors';
import type { SandboxState } from '../../../src/sandbox/state';
import type { SandboxApp } from '../../../src/sandbox/types';
import { graphNonceTransform, signGraphStyleJwt } from '../../../src/sandbox/tokens';
import type { OpensslCert } from '../helpers/openssl';
import { cachedCert, cachedSigningKey } from './mutation-material';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const BASE = 'http://127.0.0.1:43123';
const ISSUER = `${BASE}/${TENANT}/v2.0`;
const APP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const OTHER = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
const OBJ = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const UNKNOWN = '11111111-2222-4333-8444-555555555555';
const AVERY = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };
const BLAKE = { oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02', name: 'Blake Sandbox', preferredUsername: 'blake@sandbox.entra-cert-kit.test' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read Graph's JSON field by field
type Json = Record<string, any>;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('sandbox emulated Graph (direct), part 2', function () {
	this.timeout(60000);
	let now = new Date(0);
	let state: SandboxState;
	let a: OpensslCert;
	let b: OpensslCert;
	let c: OpensslCert;
	const bare = (appId: string, displayName: string, certificates: Uint8Array[] = [], objectId?: string): SandboxApp => ({ appId, displayName, certificates, secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [], ...(objectId ? { objectId } : {}) });
	const apps = () => [bare(APP, 'Graph app', [a.der], OBJ), bare(OTHER, 'Other app')];
	const stateFor = async (list: SandboxApp[]): Promise<SandboxState> => ({
		baseUrl: BASE, tenantId: TENANT, issuer: ISSUER, tokenEndpoint: `${BASE}/${TENANT}/oauth2/v2.0/token`,
		key: await cachedSigningKey('graph', new Date('2026-01-01T00:00:00Z')),
		index: indexApps(list), users: [AVERY, BLAKE], audiences: new Set(), codes: new Map(), redeemed: new Map(), refreshTokens: new Map(), skewSeconds: 300,
		graph: seedGraphState(list, TENANT, [AVERY.oid]),
	});

	before(() => {
		a = cachedCert('graph-direct-a');
		b = cachedCert('graph-direct-b');
		c = cachedCert('graph-direct-c');
		now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
	});
	beforeEach(async () => {
		state = await stateFor(apps());
	});

	const grant = (over: Record<string, string | undefined> = {}, at = now) => {
		const p = new URLSearchParams();
		for (const [k, v] of Object.entries({ grant_type: 'password', client_id: CLI, username: AVERY.preferredUsername, password: 'x', scope: 'https://graph.microsoft.com/.default', ...over })) {
			if (v !== undefined) {
				p.set(k, v);
			}
		}
		return graphPasswordGrant(state, p, at);
	};
	const userToken = (over: Record<string, string | undefined> = {}) => String(grant(over).access_token);
	const raw = (method: string, path: string, authorization: string | undefined, body?: unknown, at = now) =>
		graphRoute(state, { method, url: new URL(path, BASE), correlationId: 'corr-2', ...(authorization !== undefined ? { authorization } : {}) }, () => Promise.resolve(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)), at);
	const call = async (method: string, path: string, token: string, body?: unknown, at = now): Promise<{ status: number; json: Json; headers: Record<string, string>; body: string }> => {
		const r = await raw(method, path, `Bearer ${token}`, body, at);
		return { status: r.status, json: r.body ? (JSON.parse(r.body) as Json) : {}, headers: r.headers, body: r.body };
	};
	const fault = async (p: Promise<{ status: number; json: Json }>, status: number, code: string, message?: RegExp) => {
		const r = await p;
		assert.equal(r.status, status, JSON.stringify(r.json));
		assert.equal(r.json.error.code, code);
		if (message) {
			assert.match(r.json.error.message, message);
		}
		return r.json.error.message as string;
	};
	const graphStyle = (p: Json = {}) => signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: Math.floor(now.getTime() / 1000) + 600, idtyp: 'user', oid: AVERY.oid, scp: 'Application.ReadWrite.All', ...p });
	const proof = (m: OpensslCert, at = now) => {
		const s = Math.floor(at.getTime() / 1000);
		const input = `${b64({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(m.sha1Hex, 'hex').toString('base64url') })}.${b64({ aud: '00000002-0000-0000-c000-000000000000', iss: OBJ, nbf: s, exp: s + 600 })}`;
		return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(m.keyPem)).toString('base64url')}`;
	};
	const kc = (m: OpensslCert, over: Record<string, unknown> = {}) => ({ type: 'AsymmetricX509Cert', usage: 'Verify', key: m.der.toString('base64'), ...over });
	const app = `/v1.0/applications(appId='${APP}')`;
	const existing = () => state.graph.byAppId.get(APP)?.keys[0].keyId as string;
	const keysOf = (id = APP) => state.graph.byAppId.get(id)?.keys ?? [];

	describe('the Authorization header and the token', () => {
		it('Bearer (any case), one or more spaces, trailing spaces allowed; anything before Bearer or after the token is refused', async () => {
			const t = graphStyle();
			for (const ok of [`Bearer ${t}`, `bearer  ${t}`, `Bearer ${t} `]) {
				assert.equal((await raw('GET', app, ok)).status, 200, JSON.stringify(ok.slice(0, 10)));
			}
			for (const bad of [`NotBearer ${t}`, `Bearer ${t} extra`, `Bearer`]) {
				const r = await raw('GET', app, bad);
				assert.equal(r.status, 401);
				assert.match(r.body, /"code":"InvalidAuthenticationToken".*Access token is empty\./);
			}
		});

		it('a token signed with the sandbox key over the transformed nonce but whose header names another alg is refused', async () => {
			const nonce = 'n0nce-value';
			const header = (n: string) => ({ typ: 'JWT', nonce: n, alg: 'RS384', x5t: state.key.x5t, kid: state.key.kid });
			const body = b64({ aud: 'https://graph.microsoft.com', iss: ISSUER, exp: Math.floor(now.getTime() / 1000) + 600, idtyp: 'user', oid: AVERY.oid, scp: 'Application.ReadWrite.All' });
			const signature = sign('sha256', Buffer.from(`${b64(header(graphNonceTransform(nonce)))}.${body}`), state.key.privateKey).toString('base64url');
			await fault(call('GET', app, `${b64(header(nonce))}.${body}.${signature}`), 401, 'InvalidAuthenticationToken', /not issued for Graph by this sandbox/);
			// The same token with alg RS256 is the sandbox's own.
			const good = { ...header(nonce), alg: 'RS256' };
			const goodSig = sign('sha256', Buffer.from(`${b64({ ...good, nonce: graphNonceTransform(nonce) })}.${body}`), state.key.privateKey).toString('base64url');
			assert.equal((await call('GET', app, `${b64(good)}.${body}.${goodSig}`)).status, 200);
		});

		it('aud with several trailing slashes is still Graph', async () => {
			assert.equal((await call('GET', app, graphStyle({ aud: 'https://graph.microsoft.com//' }))).status, 200);
		});
	});

	describe('403 texts name what the token had', () => {
		it('reading: every scope of scp, space-separated; a blank scp counts as none', async () => {
			await fault(call('GET', app, graphStyle({ scp: 'User.Read Mail.Read' })), 403, 'Authorization_RequestDenied', /the token's scp \(User\.Read Mail\.Read\) has no Application\.Read\.All/);
			await fault(call('GET', app, graphStyle({ scp: '  ' })), 403, 'Authorization_RequestDenied', /the token's scp \(none\) has no/);
		});

		it('writing: the scopes the token had, or none', async () => {
			await fault(call('PATCH', app, graphStyle({ scp: 'User.Read Application.Read.All' }), { keyCredentials: [] }), 403, 'Authorization_RequestDenied', /the token's scp \(User\.Read Application\.Read\.All\) has no Application\.ReadWrite\.All/);
			await fault(call('PATCH', app, graphStyle({ scp: undefined }), { keyCredentials: [] }), 403, 'Authorization_RequestDenied', /the token's scp \(none\) has no Application\.ReadWrite\.All/);
		});

		it('an app-only token without appid or azp names no app', async () => {
			const appOnly = signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: Math.floor(now.getTime() / 1000) + 600, idtyp: 'app' });
			await fault(call('POST', `${app}/addKey`, appOnly, { keyCredential: kc(b), proof: proof(a) }), 403, 'Authorization_RequestDenied', /may roll only its own app's keys; this token is for ''\)/);
		});
	});

	describe('404 texts say which apps the sandbox serves', () => {
		it('by object id: "Resource \'{id}\'" (no appId word); the served apps listed by appId and name', async () => {
			const msg = await fault(call('GET', `/v1.0/applications/${UNKNOWN}`, userToken()), 404, 'Request_ResourceNotFound', new RegExp(`^Resource '${UNKNOWN}' does not exist`));
			assert.match(msg, new RegExp(`it serves the apps of the manifests it was started with: ${APP} \\(Graph app\\), ${OTHER} \\(Other app\\)\\)$`));
		});

		it('past five apps: the first five and how many more', async () => {
			const ids = Array.from({ length: 7 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);
			state = await stateFor(ids.map((id, i) => bare(id, `App ${i}`)));
			const msg = await fault(call('GET', `/v1.0/applications(appId='${UNKNOWN}')`, userToken()), 404, 'Request_ResourceNotFound');
			assert.match(msg, new RegExp(`started with: ${ids.slice(0, 5).map((id, i) => `${id} \\(App ${i}\\)`).join(', ')}, and 2 more\\)$`));
			assert.doesNotMatch(msg, /App 5/);
			// Exactly five: no "more".
			state = await stateFor(ids.slice(0, 5).map((id, i) => bare(id, `App ${i}`)));
			const five = await fault(call('GET', `/v1.0/applications(appId='${UNKNOWN}')`, userToken()), 404, 'Request_ResourceNotFound');
			assert.match(five, /\(App 4\)\)$/);
		});

		it('without apps: start it with --manifest', async () => {
			state = await stateFor([]);
			const msg = await fault(call('GET', `/v1.0/applications(appId='${UNKNOWN}')`, userToken()), 404, 'Request_ResourceNotFound');
			assert.match(msg, /it was started without app manifests; start it with --manifest FILE/);
		});
	});

	describe('reading', () => {
		it('a 200 answer is Graph JSON, not cached; a 204 has no body and no content type', async () => {
			const r = await call('GET', app, userToken());
			assert.match(r.headers['Content-Type'], /^application\/json;odata\.metadata=minimal/);
			assert.equal(r.headers['Cache-Control'], 'no-cache');
			const p = await call('PATCH', app, userToken(), { keyCredentials: [{ keyId: existing() }] });
			assert.equal(p.status, 204);
			assert.equal(p.body, '');
			assert.equal(p.headers['Content-Type'], undefined);
		});

		it('ownedObjects never carries key material, even with $select=keyCredentials', async () => {
			const owned = (await call('GET', '/v1.0/me/ownedObjects?$select=appId,keyCredentials', userToken())).json.value;
			assert.equal(owned[0].appId, APP);
			assert.equal(owned[0].keyCredentials.length, 1);
			assert.equal(owned[0].keyCredentials[0].key, null);
		});

		it('paths with trailing slashes are the same resource', async () => {
			assert.equal((await call('GET', '/v1.0/me//', userToken())).json.id, AVERY.oid);
			assert.equal((await call('GET', `${app}//`, userToken())).json.appId, APP);
		});

		it('other methods on an application: the note says GET and PATCH', async () => {
			await fault(call('PUT', app, userToken(), {}), 405, 'Request_BadRequest', /'PUT' is not allowed on an application\. \(Entra Cert Kit sandbox: it emulates GET and PATCH\)$/);
		});
	});

	describe('PATCH keyCredentials', () => {
		const patch = (keyCredentials: unknown, extra: Json = {}) => call('PATCH', app, userToken(), { keyCredentials, ...extra });

		it('sending back what GET answered (every key with key: null) keeps the keys', async () => {
			const got = (await call('GET', app, userToken())).json.keyCredentials as Json[];
			assert.equal(got[0].key, null);
			assert.equal((await patch([...got, kc(b)])).status, 204);
			assert.deepEqual(keysOf().map((k) => k.keyId).slice(0, 1), [got[0].keyId]);
			assert.equal(keysOf().length, 2);
		});

		it('refusals carry their explanation', async () => {
			const cases: [unknown, Json, RegExp][] = [
				[[], { tags: [] }, /^Property 'tags' is not supported .*changes keyCredentials only/],
				[undefined, {}, /^Invalid value specified for property 'keyCredentials' of resource 'Application'\.$/],
				[{}, {}, /^Invalid value specified for property 'keyCredentials' of resource 'Application'\.$/],
				[['x'], {}, /^Invalid value specified for property 'keyCredentials' of resource 'Application'\.$/],
				[[42], {}, /^Invalid value specified for property 'keyCredentials'/],
				[[{ keyId: UNKNOWN, key: null }], {}, new RegExp(`^Existing credential with KeyId '${UNKNOWN}' not found\\..*every existing key is sent back by its keyId`)],
				[[{ keyId: 'EXISTING' }, { keyId: 'EXISTING' }], {}, /is specified more than once\. \(Entra Cert Kit sandbox: each keyId may appear once\)$/],
				[[{ keyId: 'EXISTING', key: b.der.toString('base64') }], {}, /keyId [0-9a-f-]{36} was sent back with another certificate/],
				[[{ keyId: 'EXISTING' }, kc(a)], {}, /registered twice .*refuses a certificate already on the app/],
				[[kc(b, { key: '' })], {}, /property 'key'.*key must be base64 of the certificate's DER bytes/],
				[[kc(b, { key: '==' })], {}, /property 'key'.*key must be base64 of the certificate's DER bytes/],
				[[kc(b, { key: Buffer.from(`\n${b.certPem}`).toString('base64') })], {}, /key holds base64 of PEM text/],
				// What openssl x509 -text prints: a text dump, then the PEM. Node would read the PEM; the key must be DER.
				[[kc(b, { key: Buffer.from(`Certificate:\n    Data: ...\n${b.certPem}`).toString('base64') })], {}, /key is not a DER X\.509 certificate/],
			];
			for (const [keyCredentials, extra, message] of cases) {
				const list = Array.isArray(keyCredentials) ? keyCredentials.map((e: unknown) => (e && typeof e === 'object' && (e as Json).keyId === 'EXISTING' ? { ...(e as Json), keyId: existing() } : e)) : keyCredentials;
				const r = await call('PATCH', app, userToken(), { ...(list === undefined ? {} : { keyCredentials: list }), ...extra });
				await fault(Promise.resolve(r), 400, 'Request_BadRequest', message);
			}
			assert.equal(keysOf().length, 1, 'nothing changed');
		});

		it('a JSON body that is a number or a string is not a payload', async () => {
			for (const body of ['5', '"keyCredentials"', 'true']) {
				await fault(call('PATCH', app, userToken(), body), 400, 'Request_BadRequest', /^Unable to read JSON request payload\./);
			}
		});

		it('an end date up to one second past the certificate\'s notAfter is accepted, later is not', async () => {
			const notAfter = Date.parse(new X509Certificate(b.der).validTo);
			await fault(patch([{ keyId: existing() }, kc(b, { endDateTime: new Date(notAfter + 1001).toISOString() })]), 400, 'Request_BadRequest', /end date is invalid/);
			assert.equal((await patch([{ keyId: existing() }, kc(b, { endDateTime: new Date(notAfter + 1000).toISOString() })])).status, 204);
			assert.equal(keysOf()[1].endDateTime, new Date(notAfter + 1000).toISOString());
		});

		it('a keyId that is not text is not a crash', async () => {
			const r = await patch([{ keyId: existing() }, kc(b, { keyId: 5 })]);
			assert.ok(r.status < 500, String(r.status));
		});
	});

	describe('proofs: which keys may sign one', () => {
		it('a key whose startDateTime is still ahead cannot sign a proof yet; from its start it can', async () => {
			const start = new Date(now.getTime() + 60_000);
			assert.equal((await call('PATCH', app, userToken(), { keyCredentials: [kc(b, { startDateTime: start.toISOString() })] })).status, 204);
			await fault(call('POST', `${app}/addKey`, userToken(), { keyCredential: kc(c), proof: proof(b) }), 400, 'Request_BadRequest', /no valid certificate to verify a proof of possession with/);
			const atStart = String(grant({}, start).access_token);
			assert.equal((await call('POST', `${app}/addKey`, atStart, { keyCredential: kc(c), proof: proof(b, start) }, start)).status, 200);
		});

		it('a key whose endDateTime is now no longer signs', async () => {
			assert.equal((await call('PATCH', app, userToken(), { keyCredentials: [kc(b, { endDateTime: now.toISOString() })] })).status, 204);
			await fault(call('POST', `${app}/addKey`, userToken(), { keyCredential: kc(c), proof: proof(b) }), 400, 'Request_BadRequest', /no valid certificate/);
		});

		it('a proof pasted with spaces or a newline around it is read', async () => {
			assert.equal((await call('POST', `${app}/addKey`, userToken(), { keyCredential: kc(b), proof: ` ${proof(a)}\n` })).status, 200);
		});

		it('addKey: keyCredential must be an object; passwordCredential explained; removeKey of an unknown keyId explained', async () => {
			await fault(call('POST', `${app}/addKey`, userToken(), { keyCredential: 'abc', proof: proof(a) }), 400, 'Request_BadRequest', /^Invalid value specified for property 'keyCredential' of resource 'Application'\.$/);
			await fault(call('POST', `${app}/addKey`, userToken(), { keyCredential: kc(b), passwordCredential: {}, proof: proof(a) }), 400, 'Request_BadRequest', /X509CertAndPassword keys, which the sandbox does not emulate/);
			await fault(call('POST', `${app}/addKey`, userToken(), { keyCredential: kc(a), proof: proof(a) }), 400, 'Request_BadRequest', /registered twice .*refuses a certificate already on the app/);
			await fault(call('POST', `${app}/removeKey`, userToken(), { keyId: UNKNOWN, proof: proof(a) }), 404, 'Request_ResourceNotFound', /exact answer for an unknown keyId is not documented/);
		});

		it('a failure reading the body is not turned into a Graph answer', async () => {
			await assert.rejects(graphRoute(state, { method: 'PATCH', url: new URL(app, BASE), correlationId: 'c', authorization: `Bearer ${userToken()}` }, () => Promise.reject(new Error('connection reset')), now), /connection reset/);
		});
	});

	describe('the password grant', () => {
		it('no client_id parameter at all: invalid_request naming client_id', () => {
			assert.throws(() => grant({ client_id: undefined }), (e: unknown) => e instanceof SandboxError && e.error === 'invalid_request' && e.code === 900144 && /'client_id'/.test(e.text));
		});

		it('no username parameter: the user does not exist (50034)', () => {
			assert.throws(() => grant({ username: undefined }), (e: unknown) => e instanceof SandboxError && e.error === 'invalid_grant' && e.code === 50034);
		});

		it('no scope parameter: User.Read; Application.Read.All alone is just that', () => {
			assert.equal(grant({ scope: undefined }).scope, 'https://graph.microsoft.com/User.Read');
			assert.equal(grant({ scope: 'Application.Read.All' }).scope, 'https://graph.microsoft.com/Application.Read.All');
		});

		it('the token: iat and nbf are now in seconds, a public client (azpacr 0), v2.0, a pairwise sub that is not the oid', () => {
			const p = JSON.parse(Buffer.from(String(grant().access_token).split('.')[1], 'base64url').toString()) as Json;
			const s = Math.floor(now.getTime() / 1000);
			assert.deepEqual([p.iat, p.nbf, p.exp, p.azpacr, p.ver, p.preferred_username, p.name], [s, s, s + 3600, '0', '2.0', AVERY.preferredUsername, AVERY.name]);
			assert.ok(isGuid(p.sub));
			assert.notEqual(p.sub, AVERY.oid);
		});
	});
});
