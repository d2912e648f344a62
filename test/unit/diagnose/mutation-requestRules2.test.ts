/**
 * Request rules, second round: each rule's branches with the facts a user reads in the finding (its code and
 * severity, the app, host, cloud or URI it names, the fix it proposes) and the neighbouring cases where the rule
 * must stay quiet. Requests are pasted text where a reader gives the shape needed, and a ParsedTokenRequest built
 * by hand where only the reader's result matters (a configuration's credential list, values a reader left open).
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Finding } from '../../../src/core/findings';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { parseTokenRequest, type ParsedTokenRequest } from '../../../src/core/diagnose/request';
import { oboAssertionFindings, requestFindings, scopeResource, scopeShapeFindings, workspaceApps } from '../../../src/core/diagnose/requestRules';
import { decodeJwt } from '../../../src/core/jwt/decode';
import { wellFormed } from '../helpers/findings';

const NOW = new Date('2026-11-22T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const TENANT = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const WEB = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
const MIDDLE = '3d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a';
const CLIENT = '4e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b';
const ORDERS = '5f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c';
const SPA = '6a7b8c9d-0e1f-4a2b-9c3d-5e6f7a8b9c0d';
const VERIFIER = 'M25iVXpKU3puUjFaYWg3T1NDTDQtcW1ROUY5YXlwalNoc0hhakxifmZHag';
const GRAPH = 'https://graph.microsoft.com/.default';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const manifests: Record<string, unknown> = {
	web: { appId: WEB, displayName: 'shop-web', web: { redirectUris: ['https://shop.example.com/signin-oidc'] }, spa: { redirectUris: [] }, publicClient: { redirectUris: [] } },
	middle: { appId: MIDDLE, displayName: 'shop-middle', identifierUris: ['api://shop-middle'], api: { oauth2PermissionScopes: [{ id: '5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8a9b', value: 'access_as_user', isEnabled: true }] } },
	// an API with two scopes and a role, whose App ID URI is written with a trailing slash
	orders: {
		appId: ORDERS,
		displayName: 'orders-api',
		identifierUris: ['https://orders.contoso.com/'],
		api: { oauth2PermissionScopes: [{ id: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', value: 'Orders.Read', isEnabled: true }, { id: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', value: 'Orders.Write', isEnabled: true }] },
		appRoles: [{ id: '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b', value: 'Orders.Admin', allowedMemberTypes: ['Application'], isEnabled: true }],
	},
	// a single-page app that also keeps a web URI and a desktop URI
	spa: { appId: SPA, displayName: 'shop-spa', spa: { redirectUris: ['https://spa.example.com/', 'https://both.example.com/cb'] }, web: { redirectUris: ['https://both.example.com/cb', 'https://web.example.com/cb'] }, publicClient: { redirectUris: ['https://desktop.example.com/cb'] } },
};
const ctxOf = (m: Record<string, unknown>): DiagnoseContext => ({ now: NOW, manifests: Object.entries(m).map(([k, v]) => ({ label: `${k}.json`, text: JSON.stringify(v) })) });
const ctx = ctxOf(manifests);
const bare: DiagnoseContext = { now: NOW };

const form = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const post = (host: string, tenant: string, p: Record<string, string>, path = 'oauth2/v2.0/token') => `curl -X POST https://${host}/${tenant}/${path} -d '${form(p)}'`;
const run = (text: string, c: DiagnoseContext = bare) => wellFormed(requestFindings(parseTokenRequest(text), c));
/** A reader's result built by hand: only what the rule reads. */
const req = (r: Partial<ParsedTokenRequest>, c: DiagnoseContext = bare) => wellFormed(requestFindings({ format: 'curl', params: {}, ...r } as ParsedTokenRequest, c));
const find = (fs: Finding[], code: string) => fs.find((f) => f.code === code);
const all = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const cc = { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 'Abc8Q~notAGuid', scope: GRAPH };
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => `${b64url(header)}.${b64url(payload)}.c2ln`;
const ms = (tenant: string, p: Record<string, string>, path?: string) => post('login.microsoftonline.com', tenant, p, path);
const code = (p: Record<string, string>) => ms(TENANT, { grant_type: 'authorization_code', code: 'c', code_verifier: VERIFIER, scope: 'openid', ...p });

describe('request rules (mutation 2): scope and resource helpers', () => {
	it('scopeResource: a resource URL without a trailing slash is the resource itself', () => {
		assert.equal(scopeResource('https://graph.microsoft.com'), 'https://graph.microsoft.com');
		assert.equal(scopeResource('api://shop-middle'), 'api://shop-middle');
		assert.equal(scopeResource('1https://a.example'), '1https:/', 'a scheme starts with a letter');
		assert.equal(scopeResource('offline_access'), undefined);
	});
	it('a bare scope name means Microsoft Graph: the v1 fix names Graph as the resource; a name that does not start with a letter does not', () => {
		const v1 = find(run(ms(TENANT, { ...cc, scope: 'User.Read' }, 'oauth2/token')), 'AADSTS900144');
		assert.ok(v1?.fix.includes('send resource=https://graph.microsoft.com to v1'), v1?.fix);
		const dotted = find(run(ms(TENANT, { ...cc, scope: '.Read' }, 'oauth2/token')), 'AADSTS900144');
		assert.ok(dotted?.fix.includes('resource={App ID URI}'), dotted?.fix);
		const bang = find(run(ms(TENANT, { ...cc, scope: 'User.Read!' }, 'oauth2/token')), 'AADSTS900144');
		assert.ok(bang?.fix.includes('resource={App ID URI}'), bang?.fix);
	});
	it('workspaceApps: non-string values are dropped, missing lists are empty, a JSON value that is not an object is skipped', () => {
		const odd = { appId: 123, id: 5, objectId: 'obj-9', displayName: 7, name: 'odd-app', web: { redirectUris: ['https://a.example/', null, 5] }, spa: {}, replyUrlsWithType: [null, { url: 'https://b.example/', type: 'web' }], passwordCredentials: [null, { keyId: 'k2' }] };
		const apps = workspaceApps({ manifests: [{ label: 'odd.json', text: JSON.stringify(odd) }, { label: 'str.json', text: '"just text"' }, { label: 'num.json', text: '42' }] });
		assert.equal(apps.length, 1);
		const [a] = apps;
		assert.equal(a.appId, undefined);
		assert.equal(a.objectId, 'obj-9');
		assert.equal(a.displayName, 'odd-app');
		assert.deepEqual(a.web, ['https://a.example/', 'https://b.example/']);
		assert.deepEqual(a.spa, []);
		assert.deepEqual(a.publicClient, []);
		assert.deepEqual(a.passwordKeyIds, ['k2']);
	});
});

