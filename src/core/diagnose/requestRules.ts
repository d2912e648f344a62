/**
 * Rules for a token request or a client configuration (entra-rules §4): IDs, scope and resource forms, authority
 * and cloud, credential against the client type the manifests register, PKCE and redirect URIs, and On-Behalf-Of's
 * user assertion. The request's client_assertion goes through the assertion rules.
 *
 * Each rule states a cause in general. Values the request leaves open (variables, placeholders) are never judged;
 * where the request alone can't decide, the finding says what to look at instead of guessing.
 */
import { getNodeValue } from 'jsonc-parser';
import { decodeJwt, type DecodedJwt } from '../jwt/decode';
import type { Finding } from '../findings';
import { isGuid } from '../ids';
import { manifestRegistration, parseJsonTree } from '../manifest/model';
import { cloudOfHost, KNOWN_LOGIN_HOSTS, MULTI_TENANT_ALIASES, type CloudName } from '../token/clouds';
import { assertionClaimFindings, assertionHeaderFindings, isEntraIssued, looksLikeClientAssertion } from './assertionRules';
import { knownKeys, type DiagnoseContext } from './keys';
import { CONFIG_FORMATS, type ParsedTokenRequest } from './request';
import { ASSERTION_TYPE, OBO_GRANT } from '../token/constants';

export { ASSERTION_TYPE, OBO_GRANT };
const GRAPH_IDS = ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const PUBLIC_CAPABLE_GRANTS = ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code', 'device_code', 'password'];
const DELEGATED_GRANTS = ['authorization_code', 'refresh_token', OBO_GRANT, 'password', 'urn:ietf:params:oauth:grant-type:device_code'];

function tryDecode(token: string | undefined): DecodedJwt | undefined {
	try {
		return decodeJwt(token ?? '');
	} catch {
		return undefined;
	}
}

/** The resource part of a scope: 'https://graph.microsoft.com/.default' → 'https://graph.microsoft.com'. */
export function scopeResource(scope: string): string | undefined {
	// (a sign-in scope such as 'openid' has no '/', so it names no resource)
	if (isGuid(scope) || /^[a-z][\w+.-]*:\/\/[^/]+\/?$/i.test(scope)) {
		return scope.replace(/\/$/, '');
	}
	const i = scope.lastIndexOf('/');
	return i > 0 ? scope.slice(0, i) : undefined;
}

/** Like scopeResource, but a bare scope name ('User.Read') means Microsoft Graph, as Entra reads it. */
function resourceOf(scope: string): string | undefined {
	if (OIDC_SCOPES.includes(scope.toLowerCase())) {
		return undefined;
	}
	return scopeResource(scope) ?? (/^[A-Za-z][\w.-]*$/.test(scope) ? 'https://graph.microsoft.com' : undefined);
}

