/**
 * `npm run bench`: the kit's hot paths side by side with independent anchors in one run.
 * ratio = anchor time / our time (above 1: faster than the anchor).
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createSign, constants, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCertificate, readCertificateMaterial, thumbprints } from '../src/core/certificate';
import { signClientAssertion } from '../src/core/jwt';
import { decodeJwt, findJwtAt } from '../src/core/jwt';
import { diagnose } from '../src/core/diagnose';
import { compare, printRows, type BenchRow } from './harness';
import { benchSandbox } from './sandbox';

async function main(): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'eck-bench-'));
	const certPath = join(dir, 'c.pem');
	const keyPath = join(dir, 'k.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-subj', '/CN=bench', '-days', '30'], { stdio: 'ignore' });
	const pem = readFileSync(certPath);
	const der = execFileSync('openssl', ['x509', '-in', certPath, '-outform', 'DER']);
	const pfxPath = join(dir, 'c.pfx');
	execFileSync('openssl', ['pkcs12', '-export', '-in', certPath, '-inkey', keyPath, '-out', pfxPath, '-passout', 'pass:pw']);
	const pfx = readFileSync(pfxPath);
	const key = createPrivateKey(readFileSync(keyPath));
	const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
	const rows: BenchRow[] = [];

	// Thumbprint of a PEM file: the kit in-process vs `openssl x509 -fingerprint` (a process per file, as scripts do it).
	rows.push(await compare('thumbprints of a PEM file', 'openssl x509 -fingerprint (process)', async () => describeCertificate((await readCertificateMaterial(pem)).certificates[0]), () => execFileSync('openssl', ['x509', '-in', certPath, '-noout', '-fingerprint', '-sha1'])));
	rows.push(await compare('thumbprints of a PFX (PBES2, 2048 iterations)', 'openssl pkcs12 (process)', async () => readCertificateMaterial(pfx, { password: 'pw' }), () => execFileSync('openssl', ['pkcs12', '-in', pfxPath, '-passin', 'pass:pw', '-nokeys', '-clcerts']), 1000));
	rows.push(await compare('SHA-1 + SHA-256 thumbprint forms of DER', 'raw crypto createHash x2', () => thumbprints(der), () => {
		createHash('sha1').update(der).digest();
		createHash('sha256').update(der).digest();
	}, 1000, 'ours also encodes hex, base64url and base64'));

	// Signing a client assertion: the kit (jose) vs raw crypto.sign over the same header and claims.
	const now = new Date();
	const claims = { aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', iss: 'c', sub: 'c', jti: randomUUID(), nbf: 1, iat: 1, exp: 601 };
	rows.push(await compare('sign a PS256 client assertion', 'raw crypto.sign RSA-PSS', () => signClientAssertion({ certificateDer: der, privateKeyPkcs8: pkcs8, clientId: '11111111-2222-3333-4444-555555555555', tenant: 't', now }), () => {
		const input = `${Buffer.from('{"alg":"PS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
		return createSign('sha256').update(input).sign({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
	}));
	const token = await signClientAssertion({ certificateDer: der, privateKeyPkcs8: pkcs8, clientId: '11111111-2222-3333-4444-555555555555', tenant: 't', now });
	rows.push(await compare('decode a JWT', 'raw JSON.parse of base64url parts', () => decodeJwt(token), () => token.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()))));
	const line = `${'x'.repeat(10 * 1024 * 1024)} ${token} ${'y'.repeat(1000)}`;
	const short = `x ${token} y`;
	const medium = `${'x'.repeat(64 * 1024)} ${token} ${'y'.repeat(1000)}`;
	rows.push(await compare('findJwtAt on a 10 MB line', 'findJwtAt on a 64 KB line', () => findJwtAt(line, 10 * 1024 * 1024 + 20), () => findJwtAt(medium, 64 * 1024 + 20), 1000, 'ratio ≈ 1: cost does not grow with the line'));
	rows.push(await compare('findJwtAt on a 10 MB line', 'findJwtAt on a one-token line', () => findJwtAt(line, 10 * 1024 * 1024 + 20), () => findJwtAt(short, 20), 1000, 'the bounded ±16 KiB window'));
	rows.push(await compare('diagnose a client assertion', 'decodeJwt alone', () => diagnose(token, { now }), () => decodeJwt(token)));

	// msal-node builds the same assertion (its thumbprintSha256 mode) through jsonwebtoken.
	try {
		const msal = await import('@azure/msal-node');
		const ClientAssertion = (msal as unknown as { ClientAssertion?: { fromCertificate(t: string, k: string, x5c?: string): { getJwt(c: unknown, issuer: string, aud: string): string } } }).ClientAssertion;
		if (ClientAssertion) {
			const sha256 = createHash('sha256').update(der).digest('hex');
			const keyPem = readFileSync(keyPath, 'utf8');
			const crypto = new msal.CryptoProvider();
			rows.push(await compare('sign a PS256 client assertion', 'msal-node ClientAssertion (fresh each time)', () => signClientAssertion({ certificateDer: der, privateKeyPkcs8: pkcs8, clientId: '11111111-2222-3333-4444-555555555555', tenant: 't', now }), () => (ClientAssertion as unknown as { fromCertificateWithSha256Thumbprint?: (t: string, k: string) => { getJwt(c: unknown, i: string, a: string): string } }).fromCertificateWithSha256Thumbprint?.(sha256, keyPem).getJwt(crypto, 'c', 'https://login.microsoftonline.com/t/oauth2/v2.0/token') ?? ClientAssertion.fromCertificate(sha256, keyPem).getJwt(crypto, 'c', 'https://login.microsoftonline.com/t/oauth2/v2.0/token')));
		}
	} catch (e) {
		console.log(`(msal-node comparison skipped: ${e instanceof Error ? e.message : String(e)})`);
	}

	// The sandbox's token endpoint (its own process) against a bare node:http server, same client.
	try {
		rows.push(...(await benchSandbox()));
	} catch (e) {
		console.log(`(sandbox bench skipped: ${e instanceof Error ? e.message : String(e)})`);
	}

	printRows(rows);
	writeFileSync(join(dir, 'done'), '');
}

void main();
