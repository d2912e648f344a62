/**
 * The workspace's certificates, keys and manifests, kept current with file watchers. A file is read
 * again only when its modification time or size changed. Everything else (tree, hovers, diagnose
 * context, manifest diagnostics) asks this index instead of reading files itself.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { readFile, stat, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { readInputFile, tooLarge } from '../../node/input';
import type { CertificateInfo, PrivateKeyInfo } from '../../core/certificate';
import type * as IndexScan from './indexScan';
import { log } from './log';

/** Certificate and manifest reading, loaded on the first scan. */
const scanner = () => import('./indexScan');

export interface IndexedCertificate {
	uri: vscode.Uri;
	/** Leaf certificate, when readable. */
	info?: CertificateInfo;
	/** Why it could not be read (one sentence), e.g. a PFX that needs its password. */
	error?: string;
	/** A PFX whose password is not known yet. */
	locked?: boolean;
	/** A key file next to it (same base name) whose public key matches, or a key inside the same file. */
	keyUri?: vscode.Uri;
}

export interface IndexedManifest {
	uri: vscode.Uri;
	text: string;
	appId?: string;
	displayName?: string;
	/**
	 * True for a file that holds only federated identity credentials (as `az ad app federated-credential list` or
	 * Graph exports them): diagnosis reads it, but it is no app manifest to insert a certificate into.
	 */
	federatedOnly?: boolean;
	/** SHA-1 hex of each registered certificate (from key/value), with the entry's keyId. */
	registered: { sha1Hex?: string; customKeyIdentifier?: string | null; keyId?: string; displayName?: string | null; offset: number }[];
}

interface Stamp {
	mtime: number;
	size: number;
	/** A regular file (not a folder, FIFO, device or socket). */
	regular: boolean;
}

const DEFAULT_GLOBS = ['**/*.{pem,crt,cer,der,pfx,p12}'];
const KEY_EXTS = ['.key', '.pem'];
const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

export class WorkspaceIndex implements vscode.Disposable {
	private readonly certs = new Map<string, { stamp: Stamp; entry: IndexedCertificate; keyDer?: PrivateKeyInfo }>();
	private readonly manifests = new Map<string, { stamp: Stamp; entry?: IndexedManifest }>();
	private readonly passwords = new Map<string, string>();
	private readonly emitter = new vscode.EventEmitter<void>();
	private readonly disposables: vscode.Disposable[] = [this.emitter];
	private firstScan: Promise<void> | undefined;
	private scanning: Promise<void> | undefined;
	private again = false;
	private timer: ReturnType<typeof setTimeout> | undefined;

	/** Fires after the index changed. */
	readonly onDidChange = this.emitter.event;

	private watching = false;
	/** A key file may have appeared or changed since the last scan: certificates without a key look again. */
	private keysChanged = false;

