/**
 * The `scope` parameter: OpenID Connect scopes, and one resource's scopes (entra-rules §4: all scopes of one
 * request belong to one resource). Resources are registered apps (by appId or identifier URI) or Microsoft Graph
 * (whose permissions the sandbox does not know, so any Graph scope is granted). The sandbox emulates consent:
 * an app's exposed scopes and its application roles are granted as requested.
 */
import { invalidScope, sandboxNote, SandboxError } from './errors';
import { normalizeResource, type AppEntry, type AppIndex } from './apps';
import { GRAPH_APP_ID } from './tokens';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const GRAPH_RESOURCES = new Set([GRAPH_APP_ID, 'https://graph.microsoft.com']);

export type Resource = { kind: 'graph' } | { kind: 'app'; entry: AppEntry };

export interface ResolvedScopes {
	resource?: Resource;
	/** How the request named the resource (for the response's `scope`). */
	resourceName?: string;
	/** Resource scope values as requested ('.default' included). */
	values: string[];
	/** openid, profile, email, offline_access as requested (lower case). */
	oidc: Set<string>;
}

/** Splits the scope parameter into OIDC scopes and one resource's scopes; throws 28000/500011 as Entra does. */
export function resolveScopes(scope: string, index: AppIndex, tenantId: string): ResolvedScopes {
	const items = [...new Set(scope.split(/\s+/).filter(Boolean))];
	const oidc = new Set<string>();
	const values: string[] = [];
	let resource: Resource | undefined;
	let resourceKey: string | undefined;
	let resourceName: string | undefined;
	for (const item of items) {
		if (OIDC_SCOPES.includes(item.toLowerCase())) {
			oidc.add(item.toLowerCase());
			continue;
		}
		const slash = item.lastIndexOf('/');
		// A scope without a resource (User.Read) is a Microsoft Graph scope, as in Entra.
		const name = slash > 0 ? item.slice(0, slash) : GRAPH_APP_ID;
		const value = slash > 0 ? item.slice(slash + 1) : item;
		const key = normalizeResource(name);
		if (resourceKey !== undefined) {
			const same = resource?.kind === 'app' && index.byResource.get(key) === resource.entry;
			if (!same && !(resource?.kind === 'graph' && GRAPH_RESOURCES.has(key))) {
				throw invalidScope(28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scope} is not valid.`);
			}
		}
		if (resourceKey === undefined) {
			resourceKey = key;
			resourceName = slash > 0 ? name : undefined;
			if (GRAPH_RESOURCES.has(key)) {
				resource = { kind: 'graph' };
			} else {
				const entry = index.byResource.get(key);
				if (!entry) {
					throw new SandboxError(400, 'invalid_resource', 500011, `The resource principal named ${name} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.${sandboxNote(`it knows the apps of its manifests (${index.entries.map((e) => e.app.identifierUris[0] ?? e.app.appId).join(', ') || 'none'}) and Microsoft Graph`)}`);
				}
				resource = { kind: 'app', entry };
			}
		}
		values.push(value);
	}
	return { resource, resourceName, values, oidc };
}

/**
 * Delegated scopes granted for a registered app: its exposed scopes that were asked for, or all of them for
 * `.default`. Throws 650053 for a scope the app does not expose.
 */
export function delegatedScopes(entry: AppEntry, values: string[], clientName: string): string[] {
	if (values.some((v) => v === '.default')) {
		return [...entry.scopes.values()];
	}
	const out: string[] = [];
	for (const v of values) {
		const registered = entry.scopes.get(v.toLowerCase());
		if (!registered) {
			throw invalidScope(650053, `The application '${clientName}' asked for scope '${v}' that doesn't exist on the resource '${entry.app.appId}'. Contact the app vendor.${sandboxNote(`'${entry.app.displayName}' exposes ${entry.scopes.size > 0 ? [...entry.scopes.values()].join(', ') : 'no delegated scopes'}`)}`);
		}
		out.push(registered);
	}
	return out;
}

/** 70011 for a client credentials scope that is not {resource}/.default. */
export function clientCredentialsScopeError(scope: string, bad?: string): SandboxError {
	const hint = bad === undefined ? 'client credentials needs scope={App ID URI or client ID}/.default' : /\/default$/i.test(bad) ? `'${bad}' lacks the dot: use '${bad.replace(/\/default$/i, '/.default')}'` : `client credentials needs {resource}/.default, and '${bad}' is not one`;
	return invalidScope(70011, `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.${sandboxNote(hint)}`);
}
