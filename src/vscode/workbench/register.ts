/**
 * The Token workbench: the Open Token Workbench command and the panel serializer. The workbench itself (webview
 * host, runner, token core) loads when it is first opened or revived; the API methods that only report state answer
 * without loading it.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { SandboxService } from '../shared/sandboxService';
import { WorkbenchHistory } from './history';
import { WORKBENCH_VIEW_TYPE } from './viewType';
import type { Workbench, WorkbenchApi } from './workbench';

export type { WorkbenchApi };

/** The implementation chunk, loaded on first use. */
const impl = () => import('./impl');

export function registerWorkbench(context: vscode.ExtensionContext, index: WorkspaceIndex, sandbox: SandboxService): { disposable: vscode.Disposable; api: WorkbenchApi } {
	let workbench: Workbench | undefined;
	let full: WorkbenchApi | undefined;
	let loading: Promise<Workbench> | undefined;
	let disposed = false;
	const get = (): Promise<Workbench> =>
		(loading ??= impl().then((m) => {
			if (disposed) {
				throw new vscode.CancellationError();
			}
			workbench = new m.Workbench(context, index, sandbox);
			full = workbench.api();
			return workbench;
		}));
	const loaded = async (): Promise<WorkbenchApi> => {
		await get();
		return full as WorkbenchApi;
	};
	const api: WorkbenchApi = {
		open: async () => (await loaded()).open(),
		run: async (form, options) => (await loaded()).run(form, options),
		preview: async (form) => (await loaded()).preview(form),
		exportRequest: async (form, format) => (await loaded()).exportRequest(form, format),
		useAsObo: async (token, form) => (await loaded()).useAsObo(token, form),
		storeSecret: async (clientId, secret) => (await loaded()).storeSecret(clientId, secret),
		history: () => full?.history() ?? new WorkbenchHistory(context.workspaceState).entries(),
		cspViolations: () => full?.cspViolations() ?? [],
		isOpen: () => full?.isOpen() ?? false,
		readyCount: () => full?.readyCount() ?? 0,
	};
	const disposable = vscode.Disposable.from(
		{
			dispose: () => {
				disposed = true;
				workbench?.dispose();
			},
		},
		vscode.commands.registerCommand(CommandId.OpenWorkbench, guarded('Open Token Workbench', async () => {
			(await get()).open();
		})),
		vscode.window.registerWebviewPanelSerializer(WORKBENCH_VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => {
				(await get()).revive(panel, state);
			},
		}),
	);
	return { disposable, api };
}
