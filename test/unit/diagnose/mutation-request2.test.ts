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
