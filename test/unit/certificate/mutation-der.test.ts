/**
 * The one-pass DER reader (der.ts) that orders bundles and describes certificates without a full parser: on
 * certificates openssl makes, every field it returns equals what @peculiar/asn1-x509 (a full ASN.1 parser) or Node's
 * X509Certificate reads; on certificate-shaped bytes built here, each structural requirement is checked on its own
 * (a wrong tag, a missing or extra element, a bad length), and Node's parser refuses the real-certificate corruptions
 * too. OIDs are checked against asn1js's encoder.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { AsnConvert } from '@peculiar/asn1-schema';
import type { Name } from '@peculiar/asn1-x509';
import { Certificate } from '@peculiar/asn1-x509';
import { certificateFields, certificateNames, nameAttributes, oidText } from '../../../src/core/certificate/der';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

/** A DER element: tag, definite length (short or long form), contents. */
function enc(tag: number, ...parts: Buffer[]): Buffer {
	const c = Buffer.concat(parts);
	const n = c.length;
	const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
	return Buffer.concat([Buffer.from([tag, ...len]), c]);
}
const hex = (h: string) => Buffer.from(h, 'hex');
const SEQ = (...p: Buffer[]) => enc(0x30, ...p);
const SET = (...p: Buffer[]) => enc(0x31, ...p);
const CN = hex('550403');
const O = hex('55040a');
const atv = (type: Buffer, value: string, tag = 0x0c) => SEQ(enc(0x06, type), enc(tag, Buffer.from(value, 'latin1')));
const nameOf = (cn: string) => SEQ(SET(atv(CN, cn)));
const SHA256_RSA = SEQ(enc(0x06, hex('2a864886f70d01010b')), enc(0x05));
const utc = (s: string) => enc(0x17, Buffer.from(s, 'latin1'));

interface Parts {
	version?: Buffer | null;
	serial?: Buffer;
	sigAlg?: Buffer;
	issuer?: Buffer;
	validity?: Buffer;
	subject?: Buffer;
	rest?: Buffer[];
	alg?: Buffer;
	sig?: Buffer;
	after?: Buffer[];
	tbsTag?: number;
	outerTag?: number;
}

/** Certificate-shaped DER (not a real certificate: nothing is signed). */
function shaped(p: Parts = {}): Buffer {
	const tbsParts = [
		...(p.version === null ? [] : [p.version ?? enc(0xa0, enc(0x02, hex('02')))]),
		p.serial ?? enc(0x02, hex('0123')),
		p.sigAlg ?? SHA256_RSA,
		p.issuer ?? nameOf('Issuer'),
		p.validity ?? SEQ(utc('240101000000Z'), utc('340101000000Z')),
		p.subject ?? nameOf('Subject'),
		...(p.rest ?? [SEQ(SEQ(enc(0x06, hex('2a864886f70d010101')), enc(0x05)), enc(0x03, hex('0000')))]),
	];
	const tbs = enc(p.tbsTag ?? 0x30, ...tbsParts);
	return enc(p.outerTag ?? 0x30, tbs, p.alg ?? SHA256_RSA, p.sig ?? enc(0x03, hex('00abcdef')), ...(p.after ?? []));
}

const latin1 = (b: Buffer | Uint8Array) => Buffer.from(b).toString('latin1');
/** The contents of a DER element (what certificateNames compares: the name without its SEQUENCE header). */
const inner = (b: Buffer) => b.subarray(b[1] & 0x80 ? 2 + (b[1] & 0x7f) : 2);
const parses = (der: Uint8Array) => {
	try {
		new X509Certificate(Buffer.from(der));
		return true;
	} catch {
		return false;
	}
};

