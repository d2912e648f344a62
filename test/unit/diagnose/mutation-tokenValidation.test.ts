/**
 * Token validation at its edges: the time formats the libraries print (each branch of the .NET month/day form, ISO
 * with and without zone), every Entra issuer form, each value a message can state and how it is split, hidden or
 * unset, which messages come first, the malformed values an API quotes (scheme left in, placeholders, quotes,
 * opaque and refresh tokens, JWE, wrong part counts) and what the kit asks to check when the text holds no token.
 * Expected dates are written out in UTC; IDs are made up.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
	classifyIssuer,
	looksLikeTokenValidationFailure,
	matchTokenValidationFailures,
	parseStatedTime,
	readStatedValues,
	tokenValidationFindings,
} from '../../../src/core/diagnose/tokenValidation';
import type { Finding } from '../../../src/core/findings';

const TENANT = '4f1c2a9e-7d3b-4c8a-9e21-5b6d7f8a9c0d';
const API = '6b8f2e1c-3a4d-4e5f-8a9b-0c1d2e3f4a5b';
const NOW = new Date('2026-03-10T12:00:00Z');
const iso = (d: Date | undefined) => d?.toISOString();
const codes = (fs: Finding[] | undefined) => (fs ?? []).map((f) => f.code);
const one = (fs: Finding[] | undefined, code: string) => {
	const got = (fs ?? []).filter((f) => f.code === code);
	assert.equal(got.length, 1, `one ${code} in ${codes(fs).join(', ')}`);
	return got[0];
};
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('token validation: edges', () => {
	describe('stated times', () => {
		it('ISO 8601: with or without seconds, fractions and zones (+hh:mm, +hhmm, Z), a space for the T', () => {
			assert.equal(iso(parseStatedTime('2026-03-10 09:15')), '2026-03-10T09:15:00.000Z');
			// fractions are read past (token times are whole seconds)
			assert.equal(iso(parseStatedTime('2026-03-10T09:15:30.123456789Z')), '2026-03-10T09:15:30.000Z');
			assert.equal(iso(parseStatedTime('2026-03-10T09:15:30+0530')), '2026-03-10T03:45:30.000Z');
			assert.equal(iso(parseStatedTime('2026-03-10T09:15:30-08:00')), '2026-03-10T17:15:30.000Z');
			assert.equal(iso(parseStatedTime('  2026-03-10T09:15:30  ')), '2026-03-10T09:15:30.000Z');
			assert.equal(parseStatedTime('2026-13-40T09:15:30Z'), undefined);
			assert.equal(parseStatedTime('2026-03-10T09:15:30Zulu'), undefined);
		});

		it(".NET's month/day/year: dots or slashes, AM/PM in any case, noon and midnight, a day first when it must be", () => {
			assert.equal(iso(parseStatedTime('3.10.2026 9:05:07')), '2026-03-10T09:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 9:05:07 pm')), '2026-03-10T21:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 9:05:07PM')), '2026-03-10T21:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 12:05:07 PM')), '2026-03-10T12:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 12:05:07 AM')), '2026-03-10T00:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 11:05:07 AM')), '2026-03-10T11:05:07.000Z');
			assert.equal(iso(parseStatedTime('3/10/2026 13:05:07 PM')), '2026-03-10T13:05:07.000Z');
			// a first number above 12 is the day; both above 12, or a zero, is no date
			assert.equal(iso(parseStatedTime('25/12/2026 10:00:00')), '2026-12-25T10:00:00.000Z');
			assert.equal(iso(parseStatedTime('12/25/2026 10:00:00')), '2026-12-25T10:00:00.000Z');
			assert.equal(iso(parseStatedTime('12/12/2026 10:00:00')), '2026-12-12T10:00:00.000Z');
			assert.equal(parseStatedTime('25/13/2026 10:00:00'), undefined);
			assert.equal(parseStatedTime('0/10/2026 10:00:00'), undefined);
			assert.equal(parseStatedTime('3/0/2026 10:00:00'), undefined);
			assert.equal(parseStatedTime('3/32/2026 10:00:00'), undefined);
			assert.equal(parseStatedTime('3/10/2026 24:00:00'), undefined);
			assert.equal(iso(parseStatedTime('1/31/2026 23:59:59')), '2026-01-31T23:59:59.000Z');
			assert.equal(parseStatedTime('3/10/26 10:00:00'), undefined);
			assert.equal(parseStatedTime('yesterday'), undefined);
		});
	});

	describe('issuer forms', () => {
		it('v1 on both hosts, with or without the slash, any case; anything after the tenant is another form', () => {
			assert.deepEqual(classifyIssuer(`https://sts.chinacloudapi.cn/${TENANT}`), { kind: 'v1', tenant: TENANT, host: 'sts.chinacloudapi.cn' });
			assert.deepEqual(classifyIssuer(` HTTPS://STS.WINDOWS.NET/${TENANT}/ `), { kind: 'v1', tenant: TENANT, host: 'sts.windows.net' });
			assert.deepEqual(classifyIssuer(`https://sts.windows.net/${TENANT}/v2.0`), { kind: 'other' });
			assert.deepEqual(classifyIssuer('https://sts.windows.net//'), { kind: 'other' });
		});

		it("v2 on every cloud's sign-in host; B2C and CIAM by their hosts", () => {
			for (const host of ['login.microsoftonline.com', 'login.windows.net', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.chinacloudapi.cn', 'login.microsoft.com']) {
				assert.deepEqual(classifyIssuer(`https://${host.toUpperCase()}/${TENANT}/v2.0/`), { kind: 'v2', tenant: TENANT, host }, host);
			}
			assert.deepEqual(classifyIssuer(`https://Contoso.ciamlogin.com/${TENANT}/v2.0`), { kind: 'ciam', tenant: TENANT, host: 'contoso.ciamlogin.com' });
			assert.deepEqual(classifyIssuer(`https://contoso.b2clogin.com/tfp-tenant/v2.0/`), { kind: 'b2c', tenant: 'tfp-tenant', host: 'contoso.b2clogin.com' });
			for (const other of [`https://login.microsoftonline.com/${TENANT}/v2.0/extra`, `https://login.example.com/${TENANT}/v2.0`, `http://login.microsoftonline.com/${TENANT}/v2.0`, `https://b2clogin.com/${TENANT}/v2.0`, `https://contoso.b2clogin.com/${TENANT}/`]) {
				assert.deepEqual(classifyIssuer(other), { kind: 'other' }, other);
			}
		});
	});

	describe('values the message states', () => {
		it("audiences: the error's forms, split on commas; unset and hidden told apart", () => {
			assert.deepEqual(readStatedValues("The audience 'api://orders' is invalid").audiences, ['api://orders']);
			assert.deepEqual(readStatedValues('The aud claim is not valid. Provided value [api://a, api://b]').audiences, ['api://a', 'api://b']);
			assert.deepEqual(readStatedValues("IDX10214: Audience validation failed. Audiences: 'a,b'. Did not match").audiences, ['a', 'b']);
			assert.equal(readStatedValues("IDX10214: Audiences: 'null'. Did not match").audiences?.length, 0);
			const s = readStatedValues("IDX10214: Audience validation failed. Audiences: 'x'. Did not match: validationParameters.ValidAudience: ' api://orders, second ' or validationParameters.ValidAudiences: 'a, null, b'.");
			assert.deepEqual(s.validAudiences, ['api://orders, second', 'a', 'b'], 'ValidAudience is one value; ValidAudiences a list without its unset entries');
			assert.deepEqual(s.rawValidAudiences, [' api://orders, second ', 'a', 'null', 'b']);
			const unset = readStatedValues("IDX10214: Did not match: validationParameters.ValidAudience: 'null' or validationParameters.ValidAudiences: 'empty'.");
			assert.deepEqual(unset.validAudiences, []);
			assert.equal(unset.piiHidden, false);
			assert.deepEqual(readStatedValues('JsonWebTokenError: jwt audience invalid. expected: api://a or api://b').validAudiences, ['api://a', 'api://b']);
			assert.equal(readStatedValues('nothing stated here').validAudiences, undefined);
		});

		it('issuers: each form of the stated issuer, and the valid ones from every setting, once each', () => {
			assert.equal(readStatedValues(`IDX40001: Issuer: 'https://contoso.b2clogin.com/${TENANT}/v2.0/', does not match any of the valid issuers`).issuer, `https://contoso.b2clogin.com/${TENANT}/v2.0/`);
			assert.equal(readStatedValues(`IDX10205: Issuer validation failed. Issuer: 'https://sts.windows.net/${TENANT}/'. Did not match`).issuer, `https://sts.windows.net/${TENANT}/`);
			assert.equal(readStatedValues(`The issuer 'https://sts.windows.net/${TENANT}/' is invalid`).issuer, `https://sts.windows.net/${TENANT}/`);
			const a = `https://login.microsoftonline.com/${TENANT}/v2.0`;
			const b = `https://sts.windows.net/${TENANT}/`;
			const s = readStatedValues(`IDX10205: Issuer: 'x'. Did not match: validationParameters.ValidIssuer: '${a}' or validationParameters.ValidIssuers: '${a}, ${b}' or validationParameters.ConfigurationManager.CurrentConfiguration.Issuer: 'https://login.microsoftonline.com/common/v2.0'.`);
			assert.deepEqual(s.validIssuers, [a, b, 'https://login.microsoftonline.com/common/v2.0']);
			assert.deepEqual(readStatedValues(`JsonWebTokenError: jwt issuer invalid. expected: ${a},${b}`).validIssuers, [a, b]);
			assert.equal(readStatedValues('no issuer here').validIssuers, undefined);
		});

		it("kid in each library's words; the keys tried, each once, hidden ones left out", () => {
			assert.equal(readStatedValues("IDX10503: The token's kid is: 'k1', but did not match").kid, 'k1');
			assert.equal(readStatedValues("IDX10501: Unable to match key: \nkid: 'k2'.").kid, 'k2');
			assert.equal(readStatedValues("Unable to match 'kid': 'k3'").kid, 'k3');
			const s = readStatedValues("Keys tried: 'X509SecurityKey, KeyId: 'a1', InternalId: 'z'. , X509SecurityKey, KeyId: 'b2' , KeyId: 'a1' , KeyId: '[PII of type 'System.String' is hidden]'");
			assert.deepEqual(s.keysTried, ['a1', 'b2']);
			assert.deepEqual(readStatedValues('no keys').keysTried, []);
		});

		it('key counts and the True/False flags', () => {
			const s = readStatedValues("Number of keys in TokenValidationParameters: '3'. \nNumber of keys in Configuration: '0'. Valid Lifetime: 'False'. Valid Issuer: 'True'.");
			assert.equal(s.keysInParameters, 3);
			assert.equal(s.keysInConfiguration, 0);
			assert.equal(s.validLifetime, false);
			assert.equal(s.validIssuer, true);
			const none = readStatedValues('nothing');
			assert.equal(none.keysInParameters, undefined);
			assert.equal(none.keysInConfiguration, undefined);
			assert.equal(none.validLifetime, undefined);
			assert.equal(none.validIssuer, undefined);
		});

		it('times in each form; a hidden one is skipped for the next form, and marks the values hidden', () => {
			assert.equal(iso(readStatedValues("IDX10223: ValidTo: '3/10/2026 9:00:00 AM', Current time: '3/10/2026 11:00:00 AM'.").validTo), '2026-03-10T09:00:00.000Z');
			assert.equal(iso(readStatedValues("The token expired at '03/10/2026 09:30:00'").validTo), '2026-03-10T09:30:00.000Z');
			assert.equal(iso(readStatedValues('TokenExpiredError: jwt expired { expiredAt: 2026-03-10T09:00:00.000Z }').validTo), '2026-03-10T09:00:00.000Z');
			assert.equal(iso(readStatedValues('Jwt expired at 2026-03-10T09:00:00+01:00').validTo), '2026-03-10T08:00:00.000Z');
			assert.equal(iso(readStatedValues("IDX10222: ValidFrom (UTC): '3/10/2026 1:00:00 PM', Current time (UTC): '3/10/2026 12:00:00 PM'.").validFrom), '2026-03-10T13:00:00.000Z');
			assert.equal(iso(readStatedValues("The token is not valid before '3/10/2026 1:00:00 PM'").validFrom), '2026-03-10T13:00:00.000Z');
			assert.equal(iso(readStatedValues('Jwt used before 2026-03-10T13:00:00Z').validFrom), '2026-03-10T13:00:00.000Z');
			assert.equal(iso(readStatedValues("Current time (UTC): '3/10/2026 12:00:00 PM'").current), '2026-03-10T12:00:00.000Z');
			const hidden = readStatedValues("ValidTo: 'System.DateTime'. The token expired at '03/10/2026 09:30:00'");
			assert.equal(iso(hidden.validTo), '2026-03-10T09:30:00.000Z');
			assert.equal(hidden.piiHidden, true);
			const unreadable = readStatedValues("ValidTo: 'soon'. Jwt expired at 2026-03-10T09:00:00Z");
			assert.equal(iso(unreadable.validTo), '2026-03-10T09:00:00.000Z');
			assert.equal(unreadable.piiHidden, false);
		});

		it('required scopes and roles, split on spaces and commas', () => {
			assert.deepEqual(readStatedValues("IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Read  Orders.Write' or was not found.").requiredScopes, ['Orders.Read', 'Orders.Write']);
			assert.deepEqual(readStatedValues("IDW10202: The 'roles' or 'role' claim does not contain roles 'Admin, Reader' or was not found.").requiredRoles, ['Admin', 'Reader']);
			assert.equal(readStatedValues('nothing').requiredScopes, undefined);
			assert.equal(readStatedValues('nothing').requiredRoles, undefined);
		});

		it('the malformed value a message quotes; a hidden one is not a value', () => {
			assert.equal(readStatedValues("IDX12741: JWT: 'Bearer abc' must have three segments (JWS) or five segments (JWE).").malformedValue, 'Bearer abc');
			assert.equal(readStatedValues("IDX12709: CanReadToken() returned false. JWT is not well formed: 'abc.def'.").malformedValue, 'abc.def');
			const hidden = readStatedValues("IDX12741: JWT: '[PII of type 'System.String' is hidden]' must have three segments (JWS) or five segments (JWE).");
			assert.equal(hidden.malformedValue, undefined);
			assert.equal(hidden.piiHidden, true);
			assert.equal(readStatedValues("IDX14100: JWT is not well formed, there are no dots (.)").piiHidden, false);
		});
	});

	describe('which messages, in which order', () => {
		it('earliest in the text first; the same answer when asked twice', () => {
			const text = `IDX10223: Lifetime validation failed. The token is expired.\nthen IDX10214: Audience validation failed. Audiences: 'x'.`;
			const first = matchTokenValidationFailures(text).map((m) => m.entry.id);
			assert.deepEqual(first, ['IDX10223', 'IDX10214']);
			assert.deepEqual(matchTokenValidationFailures(text).map((m) => m.entry.id), first);
			const swapped = `IDX10214: Audience validation failed. Audiences: 'x'.\nthen IDX10223: Lifetime validation failed.`;
			assert.deepEqual(matchTokenValidationFailures(swapped).map((m) => m.entry.id), ['IDX10214', 'IDX10223']);
			// a message named twice is placed where it is first named
			assert.deepEqual(matchTokenValidationFailures('IDX10223 first; then IDX10214; then IDX10223 again').map((m) => m.entry.id), ['IDX10223', 'IDX10214']);
			// an entry is placed by the earliest of its patterns
			const at = matchTokenValidationFailures('x Lifetime validation failed. The token is expired ... IDX10223');
			assert.equal(at[0].at, 2);
			assert.equal(looksLikeTokenValidationFailure('the build is green'), false);
			assert.equal(looksLikeTokenValidationFailure('jwt malformed'), true);
		});

		it('a message identifier counts only with its five digits; case does not matter', () => {
			assert.deepEqual(matchTokenValidationFailures('idx10214 seen').map((m) => m.entry.id), ['IDX10214']);
			assert.deepEqual(matchTokenValidationFailures('IDX102140 seen').map((m) => m.entry.id), ['IDX10214'], 'the first five digits name it');
			assert.deepEqual(matchTokenValidationFailures('IDX1021 seen'), []);
		});

		it('a long log is read at its start and its end', () => {
			const filler = 'x'.repeat(1_200_000);
			const ids = (t: string) => matchTokenValidationFailures(t).map((m) => m.entry.id);
			assert.deepEqual(ids(`IDX10214 at the start\n${filler}${filler}`), ['IDX10214']);
			assert.deepEqual(ids(`${filler}${filler}\nIDX10223 at the end`), ['IDX10223']);
			assert.deepEqual(ids(`${filler}IDX10205 in the middle${filler}`), []);
		});
	});

	describe('the value the API received', () => {
		const format = (text: string) => tokenValidationFindings(text, { now: NOW });

		it("the scheme twice, or left in the value validated", () => {
			assert.equal(one(format('IDX14100: JWT is not well formed. Authorization: Bearer  bearer eyJ0eXAi'), 'token-bearer-prefix').severity, 'error');
			one(format("IDX12741: JWT: 'Bearer eyJ0eXAiOiJKV1Qi' must have three segments (JWS) or five segments (JWE)."), 'token-bearer-prefix');
			assert.ok(!codes(format("IDX12741: JWT: 'Bearerx' must have three segments (JWS) or five segments (JWE).")).includes('token-bearer-prefix'));
		});

		it('a placeholder where the token belongs, named as sent', () => {
			for (const [sent, named] of [['undefined', 'undefined'], ['null', 'null'], ['[object Object]', '[object Object]'], ['${token}', '${token}'], ['{{accessToken}}', '{{accessToken}}']]) {
				const f = one(format(`jwt malformed\nAuthorization: Bearer ${sent}`), 'token-placeholder');
				assert.ok(f.message.startsWith(`The client sent '${named}' where the token belongs`), f.message);
			}
			assert.ok(one(format("IDX12741: JWT: 'undefined' must have three segments (JWS) or five segments (JWE)."), 'token-placeholder').message.startsWith("The client sent 'undefined'"));
			assert.ok(one(format("IDX12741: JWT: ' ' must have three segments (JWS) or five segments (JWE)."), 'token-placeholder').message.startsWith("The client sent '(empty)'"));
		});

		it('quotes, an opaque token, a refresh token or code, an encrypted token, a wrong number of parts', () => {
			const v = (value: string) => format(`IDX12741: JWT: '${value.replace(/'/g, '')}' must have three segments (JWS) or five segments (JWE).`);
			assert.equal(one(format('IDX12709: CanReadToken() returned false. JWT is not well formed: \'"eyJ0eXAi.eyJhdWQi.sig"\'.'), 'token-quoted').severity, 'error');
			assert.equal(one(v(`Ew${'A'.repeat(30)}`), 'token-opaque').severity, 'error');
			assert.ok(!codes(v(`Ew${'A'.repeat(10)}`)).includes('token-opaque'), 'too short to be one');
			assert.equal(one(v(`0.A${'b'.repeat(20)}`), 'token-not-access-token').severity, 'error');
			one(v(`1.A${'b'.repeat(20)}`), 'token-not-access-token');
			assert.equal(one(v('a.b.c.d.e'), 'token-encrypted').severity, 'info');
			const two = one(v('header.payload'), 'token-not-jwt');
			assert.ok(two.message.startsWith('The value has 2 dot-separated part(s), not 3'), two.message);
			assert.ok(one(v(`Ew${'A'.repeat(30)}.x`), 'token-not-jwt').message.startsWith('The value has 2 '));
			const fine = format("IDX12741: JWT: 'a.b.c' must have three segments (JWS) or five segments (JWE).");
			assert.ok(!codes(fine).some((c) => ['token-not-jwt', 'token-encrypted', 'token-opaque', 'token-quoted'].includes(c)), codes(fine).join(', '));
		});

		it('a well-formed token in the text while the API could not read one: the API got something else', () => {
			const token = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u({ aud: API, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, scp: 'read', exp: NOW.getTime() / 1000 + 600 })}.${Buffer.from(randomUUID()).toString('base64url')}`;
			const f = one(format(`IDX14100: JWT is not well formed, there are no dots (.).\nsent: ${token}`), 'token-in-text-well-formed');
			assert.equal(f.severity, 'info');
			// the value the message quotes is judged instead
			assert.ok(!codes(format(`IDX12741: JWT: 'abc' must have three segments (JWS) or five segments (JWE).\nsent: ${token}`)).includes('token-in-text-well-formed'));
		});
	});

	describe('without a token in the text', () => {
		it('what to check follows the messages matched, and names the API when the context does', () => {
			const aud = one(tokenValidationFindings("IDX10214: Audience validation failed. Audiences: 'api://x'. Did not match: validationParameters.ValidAudience: 'api://y'.", { now: NOW }), 'token-not-in-text');
			assert.equal(aud.severity, 'info');
			assert.match(aud.fix, /^Decode the token the API received \(entra-cert decode TOKEN, or paste it with the error\) and check: aud: it must be/);
			assert.ok(!/iss and ver|exp and nbf|the header: a nonce|scp \(delegated\)|the raw Authorization header/.test(aud.fix), aud.fix);
			const named = one(tokenValidationFindings('IDX10214: Audience validation failed.', { now: NOW, clientId: API }), 'token-not-in-text');
			assert.ok(named.fix.includes(`aud: it must be the API's client ID or App ID URI (${API}), not Microsoft Graph`), named.fix);
			const each: [string, RegExp][] = [
				['IDX10205: Issuer validation failed.', /check: iss and ver: https:\/\/sts\.windows\.net\/<tenant>\/ is v1/],
				['IDX10223: Lifetime validation failed. The token is expired.', /check: exp and nbf against the API server's clock \(UTC\)/],
				['IDX10500: Signature validation failed. No security keys were provided', /check: the header: a nonce means a Microsoft Graph token/],
				["IDW10202: The 'roles' or 'role' claim does not contain roles 'A' or was not found.", /check: scp \(delegated\) or roles \(app-only\)/],
				['jwt malformed', /check: the raw Authorization header: exactly 'Bearer ' and a three-part JWT/],
			];
			for (const [text, want] of each) {
				assert.match(one(tokenValidationFindings(text, { now: NOW }), 'token-not-in-text').fix, want, text);
			}
			const three = one(tokenValidationFindings('IDX10516: Signature validation failed. Unable to match key', { now: NOW }), 'token-not-in-text');
			assert.match(three.fix, /check: iss and ver: .*; exp and nbf .*; the header: a nonce/);
		});

		it('when the stated values already decided an error, the kit says so; otherwise that it could not tell', () => {
			const undecided = one(tokenValidationFindings('IDX10223: Lifetime validation failed. The token is expired.', { now: NOW }), 'token-not-in-text');
			assert.match(undecided.message, /could not tell which of these causes applies/);
			const decided = one(tokenValidationFindings("IDX10214: Audience validation failed. Audiences: 'api://x'. Did not match: validationParameters.ValidAudience: 'null' or validationParameters.ValidAudiences: 'null'.", { now: NOW }), 'token-not-in-text');
			assert.match(decided.message, /the findings above come from the values the message states/);
		});

		it('an encrypted token in the text is named, and nothing is asked to be decoded', () => {
			const part = (s: string) => Buffer.from(s).toString('base64url');
			const jwe = [b64u({ alg: 'RSA-OAEP', enc: 'A256GCM' }), part('encrypted-key-bytes'), part('iv-bytes-here'), part('ciphertext-bytes-here'), part('tag-bytes-here')].join('.');
			const fs = tokenValidationFindings(`IDX10511: Signature validation failed.\nAuthorization: Bearer ${jwe}`, { now: NOW });
			assert.equal(one(fs, 'token-encrypted').severity, 'info');
			assert.ok(!codes(fs).includes('token-not-in-text'));
		});

		it('a message matched by two patterns of one entry is reported once', () => {
			const fs = tokenValidationFindings('IDX10214: Audience validation failed. Audiences: \'x\'. IDX10214 again', { now: NOW });
			assert.equal(codes(fs).filter((c) => c === 'IDX10214').length, 1);
			const f = one(fs, 'IDX10214');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /^Microsoft\.IdentityModel[^:]*: .* Usual causes: /);
			assert.ok(f.sources && f.sources.length > 0);
		});
	});
});

describe('token validation: rules the other tests leave out', () => {
	const T = (s: number) => Math.floor(NOW.getTime() / 1000) + s;
	const token = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', kid: 'k1' }) => `${b64u({ typ: 'JWT', ...header })}.${b64u(payload)}.${Buffer.from(randomUUID()).toString('base64url')}`;
	const v2 = `https://login.microsoftonline.com/${TENANT}/v2.0`;
	const v1 = `https://sts.windows.net/${TENANT}/`;
	const access = (extra: Record<string, unknown> = {}) => ({ aud: API, iss: v2, tid: TENANT, scp: 'access_as_user', upn: 'avery@contoso.com', iat: T(-600), nbf: T(-600), exp: T(3000), ver: '2.0', ...extra });
	const manifest = { label: 'api/manifest.json', text: JSON.stringify({ appId: API, displayName: 'Orders API', identifierUris: [`api://${API}`], accessTokenAcceptedVersion: 2, oauth2Permissions: [{ id: randomUUID(), value: 'access_as_user', isEnabled: true }], appRoles: [] }) };

	it('an issuer the error itself lists as valid: compare it character by character', () => {
		const f = one(tokenValidationFindings(`IDX10205: Issuer validation failed. Issuer: '${v1}'. Did not match: validationParameters.ValidIssuer: 'HTTPS://STS.WINDOWS.NET/${TENANT}' or validationParameters.ValidIssuers: 'null'.`, { now: NOW }), 'token-issuer-accepted');
		assert.equal(f.severity, 'info');
		assert.ok(f.message.startsWith(`The issuer the error reports '${v1}' is among the issuers the error lists`), f.message);
	});

	it('a B2C or CIAM token against an API set up for another kind of authority', () => {
		const b2c = one(tokenValidationFindings(`IDX10205: Issuer validation failed. Issuer: 'x'. Did not match: validationParameters.ValidIssuer: '${v2}'.\n${token(access({ iss: `https://contoso.b2clogin.com/${TENANT}/v2.0/` }))}`, { now: NOW }), 'token-issuer-kind');
		assert.match(b2c.message, /^The token's iss is a[n]? Azure AD B2C issuer, but the API is configured for another kind of authority \(https:\/\/login\.microsoftonline\.com\//);
		assert.match(b2c.fix, /B2C instance and policy/);
		const ciam = one(tokenValidationFindings(`IDX10205: Issuer validation failed. Issuer: 'x'. Did not match: validationParameters.ValidIssuer: '${v2}'.\n${token(access({ iss: `https://contoso.ciamlogin.com/${TENANT}/v2.0` }))}`, { now: NOW }), 'token-issuer-kind');
		assert.match(ciam.message, /External ID \(CIAM\) issuer/);
		assert.match(ciam.fix, /ciamlogin\.com authority/);
	});

	it('with no valid issuers stated, the token says which version and tenant it is', () => {
		const one1 = one(tokenValidationFindings(`IDX10205: Issuer validation failed.\n${token(access({ iss: v1, ver: '1.0' }))}`, { now: NOW }), 'token-issuer-explained');
		assert.ok(one1.message.startsWith(`The token is v1 (iss ${v1}), tenant ${TENANT}.`), one1.message);
		assert.match(one1.fix, /accessTokenAcceptedVersion: 2/);
		const two = one(tokenValidationFindings(`IDX10205: Issuer validation failed.\n${token(access())}`, { now: NOW }), 'token-issuer-explained');
		assert.ok(two.message.startsWith(`The token is v2 (iss ${v2}), tenant ${TENANT}.`), two.message);
		assert.match(two.fix, /^Check that the API accepts this exact issuer/);
		const other = one(tokenValidationFindings(`jwt issuer invalid\n${token(access({ iss: 'https://accounts.example.com', tid: undefined }))}`, { now: NOW }), 'token-issuer-explained');
		assert.ok(other.message.startsWith('The token is from issuer https://accounts.example.com.'), other.message);
		assert.match(other.fix, /^Check which identity provider the API trusts/);
	});

	it('a token without aud, and a token for a Microsoft resource other than the API', () => {
		const noAud = one(tokenValidationFindings(`IDX10214: Audience validation failed.\n${token(access({ aud: undefined }))}`, { now: NOW }), 'token-no-audience');
		assert.equal(noAud.severity, 'error');
		assert.ok(noAud.message.startsWith(`The token has no aud claim (iss ${v2})`), noAud.message);
		const arm = one(tokenValidationFindings(`IDX10214: Audience validation failed.\n${token(access({ aud: 'https://management.azure.com/' }))}`, { now: NOW }), 'token-for-other-resource');
		assert.ok(arm.message.startsWith("The token's aud is 'https://management.azure.com/': a token for Azure Resource Manager"), arm.message);
		const stated = one(tokenValidationFindings("IDX10214: Audience validation failed. Audiences: 'https://vault.azure.net'. Did not match", { now: NOW }), 'token-for-other-resource');
		assert.ok(stated.message.startsWith("The audience the error reports is 'https://vault.azure.net': a token for Azure Key Vault"), stated.message);
	});

	it('an API that accepts no audience at all; the fix names its client ID when known', () => {
		const text = "IDX10214: Audience validation failed. Audiences: 'api://x'. Did not match: validationParameters.ValidAudience: 'null' or validationParameters.ValidAudiences: 'null'.";
		const f = one(tokenValidationFindings(text, { now: NOW }), 'api-audience-not-configured');
		assert.equal(f.message, "The API accepts no audience at all (ValidAudience and ValidAudiences are not set), so the audience the error reports 'api://x' cannot match.");
		assert.ok(!f.fix.includes(': 6b8f'), f.fix);
		assert.ok(one(tokenValidationFindings(text, { now: NOW, clientId: API }), 'api-audience-not-configured').fix.includes(`(AddJwtBearer): ${API}, and check`));
	});

	it("signature: a header naming no key, a valid issuer with an unknown key, and the lifetime flag", () => {
		const noKid = one(tokenValidationFindings(`IDX10511: Signature validation failed.\n${token(access(), { alg: 'RS256' })}`, { now: NOW }), 'token-no-key-id');
		assert.equal(noKid.severity, 'error');
		assert.ok(!codes(tokenValidationFindings(`IDX10511: Signature validation failed.\n${token(access(), { alg: 'RS256', x5t: 'abc' })}`, { now: NOW })).includes('token-no-key-id'));
		const hs = one(tokenValidationFindings(`IDX10511: Signature validation failed.\n${token(access(), { alg: 'HS256', kid: 'k' })}`, { now: NOW }), 'token-not-entra-signed');
		assert.ok(hs.message.startsWith('The token is signed with HS256;'), hs.message);
		const stale = one(tokenValidationFindings("IDX10501: Signature validation failed. Unable to match key: \nkid: 'k9'. Valid Lifetime: 'True'. Valid Issuer: 'True'.", { now: NOW }), 'token-issuer-valid-key-missing');
		assert.equal(stale.severity, 'info');
		assert.ok(!codes(tokenValidationFindings("IDX10511: Signature validation failed. kid: 'k9'. Valid Issuer: 'True'.", { now: NOW })).includes('token-issuer-valid-key-missing'));
		const life = one(tokenValidationFindings("IDX10516: Signature validation failed. Unable to match key: \nkid: 'k9'. Valid Lifetime: 'False'. Valid Issuer: 'True'.", { now: NOW }), 'token-lifetime-invalid');
		assert.equal(life.severity, 'warning');
	});

	it('scopes: none at all on a user token, none the API exposes, a required full URI', () => {
		const none = one(tokenValidationFindings(`IDW10201: Neither scope nor roles claim was found in the bearer token.\n${token(access({ scp: undefined }))}`, { now: NOW }), 'token-no-permissions');
		assert.equal(none.severity, 'error');
		assert.match(none.fix, /^Request the API's scope \(api:\/\/<API client ID>\/<scope>\)/);
		const notExposed = one(tokenValidationFindings(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'access_as_user' or was not found.\n${token(access({ scp: 'user_impersonation' }))}`, { now: NOW, clientId: API, manifests: [manifest] }), 'token-scope-not-exposed');
		assert.equal(notExposed.severity, 'warning');
		assert.ok(notExposed.message.startsWith("The token's scp (user_impersonation) names none of the scopes 'Orders API' (appId"), notExposed.message);
		assert.ok(notExposed.fix.includes(`api://${API}/access_as_user`), notExposed.fix);
		const exposed = tokenValidationFindings(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'Orders.Write' or was not found.\n${token(access({ scp: 'Orders.Read access_as_user' }))}`, { now: NOW, clientId: API, manifests: [manifest] });
		assert.ok(!codes(exposed).includes('token-scope-not-exposed'), codes(exposed).join(', '));
		const full = one(tokenValidationFindings(`IDW10203: The 'scope' or 'scp' claim does not contain scopes 'api://${API}/Orders.Read' or was not found.\n${token(access({ scp: 'Orders.Read' }))}`, { now: NOW }), 'token-scope-missing');
		assert.match(full.message, /The required value is a full URI, but scp holds bare scope names\.$/);
		assert.equal(full.fix, 'Require the bare scope name (Orders.Read).');
	});
});
