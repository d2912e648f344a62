/**
 * Request rules, one block per family. Each test builds the request (and, where the rule compares with the
 * workspace, the manifests) and checks the rule's code and that the message names the value; a control case
 * shows the rule stays quiet when the request is right.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Finding } from '../../../src/core/findings';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { parseTokenRequest } from '../../../src/core/diagnose/request';
import { oboAssertionFindings, requestFindings } from '../../../src/core/diagnose/requestRules';
import { decodeJwt } from '../../../src/core/jwt/decode';

const NOW = new Date('2026-11-22T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const API_ID = 'a1d5e6f7-0b1c-4d2e-8f3a-4b5c6d7e8f90';
const API_OBJECT = 'b2e6f708-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const WEB_ID = 'c3f70819-2d3e-4f4a-8b5c-6d7e8f9a0b12';
const WEB_SECRET_ID = 'd4081a2b-3e4f-4a5b-9c6d-7e8f9a0b1c23';
const DESKTOP_ID = 'e5192b3c-4f5a-4b6c-8d7e-8f9a0b1c2d34';
const MIDDLE_ID = 'f62a3c4d-5a6b-4c7d-9e8f-9a0b1c2d3e45';
const SECRET = 'Xy8Q~fakeSecretValue.ForTests_0123456789ab';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const GRAPH = 'https://graph.microsoft.com/.default';

const manifests = {
	api: { appId: API_ID, id: API_OBJECT, displayName: 'orders-api', identifierUris: ['api://orders-api'], api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'Orders.Read', isEnabled: true }] }, appRoles: [{ id: randomUUID(), value: 'Orders.ReadAll', allowedMemberTypes: ['Application'], isEnabled: true }], keyCredentials: [] },
	web: { appId: WEB_ID, displayName: 'orders-web', web: { redirectUris: ['https://localhost:5001/signin-oidc'] }, spa: { redirectUris: ['http://localhost:3000/'] }, publicClient: { redirectUris: [] }, isFallbackPublicClient: false, passwordCredentials: [{ keyId: WEB_SECRET_ID, displayName: 'dev' }], keyCredentials: [] },
	desktop: { appId: DESKTOP_ID, displayName: 'orders-desktop', isFallbackPublicClient: true, publicClient: { redirectUris: ['http://localhost'] }, keyCredentials: [] },
	middle: { appId: MIDDLE_ID, displayName: 'orders-middle', identifierUris: ['api://orders-middle'], api: { oauth2PermissionScopes: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true }] }, keyCredentials: [] },
};
const ctx: DiagnoseContext = { now: NOW, manifests: Object.entries(manifests).map(([k, v]) => ({ label: `${k}.json`, text: JSON.stringify(v, null, 2) })) };
const bare: DiagnoseContext = { now: NOW };

const form = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const curl = (tenant: string, p: Record<string, string>, host = 'login.microsoftonline.com', version = 'v2.0/') => `curl -X POST https://${host}/${tenant}/oauth2/${version}token -d '${form(p)}'`;
const run = (text: string, c: DiagnoseContext = ctx) => requestFindings(parseTokenRequest(text), c);
const find = (fs: Finding[], code: string) => fs.find((f) => f.code === code);
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const cc = (over: Record<string, string> = {}) => ({ grant_type: 'client_credentials', client_id: API_ID, client_secret: SECRET, scope: GRAPH, ...over });
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT', kid: 'k1' }) => `${b64u(header)}.${b64u(payload)}.c2lnbmF0dXJl`;

describe('request rules: IDs', () => {
	it('a client_id that is not a GUID: an App ID URI or a name (AADSTS700016), with the appId when a manifest has that URI', () => {
		const uri = find(run(curl(TENANT, cc({ client_id: 'api://orders-api' }))), 'AADSTS700016');
		assert.match(uri!.message, /api:\/\/orders-api.*App ID URI/);
		assert.match(uri!.fix, new RegExp(API_ID));
		const name = find(run(curl(TENANT, cc({ client_id: 'Orders API' })), bare), 'AADSTS700016');
		assert.match(name!.message, /'Orders API'.*app name/);
		assert.equal(find(run(curl(TENANT, cc()), bare), 'AADSTS700016'), undefined);
	});
	it('client_id equal to the tenant: the tenant ID in client_id (uncertain without a manifest)', () => {
		const f = find(run(curl(TENANT, cc({ client_id: TENANT })), bare), 'AADSTS700016');
		assert.match(f!.message, new RegExp(`${TENANT}.*same GUID as the tenant`));
		assert.equal(f!.uncertain, true);
	});
	it('the tenant given as a client ID (AADSTS90002), when a manifest registers that GUID as an appId', () => {
		assert.match(find(run(curl(API_ID, cc({ client_id: API_ID }))), 'AADSTS90002')!.message, /tenant segment .* client ID of 'orders-api'/);
		assert.match(find(run(curl(WEB_ID, cc())), 'AADSTS90002')!.message, /orders-web/);
		assert.equal(find(run(curl(TENANT, cc())), 'AADSTS90002'), undefined);
	});
	it("a secret that is a GUID is the secret's ID (AADSTS7000215), named in the manifest when it lists it", () => {
		const f = find(run(curl(TENANT, cc({ client_id: WEB_ID, client_secret: WEB_SECRET_ID }))), 'AADSTS7000215');
		assert.match(f!.message, new RegExp(`${WEB_SECRET_ID}.*orders-web`));
		assert.equal(find(run(curl(TENANT, cc())), 'AADSTS7000215'), undefined);
	});
	it('a client_id no workspace manifest registers names the ones there are; an object ID is called one', () => {
		const stranger = randomUUID();
		const f = find(run(curl(TENANT, cc({ client_id: stranger }))), 'client-id-not-in-workspace');
		assert.equal(f?.severity, 'warning');
		assert.match(f!.message, new RegExp(`${stranger}.*orders-api.*${API_ID}.*orders-web`));
		assert.match(find(run(curl(TENANT, cc({ client_id: API_OBJECT }))), 'AADSTS700016')!.message, /object ID of 'orders-api'/);
		assert.equal(find(run(curl(TENANT, cc({ client_id: stranger })), bare), 'client-id-not-in-workspace'), undefined);
	});
});

describe('request rules: scope and resource', () => {
	it('/.default appended to a scope name: certain for api://{GUID} and workspace APIs (AADSTS500011), a warning otherwise', () => {
		const guid = find(run(curl(TENANT, cc({ scope: `api://${API_ID}/access_as_user/.default` })), bare), 'AADSTS500011');
		assert.match(guid!.message, /access_as_user/);
		assert.match(guid!.fix, new RegExp(`api://${API_ID}/\\.default`));
		assert.ok(find(run(curl(TENANT, cc({ scope: 'api://orders-api/Orders.Read/.default' }))), 'AADSTS500011'));
		const other = find(run(curl(TENANT, cc({ scope: 'https://contoso.com/files/Files.Read/.default' })), bare), 'scope-default-on-scope-name');
		assert.equal(other?.severity, 'warning');
		assert.equal(other?.uncertain, true);
		assert.deepEqual(codes(run(curl(TENANT, cc({ scope: 'api://orders-api/.default' })))).filter((c) => c === 'AADSTS500011' || c === 'scope-default-on-scope-name'), []);
	});
	it('.default mixed with named scopes of the same resource', () => {
		const code = form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', code_verifier: VERIFIER, scope: 'api://orders-api/.default api://orders-api/Orders.Read offline_access' });
		assert.match(run(code).find((f) => f.code === 'AADSTS70011' && /combines/.test(f.message))!.message, /api:\/\/orders-api\/\.default.*Orders\.Read/);
	});
	it('scope= on the v1 endpoint (AADSTS900144: resource missing); resource= on v2 (AADSTS901002)', () => {
		assert.match(find(run(curl(TENANT, cc(), 'login.microsoftonline.com', '')), 'AADSTS900144')!.message, /v1 endpoint/);
		assert.ok(find(run(curl(TENANT, cc({ scope: '', resource: 'https://graph.microsoft.com' }))), 'AADSTS901002'));
		assert.equal(find(run(curl(TENANT, cc())), 'AADSTS900144'), undefined);
	});
	it('a bare GUID or api://… without a scope name in a delegated flow', () => {
		const r = form({ grant_type: 'refresh_token', client_id: WEB_ID, client_secret: SECRET, refresh_token: 'rt', scope: `${API_ID} openid` });
		const f = find(run(r), 'AADSTS70011');
		assert.equal(f?.severity, 'warning');
		assert.match(f!.message, new RegExp(API_ID));
	});
	it('scope lists separated by commas, a scope without a scheme, a scope name run into api://{GUID}', () => {
		const auth = (scope: string) => form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', code_verifier: VERIFIER, scope });
		assert.match(run(auth('openid,offline_access,https://graph.microsoft.com/User.Read')).find((f) => /commas/.test(f.message))!.fix, /openid offline_access https:\/\/graph\.microsoft\.com\/User\.Read/);
		assert.match(run(curl(TENANT, cc({ scope: 'graph.microsoft.com/.default' }))).find((f) => /no scheme/.test(f.message))!.fix, /https:\/\/graph\.microsoft\.com\/\.default/);
		assert.match(run(auth(`api://${API_ID}access_as_user`)).find((f) => /runs the scope name/.test(f.message))!.fix, new RegExp(`api://${API_ID}/access_as_user`));
		assert.deepEqual(run(auth('openid offline_access https://graph.microsoft.com/User.Read')).filter((f) => /commas|no scheme|runs the scope/.test(f.message)), []);
	});
	it('openid / offline_access in client credentials', () => {
		const f = run(curl(TENANT, cc({ scope: `${GRAPH} offline_access` }))).find((x) => x.code === 'AADSTS70011');
		assert.match(f!.message, /offline_access/);
		assert.match(f!.fix, /Remove 'offline_access'/);
	});
	it("a scope the workspace API doesn't expose (AADSTS65005), an app role asked as a scope, and an exposed one", () => {
		const req = (scope: string) => form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', code_verifier: VERIFIER, scope });
		const missing = find(run(req('api://orders-api/Orders.Write')), 'AADSTS65005');
		assert.match(missing!.message, /no scope 'Orders\.Write'.*'Orders\.Read'/);
		assert.match(find(run(req('api://orders-api/orders.read')), 'AADSTS65005')!.message, /different case/);
		assert.match(find(run(req('api://orders-api/Orders.ReadAll')), 'AADSTS65005')!.message, /app role/);
		assert.equal(find(run(req('api://orders-api/Orders.Read')), 'AADSTS65005'), undefined);
		assert.equal(find(run(req('api://orders-api/Orders.Write'), bare), 'AADSTS65005'), undefined);
	});
	it('client credentials for a workspace API that defines no app roles: the token will carry no roles', () => {
		assert.match(find(run(curl(TENANT, cc({ client_id: WEB_ID, scope: 'api://orders-middle/.default' }))), 'default-no-app-roles')!.message, /orders-middle/);
		assert.equal(find(run(curl(TENANT, cc({ client_id: WEB_ID, scope: 'api://orders-api/.default' }))), 'default-no-app-roles'), undefined);
	});
	it('an app asking a token for itself by App ID URI (AADSTS90009), not by its GUID', () => {
		assert.match(find(run(curl(TENANT, cc({ scope: 'api://orders-api/.default' }))), 'AADSTS90009')!.fix, new RegExp(`${API_ID}/\\.default`));
		assert.equal(find(run(curl(TENANT, cc({ scope: `${API_ID}/.default` }))), 'AADSTS90009'), undefined);
	});
});

describe('request rules: authority', () => {
	it('hosts: legacy alias (info), sts.windows.net (warning), an API host (error), the right host (nothing)', () => {
		assert.equal(find(run(curl(TENANT, cc(), 'login.windows.net')), 'authority-legacy-host')?.severity, 'info');
		assert.equal(find(run(curl(TENANT, cc(), 'sts.windows.net')), 'authority-sts-host')?.severity, 'warning');
		const api = find(run(curl(TENANT, cc(), 'graph.microsoft.com')), 'authority-unknown-host');
		assert.equal(api?.severity, 'error');
		assert.match(api!.message, /graph\.microsoft\.com/);
		const fs = run(curl(TENANT, cc()));
		assert.deepEqual(codes(fs).filter((c) => c.startsWith('authority-')), []);
	});
	it('B2C client credentials with a certificate assertion is documented with a secret only', () => {
		const b2c = `curl https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/token -d '${form({ grant_type: 'client_credentials', client_id: API_ID, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt({ iss: API_ID, sub: API_ID, aud: 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/token', exp: NOW_S + 600, nbf: NOW_S, jti: 'j' }), scope: 'https://contoso.onmicrosoft.com/api/.default' })}'`;
		assert.equal(find(run(b2c), 'b2c-client-credentials-certificate')?.uncertain, true);
		assert.equal(find(run(b2c.replace(/client_assertion_type=[^&]*&client_assertion=[^&]*/, `client_secret=${SECRET}`)), 'b2c-client-credentials-certificate'), undefined);
	});
	it('/common, /organizations with app-only grants, from a request and from an msal-node configuration', () => {
		assert.ok(find(run(curl('organizations', cc())), 'AADSTS9001023'));
		const config = `const cca = new ConfidentialClientApplication({ auth: { clientId: "${API_ID}", authority: "https://login.microsoftonline.com/common", clientSecret: process.env.SECRET } });\nawait cca.acquireTokenByClientCredential({ scopes: ["${GRAPH}"] });`;
		assert.match(find(run(config), 'AADSTS9001023')!.message, /\/common\//);
		assert.equal(find(run(config.replace('/common', `/${TENANT}`)), 'AADSTS9001023'), undefined);
	});
	it('an MSAL client credentials configuration without any authority defaults to /common', () => {
		const config = `const cca = new ConfidentialClientApplication({ auth: { clientId: "${API_ID}", clientSecret: s } });\nawait cca.acquireTokenByClientCredential({ scopes: ["${GRAPH}"] });`;
		assert.ok(find(run(config), 'config-no-tenant'));
	});
	it('a tenant segment that is neither a GUID nor a domain (AADSTS90002)', () => {
		assert.match(find(run(curl('contoso', cc())), 'AADSTS90002')!.message, /'contoso'/);
		assert.equal(find(run(curl('contoso.onmicrosoft.com', cc())), 'AADSTS90002'), undefined);
	});
	it("the host's cloud against the resource's cloud (AADSTS500011)", () => {
		const f = find(run(curl(TENANT, cc({ scope: 'https://graph.microsoft.us/.default' }))), 'AADSTS500011');
		assert.match(f!.message, /graph\.microsoft\.us.*login\.microsoftonline\.com/);
		assert.equal(find(run(curl(TENANT, cc({ scope: 'https://graph.microsoft.us/.default' }), 'login.microsoftonline.us')), 'AADSTS500011'), undefined);
		const dotnet = `var app = ConfidentialClientApplicationBuilder.Create("${API_ID}").WithCertificate(cert).WithAuthority(AzureCloudInstance.AzureChina, "${TENANT}").Build();\nawait app.AcquireTokenForClient(new[] { "${GRAPH}" }).ExecuteAsync();`;
		assert.ok(find(run(dotnet), 'AADSTS500011'));
	});
	it('GET instead of POST (AADSTS900561), including Invoke-RestMethod without -Method', () => {
		assert.ok(find(run(`curl -X GET "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?${form(cc())}"`), 'AADSTS900561'));
		const ps = find(run(`$b = @{ grant_type = "client_credentials"; client_id = "${API_ID}"; client_secret = $s; scope = "${GRAPH}" }\nInvoke-RestMethod -Uri "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" -Body $b`), 'AADSTS900561');
		assert.match(ps!.fix, /-Method Post/);
		assert.equal(find(run(curl(TENANT, cc())), 'AADSTS900561'), undefined);
	});
	it('a JSON body (AADSTS900144: the endpoint reads form encoding only)', () => {
		const f = find(run(`curl https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -H "Content-Type: application/json" -d '${JSON.stringify(cc())}'`), 'AADSTS900144');
		assert.match(f!.message, /JSON/);
		assert.ok(find(run(`$body = @{ grant_type = "client_credentials"; client_id = "${API_ID}" }\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" -Body ($body | ConvertTo-Json)`), 'AADSTS900144'));
	});
	it('an authorize URL pasted where a token request was meant: said so, and its redirect URI checked (AADSTS50011)', () => {
		const url = (redirect: string) => `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB_ID}&response_type=code&redirect_uri=${encodeURIComponent(redirect)}&scope=openid%20api%3A%2F%2Forders-api%2FOrders.Read&code_challenge=abc&code_challenge_method=S256`;
		const fs = run(url('https://localhost:5001/signin-oidc/'));
		assert.ok(find(fs, 'request-is-authorize-url'));
		assert.equal(find(fs, 'request-no-grant-type'), undefined);
		assert.match(find(fs, 'AADSTS50011')!.message, /nearest registered one is https:\/\/localhost:5001\/signin-oidc \(trailing slash/);
		assert.equal(find(run(url('https://localhost:5001/signin-oidc')), 'AADSTS50011'), undefined);
	});
});

