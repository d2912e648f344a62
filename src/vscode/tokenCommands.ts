/**
 * Decode Token, Verify Token and Diagnose: read-only features that also run in untrusted workspaces.
 * Results open as read-only virtual documents (scheme `entracert`), held in memory only.
 */
import type * as JwtCore from '../core/jwt';
import * as vscode from 'vscode';
import * as path from 'node:path';
import { CommandId } from './commandIds';
import { guarded, UserError } from './runCommand';
import { diagnoseContext } from './diagnoseContext';
import type { WorkspaceIndex } from './workspaceIndex';
import type { Finding } from '../core/findings';
import type { DecodedJwt } from '../core/jwt';

export const SCHEME = 'entracert';

/** Virtual documents: content by URI, released when the document closes. */
class VirtualDocuments implements vscode.TextDocumentContentProvider {
	private readonly docs = new Map<string, string>();
	private counter = 0;

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.docs.get(uri.toString()) ?? vscode.l10n.t('This view was closed; run the command again.');
	}

	add(name: string, content: string): vscode.Uri {
		const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.counter}/${name}` });
		this.docs.set(uri.toString(), content);
		return uri;
	}

	release(uri: vscode.Uri): void {
		this.docs.delete(uri.toString());
	}
}

export function registerTokenCommands(index: WorkspaceIndex): vscode.Disposable {
	const docs = new VirtualDocuments();
	return vscode.Disposable.from(
		vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
		vscode.workspace.onDidCloseTextDocument((d) => {
			if (d.uri.scheme === SCHEME) {
				docs.release(d.uri);
			}
		}),
		vscode.commands.registerCommand(CommandId.DecodeToken, guarded('Decode Token', (text?: unknown) => decodeToken(docs, text))),
		vscode.commands.registerCommand(CommandId.VerifyToken, guarded('Verify Token', (text?: unknown, keyUri?: unknown) => verifyToken(index, text, keyUri))),
		vscode.commands.registerCommand(CommandId.Diagnose, guarded('Diagnose', (text?: unknown) => diagnoseText(docs, index, text))),
	);
}

/** Text from an argument, the selection, the clipboard (if it holds a token) or an input box. */
async function inputText(arg: unknown, what: string, wantToken: boolean): Promise<string | undefined> {
	if (typeof arg === 'string' && arg.trim()) {
		return arg;
	}
	const editor = vscode.window.activeTextEditor;
	if (editor && !editor.selection.isEmpty) {
		return editor.document.getText(editor.selection);
	}
	if (wantToken && editor) {
		const { findJwtAt } = await import('../core/jwt');
		const pos = editor.selection.active;
		const found = findJwtAt(editor.document.lineAt(pos.line).text, pos.character);
		if (found) {
			return found.token;
		}
	}
	const clip = await vscode.env.clipboard.readText();
	if (clip.trim()) {
		const { findJwts } = await import('../core/jwt');
		if (!wantToken || findJwts(clip).length > 0) {
			return clip;
		}
	}
	return vscode.window.showInputBox({ title: what, prompt: vscode.l10n.t('Paste a token'), ignoreFocusOut: true });
}

async function pickToken(text: string): Promise<string | undefined> {
	const { findJwts, stripTokenDecorations } = await import('../core/jwt');
	const found = findJwts(text);
	if (found.length === 0) {
		// Let decodeJwt say what is wrong with it (truncated, bad base64url…).
		return stripTokenDecorations(text);
	}
	if (found.length === 1) {
		return found[0].token;
	}
	const pick = await vscode.window.showQuickPick(
		found.map((f, i) => ({ label: vscode.l10n.t('Token {0}', i + 1), description: `${f.token.slice(0, 24)}…`, token: f.token })),
		{ title: vscode.l10n.t('The text holds {0} tokens', found.length) },
	);
	return pick?.token;
}

async function decodeToken(docs: VirtualDocuments, arg: unknown): Promise<vscode.Uri | undefined> {
	const text = await inputText(arg, vscode.l10n.t('Decode Token'), true);
	if (text === undefined) {
		return undefined;
	}
	const token = await pickToken(text);
	if (!token) {
		return undefined;
	}
	const jwt = await import('../core/jwt');
	const decoded = jwt.decodeJwt(token);
	const now = new Date();
	const explained = jwt.explainToken(decoded, now);
	const { diagnose } = await import('../core/diagnose');
	const findings = diagnose(token, { now }).findings;
	const uri = docs.add('decoded-token.jsonc', renderDecoded(decoded, explained, findings));
	const doc = await vscode.workspace.openTextDocument(uri);
	await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
	await vscode.window.showTextDocument(doc, { preview: false });
	return uri;
}

type Explained = ReturnType<typeof JwtCore.explainToken>;

/** JSONC with each claim's meaning as a line comment: valid JSONC, colourised by VS Code. */
export function renderDecoded(decoded: DecodedJwt, explained: Explained, findings: Finding[]): string {
	const lines: string[] = [`// ${explained.summary}`];
	for (const f of findings) {
		lines.push(`// ${f.severity.toUpperCase()} ${f.code}: ${f.message}`, `//   ${vscode.l10n.t('Fix')}: ${f.fix}`);
	}
	lines.push('{');
	const section = (name: string, obj: Record<string, unknown>, claims: Explained['header'], last: boolean) => {
		lines.push(`\t"${name}": {`);
		const keys = Object.keys(obj);
		keys.forEach((k, i) => {
			const c = claims.find((x) => x.name === k);
			const comment = [c?.meaning, c?.time ? `${c.time.utc} (${c.time.relative})` : undefined, c?.valueMeaning].filter(Boolean).join(' — ');
			const json = JSON.stringify(obj[k], null, '\t').replace(/\n/g, '\n\t\t');
			lines.push(`\t\t${JSON.stringify(k)}: ${json}${i < keys.length - 1 ? ',' : ''}${comment ? ' // ' + comment.replace(/\r?\n/g, ' ') : ''}`);
		});
		lines.push(`\t}${last ? '' : ','}`);
	};
	section('header', decoded.header, explained.header, false);
	section('payload', decoded.payload, explained.payload, false);
	lines.push(`\t"signature": ${JSON.stringify(decoded.signature)}`, '}', '');
	return lines.join('\n');
}

