/**
 * CONTRACT (filled in by the token-core work): token requests per flow, PKCE, authorize URLs, sending, and
 * exporting a request as curl / REST Client `.http` / MSAL code. Pure: network only through the injected fetch.
 * The workbench (src/vscode/workbench) and the sandbox tests build on exactly these signatures.
 */
import type { CloudName } from './clouds';

export type Flow = 'client_credentials' | 'on_behalf_of' | 'authorization_code' | 'refresh_token';

/** Where requests go: the local sandbox (its base URL, e.g. http://127.0.0.1:PORT) or an Entra cloud. */
export type TokenTarget = { kind: 'sandbox'; baseUrl: string; tenant: string } | { kind: 'cloud'; cloud: CloudName; tenant: string };

/** How the client authenticates. `assertion` is the signed client assertion JWT. */
export type ClientCredential = { kind: 'assertion'; assertion: string } | { kind: 'secret'; secret: string } | { kind: 'none' };

export interface TokenRequestInput {
	target: TokenTarget;
	flow: Flow;
	clientId: string;
	/** Space-separated on the wire. */
	scopes: string[];
	credential: ClientCredential;
	/** On-Behalf-Of: the incoming user access token (`assertion`). */
	userAssertion?: string;
	/** authorization_code */
	code?: string;
	redirectUri?: string;
	codeVerifier?: string;
	/** refresh_token */
	refreshToken?: string;
}

export interface TokenRequest {
	method: 'POST';
	url: string;
	headers: Record<string, string>;
	/** Form parameters in wire order. */
	params: [string, string][];
	/** application/x-www-form-urlencoded body. */
	body: string;
}

export interface Pkce {
	verifier: string;
	challenge: string;
	method: 'S256';
}

export interface AuthorizeUrlInput {
	target: TokenTarget;
	clientId: string;
	redirectUri: string;
	scopes: string[];
	state: string;
	codeChallenge: string;
	nonce?: string;
	loginHint?: string;
	prompt?: string;
}

export interface TokenInResponse {
	name: 'access_token' | 'id_token' | 'refresh_token';
	value: string;
	/** True when the value is a compact JWS that decodes. */
	jwt: boolean;
}

export interface TokenResponse {
	status: number;
	ok: boolean;
	durationMs: number;
	headers: Record<string, string>;
	bodyText: string;
	json?: Record<string, unknown>;
	tokens: TokenInResponse[];
	/** When the answer is not what a token endpoint sends (an HTML page, JSON that does not parse): one sentence saying so. */
	problem?: string;
}

export interface SendOptions {
	fetch: typeof globalThis.fetch;
	signal?: AbortSignal;
	/** Default 30000. */
	timeoutMs?: number;
	/** Monotonic milliseconds (performance.now) for durationMs. */
	clock: () => number;
}

export type ExportFormat = 'curl' | 'http' | 'msal-node' | 'msal-dotnet' | 'msal-python';

/** Certificate settings the MSAL exports name (paths are the user's files; no key material is embedded). */
export interface ExportCertificate {
	certificatePath: string;
	privateKeyPath: string;
	sha1Hex: string;
	sha256Hex: string;
	/** Send the certificate chain (`x5c`) for subject name + issuer authentication. Default false. */
	sendX5c?: boolean;
}
