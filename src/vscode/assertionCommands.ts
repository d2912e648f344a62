/**
 * "Sign Client Assertion…" and "Export PFX…": certificate from the view, a file or the last used;
 * non-secret choices remembered per workspace (never keys or passwords).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { CommandId } from './commandIds';
import { guarded, UserError } from './runCommand';
import { requireTrust } from './trust';
import { readMaterial } from './certificateCommands';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CertNode } from './certificateTree';
import type { PrivateKeyInfo } from '../core/certificate';
import { writeFileAtomic } from '../node/files';
import { isGuid } from '../core/ids';

const STATE_KEY = 'entraCert.signAssertion.last';

interface LastChoices {
	certificate?: string;
	clientId?: string;
	tenant?: string;
	cloud?: 'public' | 'usgov' | 'china';
	alg?: 'PS256' | 'RS256';
}

/** Programmatic arguments (tests, other extensions): given values skip their prompts. */
export interface SignArgs extends LastChoices {
	certificate?: string;
	key?: string;
	password?: string;
	/** 'insert' at the cursor, 'copy' to the clipboard, 'return' only. */
	output?: 'insert' | 'copy' | 'return';
}

export function registerAssertionCommands(context: vscode.ExtensionContext, index: WorkspaceIndex): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand(CommandId.SignAssertion, guarded('Sign Client Assertion', (arg?: unknown) => signAssertion(context, index, arg))),
		vscode.commands.registerCommand(CommandId.ExportPfx, guarded('Export PFX', (arg?: unknown, _selected?: unknown, opts?: { password?: string; target?: string }) => exportPfx(index, arg, opts))),
	);
}

function certUriOf(arg: unknown): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) {
		return arg;
	}
	if (arg && typeof arg === 'object' && (arg as CertNode).kind === 'certificate') {
		return (arg as Extract<CertNode, { kind: 'certificate' }>).cert.uri;
	}
	return undefined;
}

async function chooseCertificate(index: WorkspaceIndex, last: string | undefined, title: string): Promise<vscode.Uri | undefined> {
	const certs = (await index.certificates()).filter((c) => c.info || c.locked);
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = certs.map((c) => ({
		label: `${c.keyUri || c.locked ? '$(key)' : '$(workspace-untrusted)'} ${c.info?.subject ?? path.basename(c.uri.fsPath)}`,
		description: `${vscode.workspace.asRelativePath(c.uri)}${c.uri.toString() === last ? ' · ' + vscode.l10n.t('last used') : ''}`,
		detail: c.keyUri ? vscode.l10n.t('key: {0}', vscode.workspace.asRelativePath(c.keyUri)) : c.locked ? vscode.l10n.t('PFX (asks for its password)') : vscode.l10n.t('no matching key file found'),
		uri: c.uri,
	}));
	items.sort((a, b) => (a.uri?.toString() === last ? -1 : b.uri?.toString() === last ? 1 : 0));
	items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate or PFX file…')}` });
	const pick = await vscode.window.showQuickPick(items, { title });
	if (!pick) {
		return undefined;
	}
	return pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12'] } }))?.[0];
}

/** The private key for a certificate: inside the file (PFX, combined PEM), the matching key file, or one the user picks. */
export async function keyFor(index: WorkspaceIndex, certUri: vscode.Uri, inFile: PrivateKeyInfo | undefined, keyPath?: string): Promise<PrivateKeyInfo | undefined> {
	if (inFile && !keyPath) {
		return inFile;
	}
	const core = await import('../core/certificate');
	let keyUri = keyPath ? vscode.Uri.file(keyPath) : (await index.certificates()).find((c) => c.uri.toString() === certUri.toString())?.keyUri;
	if (!keyUri) {
		keyUri = (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Private key for {0}', path.basename(certUri.fsPath)), filters: { [vscode.l10n.t('Keys')]: ['key', 'pem'] } }))?.[0];
	}
	if (!keyUri) {
		return undefined;
	}
	const bytes = await vscode.workspace.fs.readFile(keyUri);
	try {
		return core.readPrivateKey(bytes, { fileName: path.basename(keyUri.fsPath) });
	} catch (e) {
		if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'ERR_KEY_ENCRYPTED') {
			const passphrase = await vscode.window.showInputBox({ title: vscode.l10n.t('Passphrase for {0}', path.basename(keyUri.fsPath)), password: true, ignoreFocusOut: true });
			if (passphrase === undefined) {
				return undefined;
			}
			return core.readPrivateKey(bytes, { fileName: path.basename(keyUri.fsPath), passphrase });
		}
		throw e;
	}
}

