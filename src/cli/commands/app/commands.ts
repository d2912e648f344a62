/**
 * `entra-cert app show|add-cert|remove-cert`: the live app registration through Microsoft Graph (or the sandbox's
 * emulation of it). Every write prints what will change (stderr with --json, stdout otherwise) before it is sent;
 * a Graph error is explained as findings (exit 1). Tokens are never printed.
 */
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { keyMatchesCertificate } from '../../../core/certificate/keys';
import { CoreError } from '../../../core/errors';
import type { Finding } from '../../../core/findings';
import { decodeJwt } from '../../../core/jwt/decode';
import { CLOUD_RESOURCES } from '../../../core/token/clouds';
import {
	addKeyRequest,
	explainGraphError,
	getApplicationRequest,
	matchKeysToWorkspace,
	newKeyCredentialEntry,
	parseApplication,
	parseKeyCredential,
	patchKeyCredentialsRequest,
	planAddCertificate,
	planRemoveKey,
	removeKeyRequest,
	sendGraphRequest,
	signProof,
	type GraphApplication,
	type GraphOperation,
	type GraphRequest,
	type GraphResponse,
	type WorkspaceCertificate,
} from '../../../core/graph';
import { loadCertificateFile, loadPrivateKeyFile } from '../../../node/material';
import { flag, opt, passwordFromEnv, printJson, UsageError, type CliCommand, type CliIO, type ParsedArgs } from '../../framework';
import { printFindings } from '../shared/print';
import { appAddCertSpec, appRemoveCertSpec, appShowSpec } from './spec';

/** The sandbox user the CLI signs in as (the sandbox's first default user, who owns every app); ENTRA_CERT_SANDBOX_USER overrides. */
export const SANDBOX_CLI_USER = 'avery@sandbox.entra-cert-kit.test';
/** The Azure CLI's public client ID: the client the CLI names when it signs in to the sandbox. */
const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

interface Target {
	baseUrl: string;
	token: string;
	/** 'sandbox' | 'token-env' | 'azure-cli' */
	source: string;
}

/** The Graph root for a token: from its aud (graph.microsoft.com, .us, chinacloudapi.cn), default the global one. */
function graphRootOfToken(token: string): string {
	try {
		const aud = String(decodeJwt(token).payload.aud ?? '').replace(/\/+$/, '').toLowerCase();
		const hit = Object.values(CLOUD_RESOURCES).find((c) => c.graph.toLowerCase() === aud);
		return hit?.graph ?? CLOUD_RESOURCES.public.graph;
	} catch {
		return CLOUD_RESOURCES.public.graph;
	}
}

/** The sandbox's origin from --sandbox: the URL it printed (any path on it is ignored); host:port alone means http. */
export function sandboxOrigin(url: string): string {
	const text = url.trim();
	let base: URL | undefined;
	try {
		base = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
	} catch {
		base = undefined;
	}
	if (!base || (base.protocol !== 'http:' && base.protocol !== 'https:') || !base.host) {
		throw new UsageError(`--sandbox '${url}' is not an http(s) URL; give the URL the sandbox printed, e.g. http://127.0.0.1:43123.`);
	}
	return base.origin;
}

/** Why fetch could not reach the sandbox, in words: nothing listening, or a TLS certificate Node does not trust. */
function unreachable(origin: string, e: unknown): CoreError {
	const code = String((e as { cause?: { code?: unknown } })?.cause?.code ?? '');
	if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code)) {
		return new CoreError('ERR_NETWORK', `The sandbox at ${origin} uses a TLS certificate Node does not trust (${code}); start it with --https --tls-cert-out FILE and run the CLI with NODE_EXTRA_CA_CERTS=FILE, or use the sandbox without --https.`, { cause: e });
	}
	return new CoreError('ERR_NETWORK', `Could not reach the sandbox at ${origin}${code ? ` (${code})` : ''}; start it with 'entra-cert sandbox' and pass the URL it prints.`, { cause: e });
}

