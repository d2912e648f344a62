/**
 * The workbench's request runner: the one code path behind the webview's preview, Send and Export, and the
 * extension API's `workbench.run` (tests). Turns the form into a TokenRequestInput (signing the client assertion
 * from a workspace certificate, reading a client secret from SecretStorage, signing the user in on a loopback
 * redirect), builds the request with the token core, diagnoses it, sends it, and explains the answer.
 */
import type * as TokenCore from '../../core/token';
import type { ClientCredential, TokenRequestInput, TokenTarget } from '../../core/token/flows';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parse as parseJsonc } from 'jsonc-parser';
import { isCoreError } from '../../core/errors';
import { manifestRegistration } from '../../core/manifest/model';
import { redact } from '../../core/token/redact';
import { diagnoseContext, diagnoseWithLiveKeys } from '../shared/diagnoseContext';
import { keyFor, readMaterial } from '../shared/material';
import { UserError } from '../shared/runCommand';
import { requireTrust } from '../shared/trust';
import { log } from '../shared/log';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { SandboxService } from '../shared/sandboxService';
import { startLoopbackListener, SignInError } from './loopback';
import { findingViews, tokenView, type KnownApp } from './views';
import type { WorkbenchHistory } from './history';
import { CLOUD_LABELS, SANDBOX_LABEL, sanitizeForm, type RequestPreview, type WorkbenchExportFormat, type WorkbenchForm, type WorkbenchResult, type WorkbenchSettings } from '../../shared/workbench';

/** How long the loopback listener waits for the browser to come back. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60 * 1000;
/** A signed assertion is reused while it has this long left (as MSAL does), so the preview shows what is sent. */
const ASSERTION_REUSE_MS = 2 * 60 * 1000;
/** Stand-in base URL in a preview of a sandbox that is not running yet (its port is chosen when it starts). */
const SANDBOX_PLACEHOLDER_URL = 'http://127.0.0.1:1';
/** Stand-in for values that exist only after sign-in; never sent. */
const PENDING = 'pending-value-filled-in-when-sending-000000000';

export interface RunOptions {
	signal?: AbortSignal;
	onProgress?: (message: string) => void;
	/**
	 * Opens the sign-in in a browser; default vscode.env.openExternal. It gets the loopback listener's root URL,
	 * which redirects to the authorize URL. Tests drive the sign-in page themselves.
	 */
	openExternal?: (url: string) => Promise<unknown>;
}

export interface WorkbenchDeps {
	context: vscode.ExtensionContext;
	index: WorkspaceIndex;
	sandbox: SandboxService;
	history: WorkbenchHistory;
}

export function workbenchSettings(): WorkbenchSettings {
	const c = vscode.workspace.getConfiguration('entraCert');
	const seconds = Number(c.get<number>('request.timeoutSeconds', 30));
	return {
		defaultTarget: c.get<string>('workbench.defaultTarget', 'sandbox') === 'entra' ? 'entra' : 'sandbox',
		keepTokens: c.get<boolean>('workbench.keepTokens', false) === true,
		timeoutSeconds: Number.isFinite(seconds) && seconds >= 1 ? Math.min(seconds, 600) : 30,
	};
}

export function secretKey(clientId: string): string {
	return `entraCert.workbench.clientSecret/${clientId.trim().toLowerCase()}`;
}

const SECRET_CLIENTS_KEY = 'entraCert.workbench.secretClients';

function tokenCore(): Promise<typeof TokenCore> {
	return import('../../core/token');
}

function scopesOf(text: string): string[] {
	return text.split(/[\s,]+/).filter(Boolean);
}

