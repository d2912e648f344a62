/**
 * Graph's answers explained the way the kit explains AADSTS errors: a Finding with the cause in general terms and
 * what to do. The code is `Graph:<error code>` (e.g. 'Graph:Authorization_RequestDenied'). Sources in
 * docs/graph-keycredentials.md; where Graph's words do not decide the cause, the finding says what to check.
 */
import type { Finding } from '../findings';
import type { GraphResponse } from './types';

export type GraphOperation = 'read' | 'list' | 'patch' | 'addKey' | 'removeKey';

const ADDKEY_DOC = 'https://learn.microsoft.com/graph/api/application-addkey';
const REMOVEKEY_DOC = 'https://learn.microsoft.com/graph/api/application-removekey';
const UPDATE_DOC = 'https://learn.microsoft.com/graph/api/application-update';
const PERMISSIONS_DOC = 'https://learn.microsoft.com/graph/permissions-reference';

function finding(code: string, message: string, fix: string, sources: string[], extra: Partial<Finding> = {}): Finding {
	return { severity: 'error', code: `Graph:${code}`, message, fix, sources, ...extra };
}

/**
 * Explains a failed Graph answer for an operation; [] for a success.
 * @example
 * explainGraphError({ status: 403, ok: false, bodyText: '…', error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }, 'patch');
 * // [{ code: 'Graph:Authorization_RequestDenied', message: 'Graph refused to update …', fix: '…Application.ReadWrite.All…' }]
 */
export function explainGraphError(res: GraphResponse, operation: GraphOperation): Finding[] {
	if (res.ok) {
		return [];
	}
	const code = res.error?.code ?? `HTTP${res.status}`;
	const said = res.error?.message ? ` Graph said: "${res.error.message}"` : '';
	const write = operation === 'patch' || operation === 'addKey' || operation === 'removeKey';
	const what = operation === 'read' ? 'read the application' : operation === 'list' ? 'list your applications' : operation === 'patch' ? "update the application's keyCredentials" : operation === 'addKey' ? 'add the key (addKey)' : 'remove the key (removeKey)';
	const proofOp = operation === 'addKey' || operation === 'removeKey';

	if (res.status === 401 || code === 'InvalidAuthenticationToken') {
		return [finding(code, `Graph did not accept the access token (HTTP ${res.status}).${said}`, 'Sign in again: the token is expired, was issued for another resource than Microsoft Graph (aud must be https://graph.microsoft.com or 00000003-0000-0000-c000-000000000000), or belongs to another cloud. With the Azure CLI: az account get-access-token --resource-type ms-graph.', [PERMISSIONS_DOC])];
	}
	if (code === 'Authorization_RequestDenied' || res.status === 403) {
		if (proofOp && /proof|possession|key/i.test(res.error?.message ?? '') && !/insufficient privileges/i.test(res.error?.message ?? '')) {
			return [proofFinding(code, said, operation)];
		}
		const scopes = write ? 'Application.ReadWrite.All (delegated) ' : 'Application.Read.All or Application.ReadWrite.All (delegated) ';
		return [
			finding(
				code,
				`Graph refused to ${what}: insufficient privileges.${said} Either the token lacks the permission (scp) for it, or the signed-in user may not change this application: a user without an admin role can change only the apps they own.`,
				`Check the token's scp claim (entra-cert decode) for ${scopes}and ask for it at sign-in; then check that you are an owner of the app (Entra admin center > App registrations > the app > Owners) or hold Application Administrator or Cloud Application Administrator.${proofOp ? ' addKey and removeKey also answer this way when the proof is missing or not accepted: sign the proof with a certificate already valid on the app.' : ''}`,
				[proofOp ? (operation === 'addKey' ? ADDKEY_DOC : REMOVEKEY_DOC) : UPDATE_DOC, PERMISSIONS_DOC, 'https://github.com/microsoftgraph/msgraph-sdk-powershell/issues/779'],
			),
		];
	}
	if (res.status === 404 || code === 'Request_ResourceNotFound') {
		return [finding(code, `Graph found no such application in the tenant of the token.${said}`, "Check the application (client) ID and that you are signed in to the tenant where the app is registered (an app from another tenant has only a service principal here, not an application object). 'az account show' names the Azure CLI's tenant.", [UPDATE_DOC])];
	}
	if (code === 'Directory_ResourceSizeExceeded') {
		return [finding(code, `The application object would grow past Entra's size limit.${said} Graph counts the whole object, so the number of keys that fit depends on the certificates' size (reports put it at several hundred).`, 'Remove expired or unused keys first (entra-cert app remove-cert), then add the new one.', ['https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/1169', 'https://learn.microsoft.com/entra/identity-platform/reference-microsoft-graph-app-manifest'])];
	}
	if (proofOp && (code === 'Request_BadRequest' || res.status === 400) && /proof|possession|token|signature|jwt/i.test(res.error?.message ?? '')) {
		return [proofFinding(code, said, operation)];
	}
	if (code === 'Request_BadRequest' || res.status === 400) {
		const keyish = /key|credential|customKeyIdentifier|usage|type/i.test(res.error?.message ?? '');
		return [
			finding(
				code,
				`Graph refused the request as malformed.${said}`,
				keyish
					? "Check the keyCredential: key is base64 of the certificate's DER (not of PEM text), type AsymmetricX509Cert with usage Verify, endDateTime not after the certificate's notAfter, and in a PATCH every existing key is sent back by its keyId."
					: 'Check the request body against the Graph reference for this operation; the message above names the field Graph objects to.',
				[operation === 'addKey' ? ADDKEY_DOC : operation === 'removeKey' ? REMOVEKEY_DOC : UPDATE_DOC],
				keyish ? {} : { uncertain: true },
			),
		];
	}
	if (res.status === 429 || res.status >= 500) {
		return [finding(code, `Graph could not answer now (HTTP ${res.status}).${said}`, 'Wait a little and try again (Graph throttles with 429 and a Retry-After header); nothing was changed by a failed request.', ['https://learn.microsoft.com/graph/throttling'], { severity: 'warning' })];
	}
	return [finding(code, `Graph answered HTTP ${res.status} to the request to ${what}.${said}`, 'Read Graph\'s message above; the request-id in the answer identifies the request for Microsoft support.', [UPDATE_DOC], { uncertain: true })];
}

function proofFinding(code: string, said: string, operation: GraphOperation): Finding {
	return finding(
		code,
		`Graph did not accept the proof of possession for ${operation}.${said}`,
		`Sign the proof with the private key of a certificate that is registered on the app and valid now${operation === 'removeKey' ? ' and that is not the key being removed' : ''}: header x5t of that certificate; claims aud '00000002-0000-0000-c000-000000000000', iss = the application's object ID (its "id", not the appId), nbf = now, exp = nbf + at most 10 minutes. An app with no valid certificate cannot use addKey: add the first one with a PATCH (entra-cert app add-cert without --proof-cert).`,
		[operation === 'removeKey' ? REMOVEKEY_DOC : ADDKEY_DOC, 'https://github.com/microsoftgraph/microsoft-graph-docs/pull/6587'],
	);
}
