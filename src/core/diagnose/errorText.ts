/**
 * Reading an Entra error however it was pasted: the token endpoint's JSON body (also escaped inside a
 * log string, pretty-printed in an exception dump, or as a Python dict), the text MSAL for Node, .NET,
 * Python and Java throw, Azure CLI and azure-identity output, PowerShell, the azure/login action's log,
 * a redirect URL carrying error= and error_description=, and a copied Entra sign-in log row or pane.
 *
 * Every pass here is linear in the input: regular expressions have bounded repetitions or start with a
 * literal, strings are scanned once with a length cap, and nothing throws on arbitrary input.
 */

/** Where the text came from, as far as its shape tells. */
export type ErrorSource =
	| 'json'
	| 'msal-node'
	| 'msal-net'
	| 'msal-python'
	| 'msal-java'
	| 'azure-cli'
	| 'azure-identity'
	| 'powershell'
	| 'azure-login'
	| 'redirect-url'
	| 'sign-in-log'
	| 'text';

/** The times an error states (AADSTS700024, AADSTS500133): Entra's clock and the assertion's window. */
export interface ErrorTimes {
	/** "Current time: …" — Entra's clock when it rejected the request. */
	current?: Date;
	/** "assertion valid from …" (1970-01-01 when the assertion had no nbf). */
	validFrom?: Date;
	/** "expiry time of assertion …". */
	expiry?: Date;
}

/** Every field an error text can carry. All optional except `codes` and `source`. */
export interface ErrorTextFields {
	source: ErrorSource;
	/** The OAuth error (invalid_client, invalid_grant, …). */
	error?: string;
	errorDescription?: string;
	/** Every AADSTS / sign-in error code found, in order of appearance, without duplicates (digits only). */
	codes: string[];
	traceId?: string;
	correlationId?: string;
	/** The sign-in log's or error page's "Request ID". */
	requestId?: string;
	timestamp?: string;
	/** 700027's "Thumbprint of key used by client: '…'" (uppercase hex, whitespace removed). */
	reportedThumbprint?: string;
	/** The application the error names ("application with identifier '…'", "app Id '…'", "Application ID"). */
	appId?: string;
	/** The tenant the error names ("Tenant '…' not found", "in the tenant named …", "directory '…'"). */
	tenant?: string;
	/** The resource the error names ("resource principal named …", "Resource value from request: …"). */
	resource?: string;
	/** The scope the error names ("The scope … is not valid"). */
	scope?: string;
	/** Workload identity federation: the presented assertion's subject, issuer and audience. */
	subject?: string;
	issuer?: string;
	audience?: string;
	/** "The redirect URI '…' specified in the request does not match", or the URL Entra redirected to. */
	redirectUri?: string;
	times?: ErrorTimes;
	/** HTTP status, when the text states it ("StatusCode: 401", "(status code 400)", "RESPONSE 401"). */
	httpStatus?: number;
	errorUri?: string;
	/** The sign-in log's "Failure reason". */
	failureReason?: string;
}

/** OAuth 2.0 / OIDC error names Entra returns; text forms are only believed for these. */
const OAUTH_ERRORS = new Set([
	'invalid_client',
	'invalid_grant',
	'invalid_request',
	'unauthorized_client',
	'invalid_scope',
	'interaction_required',
	'consent_required',
	'login_required',
	'account_selection_required',
	'access_denied',
	'temporarily_unavailable',
	'unsupported_grant_type',
	'unsupported_response_type',
	'invalid_resource',
	'server_error',
	'invalid_target',
	'authorization_pending',
	'expired_token',
	'slow_down',
	'invalid_dpop_proof',
]);

const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ISO = '\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?Z?';

/**
 * True when the text looks like an Entra error in any of the shapes above. Tokens, token requests and
 * manifests carry none of these markers.
 */
