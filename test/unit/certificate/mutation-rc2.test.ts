/**
 * RC2 (legacy PFX files) against RFC 2268's published test vectors and against what OpenSSL's legacy provider
 * encrypts: several key lengths and effective key sizes, multi-block CBC chaining, and the padding checks that tell a
 * wrong password from a right one.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rc2CbcDecrypt, rc2DecryptBlock, rc2ExpandKey } from '../../../src/core/certificate/rc2';

/** openssl enc with the legacy provider; undefined when this openssl has no legacy provider. */
function opensslEnc(cipher: string, key: Buffer, iv: Buffer | undefined, data: Buffer, pad: boolean): Buffer | undefined {
	const args = ['enc', `-${cipher}`, '-K', key.toString('hex'), ...(iv ? ['-iv', iv.toString('hex')] : []), ...(pad ? [] : ['-nopad']), '-provider', 'legacy', '-provider', 'default'];
	try {
		return execFileSync('openssl', args, { input: data, stdio: ['pipe', 'pipe', 'pipe'] });
	} catch {
		return undefined;
	}
}

const hex = (h: string) => Buffer.from(h, 'hex');

describe('RC2: RFC 2268 §5 test vectors', () => {
	// key, effective bits, plaintext, ciphertext
	const vectors: [string, number, string, string][] = [
		['0000000000000000', 63, '0000000000000000', 'ebb773f993278eff'],
		['ffffffffffffffff', 64, 'ffffffffffffffff', '278b27e42e2f0d49'],
		['3000000000000000', 64, '1000000000000001', '30649edf9be7d2c2'],
		['88', 64, '0000000000000000', '61a8a244adacccf0'],
		['88bca90e90875a', 64, '0000000000000000', '6ccf4308974c267f'],
		['88bca90e90875a7f0f79c384627bafb2', 64, '0000000000000000', '1a807d272bbe5db1'],
		['88bca90e90875a7f0f79c384627bafb2', 128, '0000000000000000', '2269552ab0f85ca6'],
		['88bca90e90875a7f0f79c384627bafb216f80a6f85920584c42fceb0be255daf1e', 129, '0000000000000000', '5b78d3a43dfff1f1'],
	];
	for (const [key, bits, plain, cipher] of vectors) {
		it(`key ${key.length / 2} bytes, ${bits} effective bits`, () => {
			const block = hex(cipher);
			rc2DecryptBlock(rc2ExpandKey(hex(key), bits), block);
			assert.equal(block.toString('hex'), plain);
		});
	}
	it('the expanded key is 64 16-bit words and does not depend on bytes past the key', () => {
		const k = rc2ExpandKey(hex('88bca90e90875a'), 64);
		assert.equal(k.length, 64);
		const again = rc2ExpandKey(new Uint8Array(hex('88bca90e90875a')), 64);
		assert.deepEqual([...again], [...k]);
		assert.notDeepEqual([...rc2ExpandKey(hex('88bca90e90875a'), 63)], [...k]);
	});
});

describe('RC2-CBC against openssl', () => {
	it('40-bit keys (pbeWithSHAAnd40BitRC2-CBC), messages around block boundaries', function () {
		const key = hex('a1b2c3d4e5');
		const iv = hex('0102030405060708');
		for (const n of [1, 7, 8, 9, 15, 16, 17, 33]) {
			const plain = randomBytes(n);
			const cipher = opensslEnc('rc2-40-cbc', key, iv, plain, true);
			if (!cipher) {
				this.skip();
				return;
			}
			assert.equal(cipher.length % 8, 0);
			assert.deepEqual(Buffer.from(rc2CbcDecrypt(key, 40, iv, cipher)!), plain, `${n} bytes`);
		}
	});
	it('128-bit keys over many blocks: every block is chained to the one before', function () {
		const key = randomBytes(16);
		const iv = randomBytes(8);
		const plain = randomBytes(8 * 12 + 3);
		const cipher = opensslEnc('rc2-cbc', key, iv, plain, true);
		if (!cipher) {
			this.skip();
			return;
		}
		assert.deepEqual(Buffer.from(rc2CbcDecrypt(key, 128, iv, cipher)!), plain);
		// the ciphertext is not changed by decrypting it
		assert.deepEqual(cipher, opensslEnc('rc2-cbc', key, iv, plain, true));
	});
	it('a whole block of padding (plaintext a multiple of 8) is removed', function () {
		const key = hex('0011223344');
		const iv = hex('8877665544332211');
		const plain = Buffer.from('sixteen bytes!!!');
		const cipher = opensslEnc('rc2-40-cbc', key, iv, plain, true);
		if (!cipher) {
			this.skip();
			return;
		}
		assert.equal(cipher.length, 24);
		assert.deepEqual(Buffer.from(rc2CbcDecrypt(key, 40, iv, cipher)!), plain);
	});
});

describe('RC2-CBC: padding tells a wrong key', () => {
	const key = hex('0102030405');
	const iv = hex('0000000000000000');
	/** openssl encryption without padding of exactly these bytes. */
	const raw = (plain: Buffer) => opensslEnc('rc2-40-cbc', key, iv, plain, false);

	it('no data, or data not a whole number of blocks, is refused', () => {
		assert.equal(rc2CbcDecrypt(key, 40, iv, new Uint8Array(0)), undefined);
		assert.equal(rc2CbcDecrypt(key, 40, iv, new Uint8Array(12)), undefined);
		assert.equal(rc2CbcDecrypt(key, 40, iv, new Uint8Array(7)), undefined);
	});
	it('padding bytes of 0, over 8, or not all equal are refused; 1 and 8 are fine', function () {
		const cases: [string, string | undefined][] = [
			['41424344454647' + '01', '41424344454647'],
			['0808080808080808', ''],
			['4142434445464700', undefined],
			['4142434445464709', undefined],
			['4142434445030302', undefined],
			['4142434445040303', undefined],
			['4142434403030303', '4142434403'],
			['41424344454603' + '03', undefined],
		];
		for (const [plain, want] of cases) {
			const cipher = raw(hex(plain));
			if (!cipher) {
				this.skip();
				return;
			}
			const got = rc2CbcDecrypt(key, 40, iv, cipher);
			assert.equal(got === undefined ? undefined : Buffer.from(got).toString('hex'), want, plain);
		}
	});
	it('a wrong key gives undefined, not garbage (checked over 50 random wrong keys)', function () {
		const plain = Buffer.from('a certificate bag, more or less');
		const cipher = opensslEnc('rc2-40-cbc', key, iv, plain, true);
		if (!cipher) {
			this.skip();
			return;
		}
		let garbage = 0;
		for (let i = 0; i < 50; i++) {
			const out = rc2CbcDecrypt(randomBytes(5), 40, iv, cipher);
			if (out !== undefined) {
				// a wrong key can pass the padding check by chance (about 1 in 256); it never gives the message back
				assert.notDeepEqual(Buffer.from(out), plain);
				garbage++;
			}
		}
		assert.ok(garbage < 10, `${garbage} of 50 wrong keys passed the padding check`);
	});
});
