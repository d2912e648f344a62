/**
 * What activation and `entra-cert --help` load. Runs over the built dist/ (npm test builds first): the bundle's own
 * input list (out/meta/build.json, written by esbuild.config.mjs) and, in a child process, the files actually
 * required when dist/extension.js is loaded and activated with a stand-in `vscode` module, and when dist/cli.js runs.
 * No timing here: load times are measured by `npm run bench`.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const BUDGET_BYTES = 150 * 1024;

/** Modules that must not be in what activation or --help loads. */
const HEAVY = [
	/node_modules\/jose\//,
	/node_modules\/@peculiar\//,
	/node_modules\/pkijs\//,
	/node_modules\/asn1js\//,
	/node_modules\/reflect-metadata\//,
	/node_modules\/tsyringe\//,
	/node_modules\/jsonc-parser\//,
	/^src\/core\/jwt\/(claims|wellKnown|verify|assertion)\.ts$/,
	/^src\/core\/diagnose\//,
	/^src\/core\/certificate\/(x509|pfx|read)\.ts$/,
	/^src\/sandbox\//,
	/^src\/vscode\/workbench\/(workbench|panel|runner|html|loopback|views)\.ts$/,
];

function heavyIn(inputs: string[]): string[] {
	return inputs.filter((i) => HEAVY.some((h) => h.test(i.split('\\').join('/'))));
}

/** Prints, at exit, every JavaScript file the process required (relative to the project). */
const RECORD_HOOK = `
const Module = require('node:module');
const orig = Module._load;
Module._load = function (request, parent, isMain) {
	if (request === 'vscode') {
		return globalThis.__vscodeStub;
	}
	return orig.apply(this, arguments);
};
process.on('exit', () => {
	const files = Object.keys(require.cache).filter((f) => f.endsWith('.js') && !f.includes('record-hook'));
	process.stderr.write('\\nREQUIRED ' + JSON.stringify(files) + '\\n');
	process.stderr.write('REFLECT_METADATA ' + (typeof Reflect.getMetadata === 'function') + '\\n');
});
`;

/**
 * A stand-in for every vscode API: any property, call or construction returns the stand-in again. The module object
 * lists the names @types/vscode declares, because esbuild's ESM interop copies a module's own property names.
 */
function vscodeStub(): string {
	const dts = readFileSync(join(root, 'node_modules', '@types', 'vscode', 'index.d.ts'), 'utf8');
	const names = [...new Set([...dts.matchAll(/^\t{1}export (?:declare )?(?:class|namespace|enum|function|const|let|var) (\w+)/gm)].map((m) => m[1]))];
	return `
const stub = new Proxy(function () {}, {
	get: (_t, p) => (p === 'then' ? undefined : p === Symbol.iterator ? function* () {} : p === Symbol.toPrimitive ? () => '' : stub),
	set: () => true,
	apply: () => stub,
	construct: () => stub,
});
const names = ${JSON.stringify(names)};
globalThis.__vscodeStub = Object.fromEntries(names.map((n) => [n, stub]));
`;
}

function required(stderr: string): string[] {
	const line = stderr.split('\n').find((l) => l.startsWith('REQUIRED '));
	assert.ok(line, `no REQUIRED line in: ${stderr}`);
	return (JSON.parse(line.slice('REQUIRED '.length)) as string[]).map((f) => relative(root, f).split('\\').join('/'));
}

