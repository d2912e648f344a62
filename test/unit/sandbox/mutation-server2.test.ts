/**
 * The sandbox's HTTP boundary over real HTTP on 127.0.0.1, second part: the Host guard's edges (no Host at all, a
 * port that is not at the end, an address that only ends like a loopback one), the 421 text, the index page line by
 * line, the discovery document's logout and claims fields, logout's headers, Basic with more than one space, and
 * the request log's durations. Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SANDBOX_SIGNIN_LABEL, startSandbox, type Sandbox, type SandboxRequestLog } from '../../../src/sandbox';

const DAEMON = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70';
const SECRET = 'daemon-secret';

const app = (appId: string, displayName: string, secrets: string[], uris: string[] = []) => ({ appId, displayName, certificates: [], secrets, identifierUris: uris, appRoles: [], scopes: [], redirectUris: [] });

function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.end(o.body);
	});
}

/** An HTTP/1.0 request written by hand (no Host header); the status line of the answer. */
function http10(port: number, path: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const s = connect({ host: '127.0.0.1', port }, () => s.write(`GET ${path} HTTP/1.0\r\n\r\n`));
		const chunks: Buffer[] = [];
		s.on('data', (c: Buffer) => chunks.push(c));
		s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1').split('\r\n')[0]));
		s.on('error', reject);
	});
}

describe('sandbox HTTP boundary (direct), part 2', function () {
	this.timeout(60000);
	let s: Sandbox;
	const logs: SandboxRequestLog[] = [];
	before(async () => {
		s = await startSandbox({ apps: [app(DAEMON, 'Daemon', [SECRET], ['api://daemon'])], onRequest: (e) => logs.push(e) });
	});
	after(async () => {
		await s.close();
	});

	describe('the Host guard', () => {
		it('a request without a Host header (HTTP/1.0) is answered', async () => {
			assert.match(await http10(s.port, '/'), /^HTTP\/1\.[01] 200 /);
		});

		it('only a port at the end is cut; the address must be 127.x.y.z as a whole, each part up to three digits', async () => {
			for (const host of ['127.0.0:1.1', 'evil127.0.0.1', `evil127.0.0.1:${s.port}`, '127.0.0.1000']) {
				assert.equal((await raw(`${s.url}/`, { headers: { Host: host } })).status, 421, host);
			}
			for (const host of ['127.0.0.10', '127.10.200.255', `127.0.0.10:${s.port}`]) {
				assert.equal((await raw(`${s.url}/`, { headers: { Host: host } })).status, 200, host);
			}
		});

		it('the 421 names the Host it refused', async () => {
			const r = await raw(`${s.url}/`, { headers: { Host: 'rebind.example:8080' } });
			assert.match(JSON.parse(r.body).error_description as string, /not 'rebind\.example:8080'\.$/);
		});
	});

	it('the index page, line by line', async () => {
		const r = await raw(`${s.url}/`);
		assert.equal(r.headers['cache-control'], 'no-store');
		const a = `${s.url}/${s.tenantId}`;
		assert.deepEqual(r.body.split('\n'), [
			SANDBOX_SIGNIN_LABEL,
			'',
			`Tenant:        ${s.tenantId}`,
			`Authority:     ${a}`,
			`Discovery:     ${a}/v2.0/.well-known/openid-configuration`,
			`Token:         ${a}/oauth2/v2.0/token`,
			`Authorize:     ${a}/oauth2/v2.0/authorize`,
			`Keys:          ${a}/discovery/v2.0/keys`,
			`Apps:          Daemon (${DAEMON})`,
			'Users:         Avery Sandbox <avery@sandbox.entra-cert-kit.test>, Blake Sandbox <blake@sandbox.entra-cert-kit.test>',
			'',
			'Tokens are signed by this sandbox\'s own key and are valid nowhere else.',
			'',
		]);
	});

	it('the OpenID configuration: logout support and the claims Entra lists', async () => {
		const c = JSON.parse((await raw(`${s.authority}/v2.0/.well-known/openid-configuration`)).body) as Record<string, unknown>;
		assert.deepEqual([c.http_logout_supported, c.frontchannel_logout_supported], [true, true]);
		for (const claim of ['name', 'preferred_username', 'uti', 'sub', 'roles']) {
			assert.ok((c.claims_supported as string[]).includes(claim), claim);
		}
		assert.equal(c.authorization_endpoint, `${s.authority}/oauth2/v2.0/authorize`);
		assert.equal(c.jwks_uri, `${s.authority}/discovery/v2.0/keys`);
	});

	it('logout answers are not cached: the redirect and the page', async () => {
		const back = await raw(`${s.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent('http://localhost:8400/bye')}`);
		assert.equal(back.status, 302);
		assert.equal(back.headers['cache-control'], 'no-store');
		const page = await raw(`${s.authority}/oauth2/v2.0/logout`);
		assert.equal(page.status, 200);
		assert.deepEqual([page.headers['content-type'], page.headers['cache-control']], ['text/plain; charset=utf-8', 'no-store']);
	});

	it('client_secret_basic with more than one space after Basic', async () => {
		const basic = Buffer.from(`${DAEMON}:${SECRET}`).toString('base64');
		const r = await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic   ${basic}` }, body: 'grant_type=client_credentials&scope=api%3A%2F%2Fdaemon%2F.default' });
		assert.equal(r.status, 200, r.body);
	});

	it('the log\'s duration is the time the request took', async () => {
		logs.length = 0;
		const t0 = performance.now();
		await raw(`${s.url}/`);
		await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=nope' });
		const elapsed = performance.now() - t0;
		assert.equal(logs.length, 2);
		for (const e of logs) {
			assert.ok(e.durationMs >= 0 && e.durationMs <= elapsed, `${e.durationMs} within ${elapsed}`);
		}
	});

	it('a client that goes away mid-body: logged as gone, with the time it took', async () => {
		logs.length = 0;
		const t0 = performance.now();
		await new Promise<void>((resolve, reject) => {
			const c = connect({ host: '127.0.0.1', port: s.port }, () => {
				c.write(`POST ${new URL(s.tokenEndpoint).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ngrant_type=`, () => setTimeout(() => {
					c.destroy();
					resolve();
				}, 50));
			});
			c.on('error', reject);
		});
		for (let i = 0; i < 100 && logs.length === 0; i++) {
			await new Promise((r) => setTimeout(r, 10));
		}
		const elapsed = performance.now() - t0;
		assert.equal(logs.length, 1);
		assert.equal(logs[0].clientGone, true);
		assert.ok(logs[0].durationMs >= 0 && logs[0].durationMs <= elapsed, `${logs[0].durationMs} within ${elapsed}`);
	});
});