function stripBearer(text: string): string {
	return text.trim().replace(/^Bearer\s+/i, '').replace(/^["']|["']$/g, '');
}

function isAbort(e: unknown): boolean {
	return e instanceof vscode.CancellationError || (e instanceof Error && e.name === 'AbortError') || (typeof DOMException !== 'undefined' && e instanceof DOMException && e.name === 'AbortError');
}

function openInBrowser(url: string): Thenable<boolean> {
	return vscode.env.openExternal(vscode.Uri.parse(url));
}

interface Resolved {
	target: TokenTarget;
	label: string;
	/** A stopped sandbox in a preview: URL and tenant are stand-ins. */
	placeholder: boolean;
}

export class WorkbenchRunner implements vscode.Disposable {
	private readonly assertions = new Map<string, { jwt: string; expMs: number }>();
	/** Refresh tokens of the last responses, per target and client: memory only (history keeps them only if opted in). */
	private readonly refreshTokens = new Map<string, string>();
	private readonly sub: vscode.Disposable;

	constructor(private readonly deps: WorkbenchDeps) {
		// A certificate or key changed on disk: sign again.
		this.sub = deps.index.onDidChange(() => this.assertions.clear());
	}

	dispose(): void {
		this.sub.dispose();
	}

	//#region secrets

	async storeSecret(clientId: string, secret: string): Promise<void> {
		const id = clientId.trim();
		if (!id) {
			throw new UserError(vscode.l10n.t('Enter the client ID first: the secret is stored for that client.'));
		}
		if (!secret) {
			throw new UserError(vscode.l10n.t('The client secret is empty; paste the secret value (not its ID).'));
		}
		await this.deps.context.secrets.store(secretKey(id), secret);
		const ids = new Set(this.secretClients());
		ids.add(id.toLowerCase());
		await this.deps.context.globalState.update(SECRET_CLIENTS_KEY, [...ids]);
	}

	async forgetSecret(clientId: string): Promise<void> {
		await this.deps.context.secrets.delete(secretKey(clientId));
		await this.deps.context.globalState.update(SECRET_CLIENTS_KEY, this.secretClients().filter((c) => c !== clientId.trim().toLowerCase()));
	}

	/** Client IDs with a stored secret (the IDs only). */
	secretClients(): string[] {
		return this.deps.context.globalState.get<string[]>(SECRET_CLIENTS_KEY, []);
	}

	//#endregion

	/** The app registrations of the workspace's manifests (those with an appId). */
	async workspaceApps(): Promise<(KnownApp & { scopes: string[] })[]> {
		return (await this.deps.index.manifestFiles()).flatMap((m) => {
			if (!m.appId) {
				return [];
			}
			const info = manifestApp(m.text);
			return [{ appId: m.appId, ...(m.displayName ? { displayName: m.displayName } : {}), manifest: vscode.workspace.asRelativePath(m.uri), identifierUris: info.identifierUris, scopes: info.scopes }];
		});
	}

	/** Client IDs (per target) that have a refresh token in memory. */
	refreshTokenClients(): string[] {
		return [...this.refreshTokens.keys()].map((k) => k.split('|').pop() ?? '');
	}

	private refreshKey(form: WorkbenchForm): string {
		return form.target === 'sandbox' ? `sandbox|${form.clientId.trim().toLowerCase()}` : `${form.cloud}|${form.tenant.trim().toLowerCase()}|${form.clientId.trim().toLowerCase()}`;
	}

	private refreshTokenFor(form: WorkbenchForm): string | undefined {
		const mem = this.refreshTokens.get(this.refreshKey(form));
		if (mem) {
			return mem;
		}
		if (workbenchSettings().keepTokens) {
			for (const e of this.deps.history.entries()) {
				const rt = e.tokens?.find((t) => t.name === 'refresh_token');
				if (rt && this.refreshKey(e.form) === this.refreshKey(form)) {
					return rt.value;
				}
			}
		}
		return undefined;
	}

	private async resolveTarget(form: WorkbenchForm, mode: 'send' | 'preview', opts: RunOptions = {}): Promise<Resolved> {
		if (form.target === 'sandbox') {
			let s = this.deps.sandbox.current;
			if (!s && mode === 'send') {
				opts.onProgress?.(vscode.l10n.t('Starting the sandbox…'));
				s = await this.deps.sandbox.start();
			}
			if (s) {
				if (mode === 'send') {
					await this.deps.sandbox.syncApps(true);
				}
				return { target: { kind: 'sandbox', baseUrl: s.url, tenant: s.tenantId }, label: SANDBOX_LABEL, placeholder: false };
			}
			const { SANDBOX_TENANT_ID } = await import('../../sandbox');
			return { target: { kind: 'sandbox', baseUrl: SANDBOX_PLACEHOLDER_URL, tenant: SANDBOX_TENANT_ID }, label: SANDBOX_LABEL, placeholder: true };
		}
		const tenant = form.tenant.trim() || vscode.workspace.getConfiguration('entraCert').get<string>('defaultTenant', '').trim();
		if (!tenant) {
			throw new UserError(vscode.l10n.t('Enter the tenant: the directory (tenant) ID or a verified domain such as contoso.onmicrosoft.com.'));
		}
		return { target: { kind: 'cloud', cloud: form.cloud, tenant }, label: `Entra ID, ${CLOUD_LABELS[form.cloud]}, tenant ${tenant}`, placeholder: false };
	}

	//#region credential

	/** Certificate, chain and key for signing; undefined when that needs a prompt and prompts are not allowed. */
	private async signingMaterial(uri: vscode.Uri, interactive: boolean): Promise<{ der: Uint8Array; chain: Uint8Array[]; pkcs8: Uint8Array } | undefined> {
		if (interactive) {
			const material = await readMaterial(uri);
			const key = await keyFor(this.deps.index, uri, material.privateKey);
			if (!key) {
				throw new vscode.CancellationError();
			}
			return { der: material.certificates[0], chain: material.certificates.slice(1), pkcs8: key.pkcs8Der };
		}
		const core = await import('../../core/certificate');
		let material;
		try {
			material = await core.readCertificateMaterial(await vscode.workspace.fs.readFile(uri), { fileName: path.basename(uri.fsPath) });
		} catch {
			return undefined; // unreadable now, or a PFX that needs its password: Send asks.
		}
		if (material.certificates.length === 0) {
			return undefined;
		}
		let key = material.privateKey;
		if (!key) {
			const indexed = (await this.deps.index.certificates()).find((c) => c.uri.fsPath === uri.fsPath)?.keyUri;
			const base = uri.fsPath.slice(0, uri.fsPath.length - path.extname(uri.fsPath).length);
			for (const candidate of [indexed, vscode.Uri.file(base + '.key')]) {
				if (!candidate || key) {
					continue;
				}
				try {
					const k = core.readPrivateKey(await vscode.workspace.fs.readFile(candidate), { fileName: path.basename(candidate.fsPath) });
					if (core.keyMatchesCertificate(k, material.certificates[0])) {
						key = k;
					}
				} catch {
					// absent or encrypted: Send asks
				}
			}
		}
		return key ? { der: material.certificates[0], chain: material.certificates.slice(1), pkcs8: key.pkcs8Der } : undefined;
	}

	private async assertionFor(form: WorkbenchForm, target: TokenTarget, interactive: boolean): Promise<string | undefined> {
		const core = await tokenCore();
		const audience = core.tokenEndpointOf(target);
		const cacheKey = [form.certificate, form.clientId.trim(), audience, form.alg].join('|');
		const hit = this.assertions.get(cacheKey);
		if (hit && hit.expMs - Date.now() > ASSERTION_REUSE_MS) {
			return hit.jwt;
		}
		const material = await this.signingMaterial(vscode.Uri.file(form.certificate), interactive);
		if (!material) {
			return undefined;
		}
		const jwt = await import('../../core/jwt');
		const now = new Date();
		const assertion = await jwt.signClientAssertion({ certificateDer: material.der, chain: material.chain, privateKeyPkcs8: material.pkcs8, clientId: form.clientId.trim(), audience, alg: form.alg, now });
		const exp = jwt.decodeJwt(assertion).payload.exp;
		this.assertions.set(cacheKey, { jwt: assertion, expMs: typeof exp === 'number' ? exp * 1000 : now.getTime() });
		return assertion;
	}

	private async credential(form: WorkbenchForm, target: TokenTarget, interactive: boolean): Promise<{ credential: ClientCredential; assertion?: string; pending?: string }> {
		switch (form.credential) {
			case 'certificate': {
				if (!form.certificate.trim()) {
					throw new UserError(vscode.l10n.t('Choose the certificate the app authenticates with (from the workspace or a file).'));
				}
				if (!form.clientId.trim()) {
					throw new UserError(vscode.l10n.t("Enter the client ID: the app registration's Application (client) ID."));
				}
				const assertion = await this.assertionFor(form, target, interactive);
				if (!assertion) {
					return { credential: { kind: 'assertion', assertion: PENDING }, pending: vscode.l10n.t('The client assertion is signed when you send: the key needs a password or a file choice.') };
				}
				return { credential: { kind: 'assertion', assertion }, assertion };
			}
			case 'secret': {
				const secret = form.clientId.trim() ? await this.deps.context.secrets.get(secretKey(form.clientId)) : undefined;
				if (!secret) {
					throw new UserError(vscode.l10n.t('No client secret is stored for client {0}: paste it in Client secret and choose Store (it goes to VS Code SecretStorage, nowhere else).', form.clientId.trim() || '?'));
				}
				return { credential: { kind: 'secret', secret } };
			}
			case 'none':
				return { credential: { kind: 'none' } };
		}
	}

	//#endregion

	/** Signs the user in: loopback listener, authorize URL in the browser, wait (cancellable, timeout), check state. */
	private async signIn(form: WorkbenchForm, target: TokenTarget, opts: RunOptions): Promise<{ code: string; redirectUri: string; verifier: string }> {
		const core = await tokenCore();
		const pkce = core.createPkce();
		const state = randomBytes(16).toString('base64url');
		const listener = await startLoopbackListener(form.redirectHost);
		try {
			const url = core.buildAuthorizeUrl({ target, clientId: form.clientId.trim(), redirectUri: listener.redirectUri, scopes: scopesOf(form.scopes), state, codeChallenge: pkce.challenge, ...(form.prompt ? { prompt: form.prompt } : {}) });
			const waiting = listener.waitForCode(state, { authorizeUrl: url, signal: opts.signal, timeoutMs: SIGN_IN_TIMEOUT_MS });
			waiting.catch(() => undefined);
			opts.onProgress?.(vscode.l10n.t('Waiting for the sign-in in the browser (redirect to {0})…', listener.redirectUri));
			// The browser opens the listener, which redirects to the authorize URL (see loopback.ts for why).
			const opened = await (opts.openExternal ?? openInBrowser)(listener.redirectUri);
			if (opened === false) {
				throw new UserError(vscode.l10n.t('The sign-in page was not opened; send again and allow VS Code to open it.'));
			}
			const code = await waiting;
			opts.onProgress?.(vscode.l10n.t('Signed in; redeeming the code…'));
			return { code, redirectUri: listener.redirectUri, verifier: pkce.verifier };
		} finally {
			listener.close();
		}
	}

	private async requestInput(form: WorkbenchForm, resolved: Resolved, credential: ClientCredential, mode: 'send' | 'preview', opts: RunOptions): Promise<{ input: TokenRequestInput; authorizeUrl?: string; notes: string[] }> {
		const clientId = form.clientId.trim();
		const input: TokenRequestInput = { target: resolved.target, flow: form.flow, clientId, scopes: scopesOf(form.scopes), credential };
		const notes: string[] = [];
		switch (form.flow) {
			case 'client_credentials':
				break;
			case 'on_behalf_of': {
				const token = stripBearer(form.userAssertion);
				if (!token && mode === 'preview') {
					notes.push(vscode.l10n.t('Paste the incoming user token (its aud is this app), or sign in with the authorization code flow and choose "Use as OBO assertion".'));
				}
				input.userAssertion = token || (mode === 'preview' ? PENDING : '');
				if (input.scopes.length === 0) {
					throw new UserError(vscode.l10n.t("Enter the downstream API's scope (for example https://graph.microsoft.com/User.Read or api://{downstream}/{scope}): On-Behalf-Of asks for a token to another API, not to this middle tier."));
				}
				break;
			}
			case 'authorization_code': {
				if (mode === 'send') {
					const r = await this.signIn(form, resolved.target, opts);
					Object.assign(input, { code: r.code, redirectUri: r.redirectUri, codeVerifier: r.verifier });
				} else {
					const core = await tokenCore();
					const redirectUri = `http://${form.redirectHost}:PORT/`;
					Object.assign(input, { code: PENDING, redirectUri, codeVerifier: PENDING });
					try {
						const authorizeUrl = core.buildAuthorizeUrl({ target: resolved.target, clientId, redirectUri, scopes: input.scopes, state: 'STATE', codeChallenge: 'C'.repeat(43), ...(form.prompt ? { prompt: form.prompt } : {}) })
							.replace('state=STATE', 'state={random, per sign-in}')
							.replace(`code_challenge=${'C'.repeat(43)}`, 'code_challenge={S256 of a fresh verifier}');
						notes.push(vscode.l10n.t('Send opens this sign-in page in the browser, with a fresh PKCE challenge and state, and listens for the redirect on a random port.'));
						return { input, authorizeUrl, notes };
					} catch (e) {
						notes.push(e instanceof Error ? e.message : String(e));
					}
				}
				break;
			}
			case 'refresh_token': {
				const rt = this.refreshTokenFor(form);
				if (!rt) {
					if (mode === 'send') {
						throw new UserError(vscode.l10n.t('There is no refresh token for client {0} yet: sign in with the authorization code flow asking for offline_access first.', clientId || '?'));
					}
					notes.push(vscode.l10n.t('No refresh token yet: sign in with the authorization code flow (scope offline_access) first.'));
				} else {
					notes.push(vscode.l10n.t('Uses the refresh token of the last response (kept in memory only).'));
				}
				input.refreshToken = rt ?? PENDING;
				break;
			}
		}
		return { input, notes };
	}

	/** The request as the preview shows it: redacted, with stand-ins named. */
	private static displayText(text: string, resolved: Resolved): string {
		let out = text
			.split(` redacted, ${PENDING.length} chars]`)
			.join(': filled in when you send]');
		if (resolved.placeholder) {
			out = out.split('127.0.0.1:1/').join('127.0.0.1:PORT/').split('127.0.0.1:1\n').join('127.0.0.1:PORT\n').replace(/127\.0\.0\.1:1$/, '127.0.0.1:PORT');
		}
		return out;
	}

	async preview(formIn: WorkbenchForm, seq: number): Promise<RequestPreview> {
		const form = sanitizeForm(formIn);
		try {
			const resolved = await this.resolveTarget(form, 'preview');
			const notes: string[] = [];
			if (resolved.placeholder) {
				notes.push(vscode.l10n.t('The sandbox is not running: Send starts it and fills in its port.'));
			}
			const cred = await this.credential(form, resolved.target, false);
			if (cred.pending) {
				notes.push(cred.pending);
			}
			const built = await this.requestInput(form, resolved, cred.credential, 'preview', {});
			notes.push(...built.notes);
			const core = await tokenCore();
			const req = core.buildTokenRequest(built.input);
			const ctx = await diagnoseContext(this.deps.index, false, form.clientId.trim() || undefined);
			const pending = req.params.some(([, v]) => v === PENDING) || resolved.placeholder;
			// Findings on stand-in values would be noise: leave out those that name a parameter still pending.
			// The app's live keys only from the cache (the preview runs on every keystroke): Send reads them if needed.
			let findings = findingViews((await diagnoseWithLiveKeys(core.requestAsHttpText(req, { redact: false }), ctx, { fetch: false })).diagnosis.findings);
			if (pending) {
				findings = findings.filter((f) => !/not a JWT|does not decode|malformed|127\.0\.0\.1:1\b/i.test(`${f.message} ${f.code}`));
			}
			return {
				seq,
				httpText: WorkbenchRunner.displayText(core.requestAsHttpText(req, { redact: true }), resolved),
				...(built.authorizeUrl ? { authorizeUrl: WorkbenchRunner.displayText(built.authorizeUrl, resolved) } : {}),
				...(cred.assertion ? { assertion: await tokenView('client_assertion', cred.assertion, ctx, await this.workspaceApps()) } : {}),
				findings,
				notes,
			};
		} catch (e) {
			return { seq, findings: [], notes: [], error: this.message(e) };
		}
	}

	private message(e: unknown): string {
		if (isCoreError(e) || e instanceof UserError || e instanceof SignInError) {
			return e.message;
		}
		log.error('Token workbench', e);
		return vscode.l10n.t('Something went wrong: {0} (details in the Entra Cert Kit log).', redact(e instanceof Error ? e.message : String(e)));
	}

	/** Builds, diagnoses and sends the request; every outcome (also errors and cancel) is a result, recorded in history. */
	async run(formIn: WorkbenchForm, requestId: string, opts: RunOptions = {}): Promise<WorkbenchResult> {
		const form = sanitizeForm(formIn);
		const settings = workbenchSettings();
		const result: WorkbenchResult = { requestId, sentAt: new Date().toISOString(), targetLabel: form.target === 'sandbox' ? SANDBOX_LABEL : 'Entra ID', flow: form.flow, ok: false, tokens: [], findings: [], requestFindings: [] };
		let record = false;
		try {
			requireTrust(vscode.l10n.t('Sending token requests'));
			const resolved = await this.resolveTarget(form, 'send', opts);
			result.targetLabel = resolved.label;
			const ctx = await diagnoseContext(this.deps.index, true, form.clientId.trim() || undefined);
			const apps = await this.workspaceApps();
			const cred = await this.credential(form, resolved.target, true);
			if (cred.assertion) {
				result.assertion = await tokenView('client_assertion', cred.assertion, ctx, apps);
			}
			record = true;
			const built = await this.requestInput(form, resolved, cred.credential, 'send', opts);
			const core = await tokenCore();
			const req = core.buildTokenRequest(built.input);
			result.httpText = core.requestAsHttpText(req, { redact: true });
			const { diagnose } = await import('../../core/diagnose');
			// Signed in: the client's live keys are read (short timeout) if the Registrations view has not read them.
			const checked = await diagnoseWithLiveKeys(core.requestAsHttpText(req, { redact: false }), ctx, { fetch: true });
			result.requestFindings = findingViews(checked.diagnosis.findings);
			opts.onProgress?.(vscode.l10n.t('POST {0}', req.url));
			const res = await core.sendTokenRequest(req, { fetch: globalThis.fetch, signal: opts.signal, timeoutMs: settings.timeoutSeconds * 1000, clock: () => performance.now() });
			result.status = res.status;
			result.ok = res.ok;
			result.durationMs = Math.round(res.durationMs);
			result.bodyText = res.json ? JSON.stringify(res.json, null, 2) : res.bodyText;
			if (res.problem) {
				// Not a token endpoint's answer (an HTML page, JSON that does not parse, an empty body): say so above the body.
				result.problem = res.problem;
			}
			const now = new Date();
			result.tokens = await Promise.all(res.tokens.map((t) => tokenView(t.name, t.value, { ...ctx, now }, apps)));
			if (!res.ok) {
				result.findings = findingViews(diagnose(res.bodyText || `HTTP ${res.status}`, checked.context).findings);
				const codes = res.json?.error_codes;
				if (Array.isArray(codes)) {
					result.errorCodes = codes.filter((c): c is number => typeof c === 'number');
				}
			}
			const rt = res.tokens.find((t) => t.name === 'refresh_token');
			if (rt) {
				this.refreshTokens.set(this.refreshKey(form), rt.value);
			}
		} catch (e) {
			if (isAbort(e) || opts.signal?.aborted) {
				result.cancelled = true;
				result.error = vscode.l10n.t('Cancelled.');
			} else if (e instanceof SignInError) {
				record = true;
				result.error = e.message;
				if (e.description) {
					const { diagnose } = await import('../../core/diagnose');
					const ctx = await diagnoseContext(this.deps.index, true, form.clientId.trim() || undefined);
					result.findings = findingViews(diagnose(JSON.stringify({ error: e.error, error_description: e.description }), ctx).findings);
				}
			} else {
				result.error = this.message(e);
			}
		}
		if (record) {
			await this.deps.history.add(form, result, settings.keepTokens);
		}
		return result;
	}

	//#region export

	/** The export's text and the language of the untitled document it opens in. */
	async exportText(formIn: WorkbenchForm, format: WorkbenchExportFormat): Promise<{ text: string; language: string }> {
		const form = sanitizeForm(formIn);
		const resolved = await this.resolveTarget(form, 'preview');
		const credential: ClientCredential = form.credential === 'certificate' ? { kind: 'assertion', assertion: '' } : form.credential === 'secret' ? { kind: 'secret', secret: '' } : { kind: 'none' };
		const input: TokenRequestInput = {
			target: resolved.target,
			flow: form.flow,
			clientId: form.clientId.trim(),
			scopes: scopesOf(form.scopes),
			credential,
			...(form.flow === 'on_behalf_of' ? { userAssertion: '' } : {}),
			...(form.flow === 'authorization_code' ? { code: '', redirectUri: `http://${form.redirectHost}`, codeVerifier: '' } : {}),
			...(form.flow === 'refresh_token' ? { refreshToken: '' } : {}),
		};
		let certificate: TokenCore.ExportCertificate | undefined;
		if (form.credential === 'certificate' && form.certificate) {
			const uri = vscode.Uri.file(form.certificate);
			const indexed = (await this.deps.index.certificates()).find((c) => c.uri.fsPath === uri.fsPath);
			if (indexed?.info) {
				const base = form.certificate.slice(0, form.certificate.length - path.extname(form.certificate).length);
				certificate = { certificatePath: vscode.workspace.asRelativePath(uri), privateKeyPath: vscode.workspace.asRelativePath(indexed.keyUri ?? vscode.Uri.file(base + '.key')), sha1Hex: indexed.info.sha1Hex, sha256Hex: indexed.info.sha256Hex };
			}
		}
		const core = await tokenCore();
		let text = core.exportRequest(input, format, { ...(certificate ? { certificate } : {}), redact: true });
		if (resolved.placeholder) {
			text = WorkbenchRunner.displayText(text, resolved);
		}
		const language = { curl: 'shellscript', http: 'http', 'msal-node': 'javascript', 'msal-dotnet': 'csharp', 'msal-python': 'python' }[format];
		return { text, language };
	}

	//#endregion

	/** "Use as OBO assertion": the form for an On-Behalf-Of request by the app the token was issued to. */
	async useAsObo(token: string, form: WorkbenchForm): Promise<Partial<WorkbenchForm>> {
		const patch: Partial<WorkbenchForm> = { flow: 'on_behalf_of', userAssertion: stripBearer(token) };
		let aud: unknown;
		try {
			aud = (await import('../../core/jwt')).decodeJwt(stripBearer(token)).payload.aud;
		} catch {
			return patch;
		}
		if (typeof aud !== 'string') {
			return patch;
		}
		// The middle tier is the app the token is for: find its manifest, and a workspace certificate it registers.
		const manifests = await this.deps.index.manifestFiles();
		let middle: { appId?: string; identifierUris: string[] } | undefined;
		for (const m of manifests) {
			const info = manifestApp(m.text);
			const ids = [m.appId ?? '', ...info.identifierUris];
			if (!ids.some((id) => id && id.toLowerCase() === aud.toLowerCase())) {
				continue;
			}
			middle = { appId: m.appId, identifierUris: info.identifierUris };
			if (m.appId) {
				patch.clientId = m.appId;
			}
			const shas = new Set(m.registered.map((r) => r.sha1Hex).filter(Boolean));
			const cert = preferredFiles(await this.deps.index.certificates()).find((c) => c.info && c.keyUri && shas.has(c.info.sha1Hex));
			if (cert) {
				patch.credential = 'certificate';
				patch.certificate = cert.uri.fsPath;
			}
			break;
		}
		// The scopes of the sign-in asked for the middle tier itself; On-Behalf-Of asks for a downstream API. Propose
		// the delegated scopes of the one other workspace API, else leave the field empty for the user to fill in.
		const selfIds = new Set([aud, middle?.appId ?? '', ...(middle?.identifierUris ?? [])].filter(Boolean).map((x) => x.toLowerCase().replace(/\/+$/, '')));
		const isSelf = (scope: string) => {
			const lower = scope.toLowerCase();
			return [...selfIds].some((id) => lower === id || lower.startsWith(id + '/'));
		};
		const kept = scopesOf(form.scopes).filter((x) => !isSelf(x) && !/^(openid|profile|offline_access|email)$/i.test(x));
		if (kept.length > 0 && form.flow === 'on_behalf_of') {
			return patch; // already a downstream request: keep what the user chose
		}
		const downstream = manifests.flatMap((m) => {
			if (!m.appId || (middle?.appId && m.appId.toLowerCase() === middle.appId.toLowerCase())) {
				return [];
			}
			const info = manifestApp(m.text);
			const base = info.identifierUris[0] ?? `api://${m.appId}`;
			return info.scopes.length > 0 ? [info.scopes.map((x) => `${base.replace(/\/+$/, '')}/${x}`).join(' ')] : [];
		});
		patch.scopes = downstream.length === 1 ? downstream[0] : kept.join(' ');
		return patch;
	}
}

/**
 * Certificates in the order a picker offers them: a file with its key first, PEM before DER (the .pem beside a
 * .cer of the same certificate is what signs), then by path.
 */
export function preferredFiles<T extends { uri: vscode.Uri; keyUri?: vscode.Uri }>(certs: readonly T[]): T[] {
	const rank = (c: T) => (c.keyUri ? 0 : 2) + (/\.(pem|crt)$/i.test(c.uri.fsPath) ? 0 : 1);
	return [...certs].sort((a, b) => rank(a) - rank(b) || a.uri.fsPath.localeCompare(b.uri.fsPath));
}

/** identifierUris and exposed delegated scopes of a manifest (JSONC, either format). */
export function manifestApp(text: string): { identifierUris: string[]; scopes: string[] } {
	const { identifierUris, scopes } = manifestRegistration(parseJsonc(text));
	return { identifierUris, scopes: scopes.map((s) => s.value) };
}