export function looksLikeErrorText(text: string): boolean {
	if (/AADSTS\d{5,8}/.test(text)) {
		return true;
	}
	if (/(?<![A-Za-z0-9_])\\{0,7}["']?error_codes\\{0,7}["']?[ \t]{0,8}:/.test(text)) {
		return true;
	}
	const err = /(?<![A-Za-z0-9_])\\{0,7}["']error\\{0,7}["'][ \t]{0,8}:[ \t]{0,8}u?\\{0,7}["']([a-z_]{3,40})/g;
	for (const m of text.matchAll(err)) {
		if (OAUTH_ERRORS.has(m[1])) {
			return true;
		}
	}
	if (/[?#&]error=[A-Za-z_]{3,40}/.test(text) && /[?#&]error_description=/.test(text)) {
		return true;
	}
	if (/(?:Sign-in error code|Error code)\s{0,6}:?\s{0,6}[1-9]\d{4,7}\b/i.test(text)) {
		return true;
	}
	if (/Sign-in error code/i.test(text) && /(?:\t|,"?)[1-9]\d{4,7}(?:"?,|\t)/.test(text)) {
		return true;
	}
	if (/Error\(s\):[ \t]{0,4}\d{5,8}/.test(text) || /\berrorNo["']?[ \t]{0,4}:[ \t]{0,4}\d{5,8}/.test(text)) {
		return true;
	}
	const named = /\b(?:ServerError|ErrorCode)[ \t]{0,3}:[ \t]{0,3}([a-z_]{3,40})/g;
	for (const m of text.matchAll(named)) {
		if (OAUTH_ERRORS.has(m[1])) {
			return true;
		}
	}
	return false;
}

/**
 * Reads every field an error text carries.
 * @example
 * readErrorText('ERROR: AADSTS700016: Application with identifier \'1111…\' was not found in the directory \'contoso\'.');
 * // { source: 'azure-cli', codes: ['700016'], appId: '1111…', tenant: 'contoso', … }
 */
export function readErrorText(input: string): ErrorTextFields {
	const text = relevantText(input);
	const codes: { at: number; code: string }[] = [];
	const kv = scanKeyValues(text, codes);
	const url = readRedirectUrl(text);
	const log = readSignInLog(text, codes);
	const flat = flatten(text) + (url.description ? `\n${url.description}` : '') + (log.failureReason ? `\n${log.failureReason}` : '');

	for (const m of text.matchAll(/AADSTS(\d{5,8})/g)) {
		codes.push({ at: m.index, code: m[1] });
	}
	for (const m of text.matchAll(/Error\(s\):[ \t]{0,4}(\d{5,8}(?:[ \t]{0,4},[ \t]{0,4}\d{5,8}){0,20})/g)) {
		for (const c of m[1].matchAll(/\d{5,8}/g)) {
			codes.push({ at: m.index + c.index, code: c[0] });
		}
	}
	for (const m of text.matchAll(/(?<!\d)(\d{5,8}) - \[\d{4}-\d\d-\d\d/g)) {
		codes.push({ at: m.index, code: m[1] });
	}
	for (const m of text.matchAll(/(?:Sign-in error code|Error code)\s{0,6}:?\s{0,6}([1-9]\d{4,7})\b/gi)) {
		codes.push({ at: m.index, code: m[1] });
	}
	const ordered = codes.sort((a, b) => a.at - b.at).map((c) => c.code);

	const out: ErrorTextFields = { source: detectSource(text, { kv: kv.found, url: url.found, log: log.found, dict: kv.pythonDict }), codes: [...new Set(ordered)] };
	out.error = kv.error ?? url.error ?? textError(flat);
	out.errorDescription = cleanDescription(kv.description ?? url.description ?? textDescription(flat) ?? log.failureReason);
	out.traceId = kv.traceId ?? first(flat, new RegExp(`Trace[\\s_]{0,4}ID[\\s"':=]{1,6}(${GUID})`, 'i'));
	out.correlationId = kv.correlationId ?? log.correlationId ?? first(flat, new RegExp(`Correlation[\\s_]{0,4}ID[\\s"':=]{1,6}(${GUID})`, 'i'));
	out.requestId = log.requestId ?? first(flat, new RegExp(`Request[\\s_]{0,4}ID[\\s"':=]{1,6}(${GUID})`, 'i'));
	out.timestamp =
		kv.timestamp ?? first(flat, new RegExp(`Timestamp[\\s"':=]{1,6}(${ISO})`, 'i')) ?? first(flat, new RegExp(`\\[(${ISO})\\]`)) ?? log.date;
	out.errorUri = kv.errorUri ?? url.errorUri;
	out.failureReason = log.failureReason;
	out.httpStatus = httpStatus(flat);
	out.reportedThumbprint = reportedThumbprint(flat);
	out.appId = log.appId ?? appId(flat);
	out.tenant = tenant(flat) ?? log.tenant;
	out.resource = resource(flat) ?? log.resource;
	out.scope = scope(flat);
	federation(flat, out);
	out.redirectUri = first(flat, /(?:redirect URI|reply address|reply URL)[ \t]{0,3}'([^'\n]{1,2000})'[ \t]{0,3}(?:specified in the request )?does not match/i) ?? url.base;
	out.times = times(flat);
	for (const k of Object.keys(out) as (keyof ErrorTextFields)[]) {
		if (out[k] === undefined) {
			delete out[k];
		}
	}
	return out;
}

/** CRLF to LF, and msal-node's "7000216 - [2024-05-07 15:55:13Z]: " prefix dropped. */
function cleanDescription(d: string | undefined): string | undefined {
	const v = d?.replace(/\r\n?/g, '\n').replace(/^\d{5,8} - \[[^\]\n]{1,40}\]:\s{0,4}/, '').trim();
	return v ? v : undefined;
}

function nonEmpty(v: string | undefined): string | undefined {
	const t = v?.trim();
	return t ? t : undefined;
}

/** Inputs above this size (long logs) are first cut down to the lines that can carry an error. */
const WINDOW_THRESHOLD = 64 * 1024;
const ANCHOR =
	/AADSTS|error|trace|correlation|request id|sign-in|failure reason|date \(utc\)|thumbprint|assertion|subject claim|issuer|audience|current time|client-id|tenant|connect-|exception|credential|azure\/login|attempting azure|az login|federated|msal|identity|categoryinfo|redirect|reply|resource|scope|status ?code|response \d|http error|app id|application/i;

/**
 * In a long log, the lines that mention an error (by any of the words the shapes above use), each with
 * the three lines after it (a label's value, a pretty-printed body), and the rows under a sign-in log
 * header. Small inputs are read whole.
 */
function relevantText(text: string): string {
	if (text.length <= WINDOW_THRESHOLD) {
		return text;
	}
	const lines = text.split('\n');
	const keep = new Uint8Array(lines.length);
	let tableRows = 0;
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (tableRows > 0) {
			keep[i] = 1;
			tableRows = line.trim() ? tableRows - 1 : 0;
		}
		if (ANCHOR.test(line)) {
			for (let k = i; k < Math.min(lines.length, i + 4); k++) {
				keep[k] = 1;
			}
			if (/sign-in error code|date \(utc\)/i.test(line)) {
				tableRows = 5000;
			}
		}
	}
	return lines.filter((_, i) => keep[i]).join('\n');
}

function first(text: string, re: RegExp): string | undefined {
	const v = re.exec(text)?.[1].trim();
	return v ? v : undefined;
}

/**
 * Undoes the escaping of text that sat inside a JSON or log string (\r\n, \", \', \/, \u0027), at any
 * depth, and normalises line ends, so that the text patterns below see plain text.
 */
function flatten(text: string): string {
	return text.replace(/(?<!\\)\\{1,8}(r\\{1,8}n|n|r|t|["'/]|u00(?:27|22|26|3[cCeE]))|\r\n?/g, (_m, esc: string | undefined) => {
		if (esc === undefined) {
			return '\n';
		}
		if (esc[0] === 'r' || esc === 'n') {
			return '\n';
		}
		if (esc === 't') {
			return '\t';
		}
		if (esc[0] === 'u') {
			return String.fromCharCode(parseInt(esc.slice(1), 16));
		}
		return esc;
	});
}

// ---------------------------------------------------------------------------------------------------
// Key/value pairs: JSON, escaped JSON, Python dict repr, JS util.inspect, Go's unquoted pretty print.

interface KeyValues {
	found: boolean;
	pythonDict: boolean;
	error?: string;
	description?: string;
	traceId?: string;
	correlationId?: string;
	timestamp?: string;
	errorUri?: string;
}

const MAX_STRING = 20000;

function scanKeyValues(text: string, codes: { at: number; code: string }[]): KeyValues {
	const out: KeyValues = { found: false, pythonDict: false };
	// Starts at the key's first letter (fast to find); the quote and escapes before it are read back.
	const keyRe = /(error(?:_codes|_description|_uri|Code|Message|No)?|trace_id|correlation_id|timestamp)(\\{0,7}["'])?[ \t]{0,8}:[ \t]{0,8}/g;
	for (const m of text.matchAll(keyRe)) {
		const key = m[1];
		let b = m.index;
		const openQuote = text[b - 1] === '"' || text[b - 1] === "'" ? text[b - 1] : '';
		if (openQuote) {
			b--;
			while (text[b - 1] === '\\' && m.index - b < 9) {
				b--;
			}
			if (text[b - 1] === 'u') {
				b--;
			}
		}
		// A letter before the key makes it part of a longer name, unless the letter ends an escape (\n or \t before
		// an escaped key: a pretty-printed body inside a log string).
		if (/[A-Za-z0-9_]/.test(text[b - 1] ?? '') && !(/[ntr]/.test(text[b - 1]) && text[b - 2] === '\\')) {
			continue;
		}
		if (Boolean(openQuote) !== Boolean(m[2])) {
			continue;
		}
		const quotedKey = openQuote !== '';
		const at = m.index + m[0].length;
		const value = readValue(text, at);
		if (value === undefined) {
			continue;
		}
		if (quotedKey && openQuote === "'" && value.quote === "'") {
			out.pythonDict = true;
		}
		switch (key) {
			case 'error_codes':
			case 'errorNo': {
				const list = value.kind === 'bare' ? /^[\d\s,]{0,200}/.exec(value.text)![0] : value.text;
				let n = 0;
				for (const c of list.matchAll(/\d{5,8}/g)) {
					codes.push({ at: at + c.index, code: c[0] });
					n++;
				}
				out.found ||= n > 0;
				break;
			}
			case 'error':
			case 'errorCode': {
				const v = value.kind === 'bare' ? value.text.trim().split(/[\s,}]/)[0] : value.text.trim();
				if (/^[a-z_]{3,40}$/.test(v) && (quotedKey || OAUTH_ERRORS.has(v))) {
					out.error ??= v;
					out.found = true;
				}
				break;
			}
			case 'error_description':
			case 'errorMessage':
				if (value.text.trim()) {
					out.description ??= value.text.trim();
					out.found = true;
				}
				break;
			case 'trace_id':
				out.traceId ??= guidOf(value.text);
				break;
			case 'correlation_id':
				out.correlationId ??= guidOf(value.text);
				break;
			case 'timestamp':
				out.timestamp ??= new RegExp(`^${ISO}$`).test(value.text.trim()) ? value.text.trim() : undefined;
				break;
			case 'error_uri':
				out.errorUri ??= /^https?:\/\/\S{1,500}$/.test(value.text.trim()) ? value.text.trim() : undefined;
				break;
		}
	}
	return out;
}

function guidOf(v: string): string | undefined {
	return new RegExp(`^${GUID}$`).test(v.trim()) ? v.trim() : undefined;
}

interface Value {
	kind: 'string' | 'list' | 'bare';
	text: string;
	end: number;
	quote?: string;
}

/** Reads a value at `at`: a quoted string (escaped to any depth), a [list], or a bare word up to the line end. */
function readValue(text: string, at: number): Value | undefined {
	let i = at;
	if (text[i] === 'u' && (text[i + 1] === '"' || text[i + 1] === "'")) {
		i++;
	}
	let slashes = 0;
	while (text[i + slashes] === '\\' && slashes < 8) {
		slashes++;
	}
	const q = text[i + slashes];
	if (q === '"' || q === "'") {
		// A quote at escaping depth n is preceded by 2^n - 1 backslashes (0, 1, 3, 7, …).
		const depth = Math.floor(Math.log2(slashes + 1));
		const start = i + slashes + 1;
		const limit = Math.min(text.length, start + MAX_STRING);
		// The closing quote has a backslash run of length L with L mod 2^(depth+1) == 2^depth - 1.
		const mod = 2 ** (depth + 1);
		const want = 2 ** depth - 1;
		let run = 0;
		for (let j = start; j < limit; j++) {
			const c = text[j];
			if (c === q && run % mod === want) {
				const raw = text.slice(start, j - want);
				let v = raw;
				for (let d = 0; d <= depth; d++) {
					v = unescapeOnce(v);
				}
				return { kind: 'string', text: v, end: j + 1, quote: q };
			}
			run = c === '\\' ? run + 1 : 0;
		}
		return undefined;
	}
	if (text[i] === '[') {
		let close = i;
		const limit = Math.min(text.length, i + 400);
		while (close < limit && text[close] !== ']') {
			close++;
		}
		if (close >= limit) {
			return undefined;
		}
		return { kind: 'list', text: text.slice(i + 1, close), end: close + 1 };
	}
	const limit = Math.min(text.length, i + MAX_STRING);
	let end = i;
	while (end < limit && text[end] !== '\n') {
		end++;
	}
	const bare = text.slice(i, end).replace(/,\s*$/, '').trim();
	return bare ? { kind: 'bare', text: bare, end } : undefined;
}

function unescapeOnce(s: string): string {
	return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
		switch (e[0]) {
			case 'n':
				return '\n';
			case 'r':
				return '\r';
			case 't':
				return '\t';
			case 'u':
				return e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e;
			default:
				return e;
		}
	});
}

// ---------------------------------------------------------------------------------------------------
// Redirect URLs: https://app/callback?error=…&error_description=… (query or fragment, + for spaces).

interface UrlParts {
	found: boolean;
	error?: string;
	description?: string;
	errorUri?: string;
	base?: string;
}

function decodeParam(v: string): string {
	const plus = v.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(plus);
	} catch {
		return plus.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
	}
}