function norm(uri: string): string {
	return uri.trim().toLowerCase().replace(/\/+$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// What the workspace manifests register

/** One app registration from a workspace manifest, with what the request rules compare against. */
export interface WorkspaceApp {
	label: string;
	appId?: string;
	objectId?: string;
	displayName?: string;
	identifierUris: string[];
	scopes: string[];
	appRoles: string[];
	web: string[];
	spa: string[];
	publicClient: string[];
	redirectUris: string[];
	/** isFallbackPublicClient (Graph) or allowPublicClient (legacy). */
	publicFallback: boolean;
	passwordKeyIds: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The app registrations the context's manifests describe (unreadable manifests are skipped). */
export function workspaceApps(context: Pick<DiagnoseContext, 'manifests'>): WorkspaceApp[] {
	const out: WorkspaceApp[] = [];
	for (const m of context.manifests ?? []) {
		let v: unknown;
		try {
			v = getNodeValue(parseJsonTree(m.text, m.label));
		} catch {
			continue;
		}
		if (!isObj(v)) {
			continue;
		}
		const reg = manifestRegistration(v);
		const legacy = Array.isArray(v.replyUrlsWithType) ? v.replyUrlsWithType.filter(isObj) : [];
		const legacyOf = (type: string) => legacy.filter((r) => String(r.type ?? '').toLowerCase() === type).map((r) => String(r.url ?? ''));
		const platform = (k: string) => (isObj(v[k]) ? strs((v[k] as Json).redirectUris) : []);
		out.push({
			label: m.label,
			appId: typeof v.appId === 'string' ? v.appId : undefined,
			objectId: typeof v.id === 'string' ? v.id : typeof v.objectId === 'string' ? v.objectId : undefined,
			displayName: typeof v.displayName === 'string' ? v.displayName : typeof v.name === 'string' ? v.name : undefined,
			identifierUris: reg.identifierUris,
			scopes: reg.scopes.map((s) => s.value),
			appRoles: reg.appRoles.map((r) => r.value),
			web: [...platform('web'), ...legacyOf('web'), ...strs(v.replyUrls)],
			spa: [...platform('spa'), ...legacyOf('spa')],
			publicClient: [...platform('publicClient'), ...legacyOf('installedclient')],
			redirectUris: reg.redirectUris,
			publicFallback: v.isFallbackPublicClient === true || v.allowPublicClient === true,
			passwordKeyIds: (Array.isArray(v.passwordCredentials) ? v.passwordCredentials.filter(isObj) : []).map((p) => String(p.keyId ?? '')).filter(Boolean),
		});
	}
	return out;
}

function appName(a: WorkspaceApp): string {
	return `${a.displayName ? `'${a.displayName}' ` : ''}(appId ${a.appId ?? 'not set'}, ${a.label})`;
}

function appById(apps: WorkspaceApp[], id: string | undefined): WorkspaceApp | undefined {
	return id ? apps.find((a) => a.appId?.toLowerCase() === id.toLowerCase()) : undefined;
}

/** The workspace app a resource (App ID URI, appId, api://appId) names. */
function appForResource(apps: WorkspaceApp[], resource: string): WorkspaceApp | undefined {
	const r = norm(resource);
	return apps.find((a) => (a.appId && (r === a.appId.toLowerCase() || r === `api://${a.appId.toLowerCase()}`)) || a.identifierUris.some((u) => norm(u) === r));
}

// ---------------------------------------------------------------------------------------------------------------
// Clouds of resources

const RESOURCE_CLOUDS: [RegExp, CloudName][] = [
	[/(^|\.)(graph\.microsoft\.us|dod-graph\.microsoft\.us|usgovcloudapi\.net|azure\.us|microsoft\.scloud|microsoftonline\.us)$/, 'usgov'],
	[/(^|\.)(chinacloudapi\.cn|microsoftonline\.cn|azure\.cn|partner\.outlook\.cn)$/, 'china'],
	[/(^|\.)(graph\.microsoft\.com|management\.azure\.com|management\.core\.windows\.net|vault\.azure\.net|database\.windows\.net|storage\.azure\.com|core\.windows\.net|azure\.com|office\.com|office365\.com|sharepoint\.com|dynamics\.com|powerbi\.com|microsoft\.com)$/, 'public'],
];

function cloudOfResource(resource: string): CloudName | undefined {
	const host = /^[a-z][\w+.-]*:\/\/([^/:]+)/i.exec(resource)?.[1].toLowerCase() ?? '';
	return RESOURCE_CLOUDS.find(([re]) => re.test(host))?.[1];
}

const LEGACY_HOST_CLOUD: Record<string, CloudName> = {
	'login.windows.net': 'public',
	'login.microsoft.com': 'public',
	'sts.windows.net': 'public',
	'login.usgovcloudapi.net': 'usgov',
	'login.chinacloudapi.cn': 'china',
};

/** The cloud of a sign-in host (lower case, without a port). */
function cloudOfLoginHost(host: string): CloudName | undefined {
	return cloudOfHost(host) ?? LEGACY_HOST_CLOUD[host];
}

const API_HOSTS = /^(graph\.microsoft\.(com|us)|management\.azure\.com|management\.core\.windows\.net|vault\.azure\.net|[^.]+\.vault\.azure\.net|microsoftgraph\.chinacloudapi\.cn)$/;

// ---------------------------------------------------------------------------------------------------------------
// Redirect URIs

interface UriParts {
	scheme: string;
	host: string;
	port: string;
	path: string;
}

function uriParts(u: string): UriParts | undefined {
	const m = /^([a-z][\w+.-]*):\/\/([^/:?#]*)(?::(\d+))?([^?#]*)/i.exec(u.trim());
	if (!m) {
		return undefined;
	}
	const def = m[1].toLowerCase() === 'https' ? '443' : m[1].toLowerCase() === 'http' ? '80' : '';
	return { scheme: m[1], host: m[2], port: m[3] ?? def, path: m[4] };
}

/** Small edit distance for ranking redirect URIs (both sides cut to 300 characters). */
function distance(a: string, b: string): number {
	const s = a.slice(0, 300);
	const t = b.slice(0, 300);
	let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
	for (let i = 1; i <= s.length; i++) {
		const cur = [i];
		for (let j = 1; j <= t.length; j++) {
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[t.length];
}

/** How a sent redirect URI differs from a registered one (never the same text), in words. */
function uriDifferences(sent: string, registered: string): string[] {
	const a = uriParts(sent);
	const b = uriParts(registered);
	if (!a || !b) {
		return ['the text differs'];
	}
	const diffs: string[] = [];
	if (a.scheme !== b.scheme) {
		diffs.push(`scheme ${a.scheme} vs ${b.scheme}`);
	}
	if (a.host !== b.host) {
		diffs.push(a.host.toLowerCase() === b.host.toLowerCase() ? `host case (${a.host} vs ${b.host})` : `host ${a.host} vs ${b.host}`);
	}
	if (a.port !== b.port) {
		diffs.push(`port ${a.port || '(none)'} vs ${b.port || '(none)'}`);
	}
	const pa = a.path.replace(/\/$/, '');
	const pb = b.path.replace(/\/$/, '');
	if (a.path !== b.path) {
		if (pa === pb) {
			diffs.push(`trailing slash (${a.path || '(none)'} vs ${b.path || '(none)'})`);
		} else if (pa.toLowerCase() === pb.toLowerCase()) {
			diffs.push(`path case (${a.path} vs ${b.path})`);
		} else {
			diffs.push(`path ${a.path || '/'} vs ${b.path || '/'}`);
		}
	}
	if (diffs.length === 0) {
		diffs.push('the query or fragment differs');
	}
	return diffs;
}

const isLoopback = (p: UriParts | undefined) => !!p && p.scheme.toLowerCase() === 'http' && /^(localhost|127\.0\.0\.1|\[::1\])$/i.test(p.host);

function redirectFindings(sent: string, app: WorkspaceApp, atAuthorize: boolean, out: Finding[]): void {
	const registered = app.redirectUris;
	if (registered.includes(sent)) {
		return;
	}
	const a = uriParts(sent);
	// Entra ignores the port of an http loopback redirect URI (desktop apps pick a free port).
	const loop = registered.find((r) => {
		const b = uriParts(r);
		return isLoopback(a) && isLoopback(b) && a!.host === b!.host && a!.path === b!.path;
	});
	if (loop) {
		out.push({ severity: 'info', code: 'redirect-uri-loopback-port', message: `redirect_uri ${sent} differs from the registered ${loop} only in the port; Entra ignores the port of an http loopback redirect URI.`, fix: 'Nothing to change if the authorize request used the same URI.' });
		return;
	}
	const ranked = registered.map((r) => ({ r, d: distance(sent.toLowerCase(), r.toLowerCase()) })).sort((x, y) => x.d - y.d);
	const nearest = ranked[0]?.r;
	const diffs = nearest ? uriDifferences(sent, nearest) : [];
	out.push({
		severity: 'error',
		code: atAuthorize ? 'AADSTS50011' : 'redirect-uri-not-registered',
		message:
			registered.length === 0
				? `redirect_uri ${sent} is sent, but ${appName(app)} registers no redirect URI at all.`
				: `redirect_uri ${sent} is not registered on ${appName(app)}; Entra compares it exactly.${nearest ? ` The nearest registered one is ${nearest} (${diffs.join(', ')}).` : ''}${atAuthorize ? '' : ' The token request must send the same redirect URI as the authorize request, and that one had to be registered.'}`,
		fix: nearest ? `Send ${nearest} exactly, or add ${sent} under Authentication (the manifest's web/spa/publicClient redirectUris) of the right platform.` : `Add ${sent} under Authentication for the right platform (web, spa or publicClient redirectUris).`,
	});
}

// ---------------------------------------------------------------------------------------------------------------
// The rules

const UNRESOLVED_HINTS: Record<string, string> = {
	client_id: "the Application (client) ID on the app registration's Overview blade",
	tenant: 'the Directory (tenant) ID on the Overview blade, or a verified domain',
	authority: 'https://login.microsoftonline.com/{tenant} (or your cloud\'s sign-in host)',
	client_secret: "the secret's Value column under Certificates & secrets (shown once at creation), not its Secret ID",
	client_assertion: 'a JWT you sign with the certificate; paste it (or the code that signs it) to check it',
	assertion: 'the access token your API received, whose aud is your API',
	scope: '{App ID URI}/.default for client credentials, {App ID URI}/{scope} for delegated flows',
	redirect_uri: "one of the URIs under the app's Authentication blade, exactly",
	thumbprint: "the Thumbprint column under Certificates & secrets (SHA-1 hex) or the SHA-256 of the certificate's DER",
	body: 'the body file content',
};

/** Rules over a parsed request or client configuration. */
export function requestFindings(req: ParsedTokenRequest, context: DiagnoseContext): Finding[] {
	const out: Finding[] = [];
	const p = req.params;
	const unresolved = new Set(req.unresolved ?? []);
	const known = (name: string) => p[name] !== undefined && p[name] !== '' && !unresolved.has(name);
	const isConfig = CONFIG_FORMATS.includes(req.format);
	const grant = p.grant_type;
	const inferredGrant = req.inferred?.includes('grant_type') ?? false;
	const confidentialGrant = grant === 'client_credentials' || grant === OBO_GRANT;
	const atAuthorize = req.endpoint === 'authorize';
	const apps = workspaceApps(context);
	const clientId = known('client_id') ? p.client_id.trim() : undefined;
	const client = appById(apps, clientId);
	const tenant = unresolved.has('tenant') ? undefined : req.tenant;
	const kinds = new Set(req.credentials ?? []);
	const hasSecret = 'client_secret' in p || kinds.has('secret');
	const hasAssertion = 'client_assertion' in p;
	const hasOther = hasAssertion || kinds.has('certificate') || kinds.has('federated') || kinds.has('assertion');
	const hasCredential = hasSecret || hasOther;

	// --- What the artifact is --------------------------------------------------------------------------------
	if (atAuthorize) {
		out.push({
			severity: 'info',
			code: 'request-is-authorize-url',
			message: `This is an authorize URL (${req.url ?? 'the …/oauth2/v2.0/authorize endpoint'}): the browser opens it and Entra answers by redirecting to redirect_uri with ?code=…. It is not the token request.`,
			fix: 'The token request is a POST to the same path ending in /token, form-encoded, with grant_type=authorization_code, the code, the same redirect_uri, the code_verifier and the client credential (for confidential clients).',
		});
		if ('client_secret' in p || 'client_assertion' in p) {
			out.push({ severity: 'error', code: 'authorize-url-carries-secret', message: 'The authorize URL carries a client credential; the browser, its history and every proxy see it.', fix: 'Remove client_secret / client_assertion from the authorize URL and rotate the secret; credentials belong in the token request body only.' });
		}
	} else if (!grant && !isConfig) {
		out.push({ severity: 'error', code: 'request-no-grant-type', message: 'The request has no grant_type.', fix: `Send grant_type=client_credentials, authorization_code, refresh_token, or ${OBO_GRANT} for On-Behalf-Of.` });
	}

	// --- Transport: method and body encoding ------------------------------------------------------------------
	if (!isConfig && !atAuthorize && (req.endpoint === 'token' || req.endpoint === undefined)) {
		if (req.method === 'GET' && (req.url !== undefined || req.format === 'powershell')) {
			const psDefault = req.notes?.find((n) => /default/.test(n));
			out.push({ severity: 'error', code: 'AADSTS900561', message: `The request is sent with GET${psDefault ? ` (${psDefault})` : ''}; the token endpoint accepts only POST.`, fix: req.format === 'powershell' ? 'Add -Method Post to Invoke-RestMethod.' : 'Send POST with the parameters in a form-encoded body.' });
		}
		if (req.bodyFormat === 'json') {
			out.push({ severity: 'error', code: 'AADSTS900144', message: 'The parameters are sent as a JSON body. The token endpoint reads only application/x-www-form-urlencoded bodies, so it finds no grant_type ("The request body must contain the following parameter: \'grant_type\'").', fix: req.format === 'powershell' ? 'Pass the hashtable itself as -Body (no ConvertTo-Json) and use -ContentType application/x-www-form-urlencoded.' : "Send Content-Type: application/x-www-form-urlencoded and a body like grant_type=client_credentials&client_id=…&scope=… (curl: -d or --data-urlencode, not a JSON -d)." });
		} else if (req.bodyFormat === 'multipart') {
			out.push({ severity: 'warning', code: 'request-multipart-body', message: 'The parameters are sent as multipart/form-data (-F / form-data). The protocol defines the token request as application/x-www-form-urlencoded.', fix: 'Use -d / --data-urlencode (curl) or x-www-form-urlencoded (Postman) instead of -F / form-data.', uncertain: true });
		} else if (req.bodyFormat === 'query' && req.method === 'POST' && req.queryParams && 'grant_type' in req.queryParams) {
			out.push({ severity: 'warning', code: 'request-params-in-query', message: 'grant_type and the other parameters travel in the URL query string of a POST; the protocol puts them in the form body, and the URL (with any secret) ends up in logs.', fix: 'Move the parameters into an application/x-www-form-urlencoded body.', uncertain: true });
		}
	}
	for (const n of req.notes ?? []) {
		if (/can't see/.test(n)) {
			out.push({ severity: 'info', code: 'request-reads-file', message: n, fix: 'Paste the request with the file content inline to check those values.' });
		}
	}

	// --- Endpoint version and resource/scope form -------------------------------------------------------------
	if (req.tenant && req.endpointVersion === 'v2' && 'resource' in p && !atAuthorize) {
		out.push({ severity: 'error', code: 'AADSTS901002', message: `The request sends resource=${p.resource} to the v2 endpoint, which rejects it.`, fix: `Replace it with scope=${p.resource.replace(/\/$/, '')}/.default.` });
	}
	if (req.endpointVersion === 'v1' && req.endpoint === 'token' && 'scope' in p && !('resource' in p) && grant !== 'refresh_token') {
		out.push({ severity: 'error', code: 'AADSTS900144', message: `The request goes to the v1 endpoint (…/oauth2/token) with v2 parameters: it sends scope=${p.scope} but no resource, and v1 requires resource.`, fix: `Post to …/oauth2/v2.0/token (keep scope), or send resource=${resourceOf((p.scope ?? '').split(/\s+/)[0]) ?? '{App ID URI}'} to v1.` });
	}
	if (!p.client_id) {
		out.push({ severity: 'warning', code: 'request-no-client-id', message: isConfig ? 'The configuration sets no client ID.' : 'The request has no client_id.', fix: "Send client_id = the app registration's Application (client) ID." });
	}

	// --- IDs ---------------------------------------------------------------------------------------------------
	idFindings(req, { clientId, tenant, client, apps, context, hasAssertion }, out);

	// --- Authority ----------------------------------------------------------------------------------------------
	authorityFindings(req, { grant, tenant, unresolved, hasOther, inferredGrant, isConfig }, out);

	// --- Credentials --------------------------------------------------------------------------------------------
	if (hasSecret && hasOther) {
		if (isConfig) {
			out.push({ severity: 'warning', code: 'config-several-credentials', message: `The configuration sets ${[...kinds].join(' and ')} together; msal-node refuses more than one credential and the other libraries use only one of them, so the one you think is used may not be.`, fix: 'Keep one credential: the certificate (or federated credential), and remove the secret.' });
		} else {
			out.push({ severity: 'error', code: 'request-both-credentials', message: 'The request sends both client_secret and client_assertion; a client authenticates with one.', fix: 'Keep client_assertion (the certificate) and remove client_secret.' });
		}
	} else if (!hasCredential && confidentialGrant && req.credential !== undefined) {
		out.push({ severity: 'error', code: 'AADSTS7000218', message: `A ${grant === 'client_credentials' ? 'client credentials' : 'On-Behalf-Of'} ${isConfig ? 'call' : 'request'} needs a client credential and this one has none: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'".`, fix: `Add client_assertion_type=${ASSERTION_TYPE} and client_assertion=<JWT signed with the certificate>${isConfig ? ' (in MSAL: clientCertificate / WithCertificate / client_credential)' : ''}.` });
	}
	if (hasAssertion && p.client_assertion_type !== ASSERTION_TYPE && !unresolved.has('client_assertion_type')) {
		out.push({ severity: 'error', code: 'request-bad-assertion-type', message: p.client_assertion_type ? `client_assertion_type is '${p.client_assertion_type}'.` : 'client_assertion is sent without client_assertion_type.', fix: `Send client_assertion_type=${ASSERTION_TYPE}.` });
	}
	if (known('client_secret') && isGuid(p.client_secret.trim())) {
		const keyOf = apps.find((a) => a.passwordKeyIds.some((k) => k.toLowerCase() === p.client_secret.trim().toLowerCase()));
		out.push({ severity: 'error', code: 'AADSTS7000215', message: `client_secret ${p.client_secret} is a GUID: that is the secret's ID (keyId)${keyOf ? `, as ${appName(keyOf)} lists it under passwordCredentials` : ''}, not its value. Entra answers "Invalid client secret provided".`, fix: "Send the secret's Value (shown once when it was created, e.g. 'abc8Q~…'); if it was not saved, add a new secret under Certificates & secrets and copy its Value." });
	}
	clientTypeFindings(req, { grant, client, hasSecret, hasOther, hasCredential, known }, out);
	if (req.thumbprint !== undefined) {
		configThumbprintFindings(req, context, unresolved.has('thumbprint'), out);
	}

	// --- Scopes -------------------------------------------------------------------------------------------------
	scopeFindings(req, { grant, clientId, client, apps, known, atAuthorize }, out);

	// --- PKCE and authorization code ------------------------------------------------------------------------------
	if (grant === 'authorization_code' || atAuthorize) {
		pkceFindings(req, { client, apps, known, hasCredential, atAuthorize }, out);
	}

	// --- On-Behalf-Of and swapped assertions ----------------------------------------------------------------------
	const userAssertion = known('assertion') ? tryDecode(p.assertion) : undefined;
	const clientAssertion = known('client_assertion') ? tryDecode(p.client_assertion) : undefined;
	const swapped = !!userAssertion && !!clientAssertion && looksLikeClientAssertion(userAssertion.payload) && isEntraIssued(clientAssertion.payload);
	if (swapped) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: 'assertion and client_assertion are swapped: assertion holds your self-signed JWT and client_assertion holds a token Entra issued.', fix: 'Put the JWT you sign with the certificate in client_assertion and the incoming user access token in assertion.' });
	}
	if (grant === OBO_GRANT) {
		if (!p.assertion) {
			if (!inferredGrant) {
				out.push({ severity: 'error', code: 'obo-no-assertion', message: 'On-Behalf-Of without assertion: there is no user token to exchange.', fix: 'Send assertion=<the access token your API received, whose aud is this app>.' });
			}
		} else if (userAssertion && !swapped) {
			out.push(...oboAssertionFindings(userAssertion, p.client_id ?? context.clientId, { now: context.now, context, tenant }));
		}
		if (p.requested_token_use !== 'on_behalf_of') {
			out.push({ severity: 'error', code: 'obo-requested-token-use', message: p.requested_token_use ? `requested_token_use is '${p.requested_token_use}'.` : 'On-Behalf-Of without requested_token_use.', fix: 'Send requested_token_use=on_behalf_of.' });
		}
		if (tenant && MULTI_TENANT_ALIASES.includes(tenant.toLowerCase())) {
			out.push({ severity: 'warning', code: 'obo-multitenant-authority', message: `On-Behalf-Of is sent to /${tenant}/; MSAL.NET logs an error for this.`, fix: "Use the user's tenant: the tid claim of the incoming token." });
		}
	}
	if (clientAssertion && !swapped) {
		if (isEntraIssued(clientAssertion.payload)) {
			out.push({ severity: 'error', code: 'request-client-assertion-is-entra-token', message: `client_assertion holds a token Entra issued (iss ${String(clientAssertion.payload.iss)}); an access token is not a client assertion.`, fix: 'Sign your own JWT with the certificate (iss = sub = client_id, aud = this token endpoint) and send that as client_assertion.' });
		} else if (kinds.has('federated')) {
			out.push({ severity: 'info', code: 'request-federated-assertion', message: `client_assertion is a token from another issuer (iss ${String(clientAssertion.payload.iss)}, sub ${String(clientAssertion.payload.sub)}, aud ${JSON.stringify(clientAssertion.payload.aud)}): workload identity federation. Entra matches iss, sub and aud exactly against the app's federated identity credentials.`, fix: "Compare them with the app's Certificates & secrets > Federated credentials (Graph: GET /applications(appId='…')/federatedIdentityCredentials); aud is normally api://AzureADTokenExchange." });
		} else {
			// The client is the request's client_id when it is known; an open one (a variable) is compared with nothing.
			const iss = typeof clientAssertion.payload.iss === 'string' ? clientAssertion.payload.iss : undefined;
			out.push(...assertionHeaderFindings(clientAssertion.header, clientId ? { ...context, clientId } : context, clientId ?? iss));
			out.push(...assertionClaimFindings(clientAssertion.payload, context, { clientId, url: req.url, host: req.host, tenant: req.tenant, endpointVersion: req.endpointVersion }));
		}
	} else if (hasAssertion && known('client_assertion') && !clientAssertion) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: 'client_assertion is not a well-formed JWT (three base64url parts).', fix: 'Send the compact JWS exactly as signed; check it was not cut off or URL-encoded twice.' });
	}

	// --- What the request leaves open -------------------------------------------------------------------------------
	const open = (req.unresolved ?? []).filter((n) => n !== 'client_assertion_type');
	if (open.length > 0) {
		out.push({
			severity: 'info',
			code: 'request-unresolved-values',
			message: `These values are variables or placeholders the text doesn't define, so they were not checked: ${open.map((n) => `${n} (${n === 'tenant' ? req.tenant : n === 'authority' ? req.authority : n === 'thumbprint' ? req.thumbprint : p[n] ?? '?'})`).join(', ')}.`,
			fix: `Check what they hold at run time: ${open.map((n) => `${n} = ${UNRESOLVED_HINTS[n] ?? 'the value your code sets'}`).join('; ')}. Or paste the request with the values filled in.`,
		});
	}
	return out;
}

interface IdFacts {
	clientId?: string;
	tenant?: string;
	client?: WorkspaceApp;
	apps: WorkspaceApp[];
	context: DiagnoseContext;
	hasAssertion: boolean;
}

function idFindings(req: ParsedTokenRequest, f: IdFacts, out: Finding[]): void {
	const { clientId, tenant, client, apps } = f;
	if (clientId && !isGuid(clientId)) {
		const uri = /^(api|https?):\/\//i.test(clientId);
		const byUri = uri ? appForResource(apps, clientId) : undefined;
		out.push({
			severity: 'error',
			code: 'AADSTS700016',
			message: `client_id '${clientId}' is not a GUID${uri ? ': it looks like an App ID URI' : ': it looks like an app name'}${byUri ? ` (${appName(byUri)} has it as identifierUri)` : ''}. Entra looks client_id up as the Application (client) ID and answers "Application with identifier … was not found in the directory".`,
			fix: byUri?.appId ? `Send client_id=${byUri.appId}.` : "Send the Application (client) ID GUID from the app registration's Overview blade (Graph: GET /applications?$filter=displayName eq '…'&$select=appId); the object ID and the App ID URI are not accepted in its place.",
		});
	}
	if (clientId && isGuid(clientId)) {
		const cid = clientId.toLowerCase();
		const tid = tenant?.toLowerCase();
		const oboTid = tryDecode(req.params.assertion)?.payload.tid;
		const sameAsTenant = (tid && tid === cid) || (typeof oboTid === 'string' && oboTid.toLowerCase() === cid);
		if (sameAsTenant) {
			if (client) {
				out.push({ severity: 'error', code: 'AADSTS90002', message: `The tenant segment /${tenant}/ is the client ID of ${appName(client)}, not a tenant.`, fix: "Put the Directory (tenant) ID (Overview blade) or a verified domain in the URL, and keep the client ID in client_id." });
			} else {
				out.push({
					severity: 'error',
					code: 'AADSTS700016',
					message: `client_id ${clientId} is the same GUID as the tenant${tid === cid ? ` in the URL (/${tenant}/)` : ' (the tid of the incoming token)'}: one of them holds the wrong ID. Usually client_id got the Directory (tenant) ID; Entra then answers that no application with that identifier exists in the directory.`,
					fix: "On the app registration's Overview blade, copy Application (client) ID into client_id and Directory (tenant) ID into the URL.",
					uncertain: tid === cid ? true : undefined,
				});
			}
		}
	}
	if (tenant && isGuid(tenant) && !(clientId && clientId.toLowerCase() === tenant.toLowerCase())) {
		const app = appById(apps, tenant);
		if (app) {
			out.push({ severity: 'error', code: 'AADSTS90002', message: `The tenant segment /${tenant}/ is the client ID of ${appName(app)}, not a tenant; Entra answers "Tenant '…' not found".`, fix: "Use the Directory (tenant) ID from the Overview blade (or a verified domain such as contoso.onmicrosoft.com) as the tenant." });
		}
	}
	if (clientId && isGuid(clientId) && apps.length > 0 && !client) {
		const byObject = apps.find((a) => a.objectId?.toLowerCase() === clientId.toLowerCase());
		if (byObject) {
			out.push({ severity: 'error', code: 'AADSTS700016', message: `client_id ${clientId} is the object ID of ${appName(byObject)}, not its application (client) ID.`, fix: `Send client_id=${byObject.appId ?? "the appId from the manifest"}.` });
		} else {
			const withIds = apps.filter((a) => a.appId);
			out.push({
				severity: 'warning',
				code: 'client-id-not-in-workspace',
				message: `client_id ${clientId} is registered in none of the workspace manifests${withIds.length ? `; they register ${withIds.map(appName).join(', ')}` : ' (none of them has an appId)'}.`,
				fix: "If this app's manifest is in the workspace, check that its appId is the one sent; otherwise open the app registration with that ID (Graph: GET /applications(appId='" + clientId + "')) and compare.",
			});
		}
	}
}

interface AuthorityFacts {
	grant?: string;
	tenant?: string;
	unresolved: Set<string>;
	hasOther: boolean;
	inferredGrant: boolean;
	isConfig: boolean;
}

function authorityFindings(req: ParsedTokenRequest, f: AuthorityFacts, out: Finding[]): void {
	const { grant, tenant } = f;
	const host = req.host && !f.unresolved.has('authority') ? req.host.toLowerCase() : undefined;
	const bareHost = host?.replace(/:\d+$/, '');
	const appOnly = grant === 'client_credentials';
	if (bareHost && !/^(localhost|127\.0\.0\.1|\[::1\])$/.test(bareHost) && bareHost !== 'placeholder.invalid') {
		if (bareHost === 'sts.windows.net') {
			out.push({ severity: 'warning', code: 'authority-sts-host', message: 'The request goes to sts.windows.net, the host in the issuer (iss) of v1 tokens, not the sign-in host.', fix: `Use https://login.microsoftonline.com/${tenant ?? '{tenant}'}/oauth2/v2.0/token.` });
		} else if (bareHost === 'login.windows.net' || bareHost === 'login.usgovcloudapi.net' || bareHost === 'login.chinacloudapi.cn') {
			out.push({ severity: 'info', code: 'authority-legacy-host', message: `${bareHost} is an older alias of the sign-in host; it still works.`, fix: `Prefer ${bareHost === 'login.windows.net' ? 'login.microsoftonline.com' : bareHost === 'login.usgovcloudapi.net' ? 'login.microsoftonline.us' : 'login.partner.microsoftonline.cn'}, the host the docs and MSAL use.` });
		} else if (/\.b2clogin\.com$/.test(bareHost)) {
			if (appOnly && f.hasOther) {
				out.push({ severity: 'warning', code: 'b2c-client-credentials-certificate', message: `Client credentials with a certificate or assertion against Azure AD B2C (${bareHost}): B2C documents the client credentials flow with a client secret only.`, fix: 'Use a client secret for B2C client credentials, or request the token from the tenant\'s Entra endpoint (login.microsoftonline.com/{tenant}.onmicrosoft.com) where certificates are supported.', uncertain: true });
			}
		} else if (/\.ciamlogin\.com$/.test(bareHost)) {
			// External ID (CIAM) tenants: certificates are supported there.
		} else if (!KNOWN_LOGIN_HOSTS.includes(bareHost)) {
			const api = API_HOSTS.test(bareHost);
			out.push({
				severity: api || bareHost === 'login.microsoftonline.de' ? 'error' : 'warning',
				code: 'authority-unknown-host',
				message: api
					? `The request goes to ${bareHost}, an API, not a sign-in host; tokens come from the cloud's login host.`
					: bareHost === 'login.microsoftonline.de'
						? 'login.microsoftonline.de was the sign-in host of Microsoft Cloud Germany, which is closed.'
						: `${bareHost} is not an Entra sign-in host the kit knows (global, US Government, China, B2C, External ID).`,
				fix: `Use the sign-in host of your cloud: login.microsoftonline.com (global), login.microsoftonline.us (US Government) or login.partner.microsoftonline.cn (China), e.g. https://login.microsoftonline.com/${tenant ?? '{tenant}'}/oauth2/v2.0/token.`,
			});
		}
	}
	if (tenant) {
		const t = tenant.toLowerCase();
		if (MULTI_TENANT_ALIASES.includes(t)) {
			if (appOnly) {
				out.push({ severity: 'error', code: 'AADSTS9001023', message: `Client credentials ${f.isConfig ? 'with the authority' : 'is sent to'} /${tenant}/; app-only grants need a tenant-specific authority (msal-node refuses it too).`, fix: `Use https://${req.host ?? 'login.microsoftonline.com'}/{tenant-id}/oauth2/v2.0/token.` });
			}
		} else if (!isGuid(tenant) && !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(tenant) && !(req.host && /\.(b2clogin|ciamlogin)\.com$/.test(req.host))) {
			out.push({ severity: 'warning', code: 'AADSTS90002', message: `The tenant '${tenant}' is neither a GUID nor a domain; Entra looks it up as a tenant and answers "Tenant '${tenant}' not found".`, fix: 'Use the Directory (tenant) ID GUID from the Overview blade, or a verified domain such as contoso.onmicrosoft.com.' });
		}
	} else if (f.isConfig && appOnly && !f.unresolved.has('tenant') && !f.unresolved.has('authority') && (req.format === 'msal-node' || req.format === 'msal-python' || req.format === 'msal-dotnet')) {
		out.push({ severity: 'warning', code: 'config-no-tenant', message: 'The client is configured without a tenant or authority, so MSAL uses https://login.microsoftonline.com/common, which client credentials can\'t use.', fix: "Set the authority to https://login.microsoftonline.com/{tenant-id} (msal-node auth.authority, MSAL.NET .WithTenantId(…), MSAL Python authority=…)." });
	}
	// The cloud of the sign-in host against the resource the token is for.
	const hostCloud = bareHost ? cloudOfLoginHost(bareHost) : undefined;
	if (hostCloud) {
		const resources = [...(req.params.scope ?? '').split(/\s/).map(resourceOf), req.params.resource].filter((r): r is string => !!r);
		for (const r of new Set(resources)) {
			const rc = cloudOfResource(r);
			if (rc && rc !== hostCloud) {
				out.push({ severity: 'error', code: 'AADSTS500011', message: `The token is requested for ${r} (${rc === 'usgov' ? 'Azure US Government' : rc === 'china' ? 'Azure China' : 'the global cloud'}) from ${bareHost} (${hostCloud === 'usgov' ? 'Azure US Government' : hostCloud === 'china' ? 'Azure China' : 'the global cloud'}); each cloud only knows its own resources.`, fix: `Use the sign-in host of the resource's cloud (${rc === 'usgov' ? 'login.microsoftonline.us' : rc === 'china' ? 'login.partner.microsoftonline.cn' : 'login.microsoftonline.com'}), with a tenant of that cloud, or the resource of your cloud.` });
				break;
			}
		}
	}
}

const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060\ufeff\u00a0]/g;

