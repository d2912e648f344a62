/**
 * Workload identity federation: the external token a CI job or cluster presents as `client_assertion`, explained
 * and compared, exactly, with the federated identity credentials found in the workspace.
 *
 * Facts used here (researched November 2026; [D] Microsoft or vendor docs, [I] issue threads, [Q] third-party):
 *
 * - Entra compares the record's issuer, subject and audience with the token's iss, sub and aud exactly and
 *   case-sensitively; case-insensitive matching was removed as a breaking change [D: Graph federatedIdentityCredentials
 *   overview, https://learn.microsoft.com/graph/api/resources/federatedidentitycredentials-overview; breaking change
 *   https://learn.microsoft.com/entra/identity-platform/reference-breaking-changes#federated-identity-credentials-now-use-case-sensitive-matching].
 *   AADSTS7002138 says "The subject matches with case-insensitive comparison, but not with case-sensitive comparison"
 *   [I: https://github.com/Azure/login/issues/515, https://github.com/Azure/login/issues/573].
 * - Error forms: AADSTS70021 "No matching federated identity record found for presented assertion. Assertion
 *   Issuer: '…'. Assertion Subject: '…'. Assertion Audience: '…'" [I: https://github.com/Azure/azure-workload-identity/issues/616];
 *   700211 "… presented assertion issuer '…'" [I: https://github.com/Azure/login/issues/360]; 700213 "… presented
 *   assertion subject '…'" [I: https://github.com/Azure/login/issues/482]; audience: 700212 and 7002121 "… presented
 *   assertion audience '…'" are both reported [Q: arsenvlad/entra-cross-tenant-app-fic-managed-identity README];
 *   7002137 adds "Please make sure the federated identity credential Subject is '…'" [I: https://github.com/microsoft/Agents/issues/202].
 * - Record rules [D: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations and its
 *   include federated-credential-configuration-considerations.md]: at most 20 records per app or user-assigned
 *   identity; issuer+subject unique; issuer with leading/trailing whitespace blocks the exchange; issuer, subject,
 *   audience, description ≤ 600 characters; exactly one audience ("Federated identity credentials must have exactly
 *   one audience"); name 3–120 characters, letters, digits, '-' and '_', first alphanumeric, immutable; no wildcards
 *   in any property; only RS256-signed issuers are tested; a new record can take minutes to propagate and fail with
 *   AADSTS70021 meanwhile.
 * - Audiences: api://AzureADTokenExchange (global), api://AzureADTokenExchangeUSGov, api://AzureADTokenExchangeChina
 *   [D: https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity].
 * - GitHub [D: https://docs.github.com/actions/reference/security/oidc]: iss https://token.actions.githubusercontent.com
 *   (no trailing slash; docs with a slash caused AADSTS70021 [I: https://github.com/MicrosoftDocs/azure-docs/issues/97699,
 *   https://github.com/Azure/login/issues/175]); with an enterprise's custom issuer (include_enterprise_slug)
 *   https://token.actions.githubusercontent.com/<enterpriseSlug>; GHE.com data residency https://token.actions.SUBDOMAIN.ghe.com;
 *   GHES https://HOSTNAME/_services/token. Default aud is the owner's URL unless an audience is requested (azure/login
 *   requests api://AzureADTokenExchange). Subjects: repo:ORG/REPO:environment:NAME when the job references an
 *   environment; otherwise repo:ORG/REPO:pull_request for pull_request events; otherwise :ref:refs/heads/BRANCH or
 *   :ref:refs/tags/TAG. ':' inside a value becomes %3A. Immutable subjects repo:OWNER@OWNER_ID/REPO@REPO_ID:… for
 *   repositories created, renamed or transferred after July 15, 2026 or opted in (not on GHES); the portal now builds
 *   records in that form, which fails until the repository opts in [I: https://github.com/Azure/login/issues/617].
 *   Customised subjects (include_claim_keys, e.g. repository_owner_id, repository_id, job_workflow_ref, "repo",
 *   "context") replace the whole default format. A portal bug once wrote 'environment/NAME'
 *   [I: https://github.com/Azure/login/issues/261]; the Entra CLI example spells 'pull-request' while GitHub sends
 *   'pull_request' [D: entra-docs workload-identity-federation-create-trust.md]. A job without `environment:` sends
 *   the branch form [I: https://github.com/Azure/login/issues/379]. Tokens are short-lived: a 5-minute nbf→exp window
 *   is reported, and reusing the assertion later gives AADSTS700024 [I: https://github.com/Azure/login/issues/180].
 * - Kubernetes: sub system:serviceaccount:NAMESPACE:NAME; AKS issuer https://REGION.oic.prod-aks.azure.com/TENANT/GUID/
 *   with a trailing slash [I: https://github.com/Azure/azure-workload-identity/issues/1200]; the in-cluster issuer
 *   https://kubernetes.default.svc.cluster.local is not reachable by Entra [I: azure-workload-identity#616]; the
 *   token must be requested for audience api://AzureADTokenExchange.
 * - HCP Terraform: iss https://app.terraform.io (EU: https://app.eu.terraform.io); sub
 *   organization:ORG:project:PROJECT:workspace:WS:run_phase:plan|apply (the project segment was added; default project
 *   "Default Project") [D: https://support.hashicorp.com/hc/en-us/articles/13138701895699-Updating-Workload-Identity-for-Projects].
 * - GitLab: iss https://gitlab.com or the instance; sub project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME
 *   [D: https://gitlab.com/gitlab-org/gitlab/-/issues/396760]. Google: iss https://accounts.google.com, sub the
 *   service account's numeric unique ID [D: workload-identity-federation-create-trust.md].
 * - Flexible credentials: claimsMatchingExpression {value, languageVersion: 1} with operators eq, matches (* and ?),
 *   and; mutually exclusive with subject; GitHub, GitLab and Terraform Cloud issuers only; apps only
 *   [D: https://learn.microsoft.com/entra/workload-id/workload-identities-flexible-federated-identity-credentials].
 * - Entra-issued tokens: "Microsoft Entra ID issued tokens may not be used for federated identity flows" and a record
 *   with an Entra issuer used with such a token gives AADSTS700222 [D: workload-identity-federation.md and older
 *   considerations page]. The supported exception: an app may trust a USER-ASSIGNED managed identity — issuer
 *   https://login.microsoftonline.com/{tenant}/v2.0, subject the identity's Object (principal) ID, audience one of the
 *   three above; system-assigned identities are not supported; app and identity in the same tenant; other tenants
 *   via a multi-tenant app, but not other clouds [D: workload-identity-federation-config-app-trust-managed-identity].
 *   Reported variants [Q: arsenvlad README; I: microsoft/Agents#202]: 700226 "Only MSI tokens may be used as
 *   Federated Identity Credentials for AAD issuer" (an app registration's token), 700236 "Entra ID tokens issued by
 *   issuer '…' may not be used for federated identity credential flows for applications or managed identities
 *   registered in this tenant", 700238 for a token from another cloud, 700227 "Forbidden token audience".
 *   Azure DevOps service connections now use the Entra issuer with subjects starting '/eid1/'; the
 *   https://vstoken.dev.azure.com issuer retires July 1, 2027 for single-tenant public-cloud connections
 *   [D: https://learn.microsoft.com/azure/devops/pipelines/release/convert-service-connections].
 * - Where to look: portal app > Certificates & secrets > Federated credentials; `az ad app federated-credential list
 *   --id APP_ID`; `az identity federated-credential list --identity-name NAME -g RG`; Graph
 *   GET /applications/{object id}/federatedIdentityCredentials.
 */
