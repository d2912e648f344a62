/**
 * Well-known identifiers that show up in Entra tokens: first-party resource and client application IDs,
 * directory role templates, special tenants. Values from Microsoft's published lists; "unknown" is never guessed.
 */

export interface WellKnownApp {
	name: string;
	/** The resource's App ID URI, when it is also used as an audience. */
	uri?: string;
	/** 'resource' when tokens are issued *for* it (aud), 'client' when it is a first-party client (appid/azp). */
	role: 'resource' | 'client';
}

/** First-party application IDs, by lowercase GUID. */
export const WELL_KNOWN_APPS: Readonly<Record<string, WellKnownApp>> = Object.freeze({
	'00000003-0000-0000-c000-000000000000': { name: 'Microsoft Graph', uri: 'https://graph.microsoft.com', role: 'resource' },
	'00000002-0000-0000-c000-000000000000': { name: 'Azure AD Graph (retired)', uri: 'https://graph.windows.net', role: 'resource' },
	'797f4846-ba00-4fd7-ba43-dac1f8f63013': { name: 'Azure Resource Manager (Windows Azure Service Management API)', uri: 'https://management.azure.com', role: 'resource' },
	'00000002-0000-0ff1-ce00-000000000000': { name: 'Office 365 Exchange Online', uri: 'https://outlook.office365.com', role: 'resource' },
	'00000003-0000-0ff1-ce00-000000000000': { name: 'Office 365 SharePoint Online', role: 'resource' },
	'cfa8b339-82a2-471a-a3c9-0fc0be7a4093': { name: 'Azure Key Vault', uri: 'https://vault.azure.net', role: 'resource' },
	'e406a681-f3d4-42a8-90b6-c2b029497af1': { name: 'Azure Storage', uri: 'https://storage.azure.com', role: 'resource' },
	'022907d3-0f1b-48f7-badc-1ba6abab6d66': { name: 'Azure SQL Database', uri: 'https://database.windows.net', role: 'resource' },
	'00000009-0000-0000-c000-000000000000': { name: 'Power BI Service', uri: 'https://analysis.windows.net/powerbi/api', role: 'resource' },
	'00000007-0000-0000-c000-000000000000': { name: 'Dynamics CRM / Dataverse', role: 'resource' },
	'499b84ac-1321-427f-aa17-267ca6975798': { name: 'Azure DevOps', role: 'resource' },
	'80a10ef9-8168-493d-abf9-3297c4ef6e3c': { name: 'Azure Service Bus', uri: 'https://servicebus.azure.net', role: 'resource' },
	'ca7f3f0b-7d91-482c-8e09-c5d840d0eac5': { name: 'Log Analytics API', uri: 'https://api.loganalytics.io', role: 'resource' },
	'04b07795-8ddb-461a-bbee-02f9e1bf7b46': { name: 'Microsoft Azure CLI', role: 'client' },
	'1950a258-227b-4e31-a9cf-717495945fc2': { name: 'Microsoft Azure PowerShell', role: 'client' },
	'14d82eec-204b-4c2f-b7e8-296a70dab67e': { name: 'Microsoft Graph Command Line Tools', role: 'client' },
	'1b730954-1685-4b74-9bfd-dac224a7b894': { name: 'Azure Active Directory PowerShell', role: 'client' },
	'de8bc8b5-d9f9-48b1-a8ad-b748da725064': { name: 'Graph Explorer', role: 'client' },
	'c44b4083-3bb0-49c1-b47d-974e53cbdf3c': { name: 'Azure Portal', role: 'client' },
});

/**
 * Multi-tenant client applications that their publishers deleted or retired: sign-ins with their client IDs fail
 * (AADSTS700016) in every tenant. Sources: the publishers' announcements as reported in the threads named.
 */
export const RETIRED_CLIENT_APPS: Readonly<Record<string, { name: string; retired: string; instead: string; source: string }>> = Object.freeze({
	'31359c7f-bd7e-475c-86db-fdb8c937548e': { name: 'PnP Management Shell', retired: 'September 2024', instead: 'Register your own app for PnP PowerShell (Register-PnPEntraIDApp) and pass its client ID (-ClientId).', source: 'https://github.com/pnp/powershell/issues/4672' },
	'd1ddf0e4-d672-4dae-b554-9d5bdfd93547': { name: 'Microsoft Intune PowerShell', retired: '2024', instead: 'Register your own app with the Intune Graph permissions, or use Microsoft Graph PowerShell (Connect-MgGraph).', source: 'https://github.com/svdbusse/IntuneScripts/issues/11' },
});

