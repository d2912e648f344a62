/**
 * "Compute Thumbprint": every thumbprint form of a certificate file (a PFX asks for its password); the one picked
 * is copied.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { describeCertificate, type CertificateInfo } from '../../core/certificate';
import { readMaterial } from '../shared/material';
import type { ThumbprintForm } from '../shared/certNode';

/** Options for programmatic use of Compute Thumbprint (tests, other extensions). */
export interface ThumbprintArgs {
	password?: string;
}

export async function computeThumbprint(uri?: unknown, _selected?: unknown, args?: ThumbprintArgs): Promise<{ form: ThumbprintForm; value: string } | undefined> {
	let target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
	if (!target || target.scheme === 'untitled') {
		const chosen = await vscode.window.showOpenDialog({
			canSelectMany: false,
			openLabel: vscode.l10n.t('Compute Thumbprint'),
			filters: { [vscode.l10n.t('Certificates')]: ['pem', 'crt', 'cer', 'der', 'pfx', 'p12'] },
		});
		target = chosen?.[0];
	}
	if (!target) {
		return undefined;
	}
	const material = await readMaterial(target, args?.password);
	const info = describeCertificate(material.certificates[0]);
	const problems = info.problems.filter((p) => p.severity === 'error');
	if (problems.length > 0) {
		void vscode.window.showWarningMessage(problems.map((p) => p.message).join(' '));
	}
	return pickForm(info, path.basename(target.fsPath));
}

async function pickForm(info: CertificateInfo, fileName: string): Promise<{ form: ThumbprintForm; value: string } | undefined> {
	const forms: { form: ThumbprintForm; label: string; detail: string }[] = [
		{ form: 'sha1Hex', label: vscode.l10n.t('SHA-1 thumbprint'), detail: vscode.l10n.t('as the Entra portal shows it') },
		{ form: 'sha256Hex', label: vscode.l10n.t('SHA-256 thumbprint'), detail: vscode.l10n.t('hex of the SHA-256 of the DER') },
		{ form: 'x5t', label: 'x5t', detail: vscode.l10n.t('RS256 assertion header: base64url of SHA-1') },
		{ form: 'x5tS256', label: 'x5t#S256', detail: vscode.l10n.t('PS256 assertion header (MSAL today): base64url of SHA-256') },
		{ form: 'customKeyIdentifier', label: 'customKeyIdentifier', detail: vscode.l10n.t('manifest keyCredentials: base64 of SHA-1') },
	];
	const expiry = info.notAfter.getTime() < Date.now() ? vscode.l10n.t('expired {0}', info.notAfter.toISOString().slice(0, 10)) : vscode.l10n.t('expires {0}', info.notAfter.toISOString().slice(0, 10));
	const pick = await vscode.window.showQuickPick(
		// The value gets the detail line, the widest place a quick pick has, so a SHA-256 shows whole; the explanation
		// is the description.
		forms.map((f) => ({ label: f.label, description: f.detail, detail: info[f.form], form: f.form })),
		{
			title: vscode.l10n.t('Thumbprints of {0}: {1}, {2}', fileName, info.subject, expiry),
			placeHolder: vscode.l10n.t('Choose a form to copy it to the clipboard'),
			matchOnDescription: true,
			matchOnDetail: true,
		},
	);
	if (!pick) {
		return undefined;
	}
	const value = info[pick.form];
	await vscode.env.clipboard.writeText(value);
	vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied {0} of {1}', pick.label, fileName), 4000);
	return { form: pick.form, value };
}