describe('request rules (mutation 2): IDs against the workspace', () => {
	it('client_id is the object ID of an app without appId: the app is named "appId not set" and the fix says where to look', () => {
		const c = ctxOf({ ...manifests, lone: { id: CLIENT, displayName: 'lone-app' } });
		const f = find(run(ms(TENANT, cc), c), 'AADSTS700016');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.message.includes(`is the object ID of 'lone-app' (appId not set, lone.json)`), f?.message);
		assert.equal(f?.fix, 'Send client_id=the appId from the manifest.');
		const withApp = find(run(ms(TENANT, { ...cc, client_id: ORDERS.replace('5f', '9f') }), ctxOf({ x: { id: ORDERS.replace('5f', '9f'), appId: WEB } })), 'AADSTS700016');
		assert.equal(withApp?.fix, `Send client_id=${WEB}.`);
	});
	it('a client ID in no manifest lists the registered ones (only those with an appId), or says none has one', () => {
		const c = ctxOf({ web: manifests.web, orders: manifests.orders, anon: { displayName: 'no-ids' } });
		const f = find(run(ms(TENANT, cc), c), 'client-id-not-in-workspace');
		assert.equal(f?.severity, 'warning');
		assert.ok(f?.message.includes(`; they register 'shop-web' (appId ${WEB}, web.json), 'orders-api' (appId ${ORDERS}, orders.json).`), f?.message);
		assert.ok(!f?.message.includes('no-ids'));
		assert.ok(f?.fix.includes(`GET /applications(appId='${CLIENT}')) and compare`), f?.fix);
		assert.ok(f?.fix.startsWith("If this app's manifest is in the workspace"));
		const none = find(run(ms(TENANT, cc), ctxOf({ anon: { displayName: 'no-ids' } })), 'client-id-not-in-workspace');
		assert.ok(none?.message.endsWith(' (none of them has an appId).'), none?.message);
		assert.equal(find(run(ms(TENANT, { ...cc, client_id: 'shop app' }), c), 'client-id-not-in-workspace'), undefined, 'a name is not looked up as a GUID');
	});
	it('client_id as an App ID URI names the app that has it and its appId; http:// counts as a URI', () => {
		const f = find(run(ms(TENANT, { ...cc, client_id: 'api://shop-middle' }), ctx), 'AADSTS700016');
		assert.ok(f?.message.includes(": it looks like an App ID URI ('shop-middle' (appId"), f?.message);
		assert.ok(f?.message.includes('has it as identifierUri)'));
		assert.equal(f?.fix, `Send client_id=${MIDDLE}.`);
		const http = find(run(ms(TENANT, { ...cc, client_id: 'http://shop' }), ctx), 'AADSTS700016');
		assert.ok(http?.message.includes('it looks like an App ID URI'));
		const name = find(run(ms(TENANT, { ...cc, client_id: 'shop' }), ctx), 'AADSTS700016');
		assert.ok(name?.message.includes('it looks like an app name'));
	});
	it('a client_id with spaces around it is read as the GUID', () => {
		const fs = run(ms(TENANT, { ...cc, client_id: ` ${WEB} ` }), ctx);
		assert.equal(find(fs, 'AADSTS700016'), undefined);
		assert.equal(find(fs, 'client-id-not-in-workspace'), undefined);
	});
	it('the tenant segment holds the client ID: named once, with the app when the workspace has it', () => {
		const known = all(run(ms(WEB, { ...cc, client_id: WEB }), ctx), 'AADSTS90002');
		assert.equal(known.length, 1);
		assert.equal(known[0].severity, 'error');
		assert.ok(known[0].message.includes(`/${WEB}/ is the client ID of 'shop-web'`));
		assert.match(known[0].fix, /Directory \(tenant\) ID/);
		const upper = all(run(ms(WEB.toUpperCase(), { ...cc, client_id: WEB }), ctx), 'AADSTS90002');
		assert.equal(upper.length, 1, 'IDs compare without case');
		const unknown = find(run(ms(CLIENT, cc)), 'AADSTS700016');
		assert.equal(unknown?.uncertain, true);
		assert.ok(unknown?.message.includes(`is the same GUID as the tenant in the URL (/${CLIENT}/)`));
	});
	it('the tenant segment is another workspace app\'s client ID', () => {
		const f = find(run(ms(WEB, cc), ctx), 'AADSTS90002');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.message.includes(`/${WEB}/ is the client ID of 'shop-web' (appId ${WEB}, web.json), not a tenant; Entra answers "Tenant`));
		assert.match(f?.fix ?? '', /verified domain such as contoso\.onmicrosoft\.com/);
	});
	it('the OBO user token\'s tid equal to client_id: said as such, and certain', () => {
		const user = jwt({ aud: `api://${CLIENT}`, tid: CLIENT.toUpperCase(), scp: 'x', upn: 'a@b' });
		const f = find(run(ms(TENANT, { grant_type: OBO, client_id: CLIENT, client_secret: 's~x', assertion: user, requested_token_use: 'on_behalf_of', scope: GRAPH })), 'AADSTS700016');
		assert.ok(f?.message.includes('is the same GUID as the tenant (the tid of the incoming token)'), f?.message);
		assert.equal(f?.uncertain, undefined);
		const other = run(ms(TENANT, { grant_type: OBO, client_id: CLIENT, client_secret: 's~x', assertion: jwt({ aud: `api://${CLIENT}`, tid: TENANT, scp: 'x' }), requested_token_use: 'on_behalf_of', scope: GRAPH }));
		assert.equal(find(other, 'AADSTS700016'), undefined);
	});
	it('a domain in both client_id and tenant is only "not a GUID"', () => {
		const fs = run(ms('contoso.onmicrosoft.com', { ...cc, client_id: 'contoso.onmicrosoft.com' }), ctx);
		assert.equal(all(fs, 'AADSTS700016').length, 1);
		assert.equal(find(fs, 'AADSTS90002'), undefined);
	});
	it('a client secret that is a GUID: the app that lists it as a key ID, in any case; not another app', () => {
		const KEY = '8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
		const c = ctxOf({ web: { ...(manifests.web as object), passwordCredentials: [{ keyId: KEY }] }, orders: { ...(manifests.orders as object), passwordCredentials: [{ keyId: '9b0c1d2e-3f4a-4b5c-9d6e-8f9a0b1c2d3e' }] } });
		const f = find(run(ms(TENANT, { ...cc, client_secret: ` ${KEY.toUpperCase()} ` }), c), 'AADSTS7000215');
		assert.ok(f?.message.includes(`as 'shop-web' (appId ${WEB}, web.json) lists it under passwordCredentials`), f?.message);
		const other = find(run(ms(TENANT, { ...cc, client_secret: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' }), c), 'AADSTS7000215');
		assert.ok(other && !other.message.includes('lists it under passwordCredentials'));
	});
});

describe('request rules (mutation 2): transport, endpoint and what the artifact is', () => {
	it('an authorize request without a URL names the endpoint in words; a credential in it is an error, none is quiet', () => {
		const fs = req({ endpoint: 'authorize', params: { client_id: WEB, response_type: 'code' } });
		assert.ok(find(fs, 'request-is-authorize-url')?.message.includes('(the …/oauth2/v2.0/authorize endpoint)'));
		assert.equal(find(fs, 'authorize-url-carries-secret'), undefined);
		assert.equal(find(req({ endpoint: 'authorize', params: { client_id: WEB, client_assertion: 'x' } }), 'authorize-url-carries-secret')?.severity, 'error');
	});
	it('GET: judged for a token URL or an unknown endpoint and for PowerShell; not for a configuration, nor without a URL', () => {
		const p = { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', scope: GRAPH };
		assert.equal(find(req({ method: 'GET', url: `https://login.microsoftonline.com/${TENANT}/x`, params: p }), 'AADSTS900561')?.severity, 'error');
		assert.equal(find(req({ format: 'powershell', method: 'GET', params: p }), 'AADSTS900561')?.fix, 'Add -Method Post to Invoke-RestMethod.');
		assert.equal(find(req({ method: 'GET', params: p }), 'AADSTS900561'), undefined);
		assert.equal(find(req({ format: 'msal-node', method: 'GET', url: 'https://login.microsoftonline.com/x', params: p }), 'AADSTS900561'), undefined);
		assert.equal(find(req({ method: 'GET', endpoint: 'devicecode', url: 'https://login.microsoftonline.com/x', params: p }), 'AADSTS900561'), undefined);
	});
	it('a JSON body from curl: the fix names the form content type and curl\'s -d, not PowerShell', () => {
		const f = find(run(`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -H "Content-Type: application/json" -d '{"grant_type":"client_credentials","client_id":"${CLIENT}","client_secret":"s","scope":"${GRAPH}"}'`), 'AADSTS900144');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.fix.includes('Content-Type: application/x-www-form-urlencoded'), f?.fix);
		assert.ok(f?.fix.includes('(curl: -d or --data-urlencode'));
		assert.ok(!f?.fix.includes('ConvertTo-Json'));
	});
	it('parameters in the query: only for a POST whose query has grant_type and no form body', () => {
		const q = { grant_type: 'client_credentials' };
		assert.equal(find(req({ method: 'POST', bodyFormat: 'query', queryParams: q, params: q }), 'request-params-in-query')?.uncertain, true);
		assert.equal(find(req({ method: 'POST', bodyFormat: 'form', queryParams: q, params: q }), 'request-params-in-query'), undefined);
		assert.equal(find(req({ method: 'GET', bodyFormat: 'query', queryParams: q, params: q }), 'request-params-in-query'), undefined);
		assert.equal(find(req({ method: 'POST', bodyFormat: 'query', params: q }), 'request-params-in-query'), undefined);
	});
	it('a reader note is a finding only when it says what the kit can\'t see', () => {
		assert.equal(find(req({ notes: ['Invoke-RestMethod has no -Method, so it sends GET (its default).'], params: { grant_type: 'client_credentials' } }), 'request-reads-file'), undefined);
		assert.equal(find(req({ notes: ["The body is read from body.txt, which the kit can't see."], params: { grant_type: 'client_credentials' } }), 'request-reads-file')?.severity, 'info');
	});
	it('resource to v2 only when the v2 endpoint and a tenant are known; v1 with scope only at the token endpoint', () => {
		const v2 = { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', resource: 'https://graph.microsoft.com' };
		assert.ok(find(req({ tenant: TENANT, endpointVersion: 'v2', endpoint: 'token', params: v2 }), 'AADSTS901002'));
		assert.equal(find(req({ tenant: TENANT, endpointVersion: 'v1', endpoint: 'token', params: v2 }), 'AADSTS901002'), undefined);
		assert.equal(find(req({ endpointVersion: 'v2', endpoint: 'token', params: v2 }), 'AADSTS901002'), undefined);
		const authorizeV1 = run(`https://login.microsoftonline.com/${TENANT}/oauth2/authorize?client_id=${WEB}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://shop.example.com/signin-oidc')}`, ctx);
		assert.equal(find(authorizeV1, 'AADSTS900144'), undefined);
	});
	it('no credential: said only when the reader could tell the credential', () => {
		const p = { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH };
		assert.ok(find(req({ credential: 'none', params: p }), 'AADSTS7000218'));
		assert.equal(find(req({ params: p }), 'AADSTS7000218'), undefined);
	});
	it('the right client_assertion_type is quiet', () => {
		const fs = run(ms(TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: ASSERTION_TYPE, client_assertion: jwt({ iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, exp: NOW_S + 300 }, { alg: 'RS256', typ: 'JWT', x5t: 'abc' }), scope: GRAPH }));
		assert.equal(find(fs, 'request-bad-assertion-type'), undefined);
	});
	it('credentials a configuration lists: a secret beside a federated token or an assertion is two credentials', () => {
		for (const other of ['federated', 'assertion', 'certificate'] as const) {
			const f = find(req({ format: 'env', params: { client_id: CLIENT, grant_type: 'client_credentials' }, credentials: ['secret', other] }), 'config-several-credentials');
			assert.ok(f?.message.includes(`sets secret and ${other} together`), other);
		}
		const inParams = find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', client_assertion: 'x', client_assertion_type: ASSERTION_TYPE } }), 'request-both-credentials');
		assert.equal(inParams?.severity, 'error', 'a client_secret parameter is a secret even when the reader listed no credential');
		const listed = find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_assertion: 'x', client_assertion_type: ASSERTION_TYPE }, credentials: ['secret'] }), 'request-both-credentials');
		assert.equal(listed?.severity, 'error', 'a listed secret is a secret without the parameter');
	});
	it('an empty value is left open, like a variable: an empty client_assertion is not called malformed', () => {
		const fs = run(ms(TENANT, { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: ASSERTION_TYPE, client_assertion: '', scope: GRAPH }));
		assert.equal(find(fs, 'AADSTS50027'), undefined);
	});
	it('values left open: client_assertion_type is not listed; a name without a value shows "?"; its hint is generic', () => {
		const fs = req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', scope: GRAPH, client_assertion_type: '$T' }, unresolved: ['client_assertion_type'] });
		assert.equal(find(fs, 'request-unresolved-values'), undefined);
		const f = find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', scope: GRAPH, login_hint: '$USER' }, unresolved: ['client_assertion_type', 'code', 'login_hint', 'thumbprint'], thumbprint: '$THUMB' }), 'request-unresolved-values');
		assert.ok(f?.message.endsWith('not checked: code (?), login_hint ($USER), thumbprint ($THUMB).'), f?.message);
		assert.ok(f?.fix.includes('code = the value your code sets; login_hint = the value your code sets; thumbprint = the Thumbprint column'), f?.fix);
	});
});

