/**
 * `entra-cert thumbprint` and `entra-cert cert new` (DESIGN.md contract).
 * Describing a PEM or DER certificate uses Node's crypto only (core/certificate/describe.ts); generation (x509) is
 * imported on use, and the PKCS#12 reader is loaded by the core for a PFX only.
 */
import { basename, join, resolve } from 'node:path';
import { ensureFolder, writeNewFiles } from '../../../node/files';
import { readInputFile } from '../../../node/input';
import { CoreError } from '../../../core/errors';
import { describeCertificate, exportPfx, fileBaseName, generateSelfSignedCertificate, readCertificateMaterial, type CertificateInfo } from '../../../core/certificate';
import { flag, intOpt, opt, passwordFromEnv, printJson, requireOpt, UsageError, type CliCommand } from '../../framework';
import { thumbprintSpec, certNewSpec } from './spec';

/** The file's leaf certificate, described. */
async function describeFile(path: string, password: string | undefined, display: string): Promise<CertificateInfo> {
	// Bounded: 50 MiB, regular files only (a FIFO or a device is refused, never read).
	const bytes = await readInputFile(path, { what: 'certificate', display });
	const material = await readCertificateMaterial(bytes, { password, fileName: basename(path) });
	if (material.certificates.length === 0) {
		throw new CoreError('ERR_PEM_NO_BLOCK', `No certificate found in '${basename(path)}'. Expected a '-----BEGIN CERTIFICATE-----' block (it holds only a key).`);
	}
	return describeCertificate(material.certificates[0]);
}

/** The contract's keys first, in order; then extras. */
function thumbprintJson(info: CertificateInfo): Record<string, unknown> {
	return {
		subject: info.subject,
		issuer: info.issuer,
		notBefore: info.notBefore.toISOString(),
		notAfter: info.notAfter.toISOString(),
		keyAlgorithm: info.keyAlgorithm,
		keySize: info.keySize ?? null,
		sha1Hex: info.sha1Hex,
		sha256Hex: info.sha256Hex,
		x5t: info.x5t,
		x5tS256: info.x5tS256,
		customKeyIdentifier: info.customKeyIdentifier,
		serialNumber: info.serialNumber,
		problems: info.problems,
	};
}

export const thumbprintCommand: CliCommand = {
	...thumbprintSpec,
	async run(args, io) {
		const [file] = args.positionals;
		if (!file || args.positionals.length > 1) {
			throw new UsageError('Give one certificate file: entra-cert thumbprint FILE.');
		}
		const info = await describeFile(resolve(io.cwd, file), passwordFromEnv(args, io), file);
		if (flag(args, 'json')) {
			printJson(io, thumbprintJson(info));
		} else {
			const rows: [string, string][] = [
				['Subject', info.subject],
				['Issuer', info.issuer],
				['Valid', `${info.notBefore.toISOString()} → ${info.notAfter.toISOString()}`],
				['Key', `${info.keyAlgorithm}${info.keySize ? ' ' + info.keySize : ''}`],
				['SHA-1 (portal)', info.sha1Hex],
				['SHA-256', info.sha256Hex],
				['x5t', info.x5t],
				['x5t#S256', info.x5tS256],
				['customKeyIdentifier', info.customKeyIdentifier],
			];
			io.stdout(rows.map(([k, v]) => `${k.padEnd(21)}${v}`).join('\n') + '\n');
			for (const p of info.problems) {
				io.stdout(`\n${p.severity.toUpperCase()} ${p.code}: ${p.message}\n  fix: ${p.fix}\n`);
			}
		}
		return info.problems.some((p) => p.severity === 'error') ? 1 : 0;
	},
};

export const certNewCommand: CliCommand = {
	...certNewSpec,
	async run(args, io) {
		const subject = requireOpt(args, 'subject', 'the certificate subject, e.g. --subject "CN=my-app".');
		const out = resolve(io.cwd, requireOpt(args, 'out', 'the folder to write the files to, e.g. --out ./certs.'));
		const keySize = intOpt(args, 'key-size', 0, 99999) ?? 2048;
		if (![2048, 3072, 4096].includes(keySize)) {
			throw new UsageError(`--key-size must be 2048, 3072 or 4096; got ${keySize}.`);
		}
		const days = intOpt(args, 'days', 1, 36500) ?? 365;
		const pfx = flag(args, 'pfx');
		const password = passwordFromEnv(args, io);
		if (pfx && password === undefined) {
			throw new UsageError('--pfx needs --password-env VAR naming an environment variable that holds the PFX password.');
		}
		const base = opt(args, 'name') ?? fileBaseName(subject);
		if (!/^[A-Za-z0-9._-]+$/.test(base)) {
			throw new UsageError(`--name '${base}' may use only letters, digits, dot, dash and underscore.`);
		}
		// The core starts the key pair in the thread pool before it loads the certificate builder (its x509 chunk).
		const generated = await generateSelfSignedCertificate({ subject, keySize: keySize as 2048, days, now: io.now() });
		const paths = { certificatePem: join(out, `${base}.pem`), privateKeyPem: join(out, `${base}.key`), certificateDer: join(out, `${base}.cer`), pfx: pfx ? join(out, `${base}.pfx`) : undefined };
		const files: { path: string; data: Uint8Array | string; mode?: number }[] = [
			{ path: paths.certificatePem, data: generated.certificatePem },
			{ path: paths.privateKeyPem, data: generated.privateKeyPem, mode: 0o600 },
			{ path: paths.certificateDer, data: generated.certificateDer },
		];
		if (paths.pfx && password !== undefined) {
			files.push({ path: paths.pfx, data: await exportPfx({ certificates: [generated.certificateDer], privateKey: generated.privateKey, password, friendlyName: base }), mode: 0o600 });
		}
		await ensureFolder(out);
		await writeNewFiles(files);
		const info = generated.info;
		if (flag(args, 'json')) {
			printJson(io, { ...paths, ...(paths.pfx ? {} : { pfx: undefined }), subject: info.subject, notBefore: info.notBefore.toISOString(), notAfter: info.notAfter.toISOString(), keyAlgorithm: info.keyAlgorithm, keySize: info.keySize, sha1Hex: info.sha1Hex, sha256Hex: info.sha256Hex, x5t: info.x5t, x5tS256: info.x5tS256, customKeyIdentifier: info.customKeyIdentifier });
		} else {
			io.stdout(`Wrote ${files.map((f) => f.path).join(', ')} (the key is readable only by you).\nSHA-1 thumbprint ${info.sha1Hex}; upload ${paths.certificateDer} to the app registration.\n`);
		}
		return 0;
	},
};