import type { Finding } from '../findings';
import type { DecodedJwt } from '../jwt/decode';
import {
	evaluateClaimsExpression,
	parseFederatedCredentials,
	parseGithubSubject,
	platformOfIssuer,
	TOKEN_EXCHANGE_AUDIENCES,
	type FederatedRecord,
	type FederationPlatform,
	type GithubSubject,
} from '../manifest/federated';
import type { DiagnoseContext } from './keys';

/** What was presented to Entra: from a decoded token, or the values an error message or a CI log names. */
export interface FederationAssertion {
	issuer?: string;
	subject?: string;
	audiences?: string[];
	/** Every claim, when a token was decoded. */
	claims?: Record<string, unknown>;
	/** AADSTS codes in the error text, when the input was one. */
	codes?: string[];
	/** The subject Entra says the record should have (AADSTS7002137). */
	expectedSubject?: string;
	/** The error said the subject matched only case-insensitively (AADSTS7002138). */
	caseInsensitiveMatch?: boolean;
	/** Time window in the error (AADSTS700024), when given. */
	window?: { now?: string; from?: string; to?: string };
	source: 'token' | 'error';
}

export interface ContextRecord {
	/** "file.json [2] (name)". */
	label: string;
	record: FederatedRecord;
}

const TOKEN_EXCHANGE = /^api:\/\/AzureADTokenExchange/i;

function audList(aud: unknown): string[] {
	return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
}

/**
 * True for an external OIDC token meant for Entra's token exchange: its aud is api://AzureADTokenExchange (or a
 * cloud variant), or its issuer is one only CI systems and clusters use (GitHub Actions, AKS, HCP Terraform,
 * Azure DevOps), or its subject is a Kubernetes service account or a GitLab project.
 * @example
 * isFederationToken({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:o/r:pull_request', aud: 'api://AzureADTokenExchange' }); // true
 */
export function isFederationToken(payload: Record<string, unknown>): boolean {
	if (audList(payload.aud).some((a) => TOKEN_EXCHANGE.test(a))) {
		return true;
	}
	const iss = typeof payload.iss === 'string' ? payload.iss : '';
	const sub = typeof payload.sub === 'string' ? payload.sub : '';
	const platform = platformOfIssuer(iss);
	if (platform === 'github' || platform === 'github-enterprise-server' || platform === 'kubernetes-aks' || platform === 'terraform' || platform === 'azure-devops') {
		return true;
	}
	return /^system:serviceaccount:/.test(sub) || (platform === 'gitlab' && /^project_path:/.test(sub));
}

/** True when an error text or log is about a federated credential exchange. */
export function looksLikeFederationError(text: string): boolean {
	return /AADSTS(70021|700211|700212|700213|7002121|7002137|7002138|700222|700226|700227|700236|700238)\b|federated identity (record|credential)|Federated token details|presented assertion (issuer|subject|audience)/i.test(text);
}

/**
 * The issuer, subject and audience an error message or a CI log names, or undefined when it names none.
 * Reads AADSTS70021's "Assertion Issuer/Subject/Audience", 7002xx's "presented assertion issuer|subject|audience '…'",
 * 700236's "issued by issuer '…'", and azure/login's "Federated token details" block.
 * @example
 * federationAssertionFromText("AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:environment:dev'.").subject;
 * // 'repo:o/r:environment:dev'
 */