describe('request rules: transport and what the reader could not see', () => {
	it('multipart bodies (-F) and parameters only in the query of a POST are warnings that say the sources are thin', () => {
		const multipart = find(run(`curl https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -F grant_type=client_credentials -F client_id=${API_ID} -F client_secret=${SECRET} -F scope=${GRAPH}`), 'request-multipart-body');
		assert.equal(multipart?.uncertain, true);
		const query = find(run(`curl -X POST "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?${form(cc())}"`), 'request-params-in-query');
		assert.equal(query?.severity, 'warning');
		assert.equal(find(run(curl(TENANT, cc())), 'request-params-in-query'), undefined);
	});
	it('a body read from a file is reported as not checked', () => {
		assert.match(find(run(`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d @token-body.txt`), 'request-reads-file')!.message, /token-body\.txt/);
	});
	it("the kit's own redaction markers are not judged as malformed assertions", () => {
		const fs = run(curl(TENANT, { grant_type: 'client_credentials', client_id: API_ID, scope: GRAPH, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: '[client assertion redacted, 812 chars]' }));
		assert.equal(find(fs, 'AADSTS50027'), undefined);
		assert.ok(find(fs, 'request-unresolved-values'));
	});
	it('an authorize URL carrying a client secret', () => {
		assert.ok(find(run(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB_ID}&response_type=code&client_secret=${SECRET}&redirect_uri=https%3A%2F%2Flocalhost%3A5001%2Fsignin-oidc`), 'authorize-url-carries-secret'));
	});
	it('a federated client assertion (workload identity) is described with what Entra compares', () => {
		const gh = jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/orders:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', exp: NOW_S + 300 });
		const f = find(run(curl(TENANT, { grant_type: 'client_credentials', client_id: API_ID, scope: GRAPH, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: gh })), 'request-federated-assertion');
		assert.match(f!.message, /repo:contoso\/orders:ref:refs\/heads\/main/);
		assert.match(f!.fix, /federatedIdentityCredentials/);
	});
	it('an authorize request with code_challenge_method=plain', () => {
		assert.ok(find(run(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB_ID}&response_type=code&redirect_uri=https%3A%2F%2Flocalhost%3A5001%2Fsignin-oidc&code_challenge=${VERIFIER}&code_challenge_method=plain`), 'pkce-plain-method'));
	});
});

