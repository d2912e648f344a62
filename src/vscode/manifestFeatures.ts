/**
 * Manifests in the editor: "Insert keyCredential into Manifest…" as one undoable WorkspaceEdit, and the
 * core's manifest lint as diagnostics with quick fixes where the fix is certain.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { CommandId } from './commandIds';
import { guarded, UserError } from './runCommand';
import { requireTrust } from './trust';
import { readMaterial } from './certificateCommands';
import type { WorkspaceIndex } from './workspaceIndex';
import type { CertNode } from './certificateTree';

const SOURCE = 'Entra Cert Kit';

export function registerManifestFeatures(index: WorkspaceIndex): vscode.Disposable {
	const diagnostics = vscode.languages.createDiagnosticCollection('entraCert.manifest');
	// Diagnostics come back to the code-action provider as copies, so fixes are keyed by place and code.
	const fixes = new Map<string, string>();
	const fixKey = (uri: vscode.Uri, d: vscode.Diagnostic) => `${uri.toString()}|${String(d.code)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
	const timers = new Map<string, ReturnType<typeof setTimeout>>();

	const lint = async (doc: vscode.TextDocument) => {
		if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') {
			return;
		}
		const manifest = await import('../core/manifest');
		const text = doc.getText();
		if (text.length > 4 * 1024 * 1024 || !/"(keyCredentials|appId)"\s*:/.test(text)) {
			diagnostics.delete(doc.uri);
			return;
		}
		const days = vscode.workspace.getConfiguration('entraCert').get<number>('expiryWarningDays', 30);
		const findings = manifest.lintManifest(text, { now: new Date(), expiryWarningDays: days, fileName: path.basename(doc.uri.fsPath) });
		// Invalid JSON is VS Code's own JSON diagnostics' job; only report ours for a manifest that parses.
		for (const k of [...fixes.keys()].filter((k) => k.startsWith(doc.uri.toString() + '|'))) {
			fixes.delete(k);
		}
		const list = findings
			.filter((f) => f.code !== 'manifest-invalid-json')
			.map((f) => {
				const range = f.range ? new vscode.Range(doc.positionAt(f.range.start), doc.positionAt(f.range.end)) : new vscode.Range(0, 0, 0, 1);
				const d = new vscode.Diagnostic(range, `${f.message} ${vscode.l10n.t('Fix')}: ${f.fix}`, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
				d.source = SOURCE;
				d.code = f.code;
				if (f.replacement !== undefined) {
					fixes.set(fixKey(doc.uri, d), f.replacement);
				}
				return d;
			});
		diagnostics.set(doc.uri, list);
	};
	const schedule = (doc: vscode.TextDocument) => {
		const key = doc.uri.toString();
		clearTimeout(timers.get(key));
		timers.set(key, setTimeout(() => void lint(doc), 250));
	};

	const codeActions: vscode.CodeActionProvider = {
		provideCodeActions(doc, _range, context) {
			return context.diagnostics.flatMap((d) => {
				const replacement = fixes.get(fixKey(doc.uri, d));
				if (d.source !== SOURCE || replacement === undefined) {
					return [];
				}
				const title = d.code === 'keycred-pem-text' ? vscode.l10n.t('Replace with base64 of the DER certificate') : vscode.l10n.t('Set customKeyIdentifier to the certificate\'s SHA-1 (base64)');
				const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
				action.edit = new vscode.WorkspaceEdit();
				action.edit.replace(doc.uri, d.range, replacement);
				action.diagnostics = [d];
				action.isPreferred = true;
				return [action];
			});
		},
	};

	for (const doc of vscode.workspace.textDocuments) {
		schedule(doc);
	}
	return vscode.Disposable.from(
		diagnostics,
		vscode.workspace.onDidOpenTextDocument(schedule),
		vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
		vscode.workspace.onDidCloseTextDocument((doc) => {
			diagnostics.delete(doc.uri);
			for (const k of [...fixes.keys()].filter((k) => k.startsWith(doc.uri.toString() + '|'))) {
				fixes.delete(k);
			}
		}),
		vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
		vscode.commands.registerCommand(CommandId.InsertKeyCredential, guarded('Insert keyCredential', (arg?: unknown, _selected?: unknown, options?: InsertOptions) => insertKeyCredential(index, arg, options))),
		{ dispose: () => timers.forEach((t) => clearTimeout(t)) },
	);
}

/** For programmatic use (tests, other extensions): skip the pickers. */
export interface InsertOptions {
	manifest?: vscode.Uri;
	password?: string;
	format?: 'graph' | 'aadgraph';
}

async function pickCertificate(index: WorkspaceIndex): Promise<vscode.Uri | undefined> {
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

async function pickManifest(index: WorkspaceIndex): Promise<vscode.Uri | undefined> {
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

async function insertKeyCredential(index: WorkspaceIndex, arg: unknown, options: InsertOptions = {}): Promise<{ keyId: string; manifest: vscode.Uri } | undefined> {
	requireTrust(vscode.l10n.t('Editing a manifest'));
	let certUri: vscode.Uri | undefined;
	if (arg instanceof vscode.Uri) {
		certUri = arg;
	} else if (arg && typeof arg === 'object' && (arg as CertNode).kind === 'certificate') {
		certUri = (arg as Extract<CertNode, { kind: 'certificate' }>).cert.uri;
	}
	certUri ??= await pickCertificate(index);
	if (!certUri) {
		return undefined;
	}
	const manifestUri = options.manifest ?? (await pickManifest(index));
	if (!manifestUri) {
		return undefined;
	}
	const material = await readMaterial(certUri, options.password);
	const certCore = await import('../core/certificate');
	const info = certCore.describeCertificate(material.certificates[0]);
	const doc = await vscode.workspace.openTextDocument(manifestUri);
	const manifest = await import('../core/manifest');
	const result = manifest.insertKeyCredential(doc.getText(), { der: info.der, notBefore: info.notBefore, notAfter: info.notAfter, subject: info.subject }, { format: options.format, fileName: path.basename(manifestUri.fsPath) });
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
