#!/usr/bin/env node
// UI smoke: the demo workspace in the real workbench, the command palette filtered to "Entra Cert",
// screenshot in out/screenshots/palette.png. Run after a build: node scripts/ui/smoke.mjs
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FOLDER, ROOT, log, openWorkbench, startServer } from '../harness-lib.mjs';

const shots = join(ROOT, 'out', 'screenshots');
mkdirSync(shots, { recursive: true });

const server = await startServer({ folder: DEMO_FOLDER });
let browser;
let status = 0;
try {
	const wb = await openWorkbench(server.url);
	browser = wb.browser;
	const { page } = wb;
	// The extension development host is ready when the status bar and activity bar are drawn.
	await page.waitForSelector('.part.activitybar .action-item', { timeout: 60000 });
	await page.waitForTimeout(1500);
	await page.keyboard.press('Control+Shift+P');
	await page.waitForSelector('.quick-input-widget:not([style*="display: none"]) input', { timeout: 15000 });
	await page.keyboard.type('Entra Cert');
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Entra Cert' }).first();
	await row.waitFor({ timeout: 15000 });
	const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
	log(`palette rows: ${rows.map((r) => r.replace(/\s+/g, ' ').trim()).join(' | ')}`);
	const file = join(shots, 'palette.png');
	await page.screenshot({ path: file });
	log(`saved ${file}`);
} catch (e) {
	log(`UI smoke failed: ${e.message}`);
	status = 1;
} finally {
	await browser?.close().catch(() => undefined);
	await server.stop();
}
process.exit(status);
