/**
 * Key material for the sandbox's mutation tests, made at run time once per process: the mutation run re-runs these
 * tests' hooks for every mutant, and RSA key generation (openssl, Node) is the slow part. Kept on globalThis so a
 * reloaded test file finds what the first load made.
 */
import { makeCert, type OpensslCert } from '../helpers/openssl';
import { createSigningKey, type SigningKey } from '../../../src/sandbox/tokens';

const cache = ((globalThis as Record<string, unknown>).__eckSandboxMutationMaterial ??= new Map<string, unknown>()) as Map<string, unknown>;

/** An openssl certificate per name (same arguments as makeCert), made on first use. */
export function cachedCert(cn: string, keySpec?: string[]): OpensslCert {
	const k = `cert:${cn}:${(keySpec ?? []).join(' ')}`;
	if (!cache.has(k)) {
		cache.set(k, makeCert(cn, keySpec));
	}
	return cache.get(k) as OpensslCert;
}

/**
 * A sandbox signing key (RSA, self-signed certificate valid a year from `now`) per name, made on first use.
 * Its JWK is copied per call, so a caller may set `issuer` without touching another's.
 */
export async function cachedSigningKey(name: string, now: Date): Promise<SigningKey> {
	const k = `key:${name}:${now.toISOString()}`;
	if (!cache.has(k)) {
		cache.set(k, await createSigningKey(now));
	}
	const key = cache.get(k) as SigningKey;
	return { ...key, jwk: { ...key.jwk } };
}
