/**
 * Time rules at their edges: the clock-skew tolerance (CLOCK_SKEW_SECONDS), the two-minute window around a whole or
 * half hour that marks a time-zone offset, the lifetime limits (10 minutes recommended, over an hour a warning), and
 * what each finding says (which claim, which clock, how far off, what to do). Inputs are built around the stated
 * limits; the expected sides of each limit come from the documented behaviour, not from the code.
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import { assertionTimeFindings, CLOCK_SKEW_SECONDS, statedTimeFindings, timeZoneOffset } from '../../../src/core/diagnose/timeRules';

const SKEW = CLOCK_SKEW_SECONDS;
const T0 = Math.floor(Date.parse('2026-03-01T12:00:00Z') / 1000);
const NOW = new Date(T0 * 1000);
const at = (s: number) => new Date(s * 1000);
const codes = (fs: Finding[]) => fs.map((f) => f.code).sort();
const one = (fs: Finding[], code: string) => {
	const found = fs.filter((f) => f.code === code);
	assert.equal(found.length, 1, `${code} in ${JSON.stringify(fs)}`);
	return found[0];
};

describe('diagnose time rules: limits and wording', () => {
	describe('timeZoneOffset', () => {
		it('half an hour or less than 50 minutes is not a time zone', () => {
			assert.equal(timeZoneOffset(0), undefined);
			assert.equal(timeZoneOffset(1800), undefined);
			assert.equal(timeZoneOffset(-1800), undefined);
			assert.equal(timeZoneOffset(49 * 60), undefined);
		});
		it('a whole hour plus or minus two minutes is a time zone; a little more is not', () => {
			assert.equal(timeZoneOffset(3600 + 120), '1 hour');
			assert.equal(timeZoneOffset(3600 - 120), '1 hour');
			assert.equal(timeZoneOffset(3600 + 121), undefined);
			assert.equal(timeZoneOffset(3600 - 121), undefined);
			assert.equal(timeZoneOffset(-(3 * 3600 + 60)), '3 hours');
		});
		it('names half hours (India +5:30, Newfoundland -3:30) with their whole hours', () => {
			assert.equal(timeZoneOffset(5.5 * 3600), '5:30 hours');
			assert.equal(timeZoneOffset(-3.5 * 3600), '3:30 hours');
			assert.equal(timeZoneOffset(1.5 * 3600 + 100), '1:30 hours');
		});
		it('goes up to 14 hours (UTC+14, the largest offset in use) and no further', () => {
			assert.equal(timeZoneOffset(14 * 3600), '14 hours');
			assert.equal(timeZoneOffset(-12 * 3600), '12 hours');
			assert.equal(timeZoneOffset(14.5 * 3600), undefined);
			assert.equal(timeZoneOffset(24 * 3600), undefined);
		});
	});

	describe('assertionTimeFindings', () => {
		it('a fresh 10-minute assertion has no finding at all', () => {
			assert.deepEqual(assertionTimeFindings({ nbf: T0, iat: T0, exp: T0 + 600 }, NOW), []);
			assert.deepEqual(assertionTimeFindings({ iat: T0 - 10, exp: T0 + 590 }, NOW), []);
		});

		it('no exp, or an exp that is not a number, is AADSTS50027 and says which', () => {
			const none = one(assertionTimeFindings({ nbf: T0 }, NOW), 'AADSTS50027');
			assert.equal(none.severity, 'error');
			assert.match(none.message, /no exp/);
			assert.match(none.fix, /exp/);
			const text = one(assertionTimeFindings({ nbf: T0, exp: String(T0 + 600) }, NOW), 'AADSTS50027');
			assert.match(text.message, new RegExp(`"${T0 + 600}"`));
			assert.match(text.message, /not a number/);
			assert.doesNotMatch(text.message, /no exp/);
		});

		it('an expiry up to the tolerance ago is information only; one second more is AADSTS700024', () => {
			const edge = assertionTimeFindings({ iat: T0 - SKEW - 600, exp: T0 - SKEW }, NOW);
			assert.deepEqual(codes(edge), ['assertion-just-expired']);
			const info = edge[0];
			assert.equal(info.severity, 'info');
			assert.match(info.message, /5 min ago/);
			assert.match(info.message, new RegExp(`${SKEW} s`));
			assert.ok(info.fix.length > 20);
			const over = one(assertionTimeFindings({ iat: T0 - SKEW - 601, exp: T0 - SKEW - 1 }, NOW), 'AADSTS700024');
			assert.equal(over.severity, 'error');
			assert.match(over.message, /expired at 2026-03-01T11:54:59Z/);
			assert.match(over.message, /5 min before 2026-03-01T12:00:00.000Z/);
			assert.match(over.message, new RegExp(`${SKEW} s tolerance`));
			assert.match(over.fix, /fresh assertion/);
		});

		it('an exp exactly now is not yet expired; one second before is', () => {
			assert.deepEqual(assertionTimeFindings({ iat: T0 - 600, exp: T0 }, NOW), []);
			const f = one(assertionTimeFindings({ iat: T0 - 599, exp: T0 - 1 }, NOW), 'assertion-just-expired');
			assert.match(f.message, /1 s ago/);
		});

		it('an assertion expired more than a day ago says it may only be old (compare with the failed request)', () => {
			const day = one(assertionTimeFindings({ iat: T0 - 86400 - 600, exp: T0 - 86400 }, NOW), 'AADSTS700024');
			assert.doesNotMatch(day.message, /old log/);
			assert.match(day.message, /clock differences\.$/);
			const older = one(assertionTimeFindings({ iat: T0 - 86401 - 600, exp: T0 - 86401 }, NOW), 'AADSTS700024');
			assert.match(older.message, /old log/);
		});

		it('names the clock it compared with', () => {
			const f = assertionTimeFindings({ iat: T0 - 4000, exp: T0 - 3400 }, NOW, "Entra's clock");
			assert.match(one(f, 'AADSTS700024').message, /\(Entra's clock\)/);
			assert.match(one(assertionTimeFindings({ iat: T0 - 4000, exp: T0 - 3400 }, NOW), 'AADSTS700024').message, /this machine's clock/);
		});

		it('nbf ahead by up to the tolerance is information; one second more is AADSTS700024', () => {
			assert.deepEqual(assertionTimeFindings({ nbf: T0, exp: T0 + 600 }, NOW), []);
			const small = one(assertionTimeFindings({ nbf: T0 + 1, exp: T0 + 601 }, NOW), 'assertion-nbf-ahead');
			assert.equal(small.severity, 'info');
			assert.match(small.message, /1 s ahead of this machine's clock/);
			assert.match(small.message, new RegExp(`${SKEW} s tolerance`));
			assert.match(small.fix, /Nothing to fix/);
			const edge = one(assertionTimeFindings({ nbf: T0 + SKEW, exp: T0 + SKEW + 600 }, NOW), 'assertion-nbf-ahead');
			assert.equal(edge.severity, 'info');
			const over = one(assertionTimeFindings({ nbf: T0 + SKEW + 1, exp: T0 + SKEW + 601 }, NOW), 'AADSTS700024');
			assert.equal(over.severity, 'error');
			assert.match(over.message, /not valid before 2026-03-01T12:05:01Z/);
			assert.match(over.message, /5 min ahead of this machine's clock \(2026-03-01T12:00:00.000Z\)/);
			assert.match(over.message, /5 min fast/);
			assert.match(over.fix, /UTC/);
		});

		it('nbf an hour ahead names a time-zone offset and the code that signed the assertion', () => {
			const f = one(assertionTimeFindings({ nbf: T0 + 3600, exp: T0 + 4200 }, NOW), 'AADSTS700024');
			assert.match(f.message, /1 hour almost exactly: a time-zone offset/);
			assert.match(f.message, /The code that signed it built the times from local time/);
		});

		it('an nbf that is not a number is AADSTS50027 about nbf', () => {
			const f = one(assertionTimeFindings({ nbf: 'now', exp: T0 + 600 }, NOW), 'AADSTS50027');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /^nbf is "now"/);
			assert.match(f.fix, /nbf/);
			assert.deepEqual(assertionTimeFindings({ nbf: null, iat: T0, exp: T0 + 600 }, NOW).map((x) => x.code), ['AADSTS50027']);
		});

		it('iat ahead beyond the tolerance is a warning, unless nbf already says so', () => {
			assert.deepEqual(assertionTimeFindings({ iat: T0 + SKEW, exp: T0 + SKEW + 600 }, NOW), []);
			const f = one(assertionTimeFindings({ iat: T0 + SKEW + 1, exp: T0 + SKEW + 601 }, NOW), 'assertion-iat-future');
			assert.equal(f.severity, 'warning');
			assert.match(f.message, /^iat is 5 min ahead of this machine's clock\. /);
			assert.match(f.message, /The code that signed it's clock is 5 min fast/);
			assert.match(f.fix, /iat/);
			// an iat that is not a number is no time at all (not read as one, whatever its digits)
			assert.deepEqual(assertionTimeFindings({ iat: String(T0 + 4000), exp: T0 + 600 }, NOW), []);
			assert.deepEqual(assertionTimeFindings({ iat: String(T0 - 4000), exp: T0 + 600 }, NOW), []);
			// nbf beyond the tolerance already gives the error: no second finding for iat
			assert.deepEqual(codes(assertionTimeFindings({ nbf: T0 + SKEW + 1, iat: T0 + SKEW + 1, exp: T0 + SKEW + 601 }, NOW)), ['AADSTS700024']);
			// nbf within the tolerance: iat far ahead still gets its warning
			assert.deepEqual(codes(assertionTimeFindings({ nbf: T0 + SKEW, iat: T0 + SKEW + 1, exp: T0 + SKEW + 600 }, NOW)), ['assertion-iat-future', 'assertion-nbf-ahead']);
		});

		it('lifetime: 10 minutes is fine, longer is information, over an hour a warning', () => {
			assert.deepEqual(assertionTimeFindings({ nbf: T0, exp: T0 + 600 }, NOW), []);
			const longer = one(assertionTimeFindings({ nbf: T0, exp: T0 + 601 }, NOW), 'assertion-long-lifetime');
			assert.equal(longer.severity, 'info');
			assert.match(longer.message, /valid for 10 min/);
			assert.match(longer.fix, /10-minute/);
			assert.equal(one(assertionTimeFindings({ nbf: T0, exp: T0 + 3600 }, NOW), 'assertion-long-lifetime').severity, 'info');
			const hours = one(assertionTimeFindings({ nbf: T0, exp: T0 + 3601 }, NOW), 'assertion-long-lifetime');
			assert.equal(hours.severity, 'warning');
			assert.match(hours.message, /valid for 1 h/);
		});

		it('lifetime counts from iat when there is no nbf, and from nbf when both are there', () => {
			assert.equal(one(assertionTimeFindings({ iat: T0, exp: T0 + 7200 }, NOW), 'assertion-long-lifetime').severity, 'warning');
			assert.deepEqual(assertionTimeFindings({ nbf: T0, iat: T0 - 7200, exp: T0 + 600 }, NOW), []);
			assert.deepEqual(assertionTimeFindings({ exp: T0 + 7200 }, NOW), []);
		});

		it('exp not after the start is AADSTS700024 naming the claim it was compared with', () => {
			const nbf = one(assertionTimeFindings({ nbf: T0, exp: T0 }, NOW), 'AADSTS700024');
			assert.equal(nbf.severity, 'error');
			assert.match(nbf.message, /^exp \(2026-03-01T12:00:00Z\) is not after nbf \(2026-03-01T12:00:00Z\)/);
			assert.match(nbf.fix, /exp later than nbf/);
			const iat = one(assertionTimeFindings({ iat: T0 + 10, exp: T0 + 9 }, NOW), 'AADSTS700024');
			assert.match(iat.message, /is not after iat \(2026-03-01T12:00:10Z\)/);
			assert.deepEqual(assertionTimeFindings({ nbf: T0, exp: T0 + 1 }, NOW), []);
		});
	});

	describe('statedTimeFindings', () => {
		const current = at(T0);
		it('needs the current time and at least one assertion time', () => {
			assert.deepEqual(statedTimeFindings({ validFrom: at(T0 + 3600), expiry: at(T0 - 3600) }), []);
			assert.deepEqual(statedTimeFindings({ current }), []);
			assert.deepEqual(statedTimeFindings({ current }, { exp: T0 - 50 }), []);
		});

		it('a start time after Entra\'s clock: how far ahead, and a clock fix when it is no time zone', () => {
			assert.deepEqual(statedTimeFindings({ current, validFrom: current }), []);
			const f = one(statedTimeFindings({ current, validFrom: at(T0 + 125) }), 'assertion-clock-ahead');
			assert.equal(f.severity, 'error');
			assert.match(f.message, /^Entra's clock read 2026-03-01T12:00:00.000Z and the assertion was valid only from 2026-03-01T12:02:05.000Z/);
			assert.match(f.message, /2 min ahead of Entra's clock/);
			assert.match(f.message, /The code that signed it's clock is 2 min fast/);
			assert.match(f.fix, /NTP/);
			const tz = one(statedTimeFindings({ current, validFrom: at(T0 + 7200) }), 'assertion-clock-ahead');
			assert.match(tz.message, /2 hours almost exactly/);
			assert.match(tz.fix, /UTC/);
			assert.doesNotMatch(tz.fix, /NTP/);
		});

		it('an expiry before Entra\'s clock: reused within a day, or the whole lifetime shifted by a time zone', () => {
			assert.deepEqual(statedTimeFindings({ current, expiry: current }), []);
			const reused = one(statedTimeFindings({ current, validFrom: at(T0 - 900), expiry: at(T0 - 300) }), 'assertion-clock-behind');
			assert.equal(reused.severity, 'error');
			assert.match(reused.message, /^Entra's clock read 2026-03-01T12:00:00.000Z and the assertion expired at 2026-03-01T11:55:00.000Z, 5 min earlier\./);
			assert.match(reused.message, /Its lifetime was 10 min/);
			assert.match(reused.message, /clock is 5 min slow/);
			assert.match(reused.fix, /new assertion for every token request/);
			// no start time: nothing to say about its lifetime
			const noStart = one(statedTimeFindings({ current, expiry: at(T0 - 300) }), 'assertion-clock-behind');
			assert.match(noStart.message, /reused long after it was made, or the signing clock is wrong/);
			// the assertion's whole window one hour behind Entra's clock: a time zone, read from the start time
			const tz = one(statedTimeFindings({ current, validFrom: at(T0 - 3600), expiry: at(T0 - 3000) }), 'assertion-clock-behind');
			assert.match(tz.message, /about 1 hour behind Entra's clock: a time-zone offset/);
			assert.match(tz.fix, /UTC/);
			// without a start time the lateness itself is compared with whole hours
			const tzLate = one(statedTimeFindings({ current, expiry: at(T0 - 7200) }), 'assertion-clock-behind');
			assert.match(tzLate.message, /about 2 hours behind/);
		});

		it('an expiry a day or more late, or a non-positive lifetime, is not called a reused assertion', () => {
			const longAgo = one(statedTimeFindings({ current, validFrom: at(T0 - 86400 - 7 * 60 - 600), expiry: at(T0 - 86400 - 7 * 60) }), 'assertion-clock-behind');
			assert.doesNotMatch(longAgo.message, /lifetime was/);
			assert.match(longAgo.message, /reused long after/);
			const justUnderDay = one(statedTimeFindings({ current, validFrom: at(T0 - 86399 - 600), expiry: at(T0 - 86399) }), 'assertion-clock-behind');
			assert.match(justUnderDay.message, /lifetime was 10 min/);
			const aDay = one(statedTimeFindings({ current, validFrom: at(T0 - 87000), expiry: at(T0 - 86400) }), 'assertion-clock-behind');
			assert.match(aDay.message, /reused long after/);
			const backwards = one(statedTimeFindings({ current, validFrom: at(T0 - 420), expiry: at(T0 - 420) }), 'assertion-clock-behind');
			assert.doesNotMatch(backwards.message, /lifetime was/);
		});

		it('the assertion in the text against the expiry Entra read: one second apart is the same one', () => {
			const times = { current, validFrom: at(T0 - 900), expiry: at(T0 - 300) };
			const same = statedTimeFindings(times, { exp: T0 - 299 });
			assert.deepEqual(codes(same), ['assertion-clock-behind']);
			const other = one(statedTimeFindings(times, { exp: T0 - 302 }), 'assertion-not-the-one-sent');
			assert.equal(other.severity, 'warning');
			assert.match(other.message, /Entra read an expiry of 2026-03-01T11:55:00.000Z, but the assertion in this text expires at 2026-03-01T11:54:58Z/);
			assert.match(other.fix, /new assertion/);
			assert.equal(one(statedTimeFindings(times, { exp: T0 + 100 }), 'assertion-not-the-one-sent').severity, 'warning');
			assert.deepEqual(codes(statedTimeFindings(times, { exp: String(T0 + 100) })), ['assertion-clock-behind']);
			assert.deepEqual(codes(statedTimeFindings({ current, validFrom: at(T0 + 125) }, { exp: T0 + 9999 })), ['assertion-clock-ahead']);
		});
	});
});
