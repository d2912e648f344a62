/**
 * Signing client assertions: the JWT an app sends as `client_assertion` to authenticate with a certificate
 * (entra-rules §1-2). PS256 + `x5t#S256` by default, as Entra's current docs and MSAL do; RS256 + `x5t`
 * (SHA-1) on request, as msal-node's `thumbprint` mode does.
 *
 * The JWS is put together here (RFC 7515 §7.1: base64url of the header and the claims, joined by dots, and the
 * signature over those bytes) and signed with Node's crypto.sign, synchronously: an assertion is signed once per token
 * request, and a library's asynchronous WebCrypto path costs a thread-pool round trip and a key conversion each time
 * for no gain. Verification elsewhere in the kit stays with jose, and the tests check these assertions with Node's
 * crypto.verify, jose and msal-node.
 */
import { constants, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { CoreError } from '../errors';
import { base64Encode } from '../encoding';
import { thumbprints } from '../certificate/thumbprint';
import { keyMatchesCertificate } from '../certificate/keys';
import { isGuid } from '../ids';
import { tokenEndpoint, type CloudName } from '../token/clouds';

export interface SignClientAssertionOptions {
	/** The registered certificate, DER. */
	certificateDer: Uint8Array;
	/** Intermediates for `x5c` (DER, leaf's issuer first). Only used with `x5c: true`. */
	chain?: Uint8Array[];
	/** The certificate's private key, PKCS#8 DER (unencrypted). */
	privateKeyPkcs8: Uint8Array;
	/** The application (client) ID GUID: becomes iss and sub. */
	clientId: string;
	/** Tenant ID or domain; required unless `audience` is given. */
	tenant?: string;
	/** Default 'public'. */
	cloud?: CloudName;
	/** Overrides aud (default: the cloud's v2.0 token endpoint for the tenant). */
	audience?: string;
	/** Default 'PS256' (header x5t#S256); 'RS256' uses x5t (SHA-1). */
	alg?: 'PS256' | 'RS256';
	/** Seconds from now to exp; default 600, as every MSAL. */
	lifetimeSeconds?: number;
	/** Put the certificate chain in the header (subject-name/issuer auth). */
	x5c?: boolean;
	now: Date;
	/** Default: a random UUID. */
	jti?: string;
}

/** Minimum RSA modulus Entra accepts (entra-rules §1). */
export const MIN_RSA_BITS = 2048;
/** Default assertion lifetime (entra-rules §1: all MSALs use 600 s). */
export const DEFAULT_ASSERTION_LIFETIME = 600;

export { isGuid };

function readPrivateKey(pkcs8: Uint8Array): KeyObject {
	try {
		return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
	} catch (e) {
		throw new CoreError('ERR_KEY_UNREADABLE', 'The private key is not an unencrypted PKCS#8 DER key; convert it (openssl pkcs8 -topk8 -nocrypt -outform DER) or load it with the kit\'s key loader.', { cause: e });
	}
}

function readCertificate(der: Uint8Array): X509Certificate {
	try {
		return new X509Certificate(Buffer.from(der));
	} catch (e) {
		throw new CoreError('ERR_CERT_UNREADABLE', 'The certificate is not DER-encoded X.509; pass the certificate\'s DER bytes (decode the PEM first).', { cause: e });
	}
}

/**
 * Checks that a private key is one Entra accepts for client assertions (RSA, at least 2048 bits) and
 * returns its modulus size. Throws CoreError 'ERR_KEY_UNSUPPORTED' with the reason.
 */
export function checkAssertionKey(key: KeyObject, alg: 'PS256' | 'RS256' = 'PS256'): number {
	const type = key.asymmetricKeyType;
	if (type !== 'rsa' && !(type === 'rsa-pss' && alg === 'PS256')) {
		throw new CoreError('ERR_KEY_UNSUPPORTED', `The key is ${type === 'rsa-pss' ? 'an RSA-PSS-only key, which cannot sign RS256' : `an ${String(type).toUpperCase()} key`}; Microsoft Entra ID currently supports only RSA keys for certificate credentials, so create an RSA certificate (2048 bits or more).`);
	}
	const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < MIN_RSA_BITS) {
		throw new CoreError('ERR_KEY_UNSUPPORTED', `The RSA key has ${bits} bits; Entra rejects keys under ${MIN_RSA_BITS} bits (AADSTS700027 "RSA key size ${bits} is less than the minimum required ${MIN_RSA_BITS} bits"), so create a new certificate with a 2048-bit or larger key.`);
	}
	return bits;
}

interface CheckedPair {
	key: KeyObject;
	t: ReturnType<typeof thumbprints>;
	algs: Set<string>;
}