describe('der: certificates openssl makes', function () {
	this.timeout(60000);
	// made once, and only when a test here runs (a before hook, not the suite body)
	let ca: Uint8Array;
	let leaf: Uint8Array;
	let rsa: Uint8Array;
	before(() => {
		const dir = tempDir('eck-der-');
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
		openssl(['req', '-x509', ...ec, '-nodes', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-subj', '/O=Contoso/CN=Der CA', '-days', '30']);
		openssl(['req', '-new', ...ec, '-nodes', '-keyout', join(dir, 'leaf.key'), '-out', join(dir, 'leaf.csr'), '-subj', '/CN=der-leaf/OU=x+OU=y', '-multivalue-rdn']);
		openssl(['x509', '-req', '-in', join(dir, 'leaf.csr'), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial', '-out', join(dir, 'leaf.pem'), '-days', '20000']);
		openssl(['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', join(dir, 'rsa.key'), '-out', join(dir, 'rsa.pem'), '-subj', '/CN=der-rsa', '-days', '5', '-set_serial', '0x00f1e2d3']);
		const der = (f: string) => new Uint8Array(opensslBytes(['x509', '-in', join(dir, f), '-outform', 'DER']));
		ca = der('ca.pem');
		leaf = der('leaf.pem');
		rsa = der('rsa.pem');
	});
	const asn = (d: Uint8Array) => AsnConvert.parse(Buffer.from(d), Certificate);
	const nameDer = (n: Name) => Buffer.from(AsnConvert.serialize(n));

	it('issuer and subject names are the DER a full parser reads, and chain the leaf to its CA', () => {
		for (const d of [ca, leaf, rsa]) {
			const c = asn(d);
			assert.deepEqual(certificateNames(d), { issuer: latin1(inner(nameDer(c.tbsCertificate.issuer))), subject: latin1(inner(nameDer(c.tbsCertificate.subject))) });
		}
		assert.equal(certificateNames(leaf)?.issuer, certificateNames(ca)?.subject);
		assert.notEqual(certificateNames(leaf)?.subject, certificateNames(leaf)?.issuer);
		assert.equal(certificateNames(ca)?.subject, certificateNames(ca)?.issuer);
	});

	it('certificate fields: serial contents, whole names, validity times, signature algorithm', () => {
		for (const d of [ca, leaf, rsa]) {
			const c = asn(d);
			const f = certificateFields(d);
			assert.ok(f);
			assert.deepEqual(Buffer.from(f.serial), Buffer.from(c.tbsCertificate.serialNumber));
			assert.deepEqual(Buffer.from(f.issuer), nameDer(c.tbsCertificate.issuer));
			assert.deepEqual(Buffer.from(f.subject), nameDer(c.tbsCertificate.subject));
			assert.equal(oidText(f.signatureOid), c.signatureAlgorithm.algorithm);
			const node = new X509Certificate(Buffer.from(d));
			for (const [t, when] of [[f.notBefore, node.validFrom], [f.notAfter, node.validTo]] as const) {
				const text = latin1(t.value);
				const m = t.tag === 0x17 ? /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text) : /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(text);
				assert.ok(m, text);
				const y = Number(m[1]);
				const year = t.tag === 0x17 ? (y < 50 ? 2000 + y : 1900 + y) : y;
				assert.equal(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])), new Date(when).getTime());
			}
		}
		// the openssl-chosen serial 0x00f1e2d3 is encoded with its sign byte: 00 f1 e2 d3
		assert.equal(Buffer.from(certificateFields(rsa)!.serial).toString('hex'), '00f1e2d3');
	});

	it('UTCTime before 2050, GeneralizedTime after (RFC 5280 §4.1.2.5)', () => {
		const f = certificateFields(leaf)!;
		assert.equal(f.notBefore.tag, 0x17);
		assert.equal(f.notAfter.tag, 0x18);
		assert.equal(certificateFields(rsa)!.notAfter.tag, 0x17);
	});

	it('signature parameters: NULL follows the RSA OID, ECDSA has none (RFC 4055, RFC 5758)', () => {
		assert.equal(oidText(certificateFields(rsa)!.signatureOid), '1.2.840.113549.1.1.11');
		assert.equal(certificateFields(rsa)!.signatureParams, true);
		assert.equal(oidText(certificateFields(leaf)!.signatureOid), '1.2.840.10045.4.3.2');
		assert.equal(certificateFields(leaf)!.signatureParams, false);
	});

	it('a multi-valued RDN comes back as one RDN of two attributes, in encoded order', () => {
		const rdns = nameAttributes(certificateFields(leaf)!.subject)!;
		const c = asn(leaf).tbsCertificate.subject;
		assert.equal(rdns.length, c.length);
		rdns.forEach((rdn, i) => {
			assert.equal(rdn.length, c[i].length);
			rdn.forEach((a, j) => assert.equal(oidText(a.oid), c[i][j].type));
		});
		assert.deepEqual(rdns.map((r) => r.map((a) => latin1(a.value))).flat().sort(), ['der-leaf', 'x', 'y']);
	});

	it('corruptions of a real certificate: refused here and by Node', () => {
		const bad: [string, Uint8Array][] = [
			['a byte appended', new Uint8Array([...rsa, 0])],
			['the last byte cut off', rsa.subarray(0, rsa.length - 1)],
			['outer SEQUENCE tagged SET', new Uint8Array([0x31, ...rsa.subarray(1)])],
			['an indefinite outer length', new Uint8Array([0x30, 0x80, ...rsa.subarray(rsa[1] & 0x7f ? 2 + (rsa[1] & 0x7f) : 2)])],
			['nothing but a header', new Uint8Array([0x30])],
			['no bytes', new Uint8Array(0)],
		];
		// the NULL after the RSA OID of the inner signature algorithm, with a high tag number instead of NULL
		const i = Buffer.from(rsa).indexOf(hex('2a864886f70d01010b0500'));
		assert.ok(i > 0);
		const highTag = new Uint8Array(rsa);
		highTag[i + 9] = 0x1f;
		bad.push(['a high tag number inside', highTag]);
		for (const [label, d] of bad) {
			assert.equal(certificateNames(d), undefined, label);
			assert.equal(certificateFields(d), undefined, label);
			// Node tolerates bytes after the certificate; every other corruption here it refuses too
			if (label !== 'a byte appended') {
				assert.equal(parses(d), false, `Node also refuses: ${label}`);
			}
		}
	});
});

