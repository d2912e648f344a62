/**
 * Sending a token request through the injected fetch, with a timeout, and reading the answer: status,
 * headers, body (kept as text even when it is HTML), JSON when it parses, and the tokens in it.
 */
import { CoreError } from '../errors';
import { decodeJwt } from '../jwt/decode';
import type { SendOptions, TokenInResponse, TokenRequest, TokenResponse } from './flows';

/** Default time a token endpoint gets to answer (entraCert.request.timeoutSeconds = 30). */
export const DEFAULT_TIMEOUT_MS = 30_000;

const TOKEN_NAMES = ['access_token', 'id_token', 'refresh_token'] as const;

/** True when the text is a compact JWS (three parts) that decodes. */
function isCompactJws(value: string): boolean {
	if (value.split('.').length !== 3) {
		return false;
	}
	try {
		decodeJwt(value);
		return true;
	} catch {
		return false;
	}
}

/**
 * The tokens in a token endpoint's JSON answer, in the order access_token, id_token, refresh_token.
 * Entra's refresh tokens are opaque (`jwt: false`).
 * @example
 * tokensInJson({ access_token: 'eyJ…', refresh_token: '0.AAAA…' });
 * // [{ name: 'access_token', value: 'eyJ…', jwt: true }, { name: 'refresh_token', value: '0.AAAA…', jwt: false }]
 */
export function tokensInJson(json: Record<string, unknown> | undefined): TokenInResponse[] {
	const out: TokenInResponse[] = [];
	for (const name of TOKEN_NAMES) {
		const v = json?.[name];
		if (typeof v === 'string' && v.length > 0) {
			out.push({ name, value: v, jwt: isCompactJws(v) });
		}
	}
	return out;
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
	const t = text.trim();
	if (!t.startsWith('{')) {
		return undefined;
	}
	try {
		const v: unknown = JSON.parse(t);
		return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** The first error code (ECONNREFUSED, ENOTFOUND, UND_ERR_…, a TLS code) in an error's cause chain. */
function errorCode(e: unknown): { code?: string; message?: string } {
	let cur: unknown = e;
	let message: string | undefined;
	for (let depth = 0; depth < 6 && cur !== null && typeof cur === 'object'; depth++) {
		const o = cur as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
		if (typeof o.message === 'string' && o.message && o.message !== 'fetch failed') {
			message ??= o.message;
		}
		if (typeof o.code === 'string' && o.code) {
			return { code: o.code, message };
		}
		cur = o.cause ?? (Array.isArray(o.errors) ? o.errors[0] : undefined);
	}
	return { message };
}

function isLoopback(hostname: string): boolean {
	const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/** ERR_NETWORK naming the host, the low-level code and what to try. */
function networkError(url: string, e: unknown): CoreError {
	let host = url;
	let hostname = '';
	try {
		const u = new URL(url);
		host = u.host;
		hostname = u.hostname;
	} catch {
		// keep the URL as given
	}
	const { code, message } = errorCode(e);
	let hint: string;
	if (code === 'ECONNREFUSED') {
		hint = isLoopback(hostname) ? 'nothing is listening on that port; is the sandbox running? Start it, then send again.' : 'the connection was refused; check the URL, a proxy or a firewall.';
	} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		hint = 'the host name does not resolve; check the cloud or URL and your DNS or proxy settings.';
	} else if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
		hint = 'the connection was closed before an answer came; check a proxy or firewall and send again.';
	} else if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
		hint = 'the network did not connect; check the connection, a VPN or the proxy settings.';
	} else if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)) {
		hint = "its TLS certificate is not trusted; for the HTTPS sandbox trust its certificate, behind a TLS-inspecting proxy add the proxy's CA (NODE_EXTRA_CA_CERTS).";
	} else {
		hint = `${message ?? 'the request failed'}; check the URL and the network.`;
	}
	return new CoreError('ERR_NETWORK', `Could not reach the token endpoint at ${host}${code ? ` (${code})` : ''}: ${hint}`, { cause: e });
}

function seconds(ms: number): string {
	return String(Number((ms / 1000).toFixed(3)));
}

/**
 * POSTs the request with the injected fetch and reads the whole answer. HTTP errors (an AADSTS 400, an HTML
 * page from a proxy) are responses, not exceptions. Network failure is CoreError ERR_NETWORK naming the host
 * and the cause; no answer within `timeoutMs` (default 30000) is ERR_TIMEOUT naming the URL; an abort through
 * the caller's `signal` rethrows the AbortError unchanged. Redirects are not followed, so a secret is never
 * posted on to another host.
 * @example
 * const res = await sendTokenRequest(buildTokenRequest(input), { fetch, clock: () => performance.now() });
 * res.status; res.json?.error_codes; res.tokens.find((t) => t.name === 'access_token')?.jwt;
 */
export async function sendTokenRequest(req: TokenRequest, options: SendOptions): Promise<TokenResponse> {
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
		throw new CoreError('ERR_INVALID_OPTION', `The request timeout ${timeoutMs} ms is not a positive number; set entraCert.request.timeoutSeconds to 1 or more.`);
	}
	const timeout = new AbortController();
	const timer = setTimeout(() => timeout.abort(), timeoutMs);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
	// Also race the abort, so a fetch that ignores its signal (or a body that never ends) still stops.
	let onAbort: (() => void) | undefined;
	const aborted = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(signal.reason);
		if (signal.aborted) {
			onAbort();
		} else {
			signal.addEventListener('abort', onAbort, { once: true });
		}
	});
	aborted.catch(() => undefined);
	const started = options.clock();
	try {
		const res = await Promise.race([options.fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' }), aborted]);
		const bodyText = await Promise.race([res.text(), aborted]);
		const durationMs = options.clock() - started;
		const headers: Record<string, string> = {};
		res.headers.forEach((value, name) => {
			headers[name.toLowerCase()] = value;
		});
		const json = parseJsonObject(bodyText);
		return { status: res.status, ok: res.ok, durationMs, headers, bodyText, ...(json ? { json } : {}), tokens: tokensInJson(json) };
	} catch (e) {
		if (options.signal?.aborted) {
			throw e;
		}
		if (timeout.signal.aborted) {
			throw new CoreError('ERR_TIMEOUT', `The token endpoint ${req.url} did not answer within ${seconds(timeoutMs)} s; check the network or raise entraCert.request.timeoutSeconds.`, { cause: e });
		}
		throw networkError(req.url, e);
	} finally {
		clearTimeout(timer);
		if (onAbort) {
			signal.removeEventListener('abort', onAbort);
		}
	}
}
