/**
 * The Token workbench and the sandbox inside the real VS Code: start/stop by command with the status-bar item,
 * requests through the same Send path as the webview (the extension API's workbench.run), tokens checked against
 * the sandbox's JWKS with Node's crypto, diagnose on errors, exports, redacted history, the loopback sign-in.
 */
import * as assert from 'node:assert/strict';
import { createPublicKey, randomUUID, verify, type JsonWebKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activate, sleep, until, workspaceTemp } from './helpers';
import type { EntraCertKitApi } from '../../src/extension';
import type { WorkbenchForm, WorkbenchResult } from '../../src/shared/workbench';

const WEB = '7b1f0c2e-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const MID = '8c2a1d3f-4b5e-4f60-9b1c-1d2e3f4a5b6c';
const DOWN = '9d3b2e4a-5c6f-4071-8c2d-2e3f4a5b6c7d';
const SECRET_CLIENT = 'ae4c3f5b-6d70-4182-9d3e-3f4a5b6c7d8e';
const SECRET = 'wb~Secret.Value_1234567890abcdefGHIJ';

interface Generated {
	certificatePem: string;
	privateKeyPem: string;
	certificateDer: string;
}

function manifest(appId: string, name: string, der: Buffer | undefined, extra: Record<string, unknown> = {}): string {
	const now = Date.now();
	return JSON.stringify({
		id: randomUUID(),
		appId,
		displayName: name,
		signInAudience: 'AzureADMyOrg',
		keyCredentials: der
			? [{ customKeyIdentifier: null, displayName: `CN=${name}`, endDateTime: new Date(now + 300 * 86400000).toISOString(), key: der.toString('base64'), keyId: randomUUID(), startDateTime: new Date(now - 86400000).toISOString(), type: 'AsymmetricX509Cert', usage: 'Verify' }]
			: [],
		passwordCredentials: [],
		...extra,
	}, null, 2);
}

function b64uJson(part: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Verifies an RS256 token with the sandbox's published JWKS, using Node's crypto only. */
async function verifyWithJwks(token: string, jwksUrl: string): Promise<{ header: Record<string, unknown>; payload: Record<string, unknown> }> {
	const [h, p, s] = token.split('.');
	const header = b64uJson(h);
	const jwks = (await (await fetch(jwksUrl)).json()) as { keys: (JsonWebKey & { kid?: string })[] };
	const jwk = jwks.keys.find((k) => k.kid === header.kid) ?? (jwks.keys.length === 1 ? jwks.keys[0] : undefined);
	assert.ok(jwk, `the JWKS at ${jwksUrl} has no key ${String(header.kid)}`);
	assert.equal(header.alg, 'RS256');
	const ok = verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
	assert.ok(ok, 'the token signature verifies with the sandbox JWKS');
	return { header, payload: b64uJson(p) };
}

/**
 * Plays the browser: opens the URL the extension opens (the loopback listener, which redirects to the authorize
 * URL), the sandbox's sign-in page, picks the first user, follows the redirect back to the loopback listener.
 * Returns the authorize URL.
 */
async function signInAsFirstUser(startUrl: string, tamper?: (location: URL) => void): Promise<string> {
	const start = await fetch(startUrl, { redirect: 'manual' });
	await start.text();
	assert.equal(start.status, 302, 'the loopback listener sends the browser on to the authorize URL');
	const authorizeUrl = start.headers.get('location') ?? '';
	const pageRes = await fetch(authorizeUrl);
	const html = await pageRes.text();
	assert.equal(pageRes.status, 200, html.slice(0, 300));
	const oid = /<button[^>]*name="user"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /<button[^>]*value="([^"]+)"[^>]*name="user"/.exec(html)?.[1];
	assert.ok(oid, 'the sign-in page lists a user button');
	const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
	const target = action ? new URL(action, authorizeUrl) : new URL(authorizeUrl);
	const fields = new URLSearchParams();
	for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
		const name = /name="([^"]*)"/.exec(m[0])?.[1];
		const value = /value="([^"]*)"/.exec(m[0])?.[1];
		if (name) {
			fields.append(name, (value ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'"));
		}
	}
	fields.append('user', oid);
	if (!action) {
		// The form posts back to the authorize URL with its query.
		for (const [k, v] of new URL(authorizeUrl).searchParams) {
			if (!fields.has(k)) {
				fields.append(k, v);
			}
		}
	}
	const post = await fetch(target, { method: 'POST', body: fields, redirect: 'manual' });
	assert.equal(post.status, 302, `the sign-in POST answers 302 (got ${post.status}: ${(await post.text()).slice(0, 200)})`);
	const location = new URL(post.headers.get('location') ?? '');
	tamper?.(location);
	const back = await fetch(location);
	await back.text();
	return authorizeUrl;
}

