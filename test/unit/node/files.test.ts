import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileExistsError, writeFileAtomic, writeNewFiles } from '../../../src/node/files';

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

	it('refuses to overwrite by default and keeps the old content', async () => {
		writeFileSync(join(dir, 'a.pem'), 'old');
		await assert.rejects(writeFileAtomic(join(dir, 'a.pem'), 'new'), FileExistsError);
		assert.equal(readFileSync(join(dir, 'a.pem'), 'utf8'), 'old');
		assert.deepEqual(readdirSync(dir), ['a.pem']);
	});

	it('overwrites atomically on request', async () => {
		writeFileSync(join(dir, 'm.json'), 'old');
		await writeFileAtomic(join(dir, 'm.json'), 'new', { overwrite: true });
		assert.equal(readFileSync(join(dir, 'm.json'), 'utf8'), 'new');
		assert.deepEqual(readdirSync(dir), ['m.json']);
	});

	it('writes none of a set when one file exists', async () => {
		writeFileSync(join(dir, 'x.cer'), 'keep');
		await assert.rejects(
			writeNewFiles([
				{ path: join(dir, 'x.pem'), data: 'a' },
				{ path: join(dir, 'x.cer'), data: 'b' },
			]),
			FileExistsError,
		);
		assert.deepEqual(readdirSync(dir), ['x.cer']);
	});

	it('removes what it wrote when a later write fails', async function () {
		await assert.rejects(
			writeNewFiles([
				{ path: join(dir, 'ok.pem'), data: 'a' },
				{ path: join(dir, 'missing-folder', 'bad.key'), data: 'b' },
			]),
		);
		assert.deepEqual(readdirSync(dir), []);
		chmodSync(dir, 0o755);
	});
});
