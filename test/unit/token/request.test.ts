import * as assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { parseTokenRequest } from '../../../src/core/diagnose/request';
import { tokenEndpoint } from '../../../src/core/token/clouds';
import { authorityOf, authorizeEndpointOf, buildTokenRequest, requestAsHttpText, tokenEndpointOf } from '../../../src/core/token/request';
import type { TokenRequestInput, TokenTarget } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const CLOUD: TokenTarget = { kind: 'cloud', cloud: 'public', tenant: TENANT };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
// A client assertion-shaped value (three base64url parts); its content does not matter to the builder.
const CLIENT_ASSERTION = `${Buffer.from('{"alg":"PS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"aud":"x","iss":"y"}').toString('base64url')}.c2lnbmF0dXJl`;
const USER_TOKEN = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"aud":"api://mid","scp":"access"}').toString('base64url')}.dXNlcg`;

function expectCoreError(fn: () => unknown, code: string, includes: RegExp): void {
	assert.throws(fn, (e: unknown) => {
		assert.ok(e instanceof CoreError, `expected CoreError, got ${String(e)}`);
		assert.equal(e.code, code);
		assert.match(e.message, includes);
		return true;
	});
}

describe('token endpoints', () => {
	const cases: { name: string; target: TokenTarget; authority: string }[] = [
		{ name: 'public cloud', target: CLOUD, authority: `https://login.microsoftonline.com/${TENANT}` },
		{ name: 'US Gov', target: { kind: 'cloud', cloud: 'usgov', tenant: 'contoso.onmicrosoft.us' }, authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us' },
		{ name: 'China', target: { kind: 'cloud', cloud: 'china', tenant: 'contoso.partner.onmschina.cn' }, authority: 'https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn' },
		{ name: 'sandbox with a trailing slash', target: { kind: 'sandbox', baseUrl: 'http://127.0.0.1:43123/', tenant: TENANT }, authority: `http://127.0.0.1:43123/${TENANT}` },
		{ name: 'sandbox under a path, https', target: { kind: 'sandbox', baseUrl: 'https://localhost:8443/entra//', tenant: TENANT }, authority: `https://localhost:8443/entra/${TENANT}` },
	];
	for (const c of cases) {
		it(`${c.name}: authority, token and authorize endpoints`, () => {
			assert.equal(authorityOf(c.target), c.authority);
			assert.equal(tokenEndpointOf(c.target), `${c.authority}/oauth2/v2.0/token`);
			assert.equal(authorizeEndpointOf(c.target), `${c.authority}/oauth2/v2.0/authorize`);
		});
	}

	it('agrees with clouds.tokenEndpoint for every cloud', () => {
		for (const cloud of ['public', 'usgov', 'china'] as const) {
			assert.equal(tokenEndpointOf({ kind: 'cloud', cloud, tenant: 'contoso.com' }), tokenEndpoint(cloud, 'contoso.com'));
		}
	});

	it('rejects tenants that would change the path, for clouds and the sandbox', () => {
		expectCoreError(() => tokenEndpointOf({ kind: 'cloud', cloud: 'public', tenant: '../common' }), 'ERR_INVALID_OPTION', /tenant '\.\.\/common'/);
		expectCoreError(() => tokenEndpointOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:1', tenant: 'a/b' }), 'ERR_INVALID_OPTION', /tenant 'a\/b'.*tenant\) ID GUID/);
		expectCoreError(() => tokenEndpointOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:1', tenant: '' }), 'ERR_INVALID_OPTION', /tenant/);
	});

	it('rejects a sandbox URL that is not plain http(s) and an unknown cloud', () => {
		expectCoreError(() => authorityOf({ kind: 'sandbox', baseUrl: '127.0.0.1:5000', tenant: TENANT }), 'ERR_INVALID_OPTION', /sandbox URL/);
		expectCoreError(() => authorityOf({ kind: 'sandbox', baseUrl: 'ftp://127.0.0.1', tenant: TENANT }), 'ERR_INVALID_OPTION', /plain http\(s\) URL/);
		expectCoreError(() => authorityOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:5000/?x=1', tenant: TENANT }), 'ERR_INVALID_OPTION', /plain http\(s\) URL/);
		expectCoreError(() => authorityOf({ kind: 'cloud', cloud: 'mars' as 'public', tenant: TENANT }), 'ERR_INVALID_OPTION', /Unknown cloud 'mars'/);
	});
});

describe('buildTokenRequest', () => {
	const base = { target: CLOUD, clientId: CLIENT, credential: { kind: 'assertion', assertion: CLIENT_ASSERTION } } as const;
	const cases: { name: string; input: TokenRequestInput; params: [string, string][] }[] = [
		{
			name: 'client credentials with a certificate',
			input: { ...base, flow: 'client_credentials', scopes: ['https://graph.microsoft.com/.default'] },
			params: [['grant_type', 'client_credentials'], ['client_id', CLIENT], ['scope', 'https://graph.microsoft.com/.default'], ['client_assertion_type', ASSERTION_TYPE], ['client_assertion', CLIENT_ASSERTION]],
		},
		{
			name: 'client credentials with a secret',
			input: { ...base, flow: 'client_credentials', scopes: ['api://x/.default'], credential: { kind: 'secret', secret: 'S3c~r&t=+ /' } },
			params: [['grant_type', 'client_credentials'], ['client_id', CLIENT], ['scope', 'api://x/.default'], ['client_secret', 'S3c~r&t=+ /']],
		},
		{
			name: 'On-Behalf-Of',
			input: { ...base, flow: 'on_behalf_of', scopes: ['https://graph.microsoft.com/User.Read', 'offline_access'], userAssertion: USER_TOKEN },
			params: [
				['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
				['client_id', CLIENT],
				['client_assertion_type', ASSERTION_TYPE],
				['client_assertion', CLIENT_ASSERTION],
				['assertion', USER_TOKEN],
				['scope', 'https://graph.microsoft.com/User.Read offline_access'],
				['requested_token_use', 'on_behalf_of'],
			],
		},
		{
			name: 'authorization code with PKCE',
			input: { ...base, flow: 'authorization_code', scopes: ['openid', 'offline_access'], code: '0.AAA-code', redirectUri: 'http://localhost:53682/', codeVerifier: 'v'.repeat(43) },
			params: [['client_id', CLIENT], ['scope', 'openid offline_access'], ['code', '0.AAA-code'], ['redirect_uri', 'http://localhost:53682/'], ['grant_type', 'authorization_code'], ['code_verifier', 'v'.repeat(43)], ['client_assertion_type', ASSERTION_TYPE], ['client_assertion', CLIENT_ASSERTION]],
		},
		{
			name: 'authorization code for a public client without scope or verifier',
			input: { ...base, flow: 'authorization_code', scopes: [], code: 'c', redirectUri: 'http://localhost', credential: { kind: 'none' } },
			params: [['client_id', CLIENT], ['code', 'c'], ['redirect_uri', 'http://localhost'], ['grant_type', 'authorization_code']],
		},
		{
			name: 'refresh token',
			input: { ...base, flow: 'refresh_token', scopes: ['api://x/read'], refreshToken: '0.AAAA-rt' },
			params: [['client_id', CLIENT], ['scope', 'api://x/read'], ['refresh_token', '0.AAAA-rt'], ['grant_type', 'refresh_token'], ['client_assertion_type', ASSERTION_TYPE], ['client_assertion', CLIENT_ASSERTION]],
		},
	];
	for (const c of cases) {
		it(`${c.name}: parameters in wire order, form body, headers`, () => {
			const req = buildTokenRequest(c.input);
			assert.equal(req.method, 'POST');
			assert.equal(req.url, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
			assert.deepEqual(req.headers, { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
			assert.deepEqual(req.params, c.params);
			// The body decodes back to the same pairs in the same order (an independent decoder).
			assert.deepEqual([...new URLSearchParams(req.body)], c.params);
		});
	}

	it('sends what the user typed: a delegated scope for client credentials and /common are not "corrected"', () => {
		const req = buildTokenRequest({ ...base, target: { kind: 'cloud', cloud: 'public', tenant: 'common' }, flow: 'client_credentials', scopes: ['User.Read'] });
		assert.equal(new URLSearchParams(req.body).get('scope'), 'User.Read');
		assert.match(req.url, /\/common\/oauth2\/v2\.0\/token$/);
	});

	const missing: { name: string; input: TokenRequestInput; message: RegExp }[] = [
		{ name: 'client ID', input: { ...base, clientId: ' ', flow: 'client_credentials', scopes: ['a/.default'] }, message: /client ID is empty.*Application \(client\) ID/ },
		{ name: 'scope', input: { ...base, flow: 'client_credentials', scopes: [' '] }, message: /no scope.*\.default/ },
		{ name: 'user assertion', input: { ...base, flow: 'on_behalf_of', scopes: ['a/.default'] }, message: /userAssertion.*Authorization header/ },
		{ name: 'code', input: { ...base, flow: 'authorization_code', scopes: [], redirectUri: 'http://localhost' }, message: /code from the redirect/ },
		{ name: 'redirect URI', input: { ...base, flow: 'authorization_code', scopes: [], code: 'c' }, message: /redirect URI.*same redirect_uri/ },
		{ name: 'refresh token', input: { ...base, flow: 'refresh_token', scopes: ['a'] }, message: /refresh token.*offline_access/ },
		{ name: 'assertion value', input: { ...base, flow: 'client_credentials', scopes: ['a'], credential: { kind: 'assertion', assertion: '' } }, message: /client assertion is empty/ },
		{ name: 'secret value', input: { ...base, flow: 'client_credentials', scopes: ['a'], credential: { kind: 'secret', secret: '' } }, message: /client secret is empty/ },
		{ name: 'a known flow', input: { ...base, flow: 'password' as 'client_credentials', scopes: ['a'] }, message: /Unknown flow 'password'/ },
	];
	for (const m of missing) {
		it(`names the missing ${m.name} and the fix (ERR_INVALID_OPTION)`, () => {
			expectCoreError(() => buildTokenRequest(m.input), 'ERR_INVALID_OPTION', m.message);
		});
	}
});

describe('requestAsHttpText', () => {
	const obo = buildTokenRequest({
		target: { kind: 'sandbox', baseUrl: 'http://127.0.0.1:43123', tenant: TENANT },
		flow: 'on_behalf_of',
		clientId: CLIENT,
		scopes: ['api://downstream/.default'],
		credential: { kind: 'assertion', assertion: CLIENT_ASSERTION },
		userAssertion: USER_TOKEN,
	});

	it('has the request line, Host, Content-Type, a blank line and & continuation lines', () => {
		const lines = requestAsHttpText(obo, { redact: false }).split('\n');
		assert.equal(lines[0], `POST /${TENANT}/oauth2/v2.0/token HTTP/1.1`);
		assert.equal(lines[1], 'Host: 127.0.0.1:43123');
		assert.ok(lines.includes('Content-Type: application/x-www-form-urlencoded'));
		const blank = lines.indexOf('');
		assert.ok(blank > 1);
		assert.equal(lines[blank + 1], 'grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer');
		assert.ok(lines.slice(blank + 2).every((l) => l.startsWith('&')));
		assert.equal(lines.length - blank - 1, obo.params.length);
	});

	it('round-trips through the diagnose parser (host, tenant, v2, every parameter)', () => {
		const parsed = parseTokenRequest(requestAsHttpText(obo, { redact: false }));
		assert.equal(parsed.format, 'http');
		assert.equal(parsed.host, '127.0.0.1:43123');
		assert.equal(parsed.tenant, TENANT);
		assert.equal(parsed.endpointVersion, 'v2');
		assert.deepEqual(parsed.params, Object.fromEntries(obo.params));
	});

	it('round-trips values with spaces, & and = when not redacted', () => {
		const req = buildTokenRequest({ target: CLOUD, flow: 'client_credentials', clientId: CLIENT, scopes: ['a/.default', 'b/.default'], credential: { kind: 'secret', secret: 'p&q=r s+t' } });
		const parsed = parseTokenRequest(requestAsHttpText(req, { redact: false }));
		assert.equal(parsed.params.client_secret, 'p&q=r s+t');
		assert.equal(parsed.params.scope, 'a/.default b/.default');
	});

	it('redacts every secret parameter to a readable marker with its length, and keeps the rest', () => {
		const text = requestAsHttpText(obo, { redact: true });
		assert.ok(!text.includes(CLIENT_ASSERTION.split('.')[1]), 'client assertion payload leaked');
		assert.ok(!text.includes(USER_TOKEN.split('.')[1]), 'user token payload leaked');
		assert.ok(text.includes(`&client_assertion=[client assertion redacted, ${CLIENT_ASSERTION.length} chars]`), text);
		assert.ok(text.includes(`&assertion=[user assertion redacted, ${USER_TOKEN.length} chars]`), text);
		const parsed = parseTokenRequest(text);
		assert.equal(parsed.params.client_id, CLIENT);
		assert.equal(parsed.params.requested_token_use, 'on_behalf_of');
		assert.equal(parsed.params.client_assertion_type, ASSERTION_TYPE);
	});

	it('also hides a JWT in a parameter it does not know (redact.ts as the safety net)', () => {
		const req = { ...obo, params: [...obo.params, ['id_token_hint', USER_TOKEN]] as [string, string][] };
		const text = requestAsHttpText(req, { redact: true });
		assert.ok(!text.includes(USER_TOKEN.split('.')[1]), text);
		assert.match(text, /&id_token_hint=eyJ.*\[JWT redacted, \d+ chars\]/);
	});

	it('redacts secret, refresh token, code and verifier', () => {
		const rt = buildTokenRequest({ target: CLOUD, flow: 'refresh_token', clientId: CLIENT, scopes: ['a'], credential: { kind: 'secret', secret: 'S3cr3t~value' }, refreshToken: '0.AAAArefresh' });
		const ac = buildTokenRequest({ target: CLOUD, flow: 'authorization_code', clientId: CLIENT, scopes: ['a'], credential: { kind: 'none' }, code: '0.AAAcodevalue', redirectUri: 'http://localhost', codeVerifier: 'x'.repeat(43) });
		const text = requestAsHttpText(rt, { redact: true }) + requestAsHttpText(ac, { redact: true });
		for (const secret of ['S3cr3t~value', '0.AAAArefresh', '0.AAAcodevalue', 'x'.repeat(43)]) {
			assert.ok(!text.includes(secret), `${secret} leaked`);
		}
		assert.match(text, /client_secret=\[client secret redacted, 12 chars\]/);
		assert.match(text, /refresh_token=\[refresh token redacted, 13 chars\]/);
		assert.match(text, /code=\[authorization code redacted, 14 chars\]/);
		assert.match(text, /code_verifier=\[code verifier redacted, 43 chars\]/);
		assert.match(text, /redirect_uri=http%3A%2F%2Flocalhost/);
	});
});
