/**
 * Bounded reads (src/node/input.ts) and the CLI on hostile inputs: FIFOs and devices refused before any blocking
 * open, a file over the bound refused after reading no more than bound + 1 bytes, standard input cut off at the
 * bound, JSON deeper than 256 levels refused by name; each one line and exit 2 from the built CLI, within seconds.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { CoreError } from '../../../src/core/errors';
import { assertJsonDepth, INPUT_LIMITS, jsonDepth, readInputFile, readInputText, readJsonInputText, readStreamBounded } from '../../../src/node/input';

const CLI = resolve('dist/cli.js');
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const isRoot = process.getuid?.() === 0;

async function rejection(p: Promise<unknown>): Promise<CoreError> {
	try {
		await p;
	} catch (e) {
		assert.ok(e instanceof CoreError, `not a CoreError: ${String(e)}`);
		return e;
	}
	assert.fail('expected a rejection');
}

/** Fails the test when the promise has not settled after ms (a read that blocks forever is the bug). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
	return Promise.race([p, new Promise<T>((_r, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms (blocked?)`)), ms).unref())]);
}

/** A depth function stated independently, over the parsed value. */
function valueDepth(v: unknown): number {
	if (v === null || typeof v !== 'object') {
		return 0;
	}
	const children = Array.isArray(v) ? v : Object.values(v);
	return 1 + Math.max(0, ...children.map(valueDepth));
}

describe('node/input: bounded reads', function () {
	this.timeout(60000);
	let dir: string;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'eck-input-'));
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('states its bounds: 50 MiB and 256 levels', () => {
		assert.equal(INPUT_LIMITS.maxInputBytes, 50 * 1024 * 1024);
		assert.equal(INPUT_LIMITS.maxJsonDepth, 256);
	});

	it('reads a regular file exactly, up to the bound inclusive', async () => {
		const bytes = Buffer.from(Array.from({ length: 10000 }, (_, i) => (i * 7) & 0xff));
		writeFileSync(join(dir, 'exact.bin'), bytes);
		assert.deepEqual(Buffer.from(await readInputFile(join(dir, 'exact.bin'), { maxBytes: 10000 })), bytes);
		writeFileSync(join(dir, 'empty.bin'), '');
		assert.equal((await readInputFile(join(dir, 'empty.bin'))).length, 0);
		writeFileSync(join(dir, 'bom.json'), '\uFEFF{"a":1}');
		assert.equal(await readInputText(join(dir, 'bom.json')), '\uFEFF{"a":1}');
	});

	it('refuses one byte over the bound, naming the file, the limit and what to give instead', async () => {
		writeFileSync(join(dir, 'over.bin'), Buffer.alloc(10001, 0x41));
		const e = await rejection(readInputFile(join(dir, 'over.bin'), { maxBytes: 10000, what: 'certificate', display: 'over.bin' }));
		assert.equal(e.code, 'ERR_INPUT_TOO_LARGE');
		assert.match(e.message, /^'over\.bin' is larger than 10000 bytes, the most the kit reads from one certificate file; give the certificate itself \(a certificate file is far smaller\)/);
	});

	it('refuses a 100 MB file under the default bound without loading it (memory grows by far less than the file)', async () => {
		const p = join(dir, 'huge.pem');
		const fd = openSync(p, 'w');
		ftruncateSync(fd, 100 * 1024 * 1024);
		closeSync(fd);
		const before = process.memoryUsage().arrayBuffers;
		const e = await rejection(readInputFile(p, { what: 'certificate' }));
		assert.equal(e.code, 'ERR_INPUT_TOO_LARGE');
		assert.match(e.message, /larger than 50 MB/);
		assert.ok(process.memoryUsage().arrayBuffers - before < 8 * 1024 * 1024);
	});

	it('refuses a FIFO with no writer at once (the old read blocked forever), a device and a folder', async () => {
		const fifo = join(dir, 'pipe.pem');
		execFileSync('mkfifo', [fifo]);
		const e1 = await within(3000, rejection(readInputFile(fifo, { what: 'certificate', display: 'pipe.pem' })));
		assert.equal(e1.code, 'ERR_INPUT_NOT_FILE');
		assert.match(e1.message, /^'pipe\.pem' is a named pipe \(FIFO\), not a regular file; save the certificate to a regular file/);
		const e2 = await within(3000, rejection(readInputFile('/dev/zero', { what: 'certificate' })));
		assert.equal(e2.code, 'ERR_INPUT_NOT_FILE');
		assert.match(e2.message, /'\/dev\/zero' is a device/);
		const e3 = await rejection(readInputFile(dir, { what: 'manifest', display: 'certs' }));
		assert.deepEqual([e3.code, e3.message], ['ERR_INPUT_NOT_FILE', "'certs' is a folder, not a regular file; give the manifest file inside it."]);
	});

	it('names a missing file and a path through a file', async () => {
		const e = await rejection(readInputFile(join(dir, 'nope.pem'), { what: 'certificate', display: 'nope.pem' }));
		assert.deepEqual([e.code, e.message], ['ERR_FILE', "'nope.pem' does not exist; check the certificate path."]);
		writeFileSync(join(dir, 'plain'), 'x');
		const e2 = await rejection(readInputFile(join(dir, 'plain', 'x.pem'), { display: 'plain/x.pem' }));
		assert.match(e2.message, /part of its path is a file/);
	});

	it('says permission denied with the fix (checked as an unprivileged user)', function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		const secret = join(dir, 'locked.pem');
		writeFileSync(secret, 'x');
		chmodSync(secret, 0o000);
		chmodSync(dir, 0o755);
		const r = spawnSync(process.execPath, [CLI, 'thumbprint', secret], { encoding: 'utf8', ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
		if (/Cannot find module|EACCES.*cli\.js/.test(r.stderr)) {
			this.skip(); // the CLI itself is not readable by 'nobody' here
		}
		assert.equal(r.status, 2);
		assert.equal(r.stderr, `entra-cert thumbprint: '${secret}' cannot be read (permission denied); make it readable for you (chmod u+r '${secret}') or run as its owner.\n`);
	});

	it('stops reading a stream as soon as it passes the bound', async () => {
		let produced = 0;
		let destroyed = false;
		const endless = {
			async *[Symbol.asyncIterator]() {
				for (;;) {
					produced += 1000;
					yield Buffer.alloc(1000);
				}
			},
			destroy: () => {
				destroyed = true;
			},
		};
		const e = await within(3000, rejection(readStreamBounded(endless, { maxBytes: 5000 })));
		assert.equal(e.code, 'ERR_INPUT_TOO_LARGE');
		assert.match(e.message, /^'standard input' is larger than/);
		assert.equal(produced, 6000);
		assert.ok(destroyed);
		const small = await readStreamBounded((async function* () {
			yield 'ab';
			yield Buffer.from('cd');
		})());
		assert.equal(Buffer.from(small).toString(), 'abcd');
	});
});

