#!/usr/bin/env node
// Screenshots of the Token workbench as a user sees it, in out/screenshots/:
//   workbench-form.png          the form and the request preview (sandbox target, client credentials)
//   workbench-token.png         client credentials against the sandbox: 200 and the decoded access token
//   workbench-claim-hover.png   the mouse on a claim row: its explanation
//   workbench-signin.png        the sandbox's sign-in page the authorization code flow opened
//   workbench-obo.png           authorization code -> "Use as OBO assertion" -> On-Behalf-Of: the downstream token
//   workbench-authcode-preview.png  authorization code: the sign-in URL and the token request before sending
//   workbench-reloaded.png      after Developer: Reload Webviews, the form and last response restored from state
//   workbench-export.png        Export > MSAL Node: the request as code in an untitled document beside
//   workbench-obo-proposed.png  right after "Use as OBO assertion": the downstream API's scope proposed
//   workbench-history.png       the history of the requests (redacted)
//   workbench-history-narrow.png  the same history in a webview about 600 px wide
//   workbench-preview-warning.png  the preview of a request with a certificate registered on another app: the
//                               AADSTS700027 it will get, before Send
// All at 1280x800 with the side bar (Explorer) open, as a user works.
// Run after a build: node scripts/ui/workbench.mjs [form token hover export obo]
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, log, openWorkbench, startServer } from '../harness-lib.mjs';

const shots = join(ROOT, 'out', 'screenshots');
const ws = join(ROOT, 'out', 'ui-workbench');
rmSync(ws, { recursive: true, force: true });
mkdirSync(join(ws, 'certs'), { recursive: true });
mkdirSync(join(ws, 'manifests'), { recursive: true });
mkdirSync(join(ws, '.vscode'), { recursive: true });
mkdirSync(shots, { recursive: true });
writeFileSync(join(ws, '.vscode', 'settings.json'), JSON.stringify({ 'git.openRepositoryInParentFolders': 'never', 'workbench.startupEditor': 'none' }, null, 2));
const cli = (args) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ws, encoding: 'utf8' });

// The demo's three app registrations (client, middle tier, downstream API), with kit-made certificates registered.
for (const name of readdirSync(join(ROOT, 'scripts', 'demo')).filter((n) => n.endsWith('.json'))) {
	copyFileSync(join(ROOT, 'scripts', 'demo', name), join(ws, 'manifests', name));
}
for (const base of ['contoso-web', 'contoso-orders-api']) {
	cli(['cert', 'new', '--subject', `CN=${base}`, '--out', 'certs', '--name', base]);
	cli(['manifest', 'add', `manifests/${base}.json`, `certs/${base}.pem`]);
}

