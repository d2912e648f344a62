import assert from 'node:assert/strict';
import { describeTime, formatDuration, timeStatus } from '../../../src/core/jwt/times';
import { catalogSize, explainClaim, explainToken, HEADER_CATALOG, PAYLOAD_CATALOG } from '../../../src/core/jwt/claims';
import { decodeJwt } from '../../../src/core/jwt/decode';

const NOW = new Date('2026-11-05T10:00:00Z');
const T = NOW.getTime() / 1000;
const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
const tok = (h: object, p: object): string => `${b64(h)}.${b64(p)}.c2ln`;

describe('jwt/times', () => {
	const cases: { s: number; claim?: string; utc: string; relative: string }[] = [
		{ s: T + 240, claim: 'exp', utc: '2026-11-05T10:04:00.000Z', relative: 'expires in 4 min' },
		{ s: T - 3 * 3600 - 59, claim: 'exp', utc: '2026-11-05T06:59:01.000Z', relative: 'expired 3 h ago' },
		{ s: T + 2 * 86400 + 5, claim: 'nbf', utc: '2026-11-07T10:00:05.000Z', relative: 'in 2 days' },
		{ s: T - 300, claim: 'iat', utc: '2026-11-05T09:55:00.000Z', relative: '5 min ago' },
		{ s: T - 30, utc: '2026-11-05T09:59:30.000Z', relative: '30 s ago' },
		{ s: T - 86400, utc: '2026-11-04T10:00:00.000Z', relative: '1 day ago' },
		{ s: T - 2 * 365 * 86400, utc: '2024-11-05T10:00:00.000Z', relative: '2 years ago' },
		{ s: T, claim: 'exp', utc: '2026-11-05T10:00:00.000Z', relative: 'expires now' },
	];
	for (const c of cases) {
		it(`describeTime ${c.relative}`, () => {
			assert.deepEqual(describeTime(c.s, NOW, c.claim), { utc: c.utc, relative: c.relative });
		});
	}
	it('describeTime of an impossible date does not throw', () => {
		assert.equal(describeTime(1e20, NOW).utc, 'invalid date');
	});
	it('formatDuration', () => {
		assert.deepEqual([0, 59, 60, 3599, 3600, 86399, 86400, 172800].map(formatDuration), ['0 s', '59 s', '1 min', '59 min', '1 h', '23 h', '1 day', '2 days']);
	});
	it('timeStatus: valid, expired, not yet valid, no exp, skew', () => {
		assert.equal(timeStatus({ nbf: T - 60, exp: T + 60 }, NOW).status, 'valid');
		assert.equal(timeStatus({ exp: T - 301 }, NOW).status, 'expired');
		assert.equal(timeStatus({ exp: T - 299 }, NOW).status, 'valid', 'within the default 300 s skew');
		assert.equal(timeStatus({ exp: T - 10 }, NOW, 0).status, 'expired');
		assert.equal(timeStatus({ nbf: T + 301, exp: T + 900 }, NOW).status, 'not-yet-valid');
		assert.equal(timeStatus({ iat: T }, NOW).status, 'no-exp');
		assert.equal(timeStatus({ exp: 'soon' }, NOW).status, 'no-exp');
		const s = timeStatus({ exp: T + 600, nbf: T, iat: T }, NOW);
		assert.equal(s.secondsToExpiry, 600);
		assert.equal(s.exp?.relative, 'expires in 10 min');
		assert.match(timeStatus({ exp: T - 3600 }, NOW).detail, /expired at 2026-11-05T09:00:00.000Z \(expired 1 h ago\)/);
	});
});

