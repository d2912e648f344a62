/**
 * The workbench webview: wires the form, the preview, the response and the history to the host's messages,
 * and keeps its state across reloads (getState/setState; tokens only with entraCert.workbench.keepTokens).
 */
import type { HistoryEntry, HostToWebview, RequestPreview, TokenView, WorkbenchForm, WorkbenchResult, WorkbenchSettings } from '../../src/shared/workbench';
import { emptyForm, isHostMessage, sanitizeForm } from '../../src/shared/workbench';
import { post, vscode, type SavedState } from './api';
import { h, icon, replace } from './dom';
import { FormView } from './form';
import { historyView } from './history';
import { previewView, resultView, type TokenActions } from './output';

const PREVIEW_DELAY_MS = 300;

/** A result without the tokens themselves (for state that outlives the panel when keepTokens is off). */
function withoutTokens(r: WorkbenchResult): WorkbenchResult {
	let body = r.bodyText;
	for (const t of r.tokens) {
		if (body && t.value) {
			body = body.split(t.value).join(`[${t.name} not kept]`);
		}
	}
	const strip = (t: TokenView): TokenView => ({ ...t, value: '' });
	return { ...r, bodyText: body, tokens: r.tokens.map(strip), ...(r.assertion ? { assertion: strip(r.assertion) } : {}) };
}

export class App {
	private readonly saved: SavedState;
	private readonly formView: FormView;
	private settings: WorkbenchSettings = { defaultTarget: 'sandbox', keepTokens: false, timeoutSeconds: 30 };
	private result: WorkbenchResult | undefined;
	private history: HistoryEntry[] = [];
	private seq = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private requestId: string | undefined;
	private readonly previewEl = h('div', { class: 'preview-host' });
	private readonly resultEl = h('div', { class: 'result-host', tabindex: -1 });
	private readonly historyEl = h('div', { class: 'history-host' });
	private readonly tokenActions: TokenActions = {
		copy: (t) => post({ type: 'copy', text: t.value, what: t.name }),
		useAsObo: (t) => post({ type: 'useAsObo', token: t.value }),
	};

	constructor(root: HTMLElement) {
		this.saved = vscode.getState() ?? {};
		const initial = this.saved.form ? sanitizeForm(this.saved.form) : emptyForm();
		this.formView = new FormView(initial, {
			changed: (form) => this.changed(form),
			send: () => this.send(),
			cancel: () => this.requestId && post({ type: 'cancel', requestId: this.requestId }),
			export: (format) => post({ type: 'export', form: this.formView.value, format }),
			storeSecret: (clientId, secret) => post({ type: 'storeSecret', clientId, secret }),
			forgetSecret: (clientId) => post({ type: 'forgetSecret', clientId }),
			chooseCertificateFile: () => post({ type: 'chooseCertificateFile' }),
			sandbox: (action) => post({ type: 'sandbox', action }),
			openSettings: () => post({ type: 'openSettings' }),
		});
		const historySection = h('vscode-collapsible', { heading: 'History', description: 'this workspace', class: 'history-section' }, h('div', { class: 'collapsible-body' }, this.historyEl));
		replace(
			root,
			h(
				'header',
				{ class: 'top' },
				h('h1', {}, icon('key'), ' Token workbench'),
				h('p', { class: 'muted' }, 'Build a token request, see exactly what will be sent and what is wrong with it, send it, and read every token that comes back.'),
			),
			h('main', { class: 'grid' }, h('div', { class: 'col-form' }, this.formView.el), h('div', { class: 'col-output' }, this.previewEl, this.resultEl)),
			// The history spans the whole width under both columns, so its table has room at any window size.
			h('section', { class: 'history-row' }, historySection),
		);
		root.removeAttribute('aria-busy');
		if (this.saved.result) {
			this.result = this.saved.result;
			this.renderResult();
		}
		window.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
		document.addEventListener('keydown', (e) => {
			if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
				e.preventDefault();
				e.stopPropagation();
				this.send();
			}
		}, true);
		document.addEventListener('securitypolicyviolation', (e) => post({ type: 'cspViolation', directive: e.violatedDirective, blocked: e.blockedURI }));
		post({ type: 'ready', ...(this.saved.form ? { form: initial } : {}) });
	}

	private save(): void {
		const form = this.formView.value;
		const keep = this.settings.keepTokens;
		vscode.setState({
			form: keep ? form : { ...form, userAssertion: '' },
			...(this.result ? { result: keep ? this.result : withoutTokens(this.result) } : {}),
		});
	}

	private changed(form: WorkbenchForm): void {
		this.save();
		if (this.timer) {
			clearTimeout(this.timer);
		}
		this.timer = setTimeout(() => post({ type: 'formChanged', form, seq: ++this.seq }), PREVIEW_DELAY_MS);
	}

	private send(): void {
		if (this.requestId) {
			return;
		}
		this.requestId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
		this.formView.setRunning(true, 'Sending…');
		post({ type: 'send', form: this.formView.value, requestId: this.requestId });
	}

	private renderPreview(p: RequestPreview): void {
		if (p.seq < this.seq) {
			return; // an answer to an older form
		}
		replace(this.previewEl, previewView(p, this.tokenActions));
	}

	private renderResult(): void {
		replace(this.resultEl, this.result ? resultView(this.result, this.tokenActions) : undefined);
	}

	private onMessage(data: unknown): void {
		if (!isHostMessage(data)) {
			return;
		}
		const msg: HostToWebview = data;
		switch (msg.type) {
			case 'init':
				this.settings = msg.settings;
				this.formView.setSettings(msg.settings, msg.trusted);
				this.formView.set(msg.form, false);
				this.save();
				break;
			case 'settings':
				this.settings = msg.settings;
				this.formView.setSettings(msg.settings, msg.trusted);
				this.save();
				break;
			case 'context':
				this.formView.setContext(msg);
				break;
			case 'preview':
				this.renderPreview(msg.preview);
				break;
			case 'progress':
				if (msg.requestId === this.requestId) {
					this.formView.setRunning(true, msg.message);
				}
				break;
			case 'result':
				if (msg.result.requestId === this.requestId) {
					this.requestId = undefined;
					this.formView.setRunning(false);
				}
				this.result = msg.result;
				this.renderResult();
				this.save();
				this.resultEl.scrollIntoView({ block: 'start', behavior: 'smooth' });
				break;
			case 'history':
				this.history = msg.entries;
				replace(this.historyEl, historyView(this.history, { restore: (id) => post({ type: 'restoreHistory', id }), clear: () => post({ type: 'clearHistory' }) }));
				break;
			case 'setForm':
				this.formView.set(msg.form, true);
				break;
			case 'focus':
				this.formView.focusField(msg.field);
				break;
			default: {
				const never: never = msg;
				void never;
			}
		}
	}
}
