/**
 * The tokens feature: the hover on any file (a JWT, or a thumbprint-like string), and the commands Decode Token,
 * Verify Token, Diagnose and Sign Client Assertion. The hover decides here, with cheap checks over a bounded window of
 * the hovered line, whether there is anything to show; only then does the implementation load.
 */
import * as vscode from 'vscode';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import { log } from '../shared/log';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import { SCHEME, VirtualDocuments } from './documents';
import { findJwtAt, thumbprintWordAt } from './hoverCheck';

/** The implementation chunk, loaded on first use. */
const impl = () => import('./impl');

export class TokenHoverProvider implements vscode.HoverProvider {
	constructor(private readonly index: WorkspaceIndex) {}

	async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
		const line = document.lineAt(position.line).text;
		const found = findJwtAt(line, position.character);
		const word = found ? undefined : thumbprintWordAt(line, position.character);
		if (!found && !word) {
			return undefined;
		}
		try {
			const hovers = await impl();
			if (token.isCancellationRequested) {
				return undefined;
			}
			if (found) {
				const range = new vscode.Range(position.line, found.start, position.line, found.end);
				return new vscode.Hover(await hovers.jwtHover(this.index, found.token, found.kind), range);
			}
			return word ? await hovers.thumbprintHover(this.index, word, position) : undefined;
		} catch (e) {
			log.error('Hover failed', e);
			return undefined;
		}
	}
}

export function registerTokens(context: vscode.ExtensionContext, index: WorkspaceIndex): vscode.Disposable {
	const docs = new VirtualDocuments();
	return vscode.Disposable.from(
		vscode.languages.registerHoverProvider('*', new TokenHoverProvider(index)),
		vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
		vscode.workspace.onDidCloseTextDocument((d) => {
			if (d.uri.scheme === SCHEME) {
				docs.release(d.uri);
			}
		}),
		vscode.commands.registerCommand(CommandId.DecodeToken, guarded('Decode Token', async (text?: unknown) => (await impl()).decodeToken(docs, text))),
		vscode.commands.registerCommand(CommandId.VerifyToken, guarded('Verify Token', async (text?: unknown, keyUri?: unknown) => (await impl()).verifyToken(index, text, keyUri))),
		vscode.commands.registerCommand(CommandId.Diagnose, guarded('Diagnose', async (text?: unknown) => (await impl()).diagnoseText(docs, index, text))),
		vscode.commands.registerCommand(CommandId.SignAssertion, guarded('Sign Client Assertion', async (arg?: unknown) => (await impl()).signAssertion(context, index, arg))),
	);
}
