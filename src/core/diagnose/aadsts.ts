/**
 * The AADSTS codes that matter for certificate client authentication (entra-rules §5), and the
 * parsing of error responses as JSON or as text copied from a console, a browser or an exception.
 */

export interface AadstsEntry {
	/** Gist of Entra's message. */
	title: string;
	cause: string;
	fix: string;
	/** Set where the sources disagree about the code's meaning. */
	uncertain?: boolean;
}

/** Cause and fix per code, from entra-rules §5 (Microsoft's error-code reference unless noted there). */
export const AADSTS_CATALOG: Readonly<Record<string, AadstsEntry>> = Object.freeze({
	'700027': {
		title: 'Client assertion failed signature validation / the key was not found',
		cause: "The assertion's x5t or x5t#S256 names no certificate registered on the app, or the signature does not verify (wrong private key, a malformed PEM, x5c chain order).",
		fix: 'Send base64url of the SHA-1 (x5t) or SHA-256 (x5t#S256) hash bytes of the DER certificate, sign with the key of that certificate, and make sure the certificate is uploaded to this app registration.',
	},
	'50012': {
		title: 'AuthenticationFailed',
		cause: 'A legacy or subject-name/issuer variant of a bad client assertion: invalid signature, thumbprint not authorized, or a bad chain.',
		fix: 'Check the assertion as for AADSTS700027: the thumbprint header, the signing key and, for SNI, the x5c chain (try sending only the leaf).',
	},
	'5002723': {
		title: 'No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header',
		cause: "The client assertion's header has neither x5t nor x5t#S256.",
		fix: 'Add x5t#S256 (base64url of the SHA-256 of the DER certificate) with PS256, or x5t (SHA-1) with RS256.',
	},
	'5002730': {
		title: 'Unsupported key for the signing algorithm',
		cause: "The assertion's alg does not fit the key (for example an EC key, or PS256 where the service expected RS256). In 2024 an Entra PSS bug caused it for MSAL.NET 4.60.0.",
		fix: 'Use an RSA key of 2048 bits or more with PS256 (x5t#S256) or RS256 (x5t).',
	},
	'50027': {
		title: 'Invalid JWT',
		cause: 'The assertion is malformed, its audience is unexpected (an array aud gives this), or it is outside its valid time range. In 2016 this code also meant "no certificate thumbprint specified".',
		fix: "Send a single-string aud equal to the tenant's token endpoint, with valid nbf/exp, in a well-formed compact JWS.",
	},
	'700021': {
		title: 'Client assertion application identifier does not match client_id',
		cause: "The assertion's iss/sub is not the client_id of the request.",
		fix: 'Set iss and sub to the application (client) ID GUID you send as client_id.',
	},
	'50048': {
		title: 'Subject mismatches Issuer claim in the client assertion',
		cause: 'sub is not equal to iss.',
		fix: 'Set sub to the same value as iss: the application (client) ID.',
	},
	'700023': {
		title: 'InvalidResourcelessScope, or assertion audience does not match Realm issuer',
		cause: "The sources disagree: Microsoft's error reference names it InvalidResourcelessScope (a scope without a resource), while the Azure SDK for Java troubleshooting guide describes an assertion audience that does not match the realm issuer.",
		fix: "Check both: the scope must name a resource ({resource}/.default), and the assertion's aud must be this tenant's token endpoint.",
		uncertain: true,
	},
	'700024': {
		title: 'Client assertion is not within its valid time range',
		cause: 'The assertion expired or is not yet valid at the server: a clock or time-zone bug, latency, or an assertion cached too long.',
		fix: 'Build nbf and exp from the current UTC time in seconds (exp about 10 minutes later) and sign a fresh assertion per request.',
	},
	'500133': {
		title: 'Assertion is not within its valid time range (On-Behalf-Of user assertion)',
		cause: 'The incoming user token passed as assertion has expired.',
		fix: 'Send a fresh access token whose audience is the middle-tier app.',
	},
	'50013': {
		title: 'Assertion failed signature validation (On-Behalf-Of)',
		cause: "The user token passed as assertion can't be validated: it was issued for another audience (a Microsoft Graph token, whose header nonce makes its signature checkable only by Graph), it is an app-only token, its issuer does not match the API version, or client_assertion and assertion were swapped.",
		fix: "Pass, as assertion, the access token the client got for YOUR API (aud = the middle tier's client ID or App ID URI), and keep your own signed JWT in client_assertion.",
	},
	'700016': {
		title: 'Application not found in the directory',
		cause: 'The client_id is unknown in this tenant or cloud.',
		fix: 'Check the client ID, the tenant, and the cloud host (login.microsoftonline.com, .us, or .partner.microsoftonline.cn).',
	},
	'90002': {
		title: 'Tenant not found',
		cause: 'The tenant in the URL does not exist in this cloud.',
		fix: 'Use the directory (tenant) ID or a verified domain, and the right cloud host.',
	},
	'500011': {
		title: 'Resource principal not found in the tenant',
		cause: "The scope's resource (App ID URI or client ID) has no service principal in this tenant.",
		fix: 'Check the scope, and have an admin consent to (provision) the resource app in this tenant.',
	},
	'65001': {
		title: 'Consent missing',
		cause: 'The user or admin has not consented to the app using the requested permissions.',
		fix: 'Grant admin consent for the API permissions, or sign the user in interactively once to consent.',
	},
	'700025': {
		title: 'Public client sent a credential',
		cause: 'The app is configured as a public client, which may not send client_secret or client_assertion.',
		fix: 'Remove the credential, or turn off "Allow public client flows" on the app registration.',
	},
	'7000218': {
		title: "The request body must contain 'client_assertion' or 'client_secret'",
		cause: 'A confidential client sent no credential.',
		fix: 'Send client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer with client_assertion=<signed JWT>, or client_secret.',
	},
	'7000215': {
		title: 'Invalid client secret provided',
		cause: 'The secret is wrong; often the secret ID was sent instead of its value.',
		fix: "Send the secret's Value (shown once at creation), not its Secret ID.",
	},
	'7000222': {
		title: 'The client secret has expired',
		cause: 'The client secret is past its end date.',
		fix: 'Create a new secret or, better, switch the app to a certificate.',
	},
	'70011': {
		title: 'Invalid scope',
		cause: 'The scope is malformed or not valid for this flow; client credentials needs {resource}/.default.',
		fix: 'Use {App ID URI or resource}/.default for client credentials (with the dot), and scopes of one resource per request.',
	},
	'90009': {
		title: 'Token for itself requires the GUID app ID as the resource',
		cause: 'The app requested a token for itself by a URI rather than its client ID.',
		fix: 'Use the application (client) ID GUID as the resource in the scope.',
	},
	'7000012': {
		title: 'The grant was obtained for a different tenant',
		cause: 'The code or refresh token came from another tenant than the one in this request.',
		fix: 'Redeem or refresh against the same tenant that issued it.',
	},
	'700222': {
		title: 'AAD-issued tokens may not be used for federated identity flows',
		cause: 'A federated identity credential was given a token issued by Entra itself; this is not a certificate problem.',
		fix: "Use a token from the external identity provider the federated credential trusts (GitHub, Kubernetes, …) as client_assertion.",
	},
	'700030': {
		title: 'Subject name not authorized',
		cause: 'Subject name/issuer (SNI) authentication: the certificate subject is not allowed for this app.',
		fix: 'Check the app\'s trustedCertificateSubjects configuration and send the chain in x5c.',
	},
	'9001023': {
		title: 'The grant type is not supported over the /common or /consumers endpoints',
		cause: 'Client credentials (or another app-only grant) was sent to /common, /organizations or /consumers.',
		fix: 'Use a tenant-specific authority: https://login.microsoftonline.com/{tenant-id}/oauth2/v2.0/token.',
	},
	'901002': {
		title: "The 'resource' request parameter is not supported",
		cause: 'A v1 parameter, resource, was sent to the v2 endpoint.',
		fix: 'Replace resource=X with scope=X/.default on /oauth2/v2.0/token.',
	},
});

