/**
 * The VS Code half of `npm run bench` (driven by scripts/bench-vscode.mjs, not part of the test suite): in the
 * extension host, times the Certificates view's first complete listing of the workspace's certificate files and the
 * longest time the extension host's event loop was blocked meanwhile; the same for an anchor that only finds, reads
 * and parses the same files with Node's X509Certificate. Then it opens Running Extensions, where the driver reads the
 * extension host's own activation time.
 */
import * as vscode from 'vscode';
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const EXT_ID = 'entra-cert-kit.entra-cert-kit';
const TICK_MS = 5;

/** Watches the event loop: the longest gap between two ticks beyond the tick itself. */
function blockMonitor(): { stop(): number } {
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last - TICK_MS);
		last = now;
	}, TICK_MS);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(longest, performance.now() - last - TICK_MS);
		},
	};
}

/** Starts V8's sampling profiler in this process; the returned function stops it and writes the profile. */
async function startProfile(): Promise<(file: string) => Promise<void>> {
	const inspector = await import('node:inspector');
	const { writeFileSync } = await import('node:fs');
	const session = new inspector.Session();
	session.connect();
	const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
	await post('Profiler.enable');
	await post('Profiler.setSamplingInterval', { interval: 200 });
	await post('Profiler.start');
	return async (file) => {
		const { profile } = (await post('Profiler.stop')) as { profile: unknown };
		writeFileSync(file, JSON.stringify(profile));
		session.disconnect();
	};
}

export async function run(): Promise<void> {
	const ext = vscode.extensions.getExtension<{ certificatesView(): Promise<{ label: string }[]>; activationProfile?(): { step: string; ms: number }[] }>(EXT_ID);
	if (!ext) {
		throw new Error(`${EXT_ID} is not installed`);
	}
	// Activation in the middle of the window's start-up is timed together with the other extensions' start-up work
	// (VS Code's code-loading time includes an await); when it has not happened yet, let start-up settle first.
	const wasActive = ext.isActive;
	if (!wasActive) {
		await new Promise((r) => setTimeout(r, 3000));
	}
	const api = await ext.activate();
	const profile = api.activationProfile?.() ?? [];
	await new Promise((r) => setTimeout(r, 500));

	// ECK_BENCH_PROFILE=FILE: a CPU profile of the extension host during the first listing (open it in Chrome's or
	// VS Code's profiler) to see what blocks it.
	const profiler = process.env.ECK_BENCH_PROFILE ? await startProfile() : undefined;
	let monitor = blockMonitor();
	let start = performance.now();
	const items = await api.certificatesView();
	const listingMs = performance.now() - start;
	const listingBlockMs = monitor.stop();
	await profiler?.(process.env.ECK_BENCH_PROFILE as string);

	// The same listing again: nothing to read, so this is the view's own share (building its items).
	monitor = blockMonitor();
	start = performance.now();
	await api.certificatesView();
	const relistMs = performance.now() - start;
	const relistBlockMs = monitor.stop();

	monitor = blockMonitor();
	start = performance.now();
	const uris = await vscode.workspace.findFiles('**/*.{pem,crt,cer,der,pfx,p12}', '{**/node_modules/**,**/.git/**}', 2000);
	let parsed = 0;
	for (const uri of uris) {
		try {
			new X509Certificate(await vscode.workspace.fs.readFile(uri));
			parsed++;
		} catch {
			// a key file
		}
	}
	const anchorMs = performance.now() - start;
	const anchorBlockMs = monitor.stop();

	console.log(`ECK_BENCH_RESULT ${JSON.stringify({ wasActive, profile, listingMs, listingBlockMs, relistMs, relistBlockMs, anchorMs, anchorBlockMs, items: items.length, files: uris.length, parsed })}`);
	await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
	console.log('ECK_BENCH_SCRAPE');
	// The driver reads the Running Extensions editor now; the run ends when it has.
	await new Promise((r) => setTimeout(r, 15000));
}
