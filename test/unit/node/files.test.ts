import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { promises as fsPromises, chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { cleanStaleTempFiles, ensureFolder, FileExistsError, modeForbidsWrite, writeFileAtomic, writeNewFiles } from '../../../src/node/files';

const TEMP = /\.entra-cert-tmp-/;
const isRoot = process.getuid?.() === 0;

/**
 * Child mode: this bundle is also the process the crash tests SIGKILL and the unprivileged writer of the EACCES
 * test (run with ECK_FILES_CHILD set, outside mocha).
 */
async function child(spec: { op: 'set' | 'one'; files: { path: string; data: string; mode?: number }[]; killAt?: number }): Promise<void> {
	if (spec.killAt !== undefined) {
		// Die just before the killAt-th file-system call: every phase of the write gets hit, not only the long ones.
		let calls = 0;
		const api = fsPromises as unknown as Record<string, (...a: unknown[]) => unknown>;
		for (const name of ['open', 'link', 'rm', 'rename', 'readdir', 'lstat', 'stat', 'readFile']) {
			const real = api[name].bind(fsPromises);
			api[name] = (...a: unknown[]) => {
				if (++calls === spec.killAt) {
					process.kill(process.pid, 'SIGKILL');
				}
				return real(...a);
			};
		}
	}
	try {
		process.stdout.write('ready\n');
		const t0 = process.hrtime.bigint();
		if (spec.op === 'set') {
			await writeNewFiles(spec.files.map((f) => ({ ...f, data: Buffer.from(f.data, 'base64') })));
		} else {
			await writeFileAtomic(spec.files[0].path, spec.files[0].data, { mode: spec.files[0].mode });
		}
		process.stdout.write(`done ${Number(process.hrtime.bigint() - t0) / 1e6}\n`);
		process.exit(0);
	} catch (e) {
		process.stdout.write(JSON.stringify({ code: (e as CoreError).code, message: (e as Error).message }) + '\n');
		process.exit(3);
	}
}

/** The child's instructions, in a file (megabytes do not fit in an environment variable). */
function specFile(spec: unknown): string {
	const d = mkdtempSync(join(tmpdir(), 'eck-spec-'));
	chmodSync(d, 0o755);
	writeFileSync(join(d, 'spec.json'), JSON.stringify(spec), { mode: 0o644 });
	return join(d, 'spec.json');
}

function runChild(spec: unknown, options: { uid?: number; gid?: number } = {}): { status: number | null; out: string } {
	const r = spawnSync(process.execPath, [__filename], { env: { ...process.env, ECK_FILES_CHILD: specFile(spec) }, encoding: 'utf8', ...options });
	return { status: r.status, out: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

function deadPid(): number {
	const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
	return Number(r.stdout);
}

if (process.env.ECK_FILES_CHILD) {
	void child(JSON.parse(readFileSync(process.env.ECK_FILES_CHILD, 'utf8')));
} else {
	describe('src/node/files', () => {
		let dir: string;
		beforeEach(() => {
			dir = mkdtempSync(join(tmpdir(), 'eck-files-'));
		});

		it('writes with the requested mode and leaves no temp file', async () => {
			await writeFileAtomic(join(dir, 'k.key'), 'secret', { mode: 0o600 });
			assert.equal(statSync(join(dir, 'k.key')).mode & 0o777, 0o600);
			assert.deepEqual(readdirSync(dir), ['k.key']);
		});

		it('refuses to overwrite by default with a message of its own, and keeps the old content', async () => {
			writeFileSync(join(dir, 'a.pem'), 'old');
			await assert.rejects(writeFileAtomic(join(dir, 'a.pem'), 'new'), (e: unknown) => e instanceof FileExistsError && e instanceof CoreError && e.code === 'ERR_FILE_EXISTS' && e.message.includes(join(dir, 'a.pem')));
			assert.equal(readFileSync(join(dir, 'a.pem'), 'utf8'), 'old');
			assert.deepEqual(readdirSync(dir), ['a.pem']);
		});

		it('overwrites atomically on request', async () => {
			writeFileSync(join(dir, 'm.json'), 'old');
			await writeFileAtomic(join(dir, 'm.json'), 'new', { overwrite: true });
			assert.equal(readFileSync(join(dir, 'm.json'), 'utf8'), 'new');
			assert.deepEqual(readdirSync(dir), ['m.json']);
		});

		it('writes through a symlink to its real target and keeps the link', async () => {
			mkdirSync(join(dir, 'real'));
			writeFileSync(join(dir, 'real', 'manifest.json'), 'old');
			symlinkSync(join('real', 'manifest.json'), join(dir, 'link.json'));
			symlinkSync('link.json', join(dir, 'link2.json'));
			await writeFileAtomic(join(dir, 'link2.json'), 'new', { overwrite: true });
			assert.ok(lstatSync(join(dir, 'link2.json')).isSymbolicLink());
			assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink());
			assert.equal(readlinkSync(join(dir, 'link.json')), join('real', 'manifest.json'));
			assert.equal(readFileSync(join(dir, 'real', 'manifest.json'), 'utf8'), 'new');
			assert.deepEqual(readdirSync(join(dir, 'real')), ['manifest.json']);
			assert.deepEqual(readdirSync(dir).sort(), ['link.json', 'link2.json', 'real']);
		});

		it('keeps the mode and the owner of a file it replaces', async function () {
			const p = join(dir, 'm.json');
			writeFileSync(p, 'old');
			chmodSync(p, 0o640);
			if (isRoot) {
				chownSync(p, 4321, 4322);
			}
			await writeFileAtomic(p, 'new', { overwrite: true });
			const st = statSync(p);
			assert.equal(st.mode & 0o7777, 0o640);
			if (isRoot) {
				assert.deepEqual([st.uid, st.gid], [4321, 4322]);
			}
			assert.equal(readFileSync(p, 'utf8'), 'new');
		});

		it('refuses a read-only file, naming it and the fix, and leaves it as it was', async () => {
			const p = join(dir, 'manifest.json');
			writeFileSync(p, 'old');
			chmodSync(p, 0o444);
			await assert.rejects(writeFileAtomic(p, 'new', { overwrite: true, mode: 0o644 }), (e: unknown) => e instanceof CoreError && e.code === 'ERR_FILE_READONLY' && e.message.includes(`'${p}'`) && /chmod u\+w/.test(e.message) && !TEMP.test(e.message));
			assert.equal(readFileSync(p, 'utf8'), 'old');
			assert.equal(statSync(p).mode & 0o777, 0o444);
			assert.deepEqual(readdirSync(dir), ['manifest.json']);
		});

		it('reads write permission from the mode bits for the owner, the group and others', () => {
			const st = (mode: number, uid: number, gid: number) => ({ mode: 0o100000 | mode, uid, gid });
			assert.equal(modeForbidsWrite(st(0o444, 1000, 1000), 1000, [1000]), true);
			assert.equal(modeForbidsWrite(st(0o644, 1000, 1000), 1000, [1000]), false);
			assert.equal(modeForbidsWrite(st(0o464, 1000, 50), 1000, [50]), true, 'the owner class decides for the owner');
			assert.equal(modeForbidsWrite(st(0o464, 2000, 50), 1000, [50]), false, 'group-writable for a member');
			assert.equal(modeForbidsWrite(st(0o644, 2000, 50), 1000, [1000]), true, 'others may not write');
			assert.equal(modeForbidsWrite(st(0o646, 2000, 50), 1000, [1000]), false);
			assert.equal(modeForbidsWrite(st(0o444, 2000, 50), 0, [0]), true, 'root too: the owner marked it read-only');
			assert.equal(modeForbidsWrite(st(0o644, 2000, 50), 0, [0]), false);
		});

		it('EACCES in a read-only folder names the folder and the fix, never the temp file (as an unprivileged user)', function () {
			if (process.platform === 'win32') {
				this.skip();
			}
			const ro = join(dir, 'ro');
			mkdirSync(ro);
			chmodSync(dir, 0o755);
			chmodSync(ro, 0o555);
			// As root the kernel would allow the write, so the check runs in a child with the uid of 'nobody'.
			const uid = isRoot ? 65534 : undefined;
			const r = runChild({ op: 'one', files: [{ path: join(ro, 'cert.pem'), data: 'x' }] }, uid === undefined ? {} : { uid, gid: 65534 });
			if (r.status !== 3 && isRoot && /EACCES|permission/i.test(r.out) && !r.out.includes('{')) {
				// The test bundle itself is not readable by 'nobody' here: nothing to conclude.
				this.skip();
			}
			assert.equal(r.status, 3, r.out);
			const e = JSON.parse(r.out.split('\n').find((l) => l.startsWith('{'))!) as { code: string; message: string };
			assert.equal(e.code, 'ERR_FILE_PERMISSION');
			assert.ok(e.message.includes(`'${ro}'`), e.message);
			assert.match(e.message, /chmod u\+w|choose another folder/);
			assert.ok(!TEMP.test(e.message), e.message);
			assert.deepEqual(readdirSync(ro), []);
		});

		it('says when the folder does not exist, and never hangs on a folder that cannot be made', async () => {
			await assert.rejects(writeFileAtomic(join(dir, 'nope', 'a.pem'), 'x'), (e: unknown) => e instanceof CoreError && e.code === 'ERR_FILE' && e.message.includes(join(dir, 'nope')) && !TEMP.test(e.message));
			await ensureFolder(join(dir, 'a', 'b', 'c'));
			assert.ok(statSync(join(dir, 'a', 'b', 'c')).isDirectory());
			await ensureFolder(join(dir, 'a', 'b', 'c'));
			writeFileSync(join(dir, 'file'), '');
			await assert.rejects(ensureFolder(join(dir, 'file', 'sub')), (e: unknown) => e instanceof CoreError && e.message.includes(join(dir, 'file')));
			if (process.platform === 'linux') {
				const t0 = Date.now();
				await assert.rejects(ensureFolder('/proc/nope/deeper'), (e: unknown) => e instanceof CoreError && e.message.includes('/proc/nope'));
				assert.ok(Date.now() - t0 < 2000);
			}
		});

		it('writes none of a set when one file exists', async () => {
			writeFileSync(join(dir, 'x.cer'), 'keep');
			await assert.rejects(
				writeNewFiles([
					{ path: join(dir, 'x.pem'), data: 'a' },
					{ path: join(dir, 'x.cer'), data: 'b' },
				]),
				(e: unknown) => e instanceof FileExistsError && e.code === 'ERR_FILE_EXISTS',
			);
			assert.deepEqual(readdirSync(dir), ['x.cer']);
			assert.equal(readFileSync(join(dir, 'x.cer'), 'utf8'), 'keep');
		});

		it('removes what it wrote when a later write fails', async () => {
			await assert.rejects(
				writeNewFiles([
					{ path: join(dir, 'ok.pem'), data: 'a' },
					{ path: join(dir, 'missing-folder', 'bad.key'), data: 'b' },
				]),
				CoreError,
			);
			assert.deepEqual(readdirSync(dir), []);
		});

		it('names temp files recognisably and removes those of dead processes only', async () => {
			const dead = deadPid();
			writeFileSync(join(dir, `.a.key.entra-cert-tmp-${dead}.0a1b2c`), '-----BEGIN PRIVATE KEY-----');
			writeFileSync(join(dir, `.b.key.entra-cert-tmp-${process.pid}.0a1b2c`), 'in progress');
			writeFileSync(join(dir, '.c.key.tmp'), 'not ours');
			await writeFileAtomic(join(dir, 'new.pem'), 'x');
			assert.deepEqual(readdirSync(dir).sort(), ['.b.key.entra-cert-tmp-' + process.pid + '.0a1b2c', '.c.key.tmp', 'new.pem']);
			await cleanStaleTempFiles(dir);
			assert.equal(readdirSync(dir).length, 3);
		});

		it('rolls back the files a dead run had linked before its set was complete, and only those', async () => {
			const dead = deadPid();
			const tmpA = join(dir, `.c.pem.entra-cert-tmp-${dead}.77aa`);
			writeFileSync(tmpA, 'cert');
			linkSync(tmpA, join(dir, 'c.pem'));
			writeFileSync(join(dir, `.c.key.entra-cert-tmp-${dead}.77aa`), 'key');
			writeFileSync(join(dir, 'other.pem'), 'the user made this one');
			const journal = [
				{ path: join(dir, 'c.pem'), dev: statSync(tmpA).dev, ino: statSync(tmpA).ino },
				{ path: join(dir, 'other.pem'), dev: statSync(tmpA).dev, ino: statSync(tmpA).ino + 1e6 },
			];
			writeFileSync(join(dir, `.set.entra-cert-tmp-${dead}.77aa.journal`), JSON.stringify(journal));
			await cleanStaleTempFiles(dir);
			assert.deepEqual(readdirSync(dir), ['other.pem']);
		});

		it('a dead run that had committed its set keeps its files; only the temps go', async () => {
			const dead = deadPid();
			const tmp = join(dir, `.c.pem.entra-cert-tmp-${dead}.99bb`);
			writeFileSync(tmp, 'cert');
			linkSync(tmp, join(dir, 'c.pem'));
			await cleanStaleTempFiles(dir);
			assert.deepEqual(readdirSync(dir), ['c.pem']);
		});

		it('writes private keys 0600 from the first byte (the temp file too)', async () => {
			// Watch the folder while a large key-mode file is written: every entry seen is 0600.
			const big = randomBytes(8 << 20);
			const seen: number[] = [];
			let done = false;
			const watcher = (async () => {
				while (!done) {
					for (const n of readdirSync(dir)) {
						try {
							seen.push(lstatSync(join(dir, n)).mode & 0o777);
						} catch {
							// gone meanwhile
						}
					}
					await new Promise((r) => setImmediate(r));
				}
			})();
			await writeNewFiles([{ path: join(dir, 'k.key'), data: big, mode: 0o600 }]);
			done = true;
			await watcher;
			assert.ok(seen.every((m) => m === 0o600), `modes seen: ${[...new Set(seen)].map((m) => m.toString(8)).join(', ')}`);
			assert.equal(statSync(join(dir, 'k.key')).mode & 0o777, 0o600);
		});

		describe('killed midway (SIGKILL at random points)', function () {
			this.timeout(120000);
			const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
			const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
			// Large enough that a write takes some milliseconds, so kills land in every phase.
			const pad = (s: string, n: number) => s + '#'.repeat(n);
			const set = (d: string) => [
				{ path: join(d, 'app.pem'), data: Buffer.from(pad('-----BEGIN CERTIFICATE-----\n', 1 << 20)).toString('base64') },
				{ path: join(d, 'app.key'), data: Buffer.from(keyPem).toString('base64'), mode: 0o600 },
				{ path: join(d, 'app.cer'), data: randomBytes(1 << 20).toString('base64') },
				{ path: join(d, 'app.pfx'), data: randomBytes(1 << 20).toString('base64'), mode: 0o600 },
			];

			it('leaves all its files or none a rerun trips over; a rerun succeeds and no temp keeps the key', async () => {
				// How long one full write takes here, to spread the kills over it.
				const probe = mkdtempSync(join(tmpdir(), 'eck-kill-'));
				const probeRun = runChild({ op: 'set', files: set(probe) });
				assert.equal(probeRun.status, 0, probeRun.out);
				const full = Number(/done ([\d.]+)/.exec(probeRun.out)![1]) * 1.3 + 2;
				const outcomes = { none: 0, partial: 0, whole: 0 };
				// Half the runs are killed by a timer at a random moment, half just before a random file-system call.
				const RUNS = 48;
				for (let i = 0; i < RUNS; i++) {
					const d = mkdtempSync(join(tmpdir(), 'eck-kill-'));
					const files = set(d);
					const killAt = i % 2 ? 1 + Math.floor(Math.random() * 24) : undefined;
					const proc = spawn(process.execPath, [__filename], { env: { ...process.env, ECK_FILES_CHILD: specFile({ op: 'set', files, killAt }) }, stdio: ['ignore', 'pipe', 'inherit'] });
					const exited = new Promise((r) => proc.once('exit', r));
					await new Promise<void>((resolve) => proc.stdout.once('data', () => resolve()));
					if (killAt === undefined) {
						await new Promise((r) => setTimeout(r, Math.random() * full));
						proc.kill('SIGKILL');
					}
					await exited;
					const names = readdirSync(d);
					const finals = files.filter((f) => names.includes(f.path.slice(d.length + 1)));
					outcomes[finals.length === 0 ? 'none' : finals.length === files.length ? 'whole' : 'partial']++;
					// Whatever is on disk that holds key material is readable by the owner only.
					for (const n of names) {
						const content = readFileSync(join(d, n));
						if (content.includes('PRIVATE KEY')) {
							assert.equal(statSync(join(d, n)).mode & 0o077, 0, `${n} holds the key with mode ${(statSync(join(d, n)).mode & 0o777).toString(8)}`);
						}
					}
					// A rerun of the same command: succeeds, or finds the complete set in place.
					try {
						await writeNewFiles(files.map((f) => ({ ...f, data: Buffer.from(f.data, 'base64') })));
					} catch (e) {
						assert.ok(e instanceof FileExistsError, String(e));
						assert.equal(finals.length, files.length, `a partial set (${finals.length} of ${files.length}) made the rerun fail: ${String(e)}`);
					}
					const after = readdirSync(d).sort();
					assert.deepEqual(after, ['app.cer', 'app.key', 'app.pem', 'app.pfx'], `left behind: ${after.join(', ')}`);
					for (const f of files) {
						assert.ok(readFileSync(f.path).equals(Buffer.from(f.data, 'base64')), `${f.path} is not whole`);
						assert.equal(statSync(f.path).mode & 0o777, f.mode ?? 0o644);
					}
				}
				// The kills did land in different phases (not all before or all after the write).
				console.log(`      ${RUNS} kills over ${full.toFixed(0)} ms: ${JSON.stringify(outcomes)}`);
				assert.ok(outcomes.none + outcomes.partial > 0 && outcomes.whole + outcomes.partial > 0, JSON.stringify(outcomes));
			});
		});
	});
}