/** Audience URIs (as v1 tokens carry them), by lowercase URI without a trailing slash. */
export const WELL_KNOWN_AUDIENCE_URIS: Readonly<Record<string, string>> = Object.freeze({
	'https://graph.microsoft.com': 'Microsoft Graph',
	'https://graph.microsoft.us': 'Microsoft Graph (US Government L4)',
	'https://dod-graph.microsoft.us': 'Microsoft Graph (US Government L5 / DoD)',
	'https://microsoftgraph.chinacloudapi.cn': 'Microsoft Graph (China, 21Vianet)',
	'https://graph.windows.net': 'Azure AD Graph (retired)',
	'https://management.azure.com': 'Azure Resource Manager',
	'https://management.core.windows.net': 'Azure Resource Manager (classic URI)',
	'https://management.usgovcloudapi.net': 'Azure Resource Manager (US Government)',
	'https://management.chinacloudapi.cn': 'Azure Resource Manager (China)',
	'https://vault.azure.net': 'Azure Key Vault',
	'https://storage.azure.com': 'Azure Storage',
	'https://database.windows.net': 'Azure SQL Database',
	'https://ossrdbms-aad.database.windows.net': 'Azure Database for PostgreSQL / MySQL',
	'https://servicebus.azure.net': 'Azure Service Bus',
	'https://eventhubs.azure.net': 'Azure Event Hubs',
	'https://cognitiveservices.azure.com': 'Azure AI services (Cognitive Services)',
	'https://api.loganalytics.io': 'Log Analytics API',
	'https://outlook.office365.com': 'Exchange Online',
	'https://outlook.office.com': 'Exchange Online',
	'https://analysis.windows.net/powerbi/api': 'Power BI Service',
});

/** Directory role template IDs (the `wids` claim), by lowercase GUID. */
export const DIRECTORY_ROLES: Readonly<Record<string, string>> = Object.freeze({
	'62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
	'f2ef992c-3afb-46b9-b7cf-a126ee74c451': 'Global Reader',
	'b79fbf4d-3ef9-4689-8143-76b194e85509': 'User (default member role)',
	'88d8e3e3-8f55-4a1e-953a-9b9898b8876b': 'Directory Readers',
	'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
	'9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
	'158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
	'cf1c38e5-3621-4004-a7cb-879624dced7c': 'Application Developer',
	'194ae4cb-b126-40b2-bd5b-6091b380977d': 'Security Administrator',
	'5d6b6bb7-de71-4623-b4af-96380a352509': 'Security Reader',
	'729827e3-9c14-49f7-bb1b-9608f156bbb8': 'Helpdesk Administrator',
	'e8611ab8-c189-46e8-94e1-60213ab1f814': 'Privileged Role Administrator',
	'7be44c8a-adaf-4e2a-84d6-ab2649e08a13': 'Privileged Authentication Administrator',
	'c4e39bd9-1100-46d3-8c65-fb160da0071f': 'Authentication Administrator',
	'f28a1f50-f6e7-4571-818b-6a12f2af6b6c': 'SharePoint Administrator',
	'29232cdf-9323-42fd-ade2-1d097af3e4de': 'Exchange Administrator',
	'69091246-20e8-4a56-aa4d-066075b2a7a8': 'Teams Administrator',
	'3a2c62db-5318-420d-8d74-23affee5d9d5': 'Intune Administrator',
	'fdd7a751-b60b-444a-984c-02652fe8fa1c': 'Groups Administrator',
});

/** Special tenant IDs. */
export const WELL_KNOWN_TENANTS: Readonly<Record<string, string>> = Object.freeze({
	'9188040d-6c67-4c5b-b112-36a304b66dad': 'the Microsoft account (MSA, personal accounts) tenant',
	'f8cdef31-a31e-4b4a-93e4-5f571e91255a': 'the Microsoft Services tenant (personal Microsoft accounts in v1 tokens)',
	'72f988bf-86f1-41af-91ab-2d7cd011db47': 'the Microsoft corporate tenant',
});

/** `amr` values: Entra's documented list plus RFC 8176. */
export const AMR_VALUES: Readonly<Record<string, string>> = Object.freeze({
	pwd: 'password',
	rsa: 'proof of an RSA key, e.g. Microsoft Authenticator or Windows Hello',
	otp: 'one-time passcode (email or text message)',
	fed: 'a federated identity provider (e.g. AD FS) authenticated the user',
	wia: 'Windows Integrated Authentication',
	mfa: 'multifactor authentication',
	ngcmfa: 'Windows Hello / next-generation credential, counts as MFA (needed for some high-risk operations)',
	wiaormfa: 'Windows Integrated Authentication or MFA, depending on the user\'s location',
	none: 'no authentication was performed',
	fido: 'a FIDO2 security key or passkey',
	face: 'facial biometrics',
	fpt: 'fingerprint biometrics',
	hwk: 'proof of a hardware-secured key',
	swk: 'proof of a software-secured key',
	pin: 'a PIN',
	sc: 'a smart card',
	sms: 'a code sent by text message',
	tel: 'a telephone call',
	kba: 'knowledge-based authentication',
	mca: 'multiple-channel authentication',
	pop: 'proof of possession of a key',
	rba: 'risk-based authentication',
	user: 'user presence test',
	vbm: 'voice biometrics',
	geo: 'geolocation',
	iris: 'iris scan',
	retina: 'retina scan',
});

/** Own-property lookup in one of the tables above (so 'constructor' or '__proto__' never match). */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
	return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}
