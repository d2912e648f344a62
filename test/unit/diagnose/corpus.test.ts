/**
 * The diagnosis corpus: real public reports (test/fixtures/cases/NNN-slug/) diagnosed as the CLI does,
 * each scored against what its thread established (expected codes, cause/fix regexes, severity cap).
 * Prints the misses and `diagnosis corpus: N of M cases named the cause (P%)`; fails if a case folder is
 * malformed or if the score drops below test/fixtures/cases/score-floor.json.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { diagnose, type ContextCertificate, type Diagnosis } from '../../../src/core/diagnose';
import type { Finding, Severity } from '../../../src/core/findings';
import { loadCertificateFile } from '../../../src/node/material';
import { repoRoot, withPemArmour } from '../helpers/repo';

const CASES = join(repoRoot(), 'test', 'fixtures', 'cases');
const KINDS = ['error', 'request', 'jwt', 'local', 'manifest'];
const SEVERITIES: Severity[] = ['info', 'warning', 'error'];

interface CaseFile {
	title: string;
	source: string;
	kind: string;
	artifact?: string;
	cause: string;
	fixEstablished: string;
	now?: string;
	expect: { codes: string[]; mentions: string[]; maxSeverity?: 'info' | 'warning' };
	context?: { manifests?: string[]; certificates?: string[]; clientId?: string };
}

interface LoadedCase {
	dir: string;
	name: string;
	spec: CaseFile;
	artifactPath: string;
}

/** The artifact file: case.json's `artifact`, else the one file named artifact.* in the folder. */
function artifactOf(dir: string, spec: CaseFile): string | undefined {
	if (spec.artifact) {
		return join(dir, spec.artifact);
	}
	const found = readdirSync(dir).filter((f) => /^artifact\.(txt|json|http|log|jwt)$/.test(f));
	return found.length === 1 ? join(dir, found[0]) : undefined;
}

function caseDirs(): string[] {
	return readdirSync(CASES)
		.filter((n) => /^\d{3}-[a-z0-9-]+$/.test(n) && statSync(join(CASES, n)).isDirectory())
		.sort();
}

/** Every problem with a case folder's shape (empty when well-formed). */
function shapeProblems(dir: string): string[] {
	const problems: string[] = [];
	let spec: CaseFile;
	try {
		spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseFile;
	} catch (e) {
		return [`case.json missing or not JSON (${(e as Error).message})`];
	}
	for (const key of ['title', 'source', 'kind', 'cause', 'fixEstablished'] as const) {
		if (typeof spec[key] !== 'string' || !spec[key].trim()) {
			problems.push(`'${key}' missing`);
		}
	}
	if (typeof spec.source === 'string' && !/^https:\/\/[^\s/]+\.[^\s/]+\/\S*$/.test(spec.source)) {
		problems.push(`source '${spec.source}' is not an https URL`);
	}
	if (!KINDS.includes(spec.kind)) {
		problems.push(`kind '${spec.kind}' is not one of ${KINDS.join(', ')}`);
	}
	if (spec.now !== undefined && Number.isNaN(new Date(spec.now).getTime())) {
		problems.push(`now '${spec.now}' is not a date`);
	}
	const art = artifactOf(dir, spec);
	if (!art || !existsSync(art) || !readFileSync(art, 'utf8').trim()) {
		problems.push('artifact missing or empty');
	}
	const ex = spec.expect;
	if (!ex || !Array.isArray(ex.codes) || !Array.isArray(ex.mentions)) {
		problems.push("'expect' must hold codes[] and mentions[]");
	} else {
		for (const c of ex.codes) {
			if (!/^AADSTS\d+$/.test(c)) {
				problems.push(`expected code '${c}' is not AADSTSnnn`);
			}
		}
		for (const m of ex.mentions) {
			try {
				new RegExp(m, 'i');
			} catch (e) {
				problems.push(`mention /${m}/ does not compile (${(e as Error).message})`);
			}
		}
		if (ex.codes.length === 0 && ex.mentions.length === 0 && !ex.maxSeverity) {
			problems.push('expect names nothing: a case must expect a code, a mention or a severity cap');
		}
		if (ex.maxSeverity !== undefined && !['info', 'warning'].includes(ex.maxSeverity)) {
			problems.push(`maxSeverity '${ex.maxSeverity}' is not info or warning`);
		}
	}
	for (const f of [...(spec.context?.manifests ?? []), ...(spec.context?.certificates ?? [])]) {
		if (!existsSync(join(dir, f))) {
			problems.push(`context file '${f}' missing`);
		}
	}
	return problems;
}

function loadCase(dir: string): LoadedCase {
	const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as CaseFile;
	return { dir, name: basename(dir), spec, artifactPath: artifactOf(dir, spec)! };
}

