/**
 * The certificate and manifest pickers that several commands share (sign, export, insert, verify): workspace
 * certificates from the index first, then "Choose a file…".
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { IndexedCertificate, WorkspaceIndex } from './workspaceIndex';

/**
 * One certificate as the pickers show it: the files that hold it (a .pem and its .cer are one certificate), the one
 * that stands for it (a key beside it, else a PEM, else the first) and the file names, which the picker matches on.
 */
export interface CertificateChoice {
	primary: IndexedCertificate;
	files: vscode.Uri[];
	fileNames: string;
}

/** The index's certificates grouped by SHA-1, one choice per certificate; locked PFX files stay one choice each. */
export function certificateChoices(certs: readonly IndexedCertificate[]): CertificateChoice[] {
	const groups = new Map<string, IndexedCertificate[]>();
	for (const c of certs) {
		const key = c.info ? `sha1:${c.info.sha1Hex}` : `file:${c.uri.toString()}`;
		groups.set(key, [...(groups.get(key) ?? []), c]);
	}
	const rank = (c: IndexedCertificate) => (c.keyUri ? 0 : 2) + (/\.(pem|crt)$/i.test(c.uri.fsPath) ? 0 : 1);
	return [...groups.values()].map((all) => {
		const sorted = [...all].sort((a, b) => rank(a) - rank(b) || a.uri.fsPath.localeCompare(b.uri.fsPath));
		const files = sorted.map((c) => c.uri);
		return { primary: sorted.find((c) => c.keyUri) ?? sorted[0], files, fileNames: files.map((u) => vscode.workspace.asRelativePath(u)).join(', ') };
	});
}

/** A certificate with a key (or a PFX) for signing or exporting; `last` is listed first. */
export async function chooseCertificate(index: WorkspaceIndex, last: string | undefined, title: string): Promise<vscode.Uri | undefined> {
	const choices = certificateChoices((await index.certificates()).filter((c) => c.info || c.locked));
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri; isLast?: boolean })[] = choices.map(({ primary: c, files, fileNames }) => {
		const isLast = files.some((u) => u.toString() === last);
		return {
			label: `${c.keyUri || c.locked ? '$(key)' : '$(workspace-untrusted)'} ${c.info?.subject ?? path.basename(c.uri.fsPath)}`,
			description: `${fileNames}${isLast ? ' · ' + vscode.l10n.t('last used') : ''}`,
			detail: c.keyUri ? vscode.l10n.t('key: {0}', vscode.workspace.asRelativePath(c.keyUri)) : c.locked ? vscode.l10n.t('PFX (asks for its password)') : vscode.l10n.t('no matching key file found'),
			uri: c.uri,
			isLast,
		};
	});
	items.sort((a, b) => (a.isLast ? -1 : b.isLast ? 1 : 0));
	items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate or PFX file…')}` });
	const pick = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
	if (!pick) {
		return undefined;
	}
	return pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12'] } }))?.[0];
}

/** A readable certificate for a manifest entry. */
export async function pickCertificate(index: WorkspaceIndex): Promise<vscode.Uri | undefined> {
	const choices = certificateChoices((await index.certificates()).filter((c) => c.info));
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = choices.map(({ primary: c, fileNames }) => ({
		label: `$(workspace-trusted) ${c.info?.subject ?? path.basename(c.uri.fsPath)}`,
		description: fileNames,
		detail: c.info ? vscode.l10n.t('SHA-1 {0} · expires {1}', c.info.sha1Hex, c.info.notAfter.toISOString().slice(0, 10)) : undefined,
		uri: c.uri,
	}));
	items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate file…')}` });
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert keyCredential: which certificate?'), matchOnDescription: true });
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
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert keyCredential: into which manifest?'), matchOnDescription: true, placeHolder: vscode.l10n.t('JSON files with keyCredentials or appId') });
	if (!pick) {
		return undefined;
	}
	return pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { JSON: ['json'] } }))?.[0];
}


/**
 * The workspace certificate a JWS header names by x5t#S256 or x5t (compared as the certificate's own base64url
 * forms), with the header field that matched.
 */
export function certificateForHeader(choices: readonly CertificateChoice[], header: Record<string, unknown>): { choice: CertificateChoice; by: 'x5t#S256' | 'x5t' } | undefined {
	const s256 = header['x5t#S256'];
	const s1 = header.x5t;
	for (const choice of choices) {
		const info = choice.primary.info;
		if (info && typeof s256 === 'string' && s256 === info.x5tS256) {
			return { choice, by: 'x5t#S256' };
		}
	}
	for (const choice of choices) {
		const info = choice.primary.info;
		if (info && typeof s1 === 'string' && s1 === info.x5t) {
			return { choice, by: 'x5t' };
		}
	}
	return undefined;
}
