/**
 * The Token workbench's messages between the extension host (src/vscode/workbench) and the webview
 * (media/main.ts). Plain data only: no `vscode`, no DOM. Both sides switch on `type` and end with an
 * exhaustive `never` check; incoming messages are `unknown` until `isWebviewMessage` / `isHostMessage` say otherwise.
 *
 * What never crosses into persisted state: client secrets (SecretStorage only), and tokens unless the user
 * turned on `entraCert.workbench.keepTokens`.
 */

//#region Form

export type WorkbenchTarget = 'sandbox' | 'entra';
export type WorkbenchCloud = 'public' | 'usgov' | 'china';
export type WorkbenchFlow = 'client_credentials' | 'on_behalf_of' | 'authorization_code' | 'refresh_token';
export type CredentialKind = 'certificate' | 'secret' | 'none';
export type WorkbenchExportFormat = 'curl' | 'http' | 'msal-node' | 'msal-dotnet' | 'msal-python';
export type RedirectHost = 'localhost' | '127.0.0.1';

/** Everything the form holds. Never a secret: the client secret is in SecretStorage, keyed by client ID. */
export interface WorkbenchForm {
	target: WorkbenchTarget;
	/** Entra target only. */
	cloud: WorkbenchCloud;
	/** Entra target only: tenant ID or domain. The sandbox uses its own tenant. */
	tenant: string;
	clientId: string;
	credential: CredentialKind;
	/** Certificate credential: the certificate file (absolute path). */
	certificate: string;
	alg: 'PS256' | 'RS256';
	flow: WorkbenchFlow;
	/** Space-separated. */
	scopes: string;
	/** On-Behalf-Of: the incoming user access token (pasted, or "Use as OBO assertion"). */
	userAssertion: string;
	/** Authorization code: the host name in the loopback redirect URI. */
	redirectHost: RedirectHost;
	/** Authorization code: the prompt parameter ('' = none). */
	prompt: '' | 'select_account' | 'login' | 'consent';
}

export const FLOW_LABELS: Readonly<Record<WorkbenchFlow, string>> = Object.freeze({
	client_credentials: 'Client credentials',
	on_behalf_of: 'On-Behalf-Of',
	authorization_code: 'Authorization code + PKCE',
	refresh_token: 'Refresh token',
});

export const CLOUD_LABELS: Readonly<Record<WorkbenchCloud, string>> = Object.freeze({
	public: 'Global (login.microsoftonline.com)',
	usgov: 'US Government (login.microsoftonline.us)',
	china: 'China (login.partner.microsoftonline.cn)',
});

export const EXPORT_LABELS: Readonly<Record<WorkbenchExportFormat, string>> = Object.freeze({
	curl: 'curl',
	http: 'REST Client (.http)',
	'msal-node': 'MSAL Node',
	'msal-dotnet': 'MSAL .NET',
	'msal-python': 'MSAL Python',
});

/** How the sandbox is named wherever it shows. */
export const SANDBOX_LABEL = 'Sandbox (local emulation of Entra ID)';

/** Scopes a flow starts with when the form has none. */
export function defaultScopes(flow: WorkbenchFlow): string {
	switch (flow) {
		case 'client_credentials':
			return 'https://graph.microsoft.com/.default';
		case 'authorization_code':
			return 'openid profile offline_access';
		case 'on_behalf_of':
			return 'https://graph.microsoft.com/.default';
		case 'refresh_token':
			return 'openid profile offline_access';
	}
}

export function emptyForm(target: WorkbenchTarget = 'sandbox'): WorkbenchForm {
	return {
		target,
		cloud: 'public',
		tenant: '',
		clientId: '',
		credential: 'certificate',
		certificate: '',
		alg: 'PS256',
		flow: 'client_credentials',
		scopes: defaultScopes('client_credentials'),
		userAssertion: '',
		redirectHost: 'localhost',
		prompt: '',
	};
}