async function sandboxToken(url: string, io: CliIO): Promise<string> {
	const origin = sandboxOrigin(url);
	const username = io.env.ENTRA_CERT_SANDBOX_USER?.trim() || SANDBOX_CLI_USER;
	const body = new URLSearchParams({ grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username, password: 'sandbox', scope: 'https://graph.microsoft.com/.default' });
	let res: Response;
	try {
		res = await fetch(`${origin}/organizations/oauth2/v2.0/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(), redirect: 'manual', signal: AbortSignal.timeout(30_000) });
	} catch (e) {
		throw unreachable(origin, e);
	}
	const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (!res.ok || typeof json.access_token !== 'string') {
		const codes = Array.isArray(json.error_codes) ? json.error_codes : [];
		if (codes.includes(50034)) {
			const users = /its users: ([^)]*)\)/.exec(String(json.error_description ?? ''))?.[1];
			throw new UsageError(`The sandbox at ${origin} has no user '${username}'${io.env.ENTRA_CERT_SANDBOX_USER ? ' (ENTRA_CERT_SANDBOX_USER)' : ''}; ${users ? `use one of its users: ${users}` : 'unset ENTRA_CERT_SANDBOX_USER to sign in as its first user'}.`);
		}
		if (typeof json.error !== 'string') {
			throw new CoreError('ERR_SANDBOX', `${origin} answered HTTP ${res.status} without a token and is not an Entra Cert Kit sandbox; pass the URL 'entra-cert sandbox' printed.`);
		}
		throw new CoreError('ERR_SANDBOX', `The sandbox at ${origin} did not sign the CLI in: ${String(json.error_description ?? `HTTP ${res.status}`).split(' Trace ID:')[0]}`);
	}
	return json.access_token;
}

/**
 * Checks a token given with --token-env before anything is sent: a JWT (three parts), for Microsoft Graph, not
 * expired. A token it cannot decode is sent as it is (Graph answers for it).
 */
export function checkGraphToken(token: string, varName: string, now: Date): void {
	if (token.split('.').length !== 3) {
		throw new UsageError(`The value of '${varName}' is not an access token (a JWT has three parts separated by dots); export a Microsoft Graph token in it, e.g. az account get-access-token --resource-type ms-graph --query accessToken -o tsv.`);
	}
	let payload: Record<string, unknown>;
	try {
		payload = decodeJwt(token).payload;
	} catch {
		return;
	}
	const aud = String(payload.aud ?? '').replace(/\/+$/, '').toLowerCase();
	const graph = Object.values(CLOUD_RESOURCES).some((c) => c.graph.toLowerCase() === aud) || aud === '00000003-0000-0000-c000-000000000000';
	if (aud && !graph) {
		throw new UsageError(`The token in '${varName}' is for '${String(payload.aud)}', not Microsoft Graph; get one for Graph, e.g. az account get-access-token --resource-type ms-graph.`);
	}
	if (typeof payload.exp === 'number' && payload.exp * 1000 <= now.getTime()) {
		throw new UsageError(`The token in '${varName}' expired at ${new Date(payload.exp * 1000).toISOString()}; get a new one (az account get-access-token --resource-type ms-graph).`);
	}
}

function azureCliToken(): Promise<string> {
	return new Promise((resolveToken, reject) => {
		execFile('az', ['account', 'get-access-token', '--resource-type', 'ms-graph', '--query', 'accessToken', '-o', 'tsv'], { timeout: 60_000, shell: process.platform === 'win32', windowsHide: true }, (error, stdout, stderr) => {
			if (error) {
				const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
				reject(new UsageError(missing ? 'No Graph token: the Azure CLI (az) is not installed or not on PATH. Install it and run az login, pass --token-env VAR with a Graph token, or --sandbox URL.' : `The Azure CLI gave no Graph token (${(stderr || error.message).trim().split('\n')[0]}); run az login (with --tenant for the app's tenant), or pass --token-env VAR.`));
				return;
			}
			const token = stdout.trim();
			if (!token) {
				reject(new UsageError('The Azure CLI printed no token; run az login, or pass --token-env VAR.'));
				return;
			}
			resolveToken(token);
		});
	});
}

