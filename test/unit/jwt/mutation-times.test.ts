/**
 * JWT times at their edges: the unit boundaries of "4 min" phrases, "expires now", the 300 s clock-skew allowance on
 * both sides of exp and nbf, and the two "no expiry" cases a user reads differently (no exp at all vs an exp that is
 * not a number). Expected values are worked out by hand from the epoch arithmetic, not taken from the code.
 */
import * as assert from 'node:assert/strict';
import { CLOCK_SKEW_SECONDS, describeTime, formatDuration, timeStatus } from '../../../src/core/jwt/times';

const T = 1_700_000_000; // 2023-11-14T22:13:20Z
const now = new Date(T * 1000);

describe('jwt times: durations at each unit boundary', () => {
	const cases: [number, string][] = [
		[0, '0 s'],
		[59, '59 s'],
		[59.9, '59 s'],
		[60, '1 min'],
		[119, '1 min'],
		[3599, '59 min'],
		[3600, '1 h'],
		[86399, '23 h'],
		[86400, '1 day'],
		[2 * 86400 - 1, '1 day'],
		[2 * 86400, '2 days'],
		[364 * 86400, '364 days'],
		[365 * 86400, '1 year'],
		[730 * 86400 - 1, '1 year'],
		[730 * 86400, '2 years'],
		[-90, '1 min'],
		[-7200, '2 h'],
	];
	for (const [s, want] of cases) {
		it(`${s} s reads '${want}'`, () => assert.equal(formatDuration(s), want));
	}
});

describe('jwt times: a date relative to now', () => {
	it('gives the UTC text of the NumericDate', () => {
		assert.equal(describeTime(T, now).utc, '2023-11-14T22:13:20.000Z');
		assert.equal(describeTime(0, now).utc, '1970-01-01T00:00:00.000Z');
	});
	it('future and past, with and without exp wording', () => {
		assert.deepEqual(describeTime(T + 240, now, 'exp'), { utc: '2023-11-14T22:17:20.000Z', relative: 'expires in 4 min' });
		assert.equal(describeTime(T - 3 * 3600, now, 'exp').relative, 'expired 3 h ago');
		assert.equal(describeTime(T + 240, now, 'nbf').relative, 'in 4 min');
		assert.equal(describeTime(T - 300, now).relative, '5 min ago');
		assert.equal(describeTime(T + 1, now).relative, 'in 1 s');
		assert.equal(describeTime(T - 1, now).relative, '1 s ago');
		assert.equal(describeTime(T + 1, now, 'exp').relative, 'expires in 1 s');
		assert.equal(describeTime(T - 1, now, 'exp').relative, 'expired 1 s ago');
	});
	it('under a second away is "now" ("expires now" for exp)', () => {
		assert.equal(describeTime(T, now).relative, 'now');
		assert.equal(describeTime(T + 0.5, now).relative, 'now');
		assert.equal(describeTime(T - 0.5, now).relative, 'now');
		assert.equal(describeTime(T, now, 'exp').relative, 'expires now');
		assert.equal(describeTime(T - 0.9, now, 'exp').relative, 'expires now');
	});
	it('a value that is no date says so instead of throwing', () => {
		for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e16]) {
			assert.deepEqual(describeTime(v, now, 'exp'), { utc: 'invalid date', relative: 'not a date' }, String(v));
		}
		// The largest date JavaScript holds is still a date.
		assert.equal(describeTime(8.64e12, now).utc, '+275760-09-13T00:00:00.000Z');
	});
});

