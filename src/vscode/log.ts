/**
 * The extension's LogOutputChannel. Everything written goes through `redact` first, so tokens, keys and
 * secrets never reach the output channel unless the user turns on `entraCert.log.showSecrets`.
 */
import * as vscode from 'vscode';
import { redact } from '../core/token/redact';

let channel: vscode.LogOutputChannel | undefined;

export function registerLog(): vscode.Disposable {
	channel = vscode.window.createOutputChannel('Entra Cert Kit', { log: true });
	return channel;
}

function clean(text: string): string {
	return vscode.workspace.getConfiguration('entraCert').get<boolean>('log.showSecrets', false) ? text : redact(text);
}

export const log = {
	info(message: string): void {
		channel?.info(clean(message));
	},
	warn(message: string): void {
		channel?.warn(clean(message));
	},
	error(message: string, error?: unknown): void {
		const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : error === undefined ? '' : String(error);
		channel?.error(clean(detail ? `${message}: ${detail}` : message));
	},
	show(): void {
		channel?.show(true);
	},
};
