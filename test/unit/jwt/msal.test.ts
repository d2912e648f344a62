/**
 * Interop with @azure/msal-node (an independent implementation): a ConfidentialClientApplication with a
 * certificate credential and a network client that answers discovery offline and captures the token request.
 */
import assert from 'node:assert/strict';
import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import { verifyJwt } from '../../../src/core/jwt/verify';
import { explainToken } from '../../../src/core/jwt/claims';
import { decodeJwt } from '../../../src/core/jwt/decode';
import { makeCert, splitJws, type TestCert } from './keys';

const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const TENANT = '11111111-2222-3333-4444-555555555555';
const TOKEN_ENDPOINT = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;

function offlineNetwork(captured: { url: string; body: string }[]): INetworkModule {
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

async function msalAssertion(cert: TestCert, mode: 'thumbprint' | 'thumbprintSha256', x5c = false): Promise<{ assertion: string; url: string; form: URLSearchParams }> {
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

describe('jwt interop with @azure/msal-node', function () {
	this.timeout(60000);
	let cert: TestCert;
	before(() => {
		cert = makeCert({ rsaBits: 2048 });
	});

	it('thumbprintSha256 mode: PS256 + x5t#S256; verifyJwt accepts it with the certificate', async () => {
		const { assertion, form } = await msalAssertion(cert, 'thumbprintSha256');
		assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
		const { header, payload } = splitJws(assertion);
		assert.equal(header.alg, 'PS256');
		assert.equal(header['x5t#S256'], Buffer.from(cert.sha256Hex, 'hex').toString('base64url'));
		assert.equal(header.x5t, undefined);
		assert.equal(payload.aud, TOKEN_ENDPOINT);
		assert.equal(payload.iss, CLIENT);
		assert.equal(payload.sub, CLIENT);
		const now = new Date(Number(payload.nbf) * 1000);
		const r = await verifyJwt(assertion, { certificateDer: cert.certDer }, now);
		assert.deepEqual([r.signatureValid, r.time, r.findings], [true, 'valid', []]);
		assert.equal(explainToken(decodeJwt(assertion), now).kind, 'client-assertion');
	});

	it('thumbprint (SHA-1) mode: RS256 + x5t; verifyJwt accepts it with the certificate', async () => {
		const { assertion } = await msalAssertion(cert, 'thumbprint');
		const { header, payload } = splitJws(assertion);
		assert.equal(header.alg, 'RS256');
		assert.equal(header.x5t, Buffer.from(cert.sha1Hex, 'hex').toString('base64url'));
		assert.equal(header['x5t#S256'], undefined);
		const r = await verifyJwt(assertion, { certificateDer: cert.certDer }, new Date(Number(payload.nbf) * 1000));
		assert.equal(r.signatureValid, true);
		assert.equal(r.keyUsed, `thumbprint:${cert.sha1Hex}`);
	});

	it('our PS256 assertion has the same header field names and claim names as msal-node\'s', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprintSha256')).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, now: new Date() }));
		assert.deepEqual(Object.keys(ours.header).sort(), Object.keys(theirs.header).sort());
		assert.deepEqual(Object.keys(ours.payload).sort(), Object.keys(theirs.payload).sort());
		assert.deepEqual([ours.header.alg, ours.header['x5t#S256'], ours.payload.aud], [theirs.header.alg, theirs.header['x5t#S256'], theirs.payload.aud]);
		assert.equal(Number(theirs.payload.exp) - Number(theirs.payload.nbf), 600, 'msal-node lifetime is 600 s');
	});

	it('our RS256 assertion matches msal-node\'s SHA-1 mode too', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprint')).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, alg: 'RS256', now: new Date() }));
		assert.deepEqual(Object.keys(ours.header).sort(), Object.keys(theirs.header).sort());
		assert.deepEqual(Object.keys(ours.payload).sort(), Object.keys(theirs.payload).sort());
		assert.equal(ours.header.x5t, theirs.header.x5t);
	});

	it('x5c: msal-node sends an array of standard-base64 DER, as we do', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprintSha256', true)).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, x5c: true, now: new Date() }));
		assert.deepEqual(ours.header.x5c, theirs.header.x5c);
	});

	it('msal-node 7 emits exactly: header alg, typ, x5t#S256 | x5t; claims aud, exp, iss, sub, nbf, jti, iat', async () => {
		for (const [mode, field, alg] of [['thumbprintSha256', 'x5t#S256', 'PS256'], ['thumbprint', 'x5t', 'RS256']] as const) {
			const { header, payload } = splitJws((await msalAssertion(cert, mode)).assertion);
			assert.deepEqual(Object.keys(header).sort(), ['alg', field, 'typ'].sort());
			assert.deepEqual([header.alg, header.typ], [alg, 'JWT']);
			assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);
			// nbf comes from msal's rounded clock, iat from jsonwebtoken's floored one: they may differ by 1 s.
			assert.ok(Math.abs(Number(payload.iat) - Number(payload.nbf)) <= 1);
		}
	});
});
