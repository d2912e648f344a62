#!/usr/bin/env node
// Screenshots of the editor features as a user sees them, in out/screenshots/:
// thumbprint-picker.png, certificates-view.png, jwt-hover.png, manifest-diagnostic.png, diagnose.png.
// Run after a build: node scripts/ui/screens.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, openWorkbench, startServer } from '../harness-lib.mjs';

const shots = join(ROOT, 'out', 'screenshots');
const ws = join(ROOT, 'out', 'ui-workspace');
rmSync(ws, { recursive: true, force: true });
mkdirSync(join(ws, 'certs'), { recursive: true });
mkdirSync(join(ws, '.vscode'), { recursive: true });
writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none' }, null, 2));
mkdirSync(shots, { recursive: true });
const cli = (args) => execFileSync('node', [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws, encoding: 'utf8' });

// A workspace like a user's: a kit-made certificate, a weak one made by openssl, a manifest, a token.
cli(['cert', 'new', '--subject', 'CN=contoso-api', '--out', 'certs', '--days', '20']);
cli(['cert', 'new', '--subject', 'CN=contoso-worker', '--out', 'certs']);
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:1024', '-nodes', '-keyout', join(ws, 'certs', 'legacy.key'), '-out', join(ws, 'certs', 'legacy.pem'), '-subj', '/CN=legacy-1024', '-days', '400'], { stdio: 'ignore' });
const pem = readFileSync(join(ws, 'certs', 'contoso-worker.pem'), 'utf8');
const clientId = '4a1c9a5e-0b7d-4f5e-9f61-2c3d4e5f6a7b';
const tenant = 'contoso.onmicrosoft.com';
writeFileSync(join(ws, 'manifest.json'), JSON.stringify({
	id: '9d0e3a1f-1111-2222-3333-444455556666',
	appId: clientId,
	displayName: 'contoso-api',
	keyCredentials: [{ customKeyIdentifier: null, displayName: 'CN=contoso-worker', endDateTime: '2027-11-22T00:00:00Z', key: Buffer.from(pem).toString('base64'), keyId: '0f6d5c4b-3a29-4817-8695-a4b3c2d1e0f9', startDateTime: '2026-11-22T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' }],
	signInAudience: 'AzureADMyOrg',
	web: { redirectUris: [] },
}, null, 2));
cli(['manifest', 'add', 'manifest.json', 'certs/contoso-api.pem']);
const assertion = cli(['assertion', '--cert', 'certs/contoso-api.pem', '--key', 'certs/contoso-api.key', '--client-id', clientId, '--tenant', tenant]).trim();
writeFileSync(join(ws, 'request.http'), `POST https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials\n&client_id=${clientId}\n&scope=api://contoso-api/.default\n&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer\n&client_assertion=${assertion}\n`);

const sha1 = JSON.parse(cli(['thumbprint', 'certs/contoso-api.pem', '--json'])).sha1Hex;
writeFileSync(join(ws, 'error.log'), `ServerError: invalid_client: Error(s): 700027 - Timestamp: 2026-11-29 10:00:00Z - Description: AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${Buffer.from(sha1, 'ascii').toString('hex').toUpperCase()}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]\r\nTrace ID: 0d7f3a61-9c24-4e8b-b5a1-62e9f04c7d00\r\nCorrelation ID: a8c21e5f-3b97-4d60-9e14-7f0b5d2c6a39\r\nTimestamp: 2026-11-29 10:00:00Z - Correlation ID: a8c21e5f-3b97-4d60-9e14-7f0b5d2c6a39 - Trace ID: 0d7f3a61-9c24-4e8b-b5a1-62e9f04c7d00\n`);

const server = await startServer({ folder: ws });
let browser;
let status = 0;
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
try {
	const wb = await openWorkbench(server.url);
	browser = wb.browser;
	const { page } = wb;
	await page.waitForSelector('.part.activitybar .action-item', { timeout: 60000 });
	await page.waitForTimeout(2000);
	const palette = async (text) => {
		await page.keyboard.press('Control+Shift+P');
		await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
		await page.keyboard.type(text);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: text.replace(/^>?\s*/, '') }).first().waitFor({ timeout: 15000 });
		await page.keyboard.press('Enter');
	};
	const open = async (file) => {
		await page.keyboard.press('Control+P');
		await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
		await page.keyboard.type(file);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: file.split('/').pop() }).first().waitFor({ timeout: 15000 });
		await page.keyboard.press('Enter');
		await page.waitForTimeout(1200);
	};

	if (want('picker')) {
		await open('certs/contoso-api.pem');
		await palette('Entra Cert: Compute Thumbprint');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'x5t#S256' }).first().waitFor({ timeout: 20000 });
		await page.waitForTimeout(500);
		await page.screenshot({ path: join(shots, 'thumbprint-picker.png') });
		log('saved thumbprint-picker.png');
		await page.keyboard.press('Escape');
	}
	if (want('view')) {
		await page.locator('.part.activitybar .action-item a[aria-label*="Entra Cert Kit"]').first().click();
		const first = page.locator('.pane-body .monaco-list-row', { hasText: 'contoso-api' }).first();
		await first.waitFor({ timeout: 20000 });
		await first.click();
		await page.waitForTimeout(1500);
		await page.screenshot({ path: join(shots, 'certificates-view.png') });
		log('saved certificates-view.png');
	}
	if (want('hover')) {
		await open('request.http');
		const line = page.locator('.monaco-editor .view-line', { hasText: 'client_assertion=' }).last();
		await line.waitFor({ timeout: 15000 });
		const box = await line.boundingBox();
		await page.mouse.move(box.x + 320, box.y + box.height / 2);
		await page.locator('.monaco-hover-content', { hasText: 'JWT' }).first().waitFor({ timeout: 15000 });
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(shots, 'jwt-hover.png') });
		log('saved jwt-hover.png');
		await page.mouse.move(5, 5);
	}
	if (want('manifest')) {
		await open('manifest.json');
		await page.waitForTimeout(1500);
		const squiggle = page.locator('.monaco-editor .squiggly-error').first();
		await squiggle.waitFor({ timeout: 15000 });
		const box = await squiggle.boundingBox();
		await page.mouse.move(box.x + Math.min(40, box.width / 2), box.y + box.height / 2);
		await page.locator('.monaco-hover-content', { hasText: 'LS0tLS1CRUdJTi' }).first().waitFor({ timeout: 15000 });
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(shots, 'manifest-diagnostic.png') });
		log('saved manifest-diagnostic.png');
		await page.mouse.move(5, 5);
		await page.keyboard.press('Control+Shift+M');
		await page.waitForTimeout(1200);
		await page.screenshot({ path: join(shots, 'problems-panel.png') });
		log('saved problems-panel.png');
	}
	if (want('diagnose')) {
		await open('error.log');
		await palette('Entra Cert: Diagnose');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Active file' }).first().waitFor({ timeout: 15000 });
		await page.keyboard.press('Enter');
		// the Markdown preview is a webview: wait for the diagnosis to be drawn in it (slow on a loaded machine)
		await page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('body', { hasText: 'AADSTS700027' }).first().waitFor({ timeout: 60000 }).catch(() => log('the diagnosis preview did not show AADSTS700027 within 60 s'));
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(shots, 'diagnose.png') });
		log('saved diagnose.png');
	}
} catch (e) {
	log(`screens failed: ${e.message}`);
	status = 1;
} finally {
	await browser?.close().catch(() => undefined);
	await server.stop();
}
process.exit(status);
