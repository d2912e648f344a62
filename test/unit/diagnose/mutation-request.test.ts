/**
 * Token-request readers, shape by shape, at the points a user's paste depends on: which value is read as the
 * tenant, client ID, credential, host, method and body encoding, which values stay open as variables, and what the
 * reader notes it could not see. Inputs are written here; expected values follow from the input and the protocol
 * (RFC 6749 form encoding, the tools' documented defaults), not from running the reader.
 */
import * as assert from 'node:assert/strict';
import { isUnresolvedValue, looksLikeRequest, parseFormBody, parseTokenRequest, shellWords, type ParsedTokenRequest } from '../../../src/core/diagnose/request';

const CLIENT = '0b5d7c1e-3a2f-4e6d-8c9b-1f2e3d4c5b6a';
const TENANT = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const GRAPH = 'https://graph.microsoft.com/.default';
const THUMB = 'C0FFEE0123456789ABCDEF0123456789ABCDEF01';

function parse(text: string): ParsedTokenRequest {
	assert.ok(looksLikeRequest(text), `looksLikeRequest rejected:\n${text}`);
	return parseTokenRequest(text);
}
const sorted = (a: readonly string[] | undefined) => [...(a ?? [])].sort();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: Record<string, unknown>) => `${b64url({ alg: 'RS256', typ: 'JWT' })}.${b64url(payload)}.c2lnbmF0dXJl`;

describe('request readers (mutation): small exported helpers', () => {
	it('parseFormBody: + is a space, %XX is decoded, a bad escape is kept, a bare name is empty, blanks are skipped', () => {
		assert.deepEqual(parseFormBody('a=b+c&d=%2F%3D&e&&f=%E0%A4%A&  g = h  '), { a: 'b c', d: '/=', e: '', f: '%E0%A4%A', g: 'h' });
		assert.deepEqual(parseFormBody('x=1\n\ny=2\n&z=3'), { x: '1', y: '2', z: '3' });
		assert.deepEqual(parseFormBody('k=a=b'), { k: 'a=b' }, 'only the first = separates name and value');
		assert.deepEqual(parseFormBody('k=1&k=2'), { k: '2' }, 'the last value wins');
		assert.deepEqual(parseFormBody('my%20name=v'), { 'my name': 'v' });
	});

	it('isUnresolvedValue: every kind of variable and placeholder, and plain values that are not', () => {
		for (const v of ['${{ secrets.AZURE_CLIENT_ID }}', '{{clientId}}', 'x{{a}}y', '$env:CLIENT_ID', '${TENANT}', '$(cat id.txt)', '$clientId', '%CLIENT_ID%', '<tenant-id>', '{tenant}', '[REDACTED]', '[value hidden]', '[removed by kit]', '***', '*****', 'your-client-id', 'YOUR_TENANT', 'enter secret', 'paste-here', 'replace_me', 'insert id', 'process.env.CLIENT_ID', 'os.environ["X"]', 'os.getenv("X")', 'Environment.GetEnvironmentVariable("X")', 'config["AzureAd:ClientId"]', 'configuration.ClientId', 'builder.Configuration["x"]', 'settings.client_id', '  $x  ']) {
			assert.equal(isUnresolvedValue(v), true, v);
		}
		for (const v of ['', '   ', CLIENT, 'contoso.onmicrosoft.com', 'abc$5', '50%', '%X', 'X%', '**', '[x]', 'a<b>', '<a>b', '{a}b', 'a{b}', 'yourself', 'configured-secret', 'settingsX', 'Q~abc.def', 'a{b}}', '[redacted', 'redacted]']) {
			assert.equal(isUnresolvedValue(v), false, v);
		}
	});

	it('shellWords: quotes, escapes, ANSI-C quoting and continuations', () => {
		assert.deepEqual(shellWords(`curl -d "a \\"b\\" \\\\ \\$x \\\`y" 'c \\d' e\\ f $'g'`), ['curl', '-d', 'a "b" \\ $x `y', 'c \\d', 'e f', 'g']);
		assert.deepEqual(shellWords('a "x\\ny" b'), ['a', 'x\\ny', 'b'], 'inside double quotes a backslash before other characters stays');
		assert.deepEqual(shellWords('a \\\n b ^\r\n c `\n d'), ['a', 'b', 'c', 'd']);
		assert.deepEqual(shellWords('a\tb\r\nc  ""'), ['a', 'b', 'c', '']);
		assert.deepEqual(shellWords('  '), []);
		assert.deepEqual(shellWords('end\\'), ['end\\'], 'a trailing backslash is kept');
	});
});

describe('request readers (mutation): curl', () => {
	it('-XPOST, --request, --url and a host without a scheme', () => {
		const a = parse(`curl -XPOST --url ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(a.method, 'POST');
		assert.equal(a.url, TOKEN_URL);
		const b = parse(`curl --request put login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(b.method, 'PUT');
		assert.equal(b.host, 'login.microsoftonline.com');
		assert.equal(b.tenant, TENANT);
		assert.equal(b.url, TOKEN_URL);
	});
	it('no data means GET; data without -X means POST', () => {
		const g = parse(`curl "${TOKEN_URL}?grant_type=client_credentials&client_id=${CLIENT}"`);
		assert.equal(g.method, 'GET');
		assert.equal(g.bodyFormat, 'query');
		assert.deepEqual(g.queryParams, { grant_type: 'client_credentials', client_id: CLIENT });
		const p = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(p.method, 'POST');
		assert.equal(p.bodyFormat, 'form');
	});
	it('arguments of -o, --proxy, -e, --cert, -w are not taken as the URL or the body', () => {
		const r = parse(`curl -o out.json --proxy http://proxy.corp:8080 -e https://referer.example.com/x --cert client.pem -w '%{http_code}' -H 'Accept: application/json' ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(r.host, 'login.microsoftonline.com');
		assert.equal(r.url, TOKEN_URL);
		assert.deepEqual(r.params, { grant_type: 'client_credentials' });
		assert.equal(r.contentType, undefined);
	});
	it('stops at the end of the command: a second curl after && or a pipe is not read', () => {
		for (const sep of ['&&', '|', ';', '||']) {
			const r = parse(`curl -s ${TOKEN_URL} -d grant_type=client_credentials -d client_id=${CLIENT} ${sep} curl -H "Authorization: Bearer x" https://graph.microsoft.com/v1.0/users -d other=1`);
			assert.equal(r.host, 'login.microsoftonline.com', sep);
			assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT }, sep);
		}
		const w = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials > out.json -d x=y`);
		assert.deepEqual(w.params, { grant_type: 'client_credentials' });
	});
	it('finds the command after prose or a shell prompt, and curl.exe', () => {
		for (const prefix of ['Here is what I run:\n', '$ ', 'PS C:\\Users\\me> ', '> ']) {
			const r = parse(`${prefix}curl.exe -X POST ${TOKEN_URL} -d grant_type=client_credentials -d client_id=${CLIENT}`);
			assert.equal(r.format, 'curl', prefix);
			assert.equal(r.tenant, TENANT, prefix);
			assert.equal(r.params.client_id, CLIENT, prefix);
		}
	});
	it('--json is a JSON body; a JSON -d is JSON even without the header', () => {
		const a = parse(`curl ${TOKEN_URL} --json '{"grant_type":"client_credentials","client_id":"${CLIENT}"}'`);
		assert.equal(a.bodyFormat, 'json');
		assert.equal(a.contentType, 'application/json');
		assert.equal(a.method, 'POST');
		const b = parse(`curl ${TOKEN_URL} -d '{"grant_type":"client_credentials","client_id":"${CLIENT}"}'`);
		assert.equal(b.bodyFormat, 'json');
		assert.equal(b.params.client_id, CLIENT);
		const c = parse(`curl ${TOKEN_URL} -H "Content-Type: application/json" -d 'grant_type=client_credentials'`);
		assert.equal(c.bodyFormat, 'json', 'the header says JSON, so the server reads it as JSON');
	});
	it('--data-raw @x is a literal value; --data-binary @file is a file', () => {
		const raw = parse(`curl ${TOKEN_URL} --data-raw @grant_type=client_credentials`);
		assert.equal(raw.notes, undefined);
		const bin = parse(`curl ${TOKEN_URL} --data-binary @body.txt -d grant_type=client_credentials`);
		assert.ok(bin.notes?.some((n) => n.includes('--data-binary @body.txt') && n.includes('body.txt')));
		assert.ok(bin.unresolved?.includes('body'));
	});
	it('-dname=value (no space) is read', () => {
		const r = parse(`curl ${TOKEN_URL} -dgrant_type=client_credentials -dclient_id=${CLIENT}`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('--data-urlencode forms: @file, =content, content without name', () => {
		const r = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode @body.txt --data-urlencode =nameless --data-urlencode "client_id=${CLIENT}"`);
		assert.ok(r.unresolved?.includes('body'));
		assert.ok(r.notes?.some((n) => n.includes('body.txt')));
		assert.ok(r.notes?.some((n) => n.includes('=nameless') && n.includes('without a name')));
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params[''], undefined);
	});
	it('-F name=<file is a file; -F values are interpolated', () => {
		const r = parse(`ID=${CLIENT}\ncurl ${TOKEN_URL} -F grant_type=client_credentials -F "client_id=$ID" -F client_assertion=<assertion.jwt`);
		assert.equal(r.params.client_id, CLIENT);
		assert.ok(r.unresolved?.includes('client_assertion'));
		assert.ok(!r.unresolved?.includes('client_id'));
		assert.ok(r.notes?.some((n) => n.includes('assertion.jwt') && n.includes('client_assertion')));
		assert.equal(r.bodyFormat, 'multipart');
	});
	it('-u without a colon adds nothing; a header without a colon is ignored', () => {
		const r = parse(`curl -u ${CLIENT} -H "X-Bad" ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(r.params.client_id, undefined);
		assert.equal(r.params.client_secret, undefined);
		assert.equal(r.notes, undefined);
		const u = parse(`curl --user "${CLIENT}:p:w" ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(u.params.client_secret, 'p:w', 'the secret is everything after the first colon');
		assert.ok(u.notes?.some((n) => n.includes('-u')));
		assert.equal(u.credential, 'secret');
	});
	it('Authorization: Basic with form-encoded id and secret (client_secret_basic)', () => {
		const r = parse(`curl ${TOKEN_URL} -H "Authorization: Basic ${b64(`${CLIENT}:a%2Bb%3Ac`)}" -d grant_type=client_credentials`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 'a+b:c');
		assert.ok(r.notes?.some((n) => /Basic/.test(n)));
		const bearer = parse(`curl ${TOKEN_URL} -H "Authorization: Bearer ${b64(`${CLIENT}:x`)}" -d grant_type=client_credentials`);
		assert.equal(bearer.params.client_id, undefined);
		const noColon = parse(`curl ${TOKEN_URL} -H "Authorization: Basic ${b64('justone')}" -d grant_type=client_credentials`);
		assert.equal(noColon.params.client_id, undefined);
		const leading = parse(`curl ${TOKEN_URL} -H "Authorization: Basic ${b64(':secret')}" -d grant_type=client_credentials`);
		assert.equal(leading.params.client_secret, undefined, 'an empty id is not client_secret_basic');
	});
	it('-G with data moves it into the query; -G with a query only', () => {
		const r = parse(`curl -G ${TOKEN_URL} --data-urlencode grant_type=client_credentials -X POST`);
		assert.equal(r.method, 'GET');
		assert.equal(r.bodyFormat, 'query');
	});
	it('shell variables in the URL, with ${X} and lower-case lookups', () => {
		const r = parse(`TENANT_ID=${TENANT}\ncurl "https://login.microsoftonline.com/\${TENANT_ID}/oauth2/v2.0/token" -d grant_type=client_credentials`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.unresolved, undefined);
	});
	it('a curl mentioned inside a PowerShell call is read as PowerShell', () => {
		const r = parse(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body @{ grant_type = "client_credentials"; client_id = "${CLIENT}" } # was: curl -d ...`);
		assert.equal(r.format, 'powershell');
		assert.equal(r.params.client_id, CLIENT);
	});
});

