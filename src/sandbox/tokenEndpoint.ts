/**
 * POST /{tenant}/oauth2/v2.0/token: client_credentials, authorization_code, refresh_token and On-Behalf-Of
 * (entra-rules §4). Every grant authenticates the client (the sandbox's apps are confidential clients) with a
 * certificate (client_assertion) or a secret, then issues tokens signed by the sandbox's key.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ASSERTION_TYPE, OBO_GRANT } from '../core/token/constants';
import { decodeJwt, type DecodedJwt } from '../core/jwt/decode';
import { pkceChallenge } from '../core/token/pkce';
import type { AppEntry } from './apps';
import { checkClientAssertion } from './assertion';
import { catalogText, dotnetTime, invalidClient, invalidGrant, invalidRequest, missingParameter, sandboxNote, SandboxError } from './errors';
import { clientCredentialsScopeError, delegatedScopes, resolveScopes, type ResolvedScopes } from './scopes';
import { boundedSet, MAX_REFRESH_TOKENS, tenantKind, type SandboxState } from './state';
import { clientInfo, GRAPH_APP_ID, issueAccessToken, issueIdToken, TOKEN_LIFETIME_SECONDS, verifiesWithKey, type ClientCredentialKind, type TokenContext } from './tokens';
import type { SandboxUser } from './types';

const GRANTS = ['client_credentials', 'authorization_code', 'refresh_token', OBO_GRANT];

/** A successful token answer (JSON). */
export type TokenAnswer = Record<string, unknown>;

function param(p: URLSearchParams, name: string): string | undefined {
	const v = p.get(name);
	return v === null || v === '' ? undefined : v;
}

function sha256(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}

/** Authenticates the client; returns how (azpacr). */
function authenticateClient(state: SandboxState, entry: AppEntry, p: URLSearchParams, now: Date): ClientCredentialKind {
	const secret = param(p, 'client_secret');
	const assertion = param(p, 'client_assertion');
	if ((secret === undefined) === (assertion === undefined)) {
		const note = secret !== undefined ? sandboxNote('this request sends both client_secret and client_assertion; a client authenticates with one of them (what Entra answers for both is not documented)') : sandboxNote('the sandbox\'s apps are confidential clients: every grant needs a credential');
		throw invalidClient(7000218, `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.${note}`);
	}
	if (secret !== undefined) {
		const given = sha256(secret);
		if (!entry.app.secrets.some((s) => timingSafeEqual(sha256(s), given))) {
			const note = entry.app.secrets.length === 0 ? sandboxNote(`'${entry.app.displayName}' has no client secret in its manifest (passwordCredentials[].secretText)`) : '';
			throw invalidClient(7000215, `${catalogText(7000215)} Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${entry.app.appId}'.${note}`);
		}
		return 'secret';
	}
	const type = param(p, 'client_assertion_type');
	if (type !== ASSERTION_TYPE) {
		throw invalidRequest(90014, `The required field 'client_assertion_type' is missing from the credential. Ensure that you have all the necessary parameters for the login request.${type === undefined ? '' : sandboxNote(`client_assertion_type is '${type}'; it must be '${ASSERTION_TYPE}'`)}`);
	}
	checkClientAssertion(assertion as string, { entry, clientId: entry.app.appId, audiences: state.audiences, expectedAudience: state.tokenEndpoint, now, skewSeconds: state.skewSeconds });
	return 'certificate';
}

/**
 * Answers a token request. Throws SandboxError for every answer Entra gives as an error.
 * `tenantSegment` is the path's tenant (already known to be this tenant or a multi-tenant alias).
 */
