/**
 * Entry point of the installed-package smoke suite (scripts/test-installed.mjs). The extension under test is the
 * one code-server installed from the .vsix; the development path given to VS Code is test/installed/runner, an empty
 * extension, because VS Code runs extension tests only with one. mocha comes from the project's node_modules.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaClass from 'mocha';

export async function run(): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require('mocha') as typeof MochaClass & { default?: typeof MochaClass };
	const Mocha = mod.default ?? mod;
	// bail: each step needs the one before it (trusted workspace, active extension)
	const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 30000, color: false, bail: true });
	for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
		mocha.addFile(join(__dirname, name));
	}
	await mocha.loadFilesAsync();
	const failures = await new Promise<number>((resolve) => mocha.run(resolve));
	if (failures > 0) {
		throw new Error(`${failures} installed-package test${failures === 1 ? '' : 's'} failed.`);
	}
}
