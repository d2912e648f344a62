/**
 * One entry for any artifact: a JWT, an error response, a token request or a manifest
 * → findings with cause and fix, checked against the user's certificates and manifests.
 */
import { CoreError } from '../errors';
import type { Finding } from '../findings';
import { sortFindings } from '../findings';
import { decodeJwt, findJwts, type DecodedJwt } from '../jwt/decode';
import { isLikelyManifest } from '../manifest/model';
import { lintManifest } from '../manifest/lint';
import { looksLikeError, parseErrorResponse, type ParsedErrorResponse } from './aadsts';
import { codesFromPhrases, discoveryNote, errorFindings } from './errorRules';
import { focusText } from './focus';
import { federationFindings, isFederationToken } from './federation';
import { localFailureFindings } from './localFailures';
import { tokenValidationFindings } from './tokenValidation';
import { assertionClaimFindings, assertionHeaderFindings, isEntraIssued, looksLikeClientAssertion } from './assertionRules';
import type { DiagnoseContext } from './keys';
import { looksLikeRequest, parseTokenRequest, type ParsedTokenRequest } from './request';
import { requestFindings } from './requestRules';

export * from './aadsts';
export * from './errorText';
export { localFailureFindings, looksLikeLocalFailure, LOCAL_FAILURES } from './localFailures';
export * from './keys';
export * from './request';
export { isEntraIssued, looksLikeClientAssertion } from './assertionRules';
export { checkSourceLine, liveRegistrationFor, type LiveRegistration } from './liveKeys';
export { scopeResource, ASSERTION_TYPE, OBO_GRANT } from './requestRules';

export interface Diagnosis {
	kind: 'jwt' | 'error' | 'request' | 'manifest' | 'unknown';
	findings: Finding[];
	jwt?: DecodedJwt;
	request?: ParsedTokenRequest;
	error?: ParsedErrorResponse;
}

/**
 * Classifies the text and runs the rules for it.
 * @example
 * diagnose('{"error":"invalid_client","error_codes":[700027], …}', { now: new Date() }).findings[0].code; // 'AADSTS700027'
 */
export function diagnose(text: string, context: DiagnoseContext): Diagnosis {
	const whole = text.trim();
	if (whole && isLikelyManifest(whole)) {
		return { kind: 'manifest', findings: sortFindings(lintManifest(whole, { now: context.now })) };
	}
	// A large log is read through its interesting lines; offsets then no longer point into the input.
	const { text: trimmed, focused } = focusText(whole);
	const result = diagnoseText(trimmed, context);
	if (focused) {
		result.findings = result.findings.map(({ range: _range, replacement: _replacement, ...f }) => f);
	}
	return result;
}

function diagnoseText(trimmed: string, context: DiagnoseContext): Diagnosis {
	if (!trimmed) {
		return { kind: 'unknown', findings: [{ severity: 'info', code: 'empty-input', message: 'There is nothing to diagnose: the text is empty.', fix: 'Select or paste a token, an AADSTS error, a token request or a manifest.' }] };
	}
	// What a library said before any request (a certificate or key that can't be loaded), Entra's answers, and
	// an API's refusal of a bearer token (IDX10214, "The audience … is invalid", jsonwebtoken, PyJWT, …).
	const local = localFailureFindings(trimmed, context);
	const validation = tokenValidationFindings(trimmed, context);
	if (looksLikeError(trimmed) || codesFromPhrases(trimmed).length > 0) {
		const error = parseErrorResponse(trimmed);
		return { kind: 'error', error, findings: sortFindings([...errorFindings(error, context), ...(local ?? []), ...(validation ?? [])]) };
	}
	if (local || validation) {
		return { kind: 'error', findings: sortFindings([...(local ?? []), ...(validation ?? [])]) };
	}
	if (looksLikeRequest(trimmed)) {
		const request = parseTokenRequest(trimmed);
		return { kind: 'request', request, findings: sortFindings(requestFindings(request, context)) };
	}
	const found = findJwts(trimmed);
	if (found.length > 0) {
		if (found[0].kind === 'jwe') {
			return { kind: 'jwt', findings: [{ severity: 'info', code: 'jwt-encrypted', message: 'This is an encrypted token (JWE, five parts); only its recipient can read it.', fix: 'Diagnose the token before encryption, or the error the recipient returned.' }] };
		}
		const jwt = decodeJwt(found[0].token);
		return { kind: 'jwt', jwt, findings: sortFindings(jwtFindings(jwt, context)) };
	}
	if (/^eyJ/.test(trimmed)) {
		// Looks like a token that doesn't decode: say which part is broken.
		try {
			decodeJwt(trimmed);
		} catch (e) {
			if (e instanceof CoreError) {
				return { kind: 'jwt', findings: [{ severity: 'error', code: 'jwt-malformed', message: e.message, fix: 'Copy the whole token again: three base64url parts separated by dots.' }] };
			}
			throw e;
		}
	}
	const findings: Finding[] = [];
	discoveryNote(trimmed, findings);
	findings.push({ severity: 'info', code: 'unrecognised-input', message: 'The kit does not recognise this text as a token, an AADSTS error, a token request or a manifest.', fix: 'Paste the whole artifact: the token, the error JSON or message, the request body or curl command, or the manifest.' });
	return { kind: 'unknown', findings };
}

/** Findings for a JWT: a client assertion is checked as one; an Entra-issued token is explained. */
function jwtFindings(jwt: DecodedJwt, context: DiagnoseContext): Finding[] {
	const { header, payload } = jwt;
	if (isFederationToken(payload)) {
		return federationFindings(jwt, context);
	}
	if (!isEntraIssued(payload) && (looksLikeClientAssertion(payload) || 'x5t' in header || 'x5t#S256' in header || payload.iss === payload.sub)) {
		// The client is the one the assertion names (iss; sub must equal it): its live keys are the ones Entra checks.
		const client = typeof payload.iss === 'string' ? payload.iss : typeof payload.sub === 'string' ? payload.sub : undefined;
		return [...assertionHeaderFindings(header, context, client), ...assertionClaimFindings(payload, context)];
	}
	const out: Finding[] = [];
	const now = context.now.getTime() / 1000;
	if (typeof payload.exp === 'number' && payload.exp < now) {
		out.push({ severity: 'warning', code: 'token-expired', message: `The token expired at ${new Date(payload.exp * 1000).toISOString()}.`, fix: 'Request a new token; do not reuse a cached one past exp.' });
	}
	if (typeof header.nonce === 'string') {
		out.push({
			severity: 'info',
			code: 'token-graph-nonce',
			message: 'The header carries a nonce: this is a Microsoft Graph token. Its signature is computed over a transformed nonce, so nobody but Graph can validate it, and an API cannot redeem it by On-Behalf-Of (AADSTS50013).',
			fix: "Don't validate Graph tokens in your API; to call your API, request a token whose aud is your API.",
		});
	}
	if (payload.idtyp === 'app' || (Array.isArray(payload.roles) && payload.scp === undefined && payload.upn === undefined)) {
		out.push({ severity: 'info', code: 'token-app-only', message: 'This is an app-only token (application permissions, no user): it can be used for client credentials calls but not as an On-Behalf-Of assertion.', fix: 'For On-Behalf-Of, pass a delegated token with scp.' });
	}
	return out;
}

export type { DiagnoseContext };