describe('node/input: JSON depth', function () {
	this.timeout(60000);

	it('counts nesting as the parsed value does, on arbitrary JSON', () => {
		fc.assert(
			fc.property(fc.jsonValue({ maxDepth: 12 }), fc.boolean(), (v, pretty) => {
				const text = JSON.stringify(v, null, pretty ? 2 : undefined);
				assert.equal(jsonDepth(text), valueDepth(v));
			}),
			{ numRuns: 500 },
		);
	});

	it('ignores brackets in strings (with escaped quotes) and in comments', () => {
		assert.equal(jsonDepth('{"a": "[[[{{{\\"[[[", "b": [1]}'), 2);
		assert.equal(jsonDepth('// [[[[\n{ /* {{{{ */ "a": 1 }'), 1);
	});

	it('refuses 100,000 levels by name in linear time, at most 256 accepted', () => {
		const deep = '['.repeat(100000) + ']'.repeat(100000);
		const started = performance.now();
		assert.throws(() => assertJsonDepth(deep, { display: 'deep.json', what: 'manifest' }), (e: unknown) => e instanceof CoreError && e.code === 'ERR_INPUT_TOO_DEEP' && e.message === "'deep.json' nests objects or arrays more than 256 levels deep, more than any manifest holds; check that it is the right file.");
		assert.ok(performance.now() - started < 100);
		assertJsonDepth('['.repeat(256) + ']'.repeat(256));
		assert.throws(() => assertJsonDepth('{"a":'.repeat(257) + '1' + '}'.repeat(257)), /more than 256 levels/);
	});

	it('readJsonInputText refuses a deep file before any parser sees it', async () => {
		const d = mkdtempSync(join(tmpdir(), 'eck-deep-'));
		try {
			writeFileSync(join(d, 'm.json'), '{"a":'.repeat(100000) + '1' + '}'.repeat(100000));
			const e = await rejection(readJsonInputText(join(d, 'm.json'), { what: 'manifest', display: 'm.json' }));
			assert.equal(e.code, 'ERR_INPUT_TOO_DEEP');
		} finally {
			rmSync(d, { recursive: true, force: true });
		}
	});
});

