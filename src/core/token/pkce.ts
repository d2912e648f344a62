/**
 * PKCE (RFC 7636) and the v2.0 authorize URL for the authorization code flow.
 */
import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';
import { CoreError } from '../errors';
import { base64urlEncode } from '../encoding';
import { authorizeEndpointOf, scopeParam } from './request';
import type { AuthorizeUrlInput, Pkce } from './flows';

/** RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2).
 * @example
 * pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'); // 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' (RFC 7636 appendix B)
 */
export function pkceChallenge(verifier: string): string {
	if (!VERIFIER.test(verifier)) {
		throw new CoreError('ERR_INVALID_OPTION', 'The PKCE code verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~; make one with createPkce().');
	}
	return base64urlEncode(createHash('sha256').update(verifier, 'ascii').digest());
}

/**
 * A PKCE verifier and its S256 challenge. The verifier is base64url of 32 random bytes (43 characters), as
 * RFC 7636 §4.1 recommends; pass `randomBytes` (32 to 96 bytes) only to make it reproducible in tests.
 * @example
 * const { verifier, challenge, method } = createPkce(); // verifier.length === 43, method === 'S256'
 */
export function createPkce(randomBytes?: Uint8Array): Pkce {
	const bytes = randomBytes ?? new Uint8Array(cryptoRandomBytes(32));
	if (bytes.length < 32 || bytes.length > 96) {
		throw new CoreError('ERR_INVALID_OPTION', `A PKCE verifier needs 32 to 96 random bytes (43 to 128 characters), got ${bytes.length}; leave randomBytes out to use 32 fresh bytes.`);
	}
	const verifier = base64urlEncode(bytes);
	return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

/**
 * The v2.0 authorize URL for the authorization code flow with PKCE (S256) and `response_mode=query`.
 * Parameters in this order: client_id, response_type=code, redirect_uri, response_mode, scope, state,
 * code_challenge, code_challenge_method, then nonce, login_hint and prompt when given.
 * @example
 * const pkce = createPkce();
 * buildAuthorizeUrl({ target, clientId, redirectUri: 'http://localhost:53682/', scopes: ['openid', 'offline_access'],
 *   state: 'x1', codeChallenge: pkce.challenge });
 * // 'https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize?client_id=…&response_type=code&…'
 */
export function buildAuthorizeUrl(input: AuthorizeUrlInput): string {
	const invalid = (message: string) => new CoreError('ERR_INVALID_OPTION', message);
	if (!input.clientId || input.clientId.trim().length === 0) {
		throw invalid("The client ID is empty; enter the app registration's Application (client) ID.");
	}
	if (!input.redirectUri || input.redirectUri.trim().length === 0) {
		throw invalid("The redirect URI is empty; use one registered on the app (Authentication > Redirect URIs), e.g. http://localhost.");
	}
	const scope = scopeParam(input.scopes ?? []);
	if (scope.length === 0) {
		throw invalid('The sign-in request has no scope; add at least one, e.g. openid offline_access.');
	}
	if (!input.state) {
		throw invalid('The state is empty; pass a random value and check it when the redirect comes back.');
	}
	if (!/^[A-Za-z0-9_-]{43}$/.test(input.codeChallenge ?? '')) {
		throw invalid('The code challenge is not an S256 PKCE challenge (43 base64url characters); make it with createPkce().');
	}
	const q = new URLSearchParams([
		['client_id', input.clientId],
		['response_type', 'code'],
		['redirect_uri', input.redirectUri],
		['response_mode', 'query'],
		['scope', scope],
		['state', input.state],
		['code_challenge', input.codeChallenge],
		['code_challenge_method', 'S256'],
	]);
	if (input.nonce) {
		q.append('nonce', input.nonce);
	}
	if (input.loginHint) {
		q.append('login_hint', input.loginHint);
	}
	if (input.prompt) {
		q.append('prompt', input.prompt);
	}
	return `${authorizeEndpointOf(input.target)}?${q.toString()}`;
}