describe('der: the certificate shape, one requirement at a time', () => {
	it('the shape built here is read, with or without the [0] version', () => {
		for (const version of [undefined, null]) {
			assert.deepEqual(certificateNames(shaped({ version })), { issuer: latin1(inner(nameOf('Issuer'))), subject: latin1(inner(nameOf('Subject'))) });
			const f = certificateFields(shaped({ version }));
			assert.ok(f);
			assert.equal(Buffer.from(f.serial).toString('hex'), '0123');
			assert.deepEqual(Buffer.from(f.subject), nameOf('Subject'));
			assert.deepEqual(Buffer.from(f.issuer), nameOf('Issuer'));
			assert.equal(f.notBefore.tag, 0x17);
			assert.equal(Buffer.from(f.notBefore.value).toString(), '240101000000Z');
			assert.deepEqual(Buffer.from(f.notAfter.value).toString(), '340101000000Z');
		}
	});
	it('the tbsCertificate may end at subject (no key, no extensions)', () => {
		assert.ok(certificateNames(shaped({ rest: [] })));
		assert.ok(certificateFields(shaped({ rest: [] })));
	});
	it('each tbsCertificate field must have its type', () => {
		const wrong: [string, Parts][] = [
			['serial not an INTEGER', { serial: enc(0x04, hex('01')) }],
			['signature not a SEQUENCE', { sigAlg: enc(0x06, hex('2a864886f70d01010b')) }],
			['issuer not a SEQUENCE', { issuer: SET(SET(atv(CN, 'Issuer'))) }],
			['validity not a SEQUENCE', { validity: SET(utc('240101000000Z'), utc('340101000000Z')) }],
			['subject not a SEQUENCE', { subject: enc(0x0c, Buffer.from('Subject')) }],
			['no subject', { subject: Buffer.alloc(0), rest: [] }],
			['nothing after the serial', { sigAlg: Buffer.alloc(0), issuer: Buffer.alloc(0), validity: Buffer.alloc(0), subject: Buffer.alloc(0), rest: [] }],
			['tbsCertificate not a SEQUENCE', { tbsTag: 0x31 }],
			['outer not a SEQUENCE', { outerTag: 0x31 }],
			['signatureAlgorithm not a SEQUENCE', { alg: enc(0x06, hex('2a864886f70d01010b')) }],
			['signatureValue not a BIT STRING', { sig: enc(0x04, hex('00abcdef')) }],
			['something after the signatureValue', { after: [enc(0x05)] }],
			['no signatureValue', { sig: Buffer.alloc(0) }],
			['no signatureAlgorithm nor signatureValue', { alg: Buffer.alloc(0), sig: Buffer.alloc(0) }],
		];
		for (const [label, p] of wrong) {
			assert.equal(certificateNames(shaped(p)), undefined, label);
			assert.equal(certificateFields(shaped(p)), undefined, label);
		}
	});
	it('validity must hold exactly two times, and the signature algorithm start with an OID', () => {
		const wrong: [string, Parts][] = [
			['one time', { validity: SEQ(utc('240101000000Z')) }],
			['three times', { validity: SEQ(utc('240101000000Z'), utc('340101000000Z'), utc('440101000000Z')) }],
			['no times', { validity: SEQ() }],
			['algorithm without its OID', { alg: SEQ(enc(0x05)) }],
			['empty algorithm', { alg: SEQ() }],
		];
		for (const [label, p] of wrong) {
			assert.equal(certificateFields(shaped(p)), undefined, label);
		}
		// names are read without looking at validity or the algorithm's contents
		assert.ok(certificateNames(shaped({ validity: SEQ() })));
		assert.equal(certificateFields(shaped({ alg: SEQ(enc(0x06, hex('2a864886f70d01010b'))) }))?.signatureParams, false);
	});
	it('a GeneralizedTime keeps its tag', () => {
		const f = certificateFields(shaped({ validity: SEQ(utc('240101000000Z'), enc(0x18, Buffer.from('20600101000000Z'))) }));
		assert.deepEqual(f?.notAfter.tag, 0x18);
		assert.equal(Buffer.from(f!.notAfter.value).toString(), '20600101000000Z');
	});
	it('every nested element must be well-formed, however deep', () => {
		// an element inside the key info whose length runs past its container
		const broken = SEQ(SEQ(enc(0x06, hex('2a864886f70d010101'))), Buffer.from([0x04, 0x05, 0x00]));
		assert.equal(certificateNames(shaped({ rest: [broken] })), undefined);
		assert.equal(certificateFields(shaped({ rest: [broken] })), undefined);
		// a header cut off inside a container
		assert.equal(certificateNames(shaped({ rest: [SEQ(Buffer.from([0x04]))] })), undefined);
		// pathological nesting is refused rather than walked
		let deep = enc(0x05);
		for (let k = 0; k < 200; k++) {
			deep = SEQ(deep);
		}
		assert.equal(certificateNames(shaped({ rest: [deep] })), undefined);
		// ordinary nesting (a dozen levels, as in real extensions) is fine
		let some = enc(0x05);
		for (let k = 0; k < 12; k++) {
			some = SEQ(some);
		}
		assert.ok(certificateNames(shaped({ rest: [some] })));
		assert.ok(certificateFields(shaped({ rest: [some] })));
	});
	it('lengths: long forms read; indefinite and over four length bytes refused', () => {
		const long = enc(0x04, Buffer.alloc(300, 0x41));
		assert.equal(long[1], 0x82);
		assert.ok(certificateFields(shaped({ rest: [SEQ(long)] })));
		const indefinite = Buffer.from([0x30, 0x80, 0x05, 0x00, 0x00, 0x00]);
		assert.equal(certificateNames(shaped({ rest: [indefinite] })), undefined);
		const fiveBytes = Buffer.from([0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0x41]);
		assert.equal(certificateNames(shaped({ rest: [SEQ(fiveBytes)] })), undefined);
		const highTag = Buffer.from([0x1f, 0x01, 0x00]);
		assert.equal(certificateNames(shaped({ rest: [SEQ(highTag)] })), undefined);
		const highTagConstructed = Buffer.from([0x3f, 0x01, 0x00]);
		assert.equal(certificateNames(shaped({ rest: [SEQ(highTagConstructed)] })), undefined);
	});
	it('DER never uses a constructed string: the describer refuses one, the bundle reader lets it pass', () => {
		const constructedOctets = enc(0x24, enc(0x04, hex('41')), enc(0x04, hex('42')));
		assert.ok(certificateNames(shaped({ rest: [SEQ(constructedOctets)] })));
		assert.equal(certificateFields(shaped({ rest: [SEQ(constructedOctets)] })), undefined);
		// context-specific constructed elements ([3] extensions) and SETs are ordinary DER
		assert.ok(certificateFields(shaped({ rest: [enc(0xa3, SEQ(SEQ(enc(0x06, hex('551d13')), enc(0x04, SEQ()))))] })));
		assert.ok(certificateFields(shaped({ rest: [SEQ(SET(enc(0x02, hex('01'))))] })));
		// a constructed element whose contents are not elements is refused by both
		assert.equal(certificateNames(shaped({ rest: [enc(0x24, hex('41'))] })), undefined);
	});
});