async function verifyToken(index: WorkspaceIndex, arg: unknown, keyArg: unknown): Promise<{ signatureValid: boolean; time: string } | undefined> {
	const text = await inputText(arg, vscode.l10n.t('Verify Token'), true);
	if (text === undefined) {
		return undefined;
	}
	const token = await pickToken(text);
	if (!token) {
		return undefined;
	}
	let keyUri = keyArg instanceof vscode.Uri ? keyArg : undefined;
	if (!keyUri) {
		const certs = (await index.certificates()).filter((c) => c.info);
		const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = certs.map((c) => ({
			label: `$(workspace-trusted) ${path.basename(c.uri.fsPath)}`,
			description: c.info?.subject,
			uri: c.uri,
		}));
		items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate, public key, JWK or JWKS file…')}` });
		const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Verify with which key?') });
		if (!pick) {
			return undefined;
		}
		keyUri = pick.uri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Keys')]: ['pem', 'crt', 'cer', 'der', 'json', 'jwks'] } }))?.[0];
	}
	if (!keyUri) {
		return undefined;
	}
	const bytes = await vscode.workspace.fs.readFile(keyUri);
	const text8 = new TextDecoder().decode(bytes);
	const key: { certificateDer?: Uint8Array; publicKeyPem?: string; jwk?: object; jwks?: { keys: object[] } } = {};
	if (/^\s*\{/.test(text8)) {
		let parsed: { keys?: object[] };
		try {
			parsed = JSON.parse(text8);
		} catch {
			throw new UserError(vscode.l10n.t("'{0}' is not valid JSON; expected a JWK or a JWKS ({ \"keys\": [...] }).", path.basename(keyUri.fsPath)));
		}
		if (Array.isArray(parsed.keys)) {
			key.jwks = { keys: parsed.keys };
		} else {
			key.jwk = parsed;
		}
	} else if (/-----BEGIN PUBLIC KEY-----/.test(text8)) {
		key.publicKeyPem = text8;
	} else {
		const { readCertificateMaterial } = await import('../core/certificate');
		const material = await readCertificateMaterial(bytes, { fileName: path.basename(keyUri.fsPath) });
		key.certificateDer = material.certificates[0];
	}
	const { verifyJwt } = await import('../core/jwt');
	const result = await verifyJwt(token, key, new Date());
	const name = path.basename(keyUri.fsPath);
	if (result.signatureValid) {
		const timeNote = result.time === 'valid' ? vscode.l10n.t('and the token is within its validity period') : result.time === 'expired' ? vscode.l10n.t('but the token has expired') : result.time === 'not-yet-valid' ? vscode.l10n.t('but the token is not valid yet') : vscode.l10n.t('(the token has no exp)');
		void vscode.window.showInformationMessage(vscode.l10n.t('The signature verifies with {0} {1}.', name, timeNote));
	} else {
		void vscode.window.showErrorMessage(vscode.l10n.t('The signature does not verify with {0}: {1}', name, result.reason ?? ''));
	}
	return { signatureValid: result.signatureValid, time: result.time };
}

async function diagnoseText(docs: VirtualDocuments, index: WorkspaceIndex, arg: unknown): Promise<{ kind: string; findings: Finding[] } | undefined> {
	let text = typeof arg === 'string' ? arg : undefined;
	const editor = vscode.window.activeTextEditor;
	let source = vscode.l10n.t('the argument');
	if (text === undefined && editor && !editor.selection.isEmpty) {
		text = editor.document.getText(editor.selection);
		source = vscode.l10n.t('the selection');
	}
	if (text === undefined) {
		const clip = await vscode.env.clipboard.readText();
		const choices: (vscode.QuickPickItem & { value: 'clipboard' | 'file' | 'paste' })[] = [];
		if (clip.trim()) {
			choices.push({ label: `$(clippy) ${vscode.l10n.t('Clipboard')}`, description: clip.trim().slice(0, 60), value: 'clipboard' });
		}
		if (editor) {
			choices.push({ label: `$(file) ${vscode.l10n.t('Active file')}`, description: vscode.workspace.asRelativePath(editor.document.uri), value: 'file' });
		}
		choices.push({ label: `$(edit) ${vscode.l10n.t('Paste text…')}`, value: 'paste' });
		const pick = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Diagnose what?'), placeHolder: vscode.l10n.t('A token, an AADSTS error, a token request or a manifest') });
		if (!pick) {
			return undefined;
		}
		if (pick.value === 'clipboard') {
			text = clip;
			source = vscode.l10n.t('the clipboard');
		} else if (pick.value === 'file' && editor) {
			text = editor.document.getText();
			source = vscode.workspace.asRelativePath(editor.document.uri);
		} else {
			text = await vscode.window.showInputBox({ title: vscode.l10n.t('Diagnose'), prompt: vscode.l10n.t('Paste a token, an error response or a token request'), ignoreFocusOut: true });
			source = vscode.l10n.t('pasted text');
		}
	}
	if (!text?.trim()) {
		return undefined;
	}
	const { diagnose } = await import('../core/diagnose');
	const context = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading workspace certificates…') }, () => diagnoseContext(index, true));
	const result = diagnose(text, context);
	const uri = docs.add('diagnosis.md', renderDiagnosis(result.kind, result.findings, source, context));
	await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, async () => {
		await vscode.window.showTextDocument(uri);
	});
	return { kind: result.kind, findings: result.findings };
}

