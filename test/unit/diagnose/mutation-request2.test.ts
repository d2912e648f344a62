/**
 * Token-request readers, second set: the forms people paste that the first set (mutation-request.test.ts) leaves
 * out: indented and commented code, computed values, unusual spacing a formatter or a console leaves, Postman
 * titles with counts, raw bodies one pair per line. Expected values follow from the input and the protocol, not
 * from running the reader.
 */
import * as assert from 'node:assert/strict';
import { isUnresolvedValue, looksLikeRequest, parseTokenRequest, type ParsedTokenRequest } from '../../../src/core/diagnose/request';

const CLIENT = '0b5d7c1e-3a2f-4e6d-8c9b-1f2e3d4c5b6a';
const TENANT = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const AUTHORIZE_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`;
const GRAPH = 'https://graph.microsoft.com/.default';
const THUMB = 'C0FFEE0123456789ABCDEF0123456789ABCDEF01';

function parse(text: string): ParsedTokenRequest {
	assert.ok(looksLikeRequest(text), `looksLikeRequest rejected:\n${text}`);
	return parseTokenRequest(text);
}
const open = (r: ParsedTokenRequest) => [...(r.unresolved ?? [])].sort();

describe('request readers (mutation 2): variables the text defines', () => {
	it('an indented assignment is read; a commented-out one is not', () => {
		const r = parse(`function Connect-App {\n    $clientId = '${CLIENT}'\n    # $tenantId = 'contoso.onmicrosoft.com'\n    Connect-MgGraph -ClientId $clientId -TenantId $tenantId -CertificateThumbprint ${THUMB}\n}`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, '$tenantId');
		assert.deepEqual(open(r), ['tenant']);
	});
	it('keywords followed by more than one space (set, const, let, var, string)', () => {
		const r = parse(`set  A=aaa\nconst  B = "bbb";\nlet  C = 'ccc';\nvar  D = "ddd";\nstring  E = "eee";\ncurl ${TOKEN_URL} -d "grant_type=client_credentials&client_id=${CLIENT}&a=$A&b=$B&c=$C&d=$D&e=$E"`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, a: 'aaa', b: 'bbb', c: 'ccc', d: 'ddd', e: 'eee' });
		assert.equal(r.unresolved, undefined);
	});
	it('a bare value ending in = (base64 padding) is a value; x == y is a comparison', () => {
		const r = parse(`CLIENT_SECRET=YWJjZA==\nOTHER==x\ncurl ${TOKEN_URL} -d "grant_type=client_credentials&client_id=${CLIENT}&client_secret=$CLIENT_SECRET&o=$OTHER"`);
		assert.equal(r.params.client_secret, 'YWJjZA==');
		assert.equal(r.params.o, '$OTHER');
		assert.deepEqual(open(r), ['o']);
	});
	it('a value computed from other values stays open: concatenations are not literals', () => {
		const r = parse(
			[
				'const prefix = getPrefix();',
				'const appId = prefix + "abc";',
				'const authorityUrl = "https://login.microsoftonline.com/" + tenant;',
				'const secret = "Q~ab,cd";',
				'const cca = new msal.ConfidentialClientApplication({ auth: { clientId: appId, authority: authorityUrl, clientSecret: secret } });',
			].join('\n'),
		);
		assert.equal(r.params.client_id, 'appId');
		assert.equal(r.authority, 'authorityUrl');
		assert.equal(r.params.client_secret, 'Q~ab,cd', 'a quoted literal with a comma inside is one value');
		assert.deepEqual(open(r), ['authority', 'client_id']);
	});
	it('identifiers that look like a number or a boolean at one end are still variables', () => {
		for (const name of ['appId1', 'trueId', 'isTrue', 'id_false', 'v2']) {
			const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: ${name}, clientSecret: "s" } });`);
			assert.equal(r.params.client_id, name);
			assert.deepEqual(open(r), ['client_id'], name);
		}
		const lit = parse(`$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}'; max_age = 1.25; flag = $true }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body`);
		assert.equal(lit.params.max_age, '1.25');
		assert.equal(lit.params.flag, 'true');
		assert.equal(lit.unresolved, undefined);
	});
	it('placeholders with blanks around them are placeholders', () => {
		assert.equal(isUnresolvedValue(' {tenant} '), true);
		assert.equal(isUnresolvedValue('\t<tenant-id>\n'), true);
		assert.equal(isUnresolvedValue(' *** '), true);
	});
	it('a grant_type the body sends is not reported as inferred from a Connect-* line in the same script', () => {
		const r = parse(`Connect-AzAccount -ServicePrincipal -CertificateThumbprint ${THUMB} -ApplicationId ${CLIENT} -Tenant ${TENANT}\n$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}'; scope = '${GRAPH}' }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body`);
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.equal(r.inferred, undefined);
		assert.deepEqual(r.credentials, ['certificate']);
	});
});

