/**
 * Token requests per flow (entra-rules §4): endpoints of a target, the form parameters of each grant in wire
 * order, and the request as HTTP text with its secrets redacted. Builders send what the user asked for:
 * a scope without `/.default` or a `/common` tenant is diagnose's to flag, not ours to change.
 */
import { CoreError } from '../errors';
import { ASSERTION_TYPE, OBO_GRANT } from './constants';
import { tokenEndpoint } from './clouds';
import { redact } from './redact';
import type { Flow, TokenRequest, TokenRequestInput, TokenTarget } from './flows';

/** Headers every token request carries. */
export const TOKEN_REQUEST_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'Content-Type': 'application/x-www-form-urlencoded',
	Accept: 'application/json',
});

/** A form parameter that carries a secret or a token, with the names exports use for it. */
export interface SecretParam {
	/** The form parameter. */
	name: string;
	/** What it is, for markers: "client assertion". */
	label: string;
	/** Shell / process environment variable the curl and MSAL exports read it from. */
	envVar: string;
	/** REST Client file variable the `.http` export uses. */
	restVar: string;
	/** What the environment variable must hold, for the message exported code prints when it is unset. */
	hint: string;
}

/** Parameters that never leave the kit in clear unless the user asks (redact: false). */
export const SECRET_PARAMS: readonly SecretParam[] = Object.freeze([
	{ name: 'client_secret', label: 'client secret', envVar: 'CLIENT_SECRET', restVar: 'clientSecret', hint: 'the client secret value' },
	{ name: 'client_assertion', label: 'client assertion', envVar: 'CLIENT_ASSERTION', restVar: 'clientAssertion', hint: 'the signed client assertion JWT' },
	{ name: 'assertion', label: 'user assertion', envVar: 'USER_ASSERTION', restVar: 'userAssertion', hint: 'the access token your API received (its aud is this app)' },
	{ name: 'refresh_token', label: 'refresh token', envVar: 'REFRESH_TOKEN', restVar: 'refreshToken', hint: 'the refresh token of an earlier response' },
	{ name: 'code', label: 'authorization code', envVar: 'AUTH_CODE', restVar: 'authCode', hint: 'the code from the sign-in redirect' },
	{ name: 'code_verifier', label: 'code verifier', envVar: 'CODE_VERIFIER', restVar: 'codeVerifier', hint: 'the PKCE code verifier used for the sign-in' },
]);

/** The SecretParam for a form parameter name, or undefined when the parameter is not secret. */
export function secretParam(name: string): SecretParam | undefined {
	return SECRET_PARAMS.find((p) => p.name === name);
}

/** The grant_type each flow sends. */
export const GRANT_TYPES: Readonly<Record<Flow, string>> = Object.freeze({
	client_credentials: 'client_credentials',
	on_behalf_of: OBO_GRANT,
	authorization_code: 'authorization_code',
	refresh_token: 'refresh_token',
});

/** How messages and exported comments name each flow. */
export const FLOW_NAMES: Readonly<Record<Flow, string>> = Object.freeze({
	client_credentials: 'client credentials',
	on_behalf_of: 'On-Behalf-Of',
	authorization_code: 'authorization code',
	refresh_token: 'refresh token',
});

function invalid(message: string): CoreError {
	return new CoreError('ERR_INVALID_OPTION', message);
}

/** Same rule as clouds.tokenEndpoint: a GUID or a domain, nothing that could change the path. */
function checkTenant(tenant: string): string {
	const t = tenant.trim();
	if (t.length === 0 || !/^[A-Za-z0-9.-]+$/.test(t)) {
		throw invalid(`The tenant '${tenant}' is not a tenant ID or domain; use the directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com.`);
	}
	return t;
}

/** The sandbox base URL without trailing slashes, checked to be http(s) without query or fragment. */
function sandboxBase(baseUrl: string): string {
	let u: URL;
	try {
		u = new URL(baseUrl.trim());
	} catch {
		throw invalid(`The sandbox URL '${baseUrl}' is not a URL; use the URL the sandbox prints when it starts, e.g. http://127.0.0.1:PORT.`);
	}
	if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash || u.username || u.password) {
		throw invalid(`The sandbox URL '${baseUrl}' must be a plain http(s) URL; use the URL the sandbox prints when it starts, e.g. http://127.0.0.1:PORT.`);
	}
	return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

/**
 * The authority of a target: `https://{host}/{tenant}` for a cloud, `{baseUrl}/{tenant}` for the sandbox.
 * @example
 * authorityOf({ kind: 'cloud', cloud: 'usgov', tenant: 'contoso.onmicrosoft.us' });
 * // 'https://login.microsoftonline.us/contoso.onmicrosoft.us'
 * authorityOf({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:5000/', tenant: 'aaaa…' }); // 'http://127.0.0.1:5000/aaaa…'
 */
