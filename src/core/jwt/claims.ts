/**
 * The claim catalog: what each header field and claim in an Entra token (v1/v2 access tokens, ID tokens)
 * or a client assertion means, and what common values mean. Sources: Microsoft's access-token, ID-token and
 * optional-claims references, RFC 7515/7519/8176, and entra-rules.md. Undocumented Microsoft-internal claims
 * are labelled as such rather than guessed at.
 */
import { decodeAnyBase64, toHex } from '../encoding';
import { isGuid } from '../ids';
import { KNOWN_LOGIN_HOSTS } from '../token/clouds';
import type { DecodedJwt } from './decode';
import { describeTime, TIME_CLAIMS, timeStatus } from './times';
import { AMR_VALUES, DIRECTORY_ROLES, lookup, WELL_KNOWN_APPS, WELL_KNOWN_AUDIENCE_URIS, WELL_KNOWN_TENANTS } from './wellKnown';

export interface ClaimExplanation {
	name: string;
	value: unknown;
	/** What the claim is, in one line. Absent for claims the catalog does not know. */
	meaning?: string;
	/** What this particular value means, where that helps. */
	valueMeaning?: string;
	/** For numeric dates: UTC and relative to now. */
	time?: { utc: string; relative: string };
}

export type TokenKind = 'access' | 'id' | 'client-assertion' | 'unknown';

export interface TokenExplanation {
	header: ClaimExplanation[];
	payload: ClaimExplanation[];
	kind: TokenKind;
	/** One or two sentences: what the token is, for whom, and whether it is still valid. */
	summary: string;
}

/** Header fields (JOSE header, RFC 7515 §4.1, plus what Entra puts there). */
export const HEADER_CATALOG: Readonly<Record<string, string>> = Object.freeze({
	alg: 'Signature algorithm. Entra signs its tokens with RS256; client assertions should use PS256 (or RS256 with x5t).',
	typ: 'Media type of the token; "JWT" for Entra tokens and client assertions.',
	kid: 'Key ID: which of the issuer\'s signing keys made the signature (Entra: a key listed at the tenant\'s /discovery/keys).',
	x5t: 'base64url of the SHA-1 hash of the signing certificate\'s DER bytes (its thumbprint).',
	'x5t#S256': 'base64url of the SHA-256 hash of the signing certificate\'s DER bytes.',
	x5c: 'The signing certificate chain: standard-base64 DER certificates, leaf first (used for subject-name/issuer auth).',
	x5u: 'URL of the signing certificate chain.',
	jku: 'URL of a JWK Set holding the signing key.',
	jwk: 'The signing public key itself, as a JWK.',
	cty: 'Content type of the payload; "JWT" when the payload is itself a nested token.',
	nonce: 'A Microsoft Graph-specific nonce: Graph signs over a transformed copy of it, so only Graph can validate the signature of such a token.',
	crit: 'Header fields the recipient must understand, or reject the token.',
	enc: 'Content encryption algorithm (only in encrypted tokens, JWE).',
	zip: 'Compression applied before encryption (JWE).',
	pi: 'Microsoft-internal header field; undocumented.',
});

