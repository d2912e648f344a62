/**
 * The sandbox's authorize endpoint called directly (no HTTP): RFC 8252 loopback redirect URIs, where each error goes
 * (a page when the client or redirect URI can't be trusted, the redirect URI otherwise, in the response_mode asked
 * for), PKCE S256, prompt=none, the sign-in page and its form, the code it stores, and the error code page.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { indexApps, type AppEntry } from '../../../src/sandbox/apps';
import type { TraceContext } from '../../../src/sandbox/errors';
import { authorizeGet, authorizePost, errorCodePage, redirectUriProblem, SANDBOX_SIGNIN_LABEL, type HtmlReply } from '../../../src/sandbox/signin';
import type { SandboxState } from '../../../src/sandbox/state';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const BASE = 'http://127.0.0.1:43123';
const WEB = '2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718';
const OPEN = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const ORDERS = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const AVERY = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery <Sandbox>', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };
const BLAKE = { oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02', name: 'Blake Sandbox', preferredUsername: 'Blake@Sandbox.entra-cert-kit.test' };

const app = (appId: string, displayName: string, redirectUris: string[], scopes: string[] = [], uris: string[] = []) => ({ appId, displayName, certificates: [], secrets: [], identifierUris: uris, appRoles: [], scopes: scopes.map((value, i) => ({ id: String(i), value })), redirectUris });

describe('sandbox sign-in (direct)', () => {
	const now = new Date('2026-11-05T10:00:00.000Z');
	const trace: TraceContext = { traceId: 'trace-1', correlationId: 'corr-1', now, baseUrl: BASE };
	let state: SandboxState;
	let web: AppEntry;
	before(() => {
		const index = indexApps([
			app(WEB, 'Contoso & Web', ['http://localhost/callback', 'http://127.0.0.1:8400/other', 'https://localhost/secure', 'not a url', 'https://app.contoso.com/cb']),
			app(OPEN, 'Open App', []),
			app(ORDERS, 'Orders API', [], ['Orders.Read'], ['api://orders']),
		]);
		web = index.byAppId.get(WEB) as AppEntry;
		state = { baseUrl: BASE, tenantId: TENANT, index, users: [AVERY, BLAKE], codes: new Map() } as unknown as SandboxState;
	});

	const q = (over: Record<string, string | undefined> = {}) => {
		const p = new URLSearchParams();
		const all: Record<string, string | undefined> = { client_id: WEB, response_type: 'code', redirect_uri: 'http://localhost:53682/callback', scope: 'openid api://orders/Orders.Read', state: 'st-1', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...over };
		for (const [k, v] of Object.entries(all)) {
			if (v !== undefined) {
				p.set(k, v);
			}
		}
		return p;
	};
	/** The parameters a 302 sends back in the query. */
	const back = (r: HtmlReply) => {
		assert.equal(r.status, 302, r.body);
		assert.deepEqual([r.headers['Cache-Control'], r.headers['Content-Type']], ['no-store', 'text/plain; charset=utf-8'], 'a redirect is not cached');
		return new URL(r.headers.Location).searchParams;
	};

	describe('redirectUriProblem (RFC 8252 loopback, path of a registered loopback URI, any port)', () => {
		it('accepts http on localhost, 127.x.y.z and [::1] with a registered path; any loopback path when none is registered', () => {
			for (const uri of ['http://localhost:1234/callback', 'http://127.0.0.1/callback', 'http://localhost/other', 'http://[::1]:9/callback']) {
				assert.equal(redirectUriProblem(uri, web), undefined, uri);
			}
			const open = state.index.byAppId.get(OPEN) as AppEntry;
			for (const uri of ['http://localhost:1/', 'http://127.1.2.3:5/any/path', 'http://127.0.0.10/', 'http://127.255.255.254/', 'http://[::1]/x']) {
				assert.equal(redirectUriProblem(uri, open), undefined, uri);
			}
		});
		it('refuses what is not a URL, not http, not loopback, or carries user info or a fragment', () => {
			const open = state.index.byAppId.get(OPEN) as AppEntry;
			assert.equal(redirectUriProblem('callback', open), "'callback' is not a URL");
			for (const uri of ['https://localhost/', 'http://example.com/', 'http://127.0.0.1.nip.io/', 'http://128.0.0.1/', 'http://u@localhost/', 'http://u:p@localhost/', 'http://:p@localhost/', 'http://localhost/#frag', 'http://[::2]/']) {
				assert.match(String(redirectUriProblem(uri, open)), /the sandbox only redirects to loopback URIs .*RFC 8252/, uri);
			}
		});
		it('a loopback path the app does not register: the registered URIs are named (https and non-URLs there do not count)', () => {
			const p = String(redirectUriProblem('http://localhost/secure', web));
			assert.match(p, /^'Contoso & Web' registers 'http:\/\/localhost\/callback', 'http:\/\/127\.0\.0\.1:8400\/other', 'https:\/\/localhost\/secure', 'not a url', 'https:\/\/app\.contoso\.com\/cb'; a loopback redirect URI must have the path of one of its loopback URIs \(the port may differ\)$/);
			assert.ok(redirectUriProblem('http://localhost/cb', web));
			assert.ok(redirectUriProblem('http://localhost/callback/', web));
		});
	});

	describe('errors shown on a page (the client or the redirect URI cannot be trusted)', () => {
		for (const [name, over, code, text] of [
			['no client_id', { client_id: undefined }, 900144, /parameter: &#39;client_id&#39;/],
			['an unknown client', { client_id: '00000000-0000-4000-8000-0000000000aa' }, 700016, /was not found in the directory &#39;7e57c0de/],
			['no redirect_uri', { redirect_uri: undefined }, 900144, /&#39;redirect_uri&#39;/],
			['a non-loopback redirect_uri', { redirect_uri: 'https://app.contoso.com/cb' }, 50011, /does not match the redirect URIs configured for the application/],
		] as const) {
			it(`${name} → ${code} on an HTML page, no redirect`, () => {
				const r = authorizeGet(state, TENANT, q(over as Record<string, string | undefined>), trace);
				assert.equal(r.status, 400);
				assert.equal(r.headers.Location, undefined);
				assert.equal(r.errorCode, code);
				assert.match(r.body, new RegExp(`<strong>AADSTS${code}</strong>: `));
				assert.match(r.body, text);
				assert.match(r.body, /Trace ID: trace-1<br>Correlation ID: corr-1<br>Timestamp: 2026-11-05 10:00:00Z/);
				assert.equal(r.headers['Content-Type'], 'text/html; charset=utf-8');
				assert.match(r.body, /<title>Sign-in error · Entra Cert Kit sandbox<\/title>/);
				assert.match(r.headers['Content-Security-Policy'], /^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'$/);
			});
		}
		it('the unknown-client page lists the apps the sandbox serves', () => {
			const r = authorizeGet(state, TENANT, q({ client_id: '00000000-0000-4000-8000-0000000000aa' }), trace);
			assert.ok(r.body.includes(`Contoso &#38; Web (${WEB}), Open App (${OPEN})`), r.body);
			const none = authorizeGet({ ...state, index: indexApps([]) }, TENANT, q(), trace);
			assert.match(none.body, /it serves the apps of its manifests: none\)/);
		});
	});

	describe('errors sent back to the redirect URI', () => {
		for (const [name, over, error, code, text] of [
			['a response_mode that is not one', { response_mode: 'web_message' }, 'invalid_request', 900144, /response_mode 'web_message' is not one of query, fragment, form_post/],
			['no response_type', { response_type: undefined }, 'invalid_request', 900144, /'response_type'\.$/],
			['response_type token', { response_type: 'token' }, 'unsupported_response_type', 700051, /response_type 'token' is not enabled/],
			['no scope', { scope: undefined }, 'invalid_request', 900144, /'scope'\.$/],
			['no code_challenge', { code_challenge: undefined }, 'invalid_request', 501491, /the sandbox requires PKCE/],
			['a code_challenge of 42 characters', { code_challenge: CHALLENGE.slice(1) }, 'invalid_request', 501491, /an S256 code_challenge is 43 base64url characters/],
			['a code_challenge of 44 characters', { code_challenge: `${CHALLENGE}A` }, 'invalid_request', 501491, /43 base64url/],
			['a code_challenge with a character outside base64url', { code_challenge: `${CHALLENGE.slice(1)}+` }, 'invalid_request', 501491, /43 base64url/],
			['no code_challenge_method', { code_challenge_method: undefined }, 'invalid_request', 50149, /code_challenge_method is missing \(Entra would take plain\)/],
			['code_challenge_method plain', { code_challenge_method: 'plain' }, 'invalid_request', 50149, /Entra accepts plain, the sandbox refuses it/],
			['code_challenge_method S512', { code_challenge_method: 'S512' }, 'invalid_request', 50149, /'S512' is not a PKCE method/],
			['scopes of two resources', { scope: 'api://orders/Orders.Read User.Read' }, 'invalid_scope', 28000, /more than one resource/],
		] as const) {
			it(`${name} → ${error} ${code} in the query, with state and error_uri`, () => {
				const p = back(authorizeGet(state, TENANT, q(over as Record<string, string | undefined>), trace));
				assert.equal(p.get('error'), error);
				assert.equal(p.get('state'), 'st-1');
				assert.equal(p.get('error_uri'), `${BASE}/error?code=${code}`);
				const d = String(p.get('error_description'));
				assert.ok(d.startsWith(`AADSTS${code}: `), d);
				assert.ok(d.endsWith(' Trace ID: trace-1 Correlation ID: corr-1 Timestamp: 2026-11-05 10:00:00Z'), d);
				assert.match(d.replace(/ Trace ID: .*$/, ''), text);
			});
		}

		it('no state in the request → none in the error; the redirect URI\'s own query is kept', () => {
			const r = authorizeGet(state, TENANT, q({ state: undefined, response_type: 'token', redirect_uri: 'http://localhost/callback?tenant=a' }), trace);
			const p = back(r);
			assert.equal(p.has('state'), false);
			assert.equal(p.get('tenant'), 'a');
			assert.equal(r.errorCode, 700051);
		});

		it('response_mode fragment → the parameters in the fragment; form_post → a page that posts them, allowed by its CSP', () => {
			const f = authorizeGet(state, TENANT, q({ response_mode: 'fragment', response_type: 'token' }), trace);
			const loc = new URL(f.headers.Location);
			assert.equal(loc.search, '');
			assert.equal(new URLSearchParams(loc.hash.slice(1)).get('error'), 'unsupported_response_type');
			const fp = authorizeGet(state, TENANT, q({ response_mode: 'form_post', response_type: 'token' }), trace);
			assert.equal(fp.status, 200);
			assert.equal(fp.errorCode, 700051);
			assert.match(fp.body, /<form method="post" action="http:\/\/localhost:53682\/callback">/);
			assert.match(fp.body, /<input type="hidden" name="error" value="unsupported_response_type">/);
			assert.match(fp.body, /<input type="hidden" name="state" value="st-1">/);
			assert.match(fp.headers['Content-Security-Policy'], /form-action http:\/\/localhost:53682;/);
		});
	});

	describe('the sign-in page and the code', () => {
		it('a page labelled as an emulation, one button per user (escaped), the request in hidden fields, posting to the tenant\'s authorize', () => {
			const r = authorizeGet(state, 'organizations', q({ nonce: 'n"1', login_hint: 'nobody@x', prompt: 'login', extra: 'dropped' } as Record<string, string>), trace);
			assert.equal(r.status, 200);
			assert.equal(r.errorCode, undefined);
			assert.match(r.body, /<title>Sign in · Entra Cert Kit sandbox<\/title>/);
			assert.ok(r.body.includes(SANDBOX_SIGNIN_LABEL.replace(/&/g, '&#38;')));
			assert.match(SANDBOX_SIGNIN_LABEL, /an emulation of Microsoft Entra ID sign-in, not Microsoft/);
			assert.match(r.body, /<form method="post" action="\/organizations\/oauth2\/v2\.0\/authorize">/);
			for (const [k, v] of [['client_id', WEB], ['response_type', 'code'], ['scope', 'openid api://orders/Orders.Read'], ['state', 'st-1'], ['code_challenge', CHALLENGE], ['code_challenge_method', 'S256'], ['nonce', 'n&#34;1'], ['login_hint', 'nobody@x'], ['prompt', 'login'], ['redirect_uri', 'http://localhost:53682/callback']]) {
				assert.ok(r.body.includes(`<input type="hidden" name="${k}" value="${v}">`), k);
			}
			assert.doesNotMatch(r.body, /name="extra"|name="response_mode"/);
			assert.ok(r.body.includes(`<button name="user" value="${AVERY.oid}">Sign in as Avery &#60;Sandbox&#62;</button>`));
			assert.ok(r.body.includes(`<button name="user" value="${BLAKE.oid}">Sign in as Blake Sandbox</button>`));
			assert.ok(r.body.includes('to <strong>Contoso &#38; Web</strong>'));
			assert.doesNotMatch(r.body, /autofocus/);
			const csp = r.headers['Content-Security-Policy'];
			const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
			assert.ok(nonce && r.body.includes(`<style nonce="${nonce}">`));
			assert.match(csp, /form-action 'self' http:\/\/localhost:53682;/);
			assert.deepEqual([r.headers['X-Frame-Options'], r.headers['Referrer-Policy'], r.headers['X-Content-Type-Options'], r.headers['Cache-Control']], ['DENY', 'no-referrer', 'nosniff', 'no-store']);
		});

		it('a login_hint naming a user (preferred_username in any case, or the oid) focuses that user\'s button', () => {
			for (const hint of ['BLAKE@sandbox.entra-cert-kit.test', BLAKE.oid]) {
				const r = authorizeGet(state, TENANT, q({ login_hint: hint }), trace);
				assert.ok(r.body.includes(`<button name="user" value="${BLAKE.oid}" autofocus>`), hint);
				assert.ok(r.body.includes(`<button name="user" value="${AVERY.oid}">`));
			}
		});

		it('prompt=none with a hinted user → the code at once; without one (or an unknown hint) → login_required 50058', () => {
			const ok = back(authorizeGet(state, TENANT, q({ prompt: 'none', login_hint: BLAKE.preferredUsername }), trace));
			const stored = state.codes.get(String(ok.get('code')));
			assert.equal(stored?.userOid, BLAKE.oid);
			for (const hint of [undefined, 'nobody@x']) {
				const p = back(authorizeGet(state, TENANT, q({ prompt: 'none', login_hint: hint }), trace));
				assert.deepEqual([p.get('error'), p.has('code'), p.get('state')], ['login_required', false, 'st-1']);
				assert.match(String(p.get('error_description')), /^AADSTS50058: A silent sign-in request was sent but no user is signed in\. \(Entra Cert Kit sandbox: with prompt=none, give login_hint = a sandbox user's preferred_username/);
			}
		});

		it('POST with a user → a single code stored for 10 minutes with the request\'s client, redirect URI, scope, challenge and nonce', () => {
			const p = back(authorizePost(state, q({ user: AVERY.oid, nonce: 'n-9' }), trace));
			assert.equal(p.get('state'), 'st-1');
			const c = String(p.get('code'));
			assert.match(c, /^[A-Za-z0-9_-]{43}$/);
			assert.deepEqual(state.codes.get(c), { clientId: WEB, redirectUri: 'http://localhost:53682/callback', scope: 'openid api://orders/Orders.Read', codeChallenge: CHALLENGE, nonce: 'n-9', userOid: AVERY.oid, expiresAt: now.getTime() + 600_000 });
			const again = back(authorizePost(state, q({ user: AVERY.oid }), trace));
			assert.notEqual(again.get('code'), c);
			assert.equal(state.codes.get(String(again.get('code')))?.nonce, undefined);
		});

		it('POST: the code in the fragment or a form_post page when asked; no state when none was sent', () => {
			const f = authorizePost(state, q({ user: AVERY.oid, response_mode: 'fragment', state: undefined }), trace);
			const hash = new URLSearchParams(new URL(f.headers.Location).hash.slice(1));
			assert.ok(hash.get('code'));
			assert.equal(hash.has('state'), false);
			const fp = authorizePost(state, q({ user: AVERY.oid, response_mode: 'form_post' }), trace);
			assert.equal(fp.status, 200);
			assert.match(fp.body, /<input type="hidden" name="code" value="[A-Za-z0-9_-]{43}">/);
			assert.match(fp.body, /<button type="submit">Continue<\/button>/);
			assert.match(fp.body, /<title>Continue · Entra Cert Kit sandbox<\/title>/);
		});

		it('POST without a user or with one not in the sandbox → a 900144 page, no code', () => {
			const size = state.codes.size;
			const none = authorizePost(state, q(), trace);
			assert.deepEqual([none.status, none.errorCode, none.headers.Location], [400, 900144, undefined]);
			assert.match(none.body, /pick a user on the sign-in page/);
			const unknown = authorizePost(state, q({ user: 'someone' }), trace);
			assert.match(unknown.body, /&#39;someone&#39; is not a sandbox user/);
			// The request is checked first: a bad challenge goes back to the redirect URI even with a user.
			assert.equal(back(authorizePost(state, q({ user: AVERY.oid, code_challenge: 'x' }), trace)).get('error'), 'invalid_request');
			assert.equal(state.codes.size, size);
		});
	});

	describe('the error code page', () => {
		it('a code in the catalog: its title, meaning, causes and fix; Microsoft\'s lookup named', () => {
			const r = errorCodePage('700027');
			assert.equal(r.status, 200);
			assert.match(r.body, /<h1>AADSTS700027<\/h1><p><strong>[^<]+<\/strong><\/p>/);
			assert.match(r.body, /<p>Causes: /);
			assert.match(r.body, /<p>Fix: /);
			assert.match(r.body, /Microsoft's own lookup: https:\/\/login\.microsoftonline\.com\/error\?code=700027/);
			assert.match(r.body, /<title>AADSTS700027 · Entra Cert Kit sandbox<\/title>/);
		});
		it('a code not in the catalog says so; a value that is not a code is not echoed', () => {
			assert.match(errorCodePage('999999999').body, /<h1>AADSTS999999999<\/h1><p>The kit's catalog has no entry for this code\.<\/p>/);
			const bad = errorCodePage('<script>1</script>');
			assert.doesNotMatch(bad.body, /script>1/);
			assert.match(bad.body, /<h1>AADSTS<\/h1>/);
			assert.match(errorCodePage('1234567890').body, /<h1>AADSTS<\/h1>/, 'at most nine digits');
		});
	});
});
