/**
 * GET/POST /{tenant}/oauth2/v2.0/authorize: a minimal sign-in page listing the sandbox users, then a redirect
 * with a code. Requires response_type=code, a known client, PKCE with S256 and a loopback redirect URI
 * (RFC 8252 §7.3: http://localhost or http://127.0.0.1 on any port; when the app registers redirect URIs, the
 * path must match one of its loopback URIs, port ignored).
 *
 * Errors about the client or the redirect URI are shown on a page (the redirect URI can't be trusted); the rest
 * go back to the redirect URI as `error`, `error_description`, `error_uri`, `state`, as Entra does.
 */
import { randomBytes } from 'node:crypto';
import { catalogEntry } from '../core/diagnose/catalog';
import { entraTimestamp, sandboxNote, SandboxError, type TraceContext } from './errors';
import { resolveScopes } from './scopes';
import { boundedSet, CODE_LIFETIME_MS, MAX_CODES, type SandboxState } from './state';
import type { SandboxUser } from './types';
import type { AppEntry } from './apps';

/** How the page names itself, everywhere. */
export const SANDBOX_SIGNIN_LABEL = 'Entra Cert Kit sandbox — an emulation of Microsoft Entra ID sign-in, not Microsoft';

/** The parameters the sign-in form carries through (hidden fields). */
const CARRIED = ['client_id', 'response_type', 'redirect_uri', 'response_mode', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce', 'login_hint', 'prompt'];

export interface HtmlReply {
	status: number;
	headers: Record<string, string>;
	body: string;
	errorCode?: number;
}

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function isLoopbackHost(host: string): boolean {
	return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Checks the redirect URI against RFC 8252 loopback rules and the app's registered URIs; returns a reason when it fails. */
export function redirectUriProblem(uri: string, entry: AppEntry): string | undefined {
	let u: URL;
	try {
		u = new URL(uri);
	} catch {
		return `'${uri}' is not a URL`;
	}
	if (u.protocol !== 'http:' || !isLoopbackHost(u.hostname) || u.username || u.password || u.hash) {
		return `the sandbox only redirects to loopback URIs (http://localhost:PORT/… or http://127.0.0.1:PORT/…, RFC 8252), and '${uri}' is not one`;
	}
	const registered = entry.app.redirectUris;
	if (registered.length === 0) {
		return undefined;
	}
	const paths = registered.flatMap((r) => {
		try {
			const ru = new URL(r);
			return ru.protocol === 'http:' && isLoopbackHost(ru.hostname) ? [ru.pathname] : [];
		} catch {
			return [];
		}
	});
	if (!paths.includes(u.pathname)) {
		return `'${entry.app.displayName}' registers ${registered.map((r) => `'${r}'`).join(', ')}; a loopback redirect URI must have the path of one of its loopback URIs (the port may differ)`;
	}
	return undefined;
}

function page(title: string, nonce: string, main: string, formAction?: string): { body: string; csp: string } {
	const csp = `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction ?? "'none'"}; frame-ancestors 'none'; base-uri 'none'`;
	const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light dark">
<title>${esc(title)} · Entra Cert Kit sandbox</title>
<style nonce="${nonce}">
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.5; }
body { margin: 0; background: Canvas; color: CanvasText; }
main { max-width: 34rem; margin: 3rem auto; padding: 0 1.25rem; }
.banner { border: 2px dashed GrayText; padding: .6rem .8rem; font-weight: 600; }
ul { list-style: none; padding: 0; }
li { margin: .6rem 0; }
button { font: inherit; padding: .5rem 1rem; border: 1px solid ButtonBorder; border-radius: 4px; background: ButtonFace; color: ButtonText; cursor: pointer; }
button:focus-visible { outline: 3px solid Highlight; outline-offset: 2px; }
.who { color: GrayText; margin-left: .5rem; }
code { font-family: ui-monospace, Consolas, monospace; }
.fine { color: GrayText; font-size: .9rem; }
</style></head>
<body><main>
<p class="banner" role="note">${esc(SANDBOX_SIGNIN_LABEL)}</p>
${main}
</main></body></html>
`;
	return { body, csp };
}

function htmlHeaders(csp: string): Record<string, string> {
	return { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp, 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };
}

/** An error shown as a page (no redirect). */
export function errorPage(e: SandboxError, trace: TraceContext): HtmlReply {
	const nonce = randomBytes(16).toString('base64');
	const { body, csp } = page('Sign-in error', nonce, `<h1>Sign-in error</h1>
<p><strong>AADSTS${e.code}</strong>: ${esc(e.text)}</p>
<p class="fine">Trace ID: ${esc(trace.traceId)}<br>Correlation ID: ${esc(trace.correlationId)}<br>Timestamp: ${esc(entraTimestamp(trace.now))}</p>`);
	return { status: e.status, headers: htmlHeaders(csp), body, errorCode: e.code };
}

/** The redirect URI with parameters, in the query (default) or the fragment. */
function redirectWith(uri: string, mode: string | undefined, params: Record<string, string>): string {
	const u = new URL(uri);
	// A redirect URI with a fragment is refused before (redirectUriProblem): the fragment starts empty.
	const q = new URLSearchParams(mode === 'fragment' ? '' : u.search);
	for (const [k, v] of Object.entries(params)) {
		q.set(k, v);
	}
	if (mode === 'fragment') {
		u.hash = q.toString();
	} else {
		u.search = q.toString();
	}
	return u.toString();
}

function redirectReply(location: string): HtmlReply {
	return { status: 302, headers: { Location: location, 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' }, body: '' };
}

/** A form_post answer: a page that posts the parameters to the redirect URI (one button; no script needed). */
function formPostReply(uri: string, params: Record<string, string>): HtmlReply {
	const nonce = randomBytes(16).toString('base64');
	const fields = Object.entries(params).map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n');
	const { body, csp } = page('Continue', nonce, `<h1>Continue to the app</h1>
<form method="post" action="${esc(uri)}">
${fields}
<button type="submit">Continue</button>
</form>`, new URL(uri).origin);
	return { status: 200, headers: htmlHeaders(csp), body };
}

/** An error sent back to the redirect URI. */
function redirectError(uri: string, mode: string | undefined, e: SandboxError, trace: TraceContext, state: string | undefined): HtmlReply {
	const params: Record<string, string> = {
		error: e.error,
		error_description: `AADSTS${e.code}: ${e.text} Trace ID: ${trace.traceId} Correlation ID: ${trace.correlationId} Timestamp: ${entraTimestamp(trace.now)}`,
		error_uri: `${trace.baseUrl}/error?code=${e.code}`,
		...(state !== undefined ? { state } : {}),
	};
	const reply = mode === 'form_post' ? formPostReply(uri, params) : redirectReply(redirectWith(uri, mode, params));
	return { ...reply, errorCode: e.code };
}

interface Checked {
	entry: AppEntry;
	redirectUri: string;
	responseMode?: string;
	state?: string;
	scope: string;
	codeChallenge: string;
	nonce?: string;
}

const get = (p: URLSearchParams, k: string): string | undefined => {
	const v = p.get(k);
	return v === null || v === '' ? undefined : v;
};

/** Validates an authorize request; returns the checked request or the reply that ends it. */
function check(state: SandboxState, p: URLSearchParams, trace: TraceContext): Checked | HtmlReply {
	const clientId = get(p, 'client_id');
	if (clientId === undefined) {
		return errorPage(new SandboxError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'."), trace);
	}
	const entry = state.index.byAppId.get(clientId.toLowerCase());
	if (!entry) {
		return errorPage(new SandboxError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.${sandboxNote(`it serves the apps of its manifests: ${state.index.entries.map((e) => `${e.app.displayName} (${e.app.appId})`).join(', ') || 'none'}`)}`), trace);
	}
	const redirectUri = get(p, 'redirect_uri');
	if (redirectUri === undefined) {
		return errorPage(new SandboxError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'redirect_uri'."), trace);
	}
	const problem = redirectUriProblem(redirectUri, entry);
	if (problem) {
		return errorPage(new SandboxError(400, 'invalid_request', 50011, `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${entry.app.appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.${sandboxNote(problem)}`), trace);
	}
	const mode = get(p, 'response_mode');
	const st = get(p, 'state');
	const fail = (e: SandboxError) => redirectError(redirectUri, mode, e, trace, st);
	if (mode !== undefined && !['query', 'fragment', 'form_post'].includes(mode)) {
		return fail(new SandboxError(400, 'invalid_request', 900144, `The request body must contain the following parameter: 'response_mode'.${sandboxNote(`response_mode '${mode}' is not one of query, fragment, form_post`)}`));
	}
	const responseType = get(p, 'response_type');
	if (responseType !== 'code') {
		return fail(responseType === undefined
			? new SandboxError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'response_type'.")
			: new SandboxError(400, 'unsupported_response_type', 700051, `response_type '${responseType}' is not enabled for the application.${sandboxNote('the sandbox supports only response_type=code (authorization code with PKCE)')}`));
	}
	const scope = get(p, 'scope');
	if (scope === undefined) {
		return fail(new SandboxError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'."));
	}
	const method = get(p, 'code_challenge_method');
	const challenge = get(p, 'code_challenge');
	// Stryker disable next-line ConditionalExpression: equivalent, the test fails for a missing challenge too (the note tells the two apart)
	if (challenge === undefined || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) {
		return fail(new SandboxError(400, 'invalid_request', 501491, `Invalid size of Code_Challenge parameter.${sandboxNote(challenge === undefined ? 'the sandbox requires PKCE: send code_challenge = base64url(SHA-256(code_verifier)) with code_challenge_method=S256 (Entra requires PKCE for single-page apps and recommends it for all)' : 'an S256 code_challenge is 43 base64url characters')}`));
	}
	if (method !== 'S256') {
		return fail(new SandboxError(400, 'invalid_request', 50149, `Invalid Code_Challenge_method parameter.${sandboxNote(method === undefined ? 'code_challenge_method is missing (Entra would take plain); the sandbox requires S256' : method === 'plain' ? 'Entra accepts plain, the sandbox refuses it: use S256' : `'${method}' is not a PKCE method; use S256`)}`));
	}
	try {
		resolveScopes(scope, state.index, state.tenantId);
	} catch (e) {
		// Stryker disable next-line ConditionalExpression: equivalent, resolveScopes throws only SandboxErrors
		if (e instanceof SandboxError) {
			return fail(e);
		}
		throw e;
	}
	return { entry, redirectUri, responseMode: mode, state: st, scope, codeChallenge: challenge, nonce: get(p, 'nonce') };
}

function isReply(v: Checked | HtmlReply): v is HtmlReply {
	return 'status' in v;
}

/** Issues a code for the user and redirects back. */
function complete(state: SandboxState, c: Checked, user: SandboxUser, now: Date): HtmlReply {
	const code = randomBytes(32).toString('base64url');
	boundedSet(state.codes, code, { clientId: c.entry.app.appId, redirectUri: c.redirectUri, scope: c.scope, codeChallenge: c.codeChallenge, nonce: c.nonce, userOid: user.oid, expiresAt: now.getTime() + CODE_LIFETIME_MS }, MAX_CODES);
	const params: Record<string, string> = { code, ...(c.state !== undefined ? { state: c.state } : {}) };
	return c.responseMode === 'form_post' ? formPostReply(c.redirectUri, params) : redirectReply(redirectWith(c.redirectUri, c.responseMode, params));
}

/** GET /authorize: the sign-in page (or, with prompt=none and a login_hint naming a user, the redirect at once). */
export function authorizeGet(state: SandboxState, tenantSegment: string, p: URLSearchParams, trace: TraceContext): HtmlReply {
	const c = check(state, p, trace);
	if (isReply(c)) {
		return c;
	}
	const hint = get(p, 'login_hint')?.toLowerCase();
	const hinted = state.users.find((u) => u.preferredUsername.toLowerCase() === hint || u.oid === hint); // no hint: none
	if (get(p, 'prompt') === 'none') {
		if (hinted) {
			return complete(state, c, hinted, trace.now);
		}
		return redirectError(c.redirectUri, c.responseMode, new SandboxError(400, 'login_required', 50058, `A silent sign-in request was sent but no user is signed in.${sandboxNote('with prompt=none, give login_hint = a sandbox user\'s preferred_username to sign in without the page')}`), trace, c.state);
	}
	const nonce = randomBytes(16).toString('base64');
	const hidden = CARRIED.filter((k) => p.get(k) !== null).map((k) => `<input type="hidden" name="${k}" value="${esc(p.get(k) as string)}">`).join('\n');
	const users = state.users.map((u) => `<li><button name="user" value="${esc(u.oid)}"${u === hinted ? ' autofocus' : ''}>Sign in as ${esc(u.name)}</button><span class="who">${esc(u.preferredUsername)}</span></li>`).join('\n');
	const { body, csp } = page('Sign in', nonce, `<h1>Sign in</h1>
<p>to <strong>${esc(c.entry.app.displayName)}</strong> (<code>${esc(c.entry.app.appId)}</code>), which asks for <code>${esc(c.scope)}</code>.</p>
<form method="post" action="/${esc(tenantSegment)}/oauth2/v2.0/authorize">
${hidden}
<ul>
${users}
</ul>
</form>
<p class="fine">The users are fictional and there is no password. Consent is granted as asked. Tokens are signed by this sandbox's own key and are valid nowhere else.</p>`, `'self' ${new URL(c.redirectUri).origin}`);
	return { status: 200, headers: htmlHeaders(csp), body };
}

/** POST /authorize: the form came back with `user`; issue the code and redirect. */
export function authorizePost(state: SandboxState, p: URLSearchParams, trace: TraceContext): HtmlReply {
	const c = check(state, p, trace);
	if (isReply(c)) {
		return c;
	}
	const oid = get(p, 'user');
	const user = state.users.find((u) => u.oid === oid);
	if (!user) {
		return errorPage(new SandboxError(400, 'invalid_request', 900144, `The request body must contain the following parameter: 'user'.${sandboxNote(oid === undefined ? 'pick a user on the sign-in page' : `'${oid}' is not a sandbox user`)}`), trace);
	}
	return complete(state, c, user, trace.now);
}

/** The sandbox's page for an error code: the kit's catalog cause and fix. */
export function errorCodePage(requested: string): HtmlReply {
	const code = /^\d{1,9}$/.test(requested) ? requested : '';
	const nonce = randomBytes(16).toString('base64');
	const entry = code ? catalogEntry(code) : undefined;
	const main = entry
		? `<h1>AADSTS${code}</h1><p><strong>${esc(entry.title)}</strong></p><p>${esc(entry.meaning)}</p><p>Causes: ${entry.causes.map(esc).join(' ')}</p><p>Fix: ${esc(entry.fix)}</p>${entry.uncertain ? `<p class="fine">Sources disagree: ${esc(entry.uncertain)}</p>` : ''}`
		: `<h1>AADSTS${code}</h1><p>The kit's catalog has no entry for this code.</p>`;
	const { body, csp } = page(`AADSTS${code}`, nonce, `${main}<p class="fine">Microsoft's own lookup: https://login.microsoftonline.com/error?code=${code}</p>`);
	return { status: 200, headers: htmlHeaders(csp), body };
}
