/**
 * Error rules, second part: what each finding says and fixes (the facts a user acts on: the value named, the option
 * or setting to change), the thumbprint Entra reports against the app's live keys, which app an assertion in the
 * same text is checked for, and the value spellings each rule reads. Catalog examples are picked from the data by
 * their shape; certificates are random bytes hashed with Node's crypto.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Finding } from '../../../src/core/findings';
import type { ParsedErrorResponse } from '../../../src/core/diagnose';
import { catalog as catalogMap } from '../../../src/core/diagnose/catalog';
import variantsFile from '../../../src/core/diagnose/catalog/variants.json';
import { codeFindings, errorFindings, manifestApps } from '../../../src/core/diagnose/errorRules';
import type { LiveRegistration } from '../../../src/core/diagnose/liveKeys';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { RETIRED_CLIENT_APPS, WELL_KNOWN_APPS } from '../../../src/core/jwt/wellKnown';

const APP = randomUUID();
const OTHER = randomUUID();
const TENANT = randomUUID();
const now = new Date('2026-05-01T12:00:00Z');
const DAY = 86_400_000;
const catalog = () => [...catalogMap().values()];
const err = (text: string, extra: Record<string, unknown> = {}): ParsedErrorResponse => ({ codes: [...new Set([...text.matchAll(/AADSTS(\d+)/g)].map((m) => m[1]))], text, ...extra }) as ParsedErrorResponse;
const run = (text: string, extra: Record<string, unknown> = {}, ctx: Partial<DiagnoseContext> = {}) => errorFindings(err(text, extra), { now, ...ctx });
const byCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const one = (fs: Finding[], code: string) => {
	const got = byCode(fs, code);
	assert.equal(got.length, 1, `${code} in ${fs.map((f) => f.code).join(', ')}`);
	return got[0];
};
const none = (fs: Finding[], code: string) => assert.equal(byCode(fs, code).length, 0, `no ${code} in ${fs.map((f) => f.code).join(', ')}`);

interface Cert {
	sha1: string;
	sha256: string;
}
const cert = (): Cert => {
	const der = randomBytes(600);
	return { sha1: createHash('sha1').update(der).digest('hex').toUpperCase(), sha256: createHash('sha256').update(der).digest('hex').toUpperCase() };
};
const certOf = (c: Cert, label: string) => ({ label, subject: 'CN=x', notBefore: new Date(0), notAfter: new Date('2030-01-01T00:00:00Z'), sha1Hex: c.sha1, sha256Hex: c.sha256, x5t: '', x5tS256: '', customKeyIdentifier: '' });
const liveReg = (appId: string, certs: Cert[]): LiveRegistration => ({
	appId,
	displayName: 'orders-daemon',
	source: 'Entra (signed in as avery@contoso.example)',
	fetchedAt: now,
	keyCredentials: certs.map((c) => ({
		keyId: randomUUID(),
		type: 'AsymmetricX509Cert',
		usage: 'Verify',
		displayName: 'CN=orders',
		customKeyIdentifier: Buffer.from(c.sha1, 'hex').toString('base64'),
		startDateTime: new Date(now.getTime() - DAY).toISOString(),
		endDateTime: new Date(now.getTime() + 200 * DAY).toISOString(),
		key: null,
	})),
});
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (header: Record<string, unknown>, payload: Record<string, unknown>) => `${b64url(header)}.${b64url(payload)}.${Buffer.from('signature-bytes').toString('base64url')}`;

describe('diagnose error rules (mutation 2): codes from the catalog', () => {
	it('a code named only by its message is announced as information with nothing to fix', () => {
		const phrase = catalog().find((e) => e.title && codeFindings(err(`It said: ${e.title}`))[0]?.code === 'code-from-message');
		assert.ok(phrase);
		const f = codeFindings(err(`It said: ${phrase.title}`))[0];
		assert.match(f.fix, /nothing to fix/i);
	});
	it('a variant pattern matches in any letter case, and its fix replaces the entry fix and the where-to-look', () => {
		const variants = (variantsFile as { variants: Record<string, { pattern: string; cause: string; fix: string }[]> }).variants;
		const v = variants['50012'][0];
		const f = codeFindings(err('AADSTS50012: CLIENT ASSERTION IS NOT WITHIN ITS VALID TIME RANGE.'))[0];
		assert.ok(f.message.includes(v.cause), f.message);
		assert.equal(f.fix, v.fix);
	});
	it('several causes are numbered one after the other, separated by a space; the message ends with the last', () => {
		const multi = catalog().find((e) => e.causes.length >= 2 && !e.uncertain);
		assert.ok(multi);
		const f = codeFindings(err(`AADSTS${multi.code}: x`))[0];
		assert.ok(f.message.includes(`(1) ${multi.causes[0]} (2) ${multi.causes[1]}`));
		assert.ok(f.message.endsWith(multi.causes[multi.causes.length - 1]), f.message);
	});
	it('an entry without a name starts with the code, a colon and its title', () => {
		const plain = catalog().find((e) => !e.name);
		assert.ok(plain);
		const f = codeFindings(err(`AADSTS${plain.code}: x`))[0];
		assert.ok(f.message.startsWith(`AADSTS${plain.code}: ${plain.title}. `), f.message);
	});
});

describe('diagnose error rules (mutation 2): what the findings say and fix', () => {
	it('the RSA key size fix asks for 2048 bits; the empty thumbprint names x5t and the setting to check', () => {
		const rsa = run('AADSTS700027: Client assertion failed. RSA key size 1024 is less than 2048.').filter((f) => f.code === 'AADSTS700027' && /RSA key has/.test(f.message));
		assert.equal(rsa.length, 1);
		assert.match(rsa[0].fix, /2048/);
		const f = one(run("AADSTS700027: failed. Thumbprint of key used by client:''"), 'thumbprint-empty');
		assert.match(f.message, /x5t/);
		assert.match(f.fix, /thumbprint/);
	});
	it('a retired client app is an error that cites its source and says what to use instead', () => {
		const [id, info] = Object.entries(RETIRED_CLIENT_APPS)[0];
		const f = one(run('AADSTS700016: Application not found.', { appId: id }), 'client-app-retired');
		assert.equal(f.severity, 'error');
		assert.deepEqual(f.sources, [info.source]);
		assert.equal(f.fix, info.instead);
		assert.ok(f.message.includes(info.name));
	});
	it('client ID findings name the value and the setting to fix', () => {
		const masked = one(run('AADSTS700016: x', { appId: 'c3***9a' }), 'value-masked');
		assert.ok(masked.message.includes("'c3***9a'"));
		assert.match(masked.fix, /client ID/);
		assert.match(one(run('AADSTS700016: x', { appId: 'orders-web' }), 'client-id-not-guid').fix, /Application \(client\) ID/);
		const tenant = one(run('AADSTS700016: x', { appId: TENANT, tenant: TENANT }), 'client-id-is-tenant-id');
		assert.ok(tenant.message.includes(TENANT));
		assert.match(tenant.fix, /client_id/);
		assert.match(tenant.fix, /Directory \(tenant\) ID/);
		const manifests = [{ label: 'web.json', text: JSON.stringify({ appId: APP, displayName: 'orders-web' }) }];
		assert.match(one(run('AADSTS700016: x', { appId: APP }, { manifests }), 'app-in-workspace').fix, /Nothing to fix/);
		assert.match(one(run('AADSTS700016: x', { appId: OTHER }, { manifests }), 'app-not-in-workspace').fix, /client ID/);
	});
	it('manifests that are not JSON objects, or whose appId or displayName is not a string, register nothing of it', () => {
		const apps = manifestApps({ manifests: [{ label: 'a', text: '[]' }, { label: 'b', text: 'null' }, { label: 'c', text: '"x"' }, { label: 'd', text: '{"appId": 5}' }, { label: 'e', text: '42' }, { label: 'f', text: JSON.stringify({ appId: APP, displayName: 7 }) }] });
		assert.deepEqual(apps, [{ label: 'f', appId: APP, displayName: undefined }]);
	});
	it('an empty App ID URI says what to set; a doubled scheme is malformed, not empty', () => {
		assert.match(one(run('AADSTS500011: x', { resource: 'api://' }), 'resource-empty').fix, /api:\/\/<id>/);
		const doubled = run('AADSTS500011: x', { resource: 'https://api://' });
		one(doubled, 'resource-malformed');
		none(doubled, 'resource-empty');
	});
	it("the requested resource is named as the text gives it, without an 'as' when the error names no resource", () => {
		const req = randomUUID();
		const allowed = randomUUID();
		const f = one(run(`AADSTS650057: Invalid resource. Resource app ID:${req}. List of valid resources from app registration:${allowed}.`), 'resource-not-in-required-permissions');
		assert.ok(f.message.startsWith(`The request asks for ${req}, but the app's required permissions list only ${allowed}.`), f.message);
		const f2 = one(run(`AADSTS650057: Invalid resource. Resource app ID ${req}. List of valid resources from app registration ${allowed}.`), 'resource-not-in-required-permissions');
		assert.ok(f2.message.includes(allowed));
	});
	it('cloud findings are errors and name the app and its name', () => {
		const cli = Object.entries(WELL_KNOWN_APPS).find(([, a]) => a.role === 'client');
		assert.ok(cli);
		const f = one(run('AADSTS700016: Application not found in the directory. Azure Government tenant.', { appId: cli[0] }), 'first-party-client-not-in-cloud');
		assert.equal(f.severity, 'error');
		assert.ok(f.message.includes(`${cli[0]} (${cli[1].name})`), f.message);
		assert.equal(one(run('AADSTS500011: not found', { resource: 'https://graph.microsoft.us' }), 'resource-of-other-cloud').severity, 'error');
	});
	it('the cloud check runs when any code of the text is a cloud code', () => {
		one(run('AADSTS90002: Tenant not found. AADSTS50012: x'), 'check-tenant-cloud');
	});
	it('the tenant-cloud check gives an example step for the tool the text names', () => {
		const f = one(run('AADSTS90002: Tenant not found. az login --service-principal'), 'check-tenant-cloud');
		assert.match(f.fix, /For example: .*az cloud set --name/);
	});
	it("a permission scope of another cloud's Graph, and a resource named only in the text, are scopes of another cloud", () => {
		const f = one(run('AADSTS70011: x. POST https://login.microsoftonline.com/t/oauth2/v2.0/token', { scope: 'https://graph.microsoft.us/User.Read' }), 'scope-of-other-cloud');
		assert.ok(f.message.includes("(scope 'https://graph.microsoft.us/User.Read')"));
		const t = one(run('AADSTS70011: x. POST https://login.microsoftonline.com/t/oauth2/v2.0/token with https://graph.microsoft.us/'), 'scope-of-other-cloud');
		assert.match(t.message, /^The request names a resource of the .+ cloud, but the request went to login\.microsoftonline\.com/);
	});
	it('an unresolved scope resource is an error; a plain word says to check the scope, a key name says which value to set', () => {
		const plain = one(run('AADSTS70011: x', { scope: 'orders/read' }), 'scope-resource-unresolved');
		assert.equal(plain.severity, 'error');
		assert.ok(plain.message.endsWith('nor an application ID GUID.'), plain.message);
		const key = one(run('AADSTS70011: x', { scope: 'ApiResourceId/access_as_user' }), 'scope-resource-unresolved');
		assert.ok(key.fix.includes("set the configuration value 'ApiResourceId'"), key.fix);
		none(run('AADSTS70011: x', { scope: 'OrdersApiId/.default/more' }), 'scope-resource-unresolved');
	});
	it('the secret checks run when any code of the text is a secret code; clientSecret in any case', () => {
		one(run('AADSTS7000215: Invalid client secret provided. AADSTS70002: x. client_secret=certs/app.pem'), 'secret-is-certificate-path');
		one(run('AADSTS7000215: Invalid client secret provided. "clientSecret": "certs/app.pem"'), 'secret-is-certificate-path');
		one(run('AADSTS7000215: Invalid client secret provided. CLIENTSECRET=certs/app.pem'), 'secret-is-certificate-path');
		assert.match(one(run('AADSTS7000215: Invalid client secret provided. Using certificate ./certs/app.pem'), 'secret-error-with-certificate').fix, /--certificate/);
	});
	it('an http redirect URI on a real host is an error', () => {
		assert.equal(one(run('AADSTS50011: mismatch', { redirectUri: 'http://app.contoso.com/signin-oidc' }), 'redirect-uri-http-behind-proxy').severity, 'error');
	});
	it('the discovery-keys note says what jwks_uri lists and where client certificates are', () => {
		const f = one(run('AADSTS700027: x. GET https://login.microsoftonline.com/t/discovery/v2.0/keys'), 'discovery-keys-never-lists-client-certs');
		assert.match(f.message, /jwks_uri/);
		assert.match(f.fix, /keyCredentials/);
	});
	it('the same finding twice in one text is given once', () => {
		const c = cert();
		const x5t = Buffer.from(c.sha1, 'hex').toString('base64url');
		const fs = run(`AADSTS700027: x. header {"x5t": "${x5t}"} and again {"x5t": "${x5t}"}`, {}, { certificates: [certOf(cert(), 'certs/other.pem')] });
		assert.ok(fs.length > 1, fs.map((f) => f.code).join(','));
		const keys = fs.map((f) => `${f.code}|${f.message}`);
		assert.equal(new Set(keys).size, keys.length, keys.join('\n'));
	});
});

describe('diagnose error rules (mutation 2): the reported thumbprint', () => {
	const reported = (hex: string, ctx: Partial<DiagnoseContext>, extra: Record<string, unknown> = {}, text = '') => run(`AADSTS700027: Client assertion failed signature validation. ${text}Thumbprint of key used by client: '${hex}'`, { reportedThumbprint: hex, ...extra }, ctx);
	it('every certificate file with the thumbprint is named; a manifest hit alone names no file', () => {
		const a = cert();
		const f = one(reported(a.sha1, { certificates: [certOf(a, 'certs/a.pem'), certOf(a, 'backup/a.pem')] }), 'thumbprint-not-registered');
		assert.ok(f.message.includes('It is the thumbprint of certs/a.pem, backup/a.pem.'), f.message);
	});
	it('the found-key and hash-form findings say what to check and send', () => {
		const a = cert();
		const found = one(reported(a.sha1, {}, {}, 'Key was found, but use of the key to verify the signature failed. '), 'thumbprint-registered');
		assert.ok(found.message.includes(a.sha1));
		assert.match(found.fix, /private key/);
		assert.match(one(reported(a.sha256, {}), 'thumbprint-sha256-not-registered').fix, /x5t#S256/);
		assert.match(one(reported('AB'.repeat(12), {}), 'thumbprint-odd-length').fix, /base64url/);
		assert.equal(one(reported(Buffer.from(a.sha1, 'ascii').toString('hex').toUpperCase(), {}), 'x5t-hex-text').severity, 'error');
		assert.equal(one(reported(Buffer.from(a.sha1, 'base64url').toString('hex').toUpperCase(), {}), 'x5t-hex-verbatim').severity, 'error');
	});
	it("a SHA-1 Entra did not find but the app's live keys hold: the key was added since, or the request went elsewhere", () => {
		const a = cert();
		const f = one(reported(a.sha1, { liveKeys: [liveReg(APP, [a])] }, { appId: APP }), 'live-key-registered-now');
		assert.equal(f.severity, 'warning');
		assert.match(f.fix, /another app, tenant or cloud/);
	});
	it('no live lookup when Entra found the key, when the error names no app, or names one that is no GUID', () => {
		const a = cert();
		none(reported(a.sha1, { liveKeys: [liveReg(APP, [a])] }, { appId: APP }, 'Key was found, but use of the key to verify the signature failed. '), 'live-key-registered-now');
		none(reported(a.sha1, { liveKeys: [liveReg(APP, [a])] }), 'live-key-registered-now');
		const wanted = new Set<string>();
		reported(a.sha1, { liveKeys: [], liveWanted: wanted }, { appId: 'orders-web' });
		assert.deepEqual([...wanted], []);
		const wanted2 = new Set<string>();
		reported(a.sha1, { liveKeys: [], liveWanted: wanted2 }, { appId: APP });
		assert.deepEqual([...wanted2], [APP.toLowerCase()]);
	});
	it("a SHA-256 is looked up in the live keys as a SHA-256", () => {
		const a = cert();
		const f = one(reported(a.sha256, { liveKeys: [liveReg(APP, [a])], certificates: [certOf(a, 'certs/a.pem')] }, { appId: APP }), 'live-key-registered-now');
		assert.ok(f.message.includes(a.sha256), f.message);
		one(reported(cert().sha256, { liveKeys: [liveReg(APP, [a])] }, { appId: APP }), 'live-key-sha256-undecided');
	});
	it('the hash a wrong encoding meant is looked up in the live keys', () => {
		const a = cert();
		const asciiHex = Buffer.from(a.sha1, 'ascii').toString('hex').toUpperCase();
		const f = one(reported(asciiHex, { liveKeys: [liveReg(APP, [a])] }, { appId: APP }), 'live-key-registered');
		assert.match(f.fix, /encoding/);
		one(reported(Buffer.from(cert().sha1, 'ascii').toString('hex').toUpperCase(), { liveKeys: [liveReg(APP, [a])] }, { appId: APP }), 'live-key-not-registered');
		const odd = reported('AB'.repeat(12), { liveKeys: [liveReg(APP, [a])] }, { appId: APP });
		assert.deepEqual(odd.filter((x) => x.code.startsWith('live-')), []);
	});
	it('with live keys for other apps only, the check says it used the workspace', () => {
		const a = cert();
		const fs = reported(a.sha1, { liveKeys: [liveReg(OTHER, [a])] }, { appId: APP });
		assert.ok(fs.some((x) => x.severity === 'info' && /workspace/i.test(x.message)), fs.map((x) => x.code).join(','));
	});
});

describe('diagnose error rules (mutation 2): an assertion or header in the same text', () => {
	const assertion = (iss: string, x5t: string) => jwt({ alg: 'RS256', typ: 'JWT', x5t }, { aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token', iss, sub: iss, jti: randomUUID(), nbf: now.getTime() / 1000 - 60, exp: now.getTime() / 1000 + 540 });
	it("the assertion's key is looked up for the app the error names, else for the assertion's issuer", () => {
		const x5t = Buffer.from(cert().sha1, 'hex').toString('base64url');
		const w1 = new Set<string>();
		run(`AADSTS700027: failed. client_assertion=${assertion(OTHER, x5t)}`, { appId: APP }, { liveKeys: [], liveWanted: w1 });
		assert.deepEqual([...w1], [APP.toLowerCase()]);
		const w2 = new Set<string>();
		run(`AADSTS700027: failed. client_assertion=${assertion(OTHER, x5t)}`, {}, { liveKeys: [], liveWanted: w2 });
		assert.deepEqual([...w2], [OTHER.toLowerCase()]);
		const w3 = new Set<string>();
		run(`AADSTS700027: failed. client_assertion=${assertion(OTHER, x5t)}`, { appId: 'orders-web' }, { liveKeys: [], liveWanted: w3 });
		assert.deepEqual([...w3], [OTHER.toLowerCase()]);
	});
	it('a token Entra issued in the same text is not taken for the client assertion', () => {
		const x5t = Buffer.from(cert().sha1, 'hex').toString('base64url');
		const entra = jwt({ alg: 'RS256', typ: 'JWT', x5t, kid: x5t }, { aud: 'https://graph.microsoft.com', iss: `https://sts.windows.net/${TENANT}/`, appid: OTHER, sub: OTHER, tid: TENANT, nbf: now.getTime() / 1000 - 60, exp: now.getTime() / 1000 + 3000 });
		const w = new Set<string>();
		run(`AADSTS700027: failed. token=${entra}`, {}, { liveKeys: [], liveWanted: w });
		assert.deepEqual([...w], []);
	});
	it('a header quoted as JSON, with or without spaces around the colon, is checked for the app the error names', () => {
		const x5t = Buffer.from(cert().sha1, 'hex').toString('base64url');
		for (const h of [`{"alg":"RS256","x5t" :"${x5t}"}`, `{"alg":"RS256","x5t":"${x5t}"}`]) {
			const w = new Set<string>();
			run(`AADSTS700027: failed. header ${h}`, { appId: APP }, { liveKeys: [], liveWanted: w });
			assert.deepEqual([...w], [APP.toLowerCase()], h);
		}
	});
	it('a federation error gets the federation findings', () => {
		const fs = run("AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:contoso/orders:ref:refs/heads/main'. Assertion Audience: 'api://AzureADTokenExchange'.", { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/orders:ref:refs/heads/main' });
		one(fs, 'fic-token');
	});
	it('the times an error states are compared even without a timestamp', () => {
		const times = { current: new Date('2026-03-01T10:00:00Z'), validFrom: new Date('2026-03-01T11:00:00Z'), expiry: new Date('2026-03-01T11:10:00Z') };
		assert.ok(run('AADSTS700024: Client assertion is not within its valid time range.', { times }).some((f) => f.code === 'assertion-clock-ahead'));
	});
	it('information from the text comes after the code explained', () => {
		const manifests = [{ label: 'web.json', text: JSON.stringify({ appId: APP, displayName: 'orders-web' }) }];
		const fs = run('AADSTS700016: Application not found.', { appId: APP }, { manifests });
		const at = (code: string) => fs.findIndex((f) => f.code === code);
		assert.ok(at('AADSTS700016') >= 0 && at('app-in-workspace') > at('AADSTS700016'), fs.map((f) => f.code).join(','));
	});
});

describe('diagnose error rules (mutation 2): more of what the findings say', () => {
	const reported = (hex: string, ctx: Partial<DiagnoseContext>, extra: Record<string, unknown> = {}) => run(`AADSTS700027: Client assertion failed signature validation. Thumbprint of key used by client: '${hex}'`, { reportedThumbprint: hex, ...extra }, ctx);
	it('a malformed resource is an error', () => {
		assert.equal(one(run('AADSTS500011: x', { resource: 'api://orders//read' }), 'resource-malformed').severity, 'error');
	});
	it("500011 for another cloud's first-party resource gives the tool's step to switch clouds", () => {
		const f = one(run('AADSTS500011: The resource principal was not found. az login --service-principal', { resource: 'https://graph.microsoft.us' }), 'resource-of-other-cloud');
		assert.match(f.fix, /az cloud set --name/);
	});
	it('a thumbprint registered in two manifests and in no certificate file names both manifests and no file', () => {
		const der = randomBytes(600);
		const sha1 = createHash('sha1').update(der).digest('hex').toUpperCase();
		const manifest = (label: string) => ({ label, text: JSON.stringify({ appId: APP, keyCredentials: [{ keyId: randomUUID(), displayName: 'CN=orders', key: der.toString('base64') }] }) });
		const f = one(reported(sha1, { manifests: [manifest('a.json'), manifest('b.json')] }), 'thumbprint-not-registered');
		assert.match(f.message, /on the app\. It is registered in a\.json[^,]*, b\.json/);
		assert.doesNotMatch(f.message, /thumbprint of/);
	});
	it('a hex string put verbatim that means no hash says nothing about the workspace keys', () => {
		const f = one(reported('FF'.repeat(30), { certificates: [certOf(cert(), 'certs/a.pem')] }), 'x5t-hex-verbatim');
		assert.ok(f.message.endsWith('into 30 bytes.'), f.message);
	});
	it('an odd-length thumbprint with live keys of other apps only gets no workspace-only note', () => {
		const fs = reported('AB'.repeat(12), { liveKeys: [liveReg(OTHER, [cert()])] }, { appId: APP });
		assert.deepEqual(fs.filter((x) => x.severity === 'info' && /workspace/i.test(x.message)), []);
	});
	it('a GitHub OIDC token in a federation log is not taken for a client assertion', () => {
		const gh = jwt({ alg: 'RS256', typ: 'JWT', x5t: Buffer.from(cert().sha1, 'hex').toString('base64url'), kid: 'k1' }, { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/orders:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', nbf: now.getTime() / 1000 - 60, exp: now.getTime() / 1000 + 300 });
		const w = new Set<string>();
		run(`AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/orders:ref:refs/heads/main'. token=${gh}`, {}, { liveKeys: [], liveWanted: w });
		assert.deepEqual([...w], []);
	});
});
