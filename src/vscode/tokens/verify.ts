/**
 * "Verify Token Signature…" with a workspace certificate, a PEM public key, a JWK or a JWKS file.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readCertificateMaterial } from '../../core/certificate/read';
import { decodeJwt, verifyJwt } from '../../core/jwt';
import { certificateChoices, certificateForHeader } from '../shared/pickers';
import { UserError } from '../shared/runCommand';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import { inputText, pickToken } from './input';

export async function verifyToken(index: WorkspaceIndex, arg: unknown, keyArg: unknown): Promise<{ signatureValid: boolean; time: string } | undefined> {
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
		const choices = certificateChoices((await index.certificates()).filter((c) => c.info));
		let header: Record<string, unknown> = {};
		try {
			header = decodeJwt(token).header;
		} catch {
			// verifyJwt below says what is wrong with the token.
		}
		const signer = certificateForHeader(choices, header);
		const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = choices.map((choice) => ({
			label: `$(workspace-trusted) ${choice.primary.info?.subject ?? path.basename(choice.primary.uri.fsPath)}`,
			description: choice === signer?.choice ? `${choice.fileNames} · ${vscode.l10n.t('matches the token\'s {0}', signer.by)}` : choice.fileNames,
			uri: choice.primary.uri,
		}));
		if (signer) {
			// The certificate the token names comes first, so Enter verifies with it.
			const at = choices.indexOf(signer.choice);
			items.unshift(...items.splice(at, 1));
		}
		items.push({ label: `$(file) ${vscode.l10n.t('Choose a certificate, public key, JWK or JWKS file…')}` });
		const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Verify with which key?'), matchOnDescription: true });
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
		const material = await readCertificateMaterial(bytes, { fileName: path.basename(keyUri.fsPath) });
		key.certificateDer = material.certificates[0];
	}
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

