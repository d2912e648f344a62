/**
 * Manifests in the editor: diagnostics with quick fixes on every app manifest of the workspace (closed ones from
 * the index, open ones from the editor's text), and "Insert keyCredential into Manifest…". Only the cheap test
 * "is this a manifest at all" runs here; lint and insert load on first use.
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
	/** Files whose diagnostics came from the index (closed manifests). */
	const fromIndex = new Set<string>();
	let disposed = false;

	const lintText = async (uri: vscode.Uri, text: string) => {
		const results = (await impl()).manifestDiagnostics(uri, text);
		if (disposed) {
			return;
		}
		forget(uri);
		for (const r of results) {
			if (r.replacement !== undefined) {
				fixes.set(fixKey(uri, r.diagnostic), r.replacement);
			}
		}
		diagnostics.set(uri, results.map((r) => r.diagnostic));
	};
	const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && !d.isClosed);
	const indexed = (uri: vscode.Uri) => index.peek().manifests.find((m) => m.uri.toString() === uri.toString());

	const lint = async (doc: vscode.TextDocument) => {
		const text = looksLikeManifest(doc);
		if (text === undefined) {
			diagnostics.delete(doc.uri);
			forget(doc.uri);
			return;
		}
		fromIndex.delete(doc.uri.toString());
		await lintText(doc.uri, text);
	};
	const schedule = (doc: vscode.TextDocument) => {
		if (doc.languageId !== 'json' && doc.languageId !== 'jsonc') {
			return;
		}
		const key = doc.uri.toString();
		clearTimeout(timers.get(key));
		timers.set(key, setTimeout(() => void lint(doc), 250));
	};

	// Every manifest the index finds is linted from its saved text, open or not; an open one from the editor's text.
	const lintWorkspace = async () => {
		const manifests = index.peek().manifests;
		const seen = new Set<string>();
		for (const m of manifests) {
			const key = m.uri.toString();
			seen.add(key);
			if (isOpen(m.uri) || m.text.length > MAX_LINT_CHARS) {
				continue;
			}
			fromIndex.add(key);
			await lintText(m.uri, m.text);
		}
		for (const key of [...fromIndex]) {
			if (!seen.has(key)) {
				fromIndex.delete(key);
				const uri = vscode.Uri.parse(key);
				if (!isOpen(uri)) {
					diagnostics.delete(uri);
					forget(uri);
				}
			}
		}
	};
	let workspaceTimer: ReturnType<typeof setTimeout> | undefined;
	const scheduleWorkspace = (ms: number) => {
		clearTimeout(workspaceTimer);
		workspaceTimer = setTimeout(() => void index.ready().then(lintWorkspace).catch(() => undefined), ms);
		// A background job after activation: it never keeps a process alive by itself (the extension host lives on).
		(workspaceTimer as { unref?: () => void }).unref?.();
	};

	const codeActions: vscode.CodeActionProvider = {
		async provideCodeActions(doc, _range, context) {
			const relevant = context.diagnostics.filter((d) => d.source === SOURCE && fixes.has(fixKey(doc.uri, d)));
			if (relevant.length === 0) {
				return [];
			}
			const { fixTitle } = await impl();
			return relevant.map((d) => {
				const replacement = fixes.get(fixKey(doc.uri, d)) as string;
				const action = new vscode.CodeAction(fixTitle(String(d.code), replacement), vscode.CodeActionKind.QuickFix);
				action.edit = new vscode.WorkspaceEdit();
				action.edit.replace(doc.uri, d.range, replacement);
				action.diagnostics = [d];
				action.isPreferred = true;
				return action;
			});
		},
	};

	for (const doc of vscode.workspace.textDocuments) {
		schedule(doc);
	}
	// After activation settles (activation itself loads no chunk): the first scan, then every manifest's diagnostics.
	scheduleWorkspace(1500);
	return vscode.Disposable.from(
		diagnostics,
		vscode.workspace.onDidOpenTextDocument(schedule),
		vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
		vscode.workspace.onDidCloseTextDocument((doc) => {
			clearTimeout(timers.get(doc.uri.toString()));
			// Closed without saving: the file on disk (as the index read it) is what counts again.
			const m = indexed(doc.uri);
			if (m && m.text.length <= MAX_LINT_CHARS) {
				fromIndex.add(doc.uri.toString());
				void lintText(doc.uri, m.text);
			} else {
				diagnostics.delete(doc.uri);
				forget(doc.uri);
			}
		}),
		index.onDidChange(() => scheduleWorkspace(100)),
		vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], codeActions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
		vscode.commands.registerCommand(CommandId.InsertKeyCredential, guarded('Insert keyCredential', async (arg?: unknown, _selected?: unknown, options?: InsertOptions) => (await impl()).insertKeyCredential(index, arg, options))),
		{
			dispose: () => {
				disposed = true;
				timers.forEach((t) => clearTimeout(t));
				clearTimeout(workspaceTimer);
			},
		},
	);
}
