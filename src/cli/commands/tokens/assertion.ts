/**
 * `entra-cert assertion --cert CERT [--key KEY] --client-id ID --tenant T …`: sign a client assertion and
 * print the compact JWT on stdout (DESIGN.md contract). CERT may be a PFX holding the key.
 */
import { resolve } from 'node:path';
import { signClientAssertion } from '../../../core/jwt/assertion';
import { isCloudName } from '../../../core/token/clouds';
import { loadCertificateFile, loadPrivateKeyFile } from '../../../node/material';
import { flag, intOpt, opt, passwordFromEnv, requireOpt, UsageError, type CliCommand } from '../../framework';
import { assertionSpec } from './spec';

export const assertionCommand: CliCommand = {
	...assertionSpec,
	async run(args, io) {
		const certPath = requireOpt(args, 'cert', 'the certificate registered on the app (PEM, DER or PFX).');
		const clientId = requireOpt(args, 'client-id', 'the app registration\'s Application (client) ID.');
		const tenant = opt(args, 'tenant');
		const audience = opt(args, 'audience');
		if (tenant === undefined && audience === undefined) {
			throw new UsageError('Missing --tenant: the directory (tenant) ID or domain whose token endpoint is the audience (or give --audience URL).');
		}
		const cloud = opt(args, 'cloud') ?? 'public';
		if (!isCloudName(cloud)) {
			throw new UsageError(`--cloud must be public, usgov or china; got '${cloud}'.`);
		}
		const alg = opt(args, 'alg') ?? 'PS256';
		if (alg !== 'PS256' && alg !== 'RS256') {
			throw new UsageError(`--alg must be PS256 or RS256; got '${alg}'.`);
		}
		const lifetime = intOpt(args, 'lifetime', 1, 86400);
		const material = await loadCertificateFile(resolve(io.cwd, certPath), { password: passwordFromEnv(args, io) });
		const keyPath = opt(args, 'key');
		let privateKeyPkcs8: Uint8Array | undefined = material.privateKey?.pkcs8Der;
		if (keyPath !== undefined) {
			const key = await loadPrivateKeyFile(resolve(io.cwd, keyPath), { passphrase: passwordFromEnv(args, io, 'key-passphrase-env') });
			privateKeyPkcs8 = key.pkcs8Der;
		}
		if (privateKeyPkcs8 === undefined) {
			throw new UsageError(`Missing --key: '${certPath}' holds no private key; pass the key file made with the certificate (or a PFX that contains it).`);
		}
		const jwt = await signClientAssertion({
			certificateDer: material.certificates[0],
			chain: material.certificates.slice(1),
			privateKeyPkcs8,
			clientId,
			tenant,
			cloud,
			audience,
			alg,
			lifetimeSeconds: lifetime,
			x5c: flag(args, 'x5c'),
			now: io.now(),
		});
		io.stdout(`${jwt}\n`);
		return 0;
	},
};