export function federationAssertionFromText(text: string): FederationAssertion | undefined {
	const t = text.replace(/\\r\\n|\\n/g, '\n');
	const pick = (re: RegExp): string | undefined => re.exec(t)?.[1];
	const issuer =
		pick(/Assertion Issuer:\s*'([^']*)'/i) ??
		pick(/presented assertion issuer\s*'([^']*)'/i) ??
		pick(/tokens issued by issuer\s*'([^']*)'/i) ??
		pick(/Federated token details:[\s\S]{0,40}?issuer\s*-\s*(\S+)/i);
	const subject = pick(/Assertion Subject:\s*'([^']*)'/i) ?? pick(/presented assertion subject\s*'([^']*)'/i) ?? pick(/subject claim\s*-\s*(\S+)/i);
	const audience = pick(/Assertion Audience:\s*'([^']*)'/i) ?? pick(/presented assertion audience\s*'([^']*)'/i) ?? pick(/Federated token details:[\s\S]{0,400}?\baudience\s*-\s*(\S+)/i);
	const codes = [...new Set([...t.matchAll(/AADSTS(\d{5,8})/g)].map((m) => m[1]))];
	const expectedSubject = pick(/federated identity credential Subject is\s*'([^']*)'/i);
	const caseInsensitiveMatch = /matches with case-insensitive comparison, but not with case-sensitive/i.test(t) || codes.includes('7002138');
	const w = /Current time:\s*([^,]+),\s*assertion valid from\s*([^,]+),\s*expiry time of assertion\s*([^.\s]+(?:\.\d+Z?)?)/i.exec(t);
	if (!issuer && !subject && !audience && !codes.some((c) => FEDERATION_CODES.has(c)) && !/Federated token details|ClientAssertionCredential|federated/i.test(t)) {
		return undefined;
	}
	return {
		issuer,
		subject,
		audiences: audience ? [audience] : undefined,
		codes,
		expectedSubject,
		caseInsensitiveMatch,
		window: w ? { now: w[1].trim(), from: w[2].trim(), to: w[3].trim() } : undefined,
		source: 'error',
	};
}

const FEDERATION_CODES = new Set(['70021', '700211', '700212', '700213', '7002121', '7002137', '7002138', '700222', '700226', '700227', '700236', '700238']);

