/**
 * Signature and time checks of a JWT against a certificate, a public key, a JWK or a JWK Set.
 * A bad signature is a result, not an exception: the caller gets `signatureValid: false` and the reason.
 */
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { compactVerify, importJWK, type CryptoKey, type JWK } from 'jose';
import { CoreError } from '../errors';
import type { Finding } from '../findings';
import { sortFindings } from '../findings';
import { thumbprints } from '../certificate/thumbprint';
import { decodeJwt, type DecodedJwt } from './decode';
import { timeStatus, type TimeState } from './times';
import { explainToken } from './claims';

/** What to check the signature with. Give one of them. */
export interface VerifyKey {
	certificateDer?: Uint8Array;
	publicKeyPem?: string;
	jwk?: object;
	jwks?: { keys: object[] };
}

export interface VerifyResult {
	signatureValid: boolean;
	/** Which key verified the signature: `kid:…`, `x5t:…`, or `thumbprint:<SHA-1 hex>` for a certificate. */
	keyUsed?: string;
	time: TimeState;
	/** Why the signature did not verify (absent when it did). */
	reason?: string;
	findings: Finding[];
}

export interface VerifyOptions {
	/** Clock-skew allowance for exp/nbf, seconds (default 300). */
	skewSeconds?: number;
}

/** Asymmetric algorithms accepted; `none` and HMAC are refused with a public key. */
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

interface Candidate {
	label: string;
	key: () => Promise<KeyObject | CryptoKey | Uint8Array>;
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' ? v : undefined;
}

function jwkLabel(jwk: Record<string, unknown>, index: number): string {
	return str(jwk.kid) !== undefined ? `kid:${String(jwk.kid)}` : str(jwk.x5t) !== undefined ? `x5t:${String(jwk.x5t)}` : `jwks[${index}]`;
}

function candidatesFromJwks(jwks: { keys: object[] }, header: Record<string, unknown>, alg: string, findings: Finding[]): Candidate[] {
	if (!Array.isArray(jwks.keys)) {
		throw new CoreError('ERR_INVALID_OPTION', 'The JWK Set has no "keys" array; pass a JSON object like {"keys": [...]} (an issuer\'s jwks_uri document).');
	}
	const keys = jwks.keys.filter((k): k is Record<string, unknown> => k !== null && typeof k === 'object');
	const all = keys.map((k, i) => ({ k, i }));
	const kid = str(header.kid);
	const x5t = str(header.x5t);
	const x5tS256 = str(header['x5t#S256']);
	let picked = all.filter(({ k }) => (kid !== undefined && k.kid === kid) || (x5t !== undefined && k.x5t === x5t) || (x5tS256 !== undefined && k['x5t#S256'] === x5tS256));
	if (picked.length === 0) {
		if (kid !== undefined || x5t !== undefined || x5tS256 !== undefined) {
			findings.push({
				severity: 'warning',
				code: 'jwks-key-not-found',
				message: `No key in the JWK Set has the token's ${kid !== undefined ? `kid '${kid}'` : x5t !== undefined ? `x5t '${x5t}'` : `x5t#S256 '${x5tS256}'`}; every key was tried instead.`,
				fix: 'Use the JWK Set of the token\'s issuer (for Entra: the jwks_uri of the tenant\'s OpenID configuration); keys rotate, so fetch it again.',
			});
		}
		picked = all;
	}
	return picked.map(({ k, i }) => ({ label: jwkLabel(k, i), key: () => importJWK(k as JWK, alg) }));
}

/**
 * Verifies a compact JWS's signature with the given key material and reports its time status.
 * Throws CoreError only for input that is not a JWS at all (malformed, encrypted) or unusable key material;
 * a signature that does not verify gives `signatureValid: false` and a `reason`.
 *
 * @example
 * const r = await verifyJwt(assertion, { certificateDer }, new Date());
 * r.signatureValid; // true
 * r.keyUsed;        // 'thumbprint:84E05C1D98BCE3A5420D225B140B36E86A3D5534'
 */