/** A thumbprint a configuration names: its form, the hash its field expects, and the workspace certificate it is. */
function configThumbprintFindings(req: ParsedTokenRequest, context: DiagnoseContext, open: boolean, out: Finding[]): void {
	const raw = open ? '' : (req.thumbprint ?? '');
	const invisible = raw.match(INVISIBLE) ?? [];
	const visible = raw.replace(INVISIBLE, '');
	const hex = visible.replace(/[^0-9A-Fa-f]/g, '').toUpperCase();
	const field = req.format === 'msal-node' ? (req.thumbprintKind === 'sha256' ? 'clientCertificate.thumbprintSha256' : 'clientCertificate.thumbprint') : req.format === 'identity-web' ? 'CertificateThumbprint' : req.format === 'msal-python' ? 'client_credential["thumbprint"]' : '-CertificateThumbprint';
	// (an open value, a variable, is '' here: only the store lookup below can be said)
	if (invisible.length > 0) {
		out.push({
			severity: 'error',
			code: 'thumbprint-invisible-characters',
			message: `${field} holds ${invisible.length} invisible character${invisible.length > 1 ? 's' : ''} (${[...new Set(invisible)].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ')}) besides the hex digits, so it has ${raw.length} characters instead of ${hex.length}. Copying the thumbprint from the Windows certificate dialog adds such a mark at the start.`,
			fix: `Type the value again or paste it from PowerShell ((Get-ChildItem Cert:\\CurrentUser\\My).Thumbprint): ${hex}.`,
		});
	} else if (/[^0-9A-Fa-f]/.test(visible)) {
		out.push({
			severity: 'error',
			code: req.format === 'msal-node' ? 'AADSTS700027' : 'thumbprint-format',
			message: `${field} '${visible}' has separators or other characters besides hex digits.${req.format === 'msal-node' ? " msal-node reads the hex with Buffer.from(…, 'hex'), which stops at the first non-hex character, so x5t carries a wrong (truncated) hash and Entra doesn't find the key." : ' Libraries and cmdlets compare or decode it as plain hex.'}`,
			fix: `Use the plain hex digits: ${hex}.`,
		});
	}
	if (open) {
		// Nothing to measure.
	} else if (hex.length === 64 && req.thumbprintKind === 'sha1') {
		out.push({ severity: 'error', code: 'AADSTS700027', message: `${field} holds 64 hex digits, a SHA-256 digest, in a field that expects the SHA-1 thumbprint (40 digits); it ends up under x5t, where Entra looks for a SHA-1.`, fix: req.format === 'msal-node' ? 'Put the SHA-256 under clientCertificate.thumbprintSha256 (msal-node then signs PS256 with x5t#S256), or the SHA-1 under thumbprint.' : 'Use the SHA-1 thumbprint (40 hex digits) as the portal shows it under Certificates & secrets.' });
	} else if (hex.length === 40 && req.thumbprintKind === 'sha256') {
		out.push({ severity: 'error', code: 'AADSTS700027', message: `${field} holds 40 hex digits, a SHA-1 thumbprint, where the SHA-256 (64 digits) is expected; it ends up under x5t#S256.`, fix: 'Compute the SHA-256 of the DER certificate (openssl x509 -in cert.pem -noout -fingerprint -sha256, colons removed) or put the SHA-1 under thumbprint.' });
	} else if (hex.length !== 40 && hex.length !== 64) {
		out.push({ severity: 'error', code: 'thumbprint-length', message: `${field} has ${hex.length} hex digits; a SHA-1 thumbprint has 40 and a SHA-256 has 64.`, fix: "Copy the thumbprint again from the portal (Certificates & secrets) or compute it from the certificate file." });
	}
	const keys = knownKeys(context);
	if (keys.length > 0 && (hex.length === 40 || hex.length === 64)) {
		const form = hex.length === 40 ? 'sha1Hex' : 'sha256Hex';
		const hits = keys.filter((k) => k.t[form] === hex);
		const manifestKeys = keys.filter((k) => k.source === 'manifest').length;
		if (hits.length > 0) {
			const registered = hits.some((h) => h.source === 'manifest');
			out.push({ severity: !registered && manifestKeys > 0 ? 'warning' : 'info', code: 'thumbprint-matches', message: `${field} ${hex} is ${hits.map((h) => h.label).join(', ')}.${!registered && manifestKeys > 0 ? ' No manifest in the workspace registers it.' : ''}`, fix: !registered && manifestKeys > 0 ? 'Register the certificate on the app (upload the .cer, or Insert keyCredential into Manifest).' : 'Nothing to fix here.' });
		} else {
			out.push({ severity: 'warning', code: 'thumbprint-unknown', message: `${field} ${hex} matches none of the ${keys.length} workspace certificates and manifest keys checked.`, fix: "Compare it with the Thumbprint column under Certificates & secrets and with the certificate the code actually loads." });
		}
	}
	const tool = req.tool ?? '';
	if (/^(Connect-|Microsoft\.Identity\.Web)/i.test(tool)) {
		const store = req.certificateStore ?? (/Connect-MgGraph|Connect-ExchangeOnline|Connect-MicrosoftTeams|Connect-PnPOnline/i.test(tool) ? 'Cert:\\CurrentUser\\My' : undefined);
		out.push({
			severity: 'info',
			code: 'thumbprint-store-lookup',
			message: `${tool} finds the certificate by thumbprint in a local certificate store${store ? ` (${store})` : ' (Connect-AzAccount: CurrentUser\\My, then LocalMachine\\My on Windows; on Linux and macOS .NET has only the CurrentUser store)'} and needs its private key. A certificate imported only into another store (often LocalMachine), without its key, or with a key the account can't read fails before any request reaches Entra, often with a message about the thumbprint itself.`,
			fix: `Check that Get-ChildItem ${store ?? 'Cert:\\CurrentUser\\My'}\\${hex || '<thumbprint>'} returns it with HasPrivateKey = True; otherwise import it there, or pass the certificate itself (-Certificate (Get-Item Cert:\\LocalMachine\\My\\${hex || '<thumbprint>'})), or a PFX file (Connect-AzAccount -CertificatePath).`,
		});
	}
}

