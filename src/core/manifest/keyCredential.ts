/**
 * One keyCredentials entry for a certificate, in either manifest format, and a minimal edit that
 * appends it to a manifest without touching any other byte (the edit is built from the parse tree's offsets:
 * linear time, the file's own BOM, line ends, indentation, spacing and comments kept).
 */
import { randomUUID } from 'node:crypto';
import type { Node } from 'jsonc-parser';
import { CoreError } from '../errors';
import { base64Encode, decodeAnyBase64 } from '../encoding';
import { thumbprints } from '../certificate/thumbprint';
import { parseManifest, type ManifestFormat } from './model';

/** What an entry needs to know about the certificate. */
export interface CertificateForManifest {
	der: Uint8Array;
	notBefore: Date;
	notAfter: Date;
	subject: string;
}

export interface KeyCredentialOptions {
	keyId?: string;
	displayName?: string;
	newGuid?: () => string;
}

/** Entra caps displayName at 90 characters (microsoft-graph-docs keyCredential resource). */
const DISPLAY_NAME_MAX = 90;

/**
 * The entry, with fields in the order the docs show them.
 * customKeyIdentifier is base64 of the SHA-1 thumbprint bytes in both formats (entra-rules §3: the
 * current Entra doc says so; Microsoft Graph's resource page says it "defaults to the thumbprint").
 * key/value is base64 of the DER certificate, never of the PEM text.
 */
export function buildKeyCredential(cert: CertificateForManifest, format: Exclude<ManifestFormat, 'unknown'>, options: KeyCredentialOptions = {}): Record<string, unknown> {
	const t = thumbprints(cert.der);
	const keyId = options.keyId ?? (options.newGuid ?? randomUUID)();
	const der = base64Encode(cert.der);
	const start = isoSeconds(cert.notBefore);
	const end = isoSeconds(cert.notAfter);
	if (format === 'aadgraph') {
		return { customKeyIdentifier: t.customKeyIdentifier, endDate: end, keyId, startDate: start, type: 'AsymmetricX509Cert', usage: 'Verify', value: der };
	}
	// Cut by code points so an emoji at the edge is kept whole or dropped whole, never split into a lone surrogate.
	const displayName = Array.from(options.displayName ?? cert.subject).slice(0, DISPLAY_NAME_MAX).join('');
	return { customKeyIdentifier: t.customKeyIdentifier, displayName, endDateTime: end, key: der, keyId, startDateTime: start, type: 'AsymmetricX509Cert', usage: 'Verify' };
}