describe('request rules: the basics a request needs', () => {
	it('no grant_type, no client_id, client credentials without a scope', () => {
		const fs = run(`scope=${encodeURIComponent(GRAPH)}&client_secret=${SECRET}&client_assertion_type=x`);
		assert.ok(find(fs, 'request-no-grant-type'));
		assert.ok(find(fs, 'request-no-client-id'));
		const { scope: _s, ...noScope } = cc();
		assert.match(find(run(curl(TENANT, noScope)), 'AADSTS70011')!.message, /without a scope/);
		assert.equal(find(run(curl(TENANT, cc())), 'AADSTS70011'), undefined);
	});
	it('/default without the dot in a delegated flow; a client_assertion that is not a JWT', () => {
		const r = form({ grant_type: 'refresh_token', client_id: WEB_ID, client_secret: SECRET, refresh_token: 'rt', scope: 'api://orders-api/default' });
		assert.match(find(run(r), 'AADSTS70011')!.fix, /api:\/\/orders-api\/\.default/);
		assert.ok(find(run(curl(TENANT, { ...cc(), client_secret: '', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'not-a-jwt' })), 'AADSTS50027'));
	});
	it('On-Behalf-Of sent to /organizations', () => {
		const u = jwt({ aud: MIDDLE_ID, tid: TENANT, ver: '2.0', scp: 'access_as_user', exp: NOW_S + 600 });
		assert.ok(find(run(curl('organizations', { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: MIDDLE_ID, client_secret: SECRET, assertion: u, scope: 'https://graph.microsoft.com/User.Read', requested_token_use: 'on_behalf_of' })), 'obo-multitenant-authority'));
	});
});

