/**
 * Thumbprints against the user's own certificates and manifests, and the reading of the thumbprint
 * Entra reports in AADSTS700027 (it base64url-decodes x5t and prints the bytes as hex; entra-rules §5).
 */
import { base64urlEncode, decodeAnyBase64, fromHex, isHex, toHex, utf8 } from '../encoding';
import { thumbprints, type Thumbprints } from '../certificate/thumbprint';
import { parseManifest } from '../manifest/model';
import type { LiveRegistration } from './liveKeys';

export interface ContextCertificate extends Thumbprints {
	/** File name or path, as shown to the user. */
	label: string;
	subject: string;
	notBefore: Date;
	notAfter: Date;
}

export interface DiagnoseContext {
	now: Date;
	certificates?: ContextCertificate[];
	manifests?: { label: string; text: string }[];
	/** The client ID the user works with, when known (settings, CLI flag). */
	clientId?: string;
	/** The raw files the user named (certificates, keys, PFX), checked when a local failure is diagnosed. */
	files?: { label: string; bytes: Uint8Array }[];
	/**
	 * The apps' keys as Entra (or the sandbox's Graph) reported them, when the user is signed in. An assertion naming
	 * one of these apps is checked against its live keys, and the findings name that source. Setting this (even to [])
	 * or liveNote also makes the workspace-only check say that it was one.
	 */
	liveKeys?: LiveRegistration[];
	/** Why no live keys are given (not signed in, the fetch failed): said in the "checked against" line. */
	liveNote?: string;
	/** When set, diagnose adds the app IDs (lowercase) whose live keys a rule looked for, held or not (fetch the missing, diagnose again). */
	liveWanted?: Set<string>;
}

export type ThumbprintForm = 'sha1Hex' | 'sha256Hex' | 'x5t' | 'x5tS256' | 'customKeyIdentifier';

export interface ThumbprintMatch {
	/** The certificate file, or "manifest.json keyCredentials[0] (displayName)". */
	label: string;
	form: ThumbprintForm;
	/** 'certificate' or 'manifest'. */
	source: 'certificate' | 'manifest';
}

const FORMS: ThumbprintForm[] = ['sha1Hex', 'sha256Hex', 'x5t', 'x5tS256', 'customKeyIdentifier'];

/** A certificate the context knows: a workspace file, or a manifest keyCredential (with its app and end date). */
export interface KnownKey {
	label: string;
	source: 'certificate' | 'manifest';
	t: Thumbprints;
	cki?: string | null;
	/** The appId of the manifest that registers it (manifest keys). */
	appId?: string;
	/** The keyCredential's end date (manifest keys), or the certificate file's notAfter. */
	end?: Date;
}

/** Every known key as thumbprints with a label: the context certificates and each manifest keyCredential's certificate. */
export function knownKeys(context: Pick<DiagnoseContext, 'certificates' | 'manifests'>): KnownKey[] {
	const out: KnownKey[] = [];
	for (const c of context.certificates ?? []) {
		out.push({ label: c.label, source: 'certificate', t: c, end: c.notAfter });
	}
	for (const m of context.manifests ?? []) {
		let parsed;
		try {
			parsed = parseManifest(m.text, m.label);
		} catch {
			continue;
		}
		for (const k of parsed.keyCredentials) {
			const der = k.certificateBase64 ? decodeAnyBase64(k.certificateBase64) : undefined;
			if (!der || der.length < 100) {
				continue;
			}
			const name = k.displayName ? ` (${k.displayName})` : k.keyId ? ` (keyId ${k.keyId})` : '';
			const end = k.end ? new Date(k.end) : undefined;
			out.push({ label: `${m.label} keyCredentials[${k.index}]${name}`, source: 'manifest', t: thumbprints(der), cki: k.customKeyIdentifier, ...(parsed.appId ? { appId: parsed.appId } : {}), ...(end && !Number.isNaN(end.getTime()) ? { end } : {}) });
		}
	}
	return out;
}

/**
 * Which known certificate or manifest key a thumbprint-like value names, and in which form.
 * Hex compares case-insensitively and ignores colons; base64 forms compare exactly.
 * @example
 * matchThumbprint('hOBcHZi846VCHSJbFAs26Go9VTQ', ctx); // [{ label: 'certs/app.pem', form: 'x5t', source: 'certificate' }]
 */
export function matchThumbprint(value: string, context: Pick<DiagnoseContext, 'certificates' | 'manifests'>): ThumbprintMatch[] {
	const v = value.trim();
	const hex = v.replace(/:/g, '').toUpperCase();
	const out: ThumbprintMatch[] = [];
	for (const k of knownKeys(context)) {
		for (const form of FORMS) {
			const known = k.t[form];
			const hit = form === 'sha1Hex' || form === 'sha256Hex' ? known === hex : known === v;
			if (hit) {
				out.push({ label: k.label, form, source: k.source });
			}
		}
	}
	return out;
}

export type ReportedShape = 'sha1' | 'sha256' | 'ascii-hex' | 'hex-verbatim' | 'other';

/**
 * Reads the shape of the hex thumbprint Entra reports in AADSTS700027:
 * 40 hex = a SHA-1 (not registered), 64 = a SHA-256, 80 (or 128) whose byte pairs are ASCII codes of
 * hex digits = the hex text was base64-encoded, 60 = the hex string was put in x5t verbatim.
 * @example
 * interpretReportedThumbprint('3839353639...').shape; // 'ascii-hex'
 */
export function interpretReportedThumbprint(hexInput: string): { shape: ReportedShape; meantSha1Hex?: string; meantSha256Hex?: string } {
	const hex = hexInput.replace(/:/g, '').toUpperCase();
	if (!isHex(hex)) {
		return { shape: 'other' };
	}
	const bytes = fromHex(hex);
	const ascii = utf8(bytes);
	if ((bytes.length === 40 || bytes.length === 64) && /^[0-9A-Fa-f]+$/.test(ascii)) {
		return bytes.length === 40 ? { shape: 'ascii-hex', meantSha1Hex: ascii.toUpperCase() } : { shape: 'ascii-hex', meantSha256Hex: ascii.toUpperCase() };
	}
	if (bytes.length === 20) {
		return { shape: 'sha1' };
	}
	if (bytes.length === 32) {
		return { shape: 'sha256' };
	}
	if (bytes.length === 30 || bytes.length === 48) {
		// base64url-decoding 40 (or 64) hex characters gives 30 (48) bytes; encoding them again gives the text back.
		const text = base64urlEncode(bytes);
		if (/^[0-9A-Fa-f]+$/.test(text)) {
			return text.length === 40 ? { shape: 'hex-verbatim', meantSha1Hex: text.toUpperCase() } : { shape: 'hex-verbatim', meantSha256Hex: text.toUpperCase() };
		}
		return { shape: 'hex-verbatim' };
	}
	return { shape: 'other' };
}

/** The hex Entra would print for an x5t value (base64url-decoded bytes as hex), or undefined. */
export function reportedHexOf(x5t: string): string | undefined {
	const bytes = decodeAnyBase64(x5t);
	return bytes ? toHex(bytes) : undefined;
}
