/**
 * The drawn structure of src/vscode and src/cli, checked on the source: one folder per feature, features depend on
 * `shared` and never on each other, no import cycles, the entry imports only registrations, and a feature's
 * implementation is reached only through `import()` (which the build turns into its own chunk).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const src = join(root, 'src');

interface Edge {
	to: string;
	/** `import type` / `export type`: erased by the build, but still part of the drawn structure. */
	typeOnly: boolean;
	/** `import('…')`: the build makes the target a separate chunk when it is one. */
	dynamic: boolean;
}

function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) {
			out.push(...filesUnder(p));
		} else if (name.endsWith('.ts')) {
			out.push(p);
		}
	}
	return out;
}

/** The file a relative specifier names (x.ts, x/index.ts), or undefined for packages and node: modules. */
function resolveImport(from: string, spec: string): string | undefined {
	if (!spec.startsWith('.')) {
		return undefined;
	}
	const base = resolve(dirname(from), spec);
	for (const candidate of [base + '.ts', join(base, 'index.ts'), base]) {
		if (existsSync(candidate) && statSync(candidate).isFile()) {
			return candidate;
		}
	}
	throw new Error(`${relative(root, from)} imports '${spec}', which does not exist`);
}

/** Every import, export-from and import() of a file. Comments are removed first so examples in them do not count. */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): Edge[] {
	const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
	const edges: Edge[] = [];
	const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g;
	for (const m of code.matchAll(statement)) {
		const to = resolveImport(file, m[3]);
		if (to) {
			edges.push({ to, typeOnly: !!m[2], dynamic: false });
		}
	}
	for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
		const to = resolveImport(file, m[1]);
		if (to) {
			// `typeof import('./x')` in a type position is type-only.
			const before = code.slice(Math.max(0, (m.index ?? 0) - 7), m.index);
			edges.push({ to, typeOnly: /typeof\s*$/.test(before), dynamic: !/typeof\s*$/.test(before) });
		}
	}
	return edges;
}

/** 'certificates' for src/vscode/certificates/x.ts; 'shared' for src/vscode/shared/…; undefined outside the groups. */
function featureOf(file: string, group: string): string | undefined {
	const rel = relative(join(src, group), file);
	if (rel.startsWith('..')) {
		return undefined;
	}
	const parts = rel.split(/[\\/]/);
	return parts.length > 1 ? parts[0] : undefined;
}

const GROUPS = ['vscode', join('cli', 'commands')];
const files = [...filesUnder(join(src, 'vscode')), ...filesUnder(join(src, 'cli')), join(src, 'extension.ts')];
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/**
 * The modules the build turns into chunks: what a feature's register.ts (or the CLI's load.ts) reaches with import().
 * (Inside a chunk, import() of a core module only defers its evaluation; those targets are outside src/vscode and src/cli.)
 */
const inAdapters = (f: string) => !relative(join(src, 'vscode'), f).startsWith('..') || !relative(join(src, 'cli'), f).startsWith('..');
const chunkModules = new Set([...graph.values()].flatMap((edges) => edges.filter((e) => e.dynamic && inAdapters(e.to)).map((e) => e.to)));

/** Violations of "a feature imports another folder only if it is shared" (and shared imports no feature). */
export function crossFeatureImports(g: Map<string, Edge[]>): string[] {
	const out: string[] = [];
	for (const [file, edges] of g) {
		for (const group of GROUPS) {
			const from = featureOf(file, group);
			for (const e of edges) {
				const to = featureOf(e.to, group);
				if (to === undefined || from === to) {
					continue;
				}
				if (from === undefined ? false : to !== 'shared' || from === 'shared') {
					out.push(`${relative(src, file)} → ${relative(src, e.to)}`);
				}
			}
		}
	}
	return out;
}

/** Every cycle's first closing path (depth-first). */
export function cycles(g: Map<string, Edge[]>): string[] {
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const found: string[] = [];
	const visit = (f: string) => {
		state.set(f, 'open');
		stack.push(f);
		for (const e of g.get(f) ?? []) {
			if (!g.has(e.to)) {
				continue;
			}
			if (state.get(e.to) === 'open') {
				found.push([...stack.slice(stack.indexOf(e.to)), e.to].map((x) => relative(src, x)).join(' → '));
			} else if (!state.has(e.to)) {
				visit(e.to);
			}
		}
		stack.pop();
		state.set(f, 'done');
	};
	for (const f of g.keys()) {
		if (!state.has(f)) {
			visit(f);
		}
	}
	return found;
}

