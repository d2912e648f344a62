/**
 * "Generate Certificate…": turn editor input into values, call the certificate core, write through src/node/files
 * (atomic, never overwriting, key 0600).
 */
import * as core from '../../core/certificate';
import * as vscode from 'vscode';
import type { WorkspaceIndex } from '../shared/workspaceIndex';
import * as path from 'node:path';
import { exists, writeNewFiles } from '../../node/files';
import { CommandId } from '../shared/commandIds';
import { UserError } from '../shared/runCommand';
import { requireTrust } from '../shared/trust';
import { log } from '../shared/log';

export interface GenerateArgs {
	subject?: string;
	keySize?: 2048 | 3072 | 4096;
	days?: number;
	/** Target folder (a Uri or a file-system path). */
	folder?: vscode.Uri | string;
	/** Base file name without extension. */
	name?: string;
	/** When set, a PFX is written too, protected with this password. */
	pfxPassword?: string;
	/** Skip every prompt (for tests and other extensions): missing values take defaults. */
	noPrompt?: boolean;
}

export interface GenerateResult {
	certificatePem: string;
	privateKeyPem: string;
	certificateDer: string;
	pfx?: string;
	sha1Hex: string;
}

const KEY_SIZES = [2048, 3072, 4096] as const;

export async function generateCertificate(args?: GenerateArgs, index?: WorkspaceIndex): Promise<GenerateResult | undefined> {
	requireTrust(vscode.l10n.t('Generating a certificate'));
	const config = vscode.workspace.getConfiguration('entraCert');
	const noPrompt = args?.noPrompt === true;
	// subject, key size, validity, folder, file name, files: each prompt its own number.
	const steps = 6;

	const subject = args?.subject ?? (noPrompt ? 'CN=entra-cert-kit' : await vscode.window.showInputBox({
		title: vscode.l10n.t('Generate Certificate (1/{0}): subject', steps),
		prompt: vscode.l10n.t('A name (becomes CN=name) or a distinguished name such as CN=my-app, O=Contoso'),
		value: 'CN=' + (vscode.workspace.workspaceFolders?.[0]?.name ?? 'my-app'),
		ignoreFocusOut: true,
		validateInput: (v) => {
			try {
				core.normalizeSubject(v);
				return undefined;
			} catch (e) {
				return e instanceof Error ? e.message : String(e);
			}
		},
	}));
	if (subject === undefined) {
		return undefined;
	}

	const defaultSize = config.get<number>('certificate.keySize', 2048);
	let keySize = args?.keySize;
	if (keySize === undefined && !noPrompt) {
		const pick = await vscode.window.showQuickPick(
			KEY_SIZES.map((size) => ({
				label: vscode.l10n.t('RSA {0}', size),
				description: size === 2048 ? vscode.l10n.t('recommended by Entra; fastest') : size === defaultSize ? vscode.l10n.t('your default') : undefined,
				picked: size === defaultSize,
				size,
			})).sort((a, b) => (a.size === defaultSize ? -1 : b.size === defaultSize ? 1 : 0)),
			{ title: vscode.l10n.t('Generate Certificate (2/{0}): key size', steps), placeHolder: vscode.l10n.t('Entra accepts RSA keys of 2048 bits or more'), ignoreFocusOut: true },
		);
		if (!pick) {
			return undefined;
		}
		keySize = pick.size;
	}
	keySize ??= (KEY_SIZES as readonly number[]).includes(defaultSize) ? (defaultSize as 2048) : 2048;

	let days = args?.days;
	if (days === undefined && !noPrompt) {
		const input = await vscode.window.showInputBox({
			title: vscode.l10n.t('Generate Certificate (3/{0}): validity', steps),
			prompt: vscode.l10n.t('Days the certificate is valid'),
			value: String(config.get<number>('certificate.validityDays', 365)),
			ignoreFocusOut: true,
			validateInput: (v) => {
				if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > 3650) {
					return vscode.l10n.t('Enter a whole number of days from 1 to 3650.');
				}
				if (Number(v) > 365) {
					return {
						message: vscode.l10n.t("Over a year: Microsoft Graph's how-to says a key credential's end date defaults to, and is at most, one year after its start."),
						severity: vscode.InputBoxValidationSeverity.Warning,
					};
				}
				return undefined;
			},
		});
		if (input === undefined) {
			return undefined;
		}
		days = Number(input.trim());
	}
	days ??= config.get<number>('certificate.validityDays', 365);

	const folder = args?.folder !== undefined ? toUri(args.folder) : noPrompt ? defaultFolder() : await pickFolder(steps);
	if (!folder) {
		return undefined;
	}
	if (folder.scheme !== 'file') {
		throw new UserError(vscode.l10n.t("Certificates can only be written to folders on disk; '{0}' is not one. Choose a local folder.", folder.toString()));
	}

	const suggested = core.fileBaseName(subject);
	const name = args?.name ?? (noPrompt ? suggested : await vscode.window.showInputBox({
		title: vscode.l10n.t('Generate Certificate (5/{0}): file name', steps),
		prompt: vscode.l10n.t('Base name for {0}.pem, .key and .cer in {1}', suggested, vscode.workspace.asRelativePath(folder)),
		value: await freeName(folder.fsPath, suggested),
		ignoreFocusOut: true,
		validateInput: async (v) => {
			if (!/^[A-Za-z0-9._-]+$/.test(v)) {
				return vscode.l10n.t('Use letters, digits, dot, dash or underscore.');
			}
			for (const ext of ['.pem', '.key', '.cer']) {
				if (await exists(path.join(folder.fsPath, v + ext))) {
					return vscode.l10n.t("'{0}' already exists; choose another name (the kit never overwrites a file).", v + ext);
				}
			}
			return undefined;
		},
	}));
	if (name === undefined) {
		return undefined;
	}

	let pfxPassword = args?.pfxPassword;
	if (pfxPassword === undefined && !noPrompt) {
		const choice = await vscode.window.showQuickPick(
			[
				{ label: vscode.l10n.t('PEM, key and .cer'), description: vscode.l10n.t('for MSAL and the portal upload'), pfx: false },
				{ label: vscode.l10n.t('Also a password-protected PFX'), description: vscode.l10n.t('for Windows, Azure Key Vault and .NET'), pfx: true },
			],
			{ title: vscode.l10n.t('Generate Certificate (6/{0}): files', steps), ignoreFocusOut: true },
		);
		if (!choice) {
			return undefined;
		}
		if (choice.pfx) {
			pfxPassword = await askNewPassword();
			if (pfxPassword === undefined) {
				return undefined;
			}
		}
	}

	return vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Entra Cert'), cancellable: true },
		async (progress, token) => {
			progress.report({ message: vscode.l10n.t('Generating an RSA {0} key…', keySize) });
			const generated = await core.generateSelfSignedCertificate({ subject, keySize, days, now: new Date() });
			if (token.isCancellationRequested) {
				throw new vscode.CancellationError();
			}
			let pfxBytes: Uint8Array | undefined;
			if (pfxPassword !== undefined) {
				progress.report({ message: vscode.l10n.t('Writing the PFX…') });
				pfxBytes = await core.exportPfx({ certificates: [generated.certificateDer], privateKey: generated.privateKey, password: pfxPassword, friendlyName: name });
			}
			if (token.isCancellationRequested) {
				throw new vscode.CancellationError();
			}
			const base = path.join(folder.fsPath, name);
			const files: { path: string; data: Uint8Array | string; mode?: number }[] = [
				{ path: base + '.pem', data: generated.certificatePem },
				{ path: base + '.key', data: generated.privateKeyPem, mode: 0o600 },
				{ path: base + '.cer', data: generated.certificateDer },
			];
			if (pfxBytes) {
				files.push({ path: base + '.pfx', data: pfxBytes, mode: 0o600 });
			}
			await vscode.workspace.fs.createDirectory(folder);
			await writeNewFiles(files);
			log.info(`Generated ${generated.info.subject} (SHA-1 ${generated.info.sha1Hex}) in ${folder.fsPath}`);
			const result: GenerateResult = {
				certificatePem: base + '.pem',
				privateKeyPem: base + '.key',
				certificateDer: base + '.cer',
				pfx: pfxBytes ? base + '.pfx' : undefined,
				sha1Hex: generated.info.sha1Hex,
			};
			if (result.pfx && pfxPassword !== undefined && index) {
				// The kit knows the password of the PFX it just made: the index opens it, so it shows under its
				// certificate instead of as a separate "password needed" item.
				await index.unlock(vscode.Uri.file(result.pfx), pfxPassword);
			}
			void announce(result);
			return result;
		},
	);
}

