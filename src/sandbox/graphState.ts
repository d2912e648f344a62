/**
 * The emulated Microsoft Graph's applications, in memory only: seeded from the apps (manifests) the sandbox was
 * started with, changed by PATCH/addKey/removeKey, never written back to any file. The token endpoint's app index
 * is rebuilt from this state after every change, so a certificate added through Graph authenticates at once and a
 * removed one gets AADSTS700027.
 */
import { randomUUID, X509Certificate } from 'node:crypto';
import { base64Encode } from '../core/encoding';
import { isGuid } from '../core/ids';
import { thumbprints } from '../core/certificate/thumbprint';
import { derivedGuid } from './tokens';
import type { SandboxApp } from './types';

/** One keyCredential as the emulation stores it. `der` for certificate keys. */
export interface GraphKeyRecord {
	keyId: string;
	type: string;
	usage: string;
	displayName: string | null;
	customKeyIdentifier: string | null;
	startDateTime: string;
	endDateTime: string;
	der: Uint8Array;
}

export interface GraphAppRecord {
	/** Object ID. */
	id: string;
	appId: string;
	displayName: string;
	keys: GraphKeyRecord[];
	/** oids of the users who own the app. */
	owners: Set<string>;
	/** The app as started (certificates replaced by `keys` when the index is rebuilt). */
	seed: SandboxApp;
	/** What the seed's keys were, to tell a changed manifest from an unchanged one on setApps. */
	seedSignature: string;
}

export interface GraphState {
	byAppId: Map<string, GraphAppRecord>;
	byObjectId: Map<string, GraphAppRecord>;
	/** More keyCredentials than this on one app: Directory_ResourceSizeExceeded (the emulation's stand-in for Graph's object-size limit). */
	keyLimit: number;
}

/**
 * The emulation's key limit. Graph limits the size of the whole object, not the count; a public report hit it past
 * 600 key credentials (microsoft-graph-docs-contrib#1169). The sandbox counts keys instead, at that report's figure.
 */
export const GRAPH_KEY_LIMIT = 600;

function iso(d: Date): string {
	return `${d.toISOString().slice(0, 19)}Z`;
}

/** A key record for a certificate: dates and customKeyIdentifier from the certificate unless given. */
export function keyRecord(der: Uint8Array, meta: { keyId?: string; displayName?: string | null; customKeyIdentifier?: string | null; startDateTime?: string | null; endDateTime?: string | null } = {}): GraphKeyRecord {
	const cert = new X509Certificate(Buffer.from(der));
	return {
		keyId: (meta.keyId ?? randomUUID()).toLowerCase(),
		type: 'AsymmetricX509Cert',
		usage: 'Verify',
		displayName: meta.displayName === undefined ? cert.subject.replace(/\n/g, ', ') : meta.displayName,
		customKeyIdentifier: meta.customKeyIdentifier ?? thumbprints(der).customKeyIdentifier,
		startDateTime: meta.startDateTime ?? iso(new Date(cert.validFrom)),
		endDateTime: meta.endDateTime ?? iso(new Date(cert.validTo)),
		der,
	};
}

function seedSignature(app: SandboxApp): string {
	return JSON.stringify([app.displayName, app.objectId, ...app.certificates.map((d) => thumbprints(d).sha1Hex), ...(app.keyCredentials ?? []).map((k) => k.keyId)]);
}

function recordFor(app: SandboxApp, tenantId: string, owners: string[]): GraphAppRecord {
	const appId = app.appId.toLowerCase();
	const metas = new Map((app.keyCredentials ?? []).map((k) => [Buffer.from(k.der).toString('base64'), k]));
	const seen = new Set<string>();
	const keys: GraphKeyRecord[] = [];
	for (const der of app.certificates) {
		const meta = metas.get(Buffer.from(der).toString('base64'));
		// Stryker disable next-line MethodExpression,StringLiteral: equivalent, keyRecord lower-cases the keyId (one case is all the duplicate check needs); the label only keeps derivations apart
		let keyId = meta?.keyId && isGuid(meta.keyId) ? meta.keyId.toLowerCase() : derivedGuid('keyId', appId, thumbprints(der).sha1Hex);
		if (seen.has(keyId)) {
			// Stryker disable next-line StringLiteral: equivalent, the label only keeps derivations apart (the count already makes this one differ)
			keyId = derivedGuid('keyId', appId, thumbprints(der).sha1Hex, String(keys.length));
		}
		seen.add(keyId);
		keys.push(keyRecord(der, { keyId, displayName: meta?.displayName, customKeyIdentifier: meta?.customKeyIdentifier, startDateTime: meta?.startDateTime, endDateTime: meta?.endDateTime }));
	}
	return {
		// Stryker disable next-line StringLiteral: equivalent, the label only keeps derivations apart
		id: app.objectId ?? derivedGuid('application', tenantId, appId),
		appId,
		displayName: app.displayName,
		keys,
		owners: new Set(owners),
		seed: app,
		seedSignature: seedSignature(app),
	};
}

/**
 * The Graph state for apps. With `previous`, an app whose manifest is unchanged keeps its live (in-memory) keys;
 * a new or changed manifest starts from the file again. Owners: the given users (the emulation's choice: the first
 * sandbox user owns every app, so the second one shows what a non-owner gets).
 */
export function seedGraphState(apps: SandboxApp[], tenantId: string, owners: string[], previous?: GraphState, keyLimit?: number): GraphState {
	const byAppId = new Map<string, GraphAppRecord>();
	const byObjectId = new Map<string, GraphAppRecord>();
	for (const app of apps) {
		const old = previous?.byAppId.get(app.appId.toLowerCase());
		const rec = old && old.seedSignature === seedSignature(app) ? { ...old, seed: app } : recordFor(app, tenantId, owners);
		byAppId.set(rec.appId, rec);
		byObjectId.set(rec.id.toLowerCase(), rec);
	}
	return { byAppId, byObjectId, keyLimit: keyLimit ?? previous?.keyLimit ?? GRAPH_KEY_LIMIT };
}

/** The apps as the token endpoint should see them now: each seed with its live certificate keys. */
export function liveApps(graph: GraphState): SandboxApp[] {
	return [...graph.byAppId.values()].map((r) => ({
		...r.seed,
		certificates: r.keys.filter((k) => k.usage.toLowerCase() === 'verify').map((k) => k.der),
		keyCredentials: r.keys.map((k) => ({ der: k.der, keyId: k.keyId, displayName: k.displayName, customKeyIdentifier: k.customKeyIdentifier, startDateTime: k.startDateTime, endDateTime: k.endDateTime })),
	}));
}

/** A key as Graph's JSON reports it; `withKey` only for $select=keyCredentials on a single object. */
export function keyJson(k: GraphKeyRecord, withKey: boolean): Record<string, unknown> {
	return {
		customKeyIdentifier: k.customKeyIdentifier,
		displayName: k.displayName,
		endDateTime: k.endDateTime,
		key: withKey ? base64Encode(k.der) : null,
		keyId: k.keyId,
		startDateTime: k.startDateTime,
		type: k.type,
		usage: k.usage,
	};
}
