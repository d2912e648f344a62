/**
 * Token validation failures: the catalog's patterns against the message shapes public reports show (IDs made up),
 * the token-aware rules with tokens built here at run time (each assertion names a finding only the rule makes),
 * and linear-time properties. Expected durations and offsets are computed from the inputs, not from the code.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
	classifyIssuer,
	looksLikeTokenValidationFailure,
	matchTokenValidationFailures,
	parseStatedTime,
	readStatedValues,
	TOKEN_CHECKS,
	TOKEN_VALIDATION_FAILURES,
	tokenValidationFindings,
} from '../../../src/core/diagnose/tokenValidation';
import type { Finding } from '../../../src/core/findings';

const TENANT = '4f1c2a9e-7d3b-4c8a-9e21-5b6d7f8a9c0d';
const OTHER_TENANT = 'a1b2c3d4-1111-4222-8333-944455556666';
const API = '6b8f2e1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const CLIENT = '9d7c5b3a-1e2f-4a6b-8c0d-2e4f6a8b0c1d';
const GRAPH = '00000003-0000-0000-c000-000000000000';
const NOW = new Date('2026-03-10T12:00:00Z');
const now = NOW.getTime() / 1000;

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** A compact JWS with a made-up signature: the rules decode tokens, they never verify them. */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
	return `${b64u({ typ: 'JWT', alg: 'RS256', kid: 'kF3x', ...header })}.${b64u(payload)}.${Buffer.from(randomUUID()).toString('base64url')}`;
}
function accessToken(overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string {
	return jwt(header, { aud: API, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, iat: now - 600, nbf: now - 600, exp: now + 3000, tid: TENANT, azp: CLIENT, scp: 'access_as_user', oid: randomUUID(), ver: '2.0', ...overrides });
}
const codes = (fs: Finding[] | undefined) => (fs ?? []).map((f) => f.code);
const find = (fs: Finding[] | undefined, code: string) => (fs ?? []).find((f) => f.code === code);

function legacyManifest(extra: Record<string, unknown> = {}): { label: string; text: string } {
	return {
		label: 'api/manifest.json',
		text: JSON.stringify({ appId: API, displayName: 'Orders API', identifierUris: [`api://${API}`], accessTokenAcceptedVersion: 2, oauth2Permissions: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true }], appRoles: [], ...extra }, null, '\t'),
	};
}

