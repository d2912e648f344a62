/**
 * File writes for the CLI, the sandbox and the extension host (never the core).
 *
 * - Every write goes to a temp file beside the real target (behind any symlink), is synced, and is then linked
 *   (new files: fails if the name appeared meanwhile) or renamed (replacements) into place: a file is absent or whole.
 * - Temp files are created 0600 (a private key is never readable by others, not even for a moment), get their final
 *   mode (and, when replacing, the old file's owner) before they take the real name, and are unlinked on failure.
 * - Temp files are named `.NAME.entra-cert-tmp-PID.GROUP`; a later write in the same folder removes those whose
 *   process is gone. A set of files (`cert new`) keeps a journal `.set.entra-cert-tmp-PID.GROUP.journal` until the
 *   whole set is in place: a run killed midway is rolled back by the next one, so the rerun doesn't trip over it.
 * - Expected failures are CoreErrors naming the user's file or folder and the fix, never the temp file.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, constants, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CoreError, type CoreErrorCode } from '../core/errors';

/** The file already exists; the kit never overwrites a file unless asked to. */
export class FileExistsError extends CoreError {
	constructor(readonly path: string) {
		super('ERR_FILE_EXISTS', `'${path}' already exists; choose another name or folder, or move the old file away (the kit never overwrites a file).`);
	}
}

export interface WriteOptions {
	/** File mode, e.g. 0o600 for private keys. Default: the replaced file's mode, else 0o644. */
	mode?: number;
	/** Replace an existing file (still atomically, through a symlink to its target, keeping its owner). Default false. */
	overwrite?: boolean;
}

const TEMP_MARK = '.entra-cert-tmp-';
const TEMP_NAME = /^\.(.*)\.entra-cert-tmp-(\d+)\.([0-9a-f]+)(\.journal)?$/;
/** A temp file this old is stale whatever its process id says (ids are reused). */
const STALE_AFTER_MS = 60 * 60 * 1000;

interface JournalEntry {
	path: string;
	dev: number;
	ino: number;
}

/** Writes data to path atomically: temp file beside the (real) target, fsync, then link or rename into place. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
	if (!options.overwrite) {
		await writeNewFiles([{ path, data, mode: options.mode }]);
		return;
	}
	const target = await realTarget(path);
	const folder = dirname(target);
	await cleanStaleTempFiles(folder);
	let old: Stats | undefined;
	try {
		old = await fs.stat(target);
	} catch (e) {
		if (errnoOf(e) !== 'ENOENT') {
			throw fileError(e, path, 'read');
		}
	}
	if (old?.isDirectory()) {
		throw new CoreError('ERR_FILE', `'${path}' is a folder; give a file name.`);
	}
	if (old) {
		await refuseReadOnly(path, target, old);
	}
	const mode = options.mode ?? (old ? old.mode & 0o7777 : 0o644);
	const temp = await writeTemp(folder, basename(target), groupId(), data, mode, path, old);
	try {
		await fs.rename(temp.path, target);
	} catch (e) {
		await fs.rm(temp.path, { force: true });
		throw fileError(e, path, 'replace');
	}
	await syncFolder(folder);
}

/**
 * Writes several new files (certificate, key, DER, PFX) as one: all land, or none does. If any exists, none is
 * written. All temps are written first, then linked into place; a failure removes what was linked, and a run killed
 * midway is rolled back by the next write in that folder (its journal says which files it had linked).
 */
