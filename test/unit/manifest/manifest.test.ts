import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { buildKeyCredential, insertKeyCredential, lintManifest, parseManifest, fixPemTextValue, expectedCustomKeyIdentifier, isLikelyManifest } from '../../../src/core/manifest';
import { CoreError } from '../../../src/core/errors';

/** A certificate made by openssl, with the values openssl itself reports. */
function opensslCert(cn: string, days = 30): { der: Uint8Array; pem: string; sha1Hex: string; derBase64: string; notBefore: Date; notAfter: Date; subject: string } {
	const dir = mkdtempSync(join(tmpdir(), 'eck-manifest-'));
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', `/CN=${cn}`, '-days', String(days)], { stdio: 'ignore' });
	const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
	const der = new Uint8Array(execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']));
	const sha1Hex = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-fingerprint', '-sha1'], { encoding: 'utf8' }).trim().split('=')[1].replace(/:/g, '');
	const x = new X509Certificate(pem);
	return { der, pem, sha1Hex, derBase64: Buffer.from(der).toString('base64'), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), subject: `CN=${cn}` };
}

const GRAPH = (eol: string, indent: string) =>
	['{', `${indent}"id": "00000000-0000-0000-0000-000000000001",`, `${indent}"appId": "11111111-2222-3333-4444-555555555555",`, `${indent}"displayName": "demo-api",`, `${indent}"keyCredentials": [],`, `${indent}"web": {`, `${indent}${indent}"redirectUris": []`, `${indent}}`, '}', ''].join(eol);
const LEGACY = ['{', '  "appId": "11111111-2222-3333-4444-555555555555",', '  "oauth2Permissions": [],', '  "replyUrlsWithType": [],', '  "name": "legacy-app"', '}', ''].join('\n');

describe('manifest model', () => {
	it('detects the two formats', () => {
		assert.equal(parseManifest(GRAPH('\n', '  ')).format, 'graph');
		assert.equal(parseManifest(LEGACY).format, 'aadgraph');
		assert.equal(parseManifest('{"keyCredentials":[{"value":"x","startDate":"2020-01-01T00:00:00Z"}]}').format, 'aadgraph');
		assert.equal(parseManifest('{"keyCredentials":[{"key":"x","startDateTime":"2020-01-01T00:00:00Z"}]}').format, 'graph');
	});

	it('says where invalid JSON is broken', () => {
		try {
			parseManifest('{\n  "appId": "x",\n  "keyCredentials": [,]\n}', 'm.json');
			assert.fail('no error');
		} catch (e) {
			assert.ok(e instanceof CoreError);
			assert.equal(e.code, 'ERR_MANIFEST_INVALID_JSON');
			assert.match(e.message, /'m\.json'.*line 3, column 22/);
		}
	});

	it('recognises manifests cheaply', () => {
		assert.ok(isLikelyManifest(GRAPH('\n', '  ')));
		assert.ok(!isLikelyManifest('{"name":"package"}'));
		assert.ok(!isLikelyManifest('[1,2]'));
	});
});

describe('keyCredential entries', () => {
	const cert = opensslCert('kc-test');

	it('Graph format: key is DER base64, customKeyIdentifier base64 of openssl SHA-1, dates from the certificate', () => {
		const e = buildKeyCredential(cert, 'graph', { keyId: 'k1' });
		assert.deepEqual(Object.keys(e), ['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage']);
		assert.equal(e.key, cert.derBase64);
		assert.equal(e.customKeyIdentifier, Buffer.from(cert.sha1Hex, 'hex').toString('base64'));
		assert.equal(new Date(e.endDateTime as string).getTime(), cert.notAfter.getTime());
		assert.equal(new Date(e.startDateTime as string).getTime(), cert.notBefore.getTime());
		assert.equal(e.type, 'AsymmetricX509Cert');
		assert.equal(e.usage, 'Verify');
	});

	it('legacy format uses value/startDate/endDate', () => {
		const e = buildKeyCredential(cert, 'aadgraph', { keyId: 'k1' });
		assert.deepEqual(Object.keys(e), ['customKeyIdentifier', 'endDate', 'keyId', 'startDate', 'type', 'usage', 'value']);
		assert.equal(e.value, cert.derBase64);
	});
});

