#!/usr/bin/env node
// Sums up the mutation runs kept in reports/mutation/*.json (StrykerJS's JSON reports; `npm run test:mutation`, often
// narrowed to a file or folder with --mutate). For each source file the newest report that mutated it counts; the
// score is Stryker's: (killed + timeout) / (killed + timeout + survived + no coverage). Prints a table per file, the
// total, the files under src/core and src/sandbox that no report covers, and (--survivors) every surviving mutant.
//
//   node scripts/mutation-summary.mjs [--survivors] [--markdown]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'reports', 'mutation');
const showSurvivors = process.argv.includes('--survivors');
const markdown = process.argv.includes('--markdown');

const reports = readdirSync(DIR)
	.filter((n) => n.endsWith('.json'))
	// An --incremental file carries over the results of files its run did not mutate (possibly stale ones); each run
	// also writes its own named report, so incremental files count only for a file no named report holds.
	.map((n) => ({ name: n, mtime: n.endsWith('-incremental.json') ? -1 / statSync(join(DIR, n)).mtimeMs : statSync(join(DIR, n)).mtimeMs }))
	.sort((a, b) => a.mtime - b.mtime);
/** A Stryker `mutate` glob as a regular expression (**, *, ?, {a,b}). */
function globRe(glob) {
	let re = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (glob.startsWith('**/', i)) {
			re += '(?:.*/)?';
			i += 2;
		} else if (c === '*') {
			re += '[^/]*';
		} else if (c === '?') {
			re += '[^/]';
		} else if (c === '{') {
			re += '(?:';
		} else if (c === '}') {
			re += ')';
		} else if (c === ',' && re.includes('(?:')) {
			re += '|';
		} else {
			re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
		}
	}
	return new RegExp(`^${re}$`);
}
/** True when the run that wrote a report mutated the whole file (its config.mutate names it without a line range). */
function ranRun(config, path) {
	const patterns = config?.mutate;
	if (!Array.isArray(patterns)) {
		return true; // a report without its config: taken as it is
	}
	// `--mutate 'a/{b,c}.ts'` reaches the config split at its commas: join the pieces of a brace group again
	const whole = [];
	for (const p of patterns) {
		const open = whole.length > 0 && (whole.at(-1).match(/\{/g) ?? []).length > (whole.at(-1).match(/\}/g) ?? []).length;
		if (open) {
			whole[whole.length - 1] += `,${p}`;
		} else {
			whole.push(p);
		}
	}
	const positive = whole.filter((p) => !p.startsWith('!'));
	const negative = whole.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
	return positive.some((p) => !/:\d+(?:-\d+)?$/.test(p) && globRe(p).test(path)) && !negative.some((p) => globRe(p).test(path));
}
/** file -> { report, mutants } from the newest report whose run mutated the whole file */
const latest = new Map();
for (const r of reports) {
	let data;
	try {
		data = JSON.parse(readFileSync(join(DIR, r.name), 'utf8'));
	} catch {
		continue;
	}
	for (const [file, entry] of Object.entries(data.files ?? {})) {
		const path = file.split('\\').join('/');
		if ((entry.mutants ?? []).length === 0) {
			continue;
		}
		// A report also carries the results its run reused (--incremental) for files it did not mutate, possibly from
		// older tests or an older text: a report counts for the files its own `mutate` patterns name, whole files only.
		const own = ranRun(data.config, path);
		if (own || !latest.get(path)?.own) {
			latest.set(path, { report: own ? r.name : `${r.name}, carried over`, mutants: entry.mutants, own });
		}
	}
}

const count = (mutants) => {
	const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, other: 0 };
	for (const m of mutants) {
		if (m.status in c) {
			c[m.status]++;
		} else {
			c.other++;
		}
	}
	const detected = c.Killed + c.Timeout;
	const valid = detected + c.Survived + c.NoCoverage;
	return { ...c, valid, detected, score: valid ? (100 * detected) / valid : NaN };
};

const rows = [...latest].sort(([a], [b]) => (a < b ? -1 : 1)).map(([file, { report, mutants }]) => ({ file, report, ...count(mutants) }));
const total = rows.reduce((t, r) => ({ valid: t.valid + r.valid, detected: t.detected + r.detected, Survived: t.Survived + r.Survived, NoCoverage: t.NoCoverage + r.NoCoverage }), { valid: 0, detected: 0, Survived: 0, NoCoverage: 0 });

const listSources = (dir) => readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? listSources(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [join(dir, d.name).split('\\').join('/')] : []));
const excluded = (f) => /\/types\.ts$/.test(f) || f.startsWith('src/core/diagnose/catalog/');
const uncovered = [...listSources('src/core'), ...listSources('src/sandbox')].filter((f) => !excluded(f) && !latest.has(f));

const pct = (n) => (Number.isNaN(n) ? '  -  ' : `${n.toFixed(1)}%`);
if (markdown) {
	console.log('| file | mutants | killed+timeout | survived | no coverage | score | report |');
	console.log('|---|---:|---:|---:|---:|---:|---|');
	for (const r of rows) {
		console.log(`| ${r.file} | ${r.valid} | ${r.detected} | ${r.Survived} | ${r.NoCoverage} | ${pct(r.score)} | ${r.report} |`);
	}
	console.log(`| **total** | ${total.valid} | ${total.detected} | ${total.Survived} | ${total.NoCoverage} | **${pct((100 * total.detected) / total.valid)}** | |`);
} else {
	for (const r of rows) {
		console.log(`${pct(r.score).padStart(6)}  ${String(r.valid).padStart(5)} mutants  ${String(r.Survived).padStart(4)} survived  ${String(r.NoCoverage).padStart(4)} no coverage  ${r.file}  (${r.report})`);
	}
	console.log(`${pct((100 * total.detected) / total.valid).padStart(6)}  ${String(total.valid).padStart(5)} mutants  ${String(total.Survived).padStart(4)} survived  ${String(total.NoCoverage).padStart(4)} no coverage  TOTAL over ${rows.length} files`);
}
console.log(`\nfiles of src/core and src/sandbox no report covers (${uncovered.length}): ${uncovered.join(', ') || 'none'}`);
if (showSurvivors) {
	for (const [file, { mutants }] of [...latest].sort(([a], [b]) => (a < b ? -1 : 1))) {
		for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
			const where = `${relative(ROOT, join(ROOT, file))}:${m.location.start.line}`;
			console.log(`${m.status === 'NoCoverage' ? 'no coverage' : 'survived'}  ${where}  ${m.mutatorName}: ${String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
		}
	}
}
