/**
 * The Token workbench: command, panel serializer, and the one Send path (progress, cancel, timeout) that the
 * webview and the extension API (tests) share.
 */
import * as vscode from 'vscode';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { SandboxService } from '../shared/sandboxService';
import { WorkbenchHistory } from './history';
import { WorkbenchPanel, WORKBENCH_VIEW_TYPE, type PanelHost } from './panel';
import { preferredFiles, workbenchSettings, WorkbenchRunner, type RunOptions } from './runner';
import { emptyForm, sanitizeForm, type AppOption, type CertificateOption, type HistoryEntry, type RequestPreview, type SandboxStatus, type WorkbenchExportFormat, type WorkbenchForm, type WorkbenchResult, type WorkbenchSettings } from '../../shared/workbench';

const FORM_KEY = 'entraCert.workbench.form';

/** What the extension API exposes of the workbench (the integration tests drive it through this). */
export interface WorkbenchApi {
	/** Opens (or reveals) the panel. */
	open(): Promise<void>;
	/** Sends like the webview's Send does (progress, cancel, timeout, history); `openExternal` replaces the browser. */
	run(form: Partial<WorkbenchForm>, options?: { openExternal?: (url: string) => Promise<unknown>; signal?: AbortSignal }): Promise<WorkbenchResult>;
	preview(form: Partial<WorkbenchForm>): Promise<RequestPreview>;
	/** Opens the export as an untitled document and returns its text and language. */
	exportRequest(form: Partial<WorkbenchForm>, format: WorkbenchExportFormat): Promise<{ text: string; language: string }>;
	/** The form "Use as OBO assertion" makes of a token. */
	useAsObo(token: string, form?: Partial<WorkbenchForm>): Promise<Partial<WorkbenchForm>>;
	storeSecret(clientId: string, secret: string): Promise<void>;
	history(): HistoryEntry[];
	/** Content-Security-Policy violations the webview reported (none expected). */
	cspViolations(): string[];
	isOpen(): boolean;
	/** How many times a workbench webview has loaded and said it is ready. */
	readyCount(): number;
}

export class Workbench implements vscode.Disposable, PanelHost {
	readonly history: WorkbenchHistory;
	readonly runner: WorkbenchRunner;
	readonly cspViolations: string[] = [];
	/** How many times a webview said it is ready (the integration tests wait for it). */
	readyCount = 0;
	private panel: WorkbenchPanel | undefined;
	private readonly running = new Map<string, AbortController>();
	private readonly disposables: vscode.Disposable[] = [];
	private lastInMemory: WorkbenchForm | undefined;

