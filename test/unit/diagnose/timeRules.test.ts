/**
 * Time rules: fresh assertions made by @azure/msal-node (an independent implementation) are never an error,
 * even when nbf is a second or two ahead; times beyond the tolerance are, and the error's stated times say whose
 * clock is off. Expected offsets are computed here from the inputs, not read from the code under test.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { diagnose } from '../../../src/core/diagnose';
import { assertionTimeFindings, CLOCK_SKEW_SECONDS, statedTimeFindings, timeZoneOffset } from '../../../src/core/diagnose/timeRules';
import { makeCert, splitJws, type TestCert } from '../jwt/keys';
import { CLIENT, msalAssertion } from '../helpers/msal';

const errors = <T extends { severity: string }>(fs: T[]) => fs.filter((f) => f.severity === 'error');

describe('diagnose: times and clock skew', function () {
	this.timeout(60000);
	let cert: TestCert;
	before(() => {
		cert = makeCert({ rsaBits: 2048 });
	});

	for (const mode of ['thumbprintSha256', 'thumbprint'] as const) {
		it(`a fresh msal-node assertion (${mode}) with nbf up to 2 s ahead of the clock has no error finding`, async () => {
			const { assertion, form } = await msalAssertion(cert, mode);
			const nbf = Number(splitJws(assertion).payload.nbf);
			for (const offset of [0, 1, 2]) {
				const now = new Date((nbf - offset) * 1000);
				const asToken = diagnose(assertion, { now });
				assert.deepEqual(errors(asToken.findings), [], `token, nbf ${offset} s ahead: ${JSON.stringify(asToken.findings)}`);
				const asRequest = diagnose(form.toString(), { now });
				assert.equal(asRequest.kind, 'request');
				assert.deepEqual(errors(asRequest.findings), [], `request, nbf ${offset} s ahead: ${JSON.stringify(asRequest.findings)}`);
			}
			const ahead = diagnose(assertion, { now: new Date((nbf - 2) * 1000) }).findings.find((f) => f.code === 'assertion-nbf-ahead');
			assert.equal(ahead?.severity, 'info');
		});
	}

	const base = Math.floor(Date.parse('2026-03-01T12:00:00Z') / 1000);
	const claims = (nbf: number, exp = nbf + 600) => ({ aud: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token', iss: CLIENT, sub: CLIENT, jti: randomUUID(), nbf, exp });

	it('nbf a whole number of hours ahead is an AADSTS700024 error that names a time-zone offset', () => {
		for (const hours of [1, 2, 5.5, 9]) {
			const f = assertionTimeFindings(claims(base + hours * 3600), new Date(base * 1000)).find((x) => x.code === 'AADSTS700024');
			assert.equal(f?.severity, 'error', `nbf ${hours} h ahead`);
			assert.match(f!.message, /time-zone/);
		}
	});

	it('nbf beyond the tolerance but not whole hours says the clock is fast, not a time zone', () => {
		const ahead = CLOCK_SKEW_SECONDS + 137;
		const f = assertionTimeFindings(claims(base + ahead), new Date(base * 1000)).find((x) => x.code === 'AADSTS700024');
		assert.equal(f?.severity, 'error');
		assert.doesNotMatch(f!.message, /time-zone/);
		assert.match(f!.message, /fast/);
	});

	it('an expiry within the tolerance is information; beyond it an error', () => {
		const justNow = assertionTimeFindings(claims(base - 630), new Date(base * 1000));
		assert.deepEqual(errors(justNow), []);
		assert.ok(justNow.some((f) => f.code === 'assertion-just-expired'));
		const old = assertionTimeFindings(claims(base - 600 - CLOCK_SKEW_SECONDS - 1), new Date(base * 1000));
		assert.equal(errors(old)[0]?.code, 'AADSTS700024');
	});

	it('timeZoneOffset recognises whole and half hours only', () => {
		assert.equal(timeZoneOffset(3600 + 40), '1 hour');
		assert.equal(timeZoneOffset(-7200), '2 hours');
		assert.equal(timeZoneOffset(5.5 * 3600 - 30), '5:30 hours');
		assert.equal(timeZoneOffset(3600 + 900), undefined);
		assert.equal(timeZoneOffset(600), undefined);
	});

	it("the error's stated times: an assertion starting an hour after Entra's clock is a time-zone offset", () => {
		const current = new Date('2026-03-01T10:16:50Z');
		const f = statedTimeFindings({ current, validFrom: new Date('2026-03-01T11:16:49Z'), expiry: new Date('2026-03-01T11:26:49Z') });
		assert.equal(f.length, 1);
		assert.equal(f[0].code, 'assertion-clock-ahead');
		assert.match(f[0].message, /1 hour/);
	});

	it("the error's stated times: an assertion expired two minutes before Entra's clock was reused, not shifted", () => {
		const current = new Date('2026-03-01T10:12:00Z');
		const f = statedTimeFindings({ current, validFrom: new Date('2026-03-01T10:00:00Z'), expiry: new Date('2026-03-01T10:10:00Z') });
		assert.equal(f[0].code, 'assertion-clock-behind');
		assert.doesNotMatch(f[0].message, /time-zone/);
		assert.match(f[0].message, /cached|reused/);
	});

	it("the error's stated times: times two hours behind Entra's clock are a time-zone offset", () => {
		const current = new Date('2026-03-01T12:00:30Z');
		const f = statedTimeFindings({ current, validFrom: new Date('2026-03-01T10:00:00Z'), expiry: new Date('2026-03-01T10:10:00Z') });
		assert.equal(f[0].code, 'assertion-clock-behind');
		assert.match(f[0].message, /2 hours/);
	});

	it('says when the assertion in the text is not the one Entra read', () => {
		const current = new Date('2026-03-01T10:12:00Z');
		const f = statedTimeFindings({ current, validFrom: new Date('2026-03-01T10:00:00Z'), expiry: new Date('2026-03-01T10:10:00Z') }, claims(base));
		assert.ok(f.some((x) => x.code === 'assertion-not-the-one-sent'));
	});
});
