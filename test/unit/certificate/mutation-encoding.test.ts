/**
 * The core's byte encodings and GUID shape against their specs (written for the mutation run, issue 10): RFC 4648
 * §10 test vectors for base64 and (with §5's alphabet, unpadded as RFC 7515 §2 wants) base64url; hex as RFC 4648 §8
 * writes it; the GUID text form of RFC 9562 §4 (8-4-4-4-12 hex digits).
 */
import * as assert from 'node:assert/strict';
import { base64Decode, base64Encode, base64urlDecode, base64urlEncode, bytesEqual, decodeAnyBase64, fromHex, isBase64url, isHex, toHex, utf8 } from '../../../src/core/encoding';
import { CoreError } from '../../../src/core/errors';
import { isGuid } from '../../../src/core/ids';

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('latin1'));
const invalid = (what: RegExp) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION' && what.test(e.message);
// RFC 4648 §10
const VECTORS: [string, string][] = [
	['', ''],
	['f', 'Zg=='],
	['fo', 'Zm8='],
	['foo', 'Zm9v'],
	['foob', 'Zm9vYg=='],
	['fooba', 'Zm9vYmE='],
	['foobar', 'Zm9vYmFy'],
];
/** A view into the middle of a larger buffer: encoders must read only the view. */
const view = (s: string) => {
	const whole = Buffer.from(`XX${s}YY`, 'latin1');
	return new Uint8Array(whole.buffer, whole.byteOffset + 2, s.length);
};

describe('mutation: hex', () => {
	it('toHex: uppercase by default, lowercase on request, only the bytes of a view', () => {
		assert.equal(toHex(new Uint8Array([0x00, 0xab, 0x7f, 0xff])), '00AB7FFF');
		assert.equal(toHex(new Uint8Array([0x00, 0xab, 0x7f, 0xff]), false), '00ab7fff');
		assert.equal(toHex(view('\x01\x02')), '0102');
	});
	it('fromHex: either case; separators, odd lengths, other letters and spaces refused, naming the value', () => {
		assert.deepEqual([...fromHex('00aBcD09fF')], [0x00, 0xab, 0xcd, 0x09, 0xff]);
		assert.deepEqual([...fromHex('')], []);
		for (const bad of ['AB:CD', 'ABC', 'GG', ' AB', 'AB ', 'A', '0x12', 'AB\n']) {
			assert.throws(() => fromHex(bad, 'thumbprint'), invalid(/^The thumbprint is not hex: expected an even number of 0-9\/A-F digits without separators\.$/), bad);
		}
		assert.throws(() => fromHex('zz'), invalid(/^The value is not hex/));
	});
	it('isHex: non-empty, even, hex only', () => {
		assert.deepEqual(['', 'ab', 'ABCDEF0123456789', 'abc', 'zz', 'ab cd', 'x12'].map(isHex), [false, true, true, false, false, false, false]);
	});
});

describe('mutation: base64url (RFC 4648 §5, unpadded)', () => {
	it('encodes the RFC 4648 vectors without padding; strings as UTF-8; the URL-safe alphabet', () => {
		for (const [plain, b64] of VECTORS) {
			assert.equal(base64urlEncode(plain), b64.replace(/=+$/, ''));
			assert.equal(base64urlEncode(bytes(plain)), b64.replace(/=+$/, ''));
		}
		assert.equal(base64urlEncode('é'), 'w6k');
		assert.equal(base64urlEncode(new Uint8Array([0xfb, 0xff, 0xbf])), '-_-_');
		assert.equal(base64urlEncode(view('foo')), 'Zm9v');
	});
	it('decodes the vectors; refuses +, /, =, spaces and a length of 4k+1, naming the value', () => {
		for (const [plain, b64] of VECTORS) {
			assert.equal(text(base64urlDecode(b64.replace(/=+$/, ''))), plain);
		}
		assert.deepEqual([...base64urlDecode('-_-_')], [0xfb, 0xff, 0xbf]);
		for (const bad of ['+_8', '/w', 'Zg==', 'Zm 9v', 'Zm9vY', 'A']) {
			assert.throws(() => base64urlDecode(bad, 'payload'), invalid(/^The payload is not base64url: use A-Z a-z 0-9 - _ without padding\.$/), bad);
		}
		assert.throws(() => base64urlDecode('Zm9vY'), invalid(/^The value is not base64url/));
	});
	it('isBase64url: non-empty, URL-safe alphabet, no padding, never 4k+1 long', () => {
		assert.deepEqual(['', 'Zg', 'Zm9v', '-_8', 'Zg==', 'a+b', 'Zm9vY', 'A'].map(isBase64url), [false, true, true, true, false, false, false, false]);
	});
});

