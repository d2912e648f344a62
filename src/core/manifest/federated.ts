/**
 * Federated identity credentials (workload identity federation) as the workspace holds them, with the offsets
 * of every record for diagnostics, and their lint.
 *
 * Read from any of these shapes (jsonc-parser, comments allowed):
 * - an array, as `az ad app federated-credential list` / `az identity federated-credential list` print it;
 * - a Microsoft Graph collection `{ "value": [ … ] }` (GET /applications/{id}/federatedIdentityCredentials);
 * - a single record `{ name, issuer, subject, audiences, description }` (the body of `federated-credential create`);
 * - a manifest-like object with a `federatedIdentityCredentials` array (Graph `$expand`, exported app JSON);
 * - an ARM template whose resources include `…/federatedIdentityCredentials` (fields under `properties`).
 *
 * The facts behind the lint rules (with sources) are in the JSDoc of ../diagnose/federation.ts.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding } from '../findings';
import { isGuid } from '../ids';

export type FederatedSourceShape = 'list' | 'graph-collection' | 'single' | 'manifest' | 'arm-template';

export interface FederatedRecord {
	/** Position in the list it came from (0 for a single record). */
	index: number;
	name?: string;
	issuer?: string;
	/** null when the record uses claimsMatchingExpression instead. */
	subject?: string | null;
	/** String entries of `audiences`, in order. */
	audiences: string[];
	/** Number of entries in `audiences` (strings or not); undefined when the property is missing. */
	audienceCount?: number;
	description?: string | null;
	/** The flexible-credential expression (`claimsMatchingExpression.value`), when set. */
	claimsMatchingExpression?: string;
	/** Offset and length of the record's object in the text. */
	offset: number;
	length: number;
	/** Offsets of each property's value node, by property name (audiences[i] as `audiences.i`). */
	valueRanges: Record<string, { offset: number; length: number }>;
}

export interface ParsedFederatedCredentials {
	shape: FederatedSourceShape;
	records: FederatedRecord[];
}

/** Graph and portal limit: "A maximum of 20 federated identity credentials" per app or user-assigned identity. */
export const MAX_FEDERATED_CREDENTIALS = 20;
/** Graph property limits (issuer, subject, each audience, description). */
export const FEDERATED_FIELD_LIMIT = 600;

/** The audience Entra expects per cloud (docs: configure an app to trust a managed identity). */
export const TOKEN_EXCHANGE_AUDIENCES: Readonly<Record<string, string>> = Object.freeze({
	'api://AzureADTokenExchange': 'Microsoft Entra ID global service',
	'api://AzureADTokenExchangeUSGov': 'Microsoft Entra ID for US Government',
	'api://AzureADTokenExchangeChina': 'Microsoft Entra China operated by 21Vianet',
});

const ENTRA_HOSTS = /^https:\/\/(login\.microsoftonline\.(com|us)|login\.windows\.net|login\.microsoft\.com|sts\.windows\.net|login\.partner\.microsoftonline\.cn|login\.chinacloudapi\.cn|login\.usgovcloudapi\.net)\//i;

/** True for an issuer URL on a Microsoft Entra sign-in host. */
export function isEntraIssuerUrl(issuer: string): boolean {
	return ENTRA_HOSTS.test(issuer.trim());
}

function propsOf(node: Node): Node {
	// ARM (templates and REST answers) keeps the fields under `properties`.
	const props = findNodeAtLocation(node, ['properties']);
	return props?.type === 'object' && findNodeAtLocation(props, ['issuer']) ? props : node;
}

/** True for a JSON object node that looks like one federated identity credential. */
function isRecordNode(node: Node | undefined): boolean {
	if (!node || node.type !== 'object') {
		return false;
	}
	const p = propsOf(node);
	const has = (k: string) => !!findNodeAtLocation(p, [k]);
	return findNodeAtLocation(p, ['issuer'])?.type === 'string' && (has('subject') || has('audiences') || has('claimsMatchingExpression'));
}

function parseLenient(text: string): { root?: Node; errors: ParseError[] } {
	const errors: ParseError[] = [];
	const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
	return { root, errors };
}

/** Where the records are in a parsed document, and in which shape; undefined when it holds none. */
function locateRecords(root: Node): { shape: FederatedSourceShape; nodes: Node[] } | undefined {
	if (root.type === 'array') {
		const items = (root.children ?? []).filter((c) => c.type === 'object');
		return items.length > 0 && items.some(isRecordNode) ? { shape: 'list', nodes: items } : undefined;
	}
	if (root.type !== 'object') {
		return undefined;
	}
	const fic = findNodeAtLocation(root, ['federatedIdentityCredentials']);
	if (fic?.type === 'array') {
		return { shape: 'manifest', nodes: (fic.children ?? []).filter((c) => c.type === 'object') };
	}
	const value = findNodeAtLocation(root, ['value']);
	if (value?.type === 'array') {
		const items = (value.children ?? []).filter((c) => c.type === 'object');
		if (items.some(isRecordNode)) {
			return { shape: 'graph-collection', nodes: items };
		}
	}
	const resources = findNodeAtLocation(root, ['resources']);
	if (resources?.type === 'array') {
		const items = (resources.children ?? []).filter((r) => {
			const type = findNodeAtLocation(r, ['type']);
			return type?.type === 'string' && /\/federatedIdentityCredentials$/i.test(type.value as string);
		});
		if (items.length > 0) {
			return { shape: 'arm-template', nodes: items };
		}
	}
	if (isRecordNode(root)) {
		return { shape: 'single', nodes: [root] };
	}
	return undefined;
}

