/**
 * Finding JWTs in arbitrary text and decoding them (no signature check: see verify.ts).
 * Compact JWS = three base64url parts whose header is a JSON object with `alg`; compact JWE = five parts
 * whose header also has `enc` (RFC 7516 §7.1), recognised but not readable.
 */
import { CoreError } from '../errors';
import { base64urlDecode, utf8 } from '../encoding';

/** A JWT found in a larger text. `start`/`end` are character offsets of the token itself (end exclusive). */
export interface FoundJwt {
	start: number;
	end: number;
	token: string;
	kind: 'jws' | 'jwe';
}

/** A decoded (not verified) compact JWS. */
export interface DecodedJwt {
	/** The token as decoded, without any `Bearer ` prefix, quotes or whitespace. */
	token: string;
	header: Record<string, unknown>;
	payload: Record<string, unknown>;
	/** The signature segment, still base64url. */
	signature: string;
	segments: [string, string, string];
}

/** How far around the cursor findJwtAt looks; tokens are rarely over a few KiB. */
export const JWT_WINDOW = 16 * 1024;

// Maximal runs of token characters: one character class, so matching never backtracks (linear time).
const CANDIDATE = /[A-Za-z0-9_.-]+/g;
const TOKEN_CHAR = /[A-Za-z0-9_.-]/;
const PART_NAMES = ['header', 'payload', 'signature'] as const;

/** The JOSE header of a base64url segment when it is a JSON object with a string `alg`, else undefined. */
function joseHeader(segment: string): { alg: string; enc?: unknown } | undefined {
	try {
		const v = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as { alg?: unknown } | null;
		// null, arrays, strings and numbers have no string `alg`
		return typeof v?.alg === 'string' ? (v as { alg: string; enc?: unknown }) : undefined;
	} catch {
		// not base64url of JSON: no header
	}
	return undefined;
}

/** Classifies a dotted candidate of 3 or 5 parts (token characters only): a JWS, a JWE, or nothing. */
function classify(candidate: string): 'jws' | 'jwe' | undefined {
	const parts = candidate.split('.');
	// unpadded base64url never has 4k+1 characters
	if (parts.some((p) => p.length % 4 === 1)) {
		return undefined;
	}
	const header = joseHeader(parts[0]);
	if (!header) {
		return undefined;
	}
	if (parts.length === 5) {
		return typeof header.enc === 'string' ? 'jwe' : undefined;
	}
	return 'jws';
}

/**
 * Every compact JWS or JWE in `text`, in order. Tolerates anything around a token: a `Bearer ` prefix,
 * quotes, JSON, a URL query or fragment (`access_token=…&`), prose with a full stop after it.
 *
 * @example
 * findJwts('Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
 * // [{ start: 22, end: 63, token: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', kind: 'jws' }]
 */
export function findJwts(text: string): FoundJwt[] {
	const found: FoundJwt[] = [];
	const re = new RegExp(CANDIDATE.source, 'g');
	for (let m = re.exec(text); m !== null; m = re.exec(text)) {
		const run = m[0];
		// Leading dots ('...eyJ') are not part of a token.
		let from = 0;
		while (run.charCodeAt(from) === 0x2e) {
			from++;
		}
		let to = run.length;
		let parts = 1;
		for (let i = from; i < to; i++) {
			if (run.charCodeAt(i) === 0x2e) {
				parts++;
			}
		}
		// A sentence's full stop (or an ellipsis) after a token is not part of it.
		while (parts > 3 && run.charCodeAt(to - 1) === 0x2e) {
			to--;
			parts--;
		}
		if (parts !== 3 && parts !== 5) {
			continue;
		}
		const candidate = run.slice(from, to);
		const start = m.index + from;
		const kind = classify(candidate);
		if (kind) {
			found.push({ start, end: start + candidate.length, token: candidate, kind });
		}
	}
	return found;
}

/**
 * The JWT under `character` in one line of text (for hovers). Looks only at a window of
 * ±{@link JWT_WINDOW} characters around the position, so the cost does not grow with the line.
 *
 * @example
 * findJwtAt('"id_token": "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."', 20)?.token;
 * // 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'
 */