export interface ParsedErrorResponse {
	error?: string;
	errorDescription?: string;
	/** Every AADSTS code found, in order, without duplicates (digits only). */
	codes: string[];
	traceId?: string;
	correlationId?: string;
	timestamp?: string;
	/** 700027's "Thumbprint of key used by client: '…'". */
	reportedThumbprint?: string;
	/** The text, as searched. */
	text: string;
}

/** True when the text looks like an Entra error (JSON with error/error_codes, or an AADSTS code). */
export function looksLikeError(text: string): boolean {
	return /AADSTS\d{5,8}/.test(text) || /"error_codes"\s*:/.test(text) || /"error"\s*:\s*"(invalid_client|invalid_grant|invalid_request|unauthorized_client|invalid_scope|interaction_required|consent_required|temporarily_unavailable)"/.test(text);
}

/**
 * Reads an error response: JSON (error, error_description, error_codes, trace_id, correlation_id,
 * timestamp) or any text containing AADSTS codes.
 * @example
 * parseErrorResponse('AADSTS700027: Client assertion failed ... Thumbprint of key used by client: \'AB12…\'').codes; // ['700027']
 */
export function parseErrorResponse(text: string): ParsedErrorResponse {
	const result: ParsedErrorResponse = { codes: [], text };
	const jsonStart = text.indexOf('{');
	if (jsonStart >= 0) {
		try {
			const obj = JSON.parse(text.slice(jsonStart, text.lastIndexOf('}') + 1)) as Record<string, unknown>;
			result.error = typeof obj.error === 'string' ? obj.error : undefined;
			result.errorDescription = typeof obj.error_description === 'string' ? obj.error_description : undefined;
			result.traceId = typeof obj.trace_id === 'string' ? obj.trace_id : undefined;
			result.correlationId = typeof obj.correlation_id === 'string' ? obj.correlation_id : undefined;
			result.timestamp = typeof obj.timestamp === 'string' ? obj.timestamp : undefined;
			if (Array.isArray(obj.error_codes)) {
				for (const c of obj.error_codes) {
					if (typeof c === 'number' || typeof c === 'string') {
						result.codes.push(String(c));
					}
				}
			}
		} catch {
			// Not JSON (or not only JSON): the text search below still finds the codes.
		}
	}
	for (const m of text.matchAll(/AADSTS(\d{5,8})/g)) {
		result.codes.push(m[1]);
	}
	result.codes = [...new Set(result.codes)];
	// Escaped quotes appear when the description sits inside JSON or a log string.
	const thumb = /Thumbprint of key used by client:\s*\\?['"]?([0-9A-Fa-f]+)/.exec(text);
	if (thumb) {
		result.reportedThumbprint = thumb[1].toUpperCase();
	}
	result.traceId ??= /Trace ID:\s*([0-9a-f-]{36})/i.exec(text)?.[1];
	result.correlationId ??= /Correlation ID:\s*([0-9a-f-]{36})/i.exec(text)?.[1];
	return result;
}
