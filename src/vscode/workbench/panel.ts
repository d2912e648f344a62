/**
 * The workbench's webview panel: one per window, revived after a reload by the WebviewPanelSerializer. It only
 * moves messages: every decision is its host's (the Workbench, workbench.ts) and the runner's. It knows the host
 * only through PanelHost, so panel.ts and workbench.ts do not import each other.
 */
import * as vscode from 'vscode';
import { isWebviewMessage, sanitizeForm, type HostToWebview, type WebviewToHost, type WorkbenchExportFormat, type WorkbenchForm, type WorkbenchResult, type WorkbenchSettings } from '../../shared/workbench';
import { showError } from '../shared/runCommand';
import { log } from '../shared/log';
import { webviewOptions, workbenchHtml } from './html';
import type { WorkbenchHistory } from './history';
import type { RunOptions, WorkbenchRunner } from './runner';

export { WORKBENCH_VIEW_TYPE } from './viewType';

/** What a panel needs of the workbench that owns it. */
export interface PanelHost {
	readonly context: vscode.ExtensionContext;
	readonly history: WorkbenchHistory;
	readonly runner: WorkbenchRunner;
	readonly cspViolations: string[];
	readyCount: number;
	settings(): WorkbenchSettings;
	defaultForm(): WorkbenchForm;
	lastForm(): WorkbenchForm;
	rememberForm(form: WorkbenchForm): Promise<void>;
	contextData(): Promise<Omit<Extract<HostToWebview, { type: 'context' }>, 'type'>>;
	send(form: WorkbenchForm, requestId: string, options: Pick<RunOptions, 'openExternal' | 'signal'>): Promise<WorkbenchResult>;
	cancel(requestId: string): void;
	exportToDocument(form: WorkbenchForm, format: WorkbenchExportFormat): Promise<{ text: string; language: string }>;
	panelClosed(panel: WorkbenchPanel): void;
}

export class WorkbenchPanel implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];
	private seq = 0;
	private disposed = false;

	constructor(readonly panel: vscode.WebviewPanel, private readonly workbench: PanelHost, private readonly restored: WorkbenchForm | undefined) {
		const extensionUri = workbench.context.extensionUri;
		panel.webview.options = webviewOptions(extensionUri);
		panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'certificates.svg');
		panel.webview.html = workbenchHtml(panel.webview, extensionUri);
		this.disposables.push(
			panel.onDidDispose(() => this.dispose()),
			panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
		);
	}

	post(message: HostToWebview): void {
		if (!this.disposed) {
			void this.panel.webview.postMessage(message);
		}
	}

	async postContext(): Promise<void> {
		this.post({ type: 'context', ...(await this.workbench.contextData()) });
	}

	postHistory(): void {
		this.post({ type: 'history', entries: this.workbench.history.entries() });
	}

	async postPreview(form: WorkbenchForm, seq = this.seq): Promise<void> {
		const preview = await this.workbench.runner.preview(form, seq);
		if (seq >= this.seq) {
			this.post({ type: 'preview', preview });
		}
	}

	private async onMessage(raw: unknown): Promise<void> {
		if (!isWebviewMessage(raw)) {
			return;
		}
		const msg: WebviewToHost = raw;
		try {
			await this.handle(msg);
		} catch (e) {
			showError('Token Workbench', e);
		}
	}

	private async handle(msg: WebviewToHost): Promise<void> {
		const wb = this.workbench;
		switch (msg.type) {
			case 'ready': {
				const form = msg.form ? sanitizeForm(msg.form, wb.defaultForm()) : this.restored ?? wb.defaultForm();
				wb.readyCount++;
				await wb.rememberForm(form);
				this.post({ type: 'init', form, settings: wb.settings(), trusted: vscode.workspace.isTrusted });
				this.postHistory();
				await this.postContext();
				await this.postPreview(form, this.seq);
				break;
			}
			case 'formChanged': {
				const form = sanitizeForm(msg.form);
				this.seq = Math.max(this.seq, Number(msg.seq) || 0);
				await wb.rememberForm(form);
				await this.postPreview(form, this.seq);
				break;
			}
			case 'send':
				await wb.send(sanitizeForm(msg.form), String(msg.requestId), {});
				break;
			case 'cancel':
				wb.cancel(String(msg.requestId));
				break;
			case 'export':
				await wb.exportToDocument(sanitizeForm(msg.form), msg.format);
				break;
			case 'storeSecret':
				await wb.runner.storeSecret(String(msg.clientId), String(msg.secret));
				vscode.window.setStatusBarMessage(vscode.l10n.t('$(lock) Client secret stored in SecretStorage'), 3000);
				await this.postContext();
				await this.postPreview(wb.lastForm(), this.seq);
				break;
			case 'forgetSecret':
				await wb.runner.forgetSecret(String(msg.clientId));
				await this.postContext();
				await this.postPreview(wb.lastForm(), this.seq);
				break;
			case 'chooseCertificateFile': {
				const picked = await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Certificate for the client assertion'), filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12'] } });
				if (picked?.[0]) {
					this.post({ type: 'setForm', form: { credential: 'certificate', certificate: picked[0].fsPath } });
				}
				break;
			}
			case 'useAsObo': {
				const patch = await wb.runner.useAsObo(String(msg.token), wb.lastForm());
				this.post({ type: 'setForm', form: patch, reason: 'useAsObo' });
				this.post({ type: 'focus', field: 'userAssertion' });
				break;
			}
			case 'copy':
				await vscode.env.clipboard.writeText(String(msg.text));
				vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied the {0}', String(msg.what)), 3000);
				break;
			case 'sandbox':
				await vscode.commands.executeCommand(msg.action === 'start' ? 'entraCert.startSandbox' : 'entraCert.stopSandbox', { quiet: true });
				break;
			case 'clearHistory':
				await wb.history.clear();
				this.postHistory();
				break;
			case 'restoreHistory': {
				const entry = wb.history.find(String(msg.id));
				if (entry) {
					this.post({ type: 'setForm', form: entry.form, reason: 'history' });
				}
				break;
			}
			case 'openSettings':
				await vscode.commands.executeCommand('workbench.action.openSettings', 'entraCert.workbench');
				break;
			case 'cspViolation':
				wb.cspViolations.push(`${String(msg.directive)} ${String(msg.blocked)}`);
				log.warn(`Token workbench: the webview's Content-Security-Policy blocked ${String(msg.blocked)} (${String(msg.directive)})`);
				break;
			default: {
				const never: never = msg;
				void never;
			}
		}
	}

	dispose(): void {
		if (this.disposed) {
			return;
		}
		this.disposed = true;
		this.workbench.panelClosed(this);
		this.panel.dispose();
		vscode.Disposable.from(...this.disposables).dispose();
	}
}
