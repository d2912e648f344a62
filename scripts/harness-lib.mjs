// The extension in a real VS Code without downloading VS Code: code-server 4.100.3 (= VS Code 1.100.3, Node
// extension host) driven by Debian's Chromium through playwright-core. See /work/shared/reference/vscode-harness.md.
//
// The harness installs itself on first use into the git-ignored .vscode-test/code-server-4.100.3/ (its own
// package.json; not a dependency of the project) and is reused afterwards.
//
// Exports for scripts/harness.mjs and the UI scripts in scripts/ui/:
//   ensureHarness()                      -> { dir, codeServerEntry }
//   startServer({ folder, port?, … })    -> { url, baseUrl, port, tempDir, stop() }
//   openWorkbench(url, { headless? })    -> { browser, context, page }
//   runIntegrationTests({ grep?, … })    -> exit status of the suite
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { setInterval, clearInterval } from 'node:timers';

export const CODE_SERVER_VERSION = '4.100.3';
export const PLAYWRIGHT_VERSION = '1.65.1';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = join(ROOT, '.vscode-test');
export const HARNESS_DIR = join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`);
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const DEMO_FOLDER = join(ROOT, 'demo');
export const TEST_WORKSPACE = join(ROOT, 'test', 'fixtures', 'workspace');
export const TESTS_INDEX = join(ROOT, 'out', 'test', 'integration', 'index.js');
/** Read by test/integration/index.ts: passed to mocha's grep. */
export const GREP_ENV = 'ENTRA_CERT_TEST_GREP';
/** Set for the integration suite only: the extension's test-only command arguments are honoured (see src/vscode/registrations). */
export const TEST_HOOKS_ENV = 'ENTRA_CERT_TEST_HOOKS';

const MARKER = join(HARNESS_DIR, '.installed.json');
const CODE_SERVER_ENTRY = join(HARNESS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
// npm 11 runs a dependency's install scripts only when approved (`allowScripts`). code-server's postinstall runs
// nested `npm install`s in lib/vscode and lib/vscode/extensions, which build these native modules; those installs read
// their own package.json, so the harness installs without scripts, adds the same approvals there, then rebuilds.
// (An `allow-scripts` npmrc entry does not work: npm exports it to lifecycle scripts as npm_config_allow_scripts,
// and the nested project-scoped installs then stop with EALLOWSCRIPTS.)
const ALLOW_SCRIPTS = [
	'code-server',
	'argon2',
	'kerberos',
	'node-pty',
	'@vscode/ripgrep',
	'@vscode/spdlog',
	'@vscode/deviceid',
	'@parcel/watcher',
	'native-watchdog',
	'@vscode/windows-process-tree',
	'@vscode/windows-registry',
];
// apt package -> how to tell it is there.
const APT_PACKAGES = [
	['chromium', () => has('chromium')],
	['ripgrep', () => has('rg')],
	['libkrb5-dev', () => dpkgInstalled('libkrb5-dev')],
	['build-essential', () => has('make') && has('g++')],
	['pkg-config', () => has('pkg-config')],
	['python3', () => has('python3')],
];

export function log(line) {
	process.stdout.write(`[harness] ${line}\n`);
}

function has(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(pkg) {
	const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the Debian packages the harness needs when they are missing (only as root; otherwise says what to run). */
export function ensureSystemPackages(packages = APT_PACKAGES) {
	const missing = packages.filter(([, present]) => !present()).map(([name]) => name);
	if (missing.length === 0) {
		return;
	}
	const cmd = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
	if (process.getuid?.() !== 0 || !has('apt-get')) {
		throw new Error(`missing system packages: ${missing.join(', ')}. Install them first: sudo apt-get update && sudo ${cmd}`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	log('apt-get update');
	run('apt-get', ['update'], env);
	log(cmd);
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], env);
}

function run(cmd, args, env, cwd) {
	const r = spawnSync(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
	if (r.status !== 0) {
		process.stderr.write((r.stdout ?? '') + (r.stderr ?? ''));
		throw new Error(`${cmd} ${args.join(' ')} failed with status ${r.status}`);
	}
	return r.stdout;
}

/**
 * Makes sure code-server and playwright-core are installed in .vscode-test/code-server-4.100.3/ (first use: about a
 * minute), with the system packages they need.
 */
export async function ensureHarness() {
	if (existsSync(MARKER) && existsSync(CODE_SERVER_ENTRY)) {
		if (!has(CHROMIUM)) {
			ensureSystemPackages(APT_PACKAGES.filter(([n]) => n === 'chromium'));
		}
		return { dir: HARNESS_DIR, codeServerEntry: CODE_SERVER_ENTRY };
	}
	const started = Date.now();
	log(`installing code-server ${CODE_SERVER_VERSION} and playwright-core ${PLAYWRIGHT_VERSION} into ${rel(HARNESS_DIR)} (first use only)`);
	ensureSystemPackages();
	rmSync(HARNESS_DIR, { recursive: true, force: true });
	mkdirSync(HARNESS_DIR, { recursive: true });
	const allowScripts = Object.fromEntries(ALLOW_SCRIPTS.map((name) => [name, true]));
	writeFileSync(
		join(HARNESS_DIR, 'package.json'),
		JSON.stringify({
			name: 'entra-cert-kit-vscode-harness',
			private: true,
			description: 'Written by scripts/harness-lib.mjs. VS Code (code-server) for the integration tests and UI scripts.',
			dependencies: { 'code-server': CODE_SERVER_VERSION, 'playwright-core': PLAYWRIGHT_VERSION },
			allowScripts,
		}, null, '\t') + '\n',
	);

	// @vscode/ripgrep's install downloads from GitHub unless its cache (under TMPDIR) already has the asset.
	const tmp = join(CACHE_DIR, 'tmp');
	mkdirSync(join(tmp, dirname(RIPGREP_CACHE)), { recursive: true });
	const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
	log(`seeding the ripgrep download cache with ${rg}`);
	execFileSync('tar', ['czf', join(tmp, RIPGREP_CACHE), '-C', dirname(rg), 'rg']);

	const env = {
		...process.env,
		TMPDIR: tmp,
		npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root otherwise
		npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
		npm_config_nodedir: process.env.npm_config_nodedir || '/usr', // else node-gyp downloads Node headers
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		CI: 'true',
	};
	const logFile = join(HARNESS_DIR, 'install.log');
	writeFileSync(logFile, '');
	log(`npm install --ignore-scripts code-server@${CODE_SERVER_VERSION} playwright-core@${PLAYWRIGHT_VERSION} (log: ${rel(logFile)})`);
	await npm(['install', '--no-audit', '--no-fund', '--ignore-scripts'], env, logFile, started);
	for (const sub of ['lib/vscode', 'lib/vscode/extensions']) {
		const file = join(HARNESS_DIR, 'node_modules', 'code-server', sub, 'package.json');
		const pkg = JSON.parse(readFileSync(file, 'utf8'));
		pkg.allowScripts = { ...allowScripts, ...pkg.allowScripts };
		writeFileSync(file, JSON.stringify(pkg, null, '\t') + '\n');
	}
	log(`approved install scripts (${ALLOW_SCRIPTS.join(', ')}) in code-server's lib/vscode and lib/vscode/extensions`);
	log('npm rebuild: code-server postinstall (installs lib/vscode, builds node-pty, kerberos, argon2, …)');
	await npm(['rebuild', '--foreground-scripts'], env, logFile, started);
	const text = readFileSync(logFile, 'utf8');
	// npm warns "N packages have install scripts not yet covered by allowScripts:" and lists them.
	const rebuilt = text.slice(text.indexOf('$ npm rebuild'));
	const skipped = rebuilt.split('\n').filter((l, i, all) => /not yet covered by allowScripts|EALLOWSCRIPTS/.test(l) || (i > 0 && /not yet covered by allowScripts/.test(all[i - 1]))).map((l) => l.trim());
	if (!existsSync(CODE_SERVER_ENTRY) || !existsSync(join(HARNESS_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', 'node-pty', 'build')) || skipped.length) {
		process.stderr.write(text.split('\n').slice(-60).join('\n') + '\n');
		throw new Error(`the harness install is incomplete${skipped.length ? ` (${skipped.join('; ')})` : ''}; full log: ${logFile}`);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	writeFileSync(MARKER, JSON.stringify({ codeServer: CODE_SERVER_VERSION, playwright: PLAYWRIGHT_VERSION, installedAt: new Date().toISOString(), seconds }, null, '\t') + '\n');
	log(`harness installed in ${seconds} s`);
	return { dir: HARNESS_DIR, codeServerEntry: CODE_SERVER_ENTRY };
}

function npm(args, env, logFile, started) {
	return new Promise((done, fail) => {
		const out = createWriteStream(logFile, { flags: 'a' });
		out.write(`\n$ npm ${args.join(' ')}\n`);
		const child = spawn('npm', args, { cwd: HARNESS_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let last = '';
		const remember = (chunk) => {
			out.write(chunk);
			const lines = chunk.toString().split('\n').map((l) => l.trim()).filter(Boolean);
			if (lines.length) {
				last = lines[lines.length - 1];
			}
		};
		child.stdout.on('data', remember);
		child.stderr.on('data', remember);
		const beat = setInterval(() => log(`  … ${Math.round((Date.now() - started) / 1000)} s: ${last.slice(0, 110)}`), 15000);
		child.on('close', (code) => {
			clearInterval(beat);
			out.end(() => {
				if (code === 0) {
					done();
				} else {
					process.stderr.write(readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') + '\n');
					fail(new Error(`npm ${args[0]} failed with status ${code}; full log: ${logFile}`));
				}
			});
		});
	});
}

function rel(p) {
	return p.startsWith(ROOT + '/') ? p.slice(ROOT.length + 1) : p;
}

/** A TCP port nobody listens on right now. */
export function freePort() {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => res(port));
		});
	});
}