	/**
	 * Nothing happens at construction (activation): the file watchers start with the first scan, which reads every
	 * file anyway, so a change before it is never missed.
	 */
	private watch(): void {
		if (this.watching) {
			return;
		}
		this.watching = true;
		const w = vscode.workspace.createFileSystemWatcher('**/*.{pem,crt,cer,der,pfx,p12,key,json}');
		this.disposables.push(
			w,
			w.onDidChange((u) => this.schedule(u)),
			w.onDidCreate((u) => this.schedule(u)),
			w.onDidDelete((u) => this.schedule(u)),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('entraCert.certificates')) {
					this.schedule();
				}
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
		);
	}

	dispose(): void {
		if (this.timer) {
			clearTimeout(this.timer);
		}
		vscode.Disposable.from(...this.disposables).dispose();
	}

	/** Certificates in the workspace, after the first scan. */
	async certificates(): Promise<IndexedCertificate[]> {
		await this.ready();
		return [...this.certs.values()].map((c) => c.entry).sort(byPath);
	}

	/** Manifests (JSON files with keyCredentials or appId) in the workspace. */
	async manifestFiles(): Promise<IndexedManifest[]> {
		await this.ready();
		return [...this.manifests.values()].flatMap((m) => (m.entry && !m.entry.federatedOnly ? [m.entry] : [])).sort(byPath);
	}

	/** Manifests that register the certificate (by SHA-1 of the key/value bytes or customKeyIdentifier). */
	async manifestsRegistering(info: CertificateInfo): Promise<{ manifest: IndexedManifest; offset: number }[]> {
		const out: { manifest: IndexedManifest; offset: number }[] = [];
		for (const m of await this.manifestFiles()) {
			const hit = m.registered.find((r) => r.sha1Hex === info.sha1Hex || r.customKeyIdentifier === info.customKeyIdentifier);
			if (hit) {
				out.push({ manifest: m, offset: hit.offset });
			}
		}
		return out;
	}

	/** Remembers a PFX password for this session (memory only) and re-reads the file. */
	async unlock(uri: vscode.Uri, password: string): Promise<IndexedCertificate | undefined> {
		this.passwords.set(uri.toString(), password);
		this.certs.delete(uri.toString());
		await this.refresh();
		return this.certs.get(uri.toString())?.entry;
	}

	/**
	 * What is known now, without waiting for a scan (hovers must never block). Starts the first
	 * scan if none ran yet.
	 */
	peek(): { certificates: IndexedCertificate[]; manifests: IndexedManifest[] } {
		void this.ready();
		return {
			certificates: [...this.certs.values()].map((c) => c.entry),
			manifests: [...this.manifests.values()].flatMap((m) => (m.entry ? [m.entry] : [])),
		};
	}

	/** Resolves once the workspace has been scanned at least once. */
	ready(): Promise<void> {
		return (this.firstScan ??= this.refresh());
	}

	/**
	 * Rescans now (reading only changed files). A call during a scan makes that scan run once more. `keys`: look
	 * again for the key file of every certificate that has none (the Refresh command; file events do it for the
	 * key files they name).
	 */
	refresh(options?: { keys?: boolean }): Promise<void> {
		this.watch();
		if (options?.keys) {
			this.keysChanged = true;
		}
		if (this.scanning) {
			this.again = true;
			return this.scanning;
		}
		this.scanning = this.scan().finally(() => {
			this.scanning = undefined;
		});
		// The first scan is this one: ready() must not ask for a second pass over every file.
		this.firstScan ??= this.scanning;
		return this.scanning;
	}

	private schedule(changed?: vscode.Uri): void {
		if (!changed || /\.(key|pem)$/i.test(changed.path)) {
			this.keysChanged = true;
		}
		if (this.timer) {
			clearTimeout(this.timer);
		}
		this.timer = setTimeout(() => void this.refresh(), 300);
	}

	private async scan(): Promise<void> {
		try {
			do {
				this.again = false;
				const certsChanged = await this.scanCertificates();
				const manifestsChanged = await this.scanManifests();
				const changed = certsChanged || manifestsChanged;
				if (changed) {
					this.emitter.fire();
					log.info(this.summary());
				}
			} while (this.again);
		} catch (e) {
			log.error('Scanning the workspace for certificates failed', e);
		}
	}

	/** What the index holds, one line for the output channel. */
	private summary(): string {
		const entries = [...this.certs.values()].map((c) => c.entry);
		const distinct = new Set(entries.flatMap((c) => (c.info ? [c.info.sha1Hex] : []))).size;
		const locked = entries.filter((c) => c.locked).length;
		const unreadable = entries.filter((c) => !c.info && !c.locked).length;
		const manifests = [...this.manifests.values()].filter((m) => m.entry && !m.entry.federatedOnly).length;
		const federated = [...this.manifests.values()].filter((m) => m.entry?.federatedOnly).length;
		return `Workspace index: ${distinct} certificate(s) in ${entries.length - locked - unreadable} file(s), ${entries.filter((c) => c.keyUri).length} with a matching key; ${locked} PFX waiting for a password; ${unreadable} unreadable; ${manifests} app manifest(s), ${federated} federated-credential export(s)`;
	}

	private globs(): string[] {
		const configured = vscode.workspace.getConfiguration('entraCert').get<string[]>('certificates.include', DEFAULT_GLOBS);
		return configured.length > 0 ? configured : DEFAULT_GLOBS;
	}

	private exclude(): string {
		const configured = vscode.workspace.getConfiguration('entraCert').get<string[]>('certificates.exclude', []);
		return `{**/node_modules/**,**/.git/**${configured.map((g) => ',' + g).join('')}}`;
	}

	private async scanCertificates(): Promise<boolean> {
		const core = await scanner();
		const slice = new TimeSlices();
		const found = new Map<string, vscode.Uri>();
		for (const glob of this.globs()) {
			for (const uri of await vscode.workspace.findFiles(glob, this.exclude(), 2000)) {
				found.set(uri.toString(), uri);
			}
		}
		let changed = false;
		const lookForKeys = this.keysChanged;
		this.keysChanged = false;
		const folders = new FolderListings();
		for (const key of [...this.certs.keys()]) {
			if (!found.has(key)) {
				this.certs.delete(key);
				changed = true;
			}
		}
		await inParallel([...found], async ([key, uri]) => {
			const stamp = await statOf(uri);
			if (!stamp) {
				return;
			}
			const prev = this.certs.get(key);
			if (prev && prev.stamp.mtime === stamp.mtime && prev.stamp.size === stamp.size) {
				// A key file beside it may have appeared, changed or gone: look again (a key inside the file stays).
				if (lookForKeys && prev.entry.info && prev.entry.keyUri?.toString() !== key) {
					const before = prev.entry.keyUri?.toString();
					prev.entry.keyUri = await this.findKey(uri, prev.entry.info, core, slice, folders);
					changed ||= prev.entry.keyUri?.toString() !== before;
				}
				return;
			}
			changed = true;
			const entry: IndexedCertificate = { uri };
			let keyInfo: PrivateKeyInfo | undefined;
			try {
				const bytes = await readBytes(uri, stamp, MAX_CERTIFICATE_BYTES, 'certificate');
				// Files are read in parallel; parsing them takes turns, a few milliseconds each, between which the
				// extension host handles its other messages.
				await slice.pause();
				const material = await core.readCertificateMaterial(bytes, { fileName: path.basename(uri.fsPath), password: this.passwords.get(key) });
				if (material.certificates.length === 0) {
					// A PEM with only a private key: not a certificate file.
					this.certs.delete(key);
					return;
				}
				await slice.pause();
				entry.info = core.describeCertificate(material.certificates[0]);
				keyInfo = material.privateKey;
				if (keyInfo && core.keyMatchesCertificate(keyInfo, material.certificates[0])) {
					entry.keyUri = uri;
				}
			} catch (e) {
				if (core.isCoreError(e) && e.code === 'ERR_PEM_NO_BLOCK') {
					this.certs.delete(key);
					return;
				}
				entry.locked = core.isCoreError(e) && e.code === 'ERR_PFX_PASSWORD';
				entry.error = e instanceof Error ? e.message : String(e);
			}
			if (entry.info && !entry.keyUri) {
				entry.keyUri = await this.findKey(uri, entry.info, core, slice, folders);
			}
			this.certs.set(key, { stamp, entry, keyDer: keyInfo });
		});
		return changed;
	}

	private async findKey(certUri: vscode.Uri, info: CertificateInfo, core: typeof IndexScan, slice: TimeSlices, folders?: FolderListings): Promise<vscode.Uri | undefined> {
		const base = certUri.fsPath.slice(0, certUri.fsPath.length - path.extname(certUri.fsPath).length);
		for (const ext of KEY_EXTS) {
			const candidate = vscode.Uri.file(base + ext);
			if (candidate.fsPath === certUri.fsPath || (folders && !(await folders.has(candidate)))) {
				continue;
			}
			try {
				const bytes = await readBytes(candidate, undefined, MAX_CERTIFICATE_BYTES, 'key');
				await slice.pause();
				const key = core.readPrivateKey(bytes, { fileName: path.basename(candidate.fsPath) });
				if (core.keyMatchesCertificate(key, info.der)) {
					return candidate;
				}
			} catch {
				// Not there, encrypted, or not a key: no match.
			}
		}
		return undefined;
	}

	private async scanManifests(): Promise<boolean> {
		const core = await scanner();
		const slice = new TimeSlices();
		const found = await vscode.workspace.findFiles('**/*.json', this.exclude(), 500);
		const seen = new Set(found.map((u) => u.toString()));
		let changed = false;
		for (const key of [...this.manifests.keys()]) {
			if (!seen.has(key)) {
				this.manifests.delete(key);
				changed = true;
			}
		}
		for (const uri of found) {
			const stamp = await statOf(uri);
			if (!stamp || stamp.size > MAX_MANIFEST_BYTES) {
				continue;
			}
			const prev = this.manifests.get(uri.toString());
			if (prev && prev.stamp.mtime === stamp.mtime && prev.stamp.size === stamp.size) {
				continue;
			}
			let entry: IndexedManifest | undefined;
			try {
				const text = new TextDecoder().decode(await readBytes(uri, stamp, MAX_MANIFEST_BYTES, 'manifest'));
				await slice.pause();
				if (core.isLikelyManifest(text) && !core.isAppManifest(text)) {
					entry = { uri, text, federatedOnly: true, registered: [] };
				} else if (core.isLikelyManifest(text)) {
					const parsed = core.parseManifest(text, path.basename(uri.fsPath));
					entry = {
						uri,
						text,
						appId: parsed.appId,
						displayName: parsed.displayName,
						registered: parsed.keyCredentials.map((k) => ({
							sha1Hex: k.certificateBase64 ? sha1OfBase64(k.certificateBase64, core) : undefined,
							customKeyIdentifier: k.customKeyIdentifier,
							keyId: k.keyId,
							displayName: k.displayName,
							offset: k.offset,
						})),
					};
				}
			} catch {
				// Invalid JSON: the manifest diagnostics say where; the index skips it.
			}
			if (prev?.entry || entry) {
				changed = true;
			}
			this.manifests.set(uri.toString(), { stamp, entry });
		}
		return changed;
	}
}

