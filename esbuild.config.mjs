// Builds the extension, the CLI, the webview script and the test bundles.
// Type-checking is separate (`npm run check-types`): esbuild only strips types.
//
// Split by feature. dist/extension.js holds activation, the registrations and the hover's cheap checks; each
// feature's implementation is its own CommonJS file under dist/chunks/, and each CLI command group its own file under
// dist/cli/. In the source a feature loads its implementation with `import('./impl')`; the `chunks` plugin below turns
// that one import into `require('./chunks/<name>.js')` of a separately built entry point.
//
// Why several CommonJS entry points rather than ESM with `splitting`: VS Code 1.100 loads an extension's `main` as
// CommonJS and resolves `require('vscode')` through its own module loader, which ESM `import` does not go through; and
// esbuild's splitting exists only for ESM. The cost of CJS entry points is that code two chunks share (core helpers,
// src/vscode/shared) is copied into each. That is why shared state is never kept in module variables (the log channel
// sits on a global symbol, the index and context are passed in) and errors are matched by name, not class.
// Unit-test bundles do not use the plugin: there `import()` stays inside the bundle.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, chmodSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** All files under dir whose name ends with one of the suffixes. */
function filesUnder(dir, suffixes) {
	if (!existsSync(dir)) {
		return [];
	}
	const out = [];
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) {
			out.push(...filesUnder(p, suffixes));
		} else if (suffixes.some((s) => name.endsWith(s))) {
			out.push(p);
		}
	}
	return out;
}

/** Prints errors in the shape of VS Code's esbuild problem matcher. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

const node = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	// jsonc-parser's UMD build requires files dynamically; its ESM build bundles cleanly.
	mainFields: ['module', 'main'],
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	plugins: watch ? [problemMatcher] : [],
	define: { VERSION: JSON.stringify(pkg.version) },
};

/** Extension chunks: the module a feature's register.ts imports with import(), and its output file under dist/. */
const extensionChunks = {
	'src/vscode/certificates/impl.ts': 'chunks/certificates.js',
	'src/vscode/manifests/impl.ts': 'chunks/manifests.js',
	'src/vscode/tokens/impl.ts': 'chunks/tokens.js',
	'src/vscode/sandbox/impl.ts': 'chunks/sandbox.js',
	'src/vscode/workbench/impl.ts': 'chunks/workbench.js',
	'src/vscode/registrations/impl.ts': 'chunks/registrations.js',
	'src/vscode/shared/indexScan.ts': 'chunks/indexScan.js',
};
/** CLI chunks: one per command group, imported by src/cli/commands/load.ts. */
const cliChunks = {
	'src/cli/commands/certificates/index.ts': 'cli/certificates.js',
	'src/cli/commands/manifests/index.ts': 'cli/manifests.js',
	'src/cli/commands/tokens/index.ts': 'cli/tokens.js',
	'src/cli/commands/diagnose/index.ts': 'cli/diagnose.js',
	'src/cli/commands/sandbox/index.ts': 'cli/sandbox.js',
	'src/cli/commands/app/index.ts': 'cli/app.js',
};
/**
 * Core modules that load heavy libraries, reached from inside the core with require() or import() on first need
 * (src/core/certificate/lazy.ts): one file per output folder (dist/chunks/, dist/cli/), so a chunk that describes a
 * PEM certificate neither loads nor parses @peculiar/x509 or asn1js.
 */
const coreChunks = {
	'src/core/certificate/x509.ts': 'x509.js',
	'src/core/certificate/pfx.ts': 'pfx.js',
};

/**
 * Turns `import()` of a chunk's module into a require of the chunk's output file, relative to the file being built
 * (outDir). Only dynamic imports: a static import of a chunk module would be bundled in, and the layout and activation
 * tests would catch it.
 */
function chunksPlugin(table, outDir, coreDir) {
	return {
		name: 'chunks',
		setup(build) {
			build.onResolve({ filter: /^\./ }, async (args) => {
				if ((args.kind !== 'dynamic-import' && args.kind !== 'require-call') || args.pluginData?.chunks) {
					return undefined;
				}
				const resolved = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: { chunks: true } });
				const key = relative(process.cwd(), resolved.path).split('\\').join('/');
				// Feature chunks through import() only; the core's lazy modules through import() or require().
				const chunk = (args.kind === 'dynamic-import' ? table[key] : undefined) ?? (coreChunks[key] ? `${coreDir}/${coreChunks[key]}` : undefined);
				if (!chunk) {
					return undefined;
				}
				const target = relative(outDir, join('dist', chunk)).split('\\').join('/');
				return { path: target.startsWith('.') ? target : './' + target, external: true };
			});
		},
	};
}