/**
 * Parsed key and certificate, checked once per pair of byte arrays: callers that sign many assertions
 * with the same key (the sandbox, the workbench) skip the parse and the pair check after the first.
 */
const pairCache = new WeakMap<Uint8Array, WeakMap<Uint8Array, CheckedPair>>();

function checkedPair(pkcs8: Uint8Array, der: Uint8Array, alg: 'PS256' | 'RS256'): CheckedPair {
	let byCert = pairCache.get(pkcs8);
	const hit = byCert?.get(der);
	if (hit?.algs.has(alg)) {
		return hit;
	}
	const certificate = readCertificate(der);
	const key = hit?.key ?? readPrivateKey(pkcs8);
	checkAssertionKey(key, alg);
	if (!hit && !keyMatchesCertificate({ pkcs8Der: pkcs8, algorithm: 'RSA' }, der)) {
		throw new CoreError('ERR_KEY_MISMATCH', `The private key does not belong to the certificate '${certificate.subject.replace(/\n/g, ', ')}'; use the key file generated with this certificate (Entra would answer AADSTS700027).`);
	}
	const pair = hit ?? { key, t: thumbprints(der), algs: new Set<string>() };
	pair.algs.add(alg);
	if (!byCert) {
		byCert = new WeakMap();
		pairCache.set(pkcs8, byCert);
	}
	byCert.set(der, pair);
	return pair;
}

/**
 * Signs a client assertion for Entra's token endpoint. Header: `alg`, `typ: 'JWT'`, `x5t#S256` (PS256)
 * or `x5t` (RS256), optional `x5c`. Claims: aud, iss = sub = clientId, jti, nbf = iat = now, exp.
 *
 * @example
 * const jwt = await signClientAssertion({ certificateDer, privateKeyPkcs8, clientId, tenant: 'contoso.onmicrosoft.com', now: new Date() });
 * // header { alg: 'PS256', typ: 'JWT', 'x5t#S256': '…' }, aud 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token'
 */
export async function signClientAssertion(options: SignClientAssertionOptions): Promise<string> {
	const alg = options.alg ?? 'PS256';
	if (alg !== 'PS256' && alg !== 'RS256') {
		throw new CoreError('ERR_INVALID_OPTION', `The algorithm '${String(alg)}' is not supported for client assertions; use PS256 (recommended) or RS256.`);
	}
	const clientId = options.clientId.trim();
	if (!isGuid(clientId)) {
		throw new CoreError('ERR_INVALID_OPTION', `The client ID '${options.clientId}' is not a GUID; use the app registration's "Application (client) ID", not its name or App ID URI.`);
	}
	const lifetime = options.lifetimeSeconds ?? DEFAULT_ASSERTION_LIFETIME;
	if (!Number.isInteger(lifetime) || lifetime <= 0) {
		throw new CoreError('ERR_INVALID_OPTION', `The assertion lifetime ${String(lifetime)} is not a positive whole number of seconds; use 600 (10 minutes), as MSAL does.`);
	}
	let aud: string;
	if (options.audience !== undefined) {
		aud = options.audience.trim();
		if (!/^https?:\/\/[^\s/]+/i.test(aud)) {
			throw new CoreError('ERR_INVALID_OPTION', `The audience '${options.audience}' is not a URL; use the token endpoint, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.`);
		}
	} else {
		if (options.tenant === undefined || options.tenant.trim() === '') {
			throw new CoreError('ERR_INVALID_OPTION', 'No tenant given for the assertion\'s audience; pass the directory (tenant) ID or domain, or an explicit audience.');
		}
		aud = tokenEndpoint(options.cloud ?? 'public', options.tenant);
	}
	const jti = options.jti ?? randomUUID();
	if (jti.length === 0) {
		throw new CoreError('ERR_INVALID_OPTION', 'The jti is empty; leave it out to get a random GUID.');
	}

	const { key, t } = checkedPair(options.privateKeyPkcs8, options.certificateDer, alg);
	const header: Record<string, unknown> = { alg, typ: 'JWT' };
	if (alg === 'PS256') {
		header['x5t#S256'] = t.x5tS256;
	} else {
		header.x5t = t.x5t;
	}
	if (options.x5c) {
		header.x5c = [options.certificateDer, ...(options.chain ?? [])].map((d) => base64Encode(d));
	}
	const iat = Math.floor(options.now.getTime() / 1000);
	const payload = { aud, iss: clientId, sub: clientId, jti, nbf: iat, iat, exp: iat + lifetime };
	const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
	// PS256 (RFC 7518 §3.5): RSASSA-PSS with SHA-256, MGF1 with SHA-256, salt as long as the hash (32 bytes).
	const signature = sign('sha256', Buffer.from(input), alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : { key, padding: constants.RSA_PKCS1_PADDING });
	return `${input}.${signature.toString('base64url')}`;
}