/** Payload claims. Meanings for the client-assertion context are in ASSERTION_CATALOG. */
export const PAYLOAD_CATALOG: Readonly<Record<string, string>> = Object.freeze({
	aud: 'Audience: who the token is for. v2 access tokens carry the API\'s client ID, v1 its App ID URI; ID tokens the client app\'s ID.',
	iss: 'Issuer: the security token service and tenant that issued the token.',
	iat: 'Issued at: when the token was created.',
	nbf: 'Not before: the token is not valid before this time.',
	exp: 'Expiry: the token must be rejected after this time.',
	jti: 'JWT ID: a unique identifier of this token.',
	sub: 'Subject: the principal the token is about; in Entra a pairwise ID, unique per user (or app) and per client application.',
	aio: 'Microsoft-internal claim used to reuse tokens; opaque, do not depend on it.',
	rh: 'Microsoft-internal claim used to revalidate tokens; opaque, do not depend on it.',
	uti: 'Token identifier claim, equivalent to jti; opaque.',
	ver: 'Token format version: "1.0" or "2.0" (chosen by the resource\'s accessTokenAcceptedVersion, not by the endpoint called).',
	tid: 'Tenant ID: the directory the user or app signed in to.',
	oid: 'Object ID: the immutable ID of the user or service principal in this tenant, the same across applications.',
	acr: 'Authentication context class (v1): "1" when the user authenticated, "0" when the authentication did not meet ISO/IEC 29115.',
	amr: 'Authentication methods used to sign the user in (RFC 8176).',
	acrs: 'Authentication context IDs (Conditional Access "c1".."c99") the user has satisfied.',
	appid: 'Application (client) ID of the app that requested the token (v1 tokens).',
	appidacr: 'How the client authenticated (v1): "0" public client, "1" client secret, "2" certificate or client assertion.',
	azp: 'Authorized party: application (client) ID of the app that requested the token (v2 tokens).',
	azpacr: 'How the client authenticated (v2): "0" public client, "1" client secret, "2" certificate or client assertion.',
	idp: 'Identity provider that authenticated the subject, when it is not the issuing tenant (guests, personal accounts).',
	idtyp: 'Token subject type (optional claim): "app" for an app-only token, "user" for a delegated one.',
	ipaddr: 'IP address the user authenticated from.',
	name: 'Display name of the user; can change, do not use it for authorization.',
	given_name: 'The user\'s first name.',
	family_name: 'The user\'s last name.',
	unique_name: 'A human-readable name of the user (v1), usually the UPN; not guaranteed unique over time.',
	upn: 'User principal name; can change, do not use it as a key.',
	email: 'The user\'s email address, when the account has one; not verified unless stated.',
	preferred_username: 'The primary username (v2), usually an email or UPN; mutable, display only.',
	login_hint: 'An opaque, reliable login hint to pass back for silent sign-in of the same account.',
	nonce: 'The nonce the client sent in the authorization request, echoed so it can detect replayed ID tokens.',
	at_hash: 'Access token hash: left half of the SHA-256 of the access token issued with this ID token.',
	c_hash: 'Code hash: left half of the SHA-256 of the authorization code issued with this ID token.',
	auth_time: 'When the user last authenticated.',
	roles: 'App roles granted: to the user (delegated) or, in app-only tokens, application permissions.',
	scp: 'Scopes: the delegated permissions the user (and admin) consented to, space-separated.',
	sid: 'Session ID: the user\'s sign-in session, used for front-channel sign-out.',
	wids: 'Directory (tenant-wide) roles of the user, as role template IDs.',
	groups: 'Object IDs (or names, if configured) of the groups the subject belongs to.',
	hasgroups: 'True when the user is in too many groups to list in an implicit-flow token; call Microsoft Graph for them.',
	_claim_names: 'Groups overage: too many groups to include; the groups must be read from the source named in _claim_sources.',
	_claim_sources: 'Where to read overflowing claims (the Microsoft Graph endpoint for the user\'s groups).',
	xms_cc: 'Client capabilities: "CP1" means the client can handle claims challenges (Continuous Access Evaluation).',
	xms_ssm: 'Microsoft-internal claim; undocumented.',
	xms_st: 'Microsoft-internal claim describing the subject of an On-Behalf-Of chain; undocumented.',
	xms_tcdt: 'Time the user\'s tenant was created (optional claim).',
	xms_pl: 'The user\'s preferred language (optional claim).',
	xms_tpl: 'The tenant\'s preferred language (optional claim).',
	xms_mirid: 'Azure resource ID of the managed identity the token was issued to.',
	xms_idrel: 'Relationship of the user to the tenant (member or guest), as a Microsoft-internal number.',
	xms_ftd: 'Microsoft-internal claim; undocumented.',
	xms_pdl: 'Preferred data location of the user (Multi-Geo tenants), e.g. "EUR".',
	xms_pfl: 'Microsoft-internal claim; undocumented.',
	xms_tdbr: 'Tenant data boundary region, e.g. "EU" for the EU Data Boundary (optional claim).',
	xms_edov: 'Whether the email domain owner is verified (optional claim).',
	xms_as_rh: 'Microsoft-internal claim; undocumented.',
	xms_az_rid: 'Azure resource ID of the resource a managed identity token was issued for; undocumented.',
	ctry: 'The user\'s country or region (optional claim).',
	tenant_ctry: 'The tenant\'s country or region (optional claim).',
	tenant_region_scope: 'Region of the resource tenant, e.g. "NA", "EU", "AS" (optional claim).',
	tenant_region_sub_scope: 'Sub-region of the resource tenant, e.g. "GCC" for US Government clouds.',
	deviceid: 'ID of the device the user signed in from, when it is registered.',
	onprem_sid: 'On-premises security identifier of a synchronized user (optional claim).',
	in_corp: 'Signals that the client is signing in from the corporate network (optional claim).',
	acct: 'The user\'s account status in the tenant (optional claim): 0 member, 1 guest.',
	platf: 'Device platform (optional claim), for managed devices.',
	verified_primary_email: 'The user\'s verified primary email address (optional claim).',
	verified_secondary_email: 'The user\'s verified secondary email addresses (optional claim).',
	puid: 'Microsoft account passport unique ID (legacy); do not use it for authorization.',
	altsecid: 'Alternate security ID of a guest or personal account user.',
	fwd: 'The original client IP address when the request came through a proxy (optional claim).',
	vnet: 'Virtual network information of the client (optional claim).',
	signin_state: 'Sign-in state flags, e.g. "kmsi" (kept signed in), "dvc_mngd" (managed device), "dvc_cmp" (compliant device), "inknownntwk".',
	pwd_exp: 'When the user\'s password expires.',
	pwd_url: 'Where the user can change their password.',
	enfpolids: 'IDs of the policies enforced for the user (optional claim).',
	sm: 'Microsoft-internal claim; undocumented.',
	cnf: 'Confirmation: the key the token is bound to (proof-of-possession tokens), e.g. a JWK thumbprint.',
	home_oid: 'Object ID of a guest user in their home tenant.',
	nickname: 'An extra name for the user, separate from given and family name (optional claim).',
	email_verified: 'Whether the email address was verified.',
	scope: 'Scopes, space-separated (OAuth 2.0 form of scp, used by non-Entra issuers).',
	client_id: 'Client ID of the app that requested the token (RFC 9068 form).',
	request_nonce: 'A nonce from Entra for proof-of-possession requests.',
});