describe('request readers (mutation 2): URLs and authorities', () => {
	it('an apostrophe inside a query value stays; a quote the URL was copied with does not', () => {
		const r = parse(`${AUTHORIZE_URL}?client_id=${CLIENT}&login_hint=o'neil@contoso.com&scope=openid'`);
		assert.equal(r.format, 'url');
		assert.equal(r.params.login_hint, "o'neil@contoso.com");
		assert.equal(r.params.scope, 'openid');
	});
	it('an http authority (a local emulator such as the kit sandbox) is a URL, known or built from a variable', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "http://localhost:7777/contoso.onmicrosoft.com", clientSecret: "s" } });`);
		assert.equal(r.host, 'localhost:7777');
		assert.equal(r.tenant, 'contoso.onmicrosoft.com');
		const v = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "http://localhost:7777/" + tenantId, clientSecret: "s" } });`);
		assert.equal(v.host, 'localhost:7777');
		assert.deepEqual(open(v), ['authority']);
	});
});

describe('request readers (mutation 2): bulk lists and Postman blocks', () => {
	it('bulk edit lines: indented, a space before the colon, none after it, two after it', () => {
		const r = parse(`grant_type : client_credentials\n  client_id:${CLIENT}\nscope:  ${GRAPH}`);
		assert.equal(r.format, 'bulk');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
	});
	it('indented Postman console titles are titles', () => {
		assert.equal(looksLikeRequest(`Request:\n    Body urlencoded\n    client_id    ${CLIENT}\n    scope    ${GRAPH}`), true);
	});
	it('titles with a count, with or without a space; values that end or begin like a title are values', () => {
		const r = parse(`GET ${AUTHORIZE_URL}\nHeaders (12)\nAccept    application/json\nPARAMS\nresponse_type    code\nclient_id    ${CLIENT}\nresponse_mode    query\nscope    openid`);
		assert.equal(r.format, 'postman');
		assert.deepEqual(r.params, { response_type: 'code', client_id: CLIENT, response_mode: 'query', scope: 'openid' });
		const h = parse(`POST ${TOKEN_URL}\nHeaders(3)\nContent-Type    application/x-www-form-urlencoded\nBody urlencoded\ngrant_type    client_credentials\nclient_id    ${CLIENT}`);
		assert.equal(h.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(h.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('a long run of blanks in a line is read in linear time', () => {
		const start = Date.now();
		const r = parseTokenRequest(`POST ${TOKEN_URL}\nHeaders\nAccept: application/json\nBody${' '.repeat(30000)}x\nBody urlencoded\ngrant_type    client_credentials\nclient_id    ${CLIENT}`);
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.ok(Date.now() - start < 2000, `took ${Date.now() - start} ms`);
	});
	it('a raw form body is form-decoded, one pair per line', () => {
		const r = parse(`POST ${TOKEN_URL}\nBody raw\ngrant_type=client_credentials\nclient_id=${CLIENT}\nscope=https%3A%2F%2Fgraph.microsoft.com%2F.default`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
	});
	it('sections in any order: headers after a raw body are headers', () => {
		const r = parse(`POST ${TOKEN_URL}\nBody raw\ngrant_type=client_credentials&client_id=${CLIENT}\nHeaders\nContent-Type: application/x-www-form-urlencoded`);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('a redirect URI with its own query is one value; a sentence is not a key', () => {
		const r = parse(`This is what I send\nPOST ${TOKEN_URL}\ngrant_type    authorization_code\nredirect_uri    https://app.contoso.com/cb?a=1&b=2\nclient_id    ${CLIENT}`);
		assert.deepEqual(r.params, { grant_type: 'authorization_code', redirect_uri: 'https://app.contoso.com/cb?a=1&b=2', client_id: CLIENT });
	});
	it('a form line and a key-value line each count as parameters', () => {
		const r = parse(`Token request\nPOST ${TOKEN_URL}\ngrant_type=client_credentials&x=1\nclient_id    ${CLIENT}`);
		assert.equal(r.format, 'http');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', x: '1', client_id: CLIENT });
	});
	it('a request line without a URL followed by key-value lines is a bulk list', () => {
		const r = parse(`POST token\ngrant_type    client_credentials\nclient_id    ${CLIENT}`);
		assert.equal(r.format, 'bulk');
		assert.equal(r.method, 'POST');
		assert.equal(r.url, undefined);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
});

describe('request readers (mutation 2): raw HTTP and REST Client', () => {
	const BASIC = Buffer.from(`${CLIENT}:Q~secret`, 'utf8').toString('base64');
	it('POST: with no space (headers are headers), two spaces before HTTP/1.1, indented headers, a Basic header with two spaces', () => {
		const r = parse(`POST:${TOKEN_URL}  HTTP/1.1\n  Content-Type: application/x-www-form-urlencoded\n  Authorization: Basic  ${BASIC}\n\ngrant_type=client_credentials&scope=${encodeURIComponent(GRAPH)}`);
		assert.equal(r.format, 'http');
		assert.equal(r.method, 'POST');
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', scope: GRAPH, client_id: CLIENT, client_secret: 'Q~secret' });
		assert.deepEqual(r.credentials, ['secret']);
	});
	it('a Bearer Authorization header is not client authentication and does not stop the reader', () => {
		const r = parse(`POST ${TOKEN_URL}\nAuthorization: Bearer eyJ0eXAi.x.y\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(r.format, 'http');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('the blank line ends the headers: a bulk body after it is the body', () => {
		const r = parse(`POST ${TOKEN_URL}\nContent-Type: application/x-www-form-urlencoded\n\nusername: alice@contoso.com\ngrant_type: password\nclient_id: ${CLIENT}`);
		assert.deepEqual(r.params, { username: 'alice@contoso.com', grant_type: 'password', client_id: CLIENT });
	});
	it('a relative target: with a Host header written with a scheme, or with no Host at all', () => {
		const a = parse(`POST /common/oauth2/v2.0/token HTTP/1.1\nHost: http://login.microsoftonline.com/\n\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(a.url, 'https://login.microsoftonline.com/common/oauth2/v2.0/token');
		assert.equal(a.tenant, 'common');
		const b = parse(`POST /contoso.onmicrosoft.com/oauth2/v2.0/token\n\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(b.tenant, 'contoso.onmicrosoft.com');
		assert.equal(b.url, undefined);
		assert.equal(b.host, undefined);
	});
	it('a relative authorize URL whose query holds an unencoded https redirect URI is still relative', () => {
		const r = parse(`GET /${TENANT}/oauth2/v2.0/authorize?client_id=${CLIENT}&response_type=code&redirect_uri=https://app.contoso.com/cb HTTP/1.1\nHost: login.microsoftonline.com`);
		assert.equal(r.url, AUTHORIZE_URL);
		assert.equal(r.endpoint, 'authorize');
		assert.equal(r.params.redirect_uri, 'https://app.contoso.com/cb');
	});
	it('REST Client variables written without spaces or with several are preamble', () => {
		const r = parse(`@tenant=${TENANT}\n@clientId  = ${CLIENT}\n###\nPOST ${TOKEN_URL}\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(r.format, 'http');
		assert.equal(r.url, TOKEN_URL);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('an indented request line after a REST Client comment', () => {
		const r = parse(`### token\n  POST ${TOKEN_URL}\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials`);
		assert.equal(r.format, 'http');
		assert.equal(r.url, TOKEN_URL);
		assert.deepEqual(r.params, { grant_type: 'client_credentials' });
	});
});

describe('request readers (mutation 2): curl', () => {
	it('an indented curl line after text; a second curl on the next line is another command', () => {
		const r = parse(`Here is what I run:\n    curl ${TOKEN_URL} -d grant_type=client_credentials -d client_id=${CLIENT}\ncurl https://graph.microsoft.com/v1.0/me -d other=1`);
		assert.equal(r.format, 'curl');
		assert.equal(r.url, TOKEN_URL);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('an http URL (the kit sandbox) and a host:port without a scheme', () => {
		const a = parse(`curl http://localhost:7777/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(a.host, 'localhost:7777');
		assert.equal(a.tenant, TENANT);
		const b = parse(`curl login.contoso.com:8443/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(b.host, 'login.contoso.com:8443');
		assert.equal(b.tenant, TENANT);
	});
	it('flags without their value add nothing: a trailing -d, -u with no user, -F with no =', () => {
		const d = parse(`curl ${TOKEN_URL} -H "Content-Type: application/x-www-form-urlencoded" -d grant_type=client_credentials -d`);
		assert.deepEqual(d.params, { grant_type: 'client_credentials' });
		const u = parse(`curl -u :secret ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.deepEqual(u.params, { grant_type: 'client_credentials' });
		const f = parse(`curl ${TOKEN_URL} -F grant_type=client_credentials -F client_id`);
		assert.deepEqual(f.params, { grant_type: 'client_credentials' });
		assert.equal(f.bodyFormat, 'multipart');
	});
	it('--data-urlencode name@file reads the value from a file the kit cannot see', () => {
		const r = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode client_assertion@assertion.jwt`);
		assert.equal(r.params.client_assertion, 'client_assertion@assertion.jwt');
		assert.ok(r.unresolved?.includes('client_assertion'));
		assert.ok(r.notes?.some((n) => n.includes('assertion.jwt') && n.includes('client_assertion')));
	});
	it('shellWords: an escaped single character is a word (find -exec … \\;); a backslash ending a quoted text stays', async () => {
		const { shellWords } = await import('../../../src/core/diagnose/request');
		assert.deepEqual(shellWords('a \\; b'), ['a', ';', 'b']);
		assert.deepEqual(shellWords('a "b\\'), ['a', 'b\\']);
		assert.deepEqual(shellWords("x $'y z' $w"), ['x', 'y z', '$w']);
	});
});

describe('request readers (mutation 2): blocks and lists in code', () => {
	it('a brace or semicolon inside a quoted hashtable value does not end the value', () => {
		for (const q of ['"', "'"]) {
			const r = parse(`$body = @{ grant_type = 'client_credentials'; state = ${q}s};1${q}; client_id = '${CLIENT}' }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body`);
			assert.deepEqual(r.params, { grant_type: 'client_credentials', state: 's};1', client_id: CLIENT }, q);
		}
	});
	it('a call with an object argument is one property value', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({\n  auth: {\n    clientId: "${CLIENT}",\n    clientSecret: await getSecret({ name: "app-secret" }),\n    authority: "https://login.microsoftonline.com/${TENANT}"\n  }\n});`);
		assert.equal(r.params.client_secret, 'await getSecret({ name: "app-secret" })');
		assert.deepEqual(open(r), ['client_secret']);
		assert.equal(r.tenant, TENANT);
	});
});

describe('request readers (mutation 2): PowerShell', () => {
	const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
	it('of two bodies in a script, the one the call sends is read (assignments with or without spaces, on one line)', () => {
		const texts = [
			`$ccBody=@{ grant_type='client_credentials'; client_id='${CLIENT}' }\n$oboBody=@{ grant_type='${OBO}'; client_id='${CLIENT}'; requested_token_use='on_behalf_of' }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $oboBody`,
			`$ccBody = @{ grant_type='client_credentials'; client_id='${CLIENT}' }; $oboBody =  @{ grant_type='${OBO}'; client_id='${CLIENT}'; requested_token_use='on_behalf_of' }; Invoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $oboBody`,
		];
		for (const t of texts) {
			const r = parse(t);
			assert.equal(r.params.grant_type, OBO, t);
			assert.equal(r.params.requested_token_use, 'on_behalf_of');
		}
	});
	it('an inline -Body table is the body even after an inline -Headers table', () => {
		const r = parse(`Invoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Headers @{ Accept = 'application/json' } -Body @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.bodyFormat, 'form');
	});
	it('an [ordered] body table is found by its parameters (grant_type alone, or client_id alone for a device code request)', () => {
		const a = parse(`$headers = @{ 'Content-Type' = 'application/x-www-form-urlencoded' }\n$body = [ordered]@{ grant_type = 'client_credentials'; scope = '${GRAPH}' }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Headers $headers -Body $body`);
		assert.deepEqual(a.params, { grant_type: 'client_credentials', scope: GRAPH });
		const b = parse(`$headers = @{ Accept = 'application/json' }\n$body = [ordered]@{ client_id = '${CLIENT}'; scope = 'openid offline_access' }\nInvoke-RestMethod -Method Post -Uri https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/devicecode -Headers $headers -Body $body`);
		assert.deepEqual(b.params, { client_id: CLIENT, scope: 'openid offline_access' });
		assert.equal(b.endpoint, 'devicecode');
	});
	it('a commented-out line in a hashtable is not an entry', () => {
		const r = parse(`$body = @{\n  grant_type = 'client_credentials'\n  client_id = '${CLIENT}'\n  # client_secret = 'old-secret'\n}\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.credential, 'none');
	});
	it('an unclosed hashtable after the body (a cut paste) does not lose what was read', () => {
		const r = parse(`$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body\n$h = @{ Accept = 'application/json'`);
		assert.equal(r.format, 'powershell');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.url, TOKEN_URL);
	});
	it('a -Uri whose closing quote was cut off is still read', () => {
		const r = parse(`$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }\nInvoke-RestMethod -Method Post -Body $body -Uri "${TOKEN_URL}`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.tenant, TENANT);
	});
	it('backtick continuations right after a word', () => {
		const r = parse(`$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }\nInvoke-RestMethod -Uri ${TOKEN_URL}\`\n  -Method Post\`\n  -Body $body`);
		assert.equal(r.method, 'POST');
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.bodyFormat, 'form');
	});
	it('-f formats with spaces inside the parentheses and around -f', () => {
		const r = parse(`$tenantId = '${TENANT}'\n$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }\nInvoke-RestMethod -Method Post -Uri ( "https://login.microsoftonline.com/{0}/oauth2/v2.0/token"  -f  ( $tenantId ) ) -Body $body`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.tenant, TENANT);
	});
	it('-Certificate on Invoke-RestMethod is TLS, not the app credential; an unknown -Environment keeps the URL host', () => {
		const r = parse(`$body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}'; client_secret = $secret }\nInvoke-RestMethod -Method Post -Uri https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token -Certificate $tlsCert -Body $body`);
		assert.deepEqual(r.credentials, ['secret']);
		assert.equal(r.tool, undefined);
		const e = parse(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificateThumbprint ${THUMB} -Environment $cloud\n$r = Invoke-RestMethod -Method Post -Uri https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token -Body $body`);
		assert.equal(e.host, 'login.microsoftonline.us');
		assert.equal(e.tool, 'Connect-AzAccount');
	});
});

describe('request readers (mutation 2): MSAL and azure-identity code', () => {
	it('msal-node: a config object written as JSON (quoted keys), ConfidentialClientApplication imported by name', () => {
		const r = parse(`const config = { "auth": { "clientId": "${CLIENT}", "authority": "https://login.microsoftonline.com/${TENANT}", "clientCertificate" : { "thumbprint": "${THUMB}", "privateKey": key } } };\nconst cca = new ConfidentialClientApplication(config);`);
		assert.equal(r.clientType, 'confidential');
		assert.deepEqual(r.credentials, ['certificate']);
		assert.equal(r.thumbprint, THUMB);
		const a = parse(`const cca = new ConfidentialClientApplication({ "auth": { "clientId": "${CLIENT}", "clientAssertion" : getAssertion } });`);
		assert.deepEqual(a.credentials, ['assertion']);
		const c = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientCertificate:{ thumbprint: "${THUMB}", privateKey: key } } });`);
		assert.deepEqual(c.credentials, ['certificate']);
	});
	it('msal-node: a property whose value was cut off is open', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: `);
		assert.equal(r.params.client_secret, '');
		assert.ok(r.unresolved?.includes('client_secret'));
		assert.deepEqual(r.credentials, ['secret']);
	});
	it('code written with a space before the parentheses (Mono style)', () => {
		const net = parse(`var app = ConfidentialClientApplicationBuilder.Create (clientId)\n    .WithCertificate (cert)\n    .WithClientAssertion (GetAssertion)\n    .Build ();\nvar result = await app.AcquireTokenForClient (new[] { "${GRAPH}" }).ExecuteAsync ();`);
		assert.deepEqual(net.credentials, ['certificate', 'assertion']);
		assert.equal(net.params.grant_type, 'client_credentials');
		assert.equal(net.params.scope, GRAPH);
		const obo = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret(secret).Build();\nawait app.AcquireTokenOnBehalfOf (scopes, new UserAssertion(token)).ExecuteAsync();`);
		assert.equal(obo.params.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		const code = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret(secret).Build();\nawait app.AcquireTokenByAuthorizationCode (scopes, code).ExecuteAsync();`);
		assert.equal(code.params.grant_type, 'authorization_code');
		const node = [
			['acquireTokenByClientCredential', 'client_credentials'],
			['acquireTokenOnBehalfOf', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
			['acquireTokenByCode', 'authorization_code'],
			['acquireTokenByRefreshToken', 'refresh_token'],
		];
		for (const [fn, grant] of node) {
			const r = parse(`const cca = new msal.ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: "s" } });\nawait cca.${fn} (request);`);
			assert.equal(r.params.grant_type, grant, fn);
		}
		const py = [
			['acquire_token_for_client', 'client_credentials'],
			['acquire_token_on_behalf_of', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
			['acquire_token_by_authorization_code', 'authorization_code'],
		];
		for (const [fn, grant] of py) {
			const r = parse(`app = msal.ConfidentialClientApplication ("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}", client_credential="s")\nresult = app.${fn} (scopes=["${GRAPH}"])`);
			assert.equal(r.params.grant_type, grant, fn);
			assert.equal(r.params.client_id, CLIENT);
			assert.equal(r.params.scope, GRAPH);
		}
		const pub = parse(`app = msal.PublicClientApplication ("${CLIENT}", authority="https://login.microsoftonline.com/organizations")`);
		assert.equal(pub.clientType, 'public');
		const az = parse(`credential = ClientSecretCredential ("${TENANT}", "${CLIENT}", "s")\ntoken = credential.get_token ("${GRAPH}")`);
		assert.equal(az.tenant, TENANT);
		assert.equal(az.params.scope, GRAPH);
	});
	it('MSAL.NET: scopes passed by a named argument, with or without a space after the colon', () => {
		for (const arg of ['scopes: graphScopes', 'scopes:graphScopes']) {
			const r = parse(`string[] graphScopes = new[] { "${GRAPH}" };\nvar app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret(secret).Build();\nvar result = await app.AcquireTokenForClient(${arg}).ExecuteAsync();`);
			assert.equal(r.params.scope, GRAPH, arg);
		}
		const computed = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret(secret).Build();\nvar result = await app.AcquireTokenForClient(GetScopes()).ExecuteAsync();`);
		assert.equal(computed.format, 'msal-dotnet');
		assert.equal(computed.params.scope, undefined);
	});
	it('MSAL.NET: no WithAuthority (WithTenantId only), an instance variable, a cut Create(', () => {
		const t = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}")\n    .WithClientSecret(secret)\n    .WithTenantId("${TENANT}")\n    .Build();`);
		assert.equal(t.tenant, TENANT);
		assert.equal(t.host, undefined);
		assert.deepEqual(t.credentials, ['secret']);
		const v = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}")\n    .WithCertificate(cert)\n    .WithAuthority(instance, "${TENANT}")\n    .Build();`);
		assert.equal(v.tenant, TENANT);
		assert.equal(v.host, undefined);
		assert.equal(v.authority, undefined);
		const cut = parse(`var app = ConfidentialClientApplicationBuilder.Create(`);
		assert.equal(cut.format, 'msal-dotnet');
		assert.equal(cut.params.client_id, undefined);
	});
	it('MSAL Python: scopes from self.scopes, a list after the user assertion, compact credential dicts', () => {
		const s = parse(`class App:\n    def __init__(self):\n        self.scopes = ["${GRAPH}"]\n        self.app = msal.ConfidentialClientApplication("${CLIENT}", client_credential=SECRET)\n    def token(self):\n        return self.app.acquire_token_for_client(scopes=self.scopes)`);
		assert.equal(s.params.scope, GRAPH);
		assert.deepEqual(s.credentials, ['secret']);
		const obo = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential=SECRET)\nresult = app.acquire_token_on_behalf_of(user_assertion, ["api://downstream/.default"])`);
		assert.equal(obo.params.scope, 'api://downstream/.default');
		const compact = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential={"thumbprint":"${THUMB}","private_key":key})`);
		assert.equal(compact.thumbprint, THUMB);
		const pfx = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential={"private_key_pfx_path" : "cert.pfx"})`);
		assert.equal(pfx.certificatePath, 'cert.pfx');
		assert.deepEqual(pfx.credentials, ['certificate']);
	});
	it('azure-identity: certificate_data is not a path; a credential that reads the environment; a cut call', () => {
		const d = parse(`credential = ClientCertificateCredential(tenant_id="${TENANT}", client_id="${CLIENT}", certificate_data=cert_bytes, password="pw")`);
		assert.equal(d.tenant, TENANT);
		assert.equal(d.params.client_id, CLIENT);
		assert.equal(d.certificatePath, undefined);
		assert.deepEqual(d.credentials, ['certificate']);
		const q = parse(`credential = ClientCertificateCredential(tenant_id="${TENANT}", client_id="${CLIENT}", password="pw")`);
		assert.equal(q.certificatePath, undefined);
		const w = parse('const credential = new WorkloadIdentityCredential();');
		assert.equal(w.tenant, undefined);
		assert.deepEqual(w.credentials, ['federated']);
		const s = parse(`const credential = new ClientSecretCredential("${TENANT}", "${CLIENT}", secret);`);
		assert.deepEqual(s.credentials, ['secret']);
		const cut = parse('const credential = new ClientSecretCredential(');
		assert.equal(cut.format, 'azure-identity');
		assert.equal(cut.tenant, undefined);
	});
});

describe('request readers (mutation 2): configuration files and lists', () => {
	it('appsettings with null values and a secret', () => {
		const r = parse(`{ "Logging": null, "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientSecret": "s" } }`);
		assert.equal(r.format, 'identity-web');
		assert.deepEqual(r.credentials, ['secret']);
		assert.equal(r.tenant, TENANT);
	});
	it('env: commented lines are not read; docker -e / --env lines are', () => {
		const r = parse(`# AZURE_CLIENT_SECRET=old-secret\nAZURE_TENANT_ID=${TENANT}\n# AZURE_CLIENT_ID: commented\n-e AZURE_CLIENT_ID=${CLIENT}\n--env AZURE_CLIENT_CERTIFICATE_PATH=/certs/app.pem`);
		assert.equal(r.format, 'env');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_secret, undefined);
		assert.deepEqual(r.credentials, ['certificate']);
		assert.equal(r.certificatePath, '/certs/app.pem');
	});
	it('a Kubernetes env list with other keys before it and several spaces after the dash', () => {
		const r = parse(`containers:\n  - name: app\n    env:\n    -   name: AZURE_CLIENT_ID\n        value: "${CLIENT}"\n    -   name: AZURE_TENANT_ID\n        value: "${TENANT}"\n    -   name: AZURE_FEDERATED_TOKEN_FILE\n        value: /var/run/secrets/azure/tokens/azure-identity-token`);
		assert.equal(r.format, 'env');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.deepEqual(r.credentials, ['federated']);
	});
	it('an unknown cloud name claims no host', () => {
		const e = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}\nARM_ENVIRONMENT=azurestack`);
		assert.equal('host' in e, false);
		const z = parse(`az cloud set --name AzureStackUser\naz login --service-principal -u ${CLIENT} -p secret --tenant ${TENANT}`);
		assert.equal('host' in z, false);
	});
	it('az login: flags of other az commands before it are not read', () => {
		const r = parse(`az role assignment create --assignee ${CLIENT} --role Reader --scope /subscriptions/0000\naz login --service-principal -u ${CLIENT} -p secret --tenant ${TENANT}`);
		assert.equal(r.params.scope, undefined);
		assert.equal(r.params.client_id, CLIENT);
		assert.deepEqual(r.credentials, ['secret']);
	});
	it('a bulk list with a key named like an environment variable is still a bulk list', () => {
		const r = parse(`grant_type: client_credentials\nclient_id: ${CLIENT}\nenvironment: production`);
		assert.equal(r.format, 'bulk');
		assert.equal(r.params.environment, 'production');
	});
});

describe('request readers (mutation 2): what is claimed and how it is dispatched', () => {
	it('error texts: error_codes without a space, error_description at the start', () => {
		assert.equal(looksLikeRequest(`grant_type=client_credentials&client_id=${CLIENT}\n{"error":"invalid_client","error_codes":[7000215]}`), false);
		assert.equal(looksLikeRequest(`error_description=bad+secret\ngrant_type=client_credentials`), false);
	});
	it('env names after other lines: setx indented, a YAML name with two spaces', () => {
		assert.equal(looksLikeRequest(`REM app\n  setx AZURE_CLIENT_ID ${CLIENT}`), true);
		assert.equal(looksLikeRequest(`env:\n  - name:  "AZURE_CLIENT_ID"\n    valueFrom:\n      secretKeyRef:\n        name: app`), true);
	});
	it('compact JSON bodies by each of their keys', () => {
		for (const body of ['{"grant_type":"client_credentials"}', '{"client_assertion":"x"}', '{"client_secret":"x"}', '{"client_secret": "x"}', '{"requested_token_use":"on_behalf_of"}']) {
			assert.equal(parse(body).format, 'json', body);
		}
	});
	it('an indented token URL line; a request line after blank lines; POST: and POST with two spaces', () => {
		assert.equal(looksLikeRequest(`client_id is set\n   ${TOKEN_URL}`), true);
		assert.equal(looksLikeRequest(`\n\n  POST ${TOKEN_URL}\n\nrefresh_token=x&scope=y`), true);
		assert.equal(looksLikeRequest(`POST:${TOKEN_URL}\n\nrefresh_token=x`), true);
		assert.equal(looksLikeRequest(`POST  ${TOKEN_URL}\n\nrefresh_token=x`), true);
	});
	it('an http token URL (the kit sandbox) in a raw request; POST with two spaces', () => {
		const r = parse(`POST http://localhost:7777/${TENANT}/oauth2/v2.0/token\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials`);
		assert.equal(r.format, 'http');
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials' });
		const s = parse(`POST  ${TOKEN_URL}\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials`);
		assert.equal(s.contentType, 'application/x-www-form-urlencoded');
	});
	it('request lines after a first text line: indented URL, POST:, POST: with a space, two spaces, http', () => {
		for (const line of [`   ${TOKEN_URL}`, `POST:${TOKEN_URL}`, `POST: ${TOKEN_URL}`, `POST  ${TOKEN_URL}`, `POST http://localhost:7777/${TENANT}/oauth2/v2.0/token`]) {
			const r = parse(`Token call\n${line}\ngrant_type    client_credentials\nclient_id    ${CLIENT}`);
			assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT }, line);
			assert.equal(r.tenant, TENANT, line);
		}
	});
});

