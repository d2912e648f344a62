#!/usr/bin/env node
// Runs the extension in a real VS Code (code-server 4.100.3 + Debian Chromium); see scripts/harness-lib.mjs.
//
//   node scripts/harness.mjs test [--grep PATTERN] [--verbose]
//       runs out/test/integration/index.js in the extension host with test/fixtures/workspace open;
//       exits with the suite's status (hard timeout: 10 minutes).
//   node scripts/harness.mjs start [--folder DIR] [--port N]
//       serves VS Code with the extension loaded on http://127.0.0.1:3777 (demo/ by default) until Ctrl+C;
//       opens Chromium when $DISPLAY is set.
//   node scripts/harness.mjs install
//       installs the harness into .vscode-test/ (done on first use by the other commands anyway).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_FOLDER, ensureHarness, log, runIntegrationTests, startServer } from './harness-lib.mjs';

const USAGE = 'usage: node scripts/harness.mjs test [--grep PATTERN] [--verbose] | start [--folder DIR] [--port N] | install';

async function main() {
	const [command, ...rest] = process.argv.slice(2);
	let values;
	try {
		({ values } = parseArgs({
			args: rest,
			options: {
				grep: { type: 'string', short: 'g' },
				verbose: { type: 'boolean', short: 'v' },
				folder: { type: 'string' },
				port: { type: 'string' },
				timeout: { type: 'string' },
			},
		}));
	} catch (e) {
		console.error(`${e.message}\n${USAGE}`);
		return 2;
	}
	switch (command) {
		case 'install':
			await ensureHarness();
			return 0;
		case 'test':
			return runIntegrationTests({
				grep: values.grep,
				verbose: values.verbose,
				timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
			});
		case 'start':
			return start(values);
		default:
			console.error(USAGE);
			return 2;
	}
}

async function start({ folder = DEMO_FOLDER, port = '3777' }) {
	const server = await startServer({ folder, port: Number(port) });
	// VS Code honours "workbench.startupEditor": "readme" only in user settings (a workspace may not make the editor
	// open its files), so the demo's README opens through this session's own user settings.
	const userDir = join(server.tempDir, 'user-data', 'User');
	mkdirSync(userDir, { recursive: true });
	writeFileSync(join(userDir, 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'readme' }, null, '\t'));
	let chromium;
	let chromiumHome;
	let stopping = false;
	const stop = async (sig) => {
		if (stopping) {
			return;
		}
		stopping = true;
		log(`${sig}: stopping code-server`);
		if (chromium && chromium.exitCode === null) {
			try {
				process.kill(-chromium.pid, 'SIGTERM');
			} catch {
				// gone
			}
		}
		await server.stop();
		if (chromiumHome) {
			rmSync(chromiumHome, { recursive: true, force: true });
		}
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('SIGINT'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
	server.process.once('exit', (code, signal) => void stop(`code-server exited (${code ?? signal})`));
	log(`VS Code with Entra Cert Kit is at:\n\n  ${server.url}\n`);
	log(`(folder ${folder}; plain ${server.baseUrl} opens VS Code without the extension)`);
	if (process.env.DISPLAY) {
		chromiumHome = mkdtempSync(join(tmpdir(), 'entra-cert-chromium-'));
		const args = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu' && a !== '--no-sandbox');
		if (process.getuid?.() === 0) {
			args.push('--no-sandbox');
		}
		chromium = spawn(CHROMIUM, [...args, `--user-data-dir=${chromiumHome}`, '--new-window', server.url], { detached: true, stdio: 'ignore' });
		chromium.on('error', (e) => log(`could not start ${CHROMIUM}: ${e.message}`));
		log(`opened ${CHROMIUM}`);
	}
	log('Ctrl+C stops it.');
	return new Promise(() => undefined); // until a signal
}

main().then(
	(status) => process.exit(status),
	(e) => {
		console.error(`[harness] ${e.message}`);
		process.exit(1);
	},
);