async function target(args: ParsedArgs, io: CliIO): Promise<Target> {
	const sandbox = opt(args, 'sandbox');
	const tokenEnv = opt(args, 'token-env');
	if (sandbox !== undefined && tokenEnv !== undefined) {
		throw new UsageError('Give --sandbox URL or --token-env VAR, not both.');
	}
	if (sandbox !== undefined) {
		return { baseUrl: sandboxOrigin(sandbox), token: await sandboxToken(sandbox, io), source: 'sandbox' };
	}
	if (tokenEnv !== undefined) {
		const token = io.env[tokenEnv]?.trim().replace(/^Bearer\s+/i, '');
		if (!token) {
			throw new UsageError(`The environment variable '${tokenEnv}' named by --token-env is not set or empty; export a Microsoft Graph access token in it.`);
		}
		checkGraphToken(token, tokenEnv, io.now());
		return { baseUrl: graphRootOfToken(token), token, source: 'token-env' };
	}
	const token = await azureCliToken();
	return { baseUrl: graphRootOfToken(token), token, source: 'azure-cli' };
}

/** A Graph answer that failed: its findings, printed; exit 1. */
class GraphFailure extends Error {
	constructor(readonly findings: Finding[], readonly response: GraphResponse) {
		super(findings[0]?.message ?? `HTTP ${response.status}`);
	}
}

async function send(req: GraphRequest, operation: GraphOperation): Promise<GraphResponse> {
	const res = await sendGraphRequest(req, { fetch: (url, init) => fetch(url, init) });
	if (!res.ok) {
		throw new GraphFailure(explainGraphError(res, operation), res);
	}
	return res;
}

async function readApp(t: Target, appId: string): Promise<GraphApplication> {
	const res = await send(getApplicationRequest({ baseUrl: t.baseUrl, appId, token: t.token }), 'read');
	return parseApplication(res.json);
}

const CERT_EXT = /\.(pem|crt|cer|der)$/i;
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', 'bin', 'obj']);

/** Certificate files under the folder (bounded: depth 5, 5000 entries; hidden and build folders skipped; key-only PEMs left out). */
async function workspaceCertificates(root: string): Promise<WorkspaceCertificate[]> {
	const found: WorkspaceCertificate[] = [];
	let visited = 0;
	const walk = async (dir: string, depth: number): Promise<void> => {
		let entries;
		try {
			entries = await readdir(dir, { withFileTypes: true });
		} catch {
			return;
		}
		for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			if (++visited > 5000) {
				return;
			}
			const p = join(dir, e.name);
			if (e.isDirectory() && depth < 5 && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) {
				await walk(p, depth + 1);
			} else if (e.isFile() && CERT_EXT.test(e.name)) {
				try {
					const c = await loadCertificateFile(p);
					found.push({ path: relative(root, p), sha1Hex: c.info.sha1Hex, subject: c.info.subject, notAfter: c.info.notAfter });
				} catch {
					// Not a certificate (a key file, something else): not part of the comparison.
				}
			}
		}
	};
	await walk(root, 0);
	return found;
}

function checkAppId(value: string | undefined, usage: string): string {
	if (!value) {
		throw new UsageError(`Give the application (client) ID: entra-cert ${usage}.`);
	}
	return value;
}

/** Runs a command body; a Graph failure prints its findings (JSON or text) and exits 1. */
async function guarded(args: ParsedArgs, io: CliIO, body: () => Promise<number>): Promise<number> {
	try {
		return await body();
	} catch (e) {
		if (e instanceof GraphFailure) {
			if (flag(args, 'json')) {
				printJson(io, { ok: false, status: e.response.status, error: e.response.error ?? null, findings: e.findings });
			} else {
				io.stderr(`Microsoft Graph answered HTTP ${e.response.status}${e.response.error ? ` ${e.response.error.code}` : ''}.\n`);
				printFindings(io, e.findings);
			}
			return 1;
		}
		throw e;
	}
}

