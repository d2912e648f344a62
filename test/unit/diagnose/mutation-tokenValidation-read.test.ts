/**
 * Token validation, the reading side: which token of several the rules look at, how a stated value is read (hidden,
 * padded, split or not), where the API's identity comes from (stated audiences, the client ID, a workspace manifest in
 * either format), which rules run for which message, the malformed values an API quotes, and what the kit asks to
 * check when the text holds no token. Tokens are built here (unsigned; the rules never verify); IDs are made up.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { classifyIssuer, parseStatedTime, readStatedValues, TOKEN_VALIDATION_FAILURES, tokenValidationFindings } from '../../../src/core/diagnose/tokenValidation';
import type { Finding } from '../../../src/core/findings';

const TENANT = '4f1c2a9e-7d3b-4c8a-9e21-5b6d7f8a9c0d';
const API = '6b8f2e1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const CLIENT = '9d7c5b3a-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const KEY_VAULT = 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093';
const AZURE_CLI = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const V1 = `https://sts.windows.net/${TENANT}/`;
const V2 = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const NOW = new Date('2026-03-10T12:00:00Z');
const now = NOW.getTime() / 1000;

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sig = () => Buffer.from(randomUUID()).toString('base64url');
function jwt(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
	return `${b64u({ typ: 'JWT', alg: 'RS256', kid: 'kF3x', ...header })}.${b64u(payload)}.${sig()}`;
}
const codes = (fs: Finding[] | undefined) => (fs ?? []).map((f) => f.code);
const find = (fs: Finding[] | undefined, code: string) => (fs ?? []).find((f) => f.code === code);
function one(fs: Finding[] | undefined, code: string): Finding {
	const got = (fs ?? []).filter((f) => f.code === code);
	assert.equal(got.length, 1, `one ${code} in ${codes(fs).join(', ')}`);
	return got[0];
}
const none = (fs: Finding[] | undefined, code: string) => assert.equal(find(fs, code), undefined, `no ${code} in ${codes(fs).join(', ')}`);
const run = (text: string, ctx: Record<string, unknown> = {}) => tokenValidationFindings(text, { now: NOW, ...ctx });

const legacyApi = (extra: Record<string, unknown> = {}) => ({
	label: 'api/manifest.json',
	text: JSON.stringify({ appId: API, displayName: 'Orders API', identifierUris: [`api://${API}`], oauth2Permissions: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true }], appRoles: [], ...extra }, null, '\t'),
});
const graphApi = (version: unknown) => ({
	label: 'api/graph-manifest.json',
	text: JSON.stringify({ appId: API, displayName: 'Orders API', identifierUris: [`api://${API}`], api: { requestedAccessTokenVersion: version, oauth2PermissionScopes: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true, type: 'User' }] }, appRoles: [] }, null, '\t'),
});

describe('token validation (read): which token of the text the rules look at', () => {
	const assertion = jwt({ iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, jti: randomUUID(), exp: now + 600 });
	const idLike = jwt({ iss: 'https://idp.example.com/', sub: 'user-1', nonce: 'n-1', exp: now + 600 });

	it('a client assertion (iss = sub) printed before the access token is passed over', () => {
		const graph = jwt({ aud: GRAPH, iss: V1, scp: 'User.Read', exp: now + 3000 });
		const f = one(run(`IDX10214: Audience validation failed.\n${assertion}\n${graph}`), 'token-for-graph');
		assert.ok(f.message.includes(`aud '${GRAPH}'`), f.message);
		// a token with iss and sub apart but nothing for an API (no aud, scp or roles) is passed over as well
		assert.ok(find(run(`IDX10214: Audience validation failed.\n${idLike}\n${graph}`), 'token-for-graph'));
		// and so is one without an issuer
		assert.ok(find(run(`IDX10214: Audience validation failed.\n${jwt({ sub: 'user-1', aud: 'api://other', exp: now + 600 })}\n${graph}`), 'token-for-graph'));
	});

	it('a token counts as issued for an API by its aud, its scp or its roles alone', () => {
		const graphAudOnly = jwt({ aud: 'https://graph.microsoft.com', iss: V1, exp: now + 3000 });
		assert.ok(find(run(`IDX10214: Audience validation failed.\n${idLike}\n${graphAudOnly}`), 'token-for-graph'));
		for (const claim of [{ scp: 'User.Read' }, { roles: ['Orders.Admin'] }]) {
			const f = one(run(`IDX10214: Audience validation failed.\n${idLike}\n${jwt({ iss: V1, sub: 'x', ...claim, exp: now + 3000 })}`), 'token-no-audience');
			assert.ok(f.message.includes(`iss ${V1}`), f.message);
		}
	});

	it('aud as an array (non-strings ignored), a Graph URI with trailing slashes, a number: what the audience rule reads', () => {
		const arr = one(run(`IDX10214: Audience validation failed.\n${jwt({ aud: [42, 'https://graph.microsoft.com'], iss: V1, scp: 'User.Read' })}`), 'token-for-graph');
		assert.ok(arr.message.includes("aud 'https://graph.microsoft.com'"), arr.message);
		assert.ok(find(run(`IDX10214: Audience validation failed.\n${jwt({ aud: 'https://graph.microsoft.com//', iss: V1, scp: 'User.Read' })}`), 'token-for-graph'));
		const n = one(run(`IDX10214: Audience validation failed.\n${jwt({ aud: 42, iss: V1, scp: 'User.Read' })}`), 'token-no-audience');
		assert.equal(n.severity, 'error');
		// an iss that is not a string is named as none
		assert.match(one(run(`IDX10214: Audience validation failed.\n${jwt({ iss: 7, scp: 'User.Read' })}`), 'token-no-audience').message, /\(iss none\)/);
	});

	it('a well-known resource by client ID or by URI with /.default is named; a well-known client app is not a resource', () => {
		const kv = one(run(`IDX10214: Audience validation failed.\n${jwt({ aud: KEY_VAULT, iss: V1, scp: 'user_impersonation' })}`), 'token-for-other-resource');
		assert.match(kv.message, /Azure Key Vault/);
		assert.ok(kv.message.includes(KEY_VAULT));
		const uri = one(run(`IDX10214: Audience validation failed.\n${jwt({ aud: 'https://vault.azure.net/.default', iss: V1, scp: 'user_impersonation' })}`), 'token-for-other-resource');
		assert.match(uri.message, /Azure Key Vault/);
		none(run(`IDX10214: Audience validation failed.\n${jwt({ aud: AZURE_CLI, iss: V1, scp: 'x' })}`), 'token-for-other-resource');
	});

	it('an ID token needs a nonce and no scp or roles: an access token with a nonce claim is not one', () => {
		const base = { aud: CLIENT, iss: V2, nonce: 'n-1', tid: TENANT, exp: now + 3000 };
		assert.ok(find(run(`IDX10214: Audience validation failed.\n${jwt(base)}`, { clientId: API }), 'token-is-id-token'));
		none(run(`IDX10214: Audience validation failed.\n${jwt({ ...base, scp: 'access_as_user' })}`, { clientId: API }), 'token-is-id-token');
		none(run(`IDX10214: Audience validation failed.\n${jwt({ ...base, roles: ['Orders.Admin'] })}`, { clientId: API }), 'token-is-id-token');
	});

	it('an app-only token: idtyp app, or no scp with azp/appid and no user claims', () => {
		const text = (p: Record<string, unknown>) => `IDW10201: Neither scope or roles claim was found in the bearer token.\n${jwt({ aud: API, iss: V2, tid: TENANT, exp: now + 3000, ...p })}`;
		const appOnly = (p: Record<string, unknown>) => find(run(text(p)), 'token-app-only-no-roles');
		const noPerms = (p: Record<string, unknown>) => find(run(text(p)), 'token-no-permissions');
		assert.ok(appOnly({ azp: CLIENT })?.message.includes(`client ${CLIENT}`));
		assert.ok(appOnly({ appid: CLIENT })?.message.includes(`client ${CLIENT}`));
		assert.ok(appOnly({ idtyp: 'app', azp: CLIENT, upn: 'svc@contoso.com' }), 'idtyp app decides');
		for (const user of [{ upn: 'ann@contoso.com' }, { preferred_username: 'ann@contoso.com' }, { nonce: 'n-1', roles: [] }, { scp: 42 }]) {
			assert.equal(appOnly({ azp: CLIENT, ...user }), undefined, JSON.stringify(user));
			assert.ok(noPerms({ azp: CLIENT, ...user }), JSON.stringify(user));
		}
		assert.ok(noPerms({ sub: 'x' }), 'neither azp nor appid');
		assert.equal(appOnly({ sub: 'x' }), undefined);
	});

	it('a token printed decoded at the very start of the text, or deep in a long log, is read', () => {
		const printed = `token: '{"typ":"JWT","nonce":"AQAB","alg":"RS256","kid":"kF3x"}.{"aud":"https://graph.microsoft.com","iss":"${V1}","scp":"User.Read"}'`;
		assert.ok(find(run(`${printed}. IDX10503: Signature validation failed.`), 'token-for-graph'));
		assert.ok(find(run(`IDX10503: Signature validation failed.\n${'info: request handled\n'.repeat(2000)}${printed}`), 'token-for-graph'));
		// a printed token is not the token the API received: no "well-formed JWT" conclusion from it
		none(run(`IDX14100: JWT is not well formed, there are no dots (.).\n${printed}`), 'token-in-text-well-formed');
	});

	it('a lifetime that is not a finite number is no lifetime', () => {
		const header = b64u({ typ: 'JWT', alg: 'RS256', kid: 'kF3x' });
		const huge = `${header}.${Buffer.from(`{"aud":"${API}","iss":"${V2}","scp":"x","exp":1e400}`).toString('base64url')}.${sig()}`;
		const fs = run(`TokenExpiredError: jwt expired\n${huge}`);
		none(fs, 'token-valid-by-clock');
		none(fs, 'token-expired');
		none(run(`TokenExpiredError: jwt expired\n${jwt({ aud: API, iss: V2, scp: 'x', exp: String(Math.floor(now - 7200)) })}`), 'token-expired');
	});
});

describe('token validation (read): stated values', () => {
	it('a value hidden behind a leading space is still hidden; "[PII" alone is not a hidden value; the short PII form is', () => {
		const a = readStatedValues(`IDX10214: Audience validation failed. Audiences: ' System.String'. Did not match.`);
		assert.equal(a.audiences, undefined);
		assert.equal(a.piiHidden, true);
		const t = readStatedValues(`IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: ' System.DateTime', Current time: '3/10/2026 9:00:00 AM'.`);
		assert.equal(t.validFrom, undefined);
		assert.equal(t.piiHidden, true);
		assert.equal(readStatedValues(`IDX10214: Audience validation failed. See [PII docs] for the settings.`).piiHidden, false);
		assert.equal(readStatedValues(`IDX10511: Signature validation failed. Keys tried: '[PII is hidden]'.`).piiHidden, true);
		const m = readStatedValues(`IDX12709: CanReadToken() returned false. JWT is not well formed: 'System.String'.`);
		assert.equal(m.malformedValue, undefined);
		assert.equal(m.piiHidden, true);
	});

	it('ValidAudience alone is the accepted audience; expected lists are trimmed and empty entries dropped', () => {
		assert.deepEqual(readStatedValues(`IDX10214: Audience validation failed. Audiences: 'x'. Did not match: validationParameters.ValidAudience: 'api://${API}'.`).validAudiences, [`api://${API}`]);
		assert.deepEqual(readStatedValues(`JsonWebTokenError: jwt audience invalid. expected: api://a or api://b   `).validAudiences, ['api://a', 'api://b']);
		assert.deepEqual(readStatedValues(`JsonWebTokenError: jwt audience invalid. expected: api://a or \nat verify`).validAudiences, ['api://a']);
		assert.deepEqual(readStatedValues(`JsonWebTokenError: jwt issuer invalid. expected: https://a/, https://b/,`).validIssuers, ['https://a/', 'https://b/']);
	});

	it('single values (issuer, ValidIssuer, configured issuer, kid) are taken whole, lists split', () => {
		const s = readStatedValues(
			`IDX10205: Issuer validation failed. Issuer: 'https://idp.example.com/a, b'. Did not match: validationParameters.ValidIssuer: 'https://x.example.com/a, b' or validationParameters.ValidIssuers: 'https://p.example.com/, https://q.example.com/' or validationParameters.ConfigurationManager.CurrentConfiguration.Issuer: 'https://y.example.com/c, d'.\nkid: 'k1, k2'.`,
		);
		assert.equal(s.issuer, 'https://idp.example.com/a, b');
		assert.deepEqual(s.validIssuers, ['https://x.example.com/a, b', 'https://p.example.com/', 'https://q.example.com/', 'https://y.example.com/c, d']);
		assert.equal(s.kid, 'k1, k2');
	});

	it('required scopes and roles are split on whitespace; at most 100 keys tried are kept', () => {
		assert.deepEqual(readStatedValues(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Read Orders.Write' or was not found.`).requiredScopes, ['Orders.Read', 'Orders.Write']);
		assert.deepEqual(readStatedValues(`IDW10202: The 'roles' or 'role' claim does not contain roles 'Orders.Admin Orders.Auditor' or was not found.`).requiredRoles, ['Orders.Admin', 'Orders.Auditor']);
		const keys = Array.from({ length: 120 }, (_, i) => `KeyId: 'key-${i}'`).join(', ');
		const s = readStatedValues(`IDX10503: Signature validation failed. Keys tried: '${keys}'.`);
		assert.equal(s.keysTried.length, 100);
		assert.equal(s.keysTried[0], 'key-0');
	});

	it('times and issuers are read from the whole value only', () => {
		assert.equal(parseStatedTime('at 2026-03-10T09:15:30Z'), undefined);
		assert.equal(parseStatedTime('x3/10/2026 9:05:07'), undefined);
		assert.equal(parseStatedTime('3/10/2026 9:05:07 later'), undefined);
		assert.equal(classifyIssuer(`see ${V1}`).kind, 'other');
		assert.equal(classifyIssuer(`see ${V2}`).kind, 'other');
		assert.equal(classifyIssuer(`see https://contoso.b2clogin.com/${TENANT}/v2.0`).kind, 'other');
		assert.equal(classifyIssuer(`https://contoso.b2clogin.com/${TENANT}/v2.0/extra`).kind, 'other');
		assert.equal(classifyIssuer(`https://contoso.b2clogin.com/${TENANT}/v2.0/`).kind, 'b2c');
	});
});

describe('token validation (read): the API the token was sent to', () => {
	const noAud = jwt({ iss: V1, scp: 'x', exp: now + 3000 });
	const scopeIn = (fs: Finding[] | undefined) => one(fs, 'token-no-audience').fix;

	it("a stated api://{client ID} finds the workspace app by its client ID, and any of an app's URIs finds it", () => {
		const m = legacyApi({ identifierUris: [] });
		assert.ok(scopeIn(run(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'api://${API}'.\n${noAud}`, { manifests: [m] })).includes(`api://${API}/access_as_user`));
		const two = legacyApi({ identifierUris: ['https://contoso.com/orders', 'api://orders'] });
		assert.ok(scopeIn(run(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'api://orders'.\n${noAud}`, { manifests: [two] })).includes('https://contoso.com/orders/access_as_user'));
	});

	it('the scope named from a stated URI with a trailing slash has one slash', () => {
		const fix = scopeIn(run(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'https://contoso.com/orders/'.\n${noAud}`));
		assert.ok(fix.includes('scope https://contoso.com/orders/<scope>'), fix);
	});

	it("an app without a display name or client ID is named by what it has", () => {
		const spa = { label: 'spa/manifest.json', text: JSON.stringify({ appId: CLIENT }) };
		const text = (aud: string) => `IDX10214: Audience validation failed. Audiences: '${aud}'. Did not match: validationParameters.ValidAudience: '${API}'.\n${jwt({ aud, iss: V2, scp: 'x' })}`;
		const f = one(run(text(CLIENT), { manifests: [legacyApi(), spa] }), 'token-audience-mismatch');
		assert.ok(f.message.includes(`is (appId ${CLIENT}, spa/manifest.json)`), f.message);
		const noId = { label: 'web/manifest.json', text: JSON.stringify({ identifierUris: ['api://web-app'] }) };
		const g = one(run(text('api://web-app'), { manifests: [legacyApi(), noId] }), 'token-audience-mismatch');
		assert.ok(g.message.includes('(appId not set, web/manifest.json)'), g.message);
	});

	it('the accepted audiences: stated ones (named as such), else the workspace registration, else none', () => {
		const other = jwt({ aud: 'api://other', iss: V2, scp: 'x' });
		const stated = one(run(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'api://${API}'.\n${other}`), 'token-audience-mismatch');
		assert.ok(stated.message.includes(`(api://${API.toLowerCase()}, from the audiences the API is configured with)`), stated.message);
		const reg = one(run(`JsonWebTokenError: jwt audience invalid\n${other}`, { clientId: API, manifests: [legacyApi()] }), 'token-audience-mismatch');
		assert.ok(reg.message.includes(`(${API}, api://${API}, from 'Orders API' (appId ${API}, api/manifest.json))`), reg.message);
		none(run(`JsonWebTokenError: jwt audience invalid\n${other}`), 'token-audience-mismatch');
	});

	it("the registration's accepted token version, from either manifest format; a version that is not a number is not read", () => {
		const text = `IDX10205: Issuer validation failed. Issuer: '${V1}'. Did not match: validationParameters.ValidIssuer: '${V2}' or validationParameters.ValidIssuers: 'null'.\n${jwt({ aud: `api://${API}`, iss: V1, ver: '1.0', tid: TENANT, scp: 'x' })}`;
		const v = (manifest: { label: string; text: string }) => one(run(text, { clientId: API, manifests: [manifest] }), 'token-issuer-version');
		assert.match(v(graphApi(2)).message, /api\/graph-manifest\.json\) has version 2/);
		assert.match(v(graphApi(null)).message, /no accepted version \(null means v1\)/);
		assert.doesNotMatch(v(legacyApi({ accessTokenAcceptedVersion: '2' })).message, /manifest in the workspace/);
		// the version is read from the API's own manifest, not from another app's listed before it
		const spa = { label: 'spa/manifest.json', text: JSON.stringify({ appId: CLIENT, displayName: 'Orders SPA', accessTokenAcceptedVersion: null }) };
		const own = one(run(text, { clientId: API, manifests: [spa, graphApi(2)] }), 'token-issuer-version');
		assert.match(own.message, /api\/graph-manifest\.json\) has version 2/);
		const byId = one(run(text, { clientId: API }), 'token-issuer-version');
		assert.match(byId.fix, /\(the client ID the kit was given\)/);
	});
});

describe('token validation (read): which rules run for which message', () => {
	it('each rule runs only for the messages that can have its cause', () => {
		none(run(`IDX10223: Lifetime validation failed. The token is expired.\nAuthorization: Bearer undefined`), 'token-placeholder');
		const exp = now - 7200;
		none(run(`TokenExpiredError: jwt expired\n${jwt({ aud: GRAPH, iss: V1, scp: 'User.Read', exp })}`), 'token-for-graph');
		none(run(`TokenExpiredError: jwt expired\n${jwt({ aud: API, iss: V2, scp: 'x', exp }, { alg: 'HS256' })}`), 'token-not-entra-signed');
		none(run(`TokenExpiredError: jwt expired\n${jwt({ aud: API, iss: 'https://idp.example.com/', scp: 'x', exp })}`), 'token-issuer-not-entra');
		none(run(`IDX10214: Audience validation failed.\n${jwt({ aud: GRAPH, iss: V1, scp: 'x', exp })}`), 'token-expired');
		none(run(`TokenExpiredError: jwt expired\n${jwt({ aud: API, iss: V2, azp: CLIENT, exp })}`), 'token-app-only-no-roles');
		none(run(`IDX10214: Audience validation failed. Audiences: '${GRAPH}'.`), 'identitymodel-pii-hidden');
	});

	it("a catalog finding carries the entry's causes, one after another", () => {
		const entry = TOKEN_VALIDATION_FAILURES.find((e) => e.id === 'IDX10214')!;
		const f = one(run(`IDX10214: Audience validation failed. Audiences: '${GRAPH}'.`), 'IDX10214');
		assert.ok(f.message.includes(`${entry.causes[0]}; ${entry.causes[1]}`), f.message);
	});

	it('hidden values and an encrypted token are reported with what to do', () => {
		const pii = one(run(`IDX10214: Audience validation failed. Audiences: '[PII of type 'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'.`), 'identitymodel-pii-hidden');
		assert.match(pii.message, /PII/);
		assert.equal(pii.severity, 'info');
		assert.match(pii.fix, /ShowPII/);
		const jwe = [b64u({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'k1' }), sig(), sig(), sig(), sig()].join('.');
		const e = one(run(`IDX10511: Signature validation failed.\n${jwe}`), 'token-encrypted');
		assert.match(e.message, /encrypted token/);
		assert.match(e.fix, /signed JWTs/);
		none(run(`IDX10511: Signature validation failed.\n${jwe}`), 'token-not-in-text');
	});
});

describe('token validation (read): what the API quotes', () => {
	const quoted = (v: string) => run(`IDX12741: JWT: '${v}' must have three segments (JWS) or five segments (JWE).`);

	it('a placeholder after the scheme, with no space or several; its message names it', () => {
		const a = one(run(`UnauthorizedError: jwt malformed\nAuthorization:Bearer undefined`), 'token-placeholder');
		assert.equal(a.severity, 'error');
		assert.ok(a.message.includes("'undefined'"), a.message);
		assert.match(a.fix, /accessToken/);
		assert.ok(one(run(`UnauthorizedError: jwt malformed\nAuthorization: Bearer   null`), 'token-placeholder').message.includes("'null'"));
		none(quoted(`EwBwA8l6BAAURSN${'x'.repeat(40)}`), 'token-placeholder');
	});

	it('an empty or blank value is an empty placeholder, not a one-part token', () => {
		for (const v of ['', ' ']) {
			const fs = quoted(v);
			assert.ok(one(fs, 'token-placeholder').message.includes("'(empty)'"));
			none(fs, 'token-not-jwt');
		}
	});

	it('quotes, opaque tokens, refresh tokens, JWE and part counts: each told apart, each with its fix', () => {
		const q = one(quoted(` "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9`), 'token-quoted');
		assert.match(q.message, /quote/);
		assert.match(q.fix, /without quotes/);
		none(quoted('eyJ0eXAiOiJKV1Qi"'), 'token-quoted');
		const o = one(quoted(`EwBwA8l6BAAURSN${'x'.repeat(40)}`), 'token-opaque');
		assert.match(o.message, /'Ew'/);
		assert.match(o.fix, /JWTs/);
		none(quoted(`dXNlcjpwYXNzEwBwA8l6BAAURSN${'x'.repeat(30)}`), 'token-opaque');
		const r = one(quoted('1.AQABAAIAAAD--DLA3VO7QrddgJg7Wevr'), 'token-not-access-token');
		assert.match(r.message, /refresh token/);
		assert.match(r.fix, /access_token/);
		none(quoted('x1.AQABAAIAAAD--DLA3VO7QrddgJg7Wevr'), 'token-not-access-token');
		none(quoted('0.AQ'), 'token-not-access-token');
		const e = one(quoted('a.b.c.d.e'), 'token-encrypted');
		assert.match(e.message, /five parts/);
		assert.match(e.fix, /signed/);
		const n = one(quoted('abc.def'), 'token-not-jwt');
		assert.equal(n.severity, 'error');
		assert.match(n.message, /has 2 dot-separated part/);
		assert.match(n.fix, /whole access token/);
	});

	it('"the token in the text is well formed" only when the API stated no value and nothing else is wrong with it', () => {
		const token = jwt({ aud: API, iss: V2, scp: 'x', exp: now + 3000 });
		const ok = one(run(`UnauthorizedError: jwt malformed\n${token}`), 'token-in-text-well-formed');
		assert.match(ok.message, /well-formed JWT/);
		assert.match(ok.fix, /Authorization header/);
		none(run('UnauthorizedError: jwt malformed'), 'token-in-text-well-formed');
		none(run(`IDX12741: JWT: 'a.b.c' must have three segments (JWS) or five segments (JWE).\n${token}`), 'token-in-text-well-formed');
		const twice = run(`UnauthorizedError: jwt malformed\nAuthorization: Bearer Bearer ${token}`);
		assert.ok(find(twice, 'token-bearer-prefix'));
		none(twice, 'token-in-text-well-formed');
	});
});

describe('token validation (read): when the text holds no token', () => {
	const check = (text: string, ctx: Record<string, unknown> = {}) => one(run(text, ctx), 'token-not-in-text');

	it("names the API's client ID and its URIs (api://, https:// and http://) as the audiences to compare", () => {
		const f = check(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'api://${API}' or validationParameters.ValidAudiences: '${API}, https://orders.contoso.com, http://legacy.contoso.com'.`);
		assert.ok(f.fix.includes(`(${API} / api://${API}, https://orders.contoso.com, http://legacy.contoso.com)`), f.fix);
		const slash = check(`IDX10214: Audience validation failed. Did not match: validationParameters.ValidAudience: 'api://${API}/'.`);
		assert.ok(slash.fix.includes(`(${API} / api://${API}/)`), slash.fix);
		const id = check('IDX10214: Audience validation failed.', { clientId: API });
		assert.ok(id.fix.includes(`(${API}), not Microsoft Graph`), id.fix);
		assert.ok(check('IDX10214: Audience validation failed.').fix.includes('client ID or App ID URI, not Microsoft Graph'));
	});

	it('says whether the stated values decided it', () => {
		assert.match(check('IDX10214: Audience validation failed.').message, /could not tell/);
		// hidden values are information, not a decision
		assert.match(check(`IDX10214: Audience validation failed. Audiences: '[PII of type 'System.String' is hidden]'.`).message, /could not tell/);
		assert.match(check(`IDX10214: Audience validation failed. Audiences: 'x'. Did not match: validationParameters.ValidAudience: 'null' or validationParameters.ValidAudiences: 'null'.`).message, /findings above/);
	});
});
