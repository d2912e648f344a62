/**
 * The sandbox's app registrations: read from manifests in both formats (entra-rules §3), and indexed once per
 * `setApps` so the token endpoint's hot path only does map lookups (certificate public keys parsed ahead).
 *
 * - Microsoft Graph format: keyCredentials[].key, identifierUris, appRoles, api.oauth2PermissionScopes,
 *   web/spa/publicClient.redirectUris, passwordCredentials[].secretText.
 * - Legacy Azure AD Graph format: keyCredentials[].value, identifierUris, appRoles, oauth2Permissions,
 *   replyUrlsWithType[].url (and replyUrls).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { getNodeValue } from 'jsonc-parser';
import { CoreError } from '../core/errors';
import { base64Decode } from '../core/encoding';
import { isGuid } from '../core/ids';
import { manifestRegistration, parseManifest } from '../core/manifest/model';
import { fixPemTextValue } from '../core/manifest/lint';
import { thumbprints } from '../core/certificate/thumbprint';
import type { SandboxApp, SandboxKeyCredential } from './types';

/**
 * The DER of a keyCredential's `key`/`value`: base64 of DER, or (the classic mistake, entra-rules §3) base64 of
 * PEM text, which is decoded too. Throws a CoreError naming the file and entry; never echoes the value.
 */
function certificateOf(value: string, where: string): Uint8Array {
	let bytes: Uint8Array;
	try {
		bytes = base64Decode(fixPemTextValue(value) ?? value, `${where} certificate`);
	} catch {
		throw new CoreError('ERR_MANIFEST_SHAPE', `${where} is not base64; it should hold base64 of the certificate's DER bytes (what 'entra-cert keycredential' writes).`);
	}
	try {
		new X509Certificate(Buffer.from(bytes));
	} catch {
		throw new CoreError('ERR_MANIFEST_SHAPE', `${where} is not an X.509 certificate; put base64 of the certificate's DER bytes there (entra-cert keycredential CERT prints one).`);
	}
	return bytes;
}

/** One manifest file as an app. */
function appFromManifest(text: string, fileName: string): SandboxApp {
	const parsed = parseManifest(text, fileName);
	const m = getNodeValue(parsed.root) as Record<string, unknown>;
	const appId = typeof m.appId === 'string' ? m.appId.trim() : undefined;
	if (!appId) {
		throw new CoreError('ERR_MANIFEST_SHAPE', `'${fileName}' has no appId; an app manifest names its Application (client) ID in "appId".`);
	}
	if (!isGuid(appId)) {
		throw new CoreError('ERR_MANIFEST_SHAPE', `'${fileName}' has appId '${appId}', which is not a GUID; use the app registration's Application (client) ID.`);
	}
	const certificates: Uint8Array[] = [];
	const keyCredentials: SandboxKeyCredential[] = [];
	for (const kc of parsed.keyCredentials) {
		const usage = (kc.usage ?? 'Verify').toLowerCase();
		if (usage !== 'verify' || typeof kc.certificateBase64 !== 'string' || kc.certificateBase64.trim() === '') {
			// Sign-usage keys are token-signing keys, not client credentials; null keys are Graph's "not selected".
			continue;
		}
		const der = certificateOf(kc.certificateBase64, `'${fileName}' keyCredentials[${kc.index}].${parsed.format === 'aadgraph' ? 'value' : 'key'}`);
		certificates.push(der);
		keyCredentials.push({ der, keyId: kc.keyId, displayName: kc.displayName, customKeyIdentifier: kc.customKeyIdentifier, startDateTime: kc.start, endDateTime: kc.end });
	}
	const objectIdValue = typeof m.id === 'string' ? m.id : typeof m.objectId === 'string' ? m.objectId : undefined;
	const { identifierUris, scopes, appRoles, redirectUris, secretTexts } = manifestRegistration(m);
	return {
		appId,
		displayName: (typeof m.displayName === 'string' && m.displayName.trim()) || appId,
		certificates,
		secrets: secretTexts,
		identifierUris,
		appRoles,
		scopes,
		redirectUris,
		source: fileName,
		...(objectIdValue && isGuid(objectIdValue) ? { objectId: objectIdValue.toLowerCase() } : {}),
		keyCredentials,
	};
}

function union<T>(a: T[], b: T[], key: (x: T) => string): T[] {
	const seen = new Set(a.map(key));
	return [...a, ...b.filter((x) => !seen.has(key(x)))];
}

/**
 * Apps from manifest files (both formats). Two files with the same appId (a template and its copy) make one
 * app with the union of their certificates, secrets, URIs, roles and scopes.
 * Throws a CoreError naming the file and the problem for invalid JSON, a missing or non-GUID appId, or a
 * keyCredential that is not a certificate.
 *
 * @example
 * const apps = appsFromManifests([{ text: readFileSync('api.json', 'utf8'), fileName: 'api.json' }]);
 * apps[0].appId;               // '6a0f4b8e-…'
 * apps[0].certificates.length; // 1
 */
