/**
 * Thumbprints against the workspace: which certificate or manifest keyCredential a value names and in which form,
 * and how the hex Entra prints in AADSTS700027 reads (Entra base64url-decodes x5t and prints the bytes as hex).
 * Certificates are made by openssl (test/unit/jwt/keys.ts); expected thumbprints come from Node's crypto here.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { interpretReportedThumbprint, knownKeys, matchThumbprint, reportedHexOf, type ContextCertificate } from '../../../src/core/diagnose/keys';
import { makeCert, type TestCert } from '../jwt/keys';

const APP = '6a2f3c1e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest();
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

describe('diagnose keys: thumbprint forms against the workspace', function () {
	this.timeout(60000);
	let a: TestCert;
	let b: TestCert;
	let fileCert: ContextCertificate;
	before(() => {
		a = makeCert({ rsaBits: 2048 }, '/CN=orders-file');
		b = makeCert({ rsaBits: 2048 }, '/CN=orders-manifest');
		fileCert = {
			label: 'certs/orders.pem',
			subject: 'CN=orders-file',
			notBefore: new Date('2026-01-01T00:00:00Z'),
			notAfter: new Date('2027-01-01T00:00:00Z'),
			sha1Hex: hexOf(sha1(a.certDer)),
			sha256Hex: hexOf(sha256(a.certDer)),
			x5t: sha1(a.certDer).toString('base64url'),
			x5tS256: sha256(a.certDer).toString('base64url'),
			customKeyIdentifier: sha1(a.certDer).toString('base64'),
		};
	});

	const manifestText = (creds: Record<string, unknown>[], appId: string | null = APP) => JSON.stringify({ ...(appId ? { appId } : {}), displayName: 'orders', keyCredentials: creds }, null, 2);

	describe('knownKeys', () => {
		it('lists the certificate files with their end date, then each manifest keyCredential that holds a certificate', () => {
			const der = Buffer.from(b.certDer).toString('base64');
			const keys = knownKeys({
				certificates: [fileCert],
				manifests: [
					{ label: 'broken.json', text: '{ not json' },
					{ label: 'not-an-object.json', text: '[1, 2]' },
					{
						label: 'app.json',
						text: manifestText([
							{ keyId: 'k0', displayName: 'CN=orders-manifest', key: der, endDateTime: '2027-06-01T00:00:00Z', customKeyIdentifier: 'abc' },
							{ keyId: 'k1', key: der, endDateTime: 'not a date' },
							{ displayName: null, key: der },
							{ keyId: 'k3', key: Buffer.alloc(40, 7).toString('base64') },
							{ keyId: 'k4' },
							{ keyId: 'k5', key: '%%% not base64 %%%' },
						]),
					},
				],
			});
			assert.deepEqual(
				keys.map((k) => k.label),
				['certs/orders.pem', 'app.json keyCredentials[0] (CN=orders-manifest)', 'app.json keyCredentials[1] (keyId k1)', 'app.json keyCredentials[2]'],
			);
			assert.equal(keys[0].source, 'certificate');
			assert.equal(keys[0].end?.toISOString(), '2027-01-01T00:00:00.000Z');
			assert.equal(keys[0].appId, undefined);
			const m = keys[1];
			assert.equal(m.source, 'manifest');
			assert.equal(m.appId, APP);
			assert.equal(m.cki, 'abc');
			assert.equal(m.end?.toISOString(), '2027-06-01T00:00:00.000Z');
			assert.equal(m.t.sha1Hex, hexOf(sha1(b.certDer)));
			assert.equal(m.t.x5tS256, sha256(b.certDer).toString('base64url'));
			assert.ok(!('end' in keys[2]), 'an end date that does not parse is left out');
			assert.ok(!('end' in keys[3]));
		});

		it('a manifest without appId gives keys without an appId; legacy "value" holds the certificate too', () => {
			const keys = knownKeys({ manifests: [{ label: 'legacy.json', text: manifestText([{ keyId: 'k', value: Buffer.from(b.certDer).toString('base64'), endDate: '2027-06-01T00:00:00Z' }], null) }] });
			assert.equal(keys.length, 1);
			assert.ok(!('appId' in keys[0]));
			assert.equal(keys[0].end?.toISOString(), '2027-06-01T00:00:00.000Z');
			assert.deepEqual(knownKeys({}), []);
		});
	});

	describe('matchThumbprint', () => {
		it('hex forms match case-insensitively, with colons and spaces around; base64 forms match exactly', () => {
			const ctx = { certificates: [fileCert] };
			const s1 = hexOf(sha1(a.certDer));
			const colons = s1.toLowerCase().match(/../g)!.join(':');
			assert.deepEqual(matchThumbprint(`  ${colons} `, ctx), [{ label: 'certs/orders.pem', form: 'sha1Hex', source: 'certificate' }]);
			assert.deepEqual(matchThumbprint(hexOf(sha256(a.certDer)).toLowerCase(), ctx), [{ label: 'certs/orders.pem', form: 'sha256Hex', source: 'certificate' }]);
			const x5t = sha1(a.certDer).toString('base64url');
			assert.deepEqual(matchThumbprint(` ${x5t}\n`, ctx), [{ label: 'certs/orders.pem', form: 'x5t', source: 'certificate' }]);
			assert.deepEqual(matchThumbprint(sha256(a.certDer).toString('base64url'), ctx), [{ label: 'certs/orders.pem', form: 'x5tS256', source: 'certificate' }]);
			// the manifest's customKeyIdentifier: standard base64 of the SHA-1 bytes, with its padding
			assert.deepEqual(matchThumbprint(sha1(a.certDer).toString('base64'), ctx).map((m) => m.form), ['customKeyIdentifier']);
			// base64 is case-sensitive: another case is another value
			const swapped = x5t.replace(/[a-z]/, (c) => c.toUpperCase());
			if (swapped !== x5t) {
				assert.deepEqual(matchThumbprint(swapped, ctx), []);
			}
			assert.deepEqual(matchThumbprint(hexOf(sha1(b.certDer)), ctx), []);
		});

		it('names the manifest keyCredential a value belongs to', () => {
			const ctx = { manifests: [{ label: 'app.json', text: manifestText([{ keyId: 'k0', displayName: 'CN=orders-manifest', key: Buffer.from(b.certDer).toString('base64') }]) }] };
			assert.deepEqual(matchThumbprint(sha1(b.certDer).toString('base64url'), ctx), [{ label: 'app.json keyCredentials[0] (CN=orders-manifest)', form: 'x5t', source: 'manifest' }]);
		});
	});

	describe('interpretReportedThumbprint', () => {
		const der = randomBytes(700);
		const s1 = sha1(der);
		const s256 = sha256(der);
		it('20 bytes are a SHA-1, 32 a SHA-256 (colons and lower case allowed)', () => {
			assert.deepEqual(interpretReportedThumbprint(hexOf(s1)), { shape: 'sha1' });
			assert.deepEqual(interpretReportedThumbprint(hexOf(s256).toLowerCase().match(/../g)!.join(':')), { shape: 'sha256' });
		});
		it('the hex text base64-encoded as x5t comes back as the ASCII codes of hex digits', () => {
			// x5t = base64url(the hex string's bytes): Entra decodes it and prints those bytes as hex
			const reported1 = hexOf(Buffer.from(hexOf(s1).toLowerCase(), 'ascii'));
			assert.deepEqual(interpretReportedThumbprint(reported1), { shape: 'ascii-hex', meantSha1Hex: hexOf(s1) });
			const reported256 = hexOf(Buffer.from(hexOf(s256), 'ascii'));
			assert.deepEqual(interpretReportedThumbprint(reported256), { shape: 'ascii-hex', meantSha256Hex: hexOf(s256) });
		});
		it('40 or 64 bytes that are not all hex digits are no ASCII hex', () => {
			const lastBad = hexOf(Buffer.from(`${hexOf(s1).slice(0, 39)}g`, 'ascii'));
			assert.deepEqual(interpretReportedThumbprint(lastBad), { shape: 'other' });
			const firstBad = hexOf(Buffer.from(`z${hexOf(s256).slice(1)}`, 'ascii'));
			assert.deepEqual(interpretReportedThumbprint(firstBad), { shape: 'other' });
			assert.deepEqual(interpretReportedThumbprint(hexOf(randomBytes(40)).replace(/^../, '00')), { shape: 'other' });
		});
		it('the hex string put in x5t verbatim: base64url-decoding 40 (64) hex digits gives 30 (48) bytes', () => {
			const verbatim1 = hexOf(Buffer.from(hexOf(s1), 'base64url'));
			assert.equal(verbatim1.length, 60);
			assert.deepEqual(interpretReportedThumbprint(verbatim1), { shape: 'hex-verbatim', meantSha1Hex: hexOf(s1) });
			const verbatim256 = hexOf(Buffer.from(hexOf(s256).toLowerCase(), 'base64url'));
			assert.deepEqual(interpretReportedThumbprint(verbatim256), { shape: 'hex-verbatim', meantSha256Hex: hexOf(s256) });
			// 30 bytes that do not re-encode to hex digits: the same shape, nothing to name
			const odd = Buffer.alloc(30, 0xff);
			assert.deepEqual(interpretReportedThumbprint(hexOf(odd)), { shape: 'hex-verbatim' });
		});
		it('20 or 32 bytes are a hash even when every byte happens to be an ASCII hex digit', () => {
			assert.deepEqual(interpretReportedThumbprint(Buffer.from('0123456789abcdef0123', 'ascii').toString('hex')), { shape: 'sha1' });
		});
		it('30 bytes whose base64url is hex only in part name no thumbprint', () => {
			for (const text of [`${'A'.repeat(39)}_`, `_${'A'.repeat(39)}`]) {
				assert.deepEqual(interpretReportedThumbprint(Buffer.from(text, 'base64url').toString('hex')), { shape: 'hex-verbatim' }, text);
			}
		});
		it('anything else is other', () => {
			assert.deepEqual(interpretReportedThumbprint('not hex at all'), { shape: 'other' });
			assert.deepEqual(interpretReportedThumbprint('ABC'), { shape: 'other' });
			assert.deepEqual(interpretReportedThumbprint(hexOf(randomBytes(16))), { shape: 'other' });
			assert.deepEqual(interpretReportedThumbprint(''), { shape: 'other' });
		});
	});

	it('reportedHexOf gives the hex Entra prints for an x5t, and nothing for a value that is not base64', () => {
		const der = randomBytes(500);
		assert.equal(reportedHexOf(sha1(der).toString('base64url')), hexOf(sha1(der)));
		assert.equal(reportedHexOf(sha256(der).toString('base64')), hexOf(sha256(der)));
		assert.equal(reportedHexOf('not base64!'), undefined);
	});
});
