/**
 * Wiring only: each feature registers itself and returns a Disposable.
 * Heavy libraries (x509, pkijs, jose) load on first use inside the features, not here.
 */
import type * as vscode from 'vscode';
import { registerLog } from './vscode/log';
import { registerCertificateCommands } from './vscode/certificateCommands';
import { registerCertificateTree } from './vscode/certificateTree';
import { WorkspaceIndex } from './vscode/workspaceIndex';
import { registerJwtHover } from './vscode/jwtHover';
import { registerTokenCommands } from './vscode/tokenCommands';
import { registerManifestFeatures } from './vscode/manifestFeatures';
import { registerAssertionCommands } from './vscode/assertionCommands';

export function activate(context: vscode.ExtensionContext): void {
	const index = new WorkspaceIndex();
	context.subscriptions.push(registerLog(), index, registerCertificateCommands(), registerCertificateTree(index), registerJwtHover(index), registerTokenCommands(index), registerManifestFeatures(index), registerAssertionCommands(context, index));
}

export function deactivate(): void {
	// Every registration is in context.subscriptions.
}