function sha1OfBase64(b64: string, core: typeof IndexScan): string | undefined {
	try {
		return core.thumbprints(new Uint8Array(Buffer.from(b64, 'base64'))).sha1Hex;
	} catch {
		return undefined;
	}
}

/**
 * A file's modification time and size. Files on disk (the `file` scheme: the extension host runs where they are) go
 * through Node directly: VS Code's workspace.fs is a message round trip per call, which for a thousand files is
 * most of a scan. Other schemes (virtual workspaces) through workspace.fs.
 */
async function statOf(uri: vscode.Uri): Promise<Stamp | undefined> {
	try {
		if (uri.scheme === 'file') {
			const s = await new Promise<Stats>((resolve, reject) => stat(uri.fsPath, (e, st) => (e ? reject(e) : resolve(st))));
			return { mtime: s.mtimeMs, size: s.size, regular: s.isFile() };
		}
		const s = await vscode.workspace.fs.stat(uri);
		return { mtime: s.mtime, size: s.size, regular: (s.type & vscode.FileType.File) !== 0 };
	} catch {
		return undefined;
	}
}

/**
 * File order: by path, code unit by code unit. Not localeCompare or Intl.Collator: the first collator costs tens of
 * milliseconds of locale data on the extension host, for an order nobody reads closely.
 */
