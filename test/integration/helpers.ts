/**
 * Small helpers shared by the integration tests (they run inside the VS Code extension host).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

export const EXT_ID = 'entra-cert-kit.entra-cert-kit';

/** Activates the extension by id and returns it. */
export async function activate(): Promise<vscode.Extension<unknown>> {
	const ext = vscode.extensions.getExtension(EXT_ID);
	assert.ok(ext, `extension ${EXT_ID} is not loaded`);
	await ext.activate();
	return ext;
}

/** The first workspace folder's path; the integration tests run with test/fixtures/workspace open. */
export function workspaceRoot(): string {
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	assert.ok(root, 'the integration tests need a workspace folder');
	return root;
}

/** A new folder `.tmp-PREFIX-XXXXXX` inside the workspace (the harness deletes `.tmp-*` after the run). */
export function workspaceTemp(prefix: string): string {
	return mkdtempSync(join(workspaceRoot(), `.tmp-${prefix}-`));
}

/** Resolves after ms milliseconds. */
export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls probe every 100 ms until it returns something other than undefined, null or false, and returns that.
 * Throws `timed out waiting for WHAT` after ms.
 */
export async function until<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, ms = 10000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined && v !== null && v !== false) {
			return v;
		}
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(100);
	}
}
