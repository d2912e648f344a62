/**
 * Test material for the sandbox: certificates made at run time (the kit's generator and openssl), manifests in
 * both formats, a sandbox with a client, a middle-tier API, a downstream API, a daemon with a secret and an app
 * with a 1024-bit key, and small HTTP helpers (Node's fetch; no mocks of the network).
 */
import { createPrivateKey, createPublicKey, sign, constants, randomUUID, type KeyObject } from 'node:crypto';
import * as httpModule from 'node:http';
import * as httpsModule from 'node:https';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { generateSelfSignedCertificate, type GeneratedCertificate } from '../../../src/core/certificate/x509';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import { createPkce } from '../../../src/core/token/pkce';
import { appsFromManifests, startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox';
import { makeCert as opensslCert, type OpensslCert } from '../helpers/openssl';

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export const WEB = '2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718';
export const ORDERS = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
export const INVENTORY = 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e';
export const DAEMON = 'd4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f70';
export const SMALL = 'e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a81';
export const SECRET = 'sandbox-test-secret-value';

/** A certificate with its key as a KeyObject, from either generator. */
export interface Material {
	certDer: Uint8Array;
	pkcs8Der: Uint8Array;
	key: KeyObject;
	sha1Hex: string;
	sha256Hex: string;
}

export async function kitMaterial(cn: string): Promise<Material & { generated: GeneratedCertificate }> {
	const g = await generateSelfSignedCertificate({ subject: `CN=${cn}`, now: new Date(Date.now() - 60_000) });
	return { certDer: g.certificateDer, pkcs8Der: g.privateKey.pkcs8Der, key: createPrivateKey({ key: Buffer.from(g.privateKey.pkcs8Der), format: 'der', type: 'pkcs8' }), sha1Hex: g.info.sha1Hex, sha256Hex: g.info.sha256Hex, generated: g };
}

export function opensslMaterial(cn: string, keySpec?: string[]): Material & { openssl: OpensslCert } {
	const o = opensslCert(cn, keySpec);
	const key = createPrivateKey(o.keyPem);
	return { certDer: new Uint8Array(o.der), pkcs8Der: new Uint8Array(key.export({ format: 'der', type: 'pkcs8' })), key, sha1Hex: o.sha1Hex, sha256Hex: o.sha256Hex, openssl: o };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS signed with Node's crypto directly (independent of the kit's signer): RS256 or PS256. */
export function signRaw(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
	const input = `${b64(header)}.${b64(payload)}`;
	const pss = header.alg === 'PS256';
	const sig = sign('sha256', Buffer.from(input), pss ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key);
	return `${input}.${sig.toString('base64url')}`;
}

/** Assertion claims for a client at this sandbox, with overrides. */
export function claims(sandbox: Sandbox, clientId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
	const now = Math.floor(Date.now() / 1000);
	return { aud: sandbox.tokenEndpoint, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...over };
}

/** The kit's PS256 assertion for the sandbox. */
export function kitAssertion(sandbox: Sandbox, clientId: string, m: Material, alg: 'PS256' | 'RS256' = 'PS256'): Promise<string> {
	return signClientAssertion({ certificateDer: m.certDer, privateKeyPkcs8: m.pkcs8Der, clientId, audience: sandbox.tokenEndpoint, alg, now: new Date() });
}

export function graphManifest(o: { appId: string; name: string; certs?: Uint8Array[]; keyAsPemText?: boolean; identifierUris?: string[]; scopes?: string[]; roles?: { value: string; types: string[] }[]; redirectUris?: string[]; secrets?: string[] }): string {
	return JSON.stringify({
		appId: o.appId,
		displayName: o.name,
		identifierUris: o.identifierUris ?? [],
		api: { oauth2PermissionScopes: (o.scopes ?? []).map((value) => ({ id: randomUUID(), value, type: 'User', isEnabled: true })) },
		appRoles: (o.roles ?? []).map((r) => ({ id: randomUUID(), value: r.value, allowedMemberTypes: r.types, isEnabled: true })),
		keyCredentials: (o.certs ?? []).map((der) => ({
			keyId: randomUUID(),
			type: 'AsymmetricX509Cert',
			usage: 'Verify',
			key: o.keyAsPemText ? Buffer.from(`-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64')}\n-----END CERTIFICATE-----\n`).toString('base64') : Buffer.from(der).toString('base64'),
		})),
		passwordCredentials: (o.secrets ?? []).map((secretText) => ({ keyId: randomUUID(), secretText })),
		web: { redirectUris: o.redirectUris ?? [] },
	}, null, '\t');
}

export interface World {
	sandbox: Sandbox;
	web: Material;
	orders: Material;
	small: Material;
	other: Material;
}

/** The sandbox most tests share: Web (kit cert), Orders API (openssl cert), Inventory API, a daemon with a secret, an app with a 1024-bit key. */
export async function startWorld(options: Partial<SandboxOptions> = {}): Promise<World> {
	const [web, other] = await Promise.all([kitMaterial('web'), kitMaterial('other')]);
	const orders = opensslMaterial('orders');
	const small = opensslMaterial('small', ['-newkey', 'rsa:1024']);
	const apps = appsFromManifests([
		{ fileName: 'web.json', text: graphManifest({ appId: WEB, name: 'Contoso Web', certs: [web.certDer], redirectUris: ['http://localhost/'] }) },
		{ fileName: 'orders.json', text: graphManifest({ appId: ORDERS, name: 'Orders API', certs: [orders.certDer], identifierUris: ['api://orders'], scopes: ['Orders.Read'], roles: [{ value: 'Orders.Read.All', types: ['Application'] }, { value: 'Orders.Admin', types: ['User'] }] }) },
		{ fileName: 'inventory.json', text: graphManifest({ appId: INVENTORY, name: 'Inventory API', identifierUris: ['api://inventory'], scopes: ['Inventory.Read'], roles: [{ value: 'Inventory.Read.All', types: ['Application', 'User'] }] }) },
		{ fileName: 'daemon.json', text: graphManifest({ appId: DAEMON, name: 'Daemon', secrets: [SECRET] }) },
		{ fileName: 'small.json', text: graphManifest({ appId: SMALL, name: 'Small key', certs: [small.certDer] }) },
	]);
	const sandbox = await startSandbox({ apps, ...options });
	return { sandbox, web, orders, small, other };
}

export interface Answer {
	status: number;
	headers: Headers;
	json: Record<string, unknown>;
}

/** POSTs a form to the token endpoint (or another URL). */
export async function postForm(url: string, params: Record<string, string>): Promise<Answer> {
	const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params) });
	return { status: r.status, headers: r.headers, json: (await r.json()) as Record<string, unknown> };
}

