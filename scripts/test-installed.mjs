#!/usr/bin/env node
// The packaged extension as a user gets it (npm run test:installed, part of npm test):
//   1. packages the .vsix (npm run package:vsix: production build, README check, vsce package) unless --vsix FILE;
//   2. builds the smoke suite test/installed/*.ts into out/test/installed/;
//   3. makes a copy of the demo workspace in a temporary folder (certificates made by the CLI, two of them
//      registered in the demo manifests, a spare one, a client assertion);
//   4. starts code-server with a fresh user-data dir and extensions folder, installs the .vsix with
//      `--install-extension`, opens the workspace with Workspace Trust on and WITHOUT the repository as a development
//      path (the development path is test/installed/runner, an empty extension, because VS Code runs extension tests
//      only with one), and trusts the folder in the Workspace Trust editor as a user can (VS Code refuses the
//      start-up trust dialog while extension tests run);
//   5. runs the suite in the extension host against the installed extension and exits with its status.
//
//   node scripts/test-installed.mjs [--vsix FILE] [--verbose] [--timeout SECONDS]
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { ROOT, log, openWorkbench, startServer } from './harness-lib.mjs';

const { values } = parseArgs({ options: { vsix: { type: 'string' }, verbose: { type: 'boolean' }, timeout: { type: 'string' } } });
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const RUNNER = join(ROOT, 'test', 'installed', 'runner');
const OUT = join(ROOT, 'out', 'test', 'installed');
const timeoutMs = (Number(values.timeout) || 180) * 1000;
// The workbench's own start-up chatter that also arrives through codeAutomationLog (shown with --verbose).
const NOISE = /^(Resolving connection token|Updating additional builtin extensions cache|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|\[Service Worker\]|ChatSessionStore:|Creation of workbench contribution)/;

// 1. The .vsix.
let vsix = values.vsix;
if (!vsix) {
	vsix = join(ROOT, 'out', 'installed', `${pkg.name}-${pkg.version}.vsix`);
	mkdirSync(join(ROOT, 'out', 'installed'), { recursive: true });
	rmSync(vsix, { force: true });
	log('npm run package:vsix');
	const r = spawnSync('npm', ['run', '--silent', 'package:vsix', '--', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (r.status !== 0) {
		process.stderr.write(r.stdout + r.stderr);
		log(`packaging failed (${r.status})`);
		process.exit(1);
	}
	log(`packaged ${vsix.slice(ROOT.length + 1)} in ${seconds()} s`);
}
if (!existsSync(vsix)) {
	log(`${vsix} does not exist`);
	process.exit(1);
}

// 2. The suite.
rmSync(OUT, { recursive: true, force: true });
await esbuild.build({
	entryPoints: readdirSync(join(ROOT, 'test', 'installed')).filter((n) => n.endsWith('.ts')).map((n) => join(ROOT, 'test', 'installed', n)),
	outdir: OUT,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: true,
	external: ['vscode', 'mocha'],
	logLevel: 'warning',
});

// 3. The demo workspace, in a temporary folder (the suite edits a manifest).
const ws = mkdtempSync(join(tmpdir(), 'entra-cert-installed-ws-'));
const cli = (...args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
copyFileSync(join(ROOT, 'demo', 'README.md'), join(ws, 'README.md'));
mkdirSync(join(ws, 'manifests'));
for (const name of readdirSync(join(ROOT, 'scripts', 'demo')).filter((n) => n.endsWith('.json'))) {
	copyFileSync(join(ROOT, 'scripts', 'demo', name), join(ws, 'manifests', name));
}
for (const base of ['contoso-web', 'contoso-orders-api', 'contoso-spare']) {
	cli('cert', 'new', '--subject', `CN=${base}`, '--out', 'certs', '--name', base);
}
cli('manifest', 'add', 'manifests/contoso-web.json', 'certs/contoso-web.pem');
cli('manifest', 'add', 'manifests/contoso-orders-api.json', 'certs/contoso-orders-api.pem');
const ordersApp = JSON.parse(readFileSync(join(ws, 'manifests', 'contoso-orders-api.json'), 'utf8')).appId;
const assertion = cli('assertion', '--cert', 'certs/contoso-orders-api.pem', '--key', 'certs/contoso-orders-api.key', '--client-id', ordersApp, '--tenant', 'contoso.onmicrosoft.com').trim();
writeFileSync(join(ws, 'assertion.txt'), `${assertion}\n`);

// 4-5. code-server with the .vsix installed, the suite, the trust prompt.
let server;
let browser;
let timer;
let status;
const cleanup = async () => {
	clearTimeout(timer);
	await browser?.close().catch(() => undefined);
	await server?.stop();
	rmSync(ws, { recursive: true, force: true });
};
process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
try {
	server = await startServer({
		folder: ws,
		install: [vsix],
		workspaceTrust: true,
		extensionDevelopmentPath: RUNNER,
		extensionTestsPath: join(OUT, 'index.js'),
		env: { ENTRA_CERT_INSTALLED_VERSION: pkg.version, ENTRA_CERT_REPO: ROOT },
		onOutput: values.verbose ? (t) => process.stdout.write(t) : undefined,
	});
	log(`installed ${vsix.slice(vsix.lastIndexOf('/') + 1)} into a fresh extensions folder; code-server on port ${server.port} (${seconds()} s)`);
	status = await new Promise((res, rej) => {
		timer = setTimeout(() => {
			log(`timed out after ${timeoutMs / 1000} s`);
			res(124);
		}, timeoutMs);
		openWorkbench(server.url, {
			waitForWorkbench: false,
			beforeGoto: async (page) => {
				await page.exposeFunction('codeAutomationLog', (type, args) => {
					const text = format(...(Array.isArray(args) ? args : [args]));
					if (values.verbose || !NOISE.test(text)) {
						process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
					}
				});
				await page.exposeFunction('codeAutomationExit', (code) => res(Number(code) || 0));
			},
		}).then(async (w) => {
			browser = w.browser;
			browser.on('disconnected', () => res(1));
			// The window opens in Restricted Mode. VS Code refuses modal dialogs while extension tests run, so the
			// start-up trust prompt never shows: trust the folder in the Workspace Trust editor, as a user can.
			const { page } = w;
			await page.waitForSelector('.part.activitybar .action-item', { timeout: 60000 });
			const editor = page.locator('.workspace-trust-editor');
			for (let attempt = 1; ; attempt++) {
				try {
					await page.keyboard.press('Escape');
					await page.keyboard.press('Control+Shift+P');
					await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 10000 });
					await page.keyboard.type('Workspaces: Manage Workspace Trust');
					await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Manage Workspace Trust' }).first().click({ timeout: 10000 });
					await editor.waitFor({ timeout: 10000 });
					break;
				} catch (e) {
					if (attempt === 3) {
						throw e;
					}
				}
			}
			await editor.getByRole('button', { name: /^Trust/ }).first().click({ timeout: 15000 });
			log(`trusted the folder in the Workspace Trust editor (${seconds()} s)`);
		}, rej).catch(async (e) => {
			const shot = join(ROOT, 'out', 'installed', 'trust-failure.png');
			await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: shot }).catch(() => undefined);
			log(`trusting the folder failed (screenshot: ${shot.slice(ROOT.length + 1)}): ${e.message.split('\n')[0]}`);
		});
	});
} catch (e) {
	log(`failed: ${e.message}`);
	status = 1;
} finally {
	await cleanup();
}
log(`installed-package suite finished with status ${status} in ${seconds()} s`);
process.exit(status);
