/**
 * Every mechanical lint fix carries its replacement: applied at the finding's range it removes the finding and
 * leaves every other byte of the manifest (comments, indentation, other entries) as it was. The certificate comes
 * from openssl and its dates from openssl's own -dates output.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintManifest } from '../../../src/core/manifest';
import type { Finding } from '../../../src/core/findings';

const KEY_ID = '5d0c3f1e-7a2b-4c9d-8e6f-0a1b2c3d4e5f';
const NEW_ID = '11111111-2222-4333-8444-555555555555';

interface Cert { derBase64: string; notBefore: string; notAfter: string }

function opensslCert(dir: string): Cert {
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=lint-fixes', '-days', '60'], { stdio: 'ignore' });
	const der = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
	const dates = execFileSync('openssl', ['x509', '-in', join(dir, 'c.pem'), '-noout', '-dates'], { encoding: 'utf8' });
	const iso = (name: string) => new Date(/=(.*)/.exec(dates.split('\n').find((l) => l.startsWith(name)) ?? '')![1]).toISOString().replace(/\.000Z$/, 'Z');
	return { derBase64: der.toString('base64'), notBefore: iso('notBefore'), notAfter: iso('notAfter') };
}

/** A hand-written manifest with comments and odd spacing, so byte preservation is visible. */
function manifest(c: Cert, over: Partial<Record<'type' | 'usage' | 'keyId2' | 'start' | 'end' | 'key', string>> = {}): string {
	return `{
  // downloaded from the portal, edited by hand
  "appId":   "a1d5e6f7-0b1c-4d2e-8f3a-4b5c6d7e8f90",
  "keyCredentials": [
    {
      "keyId": "${KEY_ID}",
      "type":"${over.type ?? 'AsymmetricX509Cert'}",
      "usage" : "${over.usage ?? 'Verify'}",
      "startDateTime": "${over.start ?? c.notBefore}",
      "endDateTime": "${over.end ?? c.notAfter}",
      "key": "${over.key ?? c.derBase64}"
    },
    {
      "keyId": "${over.keyId2 ?? '6e1d4a2f-8b3c-4dae-9f70-1b2c3d4e5f60'}",
      "type": "AsymmetricX509Cert", "usage": "Verify",
      "startDateTime": "${c.notBefore}", "endDateTime": "${c.notAfter}",
      "key": "${c.derBase64}"
    }
  ]
}
`;
}

describe('manifest lint: quick-fix replacements', () => {
	let dir: string;
	let cert: Cert;
	const now = () => new Date(Date.parse(cert.notBefore) + 86400000);
	const lint = (text: string) => lintManifest(text, { now: now(), newGuid: () => NEW_ID });
	before(function () {
		this.timeout(30000);
		dir = mkdtempSync(join(tmpdir(), 'eck-lintfix-'));
		cert = opensslCert(dir);
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	/** Applies the one finding's replacement; checks that only the value changed and the finding is gone. */
	function applyOnly(text: string, code: string, expectedValue: string): string {
		const found = lint(text).filter((f) => f.code === code);
		assert.equal(found.length, 1, `one ${code} finding: ${JSON.stringify(lint(text).map((f) => f.code))}`);
		const f: Finding = found[0];
		assert.ok(f.range && f.replacement !== undefined, `${code} carries a replacement`);
		assert.equal(f.replacement, JSON.stringify(expectedValue));
		const fixed = text.slice(0, f.range.start) + f.replacement + text.slice(f.range.end);
		assert.equal(text.slice(0, f.range.start), fixed.slice(0, f.range.start), 'bytes before the value unchanged');
		assert.equal(text.slice(f.range.end), fixed.slice(f.range.start + f.replacement.length), 'bytes after the value unchanged');
		assert.match(text.slice(f.range.start, f.range.end), /^".*"$/, 'the range is exactly the JSON string value');
		assert.deepEqual(lint(fixed).filter((x) => x.code === code), [], `${code} gone after the fix`);
		return fixed;
	}

	it('a correct manifest has no findings', () => {
		assert.deepEqual(lint(manifest(cert)), []);
	});
	it('usage Sign -> Verify', () => {
		assert.equal(applyOnly(manifest(cert, { usage: 'Sign' }), 'keycred-bad-type-usage', 'Verify'), manifest(cert));
	});
	it("type Symmetric -> AsymmetricX509Cert", () => {
		assert.equal(applyOnly(manifest(cert, { type: 'Symmetric' }), 'keycred-bad-type-usage', 'AsymmetricX509Cert'), manifest(cert));
	});
	it('a duplicate keyId gets a new GUID on the second entry only', () => {
		const fixed = applyOnly(manifest(cert, { keyId2: KEY_ID }), 'keycred-duplicate-keyid', NEW_ID);
		assert.equal(fixed, manifest(cert, { keyId2: NEW_ID }));
		assert.equal(fixed.split(KEY_ID).length - 1, 1, 'the first entry keeps its keyId');
	});
	it("a start before the certificate's notBefore -> notBefore (openssl's date)", () => {
		const early = new Date(Date.parse(cert.notBefore) - 5 * 86400000).toISOString().replace(/\.000Z$/, 'Z');
		assert.equal(applyOnly(manifest(cert, { start: early }), 'keycred-dates-outside-cert', cert.notBefore), manifest(cert));
	});
	it("an end after the certificate's notAfter -> notAfter (openssl's date)", () => {
		const late = new Date(Date.parse(cert.notAfter) + 30 * 86400000).toISOString().replace(/\.000Z$/, 'Z');
		assert.equal(applyOnly(manifest(cert, { end: late }), 'keycred-dates-outside-cert', cert.notAfter), manifest(cert));
	});
	it('both dates outside: two findings, each on its own value', () => {
		const early = new Date(Date.parse(cert.notBefore) - 86400000).toISOString().replace(/\.000Z$/, 'Z');
		const late = new Date(Date.parse(cert.notAfter) + 86400000).toISOString().replace(/\.000Z$/, 'Z');
		const text = manifest(cert, { start: early, end: late });
		const found = lint(text).filter((f) => f.code === 'keycred-dates-outside-cert');
		assert.equal(found.length, 2);
		assert.deepEqual(found.map((f) => text.slice(f.range!.start, f.range!.end)).sort(), [JSON.stringify(early), JSON.stringify(late)].sort());
	});
	it('an empty "key": "" is an error at the key; a null key (as Graph returns it) is not', () => {
		const text = manifest(cert, { key: '' });
		const f = lint(text).find((x) => x.code === 'keycred-empty-key');
		assert.ok(f, JSON.stringify(lint(text).map((x) => x.code)));
		assert.equal(f.severity, 'error');
		assert.equal(text.slice(f.range!.start, f.range!.end), '""');
		const nullKey = manifest(cert).replace(`"key": "${cert.derBase64}"\n    },`, '"key": null\n    },');
		assert.notEqual(nullKey, manifest(cert));
		assert.deepEqual(lint(nullKey).filter((x) => x.code === 'keycred-empty-key'), []);
	});
});
