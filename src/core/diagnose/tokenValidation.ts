/**
 * What an API (or an On-Behalf-Of middle tier) says when it refuses a bearer token: Microsoft.IdentityModel's
 * IDX… messages, Microsoft.Identity.Web's IDW… messages, ASP.NET Core's WWW-Authenticate descriptions, and what
 * jsonwebtoken, jose, passport-azure-ad, PyJWT and Spring Security throw. The messages, their causes and fixes are
 * data (catalog/token-validation.json); this module matches them, reads the values the message states (audiences,
 * issuers, times, kid, scopes) and, when the same text holds the token, says what is wrong with that token.
 *
 * Every regular expression here has bounded repetitions over single character classes, so matching is linear
 * in the length of the text.
 */
import type { Finding } from '../findings';
import { isGuid } from '../ids';
import { getNodeValue } from 'jsonc-parser';
import { decodeJwt, findJwts, type DecodedJwt } from '../jwt/decode';
import { formatDuration } from '../jwt/times';
import { lookup, WELL_KNOWN_APPS, WELL_KNOWN_AUDIENCE_URIS } from '../jwt/wellKnown';
import { parseJsonTree } from '../manifest/model';
import type { DiagnoseContext } from './keys';
import { workspaceApps, type WorkspaceApp } from './requestRules';
import { CLOCK_SKEW_SECONDS, timeZoneOffset } from './timeRules';
import entriesJson from './catalog/token-validation.json';

/** What a token-aware rule can check for an entry. */
export const TOKEN_CHECKS = ['token-audience', 'token-issuer', 'token-lifetime', 'token-signature', 'token-scopes', 'token-format'] as const;
export type TokenCheck = (typeof TOKEN_CHECKS)[number];

export interface TokenValidationEntry {
	/** The message's identifier (IDX10214) or a stable rule id; the finding's code. */
	id: string;
	/** Regular expressions (case-insensitive) for the messages, as the libraries print them. */
	patterns: string[];
	library: string;
	meaning: string;
	causes: string[];
	fix: string;
	sources: string[];
	checks: TokenCheck[];
}

/** The catalog of token validation failures, as data. */
export const TOKEN_VALIDATION_FAILURES: readonly TokenValidationEntry[] = entriesJson as TokenValidationEntry[];

/**
 * Patterns are case-insensitive. Message identifiers (IDX10214) are looked up in one pass over the text; plain
 * strings are found with indexOf in the lower-cased text; the other patterns run as case-sensitive expressions of
 * their lower-cased source over it, except those holding an upper-case escape (\\S, \\W, \\D, \\B, \\P), which
 * keep the 'i' flag on the original text. This keeps a megabyte of text well within 100 ms.
 */
interface Matcher {
	/** A message identifier (idx10214, idw10201), looked up in the set of identifiers the text holds. */
	code?: string;
	re?: RegExp;
	/** A pattern that is a plain string (escaped punctuation only), searched with indexOf in the lower-cased text. */
	literal?: string;
	lower: boolean;
}

/** The plain string a pattern stands for, when it has no regular-expression operator left after unescaping. */
function literalOf(pattern: string): string | undefined {
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') {
			const next = pattern[i + 1];
			if (next === undefined || /[A-Za-z0-9]/.test(next)) {
				return undefined;
			}
			out += next;
			i++;
		} else if ('.()[]{}*+?|^$'.includes(c)) {
			return undefined;
		} else {
			out += c;
		}
	}
	return out;
}

let compiled: { entry: TokenValidationEntry; res: Matcher[] }[] | undefined;
function matchers(): { entry: TokenValidationEntry; res: Matcher[] }[] {
	compiled ??= TOKEN_VALIDATION_FAILURES.map((entry) => ({
		entry,
		res: entry.patterns.map((p): Matcher => {
			const literal = literalOf(p);
			if (literal !== undefined && /^id[xw]\d{5}$/i.test(literal)) {
				return { code: literal.toLowerCase(), lower: true };
			}
			if (literal !== undefined) {
				return { literal: literal.toLowerCase(), lower: true };
			}
			return /\\[A-Z]/.test(p) ? { re: new RegExp(p, 'i'), lower: false } : { re: new RegExp(p.toLowerCase()), lower: true };
		}),
	}));
	return compiled;
}

/** The text to search: the original, its lower-cased form, and where each IDX/IDW identifier first occurs (one pass). */
interface Haystack {
	text: string;
	lower: string;
	codes: Map<string, number>;
}

function haystack(text: string): Haystack {
	const lower = text.toLowerCase();
	const codes = new Map<string, number>();
	const re = /id[xw]\d{5}/g;
	for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
		if (!codes.has(m[0])) {
			codes.set(m[0], m.index);
		}
	}
	return { text, lower, codes };
}

function searchIn(m: Matcher, h: Haystack): number {
	const { text, lower } = h;
	if (m.code !== undefined) {
		return h.codes.get(m.code) ?? -1;
	}
	if (m.literal !== undefined) {
		return lower.indexOf(m.literal);
	}
	return m.re ? (m.lower ? lower.search(m.re) : text.search(m.re)) : -1;
}

/** Long logs are read on their first and last parts, where exceptions and their inner exceptions are printed. */
const SCAN_LIMIT = 2_000_000;
function scanned(text: string): string {
	return text.length <= SCAN_LIMIT ? text : `${text.slice(0, SCAN_LIMIT / 2)}\n${text.slice(-SCAN_LIMIT / 2)}`;
}

/** The last text matched and its result: diagnose asks looksLike… and then …Findings for the same text. */
let last: { text: string; matched: { entry: TokenValidationEntry; at: number }[] } | undefined;

/** The catalog entries whose messages the text carries, earliest first. */
export function matchTokenValidationFailures(text: string): { entry: TokenValidationEntry; at: number }[] {
	if (last && last.text === text) {
		return [...last.matched];
	}
	const h = haystack(scanned(text));
	const out: { entry: TokenValidationEntry; at: number }[] = [];
	for (const { entry, res } of matchers()) {
		let at = -1;
		for (const re of res) {
			const i = searchIn(re, h);
			if (i >= 0 && (at < 0 || i < at)) {
				at = i;
			}
		}
		if (at >= 0) {
			out.push({ entry, at });
		}
	}
	out.sort((a, b) => a.at - b.at);
	last = { text, matched: [...out] };
	return out;
}

/** True when the text carries a message of an API (or a JWT library) that refused a bearer token. */
export function looksLikeTokenValidationFailure(text: string): boolean {
	return matchTokenValidationFailures(text).length > 0;
}

// ---------------------------------------------------------------------------------------------------------------
// What the message states.

/** Values the error text states, with hidden (PII) and unset values told apart. */
export interface StatedValues {
	/** The token's audience(s), as the error reports them. */
	audiences?: string[];
	/** The audiences the API accepts; [] when the message says they are not set ('null', 'empty'). */
	validAudiences?: string[];
	/** Configured values exactly as printed (to spot stray whitespace). */
	rawValidAudiences?: string[];
	issuer?: string;
	validIssuers?: string[];
	kid?: string;
	keysTried: string[];
	keysInParameters?: number;
	keysInConfiguration?: number;
	validLifetime?: boolean;
	validIssuer?: boolean;
	validTo?: Date;
	validFrom?: Date;
	current?: Date;
	requiredScopes?: string[];
	requiredRoles?: string[];
	/** The value a "not well formed" message quotes. */
	malformedValue?: string;
	/** Some values were replaced by "[PII … is hidden]" or a type name. */
	piiHidden: boolean;
}

