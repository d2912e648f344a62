/**
 * The Certificates view: workspace certificate files with subject, expiry and problems; children are
 * every thumbprint form (click copies), the matching key file and the manifests that register it.
 * Elements are plain data; TreeItems are built in getTreeItem.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { IndexedCertificate, WorkspaceIndex } from '../shared/workspaceIndex';
import type { CertNode, ThumbprintForm } from '../shared/certNode';
import { CommandId } from '../shared/commandIds';
import { guarded } from '../shared/runCommand';
import { relativeTime } from '../shared/time';

const FORMS: { form: ThumbprintForm; label: string }[] = [
	{ form: 'sha1Hex', label: 'SHA-1' },
	{ form: 'sha256Hex', label: 'SHA-256' },
	{ form: 'x5t', label: 'x5t' },
	{ form: 'x5tS256', label: 'x5t#S256' },
	{ form: 'customKeyIdentifier', label: 'customKeyIdentifier' },
];

export class CertificateTreeProvider implements vscode.TreeDataProvider<CertNode> {
	private readonly emitter = new vscode.EventEmitter<CertNode | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;

	/** Read once and on change: VS Code asks for every root item in one go, and a settings read per item adds up. */
	private warnDays = readWarnDays();

	constructor(private readonly index: WorkspaceIndex) {
		index.onDidChange(() => this.emitter.fire(undefined));
		vscode.workspace.onDidChangeConfiguration((e) => {
			if (e.affectsConfiguration('entraCert.expiryWarningDays')) {
				this.warnDays = readWarnDays();
				this.emitter.fire(undefined);
			}
		});
	}

	/** The tooltip is built when the user hovers an item, not for every item of a long list. */
	resolveTreeItem(item: vscode.TreeItem, node: CertNode): vscode.TreeItem {
		if (node.kind === 'certificate' && node.cert.info && !item.tooltip) {
			item.tooltip = certificateTooltip(node.cert, node.sameAs);
		}
		return item;
	}

	refresh(): void {
		this.emitter.fire(undefined);
	}

	async getChildren(element?: CertNode): Promise<CertNode[]> {
		if (!element) {
			// One item per certificate: a .pem and its .cer (same SHA-1) are one certificate in two files.
			// The item stands for the file with a key beside it, else a PEM, else the first.
			const groups = new Map<string, IndexedCertificate[]>();
			const unreadable: CertNode[] = [];
			for (const cert of await this.index.certificates()) {
				if (!cert.info) {
					unreadable.push({ kind: 'certificate', cert, sameAs: [] });
					continue;
				}
				groups.set(cert.info.sha1Hex, [...(groups.get(cert.info.sha1Hex) ?? []), cert]);
			}
			const rank = (c: IndexedCertificate) => (c.keyUri ? 0 : 2) + (/\.(pem|crt)$/i.test(c.uri.fsPath) ? 0 : 1);
			const items: CertNode[] = [...groups.values()].map((all) => {
				const [primary, ...rest] = [...all].sort((a, b) => rank(a) - rank(b));
				return { kind: 'certificate', cert: primary, sameAs: rest.map((r) => r.uri) };
			});
			return [...items, ...unreadable];
		}
		if (element.kind !== 'certificate' || !element.cert.info) {
			return [];
		}
		const info = element.cert.info;
		const nodes: CertNode[] = FORMS.map((f) => ({ kind: 'thumbprint', form: f.form, value: info[f.form] }));
		nodes.push(element.cert.keyUri ? { kind: 'key', uri: element.cert.keyUri } : { kind: 'noKey' });
		nodes.push(...element.sameAs.map((uri) => ({ kind: 'file' as const, uri })));
		const manifests = await this.index.manifestsRegistering(info);
		nodes.push(...(manifests.length > 0 ? manifests.map((m) => ({ kind: 'manifest' as const, manifest: m.manifest, offset: m.offset })) : [{ kind: 'noManifest' as const }]));
		return nodes;
	}

	getTreeItem(node: CertNode): vscode.TreeItem {
		switch (node.kind) {
			case 'certificate':
				return certificateItem(node.cert, this.warnDays);
			case 'thumbprint': {
				const item = new vscode.TreeItem(FORMS.find((f) => f.form === node.form)?.label ?? node.form);
				item.description = node.value;
				item.tooltip = vscode.l10n.t('Click to copy {0}', node.value);
				item.iconPath = new vscode.ThemeIcon('tag');
				item.contextValue = 'thumbprint';
				item.command = { command: CommandId.CopyValue, title: vscode.l10n.t('Copy'), arguments: [node.value, item.label] };
				return item;
			}
			case 'key': {
				const item = new vscode.TreeItem(path.basename(node.uri.fsPath));
				item.description = vscode.l10n.t('private key (matches)');
				item.iconPath = new vscode.ThemeIcon('key');
				item.resourceUri = node.uri;
				item.contextValue = 'keyFile';
				item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [node.uri] };
				return item;
			}
			case 'file': {
				const item = new vscode.TreeItem(path.basename(node.uri.fsPath));
				item.description = vscode.l10n.t('same certificate');
				item.resourceUri = node.uri;
				item.iconPath = vscode.ThemeIcon.File;
				item.command = { command: 'revealInExplorer', title: vscode.l10n.t('Reveal'), arguments: [node.uri] };
				return item;
			}
			case 'noKey': {
				const item = new vscode.TreeItem(vscode.l10n.t('No matching key file'));
				item.description = vscode.l10n.t('looked for NAME.key / NAME.pem beside it');
				item.iconPath = new vscode.ThemeIcon('circle-slash');
				return item;
			}
			case 'manifest': {
				const item = new vscode.TreeItem(vscode.workspace.asRelativePath(node.manifest.uri));
				item.description = node.manifest.displayName ? vscode.l10n.t('registered in {0}', node.manifest.displayName) : vscode.l10n.t('registered');
				item.iconPath = new vscode.ThemeIcon('file-code');
				item.contextValue = 'manifest';
				item.command = { command: CommandId.OpenAtOffset, title: vscode.l10n.t('Open'), arguments: [node.manifest.uri, node.offset] };
				return item;
			}
			case 'noManifest': {
				const item = new vscode.TreeItem(vscode.l10n.t('Not registered in a workspace manifest'));
				item.iconPath = new vscode.ThemeIcon('circle-slash');
				return item;
			}
		}
	}
}

