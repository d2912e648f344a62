/**
 * Byte encodings used across the core. One place, so that no module writes its own base64url or hex.
 * Decoders are strict: they throw a CoreError rather than silently truncating (Node's
 * `Buffer.from('AB:CD', 'hex')` stops at the first non-hex character and returns one byte).
 */
import { CoreError } from './errors';

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const B64URL = /^[A-Za-z0-9_-]*$/;
const B64STD = /^[A-Za-z0-9+/]*={0,2}$/;

/** Hex of the bytes; uppercase by default, as the Entra portal shows thumbprints. */
export function toHex(bytes: Uint8Array, upper = true): string {
	const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
	return upper ? hex.toUpperCase() : hex;
}

/** Strict hex decode. Accepts upper/lower case; rejects separators and odd lengths. */
export function fromHex(hex: string, what = 'value'): Uint8Array {
	if (!HEX.test(hex)) {
		throw new CoreError('ERR_INVALID_OPTION', `The ${what} is not hex: expected an even number of 0-9/A-F digits without separators.`);
	}
	return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** True when the text is only hex digits, of even length. */
export function isHex(text: string): boolean {
	return text.length > 0 && HEX.test(text);
}

/** Unpadded base64url (RFC 7515 §2). */
export function base64urlEncode(bytes: Uint8Array | string): string {
	const b = typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return b.toString('base64url');
}

/** Strict base64url decode (no padding, no '+' or '/'). */
export function base64urlDecode(text: string, what = 'value'): Uint8Array {
	if (!B64URL.test(text) || text.length % 4 === 1) {
		throw new CoreError('ERR_INVALID_OPTION', `The ${what} is not base64url: use A-Z a-z 0-9 - _ without padding.`);
	}
	return new Uint8Array(Buffer.from(text, 'base64url'));
}

/** True when the text is unpadded base64url (and so not standard base64 with + / =). */
export function isBase64url(text: string): boolean {
	return text.length > 0 && B64URL.test(text) && text.length % 4 !== 1;
}

/** Standard base64 with padding (the form manifests and `x5c` use). */
export function base64Encode(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict standard-base64 decode (padding optional, whitespace ignored). */
export function base64Decode(text: string, what = 'value'): Uint8Array {
	const t = text.replace(/\s/g, '');
	if (!B64STD.test(t) || t.replace(/=+$/, '').length % 4 === 1) {
		throw new CoreError('ERR_INVALID_OPTION', `The ${what} is not base64.`);
	}
	return new Uint8Array(Buffer.from(t, 'base64'));
}

/**
 * Decodes base64 in either alphabet, padded or not, as Entra does leniently.
 * Returns undefined when the text is neither.
 */
export function decodeAnyBase64(text: string): Uint8Array | undefined {
	const t = text.trim();
	if (t.length === 0 || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(t) || t.replace(/=+$/, '').length % 4 === 1) {
		return undefined;
	}
	return new Uint8Array(Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** UTF-8 text of bytes. */
export function utf8(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Byte equality. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
	// compare orders by length too: 0 only for the same bytes
	return Buffer.compare(a, b) === 0;
}
