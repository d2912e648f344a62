/**
 * PKCS#12 (RFC 7292) reading and writing, checked against openssl: the key derivation against `openssl kdf
 * PKCS12KDF`, every PBE/PBES2 form and MAC digest openssl writes, the forms it cannot write inside a PFX (PBKDF2
 * PRFs, scrypt, unknown ciphers) as openssl-encrypted PKCS#8 keys in a PFX without MAC (the MAC is optional, RFC
 * 7292 §4), and what `writePfx` writes as `openssl pkcs12 -info` reads it. Written for the mutation run (issue 10).
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { looksLikePfx, pkcs12Kdf, readPfx, writePfx } from '../../../src/core/certificate/pfx';
import { CoreError } from '../../../src/core/errors';
import { makeCert, openssl, opensslBytes } from '../helpers/openssl';

const coreError = (code: string, text?: RegExp) => (e: unknown) => {
	assert.ok(e instanceof CoreError, String(e));
	assert.equal(e.code, code, e.message);
	if (text) {
		assert.match(e.message, text);
	}
	return true;
};

// DER builders for the test's own PFX shells (the encrypted parts inside come from openssl).
const seq = (...value: asn1js.BaseBlock[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const ctx0 = (...value: asn1js.BaseBlock[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value });
const octet = (b: Uint8Array) => new asn1js.OctetString({ valueHex: b });
const int = (value: number) => new asn1js.Integer({ value });
const der = (b: asn1js.BaseBlock) => new Uint8Array(b.toBER(false));
const raw = (bytes: Uint8Array) => asn1js.fromBER(bytes).result as asn1js.BaseBlock;
const DATA = '1.2.840.113549.1.7.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const SAFE_CONTENTS_BAG = '1.2.840.113549.1.12.10.1.6';
const X509_CERT = '1.2.840.113549.1.9.22.1';

/** A PFX without MAC whose one SafeContents (plain data) holds `bags`. */
function macLessPfx(...bags: asn1js.BaseBlock[]): Uint8Array {
	const authSafe = seq(seq(oid(DATA), ctx0(octet(der(seq(...bags))))));
	return der(seq(int(3), seq(oid(DATA), ctx0(octet(der(authSafe))))));
}
const certBag = (certDer: Uint8Array) => seq(oid(CERT_BAG), ctx0(seq(oid(X509_CERT), ctx0(octet(certDer)))));

describe('mutation: PKCS#12 key derivation equals `openssl kdf PKCS12KDF`', () => {
	const bmp = (s: string) => Buffer.concat([Buffer.from(s, 'utf16le').swap16(), Buffer.alloc(2)]);
	const cases: { hash: string; u: number; password: Buffer; salt: Buffer; id: number; iter: number; n: number }[] = [
		{ hash: 'sha1', u: 20, password: bmp('pw'), salt: Buffer.from('0102030405060708', 'hex'), id: 1, iter: 1, n: 24 },
		{ hash: 'sha1', u: 20, password: bmp('pw'), salt: Buffer.from('0102030405060708', 'hex'), id: 2, iter: 3, n: 8 },
		{ hash: 'sha1', u: 20, password: bmp('a'.repeat(40)), salt: Buffer.alloc(20, 7), id: 3, iter: 2, n: 20 },
		{ hash: 'sha1', u: 20, password: bmp('x'.repeat(70)), salt: Buffer.alloc(65, 0xfe), id: 1, iter: 5, n: 100 },
		{ hash: 'sha256', u: 32, password: bmp('pässwörd'), salt: Buffer.alloc(16, 0xff), id: 3, iter: 2, n: 32 },
		{ hash: 'sha256', u: 32, password: bmp(''), salt: Buffer.alloc(64, 0xff), id: 1, iter: 1, n: 5 },
		{ hash: 'sha512', u: 64, password: bmp('long password '.repeat(10)), salt: Buffer.alloc(8, 0x80), id: 3, iter: 4, n: 64 },
		{ hash: 'sha512', u: 64, password: Buffer.from('ff'.repeat(64), 'hex'), salt: Buffer.from('ff'.repeat(64), 'hex'), id: 2, iter: 1, n: 130 },
	];
	for (const c of cases) {
		it(`${c.hash}, ${c.password.length}-byte password, ${c.salt.length}-byte salt, id ${c.id}, ${c.iter} iterations, ${c.n} bytes`, () => {
			const expected = openssl(['kdf', '-keylen', String(c.n), '-kdfopt', `digest:${c.hash.toUpperCase()}`, '-kdfopt', `hexpass:${c.password.toString('hex')}`, '-kdfopt', `hexsalt:${c.salt.toString('hex')}`, '-kdfopt', `iter:${c.iter}`, '-kdfopt', `id:${c.id}`, 'PKCS12KDF'])
				.trim()
				.replace(/:/g, '')
				.toLowerCase();
			assert.equal(Buffer.from(pkcs12Kdf(c.hash, c.u, c.password, c.salt, c.id, c.iter, c.n)).toString('hex'), expected);
		});
	}
	it('an empty password (no bytes, as a PFX written without one) derives as openssl does', () => {
		const salt = Buffer.from('0a0b0c0d', 'hex');
		// openssl refuses an empty hexpass, so compare the derivation with I = S only (RFC 7292 B.2 step 3, P empty) by hand.
		const D = Buffer.alloc(64, 3);
		const S = Buffer.alloc(64);
		for (let i = 0; i < 64; i++) {
			S[i] = salt[i % salt.length];
		}
		const A = createHash('sha1').update(D).update(S).digest();
		assert.equal(Buffer.from(pkcs12Kdf('sha1', 20, new Uint8Array(), salt, 3, 1, 20)).toString('hex'), A.toString('hex'));
	});
});

