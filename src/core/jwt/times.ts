/**
 * JWT numeric dates (RFC 7519 §2: seconds since the epoch) as UTC text and "expires in 4 min" phrases,
 * and the time status of a token. Pure: the caller passes `now`.
 */

/** Claims whose value is a NumericDate (seconds since 1970-01-01T00:00:00Z). */
/**
 * The clock difference the kit tolerates between the machine that made a token and the one that checks it.
 * Entra's own tolerance is undocumented; 300 s is the default of Microsoft.IdentityModel's validators (and of
 * most JWT libraries), so a time within it is never reported as an error.
 */
export const CLOCK_SKEW_SECONDS = 300;

export const TIME_CLAIMS: readonly string[] = Object.freeze(['iat', 'nbf', 'exp', 'auth_time', 'xms_tcdt', 'pwd_exp', 'updated_at', 'refresh_token_expires_in_at']);

export interface DescribedTime {
	/** ISO 8601 UTC, e.g. '2026-11-05T10:00:00.000Z'. */
	utc: string;
	/** Relative to now: 'in 4 min', '3 h ago'. For `exp`: 'expires in 4 min' / 'expired 3 h ago'. */
	relative: string;
}

/** A duration in seconds as '4 min', '3 h', '2 days' (rounded down to the largest unit; '0 s' for 0). */
export function formatDuration(seconds: number): string {
	const s = Math.floor(Math.abs(seconds));
	if (s < 60) {
		return `${s} s`;
	}
	if (s < 3600) {
		return `${Math.floor(s / 60)} min`;
	}
	if (s < 86400) {
		return `${Math.floor(s / 3600)} h`;
	}
	const days = Math.floor(s / 86400);
	if (days < 365) {
		return days === 1 ? '1 day' : `${days} days`;
	}
	const years = Math.floor(days / 365);
	return years === 1 ? '1 year' : `${years} years`;
}

/**
 * A NumericDate as UTC and relative to `now`. With `claim: 'exp'` the phrase says "expires"/"expired".
 *
 * @example
 * describeTime(1_700_000_240, new Date(1_700_000_000_000), 'exp'); // { utc: '2023-11-14T22:17:20.000Z', relative: 'expires in 4 min' }
 * describeTime(1_699_999_700, new Date(1_700_000_000_000));        // { utc: '2023-11-14T22:08:20.000Z', relative: '5 min ago' }
 */
export function describeTime(seconds: number, now: Date, claim?: string): DescribedTime {
	const ms = seconds * 1000;
	const date = new Date(ms);
	const utc = Number.isFinite(ms) && !Number.isNaN(date.getTime()) ? date.toISOString() : 'invalid date';
	const delta = seconds - now.getTime() / 1000;
	const span = formatDuration(delta);
	let relative: string;
	if (utc === 'invalid date') {
		relative = 'not a date';
	} else if (Math.abs(delta) < 1) {
		relative = claim === 'exp' ? 'expires now' : 'now';
	} else if (claim === 'exp') {
		relative = delta > 0 ? `expires in ${span}` : `expired ${span} ago`;
	} else {
		relative = delta > 0 ? `in ${span}` : `${span} ago`;
	}
	return { utc, relative };
}

export type TimeState = 'valid' | 'expired' | 'not-yet-valid' | 'no-exp';

export interface TimeStatus {
	/** 'no-exp' when the token has no numeric `exp` (and is not before its `nbf`). */
	status: TimeState;
	/** One sentence for people. */
	detail: string;
	exp?: DescribedTime;
	nbf?: DescribedTime;
	iat?: DescribedTime;
	/** Seconds until exp (negative when expired). */
	secondsToExpiry?: number;
	skewSeconds: number;
}

function num(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Whether a token is valid at `now`, allowing `skewSeconds` of clock difference either way (default 300,
 * the usual validator default). `exp` is checked first, then `nbf`.
 *
 * @example
 * timeStatus({ exp: 1_700_000_600, nbf: 1_700_000_000 }, new Date(1_700_000_100_000)).status; // 'valid'
 */
export function timeStatus(payload: Record<string, unknown>, now: Date, skewSeconds = CLOCK_SKEW_SECONDS): TimeStatus {
	const t = now.getTime() / 1000;
	const exp = num(payload.exp);
	const nbf = num(payload.nbf);
	const iat = num(payload.iat);
	const base: TimeStatus = { status: 'valid', detail: '', skewSeconds };
	if (exp !== undefined) {
		base.exp = describeTime(exp, now, 'exp');
		base.secondsToExpiry = Math.round(exp - t);
	}
	if (nbf !== undefined) {
		base.nbf = describeTime(nbf, now, 'nbf');
	}
	if (iat !== undefined) {
		base.iat = describeTime(iat, now, 'iat');
	}
	if (exp !== undefined && t > exp + skewSeconds) {
		return { ...base, status: 'expired', detail: `The token expired at ${base.exp?.utc} (${base.exp?.relative}); get a new one.` };
	}
	if (nbf !== undefined && t < nbf - skewSeconds) {
		return { ...base, status: 'not-yet-valid', detail: `The token is not valid before ${base.nbf?.utc} (${base.nbf?.relative}); check the clock of the machine that issued or is checking it.` };
	}
	if (exp === undefined) {
		return { ...base, status: 'no-exp', detail: payload.exp === undefined ? 'The token has no exp claim, so it never expires by itself.' : 'The token\'s exp claim is not a number of seconds, so no expiry can be read.' };
	}
	const within = t > exp ? ` (expired ${formatDuration(t - exp)} ago, within the ${skewSeconds} s clock-skew allowance)` : ` (${base.exp?.relative})`;
	return { ...base, status: 'valid', detail: `The token is within its validity period${within}.` };
}