interface ClientTypeFacts {
	grant?: string;
	client?: WorkspaceApp;
	hasSecret: boolean;
	hasOther: boolean;
	hasCredential: boolean;
	known: (name: string) => boolean;
}

function clientTypeFindings(req: ParsedTokenRequest, f: ClientTypeFacts, out: Finding[]): void {
	const { grant, client, hasCredential } = f;
	const p = req.params;
	if (!client || !grant) {
		return;
	}
	const redirect = f.known('redirect_uri') ? p.redirect_uri : undefined;
	if (hasCredential && client.publicFallback && PUBLIC_CAPABLE_GRANTS.includes(grant)) {
		out.push({ severity: 'error', code: 'AADSTS700025', message: `${appName(client)} is marked as a public client (${'isFallbackPublicClient / allowPublicClient'} = true) and this ${grant} request sends a client credential; Entra answers "Client is public so neither 'client_assertion' nor 'client_secret' should be presented".`, fix: 'Remove the credential for this public-client flow, or set isFallbackPublicClient (Allow public client flows) to false if the app is confidential.' });
	} else if (hasCredential && redirect && client.publicClient.includes(redirect) && !client.web.includes(redirect)) {
		out.push({ severity: 'warning', code: 'AADSTS700025', message: `redirect_uri ${redirect} is registered under the mobile and desktop (publicClient) platform of ${appName(client)}, which makes this a public-client redemption, yet the request sends a credential.`, fix: 'Register the redirect URI under the Web platform if the app redeems codes with a credential, or drop the credential.', uncertain: true });
	}
	if (redirect && client.spa.includes(redirect) && hasCredential && (grant === 'authorization_code' || grant === 'refresh_token')) {
		const alsoWeb = client.web.includes(redirect);
		out.push({
			severity: alsoWeb ? 'warning' : 'error',
			code: 'AADSTS9002327',
			message: `redirect_uri ${redirect} is registered as a Single-page application (spa.redirectUris) on ${appName(client)}, and the code is redeemed with a client credential, from a server. Codes issued for the SPA platform may only be redeemed by the browser (a cross-origin request with an Origin header) and never with a secret.${alsoWeb ? ' The URI is also registered under web, so which platform applies depends on the authorize request.' : ''}`,
			fix: 'Register the server\'s redirect URI under the Web platform (web.redirectUris) and redeem there with the credential, or redeem in the browser with PKCE and no secret.',
		});
	}
	if (!hasCredential && !client.publicFallback && (grant === 'authorization_code' || grant === 'refresh_token')) {
		const web = redirect ? client.web.includes(redirect) && !client.spa.includes(redirect) && !client.publicClient.includes(redirect) : client.spa.length === 0 && client.publicClient.length === 0 && client.web.length > 0;
		if (web) {
			out.push({ severity: 'error', code: 'AADSTS7000218', message: `${appName(client)} is a confidential web app (${redirect ? `${redirect} is a web redirect URI` : 'web redirect URIs only'}, public client flows off), and this ${grant} request sends no client credential.`, fix: 'Add the credential: client_assertion_type + client_assertion (certificate) or client_secret.' });
		}
	}
}

