/**
 * The error-text reader field by field: every shape a field is stated in (so that a reader that drops one of
 * them fails here), the limits of what counts as an Entra error, and the tool a text comes from. Inputs follow
 * the public message texts; IDs are made up. Expected values are the ones written into each input.
 */
import * as assert from 'node:assert/strict';
import { looksLikeErrorText, readErrorText } from '../../../src/core/diagnose/errorText';

const APP = '21212121-3434-4545-5656-676767676767';
const TENANT = 'b1b1b1b1-c2c2-d3d3-e4e4-f5f5f5f5f5f5';
const TRACE = '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e';
const CORR = 'c0c0c0c0-d1d1-e2e2-f3f3-a4a4a4a4a4a4';
const REQ = 'e7e7e7e7-f8f8-a9a9-b0b0-c1c1c1c1c1c1';

describe('errorText (mutation): looksLikeErrorText limits', () => {
	it('accepts each marker on its own', () => {
		for (const t of [
			'AADSTS70011',
			'"error_codes": [70011]',
			"'error_codes':[1]",
			'{"error": "invalid_scope"}',
			"{'error': u'unauthorized_client'}",
			'https://x.example/cb#error=access_denied&error_description=x',
			'https://x.example/cb?foo=1&error=access_denied&error_description=x',
			'Error code: 50076',
			'Sign-in error code 530003',
			'Date\tSign-in error code\tStatus\n2024-01-01\t50126\tFailure',
			'"Sign-in error code","x"\n"x",50126,"y"',
			'Error(s): 70008',
			'errorNo: 7000215',
			"'errorNo': 7000215",
			'ServerError: invalid_grant',
			'ErrorCode: invalid_client',
		]) {
			assert.equal(looksLikeErrorText(t), true, t);
		}
	});
	it('rejects near misses: other error names, one URL parameter, short or zero codes, prose', () => {
		for (const t of [
			'AADSTS1234',
			'{"error": "not_an_oauth_error"}',
			'{"error": "in"}',
			'{"xerror": "invalid_client"}',
			'myerror_codes: [70011]',
			'https://x.example/cb?error=access_denied&state=1',
			'https://x.example/cb?error_description=only',
			'Error code: 1234',
			'Error code: 01234',
			'Sign-in error code\nnothing here',
			'Error(s): 1234',
			'errorNo: 12',
			'ServerError: something_else',
			'ErrorCode: NotFound',
			'the error was invalid_client',
		]) {
			assert.equal(looksLikeErrorText(t), false, t);
		}
	});
});

describe('errorText (mutation): codes', () => {
	it("msal-node's \"7000216 - [time]\" prefix, \"Error code:\" labels and Error(s) lists, in order and once each", () => {
		const r = readErrorText(`Error(s): 70008, 50173 - Timestamp: x\n7000216 - [2024-05-07 15:55:13Z]: bad\nError code: 50126\nAADSTS70008 again`);
		assert.deepEqual(r.codes, ['70008', '50173', '7000216', '50126']);
	});
	it('error_codes as a bare list in a pretty print, and errorNo', () => {
		assert.deepEqual(readErrorText('error_codes: 700024, 50012 and more').codes, ['700024', '50012']);
		assert.deepEqual(readErrorText('{"errorNo": 7000215}').codes, ['7000215']);
		assert.deepEqual(readErrorText('{"error_codes": []}').codes, []);
	});
});