/** Meanings in a client assertion (the JWT an app signs to authenticate with a certificate). */
export const ASSERTION_CATALOG: Readonly<Record<string, string>> = Object.freeze({
	aud: 'Audience of the assertion: the tenant\'s token endpoint, https://{host}/{tenant}/oauth2/v2.0/token.',
	iss: 'Issuer of the assertion: the application (client) ID; must equal sub and client_id.',
	sub: 'Subject of the assertion: the application (client) ID; must equal iss and client_id.',
	jti: 'A unique ID (GUID) for this assertion.',
	iat: 'When the app signed the assertion.',
	nbf: 'The assertion is not valid before this time (usually the signing time).',
	exp: 'When the assertion expires; MSAL uses 10 minutes after signing.',
});


/** Number of documented entries (header + payload), for tests and the README. */
export function catalogSize(): number {
	return Object.keys(HEADER_CATALOG).length + Object.keys(PAYLOAD_CATALOG).length;
}

function isTokenEndpoint(aud: unknown): boolean {
	if (typeof aud !== 'string') {
		return false;
	}
	try {
		const u = new URL(aud);
		return /\/oauth2\/(v2\.0\/)?token\/?$/.test(u.pathname) || u.hostname.endsWith('.ciamlogin.com') || u.hostname.endsWith('.b2clogin.com') || (KNOWN_LOGIN_HOSTS.includes(u.hostname.toLowerCase()) && /\/v2\.0\/?$/.test(u.pathname));
	} catch {
		return false;
	}
}

function audienceMeaning(aud: string): string | undefined {
	const g = aud.toLowerCase();
	const app = lookup(WELL_KNOWN_APPS, g);
	if (app) {
		return `${app.name}${app.uri ? ` (${app.uri})` : ''}.`;
	}
	const uri = lookup(WELL_KNOWN_AUDIENCE_URIS, g.replace(/\/+$/, ''));
	if (uri) {
		return `${uri} (a v1-style App ID URI audience).`;
	}
	if (isTokenEndpoint(aud)) {
		return 'A token endpoint: this is the audience of a client assertion, not of an access token.';
	}
	if (isGuid(aud)) {
		return 'An application (client) ID: the API (access token) or the client app (ID token) the token was issued for.';
	}
	if (/^api:\/\//i.test(aud)) {
		return 'An App ID URI of an API (v1 access tokens carry the URI the client asked for).';
	}
	return undefined;
}

