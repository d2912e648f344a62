/**
 * The sandbox's HTTP(S) server on loopback: routing, discovery documents, the JWKS, and the boundary that turns
 * every answer into a response (with `x-entra-cert-sandbox: emulation`) and every unexpected exception into an
 * AADSTS-shaped 500 without details. `onRequest` gets method, path (no query), status and timing only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { isGuid } from '../core/ids';
import { errorBody, internalError, invalidRequest, sandboxNote, SandboxError, type TraceContext } from './errors';
import { authorizeGet, authorizePost, errorCodePage, errorPage, SANDBOX_SIGNIN_LABEL } from './signin';
import { tenantKind, type SandboxState } from './state';
import { tokenRequest } from './tokenEndpoint';
import { graphPasswordGrant, graphRoute, isGraphPath } from './graph';
import type { SandboxRequestLog } from './types';

/** The header every answer carries, so no client mistakes the sandbox for Entra. */
export const EMULATION_HEADER = 'x-entra-cert-sandbox';
/** Bodies larger than this are refused (a token request is a few KiB). */
const MAX_BODY = 1024 * 1024;

interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
	errorCode?: number;
}

const ROUTE = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|discovery\/v2\.0\/keys|discovery\/keys|oauth2\/v2\.0\/(?:authorize|token|logout))$/;

function json(status: number, value: unknown, extra: Record<string, string> = {}): Reply {
	return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache', ...extra }, body: JSON.stringify(value) };
}

function errorReply(e: SandboxError, trace: TraceContext): Reply {
	return { ...json(e.status, errorBody(e, trace)), errorCode: e.code };
}

/** Status logged for a request whose client went away before its answer (nothing is sent; nginx's 499). */
export const CLIENT_GONE_STATUS = 499;

/** The client closed the connection before its request was complete: nothing to answer, and no sandbox error. */
class ClientGone extends Error {}

function readBody(req: IncomingMessage): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				tooLarge = true;
			} else {
				chunks.push(c);
			}
		});
		req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
		// A client that disconnects mid-body: 'error' (ECONNRESET, "aborted") and/or 'close' without 'end'. After
		// 'end' the promise is settled and a later 'close' changes nothing.
		const gone = () => reject(new ClientGone());
		req.on('error', gone);
		req.on('close', gone);
	});
}

/**
 * One line for a request in the log, in the user's words.
 * @example
 * formatRequestLog({ method: 'POST', path: '/t/oauth2/v2.0/token', status: 400, errorCode: 7000215, durationMs: 3.2 });
 * // 'POST /t/oauth2/v2.0/token → 400 AADSTS7000215 (3.2 ms)'
 */
export function formatRequestLog(e: SandboxRequestLog): string {
	const path = e.path.split('?')[0];
	if (e.clientGone) {
		return `${e.method} ${path} → the client went away before the answer (closed the connection); nothing was sent (${e.durationMs.toFixed(1)} ms)`;
	}
	return `${e.method} ${path} → ${e.status}${e.errorCode ? ` AADSTS${e.errorCode}` : ''} (${e.durationMs.toFixed(1)} ms)`;
}

