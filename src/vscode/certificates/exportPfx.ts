/**
 * "Export PFX…": a certificate and its key as a password-protected PFX that openssl, Windows and Key Vault open.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { exportPfx as exportPfxBytes, keyMatchesCertificate } from '../../core/certificate';
import { writeFileAtomic } from '../../node/files';
import { UserError } from '../shared/runCommand';
import { requireTrust } from '../shared/trust';
import { keyFor, readMaterial } from '../shared/material';
import { certUriOf } from '../shared/certNode';
import { chooseCertificate } from '../shared/pickers';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

export async function exportPfx(index: WorkspaceIndex, arg: unknown, opts: { password?: string; target?: string } = {}): Promise<string | undefined> {
	requireTrust(vscode.l10n.t('Exporting a PFX'));
	const certUri = certUriOf(arg) ?? (await chooseCertificate(index, undefined, vscode.l10n.t('Export PFX: certificate')));
	if (!certUri) {
		return undefined;
	}
	const material = await readMaterial(certUri);
	const key = await keyFor(index, certUri, material.privateKey);
	if (!key) {
		return undefined;
	}
	if (!keyMatchesCertificate(key, material.certificates[0])) {
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
		exportPfxBytes({ certificates: material.certificates, privateKey: key, password, friendlyName: path.basename(base) }),
	);
	await writeFileAtomic(target, pfx, { mode: 0o600 });
	// Opened with the password just set, the new PFX shows under its certificate rather than as "password needed".
	await index.unlock(vscode.Uri.file(target), password);
	void vscode.window.showInformationMessage(vscode.l10n.t('Wrote {0} (readable only by you). It opens with the password in Windows, Key Vault and openssl.', path.basename(target)));
	return target;
}