interface ScopeFacts {
	grant?: string;
	clientId?: string;
	client?: WorkspaceApp;
	apps: WorkspaceApp[];
	known: (name: string) => boolean;
	atAuthorize: boolean;
}

const MS_RESOURCE = /^https:\/\/(graph\.microsoft\.(com|us)|management\.azure\.com|management\.core\.windows\.net|vault\.azure\.net|storage\.azure\.com|database\.windows\.net|microsoftgraph\.chinacloudapi\.cn|outlook\.office(365)?\.com)\//i;

/**
 * The shape of a scope list and of each scope, whatever the flow: commas instead of spaces, a resource without its
 * scheme, a scope name run into the App ID URI or the host. Used for requests and for the scope an error names.
 * @example
 * scopeShapeFindings('Contacts.Read, Mail.Read')[0].message; // "The scope list … is separated by commas; …"
 */
export function scopeShapeFindings(scope: string): Finding[] {
	const out: Finding[] = [];
	const scopes = scope.split(/\s+/).filter(Boolean);
	if (/,/.test(scope)) {
		out.push({ severity: 'error', code: 'AADSTS70011', message: `The scope list '${scope}' is separated by commas; Entra splits scope on spaces, so it reads ${scopes.length === 1 ? 'one scope with commas in it' : 'scopes with commas in them'}.`, fix: `Separate the scopes with spaces: scope=${scope.split(/[\s,]+/).filter(Boolean).join(' ')} (URL-encoded as %20 or +).` });
	}
	for (const s of scopes) {
		const bare = s.replace(/,+$/, '');
		const hostOnly = /^https?:\/\/([^/\s]+)$/i.exec(bare)?.[1];
		// A top-level domain with a scope-like name glued to it ('_', '.', capitals: no host label has those): the '/' is missing.
		const glued = hostOnly ? /^(.*\.(?:com|net|org|io|us|cn|de|uk|dev|app|cloud|azure))([A-Za-z_][\w.-]*)$/.exec(hostOnly) : null;
		if (/^[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/i.test(bare)) {
			out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${bare}' has no scheme: an App ID URI or resource URL starts with https:// (or api://), and without it Entra doesn't read it as that resource.`, fix: `Use 'https://${bare}'.` });
		} else if (/^api:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}[^/\s]/i.test(bare)) {
			out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${bare}' runs the scope name into the App ID URI: there is no '/' after api://${bare.slice(6, 42)}.`, fix: `Use 'api://${bare.slice(6, 42)}/${bare.slice(42)}'.` });
		} else if (glued && /[_.A-Z]/.test(glued[2])) {
			out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${bare}' runs the scope name into the host: there is no '/' between the App ID URI ${bare.slice(0, bare.length - glued[2].length)} and the permission '${glued[2]}'.`, fix: `Use '${bare.slice(0, bare.length - glued[2].length)}/${glued[2]}' (App ID URI, a slash, then the scope name as the API exposes it).` });
		}
	}
	return out;
}

