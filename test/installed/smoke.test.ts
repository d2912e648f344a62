/**
 * The packaged extension as a user gets it: installed from the .vsix into a fresh extensions folder, the demo
 * workspace opened in Restricted Mode and trusted in VS Code's Workspace Trust editor. Nothing here imports the repository's sources:
 * everything goes through VS Code and the extension's exported API, and expected values come from Node's crypto.
 *
 * Environment (set by scripts/test-installed.mjs):
 *   HARNESS_EXTENSIONS_DIR        the extensions folder the .vsix was installed into (scripts/harness-lib.mjs)
 *   ENTRA_CERT_INSTALLED_VERSION  package.json's version
 *   ENTRA_CERT_REPO               the repository (the extension must not run from there)
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import * as vscode from 'vscode';

const EXT_ID = 'entra-cert-kit.entra-cert-kit';
/** The demo's middle tier (scripts/demo/contoso-orders-api.json) and its client (contoso-web.json). */
const ORDERS_API = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';

interface TreeItem {
	label: string;
	children?: TreeItem[];
}
interface Api {
	certificatesView(): Promise<TreeItem[]>;
	workbench: {
		open(): Promise<void>;
		readyCount(): number;
		run(form: Record<string, string>): Promise<{ status?: number; ok: boolean; error?: string; bodyText?: string; errorCodes?: number[]; tokens: { name: string; jwt?: unknown }[]; findings: { message?: string; title?: string }[] }>;
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, ms = 15000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined && v !== false) {
			return v;
		}
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(100);
	}
}
const env = (name: string): string => {
	const v = process.env[name];
	assert.ok(v, `${name} is not set: run this suite through scripts/test-installed.mjs`);
	return v;
};
const root = (): string => {
	const r = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	assert.ok(r, 'no workspace folder');
	return r;
};
const sha1Hex = (pem: string) => new X509Certificate(readFileSync(pem)).fingerprint.replace(/:/g, '');
const labels = (items: TreeItem[]): string => items.map((i) => i.label).join(' | ');