describe('request rules: certificate thumbprints in configurations', () => {
	const SHA1 = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
	const SHA256 = '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08';
	const node = (field: string, value: string) => `const cca = new ConfidentialClientApplication({ auth: { clientId: "${API_ID}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: { ${field}: "${value}", privateKey } } });`;
	it('invisible characters copied with the thumbprint', () => {
		const f = find(run(`Connect-MgGraph -ClientId "${API_ID}" -TenantId "${TENANT}" -CertificateThumbprint "\u200e${SHA1}"`), 'thumbprint-invisible-characters');
		assert.match(f!.message, /U\+200E.*41 characters instead of 40/);
		assert.ok(f!.fix.includes(SHA1));
	});
	it('a colon-separated fingerprint in msal-node (truncated by Buffer.from hex: AADSTS700027)', () => {
		const colons = SHA1.match(/../g)!.join(':');
		const f = find(run(node('thumbprint', colons)), 'AADSTS700027');
		assert.match(f!.message, /stops at the first non-hex character/);
		assert.ok(f!.fix.includes(SHA1));
		assert.equal(find(run(node('thumbprint', SHA1)), 'AADSTS700027'), undefined);
	});
	it('a SHA-256 in the SHA-1 field, a SHA-1 in thumbprintSha256, and a wrong length', () => {
		assert.match(find(run(node('thumbprint', SHA256)), 'AADSTS700027')!.fix, /thumbprintSha256/);
		assert.match(find(run(node('thumbprintSha256', SHA1)), 'AADSTS700027')!.message, /40 hex digits/);
		assert.match(find(run(node('thumbprint', SHA1.slice(0, 38))), 'thumbprint-length')!.message, /38 hex digits/);
		assert.equal(find(run(node('thumbprintSha256', SHA256)), 'AADSTS700027'), undefined);
	});
	it('the thumbprint against the workspace certificates', () => {
		const cert = { label: 'certs/api.pem', sha1Hex: SHA1, sha256Hex: SHA256, x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=api', notBefore: NOW, notAfter: NOW };
		const withCert: DiagnoseContext = { now: NOW, certificates: [cert] };
		assert.match(find(run(node('thumbprintSha256', SHA256.toLowerCase()), withCert), 'thumbprint-matches')!.message, /certs\/api\.pem/);
		assert.ok(find(run(node('thumbprintSha256', SHA256.replace('9F', '8F')), withCert), 'thumbprint-unknown'));
	});
	it('Connect-MgGraph and Identity.Web look the certificate up in a store: say which and how to check it', () => {
		const mg = find(run(`Connect-MgGraph -ClientId "${API_ID}" -TenantId "${TENANT}" -CertificateThumbprint "${SHA1}"`), 'thumbprint-store-lookup');
		assert.match(mg!.message, /Connect-MgGraph.*CurrentUser\\My/);
		assert.match(mg!.fix, new RegExp(`LocalMachine\\\\My\\\\${SHA1}`));
		const web = JSON.stringify({ AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: TENANT, ClientId: WEB_ID, ClientCertificates: [{ SourceType: 'StoreWithThumbprint', CertificateStorePath: 'LocalMachine/My', CertificateThumbprint: SHA1 }] } });
		assert.match(find(run(web), 'thumbprint-store-lookup')!.message, /LocalMachine\/My/);
		assert.equal(find(run(node('thumbprint', SHA1)), 'thumbprint-store-lookup'), undefined);
		const open = run(`Connect-MgGraph -CertificateThumbprint $cert.Thumbprint -ClientID $appID -TenantId $tenantID`);
		assert.ok(find(open, 'thumbprint-store-lookup'));
		assert.deepEqual(codes(open).filter((c) => c.startsWith('thumbprint-') && c !== 'thumbprint-store-lookup'), []);
	});
});

