/**
 * Reading certificate and key files in the forms people have them, each branch on its own: what comes back (kind,
 * certificates leaf first, the key) is compared with openssl's fingerprints and Node's key reading, and each refusal
 * is checked for its error code and the file it names. Fixtures are made by openssl in before hooks (EC and small
 * RSA keys: fast).
 */
import * as assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { generateRsaKeyPair, keyMatchesCertificate, readPrivateKey } from '../../../src/core/certificate/keys';
import { orderChain, readCertificateMaterial } from '../../../src/core/certificate/read';
import { thumbprints } from '../../../src/core/certificate/thumbprint';
import { fingerprint, openssl, opensslBytes, tempDir } from '../helpers/openssl';

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));
const sha1 = (der: Uint8Array) => thumbprints(der).sha1Hex;

describe('certificate read: every input form', function () {
	this.timeout(60000);
	let dir: string;
	let caPem: string;
	let leafPem: string;
	let leafKeyPem: string;
	let leafDer: Buffer;
	let caDer: Buffer;
	const p = (f: string) => join(dir, f);
	before(() => {
		dir = tempDir('eck-read-');
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
		openssl(['req', '-x509', ...ec, '-nodes', '-keyout', p('ca.key'), '-out', p('ca.pem'), '-subj', '/CN=read CA', '-days', '30']);
		openssl(['req', '-new', ...ec, '-nodes', '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', '/CN=read leaf']);
		openssl(['x509', '-req', '-in', p('leaf.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('leaf.pem'), '-days', '20']);
		caPem = readFileSync(p('ca.pem'), 'utf8');
		leafPem = readFileSync(p('leaf.pem'), 'utf8');
		leafKeyPem = readFileSync(p('leaf.key'), 'utf8');
		leafDer = opensslBytes(['x509', '-in', p('leaf.pem'), '-outform', 'DER']);
		caDer = opensslBytes(['x509', '-in', p('ca.pem'), '-outform', 'DER']);
	});

	it('empty input is refused, naming the file or "The input"', async () => {
		await assert.rejects(readCertificateMaterial(new Uint8Array(0), { fileName: 'e.pem' }), code('ERR_INPUT_EMPTY', /^'e\.pem' is empty/));
		await assert.rejects(readCertificateMaterial(new Uint8Array(0)), code('ERR_INPUT_EMPTY', /^The input is empty/));
	});

	it('PEM: a chain CA first comes back leaf first; the key in the file is read and matches', async () => {
		const m = await readCertificateMaterial(enc(caPem + leafKeyPem + leafPem));
		assert.equal(m.kind, 'pem');
		assert.deepEqual(m.certificates.map(sha1), [fingerprint(p('leaf.pem'), 'sha1'), fingerprint(p('ca.pem'), 'sha1')]);
		assert.ok(m.privateKey);
		assert.equal(m.privateKey.algorithm, 'EC');
		assert.ok(keyMatchesCertificate(m.privateKey, m.certificates[0]));
	});

	it('PEM labels X509 CERTIFICATE are certificates too; other blocks are not', async () => {
		const relabelled = leafPem.replace(/CERTIFICATE-----/g, 'X509 CERTIFICATE-----');
		const m = await readCertificateMaterial(enc(relabelled));
		assert.deepEqual(m.certificates.map(sha1), [fingerprint(p('leaf.pem'), 'sha1')]);
		const pub = openssl(['pkey', '-in', p('leaf.key'), '-pubout']);
		await assert.rejects(readCertificateMaterial(enc(pub), { fileName: 'pub.pem' }), code('ERR_PEM_NO_BLOCK', /No certificate found in 'pub\.pem'/));
		await assert.rejects(readCertificateMaterial(enc(pub)), code('ERR_PEM_NO_BLOCK', /in The input/));
	});

	it('PEM with only a key: no certificates, the key read', async () => {
		const m = await readCertificateMaterial(enc(leafKeyPem));
		assert.equal(m.kind, 'pem');
		assert.deepEqual(m.certificates, []);
		assert.ok(m.privateKey && keyMatchesCertificate(m.privateKey, new Uint8Array(leafDer)));
	});

	it('PEM with an encrypted key: the certificate is read without the password, the key with it', async () => {
		const encrypted = openssl(['pkcs8', '-topk8', '-in', p('leaf.key'), '-passout', 'pass:pw', '-v2', 'aes-256-cbc']);
		const without = await readCertificateMaterial(enc(leafPem + encrypted));
		assert.equal(without.certificates.length, 1);
		assert.equal(without.privateKey, undefined);
		const withPw = await readCertificateMaterial(enc(leafPem + encrypted), { password: 'pw' });
		assert.ok(withPw.privateKey && keyMatchesCertificate(withPw.privateKey, withPw.certificates[0]));
	});

	it('a CERTIFICATE block that is not a certificate is refused, alone or in a chain', async () => {
		const junk = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate at all').toString('base64')}\n-----END CERTIFICATE-----\n`;
		await assert.rejects(readCertificateMaterial(enc(junk), { fileName: 'j.pem' }), code('ERR_PEM_MALFORMED', /in 'j\.pem' does not hold a valid X\.509 certificate/));
		await assert.rejects(readCertificateMaterial(enc(leafPem + junk)), code('ERR_PEM_MALFORMED'));
		await assert.rejects(readCertificateMaterial(enc(junk + leafPem)), code('ERR_PEM_MALFORMED'));
	});

	it('a certificate-shaped block Node cannot parse is refused, alone (the leaf check) and in a chain (the full checks)', async () => {
		// the serial INTEGER given a leading zero byte before a byte under 0x80 (not minimal DER): the DER walk accepts
		// the shape, X509Certificate refuses it
		const bad = Buffer.from(caDer);
		const at = bad.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02, 0x02]));
		assert.ok(at > 0 && bad[at + 6] > 1);
		bad[at + 7] = 0x00;
		bad[at + 8] = 0x01;
		assert.throws(() => new X509Certificate(bad));
		const pem = `-----BEGIN CERTIFICATE-----\n${bad.toString('base64')}\n-----END CERTIFICATE-----\n`;
		await assert.rejects(readCertificateMaterial(enc(pem)), code('ERR_PEM_MALFORMED'));
		await assert.rejects(readCertificateMaterial(enc(leafPem + pem)), code('ERR_PEM_MALFORMED'));
	});

	it('DER, and base64 of DER with line breaks (standard or base64url)', async () => {
		const der = await readCertificateMaterial(new Uint8Array(leafDer));
		assert.equal(der.kind, 'der');
		assert.equal(sha1(der.certificates[0]), fingerprint(p('leaf.pem'), 'sha1'));
		assert.equal(der.privateKey, undefined);
		const wrapped = leafDer.toString('base64').replace(/(.{60})/g, '$1\r\n');
		const b = await readCertificateMaterial(enc(`  ${wrapped}\n`));
		assert.equal(b.kind, 'der');
		assert.equal(sha1(b.certificates[0]), fingerprint(p('leaf.pem'), 'sha1'));
		const url = await readCertificateMaterial(enc(leafDer.toString('base64url')));
		assert.equal(sha1(url.certificates[0]), fingerprint(p('leaf.pem'), 'sha1'));
	});

	it('bytes that start like DER but are neither a certificate nor a PFX, short base64 and text are refused', async () => {
		for (const [bytes, label] of [
			[new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), 'tiny.der'],
			[new Uint8Array(leafDer.subarray(0, 200)), 'cut.der'],
			[enc(Buffer.from('short and not a certificate').toString('base64')), 'short.b64'],
			[enc(Buffer.alloc(150, 1).toString('base64')), 'long.b64'],
			[enc('hello, world'), 'notes.txt'],
		] as [Uint8Array, string][]) {
			await assert.rejects(readCertificateMaterial(bytes, { fileName: label }), code('ERR_CERT_UNREADABLE', new RegExp(`^'${label.replace('.', '\\.')}' is not a certificate`)), label);
		}
	});

	it('PFX: leaf first and the key that matches it, whatever order the file has', async () => {
		writeFileSync(p('both.pem'), caPem + leafPem);
		openssl(['pkcs12', '-export', '-in', p('both.pem'), '-inkey', p('leaf.key'), '-out', p('x.pfx'), '-passout', 'pass:pw']);
		const m = await readCertificateMaterial(new Uint8Array(readFileSync(p('x.pfx'))), { password: 'pw' });
		assert.equal(m.kind, 'pfx');
		assert.equal(sha1(m.certificates[0]), fingerprint(p('leaf.pem'), 'sha1'));
		assert.equal(m.certificates.length, 2);
		assert.ok(m.privateKey && keyMatchesCertificate(m.privateKey, m.certificates[0]));
	});

	it('PFX holding a CA key: the certificate of that key comes first', async () => {
		writeFileSync(p('both2.pem'), leafPem + caPem);
		openssl(['pkcs12', '-export', '-in', p('both2.pem'), '-inkey', p('ca.key'), '-out', p('ca.pfx'), '-passout', 'pass:pw']);
		const m = await readCertificateMaterial(new Uint8Array(readFileSync(p('ca.pfx'))), { password: 'pw' });
		assert.equal(sha1(m.certificates[0]), fingerprint(p('ca.pem'), 'sha1'));
		assert.equal(sha1(m.certificates[1]), fingerprint(p('leaf.pem'), 'sha1'));
	});

	it('PFX without certificates is refused, saying it holds only keys', async () => {
		openssl(['pkcs12', '-export', '-nocerts', '-inkey', p('leaf.key'), '-out', p('k.pfx'), '-passout', 'pass:pw']);
		await assert.rejects(readCertificateMaterial(new Uint8Array(readFileSync(p('k.pfx'))), { password: 'pw', fileName: 'k.pfx' }), code('ERR_PFX_NO_CERTIFICATE', /^'k\.pfx' holds no certificate, only 1 key/));
	});

	it('orderChain: one certificate as is; a malformed one is named by its position', () => {
		const one = [new Uint8Array(leafDer)];
		assert.equal(orderChain(one), one);
		assert.deepEqual(orderChain([]), []);
		assert.throws(() => orderChain([new Uint8Array(leafDer), new Uint8Array([1, 2, 3])]), code('ERR_DER_MALFORMED', /^Certificate 2 of 2 /));
		assert.deepEqual(orderChain([new Uint8Array(caDer), new Uint8Array(leafDer)]).map(sha1), [fingerprint(p('leaf.pem'), 'sha1'), fingerprint(p('ca.pem'), 'sha1')]);
	});
});