describe('errorText (mutation): key/value pairs', () => {
	it('an unquoted error key is believed only for an OAuth error name; a quoted one for any name', () => {
		assert.equal(readErrorText('error: invalid_client, more').error, 'invalid_client');
		assert.equal(readErrorText('error: custom_failure').error, undefined);
		assert.equal(readErrorText('{"error":"custom_failure","error_description":"x"}').error, 'custom_failure');
		assert.equal(readErrorText('{"error":"Has Spaces","error_description":"x"}').error, undefined);
		assert.equal(readErrorText('{"xerror":"invalid_client"}').error, undefined, 'a key that only ends in error is another key');
		assert.equal(readErrorText('error": "invalid_client"').error, undefined, 'a key closed by a quote it never opened is not a key');
	});
	it('the first error and description win', () => {
		const r = readErrorText('{"error":"invalid_grant","error_description":"first"} {"error":"invalid_client","error_description":"second"}');
		assert.equal(r.error, 'invalid_grant');
		assert.equal(r.errorDescription, 'first');
		assert.equal(r.source, 'json');
	});
	it('trace, correlation, timestamp and error_uri values are checked for their form', () => {
		const good = readErrorText(`{"error":"invalid_client","trace_id":"${TRACE}","correlation_id":"${CORR}","timestamp":"2024-01-02 03:04:05Z","error_uri":"https://login.microsoftonline.com/error?code=1"}`);
		assert.equal(good.traceId, TRACE);
		assert.equal(good.correlationId, CORR);
		assert.equal(good.timestamp, '2024-01-02 03:04:05Z');
		assert.equal(good.errorUri, 'https://login.microsoftonline.com/error?code=1');
		const bad = readErrorText('{"error":"invalid_client","trace_id":"abc","correlation_id":"def","timestamp":"yesterday","error_uri":"see docs"}');
		assert.equal(bad.traceId, undefined);
		assert.equal(bad.correlationId, undefined);
		assert.equal(bad.timestamp, undefined);
		assert.equal(bad.errorUri, undefined);
	});
	it('an unterminated string or list is no value', () => {
		const r = readErrorText('{"error_description": "never closed');
		assert.equal(r.errorDescription, undefined);
		assert.deepEqual(readErrorText(`"error_codes": [70011${' '.repeat(500)}]`).codes, []);
	});
	it('an empty description is none; \\u0027 and \\/ escapes are undone', () => {
		assert.equal(readErrorText('{"error":"invalid_client","error_description":"   "}').errorDescription, undefined);
		const r = readErrorText('{"error":"invalid_request","error_description":"AADSTS50011: The redirect URI \\u0027https:\\/\\/app.example.com\\/cb\\u0027 specified in the request does not match"}');
		assert.equal(r.redirectUri, 'https://app.example.com/cb');
		assert.match(r.errorDescription ?? '', /'https:\/\/app\.example\.com\/cb'/);
	});
	it('a description with CR line ends gets LF', () => {
		const r = readErrorText('{"error":"invalid_client","error_description":"line one\\rline two"}');
		assert.equal(r.errorDescription, 'line one\nline two');
	});
});

describe('errorText (mutation): redirect URLs', () => {
	it('error_uri, a non-error value, and a URL without a scheme has no redirect URI', () => {
		const r = readErrorText('https://app.example.com/cb?error=invalid_request&error_description=AADSTS900144%3A+missing&error_uri=https%3A%2F%2Flogin.microsoftonline.com%2Ferror%3Fcode%3D900144');
		assert.equal(r.errorUri, 'https://login.microsoftonline.com/error?code=900144');
		assert.equal(r.redirectUri, 'https://app.example.com/cb');
		assert.equal(r.source, 'redirect-url');
		const odd = readErrorText('see /cb?error=Not-OAuth&error_description=text+here');
		assert.equal(odd.error, undefined);
		assert.equal(odd.errorDescription, 'text here');
		assert.equal(odd.redirectUri, undefined);
	});
	it('a malformed percent escape keeps the rest decoded', () => {
		const r = readErrorText('https://app.example.com/cb?error=access_denied&error_description=100%25+sure%ZZ+not');
		assert.equal(r.errorDescription, '100% sure%ZZ not');
	});
	it('the URL ends at a quote or whitespace', () => {
		const r = readErrorText(`Location: "https://app.example.com/cb?error=access_denied&error_description=denied" sent`);
		assert.equal(r.redirectUri, 'https://app.example.com/cb');
		assert.equal(r.errorDescription, 'denied');
	});
});

