/**
 * The sandbox's emulated Graph, over HTTP (Node's fetch, no mocks): sign-in with grant_type=password, $select and
 * `key`, scopes and ownership, PATCH semantics (every existing key by keyId), addKey/removeKey proof rules checked
 * with proofs signed independently of the kit (Node's crypto), Graph-shaped errors, the key limit, app-only self-roll,
 * and setApps keeping live keys. The kit's core request builders are used against it too.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appsFromManifests, startSandbox, type Sandbox } from '../../../src/sandbox';
import { addKeyRequest, getApplicationRequest, parseApplication, patchKeyCredentialsRequest, removeKeyRequest, sendGraphRequest, signProof, newKeyCredentialEntry, explainGraphError, PROOF_AUDIENCE } from '../../../src/core/graph';
import { describeCertificate } from '../../../src/core/certificate';
import { graphManifest, kitMaterial, opensslMaterial, signRaw, clientCredentials, kitAssertion, type Material } from '../sandbox/fixtures';

const APP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const OTHER = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
const CLI_CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const AVERY = 'avery@sandbox.entra-cert-kit.test';
const BLAKE = 'blake@sandbox.entra-cert-kit.test';

async function userToken(s: Sandbox, username = AVERY, scope = 'https://graph.microsoft.com/.default'): Promise<string> {
	const r = await fetch(`${s.authority}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username, password: 'anything', scope }) });
	const body = (await r.json()) as { access_token?: string; error_description?: string };
	assert.equal(r.status, 200, body.error_description);
	return body.access_token as string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read Graph's JSON field by field
type Json = Record<string, any>;

async function graph(s: Sandbox, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> {
	const r = await fetch(`${s.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	return { status: r.status, json: text ? (JSON.parse(text) as Json) : {} };
}

/** A proof signed with Node's crypto directly (not the kit's signer). */
function rawProof(m: Material, objectId: string, over: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
	const now = Math.floor(Date.now() / 1000);
	const x5t = Buffer.from(m.sha1Hex, 'hex').toString('base64url');
	return signRaw({ alg: 'RS256', typ: 'JWT', x5t, ...header }, { aud: PROOF_AUDIENCE, iss: objectId, nbf: now, exp: now + 600, ...over }, m.key);
}

