/**
 * The workbench form: target, client, credential, flow, scopes and the flow's own inputs, then Send and Export.
 * Reads and writes a WorkbenchForm; the host gets every change (debounced) and answers with a preview.
 */
import type { AppOption, CertificateOption, SandboxStatus, WorkbenchExportFormat, WorkbenchForm, WorkbenchSettings } from '../../src/shared/workbench';
import { CLOUD_LABELS, defaultScopes, EXPORT_LABELS, FLOW_LABELS, SANDBOX_LABEL } from '../../src/shared/workbench';
import { h, icon, replace, show, type Child } from './dom';

export interface FormActions {
	changed(form: WorkbenchForm): void;
	send(): void;
	cancel(): void;
	export(format: WorkbenchExportFormat): void;
	storeSecret(clientId: string, secret: string): void;
	forgetSecret(clientId: string): void;
	chooseCertificateFile(): void;
	sandbox(action: 'start' | 'stop'): void;
	openSettings(): void;
}

export interface FormContext {
	certificates: CertificateOption[];
	apps: AppOption[];
	secretsFor: string[];
	refreshTokenFor: string[];
	sandbox: SandboxStatus;
}

type Select = HTMLElementTagNameMap['vscode-single-select'];
type TextField = HTMLElementTagNameMap['vscode-textfield'];

function option(value: string, label: string, description?: string): HTMLElement {
	return h('vscode-option', { value, ...(description ? { description } : {}) }, label);
}

/**
 * Sets a select's value. After its options were replaced the select still knows the old ones until its
 * slotchange runs, so the value is set again once that happened.
 */
function setSelect(el: Select, value: string): void {
	el.value = value;
	setTimeout(() => {
		if (el.value !== value) {
			el.value = value;
		}
	}, 0);
}

/** Replaces a select's options unless they are the same as before (keeps focus and the open state). */
function setOptions(el: Select, options: HTMLElement[]): void {
	const signature = JSON.stringify(options.map((o) => [o.getAttribute('value'), o.textContent, o.getAttribute('description')]));
	if (el.dataset.options !== signature) {
		el.dataset.options = signature;
		replace(el, ...options);
	}
}

function select(id: string, options: [string, string][], onchange: (value: string) => void): Select {
	const el = h('vscode-single-select', { id }, ...options.map(([v, l]) => option(v, l)));
	el.addEventListener('change', () => onchange(el.value));
	return el;
}

function textfield(id: string, placeholder: string, oninput: (value: string) => void, attrs: Record<string, string | boolean> = {}): TextField {
	const el = h('vscode-textfield', { id, placeholder, ...attrs });
	el.addEventListener('input', () => oninput(el.value));
	return el;
}

function field(label: string, forId: string, control: Child, helper?: Child): HTMLElement {
	return h('div', { class: 'field' }, h('vscode-label', { for: forId }, label), control, helper ? h('div', { class: 'helper' }, helper) : undefined);
}

function radios(id: string, name: string, label: string, items: [string, string][], onchange: (value: string) => void): { el: HTMLElement; set(value: string): void } {
	const group = h('vscode-radio-group', { id, variant: 'vertical', 'aria-label': label }, ...items.map(([value, text]) => h('vscode-radio', { name, value, label: text }, text)));
	group.addEventListener('change', (e) => {
		const r = e.target as HTMLElementTagNameMap['vscode-radio'];
		if (r?.checked) {
			onchange(r.value);
		}
	});
	return {
		el: h('div', { class: 'field' }, h('vscode-label', {}, label), group),
		set(value: string) {
			for (const r of group.querySelectorAll('vscode-radio')) {
				r.checked = r.value === value;
			}
		},
	};
}

export class FormView {
	readonly el: HTMLElement;
	private form: WorkbenchForm;
	private ctx: FormContext = { certificates: [], apps: [], secretsFor: [], refreshTokenFor: [], sandbox: { running: false } };
	private trusted = true;
	private running = false;

