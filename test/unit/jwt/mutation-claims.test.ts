/**
 * The claim explanations a user reads when pasting a token: thumbprint headers checked against Node's own SHA-1 and
 * SHA-256, the value meanings of claims the main claims test does not reach, which kind of token it is and the
 * one-line summary.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { explainClaim, explainToken } from '../../../src/core/jwt/claims';
import { decodeJwt } from '../../../src/core/jwt/decode';

const NOW = new Date('2026-11-05T10:00:00Z');
const T = NOW.getTime() / 1000;
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const tok = (h: object, p: object): string => `${b64(h)}.${b64(p)}.c2ln`;
const vm = (name: string, value: unknown, where: 'header' | 'payload' = 'payload') => explainClaim(name, value, where, NOW).valueMeaning;
const TID = '11111111-1111-1111-1111-111111111111';
const APP = '33333333-3333-3333-3333-333333333333';
const MSA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

describe('jwt claims: thumbprint headers against Node crypto', () => {
	const der = Buffer.from('not really a certificate, but bytes all the same');
	const sha1 = createHash('sha1').update(der).digest();
	const sha256 = createHash('sha256').update(der).digest();
	const hex1 = sha1.toString('hex').toUpperCase();
	const hex256 = sha256.toString('hex').toUpperCase();

	it('x5t with the SHA-1 bytes names the portal thumbprint', () => {
		const m = vm('x5t', sha1.toString('base64url'), 'header') ?? '';
		assert.equal(m, `SHA-1 ${hex1} (the portal's "Thumbprint").`);
	});
	it('x5t#S256 with SHA-256 bytes gives the digest and nothing to fix', () => {
		assert.equal(vm('x5t#S256', sha256.toString('base64url'), 'header'), `SHA-256 ${hex256}.`);
	});
	it('x5t#S256 holding a SHA-1 digest says so', () => {
		assert.equal(vm('x5t#S256', sha1.toString('base64url'), 'header'), `SHA-1 ${hex1} — a SHA-1 digest where SHA-256 is expected.`);
	});
	it('x5t holding SHA-256 bytes points at x5t#S256 and AADSTS700027', () => {
		const m = vm('x5t', sha256.toString('base64url'), 'header') ?? '';
		assert.ok(m.startsWith(`SHA-256 ${hex256} — `), m);
		assert.match(m, /must be SHA-1 \(AADSTS700027\); put it under x5t#S256\.$/);
	});
	it('standard base64 with padding is flagged; base64url without it is not', () => {
		const std = sha1.toString('base64');
		assert.match(std, /[+/=]/);
		assert.match(vm('x5t', std, 'header') ?? '', /standard base64 characters or padding; emit unpadded base64url\.$/);
		assert.doesNotMatch(vm('x5t', sha1.toString('base64url'), 'header') ?? '', /standard base64/);
	});
	it('hex text base64-encoded: SHA-256 hex text gives a 128-digit thumbprint', () => {
		const m = vm('x5t#S256', Buffer.from(hex256).toString('base64url'), 'header') ?? '';
		assert.match(m, new RegExp(`^Decodes to the ASCII text "${hex256}"`));
		assert.match(m, /128-digit thumbprint \(AADSTS700027\)/);
	});
	it('hex-looking text of another length is read as bytes, with the expected length named', () => {
		// 12 ASCII hex digits: neither 40 nor 64 characters, so it is just 12 wrong bytes
		const m = vm('x5t', Buffer.from('ABCDEF012345').toString('base64url'), 'header') ?? '';
		assert.match(m, /^12 bytes \(414243444546303132333435\); a SHA-1 thumbprint is 20 bytes\.$/);
		assert.match(vm('x5t#S256', Buffer.alloc(10, 0xab).toString('base64url'), 'header') ?? '', /^10 bytes \(ABABABABABABABABABAB\); a SHA-256 thumbprint is 32 bytes\.$/);
	});
	it('hex text with colons, a non-string and garbage are each named', () => {
		assert.equal(vm('x5t', `${hex1.slice(0, 2)}:${hex1.slice(2, 4)}:ZZ`, 'header'), 'Not base64url.');
		assert.equal(vm('x5t', 42, 'header'), 'Not a string; it must be a base64url string.');
		assert.equal(vm('x5t', '!!!', 'header'), 'Not base64url.');
		assert.match(vm('x5t', 'ab:cd:ef:01', 'header') ?? '', /hex text, not base64url/);
	});
});

describe('jwt claims: header values', () => {
	it('typ: JWT and at+jwt, any case; other values unexplained', () => {
		assert.equal(vm('typ', 'JWT', 'header'), 'A JSON Web Token.');
		assert.equal(vm('typ', 'jwt', 'header'), 'A JSON Web Token.');
		assert.match(vm('typ', 'AT+JWT', 'header') ?? '', /RFC 9068/);
		assert.equal(vm('typ', 'JOSE', 'header'), undefined);
		assert.equal(vm('typ', 1, 'header'), undefined);
	});
	it('alg: known values explained, unknown ones not', () => {
		assert.match(vm('alg', 'RS256', 'header') ?? '', /x5t \(SHA-1\)/);
		assert.match(vm('alg', 'ES256', 'header') ?? '', /only RSA/);
		assert.match(vm('alg', 'none', 'header') ?? '', /Unsigned/);
		assert.equal(vm('alg', 'XYZ', 'header'), undefined);
	});
	it('x5c: a single string, one certificate, several, or not a list of strings', () => {
		assert.match(vm('x5c', 'MIIB', 'header') ?? '', /single string.*array/);
		assert.equal(vm('x5c', ['a'], 'header'), '1 certificate, leaf first.');
		assert.equal(vm('x5c', ['a', 'b', 'c'], 'header'), '3 certificates, leaf first.');
		assert.equal(vm('x5c', ['a', 1], 'header'), undefined);
		assert.equal(vm('x5c', { a: 1 }, 'header'), undefined);
	});
	it('kid points at the JWKS; an unknown header field has no meaning', () => {
		assert.match(vm('kid', 'abc', 'header') ?? '', /discovery\/v2\.0\/keys/);
		assert.deepEqual(explainClaim('foo', 1, 'header', NOW), { name: 'foo', value: 1 });
	});
	it('a payload-only claim name in the header is not given the payload meaning', () => {
		assert.equal(explainClaim('aud', 'x', 'header', NOW).meaning, undefined);
		assert.equal(explainClaim('xms_foo', 'x', 'header', NOW).meaning, undefined);
	});
});

describe('jwt claims: payload values', () => {
	it('audiences: CIAM and B2C hosts, login hosts ending in v2.0, GUIDs, api:// URIs', () => {
		assert.match(vm('aud', 'https://contoso.ciamlogin.com/x/anything') ?? '', /token endpoint/);
		assert.match(vm('aud', 'https://contoso.b2clogin.com/x') ?? '', /token endpoint/);
		assert.match(vm('aud', `https://login.microsoftonline.com/${TID}/v2.0`) ?? '', /token endpoint/);
		assert.match(vm('aud', `https://LOGIN.MICROSOFTONLINE.COM/${TID}/v2.0/`) ?? '', /token endpoint/);
		assert.match(vm('aud', `https://login.microsoftonline.com/${TID}/oauth2/token`) ?? '', /token endpoint/);
		assert.match(vm('aud', `https://login.microsoftonline.com/${TID}/oauth2/v2.0/token/`) ?? '', /token endpoint/);
		assert.match(vm('aud', APP) ?? '', /^An application \(client\) ID/);
		assert.match(vm('aud', 'API://orders') ?? '', /App ID URI of an API/);
		assert.equal(vm('aud', 'https://example.com/v2.0'), undefined);
		assert.equal(vm('aud', 'https://example.com/oauth2/v2.0/tokens'), undefined);
		assert.equal(vm('aud', 'not a url'), undefined);
		assert.equal(vm('aud', 5), undefined);
	});
	it('audiences: a well-known app with and without a URI, a v1 URI with trailing slashes', () => {
		assert.equal(vm('aud', '00000003-0000-0000-C000-000000000000'), 'Microsoft Graph (https://graph.microsoft.com).');
		assert.equal(vm('aud', '00000003-0000-0ff1-ce00-000000000000'), 'Office 365 SharePoint Online.');
		assert.equal(vm('aud', 'https://vault.azure.net//'), 'Azure Key Vault (a v1-style App ID URI audience).');
	});
	it('issuers: v1 and v2 with the tenant named (and a special tenant noted), CIAM, B2C, GUID, other', () => {
		assert.equal(vm('iss', `https://sts.windows.net/${TID}/`), `v1.0 issuer (Entra security token service) for tenant ${TID}; goes with ver "1.0".`);
		assert.equal(vm('iss', `https://sts.windows.net/${MSA_TENANT}/`), `v1.0 issuer (Entra security token service) for tenant ${MSA_TENANT}, the Microsoft account (MSA, personal accounts) tenant; goes with ver "1.0".`);
		assert.equal(vm('iss', `https://login.microsoftonline.com/${MSA_TENANT}/v2.0`), `v2.0 issuer for tenant ${MSA_TENANT}, the Microsoft account (MSA, personal accounts) tenant; goes with ver "2.0".`);
		assert.equal(vm('iss', `https://login.microsoftonline.us/${TID}/v2.0/`), `v2.0 issuer for tenant ${TID}; goes with ver "2.0".`);
		assert.equal(vm('iss', `https://evil.example/${TID}/v2.0`), undefined);
		assert.equal(vm('iss', `https://sts.windows.net/${TID}`), undefined);
		assert.equal(vm('iss', 'https://contoso.ciamlogin.com/t/v2.0'), 'An Entra External ID (CIAM) issuer.');
		assert.equal(vm('iss', 'https://contoso.b2clogin.com/t/v2.0/'), 'An Azure AD B2C issuer.');
		assert.match(vm('iss', APP) ?? '', /^A GUID issuer/);
		assert.equal(vm('iss', 'https://idp.example.com/'), undefined);
		assert.equal(vm('iss', 7), undefined);
	});
	it('tid, appid and azp name what they know', () => {
		assert.equal(vm('tid', MSA_TENANT.toUpperCase()), 'This is the Microsoft account (MSA, personal accounts) tenant.');
		assert.equal(vm('tid', TID), undefined);
		assert.equal(vm('tid', 1), undefined);
		assert.equal(vm('appid', '04B07795-8DDB-461A-BBEE-02F9E1BF7B46'), 'Microsoft Azure CLI.');
		assert.equal(vm('azp', 'de8bc8b5-d9f9-48b1-a8ad-b748da725064'), 'Graph Explorer.');
		assert.equal(vm('azp', APP), undefined);
		assert.equal(vm('azp', 3), undefined);
	});
	it('idtyp, azpacr, acct, hasgroups, idp', () => {
		assert.equal(vm('idtyp', 'device'), 'Issued for a device.');
		assert.equal(vm('idtyp', 'other'), undefined);
		assert.equal(vm('azpacr', '0'), 'The client authenticated as a public client (no client credential).');
		assert.equal(vm('azpacr', '1'), 'The client authenticated with a client secret.');
		assert.equal(vm('appidacr', 2), 'The client authenticated with a certificate or client assertion.');
		assert.equal(vm('appidacr', '3'), undefined);
		assert.equal(vm('acct', 0), 'A member of the tenant.');
		assert.equal(vm('acct', '0'), 'A member of the tenant.');
		assert.equal(vm('acct', 1), 'A guest in the tenant.');
		assert.equal(vm('acct', '1'), 'A guest in the tenant.');
		assert.equal(vm('acct', 2), undefined);
		assert.match(vm('hasgroups', true) ?? '', /Microsoft Graph/);
		assert.equal(vm('hasgroups', 'true'), undefined);
		assert.equal(vm('idp', 'live.com'), 'A personal Microsoft account.');
		assert.match(vm('idp', `https://sts.windows.net/${TID}/`) ?? '', /guest/);
		assert.equal(vm('idp', 'https://accounts.google.com'), undefined);
		assert.equal(vm('idp', 1), undefined);
	});
	it('ver and acr: other values unexplained', () => {
		assert.equal(vm('ver', '3.0'), undefined);
		assert.equal(vm('acr', '2'), undefined);
	});
	it('amr, roles, wids, scp: lists', () => {
		assert.equal(vm('amr', ['pwd', 'xyz']), 'pwd: password; xyz: not a documented value');
		assert.equal(vm('amr', 'pwd'), undefined);
		assert.equal(vm('roles', ['A', 'B']), '2 roles: A, B. Without scp this is an app-only token and these are application permissions.');
		assert.match(vm('roles', ['A']) ?? '', /^1 role: A\./);
		assert.equal(vm('roles', 'A'), undefined);
		assert.equal(vm('wids', ['62E90394-69F5-4237-9190-012177145E10', 'abc']), 'Global Administrator; abc (unknown role template)');
		assert.equal(vm('wids', 5), undefined);
		assert.equal(vm('scp', '  User.Read   Mail.Send '), 'Delegated permissions (a user is signed in): User.Read, Mail.Send.');
		assert.equal(vm('scp', ['User.Read']), undefined);
	});
	it('xms_cc as a string or a list; without CP1 nothing', () => {
		assert.match(vm('xms_cc', 'CP1') ?? '', /^CP1:/);
		assert.equal(vm('xms_cc', ['CP2']), undefined);
		assert.equal(vm('xms_cc', 1), undefined);
	});
	it('signin_state flags are spelled out, unknown ones kept', () => {
		assert.equal(vm('signin_state', ['kmsi', 'dvc_mngd', 'dvc_cmp', 'dvc_dmjd', 'inknownntwk', 'other']), 'kept signed in, managed device, compliant device, domain-joined device, known network, other');
		assert.equal(vm('signin_state', 'kmsi'), undefined);
	});
	it('cnf: a key-bound token only with jkt', () => {
		assert.match(vm('cnf', { jkt: 'abc' }) ?? '', /proof-of-possession.*jkt/);
		assert.equal(vm('cnf', { kid: 'abc' }), undefined);
		assert.equal(vm('cnf', null), undefined);
		assert.equal(vm('cnf', 'jkt'), undefined);
	});
	it('claims outside the catalog: xms_ and extn. prefixes are recognised', () => {
		assert.match(explainClaim('xms_new_thing', 1, 'payload').meaning ?? '', /Microsoft-specific claim \(xms_ prefix\)/);
		assert.match(explainClaim('extn.costCenter', 'x', 'payload').meaning ?? '', /directory extension attribute/);
		assert.equal(explainClaim('myxms_claim', 1, 'payload').meaning, undefined);
	});
	it('time claims: a non-number says so; a numeric string without now still explains; no value, nothing', () => {
		assert.match(vm('nbf', 'soon') ?? '', /Not a NumericDate/);
		assert.match(vm('iat', Number.NaN) ?? '', /Not a NumericDate/);
		const s = explainClaim('exp', '1700000000', 'payload');
		assert.equal(s.time, undefined);
		assert.match(s.valueMeaning ?? '', /JSON string/);
		assert.deepEqual(explainClaim('exp', String(T + 60), 'payload', NOW).time, { utc: '2026-11-05T10:01:00.000Z', relative: 'expires in 1 min' });
		assert.equal(explainClaim('exp', undefined, 'payload', NOW).valueMeaning, undefined);
		assert.equal(explainClaim('exp', '17e8', 'payload', NOW).time, undefined);
		assert.equal(explainClaim('auth_time', T - 60, 'payload', NOW).time?.relative, '1 min ago');
		// a claim that is not a time claim gets no time even when it is a number
		assert.equal(explainClaim('acct', T, 'payload', NOW).time, undefined);
	});
	it('in a client assertion aud gets the assertion meaning; other claims keep the payload one', () => {
		assert.match(explainClaim('aud', 'x', 'payload', NOW, 'client-assertion').meaning ?? '', /token endpoint/);
		assert.match(explainClaim('aud', 'x', 'payload', NOW, 'access').meaning ?? '', /^Audience: who the token is for/);
		assert.match(explainClaim('tid', 'x', 'payload', NOW, 'client-assertion').meaning ?? '', /^Tenant ID/);
	});
});

describe('jwt claims: kind and summary', () => {
	const kind = (h: object, p: object) => explainToken(decodeJwt(tok(h, p)), NOW).kind;
	const summary = (h: object, p: object) => explainToken(decodeJwt(tok(h, p)), NOW).summary;
	const endpoint = `https://login.microsoftonline.com/${TID}/oauth2/v2.0/token`;

	it('a client assertion needs iss = sub and a token-endpoint audience', () => {
		assert.equal(kind({ alg: 'RS256' }, { iss: APP, sub: APP, aud: endpoint }), 'client-assertion');
		assert.equal(kind({ alg: 'RS256' }, { iss: APP, sub: 'other', aud: endpoint }), 'unknown');
		assert.equal(kind({ alg: 'RS256' }, { iss: APP, sub: APP, aud: APP }), 'unknown');
		assert.equal(kind({ alg: 'RS256' }, { iss: 5, sub: 5, aud: endpoint }), 'unknown');
	});
	it('access tokens: by scp, appid, azp, idtyp app or a header nonce', () => {
		for (const p of [{ scp: 'a' }, { appid: APP }, { azp: APP }, { idtyp: 'app' }]) {
			assert.equal(kind({}, p), 'access', JSON.stringify(p));
		}
		assert.equal(kind({ nonce: 'n' }, {}), 'access');
		assert.equal(kind({}, { idtyp: 'user' }), 'unknown');
		assert.equal(kind({}, { roles: ['r'] }), 'access');
	});
	it('ID tokens: nonce, at_hash or c_hash; with azp but no scp an ID token still', () => {
		for (const p of [{ nonce: 'n' }, { at_hash: 'h' }, { c_hash: 'h' }]) {
			assert.equal(kind({}, p), 'id', JSON.stringify(p));
			assert.equal(kind({}, { ...p, azp: APP }), 'id', JSON.stringify(p));
			assert.equal(kind({}, { ...p, scp: 'x', azp: APP }), 'access', JSON.stringify(p));
			assert.equal(kind({ nonce: 'g' }, { ...p, azp: APP }), 'access', JSON.stringify(p));
		}
		assert.equal(kind({}, { ver: '2.0', aud: APP }), 'id');
		assert.equal(kind({}, { ver: '2.0', aud: 'api://x' }), 'unknown');
		assert.equal(kind({}, { aud: APP }), 'unknown');
	});
	it('client assertion summaries name the thumbprint header, or its absence with AADSTS5002723', () => {
		const p = { iss: APP, sub: APP, aud: endpoint, exp: T + 600 };
		assert.equal(summary({ alg: 'RS256', x5t: 'a' }, p), `Client assertion signed by app ${APP} for ${endpoint}, RS256 with x5t; expires in 10 min.`);
		assert.match(summary({ alg: 'PS256', x5t: 'a', 'x5t#S256': 'b' }, p), /PS256 with x5t#S256;/);
		assert.match(summary({ alg: 'PS256' }, p), /PS256 with no certificate thumbprint \(AADSTS5002723\);/);
	});
	it('access token summaries: audience, mode, user, client', () => {
		assert.equal(
			summary({}, { aud: 'https://graph.microsoft.com/', scp: 'User.Read', preferred_username: 'bob@x', azp: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', exp: T + 120 }),
			'access token for Microsoft Graph, delegated (scp: User.Read), user bob@x, client Microsoft Azure CLI (04b07795-8ddb-461a-bbee-02f9e1bf7b46); expires in 2 min.',
		);
		assert.equal(summary({}, { aud: 'api://orders', appid: APP, ver: '1.0' }), `v1.0 access token for api://orders, no scp or roles, client ${APP}; no expiry.`);
		assert.equal(summary({}, { idtyp: 'app', unique_name: 'u', email: 'e' }), 'access token for an unknown audience, no scp or roles, user u; no expiry.');
		assert.equal(summary({}, { idtyp: 'app', email: 'e', roles: 'notalist' }), 'access token for an unknown audience, app-only (roles: ), user e; no expiry.');
		assert.match(summary({}, { scp: 'a', upn: 'upn@x', preferred_username: 'pu@x' }), /user upn@x/);
		assert.match(summary({}, { scp: 'a', azp: 5 }), /^access token for an unknown audience, delegated \(scp: a\); no expiry\.$/);
	});
	it('ID token summaries: user by preferred_username, upn, email or name; none is fine', () => {
		assert.equal(summary({}, { nonce: 'n', aud: APP, name: 'Ann' }), `ID token for client ${APP}, user Ann; no expiry.`);
		assert.equal(summary({}, { nonce: 'n', aud: APP, email: 'e@x', name: 'Ann' }), `ID token for client ${APP}, user e@x; no expiry.`);
		assert.equal(summary({}, { nonce: 'n', aud: APP }), `ID token for client ${APP}; no expiry.`);
	});
	it('validity wording: not valid yet, expired, valid without a phrase', () => {
		assert.equal(summary({ alg: 'RS256' }, { iss: 'me', exp: T + 9000, nbf: T + 7200 }), 'JWT (RS256) issued by me; not valid yet (in 2 h).');
		assert.equal(summary({ alg: 'RS256' }, { exp: T - 7200 }), 'JWT (RS256) issued by an unknown issuer; expired (2 h ago).');
		assert.equal(summary({ alg: 'RS256' }, { iss: 'me', exp: 'x' }), 'JWT (RS256) issued by me; no expiry.');
	});
});

describe('jwt claims: values that only look right', () => {
	it('issuers with text before the scheme or after the tenant are not named', () => {
		assert.equal(vm('iss', `xhttps://sts.windows.net/${TID}/`), undefined);
		assert.equal(vm('iss', `https://sts.windows.net/${TID}/extra`), undefined);
		assert.equal(vm('iss', `xhttps://login.microsoftonline.com/${TID}/v2.0`), undefined);
		assert.equal(vm('iss', `https://login.microsoftonline.com/${TID}/v2.0/extra`), undefined);
		assert.equal(vm('iss', 'xhttps://contoso.ciamlogin.com/t/v2.0'), undefined);
		assert.equal(vm('iss', 'xhttps://contoso.b2clogin.com/t/v2.0'), undefined);
	});
	it('an App ID URI must start with api://; a URI audience ends in slashes only', () => {
		assert.equal(vm('aud', 'see api://orders'), undefined);
		assert.equal(vm('aud', 'https://vault.azure.net/x'), undefined);
		assert.equal(vm('aud', `https://login.microsoftonline.com/${TID}/v2.0/token`), undefined);
	});
	it('hex checks need the whole value to be hex', () => {
		assert.equal(vm('x5t', 'zz:ab', 'header'), 'Not base64url.');
		// 40 characters of which only the end is hex: plain bytes, not "hex text base64-encoded"
		const text = `${'g'.repeat(20)}${'a'.repeat(20)}`;
		assert.match(vm('x5t', Buffer.from(text).toString('base64url'), 'header') ?? '', /^40 bytes/);
		const text2 = `${'a'.repeat(20)}${'g'.repeat(20)}`;
		assert.match(vm('x5t', Buffer.from(text2).toString('base64url'), 'header') ?? '', /^40 bytes/);
	});
	it('the other RSA algorithms and HMAC are described', () => {
		assert.match(vm('alg', 'RS384', 'header') ?? '', /PKCS1-v1_5 with SHA-384/);
		assert.match(vm('alg', 'RS512', 'header') ?? '', /PKCS1-v1_5 with SHA-512/);
		assert.match(vm('alg', 'PS384', 'header') ?? '', /PSS with SHA-384/);
		assert.match(vm('alg', 'PS512', 'header') ?? '', /PSS with SHA-512/);
		assert.match(vm('alg', 'HS256', 'header') ?? '', /HMAC with a shared secret/);
	});
	it('payload-only explanations are not given to header fields of the same name', () => {
		assert.equal(explainClaim('extn.x', 'v', 'header').meaning, undefined);
		assert.equal(explainClaim('exp', 'soon', 'header').valueMeaning, undefined);
		assert.equal(explainClaim('exp', 1700000000, 'header', NOW).time, undefined);
	});
});
