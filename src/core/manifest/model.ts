/**
 * App manifests in both formats, read with jsonc-parser so every entry keeps its offsets in the text
 * (for diagnostics, quick fixes and minimal edits).
 *
 * - Microsoft Graph format: keyCredentials[] { customKeyIdentifier, displayName, endDateTime, key, keyId, startDateTime, type, usage }
 * - Legacy Azure AD Graph format: keyCredentials[] { customKeyIdentifier, endDate, keyId, startDate, type, usage, value }
 * (entra-rules §3)
 */
import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { CoreError } from '../errors';
import { hasFederatedCredentials } from './federated';

export type ManifestFormat = 'graph' | 'aadgraph' | 'unknown';

export interface ManifestKeyCredential {
	index: number;
	keyId?: string;
	customKeyIdentifier?: string | null;
	displayName?: string | null;
	start?: string;
	end?: string;
	type?: string;
	usage?: string;
	/** `key` (Graph) or `value` (legacy): base64 of the DER certificate. */
	certificateBase64?: string | null;
	/** Offset and length of the entry's object in the text. */
	offset: number;
	length: number;
	/** Offsets of each property's value node, by property name. */
	valueRanges: Record<string, { offset: number; length: number }>;
}

export interface ParsedManifest {
	format: ManifestFormat;
	appId?: string;
	displayName?: string;
	keyCredentials: ManifestKeyCredential[];
	/** The root node (jsonc-parser), for edits. */
	root: Node;
}

const LEGACY_ONLY = ['oauth2Permissions', 'replyUrlsWithType', 'oauth2AllowImplicitFlow', 'availableToOtherTenants', 'knownClientApplications', 'oauth2AllowIdTokenImplicitFlow'];

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let last = -1;
	for (let i = 0; i < offset && i < text.length; i++) {
		if (text.charCodeAt(i) === 10) {
			line++;
			last = i;
		}
	}
	return { line, column: offset - last };
}

/**
 * Parses a manifest's JSON (comments allowed, trailing commas not, a leading BOM skipped) into a root node whose
 * offsets are those of `text`. Throws ERR_MANIFEST_INVALID_JSON naming the line and column.
 */
export function parseJsonTree(text: string, fileName = 'the manifest'): Node {
	const errors: ParseError[] = [];
	// A UTF-8 BOM (Windows editors, the portal's download) is read as one space: offsets stay those of the text.
	const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
	const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: false });
	if (errors.length > 0 || !root) {
		const e = errors[0];
		const at = e ? lineColumn(text, e.offset) : { line: 1, column: 1 };
		const what = e ? printParseErrorCode(e.error) : 'EmptyDocument';
		throw new CoreError('ERR_MANIFEST_INVALID_JSON', `'${fileName}' is not valid JSON at line ${at.line}, column ${at.column} (${what}); fix the JSON there first.`);
	}
	return root;
}