describe('request rules: credential against client type', () => {
	it('a secret and an assertion together: an error in a request, a warning in a configuration', () => {
		assert.ok(find(run(curl(TENANT, cc({ client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt({ iss: API_ID, sub: API_ID, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, exp: NOW_S + 600, jti: 'j' }) }))), 'request-both-credentials'));
		const config = `const c = { auth: { clientId: "${API_ID}", authority: "https://login.microsoftonline.com/${TENANT}", clientSecret: process.env.S, clientCertificate: { thumbprintSha256: tp, privateKey: key } } };`;
		assert.equal(find(run(config), 'config-several-credentials')?.severity, 'warning');
	});
	it('no credential for client credentials: request and MSAL configuration (AADSTS7000218)', () => {
		const { client_secret: _drop, ...noSecret } = cc();
		assert.ok(find(run(curl(TENANT, noSecret)), 'AADSTS7000218'));
		const config = `const cca = new ConfidentialClientApplication({ auth: { clientId: "${API_ID}", authority: "https://login.microsoftonline.com/${TENANT}" } });\nawait cca.acquireTokenByClientCredential({ scopes: ["${GRAPH}"] });`;
		assert.ok(find(run(config), 'AADSTS7000218'));
		assert.equal(find(run(config.replace('" } }', '", clientSecret: process.env.S } }')), 'AADSTS7000218'), undefined);
	});
	it('a credential in a public-client flow when the manifest allows public client flows (AADSTS700025)', () => {
		const r = form({ grant_type: 'authorization_code', client_id: DESKTOP_ID, client_secret: SECRET, code: 'c', redirect_uri: 'http://localhost', code_verifier: VERIFIER });
		assert.match(find(run(r), 'AADSTS700025')!.message, /orders-desktop/);
		assert.equal(find(run(r.replace(/client_secret=[^&]*&/, '')), 'AADSTS700025'), undefined);
	});
	it('a credential with a redirect URI registered only for mobile and desktop (public client)', () => {
		const web = { ...manifests.web, publicClient: { redirectUris: ['msalc3f70819://auth'] } };
		const c2: DiagnoseContext = { now: NOW, manifests: [{ label: 'web.json', text: JSON.stringify(web) }] };
		const r = form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'msalc3f70819://auth', code_verifier: VERIFIER });
		assert.equal(find(run(r, c2), 'AADSTS700025')?.severity, 'warning');
		assert.equal(find(run(r.replace(/client_secret=[^&]*&/, ''), c2), 'AADSTS700025'), undefined);
	});
	it('a SPA redirect URI redeemed with a secret (AADSTS9002327)', () => {
		const r = form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'http://localhost:3000/', code_verifier: VERIFIER });
		assert.match(find(run(r), 'AADSTS9002327')!.message, /http:\/\/localhost:3000\/.*Single-page/);
		assert.equal(find(run(r.replace('http%3A%2F%2Flocalhost%3A3000%2F', encodeURIComponent('https://localhost:5001/signin-oidc'))), 'AADSTS9002327'), undefined);
	});
	it('a confidential web app redeeming without a credential (AADSTS7000218)', () => {
		const r = form({ grant_type: 'authorization_code', client_id: WEB_ID, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', code_verifier: VERIFIER });
		assert.match(find(run(r), 'AADSTS7000218')!.message, /confidential web app/);
		assert.equal(find(run(r, bare), 'AADSTS7000218'), undefined);
	});
});