const HIDDEN = /^(?:\[PII|System\.[A-Za-z.]{1,60}$)/;
const UNSET = /^(?:null|empty|)$/i;

/**
 * The literal text a regular expression starts with (up to its first operator), used as a gate: when the text
 * does not contain it, the expression cannot match and is not run. indexOf is far faster than a regex scan.
 */
const gates = new WeakMap<RegExp, string>();
function gateOf(re: RegExp): string {
	let g = gates.get(re);
	if (g === undefined) {
		const m = /^[^\\()[\]{}.*+?|^$]*/.exec(re.source);
		g = m && m[0].length >= 4 ? m[0] : '';
		gates.set(re, g);
	}
	return g;
}

function firstGroup(text: string, re: RegExp): string | undefined {
	const gate = gateOf(re);
	const at = gate ? text.indexOf(gate) : 0;
	if (at < 0) {
		return undefined;
	}
	const r = new RegExp(re.source, `${re.flags.replace('g', '')}g`);
	r.lastIndex = at;
	const m = r.exec(text);
	return m ? m[1] : undefined;
}

/** A stated value: undefined when absent or hidden (hidden is recorded), [] when the message says it is unset. */
function statedList(text: string, re: RegExp, hidden: { v: boolean }, split = true): { list?: string[]; raw?: string[] } {
	const v = firstGroup(text, re);
	if (v === undefined) {
		return {};
	}
	if (HIDDEN.test(v.trim())) {
		hidden.v = true;
		return {};
	}
	if (UNSET.test(v.trim())) {
		return { list: [], raw: [] };
	}
	const raw = split ? v.split(/, ?/) : [v];
	return { list: raw.map((x) => x.trim()).filter((x) => x && !UNSET.test(x)), raw };
}

/**
 * A time as the libraries print it: ISO 8601 (Spring, jsonwebtoken's expiredAt), or .NET's month/day/year with
 * an optional AM/PM (invariant culture; a first number above 12 is read as the day). These are UTC.
 */
export function parseStatedTime(value: string): Date | undefined {
	const v = value.trim();
	const iso = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v);
	if (iso) {
		const zone = iso[7] && iso[7] !== 'Z' ? iso[7].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
		const d = new Date(`${iso[1]}-${iso[2]}-${iso[3]}T${iso[4]}:${iso[5]}:${iso[6] ?? '00'}${zone}`);
		return Number.isNaN(d.getTime()) ? undefined : d;
	}
	const us = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ?([AP]M))?$/i.exec(v);
	if (us) {
		let [a, b] = [Number(us[1]), Number(us[2])];
		if (a > 12 && b <= 12) {
			[a, b] = [b, a];
		}
		let h = Number(us[4]);
		const ampm = us[7]?.toUpperCase();
		if (ampm === 'PM' && h < 12) {
			h += 12;
		} else if (ampm === 'AM' && h === 12) {
			h = 0;
		}
		if (a < 1 || a > 12 || b < 1 || b > 31 || h > 23) {
			return undefined;
		}
		const d = new Date(Date.UTC(Number(us[3]), a - 1, b, h, Number(us[5]), Number(us[6])));
		return Number.isNaN(d.getTime()) ? undefined : d;
	}
	return undefined;
}

function statedTime(text: string, res: RegExp[], hidden: { v: boolean }): Date | undefined {
	for (const re of res) {
		const v = firstGroup(text, re);
		if (v === undefined) {
			continue;
		}
		if (HIDDEN.test(v.trim())) {
			hidden.v = true;
			continue;
		}
		const d = parseStatedTime(v);
		if (d) {
			return d;
		}
	}
	return undefined;
}

const Q = "'([^'\\n]{0,400})'";
const RE = {
	audiences: [new RegExp(`Audiences: ${Q}`), new RegExp(`The audience ${Q} is invalid`), /Provided value \[([^\]\n]{0,600})\]/],
	validAudience: new RegExp(`ValidAudience: ${Q}`),
	validAudiences: new RegExp(`ValidAudiences: ${Q}`),
	expectedAudience: /jwt audience invalid\. expected: ([^\n]{1,600})/,
	issuer: [new RegExp(`Issuer: ${Q}(?:\\.|,) ?(?:Did not match|does not match)`), new RegExp(`The issuer ${Q} is invalid`)],
	validIssuer: new RegExp(`ValidIssuer: ${Q}`),
	validIssuers: new RegExp(`ValidIssuers: ${Q}`),
	configIssuer: new RegExp(`CurrentConfiguration\\.Issuer: ${Q}`),
	expectedIssuer: /jwt issuer invalid\. expected: ([^\n]{1,600})/,
	kid: [new RegExp(`The token's kid is: ${Q}`), new RegExp(`\\bkid: ${Q}`), new RegExp(`Unable to match 'kid': ${Q}`)],
	keyIds: /KeyId: '([^'\n]{1,200})'/g,
	keysInParameters: /Number of keys in TokenValidationParameters: '(\d{1,6})'/,
	keysInConfiguration: /Number of keys in Configuration: '(\d{1,6})'/,
	validLifetime: /Valid Lifetime: '(True|False)'/,
	validIssuerFlag: /Valid Issuer: '(True|False)'/,
	validTo: [new RegExp(`ValidTo(?: \\(UTC\\))?: ${Q}`), new RegExp(`The token expired at ${Q}`), /expiredAt:? "?(\d{4}-\d{2}-\d{2}T[0-9:.]{5,18}Z?)/, /Jwt expired at (\d{4}-\d{2}-\d{2}T[0-9:.]{5,18}(?:Z|[+-]\d{2}:?\d{2})?)/],
	validFrom: [new RegExp(`ValidFrom(?: \\(UTC\\))?: ${Q}`), new RegExp(`The token is not valid before ${Q}`), /Jwt used before (\d{4}-\d{2}-\d{2}T[0-9:.]{5,18}(?:Z|[+-]\d{2}:?\d{2})?)/],
	current: [new RegExp(`Current time(?: \\(UTC\\))?: ${Q}`)],
	requiredScopes: new RegExp(`does not contain scopes ${Q}`),
	requiredRoles: new RegExp(`does not contain roles ${Q}`),
	malformed: [/JWT: '([^'\n]{0,300})' must have three segments/, /not well formed: '([^'\n]{0,300})'/],
};

