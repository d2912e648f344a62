/**
 * Builds the core's DiagnoseContext from the workspace index: the user's own certificates and
 * manifests, so findings can say "this is the thumbprint of certs/app.pem" or "no manifest registers it".
 */
import * as vscode from 'vscode';
import type { DiagnoseContext } from '../../core/diagnose';
import type { WorkspaceIndex } from './workspaceIndex';

/** Context from what the index knows; `wait` waits for the first scan (commands), hovers don't. */
export async function diagnoseContext(index: WorkspaceIndex, wait: boolean, clientId?: string): Promise<DiagnoseContext> {
	if (wait) {
		await index.ready();
	}
	const { certificates, manifests } = index.peek();
	const config = vscode.workspace.getConfiguration('entraCert');
	return {
		now: new Date(),
		clientId: clientId ?? (config.get<string>('defaultClientId') || undefined),
		certificates: certificates.flatMap((c) =>
			c.info
				? [{
					label: vscode.workspace.asRelativePath(c.uri),
					sha1Hex: c.info.sha1Hex,
					sha256Hex: c.info.sha256Hex,
					x5t: c.info.x5t,
					x5tS256: c.info.x5tS256,
					customKeyIdentifier: c.info.customKeyIdentifier,
					subject: c.info.subject,
					notBefore: c.info.notBefore,
					notAfter: c.info.notAfter,
				}]
				: [],
		),
		manifests: manifests.map((m) => ({ label: vscode.workspace.asRelativePath(m.uri), text: m.text })),
	};
}
