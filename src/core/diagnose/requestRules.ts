/**
 * Rules for a token request: grant, credentials, scopes, endpoint, and On-Behalf-Of's user assertion
 * (entra-rules §4). The request's client_assertion goes through the assertion rules.
 */
import { decodeJwt, type DecodedJwt } from '../jwt/decode';
import type { Finding } from '../findings';
import { MULTI_TENANT_ALIASES } from '../token/clouds';
import { assertionClaimFindings, assertionHeaderFindings, isEntraIssued, looksLikeClientAssertion } from './assertionRules';
import type { DiagnoseContext } from './keys';
import type { ParsedTokenRequest } from './request';
import { ASSERTION_TYPE, OBO_GRANT } from '../token/constants';

export { ASSERTION_TYPE, OBO_GRANT };
const GRAPH_IDS = ['00000003-0000-0000-c000-000000000000', 'https://graph.microsoft.com', 'https://graph.microsoft.com/', 'https://graph.microsoft.us', 'https://microsoftgraph.chinacloudapi.cn'];

function tryDecode(token: string | undefined): DecodedJwt | undefined {
	if (!token) {
		return undefined;
	}
	try {
		return decodeJwt(token);
	} catch {
		return undefined;
	}
}

/** The resource part of a scope: 'https://graph.microsoft.com/.default' → 'https://graph.microsoft.com'. */
export function scopeResource(scope: string): string | undefined {
	if (['openid', 'profile', 'email', 'offline_access'].includes(scope)) {
		return undefined;
	}
	const i = scope.lastIndexOf('/');
	return i > 0 ? scope.slice(0, i) : undefined;
}