function tenantNote(tenant: string): string {
	const known = lookup(WELL_KNOWN_TENANTS, tenant.toLowerCase());
	return known ? `, ${known}` : '';
}

function issuerMeaning(iss: string): string | undefined {
	const v1 = /^https:\/\/sts\.windows\.net\/([^/]+)\/$/i.exec(iss);
	if (v1) {
		return `v1.0 issuer (Entra security token service) for tenant ${v1[1]}${tenantNote(v1[1])}; goes with ver "1.0".`;
	}
	const v2 = /^https:\/\/([^/]+)\/([^/]+)\/v2\.0\/?$/i.exec(iss);
	if (v2 && KNOWN_LOGIN_HOSTS.includes(v2[1].toLowerCase())) {
		return `v2.0 issuer for tenant ${v2[2]}${tenantNote(v2[2])}; goes with ver "2.0".`;
	}
	if (/^https:\/\/[^/]+\.ciamlogin\.com\//i.test(iss)) {
		return 'An Entra External ID (CIAM) issuer.';
	}
	if (/^https:\/\/[^/]+\.b2clogin\.com\//i.test(iss)) {
		return 'An Azure AD B2C issuer.';
	}
	if (isGuid(iss)) {
		return 'A GUID issuer: in a client assertion this is the application (client) ID.';
	}
	return undefined;
}

function stringList(value: unknown): string[] | undefined {
	if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
		return value as string[];
	}
	return undefined;
}

/** Reads an x5t-style header value: which digest and hex, or what went wrong with its encoding. */
function thumbprintMeaning(value: unknown, name: 'x5t' | 'x5t#S256'): string | undefined {
	if (typeof value !== 'string') {
		return 'Not a string; it must be a base64url string.';
	}
	const bytes = decodeAnyBase64(value);
	if (!bytes) {
		return /^[0-9a-fA-F:]+$/.test(value) ? 'This is hex text, not base64url; Entra would read the wrong bytes (convert the hex to bytes, then base64url-encode).' : 'Not base64url.';
	}
	const hex = toHex(bytes);
	const std = /[+/=]/.test(value) ? ' It uses standard base64 characters or padding; emit unpadded base64url.' : '';
	const ascii = Buffer.from(bytes).toString('latin1');
	if (/^[0-9a-fA-F]+$/.test(ascii) && (bytes.length === 40 || bytes.length === 64)) {
		return `Decodes to the ASCII text "${ascii}": the hex thumbprint text was base64-encoded instead of its bytes, so Entra reports an ${hex.length}-digit thumbprint (AADSTS700027).${std}`;
	}
	if (bytes.length === 20) {
		return `SHA-1 ${hex}${name === 'x5t#S256' ? ' — a SHA-1 digest where SHA-256 is expected' : ' (the portal\'s "Thumbprint")'}.${std}`;
	}
	if (bytes.length === 32) {
		return `SHA-256 ${hex}${name === 'x5t' ? ' — a SHA-256 digest under x5t, which must be SHA-1 (AADSTS700027); put it under x5t#S256' : ''}.${std}`;
	}
	return `${bytes.length} bytes (${hex}); a ${name === 'x5t' ? 'SHA-1 thumbprint is 20' : 'SHA-256 thumbprint is 32'} bytes.${std}`;
}