describe('request rules (mutation 2): hosts, tenants and clouds', () => {
	it('hosts that only look like localhost, B2C or External ID are unknown sign-in hosts', () => {
		for (const host of ['localhost.example.com', 'mylocalhost', 'contoso.b2clogin.com.example.net', 'contoso.ciamlogin.com.example.net']) {
			const f = find(run(post(host, TENANT, cc)), 'authority-unknown-host');
			assert.equal(f?.severity, 'warning', host);
			assert.ok(f?.message.startsWith(`${host} is not an Entra sign-in host`), host);
			assert.ok(f?.fix.includes(`https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`), host);
		}
	});
	it('no tenant: the fixes show {tenant}; an open authority or the placeholder host is not judged', () => {
		assert.ok(find(req({ host: 'sts.windows.net', params: cc }), 'authority-sts-host')?.fix.includes('https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'));
		assert.ok(find(req({ host: 'login.example.com', params: cc }), 'authority-unknown-host')?.fix.includes('https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token'));
		assert.equal(find(req({ host: 'login.example.com', authority: 'https://login.example.com/{{tenant}}', unresolved: ['authority'], params: cc }), 'authority-unknown-host'), undefined);
		assert.equal(find(req({ host: 'placeholder.invalid', params: cc }), 'authority-unknown-host'), undefined);
	});
	it('a tenant with characters a domain can\'t have is neither GUID nor domain, also on a host that only looks like B2C', () => {
		for (const tenant of ['my_tenant.onmicrosoft.com', 'contoso.onmicrosoft.com_']) {
			assert.equal(find(run(ms(tenant, cc)), 'AADSTS90002')?.severity, 'warning', tenant);
		}
		assert.ok(find(run(post('contoso.b2clogin.com.example.net', 'my_tenant', cc)), 'AADSTS90002'));
		assert.equal(find(run(ms('contoso.onmicrosoft.com', cc)), 'AADSTS90002'), undefined);
	});
	it('/common in a configuration without a host: the fix uses the global sign-in host', () => {
		const f = find(run(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=common\nAZURE_CLIENT_SECRET=abc~1`), 'AADSTS9001023');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.message.startsWith('Client credentials with the authority /common/'), f?.message);
		assert.ok(f?.fix.includes('https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token'), f?.fix);
	});
	it('an MSAL configuration without a tenant: only for app-only grants, not when the tenant is a variable', () => {
		const grantCode = { format: 'msal-node' as const, params: { client_id: CLIENT, client_secret: 's', grant_type: 'authorization_code', scope: 'openid' }, credentials: ['secret' as const] };
		assert.equal(find(req(grantCode), 'config-no-tenant'), undefined);
		const app = { format: 'msal-node' as const, params: { client_id: CLIENT, client_secret: 's', grant_type: 'client_credentials', scope: GRAPH }, credentials: ['secret' as const] };
		assert.equal(find(req(app), 'config-no-tenant')?.severity, 'warning');
		assert.equal(find(req({ ...app, tenant: '$TENANT', unresolved: ['tenant'] }), 'config-no-tenant'), undefined);
	});
	it('each cloud named on both sides of a cloud mismatch, and the host to use', () => {
		const usFromChina = find(run(post('login.partner.microsoftonline.cn', TENANT, { ...cc, scope: 'https://graph.microsoft.us/.default' })), 'AADSTS500011');
		assert.ok(usFromChina?.message.includes('for https://graph.microsoft.us (Azure US Government) from login.partner.microsoftonline.cn (Azure China);'), usFromChina?.message);
		assert.ok(usFromChina?.fix.includes('(login.microsoftonline.us)'));
		const chinaFromUs = find(run(post('login.microsoftonline.us', TENANT, { ...cc, scope: 'https://microsoftgraph.chinacloudapi.cn/.default' })), 'AADSTS500011');
		assert.ok(chinaFromUs?.message.includes('(Azure China) from login.microsoftonline.us (Azure US Government);'), chinaFromUs?.message);
		assert.ok(chinaFromUs?.fix.includes('(login.partner.microsoftonline.cn)'));
		const usFromGlobal = find(run(ms(TENANT, { ...cc, scope: 'https://graph.microsoft.us/.default' })), 'AADSTS500011');
		assert.ok(usFromGlobal?.message.includes('(Azure US Government) from login.microsoftonline.com (the global cloud);'), usFromGlobal?.message);
		const twoSpaces = run(post('login.microsoftonline.us', TENANT, { ...cc, scope: `openid  ${GRAPH}` }));
		assert.ok(find(twoSpaces, 'AADSTS500011'), 'the resource after two spaces is still compared');
	});
});

describe('request rules (mutation 2): thumbprints in configurations', () => {
	const KEY = Buffer.alloc(300, 7);
	const KEY_SHA1 = createHash('sha1').update(KEY).digest('hex').toUpperCase();
	const keyManifest = { label: 'app.json', text: JSON.stringify({ appId: CLIENT, keyCredentials: [{ keyId: '6f7a8b9c-0d1e-4f2a-8b3c-5d6e7f8a9b0c', type: 'AsymmetricX509Cert', usage: 'Verify', key: KEY.toString('base64') }] }) };
	const cert = { label: 'certs/app.pem', sha1Hex: KEY_SHA1, sha256Hex: 'B2'.repeat(32), x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=app', notBefore: NOW, notAfter: NOW };
	const node = (v: string, field = 'thumbprint') => `const c = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: { ${field}: "${v}", privateKey } } });`;
	const mg = (v: string) => `Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint "${v}"`;
	it('a thumbprint registered in a manifest and present as a file: both named, info', () => {
		const f = find(run(node(KEY_SHA1), { now: NOW, certificates: [cert], manifests: [keyManifest] }), 'thumbprint-matches');
		assert.equal(f?.severity, 'info');
		assert.equal(f?.message, `clientCertificate.thumbprint ${KEY_SHA1} is certs/app.pem, app.json keyCredentials[0] (keyId 6f7a8b9c-0d1e-4f2a-8b3c-5d6e7f8a9b0c).`);
		assert.equal(f?.fix, 'Nothing to fix here.');
	});
	it('a well-formed thumbprint of either length is not measured', () => {
		assert.equal(find(run(mg('A1'.repeat(20))), 'thumbprint-length'), undefined);
		assert.equal(find(run(node('B2'.repeat(32), 'thumbprintSha256')), 'thumbprint-length'), undefined);
		assert.equal(find(run(node('B2'.repeat(32), 'thumbprintSha256')), 'AADSTS700027'), undefined);
	});
	it('a SHA-256 under a cmdlet\'s thumbprint: the fix asks for the SHA-1 the portal shows', () => {
		const f = find(run(mg('B2'.repeat(32))), 'AADSTS700027');
		assert.equal(f?.fix, 'Use the SHA-1 thumbprint (40 hex digits) as the portal shows it under Certificates & secrets.');
	});
	it('the store lookup of Connect-AzAccount names CurrentUser\\My in the fix; an open value shows <thumbprint> in both commands', () => {
		const az = find(run(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificateThumbprint "${'A1'.repeat(20)}"`), 'thumbprint-store-lookup');
		assert.ok(az?.fix.startsWith(`Check that Get-ChildItem Cert:\\CurrentUser\\My\\${'A1'.repeat(20)} returns it`), az?.fix);
		const open = find(run(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -CertificateThumbprint $thumb`), 'thumbprint-store-lookup');
		assert.ok(open?.fix.includes('Cert:\\CurrentUser\\My\\<thumbprint> returns it'), open?.fix);
		assert.ok(open?.fix.includes('(Get-Item Cert:\\LocalMachine\\My\\<thumbprint>)'), open?.fix);
	});
});

describe('request rules (mutation 2): redirect URIs', () => {
	const three = ctxOf({ app: { appId: WEB, displayName: 'three', web: { redirectUris: ['https://a.example.org/one', 'https://shop.example.com/signin-oidc', 'https://shop.example.com/signout-oidc'] } } });
	const nearest = (sent: string, c: DiagnoseContext = three) => /The nearest registered one is (\S+) /.exec(find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: sent }), c), 'redirect-uri-not-registered')?.message ?? '')?.[1];
	it('the nearest registered URI is the one with the fewest edits, in any case', () => {
		assert.equal(nearest('https://shop.example.com/signin-oid'), 'https://shop.example.com/signin-oidc');
		assert.equal(nearest('https://shop.example.com/signout-oid'), 'https://shop.example.com/signout-oidc');
		assert.equal(nearest('HTTPS://SHOP.EXAMPLE.COM/SIGNIN-OIDCX'), 'https://shop.example.com/signin-oidc');
		assert.equal(nearest('https://a.example.org/onex'), 'https://a.example.org/one');
		assert.equal(nearest('https://shop.example.com/signout'), 'https://shop.example.com/signout-oidc');
		assert.equal(nearest('xhttps://shop.example.com/signin-oidc'), 'https://shop.example.com/signin-oidc');
		assert.equal(nearest('https://shop.example.com/signin-oidcsignout'), 'https://shop.example.com/signin-oidc');
	});
	it('ranking by edits: a substitution counts one, as does an insertion or a deletion', () => {
		const c = ctxOf({ app: { appId: WEB, web: { redirectUris: ['https://h.example/abcd', 'https://h.example/abxd', 'https://h.example/ab'] } } });
		assert.equal(nearest('https://h.example/abyd', c), 'https://h.example/abcd');
		assert.equal(nearest('https://h.example/abxdy', c), 'https://h.example/abxd');
		assert.equal(nearest('https://h.example/a', c), 'https://h.example/ab');
		assert.equal(nearest('https://h.example/abx', c), 'https://h.example/abxd');
		const d = ctxOf({ app: { appId: WEB, web: { redirectUris: ['https://h.example/zzzz', 'https://h.example/q'] } } });
		assert.equal(nearest('https://h.example/', d), 'https://h.example/q');
		assert.equal(nearest('https://h.example/zzzzq', d), 'https://h.example/zzzz');
	});
	it('a URI that can\'t be parsed differs as text; a custom scheme has no default port', () => {
		const c = ctxOf({ app: { appId: WEB, web: { redirectUris: ['https://shop.example.com/signin-oidc'] } } });
		const noScheme = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'shop.example.com/signin-oidc' }), c), 'redirect-uri-not-registered');
		assert.ok(noScheme?.message.includes('(the text differs)'), noScheme?.message);
		const joined = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'urn:https://shop.example.com/signin-oidc' }), c), 'redirect-uri-not-registered');
		assert.ok(joined?.message.includes('(the text differs)'), joined?.message);
		const custom = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'msauth://shop.example.com/signin-oidc' }), c), 'redirect-uri-not-registered');
		assert.ok(custom?.message.includes('(scheme msauth vs https, port (none) vs 443)'), custom?.message);
		const http = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'http://shop.example.com:80/signin-oidc' }), c), 'redirect-uri-not-registered');
		assert.ok(http?.message.includes('(scheme http vs https, port 80 vs 443)'), http?.message);
	});
	it('an empty path shows as (none) or /', () => {
		const c = ctxOf({ app: { appId: WEB, web: { redirectUris: ['https://shop.example.com/', 'https://other.example.com:8443'] } } });
		const slash = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com' }), c), 'redirect-uri-not-registered');
		assert.ok(slash?.message.includes('(trailing slash ((none) vs /))'), slash?.message);
		const path = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://other.example.com:8443/cb' }), c), 'redirect-uri-not-registered');
		assert.ok(path?.message.includes('(path /cb vs /)'), path?.message);
	});
	it('loopback: only http to localhost, 127.0.0.1 or [::1], same host and path, any port', () => {
		const c = ctxOf({ app: { appId: WEB, web: { redirectUris: ['http://localhost:3000/cb', 'https://localhost:4000/x', 'http://localhost.example.com:3000/cb', 'http://evil-localhost:3000/cb'] } } });
		const send = (u: string) => run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: u }), c);
		const loop = find(send('http://localhost:5000/cb'), 'redirect-uri-loopback-port');
		assert.equal(loop?.severity, 'info');
		assert.ok(loop?.message.startsWith('redirect_uri http://localhost:5000/cb differs from the registered http://localhost:3000/cb only in the port'));
		assert.match(loop?.fix ?? '', /Nothing to change/);
		for (const u of ['http://localhost.example.com:5000/cb', 'http://evil-localhost:5000/cb', 'http://localhost:5000/x', 'http://127.0.0.1:3000/cb', 'http://localhost:5000/other']) {
			assert.equal(find(send(u), 'redirect-uri-loopback-port'), undefined, u);
			assert.ok(find(send(u), 'redirect-uri-not-registered'), u);
		}
	});
	it('at the authorize endpoint the finding is AADSTS50011, without the token-request sentence', () => {
		const url = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('https://shop.example.com/signin')}`;
		const f = find(run(url, ctx), 'AADSTS50011');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.message.endsWith('The nearest registered one is https://shop.example.com/signin-oidc (path /signin vs /signin-oidc).'), f?.message);
	});
	it('the unchecked note without a client_id shows … in the Graph call', () => {
		const f = find(req({ params: { grant_type: 'authorization_code', code: 'c', code_verifier: VERIFIER, redirect_uri: 'https://a.example/cb' } }), 'redirect-uri-unchecked');
		assert.ok(f?.fix.includes("GET /applications(appId='…')?$select=web,spa,publicClient"), f?.fix);
	});
});