describe('what activation and the CLI load', function () {
	this.timeout(30000);
	let dir: string;
	let hook: string;
	before(() => {
		assert.ok(existsSync(join(root, 'dist', 'extension.js')) && existsSync(join(root, 'out', 'meta', 'build.json')), 'build first: node esbuild.config.mjs');
		dir = mkdtempSync(join(tmpdir(), 'eck-activation-'));
		hook = join(dir, 'record-hook.js');
		writeFileSync(hook, vscodeStub() + RECORD_HOOK);
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it(`dist/extension.js is at most ${BUDGET_BYTES / 1024} KiB and bundles no heavy library, catalog, sandbox or webview host`, () => {
		const meta = JSON.parse(readFileSync(join(root, 'out', 'meta', 'build.json'), 'utf8')) as Record<string, { bytes: number; inputs: string[] }>;
		const entry = meta['dist/extension.js'];
		assert.ok(entry, 'dist/extension.js in the build metadata');
		assert.ok(entry.bytes <= BUDGET_BYTES, `dist/extension.js is ${entry.bytes} bytes`);
		assert.deepEqual(heavyIn(entry.inputs), []);
		// The check would see them: the chunks do hold them.
		assert.ok(heavyIn(meta['dist/chunks/tokens.js'].inputs).some((i) => i.includes('node_modules/jose/')));
		assert.ok(heavyIn(meta['dist/chunks/workbench.js'].inputs).some((i) => i.startsWith('src/vscode/workbench/runner')));
		assert.deepEqual(heavyIn(meta['dist/cli.js'].inputs), []);
	});

	it('dist/extension.js and each chunk take the vscode module once, not once per source module', () => {
		// esbuild copies every property of an external CommonJS module for each `import * as` of it; the build routes
		// all of them through one re-export (vscodeOnce in esbuild.config.mjs).
		for (const file of ['dist/extension.js', 'dist/chunks/tokens.js', 'dist/chunks/registrations.js']) {
			const text = readFileSync(join(root, file), 'utf8');
			const imports = text.match(/require\(["']vscode["']\)/g) ?? [];
			assert.equal(imports.length, 1, `${file} requires vscode ${imports.length} times`);
		}
	});

	it('requiring and activating dist/extension.js loads no chunk', () => {
		const script = `
			const ext = require(${JSON.stringify(join(root, 'dist', 'extension.js'))});
			const subscriptions = [];
			const api = ext.activate({ subscriptions, extensionUri: globalThis.__vscodeStub.Uri, workspaceState: { get: (k, d) => d, update: async () => {} }, globalState: { get: (k, d) => d, update: async () => {} }, secrets: globalThis.__vscodeStub.Uri });
			if (!api || typeof api.certificatesView !== 'function' || subscriptions.length < 5) { throw new Error('activate did not register the features'); }
			api.workbench.history(); api.workbench.isOpen(); api.sandbox.status();
			setTimeout(() => {}, 50);
		`;
		const r = execNode(['-r', hook, '-e', script]);
		assert.deepEqual(required(r), ['dist/extension.js']);
		assert.match(r, /REFLECT_METADATA false/);
	});

	it('entra-cert --help and a command\'s --help load only dist/cli.js', () => {
		for (const args of [['--help'], ['thumbprint', '--help'], ['sandbox', '--help']]) {
			const stderr = execNode(['-r', hook, join(root, 'dist', 'cli.js'), ...args]);
			assert.deepEqual(required(stderr), ['dist/cli.js'], args.join(' '));
		}
	});

	it('entra-cert thumbprint loads only its own chunk, and no x509, asn1js or jose for a PEM', () => {
		const cert = join(dir, 'c.pem');
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', cert, '-subj', '/CN=activation-test', '-days', '2'], { stdio: 'ignore' });
		const stderr = execNode(['-r', hook, join(root, 'dist', 'cli.js'), 'thumbprint', cert, '--json']);
		assert.deepEqual(required(stderr), ['dist/cli.js', 'dist/cli/certificates.js']);
		// reflect-metadata defines Reflect.getMetadata when it runs, and @peculiar/x509 runs it first: not evaluated.
		assert.match(stderr, /REFLECT_METADATA false/);
		const generated = execNode(['-r', hook, join(root, 'dist', 'cli.js'), 'cert', 'new', '--subject', 'CN=activation', '--out', join(dir, 'new'), '--json']);
		assert.match(generated, /REFLECT_METADATA true/, 'the check sees x509 when it does load');
		assert.deepEqual(required(generated), ['dist/cli.js', 'dist/cli/certificates.js', 'dist/cli/x509.js']);
	});
});

/** Runs node and returns its stderr (the REQUIRED line); fails on a non-zero exit. */
function execNode(args: string[]): string {
	const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
	assert.equal(r.status, 0, `node ${args.join(' ')} failed: ${r.stderr}`);
	return r.stderr;
}