describe('insertKeyCredential', () => {
	const cert = opensslCert('insert-test');
	const cases = [
		{ name: 'Graph, 2 spaces, LF', text: GRAPH('\n', '  '), key: 'key' },
		{ name: 'Graph, tabs, CRLF', text: GRAPH('\r\n', '\t'), key: 'key' },
		{ name: 'Graph, 4 spaces', text: GRAPH('\n', '    '), key: 'key' },
		{ name: 'legacy without keyCredentials', text: LEGACY, key: 'value' },
		{ name: 'with a comment', text: '{\n  // downloaded from the portal\n  "appId": "x",\n  "keyCredentials": [],\n  "web": {}\n}\n', key: 'key' },
	];
	for (const c of cases) {
		it(`keeps every other byte: ${c.name}`, () => {
			const r = insertKeyCredential(c.text, cert, { newGuid: () => 'guid-1' });
			const parsed = parseManifest(r.newText);
			assert.equal(parsed.keyCredentials.length, 1);
			assert.equal(parsed.keyCredentials[0].certificateBase64, cert.derBase64);
			assert.equal(parsed.keyCredentials[0].keyId, 'guid-1');
			assert.ok(c.key in parsed.keyCredentials[0].valueRanges);
			// Removing the inserted region gives back the original exactly.
			let rebuilt = r.newText;
			for (const e of [...r.edits].sort((a, b) => b.offset - a.offset)) {
				rebuilt = rebuilt.slice(0, e.offset) + c.text.slice(e.offset, e.offset + e.length) + rebuilt.slice(e.offset + e.content.length);
			}
			assert.equal(rebuilt, c.text);
			if (c.text.includes('\r\n')) {
				assert.ok(!/[^\r]\n/.test(r.newText), 'LF line ends were introduced into a CRLF file');
			}
			if (!c.text.includes('//')) {
				JSON.parse(r.newText);
			}
		});
	}

	it('appends after existing entries and refuses the same certificate twice', () => {
		const other = opensslCert('other');
		const once = insertKeyCredential(GRAPH('\n', '  '), other).newText;
		const twice = insertKeyCredential(once, cert).newText;
		assert.equal(parseManifest(twice).keyCredentials.length, 2);
		assert.throws(() => insertKeyCredential(twice, cert, { fileName: 'm.json' }), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_DUPLICATE' && e.message.includes(cert.sha1Hex));
	});

	it('refuses invalid JSON and a non-object root', () => {
		assert.throws(() => insertKeyCredential('{"appId": }', cert), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_INVALID_JSON');
		assert.throws(() => insertKeyCredential('[]', cert), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_SHAPE');
	});
});

describe('lintManifest', () => {
	const now = new Date();
	const cert = opensslCert('lint-test', 365);
	const entry = (over: Record<string, unknown>) => JSON.stringify({ appId: 'a', keyCredentials: [{ ...buildKeyCredential(cert, 'graph', { keyId: 'k1' }), ...over }] }, null, 2);
	const codes = (text: string, at = now) => lintManifest(text, { now: at }).map((f) => f.code);

	it('is quiet on a correct manifest', () => {
		assert.deepEqual(codes(entry({})), []);
	});

	it('flags base64 of PEM text and offers the DER base64 as the fix', () => {
		const pemB64 = Buffer.from(cert.pem).toString('base64');
		assert.ok(pemB64.startsWith('LS0tLS1CRUdJTi'));
		const text = entry({ key: pemB64 });
		const f = lintManifest(text, { now }).find((x) => x.code === 'keycred-pem-text');
		assert.ok(f);
		assert.equal(text.slice(f.range!.start, f.range!.end), JSON.stringify(pemB64));
		assert.equal(fixPemTextValue(pemB64), cert.derBase64);
	});

	it('flags a customKeyIdentifier that is not the SHA-1, and the hex-text case', () => {
		assert.ok(codes(entry({ customKeyIdentifier: Buffer.alloc(20, 7).toString('base64') })).includes('keycred-cki-mismatch'));
		const hex = lintManifest(entry({ customKeyIdentifier: cert.sha1Hex }), { now }).find((f) => f.code === 'keycred-cki-mismatch');
		assert.ok(hex);
		assert.match(hex.message, /30 bytes/);
		assert.equal(expectedCustomKeyIdentifier(cert.derBase64), Buffer.from(cert.sha1Hex, 'hex').toString('base64'));
	});

	it('flags expired and expiring entries', () => {
		assert.ok(codes(entry({}), new Date(cert.notAfter.getTime() + 86400000)).includes('keycred-expired'));
		assert.ok(codes(entry({}), new Date(cert.notAfter.getTime() - 5 * 86400000)).includes('keycred-expiring'));
	});

	it('flags dates outside the certificate, duplicate keyIds, type/usage and non-DER values', () => {
		assert.ok(codes(entry({ endDateTime: new Date(cert.notAfter.getTime() + 30 * 86400000).toISOString() })).includes('keycred-dates-outside-cert'));
		const dup = JSON.stringify({ appId: 'a', keyCredentials: [buildKeyCredential(cert, 'graph', { keyId: 'same' }), buildKeyCredential(opensslCert('b'), 'graph', { keyId: 'same' })] });
		assert.ok(codes(dup).includes('keycred-duplicate-keyid'));
		assert.ok(codes(entry({ usage: 'Sign' })).includes('keycred-bad-type-usage'));
		assert.ok(codes(entry({ key: 'bm90IGEgY2VydA==' })).includes('keycred-not-der'));
	});

	it('reports invalid JSON as a finding', () => {
		assert.deepEqual(codes('{"keyCredentials": [}'), ['manifest-invalid-json']);
	});
});
