/**
 * Every form Entra uses to name a certificate, from its DER bytes.
 * - portal "Thumbprint": SHA-1 of the DER, uppercase hex;
 * - JWS header `x5t`: base64url(SHA-1(DER)), `x5t#S256`: base64url(SHA-256(DER)) (RFC 7515 §4.1.7-8);
 * - manifest `customKeyIdentifier`: base64 of the SHA-1 hash bytes (entra-rules §3), in both formats.
 */
import { createHash } from 'node:crypto';
import { base64Encode, base64urlEncode, toHex } from '../encoding';

export interface Thumbprints {
	/** SHA-1 of the DER certificate, uppercase hex without separators (what the portal shows). */
	sha1Hex: string;
	/** SHA-256 of the DER certificate, uppercase hex without separators. */
	sha256Hex: string;
	/** JWS `x5t`: base64url of the 20 SHA-1 bytes. */
	x5t: string;
	/** JWS `x5t#S256`: base64url of the 32 SHA-256 bytes. */
	x5tS256: string;
	/** keyCredential `customKeyIdentifier` (both manifest formats): base64 of the SHA-1 bytes. */
	customKeyIdentifier: string;
}

/**
 * @example
 * const t = thumbprints(der);
 * t.sha1Hex; // '84E05C1D98BCE3A5421D225B140B36E86A3D5534'
 * t.x5t;     // 'hOBcHZi846VCHSJbFAs26Go9VTQ'
 */
export function thumbprints(der: Uint8Array): Thumbprints {
	const sha1 = new Uint8Array(createHash('sha1').update(der).digest());
	const sha256 = new Uint8Array(createHash('sha256').update(der).digest());
	return {
		sha1Hex: toHex(sha1),
		sha256Hex: toHex(sha256),
		x5t: base64urlEncode(sha1),
		x5tS256: base64urlEncode(sha256),
		customKeyIdentifier: base64Encode(sha1),
	};
}
