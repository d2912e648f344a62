/**
 * Bounded reads of the user's input files and standard input, for the CLI and the sandbox (never the core).
 *
 * - Only regular files are read: a FIFO, a device, a socket or a folder is refused from its stat, before any open
 *   that could block; the file is then opened non-blocking and checked again on the open handle (a file swapped for
 *   a FIFO in between is refused the same way).
 * - No more than INPUT_LIMITS.maxInputBytes + 1 bytes are ever read: a larger file is refused without loading it.
 * - JSON that nests deeper than INPUT_LIMITS.maxJsonDepth is refused by name before a recursive parser sees it.
 * - Every expected failure is a CoreError naming the user's file and the fix.
 */
import { promises as fs, constants, type Stats } from 'node:fs';
import { CoreError } from '../core/errors';

/** The bounds the kit states and enforces for what it reads (issue 10). */
export const INPUT_LIMITS = {
	/** The largest file (or standard input) any command reads: 50 MiB. */
	maxInputBytes: 50 * 1024 * 1024,
	/** The deepest nesting of objects and arrays accepted in a JSON file (manifests, JWK Sets). */
	maxJsonDepth: 256,
} as const;

export interface ReadInputOptions {
	/** What the file is, for messages: 'certificate', 'manifest', 'key', 'JWK Set', 'input'. */
	what?: string;
	/** How the file is named in messages (default: the path as given). */
	display?: string;
	/** Default INPUT_LIMITS.maxInputBytes. */
	maxBytes?: number;
}

function megabytes(n: number): string {
	return n >= 1024 * 1024 ? `${Number((n / (1024 * 1024)).toFixed(1))} MB` : `${n} bytes`;
}

function kindOf(st: Stats): string | undefined {
	if (st.isFile()) {
		return undefined;
	}
	if (st.isDirectory()) {
		return 'a folder';
	}
	if (st.isFIFO()) {
		return 'a named pipe (FIFO)';
	}
	if (st.isCharacterDevice() || st.isBlockDevice()) {
		return 'a device';
	}
	if (st.isSocket()) {
		return 'a socket';
	}
	return 'not a regular file';
}

function notRegular(display: string, what: string, kind: string): CoreError {
	const hint = kind === 'a folder' ? `give the ${what} file inside it` : `save the ${what} to a regular file and pass that file, or pipe it to standard input with '-' where the command accepts it`;
	return new CoreError('ERR_INPUT_NOT_FILE', `'${display}' is ${kind}, not a regular file; ${hint}.`);
}

export function tooLarge(display: string, what: string, maxBytes: number): CoreError {
	const fix = what === 'input' ? 'keep only the part that matters (the error message, the token or the request)' : `give the ${what} itself (a ${what} file is far smaller), not an archive, a log or a disk image`;
	return new CoreError('ERR_INPUT_TOO_LARGE', `'${display}' is larger than ${megabytes(maxBytes)}, the most the kit reads from one ${what === 'input' ? 'input' : `${what} file`}; ${fix}.`);
}

function readError(e: unknown, display: string, what: string): CoreError {
	const code = (e as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT':
			return new CoreError('ERR_FILE', `'${display}' does not exist; check the ${what} path.`, { cause: e });
		case 'EACCES':
		case 'EPERM':
			return new CoreError('ERR_FILE_PERMISSION', `'${display}' cannot be read (permission denied); make it readable for you (chmod u+r '${display}') or run as its owner.`, { cause: e });
		case 'EISDIR':
			return notRegular(display, what, 'a folder');
		case 'ENOTDIR':
			return new CoreError('ERR_FILE', `'${display}' does not exist: part of its path is a file, not a folder; check the ${what} path.`, { cause: e });
		case 'ELOOP':
			return new CoreError('ERR_FILE', `'${display}' is a loop of symbolic links; point it at the real ${what} file.`, { cause: e });
		case 'ENAMETOOLONG':
			return new CoreError('ERR_FILE', `The ${what} path '${display.slice(0, 80)}…' is too long; check it.`, { cause: e });
		default:
			return new CoreError('ERR_FILE', `'${display}' cannot be read (${code ?? String(e)}); check the ${what} file.`, { cause: e });
	}
}

/**
 * The bytes of a regular file, at most `maxBytes` (50 MiB): refuses folders, FIFOs, devices and sockets before
 * opening them, and a larger file after reading no more than maxBytes + 1 bytes.
 * @example
 * const bytes = await readInputFile('app.pem', { what: 'certificate' });
 */
