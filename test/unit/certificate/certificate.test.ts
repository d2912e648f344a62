/**
 * The certificate core against openssl: every value the kit computes is compared with what openssl
 * computes for the same file.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCertificate, exportPfx, generateRsaKeyPair, generateSelfSignedCertificate, keyMatchesCertificate, normalizeSubject, readCertificateMaterial, readPrivateKey, validityFindings } from '../../../src/core/certificate';
import { rc2CbcDecrypt, rc2DecryptBlock, rc2ExpandKey } from '../../../src/core/certificate/rc2';
import { CoreError } from '../../../src/core/errors';
import { fingerprint, makeCert, openssl, opensslBytes, tempDir } from '../helpers/openssl';

const enc = (s: string) => new TextEncoder().encode(s);
const code = (c: string) => (e: unknown) => e instanceof CoreError && e.code === c;

describe('certificate: reading what openssl writes', () => {
	const c = makeCert('read-test');
	const intermediate = makeCert('other-ca');

	const pfx = (args: string[], pass: string) => {
		const out = join(c.dir, `${Math.random().toString(36).slice(2)}.pfx`);
		openssl(['pkcs12', '-export', ...args, '-in', c.certPath, '-inkey', c.keyPath, '-out', out, '-passout', `pass:${pass}`]);
		return new Uint8Array(readFileSync(out));
	};

	const pfxAsPem = () => {
		const out = join(c.dir, 'bag.pfx');
		writeFileSync(out, pfx([], 'x'));
		const pem = openssl(['pkcs12', '-in', out, '-passin', 'pass:x', '-nodes']);
		assert.match(pem, /Bag Attributes/);
		return pem;
	};

	const cases: { name: string; bytes: () => Uint8Array; password?: string; kind: string; key?: boolean }[] = [
		{ name: 'PEM', bytes: () => enc(c.certPem), kind: 'pem' },
		{ name: 'PEM with CRLF and text around it', bytes: () => enc(`subject=CN = read-test\r\nissuer=x\r\n${c.certPem.replace(/\n/g, '\r\n')}trailing notes\r\n`), kind: 'pem' },
		{ name: 'PEM with Bag Attributes (openssl pkcs12 -nodes output)', bytes: () => enc(pfxAsPem()), kind: 'pem', key: true },
		{ name: 'PEM pasted from JSON with literal \\n', bytes: () => enc(JSON.stringify(c.certPem).slice(1, -1)), kind: 'pem' },
		{ name: 'PEM with certificate and key', bytes: () => enc(c.certPem + c.keyPem), kind: 'pem', key: true },
		{ name: 'DER', bytes: () => new Uint8Array(c.der), kind: 'der' },
		{ name: 'base64 of DER without armour', bytes: () => enc(c.der.toString('base64')), kind: 'der' },
		{ name: 'PFX, OpenSSL 3 default (PBES2/AES-256)', bytes: () => pfx([], 'pw'), password: 'pw', kind: 'pfx', key: true },
		{ name: 'PFX, legacy 3DES/RC2-40 (openssl -legacy)', bytes: () => pfx(['-legacy'], 'pw'), password: 'pw', kind: 'pfx', key: true },
		{ name: 'PFX, 3DES for both (as Windows exports)', bytes: () => pfx(['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1'], 'pw'), password: 'pw', kind: 'pfx', key: true },
		{ name: 'PFX with an empty password', bytes: () => pfx([], ''), kind: 'pfx', key: true },
		{ name: 'PFX with a non-ASCII password', bytes: () => pfx([], 'pässwörd'), password: 'pässwörd', kind: 'pfx', key: true },
	];
	for (const t of cases) {
		it(`${t.name}: SHA-1 and SHA-256 equal openssl's`, async () => {
			const m = await readCertificateMaterial(t.bytes(), { password: t.password, fileName: 'x' });
			assert.equal(m.kind, t.kind);
			const info = describeCertificate(m.certificates[0]);
			assert.equal(info.sha1Hex, c.sha1Hex);
			assert.equal(info.sha256Hex, c.sha256Hex);
			assert.equal(info.x5t, Buffer.from(c.sha1Hex, 'hex').toString('base64url'));
			assert.equal(info.x5tS256, Buffer.from(c.sha256Hex, 'hex').toString('base64url'));
			assert.equal(info.customKeyIdentifier, Buffer.from(c.sha1Hex, 'hex').toString('base64'));
			assert.equal(!!m.privateKey, !!t.key);
			if (m.privateKey) {
				assert.ok(keyMatchesCertificate(m.privateKey, m.certificates[0]));
			}
		});
	}

	it('a chain in the wrong order comes back leaf first', async () => {
		const ca = makeCert('chain-ca');
		const dir = tempDir();
		openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'leaf.key'), '-out', join(dir, 'leaf.csr'), '-subj', '/CN=chain-leaf']);
		openssl(['x509', '-req', '-in', join(dir, 'leaf.csr'), '-CA', ca.certPath, '-CAkey', ca.keyPath, '-CAcreateserial', '-out', join(dir, 'leaf.pem'), '-days', '5']);
		const text = ca.certPem + readFileSync(join(dir, 'leaf.pem'), 'utf8');
		const m = await readCertificateMaterial(enc(text));
		assert.equal(describeCertificate(m.certificates[0]).sha1Hex, fingerprint(join(dir, 'leaf.pem'), 'sha1'));
		assert.equal(describeCertificate(m.certificates[1]).sha1Hex, ca.sha1Hex);
		assert.ok(intermediate);
	});

	it('describes subject, issuer, validity, serial and key size as openssl does', () => {
		const info = describeCertificate(new Uint8Array(c.der));
		assert.equal(info.subject, 'CN=read-test');
		assert.equal(info.keyAlgorithm, 'RSA');
		assert.equal(info.keySize, 2048);
		const serial = openssl(['x509', '-in', c.certPath, '-noout', '-serial']).trim().split('=')[1];
		assert.equal(info.serialNumber.replace(/^0+/, ''), serial.replace(/^0+/, ''));
		const end = openssl(['x509', '-in', c.certPath, '-noout', '-enddate']).trim().split('=')[1];
		assert.equal(info.notAfter.getTime(), new Date(end).getTime());
		assert.deepEqual(info.problems, []);
	});

	it('flags keys Entra rejects: EC, and RSA under 2048 bits', () => {
		const ec = makeCert('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
		assert.equal(describeCertificate(new Uint8Array(ec.der)).problems[0].code, 'key-not-rsa');
		const small = makeCert('small', ['-newkey', 'rsa:1024']);
		const p = describeCertificate(new Uint8Array(small.der)).problems[0];
		assert.equal(p.code, 'AADSTS700027');
		assert.match(p.message, /1024 is less than the minimum required 2048/);
	});

	it('errors name the problem: wrong/missing PFX password, garbage, a cut-off PEM, an empty file', async () => {
		await assert.rejects(readCertificateMaterial(pfx(['-legacy'], 'right'), { password: 'wrong', fileName: 'a.pfx' }), (e: unknown) => code('ERR_PFX_PASSWORD')(e) && /'a\.pfx'/.test((e as Error).message));
		await assert.rejects(readCertificateMaterial(pfx([], 'right'), { fileName: 'a.pfx' }), code('ERR_PFX_PASSWORD'));
		await assert.rejects(readCertificateMaterial(enc('hello world'), { fileName: 'notes.txt' }), code('ERR_CERT_UNREADABLE'));
		await assert.rejects(readCertificateMaterial(enc(c.certPem.slice(0, 200)), { fileName: 'cut.pem' }), code('ERR_PEM_MALFORMED'));
		await assert.rejects(readCertificateMaterial(new Uint8Array(), { fileName: 'empty.pem' }), code('ERR_INPUT_EMPTY'));
		await assert.rejects(readCertificateMaterial(enc(c.certPem.replace(/[A-Za-z]{10}\n/, '!!!!!!!!!!\n'))), (e: unknown) => e instanceof CoreError);
	});
});

describe('certificate: private keys', () => {
	const c = makeCert('key-test');
	const dir = tempDir();
	it('reads PKCS#8, PKCS#1 and encrypted PKCS#8 (PEM and DER)', () => {
		const pkcs1 = openssl(['pkey', '-in', c.keyPath, '-traditional']);
		const encrypted = openssl(['pkcs8', '-topk8', '-in', c.keyPath, '-passout', 'pass:pp', '-v2', 'aes-256-cbc']);
		const der = opensslBytes(['pkey', '-in', c.keyPath, '-outform', 'DER']);
		for (const k of [readPrivateKey(c.keyPem), readPrivateKey(pkcs1), readPrivateKey(encrypted, { passphrase: 'pp' }), readPrivateKey(new Uint8Array(der))]) {
			assert.equal(k.algorithm, 'RSA');
			assert.equal(k.size, 2048);
			assert.ok(keyMatchesCertificate(k, new Uint8Array(c.der)));
		}
		assert.match(pkcs1, /BEGIN RSA PRIVATE KEY/);
		assert.throws(() => readPrivateKey(encrypted, { fileName: 'k.pem' }), code('ERR_KEY_ENCRYPTED'));
		assert.throws(() => readPrivateKey(encrypted, { passphrase: 'no' }), code('ERR_KEY_PASSPHRASE'));
		assert.throws(() => readPrivateKey('just text'), code('ERR_KEY_UNREADABLE'));
		writeFileSync(join(dir, 'x'), 'x');
	});
	it('says when a key does not match a certificate', () => {
		const other = makeCert('other');
		assert.equal(keyMatchesCertificate(readPrivateKey(other.keyPem), new Uint8Array(c.der)), false);
	});
});

describe('certificate: generating', () => {
	const now = new Date();
	for (const keySize of [2048, 3072] as const) {
		it(`RSA ${keySize}: openssl verifies it, sees clientAuth/digitalSignature/CA:FALSE/SKI, and the key matches`, async function () {
			this.timeout(60000);
			const g = await generateSelfSignedCertificate({ subject: 'my-app', keySize, days: 10, now });
			const dir = tempDir();
			writeFileSync(join(dir, 'c.pem'), g.certificatePem);
			writeFileSync(join(dir, 'k.pem'), g.privateKeyPem);
			assert.match(openssl(['verify', '-CAfile', join(dir, 'c.pem'), '-partial_chain', join(dir, 'c.pem')]), /OK/);
			const text = openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-text']);
			for (const re of [/TLS Web Client Authentication/, /Digital Signature/, /CA:FALSE/, /Subject Key Identifier/, /sha256WithRSAEncryption/, new RegExp(`Public-Key: \\(${keySize} bit\\)`), /Subject: CN\s*=\s*my-app/]) {
				assert.match(text, re);
			}
			assert.match(text, /Key Usage: critical/);
			assert.equal(openssl(['pkey', '-in', join(dir, 'k.pem'), '-pubout']), openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-pubkey']));
			assert.equal(g.info.sha1Hex, fingerprint(join(dir, 'c.pem'), 'sha1'));
			const serial = openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-serial']).trim().split('=')[1];
			assert.ok(parseInt(serial.slice(0, 2), 16) < 0x80, 'serial must be positive');
			const days = (g.info.notAfter.getTime() - g.info.notBefore.getTime()) / 86400000;
			assert.equal(days, 10);
		});
	}

	it('exports a PFX that openssl opens without -legacy, and that reads back', async function () {
		this.timeout(60000);
		const g = await generateSelfSignedCertificate({ subject: 'CN=pfx, O=Kit', now });
		const bytes = await exportPfx({ certificates: [g.certificateDer], privateKey: g.privateKey, password: 'correct horse', friendlyName: 'pfx' });
		const dir = tempDir();
		writeFileSync(join(dir, 'p.pfx'), bytes);
		const info = opensslAll(['pkcs12', '-in', join(dir, 'p.pfx'), '-passin', 'pass:correct horse', '-info', '-nodes']);
		assert.match(info, /PBES2, PBKDF2, AES-256-CBC/);
		assert.match(info, /MAC: sha256/);
		assert.match(info, /BEGIN PRIVATE KEY/);
		const back = await readCertificateMaterial(bytes, { password: 'correct horse' });
		assert.equal(describeCertificate(back.certificates[0]).sha1Hex, g.info.sha1Hex);
		assert.ok(back.privateKey && keyMatchesCertificate(back.privateKey, g.certificateDer));
		assert.throws(() => openssl(['pkcs12', '-in', join(dir, 'p.pfx'), '-passin', 'pass:wrong', '-nokeys']));
	});

	it('a key pair generated beforehand (to overlap loading) is the one certified; a pair of another size or type is refused', async function () {
		this.timeout(60000);
		const pair = generateRsaKeyPair(2048);
		const g = await generateSelfSignedCertificate({ subject: 'CN=early', now, keyPair: pair });
		const { publicKey, privateKey } = await pair;
		const dir = tempDir();
		writeFileSync(join(dir, 'c.pem'), g.certificatePem);
		// openssl's view of the certificate's key equals the pair's public key, and the written private key is the pair's.
		assert.equal(openssl(['x509', '-in', join(dir, 'c.pem'), '-noout', '-pubkey']).trim(), String(publicKey.export({ type: 'spki', format: 'pem' })).trim());
		assert.deepEqual(Buffer.from(g.privateKey.pkcs8Der), privateKey.export({ type: 'pkcs8', format: 'der' }));
		await assert.rejects(generateSelfSignedCertificate({ subject: 'CN=x', keySize: 3072, now, keyPair: generateRsaKeyPair(2048) }), code('ERR_INVALID_OPTION'));
		const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		await assert.rejects(generateSelfSignedCertificate({ subject: 'CN=x', now, keyPair: Promise.resolve(ec) }), code('ERR_INVALID_OPTION'));
	});

	it('normalises subjects and refuses bad input', async () => {
		assert.equal(normalizeSubject('my-app'), 'CN=my-app');
		assert.equal(normalizeSubject('CN=a, O=b'), 'CN=a, O=b');
		assert.throws(() => normalizeSubject('  '), code('ERR_INVALID_OPTION'));
		await assert.rejects(generateSelfSignedCertificate({ subject: 'x', keySize: 1024 as 2048, now }), code('ERR_INVALID_OPTION'));
	});

	it('validity findings: expired, expiring, fine', () => {
		const info = { subject: 'CN=x', notBefore: new Date('2026-01-01Z'), notAfter: new Date('2026-12-01Z') };
		assert.equal(validityFindings(info, new Date('2026-12-02Z'))[0].code, 'cert-expired');
		assert.equal(validityFindings(info, new Date('2026-11-20Z'))[0].code, 'cert-expiring');
		assert.deepEqual(validityFindings(info, new Date('2026-06-01Z')), []);
	});
});

describe('RC2 (legacy PFX) against openssl', () => {
	it('RFC 2268 test vector: 8 zero bytes, 63 effective bits', () => {
		const block = Buffer.from('ebb773f993278eff', 'hex');
		rc2DecryptBlock(rc2ExpandKey(new Uint8Array(8), 63), block);
		assert.equal(block.toString('hex'), '0000000000000000');
	});
	it('decrypts what `openssl enc -rc2-40-cbc` (legacy provider) encrypts', function () {
		const key = Buffer.from('0102030405', 'hex');
		const iv = Buffer.from('0011223344556677', 'hex');
		let cipher: Buffer;
		try {
			cipher = execOpenssl(['enc', '-rc2-40-cbc', '-K', key.toString('hex'), '-iv', iv.toString('hex'), '-provider', 'legacy', '-provider', 'default'], Buffer.from('certificate bag contents, 37 bytes..'));
		} catch {
			this.skip();
			return;
		}
		assert.equal(Buffer.from(rc2CbcDecrypt(key, 40, iv, cipher)!).toString(), 'certificate bag contents, 37 bytes..');
	});
});

/** stdout and stderr together (openssl prints -info details on stderr). */
function opensslAll(args: string[]): string {
	const r = spawnSync('openssl', args, { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout + r.stderr;
}

function execOpenssl(args: string[], input: Buffer): Buffer {
	return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}
