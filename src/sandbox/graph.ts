/**
 * The sandbox's emulation of what Entra Cert Kit needs of Microsoft Graph v1.0 (an emulation, not Microsoft):
 *
 *   GET   /v1.0/me                                  the signed-in sandbox user
 *   GET   /v1.0/me/ownedObjects[/microsoft.graph.application]   the apps the user owns
 *   GET   /v1.0/applications(appId='{appId}') | /v1.0/applications/{id}      ($select honoured; `key` only with
 *         $select including keyCredentials, as Graph does for a single object)
 *   PATCH the same: keyCredentials only (the whole collection; existing entries named by keyId)         → 204
 *   POST  …/addKey    { keyCredential, passwordCredential, proof }                                    → 200 keyCredential
 *   POST  …/removeKey { keyId, proof }                                                                → 204
 *
 * Tokens: Graph-style access tokens the sandbox issues itself (header nonce, see tokens.ts), from
 * `POST /{tenant}/oauth2/v2.0/token` with grant_type=password for a sandbox user (see {@link graphPasswordGrant}),
 * or app-only tokens from client credentials (an app may roll its own keys with addKey/removeKey).
 * Errors are Graph-shaped: { error: { code, message, innerError: { date, request-id, client-request-id } } }.
 * Where Graph's documented behaviour does not decide, the message says what the sandbox chose
 * (docs/graph-keycredentials.md).
 */
import { randomUUID, verify, X509Certificate } from 'node:crypto';
import { isGuid } from '../core/ids';
import { decodeAnyBase64 } from '../core/encoding';
import { decodeJwt, type DecodedJwt } from '../core/jwt/decode';
import { thumbprints } from '../core/certificate/thumbprint';
import { verifyProof } from '../core/graph/proof';
import { indexApps } from './apps';
import { invalidGrant, invalidRequest, sandboxNote, SandboxError } from './errors';
import { keyJson, keyRecord, liveApps, type GraphAppRecord, type GraphKeyRecord } from './graphState';
import type { SandboxState } from './state';
import { derivedGuid, graphNonceTransform, signGraphStyleJwt, TOKEN_LIFETIME_SECONDS } from './tokens';
import type { SandboxUser } from './types';

/** Graph's resource URI: the aud of the tokens the sandbox issues for its emulated Graph. */
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
/** Delegated Graph permissions the sandbox knows. `.default` grants the first two (as if an admin had consented). */
export const GRAPH_DELEGATED_SCOPES = ['Application.ReadWrite.All', 'User.Read', 'Application.Read.All'];
const READ_SCOPES = ['application.read.all', 'application.readwrite.all', 'directory.read.all', 'directory.readwrite.all', 'directory.accessasuser.all'];
const WRITE_SCOPES = ['application.readwrite.all', 'directory.readwrite.all', 'directory.accessasuser.all'];

export interface GraphReply {
	status: number;
	headers: Record<string, string>;
	body: string;
}

