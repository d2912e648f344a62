/**
 * `entra-cert app show|add-cert|remove-cert` against a running sandbox (the built CLI, `node dist/cli.js sandbox
 * --manifest …`, as a separate process): keys matched to files, add to an app without a valid key (PATCH), roll
 * with a proof (addKey, checked by the emulation with the old key), client credentials before/after, remove with a
 * proof (removeKey), 700027 after removal, a refused proof in Graph's shape; the manifest files byte-identical after.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, startSandbox } from './processes';
import { runGuarded, type CliIO } from '../../../src/cli/framework';
import { commandSpecs } from '../../../src/cli/commands';
import { loadCommand } from '../../../src/cli/commands/load';
import { appAddCertCommand, appRemoveCertCommand, appShowCommand } from '../../../src/cli/commands/app/commands';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import type { CliCommand } from '../../../src/cli/framework';
import { graphManifest, kitMaterial, opensslMaterial, type Material } from '../sandbox/fixtures';

const NOKEY = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const ROLL = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f70';

function pem(m: Material): { cert: string; key: string } {
	const b = Buffer.from(m.certDer).toString('base64').replace(/.{64}/g, '$&\n');
	return { cert: `-----BEGIN CERTIFICATE-----\n${b}\n-----END CERTIFICATE-----\n`, key: createPrivateKey({ key: Buffer.from(m.pkcs8Der), format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }).toString() };
}

async function run(command: CliCommand, argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', env, cwd, now: () => new Date() };
	const code = await runGuarded(command, argv, io);
	return { code, stdout, stderr };
}


async function clientCredentials(tokenEndpoint: string, appId: string, m: Material): Promise<{ status: number; codes: number[] }> {
	const assertion = await signClientAssertion({ certificateDer: m.certDer, privateKeyPkcs8: m.pkcs8Der, clientId: appId, audience: tokenEndpoint, now: new Date() });
	const r = await fetch(tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, scope: `${appId}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
	const body = (await r.json()) as { error_codes?: number[] };
	return { status: r.status, codes: body.error_codes ?? [] };
}

describe('cli: app (against the sandbox\'s emulated Graph)', function () {
	this.timeout(60000);
	let dir: string;
	let oldCert: Material;
	let newCert: Material;
	let nokeyCert: Material;
	let stranger: Material;
	let child: ChildProcess | undefined;
	let exited: Promise<number | null>;
	let info: { url: string; tokenEndpoint: string };
	const manifests: Record<string, Buffer> = {};

	before(async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		dir = mkdtempSync(join(tmpdir(), 'app-cli-'));
		oldCert = await kitMaterial('roll-old');
		newCert = opensslMaterial('roll-new');
		nokeyCert = await kitMaterial('nokey-first');
		stranger = await kitMaterial('stranger');
		for (const [name, m] of [['old', oldCert], ['new', newCert], ['first', nokeyCert], ['stranger', stranger]] as const) {
			writeFileSync(join(dir, `${name}.pem`), pem(m).cert);
			writeFileSync(join(dir, `${name}.key`), pem(m).key, { mode: 0o600 });
		}
		writeFileSync(join(dir, 'nokey.json'), graphManifest({ appId: NOKEY, name: 'No key yet', identifierUris: ['api://nokey'] }));
		writeFileSync(join(dir, 'roll.json'), graphManifest({ appId: ROLL, name: 'Roll me', certs: [oldCert.certDer], identifierUris: ['api://roll'] }));
		for (const f of ['nokey.json', 'roll.json']) {
			manifests[f] = readFileSync(join(dir, f));
		}
		({ child, exited, info } = await startSandbox(dir, ['--manifest', 'nokey.json', '--manifest', 'roll.json']));
	});

	after(async () => {
		if (child) {
			child.kill('SIGTERM');
			assert.equal(await exited, 0);
		}
		if (dir) {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('is listed and loads from its own chunk', async () => {
		for (const [words, cmd] of [['app show', appShowCommand], ['app add-cert', appAddCertCommand], ['app remove-cert', appRemoveCertCommand]] as const) {
			const spec = commandSpecs.find((s) => s.words.join(' ') === words);
			assert.ok(spec, words);
			assert.equal((await loadCommand(spec)).words.join(' '), cmd.words.join(' '));
		}
	});

	it('show --json: keys as Graph reports them, matched to the files here', async () => {
		const r = await run(appShowCommand, [ROLL, '--sandbox', info.url, '--json'], dir);
		assert.equal(r.code, 0, r.stderr);
		const out = JSON.parse(r.stdout) as { appId: string; keyCredentials: { keyId: string; key: string | null }[]; workspace: { keys: { status: string; files: string[]; sha1Hex: string }[]; notRegistered: { path: string }[] } };
		assert.equal(out.appId, ROLL);
		assert.equal(out.keyCredentials.length, 1);
		assert.equal(out.keyCredentials[0].key, Buffer.from(oldCert.certDer).toString('base64'));
		assert.equal(out.workspace.keys[0].status, 'registered, file here');
		assert.deepEqual(out.workspace.keys[0].files, ['old.pem']);
		assert.equal(out.workspace.keys[0].sha1Hex, oldCert.sha1Hex.toUpperCase());
		assert.deepEqual(out.workspace.notRegistered.map((c) => c.path).sort(), ['first.pem', 'new.pem', 'stranger.pem']);
		const manifest = JSON.parse(manifests['roll.json'].toString()) as { keyCredentials: { keyId: string }[] };
		assert.equal(out.keyCredentials[0].keyId, manifest.keyCredentials[0].keyId, 'the keyId is the manifest\'s');
	});

	it('add-cert to an app without a key: PATCH; client credentials fails before (700027) and succeeds after', async () => {
		const before = await clientCredentials(info.tokenEndpoint, NOKEY, nokeyCert);
		assert.equal(before.status, 401);
		assert.deepEqual(before.codes, [700027]);
		const r = await run(appAddCertCommand, [NOKEY, 'first.pem', '--sandbox', info.url, '--json'], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /Will change:[\s\S]*\+ add {4}'CN=nokey-first'[\s\S]*PATCH \/v1\.0\/applications\//);
		const out = JSON.parse(r.stdout) as { method: string; app: { keyCredentials: { displayName: string }[] } };
		assert.equal(out.method, 'patch');
		assert.deepEqual(out.app.keyCredentials.map((k) => k.displayName), ['CN=nokey-first']);
		const after = await clientCredentials(info.tokenEndpoint, NOKEY, nokeyCert);
		assert.equal(after.status, 200);
	});

	it('a proof signed by a certificate the app does not have: the emulation refuses it in Graph\'s shape (400 Request_BadRequest), the CLI refuses before sending (exit 2); nothing changed', async () => {
		// The plan check is bypassed by a proof certificate the CLI cannot vet: use the Graph API directly for the forged proof.
		const { signProof } = await import('../../../src/core/graph/proof');
		const tokenRes = await fetch(`${info.url}/organizations/oauth2/v2.0/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', username: 'avery@sandbox.entra-cert-kit.test', password: 'x', scope: 'https://graph.microsoft.com/.default' }) });
		const token = ((await tokenRes.json()) as { access_token: string }).access_token;
		const app = (await (await fetch(`${info.url}/v1.0/applications(appId='${ROLL}')`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string };
		const proof = await signProof({ certificateDer: stranger.certDer, privateKeyPkcs8: stranger.pkcs8Der, objectId: app.id, now: new Date() });
		const res = await fetch(`${info.url}/v1.0/applications/${app.id}/addKey`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ keyCredential: { type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(newCert.certDer).toString('base64') }, passwordCredential: null, proof }) });
		assert.equal(res.status, 400);
		const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
		assert.equal(body.error.code, 'Request_BadRequest');
		assert.match(body.error.message, /not one of the application's valid certificates/);
		assert.ok(body.error.innerError['request-id']);
		// Through the CLI: the plan refuses a proof certificate that is not on the app, before anything is sent.
		const r = await run(appAddCertCommand, [ROLL, 'new.pem', '--proof-cert', 'stranger.pem', '--proof-key', 'stranger.key', '--sandbox', info.url], dir);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /is not a valid certificate of 'Roll me'/);
		const show = JSON.parse((await run(appShowCommand, [ROLL, '--sandbox', info.url, '--json'], dir)).stdout) as { keyCredentials: unknown[] };
		assert.equal(show.keyCredentials.length, 1);
	});

	it('roll: add-cert with a proof (addKey, verified with the old key), then remove-cert with a proof from the new key; 700027 after', async () => {
		const before = await clientCredentials(info.tokenEndpoint, ROLL, newCert);
		assert.deepEqual([before.status, before.codes], [401, [700027]]);
		const add = await run(appAddCertCommand, [ROLL, 'new.pem', '--proof-cert', 'old.pem', '--proof-key', 'old.key', '--sandbox', info.url, '--json'], dir);
		assert.equal(add.code, 0, add.stderr);
		assert.match(add.stderr, /= keep {3}keyId [0-9a-f-]+ 'CN=roll-old'/);
		assert.match(add.stderr, new RegExp(`addKey with a proof signed by SHA-1 ${oldCert.sha1Hex.toUpperCase()}`));
		const added = JSON.parse(add.stdout) as { method: string; added: { keyId: string }; app: { keyCredentials: { keyId: string; displayName: string }[] } };
		assert.equal(added.method, 'addKey');
		assert.deepEqual(added.app.keyCredentials.map((k) => k.displayName), ['CN=roll-old', 'CN=roll-new']);
		assert.equal((await clientCredentials(info.tokenEndpoint, ROLL, newCert)).status, 200);
		assert.equal((await clientCredentials(info.tokenEndpoint, ROLL, oldCert)).status, 200);

		const oldKeyId = added.app.keyCredentials[0].keyId;
		// removeKey's proof must come from a key that stays: the old key may not sign its own removal.
		const self = await run(appRemoveCertCommand, [ROLL, oldKeyId, '--proof-cert', 'old.pem', '--proof-key', 'old.key', '--sandbox', info.url], dir);
		assert.equal(self.code, 2);
		assert.match(self.stderr, /signed by the key being removed/);
		const rm = await run(appRemoveCertCommand, [ROLL, oldKeyId, '--proof-cert', 'new.pem', '--proof-key', 'new.key', '--sandbox', info.url, '--json'], dir);
		assert.equal(rm.code, 0, rm.stderr);
		assert.match(rm.stderr, new RegExp(`- remove keyId ${oldKeyId}`));
		const removed = JSON.parse(rm.stdout) as { method: string; app: { keyCredentials: { displayName: string }[] } };
		assert.equal(removed.method, 'removeKey');
		assert.deepEqual(removed.app.keyCredentials.map((k) => k.displayName), ['CN=roll-new']);
		const gone = await clientCredentials(info.tokenEndpoint, ROLL, oldCert);
		assert.deepEqual([gone.status, gone.codes], [401, [700027]]);
		assert.equal((await clientCredentials(info.tokenEndpoint, ROLL, newCert)).status, 200);
	});

	it('a Graph refusal is explained as findings: a sandbox user who owns nothing gets Authorization_RequestDenied (exit 1)', async () => {
		const r = await run(appAddCertCommand, [ROLL, 'stranger.pem', '--sandbox', info.url, '--json'], dir, { ENTRA_CERT_SANDBOX_USER: 'blake@sandbox.entra-cert-kit.test' });
		assert.equal(r.code, 1, r.stderr);
		const out = JSON.parse(r.stdout) as { ok: boolean; status: number; error: { code: string }; findings: { code: string; fix: string }[] };
		assert.deepEqual([out.ok, out.status, out.error.code], [false, 403, 'Authorization_RequestDenied']);
		assert.equal(out.findings[0].code, 'Graph:Authorization_RequestDenied');
		assert.match(out.findings[0].fix, /owner/);
	});

	it('bad usage: no token source flags clash, missing arguments → exit 2 with one line', async () => {
		const both = await run(appShowCommand, [ROLL, '--sandbox', info.url, '--token-env', 'X'], dir);
		assert.deepEqual([both.code, both.stderr.trim().split('\n').length], [2, 1]);
		const unset = await run(appShowCommand, [ROLL, '--token-env', 'GRAPH_TOKEN_NOT_SET'], dir);
		assert.equal(unset.code, 2);
		assert.match(unset.stderr, /'GRAPH_TOKEN_NOT_SET' named by --token-env is not set/);
		const noKey = await run(appRemoveCertCommand, [ROLL], dir);
		assert.equal(noKey.code, 2);
	});

	it('with neither --sandbox nor --token-env the token comes from the Azure CLI; without one, one line says what to do', async function () {
		if (process.env.PATH?.split(':').some((d) => existsSync(join(d, 'az')))) {
			this.skip(); // a machine with the Azure CLI would call the real Graph
		}
		const r = await run(appShowCommand, [ROLL], dir);
		assert.equal(r.code, 2);
		assert.equal(r.stderr.trim().split('\n').length, 1);
		assert.match(r.stderr, /Azure CLI \(az\) is not installed[\s\S]*--token-env VAR/);
	});

	it('the manifest files the sandbox was started with are byte-for-byte unchanged', () => {
		for (const [f, bytes] of Object.entries(manifests)) {
			assert.ok(readFileSync(join(dir, f)).equals(bytes), f);
		}
	});
});
