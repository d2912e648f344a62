/**
 * File writes for the CLI, the sandbox and the extension host (never the core).
 * Every write goes to a temporary file in the same folder and is renamed into place, so a file is
 * either absent or whole. By default an existing file is never overwritten.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
	override readonly name = 'FileExistsError';
	constructor(readonly path: string) {
		super(`'${path}' already exists; choose another name or folder (the kit never overwrites a file).`);
	}
}

export interface WriteOptions {
	/** File mode, e.g. 0o600 for private keys. Default 0o644. */
	mode?: number;
	/** Replace an existing file (still atomically). Default false. */
	overwrite?: boolean;
}

/** Writes data to path atomically: temp file in the same folder, fsync, rename. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
	const mode = options.mode ?? 0o644;
	if (!options.overwrite && (await exists(path))) {
		throw new FileExistsError(path);
	}
	const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
	const handle = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
	try {
		await handle.writeFile(data);
		await handle.sync();
	} finally {
		await handle.close();
	}
	try {
		await fs.chmod(tmp, mode);
		if (!options.overwrite) {
			// link() fails if the target appeared meanwhile, unlike rename(): no overwrite race.
			await fs.link(tmp, path).catch(async (e: NodeJS.ErrnoException) => {
				if (e.code === 'EEXIST') {
					throw new FileExistsError(path);
				}
				// File systems without hard links: fall back to a checked rename.
				if (await exists(path)) {
					throw new FileExistsError(path);
				}
				await fs.rename(tmp, path);
			});
			await fs.rm(tmp, { force: true });
		} else {
			await fs.rename(tmp, path);
		}
	} catch (e) {
		await fs.rm(tmp, { force: true });
		throw e;
	}
}

/** Writes several files; if any already exists none is written. Writes are atomic one by one. */
export async function writeNewFiles(files: { path: string; data: Uint8Array | string; mode?: number }[]): Promise<void> {
	for (const f of files) {
		if (await exists(f.path)) {
			throw new FileExistsError(f.path);
		}
	}
	const written: string[] = [];
	try {
		for (const f of files) {
			await writeFileAtomic(f.path, f.data, { mode: f.mode });
			written.push(f.path);
		}
	} catch (e) {
		await Promise.all(written.map((p) => fs.rm(p, { force: true })));
		throw e;
	}
}

export async function exists(path: string): Promise<boolean> {
	try {
		await fs.lstat(path);
		return true;
	} catch {
		return false;
	}
}
