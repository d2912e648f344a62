/**
 * Wiring only: each feature registers itself and returns a Disposable.
 * Heavy libraries (x509, pkijs, jose) load on first use inside the features, not here.
 */
import type * as vscode from 'vscode';
import { registerLog } from './vscode/log';
import { registerCertificateCommands } from './vscode/certificateCommands';
import { CertificateTreeProvider, registerCertificateTree, snapshotTree, type TreeSnapshotItem } from './vscode/certificateTree';
import { WorkspaceIndex } from './vscode/workspaceIndex';
import { registerJwtHover } from './vscode/jwtHover';
import { registerTokenCommands } from './vscode/tokenCommands';
import { registerManifestFeatures } from './vscode/manifestFeatures';
import { registerAssertionCommands } from './vscode/assertionCommands';
import { registerSandboxControl, SandboxControl, SandboxStatusBar } from './vscode/sandboxControl';
import { registerWorkbench, Workbench, type WorkbenchApi } from './vscode/workbench';
import type { SandboxStatus } from './shared/workbench';

/** What the extension exports to other extensions (and to its integration tests). */
export interface EntraCertKitApi {
	/** What the Certificates view shows, after a rescan. */
	certificatesView(): Promise<TreeSnapshotItem[]>;
	/** The Token workbench: the same Send path as the webview (for tests). */
	workbench: WorkbenchApi;
	/** The sandbox as VS Code shows it, with the status-bar item. */
	sandbox: { status(): SandboxStatus & { statusBar: { visible: boolean; text: string; tooltip: string } } };
}

export function activate(context: vscode.ExtensionContext): EntraCertKitApi {
	const index = new WorkspaceIndex();
	const tree = new CertificateTreeProvider(index);
	context.subscriptions.push(registerLog(), index, registerCertificateCommands(), registerCertificateTree(index, tree), registerJwtHover(index), registerTokenCommands(index), registerManifestFeatures(index), registerAssertionCommands(context, index));
	const sandbox = new SandboxControl(index);
	const sandboxBar = new SandboxStatusBar(sandbox);
	const workbench = new Workbench(context, index, sandbox);
	context.subscriptions.push(sandbox, registerSandboxControl(sandbox, sandboxBar), registerWorkbench(workbench));
	return {
		workbench: workbench.api(),
		sandbox: { status: () => ({ ...sandbox.status(), statusBar: sandboxBar.snapshot() }) },
		async certificatesView() {
			await index.refresh();
			return snapshotTree(tree);
		},
	};
}

export function deactivate(): void {
	// Every registration is in context.subscriptions.
}