/** Cheap check: a JSON object that mentions keyCredentials or appId at its top level. */
export function isLikelyManifest(text: string): boolean {
	if (/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[[{]/.test(text) && hasFederatedCredentials(text)) {
		return true; // federated identity credentials, as a manifest property or exported on their own
	}
	if (!/^\s*(\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*\{/.test(text) || !/"(keyCredentials|appId)"\s*:/.test(text)) {
		return false;
	}
	try {
		const root = parseJsonTree(text);
		return root.type === 'object' && (!!findNodeAtLocation(root, ['keyCredentials']) || !!findNodeAtLocation(root, ['appId']));
	} catch {
		return false;
	}
}

/** An app manifest proper: a JSON object with appId or keyCredentials (not a federated-credential export on its own). */
export function isAppManifest(text: string): boolean {
	if (!/"(keyCredentials|appId)"\s*:/.test(text)) {
		return false;
	}
	try {
		const root = parseJsonTree(text);
		return root.type === 'object' && (!!findNodeAtLocation(root, ['keyCredentials']) || !!findNodeAtLocation(root, ['appId']));
	} catch {
		return false;
	}
}

function str(node: Node | undefined): string | undefined {
	return node && node.type === 'string' ? (node.value as string) : undefined;
}

function strOrNull(node: Node | undefined): string | null | undefined {
	if (node?.type === 'null') {
		return null;
	}
	return str(node);
}

/**
 * Parses a manifest in either format.
 * @example
 * const m = parseManifest(text, 'manifest.json');
 * m.format;                      // 'graph'
 * m.keyCredentials[0].keyId;     // 'a1b2…'
 */
export function parseManifest(text: string, fileName?: string): ParsedManifest {
	const root = parseJsonTree(text, fileName);
	if (root.type !== 'object') {
		throw new CoreError('ERR_MANIFEST_SHAPE', `'${fileName ?? 'The manifest'}' is not a JSON object; an app manifest is an object with appId and keyCredentials.`);
	}
	const creds = findNodeAtLocation(root, ['keyCredentials']);
	const keyCredentials: ManifestKeyCredential[] = [];
	if (creds?.type === 'array') {
		(creds.children ?? []).forEach((entry, index) => {
			if (entry.type !== 'object') {
				return;
			}
			const prop = (name: string) => findNodeAtLocation(entry, [name]);
			const valueRanges: Record<string, { offset: number; length: number }> = {};
			for (const p of entry.children ?? []) {
				const key = p.children?.[0];
				const value = p.children?.[1];
				if (key && value) {
					valueRanges[key.value as string] = { offset: value.offset, length: value.length };
				}
			}
			keyCredentials.push({
				index,
				keyId: str(prop('keyId')),
				customKeyIdentifier: strOrNull(prop('customKeyIdentifier')),
				displayName: strOrNull(prop('displayName')),
				start: str(prop('startDateTime')) ?? str(prop('startDate')),
				end: str(prop('endDateTime')) ?? str(prop('endDate')),
				type: str(prop('type')),
				usage: str(prop('usage')),
				certificateBase64: strOrNull(prop('key')) ?? strOrNull(prop('value')),
				offset: entry.offset,
				length: entry.length,
				valueRanges,
			});
		});
	}
	return {
		format: detectFormat(root),
		appId: str(findNodeAtLocation(root, ['appId'])),
		displayName: str(findNodeAtLocation(root, ['displayName'])),
		keyCredentials,
		root,
	};
}

/** Decides the format by the keyCredential fields when present, else by top-level keys only the legacy format has; default Graph. */
export function detectFormat(root: Node): ManifestFormat {
	const creds = findNodeAtLocation(root, ['keyCredentials']);
	for (const entry of creds?.type === 'array' ? (creds.children ?? []) : []) {
		const v = entry.type === 'object' ? (getNodeValue(entry) as Record<string, unknown>) : {};
		if ('key' in v || 'startDateTime' in v || 'endDateTime' in v) {
			return 'graph';
		}
		if ('value' in v || 'startDate' in v || 'endDate' in v) {
			return 'aadgraph';
		}
	}
	const top = new Set((root.children ?? []).map((p) => p.children?.[0]?.value as string));
	if (LEGACY_ONLY.some((k) => top.has(k))) {
		return 'aadgraph';
	}
	// Graph-only keys (api, web, spa, publicClient, info) and everything else: Graph, the current format.
	return 'graph';
}

/** What an app manifest registers besides its keys (both formats, entra-rules §3). */
export interface ManifestRegistration {
	identifierUris: string[];
	/** Enabled exposed delegated scopes: api.oauth2PermissionScopes (Graph) or oauth2Permissions (legacy). */
	scopes: { id: string; value: string }[];
	/** Enabled app roles. */
	appRoles: { id: string; value: string; allowedMemberTypes: string[] }[];
	/** web/spa/publicClient.redirectUris (Graph), replyUrlsWithType[].url and replyUrls (legacy); no repeats. */
	redirectUris: string[];
	/** passwordCredentials[].secretText, where a manifest carries the secret (as Graph's addPassword answer does). */
	secretTexts: string[];
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(v: unknown): string[] {
	return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()) : [];
}

/** Entries that are objects and not `isEnabled: false` (disabled roles and scopes are not granted, as in Entra). */
function enabledObjects(v: unknown): Json[] {
	return Array.isArray(v) ? v.filter(isObject).filter((o) => o.isEnabled !== false) : [];
}

/**
 * Identifier URIs, scopes, app roles, redirect URIs and secret texts of a manifest's JSON value (either format).
 * @example
 * manifestRegistration({ identifierUris: ['api://orders'], api: { oauth2PermissionScopes: [{ id: '…', value: 'Orders.Read' }] } }).scopes;
 * // [{ id: '…', value: 'Orders.Read' }]
 */
export function manifestRegistration(manifest: unknown): ManifestRegistration {
	const m = isObject(manifest) ? manifest : {};
	const api = isObject(m.api) ? m.api : {};
	const scopesSource = Array.isArray(api.oauth2PermissionScopes) ? api.oauth2PermissionScopes : m.oauth2Permissions;
	const redirectUris = [
		...(['web', 'spa', 'publicClient'] as const).flatMap((k) => (isObject(m[k]) ? strings((m[k] as Json).redirectUris) : [])),
		...(Array.isArray(m.replyUrlsWithType) ? m.replyUrlsWithType.filter(isObject) : []).flatMap((r) => strings([r.url])),
		...strings(m.replyUrls),
	];
	return {
		identifierUris: strings(m.identifierUris),
		scopes: enabledObjects(scopesSource).map((s) => ({ id: String(s.id ?? ''), value: String(s.value ?? '') })).filter((s) => s.value !== ''),
		appRoles: enabledObjects(m.appRoles).map((r) => ({ id: String(r.id ?? ''), value: String(r.value ?? ''), allowedMemberTypes: strings(r.allowedMemberTypes) })).filter((r) => r.value !== ''),
		redirectUris: [...new Set(redirectUris)],
		secretTexts: (Array.isArray(m.passwordCredentials) ? m.passwordCredentials.filter(isObject) : []).flatMap((p) => strings([p.secretText])),
	};
}
