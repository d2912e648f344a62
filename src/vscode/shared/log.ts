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
const MAKE = Symbol.for('entraCert.log.make');
const holder = globalThis as { [CHANNEL]?: vscode.LogOutputChannel; [MAKE]?: () => vscode.LogOutputChannel };

/**
 * Registers the channel, which is made on the first line written (or on Show Log), not at activation: an output
 * channel costs a round trip to the window, and most sessions never log anything.
 */
export function registerLog(): vscode.Disposable {
	let made: vscode.LogOutputChannel | undefined;
	holder[MAKE] = () => (made ??= holder[CHANNEL] = vscode.window.createOutputChannel('Entra Cert Kit', { log: true }));
	return new vscode.Disposable(() => {
		if (made && holder[CHANNEL] === made) {
			delete holder[CHANNEL];
		}
		delete holder[MAKE];
		made?.dispose();
	});
}

/** The channel, made on first use; undefined before registerLog and after its disposal. */
function channel(): vscode.LogOutputChannel | undefined {
	return holder[CHANNEL] ?? holder[MAKE]?.();
}

function clean(text: string): string {
	return vscode.workspace.getConfiguration('entraCert').get<boolean>('log.showSecrets', false) ? text : redact(text);
}

export const log = {
	info(message: string): void {
		channel()?.info(clean(message));
	},
	warn(message: string): void {
		channel()?.warn(clean(message));
	},
	error(message: string, error?: unknown): void {
		const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
		channel()?.error(clean(detail ? `${message}: ${detail}` : message));
	},
	show(): void {
		channel()?.show(true);
	},
};
