/** Identifier shapes used across the core. */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID in the 8-4-4-4-12 form (client IDs, tenant IDs, keyIds). */
export function isGuid(value: string): boolean {
	return GUID.test(value);
}
