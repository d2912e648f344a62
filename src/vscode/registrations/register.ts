/**
 * The registrations feature: the Registrations view (the live app registrations in Entra, or the sandbox's emulated
 * Graph, with their keyCredentials matched to workspace certificates) and its commands: Sign In, Sign Out, Refresh,
 * Show App, Add Certificate, Roll Certificate, Remove Key, Export Manifest, Compare Manifest. The implementation (Graph
 * calls, proofs, previews) loads on first use; this file holds the view's state and its rendering only.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { liveKeys } from '../shared/liveKeys';
import { guarded } from '../shared/runCommand';
import type { SandboxService } from '../shared/sandboxService';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type * as Impl from './impl';
import type { RegistrationNode, RegistrationSession, RegistrationsModel } from './types';

export type { RegistrationNode, RegistrationSession, RegistrationsModel };

/** The implementation chunk, loaded on first use. */
const impl = () => import('./impl');

export const RegistrationCommand = {
	SignIn: CommandId.RegistrationsSignIn,
	SignOut: CommandId.RegistrationsSignOut,
	Refresh: CommandId.RegistrationsRefresh,
	ShowApp: CommandId.RegistrationsShowApp,
	AddCertificate: CommandId.RegistrationsAddCertificate,
	RollCertificate: CommandId.RegistrationsRollCertificate,
	RemoveKey: CommandId.RegistrationsRemoveKey,
	ExportManifest: CommandId.RegistrationsExportManifest,
	CompareManifest: CommandId.RegistrationsCompareManifest,
} as const;

export class RegistrationsState implements RegistrationsModel, vscode.Disposable {
	session: RegistrationSession | undefined;
	/** App IDs typed in, shown beside the owned apps. */
	readonly typedAppIds = new Set<string>();
	nodes: RegistrationNode[] = [];
	private readonly emitter = new vscode.EventEmitter<void>();
	readonly onDidChange = this.emitter.event;

	constructor(readonly index: WorkspaceIndex, readonly sandbox: SandboxService, readonly testHooks = false) {}

	update(nodes: RegistrationNode[]): void {
		this.nodes = nodes;
		this.emitter.fire();
	}

	dispose(): void {
		this.session = undefined;
		liveKeys.signedOut();
		this.emitter.dispose();
	}
}

class RegistrationsTree implements vscode.TreeDataProvider<RegistrationNode> {
	readonly onDidChangeTreeData: vscode.Event<void>;
	constructor(private readonly state: RegistrationsState) {
		this.onDidChangeTreeData = state.onDidChange;
	}
	getChildren(node?: RegistrationNode): RegistrationNode[] {
		return node ? (node.children ?? []) : this.state.nodes;
	}
	getTreeItem(node: RegistrationNode): vscode.TreeItem {
		const item = new vscode.TreeItem(node.label, node.children && node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
		item.id = node.id;
		item.description = node.description;
		item.tooltip = node.tooltip ? new vscode.MarkdownString(node.tooltip) : undefined;
		item.contextValue = node.contextValue;
		if (node.ariaLabel) {
			item.accessibilityInformation = { label: node.ariaLabel };
		}
		if (node.icon) {
			item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
		}
		return item;
	}
}

/** `mode`: the extension's mode; the write commands' test hooks ({ confirm }) work only in tests (see below). */
export function registerRegistrations(index: WorkspaceIndex, sandbox: SandboxService, mode?: vscode.ExtensionMode): { disposable: vscode.Disposable; state: RegistrationsState } {
	// Test mode (VS Code desktop with extensionTestsPath), or the integration harness's variable (code-server does not
	// report ExtensionMode.Test to the extension under test).
	const state = new RegistrationsState(index, sandbox, mode === vscode.ExtensionMode.Test || process.env.ENTRA_CERT_TEST_HOOKS === '1');
	const tree = new RegistrationsTree(state);
	const view = vscode.window.createTreeView('entraCert.registrations', { treeDataProvider: tree, showCollapseAll: true });
	// Who is signed in, where: beside the view's title (cleared on sign-out).
	const describe = () => {
		const s = state.session;
		view.description = s ? `${s.source === 'sandbox' ? vscode.l10n.t('sandbox') : s.source === 'azureCli' ? vscode.l10n.t('Azure CLI') : vscode.l10n.t('Microsoft')} · ${s.account}` : undefined;
	};
	const cmd = (id: string, name: string, run: (m: typeof Impl, ...args: unknown[]) => unknown) =>
		vscode.commands.registerCommand(id, guarded(name, async (...args: unknown[]) => run(await impl(), ...args)));
	const disposable = vscode.Disposable.from(
		state,
		view,
		cmd(RegistrationCommand.SignIn, 'Sign In to Microsoft Graph', (m, a) => m.signIn(state, a)),
		cmd(RegistrationCommand.SignOut, 'Sign Out of Microsoft Graph', (m) => m.signOut(state)),
		cmd(RegistrationCommand.Refresh, 'Refresh Registrations', (m) => m.refresh(state)),
		cmd(RegistrationCommand.ShowApp, 'Show App Registration', (m, a) => m.showApp(state, a)),
		cmd(RegistrationCommand.AddCertificate, 'Add Certificate to App', (m, a, b) => m.addCertificate(state, a, b)),
		cmd(RegistrationCommand.RollCertificate, 'Roll Certificate', (m, a, b) => m.rollCertificate(state, a, b)),
		cmd(RegistrationCommand.RemoveKey, 'Remove Key from App', (m, a, b) => m.removeKey(state, a, b)),
		cmd(RegistrationCommand.ExportManifest, 'Export Registration to Manifest', (m, a, b) => m.exportManifest(state, a, b)),
		cmd(RegistrationCommand.CompareManifest, 'Compare Manifest with Registration', (m, a, b) => m.compareManifest(state, a, b)),
		state.onDidChange(describe),
		index.onDidChange(() => {
			if (state.session) {
				void impl().then((m) => m.render(state)).catch(() => undefined);
			}
		}),
	);
	return { disposable, state };
}
