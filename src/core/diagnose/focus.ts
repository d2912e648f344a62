/**
 * A large pasted log holds its error in a few lines. Above FOCUS_THRESHOLD characters, diagnose reads only the
 * lines that can carry something it explains (an error, a token, a request parameter, a certificate message),
 * with a little context around each, so its cost follows those lines rather than the log's size. One linear
 * pass of one regular expression finds them.
 */

/** Inputs larger than this (characters) are focused. A manifest or a single token is checked before focusing. */
export const FOCUS_THRESHOLD = 256 * 1024;

/** Lines around each interesting line that are kept (a stack trace, a wrapped message). */
const CONTEXT_LINES = 3;

/** Words that make a line worth reading. Deliberately generous: a kept line costs little, a dropped one a diagnosis. */
const INTERESTING = /AADSTS|error|exception|fail|invalid|denied|unauthori[sz]ed|forbidden|refused|IDX\d|IDW\d|certificate|private key|BEGIN |\bpem\b|\.pfx|pkcs|keyset|password|secret|token|assertion|grant_type|client_id|scope|tenant|authority|redirect|thumbprint|consent|eyJ|trace id|correlation id|federated|issuer|audience|openssl|crypt|x5t|login\.|oauth2/gi;

/** Lines that name a failure outright: kept first when the interesting lines exceed the threshold. */
const STRONG = /AADSTS\d|IDX\d|IDW\d|error|exception|fail|denied|BEGIN |eyJ/i;

/**
 * The text itself when it is small, else its interesting lines (with context) joined in order, and whether it
 * was cut. Offsets into a focused text are not offsets into the input.
 * @example
 * focusText(hugeLog).text; // the handful of lines around 'AADSTS700027: …'
 */
export function focusText(text: string): { text: string; focused: boolean } {
	if (text.length <= FOCUS_THRESHOLD) {
		return { text, focused: false };
	}
	const starts: number[] = [];
	INTERESTING.lastIndex = 0;
	for (let m = INTERESTING.exec(text); m; m = INTERESTING.exec(text)) {
		// Each hit is on a new line: after one, the search jumps to the next line (one hit per line is enough).
		starts.push(text.lastIndexOf('\n', m.index) + 1);
		const next = text.indexOf('\n', m.index);
		if (next < 0) {
			break;
		}
		INTERESTING.lastIndex = next + 1;
	}
	if (starts.length === 0) {
		return { text: text.slice(0, FOCUS_THRESHOLD), focused: true };
	}
	// Lines that name a failure first, then the others; each widened by CONTEXT_LINES either side, within the threshold.
	const isStrong = (start: number) => {
		const end = text.indexOf('\n', start);
		return STRONG.test(text.slice(start, end < 0 ? text.length : end));
	};
	const strong = starts.filter(isStrong);
	const weak = starts.filter((x) => !isStrong(x));
	const kept: { from: number; to: number }[] = [];
	let size = 0;
	for (const s of [...strong, ...weak]) {
		if (size >= FOCUS_THRESHOLD) {
			break;
		}
		// At the text's start (end) the search finds no newline and the range stays put: no bound check is needed.
		let from = s;
		for (let i = 0; i < CONTEXT_LINES; i++) {
			from = text.lastIndexOf('\n', from - 2) + 1;
		}
		let to = s;
		for (let i = 0; i <= CONTEXT_LINES; i++) {
			const nl = text.indexOf('\n', to);
			to = nl < 0 ? text.length : nl + 1;
		}
		to = Math.min(to, from + FOCUS_THRESHOLD - size);
		kept.push({ from, to });
		size += to - from;
	}
	// In text order, overlapping ranges merged so that no line appears twice.
	kept.sort((a, b) => a.from - b.from);
	let out = '';
	let end = 0;
	for (const r of kept) {
		const from = Math.max(r.from, end);
		if (r.to > from) {
			out += text.slice(from, r.to);
			end = r.to;
		}
	}
	return { text: out, focused: true };
}