describe('request readers (mutation): URLs and authorities', () => {
	it('endpoint names: devicecode, v1 authorize, other; the host is lower-cased', () => {
		const dc = parseTokenRequest(`curl https://LOGIN.microsoftonline.com/${TENANT}/oauth2/v2.0/devicecode -d client_id=${CLIENT}`);
		assert.equal(dc.endpoint, 'devicecode');
		assert.equal(dc.host, 'login.microsoftonline.com');
		const v1 = parse(`https://login.microsoftonline.com/common/oauth2/authorize?client_id=${CLIENT}&response_type=code`);
		assert.equal(v1.endpoint, 'authorize');
		assert.equal(v1.endpointVersion, 'v1');
		assert.equal(v1.tenant, 'common');
		assert.equal(v1.authority, 'https://login.microsoftonline.com/common');
		const other = parse(`https://login.microsoftonline.com/common/oauth2/v2.0/logout?client_id=${CLIENT}`);
		assert.equal(other.endpoint, 'other');
		assert.equal(other.endpointVersion, 'v2');
	});
	it('B2C with /tfp/: the tenant and policy follow tfp', () => {
		const r = parse(`curl https://contoso.b2clogin.com/tfp/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(r.tenant, 'contoso.onmicrosoft.com');
		assert.equal(r.policy, 'B2C_1_signin');
		const plain = parse(TOKEN_URL.replace('/token', `/token?client_id=${CLIENT}`));
		assert.equal(plain.policy, undefined);
	});
	it('a percent-encoded placeholder tenant is decoded and left open; a placeholder host leaves the authority open', () => {
		const r = parse(`curl https://login.microsoftonline.com/%7Btenant%7D/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(r.tenant, '{tenant}');
		assert.deepEqual(r.unresolved, ['tenant']);
		const h = parse(`POST https://{{loginHost}}/${TENANT}/oauth2/v2.0/token\ngrant_type: client_credentials`);
		assert.ok(h.unresolved?.includes('authority'));
		assert.ok(!h.unresolved?.includes('tenant'));
	});
	it('query parameters do not override body parameters', () => {
		const r = parse(`curl "${TOKEN_URL}?client_id=from-query&scope=q" -d client_id=${CLIENT} -d grant_type=client_credentials`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.scope, 'q');
		assert.deepEqual(r.queryParams, { client_id: 'from-query', scope: 'q' });
		assert.equal(r.bodyFormat, 'form');
	});
	it('authority forms in configuration: v2.0 suffix, B2C policy, tfp, a bare tenant, a concatenation', () => {
		const v2 = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}/v2.0", client_credential="s")`);
		assert.equal(v2.tenant, TENANT);
		assert.equal(v2.endpointVersion, 'v2');
		assert.equal(v2.policy, undefined);
		const b2c = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin", client_credential="s")`);
		assert.equal(b2c.tenant, 'contoso.onmicrosoft.com');
		assert.equal(b2c.policy, 'B2C_1_signin');
		assert.equal(b2c.host, 'contoso.b2clogin.com');
		const tfp = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://contoso.b2clogin.com/tfp/contoso.onmicrosoft.com/B2C_1_signin", client_credential="s")`);
		assert.equal(tfp.tenant, 'contoso.onmicrosoft.com');
		assert.equal(tfp.policy, 'B2C_1_signin');
		const bare = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithAuthority("contoso.onmicrosoft.com").WithClientSecret("s").Build();`);
		assert.equal(bare.tenant, 'contoso.onmicrosoft.com');
		assert.equal(bare.authority, 'contoso.onmicrosoft.com');
		assert.equal(bare.unresolved, undefined);
		const concat = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/" + tenantId, clientSecret: "s" } });`);
		assert.equal(concat.host, 'login.microsoftonline.com');
		assert.equal(concat.tenant, undefined);
		assert.deepEqual(concat.unresolved, ['authority']);
	});
});

