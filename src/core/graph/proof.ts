/**
 * The proof-of-possession JWT that Graph's addKey and removeKey require (application-addkey.md): a JWT signed with
 * the private key of one of the application's existing valid certificates, with
 *   aud = '00000002-0000-0000-c000-000000000000', iss = the application's object ID (Graph's `id`, not the appId),
 *   nbf = now, exp = nbf + 10 minutes,
 * and the signing certificate named in the header by `x5t` (Microsoft's sample proof does so).
 * signProof makes one with jose; verifyProof is how the sandbox checks one (rules in docs/graph-keycredentials.md).
 */
import { constants, createPrivateKey, randomUUID, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { CoreError } from '../errors';
import { base64urlDecode } from '../encoding';
import { isGuid } from '../ids';
import { thumbprints } from '../certificate/thumbprint';
import { keyMatchesCertificate } from '../certificate/keys';
import { checkAssertionKey } from '../jwt/assertion';
import { decodeJwt } from '../jwt/decode';

/** The proof's audience: the Azure AD Graph application ID, as the addKey doc requires. */
export const PROOF_AUDIENCE = '00000002-0000-0000-c000-000000000000';
/** exp - nbf of a proof: the doc says exp "should be nbf + 10 mins". */
export const PROOF_LIFETIME_SECONDS = 600;

export interface SignProofOptions {
	/** The existing registered certificate, DER. */
	certificateDer: Uint8Array;
	/** Its private key, PKCS#8 DER, unencrypted. */
	privateKeyPkcs8: Uint8Array;
	/** The application's object ID (Graph's `id`). */
	objectId: string;
	now: Date;
	/** Default 'RS256' (Microsoft's sample); 'PS256' puts x5t#S256 beside x5t. */
	alg?: 'RS256' | 'PS256';
	/** Default 600; the sandbox refuses more. */
	lifetimeSeconds?: number;
}

/**
 * Signs a proof of possession for addKey/removeKey. Throws CoreError for a key that does not belong to the
 * certificate (ERR_KEY_MISMATCH), a non-RSA or small key (ERR_KEY_UNSUPPORTED), or an object ID that is not a GUID.
 * @example
 * const proof = await signProof({ certificateDer, privateKeyPkcs8, objectId: app.id, now: new Date() });
 */
export async function signProof(options: SignProofOptions): Promise<string> {
	const objectId = options.objectId.trim();
	if (!isGuid(objectId)) {
		throw new CoreError('ERR_INVALID_OPTION', `The application object ID '${options.objectId}' is not a GUID; the proof's iss is the application's object ID (Graph's "id"), read it with 'entra-cert app show'.`);
	}
	const alg = options.alg ?? 'RS256';
	const lifetime = options.lifetimeSeconds ?? PROOF_LIFETIME_SECONDS;
	if (!Number.isInteger(lifetime) || lifetime <= 0) {
		throw new CoreError('ERR_INVALID_OPTION', `The proof lifetime ${String(lifetime)} is not a positive whole number of seconds; use 600 (10 minutes), as the addKey doc says.`);
	}
	let key: KeyObject;
	try {
		key = createPrivateKey({ key: Buffer.from(options.privateKeyPkcs8), format: 'der', type: 'pkcs8' });
	} catch (e) {
		throw new CoreError('ERR_KEY_UNREADABLE', 'The proof key is not an unencrypted PKCS#8 key; load it with the kit\'s key reader first.', { cause: e });
	}
	checkAssertionKey(key, alg);
	if (!keyMatchesCertificate({ pkcs8Der: options.privateKeyPkcs8, algorithm: 'RSA' }, options.certificateDer)) {
		throw new CoreError('ERR_KEY_MISMATCH', 'The proof key does not belong to the proof certificate; sign the proof with the private key of the certificate already registered on the app.');
	}
	const t = thumbprints(options.certificateDer);
	const header: Record<string, unknown> = { alg, typ: 'JWT', x5t: t.x5t, ...(alg === 'PS256' ? { 'x5t#S256': t.x5tS256 } : {}) };
	const nbf = Math.floor(options.now.getTime() / 1000);
	return new SignJWT({ aud: PROOF_AUDIENCE, iss: objectId, nbf, exp: nbf + lifetime, jti: randomUUID() }).setProtectedHeader(header as { alg: string }).sign(key);
}

/** A certificate a proof may be signed with. */
export interface ProofCandidate {
	keyId: string;
	der: Uint8Array;
}

export type ProofCheck = { ok: true; keyId: string; sha1Hex: string } | { ok: false; reason: string };

/**
 * Checks a proof the way the sandbox emulates Graph: compact JWS, RS256 or PS256, `x5t` (or `x5t#S256`) naming one of
 * `candidates` (the app's keys that are valid now and may sign it), aud = PROOF_AUDIENCE, iss = the object ID,
 * nbf and exp present with exp - nbf ≤ 10 minutes, now inside [nbf - skew, exp + skew], signature verified with that
 * certificate's public key. Returns the reason in words when it fails.
 */
export function verifyProof(proof: string, options: { objectId: string; candidates: ProofCandidate[]; now: Date; skewSeconds?: number }): ProofCheck {
	let decoded;
	try {
		decoded = decodeJwt(proof);
	} catch {
		return { ok: false, reason: 'the proof is not a compact JWT (three base64url parts)' };
	}
	const { header, payload } = decoded;
	const alg = header.alg;
	if (alg !== 'RS256' && alg !== 'PS256') {
		return { ok: false, reason: `the proof's alg is '${String(alg)}'; it must be signed with the certificate's RSA key (RS256 or PS256)` };
	}
	const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
	const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
	if (!x5t && !x5tS256) {
		return { ok: false, reason: 'the proof header has no x5t naming the signing certificate' };
	}
	const found = options.candidates.find((c) => {
		const t = thumbprints(c.der);
		return (x5t !== undefined && t.x5t === x5t) || (x5tS256 !== undefined && t.x5tS256 === x5tS256);
	});
	if (!found) {
		return { ok: false, reason: `the certificate named by the proof's ${x5t ? `x5t '${x5t}'` : `x5t#S256 '${String(x5tS256)}'`} is not one of the application's valid certificates that may sign it` };
	}
	if (payload.aud !== PROOF_AUDIENCE) {
		return { ok: false, reason: `the proof's aud is ${JSON.stringify(payload.aud)}; it must be '${PROOF_AUDIENCE}'` };
	}
	if (typeof payload.iss !== 'string' || payload.iss.toLowerCase() !== options.objectId.toLowerCase()) {
		return { ok: false, reason: `the proof's iss is ${JSON.stringify(payload.iss)}; it must be the application's object ID '${options.objectId}' (not its appId)` };
	}
	if (typeof payload.nbf !== 'number' || typeof payload.exp !== 'number') {
		return { ok: false, reason: 'the proof has no numeric nbf and exp' };
	}
	if (payload.exp - payload.nbf > PROOF_LIFETIME_SECONDS) {
		return { ok: false, reason: `the proof is valid for ${payload.exp - payload.nbf} s (exp - nbf); it may be valid for at most ${PROOF_LIFETIME_SECONDS} s` };
	}
	const skew = options.skewSeconds ?? 300;
	const now = options.now.getTime() / 1000;
	if (now + skew < payload.nbf) {
		return { ok: false, reason: `the proof is not valid yet (nbf ${new Date(payload.nbf * 1000).toISOString()})` };
	}
	if (now - skew > payload.exp) {
		return { ok: false, reason: `the proof expired at ${new Date(payload.exp * 1000).toISOString()}` };
	}
	let signature: Uint8Array;
	try {
		signature = base64urlDecode(decoded.signature, 'signature');
	} catch {
		return { ok: false, reason: 'the proof signature is not base64url' };
	}
	const data = Buffer.from(`${decoded.segments[0]}.${decoded.segments[1]}`);
	const publicKey = new X509Certificate(Buffer.from(found.der)).publicKey;
	let valid: boolean;
	try {
		valid = alg === 'RS256' ? verify('sha256', data, publicKey, signature) : verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
	} catch {
		valid = false;
	}
	if (!valid) {
		return { ok: false, reason: `the proof's signature does not verify with the certificate its header names (SHA-1 ${thumbprints(found.der).sha1Hex}); sign it with that certificate's private key` };
	}
	return { ok: true, keyId: found.keyId, sha1Hex: thumbprints(found.der).sha1Hex };
}
