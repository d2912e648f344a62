/**
 * The error-text reader, second part: the spacing and escaping variants a field is written in (a log's own line
 * ends, escaped JSON inside a log string, labels with and without colons), the limits of the long-log window, and
 * which reading wins when a text holds the same field twice. Inputs follow the public message texts; IDs are made up.
 */
import * as assert from 'node:assert/strict';
import { looksLikeErrorText, readErrorText } from '../../../src/core/diagnose/errorText';

const APP = '21212121-3434-4545-5656-676767676767';
const TRACE = '0a0a0a0a-1b1b-2c2c-3d3d-4e4e4e4e4e4e';
const CORR = 'c0c0c0c0-d1d1-e2e2-f3f3-a4a4a4a4a4a4';
const REQ = 'e7e7e7e7-f8f8-a9a9-b0b0-c1c1c1c1c1c1';

describe('errorText (mutation 2): markers with other spacing', () => {
	it('keys and labels with a space before the colon, or none after it', () => {
		for (const t of [
			'error_codes: [70011]',
			'{"error_codes" : [70011]}',
			"{'error' : 'invalid_client'}",
			'{"error":"invalid_client"}',
			'Error code : 50126',
			'Error code:50126',
			'Error code 50126',
			'Error(s):70008',
			'errorNo : 7000215',
			'errorNo:7000215',
			'ServerError : invalid_grant',
			'ErrorCode:invalid_client',
		]) {
			assert.equal(looksLikeErrorText(t), true, t);
		}
	});
	it('an error parameter of one or two letters does not make a redirect URL an error', () => {
		assert.equal(looksLikeErrorText('https://app.example.com/cb?error=ab&error_description=x'), false);
		assert.equal(looksLikeErrorText('https://app.example.com/cb?error=abc&error_description=x'), true);
	});
});

describe('errorText (mutation 2): codes in prose and lists', () => {
	it('"Error code: n" in the middle of a line, in each spacing', () => {
		for (const t of ['Request failed. Error code: 50126 (invalid username)', 'Request failed. Error code:50126.', 'Request failed. Error code : 50126.', 'Request failed. Error code  50126.', 'Request failed. Error code:  50126.', 'Request failed; sign-in error code 50126']) {
			assert.deepEqual(readErrorText(t).codes, ['50126'], t);
		}
	});
	it('msal-node Error(s) lists of three codes, with or without spaces', () => {
		assert.deepEqual(readErrorText('Error(s):70008,50173,7000215 - Timestamp: x').codes, ['70008', '50173', '7000215']);
		assert.deepEqual(readErrorText('Error(s): 70008 , 50173 , 7000215 - Timestamp: x').codes, ['70008', '50173', '7000215']);
	});
	it('a bare error_codes line reads only the leading list, not later numbers on the line', () => {
		assert.deepEqual(readErrorText('error_codes: 7000215 (seen since 20240101)').codes, ['7000215']);
	});
	it('error_codes alone make a key/value body; an empty list does not', () => {
		assert.equal(readErrorText('{"error_codes": [50126]}').source, 'json');
		assert.equal(readErrorText('{"error_codes": []}').source, 'text');
	});
});

