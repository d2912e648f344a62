/**
 * Workload identity federation, function by function: which tokens are federation tokens, which texts are federation
 * errors, the values an error names, what each platform's subject means, and why an issuer, subject or audience
 * differs from a record's (trailing '/', letter case, whitespace, enterprise slug, AKS cluster, GitHub's subject forms,
 * Kubernetes and Terraform segments, sovereign-cloud audiences). The facts are those federation.ts cites.
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import {
	editDistance,
	explainAudienceDifference,
	explainFederationAssertion,
	explainIssuerDifference,
	explainSubjectDifference,
	federatedRecordsInContext,
	federationAssertionFromText,
	federationFindings,
	isFederationToken,
	looksLikeFederationError,
} from '../../../src/core/diagnose/federation';

const GH = 'https://token.actions.githubusercontent.com';
const X = 'api://AzureADTokenExchange';

describe('diagnose federation: each explanation', () => {
	describe('isFederationToken', () => {
		it('any token-exchange audience (string or list, any cloud) makes one', () => {
			assert.equal(isFederationToken({ aud: X }), true);
			assert.equal(isFederationToken({ aud: ['https://x', `${X}China`] }), true);
			assert.equal(isFederationToken({ aud: [42, 'https://x'] }), false);
			assert.equal(isFederationToken({ aud: `https://host/${X}` }), false);
		});
		it('CI and cluster issuers make one; a Kubernetes service account or a GitLab project subject too', () => {
			for (const iss of [GH, 'https://ghes.contoso.com/_services/token', 'https://westeurope.oic.prod-aks.azure.com/t/c/', 'https://app.terraform.io', 'https://vstoken.dev.azure.com/org']) {
				assert.equal(isFederationToken({ iss, aud: 'x' }), true, iss);
			}
			assert.equal(isFederationToken({ iss: 'https://issuer.example', sub: 'system:serviceaccount:ns:sa' }), true);
			assert.equal(isFederationToken({ iss: 'https://issuer.example', sub: 'x system:serviceaccount:ns:sa' }), false);
			assert.equal(isFederationToken({ iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:branch:ref:main' }), true);
			assert.equal(isFederationToken({ iss: 'https://gitlab.com', sub: 'user:1' }), false);
			assert.equal(isFederationToken({ iss: 'https://issuer.example', sub: 'project_path:g/p' }), false);
			assert.equal(isFederationToken({ iss: 'https://login.microsoftonline.com/t/v2.0', sub: 'x', aud: 'https://graph.microsoft.com' }), false);
			assert.equal(isFederationToken({ iss: 42, sub: 42 }), false);
		});
	});

	it('looksLikeFederationError: the federation codes as whole codes, and the messages without code', () => {
		for (const t of ['AADSTS70021: x', 'AADSTS700213 x', 'AADSTS7002138.', 'AADSTS700238', 'No matching federated identity record found', 'federated identity credential', 'Federated token details:', 'presented assertion audience', 'PRESENTED ASSERTION ISSUER']) {
			assert.equal(looksLikeFederationError(t), true, t);
		}
		for (const t of ['AADSTS700210: x', 'AADSTS700027: x', 'AADSTS7002131', 'identity record', '']) {
			assert.equal(looksLikeFederationError(t), false, t);
		}
	});

	describe('federationAssertionFromText', () => {
		it("reads 70021's three values and the codes once each", () => {
			const a = federationAssertionFromText("AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://iss.example'. Assertion Subject: 'sub-1'. Assertion Audience: 'api://aud'. AADSTS70021 again")!;
			assert.deepEqual([a.issuer, a.subject, a.audiences, a.codes, a.source], ['https://iss.example', 'sub-1', ['api://aud'], ['70021'], 'error']);
			assert.equal(a.caseInsensitiveMatch, false);
			assert.equal(a.window, undefined);
			assert.equal(a.expectedSubject, undefined);
		});
		it("reads the 7002xx 'presented assertion …' forms, 700236's issuer and 7002137's expected subject", () => {
			assert.equal(federationAssertionFromText("AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://a.example/'")!.issuer, 'https://a.example/');
			assert.equal(federationAssertionFromText("AADSTS700212: presented assertion audience 'https://github.com/org'")!.audiences![0], 'https://github.com/org');
			assert.equal(federationAssertionFromText("AADSTS700236: Entra ID tokens issued by issuer 'https://login.microsoftonline.com/t/v2.0' may not be used")!.issuer, 'https://login.microsoftonline.com/t/v2.0');
			const e = federationAssertionFromText("AADSTS7002137: presented assertion subject 'repo:o/r:ref:refs/heads/main'. Please make sure the federated identity credential Subject is 'repo:o/r:environment:prod'.")!;
			assert.equal(e.subject, 'repo:o/r:ref:refs/heads/main');
			assert.equal(e.expectedSubject, 'repo:o/r:environment:prod');
		});
		it("reads azure/login's 'Federated token details' block, with escaped newlines", () => {
			const log = 'Error: AADSTS70021: x\\nFederated token details:\\n issuer - https://token.actions.githubusercontent.com\\n subject claim - repo:o/r:environment:dev\\n audience - api://AzureADTokenExchange';
			const a = federationAssertionFromText(log)!;
			assert.deepEqual([a.issuer, a.subject, a.audiences], [GH, 'repo:o/r:environment:dev', [X]]);
		});
		it('the case-insensitive match, by its words or by 7002138; the time window of 700024', () => {
			assert.equal(federationAssertionFromText('AADSTS7002138: x federated')!.caseInsensitiveMatch, true);
			assert.equal(federationAssertionFromText('federated: The subject matches with case-insensitive comparison, but not with case-sensitive comparison')!.caseInsensitiveMatch, true);
			const w = federationAssertionFromText('AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T10:16:50.1234567Z, assertion valid from 2026-03-01T10:00:00.0000000Z, expiry time of assertion 2026-03-01T10:05:00.0000000Z. ClientAssertionCredential')!;
			assert.deepEqual(w.window, { now: '2026-03-01T10:16:50.1234567Z', from: '2026-03-01T10:00:00.0000000Z', to: '2026-03-01T10:05:00.0000000Z' });
		});
		it('nothing about federation is undefined; a federation code or word alone is enough', () => {
			assert.equal(federationAssertionFromText('AADSTS700027: Client assertion failed.'), undefined);
			assert.deepEqual(federationAssertionFromText('AADSTS700226: Only MSI tokens may be used')!.codes, ['700226']);
			assert.ok(federationAssertionFromText('ClientAssertionCredential authentication failed'));
			assert.ok(federationAssertionFromText("Assertion Subject: 'x'"));
		});
	});

	it('labels context records with file, index and name', () => {
		const text = JSON.stringify([
			{ name: 'main', issuer: GH, subject: 'repo:o/r:ref:refs/heads/main', audiences: [X] },
			{ issuer: GH, subject: 'repo:o/r:pull_request', audiences: [X] },
		]);
		const labels = federatedRecordsInContext({ manifests: [{ label: 'fic.json', text }, { label: 'other.json', text: '{"x": 1}' }] }).map((r) => r.label);
		assert.deepEqual(labels, ['fic.json [0] (main)', 'fic.json [1]']);
		assert.deepEqual(federatedRecordsInContext({}), []);
	});

	describe('explainFederationAssertion', () => {
		const ex = (issuer: string | undefined, subject: string | undefined, claims?: Record<string, unknown>, source: 'token' | 'error' = 'token') => explainFederationAssertion({ issuer, subject, claims, source });
		it('names the platform from the issuer, else from the subject form, and who presented it', () => {
			assert.match(ex(GH, 'repo:o/r:pull_request'), /^This token comes from GitHub Actions \(iss 'https:\/\/token\.actions\.githubusercontent\.com'\)\. /);
			assert.match(ex(undefined, 'repo:o/r:pull_request', undefined, 'error'), /^The presented assertion comes from GitHub Actions\. /);
			assert.match(ex(undefined, 'system:serviceaccount:ns:sa'), /comes from a Kubernetes cluster \(service account\)\. The subject is the service account 'sa' in namespace 'ns'\./);
			assert.match(ex(undefined, 'organization:acme:project:Default Project:workspace:ws:run_phase:plan'), /HCP Terraform.*organization 'acme', project 'Default Project', workspace 'ws', run phase 'plan'/);
			assert.match(ex(undefined, 'organization:acme:workspace:ws:run_phase:apply'), /project '\(none: old format\)'/);
			assert.match(ex(undefined, 'project_path:g/p:ref_type:tag:ref:v1'), /GitLab CI\. The subject is project 'g\/p', tag 'v1'\./);
			assert.match(ex(undefined, 'project_path:g/p'), /The subject is project 'g\/p'\.$/);
			assert.match(ex(undefined, 'sc://org/proj/conn'), /Azure DevOps.*service connection org\/proj\/conn \(organization/);
			assert.equal(ex('https://issuer.example', 'abc'), "This token comes from an external identity provider (iss 'https://issuer.example').");
			assert.equal(ex(undefined, undefined), 'This token comes from an external identity provider.');
		});
		it('GitHub: each subject form in words', () => {
			assert.match(ex(GH, 'repo:o/r:ref:refs/heads/main'), /ran for branch 'main' and references no environment/);
			assert.match(ex(GH, 'repo:o/r:ref:refs/tags/v1'), /ran for tag 'v1'/);
			assert.match(ex(GH, 'repo:o/r:environment:Prod%3AEU'), /references the environment 'Prod:EU'/);
			assert.match(ex(GH, 'repo:o/r:pull_request'), /triggered by a pull_request event/);
			assert.match(ex(GH, 'repo:o@11/r@22:pull_request'), /o\/r \(owner ID 11, repository ID 22: GitHub's immutable subject form\)/);
			assert.match(ex(GH, 'repo_owner_id:1:repo:o/r:environment:dev'), /customised GitHub subject \(include_claim_keys, starting with 'repo_owner_id'\)|customised claims/);
			assert.match(ex(`${GH}/acme`, 'repo:o/r:pull_request'), /enterprise slug 'acme'/);
			assert.doesNotMatch(ex(GH, 'repo:o/r:pull_request'), /enterprise slug/);
			assert.match(ex(GH, 'repo:o/r:pull_request', { job_workflow_ref: 'o/shared/.github/workflows/deploy.yml@refs/heads/main' }), /reusable workflow o\/shared\/\.github\/workflows\/deploy\.yml@refs\/heads\/main\./);
		});
		it("Kubernetes subjects that aren't service accounts, and Entra tokens of each kind", () => {
			assert.match(ex('https://westeurope.oic.prod-aks.azure.com/t/c/', 'pod:x'), /The subject 'pod:x' is not a service-account subject\./);
			const entra = 'https://login.microsoftonline.com/3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5/v2.0';
			assert.match(ex(entra, 'oid', { xms_mirid: '/subscriptions/s/resourcegroups/g/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1' }), /managed identity's token \(user-assigned: /);
			assert.match(ex(entra, 'oid', { xms_mirid: '/subscriptions/s/resourcegroups/g/providers/Microsoft.Web/sites/app' }), /\(system-assigned: /);
			assert.match(ex(entra, '/eid1/c/x'), /\/eid1\/ form/);
			assert.match(ex(entra, 'oid'), /a token Microsoft Entra issued to an application\./);
		});
	});

	it('editDistance counts insertions, deletions and substitutions', () => {
		assert.equal(editDistance('', ''), 0);
		assert.equal(editDistance('abc', ''), 3);
		assert.equal(editDistance('', 'ab'), 2);
		assert.equal(editDistance('kitten', 'sitting'), 3);
		assert.equal(editDistance('main', 'main'), 0);
		assert.equal(editDistance('ab', 'ba'), 2);
		assert.equal(editDistance('x'.repeat(2000), 'y'.repeat(10)), 1500);
	});

	describe('explainIssuerDifference', () => {
		it('whitespace, a trailing slash either way, letter case', () => {
			assert.match(explainIssuerDifference(GH, ` ${GH} `), /record's issuer ' https:.* ' has whitespace at its ends/);
			assert.match(explainIssuerDifference(`${GH}/`, GH), /^the token's issuer ends with '\/' and the record's does not/);
			assert.match(explainIssuerDifference(GH, `${GH}/`), /^the record's issuer ends with '\/' \('https:\/\/token\.actions\.githubusercontent\.com\/'\) and the token's does not/);
			assert.match(explainIssuerDifference(GH, GH.toUpperCase()), /differ only in letter case/);
		});
		it("GitHub's enterprise slug on either side", () => {
			assert.match(explainIssuerDifference(`${GH}/acme`, GH), /token carries the enterprise-specific issuer \(slug 'acme'.*record has the default issuer/);
			assert.match(explainIssuerDifference(`${GH}/acme`, `${GH}/other`), /record has the slug 'other'/);
			assert.match(explainIssuerDifference(GH, `${GH}/acme`), /^the record expects the enterprise-specific issuer/);
		});
		it('AKS: another region or tenant, or another cluster of the same tenant', () => {
			const aks = (region: string, tenant: string, cluster: string) => `https://${region}.oic.prod-aks.azure.com/${tenant}/${cluster}/`;
			assert.match(explainIssuerDifference(aks('westeurope', 't1', 'c1'), aks('northeurope', 't1', 'c1')), /another region or tenant/);
			assert.match(explainIssuerDifference(aks('westeurope', 't1', 'c1'), aks('westeurope', 't2', 'c1')), /another region or tenant/);
			assert.match(explainIssuerDifference(aks('westeurope', 't1', 'c1'), aks('westeurope', 't1', 'c2')), /different clusters \(cluster key c1 vs c2\)/);
		});
		it('two Entra issuers; anything else by its first difference', () => {
			assert.match(explainIssuerDifference('https://login.microsoftonline.com/t1/v2.0', 'https://sts.windows.net/t1/'), /both are Entra issuers/);
			assert.equal(explainIssuerDifference('https://a.example/x', 'https://a.example/y'), "the issuers differ ('https://a.example/x' vs 'https://a.example/y'); they first differ at character 19: token 'example/x', record 'example/y'");
			assert.match(explainIssuerDifference('https://a.example', 'https://a.example.org'), /character 18: token \(end\), record '\.example\.org'/);
		});
	});

	describe('explainSubjectDifference', () => {
		it('whitespace and case come first', () => {
			assert.deepEqual(explainSubjectDifference('repo:o/r:pull_request', 'repo:o/r:pull_request '), { why: "the record's subject has whitespace at its ends", fix: "Set the record's subject to 'repo:o/r:pull_request'." });
			assert.match(explainSubjectDifference('repo:O/r:pull_request', 'repo:o/r:pull_request').why, /only in letter case.*AADSTS7002138/);
		});
		it('GitHub: owner, repository, context kind and value, immutable IDs, customised claims', () => {
			assert.match(explainSubjectDifference('repo:a/r:pull_request', 'repo:b/r:pull_request').why, /^the owner differs: the token is from 'a', the record trusts 'b'/);
			assert.match(explainSubjectDifference('repo:o/x:pull_request', 'repo:o/y:pull_request').why, /^the repository differs: the token is from 'x', the record trusts 'y'/);
			const env = explainSubjectDifference('repo:o/r:ref:refs/heads/main', 'repo:o/r:environment:prod');
			assert.match(env.why, /token names branch 'main' but the record trusts environment 'prod': the job references no environment.*\(add 'environment: prod' to the job, or add a record for branch 'main'\)/);
			assert.match(env.fix, /^Set the record's subject to 'repo:o\/r:ref:refs\/heads\/main' verbatim, or change the workflow so it presents 'repo:o\/r:environment:prod'\./);
			assert.match(explainSubjectDifference('repo:o/r:environment:prod', 'repo:o/r:ref:refs/heads/main').why, /environment 'prod' but the record trusts branch 'main': the job references an environment/);
			assert.doesNotMatch(explainSubjectDifference('repo:o/r:environment:prod', 'repo:o/r:ref:refs/heads/main').why, /add 'environment:/);
			assert.match(explainSubjectDifference('repo:o/r:pull_request', 'repo:o/r:ref:refs/tags/v1').why, /pull_request but the record trusts tag 'v1': the workflow was triggered by a pull_request event/);
			assert.match(explainSubjectDifference('repo:o/r:ref:refs/tags/v1', 'repo:o/r:pull_request').why, /tag 'v1' but the record trusts pull_request: the job ran for a tag/);
			assert.match(explainSubjectDifference('repo:o/r:ref:refs/heads/dev', 'repo:o/r:ref:refs/heads/main').why, /^the token names branch 'dev' but the record trusts branch 'main'$/);
			assert.match(explainSubjectDifference('repo:o/r:environment:a', 'repo:o/r:environment:b').why, /^the token names environment 'a' but the record trusts environment 'b'$/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:o/r:pull_request').why, /^the token uses GitHub's immutable subject/);
			assert.match(explainSubjectDifference('repo:o/r:pull_request', 'repo:o@1/r@2:pull_request').why, /^the record uses GitHub's immutable subject form/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:o@1/r@3:pull_request').why, /^the names match but the IDs differ \(owner 1 vs 1, repository 2 vs 3\)/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:p@5/r@2:pull_request').why, /^the owner\/repository IDs differ \(1\/2 vs 5\/2\)/);
		});
		it('GitHub forms against other forms, Kubernetes and Terraform by segment, anything else by its first difference', () => {
			assert.match(explainSubjectDifference('repo:o/r:pull_request', 'custom:o/r').why, /^the token has GitHub's default subject form but the record has 'custom:o\/r' \(a customised template starting with 'custom'/);
			assert.match(explainSubjectDifference('custom:o/r', 'repo:o/r:pull_request').why, /^the token has a customised GitHub subject .* starting 'custom'\), but the record has the default form/);
			const k = explainSubjectDifference('system:serviceaccount:a:sa1', 'system:serviceaccount:b:sa2');
			assert.equal(k.why, "the namespace differs ('a' vs 'b'); the service account differs ('sa1' vs 'sa2')");
			assert.match(k.fix, /serviceAccountName/);
			assert.equal(explainSubjectDifference('system:serviceaccount:a:sa1', 'system:serviceaccount:a:sa2').why, "the service account differs ('sa1' vs 'sa2')");
			const tf = explainSubjectDifference('organization:acme:project:p:workspace:ws:run_phase:plan', 'organization:acme:project:p:workspace:ws:run_phase:apply');
			assert.equal(tf.why, "run_phase differs ('plan' vs 'apply')");
			assert.match(tf.fix, /a record for each run phase/);
			const old = explainSubjectDifference('organization:acme:project:p:workspace:ws:run_phase:plan', 'organization:acme:workspace:ws:run_phase:plan');
			assert.equal(old.why, "the record has no project segment (HCP Terraform added 'project:' to subjects)");
			assert.equal(old.fix, "Set the record's subject to 'organization:acme:project:p:workspace:ws:run_phase:plan'.");
			assert.equal(explainSubjectDifference('organization:acme:workspace:ws', 'organization:acme:project:p:workspace:ws').why, "project differs ('(none)' vs 'p')");
			assert.equal(explainSubjectDifference('abc-1', 'abc-2').why, "they first differ at character 5: token 'abc-1', record 'abc-2'");
			// up to 8 characters of context before the difference
			assert.equal(explainSubjectDifference('0123456789-a', '0123456789-b').why, "they first differ at character 12: token '3456789-a', record '3456789-b'");
		});
	});

	describe('explainAudienceDifference', () => {
		it('case or a trailing slash: make both the token-exchange audience when one of them is it', () => {
			const c = explainAudienceDifference('api://azureadtokenexchange', X, 'github');
			assert.match(c.why, /only in case or a trailing '\/'/);
			assert.equal(c.fix, `Make both exactly '${X}'.`);
			assert.equal(explainAudienceDifference(X, 'api://AzureADTokenExchange/', 'github').fix, `Make both exactly '${X}'.`);
			assert.equal(explainAudienceDifference('https://x.example/', 'https://x.example', 'other').fix, "Make both exactly 'https://x.example/'.");
		});
		it('the sovereign-cloud variants, by name', () => {
			assert.match(explainAudienceDifference(X, `${X}USGov`, 'github').why, /token is for Microsoft Entra ID global service but the record expects Microsoft Entra ID for US Government: a sovereign-cloud mix-up/);
		});
		it("each platform's own default audience", () => {
			assert.match(explainAudienceDifference('https://github.com/acme', X, 'github').why, /GitHub's default audience 'https:\/\/github\.com\/acme'/);
			assert.match(explainAudienceDifference('https://github.com/acme', X, 'github-enterprise-server').fix, /getIDToken/);
			assert.match(explainAudienceDifference('https://kubernetes.default.svc', X, 'kubernetes-aks').fix, /projected service-account token/);
			assert.match(explainAudienceDifference('https://kubernetes.default.svc', X, 'kubernetes').why, /service-account token's audience/);
			assert.match(explainAudienceDifference('https://management.azure.com', X, 'entra').fix, /resource api:\/\/AzureADTokenExchange/);
			const other = explainAudienceDifference('https://a.example', 'https://b.example', 'other');
			assert.equal(other.why, "the audiences differ ('https://a.example' vs 'https://b.example')");
			assert.match(explainAudienceDifference('https://github.com/acme', X, 'gitlab').why, /^the audiences differ/);
		});
	});
	describe('federationFindings', () => {
		const now = new Date('2026-03-01T10:00:00Z');
		const nowS = now.getTime() / 1000;
		const codes = (fs: Finding[]) => fs.map((f) => f.code);
		const one = (fs: Finding[], code: string) => {
			const got = fs.filter((f) => f.code === code);
			assert.equal(got.length, 1, `${code} in ${codes(fs).join(', ')}`);
			return got[0];
		};
		const rec = (name: string, subject: string, issuer = GH, audiences = [X]) => ({ name, issuer, subject, audiences });
		const ctx = (...records: object[]) => ({ now, manifests: [{ label: 'fic.json', text: JSON.stringify(records) }] });
		const token = (claims: Record<string, unknown>) => ({ header: { alg: 'RS256' }, payload: claims, signature: '', signingInput: '' }) as never;

		it('an expired external token: minutes ago, GitHub lifetime note, the fix per platform', () => {
			const gh = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, exp: nowS - 600 }), { now }), 'AADSTS700024');
			assert.match(gh.message, /expired at 2026-03-01T09:50:00\.000Z \(10 minutes ago\).*GitHub's ID tokens are valid for minutes/);
			assert.match(gh.fix, /fresh ID token/);
			const k8s = one(federationFindings(token({ iss: 'https://westeurope.oic.prod-aks.azure.com/t/c/', sub: 'system:serviceaccount:a:b', aud: X, exp: nowS - 60 }), { now }), 'AADSTS700024');
			assert.doesNotMatch(k8s.message, /GitHub/);
			assert.match(k8s.fix, /projected token file again/);
			assert.deepEqual(codes(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, exp: nowS }), { now })).filter((c) => c === 'AADSTS700024'), []);
		});

		it('an nbf more than five minutes ahead is a warning; up to five minutes is nothing', () => {
			const f = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, nbf: nowS + 301, exp: nowS + 900 }), { now }), 'fic-token-not-yet-valid');
			assert.equal(f.severity, 'warning');
			assert.deepEqual(codes(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, nbf: nowS + 300, exp: nowS + 900 }), { now })).filter((c) => c === 'fic-token-not-yet-valid'), []);
		});

		it("700024's window from the error text", () => {
			const text = 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T10:16:50Z, assertion valid from 2026-03-01T10:00:00Z, expiry time of assertion 2026-03-01T10:05:00Z. ClientAssertionCredential';
			const f = one(federationFindings(text, { now }), 'AADSTS700024');
			assert.match(f.message, /^Entra received the external token at 2026-03-01T10:16:50Z, but it was valid only from 2026-03-01T10:00:00Z to 2026-03-01T10:05:00Z\./);
		});

		it('Entra-issued tokens: an app, a system-assigned identity, a user-assigned identity, an /eid1/ subject', () => {
			const iss = 'https://login.microsoftonline.com/3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5/v2.0';
			assert.equal(one(federationFindings(token({ iss, sub: 'x', aud: X }), { now }), 'AADSTS700222').uncertain, true);
			const sys = one(federationFindings(token({ iss, sub: 'x', aud: X, xms_mirid: '/subscriptions/s/providers/Microsoft.Web/sites/a' }), { now }), 'fic-mi-system-assigned');
			assert.equal(sys.severity, 'error');
			const user = one(federationFindings(token({ iss, sub: 'pid', aud: X, tid: 'T1', xms_mirid: '/x/userAssignedIdentities/id' }), { now }), 'fic-managed-identity');
			assert.match(user.message, /docs give https:\/\/login\.microsoftonline\.com\/T1\/v2\.0\), subject 'pid'.*\(tenant T1\)/);
			const noTid = one(federationFindings(token({ iss, sub: 'pid', aud: X, xms_mirid: '/x/userAssignedIdentities/id' }), { now }), 'fic-managed-identity');
			assert.match(noTid.message, /\(tenant \{tenant\}\)/);
			const eid = codes(federationFindings(token({ iss, sub: '/eid1/c/x', aud: X }), { now }));
			assert.ok(!eid.includes('AADSTS700222') && !eid.includes('fic-managed-identity'), eid.join(','));
			assert.ok(!codes(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X }), { now })).includes('AADSTS700222'));
		});

		it("the codes an error carries, each explained once", () => {
			const e = (t: string) => federationFindings(t, { now });
			assert.match(one(e("AADSTS7002137: presented assertion subject 'a'. Please make sure the federated identity credential Subject is 'b'."), 'AADSTS7002137').message, /^Entra states the subject the record must have: 'b' \(the presented one is 'a'\)/);
			assert.match(one(e("AADSTS7002137: x. Please make sure the federated identity credential Subject is 'b'."), 'AADSTS7002137').message, /'b'\. '\{tenantId\}'/);
			assert.equal(e('AADSTS7002137: no subject named').filter((f) => f.code === 'AADSTS7002137').length, 0);
			assert.equal(one(e('AADSTS700222: AAD-issued tokens may not be used'), 'AADSTS700222').severity, 'error');
			assert.equal(one(e('AADSTS700226: Only MSI tokens'), 'AADSTS700226').severity, 'error');
			assert.match(one(e("AADSTS700236: tokens issued by issuer 'https://login.microsoftonline.com/t/v2.0' may not be used"), 'AADSTS700236').message, /comes from 'https:\/\/login\.microsoftonline\.com\/t\/v2\.0'/);
			assert.match(one(e('AADSTS700236: federated'), 'AADSTS700236').message, /comes from a tenant/);
			assert.equal(one(e('AADSTS700238: federated'), 'AADSTS700238').severity, 'error');
			assert.equal(one(e('AADSTS700227: federated'), 'AADSTS700227').uncertain, true);
		});

		it('no records: what the record must hold, from what the input shows', () => {
			const f = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: [X, 'b'] }), { now }), 'fic-no-records');
			assert.match(f.message, new RegExp(`issuer is '${GH.replace(/\./g, '\\.')}', subject 'repo:o/r:pull_request' and audiences \\['${X}', 'b'\\]`));
			const partial = one(federationFindings("AADSTS700213: presented assertion subject 'repo:o/r:pull_request'", { now }), 'fic-no-records');
			assert.match(partial.message, /issuer is the token's iss, subject 'repo:o\/r:pull_request' and audiences \[the token's aud\]/);
			assert.equal(federationFindings('AADSTS700226: Only MSI tokens', { now }).filter((x) => x.code === 'fic-no-records').length, 0);
		});

		it('a masked subject is explained and not compared', () => {
			const fs = federationFindings("AADSTS700213: presented assertion subject '***'", ctx(rec('main', 'repo:o/r:ref:refs/heads/main')));
			assert.ok(codes(fs).includes('fic-subject-masked'));
			assert.ok(!codes(fs).includes('AADSTS700213'));
		});

		it('a match names the values compared; a mismatch names the nearest record, the difference, and the others', () => {
			const records = [rec('main', 'repo:o/r:ref:refs/heads/main'), rec('prod', 'repo:o/r:environment:prod'), rec('tags', 'repo:o/r:ref:refs/tags/v1')];
			const ok = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:environment:prod', aud: X }), ctx(...records)), 'fic-record-matches');
			assert.match(ok.message, /^fic\.json \[1\] \(prod\) matches the presented issuer, subject, audience exactly\.$/);
			const subjectOnly = one(federationFindings("AADSTS700213: presented assertion subject 'repo:o/r:environment:prod'", ctx(...records)), 'fic-record-matches');
			assert.match(subjectOnly.message, /matches the presented subject exactly/);
			const miss = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(...records)), 'AADSTS700213');
			assert.equal(miss.severity, 'error');
			assert.match(miss.message, /^No federated credential in the workspace matches\. The nearest is fic\.json \[0\] \(main\); subject: the token names branch 'dev' but the record trusts branch 'main'\. None of the other 2 records matches either\.$/);
			const two = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(...records.slice(0, 2))), 'AADSTS700213');
			assert.match(two.message, / The other record does not match either\.$/);
			const single = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(records[0])), 'AADSTS700213');
			assert.match(single.message, /branch 'main'\.$/);
		});

		it('the code follows the difference: audience 700212, case-only subject 7002138, issuer 700211', () => {
			const base = rec('main', 'repo:o/r:ref:refs/heads/main');
			assert.ok(codes(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/main', aud: 'https://github.com/o' }), ctx(base))).includes('AADSTS700212'));
			assert.ok(codes(federationFindings(token({ iss: GH, sub: 'repo:O/r:ref:refs/heads/main', aud: X }), ctx(base))).includes('AADSTS7002138'));
			const iss = one(federationFindings(token({ iss: `${GH}/`, sub: 'repo:o/r:ref:refs/heads/main', aud: X }), ctx(base)), 'AADSTS700211');
			assert.match(iss.message, /issuer: the token's issuer ends with '\/'/);
			assert.match(iss.fix, new RegExp(`Set the record's issuer to '${GH.replace(/\./g, '\\.')}/' exactly\\.`));
		});

		it("Entra's 'only when case is ignored' is added when the comparison did not find the case itself", () => {
			const text = "AADSTS7002138: presented assertion subject 'repo:o/r:ref:refs/heads/dev'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.";
			const f = one(federationFindings(text, ctx(rec('main', 'repo:o/r:ref:refs/heads/main'))), 'AADSTS700213');
			assert.match(f.message, /Entra reported that a record matches this subject only when case is ignored/);
			const caseOnly = federationFindings(text.replace("'repo:o/r:ref:refs/heads/dev'", "'repo:O/r:ref:refs/heads/main'"), ctx(rec('main', 'repo:o/r:ref:refs/heads/main')));
			assert.doesNotMatch(one(caseOnly, 'AADSTS7002138').message, /only when case is ignored/);
		});
	});
});
