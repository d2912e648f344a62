/**
 * The registrations feature's implementation: signing in to Microsoft Graph (VS Code's Microsoft account, the Azure
 * CLI, or the sandbox's emulated tenant), reading the owned apps and their keyCredentials, matching them to workspace
 * certificates, and the writes (PATCH, addKey, removeKey), each previewed and confirmed in a modal first. Tokens stay
 * in memory (RegistrationsState.session) and are never logged.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { decodeJwt } from '../../core/jwt/decode';
import { CLOUD_RESOURCES } from '../../core/token/clouds';
import {
	addKeyRequest,
	diffManifestWithLive,
	explainGraphError,
	getApplicationRequest,
	keyThumbprint,
	liveToManifest,
	matchKeysToWorkspace,
	newKeyCredentialEntry,
	ownedApplicationsRequest,
	parseApplication,
	parseApplicationList,
	patchKeyCredentialsRequest,
	planAddCertificate,
	planRemoveKey,
	removeKeyRequest,
	sendGraphRequest,
	signProof,
	validCertificateKeys,
	type GraphApplication,
	type GraphOperation,
	type GraphRequest,
	type GraphResponse,
	type WorkspaceCertificate,
} from '../../core/graph';
import type { CertificateForManifest } from '../../core/manifest/keyCredential';
import { writeFileAtomic } from '../../node/files';
import { liveKeys } from '../shared/liveKeys';
import { log } from '../shared/log';
import { keyFor, readMaterial } from '../shared/material';
import { UserError } from '../shared/runCommand';
import type { IndexedCertificate } from '../shared/workspaceIndex';
import type { RegistrationNode, RegistrationSession, RegistrationsModel as RegistrationsState } from './types';

type Source = RegistrationSession['source'];
const SOURCES: Source[] = ['microsoft', 'azureCli', 'sandbox'];
/** The Azure CLI's public client ID: the client named when signing in to the sandbox (as the CLI does). */
const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const READ_SCOPE = 'Application.Read.All';
const WRITE_SCOPE = 'Application.ReadWrite.All';

/** The view's id: its progress bar shows while Graph is read or written. */
const VIEW_ID = 'entraCert.registrations';
/** The context key the view's welcome text follows (signed out: how to sign in; signed in with no apps: show one by ID). */
const SIGNED_IN_CONTEXT = 'entraCert.registrations.signedIn';

/** Runs Graph work with the view's progress bar (and the window's, for when the view is hidden). */
function busy<T>(title: string, work: () => Promise<T>): Promise<T> {
	return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work)));
}

function setSignedIn(value: boolean): void {
	void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, value);
}

/** The apps last read, per view state. */
const appsOf = new WeakMap<RegistrationsState, Map<string, GraphApplication>>();
function apps(state: RegistrationsState): Map<string, GraphApplication> {
	let m = appsOf.get(state);
	if (!m) {
		m = new Map();
		appsOf.set(state, m);
	}
	return m;
}

/** The Graph root a token was issued for (its aud), default the global service. */
function graphRootOfToken(token: string): string {
	try {
		const aud = String(decodeJwt(token).payload.aud ?? '').replace(/\/+$/, '').toLowerCase();
		return Object.values(CLOUD_RESOURCES).find((c) => c.graph.toLowerCase() === aud)?.graph ?? CLOUD_RESOURCES.public.graph;
	} catch {
		return CLOUD_RESOURCES.public.graph;
	}
}

function settings() {
	const c = vscode.workspace.getConfiguration('entraCert.registrations');
	return { signIn: c.get<Source>('signIn', 'microsoft'), tenant: c.get<string>('tenant', '').trim() };
}

function microsoftScopes(write: boolean, tenant: string | undefined): string[] {
	const graph = CLOUD_RESOURCES.public.graph;
	return [`${graph}/${write ? WRITE_SCOPE : READ_SCOPE}`, ...(tenant ? [`VSCODE_TENANT:${tenant}`] : [])];
}