function matchLines(app: GraphApplication, m: ReturnType<typeof matchKeysToWorkspace>): string[] {
	const lines = [`${app.displayName} (appId ${app.appId}, object ID ${app.id}): ${app.keyCredentials.length} key${app.keyCredentials.length === 1 ? '' : 's'}`];
	for (const k of m.keys) {
		const flags = [k.expired ? 'EXPIRED' : undefined, k.expiring ? 'expiring soon' : undefined, k.notYetValid ? 'not yet valid' : undefined].filter(Boolean).join(', ');
		lines.push(`  ${k.keyId}  ${k.displayName ?? ''}`, `    SHA-1 ${k.sha1Hex ?? '(unknown)'}  ${k.start ?? '?'} → ${k.end ?? '?'}  ${k.type}/${k.usage}${flags ? `  [${flags}]` : ''}`, `    ${k.status}${k.files.length > 0 ? `: ${k.files.join(', ')}` : ''}`);
	}
	// One line per certificate: the same certificate as .pem and .cer is one line naming both files.
	const byThumb = new Map<string, string[]>();
	for (const c of m.notRegistered) {
		const h = c.sha1Hex.toUpperCase();
		byThumb.set(h, [...(byThumb.get(h) ?? []), c.path]);
	}
	for (const [h, paths] of byThumb) {
		lines.push(`  file here, not registered: ${paths.join(', ')} (SHA-1 ${h})`);
	}
	return lines;
}

export const appShowCommand: CliCommand = {
	...appShowSpec,
	run(args, io) {
		return guarded(args, io, async () => {
			const appId = checkAppId(args.positionals[0], 'app show APP_ID');
			if (args.positionals.length > 1) {
				throw new UsageError('Give one application ID: entra-cert app show APP_ID.');
			}
			const t = await target(args, io);
			const app = await readApp(t, appId);
			const m = matchKeysToWorkspace(app.keyCredentials, await workspaceCertificates(io.cwd), { now: io.now() });
			if (flag(args, 'json')) {
				printJson(io, { ...app, workspace: m, source: t.source });
			} else {
				io.stdout(`${matchLines(app, m).join('\n')}\n`);
			}
			return 0;
		});
	},
};

/** The proof certificate and key (a PFX or a PEM with both carries its own key). */
async function proofMaterial(args: ParsedArgs, io: CliIO): Promise<{ certificateDer: Uint8Array; privateKeyPkcs8: Uint8Array; sha1Hex: string } | undefined> {
	const certPath = opt(args, 'proof-cert');
	const keyPath = opt(args, 'proof-key');
	if (certPath === undefined) {
		if (keyPath !== undefined) {
			throw new UsageError('--proof-key needs --proof-cert (the certificate already on the app).');
		}
		return undefined;
	}
	const password = passwordFromEnv(args, io);
	const cert = await loadCertificateFile(resolve(io.cwd, certPath), { password });
	const key = keyPath !== undefined ? await loadPrivateKeyFile(resolve(io.cwd, keyPath), { passphrase: password }) : cert.privateKey;
	if (!key) {
		throw new UsageError(`'${certPath}' holds no private key; pass the key file with --proof-key KEY.`);
	}
	if (!keyMatchesCertificate(key, cert.certificates[0])) {
		throw new UsageError(`The key${keyPath !== undefined ? ` '${keyPath}'` : ''} is not the private key of --proof-cert '${certPath}' (SHA-1 ${cert.info.sha1Hex}); pass that certificate's own key file with --proof-key.`);
	}
	return { certificateDer: cert.certificates[0], privateKeyPkcs8: key.pkcs8Der, sha1Hex: cert.info.sha1Hex };
}

/**
 * Prints what will change; on a terminal (io.confirm) asks before the write unless --yes. False when the user
 * declines: the command then says nothing was changed and exits 0.
 */