	constructor(readonly context: vscode.ExtensionContext, readonly index: WorkspaceIndex, readonly sandbox: SandboxService) {
		this.history = new WorkbenchHistory(context.workspaceState);
		this.runner = new WorkbenchRunner({ context, index, sandbox, history: this.history });
		this.disposables.push(
			this.runner,
			index.onDidChange(() => void this.panel?.postContext()),
			sandbox.onDidChange(() => {
				void this.panel?.postContext();
				void this.panel?.postPreview(this.lastForm());
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('entraCert.workbench') || e.affectsConfiguration('entraCert.request')) {
					if (!this.settings().keepTokens) {
						void this.history.forgetTokens().then(() => this.panel?.postHistory());
					}
					this.panel?.post({ type: 'settings', settings: this.settings(), trusted: vscode.workspace.isTrusted });
				}
			}),
			vscode.workspace.onDidGrantWorkspaceTrust(() => this.panel?.post({ type: 'settings', settings: this.settings(), trusted: true })),
		);
	}

	settings(): WorkbenchSettings {
		return workbenchSettings();
	}

	/** The form a new panel starts with: the last one used in this workspace, else empty with the default target. */
	defaultForm(): WorkbenchForm {
		const base = emptyForm(this.settings().defaultTarget);
		const config = vscode.workspace.getConfiguration('entraCert');
		base.clientId = config.get<string>('defaultClientId', '');
		base.tenant = config.get<string>('defaultTenant', '');
		base.cloud = config.get<WorkbenchForm['cloud']>('cloud', 'public');
		base.alg = config.get<WorkbenchForm['alg']>('algorithm', 'PS256');
		const last = this.context.workspaceState.get<unknown>(FORM_KEY);
		return last ? sanitizeForm(last, base) : base;
	}

	/** The form the webview holds now (or the remembered one). */
	lastForm(): WorkbenchForm {
		return this.lastInMemory ?? this.defaultForm();
	}

	/** Remembers the form for this workspace: never the incoming token (unless keepTokens); secrets are never in it. */
	async rememberForm(form: WorkbenchForm): Promise<void> {
		await this.context.workspaceState.update(FORM_KEY, { ...form, userAssertion: this.settings().keepTokens ? form.userAssertion : '' });
		this.lastInMemory = form;
	}

	open(): WorkbenchPanel {
		if (this.panel) {
			this.panel.panel.reveal();
			return this.panel;
		}
		const panel = vscode.window.createWebviewPanel(WORKBENCH_VIEW_TYPE, vscode.l10n.t('Token Workbench'), vscode.ViewColumn.Active, { ...webviewPanelOptions() });
		this.panel = new WorkbenchPanel(panel, this, undefined);
		return this.panel;
	}

	revive(panel: vscode.WebviewPanel, state: unknown): void {
		this.panel?.dispose();
		const form = state && typeof state === 'object' && 'form' in state ? sanitizeForm((state as { form: unknown }).form, this.defaultForm()) : undefined;
		this.panel = new WorkbenchPanel(panel, this, form);
	}

	panelClosed(panel: WorkbenchPanel): void {
		if (this.panel === panel) {
			this.panel = undefined;
		}
	}

	isOpen(): boolean {
		return !!this.panel;
	}

	/** Sends with progress (a notification with Cancel while a sign-in waits, the status bar otherwise). */
	async send(form: WorkbenchForm, requestId: string, options: Pick<RunOptions, 'openExternal' | 'signal'>): Promise<WorkbenchResult> {
		const ac = new AbortController();
		if (options.signal) {
			options.signal.addEventListener('abort', () => ac.abort(options.signal?.reason), { once: true });
		}
		this.running.set(requestId, ac);
		const signIn = form.flow === 'authorization_code';
		try {
			const result = await vscode.window.withProgress(
				{ location: signIn ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: vscode.l10n.t('Token workbench'), cancellable: true },
				(progress, token) => {
					token.onCancellationRequested(() => ac.abort());
					return this.runner.run(form, requestId, {
						signal: ac.signal,
						...(options.openExternal ? { openExternal: options.openExternal } : {}),
						onProgress: (message) => {
							progress.report({ message });
							this.panel?.post({ type: 'progress', requestId, message });
						},
					});
				},
			);
			this.panel?.post({ type: 'result', result });
			this.panel?.postHistory();
			void this.panel?.postContext();
			return result;
		} finally {
			this.running.delete(requestId);
		}
	}

	cancel(requestId: string): void {
		this.running.get(requestId)?.abort();
	}

	async exportToDocument(form: WorkbenchForm, format: WorkbenchExportFormat): Promise<{ text: string; language: string }> {
		const { text, language } = await this.runner.exportText(form, format);
		const known = await vscode.languages.getLanguages();
		const doc = await vscode.workspace.openTextDocument({ content: text, language: known.includes(language) ? language : 'plaintext' });
		await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
		return { text, language: doc.languageId };
	}

	/** What the form's pickers offer: certificates with a key, the manifests' apps, stored secrets, the sandbox. */
	async contextData(): Promise<{ certificates: CertificateOption[]; apps: AppOption[]; secretsFor: string[]; refreshTokenFor: string[]; sandbox: SandboxStatus }> {
		const certs = await this.index.certificates();
		const certificates: CertificateOption[] = [];
		const seen = new Set<string>();
		// One entry per certificate: the file with a key beside it first (a .pem and its .cer are one certificate).
		for (const c of preferredFiles(certs)) {
			const id = c.info?.sha1Hex ?? c.uri.fsPath;
			if (seen.has(id) || (!c.info && !c.locked)) {
				continue;
			}
			seen.add(id);
			const registeredIn = c.info ? (await this.index.manifestsRegistering(c.info)).flatMap((m) => (m.manifest.appId ? [m.manifest.appId] : [])) : [];
			certificates.push({ path: c.uri.fsPath, label: vscode.workspace.asRelativePath(c.uri), subject: c.info?.subject, hasKey: !!c.keyUri, locked: !!c.locked, registeredIn });
		}
		certificates.sort((a, b) => a.label.localeCompare(b.label));
		const apps: AppOption[] = await this.runner.workspaceApps();
		return { certificates, apps, secretsFor: this.runner.secretClients(), refreshTokenFor: this.runner.refreshTokenClients(), sandbox: this.sandbox.status() };
	}

	api(): WorkbenchApi {
		const full = (form: Partial<WorkbenchForm>) => sanitizeForm(form, emptyForm(this.settings().defaultTarget));
		let n = 0;
		return {
			open: async () => {
				this.open();
			},
			run: (form, options = {}) => this.send(full(form), `api-${++n}`, options),
			preview: (form) => this.runner.preview(full(form), 0),
			exportRequest: (form, format) => this.exportToDocument(full(form), format),
			useAsObo: (token, form = {}) => this.runner.useAsObo(token, full(form)),
			storeSecret: (clientId, secret) => this.runner.storeSecret(clientId, secret),
			history: () => this.history.entries(),
			cspViolations: () => [...this.cspViolations],
			isOpen: () => this.isOpen(),
			readyCount: () => this.readyCount,
		};
	}

	dispose(): void {
		for (const ac of this.running.values()) {
			ac.abort();
		}
		this.panel?.dispose();
		vscode.Disposable.from(...this.disposables).dispose();
	}
}

function webviewPanelOptions(): vscode.WebviewPanelOptions {
	// State is restored through getState/setState and the serializer, not by keeping the webview alive.
	return { enableFindWidget: true, retainContextWhenHidden: false };
}
