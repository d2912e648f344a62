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
	/** What activation spent, step by step, in milliseconds (for `npm run bench`). */
	activationProfile(): { step: string; ms: number }[];
}

/** When dist/extension.js started and finished evaluating (the first line is esbuild's banner: see esbuild.config.mjs). */
declare const __entraCertLoadStart: number | undefined;
/** Milliseconds on the clock the banner uses (process.hrtime: performance would load Node's perf_hooks). */
const clock = () => Number(process.hrtime.bigint()) / 1e6;
const loadStart = typeof __entraCertLoadStart === 'number' ? __entraCertLoadStart : undefined;

export function activate(context: vscode.ExtensionContext): EntraCertKitApi {
	const profile: { step: string; ms: number }[] = [];
	if (loadStart !== undefined) {
		profile.push({ step: 'evaluating dist/extension.js', ms: loadEnd - loadStart });
	}
	let last = clock();
	const step = <T>(name: string, make: () => T): T => {
		const value = make();
		const now = clock();
		profile.push({ step: name, ms: now - last });
		last = now;
		return value;
	};
	const index = step('workspace index', () => new WorkspaceIndex());
	const tree = step('certificates tree provider', () => new CertificateTreeProvider(index));
	const sandbox = step('sandbox control', () => new SandboxControl(index));
	const sandboxBar = step('sandbox status bar', () => new SandboxStatusBar(sandbox));
	const workbench = step('workbench', () => registerWorkbench(context, index, sandbox));
	context.subscriptions.push(
		step('log', () => registerLog()),
		index,
		step('certificates', () => registerCertificates(index, tree)),
		step('manifests', () => registerManifests(index)),
		step('tokens', () => registerTokens(context, index)),
		sandbox,
		step('sandbox', () => registerSandbox(sandbox, sandboxBar)),
		workbench.disposable,
		step('registrations', () => registerRegistrations(index, sandbox, context.extensionMode).disposable),
	);
	return {
		workbench: workbench.api,
		sandbox: { status: () => ({ ...sandbox.status(), statusBar: sandboxBar.snapshot() }) },
		async certificatesView() {
			await index.refresh({ keys: true });
			return snapshotTree(tree);
		},
		activationProfile: () => [...profile],
	};
}

export function deactivate(): void {
	// Every registration is in context.subscriptions.
}

const loadEnd = clock();
