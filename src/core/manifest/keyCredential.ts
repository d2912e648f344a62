/**
 * One keyCredentials entry for a certificate, in either manifest format, and a minimal edit that
 * appends it to a manifest without touching any other byte.
 */
import { randomUUID } from 'node:crypto';
import { findNodeAtLocation, modify, applyEdits, type FormattingOptions } from 'jsonc-parser';
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
	const displayName = (options.displayName ?? cert.subject).slice(0, DISPLAY_NAME_MAX);
	return { customKeyIdentifier: t.customKeyIdentifier, displayName, endDateTime: end, key: der, keyId, startDateTime: start, type: 'AsymmetricX509Cert', usage: 'Verify' };
}

function isoSeconds(d: Date): string {
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface TextEdit {
	offset: number;
	length: number;
	content: string;
}

export interface InsertResult {
	edits: TextEdit[];
	newText: string;
	entry: Record<string, unknown>;
	format: Exclude<ManifestFormat, 'unknown'>;
}

/** Indentation and line ends as the file already uses them. */
export function detectFormatting(text: string): FormattingOptions {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const indented = /\n([ \t]+)\S/.exec(text)?.[1];
	if (indented?.startsWith('\t')) {
		return { insertSpaces: false, tabSize: 4, eol };
	}
	return { insertSpaces: true, tabSize: indented ? Math.min(indented.length, 8) : 2, eol };
}

/**
 * Appends a keyCredential for the certificate (creating the array if missing) with edits that
 * change nothing else in the file. Refuses a certificate already registered and invalid JSON.
 * @example
 * const { newText, entry } = insertKeyCredential(manifestText, { der, notBefore, notAfter, subject });
 */
export function insertKeyCredential(text: string, cert: CertificateForManifest, options: KeyCredentialOptions & { format?: Exclude<ManifestFormat, 'unknown'>; fileName?: string } = {}): InsertResult {
	const parsed = parseManifest(text, options.fileName);
	const format = options.format ?? (parsed.format === 'aadgraph' ? 'aadgraph' : 'graph');
	const t = thumbprints(cert.der);
	for (const k of parsed.keyCredentials) {
		const sameCki = k.customKeyIdentifier && k.customKeyIdentifier === t.customKeyIdentifier;
		const bytes = k.certificateBase64 ? decodeAnyBase64(k.certificateBase64) : undefined;
		const sameCert = bytes !== undefined && thumbprints(bytes).sha1Hex === t.sha1Hex;
		if (sameCki || sameCert) {
			const name = [k.displayName, k.keyId ? `keyId ${k.keyId}` : undefined].filter(Boolean).join(', ') || `entry ${k.index + 1}`;
			throw new CoreError('ERR_MANIFEST_DUPLICATE', `'${options.fileName ?? 'The manifest'}' already registers this certificate (${name}, SHA-1 ${t.sha1Hex}); nothing was changed.`);
		}
	}
	const entry = buildKeyCredential(cert, format, options);
	const formattingOptions = detectFormatting(text);
	const creds = findNodeAtLocation(parsed.root, ['keyCredentials']);
	const path = creds?.type === 'array' ? ['keyCredentials', -1] : ['keyCredentials'];
	const value = creds?.type === 'array' ? entry : [entry];
	const edits = modify(text, path, value, { formattingOptions, isArrayInsertion: creds?.type === 'array' });
	return { edits, newText: applyEdits(text, edits), entry, format };
}