function scopeFindings(req: ParsedTokenRequest, f: ScopeFacts, out: Finding[]): void {
	const p = req.params;
	const { grant, apps } = f;
	if (grant === 'client_credentials' && !(p.scope ?? '').trim() && !('resource' in p) && !req.unresolved?.includes('scope') && !req.inferred?.includes('grant_type')) {
		out.push({ severity: 'error', code: 'AADSTS70011', message: 'Client credentials without a scope.', fix: 'Send scope={App ID URI or resource}/.default, e.g. https://graph.microsoft.com/.default.' });
	}
	if (!f.known('scope')) {
		return;
	}
	const scopes = p.scope.split(/\s+/).filter(Boolean);
	const delegated = f.atAuthorize || DELEGATED_GRANTS.includes(grant ?? '');
	// The shape of the list and of each scope, whatever the grant.
	out.push(...scopeShapeFindings(p.scope));
	if (grant === 'client_credentials') {
		for (const s of scopes) {
			if (OIDC_SCOPES.includes(s.toLowerCase())) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Client credentials asks for '${s}', a sign-in scope of user flows; an app-only token takes only {resource}/.default.`, fix: `Remove '${s}' from the scope.` });
			} else if (/\/default$/i.test(s) && !/\/\.default$/i.test(s)) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${s}' ends in /default without the dot.`, fix: `Use '${s.replace(/\/default$/i, '/.default')}'.` });
			} else if (!/\/\.default$/i.test(s)) {
				const bare = isGuid(s) || /^[a-z][\w+.-]*:\/\/[^/]+\/?$/i.test(s);
				out.push({ severity: 'error', code: 'AADSTS70011', message: bare ? `Client credentials needs a /.default scope; '${s}' names the resource without it.` : `Client credentials needs a /.default scope; '${s}' is a delegated scope.`, fix: `Use '${(bare ? s.replace(/\/$/, '') : scopeResource(s) ?? 'https://graph.microsoft.com')}/.default' and grant application permissions (app roles) to the app.` });
			}
		}
	} else {
		for (const s of scopes) {
			if (/\/default$/i.test(s) && !/\/\.default$/i.test(s)) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${s}' ends in /default without the dot.`, fix: `Use '${s.replace(/\/default$/i, '/.default')}'.` });
			} else if (delegated && (isGuid(s) || /^[a-z][\w+.-]*:\/\/[^/]+\/?$/i.test(s))) {
				out.push({ severity: 'warning', code: 'AADSTS70011', message: `Scope '${s}' names a resource but no permission; a delegated request asks for {resource}/{scope name} (or {resource}/.default for every consented permission).`, fix: `Use '${s.replace(/\/$/, '')}/{scope name}' as the API exposes it (Expose an API blade), or '${s.replace(/\/$/, '')}/.default'.` });
			}
		}
	}
	const resources = [...new Set(scopes.map(scopeResource).filter((r): r is string => !!r).map((r) => r.toLowerCase()))];
	if (resources.length > 1) {
		out.push({ severity: 'error', code: 'AADSTS70011', message: `The scopes name ${resources.length} resources (${resources.join(', ')}); one request gets a token for one resource.`, fix: 'Request each resource in its own token request.' });
	}

	// /.default appended to a scope name, and /.default mixed with named scopes of the same resource.
	const byResource = new Map<string, { def: boolean; names: string[] }>();
	for (const s of scopes) {
		const res = resourceOf(s);
		if (!res) {
			continue;
		}
		const key = norm(res);
		const entry = byResource.get(key) ?? { def: false, names: [] };
		if (/\/\.default$/i.test(s)) {
			entry.def = true;
			defaultOnScopeName(s, apps, out);
		} else {
			entry.names.push(s);
		}
		byResource.set(key, entry);
	}
	for (const [res, e] of byResource) {
		if (e.def && e.names.length > 0) {
			out.push({ severity: 'error', code: 'AADSTS70011', message: `The scope combines ${res}/.default with named scopes of the same resource (${e.names.join(', ')}); /.default can't be combined with other scopes of its resource.`, fix: `Send either ${res}/.default alone (every consented permission) or only the named scopes.` });
		}
	}

	// Scopes of workspace APIs, and a request for a token for itself.
	const client = f.client;
	for (const s of scopes) {
		const res = resourceOf(s);
		if (!res) {
			continue;
		}
		const api = appForResource(apps, res);
		const isSelf = !!f.clientId && ((!!client && api === client) || norm(res) === `api://${f.clientId.toLowerCase()}` || norm(res) === f.clientId.toLowerCase());
		if (isSelf && grant === OBO_GRANT) {
			out.push({ severity: 'warning', code: 'obo-scope-is-self', message: `The On-Behalf-Of request asks for a token for ${res}, the middle tier itself. On-Behalf-Of exchanges the incoming token (already for this API) for a token to a downstream API.`, fix: 'Ask for the downstream API\'s scope (e.g. https://graph.microsoft.com/User.Read or api://{downstream}/{scope}); the incoming token is already the one for this API.' });
		} else if (isSelf && grant === 'client_credentials' && !isGuid(res)) {
			out.push({ severity: 'warning', code: 'AADSTS90009', message: `The app asks for a token for itself by its App ID URI (${res}). Entra supports an app requesting a token for itself only when the resource is its GUID application ID.`, fix: `Use scope=${f.clientId}/.default.`, uncertain: true });
		}
		if (!api) {
			continue;
		}
		const name = /\/\.default$/i.test(s) ? undefined : s.slice(s.lastIndexOf('/') + 1);
		if (name === undefined) {
			if (grant === 'client_credentials' && api.appRoles.length === 0) {
				out.push({ severity: 'info', code: 'default-no-app-roles', message: `${appName(api)} defines no app roles, so an app-only token for ${res}/.default carries no roles claim; an API that checks roles will refuse it.`, fix: "Define an app role (allowedMemberTypes Application) on the API, grant it to the client under API permissions > Application permissions, and grant admin consent." });
			}
			continue;
		}
		if (!api.scopes.some((x) => x === name)) {
			const ci = api.scopes.find((x) => x.toLowerCase() === name.toLowerCase());
			const role = api.appRoles.find((x) => x.toLowerCase() === name.toLowerCase());
			out.push({
				severity: api.scopes.length === 0 && !role ? 'warning' : 'error',
				code: 'AADSTS65005',
				message: role
					? `'${name}' is an app role of ${appName(api)}, not a delegated scope; app roles are granted as application permissions and come in app-only tokens through ${res}/.default.`
					: `${appName(api)} exposes no scope '${name}'${ci ? ` (it has '${ci}', different case)` : ''}; it exposes ${api.scopes.length ? api.scopes.map((x) => `'${x}'`).join(', ') : 'no scopes'}.`,
				fix: role ? `Ask for ${res}/.default with client credentials, or expose a delegated scope for user flows.` : api.scopes.length ? `Ask for one of ${api.scopes.map((x) => `${res}/${x}`).join(', ')}, or add '${name}' under Expose an API (api.oauth2PermissionScopes).` : `Add '${name}' under Expose an API (api.oauth2PermissionScopes) of ${api.label}.`,
			});
		}
	}
}