export async function readInputFile(path: string, options: ReadInputOptions = {}): Promise<Uint8Array> {
	const display = options.display ?? path;
	const what = options.what ?? 'input';
	const maxBytes = options.maxBytes ?? INPUT_LIMITS.maxInputBytes;
	let st: Stats;
	try {
		st = await fs.stat(path);
	} catch (e) {
		throw readError(e, display, what);
	}
	const kind = kindOf(st);
	if (kind) {
		throw notRegular(display, what, kind);
	}
	if (st.size > maxBytes) {
		throw tooLarge(display, what, maxBytes);
	}
	let handle: fs.FileHandle;
	try {
		// Non-blocking: should the path have become a FIFO since the stat, the open still returns at once.
		handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (e) {
		throw readError(e, display, what);
	}
	try {
		const opened = await handle.stat();
		const openedKind = kindOf(opened);
		if (openedKind) {
			throw notRegular(display, what, openedKind);
		}
		// Sized from the stat, grown if the file grows while read; never past maxBytes + 1.
		let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(opened.size + 1, 4096)));
		let length = 0;
		for (;;) {
			if (length === buffer.length) {
				if (buffer.length > maxBytes) {
					throw tooLarge(display, what, maxBytes);
				}
				const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
				buffer.copy(grown, 0, 0, length);
				buffer = grown;
			}
			const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
			if (bytesRead === 0) {
				break;
			}
			length += bytesRead;
		}
		if (length > maxBytes) {
			throw tooLarge(display, what, maxBytes);
		}
		return new Uint8Array(buffer.buffer, buffer.byteOffset, length);
	} catch (e) {
		throw e instanceof CoreError ? e : readError(e, display, what);
	} finally {
		await handle.close().catch(() => undefined);
	}
}

/** A regular file as UTF-8 text (a BOM is kept as U+FEFF, as fs.readFile does), bounded as readInputFile. */
export async function readInputText(path: string, options: ReadInputOptions = {}): Promise<string> {
	return Buffer.from(await readInputFile(path, options)).toString('utf8');
}

/** A JSON (or JSONC) file as text, refused when larger than the bound or nested deeper than maxJsonDepth. */
export async function readJsonInputText(path: string, options: ReadInputOptions & { maxDepth?: number } = {}): Promise<string> {
	const text = await readInputText(path, options);
	assertJsonDepth(text, { display: options.display ?? path, what: options.what, maxDepth: options.maxDepth });
	return text;
}

/**
 * Standard input, at most maxBytes (50 MiB): stops reading (and destroys the stream) as soon as more arrives.
 * @example
 * const text = Buffer.from(await readStreamBounded(process.stdin)).toString('utf8');
 */
export async function readStreamBounded(stream: AsyncIterable<unknown> & { destroy?: () => void }, options: { maxBytes?: number; display?: string; what?: string } = {}): Promise<Uint8Array> {
	const maxBytes = options.maxBytes ?? INPUT_LIMITS.maxInputBytes;
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const c of stream) {
		const b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c as Uint8Array);
		total += b.length;
		if (total > maxBytes) {
			stream.destroy?.();
			throw tooLarge(options.display ?? 'standard input', options.what ?? 'input', maxBytes);
		}
		chunks.push(b);
	}
	return new Uint8Array(Buffer.concat(chunks, total));
}

/**
 * The deepest nesting of objects and arrays in JSON or JSONC text, counted in one pass (strings and comments
 * skipped), stopping as soon as `stopAbove` is passed. Malformed text is counted as far as it goes.
 */
export function jsonDepth(text: string, stopAbove = Infinity): number {
	let depth = 0;
	let max = 0;
	const n = text.length;
	for (let i = 0; i < n; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x22 /* " */) {
			for (i++; i < n; i++) {
				const d = text.charCodeAt(i);
				if (d === 0x5c /* \ */) {
					i++;
				} else if (d === 0x22 || d === 0x0a) {
					break;
				}
			}
		} else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
			const end = text.indexOf('\n', i + 2);
			i = end < 0 ? n : end;
		} else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
			const end = text.indexOf('*/', i + 2);
			i = end < 0 ? n : end + 1;
		} else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
			depth++;
			if (depth > max) {
				max = depth;
				if (max > stopAbove) {
					return max;
				}
			}
		} else if ((c === 0x7d /* } */ || c === 0x5d) /* ] */ && depth > 0) {
			depth--;
		}
	}
	return max;
}

/** Throws ERR_INPUT_TOO_DEEP naming the file when its JSON nests deeper than maxJsonDepth (256). */
export function assertJsonDepth(text: string, options: { display?: string; what?: string; maxDepth?: number } = {}): void {
	const maxDepth = options.maxDepth ?? INPUT_LIMITS.maxJsonDepth;
	if (jsonDepth(text, maxDepth) > maxDepth) {
		const name = options.display ? `'${options.display}'` : 'The input';
		throw new CoreError('ERR_INPUT_TOO_DEEP', `${name} nests objects or arrays more than ${maxDepth} levels deep, more than any ${options.what ?? 'JSON file the kit reads'} holds; check that it is the right file.`);
	}
}
