/**
 * `entra-cert diagnose` as a new user runs it: the built CLI (dist/cli.js) as a whole process, on files made here.
 * A loading failure is checked against the files named with --cert (which need not be readable certificates), a
 * fresh msal-node assertion gives no error finding and exit 0, and an Entra error gives exit 1 with its code.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeCert, type TestCert } from '../jwt/keys';
import { msalAssertion } from '../helpers/msal';

const CLI = resolve('dist/cli.js');

interface Finding {
	severity: string;
	code: string;
	message: string;
	fix: string;
}

function diagnoseCli(cwd: string, args: string[]): { status: number | null; json: { kind: string; findings: Finding[] }; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, 'diagnose', ...args, '--json'], { cwd, encoding: 'utf8' });
	return { status: r.status, json: JSON.parse(r.stdout || '{}'), stderr: r.stderr };
}

describe('cli: diagnose as a whole process', function () {
	this.timeout(60000);
	let dir: string;
	let cert: TestCert;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'eck-cli-diag-'));
		cert = makeCert({ rsaBits: 2048 });
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'app.key'), '-out', join(dir, 'app.pem'), '-subj', '/CN=cli-diag', '-days', '5'], { stdio: 'ignore' });
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it("an OpenSSL 'no start line' with --cert naming a certificate-only PEM: the file is named as holding no key", () => {
		writeFileSync(join(dir, 'err.txt'), 'Error: error:0909006C:PEM routines:get_name:no start line\n');
		const r = diagnoseCli(dir, ['err.txt', '--cert', 'app.pem']);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.json.kind, 'error');
		const f = r.json.findings.find((x) => x.message.includes("'app.pem'"));
		assert.ok(f, JSON.stringify(r.json.findings.map((x) => x.code)));
		assert.match(f.message, /only a certificate|no private key/);
	});

	it('a key-only PEM given as --cert is no usage error: it is diagnosed', () => {
		writeFileSync(join(dir, 'err2.txt'), 'ValueError: Could not deserialize key data.\n');
		const r = diagnoseCli(dir, ['err2.txt', '--cert', 'app.key']);
		assert.notEqual(r.status, 2, r.stderr);
		assert.equal(r.json.kind, 'error');
	});

	it('a missing --cert file is a usage error naming it', () => {
		writeFileSync(join(dir, 'err3.txt'), 'AADSTS700027: Client assertion failed signature validation.\n');
		const r = spawnSync(process.execPath, [CLI, 'diagnose', 'err3.txt', '--cert', 'nope.pem', '--json'], { cwd: dir, encoding: 'utf8' });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /nope\.pem/);
	});

	it('a fresh msal-node assertion (both thumbprint modes) and its token request: no error finding, exit 0', async () => {
		for (const mode of ['thumbprintSha256', 'thumbprint'] as const) {
			const { assertion, form } = await msalAssertion(cert, mode);
			writeFileSync(join(dir, 'a.jwt'), assertion);
			writeFileSync(join(dir, 'req.txt'), form.toString());
			for (const file of ['a.jwt', 'req.txt']) {
				const r = diagnoseCli(dir, [file]);
				assert.deepEqual(r.json.findings.filter((f) => f.severity === 'error'), [], `${mode} ${file}`);
				assert.equal(r.status, 0);
			}
		}
	});

	it('an AADSTS error JSON: exit 1, the code named with a cause and a fix', () => {
		writeFileSync(join(dir, 'e.json'), JSON.stringify({ error: 'invalid_client', error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '11111111-2222-3333-4444-555555555555'.", error_codes: [7000215] }));
		const r = diagnoseCli(dir, ['e.json']);
		assert.equal(r.status, 1);
		const f = r.json.findings.find((x) => x.code === 'AADSTS7000215');
		assert.ok(f && /secret/i.test(f.message) && f.fix.length > 20);
	});
});
