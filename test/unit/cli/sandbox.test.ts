/**
 * `entra-cert sandbox`: the built CLI (dist/cli.js) started as a process with a manifest and --json, a request
 * against the URL it prints, then SIGTERM → exit 0. Bad input → one line on stderr, exit 2 (in-process).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { runGuarded, type CliIO } from '../../../src/cli/framework';
import { commandSpecs } from '../../../src/cli/commands';
import { loadCommand } from '../../../src/cli/commands/load';
import { sandboxCommand } from '../../../src/cli/commands/sandbox/commands';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import { graphManifest, kitMaterial, type Material } from '../sandbox/fixtures';

const APP = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CLI = resolve('dist/cli.js');

async function runInProcess(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', env: {}, cwd, now: () => new Date() };
	const code = await runGuarded(sandboxCommand, argv, io);
	return { code, stdout, stderr };
}

function exitOf(child: ChildProcess): Promise<number | null> {
	return new Promise((res) => child.once('exit', (code) => res(code)));
}

describe('cli: sandbox', function () {
	this.timeout(30000);
	let dir: string;
	let cert: Material;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
		cert = await kitMaterial('cli-sandbox');
		writeFileSync(join(dir, 'app.json'), graphManifest({ appId: APP, name: 'CLI app', certs: [cert.certDer], identifierUris: ['api://cli-app'], roles: [{ value: 'Run', types: ['Application'] }] }));
		writeFileSync(join(dir, 'bad.json'), '{ "appId": "not-a-guid", "keyCredentials": [] }');
	});
	after(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('is listed, and --help names the options', async () => {
		const spec = commandSpecs.find((s) => s.words.join(' ') === 'sandbox');
		assert.ok(spec);
		assert.equal(await loadCommand(spec), sandboxCommand);
		const r = await runInProcess(['--help'], dir);
		assert.equal(r.code, 0);
		for (const o of ['--port', '--manifest', '--https', '--json']) {
			assert.ok(r.stdout.includes(o), o);
		}
	});

	it('a bad manifest → one line on stderr naming the file, exit 2', async () => {
		const r = await runInProcess(['--manifest', 'bad.json'], dir);
		assert.equal(r.code, 2);
		assert.equal(r.stderr.trim().split('\n').length, 1);
		assert.match(r.stderr, /'bad\.json' has appId 'not-a-guid', which is not a GUID/);
		const missing = await runInProcess(['--manifest', 'nope.json'], dir);
		assert.deepEqual([missing.code, /'nope\.json' does not exist; check the manifest path/.test(missing.stderr)], [2, true]);
	});

	it('node dist/cli.js sandbox --manifest … --json: prints one JSON line, answers, and exits 0 on SIGTERM', async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		const child = spawn(process.execPath, [CLI, 'sandbox', '--manifest', 'app.json', '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
		const exited = exitOf(child);
		let stderr = '';
		child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
		try {
			const line = await new Promise<string>((res, rej) => {
				const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
				rl.once('line', res);
				void exited.then((code) => rej(new Error(`exited ${code}: ${stderr}`)));
			});
			const info = JSON.parse(line) as { url: string; tenantId: string; authority: string; tokenEndpoint: string; apps: string[] };
			assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
			assert.equal(info.authority, `${info.url}/${info.tenantId}`);
			assert.equal(info.tokenEndpoint, `${info.authority}/oauth2/v2.0/token`);
			assert.deepEqual(info.apps, [APP]);
			const assertion = await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: APP, audience: info.tokenEndpoint, now: new Date() });
			const r = await fetch(info.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, scope: `${APP}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
			assert.equal(r.status, 200, await r.clone().text());
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			const token = ((await r.json()) as { access_token: string }).access_token;
			assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).roles, ['Run']);
		} finally {
			child.kill('SIGTERM');
		}
		assert.equal(await exited, 0, stderr);
	});

	it('--tenant: the user\'s own tenant ID is served (token 200, tid and iss carry it); any other tenant gets AADSTS90002 (issue 11)', async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		const mine = 'c0ffee00-1234-4abc-9def-0123456789ab';
		const child = spawn(process.execPath, [CLI, 'sandbox', '--manifest', 'app.json', '--tenant', mine.toUpperCase(), '--json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
		const exited = exitOf(child);
		let stderr = '';
		child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
		try {
			const line = await new Promise<string>((res, rej) => {
				createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', res);
				void exited.then((code) => rej(new Error(`exited ${code}: ${stderr}`)));
			});
			const info = JSON.parse(line) as { url: string; tenantId: string; tokenEndpoint: string };
			assert.equal(info.tenantId, mine);
			const endpoint = `${info.url}/${mine}/oauth2/v2.0/token`;
			const request = async (url: string) => {
				const assertion = await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: APP, audience: url, now: new Date() });
				return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, scope: `${APP}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
			};
			const ok = await request(endpoint);
			assert.equal(ok.status, 200, await ok.clone().text());
			const claims = JSON.parse(Buffer.from(((await ok.json()) as { access_token: string }).access_token.split('.')[1], 'base64url').toString()) as { tid: string; iss: string };
			assert.equal(claims.tid, mine);
			assert.ok(claims.iss.includes(mine), claims.iss);
			const other = await request(`${info.url}/7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0/oauth2/v2.0/token`);
			assert.equal(other.status, 400);
			const body = (await other.json()) as { error_codes: number[]; error_description: string };
			assert.deepEqual(body.error_codes, [90002]);
			assert.match(body.error_description, /--tenant|entraCert\.sandbox\.tenantId/);
		} finally {
			child.kill('SIGTERM');
		}
		assert.equal(await exited, 0, stderr);
		const bad = await runInProcess(['--manifest', 'app.json', '--tenant', 'contoso.onmicrosoft.com'], dir);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /not a GUID; give the tenant ID/);
	});

	it('without --manifest it serves the manifests under the current folder (human output)', async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		const sub = mkdtempSync(join(dir, 'ws-'));
		writeFileSync(join(sub, 'only.json'), graphManifest({ appId: APP, name: 'Found app' }));
		writeFileSync(join(sub, 'package.json'), '{ "name": "not-a-manifest" }');
		const child = spawn(process.execPath, [CLI, 'sandbox'], { cwd: sub, stdio: ['ignore', 'pipe', 'pipe'] });
		const exited = exitOf(child);
		try {
			const line = await new Promise<string>((res) => createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', res));
			assert.match(line, /^Sandbox \(an emulation of Microsoft Entra ID\) at http:\/\/127\.0\.0\.1:\d+, tenant [0-9a-f-]{36}, apps: Found app \(1a2b3c4d-/);
		} finally {
			child.kill('SIGINT');
		}
		assert.equal(await exited, 0);
	});
});
