/**
 * Error answers shaped as Entra's: HTTP status, `error`, `error_description` beginning with the AADSTS code and
 * ending with " Trace ID: … Correlation ID: … Timestamp: …", `error_codes`, `timestamp`, `trace_id`,
 * `correlation_id`, `error_uri`.
 *
 * Texts quote Entra where the reference (entra-rules.md) or public error reports give its words, and reuse the
 * kit's AADSTS catalog titles where those fit. Anything the sandbox adds of its own is marked with
 * {@link sandboxNote}, so a description never passes the sandbox's reading off as Entra's.
 */

/** An answer the token or authorize endpoint gives instead of a token. */
export class SandboxError extends Error {
	override readonly name = 'SandboxError';

	constructor(
		/** HTTP status: 400 for invalid_request/invalid_grant/…, 401 for invalid_client, as Entra answers. */
		readonly status: number,
		/** OAuth `error`: invalid_request, invalid_client, invalid_grant, unauthorized_client, invalid_scope, … */
		readonly error: string,
		/** The AADSTS code (digits). */
		readonly code: number,
		/** The description without the "AADSTSnnn: " prefix and without the trace suffix. */
		readonly text: string,
	) {
		super(`AADSTS${code}: ${text}`);
	}
}

/** Text the sandbox adds to an Entra message: its own reading, marked as such. */
export function sandboxNote(text: string): string {
	return ` (Entra Cert Kit sandbox: ${text})`;
}

/**
 * The gist of Entra's own message for each code the sandbox answers with (Entra's wording, as errors show it: the
 * sandbox imitates what the user would see). The kit's explanation of a code lives in the diagnose catalog.
 */
const ENTRA_MESSAGES: Readonly<Record<string, string>> = Object.freeze({
	'700027': 'Client assertion failed signature validation / the key was not found',
	'50012': 'AuthenticationFailed',
	'5002723': 'No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header',
	'5002730': 'Unsupported key for the signing algorithm',
	'50027': 'Invalid JWT',
	'700021': 'Client assertion application identifier does not match client_id',
	'50048': 'Subject mismatches Issuer claim in the client assertion',
	'700023': 'InvalidResourcelessScope, or assertion audience does not match Realm issuer',
	'700024': 'Client assertion is not within its valid time range',
	'500133': 'Assertion is not within its valid time range (On-Behalf-Of user assertion)',
	'50013': 'Assertion failed signature validation (On-Behalf-Of)',
	'700016': 'Application not found in the directory',
	'90002': 'Tenant not found',
	'500011': 'Resource principal not found in the tenant',
	'65001': 'Consent missing',
	'700025': 'Public client sent a credential',
	'7000218': "The request body must contain 'client_assertion' or 'client_secret'",
	'7000215': 'Invalid client secret provided',
	'7000222': 'The client secret has expired',
	'70011': 'Invalid scope',
	'90009': 'Token for itself requires the GUID app ID as the resource',
	'7000012': 'The grant was obtained for a different tenant',
	'700222': 'AAD-issued tokens may not be used for federated identity flows',
	'700030': 'Subject name not authorized',
	'9001023': 'The grant type is not supported over the /common or /consumers endpoints',
	'901002': "The 'resource' request parameter is not supported",
});

/**
 * Entra's message for a code, with a full stop.
 * @example
 * catalogText(5002723); // 'No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.'
 */
export function catalogText(code: number): string {
	const title = ENTRA_MESSAGES[String(code)] ?? `AADSTS${code}`;
	return /[.!?]$/.test(title) ? title : `${title}.`;
}

export const invalidRequest = (code: number, text: string): SandboxError => new SandboxError(400, 'invalid_request', code, text);
export const invalidClient = (code: number, text: string): SandboxError => new SandboxError(401, 'invalid_client', code, text);
export const invalidGrant = (code: number, text: string): SandboxError => new SandboxError(400, 'invalid_grant', code, text);
export const invalidScope = (code: number, text: string): SandboxError => new SandboxError(400, 'invalid_scope', code, text);

/** "The request body must contain the following parameter: 'X'." (AADSTS900144). */
export function missingParameter(name: string): SandboxError {
	return invalidRequest(900144, `The request body must contain the following parameter: '${name}'.`);
}

/** Entra's timestamp form in error answers: "2024-07-17 14:42:13Z". */
export function entraTimestamp(now: Date): string {
	return now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** .NET's round-trip form with seven fractional digits, as 700024 prints times: "2023-07-12T07:30:13.0000000Z". */
export function dotnetTime(date: Date): string {
	return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** Per-request identifiers that go into every error answer. */
export interface TraceContext {
	traceId: string;
	correlationId: string;
	now: Date;
	/** The sandbox's base URL, for error_uri. */
	baseUrl: string;
}

export interface ErrorBody {
	error: string;
	error_description: string;
	error_codes: number[];
	timestamp: string;
	trace_id: string;
	correlation_id: string;
	error_uri: string;
}

/**
 * The JSON body of an error answer.
 * @example
 * errorBody(invalidClient(7000218, "…"), trace).error_description;
 * // "AADSTS7000218: … Trace ID: 0c1f… Correlation ID: 5e6a… Timestamp: 2026-11-05 10:00:00Z"
 */
export function errorBody(e: SandboxError, trace: TraceContext): ErrorBody {
	const timestamp = entraTimestamp(trace.now);
	return {
		error: e.error,
		error_description: `AADSTS${e.code}: ${e.text} Trace ID: ${trace.traceId} Correlation ID: ${trace.correlationId} Timestamp: ${timestamp}`,
		error_codes: [e.code],
		timestamp,
		trace_id: trace.traceId,
		correlation_id: trace.correlationId,
		// The sandbox's own page for the code (catalog cause and fix), not Microsoft's lookup.
		error_uri: `${trace.baseUrl}/error?code=${e.code}`,
	};
}

/** An unexpected exception: a bug in the sandbox, answered as a 500 without any detail of the exception. */
export function internalError(): SandboxError {
	return new SandboxError(500, 'server_error', 50000, `There's an issue with the sign-in service.${sandboxNote('an unexpected error inside the sandbox — a bug in Entra Cert Kit, not a problem with your request and not an answer of Microsoft Entra ID. Please report it with the trace ID')}`);
}