function readWarnDays(): number {
	return vscode.workspace.getConfiguration('entraCert').get<number>('expiryWarningDays', 30);
}

function certificateItem(cert: IndexedCertificate, warnDays: number): vscode.TreeItem {
	const fileName = path.basename(cert.uri.fsPath);
	if (!cert.info) {
		const item = new vscode.TreeItem(fileName, vscode.TreeItemCollapsibleState.None);
		item.description = cert.locked ? vscode.l10n.t('password needed') : vscode.l10n.t('unreadable');
		item.tooltip = cert.error;
		item.iconPath = new vscode.ThemeIcon(cert.locked ? 'lock' : 'error', new vscode.ThemeColor(cert.locked ? 'foreground' : 'list.errorForeground'));
		item.contextValue = cert.locked ? 'lockedCertificate' : 'unreadableCertificate';
		item.resourceUri = cert.uri;
		if (cert.locked) {
			item.command = { command: CommandId.UnlockPfx, title: vscode.l10n.t('Enter Password'), arguments: [{ kind: 'certificate', cert, sameAs: [] }] };
		}
		return item;
	}
	const info = cert.info;
	const cn = /(?:^|,\s*)CN=([^,]+)/.exec(info.subject)?.[1] ?? info.subject;
	const item = new vscode.TreeItem(cn, vscode.TreeItemCollapsibleState.Collapsed);
	const now = Date.now();
	const msLeft = info.notAfter.getTime() - now;
	const expired = msLeft < 0;
	const notYet = info.notBefore.getTime() > now;
	const expiring = !expired && msLeft < warnDays * 86400000;
	const weak = info.problems.some((p) => p.severity === 'error');
	item.description = expired
		? vscode.l10n.t('expired {0}', relativeTime(info.notAfter, new Date(now)))
		: notYet
			? vscode.l10n.t('valid from {0}', info.notBefore.toISOString().slice(0, 10))
			: vscode.l10n.t('expires {0}', relativeTime(info.notAfter, new Date(now)));
	item.iconPath = expired || weak
		? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
		: expiring || notYet
			? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
			: new vscode.ThemeIcon('workspace-trusted');
	item.resourceUri = cert.uri;
	item.contextValue = cert.keyUri ? 'certificate.withKey' : 'certificate';
	item.id = cert.uri.toString();
	return item;
}

