/**
 * Test material for the jwt tests: RSA/EC keys generated at run time and self-signed certificates made by
 * openssl (an independent implementation) in a temp directory, with openssl's own fingerprints.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCert {
	privateKey: KeyObject;
	privateKeyPem: string;
	pkcs8Der: Uint8Array;
	certDer: Uint8Array;
	certPem: string;
	/** openssl's SHA-1 fingerprint, hex without colons (uppercase). */
	sha1Hex: string;
	/** openssl's SHA-256 fingerprint, hex without colons (uppercase). */
	sha256Hex: string;
}

function fingerprint(dir: string, digest: 'sha1' | 'sha256'): string {
	const out = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der'), '-noout', '-fingerprint', `-${digest}`], { encoding: 'utf8' });
	const m = /Fingerprint=([0-9A-F:]+)/i.exec(out);
	if (!m) {
		throw new Error(`openssl printed no fingerprint: ${out}`);
	}
	return m[1].replace(/:/g, '').toUpperCase();
}

/** A key pair of the given kind and a self-signed certificate for it, made by openssl. */
export function makeCert(kind: { rsaBits: number } | { ec: 'prime256v1' } = { rsaBits: 2048 }, subject = '/CN=jwt-test'): TestCert {
	const { privateKey } = 'rsaBits' in kind ? generateKeyPairSync('rsa', { modulusLength: kind.rsaBits }) : generateKeyPairSync('ec', { namedCurve: kind.ec });
	const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
	const dir = mkdtempSync(join(tmpdir(), 'jwt-test-'));
	try {
		writeFileSync(join(dir, 'key.pem'), privateKeyPem, { mode: 0o600 });
		execFileSync('openssl', ['req', '-new', '-x509', '-key', join(dir, 'key.pem'), '-subj', subject, '-days', '2', '-sha256', '-outform', 'DER', '-out', join(dir, 'cert.der')], { stdio: 'pipe' });
		const certDer = new Uint8Array(readFileSync(join(dir, 'cert.der')));
		const certPem = execFileSync('openssl', ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der')], { encoding: 'utf8' });
		return {
			privateKey,
			privateKeyPem,
			pkcs8Der: new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })),
			certDer,
			certPem,
			sha1Hex: fingerprint(dir, 'sha1'),
			sha256Hex: fingerprint(dir, 'sha256'),
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Splits a compact JWS into parsed header, payload and the raw parts (independent of the code under test). */
export function splitJws(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer } {
	const [h, p, s] = token.split('.');
	return {
		header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
		payload: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>,
		signingInput: `${h}.${p}`,
		signature: Buffer.from(s, 'base64url'),
	};
}

/** A compact JWS built by hand with Node's crypto.sign (RS256), for tokens with arbitrary headers. */
export function rs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
	const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
	return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}
