/**
 * Issue 10, "tests that catch bugs": one test for each planted bug that the suite used to miss. Each states the
 * behaviour from Entra's side or the user's (not from the code), and each was checked to fail with its bug planted.
 *
 * - the sandbox accepting an expired registered certificate, an expired OBO user token, an expired authorization code
 * - a PFX whose MAC check is skipped (an unencrypted PFX with a MAC then opens with any password)
 * - access_token, id_token and password no longer redacted
 * - the CLI writing the key file 0644
 * - a JWT at column 0 never found
 * - a keyCredential starting before the certificate's notBefore not flagged
 * - /default without the dot in a delegated flow (authorization code, On-Behalf-Of) not flagged
 * - a Graph-audience token without a header nonce
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readCertificateMaterial } from '../../../src/core/certificate';
import { CoreError } from '../../../src/core/errors';
import { findJwts } from '../../../src/core/jwt/decode';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import { buildKeyCredential, lintManifest } from '../../../src/core/manifest';
import { diagnose } from '../../../src/core/diagnose';
import { redact } from '../../../src/core/token/redact';
import { GRAPH_APP_ID } from '../../../src/sandbox';
import { makeCert, openssl } from '../helpers/openssl';
import { aadsts, ASSERTION_TYPE, claims, clientCredentials, decodePart, OBO_GRANT, ORDERS, postForm, signIn, signRaw, startWorld, WEB, type Material, type World } from '../sandbox/fixtures';

const CLI = resolve('dist/cli.js');
const DAY = 86400_000;

describe('caught: the sandbox refuses what has expired', function () {
	this.timeout(60000);
	let w: World;
	let nowMs = Date.now();
	before(async () => {
		w = await startWorld({ now: () => new Date(nowMs) });
	});
	after(async () => {
		await w.sandbox.close();
	});
	afterEach(() => {
		nowMs = Date.now();
	});

	/** A client assertion for `clientId`, signed with m's key, dated at the sandbox's current time. */
	const assertionAt = (clientId: string, m: Material) => signClientAssertion({ certificateDer: m.certDer, privateKeyPkcs8: m.pkcs8Der, clientId, audience: w.sandbox.tokenEndpoint, alg: 'PS256', now: new Date(nowMs) });
	const signedAt = (clientId: string, m: Material) => {
		const s = Math.floor(nowMs / 1000);
		return signRaw({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(m.sha1Hex, 'hex').toString('base64url') }, claims(w.sandbox, clientId, { nbf: s, iat: s, exp: s + 600 }), m.key);
	};

	it('a registered certificate past its notAfter: AADSTS700027 "The key used is expired", no token (the same request succeeds while it is valid)', async () => {
		const valid = await clientCredentials(w.sandbox, ORDERS, signedAt(ORDERS, w.orders), 'api://orders/.default');
		assert.equal(valid.status, 200, JSON.stringify(valid.json));
		// The orders certificate is openssl's, valid 30 days: go 31 days on, and sign at that time.
		nowMs = Date.now() + 31 * DAY;
		const r = await clientCredentials(w.sandbox, ORDERS, signedAt(ORDERS, w.orders), 'api://orders/.default');
		assert.equal(r.status, 401, JSON.stringify(r.json));
		assert.equal(r.json.access_token, undefined);
		assert.equal(aadsts(r).code, 700027);
		assert.match(aadsts(r).description, /The key used is expired/);
	});

	it('an authorization code redeemed after its lifetime (10 minutes): invalid_grant AADSTS70008, no token', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read' });
		nowMs = Date.now() + 11 * 60_000;
		const r = await postForm(w.sandbox.tokenEndpoint, { grant_type: 'authorization_code', client_id: WEB, code: s.code, redirect_uri: s.redirectUri, code_verifier: s.verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await assertionAt(WEB, w.web) });
		assert.equal(r.status, 400, JSON.stringify(r.json));
		assert.equal(r.json.error, 'invalid_grant');
		assert.equal(aadsts(r).code, 70008);
		assert.equal(r.json.access_token, undefined);
	});

	it('an On-Behalf-Of user token past its exp: invalid_grant AADSTS500133 with both times, no token (accepted while valid)', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read' });
		const code = await postForm(w.sandbox.tokenEndpoint, { grant_type: 'authorization_code', client_id: WEB, code: s.code, redirect_uri: s.redirectUri, code_verifier: s.verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await assertionAt(WEB, w.web) });
		const userToken = String(code.json.access_token);
		const exp = Number(decodePart(userToken, 1).exp);
		const obo = () => postForm(w.sandbox.tokenEndpoint, { grant_type: OBO_GRANT, client_id: ORDERS, assertion: userToken, scope: 'api://inventory/Inventory.Read', requested_token_use: 'on_behalf_of', client_assertion_type: ASSERTION_TYPE, client_assertion: signedAt(ORDERS, w.orders) });
		assert.equal((await obo()).status, 200);
		// Past exp and past the sandbox's 5-minute skew.
		nowMs = exp * 1000 + 6 * 60_000;
		const r = await obo();
		assert.equal(r.status, 400, JSON.stringify(r.json));
		assert.deepEqual([r.json.error, aadsts(r).code], ['invalid_grant', 500133]);
		assert.match(aadsts(r).description, /expiry time of assertion/);
		assert.equal(r.json.access_token, undefined);
	});

	it('a token for Microsoft Graph carries a header nonce, as Graph tokens do (an API token does not)', async () => {
		const r = await clientCredentials(w.sandbox, ORDERS, signedAt(ORDERS, w.orders), 'https://graph.microsoft.com/.default');
		assert.equal(r.status, 200, JSON.stringify(r.json));
		const token = String(r.json.access_token);
		assert.equal(decodePart(token, 1).aud, GRAPH_APP_ID);
		const header = decodePart(token, 0);
		assert.equal(typeof header.nonce, 'string');
		assert.ok(String(header.nonce).length >= 32);
		// An API's own token (no nonce) from the same sandbox for contrast.
		const own = await clientCredentials(w.sandbox, ORDERS, signedAt(ORDERS, w.orders), 'api://orders/.default');
		assert.equal(decodePart(String(own.json.access_token), 0).nonce, undefined);
	});
});