describe('mutation: reading what openssl pkcs12 writes, every algorithm', function () {
	this.timeout(60000);
	const c = makeCert('pfx-forms');
	const pkcs8 = new Uint8Array(opensslBytes(['pkcs8', '-topk8', '-nocrypt', '-in', c.keyPath, '-outform', 'DER']));
	const pfx = (args: string[], pass = 'pw') => {
		const out = join(c.dir, `${Math.random().toString(36).slice(2)}.pfx`);
		openssl(['pkcs12', '-export', ...args, '-in', c.certPath, '-inkey', c.keyPath, '-out', out, '-passout', `pass:${pass}`]);
		return new Uint8Array(readFileSync(out));
	};
	const forms: [string, string[]][] = [
		['PBES2 AES-128 certificates, AES-192 key', ['-certpbe', 'aes-128-cbc', '-keypbe', 'aes-192-cbc']],
		['PBES2 DES-EDE3 certificates, AES-128 key', ['-certpbe', 'des-ede3-cbc', '-keypbe', 'aes-128-cbc']],
		['pbeWithSHAAnd2-KeyTripleDES-CBC', ['-certpbe', 'PBE-SHA1-2DES', '-keypbe', 'PBE-SHA1-2DES']],
		['pbeWithSHAAnd128BitRC2-CBC (legacy)', ['-legacy', '-certpbe', 'PBE-SHA1-RC2-128', '-keypbe', 'PBE-SHA1-RC2-128']],
		['openssl -legacy defaults: pbeWithSHAAnd40BitRC2-CBC certificates, 3DES key, HMAC-SHA1', ['-legacy']],
		['MAC HMAC-SHA1', ['-macalg', 'sha1']],
		['MAC HMAC-SHA384', ['-macalg', 'sha384']],
		['MAC HMAC-SHA512', ['-macalg', 'sha512']],
	];
	for (const [name, args] of forms) {
		it(`${name}: the certificate and the PKCS#8 key are openssl's bytes; a wrong password is refused`, () => {
			const bytes = pfx(args);
			assert.equal(looksLikePfx(bytes), true);
			const r = readPfx(bytes, 'pw', 'forms.pfx');
			assert.deepEqual(r.certificates.map((x) => Buffer.from(x).toString('hex')), [c.der.toString('hex')]);
			assert.deepEqual(r.keys.map((x) => Buffer.from(x).toString('hex')), [Buffer.from(pkcs8).toString('hex')]);
			assert.throws(() => readPfx(bytes, 'wrong', 'forms.pfx'), coreError('ERR_PFX_PASSWORD', /does not open 'forms\.pfx'/));
		});
	}

	it('a missing or empty password asks for one; a wrong one says it does not open the file', () => {
		const bytes = pfx([], 'secret');
		assert.throws(() => readPfx(bytes, undefined, 'a.pfx'), coreError('ERR_PFX_PASSWORD', /'a\.pfx' is protected by a password/));
		assert.throws(() => readPfx(bytes, '', 'a.pfx'), coreError('ERR_PFX_PASSWORD', /'a\.pfx' is protected by a password/));
		assert.throws(() => readPfx(bytes, 'Secret', 'a.pfx'), coreError('ERR_PFX_PASSWORD', /The password does not open 'a\.pfx'/));
		assert.equal(readPfx(bytes, 'secret').keys.length, 1);
	});

	it('without a MAC (openssl -nomac) the password is still checked, by decrypting: a wrong one is ERR_PFX_PASSWORD', () => {
		const bytes = pfx(['-nomac'], 'pw');
		assert.equal(readPfx(bytes, 'pw', 'nomac.pfx').keys.length, 1);
		assert.throws(() => readPfx(bytes, 'nope', 'nomac.pfx'), coreError('ERR_PFX_PASSWORD', /The password does not open 'nomac\.pfx'/));
	});

	it('looksLikePfx: a PFX yes; a DER certificate, a cut-off PFX, PEM text, a SET or a version-2 shell no', () => {
		const bytes = pfx([]);
		assert.equal(looksLikePfx(bytes), true);
		assert.equal(looksLikePfx(new Uint8Array(c.der)), false, 'a certificate is SEQUENCE { SEQUENCE, AlgorithmIdentifier, BIT STRING }');
		assert.equal(looksLikePfx(bytes.slice(0, bytes.length - 40)), false);
		assert.equal(looksLikePfx(new TextEncoder().encode(c.certPem)), false);
		const shell = (version: number, inner: asn1js.BaseBlock) => der(seq(int(version), inner));
		assert.equal(looksLikePfx(shell(3, seq(oid(DATA), ctx0(octet(new Uint8Array([0x30, 0])))))), true);
		assert.equal(looksLikePfx(shell(2, seq(oid(DATA), ctx0(octet(new Uint8Array([0x30, 0])))))), false);
		assert.equal(looksLikePfx(shell(3, seq(int(1)))), false);
		const asSet = shell(3, seq(oid(DATA)));
		asSet[0] = 0x31; // SET instead of SEQUENCE
		assert.equal(looksLikePfx(asSet), false);
	});

	it('truncated or damaged files are ERR_PFX_MALFORMED naming the file, never another exception', () => {
		const bytes = pfx([]);
		assert.throws(() => readPfx(bytes.slice(0, 200), 'pw', 'cut.pfx'), coreError('ERR_PFX_MALFORMED', /'cut\.pfx'/));
		// MAC-less, contents not ASN.1
		const garbage = der(seq(int(3), seq(oid(DATA), ctx0(octet(new Uint8Array([0x30, 0x85, 1, 2]))))));
		assert.throws(() => readPfx(garbage, undefined, 'g.pfx'), coreError('ERR_PFX_MALFORMED', /The contents of 'g\.pfx'/));
		// a bag whose SafeContents is not ASN.1
		const badBag = der(seq(int(3), seq(oid(DATA), ctx0(octet(der(seq(seq(oid(DATA), ctx0(octet(new Uint8Array([0x30, 0x85])))))))))));
		assert.throws(() => readPfx(badBag, undefined, 'b.pfx'), coreError('ERR_PFX_MALFORMED', /A bag in 'b\.pfx'/));
		// a key bag with no value at all
		assert.throws(() => readPfx(macLessPfx(seq(oid(KEY_BAG))), undefined, 'empty-bag.pfx'), coreError('ERR_PFX_MALFORMED', /'empty-bag\.pfx' is damaged/));
		assert.throws(() => readPfx(macLessPfx(seq(oid(KEY_BAG))), undefined), (e: unknown) => {
			coreError('ERR_PFX_MALFORMED', /^'the PFX' is damaged/)(e);
			assert.ok((e as Error).cause instanceof Error, 'the original error is kept as the cause');
			return true;
		});
	});

	it('an empty password (openssl -passout pass:) opens without one; a PFX needs no password option then', () => {
		const bytes = pfx([], '');
		assert.equal(readPfx(bytes, undefined).keys.length, 1);
		assert.equal(readPfx(bytes, '').keys.length, 1);
		assert.throws(() => readPfx(bytes, 'x', 'e.pfx'), coreError('ERR_PFX_PASSWORD'));
	});

	/** The PFX with its parts re-encoded: `content` the authSafe bytes as one or several OCTET STRINGs, `mac` replaced. */
	const reencode = (bytes: Uint8Array, opts: { chunks?: number; macAlg?: string; macLength?: number }) => {
		const [, authSafe, macData] = (raw(bytes) as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const content = new Uint8Array((((authSafe as asn1js.Sequence).valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.OctetString).valueBlock.valueHexView);
		const wrapped = opts.chunks
			? new asn1js.OctetString({ idBlock: { isConstructed: true }, isConstructed: true, value: Array.from({ length: opts.chunks }, (_, i) => octet(content.slice(Math.floor((i * content.length) / opts.chunks!), Math.floor(((i + 1) * content.length) / opts.chunks!)))) } as never)
			: octet(content);
		const [digestInfo, salt, iter] = (macData as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const [algId, digest] = (digestInfo as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const alg = opts.macAlg ? seq(oid(opts.macAlg), new asn1js.Null()) : algId;
		const d = opts.macLength ? octet(new Uint8Array((digest as asn1js.OctetString).valueBlock.valueHexView).slice(0, opts.macLength)) : digest;
		return der(seq(int(3), seq(oid(DATA), ctx0(wrapped)), seq(seq(alg, d), salt, iter)));
	};

	it('BER with the contents as a constructed OCTET STRING in pieces (as Windows writes) reads like the DER file; the MAC still holds', () => {
		const bytes = pfx([]);
		const ber = reencode(bytes, { chunks: 3 });
		assert.notDeepEqual(ber, bytes);
		const r = readPfx(ber, 'pw');
		assert.deepEqual(r.certificates.map((x) => Buffer.from(x).toString('hex')), [c.der.toString('hex')]);
		assert.deepEqual(r.keys.map((x) => Buffer.from(x).toString('hex')), [Buffer.from(pkcs8).toString('hex')]);
		assert.throws(() => readPfx(ber, 'wrong'), coreError('ERR_PFX_PASSWORD'));
		const file = join(c.dir, 'ber.pfx');
		writeFileSync(file, ber);
		assert.match(openssl(['pkcs12', '-in', file, '-passin', 'pass:pw', '-nokeys']), /BEGIN CERTIFICATE/, 'openssl reads the BER form too');
	});

	it('a MAC algorithm the kit cannot compute is refused as unsupported, never skipped (which would open the file with any password)', () => {
		const md5 = reencode(pfx([]), { macAlg: '1.2.840.113549.2.5' });
		for (const pw of ['pw', 'wrong', undefined]) {
			assert.throws(() => readPfx(md5, pw, 'md5mac.pfx'), coreError('ERR_PFX_UNSUPPORTED', /'md5mac\.pfx' is protected by the MAC algorithm 1\.2\.840\.113549\.2\.5/));
		}
	});

	it('a MAC of the wrong length matches no password', () => {
		assert.throws(() => readPfx(reencode(pfx([]), { macLength: 16 }), 'pw', 'short.pfx'), coreError('ERR_PFX_PASSWORD', /'short\.pfx'/));
	});

	it('public-key integrity mode (authSafe is signedData, RFC 7292 §4) is named as unsupported', () => {
		const signed = der(seq(int(3), seq(oid('1.2.840.113549.1.7.2'), ctx0(seq()))));
		assert.throws(() => readPfx(signed, 'pw', 's.pfx'), coreError('ERR_PFX_UNSUPPORTED', /'s\.pfx' uses public-key integrity mode/));
	});
});

describe('mutation: PKCS#8 keys openssl encrypts, inside a PFX without MAC', function () {
	this.timeout(60000);
	const c = makeCert('pfx-pkcs8');
	const pkcs8 = Buffer.from(opensslBytes(['pkcs8', '-topk8', '-nocrypt', '-in', c.keyPath, '-outform', 'DER'])).toString('hex');
	const encrypted = (args: string[]) => new Uint8Array(opensslBytes(['pkcs8', '-topk8', ...args, '-in', c.keyPath, '-passout', 'pass:pw', '-outform', 'DER']));
	const shrouded = (epki: Uint8Array) => macLessPfx(seq(oid(SHROUDED_KEY_BAG), ctx0(raw(epki))));

	for (const [name, args] of [
		['PBKDF2 with its default PRF, HMAC-SHA1 (left out of the DER)', ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1']],
		['PBKDF2 with HMAC-SHA384', ['-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA384']],
		['PBKDF2 with HMAC-SHA512, AES-192', ['-v2', 'aes-192-cbc', '-v2prf', 'hmacWithSHA512']],
		['PBKDF2 with HMAC-SHA256, DES-EDE3', ['-v2', 'des3']],
		['pbeWithSHAAnd3-KeyTripleDES-CBC', ['-v1', 'PBE-SHA1-3DES']],
	] as [string, string[]][]) {
		it(`${name}: decrypts to openssl's PKCS#8; a wrong password is ERR_PFX_PASSWORD`, () => {
			const bytes = shrouded(encrypted(args));
			assert.deepEqual(readPfx(bytes, 'pw').keys.map((k) => Buffer.from(k).toString('hex')), [pkcs8]);
			assert.throws(() => readPfx(bytes, 'px', 'k.pfx'), coreError('ERR_PFX_PASSWORD', /'k\.pfx'/));
		});
	}

	it('PBKDF2 with the PRF HMAC-SHA1 written out (BER encoders may include the default) decrypts the same', () => {
		const epki = raw(encrypted(['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1'])) as asn1js.Sequence;
		const [algId, data] = epki.valueBlock.value as asn1js.BaseBlock[];
		const [pbes2Oid, params] = (algId as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const [kdf, scheme] = (params as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const [kdfOid, kdfParams] = (kdf as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		const kp = (kdfParams as asn1js.Sequence).valueBlock.value as asn1js.BaseBlock[];
		assert.equal(kp.length, 2, 'openssl leaves the default PRF out');
		const explicit = seq(seq(pbes2Oid, seq(seq(kdfOid, seq(...kp, seq(oid('1.2.840.113549.2.7'), new asn1js.Null()))), scheme)), data);
		assert.deepEqual(readPfx(shrouded(der(explicit)), 'pw').keys.map((k) => Buffer.from(k).toString('hex')), [pkcs8]);
	});

	it('CRL and secret bags (RFC 7292 §4.2.4, §4.2.5) are neither keys nor certificates and are passed over', () => {
		const crlBag = seq(oid('1.2.840.113549.1.12.10.1.4'), ctx0(seq(oid('1.2.840.113549.1.9.23.1'), ctx0(octet(new Uint8Array([0x30, 0]))))));
		const secretBag = seq(oid('1.2.840.113549.1.12.10.1.5'), ctx0(seq(oid('1.2.3.4'), ctx0(octet(new Uint8Array([1, 2, 3]))))));
		const r = readPfx(macLessPfx(crlBag, secretBag, certBag(new Uint8Array(c.der))), undefined);
		assert.deepEqual([r.certificates.length, r.keys.length], [1, 0]);
	});

	it('scrypt, Camellia and PBE-MD5-DES are named as unsupported, with the algorithm and the file', function () {
		assert.throws(() => readPfx(shrouded(encrypted(['-scrypt'])), 'pw', 'sc.pfx'), coreError('ERR_PFX_UNSUPPORTED', /'sc\.pfx' uses the key derivation 1\.3\.6\.1\.4\.1\.11591\.4\.11/));
		assert.throws(() => readPfx(shrouded(encrypted(['-v2', 'camellia-256-cbc'])), 'pw', 'cam.pfx'), coreError('ERR_PFX_UNSUPPORTED', /'cam\.pfx' is encrypted with 1\.2\.392\.200011\.61\.1\.1\.1\.4/));
		let md5: Uint8Array;
		try {
			md5 = encrypted(['-v1', 'PBE-MD5-DES', '-provider', 'legacy', '-provider', 'default']);
		} catch {
			this.skip();
			return;
		}
		assert.throws(() => readPfx(shrouded(md5), 'pw', 'md5.pfx'), coreError('ERR_PFX_UNSUPPORTED', /'md5\.pfx' is encrypted with the algorithm 1\.2\.840\.113549\.1\.5\.3/));
	});

	it('an unencrypted key bag and a certificate in a nested SafeContents bag (RFC 7292 §4.2.6) are both read', () => {
		const bytes = macLessPfx(seq(oid(KEY_BAG), ctx0(raw(Buffer.from(pkcs8, 'hex')))), seq(oid(SAFE_CONTENTS_BAG), ctx0(seq(certBag(new Uint8Array(c.der))))));
		const r = readPfx(bytes, undefined);
		assert.deepEqual(r.keys.map((k) => Buffer.from(k).toString('hex')), [pkcs8]);
		assert.deepEqual(r.certificates.map((x) => Buffer.from(x).toString('hex')), [c.der.toString('hex')]);
	});

	it('a certificate bag of another type (SDSI, RFC 7292 §4.2.3) is not taken for an X.509 certificate', () => {
		const sdsi = seq(oid(CERT_BAG), ctx0(seq(oid('1.2.840.113549.1.9.22.2'), ctx0(new asn1js.IA5String({ value: 'c2RzaQ==' })))));
		assert.deepEqual(readPfx(macLessPfx(sdsi, certBag(new Uint8Array(c.der))), undefined).certificates.length, 1);
	});
});

describe('mutation: writePfx as openssl pkcs12 reads it', function () {
	this.timeout(60000);
	const leaf = makeCert('pfx-write-leaf');
	const ca = makeCert('pfx-write-ca');
	const pkcs8 = new Uint8Array(opensslBytes(['pkcs8', '-topk8', '-nocrypt', '-in', leaf.keyPath, '-outform', 'DER']));
	const info = (bytes: Uint8Array, pass: string, extra: string[] = []) => {
		const file = join(leaf.dir, `${Math.random().toString(36).slice(2)}.pfx`);
		writeFileSync(file, bytes);
		const r = spawnSync('openssl', ['pkcs12', '-in', file, '-passin', `pass:${pass}`, '-info', '-nodes', ...extra], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		return { out: r.stdout, err: r.stderr };
	};
	const localKeyId = (hex: string) => hex.match(/../g)!.join(' ');

	it('friendly name and localKeyId (SHA-1 of the leaf) on the key and the first certificate only; iterations as asked', () => {
		const bytes = writePfx({ certificates: [new Uint8Array(leaf.der), new Uint8Array(ca.der)], pkcs8Der: pkcs8, password: 'pässword', friendlyName: 'my app', iterations: 1000 });
		const { out, err } = info(bytes, 'pässword');
		assert.match(err, /MAC: sha256, Iteration 1000/);
		assert.match(err, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 1000, PRF hmacWithSHA256/);
		assert.match(err, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
		const id = localKeyId(leaf.sha1Hex);
		const blocks = out.split(/-----END [A-Z ]+-----\n/).filter((b) => /BEGIN/.test(b));
		const leafBlock = blocks.find((b) => b.includes('subject=CN = pfx-write-leaf'))!;
		const caBlock = blocks.find((b) => b.includes('subject=CN = pfx-write-ca'))!;
		const keyBlock = blocks.find((b) => b.includes('BEGIN PRIVATE KEY'))!;
		for (const b of [leafBlock, keyBlock]) {
			assert.match(b, /friendlyName: my app/);
			assert.ok(b.includes(`localKeyID: ${id}`), b);
		}
		assert.match(caBlock, /Bag Attributes: <No Attributes>/);
		const back = readPfx(bytes, 'pässword');
		assert.deepEqual(back.certificates.map((x) => Buffer.from(x).toString('hex')), [leaf.der.toString('hex'), ca.der.toString('hex')]);
		assert.equal(
			execFileSync('openssl', ['pkey', '-inform', 'DER', '-outform', 'PEM'], { input: Buffer.from(back.keys[0]) }).toString(),
			execFileSync('openssl', ['pkey', '-in', leaf.keyPath]).toString(),
		);
	});

	it('without a friendly name: localKeyId only; the default is 2048 iterations', () => {
		const bytes = writePfx({ certificates: [new Uint8Array(leaf.der)], pkcs8Der: pkcs8, password: 'pw' });
		const { out, err } = info(bytes, 'pw');
		assert.match(err, /MAC: sha256, Iteration 2048/);
		assert.doesNotMatch(out, /friendlyName/);
		assert.equal(out.split(`localKeyID: ${localKeyId(leaf.sha1Hex)}`).length - 1, 2);
	});
});