/**
 * One `vscode` namespace per output file. esbuild turns each module's `import * as vscode from 'vscode'` of the external
 * CommonJS module into its own `__toESM(require('vscode'))`, which copies every property of the API object (hundreds)
 * once per importing module: fifteen copies at activation. Routing the imports through one ESM re-export leaves one.
 */
const vscodeOnce = {
	name: 'vscode-once',
	setup(build) {
		build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
		build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: process.cwd() }));
	},
};

/** Entry points for a chunk table: { 'certificates': 'src/vscode/certificates/impl.ts', … }. */
function chunkEntries(table) {
	return Object.fromEntries(Object.entries(table).map(([src, out]) => [out.replace(/^[^/]+\//, '').replace(/\.js$/, ''), src]));
}

// `import()` of an external module would stay a real import() and go through Node's ESM loader, which first scans the
// whole CommonJS chunk for its export names (tens of milliseconds for x509's chunk). With dynamic import marked as
// unsupported, esbuild emits `Promise.resolve().then(() => require(…))` instead.
const noDynamicImport = { supported: { 'dynamic-import': false } };
const coreEntries = Object.fromEntries(Object.entries(coreChunks).map(([src, out]) => [out.replace(/\.js$/, ''), src]));
const extensionBuild = { ...node, ...noDynamicImport, external: ['vscode'], metafile: true };
const cliBuild = { ...node, ...noDynamicImport, metafile: true };
const configs = [
	{ ...extensionBuild, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', banner: { js: '"use strict";var __entraCertLoadStart = Number(process.hrtime.bigint()) / 1e6;' }, plugins: [...node.plugins, vscodeOnce, chunksPlugin(extensionChunks, 'dist', 'chunks')] },
	{ ...extensionBuild, entryPoints: { ...chunkEntries(extensionChunks), ...coreEntries }, outdir: 'dist/chunks', plugins: [...node.plugins, vscodeOnce, chunksPlugin(extensionChunks, 'dist/chunks', 'chunks')] },
	{ ...cliBuild, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...node.plugins, chunksPlugin(cliChunks, 'dist', 'cli')] },
	{ ...cliBuild, entryPoints: { ...chunkEntries(cliChunks), ...coreEntries }, outdir: 'dist/cli', plugins: [...node.plugins, chunksPlugin(cliChunks, 'dist/cli', 'cli')] },
	{
		...node,
		platform: 'browser',
		format: 'iife',
		target: 'es2022',
		entryPoints: ['media/main.ts'].filter(existsSync),
		outfile: 'dist/webview.js',
	},
];
if (!production) {
	configs.push(
		{
			...node,
			entryPoints: filesUnder('test/unit', ['.test.ts']),
			outdir: 'out/test/unit',
			outbase: 'test/unit',
			external: ['mocha', 'fast-check', '@azure/msal-node'],
		},
		{
			...node,
			entryPoints: [...filesUnder('test/integration', ['.ts'])],
			outdir: 'out/test/integration',
			outbase: 'test/integration',
			external: ['vscode', 'mocha'],
		},
		{
			...node,
			entryPoints: filesUnder('bench', ['.ts']),
			outdir: 'out/bench',
			outbase: 'bench',
			external: ['@azure/msal-node'],
		},
	);
}

/** The webview loads codicons from dist/ (the package leaves node_modules out). */
function copyCodicons() {
	mkdirSync('dist/codicons', { recursive: true });
	for (const name of ['codicon.css', 'codicon.ttf']) {
		copyFileSync(join('node_modules', '@vscode', 'codicons', 'dist', name), join('dist', 'codicons', name));
	}
}

copyCodicons();
const active = configs.filter((c) => Object.keys(c.entryPoints ?? {}).length > 0);
if (watch) {
	const contexts = await Promise.all(active.map((c) => esbuild.context(c)));
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	const results = await Promise.all(active.map((c) => esbuild.build(c)));
	// What went into each output file (the activation test and the bench read it): out/meta/build.json.
	const outputs = {};
	for (const r of results) {
		for (const [file, o] of Object.entries(r.metafile?.outputs ?? {})) {
			if (file.startsWith('dist/') && file.endsWith('.js')) {
				outputs[file] = { bytes: o.bytes, inputs: Object.keys(o.inputs) };
			}
		}
	}
	mkdirSync('out/meta', { recursive: true });
	writeFileSync('out/meta/build.json', JSON.stringify(outputs, null, '\t') + '\n');
	if (existsSync('dist/cli.js')) {
		chmodSync('dist/cli.js', 0o755);
	}
}
