/**
 * Entry point of the integration suite inside the VS Code extension host (code-server's remote Node host through
 * scripts/harness.mjs, or VS Code desktop through @vscode/test-electron). Runs mocha over every `*.test.js` next to
 * this file. mocha stays external to the bundle and is resolved from the project's node_modules at run time.
 *
 * `ENTRA_CERT_TEST_GREP` (set by `node scripts/harness.mjs test --grep PATTERN`) selects tests by name.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type MochaClass from 'mocha';

export async function run(): Promise<void> {
	// mocha 12 is an ES module: require() returns its namespace, whose default export is the class.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const mod = require('mocha') as typeof MochaClass & { default?: typeof MochaClass };
	const Mocha = mod.default ?? mod;
	const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 20000, color: false });
	const grep = process.env.ENTRA_CERT_TEST_GREP;
	if (grep) {
		mocha.grep(grep);
	}
	for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.test.js')).sort()) {
		mocha.addFile(join(__dirname, name));
	}
	await mocha.loadFilesAsync();
	const failures = await new Promise<number>((resolve) => mocha.run(resolve));
	if (failures > 0) {
		throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`);
	}
}