/** Every federated credential in the context's manifests and exported JSON, labelled. */
export function federatedRecordsInContext(context: Pick<DiagnoseContext, 'manifests'>): ContextRecord[] {
	const out: ContextRecord[] = [];
	for (const m of context.manifests ?? []) {
		const parsed = parseFederatedCredentials(m.text);
		for (const r of parsed?.records ?? []) {
			out.push({ label: `${m.label} [${r.index}]${r.name ? ` (${r.name})` : ''}`, record: r });
		}
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Explaining the presented token
// ---------------------------------------------------------------------------------------------------------------

const PLATFORM_NAMES: Record<FederationPlatform, string> = {
	github: 'GitHub Actions',
	'github-enterprise-server': 'GitHub Enterprise Server Actions',
	'kubernetes-aks': 'an AKS cluster (Kubernetes service account)',
	kubernetes: 'a Kubernetes cluster (service account)',
	terraform: 'HCP Terraform (Terraform Cloud)',
	gitlab: 'GitLab CI',
	google: 'Google Cloud',
	'azure-devops': 'Azure DevOps (service connection)',
	entra: 'Microsoft Entra ID',
	other: 'an external identity provider',
};

function platformOf(a: FederationAssertion): FederationPlatform {
	if (a.issuer) {
		const p = platformOfIssuer(a.issuer);
		if (p !== 'other') {
			return p;
		}
	}
	const sub = a.subject ?? '';
	if (/^repo:/.test(sub)) {
		return 'github';
	}
	if (/^system:serviceaccount:/.test(sub)) {
		return 'kubernetes';
	}
	if (/^organization:[^:]+:(project|workspace):/.test(sub)) {
		return 'terraform';
	}
	if (/^project_path:/.test(sub)) {
		return 'gitlab';
	}
	if (/^sc:\/\//.test(sub)) {
		return 'azure-devops';
	}
	return 'other';
}

function describeGithubContext(gh: GithubSubject): string {
	const repo = `${gh.owner}/${gh.repo}${gh.ownerId || gh.repoId ? ` (owner ID ${gh.ownerId ?? '?'}, repository ID ${gh.repoId ?? '?'}: GitHub's immutable subject form)` : ''}`;
	const c = gh.context;
	let what: string;
	if (!c) {
		what = `a job in ${repo}, with a customised subject that names no branch, tag, environment or pull request`;
	} else if (c.kind === 'branch') {
		what = `a job in ${repo} that ran for branch '${c.value}' and references no environment (push, schedule, workflow_dispatch …, not a pull_request event)`;
	} else if (c.kind === 'tag') {
		what = `a job in ${repo} that ran for tag '${c.value}' and references no environment`;
	} else if (c.kind === 'ref') {
		what = `a job in ${repo} for ref '${c.value}'`;
	} else if (c.kind === 'environment') {
		what = `a job in ${repo} that references the environment '${decodeURIComponent(c.value)}' (GitHub then sends the environment instead of the branch, tag or pull request)`;
	} else {
		what = `a job in ${repo} triggered by a pull_request event and referencing no environment (the branch is not in the subject)`;
	}
	const extra = gh.extra.length ? `; customised claims ${gh.extra.map((e) => `${e.key}=${e.value}`).join(', ')}` : '';
	return what + extra;
}

/** One or two sentences: which platform issued the token and what its subject means. */
export function explainFederationAssertion(a: FederationAssertion): string {
	const platform = platformOf(a);
	const sub = a.subject ?? '';
	const claims = a.claims ?? {};
	let meaning = '';
	if (platform === 'github' || platform === 'github-enterprise-server') {
		const gh = parseGithubSubject(sub);
		if (gh) {
			meaning = `The subject names ${describeGithubContext(gh)}.`;
		} else if (sub) {
			meaning = `The subject '${sub}' is a customised GitHub subject (include_claim_keys${sub.split(':')[0] ? `, starting with '${sub.split(':')[0]}'` : ''}), not the default repo:OWNER/REPO:… form.`;
		}
		if (a.issuer && /githubusercontent\.com\/[^/]+$/.test(a.issuer)) {
			meaning += ` The issuer carries the enterprise slug '${a.issuer.split('/').pop()}' (the enterprise enabled a custom issuer).`;
		}
		if (typeof claims.job_workflow_ref === 'string') {
			meaning += ` The job runs the reusable workflow ${claims.job_workflow_ref}.`;
		}
	} else if (platform === 'kubernetes' || platform === 'kubernetes-aks') {
		const m = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(sub);
		meaning = m ? `The subject is the service account '${m[2]}' in namespace '${m[1]}'.` : sub ? `The subject '${sub}' is not a service-account subject.` : '';
	} else if (platform === 'terraform') {
		const seg = Object.fromEntries([...sub.matchAll(/(organization|project|workspace|run_phase):([^:]+)/g)].map((x) => [x[1], x[2]]));
		meaning = sub ? `The subject is organization '${seg.organization ?? '?'}', project '${seg.project ?? '(none: old format)'}', workspace '${seg.workspace ?? '?'}', run phase '${seg.run_phase ?? '?'}' (plan and apply send different subjects).` : '';
	} else if (platform === 'gitlab') {
		const m = /^project_path:([^:]+)(?::ref_type:([^:]+):ref:(.+))?$/.exec(sub);
		meaning = m ? `The subject is project '${m[1]}'${m[2] ? `, ${m[2]} '${m[3]}'` : ''}.` : '';
	} else if (platform === 'entra') {
		const mirid = typeof claims.xms_mirid === 'string' ? claims.xms_mirid : '';
		meaning = mirid
			? `It is a managed identity's token (${/\/userAssignedIdentities\//i.test(mirid) ? 'user-assigned' : 'system-assigned'}: ${mirid}); its subject is the identity's object (principal) ID.`
			: sub.startsWith('/eid1/')
				? 'The subject has the /eid1/ form Entra uses for Azure DevOps service connections and agent identities.'
				: 'It is a token Microsoft Entra issued to an application.';
	} else if (platform === 'azure-devops') {
		meaning = sub ? `The subject names the service connection ${sub.replace(/^sc:\/\//, '')} (organization/project/connection).` : '';
	}
	const from = a.source === 'token' ? 'This token' : 'The presented assertion';
	return `${from} comes from ${PLATFORM_NAMES[platform]}${a.issuer ? ` (iss '${a.issuer}')` : ''}. ${meaning}`.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing with records
// ---------------------------------------------------------------------------------------------------------------

/** Levenshtein distance, bounded in cost by truncating very long inputs. */
export function editDistance(a: string, b: string): number {
	const s = a.slice(0, 1500);
	const t = b.slice(0, 1500);
	let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
	for (let i = 1; i <= s.length; i++) {
		const cur = [i];
		for (let j = 1; j <= t.length; j++) {
			cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1));
		}
		prev = cur;
	}
	return prev[t.length];
}

interface Comparison {
	entry: ContextRecord;
	/** undefined: not known (the input does not carry that value). */
	issuer?: boolean;
	subject?: boolean;
	audience?: boolean;
	distance: number;
}

function compare(a: FederationAssertion, entry: ContextRecord): Comparison {
	const r = entry.record;
	const issuer = a.issuer === undefined || r.issuer === undefined ? undefined : a.issuer === r.issuer;
	let subject: boolean | undefined;
	if (a.subject !== undefined || a.claims) {
		if (typeof r.subject === 'string') {
			subject = a.subject === undefined ? undefined : a.subject === r.subject;
		} else if (r.claimsMatchingExpression) {
			subject = evaluateClaimsExpression(r.claimsMatchingExpression, { ...(a.claims ?? {}), ...(a.subject !== undefined ? { sub: a.subject } : {}) });
		}
	}
	const audience = a.audiences === undefined ? undefined : a.audiences.some((x) => r.audiences.includes(x));
	const parts = (x: FederationAssertion | FederatedRecord, isRecord: boolean) => [
		a.issuer !== undefined ? (isRecord ? (x as FederatedRecord).issuer ?? '' : a.issuer) : '',
		a.subject !== undefined ? (isRecord ? ((x as FederatedRecord).subject ?? (x as FederatedRecord).claimsMatchingExpression ?? '') : a.subject) : '',
		a.audiences !== undefined ? (isRecord ? (x as FederatedRecord).audiences[0] ?? '' : a.audiences[0]) : '',
	].join('\n');
	return { entry, issuer, subject, audience, distance: editDistance(parts(a, false), parts(r, true)) };
}

function caseOnly(x: string, y: string): boolean {
	return x !== y && x.toLowerCase() === y.toLowerCase();
}

function firstDifference(x: string, y: string): string {
	let i = 0;
	while (i < x.length && i < y.length && x[i] === y[i]) {
		i++;
	}
	const show = (s: string) => (i < s.length ? `'${s.slice(Math.max(0, i - 8), i + 16)}'` : '(end)');
	return `they first differ at character ${i + 1}: token ${show(x)}, record ${show(y)}`;
}

/** Why a token's issuer differs from a record's, in words. */
export function explainIssuerDifference(token: string, record: string): string {
	if (token.trim() === record.trim()) {
		return `the record's issuer '${record}' has whitespace at its ends; the token's has none`;
	}
	if (token.replace(/\/+$/, '') === record.replace(/\/+$/, '')) {
		return token.endsWith('/') ? `the token's issuer ends with '/' and the record's does not ('${record}')` : `the record's issuer ends with '/' ('${record}') and the token's does not`;
	}
	if (caseOnly(token, record)) {
		return `the issuers differ only in letter case ('${token}' vs '${record}'), and Entra compares case-sensitively`;
	}
	const gh = /^https:\/\/token\.actions\.githubusercontent\.com(\/[^/]+)?$/;
	const tm = gh.exec(token);
	const rm = gh.exec(record);
	if (tm && rm) {
		return tm[1]
			? `the token carries the enterprise-specific issuer (slug '${tm[1].slice(1)}'; the enterprise enabled include_enterprise_slug) and the record has ${rm[1] ? `the slug '${rm[1].slice(1)}'` : 'the default issuer'}`
			: `the record expects the enterprise-specific issuer '${record}', but the token has the default one: the enterprise's custom issuer is not enabled, or the repository is outside that enterprise`;
	}
	const t = /^https:\/\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(token);
	const r = /^https:\/\/([^/]+)\/([^/]+)\/([^/]+)\/?$/.exec(record);
	if (t && r && /oic\.prod-aks/.test(t[1]) && /oic\.prod-aks/.test(r[1])) {
		return t[1] !== r[1] || t[2] !== r[2]
			? `both are AKS issuers but for another region or tenant ('${token}' vs '${record}')`
			: `both are AKS issuers of the same tenant but of different clusters (cluster key ${t[3]} vs ${r[3]}): the workload runs on another cluster, or the cluster was re-created and got a new issuer`;
	}
	if (platformOfIssuer(token) === 'entra' && platformOfIssuer(record) === 'entra') {
		return `both are Entra issuers, but '${token}' vs '${record}' (another tenant, or the v1 'sts.windows.net' form against the v2.0 form)`;
	}
	return `the issuers differ ('${token}' vs '${record}'); ${firstDifference(token, record)}`;
}

function githubKind(c: GithubSubject['context']): string {
	if (!c) {
		return 'a customised subject';
	}
	switch (c.kind) {
		case 'branch':
			return `branch '${c.value}'`;
		case 'tag':
			return `tag '${c.value}'`;
		case 'ref':
			return `ref '${c.value}'`;
		case 'environment':
			return `environment '${c.value}'`;
		case 'pull_request':
			return 'pull_request';
	}
}

/** Why a token's subject differs from a record's, in words (platform-aware), with a fix. */
export function explainSubjectDifference(token: string, record: string): { why: string; fix: string } {
	const copy = `Set the record's subject to '${token}' verbatim, or change the workflow so it presents '${record}'.`;
	if (token.trim() === record.trim()) {
		return { why: `the record's subject has whitespace at its ends`, fix: `Set the record's subject to '${token}'.` };
	}
	if (caseOnly(token, record)) {
		return { why: `the subjects differ only in letter case ('${token}' vs '${record}'); Entra compares case-sensitively (AADSTS7002138)`, fix: `Set the record's subject to '${token}' exactly, including the case of the owner, repository and environment names.` };
	}
	const t = parseGithubSubject(token);
	const r = parseGithubSubject(record);
	if (t && r) {
		const whys: string[] = [];
		const sameNames = t.owner.toLowerCase() === r.owner.toLowerCase() && t.repo.toLowerCase() === r.repo.toLowerCase();
		if (!!(t.ownerId || t.repoId) !== !!(r.ownerId || r.repoId)) {
			whys.push(
				t.ownerId || t.repoId
					? "the token uses GitHub's immutable subject (owner and repository IDs after '@'), which repositories created, renamed or transferred after July 15, 2026 or opted in send, and the record has the name-only form"
					: "the record uses GitHub's immutable subject form (owner and repository IDs after '@', as the portal now writes it) but the repository still sends name-only subjects: opt the repository in to immutable subject claims in its OIDC settings, or remove the '@ID' parts from the record",
			);
		} else if (t.ownerId && r.ownerId && (t.ownerId !== r.ownerId || t.repoId !== r.repoId)) {
			whys.push(sameNames ? `the names match but the IDs differ (owner ${t.ownerId} vs ${r.ownerId}, repository ${t.repoId} vs ${r.repoId}): the repository was deleted and re-created, or another one took its name` : `the owner/repository IDs differ (${t.ownerId}/${t.repoId} vs ${r.ownerId}/${r.repoId})`);
		}
		if (t.owner !== r.owner) {
			whys.push(`the owner differs: the token is from '${t.owner}', the record trusts '${r.owner}' (renamed or transferred organisation, a fork, or a typo)`);
		}
		if (t.repo !== r.repo) {
			whys.push(`the repository differs: the token is from '${t.repo}', the record trusts '${r.repo}' (renamed repository, another repository calling a shared workflow, or a typo)`);
		}
		const tk = t.context?.kind;
		const rk = r.context?.kind;
		if (tk !== rk) {
			const reason: Record<string, string> = {
				environment: "the job references an environment, and then GitHub always sends 'environment:NAME' instead of the branch, tag or pull_request",
				pull_request: "the workflow was triggered by a pull_request event (and the job references no environment), so GitHub sends ':pull_request', whatever the branch",
				branch: "the job references no environment and was not triggered by a pull_request event, so GitHub sends the branch ('ref:refs/heads/…')",
				tag: 'the job ran for a tag and references no environment',
			};
			if (rk === 'ref' && tk === 'branch' && r.context && 'value' in r.context && t.context && 'value' in t.context && r.context.value === t.context.value) {
				whys.push(`the record writes 'ref:${r.context.value}' but GitHub sends the full ref 'ref:refs/heads/${t.context.value}'`);
			} else {
				whys.push(`the token names ${githubKind(t.context)} but the record trusts ${githubKind(r.context)}: ${tk ? reason[tk] ?? '' : 'the token has a customised subject'}${rk === 'environment' && tk !== 'environment' ? ` (add 'environment: ${r.context && 'value' in r.context ? r.context.value : 'NAME'}' to the job, or add a record for ${githubKind(t.context)})` : ''}`);
			}
		} else if (t.context && r.context && 'value' in t.context && 'value' in r.context && t.context.value !== r.context.value) {
			whys.push(`the token names ${githubKind(t.context)} but the record trusts ${githubKind(r.context)}`);
		}
		const tx = t.extra.map((e) => `${e.key}:${e.value}`).join(':');
		const rx = r.extra.map((e) => `${e.key}:${e.value}`).join(':');
		if (tx !== rx) {
			whys.push(tx ? `the token carries customised claims '${tx}' (subject template with include_claim_keys) that the record ${rx ? `writes as '${rx}'` : 'lacks'}` : `the record adds '${rx}', which the token's subject does not carry`);
		}
		if (whys.length > 0) {
			return { why: whys.join('; '), fix: copy };
		}
	}
	if ((t && !r) || (!t && r)) {
		const custom = t ? record : token;
		const key = custom.split(':')[0];
		return {
			why: t
				? `the token has GitHub's default subject form but the record has '${record}' (a customised template starting with '${key}', or a hand-written form)`
				: `the token has a customised GitHub subject (the repository's or organisation's template with include_claim_keys, starting '${key}'), but the record has the default form`,
			fix: copy,
		};
	}
	const k8s = /^system:serviceaccount:([^:]*):([^:]*)$/;
	const tk = k8s.exec(token);
	const rk = k8s.exec(record);
	if (tk && rk) {
		const whys = [tk[1] !== rk[1] ? `the namespace differs ('${tk[1]}' vs '${rk[1]}')` : '', tk[2] !== rk[2] ? `the service account differs ('${tk[2]}' vs '${rk[2]}')` : ''].filter(Boolean);
		return { why: whys.join('; '), fix: `Set the record's subject to '${token}', or run the pod under the service account the record names (serviceAccountName).` };
	}
	if (/^organization:/.test(token) && /^organization:/.test(record)) {
		const seg = (s: string) => Object.fromEntries([...s.matchAll(/(organization|project|workspace|run_phase):([^:]+)/g)].map((x) => [x[1], x[2]]));
		const ts = seg(token);
		const rs = seg(record);
		const whys = ['organization', 'project', 'workspace', 'run_phase'].filter((k) => ts[k] !== rs[k]).map((k) => (rs[k] === undefined ? `the record has no ${k} segment (HCP Terraform added 'project:' to subjects)` : `${k} differs ('${ts[k] ?? '(none)'}' vs '${rs[k]}')`));
		return { why: whys.join('; '), fix: ts.run_phase !== rs.run_phase ? 'Add a record for each run phase (plan and apply), or one flexible credential matching both.' : `Set the record's subject to '${token}'.` };
	}
	return { why: firstDifference(token, record), fix: copy };
}

/** Why a token's audience differs from a record's. */
export function explainAudienceDifference(token: string, record: string, platform: FederationPlatform): { why: string; fix: string } {
	if (caseOnly(token, record) || token.replace(/\/+$/, '') === record.replace(/\/+$/, '')) {
		return { why: `the audiences differ only in case or a trailing '/' ('${token}' vs '${record}')`, fix: `Make both exactly '${TOKEN_EXCHANGE_AUDIENCES[record] ? record : token}'.` };
	}
	if (TOKEN_EXCHANGE.test(token) && TOKEN_EXCHANGE.test(record)) {
		return { why: `the token is for ${TOKEN_EXCHANGE_AUDIENCES[token] ?? token} but the record expects ${TOKEN_EXCHANGE_AUDIENCES[record] ?? record}: a sovereign-cloud mix-up`, fix: 'Use the audience of the cloud the app is registered in, in both the token request and the record.' };
	}
	if ((platform === 'github' || platform === 'github-enterprise-server') && /^https:\/\/github\.com\//i.test(token)) {
		return { why: `the token has GitHub's default audience '${token}' (the owner's URL), which GitHub uses when no audience is requested`, fix: "Request the ID token with audience api://AzureADTokenExchange (azure/login does by default; in code call core.getIDToken('api://AzureADTokenExchange'))." };
	}
	if (platform === 'kubernetes' || platform === 'kubernetes-aks') {
		return { why: `the service-account token's audience is '${token}' (the default token is for the API server)`, fix: 'Use a projected service-account token requested with audience api://AzureADTokenExchange (the Azure Workload Identity webhook mounts one at AZURE_FEDERATED_TOKEN_FILE).' };
	}
	if (platform === 'entra') {
		return { why: `the managed identity's token was requested for '${token}' rather than for the token exchange`, fix: 'Request the managed identity token for resource api://AzureADTokenExchange (scope api://AzureADTokenExchange/.default).' };
	}
	return { why: `the audiences differ ('${token}' vs '${record}')`, fix: `Request the external token with audience '${record}', or set the record's audience to the token's aud.` };
}

// ---------------------------------------------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------------------------------------------

const WHERE_TO_LOOK =
	"Look in the portal (App registrations > the app > Certificates & secrets > Federated credentials), run 'az ad app federated-credential list --id APP_ID' (a user-assigned identity: 'az identity federated-credential list --identity-name NAME -g RG'), or call Graph GET /applications/{object id}/federatedIdentityCredentials; save that JSON in the workspace to have it compared here.";

function fromInput(input: DecodedJwt | FederationAssertion | string): FederationAssertion | undefined {
	if (typeof input === 'string') {
		return federationAssertionFromText(input);
	}
	if ('payload' in input && 'header' in input) {
		const p = input.payload;
		return { issuer: typeof p.iss === 'string' ? p.iss : undefined, subject: typeof p.sub === 'string' ? p.sub : undefined, audiences: p.aud === undefined ? undefined : audList(p.aud), claims: p, source: 'token' };
	}
	return input;
}

/**
 * Findings for a federated assertion: a decoded external token, the values an error names, or the error text itself.
 * Explains the token, checks its times, and compares iss/sub/aud exactly with every federated credential in
 * `context.manifests`, naming the nearest record and the difference; with none, says what the record must hold.
 * @example
 * federationFindings(decodeJwt(githubToken), { now, manifests: [{ label: 'fic.json', text }] });
 * // [{ code: 'fic-token', … }, { code: 'AADSTS700213', message: "… nearest record fic.json [0] (prod): the token names branch 'main' but the record trusts environment 'prod' …" }]
 */
export function federationFindings(input: DecodedJwt | FederationAssertion | string, context: DiagnoseContext): Finding[] {
	const a = fromInput(input);
	if (!a) {
		return [];
	}
	const out: Finding[] = [];
	const platform = platformOf(a);
	if (a.issuer || a.subject) {
		out.push({ severity: 'info', code: 'fic-token', message: explainFederationAssertion(a), fix: 'Nothing to change by itself: the next findings compare it with the federated credentials.' });
	}
	if (a.subject === '***') {
		out.push({ severity: 'info', code: 'fic-subject-masked', message: "The subject is shown as '***': the CI log masked it because it contains a secret's value (often the repository or organisation name stored as a secret).", fix: 'Decode the ID token in the job, or compare the record with the subject built from the workflow (repo:OWNER/REPO:…) by hand.' });
	}
	timeFindings(a, context.now, platform, out);
	entraFindings(a, out);
	codeFindings(a, out);
	if (a.subject === '***') {
		return out;
	}
	const records = federatedRecordsInContext(context);
	if (records.length === 0) {
		if (a.issuer || a.subject || a.audiences) {
			out.push({
				severity: 'info',
				code: 'fic-no-records',
				message: `No federated credential in the workspace to compare with. For Entra to accept this assertion the app (or user-assigned identity) needs a record whose issuer is ${a.issuer ? `'${a.issuer}'` : "the token's iss"}, subject ${a.subject ? `'${a.subject}'` : "the token's sub"} and audiences [${a.audiences ? a.audiences.map((x) => `'${x}'`).join(', ') : "the token's aud"}], each character for character.`,
				fix: WHERE_TO_LOOK,
			});
		}
		return out;
	}
	const comparisons = records.map((r) => compare(a, r));
	const matches = comparisons.filter((c) => c.issuer !== false && c.subject !== false && c.audience !== false && c.subject !== undefined);
	if (matches.length > 0) {
		const m = matches[0];
		out.push({
			severity: 'info',
			code: 'fic-record-matches',
			message: `${m.entry.label} matches the presented ${[a.issuer !== undefined ? 'issuer' : '', a.subject !== undefined ? 'subject' : '', a.audiences !== undefined ? 'audience' : ''].filter(Boolean).join(', ')} exactly${m.entry.record.claimsMatchingExpression ? ' (by its claimsMatchingExpression)' : ''}.`,
			fix: 'If Entra still refuses it: check that this record is on the app whose client ID the request sends (and in that tenant), that the saved file is what the live app holds (az ad app federated-credential list), and wait a few minutes after adding a record: new records take time to propagate (AADSTS70021 meanwhile).',
		});
		return out;
	}
	const best = [...comparisons].sort((x, y) => x.distance - y.distance)[0];
	const r = best.entry.record;
	const diffs: string[] = [];
	const fixes: string[] = [];
	let code = 'AADSTS70021';
	if (best.audience === false && a.audiences && r.audiences[0] !== undefined) {
		const d = explainAudienceDifference(a.audiences[0], r.audiences[0], platform);
		diffs.push(`audience: ${d.why}`);
		fixes.push(d.fix);
		code = 'AADSTS700212';
	}
	if (best.subject === false && a.subject !== undefined) {
		if (typeof r.subject === 'string') {
			const d = explainSubjectDifference(a.subject, r.subject);
			diffs.push(`subject: ${d.why}`);
			fixes.push(d.fix);
			code = caseOnly(a.subject, r.subject) ? 'AADSTS7002138' : 'AADSTS700213';
		} else {
			diffs.push(`subject: '${a.subject}' does not satisfy the record's claimsMatchingExpression "${r.claimsMatchingExpression}"`);
			fixes.push("Widen the expression (claims['sub'] matches '…*') or add a record for this subject.");
			code = 'AADSTS700213';
		}
	}
	if (best.issuer === false && a.issuer !== undefined && r.issuer !== undefined) {
		diffs.push(`issuer: ${explainIssuerDifference(a.issuer, r.issuer)}`);
		fixes.push(`Set the record's issuer to '${a.issuer}' exactly.`);
		code = 'AADSTS700211';
	}
	if (a.caseInsensitiveMatch && !diffs.some((d) => /letter case/.test(d))) {
		diffs.push('Entra reported that a record matches this subject only when case is ignored');
		fixes.push('Compare the case of every character of the subject, including the owner and repository names.');
	}
	const others = records.length === 2 ? ' The other record does not match either.' : records.length > 2 ? ` None of the other ${records.length - 1} records matches either.` : '';
	out.push({
		severity: 'error',
		code,
		message: `No federated credential in the workspace matches. The nearest is ${best.entry.label}; ${diffs.join('; ') || 'it differs in a value the input does not show'}.${others}`,
		fix: [...new Set(fixes)].join(' ') || WHERE_TO_LOOK,
	});
	return out;
}

function timeFindings(a: FederationAssertion, now: Date, platform: FederationPlatform, out: Finding[]): void {
	const c = a.claims;
	const nowS = now.getTime() / 1000;
	const lifetime = platform === 'github' ? " GitHub's ID tokens are valid for minutes (a 5-minute window is reported), so" : '';
	if (c && typeof c.exp === 'number' && c.exp < nowS) {
		out.push({
			severity: 'error',
			code: 'AADSTS700024',
			message: `The external token expired at ${new Date(c.exp * 1000).toISOString()} (${Math.round((nowS - c.exp) / 60)} minutes ago); Entra refuses an expired assertion ("Client assertion is not within its valid time range").${lifetime} a token fetched at the start of a long job, or cached by a tool, is stale by the time it is exchanged again.`,
			fix: platform === 'kubernetes' || platform === 'kubernetes-aks' ? 'Read the projected token file again before each exchange (kubelet rotates it); do not cache its content.' : 'Request a fresh ID token right before the exchange (run azure/login again before the step that needs Azure, or call the OIDC token endpoint again).',
		});
	} else if (c && typeof c.nbf === 'number' && c.nbf > nowS + 300) {
		out.push({ severity: 'warning', code: 'fic-token-not-yet-valid', message: `The token's nbf is ${new Date(c.nbf * 1000).toISOString()}, more than 5 minutes after the time used here (${now.toISOString()}).`, fix: "Check the clock of the machine that decoded it, or of the issuer." });
	}
	if (a.window && a.codes?.includes('700024')) {
		out.push({
			severity: 'error',
			code: 'AADSTS700024',
			message: `Entra received the external token at ${a.window.now}, but it was valid only from ${a.window.from} to ${a.window.to}.${lifetime} it was fetched once and presented again after it had expired (long job, or a tool refreshing its Azure token later with the same assertion).`,
			fix: 'Fetch a new ID token for each exchange (re-run azure/login before the late step, or keep the job under the token lifetime).',
		});
	}
}

function entraFindings(a: FederationAssertion, out: Finding[]): void {
	if (!a.claims || !a.issuer || platformOfIssuer(a.issuer) !== 'entra') {
		return;
	}
	const c = a.claims;
	const mirid = typeof c.xms_mirid === 'string' ? c.xms_mirid : undefined;
	if (mirid && !/\/userAssignedIdentities\//i.test(mirid)) {
		out.push({ severity: 'error', code: 'fic-mi-system-assigned', message: `This is a system-assigned managed identity's token (${mirid}); an app can trust only user-assigned managed identities as federated credentials.`, fix: 'Create a user-assigned identity, assign it to the compute resource, and trust its principal ID in the app\'s federated credential.' });
	} else if (!mirid && !(typeof a.subject === 'string' && a.subject.startsWith('/eid1/'))) {
		out.push({
			severity: 'error',
			code: 'AADSTS700222',
			message: "This token was issued by Microsoft Entra to an application, not to a managed identity. Entra-issued tokens can't be federated assertions (AADSTS700222 \"AAD-issued tokens may not be used for federated identity flows\"; with an Entra-issuer record, 700226 \"Only MSI tokens …\"). The one supported Entra source is a user-assigned managed identity.",
			fix: "Authenticate the app with a certificate, or get the assertion from a user-assigned managed identity (resource api://AzureADTokenExchange) that the app trusts with issuer https://login.microsoftonline.com/{tenant}/v2.0 and subject = the identity's principal ID.",
			uncertain: true,
		});
	} else if (mirid) {
		const tid = typeof c.tid === 'string' ? c.tid : '{tenant}';
		out.push({
			severity: 'info',
			code: 'fic-managed-identity',
			message: `A user-assigned managed identity's token is a supported federated assertion when the app trusts it: issuer '${a.issuer}' (the docs give https://login.microsoftonline.com/${tid}/v2.0), subject '${a.subject ?? "the identity's principal ID"}', audience api://AzureADTokenExchange (or the cloud's variant). The app must be registered in the identity's tenant (tenant ${tid}); other tenants are reached through a multi-tenant app, other clouds not at all.`,
			fix: 'Compare the app\'s federated credential with these three values.',
		});
	}
}

function codeFindings(a: FederationAssertion, out: Finding[]): void {
	const codes = new Set(a.codes ?? []);
	if (codes.has('7002137') && a.expectedSubject) {
		out.push({ severity: 'error', code: 'AADSTS7002137', message: `Entra states the subject the record must have: '${a.expectedSubject}'${a.subject ? ` (the presented one is '${a.subject}')` : ''}. '{tenantId}' stands for the tenant in the form the presented subject shows.`, fix: 'Set the federated credential\'s subject to the presented subject verbatim.' });
	}
	if (codes.has('700222') && !a.claims) {
		out.push({
			severity: 'error',
			code: 'AADSTS700222',
			message: 'Entra refused the assertion because Microsoft Entra issued it. Tokens of Entra apps are never federated assertions; the supported exception is a user-assigned managed identity trusted with issuer https://login.microsoftonline.com/{tenant}/v2.0 and its principal ID as subject. A record whose issuer is an Entra host but whose token is not a managed identity\'s ends here too.',
			fix: 'Present the external provider\'s token (GitHub, Kubernetes, …) or a user-assigned managed identity\'s token for api://AzureADTokenExchange; otherwise authenticate with a certificate.',
			uncertain: true,
		});
	}
	if (codes.has('700226')) {
		out.push({ severity: 'error', code: 'AADSTS700226', message: 'The record trusts an Entra issuer, and the presented token belongs to an app registration; only managed identity tokens are accepted from an Entra issuer.', fix: "Use a user-assigned managed identity's token, or another credential for the app." });
	}
	if (codes.has('700236')) {
		out.push({
			severity: 'error',
			code: 'AADSTS700236',
			message: `The managed identity's token comes from ${a.issuer ? `'${a.issuer}'` : 'a tenant'} that this app's tenant does not accept for federated credentials: the app must be registered in the identity's tenant (reach other tenants with a multi-tenant app provisioned there), and reports show a tenant policy can block inbound workload identity federation.`,
			fix: "Check that the app registration lives in the identity's tenant and that the request's tenant is the one the app is provisioned in; if it is, ask that tenant's admin about cross-tenant workload identity settings.",
			uncertain: true,
		});
	}
	if (codes.has('700238')) {
		out.push({ severity: 'error', code: 'AADSTS700238', message: "The token comes from another cloud's Entra (for example Azure US Government against the global cloud); trusting a managed identity across clouds is not supported.", fix: 'Use an identity and app in the same cloud, or another credential.' });
	}
	if (codes.has('700227')) {
		out.push({ severity: 'error', code: 'AADSTS700227', message: 'Entra refused the token\'s audience as forbidden for a federated assertion (reported when the aud is an Entra issuer URL).', fix: 'Request the token for api://AzureADTokenExchange.', uncertain: true });
	}
}