export async function writeNewFiles(files: { path: string; data: Uint8Array | string; mode?: number }[]): Promise<void> {
	const folders = [...new Set(files.map((f) => dirname(resolve(f.path))))];
	for (const folder of folders) {
		await cleanStaleTempFiles(folder);
	}
	for (const f of files) {
		if (await exists(f.path)) {
			throw new FileExistsError(f.path);
		}
	}
	const group = groupId();
	// Keys last, so their temp files live the shortest time; linked first for the same reason.
	const ordered = [...files].sort((a, b) => Number(isPrivate(a.mode)) - Number(isPrivate(b.mode)));
	const temps: { file: (typeof files)[number]; path: string; dev: number; ino: number }[] = [];
	let journal: string | undefined;
	const linked: JournalEntry[] = [];
	try {
		for (const f of ordered) {
			const t = await writeTemp(dirname(resolve(f.path)), basename(f.path), group, f.data, f.mode ?? 0o644, f.path);
			temps.push({ file: f, ...t });
		}
		if (files.length > 1) {
			journal = join(folders[0], `.set${TEMP_MARK}${process.pid}.${group}.journal`);
			const entries: JournalEntry[] = temps.map((t) => ({ path: resolve(t.file.path), dev: t.dev, ino: t.ino }));
			await writeSmall(journal, JSON.stringify(entries), files[0].path);
		}
		for (const t of [...temps].reverse()) {
			try {
				await fs.link(t.path, t.file.path);
			} catch (e) {
				throw errnoOf(e) === 'EEXIST' ? new FileExistsError(t.file.path) : fileError(e, t.file.path, 'replace');
			}
			linked.push({ path: t.file.path, dev: t.dev, ino: t.ino });
			await fs.rm(t.path, { force: true });
		}
		for (const folder of folders) {
			await syncFolder(folder);
		}
	} catch (e) {
		for (const l of linked) {
			await removeIfSame(l);
		}
		await Promise.all(temps.map((t) => fs.rm(t.path, { force: true })));
		if (journal) {
			await fs.rm(journal, { force: true });
		}
		throw e;
	}
	// The set is complete: without the journal, a later cleanup keeps these files.
	if (journal) {
		await fs.rm(journal, { force: true });
	}
}

/**
 * Makes a folder and its missing parents, one level at a time (never loops: Node's recursive mkdir spins forever
 * on a folder that cannot exist, such as one under /proc). Expected failures are CoreErrors naming the folder.
 */
export async function ensureFolder(dir: string): Promise<void> {
	const target = resolve(dir);
	const missing: string[] = [];
	let at = target;
	for (;;) {
		try {
			const st = await fs.stat(at);
			if (!st.isDirectory()) {
				throw new CoreError('ERR_FILE', `'${at}' is a file, not a folder; choose another folder than '${dir}'.`);
			}
			break;
		} catch (e) {
			if (e instanceof CoreError) {
				throw e;
			}
			const code = errnoOf(e);
			if (code === 'ENOTDIR') {
				missing.length = 0;
				at = dirname(at);
				continue;
			}
			if (code !== 'ENOENT' || dirname(at) === at) {
				throw fileError(e, at, 'folder');
			}
			missing.unshift(at);
			at = dirname(at);
		}
	}
	for (const m of missing) {
		try {
			await fs.mkdir(m);
		} catch (e) {
			if (errnoOf(e) === 'EEXIST' && (await fs.stat(m).catch(() => undefined))?.isDirectory()) {
				continue;
			}
			if (errnoOf(e) === 'ENOENT') {
				throw new CoreError('ERR_FILE', `The folder '${m}' cannot be created: '${dirname(m)}' does not accept new folders; choose another folder.`);
			}
			throw fileError(e, m, 'folder');
		}
	}
}

/**
 * Removes the temp files of writes whose process is gone (or that are over an hour old) from a folder, and rolls
 * back a set of files whose writer died before the set was complete. Never touches anything else; never throws.
 */
export async function cleanStaleTempFiles(dir: string): Promise<void> {
	let names: string[];
	try {
		names = await fs.readdir(dir);
	} catch {
		return;
	}
	const groups = new Map<string, { temps: string[]; journal?: string }>();
	for (const n of names) {
		const m = TEMP_NAME.exec(n);
		if (!m) {
			continue;
		}
		const pid = Number(m[2]);
		const p = join(dir, n);
		const st = await fs.lstat(p).catch(() => undefined);
		if (!st?.isFile() || (pid === process.pid && !isOld(st)) || (processAlive(pid) && !isOld(st))) {
			continue;
		}
		const key = `${m[2]}.${m[3]}`;
		const g = groups.get(key) ?? { temps: [] };
		if (m[4]) {
			g.journal = p;
		} else {
			g.temps.push(p);
		}
		groups.set(key, g);
	}
	for (const g of groups.values()) {
		if (g.journal) {
			// The set never completed: take back what it had linked (same file, by inode), then its temps.
			const entries = await readJournal(g.journal);
			for (const e of entries) {
				await removeIfSame(e);
			}
		}
		await Promise.all(g.temps.map((t) => fs.rm(t, { force: true }).catch(() => undefined)));
		if (g.journal) {
			await fs.rm(g.journal, { force: true }).catch(() => undefined);
		}
	}
}