export function tokenRequest(state: SandboxState, tenantSegment: string, p: URLSearchParams, now: Date): TokenAnswer {
	if (p.has('resource')) {
		throw invalidRequest(901002, `${catalogText(901002)}${sandboxNote(`on /oauth2/v2.0/token use scope=${(p.get('resource') as string).replace(/\/+$/, '')}/.default instead`)}`);
	}
	const grant = param(p, 'grant_type');
	if (grant === undefined) {
		throw missingParameter('grant_type');
	}
	if (!GRANTS.includes(grant)) {
		throw new SandboxError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.${sandboxNote(`it emulates client_credentials, authorization_code, refresh_token and On-Behalf-Of (${OBO_GRANT}); Entra itself supports more grant types`)}`);
	}
	const clientId = param(p, 'client_id');
	if (clientId === undefined) {
		throw missingParameter('client_id');
	}
	if (grant === 'client_credentials' && tenantKind(state, tenantSegment) === 'multi') {
		throw invalidRequest(9001023, `${catalogText(9001023)} Please use the tenant-specific endpoint.${sandboxNote(`the request went to /${tenantSegment}/; use /${state.tenantId}/ (the sandbox refuses /organizations too, as msal-node does for client credentials)`)}`);
	}
	const entry = state.index.byAppId.get(clientId.toLowerCase());
	if (!entry) {
		const known = state.index.entries.map((e) => `${e.app.displayName} (${e.app.appId})`).join(', ');
		throw new SandboxError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${state.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.${sandboxNote(`it serves the apps of its manifests: ${known || 'none'}`)}`);
	}
	const credential = authenticateClient(state, entry, p, now);
	const ctx: TokenContext = { issuer: state.issuer, tenantId: state.tenantId, now };
	switch (grant) {
		case 'client_credentials':
			return clientCredentials(state, entry, p, credential, ctx);
		case 'authorization_code':
			return authorizationCode(state, entry, p, credential, ctx);
		case 'refresh_token':
			return refreshToken(state, entry, p, credential, ctx);
		default:
			return onBehalfOf(state, entry, p, credential, ctx);
	}
}

function clientCredentials(state: SandboxState, entry: AppEntry, p: URLSearchParams, credential: ClientCredentialKind, ctx: TokenContext): TokenAnswer {
	const scope = param(p, 'scope');
	if (scope === undefined) {
		throw clientCredentialsScopeError('');
	}
	const r = resolveScopes(scope, state.index, state.tenantId);
	const bad = [...r.oidc, ...r.values.filter((v) => v !== '.default')];
	if (bad.length > 0 || !r.resource) {
		throw clientCredentialsScopeError(scope, bad[0] !== undefined ? scope.split(/\s+/).find((s) => s.endsWith(bad[0])) ?? bad[0] : undefined);
	}
	let accessToken: string;
	if (r.resource.kind === 'graph') {
		// The sandbox knows no Graph application permissions, so the token carries no roles.
		accessToken = issueAccessToken(state.key, ctx, { audience: GRAPH_APP_ID, clientId: entry.app.appId, credential, graph: true });
	} else {
		const target = r.resource.entry;
		// Admin consent is emulated: every app role open to applications is granted.
		accessToken = issueAccessToken(state.key, ctx, { audience: target.app.appId, clientId: entry.app.appId, credential, roles: target.applicationRoles });
	}
	return { token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS - 1, ext_expires_in: TOKEN_LIFETIME_SECONDS - 1, access_token: accessToken };
}

/**
 * Tokens for a user: the access token for the scopes' resource (a Graph-style token when the resource is Graph
 * or only OpenID scopes were asked for), an ID token with `openid`, a refresh token with `offline_access`.
 */
function userTokens(state: SandboxState, entry: AppEntry, user: SandboxUser, r: ResolvedScopes, scopeText: string, credential: ClientCredentialKind, ctx: TokenContext, p: URLSearchParams, nonce?: string): TokenAnswer {
	let accessToken: string;
	let granted: string[];
	const oidcGranted = [...r.oidc].filter((s) => s !== 'offline_access');
	if (!r.resource || r.resource.kind === 'graph') {
		granted = r.resource ? r.values.filter((v) => v !== '.default') : [];
		if (granted.length === 0) {
			granted = ['User.Read'];
		}
		accessToken = issueAccessToken(state.key, ctx, { audience: GRAPH_APP_ID, clientId: entry.app.appId, credential, user, scopes: [...granted, ...oidcGranted], graph: true });
		granted = [...granted, ...oidcGranted];
	} else {
		const target = r.resource.entry;
		const values = delegatedScopes(target, r.values, entry.app.displayName);
		accessToken = issueAccessToken(state.key, ctx, { audience: target.app.appId, clientId: entry.app.appId, credential, user, scopes: values });
		const prefix = r.resourceName ?? target.app.appId;
		granted = values.map((v) => `${prefix}/${v}`);
	}
	const answer: TokenAnswer = { token_type: 'Bearer', scope: [...granted, ...(r.oidc.has('offline_access') ? ['offline_access'] : [])].join(' '), expires_in: TOKEN_LIFETIME_SECONDS - 1, ext_expires_in: TOKEN_LIFETIME_SECONDS - 1, access_token: accessToken };
	if (r.oidc.has('offline_access')) {
		const rt = randomBytes(48).toString('base64url');
		boundedSet(state.refreshTokens, rt, { clientId: entry.app.appId, userOid: user.oid, scope: scopeText }, MAX_REFRESH_TOKENS);
		answer.refresh_token = rt;
	}
	if (r.oidc.has('openid')) {
		answer.id_token = issueIdToken(state.key, ctx, { clientId: entry.app.appId, user, nonce });
	}
	if (p.get('client_info') === '1') {
		answer.client_info = clientInfo(user.oid, state.tenantId);
	}
	return answer;
}

