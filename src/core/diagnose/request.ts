/**
 * Token requests as people paste them, normalised to one shape (`ParsedTokenRequest`):
 *
 * - the request itself: a form body, raw HTTP (REST Client preamble allowed), Postman bulk edit, Postman's
 *   `PARAMS` / `HEADERS` / `BODY` blocks (documentation view and console), a curl command (bash, cmd and PowerShell
 *   continuations; `-d`, `--data-urlencode`, `-F`, JSON bodies, `-G`), PowerShell `Invoke-RestMethod` /
 *   `Invoke-WebRequest` with a hashtable or string body, a JSON body, an authorize or token URL with its query;
 * - what configures a client: msal-node, MSAL.NET and MSAL Python code, azure-identity credential constructors,
 *   Microsoft.Identity.Web `appsettings.json`, `Connect-MgGraph` / `Connect-AzAccount`, `az login`, environment
 *   lists (`AZURE_CLIENT_ID=…`, `ARM_*`, `.env`, `export`, `$env:`, GitHub workflow `env:` blocks, Kubernetes).
 *
 * Values that are variables the text does not define (`$clientId`, `{{client_id}}`, `${{ secrets.X }}`,
 * `process.env.X`, `<tenant-id>`) stay as written in `params` and are listed in `unresolved`; rules never judge
 * them as wrong values. Every reader scans the text once (no backtracking regular expressions over the whole
 * text) and none throws: arbitrary text gives a (possibly empty) request.
 */
import { getNodeValue, parseTree, type Node, type ParseError } from 'jsonc-parser';
import { decodeJwt } from '../jwt/decode';
import { isLikelyManifest } from '../manifest/model';

/** How the request was shown. The config formats describe a client rather than one request. */
export type RequestFormat =
	| 'form'
	| 'http'
	| 'bulk'
	| 'curl'
	| 'json'
	| 'url'
	| 'postman'
	| 'powershell'
	| 'msal-node'
	| 'msal-dotnet'
	| 'msal-python'
	| 'azure-identity'
	| 'identity-web'
	| 'env'
	| 'azure-cli';

/** Formats that configure a client (no request line, no grant_type unless the code names a call). */
export const CONFIG_FORMATS: readonly RequestFormat[] = Object.freeze(['msal-node', 'msal-dotnet', 'msal-python', 'azure-identity', 'identity-web', 'env', 'azure-cli']);

export type CredentialKind = 'secret' | 'certificate' | 'assertion' | 'federated' | 'none';

export interface ParsedTokenRequest {
	format: RequestFormat;
	method?: string;
	/** Full URL when known, without its query string. */
	url?: string;
	host?: string;
	/** The tenant path segment of /{tenant}/oauth2/…, or the tenant of a configured authority. */
	tenant?: string;
	endpointVersion?: 'v1' | 'v2';
	/** Which endpoint the URL names: token, authorize, devicecode, or something else. */
	endpoint?: 'token' | 'authorize' | 'devicecode' | 'other';
	/** B2C user flow / policy segment (`/{tenant}/{policy}/oauth2/v2.0/token`). */
	policy?: string;
	/** Form parameters, decoded. The last value wins for repeated names. */
	params: Record<string, string>;
	/** Parameters found in the URL's query string (also merged into params). */
	queryParams?: Record<string, string>;
	/** How the parameters travel: form-encoded body, JSON body, multipart (-F), or the URL query. */
	bodyFormat?: 'form' | 'json' | 'multipart' | 'query';
	contentType?: string;
	/** Parameter names (and 'tenant', 'authority') whose values are variables or placeholders the text leaves open. */
	unresolved?: string[];
	/** The client credential the request or configuration uses ('none' when it shows none). */
	credential?: CredentialKind;
	/** Every credential shown (a configuration may set several). */
	credentials?: CredentialKind[];
	/** Certificate thumbprint a configuration names (as written, separators and all). */
	thumbprint?: string;
	/** Which hash the field that holds the thumbprint expects: SHA-1 (thumbprint, CertificateThumbprint) or SHA-256 (thumbprintSha256). */
	thumbprintKind?: 'sha1' | 'sha256';
	/** The cmdlet or library entry point that sends the request (Connect-MgGraph, Microsoft.Identity.Web, …). */
	tool?: string;
	/** Certificate store a configuration names (Identity.Web CertificateStorePath). */
	certificateStore?: string;
	certificatePath?: string;
	/** The authority as configured or as the URL implies (`https://host/tenant`). */
	authority?: string;
	/** What the code constructs: a confidential or a public client. */
	clientType?: 'confidential' | 'public';
	/** Parameter names the reader derived from the code (e.g. grant_type from acquireTokenForClient). */
	inferred?: string[];
	/** What the reader could not read, in words (files named with @, bodies built elsewhere). */
	notes?: string[];
}

/** OAuth parameter names that mark text as a token request. */
const PARAM_NAMES = ['grant_type', 'client_id', 'client_assertion', 'client_assertion_type', 'client_secret', 'scope', 'assertion', 'requested_token_use', 'code', 'code_verifier', 'redirect_uri', 'refresh_token', 'resource'];

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function decodeFormValue(v: string): string {
	try {
		return decodeURIComponent(v.replace(/\+/g, ' '));
	} catch {
		return v;
	}
}

