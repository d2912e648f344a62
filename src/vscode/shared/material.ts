/**
 * Reading certificates and keys from the workspace, with the prompts that go with it: a PFX's password (up to three
 * tries), a key file's passphrase, the key file when none sits beside the certificate. Used by every feature that
 * needs certificate material (certificates, manifests, tokens, workbench); loaded with them, never at activation.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { isCoreError } from '../../core/errors';
import { readCertificateMaterial, readPrivateKey, type CertificateMaterial, type PrivateKeyInfo } from '../../core/certificate';
import { UserError } from './runCommand';
import type { WorkspaceIndex } from './workspaceIndex';

/** Reads a certificate file; a PFX without (or with a wrong) password asks for it, up to three times. */
export async function readMaterial(uri: vscode.Uri, password?: string): Promise<CertificateMaterial> {
	let bytes: Uint8Array;
	try {
		bytes = await vscode.workspace.fs.readFile(uri);
	} catch {
		throw new UserError(vscode.l10n.t("'{0}' could not be read; check that it exists and that you may read it.", vscode.workspace.asRelativePath(uri)));
	}
	const fileName = path.basename(uri.fsPath);
	let attempt = password;
	for (let tries = 0; ; tries++) {
		try {
			return await readCertificateMaterial(bytes, { password: attempt, fileName });
		} catch (e) {
			if (!isCoreError(e) || e.code !== 'ERR_PFX_PASSWORD' || tries >= 3 || (password !== undefined && tries === 0)) {
				throw e;
			}
			attempt = await vscode.window.showInputBox({
				title: vscode.l10n.t('Password for {0}', fileName),
				prompt: tries === 0 ? vscode.l10n.t('This PFX is protected by a password.') : vscode.l10n.t('That password did not open the PFX; try again.'),
				password: true,
				ignoreFocusOut: true,
			});
			if (attempt === undefined) {
				throw new vscode.CancellationError();
			}
		}
	}
}

/** The private key for a certificate: inside the file (PFX, combined PEM), the matching key file, or one the user picks. */
export async function keyFor(index: WorkspaceIndex, certUri: vscode.Uri, inFile: PrivateKeyInfo | undefined, keyPath?: string): Promise<PrivateKeyInfo | undefined> {
	if (inFile && !keyPath) {
		return inFile;
	}
	let keyUri = keyPath ? vscode.Uri.file(keyPath) : (await index.certificates()).find((c) => c.uri.toString() === certUri.toString())?.keyUri;
	if (!keyUri) {
		keyUri = (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Private key for {0}', path.basename(certUri.fsPath)), filters: { [vscode.l10n.t('Keys')]: ['key', 'pem'] } }))?.[0];
	}
	if (!keyUri) {
		return undefined;
	}
	const bytes = await vscode.workspace.fs.readFile(keyUri);
	try {
		return readPrivateKey(bytes, { fileName: path.basename(keyUri.fsPath) });
	} catch (e) {
		if (e instanceof Error && 'code' in e && (e as { code: string }).code === 'ERR_KEY_ENCRYPTED') {
			const passphrase = await vscode.window.showInputBox({ title: vscode.l10n.t('Passphrase for {0}', path.basename(keyUri.fsPath)), password: true, ignoreFocusOut: true });
			if (passphrase === undefined) {
				return undefined;
			}
			return readPrivateKey(bytes, { fileName: path.basename(keyUri.fsPath), passphrase });
		}
		throw e;
	}
}

