/**
 * The sandbox feature: Start Sandbox, Stop Sandbox, the actions behind the status-bar item. The control and the
 * status bar are cheap; the sandbox server loads on the first start.
 */
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import { SANDBOX_LABEL } from '../../shared/workbench';
import { RUNNING_CONTEXT, SandboxControl } from './control';
import { SandboxStatusBar } from './statusBar';

export { SandboxControl, SandboxStatusBar };

/** What startSandbox returns to callers (tests, other extensions). */
export interface SandboxInfo {
	url: string;
	port: number;
	tenantId: string;
	authority: string;
	tokenEndpoint: string;
	issuer: string;
}

function infoOf(s: Sandbox): SandboxInfo {
	return { url: s.url, port: s.port, tenantId: s.tenantId, authority: s.authority, tokenEndpoint: s.tokenEndpoint, issuer: s.issuer };
}

export function registerSandbox(control: SandboxControl, statusBar: SandboxStatusBar): vscode.Disposable {
	void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
	return vscode.Disposable.from(
		statusBar,
		vscode.commands.registerCommand(CommandId.StartSandbox, guarded('Start Sandbox', async (args?: { quiet?: boolean }): Promise<SandboxInfo> => {
			const wasRunning = !!control.current;
			const s = await control.start();
			if (!wasRunning && !args?.quiet) {
				const copy = vscode.l10n.t('Copy URL');
				const open = vscode.l10n.t('Open Token Workbench');
				void vscode.window.showInformationMessage(vscode.l10n.t('{0} is running at {1}. It is not Entra ID: tokens it issues are signed by its own key.', SANDBOX_LABEL, s.url), copy, open).then(async (choice) => {
					if (choice === copy) {
						await vscode.env.clipboard.writeText(s.url);
					} else if (choice === open) {
						await vscode.commands.executeCommand(CommandId.OpenWorkbench);
					}
				});
			}
			return infoOf(s);
		})),
		vscode.commands.registerCommand(CommandId.StopSandbox, guarded('Stop Sandbox', async (): Promise<boolean> => {
			const stopped = await control.stop();
			if (!stopped) {
				void vscode.window.showInformationMessage(vscode.l10n.t('The sandbox is not running.'));
			}
			return stopped;
		})),
		vscode.commands.registerCommand(CommandId.SandboxActions, guarded('Sandbox Actions', async () => {
			const s = control.current;
			if (!s) {
				const start = vscode.l10n.t('Start Sandbox');
				if ((await vscode.window.showInformationMessage(vscode.l10n.t('The sandbox is not running.'), start)) === start) {
					await vscode.commands.executeCommand(CommandId.StartSandbox);
				}
				return;
			}
			const items: (vscode.QuickPickItem & { run: () => Thenable<unknown> })[] = [
				{ label: `$(copy) ${vscode.l10n.t('Copy URL')}`, description: s.url, run: () => copy(s.url) },
				{ label: `$(copy) ${vscode.l10n.t('Copy Authority')}`, description: s.authority, run: () => copy(s.authority) },
				{ label: `$(copy) ${vscode.l10n.t('Copy Token Endpoint')}`, description: s.tokenEndpoint, run: () => copy(s.tokenEndpoint) },
				{ label: `$(beaker) ${vscode.l10n.t('Open Token Workbench')}`, run: () => vscode.commands.executeCommand(CommandId.OpenWorkbench) },
				{ label: `$(debug-stop) ${vscode.l10n.t('Stop Sandbox')}`, run: () => vscode.commands.executeCommand(CommandId.StopSandbox) },
			];
			const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('{0} on port {1}', SANDBOX_LABEL, String(s.port)) });
			await pick?.run();
		})),
	);
}

async function copy(text: string): Promise<void> {
	await vscode.env.clipboard.writeText(text);
	vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied {0}', text), 3000);
}
