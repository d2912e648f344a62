/**
 * Diagnose, the JWT hover and the workbench's preview against the live registration, in the real VS Code with the
 * sandbox's emulated Graph: signed in, a certificate the app has live (added through Graph, so no workspace manifest
 * lists it) is "registered in Entra"; one the app lacks is AADSTS700027 with the live source named; signed out, the
 * check says it used the workspace only. And the workbench's Send with an answer that is not a token endpoint's
 * (an HTML page, JSON cut off) carries the problem for the response area.
 */
import * as assert from 'node:assert/strict';
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activate, until, workspaceTemp } from './helpers';
import type { EntraCertKitApi } from '../../src/extension';
import type { WorkbenchForm } from '../../src/shared/workbench';
import type { WriteResult } from '../../src/vscode/registrations/impl';

const LIVE_APP = 'e4d5f607-4444-4555-b666-777788889999';
const TENANT = '0b1c2d3e-5555-4666-8777-888899990000';

interface Generated {
	certificatePem: string;
	privateKeyPem: string;
	certificateDer: string;
}
interface DiagnoseResult {
	kind: string;
	findings: { severity: string; code: string; message: string; fix: string }[];
	sourceLines: string[];
}

const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An assertion naming the certificate by x5t and x5t#S256 as Node computes them (the signature is not what is checked). */
function assertionNaming(g: Generated, clientId: string): string {
	const x = new X509Certificate(readFileSync(g.certificateDer));
	const hex = (f: string) => Buffer.from(f.replace(/:/g, ''), 'hex').toString('base64url');
	const s = Math.floor(Date.now() / 1000);
	const header = { alg: 'PS256', typ: 'JWT', x5t: hex(x.fingerprint), 'x5t#S256': hex(x.fingerprint256) };
	const payload = { iss: clientId, sub: clientId, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, jti: randomUUID(), nbf: s, iat: s, exp: s + 600 };
	return `${b64u(header)}.${b64u(payload)}.${Buffer.alloc(256, 7).toString('base64url')}`;
}

function sha1(g: Generated): string {
	return new X509Certificate(readFileSync(g.certificateDer)).fingerprint.replace(/:/g, '').toUpperCase();
}