describe('request rules (mutation 2): client type against the registration', () => {
	it('a public-client app sent a credential: the message names the two manifest flags', () => {
		const c = ctxOf({ desk: { appId: CLIENT, displayName: 'desk', isFallbackPublicClient: true } });
		const f = find(run(ms(TENANT, { grant_type: 'refresh_token', client_id: CLIENT, client_secret: 's~x', refresh_token: 'r', scope: 'openid' }), c), 'AADSTS700025');
		assert.ok(f?.message.includes('(isFallbackPublicClient / allowPublicClient = true)'), f?.message);
	});
	it('a desktop redirect URI redeemed with a credential: a warning, uncertain; not when the URI is also a web URI', () => {
		const f = find(run(code({ client_id: SPA, client_secret: 's~x', redirect_uri: 'https://desktop.example.com/cb' }), ctx), 'AADSTS700025');
		assert.equal(f?.severity, 'warning');
		assert.equal(f?.uncertain, true);
		assert.ok(f?.message.startsWith('redirect_uri https://desktop.example.com/cb is registered under the mobile and desktop (publicClient) platform'));
		assert.match(f?.fix ?? '', /Web platform/);
		assert.equal(find(run(code({ client_id: SPA, client_secret: 's~x', redirect_uri: 'https://web.example.com/cb' }), ctx), 'AADSTS700025'), undefined);
	});
	it('an SPA URI redeemed with a credential: an error, a warning when the URI is also a web URI; not for client credentials', () => {
		const spaOnly = find(run(code({ client_id: SPA, client_secret: 's~x', redirect_uri: 'https://spa.example.com/' }), ctx), 'AADSTS9002327');
		assert.equal(spaOnly?.severity, 'error');
		assert.ok(!spaOnly?.message.includes('also registered under web'));
		const both = find(run(code({ client_id: SPA, client_secret: 's~x', redirect_uri: 'https://both.example.com/cb' }), ctx), 'AADSTS9002327');
		assert.equal(both?.severity, 'warning');
		assert.ok(both?.message.endsWith(' The URI is also registered under web, so which platform applies depends on the authorize request.'));
		assert.equal(find(run(ms(TENANT, { ...cc, client_id: SPA, redirect_uri: 'https://spa.example.com/' }), ctx), 'AADSTS9002327'), undefined);
	});
	it('a confidential web app without a credential: only for code and refresh grants, only when every URI the request could use is web', () => {
		const noCred = (p: Record<string, string>, c: DiagnoseContext = ctx) => find(run(ms(TENANT, { grant_type: 'authorization_code', code: 'c', code_verifier: VERIFIER, scope: 'openid', ...p }), c), 'AADSTS7000218');
		assert.ok(noCred({ client_id: SPA, redirect_uri: 'https://web.example.com/cb' }));
		assert.equal(noCred({ client_id: SPA, redirect_uri: 'https://both.example.com/cb' }), undefined, 'also an SPA URI');
		assert.equal(noCred({ client_id: SPA, redirect_uri: 'https://spa.example.com/' }), undefined);
		assert.equal(noCred({ client_id: SPA, redirect_uri: 'https://desktop.example.com/cb' }), undefined);
		const webAndDesktop = ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] }, publicClient: { redirectUris: ['https://w.example/cb'] } } });
		assert.equal(noCred({ client_id: CLIENT, redirect_uri: 'https://w.example/cb' }, webAndDesktop), undefined, 'also a desktop URI');
		// without a redirect URI, the platforms the app registers decide
		const refresh = (c: DiagnoseContext) => find(run(ms(TENANT, { grant_type: 'refresh_token', client_id: CLIENT, refresh_token: 'r', scope: 'openid' }), c), 'AADSTS7000218');
		assert.ok(refresh(ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] } } })));
		assert.equal(refresh(ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] }, spa: { redirectUris: ['https://s.example/'] } } })), undefined);
		assert.equal(refresh(ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] }, publicClient: { redirectUris: ['https://p.example/'] } } })), undefined);
		assert.equal(refresh(ctxOf({ a: { appId: CLIENT } })), undefined, 'no URI at all: nothing says web');
		assert.equal(refresh(ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] }, isFallbackPublicClient: true } })), undefined, 'public client flows on');
		const device = find(run(ms(TENANT, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: CLIENT, device_code: 'd' }), ctxOf({ a: { appId: CLIENT, web: { redirectUris: ['https://w.example/cb'] } } })), 'AADSTS7000218');
		assert.equal(device, undefined, 'the device code flow is a public-client flow');
	});
});