describe('request readers (mutation): raw HTTP, REST Client and Postman', () => {
	it('a REST Client preamble (comments, ###, @variables) before the request line is dropped', () => {
		const r = parse(`# token for the daemon\n// second comment\n@tenant = ${TENANT}\n###\nPOST ${TOKEN_URL} HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(r.format, 'http');
		assert.equal(r.method, 'POST');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.bodyFormat, 'form');
	});
	it('a relative target without a Host header: the tenant is read, no URL or host is made up', () => {
		const r = parse(`POST /${TENANT}/oauth2/v2.0/token\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.url, undefined);
		assert.equal(r.host, undefined);
		assert.equal(r.authority, undefined);
		assert.equal(r.endpoint, 'token');
	});
	it('a Host header without a scheme (as the protocol documentation shows the request)', () => {
		const r = parse(`POST /${TENANT}/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com/\n\ngrant_type=client_credentials`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.authority, `https://login.microsoftonline.com/${TENANT}`);
	});
	it('GET with the parameters in the query only; body parameters win over the query', () => {
		const g = parse(`GET ${TOKEN_URL}?grant_type=client_credentials&client_id=${CLIENT} HTTP/1.1\nAccept: application/json`);
		assert.equal(g.method, 'GET');
		assert.equal(g.bodyFormat, 'query');
		assert.equal(g.params.client_id, CLIENT);
		const p = parse(`POST ${TOKEN_URL}?client_id=q\n\nclient_id=${CLIENT}&grant_type=client_credentials`);
		assert.equal(p.params.client_id, CLIENT);
		assert.equal(p.bodyFormat, 'form');
	});
	it('a JSON body in raw HTTP: arrays, null, numbers, nested objects, a trailing comma', () => {
		const r = parse(`POST ${TOKEN_URL}\nContent-Type: application/json\n\n{ "grant_type": "client_credentials", "client_id": "${CLIENT}", "scope": ["a", "b"], "x": null, "n": 5, "o": { "k": 1 }, "client_secret": "$SECRET", }`);
		assert.equal(r.bodyFormat, 'json');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: 'a b', x: '', n: '5', o: '{"k":1}', client_secret: '$SECRET' });
		assert.ok(r.unresolved?.includes('client_secret'));
		assert.ok(!r.unresolved?.includes('client_id') && !r.unresolved?.includes('n'));
	});
	it('an HTTP Basic header in raw HTTP', () => {
		const r = parse(`POST ${TOKEN_URL}\nAuthorization: Basic ${b64(`${CLIENT}:s3cret`)}\n\ngrant_type=client_credentials`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 's3cret');
	});
	it("Postman section titles: Query Params, Headers (n), Body form-data, Authorization and Response ignored", () => {
		const r = parse(`POST Token\n${TOKEN_URL}\nAuthorization\nclient_secret: ignored\nHeaders (2)\nContent-Type: multipart/form-data\nBody form-data\ngrant_type: client_credentials\nclient_id: ${CLIENT}\nResponse Body\nerror: invalid_client`);
		assert.equal(r.format, 'postman');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.bodyFormat, 'multipart');
		assert.equal(r.contentType, 'multipart/form-data');
	});
	it('Postman raw JSON body; a form line inside a section', () => {
		const j = parse(`POST ${TOKEN_URL}\nBODY raw\n{\n  "grant_type": "client_credentials",\n  "client_id": "${CLIENT}"\n}`);
		assert.equal(j.format, 'postman');
		assert.equal(j.bodyFormat, 'json');
		assert.equal(j.params.client_id, CLIENT);
		const f = parse(`POST ${TOKEN_URL}\nBody\ngrant_type=client_credentials&client_id=${CLIENT}&scope=${encodeURIComponent(GRAPH)}`);
		assert.deepEqual(f.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
		assert.equal(f.bodyFormat, 'form');
	});
	it('Query Params only: the parameters travel in the query', () => {
		const r = parse(`GET ${TOKEN_URL}\nQuery Params\ngrant_type: client_credentials\nclient_id: ${CLIENT}`);
		assert.equal(r.bodyFormat, 'query');
		assert.deepEqual(r.queryParams, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('a URL line then key: value lines is http; key: value lines alone are bulk', () => {
		const h = parse(`${TOKEN_URL}\ngrant_type: client_credentials\nclient_id: ${CLIENT}\nfoo bar baz`);
		assert.equal(h.format, 'http');
		assert.equal(h.params.client_id, CLIENT);
		const b = parse(`// Postman bulk edit\ngrant_type: client_credentials\nclient_id: ${CLIENT}\nscope: ${GRAPH}`);
		assert.equal(b.format, 'bulk');
		assert.deepEqual(b.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
	});
	it('a Postman block whose values are Postman variables keeps them open, and headers are not parameters', () => {
		const r = parse(`POST ${TOKEN_URL}\nHeaders\nclient_id: not-a-param\nBody urlencoded\ngrant_type: client_credentials\nclient_secret: {{secret}}`);
		assert.equal(r.params.client_id, undefined);
		assert.deepEqual(r.unresolved, ['client_secret']);
	});
	it('a Postman block with no OAuth parameter is not read as one', () => {
		const r = parseTokenRequest(`POST https://example.com/api\nHeaders\nAccept: text/plain\nBody\nfoo: bar`);
		assert.equal(r.params.grant_type, undefined);
		assert.notEqual(r.format, 'postman');
	});
});

describe('request readers (mutation): PowerShell', () => {
	it('Invoke-WebRequest / irm aliases and -Method:Post', () => {
		for (const cmd of ['Invoke-WebRequest', 'irm', 'iwr']) {
			const r = parse(`${cmd} -Uri "${TOKEN_URL}" -Method:Post -Body @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }`);
			assert.equal(r.format, 'powershell', cmd);
			assert.equal(r.method, 'POST', cmd);
			assert.equal(r.params.client_id, CLIENT, cmd);
			assert.equal(r.bodyFormat, 'form', cmd);
			assert.equal(r.tenant, TENANT, cmd);
		}
	});
	it('no -Method: GET, with a note naming the cmdlet and its default; the body then travels as a query', () => {
		const r = parse(`Invoke-RestMethod -Uri "${TOKEN_URL}" -Body @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }`);
		assert.equal(r.method, 'GET');
		assert.equal(r.bodyFormat, 'query');
		assert.ok(r.notes?.some((n) => n.includes('Invoke-RestMethod') && n.includes('default')));
	});
	it('-ContentType application/json makes the hashtable body JSON', () => {
		const r = parse(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -ContentType 'application/json' -Body @{ grant_type = "client_credentials" }`);
		assert.equal(r.contentType, 'application/json');
		assert.equal(r.bodyFormat, 'json');
	});
	it('a string body: form-encoded with interpolated variables, and a JSON string', () => {
		const f = parse(`$clientId = "${CLIENT}"\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body "grant_type=client_credentials&client_id=$clientId"`);
		assert.deepEqual(f.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(f.bodyFormat, 'form');
		const j = parse(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body '{"grant_type":"client_credentials","client_id":"${CLIENT}"}'`);
		assert.equal(j.bodyFormat, 'json');
		assert.equal(j.params.client_id, CLIENT);
	});
	it('a string assigned to $body, then -Body $body', () => {
		const r = parse(`$body = "grant_type=client_credentials&client_id=${CLIENT}&scope=${GRAPH}"\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
	});
	it('$json = $body | ConvertTo-Json, then -Body $json: JSON with the hashtable\'s values', () => {
		const r = parse(`$body = @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }\n$json = $body | ConvertTo-Json\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $json`);
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.client_id, CLIENT);
		const inline = parse(`$json = @{ grant_type = "client_credentials"; client_id = "${CLIENT}" } | ConvertTo-Json\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $json`);
		assert.equal(inline.bodyFormat, 'json');
		assert.equal(inline.params.client_id, CLIENT);
	});
	it('the body hashtable is found by its name, not by another hashtable before it', () => {
		const r = parse(`$headers = @{ client_id = "header-value" }\n$payload = @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Headers $headers -Body $payload`);
		assert.equal(r.params.client_id, CLIENT);
	});
	it('$env: values: known from an assignment in the text, else open', () => {
		const r = parse(`$env:APP_ID = "${CLIENT}"\n$body = @{ grant_type = "client_credentials"; client_id = $env:APP_ID; client_secret = $env:APP_SECRET }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, '$env:APP_SECRET');
		assert.deepEqual(r.unresolved, ['client_secret']);
	});
	it('single-quoted strings are not interpolated; numbers and booleans are values', () => {
		const r = parse(`$clientId = "${CLIENT}"\n$body = @{ grant_type = 'client_credentials'; client_id = '$clientId'; max_age = 300; flag = $true }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.equal(r.params.client_id, '$clientId');
		assert.ok(r.unresolved?.includes('client_id'));
		assert.equal(r.params.max_age, '300');
		assert.equal(r.params.flag, 'true');
		assert.ok(!r.unresolved?.includes('max_age'));
		assert.ok(!r.unresolved?.includes('flag'));
	});
	it('"…{0}…" -f $tenantId with the variable defined above', () => {
		const r = parse(`$tenantId = "${TENANT}"\nInvoke-RestMethod -Method Post -Uri ("https://login.microsoftonline.com/{0}/oauth2/v2.0/token" -f $tenantId) -Body @{ grant_type = "client_credentials" }`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.unresolved, undefined);
		const open = parse(`Invoke-RestMethod -Method Post -Uri ("https://login.microsoftonline.com/{0}/oauth2/v2.0/token" -f $tenantId) -Body @{ grant_type = "client_credentials" }`);
		assert.deepEqual(open.unresolved, ['tenant']);
	});
	it('Connect-AzAccount with a service principal and a certificate thumbprint; Connect-MgGraph with a secret credential', () => {
		const az = parse(`Connect-AzAccount -ServicePrincipal -ApplicationId "${CLIENT}" -Tenant "${TENANT}" -CertificateThumbprint $thumb -Environment AzureUSGovernment`);
		assert.equal(az.tool, 'Connect-AzAccount');
		assert.equal(az.params.client_id, CLIENT);
		assert.equal(az.tenant, TENANT);
		assert.equal(az.credential, 'certificate');
		assert.equal(az.thumbprintKind, 'sha1');
		assert.deepEqual(az.unresolved, ['thumbprint']);
		assert.equal(az.host, 'login.microsoftonline.us');
		assert.equal(az.params.grant_type, 'client_credentials');
		assert.deepEqual(az.inferred, ['grant_type']);
		const mg = parse(`Connect-MgGraph -TenantId ${TENANT} -ClientSecretCredential $cred -AppId ${CLIENT}`);
		assert.equal(mg.tool, 'Connect-MgGraph');
		assert.equal(mg.credential, 'secret');
		assert.equal(mg.params.client_id, CLIENT);
		const sp = parse(`Connect-AzAccount -ServicePrincipal -Credential $pscred -Tenant ${TENANT} -ApplicationId ${CLIENT}`);
		assert.equal(sp.credential, 'secret');
	});
	it('Connect-AzAccount with a federated token or a certificate file; no credential means no grant is inferred', () => {
		const fed = parse(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -FederatedToken $token`);
		assert.equal(fed.credential, 'federated');
		const file = parse(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificatePath "C:\\certs\\app.pfx" -CertificatePassword $pw`);
		assert.equal(file.credential, 'certificate');
		assert.equal(file.certificatePath, 'C:\\certs\\app.pfx');
		assert.equal(file.thumbprint, undefined);
		const none = parse(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT}`);
		assert.equal(none.credential, 'none');
		assert.equal(none.params.grant_type, undefined);
		assert.equal(none.inferred, undefined);
		const pub = parse(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -Environment Global`);
		assert.equal(pub.host, undefined, 'an environment name the kit does not know sets no host');
	});
	it('an interactive Connect-MgGraph with scopes only is not a token request', () => {
		assert.equal(looksLikeRequest('Connect-MgGraph -Scopes "User.Read.All","Group.Read.All"'), false);
	});
});

describe('request readers (mutation): msal-node', () => {
	it('azureCloudInstance, a sha1 thumbprint, an unresolved thumbprint', () => {
		const r = parse(`const cca = new msal.ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.partner.microsoftonline.cn/${TENANT}", azureCloudInstance: AzureCloudInstance.AzureChina, clientCertificate: { thumbprint: "${THUMB}", privateKey } } });`);
		assert.equal(r.host, 'login.partner.microsoftonline.cn');
		assert.equal(r.thumbprint, THUMB);
		assert.equal(r.thumbprintKind, 'sha1');
		assert.equal(r.clientType, 'confidential');
		const s = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientCertificate: { thumbprintSha256: process.env.THUMB, privateKey } } });`);
		assert.equal(s.thumbprintKind, 'sha256');
		assert.deepEqual(s.unresolved, ['thumbprint']);
		assert.equal(s.tenant, undefined);
	});
	it('clientAssertion is an assertion credential', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientAssertion: getAssertion } });`);
		assert.equal(r.credential, 'assertion');
		assert.deepEqual(r.credentials, ['assertion']);
	});
	it('a public client redeeming a code with a verifier and redirect URI', () => {
		const r = parse(`const pca = new PublicClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/organizations" } });\nconst result = await pca.acquireTokenByCode({ code: req.query.code, scopes: ["User.Read"], redirectUri: "http://localhost:3000/redirect", codeVerifier: "${'v'.repeat(43)}" });`);
		assert.equal(r.clientType, 'public');
		assert.equal(r.params.grant_type, 'authorization_code');
		assert.equal(r.params.redirect_uri, 'http://localhost:3000/redirect');
		assert.equal(r.params.code_verifier, 'v'.repeat(43));
		assert.equal(r.params.scope, 'User.Read');
		assert.equal(r.credential, 'none');
	});
	it('On-Behalf-Of: the grant, requested_token_use and the user assertion', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: "s" } });\nconst res = await cca.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: ["https://graph.microsoft.com/User.Read"] });`);
		assert.equal(r.params.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		assert.equal(r.params.requested_token_use, 'on_behalf_of');
		assert.deepEqual(sorted(r.inferred), ['grant_type', 'requested_token_use']);
		assert.equal(r.params.assertion, 'userToken');
		assert.ok(r.unresolved?.includes('assertion'));
		assert.equal(r.params.client_secret, 's');
	});
	it('refresh tokens, and scopes from a variable defined elsewhere', () => {
		const r = parse(`const graphScopes = ["${GRAPH}"];\nconst cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: secret } });\nawait cca.acquireTokenByRefreshToken({ refreshToken: rt, scopes: graphScopes });`);
		assert.equal(r.params.grant_type, 'refresh_token');
		assert.equal(r.params.scope, GRAPH);
		assert.ok(r.unresolved?.includes('client_secret'));
	});
	it('an auth block without new …Application() is still msal-node configuration', () => {
		const r = parse(`const config = {\n  auth: {\n    clientId: "${CLIENT}",\n    authority: "https://login.microsoftonline.com/${TENANT}",\n  },\n};`);
		assert.equal(r.format, 'msal-node');
		assert.equal(r.clientType, undefined);
		assert.equal(r.params.grant_type, undefined);
	});
});

describe('request readers (mutation): MSAL.NET', () => {
	it('a public client; WithCertificate without sendX5C has no x5c note; WithRedirectUri', () => {
		const r = parse(`var app = PublicClientApplicationBuilder.Create("${CLIENT}").WithRedirectUri("http://localhost").WithTenantId("${TENANT}").Build();`);
		assert.equal(r.clientType, 'public');
		assert.equal(r.params.redirect_uri, 'http://localhost');
		assert.equal(r.tenant, TENANT);
		const c = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithCertificate(cert).WithAuthority("https://login.microsoftonline.com/${TENANT}").Build();`);
		assert.equal(c.notes, undefined);
		assert.equal(c.tenant, TENANT);
		assert.equal(c.credential, 'certificate');
		const x5c = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithCertificate(cert, sendX5C: true).Build();`);
		assert.ok(x5c.notes?.some((n) => n.includes('x5c')));
		const no = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithCertificate(cert, false).Build();`);
		assert.equal(no.notes, undefined);
	});
	it('WithClientAssertion; OBO and authorization-code calls', () => {
		const a = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientAssertion(GetAssertion).Build();\nvar r = await app.AcquireTokenOnBehalfOf(scopes, new UserAssertion(token)).ExecuteAsync();`);
		assert.equal(a.credential, 'assertion');
		assert.equal(a.params.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		const c = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret(secret).Build();\nvar r = await app.AcquireTokenByAuthorizationCode(new[] { "User.Read" }, code).ExecuteAsync();`);
		assert.equal(c.params.grant_type, 'authorization_code');
		assert.equal(c.params.scope, 'User.Read');
	});
	it('WithAuthority(instance URL, tenant) and WithAuthority(cloud, unresolved tenant)', () => {
		const u = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithAuthority("https://LOGIN.microsoftonline.us", "${TENANT}").WithClientSecret("s").Build();`);
		assert.equal(u.host, 'login.microsoftonline.us');
		assert.equal(u.tenant, TENANT);
		assert.equal(u.authority, `https://login.microsoftonline.us/${TENANT}`);
		const v = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithAuthority(AzureCloudInstance.AzureChina, tenantId).WithClientSecret("s").Build();`);
		assert.equal(v.host, 'login.partner.microsoftonline.cn');
		assert.deepEqual(v.unresolved, ['tenant']);
		const w = parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithAuthority(instance, "${TENANT}").WithClientSecret("s").Build();`);
		assert.equal(w.host, undefined);
		assert.equal(w.authority, undefined);
		assert.equal(w.tenant, TENANT);
	});
	it('scopes from a string[] variable', () => {
		const r = parse(`string[] scopes = new string[] { "${GRAPH}" };\nvar app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret("s").Build();\nvar result = await app.AcquireTokenForClient(scopes).ExecuteAsync();`);
		assert.equal(r.params.scope, GRAPH);
	});
});

describe('request readers (mutation): MSAL Python', () => {
	it('a public client; a client_assertion dict; a pfx path', () => {
		const p = parse(`app = msal.PublicClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}")`);
		assert.equal(p.clientType, 'public');
		assert.equal(p.credential, 'none');
		const a = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential={"client_assertion": assertion})`);
		assert.equal(a.credential, 'assertion');
		const pfx = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential={"private_key_pfx_path": "/certs/app.pfx", "thumbprint": os.environ["THUMB"]})`);
		assert.equal(pfx.credential, 'certificate');
		assert.equal(pfx.certificatePath, '/certs/app.pfx');
		assert.ok(pfx.unresolved?.includes('thumbprint'));
		assert.equal(pfx.thumbprintKind, 'sha1');
	});
	it('client_credential named by a variable that holds the dict', () => {
		const r = parse(`cred = {\n    "thumbprint": "${THUMB}",\n    "private_key": key,\n}\napp = msal.ConfidentialClientApplication(client_id="${CLIENT}", client_credential=cred)`);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.thumbprint, THUMB);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, undefined);
	});
	it('a secret from a variable the text defines', () => {
		const r = parse(`SECRET = "abc~123"\napp = msal.ConfidentialClientApplication("${CLIENT}", client_credential=SECRET)`);
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_secret, 'abc~123');
	});
	it('OBO, the auth-code flow with redirect_uri, and scopes from a module constant', () => {
		const o = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_on_behalf_of(user_assertion=token, scopes=["${GRAPH}"])`);
		assert.equal(o.params.grant_type, 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		assert.equal(o.params.scope, GRAPH);
		const c = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_by_authorization_code(code, scopes=["User.Read"], redirect_uri="https://app.example.com/cb")`);
		assert.equal(c.params.grant_type, 'authorization_code');
		assert.equal(c.params.redirect_uri, 'https://app.example.com/cb');
		const k = parse(`SCOPES = ["${GRAPH}"]\napp = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_for_client(scopes=SCOPES)`);
		assert.equal(k.params.scope, GRAPH);
		const pos = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_for_client(["${GRAPH}"])`);
		assert.equal(pos.params.scope, GRAPH);
		const flow = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_by_auth_code_flow(flow, request.args)`);
		assert.equal(flow.params.grant_type, 'authorization_code');
	});
});