suite('Workbench', () => {
	let api: EntraCertKitApi;
	let folder: string;
	let good: Generated;
	let wrong: Generated;
	let web: Generated;
	let down: Generated;
	let sandboxUrl: string;
	let tenantId: string;

	const base = (): Partial<WorkbenchForm> => ({ target: 'sandbox', credential: 'certificate', alg: 'PS256' });
	const gen = async (name: string) => {
		const r = await vscode.commands.executeCommand<Generated>('entraCert.generateCertificate', { subject: `CN=${name}`, folder, name, noPrompt: true });
		assert.ok(r, `generated ${name}`);
		return r;
	};

	suiteSetup(async function () {
		this.timeout(120000);
		api = (await activate()).exports as EntraCertKitApi;
		folder = workspaceTemp('workbench');
		good = await gen('wb-mid');
		wrong = await gen('wb-unregistered');
		web = await gen('wb-web');
		down = await gen('wb-down');
		const der = (g: Generated) => readFileSync(g.certificateDer);
		writeFileSync(join(folder, 'web.json'), manifest(WEB, 'wb-web', der(web), { web: { redirectUris: ['http://localhost'] }, publicClient: { redirectUris: ['http://localhost'] } }));
		writeFileSync(join(folder, 'mid.json'), manifest(MID, 'wb-mid', der(good), {
			identifierUris: ['api://wb-mid'],
			api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'Orders.Read', type: 'User', isEnabled: true, adminConsentDisplayName: 'Read orders', adminConsentDescription: 'Read orders' }] },
			appRoles: [{ id: randomUUID(), value: 'Orders.Read.All', allowedMemberTypes: ['Application'], displayName: 'Read all orders', description: 'Read all orders', isEnabled: true }],
			web: { redirectUris: ['http://localhost'] },
		}));
		writeFileSync(join(folder, 'down.json'), manifest(DOWN, 'wb-down', der(down), {
			identifierUris: ['api://wb-down'],
			api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'Stock.Read', type: 'User', isEnabled: true, adminConsentDisplayName: 'Read stock', adminConsentDescription: 'Read stock' }] },
			appRoles: [{ id: randomUUID(), value: 'Stock.Read.All', allowedMemberTypes: ['Application'], displayName: 'Read all stock', description: 'Read all stock', isEnabled: true }],
		}));
		writeFileSync(join(folder, 'secret.json'), manifest(SECRET_CLIENT, 'wb-secret', undefined, { passwordCredentials: [{ keyId: randomUUID(), displayName: 'test', secretText: SECRET, hint: SECRET.slice(0, 3), endDateTime: new Date(Date.now() + 86400000 * 30).toISOString() }] }));
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('entraCert.stopSandbox');
	});

	test('Start Sandbox serves on a loopback port and the status bar shows it', async () => {
		const info = await vscode.commands.executeCommand<{ url: string; port: number; tenantId: string }>('entraCert.startSandbox', { quiet: true });
		assert.ok(info, 'startSandbox returns the URL');
		assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		sandboxUrl = info.url;
		tenantId = info.tenantId;
		const status = api.sandbox.status();
		assert.equal(status.running, true);
		assert.equal(status.url, info.url);
		assert.equal(status.statusBar.visible, true);
		assert.ok(status.statusBar.text.includes(String(info.port)), `status bar text ${status.statusBar.text} shows the port`);
		assert.match(status.statusBar.tooltip, /local emulation of Entra ID/);
		const keys = await fetch(`${info.url}/${info.tenantId}/discovery/v2.0/keys`);
		assert.equal(keys.status, 200);
	});

	test('the webview loads under its CSP with no violations', async function () {
		this.timeout(60000);
		const before = api.workbench.readyCount();
		await vscode.commands.executeCommand('entraCert.openWorkbench');
		assert.equal(api.workbench.isOpen(), true);
		await until(() => api.workbench.readyCount() > before, 'the workbench webview to say it is ready', 45000);
		await sleep(1500);
		assert.deepEqual(api.workbench.cspViolations(), []);
	});

	test('the preview shows the request redacted and the decoded assertion with explained claims', async () => {
		const p = await api.workbench.preview({ ...base(), clientId: MID, certificate: good.certificatePem, flow: 'client_credentials', scopes: 'api://wb-down/.default' });
		assert.equal(p.error, undefined, p.error);
		assert.ok(p.httpText?.includes('grant_type=client_credentials'));
		assert.match(p.httpText ?? '', /client_assertion=\[client assertion redacted, \d+ chars\]/);
		assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(p.httpText ?? ''), 'no JWT in the preview text');
		const aud = p.assertion?.payload.find((r) => r.name === 'aud');
		assert.ok(aud, 'the decoded assertion has aud');
		assert.equal(aud.value, `${sandboxUrl}/${tenantId}/oauth2/v2.0/token`);
		assert.ok(aud.explanation.length > 10, 'aud is explained');
		assert.ok(p.assertion?.header.some((r) => r.name === 'x5t#S256'));
	});

	test('client credentials with a registered kit certificate: 200 and a token that verifies against the sandbox JWKS', async function () {
		this.timeout(60000);
		const r = await api.workbench.run({ ...base(), clientId: MID, certificate: good.certificatePem, flow: 'client_credentials', scopes: 'api://wb-down/.default' });
		assert.equal(r.error, undefined, r.error);
		assert.equal(r.status, 200, r.bodyText);
		assert.equal(r.ok, true);
		assert.ok((r.durationMs ?? -1) >= 0);
		assert.match(r.targetLabel, /local emulation of Entra ID/);
		const at = r.tokens.find((t) => t.name === 'access_token');
		assert.ok(at?.jwt, 'an access token that decodes');
		const { payload } = await verifyWithJwks(at.value, `${sandboxUrl}/${tenantId}/discovery/v2.0/keys`);
		assert.equal(payload.azp ?? payload.appid, MID);
		assert.ok(payload.aud === DOWN || payload.aud === 'api://wb-down', `aud ${String(payload.aud)}`);
		const row = at.payload.find((c) => c.name === 'aud');
		assert.ok(row && row.explanation.length > 10, 'claims carry explanations');
		assert.ok(r.assertion, 'the result shows the assertion that was sent');
		assert.match(r.httpText ?? '', /client_assertion=\[client assertion redacted/);
	});

	test('a certificate the app does not register: AADSTS700027, explained against the workspace', async function () {
		this.timeout(60000);
		const r = await api.workbench.run({ ...base(), clientId: MID, certificate: wrong.certificatePem, flow: 'client_credentials', scopes: 'api://wb-down/.default' });
		assert.ok((r.status ?? 0) >= 400, `an error status (${r.status})`);
		assert.ok(r.errorCodes?.includes(700027), `error codes ${JSON.stringify(r.errorCodes)}`);
		assert.ok(r.findings.some((f) => f.code === 'AADSTS700027'), JSON.stringify(r.findings.map((f) => f.code)));
	});

	test('the preview warns before sending: a certificate registered on another app, the same 700027 as after Send', async function () {
		this.timeout(60000);
		// wb-web's certificate is registered on web.json, not on the middle tier the request names as client.
		const form = { ...base(), clientId: MID, certificate: web.certificatePem, flow: 'client_credentials' as const, scopes: 'api://wb-down/.default' };
		const p = await api.workbench.preview(form);
		assert.equal(p.error, undefined, p.error);
		const before = p.findings.find((f) => f.code === 'AADSTS700027' && f.severity === 'error');
		assert.ok(before, `the preview predicts AADSTS700027 (${JSON.stringify(p.findings.map((f) => `${f.severity} ${f.code}`))})`);
		assert.match(before.message, /web\.json/, 'it names the manifest that registers the certificate');
		const r = await api.workbench.run(form);
		assert.ok(r.errorCodes?.includes(700027), `the sandbox answers 700027 (${JSON.stringify(r.errorCodes)})`);
		assert.ok(r.requestFindings.some((f) => f.code === 'AADSTS700027' && f.severity === 'error'), 'the request findings after Send say the same');
		assert.ok(r.findings.some((f) => f.code === 'AADSTS700027'));
		// A scope the API does not expose: flagged before sending too.
		const scope = await api.workbench.preview({ ...form, clientId: WEB, flow: 'authorization_code', scopes: 'api://wb-mid/Orders.Write' });
		assert.ok(scope.findings.some((f) => f.code === 'AADSTS65005'), JSON.stringify(scope.findings.map((f) => f.code)));
	});

	test('export: curl, .http and MSAL code open as untitled documents without secrets', async function () {
		this.timeout(30000);
		const form = { ...base(), clientId: MID, certificate: good.certificatePem, flow: 'client_credentials' as const, scopes: 'api://wb-down/.default' };
		const curl = await api.workbench.exportRequest(form, 'curl');
		assert.match(curl.text, /^curl /);
		assert.ok(curl.text.includes(`${sandboxUrl}/${tenantId}/oauth2/v2.0/token`));
		assert.ok(curl.text.includes('CLIENT_ASSERTION'));
		assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(curl.text));
		assert.equal(curl.language, 'shellscript');
		assert.equal(vscode.window.activeTextEditor?.document.getText(), curl.text);
		assert.equal(vscode.window.activeTextEditor?.document.isUntitled, true);
		const py = await api.workbench.exportRequest(form, 'msal-python');
		assert.equal(py.language, 'python');
		assert.match(py.text, /msal/);
		const http = await api.workbench.exportRequest(form, 'http');
		assert.match(http.text, /POST .*oauth2\/v2\.0\/token/);
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('a client secret from SecretStorage is sent and never kept: history holds no secret or assertion', async function () {
		this.timeout(60000);
		await api.workbench.storeSecret(SECRET_CLIENT, SECRET);
		const r = await api.workbench.run({ target: 'sandbox', clientId: SECRET_CLIENT, credential: 'secret', flow: 'client_credentials', scopes: 'api://wb-down/.default' });
		assert.equal(r.status, 200, r.error ?? r.bodyText);
		assert.ok(!(r.httpText ?? '').includes(SECRET));
		const history = api.workbench.history();
		assert.ok(history.length >= 3, `history has the requests (${history.length})`);
		const text = JSON.stringify(history);
		assert.ok(!text.includes(SECRET), 'no client secret in history');
		assert.ok(!/eyJ[\w-]{4,}\.[\w-]{4,}\./.test(text), 'no JWT (assertion or token) in history');
		assert.ok(history.every((e) => e.tokens === undefined), 'no tokens kept while keepTokens is off');
		assert.ok(history.some((e) => e.status === 200 && e.clientId === MID));
		assert.ok(history.some((e) => e.errorCodes?.includes(700027)));
	});

	test('authorization code + PKCE on a loopback redirect, then On-Behalf-Of and refresh', async function () {
		this.timeout(90000);
		let opened = '';
		const signedIn: WorkbenchResult = await api.workbench.run(
			{ ...base(), clientId: WEB, certificate: web.certificatePem, flow: 'authorization_code', scopes: 'api://wb-mid/Orders.Read openid offline_access', redirectHost: 'localhost' },
			{ openExternal: async (url) => {
				assert.match(url, /^http:\/\/localhost:\d+\/$/, 'the browser opens the loopback listener');
				opened = await signInAsFirstUser(url);
				return true;
			} },
		);
		const q = new URL(opened).searchParams;
		assert.equal(q.get('code_challenge_method'), 'S256');
		assert.match(q.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+\/$/);
		assert.equal(signedIn.error, undefined, signedIn.error);
		assert.equal(signedIn.status, 200, signedIn.bodyText);
		const at = signedIn.tokens.find((t) => t.name === 'access_token');
		assert.ok(at, 'an access token');
		const { payload } = await verifyWithJwks(at.value, `${sandboxUrl}/${tenantId}/discovery/v2.0/keys`);
		assert.ok(payload.aud === MID || payload.aud === 'api://wb-mid', `aud ${String(payload.aud)}`);
		assert.match(String(payload.scp), /Orders\.Read/);
		assert.match(signedIn.httpText ?? '', /code_verifier=\[code verifier redacted/);

		// "Use as OBO assertion": the middle tier (aud of the token) with the certificate its manifest registers.
		const patch = await api.workbench.useAsObo(at.value, { target: 'sandbox', clientId: WEB });
		assert.equal(patch.flow, 'on_behalf_of');
		assert.equal(patch.clientId, MID);
		assert.equal(patch.certificate, good.certificatePem);
		// The sign-in's scopes asked for the middle tier itself: "Use as OBO assertion" does not keep them.
		const proposed = await api.workbench.useAsObo(at.value, { target: 'sandbox', clientId: WEB, flow: 'authorization_code', scopes: 'api://wb-mid/Orders.Read openid offline_access' });
		assert.equal(typeof proposed.scopes, 'string', 'the scopes are cleared or proposed, never left as they were');
		assert.ok(!/wb-mid/.test(proposed.scopes ?? ''), `no scope of the middle tier itself (${proposed.scopes})`);
		assert.ok(!/openid|offline_access/.test(proposed.scopes ?? ''), `no sign-in scopes (${proposed.scopes})`);
		// An OBO whose scope is the middle tier itself is flagged before sending, and the sandbox answers it the same way.
		const selfPreview = await api.workbench.preview({ ...base(), ...patch, scopes: 'api://wb-mid/Orders.Read' });
		assert.equal(selfPreview.error, undefined, selfPreview.error);
		assert.ok(selfPreview.findings.some((f) => f.code === 'obo-scope-is-self'), JSON.stringify({ codes: selfPreview.findings.map((f) => f.code), notes: selfPreview.notes, http: selfPreview.httpText }));
		const emptyPreview = await api.workbench.preview({ ...base(), ...patch, scopes: '' });
		assert.match(emptyPreview.error ?? '', /downstream API/, 'an OBO without a scope asks for the downstream API\'s scope');
		const obo = await api.workbench.run({ ...base(), ...patch, scopes: 'api://wb-down/.default' });
		assert.equal(obo.status, 200, obo.error ?? obo.bodyText);
		const downstream = obo.tokens.find((t) => t.name === 'access_token');
		assert.ok(downstream);
		const verified = await verifyWithJwks(downstream.value, `${sandboxUrl}/${tenantId}/discovery/v2.0/keys`);
		assert.ok(verified.payload.aud === DOWN || verified.payload.aud === 'api://wb-down', `aud ${String(verified.payload.aud)}`);
		assert.ok(verified.payload.scp, 'a delegated token (scp)');
		assert.match(obo.httpText ?? '', /assertion=\[user assertion redacted/);

		// offline_access: a refresh token, kept in memory and used by the refresh flow.
		assert.ok(signedIn.tokens.some((t) => t.name === 'refresh_token'), 'a refresh token for offline_access');
		const refreshed = await api.workbench.run({ ...base(), clientId: WEB, certificate: web.certificatePem, flow: 'refresh_token', scopes: 'api://wb-mid/Orders.Read offline_access' });
		assert.equal(refreshed.status, 200, refreshed.error ?? refreshed.bodyText);
		assert.match(refreshed.httpText ?? '', /refresh_token=\[refresh token redacted/);
		const text = JSON.stringify(api.workbench.history());
		assert.ok(!text.includes(at.value) && !text.includes(downstream.value), 'history keeps no tokens');
	});

	test('a redirect with another state is refused, and a sign-in can be cancelled', async function () {
		this.timeout(60000);
		const form = { ...base(), clientId: WEB, certificate: web.certificatePem, flow: 'authorization_code' as const, scopes: 'api://wb-mid/Orders.Read' };
		const forged = await api.workbench.run(form, { openExternal: async (url) => {
			await signInAsFirstUser(url, (location) => location.searchParams.set('state', 'forged'));
			return true;
		} });
		assert.equal(forged.status, undefined, 'nothing was redeemed');
		assert.match(forged.error ?? '', /state/);

		const ac = new AbortController();
		const cancelled = await api.workbench.run(form, { signal: ac.signal, openExternal: async () => {
			setTimeout(() => ac.abort(), 200);
			return true;
		} });
		assert.equal(cancelled.cancelled, true);
	});

	test('Stop Sandbox closes the port and hides the status-bar item', async () => {
		const stopped = await vscode.commands.executeCommand<boolean>('entraCert.stopSandbox');
		assert.equal(stopped, true);
		const status = api.sandbox.status();
		assert.equal(status.running, false);
		assert.equal(status.statusBar.visible, false);
		await assert.rejects(fetch(`${sandboxUrl}/${tenantId}/discovery/v2.0/keys`), 'nothing listens on the port any more');
	});

	test('sending to the sandbox starts it when it is not running', async function () {
		this.timeout(60000);
		assert.equal(api.sandbox.status().running, false);
		const r = await api.workbench.run({ ...base(), clientId: MID, certificate: good.certificatePem, flow: 'client_credentials', scopes: 'api://wb-down/.default' });
		assert.equal(r.status, 200, r.error ?? r.bodyText);
		assert.equal(api.sandbox.status().running, true);
	});
});
