/**
 * `entra-cert app …` as a new user gets it wrong: each mistake answered with one line naming the thing and the fix,
 * before anything is sent (the built dist/cli.js, spawned, against a sandbox it starts). And the confirmation a
 * terminal user gets before a write (CliIO.confirm, which main sets only on a terminal).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cli, startSandbox, type Run, type RunningSandbox } from './processes';
import { runGuarded, type CliIO } from '../../../src/cli/framework';
import { appAddCertCommand, appRemoveCertCommand, appShowCommand, checkGraphToken, sandboxOrigin } from '../../../src/cli/commands/app/commands';

const ONE = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';


/** A usage error: exit 2, nothing on stdout, one line on stderr. */
function oneLine(r: Run, pattern: RegExp): void {
	assert.equal(r.code, 2, r.stderr + r.stdout);
	assert.equal(r.stdout, '', 'nothing is previewed or printed before the refusal');
	const lines = r.stderr.trim().split('\n');
	assert.equal(lines.length, 1, r.stderr);
	assert.match(lines[0], pattern);
}

function jwt(payload: Record<string, unknown>): string {
	const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
	return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2ln`;
}


describe('cli: app messages (mistakes a new user makes)', function () {
	this.timeout(120000);
	let dir: string;
	let sandbox: RunningSandbox | undefined;
	let url: string;
	let manifest: Buffer;

	const keyCount = async (): Promise<number> => (JSON.parse((await cli(dir, ['app', 'show', ONE, '--sandbox', url, '--json'])).stdout) as { keyCredentials: unknown[] }).keyCredentials.length;

	before(async function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		dir = mkdtempSync(join(tmpdir(), 'app-messages-'));
		for (const [name, days] of [['one', '365'], ['other', '365'], ['short', '5']] as const) {
			const r = await cli(dir, ['cert', 'new', '--subject', `CN=${name}`, '--out', 'certs', '--name', name, '--days', days]);
			assert.equal(r.code, 0, r.stderr);
		}
		writeFileSync(join(dir, 'one.json'), `${JSON.stringify({ appId: ONE, displayName: 'One key', keyCredentials: [] }, null, 2)}\n`);
		assert.equal((await cli(dir, ['manifest', 'add', 'one.json', 'certs/one.pem'])).code, 0);
		manifest = readFileSync(join(dir, 'one.json'));
		sandbox = await startSandbox(dir, ['--manifest', 'one.json']);
		url = sandbox.info.url;
	});

	after(async () => {
		if (sandbox) {
			sandbox.child.kill('SIGTERM');
			assert.equal(await sandbox.exited, 0);
		}
		if (dir) {
			assert.ok(readFileSync(join(dir, 'one.json')).equals(manifest), 'the manifest is unchanged');
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('--sandbox: host:port alone is taken as http; a path after the origin is ignored; another scheme is refused by name', async () => {
		assert.equal(sandboxOrigin('127.0.0.1:4000'), 'http://127.0.0.1:4000');
		assert.equal(sandboxOrigin(' https://localhost:4000/tenant/oauth2/v2.0/token '), 'https://localhost:4000');
		const bare = await cli(dir, ['app', 'show', ONE, '--sandbox', url.replace(/^http:\/\//, '')]);
		assert.equal(bare.code, 0, bare.stderr);
		assert.match(bare.stdout, /^One key \(appId 7a8b9c0d/);
		oneLine(await cli(dir, ['app', 'show', ONE, '--sandbox', 'ftp://127.0.0.1:4000']), /--sandbox 'ftp:\/\/127\.0\.0\.1:4000' is not an http\(s\) URL; give the URL the sandbox printed/);
		oneLine(await cli(dir, ['app', 'show', ONE, '--sandbox', 'http://']), /--sandbox 'http:\/\/' is not an http\(s\) URL/);
	});

	it('--sandbox where nothing listens: says so and how to start it (was "at null" for host:port)', async () => {
		const port = await new Promise<number>((res) => {
			const s = createServer().listen(0, '127.0.0.1', () => {
				const p = (s.address() as { port: number }).port;
				s.close(() => res(p));
			});
		});
		oneLine(await cli(dir, ['app', 'show', ONE, '--sandbox', `127.0.0.1:${port}`]), new RegExp(`Could not reach the sandbox at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); start it with 'entra-cert sandbox'`));
	});

	it('--sandbox over HTTPS with a certificate Node does not trust: names TLS and NODE_EXTRA_CA_CERTS, not "is it running?"', async () => {
		const https = await startSandbox(dir, ['--manifest', 'one.json', '--https']);
		try {
			oneLine(await cli(dir, ['app', 'show', ONE, '--sandbox', https.info.url], { NODE_EXTRA_CA_CERTS: '' }), /uses a TLS certificate Node does not trust \([A-Z_]+\); start it with --https --tls-cert-out FILE and run the CLI with NODE_EXTRA_CA_CERTS=FILE/);
		} finally {
			https.child.kill('SIGTERM');
			await https.exited;
		}
	});

	it('ENTRA_CERT_SANDBOX_USER naming no sandbox user: one line naming the variable and the users', async () => {
		oneLine(await cli(dir, ['app', 'show', ONE, '--sandbox', url], { ENTRA_CERT_SANDBOX_USER: 'nobody@example.test' }), /has no user 'nobody@example\.test' \(ENTRA_CERT_SANDBOX_USER\); use one of its users: avery@sandbox\.entra-cert-kit\.test, blake@/);
	});

	it('--token-env: not a JWT, a token for another resource, an expired token: refused before anything is sent', async () => {
		const now = Math.floor(Date.now() / 1000);
		oneLine(await cli(dir, ['app', 'show', ONE, '--token-env', 'T'], { T: 'not-a-token' }), /The value of 'T' is not an access token \(a JWT has three parts/);
		oneLine(await cli(dir, ['app', 'show', ONE, '--token-env', 'T'], { T: jwt({ aud: 'https://management.azure.com/', exp: now + 600 }) }), /The token in 'T' is for 'https:\/\/management\.azure\.com\/', not Microsoft Graph; .*--resource-type ms-graph/);
		oneLine(await cli(dir, ['app', 'show', ONE, '--token-env', 'T'], { T: jwt({ aud: 'https://graph.microsoft.com', exp: now - 60 }) }), /The token in 'T' expired at \d{4}-\d\d-\d\dT.*; get a new one/);
		// A token for Graph in any cloud, or by Graph's app ID, passes the local check (Graph judges the rest).
		for (const aud of ['https://graph.microsoft.com/', 'https://graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn', '00000003-0000-0000-c000-000000000000']) {
			assert.doesNotThrow(() => checkGraphToken(jwt({ aud, exp: now + 600 }), 'T', new Date()), aud);
		}
	});

	it('a proof key that is not the proof certificate\'s: refused before the preview, nothing sent', async () => {
		oneLine(await cli(dir, ['app', 'add-cert', ONE, 'certs/other.pem', '--proof-cert', 'certs/one.pem', '--proof-key', 'certs/other.key', '--sandbox', url]), /The key 'certs\/other\.key' is not the private key of --proof-cert 'certs\/one\.pem' \(SHA-1 [0-9A-F]{40}\); pass that certificate's own key file/);
		assert.equal(await keyCount(), 1);
	});

	it('removeKey of the only valid key: says to use the PATCH path (no key would stay to sign the proof)', async () => {
		const keyId = (JSON.parse(manifest.toString()) as { keyCredentials: { keyId: string }[] }).keyCredentials[0].keyId;
		oneLine(await cli(dir, ['app', 'remove-cert', ONE, keyId, '--proof-cert', 'certs/one.pem', '--proof-key', 'certs/one.key', '--sandbox', url]), /The proof is signed by the key being removed .*; removeKey needs a proof from a key that stays on the app, and no valid certificate would stay on 'One key' to sign it: to remove this key anyway, run without --proof-cert \(a PATCH of keyCredentials\)/);
		assert.equal(await keyCount(), 1);
	});

	it('an unknown app ID: Graph\'s 404 explained, and the sandbox names the apps it serves', async () => {
		const r = await cli(dir, ['app', 'show', '00000000-1111-4222-8333-444444444444', '--sandbox', url]);
		assert.equal(r.code, 1);
		assert.match(r.stdout, /Graph:Request_ResourceNotFound[\s\S]*it serves the apps of the manifests it was started with: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d \(One key\)/);
	});

	it('the preview warns of a certificate that expires within 30 days', async () => {
		const r = await runIn(appAddCertCommand, [ONE, 'certs/short.pem', '--sandbox', url], { confirm: async () => false });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /Warning: the new certificate expires in [45] days \(\d{4}-/);
		const long = await runIn(appAddCertCommand, [ONE, 'certs/other.pem', '--sandbox', url], { confirm: async () => false });
		assert.doesNotMatch(long.stdout, /Warning/);
	});

	it('on a terminal a write is confirmed first: "no" changes nothing; --yes does not ask; without a terminal it does not ask', async () => {
		const asked: string[] = [];
		const no = await runIn(appAddCertCommand, [ONE, 'certs/other.pem', '--sandbox', url], { confirm: async (q) => (asked.push(q), false) });
		assert.equal(no.code, 0, no.stderr);
		assert.match(no.stdout, /^Will change:[\s\S]*\+ add {4}'CN=other'[\s\S]*Cancelled: nothing was changed\.\n$/);
		assert.deepEqual(asked, ['Send this change to Microsoft Graph? [y/N] ']);
		assert.equal(await keyCount(), 1);
		const noJson = await runIn(appAddCertCommand, [ONE, 'certs/other.pem', '--sandbox', url, '--json'], { confirm: async () => false });
		assert.deepEqual(JSON.parse(noJson.stdout).cancelled, true);
		assert.equal(await keyCount(), 1);

		const yes = await runIn(appAddCertCommand, [ONE, 'certs/other.pem', '--sandbox', url, '--yes', '--json'], { confirm: async () => assert.fail('--yes must not ask') });
		assert.equal(yes.code, 0, yes.stderr);
		const addedKey = (JSON.parse(yes.stdout) as { app: { keyCredentials: { keyId: string; displayName: string }[] } }).app.keyCredentials.find((k) => k.displayName === 'CN=other');
		assert.ok(addedKey);
		assert.equal(await keyCount(), 2);

		const confirmed = await runIn(appRemoveCertCommand, [ONE, addedKey.keyId, '--sandbox', url], { confirm: async () => true });
		assert.equal(confirmed.code, 0, confirmed.stderr);
		assert.match(confirmed.stdout, /Done \(PATCH\): One key now has 1 key\./);
		// The spawned CLI has no terminal: it shows the change and sends it (scripts keep working).
		const piped = await cli(dir, ['app', 'add-cert', ONE, 'certs/other.pem', '--sandbox', url]);
		assert.equal(piped.code, 0, piped.stderr);
		assert.match(piped.stdout, /Will change:[\s\S]*Done \(PATCH\)/);
		assert.equal(await keyCount(), 2);
		// The text view of the app: one line per not-registered certificate, naming its .pem and .cer together.
		const text = await runIn(appShowCommand, [ONE, '--sandbox', url], {});
		assert.match(text.stdout, /file here, not registered: certs\/short\.cer, certs\/short\.pem \(SHA-1 [0-9A-F]{40}\)\n/);
		assert.doesNotMatch(text.stdout, /not registered: certs\/other/);
	});

	async function runIn(command: Parameters<typeof runGuarded>[0], argv: string[], extra: Partial<CliIO>): Promise<Run> {
		let stdout = '';
		let stderr = '';
		const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', env: {}, cwd: dir, now: () => new Date(), ...extra };
		const code = await runGuarded(command, argv, io);
		return { code, stdout, stderr };
	}
});
