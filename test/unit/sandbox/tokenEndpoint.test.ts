/**
 * The sandbox's token endpoint over real HTTP on 127.0.0.1: client credentials with assertions signed by the kit
 * and by an openssl-made key through Node's crypto, tokens checked against the JWKS with jose and Node's crypto,
 * and every client-authentication error answered in Entra's shape.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { startSandbox, graphNonceTransform, GRAPH_APP_ID } from '../../../src/sandbox';
import { parseErrorResponse } from '../../../src/core/diagnose/aadsts';
import { aadsts, ASSERTION_TYPE, claims, clientCredentials, DAEMON, decodePart, INVENTORY, kitAssertion, ORDERS, postForm, SECRET, signRaw, SMALL, startWorld, verifyWithJwks, WEB, type World } from './fixtures';

describe('sandbox token endpoint', function () {
	this.timeout(30000);
	let w: World;
	const logs: { method: string; path: string; status: number; errorCode?: number }[] = [];
	before(async () => {
		w = await startWorld({ onRequest: (e) => logs.push(e) });
	});
	after(async () => {
		await w.sandbox.close();
	});

	describe('discovery', () => {
		it('serves an OpenID configuration and a JWKS shaped as Entra\'s, labelled as an emulation', async () => {
			const r = await fetch(`${w.sandbox.authority}/v2.0/.well-known/openid-configuration`);
			assert.equal(r.status, 200);
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			const c = (await r.json()) as Record<string, unknown>;
			assert.equal(c.token_endpoint, w.sandbox.tokenEndpoint);
			assert.equal(c.issuer, w.sandbox.issuer);
			assert.equal(c.jwks_uri, `${w.sandbox.authority}/discovery/v2.0/keys`);
			assert.equal(c.authorization_endpoint, `${w.sandbox.authority}/oauth2/v2.0/authorize`);
			assert.match(w.sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
			assert.equal(w.sandbox.issuer, `${w.sandbox.url}/${w.sandbox.tenantId}/v2.0`);
			const common = (await (await fetch(`${w.sandbox.url}/common/v2.0/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
			assert.equal(common.issuer, `${w.sandbox.url}/{tenantid}/v2.0`, 'multi-tenant aliases get the {tenantid} template, as Entra');
			const jwks = (await (await fetch(String(c.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
			assert.deepEqual(jwks, w.sandbox.jwks());
			const k = jwks.keys[0];
			assert.deepEqual([k.kty, k.use, typeof k.kid, k.kid === k.x5t, Array.isArray(k.x5c)], ['RSA', 'sig', 'string', true, true]);
			const x5t = createHash('sha1').update(Buffer.from((k.x5c as string[])[0], 'base64')).digest('base64url');
			assert.equal(k.x5t, x5t, 'x5t is the SHA-1 of the x5c certificate');
		});

		it('unknown tenant → 90002; unknown path → 404; both with the emulation header', async () => {
			const r = await postForm(`${w.sandbox.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, { grant_type: 'client_credentials' });
			assert.equal(r.status, 400);
			assert.equal(aadsts(r).code, 90002);
			assert.match(aadsts(r).description, /^AADSTS90002: Tenant 'contoso\.onmicrosoft\.com' not found\./);
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			const nf = await fetch(`${w.sandbox.url}/nothing/here`);
			assert.equal(nf.status, 404);
			assert.equal(nf.headers.get('x-entra-cert-sandbox'), 'emulation');
		});
	});

	describe('client credentials', () => {
		it('the kit\'s PS256 assertion gets a token that verifies with the JWKS (jose and Node crypto), with the resource\'s application roles', async () => {
			const r = await clientCredentials(w.sandbox, WEB, await kitAssertion(w.sandbox, WEB, w.web), 'api://orders/.default');
			assert.equal(r.status, 200, JSON.stringify(r.json));
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			assert.deepEqual([r.json.token_type, r.json.expires_in, typeof r.json.access_token], ['Bearer', 3599, 'string']);
			const p = await verifyWithJwks(w.sandbox, String(r.json.access_token));
			assert.equal(p.aud, ORDERS);
			assert.equal(p.iss, `${w.sandbox.url}/${w.sandbox.tenantId}/v2.0`);
			assert.equal(p.tid, w.sandbox.tenantId);
			assert.equal(p.azp, WEB);
			assert.equal(p.azpacr, '2');
			assert.equal(p.idtyp, 'app');
			assert.equal(p.ver, '2.0');
			assert.deepEqual(p.roles, ['Orders.Read.All'], 'Application roles only (admin consent emulated)');
			assert.equal(p.scp, undefined);
			assert.equal(p.oid, p.sub);
			assert.equal(Number(p.exp) - Number(p.iat), 3600);
			assert.equal(typeof p.uti, 'string');
		});

		it('an assertion signed with an openssl-made key through Node\'s crypto (RS256 + x5t) is accepted too', async () => {
			const x5t = Buffer.from(w.orders.sha1Hex, 'hex').toString('base64url');
			const jwt = signRaw({ alg: 'RS256', typ: 'JWT', x5t }, claims(w.sandbox, ORDERS), w.orders.key);
			const r = await clientCredentials(w.sandbox, ORDERS, jwt, `${INVENTORY}/.default`);
			assert.equal(r.status, 200, JSON.stringify(r.json));
			const p = await verifyWithJwks(w.sandbox, String(r.json.access_token));
			assert.deepEqual([p.aud, p.azp, p.roles], [INVENTORY, ORDERS, ['Inventory.Read.All']]);
			// PS256 with x5t#S256 from the same openssl key, signed by Node directly.
			const ps = signRaw({ alg: 'PS256', typ: 'JWT', 'x5t#S256': Buffer.from(w.orders.sha256Hex, 'hex').toString('base64url') }, claims(w.sandbox, ORDERS), w.orders.key);
			assert.equal((await clientCredentials(w.sandbox, ORDERS, ps, 'api://inventory/.default')).status, 200);
		});

		it('an assertion may be reused until it expires (no jti replay check)', async () => {
			const a = await kitAssertion(w.sandbox, WEB, w.web, 'RS256');
			const jtis = new Set<string>();
			for (let i = 0; i < 3; i++) {
				const r = await clientCredentials(w.sandbox, WEB, a, `${ORDERS}/.default`);
				assert.equal(r.status, 200, JSON.stringify(r.json));
				// A real token each time: signed by the sandbox, for ORDERS, to WEB, each with its own id.
				const p = await verifyWithJwks(w.sandbox, String(r.json.access_token));
				assert.deepEqual([p.aud, p.azp ?? p.appid], [ORDERS, WEB]);
				jtis.add(String(p.uti ?? p.jti));
			}
			assert.equal(jtis.size, 3);
		});

		it('a client secret gets a token with azpacr 1; a wrong one → 401 AADSTS7000215', async () => {
			const ok = await postForm(w.sandbox.tokenEndpoint, { grant_type: 'client_credentials', client_id: DAEMON, scope: 'api://orders/.default', client_secret: SECRET });
			assert.equal(ok.status, 200, JSON.stringify(ok.json));
			const p = await verifyWithJwks(w.sandbox, String(ok.json.access_token));
			assert.equal(p.azpacr, '1');
			const bad = await postForm(w.sandbox.tokenEndpoint, { grant_type: 'client_credentials', client_id: DAEMON, scope: 'api://orders/.default', client_secret: 'wrong' });
			assert.deepEqual([bad.status, bad.json.error, aadsts(bad).code], [401, 'invalid_client', 7000215]);
			assert.ok(!aadsts(bad).description.includes(SECRET), 'the description never names a secret');
			// client_secret_basic, as the OpenID configuration advertises.
			const basic = await fetch(w.sandbox.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${DAEMON}:${encodeURIComponent(SECRET)}`).toString('base64')}` }, body: 'grant_type=client_credentials&scope=api%3A%2F%2Forders%2F.default' });
			assert.equal(basic.status, 200);
		});

		it('Graph\'s /.default gives a Graph-style token: header nonce, aud Graph, not verifiable with the JWKS as is', async () => {
			const r = await clientCredentials(w.sandbox, WEB, await kitAssertion(w.sandbox, WEB, w.web), 'https://graph.microsoft.com/.default');
			assert.equal(r.status, 200);
			const token = String(r.json.access_token);
			const header = decodePart(token, 0);
			assert.equal(typeof header.nonce, 'string');
			assert.equal(decodePart(token, 1).aud, GRAPH_APP_ID);
			await assert.rejects(jwtVerify(token, createLocalJWKSet(w.sandbox.jwks() as never)), /signature verification failed/);
			// After the nonce transform the signature verifies: it is the sandbox's key, signed over the transformed header.
			const [, p, s] = token.split('.');
			const transformed = Buffer.from(JSON.stringify({ ...header, nonce: graphNonceTransform(String(header.nonce)) })).toString('base64url');
			await jwtVerify(`${transformed}.${p}.${s}`, createLocalJWKSet(w.sandbox.jwks() as never));
		});
	});

	describe('client authentication errors (as Entra answers)', () => {
		it('a wrong key → 401 AADSTS700027 with the full error shape', async () => {
			const x5t = Buffer.from(w.web.sha1Hex, 'hex').toString('base64url');
			const forged = signRaw({ alg: 'RS256', typ: 'JWT', x5t }, claims(w.sandbox, WEB), w.other.key);
			const r = await clientCredentials(w.sandbox, WEB, forged, 'api://orders/.default', {});
			assert.equal(r.status, 401);
			assert.equal(r.json.error, 'invalid_client');
			assert.deepEqual(r.json.error_codes, [700027]);
			const d = String(r.json.error_description);
			assert.match(d, /^AADSTS700027: Client assertion failed signature validation\. \[Reason - The provided signature value did not match the expected signature value\., Thumbprint of key used by client: '([0-9A-F]{40})'/);
			assert.ok(d.includes(`Thumbprint of key used by client: '${w.web.sha1Hex}'`));
			assert.match(d, / Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
			assert.match(String(r.json.timestamp), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
			assert.ok(d.includes(String(r.json.trace_id)) && d.includes(String(r.json.correlation_id)));
			assert.equal(r.json.error_uri, `${w.sandbox.url}/error?code=700027`);
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			// The kit's own parser reads it as it reads Entra's answers.
			const parsed = parseErrorResponse(JSON.stringify(r.json));
			assert.deepEqual([parsed.codes, parsed.reportedThumbprint], [['700027'], w.web.sha1Hex]);
			assert.equal(logs.at(-1)?.errorCode, 700027);
		});

		it('a client-request-id GUID becomes the correlation ID, as Entra echoes it', async () => {
			const id = randomUUID();
			const r = await fetch(w.sandbox.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'client-request-id': id }, body: 'grant_type=client_credentials' });
			const j = (await r.json()) as Record<string, unknown>;
			assert.equal(j.correlation_id, id);
			assert.equal(r.headers.get('client-request-id'), id);
		});

		it('x5t = base64 of the hex thumbprint TEXT → 700027 reporting 80 hex digits of ASCII; the hex verbatim → 60', async () => {
			const hexText = Buffer.from(w.web.sha1Hex, 'utf8').toString('base64url');
			const r = await clientCredentials(w.sandbox, WEB, signRaw({ alg: 'RS256', typ: 'JWT', x5t: hexText }, claims(w.sandbox, WEB), w.web.key), 'api://orders/.default');
			assert.equal(aadsts(r).code, 700027);
			const reported = /Thumbprint of key used by client: '([0-9A-F]*)'/.exec(aadsts(r).description)?.[1] ?? '';
			assert.equal(reported.length, 80);
			assert.match(reported, /^(3[0-9]|4[1-6])+$/, 'every byte is an ASCII hex digit');
			assert.equal(Buffer.from(reported, 'hex').toString('ascii'), w.web.sha1Hex);
			assert.match(aadsts(r).description, /The key was not found\./);
			assert.match(aadsts(r).description, /hex thumbprint text was base64-encoded/);

			const verbatim = await clientCredentials(w.sandbox, WEB, signRaw({ alg: 'RS256', typ: 'JWT', x5t: w.web.sha1Hex }, claims(w.sandbox, WEB), w.web.key), 'api://orders/.default');
			assert.equal(aadsts(verbatim).code, 700027);
			assert.equal(/Thumbprint of key used by client: '([0-9A-F]*)'/.exec(aadsts(verbatim).description)?.[1].length, 60);

			const sha256InX5t = await clientCredentials(w.sandbox, WEB, signRaw({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(w.web.sha256Hex, 'hex').toString('base64url') }, claims(w.sandbox, WEB), w.web.key), 'api://orders/.default');
			assert.equal(/Thumbprint of key used by client: '([0-9A-F]*)'/.exec(aadsts(sha256InX5t).description)?.[1], w.web.sha256Hex);
		});

		it('an expired assertion → 700024 with the times; a slightly early nbf is within the skew', async () => {
			const now = Math.floor(Date.now() / 1000);
			const r = await clientCredentials(w.sandbox, WEB, await signClient(w, { nbf: now - 4000, iat: now - 4000, exp: now - 3400 }), 'api://orders/.default');
			assert.deepEqual([r.status, r.json.error, aadsts(r).code], [401, 'invalid_client', 700024]);
			assert.match(aadsts(r).description, /^AADSTS700024: Client assertion is not within its valid time range\. Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z, assertion valid from .+, expiry time of assertion \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.0000000Z\./);
			const future = await clientCredentials(w.sandbox, WEB, await signClient(w, { nbf: now + 3600, exp: now + 4200 }), 'api://orders/.default');
			assert.equal(aadsts(future).code, 700024);
			assert.equal((await clientCredentials(w.sandbox, WEB, await signClient(w, { nbf: now + 30 }), 'api://orders/.default')).status, 200);
			// nbf/exp as JSON strings (an older MSAL.NET) are read as numbers.
			assert.equal((await clientCredentials(w.sandbox, WEB, await signClient(w, { nbf: String(now), exp: String(now + 600) }), 'api://orders/.default')).status, 200);
		});

		const table: { name: string; header?: Record<string, unknown>; over?: Record<string, unknown>; client?: string; want: [number, string, number]; text: RegExp }[] = [
			{ name: 'no x5t / x5t#S256 → 5002723', header: { alg: 'RS256', typ: 'JWT' }, want: [401, 'invalid_client', 5002723], text: /No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header/ },
			{ name: 'kid only → 5002723 with a note on kid', header: { alg: 'RS256', typ: 'JWT', kid: 'abc' }, want: [401, 'invalid_client', 5002723], text: /only kid/ },
			{ name: 'iss ≠ sub → 50048', over: { sub: ORDERS }, want: [401, 'invalid_client', 50048], text: /Subject mismatches Issuer/ },
			{ name: 'iss = sub ≠ client_id → 700021', over: { iss: ORDERS, sub: ORDERS }, want: [401, 'invalid_client', 700021], text: /doesn't match 'client_id'/ },
			{ name: 'aud an array → 50027', over: { aud: ['x', 'y'] }, want: [400, 'invalid_request', 50027], text: /array/ },
			{ name: 'aud /common → 700023, said to be the sandbox\'s reading', over: { aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }, want: [401, 'invalid_client', 700023], text: /audience claim does not match Realm issuer.*Sources disagree.*sandbox's reading/ },
			{ name: 'alg HS256 → 5002730', header: { alg: 'HS256', typ: 'JWT', x5t: 'X5T' }, want: [401, 'invalid_client', 5002730], text: /Unsupported key for the signing algorithm.*'HS256'/ },
		];
		for (const t of table) {
			it(t.name, async () => {
				const x5t = Buffer.from(w.web.sha1Hex, 'hex').toString('base64url');
				const header = t.header?.x5t === 'X5T' ? { ...t.header, x5t } : t.header;
				const jwt = signRaw(header ?? { alg: 'RS256', typ: 'JWT', x5t }, claims(w.sandbox, WEB, t.over), w.web.key);
				const r = await clientCredentials(w.sandbox, t.client ?? WEB, jwt, 'api://orders/.default');
				assert.deepEqual([r.status, r.json.error, aadsts(r).code], t.want, aadsts(r).description);
				assert.match(aadsts(r).description, t.text);
			});
		}

		it('the v1 token endpoint and /{tenant}/v2.0 are accepted as aud (forms Microsoft\'s docs have shown)', async () => {
			for (const aud of [`${w.sandbox.authority}/oauth2/token`, `${w.sandbox.authority}/v2.0`, w.sandbox.tokenEndpoint.replace('127.0.0.1', 'localhost')]) {
				const r = await clientCredentials(w.sandbox, WEB, await signClient(w, { aud }), 'api://orders/.default');
				assert.equal(r.status, 200, aud);
				const p = await verifyWithJwks(w.sandbox, String(r.json.access_token));
				assert.deepEqual([p.aud, p.azp ?? p.appid, p.iss], [ORDERS, WEB, w.sandbox.issuer], aud);
			}
		});

		it('a registered 1024-bit RSA key → 700027 with Entra\'s key-size text', async () => {
			const jwt = signRaw({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(w.small.sha1Hex, 'hex').toString('base64url') }, claims(w.sandbox, SMALL), w.small.key);
			const r = await clientCredentials(w.sandbox, SMALL, jwt, 'api://orders/.default');
			assert.equal(aadsts(r).code, 700027);
			assert.match(aadsts(r).description, /^AADSTS700027: RSA key size 1024 is less than the minimum required 2048 bits\./);
		});

		it('request-level errors: 700016, 9001023, 70011, 7000218 (both and neither), 901002, 90014', async () => {
			const a = await kitAssertion(w.sandbox, WEB, w.web);
			const cases: [Promise<ReturnType<typeof aadsts> & { status: number; error: unknown }>, number, number, string][] = [];
			const run = async (url: string, params: Record<string, string>) => {
				const r = await postForm(url, params);
				return { ...aadsts(r), status: r.status, error: r.json.error };
			};
			const base = { grant_type: 'client_credentials', client_id: WEB, scope: 'api://orders/.default', client_assertion_type: ASSERTION_TYPE, client_assertion: a };
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, client_id: '00000000-0000-0000-0000-000000000001' }), 400, 700016, 'unauthorized_client']);
			cases.push([run(`${w.sandbox.url}/common/oauth2/v2.0/token`, base), 400, 9001023, 'invalid_request']);
			cases.push([run(`${w.sandbox.url}/organizations/oauth2/v2.0/token`, base), 400, 9001023, 'invalid_request']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, scope: 'api://orders/Orders.Read' }), 400, 70011, 'invalid_scope']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, scope: 'api://orders/default' }), 400, 70011, 'invalid_scope']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, client_secret: 'x' }), 401, 7000218, 'invalid_client']);
			cases.push([run(w.sandbox.tokenEndpoint, { grant_type: 'client_credentials', client_id: WEB, scope: 'api://orders/.default' }), 401, 7000218, 'invalid_client']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, resource: 'api://orders' }), 400, 901002, 'invalid_request']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, client_assertion_type: 'jwt' }), 400, 90014, 'invalid_request']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, scope: 'api://nothing/.default' }), 400, 500011, 'invalid_resource']);
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, scope: 'api://orders/.default api://inventory/.default' }), 400, 28000, 'invalid_scope']);
			// grant_type=password signs a sandbox user in to the emulated Graph (src/sandbox/graph.ts); the device code grant is not emulated.
			cases.push([run(w.sandbox.tokenEndpoint, { ...base, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' }), 400, 70003, 'unsupported_grant_type']);
			for (const [p, status, code, error] of cases) {
				const r = await p;
				assert.deepEqual([r.status, r.code, r.error], [status, code, error], r.description);
				assert.match(r.description, new RegExp(`^AADSTS${code}: `));
			}
			const get = await fetch(w.sandbox.tokenEndpoint);
			assert.deepEqual([get.status, ((await get.json()) as { error_codes: number[] }).error_codes], [400, [900561]]);
		});
	});

	it('an unexpected exception → 500 with an AADSTS-shaped body saying it is a sandbox bug, no stack', async () => {
		let fail = false;
		const errors: unknown[] = [];
		const s = await startSandbox({ apps: [], now: () => {
			if (fail) {
				throw new Error('boom at /secret/path.ts:12');
			}
			return new Date();
		}, onInternalError: (e) => errors.push(e) });
		try {
			fail = true;
			const r = await postForm(s.tokenEndpoint, { grant_type: 'client_credentials' });
			assert.equal(r.status, 500);
			assert.equal(r.json.error, 'server_error');
			assert.match(String(r.json.error_description), /^AADSTS50000: .*a bug in Entra Cert Kit/);
			assert.ok(!JSON.stringify(r.json).includes('boom') && !JSON.stringify(r.json).includes('.ts:'));
			assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			assert.equal(errors.length, 1);
		} finally {
			await s.close();
		}
	});

	it('refuses a non-loopback host, and requests addressed to another host name', async () => {
		await assert.rejects(startSandbox({ apps: [], host: '0.0.0.0' }), /only on loopback/);
		await assert.rejects(startSandbox({ apps: [], host: '192.168.1.10' }), /only on loopback/);
		await assert.rejects(startSandbox({ apps: [], port: w.sandbox.port }), /Port \d+ on 127\.0\.0\.1 is in use/);
		const page = await fetch(`${w.sandbox.url}/error?code=700027`);
		assert.match(await page.text(), /AADSTS700027.*Causes:.*registered.*Fix:/s);
		const { request } = await import('node:http');
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(`${w.sandbox.url}/`, { headers: { Host: 'evil.example:80' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			req.end();
		});
		assert.equal(status, 421);
	});

	describe('logging', () => {
		it('onRequest gets method, path without query, status, duration and the AADSTS code only', () => {
			assert.ok(logs.length > 5);
			for (const e of logs) {
				assert.deepEqual(Object.keys(e).sort().filter((k) => k !== 'errorCode'), ['durationMs', 'method', 'path', 'status']);
				assert.ok(!e.path.includes('?'));
			}
		});
	});
});

async function signClient(w: World, over: Record<string, unknown>): Promise<string> {
	const x5t = Buffer.from(w.web.sha1Hex, 'hex').toString('base64url');
	return signRaw({ alg: 'RS256', typ: 'JWT', x5t }, claims(w.sandbox, WEB, over), w.web.key);
}