async function signAssertion(context: vscode.ExtensionContext, index: WorkspaceIndex, arg: unknown): Promise<string | undefined> {
	const args: SignArgs = arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !('kind' in arg) ? (arg as SignArgs) : {};
	const last = context.workspaceState.get<LastChoices>(STATE_KEY, {});
	const config = vscode.workspace.getConfiguration('entraCert');
	const certUri = certUriOf(arg) ?? (args.certificate ? vscode.Uri.file(args.certificate) : await chooseCertificate(index, last.certificate, vscode.l10n.t('Sign Client Assertion: certificate')));
	if (!certUri) {
		return undefined;
	}
	const material = await readMaterial(certUri, args.password);
	const key = await keyFor(index, certUri, material.privateKey, args.key);
	if (!key) {
		return undefined;
	}
	const clientId = args.clientId ?? (await vscode.window.showInputBox({
		title: vscode.l10n.t('Sign Client Assertion: client ID'),
		prompt: vscode.l10n.t("The app registration's Application (client) ID: iss and sub of the assertion"),
		value: last.clientId ?? config.get<string>('defaultClientId', ''),
		ignoreFocusOut: true,
		validateInput: (v) => (isGuid(v.trim()) ? undefined : vscode.l10n.t('Enter the Application (client) ID, a GUID like 11111111-2222-3333-4444-555555555555.')),
	}))?.trim();
	if (!clientId) {
		return undefined;
	}
	const tenant = args.tenant ?? (await vscode.window.showInputBox({
		title: vscode.l10n.t('Sign Client Assertion: tenant'),
		prompt: vscode.l10n.t('Directory (tenant) ID or a verified domain; the audience is its v2.0 token endpoint'),
		value: last.tenant ?? config.get<string>('defaultTenant', ''),
		ignoreFocusOut: true,
		validateInput: (v) => (/^(common|organizations|consumers)$/i.test(v.trim()) ? vscode.l10n.t('Use a specific tenant: an assertion for /common fails ("audience does not match Realm issuer").') : v.trim() ? undefined : vscode.l10n.t('Enter a tenant ID or domain.')),
	}))?.trim();
	if (!tenant) {
		return undefined;
	}
	const cloud = args.cloud ?? (await pickOne(vscode.l10n.t('Sign Client Assertion: cloud'), [
		{ label: 'public', description: 'login.microsoftonline.com' },
		{ label: 'usgov', description: 'login.microsoftonline.us' },
		{ label: 'china', description: 'login.partner.microsoftonline.cn' },
	], last.cloud ?? config.get<string>('cloud', 'public'))) as SignArgs['cloud'];
	if (!cloud) {
		return undefined;
	}
	const alg = args.alg ?? (await pickOne(vscode.l10n.t('Sign Client Assertion: algorithm'), [
		{ label: 'PS256', description: vscode.l10n.t('x5t#S256 header; what MSAL sends to Entra today') },
		{ label: 'RS256', description: vscode.l10n.t('x5t (SHA-1) header; older MSAL and many libraries') },
	], last.alg ?? config.get<string>('algorithm', 'PS256'))) as SignArgs['alg'];
	if (!alg) {
		return undefined;
	}
	const { signClientAssertion } = await import('../core/jwt');
	const jwt = await signClientAssertion({ certificateDer: material.certificates[0], chain: material.certificates.slice(1), privateKeyPkcs8: key.pkcs8Der, clientId, tenant, cloud, alg, now: new Date() });
	await context.workspaceState.update(STATE_KEY, { certificate: certUri.toString(), clientId, tenant, cloud, alg } satisfies LastChoices);

	let output = args.output;
	const editor = vscode.window.activeTextEditor;
	if (!output) {
		const choice = await vscode.window.showQuickPick(
			[
				...(editor && vscode.workspace.isTrusted ? [{ label: `$(insert) ${vscode.l10n.t('Insert at the cursor')}`, value: 'insert' as const }] : []),
				{ label: `$(copy) ${vscode.l10n.t('Copy to the clipboard')}`, value: 'copy' as const },
			],
			{ title: vscode.l10n.t('Signed a client assertion valid for 10 minutes') },
		);
		output = choice?.value ?? 'return';
	}
	if (output === 'insert') {
		if (!editor) {
			throw new UserError(vscode.l10n.t('There is no editor to insert into; open a file, or choose Copy.'));
		}
		await editor.edit((b) => b.replace(editor.selection, jwt));
	} else if (output === 'copy') {
		await vscode.env.clipboard.writeText(jwt);
		vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Client assertion copied (expires in 10 min)'), 4000);
	}
	return jwt;
}

async function pickOne(title: string, items: vscode.QuickPickItem[], preferred: string): Promise<string | undefined> {
	const sorted = [...items].sort((a, b) => (a.label === preferred ? -1 : b.label === preferred ? 1 : 0));
	return (await vscode.window.showQuickPick(sorted, { title }))?.label;
}

async function exportPfx(index: WorkspaceIndex, arg: unknown, opts: { password?: string; target?: string } = {}): Promise<string | undefined> {
	requireTrust(vscode.l10n.t('Exporting a PFX writes a file'));
	const certUri = certUriOf(arg) ?? (await chooseCertificate(index, undefined, vscode.l10n.t('Export PFX: certificate')));
	if (!certUri) {
		return undefined;
	}
	const material = await readMaterial(certUri);
	const key = await keyFor(index, certUri, material.privateKey);
	if (!key) {
		return undefined;
	}
	const core = await import('../core/certificate');
	if (!core.keyMatchesCertificate(key, material.certificates[0])) {
		throw new UserError(vscode.l10n.t("The private key does not belong to '{0}'; choose the key made with this certificate.", path.basename(certUri.fsPath)));
	}
	const password = opts.password ?? (await vscode.window.showInputBox({ title: vscode.l10n.t('PFX password'), prompt: vscode.l10n.t('At least 8 characters'), password: true, ignoreFocusOut: true, validateInput: (v) => (v.length < 8 ? vscode.l10n.t('Use at least 8 characters.') : undefined) }));
	if (password === undefined) {
		return undefined;
	}
	const base = certUri.fsPath.slice(0, certUri.fsPath.length - path.extname(certUri.fsPath).length);
	const target = opts.target ?? (await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(base + '.pfx'), filters: { PFX: ['pfx', 'p12'] } }))?.fsPath;
	if (!target) {
		return undefined;
	}
	const pfx = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Writing {0}…', path.basename(target)) }, () =>
		core.exportPfx({ certificates: material.certificates, privateKey: key, password, friendlyName: path.basename(base) }),
	);
	await writeFileAtomic(target, pfx, { mode: 0o600 });
	void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} (readable only by you). It opens with the password in Windows, Key Vault and openssl.', path.basename(target)));
	return target;
}
