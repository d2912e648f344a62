/**
 * Client assertion checks as the reference documents them (entra-rules §1, §5), answered as Entra answers:
 * the header thumbprint names a registered certificate (Entra's hex form: uppercase hex of the base64url-decoded
 * header bytes), the key is RSA of 2048 bits or more, the signature verifies, `aud` is one string naming this
 * tenant's token endpoint, iss = sub = client_id, and now is within nbf/exp (with a small skew).
 * No jti replay check: Entra documents none and MSAL reuses one assertion until it expires.
 */
import { constants, verify } from 'node:crypto';
import { decodeJwt, type DecodedJwt } from '../core/jwt/decode';
import { decodeAnyBase64, toHex } from '../core/encoding';
import { MIN_RSA_BITS } from '../core/jwt/assertion';
import { CLOCK_SKEW_SECONDS } from '../core/jwt/times';
import { catalogText, dotnetTime, invalidClient, invalidRequest, sandboxNote, type SandboxError } from './errors';
import type { AppEntry, RegisteredCertificate } from './apps';

/** Clock skew allowed around nbf and exp. Entra's tolerance is undocumented; 5 minutes is .NET's default. */
export const ASSERTION_SKEW_SECONDS = CLOCK_SKEW_SECONDS;

const HASHES: Record<string, { hash: string; pss: boolean; saltLength: number }> = {
	RS256: { hash: 'sha256', pss: false, saltLength: 0 },
	RS384: { hash: 'sha384', pss: false, saltLength: 0 },
	RS512: { hash: 'sha512', pss: false, saltLength: 0 },
	// RFC 7518 §3.5: the salt is as long as the hash.
	PS256: { hash: 'sha256', pss: true, saltLength: 32 },
	PS384: { hash: 'sha384', pss: true, saltLength: 48 },
	PS512: { hash: 'sha512', pss: true, saltLength: 64 },
};

export interface AssertionCheck {
	entry: AppEntry;
	clientId: string;
	/** Lower-case audiences accepted: this tenant's token endpoint (and its documented alternatives). */
	audiences: Set<string>;
	/** The audience to name in messages. */
	expectedAudience: string;
	now: Date;
	skewSeconds?: number;
}

/** Entra's sentence pointing at the app's registered keys, ending 700027's bracket. */
function seeKeys(appId: string): string {
	return `Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments if you are not using the global cloud.`;
}

