/**
 * Token-request readers: every shape a request or a client configuration is pasted in, normalised to
 * ParsedTokenRequest. Expected values are written from the inputs below, not read back from the parser.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeRequest, parseTokenRequest, type ParsedTokenRequest } from '../../../src/core/diagnose/request';
import { diagnose } from '../../../src/core/diagnose';

const CLIENT = '6e3a0f52-1b7c-4d2e-9a41-0c5b8d7f2e19';
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

function parse(text: string): ParsedTokenRequest {
	assert.ok(looksLikeRequest(text), `looksLikeRequest rejected:\n${text}`);
	return parseTokenRequest(text);
}

describe('request readers: curl', () => {
	it('-d, --data, --data-urlencode and continuation lines (bash \\, cmd ^, PowerShell `)', () => {
		for (const cont of ['\\', '^', '`']) {
			const r = parse(`curl -s -X POST "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" ${cont}\n  --data "grant_type=client_credentials" ${cont}\n  -d client_id=${CLIENT} ${cont}\n  --data-urlencode "scope=${GRAPH_DEFAULT}" ${cont}\n  --data-urlencode "client_secret=a~b&c=d"`);
			assert.equal(r.format, 'curl');
			assert.equal(r.method, 'POST');
			assert.equal(r.tenant, TENANT);
			assert.equal(r.endpointVersion, 'v2');
			assert.equal(r.endpoint, 'token');
			assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH_DEFAULT, client_secret: 'a~b&c=d' });
			assert.equal(r.bodyFormat, 'form');
			assert.equal(r.credential, 'secret');
		}
	});
	it('a JSON -d with Content-Type: application/json is read and marked json', () => {
		const r = parse(`curl https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token -H 'Content-Type: application/json' -d '{"grant_type":"client_credentials","client_id":"${CLIENT}","scope":["${GRAPH_DEFAULT}"]}'`);
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.contentType, 'application/json');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.scope, GRAPH_DEFAULT);
		assert.equal(r.tenant, 'contoso.onmicrosoft.com');
	});
	it('-F parts and name@file forms are noted as unreadable, not read as values', () => {
		const r = parse(`curl https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -F grant_type=client_credentials -F client_id=${CLIENT} -F client_assertion=@assertion.jwt --data-urlencode scope@scope.txt`);
		assert.equal(r.bodyFormat, 'multipart');
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.ok(r.unresolved?.includes('client_assertion'));
		assert.ok(r.unresolved?.includes('scope'));
		assert.ok(r.notes?.some((n) => n.includes('assertion.jwt')));
		assert.ok(r.notes?.some((n) => n.includes('scope.txt')));
	});
	it('-d @file names the file', () => {
		const r = parse(`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d @body.txt`);
		assert.ok(r.notes?.some((n) => n.includes('body.txt')));
		assert.ok(r.unresolved?.includes('body'));
	});
	it('-X GET with the parameters in the query; -G moves -d into the query', () => {
		const r = parse(`curl -X GET "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token?grant_type=client_credentials&client_id=${CLIENT}"`);
		assert.equal(r.method, 'GET');
		assert.equal(r.bodyFormat, 'query');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.url, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
		const g = parse(`curl -G https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(g.method, 'GET');
		assert.equal(g.bodyFormat, 'query');
	});
	it('shell variables: resolved from assignments above the command, else unresolved', () => {
		const r = parse(`TENANT=${TENANT}\nexport CLIENT_ID="${CLIENT}"\ncurl "https://login.microsoftonline.com/$TENANT/oauth2/v2.0/token" -d "client_id=$CLIENT_ID" -d "client_secret=$SECRET" -d grant_type=client_credentials`);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.client_id, CLIENT);
		assert.deepEqual(r.unresolved, ['client_secret']);
	});
	it('-u id:secret is client_secret_basic', () => {
		const r = parse(`curl -u ${CLIENT}:s3cr3t https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.client_secret, 's3cr3t');
	});
});

describe('request readers: HTTP and Postman', () => {
	it('raw HTTP: "Host: https://…" and a JSON body with its Content-Type', () => {
		const r = parse(`POST /${TENANT}/oauth2/v2.0/token HTTP/1.1\nHost: https://login.microsoftonline.com\nContent-Type: application/json\n\n{ "grant_type": "client_credentials", "client_id": "${CLIENT}" }`);
		assert.equal(r.host, 'login.microsoftonline.com');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.grant_type, 'client_credentials');
	});
	it('"POST: url" then key: value lines', () => {
		const r = parse(`POST: https://login.microsoftonline.com/${TENANT}/oauth2/token\ngrant_type: client_credentials\nclient_id: ${CLIENT}\nresource: https://graph.microsoft.com`);
		assert.equal(r.endpointVersion, 'v1');
		assert.equal(r.params.resource, 'https://graph.microsoft.com');
		assert.equal(r.params.client_id, CLIENT);
	});
	it("Postman's documentation view: name line, URL, HEADERS and BODY urlencoded with keys and values on alternate lines", () => {
		const r = parse(`POST Get app token\nhttps://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/token\nHEADERS\nContent-Type\napplication/x-www-form-urlencoded\nBODY urlencoded\ngrant_type\nclient_credentials\nclient_id\n{{clientId}}\nscope\n${GRAPH_DEFAULT}`);
		assert.equal(r.format, 'postman');
		assert.equal(r.method, 'POST');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: '{{clientId}}', scope: GRAPH_DEFAULT });
		assert.deepEqual([...(r.unresolved ?? [])].sort(), ['client_id', 'tenant']);
		assert.equal(r.contentType, 'application/x-www-form-urlencoded');
	});
	it("Postman's console: Request Headers / Request Body with quoted values; the response part is ignored", () => {
		const r = parse(`POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token\nRequest Headers\n  Content-Type: application/x-www-form-urlencoded\n  User-Agent: PostmanRuntime/7.39.0\nRequest Body\n  grant_type: "client_credentials"\n  client_id: "${CLIENT}"\n  scope: "${GRAPH_DEFAULT}"\nResponse Headers\n  Content-Type: application/json`);
		assert.equal(r.format, 'postman');
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH_DEFAULT });
	});
	it('QUERY PARAMS: and BODY blocks with tab-separated pairs', () => {
		const r = parse(`POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token\nQUERY PARAMS:\ngrant_type\tclient_credentials\nclient_id\t${CLIENT}\nBODY:\nscope\t${GRAPH_DEFAULT}`);
		assert.equal(r.queryParams?.grant_type, 'client_credentials');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.params.scope, GRAPH_DEFAULT);
	});
});

describe('request readers: PowerShell', () => {
	it('Invoke-RestMethod with a hashtable body: $variables stay unresolved, literals are read', () => {
		const r = parse(`$tenantId = "${TENANT}"\n$body = @{\n    grant_type    = "client_credentials"\n    client_id     = $clientId\n    client_secret = $env:APP_SECRET\n    scope         = '${GRAPH_DEFAULT}'\n}\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/$tenantId/oauth2/v2.0/token" -Body $body`);
		assert.equal(r.format, 'powershell');
		assert.equal(r.method, 'POST');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.equal(r.params.scope, GRAPH_DEFAULT);
		assert.deepEqual([...(r.unresolved ?? [])].sort(), ['client_id', 'client_secret']);
		assert.equal(r.bodyFormat, 'form');
	});
	it('one-line hashtable with semicolons and splatting; no -Method means GET', () => {
		const r = parse(`$params = @{ Uri = "https://login.microsoftonline.com/{0}/oauth2/v2.0/token" -f ("${TENANT}"); Body = @{ grant_type = "client_credentials"; client_id = "${CLIENT}"; scope = "${GRAPH_DEFAULT}" } }\nInvoke-RestMethod @params`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.method, 'GET');
	});
	it('ConvertTo-Json turns the body into JSON', () => {
		const r = parse(`$body = @{ grant_type = "client_credentials"; client_id = "${CLIENT}" }\nInvoke-RestMethod -Method Post -Uri "https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token" -Body ($body | ConvertTo-Json) -ContentType "application/json"`);
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.client_id, CLIENT);
	});
	it('Connect-MgGraph with a certificate thumbprint', () => {
		const r = parse(`Connect-MgGraph -ClientId "${CLIENT}" -TenantId "${TENANT}" -CertificateThumbprint "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"`);
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.thumbprint, 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
	});
});

describe('request readers: MSAL and azure-identity configuration', () => {
	it('msal-node: clientId, authority, clientCertificate (thumbprintSha256) and the client credentials call', () => {
		const r = parse(`const cca = new ConfidentialClientApplication({\n  auth: {\n    clientId: "${CLIENT}",\n    authority: "https://login.microsoftonline.com/${TENANT}",\n    clientCertificate: { thumbprintSha256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", privateKey },\n  },\n});\nconst r = await cca.acquireTokenByClientCredential({ scopes: ["${GRAPH_DEFAULT}"] });`);
		assert.equal(r.format, 'msal-node');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.thumbprint, '9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08');
		assert.equal(r.params.grant_type, 'client_credentials');
		assert.deepEqual(r.inferred, ['grant_type']);
		assert.equal(r.params.scope, GRAPH_DEFAULT);
	});
	it('msal-node: process.env values are unresolved; a secret and a certificate are both listed', () => {
		const r = parse(`const msalConfig = { auth: { clientId: process.env.CLIENT_ID, authority: "https://login.microsoftonline.com/common", clientSecret: process.env.SECRET, clientCertificate: { thumbprint: tp, privateKey: key } } };`);
		assert.ok(r.unresolved?.includes('client_id'));
		assert.deepEqual([...(r.credentials ?? [])].sort(), ['certificate', 'secret']);
		assert.equal(r.tenant, 'common');
	});
	it('MSAL.NET: Create, WithCertificate, WithAuthority(cloud, tenant), AcquireTokenForClient(scopes)', () => {
		const r = parse(`IConfidentialClientApplication app = ConfidentialClientApplicationBuilder.Create("${CLIENT}")\n    .WithCertificate(certificate, true)\n    .WithAuthority(AzureCloudInstance.AzureUsGovernment, "${TENANT}")\n    .Build();\nvar scopes = new[] { "https://graph.microsoft.us/.default" };\nvar result = await app.AcquireTokenForClient(scopes).ExecuteAsync();`);
		assert.equal(r.format, 'msal-dotnet');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.host, 'login.microsoftonline.us');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.params.scope, 'https://graph.microsoft.us/.default');
		assert.equal(r.params.grant_type, 'client_credentials');
	});
	it('MSAL.NET: WithClientSecret and WithTenantId with config values', () => {
		const r = parse(`var app = ConfidentialClientApplicationBuilder.Create(config.ClientId).WithClientSecret(config.ClientSecret).WithTenantId(config.TenantId).Build();`);
		assert.deepEqual([...(r.unresolved ?? [])].sort(), ['client_id', 'client_secret', 'tenant']);
		assert.equal(r.credential, 'secret');
	});
	it('MSAL Python: positional client_id, authority=, client_credential dict, acquire_token_for_client', () => {
		const r = parse(`app = msal.ConfidentialClientApplication(\n    "${CLIENT}",\n    authority="https://login.microsoftonline.com/${TENANT}",\n    client_credential={"thumbprint": "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678", "private_key": open("key.pem").read()},\n)\nresult = app.acquire_token_for_client(scopes=["api://orders-api/.default"])`);
		assert.equal(r.format, 'msal-python');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.tenant, TENANT);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.thumbprint, 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
		assert.equal(r.params.scope, 'api://orders-api/.default');
	});
	it('MSAL Python: a string client_credential is a secret', () => {
		const r = parse(`app = ConfidentialClientApplication(client_id="${CLIENT}", client_credential="${CLIENT}", authority="https://login.microsoftonline.com/${TENANT}")`);
		assert.equal(r.credential, 'secret');
		assert.equal(r.params.client_secret, CLIENT);
	});
	it('azure-identity ClientSecretCredential (positional) and CertificateCredential (keywords)', () => {
		const js = parse(`const credential = new ClientSecretCredential("${TENANT}", "${CLIENT}", process.env.AZURE_CLIENT_SECRET);`);
		assert.equal(js.format, 'azure-identity');
		assert.equal(js.tenant, TENANT);
		assert.equal(js.params.client_id, CLIENT);
		assert.ok(js.unresolved?.includes('client_secret'));
		const py = parse(`credential = CertificateCredential(tenant_id="${TENANT}", client_id="${CLIENT}", certificate_path="/certs/app.pem")`);
		assert.equal(py.credential, 'certificate');
		assert.equal(py.certificatePath, '/certs/app.pem');
	});
	it('Microsoft.Identity.Web appsettings.json: Instance + TenantId, ClientCertificates', () => {
		const r = parse(`{\n  // comments are allowed\n  "AzureAd": {\n    "Instance": "https://login.microsoftonline.com/",\n    "TenantId": "${TENANT}",\n    "ClientId": "${CLIENT}",\n    "ClientCertificates": [ { "SourceType": "StoreWithThumbprint", "CertificateStorePath": "CurrentUser/My", "CertificateThumbprint": "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678" } ]\n  },\n  "DownstreamApi": { "Scopes": ["User.Read"] }\n}`);
		assert.equal(r.format, 'identity-web');
		assert.equal(r.tenant, TENANT);
		assert.equal(r.host, 'login.microsoftonline.com');
		assert.equal(r.params.client_id, CLIENT);
		assert.equal(r.credential, 'certificate');
		assert.equal(r.thumbprint, 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678');
	});
	it('az login --service-principal with a certificate file', () => {
		const r = parse(`az login --service-principal -u ${CLIENT} -p ./app-cert.pem --tenant contoso.onmicrosoft.com`);
		assert.equal(r.format, 'azure-cli');
		assert.equal(r.credential, 'certificate');
		assert.equal(r.certificatePath, './app-cert.pem');
		assert.equal(r.tenant, 'contoso.onmicrosoft.com');
	});
});

describe('request readers: environment lists', () => {
	it('export lines, a .env file and $env: assignments', () => {
		for (const text of [
			`export AZURE_CLIENT_ID=${CLIENT}\nexport AZURE_TENANT_ID="${TENANT}"\nexport AZURE_CLIENT_CERTIFICATE_PATH=/certs/app.pem`,
			`# .env\nAZURE_CLIENT_ID='${CLIENT}'\nAZURE_TENANT_ID=${TENANT}\nAZURE_CLIENT_CERTIFICATE_PATH=/certs/app.pem # the PEM with key`,
			`$env:AZURE_CLIENT_ID = "${CLIENT}"\n$env:AZURE_TENANT_ID = "${TENANT}"\n$env:AZURE_CLIENT_CERTIFICATE_PATH = "/certs/app.pem"`,
		]) {
			const r = parse(text);
			assert.equal(r.format, 'env', text);
			assert.equal(r.params.client_id, CLIENT, text);
			assert.equal(r.tenant, TENANT, text);
			assert.equal(r.credential, 'certificate', text);
			assert.equal(r.certificatePath, '/certs/app.pem', text);
		}
	});
	it('a GitHub workflow env: block with ARM_USE_OIDC and secrets expressions', () => {
		const r = parse(`jobs:\n  plan:\n    env:\n      ARM_CLIENT_ID: \${{ secrets.AZURE_CLIENT_ID }}\n      ARM_TENANT_ID: ${TENANT}\n      ARM_USE_OIDC: true\n      ARM_ENVIRONMENT: usgovernment`);
		assert.equal(r.credential, 'federated');
		assert.ok(r.unresolved?.includes('client_id'));
		assert.equal(r.tenant, TENANT);
		assert.equal(r.host, 'login.microsoftonline.us');
	});
	it('AZURE_AUTHORITY_HOST and a federated token file', () => {
		const r = parse(`AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}\nAZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token\nAZURE_AUTHORITY_HOST=https://login.microsoftonline.com/`);
		assert.equal(r.credential, 'federated');
		assert.equal(r.host, 'login.microsoftonline.com');
	});
});

describe('request readers: URLs, JSON bodies, forms', () => {
	it('an authorize URL is read as such, with its query', () => {
		const r = parse(`https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=${CLIENT}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%3A5000%2Fcallback&scope=openid%20api%3A%2F%2Forders%2FOrders.Read&code_challenge=abc&code_challenge_method=S256`);
		assert.equal(r.format, 'url');
		assert.equal(r.endpoint, 'authorize');
		assert.equal(r.params.redirect_uri, 'http://localhost:5000/callback');
		assert.equal(r.params.scope, 'openid api://orders/Orders.Read');
	});
	it('a bare JSON body', () => {
		const r = parse(`{"grant_type": "client_credentials", "client_id": "${CLIENT}", "client_secret": "x", "scope": "${GRAPH_DEFAULT}"}`);
		assert.equal(r.format, 'json');
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.client_id, CLIENT);
	});
	it('B2C token URL: tenant and policy', () => {
		const r = parse(`curl https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signin/oauth2/v2.0/token -d grant_type=client_credentials`);
		assert.equal(r.tenant, 'contoso.onmicrosoft.com');
		assert.equal(r.policy, 'B2C_1_signin');
		assert.equal(r.host, 'contoso.b2clogin.com');
	});
	it('a URL line followed by a JSON body (as pasted from Postman\'s raw body)', () => {
		const r = parse(`https://login.microsoftonline.com/{{tenantId}}/oauth2/v2.0/token\n{"grant_type": "client_credentials",\n"client_id":"${CLIENT}",\n"scope": "${GRAPH_DEFAULT}"}`);
		assert.equal(r.bodyFormat, 'json');
		assert.equal(r.params.client_id, CLIENT);
		assert.deepEqual(r.unresolved, ['tenant']);
	});
	it('PowerShell variables assigned an empty string (blanked before pasting) stay open', () => {
		const r = parse(`$clientId = ''\n$tenantId = ''\n$uri = "https://login.microsoftonline.com/$($tenantId)/oauth2/v2.0/token"\n$body = @{ grant_type = 'client_credentials'; client_id = $clientId }\nInvoke-RestMethod -Uri $uri -Method POST -Body $body`);
		assert.equal(r.params.client_id, '$clientId');
		assert.deepEqual([...(r.unresolved ?? [])].sort(), ['client_id', 'tenant']);
	});
	it('a form body split over lines, with and without &', () => {
		const r = parse(`grant_type=client_credentials\n&client_id=${CLIENT}\nscope=${encodeURIComponent(GRAPH_DEFAULT)}`);
		assert.deepEqual(r.params, { grant_type: 'client_credentials', client_id: CLIENT, scope: GRAPH_DEFAULT });
	});
});

describe('looksLikeRequest: what it does not claim', () => {
	it('an AADSTS error that quotes the request goes to the error reader', () => {
		const text = `curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials\n{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}`;
		assert.equal(looksLikeRequest(text), false);
		assert.equal(diagnose(text, { now: new Date() }).kind, 'error');
		assert.equal(looksLikeRequest(`http://localhost:3000/?error=invalid_request&error_description=AADSTS50011%3A+redirect`), false);
	});
	it('manifests, tokens and prose', () => {
		assert.equal(looksLikeRequest(JSON.stringify({ appId: CLIENT, keyCredentials: [], web: { redirectUris: [] } })), false);
		assert.equal(looksLikeRequest('eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2ln'), false);
		assert.equal(looksLikeRequest('I set the client secret but the token call fails with 401.'), false);
		assert.equal(looksLikeRequest('{"aud":"api://x","appid":"y","scp":"a"}'), false);
	});
	it('an environment list without any Azure name is not a request', () => {
		assert.equal(looksLikeRequest('NODE_ENV=production\nPORT=3000'), false);
	});
});

describe('request readers: arbitrary input', () => {
	it('never throws, and always returns params', () => {
		const seeds = fc.constantFrom('curl ', '-d ', '@{', '$x = @{ a = ', '{"AzureAd":{"ClientId":', 'AZURE_CLIENT_ID=', 'BODY urlencoded\n', 'POST https://login.microsoftonline.com/t/oauth2/v2.0/token\n', 'ConfidentialClientApplicationBuilder.Create(', 'msal.ConfidentialClientApplication(', 'new ConfidentialClientApplication({ auth: { clientId: ', '"', "'", '`\n', '\\\n', '&', '=', '\n', 'grant_type=', 'https://x/oauth2/v2.0/authorize?client_id=');
		fc.assert(
			fc.property(fc.array(fc.oneof(seeds, fc.string(), fc.string({ unit: 'binary' })), { maxLength: 12 }), (parts) => {
				const text = parts.join('');
				const r = parseTokenRequest(text);
				assert.equal(typeof r.params, 'object');
				looksLikeRequest(text);
			}),
			{ numRuns: 600 },
		);
	});
	it('runs in linear time on long adversarial inputs', () => {
		const patterns = ['\n', ' ', '&', '=', 'curl ', '-d ', '"', '{', '@{', '$a', 'a: b\n', 'POST ', '\t', '\\\n', '{{x}}', 'grant_type=a&', 'x'.repeat(50) + '\n', '# c\n', 'AZURE_CLIENT_ID=x\n', '(', '[', 'clientId: '];
		for (const p of patterns) {
			const small = p.repeat(Math.ceil(20_000 / p.length));
			const big = p.repeat(Math.ceil(400_000 / p.length));
			const t0 = process.hrtime.bigint();
			parseTokenRequest(small);
			looksLikeRequest(small);
			const t1 = process.hrtime.bigint();
			parseTokenRequest(big);
			looksLikeRequest(big);
			const t2 = process.hrtime.bigint();
			const smallMs = Number(t1 - t0) / 1e6;
			const bigMs = Number(t2 - t1) / 1e6;
			// 20x the input: a linear reader takes about 20x the time; a quadratic one 400x. Allow noise.
			assert.ok(bigMs < Math.max(1500, smallMs * 60), `pattern ${JSON.stringify(p)}: ${smallMs.toFixed(1)} ms for 20 kB, ${bigMs.toFixed(1)} ms for 400 kB`);
		}
	});
});
