/**
 * insertKeyCredential keeps every byte of the manifest: the inserted entry is the only change (issue 10).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { parseTree, type ParseError } from 'jsonc-parser';
import { insertKeyCredential, lintManifest, parseManifest, type TextEdit } from '../../../src/core/manifest';
import { CoreError } from '../../../src/core/errors';
import { makeCert } from '../helpers/openssl';

const BOM = '\uFEFF';

/** The edits are pure insertions, and taking the inserted text out gives the original back byte for byte. */
function assertOnlyInsertions(original: string, edits: TextEdit[], newText: string): string {
	// Ascending order: once the earlier insertions are taken out, each edit's offset is again an offset of the original.
	let rebuilt = newText;
	const sorted = [...edits].sort((a, b) => a.offset - b.offset);
	const inserted: string[] = [];
	for (const e of sorted) {
		assert.equal(e.length, 0, `edit at ${e.offset} replaces ${e.length} original characters`);
		const at = e.offset;
		assert.equal(rebuilt.slice(at, at + e.content.length), e.content);
		rebuilt = rebuilt.slice(0, at) + rebuilt.slice(at + e.content.length);
		inserted.push(e.content);
	}
	assert.equal(rebuilt, original);
	// newText is the edits applied to the original.
	let applied = original;
	for (const e of [...sorted].reverse()) {
		applied = applied.slice(0, e.offset) + e.content + applied.slice(e.offset + e.length);
	}
	assert.equal(applied, newText);
	return inserted.join('');
}

function parsesClean(text: string): void {
	const errors: ParseError[] = [];
	parseTree(text.startsWith(BOM) ? text.slice(1) : text, errors, { allowTrailingComma: false, disallowComments: false });
	assert.deepEqual(errors, [], 'the result is not valid JSON with comments');
}

