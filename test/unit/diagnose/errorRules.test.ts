/**
 * Error rules: a multi-cause code is explained by the cause its own text names; the error's fields are checked
 * against the workspace manifests; an assertion in the same text is judged by Entra's clock.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { codeFindings, errorFindings, manifestApps, variantFor } from '../../../src/core/diagnose/errorRules';
import type { ParsedErrorResponse } from '../../../src/core/diagnose';

const APP = randomUUID();
const TENANT = randomUUID();
const now = new Date('2026-05-01T12:00:00Z');
const err = (text: string, extra: Record<string, unknown> = {}): ParsedErrorResponse => ({ codes: [...text.matchAll(/AADSTS(\d+)/g)].map((m) => m[1]), text, errorDescription: text, ...extra }) as ParsedErrorResponse;
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('diagnose: error rules', () => {
	it('AADSTS50012 that says "valid time range" is explained as a time problem, not a signature problem', () => {
		const f = codeFindings(err('AADSTS50012: Client assertion is not within its valid time range.'))[0];
		assert.equal(f.code, 'AADSTS50012');
		assert.match(f.message, /time range/i);
		assert.match(f.fix, /nbf|exp|UTC/);
		assert.doesNotMatch(f.message, /signature is invalid/);
		const sig = codeFindings(err('AADSTS50012: Client assertion contains an invalid signature.'))[0];
		assert.match(sig.message, /signature/);
		assert.doesNotMatch(sig.fix, /nbf/);
	});

	it('a code whose text names no variant lists its causes instead of picking one', () => {
		assert.equal(variantFor('50012', 'AADSTS50012: Authentication failed.'), undefined);
		const f = codeFindings(err('AADSTS50012: Authentication failed.'))[0];
		assert.equal(f.severity, 'error');
		assert.ok(f.message.length > 40);
	});

	it('only the first code is the error; later codes are context', () => {
		const fs = codeFindings(err('AADSTS700027: Client assertion failed signature validation. AADSTS50012: x'));
		assert.deepEqual(fs.map((f) => [f.code, f.severity]), [['AADSTS700027', 'error'], ['AADSTS50012', 'warning']]);
	});

	it('an app ID equal to the tenant ID is named as the swap it is', () => {
		const fs = errorFindings(err(`AADSTS700016: Application with identifier '${TENANT}' was not found in the directory '${TENANT}'.`, { appId: TENANT, tenant: TENANT }), { now });
		assert.ok(fs.some((f) => f.code === 'client-id-is-tenant-id'));
		const fine = errorFindings(err(`AADSTS700016: Application with identifier '${APP}' was not found in the directory '${TENANT}'.`, { appId: APP, tenant: TENANT }), { now });
		assert.ok(!fine.some((f) => f.code === 'client-id-is-tenant-id'));
	});

	it('the app in the error is looked up in the workspace manifests', () => {
		const manifests = [{ label: 'orders.json', text: `\uFEFF{ "appId": "${APP}", "displayName": "Orders" }` }];
		assert.deepEqual(manifestApps({ manifests }), [{ label: 'orders.json', appId: APP, displayName: 'Orders' }]);
		const other = randomUUID();
		const miss = errorFindings(err(`AADSTS700016: Application with identifier '${other}' was not found`, { appId: other }), { now, manifests });
		const f = miss.find((x) => x.code === 'app-not-in-workspace');
		assert.ok(f && f.message.includes(APP) && f.message.includes(other));
		const hit = errorFindings(err(`AADSTS700027: x`, { appId: APP }), { now, manifests });
		assert.ok(hit.some((x) => x.code === 'app-in-workspace'));
	});

	it("an assertion in the same log is judged by Entra's clock (the error's timestamp), not by today's", () => {
		const nbf = Math.floor(Date.parse('2024-02-01T10:00:00Z') / 1000) + 3600; // an hour ahead of the error's time
		const jwt = `${b64u({ alg: 'PS256', typ: 'JWT', 'x5t#S256': Buffer.alloc(32, 7).toString('base64url') })}.${b64u({ aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, iss: APP, sub: APP, jti: randomUUID(), nbf, exp: nbf + 600 })}.c2ln`;
		const text = `client_assertion=${jwt}\n{"error":"invalid_client","error_description":"AADSTS700024: Client assertion is not within its valid time range.","error_codes":[700024],"timestamp":"2024-02-01 10:00:05Z"}`;
		const fs = errorFindings(err(text, { timestamp: '2024-02-01 10:00:05Z' }), { now });
		const t = fs.find((f) => f.code === 'AADSTS700024' && /Entra's clock at the time of the error/.test(f.message));
		assert.ok(t, JSON.stringify(fs.map((f) => f.message)));
		assert.match(t.message, /time-zone/);
	});
});

describe('diagnose: wrapper codes', () => {
	it("'AADSTS70002: Error validating credentials. AADSTS50012: …' makes 50012 the error and 70002 context", () => {
		const fs = codeFindings(err('AADSTS70002: Error validating credentials. AADSTS50012: Client assertion is not within its valid time range.'));
		assert.deepEqual(fs.map((f) => [f.code, f.severity]), [['AADSTS50012', 'error'], ['AADSTS70002', 'warning']]);
		assert.match(fs[0].message, /clock/);
		const alone = codeFindings(err('AADSTS70002: Error validating credentials.'));
		assert.deepEqual(alone.map((f) => [f.code, f.severity]), [['AADSTS70002', 'error']]);
	});
});

describe('diagnose: what an error names', () => {
	it("a client ID that is not a GUID is named, and a sample's placeholder is called one", () => {
		const ph = errorFindings(err("AADSTS700016: Application with identifier 'Enter_the_Application_Id_here' was not found", { appId: 'Enter_the_Application_Id_here' }), { now }).find((f) => f.code === 'client-id-not-guid');
		assert.match(ph!.message, /placeholder/);
		const uri = errorFindings(err("AADSTS700016: Application with identifier 'api://orders' was not found", { appId: 'api://orders' }), { now }).find((f) => f.code === 'client-id-not-guid');
		assert.ok(uri && !/placeholder/.test(uri.message));
		assert.ok(!errorFindings(err('AADSTS700016: x', { appId: APP }), { now }).some((f) => f.code === 'client-id-not-guid'));
	});

	it('a doubled scheme or doubled slashes in the resource are named with the corrected URI', () => {
		const f = errorFindings(err('AADSTS500011: The resource principal named https://https://graph.microsoft.com// was not found', { resource: 'https://https://graph.microsoft.com//' }), { now }).find((x) => x.code === 'resource-malformed');
		assert.match(f!.message, /doubled/);
		assert.match(f!.fix, /'https:\/\/graph\.microsoft\.com'/);
		assert.ok(!errorFindings(err('AADSTS500011: x', { resource: 'https://graph.microsoft.com' }), { now }).some((x) => x.code === 'resource-malformed'));
	});

	it("AADSTS65005's resource lists: the requested resource missing from the registration is named with its well-known name", () => {
		const text = 'AADSTS65005: Invalid resource. Client app ID: 15a36342-d8ac-46cb-a317-d16eae0753c0. Resource value from request: https://graph.windows.net. Resource app ID: 00000002-0000-0000-c000-000000000000. List of valid resources from app registration: 00000003-0000-0000-c000-000000000000.';
		const f = errorFindings(err(text, { resource: 'https://graph.windows.net' }), { now }).find((x) => x.code === 'resource-not-in-required-permissions');
		assert.match(f!.message, /Azure AD Graph/);
		assert.match(f!.message, /Microsoft Graph \(00000003/);
	});

	it('an x5t quoted as JSON in a report is read like a header: base64 of the hex text is named', () => {
		const hex = '832D24CF471F626E8AAE82A4AAAED4021DFA25F8';
		const text = `AADSTS50012: Client assertion contains an invalid signature.\n{ "alg": "RS256", "x5t": "${Buffer.from(hex).toString('base64url')}" }`;
		const f = errorFindings(err(text), { now }).find((x) => x.code === 'AADSTS700027' && x.message.includes(hex));
		assert.ok(f, 'the hex text is named');
		assert.match(f.fix, new RegExp(Buffer.from(hex, 'hex').toString('base64url').replace(/[-]/g, '\\-')));
	});
});

describe('diagnose: messages quoted without their code', () => {
	it("names the code whose message a text quotes, and only Entra's own fragments count", async () => {
		const { codesFromPhrases } = await import('../../../src/core/diagnose/errorRules');
		assert.deepEqual(codesFromPhrases('On mobile it says "Proof Key for Code Exchange is required for cross-origin\n authorization code redemption."'), ['9002325']);
		assert.deepEqual(codesFromPhrases('InvalidScope: XXXX: The provided value for scope openid is not valid. Client credential flows must have a scope value with /.default suffixed'), ['1002012']);
		assert.deepEqual(codesFromPhrases('the token request failed with a redirect problem'), []);
		const fs = codeFindings(err('It says "Proof Key for Code Exchange is required for cross-origin authorization code redemption."'));
		assert.deepEqual(fs.map((f) => f.code), ['code-from-message', 'AADSTS9002325']);
	});
});

describe('diagnose: national clouds, tools and proxies', () => {
	it("a tenant whose domain belongs to another cloud is named with that cloud's sign-in host", () => {
		const text = "AADSTS90002: Tenant 'fabrikam.onmschina.cn' not found. https://login.microsoftonline.com/fabrikam.onmschina.cn/oauth2/token";
		const f = errorFindings(err(text, { tenant: 'fabrikam.onmschina.cn' }), { now }).find((x) => x.code === 'tenant-in-other-cloud');
		assert.ok(f);
		assert.match(f.message, /China/);
		assert.match(f.fix, /login\.partner\.microsoftonline\.cn/);
		assert.ok(!errorFindings(err("AADSTS90002: Tenant 'fabrikam.onmicrosoft.com' not found.", { tenant: 'fabrikam.onmicrosoft.com' }), { now }).some((x) => x.code === 'tenant-in-other-cloud'));
	});

	it("500011 for a first-party resource of one cloud names the same resource in the other clouds", () => {
		const f = errorFindings(err('AADSTS500011: The resource principal named https://management.core.windows.net/ was not found in the tenant named x.', { resource: 'https://management.core.windows.net/' }), { now }).find((x) => x.code === 'resource-of-other-cloud');
		assert.ok(f);
		assert.match(f.fix, /management\.chinacloudapi\.cn/);
		assert.match(f.fix, /management\.usgovcloudapi\.net/);
		assert.ok(!errorFindings(err('AADSTS500011: The resource principal named api://orders was not found', { resource: 'api://orders' }), { now }).some((x) => x.code === 'resource-of-other-cloud'));
	});

	it('90002 from the Azure CLI names az cloud set with the cloud names', () => {
		const f = errorFindings(err(`az login --service-principal ... AADSTS90002: Tenant '${TENANT}' not found.`, { tenant: TENANT }), { now }).find((x) => x.code === 'check-tenant-cloud');
		assert.match(f!.fix, /az cloud set --name AzureChinaCloud/);
		assert.match(f!.fix, /AzureUSGovernment/);
	});

	it("a CI log's masked client ID is said to be masked, not called malformed", () => {
		const fs = errorFindings(err('AADSTS7000215: Invalid client secret provided.', { appId: 'c***************a' }), { now });
		assert.ok(fs.some((f) => f.code === 'value-masked'));
		assert.ok(!fs.some((f) => f.code === 'client-id-not-guid'));
	});

	it('a certificate path sent as the client secret is named; a secret error that only mentions a PEM is a warning', () => {
		const path = errorFindings(err('{"clientSecret": "/home/runner/spn.pem"} AADSTS7000215: Invalid client secret provided.'), { now }).find((f) => f.code === 'secret-is-certificate-path');
		assert.match(path!.message, /spn\.pem/);
		assert.match(path!.fix, /--certificate/);
		const mention = errorFindings(err('I converted it with openssl to 3.pem and logged in: AADSTS7000215: Invalid client secret is provided.'), { now }).find((f) => f.code === 'secret-error-with-certificate');
		assert.equal(mention?.severity, 'warning');
		assert.ok(!errorFindings(err('AADSTS7000215: Invalid client secret provided.'), { now }).some((f) => /certificate-path|with-certificate/.test(f.code)));
	});

	it('an http redirect URI on a real host is explained as a TLS-terminating proxy; localhost is not', () => {
		const f = errorFindings(err("AADSTS50011: The redirect URI 'http://app.contoso.com/signin-oidc' specified in the request does not match", { redirectUri: 'http://app.contoso.com/signin-oidc' }), { now }).find((x) => x.code === 'redirect-uri-http-behind-proxy');
		assert.match(f!.fix, /X-Forwarded-Proto/);
		assert.ok(!errorFindings(err("AADSTS50011: The redirect URI 'http://localhost:3000/cb' specified", { redirectUri: 'http://localhost:3000/cb' }), { now }).some((x) => x.code === 'redirect-uri-http-behind-proxy'));
	});

	it('a B2C policy in an authority on a non-B2C host gets the b2clogin.com authority', () => {
		const f = errorFindings(err('authority = https://fabrikamb2c.onmicrosoft.com/fabrikamb2c.onmicrosoft.com/B2C_1A_signup_signin/oauth2/v2.0/authorize AADSTS50049: Unknown or invalid instance.'), { now }).find((x) => x.code === 'b2c-authority-host');
		assert.match(f!.fix, /https:\/\/fabrikamb2c\.b2clogin\.com\/fabrikamb2c\.onmicrosoft\.com\/B2C_1A_signup_signin\//);
		assert.ok(!errorFindings(err('https://fabrikamb2c.b2clogin.com/fabrikamb2c.onmicrosoft.com/B2C_1_susi AADSTS50049: x'), { now }).some((x) => x.code === 'b2c-authority-host'));
	});
});

describe('diagnose: what the third held-out batch taught', () => {
	it("'Key was found, but … failed' is a key that does not pair with the certificate, never 'not registered'", () => {
		const text = "AADSTS50013: Assertion failed signature validation. [Reason - Key was found, but use of the key to verify the signature failed., Thumbprint of key used by client: 'CC3F18449902DA1239F7B8EAB35EC375C72B95B2', Found key 'Start=08/18/2024 19:33:23, End=08/18/2029 19:33:23']";
		const fs = errorFindings(err(text, { reportedThumbprint: 'CC3F18449902DA1239F7B8EAB35EC375C72B95B2' }), { now });
		assert.ok(!fs.some((f) => f.code === 'thumbprint-not-registered'));
		assert.ok(fs.some((f) => f.code === 'thumbprint-registered'));
		assert.match(fs.find((f) => f.code === 'AADSTS50013')!.message, /private key that is not the pair/);
	});

	it('a scope of one cloud sent to the sign-in host of another is named with the right host', () => {
		const text = 'Scopes: https://graph.microsoft.us/.default\nAuthority: https://login.microsoftonline.com/organizations/\nAADSTS900384: JWT token failed signature validation.';
		const f = errorFindings(err(text), { now }).find((x) => x.code === 'scope-of-other-cloud');
		assert.match(f!.fix, /login\.microsoftonline\.us/);
		assert.ok(!errorFindings(err('Scopes: https://graph.microsoft.com/.default\nAuthority: https://login.microsoftonline.com/x/\nAADSTS900384: x'), { now }).some((x) => x.code === 'scope-of-other-cloud'));
	});

	it("700016 in a national cloud for Microsoft's own client app says to register your own app", () => {
		const f = errorFindings(err("[Mooncake] Connect-MgGraph: AADSTS700016: Application with identifier '14d82eec-204b-4c2f-b7e8-296a70dab67e' was not found in the directory", { appId: '14d82eec-204b-4c2f-b7e8-296a70dab67e' }), { now }).find((x) => x.code === 'first-party-client-not-in-cloud');
		assert.match(f!.message, /China/);
		assert.match(f!.fix, /own app/);
		assert.ok(!errorFindings(err("AADSTS700016: Application with identifier '14d82eec-204b-4c2f-b7e8-296a70dab67e' was not found", { appId: '14d82eec-204b-4c2f-b7e8-296a70dab67e' }), { now }).some((x) => x.code === 'first-party-client-not-in-cloud'));
	});

	it('a scope whose resource is a configuration name is called an unresolved setting; URIs and GUIDs are not', () => {
		const fs = errorFindings(err("AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope MicrosoftGraphEndpointResourceId/.default offline_access openid profile is not valid."), { now });
		const f = fs.find((x) => x.code === 'scope-resource-unresolved');
		assert.match(f!.message, /configuration value/);
		for (const ok of ['https://graph.microsoft.com/.default', `${APP}/.default`, 'api://orders/.default']) {
			assert.ok(!errorFindings(err(`AADSTS70011: The scope ${ok} is not valid.`, { scope: ok }), { now }).some((x) => x.code === 'scope-resource-unresolved'), ok);
		}
	});

	it("the 'Need admin approval' page is read as AADSTS90094 without its code", async () => {
		const { codesFromPhrases } = await import('../../../src/core/diagnose/errorRules');
		assert.deepEqual(codesFromPhrases('Need admin approval\nContoso app needs permission to access resources in your organization that only an admin can grant.'), ['90094']);
	});
});

describe('diagnose: the scope an error names', () => {
	it('a comma-separated list and a scope name glued to the host are named; a plain .network host is not', async () => {
		const comma = errorFindings(err('AADSTS70011: The scope Contacts.Read, Mail.Read is not valid.', { scope: 'Contacts.Read, Mail.Read' }), { now });
		assert.ok(comma.some((f) => /commas/.test(f.message) && /Contacts\.Read Mail\.Read/.test(f.fix)));
		const glued = errorFindings(err('AADSTS70011: The scope https://orders.azurewebsites.netuser_impersonation is not valid.', { scope: 'https://orders.azurewebsites.netuser_impersonation' }), { now });
		assert.ok(glued.some((f) => /https:\/\/orders\.azurewebsites\.net\/user_impersonation/.test(f.fix)), JSON.stringify(glued.map((f) => f.message)));
		const { scopeShapeFindings } = await import('../../../src/core/diagnose/requestRules');
		assert.deepEqual(scopeShapeFindings('https://contoso.network https://graph.microsoft.com/User.Read'), []);
	});
});

describe('diagnose: what the fourth held-out batch taught', () => {
	it("an empty reported thumbprint says the header named no certificate", () => {
		const fs = errorFindings(err("AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '', Please visit …]"), { now });
		assert.ok(fs.some((f) => f.code === 'thumbprint-empty'));
		assert.ok(!errorFindings(err("AADSTS700027: x [Thumbprint of key used by client: 'ED8DEFC96984710C7453A8DA35E446983707296B']"), { now }).some((f) => f.code === 'thumbprint-empty'));
	});

	it("an empty App ID URI ('api://') is named as empty, not as doubled slashes", () => {
		const fs = errorFindings(err('AADSTS500011: The resource principal named api:// was not found', { resource: 'api://' }), { now });
		assert.ok(fs.some((f) => f.code === 'resource-empty'));
		assert.ok(!fs.some((f) => f.code === 'resource-malformed'));
	});

	it("'openid scope is required' names openid as the missing scope", () => {
		const f = codeFindings(err("AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope user.read profile is not valid. openid scope is required."))[0];
		assert.match(f.fix, /openid/);
	});
});

describe('diagnose: retired client applications', () => {
	it("a sign-in with a retired multi-tenant app's client ID says it was removed and what to use instead", () => {
		const id = '31359c7f-bd7e-475c-86db-fdb8c937548e';
		const f = errorFindings(err(`AADSTS700016: Application with identifier '${id}' was not found in the directory 'contoso'.`, { appId: id }), { now }).find((x) => x.code === 'client-app-retired');
		assert.match(f!.message, /PnP Management Shell/);
		assert.match(f!.fix, /own app/);
		assert.ok(!errorFindings(err(`AADSTS700016: Application with identifier '${APP}' was not found`, { appId: APP }), { now }).some((x) => x.code === 'client-app-retired'));
	});
});