function headerValueMeaning(name: string, value: unknown): string | undefined {
	switch (name) {
		case 'alg':
			return lookup<string>(
				{
					RS256: 'RSASSA-PKCS1-v1_5 with SHA-256: what Entra signs its tokens with; in client assertions it goes with x5t (SHA-1).',
					PS256: 'RSASSA-PSS with SHA-256: what Entra\'s current docs and MSAL use for client assertions, with x5t#S256.',
					RS384: 'RSASSA-PKCS1-v1_5 with SHA-384.',
					RS512: 'RSASSA-PKCS1-v1_5 with SHA-512.',
					PS384: 'RSASSA-PSS with SHA-384.',
					PS512: 'RSASSA-PSS with SHA-512.',
					ES256: 'ECDSA P-256: Entra supports only RSA keys for client assertions.',
					HS256: 'HMAC with a shared secret: not used by Entra for tokens or certificate credentials.',
					none: 'Unsigned: nobody should accept this token.',
				},
				String(value),
			);
		case 'typ':
			return typeof value === 'string' && value.toLowerCase() === 'jwt' ? 'A JSON Web Token.' : typeof value === 'string' && value.toLowerCase() === 'at+jwt' ? 'An OAuth 2.0 access token (RFC 9068).' : undefined;
		case 'x5t':
		case 'x5t#S256':
			return thumbprintMeaning(value, name);
		case 'x5c': {
			const list = stringList(value);
			if (typeof value === 'string') {
				return 'A single string (as MSAL.NET sends the leaf); RFC 7515 says an array of certificates, leaf first.';
			}
			return list ? `${list.length} certificate${list.length === 1 ? '' : 's'}, leaf first.` : undefined;
		}
		case 'nonce':
			return 'This is a Microsoft Graph token: its signature covers a transformed nonce, so only Graph can validate it. An API cannot validate it, nor redeem it On-Behalf-Of (AADSTS50013); request a token for your own API instead.';
		case 'kid':
			return 'Look it up in the issuer\'s JWKS (for Entra: https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys).';
		default:
			return undefined;
	}
}

function authMethodMeaning(value: unknown): string | undefined {
	const v = String(value);
	return lookup<string>({ '0': 'public client (no client credential)', '1': 'client secret', '2': 'certificate or client assertion' }, v);
}

function payloadValueMeaning(name: string, value: unknown): string | undefined {
	switch (name) {
		case 'aud':
			if (Array.isArray(value)) {
				return 'An array: Entra accepts a single string audience; a client assertion with an array aud fails (AADSTS50027).';
			}
			return typeof value === 'string' ? audienceMeaning(value) : undefined;
		case 'iss':
			return typeof value === 'string' ? issuerMeaning(value) : undefined;
		case 'tid':
			return typeof value === 'string' ? (lookup(WELL_KNOWN_TENANTS, value.toLowerCase()) ? `This is ${lookup(WELL_KNOWN_TENANTS, value.toLowerCase())}.` : undefined) : undefined;
		case 'appid':
		case 'azp': {
			const app = typeof value === 'string' ? lookup(WELL_KNOWN_APPS, value.toLowerCase()) : undefined;
			return app ? `${app.name}.` : undefined;
		}
		case 'idtyp':
			return value === 'app' ? 'App-only token (client credentials): no user; it cannot be used for On-Behalf-Of.' : value === 'user' ? 'Delegated token: issued for a signed-in user.' : value === 'device' ? 'Issued for a device.' : undefined;
		case 'appidacr':
		case 'azpacr': {
			const m = authMethodMeaning(value);
			return m ? `The client authenticated with a ${m}.`.replace('with a public client (no client credential)', 'as a public client (no client credential)') : undefined;
		}
		case 'ver':
			return value === '1.0' ? 'v1.0 token: iss is https://sts.windows.net/{tid}/, aud is usually the App ID URI, names in unique_name/upn, client in appid.' : value === '2.0' ? 'v2.0 token: iss is https://login.microsoftonline.com/{tid}/v2.0, aud is the client ID, names in preferred_username, client in azp.' : undefined;
		case 'acr':
			return value === '1' ? 'The user authenticated.' : value === '0' ? 'The authentication did not meet ISO/IEC 29115 requirements.' : undefined;
		case 'amr': {
			const list = stringList(value);
			return list ? list.map((v) => `${v}: ${lookup(AMR_VALUES, v) ?? 'not a documented value'}`).join('; ') : undefined;
		}
		case 'scp':
			return typeof value === 'string' ? `Delegated permissions (a user is signed in): ${value.split(' ').filter(Boolean).join(', ')}.` : undefined;
		case 'roles': {
			const list = stringList(value);
			return list ? `${list.length} role${list.length === 1 ? '' : 's'}: ${list.join(', ')}. Without scp this is an app-only token and these are application permissions.` : undefined;
		}
		case 'wids': {
			const list = stringList(value);
			return list ? list.map((w) => lookup(DIRECTORY_ROLES, w.toLowerCase()) ?? `${w} (unknown role template)`).join('; ') : undefined;
		}
		case 'xms_cc': {
			const list = stringList(value) ?? (typeof value === 'string' ? [value] : undefined);
			return list?.includes('CP1') ? 'CP1: the client can handle claims challenges, so the resource may issue long-lived CAE tokens.' : undefined;
		}
		case 'acct':
			return value === 0 || value === '0' ? 'A member of the tenant.' : value === 1 || value === '1' ? 'A guest in the tenant.' : undefined;
		case 'hasgroups':
			return value === true ? 'Group overage: read the user\'s groups from Microsoft Graph.' : undefined;
		case 'idp':
			if (value === 'live.com') {
				return 'A personal Microsoft account.';
			}
			return typeof value === 'string' && /sts\.windows\.net\//i.test(value) ? 'Another Entra tenant: the user is a guest from there.' : undefined;
		case 'signin_state': {
			const flags: Record<string, string> = { kmsi: 'kept signed in', dvc_mngd: 'managed device', dvc_cmp: 'compliant device', dvc_dmjd: 'domain-joined device', inknownntwk: 'known network' };
			const list = stringList(value);
			return list ? list.map((s) => lookup(flags, s) ?? s).join(', ') : undefined;
		}
		case 'cnf':
			return value !== null && typeof value === 'object' && 'jkt' in value ? 'A proof-of-possession token bound to the key with this JWK thumbprint (jkt).' : undefined;
		default:
			return undefined;
	}
}