const byPath = (a: { uri: vscode.Uri }, b: { uri: vscode.Uri }) => (a.uri.fsPath < b.uri.fsPath ? -1 : a.uri.fsPath > b.uri.fsPath ? 1 : 0);

/** The largest certificate, PFX or key file the index reads. */
const MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024;

/**
 * A file's bytes, at most maxBytes: a FIFO, a device or a larger file is refused with a CoreError that names it
 * (as the CLI does), before anything is read.
 */
async function readBytes(uri: vscode.Uri, stamp: Stamp | undefined, maxBytes: number, what: 'certificate' | 'key' | 'manifest'): Promise<Uint8Array> {
	if (uri.scheme === 'file') {
		if (stamp?.regular && stamp.size <= maxBytes) {
			// Just stat'ed as a regular file of a readable size: one plain read (Node's callback readFile, the
			// cheapest path). Anything else goes through the bounded reader, whose errors name the file and the fix.
			try {
				return await new Promise<Uint8Array>((resolve, reject) => readFile(uri.fsPath, (e, b) => (e ? reject(e) : resolve(new Uint8Array(b.buffer, b.byteOffset, b.length)))));
			} catch {
				// changed since the stat (gone, grown, replaced): the bounded reader says what it is now
			}
		}
		return readInputFile(uri.fsPath, { display: vscode.workspace.asRelativePath(uri), maxBytes, what });
	}
	const display = vscode.workspace.asRelativePath(uri);
	if (stamp && !stamp.regular) {
		throw new Error(`'${display}' is not a regular file.`);
	}
	if (stamp && stamp.size > maxBytes) {
		throw tooLarge(display, what, maxBytes);
	}
	return vscode.workspace.fs.readFile(uri);
}

/**
 * The names in each folder of a scan, read once per folder (file scheme only): most certificates have no key file
 * beside them, and asking for each missing one costs a failed open and an error object per certificate.
 */
class FolderListings {
	private readonly listings = new Map<string, Promise<Set<string> | undefined>>();

	/** False only when the folder was listed and the name is not in it. */
	async has(uri: vscode.Uri): Promise<boolean> {
		if (uri.scheme !== 'file') {
			return true;
		}
		const dir = path.dirname(uri.fsPath);
		let listing = this.listings.get(dir);
		if (!listing) {
			listing = readdir(dir).then((names) => new Set(names), () => undefined);
			this.listings.set(dir, listing);
		}
		const names = await listing;
		return !names || names.has(path.basename(uri.fsPath));
	}
}

/**
 * Turns for CPU work on the extension host: pause() yields to the event loop (setImmediate, after pending I/O and
 * messages) once SLICE_MS have passed since the last yield. The parallel readers' continuations can otherwise run
 * back to back in one task, and 1,000 certificates at 1-3 ms each would block the host for seconds.
 */
const SLICE_MS = 8;
class TimeSlices {
	private since = performance.now();

	async pause(): Promise<void> {
		if (performance.now() - this.since >= SLICE_MS) {
			await new Promise<void>((resolve) => setImmediate(resolve));
			this.since = performance.now();
		}
	}
}

/** How many files are read and parsed at once: enough to overlap the file reads, few enough to stay responsive. */
const CONCURRENCY = 16;

/** Runs fn over the items, at most CONCURRENCY at a time. */
async function inParallel<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			await fn(items[next++]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
