/**
 * describeCertificate reads common certificates with Node's X509Certificate and a DER walk (describe.ts), and
 * @peculiar/x509 only for the rest. Here the two paths must give the same answer, field for field, over certificates
 * openssl and @peculiar/x509 make at run time with varied keys, names, string types, serials, dates and signature
 * algorithms, and over thousands of corrupted certificates. The fast path must also really be taken for the common
 * ones, and the thumbprint command must print the core's answer.
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { describeCertificate, readCertificateMaterial, type CertificateInfo } from '../../../src/core/certificate';
import { quickDescription } from '../../../src/core/certificate/describe';
import { describeWithX509 } from '../../../src/core/certificate/x509';
import { thumbprintCommand } from '../../../src/cli/commands/certificates/commands';
import { runGuarded, type CliIO } from '../../../src/cli/framework';

/** The outcome of a describe function: its result, or the thrown error's code and message. */
function outcome(f: (der: Uint8Array) => CertificateInfo, der: Uint8Array): unknown {
	try {
		return f(der);
	} catch (e) {
		return { threw: (e as { code?: string }).code, message: (e as Error).message };
	}
}

describe('certificate: describing without @peculiar/x509 gives the same answer', function () {
	this.timeout(120000);
	let dir: string;
	let n = 0;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'eck-describe-'));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	/** A self-signed certificate from openssl: DER bytes. */
	function make(subj: string, newkey = 'rsa:2048', extra: string[] = []): Uint8Array {
		const base = join(dir, `c${++n}`);
		execFileSync('openssl', ['req', '-x509', '-newkey', newkey, '-nodes', '-keyout', base + '.key', '-out', base + '.pem', '-subj', subj, '-days', '30', ...extra], { stdio: 'ignore' });
		return new Uint8Array(execFileSync('openssl', ['x509', '-in', base + '.pem', '-outform', 'DER']));
	}

	/** Both paths agree; `fast` says whether the quick path must answer by itself. */
	function same(der: Uint8Array, fast: boolean, label: string): CertificateInfo {
		const want = describeWithX509(der);
		const quick = quickDescription(der);
		if (fast) {
			assert.ok(quick, `${label}: the quick path answers`);
		}
		if (quick) {
			assert.deepEqual(quick, want, label);
		}
		assert.deepEqual(describeCertificate(der), want, label);
		return want;
	}

	const common: [string, string, string?, string[]?][] = [
		['RSA 2048, one CN', '/CN=my-app'],
		['a full name', '/C=US/ST=Washington/L=Redmond/O=Contoso Ltd/OU=Identity/CN=orders-api'],
		['domain components', '/DC=com/DC=contoso/CN=svc.contoso.com'],
		['punctuation', "/CN=app (test)/O=a.b-c_d@e:f'?"],
		['an escaped comma', '/O=Contoso\\, Ltd/CN=x'],
		['characters RFC 4514 escapes', '/CN=a\\+b;c<d>e"f\\\\g=h'],
		['a leading #, a leading and a trailing space', '/CN=#hash/O= lead/OU=trail '],
		['a multi-valued RDN', '/OU=x+CN=y', 'rsa:2048', ['-multivalue-rdn']],
		['emailAddress (IA5String)', '/CN=x/emailAddress=a@b.c'],
		['attribute types printed as OIDs (serialNumber, title, UID, givenName, surname, initials)', '/CN=x/serialNumber=1234/title=Dr/UID=u1/GN=Ann/SN=Lee/initials=AL'],
		['a dotted attribute type', '/1.2.3.4=custom/CN=x'],
		['UTF-8 text', '/CN=Zoë Ürün 東京/O=Société', 'rsa:2048', ['-utf8']],
		['RSA 1024 (Entra refuses it)', '/CN=weak', 'rsa:1024'],
		['RSA 3072', '/CN=big', 'rsa:3072'],
		['EC P-256', '/CN=ec', 'ec', ['-pkeyopt', 'ec_paramgen_curve:prime256v1']],
		['EC P-384 signed with SHA-384', '/CN=ec384', 'ec', ['-pkeyopt', 'ec_paramgen_curve:secp384r1', '-sha384']],
		['Ed25519', '/CN=ed', 'ed25519'],
		['SHA-1 signature', '/CN=sha1', 'rsa:2048', ['-sha1']],
		['SHA-512 signature', '/CN=sha512', 'rsa:2048', ['-sha512']],
		['a notAfter past 2049 (GeneralizedTime)', '/CN=long', 'rsa:2048', ['-days', '15000']],
		['an empty subject', '/', 'rsa:2048'],
	];
	for (const [name, subj, key, extra] of common) {
		it(`${name}: the quick path answers, as x509 does`, () => {
			same(make(subj, key, extra), true, name);
		});
	}

	it('BMPString, UTF8String, IA5String, PrintableString and TeletexString values (string_mask)', () => {
		for (const mask of ['default', 'pkix', 'utf8only', 'nombstr']) {
			same(make('/CN=Zoë/O=Contoso', 'rsa:2048', ['-utf8', '-config', config(`string_mask = ${mask}`)]), true, mask);
		}
	});

	it('serial numbers: 60 random ones, with the high bit set, leading zero nibbles and short ones', () => {
		const der0 = make('/CN=serials');
		const key = join(dir, `c${n}.key`);
		for (let i = 0; i < 60; i++) {
			const first = i % 3 === 0 ? 0x80 + Math.floor(Math.random() * 128) : i % 3 === 1 ? 1 + Math.floor(Math.random() * 15) : Math.floor(Math.random() * 256);
			const len = i % 5 === 0 ? 0 : 1 + (i % 19);
			const serial = '0x' + [first, ...[...Array(len)].map(() => Math.floor(Math.random() * 256))].map((b) => b.toString(16).padStart(2, '0')).join('');
			const out = join(dir, `s${i}.der`);
			execFileSync('openssl', ['req', '-x509', '-key', key, '-out', out, '-outform', 'DER', '-subj', '/CN=serials', '-days', '3', '-set_serial', serial], { stdio: 'ignore' });
			const info = same(new Uint8Array(readFileSync(out)), true, serial);
			// And against openssl's own reading of the serial.
			const printed = execFileSync('openssl', ['x509', '-in', out, '-inform', 'DER', '-noout', '-serial'], { encoding: 'utf8' }).trim().replace(/^serial=/, '');
			assert.equal(info.serialNumber.replace(/^0+(?=.)/, ''), printed.replace(/^0+(?=.)/, ''), serial);
		}
		assert.ok(der0.length > 0);
	});

	it('RSA-PSS signatures go to x509 and still give its answer', () => {
		const der = make('/CN=pss', 'rsa-pss', ['-pkeyopt', 'rsa_keygen_bits:2048', '-sigopt', 'rsa_padding_mode:pss']);
		assert.equal(quickDescription(der), undefined);
		assert.match(same(der, false, 'pss').signatureAlgorithm, /^RSA-PSS/);
	});

	it('names x509 writes with every string type, control characters and an unknown value type', async () => {
		const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
		const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
		x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
		const names: [x509.JsonName, boolean][] = [
			[[{ CN: [{ bmpString: 'bmp Zoë' } as unknown as string] }], true],
			[[{ CN: [{ utf8String: 'line\nbreak\tand\ttabs\r' } as unknown as string] }], true],
			[[{ CN: [{ ia5String: 'ia5 , + ;' } as unknown as string] }, { O: ['plain'] }], true],
			[[{ CN: [{ printableString: ' both ends ' } as unknown as string] }], true],
			[[{ CN: [{ universalString: 'universal' } as unknown as string] }], false],
			[[{ '2.5.4.5': ['#130431323334'] }, { CN: ['x'] }], false],
			[[{ CN: [{ utf8String: '😀 emoji' } as unknown as string] }], true],
			[[{ CN: ['a'], O: ['b'] }, { OU: ['c', 'd'] }], true],
		];
		for (const [name, fast] of names) {
			const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name, notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2060-06-30T12:34:56Z'), signingAlgorithm: alg, keys });
			same(new Uint8Array(cert.rawData), fast, JSON.stringify(name));
		}
	});

	const FUZZ = Number(process.env.ECK_FUZZ ?? 4000);
	it(`${FUZZ} corrupted certificates: the quick path answers only where x509 gives that same answer`, () => {
		const bases = [make('/C=US/O=Contoso/CN=corrupt'), make('/CN=Zoë', 'rsa:2048', ['-utf8', '-config', config('string_mask = MASK:0x800')]), make('/CN=ec', 'ec', ['-pkeyopt', 'ec_paramgen_curve:prime256v1'])];
		let quickAnswers = 0;
		let seed = 7;
		const rnd = (m: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % m);
		for (let i = 0; i < FUZZ; i++) {
			const base = bases[i % bases.length];
			const der = new Uint8Array(base);
			// One to three bytes changed: mostly among the names, dates, serial and algorithms, else anywhere.
			for (let k = 0; k <= i % 3; k++) {
				der[4 + rnd(i % 4 === 0 ? der.length - 4 : Math.min(der.length - 4, 300))] = rnd(256);
			}
			const quick = quickDescription(der);
			const want = outcome(describeWithX509, der);
			if (quick) {
				quickAnswers++;
				assert.deepEqual(quick, want, `mutation ${i}: ${Buffer.from(der).toString('base64')}`);
			}
			assert.deepEqual(outcome(describeCertificate, der), want, `mutation ${i}`);
		}
		// more than one in 40 (100 of the default 4,000; ECK_FUZZ=400 in mutation runs keeps each mutant's run short)
		assert.ok(quickAnswers > FUZZ / 40, `the quick path answered ${quickAnswers} of ${FUZZ} corrupted certificates`);
	});

	/** An openssl config with the given req line (for string_mask). */
	function config(line: string): string {
		const p = join(dir, `req${++n}.cnf`);
		writeFileSync(p, `[req]\ndistinguished_name = dn\n${line}\n[dn]\n`);
		return p;
	}

	it('the thumbprint command prints the core description for PEM, DER, a chain and a PEM with its key', async () => {
		make('/CN=unrelated');
		const other = readFileSync(join(dir, `c${n}.pem`));
		const der = make('/CN=printed');
		const pem = readFileSync(join(dir, `c${n}.pem`));
		const key = readFileSync(join(dir, `c${n}.key`));
		const inputs: [string, Buffer][] = [
			['pem', pem],
			['der', Buffer.from(der)],
			['pem+key', Buffer.concat([pem, key])],
			['chain', Buffer.concat([pem, other])],
		];
		for (const [label, bytes] of inputs) {
			const file = join(dir, `print-${label}.bin`);
			writeFileSync(file, bytes);
			let stdout = '';
			const io: CliIO = { stdout: (t) => void (stdout += t), stderr: () => undefined, readStdin: async () => '', env: {}, cwd: dir, now: () => new Date() };
			assert.equal(await runGuarded(thumbprintCommand, [file, '--json'], io), 0, label);
			const printed = JSON.parse(stdout) as Record<string, unknown>;
			const want = describeWithX509((await readCertificateMaterial(new Uint8Array(bytes))).certificates[0]);
			assert.equal(printed.subject, 'CN=printed', label);
			assert.equal(printed.sha1Hex, want.sha1Hex, label);
			assert.equal(printed.serialNumber, want.serialNumber, label);
			assert.equal(printed.notAfter, want.notAfter.toISOString(), label);
			const fingerprint = execFileSync('openssl', ['x509', '-in', join(dir, `c${n}.pem`), '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' });
			assert.equal(printed.sha1Hex, fingerprint.trim().split('=')[1].replace(/:/g, ''), label);
		}
	});
});