/**
 * Explains one header field or payload claim: what it is, what its value means, and for numeric dates
 * the UTC time and how far from `now` it is.
 *
 * @example
 * explainClaim('azpacr', '2', 'payload').valueMeaning; // 'The client authenticated with a certificate or client assertion.'
 * explainClaim('exp', 1700000600, 'payload', new Date(1700000000000)).time; // { utc: '2023-11-14T22:23:20.000Z', relative: 'expires in 10 min' }
 */
export function explainClaim(name: string, value: unknown, where: 'header' | 'payload', now?: Date, context?: TokenKind): ClaimExplanation {
	const out: ClaimExplanation = { name, value };
	const catalog = where === 'header' ? HEADER_CATALOG : context === 'client-assertion' && Object.prototype.hasOwnProperty.call(ASSERTION_CATALOG, name) ? ASSERTION_CATALOG : PAYLOAD_CATALOG;
	if (Object.prototype.hasOwnProperty.call(catalog, name)) {
		out.meaning = catalog[name];
	} else if (where === 'payload' && name.startsWith('xms_')) {
		out.meaning = 'A Microsoft-specific claim (xms_ prefix); not in the catalog.';
	} else if (where === 'payload' && name.startsWith('extn.')) {
		out.meaning = 'A directory extension attribute, added as an optional claim.';
	}
	let vm: string | undefined;
	try {
		vm = where === 'header' ? headerValueMeaning(name, value) : payloadValueMeaning(name, value);
	} catch {
		vm = undefined;
	}
	if (vm !== undefined) {
		out.valueMeaning = vm;
	}
	if (where === 'payload' && TIME_CLAIMS.includes(name)) {
		if (typeof value === 'number' && Number.isFinite(value)) {
			if (now) {
				out.time = describeTime(value, now, name);
			}
		} else if (typeof value === 'string' && /^\d+$/.test(value)) {
			if (now) {
				out.time = describeTime(Number(value), now, name);
			}
			out.valueMeaning = 'A number written as a JSON string; RFC 7519 wants a JSON number (seconds since 1970). Some validators reject strings.';
		} else if (value !== undefined) {
			out.valueMeaning = 'Not a NumericDate: this claim must be a number of seconds since 1970-01-01 UTC.';
		}
	}
	return out;
}

