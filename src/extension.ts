/**
 * Wiring only: each feature registers itself and returns a Disposable.
 * Heavy libraries (x509, pkijs, jose) load on first use inside the features, not here.
 */
import type * as vscode from 'vscode';
import { registerLog } from './vscode/log';
import { registerCertificateCommands } from './vscode/certificateCommands';

export function activate(context: vscode.ExtensionContext): void {
	context.subscriptions.push(registerLog(), registerCertificateCommands());
}

export function deactivate(): void {
	// Every registration is in context.subscriptions.
}
