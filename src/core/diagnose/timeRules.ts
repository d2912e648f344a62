/**
 * Time rules: a client assertion's nbf / exp / iat against a clock, with the tolerance the kit states
 * (CLOCK_SKEW_SECONDS), and the times an AADSTS700024 / 500133 error states against each other and against the
 * assertion, to say whose clock is off and by how much.
 *
 * A fresh assertion is never an error: msal-node rounds nbf to the nearest second and two machines' clocks
 * differ by seconds, so a time ahead or behind by less than the tolerance is reported as information only.
 */
import type { Finding } from '../findings';
import { CLOCK_SKEW_SECONDS, formatDuration } from '../jwt/times';

export { CLOCK_SKEW_SECONDS };

/** The times an error text states (700024: "Current time: …, assertion valid from …, expiry time of assertion …"). */
export interface StatedTimes {
	/** The server's clock when it refused the request. */
	current?: Date;
	/** nbf (or iat) as the server read it from the assertion. */
	validFrom?: Date;
	/** exp as the server read it. */
	expiry?: Date;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/**
 * When an offset is within two minutes of a whole number of hours (or half hours, as India's +5:30), it is a
 * time-zone offset: local time sent as UTC, or UTC converted twice.
 */
export function timeZoneOffset(seconds: number): string | undefined {
	const abs = Math.abs(seconds);
	if (abs < 50 * 60) {
		return undefined;
	}
	const halfHours = Math.round(abs / 1800);
	if (Math.abs(abs - halfHours * 1800) > 120 || halfHours > 28) {
		return undefined;
	}
	const h = Math.floor(halfHours / 2);
	return halfHours % 2 === 0 ? `${h} hour${h === 1 ? '' : 's'}` : `${h}:30 hours`;
}

/** `offsetSeconds`: how far (> 0) the signer's time is ahead of the clock it is compared with. */
function clockAdvice(offsetSeconds: number, whose: string): string {
	const tz = timeZoneOffset(offsetSeconds);
	return tz
		? `That is ${tz} almost exactly: a time-zone offset. ${whose} built the times from local time and sent them as UTC (or converted UTC twice).`
		: `${whose}'s clock is ${formatDuration(offsetSeconds)} fast, or the assertion was made that long before it was used.`;
}

/**
 * An assertion's times against `now` (the clock of the machine the kit runs on, or the time the error states).
 * `clockName` names that clock in the messages.
 */
export function assertionTimeFindings(payload: Record<string, unknown>, now: Date, clockName = "this machine's clock"): Finding[] {
	const out: Finding[] = [];
	const n = now.getTime() / 1000;
	const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
	const nbf = typeof payload.nbf === 'number' ? payload.nbf : undefined;
	const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
	const skew = CLOCK_SKEW_SECONDS;
	if (exp === undefined) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: payload.exp === undefined ? 'The assertion has no exp claim.' : `exp is ${JSON.stringify(payload.exp)}, not a number of seconds since 1970.`, fix: 'Add exp = now + 600, in seconds since 1970 (UTC), as every MSAL does.' });
	} else if (exp < n - skew) {
		const ago = n - exp;
		out.push({
			severity: 'error',
			code: 'AADSTS700024',
			message: `The assertion expired at ${iso(exp)}, ${formatDuration(ago)} before ${now.toISOString()} (${clockName}), beyond the ${skew} s tolerance the kit allows for clock differences.${ago > 86400 ? ' If this assertion comes from an old log, that is only its age: compare it with the time of the failed request instead.' : ''}`,
			fix: 'Sign a fresh assertion for each request (nbf = now, exp = now + 600, in UTC seconds) instead of reusing a cached one; check the clock and time-zone handling of the code that builds it.',
		});
	} else if (exp < n) {
		out.push({ severity: 'info', code: 'assertion-just-expired', message: `The assertion expired ${formatDuration(n - exp)} ago by ${clockName}: within the ${skew} s clock-difference tolerance, but it will not stay usable.`, fix: 'Sign a new assertion before each request, or at least before the old one expires.' });
	}
	if (nbf !== undefined) {
		const ahead = nbf - n;
		if (ahead > skew) {
			out.push({
				severity: 'error',
				code: 'AADSTS700024',
				message: `The assertion is not valid before ${iso(nbf)}: ${formatDuration(ahead)} ahead of ${clockName} (${now.toISOString()}), beyond the ${skew} s tolerance. ${clockAdvice(ahead, 'The code that signed it')}`,
				fix: 'Set nbf to the current UTC time in seconds since 1970 (or omit nbf) and exp 10 minutes later; never add a local time-zone offset.',
			});
		} else if (ahead > 0) {
			out.push({
				severity: 'info',
				code: 'assertion-nbf-ahead',
				message: `nbf is ${formatDuration(ahead)} ahead of ${clockName}: within the ${skew} s tolerance for clock differences (msal-node rounds nbf to the nearest second, and clocks differ by seconds). Not a problem. Entra's exact tolerance is undocumented.`,
				fix: 'Nothing to fix; if Entra answers AADSTS700024, compare the "Current time" in its message with your clock.',
			});
		}
	} else if (payload.nbf !== undefined) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: `nbf is ${JSON.stringify(payload.nbf)}, not a number of seconds since 1970.`, fix: 'Send nbf as a number (seconds since 1970, UTC), or omit it.' });
	}
	if (iat !== undefined && iat - n > skew && !(nbf !== undefined && nbf - n > skew)) {
		out.push({ severity: 'warning', code: 'assertion-iat-future', message: `iat is ${formatDuration(iat - n)} ahead of ${clockName}. ${clockAdvice(iat - n, 'The code that signed it')}`, fix: 'Set iat to the current UTC time in seconds since 1970.' });
	}
	const start = nbf ?? iat;
	if (exp !== undefined && start !== undefined) {
		const life = exp - start;
		if (life > 600) {
			out.push({
				severity: life > 3600 ? 'warning' : 'info',
				code: 'assertion-long-lifetime',
				message: `The assertion is valid for ${formatDuration(life)}. The docs recommend 5–10 minutes, and also say Entra "doesn't place restrictions on the exp time currently".`,
				fix: 'Use a 10-minute lifetime (exp = nbf + 600), as MSAL does.',
			});
		} else if (life <= 0) {
			out.push({ severity: 'error', code: 'AADSTS700024', message: `exp (${iso(exp)}) is not after ${nbf !== undefined ? 'nbf' : 'iat'} (${iso(start)}).`, fix: 'Set exp later than nbf: nbf = now, exp = now + 600.' });
		}
	}
	return out;
}

