/**
 * Sending a token request through the injected fetch, with a timeout, and reading the answer: status,
 * headers, body (kept as text even when it is HTML), JSON when it parses, and the tokens in it.
 */
import { CoreError } from '../errors';
import { decodeJwt } from '../jwt/decode';
import type { SendOptions, TokenInResponse, TokenRequest, TokenResponse } from './flows';

/** Default time a token endpoint gets to answer (entraCert.request.timeoutSeconds = 30). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The largest answer read from a token endpoint (Entra's are a few KiB; a token response with tokens well under 64 KiB). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

const TOKEN_NAMES = ['access_token', 'id_token', 'refresh_token'] as const;

/** True when the text is a compact JWS (three parts) that decodes (decodeJwt refuses any other number of parts). */
function isCompactJws(value: string): boolean {
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
	try {
		// JSON.parse allows white space around the value; anything but an object (an array, a string, null) is not an answer.
		const v: unknown = JSON.parse(text);
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
	// URL.hostname keeps the brackets of an IPv6 address.
	const h = hostname.toLowerCase();
	return h === 'localhost' || h === '[::1]' || h.startsWith('127.');
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return url;
	}
}

/** ERR_NETWORK naming the host, the low-level code and what to try. */
function networkError(url: string, e: unknown): CoreError {
	let host = url;
	// Stryker disable next-line StringLiteral: equivalent, any text that is not a loopback name gives the same hint
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

/** Thrown inside the body read when the answer passes MAX_RESPONSE_BYTES. */
class TooLarge extends Error {}

/** The body as text, reading no more than maxBytes + 1 bytes (the stream is cancelled past that). */
async function readBodyBounded(res: Response, maxBytes: number): Promise<{ text: string; bytes: number }> {
	if (!res.body) {
		const text = await res.text();
		if (Buffer.byteLength(text) > maxBytes) {
			throw new TooLarge();
		}
		return { text, bytes: Buffer.byteLength(text) };
	}
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	// The response is dropped after this read, so its reader is not released.
	for (;;) {
		const { done, value } = await reader.read();
		if (done) {
			break;
		}
		total += value.byteLength;
		if (total > maxBytes) {
			await reader.cancel().catch(() => undefined);
			throw new TooLarge();
		}
		chunks.push(value);
	}
	return { text: new TextDecoder().decode(Buffer.concat(chunks, total)), bytes: total };
}

/** One sentence when a received answer is not what a token endpoint sends (HTML, text, JSON that does not parse). */
function responseProblem(status: number, headers: Record<string, string>, bodyText: string, json: Record<string, unknown> | undefined): string | undefined {
	if (json) {
		return undefined;
	}
	const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const t = bodyText.trim();
	if (t === '') {
		return status >= 300 && status < 400 ? undefined : `HTTP ${status} with an empty body: a token endpoint always answers with JSON; something between you and it (a proxy, a gateway) answered instead.`;
	}
	if (type.includes('html') || /^<(!doctype|html|head|body)\b/i.test(t)) {
		return `HTTP ${status} with an HTML page instead of JSON: not Entra's answer but a page from a proxy, a gateway or a captive portal (or the URL is not a token endpoint); check the URL and the proxy settings.`;
	}
	if (type.includes('json') || t.startsWith('{') || t.startsWith('[')) {
		let reason: string;
		try {
			JSON.parse(t);
			reason = 'it is not a JSON object';
		} catch (e) {
			reason = `it does not parse (${e instanceof Error ? e.message : String(e)})`;
		}
		return `HTTP ${status} with a body that claims to be JSON but ${reason}: the answer was cut off or did not come from a token endpoint; send again, and check a proxy.`;
	}
	return `HTTP ${status} with ${type ? `a ${type}` : 'an untyped'} body instead of JSON: not a token endpoint's answer; check the URL and the proxy settings.`;
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
	let rejectAborted!: (reason: unknown) => void;
	const aborted = new Promise<never>((_resolve, reject) => {
		rejectAborted = reject;
	});
	aborted.catch(() => undefined);
	const onAbort = () => rejectAborted(signal.reason);
	if (signal.aborted) {
		onAbort();
	} else {
		signal.addEventListener('abort', onAbort);
	}
	const started = options.clock();
	// Set once the status line and headers are in: later failures are about the body, not about reaching the host.
	let status: number | undefined;
	try {
		const res = await Promise.race([options.fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' }), aborted]);
		status = res.status;
		const { text: bodyText } = await Promise.race([readBodyBounded(res, MAX_RESPONSE_BYTES), aborted]);
		const durationMs = options.clock() - started;
		const headers: Record<string, string> = {};
		res.headers.forEach((value, name) => {
			headers[name.toLowerCase()] = value;
		});
		const json = parseJsonObject(bodyText);
		const problem = responseProblem(res.status, headers, bodyText, json);
		return { status: res.status, ok: res.ok, durationMs, headers, bodyText, ...(json ? { json } : {}), tokens: tokensInJson(json), ...(problem ? { problem } : {}) };
	} catch (e) {
		if (options.signal?.aborted) {
			throw e;
		}
		if (timeout.signal.aborted) {
			throw new CoreError(
				'ERR_TIMEOUT',
				status === undefined
					? `The token endpoint ${req.url} did not answer within ${seconds(timeoutMs)} s; check the network or raise entraCert.request.timeoutSeconds.`
					: `The token endpoint ${req.url} began answering (HTTP ${status}) but did not finish within ${seconds(timeoutMs)} s; a slow proxy or network? Send again, or raise entraCert.request.timeoutSeconds.`,
				{ cause: e },
			);
		}
		if (e instanceof TooLarge) {
			throw new CoreError('ERR_HTTP', `The answer from ${req.url} (HTTP ${status}) is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MB, far more than a token endpoint sends; check the URL (is it a token endpoint?) and the proxy. It was not read further.`);
		}
		if (status !== undefined) {
			const { code } = errorCode(e);
			throw new CoreError('ERR_NETWORK', `The connection to ${hostOf(req.url)} was closed in the middle of its answer (HTTP ${status}${code ? `, ${code}` : ''}); send again, and if it keeps happening check a proxy or firewall.`, { cause: e });
		}
		throw networkError(req.url, e);
	} finally {
		clearTimeout(timer);
		signal.removeEventListener('abort', onAbort);
	}
}