function isoSeconds(d: Date): string {
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A change to a text: replace `length` characters at `offset` with `content` (the manifest edits only insert). */
export interface TextEdit {
	offset: number;
	length: number;
	content: string;
}

export interface InsertResult {
	/** Pure insertions (length 0), in increasing offset order. */
	edits: TextEdit[];
	newText: string;
	entry: Record<string, unknown>;
	format: Exclude<ManifestFormat, 'unknown'>;
}

/** How the file writes JSON, as far as a new entry needs to know. */
export interface ManifestLayout {
	/** Line end at the insertion point: '\n', '\r\n' or '\r'. */
	eol: string;
	/** True when the container written to is on one line (a minified file): the entry is written on one line too. */
	oneLine: boolean;
	/** One level of indentation, from the file's own JSON lines (never from comment lines). */
	indentUnit: string;
	/** Text between a key and its value, e.g. ': ' or ':'. */
	colon: string;
	/** Text between two members on one line, e.g. ',' or ', '. */
	comma: string;
}

/**
 * Appends a keyCredential for the certificate (creating the array if missing) with insertions only: every byte of
 * the original text is kept, in order. Refuses a certificate already registered, invalid JSON, a keyCredentials
 * that is not an array and a manifest that names keyCredentials twice (CoreError, nothing changed).
 * @example
 * const { newText, entry, edits } = insertKeyCredential(manifestText, { der, notBefore, notAfter, subject });
 */
export function insertKeyCredential(text: string, cert: CertificateForManifest, options: KeyCredentialOptions & { format?: Exclude<ManifestFormat, 'unknown'>; fileName?: string } = {}): InsertResult {
	const parsed = parseManifest(text, options.fileName);
	const name = `'${options.fileName ?? 'The manifest'}'`;
	const props = (parsed.root.children ?? []).filter((p) => p.children?.[0]?.value === 'keyCredentials');
	if (props.length > 1) {
		throw new CoreError('ERR_MANIFEST_UNSAFE_EDIT', `${name} names keyCredentials ${props.length} times; keep one keyCredentials array (merge the entries), then add the certificate again. Nothing was changed.`);
	}
	const creds = props[0]?.children?.[1];
	if (creds && creds.type !== 'array') {
		const what = creds.type === 'null' ? 'null' : `${creds.type === 'object' ? 'an' : 'a'} ${creds.type}`;
		throw new CoreError('ERR_MANIFEST_UNSAFE_EDIT', `${name} has keyCredentials set to ${what}, not an array; make it an array ([] or a list of entries, keeping what you need of the old value), then add the certificate again. Nothing was changed.`);
	}
	const format = options.format ?? (parsed.format === 'aadgraph' ? 'aadgraph' : 'graph');
	const t = thumbprints(cert.der);
	for (const k of parsed.keyCredentials) {
		const sameCki = k.customKeyIdentifier && k.customKeyIdentifier === t.customKeyIdentifier;
		const bytes = k.certificateBase64 ? decodeAnyBase64(k.certificateBase64) : undefined;
		const sameCert = bytes !== undefined && bytes.length === cert.der.length && thumbprints(bytes).sha1Hex === t.sha1Hex;
		if (sameCki || sameCert) {
			const entryName = [k.displayName, k.keyId ? `keyId ${k.keyId}` : undefined].filter(Boolean).join(', ') || `entry ${k.index + 1}`;
			throw new CoreError('ERR_MANIFEST_DUPLICATE', `${name} already registers this certificate (${entryName}, SHA-1 ${t.sha1Hex}); nothing was changed.`);
		}
	}
	const entry = buildKeyCredential(cert, format, options);
	const edits = creds ? appendToArray(text, parsed.root, props[0], creds, entry) : appendProperty(text, parsed.root, entry);
	return { edits, newText: applyInsertions(text, edits), entry, format };
}

/** Applies edits (sorted by offset, not overlapping) in one pass. */
export function applyInsertions(text: string, edits: TextEdit[]): string {
	const parts: string[] = [];
	let at = 0;
	for (const e of [...edits].sort((a, b) => a.offset - b.offset)) {
		parts.push(text.slice(at, e.offset), e.content);
		at = e.offset + e.length;
	}
	parts.push(text.slice(at));
	return parts.join('');
}

function appendToArray(text: string, root: Node, prop: Node, array: Node, entry: Record<string, unknown>): TextEdit[] {
	const items = array.children ?? [];
	const last = items[items.length - 1];
	const layout = manifestLayout(text, root, last ? array : root, last ? last.offset + last.length : array.offset + array.length - 1);
	const propIndent = startsLine(text, prop.offset) ?? layout.indentUnit;
	const elemIndent = (last && startsLine(text, last.offset)) ?? propIndent + layout.indentUnit;
	const firstInner = last?.type === 'object' ? last.children?.[0] : undefined;
	const innerIndent = (firstInner && startsLine(text, firstInner.offset)) ?? elemIndent + layout.indentUnit;
	const item = renderEntry(entry, layout, elemIndent, innerIndent);
	return last ? appendAfter(text, last, item, layout, elemIndent) : fillEmpty(text, array, item, layout, elemIndent, propIndent);
}

function appendProperty(text: string, root: Node, entry: Record<string, unknown>): TextEdit[] {
	const members = root.children ?? [];
	const last = members[members.length - 1];
	const layout = manifestLayout(text, root, root, last ? last.offset + last.length : root.offset + root.length - 1);
	const rootIndent = startsLine(text, root.offset) ?? '';
	const propIndent = (last && startsLine(text, last.offset)) ?? rootIndent + layout.indentUnit;
	const elemIndent = propIndent + layout.indentUnit;
	const item = renderEntry(entry, layout, elemIndent, elemIndent + layout.indentUnit);
	const array = layout.oneLine ? `[${item}]` : `[${layout.eol}${elemIndent}${item}${layout.eol}${propIndent}]`;
	const member = `${JSON.stringify('keyCredentials')}${layout.colon}${array}`;
	return last ? appendAfter(text, last, member, layout, propIndent) : fillEmpty(text, root, member, layout, propIndent, rootIndent);
}

/**
 * Inserts `item` after the container's last member `last`. A comment on the same line after `last` stays with it:
 * the comma goes right after `last`, the new member after the comment.
 */
function appendAfter(text: string, last: Node, item: string, layout: ManifestLayout, indent: string): TextEdit[] {
	const end = last.offset + last.length;
	const after = sameLineCommentsEnd(text, end);
	const lead = layout.oneLine ? layout.comma.slice(1) : layout.eol + indent;
	if (after === end) {
		return [{ offset: end, length: 0, content: ',' + lead + item }];
	}
	return [
		{ offset: end, length: 0, content: ',' },
		{ offset: after, length: 0, content: lead + item },
	];
}

/** Inserts the first member of an empty array or object, after any comment inside it, before the closing bracket. */
function fillEmpty(text: string, container: Node, item: string, layout: ManifestLayout, indent: string, closeIndent: string): TextEdit[] {
	const close = container.offset + container.length - 1;
	let contentEnd = close;
	// (the opening bracket is no space, so the scan stops there at the latest)
	while (isSpace(text.charCodeAt(contentEnd - 1))) {
		contentEnd--;
	}
	if (layout.oneLine) {
		return [{ offset: contentEnd, length: 0, content: item }];
	}
	if (hasLineBreak(text, contentEnd, close)) {
		// The closing bracket is already on a line of its own: keep that line as it is.
		return [{ offset: contentEnd, length: 0, content: layout.eol + indent + item }];
	}
	return [{ offset: close, length: 0, content: layout.eol + indent + item + layout.eol + closeIndent }];
}

function renderEntry(entry: Record<string, unknown>, layout: ManifestLayout, indent: string, inner: string): string {
	const members = Object.entries(entry).map(([k, v]) => `${JSON.stringify(k)}${layout.colon}${JSON.stringify(v)}`);
	if (layout.oneLine) {
		return `{${members.join(layout.comma)}}`;
	}
	return `{${layout.eol}${members.map((m) => inner + m).join(',' + layout.eol)}${layout.eol}${indent}}`;
}

/**
 * How the file writes JSON near an insertion point: line end of that line, one-line or not (the container's own
 * span), indentation unit from the root object's members that start a line, spacing around colons and commas.
 */
export function manifestLayout(text: string, root: Node, container: Node, at: number): ManifestLayout {
	const eol = lineEndNear(text, at);
	// (a text with no line end at all has none in the container either)
	const oneLine = !hasLineBreak(text, container.offset, container.offset + container.length);
	const members = (root.children ?? []).slice(0, 64);
	const indents = new Map<string, number>();
	const colons = new Map<string, number>();
	for (const m of members) {
		const indent = startsLine(text, m.offset);
		if (indent) {
			indents.set(indent, (indents.get(indent) ?? 0) + 1);
		}
		const [key, value] = m.children ?? [];
		if (key && value) {
			const between = text.slice(key.offset + key.length, value.offset);
			if (/^[ \t]*:[ \t]*$/.test(between)) {
				colons.set(between, (colons.get(between) ?? 0) + 1);
			}
		}
	}
	const rootIndent = startsLine(text, root.offset) ?? '';
	const memberIndent = mostCommon(indents);
	// Members indented no deeper than the root brace leave '' here, and fall back like members that never start a line.
	let indentUnit = memberIndent?.startsWith(rootIndent) ? memberIndent.slice(rootIndent.length) : undefined;
	if (!indentUnit) {
		indentUnit = memberIndent?.startsWith('\t') ? '\t' : '  ';
	}
	let comma = ',';
	if (members.length > 1) {
		const between = text.slice(members[0].offset + members[0].length, members[1].offset);
		if (/^[ \t]*,[ \t]+$/.test(between)) {
			comma = ', ';
		}
	}
	const usualColon = oneLine ? ':' : ': ';
	return { eol: eol ?? '\n', oneLine, indentUnit, colon: mostCommon(colons, usualColon) ?? usualColon, comma };
}

/** The most frequent key; on a tie, `preferred` when it is among the tied, else the first seen. */
function mostCommon(counts: Map<string, number>, preferred?: string): string | undefined {
	let best: string | undefined;
	let n = 0;
	for (const [k, c] of counts) {
		if (c > n || (c === n && k === preferred)) {
			best = k;
			n = c;
		}
	}
	return best;
}

/**
 * The indentation of the line on which the JSON token at `offset` comes first (block comments just before it on
 * that line, like `/* note *\/ "key"`, count as part of it), or undefined when other JSON precedes it on its line.
 * A BOM counts as a line start. Lines inside a comment (` * text`) are never looked at.
 */
function startsLine(text: string, offset: number): string | undefined {
	let at = offset;
	for (let guard = 0; guard < 64; guard++) {
		let i = at;
		// (before the start of the text charCodeAt gives NaN, which ends the scan)
		while (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9) {
			i--;
		}
		const before = i > 0 ? text.charCodeAt(i - 1) : 10;
		if (before === 10 || before === 13 || (i === 1 && before === 0xfeff)) {
			return text.slice(i, at);
		}
		if (text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 42) {
			const open = text.lastIndexOf('/*', i - 3);
			if (open < 0) {
				return undefined;
			}
			at = open;
			continue;
		}
		return undefined;
	}
	return undefined;
}

function isSpace(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
	for (let i = from; i < to; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13) {
			return true;
		}
	}
	return false;
}

/** The line end that ends the line holding `at`, else the nearest one before it; undefined when the text has none. */
function lineEndNear(text: string, at: number): string | undefined {
	const kind = (i: number) => (text.charCodeAt(i) === 13 ? (text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r') : '\n');
	for (let i = at; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13) {
			return kind(i);
		}
	}
	for (let i = Math.min(at, text.length) - 1; i >= 0; i--) {
		const c = text.charCodeAt(i);
		if (c === 10) {
			return text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
		}
		if (c === 13) {
			return '\r';
		}
	}
	return undefined;
}

/** End of the comments that follow `from` on the same line (only spaces and tabs around them), else `from`. */
function sameLineCommentsEnd(text: string, from: number): number {
	let end = from;
	let i = from;
	for (;;) {
		while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) {
			i++;
		}
		if (text.startsWith('/*', i)) {
			const close = text.indexOf('*/', i + 2);
			if (close < 0) {
				return end;
			}
			i = close + 2;
			end = i;
		} else if (text.startsWith('//', i)) {
			while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) {
				i++;
			}
			return i;
		} else {
			return end;
		}
	}
}