describe('der: names', () => {
	it('RDNs and attributes in order, with their value tags', () => {
		const n = SEQ(SET(atv(O, 'Contoso', 0x13)), SET(atv(CN, 'a'), atv(O, 'b', 0x16)));
		const r = nameAttributes(n)!;
		assert.deepEqual(
			r.map((rdn) => rdn.map((a) => [oidText(a.oid), a.tag, latin1(a.value)])),
			[[['2.5.4.10', 0x13, 'Contoso']], [['2.5.4.3', 0x0c, 'a'], ['2.5.4.10', 0x16, 'b']]],
		);
		assert.deepEqual(nameAttributes(SEQ()), []);
	});
	it('anything not shaped as a Name is refused', () => {
		const wrong: [string, Buffer][] = [
			['not a SEQUENCE', SET(SET(atv(CN, 'a')))],
			['bytes after it', Buffer.concat([nameOf('a'), hex('00')])],
			['an empty SET', SEQ(SET())],
			['a SEQUENCE where a SET goes', SEQ(SEQ(atv(CN, 'a')))],
			['an attribute that is not a SEQUENCE', SEQ(SET(SET(enc(0x06, CN), enc(0x0c, Buffer.from('a')))))],
			['an attribute type that is not an OID', SEQ(SET(SEQ(enc(0x0c, Buffer.from('CN')), enc(0x0c, Buffer.from('a')))))],
			['an attribute with no value', SEQ(SET(SEQ(enc(0x06, CN))))],
			['an attribute with two values', SEQ(SET(SEQ(enc(0x06, CN), enc(0x0c, Buffer.from('a')), enc(0x0c, Buffer.from('b')))))],
			['an attribute cut short', SEQ(SET(Buffer.from([0x30, 0x05, 0x06, 0x03, 0x55, 0x04, 0x03])))],
			['a SET cut short', SEQ(Buffer.from([0x31, 0x09]))],
			['empty input', Buffer.alloc(0)],
		];
		for (const [label, b] of wrong) {
			assert.equal(nameAttributes(b), undefined, label);
		}
	});
});