describe('request rules (mutation 2): PKCE and the code redemption', () => {
	it('an SPA URI without a verifier: AADSTS9002325 names the URI', () => {
		const f = find(run(ms(TENANT, { grant_type: 'authorization_code', client_id: SPA, code: 'c', redirect_uri: 'https://spa.example.com/', scope: 'openid' }), ctx), 'AADSTS9002325');
		assert.equal(f?.severity, 'error');
		assert.ok(f?.message.startsWith('redirect_uri https://spa.example.com/ is a single-page application URI;'));
		assert.match(f?.fix ?? '', /code_verifier/);
	});
	it('no verifier and no credential: a warning that says a public client should always use PKCE', () => {
		const f = find(run(ms(TENANT, { grant_type: 'authorization_code', client_id: CLIENT, code: 'c', redirect_uri: 'https://a.example/cb', scope: 'openid' })), 'pkce-no-verifier');
		assert.equal(f?.severity, 'warning');
		assert.ok(f?.message.endsWith('(AADSTS501481); and a client without a credential should always use PKCE.'), f?.message);
	});
	it('a verifier alone is quiet; the redirect URI is required at the token endpoint', () => {
		const ok = run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc' }), ctx);
		assert.equal(find(ok, 'pkce-challenge-at-token-endpoint'), undefined);
		assert.equal(find(ok, 'authcode-no-redirect-uri'), undefined);
		const none = find(run(code({ client_id: WEB, client_secret: 's~x' }), ctx), 'authcode-no-redirect-uri');
		assert.equal(none?.severity, 'error');
		assert.ok(none?.message.startsWith('The authorization code is redeemed without redirect_uri'));
		assert.equal(none?.fix, 'Send redirect_uri exactly as in the authorize request.');
	});
	it('a method without a challenge at the authorize endpoint is not judged', () => {
		const url = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize?client_id=${WEB}&response_type=code&scope=openid&code_challenge_method=plain&redirect_uri=${encodeURIComponent('https://shop.example.com/signin-oidc')}`;
		assert.equal(find(run(url, ctx), 'pkce-plain-method'), undefined);
	});
});

describe('request rules (mutation 2): scope shapes', () => {
	const shape = (s: string) => wellFormed(scopeShapeFindings(s));
	it('every shape finding is an AADSTS70011 error', () => {
		for (const s of ['graph.microsoft.com/.default', `api://${CLIENT}Orders.Read`, 'https://shop.example.comOrders.Read', 'http://shop.example.comOrders.Read', 'a,b']) {
			const fs = shape(s);
			assert.equal(fs.length, 1, s);
			assert.equal(fs[0].code, 'AADSTS70011', s);
			assert.equal(fs[0].severity, 'error', s);
		}
	});
	it('commas: a trailing space is not a second scope; a trailing comma is not an empty scope', () => {
		assert.match(shape('User.Read,Mail.Read ')[0].message, /one scope with commas in it/);
		assert.ok(shape('User.Read, Mail.Read,')[0].fix.startsWith('Separate the scopes with spaces: scope=User.Read Mail.Read (URL-encoded'));
	});
	it('trailing commas are cut from the scope a fix names; commas inside it are kept', () => {
		assert.equal(shape('graph.microsoft.com/.default,,').at(-1)?.fix, "Use 'https://graph.microsoft.com/.default'.");
		assert.equal(shape('contoso.com/Read,Write').at(-1)?.fix, "Use 'https://contoso.com/Read,Write'.");
	});
	it('a name run into api://GUID: the message names the App ID URI; a well-formed one and one whose GUID is short are not', () => {
		const f = shape(`api://${CLIENT}Orders.Read`)[0];
		assert.ok(f.message.endsWith(`there is no '/' after api://${CLIENT}.`), f.message);
		assert.deepEqual(shape(`api://${CLIENT}/Orders.Read`), []);
		assert.deepEqual(shape(`api://${CLIENT.slice(0, 30)}Orders.Read`), []);
	});
	it('a name run into the host: the message splits App ID URI and permission', () => {
		const f = shape('https://shop.example.comOrders.Read')[0];
		assert.ok(f.message.includes("between the App ID URI https://shop.example.com and the permission 'Orders.Read'."), f.message);
		assert.ok(f.fix.startsWith("Use 'https://shop.example.com/Orders.Read'"));
	});
});