/** True when a Host header names a loopback address (a guard against DNS rebinding). */
function loopbackHostHeader(host: string | undefined): boolean {
	if (host === undefined) {
		return true;
	}
	const name = host.replace(/:\d+$/, ''); // '[::1]:8080' → '[::1]'; '[::1]' has no port to cut
	return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export interface ServerHooks {
	now: () => Date;
	onRequest?: (entry: SandboxRequestLog) => void;
	onInternalError?: (error: unknown) => void;
}

/** Creates the request listener for a sandbox state (read through `getState`, so setApps takes effect at once). */
export function createHandler(getState: () => SandboxState, hooks: ServerHooks): (req: IncomingMessage, res: ServerResponse) => void {
	return (req, res) => {
		void handle(getState(), hooks, req, res);
	};
}

async function handle(state: SandboxState, hooks: ServerHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const started = performance.now();
	// A server's requests always have a url and a method.
	const rawPath = (req.url as string).split('?')[0];
	const method = req.method as string;
	// Node joins a repeated header into one string; an absent one is 'undefined' here, not a GUID.
	const header = String(req.headers['client-request-id']);
	const correlationId = isGuid(header) ? header.toLowerCase() : randomUUID();
	const trace: TraceContext = { traceId: randomUUID(), correlationId, now: new Date(0), baseUrl: state.baseUrl };
	let reply: Reply;
	const log = (entry: SandboxRequestLog) => {
		try {
			// Stryker disable next-line OptionalChaining: equivalent, without a hook the TypeError is caught right here
			hooks.onRequest?.(entry);
		} catch {
			// Logging must not break the server.
		}
	};
	try {
		trace.now = hooks.now();
		reply = await route(state, req, trace);
	} catch (e) {
		if (e instanceof ClientGone) {
			// Not a sandbox error and not an answer: say what happened, send nothing.
			res.destroy();
			log({ method, path: rawPath, status: CLIENT_GONE_STATUS, durationMs: performance.now() - started, clientGone: true });
			return;
		}
		try {
			// Stryker disable next-line OptionalChaining: equivalent, without a hook the TypeError is caught right here
			hooks.onInternalError?.(e);
		} catch {
			// A failing log hook changes nothing for the client.
		}
		reply = errorReply(internalError(), trace);
	}
	const headers = { ...reply.headers, [EMULATION_HEADER]: 'emulation', 'x-ms-request-id': trace.traceId, 'client-request-id': correlationId };
	if (res.destroyed || req.socket?.destroyed) {
		log({ method, path: rawPath, status: CLIENT_GONE_STATUS, durationMs: performance.now() - started, clientGone: true });
		return;
	}
	try {
		res.writeHead(reply.status, headers);
		res.end(reply.body);
	} catch {
		// The client went away while the answer was written; nothing more to send.
	}
	log({ method, path: rawPath, status: reply.status, durationMs: performance.now() - started, ...(reply.errorCode !== undefined ? { errorCode: reply.errorCode } : {}) });
}

async function route(state: SandboxState, req: IncomingMessage, trace: TraceContext): Promise<Reply> {
	const method = req.method as string;
	const url = new URL(req.url as string, 'http://sandbox.invalid');
	if (!loopbackHostHeader(req.headers.host)) {
		req.resume();
		return json(421, { error: 'misdirected_request', error_description: `Entra Cert Kit sandbox: it answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1]), not '${req.headers.host}'.` });
	}
	if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
		return indexPage(state);
	}
	if (url.pathname === '/error' && method === 'GET') {
		// Stryker disable next-line StringLiteral: equivalent, any text that is not digits gives the same page
		return errorCodePage(url.searchParams.get('code') ?? '');
	}
	if (isGraphPath(url.pathname)) {
		// The emulated Microsoft Graph (graph.ts): Graph-shaped answers and errors.
		const auth = req.headers.authorization;
		return graphRoute(state, { method, url, correlationId: trace.correlationId, ...(auth ? { authorization: auth } : {}) }, () => readBody(req), trace.now);
	}
	const m = ROUTE.exec(url.pathname);
	if (!m) {
		req.resume();
		return json(404, { error: 'not_found', error_description: `Entra Cert Kit sandbox: there is no endpoint at ${url.pathname}. It serves /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys and /{tenant}/oauth2/v2.0/authorize|token|logout for tenant ${state.tenantId}.` });
	}
	const [, tenantSegment, endpoint] = m;
	const kind = tenantKind(state, tenantSegment);
	const isAuthorize = endpoint.endsWith('authorize');
	if (!kind) {
		req.resume();
		const e = invalidRequest(90002, `Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.${sandboxNote(`its tenant is ${state.tenantId}; to serve your own tenant ID, start it with --tenant or set entraCert.sandbox.tenantId`)}`);
		return isAuthorize ? errorPage(e, trace) : errorReply(e, trace);
	}
	const authority = `${state.baseUrl}/${tenantSegment}`;
	switch (endpoint) {
		case 'v2.0/.well-known/openid-configuration':
			req.resume();
			return json(200, openIdConfiguration(state, authority, kind === 'multi'), { 'Cache-Control': 'max-age=86400, private' });
		case 'discovery/v2.0/keys':
		case 'discovery/keys':
			req.resume();
			return json(200, { keys: [state.key.jwk] }, { 'Cache-Control': 'max-age=86400, private' });
		case 'oauth2/v2.0/logout':
			req.resume();
			return logout(url.searchParams);
		case 'oauth2/v2.0/authorize': {
			if (method === 'GET') {
				req.resume();
				return authorizeGet(state, tenantSegment, url.searchParams, trace);
			}
			if (method === 'POST') {
				const body = await readBody(req);
				// Stryker disable next-line StringLiteral: equivalent, a body without client_id gets the same 900144 page
				return authorizePost(state, new URLSearchParams(body ?? ''), trace);
			}
			req.resume();
			return errorPage(invalidRequest(900561, `The endpoint only accepts GET, POST requests. Received a ${method} request.`), trace);
		}
		default: {
			if (method !== 'POST') {
				req.resume();
				return errorReply(invalidRequest(900561, `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`), trace);
			}
			const body = await readBody(req);
			if (body === undefined) {
				return errorReply(invalidRequest(900144, `The request body must contain the following parameter: 'grant_type'.${sandboxNote(`the body is over ${MAX_BODY} bytes`)}`), trace);
			}
			const type = String(req.headers['content-type']).toLowerCase(); // none: 'undefined', not a form
			const params = type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams();
			addBasicCredentials(params, req.headers.authorization);
			try {
				if (params.get('grant_type') === 'password') {
					// Signs a sandbox user in to the emulated Graph (graph.ts).
					return json(200, graphPasswordGrant(state, params, trace.now));
				}
				return json(200, tokenRequest(state, tenantSegment, params, trace.now));
			} catch (e) {
				if (e instanceof SandboxError) {
					return errorReply(e, trace);
				}
				throw e;
			}
		}
	}
}