const server = await startServer({ folder: ws });
let browser;
let status = 0;
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
try {
	const wb = await openWorkbench(server.url, { viewport: { width: 1280, height: 800 } });
	browser = wb.browser;
	const { page, context } = wb;
	await page.waitForSelector('.part.activitybar .action-item', { timeout: 60000 });
	await page.waitForTimeout(2500);
	const palette = async (text) => {
		await page.keyboard.press('Control+Shift+P');
		await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
		await page.keyboard.type(text);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: text.replace(/^>?\s*/, '') }).first().waitFor({ timeout: 15000 });
		await page.keyboard.press('Enter');
	};
	const shot = async (name) => {
		await page.waitForTimeout(400);
		await page.screenshot({ path: join(shots, name) });
		log(`saved ${name}`);
	};

	// The side bar stays open (Explorer), as a user works: the workbench gets what is left of 1280 px.
	await palette('Entra Cert: Open Token Workbench');
	const frame = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
	await frame.locator('form.form').waitFor({ timeout: 30000 });
	await frame.locator('.preview h2').waitFor({ timeout: 30000 });

	/** Picks an option of a vscode-single-select by its visible text. */
	const choose = async (id, text) => {
		await frame.locator(`#${id}`).click();
		await frame.locator(`#${id} .option`, { hasText: text }).first().click();
		await page.waitForTimeout(300);
	};
	const fill = async (id, value) => {
		const input = frame.locator(`#${id} input, #${id} textarea`).first();
		await input.fill(value);
		await page.waitForTimeout(200);
	};
	const waitResult = async (statusText) => {
		await frame.locator('.result .status', { hasText: statusText }).first().waitFor({ timeout: 60000 });
		await page.waitForTimeout(600);
	};

	// Client credentials by the middle tier (Orders API) for the downstream API.
	await choose('appPick', 'Contoso Orders API');
	await fill('scopes', 'api://contoso-inventory/.default');
	await frame.locator('.preview pre.http', { hasText: 'client_assertion=' }).waitFor({ timeout: 30000 });
	if (want('form')) {
		await shot('workbench-form.png');
	}

	if (want('warning')) {
		// The certificate of the web client, registered on Contoso Web, sent as the Orders API: the preview says
		// what Entra will answer before anything is sent.
		await choose('certificate', 'contoso-web');
		await frame.locator('.preview', { hasText: 'AADSTS700027' }).first().waitFor({ timeout: 30000 });
		await frame.locator('.preview .finding', { hasText: 'AADSTS700027' }).first().scrollIntoViewIfNeeded().catch(() => undefined);
		await shot('workbench-preview-warning.png');
		await choose('certificate', 'contoso-orders-api');
		await frame.locator('.preview pre.http', { hasText: 'client_assertion=' }).waitFor({ timeout: 30000 });
	}

	if (want('token') || want('hover')) {
		await frame.locator('#send').click();
		await waitResult('200');
		await frame.locator('.result section.token[data-token="access_token"]').scrollIntoViewIfNeeded();
		if (want('token')) {
			await shot('workbench-token.png');
		}
		const row = frame.locator('.result section.token[data-token="access_token"] tr[data-claim="azpacr"]').first();
		await row.scrollIntoViewIfNeeded();
		await row.hover();
		await frame.locator('.result .explain', { hasText: 'azpacr' }).first().waitFor({ timeout: 5000 });
		if (want('hover')) {
			await shot('workbench-claim-hover.png');
		}
		// Keyboard: the focused row explains itself too; arrow keys move between rows.
		await row.focus();
		await row.press('ArrowDown');
		await frame.locator('.result .explain', { hasText: 'idtyp' }).first().waitFor({ timeout: 5000 });
	}

	if (want('export')) {
		await frame.locator('vscode-button.export[data-format="msal-node"]').click();
		await page.locator('.monaco-editor .view-line', { hasText: 'msal-node' }).first().waitFor({ timeout: 15000 });
		await shot('workbench-export.png');
		// The untitled export is unsaved: revert and close it so the workbench has its full width again.
		await palette('View: Revert and Close Editor');
		await page.waitForTimeout(600);
	}

	if (want('obo')) {
		// Authorization code + PKCE by the web client for the Orders API, in the browser the extension opens.
		await choose('appPick', 'Contoso Web');
		await choose('flow', 'Authorization code');
		await fill('scopes', 'api://contoso-orders/Orders.Read offline_access');
		await frame.locator('.preview pre.http', { hasText: 'response_type=code' }).waitFor({ timeout: 30000 });
		await frame.locator('.preview').scrollIntoViewIfNeeded();
		await shot('workbench-authcode-preview.png');
		const popup = context.waitForEvent('page', { timeout: 30000 });
		await frame.locator('#send').click();
		const signIn = await popup;
		await signIn.waitForLoadState();
		try {
			await signIn.locator('button[name="user"]').first().waitFor({ timeout: 15000 });
		} catch (e) {
			await signIn.screenshot({ path: join(shots, 'workbench-signin-failed.png') });
			throw new Error(`the sign-in page at ${signIn.url()} shows no user: ${(await signIn.locator('body').innerText()).slice(0, 300)}`, { cause: e });
		}
		await signIn.setViewportSize({ width: 900, height: 600 });
		await signIn.screenshot({ path: join(shots, 'workbench-signin.png') });
		log('saved workbench-signin.png');
		await signIn.locator('button[name="user"]').first().click();
		await signIn.locator('text=You can close this tab').waitFor({ timeout: 15000 });
		await signIn.close();
		await page.bringToFront();
		await waitResult('200');
		// The access token (aud = the Orders API) becomes the OBO assertion of the Orders API.
		await frame.locator('.result section.token[data-token="access_token"] .use-obo').click();
		await page.waitForTimeout(800);
		// The sign-in asked for the Orders API itself; the OBO form proposes the downstream API's scope instead.
		await frame.locator('#scopes').scrollIntoViewIfNeeded();
		await shot('workbench-obo-proposed.png');
		await fill('scopes', 'api://contoso-inventory/.default');
		// Ctrl+Enter sends from anywhere in the form.
		await frame.locator('#scopes input').press('Control+Enter');
		await page.waitForTimeout(300);
		// The sign-in's response is 200 too: wait for the OBO response itself.
		await frame.locator('.result', { hasText: /On-Behalf-Of · / }).first().waitFor({ timeout: 60000 });
		await waitResult('200');
		await frame.locator('.result section.token[data-token="access_token"] tr[data-claim="scp"]').first().hover();
		await frame.locator('.result .explain', { hasText: 'scp' }).first().waitFor({ timeout: 5000 });
		await shot('workbench-obo.png');
		await frame.locator('vscode-collapsible.history-section').click();
		/** The history must read at this width: every labelled column wide enough for its text, none overlapping. */
		const checkHistory = async (where) => {
			const cols = await frame.locator('.history-table thead th').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent ?? '', left: th.getBoundingClientRect().left, width: th.getBoundingClientRect().width })));
			const cells = await frame.locator('.history-table tbody tr:first-child td > div').evaluateAll((ds) => ds.map((d) => ({ text: d.textContent ?? '', width: d.getBoundingClientRect().width, full: d.scrollWidth })));
			for (let i = 0; i < cols.length; i++) {
				if (cols[i].text && cols[i].width < 40) {
					throw new Error(`history at ${where}: column '${cols[i].text}' is ${Math.round(cols[i].width)} px wide`);
				}
				if (i > 0 && cols[i].left < cols[i - 1].left + cols[i - 1].width - 1) {
					throw new Error(`history at ${where}: headers '${cols[i - 1].text}' and '${cols[i].text}' overlap`);
				}
			}
			// The flow name and the time are shown whole; the client ID and target may end in an ellipsis.
			for (const c of cells.filter((x) => /^(On-Behalf-Of|Authorization code \+ PKCE|Client credentials|\d{1,2}:\d\d:\d\d)/.test(x.text))) {
				if (c.full > c.width + 1) {
					throw new Error(`history at ${where}: '${c.text}' is cut (${c.full} px in ${Math.round(c.width)} px)`);
				}
			}
			log(`history at ${where}: columns ${cols.map((c) => `${c.text || '·'} ${Math.round(c.width)}px`).join(', ')}`);
		};
		await frame.locator('.history > vscode-button').first().scrollIntoViewIfNeeded();
		await checkHistory('1280x800 with the side bar');
		await shot('workbench-history.png');
		// About 600 px for the webview: side bar closed, window narrowed.
		await page.keyboard.press('Control+B');
		await page.setViewportSize({ width: 660, height: 800 });
		await page.waitForTimeout(800);
		await frame.locator('.history > vscode-button').first().scrollIntoViewIfNeeded();
		await checkHistory(`a ${await frame.locator('body').evaluate((b) => b.clientWidth)} px webview`);
		await shot('workbench-history-narrow.png');
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.keyboard.press('Control+B');
		await page.waitForTimeout(600);

		// The webview reloads (as after a window reload): the form and the last response come back from its
		// state, the tokens themselves not (entraCert.workbench.keepTokens is off).
		await palette('Developer: Reload Webviews');
		await frame.locator('.result .status', { hasText: '200' }).first().waitFor({ timeout: 30000 });
		await page.waitForTimeout(1000);
		await shot('workbench-reloaded.png');
	}
} catch (e) {
	log(`workbench screenshots failed: ${e.message}`);
	await browser?.contexts()[0]?.pages()[0]?.screenshot({ path: join(shots, 'workbench-failed.png') }).catch(() => undefined);
	status = 1;
} finally {
	await browser?.close().catch(() => undefined);
	await server.stop();
}
process.exit(status);