export function authorityOf(target: TokenTarget): string {
	if (target.kind === 'sandbox') {
		return `${sandboxBase(target.baseUrl)}/${checkTenant(target.tenant)}`;
	}
	if (target.kind === 'cloud') {
		// tokenEndpoint validates the cloud name and the tenant; the authority is what comes before its path.
		const endpoint = tokenEndpoint(target.cloud, target.tenant);
		return endpoint.slice(0, endpoint.length - '/oauth2/v2.0/token'.length);
	}
	throw invalid(`Unknown target kind '${(target as { kind?: unknown }).kind}'; use 'sandbox' or 'cloud'.`);
}

/**
 * The v2.0 token endpoint of a target (also the `aud` a client assertion for it should carry).
 * @example
 * tokenEndpointOf({ kind: 'cloud', cloud: 'public', tenant: 'contoso.com' });
 * // 'https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token'
 */
export function tokenEndpointOf(target: TokenTarget): string {
	return `${authorityOf(target)}/oauth2/v2.0/token`;
}

/**
 * The v2.0 authorize endpoint of a target.
 * @example
 * authorizeEndpointOf({ kind: 'cloud', cloud: 'china', tenant: 'contoso.partner.onmschina.cn' });
 * // 'https://login.partner.microsoftonline.cn/contoso.partner.onmschina.cn/oauth2/v2.0/authorize'
 */
export function authorizeEndpointOf(target: TokenTarget): string {
	return `${authorityOf(target)}/oauth2/v2.0/authorize`;
}

function isBlank(value: string | undefined): value is undefined {
	return value === undefined || value.trim().length === 0;
}

/** The scopes as sent: entries trimmed, empty entries dropped, joined by one space. */
export function scopeParam(scopes: readonly string[]): string {
	return scopes
		.map((s) => s.trim())
		.filter((s) => s.length > 0)
		.join(' ');
}

/**
 * The form parameters of a request in wire order. With `requireSecrets: false` (exports that put secrets in
 * variables) a missing secret value is allowed and sent as ''; every other required input is still checked.
 * @internal shared with export.ts
 */
export function buildParams(input: TokenRequestInput, options: { requireSecrets: boolean }): [string, string][] {
	const flow = input.flow;
	if (!Object.prototype.hasOwnProperty.call(GRANT_TYPES, flow)) {
		throw invalid(`Unknown flow '${String(flow)}'; use client_credentials, on_behalf_of, authorization_code or refresh_token.`);
	}
	const flowName = FLOW_NAMES[flow];
	if (isBlank(input.clientId)) {
		throw invalid("The client ID is empty; enter the app registration's Application (client) ID.");
	}
	const scope = scopeParam(input.scopes ?? []);
	if (scope.length === 0 && flow !== 'authorization_code') {
		throw invalid(`The ${flowName} request has no scope; add the scope to request, e.g. https://graph.microsoft.com/.default.`);
	}
	const secret = (value: string | undefined, message: string): string => {
		if (isBlank(value)) {
			if (options.requireSecrets) {
				throw invalid(message);
			}
			return value ?? '';
		}
		return value;
	};

	const credential: [string, string][] = [];
	const c = input.credential;
	if (!c || typeof c !== 'object') {
		throw invalid("The client credential is missing; choose a certificate (client assertion), a client secret, or 'none' for a public client.");
	}
	if (c.kind === 'assertion') {
		credential.push(['client_assertion_type', ASSERTION_TYPE], ['client_assertion', secret(c.assertion, 'The client assertion is empty; sign one with the certificate (Entra Cert: Sign Client Assertion) or choose another credential.')]);
	} else if (c.kind === 'secret') {
		credential.push(['client_secret', secret(c.secret, 'The client secret is empty; enter the secret value (not its secret ID) or use a certificate instead.')]);
	} else if (c.kind !== 'none') {
		throw invalid(`Unknown credential kind '${String((c as { kind?: unknown }).kind)}'; use 'assertion', 'secret' or 'none'.`);
	}

	const clientId = input.clientId;
	switch (flow) {
		case 'client_credentials':
			return [['grant_type', GRANT_TYPES.client_credentials], ['client_id', clientId], ['scope', scope], ...credential];
		case 'on_behalf_of': {
			const assertion = secret(input.userAssertion, "On-Behalf-Of needs the incoming user access token (userAssertion); paste the token your API received in its Authorization header.");
			return [['grant_type', OBO_GRANT], ['client_id', clientId], ...credential, ['assertion', assertion], ['scope', scope], ['requested_token_use', 'on_behalf_of']];
		}
		case 'authorization_code': {
			const code = secret(input.code, 'The authorization code flow needs the code from the redirect; sign in through the authorize URL and paste the code parameter it returns.');
			if (isBlank(input.redirectUri)) {
				throw invalid('The authorization code flow needs the redirect URI the code was issued for; enter the same redirect_uri that was sent to the authorize endpoint.');
			}
			const params: [string, string][] = [['client_id', clientId]];
			if (scope.length > 0) {
				params.push(['scope', scope]);
			}
			params.push(['code', code], ['redirect_uri', input.redirectUri], ['grant_type', GRANT_TYPES.authorization_code]);
			if (input.codeVerifier !== undefined && (input.codeVerifier.length > 0 || !options.requireSecrets)) {
				params.push(['code_verifier', input.codeVerifier]);
			}
			return [...params, ...credential];
		}
		case 'refresh_token': {
			const refreshToken = secret(input.refreshToken, 'The refresh token flow needs a refresh token; paste the refresh_token of an earlier response (ask for the offline_access scope to get one).');
			return [['client_id', clientId], ['scope', scope], ['refresh_token', refreshToken], ['grant_type', GRANT_TYPES.refresh_token], ...credential];
		}
	}
}

