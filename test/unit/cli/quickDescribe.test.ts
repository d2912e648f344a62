/**
 * The thumbprint command's fast path (Node's X509Certificate) must say exactly what the core's describeCertificate
 * says, and step aside (undefined) for anything it cannot say the same way. Certificates are made by openssl at run time.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCertificate, readCertificateMaterial } from '../../../src/core/certificate';
import { quickDescribe } from '../../../src/cli/commands/certificates/quickDescribe';
import { thumbprintCommand } from '../../../src/cli/commands/certificates/commands';
import { runGuarded, type CliIO } from '../../../src/cli/framework';

const FIELDS = ['subject', 'issuer', 'notBefore', 'notAfter', 'keyAlgorithm', 'keySize', 'sha1Hex', 'sha256Hex', 'x5t', 'x5tS256', 'customKeyIdentifier', 'serialNumber', 'problems'] as const;

describe('cli: thumbprint fast path', function () {
	this.timeout(60000);
	let dir: string;
	let n = 0;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'eck-quick-'));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	/** A self-signed certificate from openssl: PEM path. */
	function make(subj: string, newkey = 'rsa:2048', extra: string[] = []): string {
		const base = join(dir, `c${++n}`);
		execFileSync('openssl', ['req', '-x509', '-newkey', newkey, '-nodes', '-keyout', base + '.key', '-out', base + '.pem', '-subj', subj, '-days', '30', ...extra], { stdio: 'ignore' });
		return base + '.pem';
	}

	async function core(pem: Buffer): Promise<Record<string, unknown>> {
		const info = describeCertificate((await readCertificateMaterial(new Uint8Array(pem))).certificates[0]);
		return Object.fromEntries(FIELDS.map((f) => [f, info[f]]));
	}

	const plain = [
		'/CN=my-app',
		'/C=US/ST=Washington/L=Redmond/O=Contoso Ltd/OU=Identity/CN=orders-api',
		'/DC=com/DC=contoso/CN=svc.contoso.com',
		'/CN=app (test)/O=a.b-c_d@e:f',
	];
	for (const subj of plain) {
		it(`gives the core's answer for ${subj}`, async () => {
			const pem = readFileSync(make(subj));
			const quick = quickDescribe(new Uint8Array(pem));
			assert.ok(quick, 'a plain certificate takes the fast path');
			assert.deepEqual(Object.fromEntries(FIELDS.map((f) => [f, quick[f]])), await core(pem));
		});
	}

	it("gives the core's serial number for 40 random serials (high bit set, small first byte)", async () => {
		make('/CN=serials');
		const key = join(dir, `c${n}.key`);
		let highBit = 0;
		for (let i = 0; i < 40; i++) {
			// First byte: 0x80-0xff (high bit), 0x01-0x0f (a leading zero nibble) or anything.
			const first = i % 3 === 0 ? 0x80 + Math.floor(Math.random() * 128) : i % 3 === 1 ? 1 + Math.floor(Math.random() * 15) : Math.floor(Math.random() * 256);
			const serial = '0x' + [first, ...[...Array(i % 2 === 0 ? 15 : 14)].map(() => Math.floor(Math.random() * 256))].map((b) => b.toString(16).padStart(2, '0')).join('');
			const out = join(dir, `s${i}.pem`);
			execFileSync('openssl', ['req', '-x509', '-key', key, '-out', out, '-subj', '/CN=serials', '-days', '3', '-set_serial', serial], { stdio: 'ignore' });
			const p = readFileSync(out);
			const want = (await core(p)).serialNumber as string;
			highBit += parseInt(serial.slice(2, 4), 16) >= 0x80 ? 1 : 0;
			assert.equal(quickDescribe(new Uint8Array(p))?.serialNumber, want, serial);
		}
		assert.ok(highBit > 0, 'some serials had the high bit set');
	});

	const fallbacks: [string, () => Buffer][] = [
		['a 1024-bit RSA key (the core reports it)', () => readFileSync(make('/CN=weak', 'rsa:1024'))],
		['an EC key', () => readFileSync(make('/CN=ec', 'ec', ['-pkeyopt', 'ec_paramgen_curve:prime256v1']))],
		['a subject with an escaped comma', () => readFileSync(make('/O=Contoso\\, Ltd/CN=x'))],
		['a multi-valued RDN', () => readFileSync(make('/OU=x+CN=y', 'rsa:2048', ['-multivalue-rdn']))],
		['an emailAddress attribute', () => readFileSync(make('/CN=x/emailAddress=a@b.c'))],
		['a chain of two certificates', () => Buffer.concat([readFileSync(make('/CN=one')), readFileSync(make('/CN=two'))])],
		['a certificate with its key', () => Buffer.concat([readFileSync(make('/CN=withkey')), readFileSync(join(dir, `c${n}.key`))])],
		['DER', () => execFileSync('openssl', ['x509', '-in', make('/CN=der'), '-outform', 'DER'])],
	];
	for (const [name, bytes] of fallbacks) {
		it(`steps aside for ${name}, and the command still prints the core's answer`, async () => {
			const b = bytes();
			assert.equal(quickDescribe(new Uint8Array(b)), undefined);
			const file = join(dir, `fallback-${++n}.bin`);
			writeFileSync(file, b);
			let stdout = '';
			const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: async () => '', env: {}, cwd: dir, now: () => new Date() };
			await runGuarded(thumbprintCommand, [file, '--json'], io);
			const printed = JSON.parse(stdout) as Record<string, unknown>;
			const want = await core(b);
			assert.equal(printed.sha1Hex, want.sha1Hex);
			assert.equal(printed.subject, want.subject);
			assert.deepEqual(printed.problems, JSON.parse(JSON.stringify(want.problems)));
		});
	}
});