describe('caught: a PFX opens only with its password', function () {
	this.timeout(60000);

	it('an unencrypted PFX with a MAC (keys and certificates in the clear, integrity by password) refuses a wrong password', async () => {
		const c = makeCert('mac-only');
		const out = join(c.dir, 'plain-mac.pfx');
		openssl(['pkcs12', '-export', '-keypbe', 'NONE', '-certpbe', 'NONE', '-in', c.certPath, '-inkey', c.keyPath, '-out', out, '-passout', 'pass:right']);
		const info = spawnSync('openssl', ['pkcs12', '-in', out, '-info', '-noout', '-passin', 'pass:right'], { encoding: 'utf8' });
		assert.match(info.stdout + info.stderr, /MAC: sha256/);
		assert.doesNotMatch(info.stdout + info.stderr, /Shrouded Keybag|encrypted data/i, 'key and certificates are in the clear');
		const bytes = new Uint8Array(readFileSync(out));
		const ok = await readCertificateMaterial(bytes, { password: 'right', fileName: 'plain-mac.pfx' });
		assert.equal(ok.kind, 'pfx');
		assert.ok(ok.privateKey);
		for (const wrong of ['wrong', '', undefined]) {
			await assert.rejects(readCertificateMaterial(bytes, { password: wrong, fileName: 'plain-mac.pfx' }), (e: unknown) => e instanceof CoreError && e.code === 'ERR_PFX_PASSWORD' && e.message.includes("'plain-mac.pfx'"));
		}
	});
});

describe('caught: redaction of tokens and passwords', () => {
	it('removes access_token, id_token and password values in JSON and in forms', () => {
		const secrets = { access_token: 'opaqueAccess123', id_token: 'opaqueId456', password: 'hunter2pw' };
		const json = redact(JSON.stringify({ token_type: 'Bearer', ...secrets }));
		const form = redact(`grant_type=password&username=a%40b.c&password=${secrets.password}&x=1`);
		for (const v of Object.values(secrets)) {
			assert.ok(!json.includes(v), `${v} left in ${json}`);
		}
		assert.ok(!form.includes(secrets.password), form);
		assert.match(json, /"access_token":"\[redacted\]"/);
		assert.match(json, /"id_token":"\[redacted\]"/);
		assert.match(form, /password=\[redacted\]&x=1/);
		assert.match(json, /"token_type":"Bearer"/);
	});
});