async function announce(result: GenerateResult): Promise<void> {
	const pem = vscode.Uri.file(result.certificatePem);
	await vscode.commands.executeCommand('revealInExplorer', pem).then(undefined, () => undefined);
	const show = vscode.l10n.t('Show Thumbprints');
	const open = vscode.l10n.t('Open Certificate');
	const names = [result.certificatePem, result.privateKeyPem, result.certificateDer, result.pfx].filter((p): p is string => !!p).map((p) => path.basename(p));
	const choice = await vscode.window.showInformationMessage(
		vscode.l10n.t('Created {0}. The key file is readable only by you; upload the .cer to the app registration. SHA-1 thumbprint: {1}', names.join(', '), result.sha1Hex),
		show,
		open,
	);
	if (choice === show) {
		await vscode.commands.executeCommand(CommandId.ComputeThumbprint, pem);
	} else if (choice === open) {
		await vscode.window.showTextDocument(pem);
	}
}

function toUri(folder: vscode.Uri | string): vscode.Uri {
	return typeof folder === 'string' ? vscode.Uri.file(folder) : folder;
}

function defaultFolder(): vscode.Uri | undefined {
	const root = vscode.workspace.workspaceFolders?.[0]?.uri;
	return root ? vscode.Uri.joinPath(root, 'certs') : undefined;
}