describe('errorText (mutation): sign-in logs', () => {
	it('a details pane: values on the next line, non-GUID IDs skipped, resource and tenant labels', () => {
		const r = readErrorText(['Application ID', 'orders-daemon', 'Client app ID', APP, 'Request ID', REQ, 'Resource', 'Microsoft Graph', 'Home tenant ID', TENANT, 'Sign-in error code', '50126 (invalid credentials)', 'Date (UTC)', '2024-06-01T10:00:00Z'].join('\n'));
		assert.equal(r.appId, APP, 'the first GUID application ID');
		assert.equal(r.requestId, REQ);
		assert.equal(r.resource, 'Microsoft Graph');
		assert.equal(r.tenant, TENANT);
		assert.deepEqual(r.codes, ['50126']);
		assert.equal(r.timestamp, '2024-06-01T10:00:00Z');
		assert.equal(r.source, 'sign-in-log');
	});
	it('"Label<TAB>value" and a label with no value is skipped', () => {
		const r = readErrorText(`Failure reason\tInvalid client secret provided.\nCorrelation ID:\nRequest ID: ${REQ}`);
		assert.equal(r.failureReason, 'Invalid client secret provided.');
		assert.equal(r.errorDescription, 'Invalid client secret provided.');
		assert.equal(r.requestId, REQ);
	});
	it('a CSV export: "" inside quoted fields; a short line ends the table', () => {
		const r = readErrorText(`Date (UTC),Request ID,Sign-in error code,Failure reason\n2024-06-01T10:00:00Z,${REQ},50126,"The ""password"" is wrong"\nnot a row\n2024-06-02T10:00:00Z,${REQ},70011,late`);
		assert.equal(r.failureReason, 'The "password" is wrong');
		assert.deepEqual(r.codes, ['50126']);
		assert.equal(r.requestId, REQ);
	});
	it('a header with fewer than three commas is not a table header', () => {
		const r = readErrorText(`Date (UTC),Sign-in error code\n2024-06-01,50126`);
		assert.deepEqual(r.codes, []);
	});
});

