/**
 * Start and stop the sandbox (a local emulation of Entra ID's token endpoint) from VS Code. It serves the apps of
 * the workspace's manifests and re-registers them when the WorkspaceIndex changes. While it runs, a status-bar
 * item shows its port; clicking it offers Stop and Copy URL.
 */
import type * as SandboxModule from '../sandbox';
import type { Sandbox } from '../sandbox';
import * as vscode from 'vscode';
import { CommandId } from './commandIds';
import { guarded } from './runCommand';
import { requireTrust } from './trust';
import { log } from './log';
import type { WorkspaceIndex } from './workspaceIndex';
import { SANDBOX_LABEL, type SandboxStatus } from '../shared/workbench';

const RUNNING_CONTEXT = 'entraCert.sandboxRunning';

/** What startSandbox returns to callers (tests, other extensions). */
export interface SandboxInfo {
	url: string;
	port: number;
	tenantId: string;
	authority: string;
	tokenEndpoint: string;
	issuer: string;
}

export class SandboxControl implements vscode.Disposable {
	private sandbox: Sandbox | undefined;
	private starting: Promise<Sandbox> | undefined;
	private appCount = 0;
	private readonly emitter = new vscode.EventEmitter<SandboxStatus>();
	private readonly disposables: vscode.Disposable[] = [this.emitter];
	readonly onDidChange = this.emitter.event;

	constructor(private readonly index: WorkspaceIndex) {
		this.disposables.push(index.onDidChange(() => void this.syncApps(false)));
	}

	get current(): Sandbox | undefined {
		return this.sandbox;
	}

	status(): SandboxStatus {
		const s = this.sandbox;
		return s ? { running: true, url: s.url, port: s.port, tenantId: s.tenantId, users: s.users.map((u) => ({ oid: u.oid, name: u.name })), apps: this.appCount } : { running: false };
	}

	/** Starts the sandbox unless it runs already; concurrent calls share one start. */
	start(): Promise<Sandbox> {
		if (this.sandbox) {
			return Promise.resolve(this.sandbox);
		}
		this.starting ??= this.doStart().finally(() => {
			this.starting = undefined;
		});
		return this.starting;
	}

	private async doStart(): Promise<Sandbox> {
		requireTrust(vscode.l10n.t('Starting the sandbox'));
		const mod = await import('../sandbox');
		const apps = await this.apps(mod, true);
		const sandbox = await mod.startSandbox({
			apps,
			onRequest: (e) => log.info(`sandbox: ${e.method} ${e.path.split('?')[0]} → ${e.status}${e.errorCode ? ` AADSTS${e.errorCode}` : ''} (${Math.round(e.durationMs)} ms)`),
		});
		this.sandbox = sandbox;
		this.appCount = apps.length;
		log.info(`${SANDBOX_LABEL} started at ${sandbox.url}, tenant ${sandbox.tenantId}, serving ${apps.length} app(s) from the workspace's manifests`);
		await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, true);
		this.emitter.fire(this.status());
		return sandbox;
	}

	/** Stops it; false when it was not running. */
	async stop(): Promise<boolean> {
		const s = this.sandbox ?? (this.starting ? await this.starting.catch(() => undefined) : undefined);
		if (!s) {
			return false;
		}
		this.sandbox = undefined;
		await s.close();
		log.info(`${SANDBOX_LABEL} at ${s.url} stopped`);
		await vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, false);
		this.emitter.fire(this.status());
		return true;
	}

	/**
	 * Registers the workspace's manifests with the running sandbox. With `refresh`, rescans the workspace first
	 * (only changed files are read), so a manifest saved a moment ago is served.
	 */
	async syncApps(refresh: boolean): Promise<number> {
		const s = this.sandbox;
		if (!s) {
			return 0;
		}
		const mod = await import('../sandbox');
		const apps = await this.apps(mod, refresh);
		if (this.sandbox === s) {
			s.setApps(apps);
			const changed = apps.length !== this.appCount;
			this.appCount = apps.length;
			if (changed) {
				this.emitter.fire(this.status());
			}
		}
		return apps.length;
	}

	private async apps(mod: typeof SandboxModule, refresh: boolean): Promise<SandboxModule.SandboxApp[]> {
		if (refresh) {
			await this.index.refresh();
		} else {
			await this.index.ready();
		}
		const files = (await this.index.manifestFiles()).map((m) => ({ text: m.text, fileName: vscode.workspace.asRelativePath(m.uri) }));
		// One unreadable manifest (no appId, a broken key) must not take the others down: skip it and say why.
		const usable = files.filter((f) => {
			try {
				mod.appsFromManifests([f]);
				return true;
			} catch (e) {
				log.warn(`The sandbox does not serve ${f.fileName}: ${e instanceof Error ? e.message : String(e)}`);
				return false;
			}
		});
		return mod.appsFromManifests(usable);
	}

	dispose(): void {
		const s = this.sandbox;
		this.sandbox = undefined;
		if (s) {
			void s.close();
		}
		vscode.Disposable.from(...this.disposables).dispose();
	}
}

function infoOf(s: Sandbox): SandboxInfo {
	return { url: s.url, port: s.port, tenantId: s.tenantId, authority: s.authority, tokenEndpoint: s.tokenEndpoint, issuer: s.issuer };
}

/** The status-bar item: visible while the sandbox runs, showing its port. */
export class SandboxStatusBar implements vscode.Disposable {
	readonly item = vscode.window.createStatusBarItem('entraCert.sandbox', vscode.StatusBarAlignment.Left, 10);
	private readonly sub: vscode.Disposable;

	constructor(private readonly control: SandboxControl) {
		this.item.name = vscode.l10n.t('Entra Cert Sandbox');
		this.item.command = CommandId.SandboxActions;
		this.sub = control.onDidChange(() => this.update());
		this.update();
	}

	private update(): void {
		const s = this.control.status();
		if (!s.running || !s.url) {
			this.item.hide();
			return;
		}
		this.item.text = `$(beaker) ${vscode.l10n.t('Sandbox :{0}', String(s.port))}`;
		this.item.tooltip = `${vscode.l10n.t('{0} at {1}', SANDBOX_LABEL, s.url)}\n${vscode.l10n.t('Tenant {0}; {1} app(s) from the workspace manifests. Click to stop it or copy its URL.', s.tenantId ?? '', String(s.apps ?? 0))}`;
		this.item.accessibilityInformation = { label: vscode.l10n.t('{0} running on port {1}', SANDBOX_LABEL, String(s.port)) };
		this.item.show();
	}

	/** For the API: what the item shows. */
	snapshot(): { visible: boolean; text: string; tooltip: string } {
		const t = this.item.tooltip;
		return { visible: this.control.status().running, text: this.item.text, tooltip: typeof t === 'string' ? t : t?.value ?? '' };
	}

	dispose(): void {
		this.sub.dispose();
		this.item.dispose();
	}
}

export function registerSandboxControl(control: SandboxControl, statusBar: SandboxStatusBar): vscode.Disposable {
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
