/**
 * `entra-cert decode TOKEN|- [--json]`: decode a JWT found in any text (a bare token, `Bearer …`, a token
 * response, a redirect URL) and explain its header and claims. No signature check: see `verify`.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CoreError } from '../../../core/errors';
import { readInputText } from '../../../node/input';
import { decodeJwt, findJwts, type DecodedJwt } from '../../../core/jwt/decode';
import { explainToken, type ClaimExplanation } from '../../../core/jwt/claims';
import { flag, printJson, UsageError, type CliCommand, type CliIO, type ParsedArgs } from '../../framework';
import { decodeSpec } from './spec';

/**
 * Reads the TOKEN argument: the text itself, a file holding it (one word that is no token and names a file), or
 * standard input for `-`. Shared by decode and verify.
 */
export async function readTokenArgument(args: ParsedArgs, io: CliIO, command: string): Promise<string> {
	if (args.positionals.length === 0) {
		throw new UsageError(`Missing TOKEN: pass the token (or any text containing it) or '-' to read standard input, e.g. 'entra-cert ${command} -  < token.txt'.`);
	}
	if (args.positionals.length === 1 && args.positionals[0] === '-') {
		return io.readStdin();
	}
	// A single word holding no token is a path to a file that holds one (`verify a.jwt`), as for `diagnose FILE`.
	if (args.positionals.length === 1 && findJwts(args.positionals[0]).length === 0) {
		const path = resolve(io.cwd, args.positionals[0]);
		const isFile = await stat(path).then((s) => s.isFile(), () => false);
		if (isFile) {
			return readInputText(path, { what: 'token file', display: args.positionals[0] });
		}
		if (/^[^\s.]*\.[A-Za-z0-9]{1,8}$|[\\/]/.test(args.positionals[0])) {
			throw new UsageError(`'${args.positionals[0]}' holds no token and names no file here; pass the token, a file holding it, or '-' to read standard input.`);
		}
	}
	// `decode Bearer eyJ…` without quotes arrives as two words.
	return args.positionals.join(' ');
}

/**
 * The JWS in the text: the whole text when it is a token (with `Bearer `, quotes, line breaks), else the
 * first token found in it. Throws the decoder's error, naming the broken part, when there is none.
 */
export function decodeFromText(text: string): { decoded: DecodedJwt; others: number } {
	let firstError: unknown;
	try {
		return { decoded: decodeJwt(text), others: 0 };
	} catch (e) {
		firstError = e;
	}
	const found = findJwts(text);
	const jws = found.filter((f) => f.kind === 'jws');
	if (jws.length > 0) {
		return { decoded: decodeJwt(jws[0].token), others: jws.length - 1 };
	}
	if (found.length > 0) {
		throw new CoreError('ERR_JWT_ENCRYPTED', 'This is an encrypted token (JWE, 5 parts); only its recipient can read it.');
	}
	if (firstError instanceof CoreError && firstError.code !== 'ERR_JWT_MALFORMED') {
		throw firstError;
	}
	// Something that starts like a token but is broken (cut off, altered): say what is wrong with it.
	const broken = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_=+/-]*)*/.exec(text);
	if (broken) {
		return { decoded: decodeJwt(broken[0]), others: 0 };
	}
	throw new CoreError('ERR_JWT_NOT_FOUND', 'No JWT found in the input; pass a token (three base64url parts separated by dots, usually starting with "eyJ").');
}

function valueText(v: unknown): string {
	return typeof v === 'string' ? v : JSON.stringify(v);
}

function section(title: string, claims: ClaimExplanation[]): string[] {
	const lines = [title];
	const width = Math.min(24, Math.max(4, ...claims.map((c) => c.name.length)));
	for (const c of claims) {
		let v = valueText(c.value);
		if (v.length > 100) {
			v = `${v.slice(0, 97)}...`;
		}
		lines.push(`  ${c.name.padEnd(width)}  ${v}`);
		if (c.time) {
			lines.push(`  ${''.padEnd(width)}  ${c.time.utc} (${c.time.relative})`);
		}
		if (c.meaning) {
			lines.push(`  ${''.padEnd(width)}  ${c.meaning}`);
		}
		if (c.valueMeaning) {
			lines.push(`  ${''.padEnd(width)}  = ${c.valueMeaning}`);
		}
	}
	return lines;
}

export const decodeCommand: CliCommand = {
	...decodeSpec,
	async run(args, io) {
		const text = await readTokenArgument(args, io, 'decode');
		const { decoded, others } = decodeFromText(text);
		const explained = explainToken(decoded, io.now());
		if (others > 0) {
			io.stderr(`entra-cert decode: the input holds ${others + 1} tokens; decoded the first.\n`);
		}
		if (flag(args, 'json')) {
			printJson(io, {
				header: decoded.header,
				payload: decoded.payload,
				claims: [...explained.header.map((c) => ({ where: 'header', ...c })), ...explained.payload.map((c) => ({ where: 'payload', ...c }))],
				kind: explained.kind,
				summary: explained.summary,
			});
			return 0;
		}
		const lines = [explained.summary, '', ...section('Header', explained.header), '', ...section('Payload', explained.payload), '', 'Signature not checked; use entra-cert verify.', ''];
		io.stdout(lines.join('\n'));
		return 0;
	},
};
