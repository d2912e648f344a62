/**
 * The certificate and manifest pickers that several commands share (sign, export, insert, verify): workspace
 * certificates from the index first, then "Choose a file…".
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { WorkspaceIndex } from './workspaceIndex';

/** A certificate with a key (or a PFX) for signing or exporting; `last` is listed first. */
export async function chooseCertificate(index: WorkspaceIndex, last: string | undefined, title: string): Promise<vscode.Uri | undefined> {
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

/** A readable certificate for a manifest entry. */
export async function pickCertificate(index: WorkspaceIndex): Promise<vscode.Uri | undefined> {
	const certs = (await index.certificates()).filter((c) => c.info);
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = certs.map((c) => ({
		label: `$(workspace-trusted) ${c.info?.subject ?? path.basename(c.uri.fsPath)}`,
		description: vscode.workspace.asRelativePath(c.uri),
		detail: c.info ? vscode.l10n.t('SHA-1 {0} · expires {1}', c.info.sha1Hex, c.info.notAfter.toISOString().slice(0, 10)) : undefined,
		uri: c.uri,
	}));
	items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate file…')}` });
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert keyCredential: which certificate?') });
	if (!pick) {
		return undefined;
	}
	return pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12'] } }))?.[0];
}

export async function pickManifest(index: WorkspaceIndex): Promise<vscode.Uri | undefined> {
	const active = vscode.window.activeTextEditor?.document;
	const manifests = await index.manifestFiles();
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = manifests.map((m) => ({
		label: `$(file-code) ${vscode.workspace.asRelativePath(m.uri)}`,
		description: [m.displayName, m.appId].filter(Boolean).join(' · '),
		detail: vscode.l10n.t('{0} keyCredentials', m.registered.length),
		uri: m.uri,
	}));
	if (active && (active.languageId === 'json' || active.languageId === 'jsonc') && !manifests.some((m) => m.uri.toString() === active.uri.toString())) {
		items.unshift({ label: `$(file) ${vscode.workspace.asRelativePath(active.uri)}`, description: vscode.l10n.t('active editor'), uri: active.uri });
	}
	if (items.length === 1 && items[0].uri) {
		return items[0].uri;
	}
	items.push({ label: `$(folder-opened) ${vscode.l10n.t('Choose a manifest file…')}` });
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert keyCredential: into which manifest?'), placeHolder: vscode.l10n.t('JSON files with keyCredentials or appId') });
	if (!pick) {
		return undefined;
	}
	return pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] } }))?.[0];
}