/** `{resource}/{scope name}/.default`: the part before /.default must be the resource alone. */
function defaultOnScopeName(s: string, apps: WorkspaceApp[], out: Finding[]): void {
	const res = s.slice(0, -'/.default'.length);
	const slash = res.lastIndexOf('/');
	const schemeEnd = res.indexOf('://');
	if (slash <= schemeEnd + 2 || schemeEnd < 0) {
		return;
	}
	const parent = res.slice(0, slash);
	const name = res.slice(slash + 1);
	if (!name) {
		return;
	}
	const registered = apps.some((a) => a.identifierUris.some((u) => norm(u) === norm(res)));
	if (registered) {
		return;
	}
	const parentApp = appForResource(apps, parent);
	const certain = /^api:\/\/[0-9a-f-]{36}$/i.test(parent) || MS_RESOURCE.test(`${parent}/`) || (!!parentApp && (parentApp.scopes.includes(name) || parentApp.appRoles.includes(name)));
	if (certain) {
		out.push({ severity: 'error', code: 'AADSTS500011', message: `Scope '${s}' appends /.default to the scope name '${name}'. Entra takes everything before /.default as the resource and finds no resource named ${res}.`, fix: `Use '${parent}/.default' (client credentials: every granted app role), or '${parent}/${name}' in a delegated flow.` });
	} else if (/[._]/.test(name) || apps.length > 0) {
		out.push({ severity: 'warning', code: 'scope-default-on-scope-name', message: `Scope '${s}': the part before /.default (${res}) ends in '${name}', which looks like a scope name. /.default goes right after the App ID URI.`, fix: `If the App ID URI is ${parent}, use '${parent}/.default'; check the App ID URI under Expose an API (manifest identifierUris).`, uncertain: true });
	}
}

interface PkceFacts {
	client?: WorkspaceApp;
	apps: WorkspaceApp[];
	known: (name: string) => boolean;
	hasCredential: boolean;
	atAuthorize: boolean;
}