describe('request rules (mutation 2): scopes in requests', () => {
	it('client credentials with a blank scope has none; a resource (v1) or an open scope is a scope', () => {
		assert.equal(find(run(ms(TENANT, { ...cc, scope: '  ' })), 'AADSTS70011')?.message, 'Client credentials without a scope.');
		assert.equal(find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's', resource: 'https://graph.microsoft.com' } }), 'AADSTS70011'), undefined);
		assert.equal(find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_secret: 's' }, unresolved: ['scope'] }), 'AADSTS70011'), undefined);
	});
	it('client credentials: a leading space is no extra scope; a resource without a slash lacks /.default', () => {
		assert.deepEqual(all(run(ms(TENANT, { ...cc, scope: ` ${GRAPH}` })), 'AADSTS70011'), []);
		assert.deepEqual(all(req({ params: { ...cc, scope: `${GRAPH}  https://graph.microsoft.com/.default` } }), 'AADSTS70011'), []);
		const f = find(run(ms(TENANT, { ...cc, scope: 'https://graph.microsoft.com' })), 'AADSTS70011');
		assert.ok(f?.message.includes("'https://graph.microsoft.com' names the resource without it"), f?.message);
	});
	it('a scope name that starts with "default" is a delegated scope, not /default without the dot', () => {
		const f = find(run(ms(TENANT, { ...cc, scope: 'api://shop/Default.Read' })), 'AADSTS70011');
		assert.ok(f?.message.includes('is a delegated scope'), f?.message);
		assert.deepEqual(all(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'api://shop/Default.Read' }), ctx), 'AADSTS70011'), []);
	});
	it('a delegated request for a bare resource: a warning with both fixes; a named scope or an unknown flow is quiet', () => {
		const send = (scope: string, grant = 'authorization_code') => all(run(ms(TENANT, { grant_type: grant, client_id: WEB, client_secret: 's~x', code: 'c', code_verifier: VERIFIER, redirect_uri: 'https://shop.example.com/signin-oidc', scope }), ctx), 'AADSTS70011');
		const f = send('https://graph.microsoft.com/')[0];
		assert.equal(f?.severity, 'warning');
		assert.equal(f?.fix, "Use 'https://graph.microsoft.com/{scope name}' as the API exposes it (Expose an API blade), or 'https://graph.microsoft.com/.default'.");
		assert.equal(send('https://graph.microsoft.com').length, 1);
		assert.equal(send(WEB).length, 1);
		assert.deepEqual(send('https://graph.microsoft.com/User.Read'), []);
		assert.deepEqual(send('User.Read'), []);
		assert.deepEqual(all(req({ params: { client_id: WEB, scope: 'https://graph.microsoft.com' } }), 'AADSTS70011'), [], 'no grant: the flow is unknown');
	});
	it('/.default beside named scopes of the same resource names them all', () => {
		const f = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'api://shop/.default api://shop/A api://shop/B' }), ctx), 'AADSTS70011');
		assert.ok(f?.message.includes('named scopes of the same resource (api://shop/A, api://shop/B)'), f?.message);
	});
	it('a token for itself: by api://{client id} in client credentials (uncertain), by its client ID in OBO; not for other resources', () => {
		const self = find(run(ms(TENANT, { ...cc, scope: `api://${CLIENT.toUpperCase()}/.default` })), 'AADSTS90009');
		assert.equal(self?.severity, 'warning');
		assert.equal(self?.uncertain, true);
		assert.ok(self?.message.includes(`by its App ID URI (api://${CLIENT.toUpperCase()})`), self?.message);
		assert.equal(self?.fix, `Use scope=${CLIENT}/.default.`);
		assert.equal(find(run(ms(TENANT, cc)), 'AADSTS90009'), undefined, 'Graph is not the app');
		assert.equal(find(run(ms(TENANT, { ...cc, scope: `${CLIENT}/.default` })), 'AADSTS90009'), undefined, 'by its GUID it may');
		const oboSelf = find(run(ms(TENANT, { grant_type: OBO, client_id: CLIENT, client_secret: 's', assertion: jwt({ aud: CLIENT, scp: 'x' }), requested_token_use: 'on_behalf_of', scope: `${CLIENT.toUpperCase()}/.default` })), 'obo-scope-is-self');
		assert.equal(oboSelf?.severity, 'warning');
		const codeSelf = run(code({ client_id: CLIENT, client_secret: 's~x', redirect_uri: 'https://a.example/cb', scope: `api://${CLIENT}/x` }));
		assert.equal(find(codeSelf, 'AADSTS90009'), undefined, 'only client credentials');
	});
	it('OBO for Graph from a workspace middle tier, or without manifests, is not a token for itself', () => {
		const p = { grant_type: OBO, client_id: MIDDLE, client_secret: 's', assertion: jwt({ aud: 'api://shop-middle', scp: 'access_as_user', upn: 'a@b' }), requested_token_use: 'on_behalf_of', scope: GRAPH };
		assert.equal(find(run(ms(TENANT, p), ctx), 'obo-scope-is-self'), undefined);
		assert.equal(find(run(ms(TENANT, p)), 'obo-scope-is-self'), undefined);
		assert.ok(find(run(ms(TENANT, { ...p, scope: 'api://shop-middle/.default' }), ctx), 'obo-scope-is-self'));
	});
	it('an OBO request to a tenant GUID is not a multi-tenant authority', () => {
		const p = { grant_type: OBO, client_id: MIDDLE, client_secret: 's', assertion: jwt({ aud: 'api://shop-middle', scp: 'access_as_user', upn: 'a@b' }), requested_token_use: 'on_behalf_of', scope: GRAPH };
		assert.equal(find(run(ms(TENANT, p), ctx), 'obo-multitenant-authority'), undefined);
		assert.equal(find(req({ params: p }, ctx), 'obo-multitenant-authority'), undefined);
	});
	it('/.default for a workspace API: the missing app roles only in client credentials', () => {
		const f = find(run(ms(TENANT, { ...cc, scope: 'api://shop-middle/.default' }), ctx), 'default-no-app-roles');
		assert.equal(f?.severity, 'info');
		assert.ok(f?.message.startsWith("'shop-middle' (appId"), f?.message);
		assert.match(f?.fix ?? '', /allowedMemberTypes Application/);
		assert.equal(find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope: 'api://shop-middle/.default' }), ctx), 'default-no-app-roles'), undefined);
		assert.equal(find(run(ms(TENANT, { ...cc, scope: 'https://orders.contoso.com/.default' }), ctx), 'default-no-app-roles'), undefined, 'the API has a role');
	});
	it('a scope the workspace API exposes is found among several; the App ID URI with a trailing slash and api://{appId} name the same API', () => {
		const send = (scope: string) => find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope }), ctx), 'AADSTS65005');
		assert.equal(send('https://orders.contoso.com/Orders.Write'), undefined);
		const nope = send('https://orders.contoso.com/Nope');
		assert.equal(nope?.severity, 'error');
		assert.ok(nope?.message.endsWith("exposes no scope 'Nope'; it exposes 'Orders.Read', 'Orders.Write'."), nope?.message);
		assert.equal(nope?.fix, "Ask for one of https://orders.contoso.com/Orders.Read, https://orders.contoso.com/Orders.Write, or add 'Nope' under Expose an API (api.oauth2PermissionScopes).");
		const byAppId = send(`api://${ORDERS.toUpperCase()}/Nope`);
		assert.ok(byAppId?.message.startsWith("'orders-api' (appId"), byAppId?.message);
	});
	it('a scope in another case is named; an app role asked as a scope is an error with the /.default fix', () => {
		const send = (scope: string, c = ctx) => find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope }), c), 'AADSTS65005');
		assert.ok(send('https://orders.contoso.com/orders.read')?.message.includes("(it has 'Orders.Read', different case)"));
		assert.ok(!send('https://orders.contoso.com/Nope')?.message.includes('different case'));
		const role = send('https://orders.contoso.com/Orders.Admin');
		assert.equal(role?.severity, 'error');
		assert.ok(role?.message.startsWith("'Orders.Admin' is an app role of 'orders-api'"), role?.message);
		assert.equal(role?.fix, 'Ask for https://orders.contoso.com/.default with client credentials, or expose a delegated scope for user flows.');
		const noScopes = ctxOf({ web: manifests.web, roles: { appId: CLIENT, displayName: 'roles-only', identifierUris: ['api://roles-only'], appRoles: [{ id: '4f5a6b7c-8d9e-4f0a-9b1c-3d4e5f6a7b8c', value: 'Jobs.Run', allowedMemberTypes: ['Application'], isEnabled: true }] } });
		const roleOnly = send('api://roles-only/Jobs.Run', noScopes);
		assert.equal(roleOnly?.severity, 'error', 'a role, even on an API without scopes');
		const missing = send('api://roles-only/Other', noScopes);
		assert.equal(missing?.severity, 'warning');
		assert.ok(missing?.message.endsWith("exposes no scope 'Other'; it exposes no scopes."), missing?.message);
		assert.equal(missing?.fix, "Add 'Other' under Expose an API (api.oauth2PermissionScopes) of roles.json.");
	});
});