describe('der: OID text against asn1js', () => {
	const contents = (dotted: string) => {
		const ber = Buffer.from(new asn1js.ObjectIdentifier({ value: dotted }).toBER());
		return ber.subarray(2);
	};
	for (const dotted of ['2.5.4.3', '1.2.840.113549.1.1.11', '0.9.2342.19200300.100.1.25', '1.3.101.112', '0.39', '1.0', '1.39', '2.0', '2.40', '2.999.3', '2.25.1099511627776', '1.2.4294967296.5']) {
		it(dotted, () => assert.equal(oidText(contents(dotted)), dotted));
	}
	it('malformed contents give undefined', () => {
		assert.equal(oidText(new Uint8Array(0)), undefined, 'empty');
		assert.equal(oidText(hex('2a864886f7')), undefined, 'the last byte still has its continuation bit');
		assert.equal(oidText(hex('2a86')), undefined, 'continuation at the end');
		assert.equal(oidText(hex('2a800186')), undefined, 'an arc with a leading 0x80 (not minimal)');
		assert.equal(oidText(hex('802a')), undefined, 'the first arc with a leading 0x80');
	});
	it('an arc too large for an exact number gives undefined, so the full parser is used', () => {
		assert.equal(oidText(contents('1.2.1180591620717411303424')), undefined);
	});
});