describe('request readers (mutation): azure-identity', () => {
	it('ClientAssertionCredential and WorkloadIdentityCredential', () => {
		const a = parse(`credential = ClientAssertionCredential("${TENANT}", "${CLIENT}", get_assertion)`);
		assert.equal(a.credential, 'assertion');
		assert.equal(a.tenant, TENANT);
		assert.equal(a.params.client_id, CLIENT);
		const w = parse(`credential = WorkloadIdentityCredential(tenant_id="${TENANT}", client_id="${CLIENT}")`);
		assert.equal(w.credential, 'federated');
		assert.equal(w.params.grant_type, 'client_credentials');
	});
	it('ClientCertificateCredential with a certificatePath options object (JS) and positional path (Python)', () => {
		const js = parse(`const credential = new ClientCertificateCredential("${TENANT}", "${CLIENT}", { certificatePath: "/certs/app.pem" });`);
		assert.equal(js.credential, 'certificate');
		assert.equal(js.certificatePath, '/certs/app.pem');
		const py = parse(`credential = ClientCertificateCredential("${TENANT}", "${CLIENT}", "/certs/app.pem")`);
		assert.equal(py.certificatePath, '/certs/app.pem');
	});
	it('ClientSecretCredential with keywords; getToken scope', () => {
		const r = parse(`credential = ClientSecretCredential(tenant_id="${TENANT}", client_id="${CLIENT}", client_secret="abc~1")\ntoken = credential.get_token("${GRAPH}")`);
		assert.equal(r.params.client_secret, 'abc~1');
		assert.equal(r.params.scope, GRAPH);
		assert.equal(r.tenant, TENANT);
		const cs = parse(`var credential = new ClientSecretCredential(tenantId, clientId, clientSecret);\nvar token = await credential.GetTokenAsync(new TokenRequestContext(new[] { "${GRAPH}" }));`);
		assert.deepEqual(sorted(cs.unresolved), ['client_id', 'client_secret', 'tenant']);
		assert.equal(cs.params.scope, GRAPH);
	});
});

describe('request readers (mutation): Microsoft.Identity.Web appsettings', () => {
	it('an Authority, a top-level ClientSecret, Scopes as a string, a CallbackPath', () => {
		const r = parse(`{ "AzureAd": { "Authority": "https://login.microsoftonline.com/${TENANT}/v2.0", "ClientId": "${CLIENT}", "ClientSecret": "abc~1", "Scopes": "User.Read Mail.Read", "CallbackPath": "/signin-oidc" } }`);
		assert.equal(r.format, 'identity-web');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.endpointVersion, 'v2');
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_secret, 'abc~1');
		assert.equal(r.params.scope, 'User.Read Mail.Read');
		assert.ok(r.notes?.some((n) => n.includes('/signin-oidc')));
		assert.equal(r.clientType, 'confidential');
	});
	it('an empty ClientSecret is no credential; Instance without TenantId gives the host', () => {
		const r = parse(`{ "AzureAd": { "Instance": "https://login.microsoftonline.us/", "ClientId": "${CLIENT}", "ClientSecret": "" } }`);
		assert.equal(r.credential, 'none');
		assert.equal(r.host, 'login.microsoftonline.us');
		assert.equal(r.tenant, undefined);
		assert.equal(r.params.client_secret, undefined);
	});
	it('TenantId alone, a placeholder TenantId with an Instance, and the fragment form "AzureAd": {…}', () => {
		const t = parse(`{ "AzureAd": { "TenantId": "${TENANT}", "ClientId": "${CLIENT}" } }`);
		assert.equal(t.tenant, TENANT);
		assert.equal(t.unresolved, undefined);
		const p = parse(`"AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "<tenant-id>", "ClientId": "${CLIENT}" },`);
		assert.equal(p.format, 'identity-web');
		assert.equal(p.host, 'login.microsoftonline.com');
		assert.deepEqual(p.unresolved, ['tenant']);
		const open = parse(`{ "AzureAd": { "TenantId": "[Enter the tenant]", "ClientId": "${CLIENT}" } }`);
		assert.equal(open.tenant, '[Enter the tenant]');
		assert.equal(open.unresolved, undefined, 'a bracketed sample text is not a placeholder pattern the reader knows');
	});
	it('ClientCredentials: a secret source, a signed assertion, a disk certificate, a placeholder thumbprint', () => {
		const r = parse(`{ "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientCredentials": [ { "SourceType": "ClientSecret", "ClientSecret": "abc~2" }, { "SourceType": "SignedAssertionFromManagedIdentity" }, { "SourceType": "Path", "CertificateDiskPath": "/certs/app.pfx" }, { "SourceType": "StoreWithThumbprint", "CertificateStorePath": "LocalMachine/My", "CertificateThumbprint": "{{thumb}}" }, null, "x" ] } }`);
		assert.deepEqual(sorted(r.credentials), ['certificate', 'federated', 'secret']);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.params.client_secret, 'abc~2');
		assert.equal(r.certificatePath, '/certs/app.pfx');
		assert.equal(r.certificateStore, 'LocalMachine/My');
		assert.equal(r.tool, 'Microsoft.Identity.Web');
		assert.equal(r.thumbprint, '{{thumb}}');
		assert.deepEqual(r.unresolved, ['thumbprint']);
	});
	it('the section is found a few levels down, but not when ClientId has no companion key', () => {
		const r = parse(`{ "Services": { "Auth": { "Entra": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}" } } } }`);
		assert.equal(r.format, 'identity-web');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(looksLikeRequest(`{ "Logging": { "ClientId": "${CLIENT}" } }`), false);
	});
});

describe('request readers (mutation): environment lists', () => {
	it('ARM_* with a secret, a certificate password, AZURE_USERNAME and AZURE_SCOPE', () => {
		const r = parse(`ARM_CLIENT_ID=${CLIENT}\nARM_TENANT_ID=${TENANT}\nARM_CLIENT_SECRET=abc~3\nAZURE_CLIENT_CERTIFICATE_PASSWORD=pw\nAZURE_USERNAME=user@contoso.com\nAZURE_SCOPE=${GRAPH}\nUNRELATED=1`);
		assert.equal(r.format, 'env');
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_secret, 'abc~3');
		assert.equal(r.params.scope, GRAPH);
		assert.ok(r.notes?.some((n) => n.includes('AZURE_USERNAME')));
		assert.equal(r.params.UNRELATED, undefined);
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.equal(r.authority, undefined, 'no host is named, so no authority is made up');
	});
	it('Kubernetes name/value pairs and the workload-identity annotation', () => {
		const k = parse(`env:\n  - name: AZURE_CLIENT_ID\n    value: "${CLIENT}"\n  - name: AZURE_TENANT_ID\n    value: ${TENANT}\n  - name: AZURE_FEDERATED_TOKEN_FILE\n    value: /var/run/secrets/azure/tokens/azure-identity-token`);
		assert.equal(k.params.client_id, CLIENT);
		assert.equal(k.tenant, TENANT);
		assert.equal(k.credential, 'federated');
		const a = parse(`metadata:\n  annotations:\n    azure.workload.identity/client-id: "${CLIENT}"\n    azure.workload.identity/tenant-id: "${TENANT}"`);
		assert.equal(a.params.client_id, CLIENT);
		assert.equal(a.tenant, TENANT);
		assert.equal(a.credential, 'none');
		assert.equal(a.params.grant_type, undefined);
	});
	it('setx, Dockerfile ENV (both forms), docker -e and .NET AzureAd__ names', () => {
		const s = parse(`setx AZURE_CLIENT_ID ${CLIENT}\nsetx AZURE_TENANT_ID ${TENANT}`);
		assert.equal(s.params.client_id, CLIENT);
		assert.equal(s.tenant, TENANT);
		const d = parse(`ENV AZURE_CLIENT_ID=${CLIENT}\nENV AZURE_TENANT_ID ${TENANT}`);
		assert.equal(d.params.client_id, CLIENT);
		assert.equal(d.tenant, TENANT);
		const n = parse(`AzureAd__ClientId=${CLIENT}\nAzureAd__TenantId=${TENANT}\nAzureAd__ClientSecret=abc~4`);
		assert.equal(n.params.client_id, CLIENT);
		assert.equal(n.credential, 'secret');
		const e = parse(`- AZURE_CLIENT_ID=${CLIENT}\n- AZURE_TENANT_ID=${TENANT}`);
		assert.equal(e.params.client_id, CLIENT);
	});
	it('the cloud name gives the host and the authority; an authority host wins over the cloud name', () => {
		const c = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}\nAZURE_ENVIRONMENT=AzureChinaCloud`);
		assert.equal(c.host, 'login.partner.microsoftonline.cn');
		assert.equal(c.authority, `https://login.partner.microsoftonline.cn/${TENANT}`);
		const h = parse(`AZURE_AUTHORITY_HOST=https://login.microsoftonline.us\nAZURE_ENVIRONMENT=AzureChinaCloud\nAZURE_CLIENT_ID=${CLIENT}`);
		assert.equal(h.host, 'login.microsoftonline.us');
		assert.equal(h.authority, 'https://login.microsoftonline.us');
		const bare = parse(`AZURE_AUTHORITY_HOST=Login.MicrosoftOnline.US/\nAZURE_CLIENT_ID=${CLIENT}`);
		assert.equal(bare.host, 'login.microsoftonline.us');
		const unknown = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_ENVIRONMENT=Mars`);
		assert.equal(unknown.host, undefined);
	});
	it('ARM_USE_OIDC=false is no federated credential; an open secret value is listed', () => {
		const r = parse(`ARM_CLIENT_ID=${CLIENT}\nARM_USE_OIDC=false\nARM_CLIENT_SECRET=$SECRET`);
		assert.deepEqual(r.credentials, ['secret']);
		assert.deepEqual(r.unresolved, ['client_secret']);
		const scope = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_SCOPE=$SCOPE`);
		assert.deepEqual(scope.unresolved, ['scope']);
		const t = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=\${{ secrets.TENANT }}`);
		assert.deepEqual(t.unresolved, ['tenant']);
	});
});

describe('request readers (mutation): az login', () => {
	it('a secret with --username/--password, --scope and a prompt', () => {
		const r = parse(`$ az login --service-principal --username ${CLIENT} --password abc~5 --tenant ${TENANT} --scope ${GRAPH}`);
		assert.equal(r.format, 'azure-cli');
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 'abc~5');
		assert.equal(r.params.scope, GRAPH);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.grant_type, 'client_credentials');
	});
	it('--certificate, --federated-token, --client-id, -t with a variable, and az cloud set', () => {
		const c = parse(`az cloud set --name AzureUSGovernment\naz login --service-principal --client-id ${CLIENT} --certificate /certs/app.pem -t $TENANT`);
		assert.equal(c.credential, 'certificate');
		assert.equal(c.certificatePath, '/certs/app.pem');
		assert.equal(c.host, 'login.microsoftonline.us');
		assert.deepEqual(c.unresolved, ['tenant']);
		assert.equal(c.params.client_id, CLIENT);
		const f = parse(`az login --service-principal -u ${CLIENT} -t ${TENANT} --federated-token "$(cat $AZURE_FEDERATED_TOKEN_FILE)"`);
		assert.equal(f.credential, 'federated');
		assert.equal(f.params.client_secret, undefined);
		const p = parse(`az login --service-principal -u ${CLIENT} --secret abc~6 -t ${TENANT}`);
		assert.equal(p.params.client_secret, 'abc~6');
		for (const ext of ['pfx', 'P12', 'crt', 'cer']) {
			assert.equal(parse(`az login --service-principal -u ${CLIENT} -p ./c.${ext} -t ${TENANT}`).credential, 'certificate', ext);
		}
	});
});

describe('request readers (mutation): the credential a request uses', () => {
	const base = `grant_type=client_credentials&client_id=${CLIENT}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer`;
	it('a client_assertion issued by another issuer is federated; a self-signed one is an assertion', () => {
		const fed = parse(`${base}&client_assertion=${jwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:ref:refs/heads/main', aud: 'api://AzureADTokenExchange' })}`);
		assert.equal(fed.credential, 'federated');
		const self = parse(`${base}&client_assertion=${jwt({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL })}`);
		assert.equal(self.credential, 'assertion');
		const noIss = parse(`${base}&client_assertion=${jwt({ sub: CLIENT })}`);
		assert.equal(noIss.credential, 'assertion');
		const garbage = parse(`${base}&client_assertion=not-a-jwt`);
		assert.equal(garbage.credential, 'assertion');
		const open = parse(`${base}&client_assertion={{assertion}}`);
		assert.equal(open.credential, 'assertion');
	});
	it('a secret and an assertion: the assertion is the credential named, both are listed', () => {
		const r = parse(`${base}&client_secret=abc&client_assertion=${jwt({ iss: CLIENT, sub: CLIENT })}`);
		assert.equal(r.credential, 'assertion');
		assert.deepEqual(r.credentials, ['secret', 'assertion']);
		const none = parse(`grant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(none.credential, 'none');
		assert.equal(none.credentials, undefined);
	});
});

describe('request readers (mutation): looksLikeRequest', () => {
	it('claims requests by their OAuth words, not any curl or request line', () => {
		assert.equal(looksLikeRequest('curl https://example.com/health'), false);
		assert.equal(looksLikeRequest('POST https://example.com/api/orders\n{"id": 1}'), false);
		assert.equal(looksLikeRequest(`curl https://example.com/oauth2/token`), true);
		assert.equal(looksLikeRequest(`GET https://example.com/x?client_id=${CLIENT}`), true);
		assert.equal(looksLikeRequest('Invoke-RestMethod -Uri https://example.com/api'), false);
		assert.equal(looksLikeRequest(`Invoke-RestMethod -Uri https://example.com/api -Body @{ client_id = "${CLIENT}" }`), true);
		assert.equal(looksLikeRequest(''), false);
		assert.equal(looksLikeRequest('   \n  '), false);
	});
	it('an Entra URL line plus a parameter name; sections need a parameter name', () => {
		assert.equal(looksLikeRequest(`${TOKEN_URL}\nclient_id ${CLIENT}`), true);
		assert.equal(looksLikeRequest(`POST: ${TOKEN_URL}\nthe client_id is wrong`), true);
		assert.equal(looksLikeRequest('Headers\nContent-Type: text/plain\nBody\nhello'), false);
		assert.equal(looksLikeRequest(`Headers\nContent-Type: text/plain\nBody\nclient_id ${CLIENT}`), true);
		assert.equal(looksLikeRequest(`https://example.com/page\nmy client_id is ${CLIENT}`), false);
	});
	it('a line with grant_type: or requested_token_use= is a request; the words in prose are not', () => {
		assert.equal(looksLikeRequest('grant_type: client_credentials'), true);
		assert.equal(looksLikeRequest('x=1&requested_token_use=on_behalf_of'), true);
		assert.equal(looksLikeRequest('what grant_type should I use'), false);
	});
	it('az login needs a service principal, a federated token or a certificate', () => {
		assert.equal(looksLikeRequest('az login'), false);
		assert.equal(looksLikeRequest('az login --use-device-code'), false);
		assert.equal(looksLikeRequest(`az login --federated-token x -u ${CLIENT} -t ${TENANT}`), true);
	});
	it('an error in a URL fragment or query is not a request', () => {
		assert.equal(looksLikeRequest(`https://app.example.com/cb#error=invalid_client&error_description=bad&client_id=${CLIENT}`), false);
	});
	it('a URL with a client_id query but no /oauth2/ path is not an authorize URL', () => {
		assert.equal(looksLikeRequest(`https://example.com/callback?client_id=${CLIENT}`), false);
	});
});