const ENUMS: { [K in keyof WorkbenchForm]?: readonly string[] } = {
	target: ['sandbox', 'entra'],
	cloud: ['public', 'usgov', 'china'],
	credential: ['certificate', 'secret', 'none'],
	alg: ['PS256', 'RS256'],
	flow: ['client_credentials', 'on_behalf_of', 'authorization_code', 'refresh_token'],
	redirectHost: ['localhost', '127.0.0.1'],
	prompt: ['', 'select_account', 'login', 'consent'],
};

/** A form from untrusted input: known keys of the right type over the defaults; anything else is dropped. */
export function sanitizeForm(value: unknown, base: WorkbenchForm = emptyForm()): WorkbenchForm {
	const out: WorkbenchForm = { ...base };
	if (!value || typeof value !== 'object') {
		return out;
	}
	const v = value as Record<string, unknown>;
	for (const key of Object.keys(base) as (keyof WorkbenchForm)[]) {
		const x = v[key];
		if (typeof x !== 'string' || x.length > 64 * 1024) {
			continue;
		}
		const allowed = ENUMS[key];
		if (allowed && !allowed.includes(x)) {
			continue;
		}
		(out as unknown as Record<string, string>)[key] = x;
	}
	return out;
}

//#endregion

//#region What the host shows

export interface WorkbenchSettings {
	defaultTarget: WorkbenchTarget;
	keepTokens: boolean;
	timeoutSeconds: number;
}

export interface CertificateOption {
	/** Absolute path: the form's `certificate`. */
	path: string;
	/** Workspace-relative path. */
	label: string;
	subject?: string;
	hasKey: boolean;
	locked: boolean;
	/** appIds of the manifests that register it. */
	registeredIn: string[];
}

export interface AppOption {
	appId: string;
	displayName?: string;
	/** The manifest file, workspace-relative. */
	manifest: string;
	identifierUris: string[];
	/** Delegated scopes the app exposes (values), e.g. Orders.Read. */
	scopes: string[];
}

export interface SandboxStatus {
	running: boolean;
	url?: string;
	port?: number;
	tenantId?: string;
	users?: { oid: string; name: string }[];
	/** How many apps it serves from the workspace's manifests. */
	apps?: number;
}

export interface FindingView {
	severity: 'error' | 'warning' | 'info';
	code: string;
	message: string;
	fix: string;
	uncertain?: boolean;
}

/** One header field or claim: name, value as shown, and the explanation a hover (title) and focus show. */
export interface ClaimRow {
	name: string;
	/** JSON text of the value (strings without quotes). */
	value: string;
	/** What the claim is, what this value means, and for times the UTC date and how far from now. */
	explanation: string;
	/** Shown beside the value: for times, the UTC date and how far from now. */
	note?: string;
}

export interface TokenView {
	/** access_token, id_token, refresh_token, or client_assertion. */
	name: string;
	/** The token itself. Sent to the webview for copy and "Use as OBO assertion"; never logged or kept unless opted in. */
	value: string;
	jwt: boolean;
	kind?: string;
	summary?: string;
	header: ClaimRow[];
	payload: ClaimRow[];
	findings: FindingView[];
}

export interface RequestPreview {
	/** Sequence number of the form it answers, so a slow preview never overwrites a newer one. */
	seq: number;
	/** The HTTP request as it will be sent, secrets and assertions redacted. */
	httpText?: string;
	/** Authorization code: the authorize URL the browser opens (the redirect port is chosen when you send). */
	authorizeUrl?: string;
	/** The client assertion that will be sent, decoded (expand "client_assertion"). */
	assertion?: TokenView;
	/** diagnose's findings on the request. */
	findings: FindingView[];
	/** Short notes: what happens on send (the sandbox starts, sign-in opens a browser…). */
	notes: string[];
	/** Why no request could be built (a missing field), naming the field. */
	error?: string;
}

