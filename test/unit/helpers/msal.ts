/**
 * @azure/msal-node as an independent oracle: a ConfidentialClientApplication with a certificate credential and a
 * network client that answers discovery offline and captures the token request it would post.
 */
import assert from 'node:assert/strict';
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import type { TestCert } from '../jwt/keys';

export const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const TOKEN_ENDPOINT = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;

export function offlineNetwork(captured: { url: string; body: string }[]): INetworkModule {
	const respond = <T>(body: unknown): NetworkResponse<T> => ({ headers: {}, body: body as T, status: 200 });
	return {
		async sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
			if (url.includes('discovery/instance')) {
				return respond<T>({
					tenant_discovery_endpoint: `https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`,
					'api-version': '1.1',
					metadata: [{ preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'] }],
				});
			}
			if (url.includes('openid-configuration')) {
				return respond<T>({
					token_endpoint: TOKEN_ENDPOINT,
					authorization_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
					end_session_endpoint: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/logout`,
					issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
					jwks_uri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
				});
			}
			throw new Error(`unexpected GET ${url}`);
		},
		async sendPostRequestAsync<T>(url: string, options?: { body?: string }): Promise<NetworkResponse<T>> {
			captured.push({ url, body: options?.body ?? '' });
			return respond<T>({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'offline-test-token' });
		},
	};
}

export async function msalAssertion(cert: TestCert, mode: 'thumbprint' | 'thumbprintSha256', x5c = false): Promise<{ assertion: string; url: string; form: URLSearchParams }> {
	const captured: { url: string; body: string }[] = [];
	const app = new ConfidentialClientApplication({
		auth: {
			clientId: CLIENT,
			authority: `https://login.microsoftonline.com/${TENANT}`,
			clientCertificate: {
				...(mode === 'thumbprint' ? { thumbprint: cert.sha1Hex } : { thumbprintSha256: cert.sha256Hex }),
				privateKey: cert.privateKeyPem,
				...(x5c ? { x5c: cert.certPem } : {}),
			},
		},
		system: { networkClient: offlineNetwork(captured) },
	});
	await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'], skipCache: true });
	const post = captured.find((c) => c.url.startsWith(TOKEN_ENDPOINT));
	assert.ok(post, `msal-node posted to the token endpoint (posted: ${captured.map((c) => c.url).join(', ')})`);
	const form = new URLSearchParams(post.body);
	const assertion = form.get('client_assertion');
	assert.ok(assertion, 'msal-node sent a client_assertion');
	return { assertion, url: post.url, form };
}
