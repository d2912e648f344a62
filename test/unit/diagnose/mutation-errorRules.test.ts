/**
 * Error rules, branch by branch: how each code is explained from the catalog (one cause, several, a variant the text
 * names, an uncatalogued code), and what each field of an error says against the workspace: the client ID, the
 * resource, the scope, a certificate path sent as a secret, an http redirect URI, a B2C policy on a non-B2C host,
 * the thumbprint Entra reports in each of its shapes, and the error's own timestamp as Entra's clock.
 * Examples are picked from the catalog data by their shape, not by code; certificates are made by openssl.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import type { Finding } from '../../../src/core/findings';
import type { ParsedErrorResponse } from '../../../src/core/diagnose';
import { catalog as catalogMap } from '../../../src/core/diagnose/catalog';
import phrasesFile from '../../../src/core/diagnose/catalog/phrases.json';

const catalog = () => [...catalogMap().values()];
import { codeFindings, codesFromPhrases, discoveryNote, errorFindings, manifestApps, primaryOrder } from '../../../src/core/diagnose/errorRules';
import { makeCert, type TestCert } from '../jwt/keys';

const APP = randomUUID();
const TENANT = randomUUID();
const now = new Date('2026-05-01T12:00:00Z');
const err = (text: string, extra: Record<string, unknown> = {}): ParsedErrorResponse => ({ codes: [...new Set([...text.matchAll(/AADSTS(\d+)/g)].map((m) => m[1]))], text, ...extra }) as ParsedErrorResponse;
const run = (text: string, extra: Record<string, unknown> = {}, ctx: Record<string, unknown> = {}) => errorFindings(err(text, extra), { now, ...ctx });
const byCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const one = (fs: Finding[], code: string) => {
	const got = byCode(fs, code);
	assert.equal(got.length, 1, `${code} in ${fs.map((f) => f.code).join(', ')}`);
	return got[0];
};
const none = (fs: Finding[], code: string) => assert.equal(byCode(fs, code).length, 0, `no ${code} in ${fs.map((f) => f.code).join(', ')}`);
const sha1hex = (b: Uint8Array) => createHash('sha1').update(b).digest('hex').toUpperCase();
const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex').toUpperCase();

describe('diagnose error rules: each branch', function () {
	this.timeout(60000);

	describe('codes from the catalog', () => {
		it('a wrapper code goes after the specific codes; wrappers alone keep their order', () => {
			assert.deepEqual(primaryOrder(['70002', '50012']), ['50012', '70002']);
			assert.deepEqual(primaryOrder(['50012', '70002', '700027']), ['50012', '700027', '70002']);
			assert.deepEqual(primaryOrder(['70002']), ['70002']);
			assert.deepEqual(primaryOrder([]), []);
		});

		it("a message quoted with other spacing or case still names its code; unrelated text names none", () => {
			// Entra's own fragments (phrases.json), quoted with other line breaks and letter case
			for (const [code, list] of Object.entries((phrasesFile as { phrases: Record<string, string[]> }).phrases)) {
				const spaced = list[0].toUpperCase().split(' ').join(' \n\t ');
				assert.ok(codesFromPhrases(`He said: "${spaced}"`).includes(code), spaced);
			}
			assert.deepEqual(codesFromPhrases('The weather was fine and the build passed.'), []);
		});

		it('an uncatalogued code points to Microsoft\'s lookup page for that code', () => {
			const f = codeFindings(err('AADSTS99999991: something new'));
			assert.equal(f.length, 1);
			assert.equal(f[0].severity, 'info');
			assert.equal(f[0].code, 'AADSTS99999991');
			assert.match(f[0].message, /not in the kit's catalog/);
			assert.match(f[0].fix, /https:\/\/login\.microsoftonline\.com\/error\?code=99999991/);
		});

		it('one cause is "the usual cause"; several are numbered; the entry says where to look unless a variant decided', () => {
			const single = catalog().find((e) => e.causes.length === 1 && e.check && !e.uncertain);
			const multi = catalog().find((e) => e.causes.length > 2 && e.check && !e.uncertain);
			assert.ok(single && multi);
			const s = codeFindings(err(`AADSTS${single.code}: x`))[0];
			assert.equal(s.severity, 'error');
			assert.match(s.message, /The usual cause: /);
			assert.ok(s.message.includes(single.causes[0]));
			assert.ok(!s.message.includes('(1)'));
			assert.ok(s.message.startsWith(`AADSTS${single.code}${single.name ? ` ${single.name}` : ''}: ${single.title}. ${single.meaning}`));
			assert.ok(s.fix.startsWith(single.fix));
			assert.ok(s.fix.includes(` Where to look: ${single.check}`));
			assert.deepEqual(s.sources, single.sources);
			assert.equal(s.uncertain, undefined);
			const m = codeFindings(err(`AADSTS${multi.code}: x`))[0];
			assert.match(m.message, /The causes seen in practice, most common first: \(1\) /);
			assert.ok(m.message.includes(`(2) ${multi.causes[1]}`));
			assert.ok(m.message.includes(`(${multi.causes.length}) ${multi.causes[multi.causes.length - 1]}`));
		});

		it('a code whose text names its cause gives that cause and its fix, without the list', () => {
			const f = codeFindings(err('AADSTS50012: Client assertion is not within its valid time range. Current time: x'))[0];
			assert.match(f.message, /The error's own text points to the cause: /);
			assert.doesNotMatch(f.message, /\(1\)/);
			assert.doesNotMatch(f.fix, /Where to look/);
		});

		it('the description, when there is one, is what names the variant', () => {
			const f = codeFindings({ ...err('AADSTS50012: Authentication failed.'), errorDescription: 'AADSTS50012: Client assertion is not within its valid time range.' })[0];
			assert.match(f.message, /own text points to the cause/);
		});

		it('an entry the sources disagree on says so and is marked uncertain', () => {
			const u = catalog().find((e) => e.uncertain);
			if (!u) {
				return;
			}
			const f = codeFindings(err(`AADSTS${u.code}: x`))[0];
			assert.equal(f.uncertain, true);
			assert.ok(f.message.includes(` The sources disagree: ${u.uncertain}`));
		});

		it('only the first code is an error, the next ones warnings; a quoted message without code is announced', () => {
			const f = codeFindings(err('AADSTS700027: a. AADSTS50012: b.'));
			assert.deepEqual(f.map((x) => x.severity), ['error', 'warning']);
			const phrase = catalog().find((e) => codesFromPhrases(e.title).length > 0);
			if (phrase) {
				const inferred = codesFromPhrases(phrase.title);
				const q = codeFindings(err(`It said: ${phrase.title}`));
				assert.equal(q[0].code, 'code-from-message');
				assert.equal(q[0].severity, 'info');
				assert.ok(q[0].message.includes(inferred.map((c) => `AADSTS${c}`).join(', ')));
				assert.deepEqual(q.slice(1).map((x) => x.code), inferred.map((c) => `AADSTS${c}`));
			}
			assert.deepEqual(codeFindings(err('nothing Entra would say')), []);
		});
	});

	describe('what the text around the code says', () => {
		it('an RSA key below 2048 bits names its size', () => {
			const sized = (t: string) => run(t).filter((x) => x.code === 'AADSTS700027' && /RSA key has/.test(x.message));
			const f = sized('AADSTS700027: Client assertion failed. RSA key size 1024 is less than 2048.');
			assert.equal(f.length, 1);
			assert.equal(f[0].severity, 'error');
			assert.match(f[0].message, /has 1024 bits/);
			assert.deepEqual(sized('AADSTS700027: Client assertion failed signature validation.'), []);
		});

		it('an empty reported thumbprint, plain or JSON-escaped, says the header named no certificate', () => {
			for (const t of ["Thumbprint of key used by client: ''", 'Thumbprint of key used by client: ""', '"error_description":"AADSTS700027: Thumbprint of key used by client: \\"\\""']) {
				assert.equal(one(run(`AADSTS700027: failed. ${t}`), 'thumbprint-empty').severity, 'error', t);
			}
			none(run("AADSTS700027: failed. Thumbprint of key used by client: 'AB12'"), 'thumbprint-empty');
		});

		it('discovery keys and jwks are explained: they never list client certificates', () => {
			for (const t of ['GET https://login.microsoftonline.com/x/discovery/v2.0/keys', 'GET /common/discovery/keys', 'the JWKS did not have it']) {
				const out: Finding[] = [];
				discoveryNote(t, out);
				assert.equal(out.length, 1, t);
				assert.equal(out[0].severity, 'info');
			}
			const out: Finding[] = [];
			discoveryNote('discovery of keys in the house', out);
			assert.deepEqual(out, []);
		});
	});

	describe('order and stated times', () => {
		it("the artifact's own errors come first, then each code explained, then the information", () => {
			const manifests = [{ label: 'web.json', text: JSON.stringify({ appId: APP, displayName: 'orders-web' }) }];
			const fs = run('AADSTS700016: Application not found.', { appId: TENANT, tenant: TENANT }, { manifests });
			const at = (code: string) => fs.findIndex((f) => f.code === code);
			assert.ok(at('client-id-is-tenant-id') >= 0 && at('AADSTS700016') >= 0 && at('app-not-in-workspace') >= 0, fs.map((f) => f.code).join(','));
			assert.ok(at('client-id-is-tenant-id') < at('AADSTS700016'));
			assert.ok(at('AADSTS700016') < at('app-not-in-workspace'));
		});

		it("the times an error states are read against each other", () => {
			const times = { current: new Date('2026-03-01T10:00:00Z'), validFrom: new Date('2026-03-01T11:00:00Z'), expiry: new Date('2026-03-01T11:10:00Z') };
			assert.match(one(run('AADSTS700024: Client assertion is not within its valid time range.', { times }), 'assertion-clock-ahead').message, /1 hour/);
		});

		it('a sign-in host is the first login. host of a known cloud, not any login. host', () => {
			none(run('AADSTS90002: x. Redirected from https://login.contoso.com/ to https://login.microsoftonline.us/contoso.onmicrosoft.us/', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
		});
	});

	describe('the client ID', () => {
		it('masked by CI: information, not a malformed ID', () => {
			for (const appId of ['***', 'c3***9a']) {
				const fs = run('AADSTS700016: Application not found.', { appId });
				assert.equal(one(fs, 'value-masked').severity, 'info');
				none(fs, 'client-id-not-guid');
			}
		});

		it('not a GUID: an error, called a placeholder only when it reads like one', () => {
			const plain = one(run('AADSTS700016: x', { appId: 'orders-web' }), 'client-id-not-guid');
			assert.equal(plain.severity, 'error');
			assert.match(plain.message, /'orders-web', is not a GUID\. /);
			assert.doesNotMatch(plain.message, /placeholder/);
			for (const appId of ['your-client-id', 'Enter_the_Application_Id_Here', '<client-id>', '{clientId}', '$(ClientId)', '%CLIENT_ID%', 'xxxxxxxx', 'TODO']) {
				assert.match(one(run('AADSTS700016: x', { appId }), 'client-id-not-guid').message, /placeholder/, appId);
			}
			none(run('AADSTS700016: x', { appId: APP }), 'client-id-not-guid');
		});

		it('the tenant ID sent as client ID, in any case', () => {
			const f = one(run('AADSTS700016: x', { appId: TENANT.toUpperCase(), tenant: TENANT }), 'client-id-is-tenant-id');
			assert.equal(f.severity, 'error');
			none(run('AADSTS700016: x', { appId: APP, tenant: TENANT }), 'client-id-is-tenant-id');
		});

		it('the app is looked up in the manifests (case-insensitively), naming its display name or listing the others', () => {
			const manifests = [
				{ label: 'web.json', text: JSON.stringify({ appId: APP.toUpperCase(), displayName: 'orders-web' }) },
				{ label: 'noname.json', text: `\uFEFF${JSON.stringify({ appId: TENANT })}` },
				{ label: 'array.json', text: '[]' },
				{ label: 'numeric.json', text: '{ "appId": 42 }' },
			];
			assert.deepEqual(manifestApps({ manifests }), [
				{ label: 'web.json', appId: APP.toUpperCase(), displayName: 'orders-web' },
				{ label: 'noname.json', appId: TENANT, displayName: undefined },
			]);
			const hit = one(run('AADSTS700027: x', { appId: APP }, { manifests }), 'app-in-workspace');
			assert.equal(hit.severity, 'info');
			assert.match(hit.message, /is "orders-web" in web\.json/);
			const bare = one(run('AADSTS700027: x', { appId: TENANT }, { manifests }), 'app-in-workspace');
			assert.match(bare.message, new RegExp(`${TENANT}, is in noname\\.json`));
			const other = randomUUID();
			const miss = one(run('AADSTS700027: x', { appId: other }, { manifests }), 'app-not-in-workspace');
			assert.equal(miss.severity, 'warning');
			assert.ok(miss.message.includes(`(${APP.toUpperCase()} "orders-web", ${TENANT})`), miss.message);
			none(run('AADSTS700027: x', { appId: other }), 'app-not-in-workspace');
			none(run('AADSTS700027: x', { appId: 'not-a-guid' }, { manifests }), 'app-not-in-workspace');
		});
	});

	describe('the resource', () => {
		it('a scheme with nothing after it is an empty App ID URI', () => {
			for (const resource of ['api://', 'https://', 'api:///', ' api:// ']) {
				const fs = run('AADSTS500011: x', { resource });
				assert.equal(one(fs, 'resource-empty').severity, 'error', resource);
				none(fs, 'resource-malformed');
			}
			none(run('AADSTS500011: x', { resource: 'api://orders' }), 'resource-empty');
		});

		it('a doubled scheme or doubled slashes are named, with the URI written once', () => {
			const scheme = one(run('AADSTS500011: x', { resource: 'https://https://graph.microsoft.com' }), 'resource-malformed');
			assert.match(scheme.message, /the scheme is doubled/);
			assert.match(scheme.fix, /'https:\/\/graph\.microsoft\.com'/);
			const slashes = one(run('AADSTS500011: x', { resource: 'https://vault.azure.net//keys' }), 'resource-malformed');
			assert.match(slashes.message, /doubled slashes/);
			assert.match(slashes.fix, /'https:\/\/vault\.azure\.net\/keys'/);
			const trailing = one(run('AADSTS500011: x', { resource: 'api://orders//' }), 'resource-malformed');
			assert.match(trailing.fix, /'https:\/\/orders'|'api:\/\/orders'/);
			for (const ok of ['https://graph.microsoft.com', 'https://graph.microsoft.com/', 'api://orders/access']) {
				none(run('AADSTS500011: x', { resource: ok }), 'resource-malformed');
			}
		});

		it("AADSTS65005's lists: a requested resource outside the registration's list is named", () => {
			const graph = '00000003-0000-0000-c000-000000000000';
			const other = randomUUID();
			const text = (req: string, list: string) => `AADSTS650057: Invalid resource. Resource app ID: ${req}. List of valid resources from app registration: ${list}.`;
			const f = one(run(text(other, graph)), 'resource-not-in-required-permissions');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /only Microsoft Graph \(00000003/);
			assert.match(f.fix, /has permissions for \(Microsoft Graph/);
			const two = one(run(text(other, `${graph}, ${randomUUID()}`)), 'resource-not-in-required-permissions');
			assert.doesNotMatch(two.fix, /has permissions for \(/);
			none(run(text(graph.toUpperCase(), `${randomUUID()} , ${graph}`)), 'resource-not-in-required-permissions');
			none(run(`AADSTS650057: Resource app ID: ${other}.`), 'resource-not-in-required-permissions');
		});
	});

	describe('national clouds', () => {
		it('a tenant domain of another cloud than the sign-in host, with the right host and resources', () => {
			const f = one(run('AADSTS90002: Tenant not found. POST https://login.microsoftonline.com/contoso.onmicrosoft.us/oauth2/v2.0/token', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /'contoso\.onmicrosoft\.us' is an? Azure US Government tenant \(its domain ends in \.onmicrosoft\.us\), but the request went to login\.microsoftonline\.com;/);
			assert.match(f.fix, /^Sign in at https:\/\/login\.microsoftonline\.us\/contoso\.onmicrosoft\.us\/ and use that cloud's resources \(Graph https:\/\/graph\.microsoft\.us, Azure Resource Manager https:\/\/management\.usgovcloudapi\.net\)\.$/);
			const noHost = one(run('AADSTS90002: Tenant not found.', { tenant: 'contoso.onmschina.cn' }), 'tenant-in-other-cloud');
			assert.match(noHost.message, /went to a sign-in host of another cloud/);
			none(run('AADSTS90002: x https://login.microsoftonline.us/contoso.onmicrosoft.us/', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
			none(run('AADSTS90002: x https://login.microsoftonline.com/contoso.onmicrosoft.com/', { tenant: 'contoso.onmicrosoft.com' }), 'tenant-in-other-cloud');
			none(run('AADSTS700027: x https://login.microsoftonline.com/', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
		});

		it('every code that can come from a cloud mix-up gets the check; others do not', () => {
			for (const code of ['90002', '900382', '900384', '500011', '700016', '90033', '50049', '70011']) {
				assert.equal(one(run(`AADSTS${code}: x https://login.microsoftonline.com/`, { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud').severity, 'error', code);
			}
			none(run('AADSTS7000215: x https://login.microsoftonline.com/', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
		});

		it('the tool decides the step: az cloud set for the Azure CLI, -Environment for PowerShell', () => {
			const cli = one(run('ERROR: AADSTS90002: x. az login --service-principal https://login.microsoftonline.com/', { tenant: 'contoso.onmschina.cn' }), 'tenant-in-other-cloud');
			assert.match(cli.fix, / With the Azure CLI, select the cloud first: az cloud set --name AzureChinaCloud \(azure\/login: environment: AzureChinaCloud\)\.$/);
			const ps = one(run('Connect-AzAccount: AADSTS90002: x https://login.microsoftonline.com/', { tenant: 'contoso.onmschina.cn' }), 'tenant-in-other-cloud');
			assert.match(ps.fix, /Connect-AzAccount -Environment AzureChinaCloud \(Connect-MgGraph -Environment China\)\.$/);
			const usgov = one(run('Connect-MgGraph: AADSTS90002: x https://login.microsoftonline.com/', { tenant: 'contoso.onmicrosoft.us' }), 'tenant-in-other-cloud');
			assert.match(usgov.fix, /Connect-MgGraph -Environment USGov\)/);
		});

		it("a scope of one cloud's resource sent to another cloud's host", () => {
			const f = one(run('AADSTS500011: x https://login.microsoftonline.com/t/oauth2/v2.0/token', { scope: 'https://graph.microsoft.us/.default' }), 'scope-of-other-cloud');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /resource of the Azure US Government cloud \(scope 'https:\/\/graph\.microsoft\.us\/\.default'\), but the request went to login\.microsoftonline\.com \(Global \(Azure public cloud\)\)/);
			assert.match(f.fix, /https:\/\/login\.microsoftonline\.us\/\{tenant\}\/ for this scope \(or the same resource of the other cloud: https:\/\/graph\.microsoft\.com\)/);
			none(run('AADSTS500011: x https://login.microsoftonline.us/t/oauth2/v2.0/token', { scope: 'https://graph.microsoft.us/.default' }), 'scope-of-other-cloud');
			const inText = one(run('AADSTS500011: x Scopes: https://management.chinacloudapi.cn/.default login.microsoftonline.com'), 'scope-of-other-cloud');
			assert.doesNotMatch(inText.message, /\(scope '/);
		});

		it("700016 in a national cloud for no app or Microsoft's own client app", () => {
			const f = one(run('AADSTS700016: Application not found in the directory. We use Azure Government.'), 'first-party-client-not-in-cloud');
			assert.match(f.message, /^The text is about Azure US Government, and the app was not found there/);
			assert.match(f.fix, /-Environment USGov\)/);
			const china = one(run('AADSTS700016: Application not found. Mooncake tenant.'), 'first-party-client-not-in-cloud');
			assert.match(china.fix, /-Environment China\)/);
			none(run('AADSTS700016: Application not found. Azure Government.', { appId: APP }), 'first-party-client-not-in-cloud');
			none(run('AADSTS700016: Application not found.'), 'first-party-client-not-in-cloud');
		});

		it("500011 for a first-party resource names it and the other clouds' same resource", () => {
			const f = one(run('AADSTS500011: The resource principal named https://management.azure.com was not found.', { resource: 'https://management.azure.com' }), 'resource-of-other-cloud');
			assert.match(f.message, /^'https:\/\/management\.azure\.com' is Azure Resource Manager of the Global \(Azure public cloud\) cloud.*another cloud \(Azure US Government or Azure China \(21Vianet\)\)/);
			assert.match(f.fix, /Azure US Government: https:\/\/management\.usgovcloudapi\.net\/\.default at login\.microsoftonline\.us; Azure China \(21Vianet\): https:\/\/management\.chinacloudapi\.cn\/\.default at login\.partner\.microsoftonline\.cn\.$/);
			assert.match(one(run('AADSTS500011: x', { resource: 'https://graph.microsoft.us' }), 'resource-of-other-cloud').message, /is Microsoft Graph of the Azure US Government cloud/);
			assert.match(one(run('AADSTS500011: x', { resource: 'https://vault.azure.cn' }), 'resource-of-other-cloud').message, /is Key Vault of the Azure China/);
			none(run('AADSTS7000215: x', { resource: 'https://management.azure.com' }), 'resource-of-other-cloud');
		});

		it('90002 / 900382: the tenant may live in another cloud; the step follows the tool', () => {
			const f = one(run('AADSTS90002: Tenant not found.'), 'check-tenant-cloud');
			assert.equal(f.severity, 'warning');
			assert.match(f.message, /another national cloud than login\.microsoftonline\.com \(Global \(Azure public cloud\)\)/);
			assert.match(f.fix, /sign in at login\.microsoftonline\.us or login\.partner\.microsoftonline\.cn accordingly\.$/);
			const us = one(run('AADSTS900382: x https://login.microsoftonline.us/t/'), 'check-tenant-cloud');
			assert.match(us.message, /than login\.microsoftonline\.us \(Azure US Government\)/);
			assert.match(us.fix, /sign in at login\.microsoftonline\.com or login\.partner\.microsoftonline\.cn/);
			const cli = one(run('AADSTS90002: Tenant not found. (az login)'), 'check-tenant-cloud');
			assert.match(cli.fix, / For example: With the Azure CLI, select the cloud first: az cloud set --name AzureUSGovernment .* \/ With the Azure CLI, select the cloud first: az cloud set --name AzureChinaCloud/);
			none(run('AADSTS700016: x'), 'check-tenant-cloud');
		});
	});

	describe('scopes built from an unresolved setting', () => {
		it('names a configuration key, not a plain word; GUIDs, URIs and OIDC scopes are fine', () => {
			for (const scope of ['ApiScope/.default', 'ResourceId/.default', '$(ApiId)/.default', '%API%/.default', '{api}/.default', 'API_ID/.default', 'ORDERS_URI/.default']) {
				const f = one(run('AADSTS500011: x', { scope }), 'scope-resource-unresolved');
				assert.match(f.message, /NAME of a configuration value/, scope);
			}
			const word = one(run('AADSTS500011: x', { scope: 'orders/.default' }), 'scope-resource-unresolved');
			assert.doesNotMatch(word.message, /NAME of a configuration/);
			assert.match(word.fix, /check the scope string/);
			for (const scope of [`${APP}/.default`, 'https://graph.microsoft.com/.default', 'openid/x', 'offline_access/y', 'api://orders/.default']) {
				none(run('AADSTS500011: x', { scope }), 'scope-resource-unresolved');
			}
			const inText = run('AADSTS500011: The resource principal named ApiResourceId/.default was not found.');
			assert.match(one(inText, 'scope-resource-unresolved').message, /'ApiResourceId'/);
			none(run('AADSTS500011: https://x.example/ApiId/.default was not found.'), 'scope-resource-unresolved');
		});
	});

	describe('a certificate path sent as a client secret', () => {
		it('a path after client_secret, --password or -p is named, for the secret codes only', () => {
			for (const [code, t, path] of [
				['7000215', 'client_secret=./certs/app.pem', './certs/app.pem'],
				['7000222', '"clientSecret": "C:\\certs\\app.pfx"', 'C:\\certs\\app.pfx'],
				['50012', 'az login --service-principal -u x --password /home/me/app.crt', '/home/me/app.crt'],
				['7000215', 'az login --service-principal -u x -p app.p12 --tenant t', 'app.p12'],
			]) {
				const f = one(run(`AADSTS${code}: Invalid client secret provided. ${t}`), 'secret-is-certificate-path');
				assert.equal(f.severity, 'error');
				assert.ok(f.message.startsWith(`'${path}' is a certificate file`), `${t}: ${f.message}`);
			}
			none(run('AADSTS700027: x. client_secret=./certs/app.pem'), 'secret-is-certificate-path');
			none(run('AADSTS7000215: x. client_secret=./certs/app.txt'), 'secret-is-certificate-path');
		});

		it("the Azure CLI's own note on certificates in --password is enough", () => {
			const f = one(run('AADSTS7000215: Invalid client secret provided. WARNING: The CLI no longer accepts certificate in --password.'), 'secret-is-certificate-path');
			assert.match(f.message, /^The tool says a certificate can no longer be passed/);
		});

		it('a secret error that only mentions a certificate file is a warning (not when 50012 leads)', () => {
			const f = one(run('AADSTS7000215: Invalid client secret provided. Loaded ~/keys/app.pem'), 'secret-error-with-certificate');
			assert.equal(f.severity, 'warning');
			assert.match(f.message, /\(~\/keys\/app\.pem\)/);
			none(run('AADSTS50012: Invalid client secret provided. Loaded ~/keys/app.pem'), 'secret-error-with-certificate');
			none(run('AADSTS7000215: Invalid client secret provided.'), 'secret-error-with-certificate');
			none(run('AADSTS7000215: Invalid client secret provided.'), 'secret-is-certificate-path');
		});
	});

	describe('redirect URIs behind a proxy', () => {
		it('http on a real host is named; loopback is not; a described https-to-http change is', () => {
			for (const uri of ['http://orders.contoso.com/signin-oidc', 'HTTP://10.0.0.4/cb', 'http://localhost.contoso.com/cb', 'http://127.0.0.10/cb']) {
				const f = one(run('AADSTS50011: The redirect URI does not match.', { redirectUri: uri }), 'redirect-uri-http-behind-proxy');
				assert.ok(f.message.includes(`'${uri}' with http on a real host`), uri);
			}
			for (const uri of ['http://localhost:5000/cb', 'http://localhost', 'http://127.0.0.1/cb', 'http://[::1]:8080/', 'https://orders.contoso.com/cb']) {
				none(run('AADSTS50011: The redirect URI does not match.', { redirectUri: uri }), 'redirect-uri-http-behind-proxy');
			}
			for (const t of ['the scheme changed from https to http', 'https gets rewritten to http by the gateway', 'https changed to http', 'https is turned into http', 'https getting replaced with http', 'it uses http instead of https']) {
				const f = one(run(`AADSTS50011: mismatch; ${t}`), 'redirect-uri-http-behind-proxy');
				assert.match(f.message, /^The redirect URI changed from https to http/);
			}
			none(run('AADSTS50011: mismatch; https is changed to httpx'), 'redirect-uri-http-behind-proxy');
			none(run('AADSTS700016: x', { redirectUri: 'http://orders.contoso.com/cb' }), 'redirect-uri-http-behind-proxy');
		});
	});

	describe('B2C policies', () => {
		it('a policy under an Entra or onmicrosoft.com host gets the b2clogin.com authority; B2C hosts and custom domains do not', () => {
			const f = one(run('AADSTS90002: x https://login.microsoftonline.com/contoso.onmicrosoft.com/B2C_1_SignUpIn/oauth2/v2.0/authorize'), 'b2c-authority-host');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /'B2C_1_SignUpIn' but its host is 'login\.microsoftonline\.com'/);
			assert.match(f.fix, /https:\/\/contoso\.b2clogin\.com\/contoso\.onmicrosoft\.com\/B2C_1_SignUpIn\//);
			const tfp = one(run('x https://fabrikam.onmicrosoft.com/tfp/fabrikam.onmicrosoft.com/b2c_1a_signin'), 'b2c-authority-host');
			assert.match(tfp.fix, /https:\/\/fabrikam\.b2clogin\.com\/fabrikam\.onmicrosoft\.com\/b2c_1a_signin\//);
			for (const t of ['https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_x', 'https://login.contoso.com/contoso.onmicrosoft.com/B2C_1_x', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token']) {
				none(run(`AADSTS90002: x ${t}`), 'b2c-authority-host');
			}
		});
	});

	describe('the thumbprint Entra reports', () => {
		let a: TestCert;
		let b: TestCert;
		before(() => {
			a = makeCert({ rsaBits: 2048 }, '/CN=file-cert');
			b = makeCert({ rsaBits: 2048 }, '/CN=manifest-cert');
		});
		const certOf = (c: TestCert, label: string) => ({ label, subject: 'CN=x', notBefore: new Date(0), notAfter: new Date('2030-01-01T00:00:00Z'), sha1Hex: sha1hex(c.certDer), sha256Hex: sha256hex(c.certDer), x5t: '', x5tS256: '', customKeyIdentifier: '' });
		const manifestOf = (c: TestCert) => ({ label: 'app.json', text: JSON.stringify({ appId: APP, keyCredentials: [{ keyId: 'k', displayName: 'CN=manifest-cert', key: Buffer.from(c.certDer).toString('base64') }] }) });
		const reported = (hex: string, extra = '') => run(`AADSTS700027: Client assertion failed signature validation. ${extra}Thumbprint of key used by client: '${hex}'`, { reportedThumbprint: hex }, ctx);
		let ctx: Record<string, unknown> = {};

		it('a SHA-1 nobody registered is an error; with no workspace keys it says nothing about them', () => {
			ctx = {};
			const f = one(reported(sha1hex(a.certDer)), 'thumbprint-not-registered');
			assert.equal(f.severity, 'error');
			assert.equal(f.message, `Entra found no key with SHA-1 ${sha1hex(a.certDer)} on the app.`);
			assert.match(f.fix, /Upload this certificate/);
		});

		it('the workspace says whose thumbprint it is and whether a manifest registers it', () => {
			ctx = { certificates: [certOf(a, 'certs/a.pem')], manifests: [manifestOf(b)] };
			const fileOnly = one(reported(sha1hex(a.certDer)), 'thumbprint-not-registered');
			assert.equal(fileOnly.severity, 'error');
			assert.match(fileOnly.message, / It is the thumbprint of certs\/a\.pem\. No manifest in the context registers it\.$/);
			const inManifest = one(reported(sha1hex(b.certDer)), 'thumbprint-not-registered');
			assert.equal(inManifest.severity, 'warning');
			assert.match(inManifest.message, /It is registered in app\.json keyCredentials\[0\] \(CN=manifest-cert\)\. Since a manifest registers it, check that the manifest was saved/);
			assert.match(inManifest.fix, /Compare the app ID and tenant/);
			const stranger = one(reported('00'.repeat(20)), 'thumbprint-not-registered');
			assert.match(stranger.message, /It matches none of the 2 certificates and manifest keys checked\.$/);
			ctx = { certificates: [certOf(a, 'certs/a.pem')] };
			assert.match(one(reported(sha1hex(a.certDer)), 'thumbprint-not-registered').message, /It is the thumbprint of certs\/a\.pem\.$/);
		});

		it("'Key was found' means the certificate is registered and the signature failed", () => {
			ctx = {};
			const f = one(reported(sha1hex(a.certDer), "Key was found, but use of the key to verify the signature failed. "), 'thumbprint-registered');
			assert.equal(f.severity, 'info');
			none(reported(sha1hex(a.certDer), 'Key was found. '), 'thumbprint-not-registered');
		});

		it('a SHA-256, the hex text, the hex put verbatim, and an odd length each get their explanation', () => {
			ctx = { certificates: [certOf(a, 'certs/a.pem')] };
			const s256 = one(reported(sha256hex(a.certDer)), 'thumbprint-sha256-not-registered');
			assert.equal(s256.severity, 'error');
			assert.match(s256.message, /It is the thumbprint of certs\/a\.pem\./);
			const asciiHex = Buffer.from(sha1hex(a.certDer), 'ascii').toString('hex').toUpperCase();
			const text = one(reported(asciiHex), 'x5t-hex-text');
			assert.match(text.message, new RegExp(`has 80 hex digits, all ASCII codes of hex characters: the x5t header carried base64 of the hex TEXT "${sha1hex(a.certDer)}" instead of the 20 hash bytes\\. It is the thumbprint of certs/a\\.pem\\.`));
			assert.ok(text.fix.includes(`bytes.fromhex('${sha1hex(a.certDer)}')`));
			const asciiHex256 = Buffer.from(sha256hex(a.certDer), 'ascii').toString('hex');
			assert.match(one(reported(asciiHex256), 'x5t-hex-text').message, /instead of the 32 hash bytes\. It is the thumbprint of certs\/a\.pem/);
			const verbatim = Buffer.from(sha1hex(a.certDer), 'base64url').toString('hex').toUpperCase();
			const v = one(reported(verbatim), 'x5t-hex-verbatim');
			assert.match(v.message, new RegExp(`has 60 hex digits: the hex string ${sha1hex(a.certDer)} was put in x5t verbatim, and Entra base64url-decoded it into 30 bytes\\. It is the thumbprint of certs/a\\.pem`));
			assert.ok(v.fix.includes(`: x5t = base64url(bytes.fromhex('${sha1hex(a.certDer)}'))`));
			const verbatim256 = Buffer.from(sha256hex(a.certDer), 'base64url').toString('hex');
			assert.match(one(reported(verbatim256), 'x5t-hex-verbatim').message, /It is the thumbprint of certs\/a\.pem/);
			const noMeaning = one(reported('FF'.repeat(30)), 'x5t-hex-verbatim');
			assert.match(noMeaning.message, /the hex string was put in x5t verbatim/);
			assert.equal(noMeaning.fix, 'Send base64url of the hash bytes.');
			const odd = one(reported('AB'.repeat(12)), 'thumbprint-odd-length');
			assert.equal(odd.severity, 'warning');
			assert.match(odd.message, /has 24 hex digits/);
		});
	});

	describe("the error's timestamp as Entra's clock", () => {
		const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const assertion = (nbf: number, exp: number) => `${b64u({ alg: 'RS256', typ: 'JWT', x5t: 'hOBcHZi846VCHSJbFAs26Go9VTQ' })}.${b64u({ aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', iss: APP, sub: APP, jti: randomUUID(), nbf, exp })}.${'A'.repeat(342)}`;
		const at = Date.parse('2026-03-01T10:00:00Z') / 1000;
		for (const timestamp of ['2026-03-01 10:00:00Z', '2026-03-01 10:00:00', '2026-03-01T12:00:00+02:00', '2026-03-01T12:00:00+0200']) {
			it(`reads '${timestamp}' as 10:00 UTC and judges an assertion expired an hour before by it`, () => {
				const fs = run(`AADSTS700024: Client assertion is not within its valid time range. ${assertion(at - 4200, at - 3600)}`, { timestamp });
				const f = fs.find((x) => x.code === 'AADSTS700024' && /Entra's clock at the time of the error/.test(x.message));
				assert.ok(f, JSON.stringify(fs.map((x) => x.message)));
				assert.match(f.message, /1 h before 2026-03-01T10:00:00\.000Z/);
			});
		}
		it('an assertion fresh by the timestamp gives no time finding, not even information', () => {
			const fs = run(`AADSTS700027: x ${assertion(at + 2, at + 602)}`, { timestamp: '2026-03-01T10:00:00Z' });
			assert.equal(fs.filter((x) => /clock/.test(x.message) && x.code.startsWith('assertion-')).length, 0);
			none(fs, 'assertion-nbf-ahead');
		});
		it('a timestamp that is not a date is ignored', () => {
			const fs = run(`AADSTS700024: x ${assertion(at - 4200, at - 3600)}`, { timestamp: 'yesterday' });
			assert.equal(fs.filter((x) => /Entra's clock at the time/.test(x.message)).length, 0);
		});
	});
});

describe('diagnose error rules: the values written in other ways', () => {
	it("AADSTS650057's list without spaces after the commas; the resource named as sent; two allowed resources listed", () => {
		const graph = '00000003-0000-0000-c000-000000000000';
		const other = randomUUID();
		const second = randomUUID();
		const text = (req: string, list: string) => `AADSTS650057: Invalid resource. Resource app ID: ${req}. List of valid resources from app registration: ${list}.`;
		none(run(text(other, `${graph},${other}`)), 'resource-not-in-required-permissions');
		const f = one(run(text(other, `${graph},${second}`), { resource: 'api://orders' }), 'resource-not-in-required-permissions');
		assert.ok(f.message.startsWith(`The request asks for ${other} (as 'api://orders'), but the app's required permissions list only Microsoft Graph (${graph}), ${second}.`), f.message);
		assert.ok(f.fix.startsWith(`Request a resource the app has permissions for, or add an API permission for ${other}`), f.fix);
	});

	it('a resource with a run of three slashes is written back with one', () => {
		const f = one(run('AADSTS500011: x', { resource: 'https://vault.azure.net///keys' }), 'resource-malformed');
		assert.match(f.fix, /'https:\/\/vault\.azure\.net\/keys'/);
	});

	it("an App ID URI's own scheme is kept when the fix writes it once", () => {
		const f = one(run('AADSTS500011: x', { resource: 'api://orders//' }), 'resource-malformed');
		assert.match(f.fix, /'api:\/\/orders'/);
		const doubled = one(run('AADSTS500011: x', { resource: 'api://api://orders' }), 'resource-malformed');
		assert.match(doubled.fix, /'api:\/\/orders'/);
	});

	it('placeholders in the forms sample configurations use; a single star is no CI mask', () => {
		for (const appId of ['client_id', 'CLIENTID', 'client-id', 'app id', 'APPID', 'App_Id', '%AZURE_APPLICATION%']) {
			assert.match(one(run('AADSTS700016: x', { appId }), 'client-id-not-guid').message, /placeholder/, appId);
		}
		for (const appId of ['orders%web', 'orders%%']) {
			assert.doesNotMatch(one(run('AADSTS700016: x', { appId }), 'client-id-not-guid').message, /placeholder/, appId);
		}
		const star = run('AADSTS700016: x', { appId: 'orders*web' });
		none(star, 'value-masked');
		one(star, 'client-id-not-guid');
	});

	it('GCCHigh and USGov written without spaces name the US Government cloud', () => {
		for (const words of ['our GCCHigh tenant', 'Connect-MgGraph -Environment USGov']) {
			const f = one(run(`AADSTS700016: Application not found in the directory. ${words}`), 'first-party-client-not-in-cloud');
			assert.match(f.message, /^The text is about Azure US Government/, words);
		}
	});

	it('PowerShell for a global resource sent to a national host: -Environment Global', () => {
		const f = one(run('Connect-MgGraph: AADSTS500011: x https://login.microsoftonline.us/t/oauth2/v2.0/token', { scope: 'https://graph.microsoft.com/.default' }), 'scope-of-other-cloud');
		assert.match(f.fix, /Connect-MgGraph -Environment Global\)\.$/);
	});

	it('a resource URI in the text without a trailing slash still names its cloud', () => {
		const f = one(run('AADSTS500011: x. Resource: https://graph.microsoft.us (sent to login.microsoftonline.com)'), 'scope-of-other-cloud');
		assert.match(f.message, /resource of the Azure US Government cloud/);
	});

	it('an https redirect URI whose query holds an http address is no http redirect; a loopback address in the query does not excuse http', () => {
		none(run('AADSTS50011: mismatch', { redirectUri: 'https://orders.contoso.com/cb?next=http://orders.contoso.com/' }), 'redirect-uri-http-behind-proxy');
		one(run('AADSTS50011: mismatch', { redirectUri: 'http://orders.contoso.com/cb?from=http://localhost/' }), 'redirect-uri-http-behind-proxy');
	});

	it("the Azure CLI's note on certificates and --password in other words", () => {
		for (const t of ['no longer accept a certificate via --password', 'the --password option with a certificate file is deprecated']) {
			assert.match(one(run(`AADSTS7000215: Invalid client secret provided. ${t}`), 'secret-is-certificate-path').message, /^The tool says a certificate can no longer be passed/, t);
		}
	});
});
