/**
 * CONTRACT (filled in by the sandbox work): a local token endpoint that follows Entra's documented rules.
 * Labelled as an emulation everywhere. Used by the CLI (`entra-cert sandbox`), the extension (start/stop
 * commands, the workbench's default target) and the tests.
 */

export interface SandboxApp {
	appId: string;
	displayName: string;
	/** Registered certificates (keyCredentials), DER. */
	certificates: Uint8Array[];
	/** Client secrets the sandbox accepts for this app (passwordCredentials[].secretText where a manifest has it). */
	secrets: string[];
	identifierUris: string[];
	appRoles: { id: string; value: string; allowedMemberTypes: string[] }[];
	/** Exposed delegated scopes (api.oauth2PermissionScopes, or legacy oauth2Permissions). */
	scopes: { id: string; value: string }[];
	redirectUris: string[];
	/** Where it came from (a file name), for messages. */
	source?: string;
	/** The manifest's object ID ("id"/"objectId") when it names one: the emulated Graph application's id. */
	objectId?: string;
	/** The manifest's keyCredentials entries behind `certificates` (keyId, names, dates), for the emulated Graph. */
	keyCredentials?: SandboxKeyCredential[];
}

/** One Verify certificate of a manifest, as the emulated Graph reports it. */
export interface SandboxKeyCredential {
	der: Uint8Array;
	keyId?: string;
	displayName?: string | null;
	customKeyIdentifier?: string | null;
	startDateTime?: string;
	endDateTime?: string;
}

export interface SandboxUser {
	oid: string;
	name: string;
	preferredUsername: string;
}

export interface SandboxRequestLog {
	method: string;
	path: string;
	status: number;
	durationMs: number;
	/** AADSTS code when the answer was an error. */
	errorCode?: number;
	/**
	 * The client went away (closed the connection) before the request was complete or before the answer was sent:
	 * not an error of the sandbox nor an answer; `status` is 499 (no answer sent, as nginx logs it).
	 */
	clientGone?: true;
}

export interface SandboxOptions {
	/** Default 127.0.0.1; only loopback addresses are allowed. */
	host?: string;
	/** 0 or absent: a random free port. */
	port?: number;
	/** Serve HTTPS with a localhost certificate the sandbox generates (SAN localhost, 127.0.0.1). */
	https?: boolean;
	apps: SandboxApp[];
	/** Default: two sandbox users. */
	users?: SandboxUser[];
	/** Default: a fixed sandbox tenant GUID. */
	tenantId?: string;
	/** Default () => new Date(). */
	now?: () => Date;
	onRequest?: (entry: SandboxRequestLog) => void;
	/** An unexpected exception while answering (a sandbox bug; the client gets an AADSTS-shaped 500 without details). */
	onInternalError?: (error: unknown) => void;
	/** Clock skew allowed around a client assertion's nbf/exp and a user assertion's exp; default 300 seconds. */
	clockSkewSeconds?: number;
	/** keyCredentials per app the emulated Graph allows before Directory_ResourceSizeExceeded; default 600. */
	graphKeyLimit?: number;
}

export interface Sandbox {
	/** e.g. http://127.0.0.1:43123 (no trailing slash). */
	url: string;
	port: number;
	https: boolean;
	/** PEM of the HTTPS certificate (trust it as a CA in clients), when https. */
	tlsCertificatePem?: string;
	tenantId: string;
	users: SandboxUser[];
	/** `${url}/${tenantId}` */
	authority: string;
	/** `${url}/${tenantId}/oauth2/v2.0/token` */
	tokenEndpoint: string;
	/** `${url}/${tenantId}/v2.0` : the iss of tokens it issues. */
	issuer: string;
	/** The JWKS it publishes at /{tenant}/discovery/v2.0/keys. */
	jwks(): { keys: Record<string, unknown>[] };
	/** Replaces the registered apps (e.g. after a manifest changed). */
	setApps(apps: SandboxApp[]): void;
	close(): Promise<void>;
}