/** Client credentials with an assertion. */
export function clientCredentials(sandbox: Sandbox, clientId: string, assertion: string, scope: string, over: Record<string, string> = {}): Promise<Answer> {
	return postForm(sandbox.tokenEndpoint, { grant_type: 'client_credentials', client_id: clientId, scope, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion, ...over });
}

/** The AADSTS code and description of an error answer. */
export function aadsts(a: Answer): { code: number; description: string } {
	return { code: (a.json.error_codes as number[])[0], description: String(a.json.error_description) };
}

/** Verifies a token with the sandbox's JWKS two independent ways: jose and Node's crypto from the JWK. */
export async function verifyWithJwks(sandbox: Sandbox, token: string): Promise<JWTPayload> {
	const jwks = sandbox.jwks();
	const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as never), { issuer: sandbox.issuer, algorithms: ['RS256'] });
	const [h, p, s] = token.split('.');
	const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string };
	const jwk = jwks.keys.find((k) => k.kid === header.kid);
	if (!jwk) {
		throw new Error(`no JWK with kid ${header.kid}`);
	}
	const pub = createPublicKey({ key: jwk as never, format: 'jwk' });
	const { verify } = await import('node:crypto');
	if (!verify('sha256', Buffer.from(`${h}.${p}`), pub, Buffer.from(s, 'base64url'))) {
		throw new Error('Node crypto: signature does not verify with the JWK');
	}
	return payload;
}

export function decodePart(token: string, i: 0 | 1): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface RawRequest {
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	/** Trust this PEM certificate (HTTPS). */
	ca?: string;
}

export type Requester = (url: string, options: RawRequest) => Promise<RawResponse>;

/** One request with Node's https (or http) module, trusting `ca`; redirects are not followed. */
export function httpsRequest(url: string, options: RawRequest): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const req = (u.protocol === 'https:' ? httpsModule : httpModule).request(u, { method: options.method ?? 'GET', headers: options.headers, ...(options.ca ? { ca: options.ca } : {}) }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => {
				const headers: Record<string, string> = {};
				for (const [k, v] of Object.entries(res.headers)) {
					if (v !== undefined) {
						headers[k] = Array.isArray(v) ? v.join(', ') : v;
					}
				}
				resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
			});
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

/** Drives the sign-in over HTTP: GET the page, POST its form with a user's button, return the 302's parameters. */
export async function signIn(sandbox: Sandbox, o: { clientId: string; scope: string; redirectUri?: string; nonce?: string; user?: number }, request: Requester = (url, options) => httpsRequest(url, { ...options, ca: sandbox.tlsCertificatePem })): Promise<{ code: string; state: string; verifier: string; redirectUri: string; page: string; csp: string }> {
	const pkce = createPkce();
	const redirectUri = o.redirectUri ?? 'http://localhost:53682/';
	const q = new URLSearchParams({ client_id: o.clientId, response_type: 'code', redirect_uri: redirectUri, response_mode: 'query', scope: o.scope, state: 'st-1', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...(o.nonce ? { nonce: o.nonce } : {}) });
	const pageRes = await request(`${sandbox.authority}/oauth2/v2.0/authorize?${q}`, {});
	const page = pageRes.body;
	if (pageRes.status !== 200) {
		throw new Error(`authorize page: ${pageRes.status} ${page}`);
	}
	const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(page);
	if (!form) {
		throw new Error('no form on the sign-in page');
	}
	const fields = new URLSearchParams();
	for (const m of form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
		fields.append(m[1], m[2].replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))));
	}
	const buttons = [...form[2].matchAll(/<button name="user" value="([^"]+)"[^>]*>Sign in as ([^<]+)<\/button>/g)];
	fields.append('user', buttons[o.user ?? 0][1]);
	const post = await request(new URL(form[1], sandbox.url).toString(), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
	if (post.status !== 302) {
		throw new Error(`authorize POST: ${post.status} ${post.body}`);
	}
	const location = new URL(post.headers.location ?? '');
	return { code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') ?? '', verifier: pkce.verifier, redirectUri, page, csp: pageRes.headers['content-security-policy'] ?? '' };
}