describe('caught: cert new writes the key readable by its owner only', function () {
	this.timeout(120000);
	it('the .key and the .pfx are 0600, the certificate files 0644, whatever the umask', function () {
		if (!existsSync(CLI)) {
			this.skip();
		}
		const dir = mkdtempSync(join(tmpdir(), 'eck-modes-'));
		try {
			const r = spawnSync('/bin/sh', ['-c', `umask 000 && exec "${process.execPath}" "${CLI}" cert new --subject CN=modes --out out --name app --pfx --password-env PW --json`], { cwd: dir, encoding: 'utf8', env: { ...process.env, PW: 'pw' } });
			assert.equal(r.status, 0, r.stderr);
			const mode = (f: string) => statSync(join(dir, 'out', f)).mode & 0o777;
			assert.deepEqual([mode('app.key'), mode('app.pfx'), mode('app.pem'), mode('app.cer')], [0o600, 0o600, 0o644, 0o644]);
			assert.match(readFileSync(join(dir, 'out', 'app.key'), 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
			execFileSync('openssl', ['pkey', '-in', join(dir, 'out', 'app.key'), '-noout']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('caught: a JWT at the very start of the text is found', () => {
	const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
	const token = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: 'api://x', exp: 1 })}.c2lnbmF0dXJl`;
	it('at column 0 of the text and of a later line, with the offsets of the token', () => {
		assert.deepEqual(findJwts(token).map((f) => [f.start, f.end, f.kind]), [[0, token.length, 'jws']]);
		const text = `first line\n${token} trailing`;
		const found = findJwts(text);
		assert.equal(found.length, 1);
		assert.equal(found[0].start, 11);
		assert.equal(text.slice(found[0].start, found[0].end), token);
	});
});

describe('caught: lint flags a keyCredential whose dates reach outside its certificate', function () {
	this.timeout(60000);
	it('a start one day before the certificate notBefore is flagged, at startDateTime; the exact dates are not', async () => {
		const c = makeCert('lint-dates');
		const m = await readCertificateMaterial(new Uint8Array(c.der));
		const x = new (await import('node:crypto')).X509Certificate(c.der);
		const cert = { der: m.certificates[0], notBefore: new Date(x.validFrom), notAfter: new Date(x.validTo), subject: 'CN=lint-dates' };
		const entry = buildKeyCredential(cert, 'graph', { keyId: '00000000-0000-4000-8000-000000000001' });
		const manifest = (e: Record<string, unknown>) => JSON.stringify({ id: 'x', appId: '00000000-0000-4000-8000-0000000000aa', displayName: 'lint', keyCredentials: [e] }, null, 2);
		const now = new Date(cert.notBefore.getTime() + DAY);
		const exact = lintManifest(manifest(entry), { now });
		assert.equal(exact.find((f) => f.code === 'keycred-dates-outside-cert'), undefined, JSON.stringify(exact));
		const early = new Date(cert.notBefore.getTime() - DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const text = manifest({ ...entry, startDateTime: early });
		const f = lintManifest(text, { now }).find((x2) => x2.code === 'keycred-dates-outside-cert');
		assert.ok(f, 'not flagged');
		assert.ok(f.message.includes(early));
		assert.ok(f.range);
		assert.equal(text.slice(f.range.start, f.range.end), JSON.stringify(early));
	});
});

describe('caught: /default without the dot in delegated flows', () => {
	const now = new Date('2026-06-01T00:00:00Z');
	const find = (text: string) => diagnose(text, { now }).findings.filter((f) => /without the dot/.test(f.message));
	it('an authorization code request with api://orders/default is an error with the dotted fix', () => {
		const tenant = '11111111-2222-3333-4444-555555555555';
		const url = `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`;
		const ac = `POST ${url}\nContent-Type: application/x-www-form-urlencoded\n\nclient_id=6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b&grant_type=authorization_code&code=abc&redirect_uri=http%3A%2F%2Flocalhost&scope=api%3A%2F%2Forders%2Fdefault&client_secret=x`;
		const fa = find(ac);
		assert.equal(fa.length, 1, JSON.stringify(diagnose(ac, { now }).findings.map((f) => f.code)));
		assert.equal(fa[0].severity, 'error');
		assert.equal(fa[0].code, 'AADSTS70011');
		assert.match(fa[0].fix, /api:\/\/orders\/\.default/);
		const dotted = find(ac.replace('%2Fdefault', '%2F.default'));
		assert.equal(dotted.length, 0);
	});
});
