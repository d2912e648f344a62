/**
 * Request rules at their edges: what each finding names (the host to use instead, the clouds compared, the
 * field a thumbprint sits in, the difference between two redirect URIs, the values left open and what to check
 * for each), which severity it carries and when a rule stays quiet. Requests are built here as users paste
 * them; expected facts follow from the protocol and from the manifests written below.
 */
import { wellFormed } from '../helpers/findings';
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { parseTokenRequest, type ParsedTokenRequest } from '../../../src/core/diagnose/request';
import { oboAssertionFindings, requestFindings, scopeResource, scopeShapeFindings, workspaceApps } from '../../../src/core/diagnose/requestRules';
import { decodeJwt } from '../../../src/core/jwt/decode';

const NOW = new Date('2026-11-22T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const TENANT = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const OTHER_TENANT = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const WEB = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const MIDDLE = '3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a';
const CLIENT = '4e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b';
const VERIFIER = 'M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag';
const GRAPH = 'https://graph.microsoft.com/.default';

const manifests = {
	web: { appId: WEB, displayName: 'shop-web', web: { redirectUris: ['https://shop.example.com/signin-oidc'] }, spa: { redirectUris: [] }, publicClient: { redirectUris: [] }, keyCredentials: [] },
	middle: { appId: MIDDLE, displayName: 'shop-middle', identifierUris: ['api://shop-middle'], api: { oauth2PermissionScopes: [{ id: '5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b', value: 'access_as_user', isEnabled: true }] }, keyCredentials: [] },
};
const ctx: DiagnoseContext = { now: NOW, manifests: Object.entries(manifests).map(([k, v]) => ({ label: `${k}.json`, text: JSON.stringify(v) })) };
const bare: DiagnoseContext = { now: NOW };

const form = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const post = (host: string, tenant: string, p: Record<string, string>, path = 'oauth2/v2.0/token') => `curl -X POST https://${host}/${tenant}/${path} -d '${form(p)}'`;
const run = (text: string, c: DiagnoseContext = bare) => wellFormed(requestFindings(parseTokenRequest(text), c));
const oboW = (...args: Parameters<typeof oboAssertionFindings>) => wellFormed(oboAssertionFindings(...args));
const find = (fs: Finding[], code: string) => fs.find((f) => f.code === code);
const all = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const cc = { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 'Abc8Q~notAGuid', scope: GRAPH };
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => `${b64url(header)}.${b64url(payload)}.c2ln`;

describe('request rules (mutation): helpers', () => {
	it('scopeResource: the resource part of each scope form', () => {
		assert.equal(scopeResource('openid'), undefined);
		assert.equal(scopeResource(CLIENT), CLIENT);
		assert.equal(scopeResource('https://graph.microsoft.com/'), 'https://graph.microsoft.com');
		assert.equal(scopeResource('api://shop/Orders.Read'), 'api://shop');
		assert.equal(scopeResource(GRAPH), 'https://graph.microsoft.com');
		assert.equal(scopeResource('User.Read'), undefined);
		assert.equal(scopeResource('/x'), undefined);
	});
	it('workspaceApps: legacy reply URLs by type, replyUrls, object ID and name fallbacks, allowPublicClient, secret key IDs; unreadable manifests skipped', () => {
		const legacy = { appId: WEB, objectId: 'obj-1', name: 'legacy-app', allowPublicClient: true, replyUrls: ['https://a.example/'], replyUrlsWithType: [{ url: 'https://b.example/', type: 'Web' }, { url: 'http://localhost:3000', type: 'Spa' }, { url: 'myapp://auth', type: 'InstalledClient' }, 'x'], passwordCredentials: [{ keyId: 'k1' }, { keyId: '' }, {}] };
		const apps = workspaceApps({ manifests: [{ label: 'legacy.json', text: JSON.stringify(legacy) }, { label: 'broken.json', text: '{ not json' }, { label: 'array.json', text: '[1,2]' }] });
		assert.equal(apps.length, 1);
		const [a] = apps;
		assert.equal(a.label, 'legacy.json');
		assert.equal(a.objectId, 'obj-1');
		assert.equal(a.displayName, 'legacy-app');
		assert.deepEqual(a.web, ['https://b.example/', 'https://a.example/']);
		assert.deepEqual(a.spa, ['http://localhost:3000']);
		assert.deepEqual(a.publicClient, ['myapp://auth']);
		assert.equal(a.publicFallback, true);
		assert.deepEqual(a.passwordKeyIds, ['k1']);
		const g = workspaceApps({ manifests: [{ label: 'g.json', text: JSON.stringify({ id: 'obj-2', displayName: 'graph-app', isFallbackPublicClient: false }) }] })[0];
		assert.equal(g.objectId, 'obj-2');
		assert.equal(g.appId, undefined);
		assert.equal(g.publicFallback, false);
		assert.deepEqual(workspaceApps({}), []);
	});
	it('scopeShapeFindings: commas (one scope or several), no scheme, a name run into api://GUID or into the host', () => {
		assert.match(scopeShapeFindings('User.Read,Mail.Read')[0].message, /one scope with commas in it/);
		const two = scopeShapeFindings('User.Read, Mail.Read');
		assert.match(two[0].message, /scopes with commas in them/);
		assert.match(two[0].fix, /scope=User\.Read Mail\.Read /);
		assert.equal(scopeShapeFindings('graph.microsoft.com/.default')[0].fix, "Use 'https://graph.microsoft.com/.default'.");
		assert.equal(scopeShapeFindings(`api://${CLIENT}Orders.Read`)[0].fix, `Use 'api://${CLIENT}/Orders.Read'.`);
		assert.match(scopeShapeFindings('https://shop.example.comOrders.Read')[0].fix, /^Use 'https:\/\/shop\.example\.com\/Orders\.Read'/);
		assert.deepEqual(scopeShapeFindings('https://shop.example.comorders'), [], 'lower-case letters could be a host label');
		assert.deepEqual(scopeShapeFindings(`${GRAPH} openid`), []);
	});
});

describe('request rules (mutation): hosts and clouds', () => {
	it('legacy aliases name the host to prefer; sts.windows.net names the tenant in the fix', () => {
		for (const [host, prefer] of [['login.windows.net', 'login.microsoftonline.com'], ['login.usgovcloudapi.net', 'login.microsoftonline.us'], ['login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']]) {
			const f = find(run(post(host, TENANT, cc)), 'authority-legacy-host');
			assert.equal(f?.severity, 'info', host);
			assert.ok(f?.fix.includes(prefer), host);
		}
		const sts = find(run(post('sts.windows.net', TENANT, cc)), 'authority-sts-host');
		assert.equal(sts?.severity, 'warning');
		assert.ok(sts?.fix.includes(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`));
	});
	it('Germany\'s closed host and an API host are errors; an unknown host a warning; localhost, External ID and a port are quiet', () => {
		const de = find(run(post('login.microsoftonline.de', TENANT, cc)), 'authority-unknown-host');
		assert.equal(de?.severity, 'error');
		assert.match(de?.message ?? '', /Germany/);
		const api = find(run(post('myvault.vault.azure.net', TENANT, cc)), 'authority-unknown-host');
		assert.equal(api?.severity, 'error');
		assert.match(api?.message ?? '', /an API, not a sign-in host/);
		const other = find(run(post('login.example.com', TENANT, cc)), 'authority-unknown-host');
		assert.equal(other?.severity, 'warning');
		assert.ok(other?.message.includes('login.example.com'));
		for (const host of ['localhost:8443', '127.0.0.1', 'contoso.ciamlogin.com', 'login.microsoftonline.com:443']) {
			const fs = run(post(host, TENANT, cc));
			assert.equal(find(fs, 'authority-unknown-host'), undefined, host);
		}
	});
	it('B2C: the certificate warning only for app-only grants with a non-secret credential', () => {
		const assertion = { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt({ iss: CLIENT, sub: CLIENT, aud: 'x', exp: NOW_S + 300 }), scope: 'https://contoso.onmicrosoft.com/api/.default' };
		assert.equal(find(run(post('contoso.b2clogin.com', 'contoso.onmicrosoft.com', assertion)), 'b2c-client-credentials-certificate')?.uncertain, true);
		assert.equal(find(run(post('contoso.b2clogin.com', 'contoso.onmicrosoft.com', { ...cc, scope: 'https://contoso.onmicrosoft.com/api/.default' })), 'b2c-client-credentials-certificate'), undefined);
		assert.equal(find(run(post('contoso.b2clogin.com', 'contoso.onmicrosoft.com', { ...assertion, grant_type: 'authorization_code', code: 'c', redirect_uri: 'https://a.example/' })), 'b2c-client-credentials-certificate'), undefined);
	});
	it('the cloud of the host against the cloud of the resource, both named', () => {
		const us = find(run(post('login.microsoftonline.us', TENANT, cc)), 'AADSTS500011');
		assert.ok(us?.message.includes('https://graph.microsoft.com (the global cloud)'));
		assert.ok(us?.message.includes('login.microsoftonline.us (Azure US Government)'));
		assert.ok(us?.fix.includes('(login.microsoftonline.com)'));
		const cn = find(run(post('login.microsoftonline.com', TENANT, { ...cc, scope: 'https://microsoftgraph.chinacloudapi.cn/.default' })), 'AADSTS500011');
		assert.ok(cn?.message.includes('(Azure China)'));
		assert.ok(cn?.fix.includes('login.partner.microsoftonline.cn'));
		const legacyUs = find(run(post('login.usgovcloudapi.net', TENANT, { ...cc, scope: 'https://graph.microsoft.us/.default' })), 'AADSTS500011');
		assert.equal(legacyUs, undefined, 'the legacy US host is in the US cloud');
		const v1 = find(run(post('login.microsoftonline.us', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's~x', resource: 'https://management.azure.com/' }, 'oauth2/token')), 'AADSTS500011');
		assert.ok(v1?.message.includes('https://management.azure.com/'));
		assert.equal(find(run(post('login.microsoftonline.us', TENANT, { ...cc, scope: 'api://shop/.default' })), 'AADSTS500011'), undefined, 'an App ID URI has no cloud');
	});
	it('a tenant that is neither a GUID nor a domain, except on B2C hosts; /common only matters for app-only grants', () => {
		assert.match(find(run(post('login.microsoftonline.com', 'my_tenant', cc)), 'AADSTS90002')?.message ?? '', /'my_tenant' is neither a GUID nor a domain/);
		assert.equal(find(run(post('contoso.b2clogin.com', 'contoso', cc)), 'AADSTS90002'), undefined);
		const common = find(run(post('login.microsoftonline.us', 'common', cc)), 'AADSTS9001023');
		assert.ok(common?.message.startsWith('Client credentials is sent to /common/'));
		assert.ok(common?.fix.includes('https://login.microsoftonline.us/{tenant-id}/'));
		assert.equal(find(run(post('login.microsoftonline.com', 'organizations', { ...cc, grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://a.example/' })), 'AADSTS9001023'), undefined);
		const cfg = find(run(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/organizations", client_credential="s~x")\napp.acquire_token_for_client(scopes=["${GRAPH}"])`), 'AADSTS9001023');
		assert.ok(cfg?.message.startsWith('Client credentials with the authority /organizations/'));
	});
	it('a client credentials configuration without a tenant: MSAL Python and MSAL.NET too, not when the authority is a variable', () => {
		assert.ok(find(run(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s~x")\napp.acquire_token_for_client(scopes=["${GRAPH}"])`), 'config-no-tenant'));
		assert.ok(find(run(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret("s~x").Build();\nawait app.AcquireTokenForClient(new[] { "${GRAPH}" }).ExecuteAsync();`), 'config-no-tenant'));
		assert.equal(find(run(`app = msal.ConfidentialClientApplication("${CLIENT}", authority=AUTHORITY, client_credential="s~x")\napp.acquire_token_for_client(scopes=["${GRAPH}"])`), 'config-no-tenant'), undefined);
		assert.equal(find(run(`credential = ClientSecretCredential(client_id="${CLIENT}", client_secret="s~x")`), 'config-no-tenant'), undefined, 'azure-identity is not MSAL');
	});
});

describe('request rules (mutation): transport and basics', () => {
	it('GET: the fix for PowerShell names -Method Post and quotes the default note; a GET without a URL is not judged', () => {
		const ps = find(run(`Invoke-RestMethod -Uri "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" -Body @{ grant_type = "client_credentials"; client_id = "${CLIENT}"; client_secret = "s~x"; scope = "${GRAPH}" }`), 'AADSTS900561');
		assert.equal(ps?.fix, 'Add -Method Post to Invoke-RestMethod.');
		assert.match(ps?.message ?? '', /\(Invoke-RestMethod has no -Method, so it sends GET \(its default\)\.\)/);
		const c = find(run(`curl "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?${form(cc)}"`), 'AADSTS900561');
		assert.equal(c?.fix, 'Send POST with the parameters in a form-encoded body.');
		const devicecode = run(`curl "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/devicecode?client_id=${CLIENT}&scope=User.Read"`);
		assert.equal(find(devicecode, 'AADSTS900561'), undefined, 'only the token endpoint is judged');
	});
	it('a JSON body: the PowerShell fix drops ConvertTo-Json; query parameters of a GET are not a POST-query warning', () => {
		const ps = find(run(`$b = @{ grant_type = "client_credentials"; client_id = "${CLIENT}"; client_secret = "s~x"; scope = "${GRAPH}" }\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" -Body ($b | ConvertTo-Json)`), 'AADSTS900144');
		assert.match(ps?.fix ?? '', /no ConvertTo-Json/);
		const q = run(`curl -X POST "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?${form(cc)}"`);
		assert.equal(find(q, 'request-params-in-query')?.uncertain, true);
		assert.equal(find(run(`curl -X POST "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?client_id=${CLIENT}"`), 'request-params-in-query'), undefined, 'only when grant_type is in the query');
	});
	it('v1 with a scope names the resource to send; refresh tokens and requests with a resource are exempt', () => {
		const f = find(run(post('login.microsoftonline.com', TENANT, cc, 'oauth2/token')), 'AADSTS900144');
		assert.ok(f?.fix.includes('resource=https://graph.microsoft.com to v1'));
		assert.ok(f?.message.includes(`scope=${GRAPH}`));
		const named = find(run(post('login.microsoftonline.com', TENANT, { ...cc, grant_type: 'authorization_code', code: 'c', redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'openid' }, 'oauth2/token')), 'AADSTS900144');
		assert.ok(named?.fix.includes('resource={App ID URI}'));
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...cc, grant_type: 'refresh_token', refresh_token: 'r' }, 'oauth2/token')), 'AADSTS900144'), undefined);
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...cc, resource: 'https://graph.microsoft.com' }, 'oauth2/token')), 'AADSTS900144'), undefined);
		const v2 = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's~x', resource: 'https://graph.microsoft.com/' })), 'AADSTS901002');
		assert.equal(v2?.fix, 'Replace it with scope=https://graph.microsoft.com/.default.');
	});
	it('no client ID: worded for a configuration', () => {
		assert.equal(find(run(`AZURE_TENANT_ID=${TENANT}\nAZURE_CLIENT_SECRET=abc~1`), 'request-no-client-id')?.message, 'The configuration sets no client ID.');
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', scope: GRAPH, client_secret: 's~x' })), 'request-no-client-id')?.message, 'The request has no client_id.');
	});
	it('several credentials in a configuration are listed; none for On-Behalf-Of is named as such', () => {
		const several = find(run(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}\nAZURE_CLIENT_SECRET=abc~1\nAZURE_CLIENT_CERTIFICATE_PATH=/c.pem`), 'config-several-credentials');
		assert.ok(several?.message.includes('secret and certificate'));
		const obo = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: CLIENT, assertion: 'x', requested_token_use: 'on_behalf_of', scope: GRAPH })), 'AADSTS7000218');
		assert.match(obo?.message ?? '', /^A On-Behalf-Of request needs a client credential/);
		assert.ok(!obo?.fix.includes('in MSAL'));
		const cfg = find(run(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}")\napp.acquire_token_for_client(scopes=["${GRAPH}"])`), 'AADSTS7000218');
		assert.match(cfg?.message ?? '', /client credentials call/);
		assert.ok(cfg?.fix.includes('in MSAL'));
	});
	it('client_assertion_type: missing, wrong, or left open', () => {
		const base = { grant_type: 'client_credentials', client_id: CLIENT, client_assertion: jwt({ iss: CLIENT, sub: CLIENT }), scope: GRAPH };
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, base)), 'request-bad-assertion-type')?.message, 'client_assertion is sent without client_assertion_type.');
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...base, client_assertion_type: 'jwt-bearer' })), 'request-bad-assertion-type')?.message, "client_assertion_type is 'jwt-bearer'.");
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...base, client_assertion_type: '{{type}}' })), 'request-bad-assertion-type'), undefined);
	});
	it('a client_assertion that Entra issued is not a client assertion', () => {
		const entra = jwt({ iss: `https://sts.windows.net/${TENANT}/`, aud: 'https://graph.microsoft.com', tid: TENANT, exp: NOW_S + 600 });
		const f = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: entra, scope: GRAPH })), 'request-client-assertion-is-entra-token');
		assert.ok(f?.message.includes(`iss https://sts.windows.net/${TENANT}/`));
	});
});