export function findJwtAt(lineText: string, character: number): FoundJwt | undefined {
	// a cursor outside the line is outside every token: the start/end test below returns undefined for it
	const from = Math.max(0, character - JWT_WINDOW);
	const to = Math.min(lineText.length, character + JWT_WINDOW);
	const window = lineText.slice(from, to);
	for (const f of findJwts(window)) {
		const start = f.start + from;
		const end = f.end + from;
		// A token cut by the window edge is not a whole token.
		if ((f.start === 0 && from > 0 && TOKEN_CHAR.test(lineText[from - 1])) || (f.end === window.length && to < lineText.length && TOKEN_CHAR.test(lineText[to]))) {
			continue;
		}
		if (start <= character && character <= end) {
			return { ...f, start, end };
		}
	}
	return undefined;
}

/** Removes what people paste around a token: whitespace, quotes, `Authorization:`, `Bearer `. */
export function stripTokenDecorations(text: string): string {
	let t = text.trim();
	// until nothing changes: every round that changes t shortens it
	for (;;) {
		const before = t;
		t = t.replace(/^authorization\s*:\s*/i, '').replace(/^bearer\s+/i, '').trim();
		if (t.length >= 2 && /^["'`]/.test(t) && t[t.length - 1] === t[0]) {
			t = t.slice(1, -1).trim();
		}
		if (t === before) {
			break;
		}
	}
	// Line-wrapped tokens (copied from a terminal or an email) have whitespace inside.
	return /^[A-Za-z0-9_.\s-]+$/.test(t) ? t.replace(/\s/g, '') : t;
}

/**
 * Decodes a compact JWS without checking its signature. Strips a `Bearer ` prefix, quotes and whitespace.
 * Throws CoreError 'ERR_JWT_MALFORMED' naming the broken part, or 'ERR_JWT_ENCRYPTED' for a JWE.
 *
 * @example
 * const d = decodeJwt('Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln');
 * d.header.alg;  // 'RS256'
 * d.payload.sub; // 'x'
 * d.signature;   // 'c2ln'
 */
export function decodeJwt(token: string): DecodedJwt {
	const t = stripTokenDecorations(token);
	if (t.length === 0) {
		throw new CoreError('ERR_INPUT_EMPTY', 'The token is empty; paste a JWT (three base64url parts separated by dots).');
	}
	const parts = t.split('.');
	if (parts.length === 5) {
		throw new CoreError('ERR_JWT_ENCRYPTED', 'This is an encrypted token (JWE, 5 parts); only its recipient can read it.');
	}
	if (parts.length !== 3) {
		throw new CoreError(
			'ERR_JWT_MALFORMED',
			`A JWT has three parts separated by dots; this has ${parts.length} — was it cut off when copied?`,
		);
	}
	const decoded: Record<string, unknown>[] = [];
	for (let i = 0; i < 3; i++) {
		const what = `The token's ${PART_NAMES[i]} (part ${i + 1})`;
		let bytes: Uint8Array;
		try {
			bytes = base64urlDecode(parts[i], PART_NAMES[i]);
		} catch (e) {
			throw new CoreError('ERR_JWT_MALFORMED', `${what} is not valid base64url; copy the token again without extra characters or line breaks.`, { cause: e });
		}
		if (i < 2) {
			// header and payload are JSON objects; the signature is only bytes
			let value: unknown;
			try {
				value = JSON.parse(utf8(bytes));
			} catch (e) {
				throw new CoreError('ERR_JWT_MALFORMED', `${what} is not JSON; check that the whole token was copied and that it is a JWT.`, { cause: e });
			}
			if (value === null || typeof value !== 'object' || Array.isArray(value)) {
				throw new CoreError('ERR_JWT_MALFORMED', `${what} is JSON but not an object; a JWT's ${PART_NAMES[i]} must be a JSON object.`);
			}
			decoded.push(value as Record<string, unknown>);
		}
	}
	return { token: t, header: decoded[0], payload: decoded[1], signature: parts[2], segments: [parts[0], parts[1], parts[2]] };
}