describe('request readers (mutation): variable assignments the text makes', () => {
	it('cmd set, const/let/var, C# string; an @{ or { value is not a literal', () => {
		for (const assign of [`set CID=${CLIENT}`, `const CID = "${CLIENT}";`, `let CID = '${CLIENT}'`, `var CID = "${CLIENT}";`, `string CID = @"${CLIENT}";`]) {
			const r = parse(`${assign}\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
			assert.equal(r.params.client_id, CLIENT, assign);
			assert.equal(r.unresolved, undefined, assign);
		}
		const h = parse(`CID = @{ a = 1 }\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.deepEqual(h.unresolved, ['client_id']);
		const eq = parse(`CID == "${CLIENT}"\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.deepEqual(eq.unresolved, ['client_id']);
		const expr = parse(`CID = $(get-id)\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.deepEqual(expr.unresolved, ['client_id']);
		const placeholder = parse(`CID="<client-id>"\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.deepEqual(placeholder.unresolved, ['client_id']);
	});
});

describe('request readers (mutation): curl, more forms', () => {
	it('a command after |, &&, ;, || or 2>&1 is not read into the request', () => {
		for (const sep of ['|', '&&', ';', '||', '2>&1']) {
			const r = parse(`curl -s ${TOKEN_URL} -d grant_type=client_credentials ${sep} echo https://portal.azure.com/x -d client_id=other`);
			assert.equal(r.host, 'login.microsoftonline.com', sep);
			assert.deepEqual(r.params, { grant_type: 'client_credentials' }, sep);
		}
		const two = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials\ncurl.exe https://graph.microsoft.com/v1.0/me -d x=1`);
		assert.deepEqual(two.params, { grant_type: 'client_credentials' });
	});
	it('-XPUT, --data-ascii, --form, --form-string, --get, --header, a URL from a variable with --url', () => {
		assert.equal(parse(`curl -XPUT ${TOKEN_URL} -d grant_type=client_credentials`).method, 'PUT');
		assert.deepEqual(parse(`curl ${TOKEN_URL} --data-ascii grant_type=client_credentials`).params, { grant_type: 'client_credentials' });
		const f = parse(`curl ${TOKEN_URL} --form grant_type=client_credentials --form-string client_id=${CLIENT}`);
		assert.deepEqual(f.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(f.bodyFormat, 'multipart');
		const g = parse(`curl --get ${TOKEN_URL} -d grant_type=client_credentials`);
		assert.equal(g.method, 'GET');
		const h = parse(`curl ${TOKEN_URL} --header "Content-Type : application/json" -d '{"grant_type":"client_credentials"}'`);
		assert.equal(h.contentType, 'application/json');
		const u = parse(`TOKEN_ENDPOINT=${TOKEN_URL}\ncurl --url "$TOKEN_ENDPOINT" -d grant_type=client_credentials`);
		assert.equal(u.tenant, TENANT);
		assert.equal(u.url, TOKEN_URL);
	});
	it('an argument flag after the URL does not replace it (--proxy, -o, -H with a URL in it)', () => {
		const r = parse(`curl ${TOKEN_URL} --proxy http://proxy.corp:8080 -o https://example.com/out -d grant_type=client_credentials`);
		assert.equal(r.host, 'login.microsoftonline.com');
		const d = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials example.com/not-a-second-url`);
		assert.equal(d.host, 'login.microsoftonline.com');
	});
	it('a JSON-looking body that is not JSON, sent as JSON, is still a JSON body', () => {
		const r = parse(`curl ${TOKEN_URL} -H 'Content-Type: application/json' -d '  {grant_type: "client_credentials"}'`);
		assert.equal(r.bodyFormat, 'json');
		const plain = parse(`curl ${TOKEN_URL} -d '{grant_type: "client_credentials"}' -d grant_type=client_credentials`);
		assert.equal(plain.bodyFormat, 'form', 'without the header a non-JSON body is form-encoded');
		const spaced = parse(`curl ${TOKEN_URL} -d '  {"grant_type":"client_credentials"}'`);
		assert.equal(spaced.bodyFormat, 'json');
	});
	it('--data-urlencode and -F values with an @ after the = are values, not files', () => {
		const r = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode "login_hint=user@contoso.com" -F "domain_hint=a@b"`);
		assert.equal(r.params.login_hint, 'user@contoso.com');
		assert.equal(r.params.domain_hint, 'a@b');
		assert.equal(r.notes, undefined);
		assert.equal(r.unresolved, undefined);
	});
	it('the notes name the parameter and the file exactly; a nameless value is cut to 40 characters', () => {
		const r = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode scope@scope.txt -F client_assertion=@a.jwt --data-urlencode "${'v'.repeat(60)}"`);
		assert.ok(r.notes?.includes("--data-urlencode scope@scope.txt: the value of scope is read from the file scope.txt, which the kit can't see."));
		assert.ok(r.notes?.includes("-F client_assertion=@a.jwt: the value of client_assertion comes from the file a.jwt, which the kit can't see."));
		assert.ok(r.notes?.includes(`--data-urlencode '${'v'.repeat(40)}' sends a value without a name.`));
		assert.equal(r.params.scope, 'scope@scope.txt');
		const bodyFile = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode @all.txt`);
		assert.ok(bodyFile.notes?.includes("--data-urlencode @all.txt: the value is read from the file all.txt, which the kit can't see."));
		const dFile = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data @body.txt`);
		assert.ok(dFile.notes?.includes("--data @body.txt: the body is read from the file body.txt, which the kit can't see; paste the file's content."));
	});
	it('-G without data has no body format; a POST without data or query has none either', () => {
		assert.equal(parseTokenRequest(`curl -G ${TOKEN_URL}`).bodyFormat, undefined);
		assert.equal(parseTokenRequest(`curl -X POST ${TOKEN_URL}`).bodyFormat, undefined);
	});
	it('shellWords: ^ before LF, continuations without spaces, single quotes keep backslashes', () => {
		assert.deepEqual(shellWords('a^\nb'), ['a', 'b']);
		assert.deepEqual(shellWords('a\\\nb'), ['a', 'b']);
		assert.deepEqual(shellWords('a`\nb'), ['a', 'b']);
		assert.deepEqual(shellWords(`'c\\$d' "e\\$f" ''`), ['c\\$d', 'e$f', '']);
	});
});

describe('request readers (mutation): Postman blocks, more forms', () => {
	it('the request line is read for its URL (with HTTP/1.1 after it) and POST:URL without a space', () => {
		const r = parse(`POST ${TOKEN_URL} HTTP/1.1\nBODY raw\n{"grant_type":"client_credentials","client_id":"${CLIENT}"}`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.format, 'postman');
		const n = parse(`POST:${TOKEN_URL}\nBody\ngrant_type: client_credentials`);
		assert.equal(n.url, TOKEN_URL);
		assert.equal(n.method, 'POST');
	});
	it('a raw body that is form-encoded, and a blank line between a key and its value', () => {
		const r = parse(`POST ${TOKEN_URL}\nBody raw\ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(r.bodyFormat, 'form');
		const b = parse(`POST Get token\n${TOKEN_URL}\nBODY urlencoded\ngrant_type\n\nclient_credentials\nclient_id\n\n${CLIENT}`);
		assert.deepEqual(b.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('form lines and key: value lines together count; a line starting with & continues the form', () => {
		const r = parse(`POST Get token\n${TOKEN_URL}\nBody\ngrant_type=client_credentials&x=1\nclient_id: ${CLIENT}\n&scope=${encodeURIComponent(GRAPH)}`);
		assert.equal(r.format, 'postman');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', x: '1', client_id: CLIENT, scope: GRAPH });
		const j = parse(`POST Get token\n${TOKEN_URL}\nQuery Params\nclient_id: ${CLIENT}\nBODY raw\n{"grant_type":"client_credentials"}`);
		assert.equal(j.format, 'postman');
		assert.equal(j.params.grant_type, 'client_credentials');
		const f = parse(`POST Get token\n${TOKEN_URL}\nQuery Params\nclient_id: ${CLIENT}\nBODY raw\ngrant_type=client_credentials`);
		assert.equal(f.format, 'postman');
		assert.equal(f.params.grant_type, 'client_credentials');
		assert.equal(f.bodyFormat, 'form');
	});
	it('a named Postman request without any OAuth parameter is read as raw HTTP', () => {
		const r = parseTokenRequest(`POST Get orders\nhttps://example.com/api/orders\nBody\nfoo: bar`);
		assert.equal(r.format, 'http');
	});
	it('Body formdata is multipart; query and body parameters together travel as a form', () => {
		assert.equal(parse(`POST ${TOKEN_URL}\nBody formdata\ngrant_type: client_credentials`).bodyFormat, 'multipart');
		const r = parse(`POST ${TOKEN_URL}\nQuery Params\nclient_id: ${CLIENT}\nBody\ngrant_type: client_credentials`);
		assert.equal(r.bodyFormat, 'form');
	});
	it('a JSON Content-Type header in a Postman block makes the body JSON', () => {
		const r = parse(`POST ${TOKEN_URL}\nHeaders\nContent-Type: application/json\nBody\ngrant_type: client_credentials`);
		assert.equal(r.bodyFormat, 'json');
	});
	it('section titles: Path Variables, Params, Request Headers, Cookies and Settings are recognised', () => {
		const r = parse(`POST ${TOKEN_URL}\nParams\nclient_id: ${CLIENT}\nCookies\nclient_secret: no\nRequest Headers\nAccept: application/json\nBody (x-www-form-urlencoded)\ngrant_type: client_credentials`);
		assert.equal(r.params.client_secret, undefined);
		assert.equal(r.queryParams?.client_id, CLIENT);
		assert.equal(r.params.Accept, undefined);
		assert.equal(r.params.grant_type, 'client_credentials');
	});
});

describe('request readers (mutation): raw HTTP, more forms', () => {
	it('headers without a space after the colon, a whitespace-only separator line, a Host with trailing slashes and spaces', () => {
		const r = parse(`POST /${TENANT}/oauth2/v2.0/token HTTP/1.1\nHost:   login.microsoftonline.com//  \nContent-Type:application/x-www-form-urlencoded\n   \ngrant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(r.url, TOKEN_URL);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('an http:// target is absolute; a JSON body after a blank line is read', () => {
		const r = parse(`POST http://localhost:8080/${TENANT}/oauth2/v2.0/token\nContent-Type: application/json\n\n\n  {"grant_type":"client_credentials","client_id":"${CLIENT}"}`);
		assert.equal(r.url, `http://localhost:8080/${TENANT}/oauth2/v2.0/token`);
		assert.equal(r.host, 'localhost:8080');
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.client_id, CLIENT);
	});
	it('a request with no parameters has no body format', () => {
		assert.equal(parseTokenRequest(`POST ${TOKEN_URL}\nAccept: application/json\n\n`).bodyFormat, undefined);
	});
	it('a REST Client preamble with indented comments and @name=value without spaces; an indented request line', () => {
		const r = parse(`  # token\n@tenant=${TENANT}\n  // note\n  POST ${TOKEN_URL}\n\ngrant_type=client_credentials`);
		assert.equal(r.format, 'http');
		assert.equal(r.params.grant_type, 'client_credentials');
	});
	it('a JSON body with a syntax error is not read as JSON', () => {
		const r = parseTokenRequest(`{"grant_type": "client_credentials" "client_id": "${CLIENT}"}`);
		assert.notEqual(r.format, 'json');
	});
	it('text before the request (a sentence) does not hide it when the first line is the request', () => {
		const r = parse(`POST ${TOKEN_URL}\ngrant_type: client_credentials\nclient_id: ${CLIENT}`);
		assert.equal(r.method, 'POST');
		assert.equal(r.format, 'http');
	});
});

describe('request readers (mutation): PowerShell, more forms', () => {
	it('quoted hashtable values may hold ; } { and quoted keys; no spaces around =', () => {
		const r = parse(`$body=@{ "grant_type"="client_credentials"; 'client_secret' = "p;a}s{s"; client_id = '${CLIENT}' }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_secret: 'p;a}s{s', client_id: CLIENT });
	});
	it('lower-case parameter names and a -ContentType with a charset', () => {
		const r = parse(`invoke-restmethod -method post -uri "${TOKEN_URL}" -contenttype "application/x-www-form-urlencoded; charset=utf-8" -body @{ grant_type = "client_credentials" }`);
		assert.equal(r.method, 'POST');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded; charset=utf-8');
		assert.equal(r.bodyFormat, 'form');
	});
	it('a splat with Method, ContentType, Headers and a string Body', () => {
		const r = parse(`$p = @{ Uri = "${TOKEN_URL}"; Method = 'Post'; ContentType = 'application/x-www-form-urlencoded'; Headers = @{ Accept = 'application/json' }; Body = "grant_type=client_credentials&client_id=${CLIENT}" }\nInvoke-RestMethod @p`);
		assert.equal(r.method, 'POST');
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
	});
	it('an inline -Body hashtable wins over another hashtable with a client_id before it', () => {
		const r = parse(`$h = @{ client_id = "wrong" }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Headers $h -Body @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }`);
		assert.equal(r.params.client_id, CLIENT);
		const c = parse(`$a = @{ client_id = "wrong" }\n$b = @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }\n$json = $b | ConvertTo-Json\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $json -ContentType 'application/json'`);
		assert.equal(c.params.client_id, CLIENT);
	});
	it('an [ordered] hashtable body; a body variable never assigned; a body read from a file', () => {
		const o = parse(`$body = [ordered]@{ grant_type = "client_credentials"; client_id = "${CLIENT}" }\nInvoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.deepEqual(o.params, { grant_type: 'client_credentials', client_id: CLIENT });
		assert.equal(o.bodyFormat, 'form');
		const n = parseTokenRequest(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body $body`);
		assert.equal(n.format, 'powershell');
		assert.equal(n.tenant, TENANT);
		assert.deepEqual(n.params, {});
		assert.equal(n.bodyFormat, undefined);
		const g = parseTokenRequest(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body (Get-Content ./body.txt -Raw)`);
		assert.deepEqual(g.params, {});
		const u = parseTokenRequest(`Invoke-RestMethod -Method Post -Uri $tokenUrl -Body @{ grant_type = "client_credentials" }`);
		assert.equal(u.format, 'powershell');
		assert.equal(u.params.grant_type, 'client_credentials');
	});
	it('a JSON string body with leading spaces', () => {
		const r = parse(`Invoke-RestMethod -Method Post -Uri "${TOKEN_URL}" -Body '  {"grant_type":"client_credentials"}'`);
		assert.equal(r.bodyFormat, 'json');
	});
	it('Connect cmdlets: no client ID, a -Certificate object, a service principal with a thumbprint only', () => {
		const noId = parseTokenRequest(`Connect-AzAccount -ServicePrincipal -Tenant ${TENANT} -CertificateThumbprint ${THUMB}`);
		assert.equal(noId.format, 'powershell');
		assert.equal(noId.tenant, TENANT);
		assert.equal(noId.params.client_id, undefined);
		const obj = parse(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT} -Certificate $cert`);
		assert.equal(obj.credential, 'certificate');
		assert.equal(obj.certificatePath, undefined);
		const sp = parse(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificateThumbprint ${THUMB}`);
		assert.deepEqual(sp.credentials, ['certificate']);
		const none = parse(`Connect-MgGraph -ClientId ${CLIENT} -TenantId ${TENANT}`);
		assert.equal(none.format, 'powershell');
		assert.equal(none.params.client_id, CLIENT);
		const noTenant = parseTokenRequest(`Connect-MgGraph -ClientId ${CLIENT} -CertificateThumbprint ${THUMB}`);
		assert.equal(noTenant.format, 'powershell');
		assert.equal(noTenant.tenant, undefined);
		const noEnv = parseTokenRequest(`Connect-AzAccount -ServicePrincipal -ApplicationId ${CLIENT} -Tenant ${TENANT} -CertificateThumbprint ${THUMB}`);
		assert.equal(noEnv.host, undefined);
	});
});

describe('request readers (mutation): code, more forms', () => {
	it('msal-node: single-quoted and template scope literals, several scopes, a scopes variable with a dot, an undefined variable', () => {
		const q = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: '${CLIENT}', clientSecret: 's' } });\nawait cca.acquireTokenByClientCredential({ scopes: ['${GRAPH}'] });`);
		assert.equal(q.params.scope, GRAPH);
		assert.equal(q.params.client_id, CLIENT);
		const t = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: "s" } });\nawait cca.acquireTokenByCode({ code, scopes: [\`User.Read\`, "Mail.Read"], redirectUri: "http://localhost" });`);
		assert.equal(t.params.scope, 'User.Read Mail.Read');
		const d = parse(`config.scopes = ["${GRAPH}"];\nconst cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: "s" } });\nawait cca.acquireTokenByClientCredential({ scopes: config.scopes });`);
		assert.equal(d.params.scope, GRAPH);
		const u = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", clientSecret: "s" } });\nawait cca.acquireTokenByClientCredential({ scopes: fromElsewhere });`);
		assert.equal(u.params.scope, undefined);
	});
	it('msal-node: azureCloudInstance sets the host over the authority\'s; None keeps it; a certificate object without a thumbprint', () => {
		const us = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", azureCloudInstance: AzureCloudInstance.AzureUsGovernment, clientSecret: "s" } });`);
		assert.equal(us.host, 'login.microsoftonline.us');
		const none = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", azureCloudInstance: AzureCloudInstance.None, clientSecret: "s" } });`);
		assert.equal(none.host, 'login.microsoftonline.com');
		const c = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientCertificate: certificateConfig } });`);
		assert.equal(c.credential, 'certificate');
		assert.equal(c.thumbprint, undefined);
	});
	it('MSAL Python: a certificate dict without a thumbprint; a literal thumbprint is not open; an undefined credential variable is a secret', () => {
		const sni = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}", client_credential={"private_key": key, "public_certificate": cert})`);
		assert.equal(sni.credential, 'certificate');
		assert.equal(sni.thumbprint, undefined);
		const lit = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}", client_credential={"thumbprint" : "${THUMB}", "private_key": key})`);
		assert.equal(lit.thumbprint, THUMB);
		assert.equal(lit.unresolved, undefined);
		const v = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}", client_credential=secret)`);
		assert.equal(v.credential, 'secret');
		assert.deepEqual(v.unresolved, ['client_secret']);
	});
	it('MSAL Python: client credentials call, spaced keywords, a silent call with positional scopes', () => {
		const r = parse(`app = msal.ConfidentialClientApplication(client_id = "${CLIENT}", authority = "https://login.microsoftonline.com/${TENANT}", client_credential = "s")\nresult = app.acquire_token_by_authorization_code(code, scopes = ["User.Read"], redirect_uri = "https://app.example.com/cb")`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.redirect_uri, 'https://app.example.com/cb');
		assert.equal(r.params.scope, 'User.Read');
		const cc = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_for_client(scopes=["${GRAPH}"])`);
		assert.equal(cc.params.grant_type, 'client_credentials');
		const silent = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")\nresult = app.acquire_token_silent(SCOPES, account=None)`);
		assert.equal(silent.params.scope, undefined);
		assert.equal(silent.format, 'msal-python');
	});
	it('azure-identity: a call before the credential does not lend its arguments; keyword names with spaces', () => {
		const r = parse(`const secret = getSecret("vault-name");\nconst credential = new ClientSecretCredential("${TENANT}", "${CLIENT}", secret);`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_id, CLIENT);
		const k = parse(`credential = ClientSecretCredential(tenant_id = "${TENANT}", client_id = "${CLIENT}", client_secret = "abc~1")`);
		assert.equal(k.tenant, TENANT);
		assert.equal(k.params.client_id, CLIENT);
		assert.equal(k.params.client_secret, 'abc~1');
		const js = parse(`const credential = new ClientSecretCredential("${TENANT}", "${CLIENT}", \`s3c,ret\`);`);
		assert.equal(js.params.client_secret, 's3c,ret');
		const opts = parse(`const credential = new ClientCertificateCredential(tenantId, clientId, { certificatePath : "/certs/app.pem" });`);
		assert.equal(opts.certificatePath, '/certs/app.pem');
		const two = parseTokenRequest(`credential = ClientCertificateCredential("${TENANT}", "${CLIENT}")`);
		assert.equal(two.certificatePath, undefined);
		assert.equal(two.format, 'azure-identity');
		const one = parseTokenRequest(`credential = ClientSecretCredential("${TENANT}")`);
		assert.equal(one.format, 'azure-identity');
		assert.equal(one.params.client_id, undefined);
	});
	it('identity-web: an Instance with several trailing slashes; a placeholder TenantId; a secret credential without a value; a store path only with a thumbprint', () => {
		const r = parse(`{ "AzureAd": { "Instance": "https://login.microsoftonline.com//", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientCredentials": [ { "SourceType": "KeyVault" }, { "SourceType": "ClientSecret" } ] } }`);
		assert.equal(r.authority, `https://login.microsoftonline.com/${TENANT}`);
		assert.equal(r.params.client_secret, undefined);
		assert.deepEqual(sorted(r.credentials), ['certificate', 'secret']);
		assert.equal(r.certificateStore, undefined);
		assert.equal(r.tool, undefined);
		const t = parse(`{ "AzureAd": { "Instance": "https://login.microsoftonline.com/", "TenantId": "${TENANT}", "ClientId": "${CLIENT}", "ClientCertificates": [ { "SourceType": "StoreWithThumbprint", "CertificateThumbprint": "${THUMB}" } ] } }`);
		assert.equal(t.thumbprint, THUMB);
		assert.equal(t.certificateStore, undefined);
		assert.equal(t.unresolved, undefined);
		assert.equal(t.thumbprintKind, 'sha1');
		const nested = parse(`{ "a": { "b": { "c": { "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}" } } } } }`);
		assert.equal(nested.params.client_id, CLIENT);
		assert.notEqual(parseTokenRequest(`{ "a": { "b": { "c": { "d": { "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}" } } } } } }`).format, 'identity-web', 'not searched deeper than four levels');
		const noId = parseTokenRequest(`{ "AzureAd": { "ClientId": 42, "TenantId": "${TENANT}" } }`);
		assert.equal(noId.params.client_id, undefined);
		const list = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}", "Scopes": ["User.Read", "Mail.Read"] } }`);
		assert.equal(list.params.scope, 'User.Read Mail.Read');
	});
});