describe('request readers (mutation 2): last forms', () => {
	it('parseFormBody: a blank pair between separators is no parameter', async () => {
		const { parseFormBody } = await import('../../../src/core/diagnose/request');
		assert.deepEqual(parseFormBody('a=1&  &b=2'), { a: '1', b: '2' });
	});
	it('a PowerShell script with Windows line endings: the quoted body variable is read', () => {
		const r = parse(`$body = "grant_type=client_credentials&client_id=${CLIENT}"\r\nInvoke-RestMethod -Method Post -Uri ${TOKEN_URL} -Body $body\r\n`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('a splat table at the very start of the text', () => {
		const r = parse(`@{\n  Uri = '${TOKEN_URL}'\n  Method = 'Post'\n  Body = @{ grant_type = 'client_credentials'; client_id = '${CLIENT}' }\n} | ForEach-Object { Invoke-RestMethod @_ }`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.method, 'POST');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('MSAL Python cut after the opening parenthesis', () => {
		const r = parse('app = msal.ConfidentialClientApplication(');
		assert.equal(r.format, 'msal-python');
		assert.equal(r.params.client_id, undefined);
	});
	it('Postman key-value lines with a space before the colon or none after it', () => {
		const r = parse(`POST ${TOKEN_URL}\nBody urlencoded\ngrant_type : client_credentials\nclient_id:${CLIENT}`);
		assert.equal(r.format, 'postman');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
});