async function sandboxSession(state: RegistrationsState): Promise<RegistrationSession> {
	const sb = state.sandbox.current ?? (await state.sandbox.start());
	const user = sb.users[0];
	const body = new URLSearchParams({ grant_type: 'password', client_id: AZURE_CLI_CLIENT_ID, username: user.preferredUsername, password: 'sandbox', scope: `${CLOUD_RESOURCES.public.graph}/.default` });
	const res = await fetch(`${sb.url}/organizations/oauth2/v2.0/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString(), redirect: 'manual', signal: AbortSignal.timeout(30_000) });
	const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
	if (!res.ok || typeof json.access_token !== 'string') {
		throw new UserError(vscode.l10n.t('The sandbox at {0} did not sign you in: {1}', sb.url, String(json.error_description ?? `HTTP ${res.status}`)));
	}
	return { source: 'sandbox', baseUrl: sb.url, account: user.preferredUsername, token: json.access_token, writeToken: json.access_token, tenant: sb.tenantId };
}

function azureCliToken(tenant: string | undefined): Promise<string> {
	return new Promise((resolve, reject) => {
		const args = ['account', 'get-access-token', '--resource-type', 'ms-graph', '--query', 'accessToken', '-o', 'tsv', ...(tenant ? ['--tenant', tenant] : [])];
		execFile('az', args, { timeout: 60_000, shell: process.platform === 'win32', windowsHide: true }, (error, stdout, stderr) => {
			if (error) {
				const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
				reject(new UserError(missing ? vscode.l10n.t('The Azure CLI (az) is not installed or not on PATH; install it and run az login, or set entraCert.registrations.signIn to microsoft.') : vscode.l10n.t('The Azure CLI gave no Graph token ({0}); run az login in a terminal.', (stderr || error.message).trim().split('\n')[0])));
				return;
			}
			const token = stdout.trim();
			if (!token) {
				reject(new UserError(vscode.l10n.t('The Azure CLI printed no token; run az login in a terminal.')));
				return;
			}
			resolve(token);
		});
	});
}

/** Signs in with the source in the argument or the setting; returns who is signed in (never the token). */
export async function signIn(state: RegistrationsState, arg?: unknown): Promise<{ source: Source; account: string; baseUrl: string; apps: number }> {
	const a = (arg && typeof arg === 'object' ? arg : {}) as { source?: Source; tenant?: string };
	const s = settings();
	const source = a.source && SOURCES.includes(a.source) ? a.source : s.signIn;
	const tenant = a.tenant ?? (s.tenant || undefined);
	let session: RegistrationSession;
	if (source === 'sandbox') {
		session = await busy(vscode.l10n.t('Signing in to the local sandbox…'), () => sandboxSession(state));
	} else if (source === 'azureCli') {
		const token = await busy(vscode.l10n.t('Getting a Graph token from the Azure CLI…'), () => azureCliToken(tenant));
		session = { source, token, writeToken: token, baseUrl: graphRootOfToken(token), account: accountOf(token), tenant };
	} else {
		const got = await vscode.authentication.getSession('microsoft', microsoftScopes(false, tenant), { createIfNone: true });
		session = { source, token: got.accessToken, baseUrl: graphRootOfToken(got.accessToken), account: got.account.label, tenant };
	}
	state.session = session;
	setSignedIn(true);
	// Diagnose, the hover and the workbench read the live keys from this store (tokens never leave this chunk).
	liveKeys.signedIn(liveSourceLabel(session), async (appId, signal) => {
		if (state.session !== session) {
			return undefined;
		}
		const res = await sendGraphRequest(getApplicationRequest({ baseUrl: session.baseUrl, appId, token: session.token }), { fetch: (url, init) => fetch(url, init), signal, timeoutMs: 10_000 });
		if (!res.ok) {
			log.info(`Registrations: live keys of ${appId} for Diagnose → ${res.status}`);
			throw new GraphFailure(res, 'read');
		}
		const app = parseApplication(res.json);
		apps(state).set(app.appId.toLowerCase(), app);
		return app;
	});
	log.info(`Registrations: signed in to ${session.baseUrl} with ${source} as ${session.account}`);
	await refresh(state);
	return { source, account: session.account, baseUrl: session.baseUrl, apps: apps(state).size };
}

function accountOf(token: string): string {
	try {
		const p = decodeJwt(token).payload;
		return String(p.upn ?? p.preferred_username ?? p.unique_name ?? p.oid ?? 'Azure CLI');
	} catch {
		return 'Azure CLI';
	}
}

/** The source as the findings name it: "Entra (signed in as …)", "the sandbox at http://127.0.0.1:… (signed in as …)". */
function liveSourceLabel(s: RegistrationSession): string {
	switch (s.source) {
		case 'sandbox':
			return `the sandbox at ${s.baseUrl} (signed in as ${s.account})`;
		case 'azureCli':
			return `Entra${cloudNote(s.baseUrl)} (signed in with the Azure CLI as ${s.account})`;
		default:
			return `Entra${cloudNote(s.baseUrl)} (signed in as ${s.account})`;
	}
}

/** A sovereign cloud's Graph host, named; nothing for the global service. */
function cloudNote(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '').toLowerCase() === CLOUD_RESOURCES.public.graph.toLowerCase() ? '' : ` via ${baseUrl.replace(/^https:\/\//, '')}`;
}

export function signOut(state: RegistrationsState): void {
	state.session = undefined;
	setSignedIn(false);
	liveKeys.signedOut();
	apps(state).clear();
	state.update([]);
}

function requireSession(state: RegistrationsState): RegistrationSession {
	if (!state.session) {
		throw new UserError(vscode.l10n.t('Sign in first (Entra Cert: Sign In to Microsoft Graph).'));
	}
	return state.session;
}

/** The token for a write: the Microsoft provider asks for the write scope only now. */
async function writeToken(state: RegistrationsState): Promise<string> {
	const s = requireSession(state);
	if (!s.writeToken) {
		const got = await vscode.authentication.getSession('microsoft', microsoftScopes(true, s.tenant), { createIfNone: true });
		s.writeToken = got.accessToken;
	}
	return s.writeToken;
}

/** A failed Graph answer as the kit explains errors: the findings, in one message (and the log). */
class GraphFailure extends UserError {
	constructor(readonly response: GraphResponse, operation: GraphOperation) {
		const findings = explainGraphError(response, operation);
		// The sentence first (a collapsed notification shows one line), Graph's code last.
		super(findings.map((f) => `${f.message}${f.fix ? ` ${f.fix}` : ''} (${f.code})`).join('\n') || `Microsoft Graph answered HTTP ${response.status}.`);
	}
}

async function send(req: GraphRequest, operation: GraphOperation): Promise<GraphResponse> {
	const res = await sendGraphRequest(req, { fetch: (url, init) => fetch(url, init) });
	log.info(`Registrations: ${req.method} ${req.url.replace(/\?.*$/, '')} → ${res.status}`);
	if (!res.ok) {
		throw new GraphFailure(res, operation);
	}
	return res;
}

async function readApp(state: RegistrationsState, appId: string): Promise<GraphApplication> {
	const s = requireSession(state);
	const app = parseApplication((await send(getApplicationRequest({ baseUrl: s.baseUrl, appId, token: s.token }), 'read')).json);
	apps(state).set(app.appId.toLowerCase(), app);
	liveKeys.put(app);
	return app;
}

async function workspaceCertificates(state: RegistrationsState): Promise<(WorkspaceCertificate & { indexed: IndexedCertificate })[]> {
	const certs = await state.index.certificates();
	return certs.filter((c) => c.info).map((c) => ({ path: vscode.workspace.asRelativePath(c.uri), sha1Hex: c.info!.sha1Hex, subject: c.info!.subject, notAfter: c.info!.notAfter, indexed: c }));
}

/** Reads the owned apps (and the app IDs typed in) again and redraws the view; returns what the view shows. */
export async function refresh(state: RegistrationsState): Promise<RegistrationNode[]> {
	const s = requireSession(state);
	return busy(vscode.l10n.t('Reading app registrations…'), async () => {
		const owned = parseApplicationList((await send(ownedApplicationsRequest({ baseUrl: s.baseUrl, token: s.token }), 'list')).json);
		const ids = new Set([...owned.map((a) => a.appId.toLowerCase()), ...state.typedAppIds]);
		apps(state).clear();
		for (const id of ids) {
			await readApp(state, id);
		}
		return render(state);
	});
}

function expiringDays(): number {
	return vscode.workspace.getConfiguration('entraCert').get<number>('expiryWarningDays', 30);
}

/** Builds the view's rows from the apps last read and the workspace index. */
export async function render(state: RegistrationsState): Promise<RegistrationNode[]> {
	const s = state.session;
	if (!s) {
		state.update([]);
		return [];
	}
	const certs = await workspaceCertificates(state);
	const now = new Date();
	const nodes: RegistrationNode[] = [];
	const shown = [...apps(state).values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
	// Certificates some app in the view already has are not listed as "not registered" under the others (they would
	// repeat under every app); the Add picker still offers them.
	const onSomeApp = new Set(shown.flatMap((a) => a.keyCredentials.map((k) => keyThumbprint(k)?.sha1Hex).filter((h): h is string => h !== undefined)));
	for (const app of shown) {
		const m = matchKeysToWorkspace(app.keyCredentials, certs, { now, expiringDays: expiringDays() });
		const children: RegistrationNode[] = m.keys.map((k) => {
			const day = k.end?.slice(0, 10);
			// The row's description is short (the side bar is narrow): a problem first, then where the file is; the whole
			// status ("registered, file here", …) is in the tooltip and the screen reader's label.
			const flag = k.expired ? vscode.l10n.t('expired') : k.notYetValid ? vscode.l10n.t('not yet valid') : k.expiring ? vscode.l10n.t('expiring') : undefined;
			const where = k.status === 'registered, file here' ? vscode.l10n.t('file here') : vscode.l10n.t('no file here');
			return {
				id: `${app.appId}/${k.keyId}`,
				label: k.displayName || k.sha1Hex || k.keyId,
				description: [flag, where].filter(Boolean).join(' · '),
				ariaLabel: [k.displayName || k.keyId, k.status, flag, day ? vscode.l10n.t('until {0}', day) : undefined].filter(Boolean).join(', '),
				tooltip: [`**${k.displayName ?? k.keyId}**`, `${flag ? `**${flag}** · ` : ''}${k.status}${k.files.length ? `: ${k.files.join(', ')}` : ''}`, `${k.start ?? '?'} → ${k.end ?? '?'}`, `keyId \`${k.keyId}\``, `SHA-1 \`${k.sha1Hex ?? '?'}\`${k.thumbprintFrom ? ` (${k.thumbprintFrom})` : ''}`, `${k.type} / ${k.usage}`].join('\n\n'),
				icon: k.status === 'registered, file here' ? 'pass' : 'cloud',
				color: k.expired ? 'list.errorForeground' : k.expiring || k.notYetValid ? 'list.warningForeground' : k.status === 'registered, file here' ? 'testing.iconPassed' : undefined,
				contextValue: 'registrationKey',
				appId: app.appId,
				keyId: k.keyId,
			};
		});
		// One row per certificate (a PEM and its .cer are the same certificate), named by the file a user signs with
		// (PEM/PFX before .cer/.der), its files in the tooltip.
		const byThumb = new Map<string, string[]>();
		for (const c of m.notRegistered) {
			const h = c.sha1Hex.toUpperCase();
			if (!onSomeApp.has(h)) {
				byThumb.set(h, [...(byThumb.get(h) ?? []), c.path]);
			}
		}
		for (const [sha, files] of byThumb) {
			const status = vscode.l10n.t('file here, not registered');
			const name = path.basename(preferredFile(files));
			children.push({ id: `${app.appId}/file/${sha}`, label: name, description: files.length > 1 ? `${vscode.l10n.t('not registered')} · ${vscode.l10n.t('{0} files', files.length)}` : vscode.l10n.t('not registered'), ariaLabel: `${name}, ${status}`, tooltip: `**${status}**\n\n${files.join(', ')}\n\nSHA-1 \`${sha}\``, icon: 'circle-outline', contextValue: 'registrationFile', appId: app.appId });
		}
		nodes.push({
			id: app.appId,
			label: app.displayName,
			description: `${vscode.l10n.t('{0} key(s)', app.keyCredentials.length)} · ${app.appId}`,
			tooltip: `**${app.displayName}**\n\nappId \`${app.appId}\`\n\nobject ID \`${app.id}\`\n\n${vscode.l10n.t('Read from {0}', liveSourceLabel(s))}`,
			icon: 'symbol-class',
			contextValue: 'registrationApp',
			appId: app.appId,
			children,
		});
	}
	state.update(nodes);
	return nodes;
}

/** The file to name a certificate by: a PEM or PFX (what a user signs with) before a .cer/.crt/.der copy. */
function preferredFile(files: string[]): string {
	const rank = (f: string) => (/\.(pem|pfx|p12)$/i.test(f) ? 0 : 1);
	return [...files].sort((a, b) => rank(a) - rank(b))[0];
}

/** Adds an app ID typed in (or given) to the view. */
export async function showApp(state: RegistrationsState, arg?: unknown): Promise<GraphApplication | undefined> {
	requireSession(state);
	let appId = (arg as { appId?: string } | undefined)?.appId;
	appId ??= await vscode.window.showInputBox({ title: vscode.l10n.t('Application (client) ID'), placeHolder: '00000000-0000-0000-0000-000000000000', ignoreFocusOut: true });
	if (!appId) {
		return undefined;
	}
	const app = await readApp(state, appId.trim());
	state.typedAppIds.add(app.appId.toLowerCase());
	await render(state);
	return app;
}

interface WriteArgs {
	appId?: string;
	keyId?: string;
	/** A workspace certificate file (absolute path or URI). */
	certificate?: string;
	/** Test hook: answers the confirmation modal (true: send, false: cancel). */
	confirm?: boolean;
	/** Roll: remove the old key without asking (the test hook for the second modal). */
	removeOld?: boolean;
}

/**
 * The command's arguments. The test hooks (confirm, removeOld: answers instead of the modals) are honoured only when
 * the extension runs its tests; from anyone else (another extension, a command link) they are dropped, so every
 * write still shows its preview and asks.
 */
function writeArgs(state: RegistrationsState, a: unknown, b: unknown): WriteArgs {
	const first = (a && typeof a === 'object' ? a : {}) as WriteArgs & RegistrationNode;
	const second = (b && typeof b === 'object' ? b : {}) as WriteArgs;
	const args: WriteArgs = { ...first, ...second, appId: second.appId ?? first.appId, keyId: second.keyId ?? first.keyId };
	if (!state.testHooks && (args.confirm !== undefined || args.removeOld !== undefined)) {
		log.warn('Registrations: a command was called with a test-only confirmation argument outside tests; it is ignored and the confirmation is asked.');
		delete args.confirm;
		delete args.removeOld;
	}
	return args;
}

async function chooseApp(state: RegistrationsState, appId: string | undefined): Promise<GraphApplication | undefined> {
	if (appId) {
		return readApp(state, appId);
	}
	const list = [...apps(state).values()];
	const pick = await vscode.window.showQuickPick(list.map((a) => ({ label: a.displayName, description: a.appId, app: a })), { title: vscode.l10n.t('Which app registration?') });
	return pick ? readApp(state, pick.app.appId) : undefined;
}

async function chooseCertificate(state: RegistrationsState, given: string | undefined, app: GraphApplication): Promise<IndexedCertificate | undefined> {
	const certs = await workspaceCertificates(state);
	if (given) {
		const uri = given.includes('://') ? vscode.Uri.parse(given) : vscode.Uri.file(given);
		const hit = certs.find((c) => c.indexed.uri.fsPath === uri.fsPath);
		if (!hit) {
			throw new UserError(vscode.l10n.t("'{0}' is not a readable certificate in the workspace.", given));
		}
		return hit.indexed;
	}
	const registered = new Set(app.keyCredentials.map((k) => keyThumbprint(k)?.sha1Hex));
	const seen = new Set<string>();
	const rank = (c: (typeof certs)[number]) => (/\.(pem|pfx|p12)$/i.test(c.path) ? 0 : 1) + (c.indexed.keyUri || /\.(pfx|p12)$/i.test(c.path) ? 0 : 2);
	const items = [...certs].sort((a, b) => rank(a) - rank(b)).filter((c) => !registered.has(c.sha1Hex.toUpperCase()) && !seen.has(c.sha1Hex.toUpperCase()) && seen.add(c.sha1Hex.toUpperCase())).sort((a, b) => a.path.localeCompare(b.path)).map((c) => ({ label: path.basename(c.path), description: c.subject, detail: `${c.path} · SHA-1 ${c.sha1Hex} · ${vscode.l10n.t('until {0}', c.notAfter?.toISOString().slice(0, 10) ?? '?')}`, c }));
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add which certificate to {0}?', app.displayName), matchOnDetail: true });
	return pick?.c.indexed;
}

function forManifest(c: IndexedCertificate): CertificateForManifest {
	const info = c.info!;
	return { der: info.der, notBefore: info.notBefore, notAfter: info.notAfter, subject: info.subject };
}

/** The workspace certificate (with its key) for one of the app's valid keys, to sign a proof; undefined when none is here. */
async function proofMaterial(state: RegistrationsState, app: GraphApplication, exceptKeyId?: string): Promise<{ certificateDer: Uint8Array; privateKeyPkcs8: Uint8Array; sha1Hex: string } | undefined> {
	const now = new Date();
	const valid = validCertificateKeys({ ...app, keyCredentials: app.keyCredentials.filter((k) => k.keyId !== exceptKeyId) }, now);
	const certs = await state.index.certificates();
	for (const k of valid) {
		const t = keyThumbprint(k)?.sha1Hex;
		const c = certs.find((x) => x.info && x.info.sha1Hex.toUpperCase() === t && (x.keyUri || x.uri.fsPath.match(/\.(pfx|p12)$/i)));
		if (!c) {
			continue;
		}
		const material = await readMaterial(c.uri);
		const key = await keyFor(state.index, c.uri, material.privateKey);
		if (key) {
			return { certificateDer: c.info!.der, privateKeyPkcs8: key.pkcs8Der, sha1Hex: c.info!.sha1Hex.toUpperCase() };
		}
	}
	return undefined;
}

/** Shows the preview in a modal and asks; `confirm` (tests only) answers instead. */
async function confirmWrite(title: string, preview: string[], action: string, confirm: boolean | undefined): Promise<boolean> {
	log.info(`Registrations: ${title}\n${preview.map((l) => `  ${l}`).join('\n')}`);
	if (confirm !== undefined) {
		return confirm;
	}
	const choice = await vscode.window.showWarningMessage(title, { modal: true, detail: preview.join('\n') }, action);
	return choice === action;
}

export interface WriteResult {
	method: 'patch' | 'addKey' | 'removeKey';
	preview: string[];
	sent: boolean;
	app: GraphApplication;
	removed?: { method: 'patch' | 'removeKey'; preview: string[]; keyId: string };
}

/** Adds a workspace certificate to an app: PATCH when it has no valid certificate, else addKey with a proof signed by one found here. */
export async function addCertificate(state: RegistrationsState, a?: unknown, b?: unknown): Promise<WriteResult | undefined> {
	const args = writeArgs(state, a, b);
	requireSession(state);
	const app = await chooseApp(state, args.appId);
	if (!app) {
		return undefined;
	}
	const cert = await chooseCertificate(state, args.certificate, app);
	if (!cert) {
		return undefined;
	}
	return add(state, app, cert, args.confirm);
}

async function add(state: RegistrationsState, app: GraphApplication, cert: IndexedCertificate, confirm: boolean | undefined): Promise<WriteResult> {
	const s = requireSession(state);
	const now = new Date();
	const hasValid = validCertificateKeys(app, now).length > 0;
	const proof = hasValid ? await proofMaterial(state, app) : undefined;
	if (hasValid && !proof) {
		log.info('Registrations: the app has a valid certificate but none with its private key is in the workspace; PATCH is used (it needs Application.ReadWrite.All and ownership).');
	}
	const c = forManifest(cert);
	const plan = planAddCertificate({ app, cert: c, withProof: !!proof, now, proofSha1Hex: proof?.sha1Hex });
	const ok = await confirmWrite(vscode.l10n.t('Add {0} to {1}?', path.basename(cert.uri.fsPath), app.displayName), plan.preview, vscode.l10n.t('Add Certificate'), confirm);
	if (!ok) {
		return { method: plan.method, preview: plan.preview, sent: false, app };
	}
	const token = await writeToken(state);
	const after = await busy(vscode.l10n.t('Adding the certificate to {0}…', app.displayName), async () => {
		if (proof) {
			const jwt = await signProof({ certificateDer: proof.certificateDer, privateKeyPkcs8: proof.privateKeyPkcs8, objectId: app.id, now });
			await send(addKeyRequest({ baseUrl: s.baseUrl, app, token, cert: c, proof: jwt }), 'addKey');
		} else {
			await send(patchKeyCredentialsRequest({ baseUrl: s.baseUrl, app, token, add: newKeyCredentialEntry(c) }), 'patch');
		}
		const read = await readApp(state, app.appId);
		await render(state);
		return read;
	});
	void vscode.window.showInformationMessage(vscode.l10n.t('Added {0} to {1} ({2}); it now has {3} key(s).', path.basename(cert.uri.fsPath), after.displayName, plan.method === 'addKey' ? 'addKey' : 'PATCH', after.keyCredentials.length));
	return { method: plan.method, preview: plan.preview, sent: true, app: after };
}

async function remove(state: RegistrationsState, app: GraphApplication, keyId: string, confirm: boolean | undefined): Promise<{ method: 'patch' | 'removeKey'; preview: string[]; sent: boolean; app: GraphApplication }> {
	const s = requireSession(state);
	const now = new Date();
	const proof = await proofMaterial(state, app, keyId);
	const plan = planRemoveKey({ app, keyId, now, proofSha1Hex: proof?.sha1Hex });
	const method = plan.method === 'removeKey' ? 'removeKey' : 'patch';
	const ok = await confirmWrite(vscode.l10n.t('Remove the key from {0}?', app.displayName), plan.preview, vscode.l10n.t('Remove Key'), confirm);
	if (!ok) {
		return { method, preview: plan.preview, sent: false, app };
	}
	const token = await writeToken(state);
	const gone = app.keyCredentials.find((k) => k.keyId === plan.removed);
	const after = await busy(vscode.l10n.t('Removing the key from {0}…', app.displayName), async () => {
		if (proof) {
			const jwt = await signProof({ certificateDer: proof.certificateDer, privateKeyPkcs8: proof.privateKeyPkcs8, objectId: app.id, now });
			await send(removeKeyRequest({ baseUrl: s.baseUrl, app, token, keyId: plan.removed ?? keyId, proof: jwt }), 'removeKey');
		} else {
			await send(patchKeyCredentialsRequest({ baseUrl: s.baseUrl, app, token, removeKeyIds: [plan.removed ?? keyId] }), 'patch');
		}
		const read = await readApp(state, app.appId);
		await render(state);
		return read;
	});
	void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0} from {1} ({2}); it now has {3} key(s).', gone?.displayName ?? keyId, after.displayName, method === 'removeKey' ? 'removeKey' : 'PATCH', after.keyCredentials.length));
	return { method, preview: plan.preview, sent: true, app: after };
}

/** Removes a key (from its row, or { appId, keyId }): removeKey with a proof by a remaining key found here, else PATCH. */
export async function removeKey(state: RegistrationsState, a?: unknown, b?: unknown): Promise<WriteResult | undefined> {
	const args = writeArgs(state, a, b);
	requireSession(state);
	const app = await chooseApp(state, args.appId);
	if (!app) {
		return undefined;
	}
	let keyId = args.keyId;
	if (!keyId) {
		const pick = await vscode.window.showQuickPick(app.keyCredentials.map((k) => ({ label: k.displayName ?? k.keyId, description: keyThumbprint(k)?.sha1Hex, detail: `keyId ${k.keyId} · ${k.endDateTime ?? ''}`, keyId: k.keyId })), { title: vscode.l10n.t('Remove which key from {0}?', app.displayName) });
		keyId = pick?.keyId;
	}
	if (!keyId) {
		return undefined;
	}
	const r = await remove(state, app, keyId, args.confirm);
	return { ...r, removed: { method: r.method, preview: r.preview, keyId } };
}

/**
 * Roll: adds the new certificate (addKey with a proof by the current one), then offers to remove the keys it replaces
 * (the app's other certificate keys), each removal previewed and confirmed, with a proof by the new key.
 */
export async function rollCertificate(state: RegistrationsState, a?: unknown, b?: unknown): Promise<WriteResult | undefined> {
	const args = writeArgs(state, a, b);
	requireSession(state);
	const app = await chooseApp(state, args.appId);
	if (!app) {
		return undefined;
	}
	const old = validCertificateKeys(app, new Date());
	const cert = await chooseCertificate(state, args.certificate, app);
	if (!cert) {
		return undefined;
	}
	const added = await add(state, app, cert, args.confirm);
	if (!added.sent || old.length === 0) {
		return added;
	}
	const newSha = cert.info!.sha1Hex.toUpperCase();
	const replaced = old.find((k) => keyThumbprint(k)?.sha1Hex !== newSha);
	if (!replaced) {
		return added;
	}
	let go = args.removeOld;
	if (go === undefined) {
		const choice = await vscode.window.showInformationMessage(vscode.l10n.t('The new certificate is on {0}. Remove the old key ({1}) now? Clients still using it will get AADSTS700027.', app.displayName, replaced.displayName ?? replaced.keyId), vscode.l10n.t('Remove Old Key…'), vscode.l10n.t('Keep Both'));
		go = choice === vscode.l10n.t('Remove Old Key…');
	}
	if (!go) {
		return added;
	}
	const r = await remove(state, added.app, replaced.keyId, args.confirm);
	return { ...added, app: r.app, removed: r.sent ? { method: r.method, preview: r.preview, keyId: replaced.keyId } : undefined };
}

/** Writes the live app to a new manifest file (graph or aadgraph format); never overwrites. Returns the path. */
export async function exportManifest(state: RegistrationsState, a?: unknown, b?: unknown): Promise<string | undefined> {
	const args = writeArgs(state, a, b) as WriteArgs & { format?: 'graph' | 'aadgraph'; target?: string };
	requireSession(state);
	const app = await chooseApp(state, args.appId);
	if (!app) {
		return undefined;
	}
	const format = args.format ?? (await vscode.window.showQuickPick([{ label: 'graph', description: vscode.l10n.t('Microsoft Graph format (keyCredentials with key, startDateTime, endDateTime)') }, { label: 'aadgraph', description: vscode.l10n.t('Azure AD Graph format (keyCredentials with value, startDate, endDate)') }], { title: vscode.l10n.t('Manifest format') }))?.label;
	if (format !== 'graph' && format !== 'aadgraph') {
		return undefined;
	}
	const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	let target = args.target;
	if (!target) {
		const picked = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.file(path.join(folder, `${app.displayName.replace(/[^\w.-]+/g, '-')}.manifest.json`)) : undefined, filters: { JSON: ['json'] } });
		target = picked?.fsPath;
	}
	if (!target) {
		return undefined;
	}
	await writeFileAtomic(target, liveToManifest(app, format));
	return target;
}

/** Compares a workspace manifest's keyCredentials with the live app's (the manifest's appId names the app). */
export async function compareManifest(state: RegistrationsState, a?: unknown, b?: unknown): Promise<ReturnType<typeof diffManifestWithLive> | undefined> {
	const args = writeArgs(state, a, b) as WriteArgs & { manifest?: string };
	requireSession(state);
	const manifests = await state.index.manifestFiles();
	let uri = args.manifest ? vscode.Uri.file(args.manifest) : undefined;
	if (!uri) {
		const pick = await vscode.window.showQuickPick(manifests.filter((m) => m.appId).map((m) => ({ label: vscode.workspace.asRelativePath(m.uri), description: [m.displayName, m.appId].filter(Boolean).join(' · '), uri: m.uri })), { title: vscode.l10n.t('Compare which manifest with its live app?') });
		uri = pick?.uri;
	}
	if (!uri) {
		return undefined;
	}
	const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
	const appId = args.appId ?? manifests.find((m) => m.uri.fsPath === uri.fsPath)?.appId ?? ((JSON.parse(text) as { appId?: string }).appId);
	if (!appId) {
		throw new UserError(vscode.l10n.t('The manifest names no appId; give the app to compare with.'));
	}
	const app = await readApp(state, appId);
	const diff = diffManifestWithLive(text, app.keyCredentials, path.basename(uri.fsPath));
	const line = (d: { keyId?: string; sha1Hex?: string; displayName?: string | null; differences?: string[] }) => `${d.displayName ?? ''} keyId ${d.keyId ?? '?'} SHA-1 ${d.sha1Hex ?? '?'}${d.differences?.length ? `: ${d.differences.join('; ')}` : ''}`;
	const detail = [
		...diff.onlyInManifest.map((d) => `- ${vscode.l10n.t('only in the file')}: ${line(d)}`),
		...diff.onlyLive.map((d) => `+ ${vscode.l10n.t('only on the live app')}: ${line(d)}`),
		...diff.inBoth.filter((d) => d.differences?.length).map((d) => `~ ${vscode.l10n.t('in both, different')}: ${line(d)}`),
	];
	if (args.confirm === undefined) {
		void vscode.window.showInformationMessage(diff.same ? vscode.l10n.t('{0} has the same keyCredentials as the live {1}.', path.basename(uri.fsPath), app.displayName) : vscode.l10n.t('{0} differs from the live {1}.', path.basename(uri.fsPath), app.displayName), { modal: !diff.same, detail: detail.join('\n') });
	}
	return diff;
}
