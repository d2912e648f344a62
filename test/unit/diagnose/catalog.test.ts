/**
 * The AADSTS catalog against Microsoft's public error-code reference: every code the page lists has an
 * entry, and every entry is complete (meaning, causes, fix, sources, known rules). The page's code list is
 * a snapshot in test/fixtures/reference-error-codes.json, taken from the page itself (its commit is recorded).
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalog, catalogEntry, catalogFiles, FAMILIES, RULE_IDS } from '../../../src/core/diagnose/catalog';
import { repoRoot } from '../helpers/repo';

interface ReferenceSnapshot {
	source: string;
	commit: string;
	codes: string[];
}

const ROOT = repoRoot();

const reference = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'reference-error-codes.json'), 'utf8')) as ReferenceSnapshot;

describe('AADSTS catalog', () => {
	it('the reference snapshot holds the whole page (about 300 codes, digits only, no duplicates)', () => {
		assert.ok(reference.codes.length >= 300, `only ${reference.codes.length} codes in the snapshot`);
		assert.ok(reference.codes.every((c) => /^\d{4,8}$/.test(c)));
		assert.equal(new Set(reference.codes).size, reference.codes.length);
	});

	it('has an entry for every code of the reference page', () => {
		const missing = reference.codes.filter((c) => !catalogEntry(c));
		assert.deepEqual(missing, [], `${missing.length} codes of the reference page have no entry`);
	});

	it('has no code twice across its files', () => {
		const seen = new Map<string, number>();
		catalogFiles().forEach((f, i) => {
			for (const e of f.entries) {
				assert.ok(!seen.has(e.code), `AADSTS${e.code} is in file ${seen.get(e.code)} and file ${i}`);
				seen.set(e.code, i);
			}
		});
	});

	it('every entry is complete: meaning, causes, fix, an http(s) source, a known family and known rules', () => {
		const problems: string[] = [];
		for (const e of catalog().values()) {
			const where = `AADSTS${e.code}`;
			if (!/^\d{4,8}$/.test(e.code)) {problems.push(`${where}: code is not digits`);}
			if (!e.title?.trim()) {problems.push(`${where}: no title`);}
			if (!e.meaning?.trim() || e.meaning.length < 20) {problems.push(`${where}: no meaning`);}
			if (!Array.isArray(e.causes) || e.causes.length === 0 || e.causes.some((c) => !c.trim())) {problems.push(`${where}: no causes`);}
			if (!e.fix?.trim()) {problems.push(`${where}: no fix`);}
			if (!Array.isArray(e.sources) || e.sources.length === 0 || e.sources.some((s) => !/^https?:\/\/\S+$/.test(s))) {problems.push(`${where}: no source URL`);}
			if (!(FAMILIES as readonly string[]).includes(e.family)) {problems.push(`${where}: unknown family ${e.family}`);}
			for (const r of e.rules ?? []) {
				if (!(RULE_IDS as readonly string[]).includes(r)) {problems.push(`${where}: unknown rule ${r}`);}
			}
		}
		assert.deepEqual(problems, []);
	});

	it("has an entry for every AADSTS code the kit's rules and sandbox name", () => {
		const dirs = ['src/core/diagnose', 'src/sandbox'].map((d) => join(ROOT, d));
		const named = new Set<string>();
		for (const dir of dirs) {
			for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
				for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/AADSTS(\d{5,8})/g)) {
					named.add(m[1]);
				}
			}
		}
		assert.ok(named.size > 20, `only ${named.size} codes found in the sources`);
		assert.deepEqual([...named].filter((c) => !catalogEntry(c)).sort(), []);
	});

	it('finds entries by number or by AADSTS-prefixed string', () => {
		const first = reference.codes[0];
		assert.equal(catalogEntry(Number(first))?.code, first);
		assert.equal(catalogEntry(`AADSTS${first}`)?.code, first);
		assert.equal(catalogEntry('1'), undefined);
	});
});
