/**
 * insertKeyCredential, one layout decision per test: the exact bytes written for a tab file, a 4-space file, CRLF and
 * CR line ends, a BOM, comments before members and after the last entry, an empty `[]` in its several spellings, a
 * minified file, both manifest formats, and the refusals (issue 10: tests that catch bugs).
 *
 * The expected text is built here from the entry's documented fields (JSON.stringify pretty-prints it) and the
 * file's own style, written out by hand for each case.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { parseTree, type ParseError } from 'jsonc-parser';
import { applyInsertions, insertKeyCredential, parseManifest } from '../../../src/core/manifest';
import { CoreError } from '../../../src/core/errors';
import { makeCert, type OpensslCert } from '../helpers/openssl';

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
const KEY_ID = '0b7e6a52-3c1d-4e2f-8a9b-5c6d7e8f9a0b';

const refused = (code: string, pattern: RegExp) => (e: unknown) => e instanceof CoreError && e.code === code && pattern.test(e.message);

function isoNoMillis(d: Date): string {
	assert.equal(d.getUTCMilliseconds(), 0);
	return `${d.toISOString().slice(0, 19)}Z`;
}

/** The entry pretty-printed with `unit` per level, its lines after the first starting with `base`, `eol` between lines. */
function pretty(entry: object, unit: string, base: string, eol: string, colon = ': '): string {
	return JSON.stringify(entry, null, unit)
		.split('\n')
		.map((line) => line.replace(/^(\s*"[A-Za-z]+"): /, `$1${colon}`))
		.join(eol + base);
}

/** The entry on one line with the file's colon and comma (all values are strings without quotes). */
function oneLine(entry: object, colon = ':', comma = ','): string {
	return JSON.stringify(entry).replace(/":"/g, `"${colon}"`).replace(/","/g, `"${comma}"`);
}

function parsesClean(text: string): void {
	const errors: ParseError[] = [];
	parseTree(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: false });
	assert.deepEqual(errors, [], `not valid JSON with comments:\n${text}`);
}