describe('sandbox: emulated Microsoft Graph', function () {
	this.timeout(60000);
	let s: Sandbox;
	let a: Material;
	let b: Material;
	let c: Material;
	let token: string;
	let id: string;
	let manifestKeyId: string;

	before(async () => {
		a = await kitMaterial('graph-a');
		b = opensslMaterial('graph-b');
		c = await kitMaterial('graph-c');
		const text = graphManifest({ appId: APP, name: 'Graph app', certs: [a.certDer], identifierUris: ['api://graph-app'] });
		manifestKeyId = (JSON.parse(text) as { keyCredentials: { keyId: string }[] }).keyCredentials[0].keyId;
		s = await startSandbox({ apps: appsFromManifests([{ text, fileName: 'app.json' }, { text: graphManifest({ appId: OTHER, name: 'Other app' }), fileName: 'other.json' }]) });
		token = await userToken(s);
		id = (await graph(s, token, 'GET', `/v1.0/applications(appId='${APP}')`)).json.id as string;
	});
	after(() => s?.close());

	it('password grant: a Graph-style token (header nonce) for a sandbox user; unknown users and non-Graph scopes refused', async () => {
		const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as Record<string, unknown>;
		const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
		assert.equal(typeof header.nonce, 'string');
		assert.equal(payload.aud, 'https://graph.microsoft.com');
		assert.equal(payload.scp, 'Application.ReadWrite.All User.Read');
		assert.equal(payload.preferred_username, AVERY);
		const bad = await fetch(`${s.authority}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username: 'nobody@x.test', password: 'p', scope: 'User.Read' }) });
		assert.deepEqual([bad.status, ((await bad.json()) as { error_codes: number[] }).error_codes], [400, [50034]]);
		const api = await fetch(`${s.authority}/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: CLI_CLIENT, username: AVERY, password: 'p', scope: 'api://graph-app/.default' }) });
		assert.deepEqual([api.status, ((await api.json()) as { error_codes: number[] }).error_codes], [400, [70011]]);
	});

	it('GET: key is null unless $select names keyCredentials; the keyId is the manifest\'s; by object id too; unknown app is 404 Request_ResourceNotFound', async () => {
		const plain = await graph(s, token, 'GET', `/v1.0/applications(appId='${APP}')`);
		assert.equal(plain.status, 200);
		assert.equal(plain.json.keyCredentials[0].key, null);
		assert.equal(plain.json.keyCredentials[0].keyId, manifestKeyId);
		const sel = await graph(s, token, 'GET', `/v1.0/applications/${id}?$select=id,keyCredentials`);
		assert.deepEqual(Object.keys(sel.json).filter((k) => !k.startsWith('@')).sort(), ['id', 'keyCredentials']);
		assert.equal(sel.json.keyCredentials[0].key, Buffer.from(a.certDer).toString('base64'));
		const missing = await graph(s, token, 'GET', `/v1.0/applications(appId='${randomUUID()}')`);
		assert.equal(missing.status, 404);
		assert.equal(missing.json.error.code, 'Request_ResourceNotFound');
		const byAppIdAsId = await graph(s, token, 'GET', `/v1.0/applications/${APP}`);
		assert.equal(byAppIdAsId.status, 404);
		assert.match(byAppIdAsId.json.error.message, /client ID \(appId\)/);
	});

	it('/me and /me/ownedObjects: the first user owns every app, the second none; app-only /me is refused', async () => {
		const owned = await graph(s, token, 'GET', '/v1.0/me/ownedObjects');
		assert.deepEqual((owned.json.value as { appId: string }[]).map((v) => v.appId).sort(), [APP, OTHER].sort());
		const blake = await userToken(s, BLAKE);
		assert.deepEqual((await graph(s, blake, 'GET', '/v1.0/me/ownedObjects/microsoft.graph.application')).json.value, []);
		assert.equal((await graph(s, token, 'GET', '/v1.0/me')).json.userPrincipalName, AVERY);
		const appOnly = ((await clientCredentials(s, APP, await kitAssertion(s, APP, a), 'https://graph.microsoft.com/.default')).json as { access_token: string }).access_token;
		const me = await graph(s, appOnly, 'GET', '/v1.0/me');
		assert.equal(me.status, 400);
		assert.match(me.json.error.message, /only valid with delegated authentication flow/);
	});

	it('tokens: none, not the sandbox\'s, or a plain (non-Graph) sandbox token → 401 InvalidAuthenticationToken; User.Read only → 403 on read', async () => {
		const none = await fetch(`${s.url}/v1.0/applications(appId='${APP}')`);
		assert.equal(none.status, 401);
		assert.equal(((await none.json()) as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
		const appToken = ((await (await clientCredentials(s, APP, await kitAssertion(s, APP, a), `${APP}/.default`)).json) as { access_token: string }).access_token;
		assert.equal((await graph(s, appToken, 'GET', `/v1.0/applications(appId='${APP}')`)).status, 401);
		const readless = await userToken(s, AVERY, 'User.Read');
		const denied = await graph(s, readless, 'GET', `/v1.0/applications(appId='${APP}')`);
		assert.equal(denied.status, 403);
		assert.equal(denied.json.error.code, 'Authorization_RequestDenied');
		assert.match(denied.json.error.message, /^Insufficient privileges to complete the operation\./);
	});

	it('PATCH: a non-owner gets 403; other properties and unknown keyIds without key are refused; nothing changes on refusal', async () => {
		const blake = await userToken(s, BLAKE);
		const r = await graph(s, blake, 'PATCH', `/v1.0/applications/${id}`, { keyCredentials: [{ keyId: manifestKeyId }] });
		assert.equal(r.status, 403);
		const other = await graph(s, token, 'PATCH', `/v1.0/applications/${id}`, { displayName: 'renamed', keyCredentials: [{ keyId: manifestKeyId }] });
		assert.equal(other.status, 400);
		assert.match(other.json.error.message, /displayName/);
		const ghost = await graph(s, token, 'PATCH', `/v1.0/applications/${id}`, { keyCredentials: [{ keyId: randomUUID() }] });
		assert.equal(ghost.status, 400);
		const pemText = await graph(s, token, 'PATCH', `/v1.0/applications/${id}`, { keyCredentials: [{ keyId: manifestKeyId }, { type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(b.certDer).toString('base64')}\n-----END CERTIFICATE-----\n`).toString('base64') }] });
		assert.equal(pemText.status, 400);
		assert.match(pemText.json.error.message, /PEM text/);
		const now = await graph(s, token, 'GET', `/v1.0/applications/${id}`);
		assert.equal(now.json.displayName, 'Graph app');
		assert.deepEqual(now.json.keyCredentials.map((k: { keyId: string }) => k.keyId), [manifestKeyId]);
	});

	it('addKey: no proof → 403; proof rules (aud, iss = object id, lifetime ≤ 10 min, signature, known x5t) → 400 Request_BadRequest; a good independent proof → 200', async () => {
		const kc = { type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(b.certDer).toString('base64') };
		const post = (proof: string | undefined) => graph(s, token, 'POST', `/v1.0/applications/${id}/addKey`, { keyCredential: kc, passwordCredential: null, ...(proof !== undefined ? { proof } : {}) });
		assert.equal((await post(undefined)).status, 403);
		const cases: [string, string, RegExp][] = [
			['aud', rawProof(a, id, { aud: 'https://graph.microsoft.com' }), /aud/],
			['iss = appId', rawProof(a, APP), /object ID/],
			['lifetime', rawProof(a, id, { exp: Math.floor(Date.now() / 1000) + 3600 }), /at most 600/],
			['expired', rawProof(a, id, { nbf: Math.floor(Date.now() / 1000) - 2000, exp: Math.floor(Date.now() / 1000) - 1400 }), /expired/],
			['unknown x5t', rawProof(c, id), /not one of the application's valid certificates/],
			['x5t of a, signed by c', rawProof(c, id, {}, { x5t: Buffer.from(a.sha1Hex, 'hex').toString('base64url') }), /does not verify/],
		];
		for (const [name, proof, why] of cases) {
			const r = await post(proof);
			assert.equal(r.status, 400, name);
			assert.equal(r.json.error.code, 'Request_BadRequest', name);
			assert.match(r.json.error.message, why, name);
		}
		assert.equal((await graph(s, token, 'GET', `/v1.0/applications/${id}`)).json.keyCredentials.length, 1);
		const ok = await post(rawProof(a, id));
		assert.equal(ok.status, 200, JSON.stringify(ok.json));
		assert.equal(ok.json.displayName, 'CN=graph-b');
		assert.equal(ok.json.customKeyIdentifier, Buffer.from(b.sha1Hex, 'hex').toString('base64'));
		assert.equal((await clientCredentials(s, APP, await kitAssertion(s, APP, b), `${APP}/.default`)).status, 200);
	});

	it('removeKey: the proof may not come from the key removed; with a remaining key → 204 and 700027 for the removed certificate', async () => {
		const keys = (await graph(s, token, 'GET', `/v1.0/applications/${id}`)).json.keyCredentials as { keyId: string; displayName: string }[];
		const aKey = keys.find((k) => k.displayName === 'CN=graph-a')?.keyId as string;
		const self = await graph(s, token, 'POST', `/v1.0/applications/${id}/removeKey`, { keyId: aKey, proof: rawProof(a, id) });
		assert.equal(self.status, 400);
		const ok = await graph(s, token, 'POST', `/v1.0/applications/${id}/removeKey`, { keyId: aKey, proof: rawProof(b, id) });
		assert.equal(ok.status, 204);
		const cc = await clientCredentials(s, APP, await kitAssertion(s, APP, a), `${APP}/.default`);
		assert.deepEqual([cc.status, (cc.json as { error_codes: number[] }).error_codes], [401, [700027]]);
	});

	it('an app-only Graph token may roll its own app\'s keys (addKey with proof) but not another app\'s, nor PATCH', async () => {
		const cc = await clientCredentials(s, APP, await kitAssertion(s, APP, b), 'https://graph.microsoft.com/.default');
		const appToken = (cc.json as { access_token: string }).access_token;
		const kc = { type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(c.certDer).toString('base64') };
		assert.equal((await graph(s, appToken, 'PATCH', `/v1.0/applications/${id}`, { keyCredentials: [] })).status, 403);
		const own = await graph(s, appToken, 'POST', `/v1.0/applications/${id}/addKey`, { keyCredential: kc, passwordCredential: null, proof: rawProof(b, id) });
		assert.equal(own.status, 200, JSON.stringify(own.json));
		const otherId = (await graph(s, token, 'GET', `/v1.0/applications(appId='${OTHER}')`)).json.id as string;
		assert.equal((await graph(s, appToken, 'POST', `/v1.0/applications/${otherId}/addKey`, { keyCredential: kc, passwordCredential: null, proof: rawProof(b, otherId) })).status, 403);
	});

	it('the core\'s requests against it: PATCH keeps every key by keyId (no key material) and adds one; the key limit is Directory_ResourceSizeExceeded, explained', async () => {
		const base = { baseUrl: s.url, token };
		const fetcher = (u: string, init: Parameters<typeof fetch>[1]) => fetch(u, init);
		const read = async () => parseApplication((await sendGraphRequest(getApplicationRequest({ ...base, appId: OTHER }), { fetch: fetcher })).json);
		const app = await read();
		assert.equal(app.keyCredentials.length, 0);
		const info = describeCertificate(a.certDer);
		const cert = { der: a.certDer, notBefore: info.notBefore, notAfter: info.notAfter, subject: info.subject };
		const add = patchKeyCredentialsRequest({ ...base, app, add: newKeyCredentialEntry(cert) });
		assert.equal((await sendGraphRequest(add, { fetch: fetcher })).status, 204);
		const after = await read();
		assert.equal(after.keyCredentials.length, 1);
		const info2 = describeCertificate(c.certDer);
		const second = patchKeyCredentialsRequest({ ...base, app: after, add: newKeyCredentialEntry({ der: c.certDer, notBefore: info2.notBefore, notAfter: info2.notAfter, subject: info2.subject }) });
		const sent = JSON.parse(second.body as string) as { keyCredentials: Record<string, unknown>[] };
		assert.deepEqual(Object.keys(sent.keyCredentials[0]).includes('key'), false, 'existing keys go back without key material');
		assert.equal((await sendGraphRequest(second, { fetch: fetcher })).status, 204);
		const two = await read();
		assert.deepEqual(two.keyCredentials.map((k) => k.keyId)[0], after.keyCredentials[0].keyId);
		// addKey and removeKey built by the core, proofs signed by the kit.
		const proof = await signProof({ certificateDer: a.certDer, privateKeyPkcs8: a.pkcs8Der, objectId: two.id, now: new Date() });
		const infoB = describeCertificate(b.certDer);
		const addKey = await sendGraphRequest(addKeyRequest({ ...base, app: two, cert: { der: b.certDer, notBefore: infoB.notBefore, notAfter: infoB.notAfter, subject: infoB.subject }, proof }), { fetch: fetcher });
		assert.equal(addKey.status, 200);
		const three = await read();
		const removeProof = await signProof({ certificateDer: b.certDer, privateKeyPkcs8: b.pkcs8Der, objectId: two.id, now: new Date(), alg: 'PS256' });
		assert.equal((await sendGraphRequest(removeKeyRequest({ ...base, app: three, keyId: three.keyCredentials[0].keyId, proof: removeProof }), { fetch: fetcher })).status, 204);
		assert.equal((await read()).keyCredentials.length, 2);
		// The limit (lowered for the test: the emulation's default is 600).
		const limited = await startSandbox({ apps: appsFromManifests([{ text: graphManifest({ appId: APP, name: 'Full', certs: [a.certDer, b.certDer] }), fileName: 'full.json' }]), graphKeyLimit: 2 });
		try {
			const t = await userToken(limited);
			const full = parseApplication((await sendGraphRequest(getApplicationRequest({ baseUrl: limited.url, appId: APP, token: t }), { fetch: fetcher })).json);
			const over = await sendGraphRequest(patchKeyCredentialsRequest({ baseUrl: limited.url, app: full, token: t, add: newKeyCredentialEntry({ der: c.certDer, notBefore: info2.notBefore, notAfter: info2.notAfter, subject: info2.subject }) }), { fetch: fetcher });
			assert.equal(over.status, 400);
			assert.equal(over.error?.code, 'Directory_ResourceSizeExceeded');
			assert.match(explainGraphError(over, 'patch')[0].fix, /Remove expired or unused keys/);
		} finally {
			await limited.close();
		}
	});

	it('setApps: an unchanged manifest keeps the keys Graph calls gave it; a changed one starts from the file again', async () => {
		const text = graphManifest({ appId: APP, name: 'Graph app', certs: [a.certDer] });
		const local = await startSandbox({ apps: appsFromManifests([{ text, fileName: 'x.json' }]) });
		try {
			const t = await userToken(local);
			const lid = (await graph(local, t, 'GET', `/v1.0/applications(appId='${APP}')`)).json.id as string;
			const keyId = (await graph(local, t, 'GET', `/v1.0/applications/${lid}`)).json.keyCredentials[0].keyId as string;
			assert.equal((await graph(local, t, 'POST', `/v1.0/applications/${lid}/addKey`, { keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(b.certDer).toString('base64') }, passwordCredential: null, proof: rawProof(a, lid) })).status, 200);
			local.setApps(appsFromManifests([{ text, fileName: 'x.json' }]));
			assert.equal((await graph(local, t, 'GET', `/v1.0/applications/${lid}`)).json.keyCredentials.length, 2);
			assert.equal((await clientCredentials(local, APP, await kitAssertion(local, APP, b), `${APP}/.default`)).status, 200);
			local.setApps(appsFromManifests([{ text: graphManifest({ appId: APP, name: 'Graph app', certs: [c.certDer] }), fileName: 'x.json' }]));
			const now = (await graph(local, t, 'GET', `/v1.0/applications/${lid}`)).json.keyCredentials as { keyId: string; displayName: string }[];
			assert.deepEqual(now.map((k) => k.displayName), ['CN=graph-c']);
			assert.notEqual(now[0].keyId, keyId);
		} finally {
			await local.close();
		}
	});
});