export interface WorkbenchResult {
	requestId: string;
	/** ISO time the request was sent. */
	sentAt: string;
	targetLabel: string;
	flow: WorkbenchFlow;
	/** The request that went out, redacted. */
	httpText?: string;
	status?: number;
	ok: boolean;
	durationMs?: number;
	/** The body as received; pretty-printed when JSON. */
	bodyText?: string;
	/** When the answer is not what a token endpoint sends (an HTML page, JSON that does not parse, an empty body): why, in one sentence. */
	problem?: string;
	/** Every token in the answer, decoded where it is a JWT. */
	tokens: TokenView[];
	/** The client assertion that was sent, decoded. */
	assertion?: TokenView;
	/** diagnose on the answer (errors explained against the workspace's certificates and manifests). */
	findings: FindingView[];
	/** diagnose on the request. */
	requestFindings: FindingView[];
	/** No answer: network failure, timeout, cancelled, or a field was missing. */
	error?: string;
	cancelled?: boolean;
	/** AADSTS codes of an error answer. */
	errorCodes?: number[];
}

export interface HistoryEntry {
	id: string;
	at: string;
	targetLabel: string;
	flow: WorkbenchFlow;
	clientId: string;
	scopes: string;
	status?: number;
	durationMs?: number;
	error?: string;
	errorCodes?: number[];
	/** The request, redacted. */
	httpText?: string;
	/** The form (the incoming OBO token removed unless keepTokens). */
	form: WorkbenchForm;
	/** Only with entraCert.workbench.keepTokens. */
	tokens?: { name: string; value: string }[];
}

//#endregion

//#region Messages

export type HostToWebview =
	| { type: 'init'; form: WorkbenchForm; settings: WorkbenchSettings; trusted: boolean }
	| { type: 'context'; certificates: CertificateOption[]; apps: AppOption[]; secretsFor: string[]; refreshTokenFor: string[]; sandbox: SandboxStatus }
	| { type: 'settings'; settings: WorkbenchSettings; trusted: boolean }
	| { type: 'preview'; preview: RequestPreview }
	| { type: 'progress'; requestId: string; message: string }
	| { type: 'result'; result: WorkbenchResult }
	| { type: 'history'; entries: HistoryEntry[] }
	| { type: 'setForm'; form: Partial<WorkbenchForm>; reason?: string }
	| { type: 'focus'; field: 'send' | 'userAssertion' };

export type WebviewToHost =
	| { type: 'ready'; form?: WorkbenchForm }
	| { type: 'formChanged'; form: WorkbenchForm; seq: number }
	| { type: 'send'; form: WorkbenchForm; requestId: string }
	| { type: 'cancel'; requestId: string }
	| { type: 'export'; form: WorkbenchForm; format: WorkbenchExportFormat }
	| { type: 'storeSecret'; clientId: string; secret: string }
	| { type: 'forgetSecret'; clientId: string }
	| { type: 'chooseCertificateFile' }
	| { type: 'useAsObo'; token: string }
	| { type: 'copy'; text: string; what: string }
	| { type: 'sandbox'; action: 'start' | 'stop' }
	| { type: 'clearHistory' }
	| { type: 'restoreHistory'; id: string }
	| { type: 'openSettings' }
	| { type: 'cspViolation'; directive: string; blocked: string };

const WEBVIEW_TYPES: readonly WebviewToHost['type'][] = ['ready', 'formChanged', 'send', 'cancel', 'export', 'storeSecret', 'forgetSecret', 'chooseCertificateFile', 'useAsObo', 'copy', 'sandbox', 'clearHistory', 'restoreHistory', 'openSettings', 'cspViolation'];
const HOST_TYPES: readonly HostToWebview['type'][] = ['init', 'context', 'settings', 'preview', 'progress', 'result', 'history', 'setForm', 'focus'];

/** True when the value has a known webview message type; the handler still checks each field it reads. */
export function isWebviewMessage(value: unknown): value is WebviewToHost {
	return !!value && typeof value === 'object' && WEBVIEW_TYPES.includes((value as { type?: unknown }).type as WebviewToHost['type']);
}

export function isHostMessage(value: unknown): value is HostToWebview {
	return !!value && typeof value === 'object' && HOST_TYPES.includes((value as { type?: unknown }).type as HostToWebview['type']);
}

//#endregion