describe('request rules (mutation 2): /.default after a scope name', () => {
	const dflt = (scope: string, c: DiagnoseContext = ctx) => run(ms(TENANT, { ...cc, scope }), c);
	it('certain for a Microsoft resource and for api://GUID: AADSTS500011 with both fixes', () => {
		const f = find(dflt('https://graph.microsoft.com/User.Read/.default', bare), 'AADSTS500011');
		assert.ok(f?.message.includes("appends /.default to the scope name 'User.Read'"), f?.message);
		assert.equal(f?.fix, "Use 'https://graph.microsoft.com/.default' (client credentials: every granted app role), or 'https://graph.microsoft.com/User.Read' in a delegated flow.");
		assert.ok(find(dflt(`api://${CLIENT}/Orders.Read/.default`, bare), 'AADSTS500011'));
	});
	it('an unknown parent with workspace manifests: a warning, uncertain', () => {
		const f = find(dflt('https://contoso.com/Orders.Read/.default'), 'scope-default-on-scope-name');
		assert.equal(f?.severity, 'warning');
		assert.equal(f?.uncertain, true);
		assert.equal(find(dflt('https://contoso.com/Orders.Read/.default'), 'AADSTS500011'), undefined);
		assert.ok(find(dflt('https://contoso.com/orders/.default'), 'scope-default-on-scope-name'), 'with manifests, any last segment');
		assert.equal(find(dflt('https://contoso.com/orders/.default', bare), 'scope-default-on-scope-name'), undefined, 'without, only a name with . or _');
		assert.ok(find(dflt('https://contoso.com/orders_read/.default', bare), 'scope-default-on-scope-name'));
	});
	it('quiet for a plain App ID URI, an App ID URI with a path that a manifest registers, a resource without a scheme, an empty name', () => {
		const c = ctxOf({ ...manifests, pathApi: { appId: CLIENT, identifierUris: ['https://contoso.com/orders.api'] } });
		for (const s of ['api://unknown/.default', 'https://contoso.com/orders.api/.default', 'shop/Orders.Read/.default', 'api://shop-x//.default']) {
			const fs = dflt(s, c);
			assert.equal(find(fs, 'scope-default-on-scope-name'), undefined, s);
			assert.equal(find(fs, 'AADSTS500011'), undefined, s);
		}
	});
});

