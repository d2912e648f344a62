/**
 * Read-only virtual documents (scheme `entracert`) for decoded tokens and diagnoses: held in memory only and
 * released when the document closes.
 */
import * as vscode from 'vscode';

export const SCHEME = 'entracert';

/** Virtual documents: content by URI, released when the document closes. */
export class VirtualDocuments implements vscode.TextDocumentContentProvider {
	private readonly docs = new Map<string, string>();
	private counter = 0;

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.docs.get(uri.toString()) ?? vscode.l10n.t('This view was closed; run the command again.');
	}

	add(name: string, content: string): vscode.Uri {
		const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.counter}/${name}` });
		this.docs.set(uri.toString(), content);
		return uri;
	}

	release(uri: vscode.Uri): void {
		this.docs.delete(uri.toString());
	}
}

