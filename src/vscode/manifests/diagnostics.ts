/**
 * The core's manifest lint as editor diagnostics. Findings whose fix is certain carry the replacement text, which
 * register.ts keeps for the quick-fix provider. Works from the text alone, so closed files (read by the workspace
 * index) get the same diagnostics as open ones.
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

/** Offset → Position over a text, as TextDocument.positionAt does (line breaks \n, \r\n or \r). */
export function positionsOf(text: string): (offset: number) => vscode.Position {
	const starts = [0];
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 13 && text.charCodeAt(i + 1) === 10) {
			starts.push(i + 2);
			i++;
		} else if (c === 10 || c === 13) {
			starts.push(i + 1);
		}
	}
	return (offset: number) => {
		const at = Math.max(0, Math.min(offset, text.length));
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= at) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return new vscode.Position(lo, at - starts[lo]);
	};
}

/** Lints a manifest's text. Invalid JSON is VS Code's own JSON diagnostics' job: only a manifest that parses gets ours. */
export function manifestDiagnostics(uri: vscode.Uri, text: string): ManifestDiagnostic[] {
	const days = vscode.workspace.getConfiguration('entraCert', uri).get<number>('expiryWarningDays', 30);
	const findings = lintManifest(text, { now: new Date(), expiryWarningDays: days, fileName: path.basename(uri.fsPath) });
	const positionAt = positionsOf(text);
	return findings
		.filter((f) => f.code !== 'manifest-invalid-json')
		.map((f) => {
			const range = f.range ? new vscode.Range(positionAt(f.range.start), positionAt(f.range.end)) : new vscode.Range(0, 0, 0, 1);
			const d = new vscode.Diagnostic(range, `${f.message} ${vscode.l10n.t('Fix')}: ${f.fix}`, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
			d.source = SOURCE;
			d.code = f.code;
			return { diagnostic: d, replacement: f.replacement };
		});
}

/** The quick fix's title for a finding's code and replacement. */
export function fixTitle(code: string, replacement: string): string {
	let value = replacement;
	try {
		value = String(JSON.parse(replacement));
	} catch {
		// keep the raw text
	}
	switch (code) {
		case 'keycred-pem-text':
			return vscode.l10n.t('Replace with base64 of the DER certificate');
		case 'keycred-cki-mismatch':
			return vscode.l10n.t("Set customKeyIdentifier to the certificate's SHA-1 (base64)");
		case 'keycred-duplicate-keyid':
			return vscode.l10n.t('Give this entry a new keyId ({0})', value);
		case 'keycred-dates-outside-cert':
			return vscode.l10n.t("Use the certificate's date ({0})", value);
		default:
			return vscode.l10n.t('Set to {0}', replacement);
	}
}