async function pickFolder(steps: number): Promise<vscode.Uri | undefined> {
	const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [];
	for (const wf of vscode.workspace.workspaceFolders ?? []) {
		items.push({ label: `$(folder) ${wf.name}/certs`, description: vscode.l10n.t('new or existing folder in the workspace'), uri: vscode.Uri.joinPath(wf.uri, 'certs') });
		items.push({ label: `$(root-folder) ${wf.name}`, uri: wf.uri });
	}
	items.push({ label: `$(folder-opened) ${vscode.l10n.t('Choose a folder…')}` });
	const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Generate Certificate ({0}/{1}): folder', 4, steps), ignoreFocusOut: true });
	if (!pick) {
		return undefined;
	}
	if (pick.uri) {
		return pick.uri;
	}
	const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Use this folder') });
	return chosen?.[0];
}

async function freeName(folder: string, base: string): Promise<string> {
	for (let i = 1; i < 100; i++) {
		const candidate = i === 1 ? base : `${base}-${i}`;
		const taken = await Promise.all(['.pem', '.key', '.cer', '.pfx'].map((ext) => exists(path.join(folder, candidate + ext))));
		if (!taken.some(Boolean)) {
			return candidate;
		}
	}
	return base;
}

async function askNewPassword(): Promise<string | undefined> {
	const first = await vscode.window.showInputBox({
		title: vscode.l10n.t('PFX password'),
		prompt: vscode.l10n.t('Password that protects the PFX (at least 8 characters)'),
		password: true,
		ignoreFocusOut: true,
		validateInput: (v) => (v.length < 8 ? vscode.l10n.t('Use at least 8 characters.') : undefined),
	});
	if (first === undefined) {
		return undefined;
	}
	const second = await vscode.window.showInputBox({
		title: vscode.l10n.t('PFX password (again)'),
		password: true,
		ignoreFocusOut: true,
		validateInput: (v) => (v !== first ? vscode.l10n.t('The passwords differ.') : undefined),
	});
	return second === undefined ? undefined : first;
}

