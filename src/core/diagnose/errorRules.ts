/**
 * Findings for an error: every AADSTS code explained from the catalog (with the cause its text points to when the
 * code has several), then what the error's own fields tell against the user's files: the thumbprint Entra reports,
 * the app ID against the workspace manifests, the times it states, and any assertion or request the same text holds.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import type { Finding } from '../findings';
import { isGuid } from '../ids';
import { decodeJwt, findJwts, type DecodedJwt } from '../jwt/decode';
import type { ParsedErrorResponse } from './aadsts';
import { assertionHeaderFindings, isEntraIssued, looksLikeClientAssertion, thumbprintHeaderFindings, workspaceOnlyNote } from './assertionRules';
import { liveThumbprintFindings } from './liveKeys';
import { RETIRED_CLIENT_APPS, WELL_KNOWN_APPS } from '../jwt/wellKnown';
import { CLOUDS, CLOUD_RESOURCES, cloudOfLoginHost, cloudOfResource, cloudOfTenantDomain, type CloudName } from '../token/clouds';
import { catalogEntry } from './catalog';
import phrasesFile from './catalog/phrases.json';
import variantsFile from './catalog/variants.json';
import { federationFindings, looksLikeFederationError } from './federation';
import { scopeShapeFindings } from './requestRules';
import { interpretReportedThumbprint, knownKeys, type DiagnoseContext } from './keys';
import { assertionTimeFindings, statedTimeFindings, type StatedTimes } from './timeRules';

interface Variant {
	pattern: string;
	cause: string;
	fix: string;
	rules: string[];
}
const VARIANTS = (variantsFile as { variants: Record<string, Variant[]> }).variants;
const WRAPPERS = new Set((variantsFile as { wrappers: { codes: string[] } }).wrappers.codes);

/** The codes with the specific ones first: a wrapper code ('Error validating credentials') is context when another follows. */
export function primaryOrder(codes: string[]): string[] {
	// (wrapper codes alone keep their order)
	return [...codes.filter((c) => !WRAPPERS.has(c)), ...codes.filter((c) => WRAPPERS.has(c))];
}

/** The fields the error readers extract, beyond the ones every reader fills. */
type ErrorFields = ParsedErrorResponse &
	Partial<{ appId: string; tenant: string; resource: string; scope: string; subject: string; issuer: string; audience: string; redirectUri: string; times: StatedTimes }>;

const PHRASES = Object.entries((phrasesFile as { phrases: Record<string, string[]> }).phrases).map(([code, list]) => ({ code, list: list.map((p) => p.toLowerCase()) }));

/**
 * The codes whose message the text quotes (for a message pasted without its code, or with the code masked).
 * @example
 * codesFromPhrases('It says "Proof Key for Code Exchange is required for cross-origin authorization code redemption."'); // ['9002325']
 */
export function codesFromPhrases(text: string): string[] {
	const folded = text.replace(/\s+/g, ' ').toLowerCase();
	return PHRASES.filter((p) => p.list.some((f) => folded.includes(f))).map((p) => p.code);
}

/** The variant of a multi-cause code that the error's own text names, if any. */
export function variantFor(code: string, text: string): Variant | undefined {
	for (const v of VARIANTS[code] ?? []) {
		if (new RegExp(v.pattern, 'i').test(text)) {
			return v;
		}
	}
	return undefined;
}

function numbered(causes: string[]): string {
	return causes.length === 1 ? causes[0] : causes.map((c, i) => `(${i + 1}) ${c}`).join(' ');
}

/** One finding per code: what it means, the cause the text points to or the causes to tell apart, the fix, where to look. */
export function codeFindings(error: ParsedErrorResponse): Finding[] {
	const out: Finding[] = [];
	if (error.codes.length === 0) {
		const inferred = codesFromPhrases(error.text);
		if (inferred.length > 0) {
			out.push({ severity: 'info', code: 'code-from-message', message: `The text carries no AADSTS code, but it quotes Entra's message for ${inferred.map((c) => `AADSTS${c}`).join(', ')}.`, fix: 'Nothing to fix here; the explanation follows.' });
			return [...out, ...codeFindings({ ...error, codes: inferred })];
		}
	}
	const text = error.errorDescription ?? error.text;
	primaryOrder(error.codes).forEach((code, i) => {
		const entry = catalogEntry(code);
		if (!entry) {
			out.push({ severity: 'info', code: `AADSTS${code}`, message: `AADSTS${code} is not in the kit's catalog (Microsoft's public reference does not list it).`, fix: `Look it up on Microsoft's error lookup (https://login.microsoftonline.com/error?code=${code}) and search for the code with the library you use.` });
			return;
		}
		const variant = variantFor(code, text);
		const head = `AADSTS${code}${entry.name ? ` ${entry.name}` : ''}: ${entry.title}. ${entry.meaning}`;
		// (every catalog entry has at least one cause: the catalog test checks it)
		const why = variant
			? ` The error's own text points to the cause: ${variant.cause}`
			: ` ${entry.causes.length > 1 ? 'The causes seen in practice, most common first:' : 'The usual cause:'} ${numbered(entry.causes)}`;
		const uncertain = entry.uncertain ? ` The sources disagree: ${entry.uncertain}` : '';
		out.push({
			severity: i === 0 ? 'error' : 'warning',
			code: `AADSTS${code}`,
			message: `${head}${why}${uncertain}`,
			fix: `${variant?.fix ?? entry.fix}${entry.check && !variant ? ` Where to look: ${entry.check}` : ''}`,
			uncertain: entry.uncertain ? true : undefined,
			sources: entry.sources,
		});
	});
	return out;
}

