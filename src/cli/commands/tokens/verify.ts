/**
 * `entra-cert verify TOKEN|- (--cert CERT | --jwks FILE) [--json]`: check a JWT's signature and times.
 * Exit 1 when the signature is invalid or the token expired, else 0 (DESIGN.md contract).
 */
import { resolve } from 'node:path';
import { verifyJwt, type VerifyKey } from '../../../core/jwt/verify';
import { loadCertificateFile } from '../../../node/material';
import { readJsonInputText } from '../../../node/input';
import { flag, opt, passwordFromEnv, printJson, UsageError, type CliCommand } from '../../framework';
import { verifySpec } from './spec';
import { decodeFromText, readTokenArgument } from './decode';

export const verifyCommand: CliCommand = {
	...verifySpec,
	async run(args, io) {
		const certPath = opt(args, 'cert');
		const jwksPath = opt(args, 'jwks');
		if ((certPath === undefined) === (jwksPath === undefined)) {
			throw new UsageError('Give exactly one of --cert CERT or --jwks FILE to verify the signature with.');
		}
		const text = await readTokenArgument(args, io, 'verify');
		const { decoded } = decodeFromText(text);
		const key: VerifyKey = {};
		if (certPath !== undefined) {
			const material = await loadCertificateFile(resolve(io.cwd, certPath), { password: passwordFromEnv(args, io) });
			key.certificateDer = material.certificates[0];
		} else if (jwksPath !== undefined) {
			const path = resolve(io.cwd, jwksPath);
			const raw = await readJsonInputText(path, { what: 'JWK Set', display: jwksPath });
			let parsed: unknown;
			try {
				parsed = JSON.parse(raw);
			} catch {
				throw new UsageError(`The JWK Set '${jwksPath}' is not JSON; save the issuer's jwks_uri document (an object with a "keys" array).`);
			}
			if (parsed === null || typeof parsed !== 'object' || !Array.isArray((parsed as { keys?: unknown }).keys)) {
				throw new UsageError(`The JWK Set '${jwksPath}' has no "keys" array; save the issuer's jwks_uri document, not the OpenID configuration.`);
			}
			key.jwks = parsed as { keys: object[] };
		}
		const r = await verifyJwt(decoded.token, key, io.now());
		if (flag(args, 'json')) {
			printJson(io, { signatureValid: r.signatureValid, time: r.time, ...(r.keyUsed !== undefined ? { keyUsed: r.keyUsed } : {}), ...(r.reason !== undefined ? { reason: r.reason } : {}), findings: r.findings });
		} else {
			const lines = [
				`Signature: ${r.signatureValid ? `valid (${r.keyUsed ?? 'key'})` : `INVALID — ${r.reason ?? 'no reason given'}`}`,
				`Time: ${r.time}`,
				...r.findings.map((f) => `${f.severity}: [${f.code}] ${f.message}\n  fix: ${f.fix}`),
				'',
			];
			io.stdout(lines.join('\n'));
		}
		return !r.signatureValid || r.time === 'expired' ? 1 : 0;
	},
};