function killGroup(child, signal) {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// gone already
		}
	}
}

/** Stops a process group: SIGTERM, then SIGKILL after graceMs. */
function stopGroup(child, graceMs = 3000) {
	return new Promise((res) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			killGroup(child, 'SIGKILL'); // children of an exited leader
			res();
			return;
		}
		const timer = setTimeout(() => {
			killGroup(child, 'SIGKILL');
			res();
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			// the leader is gone; take its children (extension host, pty host, watcher) with it
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// none left
			}
			res();
		});
		killGroup(child, 'SIGTERM');
	});
}

/** The workbench URL: folder plus the payload that loads this repository as an extension under development. */
export function workbenchUrl({ port, folder, extensionDevelopmentPath = ROOT, extensionTestsPath }) {
	const authority = `127.0.0.1:${port}`;
	const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`]];
	if (extensionTestsPath) {
		payload.push(['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`]);
	}
	payload.push(['skipWelcome', 'true']);
	return `http://${authority}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Starts code-server on 127.0.0.1 with a throw-away HOME, user data and extensions dir.
 * @returns { url, baseUrl, port, tempDir, stop() }; url opens `folder` with this repository's extension loaded.
 */
export async function startServer({ folder = DEMO_FOLDER, port, extensionTestsPath, extensionDevelopmentPath, install = [], workspaceTrust = false, env: extraEnv = {}, onOutput, quiet = true } = {}) {
	const { codeServerEntry } = await ensureHarness();
	folder = resolve(folder);
	if (!existsSync(folder)) {
		throw new Error(`the workspace folder ${folder} does not exist`);
	}
	port = port ?? (await freePort());
	const tempDir = mkdtempSync(join(tmpdir(), 'entra-cert-harness-'));
	for (const d of ['home', 'config', 'data', 'tmp', 'user-data', 'extensions']) {
		mkdirSync(join(tempDir, d));
	}
	const env = {
		...process.env,
		HOME: join(tempDir, 'home'),
		XDG_CONFIG_HOME: join(tempDir, 'config'),
		XDG_DATA_HOME: join(tempDir, 'data'),
		TMPDIR: join(tempDir, 'tmp'),
		EXTENSIONS_GALLERY: '{}',
		// where this server's extensions are installed (the installed-package suite checks it runs from there)
		HARNESS_EXTENSIONS_DIR: join(tempDir, 'extensions'),
		...extraEnv,
	};
	delete env.VSCODE_IPC_HOOK_CLI;
	const profile = ['--user-data-dir', join(tempDir, 'user-data'), '--extensions-dir', join(tempDir, 'extensions')];
	// `install`: .vsix files installed into this server's fresh extensions folder, as a user installs them.
	for (const vsix of install) {
		const r = spawnSync(process.execPath, [codeServerEntry, ...profile, '--install-extension', resolve(vsix)], { env, cwd: tempDir, encoding: 'utf8', timeout: 120000 });
		if (r.status !== 0 || !/was successfully installed/.test(r.stdout + r.stderr)) {
			rmSync(tempDir, { recursive: true, force: true });
			throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
		}
	}
	const args = [
		codeServerEntry,
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${port}`,
		'--disable-telemetry',
		'--disable-update-check',
		// workspaceTrust: true leaves Workspace Trust on, so the window opens in Restricted Mode and asks
		...(workspaceTrust ? [] : ['--disable-workspace-trust']),
		'--disable-getting-started-override',
		'--ignore-last-opened',
		...profile,
	];
	const child = spawn(process.execPath, args, { env, cwd: tempDir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	let stopping;
	const stop = () => {
		stopping ??= stopGroup(child).then(() => rmSync(tempDir, { recursive: true, force: true }));
		return stopping;
	};
	try {
		await new Promise((res, rej) => {
			const timer = setTimeout(() => rej(new Error(`code-server did not start within 60 s:\n${output}`)), 60000);
			const onData = (chunk) => {
				const text = chunk.toString();
				onOutput?.(text);
				if (!quiet) {
					process.stdout.write(text);
				}
				if (output.length < 200000) {
					output += text;
				}
				if (output.includes('HTTP server listening')) {
					clearTimeout(timer);
					res();
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', onData);
			child.once('exit', (code, signal) => {
				clearTimeout(timer);
				rej(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
			});
		});
	} catch (e) {
		await stop();
		throw e;
	}
	const url = workbenchUrl({ port, folder, extensionTestsPath, extensionDevelopmentPath });
	return { url, baseUrl: `http://127.0.0.1:${port}/`, port, tempDir, process: child, output: () => output, stop };
}

/** playwright-core, from the harness folder (it is not a project dependency). */
export async function playwright() {
	await ensureHarness();
	return createRequire(join(HARNESS_DIR, 'package.json'))('playwright-core');
}

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/**
 * Opens the workbench at url in Chromium (headless unless told otherwise), 1400x900, with clipboard permissions.
 * `beforeGoto(page)` runs before navigation (e.g. to expose functions). Waits for the workbench to render unless
 * `waitForWorkbench: false`.
 */
export async function openWorkbench(url, { headless = true, beforeGoto, waitForWorkbench = true, viewport = { width: 1400, height: 900 } } = {}) {
	const { chromium } = await playwright();
	const home = mkdtempSync(join(tmpdir(), 'entra-cert-chromium-'));
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless,
		args: CHROMIUM_ARGS,
		env: { ...process.env, HOME: home },
	});
	browser.on('disconnected', () => rmSync(home, { recursive: true, force: true }));
	const context = await browser.newContext({ viewport });
	const origin = new URL(url).origin;
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
	const page = await context.newPage();
	if (beforeGoto) {
		await beforeGoto(page);
	}
	await page.goto(url);
	if (waitForWorkbench) {
		await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60000 });
		if (process.env.ENTRA_UI_THEME) {
			await setColorTheme(page, process.env.ENTRA_UI_THEME);
		}
	}
	return { browser, context, page };
}

