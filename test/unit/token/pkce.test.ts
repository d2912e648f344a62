import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CoreError } from '../../../src/core/errors';
import { buildAuthorizeUrl, createPkce, pkceChallenge } from '../../../src/core/token/pkce';
import type { AuthorizeUrlInput } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';

describe('PKCE', () => {
	it('matches RFC 7636 appendix B (fixed octets → verifier → challenge)', () => {
		const octets = new Uint8Array([116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121]);
		const pkce = createPkce(octets);
		assert.equal(pkce.verifier, 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
		assert.equal(pkce.challenge, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
		assert.equal(pkce.method, 'S256');
	});

	it('makes a fresh 43-character verifier whose challenge is base64url(SHA-256) by node:crypto', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 20; i++) {
			const { verifier, challenge } = createPkce();
			assert.match(verifier, /^[A-Za-z0-9_-]{43}$/);
			assert.equal(challenge, createHash('sha256').update(verifier).digest('base64url'));
			seen.add(verifier);
		}
		assert.equal(seen.size, 20, 'verifiers repeat');
	});

	it('rejects too few random bytes and a malformed verifier', () => {
		assert.throws(() => createPkce(new Uint8Array(16)), (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION' && /32 to 96 random bytes.*got 16/.test(e.message));
		assert.throws(() => pkceChallenge('short'), (e: unknown) => e instanceof CoreError && /43 to 128 characters/.test(e.message));
	});
});

describe('buildAuthorizeUrl', () => {
	const pkce = createPkce();
	const base: AuthorizeUrlInput = {
		target: { kind: 'cloud', cloud: 'public', tenant: TENANT },
		clientId: CLIENT,
		redirectUri: 'http://localhost:53682/callback',
		scopes: ['openid', 'offline_access', 'api://mid/access'],
		state: 's-123',
		codeChallenge: pkce.challenge,
	};

	it('has the authorize endpoint and the parameters in order, decoded as given', () => {
		const u = new URL(buildAuthorizeUrl(base));
		assert.equal(`${u.origin}${u.pathname}`, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`);
		assert.deepEqual([...u.searchParams], [
			['client_id', CLIENT],
			['response_type', 'code'],
			['redirect_uri', 'http://localhost:53682/callback'],
			['response_mode', 'query'],
			['scope', 'openid offline_access api://mid/access'],
			['state', 's-123'],
			['code_challenge', pkce.challenge],
			['code_challenge_method', 'S256'],
		]);
	});

	it('adds nonce, login_hint and prompt only when given', () => {
		const u = new URL(buildAuthorizeUrl({ ...base, target: { kind: 'sandbox', baseUrl: 'http://127.0.0.1:9/', tenant: TENANT }, nonce: 'n1', loginHint: 'ada@contoso.com', prompt: 'select_account' }));
		assert.equal(u.host, '127.0.0.1:9');
		assert.equal(u.searchParams.get('nonce'), 'n1');
		assert.equal(u.searchParams.get('login_hint'), 'ada@contoso.com');
		assert.equal(u.searchParams.get('prompt'), 'select_account');
		assert.equal(new URL(buildAuthorizeUrl(base)).searchParams.has('nonce'), false);
	});

	it('names what is missing: scope, state, a real challenge', () => {
		const bad: [Partial<AuthorizeUrlInput>, RegExp][] = [
			[{ scopes: [] }, /no scope/],
			[{ state: '' }, /state is empty/],
			[{ codeChallenge: pkce.verifier.slice(0, 20) }, /code challenge.*createPkce/],
			[{ redirectUri: '' }, /redirect URI is empty/],
		];
		for (const [patch, message] of bad) {
			assert.throws(() => buildAuthorizeUrl({ ...base, ...patch }), (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION' && message.test(e.message));
		}
	});
});