function certificateTooltip(cert: IndexedCertificate, sameAs: vscode.Uri[]): vscode.MarkdownString {
	const info = cert.info!;
	const md = new vscode.MarkdownString();
	md.appendMarkdown(`**${escapeMd(info.subject)}**  \n`);
	md.appendMarkdown(`${[cert.uri, ...sameAs].map((u) => escapeMd(vscode.workspace.asRelativePath(u))).join(', ')}\n\n`);
	for (const p of info.problems) {
		md.appendMarkdown(`$(warning) ${escapeMd(p.message)}\n\n`);
	}
	md.appendMarkdown(`${vscode.l10n.t('Valid')}: ${info.notBefore.toISOString()} → ${info.notAfter.toISOString()}  \n`);
	md.appendMarkdown(`${vscode.l10n.t('Key')}: ${info.keyAlgorithm}${info.keySize ? ' ' + info.keySize : ''}\n\n`);
	// Each value on a line of its own rather than in a table cell: a 64-digit SHA-256 beside its label is cut off.
	for (const f of FORMS) {
		md.appendMarkdown(`${f.label}  \n\`${info[f.form]}\`  \n`);
	}
	md.supportThemeIcons = true;
	return md;
}

function escapeMd(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}

/** A plain snapshot of the view (the extension's API returns it; tests and other extensions read it). */
export interface TreeSnapshotItem {
	label: string;
	description?: string;
	icon?: string;
	contextValue?: string;
	children: TreeSnapshotItem[];
}

/** Walks the provider the way the view does and returns what it shows, yielding to the extension host every few ms. */
export async function snapshotTree(provider: CertificateTreeProvider, element?: CertNode, turn = { since: performance.now() }): Promise<TreeSnapshotItem[]> {
	const out: TreeSnapshotItem[] = [];
	for (const child of await provider.getChildren(element)) {
		if (performance.now() - turn.since > 8) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			turn.since = performance.now();
		}
		const item = provider.getTreeItem(child);
		out.push({
			label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
			description: typeof item.description === 'string' ? item.description : undefined,
			icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
			contextValue: item.contextValue,
			children: item.collapsibleState ? await snapshotTree(provider, child, turn) : [],
		});
	}
	return out;
}

/** Registers the view, its refresh and its item commands. */
export function registerCertificateTree(index: WorkspaceIndex, provider = new CertificateTreeProvider(index)): vscode.Disposable {
	const view = vscode.window.createTreeView('entraCert.certificates', { treeDataProvider: provider, showCollapseAll: true });
	const certOf = (node?: CertNode) => (node?.kind === 'certificate' ? node.cert : undefined);
	return vscode.Disposable.from(
		view,
		vscode.commands.registerCommand(CommandId.RefreshCertificates, guarded('Refresh', async () => {
			await index.refresh({ keys: true });
			provider.refresh();
		})),
		vscode.commands.registerCommand(CommandId.CopyValue, guarded('Copy', async (value: string, label?: string) => {
			await vscode.env.clipboard.writeText(value);
			vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Copied {0}', label ?? value), 3000);
		})),
		vscode.commands.registerCommand(CommandId.CopyX5t, guarded('Copy x5t', async (node?: CertNode) => {
			const info = certOf(node)?.info;
			if (info) {
				await vscode.commands.executeCommand(CommandId.CopyValue, info.x5t, 'x5t');
			}
		})),
		vscode.commands.registerCommand(CommandId.CopyX5tS256, guarded('Copy x5t#S256', async (node?: CertNode) => {
			const info = certOf(node)?.info;
			if (info) {
				await vscode.commands.executeCommand(CommandId.CopyValue, info.x5tS256, 'x5t#S256');
			}
		})),
		vscode.commands.registerCommand(CommandId.RevealCertificate, guarded('Reveal', async (node?: CertNode) => {
			const cert = certOf(node);
			if (cert) {
				await vscode.commands.executeCommand('revealInExplorer', cert.uri);
			}
		})),
		vscode.commands.registerCommand(CommandId.UnlockPfx, guarded('Enter Password', async (node?: CertNode) => {
			const cert = certOf(node);
			if (!cert) {
				return;
			}
			const password = await vscode.window.showInputBox({
				title: vscode.l10n.t('Password for {0}', path.basename(cert.uri.fsPath)),
				prompt: vscode.l10n.t('Kept in memory for this session only.'),
				password: true,
				ignoreFocusOut: true,
			});
			if (password !== undefined) {
				const entry = await index.unlock(cert.uri, password);
				if (entry?.locked) {
					void vscode.window.showErrorMessage(vscode.l10n.t("That password did not open '{0}'.", path.basename(cert.uri.fsPath)));
				}
			}
		})),
		vscode.commands.registerCommand(CommandId.OpenAtOffset, guarded('Open', async (uri: vscode.Uri, offset: number) => {
			const doc = await vscode.workspace.openTextDocument(uri);
			const pos = doc.positionAt(offset);
			await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
		})),
	);
}
