/**
 * startSandbox (src/sandbox/index.ts): where it listens (loopback only, and only the address asked for), what it
 * refuses (ERR_SANDBOX, naming the value), HTTPS with its own localhost certificate, the clock skew option, the JWKS
 * and setApps. Each test starts its own sandbox inside the test, so the mutation run sees which test covers which
 * line of startSandbox. Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { connect } from 'node:net';
import { CoreError } from '../../../src/core/errors';
import { appsFromManifests, startSandbox, type Sandbox } from '../../../src/sandbox';
import { ASSERTION_TYPE, claims, graphManifest, httpsRequest, opensslMaterial, postForm, signRaw } from './fixtures';

const APP = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** True when a TCP connection to host:port is accepted. */
function reachable(host: string, port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = connect({ host, port }, () => {
			s.destroy();
			resolve(true);
		});
		s.on('error', () => resolve(false));
	});
}

const sandboxError = (message: RegExp) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_SANDBOX' && message.test(e.message);

describe('startSandbox (direct)', function () {
	this.timeout(60000);
	const started: Sandbox[] = [];
	const start = async (o: Parameters<typeof startSandbox>[0]) => {
		const s = await startSandbox(o);
		started.push(s);
		return s;
	};
	afterEach(async () => {
		await Promise.all(started.splice(0).map((s) => s.close()));
	});

	it('refusals are ERR_SANDBOX and say what was wrong', async () => {
		await assert.rejects(startSandbox({ apps: [], port: 70000 }), sandboxError(/^Port 70000 is not a port number/));
		await assert.rejects(startSandbox({ apps: [], tenantId: 'contoso.com' }), sandboxError(/^The sandbox tenant 'contoso\.com' is not a GUID/));
		await assert.rejects(startSandbox({ apps: [], users: [] }), sandboxError(/needs at least one user/));
		await assert.rejects(startSandbox({ apps: [], users: [{ oid: 'x', name: 'X', preferredUsername: 'x@y' }] }), sandboxError(/'X' has oid 'x'/));
		await assert.rejects(startSandbox({ apps: [], host: '10.127.0.1' }), sandboxError(/^The sandbox listens only on loopback .*; '10\.127\.0\.1' is not a loopback address, so it was refused\.$/));
	});

	it('brackets only around a whole IPv6 address: other bracketed hosts are refused', async () => {
		for (const host of ['127.0.0[.1]', '[127.0.0].1', '[127.0.0.1]x']) {
			await assert.rejects(startSandbox({ apps: [], host }), sandboxError(/listens only on loopback/), host);
		}
	});

	it('port 65535 is a port number (it listens there, or says the port is busy)', async () => {
		try {
			const s = await start({ apps: [], port: 65535 });
			assert.equal(s.port, 65535);
		} catch (e) {
			assert.ok(sandboxError(/^Port 65535 on 127\.0\.0\.1 is in use; choose another port/)(e), String(e));
		}
	});

	it('a busy port: ERR_SANDBOX naming the port and address', async () => {
		const first = await start({ apps: [] });
		await assert.rejects(startSandbox({ apps: [], port: first.port }), sandboxError(new RegExp(`^Port ${first.port} on 127\\.0\\.0\\.1 is in use; choose another port, or leave it out for a random free one\\.$`)));
	});

	it('127.0.0.1 and localhost listen on 127.0.0.1 only; [::1] on ::1 only', async () => {
		const v4 = await start({ apps: [], host: '127.0.0.1' });
		assert.equal(v4.url, `http://127.0.0.1:${v4.port}`);
		assert.equal(await reachable('127.0.0.1', v4.port), true);
		assert.equal(await reachable('::1', v4.port), false, 'not on ::1');
		const v6 = await start({ apps: [], host: '[::1]' });
		assert.equal(v6.url, `http://[::1]:${v6.port}`);
		assert.equal(await reachable('::1', v6.port), true);
		assert.equal(await reachable('127.0.0.1', v6.port), false, 'not on 127.0.0.1');
	});

	it('http by default: no TLS certificate; the JWKS is the signing key with the issuer, a copy each time', async () => {
		const s = await start({ apps: [] });
		assert.equal(s.https, false);
		assert.equal(s.tlsCertificatePem, undefined);
		assert.equal(s.issuer, `${s.url}/${s.tenantId}/v2.0`);
		const jwks = s.jwks();
		assert.equal(jwks.keys.length, 1);
		assert.equal(jwks.keys[0].issuer, s.issuer);
		assert.equal(jwks.keys[0].kty, 'RSA');
		jwks.keys[0].issuer = 'changed';
		assert.equal(s.jwks().keys[0].issuer, s.issuer);
	});

	it('https: a certificate for localhost, 127.0.0.1 and ::1 that the server presents', async () => {
		const s = await start({ apps: [], https: true });
		assert.equal(s.https, true);
		assert.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
		const cert = new X509Certificate(s.tlsCertificatePem ?? '');
		assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
		assert.ok(cert.checkIP('127.0.0.1'));
		assert.ok(cert.checkIP('::1'));
		const r = await httpsRequest(`${s.url}/`, { ca: s.tlsCertificatePem });
		assert.equal(r.status, 200);
	});

	it('clockSkewSeconds: an assertion whose nbf is two minutes ahead is refused with 1 second of skew', async () => {
		const m = opensslMaterial('index-skew');
		const apps = appsFromManifests([{ fileName: 'a.json', text: graphManifest({ appId: APP, name: 'Skew app', certs: [m.certDer], identifierUris: ['api://skew'] }) }]);
		const s = await start({ apps, clockSkewSeconds: 1 });
		const x5t = Buffer.from(m.sha1Hex, 'hex').toString('base64url');
		const now = Math.floor(Date.now() / 1000);
		const assertion = (nbf: number) => signRaw({ alg: 'RS256', typ: 'JWT', x5t }, claims(s, APP, { nbf, iat: now }), m.key);
		const ask = (a: string) => postForm(s.tokenEndpoint, { grant_type: 'client_credentials', client_id: APP, scope: 'api://skew/.default', client_assertion_type: ASSERTION_TYPE, client_assertion: a });
		assert.equal((await ask(assertion(now))).status, 200);
		const ahead = await ask(assertion(now + 120));
		assert.equal(ahead.status, 401, JSON.stringify(ahead.json));
		assert.deepEqual(ahead.json.error_codes, [700024], 'not within its valid time range');
	});

	it('setApps: the first sandbox user owns the new apps in the emulated Graph', async () => {
		const s = await start({ apps: [] });
		s.setApps(appsFromManifests([{ fileName: 'a.json', text: graphManifest({ appId: APP, name: 'Later app' }) }]));
		const t = await postForm(s.tokenEndpoint, { grant_type: 'password', client_id: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', username: s.users[0].preferredUsername, password: 'x', scope: 'https://graph.microsoft.com/.default' });
		assert.equal(t.status, 200, JSON.stringify(t.json));
		const r = await fetch(`${s.url}/v1.0/me/ownedObjects?$select=appId`, { headers: { Authorization: `Bearer ${String(t.json.access_token)}` } });
		assert.deepEqual(((await r.json()) as { value: { appId: string }[] }).value.map((a) => a.appId), [APP]);
	});
});