/**
 * The times an error states, read against each other: whose clock is off, and by how much. With the assertion
 * (when the same text carries it), also whether Entra read the assertion that the user thinks was sent.
 */
export function statedTimeFindings(times: StatedTimes, assertion?: Record<string, unknown>): Finding[] {
	const out: Finding[] = [];
	const { current, validFrom, expiry } = times;
	if (!current) {
		return out;
	}
	const cur = current.getTime() / 1000;
	if (validFrom && validFrom.getTime() / 1000 > cur) {
		const ahead = validFrom.getTime() / 1000 - cur;
		out.push({
			severity: 'error',
			code: 'assertion-clock-ahead',
			message: `Entra's clock read ${current.toISOString()} and the assertion was valid only from ${validFrom.toISOString()}: the assertion's start time is ${formatDuration(ahead)} ahead of Entra's clock. ${clockAdvice(ahead, 'The code that signed it')}`,
			fix: timeZoneOffset(ahead) ? 'Build nbf/exp from UTC (e.g. Math.floor(Date.now() / 1000), DateTimeOffset.UtcNow), not from local time.' : "Synchronise the signing machine's clock (NTP), and set nbf to now (or omit it).",
		});
	}
	if (expiry && expiry.getTime() / 1000 < cur) {
		const late = cur - expiry.getTime() / 1000;
		const life = validFrom ? (expiry.getTime() - validFrom.getTime()) / 1000 : undefined;
		// Made "now" in the wrong zone, the assertion starts one offset before Entra's clock: cur - validFrom.
		const tz = timeZoneOffset(validFrom ? cur - validFrom.getTime() / 1000 : late);
		out.push({
			severity: 'error',
			code: 'assertion-clock-behind',
			message: `Entra's clock read ${current.toISOString()} and the assertion expired at ${expiry.toISOString()}, ${formatDuration(late)} earlier.${
				tz
					? ` The assertion's times are about ${tz} behind Entra's clock: a time-zone offset (local time sent as UTC, or UTC converted twice).`
					: life !== undefined && life > 0 && late < 86400
						? ` Its lifetime was ${formatDuration(life)}: it was used after it expired (a cached assertion reused, or a process that signed once at start-up), or the signing machine's clock is ${formatDuration(late)} slow.`
						: ' Either the assertion was reused long after it was made, or the signing clock is wrong.'
			}`,
			fix: tz ? 'Build nbf/exp from UTC, not from local time.' : 'Sign a new assertion for every token request (MSAL does this for you); check the signing machine\'s clock.',
		});
	}
	if (assertion) {
		const exp = typeof assertion.exp === 'number' ? assertion.exp : undefined;
		if (exp !== undefined && expiry && Math.abs(exp - expiry.getTime() / 1000) > 1) {
			out.push({ severity: 'warning', code: 'assertion-not-the-one-sent', message: `Entra read an expiry of ${expiry.toISOString()}, but the assertion in this text expires at ${iso(exp)}: the request that failed carried another assertion (an older, cached one).`, fix: 'Make sure each request signs and sends a new assertion.' });
		}
	}
	return out;
}
