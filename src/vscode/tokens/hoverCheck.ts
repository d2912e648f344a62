/**
 * The hover's cheap checks, part of the activation bundle: is there a JWT or a thumbprint-like word under the mouse
 * at all? Only a bounded window of the hovered line is examined, so the cost does not grow with the line; when the
 * answer is no, nothing else loads.
 */
export { findJwtAt } from '../../core/jwt/decode';

/** How far either side of the mouse a thumbprint-like word is looked for. */
const THUMB_WINDOW = 256;

/** The thumbprint-like word at the character: 40/64/60/80 hex (colons allowed), 27/43 base64url, 28 base64. */
export function thumbprintWordAt(line: string, character: number): { text: string; start: number; end: number } | undefined {
	const from = Math.max(0, character - THUMB_WINDOW);
	const to = Math.min(line.length, character + THUMB_WINDOW);
	const isWordChar = (c: string) => /[A-Za-z0-9_\-+/=:]/.test(c);
	let start = character;
	while (start > from && isWordChar(line[start - 1])) {
		start--;
	}
	let end = character;
	while (end < to && isWordChar(line[end])) {
		end++;
	}
	if ((start === from && from > 0) || (end === to && to < line.length) || end <= start) {
		return undefined;
	}
	const text = line.slice(start, end).replace(/^:+|:+$/g, '');
	const compact = text.replace(/:/g, '');
	const hexLike = /^[0-9a-fA-F]+$/.test(compact) && [40, 60, 64, 80].includes(compact.length);
	const b64Like = /^[A-Za-z0-9_-]{27}$|^[A-Za-z0-9_-]{43}$|^[A-Za-z0-9+/]{27}=$|^[A-Za-z0-9+/]{43}=$/.test(text);
	return hexLike || b64Like ? { text, start, end } : undefined;
}

