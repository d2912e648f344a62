/**
 * Token requests as people paste them: a form body, HTTP request text (with `&`-prefixed continuation
 * lines as in Postman and the docs), Postman bulk-edit `key:value` lines, or a curl command.
 */

export interface ParsedTokenRequest {
	format: 'form' | 'http' | 'bulk' | 'curl';
	method?: string;
	/** Full URL when known (curl, or HTTP with a Host header or absolute target). */
	url?: string;
	host?: string;
	/** The tenant path segment of /{tenant}/oauth2/…/token. */
	tenant?: string;
	endpointVersion?: 'v1' | 'v2';
	/** Form parameters, decoded. The last value wins for repeated names. */
	params: Record<string, string>;
}

/** OAuth parameter names that mark text as a token request. */
const PARAM_NAMES = ['grant_type', 'client_id', 'client_assertion', 'client_assertion_type', 'client_secret', 'scope', 'assertion', 'requested_token_use', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'resource'];

function decodeFormValue(v: string): string {
	try {
		return decodeURIComponent(v.replace(/\+/g, ' '));
	} catch {
		return v;
	}
}

/** Parses `a=b&c=d`, tolerating newlines before `&` and around pairs. */
export function parseFormBody(body: string): Record<string, string> {
	const params: Record<string, string> = {};
	const joined = body.replace(/\r?\n\s*&/g, '&').replace(/&\s*\r?\n\s*/g, '&').trim();
	for (const pair of joined.split('&')) {
		const p = pair.trim();
		if (!p) {
			continue;
		}
		const eq = p.indexOf('=');
		const name = decodeFormValue(eq >= 0 ? p.slice(0, eq) : p).trim();
		params[name] = eq >= 0 ? decodeFormValue(p.slice(eq + 1)).trim() : '';
	}
	return params;
}

function parseBulk(text: string): Record<string, string> | undefined {
	const params: Record<string, string> = {};
	let known = 0;
	for (const line of text.split(/\r?\n/)) {
		const l = line.trim();
		if (!l || l.startsWith('//')) {
			continue;
		}
		const m = /^([A-Za-z_][A-Za-z0-9_.-]*)\s*:\s*(.*)$/.exec(l);
		if (!m) {
			return undefined;
		}
		params[m[1]] = m[2].trim();
		if (PARAM_NAMES.includes(m[1])) {
			known++;
		}
	}
	return known > 0 ? params : undefined;
}

function applyUrl(req: ParsedTokenRequest, url: string): void {
	req.url = url;
	try {
		const u = new URL(url);
		req.host = u.host;
		applyPath(req, u.pathname);
	} catch {
		applyPath(req, url);
	}
}

function applyPath(req: ParsedTokenRequest, path: string): void {
	const m = /\/([^/]+)\/oauth2\/(v2\.0\/)?token\b/i.exec(path);
	if (m) {
		req.tenant = m[1];
		req.endpointVersion = m[2] ? 'v2' : 'v1';
	}
}

