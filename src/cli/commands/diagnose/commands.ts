/**
 * `entra-cert diagnose FILE|- [--cert CERT]... [--manifest FILE]... [--client-id ID] --json`
 */
import { basename, resolve } from 'node:path';
import { diagnose, type ContextCertificate } from '../../../core/diagnose';
import { loadCertificateFile } from '../../../node/material';
import { readInputFile, readInputText, readJsonInputText } from '../../../node/input';
import { flag, opt, opts, passwordFromEnv, printJson, UsageError, type CliCommand } from '../../framework';
import { diagnoseSpec } from './spec';
import { printFindings } from '../shared/print';

export const diagnoseCommand: CliCommand = {
	...diagnoseSpec,
	async run(args, io) {
		const [input] = args.positionals;
		if (!input || args.positionals.length > 1) {
			throw new UsageError("Give one input: a file, or '-' for standard input.");
		}
		let text: string;
		if (input === '-') {
			text = await io.readStdin();
		} else {
			text = await readInputText(resolve(io.cwd, input), { display: input });
		}
		// The files named with --cert are the user's material: certificates to match thumbprints against, and the
		// raw bytes that the checks of a loading failure look at (a key-only PEM, a PFX that needs a password).
		// A file that can't be read as a certificate is no usage error here: saying why is the diagnosis.
		const certificates: ContextCertificate[] = [];
		const files: { label: string; bytes: Uint8Array }[] = [];
		for (const c of opts(args, 'cert')) {
			files.push({ label: c, bytes: await readInputFile(resolve(io.cwd, c), { what: 'certificate', display: c }) });
			try {
				const m = await loadCertificateFile(resolve(io.cwd, c), { password: passwordFromEnv(args, io) });
				certificates.push({ ...m.info, label: c });
			} catch {
				// Checked from its bytes by the diagnosis.
			}
		}
		const manifests: { label: string; text: string }[] = [];
		for (const m of opts(args, 'manifest')) {
			manifests.push({ label: basename(m), text: await readJsonInputText(resolve(io.cwd, m), { what: 'manifest', display: m }) });
		}
		const result = diagnose(text, { now: io.now(), certificates, manifests, files, clientId: opt(args, 'client-id') });
		if (flag(args, 'json')) {
			printJson(io, { kind: result.kind, findings: result.findings });
		} else {
			io.stdout(`Read as: ${result.kind}\n`);
			printFindings(io, result.findings);
		}
		return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
	},
};
