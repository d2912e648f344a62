/**
 * Rules for a client assertion (the JWT a confidential client signs): header thumbprints, algorithm,
 * iss/sub/aud, lifetime and time range (entra-rules §1, §5, §6).
 */
import { decodeAnyBase64, fromHex, base64urlEncode, isBase64url, toHex, utf8 } from '../encoding';
import type { Finding } from '../findings';
import { isGuid } from '../ids';
import { KNOWN_LOGIN_HOSTS, MULTI_TENANT_ALIASES } from '../token/clouds';
import { knownKeys, type DiagnoseContext } from './keys';
import { parseManifest } from '../manifest/model';
import { assertionTimeFindings } from './timeRules';
import { checkSourceLine, liveRegistrationFor, liveThumbprintFindings } from './liveKeys';


/** What the request around an assertion tells (when the assertion came inside a request). */
export interface RequestFacts {
	clientId?: string;
	url?: string;
	host?: string;
	tenant?: string;
	endpointVersion?: 'v1' | 'v2';
}

/** True for a token Entra issued (access or ID token) rather than a self-signed assertion. */
export function isEntraIssued(payload: Record<string, unknown>): boolean {
	const iss = typeof payload.iss === 'string' ? payload.iss : '';
	// A self-signed assertion has iss = sub; a token Entra issued never does.
	const issuerUrl = iss !== payload.sub && (/^https:\/\/sts\.windows\.net\//.test(iss) || /^https:\/\/login\.[^/]+\/[^/]+\/v2\.0\/?$/.test(iss));
	return 'tid' in payload || 'scp' in payload || 'idtyp' in payload || 'appid' in payload || 'azp' in payload || 'oid' in payload || issuerUrl;
}

/** True for a self-signed client assertion: iss = sub and aud a token endpoint or login host. */
export function looksLikeClientAssertion(payload: Record<string, unknown>): boolean {
	const aud = typeof payload.aud === 'string' ? payload.aud : Array.isArray(payload.aud) ? String(payload.aud[0] ?? '') : '';
	return !isEntraIssued(payload) && typeof payload.iss === 'string' && payload.iss === payload.sub && /oauth2|login\.|\/token/.test(aud);
}

/**
 * Header rules: alg, x5t / x5t#S256 encodings, kid, and the match against known keys. `client` is the app the
 * assertion authenticates (the request's client_id, else the assertion's iss): its live keys, when the context holds
 * them, decide whether the certificate is registered.
 */
export function assertionHeaderFindings(header: Record<string, unknown>, context: DiagnoseContext, client?: string): Finding[] {
	const out: Finding[] = [];
	const alg = typeof header.alg === 'string' ? header.alg : undefined;
	if (!alg || alg.toLowerCase() === 'none') {
		out.push({ severity: 'error', code: 'assertion-alg-none', message: `The assertion header has alg '${alg ?? '(missing)'}': it is unsigned, and Entra accepts only signed assertions.`, fix: 'Sign with the certificate\'s RSA key using PS256 (with x5t#S256) or RS256 (with x5t).' });
	} else if (/^(ES|Ed)/i.test(alg)) {
		out.push({ severity: 'error', code: 'AADSTS5002730', message: `The assertion is signed with ${alg}, an elliptic-curve algorithm; "Microsoft Entra ID currently supports only RSA" for certificate credentials.`, fix: 'Make an RSA certificate (2048 bits or more) and sign with PS256 or RS256.' });
	} else if (alg !== 'PS256' && alg !== 'RS256') {
		out.push({ severity: 'error', code: 'assertion-alg-unsupported', message: `The assertion header has alg '${alg}'; Entra's documentation and every MSAL use PS256 or RS256.`, fix: 'Sign with PS256 (what MSAL sends today, with x5t#S256) or RS256 (with x5t).' });
	}
	const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
	const x5tS256 = typeof header['x5t#S256'] === 'string' ? (header['x5t#S256'] as string) : undefined;
	const kid = typeof header.kid === 'string' ? header.kid : undefined;
	if (!x5t && !x5tS256) {
		out.push({
			severity: kid ? 'warning' : 'error',
			code: 'AADSTS5002723',
			message: kid
				? `The header has kid '${kid}' but neither x5t nor x5t#S256. Entra's error text for AADSTS5002723 mentions "keyId", but no source documents what kid is matched against.`
				: 'The header has neither x5t nor x5t#S256: Entra answers AADSTS5002723 "No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header".',
			fix: 'Add x5t#S256 = base64url(SHA-256 of the DER certificate) with PS256, or x5t = base64url(SHA-1) with RS256.',
			uncertain: kid ? true : undefined,
		});
	}
	if (kid && isGuid(kid)) {
		out.push({
			severity: 'warning',
			code: 'assertion-kid-guid',
			message: `kid '${kid}' looks like a keyCredential keyId. Entra finds a client's certificate by thumbprint (x5t / x5t#S256); no source documents how kid is matched, and one report says it is ignored.`,
			fix: 'Identify the certificate with x5t#S256 (or x5t); keep kid only if you also send a thumbprint.',
			uncertain: true,
		});
	}
	if (x5t !== undefined) {
		out.push(...thumbprintFindings('x5t', x5t, 20, context, client));
	}
	if (x5tS256 !== undefined) {
		out.push(...thumbprintFindings('x5t#S256', x5tS256, 32, context, client));
	}
	out.push(...workspaceOnlyNote(x5t !== undefined || x5tS256 !== undefined, context, client));
	if (alg === 'RS256' && x5tS256 && !x5t) {
		out.push({ severity: 'info', code: 'assertion-alg-thumbprint-pairing', message: 'RS256 with only x5t#S256: MSAL pairs RS256 with x5t (SHA-1) and PS256 with x5t#S256.', fix: 'Nothing needs to change if Entra accepts it; to match MSAL, use PS256 with x5t#S256.' });
	} else if (alg === 'PS256' && x5t && !x5tS256) {
		out.push({ severity: 'info', code: 'assertion-alg-thumbprint-pairing', message: 'PS256 with only x5t (SHA-1): MSAL pairs PS256 with x5t#S256.', fix: 'Nothing needs to change if Entra accepts it; to match MSAL, send x5t#S256.' });
	}
	return out;
}

/** The findings for one thumbprint header value (x5t or x5t#S256), also when it was quoted outside a token. */
export function thumbprintHeaderFindings(name: 'x5t' | 'x5t#S256', value: string, context: DiagnoseContext, client?: string): Finding[] {
	return thumbprintFindings(name, value, name === 'x5t' ? 20 : 32, context, client);
}

/**
 * When the caller deals in live keys (the editor sets liveKeys or liveNote) and none are held for the client, one
 * note saying the thumbprints were checked against the workspace only, and why.
 */
export function workspaceOnlyNote(checked: boolean, context: DiagnoseContext, client?: string): Finding[] {
	const appId = client ?? context.clientId;
	if (!checked || (context.liveKeys === undefined && context.liveNote === undefined) || liveRegistrationFor(context, appId)) {
		return [];
	}
	return [{
		severity: 'info',
		code: 'checked-against-workspace',
		message: checkSourceLine(context, appId),
		fix: 'Sign in to Microsoft Graph (Registrations view) to check the thumbprint against the keys Entra has registered on the app; manifests in the workspace may be out of date.',
	}];
}

function thumbprintFindings(name: 'x5t' | 'x5t#S256', value: string, size: 20 | 32, context: DiagnoseContext, client?: string): Finding[] {
	const out: Finding[] = [];
	const hashName = size === 20 ? 'SHA-1' : 'SHA-256';
	if (/^[0-9A-Fa-f]+$/.test(value) && (value.length === 40 || value.length === 64)) {
		const meant = value.toUpperCase();
		const right = base64urlEncode(fromHex(meant));
		const reported = toHex(decodeAnyBase64(value) ?? new Uint8Array());
		out.push({
			severity: 'error',
			code: 'AADSTS700027',
			message: `${name} holds the hex thumbprint ${meant} as text. Entra base64url-decodes it into ${value.length * 3 / 4} bytes and reports "Thumbprint of key used by client: '${reported}'" (${reported.length} hex digits).`,
			fix: `Send base64url of the hash bytes: ${value.length === 40 ? 'x5t' : 'x5t#S256'} = ${right}.`,
		});
		return out;
	}
	if (!isBase64url(value)) {
		if (/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
			out.push({
				severity: 'warning',
				code: 'thumbprint-standard-base64',
				message: `${name} '${value}' uses standard base64 (+, / or = padding) instead of base64url. The sources disagree: MSAL Python sends padded values and an azure-docs PR says standard base64 works, while a Q&A reports x5t#S256 in standard base64 failing.`,
				fix: `Send unpadded base64url: ${base64urlEncode(decodeAnyBase64(value) ?? new Uint8Array())}.`,
				uncertain: true,
			});
		} else {
			out.push({ severity: 'error', code: 'AADSTS700027', message: `${name} '${value}' is not base64url.`, fix: `Send base64url of the ${hashName} hash bytes of the DER certificate.` });
			return out;
		}
	}
	const bytes = decodeAnyBase64(value);
	if (!bytes) {
		return out;
	}
	const text = utf8(bytes);
	if ((bytes.length === 40 || bytes.length === 64) && /^[0-9A-Fa-f]+$/.test(text)) {
		const meant = text.toUpperCase();
		out.push({
			severity: 'error',
			code: 'AADSTS700027',
			message: `${name} is base64 of the hex TEXT of a thumbprint (${meant}), not of the ${bytes.length / 2} hash bytes. Entra will report an ${bytes.length * 2}-digit "thumbprint of key used by client" made of ASCII codes (${toHex(bytes).slice(0, 16)}…).`,
			fix: `Decode the hex first: ${bytes.length === 40 ? 'x5t' : 'x5t#S256'} = base64url(bytes.fromhex('${meant}')) = ${base64urlEncode(fromHex(meant))}.`,
		});
		matchKnown(out, bytes.length === 40 ? 'sha1Hex' : 'sha256Hex', meant, name, context, true, client);
		return out;
	}
	if (bytes.length !== size) {
		const other = bytes.length === 32 ? 'SHA-256' : bytes.length === 20 ? 'SHA-1' : undefined;
		out.push({
			severity: 'error',
			code: 'AADSTS700027',
			message: other
				? `${name} holds ${bytes.length} bytes, a ${other} digest; ${name} must carry the ${hashName} (${size} bytes). Entra will not find the key.`
				: `${name} decodes to ${bytes.length} bytes; a ${hashName} thumbprint has ${size}.`,
			fix: other ? `Put the ${other} digest under ${other === 'SHA-256' ? 'x5t#S256' : 'x5t'} instead, or compute the ${hashName} of the DER certificate for ${name}.` : `Send base64url of the ${hashName} hash of the DER certificate.`,
		});
		if (other) {
			matchKnown(out, other === 'SHA-1' ? 'sha1Hex' : 'sha256Hex', toHex(bytes), name, context, true, client);
		}
		return out;
	}
	matchKnown(out, size === 20 ? 'sha1Hex' : 'sha256Hex', toHex(bytes), name, context, false, client);
	return out;
}

/** Adds an info (match) or a 700027 prediction (no match) for a hash against the context keys. */
function matchKnown(out: Finding[], form: 'sha1Hex' | 'sha256Hex', hex: string, name: string, context: DiagnoseContext, alreadyWrong: boolean, client?: string): void {
	const keys = knownKeys(context);
	// The client's live keys, when known, decide registration; the workspace then only says which file it is.
	const live = liveThumbprintFindings(name, form, hex, client ?? context.clientId, context, alreadyWrong);
	if (live) {
		const files = keys.filter((k) => k.t[form] === hex && k.source === 'certificate');
		if (files.length > 0) {
			out.push({ severity: 'info', code: 'thumbprint-matches', message: `The ${form === 'sha1Hex' ? 'SHA-1' : 'SHA-256'} ${hex} ${alreadyWrong ? 'meant by ' + name : 'in ' + name} is ${files.map((h) => h.label).join(', ')}.`, fix: alreadyWrong ? 'Fix the encoding as described; the certificate itself is the right one.' : 'Nothing to fix here.' });
		}
		out.push(...live);
		return;
	}
	if (keys.length === 0) {
		return;
	}
	const hits = keys.filter((k) => k.t[form] === hex);
	const certs = keys.filter((k) => k.source === 'certificate').length;
	const manifestKeys = keys.filter((k) => k.source === 'manifest').length;
	if (hits.length > 0) {
		const inManifest = hits.some((h) => h.source === 'manifest');
		// Entra looks the key up on the client's own registration: when the client's manifest is in the context, a
		// registration on another app does not count, and an expired registration is refused.
		const client = clientManifest(context);
		const onClient = client ? hits.filter((h) => h.source === 'manifest' && h.appId?.toLowerCase() === client.appId) : [];
		const now = context.now.getTime();
		const expired = onClient.length > 0 && (onClient.every((h) => h.end !== undefined && h.end.getTime() < now) || hits.some((h) => h.source === 'certificate' && h.end !== undefined && h.end.getTime() < now));
		const elsewhere = client && onClient.length === 0 ? hits.filter((h) => h.source === 'manifest') : [];
		const problem = !alreadyWrong && !!client && (onClient.length === 0 || expired);
		out.push({
			severity: 'info',
			code: 'thumbprint-matches',
			message: `The ${form === 'sha1Hex' ? 'SHA-1' : 'SHA-256'} ${hex} ${alreadyWrong ? 'meant by ' + name : 'in ' + name} is ${hits.map((h) => h.label).join(', ')}.${!inManifest && manifestKeys > 0 ? ' No manifest in the context registers it.' : ''}`,
			fix: inManifest || alreadyWrong ? (alreadyWrong ? 'Fix the encoding as described; the certificate itself is the right one.' : problem ? 'See the finding about the app registration.' : 'Nothing to fix here.') : 'Upload this certificate (.cer) to the app registration, or add it to the manifest.',
		});
		if (problem && client && onClient.length === 0) {
			out.push({
				severity: 'error',
				code: 'AADSTS700027',
				message: `${hex} is the thumbprint of ${hits[0].label}, which ${elsewhere.length ? `is registered on ${elsewhere.map((h) => h.label).join(', ')}` : 'no manifest registers'}, not on the client ${client.appId} (${client.label}). Entra looks the key up among the client's own keyCredentials, so it answers "The key was not found".`,
				fix: `Sign with a certificate that ${client.label} registers, or register this certificate on that app (upload the .cer, or Insert keyCredential into Manifest); check that the client ID is the app you meant.`,
			});
		} else if (problem && expired) {
			const end = [...onClient, ...hits.filter((h) => h.source === 'certificate')].map((h) => h.end).filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
			out.push({
				severity: 'error',
				code: 'AADSTS700027',
				message: `The key ${hits[0].label} that the assertion names expired${end ? ` on ${end.toISOString()}` : ''}; Entra refuses it ("The key used is expired").`,
				fix: 'Generate a new certificate, register it on the app, sign with it, then remove the expired entry.',
			});
		}
		if (!inManifest && manifestKeys > 0 && !alreadyWrong && !problem) {
			out.push({ severity: 'error', code: 'AADSTS700027', message: `${hex} is the thumbprint of ${hits[0].label}, but none of the ${manifestKeys} keyCredentials in the manifests given registers it.`, fix: 'Register the certificate on the app (portal upload of the .cer, or Insert keyCredential into Manifest), then try again.' });
		}
		return;
	}
	if (!alreadyWrong) {
		out.push({
			severity: manifestKeys > 0 ? 'error' : 'warning',
			code: 'AADSTS700027',
			message: `${name} names ${form === 'sha1Hex' ? 'SHA-1' : 'SHA-256'} ${hex}, which matches none of the ${certs} certificates and ${manifestKeys} manifest keys checked.`,
			fix: 'Sign with a certificate registered on the app, or register this one; compare with the thumbprints the portal shows under Certificates & secrets.',
		});
	}
}

/** The manifest of the client (context.clientId) among the context's manifests, if there is one. */
function clientManifest(context: DiagnoseContext): { appId: string; label: string } | undefined {
	const id = context.clientId?.trim().toLowerCase();
	if (!id) {
		return undefined;
	}
	for (const m of context.manifests ?? []) {
		try {
			if (parseManifest(m.text, m.label).appId?.toLowerCase() === id) {
				return { appId: id, label: m.label };
			}
		} catch {
			// not a manifest
		}
	}
	return undefined;
}

/** Claim rules: iss/sub/client_id, aud, time range, lifetime, jti. */
export function assertionClaimFindings(payload: Record<string, unknown>, context: DiagnoseContext, facts: RequestFacts = {}): Finding[] {
	const out: Finding[] = [];
	const iss = typeof payload.iss === 'string' ? payload.iss : undefined;
	const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
	const clientId = facts.clientId ?? context.clientId;
	if (!iss || !sub) {
		out.push({ severity: 'error', code: 'AADSTS700021', message: `The assertion has no ${!iss ? 'iss' : 'sub'} claim.`, fix: 'Set iss and sub to the application (client) ID.' });
	} else if (iss !== sub) {
		out.push({ severity: 'error', code: 'AADSTS50048', message: `sub '${sub}' is not equal to iss '${iss}' (Entra: "Subject mismatches Issuer claim in the client assertion").`, fix: 'Set both iss and sub to the application (client) ID GUID.' });
	}
	if (iss && /^https?:\/\//i.test(iss)) {
		out.push({ severity: 'error', code: 'AADSTS700021', message: `iss is the URL '${iss}', the issuer form of tokens Entra issues; a client assertion's iss is the client ID.`, fix: `Set iss and sub to the application (client) ID${clientId ? ` (${clientId})` : ''}.` });
	} else if (iss && isGuid(iss) && typeof payload.aud === 'string' && payload.aud.toLowerCase().includes(iss.toLowerCase())) {
		out.push({ severity: 'error', code: 'AADSTS700021', message: `iss '${iss}' is the tenant ID (it appears in aud); iss must be the application (client) ID.`, fix: 'Set iss and sub to the app registration\'s Application (client) ID, not the Directory (tenant) ID.' });
	}
	if (clientId && iss && iss !== clientId) {
		out.push({ severity: 'error', code: 'AADSTS700021', message: `iss '${iss}' is not the request's client_id '${clientId}'.`, fix: `Set iss and sub to ${clientId}, or send the matching client_id.` });
	}
	const aud = payload.aud;
	if (aud === undefined) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: 'The assertion has no aud claim.', fix: "Set aud to the tenant's token endpoint: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token." });
	} else if (Array.isArray(aud)) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: `aud is an array (${JSON.stringify(aud)}); a reported failure shows Entra answering AADSTS50027 for it.`, fix: 'Send aud as a single string: the token endpoint you post to.' });
	} else if (typeof aud === 'string') {
		audFindings(aud, facts, out);
	}
	out.push(...assertionTimeFindings(payload, context.now));
	if (payload.jti === undefined) {
		out.push({ severity: 'warning', code: 'assertion-no-jti', message: 'The assertion has no jti. The docs list jti as a claim (a GUID) and every MSAL sends one.', fix: 'Add jti with a new GUID per assertion.' });
	}
	return out;
}

