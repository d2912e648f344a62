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
import { AADSTS_CATALOG, looksLikeError, parseErrorResponse, type ParsedErrorResponse } from './aadsts';
import { assertionClaimFindings, assertionHeaderFindings, isEntraIssued, looksLikeClientAssertion } from './assertionRules';
import { interpretReportedThumbprint, knownKeys, type DiagnoseContext } from './keys';
import { looksLikeRequest, parseTokenRequest, type ParsedTokenRequest } from './request';
import { requestFindings } from './requestRules';

export * from './aadsts';
export * from './keys';
export * from './request';
export { isEntraIssued, looksLikeClientAssertion } from './assertionRules';
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
	const trimmed = text.trim();
	if (!trimmed) {
		return { kind: 'unknown', findings: [{ severity: 'info', code: 'empty-input', message: 'There is nothing to diagnose: the text is empty.', fix: 'Select or paste a token, an AADSTS error, a token request or a manifest.' }] };
	}
	if (isLikelyManifest(trimmed)) {
		return { kind: 'manifest', findings: sortFindings(lintManifest(trimmed, { now: context.now })) };
	}
	if (looksLikeError(trimmed)) {
		const error = parseErrorResponse(trimmed);
		return { kind: 'error', error, findings: sortFindings(errorFindings(error, context)) };
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
	if (!isEntraIssued(payload) && (looksLikeClientAssertion(payload) || 'x5t' in header || 'x5t#S256' in header || payload.iss === payload.sub)) {
		return [...assertionHeaderFindings(header, context), ...assertionClaimFindings(payload, context)];
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

/** Findings for an error response: each AADSTS code explained, and 700027's thumbprint read. */
function errorFindings(error: ParsedErrorResponse, context: DiagnoseContext): Finding[] {
	const out: Finding[] = [];
	for (const code of error.codes) {
		const entry = AADSTS_CATALOG[code];
		if (!entry) {
			out.push({ severity: 'info', code: `AADSTS${code}`, message: `AADSTS${code} is not in the kit's catalog of certificate-related errors.`, fix: `Look it up in Microsoft's error-code reference (https://login.microsoftonline.com/error?code=${code}).` });
			continue;
		}
		out.push({ severity: 'error', code: `AADSTS${code}`, message: `${entry.title}. ${entry.cause}`, fix: entry.fix, uncertain: entry.uncertain });
	}
	if (/RSA key size (\d+) is less than/i.test(error.text)) {
		const bits = /RSA key size (\d+)/i.exec(error.text)?.[1];
		out.push({ severity: 'error', code: 'AADSTS700027', message: `The certificate's RSA key has ${bits} bits; Entra requires at least 2048.`, fix: 'Generate a new certificate with an RSA key of 2048 bits or more and register it.' });
	}
	if (error.reportedThumbprint) {
		out.push(...reportedThumbprintFindings(error.reportedThumbprint, context));
	}
	discoveryNote(error.text, out);
	return out;
}

function reportedThumbprintFindings(hex: string, context: DiagnoseContext): Finding[] {
	const out: Finding[] = [];
	const shape = interpretReportedThumbprint(hex);
	const keys = knownKeys(context);
	const whose = (form: 'sha1Hex' | 'sha256Hex', value: string) => keys.filter((k) => k.t[form] === value);
	const describe = (hits: ReturnType<typeof whose>) => {
		if (keys.length === 0) {
			return '';
		}
		if (hits.length === 0) {
			return ` It matches none of the ${keys.length} certificates and manifest keys checked.`;
		}
		const certs = hits.filter((h) => h.source === 'certificate').map((h) => h.label);
		const manifests = hits.filter((h) => h.source === 'manifest').map((h) => h.label);
		return `${certs.length ? ` It is the thumbprint of ${certs.join(', ')}.` : ''}${manifests.length ? ` It is registered in ${manifests.join(', ')}.` : keys.some((k) => k.source === 'manifest') ? ' No manifest in the context registers it.' : ''}`;
	};
	switch (shape.shape) {
		case 'ascii-hex': {
			const meant = shape.meantSha1Hex ?? shape.meantSha256Hex ?? '';
			out.push({
				severity: 'error',
				code: 'x5t-hex-text',
				message: `The reported thumbprint has ${hex.length} hex digits, all ASCII codes of hex characters: the x5t header carried base64 of the hex TEXT "${meant}" instead of the ${meant.length / 2} hash bytes.${describe(whose(shape.meantSha1Hex ? 'sha1Hex' : 'sha256Hex', meant))}`,
				fix: `Build the header from the bytes: x5t = base64url(bytes.fromhex('${meant}')), or hash the DER certificate directly.`,
			});
			break;
		}
		case 'hex-verbatim': {
			const meant = shape.meantSha1Hex ?? shape.meantSha256Hex;
			out.push({
				severity: 'error',
				code: 'x5t-hex-verbatim',
				message: `The reported thumbprint has ${hex.length} hex digits: the hex string${meant ? ` ${meant}` : ''} was put in x5t verbatim, and Entra base64url-decoded it into ${hex.length / 2} bytes.${meant ? describe(whose(shape.meantSha1Hex ? 'sha1Hex' : 'sha256Hex', meant)) : ''}`,
				fix: `Send base64url of the hash bytes${meant ? `: x5t = base64url(bytes.fromhex('${meant}'))` : ''}.`,
			});
			break;
		}
		case 'sha1': {
			const hits = whose('sha1Hex', hex);
			const registered = hits.some((h) => h.source === 'manifest');
			out.push({
				severity: registered ? 'warning' : 'error',
				code: 'thumbprint-not-registered',
				message: `Entra found no key with SHA-1 ${hex} on the app.${describe(hits)}${registered ? ' Since a manifest registers it, check that the manifest was saved to this app, in this tenant and cloud.' : ''}`,
				fix: registered ? 'Compare the app ID and tenant of the request with the manifest; re-upload the certificate if needed.' : 'Upload this certificate (.cer) to the app registration, or sign with one that is registered.',
			});
			break;
		}
		case 'sha256': {
			const hits = whose('sha256Hex', hex);
			out.push({
				severity: 'error',
				code: 'thumbprint-sha256-not-registered',
				message: `The reported thumbprint is a SHA-256 (64 hex digits): ${hex}. Either x5t#S256 names a certificate not registered on the app, or a SHA-256 digest was put under x5t (which must be SHA-1).${describe(hits)}`,
				fix: 'Send the SHA-256 under x5t#S256 (with PS256) or the SHA-1 under x5t, and register the certificate on the app.',
			});
			break;
		}
		default:
			out.push({ severity: 'warning', code: 'thumbprint-odd-length', message: `The reported thumbprint has ${hex.length} hex digits, which is neither a SHA-1 (40) nor a SHA-256 (64).`, fix: 'Send base64url of the SHA-1 (x5t) or SHA-256 (x5t#S256) hash bytes of the DER certificate.' });
	}
	return out;
}

function discoveryNote(text: string, out: Finding[]): void {
	if (/discovery\/(v2\.0\/)?keys|jwks/i.test(text)) {
		out.push({
			severity: 'info',
			code: 'discovery-keys-never-lists-client-certs',
			message: "The tenant's /discovery/keys (jwks_uri) lists the keys Entra signs its own tokens with; it never lists an app's client certificate (even with ?appid=, which returns custom signing keys only).",
			fix: "Look for a client certificate on the application object: the portal's Certificates & secrets, or Graph /applications/{id}?$select=keyCredentials.",
		});
	}
}

export type { DiagnoseContext };
