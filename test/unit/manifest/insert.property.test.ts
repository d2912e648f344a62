/**
 * Property tests for insertKeyCredential on generated manifests of both formats: any BOM, line ends (LF, CRLF,
 * mixed), indentation (tabs, 2 or 4 spaces, minified), colon spacing, comments in odd places, key order, absent,
 * empty or populated keyCredentials and any Unicode displayName. The result parses, holds exactly one new entry with
 * the certificate's values, and equals the original outside the inserted text.
 *
 * `npm test` runs 200 cases; FUZZ_RUNS (set by `npm run test:fuzz`, ≥ 100,000) runs more.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { parse, parseTree, type ParseError } from 'jsonc-parser';
import { insertKeyCredential, lintManifest, parseManifest } from '../../../src/core/manifest';
import { CoreError } from '../../../src/core/errors';
import { makeCert } from '../helpers/openssl';

const RUNS = Number(process.env.FUZZ_RUNS) > 0 ? Number(process.env.FUZZ_RUNS) : 200;
const BOM = '\uFEFF';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
/** Object members keep their generated order (a Map would too; an array of pairs makes repeats impossible to miss). */
type Obj = { members: [string, JsonModel][] };
type JsonModel = string | number | boolean | null | JsonModel[] | Obj;

interface Style {
	indent: '\t' | '  ' | '    ' | 'minified';
	eol: 'lf' | 'crlf' | 'mixed';
	colon: ':' | ': ' | ' : ';
	comma: ',' | ', ';
	bom: boolean;
	header: 'none' | 'block' | 'line';
	finalEol: boolean;
	/** Choices for comments and mixed line ends, read in turn. */
	tape: number[];
}

/** Prints a model the way a person or a tool might have written it. */
function print(root: Obj, s: Style): string {
	let t = 0;
	const next = () => s.tape[t++ % s.tape.length];
	const pretty = s.indent !== 'minified';
	const eol = () => (s.eol === 'lf' ? '\n' : s.eol === 'crlf' ? '\r\n' : next() % 2 ? '\r\n' : '\n');
	const ind = (d: number) => (pretty ? (s.indent as string).repeat(d) : '');
	const blockComment = () => (pretty && next() % 3 === 0 ? `/* multi${eol()} * line */` : '/* c */');
	/** A comment before a member, sometimes. */
	const lead = () => (next() % 7 === 0 ? blockComment() + ' ' : '');
	/** A comment after a member on its line, sometimes. */
	const trail = () => {
		const c = next() % 9;
		return c === 0 ? ' /* after */' : c === 1 && pretty ? ' // after' : '';
	};
	const emptyInside = (d: number) => {
		const c = next() % 6;
		if (c === 0) {
			return ' /* none yet */ ';
		}
		if (c === 1 && pretty) {
			return `${eol()}${ind(d + 1)}// empty${eol()}${ind(d)}`;
		}
		if (c === 2 && pretty) {
			return `${eol()}${ind(d)}`;
		}
		return c === 3 ? ' ' : '';
	};
	const value = (v: JsonModel, d: number): string => {
		if (Array.isArray(v) || (v !== null && typeof v === 'object')) {
			const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
			const items = Array.isArray(v) ? v.map((x) => value(x, d + 1)) : v.members.map(([k, x]) => `${JSON.stringify(k)}${s.colon}${value(x, d + 1)}`);
			if (items.length === 0) {
				return open + emptyInside(d) + close;
			}
			// Short arrays of scalars sometimes stay on one line in a pretty file.
			if (!pretty || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object') && next() % 2 === 0)) {
				return open + items.map((x) => lead() + x).join(s.comma) + close;
			}
			const lines = items.map((x, i) => `${ind(d + 1)}${lead()}${x}${i < items.length - 1 ? ',' : ''}${trail()}${eol()}`);
			return `${open}${eol()}${lines.join('')}${ind(d)}${close}`;
		}
		return JSON.stringify(v);
	};
	const header = s.header === 'block' ? `/*${eol()} * App manifest${eol()} *   downloaded${eol()} */${eol()}` : s.header === 'line' ? `// manifest${eol()}` : '';
	const body = value(root, 0);
	const text = (s.bom ? BOM : '') + (pretty || s.header !== 'line' ? header : '') + body + (s.finalEol && pretty ? eol() : '');
	return text;
}