describe('jwt/claims catalog', () => {
	it('has at least 60 entries and every required claim', () => {
		assert.ok(catalogSize() >= 60, `catalog has ${catalogSize()}`);
		const required = 'aud iss iat nbf exp aio acr amr appid appidacr azp azpacr idp idtyp ipaddr name given_name family_name unique_name upn email preferred_username nonce oid roles scp sid sub tid uti rh ver wids groups hasgroups _claim_names _claim_sources xms_cc xms_ssm xms_st xms_tcdt xms_pl xms_tpl xms_mirid xms_idrel xms_ftd ctry tenant_ctry tenant_region_scope deviceid onprem_sid login_hint in_corp acct acrs auth_time at_hash c_hash platf verified_primary_email verified_secondary_email puid altsecid fwd vnet signin_state xms_pdl xms_pfl jti cnf'.split(' ');
		for (const c of required) {
			assert.ok(PAYLOAD_CATALOG[c], `payload catalog lacks ${c}`);
		}
		for (const h of ['alg', 'typ', 'kid', 'x5t', 'x5t#S256', 'x5c', 'jku', 'cty', 'nonce']) {
			assert.ok(HEADER_CATALOG[h], `header catalog lacks ${h}`);
		}
	});
	const values: { name: string; value: unknown; where?: 'header' | 'payload'; want: RegExp }[] = [
		{ name: 'aud', value: '00000003-0000-0000-c000-000000000000', want: /^Microsoft Graph/ },
		{ name: 'aud', value: '00000002-0000-0000-c000-000000000000', want: /Azure AD Graph/ },
		{ name: 'aud', value: 'https://management.azure.com/', want: /Azure Resource Manager/ },
		{ name: 'aud', value: 'https://graph.microsoft.com', want: /Microsoft Graph/ },
		{ name: 'aud', value: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', want: /client assertion/ },
		{ name: 'aud', value: ['a', 'b'], want: /AADSTS50027/ },
		{ name: 'idtyp', value: 'app', want: /App-only/ },
		{ name: 'idtyp', value: 'user', want: /Delegated/ },
		{ name: 'azpacr', value: '0', want: /public client/ },
		{ name: 'azpacr', value: '1', want: /client secret/ },
		{ name: 'appidacr', value: '2', want: /certificate/ },
		{ name: 'ver', value: '1.0', want: /sts\.windows\.net/ },
		{ name: 'ver', value: '2.0', want: /login\.microsoftonline\.com\/\{tid\}\/v2\.0/ },
		{ name: 'iss', value: 'https://sts.windows.net/11111111-1111-1111-1111-111111111111/', want: /v1\.0 issuer/ },
		{ name: 'iss', value: 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0', want: /v2\.0 issuer/ },
		{ name: 'amr', value: ['pwd', 'mfa', 'rsa', 'otp', 'fido', 'wia', 'ngcmfa'], want: /pwd: password; mfa: multifactor.*ngcmfa: Windows Hello/ },
		{ name: 'acr', value: '1', want: /authenticated/ },
		{ name: 'acr', value: '0', want: /29115/ },
		{ name: 'scp', value: 'User.Read Mail.Send', want: /Delegated permissions.*User\.Read, Mail\.Send/ },
		{ name: 'roles', value: ['Tasks.Read.All'], want: /application permissions/ },
		{ name: 'wids', value: ['62e90394-69f5-4237-9190-012177145e10'], want: /Global Administrator/ },
		{ name: 'tid', value: '9188040d-6c67-4c5b-b112-36a304b66dad', want: /Microsoft account/ },
		{ name: 'xms_cc', value: ['CP1'], want: /claims challenges/ },
		{ name: 'alg', value: 'PS256', where: 'header', want: /PSS/ },
		{ name: 'nonce', value: 'abc', where: 'header', want: /only Graph can validate.*AADSTS50013/ },
		{ name: 'x5t', value: 'hOBcHZi846VCHSJbFAs26Go9VTQ', where: 'header', want: /SHA-1 84E05C1D98BCE3A5421D225B140B36E86A3D5534/ },
		{ name: 'x5t', value: Buffer.alloc(32, 1).toString('base64url'), where: 'header', want: /SHA-256 digest under x5t.*AADSTS700027/ },
		{ name: 'x5t', value: Buffer.from('84E05C1D98BCE3A5420D225B140B36E86A3D5534').toString('base64url'), where: 'header', want: /hex thumbprint text was base64-encoded.*80-digit/ },
		{ name: 'x5t', value: '84E05C1D98BCE3A5420D225B140B36E86A3D5534', where: 'header', want: /.+/ },
		{ name: 'exp', value: '1700000000', want: /JSON string/ },
	];
	for (const v of values) {
		it(`explains ${v.where ?? 'payload'} ${v.name} = ${JSON.stringify(v.value).slice(0, 40)}`, () => {
			const e = explainClaim(v.name, v.value, v.where ?? 'payload', NOW);
			assert.ok(e.meaning, 'has a meaning');
			assert.match(e.valueMeaning ?? '', v.want);
		});
	}
	it('gives time claims UTC and relative', () => {
		assert.deepEqual(explainClaim('exp', T + 240, 'payload', NOW).time, { utc: '2026-11-05T10:04:00.000Z', relative: 'expires in 4 min' });
		assert.deepEqual(explainClaim('iat', T - 300, 'payload', NOW).time, { utc: '2026-11-05T09:55:00.000Z', relative: '5 min ago' });
		assert.equal(explainClaim('exp', T, 'payload').time, undefined, 'no now, no relative time');
	});
	it('prototype names are not well-known values', () => {
		for (const [name, where] of [['aud', 'payload'], ['tid', 'payload'], ['alg', 'header'], ['azpacr', 'payload']] as const) {
			assert.equal(explainClaim(name, 'constructor', where).valueMeaning, undefined);
		}
		assert.equal(explainClaim('constructor', 1, 'payload').meaning, undefined);
	});
	it('unknown claims have no meaning but keep the value', () => {
		assert.deepEqual(explainClaim('my_claim', 1, 'payload', NOW), { name: 'my_claim', value: 1 });
	});
});

describe('jwt/explainToken', () => {
	const tid = '11111111-1111-1111-1111-111111111111';
	const cases: { name: string; header: object; payload: object; kind: string; summary: RegExp }[] = [
		{
			name: 'v2 delegated Graph token with header nonce',
			header: { alg: 'RS256', typ: 'JWT', nonce: 'xyz', kid: 'k' },
			payload: { aud: '00000003-0000-0000-c000-000000000000', iss: `https://sts.windows.net/${tid}/`, scp: 'User.Read', upn: 'alice@contoso.com', appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', ver: '1.0', exp: T + 3000 },
			kind: 'access',
			summary: /^v1\.0 access token for Microsoft Graph, delegated \(scp: User\.Read\), user alice@contoso\.com.*only Graph can validate.*expires in 50 min\.$/,
		},
		{
			name: 'app-only v2 token',
			header: { alg: 'RS256', typ: 'JWT', kid: 'k' },
			payload: { aud: '22222222-2222-2222-2222-222222222222', iss: `https://login.microsoftonline.com/${tid}/v2.0`, roles: ['Tasks.Read.All'], idtyp: 'app', azp: '33333333-3333-3333-3333-333333333333', azpacr: '2', ver: '2.0', exp: T - 4000 },
			kind: 'access',
			summary: /app-only \(roles: Tasks\.Read\.All\).*expired \(1 h ago\)/,
		},
		{
			name: 'ID token',
			header: { alg: 'RS256', typ: 'JWT', kid: 'k' },
			payload: { aud: '33333333-3333-3333-3333-333333333333', iss: `https://login.microsoftonline.com/${tid}/v2.0`, nonce: 'n', preferred_username: 'bob@contoso.com', ver: '2.0', exp: T + 3600 },
			kind: 'id',
			summary: /^v2\.0 ID token for client 33333333-3333-3333-3333-333333333333, user bob@contoso\.com; expires in 1 h\.$/,
		},
		{
			name: 'client assertion',
			header: { alg: 'PS256', typ: 'JWT', 'x5t#S256': 'abc' },
			payload: { aud: `https://login.microsoftonline.com/${tid}/oauth2/v2.0/token`, iss: '33333333-3333-3333-3333-333333333333', sub: '33333333-3333-3333-3333-333333333333', jti: 'j', nbf: T, exp: T + 600 },
			kind: 'client-assertion',
			summary: /^Client assertion signed by app 33333333.* PS256 with x5t#S256; expires in 10 min\.$/,
		},
		{
			name: 'ID token with app roles and no nonce',
			header: { alg: 'RS256', typ: 'JWT', kid: 'k' },
			payload: { aud: '33333333-3333-3333-3333-333333333333', iss: `https://login.microsoftonline.com/${tid}/v2.0`, roles: ['Admin'], ver: '2.0', exp: T + 3600 },
			kind: 'id',
			summary: /^v2\.0 ID token/,
		},
		{ name: 'something else', header: { alg: 'HS256' }, payload: { iss: 'me' }, kind: 'unknown', summary: /^JWT \(HS256\) issued by me; no expiry\.$/ },
	];
	for (const c of cases) {
		it(c.name, () => {
			const e = explainToken(decodeJwt(tok(c.header, c.payload)), NOW);
			assert.equal(e.kind, c.kind);
			assert.match(e.summary, c.summary);
			assert.equal(e.header.length, Object.keys(c.header).length);
			assert.equal(e.payload.length, Object.keys(c.payload).length);
		});
	}
	it('uses the client-assertion meanings for iss/sub in an assertion', () => {
		const e = explainToken(decodeJwt(tok(cases[3].header, cases[3].payload)), NOW);
		assert.match(e.payload.find((x) => x.name === 'iss')?.meaning ?? '', /must equal sub and client_id/);
	});
});