async function previewAndConfirm(args: ParsedArgs, io: CliIO, lines: string[]): Promise<boolean> {
	const text = `Will change:\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
	if (flag(args, 'json')) {
		io.stderr(text);
	} else {
		io.stdout(text);
	}
	if (!io.confirm || flag(args, 'yes')) {
		return true;
	}
	if (await io.confirm('Send this change to Microsoft Graph? [y/N] ')) {
		return true;
	}
	if (flag(args, 'json')) {
		printJson(io, { ok: false, cancelled: true, preview: lines });
	} else {
		io.stdout('Cancelled: nothing was changed.\n');
	}
	return false;
}

export const appAddCertCommand: CliCommand = {
	...appAddCertSpec,
	run(args, io) {
		return guarded(args, io, async () => {
			const [appIdArg, certArg] = args.positionals;
			const appId = checkAppId(appIdArg, 'app add-cert APP_ID CERT');
			if (!certArg || args.positionals.length > 2) {
				throw new UsageError('Give the application ID and one certificate: entra-cert app add-cert APP_ID CERT.');
			}
			const proof = await proofMaterial(args, io);
			const loaded = await loadCertificateFile(resolve(io.cwd, certArg), { password: passwordFromEnv(args, io) });
			const cert = { der: loaded.certificates[0], notBefore: loaded.info.notBefore, notAfter: loaded.info.notAfter, subject: loaded.info.subject };
			const t = await target(args, io);
			const app = await readApp(t, appId);
			const now = io.now();
			const plan = planAddCertificate({ app, cert, withProof: proof !== undefined, now, proofSha1Hex: proof?.sha1Hex });
			if (!(await previewAndConfirm(args, io, plan.preview))) {
				return 0;
			}
			let added: unknown;
			if (proof) {
				const jwt = await signProof({ certificateDer: proof.certificateDer, privateKeyPkcs8: proof.privateKeyPkcs8, objectId: app.id, now });
				const res = await send(addKeyRequest({ baseUrl: t.baseUrl, app, token: t.token, cert, proof: jwt }), 'addKey');
				added = parseKeyCredential(res.json);
			} else {
				const entry = newKeyCredentialEntry(cert);
				await send(patchKeyCredentialsRequest({ baseUrl: t.baseUrl, app, token: t.token, add: entry }), 'patch');
				added = { ...entry, key: null };
			}
			const after = await readApp(t, appId);
			if (flag(args, 'json')) {
				printJson(io, { ok: true, method: plan.method, preview: plan.preview, added, app: after });
			} else {
				io.stdout(`Done (${plan.method === 'addKey' ? 'addKey' : 'PATCH'}): ${after.displayName} now has ${after.keyCredentials.length} key${after.keyCredentials.length === 1 ? '' : 's'}.\n`);
			}
			return 0;
		});
	},
};

export const appRemoveCertCommand: CliCommand = {
	...appRemoveCertSpec,
	run(args, io) {
		return guarded(args, io, async () => {
			const [appIdArg, keyId] = args.positionals;
			const appId = checkAppId(appIdArg, 'app remove-cert APP_ID KEY_ID');
			if (!keyId || args.positionals.length > 2) {
				throw new UsageError("Give the application ID and the key's keyId: entra-cert app remove-cert APP_ID KEY_ID (app show lists the keyIds).");
			}
			const proof = await proofMaterial(args, io);
			const t = await target(args, io);
			const app = await readApp(t, appId);
			const now = io.now();
			const plan = planRemoveKey({ app, keyId, now, proofSha1Hex: proof?.sha1Hex });
			if (!(await previewAndConfirm(args, io, plan.preview))) {
				return 0;
			}
			if (proof) {
				const jwt = await signProof({ certificateDer: proof.certificateDer, privateKeyPkcs8: proof.privateKeyPkcs8, objectId: app.id, now });
				await send(removeKeyRequest({ baseUrl: t.baseUrl, app, token: t.token, keyId: plan.removed ?? keyId, proof: jwt }), 'removeKey');
			} else {
				await send(patchKeyCredentialsRequest({ baseUrl: t.baseUrl, app, token: t.token, removeKeyIds: [plan.removed ?? keyId] }), 'patch');
			}
			const after = await readApp(t, appId);
			if (flag(args, 'json')) {
				printJson(io, { ok: true, method: plan.method, preview: plan.preview, removed: plan.removed, app: after });
			} else {
				io.stdout(`Done (${plan.method === 'removeKey' ? 'removeKey' : 'PATCH'}): ${after.displayName} now has ${after.keyCredentials.length} key${after.keyCredentials.length === 1 ? '' : 's'}.\n`);
			}
			return 0;
		});
	},
};
