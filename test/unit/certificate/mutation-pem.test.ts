/**
 * PEM as users paste it, checked against openssl: the DER of each block equals openssl's, toPem writes what openssl
 * writes, encrypted-key headers stay in the block text but out of the base64, JSON damage is undone, and the two
 * refusals (bad base64, a BEGIN without its END) name the block and the file.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { looksLikePem, normalizePemText, pemBlocks, toPem } from '../../../src/core/certificate/pem';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));

describe('pem: against openssl', function () {
	this.timeout(60000);
	let dir: string;
	let certPem: string;
	let der: Buffer;
	let keyDer: Buffer;
	// a traditional encrypted key: Proc-Type and DEK-Info headers before the base64
	let legacyEncrypted: string;
	before(() => {
		dir = tempDir('eck-pem-');
		openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=pem', '-days', '3']);
		certPem = openssl(['x509', '-in', join(dir, 'c.pem')]);
		der = opensslBytes(['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
		keyDer = opensslBytes(['pkcs8', '-topk8', '-nocrypt', '-in', join(dir, 'k.pem'), '-outform', 'DER']);
		legacyEncrypted = openssl(['ec', '-in', join(dir, 'k.pem'), '-aes128', '-passout', 'pass:pw']);
	});

	it('toPem writes exactly what openssl writes (64-character lines, final newline)', () => {
		assert.equal(toPem(der, 'CERTIFICATE'), certPem);
		const long = Buffer.alloc(200, 7);
		const text = toPem(long, 'X');
		assert.ok(text.split('\n').slice(1, -2).every((l) => l.length <= 64));
		assert.equal(text.split('\n')[1].length, 64);
		assert.deepEqual(Buffer.from(text.split('\n').slice(1, -2).join(''), 'base64'), long);
	});

	it('the DER of each block is openssl\'s, in order, with its label and LF text', () => {
		const keyPem = openssl(['pkey', '-in', join(dir, 'k.pem')]);
		const blocks = pemBlocks(`notes before\r\n${certPem.replace(/\n/g, '\r\n')}between\n${keyPem}after`);
		assert.deepEqual(blocks.map((b) => b.label), ['CERTIFICATE', 'PRIVATE KEY']);
		assert.deepEqual(Buffer.from(blocks[0].der), der);
		assert.deepEqual(Buffer.from(blocks[1].der), keyDer);
		assert.equal(blocks[0].text, certPem.trimEnd());
		assert.doesNotMatch(blocks[0].text, /\r/);
	});

	it('headers of a traditional encrypted key stay in the text and out of the base64', () => {
		assert.match(legacyEncrypted, /Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,/);
		const [b] = pemBlocks(legacyEncrypted);
		assert.equal(b.label, 'EC PRIVATE KEY');
		assert.match(b.text, /Proc-Type: 4,ENCRYPTED/);
		const body = legacyEncrypted.split('\n').filter((l) => l && !l.startsWith('-----') && !l.includes(':')).join('');
		assert.deepEqual(Buffer.from(b.der), Buffer.from(body, 'base64'));
	});

	it('JSON damage: literal \\n, \\r\\n, quotes and commas of a JSON array of lines', () => {
		const escaped = JSON.stringify(certPem).slice(1, -1);
		assert.deepEqual(Buffer.from(pemBlocks(escaped)[0].der), der);
		assert.deepEqual(Buffer.from(pemBlocks(certPem.replace(/\n/g, '\\r\\n'))[0].der), der);
		const asArray = JSON.stringify(certPem.trimEnd().split('\n'), null, 1);
		assert.deepEqual(Buffer.from(pemBlocks(asArray)[0].der), der);
		const quotedLines = certPem.split('\n').map((l) => `'${l}'`).join('\n');
		assert.deepEqual(Buffer.from(pemBlocks(quotedLines)[0].der), der);
	});
});

describe('pem: text handling', () => {
	it('looksLikePem needs a BEGIN line with an upper-case label', () => {
		assert.equal(looksLikePem('-----BEGIN CERTIFICATE-----'), true);
		assert.equal(looksLikePem('x\n-----BEGIN X509 CRL-----\n'), true);
		assert.equal(looksLikePem('-----BEGIN certificate-----'), false);
		assert.equal(looksLikePem('-----BEGIN CERTIFICATE----'), false);
		assert.equal(looksLikePem('BEGIN CERTIFICATE'), false);
		assert.equal(looksLikePem('-----END CERTIFICATE-----'), false);
	});
	it('normalizePemText: CRLF and lone CR become LF; literal escapes become line breaks', () => {
		assert.equal(normalizePemText('a\r\nb\rc\nd'), 'a\nb\nc\nd');
		assert.equal(normalizePemText('a\\nb\\r\\nc\\rd'), 'a\nb\nc\nd');
		assert.equal(normalizePemText('plain'), 'plain');
		// a backslash-r alone (no literal \n anywhere) is left as is: it is not JSON-escaped PEM
		assert.equal(normalizePemText('C:\\repo\\certs'), 'C:\\repo\\certs');
	});
	it('no block at all gives an empty list', () => {
		assert.deepEqual(pemBlocks('just text'), []);
		assert.deepEqual(pemBlocks(''), []);
	});
	it('an END with another label does not close the block: the cut-off refusal names the file', () => {
		const text = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n';
		assert.throws(() => pemBlocks(text, 'cut.pem'), code('ERR_PEM_MALFORMED', /'cut\.pem'/, /BEGIN line without its matching END/));
		assert.throws(() => pemBlocks('-----BEGIN CERTIFICATE-----\nAAAA'), code('ERR_PEM_MALFORMED', /^The text has a BEGIN line/));
	});
	it('a body that is not base64 is refused, naming the block and the file', () => {
		const text = '-----BEGIN CERTIFICATE-----\nAAA*AAAA\n-----END CERTIFICATE-----\n';
		assert.throws(() => pemBlocks(text, 'bad.pem'), code('ERR_PEM_MALFORMED', /The CERTIFICATE block in 'bad\.pem' is not valid base64/));
		assert.throws(() => pemBlocks(text), (e: unknown) => code('ERR_PEM_MALFORMED', /^The CERTIFICATE block is not valid base64/)(e) && !/ in '/.test((e as Error).message));
	});
	it('a good block next to a cut-off one: the good one is returned', () => {
		const good = toPem(Buffer.from('hello'), 'DATA');
		const blocks = pemBlocks(`${good}-----BEGIN DATA-----\naGk=\n`);
		assert.equal(blocks.length, 1);
		assert.equal(Buffer.from(blocks[0].der).toString(), 'hello');
	});
	it('lines that look like headers (Name: value) are dropped from the body, others kept', () => {
		const text = '-----BEGIN DATA-----\nComment: made by hand\n  Key-Name: x\naGVs\nbG8=\n-----END DATA-----';
		assert.equal(Buffer.from(pemBlocks(text)[0].der).toString(), 'hello');
	});
});