function hasLoneSurrogate(s: string): boolean {
	return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

const refused = (code: string, pattern: RegExp) => (e: unknown) => e instanceof CoreError && e.code === code && pattern.test(e.message);

describe('insertKeyCredential keeps every byte', function () {
	this.timeout(60000);
	const oc = makeCert('insert-bytes');
	const x = new X509Certificate(oc.certPem);
	const cert = { der: new Uint8Array(oc.der), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), subject: 'CN=insert-bytes' };
	const derBase64 = oc.der.toString('base64');
	const cki = Buffer.from(oc.sha1Hex, 'hex').toString('base64');
	const opts = { newGuid: () => '6c3f0e5e-1111-4222-8333-944444444444' };

	function insertChecked(text: string, extra: Parameters<typeof insertKeyCredential>[2] = {}) {
		const before = parseManifest(text).keyCredentials.length;
		const r = insertKeyCredential(text, cert, { ...opts, ...extra });
		const inserted = assertOnlyInsertions(text, r.edits, r.newText);
		parsesClean(r.newText);
		const after = parseManifest(r.newText).keyCredentials;
		assert.equal(after.length, before + 1);
		const added = after[after.length - 1];
		assert.equal(added.certificateBase64, derBase64);
		assert.equal(added.customKeyIdentifier, cki);
		assert.equal(added.keyId, opts.newGuid());
		return { ...r, inserted };
	}

	it('keeps a UTF-8 BOM and reads a manifest that starts with one', () => {
		const text = `${BOM}{\r\n  "appId": "11111111-2222-3333-4444-555555555555",\r\n  "keyCredentials": []\r\n}\r\n`;
		const r = insertChecked(text);
		assert.ok(r.newText.startsWith(BOM));
		assert.equal(parseManifest(text).appId, '11111111-2222-3333-4444-555555555555');
	});

	it('lint quick-fix ranges point at the right characters in a file with a BOM', () => {
		const pemB64 = Buffer.from(oc.certPem).toString('base64');
		const text = `${BOM}{\n  "appId": "a",\n  "keyCredentials": [{ "customKeyIdentifier": "${cki}", "key": "${pemB64}", "keyId": "k", "type": "AsymmetricX509Cert", "usage": "Verify" }]\n}\n`;
		const f = lintManifest(text, { now: new Date() }).find((x) => x.code === 'keycred-pem-text');
		assert.ok(f?.range && f.replacement);
		assert.equal(text.slice(f.range.start, f.range.end), JSON.stringify(pemB64));
		const fixed = text.slice(0, f.range.start) + f.replacement + text.slice(f.range.end);
		assert.equal(parseManifest(fixed).keyCredentials[0].certificateBase64, derBase64);
		assert.ok(fixed.startsWith(BOM));
	});

	it('gives a minified manifest a one-line entry and leaves the rest as it was', () => {
		const text = '{"appId":"a","keyCredentials":[],"web":{"redirectUris":[]}}';
		const r = insertChecked(text);
		assert.ok(!/[\r\n]/.test(r.newText), 'line breaks were added to a one-line file');
		assert.ok(!/[\r\n\t]/.test(r.inserted));
	});

	it('appends to a populated minified array with one comma and a one-line entry', () => {
		const other = makeCert('other-min');
		const text = `{"appId":"a","keyCredentials":[{"key":"${other.der.toString('base64')}","keyId":"k0"}]}`;
		const r = insertChecked(text);
		assert.ok(!/[\r\n]/.test(r.newText));
		assert.ok(r.newText.includes('"keyId":"k0"},{'));
	});

	it('does not reformat the neighbouring line or move a comment in an empty array', () => {
		const text = '{\n  "appId" : "x",\n  "keyCredentials": [ /* none yet */ ]\n}\n';
		const r = insertChecked(text);
		assert.ok(r.newText.includes('"appId" : "x",\n'));
		assert.ok(r.newText.includes('[ /* none yet */'), r.newText);
		assert.ok(r.newText.indexOf('/* none yet */') < r.newText.indexOf('"customKeyIdentifier"'), 'the comment moved after the new entry');
	});

	it('keeps a trailing line comment with the entry it follows', () => {
		const other = makeCert('other-comment');
		const text = `{\n    "appId": "x",\n    "keyCredentials": [\n        {\n            "key": "${other.der.toString('base64')}",\n            "keyId": "k0"\n        } // the old key\n    ]\n}\n`;
		const r = insertChecked(text);
		assert.match(r.newText, /"keyId": "k0"\n {8}\}, \/\/ the old key\n {8}\{\n {12}"customKeyIdentifier"/);
	});

	it('indents with tabs in a tab-indented file whose header comment has " *" lines', () => {
		const text = '/*\n * App manifest\n * downloaded from the portal\n */\n{\n\t"appId": "x",\n\t"keyCredentials": []\n}\n';
		const r = insertChecked(text);
		const lines = r.inserted.split('\n').filter((l) => l.trim() !== '');
		for (const l of lines) {
			assert.match(l, /^\t*[^\s]/, `line indented with something other than tabs: ${JSON.stringify(l)}`);
		}
		assert.ok(r.newText.includes('\n\t\t\t"customKeyIdentifier": '), r.newText);
	});

	it('uses 4-space indentation from the JSON lines', () => {
		const text = '// note\n//   aligned\n{\n    "appId": "x",\n    "keyCredentials": []\n}\n';
		const r = insertChecked(text);
		assert.ok(r.newText.includes('\n            "keyId": '), r.newText);
		assert.ok(r.newText.includes('\n        {\n'), r.newText);
	});

	it('uses CRLF in a CRLF file and the line end of the insertion point in a mixed one', () => {
		const crlf = insertChecked('{\r\n  "appId": "x",\r\n  "keyCredentials": []\r\n}\r\n');
		assert.ok(!/[^\r]\n/.test(crlf.inserted) && crlf.inserted.includes('\r\n'));
		const mixed = insertChecked('{\n  "appId": "x",\r\n  "keyCredentials": []\r\n}\n');
		assert.ok(!/[^\r]\n/.test(mixed.inserted) && mixed.inserted.includes('\r\n'));
		const lf = insertChecked('{\r\n  "appId": "x",\n  "keyCredentials": []\n}\r\n');
		assert.ok(!lf.inserted.includes('\r'));
	});

	it('adds keyCredentials when absent, after the last property', () => {
		const r = insertChecked('{\n  "appId": "x",\n  "web": {}\n}\n');
		assert.ok(r.newText.startsWith('{\n  "appId": "x",\n  "web": {},\n  "keyCredentials": [\n    {\n'), r.newText);
		insertChecked('{}');
		insertChecked('{\n}\n');
	});

	it('cuts displayName at 90 code points without splitting a surrogate pair', () => {
		const name = 'a'.repeat(89) + '\u{1F511}\u{1F511}tail';
		const r = insertChecked('{"appId":"x","keyCredentials":[]}', { displayName: name });
		const added = parseManifest(r.newText).keyCredentials[0];
		assert.equal(added.displayName, 'a'.repeat(89) + '\u{1F511}');
		assert.ok(!hasLoneSurrogate(r.newText));
		assert.ok(!/\\ud83d/i.test(r.newText));
	});

	it('refuses a keyCredentials that is not an array, and leaves the text alone', () => {
		for (const value of ['{"keyId":"k"}', '"abc"', 'null', '42']) {
			const text = `{"appId":"x","keyCredentials":${value}}`;
			assert.throws(() => insertKeyCredential(text, cert, { fileName: 'm.json' }), refused('ERR_MANIFEST_UNSAFE_EDIT', /'m\.json'.*keyCredentials.*not an array/));
		}
	});

	it('refuses duplicate keyCredentials keys', () => {
		const text = '{"appId":"x","keyCredentials":[],"keyCredentials":[]}';
		assert.throws(() => insertKeyCredential(text, cert, { fileName: 'm.json' }), refused('ERR_MANIFEST_UNSAFE_EDIT', /'m\.json'.*keyCredentials.*(twice|2 times)/));
	});

	it('takes linear time: a 5 MB manifest, minified or pretty, in well under a second', function () {
		const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ customKeyIdentifier: null, displayName: `k${i}`, key: Buffer.alloc(900, i).toString('base64'), keyId: `k-${i}`, type: 'AsymmetricX509Cert', usage: 'Verify' }));
		const manifest = (n: number, pretty: boolean) => JSON.stringify({ appId: 'x', keyCredentials: entries(n), notes: 'n'.repeat(n * 25) }, null, pretty ? 2 : undefined);
		const best = (text: string) => {
			let ms = Infinity;
			for (let i = 0; i < 2; i++) {
				const t0 = process.hrtime.bigint();
				const r = insertKeyCredential(text, cert, opts);
				ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
				assert.equal(r.edits.length, 1);
				assert.equal(r.newText.length, text.length + r.edits[0].content.length);
			}
			return ms;
		};
		best(manifest(200, true)); // warm-up
		for (const pretty of [false, true]) {
			const small = manifest(1000, pretty);
			const large = manifest(4000, pretty);
			assert.ok(large.length > 5_000_000, `only ${large.length} characters`);
			const [ts, tl] = [best(small), best(large)];
			// Unloaded, the 5 MB insert takes about 0.35 s (mostly jsonc-parser's scan); the bound leaves room for a busy CI host.
			assert.ok(tl < 1500, `5 MB took ${tl.toFixed(0)} ms`);
			// Four times the size: about four times the time when linear, sixteen when quadratic.
			assert.ok(tl < ts * 8 + 50, `1.25 MB ${ts.toFixed(0)} ms, 5 MB ${tl.toFixed(0)} ms: not linear`);
		}
	});
});