function reply(status: number, value: unknown): GraphReply {
	if (status === 204) {
		return { status, headers: { 'Cache-Control': 'no-cache' }, body: '' };
	}
	return { status, headers: { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', 'Cache-Control': 'no-cache' }, body: JSON.stringify(value) };
}

/** A Graph error answer. */
class GraphFault extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

const denied = (note: string) => new GraphFault(403, 'Authorization_RequestDenied', `Insufficient privileges to complete the operation.${sandboxNote(note)}`);
const badRequest = (message: string) => new GraphFault(400, 'Request_BadRequest', message);

function errorJson(f: GraphFault, now: Date, correlationId: string): unknown {
	return { error: { code: f.code, message: f.message, innerError: { date: now.toISOString().slice(0, 19), 'request-id': randomUUID(), 'client-request-id': correlationId } } };
}

/** Who is calling: a sandbox user with scopes, or an app (app-only). */
type Caller = { kind: 'user'; user: SandboxUser; scopes: string[] } | { kind: 'app'; appId: string; roles: string[] };

/** True when the token is one this sandbox signed Graph-style (signature over the header with the transformed nonce). */
function verifiesGraphStyle(state: SandboxState, token: DecodedJwt): boolean {
	const nonce = token.header.nonce;
	if (typeof nonce !== 'string' || token.header.alg !== 'RS256') {
		return false;
	}
	const header = Buffer.from(JSON.stringify({ ...token.header, nonce: graphNonceTransform(nonce) })).toString('base64url');
	// Node's verify answers false (it does not throw) for an RSA key and a signature of any length.
	return verify('sha256', Buffer.from(`${header}.${token.segments[1]}`), state.key.publicKey, Buffer.from(token.signature, 'base64url'));
}

function authenticate(state: SandboxState, authorization: string | undefined, now: Date): Caller {
	// Stryker disable next-line StringLiteral: equivalent, a mutated stand-in for '' (no Bearer prefix) does not match either
	const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!m) {
		throw new GraphFault(401, 'InvalidAuthenticationToken', 'Access token is empty.');
	}
	let token: DecodedJwt;
	try {
		token = decodeJwt(m[1]);
	} catch {
		throw new GraphFault(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
	}
	const { payload } = token;
	if (!verifiesGraphStyle(state, token) || payload.iss !== state.issuer) {
		throw new GraphFault(401, 'InvalidAuthenticationToken', `Access token validation failure. Invalid audience.${sandboxNote('the token was not issued for Graph by this sandbox; get one from its token endpoint (grant_type=password for a sandbox user, scope https://graph.microsoft.com/.default)')}`);
	}
	const aud = str(payload.aud)?.replace(/\/+$/, '').toLowerCase();
	if (aud !== GRAPH_RESOURCE && aud !== '00000003-0000-0000-c000-000000000000') {
		throw new GraphFault(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
	}
	if (typeof payload.exp !== 'number' || payload.exp * 1000 < now.getTime()) {
		throw new GraphFault(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
	}
	if (payload.idtyp === 'app') {
		return { kind: 'app', appId: String(payload.appid ?? payload.azp ?? '').toLowerCase(), roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [] };
	}
	const user = state.users.find((u) => u.oid === payload.oid);
	if (!user) {
		throw new GraphFault(401, 'InvalidAuthenticationToken', `Access token validation failure.${sandboxNote('the token\'s user is not a sandbox user')}`);
	}
	return { kind: 'user', user, scopes: typeof payload.scp === 'string' ? payload.scp.split(' ').filter(Boolean) : [] };
}

function hasScope(scopes: string[], wanted: string[]): boolean {
	return scopes.some((s) => wanted.includes(s.toLowerCase()));
}

function mayRead(caller: Caller): void {
	if (caller.kind === 'app') {
		if (!caller.roles.some((r) => READ_SCOPES.includes(r.toLowerCase()))) {
			throw denied('the app-only token has no Application.Read.All role; the sandbox grants no Graph application permissions');
		}
		return;
	}
	if (!hasScope(caller.scopes, READ_SCOPES)) {
		throw denied(`the token's scp (${caller.scopes.join(' ') || 'none'}) has no Application.Read.All or Application.ReadWrite.All`);
	}
}

/** PATCH: delegated Application.ReadWrite.All and the user owns the app (the emulated users hold no admin role). */
function mayWrite(caller: Caller, app: GraphAppRecord, selfRoll: boolean): void {
	if (caller.kind === 'app') {
		if (selfRoll && caller.appId === app.appId) {
			return; // "An application does not need any specific permission to roll its own keys" (addKey/removeKey).
		}
		throw denied(selfRoll ? `an app-only token may roll only its own app's keys; this token is for '${caller.appId}'` : 'the app-only token has no Application.ReadWrite.All role; the sandbox grants no Graph application permissions');
	}
	if (!hasScope(caller.scopes, WRITE_SCOPES)) {
		throw denied(`the token's scp (${caller.scopes.join(' ') || 'none'}) has no Application.ReadWrite.All`);
	}
	if (!app.owners.has(caller.user.oid)) {
		throw denied(`${caller.user.preferredUsername} is not an owner of '${app.displayName}' and holds no admin role in the sandbox`);
	}
}

const APP_BY_APPID = /^\/v1\.0\/applications\(appId='([^']*)'\)(?:\/(?:microsoft\.graph\.)?(addKey|removeKey))?$/i;
const APP_BY_ID = /^\/v1\.0\/applications\/([^/()]+)(?:\/(?:microsoft\.graph\.)?(addKey|removeKey))?$/i;

function lastSegment(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** True for paths the emulated Graph answers. */
export function isGraphPath(pathname: string): boolean {
	return pathname.startsWith('/v1.0/');
}

function findApp(state: SandboxState, pathname: string): { app: GraphAppRecord; action?: string } {
	const byAppId = APP_BY_APPID.exec(pathname);
	const byId = byAppId ? undefined : APP_BY_ID.exec(pathname);
	const m = byAppId ?? byId;
	if (!m) {
		throw new GraphFault(400, 'Request_BadRequest', `Resource not found for the segment '${lastSegment(pathname)}'.${sandboxNote('it emulates /v1.0/applications(appId=\'…\'), /v1.0/applications/{id}, their addKey and removeKey, /v1.0/me and /v1.0/me/ownedObjects')}`);
	}
	const key = decodeURIComponent(m[1]).toLowerCase();
	const app = byAppId ? state.graph.byAppId.get(key) : state.graph.byObjectId.get(key);
	if (!app) {
		const what = byAppId ? `appId '${key}'` : `'${key}'`;
		const served = [...state.graph.byAppId.values()];
		const list = `${served.slice(0, 5).map((a) => `${a.appId} (${a.displayName})`).join(', ')}${served.length > 5 ? `, and ${served.length - 5} more` : ''}`;
		const note = byId && state.graph.byAppId.has(key) ? `'${key}' is the app's client ID (appId); /applications/{id} takes the object ID, or use /applications(appId='${key}')` : served.length > 0 ? `it serves the apps of the manifests it was started with: ${list}` : 'it was started without app manifests; start it with --manifest FILE';
		throw new GraphFault(404, 'Request_ResourceNotFound', `Resource ${what} does not exist or one of its queried reference-property objects are not present.${sandboxNote(note)}`);
	}
	const action = m[2]?.toLowerCase();
	return { app, ...(action ? { action } : {}) };
}

/** The application JSON, honouring $select (unknown properties are left out: the emulation knows these four). */
function appJson(app: GraphAppRecord, select: string | null, single: boolean): Record<string, unknown> {
	const fields = select ? select.split(',').map((s) => s.trim()) : ['id', 'appId', 'displayName', 'keyCredentials'];
	// key is shown only when keyCredentials is selected, which is the only way keyCredentials is listed with $select
	const withKey = single && select !== null;
	const out: Record<string, unknown> = {};
	for (const f of fields) {
		switch (f.toLowerCase()) {
			case 'id':
				out.id = app.id;
				break;
			case 'appid':
				out.appId = app.appId;
				break;
			case 'displayname':
				out.displayName = app.displayName;
				break;
			case 'keycredentials':
				out.keyCredentials = app.keys.map((k) => keyJson(k, withKey));
				break;
		}
	}
	return out;
}

function parseBody(body: string | undefined): Record<string, unknown> {
	if (body === undefined) {
		throw badRequest('The request body is too large.');
	}
	let v: unknown;
	try {
		v = JSON.parse(body);
	} catch {
		// Not JSON: v stays undefined, refused just below with Graph's message.
	}
	if (v === null || typeof v !== 'object' || Array.isArray(v)) {
		throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
	}
	return v as Record<string, unknown>;
}

function certificateFrom(value: unknown): Uint8Array {
	const der = typeof value === 'string' ? decodeAnyBase64(value) : undefined;
	if (!der || der.length === 0) {
		throw badRequest(`Invalid value specified for property 'key' of resource 'KeyCredential'.${sandboxNote('key must be base64 of the certificate\'s DER bytes')}`);
	}
	// Node's X509Certificate also reads PEM: refuse anything that is not DER (a SEQUENCE) first.
	if (Buffer.from(der).toString('latin1').trimStart().startsWith('-----BEGIN')) {
		throw badRequest(`Invalid value specified for property 'key' of resource 'KeyCredential'.${sandboxNote('key holds base64 of PEM text; it must be base64 of the DER bytes')}`);
	}
	// Node also reads PEM after other text (openssl x509 -text output): the bytes must start as DER does (a SEQUENCE).
	if (der[0] !== 0x30 || !parsesAsCertificate(der)) {
		throw badRequest(`Invalid value specified for property 'key' of resource 'KeyCredential'.${sandboxNote('key is not a DER X.509 certificate')}`);
	}
	return der;
}

function parsesAsCertificate(der: Uint8Array): boolean {
	try {
		new X509Certificate(Buffer.from(der));
	} catch {
		return false;
	}
	return true;
}

function checkTypeUsage(entry: Record<string, unknown>): void {
	const usage = str(entry.usage)?.toLowerCase();
	if (usage !== 'sign' && usage !== 'verify') {
		throw badRequest('The value for the property "usage" in one of your credentials is invalid. Acceptable values are Sign, Verify.');
	}
	if (entry.type !== 'AsymmetricX509Cert' || usage !== 'verify') {
		throw badRequest(`Invalid value specified for property 'type' of resource 'KeyCredential'.${sandboxNote('it emulates client certificates only: type AsymmetricX509Cert with usage Verify')}`);
	}
}

function str(v: unknown): string | undefined {
	return typeof v === 'string' ? v : undefined;
}

/** A new key from a keyCredential in a request (PATCH or addKey). */
function newKey(entry: Record<string, unknown>, keyId: string | undefined): GraphKeyRecord {
	checkTypeUsage(entry);
	const der = certificateFrom(entry.key);
	const cert = new X509Certificate(Buffer.from(der));
	const end = str(entry.endDateTime);
	if (end !== undefined && (Number.isNaN(Date.parse(end)) || Date.parse(end) > Date.parse(cert.validTo) + 1000)) {
		throw badRequest(`Key credential end date is invalid.${sandboxNote(`endDateTime ${end} is after the certificate's notAfter ${new Date(cert.validTo).toISOString()}`)}`);
	}
	const start = str(entry.startDateTime);
	if (start !== undefined && Number.isNaN(Date.parse(start))) {
		throw badRequest(`Key credential start date is invalid.${sandboxNote(`startDateTime '${start}' is not a date`)}`);
	}
	const cki = entry.customKeyIdentifier;
	if (cki !== undefined && cki !== null && (typeof cki !== 'string' || decodeAnyBase64(cki) === undefined)) {
		throw badRequest(`Invalid value specified for property 'customKeyIdentifier' of resource 'KeyCredential'.${sandboxNote('customKeyIdentifier is binary: base64 in JSON')}`);
	}
	return keyRecord(der, { keyId, displayName: str(entry.displayName), customKeyIdentifier: str(cki), startDateTime: start, endDateTime: end });
}

/** Applies a PATCH body: keyCredentials only, the whole collection. */
function patch(state: SandboxState, app: GraphAppRecord, body: Record<string, unknown>): void {
	const other = Object.keys(body).filter((k) => k !== 'keyCredentials');
	if (other.length > 0) {
		throw badRequest(`Property '${other[0]}' is not supported by the Entra Cert Kit sandbox.${sandboxNote('its Graph emulation changes keyCredentials only, and changes nothing else on an application')}`);
	}
	if (!Array.isArray(body.keyCredentials)) {
		throw badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
	}
	const existing = new Map<string | undefined, GraphKeyRecord>(app.keys.map((k) => [k.keyId, k]));
	const next: GraphKeyRecord[] = [];
	const ids = new Set<string | undefined>();
	for (const raw of body.keyCredentials) {
		if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
			throw badRequest("Invalid value specified for property 'keyCredentials' of resource 'Application'.");
		}
		const entry = raw as Record<string, unknown>;
		const keyId = str(entry.keyId)?.toLowerCase();
		if (keyId !== undefined && !isGuid(keyId)) {
			throw badRequest(`Invalid value specified for property 'keyId' of resource 'KeyCredential'.${sandboxNote('keyId is a GUID')}`);
		}
		if (ids.has(keyId)) {
			throw badRequest(`Key credential keyId ${keyId} is specified more than once.${sandboxNote('each keyId may appear once')}`);
		}
		const old = existing.get(keyId);
		if (old) {
			if (entry.key !== undefined && entry.key !== null && Buffer.compare(Buffer.from(certificateFrom(entry.key)), Buffer.from(old.der)) !== 0) {
				throw badRequest(`Update to existing credential with KeyId is not allowed.${sandboxNote(`keyId ${keyId} was sent back with another certificate; send an existing key by its keyId alone, and a new certificate as a new entry`)}`);
			}
			next.push(old);
		} else if (entry.key === undefined || entry.key === null) {
			throw badRequest(`Existing credential with KeyId '${keyId ?? '(none)'}' not found.${sandboxNote('an entry without key must name the keyId of a key the application has; every existing key is sent back by its keyId, a new one with its key')}`);
		} else {
			next.push(newKey(entry, keyId));
		}
		ids.add(next[next.length - 1].keyId);
	}
	const dupe = duplicateCertificate(next);
	if (dupe) {
		throw badRequest(`The same certificate is registered twice (SHA-1 ${dupe}).${sandboxNote('the sandbox refuses a certificate already on the app; what Graph does is not documented')}`);
	}
	limit(state, next.length);
	app.keys = next;
}

function duplicateCertificate(keys: GraphKeyRecord[]): string | undefined {
	const seen = new Set<string>();
	for (const k of keys) {
		const h = thumbprints(k.der).sha1Hex;
		if (seen.has(h)) {
			return h;
		}
		seen.add(h);
	}
	return undefined;
}

function limit(state: SandboxState, count: number): void {
	if (count > state.graph.keyLimit) {
		throw new GraphFault(400, 'Directory_ResourceSizeExceeded', `The size of the object has exceeded its limit. Please reduce the number of values and retry your request.${sandboxNote(`Graph limits the object's size; the sandbox allows ${state.graph.keyLimit} keyCredentials per app`)}`);
	}
}

/** Keys that may sign a proof now: those inside their dates (every key the emulation holds is a Verify certificate key). */
function validKeys(app: GraphAppRecord, now: Date): GraphKeyRecord[] {
	const t = now.getTime();
	return app.keys.filter((k) => Date.parse(k.startDateTime) <= t && Date.parse(k.endDateTime) > t);
}

function checkProof(state: SandboxState, app: GraphAppRecord, proof: unknown, candidates: GraphKeyRecord[], now: Date, op: 'addKey' | 'removeKey'): void {
	if (typeof proof !== 'string' || proof.trim() === '') {
		throw denied(`${op} needs a proof: a JWT signed by one of the app's valid certificates (aud 00000002-0000-0000-c000-000000000000, iss = the object ID ${app.id})`);
	}
	if (validKeys(app, now).length === 0) {
		throw badRequest(`The application has no valid certificate to verify a proof of possession with.${sandboxNote(`${op} needs an existing valid certificate; with none (none added yet, or all expired), update keyCredentials with PATCH instead`)}`);
	}
	const check = verifyProof(proof, { objectId: app.id, candidates: candidates.map((k) => ({ keyId: k.keyId, der: k.der })), now, skewSeconds: state.skewSeconds });
	if (!check.ok) {
		throw badRequest(`Proof of possession validation failed.${sandboxNote(check.reason)}`);
	}
}

function addKey(state: SandboxState, app: GraphAppRecord, body: Record<string, unknown>, now: Date): GraphKeyRecord {
	checkProof(state, app, body.proof, validKeys(app, now), now, 'addKey');
	const kc = body.keyCredential;
	if (kc === null || typeof kc !== 'object' || Array.isArray(kc)) {
		throw badRequest("Invalid value specified for property 'keyCredential' of resource 'Application'.");
	}
	if (body.passwordCredential !== undefined && body.passwordCredential !== null) {
		throw badRequest(`passwordCredential must be null for a key of type AsymmetricX509Cert.${sandboxNote('passwordCredential is only for X509CertAndPassword keys, which the sandbox does not emulate')}`);
	}
	const entry = kc as Record<string, unknown>;
	const key = newKey({ ...entry, keyId: undefined }, undefined);
	const next = [...app.keys, key];
	const dupe = duplicateCertificate(next);
	if (dupe) {
		throw badRequest(`The same certificate is registered twice (SHA-1 ${dupe}).${sandboxNote('the sandbox refuses a certificate already on the app; what Graph does is not documented')}`);
	}
	limit(state, next.length);
	app.keys = next;
	return key;
}

function removeKey(state: SandboxState, app: GraphAppRecord, body: Record<string, unknown>, now: Date): void {
	const keyId = str(body.keyId)?.toLowerCase();
	if (keyId === undefined || !isGuid(keyId)) {
		throw badRequest("Invalid value specified for property 'keyId'.");
	}
	const target = app.keys.find((k) => k.keyId === keyId);
	if (!target) {
		throw new GraphFault(404, 'Request_ResourceNotFound', `No credential with keyId '${keyId}' was found on the application.${sandboxNote('Graph\'s exact answer for an unknown keyId is not documented')}`);
	}
	// The proof must come from a key that stays (removeKey's doc: signed by one of the app's existing valid certificates).
	checkProof(state, app, body.proof, validKeys(app, now).filter((k) => k !== target), now, 'removeKey');
	app.keys = app.keys.filter((k) => k !== target);
}

/**
 * Answers a request under /v1.0/. `readBody` reads the request body (undefined when too large).
 */
export async function graphRoute(state: SandboxState, req: { method: string; url: URL; authorization?: string; correlationId: string }, readBody: () => Promise<string | undefined>, now: Date): Promise<GraphReply> {
	try {
		return await answer(state, req, readBody, now);
	} catch (e) {
		if (e instanceof GraphFault) {
			return reply(e.status, errorJson(e, now, req.correlationId));
		}
		throw e;
	}
}

async function answer(state: SandboxState, req: { method: string; url: URL; authorization?: string }, readBody: () => Promise<string | undefined>, now: Date): Promise<GraphReply> {
	const path = req.url.pathname.replace(/\/+$/, '');
	const method = req.method.toUpperCase();
	const caller = authenticate(state, req.authorization, now);
	if (path === '/v1.0/me' || path.startsWith('/v1.0/me/')) {
		if (caller.kind === 'app') {
			throw badRequest('/me request is only valid with delegated authentication flow.');
		}
		if (method !== 'GET') {
			throw new GraphFault(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed here.`);
		}
		if (path === '/v1.0/me') {
			return reply(200, { id: caller.user.oid, displayName: caller.user.name, userPrincipalName: caller.user.preferredUsername, mail: null });
		}
		if (path === '/v1.0/me/ownedObjects' || path === '/v1.0/me/ownedObjects/microsoft.graph.application') {
			const owned = [...state.graph.byAppId.values()].filter((a) => a.owners.has(caller.user.oid));
			const select = req.url.searchParams.get('$select');
			return reply(200, { '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#directoryObjects`, value: owned.map((a) => ({ '@odata.type': '#microsoft.graph.application', ...appJson(a, select, false) })) });
		}
		throw badRequest(`Resource not found for the segment '${lastSegment(path)}'.`);
	}
	const { app, action } = findApp(state, path);
	if (action === undefined) {
		if (method === 'GET') {
			mayRead(caller);
			return reply(200, { '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#applications/$entity`, ...appJson(app, req.url.searchParams.get('$select'), true) });
		}
		if (method === 'PATCH') {
			const body = parseBody(await readBody());
			mayWrite(caller, app, false);
			patch(state, app, body);
			rebuildIndex(state);
			return reply(204, undefined);
		}
		throw new GraphFault(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on an application.${sandboxNote('it emulates GET and PATCH')}`);
	}
	if (method !== 'POST') {
		throw new GraphFault(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed on ${action}; use POST.`);
	}
	const body = parseBody(await readBody());
	mayWrite(caller, app, true);
	if (action === 'addkey') {
		const key = addKey(state, app, body, now);
		rebuildIndex(state);
		return reply(200, { '@odata.context': `${GRAPH_RESOURCE}/v1.0/$metadata#microsoft.graph.keyCredential`, ...keyJson(key, false) });
	}
	removeKey(state, app, body, now);
	rebuildIndex(state);
	return reply(204, undefined);
}

/** The token endpoint follows the live keys. */
function rebuildIndex(state: SandboxState): void {
	state.index = indexApps(liveApps(state.graph));
}

/** Well-known public clients the password grant accepts (Azure CLI, Azure PowerShell, VS Code), and any sandbox app. */
export const SANDBOX_PUBLIC_CLIENTS = ['04b07795-8ddb-461a-bbee-02f9e1bf7b46', '1950a258-227b-4e31-a9cf-717495945fc2', 'aebc6443-996d-45c2-90f0-388ff96faa56'];

/**
 * `grant_type=password` at `/{tenant}/oauth2/v2.0/token` for a sandbox user: the sandbox's way to sign a user in to
 * its emulated Graph without a browser (what `entra-cert app … --sandbox URL` uses). Parameters: client_id (a
 * well-known public client such as the Azure CLI's, or a sandbox app), username (a sandbox user's
 * preferred_username), password (any non-empty text: sandbox users have no passwords, and the sandbox listens on
 * loopback only), scope (Graph scopes, e.g. https://graph.microsoft.com/.default). Answers a Graph-style access token.
 */
export function graphPasswordGrant(state: SandboxState, p: URLSearchParams, now: Date): Record<string, unknown> {
	const clientId = (p.get('client_id') ?? '').trim().toLowerCase();
	if (!clientId) {
		throw invalidRequest(900144, "The request body must contain the following parameter: 'client_id'.");
	}
	if (!SANDBOX_PUBLIC_CLIENTS.includes(clientId) && !state.index.byAppId.has(clientId)) {
		throw new SandboxError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'.${sandboxNote(`the password grant accepts the Azure CLI (${SANDBOX_PUBLIC_CLIENTS[0]}), Azure PowerShell and VS Code client IDs, or a sandbox app`)}`);
	}
	const username = p.get('username')?.trim().toLowerCase();
	const user = state.users.find((u) => u.preferredUsername.toLowerCase() === username);
	if (!user) {
		throw invalidGrant(50034, `The user account {EUII Hidden} does not exist in the ${state.tenantId} directory. To sign into this application, the account must be added to the directory.${sandboxNote(`its users: ${state.users.map((u) => u.preferredUsername).join(', ')}`)}`);
	}
	if (!p.get('password')) {
		throw invalidRequest(900144, "The request body must contain the following parameter: 'password'.");
	}
	// Stryker disable next-line Regex: equivalent, the empty pieces \s instead of \s+ would make are filtered out
	const requested = (p.get('scope') ?? '').split(/\s+/).filter(Boolean);
	const scopes = new Set<string>();
	for (const s of requested) {
		const lower = s.toLowerCase();
		if (['openid', 'profile', 'offline_access', 'email'].includes(lower)) {
			continue;
		}
		const bare = lower.startsWith(`${GRAPH_RESOURCE}/`) ? s.slice(GRAPH_RESOURCE.length + 1) : lower.startsWith('https://') || lower.startsWith('api://') ? undefined : s;
		if (bare === undefined) {
			throw new SandboxError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${s} is not valid.${sandboxNote('the password grant issues tokens for Microsoft Graph only')}`);
		}
		if (bare === '.default') {
			scopes.add('Application.ReadWrite.All').add('User.Read');
			continue;
		}
		const known = GRAPH_DELEGATED_SCOPES.find((k) => k.toLowerCase() === bare.toLowerCase());
		if (!known) {
			throw new SandboxError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${s} is not valid.${sandboxNote(`its Graph knows ${GRAPH_DELEGATED_SCOPES.join(', ')} and .default`)}`);
		}
		scopes.add(known);
	}
	if (scopes.size === 0) {
		scopes.add('User.Read');
	}
	const iat = Math.floor(now.getTime() / 1000);
	const scp = [...scopes].join(' ');
	const accessToken = signGraphStyleJwt(state.key, {
		aud: GRAPH_RESOURCE,
		iss: state.issuer,
		iat,
		nbf: iat,
		exp: iat + TOKEN_LIFETIME_SECONDS,
		appid: clientId,
		azp: clientId,
		azpacr: '0',
		idtyp: 'user',
		name: user.name,
		oid: user.oid,
		preferred_username: user.preferredUsername,
		scp,
		// Stryker disable next-line StringLiteral: equivalent, the label only keeps derivations apart
		sub: derivedGuid('graph-sub', user.oid),
		tid: state.tenantId,
		uti: randomUUID(),
		ver: '2.0',
	});
	return { token_type: 'Bearer', scope: [...scopes].map((s) => `${GRAPH_RESOURCE}/${s}`).join(' '), expires_in: TOKEN_LIFETIME_SECONDS, ext_expires_in: TOKEN_LIFETIME_SECONDS, access_token: accessToken };
}
