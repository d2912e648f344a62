/**
 * The Certificates view's elements: plain data (the view builds TreeItems from them). Commands that act on a
 * view item (insert, sign, export) receive one of these as their first argument.
 */
import * as vscode from 'vscode';
import type { IndexedCertificate, IndexedManifest } from './workspaceIndex';

export type ThumbprintForm = 'sha1Hex' | 'sha256Hex' | 'x5t' | 'x5tS256' | 'customKeyIdentifier';

export type CertNode =
	| { kind: 'certificate'; cert: IndexedCertificate; /** Other files holding the same certificate (.cer beside .pem). */ sameAs: vscode.Uri[] }
	| { kind: 'file'; uri: vscode.Uri }
	| { kind: 'thumbprint'; form: ThumbprintForm; value: string }
	| { kind: 'key'; uri: vscode.Uri }
	| { kind: 'noKey' }
	| { kind: 'manifest'; manifest: IndexedManifest; offset: number }
	| { kind: 'noManifest' };

/** The certificate file a command argument stands for: a Uri (explorer) or a certificate item (view). */
export function certUriOf(arg: unknown): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) {
		return arg;
	}
	if (arg && typeof arg === 'object' && (arg as CertNode).kind === 'certificate') {
		return (arg as Extract<CertNode, { kind: 'certificate' }>).cert.uri;
	}
	return undefined;
}
