/**
 * The harness itself: the right VS Code, our extension loaded and active, a workspace folder, a working clipboard.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXT_ID, activate, workspaceRoot } from './helpers';

suite('Smoke', () => {
	test('runs in VS Code 1.100', () => {
		assert.ok(vscode.version.startsWith('1.100'), `VS Code ${vscode.version}`);
	});

	test('activates the extension by id', async () => {
		const ext = await activate();
		assert.equal(ext.id, EXT_ID);
		assert.ok(ext.isActive, 'the extension is not active');
	});

	test('opens the test workspace', () => {
		assert.match(workspaceRoot(), /test[\\/]fixtures[\\/]workspace$/);
	});

	test('registers the Entra Cert commands', async () => {
		await activate();
		const commands = await vscode.commands.getCommands(true);
		assert.ok(commands.includes('entraCert.computeThumbprint'), 'entraCert.computeThumbprint is not registered');
	});

	test('the clipboard round-trips', async () => {
		const text = `entra-cert-kit ${Date.now()}`;
		await vscode.env.clipboard.writeText(text);
		assert.equal(await vscode.env.clipboard.readText(), text);
	});
});
