/**
 * `entra-cert keycredential`, `entra-cert manifest add`, `entra-cert manifest lint`.
 */
import { promises as fs } from 'node:fs';
import { basename, resolve } from 'node:path';
import { buildKeyCredential, insertKeyCredential, lintManifest } from '../../../core/manifest';
import { loadCertificateFile } from '../../../node/material';
import { writeFileAtomic } from '../../../node/files';
import { readJsonInputText } from '../../../node/input';
import { flag, opt, opts, passwordFromEnv, printJson, UsageError, type CliCommand, type CliIO, type ParsedArgs } from '../../framework';
import { keycredentialSpec, manifestAddSpec, manifestLintSpec } from './spec';
import { printFindings } from '../shared/print';

function format(args: ParsedArgs): 'graph' | 'aadgraph' | undefined {
	const f = opt(args, 'format');
	if (f !== undefined && f !== 'graph' && f !== 'aadgraph') {
		throw new UsageError(`--format must be graph or aadgraph; got '${f}'.`);
	}
	return f;
}

async function certificate(args: ParsedArgs, io: CliIO, path: string) {
	const material = await loadCertificateFile(resolve(io.cwd, path), { password: passwordFromEnv(args, io) });
	return { der: material.certificates[0], notBefore: material.info.notBefore, notAfter: material.info.notAfter, subject: material.info.subject, sha1Hex: material.info.sha1Hex };
}

/** Bounded (50 MiB, regular files, JSON depth 256: see node/input.ts); errors name the file and the fix. */
async function readManifest(path: string): Promise<string> {
	return readJsonInputText(path, { what: 'manifest' });
}

export const keycredentialCommand: CliCommand = {
	...keycredentialSpec,
	async run(args, io) {
		const [certPath] = args.positionals;
		if (!certPath || args.positionals.length > 1) {
			throw new UsageError('Give one certificate file: entra-cert keycredential CERT.');
		}
		const cert = await certificate(args, io, certPath);
		printJson(io, buildKeyCredential(cert, format(args) ?? 'graph'));
		return 0;
	},
};

export const manifestAddCommand: CliCommand = {
	...manifestAddSpec,
	async run(args, io) {
		const [manifestArg, certPath] = args.positionals;
		if (!manifestArg || !certPath || args.positionals.length > 2) {
			throw new UsageError('Give a manifest and a certificate: entra-cert manifest add MANIFEST CERT.');
		}
		const manifestPath = resolve(io.cwd, manifestArg);
		const text = await readManifest(manifestPath);
		const cert = await certificate(args, io, certPath);
		const result = insertKeyCredential(text, cert, { format: format(args), fileName: basename(manifestPath) });
		const mode = (await fs.stat(manifestPath)).mode & 0o777;
		await writeFileAtomic(manifestPath, result.newText, { overwrite: true, mode });
		if (flag(args, 'json')) {
			printJson(io, { manifest: manifestPath, format: result.format, entry: result.entry });
		} else {
			io.stdout(`Added keyCredential ${String(result.entry.keyId)} (SHA-1 ${cert.sha1Hex}, ${result.format} format) to ${manifestArg}.\n`);
		}
		return 0;
	},
};

export const manifestLintCommand: CliCommand = {
	...manifestLintSpec,
	async run(args, io) {
		const [manifestArg] = args.positionals;
		if (!manifestArg || args.positionals.length > 1) {
			throw new UsageError('Give one manifest: entra-cert manifest lint MANIFEST.');
		}
		const manifestPath = resolve(io.cwd, manifestArg);
		const text = await readManifest(manifestPath);
		const certificates = [];
		for (const c of opts(args, 'cert')) {
			certificates.push(await certificate(args, io, c));
		}
		const days = opt(args, 'expiry-days');
		const findings = lintManifest(text, { now: io.now(), certificates, expiryWarningDays: days === undefined ? undefined : Number(days), fileName: basename(manifestPath) });
		if (flag(args, 'json')) {
			printJson(io, { findings });
		} else {
			printFindings(io, findings);
		}
		return findings.some((f) => f.severity === 'error') ? 1 : 0;
	},
};

