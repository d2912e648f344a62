/**
 * Interop with @azure/msal-node (an independent implementation) against the sandbox over HTTPS: authority metadata
 * and cloud discovery supplied so msal-node calls nothing but the sandbox, a network client that trusts the
 * sandbox's TLS certificate, client credentials in both certificate modes, and On-Behalf-Of with a user token from
 * the sandbox's authorization code flow (driven over HTTP).
 */
import assert from 'node:assert/strict';
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { ASSERTION_TYPE, decodePart, httpsRequest, INVENTORY, kitAssertion, ORDERS, signIn, startWorld, verifyWithJwks, WEB, type Material, type World } from './fixtures';
import { toPem } from '../../../src/core/certificate/pem';

/** An msal-node network client over Node's https that trusts only the given CA and refuses every other host. */
function sandboxNetwork(origin: string, ca: string, seen: { method: string; url: string; body?: string }[]): INetworkModule {
	const send = async <T>(method: 'GET' | 'POST', url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<NetworkResponse<T>> => {
		seen.push({ method, url, body: options?.body });
		if (new URL(url).origin !== origin) {
			throw new Error(`msal-node tried to reach ${url}, which is not the sandbox`);
		}
		const r = await httpsRequest(url, { method, headers: options?.headers, body: options?.body, ca });
		return { status: r.status, headers: r.headers, body: JSON.parse(r.body) as T };
	};
	return {
		sendGetRequestAsync: (url, options) => send('GET', url, options),
		sendPostRequestAsync: (url, options) => send('POST', url, options),
	};
}

describe('sandbox interop with @azure/msal-node over HTTPS', function () {
	this.timeout(30000);
	let w: World;
	let seen: { method: string; url: string; body?: string }[];
	let metadata: string;

	before(async () => {
		w = await startWorld({ https: true });
		const r = await httpsRequest(`${w.sandbox.authority}/v2.0/.well-known/openid-configuration`, { ca: w.sandbox.tlsCertificatePem });
		metadata = r.body;
	});
	after(async () => {
		await w.sandbox.close();
	});
	beforeEach(() => {
		seen = [];
	});

	function app(clientId: string, m: Material, mode: 'thumbprint' | 'thumbprintSha256'): ConfidentialClientApplication {
		const host = new URL(w.sandbox.url).host;
		return new ConfidentialClientApplication({
			auth: {
				clientId,
				authority: w.sandbox.authority,
				knownAuthorities: [host],
				authorityMetadata: metadata,
				cloudDiscoveryMetadata: JSON.stringify({ tenant_discovery_endpoint: `${w.sandbox.authority}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] }),
				clientCertificate: { ...(mode === 'thumbprint' ? { thumbprint: m.sha1Hex } : { thumbprintSha256: m.sha256Hex }), privateKey: toPem(m.pkcs8Der, 'PRIVATE KEY') },
			},
			system: { networkClient: sandboxNetwork(new URL(w.sandbox.url).origin, w.sandbox.tlsCertificatePem ?? '', seen) },
		});
	}

	for (const [mode, alg, field] of [['thumbprintSha256', 'PS256', 'x5t#S256'], ['thumbprint', 'RS256', 'x5t']] as const) {
		it(`client credentials, ${mode} mode (${alg} + ${field}): a token that verifies with the sandbox's JWKS`, async () => {
			const result = await app(WEB, w.web, mode).acquireTokenByClientCredential({ scopes: ['api://orders/.default'], skipCache: true });
			assert.ok(result?.accessToken);
			const p = await verifyWithJwks(w.sandbox, result.accessToken);
			assert.deepEqual([p.aud, p.azp, p.azpacr, p.roles], [ORDERS, WEB, '2', ['Orders.Read.All']]);
			const post = seen.find((s) => s.method === 'POST');
			const header = decodePart(new URLSearchParams(post?.body ?? '').get('client_assertion') ?? '', 0);
			assert.equal(header.alg, alg);
			assert.equal(typeof header[field], 'string');
			assert.ok(seen.every((s) => s.url.startsWith(w.sandbox.url)), 'msal-node called only the sandbox');
		});
	}

	it('On-Behalf-Of: a user token from the sandbox\'s auth-code flow, exchanged by msal-node for the downstream API', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'api://orders/Orders.Read' });
		const code = await httpsRequest(w.sandbox.tokenEndpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'authorization_code', client_id: WEB, code: s.code, redirect_uri: s.redirectUri, code_verifier: s.verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await kitAssertion(w.sandbox, WEB, w.web) }).toString(),
			ca: w.sandbox.tlsCertificatePem,
		});
		assert.equal(code.status, 200, code.body);
		const userToken = String((JSON.parse(code.body) as Record<string, unknown>).access_token);
		assert.equal(decodePart(userToken, 1).aud, ORDERS);

		for (const mode of ['thumbprintSha256', 'thumbprint'] as const) {
			const result = await app(ORDERS, w.orders, mode).acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: ['api://inventory/Inventory.Read'], skipCache: true });
			assert.ok(result?.accessToken);
			const p = await verifyWithJwks(w.sandbox, result.accessToken);
			assert.deepEqual([p.aud, p.scp, p.azp, p.oid], [INVENTORY, 'Inventory.Read', ORDERS, w.sandbox.users[0].oid]);
			const body = new URLSearchParams(seen.find((x) => x.method === 'POST')?.body ?? '');
			assert.deepEqual([body.get('grant_type'), body.get('requested_token_use'), body.get('assertion')], ['urn:ietf:params:oauth:grant-type:jwt-bearer', 'on_behalf_of', userToken]);
			seen.length = 0;
		}
	});

	it('msal-node surfaces the sandbox\'s AADSTS error (a Graph token On-Behalf-Of → 50013)', async () => {
		const s = await signIn(w.sandbox, { clientId: WEB, scope: 'User.Read' });
		const r = await httpsRequest(w.sandbox.tokenEndpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'authorization_code', client_id: WEB, code: s.code, redirect_uri: s.redirectUri, code_verifier: s.verifier, client_assertion_type: ASSERTION_TYPE, client_assertion: await kitAssertion(w.sandbox, WEB, w.web) }).toString(),
			ca: w.sandbox.tlsCertificatePem,
		});
		const graphToken = String((JSON.parse(r.body) as Record<string, unknown>).access_token);
		await assert.rejects(app(ORDERS, w.orders, 'thumbprintSha256').acquireTokenOnBehalfOf({ oboAssertion: graphToken, scopes: ['api://inventory/Inventory.Read'], skipCache: true }), (e: unknown) => {
			const err = e as { errorCode?: string; errorMessage?: string };
			assert.equal(err.errorCode, 'invalid_grant');
			assert.match(err.errorMessage ?? '', /AADSTS50013/);
			return true;
		});
	});
});