describe('request rules (mutation): On-Behalf-Of requests', () => {
	const user = jwt({ aud: 'api://shop-middle', iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, scp: 'access_as_user', upn: 'a@contoso.com', azp: WEB, ver: '1.0', exp: NOW_S + 600 });
	const obo = (p: Record<string, string>, tenant = TENANT) => post('login.microsoftonline.com', tenant, { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', client_id: MIDDLE, client_secret: 's~x', scope: GRAPH, assertion: user, requested_token_use: 'on_behalf_of', ...p });
	it('requested_token_use missing or wrong, both worded', () => {
		assert.equal(find(run(obo({ requested_token_use: '' }), ctx), 'obo-requested-token-use')?.message, 'On-Behalf-Of without requested_token_use.');
		assert.equal(find(run(obo({ requested_token_use: 'id_token' }), ctx), 'obo-requested-token-use')?.message, "requested_token_use is 'id_token'.");
		assert.equal(find(run(obo({}), ctx), 'obo-requested-token-use'), undefined);
	});
	it('an assertion for the middle tier: a summary that names the token, no audience error', () => {
		const fs = run(obo({}), ctx);
		assert.equal(fs.filter((f) => f.code === 'AADSTS50013').length, 0);
		const s = find(fs, 'obo-assertion-summary');
		assert.equal(s?.message, `The assertion is a v1.0 delegated token for api://shop-middle, issued to the client ${WEB} = 'shop-web' (appId ${WEB}, web.json), scp 'access_as_user', tenant ${TENANT}, expiring ${new Date((NOW_S + 600) * 1000).toISOString()}.`);
		assert.equal(s?.fix, `The middle tier is 'shop-middle' (appId ${MIDDLE}, middle.json).`);
	});
	it('an OBO call inferred from code without an assertion is not told it has none', () => {
		const fs = run(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${MIDDLE}", authority: "https://login.microsoftonline.com/${TENANT}", clientSecret: "s~x" } });\nawait cca.acquireTokenOnBehalfOf({ scopes: ["${GRAPH}"] });`, ctx);
		assert.equal(find(fs, 'obo-no-assertion'), undefined);
	});
	it('the user token\'s tenant against the request\'s tenant', () => {
		const f = find(run(obo({}, OTHER_TENANT), ctx), 'obo-tenant-mismatch');
		assert.ok(f?.fix.includes(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`));
		assert.equal(find(run(obo({}, 'contoso.onmicrosoft.com'), ctx), 'obo-tenant-mismatch'), undefined, 'a domain is not compared');
	});
});

describe('request rules (mutation): oboAssertionFindings', () => {
	const tok = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => decodeJwt(jwt(payload, header));
	const c = { context: ctx, now: NOW };
	it('a Graph token by its aud (each Graph form) or by a header nonce', () => {
		for (const aud of ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com/', 'https://graph.microsoft.us', 'HTTPS://GRAPH.MICROSOFT.COM']) {
			assert.ok(find(oboW(tok({ aud, scp: 'User.Read' }), MIDDLE, c), 'AADSTS50013')?.message.includes('token for Microsoft Graph'), aud);
		}
		const nonce = find(oboW(tok({ aud: 'api://shop-middle', scp: 'x' }, { alg: 'RS256', nonce: 'n' }), MIDDLE, c), 'AADSTS50013');
		assert.ok(nonce?.message.includes('with a header nonce'));
	});
	it('an ID token names the workspace app it was issued to', () => {
		const f = find(oboW(tok({ aud: WEB, nonce: 'n', tid: TENANT }), MIDDLE, c), 'AADSTS50013');
		assert.ok(f?.message.includes(`issued to ${WEB} = 'shop-web'`));
		const s = find(oboW(tok({ aud: WEB, nonce: 'n' }), MIDDLE, c), 'obo-assertion-summary');
		assert.match(s?.message ?? '', /an? ID token token for/);
	});
	it('an audience of another app: v1 and v2 explained; without manifests, by client ID', () => {
		const v2 = find(oboW(tok({ aud: WEB, scp: 'x', ver: '2.0' }), MIDDLE, c), 'AADSTS50013');
		assert.ok(v2?.message.includes(`(v2 tokens carry the client ID as aud)`));
		assert.ok(v2?.message.includes("(appId " + WEB));
		assert.ok(v2?.fix.includes('scope api://shop-middle/<scope>'));
		const v1 = find(oboW(tok({ aud: 'api://elsewhere', scp: 'x', ver: '1.0' }), MIDDLE, c), 'AADSTS50013');
		assert.ok(v1?.message.includes('(v1 tokens carry the App ID URI as aud)'));
		assert.equal(find(oboW(tok({ aud: MIDDLE, scp: 'access_as_user' }), MIDDLE, c), 'AADSTS50013'), undefined);
		assert.equal(find(oboW(tok({ aud: `api://${MIDDLE}`, scp: 'access_as_user' }), MIDDLE, c), 'AADSTS50013'), undefined);
		const noCtx = find(oboW(tok({ aud: 'api://elsewhere', scp: 'x' }), CLIENT), 'AADSTS50013');
		assert.ok(noCtx?.message.includes(`not this middle tier (client_id ${CLIENT})`));
		assert.equal(find(oboW(tok({ aud: `api://${CLIENT}`, scp: 'x' }), CLIENT), 'AADSTS50013'), undefined);
		assert.equal(find(oboW(tok({ aud: `https://contoso.com/${CLIENT.toUpperCase()}`, scp: 'x' }), CLIENT), 'AADSTS50013'), undefined);
	});
	it('an app-only token (idtyp app, or roles without scp or user)', () => {
		assert.ok(all(oboW(tok({ aud: 'api://shop-middle', idtyp: 'app', roles: ['x'] }), MIDDLE, c), 'AADSTS50013').some((f) => f.message.includes('app-only')));
		assert.ok(all(oboW(tok({ aud: 'api://shop-middle', roles: ['x'] }), MIDDLE, c), 'AADSTS50013').some((f) => f.message.includes('app-only')));
		assert.ok(!all(oboW(tok({ aud: 'api://shop-middle', roles: ['x'], upn: 'a@b' }), MIDDLE, c), 'AADSTS50013').some((f) => f.message.includes('app-only')));
		assert.match(find(oboW(tok({ aud: 'api://shop-middle', roles: ['x'] }), MIDDLE, c), 'obo-assertion-summary')?.message ?? '', /app-only token/);
	});
	it('expired: a warning inside five minutes, an error beyond; the minutes counted', () => {
		const recent = find(oboW(tok({ aud: 'api://shop-middle', scp: 'access_as_user', exp: NOW_S - 120 }), MIDDLE, c), 'AADSTS500133');
		assert.equal(recent?.severity, 'warning');
		assert.ok(recent?.message.includes('(2 minutes before'));
		const old = find(oboW(tok({ aud: 'api://shop-middle', scp: 'access_as_user', exp: NOW_S - 3600 }), MIDDLE, c), 'AADSTS500133');
		assert.equal(old?.severity, 'error');
		assert.ok(old?.message.includes('(60 minutes before'));
		assert.equal(find(oboW(tok({ aud: 'api://shop-middle', scp: 'access_as_user', exp: NOW_S + 1 }), MIDDLE, c), 'AADSTS500133'), undefined);
		assert.equal(find(oboW(tok({ aud: 'api://shop-middle', scp: 'access_as_user', exp: NOW_S - 3600 }), MIDDLE, { context: ctx }), 'AADSTS500133'), undefined, 'no clock, no judgement');
	});
	it('scp naming none of the exposed scopes, only for the middle tier\'s own audience', () => {
		const f = find(oboW(tok({ aud: 'api://shop-middle', scp: 'Other.Scope' }), MIDDLE, c), 'obo-assertion-scope-not-exposed');
		assert.ok(f?.message.includes('(Other.Scope)') && f.message.includes('(access_as_user)'));
		assert.equal(find(oboW(tok({ aud: 'api://shop-middle', scp: 'x access_as_user' }), MIDDLE, c), 'obo-assertion-scope-not-exposed'), undefined);
	});
	it('the summary without optional claims', () => {
		const s = find(oboW(tok({}), undefined), 'obo-assertion-summary');
		assert.equal(s?.message, 'The assertion is a delegated token for (no aud).');
		assert.match(s?.fix ?? '', /Compare aud with the middle tier/);
	});
});

describe('request rules (mutation): thumbprints in configurations', () => {
	const HEX = 'AB'.repeat(20);
	it('the field named per format', () => {
		const py = find(run(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}", client_credential={"thumbprint": "${HEX.slice(0, 30)}", "private_key": k})`), 'thumbprint-length');
		assert.ok(py?.message.startsWith('client_credential["thumbprint"] has 30 hex digits'));
		const iw = find(run(`{ "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientCertificates": [ { "SourceType": "StoreWithThumbprint", "CertificateStorePath": "LocalMachine/My", "CertificateThumbprint": "${HEX}:" } ] } }`), 'thumbprint-format');
		assert.ok(iw?.message.startsWith(`CertificateThumbprint '${HEX}:'`));
		assert.match(iw?.message ?? '', /compare or decode it as plain hex/);
		const ps = find(run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint "${HEX.slice(0, 20)}"`), 'thumbprint-length');
		assert.ok(ps?.message.startsWith('-CertificateThumbprint has 20 hex digits'));
		const node = find(run(`const c = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: { thumbprint: "${HEX}${HEX.slice(0, 24)}", privateKey } } });`), 'AADSTS700027');
		assert.ok(node?.message.startsWith('clientCertificate.thumbprint holds 64 hex digits'));
		assert.match(node?.fix ?? '', /thumbprintSha256/);
	});
	it('invisible characters are counted and named', () => {
		const f = find(run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint "\u200E\u200E${HEX}\u00A0"`), 'thumbprint-invisible-characters');
		assert.ok(f?.message.includes('3 invisible characters (U+200E, U+00A0)'));
		assert.ok(f?.message.includes(`${HEX.length + 3} characters instead of 40`));
		assert.ok(f?.fix.endsWith(`: ${HEX}.`));
	});
	it('the store lookup: the store a tool searches, Identity.Web\'s own store, and an open thumbprint', () => {
		const mg = find(run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint "${HEX}"`), 'thumbprint-store-lookup');
		assert.ok(mg?.message.includes('(Cert:\\CurrentUser\\My)'));
		assert.ok(mg?.fix.includes(`Get-ChildItem Cert:\\CurrentUser\\My\\${HEX}`));
		const az = find(run(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificateThumbprint "${HEX}"`), 'thumbprint-store-lookup');
		assert.ok(az?.message.includes('Connect-AzAccount: CurrentUser\\My, then LocalMachine\\My'));
		const iw = find(run(`{ "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientCertificates": [ { "SourceType": "StoreWithThumbprint", "CertificateStorePath": "LocalMachine/My", "CertificateThumbprint": "${HEX}" } ] } }`), 'thumbprint-store-lookup');
		assert.ok(iw?.message.startsWith('Microsoft.Identity.Web finds the certificate') && iw.message.includes('(LocalMachine/My)'));
		const open = run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint $thumb`);
		assert.ok(find(open, 'thumbprint-store-lookup')?.fix.includes('\\<thumbprint>'));
		assert.equal(find(open, 'thumbprint-length'), undefined, 'an open value is not measured');
		assert.equal(find(run(`const c = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: { thumbprint: "${HEX}", privateKey } } });`), 'thumbprint-store-lookup'), undefined, 'msal-node reads no store');
	});
});

describe('request rules (mutation): redirect URIs and PKCE', () => {
	const code = (redirect: string, extra: Record<string, string> = {}) => post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, client_secret: 's~x', code: 'c', code_verifier: VERIFIER, redirect_uri: redirect, scope: 'openid', ...extra });
	it('the difference to the nearest registered URI, in words', () => {
		for (const [sent, diff] of [
			['http://shop.example.com/signin-oidc', 'scheme http vs https, port 80 vs 443'],
			['https://Shop.example.com/signin-oidc', 'host case (Shop.example.com vs shop.example.com)'],
			['https://shop.example.org/signin-oidc', 'host shop.example.org vs shop.example.com'],
			['https://shop.example.com:8443/signin-oidc', 'port 8443 vs 443'],
			['https://shop.example.com/signin-oidc/', 'trailing slash (/signin-oidc/ vs /signin-oidc)'],
			['https://shop.example.com/SignIn-OIDC', 'path case (/SignIn-OIDC vs /signin-oidc)'],
			['https://shop.example.com/signin', 'path /signin vs /signin-oidc'],
			['https://shop.example.com/signin-oidc?x=1', 'the query or fragment differs'],
		] as const) {
			const f = find(run(code(sent), ctx), 'redirect-uri-not-registered');
			assert.ok(f?.message.includes(`The nearest registered one is https://shop.example.com/signin-oidc (${diff}).`), `${sent}: ${f?.message}`);
			assert.ok(f?.message.includes('The token request must send the same redirect URI'), sent);
			assert.ok(f?.fix.startsWith('Send https://shop.example.com/signin-oidc exactly'), sent);
			assert.equal(f?.severity, 'error');
		}
		assert.equal(find(run(code('https://shop.example.com/signin-oidc'), ctx), 'redirect-uri-not-registered'), undefined);
	});
	it('an app that registers no redirect URI; the unchecked note with and without manifests', () => {
		const none = { label: 'bare.json', text: JSON.stringify({ appId: CLIENT, displayName: 'bare' }) };
		const f = find(run(code('https://a.example/cb', { client_id: CLIENT }), { now: NOW, manifests: [none] }), 'redirect-uri-not-registered');
		assert.ok(f?.message.includes('registers no redirect URI at all'));
		assert.match(f?.fix ?? '', /^Add https:\/\/a\.example\/cb under Authentication/);
		const unchecked = find(run(code('https://a.example/cb', { client_id: CLIENT }), ctx), 'redirect-uri-unchecked');
		assert.ok(unchecked?.message.includes('no workspace manifest has this client_id'));
		assert.ok(unchecked?.fix.includes(`GET /applications(appId='${CLIENT}')`));
		assert.ok(find(run(code('https://a.example/cb', { client_id: CLIENT })), 'redirect-uri-unchecked')?.message.includes('no manifest was given'));
	});
	it('PKCE: the verifier\'s length and characters, the challenge at the token endpoint, no verifier with a credential is info', () => {
		const bad = find(run(code('https://shop.example.com/signin-oidc', { code_verifier: `${'a'.repeat(42)}+/` }), ctx), 'pkce-verifier-invalid');
		assert.ok(bad?.message.startsWith('code_verifier has 44 characters and characters outside'));
		assert.ok(bad?.message.includes('("+" "/")'));
		const short = find(run(code('https://shop.example.com/signin-oidc', { code_verifier: 'a'.repeat(42) }), ctx), 'pkce-verifier-invalid');
		assert.equal(short?.message, 'code_verifier has 42 characters; RFC 7636 requires 43 to 128 of those characters.');
		assert.ok(find(run(code('https://shop.example.com/signin-oidc', { code_verifier: 'a'.repeat(129) }), ctx), 'pkce-verifier-invalid'));
		assert.equal(find(run(code('https://shop.example.com/signin-oidc', { code_verifier: 'a'.repeat(128) }), ctx), 'pkce-verifier-invalid'), undefined);
		assert.equal(find(run(code('https://shop.example.com/signin-oidc', { code_challenge: 'x' }), ctx), 'pkce-challenge-at-token-endpoint')?.severity, 'warning');
		const noVerifier = run(post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, client_secret: 's~x', code: 'c', redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'openid' }), ctx);
		assert.equal(find(noVerifier, 'pkce-no-verifier')?.severity, 'info');
		assert.ok(!find(noVerifier, 'pkce-no-verifier')?.message.includes('should always use PKCE'));
		const challengeOnly = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, client_secret: 's~x', code: 'c', code_challenge: 'x', redirect_uri: 'https://shop.example.com/signin-oidc' }), ctx), 'pkce-challenge-instead-of-verifier');
		assert.equal(challengeOnly?.severity, 'error');
	});
	it('an authorize URL: S256 is quiet, plain is named', () => {
		const url = (m: string) => `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB}&response_type=code&redirect_uri=${encodeURIComponent('https://shop.example.com/signin-oidc')}&scope=openid&code_challenge=abc&code_challenge_method=${m}`;
		assert.equal(find(run(url('S256'), ctx), 'pkce-plain-method'), undefined);
		assert.equal(find(run(url('plain'), ctx), 'pkce-plain-method')?.message, "code_challenge_method is 'plain'; use S256.");
		assert.equal(find(run(url('S256'), ctx), 'authcode-no-redirect-uri'), undefined, 'the authorize request is not a redemption');
	});
});

