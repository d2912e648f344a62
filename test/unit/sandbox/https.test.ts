/**
 * HTTPS mode: the sandbox's localhost certificate (made by the kit's generator with subjectAltNames) is trusted by
 * Node's TLS when given as `ca`, names 127.0.0.1, localhost and ::1, and serves the token endpoint.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSelfSignedCertificate } from '../../../src/core/certificate/x509';
import { CoreError } from '../../../src/core/errors';
import { startSandbox, type Sandbox } from '../../../src/sandbox';
import { openssl, tempDir } from '../helpers/openssl';
import { httpsRequest } from './fixtures';

describe('sandbox over HTTPS', function () {
	this.timeout(30000);
	let s: Sandbox;
	before(async () => {
		s = await startSandbox({ apps: [], https: true });
	});
	after(async () => {
		await s.close();
	});

	it('serves a certificate with SAN 127.0.0.1 that Node\'s TLS verifies when given as ca', async () => {
		assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
		assert.equal(s.https, true);
		const pem = s.tlsCertificatePem ?? '';
		const cert = new X509Certificate(pem);
		assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
		assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
		assert.ok(cert.checkIP('127.0.0.1'));
		const peer = await new Promise<{ authorized: boolean; fingerprint: string }>((resolve, reject) => {
			const socket = connect({ host: '127.0.0.1', port: s.port, ca: pem }, () => {
				resolve({ authorized: socket.authorized, fingerprint: socket.getPeerCertificate().fingerprint256 });
				socket.end();
			});
			socket.on('error', reject);
		});
		assert.equal(peer.authorized, true);
		assert.equal(peer.fingerprint, cert.fingerprint256);
		// Without the ca, Node refuses the self-signed certificate.
		await assert.rejects(httpsRequest(`${s.url}/`, {}), /self-signed|self signed/i);
	});

	it('answers over TLS with the emulation header', async () => {
		const r = await httpsRequest(`${s.authority}/v2.0/.well-known/openid-configuration`, { ca: s.tlsCertificatePem });
		assert.equal(r.status, 200);
		assert.equal(r.headers['x-entra-cert-sandbox'], 'emulation');
		assert.equal((JSON.parse(r.body) as { token_endpoint: string }).token_endpoint, `${s.url}/${s.tenantId}/oauth2/v2.0/token`);
	});

	it('generateSelfSignedCertificate with subjectAltNames: SAN and serverAuth as openssl reads them; bad names refused', async () => {
		const g = await generateSelfSignedCertificate({ subject: 'CN=localhost', subjectAltNames: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] }, now: new Date() });
		const dir = tempDir('eck-san-');
		writeFileSync(join(dir, 'c.pem'), g.certificatePem);
		const text = openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-text']);
		assert.match(text, /DNS:localhost, IP Address:127\.0\.0\.1, IP Address:0:0:0:0:0:0:0:1/);
		assert.match(text, /TLS Web Server Authentication/);
		const plain = await generateSelfSignedCertificate({ subject: 'CN=client', now: new Date() });
		assert.equal(new X509Certificate(Buffer.from(plain.certificateDer)).subjectAltName, undefined, 'no SAN unless asked');
		await assert.rejects(generateSelfSignedCertificate({ subject: 'CN=x', subjectAltNames: { ip: ['not-an-ip'] }, now: new Date() }), CoreError);
		await assert.rejects(generateSelfSignedCertificate({ subject: 'CN=x', subjectAltNames: { dns: ['bad name'] }, now: new Date() }), CoreError);
	});
});