/** Message shapes as the libraries print them in public reports; IDs and names made up. */
const SAMPLES: [string, string][] = [
	['IDX10214', `Microsoft.IdentityModel.Tokens.SecurityTokenInvalidAudienceException: IDX10214: Audience validation failed. Audiences: '${GRAPH}'. Did not match: validationParameters.ValidAudience: 'api://${API}' or validationParameters.ValidAudiences: 'null'.`],
	['IDX10214', `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer error="invalid_token", error_description="The audience '${CLIENT}' is invalid"`],
	['IDX10206', `Bearer was not authenticated. Failure message: IDX10206: Unable to validate audience. The 'audiences' parameter is empty.`],
	['IDX10208', `IDX10208: Unable to validate audience. validationParameters.ValidAudience is null or whitespace and validationParameters.ValidAudiences is null.`],
	['IDX10205', `IDX10205: Issuer validation failed. Issuer: 'https://sts.windows.net/${TENANT}/'. Did not match: validationParameters.ValidIssuer: 'https://login.microsoftonline.com/${TENANT}/v2.0' or validationParameters.ValidIssuers: 'null' or validationParameters.ConfigurationManager.CurrentConfiguration.Issuer: 'Null'. For more details, see https://aka.ms/IdentityModel/issuer-validation.`],
	['IDX10205', `WWW-Authenticate: Bearer error="invalid_token", error_description="The issuer 'https://sts.windows.net/${TENANT}/' is invalid"`],
	['IDX10204', `IDX10204: Unable to validate issuer. validationParameters.ValidIssuer is null or whitespace AND validationParameters.ValidIssuers is null or empty.`],
	['IDX40001', `IDX40001: Issuer: 'https://contoso.b2clogin.com/${TENANT}/v2.0/', does not match any of the valid issuers provided for this application.`],
	['IDX10223', `Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException: IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 11:00:00 AM'.`],
	['IDX10223', `WWW-Authenticate: Bearer error="invalid_token", error_description="The token expired at '10/02/2025 16:50:51'"`],
	['IDX10222', `IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom: 'System.DateTime', Current time: 'System.DateTime'.`],
	['IDX10225', `Microsoft.IdentityModel.Tokens.SecurityTokenNoExpirationException: IDX10225: Lifetime validation failed. The token is missing an Expiration Time.\nTokentype: 'System.IdentityModel.Tokens.Jwt.JwtSecurityToken'.`],
	['IDX10501', `Microsoft.IdentityModel.Tokens.SecurityTokenSignatureKeyNotFoundException: IDX10501: Signature validation failed. Unable to match key: \nkid: 'kF3x'. \nNumber of keys in TokenValidationParameters: '0'. \nNumber of keys in Configuration: '6'.`],
	['IDX10501', `WWW-Authenticate: Bearer error="invalid_token", error_description="The signature key was not found"`],
	['IDX10503', `SecurityTokenSignatureKeyNotFoundException: IDX10503: Signature validation failed. The token's kid is: 'kF3x', but did not match any keys in TokenValidationParameters or Configuration. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey, KeyId: 'aB1', InternalId: 'x'. , KeyId: aB1\n'.\nNumber of keys in TokenValidationParameters: '0'.\nNumber of keys in Configuration: '2'.`],
	['IDX10511', `Microsoft.IdentityModel.Tokens.SecurityTokenInvalidSignatureException: IDX10511: Signature validation failed. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey, KeyId: 'kF3x', InternalId: 'kF3x'. , KeyId: kF3x\n'. \nkid: 'kF3x'. \nExceptions caught:\n ''.`],
	['IDX10511', `WWW-Authenticate: Bearer error="invalid_token", error_description="The signature is invalid"`],
	['IDX10516', `IDX10516: Signature validation failed. Unable to match key: \nkid: 'kF3x'. \nNumber of keys in TokenValidationParameters: '0'. \nNumber of keys in Configuration: '8'. \nExceptions caught:\n ''.\ntoken: '[PII of type 'Microsoft.IdentityModel.JsonWebTokens.JsonWebToken' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'. Valid Lifetime: 'True'. Valid Issuer: 'False'`],
	['IDX10500', `SecurityTokenSignatureKeyNotFoundException: IDX10500: Signature validation failed. No security keys were provided to validate the signature.`],
	['IDX10634', `System.NotSupportedException: IDX10634: Unable to create the SignatureProvider.\nAlgorithm: 'HS256', SecurityKey: 'Microsoft.IdentityModel.Tokens.RsaSecurityKey, KeyId: 'kF3x', InternalId: 'kF3x'.'\n is not supported.`],
	['IDX12741', `System.ArgumentException: IDX12741: JWT: 'Bearer eyJ0eXAiOiJKV1Qi' must have three segments (JWS) or five segments (JWE).`],
	['IDX12709', `Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException: IDX12709: CanReadToken() returned false. JWT is not well formed: 'dXNlcjpwYXNz'.\nThe token needs to be in JWS or JWE Compact Serialization Format.`],
	['IDX14100', `IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EncodedPayload.EncodedSignature'.`],
	['IDX14100', `{"error":{"code":"InvalidAuthenticationToken","message":"CompactToken parsing failed with error code: 80049217"}}`],
	['IDW10201', `System.UnauthorizedAccessException: IDW10201: Neither scope or roles claim was found in the bearer token. Authentication scheme used: 'Bearer'.`],
	['IDW10201', `IDW10201: Neither scope nor roles claim was found in the bearer token.`],
	['IDW10203', `System.UnauthorizedAccessException: IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Write' or was not found.`],
	['IDW10202', `IDW10202: The 'roles' or 'role' claim does not contain roles 'Orders.Admin' or was not found.`],
	['graph-invalid-audience', `{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation failure. Invalid audience.","innerError":{"date":"2026-03-10T12:00:00"}}}`],
	['jwt-audience-invalid', `JsonWebTokenError: jwt audience invalid. expected: api://${API}`],
	['jwt-audience-invalid', `{"name":"AzureAD: Bearer Strategy","msg":"authentication failed due to: jwt audience is invalid","level":30}`],
	['jwt-audience-invalid', `JWTClaimValidationFailed: unexpected "aud" claim value\n  code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud'`],
	['jwt-audience-invalid', `jwt.exceptions.InvalidAudienceError: Audience doesn't match`],
	['jwt-audience-invalid', `org.springframework.security.oauth2.server.resource.InvalidBearerTokenException: The aud claim is not valid`],
	['jwt-audience-invalid', `DEBUG:root:Invalid audience`],
	['jwt-issuer-invalid', `JsonWebTokenError: jwt issuer invalid. expected: https://login.microsoftonline.com/${TENANT}/v2.0`],
	['jwt-issuer-invalid', `jwt.exceptions.InvalidIssuerError: Invalid issuer`],
	['jwt-expired', `TokenExpiredError: jwt expired\n    at verify.js:190 {\n  expiredAt: 2026-03-10T09:00:00.000Z\n}`],
	['jwt-expired', `JWTExpired: "exp" claim timestamp check failed { code: 'ERR_JWT_EXPIRED' }`],
	['jwt-expired', `jwt.exceptions.ExpiredSignatureError: Signature has expired`],
	['jwt-expired', `An error occurred while attempting to decode the Jwt: Jwt expired at 2026-03-10T09:00:00Z`],
	['jwt-not-yet-valid', `NotBeforeError: jwt not active { date: 2026-03-10T13:00:00.000Z }`],
	['jwt-not-yet-valid', `jwt.exceptions.ImmatureSignatureError: The token is not yet valid (nbf)`],
	['jwt-invalid-signature', `JWTVerification:: Error JsonWebTokenError: invalid signature`],
	['jwt-invalid-signature', `JWSSignatureVerificationFailed: signature verification failed { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }`],
	['jwt-invalid-signature', `jose.exceptions.JWSError: Signature verification failed.`],
	['jwt-no-matching-key', `JWKSNoMatchingKey: no applicable key found in the JSON Web Key Set { code: 'ERR_JWKS_NO_MATCHING_KEY' }`],
	['jwt-no-matching-key', `[invalid_token] An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another algorithm expected, or no matching key(s) found`],
	['jwt-no-matching-key', `SigningKeyNotFoundError: Unable to find a signing key that matches 'kF3x'`],
	['jwt-invalid-algorithm', `JsonWebTokenError: invalid algorithm`],
	['passport-azure-ad-cannot-verify', `{"name":"AzureAD: Bearer Strategy","msg":"authentication failed due to: In Strategy.prototype.jwtVerify: cannot verify token","level":30}`],
	['passport-azure-ad-unknown-token', `authentication failed due to: In Strategy.prototype.jwtVerify: We did not receive a token we know how to validate`],
	['passport-azure-ad-scope-not-found', `authentication failed due to: In Strategy.prototype.jwtVerify: scope is not found in token`],
	['jwt-malformed', `JsonWebTokenError: jwt malformed`],
	['jwt-malformed', `jwt.exceptions.DecodeError: Not enough segments`],
	['bearer-token-missing', `UnauthorizedError: No authorization token was found { code: 'credentials_required' }`],
];