/**
 * client_secret_basic (RFC 6749 §2.3.1): `Authorization: Basic base64(urlencode(client_id):urlencode(secret))`
 * becomes client_id and client_secret, unless the body already has a secret.
 */
function addBasicCredentials(params: URLSearchParams, authorization: string | undefined): void {
	// Node's HTTP parser has already cut the spaces after a header value.
	// Stryker disable next-line StringLiteral: equivalent, a mutated stand-in for '' (no Basic prefix) does not match either
	const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '');
	if (!m || params.has('client_secret')) {
		return;
	}
	const text = Buffer.from(m[1], 'base64').toString('utf8');
	const colon = text.indexOf(':');
	// Stryker disable next-line EqualityOperator: equivalent, an empty client_id is refused as missing (900144) either way
	if (colon <= 0) {
		return;
	}
	const decode = (v: string) => {
		try {
			return decodeURIComponent(v.replace(/\+/g, ' '));
		} catch {
			return v;
		}
	};
	if (!params.has('client_id')) {
		params.set('client_id', decode(text.slice(0, colon)));
	}
	params.set('client_secret', decode(text.slice(colon + 1)));
}

/** The OpenID configuration, shaped as Entra's v2.0 document (multi-tenant aliases get the `{tenantid}` issuer template). */
function openIdConfiguration(state: SandboxState, authority: string, multi: boolean): Record<string, unknown> {
	return {
		token_endpoint: `${authority}/oauth2/v2.0/token`,
		token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
		jwks_uri: `${authority}/discovery/v2.0/keys`,
		response_modes_supported: ['query', 'fragment', 'form_post'],
		subject_types_supported: ['pairwise'],
		id_token_signing_alg_values_supported: ['RS256'],
		response_types_supported: ['code'],
		scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
		issuer: multi ? `${state.baseUrl}/{tenantid}/v2.0` : state.issuer,
		request_uri_parameter_supported: false,
		authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
		end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
		code_challenge_methods_supported: ['S256'],
		http_logout_supported: true,
		frontchannel_logout_supported: true,
		claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'name', 'oid', 'preferred_username', 'tid', 'ver', 'azp', 'azpacr', 'idtyp', 'roles', 'scp', 'uti'],
		tenant_region_scope: null,
		cloud_instance_name: new URL(state.baseUrl).host,
		x_entra_cert_sandbox: 'An emulation of Microsoft Entra ID by Entra Cert Kit, not Microsoft.',
	};
}

function logout(p: URLSearchParams): Reply {
	const target = p.get('post_logout_redirect_uri');
	// Stryker disable next-line ConditionalExpression: equivalent, new URL(null) throws and the page is shown
	if (target) {
		try {
			const u = new URL(target);
			if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')) {
				return { status: 302, headers: { Location: u.toString(), 'Cache-Control': 'no-store' }, body: '' };
			}
		} catch {
			// Not a URL: show the page.
		}
	}
	return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: 'Signed out of the Entra Cert Kit sandbox (it keeps no sessions).\n' };
}

function indexPage(state: SandboxState): Reply {
	const a = `${state.baseUrl}/${state.tenantId}`;
	const lines = [
		SANDBOX_SIGNIN_LABEL,
		'',
		`Tenant:        ${state.tenantId}`,
		`Authority:     ${a}`,
		`Discovery:     ${a}/v2.0/.well-known/openid-configuration`,
		`Token:         ${a}/oauth2/v2.0/token`,
		`Authorize:     ${a}/oauth2/v2.0/authorize`,
		`Keys:          ${a}/discovery/v2.0/keys`,
		`Apps:          ${state.index.entries.map((e) => `${e.app.displayName} (${e.app.appId})`).join(', ') || 'none'}`,
		`Users:         ${state.users.map((u) => `${u.name} <${u.preferredUsername}>`).join(', ')}`,
		'',
		'Tokens are signed by this sandbox\'s own key and are valid nowhere else.',
		'',
	];
	return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }, body: lines.join('\n') };
}
