/**
 * "Diagnose…": a token, an AADSTS error, a token request or a manifest (selection, clipboard, active file or pasted)
 * becomes findings with cause and fix, checked against the workspace's certificates and manifests.
 */
import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import { diagnoseContext, diagnoseWithLiveKeys } from '../shared/diagnoseContext';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import type { VirtualDocuments } from './documents';

export async function diagnoseText(docs: VirtualDocuments, index: WorkspaceIndex, arg: unknown): Promise<{ kind: string; findings: Finding[]; sourceLines: string[] } | undefined> {
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
	const input = text;
	const { diagnosis: result, context, sourceLines } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading workspace certificates…') }, async () =>
		// Signed in: the live keys of the app the text names are read if the Registrations view has not read them yet.
		diagnoseWithLiveKeys(input, await diagnoseContext(index, true), { fetch: true }));
	const uri = docs.add('diagnosis.md', renderDiagnosis(result.kind, result.findings, source, context, sourceLines));
	await vscode.commands.executeCommand('markdown.showPreview', uri).then(undefined, async () => {
		await vscode.window.showTextDocument(uri);
	});
	return { kind: result.kind, findings: result.findings, sourceLines };
}

function renderDiagnosis(kind: string, findings: Finding[], source: string, context: { certificates?: { sha1Hex: string }[]; manifests?: unknown[] }, sourceLines: string[]): string {
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
		// A certificate kept as .pem and .cer is one certificate.
		vscode.l10n.t('Read {0} as {1}; checked against {2} certificates and {3} manifests in the workspace.', source, kinds[kind] ?? kind, new Set((context.certificates ?? []).map((c) => c.sha1Hex)).size, context.manifests?.length ?? 0),
		'',
		// Where the thumbprints were looked up: the app's live keys (source, time) or the workspace only (why).
		...sourceLines.flatMap((l) => [`${vscode.l10n.t('Keys')}: ${mdText(l)}`, '']),
	];
	if (findings.length === 0) {
		out.push(vscode.l10n.t('No problems found.'));
	}
	// Words, not emoji: emoji render as empty boxes where no emoji font is installed.
	const label: Record<string, string> = { error: vscode.l10n.t('Error'), warning: vscode.l10n.t('Warning'), info: vscode.l10n.t('Note') };
	// The "Keys:" line above says what checked-against-workspace says.
	for (const f of findings.filter((x) => x.code !== 'checked-against-workspace' || sourceLines.length === 0)) {
		// The heading says what is wrong in words; the stable code follows for searching and for the CLI's --json.
		const { headline, rest } = splitHeadline(f.message);
		out.push(`## ${label[f.severity] ?? f.severity}: ${mdText(headline)}`, '', `\`${f.code}\`${rest ? ` · ${mdText(rest)}` : ''}`, '');
		if (f.uncertain) {
			out.push(`> ${vscode.l10n.t('The sources disagree here; the kit says so rather than guess.')}`, '');
		}
		out.push(`**${vscode.l10n.t('Fix')}:** ${mdText(f.fix)}`, '');
		if (f.sources?.length) {
			out.push(`${vscode.l10n.t('Sources')}: ${f.sources.map((u) => `[${mdText(u.replace(/^https:\/\/(www\.)?/, ''))}](${u})`).join(' · ')}`, '');
		}
	}
	return out.join('\n');
}

/** The first sentence of a message as a heading (at most ~100 characters, cut at a word), and the rest. */
function splitHeadline(message: string): { headline: string; rest: string } {
	const m = /^(.{20,}?[.:;])(\s+|$)/s.exec(message);
	let headline = (m ? m[1] : message).replace(/[.:;]$/, '');
	if (headline.length > 100) {
		headline = `${headline.slice(0, 100).replace(/\s+\S*$/, '')}…`;
		return { headline, rest: message };
	}
	return { headline, rest: m ? message.slice(m[0].length).trim() : '' };
}

function mdText(text: string): string {
	return text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'));
}
