/**
 * The sandbox's emulated Microsoft Graph called directly (graphRoute and the password grant on a sandbox state, no
 * HTTP): who may call (Graph-style tokens of this sandbox only, scopes and roles, owners), what a request may say
 * (paths, methods, JSON bodies, $select, keyCredential fields, keyIds), and Graph-shaped errors. The rules are those
 * of docs/graph-keycredentials.md; proofs are signed with Node's crypto. Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { indexApps } from '../../../src/sandbox/apps';
import { graphPasswordGrant, graphRoute, GRAPH_DELEGATED_SCOPES, isGraphPath } from '../../../src/sandbox/graph';
import { seedGraphState } from '../../../src/sandbox/graphState';
import { SandboxError } from '../../../src/sandbox/errors';
import type { SandboxState } from '../../../src/sandbox/state';
import { issueAccessToken, signGraphStyleJwt, signJwt } from '../../../src/sandbox/tokens';
import type { OpensslCert } from '../helpers/openssl';
import { cachedCert, cachedSigningKey } from './mutation-material';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const BASE = 'http://127.0.0.1:43123';
const ISSUER = `${BASE}/${TENANT}/v2.0`;
const APP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const OTHER = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';
const OBJ = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const AVERY = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };
const BLAKE = { oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02', name: 'Blake Sandbox', preferredUsername: 'blake@sandbox.entra-cert-kit.test' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read Graph's JSON field by field
type Json = Record<string, any>;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('sandbox emulated Graph (direct)', function () {
	this.timeout(60000);
	// Set once the certificates exist (their notBefore is their making time), on a whole second.
	let now = new Date(0);
	let state: SandboxState;
	let a: OpensslCert;
	let b: OpensslCert;
	let c: OpensslCert;
	const apps = () => [
		{ appId: APP, displayName: 'Graph app', certificates: [a.der], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [], objectId: OBJ },
		{ appId: OTHER, displayName: 'Other app', certificates: [], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [] },
	];

	before(async () => {
		a = cachedCert('graph-direct-a');
		b = cachedCert('graph-direct-b');
		c = cachedCert('graph-direct-c');
		now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
	});
	beforeEach(async () => {
		state = {
			baseUrl: BASE, tenantId: TENANT, issuer: ISSUER, tokenEndpoint: `${BASE}/${TENANT}/oauth2/v2.0/token`,
			key: await cachedSigningKey('graph', new Date('2026-01-01T00:00:00Z')),
			index: indexApps(apps()), users: [AVERY, BLAKE], audiences: new Set(), codes: new Map(), redeemed: new Map(), refreshTokens: new Map(), skewSeconds: 300,
			graph: seedGraphState(apps(), TENANT, [AVERY.oid]),
		};
	});

	const password = (over: Record<string, string> = {}) => graphPasswordGrant(state, new URLSearchParams({ grant_type: 'password', client_id: CLI, username: AVERY.preferredUsername, password: 'x', scope: 'https://graph.microsoft.com/.default', ...over }), now);
	const userToken = (over: Record<string, string> = {}) => String(password(over).access_token);
	const call = async (method: string, path: string, token: string | undefined, body?: unknown, at = now): Promise<{ status: number; json: Json; headers: Record<string, string> }> => {
		const r = await graphRoute(state, { method, url: new URL(path, BASE), correlationId: 'corr-1', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) }, () => Promise.resolve(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)), at);
		return { status: r.status, json: r.body ? (JSON.parse(r.body) as Json) : {}, headers: r.headers };
	};
	const fault = async (p: Promise<{ status: number; json: Json }>, status: number, code: string, message?: RegExp, at = now) => {
		const r = await p;
		assert.equal(r.status, status, JSON.stringify(r.json));
		assert.equal(r.json.error.code, code);
		if (message) {
			assert.match(r.json.error.message, message);
		}
		assert.equal(r.json.error.innerError['client-request-id'], 'corr-1');
		assert.equal(r.json.error.innerError.date, at.toISOString().replace(/\.\d{3}Z$/, ''));
		return r.json.error.message as string;
	};
	const proof = (m: OpensslCert, iss = OBJ) => {
		const s = Math.floor(now.getTime() / 1000);
		const input = `${b64({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(m.sha1Hex, 'hex').toString('base64url') })}.${b64({ aud: '00000002-0000-0000-c000-000000000000', iss, nbf: s, exp: s + 600 })}`;
		return `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(m.keyPem)).toString('base64url')}`;
	};
	const kc = (m: OpensslCert, over: Record<string, unknown> = {}) => ({ type: 'AsymmetricX509Cert', usage: 'Verify', key: m.der.toString('base64'), ...over });
	const app = `/v1.0/applications(appId='${APP}')`;

	it('isGraphPath: /v1.0/ only', () => {
		assert.equal(isGraphPath('/v1.0/me'), true);
		assert.equal(isGraphPath('/v1.0'), false);
		assert.equal(isGraphPath('/beta/me'), false);
	});

	describe('the password grant', () => {
		it('a Graph-style token for the user: scp from .default, the CLI as appid, an hour; the answer names Graph\'s scopes', () => {
			const r = password();
			assert.deepEqual([r.token_type, r.expires_in, r.ext_expires_in], ['Bearer', 3600, 3600]);
			assert.equal(r.scope, 'https://graph.microsoft.com/Application.ReadWrite.All https://graph.microsoft.com/User.Read');
			const [h, p] = String(r.access_token).split('.').slice(0, 2).map((x) => JSON.parse(Buffer.from(x, 'base64url').toString()) as Json);
			assert.equal(typeof h.nonce, 'string');
			assert.deepEqual([p.aud, p.iss, p.appid, p.azp, p.idtyp, p.oid, p.scp, p.tid, p.exp - p.iat], ['https://graph.microsoft.com', ISSUER, CLI, CLI, 'user', AVERY.oid, 'Application.ReadWrite.All User.Read', TENANT, 3600]);
		});
		it('scopes: bare or Graph-prefixed known names (any case), OpenID ones skipped, none → User.Read', () => {
			assert.equal(password({ scope: 'openid profile application.read.all https://graph.microsoft.com/User.Read offline_access email' }).scope, 'https://graph.microsoft.com/Application.Read.All https://graph.microsoft.com/User.Read');
			assert.equal(password({ scope: '' }).scope, 'https://graph.microsoft.com/User.Read');
			assert.equal(password({ scope: 'openid' }).scope, 'https://graph.microsoft.com/User.Read');
			assert.deepEqual(GRAPH_DELEGATED_SCOPES, ['Application.ReadWrite.All', 'User.Read', 'Application.Read.All']);
		});
		it('refuses: no client, an unknown client (a sandbox app is fine), an unknown user, no password, a non-Graph or unknown scope', () => {
			const refuse = (over: Record<string, string>, status: number, error: string, code: number, text: RegExp) => {
				assert.throws(() => password(over), (e: unknown) => e instanceof SandboxError && e.status === status && e.error === error && e.code === code && text.test(e.text));
			};
			refuse({ client_id: ' ' }, 400, 'invalid_request', 900144, /'client_id'/);
			refuse({ client_id: '11111111-2222-4333-8444-555555555555' }, 400, 'unauthorized_client', 700016, /accepts the Azure CLI \(04b07795/);
			assert.ok(password({ client_id: OTHER.toUpperCase() }).access_token);
			refuse({ username: 'nobody@x' }, 400, 'invalid_grant', 50034, /its users: avery@sandbox\.entra-cert-kit\.test, blake@sandbox\.entra-cert-kit\.test/);
			assert.ok(password({ username: ' AVERY@sandbox.entra-cert-kit.test ' }).access_token);
			refuse({ password: '' }, 400, 'invalid_request', 900144, /'password'/);
			refuse({ scope: 'api://orders/.default' }, 400, 'invalid_scope', 70011, /issues tokens for Microsoft Graph only/);
			refuse({ scope: 'https://management.azure.com/.default' }, 400, 'invalid_scope', 70011, /for Microsoft Graph only/);
			refuse({ scope: 'Mail.Read' }, 400, 'invalid_scope', 70011, /its Graph knows Application\.ReadWrite\.All, User\.Read, Application\.Read\.All and \.default/);
		});
	});

	describe('authentication', () => {
		it('no token, a malformed one, one not from this sandbox for Graph, another audience, an expired one, an unknown user → 401', async () => {
			await fault(call('GET', app, undefined), 401, 'InvalidAuthenticationToken', /^Access token is empty\.$/);
			await fault(graphRoute(state, { method: 'GET', url: new URL(app, BASE), correlationId: 'corr-1', authorization: 'Basic abc' }, () => Promise.resolve(''), now).then((r) => ({ status: r.status, json: JSON.parse(r.body) as Json })), 401, 'InvalidAuthenticationToken', /empty/);
			await fault(call('GET', app, 'nodots'), 401, 'InvalidAuthenticationToken', /IDX14100/);
			const plain = signJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: 2e9, oid: AVERY.oid, scp: 'Application.ReadWrite.All' });
			await fault(call('GET', app, plain), 401, 'InvalidAuthenticationToken', /not issued for Graph by this sandbox/);
			const graphStyle = (p: Json) => signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: Math.floor(now.getTime() / 1000) + 60, idtyp: 'user', oid: AVERY.oid, scp: 'Application.ReadWrite.All', ...p });
			await fault(call('GET', app, graphStyle({ iss: `${BASE}/common/v2.0` })), 401, 'InvalidAuthenticationToken', /not issued for Graph by this sandbox/);
			await fault(call('GET', app, graphStyle({ aud: 'api://orders' })), 401, 'InvalidAuthenticationToken', /^Access token validation failure\. Invalid audience\.$/);
			await fault(call('GET', app, graphStyle({ aud: 7 })), 401, 'InvalidAuthenticationToken', /Invalid audience\.$/);
			assert.equal((await call('GET', app, graphStyle({ aud: 'HTTPS://graph.microsoft.com/' }))).status, 200);
			assert.equal((await call('GET', app, graphStyle({ aud: '00000003-0000-0000-c000-000000000000' }))).status, 200);
			await fault(call('GET', app, graphStyle({ exp: Math.floor(now.getTime() / 1000) - 1 })), 401, 'InvalidAuthenticationToken', /the token is expired/);
			assert.equal((await call('GET', app, graphStyle({ exp: Math.floor(now.getTime() / 1000) }))).status, 200, 'valid through its exp');
			await fault(call('GET', app, graphStyle({ exp: '2000000000' })), 401, 'InvalidAuthenticationToken', /expired/);
			await fault(call('GET', app, graphStyle({ oid: '11111111-2222-4333-8444-555555555555' })), 401, 'InvalidAuthenticationToken', /the token's user is not a sandbox user/);
			// A Graph-style header whose alg is not RS256 is not the sandbox's.
			const [h, p, s] = graphStyle({}).split('.');
			const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Json;
			await fault(call('GET', app, `${b64({ ...header, alg: 'PS256' })}.${p}.${s}`), 401, 'InvalidAuthenticationToken');
		});

		it('reading needs Application.Read(Write).All (or a Directory scope); writing Application.ReadWrite.All and ownership', async () => {
			const readOnly = userToken({ scope: 'Application.Read.All' });
			assert.equal((await call('GET', app, readOnly)).status, 200);
			await fault(call('PATCH', app, readOnly, { keyCredentials: [] }), 403, 'Authorization_RequestDenied', /has no Application\.ReadWrite\.All$|has no Application\.ReadWrite\.All\)/);
			await fault(call('GET', app, userToken({ scope: 'User.Read' })), 403, 'Authorization_RequestDenied', /the token's scp \(User\.Read\) has no Application\.Read\.All or Application\.ReadWrite\.All/);
			const noScp = signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: 2e9, idtyp: 'user', oid: AVERY.oid });
			await fault(call('GET', app, noScp), 403, 'Authorization_RequestDenied', /scp \(none\)/);
			const dir = signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: 2e9, idtyp: 'user', oid: AVERY.oid, scp: 'Directory.AccessAsUser.All' });
			assert.equal((await call('GET', app, dir)).status, 200);
			const blake = userToken({ username: BLAKE.preferredUsername });
			await fault(call('PATCH', app, blake, { keyCredentials: [] }), 403, 'Authorization_RequestDenied', /blake@sandbox\.entra-cert-kit\.test is not an owner of 'Graph app'/);
		});

		it('app-only tokens: no read role → 403; /me refused; addKey on another app refused', async () => {
			const appOnly = issueAccessToken(state.key, { issuer: ISSUER, tenantId: TENANT, now }, { audience: '00000003-0000-0000-c000-000000000000', clientId: OTHER, credential: 'secret', graph: true });
			await fault(call('GET', app, appOnly), 403, 'Authorization_RequestDenied', /has no Application\.Read\.All role/);
			await fault(call('GET', '/v1.0/me', appOnly), 400, 'Request_BadRequest', /only valid with delegated authentication flow/);
			await fault(call('PATCH', app, appOnly, { keyCredentials: [] }), 403, 'Authorization_RequestDenied', /no Application\.ReadWrite\.All role/);
			await fault(call('POST', `${app}/addKey`, appOnly, { keyCredential: kc(b), proof: proof(a) }), 403, 'Authorization_RequestDenied', new RegExp(`may roll only its own app's keys; this token is for '${OTHER}'`));
			const withRole = signGraphStyleJwt(state.key, { aud: 'https://graph.microsoft.com', iss: ISSUER, exp: 2e9, idtyp: 'app', azp: OTHER, roles: ['Application.Read.All'] });
			assert.equal((await call('GET', app, withRole)).status, 200);
		});
	});

	describe('reading', () => {
		it('/me and /me/ownedObjects ($select honoured; a non-owner owns none); other /me paths and methods refused', async () => {
			const t = userToken();
			assert.deepEqual((await call('GET', '/v1.0/me/', t)).json, { id: AVERY.oid, displayName: AVERY.name, userPrincipalName: AVERY.preferredUsername, mail: null });
			const owned = (await call('GET', '/v1.0/me/ownedObjects/microsoft.graph.application?$select=appId', t)).json;
			assert.equal(owned['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects');
			assert.deepEqual(owned.value, [{ '@odata.type': '#microsoft.graph.application', appId: APP }, { '@odata.type': '#microsoft.graph.application', appId: OTHER }]);
			const full = (await call('GET', '/v1.0/me/ownedObjects', t)).json.value[0];
			assert.deepEqual(Object.keys(full), ['@odata.type', 'id', 'appId', 'displayName', 'keyCredentials']);
			assert.equal(full.keyCredentials[0].key, null, 'no key in a collection');
			assert.deepEqual((await call('GET', '/v1.0/me/ownedObjects', userToken({ username: BLAKE.preferredUsername }))).json.value, []);
			await fault(call('GET', '/v1.0/me/photo', t), 400, 'Request_BadRequest', /segment 'photo'/);
			await fault(call('DELETE', '/v1.0/me', t), 405, 'Request_BadRequest', /'DELETE' is not allowed here/);
		});

		it('an application by appId or by object id; $select (any case, spaces) picks fields, key only with keyCredentials on one object', async () => {
			const t = userToken();
			const byAppId = (await call('GET', app, t)).json;
			assert.equal(byAppId['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity');
			assert.deepEqual([byAppId.id, byAppId.appId, byAppId.displayName], [OBJ, APP, 'Graph app']);
			assert.equal(byAppId.keyCredentials[0].key, null);
			const byId = (await call('GET', `/v1.0/applications/${OBJ.toUpperCase()}?$select=ID, displayname,unknown`, t)).json;
			assert.deepEqual(byId, { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications/$entity', id: OBJ, displayName: 'Graph app' });
			const withKey = (await call('GET', `${app}?$select=keyCredentials`, t)).json;
			assert.equal(withKey.keyCredentials[0].key, a.der.toString('base64'));
			assert.deepEqual(Object.keys(withKey.keyCredentials[0]).sort(), ['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage']);
		});

		it('unknown apps → 404 (an appId in the object id form is explained); unknown paths → 400; wrong methods → 405', async () => {
			const t = userToken();
			await fault(call('GET', "/v1.0/applications(appId='11111111-2222-4333-8444-555555555555')", t), 404, 'Request_ResourceNotFound', /^Resource appId '11111111-2222-4333-8444-555555555555' does not exist or one of its queried reference-property objects are not present\./);
			await fault(call('GET', `/v1.0/applications/${APP}`, t), 404, 'Request_ResourceNotFound', new RegExp(`'${APP}' is the app's client ID \\(appId\\); /applications/\\{id\\} takes the object ID`));
			const plain404 = await fault(call('GET', '/v1.0/applications/11111111-2222-4333-8444-555555555555', t), 404, 'Request_ResourceNotFound');
			assert.doesNotMatch(plain404, /client ID/);
			await fault(call('GET', '/v1.0/servicePrincipals', t), 400, 'Request_BadRequest', /Resource not found for the segment 'servicePrincipals'/);
			await fault(call('DELETE', app, t), 405, 'Request_BadRequest', /'DELETE' is not allowed on an application/);
			await fault(call('GET', `${app}/microsoft.graph.addKey`, t), 405, 'Request_BadRequest', /'GET' is not allowed on addkey; use POST/);
		});
	});

	describe('PATCH keyCredentials', () => {
		const patch = (keyCredentials: unknown, extra: Json = {}) => call('PATCH', app, userToken(), { keyCredentials, ...extra });
		const existing = () => state.graph.byAppId.get(APP)?.keys[0].keyId as string;

		it('keeps an existing key by keyId and adds a new one (204, the token endpoint follows)', async () => {
			const r = await patch([{ keyId: existing().toUpperCase() }, kc(b, { displayName: 'B', startDateTime: '2026-01-01T00:00:00Z', customKeyIdentifier: 'QUJD' })]);
			assert.equal(r.status, 204);
			assert.equal(r.headers['Cache-Control'], 'no-cache');
			const keys = state.graph.byAppId.get(APP)?.keys ?? [];
			assert.deepEqual(keys.map((k) => [k.displayName, k.customKeyIdentifier]), [['CN=graph-direct-a', keys[0].customKeyIdentifier], ['B', 'QUJD']]);
			assert.equal(keys[1].startDateTime, '2026-01-01T00:00:00Z');
			assert.ok(state.index.byAppId.get(APP)?.bySha1.has(b.sha1Hex));
			// The same key sent back with its own certificate is fine.
			assert.equal((await patch([{ keyId: existing(), key: a.der.toString('base64') }])).status, 204);
			assert.equal(state.index.byAppId.get(APP)?.bySha1.has(b.sha1Hex), false);
		});

		it('refuses bodies it cannot apply, changing nothing', async () => {
			const before = JSON.stringify(state.graph.byAppId.get(APP)?.keys.map((k) => k.keyId));
			const bad: [unknown, Json, RegExp][] = [
				[[], { displayName: 'x' }, /Property 'displayName' is not supported/],
				['not an array', {}, /Invalid value specified for property 'keyCredentials' of resource 'Application'\.$/],
				[[null], {}, /property 'keyCredentials'/],
				[[['x']], {}, /property 'keyCredentials'/],
				[[{ keyId: 'not-a-guid', ...kc(b) }], {}, /property 'keyId'.*keyId is a GUID/],
				[[{ keyId: existing() }, { keyId: existing().toUpperCase() }], {}, /keyId .* is specified more than once/],
				[[{ keyId: existing(), key: b.der.toString('base64') }], {}, /Update to existing credential with KeyId is not allowed/],
				[[{ keyId: '11111111-2222-4333-8444-555555555555' }], {}, /Existing credential with KeyId '11111111-2222-4333-8444-555555555555' not found/],
				[[{ type: 'AsymmetricX509Cert', usage: 'Verify' }], {}, /KeyId '\(none\)' not found/],
				[[{ keyId: existing() }, kc(a)], {}, new RegExp(`The same certificate is registered twice \\(SHA-1 ${a.sha1Hex}\\)`)],
				[[kc(b, { usage: 'Encrypt' })], {}, /Acceptable values are Sign, Verify\.$/],
				[[kc(b, { usage: 7 })], {}, /Acceptable values are Sign, Verify/],
				[[kc(b, { usage: 'Sign' })], {}, /property 'type'.*client certificates only/],
				[[kc(b, { type: 'Symmetric' })], {}, /property 'type'/],
				[[kc(b, { key: 42 })], {}, /property 'key'.*base64 of the certificate's DER bytes/],
				[[kc(b, { key: '' })], {}, /property 'key'/],
				[[kc(b, { key: Buffer.from(b.certPem).toString('base64') })], {}, /base64 of PEM text/],
				[[kc(b, { key: Buffer.from([0x31, 1, 2]).toString('base64') })], {}, /is not a DER X\.509 certificate/],
				[[kc(b, { key: Buffer.from([0x30, 1, 2]).toString('base64') })], {}, /is not a DER X\.509 certificate/],
				[[kc(b, { endDateTime: '2999-01-01T00:00:00Z' })], {}, /Key credential end date is invalid\..*is after the certificate's notAfter/],
				[[kc(b, { endDateTime: 'soon' })], {}, /end date is invalid/],
				[[kc(b, { startDateTime: 'later' })], {}, /startDateTime 'later' is not a date/],
				[[kc(b, { customKeyIdentifier: 'not base64!' })], {}, /customKeyIdentifier is binary/],
				[[kc(b, { customKeyIdentifier: 5 })], {}, /customKeyIdentifier/],
			];
			for (const [body, extra, message] of bad) {
				await fault(patch(body, extra), 400, 'Request_BadRequest', message);
			}
			await fault(call('PATCH', app, userToken(), 'not json'), 400, 'Request_BadRequest', /Unable to read JSON request payload/);
			await fault(call('PATCH', app, userToken(), [1]), 400, 'Request_BadRequest', /Unable to read JSON/);
			await fault(call('PATCH', app, userToken(), 'null'), 400, 'Request_BadRequest', /Unable to read JSON/);
			const tooLarge = await graphRoute(state, { method: 'PATCH', url: new URL(app, BASE), correlationId: 'c', authorization: `Bearer ${userToken()}` }, () => Promise.resolve(undefined), now);
			assert.match(tooLarge.body, /The request body is too large/);
			assert.equal(JSON.stringify(state.graph.byAppId.get(APP)?.keys.map((k) => k.keyId)), before);
		});

		it('an end date up to the certificate\'s notAfter, a null customKeyIdentifier and a Sign-less Verify key are accepted', async () => {
			const end = new Date(new (await import('node:crypto')).X509Certificate(b.der).validTo).toISOString();
			assert.equal((await patch([{ keyId: existing() }, kc(b, { endDateTime: end, customKeyIdentifier: null, displayName: null })])).status, 204);
			const k = state.graph.byAppId.get(APP)?.keys[1];
			assert.equal(k?.endDateTime, end);
			assert.equal(k?.displayName, 'CN=graph-direct-b', 'no displayName: the certificate subject');
		});

		it('the key limit: more keyCredentials than the limit → Directory_ResourceSizeExceeded', async () => {
			state.graph.keyLimit = 1;
			await fault(patch([{ keyId: existing() }, kc(b)]), 400, 'Directory_ResourceSizeExceeded', /the sandbox allows 1 keyCredentials per app/);
			assert.equal((await patch([kc(b)])).status, 204, 'exactly the limit');
		});
	});

	describe('addKey and removeKey', () => {
		it('addKey: 200 with the new key (no key material), passwordCredential must be null, the keyCredential an object, no duplicates', async () => {
			const t = userToken();
			const r = await call('POST', `${app}/addKey`, t, { keyCredential: kc(b, { keyId: '11111111-2222-4333-8444-555555555555' }), passwordCredential: null, proof: proof(a) });
			assert.equal(r.status, 200, JSON.stringify(r.json));
			assert.equal(r.json['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.keyCredential');
			assert.equal(r.json.key, null);
			assert.notEqual(r.json.keyId, '11111111-2222-4333-8444-555555555555', 'Graph chooses the keyId');
			assert.ok(state.index.byAppId.get(APP)?.bySha1.has(b.sha1Hex));
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: kc(c), passwordCredential: { secretText: 'x' }, proof: proof(a) }), 400, 'Request_BadRequest', /passwordCredential must be null/);
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: [kc(c)], proof: proof(a) }), 400, 'Request_BadRequest', /property 'keyCredential' of resource 'Application'/);
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: null, proof: proof(a) }), 400, 'Request_BadRequest', /property 'keyCredential'/);
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: kc(b), proof: proof(a) }), 400, 'Request_BadRequest', /registered twice/);
			state.graph.keyLimit = 2;
			await fault(call('POST', `${app}/microsoft.graph.addKey`, t, { keyCredential: kc(c), proof: proof(a) }), 400, 'Directory_ResourceSizeExceeded');
		});

		it('a proof is needed ("" counts as none), and a valid certificate to check it with', async () => {
			const t = userToken();
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: kc(b), proof: '  ' }), 403, 'Authorization_RequestDenied', new RegExp(`addKey needs a proof: .*iss = the object ID ${OBJ}`));
			await fault(call('POST', `${app}/addKey`, t, { keyCredential: kc(b), proof: proof(c) }), 400, 'Request_BadRequest', /^Proof of possession validation failed\./);
			const other = `/v1.0/applications(appId='${OTHER}')`;
			await fault(call('POST', `${other}/addKey`, t, { keyCredential: kc(b), proof: proof(a) }), 400, 'Request_BadRequest', /no valid certificate to verify a proof of possession with.*addKey needs an existing valid certificate/);
			// Past the only key's end date, it no longer counts as valid.
			const later = new Date(Date.parse(state.graph.byAppId.get(APP)?.keys[0].endDateTime as string) + 1000);
			const laterToken = String(graphPasswordGrant(state, new URLSearchParams({ client_id: CLI, username: AVERY.preferredUsername, password: 'x', scope: '.default' }), later).access_token);
			await fault(call('POST', `${app}/addKey`, laterToken, { keyCredential: kc(b), proof: proof(a) }, later), 400, 'Request_BadRequest', /no valid certificate to verify a proof of possession with/, later);
		});

		it('removeKey: a GUID keyId of a key the app has, a proof from a key that stays; 204', async () => {
			const t = userToken();
			const aKey = state.graph.byAppId.get(APP)?.keys[0].keyId as string;
			await fault(call('POST', `${app}/removeKey`, t, { keyId: 'nope', proof: proof(a) }), 400, 'Request_BadRequest', /^Invalid value specified for property 'keyId'\.$/);
			await fault(call('POST', `${app}/removeKey`, t, { proof: proof(a) }), 400, 'Request_BadRequest', /property 'keyId'/);
			await fault(call('POST', `${app}/removeKey`, t, { keyId: '11111111-2222-4333-8444-555555555555', proof: proof(a) }), 404, 'Request_ResourceNotFound', /No credential with keyId '11111111-2222-4333-8444-555555555555'/);
			// The only key cannot sign the proof of its own removal.
			await fault(call('POST', `${app}/removeKey`, t, { keyId: aKey, proof: proof(a) }), 400, 'Request_BadRequest', /^Proof of possession validation failed\..*is not one of the application's valid certificates/);
			assert.equal((await call('POST', `${app}/addKey`, t, { keyCredential: kc(b), proof: proof(a) })).status, 200);
			const r = await call('POST', `${app}/removeKey`, t, { keyId: aKey.toUpperCase(), proof: proof(b) });
			assert.equal(r.status, 204);
			assert.deepEqual(r.json, {}, 'no body');
			assert.deepEqual(state.graph.byAppId.get(APP)?.keys.map((k) => k.displayName), ['CN=graph-direct-b']);
			assert.equal(state.index.byAppId.get(APP)?.bySha1.has(a.sha1Hex), false, 'the token endpoint no longer knows the removed certificate');
		});
	});
});