describe('errorText (mutation 2): line ends and escapes in the text around the fields', () => {
	it('CRLF output: the description ends at the line end', () => {
		const r = readErrorText(`ERROR: AADSTS7000215: Invalid client secret provided.\r\nTrace ID: ${TRACE}\r\n`);
		assert.equal(r.errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(r.traceId, TRACE);
	});
	it('a lone CR ends a line too', () => {
		assert.equal(readErrorText('AADSTS500011: The resource principal named https://x.example was not found in the tenant named Contoso\rnext line').tenant, 'Contoso');
	});
	it('\\n, \\r\\n and \\t escapes in a logged message string are line ends and tabs', () => {
		const n = readErrorText(`msg="AADSTS700016: Application not found in the directory 'contoso'.\\nTrace ID: ${TRACE}"`);
		assert.equal(n.errorDescription, "AADSTS700016: Application not found in the directory 'contoso'.");
		assert.equal(n.traceId, TRACE);
		const rn = readErrorText(`msg="AADSTS700016: Application not found in the directory 'contoso'.\\r\\nTrace ID: ${TRACE}"`);
		assert.equal(rn.errorDescription, "AADSTS700016: Application not found in the directory 'contoso'.");
		assert.equal(readErrorText('msg="AADSTS50196: too many requests. StatusCode:\\t429"').httpStatus, 429);
	});
	it('\\u003c and \\u003e (how .NET escapes < and >) are undone in the text', () => {
		const r = readErrorText(`log: "AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope api://\\u003cclient-id\\u003e/.default is not valid."`);
		assert.equal(r.scope, 'api://<client-id>/.default');
		const upper = readErrorText(`log: "AADSTS70011: The scope api://\\u003Cclient-id\\u003E/.default is not valid."`);
		assert.equal(upper.scope, 'api://<client-id>/.default');
	});
	it('lower-case trace, correlation and timestamp labels', () => {
		const r = readErrorText(`AADSTS50013: failed. trace id: ${TRACE}, correlation id: ${CORR}, timestamp: 2024-01-02 03:04:05Z`);
		assert.equal(r.traceId, TRACE);
		assert.equal(r.correlationId, CORR);
		assert.equal(r.timestamp, '2024-01-02 03:04:05Z');
	});
	it('values on a line with trailing spaces are trimmed', () => {
		const b = readErrorText('Federated token details:\n issuer - https://token.actions.githubusercontent.com   \n subject claim - repo:o/r:ref:refs/heads/main  \nError: AADSTS70021: no match');
		assert.equal(b.issuer, 'https://token.actions.githubusercontent.com');
		assert.equal(b.subject, 'repo:o/r:ref:refs/heads/main');
	});
});

describe('errorText (mutation 2): JSON escaped inside a log string', () => {
	it('a tab-indented body (Go json.MarshalIndent, then %q) keeps its error key', () => {
		const r = readErrorText(`level=error msg="token call failed" body="{\\n\\t\\"error\\": \\"invalid_client\\",\\n\\t\\"error_description\\": \\"AADSTS7000215: Invalid client secret provided.\\",\\n\\t\\"error_codes\\": [7000215]\\n}"`);
		assert.equal(r.error, 'invalid_client');
		assert.equal(r.errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.deepEqual(r.codes, ['7000215']);
	});
	it('a key right after an escaped line end is a key; escaped twice too', () => {
		assert.equal(readErrorText('log: "{\\n\\"error\\": \\"invalid_client\\", \\"error_description\\": \\"bad\\"}"').error, 'invalid_client');
		assert.equal(readErrorText('log: "body=\\"{\\\\n\\\\t\\\\\\"error\\\\\\": \\\\\\"invalid_grant\\\\\\"}\\""').error, 'invalid_grant');
	});
	it('a key after another value is a key; a letter before a key makes it another name', () => {
		const r = readErrorText('{"status":401,"error":"invalid_client","error_description":"AADSTS7000215: bad"}');
		assert.equal(r.error, 'invalid_client');
		assert.equal(readErrorText('{"status":401,"xerror":"invalid_client"}').error, undefined);
		assert.equal(readErrorText('{ xerror: invalid_client }').error, undefined);
	});
	it("Python 2 u'…' keys and values", () => {
		const r = readErrorText("{u'error': u'invalid_client', u'error_description': u'AADSTS7000215: bad', u'error_codes': [7000215]}");
		assert.equal(r.error, 'invalid_client');
		assert.equal(r.errorDescription, 'AADSTS7000215: bad');
		assert.equal(r.source, 'msal-python');
	});
});

describe('errorText (mutation 2): key/value values', () => {
	it('an empty description in a body leaves the message the text states', () => {
		const r = readErrorText('{"error":"invalid_client","error_description":""} AADSTS7000215: Invalid client secret provided.');
		assert.equal(r.errorDescription, 'AADSTS7000215: Invalid client secret provided.');
	});
	it('error_uri only when the whole value is an http(s) URL; IDs and URLs with spaces around are trimmed', () => {
		assert.equal(readErrorText('{"error":"invalid_client","error_uri":"https://login.microsoftonline.com/error?code=1 (see)"}').errorUri, undefined);
		assert.equal(readErrorText('{"error":"invalid_client","error_uri":"see https://login.microsoftonline.com/error?code=1"}').errorUri, undefined);
		assert.equal(readErrorText('{"error":"invalid_client","error_uri":"http://login.example/error"}').errorUri, 'http://login.example/error');
		const r = readErrorText(`{"error":"invalid_client","error_uri":" https://login.microsoftonline.com/error?code=1 ","trace_id":" ${TRACE} ","correlation_id":" ${CORR} "}`);
		assert.equal(r.errorUri, 'https://login.microsoftonline.com/error?code=1');
		assert.equal(r.traceId, TRACE);
		assert.equal(r.correlationId, CORR);
	});
	it("Python 2 u\"…\" for a value holding an apostrophe", () => {
		const r = readErrorText(`{u'error': u'invalid_request', u'error_description': u"AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request does not match"}`);
		assert.equal(r.error, 'invalid_request');
		assert.equal(r.errorDescription, "AADSTS50011: The redirect URI 'https://app.example.com/cb' specified in the request does not match");
		assert.equal(r.redirectUri, 'https://app.example.com/cb');
	});
	it('a bare value that starts with u is read whole', () => {
		assert.equal(readErrorText('{\n  error_description: unable to sign in: AADSTS700016: Application not found\n}').errorDescription, 'unable to sign in: AADSTS700016: Application not found');
	});
	it('an escaped quote inside a JSON string does not end it; \\n and \\t inside are a line end and a tab', () => {
		const r = readErrorText('{"error":"invalid_request","error_description":"AADSTS50011: The redirect URI \\"https://a.example/cb\\" specified in the request does not match"}');
		assert.equal(r.errorDescription, 'AADSTS50011: The redirect URI "https://a.example/cb" specified in the request does not match');
		assert.equal(readErrorText('{"error":"invalid_client","error_description":"line one\\nline\\ttwo"}').errorDescription, 'line one\nline\ttwo');
	});
	it('a bare description ending in a comma and spaces loses them', () => {
		assert.equal(readErrorText('{\n  error: invalid_grant,\n  error_description: AADSTS70008: The refresh token has expired.,   \n}').errorDescription, 'AADSTS70008: The refresh token has expired.');
	});
	it("msal-node's errorMessage prefix \"7000215 - [time]: \" is dropped, with or without a space after it", () => {
		assert.equal(readErrorText("{ errorCode: 'invalid_client', errorMessage: '7000215 - [2024-05-07 15:55:13Z]: AADSTS7000215: Invalid client secret provided.' }").errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(readErrorText("{ errorCode: 'invalid_client', errorMessage: '7000215 - [2024-05-07 15:55:13Z]:AADSTS7000215: Invalid client secret provided.' }").errorDescription, 'AADSTS7000215: Invalid client secret provided.');
	});
});

describe('errorText (mutation 2): redirect URLs', () => {
	it('an error parameter without error_description is not a redirect', () => {
		const r = readErrorText('https://app.example.com/cb?error=access_denied&state=1');
		assert.equal(r.source, 'text');
		assert.equal(r.redirectUri, undefined);
	});
	it('a redirect URL at the start of a long paste', () => {
		const r = readErrorText(`https://app.example.com/cb?error=access_denied&error_description=AADSTS65004%3A+User+declined.\n${'x'.repeat(6000)}`);
		assert.equal(r.redirectUri, 'https://app.example.com/cb');
		assert.equal(r.error, 'access_denied');
	});
	it('an error value with spaces is no OAuth error name', () => {
		assert.equal(readErrorText('https://app.example.com/cb?error=denied+by+user&error_description=x').error, undefined);
	});
});

describe('errorText (mutation 2): sign-in logs', () => {
	it('a CSV export with Date (UTC) first and spaces after the commas', () => {
		const r = readErrorText(`Date (UTC), Request ID, Sign-in error code, Failure reason\n2024-06-01T10:00:00Z, ${REQ}, 50126, Invalid username or password.`);
		assert.equal(r.timestamp, '2024-06-01T10:00:00Z');
		assert.equal(r.requestId, REQ);
		assert.deepEqual(r.codes, ['50126']);
		assert.equal(r.failureReason, 'Invalid username or password.');
	});
	it('a success row first (no failure reason) and the failure after it', () => {
		const r = readErrorText(`Date (UTC)\tApplication ID\tSign-in error code\tFailure reason\n2024-06-01T10:00:00Z\t${APP}\t0\t\n2024-06-01T10:05:00Z\t${APP}\t7000215\tInvalid client secret provided.`);
		assert.equal(r.failureReason, 'Invalid client secret provided.');
		assert.deepEqual(r.codes, ['7000215']);
		assert.equal(r.timestamp, '2024-06-01T10:00:00Z');
	});
	it('a header followed by a one-cell line is no table', () => {
		const r = readErrorText('Date (UTC)\tSign-in error code\nsomething else\nAADSTS50126');
		assert.equal(r.timestamp, undefined);
	});
	it('pane values: trailing spaces and surrounding quotes dropped, indented labels, a non-GUID request ID skipped', () => {
		const r = readErrorText(`   Failure reason:   "Invalid client secret provided."   \n   Request ID: not-a-guid\n   Correlation ID: ${CORR}`);
		assert.equal(r.failureReason, 'Invalid client secret provided.');
		assert.equal(r.requestId, undefined);
		assert.equal(r.correlationId, CORR);
		assert.equal(r.source, 'sign-in-log');
	});
	it('label spacing: a space before the colon, none after; a longer word is not the label', () => {
		assert.equal(readErrorText('Failure reason : Invalid client secret provided.').failureReason, 'Invalid client secret provided.');
		assert.equal(readErrorText('Failure reason:Invalid client secret provided.').failureReason, 'Invalid client secret provided.');
		assert.equal(readErrorText('Failure reasons: none recorded\nRequest ID: x').failureReason, undefined);
	});
	it('each of the sign-in labels marks the text as a sign-in log', () => {
		assert.equal(readErrorText('Failure reason: Invalid client secret provided.').source, 'sign-in-log');
		assert.equal(readErrorText('Date (UTC): 2024-06-01T10:00:00Z\nAADSTS50126').source, 'sign-in-log');
		assert.equal(readErrorText('Sign-in error code: 50126').source, 'sign-in-log');
		assert.equal(readErrorText(`Request ID: ${REQ}\nAADSTS50126`).source, 'text');
	});
	it('a code on the line under its label, indented deeper than six spaces; a value that is no code is skipped', () => {
		assert.deepEqual(readErrorText('Sign-in error code\n          50126\nFailure reason\n          Invalid password').codes, ['50126']);
		assert.deepEqual(readErrorText('Sign-in error code\n          none\nFailure reason\n          Invalid password').codes, []);
	});
	it('codes keep the order of appearance across many pane lines', () => {
		const lines = Array.from({ length: 30 }, (_, i) => `User ${i}: someone`);
		const r = readErrorText([...lines, 'Failure reason: The scope is not valid, AADSTS70011', 'Sign-in error code: 50126'].join('\n'));
		assert.deepEqual(r.codes, ['70011', '50126']);
	});
});

describe('errorText (mutation 2): fields in sentences', () => {
	it('the OAuth error from prose in other spacings', () => {
		assert.equal(readErrorText('ServerError : invalid_grant: AADSTS70008').error, 'invalid_grant');
		assert.equal(readErrorText('ServerError:invalid_grant: AADSTS70008').error, 'invalid_grant');
		assert.equal(readErrorText('(invalid_scope)AADSTS70011: bad').error, 'invalid_scope');
		assert.equal(readErrorText('AADSTS50076 error=login_required').error, 'login_required');
	});
	it('the description from prose: a trailer label with a space before its colon, a quote then a comma, double quotes inside', () => {
		assert.equal(readErrorText(`AADSTS7000215: Invalid client secret provided. Trace ID : ${TRACE}`).errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(readErrorText('{ message: "AADSTS7000215: Invalid client secret provided." , code: 401 }').errorDescription, 'AADSTS7000215: Invalid client secret provided.');
		assert.equal(readErrorText('AADSTS50011: The redirect URI "https://app.example.com/cb" specified in the request does not match').errorDescription, 'AADSTS50011: The redirect URI "https://app.example.com/cb" specified in the request does not match');
		assert.equal(readErrorText('AADSTS50076: Due to a configuration change you must use MFA').errorDescription, 'AADSTS50076: Due to a configuration change you must use MFA');
	});
	it('HTTP status labels in other spacings', () => {
		assert.equal(readErrorText('AADSTS7000215 StatusCode : 401').httpStatus, 401);
		assert.equal(readErrorText('AADSTS7000215 StatusCode:401').httpStatus, 401);
		assert.equal(readErrorText('HTTP Error:  500 AADSTS90002').httpStatus, 500);
		assert.equal(readErrorText('Status:429 AADSTS50196').httpStatus, 429);
		assert.equal(readErrorText('Status:  429 AADSTS50196').httpStatus, 429);
	});
	it('the reported thumbprint without a colon or without a space', () => {
		const t = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
		assert.equal(readErrorText(`AADSTS700027: Thumbprint of key used by client '${t}'`).reportedThumbprint, t);
		assert.equal(readErrorText(`AADSTS700027: Thumbprint of key used by client:'${t}'`).reportedThumbprint, t);
		assert.equal(readErrorText(`AADSTS700027: Thumbprint of key used by client ${t} x`).reportedThumbprint, t);
		assert.equal(readErrorText(`AADSTS700027: Thumbprint of key used by client:${t} x`).reportedThumbprint, t);
		assert.equal(readErrorText(`AADSTS700027: Thumbprint of key used by client: '${t.slice(0, 20)}\n  ${t.slice(20)}'`).reportedThumbprint, t);
	});
	it('the application: a name in "for app Id", two spaces before the quote, "Application ID" in capitals', () => {
		assert.equal(readErrorText("AADSTS700027: configured keys for app Id 'orders-api'.").appId, 'orders-api');
		assert.equal(readErrorText(`AADSTS50011: ... configured for the application  '${APP}'.`).appId, APP);
		assert.equal(readErrorText(`AADSTS50011: ... configured for the application:'${APP}'.`).appId, APP);
		assert.equal(readErrorText(`AADSTS700016: not found. Application ID: ${APP}`).appId, APP);
	});
	it('the tenant: no period before "This", an apostrophe inside the name, the directory wording', () => {
		assert.equal(readErrorText('AADSTS500011: The resource principal named https://x.example was not found in the tenant named Contoso This can happen').tenant, 'Contoso');
		assert.equal(readErrorText("AADSTS500011: The resource principal named https://x.example was not found in the tenant named O'Brien Consulting. This can happen").tenant, "O'Brien Consulting");
		assert.equal(readErrorText("AADSTS90002: Tenant not found. Check the directory 'contoso.com'.").tenant, 'contoso.com');
	});
	it('the resource: two spaces after "named", a value without a period, at the end of the text', () => {
		assert.equal(readErrorText("AADSTS500011: The resource principal named  https://orders.example.com was not found").resource, 'https://orders.example.com');
		assert.equal(readErrorText('AADSTS50001: Resource value from request: https://orders.example.com Resource value from app').resource, 'https://orders.example.com');
		assert.equal(readErrorText('AADSTS50001: Resource value from request:https://orders.example.com.').resource, 'https://orders.example.com');
		assert.equal(readErrorText('AADSTS50001: Resource value from request: https://orders.example.com.').resource, 'https://orders.example.com');
	});
	it('the scope in the client-credentials wording "The provided value for scope X is not valid"', () => {
		assert.equal(readErrorText('AADSTS1002012: The provided value for scope User.Read is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.').scope, 'User.Read');
	});
	it('federation labels in other letter case and indentation; an audience with trailing spaces', () => {
		const r = readErrorText("AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://issuer.example'. Presented Assertion Subject 'repo:o/r:ref:refs/heads/main'");
		assert.equal(r.issuer, 'https://issuer.example');
		assert.equal(r.subject, 'repo:o/r:ref:refs/heads/main');
		const b = readErrorText('Federated token details:\nissuer - https://token.actions.githubusercontent.com\n        subject claim - repo:o/r:environment:prod\naudience: api://AzureADTokenExchange   \nError: AADSTS70021: no match');
		assert.equal(b.issuer, 'https://token.actions.githubusercontent.com');
		assert.equal(b.subject, 'repo:o/r:environment:prod');
		assert.equal(b.audience, 'api://AzureADTokenExchange');
		assert.equal(readErrorText('Federated token details:\n  audience: api://AzureADTokenExchange extra words\nError: AADSTS70021').audience, undefined);
	});
	it('times in other letter case', () => {
		const r = readErrorText('AADSTS700024: Client assertion is not within its valid time range. CURRENT TIME: 2024-05-28T06:01:42Z, Assertion Valid From 2024-05-28T02:19:01Z, Expiry Time Of Assertion 2024-05-28T02:29:01Z.');
		assert.equal(r.times?.current?.toISOString(), '2024-05-28T06:01:42.000Z');
		assert.equal(r.times?.validFrom?.toISOString(), '2024-05-28T02:19:01.000Z');
		assert.equal(r.times?.expiry?.toISOString(), '2024-05-28T02:29:01.000Z');
	});
});

describe('errorText (mutation 2): the tool a text comes from', () => {
	it('an Azure CLI traceback path, azure-identity\'s "XCredential authentication failed", the msal-node code prefix alone', () => {
		assert.equal(readErrorText('File "/usr/lib/az/lib/python3.11/site-packages/azure/cli/core/auth/identity.py", line 1\nAADSTS7000215: bad').source, 'azure-cli');
		assert.equal(readErrorText('File "C:\\Program Files\\azure\\cli\\core\\auth.py"\nAADSTS7000215: bad').source, 'azure-cli');
		assert.equal(readErrorText('ClientSecretCredential authentication failed: AADSTS7000215: Invalid client secret provided.').source, 'azure-identity');
		assert.equal(readErrorText('7000215 - [2024-05-07 15:55:13Z]: AADSTS7000215: Invalid client secret provided.').source, 'msal-node');
	});
});

describe('errorText (mutation 2): the long-log window', () => {
	const filler = (n: number) => Array.from({ length: n }, (_, i) => `10:00:${String(i % 60).padStart(2, '0')} INFO GET /orders/${i} 200 in 12 ms`).join('\n');
	const prefixed = '50199 - [2024-01-01 unrelated';
	it('a text of exactly 64 KiB is read whole', () => {
		const head = 'error_codes: [\n  70001,\n  70002,\n  70003,\n  70004,\n  70005\n]\n';
		const pad = 64 * 1024 - head.length;
		const text = head + `${'x'.repeat(99)}\n`.repeat(Math.floor(pad / 100)) + 'y'.repeat(pad % 100);
		assert.equal(text.length, 64 * 1024);
		assert.deepEqual(readErrorText(text).codes, ['70001', '70002', '70003', '70004', '70005']);
	});
	it('every row under a sign-in header is kept, up to a blank line; what follows is not', () => {
		const rows = Array.from({ length: 6 }, (_, i) => `2024-06-0${i + 1}T10:00:00Z\t${REQ}\t5012${i}\tInvalid password`).join('\n');
		const text = `${filler(1500)}\nDate (UTC)\tRequest ID\tSign-in error code\tFailure reason\n${rows}\n   \n${filler(8)}\n${prefixed}\n${filler(1500)}`;
		assert.ok(text.length > 64 * 1024);
		assert.deepEqual(readErrorText(text).codes, ['50120', '50121', '50122', '50123', '50124', '50125']);
	});
	it('an error line keeps the three lines after it, not the fourth nor later ones', () => {
		const text = `${filler(1500)}\nERROR request failed\n${filler(3)}\n${prefixed}\n${filler(10)}\n${prefixed}\n${filler(1500)}`;
		assert.ok(text.length > 64 * 1024);
		assert.deepEqual(readErrorText(text).codes, []);
	});
});

describe('errorText (mutation 2): more spellings', () => {
	it('a code under its label indented deeper than the inline label reads', () => {
		assert.deepEqual(readErrorText(`Sign-in error code\n${' '.repeat(14)}50126\nFailure reason\n${' '.repeat(14)}Invalid password`).codes, ['50126']);
		assert.deepEqual(readErrorText(`Sign-in error code\n${' '.repeat(14)}none\nFailure reason\n${' '.repeat(14)}Invalid password`).codes, []);
	});
	it('a pane value after a wide gap of spaces', () => {
		assert.equal(readErrorText(`Failure reason:${' '.repeat(30)}Invalid client secret provided.`).failureReason, 'Invalid client secret provided.');
	});
	it('an unquoted error key (util.inspect, Go) makes a key/value body, up to a brace or a comma', () => {
		for (const t of ['{ error: invalid_client }', '{error: invalid_client}', '{ error: invalid_client, more: 1 }']) {
			const r = readErrorText(t);
			assert.equal(r.error, 'invalid_client', t);
			assert.equal(r.source, 'json', t);
		}
		assert.equal(readErrorText('{"error": " invalid_client "}').error, 'invalid_client');
		assert.equal(readErrorText('{"error": "invalid_client2"}').error, undefined);
	});
	it('an upper-case TIMESTAMP label', () => {
		assert.equal(readErrorText('AADSTS50013: failed. TIMESTAMP: 2024-01-02 03:04:05Z').timestamp, '2024-01-02 03:04:05Z');
	});
	it('the older "reply address … does not match" wording', () => {
		assert.equal(readErrorText("AADSTS50011: The reply address 'https://app.example.com/cb' does not match the reply addresses configured for the application").redirectUri, 'https://app.example.com/cb');
	});
	it('an escaped tab before the trace trailer ends the description', () => {
		assert.equal(readErrorText(`msg="AADSTS7000215: Invalid client secret provided.\\tTrace ID: ${TRACE}"`).errorDescription, 'AADSTS7000215: Invalid client secret provided.');
	});
});
