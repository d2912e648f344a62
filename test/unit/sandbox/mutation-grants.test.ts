/**
 * The token endpoint's grants called directly on a sandbox state (no HTTP), each rule at its edge: request-level
 * errors, client authentication, client credentials scopes, authorization codes (single use, 10 minutes, PKCE per
 * RFC 7636, the same redirect URI), refresh tokens and On-Behalf-Of (entra-rules §4-5). Codes are put in the state's
 * code store as the sign-in page stores them; the PKCE pair is RFC 7636's appendix B example.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID, sign, X509Certificate } from 'node:crypto';
import { indexApps } from '../../../src/sandbox/apps';
import { SandboxError } from '../../../src/sandbox/errors';
import { acceptedAudiences, type SandboxState } from '../../../src/sandbox/state';
import { tokenRequest } from '../../../src/sandbox/tokenEndpoint';
import { GRAPH_APP_ID, issueAccessToken, signJwt } from '../../../src/sandbox/tokens';
import type { OpensslCert } from '../helpers/openssl';
import { cachedCert, cachedSigningKey } from './mutation-material';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const BASE = 'http://127.0.0.1:43123';
const WEB = '2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718';
const ORDERS = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const INVENTORY = 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e';
const DAEMON = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'http://localhost:53682/';
const AVERY = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };
const BLAKE = { oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02', name: 'Blake Sandbox', preferredUsername: 'blake@sandbox.entra-cert-kit.test' };

const part = (token: unknown, i: 0 | 1) => JSON.parse(Buffer.from(String(token).split('.')[i], 'base64url').toString('utf8')) as Record<string, unknown>;
const app = (appId: string, displayName: string, o: { certs?: Buffer[]; secrets?: string[]; uris?: string[]; scopes?: string[]; roles?: { value: string; allowedMemberTypes: string[] }[] } = {}) => ({
	appId, displayName, certificates: o.certs ?? [], secrets: o.secrets ?? [], identifierUris: o.uris ?? [], appRoles: (o.roles ?? []).map((r, i) => ({ id: String(i), ...r })), scopes: (o.scopes ?? []).map((value, i) => ({ id: String(i), value })), redirectUris: [],
});

describe('sandbox token endpoint grants (direct)', function () {
	this.timeout(60000);
	// A whole second (the 500133 text is checked to the millisecond), after the test certificate's notBefore: set once
	// the certificate exists (the hook may run minutes after this file is loaded, when other suites run first).
	let now: Date;
	let state: SandboxState;
	let cert: OpensslCert;

	before(async () => {
		cert = cachedCert('grants-web');
		now = new Date(Math.max(Math.ceil(Date.now() / 1000) * 1000, Date.parse(new X509Certificate(cert.der).validFrom)) + 1000);
		const index = indexApps([
			app(WEB, 'Contoso Web', { certs: [cert.der], secrets: ['web-secret'] }),
			app(ORDERS, 'Orders API', { secrets: ['orders-secret'], uris: ['api://orders'], scopes: ['Orders.Read', 'Orders.Write'], roles: [{ value: 'Orders.Read.All', allowedMemberTypes: ['Application'] }, { value: 'Orders.Admin', allowedMemberTypes: ['User'] }] }),
			app(INVENTORY, 'Inventory API', { uris: ['api://inventory/'], scopes: ['Inventory.Read'] }),
			app(DAEMON, 'Daemon'),
		]);
		state = {
			baseUrl: BASE,
			tenantId: TENANT,
			issuer: `${BASE}/${TENANT}/v2.0`,
			tokenEndpoint: `${BASE}/${TENANT}/oauth2/v2.0/token`,
			key: await cachedSigningKey('grants', new Date('2026-01-01T00:00:00Z')),
			index,
			users: [AVERY, BLAKE],
			audiences: acceptedAudiences(BASE, TENANT),
			codes: new Map(),
			redeemed: new Map(),
			refreshTokens: new Map(),
			skewSeconds: 300,
			graph: undefined as never,
		};
	});

	const token = (params: Record<string, string>, segment = TENANT, at = now) => tokenRequest(state, segment, new URLSearchParams(params), at);
	function fails(params: Record<string, string>, status: number, error: string, code: number, text?: RegExp, segment = TENANT, at = now): SandboxError {
		try {
			token(params, segment, at);
		} catch (e) {
			assert.ok(e instanceof SandboxError, String(e));
			assert.deepEqual([e.status, e.error, e.code], [status, error, code], e.message);
			if (text) {
				assert.match(e.text, text);
			}
			return e;
		}
		assert.fail(`expected AADSTS${code}`);
	}
	const web = { client_id: WEB, client_secret: 'web-secret' };
	const orders = { client_id: ORDERS, client_secret: 'orders-secret' };
	/** A code as the sign-in page stores it (10 minutes from now). */
	const code = (over: Partial<{ clientId: string; redirectUri: string; scope: string; codeChallenge: string; nonce: string; userOid: string; expiresAt: number }> = {}) => {
		const c = randomUUID();
		state.codes.set(c, { clientId: WEB, redirectUri: REDIRECT, scope: 'openid profile offline_access api://orders/Orders.Read', codeChallenge: CHALLENGE, userOid: AVERY.oid, expiresAt: now.getTime() + 600_000, ...over });
		return c;
	};
	const redeem = (c: string, at = now, over: Record<string, string> = {}) => token({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER, ...over }, TENANT, at);

	describe('request-level errors', () => {
		it('resource (a v1 parameter) → 901002 with the v2 scope to use; no grant_type → 900144; an unknown grant → 70003 unsupported_grant_type', () => {
			fails({ resource: 'api://orders//', grant_type: 'client_credentials' }, 400, 'invalid_request', 901002, /use scope=api:\/\/orders\/\.default instead/);
			fails({ resource: '' }, 400, 'invalid_request', 901002, /scope=\/\.default/);
			fails({ client_id: WEB }, 400, 'invalid_request', 900144, /parameter: 'grant_type'\.$/);
			fails({ grant_type: '', client_id: WEB }, 400, 'invalid_request', 900144, /'grant_type'/);
			const e = fails({ grant_type: 'device_code', client_id: WEB }, 400, 'unsupported_grant_type', 70003, /unsupported grant type 'device_code'/);
			assert.match(e.text, /client_credentials, authorization_code, refresh_token and On-Behalf-Of/);
		});

		it('no client_id → 900144; an unknown client → 700016 unauthorized_client listing the apps', () => {
			fails({ grant_type: 'client_credentials', client_secret: 'x' }, 400, 'invalid_request', 900144, /'client_id'/);
			const e = fails({ grant_type: 'client_credentials', client_id: randomUUID(), client_secret: 'x', scope: 'api://orders/.default' }, 400, 'unauthorized_client', 700016, new RegExp(`was not found in the directory '${TENANT}'`));
			assert.match(e.text, /Contoso Web \(2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718\), Orders API \(/);
			const empty = { ...state, index: indexApps([]) };
			assert.throws(() => tokenRequest(empty, TENANT, new URLSearchParams({ grant_type: 'client_credentials', client_id: WEB, client_secret: 'x' }), now), (x: unknown) => x instanceof SandboxError && x.code === 700016 && /it serves the apps of its manifests: none\)$/.test(x.text));
		});

		it('client IDs compare without regard to case', () => {
			assert.ok(token({ grant_type: 'client_credentials', client_id: ORDERS.toUpperCase(), client_secret: 'orders-secret', scope: 'api://inventory/.default' }).access_token);
		});

		it('client credentials on /common or /organizations → 9001023; other grants may use them', () => {
			for (const seg of ['common', 'organizations']) {
				fails({ grant_type: 'client_credentials', ...orders, scope: 'api://inventory/.default' }, 400, 'invalid_request', 9001023, new RegExp(`went to /${seg}/; use /${TENANT}/`), seg);
			}
			assert.ok(token({ grant_type: 'authorization_code', ...web, code: code(), redirect_uri: REDIRECT, code_verifier: VERIFIER }, 'common').access_token);
		});
	});

	describe('client authentication', () => {
		it('neither or both credentials → 401 7000218, saying which', () => {
			fails({ grant_type: 'client_credentials', client_id: ORDERS, scope: 'api://inventory/.default' }, 401, 'invalid_client', 7000218, /confidential clients: every grant needs a credential/);
			fails({ grant_type: 'client_credentials', ...orders, client_assertion: 'x', client_assertion_type: ASSERTION_TYPE, scope: 'api://inventory/.default' }, 401, 'invalid_client', 7000218, /sends both client_secret and client_assertion/);
			fails({ grant_type: 'client_credentials', client_id: ORDERS, client_secret: '', client_assertion: '', scope: 'api://inventory/.default' }, 401, 'invalid_client', 7000218, /every grant needs a credential/);
		});

		it('a wrong secret → 7000215 (noting when the app has no secret at all); the right one → azpacr 1', () => {
			const e = fails({ grant_type: 'client_credentials', client_id: ORDERS, client_secret: 'orders-secreT', scope: 'api://inventory/.default' }, 401, 'invalid_client', 7000215, new RegExp(`Invalid client secret provided\\. Ensure the secret .* for a secret added to app '${ORDERS}'\\.$`));
			assert.doesNotMatch(e.text, /has no client secret/);
			fails({ grant_type: 'client_credentials', client_id: DAEMON, client_secret: 'anything', scope: 'api://inventory/.default' }, 401, 'invalid_client', 7000215, /'Daemon' has no client secret in its manifest/);
			assert.equal(part(token({ grant_type: 'client_credentials', ...orders, scope: 'api://inventory/.default' }).access_token, 1).azpacr, '1');
		});

		it('an assertion needs client_assertion_type jwt-bearer (90014, naming a wrong one); a good one → azpacr 2', () => {
			const s = Math.floor(now.getTime() / 1000);
			const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(cert.sha1Hex, 'hex').toString('base64url') })).toString('base64url')}.${Buffer.from(JSON.stringify({ aud: state.tokenEndpoint, iss: WEB, sub: WEB, jti: randomUUID(), nbf: s, exp: s + 600 })).toString('base64url')}`;
			const assertion = `${input}.${sign('sha256', Buffer.from(input), createPrivateKey(cert.keyPem)).toString('base64url')}`;
			const base = { grant_type: 'client_credentials', client_id: WEB, client_assertion: assertion, scope: 'api://orders/.default' };
			const missing = fails(base, 400, 'invalid_request', 90014);
			assert.equal(missing.text, "The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request.");
			fails({ ...base, client_assertion_type: 'jwt' }, 400, 'invalid_request', 90014, /client_assertion_type is 'jwt'; it must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'/);
			const ok = token({ ...base, client_assertion_type: ASSERTION_TYPE });
			assert.equal(part(ok.access_token, 1).azpacr, '2');
			// The assertion is checked against this sandbox's token endpoint and skew: a bad signature is refused.
			fails({ ...base, client_assertion_type: ASSERTION_TYPE, client_assertion: `${input}.AAAA` }, 401, 'invalid_client', 700027);
			// ...and against the time the request is answered at (the key is valid for 30 days).
			fails({ ...base, client_assertion_type: ASSERTION_TYPE }, 401, 'invalid_client', 700024, undefined, TENANT, new Date(now.getTime() + 3600_000));
		});
	});

	describe('client credentials', () => {
		it('{resource}/.default → a token for the resource with its application roles only; expires_in and ext_expires_in 3599', () => {
			const r = token({ grant_type: 'client_credentials', ...web, scope: 'api://orders/.default' });
			assert.deepEqual([r.token_type, r.expires_in, r.ext_expires_in], ['Bearer', 3599, 3599]);
			assert.equal(r.refresh_token, undefined);
			assert.equal(r.scope, undefined);
			const c = part(r.access_token, 1);
			assert.deepEqual([c.aud, c.azp, c.idtyp, c.roles], [ORDERS, WEB, 'app', ['Orders.Read.All']]);
			assert.equal(part(r.access_token, 0).nonce, undefined);
		});

		it('Graph\'s /.default → a Graph-style token (header nonce) for Graph, with no roles', () => {
			const r = token({ grant_type: 'client_credentials', ...web, scope: 'https://graph.microsoft.com/.default' });
			const c = part(r.access_token, 1);
			assert.deepEqual([c.aud, c.roles, c.idtyp], [GRAPH_APP_ID, undefined, 'app']);
			assert.equal(typeof part(r.access_token, 0).nonce, 'string');
		});

		it('no scope, OpenID scopes, a named scope or /default without the dot → 70011 naming the bad scope', () => {
			const cc = (scope?: string) => ({ grant_type: 'client_credentials', ...web, ...(scope !== undefined ? { scope } : {}) });
			fails(cc(), 400, 'invalid_scope', 70011, /needs scope=\{App ID URI or client ID\}\/\.default/);
			fails(cc('openid'), 400, 'invalid_scope', 70011, /'openid' is not one/);
			fails(cc('api://orders/.default openid'), 400, 'invalid_scope', 70011, /'openid' is not one/);
			fails(cc('api://orders/Orders.Read'), 400, 'invalid_scope', 70011, /The scope api:\/\/orders\/Orders\.Read is not valid\..*'api:\/\/orders\/Orders\.Read' is not one/);
			fails(cc('api://orders/default'), 400, 'invalid_scope', 70011, /'api:\/\/orders\/default' lacks the dot: use 'api:\/\/orders\/\.default'/);
			fails(cc('api://nowhere/.default'), 400, 'invalid_resource', 500011);
		});
	});

	describe('authorization code', () => {
		it('redeems once: tokens for the code\'s scopes and user, the ID token with the code\'s nonce; then 54005', () => {
			const c = code({ nonce: 'n-1' });
			const r = redeem(c, now, { client_info: '1' });
			assert.equal(r.token_type, 'Bearer');
			const lifetime = Number(part(r.access_token, 1).exp) - Number(part(r.access_token, 1).iat);
			for (const k of ['expires_in', 'ext_expires_in']) {
				assert.ok(Number(r[k]) > 3000 && Number(r[k]) <= lifetime, `${k} ${String(r[k])}: never past the token's exp`);
			}
			assert.deepEqual(String(r.scope).split(' ').filter((x) => !['openid', 'profile'].includes(x)), ['api://orders/Orders.Read', 'offline_access']);
			const at = part(r.access_token, 1);
			assert.deepEqual([at.aud, at.scp, at.oid, at.azp], [ORDERS, 'Orders.Read', AVERY.oid, WEB]);
			const id = part(r.id_token, 1);
			assert.deepEqual([id.aud, id.nonce, id.oid], [WEB, 'n-1', AVERY.oid]);
			assert.equal(typeof r.refresh_token, 'string');
			assert.deepEqual(JSON.parse(Buffer.from(String(r.client_info), 'base64url').toString()), { uid: AVERY.oid, utid: TENANT });
			fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 54005, /already redeemed/);
		});

		it('no code → 900144; a code never issued → 70000', () => {
			fails({ grant_type: 'authorization_code', ...web, redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_request', 900144, /'code'/);
			fails({ grant_type: 'authorization_code', ...web, code: 'never-issued', redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 70000, /not issued by this sandbox/);
		});

		it('valid for its 10 minutes; a millisecond later → 70008, and the expired code is gone (70000 after)', () => {
			assert.ok(redeem(code(), new Date(now.getTime() + 600_000 - 1)).access_token);
			const c = code();
			fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 70008, /has expired due to inactivity/, TENANT, new Date(now.getTime() + 600_001));
			assert.equal(state.codes.has(c), false);
			fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 70000);
		});

		it('the code belongs to its client (70000), its redirect URI (900144 when missing, 500112 when different) and its PKCE challenge (501481)', () => {
			const c = code();
			fails({ grant_type: 'authorization_code', ...orders, code: c, redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 70000, new RegExp(`issued to client '${WEB}', not '${ORDERS}'`));
			fails({ grant_type: 'authorization_code', ...web, code: c, code_verifier: VERIFIER }, 400, 'invalid_request', 900144, /'redirect_uri'/);
			fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: 'http://localhost:53682', code_verifier: VERIFIER }, 400, 'invalid_grant', 500112, /The reply address 'http:\/\/localhost:53682' does not match the reply address 'http:\/\/localhost:53682\/'/);
			const none = fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT }, 400, 'invalid_grant', 501481, /no code_verifier was sent/);
			assert.match(none.text, /^The Code_Verifier does not match the code_challenge/);
			const wrong = fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: `${VERIFIER.slice(0, -1)}A` }, 400, 'invalid_grant', 501481);
			assert.equal(wrong.text, 'The Code_Verifier does not match the code_challenge supplied in the authorization request.');
			fails({ grant_type: 'authorization_code', ...web, code: c, redirect_uri: REDIRECT, code_verifier: 'short' }, 400, 'invalid_grant', 501481);
			// None of these used the code up.
			assert.ok(redeem(c).access_token);
			// The client ID compares without regard to case.
			assert.ok(redeem(code({ clientId: WEB.toUpperCase() })).access_token);
		});

		it('a code for a user no longer in the sandbox → 70000', () => {
			fails({ grant_type: 'authorization_code', ...web, code: code({ userOid: randomUUID() }), redirect_uri: REDIRECT, code_verifier: VERIFIER }, 400, 'invalid_grant', 70000, /no longer a sandbox user/);
		});

		it('without openid no ID token, without offline_access no refresh token; client_info only when asked', () => {
			const r = redeem(code({ scope: 'api://orders/Orders.Write' }));
			assert.deepEqual([r.id_token, r.refresh_token, r.client_info, r.scope], [undefined, undefined, undefined, 'api://orders/Orders.Write']);
			assert.equal(redeem(code(), now, { client_info: 'yes' }).client_info, undefined);
		});

		it('only OpenID scopes → a Graph-style token for User.Read; Graph scopes → those, without .default', () => {
			const oidc = redeem(code({ scope: 'openid profile' }));
			assert.equal(oidc.scope, 'User.Read openid profile');
			assert.deepEqual([part(oidc.access_token, 1).aud, part(oidc.access_token, 1).scp], [GRAPH_APP_ID, 'User.Read openid profile']);
			assert.equal(typeof part(oidc.access_token, 0).nonce, 'string');
			const graph = redeem(code({ scope: 'User.Read Mail.Read offline_access' }));
			assert.equal(graph.scope, 'User.Read Mail.Read offline_access');
			const dflt = redeem(code({ scope: 'https://graph.microsoft.com/.default' }));
			assert.equal(dflt.scope, 'User.Read');
			const byId = redeem(code({ scope: `${ORDERS}/.default` }));
			assert.equal(byId.scope, `${ORDERS}/Orders.Read ${ORDERS}/Orders.Write`, 'the resource named as the request named it');
		});
	});

	describe('refresh token', () => {
		it('redeemable again and again, for the same or another resource (offline_access kept), by its client only', () => {
			const rt = String(redeem(code()).refresh_token);
			const again = token({ grant_type: 'refresh_token', ...web, refresh_token: rt });
			assert.deepEqual(String(again.scope).split(' ').filter((x) => !['openid', 'profile'].includes(x)), ['api://orders/Orders.Read', 'offline_access']);
			assert.equal(part(again.access_token, 1).aud, ORDERS);
			assert.equal(part(again.id_token, 1).nonce, undefined, 'no nonce on refresh');
			const other = token({ grant_type: 'refresh_token', ...web, refresh_token: rt, scope: 'api://inventory/Inventory.Read' });
			assert.equal(other.scope, 'api://inventory/Inventory.Read offline_access');
			assert.equal(typeof other.refresh_token, 'string');
			const kept = token({ grant_type: 'refresh_token', ...web, refresh_token: String(other.refresh_token) });
			assert.equal(kept.scope, 'api://inventory/Inventory.Read offline_access', 'the new refresh token keeps the scope it was issued for');
			const explicit = token({ grant_type: 'refresh_token', ...web, refresh_token: rt, scope: 'offline_access api://orders/Orders.Write' });
			assert.equal(explicit.scope, 'api://orders/Orders.Write offline_access');
			fails({ grant_type: 'refresh_token', ...orders, refresh_token: rt }, 400, 'invalid_grant', 70000, new RegExp(`issued to client '${WEB}', not '${ORDERS}'`));
		});

		it('no refresh_token → 900144; one never issued → 9002313; its user gone → 70000', () => {
			fails({ grant_type: 'refresh_token', ...web }, 400, 'invalid_request', 900144, /'refresh_token'/);
			fails({ grant_type: 'refresh_token', ...web, refresh_token: 'nope' }, 400, 'invalid_grant', 9002313, /not issued by this sandbox/);
			state.refreshTokens.set('gone-user', { clientId: WEB.toUpperCase(), userOid: randomUUID(), scope: 'openid' });
			fails({ grant_type: 'refresh_token', ...web, refresh_token: 'gone-user' }, 400, 'invalid_grant', 70000, /user of this refresh token is no longer a sandbox user/);
		});
	});

	describe('On-Behalf-Of', () => {
		const userToken = (over: Record<string, unknown> = {}, at = now) => {
			const s = Math.floor(at.getTime() / 1000);
			return signJwt(state.key, { aud: ORDERS, iss: state.issuer, iat: s, nbf: s, exp: s + 3600, azp: WEB, idtyp: 'user', oid: AVERY.oid, scp: 'Orders.Read', sub: 'x', tid: TENANT, ver: '2.0', ...over });
		};
		const obo = (assertion: string, over: Record<string, string> = {}) => ({ grant_type: OBO, ...orders, assertion, requested_token_use: 'on_behalf_of', scope: 'api://inventory/Inventory.Read', ...over });

		it('a user token for the API → a token for the downstream API for the same user, azp the API', () => {
			const r = token(obo(userToken()));
			const c = part(r.access_token, 1);
			assert.deepEqual([c.aud, c.azp, c.oid, c.scp, c.idtyp], [INVENTORY, ORDERS, AVERY.oid, 'Inventory.Read', 'user']);
			assert.equal(r.scope, 'api://inventory/Inventory.Read');
			// aud may be an identifier URI of the API (any case, a trailing slash), or its app ID in another case.
			assert.ok(token(obo(userToken({ aud: 'API://Orders/' }))).access_token);
			assert.ok(token(obo(userToken({ aud: 'api://orders//' }))).access_token, 'trailing slashes, as resources compare');
			assert.ok(token(obo(userToken({ aud: ORDERS.toUpperCase() }))).access_token);
		});

		it('missing assertion, requested_token_use or scope → 900144; a wrong requested_token_use names it', () => {
			fails({ grant_type: OBO, ...orders, requested_token_use: 'on_behalf_of', scope: 'api://inventory/.default' }, 400, 'invalid_request', 900144, /'assertion'\.$/);
			const missing = fails(obo(userToken(), { requested_token_use: '' }), 400, 'invalid_request', 900144, /'requested_token_use'\.$/);
			assert.doesNotMatch(missing.text, /must be/);
			fails(obo(userToken(), { requested_token_use: 'obo' }), 400, 'invalid_request', 900144, /requested_token_use must be 'on_behalf_of', not 'obo'/);
			fails(obo(userToken(), { scope: '' }), 400, 'invalid_request', 900144, /'scope'\.$/);
		});

		it('not a JWS → invalid_grant 50027; a Graph token (header nonce) → 50013 naming its aud', () => {
			fails(obo('not-a-jwt'), 400, 'invalid_grant', 50027, /^JWT token is invalid or malformed\. \(Entra Cert Kit sandbox: assertion must be the access token the client sent to this API/);
			const graph = issueAccessToken(state.key, { issuer: state.issuer, tenantId: TENANT, now }, { audience: GRAPH_APP_ID, clientId: WEB, credential: 'secret', user: AVERY, scopes: ['User.Read'], graph: true });
			fails(obo(graph), 400, 'invalid_grant', 50013, new RegExp(`header nonce, as Microsoft Graph tokens do \\(aud '${GRAPH_APP_ID}'\\)`));
			const noAud = issueAccessToken(state.key, { issuer: state.issuer, tenantId: TENANT, now }, { audience: undefined as unknown as string, clientId: WEB, credential: 'secret', graph: true });
			fails(obo(noAud), 400, 'invalid_grant', 50013, /header nonce, as Microsoft Graph tokens do\. Graph signs/);
		});

		it('not signed by the sandbox → 50013; a client assertion passed as the assertion is recognised as swapped', () => {
			const [h, p] = userToken().split('.');
			const forged = `${h}.${p}.${Buffer.from('x'.repeat(256)).toString('base64url')}`;
			const e = fails(obo(forged), 400, 'invalid_grant', 50013, /its signature does not verify with the sandbox's keys/);
			assert.match(e.text, /^Assertion failed signature validation\. \[Reason - The provided signature value did not match the expected signature value\.\]/);
			const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
			for (const aud of [state.tokenEndpoint, `${BASE}/${TENANT}/oauth2/token`]) {
				const clientAssertion = `${b64({ alg: 'RS256', typ: 'JWT', x5t: 'abc' })}.${b64({ aud, iss: ORDERS, sub: ORDERS, exp: 2e9 })}.${Buffer.from('sig').toString('base64url')}`;
				fails(obo(clientAssertion), 400, 'invalid_grant', 50013, /client_assertion and assertion seem swapped/);
			}
			const notSwapped = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: state.tokenEndpoint, iss: ORDERS, sub: WEB })}.${Buffer.from('sig').toString('base64url')}`;
			assert.doesNotMatch(fails(obo(notSwapped), 400, 'invalid_grant', 50013).text, /swapped/);
			for (const payload of [{ aud: 'api://orders', iss: ORDERS, sub: ORDERS }, { aud: `${state.tokenEndpoint}/extra` , iss: ORDERS, sub: ORDERS }, { aud: state.tokenEndpoint }]) {
				const notClientAssertion = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}.${Buffer.from('sig').toString('base64url')}`;
				assert.doesNotMatch(fails(obo(notClientAssertion), 400, 'invalid_grant', 50013).text, /swapped/, JSON.stringify(payload));
			}
		});

		it('signed by the sandbox for another issuer → 50013 naming both issuers', () => {
			fails(obo(userToken({ iss: `${BASE}/common/v2.0` })), 400, 'invalid_grant', 50013, new RegExp(`issuer '${BASE}/common/v2\\.0' is not this sandbox's '${BASE}/${TENANT}/v2\\.0'`));
		});

		it('accepted up to the skew (5 minutes) past exp; later → 500133 with both times; no exp counts as expired', () => {
			const t = userToken();
			const exp = Number(part(t, 1).exp) * 1000;
			assert.ok(token(obo(t), TENANT, new Date(exp + 300_000)).access_token);
			fails(obo(t), 400, 'invalid_grant', 500133, new RegExp(`Current time: ${new Date(exp + 300_001).toISOString().replace('.001Z', '.0010000Z')}, expiry time of assertion ${new Date(exp).toISOString().replace('.000Z', '.0000000Z')}\\.$`), TENANT, new Date(exp + 300_001));
			fails(obo(userToken({ exp: undefined })), 400, 'invalid_grant', 500133);
			fails(obo(userToken({ exp: String(Math.floor(now.getTime() / 1000) + 3600) })), 400, 'invalid_grant', 500133);
		});

		it('a token for another audience → 50013 naming both; an app-only token or an unknown user → 50013 saying which', () => {
			fails(obo(userToken({ aud: INVENTORY })), 400, 'invalid_grant', 50013, new RegExp(`The audience in the assertion was '${INVENTORY}' and the expected audience is '${ORDERS}'`));
			fails(obo(userToken({ aud: [ORDERS] })), 400, 'invalid_grant', 50013, /The audience in the assertion was '' and/);
			fails(obo(userToken({ idtyp: 'app' })), 400, 'invalid_grant', 50013, /app-only token \(no user, no scp\)/);
			fails(obo(userToken({ scp: undefined, idtyp: undefined })), 400, 'invalid_grant', 50013, /app-only token/);
			fails(obo(userToken({ scp: 7 })), 400, 'invalid_grant', 50013, /Assertion failed validation\./);
			fails(obo(userToken({ oid: randomUUID() })), 400, 'invalid_grant', 50013, /the assertion's user \(oid '.*'\) is not a sandbox user/);
			fails(obo(userToken({ oid: 42 })), 400, 'invalid_grant', 50013, /oid ''/);
		});
	});
});