// ENTRA_UI_THEME=light|dark for the UI scripts' screenshots. code-server 4.100 keeps the theme it starts with
// whatever the settings files say (User, Machine or workspace: tried), so the theme is picked as a user does.
const THEMES = { light: 'Light Modern', dark: 'Dark Modern' };

/** Picks a colour theme with "Preferences: Color Theme" and waits for the workbench to wear it. */
export async function setColorTheme(page, which) {
	const label = THEMES[which];
	if (!label) {
		throw new Error(`ENTRA_UI_THEME must be one of ${Object.keys(THEMES).join(', ')}`);
	}
	const dark = which === 'dark';
	await page.waitForSelector('.monaco-workbench[class*="vscode-theme-"]', { timeout: 60000 });
	await page.keyboard.press('Control+Shift+P');
	await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
	await page.keyboard.type('Preferences: Color Theme');
	// "Browse Color Themes in Marketplace" sorts first: click the row itself
	await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click({ timeout: 15000 });
	await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Light+' }).first().waitFor({ timeout: 15000 });
	await page.keyboard.type(label);
	await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 15000 });
	await page.waitForFunction((d) => {
		const c = globalThis.document.querySelector('.monaco-workbench')?.classList;
		return c && (d ? c.contains('vs-dark') : c.contains('vs')) && [...c].some((n) => n.includes('modern'));
	}, dark, { timeout: 15000 });
}