/** Rules over a parsed request. */
export function requestFindings(req: ParsedTokenRequest, context: DiagnoseContext): Finding[] {
	const out: Finding[] = [];
	const p = req.params;
	const grant = p.grant_type;
	const confidentialGrant = grant === 'client_credentials' || grant === OBO_GRANT;
	if (!grant) {
		out.push({ severity: 'error', code: 'request-no-grant-type', message: 'The request has no grant_type.', fix: `Send grant_type=client_credentials, authorization_code, refresh_token, or ${OBO_GRANT} for On-Behalf-Of.` });
	}
	if (req.tenant && req.endpointVersion === 'v2' && 'resource' in p) {
		out.push({ severity: 'error', code: 'AADSTS901002', message: `The request sends resource=${p.resource} to the v2 endpoint, which rejects it.`, fix: `Replace it with scope=${p.resource.replace(/\/$/, '')}/.default.` });
	}
	if (!p.client_id) {
		out.push({ severity: 'warning', code: 'request-no-client-id', message: 'The request has no client_id.', fix: "Send client_id = the app registration's Application (client) ID." });
	}

	// Credentials.
	const hasSecret = 'client_secret' in p;
	const hasAssertion = 'client_assertion' in p;
	if (hasSecret && hasAssertion) {
		out.push({ severity: 'error', code: 'request-both-credentials', message: 'The request sends both client_secret and client_assertion; a client authenticates with one.', fix: 'Keep client_assertion (the certificate) and remove client_secret.' });
	} else if (!hasSecret && !hasAssertion && confidentialGrant) {
		out.push({ severity: 'error', code: 'AADSTS7000218', message: `A ${grant === 'client_credentials' ? 'client credentials' : 'On-Behalf-Of'} request needs a client credential and this one has none: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'".`, fix: `Add client_assertion_type=${ASSERTION_TYPE} and client_assertion=<JWT signed with the certificate>.` });
	}
	if (hasAssertion && p.client_assertion_type !== ASSERTION_TYPE) {
		out.push({ severity: 'error', code: 'request-bad-assertion-type', message: p.client_assertion_type ? `client_assertion_type is '${p.client_assertion_type}'.` : 'client_assertion is sent without client_assertion_type.', fix: `Send client_assertion_type=${ASSERTION_TYPE}.` });
	}

	// Scopes.
	const scopes = (p.scope ?? '').split(/\s+/).filter(Boolean);
	if (grant === 'client_credentials') {
		if (req.tenant && MULTI_TENANT_ALIASES.includes(req.tenant.toLowerCase())) {
			out.push({ severity: 'error', code: 'AADSTS9001023', message: `Client credentials is sent to /${req.tenant}/; app-only grants need a tenant-specific authority (msal-node refuses it too).`, fix: `Use https://${req.host ?? 'login.microsoftonline.com'}/{tenant-id}/oauth2/v2.0/token.` });
		}
		if (scopes.length === 0 && !('resource' in p)) {
			out.push({ severity: 'error', code: 'AADSTS70011', message: 'Client credentials without a scope.', fix: 'Send scope={App ID URI or resource}/.default, e.g. https://graph.microsoft.com/.default.' });
		}
		for (const s of scopes) {
			if (/\/default$/i.test(s) && !/\/\.default$/i.test(s)) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${s}' ends in /default without the dot.`, fix: `Use '${s.replace(/\/default$/i, '/.default')}'.` });
			} else if (!/\/\.default$/i.test(s)) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Client credentials needs a /.default scope; '${s}' is a delegated scope.`, fix: `Use '${scopeResource(s) ?? s}/.default' and grant application permissions (app roles) to the app.` });
			}
		}
	} else {
		for (const s of scopes) {
			if (/\/default$/i.test(s) && !/\/\.default$/i.test(s)) {
				out.push({ severity: 'error', code: 'AADSTS70011', message: `Scope '${s}' ends in /default without the dot.`, fix: `Use '${s.replace(/\/default$/i, '/.default')}'.` });
			}
		}
	}
	const resources = [...new Set(scopes.map(scopeResource).filter((r): r is string => !!r).map((r) => r.toLowerCase()))];
	if (resources.length > 1) {
		out.push({ severity: 'error', code: 'AADSTS70011', message: `The scopes name ${resources.length} resources (${resources.join(', ')}); one request gets a token for one resource.`, fix: 'Request each resource in its own token request.' });
	}

	// On-Behalf-Of and swapped assertions.
	const userAssertion = tryDecode(p.assertion);
	const clientAssertion = tryDecode(p.client_assertion);
	const swapped = !!userAssertion && !!clientAssertion && looksLikeClientAssertion(userAssertion.payload) && isEntraIssued(clientAssertion.payload);
	if (swapped) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: 'assertion and client_assertion are swapped: assertion holds your self-signed JWT and client_assertion holds a token Entra issued.', fix: 'Put the JWT you sign with the certificate in client_assertion and the incoming user access token in assertion.' });
	}
	if (grant === OBO_GRANT) {
		if (!p.assertion) {
			out.push({ severity: 'error', code: 'obo-no-assertion', message: 'On-Behalf-Of without assertion: there is no user token to exchange.', fix: 'Send assertion=<the access token your API received, whose aud is this app>.' });
		} else if (userAssertion && !swapped) {
			out.push(...oboAssertionFindings(userAssertion, p.client_id ?? context.clientId));
		}
		if (p.requested_token_use !== 'on_behalf_of') {
			out.push({ severity: 'error', code: 'obo-requested-token-use', message: p.requested_token_use ? `requested_token_use is '${p.requested_token_use}'.` : 'On-Behalf-Of without requested_token_use.', fix: 'Send requested_token_use=on_behalf_of.' });
		}
		if (req.tenant && MULTI_TENANT_ALIASES.includes(req.tenant.toLowerCase())) {
			out.push({ severity: 'warning', code: 'obo-multitenant-authority', message: `On-Behalf-Of is sent to /${req.tenant}/; MSAL.NET logs an error for this.`, fix: "Use the user's tenant: the tid claim of the incoming token." });
		}
	}
	if (clientAssertion && !swapped) {
		if (isEntraIssued(clientAssertion.payload)) {
			out.push({ severity: 'error', code: 'request-client-assertion-is-entra-token', message: `client_assertion holds a token Entra issued (iss ${String(clientAssertion.payload.iss)}); an access token is not a client assertion.`, fix: 'Sign your own JWT with the certificate (iss = sub = client_id, aud = this token endpoint) and send that as client_assertion.' });
		} else {
			out.push(...assertionHeaderFindings(clientAssertion.header, context));
			out.push(...assertionClaimFindings(clientAssertion.payload, context, { clientId: p.client_id, url: req.url, host: req.host, tenant: req.tenant, endpointVersion: req.endpointVersion }));
		}
	} else if (hasAssertion && !clientAssertion) {
		out.push({ severity: 'error', code: 'AADSTS50027', message: 'client_assertion is not a well-formed JWT (three base64url parts).', fix: 'Send the compact JWS exactly as signed; check it was not cut off or URL-encoded twice.' });
	}
	return out;
}

/** Is the OBO user token one this middle tier can exchange? */
export function oboAssertionFindings(token: DecodedJwt, clientId?: string): Finding[] {
	const out: Finding[] = [];
	const p = token.payload;
	const aud = typeof p.aud === 'string' ? p.aud : '';
	if (GRAPH_IDS.includes(aud.toLowerCase()) || typeof token.header.nonce === 'string') {
		out.push({
			severity: 'error',
			code: 'AADSTS50013',
			message: `The assertion is a token for Microsoft Graph (aud ${aud || 'Graph'}${typeof token.header.nonce === 'string' ? ', with a header nonce' : ''}). Graph tokens are signed over a transformed nonce, so nobody but Graph can validate them, and "if a client sends an API a token meant for Microsoft Graph, the API can't redeem it using OBO".`,
			fix: "Have the client request a token for YOUR API (scope api://<middle-tier client id>/<scope>) and pass that as assertion.",
		});
	} else if (clientId && aud && aud !== clientId && aud !== `api://${clientId}` && !aud.toLowerCase().includes(clientId.toLowerCase())) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: `The assertion's audience is '${aud}', not this middle tier (client_id ${clientId}).`, fix: 'Pass the access token the client obtained for your API (aud = your client ID or App ID URI).' });
	}
	if (p.idtyp === 'app' || (Array.isArray(p.roles) && p.scp === undefined && p.upn === undefined && p.preferred_username === undefined)) {
		out.push({ severity: 'error', code: 'AADSTS50013', message: 'The assertion is an app-only token (no user, no scp); On-Behalf-Of works only for user principals.', fix: 'Use client credentials for app-only calls, or pass a delegated (user) token as assertion.' });
	}
	return out;
}
