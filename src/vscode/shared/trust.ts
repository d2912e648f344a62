/**
 * Workspace Trust: in an untrusted workspace only reading features run. Writers call requireTrust().
 */
import * as vscode from 'vscode';
import { UserError } from './runCommand';

/** Throws a UserError saying why the action is off when the workspace is not trusted. */
export function requireTrust(action: string): void {
	if (!vscode.workspace.isTrusted) {
		throw new UserError(vscode.l10n.t('{0} is off in Restricted Mode: trust this workspace (Manage Workspace Trust) to allow it.', action));
	}
}
