/**
 * The core's manifest lint as editor diagnostics. Findings whose fix is certain carry the replacement text, which
 * register.ts keeps for the quick-fix provider.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { lintManifest } from '../../core/manifest';

export const SOURCE = 'Entra Cert Kit';

export interface ManifestDiagnostic {
	diagnostic: vscode.Diagnostic;
	/** The text that fixes it, when the fix is certain (quick fix). */
	replacement?: string;
}

/** Lints a manifest document. Invalid JSON is VS Code's own JSON diagnostics' job: only a manifest that parses gets ours. */
export function manifestDiagnostics(doc: vscode.TextDocument, text: string): ManifestDiagnostic[] {
	const days = vscode.workspace.getConfiguration('entraCert').get<number>('expiryWarningDays', 30);
	const findings = lintManifest(text, { now: new Date(), expiryWarningDays: days, fileName: path.basename(doc.uri.fsPath) });
	return findings
		.filter((f) => f.code !== 'manifest-invalid-json')
		.map((f) => {
			const range = f.range ? new vscode.Range(doc.positionAt(f.range.start), doc.positionAt(f.range.end)) : new vscode.Range(0, 0, 0, 1);
			const d = new vscode.Diagnostic(range, `${f.message} ${vscode.l10n.t('Fix')}: ${f.fix}`, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
			d.source = SOURCE;
			d.code = f.code;
			return { diagnostic: d, replacement: f.replacement };
		});
}
