/**
 * Test helper: certificates and keys made by openssl (an implementation independent of the kit),
 * in a fresh temp folder, with the values openssl itself reports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs openssl; returns stdout as text. Throws with stderr on failure. */
export function openssl(args: string[], input?: string | Buffer): string {
	return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
}

/** Runs openssl; returns stdout as bytes. */
export function opensslBytes(args: string[]): Buffer {
	return execFileSync('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'eck-'): string {
	return mkdtempSync(join(tmpdir(), prefix));
}

export interface OpensslCert {
	dir: string;
	certPem: string;
	keyPem: string;
	/** Paths. */
	certPath: string;
	keyPath: string;
	der: Buffer;
	/** Uppercase hex without colons, from `openssl x509 -fingerprint`. */
	sha1Hex: string;
	sha256Hex: string;
}

/** Fingerprint as openssl prints it, uppercase hex without colons. */
export function fingerprint(certPath: string, alg: 'sha1' | 'sha256', inform: 'PEM' | 'DER' = 'PEM'): string {
	return openssl(['x509', '-inform', inform, '-in', certPath, '-noout', '-fingerprint', `-${alg}`]).trim().split('=')[1].replace(/:/g, '');
}

/** A self-signed certificate with `-newkey` (rsa:2048 by default; e.g. 'rsa:1024' or 'ec -pkeyopt ec_paramgen_curve:P-256'). */
export function makeCert(cn: string, keySpec: string[] = ['-newkey', 'rsa:2048'], days = 30): OpensslCert {
	const dir = tempDir('eck-ossl-');
	const certPath = join(dir, 'cert.pem');
	const keyPath = join(dir, 'key.pem');
	openssl(['req', '-x509', ...keySpec, '-nodes', '-keyout', keyPath, '-out', certPath, '-subj', `/CN=${cn}`, '-days', String(days)]);
	return {
		dir,
		certPem: readFileSync(certPath, 'utf8'),
		keyPem: readFileSync(keyPath, 'utf8'),
		certPath,
		keyPath,
		der: opensslBytes(['x509', '-in', certPath, '-outform', 'DER']),
		sha1Hex: fingerprint(certPath, 'sha1'),
		sha256Hex: fingerprint(certPath, 'sha256'),
	};
}
