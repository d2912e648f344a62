/**
 * PEM as people actually have it: CRLF, text around the blocks, "Bag Attributes" preambles from
 * `openssl pkcs12`, literal `\n` sequences pasted from JSON, surrounding quotes.
 */
import { CoreError } from '../errors';
import { base64Decode } from '../encoding';

export interface PemBlock {
	label: string;
	/** The block as text (BEGIN…END), normalised to LF; headers such as Proc-Type kept. */
	text: string;
	/** The decoded body. */
	der: Uint8Array;
}

/** True when the bytes are text holding a PEM BEGIN line (possibly with literal \n sequences). */
export function looksLikePem(text: string): boolean {
	return /-----BEGIN [A-Z0-9 ]+-----/.test(text);
}

/** Undoes the usual damage: literal "\n" escapes, CRLF, quotes from JSON. */
export function normalizePemText(text: string): string {
	let t = text.replace(/\r\n?/g, '\n');
	if (/\\r\\n|\\n/.test(t)) {
		t = t.replace(/\\r\\n|\\n|\\r/g, '\n');
	}
	return t;
}

/**
 * Every PEM block in the text, in order.
 * @example
 * pemBlocks(fs.readFileSync('chain.pem', 'utf8')).map((b) => b.label); // ['CERTIFICATE', 'CERTIFICATE']
 */
export function pemBlocks(text: string, fileName?: string): PemBlock[] {
	const t = normalizePemText(text);
	const blocks: PemBlock[] = [];
	const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
	for (const m of t.matchAll(re)) {
		const body = m[2]
			.split('\n')
			.filter((line) => !/^[A-Za-z-]+:/.test(line.trim()))
			.join('')
			.replace(/[\s"',]+/g, '');
		let der: Uint8Array;
		try {
			der = base64Decode(body);
		} catch {
			throw new CoreError('ERR_PEM_MALFORMED', `The ${m[1]} block${fileName ? ` in '${fileName}'` : ''} is not valid base64; copy the block again from BEGIN to END without changing it.`);
		}
		blocks.push({ label: m[1], text: m[0], der });
	}
	if (blocks.length === 0 && /-----BEGIN [A-Z0-9 ]+-----/.test(t)) {
		throw new CoreError('ERR_PEM_MALFORMED', `${fileName ? `'${fileName}'` : 'The text'} has a BEGIN line without its matching END line; the PEM was cut off when copied.`);
	}
	return blocks;
}

/** PEM text of DER bytes with 64-character lines. */
export function toPem(der: Uint8Array, label: string): string {
	const b64 = Buffer.from(der).toString('base64');
	const lines = b64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
