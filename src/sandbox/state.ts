/** What a running sandbox keeps: its key, its apps (indexed), and the codes and refresh tokens it issued (memory only). */
import type { AppIndex } from './apps';
import type { GraphState } from './graphState';
import type { SigningKey } from './tokens';
import type { SandboxUser } from './types';
import { MULTI_TENANT_ALIASES } from '../core/token/clouds';

/** An authorization code: single use, 10 minutes. */
export interface AuthCode {
	clientId: string;
	redirectUri: string;
	scope: string;
	codeChallenge: string;
	nonce?: string;
	userOid: string;
	expiresAt: number;
}

/** A refresh token: redeemable again and again (Entra does not revoke refresh tokens on use). */
export interface RefreshGrant {
	clientId: string;
	userOid: string;
	scope: string;
}

export const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** Bounds on what is kept in memory; the oldest entries go first. */
export const MAX_CODES = 10_000;
export const MAX_REFRESH_TOKENS = 10_000;

export interface SandboxState {
	/** e.g. http://127.0.0.1:43123 */
	baseUrl: string;
	tenantId: string;
	issuer: string;
	tokenEndpoint: string;
	key: SigningKey;
	index: AppIndex;
	users: SandboxUser[];
	/** Lower-case client assertion audiences accepted. */
	audiences: Set<string>;
	codes: Map<string, AuthCode>;
	/** Redeemed codes → when they would have expired (for AADSTS54005). */
	redeemed: Map<string, number>;
	refreshTokens: Map<string, RefreshGrant>;
	skewSeconds: number;
	/** The emulated Graph's applications (memory only; the token endpoint's index follows them). */
	graph: GraphState;
}

/** The tenant of a path segment: this sandbox's tenant, a multi-tenant alias, or unknown. */
export function tenantKind(state: SandboxState, segment: string): 'tenant' | 'multi' | undefined {
	const s = segment.toLowerCase();
	if (s === state.tenantId) {
		return 'tenant';
	}
	return MULTI_TENANT_ALIASES.includes(s) ? 'multi' : undefined;
}

/** Adds to a map that keeps at most `max` entries (insertion order: the oldest is dropped). */
export function boundedSet<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
	if (map.size >= max) {
		map.delete(map.keys().next().value as K);
	}
	map.set(key, value);
}

/**
 * Client assertion audiences the sandbox accepts, lower case: this tenant's v2.0 token endpoint (what every MSAL
 * sends), and the forms Microsoft's docs have shown (v1 `/oauth2/token`, `/{tenant}/v2.0`), under every loopback
 * name of the sandbox's origin.
 */
export function acceptedAudiences(baseUrl: string, tenantId: string): Set<string> {
	const u = new URL(baseUrl);
	const port = u.port ? `:${u.port}` : '';
	const out = new Set<string>();
	for (const host of ['127.0.0.1', 'localhost', '[::1]', u.hostname]) {
		for (const path of ['/oauth2/v2.0/token', '/oauth2/token', '/v2.0']) {
			out.add(`${u.protocol}//${host}${port}/${tenantId}${path}`.toLowerCase());
		}
	}
	return out;
}
