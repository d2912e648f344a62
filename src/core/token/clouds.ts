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

/**
 * What differs per national cloud beyond the sign-in host: the URIs of the first-party resources every tenant of
 * that cloud has, the tenant domain suffix, and the names the Azure CLI and Azure PowerShell give the cloud
 * (docs: authentication-national-cloud.md, microsoft-graph deployments, az cloud list).
 */
export interface CloudResources {
	graph: string;
	arm: string;
	/** Older Azure Service Management URIs still accepted as the ARM resource. */
	armAliases: string[];
	keyVault: string;
	/** Tenant domain suffix of the cloud's initial domains. */
	tenantSuffix: string;
	/** `az cloud set --name …` */
	azureCli: string;
	/** `Connect-AzAccount -Environment …` */
	powerShell: string;
}

export const CLOUD_RESOURCES: Readonly<Record<CloudName, CloudResources>> = Object.freeze({
	public: { graph: 'https://graph.microsoft.com', arm: 'https://management.azure.com', armAliases: ['https://management.core.windows.net'], keyVault: 'https://vault.azure.net', tenantSuffix: '.onmicrosoft.com', azureCli: 'AzureCloud', powerShell: 'AzureCloud' },
	usgov: { graph: 'https://graph.microsoft.us', arm: 'https://management.usgovcloudapi.net', armAliases: ['https://management.core.usgovcloudapi.net'], keyVault: 'https://vault.usgovcloudapi.net', tenantSuffix: '.onmicrosoft.us', azureCli: 'AzureUSGovernment', powerShell: 'AzureUSGovernment' },
	china: { graph: 'https://microsoftgraph.chinacloudapi.cn', arm: 'https://management.chinacloudapi.cn', armAliases: ['https://management.core.chinacloudapi.cn'], keyVault: 'https://vault.azure.cn', tenantSuffix: '.onmschina.cn', azureCli: 'AzureChinaCloud', powerShell: 'AzureChinaCloud' },
});

/** The cloud and kind of a first-party resource URI ('https://management.core.windows.net/' → public arm), if known. */
export function cloudOfResource(resource: string): { cloud: CloudName; kind: 'graph' | 'arm' | 'keyVault' } | undefined {
	const r = resource.trim().toLowerCase().replace(/\/\.default$/, '').replace(/\/+$/, '');
	for (const [cloud, c] of Object.entries(CLOUD_RESOURCES) as [CloudName, CloudResources][]) {
		if (r === c.graph || r === c.keyVault.toLowerCase()) {
			return { cloud, kind: r === c.graph ? 'graph' : 'keyVault' };
		}
		if (r === c.arm || c.armAliases.includes(r)) {
			return { cloud, kind: 'arm' };
		}
	}
	return undefined;
}

/** The cloud a tenant domain belongs to by its suffix (contoso.onmschina.cn → china), if it tells. */
export function cloudOfTenantDomain(tenant: string): CloudName | undefined {
	const t = tenant.trim().toLowerCase();
	for (const [cloud, c] of Object.entries(CLOUD_RESOURCES) as [CloudName, CloudResources][]) {
		if (t.endsWith(c.tenantSuffix)) {
			return cloud;
		}
	}
	return undefined;
}

/** The cloud of any sign-in host, aliases included (login.chinacloudapi.cn → china). */
export function cloudOfLoginHost(host: string): CloudName | undefined {
	const h = host.toLowerCase();
	if (/\.(us|usgovcloudapi\.net)$/.test(h) && h.startsWith('login.')) {
		return 'usgov';
	}
	if (/\.(cn)$/.test(h) && h.startsWith('login.')) {
		return 'china';
	}
	return ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'].includes(h) ? 'public' : undefined;
}

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
	const info = isCloudName(cloud) ? CLOUDS[cloud] : undefined;
	if (!info) {
		throw new CoreError('ERR_INVALID_OPTION', `Unknown cloud '${cloud}'; use one of ${Object.keys(CLOUDS).join(', ')}.`);
	}
	const t = tenant.trim();
	if (t.length === 0 || !/^[A-Za-z0-9.-]+$/.test(t)) {
		throw new CoreError('ERR_INVALID_OPTION', `The tenant '${tenant}' is not a tenant ID or domain; use the directory (tenant) ID GUID or a domain such as contoso.onmicrosoft.com.`);
	}
	return `https://${info.host}/${t}/oauth2/v2.0/token`;
}