function toJson(v: JsonModel): Json {
	if (Array.isArray(v)) {
		return v.map(toJson);
	}
	if (v !== null && typeof v === 'object') {
		return Object.fromEntries(v.members.map(([k, x]) => [k, toJson(x)]));
	}
	return v;
}

const guid = fc.uuid();
const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const b64 = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('base64'));
const scalar: fc.Arbitrary<JsonModel> = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));

function existingEntry(format: 'graph' | 'aadgraph'): fc.Arbitrary<JsonModel> {
	return fc.record({ cki: b64(20, 20), name: text, key: b64(30, 200), keyId: guid, start: fc.date({ min: new Date(2000, 0, 1), max: new Date(2090, 0, 1), noInvalidDate: true }) }).map(
		(e): Obj => ({
			members:
				format === 'graph'
					? [
							['customKeyIdentifier', e.cki],
							['displayName', e.name],
							['endDateTime', e.start.toISOString()],
							['key', e.key],
							['keyId', e.keyId],
							['startDateTime', e.start.toISOString()],
							['type', 'AsymmetricX509Cert'],
							['usage', 'Verify'],
						]
					: [
							['customKeyIdentifier', e.cki],
							['endDate', e.start.toISOString()],
							['keyId', e.keyId],
							['startDate', e.start.toISOString()],
							['type', 'AsymmetricX509Cert'],
							['usage', 'Verify'],
							['value', e.key],
						],
		}),
	);
}

interface Case {
	format: 'graph' | 'aadgraph';
	root: Obj;
	style: Style;
	displayName?: string;
}

const manifestCase: fc.Arbitrary<Case> = fc.constantFrom<'graph' | 'aadgraph'>('graph', 'aadgraph').chain((format) =>
	fc.record({
		format: fc.constant(format),
		creds: fc.oneof(fc.constant<'absent'>('absent'), fc.constant<JsonModel[]>([]), fc.array(existingEntry(format), { minLength: 1, maxLength: 3 })),
		appId: guid,
		name: text,
		extras: fc.array(fc.tuple(fc.constantFrom('tags', 'notes', 'signInAudience', 'x-extra', 'requiredResourceAccess'), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))), { maxLength: 3 }),
		order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
		style: fc.record({
			indent: fc.constantFrom<Style['indent']>('\t', '  ', '    ', 'minified'),
			eol: fc.constantFrom<Style['eol']>('lf', 'crlf', 'mixed'),
			colon: fc.constantFrom<Style['colon']>(':', ': ', ' : '),
			comma: fc.constantFrom<Style['comma']>(',', ', '),
			bom: fc.boolean(),
			header: fc.constantFrom<Style['header']>('none', 'block', 'line'),
			finalEol: fc.boolean(),
			tape: fc.array(fc.nat(20), { minLength: 1, maxLength: 64 }),
		}),
		displayName: fc.option(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 120 }), fc.string({ unit: 'grapheme', minLength: 85, maxLength: 100 })), { nil: undefined }),
	}).map(({ format, creds, appId, name, extras, order, style, displayName }) => {
		const members: [string, JsonModel][] =
			format === 'graph'
				? [
						['id', appId],
						['appId', appId],
						['displayName', name],
						['web', { members: [['redirectUris', ['https://localhost/cb']]] }],
						['api', { members: [['oauth2PermissionScopes', []]] }],
					]
				: [
						['appId', appId],
						['name', name],
						['oauth2Permissions', []],
						['replyUrlsWithType', [{ members: [['url', 'https://localhost/cb'], ['type', 'Web']] }]],
					];
		for (const [k, v] of extras) {
			if (!members.some(([m]) => m === k)) {
				members.push([k, v]);
			}
		}
		if (creds !== 'absent') {
			members.push(['keyCredentials', creds]);
		}
		const shuffled = members.map((m, i) => ({ m, r: order[i % order.length] * 31 + i })).sort((a, b) => a.r - b.r).map((x) => x.m);
		return { format, root: { members: shuffled }, style, displayName };
	}),
);

function codePoints(s: string): number {
	return Array.from(s).length;
}

