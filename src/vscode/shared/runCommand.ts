/**
 * The error boundary for commands: known errors (bad input) become one clear message; anything
 * else is logged in full to the output channel with a short toast. Never a stack trace in a toast.
 *
 * Known errors are recognised by name, not by class: each feature chunk bundles its own copy of the core's CoreError
 * (and of this file), so `instanceof` across chunks would miss them.
 */
import * as vscode from 'vscode';
import { log } from './log';

/** Error names whose message is written for the user (CoreError from the core, FileExistsError from src/node). */
const USER_FACING = new Set(['CoreError', 'UserError', 'FileExistsError']);

/** Thrown by adapters for a plain user-facing message (already localised). */
export class UserError extends Error {
	override readonly name = 'UserError';
}

/** Wraps a command handler in the error boundary. */
export function guarded<A extends unknown[], R>(name: string, handler: (...args: A) => Promise<R> | R): (...args: A) => Promise<R | undefined> {
	return async (...args: A) => {
		try {
			return await handler(...args);
		} catch (e) {
			showError(name, e);
			return undefined;
		}
	};
}

/** Shows an error the way every command does. */
export function showError(name: string, e: unknown): void {
	if (e instanceof vscode.CancellationError) {
		return;
	}
	if (e instanceof Error && USER_FACING.has(e.name)) {
		log.warn(`${name}: ${e.message}`);
		void vscode.window.showErrorMessage(e.message);
		return;
	}
	log.error(`${name} failed`, e);
	const detail = e instanceof Error ? e.message : String(e);
	void vscode.window.showErrorMessage(vscode.l10n.t('Entra Cert: {0} failed: {1}', name, detail), vscode.l10n.t('Show Log')).then((choice) => {
		if (choice) {
			log.show();
		}
	});
}