suite('Installed .vsix', () => {
	let ext: vscode.Extension<Api>;
	let api: Api;

	test('Entra Cert Kit runs from the extensions folder the .vsix was installed into, not from the repository', () => {
		const found = vscode.extensions.getExtension<Api>(EXT_ID);
		assert.ok(found, `${EXT_ID} is not installed`);
		ext = found;
		assert.ok(ext.extensionPath.startsWith(env('HARNESS_EXTENSIONS_DIR') + sep), `loaded from ${ext.extensionPath}`);
		assert.ok(!ext.extensionPath.startsWith(env('ENTRA_CERT_REPO') + sep), `loaded from the repository: ${ext.extensionPath}`);
		assert.equal(ext.packageJSON.version, env('ENTRA_CERT_INSTALLED_VERSION'));
		assert.equal(ext.packageJSON.icon, 'media/icon.png');
	});

	test('the demo workspace opens in Restricted Mode and is trusted in the Workspace Trust editor', async function () {
		this.timeout(90000);
		await until(() => vscode.workspace.isTrusted, 'the workspace to be trusted (the runner trusts it in the Workspace Trust editor)', 80000);
	});

	test('activates and exports its API', async function () {
		this.timeout(60000);
		api = await ext.activate();
		assert.ok(ext.isActive);
		assert.equal(typeof api.certificatesView, 'function');
		const commands = await vscode.commands.getCommands(true);
		for (const c of ['entraCert.computeThumbprint', 'entraCert.insertKeyCredential', 'entraCert.openWorkbench', 'entraCert.diagnose']) {
			assert.ok(commands.includes(c), `${c} is not registered`);
		}
	});

	test('the Certificates view lists the demo certificates with their thumbprints', async function () {
		this.timeout(60000);
		await vscode.commands.executeCommand('workbench.view.extension.entraCert');
		const items = await until(async () => {
			const v = await api.certificatesView();
			return v.some((i) => i.label.includes('contoso-web')) && v.some((i) => i.label.includes('contoso-orders-api')) ? v : undefined;
		}, 'contoso-web and contoso-orders-api in the view', 30000);
		const web = items.find((i) => i.label.includes('contoso-web'));
		const text = JSON.stringify(web);
		assert.ok(text.includes(sha1Hex(join(root(), 'certs', 'contoso-web.pem'))), `the SHA-1 of contoso-web is not among ${labels(web?.children ?? [])}`);
	});

	test('Compute Thumbprint gives the certificate\'s SHA-1 and copies it', async function () {
		this.timeout(60000);
		const pem = join(root(), 'certs', 'contoso-orders-api.pem');
		await vscode.env.clipboard.writeText('');
		const running = vscode.commands.executeCommand<{ form: string; value: string }>('entraCert.computeThumbprint', vscode.Uri.file(pem));
		let done = false;
		void running.then(() => (done = true));
		await sleep(1500);
		for (let i = 0; i < 15 && !done; i++) {
			await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
			await sleep(1000);
		}
		const picked = await running;
		assert.equal(picked?.form, 'sha1Hex');
		assert.equal(picked.value.toUpperCase(), sha1Hex(pem));
		assert.equal((await vscode.env.clipboard.readText()).toUpperCase(), sha1Hex(pem));
	});

	test('hovering a client assertion explains it', async function () {
		this.timeout(30000);
		const uri = vscode.Uri.file(join(root(), 'assertion.txt'));
		await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
		const hovers = await until(async () => {
			const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 30))) ?? [];
			return h.length > 0 ? h : undefined;
		}, 'a hover on the JWT');
		const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
		assert.match(text, /JWT/);
		assert.ok(text.includes(ORDERS_API), 'the hover names the app that signed the assertion');
		assert.match(text, /contoso-orders-api/, 'the hover names the workspace certificate of x5t#S256');
		assert.match(text, /command:entraCert\.decodeToken/);
	});

	test('Insert keyCredential registers a certificate in a manifest, in one edit', async function () {
		this.timeout(30000);
		const pem = join(root(), 'certs', 'contoso-spare.pem');
		const manifest = vscode.Uri.file(join(root(), 'manifests', 'contoso-inventory-api.json'));
		const before = JSON.parse(readFileSync(manifest.fsPath, 'utf8'));
		assert.equal(before.keyCredentials.length, 0);
		const result = await vscode.commands.executeCommand<{ keyId: string }>('entraCert.insertKeyCredential', vscode.Uri.file(pem), undefined, { manifest });
		assert.ok(result?.keyId, 'no keyId: nothing was inserted');
		const doc = await vscode.workspace.openTextDocument(manifest);
		const after = JSON.parse(doc.getText());
		assert.equal(after.keyCredentials.length, 1);
		const der = new X509Certificate(readFileSync(pem)).raw;
		assert.equal(after.keyCredentials[0].key, der.toString('base64'));
		assert.equal(after.keyCredentials[0].customKeyIdentifier, Buffer.from(sha1Hex(pem), 'hex').toString('base64'));
		assert.equal(after.keyCredentials[0].keyId, result.keyId);
		assert.deepEqual({ ...after, keyCredentials: [] }, before, 'nothing else changed');
		await doc.save();
	});

	test('the Token workbench opens and a client-credentials request to the sandbox returns a token; the wrong certificate gets AADSTS700027', async function () {
		this.timeout(90000);
		await api.workbench.open();
		await until(() => api.workbench.readyCount() > 0, 'the workbench webview to load from the package', 30000);
		const form = { target: 'sandbox', credential: 'certificate', alg: 'PS256', flow: 'client_credentials', clientId: ORDERS_API, scopes: 'api://contoso-orders/.default' };
		const ok = await api.workbench.run({ ...form, certificate: join(root(), 'certs', 'contoso-orders-api.pem') });
		assert.equal(ok.error, undefined, ok.error);
		assert.equal(ok.status, 200, ok.bodyText);
		assert.ok(ok.tokens.find((t) => t.name === 'access_token')?.jwt, 'an access token that decodes');
		const wrong = await api.workbench.run({ ...form, certificate: join(root(), 'certs', 'contoso-web.pem') });
		assert.equal(wrong.status, 401, wrong.bodyText);
		assert.ok(wrong.errorCodes?.includes(700027), `codes ${JSON.stringify(wrong.errorCodes)}`);
		assert.ok(wrong.findings.length > 0, 'the error is explained');
	});

	test('the packaged CLI runs from the installed extension', function () {
		this.timeout(30000);
		const pem = join(root(), 'certs', 'contoso-web.pem');
		const out = execFileSync(process.execPath, [join(ext.extensionPath, 'dist', 'cli.js'), 'thumbprint', pem, '--json'], { encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
		assert.equal(JSON.parse(out).sha1Hex.toUpperCase(), sha1Hex(pem));
	});
});
