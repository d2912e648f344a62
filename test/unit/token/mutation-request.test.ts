/**
 * Token request building (src/core/token/request.ts): the inputs refused and how, the inputs cleaned up the way
 * the user meant them (tenant and URL pasted with spaces, scopes with blanks), the parameters the exports build
 * without secret values, the verifier rule, and the HTTP text's Host line and empty-secret marker.
 */
import * as assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { authorityOf, buildParams, buildTokenRequest, redactParamValue, requestAsHttpText, scopeParam, tokenEndpointOf } from '../../../src/core/token/request';
import type { TokenRequest, TokenRequestInput, TokenTarget } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const CLOUD: TokenTarget = { kind: 'cloud', cloud: 'public', tenant: TENANT };
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const refused = (...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION' && facts.every((f) => f.test(e.message));

describe('mutation request: targets', () => {
	it('an unknown target kind is refused naming it and the two kinds', () => {
		assert.throws(() => authorityOf({ kind: 'azure', tenant: TENANT } as unknown as TokenTarget), refused(/^Unknown target kind 'azure'; use 'sandbox' or 'cloud'\.$/));
		assert.throws(() => tokenEndpointOf({ tenant: TENANT } as unknown as TokenTarget), refused(/Unknown target kind 'undefined'/));
	});

	it('a sandbox tenant pasted with spaces is used trimmed; one that is empty or could change the path is refused', () => {
		assert.equal(authorityOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:5000', tenant: `  ${TENANT}\t` }), `http://127.0.0.1:5000/${TENANT}`);
		for (const tenant of ['', '   ', 'a/b', '../x', 'x?y=1', 'x#y', 'a b', 'contoso.com/', '%2e%2e']) {
			assert.throws(() => authorityOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:5000', tenant }), refused(new RegExp(`tenant '${tenant.replace(/[.?*+^$()[\]\\/|{}]/g, '\\$&')}' is not a tenant ID or domain; use the directory \\(tenant\\) ID GUID`)), JSON.stringify(tenant));
		}
		assert.equal(authorityOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:5000', tenant: 'contoso.onmicrosoft.com' }), 'http://127.0.0.1:5000/contoso.onmicrosoft.com');
	});

	it('a sandbox URL copied with surrounding white space (even a no-break space) is used as printed', () => {
		assert.equal(authorityOf({ kind: 'sandbox', baseUrl: '\u00a0 http://127.0.0.1:5000/ \u00a0\n', tenant: TENANT }), `http://127.0.0.1:5000/${TENANT}`);
	});

	it('a sandbox URL that is not plain http(s) is refused, with the URL the sandbox prints as the fix', () => {
		for (const baseUrl of ['file:///tmp/x', 'ws://127.0.0.1:5000', 'http://user:pw@127.0.0.1:5000', 'http://user@127.0.0.1:5000', 'http://127.0.0.1:5000/#frag', 'http://127.0.0.1:5000/?a=b']) {
			assert.throws(() => authorityOf({ kind: 'sandbox', baseUrl, tenant: TENANT }), refused(/must be a plain http\(s\) URL; use the URL the sandbox prints when it starts, e\.g\. http:\/\/127\.0\.0\.1:PORT\./), baseUrl);
		}
		assert.throws(() => authorityOf({ kind: 'sandbox', baseUrl: 'not a url', tenant: TENANT }), refused(/^The sandbox URL 'not a url' is not a URL; use the URL the sandbox prints/));
		assert.equal(authorityOf({ kind: 'sandbox', baseUrl: 'https://localhost:8443', tenant: TENANT }), `https://localhost:8443/${TENANT}`);
	});

	it('a cloud authority is the token endpoint without its path, whatever the cloud', () => {
		assert.equal(authorityOf({ kind: 'cloud', cloud: 'china', tenant: 'contoso.partner.onmschina.cn' }), 'https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn');
		assert.equal(authorityOf(CLOUD), `https://login.microsoftonline.com/${TENANT}`);
	});
});

describe('mutation request: parameters', () => {
	const base: TokenRequestInput = { target: CLOUD, flow: 'client_credentials', clientId: CLIENT, scopes: ['api://x/.default'], credential: { kind: 'assertion', assertion: 'a.b.c' } };

	it('scopes are trimmed, blanks dropped, joined by one space', () => {
		assert.equal(scopeParam(['  api://x/read ', '', '\t', 'offline_access  ']), 'api://x/read offline_access');
		assert.equal(scopeParam([]), '');
		assert.equal(new URLSearchParams(buildTokenRequest({ ...base, scopes: [' a/.default ', ' '] }).body).get('scope'), 'a/.default');
	});

	it('no scopes at all (a caller that leaves the field out) is the "no scope" refusal, not a crash', () => {
		const input = { ...base, scopes: undefined } as unknown as TokenRequestInput;
		assert.throws(() => buildTokenRequest(input), refused(/^The client credentials request has no scope; add the scope to request, e\.g\. https:\/\/graph\.microsoft\.com\/\.default\.$/));
		const code = { ...base, flow: 'authorization_code', scopes: undefined, code: 'c', redirectUri: 'http://localhost', credential: { kind: 'none' } } as unknown as TokenRequestInput;
		assert.deepEqual(buildTokenRequest(code).params.map(([n]) => n), ['client_id', 'code', 'redirect_uri', 'grant_type']);
	});

	it('a missing or malformed credential is refused naming the three choices', () => {
		for (const credential of [undefined, null, 'secret', 5]) {
			assert.throws(() => buildTokenRequest({ ...base, credential } as unknown as TokenRequestInput), refused(/^The client credential is missing; choose a certificate \(client assertion\), a client secret, or 'none' for a public client\.$/), String(credential));
		}
		assert.throws(() => buildTokenRequest({ ...base, credential: { kind: 'certificate' } } as unknown as TokenRequestInput), refused(/^Unknown credential kind 'certificate'; use 'assertion', 'secret' or 'none'\.$/));
	});

	it('for exports (secrets not required) a missing secret is an empty value in its place; every other input is still checked', () => {
		const obo: TokenRequestInput = { ...base, flow: 'on_behalf_of', credential: { kind: 'assertion' } as unknown as TokenRequestInput['credential'] };
		assert.deepEqual(buildParams(obo, { requireSecrets: false }), [
			['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
			['client_id', CLIENT],
			['client_assertion_type', ASSERTION_TYPE],
			['client_assertion', ''],
			['assertion', ''],
			['scope', 'api://x/.default'],
			['requested_token_use', 'on_behalf_of'],
		]);
		assert.deepEqual(buildParams({ ...base, flow: 'refresh_token', credential: { kind: 'secret', secret: '  ' } }, { requireSecrets: false }).slice(2), [['refresh_token', ''], ['grant_type', 'refresh_token'], ['client_secret', '  ']]);
		assert.throws(() => buildParams({ ...base, clientId: '' }, { requireSecrets: false }), refused(/client ID is empty/));
		assert.throws(() => buildParams({ ...base, flow: 'authorization_code', code: 'c' }, { requireSecrets: false }), refused(/redirect URI/));
		assert.throws(() => buildParams({ ...base, credential: { kind: 'secret', secret: '' } }, { requireSecrets: true }), refused(/client secret is empty/));
	});

	it('code_verifier: sent when given; an empty one is left out of a real request but kept for an export to fill in', () => {
		const code: TokenRequestInput = { ...base, flow: 'authorization_code', credential: { kind: 'none' }, code: 'c', redirectUri: 'http://localhost', codeVerifier: '' };
		assert.ok(!buildTokenRequest(code).params.some(([n]) => n === 'code_verifier'));
		assert.deepEqual(buildParams(code, { requireSecrets: false }).at(-1), ['code_verifier', '']);
		assert.deepEqual(buildTokenRequest({ ...code, codeVerifier: 'v' }).params.at(-1), ['code_verifier', 'v']);
		assert.ok(!buildParams({ ...code, codeVerifier: undefined }, { requireSecrets: false }).some(([n]) => n === 'code_verifier'));
	});
});

describe('mutation request: as HTTP text', () => {
	const req: TokenRequest = {
		method: 'POST',
		url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token?dc=ESTS-PUB',
		headers: { HOST: 'other.example', 'Content-Type': 'application/x-www-form-urlencoded', host: 'x' },
		params: [['client_secret', ''], ['client_id', 'c']],
		body: 'client_secret=&client_id=c',
	};

	it('one Host line, from the URL, whatever Host headers the request carries; the query is kept on the request line', () => {
		const lines = requestAsHttpText(req, { redact: false }).split('\n');
		assert.equal(lines[0], 'POST /t/oauth2/v2.0/token?dc=ESTS-PUB HTTP/1.1');
		assert.deepEqual(lines.filter((l) => /^host:/i.test(l)), ['Host: login.microsoftonline.com']);
		assert.ok(lines.includes('Content-Type: application/x-www-form-urlencoded'));
	});

	it('an empty secret is marked empty (not "redacted, 0 chars")', () => {
		assert.equal(redactParamValue('client_secret', ''), '[client secret empty]');
		assert.equal(redactParamValue('code', 'abc'), '[authorization code redacted, 3 chars]');
		assert.ok(requestAsHttpText(req, { redact: true }).split('\n').includes('client_secret=[client secret empty]'));
	});
});