describe('request readers (mutation): environment lists and az login, more forms', () => {
	it('comments, blank lines and dashes; a value with a # inside is kept; ARM_USE_OIDC=TRUE; a trailing # comment', () => {
		const r = parse(`# service principal\n\n- ARM_CLIENT_ID=${CLIENT}\nARM_TENANT_ID=${TENANT}   # the tenant\nARM_CLIENT_SECRET=abc#123\nARM_USE_OIDC=TRUE`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_secret, 'abc#123');
		assert.ok(r.credentials?.includes('federated'));
		const no = parse(`AZURE_CLIENT_ID=${CLIENT}\nARM_USE_OIDC=untrue`);
		assert.equal(no.credential, 'none');
	});
	it('env names with spaces around = and a YAML value after a name line only', () => {
		const r = parse(`export AZURE_CLIENT_ID = ${CLIENT}\n  AZURE_TENANT_ID:   ${TENANT}`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		const y = parse(`env:\n  - name: AZURE_CLIENT_ID\n    value: "${CLIENT}"\n  - value: stray\n  - name: OTHER\n    value: x`);
		assert.equal(y.params.client_id, CLIENT);
		assert.equal(y.params.OTHER, undefined);
	});
	it('az login: the command after other lines, -u, -p with a .pem in the middle of the name is a secret', () => {
		const r = parse(`echo logging in\naz login --service-principal -u ${CLIENT} -p abc.pem.secret --tenant ${TENANT}`);
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 'abc.pem.secret');
		const cloud = parse(`az cloud set -n AzureChinaCloud\naz login --service-principal -u ${CLIENT} -p s --tenant ${TENANT}`);
		assert.equal(cloud.host, 'login.partner.microsoftonline.cn');
		const unknown = parse(`az cloud set --name MyCloud\naz login --service-principal -u ${CLIENT} -p s --tenant ${TENANT}`);
		assert.equal(unknown.host, undefined);
	});
});