function renderDiagnosis(kind: string, findings: Finding[], source: string, context: { certificates?: unknown[]; manifests?: unknown[] }): string {
	const kinds: Record<string, string> = {
		jwt: vscode.l10n.t('a token'),
		error: vscode.l10n.t('an error response'),
		request: vscode.l10n.t('a token request'),
		manifest: vscode.l10n.t('an app manifest'),
		unknown: vscode.l10n.t('text the kit does not recognise'),
	};
	const out = [
		`# ${vscode.l10n.t('Diagnosis')}`,
		'',
		vscode.l10n.t('Read {0} as {1}; checked against {2} certificates and {3} manifests in the workspace.', source, kinds[kind] ?? kind, context.certificates?.length ?? 0, context.manifests?.length ?? 0),
		'',
	];
	if (findings.length === 0) {
		out.push(`✅ ${vscode.l10n.t('No problems found.')}`);
	}
	const icon: Record<string, string> = { error: '⛔', warning: '⚠️', info: 'ℹ️' };
	for (const f of findings) {
		out.push(`## ${icon[f.severity] ?? ''} ${f.code}`, '', mdText(f.message), '');
		if (f.uncertain) {
			out.push(`> ${vscode.l10n.t('The sources disagree here; the kit says so rather than guess.')}`, '');
		}
		out.push(`**${vscode.l10n.t('Fix')}:** ${mdText(f.fix)}`, '');
	}
	return out.join('\n');
}

function mdText(text: string): string {
	return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