function tokenKind(header: Record<string, unknown>, p: Record<string, unknown>): TokenKind {
	if (typeof p.iss === 'string' && p.iss === p.sub && isTokenEndpoint(p.aud)) {
		return 'client-assertion';
	}
	const idMarks = p.nonce !== undefined || p.at_hash !== undefined || p.c_hash !== undefined;
	// Entra access tokens always name the client (appid in v1, azp in v2); ID tokens do not, but may carry roles.
	if (p.scp !== undefined || p.appid !== undefined || p.azp !== undefined || p.idtyp === 'app' || header.nonce !== undefined) {
		return idMarks && p.scp === undefined && header.nonce === undefined ? 'id' : 'access';
	}
	if (idMarks) {
		return 'id';
	}
	if (p.ver !== undefined && typeof p.aud === 'string' && isGuid(p.aud)) {
		return 'id';
	}
	return p.roles !== undefined ? 'access' : 'unknown';
}

function clientName(id: string): string {
	const app = lookup(WELL_KNOWN_APPS, id.toLowerCase());
	return app ? `${app.name} (${id})` : id;
}

function audienceName(aud: unknown): string | undefined {
	if (typeof aud !== 'string') {
		return undefined;
	}
	return lookup(WELL_KNOWN_APPS, aud.toLowerCase())?.name ?? lookup(WELL_KNOWN_AUDIENCE_URIS, aud.toLowerCase().replace(/\/+$/, '')) ?? aud;
}

/**
 * Explains a decoded token: every header field and claim, what kind of token it is, and a one-line summary.
 *
 * @example
 * const e = explainToken(decodeJwt(token), new Date());
 * e.kind;    // 'access'
 * e.summary; // 'v2.0 access token for Microsoft Graph, delegated (scp: User.Read), user alice@contoso.com; expires in 52 min.'
 */
export function explainToken(decoded: DecodedJwt, now: Date): TokenExplanation {
	const { header, payload: p } = decoded;
	const kind = tokenKind(header, p);
	const headerExpl = Object.entries(header).map(([k, v]) => explainClaim(k, v, 'header', now, kind));
	const payloadExpl = Object.entries(p).map(([k, v]) => explainClaim(k, v, 'payload', now, kind));
	const ts = timeStatus(p, now);
	const validity = ts.status === 'no-exp' ? 'no expiry' : ts.status === 'expired' ? `expired (${ts.exp?.relative.replace(/^expired /, '')})` : ts.status === 'not-yet-valid' ? `not valid yet (${ts.nbf?.relative})` : ts.exp?.relative ?? 'valid';
	const parts: string[] = [];
	const ver = typeof p.ver === 'string' ? `v${p.ver} ` : '';
	switch (kind) {
		case 'client-assertion':
			parts.push(`Client assertion signed by app ${String(p.iss)} for ${String(p.aud)}, ${String(header.alg)} with ${header['x5t#S256'] !== undefined ? 'x5t#S256' : header.x5t !== undefined ? 'x5t' : 'no certificate thumbprint (AADSTS5002723)'}`);
			break;
		case 'access': {
			const who = (p.upn ?? p.preferred_username ?? p.unique_name ?? p.email) as string | undefined;
			const mode = p.scp !== undefined ? `delegated (scp: ${String(p.scp)})` : p.roles !== undefined ? `app-only (roles: ${(stringList(p.roles) ?? []).join(' ')})` : 'no scp or roles';
			parts.push(`${ver}access token for ${audienceName(p.aud) ?? 'an unknown audience'}, ${mode}${who ? `, user ${who}` : ''}${typeof (p.azp ?? p.appid) === 'string' ? `, client ${clientName(String(p.azp ?? p.appid))}` : ''}`);
			if (header.nonce !== undefined) {
				parts.push('a Microsoft Graph token with a header nonce: only Graph can validate its signature, and it cannot be used for On-Behalf-Of');
			}
			break;
		}
		case 'id': {
			const who = (p.preferred_username ?? p.upn ?? p.email ?? p.name) as string | undefined;
			parts.push(`${ver}ID token for client ${String(p.aud)}${who ? `, user ${who}` : ''}`);
			break;
		}
		default:
			parts.push(`JWT (${String(header.alg)}) issued by ${typeof p.iss === 'string' ? p.iss : 'an unknown issuer'}`);
	}
	return { header: headerExpl, payload: payloadExpl, kind, summary: `${parts.join('; ')}; ${validity}.` };
}