describe('mutation: base64 (RFC 4648 §4)', () => {
	it('encodes the RFC 4648 vectors with padding, only the bytes of a view', () => {
		for (const [plain, b64] of VECTORS) {
			assert.equal(base64Encode(bytes(plain)), b64);
		}
		assert.equal(base64Encode(new Uint8Array([0xfb, 0xff, 0xbf])), '+/+/');
		assert.equal(base64Encode(view('fooba')), 'Zm9vYmE=');
	});
	it('decodes padded and unpadded text, whitespace anywhere ignored (wrapped PEM-style lines)', () => {
		for (const [plain, b64] of VECTORS) {
			assert.equal(text(base64Decode(b64)), plain);
			assert.equal(text(base64Decode(b64.replace(/=+$/, ''))), plain);
		}
		assert.equal(text(base64Decode(' Zm9v\r\n  YmFy\t')), 'foobar');
		assert.deepEqual([...base64Decode('+/+/')], [0xfb, 0xff, 0xbf]);
	});
	it('refuses the URL-safe alphabet, padding in the middle or over two, and 4k+1 characters before the padding', () => {
		for (const bad of ['-_-_', 'Zg=a', '=Zg', 'Zg===', 'Zm9vY', 'Zm9vY=', 'Zm9vY==', 'Zm9v!']) {
			assert.throws(() => base64Decode(bad, 'certificate'), invalid(/^The certificate is not base64\.$/), bad);
		}
		assert.throws(() => base64Decode('-'), invalid(/^The value is not base64\.$/));
	});
});

describe('mutation: decodeAnyBase64 (either alphabet, as Entra reads manifests)', () => {
	it('reads both alphabets, padded or not, with whitespace around', () => {
		for (const t of ['-_-_', '+/+/', ' +/+/\n']) {
			assert.deepEqual([...(decodeAnyBase64(t) ?? [])], [0xfb, 0xff, 0xbf], t);
		}
		for (const [plain, b64] of VECTORS.slice(1)) {
			assert.equal(text(decodeAnyBase64(b64)), plain);
			assert.equal(text(decodeAnyBase64(b64.replace(/=+$/, ''))), plain);
		}
		assert.deepEqual([...(decodeAnyBase64('_w')!)], [0xff]);
	});
	it('undefined for empty or blank text, inner spaces, other characters, 4k+1 characters, padding over two', () => {
		for (const t of ['', '   ', 'Zm 9v', 'Zm9v!', 'Zm9vY', 'Zm9vY==', 'Zg===', '=Zg']) {
			assert.equal(decodeAnyBase64(t), undefined, JSON.stringify(t));
		}
	});
});

describe('mutation: utf8, bytesEqual, isGuid', () => {
	it('utf8 reads only the bytes of a view', () => {
		const whole = Buffer.from('XXh\u00e9YY', 'utf8');
		assert.equal(utf8(new Uint8Array(whole.buffer, whole.byteOffset + 2, 3)), 'hé');
	});
	it('bytesEqual: same bytes, not a prefix, not a different byte', () => {
		assert.equal(bytesEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3])), true);
		assert.equal(bytesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 3])), false);
		assert.equal(bytesEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2])), false);
		assert.equal(bytesEqual(new Uint8Array([1, 2, 4]), new Uint8Array([1, 2, 3])), false);
		assert.equal(bytesEqual(new Uint8Array(), new Uint8Array()), true);
	});
	it('isGuid: the 8-4-4-4-12 text form, either case, nothing around it', () => {
		const ok = ['00000000-0000-0000-0000-000000000000', 'f8cdef31-a31e-4b4a-93e4-5f571e91255a', 'F8CDEF31-A31E-4B4A-93E4-5F571E91255A'];
		const bad = ['f8cdef31a31e4b4a93e45f571e91255a', '{f8cdef31-a31e-4b4a-93e4-5f571e91255a}', ' f8cdef31-a31e-4b4a-93e4-5f571e91255a', 'f8cdef31-a31e-4b4a-93e4-5f571e91255a ', 'g8cdef31-a31e-4b4a-93e4-5f571e91255a', 'f8cdef3-1a31e-4b4a-93e4-5f571e91255a', 'f8cdef31-a31e-4b4a-93e4-5f571e91255', 'xf8cdef31-a31e-4b4a-93e4-5f571e91255a', ''];
		assert.deepEqual(ok.map(isGuid), [true, true, true]);
		assert.deepEqual(bad.map(isGuid), bad.map(() => false));
	});
});
