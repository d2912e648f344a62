/**
 * Error responses as JSON or as text copied from a console, a browser, an exception or a log (the readers are in
 * errorText.ts). What each code means is in the catalog (catalog/).
 */
import { looksLikeErrorText, readErrorText, type ErrorTextFields } from './errorText';

export interface ParsedErrorResponse extends ErrorTextFields {
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

/**
 * True when the text looks like an Entra error: JSON with error/error_codes (also escaped or as a Python
 * dict), an AADSTS code, MSAL's and the SDKs' exception text, a redirect URL with error=, a sign-in log.
 * Tokens, token requests and manifests are not errors.
 */
export function looksLikeError(text: string): boolean {
	return looksLikeErrorText(text);
}

/**
 * Reads an error response however it was pasted, with every field it carries.
 * @example
 * parseErrorResponse('AADSTS700027: Client assertion failed ... Thumbprint of key used by client: \'AB12…\'').codes; // ['700027']
 */
export function parseErrorResponse(text: string): ParsedErrorResponse {
	return { ...readErrorText(text), text };
}