describe('insertKeyCredential writes the entry in the file\'s own layout', function () {
	this.timeout(60000);
	let oc: OpensslCert;
	let cert: { der: Uint8Array; notBefore: Date; notAfter: Date; subject: string };
	let graph: Record<string, string>;
	let legacy: Record<string, string>;
	const opts = { keyId: KEY_ID };

	before(() => {
		oc = makeCert('layout-pin', EC);
		const x = new X509Certificate(oc.certPem);
		cert = { der: new Uint8Array(oc.der), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), subject: 'CN=layout-pin' };
		const cki = Buffer.from(oc.sha1Hex, 'hex').toString('base64');
		const der = oc.der.toString('base64');
		const start = isoNoMillis(cert.notBefore);
		const end = isoNoMillis(cert.notAfter);
		// Field order as the Graph keyCredential resource and the legacy AAD Graph manifest show them (entra-rules §3).
		graph = { customKeyIdentifier: cki, displayName: 'CN=layout-pin', endDateTime: end, key: der, keyId: KEY_ID, startDateTime: start, type: 'AsymmetricX509Cert', usage: 'Verify' };
		legacy = { customKeyIdentifier: cki, endDate: end, keyId: KEY_ID, startDate: start, type: 'AsymmetricX509Cert', usage: 'Verify', value: der };
	});

	function insert(text: string, extra: Parameters<typeof insertKeyCredential>[2] = {}) {
		const r = insertKeyCredential(text, cert, { ...opts, ...extra });
		parsesClean(r.newText);
		assert.equal(applyInsertions(text, r.edits), r.newText);
		return r;
	}

	describe('an empty array', () => {
		it('tab-indented: one tab per level, the closing bracket under the property', () => {
			const r = insert('{\n\t"appId": "x",\n\t"keyCredentials": []\n}\n');
			assert.equal(r.newText, `{\n\t"appId": "x",\n\t"keyCredentials": [\n\t\t${pretty(graph, '\t', '\t\t', '\n')}\n\t]\n}\n`);
			assert.deepEqual(r.edits.map((e) => [e.offset, e.length]), [[37, 0]]);
		});

		it('4-space file: four spaces per level', () => {
			const r = insert('{\n    "appId": "x",\n    "keyCredentials": []\n}\n');
			assert.equal(r.newText, `{\n    "appId": "x",\n    "keyCredentials": [\n        ${pretty(graph, '    ', '        ', '\n')}\n    ]\n}\n`);
		});

		it('closing bracket on a line of its own: that line is kept as it is', () => {
			const r = insert('{\n  "appId": "x",\n  "keyCredentials": [\n  ]\n}\n');
			assert.equal(r.newText, `{\n  "appId": "x",\n  "keyCredentials": [\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
			const tabs = insert('{\n\t"appId": "x",\n\t"keyCredentials": [\n\t]\n}\n');
			assert.equal(tabs.newText, `{\n\t"appId": "x",\n\t"keyCredentials": [\n\t\t${pretty(graph, '\t', '\t\t', '\n')}\n\t]\n}\n`);
		});

		it('CRLF with the closing bracket on its own line: no bare LF, the CRLF pairs unbroken', () => {
			const r = insert('{\r\n  "appId": "x",\r\n  "keyCredentials": [\r\n  ]\r\n}\r\n');
			assert.equal(r.newText, `{\r\n  "appId": "x",\r\n  "keyCredentials": [\r\n    ${pretty(graph, '  ', '    ', '\r\n')}\r\n  ]\r\n}\r\n`);
		});

		it('a comment inside `[ /* c */ ]` stays before the entry', () => {
			// (where the space before the closing bracket ends up does not matter: compared without trailing blanks)
			const r = insert('{\n  "appId": "x",\n  "keyCredentials": [ /* none yet */ ]\n}\n');
			assert.equal(r.newText.replace(/[ \t]+\n/g, '\n'), `{\n  "appId": "x",\n  "keyCredentials": [ /* none yet */\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
			const own = insert('{\n  "appId": "x",\n  "keyCredentials": [ /* none yet */\n  ]\n}\n');
			assert.equal(own.newText, `{\n  "appId": "x",\n  "keyCredentials": [ /* none yet */\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
		});

		it('CR-only line ends (classic Mac) are kept', () => {
			const r = insert('{\r  "appId": "x",\r  "keyCredentials": []\r}\r');
			assert.equal(r.newText, `{\r  "appId": "x",\r  "keyCredentials": [\r    ${pretty(graph, '  ', '    ', '\r')}\r  ]\r}\r`);
		});

		it('no line end after the insertion point: the one before it is used (LF, CRLF, CR)', () => {
			for (const eol of ['\n', '\r\n', '\r']) {
				const r = insert(`{${eol}  "appId": "x",${eol}  "keyCredentials": []}`);
				assert.equal(r.newText, `{${eol}  "appId": "x",${eol}  "keyCredentials": [${eol}    ${pretty(graph, '  ', '    ', eol)}${eol}  ]}`, JSON.stringify(eol));
			}
		});

		it('a mixed file: the line end of the line the entry goes on, not of the lines before', () => {
			const text = '{\n  "appId": "x",\n  "keyCredentials": [                                    ]\r\n}\r\n';
			const r = insert(text);
			assert.ok(!/[^\r]\n/.test(r.edits.map((e) => e.content).join('')), 'a bare LF in the entry');
		});

		it('members that share lines with JSON: two spaces per level', () => {
			const r = insert('{ "appId": "x", "keyCredentials": []\n}\n');
			assert.equal(r.newText, `{ "appId": "x", "keyCredentials": [\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
		});

		it('a tab file whose first members share the brace line: still tabs', () => {
			const r = insert('{ "appId": "x", "displayName": "d",\n\t"keyCredentials": [] }\n');
			assert.equal(r.newText, `{ "appId": "x", "displayName": "d",\n\t"keyCredentials": [\n\t\t${pretty(graph, '\t', '\t\t', '\n')}\n\t] }\n`);
		});

		it('a block comment before the property on its line: the indentation is the line\'s', () => {
			const r = insert('{\n\t/* id */ "appId": "x",\n\t/* keys */ "keyCredentials": []\n}\n');
			assert.equal(r.newText, `{\n\t/* id */ "appId": "x",\n\t/* keys */ "keyCredentials": [\n\t\t${pretty(graph, '\t', '\t\t', '\n')}\n\t]\n}\n`);
			const two = insert('{\n    /* a */ /* b */ "appId": "x",\n    /* keys */ "keyCredentials": []\n}\n');
			assert.equal(two.newText, `{\n    /* a */ /* b */ "appId": "x",\n    /* keys */ "keyCredentials": [\n        ${pretty(graph, '    ', '        ', '\n')}\n    ]\n}\n`);
		});

		it('an indented root object (pasted text): levels counted from the brace', () => {
			const r = insert('  {\n    "appId": "x",\n    "keyCredentials": []\n  }\n');
			assert.equal(r.newText, `  {\n    "appId": "x",\n    "keyCredentials": [\n      ${pretty(graph, '  ', '      ', '\n')}\n    ]\n  }\n`);
		});

		it('CR-only line ends in a tab file: still tabs', () => {
			const r = insert('{\r\t"appId": "x",\r\t"keyCredentials": []\r}\r');
			assert.equal(r.newText, `{\r\t"appId": "x",\r\t"keyCredentials": [\r\t\t${pretty(graph, '\t', '\t\t', '\r')}\r\t]\r}\r`);
		});

		it('a header comment and members sharing a line: the shared line is not taken for a line start', () => {
			const r = insert('/* header */\n{ "appId": "x", "keyCredentials": []\n}\n');
			assert.equal(r.newText, `/* header */\n{ "appId": "x", "keyCredentials": [\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
		});

		it('a BOM before an indented root object: the indentation after the BOM counts', () => {
			const r = insert('\uFEFF  {\n    "appId": "x",\n    "keyCredentials": []\n  }\n');
			assert.equal(r.newText, `\uFEFF  {\n    "appId": "x",\n    "keyCredentials": [\n      ${pretty(graph, '  ', '      ', '\n')}\n    ]\n  }\n`);
		});

		it('a BOM is kept and does not count as indentation', () => {
			const r = insert('\uFEFF{\r\n  "appId": "x",\r\n  "keyCredentials": []\r\n}\r\n');
			assert.equal(r.newText, `\uFEFF{\r\n  "appId": "x",\r\n  "keyCredentials": [\r\n    ${pretty(graph, '  ', '    ', '\r\n')}\r\n  ]\r\n}\r\n`);
		});
	});

	describe('colons and commas as the file writes them', () => {
		it('a pretty file written with "key":value', () => {
			const r = insert('{\n  "appId":"x",\n  "keyCredentials":[]\n}\n');
			assert.equal(r.newText, `{\n  "appId":"x",\n  "keyCredentials":[\n    ${pretty(graph, '  ', '    ', '\n', ':')}\n  ]\n}\n`);
		});

		it('a pretty file written with "key" : value', () => {
			const r = insert('{\n  "appId" : "x",\n  "keyCredentials" : []\n}\n');
			assert.equal(r.newText, `{\n  "appId" : "x",\n  "keyCredentials" : [\n    ${pretty(graph, '  ', '    ', '\n', ' : ')}\n  ]\n}\n`);
		});

		it('the most common spelling wins; on a tie the usual ": "', () => {
			const most = insert('{\n  "appId":"x",\n  "displayName":"d",\n  "keyCredentials": []\n}\n');
			assert.ok(most.newText.includes(`\n      "keyId":"${KEY_ID}",\n`), most.newText);
			for (const text of ['{\n  "appId": "x",\n  "keyCredentials":[]\n}\n', '{\n  "appId":"x",\n  "keyCredentials": []\n}\n']) {
				assert.ok(insert(text).newText.includes(`\n      "keyId": "${KEY_ID}",\n`), text);
			}
		});

		it('a comment between a key and its value is never copied into the entry', () => {
			for (const text of [
				'{\n  "appId": /* c */ "x",\n  "displayName": /* c */ "d",\n  "keyCredentials": []\n}\n',
				'{\n  "appId" /* c */ : "x",\n  "displayName" /* c */ : "d",\n  "keyCredentials": []\n}\n',
			]) {
				const r = insert(text);
				assert.ok(!r.edits.some((e) => e.content.includes('/*')), text);
				assert.ok(r.newText.includes(`\n      "keyId": "${KEY_ID}",\n`), r.newText);
			}
		});

		it('a minified file with ", " and ": " between members keeps them in the entry', () => {
			const r = insert('{"appId": "x", "keyCredentials": []}');
			assert.equal(r.newText, `{"appId": "x", "keyCredentials": [${oneLine(graph, ': ', ', ')}]}`);
		});
		it('a one-line file with spaces around its commas gives ", " in the entry', () => {
			const r = insert('{"appId": "x" ,  "keyCredentials": []}');
			assert.equal(r.newText, `{"appId": "x" ,  "keyCredentials": [${oneLine(graph, ': ', ', ')}]}`);
		});
	});

	describe('a minified file', () => {
		it('ending in a newline: the entry is still one line', () => {
			const r = insert('{"appId":"x","keyCredentials":[]}\n');
			assert.equal(r.newText, `{"appId":"x","keyCredentials":[${oneLine(graph)}]}\n`);
		});

		it('appends after an entry with one comma', () => {
			const other = makeCert('layout-other', EC).der.toString('base64');
			const text = `{"appId":"x","keyCredentials":[{"key":"${other}","keyId":"k0"}]}\n`;
			const r = insert(text);
			assert.equal(r.newText, `{"appId":"x","keyCredentials":[{"key":"${other}","keyId":"k0"},${oneLine(graph)}]}\n`);
		});

		it('keyCredentials as the only member, and an empty object', () => {
			assert.equal(insert('{"keyCredentials":[]}').newText, `{"keyCredentials":[${oneLine(graph)}]}`);
			assert.equal(insert('{}').newText, `{"keyCredentials":[${oneLine(graph)}]}`);
			assert.equal(insert('{}\n').newText, `{"keyCredentials":[${oneLine(graph)}]}\n`);
		});
	});

	describe('appending after entries', () => {
		let other: string;
		before(() => {
			other = makeCert('layout-prev', EC).der.toString('base64');
		});

		it('after the last entry of a 2-space file: one insertion of ",", line end, the entry', () => {
			const text = `{\n  "appId": "x",\n  "keyCredentials": [\n    {\n      "key": "${other}",\n      "keyId": "k0"\n    }\n  ]\n}\n`;
			const r = insert(text);
			const at = text.indexOf('    }\n  ]') + 5;
			assert.deepEqual(r.edits, [{ offset: at, length: 0, content: `,\n    ${pretty(graph, '  ', '    ', '\n')}` }]);
		});

		it('the new entry\'s members line up with the previous entry\'s', () => {
			const text = `{\n  "appId": "x",\n  "keyCredentials": [\n      {\n          "key": "${other}",\n          "keyId": "k0"\n      }\n  ]\n}\n`;
			const r = insert(text);
			const body = JSON.stringify(graph, null, '    ').split('\n').slice(1, -1).map((l) => `      ${l}`).join('\n');
			assert.equal(r.newText, text.replace('\n      }\n  ]', `\n      },\n      {\n${body}\n      }\n  ]`));
		});

		it('a line comment after the last entry stays with it; the comma goes before the comment (CRLF)', () => {
			const text = `{\r\n  "appId": "x",\r\n  "keyCredentials": [\r\n    {\r\n      "key": "${other}",\r\n      "keyId": "k0"\r\n    }\t// the old key\r\n  ]\r\n}\r\n`;
			const r = insert(text);
			assert.equal(r.newText, text.replace('    }\t// the old key\r\n', `    },\t// the old key\r\n    ${pretty(graph, '  ', '    ', '\r\n')}\r\n`));
			assert.equal(r.edits.length, 2);
		});

		it('block comments after the last entry, even two with no space between', () => {
			const text = `{\n  "appId": "x",\n  "keyCredentials": [\n    {\n      "key": "${other}",\n      "keyId": "k0"\n    } /*a*//*b*/\n  ]\n}\n`;
			const r = insert(text);
			assert.equal(r.newText, text.replace('    } /*a*//*b*/\n', `    }, /*a*//*b*/\n    ${pretty(graph, '  ', '    ', '\n')}\n`));
		});

		it('a mixed file: CRLF on the entry\'s line although earlier lines end in LF', () => {
			const text = `{\n  "appId": "x",\n  "keyCredentials": [\n    {\n      "key": "${other}",\n      "keyId": "k0"\n    }\r\n  ]\r\n}\r\n`;
			const r = insert(text);
			assert.equal(r.newText, text.replace('    }\r\n', `    },\r\n    ${pretty(graph, '  ', '    ', '\r\n')}\r\n`));
		});
	});

	describe('adding keyCredentials when the manifest has none', () => {
		it('after the last member, in the file\'s line end (mixed file: that member\'s line)', () => {
			const text = '{\n  "appId": "x",\r\n  "displayName": "a display name long enough to reach back"\r\n}\r\n';
			const r = insert(text);
			assert.equal(r.newText, text.replace('back"\r\n', `back",\r\n  "keyCredentials": [\r\n    ${pretty(graph, '  ', '    ', '\r\n')}\r\n  ]\r\n`));
		});

		it('a tab file', () => {
			const r = insert('{\n\t"appId": "x"\n}\n');
			assert.equal(r.newText, `{\n\t"appId": "x",\n\t"keyCredentials": [\n\t\t${pretty(graph, '\t', '\t\t', '\n')}\n\t]\n}\n`);
		});

		it('an indented root object', () => {
			const r = insert('  {\n    "appId": "x"\n  }\n');
			assert.equal(r.newText, `  {\n    "appId": "x",\n    "keyCredentials": [\n      ${pretty(graph, '  ', '      ', '\n')}\n    ]\n  }\n`);
		});

		it('the only member on the brace line: the new one on a line of its own, indented one level', () => {
			const r = insert('{"appId": "x"\n}\n');
			assert.equal(r.newText, `{"appId": "x",\n  "keyCredentials": [\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
		});

		it('an empty indented root object', () => {
			const r = insert('  {\n  }\n');
			assert.equal(r.newText, `  {\n    "keyCredentials": [\n      ${pretty(graph, '  ', '      ', '\n')}\n    ]\n  }\n`);
		});

		it('an empty pretty object', () => {
			const r = insert('{\n}\n');
			assert.equal(r.newText, `{\n  "keyCredentials": [\n    ${pretty(graph, '  ', '    ', '\n')}\n  ]\n}\n`);
		});
	});

	describe('both manifest formats', () => {
		it('a legacy (AAD Graph) manifest gets value/startDate/endDate, in that format\'s field order', () => {
			const text = '{\n  "appId": "x",\n  "oauth2AllowImplicitFlow": false,\n  "keyCredentials": []\n}\n';
			const r = insert(text);
			assert.equal(r.format, 'aadgraph');
			assert.deepEqual(Object.keys(r.entry), Object.keys(legacy));
			assert.equal(r.newText, `{\n  "appId": "x",\n  "oauth2AllowImplicitFlow": false,\n  "keyCredentials": [\n    ${pretty(legacy, '  ', '    ', '\n')}\n  ]\n}\n`);
		});

		it('a Graph manifest gets key/startDateTime/endDateTime and the displayName', () => {
			const r = insert('{"appId":"x","web":{},"keyCredentials":[]}');
			assert.equal(r.format, 'graph');
			assert.deepEqual(r.entry, graph);
		});

		it('the format asked for wins over the one detected', () => {
			const r = insert('{"appId":"x","web":{},"keyCredentials":[]}', { format: 'aadgraph' });
			assert.equal(r.format, 'aadgraph');
			assert.deepEqual(r.entry, legacy);
		});
	});

	describe('refusals leave the text alone and say why', () => {
		it('names what keyCredentials is when it is not an array', () => {
			const cases: [string, RegExp][] = [
				['null', /set to null,/],
				['{}', /set to an object,/],
				['"abc"', /set to a string,/],
				['42', /set to a number,/],
				['true', /set to a boolean,/],
			];
			for (const [value, what] of cases) {
				assert.throws(() => insertKeyCredential(`{"appId":"x","keyCredentials":${value}}`, cert, { fileName: 'app.json' }), refused('ERR_MANIFEST_UNSAFE_EDIT', new RegExp(`^'app\\.json' has keyCredentials ${what.source}.*not an array`)));
			}
		});

		it('without a file name, says "The manifest"', () => {
			assert.throws(() => insertKeyCredential('{"keyCredentials":null}', cert), refused('ERR_MANIFEST_UNSAFE_EDIT', /^'The manifest' has keyCredentials/));
			assert.throws(() => insertKeyCredential('{"keyCredentials":[],"keyCredentials":[]}', cert), refused('ERR_MANIFEST_UNSAFE_EDIT', /^'The manifest' names keyCredentials 2 times/));
		});

		it('a certificate already there by its customKeyIdentifier, even with another key value', () => {
			const cki = Buffer.from(oc.sha1Hex, 'hex').toString('base64');
			const text = `{"keyCredentials":[{"customKeyIdentifier":"${cki}","displayName":"old","keyId":"k1"}]}`;
			assert.throws(() => insertKeyCredential(text, cert, { fileName: 'm.json' }), refused('ERR_MANIFEST_DUPLICATE', new RegExp(`'m\\.json' already registers this certificate \\(old, keyId k1, SHA-1 ${oc.sha1Hex}\\)`)));
		});

		it('a certificate already there by its key bytes, whatever the customKeyIdentifier', () => {
			const der = oc.der.toString('base64');
			for (const cki of ['null', '"AAAA"']) {
				const text = `{"keyCredentials":[{"keyId":"k0"},{"customKeyIdentifier":${cki},"key":"${der}"}]}`;
				assert.throws(() => insertKeyCredential(text, cert), refused('ERR_MANIFEST_DUPLICATE', new RegExp(`\\(entry 2, SHA-1 ${oc.sha1Hex}\\)`)));
			}
			const legacyText = `{"keyCredentials":[{"value":"${der}","keyId":"k9"}]}`;
			assert.throws(() => insertKeyCredential(legacyText, cert), refused('ERR_MANIFEST_DUPLICATE', /\(keyId k9, SHA-1/));
		});

		it('a different certificate of the same length is no duplicate', () => {
			const same = Buffer.from(oc.der);
			same[same.length - 1] ^= 0xff;
			const text = `{"keyCredentials":[{"customKeyIdentifier":null,"key":"${same.toString('base64')}","keyId":"k0"}]}`;
			assert.equal(parseManifest(insert(text).newText).keyCredentials.length, 2);
		});

		it('another certificate in the array is no duplicate', () => {
			const other = makeCert('layout-dup-other', EC).der.toString('base64');
			const text = `{"keyCredentials":[{"keyId":"k0"},{"customKeyIdentifier":null,"key":"${other}"}]}`;
			const r = insert(text);
			assert.equal(parseManifest(r.newText).keyCredentials.length, 3);
		});
	});

	describe('applyInsertions', () => {
		it('applies edits given in any order, each at its offset in the original', () => {
			assert.equal(applyInsertions('abcdef', [{ offset: 4, length: 0, content: 'Y' }, { offset: 1, length: 0, content: 'X' }]), 'aXbcdYef');
		});

		it('replaces `length` characters when an edit has one', () => {
			assert.equal(applyInsertions('hello world', [{ offset: 0, length: 5, content: 'HELLO' }, { offset: 6, length: 0, content: '*' }]), 'HELLO *world');
		});
	});
});
