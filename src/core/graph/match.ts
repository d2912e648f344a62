/**
 * The live registration compared with the workspace: keys matched to certificate files by SHA-1 thumbprint, a
 * manifest's keyCredentials compared with the live ones, and the live app written out as a manifest (both formats).
 */
import { CoreError } from '../errors';
import { decodeAnyBase64, toHex } from '../encoding';
import { thumbprints } from '../certificate/thumbprint';
import { parseManifest, type ManifestFormat, type ManifestKeyCredential } from '../manifest/model';
import type { GraphApplication, GraphKeyCredential } from './types';

/** A certificate file in the workspace. */
export interface WorkspaceCertificate {
	/** Workspace-relative path (or any label). */
	path: string;
	/** SHA-1 of the DER, hex (any case). */
	sha1Hex: string;
	subject?: string;
	notAfter?: Date;
}

export type KeyMatchStatus = 'registered, file here' | 'registered, no file here';

export interface LiveKeyMatch {
	keyId: string;
	displayName?: string | null;
	type: string;
	usage: string;
	start?: string | null;
	end?: string | null;
	/** Uppercase SHA-1 hex, from `key` when Graph returned it, else from customKeyIdentifier. */
	sha1Hex?: string;
	/** Where sha1Hex came from. */
	thumbprintFrom?: 'key' | 'customKeyIdentifier' | 'customKeyIdentifier (hex text)';
	status: KeyMatchStatus;
	/** Workspace files holding this certificate. */
	files: string[];
	expired: boolean;
	/** Expires within `expiringDays` (and not yet expired). */
	expiring: boolean;
	notYetValid: boolean;
}

export interface WorkspaceMatch {
	keys: LiveKeyMatch[];
	/** Workspace certificates that no live key registers: "file here, not registered". */
	notRegistered: (WorkspaceCertificate & { status: 'file here, not registered' })[];
}

/**
 * The SHA-1 thumbprint (uppercase hex) a keyCredential stands for: from the DER in `key`/`value` when present,
 * else from customKeyIdentifier (base64 of the 20 hash bytes; a 40-digit hex string put there verbatim is read
 * as hex text, as the portal would show it).
 */
