/**
 * The certificates feature: the Certificates view (its provider reads the shared WorkspaceIndex) and the commands
 * Generate Certificate, Compute Thumbprint and Export PFX, whose implementation loads on first use.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import { CertificateTreeProvider, registerCertificateTree, snapshotTree, type TreeSnapshotItem } from './tree';
import type { GenerateArgs, ThumbprintArgs } from './impl';

/** The implementation chunk, loaded on first use. */
const impl = () => import('./impl');

export function registerCertificates(index: WorkspaceIndex, tree: CertificateTreeProvider): vscode.Disposable {
	return vscode.Disposable.from(
		registerCertificateTree(index, tree),
		vscode.commands.registerCommand(CommandId.GenerateCertificate, guarded('Generate Certificate', async (args?: GenerateArgs) => (await impl()).generateCertificate(args, index))),
		vscode.commands.registerCommand(CommandId.ComputeThumbprint, guarded('Compute Thumbprint', async (uri?: unknown, selected?: unknown, args?: ThumbprintArgs) => (await impl()).computeThumbprint(uri, selected, args))),
		vscode.commands.registerCommand(CommandId.ExportPfx, guarded('Export PFX', async (arg?: unknown, _selected?: unknown, opts?: { password?: string; target?: string }) => (await impl()).exportPfx(index, arg, opts))),
	);
}

export { CertificateTreeProvider, snapshotTree, type TreeSnapshotItem };
