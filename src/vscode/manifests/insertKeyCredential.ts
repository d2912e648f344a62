/**
 * "Insert keyCredential into Manifest…": one undoable WorkspaceEdit made from the manifest core's byte-preserving
 * edits, in the manifest's own format (Microsoft Graph or Azure AD Graph).
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { describeCertificate } from '../../core/certificate';
import { insertKeyCredential as insertEntry } from '../../core/manifest';
import { UserError } from '../shared/runCommand';
import { requireTrust } from '../shared/trust';
import { readMaterial } from '../shared/material';
import { certUriOf } from '../shared/certNode';
import { pickCertificate, pickManifest } from '../shared/pickers';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

/** For programmatic use (tests, other extensions): skip the pickers. */
export interface InsertOptions {
	manifest?: vscode.Uri;
	password?: string;
	format?: 'graph' | 'aadgraph';
}

export async function insertKeyCredential(index: WorkspaceIndex, arg: unknown, options: InsertOptions = {}): Promise<{ keyId: string; manifest: vscode.Uri } | undefined> {
	requireTrust(vscode.l10n.t('Editing a manifest'));
	const certUri = certUriOf(arg) ?? (await pickCertificate(index));
	if (!certUri) {
		return undefined;
	}
	const manifestUri = options.manifest ?? (await pickManifest(index));
	if (!manifestUri) {
		return undefined;
	}
	const material = await readMaterial(certUri, options.password);
	const info = describeCertificate(material.certificates[0]);
	const doc = await vscode.workspace.openTextDocument(manifestUri);
	const result = insertEntry(doc.getText(), { der: info.der, notBefore: info.notBefore, notAfter: info.notAfter, subject: info.subject }, { format: options.format, fileName: path.basename(manifestUri.fsPath) });
	const edit = new vscode.WorkspaceEdit();
	for (const e of result.edits) {
		edit.replace(manifestUri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
	}
	if (!(await vscode.workspace.applyEdit(edit))) {
		throw new UserError(vscode.l10n.t("'{0}' could not be edited; is it read-only?", path.basename(manifestUri.fsPath)));
	}
	const editor = await vscode.window.showTextDocument(doc);
	const keyId = String(result.entry.keyId);
	const at = doc.getText().indexOf(keyId);
	if (at >= 0) {
		const pos = doc.positionAt(at);
		editor.selection = new vscode.Selection(pos, pos);
		editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
	}
	void vscode.window.showInformationMessage(
		vscode.l10n.t('Added a keyCredential for {0} (keyId {1}, {2} format) to {3}. Save the file, then upload the manifest in the portal (or the .cer under Certificates & secrets). Undo removes it.', info.subject, keyId, result.format === 'graph' ? 'Microsoft Graph' : 'Azure AD Graph', path.basename(manifestUri.fsPath)),
	);
	return { keyId, manifest: manifestUri };
}