describe('request rules (mutation 2): the OBO user assertion', () => {
	const tok = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => decodeJwt(jwt(payload, header));
	const c = { context: ctx, now: NOW };
	const obo = (...args: Parameters<typeof oboAssertionFindings>) => wellFormed(oboAssertionFindings(...args));
	const summary = (fs: Finding[]) => find(fs, 'obo-assertion-summary')?.message ?? '';
	it('a Graph token: the aud shown, or "Graph" when only the header nonce tells', () => {
		assert.ok(find(obo(tok({ aud: 'https://graph.microsoft.com', scp: 'x' }), MIDDLE, c), 'AADSTS50013')?.message.includes('(aud https://graph.microsoft.com).'));
		assert.ok(find(obo(tok({ scp: 'x' }, { alg: 'RS256', nonce: 'n' }), MIDDLE, c), 'AADSTS50013')?.message.includes('(aud Graph, with a header nonce).'));
	});
	it('an ID token issued to an app outside the workspace: named by aud alone', () => {
		const f = find(obo(tok({ aud: CLIENT, nonce: 'n' }), MIDDLE, c), 'AADSTS50013');
		assert.ok(f?.message.includes(`issued to ${CLIENT}; On-Behalf-Of`), f?.message);
	});
	it('a nonce claim with scp or roles is an access token, not an ID token', () => {
		assert.match(summary(obo(tok({ aud: 'api://shop-middle', nonce: 'n', scp: 'access_as_user' }), MIDDLE, c)), /delegated token/);
		assert.match(summary(obo(tok({ aud: 'api://shop-middle', nonce: 'n', roles: ['r'] }), MIDDLE, c)), /app-only token/);
	});
	it('another audience: the accepted audiences listed, the v2 note, no version without ver; the fix for a middle tier without App ID URI', () => {
		const f = find(obo(tok({ aud: WEB, scp: 'x' }), MIDDLE, c), 'AADSTS50013');
		assert.ok(f?.message.includes(`whose token audiences are ${MIDDLE}, api://${MIDDLE}, api://shop-middle.`), f?.message);
		assert.ok(f?.message.endsWith('api://shop-middle.'), 'no version said without ver');
		const plain = ctxOf({ m: { appId: CLIENT, displayName: 'plain' } });
		const p = find(obo(tok({ aud: WEB, scp: 'x' }), CLIENT, { context: plain }), 'AADSTS50013');
		assert.ok(p?.fix.includes(`(scope api://${CLIENT}/<scope>)`), p?.fix);
	});
	it('without a middle tier in the workspace: an audience is judged only against a client ID', () => {
		assert.equal(find(obo(tok({ aud: 'api://elsewhere', scp: 'x' }), undefined), 'AADSTS50013'), undefined);
		assert.equal(find(obo(tok({ aud: CLIENT.toUpperCase(), scp: 'x' }), CLIENT), 'AADSTS50013'), undefined);
	});
	it('app-only: idtyp app alone; roles without scp and without user claims; a token with no roles is not', () => {
		const appOnly = (p: Record<string, unknown>) => all(obo(tok({ aud: 'api://shop-middle', ...p }), MIDDLE, c), 'AADSTS50013').some((f) => f.message.includes('app-only token'));
		assert.ok(appOnly({ idtyp: 'app' }));
		assert.match(summary(obo(tok({ aud: 'api://shop-middle', idtyp: 'app' }), MIDDLE, c)), /app-only token/);
		assert.equal(appOnly({}), false);
		assert.equal(appOnly({ roles: ['r'], scp: 'access_as_user' }), false);
		assert.equal(appOnly({ roles: ['r'], preferred_username: 'a@b' }), false);
		assert.match(summary(obo(tok({ aud: 'api://shop-middle', roles: ['r'], scp: 'access_as_user' }), MIDDLE, c)), /delegated token/);
	});
	it('expiry: exactly now is not expired; 300 s ago is still a warning; the time shown is exp; a text exp is not read', () => {
		const exp = (e: unknown) => find(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', exp: e }), MIDDLE, c), 'AADSTS500133');
		assert.equal(exp(NOW_S), undefined);
		const at300 = exp(NOW_S - 300);
		assert.equal(at300?.severity, 'warning');
		assert.ok(at300?.message.startsWith('The assertion expired at 2026-11-22T11:55:00.000Z (5 minutes before 2026-11-22T12:00:00.000Z)'), at300?.message);
		assert.equal(exp(NOW_S - 301)?.severity, 'error');
		assert.equal(exp(String(NOW_S - 3600)), undefined);
	});
	it('scp against the exposed scopes: all listed; only for the middle tier\'s own audience (api://{appId} too); not for a middle tier without scopes', () => {
		const two = ctxOf({ m: { appId: MIDDLE, displayName: 'm2', identifierUris: ['api://m2'], api: { oauth2PermissionScopes: [{ id: '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', value: 'a', isEnabled: true }, { id: '2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b', value: 'b', isEnabled: true }] } } });
		const f = find(obo(tok({ aud: 'api://m2', scp: 'z' }), MIDDLE, { context: two }), 'obo-assertion-scope-not-exposed');
		assert.ok(f?.message.endsWith("exposes (a, b)."), f?.message);
		assert.ok(find(obo(tok({ aud: `api://${MIDDLE}`, scp: 'z' }), MIDDLE, { context: two }), 'obo-assertion-scope-not-exposed'));
		assert.equal(find(obo(tok({ aud: WEB, scp: 'z' }), MIDDLE, { context: two }), 'obo-assertion-scope-not-exposed'), undefined);
		const none = ctxOf({ m: { appId: MIDDLE, identifierUris: ['api://m3'] } });
		assert.equal(find(obo(tok({ aud: 'api://m3', scp: 'z' }), MIDDLE, { context: none }), 'obo-assertion-scope-not-exposed'), undefined);
	});
	it('tenant mismatch: uncertain; the same tenant in other case and a token without tid are quiet', () => {
		const m = find(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', tid: TENANT }), MIDDLE, { ...c, tenant: WEB }), 'obo-tenant-mismatch');
		assert.equal(m?.uncertain, true);
		assert.equal(m?.severity, 'warning');
		assert.equal(find(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', tid: TENANT.toUpperCase() }), MIDDLE, { ...c, tenant: TENANT }), 'obo-tenant-mismatch'), undefined);
		assert.equal(find(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', tid: TENANT }), MIDDLE, { ...c, tenant: TENANT.toUpperCase() }), 'obo-tenant-mismatch'), undefined);
		assert.equal(find(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user' }), MIDDLE, { ...c, tenant: TENANT }), 'obo-tenant-mismatch'), undefined);
	});
	it('the summary: a v1 appid as the client, an unknown client without a name, a ver that is not text left out', () => {
		assert.ok(summary(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', appid: WEB }), MIDDLE, c)).includes(`, issued to the client ${WEB} = 'shop-web'`));
		const s = summary(obo(tok({ aud: 'api://shop-middle', scp: 'access_as_user', azp: CLIENT, ver: 2 }), MIDDLE, c));
		assert.ok(s.startsWith('The assertion is a delegated token for api://shop-middle, issued to the client'), s);
		assert.ok(s.includes(`issued to the client ${CLIENT}, scp`), s);
	});
});

describe('request rules (mutation 2): the client assertion in a request', () => {
	const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
	const signed = (iss: string, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) => jwt({ iss, sub: iss, aud: TOKEN_URL, exp: NOW_S + 300, nbf: NOW_S - 10, jti: 'j' }, header);
	const send = (clientId: string, assertion: string) => `curl -X POST ${TOKEN_URL} -d 'grant_type=client_credentials&client_id=${clientId}&client_assertion_type=${encodeURIComponent(ASSERTION_TYPE)}&client_assertion=${assertion}&scope=${encodeURIComponent(GRAPH)}'`;
	it('a self-signed assertion goes through the header and claim rules, against the request\'s client_id', () => {
		const fs = run(send(CLIENT, signed(WEB)));
		assert.ok(find(fs, 'AADSTS5002723'), 'no x5t in the header');
		assert.ok(fs.some((f) => f.code === 'AADSTS700021' && f.message === `iss '${WEB}' is not the request's client_id '${CLIENT}'.`), fs.map((f) => f.message).join('\n'));
		assert.deepEqual(all(run(send(CLIENT, signed(CLIENT))), 'AADSTS700021'), []);
	});
	it('a client_id left open (a variable) is not compared with iss (a bug: it was reported as a mismatch)', () => {
		const fs = run(send('$CLIENT_ID', signed(CLIENT, { alg: 'RS256', typ: 'JWT', x5t: 'abc' })));
		assert.deepEqual(all(fs, 'AADSTS700021'), []);
		assert.ok(find(fs, 'request-unresolved-values')?.message.includes('client_id ($CLIENT_ID)'));
	});
	it('the app whose live keys are looked for: client_id when known, else the assertion\'s iss', () => {
		const header = { alg: 'RS256', typ: 'JWT', x5t: Buffer.alloc(20, 1).toString('base64url') };
		const known: DiagnoseContext = { now: NOW, liveKeys: [], liveWanted: new Set() };
		run(send(CLIENT.toUpperCase(), signed(WEB, header)), known);
		assert.deepEqual([...known.liveWanted!], [CLIENT]);
		const open: DiagnoseContext = { now: NOW, liveKeys: [], liveWanted: new Set() };
		run(send('$CLIENT_ID', signed(WEB, header)), open);
		assert.deepEqual([...open.liveWanted!], [WEB]);
	});
	it('a federated client assertion (workload identity) is described by its iss, sub and aud', () => {
		const token = jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/app:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', exp: NOW_S + 300 });
		const f = find(req({ params: { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: ASSERTION_TYPE, client_assertion: token, scope: GRAPH }, credentials: ['federated'] }), 'request-federated-assertion');
		assert.equal(f?.severity, 'info');
		assert.ok(f?.message.includes('(iss https://token.actions.githubusercontent.com, sub repo:contoso/app:ref:refs/heads/main, aud "api://AzureADTokenExchange")'), f?.message);
	});
});

describe('request rules (mutation 2): values with spaces around them', () => {
	it('a client_id and a secret ID with spaces around them (as a configuration may hold them) are read trimmed', () => {
		const fs = req({ params: { grant_type: 'client_credentials', client_id: ` ${WEB} `, client_secret: 's~x', scope: GRAPH } }, ctx);
		assert.equal(find(fs, 'AADSTS700016'), undefined);
		assert.equal(find(fs, 'client-id-not-in-workspace'), undefined);
		const KEY = '8a9b0c1d-2e3f-4a5b-8c6d-7e8f9a0b1c2d';
		const c = ctxOf({ web: { ...(manifests.web as object), passwordCredentials: [{ keyId: KEY }] } });
		const f = find(req({ params: { grant_type: 'client_credentials', client_id: WEB, client_secret: ` ${KEY} `, scope: GRAPH } }, c), 'AADSTS7000215');
		assert.ok(f?.message.includes('lists it under passwordCredentials'), f?.message);
	});
});

describe('request rules (mutation 2): more edges', () => {
	it('workspaceApps: an object ID or a name that is not text is left out', () => {
		const [a] = workspaceApps({ manifests: [{ label: 'n.json', text: JSON.stringify({ appId: WEB, id: 5, objectId: 6, displayName: 7, name: 8 }) }] });
		assert.equal(a.objectId, undefined);
		assert.equal(a.displayName, undefined);
	});
	it('App ID URIs registered with a doubled slash or a stray space still name their API', () => {
		const c = ctxOf({ web: manifests.web, dbl: { appId: CLIENT, displayName: 'dbl', identifierUris: ['api://double//'] }, sp: { appId: ORDERS, displayName: 'sp', identifierUris: ['api://spaced '] } });
		const send = (scope: string) => find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc', scope }), c), 'AADSTS65005');
		assert.ok(send('api://double/Nope')?.message.startsWith("'dbl' (appId"));
		assert.ok(send('api://spaced/Nope')?.message.startsWith("'sp' (appId"));
	});
	it('the registered side of a redirect difference: no port for a custom scheme, no path', () => {
		const c = ctxOf({ app: { appId: WEB, web: { redirectUris: ['msauth://shop.example.com/signin-oidc'] } } });
		const f = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/signin-oidc' }), c), 'redirect-uri-not-registered');
		assert.ok(f?.message.includes('(scheme https vs msauth, port 443 vs (none))'), f?.message);
		const d = ctxOf({ app: { appId: WEB, web: { redirectUris: ['https://shop.example.com', 'https://zzzzzzzz.example.net'] } } });
		const slash = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/' }), d), 'redirect-uri-not-registered');
		assert.ok(slash?.message.includes('(trailing slash (/ vs (none)))'), slash?.message);
		const path = find(run(code({ client_id: WEB, client_secret: 's~x', redirect_uri: 'https://shop.example.com/cb' }), d), 'redirect-uri-not-registered');
		assert.ok(path?.message.includes('(path /cb vs /)'), path?.message);
	});
	it('an open thumbprint is neither measured nor called malformed', () => {
		const fs = req({ format: 'powershell', tool: 'Connect-MgGraph', params: { client_id: CLIENT }, thumbprint: '$thumb', thumbprintKind: 'sha1', unresolved: ['thumbprint'] });
		assert.deepEqual(codes(fs).filter((c) => c.startsWith('thumbprint-') && c !== 'thumbprint-store-lookup'), []);
		assert.ok(find(fs, 'thumbprint-store-lookup'));
	});
	it('scope values with spaces around them (as a configuration may hold them)', () => {
		assert.equal(find(req({ params: { ...cc, scope: '  ' } }), 'AADSTS70011')?.message, 'Client credentials without a scope.');
		assert.deepEqual(all(req({ params: { ...cc, scope: ` ${GRAPH} ` } }), 'AADSTS70011'), []);
	});
	it('an unknown grant type is not judged as a delegated flow', () => {
		assert.deepEqual(all(req({ params: { grant_type: 'authorisation_code', client_id: WEB, scope: 'https://graph.microsoft.com' } }), 'AADSTS70011'), []);
	});
	it('/.default after a name: certain only when the parent API has that name, or is api://{GUID} exactly', () => {
		const other = run(ms(TENANT, { ...cc, scope: 'api://shop-middle/Other/.default' }), ctx);
		assert.equal(find(other, 'AADSTS500011'), undefined);
		assert.ok(find(other, 'scope-default-on-scope-name'));
		const dev = run(ms(TENANT, { ...cc, scope: `api://${CLIENT}-dev/Orders.Read/.default` }));
		assert.equal(find(dev, 'AADSTS500011'), undefined);
		assert.ok(find(dev, 'scope-default-on-scope-name'));
	});
	it('OBO summary: an appid that is not text is not shown; a nonce with roles is not an ID token', () => {
		const tok = (payload: Record<string, unknown>) => decodeJwt(jwt(payload));
		const s = find(wellFormed(oboAssertionFindings(tok({ aud: 'api://shop-middle', scp: 'access_as_user', appid: 5 }), MIDDLE, { context: ctx })), 'obo-assertion-summary');
		assert.ok(!s?.message.includes('issued to'), s?.message);
		const fs = wellFormed(oboAssertionFindings(tok({ aud: 'api://shop-middle', nonce: 'n', roles: ['r'] }), MIDDLE, { context: ctx }));
		assert.ok(!fs.some((f) => f.message.includes('is an ID token')));
	});
});
const codes = (fs: Finding[]) => fs.map((f) => f.code);