/**
 * Cheap check used by manifest detection: the text is JSON holding federated identity credentials in one of the
 * shapes above. Never throws.
 * @example
 * hasFederatedCredentials('[{"issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:pull_request","audiences":["api://AzureADTokenExchange"]}]'); // true
 */
export function hasFederatedCredentials(text: string): boolean {
	if (!/"(issuer|federatedIdentityCredentials)"\s*:/.test(text)) {
		return false;
	}
	const { root, errors } = parseLenient(text);
	return !!root && errors.length === 0 && !!locateRecords(root);
}

function str(node: Node | undefined): string | undefined {
	return node?.type === 'string' ? (node.value as string) : undefined;
}

function readRecord(node: Node, index: number): FederatedRecord {
	const p = propsOf(node);
	const valueRanges: Record<string, { offset: number; length: number }> = {};
	for (const holder of p === node ? [node] : [node, p]) {
		for (const prop of holder.children ?? []) {
			const key = prop.children?.[0];
			const value = prop.children?.[1];
			if (key && value) {
				valueRanges[key.value as string] = { offset: value.offset, length: value.length };
			}
		}
	}
	const get = (k: string) => findNodeAtLocation(p, [k]) ?? findNodeAtLocation(node, [k]);
	const aud = get('audiences');
	const audiences: string[] = [];
	if (aud?.type === 'array') {
		(aud.children ?? []).forEach((a, i) => {
			valueRanges[`audiences.${i}`] = { offset: a.offset, length: a.length };
			if (a.type === 'string') {
				audiences.push(a.value as string);
			}
		});
	} else if (aud?.type === 'string') {
		audiences.push(aud.value as string);
	}
	const cme = get('claimsMatchingExpression');
	const cmeValue = cme?.type === 'object' ? str(findNodeAtLocation(cme, ['value'])) : cme?.type === 'string' ? (cme.value as string) : undefined;
	const subjectNode = get('subject');
	const descriptionNode = get('description');
	// In an ARM template the resource name is "parent/child"; the credential's own name is the last segment.
	const rawName = str(get('name'));
	const name = rawName !== undefined && p !== node && rawName.includes('/') && !rawName.startsWith('[') ? rawName.slice(rawName.lastIndexOf('/') + 1) : rawName;
	return {
		index,
		name,
		issuer: str(get('issuer')),
		subject: subjectNode?.type === 'null' ? null : str(subjectNode),
		audiences,
		audienceCount: aud?.type === 'array' ? (aud.children ?? []).length : aud?.type === 'string' ? 1 : undefined,
		description: descriptionNode?.type === 'null' ? null : str(descriptionNode),
		claimsMatchingExpression: cmeValue,
		offset: node.offset,
		length: node.length,
		valueRanges,
	};
}

/**
 * The federated identity credentials in a text, with offsets, or undefined when the text is not valid JSON or holds
 * none.
 * @example
 * parseFederatedCredentials(azListOutput)?.records[0].subject; // 'repo:contoso/app:environment:Production'
 */
