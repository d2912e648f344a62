/**
 * The extension's LogOutputChannel. Everything written goes through `redact` first, so tokens, keys and
 * secrets never reach the output channel unless the user turns on `entraCert.log.showSecrets`.
 */
import * as vscode from 'vscode';
import { redact } from '../../core/token/redact';

/**
 * The channel lives on a process-wide symbol rather than in a module variable: each feature chunk bundles its own
 * copy of this file, and all of them must write to the one channel that activation created.
 */
const CHANNEL = Symbol.for('entraCert.log.channel');
const holder = globalThis as { [CHANNEL]?: vscode.LogOutputChannel };

export function registerLog(): vscode.Disposable {
	const channel = vscode.window.createOutputChannel('Entra Cert Kit', { log: true });
	holder[CHANNEL] = channel;
	return new vscode.Disposable(() => {
		if (holder[CHANNEL] === channel) {
			delete holder[CHANNEL];
		}
		channel.dispose();
	});
}

function clean(text: string): string {
	return vscode.workspace.getConfiguration('entraCert').get<boolean>('log.showSecrets', false) ? text : redact(text);
}

export const log = {
	info(message: string): void {
		holder[CHANNEL]?.info(clean(message));
	},
	warn(message: string): void {
		holder[CHANNEL]?.warn(clean(message));
	},
	error(message: string, error?: unknown): void {
		const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
		holder[CHANNEL]?.error(clean(detail ? `${message}: ${detail}` : message));
	},
	show(): void {
		holder[CHANNEL]?.show(true);
	},
};
