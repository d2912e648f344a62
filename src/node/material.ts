/**
 * Certificate and key files from disk for the CLI and the sandbox: read, then hand the bytes to the
 * core. File-system errors become one-line CoreErrors naming the file.
 */
import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { CoreError } from '../core/errors';
import { describeCertificate, readCertificateMaterial, readPrivateKey, type CertificateInfo, type CertificateMaterial, type PrivateKeyInfo } from '../core/certificate';

async function readBytes(path: string, what: string): Promise<Uint8Array> {
	try {
		return new Uint8Array(await fs.readFile(path));
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		const name = basename(path);
		if (code === 'ENOENT') {
			throw new CoreError('ERR_FILE', `'${name}' does not exist; check the ${what} path.`);
		}
		if (code === 'EISDIR') {
			throw new CoreError('ERR_FILE', `'${name}' is a folder; give the ${what} file.`);
		}
		if (code === 'EACCES') {
			throw new CoreError('ERR_FILE', `'${name}' cannot be read (permission denied); check its permissions.`);
		}
		throw new CoreError('ERR_FILE', `'${name}' cannot be read (${code ?? String(e)}).`);
	}
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