/** The values an error text states (audiences, issuers, kid, times, scopes), as far as the libraries print them. */
export function readStatedValues(text: string): StatedValues {
	const t = scanned(text);
	const hidden = { v: t.includes('[PII ') && /\[PII (?:of type '[^'\n]{1,80}' )?is hidden/.test(t) };
	const s: StatedValues = { keysTried: [], piiHidden: false };
	for (const re of RE.audiences) {
		const r = statedList(t, re, hidden);
		if (r.list) {
			s.audiences = r.list;
			break;
		}
	}
	const va = statedList(t, RE.validAudience, hidden, false);
	const vas = statedList(t, RE.validAudiences, hidden);
	const expected = firstGroup(t, RE.expectedAudience);
	if (va.list || vas.list || expected) {
		s.validAudiences = [...(va.list ?? []), ...(vas.list ?? []), ...(expected ? expected.split(' or ').map((x) => x.trim()).filter(Boolean) : [])];
		s.rawValidAudiences = [...(va.raw ?? []), ...(vas.raw ?? [])];
	}
	for (const re of RE.issuer) {
		const r = statedList(t, re, hidden, false);
		if (r.list?.[0]) {
			s.issuer = r.list[0];
			break;
		}
	}
	const vi = statedList(t, RE.validIssuer, hidden, false);
	const vis = statedList(t, RE.validIssuers, hidden);
	const ci = statedList(t, RE.configIssuer, hidden, false);
	const expectedIss = firstGroup(t, RE.expectedIssuer);
	if (vi.list || vis.list || ci.list || expectedIss) {
		s.validIssuers = [...new Set([...(vi.list ?? []), ...(vis.list ?? []), ...(ci.list ?? []), ...(expectedIss ? expectedIss.split(',').map((x) => x.trim()).filter(Boolean) : [])])];
	}
	for (const re of RE.kid) {
		const r = statedList(t, re, hidden, false);
		if (r.list?.[0]) {
			s.kid = r.list[0];
			break;
		}
	}
	const keyIds = new RegExp(RE.keyIds.source, 'g');
	keyIds.lastIndex = Math.max(0, t.indexOf('KeyId: '));
	for (let m = t.includes('KeyId: ') ? keyIds.exec(t) : null; m !== null && s.keysTried.length < 100; m = keyIds.exec(t)) {
		if (!HIDDEN.test(m[1]) && !s.keysTried.includes(m[1])) {
			s.keysTried.push(m[1]);
		}
	}
	const kp = firstGroup(t, RE.keysInParameters);
	const kc = firstGroup(t, RE.keysInConfiguration);
	s.keysInParameters = kp === undefined ? undefined : Number(kp);
	s.keysInConfiguration = kc === undefined ? undefined : Number(kc);
	const vl = firstGroup(t, RE.validLifetime);
	const vif = firstGroup(t, RE.validIssuerFlag);
	s.validLifetime = vl === undefined ? undefined : vl.toLowerCase() === 'true';
	s.validIssuer = vif === undefined ? undefined : vif.toLowerCase() === 'true';
	s.validTo = statedTime(t, RE.validTo, hidden);
	s.validFrom = statedTime(t, RE.validFrom, hidden);
	s.current = statedTime(t, RE.current, hidden);
	const rs = statedList(t, RE.requiredScopes, hidden);
	const rr = statedList(t, RE.requiredRoles, hidden);
	s.requiredScopes = rs.list?.flatMap((x) => x.split(/\s+/)).filter(Boolean);
	s.requiredRoles = rr.list?.flatMap((x) => x.split(/\s+/)).filter(Boolean);
	for (const re of RE.malformed) {
		const v = firstGroup(t, re);
		if (v !== undefined) {
			if (HIDDEN.test(v)) {
				hidden.v = true;
			} else {
				s.malformedValue = v;
			}
			break;
		}
	}
	s.piiHidden = hidden.v;
	return s;
}

// ---------------------------------------------------------------------------------------------------------------
// The token the text holds.

/**
 * Older Microsoft.IdentityModel versions print the token decoded, as `token: '{header}.{payload}'`. Read those
 * by position (indexOf), never with a regular expression over the JSON.
 */
function printedTokens(text: string): DecodedJwt[] {
	const out: DecodedJwt[] = [];
	let from = 0;
	for (let n = 0; n < 5; n++) {
		const i = text.indexOf("token: '{", from);
		if (i < 0) {
			break;
		}
		const start = i + 8;
		const end = text.indexOf("}'", start);
		if (end < 0 || end - start > 50_000) {
			break;
		}
		from = end + 2;
		const body = text.slice(start, end + 1);
		// Both halves start with '{' (the body starts with it, the split is at '}.{'), so what parses is an object;
		// without a split the header is '' and JSON.parse throws.
		const split = body.indexOf('}.{');
		try {
			const header = JSON.parse(body.slice(0, split + 1)) as Record<string, unknown>;
			const payload = JSON.parse(body.slice(split + 2)) as Record<string, unknown>;
			out.push({ token: body, header, payload, signature: '', segments: ['', '', ''] });
		} catch {
			// Not JSON: a redacted or cut print.
		}
	}
	return out;
}

interface TextTokens {
	tokens: DecodedJwt[];
	encrypted: boolean;
}

function tokensIn(text: string): TextTokens {
	const tokens: DecodedJwt[] = [];
	let encrypted = false;
	for (const f of findJwts(text)) {
		if (f.kind === 'jwe') {
			encrypted = true;
			continue;
		}
		try {
			tokens.push(decodeJwt(f.token));
		} catch {
			// A candidate that does not decode is not a token.
		}
		if (tokens.length >= 10) {
			break;
		}
	}
	return { tokens: [...tokens, ...printedTokens(text)], encrypted };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const norm = (v: string): string => v.trim().toLowerCase().replace(/\/+$/, '');

/** A token an identity provider issued for an API (not a self-signed client assertion: iss = sub). */
function looksIssued(p: Record<string, unknown>): boolean {
	return typeof p.iss === 'string' && p.iss !== p.sub && (p.aud !== undefined || p.scp !== undefined || p.roles !== undefined);
}

function audiencesOf(p: Record<string, unknown>): string[] {
	return typeof p.aud === 'string' ? [p.aud] : Array.isArray(p.aud) ? p.aud.filter((a): a is string => typeof a === 'string') : [];
}

const GRAPH_AUDIENCES = ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', 'https://graph.microsoft.us', 'https://dod-graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn', 'https://canary.graph.microsoft.com'];

function isGraphAudience(aud: string): boolean {
	return GRAPH_AUDIENCES.includes(norm(aud));
}

/** The name of a well-known Microsoft resource an audience names, or undefined. */
function resourceName(aud: string): string | undefined {
	const n = norm(aud);
	const app = lookup(WELL_KNOWN_APPS, n);
	if (app && app.role === 'resource') {
		return app.name;
	}
	return lookup(WELL_KNOWN_AUDIENCE_URIS, n.replace(/\/\.default$/, ''));
}

interface IssuerInfo {
	kind: 'v1' | 'v2' | 'b2c' | 'ciam' | 'other';
	tenant?: string;
	host?: string;
}

/** Entra's issuer forms: v1 https://sts.windows.net/{tid}/, v2 https://login.microsoftonline.com/{tid}/v2.0, B2C, CIAM. */
export function classifyIssuer(iss: string): IssuerInfo {
	const v = iss.trim();
	let m = /^https:\/\/(sts\.windows\.net|sts\.chinacloudapi\.cn)\/([^/\s]{1,100})\/?$/i.exec(v);
	if (m) {
		return { kind: 'v1', tenant: m[2], host: m[1].toLowerCase() };
	}
	m = /^https:\/\/([a-z0-9.-]{1,100}\.b2clogin\.com|[a-z0-9.-]{1,100}\.ciamlogin\.com)\/([^/\s]{1,100})\/v2\.0\/?$/i.exec(v);
	if (m) {
		return { kind: /ciamlogin/i.test(m[1]) ? 'ciam' : 'b2c', tenant: m[2], host: m[1].toLowerCase() };
	}
	m = /^https:\/\/(login\.microsoftonline\.com|login\.windows\.net|login\.microsoftonline\.us|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|login\.microsoft\.com)\/([^/\s]{1,100})\/v2\.0\/?$/i.exec(v);
	if (m) {
		return { kind: 'v2', tenant: m[2], host: m[1].toLowerCase() };
	}
	return { kind: 'other' };
}

// ---------------------------------------------------------------------------------------------------------------
// The API the token was sent to, as far as the text and the workspace say.

interface ApiFacts {
	/** The API's application (client) ID, when known. */
	appId?: string;
	/** Its App ID URIs. */
	uris: string[];
	scopes: string[];
	roles: string[];
	app?: WorkspaceApp;
	/** accessTokenAcceptedVersion / api.requestedAccessTokenVersion in its workspace manifest (null when unset). */
	acceptedVersion?: number | null;
	/** Where the identity came from, for the messages. */
	from?: string;
}

function appName(a: WorkspaceApp): string {
	return `${a.displayName ? `'${a.displayName}' ` : ''}(appId ${a.appId ?? 'not set'}, ${a.label})`;
}

function appForAudience(apps: WorkspaceApp[], aud: string): WorkspaceApp | undefined {
	const n = norm(aud);
	return apps.find((a) => (a.appId && (n === a.appId.toLowerCase() || n === `api://${a.appId.toLowerCase()}`)) || a.identifierUris.some((u) => norm(u) === n));
}

function acceptedVersionOf(context: Pick<DiagnoseContext, 'manifests'>, label: string): number | null | undefined {
	const m = (context.manifests ?? []).find((x) => x.label === label);
	if (!m) {
		return undefined;
	}
	try {
		const v: unknown = getNodeValue(parseJsonTree(m.text, m.label));
		if (!v || typeof v !== 'object') {
			return undefined;
		}
		const o = v as Record<string, unknown>;
		const api = o.api && typeof o.api === 'object' ? (o.api as Record<string, unknown>) : undefined;
		const raw = 'accessTokenAcceptedVersion' in o ? o.accessTokenAcceptedVersion : api && 'requestedAccessTokenVersion' in api ? api.requestedAccessTokenVersion : undefined;
		return raw === null ? null : typeof raw === 'number' ? raw : undefined;
	} catch {
		return undefined;
	}
}

function apiFacts(stated: StatedValues, context: DiagnoseContext, apps: WorkspaceApp[]): ApiFacts {
	const candidates = [...(stated.validAudiences ?? []), ...(context.clientId ? [context.clientId] : [])];
	for (const c of candidates) {
		const app = appForAudience(apps, c);
		if (app) {
			return { appId: app.appId, uris: app.identifierUris, scopes: app.scopes, roles: app.appRoles, app, acceptedVersion: acceptedVersionOf(context, app.label), from: appName(app) };
		}
	}
	const guid = candidates.map((c) => c.replace(/^api:\/\//i, '').replace(/\/+$/, '')).find(isGuid);
	const uris = (stated.validAudiences ?? []).filter((a) => /^(api|https?):\/\//i.test(a));
	return { appId: guid, uris, scopes: [], roles: [], from: stated.validAudiences?.length ? 'the audiences the API is configured with' : context.clientId ? 'the client ID the kit was given' : undefined };
}

/** The scope a client should request for the API, as concretely as the facts allow. */
function apiScope(api: ApiFacts): string {
	const base = api.uris[0]?.replace(/\/+$/, '') ?? (api.appId ? `api://${api.appId}` : 'api://<API client ID>');
	return `${base}/${api.scopes[0] ?? '<scope>'}`;
}

/** The audience forms an API accepts: its client ID and App ID URIs (Microsoft.Identity.Web's default). */
function acceptedAudiences(api: ApiFacts, stated: StatedValues): string[] {
	// What the API says it accepts is the truth; without it, the registration's forms (Microsoft.Identity.Web's default).
	const forms = stated.validAudiences?.length ? stated.validAudiences : api.app ? [...(api.appId ? [api.appId] : []), ...api.uris] : [];
	return [...new Set(forms.map(norm))];
}

// ---------------------------------------------------------------------------------------------------------------
// Rules.

interface Facts {
	stated: StatedValues;
	token?: DecodedJwt;
	api: ApiFacts;
	/** The workspace's apps, read once: api.app is one of them. */
	apps: WorkspaceApp[];
	context: DiagnoseContext;
	codes: Set<string>;
}

function isIdToken(p: Record<string, unknown>): boolean {
	return typeof p.nonce === 'string' && p.scp === undefined && p.roles === undefined;
}

function isAppOnly(p: Record<string, unknown>): boolean {
	return p.idtyp === 'app' || (p.scp === undefined && (typeof p.azp === 'string' || typeof p.appid === 'string') && p.upn === undefined && p.preferred_username === undefined && p.nonce === undefined);
}

function audienceFindings(f: Facts, out: Finding[]): void {
	const { stated, token, api } = f;
	const p = token?.payload;
	const fromToken = p ? audiencesOf(p) : [];
	const auds = fromToken.length > 0 ? fromToken : stated.audiences ?? [];
	const whose = fromToken.length > 0 ? "the token's aud" : 'the audience the error reports';
	const scope = apiScope(api);
	// Configured audiences with stray whitespace: the comparison is exact.
	const raw = stated.rawValidAudiences ?? [];
	const padded = raw.find((r) => r !== r.trim() && r.trim() !== '' && auds.some((a) => a === r.trim()));
	if (padded !== undefined) {
		out.push({ severity: 'error', code: 'api-audience-whitespace', message: `The API's configured audience is '${padded}', with whitespace around it; the token's aud '${padded.trim()}' is otherwise the same, and audiences are compared exactly.`, fix: 'Remove the spaces from the ClientId / Audience setting (appsettings.json, environment variables, Key Vault secret).' });
		return;
	}
	if (stated.validAudiences && stated.validAudiences.length === 0 && (f.codes.has('IDX10214') || f.codes.has('IDX10208'))) {
		out.push({
			severity: 'error',
			code: 'api-audience-not-configured',
			message: `The API accepts no audience at all (ValidAudience and ValidAudiences are not set)${auds.length ? `, so ${whose} '${auds.join("', '")}' cannot match` : ''}.`,
			fix: `Set the API's own client ID as ClientId (Microsoft.Identity.Web) or Audience (AddJwtBearer)${api.appId ? `: ${api.appId}` : ''}, and check that the configuration section is loaded in the environment that fails.`,
		});
	}
	if (p && (p.aud === undefined || auds.length === 0)) {
		out.push({ severity: 'error', code: 'token-no-audience', message: `The token has no aud claim (iss ${str(p.iss) ?? 'none'}); an access token Entra issues for an API always has one.`, fix: `Send an access token requested for the API (scope ${scope}).` });
		return;
	}
	const graphAud = auds.find(isGraphAudience);
	if (graphAud !== undefined || (token && typeof token.header.nonce === 'string')) {
		// With no Graph aud, the nonce means a token, whose auds are not empty (checked above).
		pushGraph(f, out, graphAud ?? auds[0]);
		return;
	}
	const other = auds.map((a) => ({ a, name: resourceName(a) })).find((x) => x.name);
	if (other) {
		out.push({
			severity: 'error',
			code: 'token-for-other-resource',
			message: `${whose === "the token's aud" ? "The token's aud" : 'The audience the error reports'} is '${other.a}': a token for ${other.name}, not for the API.`,
			fix: `The client must request a token for the API itself (scope ${scope}) and send that one; a token for ${other.name} is only for calls to ${other.name}.`,
		});
		return;
	}
	if (p && isIdToken(p)) {
		out.push({
			severity: 'error',
			code: 'token-is-id-token',
			message: `This is an ID token (nonce claim, no scp or roles), issued to the client ${auds[0]}: it proves a sign-in to that client and is not an access token for the API.`,
			fix: `Send the access token instead (MSAL: result.accessToken, not idToken), requested with the API's scope ${scope}.`,
		});
		return;
	}
	const accepted = acceptedAudiences(api, stated);
	if (accepted.length === 0 || auds.length === 0) {
		return;
	}
	if (auds.some((a) => accepted.includes(norm(a)))) {
		if (fromToken.length > 0 && stated.audiences?.length && !stated.audiences.some((a) => fromToken.some((b) => norm(a) === norm(b)))) {
			out.push({ severity: 'warning', code: 'token-not-the-one-refused', message: `The API refused a token for '${stated.audiences.join("', '")}', but the token in this text is for '${fromToken.join("', '")}', which it accepts: the failing request carried another token.`, fix: 'Capture the Authorization header of the failing request itself (browser network tab, API logs) and diagnose that token.' });
		}
		return;
	}
	const a = auds[0];
	const bare = a.replace(/^api:\/\//i, '').replace(/\/+$/, '');
	const owner = appForAudience(f.apps, a);
	const sameApp = owner !== undefined && owner === api.app;
	if (isGuid(a) && (accepted.includes(`api://${a.toLowerCase()}`) || sameApp)) {
		out.push({
			severity: 'error',
			code: 'token-audience-form',
			message: `${whose === "the token's aud" ? "The token's aud" : 'The reported audience'} is the API's client ID ${a} (the form v2 tokens carry), but the API accepts only ${accepted.join(', ')}.`,
			fix: `Accept the client ID as well: in Microsoft.Identity.Web set ClientId to ${a} and leave Audience unset (both forms are then accepted), or add ${a} to ValidAudiences.`,
		});
		return;
	}
	if (/^(api|https?):\/\//i.test(a) && (accepted.includes(bare.toLowerCase()) || sameApp)) {
		out.push({
			severity: 'error',
			code: 'token-audience-form',
			message: `${whose === "the token's aud" ? "The token's aud" : 'The reported audience'} is the App ID URI ${a} (the form v1 tokens carry), but the API accepts only ${accepted.join(', ')}.`,
			fix: `Accept the App ID URI as well (ValidAudiences / Audience = ${a}), or set the API registration's accessTokenAcceptedVersion (api.requestedAccessTokenVersion) to 2 so its tokens carry the client ID.`,
		});
		return;
	}
	out.push({
		severity: 'error',
		code: 'token-audience-mismatch',
		message: `${whose === "the token's aud" ? "The token's aud" : 'The reported audience'} '${auds.join("', '")}'${owner ? ` is ${appName(owner)}` : ''} is none of the audiences the API accepts (${accepted.join(', ')}, from ${api.from}).${owner && !sameApp ? ' The client requested a token for another app (often itself).' : ''}`,
		fix: `Have the client request a token for the API (scope ${scope}); if the token's aud is right, add it to the API's accepted audiences.`,
	});
}

function pushGraph(f: Facts, out: Finding[], aud: string): void {
	if (out.some((x) => x.code === 'token-for-graph')) {
		return;
	}
	const token = f.token;
	const nonce = typeof token?.header.nonce === 'string';
	const scp = str(token?.payload.scp);
	out.push({
		severity: 'error',
		code: 'token-for-graph',
		message: `The token is a Microsoft Graph token (aud '${aud}'${nonce ? ', and a nonce in its header' : ''}${scp ? `, scp '${scp}'` : ''}): it is meant for Graph only. Graph signs over a transformed nonce, so no API can validate it, and an On-Behalf-Of middle tier cannot redeem it either.`,
		fix: `The client must request a token for the API itself (scope ${apiScope(f.api)}, not User.Read or openid) and send that one. If the API needs Graph, it exchanges that token by On-Behalf-Of for a Graph token.`,
	});
}

function issuerFindings(f: Facts, out: Finding[]): void {
	const { stated, token, api } = f;
	const iss = str(token?.payload.iss) ?? stated.issuer;
	if (!iss) {
		return;
	}
	const whose = str(token?.payload.iss) ? "The token's iss" : 'The issuer the error reports';
	const info = classifyIssuer(iss);
	const ver = str(token?.payload.ver);
	const tid = str(token?.payload.tid) ?? info.tenant;
	const tenant = tid ?? '<tenant>';
	const valid = (stated.validIssuers ?? []).filter((v) => v && !UNSET.test(v));
	const validInfo = valid.map((v) => ({ v, i: classifyIssuer(v) }));
	if (valid.some((v) => norm(v) === norm(iss))) {
		if (f.codes.has('IDX10205') || f.codes.has('jwt-issuer-invalid')) {
			out.push({ severity: 'info', code: 'token-issuer-accepted', message: `${whose} '${iss}' is among the issuers the error lists; compare character by character (trailing slash, case, a tenant name instead of its GUID).`, fix: 'Copy the issuer from the token into the configuration exactly.' });
		}
		return;
	}
	const placeholder = validInfo.find((x) => /\/(common|organizations|consumers|\{tenantid\})\//i.test(`${x.v}/`));
	if (placeholder) {
		out.push({
			severity: 'error',
			code: 'api-issuer-placeholder',
			message: `The API validates issuers against '${placeholder.v}', which no token carries: tokens name the user's tenant${tid ? ` (here ${tid})` : ''}.`,
			fix: 'For a multi-tenant API use a tenant-aware issuer validator (Microsoft.Identity.Web with TenantId "organizations" or "common" does this), or list the tenant-specific issuers you accept.',
		});
		return;
	}
	const versionFix = (want: 'v1' | 'v2') =>
		want === 'v2'
			? `On the API's app registration${api.from ? ` (${api.from})` : ''} set accessTokenAcceptedVersion: 2 (legacy manifest) or api.requestedAccessTokenVersion: 2 (Microsoft Graph manifest) — the API's registration, not the client's, decides the version — then get a new token; or accept the v1 issuer https://sts.windows.net/${tenant}/ as well.`
			: `Point the API's Authority at the v2 metadata (https://login.microsoftonline.com/${tenant}/v2.0) or add the v2 issuer https://login.microsoftonline.com/${tenant}/v2.0 to ValidIssuers; or set accessTokenAcceptedVersion to 1 (null) if the API really wants v1 tokens.`;
	const manifestNote = (want: number) =>
		api.acceptedVersion !== undefined && api.app
			? ` The API's manifest in the workspace (${api.app.label}) has ${api.acceptedVersion === null ? 'no accepted version (null means v1)' : `version ${api.acceptedVersion}`}${api.acceptedVersion === want ? ': the token is older than that setting, the setting was not saved to the registration, or the token is for another app' : ''}.`
			: '';
	const graph = token ? audiencesOf(token.payload).some(isGraphAudience) : false;
	if (info.kind === 'v1' && validInfo.length > 0 && validInfo.every((x) => x.i.kind === 'v2')) {
		out.push({
			severity: 'error',
			code: 'token-issuer-version',
			message: `${whose} is '${iss}', the v1 form${ver ? ` (ver ${ver})` : ''}, but the API accepts only v2 issuers (${valid.join(', ')}).${graph ? ' Graph tokens are always v1: the real problem is that this is a Graph token.' : ''}${manifestNote(2)}`,
			fix: versionFix('v2'),
		});
	} else if (info.kind === 'v2' && validInfo.length > 0 && validInfo.every((x) => x.i.kind === 'v1')) {
		out.push({ severity: 'error', code: 'token-issuer-version', message: `${whose} is '${iss}', the v2 form${ver ? ` (ver ${ver})` : ''}, but the API accepts only v1 issuers (${valid.join(', ')}).${manifestNote(1)}`, fix: versionFix('v1') });
	}
	// A GUID tenant accepted while the token's is none of them (the check below) is another tenant.
	const otherTenant = validInfo.find((x) => x.i.tenant && tid && isGuid(x.i.tenant) && isGuid(tid));
	if (otherTenant && !validInfo.some((x) => x.i.tenant?.toLowerCase() === tid?.toLowerCase())) {
		out.push({
			severity: 'error',
			code: 'token-issuer-tenant',
			message: `${whose} names tenant ${tid}, but the API accepts tokens of tenant ${otherTenant.i.tenant} only.`,
			fix: `If the caller belongs to tenant ${otherTenant.i.tenant}, the client must sign in through https://login.microsoftonline.com/${otherTenant.i.tenant} (not another tenant or common with a home-tenant account); if the API is multi-tenant, validate issuers per tenant (Microsoft.Identity.Web with TenantId "organizations") and allow the tenants you serve.`,
		});
	}
	const kinds = new Set(validInfo.map((x) => x.i.kind));
	if ((info.kind === 'b2c' || info.kind === 'ciam') && validInfo.length > 0 && !kinds.has(info.kind)) {
		out.push({ severity: 'error', code: 'token-issuer-kind', message: `${whose} is a ${info.kind === 'b2c' ? 'Azure AD B2C' : 'External ID (CIAM)'} issuer, but the API is configured for another kind of authority (${valid.join(', ')}).`, fix: `Configure the API with the ${info.kind === 'b2c' ? "B2C instance and policy (Instance https://<tenant>.b2clogin.com/, SignUpSignInPolicyId)" : 'ciamlogin.com authority'} that issued the token.` });
	} else if (info.kind === 'other' && token) {
		out.push({ severity: 'warning', code: 'token-issuer-not-entra', message: `${whose} '${iss}' is not an Entra issuer: the token was issued by another identity provider.`, fix: "Send the token Entra issued for the API, or validate this issuer's tokens with its own metadata and keys." });
	}
	if (validInfo.length === 0 && token && (f.codes.has('IDX10205') || f.codes.has('IDX40001') || f.codes.has('jwt-issuer-invalid'))) {
		out.push({
			severity: 'info',
			code: 'token-issuer-explained',
			message: `The token is ${info.kind === 'v1' ? `v1 (iss ${iss})` : info.kind === 'v2' ? `v2 (iss ${iss})` : `from issuer ${iss}`}${tid ? `, tenant ${tid}` : ''}. An API configured with the v2 authority accepts https://login.microsoftonline.com/${tenant}/v2.0; a v1 token carries https://sts.windows.net/${tenant}/.`,
			fix: info.kind === 'v1' ? versionFix('v2') : info.kind === 'v2' ? 'Check that the API accepts this exact issuer (Authority/Instance and TenantId).' : 'Check which identity provider the API trusts.',
		});
	}
}

function lifetimeFindings(f: Facts, out: Finding[]): void {
	const { stated, token, context } = f;
	const skew = CLOCK_SKEW_SECONDS;
	const ref = stated.current ?? context.now;
	const clock = stated.current ? `the API's clock (${stated.current.toISOString()}, as the error states)` : `this machine's clock (${context.now.toISOString()})`;
	const r = ref.getTime() / 1000;
	const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
	const p = token?.payload;
	const exp = p ? num(p.exp) : undefined;
	const nbf = p ? num(p.nbf) : undefined;
	const iat = p ? num(p.iat) : undefined;
	if (exp !== undefined) {
		if (stated.validTo && Math.abs(exp - stated.validTo.getTime() / 1000) > 1) {
			out.push({ severity: 'warning', code: 'token-not-the-one-refused', message: `The API refused a token that expired at ${stated.validTo.toISOString()}, but the token in this text expires at ${iso(exp)}: the failing request carried another (older, cached) token.`, fix: 'Make the client acquire the token silently before each call instead of reusing a stored one; diagnose the token of the failing request itself.' });
		}
		if (exp < r - skew) {
			const late = r - exp;
			const life = exp - (iat ?? exp); // 0 (no sentence) without iat
			// timeZoneOffset names offsets of up to 14 hours only, so a zone is never read into a gap of a day or more.
			const tz = timeZoneOffset(late);
			out.push({
				severity: 'error',
				code: 'token-expired',
				message: `The token expired at ${iso(exp)}, ${formatDuration(late)} before ${clock}, beyond the ${skew} s clock-skew allowance.${life ? ` It was valid for ${formatDuration(life)} from ${iso(iat!)}.` : ''}${tz ? ` The gap is ${tz} almost exactly: if the client got the token just before the call, a time zone is wrong on the API's side.` : late > 86400 ? ' A token this old comes from a cache, a log or a test tool, not from a fresh acquisition.' : ''}`,
				fix: 'Have the client acquire the token silently before each call (MSAL refreshes it) and never reuse a stored token past exp; if the token was fresh, check the API server clock and time zone.',
				uncertain: tz ? true : undefined,
			});
		} else if (exp <= r) {
			// RFC 7519: the token is valid only before exp
			out.push({ severity: 'info', code: 'token-just-expired', message: `The token expired ${exp === r ? 'at the moment of' : `${formatDuration(r - exp)} before`} ${clock}: within the ${skew} s skew most validators allow, unless the API set ClockSkew (clockTolerance, leeway) lower.`, fix: 'Acquire a new token before each call; keep a clock-skew allowance of a few minutes on the API.' });
		} else if (!stated.current && (f.codes.has('IDX10223') || f.codes.has('jwt-expired'))) {
			out.push({
				severity: 'warning',
				code: 'token-valid-by-clock',
				message: `By ${clock} the token is valid until ${iso(exp)} (${formatDuration(exp - r)} left), yet the API says it expired: the API's clock is ahead by at least ${formatDuration(exp - r)}, or the API received another, older token.`,
				fix: "Check the API server's clock (NTP) and time zone, and capture the token of the failing request itself.",
			});
		}
	}
	if (nbf !== undefined && nbf - skew > r) {
		const ahead = nbf - r;
		const tz = timeZoneOffset(ahead);
		out.push({
			severity: 'error',
			code: 'token-not-yet-valid',
			message: `The token is valid from ${iso(nbf)}, ${formatDuration(ahead)} after ${clock}.${tz ? ` That is ${tz} almost exactly: a time-zone error on the validating side (local time read as UTC).` : ' The validating clock is behind Entra\'s by that much.'}`,
			fix: tz ? 'Make the API compare times in UTC.' : "Synchronise the API server's clock (NTP) and keep a clock-skew allowance of a few minutes.",
		});
	}
	if (!p && stated.current && stated.validTo && stated.validTo < stated.current) {
		const late = (stated.current.getTime() - stated.validTo.getTime()) / 1000;
		const tz = timeZoneOffset(late);
		out.push({
			severity: 'error',
			code: 'token-expired',
			message: `The API's clock read ${stated.current.toISOString()} and the token expired at ${stated.validTo.toISOString()}, ${formatDuration(late)} earlier.${tz ? ` That is ${tz} almost exactly: if the client had just acquired the token, a time zone is wrong on the API's side.` : late < 86400 ? ' The client kept using a token after it expired.' : ' The token is old: it comes from a cache, a log or a test tool.'}`,
			fix: 'Acquire the token silently before each call (MSAL refreshes it); if the token was fresh, check the API server clock and time zone.',
			uncertain: tz ? true : undefined,
		});
	}
	if (!p && stated.current && stated.validFrom && stated.validFrom > stated.current) {
		const ahead = (stated.validFrom.getTime() - stated.current.getTime()) / 1000;
		const tz = timeZoneOffset(ahead);
		out.push({ severity: 'error', code: 'token-not-yet-valid', message: `The API's clock read ${stated.current.toISOString()} and the token is valid only from ${stated.validFrom.toISOString()}: the API's clock is ${formatDuration(ahead)} behind.${tz ? ` That is ${tz} almost exactly: a time-zone error on the API's side.` : ''}`, fix: tz ? 'Make the API compare times in UTC.' : "Synchronise the API server's clock (NTP)." });
	}
	if (stated.validLifetime === false && !out.some((x) => x.code === 'token-expired')) {
		out.push({ severity: 'warning', code: 'token-lifetime-invalid', message: "The error says the token's lifetime is not valid either (Valid Lifetime: 'False'): it is expired or not yet valid by the API's clock.", fix: 'Acquire a fresh token and check the API server clock.' });
	}
}

function signatureFindings(f: Facts, out: Finding[]): void {
	const { stated, token } = f;
	const h = token?.header;
	if (token && typeof h?.nonce === 'string') {
		pushGraph(f, out, audiencesOf(token.payload)[0] ?? 'Microsoft Graph');
	}
	const alg = str(h?.alg);
	const kid = str(h?.kid) ?? str(h?.x5t) ?? stated.kid;
	if (h && alg && !/^(RS|PS)256$/.test(alg)) {
		out.push({ severity: 'error', code: 'token-not-entra-signed', message: `The token is signed with ${alg}; Entra signs the tokens it issues for APIs with RS256 and a key from its metadata. This token comes from somewhere else (a token of your own, another provider).`, fix: 'Send the access token Entra issued for the API, or validate this kind of token with its own scheme and key.' });
	} else if (h && !h.kid && !h.x5t) {
		out.push({ severity: 'error', code: 'token-no-key-id', message: 'The token header has neither kid nor x5t, so no key can be picked from Entra\'s metadata: Entra\'s tokens always name their key.', fix: 'Send the access token Entra issued for the API.' });
	}
	if (stated.keysInConfiguration === 0 && (stated.keysInParameters ?? 0) === 0) {
		out.push({ severity: 'error', code: 'api-keys-not-loaded', message: "The API had no signing keys at all (0 keys in its parameters and 0 in its configuration): its metadata was never loaded.", fix: "Check the API's Authority / Instance and TenantId, that the server can reach <authority>/.well-known/openid-configuration, and that all Microsoft.IdentityModel.* packages have one version." });
	}
	if (kid && stated.keysTried.length > 0) {
		if (stated.keysTried.includes(kid)) {
			out.push({ severity: 'warning', code: 'token-key-found-signature-bad', message: `A key with the token's kid '${kid}' was among the keys tried, yet the signature did not verify: the token was altered on the way, or it is a Graph token (signed over a transformed nonce).`, fix: 'Send the token byte for byte as issued; if it is a Graph token, request one for the API instead.' });
		} else {
			out.push({ severity: 'warning', code: 'token-key-not-in-metadata', message: `The token's kid '${kid}' is none of the ${stated.keysTried.length} key(s) the API tried: the API reads keys from another issuer's metadata (another tenant, cloud, or B2C), or a stale list.`, fix: 'Point the API at the metadata of the issuer in the token (Instance/TenantId), and let it refresh keys from there.' });
		}
	}
	if (stated.validIssuer === false) {
		out.push({ severity: 'warning', code: 'token-issuer-also-invalid', message: "The error also says the issuer is not valid (Valid Issuer: 'False'): the token comes from another issuer than the API's metadata, which explains why its key is unknown.", fix: "Compare the token's iss with the API's Authority (Instance and TenantId)." });
	} else if (stated.validIssuer === true && (f.codes.has('IDX10516') || f.codes.has('IDX10501'))) {
		out.push({ severity: 'info', code: 'token-issuer-valid-key-missing', message: "The issuer is valid (Valid Issuer: 'True') but the key is unknown: the API's key list is stale or incomplete (keys pinned in code, or an app with a custom signing key, whose keys are listed only with ?appid=<client ID>).", fix: "Let the middleware load and refresh keys from the metadata; with claims mapping use <authority>/v2.0/.well-known/openid-configuration?appid=<API client ID>." });
	}
	const iss = str(token?.payload.iss);
	if (kid && iss) {
		const info = classifyIssuer(iss);
		// v2, B2C and CIAM issuers are https://{host}/{tenant}/v2.0; a v1 issuer's keys are on the v2 sign-in host.
		const host = info.kind === 'v1' ? 'login.microsoftonline.com' : info.host;
		if (host) {
			const keys = `https://${host}/${info.tenant}/discovery/v2.0/keys`;
			out.push({ severity: 'info', code: 'token-signing-key', message: `The token names signing key '${kid}' (alg ${alg ?? '?'}); its issuer publishes its keys at ${keys}.`, fix: "The API must read keys from the metadata of this same issuer: compare its Authority (Instance and TenantId) with the token's iss." });
		}
	}
}

function scopeFindings(f: Facts, out: Finding[]): void {
	const { stated, token, api } = f;
	const p = token?.payload;
	// scp: '' (or only spaces) grants nothing: the same as no scp
	const scopes = p ? str(p.scp)?.split(/\s+/).filter(Boolean) : undefined;
	const scp = scopes?.length ? scopes : undefined;
	const roles = p && Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : undefined;
	if (p && !scp && !roles?.length) {
		if (isIdToken(p)) {
			if (!out.some((x) => x.code === 'token-is-id-token')) {
				out.push({ severity: 'error', code: 'token-is-id-token', message: 'This is an ID token (nonce claim, no scp or roles), not an access token: it carries no permissions.', fix: `Send the access token requested with the API's scope (${apiScope(api)}).` });
			}
		} else if (isAppOnly(p)) {
			const client = str(p.azp) ?? str(p.appid);
			const noRolesDefined = api.app && api.roles.length === 0;
			out.push({
				severity: 'error',
				code: 'token-app-only-no-roles',
				message: `This is an app-only token (client ${client ?? 'unknown'}, no user) with no roles claim: the client was granted no application permission (app role) of the API, so Entra issued the token without roles.${noRolesDefined ? ` The API's manifest in the workspace (${api.app!.label}) defines no app roles at all.` : ''}`,
				fix: `Define an app role in the API's registration (appRoles, allowedMemberTypes ["Application"]), add it to ${client ? `client ${client}` : 'the client'} under API permissions > Application permissions and grant admin consent, then request ${api.uris[0] ?? (api.appId ? `api://${api.appId}` : '<App ID URI>')}/.default again.`,
			});
		} else {
			out.push({ severity: 'error', code: 'token-no-permissions', message: 'The token has neither scp nor roles.', fix: `Request the API's scope (${apiScope(api)}) for users, or an app role for applications.` });
		}
	}
	if (stated.requiredScopes?.length) {
		const missing = stated.requiredScopes.filter((s) => !scp?.includes(s));
		if (scp && missing.length > 0) {
			const full = missing.filter((s) => /^(api|https?):\/\//i.test(s));
			out.push({
				severity: 'error',
				code: 'token-scope-missing',
				message: `The endpoint requires scope ${missing.join(', ')}; the token's scp is '${scp.join(' ')}'.${full.length ? ' The required value is a full URI, but scp holds bare scope names.' : ''}`,
				fix: full.length ? `Require the bare scope name (${full.map((s) => s.replace(/^.*\//, '')).join(', ')}).` : `Have the client request ${missing.map((s) => `${(api.uris[0] ?? (api.appId ? `api://${api.appId}` : 'api://<API client ID>')).replace(/\/+$/, '')}/${s}`).join(' ')}, or require a scope the client does request.`,
			});
		} else if (p && !scp && roles?.length) {
			out.push({ severity: 'error', code: 'token-scope-missing', message: `The endpoint requires delegated scope ${stated.requiredScopes.join(', ')}, but this is an app-only token (roles ${roles.join(', ')}, no scp).`, fix: 'Accept app roles on this endpoint for application callers, or call it with a user token.' });
		}
	}
	if (stated.requiredRoles?.length && roles) {
		const missing = stated.requiredRoles.filter((r) => !roles.includes(r));
		if (missing.length) {
			out.push({ severity: 'error', code: 'token-role-missing', message: `The endpoint requires role ${missing.join(', ')}; the token's roles are ${roles.length ? roles.join(', ') : 'empty'}.`, fix: 'Grant (applications) or assign (users) that role of the API, then acquire a new token.' });
		}
	}
	if (scp && api.app && api.scopes.length > 0 && !scp.some((s) => api.scopes.includes(s)) && !out.some((x) => x.code === 'token-for-graph' || x.code === 'token-for-other-resource')) {
		out.push({ severity: 'warning', code: 'token-scope-not-exposed', message: `The token's scp (${scp.join(' ')}) names none of the scopes ${appName(api.app)} exposes (${api.scopes.join(', ')}).`, fix: `Have the client request one of them (e.g. ${apiScope(api)}).` });
	}
}

function formatFindings(f: Facts, text: string, out: Finding[]): void {
	const v = f.stated.malformedValue;
	const t = text;
	if (/\bBearer\s{1,10}Bearer\s/i.test(t) || (v !== undefined && /^bearer\s/i.test(v))) {
		out.push({ severity: 'error', code: 'token-bearer-prefix', message: "The value validated still starts with 'Bearer ' (the scheme was added twice, or the whole header value was passed to the validator).", fix: "Send 'Authorization: Bearer <token>' once, and strip the 'Bearer ' scheme before passing the token to a validator by hand." });
	}
	const placeholder = /Authorization:\s{0,5}Bearer\s{1,5}(undefined|null|\[object Object\]|\$\{[^}\n]{0,60}\}|\{\{[^}\n]{0,60}\}\})/i.exec(t)?.[1] ?? (v !== undefined && /^(?:undefined|null|\[object Object\]|)$/.test(v.trim()) ? v.trim() || '(empty)' : undefined);
	if (placeholder !== undefined) {
		out.push({ severity: 'error', code: 'token-placeholder', message: `The client sent '${placeholder}' where the token belongs: the variable that should hold the access token was empty or held the whole MSAL result object.`, fix: "Send the access token string (MSAL: result.accessToken) after it has been acquired; await the acquisition before the call." });
	}
	if (v !== undefined && v.trim() !== '') {
		const s = v.trim();
		if (/^["'`]/.test(s)) {
			out.push({ severity: 'error', code: 'token-quoted', message: 'The value validated starts with a quote: the token was stored or sent with quotes around it (JSON-encoded twice).', fix: 'Send the token string without quotes.' });
		} else if (!s.includes('.') && /^Ew[A-Za-z0-9+/=_-]{20,}/.test(s)) {
			out.push({ severity: 'error', code: 'token-opaque', message: "The value is an opaque token (it starts with 'Ew' and has no dots), the kind issued for Microsoft Graph to personal Microsoft accounts: it is not a JWT and not meant for your API.", fix: 'Request a token for the API (its own scope); tokens for your API are JWTs.' });
		} else if (/^[01]\.A[A-Za-z0-9_-]{10,}/.test(s)) {
			out.push({ severity: 'error', code: 'token-not-access-token', message: "The value looks like a refresh token or an authorization code (Entra's start with '0.A' or '1.A'), not an access token.", fix: 'Send the access token from the token response (access_token), not refresh_token or the code.' });
		} else if (s.split('.').length === 5) {
			out.push({ severity: 'info', code: 'token-encrypted', message: 'The value has five parts: an encrypted token (JWE), which only its intended resource can read.', fix: 'Send a token requested for your API; tokens Entra issues for your API are signed, not encrypted, unless you configured token encryption.' });
		} else if (s.split('.').length !== 3) {
			out.push({ severity: 'error', code: 'token-not-jwt', message: `The value has ${s.split('.').length} dot-separated part(s), not 3: it is not a whole JWT (cut off when copied, or not a token).`, fix: 'Send the whole access token string, unchanged.' });
		}
	}
	if (f.token && f.token.signature !== '' && v === undefined && !out.some((x) => x.code.startsWith('token-'))) {
		out.push({ severity: 'info', code: 'token-in-text-well-formed', message: 'The token in this text is a well-formed JWT, so the API received something else: a value with the scheme or quotes still attached, a truncated copy, or another token.', fix: "Log or capture the exact Authorization header of the failing request and check it is 'Bearer ' followed by this token." });
	}
}

function whatToCheck(checks: Set<TokenCheck>, f: Facts, decided: boolean): Finding {
	const items: string[] = [];
	if (checks.has('token-audience')) {
		items.push(`aud: it must be the API's client ID or App ID URI${f.api.appId ? ` (${f.api.appId}${f.api.uris.length ? ` / ${f.api.uris.join(', ')}` : ''})` : ''}, not Microsoft Graph (00000003-0000-0000-c000-000000000000) and not the client's own ID (an ID token); compare it with the API's ClientId / Audience / ValidAudiences`);
	}
	if (checks.has('token-issuer')) {
		items.push("iss and ver: https://sts.windows.net/<tenant>/ is v1, https://login.microsoftonline.com/<tenant>/v2.0 is v2; the API's registration (accessTokenAcceptedVersion, or api.requestedAccessTokenVersion in the Microsoft Graph manifest) decides which one it gets, and the API's Instance/Authority and TenantId decide which one it accepts");
	}
	if (checks.has('token-lifetime')) {
		items.push("exp and nbf against the API server's clock (UTC)");
	}
	if (checks.has('token-signature')) {
		items.push("the header: a nonce means a Microsoft Graph token (nobody else can validate it); kid must be among the keys of the API's Authority metadata (<authority>/discovery/v2.0/keys); alg RS256");
	}
	if (checks.has('token-scopes')) {
		items.push("scp (delegated) or roles (app-only) against the scopes the API exposes and the app roles it defines (its manifest's api.oauth2PermissionScopes / appRoles)");
	}
	if (checks.has('token-format')) {
		items.push("the raw Authorization header: exactly 'Bearer ' and a three-part JWT, no quotes, no second 'Bearer', not 'undefined'");
	}
	return {
		severity: 'info',
		code: 'token-not-in-text',
		message: decided ? 'The text holds no token: the findings above come from the values the message states.' : 'The text holds no token, so the kit could not tell which of these causes applies.',
		fix: `Decode the token the API received (entra-cert decode TOKEN, or paste it with the error) and check: ${items.join('; ')}. The identifierUris in the API's manifest list its accepted App ID URIs.`,
	};
}

/**
 * Findings for an API's (or a JWT library's) refusal of a bearer token, or undefined when the text is no such
 * failure. The values the message states and the token the same text holds (if any) are checked for the causes the
 * matched messages can have; the workspace manifests name the API and what it exposes.
 * @example
 * tokenValidationFindings("IDX10214: Audience validation failed. Audiences: '00000003-0000-0000-c000-000000000000'. …", { now });
 * // [{ code: 'IDX10214', … }, { code: 'token-for-graph', message: 'The token is a Microsoft Graph token …' }]
 */
export function tokenValidationFindings(text: string, context: DiagnoseContext): Finding[] | undefined {
	const matched = matchTokenValidationFailures(text);
	if (matched.length === 0) {
		return undefined;
	}
	const out: Finding[] = matched.map(({ entry }) => ({
		severity: 'error',
		code: entry.id,
		message: `${entry.library}: ${entry.meaning} Usual causes: ${entry.causes.join('; ')}.`,
		fix: entry.fix,
		sources: entry.sources,
	}));
	const checks = new Set<TokenCheck>(matched.flatMap(({ entry }) => entry.checks));
	const t = scanned(text);
	const stated = readStatedValues(t);
	const { tokens, encrypted } = tokensIn(t);
	const token = tokens.find((x) => looksIssued(x.payload)) ?? tokens[0];
	const apps = workspaceApps(context);
	const facts: Facts = { stated, token, api: apiFacts(stated, context, apps), apps, context, codes: new Set(matched.map((m) => m.entry.id)) };
	const specific: Finding[] = [];
	if (checks.has('token-format')) {
		formatFindings(facts, t, specific);
	}
	if (checks.has('token-audience')) {
		audienceFindings(facts, specific);
	}
	if (checks.has('token-signature')) {
		signatureFindings(facts, specific);
	}
	if (checks.has('token-issuer')) {
		issuerFindings(facts, specific);
	}
	if (checks.has('token-lifetime')) {
		lifetimeFindings(facts, specific);
	}
	if (checks.has('token-scopes')) {
		scopeFindings(facts, specific);
	}
	if (stated.piiHidden) {
		specific.push({
			severity: 'info',
			code: 'identitymodel-pii-hidden',
			message: 'The message hides its values ("[PII … is hidden]" or a type name such as System.String), so the audiences, issuers, times or kid it compared are not visible.',
			fix: 'Paste the token the API received together with the error, or, on a development machine only, set IdentityModelEventSource.ShowPII = true (and LogCompleteSecurityArtifact = true in 7.x) to log the values.',
		});
	}
	if (encrypted && !token) {
		specific.push({ severity: 'info', code: 'token-encrypted', message: 'The text holds an encrypted token (JWE, five parts): only its intended resource can read it, so the kit cannot check it.', fix: 'Tokens Entra issues for your own API are signed JWTs; an encrypted one is meant for another resource.' });
	}
	if (!token && !encrypted) {
		specific.push(whatToCheck(checks, facts, specific.some((x) => x.severity === 'error')));
	}
	const seen = new Set<string>();
	return [...out, ...specific].filter((x) => {
		const key = `${x.code}\u0000${x.message}`;
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}