/** Findings for an error response: each code explained, then what its fields and the text around it tell. */
export function errorFindings(error: ParsedErrorResponse, context: DiagnoseContext): Finding[] {
	const e = error as ErrorFields;
	// What this artifact shows first, then what each code means in general.
	const out: Finding[] = [];
	const rsa = /RSA key size (\d+) is less than/i.exec(error.text);
	if (rsa) {
		const bits = rsa[1];
		out.push({ severity: 'error', code: 'AADSTS700027', message: `The certificate's RSA key has ${bits} bits; Entra requires at least 2048.`, fix: 'Generate a new certificate with an RSA key of 2048 bits or more and register it.' });
	}
	if (/Thumbprint of key used by client:\s*\\?(['"])\\?\1/i.test(error.text)) {
		out.push({ severity: 'error', code: 'thumbprint-empty', message: 'Entra reports an empty thumbprint: the assertion header named no certificate (x5t / x5t#S256 missing or empty), so no key could be looked up.', fix: 'Give the tool or library the certificate\'s thumbprint (or let it compute one from the certificate: most MSAL versions do); check that the thumbprint setting is not an empty string or an unset variable.' });
	}
	if (error.reportedThumbprint) {
		out.push(...reportedThumbprintFindings(error.reportedThumbprint, context, /Key was found|Found key '/i.test(error.text), e.appId && isGuid(e.appId) ? e.appId : undefined));
	}
	out.push(...appIdFindings(e, context));
	out.push(...resourceFindings(e));
	out.push(...cloudFindings(e));
	out.push(...scopeNameFindings(e));
	if (e.scope) {
		out.push(...scopeShapeFindings(e.scope));
	}
	out.push(...secretPathFindings(e));
	out.push(...redirectSchemeFindings(e));
	out.push(...b2cAuthorityFindings(error.text));
	if (looksLikeFederationError(error.text)) {
		out.push(...federationFindings(error.text, context));
	}
	// Tokens in the same text (a log that holds the request too): the assertion is judged by Entra's clock.
	const entraNow = e.times?.current ?? parseTimestamp(error.timestamp);
	const assertion = embeddedAssertion(error.text);
	const errorApp = e.appId && isGuid(e.appId) ? e.appId : undefined;
	if (assertion) {
		out.push(...assertionHeaderFindings(assertion.header, context, errorApp ?? (typeof assertion.payload.iss === 'string' ? assertion.payload.iss : undefined)));
	} else {
		// A header quoted as JSON in a report or log ("x5t": "…") is checked as the header would be.
		for (const m of error.text.matchAll(/"(x5t|x5t#S256)"\s*:\s*"([A-Za-z0-9_+/=-]{8,200})"/g)) {
			out.push(...thumbprintHeaderFindings(m[1] as 'x5t' | 'x5t#S256', m[2], context, errorApp));
		}
	}
	if (assertion) {
		if (entraNow && !e.times) {
			out.push(...assertionTimeFindings(assertion.payload, entraNow, "Entra's clock at the time of the error").filter((f) => f.severity !== 'info'));
		}
	}
	if (e.times) {
		out.push(...statedTimeFindings(e.times, assertion?.payload));
	}
	discoveryNote(error.text, out);
	// (the errors appear twice in the list: dedupe keeps their first place)
	return dedupe([...out.filter((f) => f.severity === 'error'), ...codeFindings(error), ...out]);
}

function parseTimestamp(value: string | undefined): Date | undefined {
	if (!value) {
		return undefined;
	}
	const d = new Date(/Z$|[+-]\d\d:?\d\d$/.test(value.trim()) ? value.trim() : `${value.trim().replace(' ', 'T')}Z`);
	return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A self-signed client assertion found in the text, if any. */
function embeddedAssertion(text: string): DecodedJwt | undefined {
	for (const f of findJwts(text)) {
		if (f.kind !== 'jws') {
			continue;
		}
		try {
			const jwt = decodeJwt(f.token);
			if (!isEntraIssued(jwt.payload) && looksLikeClientAssertion(jwt.payload)) {
				return jwt;
			}
		} catch {
			// Not a token after all.
		}
	}
	return undefined;
}

/** The apps the workspace's manifests register: appId and display name. */
export function manifestApps(context: Pick<DiagnoseContext, 'manifests'>): { label: string; appId: string; displayName?: string }[] {
	const out: { label: string; appId: string; displayName?: string }[] = [];
	for (const m of context.manifests ?? []) {
		// (an array, a string or a number has no string appId either)
		const o = parseJsonc(m.text.replace(/^\uFEFF/, '')) as Record<string, unknown> | null | undefined;
		if (typeof o?.appId === 'string') {
			out.push({ label: m.label, appId: o.appId, displayName: typeof o.displayName === 'string' ? o.displayName : undefined });
		}
	}
	return out;
}

/** A value a CI system masked in its log ('***', 'c***a'): nothing can be checked in it. */
const MASKED = /\*{3,}/;

/** Words that mark a value as a sample's placeholder rather than an ID. */
const PLACEHOLDER = /enter|insert|your|here|change|replace|xxx|todo|client[_ -]?id|app[_ -]?id|<|>|\{|\}|\$\(|%[a-z_]+%/i;

function appIdFindings(e: ErrorFields, context: DiagnoseContext): Finding[] {
	const out: Finding[] = [];
	const retired = e.appId ? RETIRED_CLIENT_APPS[e.appId.toLowerCase()] : undefined;
	if (retired) {
		out.push({ severity: 'error', code: 'client-app-retired', message: `The client ID ${e.appId} is the '${retired.name}' application, which its publisher removed (${retired.retired}): it no longer exists in any tenant, so every sign-in with it fails.`, fix: retired.instead, sources: [retired.source] });
	}
	if (e.appId && MASKED.test(e.appId)) {
		out.push({ severity: 'info', code: 'value-masked', message: `The client ID in the text ('${e.appId}') was masked by the CI log, so the kit can't check it.`, fix: "Compare the client ID your pipeline's secret holds with the app registration's Application (client) ID." });
	} else if (e.appId && !isGuid(e.appId)) {
		const placeholder = PLACEHOLDER.test(e.appId);
		out.push({
			severity: 'error',
			code: 'client-id-not-guid',
			message: `The client ID the request sent, '${e.appId}', is not a GUID${placeholder ? ": it is a placeholder left from a sample's configuration" : ''}. An application (client) ID is always a GUID.`,
			fix: "Copy the Application (client) ID from App registrations > your app > Overview into the configuration (client_id / ClientId / AZURE_CLIENT_ID).",
		});
	}
	if (e.appId && e.tenant && e.appId.toLowerCase() === e.tenant.toLowerCase()) {
		out.push({ severity: 'error', code: 'client-id-is-tenant-id', message: `The app ID in the error (${e.appId}) is the tenant ID: the Directory (tenant) ID was sent as client_id.`, fix: "Send the Application (client) ID from the app's Overview blade as client_id, and keep the Directory (tenant) ID for the authority." });
	}
	const apps = manifestApps(context);
	if (e.appId && isGuid(e.appId) && apps.length > 0) {
		const hit = apps.find((a) => a.appId.toLowerCase() === e.appId!.toLowerCase());
		if (hit) {
			out.push({ severity: 'info', code: 'app-in-workspace', message: `The app in the error, ${e.appId}, is ${hit.displayName ? `"${hit.displayName}" ` : ''}in ${hit.label}; its keys were checked against the error.`, fix: 'Nothing to fix here.' });
		} else {
			out.push({ severity: 'warning', code: 'app-not-in-workspace', message: `The app in the error, ${e.appId}, is registered in none of the manifests given (${apps.map((a) => `${a.appId}${a.displayName ? ` "${a.displayName}"` : ''}`).join(', ')}).`, fix: 'Check that the request sends the client ID of the app you configured; the manifests checked may belong to another app.' });
		}
	}
	return out;
}

/** The resource an error names: malformed URIs, and the resources the registration allows (AADSTS65005's lists). */
function resourceFindings(e: ErrorFields): Finding[] {
	const out: Finding[] = [];
	const r = e.resource;
	if (r && /^[a-z][a-z0-9+.-]*:\/\/\/?$/i.test(r.trim())) {
		out.push({ severity: 'error', code: 'resource-empty', message: `The resource '${r}' has nothing after its scheme: the App ID URI was built from an empty value (a client ID or name setting that was never filled in).`, fix: "Set the value the URI is built from (for api://{client-id}, the API app's Application (client) ID) in the configuration or deployment, so the scope reads api://<id>/<scope>." });
		return out;
	}
	if (r && (/^[a-z][a-z0-9+.-]*:\/\/[a-z][a-z0-9+.-]*:\/\//i.test(r) || /[^:]\/\/\S/.test(r.replace(/^[a-z]+:\/\//i, 'x:/')) || /\/\/+$/.test(r))) {
		out.push({ severity: 'error', code: 'resource-malformed', message: `The resource '${r}' is malformed: ${/^[a-z]+:\/\/[a-z]+:\/\//i.test(r) ? 'the scheme is doubled' : 'it has doubled slashes'}, so no service principal has that name.`, fix: `Send the resource's exact URI once, e.g. '${r.replace(/^([a-z][a-z0-9+.-]*:\/\/)+/i, '$1').replace(/([^:])\/\/+/g, '$1/').replace(/\/+$/, '')}' (with /.default or a permission name after it in a v2 scope).` });
	}
	const requested = /Resource app ID:?\s*([0-9a-f-]{36})/i.exec(e.text)?.[1].toLowerCase();
	const valid = /List of valid resources from app registration:?\s*([0-9a-f-]{36}(?:\s*,\s*[0-9a-f-]{36})*)/i.exec(e.text)?.[1];
	if (requested && valid) {
		const name = (id: string) => (WELL_KNOWN_APPS[id.toLowerCase()] ? `${WELL_KNOWN_APPS[id.toLowerCase()].name} (${id})` : id);
		const allowed = valid.split(/\s*,\s*/);
		if (!allowed.some((a) => a.toLowerCase() === requested)) {
			out.push({
				severity: 'error',
				code: 'resource-not-in-required-permissions',
				message: `The request asks for ${name(requested)}${r ? ` (as '${r}')` : ''}, but the app's required permissions list only ${allowed.map(name).join(', ')}.`,
				fix: `Request a resource the app has permissions for${allowed.length === 1 ? ` (${name(allowed[0])})` : ''}, or add an API permission for ${name(requested)} to the app registration.`,
			});
		}
	}
	return out;
}

const CLOUD_OF_CODE = new Set(['90002', '900382', '900384', '500011', '700016', '90033', '50049', '70011']);

/** Names people give the national clouds in prose. */
const CLOUD_WORDS: [RegExp, CloudName][] = [
	[/mooncake|21vianet|azure ?china|chinacloud|china cloud/i, 'china'],
	[/gcc ?high|\bdod\b|us ?gov|government cloud|fairfax|azure government/i, 'usgov'],
];

function namedCloud(text: string): CloudName | undefined {
	return CLOUD_WORDS.find(([re]) => re.test(text))?.[1];
}

/** The cloud a text's sign-in host names, if any. */
function hostCloud(text: string): { host: string; cloud: CloudName } | undefined {
	for (const m of text.matchAll(/\b(login\.[a-z0-9.-]+|sts\.windows\.net)\b/gi)) {
		const cloud = cloudOfLoginHost(m[1]);
		if (cloud) {
			return { host: m[1].toLowerCase(), cloud };
		}
	}
	return undefined;
}

function cloudStep(text: string, cloud: CloudName): string {
	const r = CLOUD_RESOURCES[cloud];
	if (/\baz (login|account|cloud)\b|azure cli|azure\/login|AzureCloud/i.test(text)) {
		return ` With the Azure CLI, select the cloud first: az cloud set --name ${r.azureCli} (azure/login: environment: ${r.azureCli}).`;
	}
	if (/Connect-AzAccount|Connect-MgGraph|Az\.Accounts/i.test(text)) {
		return ` In PowerShell, pass the cloud: Connect-AzAccount -Environment ${r.powerShell} (Connect-MgGraph -Environment ${cloud === 'china' ? 'China' : cloud === 'usgov' ? 'USGov' : 'Global'}).`;
	}
	return '';
}

/** Tenants, resources and sign-in hosts of different national clouds mixed in one request. */
function cloudFindings(e: ErrorFields): Finding[] {
	const out: Finding[] = [];
	if (!e.codes.some((c) => CLOUD_OF_CODE.has(c))) {
		return out;
	}
	const host = hostCloud(e.text);
	const tenantCloud = e.tenant ? cloudOfTenantDomain(e.tenant) : undefined;
	if (tenantCloud && tenantCloud !== 'public' && tenantCloud !== host?.cloud) {
		const c = CLOUDS[tenantCloud];
		out.push({
			severity: 'error',
			code: 'tenant-in-other-cloud',
			message: `The tenant '${e.tenant}' is a ${c.displayName} tenant (its domain ends in ${CLOUD_RESOURCES[tenantCloud].tenantSuffix}), but the request went to ${host ? host.host : 'a sign-in host of another cloud'}; a tenant exists in one cloud only.`,
			fix: `Sign in at https://${c.host}/${e.tenant}/ and use that cloud's resources (Graph ${CLOUD_RESOURCES[tenantCloud].graph}, Azure Resource Manager ${CLOUD_RESOURCES[tenantCloud].arm}).${cloudStep(e.text, tenantCloud)}`,
		});
		return out;
	}
	// A scope on one cloud's resource sent to another cloud's sign-in host.
	// The scope the error names, else any first-party resource URI the text mentions (a log's "Scopes: …" line).
	const candidates = [...(e.scope ?? '').split(/\s+/), ...[...e.text.matchAll(/https:\/\/[a-z0-9.-]+\/?/gi)].map((m) => m[0])];
	const scopeCloud = candidates.map((x) => cloudOfResource(x.replace(/\/[^/]*$/, '')) ?? cloudOfResource(x)).find((x) => !!x);
	if (scopeCloud && host && scopeCloud.cloud !== host.cloud) {
		const c = CLOUDS[scopeCloud.cloud];
		out.push({
			severity: 'error',
			code: 'scope-of-other-cloud',
			message: `The request names a resource of the ${c.displayName} cloud${e.scope ? ` (scope '${e.scope}')` : ''}, but the request went to ${host.host} (${CLOUDS[host.cloud].displayName}): a request must stay within one cloud.`,
			fix: `Use the authority https://${c.host}/{tenant}/ for this scope (or the same resource of the other cloud: ${CLOUD_RESOURCES[host.cloud][scopeCloud.kind]}).${cloudStep(e.text, scopeCloud.cloud)}`,
		});
		return out;
	}
	const spoken = namedCloud(e.text);
	const app = e.appId ? WELL_KNOWN_APPS[e.appId.toLowerCase()] : undefined;
	// namedCloud names national clouds only (never 'public')
	if (e.codes.includes('700016') && spoken && (!e.appId || app?.role === 'client')) {
		const c = CLOUDS[spoken];
		out.push({
			severity: 'error',
			code: 'first-party-client-not-in-cloud',
			message: `The text is about ${c.displayName}, and the app ${e.appId ? `${e.appId}${app ? ` (${app.name})` : ''} ` : ''}was not found there: Microsoft's own client applications of the global cloud are not all registered in national clouds, and an app registration exists only in its own cloud.`,
			fix: `Register your own app in the ${c.displayName} tenant (at ${c.host}) and pass its client ID (Connect-MgGraph -ClientId … -TenantId … -Environment ${spoken === 'china' ? 'China' : 'USGov'}), with the cloud's endpoints.`,
		});
		return out;
	}
	const res = e.resource ? cloudOfResource(e.resource) : undefined;
	if (res && e.codes.includes('500011')) {
		const others = (Object.keys(CLOUD_RESOURCES) as CloudName[]).filter((n) => n !== res.cloud);
		const kindName = res.kind === 'arm' ? 'Azure Resource Manager' : res.kind === 'graph' ? 'Microsoft Graph' : 'Key Vault';
		out.push({
			severity: 'error',
			code: 'resource-of-other-cloud',
			message: `'${e.resource}' is ${kindName} of the ${CLOUDS[res.cloud].displayName} cloud, a first-party resource every tenant of that cloud has: when its principal is "not found", the tenant lives in another cloud (${others.map((n) => CLOUDS[n].displayName).join(' or ')}).`,
			fix: `Use the same resource of the tenant's cloud: ${others.map((n) => `${CLOUDS[n].displayName}: ${CLOUD_RESOURCES[n][res.kind]}/.default at ${CLOUDS[n].host}`).join('; ')}.${others.map((n) => cloudStep(e.text, n)).find(Boolean) ?? ''}`,
		});
		return out;
	}
	if (e.codes.includes('90002') || e.codes.includes('900382')) {
		const here = host?.cloud ?? 'public';
		const others = (Object.keys(CLOUDS) as CloudName[]).filter((n) => n !== here);
		out.push({
			severity: 'warning',
			code: 'check-tenant-cloud',
			message: `If the tenant exists, it may live in another national cloud than ${host ? host.host : CLOUDS[here].host} (${CLOUDS[here].displayName}): a tenant is found only at its own cloud's sign-in host.`,
			fix: `Check where the tenant lives (the portal it is managed in: portal.azure.us for US Government, portal.azure.cn for China) and sign in at ${others.map((n) => CLOUDS[n].host).join(' or ')} accordingly.${others.map((n) => cloudStep(e.text, n)).find(Boolean) ? ` For example: ${others.map((n) => cloudStep(e.text, n).trim()).join(' / ')}` : ''}`,
		});
	}
	return out;
}

/** A scope whose resource is neither a URI nor a GUID: a configuration value the tool never filled in. */
function scopeNameFindings(e: ErrorFields): Finding[] {
	const out: Finding[] = [];
	const scopes = new Set([...(e.scope ?? '').split(/\s+/), ...[...e.text.matchAll(/(?<![\w/:.-])([A-Za-z$%{][\w.${}%-]*\/\.default)\b/g)].map((m) => m[1])]);
	for (const scope of scopes) {
		const m = /^([^/:\s]+)\/(\.default|[\w.-]+)$/.exec(scope);
		if (!m || isGuid(m[1]) || ['openid', 'profile', 'email', 'offline_access'].includes(m[1])) {
			continue;
		}
		const looksLikeKey = /^[A-Z][A-Za-z0-9]*(Id|Uri|Url|Endpoint|Resource|Scope|Name)[A-Za-z0-9]*$|^\$|^%|^\{|_ID$|_URI$|_URL$/.test(m[1]);
		out.push({
			severity: 'error',
			code: 'scope-resource-unresolved',
			message: `The scope '${scope}' starts with '${m[1]}', which is neither an App ID URI (scheme://…) nor an application ID GUID${looksLikeKey ? ": it is the NAME of a configuration value (a setting or variable) that was never resolved to the resource's URI" : ''}.`,
			fix: `Make the resource part the real App ID URI or client ID, e.g. https://graph.microsoft.com/.default for Microsoft Graph; ${looksLikeKey ? `set the configuration value '${m[1]}' (or update the tool that should fill it in)` : 'check the scope string in the configuration'}.`,
		});
	}
	return out;
}

/** A certificate file's path sent as a client secret (az login --password PATH, a PEM path in AZURE_CREDENTIALS). */
function secretPathFindings(e: ErrorFields): Finding[] {
	if (!e.codes.some((c) => c === '7000215' || c === '50012' || c === '7000222')) {
		return [];
	}
	const path = /(?:client_?secret|--password|\s-p)["']?\s*[:=]?\s*["']?([^"'\s,}]*\.(?:pem|pfx|p12|cer|crt))\b/i.exec(e.text)?.[1];
	const cliNote = /no longer accept[s]? (?:a )?certificate|--password .{0,40}certificate/i.test(e.text);
	if (!path && !cliNote) {
		// The text talks of a certificate file while Entra judged a secret: the certificate never reached the request.
		// The whole path, from the start of its run of path characters (a leading ~/ or / included).
		const mentioned = /(?<![\w~.\\/-])[\w~.\\/-]*\.(?:pem|pfx|p12)\b/i.exec(e.text)?.[0];
		return mentioned && e.codes[0] !== '50012'
			? [
					{
						severity: 'warning',
						code: 'secret-error-with-certificate',
						message: `Entra judged a client secret, yet the text is about a certificate file (${mentioned}): the certificate never reached the request. The tool most likely sent the file's path or text as a secret, because the certificate option was not used or the path did not resolve.`,
						fix: 'Pass the certificate with the tool\'s certificate option (az login --service-principal --certificate /full/path/app.pem, with key and certificate in one PEM), and check the path: no ~, absolute or relative to the working directory.',
					},
				]
			: [];
	}
	return [
		{
			severity: 'error',
			code: 'secret-is-certificate-path',
			message: `${path ? `'${path}' is a certificate file, but it was passed as the client secret` : 'The tool says a certificate can no longer be passed as the password'}: the tool sent the text as a secret instead of reading the certificate, so Entra compared it with the app's secrets.`,
			fix: 'Pass the certificate with the certificate option (az login --service-principal --certificate PATH with the key and certificate in one PEM; recent Azure CLI versions no longer take it through --password), check the path resolves (no ~, absolute or relative to the working directory), or use OIDC (workload identity federation) instead of a secret.',
		},
	];
}

/** An http:// redirect URI on a real host: Entra requires https there; usually an app behind a TLS-terminating proxy. */
function redirectSchemeFindings(e: ErrorFields): Finding[] {
	if (!e.codes.includes('50011')) {
		return [];
	}
	const uri = e.redirectUri;
	const httpOnHost = uri && /^http:\/\//i.test(uri) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/i.test(uri);
	const described = /from https to http|https (?:is |gets |getting )?(?:changed|turned|rewritten|replaced) (?:to|into|with) http\b|http instead of https/i.test(e.text);
	if (!httpOnHost && !described) {
		return [];
	}
	return [
		{
			severity: 'error',
			code: 'redirect-uri-http-behind-proxy',
			message: `${httpOnHost ? `The app sent the redirect URI '${uri}' with http on a real host` : 'The redirect URI changed from https to http'}: Entra accepts http only for localhost, so the registered https URI never matches. An app behind a TLS-terminating proxy, load balancer or App Service front end builds the URI from the inner http request.`,
			fix: "Make the app see the public scheme: honour X-Forwarded-Proto (ASP.NET Core UseForwardedHeaders, Spring server.forward-headers-strategy=framework, Express trust proxy), or set the redirect URI / public base URL explicitly to the https address that is registered.",
		},
	];
}

/** A B2C policy in an authority whose host is not a B2C sign-in host. */
function b2cAuthorityFindings(text: string): Finding[] {
	const m = /https:\/\/([a-z0-9.-]+)\/(?:tfp\/)?([a-z0-9.-]+)\/(b2c_1a?_[a-z0-9_-]+)/i.exec(text);
	// A custom domain may serve B2C; an Entra sign-in host or a tenant's onmicrosoft.com name never does.
	if (!m || !/onmicrosoft\.com$|microsoftonline/i.test(m[1])) {
		return [];
	}
	const tenantName = (m[2].split('.')[0] || m[1].split('.')[0]).toLowerCase();
	return [
		{
			severity: 'error',
			code: 'b2c-authority-host',
			message: `The authority names the B2C policy '${m[3]}' but its host is '${m[1]}', which is not a B2C sign-in host: B2C policies are served from {tenant}.b2clogin.com (or a custom domain).`,
			fix: `Use https://${tenantName}.b2clogin.com/${m[2]}/${m[3]}/ as the authority (for MSAL.js/MSAL.NET also list ${tenantName}.b2clogin.com as a known authority), without the /oauth2/v2.0/authorize tail.`,
		},
	];
}

function dedupe(findings: Finding[]): Finding[] {
	const seen = new Set<string>();
	return findings.filter((f) => {
		const key = `${f.code}\u0000${f.message}`;
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}

function reportedThumbprintFindings(hex: string, context: DiagnoseContext, keyWasFound: boolean, appId?: string): Finding[] {
	const out: Finding[] = [...liveReportedFindings(hex, context, keyWasFound, appId)];
	const shape = interpretReportedThumbprint(hex);
	const keys = knownKeys(context);
	const whose = (form: 'sha1Hex' | 'sha256Hex', value: string) => keys.filter((k) => k.t[form] === value);
	const describe = (hits: ReturnType<typeof whose>) => {
		if (keys.length === 0) {
			return '';
		}
		if (hits.length === 0) {
			return ` It matches none of the ${keys.length} certificates and manifest keys checked.`;
		}
		const certs = hits.filter((h) => h.source === 'certificate').map((h) => h.label);
		const manifests = hits.filter((h) => h.source === 'manifest').map((h) => h.label);
		return `${certs.length ? ` It is the thumbprint of ${certs.join(', ')}.` : ''}${manifests.length ? ` It is registered in ${manifests.join(', ')}.` : keys.some((k) => k.source === 'manifest') ? ' No manifest in the context registers it.' : ''}`;
	};
	switch (shape.shape) {
		case 'ascii-hex': {
			// (the ascii-hex shape always has the hash it meant)
			const meant = (shape.meantSha1Hex ?? shape.meantSha256Hex)!;
			out.push({
				severity: 'error',
				code: 'x5t-hex-text',
				message: `The reported thumbprint has ${hex.length} hex digits, all ASCII codes of hex characters: the x5t header carried base64 of the hex TEXT "${meant}" instead of the ${meant.length / 2} hash bytes.${describe(whose(shape.meantSha1Hex ? 'sha1Hex' : 'sha256Hex', meant))}`,
				fix: `Build the header from the bytes: x5t = base64url(bytes.fromhex('${meant}')), or hash the DER certificate directly.`,
			});
			break;
		}
		case 'hex-verbatim': {
			const meant = shape.meantSha1Hex ?? shape.meantSha256Hex;
			out.push({
				severity: 'error',
				code: 'x5t-hex-verbatim',
				message: `The reported thumbprint has ${hex.length} hex digits: the hex string${meant ? ` ${meant}` : ''} was put in x5t verbatim, and Entra base64url-decoded it into ${hex.length / 2} bytes.${meant ? describe(whose(shape.meantSha1Hex ? 'sha1Hex' : 'sha256Hex', meant)) : ''}`,
				fix: `Send base64url of the hash bytes${meant ? `: x5t = base64url(bytes.fromhex('${meant}'))` : ''}.`,
			});
			break;
		}
		case 'sha1': {
			const hits = whose('sha1Hex', hex);
			if (keyWasFound) {
				// Entra says it found this key: the certificate is registered; the signature is what failed.
				out.push({ severity: 'info', code: 'thumbprint-registered', message: `Entra found the key with SHA-1 ${hex} on the app (its message says so): the certificate is registered, the signature is what failed.${describe(hits)}`, fix: 'Check that the private key used to sign pairs with this certificate.' });
				break;
			}
			const registered = hits.some((h) => h.source === 'manifest');
			out.push({
				severity: registered ? 'warning' : 'error',
				code: 'thumbprint-not-registered',
				message: `Entra found no key with SHA-1 ${hex} on the app.${describe(hits)}${registered ? ' Since a manifest registers it, check that the manifest was saved to this app, in this tenant and cloud.' : ''}`,
				fix: registered ? 'Compare the app ID and tenant of the request with the manifest; re-upload the certificate if needed.' : 'Upload this certificate (.cer) to the app registration, or sign with one that is registered.',
			});
			break;
		}
		case 'sha256': {
			const hits = whose('sha256Hex', hex);
			out.push({
				severity: 'error',
				code: 'thumbprint-sha256-not-registered',
				message: `The reported thumbprint is a SHA-256 (64 hex digits): ${hex}. Either x5t#S256 names a certificate not registered on the app, or a SHA-256 digest was put under x5t (which must be SHA-1).${describe(hits)}`,
				fix: 'Send the SHA-256 under x5t#S256 (with PS256) or the SHA-1 under x5t, and register the certificate on the app.',
			});
			break;
		}
		default:
			out.push({ severity: 'warning', code: 'thumbprint-odd-length', message: `The reported thumbprint has ${hex.length} hex digits, which is neither a SHA-1 (40) nor a SHA-256 (64).`, fix: 'Send base64url of the SHA-1 (x5t) or SHA-256 (x5t#S256) hash bytes of the DER certificate.' });
	}
	return out;
}

/**
 * The thumbprint an error reports, for the app the error names, against that app's live keys (when the context holds
 * them): the hash as read, or the hash the wrong encoding was meant to carry. A "Key was found" error needs no lookup.
 */
function liveReportedFindings(hex: string, context: DiagnoseContext, keyWasFound: boolean, appId: string | undefined): Finding[] {
	if (!appId || keyWasFound) {
		return [];
	}
	const shape = interpretReportedThumbprint(hex);
	const name = 'the reported thumbprint';
	let live: Finding[] | undefined;
	if (shape.shape === 'sha1' || shape.shape === 'sha256') {
		live = liveThumbprintFindings(name, shape.shape === 'sha1' ? 'sha1Hex' : 'sha256Hex', hex, appId, context);
		// Entra said it found no such key: if the live app has it now, the registration changed since, or the request
		// went to another app, tenant or cloud.
		live = live?.map((f) => (f.code === 'live-key-registered' ? { ...f, severity: 'warning' as const, code: 'live-key-registered-now', fix: 'Entra found no such key when it answered: the key was added since (send again), or the request went to another app, tenant or cloud than the one you are signed in to; compare the client ID and the authority.' } : f));
	} else if (shape.meantSha1Hex || shape.meantSha256Hex) {
		live = liveThumbprintFindings(name, shape.meantSha1Hex ? 'sha1Hex' : 'sha256Hex', (shape.meantSha1Hex ?? shape.meantSha256Hex)!, appId, context, true);
	} else {
		return [];
	}
	return live ?? workspaceOnlyNote(true, context, appId);
}

export function discoveryNote(text: string, out: Finding[]): void {
	if (/discovery\/(v2\.0\/)?keys|jwks/i.test(text)) {
		out.push({
			severity: 'info',
			code: 'discovery-keys-never-lists-client-certs',
			message: "The tenant's /discovery/keys (jwks_uri) lists the keys Entra signs its own tokens with; it never lists an app's client certificate (even with ?appid=, which returns custom signing keys only).",
			fix: "Look for a client certificate on the application object: the portal's Certificates & secrets, or Graph /applications/{id}?$select=keyCredentials.",
		});
	}
}