describe('diagnose: token validation failures (catalog)', () => {
	it('every entry has an id, patterns that compile, its checks from the known set and https sources', () => {
		const ids = new Set<string>();
		for (const e of TOKEN_VALIDATION_FAILURES) {
			assert.ok(e.id && !ids.has(e.id), `duplicate or empty id ${e.id}`);
			ids.add(e.id);
			assert.ok(e.patterns.length > 0, e.id);
			for (const p of e.patterns) {
				assert.doesNotThrow(() => new RegExp(p, 'i'), `${e.id}: ${p}`);
			}
			assert.ok(e.checks.length > 0 && e.checks.every((c) => (TOKEN_CHECKS as readonly string[]).includes(c)), `${e.id} checks ${e.checks.join(',')}`);
			assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\/\S+$/.test(s)), `${e.id} sources`);
			assert.ok(e.meaning.length > 20 && e.causes.length > 0 && e.fix.length > 20, e.id);
		}
	});

	for (const [id, text] of SAMPLES) {
		it(`recognises ${id}: ${text.slice(0, 70).replace(/\n/g, ' ')}…`, () => {
			assert.ok(looksLikeTokenValidationFailure(text));
			const matched = matchTokenValidationFailures(text).map((m) => m.entry.id);
			assert.ok(matched.includes(id), `matched ${matched.join(', ')}`);
			const findings = tokenValidationFindings(text, { now: NOW });
			assert.equal(find(findings, id)?.severity, 'error');
		});
	}

	it('every entry is exercised by at least one real message shape', () => {
		const covered = new Set(SAMPLES.map(([id]) => id));
		const missing = TOKEN_VALIDATION_FAILURES.map((e) => e.id).filter((id) => !covered.has(id));
		assert.deepEqual(missing, []);
	});

	it('a message matches its own entry only, not a neighbour with a similar wording', () => {
		assert.deepEqual(matchTokenValidationFailures(SAMPLES.find(([id]) => id === 'graph-invalid-audience')![1]).map((m) => m.entry.id), ['graph-invalid-audience']);
		assert.deepEqual(matchTokenValidationFailures('IDX10222: Lifetime validation failed. The token is not yet valid.').map((m) => m.entry.id), ['IDX10222']);
		assert.deepEqual(matchTokenValidationFailures("IDX10516: Signature validation failed. Unable to match key: kid: 'x'").map((m) => m.entry.id), ['IDX10516']);
	});

	it('is undefined for text that is no token validation failure', () => {
		for (const text of [
			'{"error":"invalid_client","error_description":"AADSTS700027: Client assertion failed signature validation.","error_codes":[700027]}',
			'Error: error:1E08010C:DECODER routines::unsupported',
			'{"error":"invalid_client","error_description":"AADSTS50012: Client assertion contains an invalid signature. [Reason - The key was not found.]"}',
			'AADSTS50013: Assertion contains an invalid signature. Trace ID: 0f6b3a1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
			'The weather is fine and the build is green.',
			accessToken(),
			'',
		]) {
			assert.equal(looksLikeTokenValidationFailure(text), false, text.slice(0, 40));
			assert.equal(tokenValidationFindings(text, { now: NOW }), undefined);
		}
	});
});

