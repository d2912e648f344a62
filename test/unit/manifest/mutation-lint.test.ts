/**
 * Manifest lint at its edges (written for the mutation run, issue 10). The certificate is openssl's and its dates are
 * openssl's `-dates`; the fields are those of the two manifest formats (entra-rules §3: AAD Graph writes startDate,
 * endDate and value; Microsoft Graph startDateTime, endDateTime and key; type AsymmetricX509Cert, usage Verify).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedCustomKeyIdentifier, fixPemTextValue, lintManifest } from '../../../src/core/manifest/lint';
import type { Finding } from '../../../src/core/findings';

const DAY = 86400000;
const manifestDate = (d: Date) => d.toISOString().replace(/\.000Z$/, 'Z');

describe('mutation: manifest lint', function () {
	this.timeout(60000);
	let dir: string;
	let der: Buffer;
	let pem: string;
	let sha1: Buffer;
	let notBefore: Date;
	let notAfter: Date;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'eck-mlint-'));
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=mutation-lint', '-days', '90'], { stdio: 'ignore' });
		der = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
		pem = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem')], { encoding: 'utf8' });
		sha1 = Buffer.from(execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' }).trim().split('=')[1].replace(/:/g, ''), 'hex');
		const dates = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-dates'], { encoding: 'utf8' });
		const date = (name: string) => new Date(/=(.*)/.exec(dates.split('\n').find((l) => l.startsWith(name))!)![1]);
		notBefore = date('notBefore');
		notAfter = date('notAfter');
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	const graph = (over: Record<string, unknown> = {}) => ({ customKeyIdentifier: sha1.toString('base64'), displayName: 'CN=mutation-lint', endDateTime: manifestDate(notAfter), key: der.toString('base64'), keyId: '3f0a8c1e-0d4b-4e52-9a61-7c2b9e5d1f00', startDateTime: manifestDate(notBefore), type: 'AsymmetricX509Cert', usage: 'Verify', ...over });
	const aad = (over: Record<string, unknown> = {}) => ({ customKeyIdentifier: sha1.toString('base64'), endDate: manifestDate(notAfter), keyId: '3f0a8c1e-0d4b-4e52-9a61-7c2b9e5d1f00', startDate: manifestDate(notBefore), type: 'AsymmetricX509Cert', usage: 'Verify', value: der.toString('base64'), ...over });
	const text = (...entries: Record<string, unknown>[]) => JSON.stringify({ appId: '0f1e2d3c-4b5a-4697-8877-665544332211', keyCredentials: entries }, null, 2);
	const lint = (t: string, now = new Date(notBefore.getTime() + DAY), extra: { expiryWarningDays?: number } = {}) => lintManifest(t, { now, ...extra });
	const only = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
	const at = (t: string, f: Finding) => t.slice(f.range!.start, f.range!.end);

	it('a correct entry in either format has no findings', () => {
		assert.deepEqual(lint(text(graph())), []);
		assert.deepEqual(lint(text(aad())), []);
	});

	it('dates: equal to the certificate to the second are fine; a second more than a second outside is flagged, at the date itself', () => {
		const early = manifestDate(new Date(notBefore.getTime() - 2000));
		const late = manifestDate(new Date(notAfter.getTime() + 2000));
		for (const [fmt, start, end] of [[graph, 'startDateTime', 'endDateTime'], [aad, 'startDate', 'endDate']] as const) {
			const t = text(fmt({ [start]: early, [end]: late }));
			const found = only(lint(t), 'keycred-dates-outside-cert');
			assert.equal(found.length, 2, JSON.stringify(found));
			assert.equal(at(t, found[0]), JSON.stringify(early));
			assert.equal(found[0].replacement, JSON.stringify(manifestDate(notBefore)));
			assert.match(found[0].message, new RegExp(`starts on ${early}, before the certificate's validity \\(${manifestDate(notBefore)} – ${manifestDate(notAfter)}\\)`));
			assert.equal(at(t, found[1]), JSON.stringify(late));
			assert.equal(found[1].replacement, JSON.stringify(manifestDate(notAfter)));
			assert.match(found[1].message, new RegExp(`ends on ${late}, after`));
		}
	});

	it('expiry: an expired entry is an error, one inside the warning window a warning, the window set by expiryWarningDays (30 days by default)', () => {
		const t = text(graph());
		const expired = only(lint(t, new Date(notAfter.getTime() + 3 * DAY)), 'keycred-expired');
		assert.equal(expired.length, 1);
		assert.equal(expired[0].severity, 'error');
		assert.equal(at(t, expired[0]), JSON.stringify(manifestDate(notAfter)));
		const in20 = new Date(notAfter.getTime() - 20 * DAY - 1000);
		assert.equal(only(lint(t, in20), 'keycred-expiring').length, 1);
		assert.match(only(lint(t, in20), 'keycred-expiring')[0].message, /\(in 20 days\)/);
		assert.equal(only(lint(t, in20, { expiryWarningDays: 10 }), 'keycred-expiring').length, 0);
		assert.equal(only(lint(t, new Date(notAfter.getTime() - 40 * DAY)), 'keycred-expiring').length, 0);
		assert.equal(only(lint(t, new Date(notAfter.getTime() - 40 * DAY), { expiryWarningDays: 60 }), 'keycred-expiring').length, 1);
		const aadText = text(aad());
		const aadExpired = only(lint(aadText, new Date(notAfter.getTime() + DAY)), 'keycred-expired');
		assert.equal(at(aadText, aadExpired[0]), JSON.stringify(manifestDate(notAfter)), 'at endDate in the AAD Graph format');
	});

	it('an end date that is not a date is not taken for an expiry', () => {
		assert.deepEqual(only(lint(text(graph({ endDateTime: 'soon' }))), 'keycred-expired'), []);
	});

	it('keyIds are GUIDs, compared without case: the second of two equal ones is flagged with a new GUID as the fix', () => {
		const upper = '3F0A8C1E-0D4B-4E52-9A61-7C2B9E5D1F00';
		const t = text(graph(), graph({ keyId: upper, displayName: 'second' }));
		const found = lintManifest(t, { now: new Date(notBefore.getTime() + DAY), newGuid: () => '11111111-2222-4333-8444-555555555555' }).filter((f) => f.code === 'keycred-duplicate-keyid');
		assert.equal(found.length, 1);
		assert.match(found[0].message, /keyCredentials\[1\] has keyId 3F0A8C1E-0D4B-4E52-9A61-7C2B9E5D1F00, the same as keyCredentials\[0\]/);
		assert.equal(at(t, found[0]), JSON.stringify(upper));
		assert.equal(found[0].replacement, '"11111111-2222-4333-8444-555555555555"');
	});

	it('type and usage other than AsymmetricX509Cert / Verify are flagged at the value, with the right value as the fix; names fall back to keyId, then the index', () => {
		const t = text(graph({ type: 'Symmetric', usage: 'Sign', displayName: undefined }), graph({ keyId: undefined, displayName: undefined, type: 'X509' }));
		const found = only(lint(t), 'keycred-bad-type-usage');
		assert.deepEqual(found.map((f) => [at(t, f), f.replacement]), [['"Symmetric"', '"AsymmetricX509Cert"'], ['"Sign"', '"Verify"'], ['"X509"', '"AsymmetricX509Cert"']]);
		assert.match(found[0].message, /^3f0a8c1e-0d4b-4e52-9a61-7c2b9e5d1f00: type is 'Symmetric'/);
		assert.match(found[2].message, /^keyCredentials\[1\]: type is 'X509'/);
	});

	it('an empty key is an error naming the field of the format; a null key (not returned by Graph) is not', () => {
		const t = text(aad({ value: '' }));
		const f = only(lint(t), 'keycred-empty-key');
		assert.equal(f.length, 1);
		assert.match(f[0].message, /'value' is an empty string/);
		assert.equal(at(t, f[0]), '""');
		assert.deepEqual(lint(text(graph({ key: null }))), []);
	});

	it('PEM text in base64: flagged with the DER base64 as the fix; not-DER values flagged once, not twice', () => {
		const pemB64 = Buffer.from(pem).toString('base64');
		const t = text(graph({ key: pemB64 }));
		const f = lint(t);
		assert.deepEqual(f.map((x) => x.code), ['keycred-pem-text']);
		assert.equal(f[0].replacement, JSON.stringify(der.toString('base64')));
		assert.match(f[0].fix!, new RegExp(`starts '${der.toString('base64').slice(0, 8)}…'`));
		// PEM text of something that is not a certificate: flagged as PEM text, without a fix, and not also as not-DER
		const junk = Buffer.from('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n').toString('base64');
		const j = lint(text(graph({ key: junk })));
		assert.deepEqual(j.map((x) => x.code), ['keycred-pem-text']);
		assert.equal(j[0].replacement, undefined);
		assert.match(j[0].fix!, /openssl x509 -in cert.pem -outform DER/);
		// PEM text pasted from JSON with literal \n
		assert.equal(fixPemTextValue(Buffer.from(pem.replace(/\n/g, '\\n')).toString('base64')), der.toString('base64'));
		assert.equal(fixPemTextValue(Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----').toString('base64')), undefined);
		assert.equal(fixPemTextValue(der.toString('base64')), undefined);
		assert.equal(fixPemTextValue('LS0tLS1CRUdJTi!!'), undefined);
	});

	it('customKeyIdentifier: base64 of openssl SHA-1 is right; another value or the hex text is flagged with the right one', () => {
		assert.equal(expectedCustomKeyIdentifier(der.toString('base64')), sha1.toString('base64'));
		assert.equal(expectedCustomKeyIdentifier(Buffer.from(pem).toString('base64')), sha1.toString('base64'), 'PEM text accepted too');
		assert.equal(expectedCustomKeyIdentifier('bm90IGEgY2VydA=='), undefined);
		const t = text(graph({ customKeyIdentifier: sha1.toString('hex').toUpperCase() }));
		const f = only(lint(t), 'keycred-cki-mismatch');
		assert.equal(f.length, 1);
		assert.match(f[0].message, /hex thumbprint as text/);
		assert.equal(f[0].replacement, JSON.stringify(sha1.toString('base64')));
		const other = only(lint(text(graph({ customKeyIdentifier: Buffer.alloc(20, 1).toString('base64') }))), 'keycred-cki-mismatch');
		assert.match(other[0].message, new RegExp(`is not the SHA-1 of the certificate in 'key' \\(expected ${sha1.toString('base64').replace(/[+/]/g, '\\$&')}\\)`));
	});

	it('each finding has the severity its effect calls for (Entra refuses or rejects: error; works but wrong: warning), a message naming the entry and a fix', () => {
		const pemB64 = Buffer.from(pem).toString('base64');
		const expected: Record<string, string> = {
			'keycred-duplicate-keyid': 'error',
			'keycred-bad-type-usage': 'warning',
			'keycred-pem-text': 'error',
			'keycred-not-der': 'error',
			'keycred-empty-key': 'error',
			'keycred-cki-mismatch': 'warning',
			'keycred-dates-outside-cert': 'warning',
			'keycred-expired': 'error',
			'keycred-expiring': 'warning',
			'manifest-invalid-json': 'error',
		};
		const t = text(
			graph({ displayName: 'one', type: 'Symmetric', usage: 'Sign', customKeyIdentifier: Buffer.alloc(20, 1).toString('base64'), startDateTime: manifestDate(new Date(notBefore.getTime() - DAY)), endDateTime: manifestDate(new Date(notAfter.getTime() + DAY)) }),
			graph({ displayName: 'two', key: pemB64 }),
			graph({ displayName: 'three', keyId: 'aaaaaaaa-0d4b-4e52-9a61-7c2b9e5d1f00', key: 'bm90IGEgY2VydA==' }),
			graph({ displayName: 'four', keyId: 'bbbbbbbb-0d4b-4e52-9a61-7c2b9e5d1f00', key: '' }),
		);
		const findings = [...lint(t, new Date(notAfter.getTime() - 5 * DAY)), ...lint(t, new Date(notAfter.getTime() + 5 * DAY)), ...lintManifest('{', { now: new Date() })];
		assert.deepEqual([...new Set(findings.map((f) => f.code))].sort(), Object.keys(expected).sort());
		for (const f of findings) {
			assert.equal(f.severity, expected[f.code], f.code);
			assert.ok(f.fix && f.fix.length > 20, `${f.code} says what to do`);
			if (f.code !== 'manifest-invalid-json') {
				assert.match(f.message, /^(one|two|three|four|keyCredentials\[1\])[: ]/, f.message);
			}
		}
		assert.match(findings.find((f) => f.code === 'keycred-bad-type-usage' && /usage/.test(f.message))!.message, /^one: usage is 'Sign'/);
		assert.match(findings.find((f) => f.code === 'keycred-pem-text')!.message, /^two: 'key' starts with 'LS0tLS1CRUdJTi'/);
		assert.match(findings.find((f) => f.code === 'keycred-not-der')!.message, /^three: 'key' is not base64 of a DER certificate/);
		assert.match(findings.find((f) => f.code === 'keycred-empty-key')!.fix!, /in 'key'/);
		const cki = findings.find((f) => f.code === 'keycred-cki-mismatch')!;
		assert.equal(t.slice(cki.range!.start, cki.range!.end), JSON.stringify(Buffer.alloc(20, 1).toString('base64')));
		assert.match(cki.fix!, new RegExp(`^Set customKeyIdentifier to ${sha1.toString('base64').replace(/[+/]/g, '\\$&')}`));
		assert.match(findings.find((f) => f.code === 'keycred-dates-outside-cert' && /starts/.test(f.message))!.fix!, new RegExp(`notBefore, ${manifestDate(notBefore)}`));
		assert.match(findings.find((f) => f.code === 'keycred-dates-outside-cert' && /ends/.test(f.message))!.fix!, new RegExp(`notAfter, ${manifestDate(notAfter)}`));
	});

	it('expired: the message counts the days since; an entry without type or usage is not flagged for them', () => {
		const t = text(graph({ type: undefined, usage: undefined }));
		const f = only(lint(t, new Date(notAfter.getTime() + 3 * DAY)), 'keycred-expired');
		assert.match(f[0].message, /\(3 days ago\)/);
		assert.deepEqual(only(lint(t), 'keycred-bad-type-usage'), []);
	});

	it('a customKeyIdentifier of 44 hex characters is not taken for the 40-character hex thumbprint', () => {
		const hex44 = `${sha1.toString('hex')}abcd`;
		const f = only(lint(text(graph({ customKeyIdentifier: hex44 }))), 'keycred-cki-mismatch');
		assert.match(f[0].message, /is not the SHA-1 of the certificate/);
		const hex40 = only(lint(text(graph({ customKeyIdentifier: `x${sha1.toString('hex').slice(1)}` }))), 'keycred-cki-mismatch');
		assert.match(hex40[0].message, /is not the SHA-1 of the certificate/);
	});

	it('invalid JSON is one error finding naming the position, never a throw', () => {
		const f = lintManifest('{"keyCredentials": [ }', { now: new Date(), fileName: 'app.json' });
		assert.deepEqual(f.map((x) => [x.severity, x.code]), [['error', 'manifest-invalid-json']]);
		assert.match(f[0].message, /app\.json/);
	});
});
