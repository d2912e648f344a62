/**
 * What the certificate description tells a user beyond the fields the comparison test checks: the validity findings
 * at their day boundaries, the base file name derived from a subject, the key facts and Entra's problems with non-RSA
 * and short keys (checked against openssl's own reading of the key), and dates near the UTCTime century switch
 * (checked against Node's X509Certificate).
 */
import 'reflect-metadata';
import * as assert from 'node:assert/strict';
import { webcrypto, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { describeCertificate, fileBaseName, quickDescription, validityFindings } from '../../../src/core/certificate/describe';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

const DAY = 86400000;

describe('certificate describe: validity findings', () => {
	const notBefore = new Date('2026-01-01T00:00:00Z');
	const notAfter = new Date('2026-12-01T00:00:00Z');
	const info = { subject: 'CN=orders', notBefore, notAfter };
	const at = (ms: number) => validityFindings(info, new Date(ms));

	it('expired: one millisecond after notAfter, an error naming subject and date', () => {
		const [f] = at(notAfter.getTime() + 1);
		assert.equal(f.severity, 'error');
		assert.equal(f.code, 'cert-expired');
		assert.match(f.message, /^CN=orders expired on 2026-12-01T00:00:00\.000Z/);
		assert.match(f.fix, /new certificate/);
	});
	it('at notAfter exactly it is not expired yet: expiring in 0 days', () => {
		const [f] = at(notAfter.getTime());
		assert.equal(f.code, 'cert-expiring');
		assert.equal(f.severity, 'warning');
		assert.match(f.message, /^CN=orders expires on 2026-12-01T00:00:00\.000Z \(in 0 days\)/);
	});
	it('not yet valid: one millisecond before notBefore, a warning naming the date', () => {
		const [f] = at(notBefore.getTime() - 1);
		assert.equal(f.code, 'cert-not-yet-valid');
		assert.equal(f.severity, 'warning');
		assert.match(f.message, /^CN=orders is not valid before 2026-01-01T00:00:00\.000Z/);
		assert.deepEqual(at(notBefore.getTime() + 1), []);
		assert.deepEqual(at(notBefore.getTime()), []);
	});
	it('expiring: under 30 whole days left warns, 30 days does not', () => {
		assert.deepEqual(at(notAfter.getTime() - 30 * DAY), []);
		const [f] = at(notAfter.getTime() - 30 * DAY + 1);
		assert.equal(f.code, 'cert-expiring');
		assert.match(f.message, /\(in 29 days\)/);
		assert.match(at(notAfter.getTime() - 3 * DAY - 5)[0].message, /\(in 3 days\)/);
	});
	it('a caller-chosen warning window', () => {
		assert.deepEqual(validityFindings(info, new Date(notAfter.getTime() - 10 * DAY), 7), []);
		assert.equal(validityFindings(info, new Date(notAfter.getTime() - 6 * DAY), 7)[0].code, 'cert-expiring');
		assert.equal(validityFindings(info, new Date(notAfter.getTime() - 80 * DAY), 90)[0].code, 'cert-expiring');
	});
});

describe('certificate describe: file base names', () => {
	const cases: [string, string][] = [
		['CN=My App, O=Contoso', 'my-app'],
		['O=Contoso, CN=Orders_API.v2', 'orders_api.v2'],
		['cn = spaced name , O=x', 'spaced-name'],
		['CN=--Weird!!Name--', 'weird-name'],
		['OU=Identity, O=Contoso', 'ou-identity-o-contoso'],
		['CN=***', 'certificate'],
		['', 'certificate'],
		['O=ACN=x', 'o-acn-x'],
	];
	for (const [subject, want] of cases) {
		it(`${JSON.stringify(subject)} → ${want}`, () => assert.equal(fileBaseName(subject), want));
	}
});

describe('certificate describe: keys, against openssl', function () {
	this.timeout(60000);
	let dir: string;
	const make = (name: string, key: string[]) => {
		openssl(['req', '-x509', ...key, '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-subj', `/CN=${name}`, '-days', '3']);
		return new Uint8Array(opensslBytes(['x509', '-in', join(dir, `${name}.pem`), '-outform', 'DER']));
	};
	const opensslBits = (name: string) => Number(/Public-Key: \((\d+) bit\)/.exec(openssl(['x509', '-in', join(dir, `${name}.pem`), '-noout', '-text']))?.[1]);
	before(() => {
		dir = tempDir('eck-describe-keys-');
	});

	it('EC curves: size from the curve, refused by Entra as not RSA', () => {
		for (const [curve, bits] of [['prime256v1', 256], ['secp384r1', 384], ['secp521r1', 521]] as const) {
			const info = describeCertificate(make(curve, ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`]));
			assert.equal(info.keyAlgorithm, 'EC');
			assert.equal(info.keySize, bits);
			assert.equal(info.keySize, opensslBits(curve));
			assert.equal(info.problems.length, 1);
			assert.equal(info.problems[0].code, 'key-not-rsa');
			assert.equal(info.problems[0].severity, 'error');
			assert.match(info.problems[0].message, /an EC key; "Microsoft Entra ID currently supports only RSA"/);
		}
	});
	it('an EC curve outside the three named has no size', () => {
		const info = describeCertificate(make('k1', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1']));
		assert.equal(info.keyAlgorithm, 'EC');
		assert.equal(info.keySize, undefined);
	});
	it('Ed25519 and Ed448: named, no size, not RSA', () => {
		const ed = describeCertificate(make('ed', ['-newkey', 'ed25519']));
		assert.equal(ed.keyAlgorithm, 'Ed25519');
		assert.equal(ed.keySize, undefined);
		assert.match(ed.problems[0].message, /an Ed25519 key/);
		const ed448 = describeCertificate(make('ed448', ['-newkey', 'ed448']));
		assert.equal(ed448.keyAlgorithm, 'ED448');
		assert.equal(ed448.problems[0].code, 'key-not-rsa');
	});
	it('RSA: 1024 bits is refused with AADSTS700027 naming the size; 2048 has no problem', () => {
		const small = describeCertificate(make('r1024', ['-newkey', 'rsa:1024']));
		assert.equal(small.keyAlgorithm, 'RSA');
		assert.equal(small.keySize, opensslBits('r1024'));
		assert.deepEqual(small.problems.map((p) => [p.code, p.severity]), [['AADSTS700027', 'error']]);
		assert.match(small.problems[0].message, /The RSA key has 1024 bits; .*RSA key size 1024 is less than the minimum required 2048 bits/);
		assert.match(small.problems[0].fix, /2048-bit/);
		const ok = describeCertificate(make('r2048', ['-newkey', 'rsa:2048']));
		assert.equal(ok.keySize, 2048);
		assert.deepEqual(ok.problems, []);
	});
	it('RSA-PSS keys are RSA keys', () => {
		const info = describeCertificate(make('pss', ['-newkey', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:1024']));
		assert.equal(info.keyAlgorithm, 'RSA');
		assert.equal(info.keySize, 1024);
		assert.equal(info.problems[0].code, 'AADSTS700027');
	});
	it('self-signed is subject = issuer', () => {
		const d = make('self', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1']);
		assert.equal(describeCertificate(d).selfSigned, true);
	});
});

describe('certificate describe: dates around the UTCTime century switch', function () {
	this.timeout(60000);
	it('1950, 2049 and 2050 are read as Node reads them', async () => {
		const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
		const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
		x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
		const pairs: [string, string][] = [
			['1950-01-01T00:00:00Z', '2049-12-31T23:59:59Z'],
			['1999-06-15T12:30:45Z', '2050-01-01T00:00:00Z'],
		];
		for (const [nb, na] of pairs) {
			const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: '01', name: 'CN=dates', notBefore: new Date(nb), notAfter: new Date(na), signingAlgorithm: alg, keys });
			const der = new Uint8Array(cert.rawData);
			const node = new X509Certificate(Buffer.from(der));
			const quick = quickDescription(der);
			assert.ok(quick, nb);
			assert.equal(quick.notBefore.getTime(), new Date(node.validFrom).getTime(), nb);
			assert.equal(quick.notAfter.getTime(), new Date(node.validTo).getTime(), na);
			assert.equal(quick.notBefore.toISOString(), new Date(nb).toISOString());
			assert.equal(quick.notAfter.toISOString(), new Date(na).toISOString());
		}
	});
});