describe('diagnose: token validation, values the message states', () => {
	it('reads audiences, issuers, kid, key counts, flags and required scopes', () => {
		const s = readStatedValues(`IDX10214: Audience validation failed. Audiences: '${GRAPH}'. Did not match: validationParameters.ValidAudience: 'api://${API}' or validationParameters.ValidAudiences: '${API}, https://orders.contoso.com'.`);
		assert.deepEqual(s.audiences, [GRAPH]);
		assert.deepEqual(s.validAudiences, [`api://${API}`, API, 'https://orders.contoso.com']);
		const i = readStatedValues(SAMPLES.find(([id]) => id === 'IDX10205')![1]);
		assert.equal(i.issuer, `https://sts.windows.net/${TENANT}/`);
		assert.deepEqual(i.validIssuers, [`https://login.microsoftonline.com/${TENANT}/v2.0`]);
		const k = readStatedValues(SAMPLES.find(([id]) => id === 'IDX10516')![1]);
		assert.equal(k.kid, 'kF3x');
		assert.equal(k.keysInConfiguration, 8);
		assert.equal(k.validIssuer, false);
		assert.equal(k.validLifetime, true);
		assert.equal(k.piiHidden, true);
		assert.deepEqual(readStatedValues(SAMPLES.find(([id]) => id === 'IDW10203')![1]).requiredScopes, ['Orders.Write']);
	});

	it('hidden values are reported as hidden, not read as values', () => {
		const s = readStatedValues(`IDX10214: Audience validation failed. Audiences: '[PII of type 'System.String' is hidden. For more details, see https://aka.ms/IdentityModel/PII.]'. Did not match: validationParameters.ValidAudience: 'System.String' or validationParameters.ValidAudiences: 'System.String'.`);
		assert.equal(s.audiences, undefined);
		assert.equal(s.validAudiences, undefined);
		assert.equal(s.piiHidden, true);
		const f = tokenValidationFindings(`IDX10223: Lifetime validation failed. The token is expired. ValidTo: 'System.DateTime', Current time: 'System.DateTime'.`, { now: NOW });
		assert.ok(find(f, 'identitymodel-pii-hidden'));
		assert.ok(find(f, 'token-not-in-text'));
	});

	it('parses the time formats the libraries print, as UTC', () => {
		assert.equal(parseStatedTime('3/10/2026 9:05:07 PM')?.toISOString(), '2026-03-10T21:05:07.000Z');
		assert.equal(parseStatedTime('12/01/2025 12:30:00 AM')?.toISOString(), '2025-12-01T00:30:00.000Z');
		assert.equal(parseStatedTime('05/19/2016 21:46:31')?.toISOString(), '2016-05-19T21:46:31.000Z');
		assert.equal(parseStatedTime('19/05/2016 21:46:31')?.toISOString(), '2016-05-19T21:46:31.000Z');
		assert.equal(parseStatedTime('2026-03-10T09:00:00.000Z')?.toISOString(), '2026-03-10T09:00:00.000Z');
		assert.equal(parseStatedTime('2026-03-10T09:00:00+02:00')?.toISOString(), '2026-03-10T07:00:00.000Z');
		assert.equal(parseStatedTime('System.DateTime'), undefined);
		assert.equal(parseStatedTime('13/13/2026 10:00:00'), undefined);
	});

	it('classifies Entra issuer forms', () => {
		assert.deepEqual(classifyIssuer(`https://sts.windows.net/${TENANT}/`), { kind: 'v1', tenant: TENANT, host: 'sts.windows.net' });
		assert.equal(classifyIssuer(`https://login.microsoftonline.com/${TENANT}/v2.0`).kind, 'v2');
		assert.equal(classifyIssuer(`https://contoso.b2clogin.com/${TENANT}/v2.0/`).kind, 'b2c');
		assert.equal(classifyIssuer('https://accounts.google.com').kind, 'other');
	});
});

