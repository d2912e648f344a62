/**
 * The sandbox's HTTP boundary over real HTTP on 127.0.0.1 (one small sandbox, apps with secrets only): routing,
 * methods, the body limit, form bodies only, client_secret_basic (RFC 6749 §2.3.1), discovery documents, logout,
 * the index page, the Host guard, headers and the request log; and startSandbox's option checks.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { CLIENT_GONE_STATUS, DEFAULT_SANDBOX_USERS, EMULATION_HEADER, formatRequestLog, SANDBOX_TENANT_ID, startSandbox, type Sandbox, type SandboxRequestLog } from '../../../src/sandbox';

const ORDERS = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const DAEMON = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70';
const SECRET = 'p@ss:word+1 %';

const app = (appId: string, displayName: string, secrets: string[], uris: string[] = []) => ({ appId, displayName, certificates: [], secrets, identifierUris: uris, appRoles: [], scopes: [], redirectUris: [] });

/** One raw request (any Host header, any method), the body as text. */
function raw(url: string, o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
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

describe('sandbox HTTP boundary (direct)', function () {
	this.timeout(60000);
	let s: Sandbox;
	const logs: SandboxRequestLog[] = [];
	before(async () => {
		s = await startSandbox({ apps: [app(ORDERS, 'Orders API', ['orders-secret'], ['api://orders']), app(DAEMON, 'Daemon', [SECRET])], onRequest: (e) => logs.push(e) });
	});
	after(async () => {
		await s.close();
	});
	const form = (params: Record<string, string>, headers: Record<string, string> = {}, url = s.tokenEndpoint) => raw(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(params).toString() });
	const codeOf = (body: string) => (JSON.parse(body) as { error_codes?: number[] }).error_codes?.[0];

	it('the defaults: its own tenant, the two fictional users, 127.0.0.1 on a free port, http', () => {
		assert.equal(s.tenantId, SANDBOX_TENANT_ID);
		assert.deepEqual(s.users, [...DEFAULT_SANDBOX_USERS]);
		assert.match(s.url, /^http:\/\/127\.0\.0\.1:\d+$/);
		assert.equal(s.url, `http://127.0.0.1:${s.port}`);
		assert.equal(s.https, false);
		assert.equal(s.tlsCertificatePem, undefined);
		assert.equal(s.authority, `${s.url}/${SANDBOX_TENANT_ID}`);
		assert.equal(s.tokenEndpoint, `${s.authority}/oauth2/v2.0/token`);
		assert.equal(s.issuer, `${s.authority}/v2.0`);
		assert.equal(s.jwks().keys[0].issuer, s.issuer);
	});

	it('every answer carries the emulation header, a request id and the client-request-id (a GUID is echoed, anything else replaced)', async () => {
		const guid = 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE';
		const r = await raw(`${s.url}/nothing`, { headers: { 'client-request-id': guid } });
		assert.equal(r.headers[EMULATION_HEADER], 'emulation');
		assert.equal(EMULATION_HEADER, 'x-entra-cert-sandbox');
		assert.equal(r.headers['client-request-id'], guid.toLowerCase());
		assert.match(String(r.headers['x-ms-request-id']), /^[0-9a-f-]{36}$/);
		const other = await raw(`${s.url}/nothing`, { headers: { 'client-request-id': 'not-a-guid' } });
		assert.match(String(other.headers['client-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-4/);
		assert.notEqual(other.headers['x-ms-request-id'], r.headers['x-ms-request-id']);
	});

	it('the index page (GET and HEAD): endpoints, apps and users, labelled; other paths 404 naming what it serves', async () => {
		const r = await raw(`${s.url}/`);
		assert.equal(r.status, 200);
		assert.match(String(r.headers['content-type']), /^text\/plain/);
		assert.match(r.body, /^Entra Cert Kit sandbox — an emulation of Microsoft Entra ID sign-in, not Microsoft\n/);
		assert.ok(r.body.includes(`Token:         ${s.tokenEndpoint}\n`));
		assert.ok(r.body.includes(`Apps:          Orders API (${ORDERS}), Daemon (${DAEMON})\n`));
		assert.ok(r.body.includes('Users:         Avery Sandbox <avery@sandbox.entra-cert-kit.test>, Blake Sandbox <blake@sandbox.entra-cert-kit.test>\n'));
		assert.equal((await raw(`${s.url}/`, { method: 'HEAD' })).status, 200);
		const post = await raw(`${s.url}/`, { method: 'POST', body: 'x' });
		assert.equal(post.status, 404);
		const nf = JSON.parse(post.body) as Record<string, string>;
		assert.equal(nf.error, 'not_found');
		assert.match(nf.error_description, new RegExp(`there is no endpoint at /\\. It serves .* for tenant ${SANDBOX_TENANT_ID}\\.`));
		assert.equal((await raw(`${s.url}/error?code=50011`, { method: 'POST' })).status, 404, '/error is GET only');
		assert.equal((await raw(`${s.authority}/oauth2/v2.0/token/extra`)).status, 404);
		assert.equal((await raw(`${s.url}/a/b/oauth2/v2.0/token`)).status, 404);
		assert.equal((await raw(`x${s.authority}/v2.0/.well-known/openid-configuration`.slice(1).replace(s.url, `${s.url}/prefix`))).status, 404);
	});

	it('the index page lists "none" when there are no apps', async () => {
		const empty = await startSandbox({ apps: [] });
		try {
			assert.ok((await raw(`${empty.url}/`)).body.includes('Apps:          none\n'));
		} finally {
			await empty.close();
		}
	});

	it('the OpenID configuration as Entra\'s v2.0 document; /common gets the {tenantid} issuer; keys at both JWKS paths', async () => {
		const r = await raw(`${s.authority}/v2.0/.well-known/openid-configuration`);
		assert.equal(r.headers['cache-control'], 'max-age=86400, private');
		const c = JSON.parse(r.body) as Record<string, unknown>;
		assert.deepEqual(c.token_endpoint_auth_methods_supported, ['client_secret_post', 'private_key_jwt', 'client_secret_basic']);
		assert.deepEqual(c.response_modes_supported, ['query', 'fragment', 'form_post']);
		assert.deepEqual([c.subject_types_supported, c.id_token_signing_alg_values_supported, c.response_types_supported, c.code_challenge_methods_supported], [['pairwise'], ['RS256'], ['code'], ['S256']]);
		assert.deepEqual(c.scopes_supported, ['openid', 'profile', 'email', 'offline_access']);
		assert.equal(c.end_session_endpoint, `${s.authority}/oauth2/v2.0/logout`);
		assert.equal(c.cloud_instance_name, `127.0.0.1:${s.port}`);
		assert.equal(c.request_uri_parameter_supported, false);
		assert.match(String(c.x_entra_cert_sandbox), /not Microsoft/);
		for (const claim of ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'oid', 'tid', 'ver', 'azp', 'azpacr', 'idtyp', 'roles', 'scp']) {
			assert.ok((c.claims_supported as string[]).includes(claim), claim);
		}
		const org = JSON.parse((await raw(`${s.url}/organizations/v2.0/.well-known/openid-configuration`)).body) as Record<string, unknown>;
		assert.equal(org.issuer, `${s.url}/{tenantid}/v2.0`);
		assert.equal(org.token_endpoint, `${s.url}/organizations/oauth2/v2.0/token`);
		const upper = JSON.parse((await raw(`${s.url}/${SANDBOX_TENANT_ID.toUpperCase()}/v2.0/.well-known/openid-configuration`)).body) as Record<string, unknown>;
		assert.equal(upper.issuer, s.issuer);
		for (const path of ['discovery/v2.0/keys', 'discovery/keys']) {
			const k = await raw(`${s.authority}/${path}`);
			assert.equal(k.status, 200, path);
			assert.deepEqual(JSON.parse(k.body), s.jwks());
			assert.equal(k.headers['cache-control'], 'max-age=86400, private');
		}
	});

	it('JSON answers are not cached (no-store, Pragma no-cache)', async () => {
		const r = await form({ grant_type: 'client_credentials', client_id: DAEMON, client_secret: SECRET, scope: 'api://orders/.default' });
		assert.equal(r.status, 200, r.body);
		assert.deepEqual([r.headers['content-type'], r.headers['cache-control'], r.headers.pragma], ['application/json; charset=utf-8', 'no-store, no-cache', 'no-cache']);
	});

	it('logout: back to a loopback http post_logout_redirect_uri, otherwise a signed-out page', async () => {
		for (const target of ['http://localhost:8400/bye?x=1', 'http://127.0.0.1/', 'http://[::1]:9/']) {
			const r = await raw(`${s.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(target)}`);
			assert.equal(r.status, 302, target);
			assert.equal(r.headers.location, new URL(target).toString());
		}
		for (const target of ['https://localhost/', 'http://evil.example/', 'not a url', '']) {
			const r = await raw(`${s.authority}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent(target)}`);
			assert.equal(r.status, 200, target);
			assert.equal(r.body, 'Signed out of the Entra Cert Kit sandbox (it keeps no sessions).\n');
		}
	});

	it('an unknown tenant: 90002 as JSON on the token endpoint, as a page on authorize', async () => {
		const t = await raw(`${s.url}/contoso.com/oauth2/v2.0/authorize?client_id=x`);
		assert.equal(t.status, 400);
		assert.match(String(t.headers['content-type']), /^text\/html/);
		assert.match(t.body, /AADSTS90002<\/strong>: Tenant &#39;contoso\.com&#39; not found/);
		const j = await raw(`${s.url}/contoso.com/v2.0/.well-known/openid-configuration`);
		assert.equal(codeOf(j.body), 90002);
		assert.match(j.body, /start it with --tenant or set entraCert\.sandbox\.tenantId/);
	});

	it('methods: the token endpoint takes POST (900561 naming the method), authorize GET and POST', async () => {
		const put = await raw(s.tokenEndpoint, { method: 'PUT', body: 'grant_type=x' });
		assert.equal(put.status, 400);
		assert.match(JSON.parse(put.body).error_description as string, /^AADSTS900561: The endpoint only accepts POST, OPTIONS requests\. Received a PUT request\./);
		const del = await raw(`${s.authority}/oauth2/v2.0/authorize`, { method: 'DELETE' });
		assert.equal(del.status, 400);
		assert.match(del.body, /AADSTS900561<\/strong>: The endpoint only accepts GET, POST requests\. Received a DELETE request\./);
		const post = await raw(`${s.authority}/oauth2/v2.0/authorize`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'client_id=' });
		assert.match(post.body, /AADSTS900144<\/strong>: .*client_id/);
	});

	it('a body over 1 MiB → 900144 saying so; exactly 1 MiB is read', async () => {
		const big = await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Buffer.alloc(1024 * 1024 + 1, 'a') });
		assert.equal(codeOf(big.body), 900144);
		assert.match(big.body, /the body is over 1048576 bytes/);
		const body = `grant_type=nope&x=${'a'.repeat(1024 * 1024 - 'grant_type=nope&x='.length)}`;
		assert.equal(body.length, 1024 * 1024);
		const exact = await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
		assert.equal(codeOf(exact.body), 70003, 'read and answered: unsupported grant type');
	});

	it('only a form body is read: JSON is not (900144 grant_type), the content type in any case and with a charset', async () => {
		const json = await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials' }) });
		assert.equal(codeOf(json.body), 900144);
		const none = await raw(s.tokenEndpoint, { method: 'POST', body: 'grant_type=nope' });
		assert.equal(codeOf(none.body), 900144);
		const charset = await raw(s.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'Application/X-WWW-Form-Urlencoded; charset=UTF-8' }, body: 'grant_type=nope' });
		assert.equal(codeOf(charset.body), 70003);
	});

	describe('client_secret_basic', () => {
		const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
		const cc = { grant_type: 'client_credentials', scope: 'api://orders/.default' };

		it('Basic base64(urlencode(id):urlencode(secret)) authenticates (form-encoded + as a space too); the scheme in any case', async () => {
			const r = await form(cc, { Authorization: basic(DAEMON, SECRET) });
			assert.equal(r.status, 200, r.body);
			const plus = await form(cc, { Authorization: `basic ${Buffer.from(`${DAEMON}:${SECRET.replace(/ /g, '+').replace('%', '%25').replace('+1', '%2B1')}`).toString('base64')}` });
			assert.equal(plus.status, 200, plus.body);
			// A colon in the secret: only the first colon splits.
			const colon = await form(cc, { Authorization: basic(ORDERS, 'orders-secret') });
			assert.equal(colon.status, 200, colon.body);
		});

		it('the body\'s client_id wins over Basic\'s; a body secret means Basic is ignored', async () => {
			const id = await form({ ...cc, client_id: DAEMON }, { Authorization: basic(ORDERS, SECRET) });
			assert.equal(id.status, 200, id.body);
			const bodySecret = await form({ ...cc, client_id: DAEMON, client_secret: 'wrong' }, { Authorization: basic(DAEMON, SECRET) });
			assert.equal(codeOf(bodySecret.body), 7000215);
		});

		it('not Basic, no colon, an empty client id, or a value that is not percent-encoding are handled as such', async () => {
			assert.equal(codeOf((await form(cc, { Authorization: `Bearer ${Buffer.from(`${DAEMON}:${SECRET}`).toString('base64')}` })).body), 900144, 'no client_id');
			assert.equal(codeOf((await form(cc, { Authorization: `Basic ${Buffer.from(`${DAEMON}-no-colon`).toString('base64')}` })).body), 900144);
			assert.equal(codeOf((await form(cc, { Authorization: `Basic ${Buffer.from(`:${SECRET}`).toString('base64')}` })).body), 900144);
			assert.equal(codeOf((await form(cc, { Authorization: `Basic ${Buffer.from(`${DAEMON}:${SECRET}`).toString('base64')} extra` })).body), 900144);
			// '%' alone is not percent-encoding: taken as written.
			const literal = await form(cc, { Authorization: `Basic ${Buffer.from(`${DAEMON}:p@ss:word+1 %`).toString('base64')}` });
			assert.equal(literal.status, 200, 'a secret that does not decode is taken exactly as sent (its + not made a space)');
		});
	});

	it('a Host header that is not loopback → 421 misdirected_request; loopback names with ports pass', async () => {
		for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.evil.example', '[::2]:80']) {
			const r = await raw(`${s.url}/`, { headers: { Host: host } });
			assert.equal(r.status, 421, host);
			assert.equal(JSON.parse(r.body).error, 'misdirected_request');
		}
		for (const host of ['localhost', `localhost:${s.port}`, '127.0.0.1', `127.1.2.3:${s.port}`, '[::1]', `[::1]:${s.port}`]) {
			assert.equal((await raw(`${s.url}/`, { headers: { Host: host } })).status, 200, host);
		}
	});

	it('the request log: one entry per answer with method, path without query, status, the AADSTS code of errors', async () => {
		logs.length = 0;
		await raw(`${s.url}/?a=b`);
		await form({ grant_type: 'client_credentials', client_id: DAEMON, client_secret: 'bad', scope: 'api://orders/.default' }, {}, `${s.tokenEndpoint}?q=1`);
		assert.equal(logs.length, 2);
		assert.deepEqual([logs[0].method, logs[0].path, logs[0].status, 'errorCode' in logs[0]], ['GET', '/', 200, false]);
		assert.deepEqual([logs[1].method, logs[1].path, logs[1].status, logs[1].errorCode], ['POST', new URL(s.tokenEndpoint).pathname, 401, 7000215]);
		assert.ok(logs.every((e) => e.durationMs >= 0 && e.clientGone === undefined));
	});

	it('formatRequestLog: one line in the user\'s words, the query cut', () => {
		assert.equal(formatRequestLog({ method: 'POST', path: '/t/oauth2/v2.0/token?x=1', status: 400, errorCode: 7000215, durationMs: 3.25 }), 'POST /t/oauth2/v2.0/token → 400 AADSTS7000215 (3.3 ms)');
		assert.equal(formatRequestLog({ method: 'GET', path: '/', status: 200, durationMs: 0.04 }), 'GET / → 200 (0.0 ms)');
		assert.equal(formatRequestLog({ method: 'POST', path: '/t?a', status: CLIENT_GONE_STATUS, durationMs: 1, clientGone: true }), 'POST /t → the client went away before the answer (closed the connection); nothing was sent (1.0 ms)');
	});

	it('a throwing onRequest hook changes nothing for the client', async () => {
		const t = await startSandbox({ apps: [], onRequest: () => {
			throw new Error('log sink down');
		}, onInternalError: () => {
			throw new Error('also down');
		} });
		try {
			assert.equal((await raw(`${t.url}/`)).status, 200);
		} finally {
			await t.close();
			await t.close();
		}
	});

	describe('startSandbox options', () => {
		it('refuses bad ports, tenants and users with a message saying what to give', async () => {
			for (const port of [-1, 65536, 1.5, Number.NaN]) {
				await assert.rejects(startSandbox({ apps: [], port }), /is not a port number; use 1 to 65535, or 0 for a random free port/, String(port));
			}
			await assert.rejects(startSandbox({ apps: [], tenantId: 'contoso.onmicrosoft.com' }), /The sandbox tenant 'contoso\.onmicrosoft\.com' is not a GUID/);
			await assert.rejects(startSandbox({ apps: [], users: [] }), /needs at least one user/);
			await assert.rejects(startSandbox({ apps: [], users: [{ oid: 'x', name: 'X', preferredUsername: 'x@y' }] }), /The sandbox user 'X' has oid 'x', which is not a GUID/);
			await assert.rejects(startSandbox({ apps: [], host: '127.0.0.1.example' }), /only on loopback/);
			await assert.rejects(startSandbox({ apps: [], host: '::2' }), /only on loopback/);
			await assert.rejects(startSandbox({ apps: [app('not-a-guid', 'Bad', [])] }), /appId 'not-a-guid', which is not a GUID/);
		});

		it('listens on localhost as 127.0.0.1, on another 127.x address, and on [::1]; a tenant and users of its own (lower-cased)', async () => {
			const a = await startSandbox({ apps: [], host: ' localhost ', tenantId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', users: [{ oid: 'AAAAAAAA-0000-4000-8000-000000000001', name: 'Z', preferredUsername: 'z@x' }] });
			try {
				assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+$/);
				assert.equal(a.tenantId, 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
				assert.deepEqual(a.users, [{ oid: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Z', preferredUsername: 'z@x' }]);
				assert.ok((await raw(`${a.url}/`)).body.includes('Tenant:        aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'));
			} finally {
				await a.close();
			}
			const b = await startSandbox({ apps: [], host: '127.0.0.2' });
			try {
				assert.match(b.url, /^http:\/\/127\.0\.0\.2:\d+$/);
				assert.equal((await raw(`${b.url}/`)).status, 200);
			} finally {
				await b.close();
			}
			const c = await startSandbox({ apps: [], host: '[::1]' });
			try {
				assert.match(c.url, /^http:\/\/\[::1\]:\d+$/);
				assert.equal((await raw(`${c.url}/`)).status, 200);
			} finally {
				await c.close();
			}
		});
	});
});
