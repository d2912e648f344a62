/**
 * Federated identity credentials: reading every export shape with offsets, and each lint rule (a record that breaks
 * it gets the finding, the same record with that one thing fixed does not).
 */
import * as assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/findings';
import { evaluateClaimsExpression, githubSubjectProblems, hasFederatedCredentials, lintFederatedCredentials, parseFederatedCredentials, parseGithubSubject, platformOfIssuer } from '../../../src/core/manifest/federated';
import { lintManifest } from '../../../src/core/manifest/lint';
import { isLikelyManifest } from '../../../src/core/manifest/model';

const GH = 'https://token.actions.githubusercontent.com';
const AUD = 'api://AzureADTokenExchange';

interface Rec {
	name?: string;
	issuer?: string;
	subject?: string | null;
	audiences?: unknown[];
	description?: string;
	claimsMatchingExpression?: { value: string; languageVersion: number };
}

function good(over: Partial<Rec> = {}): Rec {
	return { name: 'gh-main', issuer: GH, subject: 'repo:contoso/app:ref:refs/heads/main', audiences: [AUD], description: 'deploy from main', ...over };
}

const list = (...recs: Rec[]) => JSON.stringify(recs, null, 2);
const codes = (f: Finding[]) => f.map((x) => x.code);

/** Asserts the broken record gets `code` and the fixed one gets no finding at all. */
function rule(code: string, broken: Partial<Rec>, fixed: Partial<Rec> = {}): Finding {
	const bad = lintFederatedCredentials(list(good(broken)));
	assert.ok(codes(bad).includes(code), `expected ${code}, got ${JSON.stringify(codes(bad))}`);
	assert.deepEqual(lintFederatedCredentials(list(good(fixed))), []);
	return bad.find((f) => f.code === code)!;
}

