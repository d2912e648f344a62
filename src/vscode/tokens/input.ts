/**
 * Where a token command's text comes from: an argument, the selection, the token under the cursor, the clipboard
 * (if it holds a token) or an input box; and which token when the text holds several.
 */
import * as vscode from 'vscode';
import { findJwtAt, findJwts, stripTokenDecorations } from '../../core/jwt';

/** Text from an argument, the selection, the clipboard (if it holds a token) or an input box. */
export async function inputText(arg: unknown, what: string, wantToken: boolean): Promise<string | undefined> {
	if (typeof arg === 'string' && arg.trim()) {
		return arg;
	}
	const editor = vscode.window.activeTextEditor;
	if (editor && !editor.selection.isEmpty) {
		return editor.document.getText(editor.selection);
	}
	if (wantToken && editor) {
		
		const pos = editor.selection.active;
		const found = findJwtAt(editor.document.lineAt(pos.line).text, pos.character);
		if (found) {
			return found.token;
		}
	}
	const clip = await vscode.env.clipboard.readText();
	if (clip.trim()) {
		if (!wantToken || findJwts(clip).length > 0) {
			return clip;
		}
	}
	return vscode.window.showInputBox({ title: what, prompt: vscode.l10n.t('Paste a token'), ignoreFocusOut: true });
}

export async function pickToken(text: string): Promise<string | undefined> {
	const found = findJwts(text);
	if (found.length === 0) {
		// Let decodeJwt say what is wrong with it (truncated, bad base64url…).
		return stripTokenDecorations(text);
	}
	if (found.length === 1) {
		return found[0].token;
	}
	const pick = await vscode.window.showQuickPick(
		found.map((f, i) => ({ label: vscode.l10n.t('Token {0}', i + 1), description: `${f.token.slice(0, 24)}…`, token: f.token })),
		{ title: vscode.l10n.t('The text holds {0} tokens', found.length) },
	);
	return pick?.token;
}