/** Runs the core as `entra-cert diagnose ARTIFACT --manifest … --cert …` would. */
async function run(c: LoadedCase): Promise<Diagnosis> {
	const text = withPemArmour(readFileSync(c.artifactPath, 'utf8'));
	const certificates: ContextCertificate[] = [];
	for (const f of c.spec.context?.certificates ?? []) {
		const m = await loadCertificateFile(join(c.dir, f));
		certificates.push({ ...m.info, label: f });
	}
	const manifests = (c.spec.context?.manifests ?? []).map((f) => ({ label: f, text: readFileSync(join(c.dir, f), 'utf8') }));
	const now = c.spec.now ? new Date(c.spec.now) : new Date();
	return diagnose(text, { now, certificates, manifests, clientId: c.spec.context?.clientId });
}

interface Score {
	pass: boolean;
	missing: string[];
}

/** pass = every expected code among the findings, every mention regex matched in message+fix, severity cap kept. */
export function score(findings: Finding[], expect: CaseFile['expect']): Score {
	const missing: string[] = [];
	const codes = new Set(findings.map((f) => f.code.toUpperCase()));
	for (const c of expect.codes) {
		if (!codes.has(c.toUpperCase())) {
			missing.push(`code ${c}`);
		}
	}
	const text = findings.map((f) => `${f.message}\n${f.fix}`).join('\n');
	for (const m of expect.mentions) {
		if (!new RegExp(m, 'i').test(text)) {
			missing.push(`/${m}/`);
		}
	}
	if (expect.maxSeverity) {
		const cap = SEVERITIES.indexOf(expect.maxSeverity);
		const over = findings.filter((f) => SEVERITIES.indexOf(f.severity) > cap);
		if (over.length) {
			missing.push(`severity above ${expect.maxSeverity}: ${over.map((f) => `${f.severity} ${f.code}`).join(', ')}`);
		}
	}
	return { pass: missing.length === 0, missing };
}

describe('diagnosis corpus (test/fixtures/cases)', () => {
	const dirs = caseDirs().map((n) => join(CASES, n));

	it('scoring: a finding set that lacks the code or the words fails, one that has them passes', () => {
		const expect = { codes: ['AADSTS700027'], mentions: ['hex.{0,20}text', 'bytes'] };
		const good: Finding[] = [{ severity: 'error', code: 'AADSTS700027', message: 'x5t holds the hex text of the thumbprint', fix: 'Send the hash bytes.' }];
		assert.equal(score(good, expect).pass, true);
		assert.deepEqual(score([{ ...good[0], code: 'x5t-hex-text' }], expect).missing, ['code AADSTS700027']);
		assert.deepEqual(score([{ ...good[0], fix: 'Re-upload.' }], expect).missing, ['/bytes/']);
		assert.equal(score([{ severity: 'error', code: 'token-expired', message: 'm', fix: 'f' }], { codes: [], mentions: [], maxSeverity: 'warning' }).pass, false);
		assert.equal(score([{ severity: 'info', code: 'token-app-only', message: 'm', fix: 'f' }], { codes: [], mentions: [], maxSeverity: 'info' }).pass, true);
	});

	it('holds at least 60 well-formed cases', () => {
		assert.ok(dirs.length >= 60, `only ${dirs.length} cases`);
		const bad = dirs.map((d) => ({ d: basename(d), p: shapeProblems(d) })).filter((x) => x.p.length);
		assert.deepEqual(bad, [], bad.map((x) => `${x.d}: ${x.p.join('; ')}`).join('\n'));
		const names = readdirSync(CASES).filter((n) => statSync(join(CASES, n)).isDirectory());
		assert.deepEqual(names.filter((n) => !/^\d{3}-[a-z0-9-]+$/.test(n)), [], 'case folders are named NNN-short-slug');
		const numbers = dirs.map((d) => basename(d).slice(0, 3));
		assert.equal(new Set(numbers).size, numbers.length, 'case numbers are unique');
	});

	it('names the established cause in at least the stored floor of cases', async function () {
		this.timeout(120000);
		const misses: { name: string; kind: string; missing: string[]; got: string }[] = [];
		let passed = 0;
		for (const d of dirs) {
			const c = loadCase(d);
			let result: Diagnosis;
			try {
				result = await run(c);
			} catch (e) {
				misses.push({ name: c.name, kind: '-', missing: [`threw: ${(e as Error).message}`], got: '' });
				continue;
			}
			const s = score(result.findings, c.spec.expect);
			if (s.pass) {
				passed++;
			} else {
				misses.push({ name: c.name, kind: result.kind, missing: s.missing, got: result.findings.map((f) => `${f.severity[0]}:${f.code}`).join(' ') });
			}
		}
		if (misses.length) {
			console.log('\n  corpus misses (case | read as | missing | findings):');
			for (const m of misses) {
				console.log(`  ${m.name} | ${m.kind} | ${m.missing.join(', ')} | ${m.got}`);
			}
		}
		const pct = Math.round((passed / dirs.length) * 100);
		console.log(`diagnosis corpus: ${passed} of ${dirs.length} cases named the cause (${pct}%)`);
		const floor = (JSON.parse(readFileSync(join(CASES, 'score-floor.json'), 'utf8')) as { floor: number }).floor;
		assert.ok(Number.isInteger(floor) && floor >= 0, 'score-floor.json holds { "floor": N }');
		assert.ok(passed >= floor, `score ${passed} fell below the stored floor ${floor}: a change lost cases (see the misses above)`);
	});
});