describe('request readers (mutation): what is claimed and how it is dispatched', () => {
	it('error texts by their markers; a request quoting a short AADSTS number is still an error text', () => {
		assert.equal(looksLikeRequest(`grant_type=client_credentials&client_id=${CLIENT}\nAADSTS7000215`), false);
		assert.equal(looksLikeRequest(`grant_type=client_credentials&client_id=${CLIENT}\n{"error_codes" : [1]}`), false);
		assert.equal(looksLikeRequest(`grant_type=client_credentials&error_description=bad`), false);
		assert.equal(looksLikeRequest(`grant_type=client_credentials&client_id=${CLIENT}&x=AADSTS`), true);
		assert.equal(looksLikeRequest(`grant_type=client_credentials&my_error_description=x`), true);
	});
	it('an appsettings fragment or object needs a "ClientId" key', () => {
		assert.equal(looksLikeRequest(`{ "AzureAd": { "TenantId": "${TENANT}", "Instance": "https://login.microsoftonline.com/" } }`), false);
		assert.equal(looksLikeRequest(`"AzureAd": { "ClientId" : "${CLIENT}", "TenantId": "${TENANT}" }  ,  `), true);
	});
	it('env names in a YAML list or with spaces around the separator', () => {
		assert.equal(looksLikeRequest(`  -   name: "AZURE_CLIENT_ID"\n      value: x`), true);
		assert.equal(looksLikeRequest(`azure.workload.identity/client-id  : ${CLIENT}`), true);
		assert.equal(looksLikeRequest(`export   AZURE_CLIENT_ID=${CLIENT}`), true);
		assert.equal(looksLikeRequest(`  setx   AZURE_TENANT_ID   ${TENANT}`), true);
		assert.equal(looksLikeRequest(`-  AZURE_CLIENT_ID=${CLIENT}`), true);
	});
	it('JSON bodies by their keys, with spaces before the colon', () => {
		assert.equal(looksLikeRequest(`{ "grant_type" : "client_credentials" }`), true);
		assert.equal(looksLikeRequest(`{ "client_assertion" : "x" }`), true);
		assert.equal(looksLikeRequest(`{ "client_secret" : "x" }`), true);
		assert.equal(looksLikeRequest(`{ "requested_token_use" : "on_behalf_of" }`), true);
		assert.equal(parse(`{ "grant_type" : "client_credentials", "client_id" : "${CLIENT}" }`).format, 'json');
	});
	it('a request line with a URL, POST: and GET forms, and a long line is not a URL line', () => {
		assert.equal(looksLikeRequest(`Here it is:\nPOST:${TOKEN_URL}\nclient_id is set`), true);
		assert.equal(looksLikeRequest(`Here it is:\nGET   ${TOKEN_URL}\nclient_id is set`), true);
		assert.equal(looksLikeRequest(`Here it is:\n${TOKEN_URL}?x=${'a'.repeat(4000)}\nclient_id is set`), false);
		assert.equal(looksLikeRequest(`Here it is:\nsee ${TOKEN_URL}\nclient_id is set`), false);
		assert.equal(looksLikeRequest(`Here it is:\nhttps://example.com/x\nclient_id is set`), false);
	});
	it('a grant_type word glued to other text is not a parameter', () => {
		assert.equal(looksLikeRequest('my_grant_type: x'), false);
		assert.equal(looksLikeRequest('the grant_type =x'), true);
	});
	it('a PowerShell call far below a curl mention is read as curl; a request line followed by text', () => {
		const r = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials -d client_id=${CLIENT}\n${'#'.repeat(300)}\n# Invoke-RestMethod is the PowerShell way`);
		assert.equal(r.format, 'curl');
		const h = parse(`POST   ${TOKEN_URL}   \nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials`);
		assert.equal(h.format, 'http');
		assert.equal(h.url, TOKEN_URL);
		const single = parse(`POST ${TOKEN_URL}?grant_type=client_credentials&client_id=${CLIENT}`);
		assert.equal(single.method, 'POST');
		assert.equal(single.params.client_id, CLIENT);
	});
	it('a URL request is a GET with a query body format; an env list that names only unknown keys is a form', () => {
		const u = parse(`https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=${CLIENT}`);
		assert.equal(u.method, 'GET');
		assert.equal(u.bodyFormat, 'query');
		const f = parseTokenRequest(`grant_type=client_credentials`);
		assert.equal(f.format, 'form');
		assert.equal(f.bodyFormat, 'form');
		const l = parse(`Token request:\n  POST ${TOKEN_URL}\ngrant_type=client_credentials&client_id=${CLIENT}\nmore text`);
		assert.equal(l.url, TOKEN_URL);
	});
	it('values are read from text with surrounding blank space; an open client_assertion is an assertion without decoding', () => {
		const r = parse(`\n\n   grant_type=client_credentials&client_id=${CLIENT}   \n\n`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT });
		const open = parse(`grant_type=client_credentials&client_id=${CLIENT}&client_assertion=$ASSERTION`);
		assert.deepEqual(open.credentials, ['assertion']);
	});
});