/** "MM/DD/YYYY HH:mm:ss" as 700027's "Found key 'Start=…, End=…'" prints dates. */
function usDate(d: Date): string {
	const p = (n: number) => String(n).padStart(2, '0');
	return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function err700027(reason: string, thumbprint: string, appId: string, found?: RegisteredCertificate, note = ''): SandboxError {
	const foundKey = found ? ` Found key 'Start=${usDate(found.notBefore)}, End=${usDate(found.notAfter)}',` : '';
	return invalidClient(700027, `Client assertion failed signature validation. [Reason - ${reason}, Thumbprint of key used by client: '${thumbprint}',${foundKey} ${seeKeys(appId)}]${note}`);
}

function numeric(v: unknown): number | undefined {
	// MSAL.NET once serialised nbf/exp as JSON strings (entra-rules §2): accept numeric strings.
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
	return Number.isFinite(n) ? n : undefined;
}

/** Why a header thumbprint did not match, for the note (the shapes diagnose reads too). */
function thumbprintShapeNote(field: string, value: string, bytes: Uint8Array, entry: AppEntry): string {
	const hex = toHex(bytes);
	const expected = field === 'x5t' ? 20 : 32;
	const hexText = /^[0-9A-Fa-f]+$/.test(value) ? value : undefined;
	const asciiHex = /^(3[0-9]|4[1-6]|6[1-6])+$/.test(hex) ? Buffer.from(bytes).toString('latin1') : undefined;
	const registered = (t: string) => [...(field === 'x5t' ? entry.bySha1 : entry.bySha256).keys()].includes(t.toUpperCase());
	if (asciiHex && bytes.length === expected * 2) {
		return sandboxNote(`the ${field} decodes to ${bytes.length} bytes of ASCII text '${asciiHex}': the hex thumbprint text was base64-encoded instead of its bytes${registered(asciiHex) ? ', and that hex names a certificate registered on this app' : ''}. Send base64url of the ${expected} hash bytes`);
	}
	if (hexText && hexText.length === expected * 2) {
		return sandboxNote(`the ${field} is the hex thumbprint put in verbatim; send base64url of its ${expected} bytes`);
	}
	if (field === 'x5t' && bytes.length === 32) {
		return sandboxNote('the x5t holds 32 bytes, a SHA-256 digest; x5t is the SHA-1 (20 bytes), x5t#S256 the SHA-256');
	}
	if (bytes.length === expected) {
		return sandboxNote(`no certificate with this ${field === 'x5t' ? 'SHA-1' : 'SHA-256'} thumbprint is registered on app '${entry.app.displayName}' (${entry.app.certificates.length} registered)`);
	}
	return sandboxNote(`the ${field} decodes to ${bytes.length} bytes; a ${field === 'x5t' ? 'SHA-1' : 'SHA-256'} thumbprint has ${expected}`);
}

/**
 * Checks a client assertion for the app; returns the certificate that signed it, or throws the SandboxError
 * Entra would answer.
 */
export function checkClientAssertion(assertion: string, c: AssertionCheck): RegisteredCertificate {
	const appId = c.entry.app.appId;
	let jwt: DecodedJwt;
	try {
		jwt = decodeJwt(assertion);
	} catch {
		throw invalidRequest(50027, `JWT token is invalid or malformed.${sandboxNote('client_assertion is not a compact JWS (three base64url parts with a JSON header and payload)')}`);
	}
	const { header, payload } = jwt;

	// Header: which certificate.
	const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
	const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
	if (x5tS256 === undefined && x5t === undefined) {
		const kidNote = typeof header.kid === 'string' ? sandboxNote('the header has only kid; no source documents what Entra matches kid against, so the sandbox looks only at x5t and x5t#S256') : '';
		throw invalidClient(5002723, `Invalid JWT token. ${catalogText(5002723)}${kidNote}`);
	}
	const field = x5tS256 !== undefined ? 'x5t#S256' : 'x5t';
	const value = (x5tS256 ?? x5t) as string;
	const bytes = decodeAnyBase64(value);
	if (!bytes) {
		throw err700027('The key was not found.', '', appId, undefined, sandboxNote(`the ${field} header '${value.slice(0, 80)}' is not base64url, so it names no thumbprint`));
	}
	const reported = toHex(bytes);
	const cert = (field === 'x5t#S256' ? c.entry.bySha256 : c.entry.bySha1).get(reported);
	if (!cert) {
		throw err700027('The key was not found.', reported, appId, undefined, thumbprintShapeNote(field, value, bytes, c.entry));
	}

	// The registered key.
	if (cert.keyType !== 'rsa') {
		throw invalidClient(5002730, `${catalogText(5002730)}${sandboxNote(`the registered certificate has an ${cert.keyType.toUpperCase()} key; Microsoft Entra ID currently supports only RSA`)}`);
	}
	if (cert.bits < MIN_RSA_BITS) {
		throw invalidClient(700027, `RSA key size ${cert.bits} is less than the minimum required ${MIN_RSA_BITS} bits. Thumbprint of key used by client: '${reported}'.`);
	}
	const nowMs = c.now.getTime();
	if (cert.notAfter.getTime() < nowMs) {
		throw err700027('The key used is expired.', reported, appId, cert);
	}
	if (cert.notBefore.getTime() > nowMs + (c.skewSeconds ?? ASSERTION_SKEW_SECONDS) * 1000) {
		throw err700027('The key used is not yet valid.', reported, appId, cert, sandboxNote('the registered certificate\'s notBefore is in the future'));
	}

	// Signature.
	const alg = typeof header.alg === 'string' ? header.alg : '';
	const h = HASHES[alg];
	if (!h) {
		throw invalidClient(5002730, `${catalogText(5002730)}${sandboxNote(`the assertion's alg is '${alg || '(none)'}'; use PS256 (with x5t#S256) or RS256 (with x5t)`)}`);
	}
	// Node's verify answers false (it does not throw) for an RSA key and a signature of any length.
	const valid = verify(h.hash, Buffer.from(`${jwt.segments[0]}.${jwt.segments[1]}`), h.pss ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: h.saltLength } : cert.publicKey, Buffer.from(jwt.signature, 'base64url'));
	if (!valid) {
		throw err700027('The provided signature value did not match the expected signature value.', reported, appId, cert, sandboxNote('the assertion was not signed by the private key of the certificate its header names'));
	}

	// Claims.
	if (Array.isArray(payload.aud)) {
		throw invalidRequest(50027, `Invalid JWT token. The token has an unexpected audience.${sandboxNote(`the assertion's aud is an array; send one string, '${c.expectedAudience}'`)}`);
	}
	const aud = typeof payload.aud === 'string' ? payload.aud : '';
	if (!c.audiences.has(aud.toLowerCase())) {
		throw invalidClient(700023, `Client assertion audience claim does not match Realm issuer.${sandboxNote(`the assertion's aud is '${aud || '(none)'}'; the sandbox accepts this tenant's token endpoint '${c.expectedAudience}'. Sources disagree on AADSTS700023: Microsoft's error reference names it InvalidResourcelessScope, the Azure SDK for Java guide gives this audience meaning; answering it here is the sandbox's reading`)}`);
	}
	const iss = typeof payload.iss === 'string' ? payload.iss : '';
	const sub = typeof payload.sub === 'string' ? payload.sub : '';
	if (iss.toLowerCase() !== sub.toLowerCase()) {
		throw invalidClient(50048, `${catalogText(50048)}${sandboxNote(`iss is '${iss}', sub is '${sub}'; both must be the client ID`)}`);
	}
	if (iss.toLowerCase() !== c.clientId.toLowerCase()) {
		throw invalidClient(700021, `Client assertion application identifier doesn't match 'client_id' parameter.${sandboxNote(`iss/sub is '${iss}', client_id is '${c.clientId}'`)}`);
	}
	const exp = numeric(payload.exp);
	if (exp === undefined) {
		throw invalidRequest(50027, `Invalid JWT token. The token has no valid exp.${sandboxNote('every MSAL sends exp (10 minutes after signing)')}`);
	}
	const nbf = numeric(payload.nbf);
	const skew = (c.skewSeconds ?? ASSERTION_SKEW_SECONDS) * 1000;
	if (nowMs > exp * 1000 + skew || (nbf !== undefined && nowMs < nbf * 1000 - skew)) {
		const from = nbf ?? numeric(payload.iat);
		throw invalidClient(700024, `Client assertion is not within its valid time range. Current time: ${dotnetTime(c.now)}, assertion valid from ${from !== undefined ? dotnetTime(new Date(from * 1000)) : '(no nbf)'}, expiry time of assertion ${dotnetTime(new Date(exp * 1000))}. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .`);
	}
	return cert;
}