/**
 * True when the mode bits deny writing to the file: the owner's bits for its owner, the group's for a member,
 * others' for anyone else; for root, the owner's bits (root could write anyway, but the owner marked it read-only).
 */
export function modeForbidsWrite(st: { mode: number; uid: number; gid: number }, uid: number, gids: number[]): boolean {
	if (uid === 0 || uid === st.uid) {
		return (st.mode & 0o200) === 0;
	}
	if (gids.includes(st.gid)) {
		return (st.mode & 0o020) === 0;
	}
	return (st.mode & 0o002) === 0;
}

export async function exists(path: string): Promise<boolean> {
	try {
		await fs.lstat(path);
		return true;
	} catch {
		return false;
	}
}

/** The file a path names after following symlinks (also a dangling one: the file it would create). */
async function realTarget(path: string): Promise<string> {
	let p = resolve(path);
	for (let hops = 0; hops < 40; hops++) {
		let st: Stats;
		try {
			st = await fs.lstat(p);
		} catch (e) {
			if (errnoOf(e) === 'ENOENT') {
				return p;
			}
			throw fileError(e, path, 'read');
		}
		if (!st.isSymbolicLink()) {
			return p;
		}
		const link = await fs.readlink(p);
		p = isAbsolute(link) ? link : resolve(dirname(p), link);
	}
	throw new CoreError('ERR_FILE', `'${path}' is a chain of more than 40 symbolic links (a loop?); point it at the real file.`);
}

async function refuseReadOnly(path: string, target: string, st: Stats): Promise<void> {
	const uid = process.getuid?.() ?? -1;
	const gids = [process.getegid?.() ?? -1, ...(process.getgroups?.() ?? [])];
	let denied = uid >= 0 && modeForbidsWrite(st, uid, gids);
	if (!denied && uid > 0) {
		denied = await fs.access(target, constants.W_OK).then(
			() => false,
			(e: unknown) => errnoOf(e) === 'EACCES' || errnoOf(e) === 'EPERM',
		);
	}
	if (denied) {
		const shown = target === resolve(path) ? `'${path}'` : `'${path}' (a link to '${target}')`;
		throw new CoreError('ERR_FILE_READONLY', `${shown} is read-only (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); make it writable (chmod u+w '${target}') and run again, or work on a copy. Nothing was changed.`);
	}
}

/**
 * Creates `.NAME.entra-cert-tmp-PID.GROUP` in the folder, 0600 from its first byte, writes and syncs the data, and
 * gives it its final mode (and the replaced file's owner). Unlinks it on any failure.
 */
async function writeTemp(folder: string, name: string, group: string, data: Uint8Array | string, mode: number, userPath: string, owner?: Stats): Promise<{ path: string; dev: number; ino: number }> {
	const path = join(folder, `.${name}${TEMP_MARK}${process.pid}.${group}`);
	let handle;
	try {
		handle = await fs.open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
	} catch (e) {
		throw fileError(e, userPath, 'temp', folder);
	}
	try {
		await handle.writeFile(data);
		if (owner && (owner.uid !== process.getuid?.() || owner.gid !== process.getgid?.())) {
			await handle.chown(owner.uid, owner.gid).catch((e: unknown) => {
				throw new CoreError('ERR_FILE_PERMISSION', `'${userPath}' belongs to another user (uid ${owner.uid}, gid ${owner.gid}); replacing it would change its owner. Run as its owner, or work on a copy. Nothing was changed.`, { cause: e });
			});
		}
		// After chown, which may clear set-id bits.
		await handle.chmod(mode);
		await handle.sync();
		const st = await handle.stat();
		await handle.close();
		return { path, dev: st.dev, ino: st.ino };
	} catch (e) {
		await handle.close().catch(() => undefined);
		await fs.rm(path, { force: true });
		throw e instanceof CoreError ? e : fileError(e, userPath, 'temp', folder);
	}
}