function pkceFindings(req: ParsedTokenRequest, f: PkceFacts, out: Finding[]): void {
	const p = req.params;
	const { client } = f;
	const redirect = f.known('redirect_uri') ? p.redirect_uri : undefined;
	if (!f.atAuthorize) {
		const spa = !!redirect && !!client && client.spa.includes(redirect);
		if (!('code_verifier' in p)) {
			if ('code_challenge' in p) {
				out.push({ severity: 'error', code: 'pkce-challenge-instead-of-verifier', message: 'The token request sends code_challenge and no code_verifier: the challenge belongs to the authorize request; the redemption proves possession with the verifier.', fix: 'Send code_verifier=<the random string whose S256 hash was the code_challenge> and drop code_challenge.' });
			} else if (spa) {
				out.push({ severity: 'error', code: 'AADSTS9002325', message: `redirect_uri ${redirect} is a single-page application URI; Entra requires PKCE for its cross-origin code redemption and this request has no code_verifier.`, fix: 'Send the code_verifier whose S256 hash was the code_challenge of the authorize request.' });
			} else {
				out.push({ severity: f.hasCredential ? 'info' : 'warning', code: 'pkce-no-verifier', message: `The authorization code is redeemed without code_verifier. If the authorize request sent a code_challenge, Entra refuses the code (AADSTS501481)${f.hasCredential ? '' : '; and a client without a credential should always use PKCE'}.`, fix: 'Send the code_verifier that produced the code_challenge of the authorize request (43–128 characters).' });
			}
		} else if ('code_challenge' in p) {
			out.push({ severity: 'warning', code: 'pkce-challenge-at-token-endpoint', message: 'The token request also sends code_challenge; it belongs to the authorize request only.', fix: 'Drop code_challenge (and code_challenge_method) from the token request.' });
		}
		if (f.known('code_verifier')) {
			const v = p.code_verifier;
			const bad = [...new Set(v.replace(/[A-Za-z0-9._~-]/g, ''))];
			if (v.length < 43 || v.length > 128 || bad.length > 0) {
				out.push({ severity: 'error', code: 'pkce-verifier-invalid', message: `code_verifier has ${v.length} characters${bad.length ? ` and characters outside A-Z a-z 0-9 - . _ ~ (${bad.map((c) => JSON.stringify(c)).join(' ')})` : ''}; RFC 7636 requires 43 to 128 of those characters.`, fix: 'Make the verifier base64url of 32 random bytes (43 characters), and send that same verifier here.' });
			}
		}
		if (!('redirect_uri' in p)) {
			out.push({ severity: 'error', code: 'authcode-no-redirect-uri', message: 'The authorization code is redeemed without redirect_uri; Entra needs the same redirect_uri the authorize request used.', fix: 'Send redirect_uri exactly as in the authorize request.' });
		}
	} else if ('code_challenge' in p && p.code_challenge_method && p.code_challenge_method !== 'S256') {
		out.push({ severity: 'warning', code: 'pkce-plain-method', message: `code_challenge_method is '${p.code_challenge_method}'; use S256.`, fix: 'Send code_challenge=base64url(SHA-256(verifier)) with code_challenge_method=S256.' });
	}
	if (redirect) {
		if (client) {
			redirectFindings(redirect, client, f.atAuthorize, out);
		} else {
			out.push({ severity: 'info', code: 'redirect-uri-unchecked', message: `redirect_uri ${redirect} could not be compared with the app's registration (${f.apps.length ? 'no workspace manifest has this client_id' : 'no manifest was given'}).`, fix: `Compare it exactly (scheme, host, port, path, trailing slash, case) with the app's Authentication blade, or Graph: GET /applications(appId='${p.client_id ?? '…'}')?$select=web,spa,publicClient.` });
		}
	}
}

// ---------------------------------------------------------------------------------------------------------------
// On-Behalf-Of

export interface OboOptions {
	/** Current time (for exp). */
	now?: Date;
	/** Workspace manifests to compare the token with the middle tier's registration. */
	context?: Pick<DiagnoseContext, 'manifests'>;
	/** The tenant the OBO request goes to. */
	tenant?: string;
}

/** Is the OBO user token one this middle tier can exchange? What it is, whom it was issued to, against the middle tier's registration. */
export function oboAssertionFindings(token: DecodedJwt, clientId?: string, options: OboOptions = {}): Finding[] {
	const out: Finding[] = [];
	const p = token.payload;
	const aud = typeof p.aud === 'string' ? p.aud : '';
	const apps = options.context ? workspaceApps(options.context) : [];
	const middle = appById(apps, clientId);
	const ver = typeof p.ver === 'string' ? p.ver : undefined;
	const azp = typeof p.azp === 'string' ? p.azp : typeof p.appid === 'string' ? p.appid : undefined;
	const issuedTo = azp ? appById(apps, azp) : undefined;
	const isIdToken = typeof p.nonce === 'string' && p.scp === undefined && p.roles === undefined;
	if (GRAPH_IDS.includes(aud.toLowerCase()) || typeof token.header.nonce === 'string') {
		out.push({
			severity: 'error',
			code: 'AADSTS50013',
			message: `The assertion is a token for Microsoft Graph (aud ${aud || 'Graph'}${typeof token.header.nonce === 'string' ? ', with a header nonce' : ''}). Graph tokens are signed over a transformed nonce, so nobody but Graph can validate them, and "if a client sends an API a token meant for Microsoft Graph, the API can't redeem it using OBO".`,
			fix: "Have the client request a token for YOUR API (scope api://<middle-tier client id>/<scope>) and pass that as assertion.",
		});
	} else if (isIdToken) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: `The assertion is an ID token (it has a nonce claim and no scp), issued to ${aud}${appById(apps, aud) ? ` = ${appName(appById(apps, aud)!)}` : ''}; On-Behalf-Of exchanges an access token for the middle tier.`, fix: 'Have the client request an access token for the middle tier (scope api://<middle-tier>/<scope>) and send that access token.' });
	} else if (middle && aud) {
		// (the middle tier was found by its appId, the clientId)
		const accepted = [clientId!, `api://${clientId}`, ...middle.identifierUris].map(norm);
		if (!accepted.includes(norm(aud))) {
			const other = appForResource(apps, aud);
			out.push({
				severity: 'error',
				code: 'AADSTS50013',
				message: `The assertion's audience is '${aud}'${other ? ` (${appName(other)})` : ''}, not the middle tier ${appName(middle)}, whose token audiences are ${accepted.join(', ')}.${ver ? ` It is a v${ver} token${ver === '1.0' ? ' (v1 tokens carry the App ID URI as aud)' : ' (v2 tokens carry the client ID as aud)'}.` : ''}`,
				fix: `Have the client request a token for the middle tier (scope ${middle.identifierUris[0] ?? `api://${middle.appId}`}/<scope>) and pass that as assertion.`,
			});
		}
	} else if (clientId && aud && !aud.toLowerCase().includes(clientId.toLowerCase())) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: `The assertion's audience is '${aud}', not this middle tier (client_id ${clientId}).`, fix: 'Pass the access token the client obtained for your API (aud = your client ID or App ID URI).' });
	}
	if (p.idtyp === 'app' || (Array.isArray(p.roles) && p.scp === undefined && p.upn === undefined && p.preferred_username === undefined)) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: 'The assertion is an app-only token (no user, no scp); On-Behalf-Of works only for user principals.', fix: 'Use client credentials for app-only calls, or pass a delegated (user) token as assertion.' });
	}
	if (options.now && typeof p.exp === 'number') {
		const now = options.now.getTime() / 1000;
		if (p.exp < now) {
			const ago = Math.round((now - p.exp) / 60);
			out.push({ severity: p.exp < now - 300 ? 'error' : 'warning', code: 'AADSTS500133', message: `The assertion expired at ${new Date(p.exp * 1000).toISOString()} (${ago} minutes before ${options.now.toISOString()}); Entra refuses an expired user assertion.`, fix: 'Pass the token of the current call, not a cached one; the client must refresh it (MSAL acquireTokenSilent) before calling the API.' });
		}
	}
	if (middle && typeof p.scp === 'string' && middle.scopes.length > 0 && !isIdToken) {
		const scp = p.scp.split(/\s+/);
		if (!scp.some((s) => middle.scopes.includes(s)) && middle.identifierUris.concat(middle.appId ? [middle.appId] : []).some((u) => norm(u) === norm(aud) || norm(`api://${middle.appId}`) === norm(aud))) {
			out.push({ severity: 'warning', code: 'obo-assertion-scope-not-exposed', message: `The assertion's scp (${p.scp}) names none of the scopes ${appName(middle)} exposes (${middle.scopes.join(', ')}).`, fix: 'Check which scope the client requested; it should be one the middle tier exposes under Expose an API.' });
		}
	}
	if (options.tenant && isGuid(options.tenant) && typeof p.tid === 'string' && p.tid.toLowerCase() !== options.tenant.toLowerCase()) {
		out.push({ severity: 'warning', code: 'obo-tenant-mismatch', message: `The On-Behalf-Of request goes to tenant ${options.tenant}, but the user's token is from tenant ${p.tid}.`, fix: `Send the OBO request to https://login.microsoftonline.com/${p.tid}/oauth2/v2.0/token (the tid of the incoming token).`, uncertain: true });
	}
	const kind = p.idtyp === 'app' || (p.scp === undefined && Array.isArray(p.roles)) ? 'app-only' : isIdToken ? 'ID token' : 'delegated';
	out.push({
		severity: 'info',
		code: 'obo-assertion-summary',
		message: `The assertion is a ${ver ? `v${ver} ` : ''}${kind} token for ${aud || '(no aud)'}${azp ? `, issued to the client ${azp}${issuedTo ? ` = ${appName(issuedTo)}` : ''}` : ''}${typeof p.scp === 'string' ? `, scp '${p.scp}'` : ''}${typeof p.tid === 'string' ? `, tenant ${p.tid}` : ''}${typeof p.exp === 'number' ? `, expiring ${new Date(p.exp * 1000).toISOString()}` : ''}.`,
		fix: middle ? `The middle tier is ${appName(middle)}.` : "Compare aud with the middle tier's Application (client) ID and App ID URI (Expose an API).",
	});
	return out;
}