/** Splits a shell command into words: quotes, backslash escapes and line continuations. */
export function shellWords(text: string): string[] {
	const words: string[] = [];
	let cur = '';
	let inWord = false;
	let quote: '"' | "'" | undefined;
	const s = text.replace(/\\\r?\n/g, ' ').replace(/\^\r?\n/g, ' ').replace(/`\r?\n/g, ' ');
	for (let i = 0; i < s.length; i++) {
		const c = s[i];
		if (quote) {
			if (c === quote) {
				quote = undefined;
			} else if (c === '\\' && quote === '"' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) {
				cur += s[++i];
			} else {
				cur += c;
			}
		} else if (c === '"' || c === "'") {
			quote = c;
			inWord = true;
		} else if (c === '\\' && i + 1 < s.length) {
			cur += s[++i];
			inWord = true;
		} else if (/\s/.test(c)) {
			if (inWord) {
				words.push(cur);
				cur = '';
				inWord = false;
			}
		} else {
			cur += c;
			inWord = true;
		}
	}
	if (inWord) {
		words.push(cur);
	}
	return words;
}

function parseCurl(text: string): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'curl', params: {} };
	const words = shellWords(text);
	for (let i = 1; i < words.length; i++) {
		const w = words[i];
		const next = () => words[++i] ?? '';
		if (w === '-X' || w === '--request') {
			req.method = next().toUpperCase();
		} else if (w === '-d' || w === '--data' || w === '--data-raw' || w === '--data-binary' || w === '--data-ascii') {
			Object.assign(req.params, parseFormBody(next()));
			req.method ??= 'POST';
		} else if (w === '--data-urlencode') {
			const v = next();
			const eq = v.indexOf('=');
			if (eq > 0) {
				req.params[v.slice(0, eq)] = v.slice(eq + 1);
			}
			req.method ??= 'POST';
		} else if (w === '-F' || w === '--form') {
			const v = next();
			const eq = v.indexOf('=');
			if (eq > 0) {
				req.params[v.slice(0, eq)] = v.slice(eq + 1);
			}
			req.method ??= 'POST';
		} else if (w === '--url') {
			applyUrl(req, next());
		} else if (w === '-H' || w === '--header' || w === '-u' || w === '--user' || w === '-o' || w === '--output' || w === '-A' || w === '-e') {
			next();
		} else if (/^https?:\/\//i.test(w)) {
			applyUrl(req, w);
		} else if (/^-d/.test(w) && w.length > 2) {
			Object.assign(req.params, parseFormBody(w.slice(2)));
		}
	}
	return req;
}

function parseHttp(text: string): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'http', params: {} };
	const lines = text.replace(/^\s+/, '').split(/\r?\n/);
	const first = /^(POST|GET|PUT)\s+(\S+)(?:\s+HTTP\/[\d.]+)?\s*$/i.exec(lines[0]);
	if (!first) {
		return req;
	}
	req.method = first[1].toUpperCase();
	let i = 1;
	let host: string | undefined;
	for (; i < lines.length; i++) {
		const l = lines[i];
		if (!l.trim()) {
			i++;
			break;
		}
		const h = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(l);
		if (!h || PARAM_NAMES.includes(h[1])) {
			break;
		}
		if (h[1].toLowerCase() === 'host') {
			host = h[2].trim();
		}
	}
	const target = first[2];
	applyUrl(req, /^https?:/i.test(target) ? target : host ? `https://${host}${target.startsWith('/') ? '' : '/'}${target}` : target);
	if (!/^https?:/i.test(target) && !host) {
		req.url = undefined;
	}
	const body = lines.slice(i).join('\n');
	Object.assign(req.params, parseBulk(body) ?? parseFormBody(body));
	const q = target.indexOf('?');
	if (q >= 0 && req.method === 'GET') {
		Object.assign(req.params, parseFormBody(target.slice(q + 1)));
	}
	return req;
}

/**
 * Drops a REST Client `.http` preamble: `#`/`//` comment lines, `###` separators and `@name = value` variable
 * lines before the request line.
 */
function stripHttpPreamble(text: string): string {
	return text.replace(/^(?:[ \t]*(?:#.*|\/\/.*|@[\w.-]+\s*=.*)?\r?\n)+(?=\s*(?:POST|GET|PUT)\s)/i, '');
}

/** True when the text looks like a token request (any of the forms). */
export function looksLikeRequest(text: string): boolean {
	const t = stripHttpPreamble(text.trim());
	if (/^curl\s/i.test(t) || /^(POST|GET)\s+\S+/i.test(t)) {
		return /oauth2|token|grant_type|client_id/i.test(t);
	}
	return /(^|[&\s])(grant_type|client_assertion_type|client_assertion|requested_token_use)\s*[=:]/m.test(t);
}

/**
 * Parses a token request in any of the pasted forms.
 * @example
 * parseTokenRequest("curl https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token -d 'grant_type=client_credentials'").tenant; // 'contoso.com'
 */
export function parseTokenRequest(text: string): ParsedTokenRequest {
	const t = stripHttpPreamble(text.trim());
	if (/^curl\s/i.test(t)) {
		return parseCurl(t);
	}
	if (/^(POST|GET|PUT)\s+\S+/i.test(t)) {
		return parseHttp(t);
	}
	const bulk = parseBulk(t);
	if (bulk) {
		return { format: 'bulk', params: bulk };
	}
	return { format: 'form', params: parseFormBody(t) };
}