async function writeSmall(path: string, text: string, userPath: string): Promise<void> {
	const handle = await fs.open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600).catch((e: unknown) => {
		throw fileError(e, userPath, 'temp', dirname(path));
	});
	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function readJournal(path: string): Promise<JournalEntry[]> {
	try {
		const v = JSON.parse(await fs.readFile(path, 'utf8')) as unknown;
		return Array.isArray(v) ? v.filter((e): e is JournalEntry => !!e && typeof e.path === 'string' && typeof e.dev === 'number' && typeof e.ino === 'number') : [];
	} catch {
		// Cut short while being written: nothing had been linked yet.
		return [];
	}
}

/** Unlinks path if it is still the very file recorded (same device and inode), not a file someone put there since. */
async function removeIfSame(e: JournalEntry): Promise<void> {
	const st = await fs.lstat(e.path).catch(() => undefined);
	if (st && st.isFile() && st.dev === e.dev && st.ino === e.ino) {
		await fs.rm(e.path, { force: true }).catch(() => undefined);
	}
}

async function syncFolder(folder: string): Promise<void> {
	try {
		const h = await fs.open(folder, constants.O_RDONLY);
		try {
			await h.sync();
		} finally {
			await h.close();
		}
	} catch {
		// Not every platform or file system can sync a folder; the rename itself is already atomic.
	}
}

function processAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) {
		return false;
	}
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return errnoOf(e) === 'EPERM';
	}
}

function isOld(st: Stats): boolean {
	return Date.now() - st.mtimeMs > STALE_AFTER_MS;
}

function isPrivate(mode: number | undefined): boolean {
	return mode !== undefined && (mode & 0o077) === 0;
}

function groupId(): string {
	return randomBytes(6).toString('hex');
}

function errnoOf(e: unknown): string | undefined {
	return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * An expected file-system failure as one sentence naming the user's file or folder (never the temp file) and the fix.
 * `phase`: reading the target, creating the temp file in `folder`, putting it in place, or making a folder.
 */
function fileError(e: unknown, path: string, phase: 'read' | 'temp' | 'replace' | 'folder', folder = dirname(resolve(path))): CoreError {
	const code = errnoOf(e);
	const make = (c: CoreErrorCode, m: string) => new CoreError(c, m, { cause: e });
	if (phase === 'folder') {
		if (code === 'EACCES' || code === 'EPERM') {
			return make('ERR_FILE_PERMISSION', `The folder '${path}' cannot be created (permission denied in '${dirname(path)}'); choose a folder you can write to.`);
		}
		if (code === 'EROFS') {
			return make('ERR_FILE', `The folder '${path}' cannot be created: '${dirname(path)}' is on a read-only file system; choose another folder.`);
		}
		return make('ERR_FILE', `The folder '${path}' cannot be created (${code ?? String(e)}); choose another folder.`);
	}
	switch (code) {
		case 'EACCES':
		case 'EPERM':
			return phase === 'temp'
				? make('ERR_FILE_PERMISSION', `Cannot write '${path}': the folder '${folder}' is not writable for you (permission denied); make it writable (chmod u+w '${folder}') or choose another folder.`)
				: make('ERR_FILE_PERMISSION', `Cannot write '${path}' (permission denied); check the permissions of the file and of the folder '${folder}', or choose another folder.`);
		case 'ENOENT':
			return make('ERR_FILE', `Cannot write '${path}': the folder '${folder}' does not exist; create it first or choose another folder.`);
		case 'ENOTDIR':
			return make('ERR_FILE', `Cannot write '${path}': part of '${folder}' is a file, not a folder; choose another folder.`);
		case 'EISDIR':
			return make('ERR_FILE', `'${path}' is a folder; give a file name.`);
		case 'EROFS':
			return make('ERR_FILE', `Cannot write '${path}': '${folder}' is on a read-only file system; choose another folder.`);
		case 'ENOSPC':
		case 'EDQUOT':
			return make('ERR_FILE', `Cannot write '${path}': no space left (${code}) on the disk holding '${folder}'; free some space and run again.`);
		case 'ELOOP':
			return make('ERR_FILE', `Cannot write '${path}': too many symbolic links; point it at the real file.`);
		default:
			return make('ERR_FILE', `Cannot ${phase === 'read' ? 'read' : 'write'} '${path}' (${code ?? String(e)}).`);
	}
}