describe('jwt times: token status with the clock-skew allowance', () => {
	it('the allowance is 300 s', () => assert.equal(CLOCK_SKEW_SECONDS, 300));

	it('exp: valid up to exactly 300 s past it, expired one second later', () => {
		const atEdge = timeStatus({ exp: T - 300 }, now);
		assert.equal(atEdge.status, 'valid');
		assert.match(atEdge.detail, /expired 5 min ago, within the 300 s clock-skew allowance/);
		assert.equal(atEdge.secondsToExpiry, -300);
		const past = timeStatus({ exp: T - 301 }, now);
		assert.equal(past.status, 'expired');
		assert.match(past.detail, /2023-11-14T22:08:19\.000Z/);
		assert.match(past.detail, /expired 5 min ago/);
		assert.match(past.detail, /get a new one/);
	});

	it('exp in the future: valid, the detail says when it expires', () => {
		const s = timeStatus({ exp: T + 3600, iat: T - 60 }, now);
		assert.equal(s.status, 'valid');
		assert.equal(s.secondsToExpiry, 3600);
		assert.match(s.detail, /\(expires in 1 h\)/);
		assert.doesNotMatch(s.detail, /allowance/);
		assert.deepEqual(s.exp, { utc: '2023-11-14T23:13:20.000Z', relative: 'expires in 1 h' });
		assert.deepEqual(s.iat, { utc: '2023-11-14T22:12:20.000Z', relative: '1 min ago' });
		assert.equal(s.nbf, undefined);
		assert.equal(s.skewSeconds, 300);
	});

	it('exactly at exp: still valid, and not called expired', () => {
		const s = timeStatus({ exp: T }, now);
		assert.equal(s.status, 'valid');
		assert.doesNotMatch(s.detail, /allowance/);
		assert.match(s.detail, /expires now/);
	});

	it('secondsToExpiry is rounded to whole seconds', () => {
		assert.equal(timeStatus({ exp: T + 10.6 }, now).secondsToExpiry, 11);
		assert.equal(timeStatus({ exp: T + 10.4 }, now).secondsToExpiry, 10);
	});

	it('nbf: valid from 300 s before it, not yet valid one second earlier', () => {
		assert.equal(timeStatus({ exp: T + 3600, nbf: T + 300 }, now).status, 'valid');
		const early = timeStatus({ exp: T + 3600, nbf: T + 301 }, now);
		assert.equal(early.status, 'not-yet-valid');
		assert.match(early.detail, /not valid before 2023-11-14T22:18:21\.000Z \(in 5 min\)/);
		assert.match(early.detail, /clock/);
		assert.deepEqual(early.nbf, { utc: '2023-11-14T22:18:21.000Z', relative: 'in 5 min' });
	});

	it('exp is checked before nbf: a token both expired and not yet valid is expired', () => {
		assert.equal(timeStatus({ exp: T - 1000, nbf: T + 1000 }, now).status, 'expired');
	});

	it('a not-yet-valid token without exp is not-yet-valid, not "no-exp"', () => {
		assert.equal(timeStatus({ nbf: T + 1000 }, now).status, 'not-yet-valid');
	});

	it('no exp at all and an exp that is not a number are told apart', () => {
		const none = timeStatus({}, now);
		assert.equal(none.status, 'no-exp');
		assert.match(none.detail, /no exp claim/);
		assert.equal(none.exp, undefined);
		assert.equal(none.secondsToExpiry, undefined);
		for (const exp of ['1700000000', Number.NaN, Number.POSITIVE_INFINITY, null]) {
			const bad = timeStatus({ exp }, now);
			assert.equal(bad.status, 'no-exp', String(exp));
			assert.match(bad.detail, /not a number/, String(exp));
			assert.equal(bad.exp, undefined);
		}
	});

	it('non-numeric nbf and iat are ignored, not described', () => {
		const s = timeStatus({ exp: T + 60, nbf: 'soon', iat: 'earlier' }, now);
		assert.equal(s.status, 'valid');
		assert.equal(s.nbf, undefined);
		assert.equal(s.iat, undefined);
	});

	it('a caller-chosen allowance is used and reported', () => {
		const strict = timeStatus({ exp: T - 1 }, now, 0);
		assert.equal(strict.status, 'expired');
		assert.equal(strict.skewSeconds, 0);
		const loose = timeStatus({ exp: T - 500 }, now, 600);
		assert.equal(loose.status, 'valid');
		assert.match(loose.detail, /within the 600 s clock-skew allowance/);
		assert.equal(timeStatus({ exp: T + 60, nbf: T + 10 }, now, 0).status, 'not-yet-valid');
		assert.equal(timeStatus({ exp: T + 60, nbf: T + 10 }, now, 10).status, 'valid');
	});
});
