/**
 * Token validation, the token-aware rules one by one: audience (stray whitespace, nothing configured, no aud, Graph,
 * another Microsoft resource, an ID token, client ID vs App ID URI, another app), issuer (listed, placeholder, v1/v2,
 * tenant, B2C/CIAM, not Entra, explained), lifetime (the token's times and the API's stated times, skew edges, time
 * zones), signature (nonce, alg, key ids, keys loaded, flags, the issuer's key URL) and scopes (none, app-only,
 * required scopes and roles, scopes the API does not expose). Each test names the finding's code and severity and the
 * values its message and fix carry (aud, iss, tenant, kid, times, scope to request). Tokens are built here, unsigned;
 * IDs are made up; expected times and durations are worked out from the inputs.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { tokenValidationFindings } from '../../../src/core/diagnose/tokenValidation';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import type { Finding } from '../../../src/core/findings';

const TENANT = '4f1c2a9e-7d3b-4c8a-9e21-5b6d7f8a9c0d';
const OTHER = 'a1b2c3d4-1111-4222-8333-944455556666';
const API = '6b8f2e1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const CLIENT = '9d7c5b3a-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const NOW = new Date('2026-03-10T12:00:00Z');
const T = (s: number) => NOW.getTime() / 1000 + s;
const V2 = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const V1 = `https://sts.windows.net/${TENANT}/`;
const V2_OTHER = `https://login.microsoftonline.com/${OTHER}/v2.0`;
const V1_OTHER = `https://sts.windows.net/${OTHER}/`;

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A compact JWS with a made-up signature (the rules decode, they never verify). Undefined claims are left out. */
const tok = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) =>
	`${b64u({ typ: 'JWT', ...header })}.${b64u(payload)}.${Buffer.from(randomUUID()).toString('base64url')}`;
/** A delegated v2 access token for the API. */
const access = (extra: Record<string, unknown> = {}) => ({ aud: API, iss: V2, tid: TENANT, azp: CLIENT, scp: 'access_as_user', upn: 'avery@contoso.com', iat: T(-600), nbf: T(-600), exp: T(3000), ver: '2.0', ...extra });
const appOnly = (extra: Record<string, unknown> = {}) => access({ scp: undefined, upn: undefined, idtyp: 'app', ...extra });
const idToken = (extra: Record<string, unknown> = {}) => ({ aud: CLIENT, iss: V2, tid: TENANT, nonce: 'n-0S6_WzA2Mj', iat: T(-60), exp: T(3000), ver: '2.0', ...extra });

function manifest(extra: Record<string, unknown> = {}, label = 'api/manifest.json'): { label: string; text: string } {
	return {
		label,
		text: JSON.stringify({ appId: API, displayName: 'Orders API', identifierUris: [`api://${API}`], accessTokenAcceptedVersion: 2, oauth2Permissions: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true }], appRoles: [], ...extra }),
	};
}
const clientApp = { label: 'spa/manifest.json', text: JSON.stringify({ appId: CLIENT, displayName: 'Orders SPA', identifierUris: [] }) };

const run = (text: string, ctx: Partial<DiagnoseContext> = {}) => tokenValidationFindings(text, { now: NOW, ...ctx }) ?? [];
const codes = (fs: Finding[]) => fs.map((f) => f.code);
function one(fs: Finding[], code: string): Finding {
	const got = fs.filter((f) => f.code === code);
	assert.equal(got.length, 1, `one ${code} in ${codes(fs).join(', ')}`);
	return got[0];
}
function none(fs: Finding[], ...cs: string[]): void {
	for (const c of cs) {
		assert.ok(!codes(fs).includes(c), `no ${c} in ${codes(fs).join(', ')}`);
	}
}
const has = (s: string, part: string) => assert.ok(s.includes(part), `'${part}' in: ${s}`);
const lacks = (s: string, part: string) => assert.ok(!s.includes(part), `no '${part}' in: ${s}`);

/** IDX10214 as Microsoft.IdentityModel prints it; audiences and configured values as given. */
const idx10214 = (audiences: string | undefined, validAudience: string, validAudiences = 'null') =>
	`IDX10214: Audience validation failed.${audiences === undefined ? '' : ` Audiences: '${audiences}'.`} Did not match: validationParameters.ValidAudience: '${validAudience}' or validationParameters.ValidAudiences: '${validAudiences}'.`;
const idx10205 = (issuer: string, validIssuer: string, validIssuers = 'null') =>
	`IDX10205: Issuer validation failed. Issuer: '${issuer}'. Did not match: validationParameters.ValidIssuer: '${validIssuer}' or validationParameters.ValidIssuers: '${validIssuers}'.`;
const AUDIENCE_CODES = ['api-audience-whitespace', 'api-audience-not-configured', 'token-no-audience', 'token-for-graph', 'token-for-other-resource', 'token-is-id-token', 'token-not-the-one-refused', 'token-audience-form', 'token-audience-mismatch'];