function hasLoneSurrogate(s: string): boolean {
	return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function jsonOf(t: string): Json {
	const errors: ParseError[] = [];
	const v = parse(t.startsWith(BOM) ? t.slice(1) : t, errors, { allowTrailingComma: false, disallowComments: false }) as Json;
	assert.deepEqual(errors, [], 'does not parse');
	const tree = parseTree(t.startsWith(BOM) ? t.slice(1) : t, [], { allowTrailingComma: false });
	assert.ok(tree);
	return v;
}

describe('insertKeyCredential properties (fast-check)', function () {
	this.timeout(0);
	const oc = makeCert('prop-insert');
	const x = new X509Certificate(oc.certPem);
	const cert = { der: new Uint8Array(oc.der), notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), subject: 'CN=prop-insert' };
	const derBase64 = oc.der.toString('base64');
	const cki = Buffer.from(oc.sha1Hex, 'hex').toString('base64');
	// openssl's dates to whole seconds, written by hand (not by the code under test).
	const start = new Date(x.validFrom).toISOString().slice(0, 19) + 'Z';
	const end = new Date(x.validTo).toISOString().slice(0, 19) + 'Z';

	it(`inserts exactly one entry and changes nothing else (${RUNS} manifests)`, () => {
		fc.assert(
			fc.property(manifestCase, (c) => {
				const original = print(c.root, c.style);
				const keyId = 'f0e1d2c3-b4a5-4697-8899-aabbccddeeff';
				const r = insertKeyCredential(original, cert, { newGuid: () => keyId, displayName: c.displayName });

				// Only insertions; outside them, the original byte for byte (prefix and suffix around each).
				let rebuilt = r.newText;
				for (const e of [...r.edits].sort((a, b) => b.offset - a.offset)) {
					assert.equal(e.length, 0);
					const shift = r.edits.filter((o) => o.offset < e.offset).reduce((n, o) => n + o.content.length, 0);
					assert.equal(rebuilt.slice(e.offset + shift, e.offset + shift + e.content.length), e.content);
					rebuilt = rebuilt.slice(0, e.offset + shift) + rebuilt.slice(e.offset + shift + e.content.length);
				}
				assert.equal(rebuilt, original);
				const first = Math.min(...r.edits.map((e) => e.offset));
				assert.equal(r.newText.slice(0, first), original.slice(0, first));
				const lastEdit = r.edits.reduce((a, b) => (b.offset > a.offset ? b : a));
				assert.equal(r.newText.slice(r.newText.length - (original.length - lastEdit.offset)), original.slice(lastEdit.offset));
				assert.equal(r.newText.startsWith(BOM), original.startsWith(BOM));

				// It parses, and its value is the original's with one entry appended.
				const before = jsonOf(original) as Record<string, Json>;
				assert.deepEqual(before, toJson(c.root), 'the generator printed something else than its model');
				const after = jsonOf(r.newText) as Record<string, Json>;
				const expectedFormat = c.format;
				const added = (after.keyCredentials as Record<string, Json>[]).at(-1)!;
				assert.deepEqual(after, { ...before, keyCredentials: [...((before.keyCredentials as Json[] | undefined) ?? []), added] });
				assert.equal(added.keyId, keyId);
				assert.equal(added.customKeyIdentifier, cki);
				assert.equal(added.type, 'AsymmetricX509Cert');
				assert.equal(added.usage, 'Verify');
				if (expectedFormat === 'graph') {
					assert.deepEqual([added.key, added.startDateTime, added.endDateTime], [derBase64, start, end]);
					const wanted = c.displayName ?? cert.subject;
					const name = added.displayName as string;
					assert.ok(wanted.startsWith(name), 'displayName is not a prefix of the name given');
					assert.equal(codePoints(name), Math.min(90, codePoints(wanted)));
				} else {
					assert.deepEqual([added.value, added.startDate, added.endDate], [derBase64, start, end]);
				}
				assert.equal(parseManifest(r.newText).keyCredentials.length, ((before.keyCredentials as Json[] | undefined) ?? []).length + 1);

				// Written the file's way.
				const inserted = r.edits.map((e) => e.content).join('');
				assert.ok(!hasLoneSurrogate(inserted), 'a lone surrogate was written');
				const breaks = original.match(/\r\n|\r|\n/g) ?? [];
				if (breaks.length === 0 || c.style.indent === 'minified') {
					assert.ok(!/[\r\n]/.test(inserted), 'line breaks added to a one-line manifest');
				} else if (breaks.every((b) => b === '\n')) {
					assert.ok(!inserted.includes('\r'), 'CR added to an LF file');
				} else if (breaks.every((b) => b === '\r\n')) {
					assert.ok(!/[^\r]\n|\r(?!\n)/.test(inserted), 'LF alone added to a CRLF file');
				}
				if (c.style.indent !== 'minified') {
					for (const line of inserted.split(/\r\n|\r|\n/).slice(1)) {
						const lead = /^[ \t]*/.exec(line)![0];
						assert.ok(c.style.indent === '\t' ? !lead.includes(' ') : !lead.includes('\t'), `indentation ${JSON.stringify(lead)} in a file indented with ${JSON.stringify(c.style.indent)}`);
					}
				}

				// The same certificate again is refused.
				assert.throws(() => insertKeyCredential(r.newText, cert), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_DUPLICATE');
			}),
			{ numRuns: RUNS },
		);
	});

	it(`lint quick fixes replace only the value they fix, in any layout (${RUNS} manifests)`, () => {
		const pemText = Buffer.from(oc.certPem).toString('base64');
		fc.assert(
			fc.property(manifestCase, (c) => {
				const bad: Obj = {
					members:
						c.format === 'graph'
							? [['customKeyIdentifier', oc.sha1Hex], ['displayName', 'bad'], ['endDateTime', end], ['key', pemText], ['keyId', 'k-bad'], ['startDateTime', start], ['type', 'AsymmetricX509Cert'], ['usage', 'Verify']]
							: [['customKeyIdentifier', oc.sha1Hex], ['endDate', end], ['keyId', 'k-bad'], ['startDate', start], ['type', 'AsymmetricX509Cert'], ['usage', 'Verify'], ['value', pemText]],
				};
				const members = c.root.members.filter(([k]) => k !== 'keyCredentials');
				const old = c.root.members.find(([k]) => k === 'keyCredentials')?.[1];
				members.push(['keyCredentials', [...(Array.isArray(old) ? old : []), bad]]);
				const original = print({ members }, c.style);
				const fixes = lintManifest(original, { now: cert.notBefore }).filter((f) => f.replacement !== undefined && f.range);
				assert.deepEqual(fixes.map((f) => f.code).sort(), ['keycred-cki-mismatch', 'keycred-pem-text']);
				const wanted: Record<string, [string, string]> = { 'keycred-pem-text': [pemText, derBase64], 'keycred-cki-mismatch': [oc.sha1Hex, cki] };
				for (const f of fixes) {
					const { start: a, end: b } = f.range!;
					const [was, becomes] = wanted[f.code];
					assert.equal(original.slice(a, b), JSON.stringify(was), `${f.code}: the range is not the value it fixes`);
					assert.equal(f.replacement, JSON.stringify(becomes));
				}
				// Both applied (from the end, as an editor applies a workspace edit): only those two values changed.
				let fixed = original;
				for (const f of [...fixes].sort((x, y) => y.range!.start - x.range!.start)) {
					fixed = fixed.slice(0, f.range!.start) + f.replacement! + fixed.slice(f.range!.end);
				}
				const [first, second] = [...fixes].sort((x, y) => x.range!.start - y.range!.start);
				assert.equal(fixed.slice(0, first.range!.start), original.slice(0, first.range!.start));
				assert.equal(fixed.slice(fixed.length - (original.length - second.range!.end)), original.slice(second.range!.end));
				assert.equal(fixed.startsWith(BOM), original.startsWith(BOM));
				const entry = ((jsonOf(fixed) as Record<string, Json>).keyCredentials as Record<string, Json>[]).at(-1)!;
				assert.equal(entry[c.format === 'graph' ? 'key' : 'value'], derBase64);
				assert.equal(entry.customKeyIdentifier, cki);
				assert.deepEqual(lintManifest(fixed, { now: cert.notBefore }).filter((f) => f.replacement !== undefined), []);
			}),
			{ numRuns: RUNS },
		);
	});

	it(`refuses a keyCredentials that is not an array, whatever it holds (${Math.max(50, Math.floor(RUNS / 4))} manifests)`, () => {
		const notArray = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 3 }));
		fc.assert(
			fc.property(notArray, fc.boolean(), (value, pretty) => {
				const t = JSON.stringify({ appId: 'x', keyCredentials: value }, null, pretty ? 2 : undefined);
				assert.throws(() => insertKeyCredential(t, cert), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_UNSAFE_EDIT');
			}),
			{ numRuns: Math.max(50, Math.floor(RUNS / 4)) },
		);
	});
});