// The workbench's own start-up chatter, which also arrives through codeAutomationLog (shown with --verbose).
const WORKBENCH_NOISE = /^(Resolving connection token|Updating additional builtin extensions cache|Resolved connection token|Creating a socket|Ignoring fetching additional builtin extensions|\[Service Worker\]|ChatSessionStore:)/;

/** Removes the `.tmp-*` folders tests leave in a workspace folder. */
export function cleanWorkspace(folder) {
	if (!existsSync(folder)) {
		return;
	}
	for (const name of readdirSync(folder)) {
		if (name.startsWith('.tmp-')) {
			rmSync(join(folder, name), { recursive: true, force: true });
		}
	}
}

/**
 * Runs the compiled integration suite (out/test/integration/index.js) inside code-server and prints its log.
 * @returns the suite's exit status (0 = all passed); 124 on the hard timeout.
 */
export async function runIntegrationTests({ grep, workspace = TEST_WORKSPACE, testsIndex = TESTS_INDEX, timeoutMs = 10 * 60 * 1000, verbose = false } = {}) {
	if (!existsSync(testsIndex)) {
		throw new Error(`${rel(testsIndex)} does not exist: build the tests first (npm run build:fast)`);
	}
	if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
		throw new Error('dist/extension.js does not exist: build the extension first (npm run build:fast)');
	}
	mkdirSync(workspace, { recursive: true });
	await ensureHarness();
	const started = Date.now();
	let server;
	let browser;
	let timer;
	const cleanup = async () => {
		clearTimeout(timer);
		await browser?.close().catch(() => undefined);
		await server?.stop();
		cleanWorkspace(workspace);
	};
	const onSignal = (sig) => {
		log(`${sig}: stopping`);
		void cleanup().then(() => process.exit(130));
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		// TEST_HOOKS_ENV: the extension honours its test-only command arguments (e.g. the Registrations writes' { confirm }).
		const env = { [TEST_HOOKS_ENV]: '1', ...(grep ? { [GREP_ENV]: grep } : {}) };
		server = await startServer({ folder: workspace, extensionTestsPath: testsIndex, env, onOutput: verbose ? (t) => process.stdout.write(t) : undefined });
		log(`code-server ${CODE_SERVER_VERSION} on port ${server.port}; running ${rel(testsIndex)}${grep ? ` --grep ${JSON.stringify(grep)}` : ''}`);
		const status = await new Promise((res, rej) => {
			timer = setTimeout(() => {
				log(`timed out after ${Math.round(timeoutMs / 1000)} s: killing code-server and Chromium`);
				res(124);
			}, timeoutMs);
			openWorkbench(server.url, {
				waitForWorkbench: false,
				beforeGoto: async (page) => {
					page.on('pageerror', (e) => verbose && log(`page error: ${e.message}`));
					await page.exposeFunction('codeAutomationLog', (type, args) => {
						const text = format(...(Array.isArray(args) ? args : [args]));
						if (process.env.HARNESS_DEBUG_LOG) {
							process.stdout.write(`<${type}> ${JSON.stringify(args)}\n`);
						}
						if (verbose || !WORKBENCH_NOISE.test(text)) {
							process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
						}
					});
					await page.exposeFunction('codeAutomationExit', (code) => res(Number(code) || 0));
				},
			}).then((w) => {
				browser = w.browser;
				browser.on('disconnected', () => res(1));
			}, rej);
		});
		log(`suite finished with status ${status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return status;
	} finally {
		process.off('SIGINT', onSignal);
		process.off('SIGTERM', onSignal);
		await cleanup();
	}
}
