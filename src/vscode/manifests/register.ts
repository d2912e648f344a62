/**
 * Manifests in the editor: diagnostics with quick fixes on app manifests, and "Insert keyCredential into
 * Manifest…". Only the cheap test "is this a manifest at all" runs here; lint and insert load on first use.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { InsertOptions } from './insertKeyCredential';

const SOURCE = 'Entra Cert Kit';
const MAX_LINT_CHARS = 4 * 1024 * 1024;

/** The implementation chunk, loaded on first use. */
const impl = () => import('./impl');

/** A JSON document worth linting: has keyCredentials or appId, and is not huge. */
function looksLikeManifest(doc: vscode.TextDocument): string | undefined {
	if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') {
		return undefined;
	}
	const text = doc.getText();
	return text.length <= MAX_LINT_CHARS && /"(keyCredentials|appId)"\s*:/.test(text) ? text : undefined;
}

export function registerManifests(index: WorkspaceIndex): vscode.Disposable {
	const diagnostics = vscode.languages.createDiagnosticCollection('entraCert.manifest');
	// Diagnostics come back to the code-action provider as copies, so fixes are keyed by place and code.
	const fixes = new Map<string, string>();
	const fixKey = (uri: vscode.Uri, d: vscode.Diagnostic) => `${uri.toString()}|${String(d.code)}|${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
	const forget = (uri: vscode.Uri) => {
		for (const k of [...fixes.keys()].filter((k) => k.startsWith(uri.toString() + '|'))) {
			fixes.delete(k);
		}
	};
	const timers = new Map<string, ReturnType<typeof setTimeout>>();

	const lint = async (doc: vscode.TextDocument) => {
		const text = looksLikeManifest(doc);
		if (text === undefined) {
			diagnostics.delete(doc.uri);
			return;
		}
		const results = (await impl()).manifestDiagnostics(doc, text);
		forget(doc.uri);
		for (const r of results) {
			if (r.replacement !== undefined) {
				fixes.set(fixKey(doc.uri, r.diagnostic), r.replacement);
			}
		}
		diagnostics.set(doc.uri, results.map((r) => r.diagnostic));
	};
	const schedule = (doc: vscode.TextDocument) => {
		if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') {
			return;
		}
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
			forget(doc.uri);
		}),
		vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
		vscode.commands.registerCommand(CommandId.InsertKeyCredential, guarded('Insert keyCredential', async (arg?: unknown, _selected?: unknown, options?: InsertOptions) => (await impl()).insertKeyCredential(index, arg, options))),
		{ dispose: () => timers.forEach((t) => clearTimeout(t)) },
	);
}
