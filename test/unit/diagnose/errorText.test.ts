/**
 * Error text in every shape people paste it, modelled on public reports (IDs replaced by made-up GUIDs):
 * the JSON body (plain, escaped in a log line, pretty-printed, as a Python dict), MSAL Node/.NET/Python/Java,
 * Azure CLI, azure-identity, PowerShell, the azure/login action, redirect URLs and sign-in logs.
 * Expected values are the ones written into each input here, not read back from the parser.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeError, parseErrorResponse } from '../../../src/core/diagnose/aadsts';

const APP = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const TRACE = '0f0f0f0f-1111-2222-3333-444444444444';
const CORR = '9e9e9e9e-5555-6666-7777-888888888888';
const REQ = '7d7d7d7d-1212-3434-5656-787878787878';
const THUMB = '3839353639454636314637413531364439393530';

describe('errorText: the JSON body', () => {
	it('plain JSON: error, description, codes in order, trace, correlation, timestamp', () => {
		const text = `{"error":"invalid_client","error_description":"AADSTS70002: Error validating credentials. AADSTS50012: Client assertion audience claim does not match Realm issuer.\\r\\nTrace ID: ${TRACE}\\r\\nCorrelation ID: ${CORR}\\r\\nTimestamp: 2017-03-08 23:18:59Z","error_codes":[70002,50012],"timestamp":"2017-03-08 23:18:59Z","trace_id":"${TRACE}","correlation_id":"${CORR}"}`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'json');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['70002', '50012']);
		assert.equal(p.traceId, TRACE);
		assert.equal(p.correlationId, CORR);
		assert.equal(p.timestamp, '2017-03-08 23:18:59Z');
		assert.match(p.errorDescription ?? '', /^AADSTS70002: Error validating credentials\. AADSTS50012: Client assertion audience claim/);
		assert.ok(!/\r/.test(p.errorDescription ?? ''), 'CRLF in the description becomes LF');
		assert.equal(p.text, text);
	});

	it('embedded in a log line, escaped inside a JSON string (\\"error_codes\\"), with the 700027 thumbprint and app ID', () => {
		const body = `{\\"error\\":\\"invalid_client\\",\\"error_description\\":\\"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${THUMB}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${APP}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments .]\\\\r\\\\nTrace ID: ${TRACE}\\\\r\\\\nCorrelation ID: ${CORR}\\\\r\\\\nTimestamp: 2024-02-01 10:11:12Z\\",\\"error_codes\\":[700027],\\"trace_id\\":\\"${TRACE}\\"}`;
		const text = `2024-02-01T10:11:12.345Z ERROR [auth] token request failed {"status":401,"body":"${body}"}`;
		const p = parseErrorResponse(text);
		assert.ok(looksLikeError(text));
		assert.deepEqual(p.codes, ['700027']);
		assert.equal(p.error, 'invalid_client');
		assert.equal(p.reportedThumbprint, THUMB);
		assert.equal(p.appId, APP);
		assert.equal(p.traceId, TRACE);
		assert.equal(p.correlationId, CORR);
		assert.match(p.errorDescription ?? '', /^AADSTS700027: The certificate with identifier used to sign/);
		assert.match(p.errorDescription ?? '', /\nTrace ID:/, 'two levels of escaping undone');
	});

	it('JSON escaped twice (a log string inside a JSON log line)', () => {
		const text = `{"msg":"{\\"inner\\":\\"{\\\\\\"error\\\\\\":\\\\\\"invalid_grant\\\\\\",\\\\\\"error_description\\\\\\":\\\\\\"AADSTS50013: Assertion failed signature validation.\\\\\\",\\\\\\"error_codes\\\\\\":[50013]}\\"}"}`;
		const p = parseErrorResponse(text);
		assert.equal(p.error, 'invalid_grant');
		assert.equal(p.errorDescription, 'AADSTS50013: Assertion failed signature validation.');
		assert.deepEqual(p.codes, ['50013']);
	});

	it('pretty-printed inside an exception dump (Go azidentity style, unquoted)', () => {
		const text = [
			'ClientCertificateCredential: authentication failed:',
			'POST https://login.microsoftonline.com/' + TENANT + '/oauth2/v2.0/token',
			'--------------------------------------------------------------------------------',
			'RESPONSE 401 Unauthorized',
			'--------------------------------------------------------------------------------',
			'{',
			'    error: invalid_client,',
			'    error_description: AADSTS700024: Client assertion is not within its valid time range. Current time: 2022-05-19T17:40:01.1234567Z, assertion valid from 2022-05-19T16:30:00.0000000Z, expiry time of assertion 2022-05-19T16:40:00.0000000Z.,',
			'    error_codes: [',
			'        700024',
			'    ],',
			'    error_uri: https://login.microsoftonline.com/error?code=700024',
			'}',
		].join('\n');
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'azure-identity');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['700024']);
		assert.equal(p.httpStatus, 401);
		assert.equal(p.tenant, TENANT);
		assert.equal(p.errorUri, 'https://login.microsoftonline.com/error?code=700024');
		assert.equal(p.times?.current?.toISOString(), '2022-05-19T17:40:01.123Z');
		assert.equal(p.times?.validFrom?.toISOString(), '2022-05-19T16:30:00.000Z');
		assert.equal(p.times?.expiry?.toISOString(), '2022-05-19T16:40:00.000Z');
	});

	it("a Python dict repr (MSAL Python's result), with a double-quoted description holding single quotes", () => {
		const text = `{'error': 'invalid_client', 'error_description': "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${THUMB}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${APP}'.] Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2023-06-01 08:00:00Z", 'error_codes': [700027], 'timestamp': '2023-06-01 08:00:00Z', 'trace_id': '${TRACE}', 'correlation_id': '${CORR}', 'error_uri': 'https://login.microsoftonline.com/error?code=700027'}`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'msal-python');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['700027']);
		assert.equal(p.reportedThumbprint, THUMB);
		assert.equal(p.appId, APP);
		assert.equal(p.correlationId, CORR);
		assert.equal(p.errorUri, 'https://login.microsoftonline.com/error?code=700027');
	});

	it("Python 2's u'…' repr", () => {
		const p = parseErrorResponse(`{u'correlation_id': u'${CORR}', u'error': u'invalid_grant', u'error_codes': [9002313], u'error_description': u'AADSTS9002313: Invalid request. Request is malformed or invalid.\\r\\nTrace ID: ${TRACE}', u'trace_id': u'${TRACE}'}`);
		assert.equal(p.error, 'invalid_grant');
		assert.deepEqual(p.codes, ['9002313']);
		assert.equal(p.traceId, TRACE);
		assert.equal(p.correlationId, CORR);
	});
});

describe('errorText: MSAL', () => {
	it('MSAL Node ServerError with "Error(s): … - Timestamp: … - Description: …"', () => {
		const text = `ServerError: invalid_client: Error(s): 700027 - Timestamp: 2024-03-01 12:00:00Z - Description: AADSTS700027: Client assertion failed signature validation. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-03-01 12:00:00Z - Correlation ID: ${CORR} - Trace ID: ${TRACE}\n    at ResponseHandler.validateTokenResponse (node_modules/@azure/msal-common/dist/response/ResponseHandler.mjs:77:33)`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'msal-node');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['700027']);
		assert.equal(p.traceId, TRACE);
		assert.equal(p.correlationId, CORR);
		assert.equal(p.timestamp, '2024-03-01 12:00:00Z');
	});

	it('MSAL Node error object as logged (errorCode / errorMessage / errorNo, older "7000216 - [time]:" prefix)', () => {
		const text = `{\n    "errorCode": "invalid_client",\n    "errorMessage": "7000216 - [2024-05-07 15:55:13Z]: AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-05-07 15:55:13Z - Correlation ID: ${CORR} - Trace ID: ${TRACE}",\n    "subError": "",\n    "name": "ServerError",\n    "errorNo": 7000216\n}`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'msal-node');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['7000216']);
		assert.match(p.errorDescription ?? '', /^AADSTS7000216: 'client_assertion'/, 'the numeric prefix is dropped');
		assert.equal(p.timestamp, '2024-05-07 15:55:13Z');
	});

	it('MSAL.NET MsalServiceException with ErrorCode, StatusCode and ResponseBody', () => {
		const text = [
			'MSAL.NetCore.4.60.3.0.MsalServiceException:',
			'\tErrorCode: invalid_client',
			`Microsoft.Identity.Client.MsalServiceException: A configuration issue is preventing authentication - check the error message from the server for details. You can modify the configuration in the application registration portal. See https://aka.ms/msal-net-invalid-client for details.  Original exception: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${APP}'. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-05-14 13:49:32Z`,
			'   at Microsoft.Identity.Client.Internal.Requests.RequestBase.HandleTokenRefreshErrorAsync(MsalServiceException e)',
			'\tStatusCode: 401 ',
			`\tResponseBody: {"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215],"timestamp":"2024-05-14 13:49:32Z","trace_id":"${TRACE}","correlation_id":"${CORR}"} `,
		].join('\n');
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'msal-net');
		assert.equal(p.error, 'invalid_client');
		assert.deepEqual(p.codes, ['7000215']);
		assert.equal(p.httpStatus, 401);
		assert.equal(p.appId, APP);
		assert.equal(p.correlationId, CORR);
	});

	it('MSAL Java (msal4j) with 700024 times', () => {
		const text = `Caused by: com.microsoft.aad.msal4j.MsalServiceException: AADSTS700024: Client assertion is not within its valid time range. Current time: 2025-08-29T05:47:32.1501147Z, assertion valid from 1970-01-01T00:00:00.0000000Z, expiry time of assertion 2025-08-29T00:30:05.0000000Z. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials . Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2025-08-29 05:47:32Z\n\tat com.microsoft.aad.msal4j.MsalServiceExceptionFactory.fromHttpResponse(MsalServiceExceptionFactory.java:38)`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'msal-java');
		assert.deepEqual(p.codes, ['700024']);
		assert.equal(p.times?.current?.getTime(), Date.UTC(2025, 7, 29, 5, 47, 32, 150));
		assert.equal(p.times?.validFrom?.getTime(), 0, 'an assertion without nbf shows as 1970');
		assert.equal(p.times?.expiry?.getTime(), Date.UTC(2025, 7, 29, 0, 30, 5));
	});

	it('On-Behalf-Of 500133 states current and expiry times', () => {
		const p = parseErrorResponse(
			`Microsoft.Identity.Client.MsalUiRequiredException: AADSTS500133: Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: 2024-06-20T11:53:16.0381024Z, expiry time of assertion 2024-06-20T11:53:16.0000000Z. Trace ID: ${TRACE}`,
		);
		assert.deepEqual(p.codes, ['500133']);
		assert.equal(p.times?.current?.toISOString(), '2024-06-20T11:53:16.038Z');
		assert.equal(p.times?.expiry?.toISOString(), '2024-06-20T11:53:16.000Z');
		assert.equal(p.times?.validFrom, undefined);
	});
});

describe('errorText: CLIs, SDKs and PowerShell', () => {
	it('Azure CLI: ERROR: AADSTS700016 with the application and the directory', () => {
		const p = parseErrorResponse(
			`ERROR: AADSTS700016: Application with identifier '${APP}' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-01-02 03:04:05Z`,
		);
		assert.equal(p.source, 'azure-cli');
		assert.deepEqual(p.codes, ['700016']);
		assert.equal(p.appId, APP);
		assert.equal(p.tenant, 'Contoso');
	});

	it('azure-identity for Python: ClientAuthenticationError, tenant not found', () => {
		const p = parseErrorResponse(
			`azure.core.exceptions.ClientAuthenticationError: Authentication failed: AADSTS90002: Tenant 'contoso.onmicrosoft.us' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-02-02 02:02:02Z`,
		);
		assert.equal(p.source, 'azure-identity');
		assert.deepEqual(p.codes, ['90002']);
		assert.equal(p.tenant, 'contoso.onmicrosoft.us');
	});

	it('azure-identity for JS: "<error>(status code 400). More details:" and the resource principal', () => {
		const text = `AuthenticationError: invalid_resource(status code 400).\nMore details:\nAADSTS500011: The resource principal named api://orders-api was not found in the tenant named Fabrikam. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.\r\nTrace ID: ${TRACE}\r\nCorrelation ID: ${CORR}\r\nTimestamp: 2021-04-01 09:09:09Z`;
		const p = parseErrorResponse(text);
		assert.equal(p.error, 'invalid_resource');
		assert.equal(p.httpStatus, 400);
		assert.equal(p.resource, 'api://orders-api');
		assert.equal(p.tenant, 'Fabrikam');
		assert.deepEqual(p.codes, ['500011']);
	});

	it('Azure.Identity.AuthenticationFailedException wrapping MSAL.NET (.NET)', () => {
		const p = parseErrorResponse(
			`Azure.Identity.AuthenticationFailedException: ClientAssertionCredential authentication failed: A configuration issue is preventing authentication - check the error message from the server for details. Original exception: AADSTS700024: Client assertion is not within its valid time range. Current time: 2024-05-28T06:01:42.5853621Z, assertion valid from 2024-05-28T02:19:01.0000000Z, expiry time of assertion 2024-05-28T02:29:01.0000000Z. Trace ID: ${TRACE}\n ---> MSAL.NetCore.4.60.3.0.MsalServiceException:\n\tErrorCode: invalid_client`,
		);
		assert.equal(p.source, 'azure-identity');
		assert.equal(p.error, 'invalid_client');
		assert.equal(p.times?.validFrom?.toISOString(), '2024-05-28T02:19:01.000Z');
	});

	it('PowerShell Connect-AzAccount with CategoryInfo / FullyQualifiedErrorId, and the invalid scope', () => {
		const text = [
			'Connect-AzAccount : ClientSecretCredential authentication failed: AADSTS70011: The provided request must include a \'scope\' input parameter. The provided value for the input parameter \'scope\' is not valid. The scope https://graph.microsoft.com/User.Read offline_access is not valid.',
			`Trace ID: ${TRACE}`,
			'At line:1 char:1',
			'+ Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant $tenant',
			'+ ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~',
			'    + CategoryInfo          : CloseError: (:) [Connect-AzAccount], AuthenticationFailedException',
			'    + FullyQualifiedErrorId : Microsoft.Azure.Commands.Profile.ConnectAzureRmAccountCommand',
		].join('\r\n');
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'powershell');
		assert.deepEqual(p.codes, ['70011']);
		assert.equal(p.scope, 'https://graph.microsoft.com/User.Read offline_access');
		assert.equal(p.traceId, TRACE);
	});

	it('Connect-MgGraph is PowerShell too', () => {
		const p = parseErrorResponse(`Connect-MgGraph: ClientCertificateCredential authentication failed: AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${THUMB}']`);
		assert.equal(p.source, 'powershell');
		assert.equal(p.reportedThumbprint, THUMB);
	});

	it("the azure/login action's log: subject, issuer and audience of the presented assertion", () => {
		const text = [
			'Run azure/login@v2',
			'  with:',
			`    client-id: ${APP}`,
			`    tenant-id: ${TENANT}`,
			'    audience: api://AzureADTokenExchange',
			'Federated token details:',
			' issuer - https://token.actions.githubusercontent.com',
			' subject claim - repo:contoso/web:ref:refs/heads/main',
			'Attempting Azure CLI login by using OIDC...',
			"Error: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:contoso/web:ref:refs/heads/main'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation",
		].join('\n');
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'azure-login');
		assert.deepEqual(p.codes, ['70021']);
		assert.equal(p.issuer, 'https://token.actions.githubusercontent.com');
		assert.equal(p.subject, 'repo:contoso/web:ref:refs/heads/main');
		assert.equal(p.audience, 'api://AzureADTokenExchange');
		assert.equal(p.appId, APP);
		assert.equal(p.tenant, TENANT);
	});

	it("azure/login's 700213 names the subject in the sentence", () => {
		const p = parseErrorResponse(
			`Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:Contoso/Web:environment:Prod'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Trace ID: ${TRACE} Correlation ID: ${CORR} Timestamp: 2024-05-31 14:26:23Z`,
		);
		assert.equal(p.source, 'azure-login');
		assert.equal(p.subject, 'repo:Contoso/Web:environment:Prod', 'kept exactly, case and all');
	});
});

describe('errorText: redirect URLs and sign-in logs', () => {
	it('a redirect URL with error and error_description in the fragment (URL-encoded, + for spaces)', () => {
		const url = `https://localhost:5001/signin-oidc#error=invalid_request&error_description=AADSTS50011%3a+The+redirect+URI+%27https%3a%2f%2flocalhost%3a5001%2fsignin-oidc%27+specified+in+the+request+does+not+match+the+redirect+URIs+configured+for+the+application+%27${APP}%27.%0d%0aTrace+ID%3a+${TRACE}%0d%0aCorrelation+ID%3a+${CORR}&state=abc123`;
		assert.ok(looksLikeError(url));
		const p = parseErrorResponse(url);
		assert.equal(p.source, 'redirect-url');
		assert.equal(p.error, 'invalid_request');
		assert.deepEqual(p.codes, ['50011']);
		assert.match(p.errorDescription ?? '', /^AADSTS50011: The redirect URI 'https:\/\/localhost:5001\/signin-oidc' specified/);
		assert.equal(p.redirectUri, 'https://localhost:5001/signin-oidc');
		assert.equal(p.appId, APP);
		assert.equal(p.traceId, TRACE);
		assert.equal(p.correlationId, CORR);
	});

	it('a redirect URL with the error in the query: the URL itself is the redirect URI', () => {
		const p = parseErrorResponse(`http://localhost:3000/auth/callback?error=consent_required&error_description=AADSTS65001%3A%20The%20user%20or%20administrator%20has%20not%20consented%20to%20use%20the%20application%20with%20ID%20%27${APP}%27.&state=xyz`);
		assert.equal(p.error, 'consent_required');
		assert.deepEqual(p.codes, ['65001']);
		assert.equal(p.redirectUri, 'http://localhost:3000/auth/callback');
	});

	it("the sign-in log's details pane (labels on their own lines), codes without the AADSTS prefix", () => {
		const text = ['Date', '6/1/2024, 10:00:00 AM', 'Request ID', REQ, 'Correlation ID', CORR, 'Status', 'Failure', 'Sign-in error code', '7000215', 'Failure reason', 'Invalid client secret provided.', 'Application ID', APP].join('\n');
		const p = parseErrorResponse(text);
		assert.ok(looksLikeError(text));
		assert.equal(p.source, 'sign-in-log');
		assert.deepEqual(p.codes, ['7000215']);
		assert.equal(p.requestId, REQ);
		assert.equal(p.correlationId, CORR);
		assert.equal(p.appId, APP);
		assert.equal(p.failureReason, 'Invalid client secret provided.');
	});

	it('"Label: value" lines, CRLF', () => {
		const text = `Error code: 50126\r\nFailure reason: Error validating credentials due to invalid username or password.\r\nApplication ID: ${APP}\r\nRequest ID: ${REQ}\r\nDate (UTC): 2024-06-01T10:00:00Z\r\n`;
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'sign-in-log');
		assert.deepEqual(p.codes, ['50126']);
		assert.equal(p.appId, APP);
		assert.equal(p.timestamp, '2024-06-01T10:00:00Z');
	});

	it('the tab-separated export: header line and rows, every code in order, no duplicates', () => {
		const header = ['Date (UTC)', 'Request ID', 'Correlation ID', 'Application', 'Application ID', 'Resource', 'Resource tenant ID', 'Status', 'Sign-in error code', 'Failure reason'].join('\t');
		const row = (code: string, reason: string) => ['2024-06-01T10:00:00Z', REQ, CORR, 'orders-daemon', APP, 'Microsoft Graph', TENANT, 'Failure', code, reason].join('\t');
		const text = [header, row('7000215', 'Invalid client secret provided.'), row('700027', 'Client assertion failed signature validation.'), row('7000215', 'Invalid client secret provided.'), row('0', '')].join('\n');
		const p = parseErrorResponse(text);
		assert.equal(p.source, 'sign-in-log');
		assert.deepEqual(p.codes, ['7000215', '700027']);
		assert.equal(p.appId, APP);
		assert.equal(p.resource, 'Microsoft Graph');
		assert.equal(p.tenant, TENANT);
		assert.equal(p.failureReason, 'Invalid client secret provided.');
	});

	it('the comma-separated export with quoted fields', () => {
		const text = `"Date (UTC)","Request ID","Application ID","Sign-in error code","Failure reason"\n"2024-06-01T10:00:00Z","${REQ}","${APP}","700016","Application with identifier '${APP}' was not found in the directory 'Contoso, Ltd'."`;
		const p = parseErrorResponse(text);
		assert.deepEqual(p.codes, ['700016']);
		assert.equal(p.appId, APP);
		assert.equal(p.tenant, 'Contoso, Ltd');
	});
});

describe('errorText: logs, wrapping and many errors', () => {
	it('several errors in one log: every code once, in order of appearance', () => {
		const text = [
			'10:00:01 WARN retrying: AADSTS50196: The server terminated an operation because it encountered a client request loop.',
			'10:00:02 ERROR {"error":"invalid_client","error_codes":[700027],"error_description":"AADSTS700027: Client assertion failed signature validation."}',
			'10:00:03 ERROR AADSTS50196 again',
			'10:00:04 ERROR ERROR: AADSTS7000222: The provided client secret keys for app are expired.',
		].join('\n');
		assert.deepEqual(parseErrorResponse(text).codes, ['50196', '700027', '7000222']);
	});

	it('a wrapped thumbprint and a wrapped "Trace\\nID:" label', () => {
		const half = THUMB.slice(0, 20);
		const text = `AADSTS700027: Client assertion failed signature validation. Thumbprint of key used by client: '${half}\n    ${THUMB.slice(20)}'. Trace\nID: ${TRACE}`;
		const p = parseErrorResponse(text);
		assert.equal(p.reportedThumbprint, THUMB);
		assert.equal(p.traceId, TRACE);
	});

	it('a 5 MB log with one error in it parses in well under half a second', () => {
		const lines: string[] = [];
		for (let i = 0; lines.join('\n').length < 10_000; i++) {
			lines.push(`2024-06-01T10:${String(i % 60).padStart(2, '0')}:00.000Z INFO  GET /api/orders/${i} 200 ${i % 97}ms user=u${i} region=westeurope`);
		}
		const chunk = lines.join('\n') + '\n';
		const half = chunk.repeat(Math.ceil(2_500_000 / chunk.length));
		const error = `{"error":"invalid_client","error_description":"AADSTS700027: Client assertion failed signature validation. Trace ID: ${TRACE}","error_codes":[700027]}`;
		const log = Buffer.from(`${half}2024-06-01T11:00:00.000Z ERROR token request failed ${error}\n${half}`).toString('utf8');
		assert.ok(log.length > 5_000_000);
		parseErrorResponse('AADSTS700027: warm-up');
		const t = process.hrtime.bigint();
		const p = parseErrorResponse(log);
		const ms = Number(process.hrtime.bigint() - t) / 1e6;
		assert.deepEqual(p.codes, ['700027']);
		assert.equal(p.traceId, TRACE);
		assert.ok(ms < 2500, `took ${ms.toFixed(0)} ms`);
	});

	it('pathological inputs stay linear: 200 KB of repeated fragments each in well under a second', () => {
		for (const unit of ['\\', '"error":"', "u'error': u'", 'error_codes: [', 'AADSTS', 'Error code\n', 'Date (UTC)\t1\t2\n', 'Thumbprint of key used by client: \'a', 'in the tenant named ', 'The scope ', '?error=a&error_description=%', '1234567 - [2024-']) {
			const text = unit.repeat(Math.ceil(200_000 / unit.length));
			const t = process.hrtime.bigint();
			parseErrorResponse(text);
			looksLikeError(text);
			const ms = Number(process.hrtime.bigint() - t) / 1e6;
			assert.ok(ms < 5000, `${JSON.stringify(unit)}: ${ms.toFixed(0)} ms`);
		}
	});

	it('never throws on arbitrary input (property)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 400 }), (s) => {
				const p = parseErrorResponse(s);
				looksLikeError(s);
				return Array.isArray(p.codes) && p.codes.every((c) => /^\d+$/.test(c));
			}),
			{ numRuns: 2000 },
		);
		const pieces = ['"', "'", '\\', 'error', 'error_codes', 'error_description', ':', '[', ']', '7000215', 'AADSTS', '\n', '\r', '\t', ',', 'Sign-in error code', 'Date (UTC)', 'u', '?', '&', '=', '%', '%zz', '+', '#', 'Trace ID', 'Current time: ', '2024-01-01T00:00:00Z', '{', '}'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
				const s = parts.join('');
				parseErrorResponse(s);
				looksLikeError(s);
				return true;
			}),
			{ numRuns: 3000 },
		);
	});
});

describe('errorText: looksLikeError', () => {
	const header = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', x5t: 'hOBcHZi846VCHSJbFAs26Go9VTQ' })).toString('base64url');
	const payload = Buffer.from(JSON.stringify({ aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, iss: APP, sub: APP, exp: 1900000000 })).toString('base64url');

	it('rejects a token, token requests (form, curl, JSON config) and a manifest', () => {
		const notErrors = [
			`${header}.${payload}.c2lnbmF0dXJl`,
			`grant_type=client_credentials&client_id=${APP}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${header}.${payload}.c2ln`,
			`curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d grant_type=client_credentials -d client_id=${APP} -d scope=https://graph.microsoft.com/.default`,
			JSON.stringify({ auth: { clientId: APP, authority: `https://login.microsoftonline.com/${TENANT}`, clientCertificate: { thumbprint: THUMB.slice(0, 40), privateKey: '…' } } }),
			JSON.stringify({ id: TENANT, appId: APP, displayName: 'orders', errorUrl: null, keyCredentials: [], requiredResourceAccess: [] }, null, 2),
			'{"access_token":"eyJ0eXAiOiJKV1Qi","token_type":"Bearer","expires_in":3599}',
			'Build succeeded. 0 errors, 0 warnings. Error code: none',
		];
		for (const t of notErrors) {
			assert.equal(looksLikeError(t), false, t.slice(0, 60));
		}
	});

	it('accepts each shape, even without an AADSTS code', () => {
		const errors = [
			'{"error":"invalid_grant","error_description":"The refresh token has expired."}',
			"{'error': 'invalid_client', 'error_description': 'bad'}",
			'{\\"error_codes\\":[50013]}',
			'https://app.contoso.com/cb?error=access_denied&error_description=the+user+canceled',
			'Sign-in error code: 50126',
			'ServerError: invalid_grant: Error(s): 70008 - Timestamp: 2024-01-01 00:00:00Z',
			'MSAL.NetCore.MsalServiceException:\n\tErrorCode: invalid_client',
		];
		for (const t of errors) {
			assert.equal(looksLikeError(t), true, t);
		}
	});
});