describe('request readers (mutation): values, variables and URLs', () => {
	it('form pairs without a name, and values with trailing commas or quotes as consoles print them', () => {
		assert.deepEqual(parseFormBody('=x&a='), { '': 'x', a: '' });
		const r = parse(`POST ${TOKEN_URL}\nRequest Body\n  grant_type: "client_credentials",\n  client_id: "${CLIENT}" ,\n  scope: '${GRAPH}';`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH });
	});
	it('placeholders are whole values: text around a marker is a value', () => {
		for (const v of ['x%CLIENT_ID%', '%CLIENT_ID%x', 'a[redacted]', '[redacted]b', 'a***', '***a', 'myprocess.env.X']) {
			assert.equal(isUnresolvedValue(v), false, v);
		}
	});
	it('an empty string literal in code is an empty value, not a variable', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com/${TENANT}", clientSecret: "" } });`);
		assert.equal(r.params.client_secret, '');
		assert.equal(r.unresolved, undefined);
	});
	it('a Python fr-string authority keeps its {tenant} placeholder as the tenant', () => {
		const r = parse(`app = msal.ConfidentialClientApplication("${CLIENT}", authority=fr"https://login.microsoftonline.com/{tenant}", client_credential="s")`);
		assert.equal(r.host, 'login.microsoftonline.com');
		assert.equal(r.tenant, '{tenant}');
		assert.deepEqual(r.unresolved, ['tenant']);
	});
	it('shell assignments: trailing spaces, a value ending in =, a value with a space is not one word, indented lines', () => {
		const r = parse(`  CID=${CLIENT}   \nSECRET="YWJjZA=="\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID" -d "client_secret=$SECRET"`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 'YWJjZA==');
		assert.equal(r.unresolved, undefined);
		const s = parse(`CID=abc def\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.deepEqual(s.unresolved, ['client_id']);
		const two = parse(`export  CID=${CLIENT}\ncurl ${TOKEN_URL} -d grant_type=client_credentials -d "client_id=$CID"`);
		assert.equal(two.params.client_id, CLIENT);
	});
	it('PowerShell variables are case-insensitive, in strings, $($x) and $env: forms', () => {
		const r = parse(`$TenantId = "${TENANT}"\n$tenant = "${TENANT}"\n$ClientId = "${CLIENT}"\n$env:SCOPE = "${GRAPH}"\n$body = @{ grant_type = "client_credentials"; client_id = "$($clientId)"; scope = "$env:SCOPE" }\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$tenantid/oauth2/v2.0/token" -Body $body`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.scope, GRAPH);
		assert.equal(r.unresolved, undefined);
		const upper = parse(`$tenant = "${TENANT}"\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$Tenant/oauth2/v2.0/token" -Body @{ grant_type = "client_credentials" }`);
		assert.equal(upper.tenant, TENANT);
		const env = parse(`$env:TENANT = "${TENANT}"\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$env:TENANT/oauth2/v2.0/token" -Body @{ grant_type = "client_credentials" }`);
		assert.equal(env.tenant, TENANT);
		const mg = parse(`$AppId = "${CLIENT}"\nConnect-MgGraph -ClientId $APPID -TenantId ${TENANT} -CertificateThumbprint ${THUMB}`);
		assert.equal(mg.params.client_id, CLIENT);
		assert.equal(mg.unresolved, undefined);
	});
	it('a code constant the text defines is a known value', () => {
		const r = parse(`const CLIENT_ID = "${CLIENT}";\nconst cca = new ConfidentialClientApplication({ auth: { clientId: CLIENT_ID, authority: "https://login.microsoftonline.com/${TENANT}", clientSecret: "s" } });`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.unresolved, undefined);
	});
	it('notes are listed once each', () => {
		const r = parse(`curl -u ${CLIENT}:s ${TOKEN_URL} -d @a.txt -d @a.txt -d grant_type=client_credentials`);
		assert.deepEqual(r.notes, ['client_id and client_secret are sent with -u (HTTP Basic authentication).', "-d @a.txt: the body is read from the file a.txt, which the kit can't see; paste the file's content."]);
	});
	it('a URL without a tenant segment: no tenant, no authority; a custom token path is not a tenant', () => {
		const r = parse(`curl https://login.example.com/connect/token -d grant_type=client_credentials -d client_id=${CLIENT}`);
		assert.equal(r.format, 'curl');
		assert.equal(r.tenant, undefined);
		assert.equal(r.authority, undefined);
		assert.equal(r.host, 'login.example.com');
		const bare = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: "https://login.microsoftonline.com", clientSecret: "s" } });`);
		assert.equal(bare.format, 'msal-node');
		assert.equal(bare.host, 'login.microsoftonline.com');
		assert.equal(bare.tenant, undefined);
	});
	it('an authority from a variable leaves the host open too', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({ auth: { clientId: "${CLIENT}", authority: process.env.AUTHORITY, clientSecret: "s" } });`);
		assert.equal(r.format, 'msal-node');
		assert.equal(r.host, undefined);
		assert.deepEqual(r.unresolved, ['authority']);
	});
	it('key: value lines that name no OAuth parameter are not a request', () => {
		assert.equal(parseTokenRequest('foo: bar\nbaz: qux').format, 'form');
		assert.equal(parseTokenRequest(`grant_type:   client_credentials   \nclient_id: ${CLIENT}`).params.grant_type, 'client_credentials');
	});
	it('a short AADSTS-like word is not an error code', () => {
		assert.equal(looksLikeRequest(`grant_type=client_credentials&client_id=${CLIENT}&state=AADSTS1`), true);
	});
});

describe('request readers (mutation): configuration files, edge forms', () => {
	it('appsettings: the section after another one, ClientCertificates or ClientCredentials as the only companion key', () => {
		const r = parse(`{ "Logging": { "LogLevel": { "Default": "Information" } }, "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}" } }`);
		assert.equal(r.format, 'identity-web');
		assert.equal(r.params.client_id, CLIENT);
		const c = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "ClientCertificates": [ { "SourceType": "Path", "CertificateDiskPath": "/c.pfx" } ] } }`);
		assert.equal(c.format, 'identity-web');
		assert.equal(c.certificatePath, '/c.pfx');
		const k = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "ClientCredentials": [ { "SourceType": "ClientSecret", "ClientSecret": "abc~9" } ] } }`);
		assert.equal(k.format, 'identity-web');
		assert.equal(k.params.client_secret, 'abc~9');
	});
	it('appsettings: a ClientId that is not a string, an Instance without a scheme, a credential entry that is not an object, no CallbackPath', () => {
		const n = parseTokenRequest(`{ "AzureAd": { "ClientId": 42, "TenantId": "${TENANT}" } }`);
		assert.equal(n.format, 'identity-web');
		assert.equal(n.tenant, TENANT);
		const i = parseTokenRequest(`{ "AzureAd": { "ClientId": "${CLIENT}", "Instance": "login.microsoftonline.com/" } }`);
		assert.equal(i.format, 'identity-web');
		assert.equal(i.host, undefined);
		const s = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}", "ClientCredentials": [ "x" ] } }`);
		assert.equal(s.credential, 'none');
		assert.equal(s.notes, undefined);
		const open = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "Instance": "\${{ vars.INSTANCE }}", "TenantId": "<tenant>" } }`);
		assert.deepEqual(sorted(open.unresolved), ['authority', 'tenant']);
		const noSecret = parse(`{ "AzureAd": { "ClientId": "${CLIENT}", "TenantId": "${TENANT}", "ClientCredentials": [ { "SourceType": "ClientSecret" } ] } }`);
		assert.ok(!('client_secret' in noSecret.params), 'no secret value is shown, so none is sent');
		assert.equal(noSecret.clientType, 'confidential');
	});
	it('env: a commented-out line is not read; doubled spaces after export, set, setx and ENV', () => {
		const r = parse(`# AZURE_CLIENT_SECRET=old-secret\nAZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}`);
		assert.equal(r.credential, 'none');
		assert.equal(r.params.client_secret, undefined);
		assert.equal(r.clientType, 'confidential');
		for (const prefix of ['export  ', 'set  ', 'setx  ', 'ENV  ']) {
			const e = parse(`${prefix}AZURE_CLIENT_ID=${CLIENT}\n${prefix}AZURE_TENANT_ID=${TENANT}`);
			assert.equal(e.params.client_id, CLIENT, prefix);
			assert.equal(e.tenant, TENANT, prefix);
		}
		const sp = parse(`setx  AZURE_CLIENT_ID   ${CLIENT}\nENV  AZURE_TENANT_ID  ${TENANT}`);
		assert.equal(sp.params.client_id, CLIENT);
		assert.equal(sp.tenant, TENANT);
		const y = parse(`AZURE_CLIENT_ID :  ${CLIENT}\nAZURE_TENANT_ID: ${TENANT}\necho done`);
		assert.equal(y.params.client_id, CLIENT);
		assert.equal(y.format, 'env');
	});
	it('env: a YAML value line without a name before it, and a name without a value', () => {
		const r = parse(`env:\n  - value: stray\n  - name: AZURE_CLIENT_ID\n    value: ${CLIENT}`);
		assert.equal(r.params.client_id, CLIENT);
		const only = parseTokenRequest(`- name: AZURE_CLIENT_ID`);
		assert.notEqual(only.format, 'env');
	});
	it('az cloud set with extra spaces', () => {
		const r = parse(`az  cloud  set  --name  AzureUSGovernment\naz login --service-principal -u ${CLIENT} -p s --tenant ${TENANT}`);
		assert.equal(r.host, 'login.microsoftonline.us');
	});
});

describe('request readers (mutation): last forms', () => {
	it('the client type of MSAL.NET, MSAL Python, azure-identity and az login configurations is confidential', () => {
		assert.equal(parse(`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithClientSecret("s").Build();`).clientType, 'confidential');
		assert.equal(parse(`app = msal.ConfidentialClientApplication("${CLIENT}", client_credential="s")`).clientType, 'confidential');
		assert.equal(parse(`credential = ClientSecretCredential("${TENANT}", "${CLIENT}", "s")`).clientType, 'confidential');
		assert.equal(parse(`az login --service-principal -u ${CLIENT} -p s --tenant ${TENANT}`).clientType, 'confidential');
	});
	it('MSAL Python: the credential variable\'s own dict, not an earlier one', () => {
		const r = parse(`config = {"authority": "https://login.microsoftonline.com/${TENANT}"}\ncred = {"thumbprint": "${THUMB}", "private_key": key}\napp = msal.ConfidentialClientApplication("${CLIENT}", authority=config["authority"], client_credential=cred)`);
		assert.equal(r.thumbprint, THUMB);
	});
	it('curl: --data-raw sends an @ literally; -dname=value is a form body; =value with an @ is nameless, not a file', () => {
		const raw = parse(`curl ${TOKEN_URL} --data-raw @grant_type=client_credentials -d client_id=${CLIENT}`);
		assert.equal(raw.params['@grant_type'], 'client_credentials');
		assert.equal(parseTokenRequest(`curl ${TOKEN_URL} -dgrant_type=client_credentials`).bodyFormat, 'form');
		const nameless = parse(`curl ${TOKEN_URL} -d grant_type=client_credentials --data-urlencode "=user@contoso.com"`);
		assert.ok(nameless.notes?.some((n) => n.includes('sends a value without a name')));
		assert.equal(nameless.unresolved, undefined);
		const multipart = parse(`curl ${TOKEN_URL} -H "Content-Type: application/json" -F grant_type=client_credentials`);
		assert.equal(multipart.bodyFormat, 'multipart', '-F sends multipart whatever the header says');
	});
	it('azure-identity: C# named arguments', () => {
		const r = parse(`var credential = new ClientSecretCredential(tenantId: "${TENANT}", clientId: "${CLIENT}", clientSecret: "abc~7");`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 'abc~7');
		const c = parse(`var credential = new ClientCertificateCredential(tenantId: "${TENANT}", clientId: "${CLIENT}", certificatePath: "/certs/app.pfx");`);
		assert.equal(c.certificatePath, '/certs/app.pfx');
		const js = parse(`const credential = new ClientCertificateCredential("${TENANT}", "${CLIENT}", {certificatePath:"/certs/app.pem"});`);
		assert.equal(js.certificatePath, '/certs/app.pem');
	});
	it('MSAL.NET: an instance URL from a variable the text defines', () => {
		const r = parse(`string instance = "https://login.microsoftonline.us/";\nvar app = ConfidentialClientApplicationBuilder.Create("${CLIENT}").WithAuthority(instance, "${TENANT}").WithClientSecret("s").Build();`);
		assert.equal(r.host, 'login.microsoftonline.us');
		assert.equal(r.authority, `https://login.microsoftonline.us/${TENANT}`);
	});
});
