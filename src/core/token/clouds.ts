/**
 * Entra clouds and their sign-in hosts (entra-rules §4, "Hosts"; docs authentication-national-cloud.md),
 * and the v2.0 token endpoint built from them. Shared by the assertion signer, token requests and diagnose.
 */
import { CoreError } from '../errors';

/** The national clouds the kit knows by name. */
export type CloudName = 'public' | 'usgov' | 'china';

export interface CloudInfo {
	name: CloudName;
	/** Human name, as the docs call it. */
	displayName: string;
	/** The sign-in (authority) host. */
	host: string;
}

/** Sign-in hosts per cloud. */
export const CLOUDS: Readonly<Record<CloudName, CloudInfo>> = Object.freeze({
	public: { name: 'public', displayName: 'Global (Azure public cloud)', host: 'login.microsoftonline.com' },
	usgov: { name: 'usgov', displayName: 'Azure US Government', host: 'login.microsoftonline.us' },
	china: { name: 'china', displayName: 'Azure China (21Vianet)', host: 'login.partner.microsoftonline.cn' },
});

/** Every known sign-in host, including older aliases that still issue tokens (sts.windows.net is the v1 issuer host). */
export const KNOWN_LOGIN_HOSTS: readonly string[] = Object.freeze([
	'login.microsoftonline.com',
	'login.windows.net',
	'login.microsoft.com',
	'sts.windows.net',
	'login.microsoftonline.us',
	'login.usgovcloudapi.net',
	'login.partner.microsoftonline.cn',
	'login.chinacloudapi.cn',
]);

/** True for a cloud name the kit knows. */
export function isCloudName(value: string): value is CloudName {
	return Object.prototype.hasOwnProperty.call(CLOUDS, value);
}

/** The cloud whose sign-in host this is, or undefined. */
export function cloudOfHost(host: string): CloudName | undefined {
	const h = host.toLowerCase();
	for (const c of Object.values(CLOUDS)) {
		if (c.host === h) {
			return c.name;
		}
	}
	return undefined;
}

/** Tenants that are not one directory: token requests with a client assertion need a real tenant instead. */
export const MULTI_TENANT_ALIASES: readonly string[] = Object.freeze(['common', 'organizations', 'consumers']);

/**
 * The v2.0 token endpoint of a tenant in a cloud: `https://{host}/{tenant}/oauth2/v2.0/token`.
 * This is also the `aud` a client assertion should carry (entra-rules §1).
 *
 * @example
 * tokenEndpoint('public', 'contoso.onmicrosoft.com');
 * // 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token'
 */
export function tokenEndpoint(cloud: CloudName, tenant: string): string {
	const info = (CLOUDS as Record<string, CloudInfo | undefined>)[cloud];
	if (!info) {
		throw new CoreError('ERR_INVALID_OPTION', `Unknown cloud '${cloud}'; use one of ${Object.keys(CLOUDS).join(', ')}.`);
	}
	const t = tenant.trim();
	if (t.length === 0 || !/^[A-Za-z0-9.-]+$/.test(t)) {
		throw new CoreError('ERR_INVALID_OPTION', `The tenant '${tenant}' is not a tenant ID or domain; use the directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com.`);
	}
	return `https://${info.host}/${t}/oauth2/v2.0/token`;
}
