// Builds the extension, the CLI, the webview script and the test bundles.
// Type-checking is separate (`npm run check-types`): esbuild only strips types.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, existsSync, chmodSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
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

const configs = [
	{ ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
	{ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
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
const active = configs.filter((c) => (c.entryPoints ?? []).length > 0);
if (watch) {
	const contexts = await Promise.all(active.map((c) => esbuild.context(c)));
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	await Promise.all(active.map((c) => esbuild.build(c)));
	if (existsSync('dist/cli.js')) {
		chmodSync('dist/cli.js', 0o755);
	}
}
