/**
 * Starts and stops the sandbox (a local emulation of Entra ID's token endpoint) inside VS Code. It serves the apps of
 * the workspace's manifests and re-registers them when the WorkspaceIndex changes. The sandbox itself (src/sandbox)
 * loads on the first start.
 */
import type * as SandboxModule from './impl';
import type { Sandbox, SandboxApp } from '../../sandbox';
import * as vscode from 'vscode';
import { requireTrust } from '../shared/trust';
import { log } from '../shared/log';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { SandboxService } from '../shared/sandboxService';
import { SANDBOX_LABEL, type SandboxStatus } from '../../shared/workbench';

export const RUNNING_CONTEXT = 'entraCert.sandboxRunning';

/** The sandbox server, loaded on first start. */
const impl = () => import('./impl');

export class SandboxControl implements SandboxService {
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
		const mod = await impl();
		const apps = await this.apps(mod, true);
		// The user's own tenant ID (setting) makes their authority URL work unchanged against the sandbox.
		const tenantId = vscode.workspace.getConfiguration('entraCert').get<string>('sandbox.tenantId', '').trim();
		const sandbox = await mod.startSandbox({
			apps,
			tenantId: tenantId || undefined,
			onRequest: (e) => log.info(`sandbox: ${mod.formatRequestLog(e)}`),
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
		const mod = await impl();
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

	private async apps(mod: typeof SandboxModule, refresh: boolean): Promise<SandboxApp[]> {
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

