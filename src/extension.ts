/**
 * Wiring only: each feature registers itself and returns a Disposable.
 */
import type * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
	// Features are registered here.
}

export function deactivate(): void {
	// Nothing to release: every registration is in context.subscriptions.
}
