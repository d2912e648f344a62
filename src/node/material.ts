/**
 * Certificate and key files from disk for the CLI and the sandbox: read, then hand the bytes to the
 * core. File-system errors become one-line CoreErrors naming the file.
 */
import { basename } from 'node:path';
import { CoreError } from '../core/errors';
import { describeCertificate, readCertificateMaterial, readPrivateKey, type CertificateInfo, type CertificateMaterial, type PrivateKeyInfo } from '../core/certificate';
import { readInputFile } from './input';

/** The file's bytes, bounded (50 MiB, regular files only: see input.ts); errors name the file by its base name. */
function readBytes(path: string, what: string): Promise<Uint8Array> {
	return readInputFile(path, { what, display: basename(path) });
}

export type LoadedCertificate = CertificateMaterial & { path: string; info: CertificateInfo };

/** Reads a certificate file (PEM, DER or PFX) and describes its leaf. */
export async function loadCertificateFile(path: string, options: { password?: string } = {}): Promise<LoadedCertificate> {
	const bytes = await readBytes(path, 'certificate');
	const material = await readCertificateMaterial(bytes, { password: options.password, fileName: basename(path) });
	if (material.certificates.length === 0) {
		throw new CoreError('ERR_PEM_NO_BLOCK', `No certificate found in '${basename(path)}'. Expected a '-----BEGIN CERTIFICATE-----' block (it holds only a key).`);
	}
	return { ...material, path, info: describeCertificate(material.certificates[0]) };
}

/** Reads a private key file (PKCS#8, PKCS#1, encrypted PKCS#8; PEM or DER). */
export async function loadPrivateKeyFile(path: string, options: { passphrase?: string } = {}): Promise<PrivateKeyInfo> {
	return readPrivateKey(await readBytes(path, 'key'), { passphrase: options.passphrase, fileName: basename(path) });
}