	private readonly target;
	private readonly credential;
	private readonly cloud: Select;
	private readonly tenant: TextField;
	private readonly clientId: TextField;
	private readonly appPick: Select;
	private readonly certificate: Select;
	private readonly alg: Select;
	private readonly secret: TextField;
	private readonly flow: Select;
	private readonly scopes: TextField;
	private readonly userAssertion: HTMLElementTagNameMap['vscode-textarea'];
	private readonly redirectHost: Select;
	private readonly prompt: Select;
	private readonly blocks: Record<'entra' | 'sandbox' | 'certificate' | 'secret' | 'obo' | 'authcode' | 'refresh', HTMLElement>;
	private readonly sandboxLine = h('div', { class: 'sandbox-line' });
	private readonly secretState = h('div', { class: 'helper' });
	private readonly refreshState = h('p', { class: 'helper' });
	private readonly scopesHelper = h('span');
	private readonly sendButton: HTMLElementTagNameMap['vscode-button'];
	private readonly cancelButton: HTMLElementTagNameMap['vscode-button'];
	private readonly progress = h('div', { class: 'progress', role: 'status', 'aria-live': 'polite' });
	private readonly trustBanner: HTMLElement;

	constructor(initial: WorkbenchForm, private readonly actions: FormActions) {
		this.form = { ...initial };
		const set = <K extends keyof WorkbenchForm>(key: K) => (value: string) => this.update({ [key]: value } as Partial<WorkbenchForm>);

		this.target = radios('target', 'target', 'Target', [['sandbox', SANDBOX_LABEL], ['entra', 'Entra ID']], set('target'));
		this.cloud = select('cloud', Object.entries(CLOUD_LABELS), set('cloud'));
		this.tenant = textfield('tenant', 'contoso.onmicrosoft.com or the tenant ID', set('tenant'));
		this.clientId = textfield('clientId', 'Application (client) ID', set('clientId'));
		this.appPick = h('vscode-single-select', { id: 'appPick', 'aria-label': 'Apps in this workspace' });
		this.appPick.addEventListener('change', () => this.pickApp(this.appPick.value));
		this.credential = radios('credential', 'credential', 'Credential', [['certificate', 'Certificate (client assertion)'], ['secret', 'Client secret'], ['none', 'None (public client)']], set('credential'));
		this.certificate = h('vscode-single-select', { id: 'certificate' });
		this.certificate.addEventListener('change', () => this.update({ certificate: this.certificate.value }));
		this.alg = select('alg', [['PS256', 'PS256 with x5t#S256 (what MSAL sends)'], ['RS256', 'RS256 with x5t (SHA-1)']], set('alg'));
		this.secret = textfield('secret', 'Secret value: stored in VS Code SecretStorage', () => undefined, { type: 'password', autocomplete: 'off' });
		this.flow = select('flow', Object.entries(FLOW_LABELS), (v) => this.changeFlow(v as WorkbenchForm['flow']));
		this.scopes = textfield('scopes', 'Space-separated scopes', set('scopes'));
		this.userAssertion = h('vscode-textarea', { id: 'userAssertion', rows: 3, monospace: true, resize: 'vertical', placeholder: 'The access token your API received (its aud is this app)', spellcheck: 'false' });
		this.userAssertion.addEventListener('input', () => this.update({ userAssertion: this.userAssertion.value }));
		this.redirectHost = select('redirectHost', [['localhost', 'http://localhost:PORT/'], ['127.0.0.1', 'http://127.0.0.1:PORT/']], set('redirectHost'));
		this.prompt = select('prompt', [['', 'Default'], ['select_account', 'select_account'], ['login', 'login'], ['consent', 'consent']], set('prompt'));

		this.sendButton = h('vscode-button', { id: 'send', icon: 'send', title: 'Send (Ctrl+Enter)', onclick: () => this.actions.send() }, 'Send');
		this.cancelButton = h('vscode-button', { id: 'cancel', secondary: true, icon: 'debug-stop', hidden: true, onclick: () => this.actions.cancel() }, 'Cancel');
		this.trustBanner = h('p', { class: 'banner warn', hidden: true }, icon('shield'), ' Sending requests is off in Restricted Mode: trust this workspace to send. The preview and exports still work.');

		this.blocks = {
			sandbox: h('div', { class: 'block' }, this.sandboxLine),
			entra: h('div', { class: 'block' }, field('Cloud', 'cloud', this.cloud), field('Tenant', 'tenant', this.tenant)),
			certificate: h(
				'div',
				{ class: 'block' },
				field('Certificate', 'certificate', h('div', { class: 'row' }, this.certificate, h('vscode-button', { secondary: true, icon: 'folder-opened', onclick: () => this.actions.chooseCertificateFile() }, 'File…'))),
				field('Algorithm', 'alg', this.alg),
			),
			secret: h(
				'div',
				{ class: 'block' },
				field('Client secret', 'secret', h('div', { class: 'row' }, this.secret, h('vscode-button', { secondary: true, icon: 'lock', onclick: () => this.storeSecret() }, 'Store'))),
				this.secretState,
			),
			obo: h(
				'div',
				{ class: 'block' },
				field('Incoming token (assertion)', 'userAssertion', this.userAssertion),
				h('div', { class: 'row' }, h('vscode-button', { secondary: true, icon: 'sign-in', onclick: () => this.signInFirst() }, 'Get one by signing in…')),
			),
			authcode: h('div', { class: 'block' }, field('Redirect URI', 'redirectHost', this.redirectHost, 'A one-shot listener on 127.0.0.1, random port'), field('Prompt', 'prompt', this.prompt)),
			refresh: h('div', { class: 'block' }, this.refreshState),
		};

		const exportButtons = (Object.entries(EXPORT_LABELS) as [WorkbenchExportFormat, string][]).map(([format, label]) =>
			h('vscode-button', { secondary: true, class: 'export', 'data-format': format, onclick: () => this.actions.export(format) }, label),
		);

		this.el = h(
			'form',
			{ class: 'form', 'aria-label': 'Token request', onsubmit: (e: Event) => e.preventDefault() },
			this.trustBanner,
			this.target.el,
			this.blocks.sandbox,
			this.blocks.entra,
			field('Client ID', 'clientId', this.clientId),
			field('Apps in this workspace', 'appPick', this.appPick),
			this.credential.el,
			this.blocks.certificate,
			this.blocks.secret,
			field('Flow', 'flow', this.flow),
			field('Scopes', 'scopes', this.scopes, this.scopesHelper),
			this.blocks.obo,
			this.blocks.authcode,
			this.blocks.refresh,
			h('div', { class: 'actions' }, this.sendButton, this.cancelButton, h('span', { class: 'muted key-hint' }, 'Ctrl+Enter')),
			this.progress,
			h('div', { class: 'export-row' }, h('span', { class: 'muted' }, 'Export'), ...exportButtons),
			h('div', { class: 'settings-link' }, h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); this.actions.openSettings(); } }, 'Workbench settings')),
		);
		this.apply();
	}

	get value(): WorkbenchForm {
		return { ...this.form };
	}

	/** Replaces values (from the host or a restored state) without echoing them back as user edits. */
	set(patch: Partial<WorkbenchForm>, notify: boolean): void {
		this.form = { ...this.form, ...patch };
		this.apply();
		if (notify) {
			this.actions.changed(this.value);
		}
	}

	private update(patch: Partial<WorkbenchForm>): void {
		this.form = { ...this.form, ...patch };
		if ('clientId' in patch) {
			this.syncAppPick();
		}
		this.applyVisibility();
		this.actions.changed(this.value);
	}

	private changeFlow(flow: WorkbenchForm['flow']): void {
		const patch: Partial<WorkbenchForm> = { flow };
		if (!this.form.scopes.trim() || this.form.scopes === defaultScopes(this.form.flow)) {
			patch.scopes = defaultScopes(flow);
			this.scopes.value = patch.scopes;
		}
		this.update(patch);
	}

	private signInFirst(): void {
		this.set({ flow: 'authorization_code', scopes: this.form.scopes === defaultScopes('on_behalf_of') ? defaultScopes('authorization_code') : this.form.scopes }, true);
		this.flow.focus();
	}

	private pickApp(appId: string): void {
		if (!appId) {
			return;
		}
		const patch: Partial<WorkbenchForm> = { clientId: appId };
		const cert = this.ctx.certificates.find((c) => c.hasKey && c.registeredIn.includes(appId));
		if (cert) {
			patch.credential = 'certificate';
			patch.certificate = cert.path;
		}
		this.set(patch, true);
	}

	private storeSecret(): void {
		const secret = this.secret.value;
		this.secret.value = '';
		this.actions.storeSecret(this.form.clientId, secret);
	}

	setContext(ctx: FormContext): void {
		this.ctx = ctx;
		// Certificates: the workspace's, plus a chosen file that is not among them.
		const certs = [...ctx.certificates];
		if (this.form.certificate && !certs.some((c) => c.path === this.form.certificate)) {
			certs.push({ path: this.form.certificate, label: this.form.certificate, hasKey: true, locked: false, registeredIn: [] });
		}
		if (!this.form.certificate) {
			const first = certs.find((c) => c.hasKey);
			if (first) {
				this.form.certificate = first.path;
				this.actions.changed(this.value);
			}
		}
		setOptions(this.certificate, [
			...(certs.length === 0 ? [option('', 'No certificates in this workspace: choose a file')] : []),
			...certs.map((c) => option(c.path, `${c.subject ?? c.label}${c.hasKey ? '' : c.locked ? ' (PFX, asks for its password)' : ' (no key found)'}`, c.label)),
		]);
		setSelect(this.certificate, this.form.certificate);
		setOptions(this.appPick, [
			option('', ctx.apps.length ? 'Fill in from a manifest…' : 'No app manifests in this workspace'),
			...ctx.apps.map((a) => option(a.appId, `${a.displayName ?? a.manifest} (${a.appId})`, a.manifest)),
		]);
		this.syncAppPick();
		this.applyVisibility();
	}

	/** The app picker shows the app whose client ID the form holds. */
	private syncAppPick(): void {
		setSelect(this.appPick, this.ctx.apps.find((a) => a.appId.toLowerCase() === this.form.clientId.trim().toLowerCase())?.appId ?? '');
	}

	setSettings(_settings: WorkbenchSettings, trusted: boolean): void {
		this.trusted = trusted;
		this.applyVisibility();
	}

	setRunning(running: boolean, message = ''): void {
		this.running = running;
		replace(this.progress, running ? h('vscode-progress-bar', { 'aria-label': 'Sending' }) : undefined, message ? h('span', { class: 'muted' }, message) : undefined);
		this.applyVisibility();
	}

	focusField(field: 'send' | 'userAssertion'): void {
		(field === 'send' ? this.sendButton : this.userAssertion).focus();
	}

	/** Every control from the form. */
	private apply(): void {
		const f = this.form;
		this.target.set(f.target);
		this.cloud.value = f.cloud;
		this.tenant.value = f.tenant;
		this.clientId.value = f.clientId;
		this.credential.set(f.credential);
		setSelect(this.certificate, f.certificate);
		this.syncAppPick();
		this.alg.value = f.alg;
		this.flow.value = f.flow;
		this.scopes.value = f.scopes;
		this.userAssertion.value = f.userAssertion;
		this.redirectHost.value = f.redirectHost;
		this.prompt.value = f.prompt;
		this.applyVisibility();
	}

	private applyVisibility(): void {
		const f = this.form;
		show(this.blocks.sandbox, f.target === 'sandbox');
		show(this.blocks.entra, f.target === 'entra');
		show(this.blocks.certificate, f.credential === 'certificate');
		show(this.blocks.secret, f.credential === 'secret');
		show(this.blocks.obo, f.flow === 'on_behalf_of');
		show(this.blocks.authcode, f.flow === 'authorization_code');
		show(this.blocks.refresh, f.flow === 'refresh_token');
		show(this.trustBanner, !this.trusted);
		this.sendButton.disabled = this.running || !this.trusted;
		show(this.cancelButton, this.running);

		const s = this.ctx.sandbox;
		replace(
			this.sandboxLine,
			icon(s.running ? 'vm-running' : 'vm-outline'),
			h('span', {}, s.running ? ` Running at ${s.url ?? ''} · ${s.apps ?? 0} app(s) from your manifests` : ' Not running: Send starts it.'),
			h('vscode-button', { secondary: true, icon: s.running ? 'debug-stop' : 'play', onclick: () => this.actions.sandbox(s.running ? 'stop' : 'start') }, s.running ? 'Stop' : 'Start'),
		);

		const hasSecret = this.ctx.secretsFor.includes(f.clientId.trim().toLowerCase());
		replace(
			this.secretState,
			hasSecret
				? h('span', {}, icon('lock'), ' A secret for this client is stored in SecretStorage. ', h('a', { href: '#', onclick: (e: Event) => { e.preventDefault(); this.actions.forgetSecret(this.form.clientId); } }, 'Forget it'))
				: 'No secret stored for this client ID yet.',
		);
		replace(this.refreshState, this.ctx.refreshTokenFor.includes(f.clientId.trim().toLowerCase()) ? 'Uses the refresh token of the last response for this client (kept in memory).' : 'No refresh token yet: sign in with the authorization code flow (scope offline_access) first.');
		const helpers: Record<WorkbenchForm['flow'], string> = {
			client_credentials: 'App-only: {resource}/.default, e.g. api://my-api/.default',
			on_behalf_of: 'What the middle tier calls, e.g. api://downstream/.default',
			authorization_code: 'Delegated scopes; offline_access returns a refresh token',
			refresh_token: 'The scopes to refresh for',
		};
		this.scopesHelper.textContent = helpers[f.flow];
	}
}
