/**
 * Requests to Microsoft Graph's application endpoints, and reading their answers. Pure: the network only through
 * the injected fetch (as src/core/token/send.ts), no clock but the `now` given.
 *
 * - GET  /v1.0/applications(appId='{appId}')?$select=id,appId,displayName,keyCredentials
 *   (`key` is returned only when keyCredentials is selected on a single object; otherwise null)
 * - PATCH /v1.0/applications/{id}   { keyCredentials: [...every existing entry by keyId, the new one] }  → 204
 * - POST /v1.0/applications/{id}/addKey    { keyCredential, passwordCredential: null, proof }   → 200 keyCredential
 * - POST /v1.0/applications/{id}/removeKey { keyId, proof }                                    → 204
 * - GET  /v1.0/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName
 * Sources: docs/graph-keycredentials.md.
 */
import { CoreError } from '../errors';
import { isGuid } from '../ids';
import { buildKeyCredential, type CertificateForManifest } from '../manifest/keyCredential';
import { CLOUD_RESOURCES, type CloudName } from '../token/clouds';
import type { GraphApplication, GraphErrorBody, GraphFetch, GraphKeyCredential, GraphRequest, GraphResponse } from './types';

/** What Graph's applications endpoints are asked to return. */
export const APPLICATION_SELECT = 'id,appId,displayName,keyCredentials';

/** Graph's root for a cloud (the kit's clouds table), e.g. https://graph.microsoft.com. */
export function graphBaseUrl(cloud: CloudName = 'public'): string {
	return CLOUD_RESOURCES[cloud].graph;
}

function root(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '').replace(/\/v1\.0$/i, '');
}

