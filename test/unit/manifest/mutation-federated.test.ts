/**
 * Federated identity credentials, the details a user reads: which record a finding names and where its range points,
 * the fix each rule offers, every shape the records come in, and each platform's issuer and subject forms
 * (issue 10: tests that catch bugs).
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import {
	evaluateClaimsExpression,
	githubSubjectProblems,
	hasFederatedCredentials,
	isEntraIssuerUrl,
	lintFederatedCredentials,
	parseFederatedCredentials,
	parseGithubSubject,
	platformOfIssuer,
	shapeDescription,
} from '../../../src/core/manifest/federated';

const GH = 'https://token.actions.githubusercontent.com';
const AUD = 'api://AzureADTokenExchange';
const MI = '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a';
const TENANT = '00000000-0000-0000-0000-000000000001';
const AKS = `https://eastus.oic.prod-aks.azure.com/${TENANT}/11111111-2222-3333-4444-555555555555/`;

type Rec = Record<string, unknown>;
const good = (over: Rec = {}): Rec => ({ name: 'gh-main', issuer: GH, subject: 'repo:contoso/app:ref:refs/heads/main', audiences: [AUD], ...over });
const list = (...recs: Rec[]) => JSON.stringify(recs, null, 2);
const codes = (f: Finding[]) => f.map((x) => x.code);
const one = (text: string, code: string): Finding => {
	const f = lintFederatedCredentials(text).filter((x) => x.code === code);
	assert.equal(f.length, 1, `${code} in ${JSON.stringify(codes(lintFederatedCredentials(text)))}`);
	return f[0];
};
const rangeText = (text: string, f: Finding) => text.slice(f.range!.start, f.range!.end);

describe('federated credentials: which record a finding names, and where it points', () => {
	it('labels by shape: list, Graph collection, manifest property, ARM template, single record', () => {
		const bad = good({ name: 'x' });
		const cases: [string, string][] = [
			[list(good({ name: 'ok-1' }), bad), "record 1 (x): name 'x'"],
			[JSON.stringify({ value: [good({ name: 'ok-1' }), bad] }), "value[1] (x): name 'x'"],
			[JSON.stringify({ appId: 'a', federatedIdentityCredentials: [good({ name: 'ok-1' }), bad] }), "federatedIdentityCredentials[1] (x): name 'x'"],
			[JSON.stringify({ resources: [{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', name: 'id1/x', properties: { issuer: GH, subject: 'repo:contoso/app:pull_request', audiences: [AUD] } }] }), "resources[0] (x): name 'x'"],
			[JSON.stringify(bad), "record 0 (x): name 'x'"],
		];
		for (const [text, start] of cases) {
			const f = one(text, 'fic-name-invalid');
			assert.ok(f.message.startsWith(start), `${f.message} should start with ${start}`);
		}
		const unnamed = one(list(good({ name: undefined })), 'fic-name-invalid');
		assert.match(unnamed.message, /^record 0 has no name;/);
	});

	it('ranges: the value of the property at fault, else the whole record', () => {
		const text = list(good({ name: 'ok-0' }), good({ name: undefined, subject: 'repo:contoso/app:pull_request', description: 'd'.repeat(601) }));
		const noName = one(text, 'fic-name-invalid');
		assert.equal(rangeText(text, noName), JSON.stringify(GH), 'a missing name points at the issuer');
		const long = one(text, 'fic-field-too-long');
		assert.equal(rangeText(text, long), JSON.stringify('d'.repeat(601)));
		assert.match(long.message, /^record 1: description has 601 characters; the limit is 600\.$/);
		// no subject and no expression: the subject is missing, so the range is the whole record
		const t2 = list(good({ subject: undefined }));
		const missing = one(t2, 'fic-missing-field');
		assert.equal(rangeText(t2, missing), t2.slice(t2.indexOf('{'), t2.lastIndexOf('}') + 1));
		assert.match(missing.message, /neither subject nor claimsMatchingExpression/);
		assert.match(missing.fix, /sub claim/);
	});

	it('a record with no issuer: the name is the range, the fix says where the issuer comes from', () => {
		// (a record without an issuer is read as one only next to records that have one)
		const text = list(good({ name: 'ok-0', subject: 'repo:contoso/app:pull_request' }), good({ issuer: undefined }));
		const f = one(text, 'fic-missing-field');
		assert.equal(rangeText(text, f), '"gh-main"');
		assert.match(f.message, /^record 1 \(gh-main\) has no issuer\.$/);
		assert.match(f.fix, /iss/);
	});

	it('more than 20 records: the range is the 21st, the message counts them', () => {
		const recs = Array.from({ length: 22 }, (_, i) => good({ name: `env-${i}`, subject: `repo:contoso/app:environment:e${i}` }));
		const text = list(...recs);
		const f = one(text, 'fic-too-many');
		assert.match(f.message, /^22 federated identity credentials: .* at most 20\.$/);
		assert.equal(rangeText(text, f), JSON.stringify(recs[20], null, 2).replace(/\n/g, '\n  '));
	});

	it('invalid JSON: the error\'s offset, a range of at least one character; JSON that does not mention records: nothing', () => {
		const text = '[{"issuer": "https://token.actions.githubusercontent.com",, }]';
		const [f] = lintFederatedCredentials(text);
		assert.equal(f.code, 'fic-invalid-json');
		assert.equal(f.severity, 'error');
		assert.equal(f.range!.start, text.indexOf(',,') + 1);
		assert.ok(f.range!.end > f.range!.start);
		assert.match(f.message, new RegExp(`at offset ${text.indexOf(',,') + 1} \\(PropertyNameExpected\\)`));
		const truncated = '[{"issuer":';
		const [g] = lintFederatedCredentials(truncated);
		assert.equal(g.range!.end - g.range!.start, 1, 'an error of length 0 still gets one character');
		assert.deepEqual(lintFederatedCredentials('[{"name": "x",, }]'), []);
		assert.deepEqual(lintFederatedCredentials('{"federatedIdentityCredentials": [,]}').map((x) => x.code), ['fic-invalid-json']);
	});

	it('duplicate issuer and subject: names the first record, points at the subject', () => {
		const text = list(good(), good({ name: 'gh-main-2' }));
		const f = one(text, 'fic-duplicate-subject');
		assert.match(f.message, /^record 1 \(gh-main-2\) repeats the issuer and subject of record 0;/);
		assert.equal(f.range!.start, text.lastIndexOf('"repo:contoso/app:ref:refs/heads/main"'));
		const names = one(list(good(), good({ subject: 'repo:contoso/app:pull_request' })), 'fic-name-duplicate');
		assert.match(names.message, /^record 1 \(gh-main\): the name 'gh-main' is already used by record 0;/);
	});
});

describe('federated credentials: reading every shape', () => {
	it('an ARM template: fields under properties, the name\'s last segment, only federatedIdentityCredentials resources', () => {
		const text = JSON.stringify({
			resources: [
				{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities', name: 'id1' },
				{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', name: 'id1/gh-deploy', properties: { issuer: GH, subject: 'repo:contoso/app:pull_request', audiences: [AUD], description: null } },
				{ type: 'microsoft.managedidentity/userassignedidentities/FEDERATEDIDENTITYCREDENTIALS', name: "[concat(parameters('id'), '/fic')]", properties: { issuer: GH, subject: 'repo:contoso/app:environment:prod', audiences: [AUD] } },
			],
		});
		const parsed = parseFederatedCredentials(text)!;
		assert.equal(parsed.shape, 'arm-template');
		assert.deepEqual(parsed.records.map((r) => r.name), ['gh-deploy', "[concat(parameters('id'), '/fic')]"]);
		assert.equal(parsed.records[0].description, null);
		assert.equal(parsed.records[0].issuer, GH);
		const at = parsed.records[0].valueRanges.subject;
		assert.equal(text.slice(at.offset, at.offset + at.length), '"repo:contoso/app:pull_request"');
		const nm = parsed.records[0].valueRanges.name;
		assert.equal(text.slice(nm.offset, nm.offset + nm.length), '"id1/gh-deploy"');
		assert.deepEqual(lintFederatedCredentials(text), [], 'an ARM name expression is not linted');
		assert.equal(hasFederatedCredentials(text), true);
		assert.equal(parseFederatedCredentials(JSON.stringify({ resources: [{ type: 'Microsoft.Web/sites', name: 'w' }] })), undefined);
	});

	it('a record outside ARM keeps a name with a slash as it is', () => {
		assert.equal(parseFederatedCredentials(list(good({ name: 'a/b' })))!.records[0].name, 'a/b');
		assert.equal(one(list(good({ name: 'a/b' })), 'fic-name-invalid').message.includes("name 'a/b' has characters other than letters, digits, - and _"), true);
	});

	it('audiences as a single string, non-string entries counted, a missing audiences', () => {
		const [s] = parseFederatedCredentials(JSON.stringify([good({ audiences: AUD })]))!.records;
		assert.deepEqual(s.audiences, [AUD]);
		assert.equal(s.audienceCount, 1);
		const [m] = parseFederatedCredentials(JSON.stringify([good({ audiences: [AUD, 7] })]))!.records;
		assert.deepEqual(m.audiences, [AUD]);
		assert.equal(m.audienceCount, 2);
		const [n] = parseFederatedCredentials(JSON.stringify([good({ audiences: undefined })]))!.records;
		assert.equal(n.audienceCount, undefined);
		const f = one(list(good({ audiences: undefined })), 'fic-audience-count');
		assert.match(f.message, /has no audience; exactly one is required/);
		assert.match(one(list(good({ audiences: [AUD, 'api://x'] })), 'fic-audience-count').message, /has 2 audiences;/);
	});

	it('claimsMatchingExpression as an object with value, or as a string; subject null', () => {
		const [o] = parseFederatedCredentials(JSON.stringify([good({ subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'a'", languageVersion: 1 } })]))!.records;
		assert.equal(o.claimsMatchingExpression, "claims['sub'] eq 'a'");
		assert.equal(o.subject, null);
		const [s] = parseFederatedCredentials(JSON.stringify([good({ subject: null, claimsMatchingExpression: "claims['sub'] eq 'b'" })]))!.records;
		assert.equal(s.claimsMatchingExpression, "claims['sub'] eq 'b'");
		const [n] = parseFederatedCredentials(JSON.stringify([good({ claimsMatchingExpression: 5 })]))!.records;
		assert.equal(n.claimsMatchingExpression, undefined);
	});

	it('what counts as records: an issuer with a subject, audiences or expression; a manifest\'s empty list', () => {
		assert.equal(parseFederatedCredentials(JSON.stringify([{ issuer: GH }])), undefined);
		assert.equal(parseFederatedCredentials(JSON.stringify([{ issuer: 5, subject: 's' }])), undefined);
		for (const extra of [{ subject: 's' }, { audiences: [AUD] }, { claimsMatchingExpression: { value: 'x' } }]) {
			assert.equal(parseFederatedCredentials(JSON.stringify([{ issuer: GH, ...extra }]))?.shape, 'list', JSON.stringify(extra));
		}
		assert.equal(parseFederatedCredentials(JSON.stringify([1, { issuer: GH, subject: 's' }]))?.records.length, 1);
		assert.equal(parseFederatedCredentials(JSON.stringify({ value: [{ id: 1 }] })), undefined);
		const empty = parseFederatedCredentials('{"appId": "a", "federatedIdentityCredentials": []}');
		assert.deepEqual(empty, { shape: 'manifest', records: [] });
		assert.equal(parseFederatedCredentials(JSON.stringify({ properties: { issuer: GH, subject: 's' } }))?.shape, 'single');
		assert.equal(parseFederatedCredentials(JSON.stringify({ properties: { issuer: GH, subject: 's' } }))?.records[0].issuer, GH);
		assert.equal(parseFederatedCredentials(JSON.stringify({ properties: { subject: 's' }, issuer: GH, subject: 't' }))?.records[0].subject, 't');
		assert.equal(parseFederatedCredentials('"x"'), undefined);
	});

	it('hasFederatedCredentials: never for text without the keys, invalid JSON, or JSON without records', () => {
		assert.equal(hasFederatedCredentials(list(good())), true);
		assert.equal(hasFederatedCredentials('{"federatedIdentityCredentials": []}'), true);
		assert.equal(hasFederatedCredentials('[{"iss": "x"}]'), false);
		assert.equal(hasFederatedCredentials('[{"issuer": "x", "subject": "s",}]'), false);
		assert.equal(hasFederatedCredentials('{"issuer": "https://login.microsoftonline.com/t/v2.0"}'), false);
	});

	it('shapeDescription names each shape', () => {
		assert.match(shapeDescription('list'), /federated-credential list/);
		assert.match(shapeDescription('graph-collection'), /Graph collection/);
		assert.match(shapeDescription('single'), /one federated credential/);
		assert.match(shapeDescription('manifest'), /federatedIdentityCredentials/);
		assert.match(shapeDescription('arm-template'), /ARM template/);
	});
});

describe('federated credentials: issuers by platform', () => {
	it('platformOfIssuer knows each documented form', () => {
		const cases: [string, string][] = [
			[`${GH}/`, 'github'],
			[' https://token.actions.githubusercontent.com ', 'github'],
			['https://token.actions.githubusercontent.com/a/b', 'other'],
			['https://ghes.example.com/_services/token/', 'github-enterprise-server'],
			[AKS, 'kubernetes-aks'],
			['https://westeurope.oic.prod-aks.azure.us/t/g/', 'kubernetes-aks'],
			['https://oidc.eks.us-east-1.amazonaws.com/id/ABC', 'kubernetes'],
			['https://container.googleapis.com/v1/projects/p/locations/l/clusters/c', 'kubernetes'],
			['https://kubernetes.default.svc', 'kubernetes'],
			['https://app.terraform.io', 'terraform'],
			['https://app.terraform.io/x', 'other'],
			['https://gitlab.com', 'gitlab'],
			['https://gitlab.example.com/', 'gitlab'],
			['https://code.mygitlab.net', 'gitlab'],
			['https://accounts.google.com', 'google'],
			['https://accounts.google.com/', 'google'],
			['https://vstoken.dev.azure.com/org-guid', 'azure-devops'],
			['https://login.microsoftonline.us/t/v2.0', 'entra'],
			['https://sts.windows.net/t/', 'entra'],
			['https://login.partner.microsoftonline.cn/t/v2.0', 'entra'],
			['https://example.com/gitlab', 'other'],
		];
		for (const [issuer, platform] of cases) {
			assert.equal(platformOfIssuer(issuer), platform, issuer);
		}
		assert.equal(isEntraIssuerUrl(' https://login.windows.net/t/ '), true);
		assert.equal(isEntraIssuerUrl('https://login.microsoftonline.com.evil.example/t'), false);
	});

	it('a trailing slash is an error for GitHub, Terraform, GitLab and Google, naming the platform; not for others', () => {
		const gh = one(list(good({ issuer: `${GH}//` })), 'fic-issuer-trailing-slash');
		assert.match(gh.message, /GitHub's tokens carry iss without it/);
		assert.equal(gh.fix, `Set issuer to '${GH}'.`);
		assert.equal(gh.replacement, JSON.stringify(GH));
		const gl = one(list(good({ issuer: 'https://gitlab.com/', subject: 'project_path:g/p:ref_type:branch:ref:main' })), 'fic-issuer-trailing-slash');
		assert.match(gl.message, /gitlab tokens carry iss without it/);
		one(list(good({ issuer: 'https://accounts.google.com/', subject: '1234' })), 'fic-issuer-trailing-slash');
		assert.deepEqual(codes(lintFederatedCredentials(list(good({ issuer: 'https://example.com/idp/', subject: 's' })))), []);
	});

	it('issuer whitespace: the message keeps the original, the fix and replacement trim it', () => {
		const text = list(good({ issuer: `${GH} ` }));
		const f = one(text, 'fic-issuer-whitespace');
		assert.ok(f.message.includes(`issuer '${GH} '`));
		assert.equal(f.fix, `Set issuer to '${GH}'.`);
		assert.equal(rangeText(text, f), JSON.stringify(`${GH} `));
	});

	it('not https: no further issuer checks; an https issuer in capitals is fine', () => {
		const f = lintFederatedCredentials(list(good({ issuer: 'http://token.actions.githubusercontent.com/' })));
		assert.deepEqual(codes(f), ['fic-issuer-not-https']);
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer: 'HTTPS://token.actions.githubusercontent.com' }))), []);
	});

	it('an issuer over 600 characters', () => {
		const issuer = `https://idp.example.com/${'p'.repeat(600)}`;
		const f = one(list(good({ issuer, subject: 's' })), 'fic-field-too-long');
		assert.match(f.message, new RegExp(`issuer has ${issuer.length} characters; the limit is 600`));
	});

	it('cluster-internal issuers: kubernetes.default and *.svc, not a public EKS issuer', () => {
		for (const issuer of ['https://kubernetes.default', 'https://api.svc.cluster.local/x', 'https://issuer.ns.svc']) {
			one(list(good({ issuer, subject: 'system:serviceaccount:ns:sa' })), 'fic-issuer-not-public');
		}
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer: 'https://oidc.eks.eu-west-1.amazonaws.com/id/ABC', subject: 'system:serviceaccount:ns:sa' }))), []);
	});

	it('Entra issuers: the tenant v2.0 form in each cloud is quiet; a GUID subject (trimmed) or /eid1/ subject is fine', () => {
		for (const issuer of [`https://login.microsoftonline.com/${TENANT}/v2.0`, `https://login.microsoftonline.us/${TENANT}/v2.0`, `https://login.partner.microsoftonline.cn/${TENANT}/v2.0`]) {
			assert.deepEqual(lintFederatedCredentials(list(good({ issuer, subject: MI }))), [], issuer);
		}
		const iss = `https://login.microsoftonline.com/${TENANT}/v2.0`;
		assert.deepEqual(codes(lintFederatedCredentials(list(good({ issuer: iss, subject: ` ${MI}` })))), ['fic-subject-whitespace']);
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer: iss, subject: '/eid1/c/pub/t/abc/s/def' }))), []);
		const forms = one(list(good({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0/`, subject: MI })), 'fic-issuer-entra-form');
		assert.equal(forms.severity, 'warning');
		const noSub = lintFederatedCredentials(list(good({ issuer: iss, subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'x'" } })));
		assert.ok(!codes(noSub).includes('AADSTS700222'));
		const other = one(list(good({ issuer: iss, subject: 'my-app' })), 'AADSTS700222');
		assert.match(other.message, /subject 'my-app' is not a GUID/);
		assert.match(other.fix, /principalId/);
	});
});

describe('federated credentials: audiences', () => {
	it('a near miss names the exact value; a case-only difference is an error with the replacement', () => {
		const text = list(good({ audiences: [' api://AzureADTokenExchangeUSGov/ '] }));
		const f = one(text, 'fic-audience-mismatch');
		assert.equal(f.replacement, '"api://AzureADTokenExchangeUSGov"');
		assert.equal(rangeText(text, f), '" api://AzureADTokenExchangeUSGov/ "');
		assert.match(f.message, /is not 'api:\/\/AzureADTokenExchangeUSGov' character for character/);
	});

	it('an audience over 600 characters, with the range of that audience', () => {
		const long = `api://${'a'.repeat(600)}`;
		const text = list(good({ audiences: [long] }));
		const f = one(text, 'fic-field-too-long');
		assert.equal(rangeText(text, f), JSON.stringify(long));
		assert.match(f.message, /the audience has 606 characters/);
	});

	it('an unexpected audience: a warning with the fix for other issuers, an error for an Entra issuer', () => {
		const w = one(list(good({ audiences: ['api://mine'] })), 'fic-audience-unexpected');
		assert.equal(w.severity, 'warning');
		assert.match(w.message, /not api:\/\/AzureADTokenExchange, the value Entra recommends/);
		assert.match(w.fix, /Request the external token with audience api:\/\/AzureADTokenExchange/);
		const e = one(list(good({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, subject: MI, audiences: ['api://mine'] })), 'fic-audience-unexpected');
		assert.equal(e.severity, 'error');
		assert.match(e.fix, /variant of your cloud/);
		const noIssuer = lintFederatedCredentials(list(good({ name: 'ok-0', subject: 'repo:contoso/app:pull_request' }), good({ issuer: undefined, audiences: ['api://mine'] }))).find((x) => x.code === 'fic-audience-unexpected');
		assert.equal(noIssuer?.severity, 'warning');
	});
});

describe('federated credentials: subjects', () => {
	it('a tab or line break inside: no replacement, the fix says to remove it', () => {
		const f = one(list(good({ subject: 'repo:contoso/app:ref:refs/heads/ma\tin' })), 'fic-subject-whitespace');
		assert.match(f.message, /has a tab or line break;/);
		assert.equal(f.replacement, undefined);
		assert.match(f.fix, /^Remove the whitespace/);
		const ends = one(list(good({ subject: '\trepo:contoso/app:pull_request' })), 'fic-subject-whitespace');
		assert.match(ends.message, /has whitespace at its ends;/);
		assert.equal(ends.fix, "Set subject to 'repo:contoso/app:pull_request'.");
		one(list(good({ subject: 'repo:contoso/app:ref:refs/heads/a\nb' })), 'fic-subject-whitespace');
		one(list(good({ subject: 'repo:contoso/app:ref:refs/heads/a\rb' })), 'fic-subject-whitespace');
	});

	it('a "?" is a wildcard too', () => {
		one(list(good({ subject: 'repo:contoso/app:ref:refs/heads/v?' })), 'fic-subject-wildcard');
	});

	it('GitHub Enterprise Server issuers get the GitHub subject checks', () => {
		const f = one(list(good({ issuer: 'https://ghes.example.com/_services/token', subject: 'repo:contoso/app:pr' })), 'fic-subject-github-form');
		assert.match(f.message, /uses 'pr'; GitHub writes the pull request context as 'pull_request'/);
		assert.equal(f.fix, "Use 'repo:contoso/app:pull_request'.");
	});

	it('GitHub problems: severity, message and fix of each form', () => {
		const cases: [string, 'error' | 'warning', RegExp, RegExp][] = [
			['contoso/app:environment:prod', 'error', /starts with the repository \('contoso\/app'\) without the 'repo:' prefix/, /^Use 'repo:contoso\/app:environment:prod'\.$/],
			['repository_owner:contoso:environment:prod', 'warning', /customised subject \(it starts with the claim 'repository_owner'\)/, /customization\/sub/],
			['foo', 'error', /matches none of GitHub's subject forms/, /subject claim/],
			['repo:contoso/app', 'warning', /has the repository but no context/, /Add the context/],
			['repo:contoso/app:PullRequest', 'error', /uses 'PullRequest'/, /^Use 'repo:contoso\/app:pull_request'\.$/],
			['repo:contoso/app:refs/tags/v1', 'error', /has the ref without the 'ref:' key/, /^Use 'repo:contoso\/app:ref:refs\/tags\/v1'\.$/],
			['repo:contoso/app:environment/prod', 'error', /separates the environment with '\/'/, /^Use 'repo:contoso\/app:environment:prod'\.$/],
			['repo:contoso/app:heads/main', 'error', /uses 'heads:' but GitHub writes branches/, /^Use 'repo:contoso\/app:ref:refs\/heads\/main'\.$/],
			['repo:contoso/app:tags/v1/rc', 'error', /uses 'tags:'/, /^Use 'repo:contoso\/app:ref:refs\/tags\/v1\/rc'\.$/],
			['repo:contoso@12/app@34:branch:main', 'error', /uses 'branch:'/, /^Use 'repo:contoso@12\/app@34:ref:refs\/heads\/main'\.$/],
			['repo:contoso/app:tag:v2', 'error', /uses 'tag:'/, /refs\/tags\/v2/],
			['repo:contoso/app:job_workflow_ref:o/r/.github/workflows/d.yml@refs/heads/main', 'warning', /continues with the claim 'job_workflow_ref' after the repository/, /customization\/sub/],
			['repo:contoso/app:main', 'error', /has 'main' after the repository, which is none of GitHub's contexts/, /subject claim/],
			['repo:contoso/app:ref:v1', 'error', /has 'ref:v1', which lacks the full ref path; GitHub sends 'ref:refs\/heads\/v1' for a branch \(or 'ref:refs\/tags\/v1' for a tag\)/, /^Use 'repo:contoso\/app:ref:refs\/heads\/v1' \(or refs\/tags\/ for a tag\)\.$/],
		];
		for (const [subject, severity, message, fix] of cases) {
			const p = githubSubjectProblems(subject);
			assert.equal(p.length, 1, subject);
			assert.equal(p[0].severity, severity, subject);
			assert.match(p[0].message, message, subject);
			assert.match(p[0].fix, fix, subject);
		}
	});

	it('GitHub subjects GitHub sends, with customised claims after the context, have no problems', () => {
		for (const s of ['repo:contoso/app:ref:refs/heads/main:job_workflow_ref:o/r/.github/workflows/d.yml@refs/heads/main', 'repo:contoso/app:environment:prod:runner_environment:github-hosted', 'repo:contoso/app:pull_request:actor:octocat']) {
			assert.deepEqual(githubSubjectProblems(s), [], s);
		}
	});

	it('parseGithubSubject: each context, ids, extra pairs and a key without a value', () => {
		assert.deepEqual(parseGithubSubject('repo:o/r'), { owner: 'o', ownerId: undefined, repo: 'r', repoId: undefined, extra: [] });
		assert.deepEqual(parseGithubSubject('repo:o/r:ref:refs/tags/v1')?.context, { kind: 'tag', value: 'v1' });
		assert.deepEqual(parseGithubSubject('repo:o/r:ref:main')?.context, { kind: 'ref', value: 'main' });
		assert.deepEqual(parseGithubSubject('repo:o/r:environment:prod')?.context, { kind: 'environment', value: 'prod' });
		const p = parseGithubSubject('repo:o/r:ref:refs/heads/main:actor:octo:workflow');
		assert.deepEqual(p?.context, { kind: 'branch', value: 'main' });
		assert.deepEqual(p?.extra, [{ key: 'actor', value: 'octo' }, { key: 'workflow', value: '' }]);
		assert.deepEqual(parseGithubSubject('repo:o/r:pull_requests')?.context, undefined);
		assert.deepEqual(parseGithubSubject('repo:o/r:pull_requests')?.extra, [{ key: 'pull_requests', value: '' }]);
		assert.deepEqual(parseGithubSubject('repo:o/r:pull_request:x:y')?.extra, [{ key: 'x', value: 'y' }]);
		for (const bad of ['repo:o', 'repo:o/r/x', 'repo:o r/x', 'xrepo:o/r', 'repo:o@x/r']) {
			assert.equal(parseGithubSubject(bad), undefined, bad);
		}
	});

	it('Kubernetes: only system: subjects are checked for a generic cluster; lowercase names', () => {
		const k8s = 'https://oidc.eks.us-east-1.amazonaws.com/id/ABC';
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer: k8s, subject: 'someone' }))), []);
		const f = one(list(good({ issuer: k8s, subject: 'system:serviceaccount:Prod:api' })), 'fic-subject-kubernetes-form');
		assert.match(f.message, /lowercase namespace/);
		for (const ok of ['system:serviceaccount:a:b', 'system:serviceaccount:my-ns:sa.name-1']) {
			assert.deepEqual(lintFederatedCredentials(list(good({ issuer: AKS, subject: ok }))), [], ok);
		}
		for (const bad of ['system:serviceaccount:-ns:sa', 'system:serviceaccount:ns:sa-', 'system:serviceaccount:ns:sa:x', 'system:serviceaccount:ns', 'x system:serviceaccount:ns:sa']) {
			one(list(good({ issuer: AKS, subject: bad })), 'fic-subject-kubernetes-form');
		}
		const notSa = one(list(good({ issuer: AKS, subject: 'user:ns:sa' })), 'fic-subject-kubernetes-form');
		assert.match(notSa.message, /is not a service-account subject/);
	});

	it('Terraform: the full form with plan or apply; run_phase elsewhere is refused with the fix', () => {
		const tf = 'https://app.terraform.io';
		for (const phase of ['plan', 'apply']) {
			assert.deepEqual(lintFederatedCredentials(list(good({ issuer: tf, subject: `organization:o:project:p:workspace:w:run_phase:${phase}` }))), [], phase);
		}
		const bad = one(list(good({ issuer: tf, subject: 'organization:o:project:p:workspace:w:run_phase:destroy' })), 'fic-subject-terraform-form');
		assert.equal(bad.severity, 'error');
		assert.match(bad.message, /has run_phase 'destroy'/);
		const other = one(list(good({ issuer: tf, subject: 'workspace:w' })), 'fic-subject-terraform-form');
		assert.equal(other.severity, 'error');
		assert.match(other.message, /is not 'organization:ORG:project:PROJECT:workspace:WS:run_phase:plan\|apply'/);
		one(list(good({ issuer: tf, subject: 'x organization:o:workspace:w:run_phase:plan' })), 'fic-subject-terraform-form');
	});

	it('GitLab: the default project_path form with or without ref_type and ref', () => {
		const gl = 'https://gitlab.com';
		for (const ok of ['project_path:g/p', 'project_path:g/p:ref_type:branch:ref:main', 'project_path:g/p:ref_type:tag:ref:v1']) {
			assert.deepEqual(lintFederatedCredentials(list(good({ issuer: gl, subject: ok }))), [], ok);
		}
		for (const bad of ['project_path:g/p:ref_type:mr:ref:1', 'g/p', 'project_path:g/p:ref_type:branch', 'x project_path:g/p']) {
			const f = one(list(good({ issuer: gl, subject: bad })), 'fic-subject-gitlab-form');
			assert.equal(f.severity, 'warning');
		}
	});
});

describe('federated credentials: flexible expressions', () => {
	it('an invalid expression names it; an issuer outside GitHub, GitLab and Terraform is named, "(none)" when missing', () => {
		const f = one(list(good({ subject: null, claimsMatchingExpression: { value: 'sub == x' } })), 'fic-expression-invalid');
		assert.match(f.message, /claimsMatchingExpression 'sub == x' is not of the form/);
		for (const issuer of ['https://gitlab.com', 'https://app.terraform.io']) {
			assert.ok(!codes(lintFederatedCredentials(list(good({ issuer, subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'a'" } })))).includes('fic-expression-issuer'), issuer);
		}
		const none = lintFederatedCredentials(list(good({ name: 'ok-0', subject: 'repo:contoso/app:pull_request' }), good({ issuer: undefined, subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'a'" } }))).find((x) => x.code === 'fic-expression-issuer');
		assert.match(none!.message, /this record's issuer is '\(none\)'/);
		const aks = one(list(good({ issuer: AKS, subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'a'" } })), 'fic-expression-issuer');
		assert.ok(aks.message.includes(`issuer is '${AKS}'`));
	});

	it('evaluateClaimsExpression: a trailing period, curly quotes, a claim that is not a string, regex characters taken literally', () => {
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a'.", { sub: 'a' }), true);
		assert.equal(evaluateClaimsExpression('claims[‘sub’] eq ‘a’', { sub: 'a' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a'", { sub: 1 }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq '1' and claims['x'] eq 'y'", { sub: 1, x: 'y' }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'a+b(c)'", { sub: 'a+b(c)' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'a+b'", { sub: 'aab' }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches '*'", { sub: 'line1\nline2' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'a'", { sub: 'ab' }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches 'b'", { sub: 'ab' }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a' x", { sub: 'a' }), undefined);
		assert.equal(evaluateClaimsExpression("  claims['sub'] eq 'a'  ", { sub: 'a' }), true);
		assert.equal(evaluateClaimsExpression("claims[ 'sub' ]  eq  'a'", { sub: 'a' }), true);
	});
});

describe('federated credentials: names', () => {
	it('says why a name is refused and offers a fixed one', () => {
		const cases: [string, RegExp, string][] = [
			['ab', /is shorter than 3 characters/, 'ab0'],
			['-main', /does not start with a letter or digit/, 'main'],
			['gh main!', /has characters other than letters, digits, - and _/, 'gh-main-'],
			['n'.repeat(121), /is longer than 120 characters/, 'n'.repeat(120)],
		];
		for (const [name, why, fixed] of cases) {
			const f = one(list(good({ name })), 'fic-name-invalid');
			assert.match(f.message, why, name);
			assert.ok(f.fix.endsWith(`e.g. '${fixed}'.`), `${name}: ${f.fix}`);
		}
	});
});

describe('federated credentials: each rule\'s severity, message and fix', () => {
	const iss = `https://login.microsoftonline.com/${TENANT}/v2.0`;
	// [record overrides, code, severity, what the message says, what the fix says]
	const cases: [Rec, string, Finding['severity'], RegExp, RegExp][] = [
		[{ name: undefined }, 'fic-name-invalid', 'error', /has no name; every federated identity credential needs one \(it can't be changed later\)/, /3 to 120 characters/],
		[{ issuer: ` ${GH}` }, 'fic-issuer-whitespace', 'error', /leading or trailing whitespace/, /^Set issuer to 'https:\/\/token\.actions\.githubusercontent\.com'\.$/],
		[{ issuer: 'token.actions.githubusercontent.com' }, 'fic-issuer-not-https', 'error', /issuer 'token\.actions\.githubusercontent\.com' is not an https URL/, /https URL exactly as its tokens carry it/],
		[{ issuer: `https://idp.example.com/${'p'.repeat(600)}`, subject: 's' }, 'fic-field-too-long', 'error', /issuer has 624 characters; the limit is 600/, /issuer URL itself/],
		[{ issuer: 'https://app.terraform.io/', subject: 'organization:o:project:p:workspace:w:run_phase:plan' }, 'fic-issuer-trailing-slash', 'error', /issuer 'https:\/\/app\.terraform\.io\/' ends with '\/', but terraform tokens carry iss without it.*AADSTS70021/, /^Set issuer to 'https:\/\/app\.terraform\.io'\.$/],
		[{ issuer: AKS.slice(0, -1), subject: 'system:serviceaccount:a:b' }, 'fic-issuer-trailing-slash', 'warning', /has no trailing '\/', but AKS OIDC issuer URLs end with one/, /az aks show/],
		[{ issuer: 'https://kubernetes.default.svc', subject: 'system:serviceaccount:a:b' }, 'fic-issuer-not-public', 'error', /cluster-internal service-account issuer/, /public OIDC issuer/],
		[{ issuer: 'https://sts.windows.net/t/', subject: MI }, 'fic-issuer-entra-form', 'warning', /is a Microsoft Entra host but not the form the docs give/, /\{tenant ID\}\/v2\.0/],
		[{ issuer: iss, subject: 'app' }, 'AADSTS700222', 'error', /trusted only for a user-assigned managed identity/, /Object \(principal\) ID/],
		[{ issuer: 'https://vstoken.dev.azure.com/o', subject: 'sc://o/p/c' }, 'fic-issuer-azure-devops', 'info', /is the Azure DevOps issuer, which Microsoft retires/, /Service connections/],
		[{ audiences: [] }, 'fic-audience-count', 'error', /has no audience; exactly one is required/, /api:\/\/AzureADTokenExchange/],
		[{ audiences: [AUD, AUD] }, 'fic-audience-count', 'error', /has 2 audiences; a federated identity credential takes exactly one/, /Keep the one audience/],
		[{ audiences: ['API://AzureADTokenExchange'] }, 'fic-audience-mismatch', 'error', /audience 'API:\/\/AzureADTokenExchange' is not 'api:\/\/AzureADTokenExchange' character for character/, /^Set the audience to 'api:\/\/AzureADTokenExchange'\.$/],
		[{ audiences: [`api://${'a'.repeat(600)}`] }, 'fic-field-too-long', 'error', /the audience has 606 characters; the limit is 600/, /api:\/\/AzureADTokenExchange/],
		[{ subject: 'repo:contoso/app:*' }, 'fic-subject-wildcard', 'error', /has a wildcard; federated identity credentials compare subjects literally/, /claimsMatchingExpression/],
		[{ subject: `repo:contoso/app:environment:${'e'.repeat(600)}` }, 'fic-field-too-long', 'error', /subject has 629 characters; the limit is 600/, /sub exactly/],
		[{ claimsMatchingExpression: { value: "claims['sub'] eq 'x'" } }, 'fic-subject-and-expression', 'error', /sets both subject and claimsMatchingExpression; they are mutually exclusive/, /Keep one/],
		[{ subject: null, claimsMatchingExpression: { value: 'x' } }, 'fic-expression-invalid', 'error', /is not of the form claims\['CLAIM'\] eq\|matches 'VALUE'/, /languageVersion 1/],
		[{ issuer: 'https://accounts.google.com', subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'x'" } }, 'fic-expression-issuer', 'error', /supported only for GitHub, GitLab and Terraform Cloud issuers; this record's issuer is 'https:\/\/accounts\.google\.com'/, /exact subject/],
		[{ subject: 'repo:contoso/app:pr' }, 'fic-subject-github-form', 'error', /^record 0 \(gh-main\): subject 'repo:contoso\/app:pr' uses 'pr'/, /pull_request/],
		[{ issuer: AKS, subject: 'system:serviceaccount:A:b' }, 'fic-subject-kubernetes-form', 'error', /^record 0 \(gh-main\): subject 'system:serviceaccount:A:b' is not 'system:serviceaccount:NAMESPACE:NAME'/, /kubectl get serviceaccount/],
		[{ issuer: AKS, subject: 'sa' }, 'fic-subject-kubernetes-form', 'error', /subject 'sa' is not a service-account subject/, /^Use 'system:serviceaccount:<namespace>:<service account name>'\.$/],
		[{ issuer: 'https://app.terraform.io', subject: 'organization:o:workspace:w:run_phase:plan' }, 'fic-subject-terraform-form', 'warning', /^record 0 \(gh-main\): subject 'organization:o:workspace:w:run_phase:plan' has no 'project:' segment/, /Default Project/],
		[{ issuer: 'https://app.terraform.io', subject: 'organization:o:project:p:workspace:w:run_phase:x' }, 'fic-subject-terraform-form', 'error', /has run_phase 'x'; HCP Terraform sends 'plan' or 'apply'/, /run_phase:plan and one for run_phase:apply/],
		[{ issuer: 'https://app.terraform.io', subject: 'w' }, 'fic-subject-terraform-form', 'error', /is not 'organization:ORG:project:PROJECT/, /organization, project, workspace and run phase/],
		[{ issuer: 'https://gitlab.com', subject: 'g/p' }, 'fic-subject-gitlab-form', 'warning', /^record 0 \(gh-main\): subject 'g\/p' is not GitLab's default/, /ID token/],
	];

	it('each rule, on a record that breaks only it', () => {
		for (const [over, code, severity, message, fix] of cases) {
			const text = list(good(over));
			const f = one(text, code);
			assert.equal(f.severity, severity, code);
			assert.ok(f.message.startsWith('record 0 (gh-main)') || f.message.startsWith('record 0 has no name'), `${code}: ${f.message}`);
			assert.match(f.message, message, code);
			assert.match(f.fix, fix, code);
			assert.ok(f.range && f.range.end > f.range.start, code);
		}
	});

	it('duplicates, missing fields and too many: severity and fix', () => {
		const dup = one(list(good(), good({ name: 'gh-main-2' })), 'fic-duplicate-subject');
		assert.equal(dup.severity, 'error');
		assert.match(dup.fix, /Delete one of the two records/);
		const name = one(list(good(), good({ subject: 'repo:contoso/app:pull_request' })), 'fic-name-duplicate');
		assert.equal(name.severity, 'error');
		assert.match(name.fix, /another name/);
		const noIssuer = one(list(good({ name: 'ok-0', subject: 'repo:contoso/app:pull_request' }), good({ issuer: undefined })), 'fic-missing-field');
		assert.equal(noIssuer.severity, 'error');
		const neither = one(list(good({ subject: undefined })), 'fic-missing-field');
		assert.equal(neither.severity, 'error');
		const many = one(list(...Array.from({ length: 21 }, (_, i) => good({ name: `e-${i}`, subject: `repo:contoso/app:environment:e${i}` }))), 'fic-too-many');
		assert.equal(many.severity, 'error');
		assert.match(many.fix, /flexible credential/);
		const desc = one(list(good({ description: 'd'.repeat(601) })), 'fic-field-too-long');
		assert.match(desc.fix, /Shorten the description/);
		const both = list(good({ claimsMatchingExpression: { value: "claims['sub'] eq 'x'" } }));
		assert.equal(rangeText(both, one(both, 'fic-subject-and-expression')), JSON.stringify({ value: "claims['sub'] eq 'x'" }, null, 2).replace(/\n/g, '\n    '));
		const json = lintFederatedCredentials('[{"issuer": 1,, }]')[0];
		assert.match(json.fix, /az ad app federated-credential list/);
		assert.equal(json.severity, 'error');
	});
});

describe('federated credentials: edges of the forms', () => {
	it('an issuer is classified by where its URL starts and ends, not by a URL inside it', () => {
		for (const issuer of [
			'https://proxy.example.com/https://token.actions.githubusercontent.com',
			'https://proxy.example.com/https://ghes.example.com/_services/token',
			'https://ghes.example.com/_services/token/extra',
			'https://proxy.example.com/https://eastus.oic.prod-aks.azure.com/t/g/',
			'https://proxy.example.com/https://app.terraform.io',
			'https://proxy.example.com/https://gitlab.com',
			'https://proxy.example.com/x/https://my.gitlab.net',
			'https://my.gitlab.net/group/project',
			'https://proxy.example.com/https://accounts.google.com',
			'https://accounts.google.com/o/oauth2',
			'https://proxy.example.com/https://vstoken.dev.azure.com/o',
		]) {
			assert.equal(platformOfIssuer(issuer), 'other', issuer);
		}
		assert.equal(platformOfIssuer('https://gitlab.example.com/group'), 'gitlab', 'a gitlab. host is GitLab whatever the path');
	});

	it('an http URL with https inside it is still not https', () => {
		assert.deepEqual(codes(lintFederatedCredentials(list(good({ issuer: 'http://proxy.example.com/https://token.actions.githubusercontent.com' })))), ['fic-issuer-not-https']);
	});

	it('600 characters is the limit, inclusive, for issuer, audience and subject', () => {
		const issuer = `https://idp.example.com/${'p'.repeat(600 - 24)}`;
		assert.equal(issuer.length, 600);
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer, subject: 's' }))), []);
		const aud = `api://${'a'.repeat(594)}`;
		assert.ok(!codes(lintFederatedCredentials(list(good({ audiences: [aud] })))).includes('fic-field-too-long'));
		const subject = `repo:contoso/app:environment:${'e'.repeat(600 - 29)}`;
		assert.equal(subject.length, 600);
		assert.deepEqual(lintFederatedCredentials(list(good({ subject }))), []);
	});

	it('an audience with several trailing slashes is still the near miss of the exchange audience', () => {
		const f = one(list(good({ audiences: ['api://AzureADTokenExchange//'] })), 'fic-audience-mismatch');
		assert.equal(f.replacement, JSON.stringify(AUD));
	});

	it('a subject padded with whitespace gets the whitespace finding only, whatever the platform', () => {
		const cases: [string, string][] = [
			[GH, ' repo:contoso/app:pull_request'],
			[AKS, 'system:serviceaccount:ns:sa '],
			['https://app.terraform.io', ' organization:o:project:p:workspace:w:run_phase:plan'],
			['https://gitlab.com', 'project_path:g/p '],
		];
		for (const [issuer, subject] of cases) {
			assert.deepEqual(codes(lintFederatedCredentials(list(good({ issuer, subject })))), ['fic-subject-whitespace'], subject);
		}
	});

	it('a system: subject under an issuer of no known platform is not checked as Kubernetes', () => {
		assert.deepEqual(lintFederatedCredentials(list(good({ issuer: 'https://idp.example.com', subject: 'system:serviceaccount:Bad:x' }))), []);
	});

	it('records without an issuer are not compared with each other as duplicates', () => {
		const text = list(good({ name: 'ok-0', subject: 'repo:contoso/app:pull_request' }), good({ name: 'a-1', issuer: undefined }), good({ name: 'a-2', issuer: undefined }));
		assert.ok(!codes(lintFederatedCredentials(text)).includes('fic-duplicate-subject'));
	});

	it('GitHub: only the exact misspellings of pull_request are named as such', () => {
		assert.equal(githubSubjectProblems('repo:contoso/app:pull-request')[0].fix, "Use 'repo:contoso/app:pull_request'.");
		assert.equal(githubSubjectProblems('repo:contoso/app:pullrequest')[0].fix, "Use 'repo:contoso/app:pull_request'.");
		for (const head of ['prod', 'apr', 'pull-requests', 'my-pull-request', 'pullrequests', 'apullrequest']) {
			const [p] = githubSubjectProblems(`repo:contoso/app:${head}`);
			assert.match(p.message, new RegExp(`^has '${head}' after the repository`), head);
		}
	});

	it('GitHub: customised subjects that start with a claim holding a slash, or continue with a claim, are warnings', () => {
		const [a] = githubSubjectProblems('repository:contoso/app:ref:refs/heads/main');
		assert.equal(a.severity, 'warning');
		assert.match(a.message, /claim 'repository'/);
		const [b] = githubSubjectProblems('repo:contoso/app:actor:environment/x');
		assert.equal(b.severity, 'warning');
		assert.match(b.message, /claim 'actor'/);
	});

	it('GitHub: a context is read only right after the repository', () => {
		const env = parseGithubSubject('repo:o/r:environment:prod:ref:refs/heads/main');
		assert.deepEqual(env?.context, { kind: 'environment', value: 'prod' });
		assert.deepEqual(env?.extra, [{ key: 'ref', value: 'refs/heads/main' }]);
		assert.deepEqual(parseGithubSubject('repo:o/r:environment:prod:ref:refs/tags/v1')?.context, { kind: 'environment', value: 'prod' });
		assert.deepEqual(parseGithubSubject('repo:o/r:pull_request:environment:x')?.context, { kind: 'pull_request' });
		assert.equal(parseGithubSubject('repo:o/r:job_workflow_ref:x:event_name:pull_request')?.context, undefined);
	});

	it('Kubernetes: a subject with system:serviceaccount later in it is not a service-account subject', () => {
		const f = one(list(good({ issuer: AKS, subject: 'user:system:serviceaccount:ns:sa' })), 'fic-subject-kubernetes-form');
		assert.match(f.message, /is not a service-account subject/);
	});

	it('Terraform: the whole subject must be the form, nothing before or after', () => {
		const tf = 'https://app.terraform.io';
		for (const subject of ['x:organization:o:project:p:workspace:w:run_phase:plan', 'organization:o:project:p:workspace:w:run_phase:plan:x', 'x:organization:o:workspace:w:run_phase:plan']) {
			const f = one(list(good({ issuer: tf, subject })), 'fic-subject-terraform-form');
			assert.equal(f.severity, 'error', subject);
		}
	});

	it('flexible expressions: a trailing period after spaces, dots inside values, spacing around "and", text before claims, eq with *', () => {
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a'. ", { sub: 'a' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a.b'", { sub: 'a.b' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a'  and  claims['x'] eq 'y'", { sub: 'a', x: 'y' }), true);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'a'\tand claims['x'] eq 'z'", { sub: 'a', x: 'y' }), false);
		assert.equal(evaluateClaimsExpression("x claims['sub'] eq 'a'", { sub: 'a' }), undefined);
		assert.equal(evaluateClaimsExpression("claims['sub'] matches '1'", { sub: 1 }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'repo:*'", { sub: 'repo:x' }), false);
		assert.equal(evaluateClaimsExpression("claims['sub'] eq 'repo:*'", { sub: 'repo:*' }), true);
	});

	it('"issuer" : with spaces before the colon counts for detection and for the invalid-JSON finding', () => {
		assert.equal(hasFederatedCredentials(`[{"issuer" : "${GH}", "subject": "s"}]`), true);
		assert.deepEqual(codes(lintFederatedCredentials('[{"issuer" : "x",, }]')), ['fic-invalid-json']);
	});

	it('JSON with an error is never read, even when the part before the error holds records', () => {
		assert.equal(parseFederatedCredentials(`[{"issuer": "${GH}", "subject": "s"},]`), undefined);
	});

	it('items that are not objects are left out in every list shape; a collection needs one record among its objects', () => {
		assert.equal(parseFederatedCredentials(JSON.stringify({ federatedIdentityCredentials: [1, good()] }))?.records.length, 1);
		assert.equal(parseFederatedCredentials(JSON.stringify({ value: ['x', good()] }))?.records.length, 1);
		assert.equal(parseFederatedCredentials(JSON.stringify({ value: [good(), { id: 1 }] }))?.shape, 'graph-collection');
		const arm = parseFederatedCredentials(JSON.stringify({ resources: [{ name: 'untyped' }, { type: 5 }, { type: 'x/federatedIdentityCredentials', name: 'a/b', properties: { issuer: GH, subject: 's', audiences: [AUD] } }] }));
		assert.equal(arm?.records.length, 1);
	});

	it('names: a 120-character name with a bad character is refused for the character; fixes collapse and strip', () => {
		const f = one(list(good({ name: `${'x'.repeat(119)}!` })), 'fic-name-invalid');
		assert.match(f.message, /has characters other than letters, digits, - and _/);
		assert.ok(one(list(good({ name: 'a  b c' })), 'fic-name-invalid').fix.endsWith("e.g. 'a-b-c'."));
		assert.ok(one(list(good({ name: '__main' })), 'fic-name-invalid').fix.endsWith("e.g. 'main'."));
	});
});
