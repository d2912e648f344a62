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
		{ form: 'sha1Hex', label: vscode.l10n.t('SHA-1 thumbprint'), detail: vscode.l10n.t('What the Entra portal shows under Certificates & secrets') },
		{ form: 'sha256Hex', label: vscode.l10n.t('SHA-256 thumbprint'), detail: vscode.l10n.t('Hex of the SHA-256 hash of the DER certificate') },
		{ form: 'x5t', label: 'x5t', detail: vscode.l10n.t('JWS header for RS256 client assertions: base64url of the SHA-1 bytes') },
		{ form: 'x5tS256', label: 'x5t#S256', detail: vscode.l10n.t('JWS header for PS256 client assertions (what MSAL sends today): base64url of the SHA-256 bytes') },
		{ form: 'customKeyIdentifier', label: 'customKeyIdentifier', detail: vscode.l10n.t('keyCredentials in both manifest formats: base64 of the SHA-1 bytes') },
	];
	const expiry = info.notAfter.getTime() < Date.now() ? vscode.l10n.t('expired {0}', info.notAfter.toISOString().slice(0, 10)) : vscode.l10n.t('expires {0}', info.notAfter.toISOString().slice(0, 10));
	const pick = await vscode.window.showQuickPick(
		forms.map((f) => ({ label: f.label, description: info[f.form], detail: f.detail, form: f.form })),
		{
			title: vscode.l10n.t('Thumbprints of {0}: {1}, {2}', fileName, info.subject, expiry),
			placeHolder: vscode.l10n.t('Choose a form to copy it to the clipboard'),
			matchOnDescription: true,
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