export function keyThumbprint(k: { key?: string | null; customKeyIdentifier?: string | null }): { sha1Hex: string; from: LiveKeyMatch['thumbprintFrom'] } | undefined {
	if (typeof k.key === 'string' && k.key.trim() !== '') {
		const der = decodeAnyBase64(k.key);
		if (der && der.length > 0) {
			return { sha1Hex: thumbprints(der).sha1Hex, from: 'key' };
		}
	}
	const cki = typeof k.customKeyIdentifier === 'string' ? k.customKeyIdentifier.trim() : '';
	if (/^[0-9a-f]{40}$/i.test(cki)) {
		return { sha1Hex: cki.toUpperCase(), from: 'customKeyIdentifier (hex text)' };
	}
	const bytes = cki ? decodeAnyBase64(cki) : undefined;
	if (bytes && bytes.length === 20) {
		return { sha1Hex: toHex(bytes), from: 'customKeyIdentifier' };
	}
	return undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function time(s: string | null | undefined): number | undefined {
	if (!s) {
		return undefined;
	}
	const t = Date.parse(s);
	return Number.isNaN(t) ? undefined : t;
}

/**
 * Matches the app's live keys to workspace certificates by thumbprint.
 * @example
 * const m = matchKeysToWorkspace(app.keyCredentials, [{ path: 'certs/api.pem', sha1Hex: '84E0…' }], { now: new Date() });
 * m.keys[0].status;        // 'registered, file here'
 * m.notRegistered;         // workspace files no key registers
 */
export function matchKeysToWorkspace(keys: GraphKeyCredential[], certificates: WorkspaceCertificate[], options: { now: Date; expiringDays?: number }): WorkspaceMatch {
	const now = options.now.getTime();
	const soon = now + (options.expiringDays ?? 30) * DAY_MS;
	const byThumb = new Map<string, WorkspaceCertificate[]>();
	for (const c of certificates) {
		const h = c.sha1Hex.toUpperCase();
		byThumb.set(h, [...(byThumb.get(h) ?? []), c]);
	}
	const registered = new Set<string>();
	const matched = keys.map((k): LiveKeyMatch => {
		const t = keyThumbprint(k);
		const files = t ? (byThumb.get(t.sha1Hex) ?? []).map((c) => c.path) : [];
		if (t) {
			registered.add(t.sha1Hex);
		}
		const end = time(k.endDateTime);
		const start = time(k.startDateTime);
		return {
			keyId: k.keyId,
			displayName: k.displayName,
			type: k.type,
			usage: k.usage,
			start: k.startDateTime,
			end: k.endDateTime,
			...(t ? { sha1Hex: t.sha1Hex, thumbprintFrom: t.from } : {}),
			status: files.length > 0 ? 'registered, file here' : 'registered, no file here',
			files,
			expired: end !== undefined && end < now,
			expiring: end !== undefined && end >= now && end <= soon,
			notYetValid: start !== undefined && start > now,
		};
	});
	const notRegistered = certificates.filter((c) => !registered.has(c.sha1Hex.toUpperCase())).map((c) => ({ ...c, status: 'file here, not registered' as const }));
	return { keys: matched, notRegistered };
}

export interface KeyDifference {
	keyId?: string;
	sha1Hex?: string;
	displayName?: string | null;
	/** What differs between the two, in words (for entries in both). */
	differences?: string[];
}

export interface ManifestLiveDiff {
	/** In the manifest file, not on the live app. */
	onlyInManifest: KeyDifference[];
	/** On the live app, not in the manifest file. */
	onlyLive: KeyDifference[];
	/** In both (same thumbprint, or same keyId when no thumbprint is known). */
	inBoth: KeyDifference[];
	same: boolean;
}

function dateOnly(s: string | null | undefined): string | undefined {
	const t = time(s);
	return t === undefined ? undefined : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Compares a manifest's keyCredentials with the live app's: by thumbprint, else by keyId.
 * Throws CoreError for a manifest that is not valid JSON.
 */
export function diffManifestWithLive(manifestText: string, liveKeys: GraphKeyCredential[], fileName?: string): ManifestLiveDiff {
	const parsed = parseManifest(manifestText, fileName);
	const live = liveKeys.map((k) => ({ k, t: keyThumbprint(k)?.sha1Hex }));
	const used = new Set<number>();
	const onlyInManifest: KeyDifference[] = [];
	const inBoth: KeyDifference[] = [];
	for (const m of parsed.keyCredentials) {
		const mt = keyThumbprint({ key: m.certificateBase64, customKeyIdentifier: m.customKeyIdentifier })?.sha1Hex;
		const i = live.findIndex((l, j) => !used.has(j) && ((mt !== undefined && l.t === mt) || (mt === undefined && m.keyId !== undefined && l.k.keyId.toLowerCase() === m.keyId.toLowerCase())));
		if (i < 0) {
			onlyInManifest.push({ keyId: m.keyId, sha1Hex: mt, displayName: m.displayName });
			continue;
		}
		used.add(i);
		inBoth.push({ keyId: live[i].k.keyId, sha1Hex: mt ?? live[i].t, displayName: live[i].k.displayName, differences: differences(m, live[i].k) });
	}
	const onlyLive = live.filter((_, j) => !used.has(j)).map((l) => ({ keyId: l.k.keyId, sha1Hex: l.t, displayName: l.k.displayName }));
	return { onlyInManifest, onlyLive, inBoth, same: onlyInManifest.length === 0 && onlyLive.length === 0 && inBoth.every((b) => (b.differences ?? []).length === 0) };
}

function differences(m: ManifestKeyCredential, k: GraphKeyCredential): string[] {
	const out: string[] = [];
	if (m.keyId && m.keyId.toLowerCase() !== k.keyId.toLowerCase()) {
		out.push(`keyId ${m.keyId} in the file, ${k.keyId} live`);
	}
	const ms = dateOnly(m.start);
	const ls = dateOnly(k.startDateTime);
	if (ms && ls && ms !== ls) {
		out.push(`start ${ms} in the file, ${ls} live`);
	}
	const me = dateOnly(m.end);
	const le = dateOnly(k.endDateTime);
	if (me && le && me !== le) {
		out.push(`end ${me} in the file, ${le} live`);
	}
	if (m.usage && k.usage && m.usage.toLowerCase() !== k.usage.toLowerCase()) {
		out.push(`usage ${m.usage} in the file, ${k.usage} live`);
	}
	return out;
}

/**
 * The live app as a manifest file's text (2-space JSON, final newline), in Microsoft Graph format (id, appId,
 * displayName, keyCredentials with key/startDateTime/endDateTime) or the legacy Azure AD Graph format (value,
 * startDate, endDate). Keys whose `key` Graph did not return are written with null (the offline features then know
 * the key by its customKeyIdentifier only).
 */
export function liveToManifest(app: GraphApplication, format: Exclude<ManifestFormat, 'unknown'>): string {
	const keyCredentials = app.keyCredentials.map((k) =>
		format === 'graph'
			? { customKeyIdentifier: k.customKeyIdentifier ?? null, displayName: k.displayName ?? null, endDateTime: k.endDateTime ?? null, key: k.key ?? null, keyId: k.keyId, startDateTime: k.startDateTime ?? null, type: k.type, usage: k.usage }
			: { customKeyIdentifier: k.customKeyIdentifier ?? null, endDate: k.endDateTime ?? null, keyId: k.keyId, startDate: k.startDateTime ?? null, type: k.type, usage: k.usage, value: k.key ?? null },
	);
	const text = `${JSON.stringify({ id: app.id, appId: app.appId, displayName: app.displayName, keyCredentials }, null, 2)}\n`;
	const back = parseManifest(text);
	if (back.keyCredentials.length !== app.keyCredentials.length || back.appId !== app.appId) {
		throw new CoreError('ERR_MANIFEST_SHAPE', 'The exported manifest does not read back as the same app; this is a bug in the export.');
	}
	return text;
}
