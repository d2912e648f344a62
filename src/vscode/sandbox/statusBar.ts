/**
 * The sandbox's status-bar item: visible while the sandbox runs, showing its port; clicking it offers Stop and Copy URL.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import type { SandboxControl } from './control';
import { SANDBOX_LABEL } from '../../shared/workbench';

/** The status-bar item: visible while the sandbox runs, showing its port. Made when the sandbox first runs. */
export class SandboxStatusBar implements vscode.Disposable {
	private item: vscode.StatusBarItem | undefined;
	private readonly sub: vscode.Disposable;

	constructor(private readonly control: SandboxControl) {
		this.sub = control.onDidChange(() => this.update());
		this.update();
	}

	private update(): void {
		const s = this.control.status();
		if (!s.running || !s.url) {
			this.item?.hide();
			return;
		}
		if (!this.item) {
			this.item = vscode.window.createStatusBarItem('entraCert.sandbox', vscode.StatusBarAlignment.Left, 10);
			this.item.name = vscode.l10n.t('Entra Cert Sandbox');
			this.item.command = CommandId.SandboxActions;
		}
		this.item.text = `$(beaker) ${vscode.l10n.t('Sandbox :{0}', String(s.port))}`;
		this.item.tooltip = `${vscode.l10n.t('{0} at {1}', SANDBOX_LABEL, s.url)}\n${vscode.l10n.t('Tenant {0}; {1} app(s) from the workspace manifests. Click to stop it or copy its URL.', s.tenantId ?? '', String(s.apps ?? 0))}`;
		this.item.accessibilityInformation = { label: vscode.l10n.t('{0} running on port {1}', SANDBOX_LABEL, String(s.port)) };
		this.item.show();
	}

	/** For the API: what the item shows. */
	snapshot(): { visible: boolean; text: string; tooltip: string } {
		const t = this.item?.tooltip;
		return { visible: this.control.status().running, text: this.item?.text ?? '', tooltip: typeof t === 'string' ? t : t?.value ?? '' };
	}

	dispose(): void {
		this.sub.dispose();
		this.item?.dispose();
	}
}
