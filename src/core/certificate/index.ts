/**
 * The certificate core. Reading and describing PEM, DER and base64 certificates uses Node's crypto only; what needs
 * @peculiar/x509 (generation, subjects, unusual certificates) or asn1js (PFX) is loaded on first use (lazy.ts).
 */
export * from './thumbprint';
export * from './pem';
export * from './keys';
export * from './read';
export { describeCertificate, validityFindings, fileBaseName, type CertificateInfo } from './describe';
export type { GeneratedCertificate, SubjectAltNames } from './x509';
export type { PfxContents } from './pfx';
import { pfxModule, x509Module } from './lazy';
import { generateRsaKeyPair, type PrivateKeyInfo } from './keys';
import type * as X509 from './x509';
import type * as Pfx from './pfx';

/**
 * A subject as a distinguished name: a bare name becomes CN=name (special characters escaped).
 * @example
 * normalizeSubject('my-app'); // 'CN=my-app'
 */
export function normalizeSubject(input: string): string {
	return x509Module().normalizeSubject(input);
}

/**
 * A self-signed RSA certificate for client authentication (see x509.ts). The key pair starts generating in the thread
 * pool before x509.ts (and @peculiar/x509) is loaded, so the two overlap.
 */
export async function generateSelfSignedCertificate(options: Parameters<typeof X509.generateSelfSignedCertificate>[0]): ReturnType<typeof X509.generateSelfSignedCertificate> {
	const keySize = options.keySize ?? 2048;
	const keyPair = options.keyPair ?? ([2048, 3072, 4096].includes(keySize) ? generateRsaKeyPair(keySize) : undefined);
	keyPair?.catch(() => undefined); // awaited in x509.ts; this only keeps a failed load from leaving it unhandled
	return (await import('./x509')).generateSelfSignedCertificate({ ...options, keyPair });
}

/** True when the bytes are a PKCS#12 PFX (see pfx.ts). */
export function looksLikePfx(bytes: Uint8Array): boolean {
	return pfxModule().looksLikePfx(bytes);
}

/** The certificates and keys of a PFX (see pfx.ts). */
export function readPfx(...args: Parameters<typeof Pfx.readPfx>): ReturnType<typeof Pfx.readPfx> {
	return pfxModule().readPfx(...args);
}

/** A PFX in OpenSSL 3's default form (see pfx.ts). */
export function writePfx(...args: Parameters<typeof Pfx.writePfx>): Uint8Array {
	return pfxModule().writePfx(...args);
}

/**
 * A PFX that `openssl pkcs12` (without -legacy), Windows and Key Vault open with the password.
 * @example
 * const pfx = await exportPfx({ certificates: [der], privateKey, password: 'correct horse' });
 */
export async function exportPfx(options: { certificates: Uint8Array[]; privateKey: PrivateKeyInfo; password: string; friendlyName?: string }): Promise<Uint8Array> {
	const { writePfx: write } = await import('./pfx');
	return write({ certificates: options.certificates, pkcs8Der: options.privateKey.pkcs8Der, password: options.password, friendlyName: options.friendlyName });
}
