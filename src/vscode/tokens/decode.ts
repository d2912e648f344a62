/**
 * "Decode Token": a read-only JSONC view of the header and payload, each claim's meaning as a line comment, and
 * diagnose's findings on top.
 */
import * as vscode from 'vscode';
import { decodeJwt, explainToken, type DecodedJwt } from '../../core/jwt';
import { diagnose } from '../../core/diagnose';
import type { Finding } from '../../core/findings';
import type { VirtualDocuments } from './documents';
import { inputText, pickToken } from './input';

export async function decodeToken(docs: VirtualDocuments, arg: unknown): Promise<vscode.Uri | undefined> {
	const text = await inputText(arg, vscode.l10n.t('Decode Token'), true);
	if (text === undefined) {
		return undefined;
	}
	const token = await pickToken(text);
	if (!token) {
		return undefined;
	}
	const decoded = decodeJwt(token);
	const now = new Date();
	const explained = explainToken(decoded, now);
	const findings = diagnose(token, { now }).findings;
	const uri = docs.add('decoded-token.jsonc', renderDecoded(decoded, explained, findings));
	const doc = await vscode.workspace.openTextDocument(uri);
	await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
	await vscode.window.showTextDocument(doc, { preview: false });
	return uri;
}

type Explained = ReturnType<typeof explainToken>;

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