function audFindings(aud: string, facts: RequestFacts, out: Finding[]): void {
	let url: URL | undefined;
	try {
		url = new URL(aud);
	} catch {
		out.push({ severity: 'error', code: 'AADSTS50027', message: `aud '${aud}' is not a URL.`, fix: "Set aud to the tenant's token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token." });
		return;
	}
	const segments = url.pathname.split('/').filter(Boolean);
	const tenant = segments[0];
	if (tenant && MULTI_TENANT_ALIASES.includes(tenant.toLowerCase())) {
		out.push({ severity: 'error', code: 'assertion-aud-multitenant', message: `aud uses /${tenant}/; a reported failure for this reads "client assertion audience does not match Realm issuer".`, fix: `Use the tenant ID or domain instead of ${tenant}: https://${url.host}/{tenant}/oauth2/v2.0/token.` });
	}
	if (!KNOWN_LOGIN_HOSTS.includes(url.host.toLowerCase()) && !/\.ciamlogin\.com$|\.b2clogin\.com$|^localhost|^127\.0\.0\.1/.test(url.host)) {
		out.push({ severity: 'warning', code: 'assertion-aud-host', message: `aud host '${url.host}' is not an Entra sign-in host.`, fix: 'Use the token endpoint of your cloud: login.microsoftonline.com, login.microsoftonline.us or login.partner.microsoftonline.cn.' });
	}
	const issuerForm = url.host === 'sts.windows.net' || /^\/[^/]+\/v2\.0\/?$/.test(url.pathname);
	if (issuerForm) {
		out.push({
			severity: 'warning',
			code: 'assertion-aud-issuer-form',
			message: `aud '${aud}' is the issuer form, not the token endpoint. The sources differ: the current certificate-credentials doc uses the v2 token endpoint, the 2020 doc and the MSAL.NET client-assertion doc use …/{tenant}/v2.0, and every MSAL sends the token endpoint.`,
			fix: `Use the token endpoint you post to, e.g. https://${url.host === 'sts.windows.net' ? 'login.microsoftonline.com' : url.host}/${tenant ?? '{tenant}'}/oauth2/v2.0/token.`,
			uncertain: true,
		});
	}
	if (facts.url) {
		let req: URL | undefined;
		try {
			req = new URL(facts.url);
		} catch {
			req = undefined;
		}
		if (req) {
			if (req.host.toLowerCase() !== url.host.toLowerCase() && !issuerForm) {
				out.push({ severity: 'error', code: 'assertion-aud-cloud', message: `aud is on ${url.host} but the request goes to ${req.host}.`, fix: `Use the token endpoint you post to as aud: ${facts.url}.` });
			}
			const audV2 = /\/oauth2\/v2\.0\/token/i.test(url.pathname);
			const audV1 = /\/oauth2\/token/i.test(url.pathname);
			if ((facts.endpointVersion === 'v2' && audV1) || (facts.endpointVersion === 'v1' && audV2)) {
				out.push({ severity: 'warning', code: 'assertion-aud-version', message: `aud is the ${audV2 ? 'v2' : 'v1'} endpoint but the request goes to the ${facts.endpointVersion} endpoint (${facts.url}).`, fix: `Use the endpoint you post to as aud: ${facts.url}.` });
			}
			if (facts.tenant && tenant && facts.tenant.toLowerCase() !== tenant.toLowerCase() && !MULTI_TENANT_ALIASES.includes(tenant.toLowerCase())) {
				out.push({ severity: 'warning', code: 'assertion-aud-tenant', message: `aud names tenant '${tenant}' but the request goes to tenant '${facts.tenant}'.`, fix: 'Use the same tenant (ID or domain) in aud as in the URL you post to.', uncertain: true });
			}
		}
	}
}
