/**
 * Microsoft Graph application and keyCredential shapes, as Graph's v1.0 JSON carries them
 * (microsoft-graph-docs-contrib api-reference/v1.0/resources/keycredential.md; docs/graph-keycredentials.md).
 */

/** One keyCredentials entry as Graph reports it. `key` is null unless asked for with $select on a single object. */
export interface GraphKeyCredential {
	keyId: string;
	/** 'AsymmetricX509Cert' (client certificates), 'X509CertAndPassword' (signing keys), … */
	type: string;
	/** 'Verify' for client certificates, 'Sign' for token-signing keys. */
	usage: string;
	displayName?: string | null;
	/** Base64 of binary (by default the SHA-1 thumbprint bytes); null when not set. */
	customKeyIdentifier?: string | null;
	startDateTime?: string | null;
	endDateTime?: string | null;
	/** Base64 of the DER certificate; null when Graph does not return it. */
	key?: string | null;
}

/** The part of an application the kit reads and writes. `id` is the object ID, `appId` the client ID. */
export interface GraphApplication {
	id: string;
	appId: string;
	displayName: string;
	keyCredentials: GraphKeyCredential[];
}

/** An HTTP request to Graph, ready for fetch (headers include the bearer token: never log them as is). */
export interface GraphRequest {
	method: 'GET' | 'PATCH' | 'POST';
	url: string;
	headers: Record<string, string>;
	/** JSON text. */
	body?: string;
	/** What the request does, in one sentence (for previews and logs). */
	summary: string;
}

/** Graph's error body: { error: { code, message, innerError: { date, request-id, client-request-id } } }. */
export interface GraphErrorBody {
	code: string;
	message: string;
	requestId?: string;
	date?: string;
}

/** An answer from Graph, read. */
export interface GraphResponse {
	status: number;
	ok: boolean;
	/** The JSON body when it parsed (204 has none). */
	json?: unknown;
	bodyText: string;
	error?: GraphErrorBody;
}

/** The fetch the core uses (Node's global fetch, or a test double). */
export type GraphFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal; redirect?: 'manual' | 'follow' }) => Promise<Response>;