/** Parses `a=b&c=d`, tolerating newlines before or after `&` and one pair per line. */
export function parseFormBody(body: string): Record<string, string> {
	const params: Record<string, string> = {};
	for (const pair of body.split(/[&\n]/)) {
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

function lines(text: string): string[] {
	return text.split(/\r?\n/);
}

/** Strips one pair of matching quotes (and a C#/Python string prefix) around a value. */
function unquote(raw: string): string {
	let v = raw.trim();
	if (v.endsWith(';') || v.endsWith(',')) {
		v = v.slice(0, -1).trim();
	}
	const m = /^(?:[@$]|[rRfFbBuU]{1,2})?(["'`])/.exec(v);
	if (m && v.length >= m[0].length + 1 && v.endsWith(m[1])) {
		return v.slice(m[0].length, -1);
	}
	return v;
}

function isQuoted(raw: string): boolean {
	const v = raw.trim().replace(/[;,]$/, '');
	return /^(?:[@$]|[rRfFbBuU]{1,2})?(["'`])/.test(v) && v.length >= 2 && /["'`]$/.test(v);
}

/** Variables and placeholders a reader can't resolve. */
export function isUnresolvedValue(value: string): boolean {
	// Every pattern needs at least one character, so blank text is never a placeholder.
	const v = value.trim();
	return (
		/\$\{\{/.test(v) || // GitHub Actions expression
		/\{\{[^{}]{0,200}\}\}/.test(v) || // Postman / REST Client variable
		/\$(?:env:|\{|\(|[A-Za-z_])/.test(v) || // shell / PowerShell variable
		/^%[A-Za-z_][\w]*%$/.test(v) || // cmd variable
		/^<[^<>]{1,200}>$/.test(v) || // <tenant-id>
		/^\{[^{}]{1,200}\}$/.test(v) || // {tenant}
		/^\[[^\]]{0,200}(?:redacted|hidden|removed)[^\]]{0,200}\]$/i.test(v) || // the kit's own redaction marker
		/^\*{3,}$/.test(v) || // masked by CI logs
		/^(?:enter|your|paste|replace|insert)[\s_-]/i.test(v) || // sample placeholders
		/^(?:process\.env|os\.environ|os\.getenv|Environment\.GetEnvironmentVariable|config(?:uration)?\b|builder\.Configuration|settings\b)/i.test(v)
	);
}

/** Variable assignments the text itself makes, to resolve `$VAR` / `$var` / `VAR` uses. */
function collectAssignments(text: string): Map<string, string> {
	const vars = new Map<string, string>();
	for (const line of lines(text)) {
		const l = line.trim();
		if (l.length > 4000) {
			continue;
		}
		// PowerShell `$x = 'v'`, `$env:X = "v"`; shell/.env `X=v`, `export X=v`, `set X=v`; JS/C#/Python `const x = "v"`.
		const m = /^(?:export\s+|set\s+|const\s+|let\s+|var\s+|string\s+|\$env:|\$)?([A-Za-z_][\w]*)\s*=\s*(.+)$/.exec(l);
		// `x == y` is a comparison. Hashtables, blocks and arrays (`@{`, `{`, `[`) are neither quoted nor bare words.
		if (!m || m[2].startsWith('=')) {
			continue;
		}
		const raw = m[2];
		if (isQuoted(raw) || /^[^\s'"`$(){}[\]]+$/.test(raw)) {
			const v = unquote(raw);
			// An empty literal is a value blanked out before pasting: leave the variable open.
			if (v !== '' && !isUnresolvedValue(v)) {
				vars.set(m[1], v);
				vars.set(m[1].toLowerCase(), v);
			}
		}
	}
	return vars;
}

/** Replaces `$x`, `${x}`, `$($x)`, `$env:X` with values the text defines; leaves the others. */
function interpolate(value: string, vars: Map<string, string>): string {
	return value.replace(/\$\(\$([A-Za-z_]\w*)\)|\$\{([A-Za-z_]\w*)\}|\$env:([A-Za-z_]\w*)|\$([A-Za-z_]\w*)/g, (all, a: string, b: string, c: string, d: string) => {
		const name = a ?? b ?? c ?? d;
		return vars.get(name) ?? vars.get(name.toLowerCase()) ?? all;
	});
}

/** Resolves a code expression or a literal: a quoted literal (interpolated), a known variable, or the text as written. */
function resolveExpr(raw: string, vars: Map<string, string>): { value: string; unresolved: boolean } {
	const t = raw.trim().replace(/[;,]$/, '').trim();
	if (isQuoted(t)) {
		const inner = unquote(t);
		const single = /^'/.test(t);
		const value = single ? inner : interpolate(inner, vars);
		return { value, unresolved: isUnresolvedValue(value) };
	}
	const name = t.replace(/^\$/, '');
	const known = vars.get(name) ?? vars.get(name.toLowerCase());
	// Only identifiers are keys of vars, so a known name is an identifier.
	if (known !== undefined) {
		return { value: known, unresolved: false };
	}
	if (/^-?\d+(?:\.\d+)?$/.test(t) || /^(?:true|false|\$true|\$false)$/i.test(t)) {
		return { value: t.replace(/^\$/, ''), unresolved: false };
	}
	return { value: t, unresolved: true };
}

function addUnresolved(req: ParsedTokenRequest, name: string): void {
	req.unresolved ??= [];
	if (!req.unresolved.includes(name)) {
		req.unresolved.push(name);
	}
}

function setParam(req: ParsedTokenRequest, name: string, value: string, unresolved = isUnresolvedValue(value)): void {
	req.params[name] = value;
	if (unresolved) {
		addUnresolved(req, name);
	}
}

function addCredential(req: ParsedTokenRequest, kind: CredentialKind): void {
	req.credentials ??= [];
	if (!req.credentials.includes(kind)) {
		req.credentials.push(kind);
	}
}

function infer(req: ParsedTokenRequest, name: string, value: string): void {
	if (req.params[name] === undefined) {
		req.params[name] = value;
		req.inferred ??= [];
		req.inferred.push(name);
	}
}

function note(req: ParsedTokenRequest, text: string): void {
	req.notes ??= [];
	if (!req.notes.includes(text)) {
		req.notes.push(text);
	}
}

// ---------------------------------------------------------------------------------------------------------------
// URLs and authorities

const URL_RE = /^([A-Za-z][A-Za-z0-9+.-]{0,20}):\/\/([^/?#\s]*)([^?#\s]*)(?:\?([^#\s]*))?/;

/**
 * Reads a token/authorize URL or an authority into the request: host, tenant, version, endpoint, policy and
 * (for URLs) the query. Placeholders such as `{tenant}` or `$tenantId` are kept as written and marked unresolved.
 */
function applyUrl(req: ParsedTokenRequest, raw: string, kind?: 'authority'): void {
	const text = raw.trim().replace(/^["'`]|["'`]$/g, '');
	const m = URL_RE.exec(text);
	if (!m) {
		applyPath(req, text, kind);
		return;
	}
	req.host = m[2].toLowerCase();
	req.url = `${m[1]}://${m[2]}${m[3]}`;
	if (isUnresolvedValue(m[2])) {
		addUnresolved(req, 'authority');
	}
	applyPath(req, m[3], kind);
	if (m[4]) {
		const q = parseFormBody(m[4]);
		req.queryParams = { ...(req.queryParams ?? {}), ...q };
		for (const [k, v] of Object.entries(q)) {
			if (req.params[k] === undefined) {
				setParam(req, k, v);
			}
		}
	}
	if (req.tenant !== undefined) {
		req.authority ??= `${m[1]}://${m[2]}/${req.tenant}`;
	}
}

function applyPath(req: ParsedTokenRequest, path: string, kind: 'authority' | undefined): void {
	const segs = path.split('/').filter(Boolean);
	if (segs[0]?.toLowerCase() === 'tfp') {
		segs.shift();
	}
	const i = segs.findIndex((s) => s.toLowerCase() === 'oauth2');
	if (i >= 1) {
		req.tenant = decodeFormValue(segs[0]);
		if (i >= 2) {
			req.policy = segs[i - 1];
		}
		const rest = segs.slice(i + 1).map((s) => s.toLowerCase());
		const v2 = rest[0] === 'v2.0';
		const name = v2 ? rest[1] : rest[0];
		req.endpointVersion = v2 ? 'v2' : 'v1';
		req.endpoint = name === 'token' ? 'token' : name === 'authorize' ? 'authorize' : name === 'devicecode' ? 'devicecode' : 'other';
	} else if (kind === 'authority' && segs.length >= 1) {
		req.tenant = decodeFormValue(segs[0]);
		if (segs[1]?.toLowerCase() === 'v2.0') {
			req.endpointVersion = 'v2';
		} else if (segs.length >= 2) {
			req.policy = segs[1];
		}
	}
	if (req.tenant !== undefined && isUnresolvedValue(req.tenant)) {
		addUnresolved(req, 'tenant');
	}
}

const AZURE_CLOUD_HOSTS: Record<string, string> = {
	azurepublic: 'login.microsoftonline.com',
	azurecloud: 'login.microsoftonline.com',
	public: 'login.microsoftonline.com',
	azureusgovernment: 'login.microsoftonline.us',
	azureusgovernmentcloud: 'login.microsoftonline.us',
	usgovernment: 'login.microsoftonline.us',
	usgov: 'login.microsoftonline.us',
	azurechina: 'login.partner.microsoftonline.cn',
	azurechinacloud: 'login.partner.microsoftonline.cn',
	china: 'login.partner.microsoftonline.cn',
};

/** Host of a cloud named the way SDKs name it (AzureCloudInstance.AzureUsGovernment, ARM_ENVIRONMENT=usgovernment, …). */
function hostOfCloudName(name: string): string | undefined {
	const key = name.replace(/^.*\./, '').replace(/[^A-Za-z]/g, '').toLowerCase();
	return AZURE_CLOUD_HOSTS[key];
}

/** Sets tenant/authority from a configured authority or tenant value. */
function applyAuthority(req: ParsedTokenRequest, raw: { value: string; unresolved: boolean }): void {
	const v = raw.value.trim();
	req.authority = v;
	if (raw.unresolved) {
		addUnresolved(req, 'authority');
		// "https://login.microsoftonline.com/" + tenantId: keep what is readable.
		const host = /https?:\/\/([^/\s"'`+]+)/.exec(v);
		if (host) {
			req.host = host[1].toLowerCase();
		}
		return;
	}
	if (/^https?:\/\//i.test(v)) {
		applyUrl(req, v, 'authority');
	} else {
		setTenant(req, { value: v, unresolved: false });
	}
}

function setTenant(req: ParsedTokenRequest, t: { value: string; unresolved: boolean }): void {
	req.tenant = t.value;
	if (t.unresolved) {
		addUnresolved(req, 'tenant');
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Bulk edit, Postman blocks, HTTP

function parseBulk(text: string): Record<string, string> | undefined {
	const params: Record<string, string> = {};
	let known = 0;
	for (const line of lines(text)) {
		const l = line.trim();
		if (!l || l.startsWith('//')) {
			continue;
		}
		const m = /^([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:[ \t]*(.*)$/.exec(l);
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

type Section = 'none' | 'query' | 'headers' | 'body' | 'ignore';

/** Recognises Postman's block titles as its documentation, console and code views show them. */
function sectionOf(line: string): { section: Section; kind?: string } | undefined {
	const l = line.trim().replace(/:$/, '').trim().toLowerCase();
	if (l.length > 60) {
		return undefined;
	}
	if (/^(?:query params|query parameters|params|query|path variables)$/.test(l)) {
		return { section: 'query' };
	}
	if (/^(?:headers|request headers)(?:\s*\(\d+\))?$/.test(l)) {
		return { section: 'headers' };
	}
	const body = /^(?:request body|body)\s*\(?\s*(urlencoded|x-www-form-urlencoded|formdata|form-data|raw|json|binary|graphql)?\s*\)?$/.exec(l);
	if (body) {
		return { section: 'body', kind: body[1] };
	}
	if (/^(?:response headers|response body|response|authorization|auth|general|network|cookies|settings|scripts|tests)$/.test(l)) {
		return { section: 'ignore' };
	}
	return undefined;
}

function splitKeyValue(line: string): [string, string] | undefined {
	const m = /^([A-Za-z_][\w.[\]-]{0,100})(?:[ \t]*[:=][ \t]*|\t+|[ \t]{2,})(.*)$/.exec(line);
	if (!m) {
		return undefined;
	}
	return [m[1], unquote(m[2])];
}

/**
 * Postman's blocks (`POST name` / URL / `PARAMS` / `HEADERS` / `BODY urlencoded` with `key value`, `key: "value"`
 * or key and value on alternate lines) and plain key-value lists after a URL line.
 */
function parseSectioned(text: string, vars: Map<string, string>): ParsedTokenRequest | undefined {
	const req: ParsedTokenRequest = { format: 'bulk', params: {} };
	let section: Section = 'none';
	let bodyKind: string | undefined;
	let sawSection = false;
	let pendingKey: string | undefined;
	let jsonDepth = 0;
	const raw: string[] = [];
	const headers: Record<string, string> = {};
	let known = 0;
	for (const line of lines(text)) {
		const l = line.trim();
		if (!l || l.startsWith('//')) {
			continue;
		}
		const s = sectionOf(l);
		if (s) {
			section = s.section;
			bodyKind = s.kind ?? bodyKind;
			sawSection = true;
			pendingKey = undefined;
			continue;
		}
		if (section === 'ignore') {
			continue;
		}
		const reqLine = /^(GET|POST|PUT|PATCH)(?::[ \t]*|[ \t]+)(\S.*)$/i.exec(l);
		if (section === 'none' && reqLine) {
			req.method = reqLine[1].toUpperCase();
			if (URL_RE.test(reqLine[2].trim())) {
				applyUrl(req, reqLine[2].trim().split(/\s/)[0]);
			}
			continue;
		}
		if (URL_RE.test(l) && pendingKey === undefined) {
			applyUrl(req, l.split(/\s/)[0]);
			continue;
		}
		if ((section === 'body' && bodyKind === 'raw') || jsonDepth > 0 || (pendingKey === undefined && l.startsWith('{') && section !== 'headers' && section !== 'query')) {
			raw.push(l);
			for (const c of l) {
				jsonDepth += c === '{' ? 1 : c === '}' ? -1 : 0;
			}
			continue;
		}
		if (pendingKey === undefined && /^&?[\w.-]+=[^&]*&/.test(l) || l.startsWith('&')) {
			for (const [k, v] of Object.entries(parseFormBody(l))) {
				known += PARAM_NAMES.includes(k) ? 1 : 0;
				setParam(req, k, interpolate(v, vars));
			}
			continue;
		}
		let kv = splitKeyValue(l);
		if (pendingKey !== undefined) {
			kv = [pendingKey, unquote(l)];
			pendingKey = undefined;
		} else if (!kv) {
			if (/^[A-Za-z_][\w.-]{0,100}$/.test(l)) {
				pendingKey = l;
			}
			continue;
		}
		const [k, v] = kv;
		if (section === 'headers') {
			headers[k.toLowerCase()] = v;
			continue;
		}
		if (PARAM_NAMES.includes(k)) {
			known++;
		}
		const value = interpolate(v, vars);
		if (section === 'query') {
			req.queryParams ??= {};
			req.queryParams[k] = value;
		}
		setParam(req, k, value);
	}
	// A raw body (none read is an empty text: no pairs).
	const body = raw.join('\n');
	const obj = parseJsonObject(body);
	if (obj) {
		for (const [k, v] of Object.entries(obj)) {
			setParam(req, k, v);
			known += PARAM_NAMES.includes(k) ? 1 : 0;
		}
		req.bodyFormat = 'json';
	} else {
		for (const [k, v] of Object.entries(parseFormBody(body))) {
			setParam(req, k, v);
			known += PARAM_NAMES.includes(k) ? 1 : 0;
		}
	}
	if (known === 0) {
		return undefined;
	}
	req.format = sawSection ? 'postman' : req.url ? 'http' : 'bulk';
	applyHeaders(req, headers);
	if (!req.bodyFormat) {
		req.bodyFormat = bodyKind === 'formdata' || bodyKind === 'form-data' ? 'multipart' : req.queryParams && Object.keys(req.queryParams).length === Object.keys(req.params).length ? 'query' : 'form';
	}
	return req;
}

function applyHeaders(req: ParsedTokenRequest, headers: Record<string, string>): void {
	const ct = headers['content-type'];
	if (ct) {
		req.contentType = ct;
		if (/json/i.test(ct)) {
			req.bodyFormat ??= 'json';
		}
	}
	const auth = headers.authorization;
	if (auth) {
		applyBasic(req, auth);
	}
}

/** `Authorization: Basic base64(id:secret)` (client_secret_basic). */
function applyBasic(req: ParsedTokenRequest, header: string): void {
	const m = /^Basic\s+([A-Za-z0-9+/=_-]+)$/i.exec(header);
	if (!m) {
		return;
	}
	const decoded = Buffer.from(m[1], 'base64').toString('utf8');
	const i = decoded.indexOf(':');
	if (i > 0) {
		setParam(req, 'client_id', decodeFormValue(decoded.slice(0, i)));
		setParam(req, 'client_secret', decodeFormValue(decoded.slice(i + 1)));
		note(req, 'client_id and client_secret are sent in an HTTP Basic Authorization header.');
	}
}

function parseHttp(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'http', params: {} };
	const ls = lines(text.replace(/^\s+/, ''));
	const first = /^(POST|GET|PUT|PATCH)(?::[ \t]*|[ \t]+)(\S+)(?:[ \t]+HTTP\/[\d.]+)?[ \t]*$/i.exec(ls[0]);
	if (!first) {
		return req;
	}
	req.method = first[1].toUpperCase();
	let i = 1;
	let host: string | undefined;
	const headers: Record<string, string> = {};
	for (; i < ls.length; i++) {
		// A blank line (or the first line that is not a header) ends the headers; the body readers skip blank lines.
		const h = /^([A-Za-z-]+)[ \t]*:[ \t]*(.*)$/.exec(ls[i].trim());
		if (!h || PARAM_NAMES.includes(h[1])) {
			break;
		}
		headers[h[1].toLowerCase()] = h[2];
		if (h[1].toLowerCase() === 'host') {
			host = h[2].replace(/^https?:\/\//i, '').replace(/\/+$/, '');
		}
	}
	const target = first[2];
	const absolute = /^https?:/i.test(target);
	applyUrl(req, absolute ? target : host ? `https://${host}${target.startsWith('/') ? '' : '/'}${target}` : `https://placeholder.invalid/${target}`);
	if (!absolute && !host) {
		req.url = undefined;
		req.host = undefined;
		req.authority = undefined;
	}
	applyHeaders(req, headers);
	const body = ls.slice(i).join('\n');
	const queryOnly = { ...req.params };
	req.params = {};
	// parseJsonObject reads objects only: a form body gives undefined.
	const obj = parseJsonObject(body);
	if (obj) {
		req.bodyFormat = 'json';
		for (const [k, v] of Object.entries(obj)) {
			setParam(req, k, interpolate(v, vars));
		}
	} else {
		for (const [k, v] of Object.entries(parseBulk(body) ?? parseFormBody(body))) {
			setParam(req, k, v);
		}
		req.bodyFormat ??= Object.keys(req.params).length > 0 ? 'form' : undefined;
	}
	for (const [k, v] of Object.entries(queryOnly)) {
		if (req.params[k] === undefined) {
			setParam(req, k, v);
		}
	}
	if (!req.bodyFormat && Object.keys(queryOnly).length > 0) {
		req.bodyFormat = 'query';
	}
	return req;
}

/**
 * Drops a REST Client `.http` preamble: `#`/`//` comment lines, `###` separators and `@name = value` variable
 * lines before the request line (a line loop: linear time).
 */
function stripHttpPreamble(text: string): string {
	const ls = lines(text);
	let i = 0;
	while (i < ls.length) {
		const l = ls[i].trim();
		if (l === '' || l.startsWith('#') || l.startsWith('//') || /^@[\w.-]+\s*=/.test(l)) {
			i++;
			continue;
		}
		break;
	}
	if (i < ls.length && /^(POST|GET|PUT)\s/i.test(ls[i].trim())) {
		return ls.slice(i).join('\n').trimStart();
	}
	return text;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

function parseJsonValue(text: string): unknown {
	const errors: ParseError[] = [];
	let root: Node | undefined;
	try {
		root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
	} catch {
		return undefined;
	}
	if (!root || errors.length > 0) {
		return undefined;
	}
	return getNodeValue(root) as unknown;
}

/** A JSON object's top-level values as strings (arrays of strings joined with spaces, as scope is). */
function parseJsonObject(text: string): Record<string, string> | undefined {
	const v = parseJsonValue(text);
	if (!v || typeof v !== 'object' || Array.isArray(v)) {
		return undefined;
	}
	const out: Record<string, string> = {};
	for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
		out[k] = Array.isArray(x) ? x.map(String).join(' ') : x === null ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------------
// curl

/** Splits a shell command into words: quotes, backslash escapes, `$'…'` and line continuations (\, ^, `). */
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
			} else if (c === '\\' && quote === '"' && '"\\$`'.includes(s[i + 1])) {
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
		} else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
			if (inWord) {
				words.push(cur);
				cur = '';
				inWord = false;
			}
		} else if (c !== '$' || s[i + 1] !== "'") {
			cur += c;
			inWord = true;
		}
		// else: bash ANSI-C quoting $'…': the $ is dropped and the quote that follows opens the word.
	}
	if (inWord) {
		words.push(cur);
	}
	return words;
}

const CURL_ARG_FLAGS = new Set(['-H', '--header', '-o', '--output', '-A', '--user-agent', '-e', '--referer', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '-b', '--cookie', '-c', '--cookie-jar', '--cert', '-E', '--key', '--cacert', '--capath', '-x', '--proxy', '-K', '--config', '--retry', '--resolve', '--interface', '--limit-rate', '-r', '--range', '-T', '--upload-file', '--oauth2-bearer', '--cert-type', '--key-type', '--pass']);

/** Where the command starts: the first line beginning with curl (after a shell prompt). */
function curlStart(text: string): number {
	const m = /(?:^|\n)[ \t]*(?:\$ |> |PS [^>\n]{0,200}> )?(curl(?:\.exe)?)(?=[ \t\\^`]|\r?\n|$)/i.exec(text);
	return m ? m.index + m[0].length - m[1].length : -1;
}

function parseCurl(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'curl', params: {} };
	const start = curlStart(text);
	// dispatch reads curl only when the text has a curl line (start >= 0).
	const words = shellWords(text.slice(start));
	const headers: Record<string, string> = {};
	const data: { text: string; kind: 'raw' | 'urlencode' | 'form' }[] = [];
	let get = false;
	let method: string | undefined;
	for (let i = 1; i < words.length; i++) {
		const w = words[i];
		const next = () => words[++i] ?? '';
		if (w === '|' || w === '&&' || w === ';' || w === '||' || w === '>' || w === '2>&1' || /^curl(\.exe)?$/i.test(w)) {
			break;
		}
		if (w === '-X' || w === '--request') {
			method = next().toUpperCase();
		} else if (/^-X[A-Za-z]+$/.test(w)) {
			method = w.slice(2).toUpperCase();
		} else if (w === '-d' || w === '--data' || w === '--data-raw' || w === '--data-binary' || w === '--data-ascii' || w === '--json') {
			const v = next();
			if (w === '--json') {
				headers['content-type'] ??= 'application/json';
			}
			if (v.startsWith('@') && w !== '--data-raw') {
				note(req, `${w} ${v}: the body is read from the file ${v.slice(1)}, which the kit can't see; paste the file's content.`);
				addUnresolved(req, 'body');
			} else {
				data.push({ text: v, kind: 'raw' });
			}
		} else if (/^-d./.test(w)) {
			data.push({ text: w.slice(2), kind: 'raw' });
		} else if (w === '--data-urlencode') {
			data.push({ text: next(), kind: 'urlencode' });
		} else if (w === '-F' || w === '--form' || w === '--form-string') {
			data.push({ text: next(), kind: 'form' });
		} else if (w === '-G' || w === '--get') {
			get = true;
		} else if (w === '--url') {
			applyUrl(req, interpolate(next(), vars));
		} else if (w === '-u' || w === '--user') {
			const v = interpolate(next(), vars);
			const c = v.indexOf(':');
			if (c > 0) {
				setParam(req, 'client_id', v.slice(0, c));
				setParam(req, 'client_secret', v.slice(c + 1));
				note(req, 'client_id and client_secret are sent with -u (HTTP Basic authentication).');
			}
		} else if (w === '-H' || w === '--header') {
			const h = next();
			const c = h.indexOf(':');
			if (c > 0) {
				headers[h.slice(0, c).trim().toLowerCase()] = h.slice(c + 1).trim();
			}
		} else if (CURL_ARG_FLAGS.has(w)) {
			next();
		} else if (/^https?:\/\//i.test(w)) {
			applyUrl(req, interpolate(w, vars));
		} else if (!w.startsWith('-') && req.url === undefined && /^[\w.-]+\.[a-z]{2,}(?::\d+)?\//i.test(w)) {
			applyUrl(req, `https://${w}`);
		}
	}
	// A JSON Content-Type already made the body format json (applyHeaders), whatever the body looks like.
	applyHeaders(req, headers);
	for (const d of data) {
		if (d.kind === 'raw') {
			const t = d.text.trim();
			const obj = parseJsonObject(t);
			if (obj) {
				req.bodyFormat = 'json';
				for (const [k, v] of Object.entries(obj)) {
					setParam(req, k, interpolate(v, vars));
				}
			} else {
				for (const [k, v] of Object.entries(parseFormBody(d.text))) {
					setParam(req, k, interpolate(v, vars));
				}
			}
		} else if (d.kind === 'urlencode') {
			// name=content, name@file, =content, content, @file (curl's --data-urlencode forms).
			const eq = d.text.indexOf('=');
			const at = d.text.indexOf('@');
			if (at >= 0 && (eq < 0 || at < eq)) {
				const name = d.text.slice(0, at);
				note(req, `--data-urlencode ${d.text}: the value${name ? ` of ${name}` : ''} is read from the file ${d.text.slice(at + 1)}, which the kit can't see.`);
				if (name) {
					setParam(req, name, d.text, true);
				} else {
					addUnresolved(req, 'body');
				}
			} else if (eq > 0) {
				setParam(req, d.text.slice(0, eq), interpolate(d.text.slice(eq + 1), vars));
			} else {
				note(req, `--data-urlencode '${d.text.slice(0, 40)}' sends a value without a name.`);
			}
		} else {
			const eq = d.text.indexOf('=');
			if (eq > 0) {
				const name = d.text.slice(0, eq);
				const value = d.text.slice(eq + 1);
				if (/^[@<]/.test(value)) {
					note(req, `-F ${d.text}: the value of ${name} comes from the file ${value.slice(1)}, which the kit can't see.`);
					setParam(req, name, value, true);
				} else {
					setParam(req, name, interpolate(value, vars));
				}
			}
			req.bodyFormat = 'multipart';
		}
	}
	if (data.length > 0 && !req.bodyFormat) {
		req.bodyFormat = 'form';
	}
	if (get) {
		req.method = 'GET';
		if (data.length > 0) {
			req.bodyFormat = 'query';
		}
	} else {
		req.method = method ?? (data.length > 0 ? 'POST' : 'GET');
	}
	if (!req.bodyFormat && req.queryParams) {
		req.bodyFormat = 'query';
	}
	return req;
}

// ---------------------------------------------------------------------------------------------------------------
// PowerShell

/** Reads from `open` (the index of `{` in `@{`) to its matching `}`; entries split on `;` or newlines at depth 0. */
function readBlock(text: string, open: number, openCh: string, closeCh: string, limit = 20000): { inner: string; end: number } | undefined {
	let depth = 0;
	let quote: string | undefined;
	const stop = Math.min(text.length, open + limit);
	for (let i = open; i < stop; i++) {
		const c = text[i];
		if (quote) {
			if (c === quote) {
				quote = undefined;
			}
			continue;
		}
		if (c === '"' || c === "'") {
			quote = c;
		} else if (c === openCh) {
			depth++;
		} else if (c === closeCh) {
			depth--;
			if (depth === 0) {
				return { inner: text.slice(open + 1, i), end: i };
			}
		}
	}
	return undefined;
}

/** Splits on separators at depth 0 outside quotes. */
function splitTop(text: string, seps: string): string[] {
	const out: string[] = [];
	let depth = 0;
	let quote: string | undefined;
	let cur = '';
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quote) {
			cur += c;
			if (c === quote) {
				quote = undefined;
			}
			continue;
		}
		if (c === '"' || c === "'" || c === '`') {
			quote = c === '`' ? (seps.includes('\n') ? undefined : c) : c;
			cur += c;
		} else if ('([{'.includes(c)) {
			depth++;
			cur += c;
		} else if (')]}'.includes(c) && (depth > 0 || !seps.includes(c))) {
			depth--;
			cur += c;
		} else if (depth === 0 && seps.includes(c)) {
			out.push(cur);
			cur = '';
		} else {
			cur += c;
		}
	}
	out.push(cur);
	return out.map((s) => s.trim()).filter(Boolean);
}

interface Hashtable {
	name?: string;
	entries: [string, string][];
	start: number;
}

function hashtables(text: string): Hashtable[] {
	const out: Hashtable[] = [];
	let from = 0;
	while (out.length < 50) {
		const at = text.indexOf('@{', from);
		if (at < 0) {
			break;
		}
		const block = readBlock(text, at + 1, '{', '}');
		if (!block) {
			break;
		}
		const lineStart = text.lastIndexOf('\n', at) + 1;
		const prefix = text.slice(Math.max(lineStart, at - 200), at);
		const name = /\$([A-Za-z_]\w*)\s*=\s*$/.exec(prefix)?.[1] ?? (/-Body\s*$/i.test(prefix) ? '-Body' : /\bBody\s*=\s*$/i.test(prefix) ? 'Body' : undefined);
		const entries: [string, string][] = [];
		for (const e of splitTop(block.inner, ';\n')) {
			const m = /^["']?([A-Za-z_][\w-]*)["']?\s*=\s*([\s\S]*)$/.exec(e);
			if (m) {
				entries.push([m[1], m[2]]);
			}
		}
		out.push({ name, entries, start: at });
		from = at + 2;
	}
	return out;
}

/** The argument after a PowerShell parameter (`-Uri X`, `-Body $b`, `-Method Post`), as written. */
function psArg(text: string, names: string): string | undefined {
	const re = new RegExp(`(?:^|[\\s(])-(?:${names})(?::|\\s+)`, 'i');
	const m = re.exec(text);
	if (!m) {
		return undefined;
	}
	const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 4000);
	const c = rest[0];
	if (c === '"' || c === "'") {
		const end = rest.indexOf(c, 1);
		return end > 0 ? rest.slice(0, end + 1) : rest;
	}
	if (c === '(') {
		const block = readBlock(rest, 0, '(', ')');
		return block ? rest.slice(0, block.end + 1) : rest.split(/\s/)[0];
	}
	// A hashtable (`-Body @{…}`) is read by hashtables(): callers only look at its `@{` start.
	return rest.split(/[\s`]/)[0];
}

const PS_CALL = /\b(?:Invoke-RestMethod|Invoke-WebRequest|irm|iwr)\b/i;
const PS_CONNECT = /\b(?:Connect-MgGraph|Connect-AzAccount|Connect-AzureAD|Connect-ExchangeOnline|Connect-PnPOnline|Connect-MicrosoftTeams|Get-MsalToken|New-MsalClientApplication)\b/i;

function parsePowerShell(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'powershell', params: {} };
	const tables = hashtables(text);
	const splat = tables.find((t) => t.entries.some(([k]) => /^(uri|method|body)$/i.test(k)));
	const entryOf = (t: Hashtable | undefined, key: string) => t?.entries.find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
	const call = PS_CALL.exec(text);
	const callText = call ? text.slice(call.index) : text;

	// URI
	const uriRaw = psArg(callText, 'Uri|Url') ?? entryOf(splat, 'Uri');
	if (uriRaw) {
		applyUrl(req, resolvePsString(uriRaw, vars, text));
	}
	// Method: Invoke-RestMethod defaults to GET.
	const methodRaw = psArg(callText, 'Method') ?? entryOf(splat, 'Method');
	if (methodRaw) {
		req.method = unquote(methodRaw).toUpperCase();
	} else if (call) {
		req.method = 'GET';
		note(req, `${call[0]} has no -Method, so it sends GET (its default).`);
	}
	const ct = psArg(callText, 'ContentType') ?? entryOf(splat, 'ContentType');
	if (ct) {
		req.contentType = unquote(ct);
	}
	// Body
	const bodyRaw = psArg(callText, 'Body') ?? entryOf(splat, 'Body');
	let bodyTable: Hashtable | undefined;
	let bodyIsJson = false;
	if (bodyRaw) {
		bodyIsJson = /ConvertTo-Json/i.test(bodyRaw);
		const varName = /\$([A-Za-z_]\w*)/.exec(bodyRaw)?.[1];
		// A quoted body is a literal even when it interpolates variables ("grant_type=…&client_id=$clientId").
		const literal = isQuoted(bodyRaw);
		if (bodyRaw.startsWith('@{')) {
			bodyTable = tables.find((t) => t.name === '-Body' || t.name === 'Body') ?? tables.find((t) => callText.includes(t.entries[0]?.[0] ?? '\u0000'));
		} else if (varName && !literal) {
			bodyTable = tables.find((t) => t.name === varName);
			const assigned = new RegExp(`\\$${varName}\\s*=\\s*([^\\n]{1,4000})`).exec(text);
			if (assigned && /ConvertTo-Json/i.test(assigned[1])) {
				bodyIsJson = true;
				const inner = /\$([A-Za-z_]\w*)/.exec(assigned[1])?.[1];
				// (`$b = @{…} | ConvertTo-Json` names its table b, found above.)
				bodyTable ??= tables.find((t) => t.name === inner);
			}
			if (!bodyTable && assigned && isQuoted(assigned[1])) {
				for (const [k, v] of Object.entries(parseFormBody(resolvePsString(assigned[1], vars, text)))) {
					setParam(req, k, v);
				}
			}
		} else if (literal) {
			const t = resolvePsString(bodyRaw, vars, text);
			const obj = parseJsonObject(t);
			if (obj) {
				bodyIsJson = true;
				for (const [k, v] of Object.entries(obj)) {
					setParam(req, k, v);
				}
			} else {
				for (const [k, v] of Object.entries(parseFormBody(t))) {
					setParam(req, k, v);
				}
			}
		}
	}
	bodyTable ??= tables.find((t) => t.entries.some(([k]) => k === 'grant_type' || k === 'client_id'));
	if (bodyTable) {
		for (const [k, v] of bodyTable.entries) {
			const r = resolvePs(v, vars);
			setParam(req, k, r.value, r.unresolved);
		}
	}
	if (Object.keys(req.params).length > 0) {
		req.bodyFormat = bodyIsJson || /json/i.test(req.contentType ?? '') ? 'json' : req.method === 'GET' ? 'query' : 'form';
	}
	const connect = PS_CONNECT.exec(text);
	if (connect) {
		readConnectCmdlet(req, text, vars, connect[0]);
	}
	return req;
}

/** `raw` comes trimmed (hashtable entries, psArg words, format arguments). */
function resolvePs(t: string, vars: Map<string, string>): { value: string; unresolved: boolean } {
	if (/^\$env:[A-Za-z_]\w*$/i.test(t)) {
		const known = vars.get(t.slice(5));
		return known !== undefined ? { value: known, unresolved: false } : { value: t, unresolved: true };
	}
	return resolveExpr(t, vars);
}

/**
 * The value of a PowerShell string expression: a literal, an interpolated string, a variable, or `"…{0}…" -f (x)`
 * (callers read the URL or the body from it; what stays open shows as the placeholders in the value).
 */
function resolvePsString(raw: string, vars: Map<string, string>, text: string): string {
	let t = raw.trim();
	if (t.startsWith('(') && t.endsWith(')')) {
		t = t.slice(1, -1).trim();
	}
	const fmt = /^(["'])([^"']*)\1\s+-f\s+\(?\s*(["'][^"']*["']|\$[A-Za-z_]\w*)/.exec(t);
	if (fmt) {
		return fmt[2].replace('{0}', resolvePs(fmt[3], vars).value);
	}
	const v = /^\$([A-Za-z_]\w*)$/.exec(t);
	if (v && !vars.has(v[1])) {
		const assigned = new RegExp(`\\$${v[1]}\\s*=\\s*(["'][^\\n]{0,2000})`).exec(text);
		// The assigned text starts with a quote, so this reads one level only.
		if (assigned) {
			return resolvePsString(assigned[1], vars, text);
		}
	}
	return resolvePs(t, vars).value;
}

/** Connect-MgGraph / Connect-AzAccount and friends: app-only sign-in parameters. */
function readConnectCmdlet(req: ParsedTokenRequest, text: string, vars: Map<string, string>, tool: string): void {
	req.tool = tool;
	// A bare word after a cmdlet parameter is a string literal in PowerShell (-TenantId contoso.onmicrosoft.com).
	const arg = (names: string) => {
		const a = psArg(text, names);
		return a === undefined ? undefined : /^[^\s$@('"`{]+$/.test(a) ? { value: a, unresolved: isUnresolvedValue(a) } : resolvePs(a, vars);
	};
	const id = arg('ClientId|ApplicationId|AppId');
	if (id) {
		setParam(req, 'client_id', id.value, id.unresolved);
	}
	const tenant = arg('TenantId|Tenant|Organization');
	if (tenant) {
		setTenant(req, tenant);
	}
	const thumb = arg('CertificateThumbprint|Thumbprint');
	if (thumb) {
		req.thumbprint = thumb.value;
		req.thumbprintKind = 'sha1';
		if (thumb.unresolved) {
			addUnresolved(req, 'thumbprint');
		}
		addCredential(req, 'certificate');
	}
	if (/\s-(?:Certificate|CertificateName|CertificatePath|CertificateFilePath)\b/i.test(text)) {
		addCredential(req, 'certificate');
		const path = arg('CertificatePath|CertificateFilePath');
		if (path) {
			req.certificatePath = path.value;
		}
	}
	if (/\s-(?:ClientSecretCredential|ClientSecret)\b/i.test(text) || (/\s-ServicePrincipal\b/i.test(text) && /\s-Credential\b/i.test(text))) {
		addCredential(req, 'secret');
	}
	if (/\s-FederatedToken\b/i.test(text)) {
		addCredential(req, 'federated');
	}
	const env = arg('Environment');
	if (env) {
		const host = hostOfCloudName(env.value);
		if (host) {
			req.host = host;
		}
	}
	if (req.credentials?.length) {
		infer(req, 'grant_type', 'client_credentials');
	}
}

// ---------------------------------------------------------------------------------------------------------------
// MSAL and azure-identity code

/** `name: value` or `name = value` in code, the value up to the next `,` / `}` / `)` / newline at depth 0. */
function codeProp(text: string, name: string, sep = '[:=]'): string | undefined {
	const re = new RegExp(`(?:^|[\\s{,(."'])${name}["']?\\s*${sep}\\s*`, 'i');
	const m = re.exec(text);
	if (!m) {
		return undefined;
	}
	const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 4000);
	return splitTop(rest, ',\n})')[0] ?? '';
}

/** String literals in an expression (scopes lists). */
function stringLiterals(expr: string): string[] {
	const out: string[] = [];
	const re = /"([^"\n]{0,2000})"|'([^'\n]{0,2000})'|`([^`\n]{0,2000})`/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(expr)) && out.length < 50) {
		out.push(m[1] ?? m[2] ?? m[3]);
	}
	return out;
}

/** Arguments of the first call of `name(` in the text. */
function callArgs(text: string, name: RegExp): string[] | undefined {
	const m = name.exec(text);
	if (!m) {
		return undefined;
	}
	// Every pattern passed here ends with `\(`.
	const block = readBlock(text, m.index + m[0].length - 1, '(', ')');
	return block ? splitTop(block.inner, ',') : undefined;
}

/** The scopes a call passes: string literals in its argument, or in the definition of the variable it names. */
function scopesOf(arg: string | undefined, text: string): string[] | undefined {
	if (arg === undefined) {
		return undefined;
	}
	let lits = stringLiterals(arg);
	const ident = /^(?:scopes\s*[:=]\s*)?([A-Za-z_][\w.]*)\s*$/.exec(arg.trim())?.[1];
	if (lits.length === 0 && ident) {
		const def = new RegExp(`\\b${ident.replace(/\./g, '\\.')}\\s*[:=]\\s*([^;\\n]{0,2000})`).exec(text);
		if (def) {
			lits = stringLiterals(def[1]);
		}
	}
	return lits.length > 0 ? lits : undefined;
}

function setScopes(req: ParsedTokenRequest, scopes: string[] | undefined): void {
	// (Each reader sets the scope once.)
	if (scopes) {
		setParam(req, 'scope', scopes.join(' '));
	}
}

function readExprParam(req: ParsedTokenRequest, name: string, raw: string | undefined, vars: Map<string, string>): { value: string; unresolved: boolean } | undefined {
	if (raw === undefined) {
		return undefined;
	}
	const r = resolveExpr(raw, vars);
	setParam(req, name, r.value, r.unresolved);
	return r;
}

function parseMsalNode(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'msal-node', params: {} };
	readExprParam(req, 'client_id', codeProp(text, 'clientId'), vars);
	const authority = codeProp(text, 'authority');
	if (authority !== undefined) {
		applyAuthority(req, resolveExpr(authority, vars));
	}
	const cloud = codeProp(text, 'azureCloudInstance');
	if (cloud) {
		const host = hostOfCloudName(cloud);
		if (host) {
			req.host = host;
		}
	}
	if (codeProp(text, 'clientSecret') !== undefined) {
		readExprParam(req, 'client_secret', codeProp(text, 'clientSecret'), vars);
		addCredential(req, 'secret');
	}
	if (/clientCertificate["']?\s*:/.test(text)) {
		addCredential(req, 'certificate');
		const sha256 = codeProp(text, 'thumbprintSha256');
		const sha1 = codeProp(text, 'thumbprint');
		const t = sha256 ?? sha1;
		if (t !== undefined) {
			const r = resolveExpr(t, vars);
			req.thumbprint = r.value;
			req.thumbprintKind = sha256 !== undefined ? 'sha256' : 'sha1';
			if (r.unresolved) {
				addUnresolved(req, 'thumbprint');
			}
		}
	}
	if (/clientAssertion["']?\s*:/.test(text)) {
		addCredential(req, 'assertion');
	}
	if (/\bnew\s+(?:msal\.)?PublicClientApplication\b/.test(text)) {
		req.clientType = 'public';
	} else if (/\bnew\s+(?:msal\.)?ConfidentialClientApplication\b/.test(text)) {
		req.clientType = 'confidential';
	}
	readMsalCalls(req, text, vars, {
		cc: /\bacquireTokenByClientCredential\s*\(/,
		obo: /\bacquireTokenOnBehalfOf\s*\(/,
		code: /\bacquireTokenByCode\s*\(/,
		refresh: /\bacquireTokenByRefreshToken\s*\(/,
	});
	const scopes = codeProp(text, 'scopes');
	setScopes(req, scopesOf(scopes, text));
	readExprParam(req, 'redirect_uri', codeProp(text, 'redirectUri'), vars);
	readExprParam(req, 'assertion', codeProp(text, 'oboAssertion'), vars);
	readExprParam(req, 'code_verifier', codeProp(text, 'codeVerifier'), vars);
	return req;
}

function readMsalCalls(req: ParsedTokenRequest, text: string, _vars: Map<string, string>, calls: { cc: RegExp; obo: RegExp; code: RegExp; refresh?: RegExp }): void {
	if (calls.cc.test(text)) {
		infer(req, 'grant_type', 'client_credentials');
	} else if (calls.obo.test(text)) {
		infer(req, 'grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		infer(req, 'requested_token_use', 'on_behalf_of');
	} else if (calls.code.test(text)) {
		infer(req, 'grant_type', 'authorization_code');
	} else if (calls.refresh?.test(text)) {
		infer(req, 'grant_type', 'refresh_token');
	}
}

function parseMsalDotnet(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'msal-dotnet', params: {} };
	req.clientType = /PublicClientApplicationBuilder/.test(text) ? 'public' : 'confidential';
	const create = callArgs(text, /(?:Confidential|Public)ClientApplicationBuilder\s*\.\s*Create\s*\(/);
	if (create?.[0]) {
		readExprParam(req, 'client_id', create[0], vars);
	}
	const secret = callArgs(text, /\.\s*WithClientSecret\s*\(/);
	if (secret) {
		addCredential(req, 'secret');
		readExprParam(req, 'client_secret', secret[0], vars);
	}
	const cert = callArgs(text, /\.\s*WithCertificate\s*\(/);
	if (cert) {
		addCredential(req, 'certificate');
		// `true` or `sendX5C: true`
		if (cert[1] && /true/i.test(cert[1])) {
			note(req, 'WithCertificate(…, true) sends the x5c chain (subject name and issuer authentication).');
		}
	}
	if (/\.\s*WithClientAssertion\s*\(/.test(text)) {
		addCredential(req, 'assertion');
	}
	const authority = callArgs(text, /\.\s*WithAuthority\s*\(/);
	if (authority?.length === 1) {
		applyAuthority(req, resolveExpr(authority[0], vars));
	} else if (authority && authority.length >= 2) {
		const host = hostOfCloudName(authority[0]);
		if (host) {
			req.host = host;
		} else {
			// An instance URL (a variable the text does not define is no URL).
			req.host = URL_RE.exec(resolveExpr(authority[0], vars).value)?.[2].toLowerCase();
		}
		setTenant(req, resolveExpr(authority[1], vars));
		req.authority = req.host ? `https://${req.host}/${req.tenant}` : undefined;
	}
	const tenant = callArgs(text, /\.\s*WithTenantId\s*\(/);
	if (tenant?.[0]) {
		setTenant(req, resolveExpr(tenant[0], vars));
	}
	const redirect = callArgs(text, /\.\s*WithRedirectUri\s*\(/);
	if (redirect?.[0]) {
		readExprParam(req, 'redirect_uri', redirect[0], vars);
	}
	readMsalCalls(req, text, vars, { cc: /\bAcquireTokenForClient\s*\(/, obo: /\bAcquireTokenOnBehalfOf\s*\(/, code: /\bAcquireTokenByAuthorizationCode\s*\(/ });
	const scopesArg = callArgs(text, /\b(?:AcquireTokenForClient|AcquireTokenOnBehalfOf|AcquireTokenByAuthorizationCode|AcquireTokenInteractive|AcquireTokenSilent)\s*\(/)?.[0];
	setScopes(req, scopesOf(scopesArg, text));
	return req;
}

function parseMsalPython(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'msal-python', params: {} };
	req.clientType = /PublicClientApplication\s*\(/.test(text) ? 'public' : 'confidential';
	const args = callArgs(text, /\b(?:Confidential|Public)ClientApplication\s*\(/) ?? [];
	const kw = (name: string) => args.find((a) => new RegExp(`^${name}\\s*=`).test(a))?.replace(/^[\w]+\s*=\s*/, '');
	readExprParam(req, 'client_id', kw('client_id') ?? args.find((a) => !/^[\w]+\s*=/.test(a)), vars);
	const authority = kw('authority');
	if (authority !== undefined) {
		applyAuthority(req, resolveExpr(authority, vars));
	}
	let cred = kw('client_credential');
	if (cred !== undefined) {
		const ident = /^[A-Za-z_]\w*$/.exec(cred.trim())?.[0];
		if (ident && !vars.has(ident)) {
			const def = new RegExp(`\\b${ident}\\s*=\\s*(\\{)`).exec(text);
			if (def) {
				const block = readBlock(text, def.index + def[0].length - 1, '{', '}');
				cred = block ? `{${block.inner}}` : cred;
			}
		}
		if (cred.startsWith('{')) {
			if (/["']client_assertion["']/.test(cred)) {
				addCredential(req, 'assertion');
			} else {
				addCredential(req, 'certificate');
				const thumb = /["']thumbprint["']\s*:\s*([^,}\n]+)/.exec(cred);
				if (thumb) {
					const r = resolveExpr(thumb[1], vars);
					req.thumbprint = r.value;
					req.thumbprintKind = 'sha1';
					if (r.unresolved) {
						addUnresolved(req, 'thumbprint');
					}
				}
				const pfx = /["']private_key_pfx_path["']\s*:\s*([^,}\n]+)/.exec(cred);
				if (pfx) {
					req.certificatePath = resolveExpr(pfx[1], vars).value;
				}
			}
		} else {
			addCredential(req, 'secret');
			readExprParam(req, 'client_secret', cred, vars);
		}
	}
	readMsalCalls(req, text, vars, { cc: /\bacquire_token_for_client\s*\(/, obo: /\bacquire_token_on_behalf_of\s*\(/, code: /\bacquire_token_by_auth(?:orization_code|_code_flow)\s*\(/ });
	const call = callArgs(text, /\b(?:acquire_token_for_client|acquire_token_on_behalf_of|acquire_token_by_authorization_code|acquire_token_interactive|acquire_token_silent)\s*\(/);
	if (call) {
		const named = call.find((a) => /^scopes\s*=/.test(a));
		const listArg = named ?? call.find((a) => a.startsWith('['));
		setScopes(req, scopesOf(listArg?.replace(/^scopes\s*=\s*/, ''), text));
		const redirect = call.find((a) => /^redirect_uri\s*=/.test(a));
		if (redirect) {
			readExprParam(req, 'redirect_uri', redirect.replace(/^redirect_uri\s*=\s*/, ''), vars);
		}
	}
	return req;
}

/** azure-identity credentials in any language: (tenant, client, secret | certificate path | assertion). */
function parseAzureIdentity(text: string, vars: Map<string, string>, m: RegExpExecArray): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'azure-identity', params: {}, clientType: 'confidential' };
	const args = callArgs(text.slice(m.index), /\(/) ?? [];
	const named = (re: RegExp) => args.find((a) => re.test(a))?.replace(/^[\w]+\s*[=:]\s*/, '');
	const positional = args.filter((a) => !/^[\w]+\s*[=:]/.test(a) || /^["'`]/.test(a));
	const tenant = named(/^tenant_?id\s*[=:]/i) ?? positional[0];
	const client = named(/^client_?id\s*[=:]/i) ?? positional[1];
	const third = named(/^(client_?secret|certificate_?path|func|get_assertion)\s*[=:]/i) ?? positional[2];
	if (tenant !== undefined) {
		setTenant(req, resolveExpr(tenant, vars));
	}
	readExprParam(req, 'client_id', client, vars);
	if (m[1] === 'ClientSecretCredential') {
		addCredential(req, 'secret');
		readExprParam(req, 'client_secret', third, vars);
	} else if (m[1] === 'ClientAssertionCredential') {
		addCredential(req, 'assertion');
	} else if (m[1] === 'WorkloadIdentityCredential') {
		addCredential(req, 'federated');
	} else {
		addCredential(req, 'certificate');
		if (third !== undefined) {
			const r = resolveExpr(third.replace(/^\{\s*certificatePath\s*:\s*/, '').replace(/\}$/, ''), vars);
			req.certificatePath = r.value;
		}
	}
	infer(req, 'grant_type', 'client_credentials');
	const scope = callArgs(text, /\b(?:get_token|getToken|GetTokenAsync|GetToken)\s*\(/)?.[0];
	setScopes(req, scopesOf(scope, text));
	return req;
}

// ---------------------------------------------------------------------------------------------------------------
// appsettings.json (Microsoft.Identity.Web)

function findIdentityWebSection(v: unknown, depth = 0): Record<string, unknown> | undefined {
	if (!v || typeof v !== 'object' || Array.isArray(v) || depth > 4) {
		return undefined;
	}
	const o = v as Record<string, unknown>;
	const keys = Object.keys(o).map((k) => k.toLowerCase());
	if (keys.includes('clientid') && (keys.includes('instance') || keys.includes('tenantid') || keys.includes('authority') || keys.includes('clientcertificates') || keys.includes('clientcredentials'))) {
		return o;
	}
	for (const k of Object.keys(o)) {
		const found = findIdentityWebSection(o[k], depth + 1);
		if (found) {
			return found;
		}
	}
	return undefined;
}

function parseIdentityWeb(section: Record<string, unknown>, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'identity-web', params: {}, clientType: 'confidential' };
	const get = (name: string): unknown => Object.entries(section).find(([x]) => x.toLowerCase() === name.toLowerCase())?.[1];
	const str = (name: string) => {
		const v = get(name);
		return typeof v === 'string' ? v : undefined;
	};
	const clientId = str('ClientId');
	if (clientId !== undefined) {
		setParam(req, 'client_id', interpolate(clientId, vars));
	}
	const authority = str('Authority');
	const instance = str('Instance');
	const tenant = str('TenantId');
	if (authority) {
		applyAuthority(req, { value: authority, unresolved: isUnresolvedValue(authority) });
	} else if (instance) {
		const inst = instance.replace(/\/+$/, '');
		if (tenant !== undefined) {
			applyAuthority(req, { value: `${inst}/${tenant}`, unresolved: isUnresolvedValue(inst) });
			if (isUnresolvedValue(tenant)) {
				addUnresolved(req, 'tenant');
			}
		} else {
			req.host = URL_RE.exec(inst)?.[2].toLowerCase();
		}
	} else if (tenant !== undefined) {
		setTenant(req, { value: tenant, unresolved: isUnresolvedValue(tenant) });
	}
	const secret = str('ClientSecret');
	if (secret !== undefined && secret !== '') {
		addCredential(req, 'secret');
		setParam(req, 'client_secret', secret);
	}
	const creds = [...(Array.isArray(get('ClientCertificates')) ? (get('ClientCertificates') as unknown[]) : []), ...(Array.isArray(get('ClientCredentials')) ? (get('ClientCredentials') as unknown[]) : [])];
	for (const c of creds) {
		if (!c || typeof c !== 'object') {
			continue;
		}
		const o = c as Record<string, unknown>;
		const source = String(o.SourceType);
		if (/secret/i.test(source)) {
			addCredential(req, 'secret');
			if (typeof o.ClientSecret === 'string') {
				setParam(req, 'client_secret', o.ClientSecret);
			}
		} else if (/SignedAssertion/i.test(source)) {
			addCredential(req, 'federated');
		} else {
			addCredential(req, 'certificate');
			if (typeof o.CertificateThumbprint === 'string') {
				req.thumbprint = o.CertificateThumbprint;
				req.thumbprintKind = 'sha1';
				req.tool = 'Microsoft.Identity.Web';
				if (typeof o.CertificateStorePath === 'string') {
					req.certificateStore = o.CertificateStorePath;
				}
				if (isUnresolvedValue(o.CertificateThumbprint)) {
					addUnresolved(req, 'thumbprint');
				}
			}
			if (typeof o.CertificateDiskPath === 'string') {
				req.certificatePath = o.CertificateDiskPath;
			}
		}
	}
	const scopes = get('Scopes');
	if (typeof scopes === 'string' || Array.isArray(scopes)) {
		setParam(req, 'scope', Array.isArray(scopes) ? scopes.map(String).join(' ') : scopes);
	}
	const callback = str('CallbackPath');
	if (callback) {
		note(req, `CallbackPath ${callback}: the redirect URI is the app's own origin followed by this path.`);
	}
	return req;
}

// ---------------------------------------------------------------------------------------------------------------
// Environment lists

type EnvTarget = 'client_id' | 'tenant' | 'client_secret' | 'cert_path' | 'cert_password' | 'federated' | 'authority_host' | 'cloud' | 'username' | 'use_oidc' | 'scope';
const ENV_NAMES: Record<string, EnvTarget> = {
	AZURE_CLIENT_ID: 'client_id',
	ARM_CLIENT_ID: 'client_id',
	AZUREAD__CLIENTID: 'client_id',
	'CLIENT-ID': 'client_id',
	'AZURE.WORKLOAD.IDENTITY/CLIENT-ID': 'client_id',
	AZURE_TENANT_ID: 'tenant',
	ARM_TENANT_ID: 'tenant',
	AZUREAD__TENANTID: 'tenant',
	'TENANT-ID': 'tenant',
	'AZURE.WORKLOAD.IDENTITY/TENANT-ID': 'tenant',
	AZURE_CLIENT_SECRET: 'client_secret',
	ARM_CLIENT_SECRET: 'client_secret',
	AZUREAD__CLIENTSECRET: 'client_secret',
	AZURE_CLIENT_CERTIFICATE_PATH: 'cert_path',
	ARM_CLIENT_CERTIFICATE_PATH: 'cert_path',
	AZURE_CLIENT_CERTIFICATE_PASSWORD: 'cert_password',
	ARM_CLIENT_CERTIFICATE_PASSWORD: 'cert_password',
	AZURE_FEDERATED_TOKEN_FILE: 'federated',
	AZURE_FEDERATED_TOKEN: 'federated',
	ARM_OIDC_TOKEN: 'federated',
	ARM_OIDC_TOKEN_FILE_PATH: 'federated',
	ARM_OIDC_REQUEST_TOKEN: 'federated',
	ARM_USE_OIDC: 'use_oidc',
	AZURE_AUTHORITY_HOST: 'authority_host',
	ARM_ENVIRONMENT: 'cloud',
	AZURE_ENVIRONMENT: 'cloud',
	ENVIRONMENT: 'cloud',
	AZURE_USERNAME: 'username',
	AZURE_SCOPE: 'scope',
};

/** `NAME=value` pairs and `NAME: value` / `- name: NAME` + `value: …` entries. Blank and `#` lines match no pattern. */
function* envEntries(text: string): Generator<[string, string]> {
	let pendingName: string | undefined;
	for (const line of lines(text)) {
		const l = line.trim().replace(/^-\s+/, '');
		const sh = /^(?:export\s+|set\s+|setx\s+|ENV\s+|\$env:|-e\s+|--env\s+)?([A-Za-z_][\w]*)\s*=\s*(.*)$/.exec(l) ?? /^(?:setx\s+|ENV\s+)([A-Za-z_][\w]*)\s+(.+)$/.exec(l);
		if (sh) {
			yield [sh[1], sh[2]];
			continue;
		}
		const y = /^([A-Za-z_][\w./-]{0,100})\s*:\s*(.*)$/.exec(l);
		if (y) {
			if (y[1] === 'name') {
				pendingName = unquote(y[2]);
			} else if (y[1] === 'value' && pendingName) {
				yield [pendingName, y[2]];
				pendingName = undefined;
			} else {
				yield [y[1], y[2]];
			}
		}
	}
}

function parseEnv(text: string): ParsedTokenRequest | undefined {
	const req: ParsedTokenRequest = { format: 'env', params: {}, clientType: 'confidential' };
	let known = false;
	for (const [name, rawValue] of envEntries(text)) {
		const target = ENV_NAMES[name.toUpperCase()];
		if (!target) {
			continue;
		}
		known = true;
		const value = unquote(rawValue.replace(/\s+#.*$/, ''));
		const unresolved = isUnresolvedValue(value);
		switch (target) {
			case 'client_id':
				setParam(req, 'client_id', value, unresolved);
				break;
			case 'tenant':
				setTenant(req, { value, unresolved });
				break;
			case 'client_secret':
				addCredential(req, 'secret');
				setParam(req, 'client_secret', value, unresolved);
				break;
			case 'cert_path':
				addCredential(req, 'certificate');
				req.certificatePath = value;
				break;
			case 'federated':
				addCredential(req, 'federated');
				break;
			case 'use_oidc':
				if (/^true$/i.test(value)) {
					addCredential(req, 'federated');
				}
				break;
			case 'authority_host': {
				const m = URL_RE.exec(value);
				req.host = (m ? m[2] : value.replace(/\/+$/, '')).toLowerCase();
				req.authority = value;
				break;
			}
			case 'cloud': {
				const host = hostOfCloudName(value);
				if (host) {
					req.host ??= host;
				}
				break;
			}
			case 'username':
				note(req, 'AZURE_USERNAME is set: EnvironmentCredential then signs in a user with a password (ROPC), not the app.');
				break;
			case 'scope':
				setParam(req, 'scope', value, unresolved);
				break;
		}
	}
	if (!known) {
		return undefined;
	}
	if (req.tenant !== undefined && req.host) {
		req.authority = `https://${req.host}/${req.tenant}`;
	}
	if (req.credentials?.length) {
		infer(req, 'grant_type', 'client_credentials');
	}
	return req;
}

// ---------------------------------------------------------------------------------------------------------------
// az login

function parseAzLogin(text: string, vars: Map<string, string>): ParsedTokenRequest {
	const req: ParsedTokenRequest = { format: 'azure-cli', params: {}, clientType: 'confidential' };
	const at = /(?:^|\n)[ \t]*(?:\$ |> )?az\s+login\b/.exec(text);
	const words = shellWords(at ? text.slice(at.index) : text);
	for (let i = 0; i < words.length; i++) {
		const w = words[i];
		const next = () => interpolate(words[++i] ?? '', vars);
		if (w === '-u' || w === '--username' || w === '--client-id') {
			setParam(req, 'client_id', next());
		} else if (w === '-p' || w === '--password' || w === '--secret') {
			const v = next();
			if (/\.(pem|pfx|p12|crt|cer)$/i.test(v)) {
				addCredential(req, 'certificate');
				req.certificatePath = v;
			} else {
				addCredential(req, 'secret');
				setParam(req, 'client_secret', v);
			}
		} else if (w === '--certificate') {
			addCredential(req, 'certificate');
			req.certificatePath = next();
		} else if (w === '--federated-token') {
			addCredential(req, 'federated');
			next();
		} else if (w === '-t' || w === '--tenant') {
			const v = next();
			setTenant(req, { value: v, unresolved: isUnresolvedValue(v) });
		} else if (w === '--scope') {
			setParam(req, 'scope', next());
		}
	}
	const cloud = /\bcloud\s+set\s+(?:-n|--name)\s+(\S+)/i.exec(text);
	const host = cloud ? hostOfCloudName(cloud[1]) : undefined;
	if (host) {
		req.host = host;
	}
	infer(req, 'grant_type', 'client_credentials');
	return req;
}

// ---------------------------------------------------------------------------------------------------------------
// Classification and entry points

function isErrorText(t: string): boolean {
	return /AADSTS\d{4,8}/.test(t) || /"error_codes"\s*:/.test(t) || /(?:^|[?&#])error_description=/.test(t);
}

const MSAL_DOTNET = /(?:Confidential|Public)ClientApplicationBuilder\s*\.\s*Create\s*\(/;
const MSAL_PYTHON = /\b(?:msal\.)?(?:Confidential|Public)ClientApplication\s*\(/;
const MSAL_NODE = /\bnew\s+(?:msal\.)?(?:Confidential|Public)ClientApplication\s*\(|\bauth\s*:\s*\{[^}]{0,2000}\bclientId\s*:|clientCertificate\s*:\s*\{/;
const AZ_IDENTITY = /\b(ClientSecretCredential|ClientCertificateCredential|CertificateCredential|ClientAssertionCredential|WorkloadIdentityCredential)\s*\(/;
const AZ_LOGIN = /(?:^|\n)[ \t]*(?:\$ |> )?az\s+login\b[^\n]{0,2000}(?:--service-principal|--federated-token|--certificate)/;

/** An appsettings object, or a `"AzureAd": { … },` fragment of one (the parser allows the trailing comma). */
function identityWebSection(t: string): Record<string, unknown> | undefined {
	return findIdentityWebSection(parseJsonValue(t.startsWith('"') ? `{${t}}` : t));
}

function hasEnvNames(t: string): boolean {
	return /(?:^|\n)[ \t]*(?:-[ \t]+)?(?:export[ \t]+|set[ \t]+|setx[ \t]+|ENV[ \t]+|\$env:)?(?:AZURE_CLIENT_ID|ARM_CLIENT_ID|AZURE_TENANT_ID|ARM_TENANT_ID|AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET|AZURE_CLIENT_CERTIFICATE_PATH|AZURE_FEDERATED_TOKEN_FILE|ARM_USE_OIDC|AzureAd__ClientId)[ \t]*[=:]/i.test(t) || /(?:^|\n)[ \t]*(?:setx|ENV)[ \t]+(?:AZURE_CLIENT_ID|AZURE_TENANT_ID|ARM_CLIENT_ID|ARM_TENANT_ID)[ \t]+\S/i.test(t) || /(?:^|\n)[ \t]*-[ \t]+name:[ \t]*["']?(?:AZURE_CLIENT_ID|AZURE_TENANT_ID)\b/.test(t) || /azure\.workload\.identity\/client-id[ \t]*:/.test(t);
}

function looksLikeJsonBody(t: string): boolean {
	return t.startsWith('{') && /"grant_type"\s*:|"client_assertion"\s*:|"client_secret"\s*:\s*"|"requested_token_use"\s*:/.test(t);
}

function looksLikeUrlRequest(t: string): boolean {
	return !/\s/.test(t) && URL_RE.test(t) && /\/oauth2\//i.test(t) && /[?&]client_id=/.test(t);
}

/** A line holding only an Entra endpoint URL (as Postman and docs show the request line). */
function isTokenUrlLine(line: string): boolean {
	const l = line.trim().replace(/^(?:GET|POST)(?::[ \t]*|[ \t]+)/i, '');
	return l.length < 4000 && !/\s/.test(l) && URL_RE.test(l) && /\/oauth2\//i.test(l);
}

function hasSections(t: string): boolean {
	let sections = 0;
	for (const l of lines(t)) {
		// sectionOf trims the line and bounds its length itself.
		if (sectionOf(l)) {
			sections++;
		}
	}
	return sections > 0 && /\b(?:grant_type|client_id|client_assertion|client_secret)\b/.test(t);
}

/** True when the text looks like a token request or a client configuration (any of the forms). */
export function looksLikeRequest(text: string): boolean {
	const t = stripHttpPreamble(text.trim());
	if (!t || isErrorText(t) || isLikelyManifest(t)) {
		return false;
	}
	if (curlStart(t) >= 0 || /^(POST|GET)(?::[ \t]*|[ \t]+)\S/i.test(t)) {
		return /oauth2|token|grant_type|client_id/i.test(t);
	}
	if (PS_CALL.test(t) && /oauth2|grant_type|client_id/i.test(t)) {
		return true;
	}
	if (PS_CONNECT.test(t) && /-(?:ClientId|ApplicationId|AppId)\b/i.test(t)) {
		return true;
	}
	if (MSAL_DOTNET.test(t) || MSAL_PYTHON.test(t) || MSAL_NODE.test(t) || AZ_IDENTITY.test(t) || AZ_LOGIN.test(t)) {
		return true;
	}
	if (looksLikeJsonBody(t) || identityWebSection(t) || looksLikeUrlRequest(t)) {
		return true;
	}
	if (hasEnvNames(t) || hasSections(t)) {
		return true;
	}
	if (/\b(?:grant_type|client_id|client_assertion)\b/.test(t) && lines(t).some((l) => isTokenUrlLine(l))) {
		return true;
	}
	return /(^|[&\s])(grant_type|client_assertion_type|client_assertion|requested_token_use)\s*[=:]/m.test(t);
}

function credentialOf(req: ParsedTokenRequest): void {
	const p = req.params;
	if ('client_secret' in p) {
		addCredential(req, 'secret');
	}
	if ('client_assertion' in p) {
		// A JWT whose issuer is not the app (iss ≠ sub) is a federated token; a variable or other text is an assertion.
		let kind: CredentialKind = 'assertion';
		try {
			const payload = decodeJwt(p.client_assertion).payload;
			if (typeof payload.iss === 'string' && payload.iss !== payload.sub) {
				kind = 'federated';
			}
		} catch {
			// not a readable JWT
		}
		addCredential(req, kind);
	}
	const order: CredentialKind[] = ['certificate', 'federated', 'assertion', 'secret'];
	req.credential = order.find((k) => req.credentials?.includes(k)) ?? 'none';
}

function dispatch(t: string): ParsedTokenRequest {
	const vars = collectAssignments(t);
	if (curlStart(t) >= 0 && !PS_CALL.test(t.slice(0, 200))) {
		return parseCurl(t, vars);
	}
	if (PS_CALL.test(t) || PS_CONNECT.test(t)) {
		return parsePowerShell(t, vars);
	}
	if (/^(POST|GET|PUT|PATCH)(?::[ \t]*|[ \t]+)\S/i.test(t)) {
		// The target follows the method and blanks or a colon (`POST https://…`, `POST:https://…`).
		const target = t.replace(/^[A-Za-z]+:?[ \t]*/, '');
		if (/^(?:https?:|\/)/i.test(target) && !hasSections(t)) {
			return parseHttp(t, vars);
		}
		return parseSectioned(t, vars) ?? parseHttp(t, vars);
	}
	if (MSAL_DOTNET.test(t)) {
		return parseMsalDotnet(t, vars);
	}
	if (MSAL_NODE.test(t)) {
		return parseMsalNode(t, vars);
	}
	if (MSAL_PYTHON.test(t)) {
		return parseMsalPython(t, vars);
	}
	const azIdentity = AZ_IDENTITY.exec(t);
	if (azIdentity) {
		return parseAzureIdentity(t, vars, azIdentity);
	}
	if (AZ_LOGIN.test(t)) {
		return parseAzLogin(t, vars);
	}
	if (looksLikeJsonBody(t)) {
		const obj = parseJsonObject(t);
		if (obj) {
			const req: ParsedTokenRequest = { format: 'json', params: {}, bodyFormat: 'json' };
			for (const [k, v] of Object.entries(obj)) {
				setParam(req, k, v);
			}
			return req;
		}
	}
	const section = identityWebSection(t);
	if (section) {
		return parseIdentityWeb(section, vars);
	}
	if (looksLikeUrlRequest(t)) {
		const req: ParsedTokenRequest = { format: 'url', params: {}, method: 'GET', bodyFormat: 'query' };
		applyUrl(req, t);
		return req;
	}
	if (hasEnvNames(t)) {
		const env = parseEnv(t);
		if (env) {
			return env;
		}
	}
	const bulk = parseBulk(t);
	if (bulk) {
		const req: ParsedTokenRequest = { format: 'bulk', params: {} };
		for (const [k, v] of Object.entries(bulk)) {
			setParam(req, k, v);
		}
		return req;
	}
	if (hasSections(t) || lines(t).some((l) => URL_RE.test(l.trim()) || /^(?:GET|POST)(?::[ \t]*|[ \t]+)https?:/i.test(l.trim()))) {
		const sectioned = parseSectioned(t, vars);
		if (sectioned) {
			return sectioned;
		}
	}
	const req: ParsedTokenRequest = { format: 'form', params: {} };
	for (const [k, v] of Object.entries(parseFormBody(t))) {
		setParam(req, k, v);
	}
	req.bodyFormat = 'form';
	return req;
}

/**
 * Parses a token request or a client configuration in any of the pasted forms. Never throws.
 * @example
 * parseTokenRequest("curl https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token -d 'grant_type=client_credentials'").tenant; // 'contoso.com'
 * parseTokenRequest('$body = @{ grant_type = "client_credentials"; client_id = $clientId }\nInvoke-RestMethod -Method Post -Uri $u -Body $body').unresolved; // ['client_id']
 */
export function parseTokenRequest(text: string): ParsedTokenRequest {
	const t = stripHttpPreamble(text.trim());
	let req: ParsedTokenRequest;
	try {
		req = dispatch(t);
	} catch {
		req = { format: 'form', params: {} };
	}
	credentialOf(req);
	return req;
}
