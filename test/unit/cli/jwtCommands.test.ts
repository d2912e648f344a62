import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, createPublicKey, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGuarded, type CliCommand, type CliIO } from '../../../src/cli/framework';
import { commandSpecs } from '../../../src/cli/commands';
import { loadCommand } from '../../../src/cli/commands/load';
import { decodeCommand } from '../../../src/cli/commands/tokens/decode';
import { assertionCommand } from '../../../src/cli/commands/tokens/assertion';
import { verifyCommand } from '../../../src/cli/commands/tokens/verify';
import { makeCert, splitJws, type TestCert } from '../jwt/keys';

const NOW = new Date('2026-11-05T10:00:00Z');
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const TENANT = 'contoso.onmicrosoft.com';

interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

async function run(command: CliCommand, argv: string[], options: { stdin?: string; env?: Record<string, string>; now?: Date; cwd?: string } = {}): Promise<Run> {
	let stdout = '';
	let stderr = '';
	const io: CliIO = {
		stdout: (t) => {
			stdout += t;
		},
		stderr: (t) => {
			stderr += t;
		},
		readStdin: async () => options.stdin ?? '',
		env: options.env ?? {},
		cwd: options.cwd ?? process.cwd(),
		now: () => options.now ?? NOW,
	};
	const code = await runGuarded(command, argv, io);
	return { code, stdout, stderr };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('cli: jwt commands', function () {
	this.timeout(60000);
	let dir: string;
	let cert: TestCert;
	let other: TestCert;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'jwt-cli-'));
		cert = makeCert({ rsaBits: 2048 });
		other = makeCert({ rsaBits: 2048 }, '/CN=other');
		writeFileSync(join(dir, 'cert.pem'), cert.certPem);
		writeFileSync(join(dir, 'cert.der'), cert.certDer);
		writeFileSync(join(dir, 'key.pem'), cert.privateKeyPem, { mode: 0o600 });
		writeFileSync(join(dir, 'other.pem'), other.certPem);
		writeFileSync(join(dir, 'key-enc.pem'), cert.privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }), { mode: 0o600 });
		execFileSync('openssl', ['pkcs12', '-export', '-in', join(dir, 'cert.pem'), '-inkey', join(dir, 'key.pem'), '-out', join(dir, 'cert.pfx'), '-passout', 'pass:s3cret'], { stdio: 'pipe' });
	});
	after(() => {
		rmSync(dir, { recursive: true, force: true });
	});

	it('registers decode, assertion and verify, and the tokens chunk implements each listed spec', async () => {
		for (const c of [decodeCommand, assertionCommand, verifyCommand]) {
			const spec = commandSpecs.find((s) => s.words.join(' ') === c.words.join(' '));
			assert.ok(spec, `${c.words.join(' ')} is listed`);
			assert.equal(await loadCommand(spec), c);
		}
	});

	describe('decode', () => {
		const token = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k' })}.${b64({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read', ver: '1.0', exp: NOW.getTime() / 1000 + 240 })}.c2ln`;
		it('--json: { header, payload, claims } from a token inside a JSON response', async () => {
			const r = await run(decodeCommand, [`{"token_type":"Bearer","access_token":"${token}"}`, '--json']);
			assert.equal(r.code, 0, r.stderr);
			const out = JSON.parse(r.stdout) as { header: object; payload: Record<string, unknown>; claims: { name: string; where: string; meaning?: string; valueMeaning?: string; time?: { relative: string } }[]; kind: string };
			assert.deepEqual(out.header, { alg: 'RS256', typ: 'JWT', kid: 'k' });
			assert.equal(out.payload.scp, 'User.Read');
			assert.deepEqual(out.claims.map((c) => `${c.where}.${c.name}`), ['header.alg', 'header.typ', 'header.kid', 'payload.aud', 'payload.scp', 'payload.ver', 'payload.exp']);
			assert.match(out.claims.find((c) => c.name === 'aud')?.valueMeaning ?? '', /Microsoft Graph/);
			assert.equal(out.claims.find((c) => c.name === 'exp')?.time?.relative, 'expires in 4 min');
			assert.equal(out.kind, 'access');
		});
		it("'-' reads standard input; Bearer and quotes are fine; text output", async () => {
			const r = await run(decodeCommand, ['-'], { stdin: `Authorization: Bearer "${token}"\n` });
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stdout, /^v1\.0 access token for Microsoft Graph, delegated \(scp: User\.Read\); expires in 4 min\./);
			assert.match(r.stdout, /Header\n {2}alg/);
			assert.match(r.stdout, /2026-11-05T10:04:00\.000Z \(expires in 4 min\)/);
		});
		it('Bearer given as two words', async () => {
			const r = await run(decodeCommand, ['Bearer', token, '--json']);
			assert.equal(r.code, 0, r.stderr);
		});
		const bad: [string, string, RegExp][] = [
			['truncated', token.split('.').slice(0, 2).join('.'), /three parts separated by dots; this has 2 — was it cut off/],
			['JWE', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a2V5.aXY.Y3Q.dGFn`, /encrypted token \(JWE, 5 parts\)/],
			['bad JSON payload', `${token.split('.')[0]}.${Buffer.from('nope').toString('base64url')}.c2ln`, /payload \(part 2\) is not JSON/],
			['no token', 'hello world', /No JWT found/],
		];
		for (const [name, input, message] of bad) {
			it(`exit 2 with one line for ${name}`, async () => {
				const r = await run(decodeCommand, [input]);
				assert.equal(r.code, 2);
				assert.match(r.stderr, message);
				assert.equal(r.stderr.trim().split('\n').length, 1);
				assert.equal(r.stdout, '');
			});
		}
		it('exit 2 without TOKEN', async () => {
			const r = await run(decodeCommand, []);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /Missing TOKEN/);
		});
	});

	describe('assertion', () => {
		it('PEM cert + key: prints a PS256 assertion that Node crypto verifies', async () => {
			const r = await run(assertionCommand, ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', CLIENT, '--tenant', TENANT], { cwd: dir });
			assert.equal(r.code, 0, r.stderr);
			const jwt = r.stdout.trim();
			assert.equal(r.stdout, `${jwt}\n`);
			const { header, payload, signingInput, signature } = splitJws(jwt);
			assert.deepEqual(header, { alg: 'PS256', typ: 'JWT', 'x5t#S256': Buffer.from(cert.sha256Hex, 'hex').toString('base64url') });
			assert.equal(payload.aud, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
			assert.equal(payload.exp, NOW.getTime() / 1000 + 600);
			const pub = new X509Certificate(Buffer.from(cert.certDer)).publicKey;
			assert.ok(nodeVerify('sha256', Buffer.from(signingInput), { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature));
		});
		it('DER cert, RS256, usgov, x5c, lifetime', async () => {
			const r = await run(assertionCommand, ['--cert', join(dir, 'cert.der'), '--key', join(dir, 'key.pem'), '--client-id', CLIENT, '--tenant', TENANT, '--alg', 'RS256', '--cloud', 'usgov', '--x5c', '--lifetime', '300']);
			assert.equal(r.code, 0, r.stderr);
			const { header, payload, signingInput, signature } = splitJws(r.stdout.trim());
			assert.equal(header.x5t, Buffer.from(cert.sha1Hex, 'hex').toString('base64url'));
			assert.deepEqual((header.x5c as string[]).map((c) => Buffer.from(c, 'base64').equals(Buffer.from(cert.certDer))), [true]);
			assert.equal(payload.aud, `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`);
			assert.equal(Number(payload.exp) - Number(payload.iat), 300);
			assert.ok(nodeVerify('sha256', Buffer.from(signingInput), createPublicKey(cert.privateKey), signature));
		});
		it('encrypted key with --key-passphrase-env', async () => {
			const r = await run(assertionCommand, ['--cert', 'cert.pem', '--key', 'key-enc.pem', '--key-passphrase-env', 'KEY_PW', '--client-id', CLIENT, '--tenant', TENANT], { cwd: dir, env: { KEY_PW: 'pw' } });
			assert.equal(r.code, 0, r.stderr);
			// The assertion is signed by the decrypted key: it verifies with the certificate's public key.
			const [h, p, s] = r.stdout.trim().split('.');
			assert.equal(JSON.parse(Buffer.from(p, 'base64url').toString()).iss, CLIENT);
			const alg = JSON.parse(Buffer.from(h, 'base64url').toString()).alg as string;
			const pub = createPublicKey(cert.privateKey);
			assert.ok(nodeVerify('sha256', Buffer.from(`${h}.${p}`), alg === 'PS256' ? { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : pub, Buffer.from(s, 'base64url')));
			const missing = await run(assertionCommand, ['--cert', 'cert.pem', '--key', 'key-enc.pem', '--key-passphrase-env', 'KEY_PW', '--client-id', CLIENT, '--tenant', TENANT], { cwd: dir });
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /KEY_PW/);
		});
		it('PFX with --password-env and no --key', async () => {
			const r = await run(assertionCommand, ['--cert', 'cert.pfx', '--password-env', 'PFX_PW', '--client-id', CLIENT, '--audience', 'http://localhost:8400/t/oauth2/v2.0/token'], { cwd: dir, env: { PFX_PW: 's3cret' } });
			assert.equal(r.code, 0, r.stderr);
			assert.equal(splitJws(r.stdout.trim()).payload.aud, 'http://localhost:8400/t/oauth2/v2.0/token');
		});
		const bad: [string, string[], RegExp][] = [
			['no tenant', ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', CLIENT], /--tenant/],
			['client id not a GUID', ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', 'my-app', '--tenant', TENANT], /not a GUID/],
			['bad cloud', ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', CLIENT, '--tenant', TENANT, '--cloud', 'mars'], /--cloud/],
			['bad alg', ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', CLIENT, '--tenant', TENANT, '--alg', 'HS256'], /--alg/],
			['PEM cert without key', ['--cert', 'cert.pem', '--client-id', CLIENT, '--tenant', TENANT], /--key/],
			['key of another cert', ['--cert', 'other.pem', '--key', 'key.pem', '--client-id', CLIENT, '--tenant', TENANT], /does not belong/],
		];
		for (const [name, argv, message] of bad) {
			it(`exit 2: ${name}`, async () => {
				const r = await run(assertionCommand, argv, { cwd: dir });
				assert.equal(r.code, 2, r.stdout);
				assert.match(r.stderr, message);
				assert.equal(r.stderr.trim().split('\n').length, 1);
			});
		}
	});

	describe('verify', () => {
		let jwt: string;
		before(async () => {
			jwt = (await run(assertionCommand, ['--cert', 'cert.pem', '--key', 'key.pem', '--client-id', CLIENT, '--tenant', TENANT], { cwd: dir })).stdout.trim();
			writeFileSync(join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...createPublicKey(cert.privateKey).export({ format: 'jwk' }), kid: 'mine' }] }));
		});
		it('--cert: valid, exit 0, JSON contract', async () => {
			const r = await run(verifyCommand, [jwt, '--cert', 'cert.pem', '--json'], { cwd: dir });
			assert.equal(r.code, 0, r.stderr);
			assert.deepEqual(JSON.parse(r.stdout), { signatureValid: true, time: 'valid', keyUsed: `thumbprint:${cert.sha1Hex}`, findings: [] });
		});
		it('--jwks from stdin: valid', async () => {
			const r = await run(verifyCommand, ['-', '--jwks', 'jwks.json', '--json'], { cwd: dir, stdin: `Bearer ${jwt}` });
			assert.equal(r.code, 0, r.stderr);
			assert.equal(JSON.parse(r.stdout).keyUsed, 'kid:mine');
		});
		it('wrong certificate: exit 1 with reason and findings', async () => {
			const r = await run(verifyCommand, [jwt, '--cert', 'other.pem', '--json'], { cwd: dir });
			assert.equal(r.code, 1);
			const out = JSON.parse(r.stdout) as { signatureValid: boolean; reason: string; findings: { code: string }[] };
			assert.equal(out.signatureValid, false);
			assert.match(out.reason, /does not match/);
			assert.ok(out.findings.length > 0);
		});
		it('expired: exit 1 even with a good signature', async () => {
			const r = await run(verifyCommand, [jwt, '--cert', 'cert.pem', '--json'], { cwd: dir, now: new Date(NOW.getTime() + 3600_000) });
			assert.equal(r.code, 1);
			assert.deepEqual([JSON.parse(r.stdout).signatureValid, JSON.parse(r.stdout).time], [true, 'expired']);
		});
		it('text output', async () => {
			const r = await run(verifyCommand, [jwt, '--cert', 'cert.pem'], { cwd: dir });
			assert.match(r.stdout, /^Signature: valid/);
		});
		it('a path to a file holding the token works for verify and decode, as for diagnose (issue 11)', async () => {
			writeFileSync(join(dir, 'a.jwt'), `${jwt}\n`);
			const v = await run(verifyCommand, ['a.jwt', '--cert', 'cert.pem', '--json'], { cwd: dir });
			assert.equal(v.code, 0, v.stderr);
			assert.equal(JSON.parse(v.stdout).keyUsed, `thumbprint:${cert.sha1Hex}`);
			const d = await run(decodeCommand, ['a.jwt', '--json'], { cwd: dir });
			assert.equal(d.code, 0, d.stderr);
			assert.equal(JSON.parse(d.stdout).payload.iss, CLIENT);
			const missing = await run(decodeCommand, ['b.jwt'], { cwd: dir });
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /'b\.jwt' holds no token and names no file/);
		});
		const bad: [string, string[], RegExp][] = [
			['both keys', ['x', '--cert', 'cert.pem', '--jwks', 'jwks.json'], /exactly one/],
			['no key', ['x'], /exactly one/],
			['jwks not JSON', ['JWT', '--jwks', 'cert.pem'], /not JSON/],
			['missing jwks file', ['JWT', '--jwks', 'nope.json'], /'nope\.json' does not exist; check the JWK Set path/],
		];
		for (const [name, argv, message] of bad) {
			it(`exit 2: ${name}`, async () => {
				const r = await run(verifyCommand, argv.map((a) => (a === 'JWT' ? jwt : a)), { cwd: dir });
				assert.equal(r.code, 2);
				assert.match(r.stderr, message);
			});
		}
	});
});