describe('layout of src/vscode and src/cli', () => {
	it('has one folder per feature, each with a register.ts (src/vscode) or a spec.ts and index.ts (src/cli/commands)', () => {
		const vscodeFolders = readdirSync(join(src, 'vscode')).filter((n) => statSync(join(src, 'vscode', n)).isDirectory()).sort();
		// At least these; a new feature (registrations, issue 12) is a new folder of the same shape.
		for (const f of ['certificates', 'manifests', 'sandbox', 'shared', 'tokens', 'workbench']) {
			assert.ok(vscodeFolders.includes(f), `src/vscode/${f}/`);
		}
		for (const f of vscodeFolders.filter((n) => n !== 'shared')) {
			assert.ok(existsSync(join(src, 'vscode', f, 'register.ts')), `src/vscode/${f}/register.ts`);
		}
		assert.deepEqual(readdirSync(join(src, 'vscode')).filter((n) => n.endsWith('.ts')), [], 'no loose files in src/vscode');
		const cliFolders = readdirSync(join(src, 'cli', 'commands')).filter((n) => statSync(join(src, 'cli', 'commands', n)).isDirectory()).sort();
		for (const f of ['certificates', 'diagnose', 'manifests', 'sandbox', 'shared', 'tokens']) {
			assert.ok(cliFolders.includes(f), `src/cli/commands/${f}/`);
		}
		for (const f of cliFolders.filter((n) => n !== 'shared')) {
			assert.ok(existsSync(join(src, 'cli', 'commands', f, 'spec.ts')) && existsSync(join(src, 'cli', 'commands', f, 'index.ts')), `src/cli/commands/${f}/spec.ts and index.ts`);
		}
	});

	it('no feature imports another; shared imports no feature', () => {
		assert.deepEqual(crossFeatureImports(graph), []);
	});

	it('has no import cycle (type-only imports included)', () => {
		assert.deepEqual(cycles(graph), []);
	});

	it('the entry imports only registrations and shared modules', () => {
		const entryImports = (graph.get(join(src, 'extension.ts')) ?? []).filter((e) => !e.typeOnly).map((e) => relative(src, e.to).split(/[\\/]/).join('/'));
		for (const i of entryImports) {
			assert.match(i, /^vscode\/(\w+\/register|shared\/\w+)\.ts$/, i);
		}
		assert.ok(entryImports.length >= 5, 'the entry registers the features');
	});

	it('reaches each feature implementation only through import(), never a static import', () => {
		// The build's chunk tables (esbuild.config.mjs): every module reached through import() is one, and vice versa.
		const config = readFileSync(join(root, 'esbuild.config.mjs'), 'utf8');
		const tables = [...config.matchAll(/^\t'src\/([\w/]+\.ts)': '(?:chunks|cli)\/\w+\.js',$/gm)].map((m) => m[1]).sort();
		assert.ok(tables.length >= 11, `chunk tables found in esbuild.config.mjs: ${tables.join(', ')}`);
		assert.deepEqual([...chunkModules].map((f) => relative(src, f).split(/[\\/]/).join('/')).sort(), tables);
		for (const [file, edges] of graph) {
			for (const e of edges) {
				if (chunkModules.has(e.to) && !e.dynamic && !e.typeOnly) {
					assert.fail(`${relative(src, file)} imports the chunk ${relative(src, e.to)} statically`);
				}
			}
		}
	});

	it('the checks see a violation when there is one', () => {
		const a = join(src, 'vscode', 'tokens', 'x.ts');
		const b = join(src, 'vscode', 'certificates', 'y.ts');
		const s = join(src, 'vscode', 'shared', 'z.ts');
		const edge = (to: string): Edge => ({ to, typeOnly: false, dynamic: false });
		assert.equal(crossFeatureImports(new Map([[a, [edge(b)]]])).length, 1, 'feature → feature');
		assert.equal(crossFeatureImports(new Map([[s, [edge(b)]]])).length, 1, 'shared → feature');
		assert.equal(crossFeatureImports(new Map([[a, [edge(s)]]])).length, 0, 'feature → shared');
		assert.equal(cycles(new Map([[a, [edge(b)]], [b, [edge(s)]], [s, [edge(a)]]])).length, 1, 'a → b → s → a');
		const parsed = importsOf(join(src, 'vscode', 'tokens', 'fake.ts'), "import type { A } from './register';\n// import { B } from './impl';\nconst m = () => import('./impl');\ntype M = typeof import('./impl');\nexport { C } from '../shared/log';\n");
		assert.deepEqual(parsed.map((e) => [relative(src, e.to).split(/[\\/]/).join('/'), e.typeOnly, e.dynamic]), [
			['vscode/tokens/register.ts', true, false],
			['vscode/shared/log.ts', false, false],
			['vscode/tokens/impl.ts', false, true],
			['vscode/tokens/impl.ts', true, false],
		]);
	});
});