suite('Live registration checks and answer problems (sandbox Graph)', function () {
	let api: EntraCertKitApi;
	let folder: string;
	let added: Generated;
	let lacking: Generated;

	const gen = async (name: string) => {
		const r = await vscode.commands.executeCommand<Generated>('entraCert.generateCertificate', { subject: `CN=${name}`, folder, name, noPrompt: true });
		assert.ok(r, `generated ${name}`);
		return r;
	};
	const diagnose = (text: string) => vscode.commands.executeCommand<DiagnoseResult>('entraCert.diagnose', text);

	suiteSetup(async function () {
		this.timeout(120000);
		api = (await activate()).exports as EntraCertKitApi;
		folder = workspaceTemp('livekeys');
		added = await gen('live-added');
		lacking = await gen('live-lacking');
		// The workspace manifest of the app lists no key: what the app has live comes only from Graph.
		writeFileSync(join(folder, 'live-app.json'), JSON.stringify({ id: randomUUID(), appId: LIVE_APP, displayName: 'live-check-app', signInAudience: 'AzureADMyOrg', keyCredentials: [], passwordCredentials: [] }, null, 2));
		await api.certificatesView();
		await vscode.commands.executeCommand('entraCert.stopSandbox');
		await vscode.commands.executeCommand('entraCert.startSandbox', { quiet: true });
		await vscode.commands.executeCommand('entraCert.registrations.signIn', { source: 'sandbox' });
		const r = await vscode.commands.executeCommand<WriteResult>('entraCert.registrations.addCertificate', { appId: LIVE_APP, certificate: added.certificateDer, confirm: true });
		assert.ok(r?.sent, 'the certificate was added to the live app');
		assert.ok(r.app.keyCredentials.length === 1);
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('entraCert.registrations.signOut');
		await vscode.commands.executeCommand('entraCert.stopSandbox');
	});

	test('Diagnose: a certificate the app has live but no workspace manifest lists is registered in Entra, with the source', async function () {
		this.timeout(60000);
		const r = await diagnose(assertionNaming(added, LIVE_APP));
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		assert.equal(r?.kind, 'jwt');
		const hit = r.findings.filter((f) => f.code === 'live-key-registered');
		assert.ok(hit.length >= 1, JSON.stringify(r.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`), null, 1));
		assert.match(hit[0].message, /is registered in Entra on app e4d5f607/);
		assert.ok(hit[0].message.includes(sha1(added)) || hit[0].message.includes('SHA-256'), hit[0].message);
		assert.match(hit[0].message, /live registration in the sandbox at http:\/\/127\.0\.0\.1:\d+ \(signed in as /);
		assert.ok(!r.findings.some((f) => f.code === 'AADSTS700027'), 'no 700027 for a key the app has');
		assert.ok(r.sourceLines.some((l) => /^Checked against the live registration in the sandbox at /.test(l)), JSON.stringify(r.sourceLines));
	});

	test('Diagnose, the hover and the workbench preview: a certificate the app lacks is AADSTS700027 naming the live source', async function () {
		this.timeout(60000);
		const jwt = assertionNaming(lacking, LIVE_APP);
		const r = await diagnose(jwt);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		const missing = r?.findings.filter((f) => f.code === 'AADSTS700027' && f.severity === 'error' && /not registered on app e4d5f607/.test(f.message)) ?? [];
		assert.ok(missing.length >= 1, JSON.stringify(r?.findings.map((f) => `${f.code}: ${f.message}`), null, 1));
		assert.match(missing[0].message, /live registration in the sandbox at http:\/\/127\.0\.0\.1/);
		assert.ok(missing[0].fix.includes(sha1(added)), 'the fix names the key the app has');

		const file = join(folder, 'assertion.txt');
		writeFileSync(file, `assertion: ${jwt}\n`);
		const uri = vscode.Uri.file(file);
		await vscode.workspace.openTextDocument(uri);
		const hover = await until(async () => {
			const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 20))) ?? [];
			const text = h.flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
			return text.includes('JWT') ? text : undefined;
		}, 'a JWT hover', 20000);
		assert.match(hover, /Checked against the live registration in the sandbox at/);
		assert.match(hover, /AADSTS700027/);

		const preview = await api.workbench.preview({ target: 'sandbox', credential: 'certificate', alg: 'PS256', clientId: LIVE_APP, certificate: lacking.certificatePem, flow: 'client_credentials', scopes: 'api://live-check/.default' } as Partial<WorkbenchForm> as WorkbenchForm);
		const p700027 = preview.findings.filter((f) => f.code === 'AADSTS700027' && /live registration in the sandbox/.test(f.message));
		assert.ok(p700027.length >= 1, JSON.stringify({ error: preview.error, findings: preview.findings.map((f) => `${f.code}: ${f.message}`) }, null, 1));
	});

	test('signed out, the same check says it used the workspace only', async function () {
		this.timeout(60000);
		await vscode.commands.executeCommand('entraCert.registrations.signOut');
		const r = await diagnose(assertionNaming(added, LIVE_APP));
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
		assert.ok(!r?.findings.some((f) => f.code.startsWith('live-key')), JSON.stringify(r?.findings.map((f) => f.code)));
		assert.ok(r.sourceLines.some((l) => /^Checked against workspace manifests only .*not signed in/.test(l)), JSON.stringify(r.sourceLines));
		await vscode.commands.executeCommand('entraCert.registrations.signIn', { source: 'sandbox' });
	});

	test('the workbench result carries the problem of an answer that is not a token endpoint\'s (HTML page, JSON cut off)', async function () {
		this.timeout(60000);
		const real = globalThis.fetch;
		let answer: () => Response = () => new Response('<!doctype html><html><body>Proxy sign-in required</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
		// The runner sends with the global fetch of the extension host: a stand-in answers for the token endpoint only.
		globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
			const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
			return /\/oauth2\/v2\.0\/token$/.test(url) ? answer() : real(input, init);
		}) as typeof fetch;
		try {
			const form = { target: 'sandbox', credential: 'certificate', alg: 'PS256', clientId: LIVE_APP, certificate: added.certificatePem, flow: 'client_credentials', scopes: 'api://live-check/.default' } as Partial<WorkbenchForm> as WorkbenchForm;
			const html = await api.workbench.run(form);
			assert.equal(html.status, 502);
			assert.match(html.problem ?? '', /HTML page instead of JSON/);
			answer = () => new Response('{"access_token": "eyJ', { status: 200, headers: { 'content-type': 'application/json' } });
			const cut = await api.workbench.run(form);
			assert.equal(cut.status, 200);
			assert.match(cut.problem ?? '', /claims to be JSON but it does not parse/);
		} finally {
			globalThis.fetch = real;
		}
	});
});