function readRedirectUrl(text: string): UrlParts {
	const at = text.search(/[?#&]error_description=/);
	if (at < 0 || !/[?#&]error=/.test(text)) {
		return { found: false };
	}
	// The URL around the parameters: back to the last whitespace or quote, forward to the next.
	let start = at;
	while (start > 0 && at - start < 4000 && !/[\s"'<>]/.test(text[start - 1])) {
		start--;
	}
	let end = at;
	while (end < text.length && end - at < 40000 && !/[\s"'<>]/.test(text[end])) {
		end++;
	}
	const url = text.slice(start, end);
	const cut = url.search(/[?#]/);
	const base = cut > 0 ? url.slice(0, cut) : undefined;
	const out: UrlParts = { found: true, base: base && /^[a-z][a-z0-9+.-]{1,30}:\/?\/?\S/i.test(base) ? base : undefined };
	for (const pair of url.slice(Math.max(cut, 0)).split(/[?#&]/)) {
		const eq = pair.indexOf('=');
		if (eq <= 0) {
			continue;
		}
		const name = pair.slice(0, eq);
		const value = decodeParam(pair.slice(eq + 1));
		if (name === 'error' && /^[a-z_]{3,40}$/.test(value)) {
			out.error ??= value;
		} else if (name === 'error_description') {
			out.description ??= value;
		} else if (name === 'error_uri') {
			out.errorUri ??= value;
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------
// Sign-in logs: the CSV/TSV export (a header line, then rows) and the details pane ("Label: value").

interface SignInLog {
	found: boolean;
	failureReason?: string;
	appId?: string;
	requestId?: string;
	correlationId?: string;
	date?: string;
	resource?: string;
	tenant?: string;
}

/** Splits one TSV or CSV line; quoted CSV fields may hold a comma and "" for a quote. */
function splitRow(line: string, tab: boolean): string[] {
	if (tab) {
		return line.split('\t').map((f) => f.trim());
	}
	const out: string[] = [];
	let cur = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quoted) {
			if (c === '"' && line[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				cur += c;
			}
		} else if (c === '"') {
			quoted = true;
		} else if (c === ',') {
			out.push(cur.trim());
			cur = '';
		} else {
			cur += c;
		}
	}
	out.push(cur.trim());
	return out;
}

type LogField = Exclude<keyof SignInLog, 'found'>;
const PANE_LABELS: Record<string, LogField | 'code'> = {
	'sign-in error code': 'code',
	'error code': 'code',
	'failure reason': 'failureReason',
	'application id': 'appId',
	'app id': 'appId',
	'client app id': 'appId',
	'request id': 'requestId',
	'correlation id': 'correlationId',
	'date (utc)': 'date',
	'resource': 'resource',
	'resource id': 'resource',
	'resource tenant id': 'tenant',
	'home tenant id': 'tenant',
	'tenant id': 'tenant',
};

function readSignInLog(text: string, codes: { at: number; code: string }[]): SignInLog {
	const out: SignInLog = { found: false };
	if (!/Sign-in error code|Failure reason|Date \(UTC\)|Request ID|Error code/i.test(text)) {
		return out;
	}
	const set = (field: LogField, v: string) => {
		const value = v.trim().replace(/^"|"$/g, '');
		if (!value) {
			return;
		}
		if ((field === 'appId' || field === 'requestId' || field === 'correlationId') && !new RegExp(`^${GUID}$`).test(value)) {
			return;
		}
		if (out[field] === undefined) {
			(out as unknown as Record<string, string>)[field] = value;
		}
	};
	let offset = 0;
	const lines = text.split('\n');
	let header: { fields: string[]; tab: boolean } | undefined;
	for (let li = 0; li < lines.length; li++) {
		const line = lines[li].replace(/\r$/, '');
		const lineAt = offset;
		offset += lines[li].length + 1;
		if (header) {
			const row = splitRow(line, header.tab);
			if (row.length < Math.max(2, header.fields.length / 2)) {
				header = undefined;
			} else {
				row.forEach((v, i) => {
					const name = header!.fields[i]?.toLowerCase();
					const field = name === undefined ? undefined : PANE_LABELS[name];
					if (field === 'code') {
						if (/^[1-9]\d{4,7}$/.test(v)) {
							codes.push({ at: lineAt + i, code: v });
						}
					} else if (field) {
						set(field, v);
					}
				});
				continue;
			}
		}
		const lower = line.toLowerCase();
		if (/sign-in error code|date \(utc\)/.test(lower) && (line.includes('\t') || (line.match(/,/g)?.length ?? 0) >= 3)) {
			const tab = line.includes('\t');
			header = { fields: splitRow(line, tab), tab };
			out.found = true;
			continue;
		}
		const trimmed = line.trim();
		const tl = trimmed.toLowerCase();
		for (const label of Object.keys(PANE_LABELS)) {
			if (!tl.startsWith(label)) {
				continue;
			}
			const rest = trimmed.slice(label.length);
			let value: string | undefined;
			if (/^\s{0,4}[:\t]/.test(rest)) {
				value = rest.replace(/^\s{0,4}[:\t]\s{0,20}/, '');
			} else if (rest === '' && li + 1 < lines.length) {
				value = lines[li + 1].trim();
			}
			if (!value) {
				continue;
			}
			const field = PANE_LABELS[label];
			if (label === 'sign-in error code' || label === 'failure reason' || label === 'date (utc)') {
				out.found = true;
			}
			if (field === 'code') {
				const c = /^([1-9]\d{4,7})\b/.exec(value)?.[1];
				if (c) {
					codes.push({ at: lineAt, code: c });
				}
			} else {
				set(field, value);
			}
			break;
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------
// Text patterns, over the flattened text.

function textError(flat: string): string | undefined {
	const patterns = [
		/\b(?:ServerError|InteractionRequiredAuthError|ErrorCode)[ \t]{0,3}:[ \t]{0,3}([a-z_]{3,40})\b/g,
		/\(([a-z_]{3,40})\)[ \t]{0,3}AADSTS/g,
		/\b([a-z_]{3,40})\(status code \d{3}\)/g,
		/\berror[ \t]{0,3}[:=][ \t]{0,3}["']?([a-z_]{3,40})\b/g,
	];
	for (const re of patterns) {
		for (const m of flat.matchAll(re)) {
			if (OAUTH_ERRORS.has(m[1])) {
				return m[1];
			}
		}
	}
	return undefined;
}

/** The first AADSTS message, up to the trace/correlation trailer or the line end. */
function textDescription(flat: string): string | undefined {
	const m = /AADSTS\d{5,8}\b[^\n]{0,4000}/.exec(flat);
	if (!m) {
		return undefined;
	}
	let s = m[0];
	const stop = s.search(/\s-?\s?(?:Trace ID|Correlation ID|Timestamp)\s?:|"\s{0,2}[,}]|"$|\s-\s(?:Correlation|Trace|Timestamp)/);
	if (stop > 0) {
		s = s.slice(0, stop);
	}
	return s;
}

function httpStatus(flat: string): number | undefined {
	const v =
		first(flat, /\bStatusCode[ \t]{0,3}:[ \t]{0,3}(\d{3})\b/) ??
		first(flat, /\(status code (\d{3})\)/) ??
		first(flat, /\bRESPONSE (\d{3})\b/) ??
		first(flat, /http error:?[ \t]{0,3}(\d{3})\b/i) ??
		first(flat, /\bStatus:[ \t]{0,3}(\d{3})\b/);
	const n = v ? Number(v) : NaN;
	return n >= 100 && n < 600 ? n : undefined;
}

function reportedThumbprint(flat: string): string | undefined {
	const quoted = /Thumbprint of key used by client:?\s{0,4}['"]([0-9A-Fa-f](?:[0-9A-Fa-f]|\s{1,12}(?=[0-9A-Fa-f])){0,300})['"]/i.exec(flat)?.[1];
	const bare = quoted ?? /Thumbprint of key used by client:?\s{0,4}([0-9A-Fa-f]{8,300})/i.exec(flat)?.[1];
	return bare ? bare.replace(/\s/g, '').toUpperCase() : undefined;
}

function appId(flat: string): string | undefined {
	return (
		first(flat, /application with identifier '([^'\n]{1,500})'/i) ??
		first(flat, /\bfor app Id '([^'\n]{1,200})'/i) ??
		first(flat, /\badded to app '([^'\n]{1,200})'/i) ??
		first(flat, /configured for the application:?[ \t]{0,3}'([^'\n]{1,200})'/i) ??
		first(flat, new RegExp(`\\bapp(?:lication)?[ _-]?id\\b[ \\t]{0,3}[:=]?[ \\t]{0,3}['"]?(${GUID})`, 'i')) ??
		first(flat, new RegExp(`\\bclient-id:[ \\t]{0,3}(${GUID})`))
	);
}

function tenant(flat: string): string | undefined {
	return (
		first(flat, /\bTenant '([^'\n]{1,300})' not found/i) ??
		nonEmpty(first(flat, /\bin the tenant named[ \t]{0,3}([^\n]{1,300})/i)?.replace(/(?:\.\s|\sThis\b|\.$).*/, '').replace(/^'|'$/g, '')) ??
		first(flat, /\bdirectory '([^'\n]{1,300})'/i) ??
		first(flat, /\bdoes not exist in tenant '([^'\n]{1,300})'/i) ??
		first(flat, new RegExp(`\\btenant-id:[ \\t]{0,3}(${GUID})`)) ??
		first(flat, /login\.(?:microsoftonline\.(?:com|us)|partner\.microsoftonline\.cn|chinacloudapi\.cn)\/([A-Za-z0-9.-]{3,100})\/oauth2/i)
	);
}

function resource(flat: string): string | undefined {
	return (
		first(flat, /resource principal named[ \t]{1,3}'?([^\s']{1,1000})'? was not found/i) ??
		first(flat, /Resource value from request:?[ \t]{0,3}([^\s]{1,1000}?)\.?(?:\s|$)/i) ??
		first(flat, /\bresource '([^'\n]{1,1000})'/i)
	);
}

function scope(flat: string): string | undefined {
	return (
		untilInvalid(first(flat, /\bThe (?:provided value for (?:the input parameter )?)?scope[ \t]{1,3}([^\n]{1,1000})/i)) ??
		first(flat, /\bscope '([^'\n]{1,1000})'/i)
	);
}

/** "X is not valid…" → "X" (quotes dropped); undefined when the sentence does not say so. */
function untilInvalid(v: string | undefined): string | undefined {
	const at = v?.search(/[ \t]{1,3}(?:is not|isn't) valid/) ?? -1;
	const s = at > 0 ? v!.slice(0, at).replace(/^'|'$/g, '').trim() : '';
	return s || undefined;
}

function federation(flat: string, out: ErrorTextFields): void {
	const q = (label: string) => new RegExp(`Assertion ${label}:?[ \\t]{0,3}'([^'\\n]{1,2000})'`, 'i');
	// (q also reads AADSTS700211's "presented assertion issuer '…'": the colon is optional and case is ignored)
	out.subject = first(flat, q('Subject')) ?? first(flat, /^[ \t]{0,8}subject claim - ([^\n]{1,2000})/m);
	out.issuer = first(flat, q('Issuer')) ?? first(flat, /^[ \t]{0,8}issuer - ([^\n]{1,2000})/m);
	out.audience = first(flat, q('Audience')) ?? first(flat, /^[ \t]{0,8}audience: (\S{1,2000})[ \t]{0,200}$/m);
}

function times(flat: string): ErrorTimes | undefined {
	const date = (re: RegExp) => {
		const v = first(flat, re);
		if (!v) {
			return undefined;
		}
		const d = new Date(v.replace(' ', 'T'));
		return Number.isNaN(d.getTime()) ? undefined : d;
	};
	const t: ErrorTimes = {
		current: date(new RegExp(`Current time:?[ \\t]{0,3}(${ISO})`, 'i')),
		validFrom: date(new RegExp(`valid from[ \\t]{0,3}(${ISO})`, 'i')),
		expiry: date(new RegExp(`expiry time of (?:the )?assertion[ \\t]{0,3}(${ISO})`, 'i')),
	};
	if (!t.current) {
		delete t.current;
	}
	if (!t.validFrom) {
		delete t.validFrom;
	}
	if (!t.expiry) {
		delete t.expiry;
	}
	return Object.keys(t).length ? t : undefined;
}

/** The most specific tool whose marks the text carries; wrappers before what they wrap. */
function detectSource(text: string, found: { kv: boolean; url: boolean; log: boolean; dict: boolean }): ErrorSource {
	if (
		/azure\/login@|Run azure\/login|Attempting Azure (?:CLI|PowerShell) login|Federated token details|Login failed with Error|(?:^|\n)(?:##\[error\]|Error: )(?:AADSTS|Az CLI Login failed|Login failed)/.test(text)
	) {
		return 'azure-login';
	}
	if (/Connect-(?:MgGraph|AzAccount|AzureAD|PnPOnline|ExchangeOnline)|FullyQualifiedErrorId|\+ CategoryInfo|Get-AzAccessToken|Login-AzAccount/.test(text)) {
		return 'powershell';
	}
	if (/(?:^|\n)[ \t]{0,8}ERROR: |\baz login\b|\baz account get-access-token\b|azure[/\\]cli[/\\]core|\bazure-cli\b/.test(text)) {
		return 'azure-cli';
	}
	if (
		/ClientAuthenticationError|ClientAuthenticationException|AuthenticationFailedException|CredentialUnavailable(?:Error|Exception)|AuthenticationRequiredError|Credential:? authentication failed|azure\.identity|@azure\/identity|com\.azure\.identity|azidentity/.test(
			text,
		)
	) {
		return 'azure-identity';
	}
	if (/com\.microsoft\.aad\.msal4j|\bmsal4j\b/.test(text)) {
		return 'msal-java';
	}
	if (/MsalServiceException|MsalUiRequiredException|MsalClientException|Microsoft\.Identity\.Client|MSAL\.(?:NetCore|Desktop|CoreCLR|Xamarin|NetFx)/.test(text)) {
		return 'msal-net';
	}
	if (found.dict || /\bmsal[./](?:application|oauth2cli|authority|token_cache)|acquire_token_(?:for_client|on_behalf_of|by_)/.test(text)) {
		return 'msal-python';
	}
	if (/ServerError|InteractionRequiredAuthError|ClientAuthError|@azure\/msal-node|@azure\/msal-common|\berrorNo\b|Error\(s\):|\d{5,8} - \[\d{4}-/.test(text)) {
		return 'msal-node';
	}
	if (found.url) {
		return 'redirect-url';
	}
	if (found.log) {
		return 'sign-in-log';
	}
	if (found.kv) {
		return 'json';
	}
	return 'text';
}