describe('request rules (mutation): values left open', () => {
	it('each open value is shown with what it holds and what to check', () => {
		const r: ParsedTokenRequest = parseTokenRequest(`curl -X POST "https://{{host}}/$TENANT/oauth2/v2.0/token" -d grant_type=client_credentials -d client_id=$CLIENT_ID -d "client_secret=$SECRET" -d "scope=${GRAPH}"`);
		const f = find(wellFormed(requestFindings(r, bare)), 'request-unresolved-values');
		assert.ok(f?.message.includes('authority (https://{{host}}/$TENANT)'));
		assert.ok(f?.message.includes('tenant ($TENANT)'));
		assert.ok(f?.message.includes('client_id ($CLIENT_ID)'));
		assert.ok(f?.fix.includes("client_secret = the secret's Value column"));
		assert.ok(f?.fix.includes('authority = https://login.microsoftonline.com/{tenant}'));
		const t = find(run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint $thumb`), 'request-unresolved-values');
		assert.ok(t?.message.includes('thumbprint ($thumb)'));
		const other = find(run(post('login.microsoftonline.com', TENANT, { ...cc, login_hint: '$USER' })), 'request-unresolved-values');
		assert.ok(other?.fix.includes('login_hint = the value your code sets'));
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, cc)), 'request-unresolved-values'), undefined);
	});
});

describe('request rules (mutation): findings a user sees are complete', () => {
	const user = jwt({ aud: 'api://shop-middle', iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, scp: 'access_as_user', upn: 'a@contoso.com', exp: NOW_S + 600 });
	const self = jwt({ iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, exp: NOW_S + 300, nbf: NOW_S - 10, jti: 'j' });
	const T = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
	const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
	it('each rule family, in requests and configurations, gives a severity, a code, a message and a fix', () => {
		const texts = [
			post('login.microsoftonline.com', TENANT, { client_id: CLIENT, client_secret: 's~x', scope: GRAPH }),
			post('login.microsoftonline.com', TENANT, { ...cc, client_assertion_type: T, client_assertion: self }),
			post('login.microsoftonline.com', TENANT, { ...cc, client_secret: '11111111-2222-3333-4444-555555555555' }),
			post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: 'shop app', client_secret: 's~x', scope: 'openid User.Read api://x/.default,https://graph.microsoft.com/.default' }),
			post('login.microsoftonline.com', CLIENT, { ...cc }),
			post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: T, client_assertion: 'not.a.jwt', scope: GRAPH }),
			post('login.microsoftonline.com', TENANT, { grant_type: OBO, client_id: MIDDLE, client_secret: 's~x', scope: 'api://shop-middle/.default', requested_token_use: 'x' }),
			post('login.microsoftonline.com', 'organizations', { grant_type: OBO, client_id: MIDDLE, client_secret: 's~x', scope: GRAPH, assertion: user, requested_token_use: 'on_behalf_of' }),
			post('login.microsoftonline.com', TENANT, { grant_type: OBO, client_id: MIDDLE, client_assertion_type: T, client_assertion: user, assertion: self, requested_token_use: 'on_behalf_of', scope: GRAPH }),
			post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, code: 'c', code_challenge: 'x', redirect_uri: 'https://shop.example.com/x', scope: 'api://shop-middle/Nope api://shop-middle/.default' }),
			post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's~x', scope: 'api://shop-middle/access_as_user/.default' }),
			`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -F grant_type=client_credentials -F client_id=${CLIENT} -d @body.txt`,
			`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB}&client_secret=x&response_type=code&redirect_uri=${encodeURIComponent('https://shop.example.com/x')}&scope=openid`,
			`curl "https://login.microsoftonline.com/${TENANT}/oauth2/token?grant_type=client_credentials&client_id=${CLIENT}&client_secret=s&scope=${GRAPH}"`,
			`AZURE_CLIENT_ID=${CLIENT}
AZURE_TENANT_ID=common
AZURE_CLIENT_SECRET=s
AZURE_CLIENT_CERTIFICATE_PATH=/c.pem`,
			`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint "AB:CD"`,
		];
		for (const t of texts) {
			const fs = run(t, ctx);
			assert.ok(fs.length > 0, t);
		}
	});
	it('a request that sends both a secret and an assertion, and swapped assertions, are errors', () => {
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...cc, client_assertion_type: T, client_assertion: self })), 'request-both-credentials')?.severity, 'error');
		const swapped = run(post('login.microsoftonline.com', TENANT, { grant_type: OBO, client_id: MIDDLE, client_assertion_type: T, client_assertion: user, assertion: self, requested_token_use: 'on_behalf_of', scope: GRAPH }), ctx);
		assert.ok(find(swapped, 'AADSTS50013')?.message.startsWith('assertion and client_assertion are swapped'));
		assert.equal(find(swapped, 'request-client-assertion-is-entra-token'), undefined, 'said once, as the swap');
		const none = run(post('login.microsoftonline.com', TENANT, { grant_type: OBO, client_id: MIDDLE, client_secret: 's~x', scope: GRAPH, requested_token_use: 'on_behalf_of' }), ctx);
		assert.equal(find(none, 'obo-no-assertion')?.severity, 'error');
		const multi = find(run(post('login.microsoftonline.com', 'organizations', { grant_type: OBO, client_id: MIDDLE, client_secret: 's~x', scope: GRAPH, assertion: user, requested_token_use: 'on_behalf_of' }), ctx), 'obo-multitenant-authority');
		assert.ok(multi?.message.includes('/organizations/'));
		assert.equal(find(run(post('login.microsoftonline.com', 'organizations', { ...cc, grant_type: 'refresh_token', refresh_token: 'r' })), 'obo-multitenant-authority'), undefined);
	});
	it('a malformed client_assertion, a file body, an authorize URL with a secret', () => {
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: T, client_assertion: 'not.a.jwt', scope: GRAPH })), 'AADSTS50027')?.severity, 'error');
		const file = find(run(`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d @body.txt`), 'request-reads-file');
		assert.ok(file?.message.includes('body.txt'));
		assert.equal(file?.severity, 'info');
		const auth = run(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB}&client_secret=x&response_type=code&scope=openid`, ctx);
		assert.equal(find(auth, 'authorize-url-carries-secret')?.severity, 'error');
		assert.ok(find(auth, 'request-is-authorize-url')?.message.includes(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`));
		assert.equal(find(auth, 'request-no-grant-type'), undefined);
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { client_id: CLIENT, client_secret: 's~x', scope: GRAPH })), 'request-no-grant-type')?.severity, 'error');
	});
});

describe('request rules (mutation): thumbprints against the workspace, and the client type', () => {
	const SHA1 = 'A1'.repeat(20);
	const SHA256 = 'B2'.repeat(32);
	const cert = { label: 'certs/app.pem', sha1Hex: SHA1, sha256Hex: SHA256, x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=app', notBefore: NOW, notAfter: NOW };
	const node = (field: string, v: string) => `const c = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: { ${field}: "${v}", privateKey } } });`;
	it('a thumbprint of a workspace certificate: info when no manifest has keys, a warning when manifests have keys but not this one', () => {
		const alone = find(run(node('thumbprint', SHA1), { now: NOW, certificates: [cert] }), 'thumbprint-matches');
		assert.equal(alone?.severity, 'info');
		assert.equal(alone?.message, `clientCertificate.thumbprint ${SHA1} is certs/app.pem.`);
		assert.equal(alone?.fix, 'Nothing to fix here.');
		const other = { label: 'other.json', text: JSON.stringify({ appId: WEB, keyCredentials: [{ keyId: '6f7a8b9c-0d1e-4f2a-8b3c-5d6e7f8a9b0c', type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.alloc(300, 7).toString('base64') }] }) };
		const unregistered = find(run(node('thumbprintSha256', SHA256), { now: NOW, certificates: [cert], manifests: [other] }), 'thumbprint-matches');
		assert.equal(unregistered?.severity, 'warning');
		assert.ok(unregistered?.message.endsWith(' No manifest in the workspace registers it.'));
		assert.match(unregistered?.fix ?? '', /^Register the certificate on the app/);
		const unknown = find(run(node('thumbprint', 'C3'.repeat(20)), { now: NOW, certificates: [cert], manifests: [other] }), 'thumbprint-unknown');
		assert.ok(unknown?.message.includes('matches none of the 2 workspace certificates and manifest keys'));
		assert.equal(find(run(node('thumbprint', 'C3'.repeat(20)), bare), 'thumbprint-unknown'), undefined, 'nothing to compare with');
		assert.equal(find(run(node('thumbprint', 'C3'.repeat(19)), { now: NOW, certificates: [cert] }), 'thumbprint-unknown'), undefined, 'a wrong length is not compared');
	});
	it('a separator inside a thumbprint in msal-node names the truncation; one invisible character is singular', () => {
		const f = find(run(node('thumbprint', `${SHA1.slice(0, 20)}:${SHA1.slice(20)}`)), 'AADSTS700027');
		assert.match(f?.message ?? '', /Buffer\.from\(…, 'hex'\)/);
		const one = find(run(node('thumbprint', `\u200E${SHA1}`)), 'thumbprint-invisible-characters');
		assert.ok(one?.message.includes('holds 1 invisible character (U+200E)'));
		const s256 = find(run(node('thumbprintSha256', SHA1)), 'AADSTS700027');
		assert.ok(s256?.message.startsWith('clientCertificate.thumbprintSha256 holds 40 hex digits'));
	});
	it('client type against the registration: a public-client app with a credential, an SPA URI redeemed with a refresh token, a web app without a credential', () => {
		const desktop = { label: 'desktop.json', text: JSON.stringify({ appId: CLIENT, displayName: 'desk', isFallbackPublicClient: true, publicClient: { redirectUris: ['http://localhost'] }, web: { redirectUris: [] }, spa: { redirectUris: ['https://spa.example.com/'] } }) };
		const c: DiagnoseContext = { now: NOW, manifests: [desktop, ...ctx.manifests!] };
		const pub = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'refresh_token', client_id: CLIENT, client_secret: 's~x', refresh_token: 'r', scope: 'openid' }), c), 'AADSTS700025');
		assert.equal(pub?.severity, 'error');
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { ...cc }), c), 'AADSTS700025'), undefined, 'client credentials is not a public-client flow');
		const spa = run(post('login.microsoftonline.com', TENANT, { grant_type: 'refresh_token', client_id: CLIENT, client_secret: 's~x', refresh_token: 'r', redirect_uri: 'https://spa.example.com/', scope: 'openid' }), c);
		assert.equal(find(spa, 'AADSTS9002327')?.severity, 'error');
		const webOnly = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'refresh_token', client_id: WEB, refresh_token: 'r', scope: 'openid' }), ctx), 'AADSTS7000218');
		assert.ok(webOnly?.message.includes('(web redirect URIs only, public client flows off)'));
		assert.ok(webOnly?.message.includes('this refresh_token request'));
		const withUri = find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, code: 'c', code_verifier: VERIFIER, redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'openid' }), ctx), 'AADSTS7000218');
		assert.ok(withUri?.message.includes('(https://shop.example.com/signin-oidc is a web redirect URI, public client flows off)'));
		assert.equal(find(run(post('login.microsoftonline.com', TENANT, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'r', scope: 'openid' }), c), 'AADSTS7000218'), undefined, 'a public client sends no credential');
	});
	it('scopes in client credentials: /default without the dot, a resource without /.default, a delegated scope', () => {
		const fs = run(post('login.microsoftonline.com', TENANT, { ...cc, scope: 'https://graph.microsoft.com/default' }));
		assert.equal(find(fs, 'AADSTS70011')?.fix, "Use 'https://graph.microsoft.com/.default'.");
		const bareRes = find(run(post('login.microsoftonline.com', TENANT, { ...cc, scope: 'https://graph.microsoft.com/' })), 'AADSTS70011');
		assert.ok(bareRes?.message.includes('names the resource without it'));
		assert.ok(bareRes?.fix.startsWith("Use 'https://graph.microsoft.com/.default'"));
		const delegated = find(run(post('login.microsoftonline.com', TENANT, { ...cc, scope: 'api://shop/Orders.Read' })), 'AADSTS70011');
		assert.ok(delegated?.message.includes("'api://shop/Orders.Read' is a delegated scope"));
		assert.ok(delegated?.fix.startsWith("Use 'api://shop/.default'"));
		const named = find(run(post('login.microsoftonline.com', TENANT, { ...cc, scope: 'User.Read' })), 'AADSTS70011');
		assert.ok(named?.fix.startsWith("Use 'https://graph.microsoft.com/.default'"));
		const dflt = run(post('login.microsoftonline.com', TENANT, { grant_type: 'authorization_code', client_id: WEB, client_secret: 's~x', code: 'c', code_verifier: VERIFIER, redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'api://shop/default  openid' }), ctx);
		assert.equal(find(dflt, 'AADSTS70011')?.fix, "Use 'api://shop/.default'.");
		const two = find(run(post('login.microsoftonline.com', TENANT, { ...cc, scope: `${GRAPH}   https://management.azure.com/.default` })), 'AADSTS70011');
		assert.ok(two?.message.includes('2 resources (https://graph.microsoft.com, https://management.azure.com)'));
	});
});
