/**
 * What the workbench needs of the sandbox, as an interface: the sandbox feature implements it, the entry passes the
 * instance in, and neither feature imports the other.
 */
import type * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox';
import type { SandboxStatus } from '../../shared/workbench';

export interface SandboxService extends vscode.Disposable {
	/** The running sandbox, if any. */
	readonly current: Sandbox | undefined;
	readonly onDidChange: vscode.Event<SandboxStatus>;
	status(): SandboxStatus;
	/** Starts it unless it runs already. */
	start(): Promise<Sandbox>;
	stop(): Promise<boolean>;
	/** Serves the workspace's manifests again (with `refresh`, rescans the workspace first). */
	syncApps(refresh: boolean): Promise<number>;
}