export function parseFederatedCredentials(text: string): ParsedFederatedCredentials | undefined {
	const { root, errors } = parseLenient(text);
	if (!root || errors.length > 0) {
		return undefined;
	}
	const located = locateRecords(root);
	if (!located) {
		return undefined;
	}
	return { shape: located.shape, records: located.nodes.map((n, i) => readRecord(n, i)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Issuers and subjects by platform
// ---------------------------------------------------------------------------------------------------------------

export type FederationPlatform =
	| 'github'
	| 'github-enterprise-server'
	| 'kubernetes-aks'
	| 'kubernetes'
	| 'terraform'
	| 'gitlab'
	| 'google'
	| 'azure-devops'
	| 'entra'
	| 'other';

/** Which platform an issuer URL belongs to (by its documented form). */
export function platformOfIssuer(issuer: string): FederationPlatform {
	const i = issuer.trim();
	if (/^https:\/\/token\.actions\.(githubusercontent\.com|[a-z0-9-]+\.ghe\.com)(\/[^/]*)?\/?$/i.test(i)) {
		return 'github';
	}
	if (/^https:\/\/[^/]+\/_services\/token\/?$/i.test(i)) {
		return 'github-enterprise-server';
	}
	if (/^https:\/\/[a-z0-9-]+\.oic\.prod-aks\.azure\.(com|us|cn)\//i.test(i)) {
		return 'kubernetes-aks';
	}
	if (/kubernetes|\.svc(\.cluster\.local)?\b|\boidc\.eks\.|container\.googleapis\.com/i.test(i)) {
		return 'kubernetes';
	}
	if (/^https:\/\/app\.(eu\.)?terraform\.io\/?$/i.test(i)) {
		return 'terraform';
	}
	if (/^https:\/\/gitlab\.|^https:\/\/[^/]*gitlab[^/]*\/?$/i.test(i)) {
		return 'gitlab';
	}
	if (/^https:\/\/accounts\.google\.com\/?$/i.test(i)) {
		return 'google';
	}
	if (/^https:\/\/vstoken\.dev\.azure\.com\//i.test(i)) {
		return 'azure-devops';
	}
	if (isEntraIssuerUrl(i)) {
		return 'entra';
	}
	return 'other';
}

export type GithubContext =
	| { kind: 'branch'; value: string }
	| { kind: 'tag'; value: string }
	| { kind: 'ref'; value: string }
	| { kind: 'environment'; value: string }
	| { kind: 'pull_request' };

export interface GithubSubject {
	owner: string;
	repo: string;
	ownerId?: string;
	repoId?: string;
	context?: GithubContext;
	/** Further `key:value` pairs after the context (customised templates, e.g. job_workflow_ref). */
	extra: { key: string; value: string }[];
}

/**
 * Reads GitHub's default subject forms: `repo:OWNER/REPO:` + `ref:refs/heads/B` | `ref:refs/tags/T` |
 * `environment:E` | `pull_request`, the immutable `repo:OWNER@ID/REPO@ID:…`, and a `repo:` segment followed by
 * customised claims. Undefined when the subject has no `repo:OWNER/REPO` segment.
 */
export function parseGithubSubject(subject: string): GithubSubject | undefined {
	const m = /^repo:([^/:@\s]+)(?:@(\d+))?\/([^/:@\s]+)(?:@(\d+))?(?::(.*))?$/.exec(subject);
	if (!m) {
		return undefined;
	}
	const out: GithubSubject = { owner: m[1], ownerId: m[2], repo: m[3], repoId: m[4], extra: [] };
	let rest = m[5];
	if (rest === undefined) {
		return out;
	}
	const take = (re: RegExp): RegExpExecArray | null => {
		const r = re.exec(rest ?? '');
		if (r) {
			rest = rest!.slice(r[0].length).replace(/^:/, '');
		}
		return r;
	};
	let r: RegExpExecArray | null;
	if ((r = take(/^ref:refs\/heads\/([^:]+)/))) {
		out.context = { kind: 'branch', value: r[1] };
	} else if ((r = take(/^ref:refs\/tags\/([^:]+)/))) {
		out.context = { kind: 'tag', value: r[1] };
	} else if ((r = take(/^ref:([^:]+)/))) {
		out.context = { kind: 'ref', value: r[1] };
	} else if ((r = take(/^environment:([^:]+)/))) {
		out.context = { kind: 'environment', value: r[1] };
	} else if (take(/^pull_request(?=$|:)/)) {
		out.context = { kind: 'pull_request' };
	}
	// What is left: key:value pairs (job_workflow_ref values hold '@' and '/', never ':').
	const parts = rest ? rest.split(':') : [];
	for (let i = 0; i + 1 < parts.length; i += 2) {
		out.extra.push({ key: parts[i], value: parts[i + 1] });
	}
	if (parts.length % 2 === 1) {
		out.extra.push({ key: parts[parts.length - 1], value: '' });
	}
	return out;
}

/** GitHub claim keys that can start a customised subject (include_claim_keys). */
const GITHUB_CLAIM_KEYS = new Set([
	'repo', 'context', 'repository', 'repository_owner', 'repository_owner_id', 'repository_id', 'repository_visibility', 'job_workflow_ref', 'job_workflow_sha',
	'workflow', 'workflow_ref', 'workflow_sha', 'environment', 'ref', 'ref_type', 'event_name', 'actor', 'actor_id', 'head_ref', 'base_ref', 'runner_environment',
	'enterprise', 'enterprise_id', 'check_run_id', 'run_id', 'run_number', 'run_attempt',
]);

/** Problems with a subject meant for GitHub's issuer, each a message and a fix. Empty when the form is fine. */
export function githubSubjectProblems(subject: string): { message: string; fix: string; severity: 'error' | 'warning' }[] {
	const out: { message: string; fix: string; severity: 'error' | 'warning' }[] = [];
	const gh = parseGithubSubject(subject);
	if (!gh) {
		const firstKey = subject.split(':')[0];
		if (/^[^:\s]+\/[^:\s]+:/.test(subject)) {
			out.push({ severity: 'error', message: `starts with the repository ('${subject.split(':')[0]}') without the 'repo:' prefix GitHub puts in every default subject.`, fix: `Use 'repo:${subject}'.` });
		} else if (GITHUB_CLAIM_KEYS.has(firstKey)) {
			out.push({ severity: 'warning', message: `is a customised subject (it starts with the claim '${firstKey}'); GitHub sends it only if the organisation or repository set a subject template with include_claim_keys and the repository opted in (use_default false).`, fix: "Check the template with GET /repos/{owner}/{repo}/actions/oidc/customization/sub, or use GitHub's default form repo:OWNER/REPO:…" });
		} else {
			out.push({ severity: 'error', message: "matches none of GitHub's subject forms (repo:OWNER/REPO:ref:refs/heads/BRANCH, …:ref:refs/tags/TAG, …:environment:NAME, …:pull_request).", fix: 'Copy the subject GitHub sends (azure/login prints it as "subject claim") or build it from one of those forms.' });
		}
		return out;
	}
	const rest = subject.replace(/^repo:[^:]+:?/, '');
	if (gh.context === undefined && rest === '') {
		out.push({ severity: 'warning', message: "has the repository but no context (branch, tag, environment or pull_request); GitHub sends 'repo:OWNER/REPO' alone only under a customised template with include_claim_keys [\"repo\"].", fix: "Add the context (e.g. ':ref:refs/heads/main' or ':environment:Production'), or confirm the repository's subject template." });
	} else if (gh.context === undefined) {
		const head = rest.split(':')[0];
		if (/^pull-request$|^pullrequest$|^pr$/i.test(head)) {
			out.push({ severity: 'error', message: `uses '${head}'; GitHub writes the pull request context as 'pull_request' (with an underscore).`, fix: `Use '${subject.replace(head, 'pull_request')}'.` });
		} else if (/^refs\/(heads|tags)\//.test(rest)) {
			out.push({ severity: 'error', message: "has the ref without the 'ref:' key ('…:refs/heads/…'); GitHub writes ':ref:refs/heads/BRANCH'.", fix: `Use '${subject.replace(':refs/', ':ref:refs/')}'.` });
		} else if (/^environment\//.test(rest)) {
			out.push({ severity: 'error', message: "separates the environment with '/' ('environment/NAME'); GitHub writes 'environment:NAME'.", fix: `Use '${subject.replace(':environment/', ':environment:')}'.` });
		} else if (/^(branch|tag|heads|tags)[:/]/.test(rest)) {
			const [key, ...value] = rest.split(/[:/]/);
			const isTag = /^tags?$/.test(key);
			const fixed = `repo:${gh.owner}${gh.ownerId ? `@${gh.ownerId}` : ''}/${gh.repo}${gh.repoId ? `@${gh.repoId}` : ''}:ref:refs/${isTag ? 'tags' : 'heads'}/${value.join('/')}`;
			out.push({ severity: 'error', message: `uses '${key}:' but GitHub writes branches as ':ref:refs/heads/NAME' and tags as ':ref:refs/tags/NAME'.`, fix: `Use '${fixed}'.` });
		} else if (GITHUB_CLAIM_KEYS.has(head)) {
			out.push({ severity: 'warning', message: `continues with the claim '${head}' after the repository: a customised subject template.`, fix: 'Make sure the repository uses that template (GET /repos/{owner}/{repo}/actions/oidc/customization/sub).' });
		} else {
			out.push({ severity: 'error', message: `has '${head}' after the repository, which is none of GitHub's contexts (ref:refs/heads/…, ref:refs/tags/…, environment:…, pull_request).`, fix: 'Copy the subject GitHub sends (azure/login prints it as "subject claim").' });
		}
	} else if (gh.context.kind === 'ref') {
		out.push({
			severity: 'error',
			message: `has 'ref:${gh.context.value}', which lacks the full ref path; GitHub sends 'ref:refs/heads/${gh.context.value}' for a branch (or 'ref:refs/tags/${gh.context.value}' for a tag).`,
			fix: `Use '${subject.replace(`:ref:${gh.context.value}`, `:ref:refs/heads/${gh.context.value}`)}' (or refs/tags/ for a tag).`,
		});
	}
	return out;
}

/** Problems with a Kubernetes service-account subject. */
function kubernetesSubjectProblems(subject: string): { message: string; fix: string } | undefined {
	if (!/^system:serviceaccount/.test(subject)) {
		return { message: "is not a service-account subject; Kubernetes tokens carry 'system:serviceaccount:NAMESPACE:NAME'.", fix: "Use 'system:serviceaccount:<namespace>:<service account name>'." };
	}
	if (!/^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(subject)) {
		return { message: "is not 'system:serviceaccount:NAMESPACE:NAME' with a lowercase namespace and service-account name.", fix: 'Check the namespace and service-account name (kubectl get serviceaccount -n NAMESPACE) and write them after system:serviceaccount:.' };
	}
	return undefined;
}

/** Problems with an HCP Terraform / Terraform Cloud subject. */
function terraformSubjectProblems(subject: string): { message: string; fix: string; severity: 'error' | 'warning' } | undefined {
	const full = /^organization:[^:]+:project:[^:]+:workspace:[^:]+:run_phase:([^:]+)$/.exec(subject);
	if (full) {
		return full[1] === 'plan' || full[1] === 'apply' ? undefined : { severity: 'error', message: `has run_phase '${full[1]}'; HCP Terraform sends 'plan' or 'apply'.`, fix: 'Make one record for run_phase:plan and one for run_phase:apply (or a flexible credential).' };
	}
	if (/^organization:[^:]+:workspace:[^:]+:run_phase:/.test(subject)) {
		return { severity: 'warning', message: "has no 'project:' segment; HCP Terraform subjects are 'organization:ORG:project:PROJECT:workspace:WS:run_phase:PHASE' since projects were added (the default project is named 'Default Project').", fix: 'Insert the project: organization:ORG:project:Default Project:workspace:WS:run_phase:PHASE.' };
	}
	return { severity: 'error', message: "is not 'organization:ORG:project:PROJECT:workspace:WS:run_phase:plan|apply', the subject HCP Terraform sends.", fix: 'Build it from the organization, project, workspace and run phase names.' };
}

/**
 * Evaluates a flexible credential expression (`claims['sub'] matches '…' and claims['job_workflow_ref'] eq '…'`)
 * against claims. `matches` takes `*` (any run) and `?` (one character). Undefined when the expression can't be read.
 */
export function evaluateClaimsExpression(expression: string, claims: Record<string, unknown>): boolean | undefined {
	const terms = expression.trim().replace(/\.$/, '').split(/\s+and\s+/);
	let result = true;
	for (const term of terms) {
		const m = /^claims\[\s*['‘’]([^'‘’]+)['‘’]\s*\]\s+(eq|matches)\s+['‘’](.*)['‘’]$/.exec(term.trim());
		if (!m) {
			return undefined;
		}
		const value = claims[m[1]];
		if (typeof value !== 'string') {
			result = false;
			continue;
		}
		if (m[2] === 'eq') {
			result &&= value === m[3];
		} else {
			const re = new RegExp(`^${m[3].replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
			result &&= re.test(value);
		}
	}
	return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Lint
// ---------------------------------------------------------------------------------------------------------------

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/**
 * Lints federated identity credentials in any of the shapes this module reads. Returns [] when the text holds none
 * (so it can run on every manifest).
 * @example
 * lintFederatedCredentials('[{"name":"gh","issuer":"https://token.actions.githubusercontent.com/","subject":"repo:o/r:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"]}]')[0].code;
 * // 'fic-issuer-trailing-slash'
 */
export function lintFederatedCredentials(text: string): Finding[] {
	const { root, errors } = parseLenient(text);
	if (!root || errors.length > 0) {
		const e = errors[0];
		return /"(issuer|federatedIdentityCredentials)"\s*:/.test(text) && e
			? [{ severity: 'error', code: 'fic-invalid-json', message: `The federated credentials are not valid JSON at offset ${e.offset} (${printParseErrorCode(e.error)}).`, fix: 'Fix the JSON there first; `az ad app federated-credential list --id APP_ID` prints valid JSON.', range: { start: e.offset, end: e.offset + Math.max(1, e.length) } }]
			: [];
	}
	const located = locateRecords(root);
	if (!located) {
		return [];
	}
	const records = located.nodes.map((n, i) => readRecord(n, i));
	const findings: Finding[] = [];
	const where = located.shape === 'manifest' ? 'federatedIdentityCredentials' : located.shape === 'arm-template' ? 'resources' : located.shape === 'graph-collection' ? 'value' : '';
	if (records.length > MAX_FEDERATED_CREDENTIALS) {
		const extra = records[MAX_FEDERATED_CREDENTIALS];
		findings.push({
			severity: 'error',
			code: 'fic-too-many',
			message: `${records.length} federated identity credentials: an application or user-assigned managed identity holds at most ${MAX_FEDERATED_CREDENTIALS}.`,
			fix: 'Remove unused records, use a GitHub environment instead of one record per branch, or replace several records with one flexible credential (claimsMatchingExpression; GitHub, GitLab and Terraform issuers, apps only).',
			range: { start: extra.offset, end: extra.offset + extra.length },
		});
	}
	const seenPairs = new Map<string, number>();
	const seenNames = new Map<string, number>();
	for (const r of records) {
		const label = `${where ? `${where}[${r.index}]` : `record ${r.index}`}${r.name ? ` (${r.name})` : ''}`;
		const at = (prop: string) => {
			const v = r.valueRanges[prop];
			return v ? { start: v.offset, end: v.offset + v.length } : { start: r.offset, end: r.offset + r.length };
		};
		lintName(r, label, at, seenNames, findings);
		const issuer = r.issuer;
		if (issuer === undefined) {
			findings.push({ severity: 'error', code: 'fic-missing-field', message: `${label} has no issuer.`, fix: "Set issuer to the external identity provider's URL, exactly as its tokens carry it in iss.", range: at('name') });
		} else {
			lintIssuer(r, issuer, label, at, findings);
		}
		lintAudiences(r, label, at, findings);
		const hasSubject = typeof r.subject === 'string';
		if (hasSubject && r.claimsMatchingExpression) {
			findings.push({ severity: 'error', code: 'fic-subject-and-expression', message: `${label} sets both subject and claimsMatchingExpression; they are mutually exclusive.`, fix: 'Keep one: subject for an exact match, or claimsMatchingExpression (with subject null) for a flexible one.', range: at('claimsMatchingExpression') });
		} else if (!hasSubject && !r.claimsMatchingExpression) {
			findings.push({ severity: 'error', code: 'fic-missing-field', message: `${label} has neither subject nor claimsMatchingExpression.`, fix: "Set subject to the external token's sub claim, verbatim.", range: at('subject') });
		}
		if (r.claimsMatchingExpression) {
			lintExpression(r, issuer, label, at, findings);
		}
		if (hasSubject) {
			lintSubject(r.subject as string, issuer, label, at, findings);
			if (issuer !== undefined) {
				const key = `${issuer}\n${r.subject}`;
				const first = seenPairs.get(key);
				if (first !== undefined) {
					findings.push({ severity: 'error', code: 'fic-duplicate-subject', message: `${label} repeats the issuer and subject of record ${first}; the combination of issuer and subject must be unique on an app or identity.`, fix: 'Delete one of the two records.', range: at('subject') });
				} else {
					seenPairs.set(key, r.index);
				}
			}
		}
		if (typeof r.description === 'string' && r.description.length > FEDERATED_FIELD_LIMIT) {
			findings.push({ severity: 'error', code: 'fic-field-too-long', message: `${label}: description has ${r.description.length} characters; the limit is ${FEDERATED_FIELD_LIMIT}.`, fix: 'Shorten the description.', range: at('description') });
		}
	}
	return findings;
}

function lintName(r: FederatedRecord, label: string, at: (p: string) => { start: number; end: number }, seen: Map<string, number>, out: Finding[]): void {
	if (r.name === undefined) {
		out.push({ severity: 'error', code: 'fic-name-invalid', message: `${label} has no name; every federated identity credential needs one (it can't be changed later).`, fix: 'Add a name: 3 to 120 characters, letters, digits, - and _, starting with a letter or digit.', range: at('issuer') });
		return;
	}
	if (r.name.startsWith('[')) {
		return; // an ARM template expression, evaluated at deployment
	}
	if (!NAME_RULE.test(r.name)) {
		const why = r.name.length < 3 ? 'is shorter than 3 characters' : r.name.length > 120 ? 'is longer than 120 characters' : !/^[A-Za-z0-9]/.test(r.name) ? 'does not start with a letter or digit' : 'has characters other than letters, digits, - and _';
		out.push({ severity: 'error', code: 'fic-name-invalid', message: `${label}: name '${r.name}' ${why}.`, fix: `Use 3 to 120 characters of letters, digits, - and _, starting with a letter or digit, e.g. '${r.name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 120).padEnd(3, '0')}'.`, range: at('name') });
	}
	const first = seen.get(r.name);
	if (first !== undefined) {
		out.push({ severity: 'error', code: 'fic-name-duplicate', message: `${label}: the name '${r.name}' is already used by record ${first}; names identify records and must be unique.`, fix: 'Give this record another name.', range: at('name') });
	} else {
		seen.set(r.name, r.index);
	}
}

function lintIssuer(r: FederatedRecord, issuer: string, label: string, at: (p: string) => { start: number; end: number }, out: Finding[]): void {
	const trimmed = issuer.trim();
	if (trimmed !== issuer) {
		out.push({ severity: 'error', code: 'fic-issuer-whitespace', message: `${label}: issuer '${issuer}' has leading or trailing whitespace; Entra blocks the exchange for such an issuer, and the token's iss never has it.`, fix: `Set issuer to '${trimmed}'.`, range: at('issuer'), replacement: JSON.stringify(trimmed) });
	}
	if (!/^https:\/\//i.test(trimmed)) {
		out.push({ severity: 'error', code: 'fic-issuer-not-https', message: `${label}: issuer '${trimmed}' is not an https URL; Entra fetches the issuer's OpenID configuration and keys from it, so it must be https.`, fix: "Use the issuer's https URL exactly as its tokens carry it in iss (e.g. https://token.actions.githubusercontent.com).", range: at('issuer') });
		return;
	}
	if (trimmed.length > FEDERATED_FIELD_LIMIT) {
		out.push({ severity: 'error', code: 'fic-field-too-long', message: `${label}: issuer has ${trimmed.length} characters; the limit is ${FEDERATED_FIELD_LIMIT}.`, fix: 'Use the issuer URL itself.', range: at('issuer') });
	}
	const platform = platformOfIssuer(trimmed);
	const slashless = ['github', 'terraform', 'gitlab', 'google'] as const;
	if (trimmed.endsWith('/') && (slashless as readonly string[]).includes(platform)) {
		const fixed = trimmed.replace(/\/+$/, '');
		out.push({
			severity: 'error',
			code: 'fic-issuer-trailing-slash',
			message: `${label}: issuer '${trimmed}' ends with '/', but ${platform === 'github' ? "GitHub's tokens carry iss without it" : `${platform} tokens carry iss without it`} and Entra compares the strings exactly (AADSTS70021/700211).`,
			fix: `Set issuer to '${fixed}'.`,
			range: at('issuer'),
			replacement: JSON.stringify(fixed),
		});
	}
	if (platform === 'kubernetes-aks' && !trimmed.endsWith('/')) {
		out.push({ severity: 'warning', code: 'fic-issuer-trailing-slash', message: `${label}: issuer '${trimmed}' has no trailing '/', but AKS OIDC issuer URLs end with one (https://REGION.oic.prod-aks.azure.com/TENANT/GUID/) and tokens carry it that way.`, fix: "Copy the issuer from 'az aks show --query oidcIssuerProfile.issuerUrl -o tsv' verbatim.", range: at('issuer') });
	}
	if (platform === 'kubernetes' && /\.svc(\.cluster\.local)?\b|kubernetes\.default/i.test(trimmed)) {
		out.push({ severity: 'error', code: 'fic-issuer-not-public', message: `${label}: issuer '${trimmed}' is the cluster-internal service-account issuer; Entra can't reach it to fetch the signing keys.`, fix: 'Enable a public OIDC issuer on the cluster (AKS: --enable-oidc-issuer; self-managed: publish the discovery document and JWKS) and use that URL here and as the API server\'s --service-account-issuer.', range: at('issuer') });
	}
	if (platform === 'entra') {
		const tenantIssuer = /^https:\/\/login\.(microsoftonline\.(com|us)|partner\.microsoftonline\.cn)\/[0-9a-f-]{36}\/v2\.0$/i.test(trimmed);
		if (!tenantIssuer) {
			out.push({
				severity: 'warning',
				code: 'fic-issuer-entra-form',
				message: `${label}: issuer '${trimmed}' is a Microsoft Entra host but not the form the docs give for trusting a managed identity, https://login.microsoftonline.com/{tenant ID}/v2.0.`,
				fix: "Use https://login.microsoftonline.com/{tenant ID}/v2.0 (the managed identity's tenant), unless the token you present carries exactly this iss.",
				range: at('issuer'),
				uncertain: true,
			});
		}
		if (typeof r.subject === 'string' && !isGuid(r.subject.trim()) && !r.subject.startsWith('/eid1/')) {
			out.push({
				severity: 'error',
				code: 'AADSTS700222',
				message: `${label}: an Entra issuer is trusted only for a user-assigned managed identity, whose token's sub is its principal (object) ID GUID; subject '${r.subject}' is not a GUID. Tokens of other Entra apps are refused ("AAD-issued tokens may not be used for federated identity flows", or 700226 "Only MSI tokens …").`,
				fix: "Set subject to the managed identity's Object (principal) ID: az identity show -n NAME -g RG --query principalId.",
				range: at('subject'),
			});
		}
	}
	if (platform === 'azure-devops') {
		out.push({
			severity: 'info',
			code: 'fic-issuer-azure-devops',
			message: `${label}: issuer '${trimmed}' is the Azure DevOps issuer, which Microsoft retires on July 1, 2027 for single-tenant apps and managed identities in the public cloud; newer service connections use the Entra issuer (https://login.microsoftonline.com/{tenant}/v2.0) with a subject starting '/eid1/'.`,
			fix: "Convert the service connection in Azure DevOps (Project settings > Service connections), then copy its new issuer and subject into this record verbatim.",
			range: at('issuer'),
		});
	}
}

function lintAudiences(r: FederatedRecord, label: string, at: (p: string) => { start: number; end: number }, out: Finding[]): void {
	if (r.audienceCount === undefined || r.audienceCount === 0) {
		out.push({ severity: 'error', code: 'fic-audience-count', message: `${label} has no audience; exactly one is required.`, fix: 'Set audiences to ["api://AzureADTokenExchange"] (or the US Government / China variant).', range: at('audiences') });
		return;
	}
	if (r.audienceCount > 1) {
		out.push({ severity: 'error', code: 'fic-audience-count', message: `${label} has ${r.audienceCount} audiences; a federated identity credential takes exactly one.`, fix: 'Keep the one audience the external token carries in aud (normally api://AzureADTokenExchange).', range: at('audiences') });
	}
	r.audiences.forEach((aud, i) => {
		const range = at(`audiences.${i}`);
		if (aud.length > FEDERATED_FIELD_LIMIT) {
			out.push({ severity: 'error', code: 'fic-field-too-long', message: `${label}: the audience has ${aud.length} characters; the limit is ${FEDERATED_FIELD_LIMIT}.`, fix: 'Use api://AzureADTokenExchange.', range });
		}
		if (aud in TOKEN_EXCHANGE_AUDIENCES) {
			return;
		}
		const near = Object.keys(TOKEN_EXCHANGE_AUDIENCES).find((k) => k.toLowerCase() === aud.trim().replace(/\/+$/, '').toLowerCase());
		if (near) {
			out.push({ severity: 'error', code: 'fic-audience-mismatch', message: `${label}: audience '${aud}' is not '${near}' character for character; Entra compares it case-sensitively with the token's aud.`, fix: `Set the audience to '${near}'.`, range, replacement: JSON.stringify(near) });
			return;
		}
		const entra = r.issuer !== undefined && platformOfIssuer(r.issuer) === 'entra';
		out.push({
			severity: entra ? 'error' : 'warning',
			code: 'fic-audience-unexpected',
			message: entra
				? `${label}: audience '${aud}' is not one of the values Entra accepts when it trusts a managed identity (api://AzureADTokenExchange, …USGov, …China).`
				: `${label}: audience '${aud}' is not api://AzureADTokenExchange, the value Entra recommends; it works only if the external token carries exactly this aud.`,
			fix: entra ? 'Use api://AzureADTokenExchange (or the variant of your cloud).' : 'Request the external token with audience api://AzureADTokenExchange and put that here, or check that the token\'s aud is exactly this value.',
			range,
		});
	});
}

function lintSubject(subject: string, issuer: string | undefined, label: string, at: (p: string) => { start: number; end: number }, out: Finding[]): void {
	const range = at('subject');
	if (subject.trim() !== subject || /[\t\r\n]/.test(subject)) {
		const trimmed = subject.trim();
		out.push({ severity: 'error', code: 'fic-subject-whitespace', message: `${label}: subject '${subject}' has ${trimmed !== subject ? 'whitespace at its ends' : 'a tab or line break'}; the token's sub has none, and Entra compares exactly.`, fix: trimmed !== subject ? `Set subject to '${trimmed}'.` : 'Remove the whitespace; copy the subject from the token or the error message.', range, replacement: trimmed !== subject ? JSON.stringify(trimmed) : undefined });
	}
	if (/[*?]/.test(subject)) {
		out.push({ severity: 'error', code: 'fic-subject-wildcard', message: `${label}: subject '${subject}' has a wildcard; federated identity credentials compare subjects literally, so '*' matches only a '*'.`, fix: "List each subject in its own record, use a GitHub environment, or use a flexible credential: claimsMatchingExpression { value: \"claims['sub'] matches '…*'\", languageVersion: 1 } with subject null (GitHub, GitLab, Terraform issuers; apps only).", range });
	}
	if (subject.length > FEDERATED_FIELD_LIMIT) {
		out.push({ severity: 'error', code: 'fic-field-too-long', message: `${label}: subject has ${subject.length} characters; the limit is ${FEDERATED_FIELD_LIMIT}.`, fix: "Copy the token's sub exactly.", range });
	}
	if (issuer === undefined) {
		return;
	}
	const platform = platformOfIssuer(issuer);
	if (platform === 'github' || platform === 'github-enterprise-server') {
		for (const p of githubSubjectProblems(subject.trim())) {
			out.push({ severity: p.severity, code: 'fic-subject-github-form', message: `${label}: subject '${subject}' ${p.message}`, fix: p.fix, range });
		}
	} else if (platform === 'kubernetes-aks' || (platform === 'kubernetes' && /^system:/.test(subject))) {
		const p = kubernetesSubjectProblems(subject.trim());
		if (p) {
			out.push({ severity: 'error', code: 'fic-subject-kubernetes-form', message: `${label}: subject '${subject}' ${p.message}`, fix: p.fix, range });
		}
	} else if (platform === 'terraform') {
		const p = terraformSubjectProblems(subject.trim());
		if (p) {
			out.push({ severity: p.severity, code: 'fic-subject-terraform-form', message: `${label}: subject '${subject}' ${p.message}`, fix: p.fix, range });
		}
	} else if (platform === 'gitlab' && !/^project_path:[^:]+(:ref_type:(branch|tag):ref:[^:]+)?$/.test(subject.trim())) {
		out.push({ severity: 'warning', code: 'fic-subject-gitlab-form', message: `${label}: subject '${subject}' is not GitLab's default 'project_path:GROUP/PROJECT:ref_type:branch|tag:ref:NAME'.`, fix: "Copy the sub of the job's ID token, or use GitLab's default form.", range });
	}
}

function lintExpression(r: FederatedRecord, issuer: string | undefined, label: string, at: (p: string) => { start: number; end: number }, out: Finding[]): void {
	const expr = r.claimsMatchingExpression ?? '';
	const range = at('claimsMatchingExpression');
	if (evaluateClaimsExpression(expr, {}) === undefined) {
		out.push({ severity: 'error', code: 'fic-expression-invalid', message: `${label}: claimsMatchingExpression '${expr}' is not of the form claims['CLAIM'] eq|matches 'VALUE' (joined by 'and').`, fix: "Write e.g. claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*', with languageVersion 1.", range });
	}
	const platform = issuer === undefined ? 'other' : platformOfIssuer(issuer);
	if (platform !== 'github' && platform !== 'gitlab' && platform !== 'terraform') {
		out.push({ severity: 'error', code: 'fic-expression-issuer', message: `${label}: flexible credentials (claimsMatchingExpression) are supported only for GitHub, GitLab and Terraform Cloud issuers; this record's issuer is '${issuer ?? '(none)'}'.`, fix: 'Use an exact subject for this issuer.', range });
	}
}

/** The JSON path prefix of a shape, for messages. */
export function shapeDescription(shape: FederatedSourceShape): string {
	switch (shape) {
		case 'list':
			return 'a list of federated credentials (az … federated-credential list)';
		case 'graph-collection':
			return 'a Microsoft Graph collection ({ "value": [...] })';
		case 'single':
			return 'one federated credential';
		case 'manifest':
			return "an app's federatedIdentityCredentials";
		case 'arm-template':
			return 'an ARM template';
	}
}

