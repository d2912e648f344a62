/**
 * PKCE bounds (RFC 7636 §4.1) and the authorize URL's refusals, edge by edge (issue 10: tests that catch bugs).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { CoreError } from '../../../src/core/errors';
import { buildAuthorizeUrl, createPkce, pkceChallenge } from '../../../src/core/token/pkce';
import type { AuthorizeUrlInput } from '../../../src/core/token/flows';

const invalidOption = (pattern: RegExp) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION' && pattern.test(e.message);
const s256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

describe('PKCE verifier bounds (RFC 7636 §4.1)', () => {
	it('accepts 43 and 128 characters of the unreserved set, refuses 42 and 129', () => {
		const chars = 'ABCxyz019-._~';
		const of = (n: number) => Array.from({ length: n }, (_, i) => chars[i % chars.length]).join('');
		assert.equal(pkceChallenge(of(43)), s256(of(43)));
		assert.equal(pkceChallenge(of(128)), s256(of(128)));
		for (const n of [42, 129]) {
			assert.throws(() => pkceChallenge(of(n)), invalidOption(/43 to 128 characters.*createPkce\(\)/), String(n));
		}
	});

	it('refuses a character outside the set anywhere, first or last included', () => {
		const ok = 'a'.repeat(50);
		for (const bad of [`+${ok}`, `${ok}/`, `${ok.slice(0, 20)} ${ok.slice(20)}`, `${ok}\n`]) {
			assert.throws(() => pkceChallenge(bad), invalidOption(/43 to 128 characters/), JSON.stringify(bad));
		}
	});

	it('takes 32 to 96 random bytes: 43 to 128 characters of verifier', () => {
		const p32 = createPkce(new Uint8Array(32).fill(7));
		assert.equal(p32.verifier, Buffer.alloc(32, 7).toString('base64url'));
		assert.equal(p32.verifier.length, 43);
		const p96 = createPkce(new Uint8Array(96).fill(200));
		assert.equal(p96.verifier.length, 128);
		assert.equal(p96.challenge, s256(p96.verifier));
		for (const n of [31, 97]) {
			assert.throws(() => createPkce(new Uint8Array(n)), invalidOption(new RegExp(`32 to 96 random bytes.*got ${n};.*leave randomBytes out`)), String(n));
		}
	});
});

describe('buildAuthorizeUrl refusals', () => {
	const challenge = createPkce(new Uint8Array(32).fill(1)).challenge;
	const base: AuthorizeUrlInput = {
		target: { kind: 'cloud', cloud: 'public', tenant: 'contoso.onmicrosoft.com' },
		clientId: '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b',
		redirectUri: 'http://localhost',
		scopes: ['openid'],
		state: 'st',
		codeChallenge: challenge,
	};

	it('an empty or blank client ID names the Application (client) ID', () => {
		for (const clientId of ['', '   ', '\t']) {
			assert.throws(() => buildAuthorizeUrl({ ...base, clientId }), invalidOption(/client ID is empty.*Application \(client\) ID/), JSON.stringify(clientId));
		}
	});

	it('an empty or blank redirect URI names where redirect URIs are registered', () => {
		for (const redirectUri of ['', '  ']) {
			assert.throws(() => buildAuthorizeUrl({ ...base, redirectUri }), invalidOption(/redirect URI is empty.*Redirect URIs/), JSON.stringify(redirectUri));
		}
	});

	it('no scopes given at all is refused like an empty list', () => {
		assert.throws(() => buildAuthorizeUrl({ ...base, scopes: undefined as unknown as string[] }), invalidOption(/no scope/));
	});

	it('a challenge must be exactly 43 base64url characters: longer, shorter or with a stray character is refused', () => {
		for (const codeChallenge of [`${challenge}A`, `=${challenge}`, `${challenge.slice(0, 42)}=`, challenge.slice(1), `${challenge.slice(0, 42)}+`]) {
			assert.throws(() => buildAuthorizeUrl({ ...base, codeChallenge }), invalidOption(/not an S256 PKCE challenge.*createPkce/), codeChallenge);
		}
		assert.throws(() => buildAuthorizeUrl({ ...base, codeChallenge: undefined as unknown as string }), invalidOption(/not an S256 PKCE challenge/));
		assert.equal(new URL(buildAuthorizeUrl(base)).searchParams.get('code_challenge'), challenge);
	});
});