export function appsFromManifests(files: { text: string; fileName: string }[]): SandboxApp[] {
	const byId = new Map<string, SandboxApp>();
	for (const f of files) {
		const app = appFromManifest(f.text, f.fileName);
		// Stryker disable next-line MethodExpression: equivalent, one case for every key is all the merge needs
		const key = app.appId.toLowerCase();
		const prev = byId.get(key);
		if (!prev) {
			byId.set(key, app);
			continue;
		}
		const derKey = (d: Uint8Array) => Buffer.from(d).toString('base64');
		byId.set(key, {
			...prev,
			certificates: union(prev.certificates, app.certificates, derKey),
			keyCredentials: union(prev.keyCredentials ?? [], app.keyCredentials ?? [], (k) => derKey(k.der)),
			secrets: union(prev.secrets, app.secrets, (s) => s),
			// Stryker disable next-line MethodExpression: equivalent, one case for every key is all the merge needs
			identifierUris: union(prev.identifierUris, app.identifierUris, (s) => s.toLowerCase()),
			appRoles: union(prev.appRoles, app.appRoles, (r) => r.value),
			// Stryker disable next-line MethodExpression: equivalent, one case for every key is all the merge needs
			scopes: union(prev.scopes, app.scopes, (s) => s.value.toLowerCase()),
			redirectUris: union(prev.redirectUris, app.redirectUris, (s) => s),
			source: `${prev.source ?? ''}, ${app.source ?? ''}`,
		});
	}
	return [...byId.values()];
}

/** A registered certificate, parsed once. */
export interface RegisteredCertificate {
	der: Uint8Array;
	sha1Hex: string;
	sha256Hex: string;
	publicKey: KeyObject;
	/** 'rsa', 'ec', … */
	keyType: string;
	bits: number;
	notBefore: Date;
	notAfter: Date;
}

export interface AppEntry {
	app: SandboxApp;
	bySha1: Map<string, RegisteredCertificate>;
	bySha256: Map<string, RegisteredCertificate>;
	/** Normalised identifier URIs (lower case, no trailing slash). */
	identifierUris: Set<string>;
	/** Exposed delegated scopes: lower-case value → value as registered. */
	scopes: Map<string, string>;
	/** App roles granted to applications (allowedMemberTypes includes Application). */
	applicationRoles: string[];
}

export interface AppIndex {
	entries: AppEntry[];
	byAppId: Map<string, AppEntry>;
	/** appId or identifier URI (normalised) → app. */
	byResource: Map<string, AppEntry>;
}

/** How resources are compared: lower case, without trailing slashes. */
export function normalizeResource(resource: string): string {
	return resource.trim().toLowerCase().replace(/\/+$/, '');
}

function registered(der: Uint8Array, app: SandboxApp, index: number): RegisteredCertificate {
	let cert: X509Certificate;
	try {
		cert = new X509Certificate(Buffer.from(der));
	} catch {
		throw new CoreError('ERR_SANDBOX', `Certificate ${index + 1} of app '${app.displayName}' (${app.appId}${app.source ? `, ${app.source}` : ''}) is not DER X.509; register the certificate's DER bytes.`);
	}
	const t = thumbprints(der);
	const key = cert.publicKey;
	return {
		der,
		sha1Hex: t.sha1Hex,
		sha256Hex: t.sha256Hex,
		publicKey: key,
		keyType: key.asymmetricKeyType ?? 'unknown',
		bits: key.asymmetricKeyDetails?.modulusLength ?? 0,
		notBefore: new Date(cert.validFrom),
		notAfter: new Date(cert.validTo),
	};
}

/**
 * Indexes apps for the server. Throws a CoreError for an appId that is not a GUID or a certificate that does
 * not parse.
 */
export function indexApps(apps: SandboxApp[]): AppIndex {
	const entries: AppEntry[] = [];
	const byAppId = new Map<string, AppEntry>();
	const byResource = new Map<string, AppEntry>();
	for (const app of apps) {
		if (!isGuid(app.appId)) {
			throw new CoreError('ERR_SANDBOX', `The app '${app.displayName}' has appId '${app.appId}', which is not a GUID.`);
		}
		const certs = (app.certificates ?? []).map((der, i) => registered(der, app, i));
		const entry: AppEntry = {
			app,
			bySha1: new Map(certs.map((c) => [c.sha1Hex, c])),
			bySha256: new Map(certs.map((c) => [c.sha256Hex, c])),
			identifierUris: new Set((app.identifierUris ?? []).map(normalizeResource)),
			scopes: new Map((app.scopes ?? []).map((s) => [s.value.toLowerCase(), s.value])),
			applicationRoles: (app.appRoles ?? []).filter((r) => r.allowedMemberTypes.some((t) => t.toLowerCase() === 'application')).map((r) => r.value),
		};
		const id = app.appId.toLowerCase();
		entries.push(entry);
		byAppId.set(id, entry);
		byResource.set(id, entry);
		for (const uri of entry.identifierUris) {
			if (!byResource.has(uri)) {
				byResource.set(uri, entry);
			}
		}
	}
	return { entries, byAppId, byResource };
}