describe('cli: hostile inputs, one line each and no hang', function () {
	this.timeout(120000);
	let dir: string;
	before(function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		dir = mkdtempSync(join(tmpdir(), 'eck-hostile-'));
		execFileSync('mkfifo', [join(dir, 'fifo.pem')]);
		writeFileSync(join(dir, 'deep.json'), '{"keyCredentials":' + '['.repeat(100000) + ']'.repeat(100000) + '}');
		const fd = openSync(join(dir, 'big.pem'), 'w');
		ftruncateSync(fd, 60 * 1024 * 1024);
		closeSync(fd);
	});
	after(() => dir && rmSync(dir, { recursive: true, force: true }));

	/** Runs the CLI; kills it after 15 s (a hang is a failure, not a stuck suite). */
	function run(args: string[], input?: string | Buffer): Promise<{ status: number | null; stderr: string; stdout: string }> {
		return new Promise((resolveRun) => {
			const child = spawn(process.execPath, [CLI, ...args], { cwd: dir });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
			child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
			const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
			child.on('close', (status) => {
				clearTimeout(timer);
				resolveRun({ status, stderr, stdout });
			});
			child.stdin.on('error', () => undefined);
			child.stdin.end(input);
		});
	}

	const cases: [string, string[], RegExp][] = [
		['thumbprint of a FIFO', ['thumbprint', 'fifo.pem'], /^entra-cert thumbprint: 'fifo\.pem' is a named pipe \(FIFO\), not a regular file/],
		['keycredential of a FIFO', ['keycredential', 'fifo.pem'], /^entra-cert keycredential: 'fifo\.pem' is a named pipe/],
		['thumbprint of a device', ['thumbprint', '/dev/zero'], /'\/dev\/zero' is a device/],
		['thumbprint of 60 MB', ['thumbprint', 'big.pem'], /'big\.pem' is larger than 50 MB/],
		['manifest lint of 100,000-deep JSON', ['manifest', 'lint', 'deep.json'], /^entra-cert manifest lint: '.*deep\.json' nests objects or arrays more than 256 levels deep/],
		['manifest add into 100,000-deep JSON', ['manifest', 'add', 'deep.json', 'fifo.pem'], /nests objects or arrays more than 256 levels deep/],
		['diagnose --manifest deep', ['diagnose', '-', '--manifest', 'deep.json'], /'deep\.json' nests objects or arrays more than 256/],
		['verify --jwks deep', ['verify', `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ aud: 'x' })}.c2ln`, '--jwks', 'deep.json'], /^entra-cert verify: 'deep\.json' nests objects or arrays more than 256/],
		['sandbox --manifest deep', ['sandbox', '--manifest', 'deep.json'], /^entra-cert sandbox: 'deep\.json' nests objects or arrays more than 256/],
	];
	for (const [name, args, want] of cases) {
		it(`${name}: exit 2, one line`, async () => {
			const started = Date.now();
			const r = await run(args, 'AADSTS700027\n');
			assert.ok(Date.now() - started < 15000, 'killed after 15 s');
			assert.equal(r.status, 2, r.stderr);
			assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
			assert.match(r.stderr, want);
			assert.doesNotMatch(r.stderr, /unexpected error/);
		});
	}

	it('diagnose - with more than 50 MB on standard input: refused in one line', async () => {
		const r = await run(['diagnose', '-'], Buffer.alloc(51 * 1024 * 1024, 0x61));
		assert.equal(r.status, 2);
		assert.equal(r.stderr, "entra-cert diagnose: 'standard input' is larger than 50 MB, the most the kit reads from one input; keep only the part that matters (the error message, the token or the request).\n");
	});
});