describe('token validation rules: audience', () => {
	it('a configured audience with spaces around it, equal to the aud otherwise: whitespace, and nothing else', () => {
		const fs = run(`${idx10214(API, ` ${API} `)}\n${tok(access({ aud: [API, 'api://spare'] }))}`);
		const f = one(fs, 'api-audience-whitespace');
		assert.equal(f.severity, 'error');
		has(f.message, `'${` ${API} `}'`);
		has(f.message, `aud '${API}'`);
		has(f.fix, 'ClientId / Audience');
		assert.deepEqual(codes(fs).filter((c) => AUDIENCE_CODES.includes(c)), ['api-audience-whitespace']);
	});

	it('no whitespace finding for a configured value without spaces, or a padded one that is another audience', () => {
		// accepted as it is: no audience finding at all
		const ok = run(`${idx10214(API, API)}\n${tok(access())}`);
		assert.deepEqual(codes(ok).filter((c) => AUDIENCE_CODES.includes(c)), []);
		const padded = run(`${idx10214(API, ' api://elsewhere ')}\n${tok(access())}`);
		none(padded, 'api-audience-whitespace');
		has(one(padded, 'token-audience-mismatch').message, `'${API}'`);
		// an unpadded value that is not the aud is a mismatch, not whitespace
		none(run(`${idx10214(API, 'api://elsewhere')}\n${tok(access())}`), 'api-audience-whitespace');
	});

	it('an API with no audience configured: named with every audience the error reports; only for IDX10214 / IDX10208', () => {
		const f = one(run(idx10214('api://a, api://b', 'null')), 'api-audience-not-configured');
		assert.equal(f.severity, 'error');
		has(f.message, "'api://a', 'api://b' cannot match");
		has(f.fix, 'ClientId');
		has(f.fix, '(AddJwtBearer), and check');
		// IDX10208 states no audience: nothing to name as unmatched
		const bare = one(run('IDX10208: Unable to validate audience. validationParameters.ValidAudience: \'null\' or validationParameters.ValidAudiences: \'null\'.'), 'api-audience-not-configured');
		assert.ok(bare.message.endsWith('(ValidAudience and ValidAudiences are not set).'), bare.message);
		// the token's aud is named as the token's
		const withToken = one(run(`${idx10214(undefined, 'null')}\n${tok(access())}`), 'api-audience-not-configured');
		has(withToken.message, `the token's aud '${API}' cannot match`);
		// configured audiences stated: not "nothing configured"
		none(run(`${idx10214(API, `api://${API}`)}\n${tok(access())}`), 'api-audience-not-configured');
		// another message saying the audiences are unset (IDX10206: the token has none) is not this cause
		none(run("IDX10206: Unable to validate audience. The 'audiences' parameter is empty. validationParameters.ValidAudience: 'null'."), 'api-audience-not-configured');
	});

	it('a token without aud, or with an empty one: no audience, named with its iss (or none), and nothing more', () => {
		for (const aud of [undefined, []]) {
			const fs = run(`IDX10214: Audience validation failed.\n${tok(access({ aud }))}`, { clientId: API });
			const f = one(fs, 'token-no-audience');
			assert.equal(f.severity, 'error');
			has(f.message, `(iss ${V2})`);
			has(f.fix, `scope api://${API}/<scope>`);
			assert.deepEqual(codes(fs).filter((c) => AUDIENCE_CODES.includes(c)), ['token-no-audience']);
		}
		has(one(run(`IDX10214: Audience validation failed.\n${tok({ sub: 'x', scp: 'a', exp: T(60) })}`), 'token-no-audience').message, '(iss none)');
		// the token in the text decides, even when the error reports an audience
		one(run(`${idx10214('api://x', API)}\n${tok(access({ aud: undefined }))}`), 'token-no-audience');
	});

	it('Graph: by its aud alone (any of them), or by a nonce in the header whatever the aud; named once', () => {
		const byAud = one(run(`${idx10214(undefined, API)}\n${tok(access({ aud: ['https://contoso.example/x', GRAPH], scp: 'User.Read openid' }))}`, { clientId: API }), 'token-for-graph');
		assert.equal(byAud.severity, 'error');
		has(byAud.message, `aud '${GRAPH}'`);
		has(byAud.message, `(aud '${GRAPH}', scp 'User.Read openid'): it is meant for Graph only.`);
		lacks(byAud.message, 'nonce in its header');
		has(byAud.fix, `scope api://${API}/<scope>`);
		const byNonce = one(run(`${idx10214(undefined, API)}\n${tok(access({ scp: undefined, roles: ['x'] }), { alg: 'RS256', kid: 'k1', nonce: 'AQAB' })}`), 'token-for-graph');
		has(byNonce.message, `aud '${API}', and a nonce in its header)`);
		has(byNonce.message, 'and a nonce in its header): it is meant for Graph only.');
		none(run(`${idx10214(undefined, API)}\n${tok(access())}`), 'token-for-graph');
		// IDX10511 checks the signature and the audience: the two rules name one Graph token once
		const both = run(`IDX10511: Signature validation failed.\n${tok(access({ aud: ['https://contoso.example/x', GRAPH] }), { alg: 'RS256', kid: 'k1', nonce: 'AQAB' })}`);
		has(one(both, 'token-for-graph').message, `aud '${GRAPH}'`);
		// a nonce token without aud: no audience, and still a Graph token by its header
		const noAud = run(`IDX10511: Signature validation failed.\n${tok(access({ aud: undefined }), { alg: 'RS256', kid: 'k1', nonce: 'AQAB' })}`);
		one(noAud, 'token-no-audience');
		has(one(noAud, 'token-for-graph').message, "aud 'Microsoft Graph', and a nonce");
	});

	it('a token for another Microsoft resource, and an ID token: what to send instead', () => {
		const arm = one(run(`IDX10214: Audience validation failed.\n${tok(access({ aud: 'https://management.azure.com/' }))}`, { clientId: API }), 'token-for-other-resource');
		assert.equal(arm.severity, 'error');
		has(arm.fix, `scope api://${API}/<scope>`);
		has(arm.fix, 'only for calls to Azure Resource Manager');
		const id = one(run(`IDX10214: Audience validation failed.\n${tok(idToken())}`, { clientId: API }), 'token-is-id-token');
		has(id.message, `issued to the client ${CLIENT}`);
		has(id.fix, 'result.accessToken');
		has(id.fix, `scope api://${API}/<scope>`);
	});

	it('nothing to compare with (no configured audience, no workspace app): no audience verdict', () => {
		const fs = run(`IDX10214: Audience validation failed.\n${tok(access({ aud: 'api://somewhere' }))}`);
		none(fs, 'token-audience-mismatch', 'token-audience-form');
	});

	it('the token in the text is accepted while the error reports another audience: another token was refused', () => {
		const f = one(run(`${idx10214('api://old', API)}\n${tok(access())}`), 'token-not-the-one-refused');
		assert.equal(f.severity, 'warning');
		has(f.message, "refused a token for 'api://old'");
		has(f.message, `this text is for '${API}'`);
		has(f.fix, 'Authorization header');
		const two = one(run(`${idx10214('api://old, api://older', API)}\n${tok(access({ aud: [API, 'api://spare'] }))}`), 'token-not-the-one-refused');
		has(two.message, "refused a token for 'api://old', 'api://older'");
		has(two.message, `this text is for '${API}', 'api://spare'`);
		// the refused audience is the token's (also among others, in either list): the same token
		none(run(`${idx10214(`${API}, api://old`, API)}\n${tok(access())}`), 'token-not-the-one-refused', 'token-audience-mismatch');
		none(run(`${idx10214(API, API)}\n${tok(access({ aud: [API, 'api://old'] }))}`), 'token-not-the-one-refused', 'token-audience-mismatch');
		// no token in the text: nothing to tell apart
		none(run(idx10214(API, API)), 'token-not-the-one-refused', 'token-audience-mismatch');
		// an accepted aud among others in the token is accepted
		none(run(`${idx10214(undefined, API)}\n${tok(access({ aud: ['api://elsewhere', API] }))}`), 'token-audience-mismatch');
	});

	it("the client ID where the API accepts only the App ID URI: the audience form, for the token's aud or the reported one", () => {
		const t = one(run(`${idx10214(undefined, `api://${API}`)}\n${tok(access())}`), 'token-audience-form');
		assert.equal(t.severity, 'error');
		assert.ok(t.message.startsWith(`The token's aud is the API's client ID ${API}`), t.message);
		has(t.message, `accepts only api://${API}.`);
		has(t.fix, `set ClientId to ${API}`);
		const r = one(run(idx10214(API, `api://${API}`)), 'token-audience-form');
		assert.ok(r.message.startsWith(`The reported audience is the API's client ID ${API}`), r.message);
		has(one(run(`${idx10214(undefined, 'null', `api://${API}, https://contoso.onmicrosoft.com/orders`)}\n${tok(access())}`), 'token-audience-form').message, `accepts only api://${API}, https://contoso.onmicrosoft.com/orders.`);
		// the same app by the workspace: its client ID, while the API was configured with its https App ID URI
		const uri = 'https://contoso.onmicrosoft.com/orders';
		const same = one(run(`${idx10214(undefined, uri)}\n${tok(access())}`, { manifests: [manifest({ identifierUris: [uri] })] }), 'token-audience-form');
		has(same.message, `client ID ${API}`);
		// another app's client ID, no workspace: a mismatch, not a form
		const other = run(`${idx10214(undefined, API)}\n${tok(access({ aud: OTHER }))}`);
		none(other, 'token-audience-form');
		one(other, 'token-audience-mismatch');
	});

	it('the App ID URI where the API accepts only the client ID: the audience form, any case and trailing slashes', () => {
		for (const aud of [`api://${API}`, `API://${API.toUpperCase()}`, `api://${API}//`]) {
			const t = one(run(`${idx10214(undefined, API)}\n${tok(access({ aud }))}`), 'token-audience-form');
			assert.equal(t.severity, 'error');
			assert.ok(t.message.startsWith(`The token's aud is the App ID URI ${aud} (the form v1 tokens carry), but the API accepts only ${API}.`), t.message);
			has(t.fix, `Audience = ${aud})`);
			has(t.fix, 'accessTokenAcceptedVersion');
		}
		const r = one(run(idx10214(`api://${API}`, API)), 'token-audience-form');
		has(one(run(idx10214(`api://${API}`, 'null', `${API}, https://contoso.onmicrosoft.com/orders`)), 'token-audience-form').message, `accepts only ${API}, https://contoso.onmicrosoft.com/orders.`);
		assert.ok(r.message.startsWith(`The reported audience is the App ID URI api://${API}`), r.message);
		// an https App ID URI of the same workspace app
		const uri = 'https://contoso.onmicrosoft.com/orders';
		has(one(run(`${idx10214(undefined, API)}\n${tok(access({ aud: uri }))}`, { manifests: [manifest({ identifierUris: [uri] })] }), 'token-audience-form').message, `App ID URI ${uri}`);
		// a URI of no app the API knows: a mismatch
		const other = run(`${idx10214(undefined, API)}\n${tok(access({ aud: 'api://elsewhere' }))}`);
		none(other, 'token-audience-form');
		one(other, 'token-audience-mismatch');
	});

	it('a mismatch names the aud, what the API accepts and where that came from; another workspace app is named', () => {
		const plain = one(run(`${idx10214(undefined, API)}\n${tok(access({ aud: 'api://elsewhere' }))}`), 'token-audience-mismatch');
		assert.equal(plain.severity, 'error');
		assert.ok(plain.message.startsWith(`The token's aud 'api://elsewhere' is none of the audiences the API accepts (${API.toLowerCase()}, from the audiences the API is configured with).`), plain.message);
		assert.ok(plain.message.endsWith('configured with).'), plain.message);
		// a workspace app that is not the API's (the API itself is not in the workspace)
		const foreign = one(run(`${idx10214(undefined, API)}\n${tok(access({ aud: CLIENT }))}`, { manifests: [clientApp] }), 'token-audience-mismatch');
		has(foreign.message, `'${CLIENT}' is 'Orders SPA' (appId ${CLIENT}, spa/manifest.json) is none`);
		has(foreign.message, 'another app (often itself)');
		// a token with an empty aud and a trailing comma in the configured list: a mismatch, not whitespace
		const empty = run(`${idx10214(undefined, 'null', 'api://x,  ')}\n${tok(access({ aud: '' }))}`);
		none(empty, 'api-audience-whitespace');
		has(one(empty, 'token-audience-mismatch').message, "The token's aud '' is none");
		has(plain.fix, `scope api://${API}/<scope>`);
		const stated = one(run(idx10214('api://elsewhere, api://more', API)), 'token-audience-mismatch');
		assert.ok(stated.message.startsWith("The reported audience 'api://elsewhere', 'api://more' is none"), stated.message);
		const ws = one(run(`${idx10214(undefined, API)}\n${tok(access({ aud: CLIENT }))}`, { manifests: [manifest(), clientApp] }), 'token-audience-mismatch');
		has(ws.message, `'${CLIENT}' is 'Orders SPA' (appId ${CLIENT}, spa/manifest.json) is none`);
		has(ws.message, "from 'Orders API' (appId");
		has(ws.message, 'another app (often itself)');
		has(ws.fix, `scope api://${API}/access_as_user`);
	});
});

describe('token validation rules: issuer', () => {
	it('an issuer the API lists: checked only for an issuer message (IDX10205, jsonwebtoken)', () => {
		const js = one(run(`JsonWebTokenError: jwt issuer invalid. expected: ${V2}\n${tok(access())}`), 'token-issuer-accepted');
		assert.equal(js.severity, 'info');
		has(js.message, `The token's iss '${V2}'`);
		has(js.fix, 'exactly');
		// a signature message that also checks the issuer, with the configured issuer printed: nothing to say about it
		none(run(`IDX10501: Signature validation failed. Unable to match key: kid: 'k1'. validationParameters.ValidIssuer: '${V2}'.\n${tok(access())}`), 'token-issuer-accepted');
	});

	it('a placeholder issuer (common, organizations, {tenantid}): names the token tenant when known', () => {
		const f = one(run(`${idx10205(V2_OTHER, 'https://login.microsoftonline.com/organizations/v2.0')}\n${tok(access({ iss: V2_OTHER, tid: undefined }))}`), 'api-issuer-placeholder');
		assert.equal(f.severity, 'error');
		has(f.message, "against 'https://login.microsoftonline.com/organizations/v2.0'");
		has(f.message, `(here ${OTHER})`);
		has(f.fix, 'tenant-aware issuer validator');
		const unknown = one(run(idx10205('https://accounts.example.com', 'https://login.microsoftonline.com/{tenantid}/v2.0')), 'api-issuer-placeholder');
		assert.ok(unknown.message.endsWith("which no token carries: tokens name the user's tenant."), unknown.message);
	});

	it('a v1 token where the API accepts v2 issuers: the version, with what the workspace manifest says', () => {
		const f = one(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1, ver: '1.0' }))}`), 'token-issuer-version');
		assert.equal(f.severity, 'error');
		has(f.message, `The token's iss is '${V1}', the v1 form (ver 1.0), but the API accepts only v2 issuers (${V2}).`);
		lacks(f.message, 'Graph');
		lacks(f.message, 'manifest');
		has(f.fix, 'accessTokenAcceptedVersion: 2');
		has(f.fix, `https://sts.windows.net/${TENANT}/`);
		has(f.fix, "On the API's app registration set accessTokenAcceptedVersion: 2");
		assert.ok(f.message.endsWith(`(${V2}).`), f.message);
		has(one(run(`${idx10205(V1, V2, V2_OTHER)}\n${tok(access({ iss: V1 }))}`), 'token-issuer-version').message, `only v2 issuers (${V2}, ${V2_OTHER}).`);
		// the stated issuer only: no ver, no token to call Graph
		const stated = one(run(idx10205(V1, V2)), 'token-issuer-version');
		has(stated.message, `The issuer the error reports is '${V1}', the v1 form, but`);
		lacks(stated.message, 'Graph');
		// a Graph token: the real problem named
		has(one(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1, aud: GRAPH, ver: '1.0' }))}`), 'token-issuer-version').message, 'Graph tokens are always v1');
		// the workspace manifest: version 2 already (the token is older), null (v1), or no setting at all
		const ctx = (extra: Record<string, unknown>) => ({ clientId: API, manifests: [manifest(extra)] });
		const m2 = one(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1 }))}`, ctx({})), 'token-issuer-version');
		has(m2.message, "The API's manifest in the workspace (api/manifest.json) has version 2: the token is older than that setting");
		has(m2.fix, "On the API's app registration ('Orders API' (appId");
		const mNull = one(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1 }))}`, ctx({ accessTokenAcceptedVersion: null })), 'token-issuer-version');
		has(mNull.message, 'has no accepted version (null means v1).');
		const mUnset = one(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1 }))}`, ctx({ accessTokenAcceptedVersion: undefined })), 'token-issuer-version');
		lacks(mUnset.message, 'manifest in the workspace');
	});

	it('a v2 token where the API accepts v1 issuers: the version the other way round', () => {
		const f = one(run(`${idx10205(V2, V1)}\n${tok(access())}`), 'token-issuer-version');
		assert.equal(f.severity, 'error');
		has(f.message, `The token's iss is '${V2}', the v2 form (ver 2.0), but the API accepts only v1 issuers (${V1}).`);
		has(f.fix, `Point the API's Authority at the v2 metadata (https://login.microsoftonline.com/${TENANT}/v2.0)`);
		has(f.fix, `add the v2 issuer https://login.microsoftonline.com/${TENANT}/v2.0 to ValidIssuers`);
		assert.ok(f.message.endsWith(`(${V1}).`), f.message);
		has(one(run(`${idx10205(V2, V1, V1_OTHER)}\n${tok(access())}`), 'token-issuer-version').message, `only v1 issuers (${V1}, ${V1_OTHER}).`);
		const stated = one(run(idx10205(V2, V1)), 'token-issuer-version');
		has(stated.message, 'the v2 form, but');
		const m1 = one(run(`${idx10205(V2, V1)}\n${tok(access())}`, { clientId: API, manifests: [manifest({ accessTokenAcceptedVersion: 1 })] }), 'token-issuer-version');
		has(m1.message, 'has version 1: the token is older than that setting');
	});

	it('no version finding when the issuers accepted are of both versions, of the same version, or not stated', () => {
		none(run(`${idx10205(V1, V2, V1_OTHER)}\n${tok(access({ iss: V1 }))}`), 'token-issuer-version');
		none(run(`${idx10205(V2, V1, V2_OTHER)}\n${tok(access())}`), 'token-issuer-version');
		none(run(`${idx10205(V2, V2_OTHER)}\n${tok(access())}`), 'token-issuer-version');
		none(run(`${idx10205(V1, V1_OTHER)}\n${tok(access({ iss: V1 }))}`), 'token-issuer-version');
		none(run(`IDX10205: Issuer validation failed.\n${tok(access({ iss: V1 }))}`), 'token-issuer-version');
		none(run(`IDX10205: Issuer validation failed.\n${tok(access())}`), 'token-issuer-version');
	});

	it('another tenant: named when every tenant accepted is another GUID; the sign-in authority to use', () => {
		const f = one(run(`${idx10205(V2, V2_OTHER)}\n${tok(access())}`), 'token-issuer-tenant');
		assert.equal(f.severity, 'error');
		has(f.message, `names tenant ${TENANT}, but the API accepts tokens of tenant ${OTHER} only`);
		has(f.fix, `https://login.microsoftonline.com/${OTHER} (not`);
		// the tenant from the iss when the token has no tid
		has(one(run(`${idx10205(V1, V1_OTHER)}\n${tok(access({ iss: V1, tid: undefined }))}`), 'token-issuer-tenant').message, `names tenant ${TENANT}`);
		// an issuer of another kind listed first does not hide the tenant check
		one(run(`${idx10205(V2, 'https://accounts.example.com', V2_OTHER)}\n${tok(access())}`), 'token-issuer-tenant');
		// the token's tenant among those accepted, or a tenant given by name: no tenant finding
		none(run(`${idx10205(V2, V2_OTHER, `https://sts.windows.net/${TENANT.toUpperCase()}/`)}\n${tok(access())}`), 'token-issuer-tenant');
		none(run(`${idx10205(V2, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0')}\n${tok(access())}`), 'token-issuer-tenant');
	});

	it('B2C and CIAM tokens against another kind of authority; the same kind is not flagged', () => {
		const b2c = `https://contoso.b2clogin.com/${TENANT}/v2.0/`;
		const f = one(run(`${idx10205(b2c, V2)}\n${tok(access({ iss: b2c }))}`), 'token-issuer-kind');
		assert.equal(f.severity, 'error');
		has(f.message, `authority (${V2})`);
		has(one(run(`${idx10205(b2c, V2, V1)}\n${tok(access({ iss: b2c }))}`), 'token-issuer-kind').message, `authority (${V2}, ${V1})`);
		has(f.fix, 'Instance https://<tenant>.b2clogin.com/');
		has(one(run(`${idx10205(`https://contoso.ciamlogin.com/${TENANT}/v2.0`, V2)}\n${tok(access({ iss: `https://contoso.ciamlogin.com/${TENANT}/v2.0` }))}`), 'token-issuer-kind').fix, 'Configure the API with the ciamlogin.com authority');
		none(run(`${idx10205(b2c, `https://fabrikam.b2clogin.com/${OTHER}/v2.0/`)}\n${tok(access({ iss: b2c }))}`), 'token-issuer-kind');
		none(run(`IDX10205: Issuer validation failed.\n${tok(access({ iss: b2c }))}`), 'token-issuer-kind');
		// a v2 token against v1 issuers is a version question, not another kind of authority
		none(run(`${idx10205(V2, V1)}\n${tok(access())}`), 'token-issuer-kind');
	});

	it('an issuer that is not Entra: only for a token in the text, once', () => {
		const f = one(run(`${idx10205('https://accounts.example.com', V2)}\n${tok(access({ iss: 'https://accounts.example.com', tid: undefined }))}`), 'token-issuer-not-entra');
		assert.equal(f.severity, 'warning');
		has(f.message, "The token's iss 'https://accounts.example.com' is not an Entra issuer");
		has(f.fix, 'its own metadata and keys');
		none(run(idx10205('https://accounts.example.com', V2)), 'token-issuer-not-entra');
		none(run(`${idx10205(V2, V2_OTHER)}\n${tok(access())}`), 'token-issuer-not-entra');
	});

	it('no issuers stated: the token explains itself for IDX10205, IDX40001 and jsonwebtoken only', () => {
		const f = one(run(`IDX40001: Issuer: '${V2}', does not match any of the valid issuers provided for this application.\n${tok(access())}`), 'token-issuer-explained');
		assert.equal(f.severity, 'info');
		has(f.message, `v2 (iss ${V2}), tenant ${TENANT}. An API configured with the v2 authority accepts https://login.microsoftonline.com/${TENANT}/v2.0; a v1 token carries https://sts.windows.net/${TENANT}/.`);
		const v1 = one(run(`IDX10205: Issuer validation failed.\n${tok(access({ iss: V1, ver: '1.0' }))}`), 'token-issuer-explained');
		has(v1.fix, `accept the v1 issuer https://sts.windows.net/${TENANT}/ as well`);
		const other = one(run(`jwt issuer invalid\n${tok(access({ iss: 'https://accounts.example.com', tid: undefined }))}`), 'token-issuer-explained');
		has(other.message, 'https://login.microsoftonline.com/<tenant>/v2.0; a v1 token carries https://sts.windows.net/<tenant>/.');
		// issuers stated, no token, or a message of another kind: not explained
		none(run(`${idx10205(V1, V2)}\n${tok(access({ iss: V1 }))}`), 'token-issuer-explained');
		none(run(`IDX10205: Issuer validation failed. Issuer: '${V1}'. Did not match: nothing.`), 'token-issuer-explained');
		none(run(`IDX10501: Signature validation failed. Unable to match key: kid: 'k1'.\n${tok(access())}`), 'token-issuer-explained');
	});
});

describe('token validation rules: lifetime', () => {
	const expired = (text: string, payload: Record<string, unknown>, ctx: Partial<DiagnoseContext> = {}) => run(`${text}\n${tok(payload)}`, ctx);

	it("an expired token: when, how long before this machine's clock, how long it lived", () => {
		const f = one(expired('TokenExpiredError: jwt expired', access({ iat: T(-3 * 3600 - 17 * 60), exp: T(-2 * 3600 - 17 * 60) })), 'token-expired');
		assert.equal(f.severity, 'error');
		has(f.message, 'The token expired at 2026-03-10T09:43:00Z, 2 h before this machine\'s clock (2026-03-10T12:00:00.000Z), beyond the 300 s clock-skew allowance.');
		has(f.message, 'It was valid for 1 h from 2026-03-10T08:43:00Z.');
		lacks(f.message, 'time zone');
		lacks(f.message, 'cache');
		assert.equal(f.uncertain, undefined);
		assert.ok(f.message.endsWith('from 2026-03-10T08:43:00Z.'), f.message);
		has(f.fix, 'acquire the token silently');
		// no iat: no lifetime sentence
		const noIat = one(expired('TokenExpiredError: jwt expired', access({ iat: undefined, exp: T(-3600 - 600) })), 'token-expired');
		assert.ok(noIat.message.endsWith('beyond the 300 s clock-skew allowance.'), noIat.message);
	});

	it('a whole number of hours late is a time zone (uncertain); days late is an old token', () => {
		const tz = one(expired('TokenExpiredError: jwt expired', access({ iat: T(-3 * 3600), exp: T(-2 * 3600) })), 'token-expired');
		has(tz.message, 'The gap is 2 hours almost exactly');
		assert.equal(tz.uncertain, true);
		const old = one(expired('TokenExpiredError: jwt expired', access({ iat: T(-3 * 86400 - 3600), exp: T(-3 * 86400) })), 'token-expired');
		has(old.message, '3 days before');
		has(old.message, 'A token this old comes from a cache');
		lacks(old.message, 'time zone');
		assert.equal(old.uncertain, undefined);
	});

	it("the API's stated clock is the reference when the error gives it", () => {
		const f = one(expired("IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 9:30:00 AM'.", access({ iat: T(-4 * 3600), exp: Date.parse('2026-03-10T09:00:00Z') / 1000 })), 'token-expired');
		has(f.message, "30 min before the API's clock (2026-03-10T09:30:00.000Z, as the error states)");
		// the token is the one refused: its exp is the stated ValidTo, to the second
		none(expired("IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 9:30:00 AM'.", access({ exp: Date.parse('2026-03-10T09:00:01Z') / 1000 })), 'token-not-the-one-refused');
	});

	it('another token: the exp in the text is not the ValidTo the API refused', () => {
		const f = one(expired("IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 9:30:00 AM'.", access({ exp: Date.parse('2026-03-10T09:00:02Z') / 1000 })), 'token-not-the-one-refused');
		assert.equal(f.severity, 'warning');
		has(f.message, 'expired at 2026-03-10T09:00:00.000Z, but the token in this text expires at 2026-03-10T09:00:02Z');
		has(f.fix, 'acquire the token silently');
	});

	it('within the skew: information; exactly at the skew still within it', () => {
		const f = one(expired('TokenExpiredError: jwt expired', access({ exp: T(-120) })), 'token-just-expired');
		assert.equal(f.severity, 'info');
		has(f.message, "The token expired 2 min before this machine's clock (2026-03-10T12:00:00.000Z): within the 300 s skew");
		has(f.fix, 'clock-skew allowance');
		// RFC 7519: valid only before exp, so a token whose exp is this very second has expired
		const now = one(expired('TokenExpiredError: jwt expired', access({ exp: T(0) })), 'token-just-expired');
		has(now.message, "The token expired at the moment of this machine's clock");
				const edge = expired('TokenExpiredError: jwt expired', access({ exp: T(-300) }));
		none(edge, 'token-expired');
		one(edge, 'token-just-expired');
	});

	it("valid by this machine's clock yet called expired: the API's clock, only for an expiry message without a stated clock", () => {
		const f = one(expired('TokenExpiredError: jwt expired', access({ exp: T(3000) })), 'token-valid-by-clock');
		assert.equal(f.severity, 'warning');
		has(f.message, "By this machine's clock (2026-03-10T12:00:00.000Z) the token is valid until 2026-03-10T12:50:00Z (50 min left)");
		has(f.message, 'ahead by at least 50 min');
		has(f.fix, 'NTP');
		one(expired("IDX10223: Lifetime validation failed. The token is expired.", access()), 'token-valid-by-clock');
		none(expired('NotBeforeError: jwt not active', access()), 'token-valid-by-clock');
		none(expired("IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 12:50:00 PM', Current time (UTC): '3/10/2026 1:00:00 PM'.", access()), 'token-valid-by-clock');
		// a token without exp: no time to compare
		const noExp = expired('TokenExpiredError: jwt expired', access({ exp: undefined }));
		none(noExp, 'token-valid-by-clock', 'token-expired', 'token-just-expired');
	});

	it('not yet valid: beyond the skew, a time zone or a clock behind; within the skew nothing', () => {
		const tz = one(expired('NotBeforeError: jwt not active', access({ nbf: T(2 * 3600), iat: T(2 * 3600), exp: T(3 * 3600) })), 'token-not-yet-valid');
		assert.equal(tz.severity, 'error');
		has(tz.message, "The token is valid from 2026-03-10T14:00:00Z, 2 h after this machine's clock");
		has(tz.message, 'That is 2 hours almost exactly');
		assert.equal(tz.fix, 'Make the API compare times in UTC.');
		const behind = one(expired('NotBeforeError: jwt not active', access({ nbf: T(1000), iat: T(1000), exp: T(4000) })), 'token-not-yet-valid');
		has(behind.message, "The validating clock is behind Entra's by that much.");
		has(behind.fix, 'NTP');
		none(expired('NotBeforeError: jwt not active', access({ nbf: T(200), iat: T(200) })), 'token-not-yet-valid');
		none(expired('NotBeforeError: jwt not active', access({ nbf: T(300), iat: T(300) })), 'token-not-yet-valid');
	});

	it("the API's stated times without a token: expired by a time zone, kept too long, or old", () => {
		const msg = (validTo: string, current: string) => `IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '${validTo}', Current time (UTC): '${current}'.`;
		const tz = one(run(msg('3/10/2026 9:00:00 AM', '3/10/2026 11:00:00 AM')), 'token-expired');
		assert.equal(tz.severity, 'error');
		has(tz.message, "The API's clock read 2026-03-10T11:00:00.000Z and the token expired at 2026-03-10T09:00:00.000Z, 2 h earlier. That is 2 hours almost exactly");
		assert.equal(tz.uncertain, true);
		const kept = one(run(msg('3/10/2026 9:00:00 AM', '3/10/2026 9:41:13 AM')), 'token-expired');
		has(kept.message, 'The client kept using a token after it expired.');
		assert.equal(kept.uncertain, undefined);
		const old = one(run(msg('3/10/2026 9:00:00 AM', '3/14/2026 9:41:13 AM')), 'token-expired');
		has(old.message, 'The token is old');
		lacks(old.message, 'kept using');
		assert.equal(old.uncertain, undefined);
		has(old.fix, 'Acquire the token silently');
		// not expired by the stated times, or only one of them stated: no verdict
		none(run(msg('3/10/2026 9:00:00 AM', '3/10/2026 8:41:13 AM')), 'token-expired');
		none(run("IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM'."), 'token-expired');
		// with a token in the text, the token's exp decides (one finding)
		one(run(`${msg('3/10/2026 9:00:00 AM', '3/10/2026 9:41:13 AM')}\n${tok(access({ exp: Date.parse('2026-03-10T09:00:00Z') / 1000 }))}`), 'token-expired');
	});

	it("the API's stated times without a token: not yet valid by a time zone or a clock behind", () => {
		const msg = (validFrom: string, current: string) => `IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom (UTC): '${validFrom}', Current time (UTC): '${current}'.`;
		const tz = one(run(msg('3/10/2026 1:00:00 PM', '3/10/2026 11:00:00 AM')), 'token-not-yet-valid');
		assert.equal(tz.severity, 'error');
		has(tz.message, "The API's clock read 2026-03-10T11:00:00.000Z and the token is valid only from 2026-03-10T13:00:00.000Z: the API's clock is 2 h behind. That is 2 hours almost exactly");
		assert.equal(tz.fix, 'Make the API compare times in UTC.');
		const behind = one(run(msg('3/10/2026 11:37:00 AM', '3/10/2026 11:00:00 AM')), 'token-not-yet-valid');
		assert.ok(behind.message.endsWith("the API's clock is 37 min behind."), behind.message);
		has(behind.fix, 'NTP');
		none(run(msg('3/10/2026 10:00:00 AM', '3/10/2026 11:00:00 AM')), 'token-not-yet-valid');
		// with a token in the text, its nbf decides (valid by the API's stated clock here)
		none(run(`${msg('3/10/2026 1:00:00 PM', '3/10/2026 11:00:00 AM')}\n${tok(access({ nbf: T(-7200), iat: T(-7200) }))}`), 'token-not-yet-valid');
	});

	it("the lifetime flag: said once, and not on top of an expiry already explained", () => {
		const f = one(run("IDX10516: Signature validation failed. Unable to match key: kid: 'k9'. Valid Lifetime: 'False'. Valid Issuer: 'True'."), 'token-lifetime-invalid');
		assert.equal(f.severity, 'warning');
		has(f.message, "Valid Lifetime: 'False'");
		has(f.fix, 'check the API server clock');
		none(run("IDX10516: Signature validation failed. Unable to match key: kid: 'k9'. Valid Lifetime: 'True'. Valid Issuer: 'True'."), 'token-lifetime-invalid');
		const both = run(`IDX10516: Signature validation failed. Unable to match key: kid: 'k9'. Valid Lifetime: 'False'. Valid Issuer: 'True'.\n${tok(access({ iat: T(-7000), exp: T(-3700) }))}`);
		one(both, 'token-expired');
		none(both, 'token-lifetime-invalid');
	});
});

describe('token validation rules: signature', () => {
	it('a nonce in the header is a Graph token for a signature message too, named with its aud', () => {
		const f = one(run(`IDX10501: Signature validation failed.\n${tok(access({ aud: 'https://graph.microsoft.com' }), { alg: 'RS256', kid: 'k1', nonce: 'AQAB' })}`), 'token-for-graph');
		has(f.message, "aud 'https://graph.microsoft.com', and a nonce in its header");
		has(one(run(`IDX10501: Signature validation failed.\n${tok(access({ aud: undefined }), { alg: 'RS256', kid: 'k1', nonce: 'AQAB' })}`), 'token-for-graph').message, "aud 'Microsoft Graph'");
		none(run(`IDX10501: Signature validation failed.\n${tok(access())}`), 'token-for-graph');
	});

	it('alg and key id: a header without alg is not called foreign; a foreign alg and a missing kid are', () => {
		// older IdentityModel versions print the token decoded; such a header may lack alg
		const noAlg = run(`IDX10501: Signature validation failed. token: '{"typ":"JWT","kid":"k1"}.${JSON.stringify(access())}'.`);
		none(noAlg, 'token-not-entra-signed', 'token-no-key-id');
		has(one(noAlg, 'token-signing-key').message, "The token names signing key 'k1' (alg ?)");
		for (const alg of ['RS256', 'PS256']) {
			none(run(`IDX10501: Signature validation failed.\n${tok(access(), { alg, kid: 'k1' })}`), 'token-not-entra-signed');
		}
		const hs = one(run(`IDX10501: Signature validation failed.\n${tok(access(), { alg: 'ES256', kid: 'k1' })}`), 'token-not-entra-signed');
		has(hs.fix, 'validate this kind of token with its own scheme and key');
		const noKid = one(run(`IDX10501: Signature validation failed.\n${tok(access(), { alg: 'RS256' })}`), 'token-no-key-id');
		has(noKid.message, 'neither kid nor x5t');
		has(noKid.fix, 'Send the access token Entra issued');
	});

	it('no signing keys loaded: only when both counts are 0 (a missing parameters count is 0)', () => {
		const f = one(run("IDX10501: Signature validation failed. Unable to match key: kid: 'k1'. Number of keys in Configuration: '0'."), 'api-keys-not-loaded');
		has(f.message, '0 keys in its parameters and 0 in its configuration');
		has(f.fix, '.well-known/openid-configuration');
		none(run("IDX10501: Signature validation failed. Unable to match key: kid: 'k1'. Number of keys in TokenValidationParameters: '2'. Number of keys in Configuration: '0'."), 'api-keys-not-loaded');
		none(run("IDX10501: Signature validation failed. Unable to match key: kid: 'k1'. Number of keys in TokenValidationParameters: '0'."), 'api-keys-not-loaded');
	});

	it("the kid among the keys tried or not; the token's kid, else its x5t, else the stated one", () => {
		const tried = "IDX10503: Signature validation failed. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey, KeyId: 'aB1', InternalId: 'x'. , KeyId: 'cD2'\n'.";
		const found = one(run(`${tried}\n${tok(access(), { alg: 'RS256', x5t: 'cD2' })}`), 'token-key-found-signature-bad');
		assert.equal(found.severity, 'warning');
		has(found.message, "kid 'cD2' was among the keys tried");
		has(found.fix, 'byte for byte');
		const missing = one(run(`${tried}\n${tok(access(), { alg: 'RS256', kid: 'zZ9' })}`), 'token-key-not-in-metadata');
		assert.equal(missing.severity, 'warning');
		has(missing.message, "The token's kid 'zZ9' is none of the 2 key(s) the API tried");
		has(missing.fix, 'Point the API at the metadata');
		// the stated kid when there is no token
		has(one(run(`${tried} kid: 'aB1'.`), 'token-key-found-signature-bad').message, "'aB1'");
		// no kid anywhere, or no keys tried: nothing to compare
		none(run(tried), 'token-key-found-signature-bad', 'token-key-not-in-metadata');
		none(run("IDX10503: Signature validation failed. The token's kid is: 'zZ9', but did not match any keys."), 'token-key-found-signature-bad', 'token-key-not-in-metadata');
	});

	it("the issuer flags: invalid explains the unknown key; valid with an unknown key only for IDX10501 / IDX10516", () => {
		const bad = one(run("IDX10516: Signature validation failed. Unable to match key: kid: 'k9'. Valid Lifetime: 'True'. Valid Issuer: 'False'."), 'token-issuer-also-invalid');
		assert.equal(bad.severity, 'warning');
		has(bad.fix, "Compare the token's iss");
		const stale = one(run("IDX10516: Signature validation failed. Unable to match key: kid: 'k9'. Valid Lifetime: 'True'. Valid Issuer: 'True'."), 'token-issuer-valid-key-missing');
		assert.equal(stale.severity, 'info');
		has(stale.fix, '?appid=<API client ID>');
		has(stale.message, "The issuer is valid (Valid Issuer: 'True') but the key is unknown");
		one(run("IDX10501: Signature validation failed. Unable to match key: kid: 'k9'. Valid Issuer: 'True'."), 'token-issuer-valid-key-missing');
		none(run("IDX10501: Signature validation failed. Unable to match key: kid: 'k9'."), 'token-issuer-valid-key-missing', 'token-issuer-also-invalid');
	});

	it("the issuer's key URL for each Entra issuer form; none for another issuer or without a key id", () => {
		const keys = (iss: string) => one(run(`IDX10501: Signature validation failed.\n${tok(access({ iss }))}`), 'token-signing-key');
		const v2 = keys(`${V2}/`);
		assert.equal(v2.severity, 'info');
		has(v2.message, `The token names signing key 'k1' (alg RS256); its issuer publishes its keys at https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys.`);
		has(v2.fix, "compare its Authority (Instance and TenantId) with the token's iss");
		has(keys(V1).message, `at https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys.`);
		has(keys(`https://contoso.b2clogin.com/${TENANT}/v2.0/`).message, `at https://contoso.b2clogin.com/${TENANT}/discovery/v2.0/keys.`);
		has(keys(`https://contoso.ciamlogin.com/${TENANT}/v2.0`).message, `at https://contoso.ciamlogin.com/${TENANT}/discovery/v2.0/keys.`);
		none(run(`IDX10501: Signature validation failed.\n${tok(access({ iss: 'https://accounts.example.com' }))}`), 'token-signing-key');
		none(run(`IDX10501: Signature validation failed.\n${tok(access(), { alg: 'RS256' })}`), 'token-signing-key');
	});
});

describe('token validation rules: scopes and roles', () => {
	it('an ID token where permissions were expected: said once, by whichever rule sees it first', () => {
		const both = run(`IDW10201: Neither scope or roles claim was found in the bearer token.\n${tok(idToken())}`, { clientId: API });
		one(both, 'token-is-id-token');
		none(both, 'token-no-permissions', 'token-app-only-no-roles');
		const scopesOnly = one(run(`IDW10202: The 'roles' or 'role' claim does not contain roles 'Orders.Admin' or was not found.\n${tok(idToken())}`, { clientId: API }), 'token-is-id-token');
		assert.equal(scopesOnly.severity, 'error');
		has(scopesOnly.message, 'not an access token: it carries no permissions');
		has(scopesOnly.fix, `(api://${API}/<scope>)`);
	});

	it('an ID token in a log that also reports its expiry: both said', () => {
		const fs = run(`IDX10223: Lifetime validation failed. The token is expired.\nIDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Read' or was not found.\n${tok(idToken({ iat: T(-7200), exp: T(-3600) }))}`);
		one(fs, 'token-expired');
		one(fs, 'token-is-id-token');
	});

	it('an app-only token without roles: the client, whether the API defines roles, and the .default to request', () => {
		const msg = 'IDW10201: Neither scope or roles claim was found in the bearer token.';
		const bare = one(run(`${msg}\n${tok(appOnly())}`, { clientId: API }), 'token-app-only-no-roles');
		assert.equal(bare.severity, 'error');
		has(bare.message, `(client ${CLIENT}, no user)`);
		assert.ok(bare.message.endsWith('so Entra issued the token without roles.'), bare.message);
		has(bare.fix, `add it to client ${CLIENT} under API permissions`);
		has(bare.fix, `request api://${API}/.default again`);
		const withRoles = one(run(`${msg}\n${tok(appOnly())}`, { clientId: API, manifests: [manifest({ appRoles: [{ id: randomUUID(), value: 'Orders.Read', allowedMemberTypes: ['Application'], isEnabled: true }] })] }), 'token-app-only-no-roles');
		lacks(withRoles.message, 'defines no app roles');
		const uri = 'https://contoso.onmicrosoft.com/orders';
		has(one(run(`${msg}\n${tok(appOnly())}`, { clientId: API, manifests: [manifest({ identifierUris: [uri] })] }), 'token-app-only-no-roles').fix, `request ${uri}/.default again`);
		const unknown = one(run(`${msg}\n${tok(appOnly({ azp: undefined }))}`), 'token-app-only-no-roles');
		has(unknown.message, '(client unknown, no user)');
		has(unknown.fix, 'request <App ID URI>/.default again');
		has(unknown.fix, 'add it to the client under API permissions');
		// roles that are no strings are no roles
		one(run(`${msg}\n${tok(appOnly({ roles: [7] }))}`), 'token-app-only-no-roles');
	});

	it("an empty scp grants nothing: no permissions, and a required scope is not compared with ''", () => {
		for (const scp of ['', '   ']) {
			const fs = run(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Read' or was not found.\n${tok(access({ scp }))}`);
			has(one(fs, 'token-no-permissions').message, 'neither scp nor roles');
			none(fs, 'token-scope-missing');
		}
	});

	it('a user token without scp or roles: no permissions', () => {
		const f = one(run(`IDW10201: Neither scope or roles claim was found in the bearer token.\n${tok(access({ scp: undefined }))}`), 'token-no-permissions');
		has(f.message, 'neither scp nor roles');
	});

	it('a required scope missing: the missing ones only, and the full scope the client should request', () => {
		const msg = (s: string) => `IDW10203: The 'scope' or 'scp' claim does not contain scopes '${s}' or was not found.`;
		const f = one(run(`${msg('Orders.Read Orders.Write Orders.List')}\n${tok(access({ scp: ' Orders.Read  access_as_user ' }))}`, { clientId: API }), 'token-scope-missing');
		assert.equal(f.severity, 'error');
		assert.equal(f.message, "The endpoint requires scope Orders.Write, Orders.List; the token's scp is 'Orders.Read access_as_user'.");
		assert.equal(f.fix, `Have the client request api://${API}/Orders.Write api://${API}/Orders.List, or require a scope the client does request.`);
		const uri = 'https://contoso.onmicrosoft.com/orders/';
		has(one(run(`${msg('Orders.Write')}\n${tok(access())}`, { manifests: [manifest({ identifierUris: [uri] })], clientId: API }), 'token-scope-missing').fix, 'request https://contoso.onmicrosoft.com/orders/Orders.Write, or');
		has(one(run(`${msg('Orders.Write')}\n${tok(access())}`), 'token-scope-missing').fix, 'request api://<API client ID>/Orders.Write, or');
		// every required scope present: nothing missing
		none(run(`${msg('access_as_user')}\n${tok(access({ roles: ['Orders.Admin'] }))}`), 'token-scope-missing');
		// a full URI required: the bare name is what scp holds
		const full = one(run(`${msg(`api://${API}/Orders.Read`)}\n${tok(access())}`), 'token-scope-missing');
		assert.equal(full.fix, 'Require the bare scope name (Orders.Read).');
		has(one(run(`${msg(`api://${API}/Orders.Read api://${API}/Orders.Write`)}\n${tok(access())}`), 'token-scope-missing').fix, '(Orders.Read, Orders.Write)');
	});

	it('a delegated scope required of an app-only token; no verdict for a token with neither', () => {
		const msg = "IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Write' or was not found.";
		const f = one(run(`${msg}\n${tok(appOnly({ roles: ['Orders.Reader', 'Orders.Auditor'] }))}`), 'token-scope-missing');
		assert.equal(f.severity, 'error');
		has(f.message, 'requires delegated scope Orders.Write, but this is an app-only token (roles Orders.Reader, Orders.Auditor, no scp).');
		has(f.fix, 'Accept app roles on this endpoint');
		has(one(run(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Write Orders.Delete' or was not found.\n${tok(appOnly({ roles: ['Orders.Reader'] }))}`), 'token-scope-missing').message, 'requires delegated scope Orders.Write, Orders.Delete, but');
		const neither = run(`${msg}\n${tok(access({ scp: undefined }))}`);
		none(neither, 'token-scope-missing');
		one(neither, 'token-no-permissions');
	});

	it('a required role missing: the missing ones, the roles the token has or that it has none', () => {
		const msg = (r: string) => `IDW10202: The 'roles' or 'role' claim does not contain roles '${r}' or was not found.`;
		const f = one(run(`${msg('Orders.Reader Orders.Admin')}\n${tok(appOnly({ roles: ['Orders.Reader'] }))}`), 'token-role-missing');
		assert.equal(f.severity, 'error');
		assert.equal(f.message, "The endpoint requires role Orders.Admin; the token's roles are Orders.Reader.");
		has(f.fix, 'Grant (applications) or assign (users) that role');
		has(one(run(`${msg('Orders.Admin Orders.Owner')}\n${tok(appOnly({ roles: ['Orders.Reader', 'Orders.Auditor'] }))}`), 'token-role-missing').message, "requires role Orders.Admin, Orders.Owner; the token's roles are Orders.Reader, Orders.Auditor.");
		has(one(run(`${msg('Orders.Admin')}\n${tok(appOnly({ roles: [] }))}`), 'token-role-missing').message, "the token's roles are empty.");
		none(run(`${msg('Orders.Reader')}\n${tok(appOnly({ roles: ['Orders.Reader'] }))}`), 'token-role-missing');
	});

	it("scopes the API does not expose: only against a workspace app that exposes some, not for Graph or another resource's token", () => {
		const msg = 'IDW10201: Neither scope or roles claim was found in the bearer token.';
		const f = one(run(`${msg}\n${tok(access({ scp: 'user_impersonation  offline_access' }))}`, { clientId: API, manifests: [manifest()] }), 'token-scope-not-exposed');
		assert.equal(f.severity, 'warning');
		has(f.message, "The token's scp (user_impersonation offline_access) names none of the scopes 'Orders API' (appId");
		has(f.message, 'exposes (access_as_user).');
		has(f.fix, `(e.g. api://${API}/access_as_user)`);
		none(run(`${msg}\n${tok(access({ scp: 'user_impersonation' }))}`, { clientId: API, manifests: [manifest({ oauth2Permissions: [] })] }), 'token-scope-not-exposed');
		const two = manifest({ oauth2Permissions: [{ id: randomUUID(), value: 'Orders.Read', isEnabled: true }, { id: randomUUID(), value: 'Orders.Write', isEnabled: true }] });
		has(one(run(`${msg}\n${tok(access({ scp: 'user_impersonation' }))}`, { clientId: API, manifests: [two] }), 'token-scope-not-exposed').message, 'exposes (Orders.Read, Orders.Write).');
		const graph = run(`${msg}\n${tok(access({ aud: GRAPH, scp: 'User.Read' }))}`, { clientId: API, manifests: [manifest()] });
		one(graph, 'token-for-graph');
		none(graph, 'token-scope-not-exposed');
		const arm = run(`${msg}\n${tok(access({ aud: 'https://management.azure.com/', scp: 'user_impersonation' }))}`, { clientId: API, manifests: [manifest()] });
		one(arm, 'token-for-other-resource');
		none(arm, 'token-scope-not-exposed');
	});
});
