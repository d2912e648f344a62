/**
 * "Sign Client Assertion…": certificate from the view, a file or the last used; non-secret choices remembered per
 * workspace (never keys or passwords).
 */
import * as vscode from 'vscode';
import { signClientAssertion } from '../../core/jwt';
import { isGuid } from '../../core/ids';
import { UserError } from '../shared/runCommand';
import { keyFor, readMaterial } from '../shared/material';
import { certUriOf } from '../shared/certNode';
import { chooseCertificate } from '../shared/pickers';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

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

export async function signAssertion(context: vscode.ExtensionContext, index: WorkspaceIndex, arg: unknown): Promise<string | undefined> {
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

