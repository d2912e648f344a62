/**
 * The issue 12 scenario through the built CLI alone, as a user would type it (every step spawns `node dist/cli.js`):
 * certificates made with `cert new`, a manifest registered with `manifest add`, the sandbox started on the manifests,
 * `app show` of an app without a certificate and one with, `app add-cert` to the first (PATCH path), a
 * client-credentials request (an assertion from `entra-cert assertion`) that fails before and succeeds after, a roll
 * on the second (`add-cert --proof-*`: addKey, the proof checked by the emulation with the old key; `remove-cert
 * --proof-*`: removeKey, the proof from the remaining key), nothing but keyCredentials changed, and the manifest files
 * byte-identical at the end.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cli, startSandbox, type Run } from './processes';

const NOKEY = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const ROLL = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c';


interface AppJson {
	id: string;
	appId: string;
	displayName: string;
	keyCredentials: { keyId: string; displayName: string; customKeyIdentifier: string; key: string | null; startDateTime: string; endDateTime: string; type: string; usage: string }[];
	workspace: { keys: { keyId: string; status: string; files: string[] }[]; notRegistered: { path: string }[] };
	source: string;
}

describe('cli: app round trip (issue 12, spawned dist/cli.js only)', function () {
	this.timeout(120000);
	let dir: string;
	let child: ChildProcess | undefined;
	let exited: Promise<number | null>;
	let info: { url: string; tokenEndpoint: string };
	const manifests: Record<string, Buffer> = {};

	const ok = async (args: string[]): Promise<Run> => {
		const r = await cli(dir, args);
		assert.equal(r.code, 0, `entra-cert ${args.join(' ')}: ${r.stderr}`);
		return r;
	};
	const show = async (appId: string): Promise<AppJson> => JSON.parse((await ok(['app', 'show', appId, '--sandbox', info.url, '--json'])).stdout) as AppJson;
	/** A client-credentials request with an assertion the CLI signs: [status, error_codes]. */
	const token = async (appId: string, base: string): Promise<[number, number[]]> => {
		const assertion = (await ok(['assertion', '--cert', `certs/${base}.pem`, '--key', `certs/${base}.key`, '--client-id', appId, '--audience', info.tokenEndpoint])).stdout.trim();
		const r = await fetch(info.tokenEndpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, scope: `api://${appId === NOKEY ? 'rt-nokey' : 'rt-roll'}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }) });
		const body = (await r.json()) as { error_codes?: number[]; access_token?: string };
		assert.equal(r.status === 200, typeof body.access_token === 'string');
		return [r.status, body.error_codes ?? []];
	};
	/** The app as Graph reports it, without what the CLI adds (workspace matches, source) and without keyCredentials. */
	const rest = (a: AppJson): Record<string, unknown> => {
		const { keyCredentials: _k, workspace: _w, source: _s, ...others } = a;
		return others;
	};

	before(async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		dir = mkdtempSync(join(tmpdir(), 'app-roundtrip-'));
		for (const name of ['rt-old', 'rt-first']) {
			await ok(['cert', 'new', '--subject', `CN=${name}`, '--out', 'certs', '--name', name]);
		}
		const manifest = (appId: string, id: string, name: string, uri: string) =>
			`${JSON.stringify({ id, appId, displayName: name, signInAudience: 'AzureADMyOrg', identifierUris: [uri], keyCredentials: [], passwordCredentials: [] }, null, '\t')}\n`;
		writeFileSync(join(dir, 'nokey.json'), manifest(NOKEY, '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'Round trip: no key yet', 'api://rt-nokey'));
		writeFileSync(join(dir, 'roll.json'), manifest(ROLL, '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e', 'Round trip: roll me', 'api://rt-roll'));
		await ok(['manifest', 'add', 'roll.json', 'certs/rt-old.pem']);
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

	it('show, add (PATCH), roll (addKey + removeKey with proofs), token before/after, nothing else changed, manifests untouched', async () => {
		// 1. What Entra (the emulation) has: no key on one app, the manifest's key on the other, matched to its file.
		const nokeyBefore = await show(NOKEY);
		assert.deepEqual(nokeyBefore.keyCredentials, []);
		assert.equal(nokeyBefore.source, 'sandbox');
		const rollBefore = await show(ROLL);
		assert.equal(rollBefore.keyCredentials.length, 1);
		const oldKey = rollBefore.keyCredentials[0];
		assert.equal(oldKey.keyId, (JSON.parse(manifests['roll.json'].toString()) as { keyCredentials: { keyId: string }[] }).keyCredentials[0].keyId);
		assert.deepEqual(rollBefore.workspace.keys.map((k) => [k.status, k.files]), [['registered, file here', ['certs/rt-old.cer', 'certs/rt-old.pem']]]);
		assert.ok(rollBefore.workspace.notRegistered.some((c) => c.path === 'certs/rt-first.pem'));
		const text = (await ok(['app', 'show', NOKEY, '--sandbox', info.url])).stdout;
		assert.match(text, /: 0 keys\n/);
		assert.match(text, /file here, not registered: certs\/rt-first\.cer, certs\/rt-first\.pem \(SHA-1 [0-9A-F]{40}\)/);

		// 2. Add a certificate to the app without one: PATCH; the token request fails before and succeeds after.
		assert.deepEqual(await token(NOKEY, 'rt-first'), [401, [700027]]);
		const add = await ok(['app', 'add-cert', NOKEY, 'certs/rt-first.pem', '--sandbox', info.url, '--json']);
		assert.match(add.stderr, /^Will change:\n {2}Application 'Round trip: no key yet'[\s\S]*\+ add {4}'CN=rt-first'[\s\S]*keyCredentials = the new one alone/);
		const added = JSON.parse(add.stdout) as { ok: boolean; method: string; app: AppJson };
		assert.deepEqual([added.ok, added.method, added.app.keyCredentials.map((k) => k.displayName)], [true, 'patch', ['CN=rt-first']]);
		assert.deepEqual(await token(NOKEY, 'rt-first'), [200, []]);

		// 3. Roll on the app with a valid certificate: a new one made now; addKey with a proof signed by the old key.
		await ok(['cert', 'new', '--subject', 'CN=rt-new', '--out', 'certs', '--name', 'rt-new']);
		assert.deepEqual(await token(ROLL, 'rt-new'), [401, [700027]]);
		const roll = await ok(['app', 'add-cert', ROLL, 'certs/rt-new.pem', '--proof-cert', 'certs/rt-old.pem', '--proof-key', 'certs/rt-old.key', '--sandbox', info.url, '--json']);
		assert.match(roll.stderr, new RegExp(`= keep {3}keyId ${oldKey.keyId} 'CN=rt-old'`));
		assert.match(roll.stderr, /addKey with a proof signed by SHA-1 [0-9A-F]{40}/);
		const rolled = JSON.parse(roll.stdout) as { method: string; added: { keyId: string }; app: AppJson };
		assert.equal(rolled.method, 'addKey');
		assert.deepEqual(rolled.app.keyCredentials[0], oldKey, 'the old key is kept exactly as it was');
		assert.deepEqual(rolled.app.keyCredentials.map((k) => k.displayName), ['CN=rt-old', 'CN=rt-new']);
		assert.equal(rolled.app.keyCredentials[1].keyId, rolled.added.keyId);
		assert.deepEqual(await token(ROLL, 'rt-new'), [200, []]);
		assert.deepEqual(await token(ROLL, 'rt-old'), [200, []]);

		// 4. Remove the old key: removeKey with a proof from the key that stays; the old certificate then gets 700027.
		const rm = await ok(['app', 'remove-cert', ROLL, oldKey.keyId, '--proof-cert', 'certs/rt-new.pem', '--proof-key', 'certs/rt-new.key', '--sandbox', info.url, '--json']);
		assert.match(rm.stderr, new RegExp(`- remove keyId ${oldKey.keyId} 'CN=rt-old'[\\s\\S]*= keep {3}keyId ${rolled.added.keyId} 'CN=rt-new'[\\s\\S]*removeKey with a proof`));
		assert.equal((JSON.parse(rm.stdout) as { method: string }).method, 'removeKey');
		assert.deepEqual(await token(ROLL, 'rt-old'), [401, [700027]]);
		assert.deepEqual(await token(ROLL, 'rt-new'), [200, []]);

		// 5. Nothing but keyCredentials changed on either app; the new keys are the new certificates.
		const nokeyAfter = await show(NOKEY);
		const rollAfter = await show(ROLL);
		assert.deepEqual(rest(nokeyAfter), rest(nokeyBefore));
		assert.deepEqual(rest(rollAfter), rest(rollBefore));
		assert.deepEqual(rollAfter.keyCredentials, [rolled.app.keyCredentials[1]]);
		const der = (base: string) => Buffer.from(readFileSync(join(dir, 'certs', `${base}.cer`))).toString('base64');
		assert.equal(nokeyAfter.keyCredentials[0].key, der('rt-first'));
		assert.equal(rollAfter.keyCredentials[0].key, der('rt-new'));
		assert.deepEqual(rollAfter.workspace.keys.map((k) => [k.status, k.files]), [['registered, file here', ['certs/rt-new.cer', 'certs/rt-new.pem']]]);

		// 6. The emulation kept its changes in memory: the manifests it started with are byte-for-byte unchanged.
		for (const [f, bytes] of Object.entries(manifests)) {
			assert.ok(readFileSync(join(dir, f)).equals(bytes), f);
		}
	});
});
