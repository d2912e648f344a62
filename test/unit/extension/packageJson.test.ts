import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandId } from '../../../src/vscode/shared/commandIds';

const root = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));

describe('package.json contributions', () => {
	it('lists exactly the commands of CommandId', () => {
		const contributed = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
		assert.deepEqual(contributed, Object.values(CommandId).sort());
	});

	it('puts every command in the "Entra Cert" category with a localised title', () => {
		for (const c of pkg.contributes.commands as { command: string; title: string; category: string }[]) {
			assert.equal(c.category, '%category%', c.command);
			const key = /^%(.+)%$/.exec(c.title)?.[1];
			assert.ok(key && typeof nls[key] === 'string', `${c.command} has no title in package.nls.json`);
		}
		assert.equal(nls.category, 'Entra Cert');
	});

	it('resolves every %key% used in package.json', () => {
		const keys = JSON.stringify(pkg).match(/%[A-Za-z0-9.]+%/g) ?? [];
		for (const k of keys) {
			assert.ok(k.slice(1, -1) in nls, `${k} missing from package.nls.json`);
		}
	});

	it('targets VS Code 1.100 and the MIT licence', () => {
		assert.equal(pkg.engines.vscode, '^1.100.0');
		assert.equal(pkg.license, 'MIT');
		assert.equal(pkg.name, 'entra-cert-kit');
		assert.equal(pkg.displayName, 'Entra Cert Kit');
	});
});
