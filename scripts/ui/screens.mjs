#!/usr/bin/env node
// Screenshots of the editor features as a user sees them, in out/screenshots/:
// thumbprint-picker.png, certificates-view.png, jwt-hover.png, manifest-diagnostic.png, diagnose.png, and the
// Registrations view's (mode `registrations`, below).
// Run after a build: node scripts/ui/screens.mjs [picker|view|hover|manifest|diagnose|registrations]...
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

// Mode `registrations` (its own workspace and editor, run first): the Registrations view against the sandbox's emulated
// Graph as a new user meets it, in the dark and light themes: signed out (the welcome text), signed in (keys matched
// to files, expiring/expired flagged), the add preview (the modal), the roll (addKey preview, the offer to remove the
// old key, its removeKey preview) and the view after it.
//   registrations-{signed-out,signed-in,unknown-app,add-preview,after-add,roll-add-preview,roll-remove-offer,roll-remove-preview,after-roll}-{dark,light}.png
async function registrationsScreens() {
	const rws = join(ROOT, 'out', 'ui-registrations');
	rmSync(rws, { recursive: true, force: true });
	for (const d of ['certs', 'manifests', '.vscode']) {
		mkdirSync(join(rws, d), { recursive: true });
	}
	const settingsFile = join(rws, '.vscode', 'settings.json');
	const theme = (name) => writeFileSync(settingsFile, JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none', 'entraCert.registrations.signIn': 'sandbox', 'workbench.colorTheme': name }, null, 2));
	theme('Default Dark Modern');
	const rcli = (args, cwd = rws) => execFileSync('node', [join(ROOT, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8' });
	const template = (appId, id, displayName, uri) => JSON.stringify({ id, appId, displayName, signInAudience: 'AzureADMyOrg', identifierUris: [uri], keyCredentials: [], passwordCredentials: [] }, null, 2);
	writeFileSync(join(rws, 'manifests', 'orders-api.json'), template('6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01', '8c1d2e3f-4a5b-4c6d-8e7f-90a1b2c3d4e5', 'Contoso Orders API', 'api://contoso-orders'));
	writeFileSync(join(rws, 'manifests', 'inventory-api.json'), template('b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e', '9d2e3f40-5b6c-4d7e-8f90-a1b2c3d4e5f6', 'Contoso Inventory API', 'api://contoso-inventory'));
	// Orders API: its current certificate (file and key here), one expiring in 20 days, one whose file is not here, one expired.
	rcli(['cert', 'new', '--subject', 'CN=orders-api-2026', '--out', 'certs', '--name', 'orders-api-2026']);
	rcli(['cert', 'new', '--subject', 'CN=orders-worker', '--out', 'certs', '--name', 'orders-worker', '--days', '20']);
	const elsewhere = join(ROOT, 'out', 'ui-registrations-elsewhere');
	rmSync(elsewhere, { recursive: true, force: true });
	mkdirSync(elsewhere, { recursive: true });
	rcli(['cert', 'new', '--subject', 'CN=orders-api-laptop', '--out', elsewhere, '--name', 'laptop']);
	for (const c of ['certs/orders-api-2026.pem', 'certs/orders-worker.pem', join(elsewhere, 'laptop.pem')]) {
		rcli(['manifest', 'add', 'manifests/orders-api.json', c]);
	}
	rcli(['cert', 'new', '--subject', 'CN=orders-api-2025', '--out', elsewhere, '--name', 'old']);
	const expired = JSON.parse(rcli(['keycredential', join(elsewhere, 'old.pem'), '--format', 'graph', '--json']));
	const orders = JSON.parse(readFileSync(join(rws, 'manifests', 'orders-api.json'), 'utf8'));
	orders.keyCredentials.push({ ...expired, startDateTime: '2025-01-01T00:00:00Z', endDateTime: '2025-12-31T00:00:00Z' });
	writeFileSync(join(rws, 'manifests', 'orders-api.json'), JSON.stringify(orders, null, 2));
	rmSync(elsewhere, { recursive: true, force: true });
	// Files here, not registered: the Inventory API's first certificate, and the Orders API's successor.
	rcli(['cert', 'new', '--subject', 'CN=inventory-api', '--out', 'certs', '--name', 'inventory-api']);
	rcli(['cert', 'new', '--subject', 'CN=orders-api-2027', '--out', 'certs', '--name', 'orders-api-2027']);

	const server = await startServer({ folder: rws });
	let rbrowser;
	let rpage;
	let code = 0;
	try {
		const wb = await openWorkbench(server.url);
		rbrowser = wb.browser;
		const { page } = wb;
		rpage = page;
		await page.waitForSelector('.part.activitybar .action-item', { timeout: 60000 });
		await page.waitForTimeout(2000);
		const both = async (name) => {
			for (const [t, suffix] of [['Default Dark Modern', 'dark'], ['Default Light Modern', 'light']]) {
				theme(t);
				await page.waitForTimeout(1500);
				await page.screenshot({ path: join(shots, `registrations-${name}-${suffix}.png`) });
			}
			theme('Default Dark Modern');
			await page.waitForTimeout(800);
			log(`saved registrations-${name}-{dark,light}.png`);
		};
		const palette = async (text) => {
			await page.keyboard.press('Control+Shift+P');
			await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
			await page.keyboard.type(text);
			await page.locator('.quick-input-list .monaco-list-row', { hasText: text.replace(/^>?\s*/, '') }).first().waitFor({ timeout: 15000 });
			await page.keyboard.press('Enter');
		};
		const pick = async (text) => {
			const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
			await row.waitFor({ timeout: 20000 });
			await page.keyboard.type(text);
			await page.waitForTimeout(400);
			await page.keyboard.press('Enter');
		};
		const dialog = page.locator('.monaco-dialog-box');
		const press = async (label) => {
			await dialog.locator('.dialog-buttons a.monaco-button', { hasText: label }).first().click();
			await dialog.waitFor({ state: 'detached', timeout: 20000 });
		};
		const row = (text) => page.locator('.pane-body .monaco-list-row', { hasText: text }).first();

		await page.locator('.part.activitybar .action-item a[aria-label*="Entra Cert Kit"]').first().click();
		const header = page.locator('.pane-header', { hasText: 'Registrations' }).first();
		await header.waitFor({ timeout: 20000 });
		if ((await header.getAttribute('aria-expanded')) === 'false') {
			await header.click();
		}
		// Give the Registrations view the room: collapse the Certificates view above it.
		const certHeader = page.locator('.pane-header', { hasText: 'Certificates' }).first();
		if ((await certHeader.getAttribute('aria-expanded')) === 'true') {
			await certHeader.click();
		}
		await page.locator('.welcome-view-content', { hasText: 'Sign In' }).first().waitFor({ timeout: 20000 });
		await both('signed-out');

		await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Sign In to the Local Sandbox' }).first().click();
		await row('Contoso Orders API').waitFor({ timeout: 60000 });
		await row('orders-api-2026').waitFor({ timeout: 20000 });
		await page.waitForTimeout(1000);
		await both('signed-in');

		// A mistake: an app ID the tenant does not have. The error should say what and why, without a stack.
		await palette('Entra Cert: Show App Registration by ID');
		await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
		await page.keyboard.type('11111111-2222-4333-8444-555555555555');
		await page.keyboard.press('Enter');
		await page.locator('.notification-toast', { hasText: 'no such application' }).first().waitFor({ timeout: 30000 });
		await page.waitForTimeout(600);
		await both('unknown-app');
		await page.keyboard.press('Escape');
		await palette('Notifications: Clear All Notifications');
		await page.waitForTimeout(600);

		await palette('Entra Cert: Add Certificate to App');
		await pick('Contoso Inventory API');
		await pick('inventory-api.pem');
		await dialog.waitFor({ timeout: 30000 });
		await page.waitForTimeout(600);
		await both('add-preview');
		await press('Add Certificate');
		await row('CN=inventory-api').waitFor({ timeout: 30000 });
		await page.waitForTimeout(1200);
		await both('after-add');

		await palette('Entra Cert: Roll Certificate');
		await pick('Contoso Orders API');
		await pick('orders-api-2027.pem');
		await dialog.waitFor({ timeout: 30000 });
		await page.waitForTimeout(600);
		await both('roll-add-preview');
		await press('Add Certificate');
		const offer = page.locator('.notification-toast', { hasText: 'Remove the old key' }).first();
		await offer.waitFor({ timeout: 30000 });
		await page.waitForTimeout(600);
		await both('roll-remove-offer');
		await offer.locator('a.monaco-button', { hasText: 'Remove Old Key' }).first().click();
		await dialog.waitFor({ timeout: 30000 });
		await page.waitForTimeout(600);
		await both('roll-remove-preview');
		await press('Remove Key');
		await page.waitForTimeout(2500);
		await both('after-roll');
	} catch (e) {
		log(`registrations screens failed: ${e.message}`);
		await rpage?.screenshot({ path: join(shots, 'registrations-failure.png') }).catch(() => undefined);
		code = 1;
	} finally {
		await rbrowser?.close().catch(() => undefined);
		await server.stop();
	}
	return code;
}

const requested = process.argv.slice(2);
if (requested.length === 0 || requested.includes('registrations')) {
	const code = await registrationsScreens();
	if (requested.length === 1 && requested[0] === 'registrations') {
		process.exit(code);
	}
}

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
