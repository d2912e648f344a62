/**
 * Delegated flows over HTTP: the sign-in page (GET), its form (POST), the 302 followed by hand, the code redeemed
 * with the PKCE verifier, then On-Behalf-Of to a downstream API and refresh tokens. OBO refusals: a Graph-style
 * token, a token for another audience, an app-only token.
 */
import assert from 'node:assert/strict';
import { createPkce } from '../../../src/core/token/pkce';
import { aadsts, ASSERTION_TYPE, clientCredentials, decodePart, INVENTORY, kitAssertion, OBO_GRANT, ORDERS, postForm, signIn, signRaw, claims, startWorld, verifyWithJwks, WEB, type World } from './fixtures';

describe('sandbox sign-in, authorization code, On-Behalf-Of and refresh', function () {
	this.timeout(30000);
	let w: World;
	before(async () => {
		w = await startWorld();
	});
	after(async () => {
		await w.sandbox.close();
	});

	const redeem = async (code: string, verifier: string, redirectUri = 'http://localhost:53682/') =>
		postForm(w.sandbox.tokenEndpoint, { grant_type: 'authorization_code', client_id: WEB, code, redirect_uri: redirectUri, code_verifier: verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await kitAssertion(w.sandbox, WEB, w.web) });

	const obo = async (assertion: string, scope = 'api://inventory/Inventory.Read') => {
		const x5t = Buffer.from(w.orders.sha1Hex, 'hex').toString('base64url');
		return postForm(w.sandbox.tokenEndpoint, { grant_type: OBO_GRANT, client_id: ORDERS, assertion, scope, requested_token_use: 'on_behalf_of', client_assertion_type: ASSERTION_TYPE, client_assertion: signRaw({ alg: 'RS256', typ: 'JWT', x5t }, claims(w.sandbox, ORDERS), w.orders.key) });
	};

	it('the sign-in page: labelled as an emulation, strict CSP with a nonce, one button per user, parameters carried in hidden fields', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read openid' });
		assert.ok(s.page.includes('Entra Cert Kit sandbox — an emulation of Microsoft Entra ID sign-in, not Microsoft'));
		for (const u of w.sandbox.users) {
			assert.ok(s.page.includes(`<button name="user" value="${u.oid}">Sign in as ${u.name}</button>`), u.name);
		}
		const nonce = /style-src 'nonce-([^']+)'/.exec(s.csp)?.[1];
		assert.ok(nonce, s.csp);
		assert.match(s.csp, /default-src 'none'/);
		assert.match(s.csp, /form-action 'self' http:\/\/localhost:53682/, 'the form may post to itself and redirect to the loopback URI');
		assert.ok(s.page.includes(`<style nonce="${nonce}">`));
		assert.ok(!/<script|https?:\/\/(?!localhost|127)/.test(s.page.replace(/Microsoft Entra ID/g, '')), 'no scripts, no external resources');
		assert.match(s.page, /color-scheme: light dark/);
		assert.equal(s.state, 'st-1');
		assert.match(s.code, /^[A-Za-z0-9_-]{40,}$/);
	});

	it('auth code + PKCE → access token for the API with scp, an ID token with the nonce, a refresh token; then OBO → a token for the downstream API', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read openid profile offline_access', nonce: 'n-123' });
		const r = await redeem(s.code, s.verifier);
		assert.equal(r.status, 200, JSON.stringify(r.json));
		assert.equal(r.json.scope, 'api://orders/Orders.Read offline_access');
		const at = await verifyWithJwks(w.sandbox, String(r.json.access_token));
		const user = w.sandbox.users[0];
		assert.deepEqual([at.aud, at.scp, at.azp, at.azpacr, at.oid, at.name, at.preferred_username, at.idtyp, at.roles], [ORDERS, 'Orders.Read', WEB, '2', user.oid, user.name, user.preferredUsername, 'user', undefined]);
		const id = await verifyWithJwks(w.sandbox, String(r.json.id_token));
		assert.deepEqual([id.aud, id.nonce, id.oid, id.tid], [WEB, 'n-123', user.oid, w.sandbox.tenantId]);
		assert.equal(typeof r.json.refresh_token, 'string');

		const o = await obo(String(r.json.access_token));
		assert.equal(o.status, 200, JSON.stringify(o.json));
		const down = await verifyWithJwks(w.sandbox, String(o.json.access_token));
		assert.deepEqual([down.aud, down.scp, down.azp, down.oid, down.idtyp], [INVENTORY, 'Inventory.Read', ORDERS, user.oid, 'user']);
		assert.equal(o.json.scope, 'api://inventory/Inventory.Read');

		// OBO for Graph gives a Graph-style token with scp.
		const g = await obo(String(r.json.access_token), 'https://graph.microsoft.com/User.Read');
		assert.equal(g.status, 200);
		assert.equal(typeof decodePart(String(g.json.access_token), 0).nonce, 'string');
		assert.equal(decodePart(String(g.json.access_token), 1).scp, 'User.Read');
	});

	it('the code is single-use (54005), and the verifier must match (501481) and the redirect URI equal (500112)', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read' });
		const wrong = await redeem(s.code, createPkce().verifier);
		assert.deepEqual([wrong.status, wrong.json.error, aadsts(wrong).code], [400, 'invalid_grant', 501481]);
		assert.match(aadsts(wrong).description, /^AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request\./);
		const otherUri = await redeem(s.code, s.verifier, 'http://localhost:9999/');
		assert.equal(aadsts(otherUri).code, 500112);
		assert.equal((await redeem(s.code, s.verifier)).status, 200);
		const again = await redeem(s.code, s.verifier);
		assert.deepEqual([again.json.error, aadsts(again).code], ['invalid_grant', 54005]);
	});

	it('refresh tokens work, more than once, and for another resource', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read offline_access', user: 1 });
		const first = await redeem(s.code, s.verifier);
		const rt = String(first.json.refresh_token);
		const refresh = async (scope?: string) => postForm(w.sandbox.tokenEndpoint, { grant_type: 'refresh_token', client_id: WEB, refresh_token: rt, ...(scope ? { scope } : {}), client_assertion_type: ASSERTION_TYPE, client_assertion: await kitAssertion(w.sandbox, WEB, w.web) });
		for (let i = 0; i < 2; i++) {
			const r = await refresh();
			assert.equal(r.status, 200, JSON.stringify(r.json));
			const p = await verifyWithJwks(w.sandbox, String(r.json.access_token));
			assert.deepEqual([p.aud, p.scp, p.oid], [ORDERS, 'Orders.Read', w.sandbox.users[1].oid]);
			assert.equal(typeof r.json.refresh_token, 'string');
		}
		const inv = await refresh('api://inventory/Inventory.Read');
		assert.equal((await verifyWithJwks(w.sandbox, String(inv.json.access_token))).aud, INVENTORY);
		const bad = await postForm(w.sandbox.tokenEndpoint, { grant_type: 'refresh_token', client_id: WEB, refresh_token: 'nope', client_assertion_type: ASSERTION_TYPE, client_assertion: await kitAssertion(w.sandbox, WEB, w.web) });
		assert.equal(bad.json.error, 'invalid_grant');
	});

	it('OBO refuses a Graph-style token, a token for another audience and an app-only token with 50013 naming why', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'User.Read openid' });
		const graph = String((await redeem(s.code, s.verifier)).json.access_token);
		assert.equal(typeof decodePart(graph, 0).nonce, 'string', 'a User.Read token is Graph-style');
		const g = await obo(graph);
		assert.deepEqual([g.status, g.json.error, aadsts(g).code], [400, 'invalid_grant', 50013]);
		assert.match(aadsts(g).description, /header nonce.*Microsoft Graph/);

		const s2 = await signIn(w.sandbox, { clientId: WEB, scope: 'api://inventory/Inventory.Read' });
		const forInventory = String((await redeem(s2.code, s2.verifier)).json.access_token);
		const a = await obo(forInventory);
		assert.equal(aadsts(a).code, 50013);
		assert.match(aadsts(a).description, new RegExp(`Assertion audience does not match the Client app presenting the assertion\\. The audience in the assertion was '${INVENTORY}' and the expected audience is '${ORDERS}'`));

		const appOnly = String((await clientCredentials(w.sandbox, WEB, await kitAssertion(w.sandbox, WEB, w.web), 'api://orders/.default')).json.access_token);
		const ao = await obo(appOnly);
		assert.equal(aadsts(ao).code, 50013);
		assert.match(aadsts(ao).description, /app-only token/);

		// A self-signed client assertion in `assertion` (swapped parameters).
		const swapped = await obo(signRaw({ alg: 'RS256', typ: 'JWT', x5t: 'x' }, claims(w.sandbox, ORDERS), w.orders.key));
		assert.equal(aadsts(swapped).code, 50013);
		assert.match(aadsts(swapped).description, /swapped/);
	});

	describe('authorize errors', () => {
		const authorize = (q: Record<string, string>) => fetch(`${w.sandbox.authority}/oauth2/v2.0/authorize?${new URLSearchParams(q)}`, { redirect: 'manual' });
		const base = () => ({ client_id: WEB, response_type: 'code', redirect_uri: 'http://127.0.0.1:8400/', scope: 'openid', state: 's', code_challenge: createPkce().challenge, code_challenge_method: 'S256' });

		it('PKCE plain, a missing method or a missing challenge → redirect with error, AADSTS code and state', async () => {
			for (const [over, code] of [[{ code_challenge_method: 'plain' }, 50149], [{ code_challenge_method: '' }, 50149], [{ code_challenge: '' }, 501491], [{ code_challenge: 'short' }, 501491], [{ response_type: 'token' }, 700051], [{ scope: 'api://nothing/x' }, 500011]] as const) {
				const q: Record<string, string> = { ...base(), ...over };
				const r = await authorize(q);
				assert.equal(r.status, 302, JSON.stringify(over));
				const loc = new URL(r.headers.get('location') ?? '');
				assert.equal(loc.origin, 'http://127.0.0.1:8400');
				assert.equal(loc.searchParams.get('state'), 's');
				assert.ok(loc.searchParams.get('error'));
				assert.match(loc.searchParams.get('error_description') ?? '', new RegExp(`^AADSTS${code}: .* Trace ID: `));
				assert.equal(r.headers.get('x-entra-cert-sandbox'), 'emulation');
			}
		});

		it('an unknown client or a non-loopback / unregistered redirect URI → an error page, no redirect', async () => {
			for (const [over, code] of [[{ client_id: '00000000-0000-0000-0000-0000000000aa' }, '700016'], [{ redirect_uri: 'https://app.contoso.com/cb' }, '50011'], [{ redirect_uri: 'http://localhost:8400/other' }, '50011']] as const) {
				const r = await authorize({ ...base(), ...over });
				assert.equal(r.status, 400);
				assert.equal(r.headers.get('location'), null);
				assert.match(await r.text(), new RegExp(`AADSTS${code}`));
			}
		});

		it('prompt=none with a login_hint signs in without the page; without one → login_required', async () => {
			const user = w.sandbox.users[1];
			const ok = await authorize({ ...base(), prompt: 'none', login_hint: user.preferredUsername });
			assert.equal(ok.status, 302);
			assert.ok(new URL(ok.headers.get('location') ?? '').searchParams.get('code'));
			const no = await authorize({ ...base(), prompt: 'none' });
			assert.equal(new URL(no.headers.get('location') ?? '').searchParams.get('error'), 'login_required');
		});
	});
});