/** application/x-www-form-urlencoded text of parameters, in order. */
export function formEncode(params: readonly (readonly [string, string])[]): string {
	return new URLSearchParams(params.map(([n, v]): [string, string] => [n, v])).toString();
}

/**
 * The token request for a flow (entra-rules §4): endpoint, headers and form parameters in wire order.
 * Missing inputs are a CoreError ERR_INVALID_OPTION naming the field and the fix; values are sent as given.
 * `scope` is optional only for authorization_code (omitted when no scope is given), and `code_verifier` is sent
 * when a verifier is given.
 * @example
 * buildTokenRequest({ target: { kind: 'cloud', cloud: 'public', tenant: 'contoso.com' }, flow: 'client_credentials',
 *   clientId: '11111111-…', scopes: ['https://graph.microsoft.com/.default'], credential: { kind: 'assertion', assertion: jwt } }).body;
 * // 'grant_type=client_credentials&client_id=…&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_assertion_type=…&client_assertion=eyJ…'
 */
export function buildTokenRequest(input: TokenRequestInput): TokenRequest {
	const url = tokenEndpointOf(input.target);
	const params = buildParams(input, { requireSecrets: true });
	return { method: 'POST', url, headers: { ...TOKEN_REQUEST_HEADERS }, params, body: formEncode(params) };
}

/**
 * A readable marker for a secret value: `[client assertion redacted, 812 chars]`.
 * Non-secret values pass through redact.ts, which still catches a JWT or PEM block in an unexpected place.
 * @example
 * redactParamValue('client_secret', 'abc~123'); // '[client secret redacted, 7 chars]'
 * redactParamValue('scope', 'openid');        // 'openid'
 */
export function redactParamValue(name: string, value: string): string {
	const s = secretParam(name);
	if (s) {
		return value.length === 0 ? `[${s.label} empty]` : `[${s.label} redacted, ${value.length} chars]`;
	}
	return redact(value);
}

/** One name or value, form-encoded the way the body encodes it (space as '+'). */
export function formEncodeComponent(text: string): string {
	return new URLSearchParams([['', text]]).toString().slice(1);
}

/**
 * The request as HTTP text: `POST /{tenant}/oauth2/v2.0/token HTTP/1.1`, `Host`, the headers, a blank line, then
 * the body one parameter a line (`name=value`, then `&name=value`), the shape Postman and the docs use and
 * diagnose's parser reads back. With `redact`, secret values become markers such as `[client assertion redacted, 812 chars]`.
 * @example
 * requestAsHttpText(req, { redact: true });
 * // POST /contoso.com/oauth2/v2.0/token HTTP/1.1
 * // Host: login.microsoftonline.com
 * // Content-Type: application/x-www-form-urlencoded
 * // Accept: application/json
 * //
 * // grant_type=client_credentials
 * // &client_id=…
 * // &client_assertion=[client assertion redacted, 812 chars]
 */
export function requestAsHttpText(req: TokenRequest, options: { redact: boolean }): string {
	const u = new URL(req.url);
	const lines = [`${req.method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`];
	for (const [name, value] of Object.entries(req.headers)) {
		if (name.toLowerCase() !== 'host') {
			lines.push(`${name}: ${value}`);
		}
	}
	lines.push('');
	req.params.forEach(([name, value], i) => {
		const shown = options.redact ? redactParamValue(name, value) : value;
		// A marker stays readable; anything else is form-encoded as on the wire.
		const text = shown === value ? formEncodeComponent(value) : shown;
		lines.push(`${i === 0 ? '' : '&'}${formEncodeComponent(name)}=${text}`);
	});
	return lines.join('\n');
}