describe('certificate read: private keys of every kind', function () {
	this.timeout(60000);
	let dir: string;
	const p = (f: string) => join(dir, f);
	before(() => {
		dir = tempDir('eck-keys-');
		openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', p('ec.key'), '-out', p('ec.pem'), '-subj', '/CN=k', '-days', '3']);
	});

	it('algorithm and size as Node reads them, for EC curves, Ed25519, Ed448 and RSA', () => {
		const cases: [string, object, string, number | undefined][] = [
			['ec', { namedCurve: 'prime256v1' }, 'EC', 256],
			['ec', { namedCurve: 'secp384r1' }, 'EC', 384],
			['ec', { namedCurve: 'secp521r1' }, 'EC', 521],
			['ec', { namedCurve: 'secp256k1' }, 'EC', 256],
			['ed25519', {}, 'Ed25519', undefined],
			['ed448', {}, 'Ed448', undefined],
			['rsa', { modulusLength: 1024 }, 'RSA', 1024],
			['rsa-pss', { modulusLength: 1024 }, 'RSA', 1024],
		];
		for (const [type, opts, algorithm, size] of cases) {
			const generate = generateKeyPairSync as unknown as (t: string, o: object) => { privateKey: string };
			const { privateKey } = generate(type, { ...opts, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
			const k = readPrivateKey(privateKey);
			assert.equal(k.algorithm, algorithm, `${type} ${JSON.stringify(opts)}`);
			assert.equal(k.size, size, `${type} ${JSON.stringify(opts)}`);
		}
		const { privateKey: x } = generateKeyPairSync('x25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
		assert.equal(readPrivateKey(x).algorithm, 'X25519');
	});

	it('SEC1 EC keys in PEM and DER', () => {
		const pem = openssl(['ec', '-in', p('ec.key')]);
		assert.match(pem, /BEGIN EC PRIVATE KEY/);
		const der = opensslBytes(['ec', '-in', p('ec.key'), '-outform', 'DER']);
		const cert = new Uint8Array(opensslBytes(['x509', '-in', p('ec.pem'), '-outform', 'DER']));
		for (const k of [readPrivateKey(pem), readPrivateKey(new Uint8Array(der)), readPrivateKey(der.toString('latin1'))]) {
			assert.equal(k.algorithm, 'EC');
			assert.ok(keyMatchesCertificate(k, cert));
		}
	});

	it('the PKCS#8 DER kept is the key (its public key equals the certificate\'s)', () => {
		const k = readPrivateKey(readFileSync(p('ec.key'), 'utf8'));
		const fromKey = createPublicKey(createPrivateKey({ key: Buffer.from(k.pkcs8Der), format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
		const fromCert = new X509Certificate(readFileSync(p('ec.pem'))).publicKey.export({ type: 'spki', format: 'der' });
		assert.deepEqual(fromKey, fromCert);
	});

	it('a traditional encrypted PEM key: the passphrase is asked for, and a wrong one named', () => {
		const enc3 = openssl(['ec', '-in', p('ec.key'), '-aes128', '-passout', 'pass:right']);
		assert.match(enc3, /Proc-Type: 4,ENCRYPTED/);
		assert.throws(() => readPrivateKey(enc3, { fileName: 'k.pem' }), code('ERR_KEY_ENCRYPTED', /The private key in 'k\.pem' is encrypted/));
		assert.throws(() => readPrivateKey(enc3, { passphrase: 'wrong' }), code('ERR_KEY_PASSPHRASE', /^The passphrase does not decrypt the private key;/));
		assert.equal(readPrivateKey(enc3, { passphrase: 'right' }).algorithm, 'EC');
	});

	it('an encrypted PKCS#8 key in DER: the passphrase is asked for, and works', () => {
		const der = opensslBytes(['pkcs8', '-topk8', '-in', p('ec.key'), '-passout', 'pass:pp', '-v2', 'aes-256-cbc', '-outform', 'DER']);
		assert.throws(() => readPrivateKey(new Uint8Array(der), { fileName: 'k.der' }), code('ERR_KEY_ENCRYPTED', /in 'k\.der'/));
		// a wrong passphrase is named as such, not as bytes that are no key
		assert.throws(() => readPrivateKey(new Uint8Array(der), { passphrase: 'nope', fileName: 'k.der' }), code('ERR_KEY_PASSPHRASE', /in 'k\.der'/));
		assert.equal(readPrivateKey(new Uint8Array(der), { passphrase: 'pp' }).algorithm, 'EC');
	});

	it('refusals name the file: no key block, a key block that is not a key, bytes that are no key', () => {
		const certOnly = readFileSync(p('ec.pem'), 'utf8');
		assert.throws(() => readPrivateKey(certOnly, { fileName: 'c.pem' }), code('ERR_KEY_UNREADABLE', /^No private key found in 'c\.pem'\. Expected a '-----BEGIN PRIVATE KEY-----' block/));
		const notKey = `-----BEGIN PRIVATE KEY-----\n${Buffer.from('definitely not a key').toString('base64')}\n-----END PRIVATE KEY-----\n`;
		assert.throws(() => readPrivateKey(notKey, { fileName: 'n.pem' }), code('ERR_KEY_UNREADABLE', /The private key in 'n\.pem' could not be read \(/, /expected PKCS#8 or PKCS#1/));
		assert.throws(() => readPrivateKey(notKey), (e: unknown) => code('ERR_KEY_UNREADABLE')(e) && !/^error:/.test((e as Error).message) && !/ in '/.test((e as Error).message));
		assert.throws(() => readPrivateKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), { fileName: 'x.der' }), code('ERR_KEY_UNREADABLE', /^No private key found in 'x\.der': it is neither PEM nor a DER PKCS#8\/PKCS#1 key/));
	});

	it('keyMatchesCertificate: false for bytes that are no certificate, and for another key', () => {
		const k = readPrivateKey(readFileSync(p('ec.key'), 'utf8'));
		assert.equal(keyMatchesCertificate(k, new Uint8Array([1, 2, 3])), false);
		const other = readPrivateKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey);
		assert.equal(keyMatchesCertificate(other, new Uint8Array(opensslBytes(['x509', '-in', p('ec.pem'), '-outform', 'DER']))), false);
		// a PrivateKeyInfo made elsewhere (not by readPrivateKey) is still compared by its bytes
		const copy = { ...k, pkcs8Der: new Uint8Array(k.pkcs8Der) };
		assert.equal(keyMatchesCertificate(copy, new Uint8Array(opensslBytes(['x509', '-in', p('ec.pem'), '-outform', 'DER']))), true);
	});

	it('generateRsaKeyPair: RSA of the size asked, exponent 65537', async () => {
		const { privateKey, publicKey } = await generateRsaKeyPair(1024);
		assert.equal(privateKey.asymmetricKeyType, 'rsa');
		assert.equal(privateKey.asymmetricKeyDetails?.modulusLength, 1024);
		assert.equal(privateKey.asymmetricKeyDetails?.publicExponent, 65537n);
		assert.deepEqual(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }), publicKey.export({ type: 'spki', format: 'der' }));
		await assert.rejects(generateRsaKeyPair(-1));
	});
});