describe('errorText (mutation): fields in sentences', () => {
	it('HTTP status in each form, and only a real status', () => {
		assert.equal(readErrorText('AADSTS7000215 StatusCode: 401').httpStatus, 401);
		assert.equal(readErrorText('invalid_client(status code 400)').httpStatus, 400);
		assert.equal(readErrorText('RESPONSE 403 Forbidden').httpStatus, 403);
		assert.equal(readErrorText('HTTP Error: 500 AADSTS90002').httpStatus, 500);
		assert.equal(readErrorText('http error 502').httpStatus, 502);
		assert.equal(readErrorText('Status: 429 AADSTS50196').httpStatus, 429);
		assert.equal(readErrorText('StatusCode: 999 AADSTS50196').httpStatus, undefined);
		assert.equal(readErrorText('StatusCode: 099').httpStatus, undefined);
	});
	it('the reported thumbprint without quotes, lower case', () => {
		assert.equal(readErrorText('AADSTS700027: Thumbprint of key used by client: abcdef0123456789abcdef0123456789abcdef01 and more').reportedThumbprint, 'ABCDEF0123456789ABCDEF0123456789ABCDEF01');
		assert.equal(readErrorText('AADSTS700027: Thumbprint of key used by client: xyz').reportedThumbprint, undefined);
	});
	it('the application in each wording', () => {
		for (const [t, id] of [
			[`AADSTS7000215: for a secret added to app '${APP}'.`, APP],
			[`AADSTS700027: configured keys for app Id '${APP}'.`, APP],
			[`AADSTS50011: The redirect URI does not match the redirect URIs configured for the application: '${APP}'.`, APP],
			[`AADSTS50011: ... configured for the application '${APP}'.`, APP],
			[`Client app ID: ${APP}`, APP],
			[`AADSTS700016: app_id=${APP}`, APP],
			[`AADSTS700016 application-id: "${APP}"`, APP],
			[`client-id: ${APP}\nAADSTS70021`, APP],
		] as const) {
			assert.equal(readErrorText(t).appId, id, t);
		}
		assert.equal(readErrorText('AADSTS700016: app_id=not-a-guid').appId, undefined);
	});
	it('the tenant in each wording', () => {
		assert.equal(readErrorText("AADSTS500011: The resource principal named https://x.example was not found in the tenant named Contoso Ltd. This can happen").tenant, 'Contoso Ltd');
		assert.equal(readErrorText("AADSTS500011: not found in the tenant named 'fabrikam.com'.").tenant, 'fabrikam.com');
		assert.equal(readErrorText("AADSTS90002: ... in the directory 'contoso.com'.").tenant, 'contoso.com');
		assert.equal(readErrorText("AADSTS50020: User account from identity provider does not exist in tenant 'Fabrikam' and cannot access").tenant, 'Fabrikam');
		assert.equal(readErrorText(`tenant-id: ${TENANT}\nAADSTS70021`).tenant, TENANT);
		assert.equal(readErrorText('POST https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token AADSTS7000215').tenant, 'contoso.onmicrosoft.us');
		assert.equal(readErrorText('POST https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn/oauth2/v2.0/token AADSTS7000215').tenant, 'contoso.partner.onmschina.cn');
	});
	it('the resource and the scope in each wording', () => {
		assert.equal(readErrorText("AADSTS500011: The resource principal named 'api://orders' was not found").resource, 'api://orders');
		assert.equal(readErrorText('AADSTS50001: Resource value from request: https://orders.example.com. Resource value from app').resource, 'https://orders.example.com');
		assert.equal(readErrorText("AADSTS650057: Invalid resource. The client has requested access to a resource 'api://x' which is not listed").resource, 'api://x');
		assert.equal(readErrorText("AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope 'api://a/.default openid' is not valid.").scope, 'api://a/.default openid');
		assert.equal(readErrorText("AADSTS65001: consent for scope 'User.Read' is missing").scope, 'User.Read');
		assert.equal(readErrorText('AADSTS70011: The scope is missing').scope, undefined);
	});
	it('federation: presented assertion wording and the azure/login block', () => {
		const r = readErrorText("AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://issuer.example'. presented assertion audience 'api://x'");
		assert.equal(r.issuer, 'https://issuer.example');
		assert.equal(r.audience, 'api://x');
		const b = readErrorText('Federated token details:\n issuer - https://token.actions.githubusercontent.com\n subject claim - repo:o/r:pull_request\n audience: api://AzureADTokenExchange\nError: AADSTS70021: no match');
		assert.equal(b.issuer, 'https://token.actions.githubusercontent.com');
		assert.equal(b.subject, 'repo:o/r:pull_request');
		assert.equal(b.audience, 'api://AzureADTokenExchange');
	});
	it('times with a space instead of T; only the times stated are set', () => {
		const r = readErrorText('AADSTS700024: Current time: 2024-01-02 03:04:05Z.');
		assert.equal(r.times?.current?.toISOString(), '2024-01-02T03:04:05.000Z');
		assert.deepEqual(Object.keys(r.times ?? {}), ['current']);
		const e = readErrorText('AADSTS500133: expiry time of the assertion 2024-01-02T03:04:05.1234567Z');
		assert.deepEqual(Object.keys(e.times ?? {}), ['expiry']);
		assert.equal(e.times?.expiry?.toISOString(), '2024-01-02T03:04:05.123Z');
		assert.equal(readErrorText('AADSTS70011 no times').times, undefined);
	});
	it('trace, correlation and request IDs from text labels; a bracketed timestamp', () => {
		const r = readErrorText(`[2024-01-02T03:04:05Z] AADSTS70011: bad scope. Trace_ID=${TRACE} Correlation ID: ${CORR} Request Id: ${REQ}`);
		assert.equal(r.traceId, TRACE);
		assert.equal(r.correlationId, CORR);
		assert.equal(r.requestId, REQ);
		assert.equal(r.timestamp, '2024-01-02T03:04:05Z');
	});
	it('the OAuth error from text: (name) AADSTS, InteractionRequiredAuthError, error=', () => {
		assert.equal(readErrorText('(invalid_scope) AADSTS70011: bad').error, 'invalid_scope');
		assert.equal(readErrorText('InteractionRequiredAuthError: interaction_required: AADSTS50076').error, 'interaction_required');
		assert.equal(readErrorText("AADSTS50076 error='login_required'").error, 'login_required');
		assert.equal(readErrorText('(not_oauth) AADSTS70011: bad').error, undefined);
	});
	it('the description from text stops at the trace trailer or a closing quote', () => {
		assert.equal(readErrorText(`AADSTS7000215: Invalid client secret provided. Trace ID: ${TRACE}`).errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(readErrorText(`msg="AADSTS7000215: Invalid client secret provided.", code=1`).errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(readErrorText(`AADSTS7000215: Invalid client secret provided. - Correlation ID: ${CORR}`).errorDescription, 'AADSTS7000215: Invalid client secret provided.');
	});
});

describe('errorText (mutation): the tool the text comes from', () => {
	it('each tool by its marks, wrappers first', () => {
		for (const [t, source] of [
			['Login failed with Error: AADSTS70021. Double check if the details are correct.', 'azure-login'],
			['##[error]AADSTS70021: No matching federated identity record', 'azure-login'],
			['Error: Az CLI Login failed. AADSTS70021', 'azure-login'],
			['Attempting Azure PowerShell login by using OIDC...\nAADSTS70021', 'azure-login'],
			['AADSTS70021\n+ FullyQualifiedErrorId : Microsoft.Azure.Commands', 'powershell'],
			['Get-AzAccessToken : AADSTS70021', 'powershell'],
			['az account get-access-token failed: AADSTS70021', 'azure-cli'],
			['  ERROR: AADSTS70021', 'azure-cli'],
			['CredentialUnavailableError: AADSTS70021', 'azure-identity'],
			['@azure/identity AADSTS70021', 'azure-identity'],
			['azidentity: AADSTS70021', 'azure-identity'],
			['msal4j AADSTS70021', 'msal-java'],
			['MsalUiRequiredException: AADSTS50076', 'msal-net'],
			['MSAL.Desktop.4.1 AADSTS50076', 'msal-net'],
			['File "site-packages/msal/application.py", line 1: AADSTS50076', 'msal-python'],
			['result = app.acquire_token_for_client(scopes) AADSTS50076', 'msal-python'],
			['ClientAuthError: AADSTS50076', 'msal-node'],
			['@azure/msal-common AADSTS50076', 'msal-node'],
			['AADSTS50076: plain', 'text'],
		] as const) {
			assert.equal(readErrorText(t).source, source, t);
		}
	});
});

describe('errorText (mutation): long logs', () => {
	const filler = (n: number) => Array.from({ length: n }, (_, i) => `10:00:${String(i % 60).padStart(2, '0')} INFO GET /orders/${i} 200 in 12 ms`).join('\n');
	it('a pretty-printed body over several lines is kept with the line that starts it', () => {
		const text = `${filler(1500)}\nerror_codes: [\n    700024\n  ]\n${filler(1500)}`;
		assert.ok(text.length > 64 * 1024);
		assert.deepEqual(readErrorText(text).codes, ['700024']);
	});
	it('the rows under a sign-in log header are kept even without error words', () => {
		const rows = Array.from({ length: 3 }, (_, i) => `2024-06-0${i + 1}T10:00:00Z\t${REQ}\t5012${i}\tInvalid password`).join('\n');
		const text = `${filler(1500)}\nDate (UTC)\tRequest ID\tSign-in error code\tFailure reason\n${rows}\n\n10:00:00 INFO 50199 - [2024-01-01 unrelated\n${filler(1500)}`;
		assert.ok(text.length > 64 * 1024);
		assert.deepEqual(readErrorText(text).codes, ['50120', '50121', '50122']);
	});
});

describe('errorText (mutation): the whole reading of typical texts, and nothing more', () => {
	it('a token endpoint JSON body', () => {
		const description = `AADSTS7000215: Invalid client secret provided. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-01-02 03:04:05Z`;
		const text = JSON.stringify({ error: 'invalid_client', error_description: description, error_codes: [7000215], timestamp: '2024-01-02 03:04:05Z', trace_id: TRACE, correlation_id: CORR, error_uri: 'https://login.microsoftonline.com/error?code=7000215' });
		assert.deepStrictEqual(readErrorText(text), { source: 'json', error: 'invalid_client', errorDescription: description, codes: ['7000215'], traceId: TRACE, correlationId: CORR, timestamp: '2024-01-02 03:04:05Z', errorUri: 'https://login.microsoftonline.com/error?code=7000215' });
	});
	it('a redirect URL', () => {
		assert.deepStrictEqual(readErrorText('https://app.example.com/cb?error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent.&state=x'), {
			source: 'redirect-url',
			error: 'access_denied',
			errorDescription: 'AADSTS65004: User declined to consent.',
			codes: ['65004'],
			redirectUri: 'https://app.example.com/cb',
		});
	});
	it("a sign-in log's Label: value lines", () => {
		const reason = 'Invalid client secret provided.';
		const text = `Sign-in error code: 7000215\nFailure reason: ${reason}\nApplication ID: ${APP}\nRequest ID: ${REQ}\nCorrelation ID: ${CORR}\nDate (UTC): 2024-06-01T10:00:00Z`;
		assert.deepStrictEqual(readErrorText(text), { source: 'sign-in-log', codes: ['7000215'], errorDescription: reason, failureReason: reason, appId: APP, requestId: REQ, correlationId: CORR, timestamp: '2024-06-01T10:00:00Z' });
	});
	it('an MSAL.NET exception with the assertion times', () => {
		const sentence = 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-05-28T06:01:42.5853621Z, assertion valid from 2024-05-28T02:19:01.0000000Z, expiry time of assertion 2024-05-28T02:29:01.0000000Z.';
		assert.deepStrictEqual(readErrorText(`Microsoft.Identity.Client.MsalServiceException: ${sentence} Trace ID: ${TRACE}`), {
			source: 'msal-net',
			errorDescription: sentence,
			codes: ['700024'],
			traceId: TRACE,
			times: { current: new Date('2024-05-28T06:01:42.585Z'), validFrom: new Date('2024-05-28T02:19:01.000Z'), expiry: new Date('2024-05-28T02:29:01.000Z') },
		});
	});
	it('an Azure CLI error naming the application and the directory', () => {
		const sentence = `AADSTS700016: Application with identifier '${APP}' was not found in the directory 'Contoso'.`;
		assert.deepStrictEqual(readErrorText(`ERROR: ${sentence} Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-01-02 03:04:05Z`), {
			source: 'azure-cli',
			errorDescription: sentence,
			codes: ['700016'],
			traceId: TRACE,
			correlationId: CORR,
			timestamp: '2024-01-02 03:04:05Z',
			appId: APP,
			tenant: 'Contoso',
		});
	});
	it('a JSON body escaped inside a log string (\\" and \\r\\n) reads the same', () => {
		const inner = JSON.stringify({ error: 'invalid_grant', error_description: 'AADSTS50013: Assertion failed signature validation.\r\nTrace ID: ' + TRACE, error_codes: [50013] });
		const r = readErrorText(`2024-01-01 ERROR token call failed: ${JSON.stringify({ body: inner })}`);
		assert.equal(r.error, 'invalid_grant');
		assert.equal(r.errorDescription, `AADSTS50013: Assertion failed signature validation.\nTrace ID: ${TRACE}`);
		assert.equal(r.traceId, TRACE);
		assert.deepEqual(r.codes, ['50013']);
		assert.equal(r.source, 'json');
	});
	it('a bare errorCode / errorMessage pair as util.inspect prints it', () => {
		const r = readErrorText(`{\n  errorCode: 'invalid_client',\n  errorMessage: '  AADSTS7000215: Invalid client secret provided.  ',\n  errorNo: '7000215'\n}`);
		assert.equal(r.error, 'invalid_client');
		assert.equal(r.errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.deepEqual(r.codes, ['7000215']);
	});
});

describe('errorText (mutation): more wordings and limits', () => {
	it("federation: the sentence form \"Assertion Issuer: '…'\" on its own", () => {
		const r = readErrorText("AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://issuer.example'. Assertion Subject: 'system:serviceaccount:ns:sa'. Assertion Audience: 'api://AzureADTokenExchange'.");
		assert.equal(r.issuer, 'https://issuer.example');
		assert.equal(r.subject, 'system:serviceaccount:ns:sa');
		assert.equal(r.audience, 'api://AzureADTokenExchange');
	});
	it('a Request ID alone does not make a text a sign-in log; IDs that are not GUIDs are not read', () => {
		const r = readErrorText(`AADSTS50076: MFA required.\nRequest ID: ${REQ}\nCorrelation ID: not-a-guid`);
		assert.equal(r.source, 'text');
		assert.equal(r.requestId, REQ);
		assert.equal(r.correlationId, undefined);
	});
	it('a description without an error parameter is not a redirect; a non-OAuth error name in a redirect is kept', () => {
		const r = readErrorText('https://app.example.com/cb?error_description=only+this');
		assert.equal(r.errorDescription, undefined);
		assert.equal(r.source, 'text');
		const c = readErrorText('https://app.example.com/cb?error=custom_error&error_description=x');
		assert.equal(c.error, 'custom_error');
		assert.equal(c.errorDescription, 'x');
	});
	it('sign-in export: the first row wins, longer rows and padded cells are read, a label that starts a sentence is not a label', () => {
		const OTHER = '99999999-8888-7777-6666-555555555555';
		const header = ['Date (UTC)', 'Request ID', 'Application ID', 'Sign-in error code', 'Failure reason'].join('\t');
		const text = [header, ['2024-06-01T10:00:00Z', REQ, ` ${APP} `, ' 50126 ', 'first', 'extra'].join('\t'), ['2024-06-02T10:00:00Z', REQ, OTHER, '70011', 'second'].join('\t')].join('\n');
		const r = readErrorText(text);
		assert.equal(r.appId, APP);
		assert.equal(r.failureReason, 'first');
		assert.deepEqual(r.codes, ['50126', '70011']);
		const s = readErrorText('Error codes are listed in the docs\n50126\nAADSTS70011: bad scope');
		assert.deepEqual(s.codes, ['70011']);
		const indented = readErrorText('Sign-in error code\n   7000215\nFailure reason\n   Invalid client secret provided.');
		assert.deepEqual(indented.codes, ['7000215']);
		assert.equal(indented.failureReason, 'Invalid client secret provided.');
	});
	it('HTTP status at the edges of the valid range', () => {
		assert.equal(readErrorText('AADSTS50196 StatusCode: 100').httpStatus, 100);
		assert.equal(readErrorText('AADSTS50196 StatusCode: 599').httpStatus, 599);
		assert.equal(readErrorText('AADSTS50196 StatusCode: 600').httpStatus, undefined);
	});
	it('flattening: \\t and \\u0026 escapes, escaped twice', () => {
		const r = readErrorText('msg="AADSTS50011: The redirect URI \\\\u0027https://a.example/cb?x=1\\\\u0026y=2\\\\u0027 specified in the request does not match"');
		assert.equal(r.redirectUri, 'https://a.example/cb?x=1&y=2');
		const t = readErrorText('log: Error code:\\t50126 AADSTS50126');
		assert.deepEqual(t.codes, ['50126']);
	});
	it('the scope sentence keeps what precedes "is not valid", without quotes', () => {
		assert.equal(readErrorText("AADSTS70011: The scope 'User.Read openid' is not valid.").scope, 'User.Read openid');
		assert.equal(readErrorText('AADSTS70011: The scope  is not valid.').scope, undefined);
	});
	it('bare values in a pretty print: error up to a comma or brace, a description without a trailing comma', () => {
		const r = readErrorText('{\n  error: invalid_grant,\n  error_description: AADSTS70008: The refresh token has expired.,\n  error_codes: [70008]\n}');
		assert.equal(r.error, 'invalid_grant');
		assert.equal(r.errorDescription, 'AADSTS70008: The refresh token has expired.');
		const brace = readErrorText('{error: invalid_client}');
		assert.equal(brace.error, 'invalid_client');
	});
	it('single-quoted keys with double-quoted values are not a Python dict marker; single with single are', () => {
		assert.equal(readErrorText(`{'error': 'invalid_client', 'error_description': 'AADSTS7000215: bad'}`).source, 'msal-python');
		assert.equal(readErrorText(`{'error': "invalid_client", 'error_description': "AADSTS7000215: bad"}`).source, 'json');
		assert.equal(readErrorText(`{"error": 'invalid_client', "error_description": 'AADSTS7000215: bad'}`).source, 'json');
	});
});