describe('request rules: PKCE and the authorization code', () => {
	const code = (over: Record<string, string>) => form({ grant_type: 'authorization_code', client_id: WEB_ID, client_secret: SECRET, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', code_verifier: VERIFIER, ...over });
	it('code_verifier missing: a warning without a credential, required for a SPA redirect (AADSTS9002325)', () => {
		const noVerifier = (over: Record<string, string>) => Object.fromEntries(Object.entries({ grant_type: 'authorization_code', client_id: WEB_ID, code: 'c', redirect_uri: 'https://localhost:5001/signin-oidc', ...over }));
		assert.equal(find(run(form(noVerifier({}))), 'pkce-no-verifier')?.severity, 'warning');
		assert.ok(find(run(form(noVerifier({ redirect_uri: 'http://localhost:3000/' }))), 'AADSTS9002325'));
		assert.equal(find(run(code({})), 'pkce-no-verifier'), undefined);
	});
	it('a code_verifier of the wrong length or with characters outside the RFC 7636 set', () => {
		assert.match(find(run(code({ code_verifier: 'short' })), 'pkce-verifier-invalid')!.message, /5 characters/);
		assert.match(find(run(code({ code_verifier: `${VERIFIER}+/=` })), 'pkce-verifier-invalid')!.message, /"\+" "\/" "="/);
		assert.equal(find(run(code({})), 'pkce-verifier-invalid'), undefined);
	});
	it('a code_challenge sent to the token endpoint', () => {
		const { code_verifier: _v, ...rest } = Object.fromEntries(new URLSearchParams(code({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' })));
		assert.ok(find(run(form(rest)), 'pkce-challenge-instead-of-verifier'));
		assert.ok(find(run(code({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' })), 'pkce-challenge-at-token-endpoint'));
	});
	it('redirect_uri missing, not registered (the nearest and the difference), a loopback port, and unchecked without manifests', () => {
		const { redirect_uri: _r, ...noRedirect } = Object.fromEntries(new URLSearchParams(code({})));
		assert.ok(find(run(form(noRedirect)), 'authcode-no-redirect-uri'));
		const caseDiff = find(run(code({ redirect_uri: 'https://localhost:5001/SignIn-oidc' })), 'redirect-uri-not-registered');
		assert.match(caseDiff!.message, /https:\/\/localhost:5001\/signin-oidc \(path case/);
		const port = find(run(code({ redirect_uri: 'https://localhost:5002/signin-oidc' })), 'redirect-uri-not-registered');
		assert.match(port!.message, /port 5002 vs 5001/);
		const desktop = form({ grant_type: 'authorization_code', client_id: DESKTOP_ID, code: 'c', redirect_uri: 'http://localhost:53682', code_verifier: VERIFIER });
		assert.equal(find(run(desktop), 'redirect-uri-loopback-port')?.severity, 'info');
		assert.equal(find(run(desktop), 'redirect-uri-not-registered'), undefined);
		assert.match(find(run(code({}), bare), 'redirect-uri-unchecked')!.fix, /Authentication blade/);
		assert.equal(find(run(code({})), 'redirect-uri-not-registered'), undefined);
	});
});

describe('request rules: On-Behalf-Of', () => {
	const user = (over: Record<string, unknown> = {}, header?: Record<string, unknown>) => jwt({ aud: MIDDLE_ID, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, ver: '2.0', azp: WEB_ID, scp: 'access_as_user', upn: 'a@contoso.com', exp: NOW_S + 3000, iat: NOW_S - 60, ...over }, header);
	const obo = (assertion: string, over: Record<string, string> = {}, tenant = TENANT) => curl(tenant, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: MIDDLE_ID, client_secret: SECRET, assertion, scope: 'https://graph.microsoft.com/User.Read', requested_token_use: 'on_behalf_of', ...over });
	it('a delegated token for the middle tier: no error, and a summary naming whom it was issued to', () => {
		const fs = run(obo(user()));
		assert.deepEqual(fs.filter((f) => f.severity === 'error'), []);
		assert.match(find(fs, 'obo-assertion-summary')!.message, new RegExp(`v2\\.0 delegated token for ${MIDDLE_ID}, issued to the client ${WEB_ID} = 'orders-web'`));
		assert.deepEqual(run(obo(user({ aud: 'api://orders-middle', ver: '1.0' }))).filter((f) => f.severity === 'error'), []);
	});
	it("a token for another workspace app names that app and the middle tier's audiences", () => {
		const f = find(run(obo(user({ aud: 'api://orders-api' }))), 'AADSTS50013');
		assert.match(f!.message, /'api:\/\/orders-api' \('orders-api'.*not the middle tier 'orders-middle'/);
	});
	it('an ID token passed as assertion', () => {
		assert.match(find(run(obo(user({ aud: WEB_ID, nonce: 'n1', scp: undefined }))), 'AADSTS50013')!.message, /ID token/);
	});
	it('an expired assertion (AADSTS500133), a warning inside five minutes', () => {
		assert.equal(find(run(obo(user({ exp: NOW_S - 3600 }))), 'AADSTS500133')?.severity, 'error');
		assert.equal(find(run(obo(user({ exp: NOW_S - 60 }))), 'AADSTS500133')?.severity, 'warning');
		assert.equal(find(run(obo(user())), 'AADSTS500133'), undefined);
	});
	it("an assertion whose scp names none of the middle tier's exposed scopes", () => {
		assert.match(find(run(obo(user({ scp: 'Orders.Read' }))), 'obo-assertion-scope-not-exposed')!.message, /Orders\.Read.*access_as_user/);
		assert.equal(find(run(obo(user())), 'obo-assertion-scope-not-exposed'), undefined);
	});
	it('an OBO whose scope is the middle tier itself', () => {
		assert.ok(find(run(obo(user(), { scope: 'api://orders-middle/access_as_user' })), 'obo-scope-is-self'));
	});
	it('the OBO request going to another tenant than the user token', () => {
		assert.match(find(run(obo(user(), {}, randomUUID())), 'obo-tenant-mismatch')!.fix, new RegExp(TENANT));
	});
	it('oboAssertionFindings keeps its two-argument form', () => {
		const fs = oboAssertionFindings(decodeJwt(user({ aud: 'api://someone-else' })), MIDDLE_ID);
		assert.match(find(fs, 'AADSTS50013')!.message, /someone-else/);
	});
});

describe('request rules: what the request leaves open', () => {
	it('unresolved variables are never judged, and the finding says what to check', () => {
		const ps = `$body = @{ grant_type = "client_credentials"; client_id = $clientId; client_secret = $secret; scope = "${GRAPH}" }\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$tenantId/oauth2/v2.0/token" -Body $body`;
		const fs = run(ps);
		assert.deepEqual(codes(fs).filter((c) => ['AADSTS700016', 'AADSTS90002', 'AADSTS7000215', 'client-id-not-in-workspace'].includes(c)), []);
		const open = find(fs, 'request-unresolved-values');
		assert.equal(open?.severity, 'info');
		for (const part of ['client_id ($clientId)', 'client_secret ($secret)', 'tenant ($tenantId)']) {
			assert.ok(open!.message.includes(part), open!.message);
		}
		assert.match(open!.fix, /Application \(client\) ID.*Overview blade/);
	});
	it('a Postman request with {{variables}} and an env list with secrets expressions', () => {
		const pm = `POST https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/token\nBODY urlencoded\ngrant_type\tclient_credentials\nclient_id\t{{clientId}}\nclient_secret\t{{secret}}\nscope\t${GRAPH}`;
		assert.deepEqual(run(pm).filter((f) => f.severity === 'error'), []);
		const env = `env:\n  AZURE_CLIENT_ID: \${{ secrets.AZURE_CLIENT_ID }}\n  AZURE_TENANT_ID: \${{ secrets.AZURE_TENANT_ID }}\n  AZURE_CLIENT_SECRET: \${{ secrets.AZURE_CLIENT_SECRET }}`;
		const fs = run(env);
		assert.deepEqual(fs.filter((f) => f.severity !== 'info'), []);
		assert.ok(find(fs, 'request-unresolved-values'));
	});
	it('correct configurations have no errors', () => {
		const appsettings = JSON.stringify({ AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: TENANT, ClientId: WEB_ID, ClientCertificates: [{ SourceType: 'Path', CertificateDiskPath: '/certs/web.pfx' }] } });
		assert.deepEqual(run(appsettings).filter((f) => f.severity === 'error'), []);
		const env = `AZURE_CLIENT_ID=${API_ID}\nAZURE_TENANT_ID=${TENANT}\nAZURE_CLIENT_CERTIFICATE_PATH=/certs/api.pem`;
		assert.deepEqual(run(env).filter((f) => f.severity !== 'info'), []);
	});
});