describe('federated credentials: reading', () => {
	const records = [good(), good({ name: 'gh-prod', subject: 'repo:contoso/app:environment:Production' })];

	it('reads an az … federated-credential list array, with the offsets of each value', () => {
		const text = list(...records);
		const parsed = parseFederatedCredentials(text)!;
		assert.equal(parsed.shape, 'list');
		assert.equal(parsed.records.length, 2);
		const r = parsed.records[1];
		assert.equal(r.subject, 'repo:contoso/app:environment:Production');
		assert.deepEqual(r.audiences, [AUD]);
		const at = r.valueRanges.subject;
		assert.equal(text.slice(at.offset, at.offset + at.length), '"repo:contoso/app:environment:Production"');
		const a0 = r.valueRanges['audiences.0'];
		assert.equal(text.slice(a0.offset, a0.offset + a0.length), `"${AUD}"`);
		assert.equal(text.slice(r.offset, r.offset + r.length), JSON.stringify(records[1], null, 2).replace(/\n/g, '\n  '));
	});

	it('reads a Graph collection, a single record, a manifest property and an ARM template', () => {
		const graph = JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#…', value: records });
		assert.equal(parseFederatedCredentials(graph)?.shape, 'graph-collection');
		assert.equal(parseFederatedCredentials(graph)?.records[1].name, 'gh-prod');
		const single = JSON.stringify(records[0]);
		assert.equal(parseFederatedCredentials(single)?.shape, 'single');
		assert.equal(parseFederatedCredentials(single)?.records[0].subject, records[0].subject);
		const manifest = JSON.stringify({ appId: '6a0f4b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', keyCredentials: [], federatedIdentityCredentials: records });
		assert.equal(parseFederatedCredentials(manifest)?.shape, 'manifest');
		assert.equal(parseFederatedCredentials(manifest)?.records.length, 2);
		const arm = JSON.stringify({
			resources: [
				{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: 'uami' },
				{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', name: 'uami/fic01', properties: { issuer: 'https://westeurope.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/', subject: 'system:serviceaccount:ns:sa', audiences: [AUD] } },
			],
		});
		const p = parseFederatedCredentials(arm)!;
		assert.equal(p.shape, 'arm-template');
		assert.equal(p.records.length, 1);
		assert.equal(p.records[0].name, 'fic01');
		assert.equal(p.records[0].subject, 'system:serviceaccount:ns:sa');
	});

	it('reads JSON with comments, and gives nothing for JSON that holds no records', () => {
		assert.equal(parseFederatedCredentials(`// exported\n${list(good())}`)?.records.length, 1);
		assert.equal(parseFederatedCredentials('{"issuer":"https://login.microsoftonline.com/x/v2.0","jwks_uri":"https://…"}'), undefined, 'an OIDC discovery document is not a record');
		assert.equal(parseFederatedCredentials('[1, 2]'), undefined);
		assert.equal(parseFederatedCredentials('{ "keyCredentials": [] }'), undefined);
		assert.equal(parseFederatedCredentials('[{"issuer":'), undefined);
	});

	it('isLikelyManifest recognises federated exports and keeps its answer for everything else', () => {
		assert.equal(isLikelyManifest(list(good())), true);
		assert.equal(isLikelyManifest(JSON.stringify({ value: [good()] })), true);
		assert.equal(isLikelyManifest(JSON.stringify(good())), true);
		assert.equal(hasFederatedCredentials(list(good())), true);
		assert.equal(isLikelyManifest('[1, 2, 3]'), false);
		assert.equal(isLikelyManifest('{"issuer":"https://login.microsoftonline.com/t/v2.0","authorization_endpoint":"x"}'), false);
		assert.equal(isLikelyManifest('{"foo": 1}'), false);
		assert.equal(isLikelyManifest('{"appId": "x", "keyCredentials": []}'), true);
	});

	it('lintManifest lints an export on its own, and a manifest\'s federatedIdentityCredentials next to its keys', () => {
		const now = new Date('2026-11-29T00:00:00Z');
		const exported = list(good({ issuer: `${GH}/` }));
		assert.deepEqual(codes(lintManifest(exported, { now })), ['fic-issuer-trailing-slash']);
		const manifest = JSON.stringify({ appId: '6a0f4b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', keyCredentials: [{ keyId: 'k', type: 'Symmetric' }], federatedIdentityCredentials: [good({ subject: 'repo:contoso/app:pull-request' })] });
		const f = codes(lintManifest(manifest, { now }));
		assert.ok(f.includes('keycred-bad-type-usage'), 'keyCredentials are still linted');
		assert.ok(f.includes('fic-subject-github-form'));
		const d = diagnose(exported, { now });
		assert.equal(d.kind, 'manifest');
		assert.deepEqual(codes(d.findings), ['fic-issuer-trailing-slash']);
	});
});

describe('federated credentials: lint rules', () => {
	it('a valid record in each shape has no findings', () => {
		for (const text of [list(good()), JSON.stringify({ value: [good()] }), JSON.stringify(good()), JSON.stringify({ appId: 'a', federatedIdentityCredentials: [good()] })]) {
			assert.deepEqual(lintFederatedCredentials(text), [], text);
		}
		assert.deepEqual(lintFederatedCredentials('{"keyCredentials":[]}'), []);
	});

	it('issuer: trailing slash on GitHub (with the exact replacement, at the issuer value)', () => {
		const text = list(good({ issuer: `${GH}/` }));
		const f = lintFederatedCredentials(text).find((x) => x.code === 'fic-issuer-trailing-slash')!;
		assert.equal(f.severity, 'error');
		assert.equal(f.replacement, '"https://token.actions.githubusercontent.com"');
		assert.equal(text.slice(f.range!.start, f.range!.end), '"https://token.actions.githubusercontent.com/"');
		rule('fic-issuer-trailing-slash', { issuer: 'https://app.terraform.io/', subject: 'organization:o:project:p:workspace:w:run_phase:plan' }, { issuer: 'https://app.terraform.io', subject: 'organization:o:project:p:workspace:w:run_phase:plan' });
	});

	it('issuer: an AKS issuer without its trailing slash is a warning; with it, nothing', () => {
		const aks = 'https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555';
		const f = rule('fic-issuer-trailing-slash', { issuer: aks, subject: 'system:serviceaccount:prod:api' }, { issuer: `${aks}/`, subject: 'system:serviceaccount:prod:api' });
		assert.equal(f.severity, 'warning');
	});

	it('issuer: whitespace, not https, cluster-internal', () => {
		const f = rule('fic-issuer-whitespace', { issuer: ` ${GH}` });
		assert.equal(f.replacement, JSON.stringify(GH));
		rule('fic-issuer-not-https', { issuer: 'token.actions.githubusercontent.com' });
		rule('fic-issuer-not-public', { issuer: 'https://kubernetes.default.svc.cluster.local', subject: 'system:serviceaccount:default:wi' }, { issuer: 'https://oidc.example.net/cluster', subject: 'system:serviceaccount:default:wi' });
	});

	it('issuer: an Entra issuer needs a managed identity principal ID as subject', () => {
		const iss = 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0';
		rule('AADSTS700222', { issuer: iss, subject: 'my-other-app' }, { issuer: iss, subject: '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a' });
		const f = lintFederatedCredentials(list(good({ issuer: 'https://sts.windows.net/00000000-0000-0000-0000-000000000001/', subject: '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a' })));
		assert.deepEqual(codes(f), ['fic-issuer-entra-form']);
		assert.equal(f[0].uncertain, true);
	});

	it('issuer: the Azure DevOps issuer is noted as retiring', () => {
		const f = lintFederatedCredentials(list(good({ issuer: 'https://vstoken.dev.azure.com/11111111-2222-3333-4444-555555555555', subject: 'sc://contoso/web/prod-connection' })));
		assert.deepEqual(codes(f), ['fic-issuer-azure-devops']);
		assert.equal(f[0].severity, 'info');
	});

	it('audiences: exactly one; case and trailing slash; the cloud variants are fine; others warn', () => {
		rule('fic-audience-count', { audiences: [AUD, 'api://other'] });
		rule('fic-audience-count', { audiences: [] });
		const f = rule('fic-audience-mismatch', { audiences: ['api://azureadtokenexchange'] });
		assert.equal(f.replacement, JSON.stringify(AUD));
		rule('fic-audience-mismatch', { audiences: ['api://AzureADTokenExchange/'] });
		assert.deepEqual(lintFederatedCredentials(list(good({ audiences: ['api://AzureADTokenExchangeUSGov'] }))), []);
		assert.deepEqual(lintFederatedCredentials(list(good({ audiences: ['api://AzureADTokenExchangeChina'] }))), []);
		const other = rule('fic-audience-unexpected', { audiences: ['https://gitlab.example.com'] });
		assert.equal(other.severity, 'warning');
		const mi = lintFederatedCredentials(list(good({ issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0', subject: '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a', audiences: ['https://management.azure.com'] })));
		assert.equal(mi.find((x) => x.code === 'fic-audience-unexpected')?.severity, 'error', 'a managed identity record takes only the three documented audiences');
	});

	it('subject: whitespace, wildcard, missing, both subject and expression', () => {
		const f = rule('fic-subject-whitespace', { subject: 'repo:contoso/app:ref:refs/heads/main ' });
		assert.equal(f.replacement, '"repo:contoso/app:ref:refs/heads/main"');
		rule('fic-subject-wildcard', { subject: 'repo:contoso/app:ref:refs/heads/*' });
		rule('fic-missing-field', { subject: undefined });
		rule('fic-subject-and-expression', { claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:*'", languageVersion: 1 } }, { subject: null, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:*'", languageVersion: 1 } });
	});

	it('subject: GitHub forms', () => {
		const cases: [string, string][] = [
			['repo:contoso/app:pull-request', 'repo:contoso/app:pull_request'],
			['repo:contoso/app:ref:main', 'repo:contoso/app:ref:refs/heads/main'],
			['repo:contoso/app:refs/heads/main', 'repo:contoso/app:ref:refs/heads/main'],
			['repo:contoso/app:environment/Production', 'repo:contoso/app:environment:Production'],
			['repo:contoso/app:branch:main', 'repo:contoso/app:ref:refs/heads/main'],
			['repo:contoso/app:tag:v1', 'repo:contoso/app:ref:refs/tags/v1'],
			['contoso/app:ref:refs/heads/main', 'repo:contoso/app:ref:refs/heads/main'],
		];
		for (const [bad, fixed] of cases) {
			const f = rule('fic-subject-github-form', { subject: bad }, { subject: fixed });
			assert.equal(f.severity, 'error', bad);
			assert.ok(f.fix.includes(fixed), `${bad}: fix '${f.fix}' should name ${fixed}`);
		}
		// Valid default, immutable and customised forms.
		for (const ok of ['repo:contoso/app:pull_request', 'repo:contoso/app:ref:refs/tags/v1.2', 'repo:contoso@123456/app@456789:environment:prod', 'repo:contoso/app:environment:Production%3AV1']) {
			assert.deepEqual(githubSubjectProblems(ok), [], ok);
		}
		const custom = githubSubjectProblems('repository_owner_id:123456:repository_id:456789');
		assert.equal(custom.length, 1);
		assert.equal(custom[0].severity, 'warning');
		assert.equal(githubSubjectProblems('repo:contoso/app')[0].severity, 'warning');
		assert.equal(githubSubjectProblems('just-a-name')[0].severity, 'error');
	});

	it('subject: Kubernetes and Terraform forms', () => {
		const aks = 'https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/';
		rule('fic-subject-kubernetes-form', { issuer: aks, subject: 'system:serviceaccount:prod' }, { issuer: aks, subject: 'system:serviceaccount:prod:api' });
		rule('fic-subject-kubernetes-form', { issuer: aks, subject: 'serviceaccount:prod:api' }, { issuer: aks, subject: 'system:serviceaccount:prod:api' });
		const tfc = 'https://app.terraform.io';
		const old = rule('fic-subject-terraform-form', { issuer: tfc, subject: 'organization:acme:workspace:net:run_phase:apply' }, { issuer: tfc, subject: 'organization:acme:project:Default Project:workspace:net:run_phase:apply' });
		assert.equal(old.severity, 'warning');
		rule('fic-subject-terraform-form', { issuer: tfc, subject: 'organization:acme:project:p:workspace:net:run_phase:destroy' }, { issuer: tfc, subject: 'organization:acme:project:p:workspace:net:run_phase:plan' });
	});

	it('name: required, 3–120 characters of letters, digits, - and _, first alphanumeric, unique', () => {
		rule('fic-name-invalid', { name: 'ab' });
		rule('fic-name-invalid', { name: '-main' });
		rule('fic-name-invalid', { name: 'gh main' });
		rule('fic-name-invalid', { name: 'x'.repeat(121) }, { name: 'x'.repeat(120) });
		rule('fic-name-invalid', { name: undefined });
		const dup = lintFederatedCredentials(list(good(), good({ subject: 'repo:contoso/app:pull_request' })));
		assert.deepEqual(codes(dup), ['fic-name-duplicate']);
	});

	it('duplicate issuer+subject, and more than 20 records', () => {
		const dup = lintFederatedCredentials(list(good(), good({ name: 'gh-main-2' })));
		assert.deepEqual(codes(dup), ['fic-duplicate-subject']);
		assert.deepEqual(lintFederatedCredentials(list(good(), good({ name: 'other-issuer', issuer: 'https://gitlab.com', subject: 'project_path:contoso/app:ref_type:branch:ref:main' }))), [], 'the same subject under another issuer is fine');
		const many = (n: number) => list(...Array.from({ length: n }, (_, i) => good({ name: `env-${i}`, subject: `repo:contoso/app:environment:e${i}` })));
		assert.deepEqual(lintFederatedCredentials(many(20)), []);
		const f = lintFederatedCredentials(many(21));
		assert.deepEqual(codes(f), ['fic-too-many']);
	});

	it('field lengths over 600', () => {
		rule('fic-field-too-long', { description: 'd'.repeat(601) }, { description: 'd'.repeat(600) });
		rule('fic-field-too-long', { subject: `repo:contoso/app:environment:${'e'.repeat(600)}` });
	});

	it('flexible credentials: expression form and supported issuers', () => {
		const expr = (value: string) => ({ subject: null, claimsMatchingExpression: { value, languageVersion: 1 } });
		assert.deepEqual(lintFederatedCredentials(list(good(expr("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'")))), []);
		rule('fic-expression-invalid', expr("sub like 'repo:contoso/*'"), expr("claims['sub'] eq 'repo:contoso/app:pull_request'"));
		rule('fic-expression-issuer', { issuer: 'https://accounts.google.com', ...expr("claims['sub'] eq '1234'") }, { issuer: 'https://accounts.google.com', subject: '112233445566778899' });
	});

	it('invalid JSON that mentions federated credentials gives one error with a range', () => {
		const f = lintFederatedCredentials('[{"issuer": "https://token.actions.githubusercontent.com",, }]');
		assert.deepEqual(codes(f), ['fic-invalid-json']);
		assert.ok(f[0].range);
	});
});

describe('federated credentials: helpers', () => {
	it('parses GitHub subjects', () => {
		assert.deepEqual(parseGithubSubject('repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main'), { owner: 'octo-org', ownerId: '123456', repo: 'octo-repo', repoId: '456789', context: { kind: 'branch', value: 'main' }, extra: [] });
		assert.deepEqual(parseGithubSubject('repo:o/r:environment:prod:job_workflow_ref:o/a/.github/workflows/d.yml@refs/heads/main')?.extra, [{ key: 'job_workflow_ref', value: 'o/a/.github/workflows/d.yml@refs/heads/main' }]);
		assert.deepEqual(parseGithubSubject('repo:o/r:pull_request')?.context, { kind: 'pull_request' });
		assert.equal(parseGithubSubject('system:serviceaccount:a:b'), undefined);
	});

	it('knows issuers by platform', () => {
		assert.equal(platformOfIssuer(GH), 'github');
		assert.equal(platformOfIssuer(`${GH}/octocat-inc`), 'github');
		assert.equal(platformOfIssuer('https://token.actions.octocorp.ghe.com'), 'github');
		assert.equal(platformOfIssuer('https://ghes.example.com/_services/token'), 'github-enterprise-server');
		assert.equal(platformOfIssuer('https://app.eu.terraform.io'), 'terraform');
		assert.equal(platformOfIssuer('https://login.microsoftonline.com/t/v2.0'), 'entra');
		assert.equal(platformOfIssuer('https://example.com/idp'), 'other');
	});

	it('evaluates flexible expressions (eq, matches with * and ?, and)', () => {
		const claims = { sub: 'repo:contoso/app:ref:refs/heads/feature/x', job_workflow_ref: 'contoso/shared/.github/workflows/deploy.yml@refs/heads/main' };
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'", claims), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/????'", claims), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/feature/?'", claims), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'repo:contoso/app:ref:refs/heads/feature/x' and claims['job_workflow_ref'] matches 'contoso/shared/*@refs/heads/main'", claims), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'repo:contoso/app:*' and claims['job_workflow_ref'] eq 'other'", claims), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'repo:contoso/app.ref*'", claims), false, "'.' is literal");
		assert.equal(evaluateClaimsExpression('nonsense', claims), undefined);
	});
});