function headers(token: string, body: boolean): Record<string, string> {
	if (!token || !token.trim() || /\s/.test(token.trim())) {
		throw new CoreError('ERR_INVALID_OPTION', 'The Graph access token is empty or has spaces in it; pass the token itself (no "Bearer " prefix).');
	}
	return { Authorization: `Bearer ${token.trim()}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) };
}

function checkGuid(value: string, what: string): string {
	const v = value.trim();
	if (!isGuid(v)) {
		throw new CoreError('ERR_INVALID_OPTION', `The ${what} '${value}' is not a GUID; ${what === 'application (client) ID' ? 'use the app registration\'s "Application (client) ID"' : what === 'object ID' ? 'use the application\'s "Object ID" (Graph\'s id), not its client ID' : 'copy the keyId from `entra-cert app show`'}.`);
	}
	return v.toLowerCase();
}

/** GET one application by its client ID, with its keyCredentials (and their `key`, as Graph returns it for a single object). */
export function getApplicationRequest(input: { baseUrl: string; appId: string; token: string }): GraphRequest {
	const appId = checkGuid(input.appId, 'application (client) ID');
	return {
		method: 'GET',
		url: `${root(input.baseUrl)}/v1.0/applications(appId='${appId}')?$select=${APPLICATION_SELECT}`,
		headers: headers(input.token, false),
		summary: `Read application ${appId} with its keyCredentials.`,
	};
}

/** GET the applications the signed-in user owns (delegated token). */
export function ownedApplicationsRequest(input: { baseUrl: string; token: string }): GraphRequest {
	return {
		method: 'GET',
		url: `${root(input.baseUrl)}/v1.0/me/ownedObjects/microsoft.graph.application?$select=id,appId,displayName`,
		headers: headers(input.token, false),
		summary: 'List the applications the signed-in user owns.',
	};
}

/** An existing entry as it is sent back in a PATCH: everything Graph reported except key material. */
export function existingEntryForPatch(k: GraphKeyCredential): Record<string, unknown> {
	const out: Record<string, unknown> = { keyId: k.keyId, type: k.type, usage: k.usage };
	for (const name of ['displayName', 'customKeyIdentifier', 'startDateTime', 'endDateTime'] as const) {
		if (k[name] !== undefined) {
			out[name] = k[name];
		}
	}
	return out;
}

/**
 * PATCH the application's keyCredentials: PATCH replaces the whole collection, so every existing entry is sent back
 * by its keyId (without key material, which GET may not have returned), minus `removeKeyIds`, plus `add`.
 */
export function patchKeyCredentialsRequest(input: { baseUrl: string; app: GraphApplication; token: string; add?: Record<string, unknown>; removeKeyIds?: string[] }): GraphRequest {
	const id = checkGuid(input.app.id, 'object ID');
	const remove = new Set((input.removeKeyIds ?? []).map((k) => k.toLowerCase()));
	const kept = input.app.keyCredentials.filter((k) => !remove.has(k.keyId.toLowerCase()));
	const keyCredentials = [...kept.map(existingEntryForPatch), ...(input.add ? [input.add] : [])];
	const parts = [input.add ? `add '${String(input.add.displayName ?? input.add.keyId)}'` : undefined, remove.size > 0 ? `remove ${[...remove].join(', ')}` : undefined, `keep ${kept.length} existing key${kept.length === 1 ? '' : 's'}`].filter(Boolean);
	return {
		method: 'PATCH',
		url: `${root(input.baseUrl)}/v1.0/applications/${id}`,
		headers: headers(input.token, true),
		body: JSON.stringify({ keyCredentials }),
		summary: `Update the keyCredentials of '${input.app.displayName}' (${input.app.appId}): ${parts.join('; ')}.`,
	};
}

/** The keyCredential a PATCH adds for a certificate (Graph format, with a new keyId). */
export function newKeyCredentialEntry(cert: CertificateForManifest, options: { keyId?: string; displayName?: string } = {}): Record<string, unknown> {
	return buildKeyCredential(cert, 'graph', options);
}

/** POST addKey: the new certificate (type, usage, key, displayName), passwordCredential null, and the proof JWT. */
export function addKeyRequest(input: { baseUrl: string; app: GraphApplication; token: string; cert: CertificateForManifest; proof: string; displayName?: string }): GraphRequest {
	const id = checkGuid(input.app.id, 'object ID');
	const entry = buildKeyCredential(input.cert, 'graph', { displayName: input.displayName, keyId: 'unused' });
	const keyCredential = { type: 'AsymmetricX509Cert', usage: 'Verify', key: entry.key, displayName: entry.displayName };
	return {
		method: 'POST',
		url: `${root(input.baseUrl)}/v1.0/applications/${id}/addKey`,
		headers: headers(input.token, true),
		body: JSON.stringify({ keyCredential, passwordCredential: null, proof: input.proof }),
		summary: `Add certificate '${String(entry.displayName)}' to '${input.app.displayName}' (${input.app.appId}) with addKey (proof of possession of an existing key).`,
	};
}

/** POST removeKey: the keyId and a proof signed by a key that stays on the app. */
export function removeKeyRequest(input: { baseUrl: string; app: GraphApplication; token: string; keyId: string; proof: string }): GraphRequest {
	const id = checkGuid(input.app.id, 'object ID');
	const keyId = checkGuid(input.keyId, 'keyId');
	return {
		method: 'POST',
		url: `${root(input.baseUrl)}/v1.0/applications/${id}/removeKey`,
		headers: headers(input.token, true),
		body: JSON.stringify({ keyId, proof: input.proof }),
		summary: `Remove key ${keyId} from '${input.app.displayName}' (${input.app.appId}) with removeKey.`,
	};
}

function isObject(v: unknown): v is Record<string, unknown> {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Graph's error body, when the answer has one. */
export function graphError(json: unknown): GraphErrorBody | undefined {
	if (!isObject(json) || !isObject(json.error)) {
		return undefined;
	}
	const e = json.error;
	const inner = isObject(e.innerError) ? e.innerError : isObject(e.innererror) ? e.innererror : {};
	return {
		code: typeof e.code === 'string' ? e.code : 'unknown',
		message: typeof e.message === 'string' ? e.message : '',
		...(typeof inner['request-id'] === 'string' ? { requestId: inner['request-id'] } : {}),
		...(typeof inner.date === 'string' ? { date: inner.date } : {}),
	};
}

const MAX_GRAPH_RESPONSE = 4 * 1024 * 1024;

/** The body as text, or undefined past MAX_GRAPH_RESPONSE bytes (the stream is cancelled there). */
async function readBounded(res: Response): Promise<string | undefined> {
	if (!res.body) {
		return '';
	}
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) {
			break;
		}
		total += value.byteLength;
		if (total > MAX_GRAPH_RESPONSE) {
			await reader.cancel().catch(() => undefined);
			return undefined;
		}
		chunks.push(value);
	}
	return new TextDecoder().decode(Buffer.concat(chunks, total));
}

/**
 * Sends a Graph request with the injected fetch (no redirects followed, 30 s timeout) and reads the answer.
 * HTTP errors are answers (with `error` read from Graph's JSON); a network failure is ERR_NETWORK naming the host.
 */
export async function sendGraphRequest(req: GraphRequest, options: { fetch: GraphFetch; timeoutMs?: number; signal?: AbortSignal }): Promise<GraphResponse> {
	const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
	const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
	let res: Response;
	try {
		res = await options.fetch(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' });
	} catch (e) {
		if (options.signal?.aborted) {
			throw e;
		}
		const host = (() => {
			try {
				return new URL(req.url).host;
			} catch {
				return req.url;
			}
		})();
		if (timeout.aborted) {
			throw new CoreError('ERR_TIMEOUT', `Microsoft Graph at ${host} did not answer within ${(options.timeoutMs ?? 30_000) / 1000} s; check the network and send again.`, { cause: e });
		}
		const code = (e as { cause?: { code?: string } })?.cause?.code;
		throw new CoreError('ERR_NETWORK', `Could not reach Microsoft Graph at ${host}${code ? ` (${code})` : ''}: ${code === 'ECONNREFUSED' ? 'nothing listens there; is the sandbox running?' : 'check the URL, the network and the proxy settings.'}`, { cause: e });
	}
	const bodyText = await readBounded(res);
	if (bodyText === undefined) {
		throw new CoreError('ERR_HTTP', `The answer from ${req.url} (HTTP ${res.status}) is larger than 4 MB, far more than Graph sends for one application; check the URL. It was not read further.`);
	}
	let json: unknown;
	if (bodyText.trim() !== '') {
		try {
			json = JSON.parse(bodyText);
		} catch {
			json = undefined;
		}
	}
	const error = res.ok ? undefined : graphError(json);
	return { status: res.status, ok: res.ok, bodyText, ...(json !== undefined ? { json } : {}), ...(error ? { error } : {}) };
}

function keyCredentialOf(v: unknown): GraphKeyCredential | undefined {
	if (!isObject(v) || typeof v.keyId !== 'string') {
		return undefined;
	}
	const s = (name: string): string | null | undefined => (typeof v[name] === 'string' ? (v[name] as string) : v[name] === null ? null : undefined);
	return {
		keyId: v.keyId,
		type: typeof v.type === 'string' ? v.type : '',
		usage: typeof v.usage === 'string' ? v.usage : '',
		displayName: s('displayName'),
		customKeyIdentifier: s('customKeyIdentifier'),
		startDateTime: s('startDateTime'),
		endDateTime: s('endDateTime'),
		key: s('key'),
	};
}

/** Reads an application from Graph's JSON; throws ERR_HTTP when it is not one. */
export function parseApplication(json: unknown): GraphApplication {
	if (!isObject(json) || typeof json.id !== 'string' || typeof json.appId !== 'string') {
		throw new CoreError('ERR_HTTP', 'The answer is not a Microsoft Graph application (no id and appId); check the URL.');
	}
	return {
		id: json.id,
		appId: json.appId,
		displayName: typeof json.displayName === 'string' ? json.displayName : json.appId,
		keyCredentials: (Array.isArray(json.keyCredentials) ? json.keyCredentials : []).map(keyCredentialOf).filter((k): k is GraphKeyCredential => k !== undefined),
	};
}

/** Reads addKey's answer (the new keyCredential). */
export function parseKeyCredential(json: unknown): GraphKeyCredential {
	const k = keyCredentialOf(json);
	if (!k) {
		throw new CoreError('ERR_HTTP', 'The answer is not a keyCredential (no keyId); check the URL.');
	}
	return k;
}

/** Reads a list answer ({ value: [...] }) of applications; entries that are not applications are left out. */
export function parseApplicationList(json: unknown): { id: string; appId: string; displayName: string }[] {
	const value = isObject(json) && Array.isArray(json.value) ? json.value : [];
	return value.filter(isObject).filter((v) => typeof v.id === 'string' && typeof v.appId === 'string').map((v) => ({ id: v.id as string, appId: v.appId as string, displayName: typeof v.displayName === 'string' ? v.displayName : (v.appId as string) }));
}
