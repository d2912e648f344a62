/**
 * `entra-cert sandbox [--port N] [--manifest FILE]... [--https] [--json]`: runs the local token endpoint (an
 * emulation of Microsoft Entra ID) until Ctrl+C or SIGTERM, then exits 0. Apps come from the manifests given, or
 * from the manifests found under the current folder. A bad manifest is one line on stderr and exit 2.
 */
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { isAppManifest, isLikelyManifest } from '../../../core/manifest/model';
import { readJsonInputText } from '../../../node/input';
import { flag, intOpt, opt, opts, UsageError, type CliCommand, type CliIO } from '../../framework';
import { sandboxSpec } from './spec';

const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'bin', 'obj']);
const MAX_SCAN_ENTRIES = 5000;
const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/** Manifest files under a folder (bounded: depth 5, 5000 entries, hidden and build folders skipped). */
async function findManifests(root: string): Promise<{ text: string; fileName: string }[]> {
	const found: { text: string; fileName: string }[] = [];
	let visited = 0;
	const walk = async (dir: string, depth: number): Promise<void> => {
		let entries;
		try {
			entries = await readdir(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			if (++visited > MAX_SCAN_ENTRIES) {
				return;
			}
			const p = join(dir, e.name);
			if (e.isDirectory()) {
				if (depth < 5 && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) {
					await walk(p, depth + 1);
				}
			} else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) {
				try {
					if ((await stat(p)).size > MAX_MANIFEST_BYTES) {
						continue;
					}
					const text = await readJsonInputText(p, { what: 'manifest', maxBytes: MAX_MANIFEST_BYTES });
					// A federated-credential export on its own is no app the sandbox can serve.
					if (isLikelyManifest(text) && isAppManifest(text)) {
						found.push({ text, fileName: relative(root, p) });
					}
				} catch {
					// Unreadable files are not manifests we can serve.
				}
			}
		}
	};
	await walk(root, 0);
	return found;
}

async function readManifests(args: Parameters<CliCommand['run']>[0], io: CliIO): Promise<{ text: string; fileName: string }[]> {
	const given = opts(args, 'manifest');
	if (given.length === 0) {
		return findManifests(io.cwd);
	}
	const files: { text: string; fileName: string }[] = [];
	for (const m of given) {
		files.push({ text: await readJsonInputText(resolve(io.cwd, m), { what: 'manifest', display: m }), fileName: m });
	}
	return files;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<string> {
	return new Promise((resolveStop) => {
		const stop = (signal: string) => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			resolveStop(signal);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

export const sandboxCommand: CliCommand = {
	...sandboxSpec,
	async run(args, io) {
		const port = intOpt(args, 'port', 0, 65535);
		const https = flag(args, 'https');
		const certOut = opt(args, 'tls-cert-out');
		if (certOut !== undefined && !https) {
			throw new UsageError('--tls-cert-out needs --https (plain HTTP has no certificate).');
		}
		const json = flag(args, 'json');
		const { appsFromManifests, formatRequestLog, startSandbox } = await import('../../../sandbox');
		const apps = appsFromManifests(await readManifests(args, io));
		const sandbox = await startSandbox({
			apps,
			port,
			https,
			tenantId: opt(args, 'tenant'),
			now: () => io.now(),
			onRequest: json ? undefined : (e) => io.stderr(`${formatRequestLog(e)}\n`),
			onInternalError: (e) => io.stderr(`sandbox bug: ${e instanceof Error ? e.message : String(e)}${io.env.DEBUG && e instanceof Error ? `\n${e.stack ?? ''}` : ''}\n`),
		});
		// Listen for the signals before printing: a script may send one as soon as it reads the first line.
		const stopped = untilStopped();
		try {
			if (certOut !== undefined && sandbox.tlsCertificatePem) {
				await writeFile(resolve(io.cwd, certOut), sandbox.tlsCertificatePem);
			}
			if (json) {
				io.stdout(`${JSON.stringify({ url: sandbox.url, tenantId: sandbox.tenantId, authority: sandbox.authority, tokenEndpoint: sandbox.tokenEndpoint, apps: apps.map((a) => a.appId), ...(sandbox.tlsCertificatePem ? { tlsCertificatePem: sandbox.tlsCertificatePem } : {}) })}\n`);
			} else {
				const names = apps.map((a) => `${a.displayName} (${a.appId})`).join(', ') || 'none (pass --manifest FILE)';
				io.stdout([
					`Sandbox (an emulation of Microsoft Entra ID) at ${sandbox.url}, tenant ${sandbox.tenantId}, apps: ${names}`,
					`Authority:      ${sandbox.authority}`,
					`Token endpoint: ${sandbox.tokenEndpoint}`,
					`Users:          ${sandbox.users.map((u) => `${u.name} <${u.preferredUsername}>`).join(', ')}`,
					...(certOut !== undefined ? [`TLS certificate: ${certOut} (trust it as a CA)`] : []),
					'Tokens it issues are signed by its own key and are valid nowhere else. Press Ctrl+C to stop.',
					'',
				].join('\n'));
			}
			await stopped;
		} finally {
			await sandbox.close();
		}
		if (!json) {
			io.stdout('Sandbox stopped.\n');
		}
		return 0;
	},
};