describe('diagnose: token validation, checked against the token in the text', () => {
	it('a Graph token (aud Graph, header nonce) is named as such, with the scope the client must ask for instead', () => {
		const token = accessToken({ aud: GRAPH, iss: `https://sts.windows.net/${TENANT}/`, scp: 'User.Read openid profile', ver: '1.0' }, { nonce: 'qW3rTy' });
		const text = `fail: IDX10511: Signature validation failed. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey, KeyId: 'kF3x'. kid: 'kF3x'.\nAuthorization: Bearer ${token}`;
		const f = tokenValidationFindings(text, { now: NOW, clientId: API });
		const graph = find(f, 'token-for-graph');
		assert.equal(graph?.severity, 'error');
		assert.match(graph!.message, /Microsoft Graph/);
		assert.match(graph!.message, /User\.Read/);
		assert.ok(graph!.fix.includes(`api://${API}/`), graph!.fix);
		assert.ok(find(f, 'token-key-found-signature-bad'), codes(f).join());
		assert.equal(find(f, 'token-not-in-text'), undefined);
		// The same message without the token cannot name it.
		const bare = tokenValidationFindings(text.split('\nAuthorization')[0], { now: NOW, clientId: API });
		assert.equal(find(bare, 'token-for-graph'), undefined);
		assert.ok(find(bare, 'token-not-in-text'));
	});

	it('a Graph token printed decoded by old IdentityModel versions is read too', () => {
		const text = `IDX10503: Signature validation failed. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey'. token: '{"typ":"JWT","nonce":"AQAB","alg":"RS256","kid":"kF3x"}.{"aud":"https://graph.microsoft.com","iss":"https://sts.windows.net/${TENANT}/","scp":"User.Read"}'.`;
		const graph = find(tokenValidationFindings(text, { now: NOW }), 'token-for-graph');
		assert.ok(graph);
		assert.match(graph.message, /https:\/\/graph\.microsoft\.com/);
	});

	it('a v2 token (aud = client ID) against an API that accepts only the App ID URI: the audience form', () => {
		const text = `IDX10214: Audience validation failed. Audiences: '${API}'. Did not match: validationParameters.ValidAudience: 'api://${API}' or validationParameters.ValidAudiences: 'null'.\n${accessToken()}`;
		const f = find(tokenValidationFindings(text, { now: NOW }), 'token-audience-form');
		assert.equal(f?.severity, 'error');
		assert.match(f!.message, /v2/);
		assert.ok(f!.fix.includes(API));
	});

	it('a token for another app of the workspace is named, and a configured audience with a stray space is found', () => {
		const text = `IDX10214: Audience validation failed. Audiences: '${CLIENT}'. Did not match: validationParameters.ValidAudience: '${API}' or validationParameters.ValidAudiences: 'null'.\n${accessToken({ aud: CLIENT })}`;
		const client = { label: 'spa/manifest.json', text: JSON.stringify({ appId: CLIENT, displayName: 'Orders SPA' }) };
		const f = find(tokenValidationFindings(text, { now: NOW, manifests: [legacyManifest(), client] }), 'token-audience-mismatch');
		assert.match(f!.message, /Orders SPA/);
		const padded = tokenValidationFindings(`IDX10214: Audience validation failed. Audiences: '${API}'. Did not match: validationParameters.ValidAudience: ' ${API}' or validationParameters.ValidAudiences: 'null'.`, { now: NOW });
		assert.equal(find(padded, 'api-audience-whitespace')?.severity, 'error');
	});

	it('an ID token sent to the API is recognised', () => {
		const id = jwt({}, { aud: CLIENT, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, nonce: randomUUID(), tid: TENANT, iat: now - 60, exp: now + 3000, ver: '2.0' });
		const f = tokenValidationFindings(`WWW-Authenticate: Bearer error="invalid_token", error_description="The audience '${CLIENT}' is invalid"\n${id}`, { now: NOW, clientId: API });
		assert.equal(find(f, 'token-is-id-token')?.severity, 'error');
	});

	it('a v1 token against v2 issuers names accessTokenAcceptedVersion, and what the workspace manifest says', () => {
		const v1 = accessToken({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0', aud: `api://${API}` });
		const text = `${SAMPLES.find(([id]) => id === 'IDX10205')![1]}\n${v1}`;
		const f = find(tokenValidationFindings(text, { now: NOW }), 'token-issuer-version');
		assert.equal(f?.severity, 'error');
		assert.match(f!.fix, /accessTokenAcceptedVersion: 2/);
		assert.match(f!.fix, /requestedAccessTokenVersion/);
		const withManifest = find(tokenValidationFindings(text.replace(`ValidIssuers: 'null'`, `ValidIssuers: 'null'`), { now: NOW, clientId: API, manifests: [legacyManifest()] }), 'token-issuer-version');
		assert.match(withManifest!.message, /api\/manifest\.json/);
		assert.match(withManifest!.message, /version 2/);
	});

	it('a token from another tenant against a single-tenant API, and a multi-tenant API validating against common', () => {
		const other = accessToken({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`, tid: OTHER_TENANT });
		const text = `IDX10205: Issuer validation failed. Issuer: 'https://login.microsoftonline.com/${OTHER_TENANT}/v2.0'. Did not match: validationParameters.ValidIssuer: 'https://login.microsoftonline.com/${TENANT}/v2.0' or validationParameters.ValidIssuers: 'null'.\n${other}`;
		const f = find(tokenValidationFindings(text, { now: NOW }), 'token-issuer-tenant');
		assert.ok(f?.message.includes(OTHER_TENANT) && f.message.includes(TENANT));
		const common = `IDX10205: Issuer validation failed. Issuer: 'https://login.microsoftonline.com/${OTHER_TENANT}/v2.0'. Did not match: validationParameters.ValidIssuer: 'https://login.microsoftonline.com/common/v2.0' or validationParameters.ValidIssuers: 'null'.`;
		assert.ok(find(tokenValidationFindings(common, { now: NOW }), 'api-issuer-placeholder'));
	});

	it('expired tokens: beyond the skew an error, within it information, and a fresh token points at the API clock', () => {
		const expiredBy = 2 * 3600 + 17 * 60;
		const old = accessToken({ iat: now - expiredBy - 3600, nbf: now - expiredBy - 3600, exp: now - expiredBy });
		const f = find(tokenValidationFindings(`TokenExpiredError: jwt expired\n${old}`, { now: NOW }), 'token-expired');
		assert.equal(f?.severity, 'error');
		assert.match(f!.message, /2 h/);
		const recent = accessToken({ exp: now - 120 });
		const within = tokenValidationFindings(`TokenExpiredError: jwt expired\n${recent}`, { now: NOW });
		assert.equal(find(within, 'token-expired'), undefined);
		assert.equal(find(within, 'token-just-expired')?.severity, 'info');
		const fresh = tokenValidationFindings(`TokenExpiredError: jwt expired\n${accessToken()}`, { now: NOW });
		assert.equal(find(fresh, 'token-valid-by-clock')?.severity, 'warning');
	});

	it("the API's stated times: whole hours are a time zone, other gaps a token kept too long; another token is told apart", () => {
		const tz = tokenValidationFindings(`IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 11:00:00 AM'.`, { now: NOW });
		const e = find(tz, 'token-expired');
		assert.match(e!.message, /2 hours/);
		assert.match(e!.message, /time zone/);
		const late = find(tokenValidationFindings(`IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 9:41:13 AM'.`, { now: NOW }), 'token-expired');
		assert.doesNotMatch(late!.message, /time zone/);
		assert.match(late!.message, /41 min/);
		const token = accessToken({ exp: Date.parse('2026-03-10T10:30:00Z') / 1000 });
		const other = tokenValidationFindings(`IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): '3/10/2026 9:00:00 AM', Current time (UTC): '3/10/2026 9:41:13 AM'.\n${token}`, { now: NOW });
		assert.ok(find(other, 'token-not-the-one-refused'));
	});

	it('a token not yet valid by a whole number of hours names the time zone', () => {
		const ahead = accessToken({ nbf: now + 3600, iat: now + 3600, exp: now + 7200 });
		const f = find(tokenValidationFindings(`IDX10222: Lifetime validation failed. The token is not yet valid.\n${ahead}`, { now: NOW }), 'token-not-yet-valid');
		assert.match(f!.message, /1 hour/);
	});

	it('an app-only token without roles, against an API manifest that defines none', () => {
		const appOnly = accessToken({ scp: undefined, idtyp: 'app', oid: randomUUID() });
		const f = find(tokenValidationFindings(`IDW10201: Neither scope or roles claim was found in the bearer token.\n${appOnly}`, { now: NOW, clientId: API, manifests: [legacyManifest()] }), 'token-app-only-no-roles');
		assert.equal(f?.severity, 'error');
		assert.ok(f!.message.includes(CLIENT));
		assert.match(f!.message, /defines no app roles/);
		assert.ok(f!.fix.includes(`api://${API}/.default`));
	});

	it('a required scope the token lacks, and a role it lacks', () => {
		const f = find(tokenValidationFindings(`${SAMPLES.find(([id]) => id === 'IDW10203')![1]}\n${accessToken({ scp: 'Orders.Read' })}`, { now: NOW }), 'token-scope-missing');
		assert.match(f!.message, /Orders\.Write/);
		assert.match(f!.message, /Orders\.Read/);
		const r = find(tokenValidationFindings(`${SAMPLES.find(([id]) => id === 'IDW10202')![1]}\n${accessToken({ scp: undefined, roles: ['Orders.Reader'] })}`, { now: NOW }), 'token-role-missing');
		assert.match(r!.message, /Orders\.Admin/);
	});

	it('a malformed value: the scheme left in, a placeholder, an opaque token', () => {
		assert.ok(find(tokenValidationFindings(SAMPLES.find(([id]) => id === 'IDX12741')![1], { now: NOW }), 'token-bearer-prefix'));
		assert.ok(find(tokenValidationFindings(`IDX12741: JWT: 'undefined' must have three segments (JWS) or five segments (JWE).`, { now: NOW }), 'token-placeholder'));
		assert.ok(find(tokenValidationFindings(`UnauthorizedError: jwt malformed\nAuthorization: Bearer [object Object]`, { now: NOW }), 'token-placeholder'));
		assert.ok(find(tokenValidationFindings(`IDX12709: CanReadToken() returned false. JWT is not well formed: 'EwBwA8l6BAAURSN${'x'.repeat(40)}'.`, { now: NOW }), 'token-opaque'));
		const fine = tokenValidationFindings(`IDX14100: JWT is not well formed, there are no dots (.).\n${accessToken()}`, { now: NOW });
		assert.ok(find(fine, 'token-in-text-well-formed'));
	});

	it('signature: keys never loaded, an issuer the error also rejects, a token not signed by Entra', () => {
		const none = tokenValidationFindings(`IDX10503: Signature validation failed. Token does not have a kid. Keys tried: ''. Number of keys in TokenValidationParameters: '0'. Number of keys in Configuration: '0'.`, { now: NOW });
		assert.equal(find(none, 'api-keys-not-loaded')?.severity, 'error');
		assert.ok(find(tokenValidationFindings(SAMPLES.find(([id]) => id === 'IDX10516')![1], { now: NOW }), 'token-issuer-also-invalid'));
		const hs = jwt({ alg: 'HS256', kid: undefined }, { aud: API, iss: 'https://auth.contoso.test', exp: now + 600, sub: 'u1' });
		const f = tokenValidationFindings(`${SAMPLES.find(([id]) => id === 'IDX10634')![1]}\n${hs}`, { now: NOW });
		assert.equal(find(f, 'token-not-entra-signed')?.severity, 'error');
		assert.ok(find(f, 'token-issuer-not-entra'));
	});

	it('a key id the API did not try points at the metadata, with the issuer\'s key URL for the token', () => {
		const text = `IDX10503: Signature validation failed. The token's kid is: 'zZ9', but did not match any keys in TokenValidationParameters or Configuration. Keys tried: 'Microsoft.IdentityModel.Tokens.X509SecurityKey, KeyId: 'aB1', InternalId: 'x'. , KeyId: aB1\n'.\n${accessToken({}, { kid: 'zZ9' })}`;
		const f = tokenValidationFindings(text, { now: NOW });
		assert.ok(find(f, 'token-key-not-in-metadata'));
		assert.ok(find(f, 'token-signing-key')?.message.includes(`https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`));
	});
});

describe('diagnose: token validation, properties (fast-check)', () => {
	it('arbitrary text never throws', () => {
		const pieces = fc.constantFrom(...SAMPLES.map(([, t]) => t), 'IDX10214', "Audiences: '", "ValidTo (UTC): '", "token: '{", '}.{', 'eyJ', '.', "'", '\n', 'Bearer ');
		fc.assert(
			fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), pieces), { maxLength: 20 }), (parts) => {
				const text = parts.join('');
				const looks = looksLikeTokenValidationFailure(text);
				const fs = tokenValidationFindings(text, { now: NOW });
				readStatedValues(text);
				// The two entry points agree, and every finding says something.
				assert.equal(looks, fs !== undefined);
				for (const f of fs ?? []) {
					assert.ok(f.message.length > 0 && f.fix.length > 0);
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('1 MB of text is handled in under 100 ms, also with many near-matches', () => {
		const unit = `Audiences: 'x ValidTo (UTC): 'y token: '{"a":1}.{ eyJhbGciOiJSUzI1NiJ9.eyJ4IjoxfQ KeyId: 'k' kid: ' Bearer Bearer `;
		const noise = unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000);
		const texts = [noise, `${noise}\n${SAMPLES[0][1]}`, 'a'.repeat(1_000_000), `IDX10214 ${"'".repeat(1_000_000)}`, 'IDX10214 eyJ.'.repeat(80_000)];
		tokenValidationFindings(texts[1], { now: NOW }); // warm-up: regex compilation
		for (const text of texts) {
			// CPU time of this process, the best of three copies that differ (so the one-text memo cannot answer):
			// the property is the code's cost, which other processes on a busy machine must not decide.
			let ms = Infinity;
			let wall = Infinity;
			for (let i = 0; i < 3; i++) {
				const copy = `${text} ${i}`;
				const c0 = process.cpuUsage();
				const t0 = performance.now();
				looksLikeTokenValidationFailure(copy);
				tokenValidationFindings(copy, { now: NOW });
				const c = process.cpuUsage(c0);
				wall = Math.min(wall, performance.now() - t0);
				ms = Math.min(ms, (c.user + c.system) / 1000);
			}
			assert.ok(ms < 500, `${ms.toFixed(1)} ms CPU (${wall.toFixed(1)} ms wall) for ${text.slice(0, 20)}…`);
		}
	});
});
