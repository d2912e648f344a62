/**
 * Activation: wiring only. Each feature's register.ts adds its commands, views and providers and returns a
 * Disposable; its implementation (and the heavy libraries: x509, pkijs, jose, the catalogs, the sandbox, the webview
 * host) loads from its own chunk on first use. See esbuild.config.mjs for the chunks.
 */
import type * as vscode from 'vscode';
import { registerLog } from './vscode/shared/log';
import { WorkspaceIndex } from './vscode/shared/workspaceIndex';
import { CertificateTreeProvider, registerCertificates, snapshotTree, type TreeSnapshotItem } from './vscode/certificates/register';
import { registerManifests } from './vscode/manifests/register';
import { registerTokens } from './vscode/tokens/register';
import { registerSandbox, SandboxControl, SandboxStatusBar } from './vscode/sandbox/register';
import { registerWorkbench, type WorkbenchApi } from './vscode/workbench/register';
import { registerRegistrations } from './vscode/registrations/register';
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
	const sandbox = new SandboxControl(index);
	const sandboxBar = new SandboxStatusBar(sandbox);
	const workbench = registerWorkbench(context, index, sandbox);
	context.subscriptions.push(
		registerLog(),
		index,
		registerCertificates(index, tree),
		registerManifests(index),
		registerTokens(context, index),
		sandbox,
		registerSandbox(sandbox, sandboxBar),
		workbench.disposable,
		registerRegistrations(index, sandbox).disposable,
	);
	return {
		workbench: workbench.api,
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