function authorizationCode(state: SandboxState, entry: AppEntry, p: URLSearchParams, credential: ClientCredentialKind, ctx: TokenContext): TokenAnswer {
	const code = param(p, 'code');
	if (code === undefined) {
		throw missingParameter('code');
	}
	const grant = state.codes.get(code);
	if (!grant) {
		if (state.redeemed.has(code)) {
			throw invalidGrant(54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
		}
		throw invalidGrant(70000, `Provided grant is invalid or malformed.${sandboxNote('this code was not issued by this sandbox (or the sandbox restarted since; codes live in memory)')}`);
	}
	if (grant.expiresAt < ctx.now.getTime()) {
		state.codes.delete(code);
		throw invalidGrant(70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.');
	}
	if (grant.clientId.toLowerCase() !== entry.app.appId.toLowerCase()) {
		throw invalidGrant(70000, `Provided grant is invalid or malformed.${sandboxNote(`the code was issued to client '${grant.clientId}', not '${entry.app.appId}'`)}`);
	}
	const redirectUri = param(p, 'redirect_uri');
	if (redirectUri === undefined) {
		throw missingParameter('redirect_uri');
	}
	if (redirectUri !== grant.redirectUri) {
		throw invalidGrant(500112, `The reply address '${redirectUri}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.`);
	}
	const verifier = param(p, 'code_verifier');
	let matches: boolean;
	try {
		matches = verifier !== undefined && pkceChallenge(verifier) === grant.codeChallenge;
	} catch {
		matches = false;
	}
	if (!matches) {
		throw invalidGrant(501481, `The Code_Verifier does not match the code_challenge supplied in the authorization request.${verifier === undefined ? sandboxNote('no code_verifier was sent') : ''}`);
	}
	const user = state.users.find((u) => u.oid === grant.userOid);
	if (!user) {
		throw invalidGrant(70000, `Provided grant is invalid or malformed.${sandboxNote('the user this code was issued for is no longer a sandbox user')}`);
	}
	const r = resolveScopes(grant.scope, state.index, state.tenantId);
	const answer = userTokens(state, entry, user, r, grant.scope, credential, ctx, p, grant.nonce);
	state.codes.delete(code);
	boundedSet(state.redeemed, code, grant.expiresAt, 10_000);
	return answer;
}

function refreshToken(state: SandboxState, entry: AppEntry, p: URLSearchParams, credential: ClientCredentialKind, ctx: TokenContext): TokenAnswer {
	const rt = param(p, 'refresh_token');
	if (rt === undefined) {
		throw missingParameter('refresh_token');
	}
	const grant = state.refreshTokens.get(rt);
	if (!grant) {
		throw invalidGrant(9002313, `Invalid request. Request is malformed or invalid.${sandboxNote('this refresh token was not issued by this sandbox (or the sandbox restarted since; refresh tokens live in memory)')}`);
	}
	if (grant.clientId.toLowerCase() !== entry.app.appId.toLowerCase()) {
		throw invalidGrant(70000, `Provided grant is invalid or malformed.${sandboxNote(`the refresh token was issued to client '${grant.clientId}', not '${entry.app.appId}'`)}`);
	}
	const user = state.users.find((u) => u.oid === grant.userOid);
	if (!user) {
		throw invalidGrant(70000, `Provided grant is invalid or malformed.${sandboxNote('the user of this refresh token is no longer a sandbox user')}`);
	}
	// A refresh token may be redeemed for another resource (Entra's refresh tokens are multi-resource).
	const requested = param(p, 'scope');
	const scopeText = requested === undefined ? grant.scope : /\boffline_access\b/.test(requested) ? requested : `${requested} offline_access`;
	const r = resolveScopes(scopeText, state.index, state.tenantId);
	return userTokens(state, entry, user, r, scopeText, credential, ctx, p);
}

/** Why a user assertion cannot be exchanged On-Behalf-Of: 50013 with the reason. */
function obo50013(text: string): SandboxError {
	return invalidGrant(50013, text);
}

function onBehalfOf(state: SandboxState, entry: AppEntry, p: URLSearchParams, credential: ClientCredentialKind, ctx: TokenContext): TokenAnswer {
	const assertion = param(p, 'assertion');
	if (assertion === undefined) {
		throw missingParameter('assertion');
	}
	const use = param(p, 'requested_token_use');
	if (use !== 'on_behalf_of') {
		throw use === undefined ? missingParameter('requested_token_use') : invalidRequest(900144, `The request body must contain the following parameter: 'requested_token_use'.${sandboxNote(`requested_token_use must be 'on_behalf_of', not '${use}'`)}`);
	}
	let token: DecodedJwt;
	try {
		token = decodeJwt(assertion);
	} catch {
		throw invalidGrant(50027, `JWT token is invalid or malformed.${sandboxNote('assertion must be the access token the client sent to this API (a compact JWS)')}`);
	}
	const { header, payload } = token;
	const aud = typeof payload.aud === 'string' ? payload.aud : '';
	const signed = `Assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value.]`;
	if (typeof header.nonce === 'string') {
		throw obo50013(`${signed}${sandboxNote(`the assertion has a header nonce, as Microsoft Graph tokens do${aud ? ` (aud '${aud}')` : ''}. Graph signs over a transformed nonce, so only Graph can validate its tokens, and an API cannot redeem a token meant for Graph On-Behalf-Of. Pass the token the client got for this API (aud '${entry.app.appId}' or one of its identifier URIs)`)}`);
	}
	if (!verifiesWithKey(state.key, token)) {
		const swapped = typeof payload.iss === 'string' && payload.iss === payload.sub && typeof payload.aud === 'string' && /\/oauth2\/(v2\.0\/)?token$/i.test(payload.aud);
		throw obo50013(`${signed}${sandboxNote(swapped ? 'the assertion looks like a client assertion (iss = sub, aud = a token endpoint): client_assertion and assertion seem swapped. assertion is the user token the API received; client_assertion is the JWT you sign' : 'the assertion was not issued by this sandbox (its signature does not verify with the sandbox\'s keys)')}`);
	}
	if (payload.iss !== state.issuer) {
		throw obo50013(`Assertion failed signature validation.${sandboxNote(`the assertion's issuer '${String(payload.iss)}' is not this sandbox's '${state.issuer}'`)}`);
	}
	const exp = typeof payload.exp === 'number' ? payload.exp : 0;
	if (exp * 1000 + state.skewSeconds * 1000 < ctx.now.getTime()) {
		throw invalidGrant(500133, `Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: ${dotnetTime(ctx.now)}, expiry time of assertion ${dotnetTime(new Date(exp * 1000))}.`);
	}
	const forCaller = aud.toLowerCase() === entry.app.appId.toLowerCase() || entry.identifierUris.has(aud.toLowerCase().replace(/\/+$/, ''));
	if (!forCaller) {
		throw obo50013(`Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '${aud}' and the expected audience is '${entry.app.appId}' or one of the Application Uris of this application with App ID '${entry.app.appId}'. The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.`);
	}
	const oid = typeof payload.oid === 'string' ? payload.oid : '';
	const user = payload.idtyp === 'app' || typeof payload.scp !== 'string' ? undefined : state.users.find((u) => u.oid === oid);
	if (!user) {
		throw obo50013(`Assertion failed validation.${sandboxNote(payload.idtyp === 'app' || payload.scp === undefined ? 'the assertion is an app-only token (no user, no scp): On-Behalf-Of works only for user principals; use client credentials for app-only calls' : `the assertion's user (oid '${oid}') is not a sandbox user`)}`);
	}
	const scope = param(p, 'scope');
	if (scope === undefined) {
		throw missingParameter('scope');
	}
	const r = resolveScopes(scope, state.index, state.tenantId);
	return userTokens(state, entry, user, r, scope, credential, ctx, p);
}