export async function verifyJwt(token: string, key: VerifyKey, now: Date, options: VerifyOptions = {}): Promise<VerifyResult> {
	const decoded: DecodedJwt = decodeJwt(token);
	const { header, payload } = decoded;
	const findings: Finding[] = [];
	const kind = explainToken(decoded, now).kind;
	const isAssertion = kind === 'client-assertion';
	const ts = timeStatus(payload, now, options.skewSeconds ?? 300);

	if (ts.status === 'expired') {
		findings.push({ severity: 'error', code: isAssertion ? 'AADSTS700024' : 'jwt-expired', message: ts.detail, fix: isAssertion ? 'Sign a new assertion right before each token request, with the clock in UTC.' : 'Get a new token; tokens cannot be extended.' });
	} else if (ts.status === 'not-yet-valid') {
		findings.push({ severity: 'error', code: isAssertion ? 'AADSTS700024' : 'jwt-not-yet-valid', message: ts.detail, fix: 'Check the clock and time zone of the machine that signed the token; nbf must not be in the future.' });
	} else if (ts.status === 'no-exp') {
		findings.push({ severity: 'warning', code: 'jwt-no-exp', message: ts.detail, fix: isAssertion ? 'Add exp (MSAL uses 10 minutes after signing).' : 'Reject tokens without exp, or ask the issuer to set it.' });
	}

	const alg = str(header.alg) ?? '';
	const result = (signatureValid: boolean, extra: { keyUsed?: string; reason?: string }): VerifyResult => ({ signatureValid, time: ts.status, ...extra, findings: sortFindings(findings) });

	if (alg === 'none' || alg === '') {
		const reason = alg === 'none' ? 'The token is unsigned (alg "none"); there is no signature to check.' : 'The token header has no alg, so no signature can be checked.';
		findings.push({ severity: 'error', code: 'jwt-unsigned', message: reason, fix: 'Only accept signed tokens; sign with PS256 or RS256.' });
		return result(false, { reason });
	}

	const candidates: Candidate[] = [];
	if (key.certificateDer) {
		let cert: X509Certificate;
		try {
			cert = new X509Certificate(Buffer.from(key.certificateDer));
		} catch (e) {
			throw new CoreError('ERR_CERT_UNREADABLE', 'The certificate to verify with is not DER-encoded X.509; pass the certificate\'s DER bytes.', { cause: e });
		}
		const t = thumbprints(key.certificateDer);
		const hx5t = str(header.x5t);
		const hS256 = str(header['x5t#S256']);
		if ((hx5t !== undefined && hx5t !== t.x5t) || (hS256 !== undefined && hS256 !== t.x5tS256)) {
			findings.push({
				severity: isAssertion ? 'error' : 'warning',
				code: isAssertion ? 'AADSTS700027' : 'x5t-mismatch',
				message: `The token's ${hx5t !== undefined && hx5t !== t.x5t ? `x5t '${hx5t}'` : `x5t#S256 '${hS256}'`} does not name this certificate (x5t ${t.x5t}, x5t#S256 ${t.x5tS256}).`,
				fix: 'Sign with this certificate\'s key and put base64url(SHA-1(DER)) in x5t or base64url(SHA-256(DER)) in x5t#S256, or verify with the certificate the header names.',
			});
		}
		const pub = cert.publicKey;
		candidates.push({ label: `thumbprint:${t.sha1Hex}`, key: async () => pub });
	}
	if (key.publicKeyPem !== undefined) {
		let pub: KeyObject;
		try {
			pub = createPublicKey(key.publicKeyPem);
		} catch (e) {
			throw new CoreError('ERR_KEY_UNREADABLE', 'The public key is not a PEM public key (or certificate); pass a "-----BEGIN PUBLIC KEY-----" block.', { cause: e });
		}
		candidates.push({ label: 'public-key', key: async () => pub });
	}
	if (key.jwk !== undefined) {
		const jwk = key.jwk as Record<string, unknown>;
		candidates.push({ label: jwkLabel(jwk, 0).replace('jwks[0]', 'jwk'), key: () => importJWK(jwk as JWK, alg) });
	}
	if (key.jwks !== undefined) {
		candidates.push(...candidatesFromJwks(key.jwks, header, alg, findings));
	}
	if (candidates.length === 0) {
		throw new CoreError('ERR_INVALID_OPTION', 'No key to verify with; pass a certificate, a public key, a JWK or a JWK Set.');
	}

	if (!ASYMMETRIC.includes(alg) && !(key.jwk !== undefined || key.jwks !== undefined)) {
		const reason = `The token's alg '${alg}' is not an asymmetric signature algorithm, so a certificate or public key cannot verify it.`;
		findings.push({ severity: 'error', code: 'jwt-alg-unsupported', message: reason, fix: 'Use PS256 or RS256 for tokens checked with certificates.' });
		return result(false, { reason });
	}

	const failures: string[] = [];
	for (const c of candidates) {
		try {
			const k = await c.key();
			await compactVerify(decoded.token, k, { algorithms: [alg] });
			return result(true, { keyUsed: c.label });
		} catch (e) {
			failures.push(`${c.label}: ${e instanceof Error ? e.message : String(e)}`);
		}
	}

	let reason: string;
	if (header.nonce !== undefined) {
		reason = 'The token has a header nonce, as Microsoft Graph tokens do: Graph signs over a transformed nonce, so nobody but Graph can validate this signature (an API that receives it cannot use it for On-Behalf-Of: AADSTS50013).';
		findings.push({ severity: 'warning', code: 'graph-token-nonce', message: reason, fix: 'Do not validate Graph tokens in your API; have the client request a token for your API (scope api://{your-api}/...) instead.' });
	} else {
		const mismatch = failures.every((f) => /signature verification failed/i.test(f));
		reason = mismatch
			? `The signature does not match ${candidates.length === 1 ? 'the key' : `any of the ${candidates.length} keys`}: the token was signed with ${failures.length === 1 ? 'a different key' : 'different keys'}, or altered after signing.`
			: `The signature could not be checked: ${failures.join('; ')}.`;
		findings.push({
			severity: 'error',
			code: isAssertion ? 'AADSTS700027' : 'jwt-signature-invalid',
			message: reason,
			fix: isAssertion ? 'Sign with the private key of the certificate registered on the app, and check that the header thumbprint names that certificate.' : 'Verify with the issuer\'s current signing keys; if they match, the token was tampered with.',
		});
	}
	return result(false, { reason });
}
