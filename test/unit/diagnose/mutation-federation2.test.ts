/**
 * Workload identity federation, second pass: the details a user reads in each explanation and finding — what an error
 * text names even when it is wrapped, prefixed with log timestamps or escaped; which platform a bare subject belongs
 * to; each GitHub context in words; the differing character; the record's label; the fix's command or setting.
 * The facts are those federation.ts cites (GitHub's subject forms, azure/login's "Federated token details" block,
 * Entra's AADSTS texts).
 */
import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';
import {
	explainAudienceDifference,
	explainFederationAssertion,
	explainIssuerDifference,
	explainSubjectDifference,
	federationAssertionFromText,
	federationFindings,
	isFederationToken,
} from '../../../src/core/diagnose/federation';

const GH = 'https://token.actions.githubusercontent.com';
const X = 'api://AzureADTokenExchange';
const now = new Date('2026-03-01T10:00:00Z');
const nowS = now.getTime() / 1000;
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const one = (fs: Finding[], code: string): Finding => {
	const got = fs.filter((f) => f.code === code);
	assert.equal(got.length, 1, `${code} in ${codes(fs).join(', ')}`);
	return got[0];
};
const token = (claims: Record<string, unknown>) => ({ header: { alg: 'RS256' }, payload: claims, signature: '', signingInput: '' }) as never;
const rec = (name: string, subject: string, issuer = GH, audiences = [X]) => ({ name, issuer, subject, audiences });
const ctx = (...records: object[]) => ({ now, manifests: [{ label: 'fic.json', text: JSON.stringify(records) }] });
const explain = (subject: string, issuer?: string) => explainFederationAssertion({ issuer, subject, source: 'error' });

describe('diagnose federation: what each message carries', () => {
	describe('recognising a federation token', () => {
		it('an aud that is neither a string nor a list counts as no audience', () => {
			assert.equal(isFederationToken({ iss: 'https://issuer.example', aud: 5 }), false);
			assert.equal(isFederationToken({ iss: 'https://issuer.example', aud: { x: X } }), false);
		});
		it('GitLab: only a subject that starts with project_path:', () => {
			assert.equal(isFederationToken({ iss: 'https://gitlab.com', sub: 'user:project_path:g/p' }), false);
			assert.equal(isFederationToken({ iss: 'https://gitlab.com', sub: 'project_path:g/p:ref_type:tag:ref:v1' }), true);
		});
	});

	describe('the values an error text names', () => {
		it('a line break (CRLF) between the label and the quoted value', () => {
			const text = "AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer:\r\n'https://a.example'. Assertion Subject:\r\n'sub-1'. Assertion Audience:\r\n'aud-1'.";
			const a = federationAssertionFromText(text)!;
			assert.equal(a.issuer, 'https://a.example');
			assert.equal(a.subject, 'sub-1');
			assert.deepEqual(a.audiences, ['aud-1']);
			const b = federationAssertionFromText("AADSTS700211: No matching federated identity record found for presented assertion issuer\r\n'https://b.example'.")!;
			assert.equal(b.issuer, 'https://b.example');
			assert.equal(federationAssertionFromText("AADSTS700213: No matching federated identity record found for presented assertion subject\r\n'repo:o/r:pull_request'.")!.subject, 'repo:o/r:pull_request');
			assert.deepEqual(federationAssertionFromText("AADSTS700212: No matching federated identity record found for presented assertion audience\r\n'https://github.com/o'.")!.audiences, ['https://github.com/o']);
			assert.equal(federationAssertionFromText("AADSTS700236: Entra ID tokens issued by issuer\r\n'https://login.microsoftonline.com/t/v2.0' may not be used")!.issuer, 'https://login.microsoftonline.com/t/v2.0');
			assert.equal(federationAssertionFromText("AADSTS7002137: Please make sure the federated identity credential Subject is\r\n'repo:o/r:environment:prod'.")!.expectedSubject, 'repo:o/r:environment:prod');
		});
		it("azure/login's block as a GitHub log shows it: each line prefixed with its timestamp", () => {
			const text = [
				'2026-03-01T10:00:00.1234567Z Federated token details:',
				'2026-03-01T10:00:00.1234568Z  issuer - https://token.actions.githubusercontent.com',
				'2026-03-01T10:00:00.1234569Z  subject claim - repo:o/r:environment:prod',
				'2026-03-01T10:00:00.1234570Z  audience - api://AzureADTokenExchange',
			].join('\n');
			const a = federationAssertionFromText(text)!;
			assert.equal(a.issuer, GH);
			assert.equal(a.subject, 'repo:o/r:environment:prod');
			assert.deepEqual(a.audiences, [X]);
		});
		it('the block with escaped line breaks and no indentation', () => {
			const a = federationAssertionFromText('Federated token details:\\nissuer - https://token.actions.githubusercontent.com\\nsubject claim - repo:o/r:pull_request\\naudience - api://AzureADTokenExchange\\nError')!;
			assert.equal(a.issuer, GH);
			assert.equal(a.subject, 'repo:o/r:pull_request');
			assert.deepEqual(a.audiences, [X]);
		});
		it('a text with no code and no federation word is not about federation', () => {
			assert.equal(federationAssertionFromText('The build failed: npm ERR! missing script'), undefined);
		});
		it("700024's window keeps only the times, not the spaces around them", () => {
			const a = federationAssertionFromText('AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T10:16:50Z , assertion valid from 2026-03-01T10:00:00Z , expiry time of assertion 2026-03-01T10:05:00Z. ClientAssertionCredential')!;
			assert.deepEqual(a.window, { now: '2026-03-01T10:16:50Z', from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:05:00Z' });
		});
	});

	describe('the platform and the subject in words', () => {
		it('an unknown issuer: the platform comes from the subject form', () => {
			assert.match(explain('repo:o/r:pull_request', 'https://issuer.example'), /^The presented assertion comes from GitHub Actions \(iss 'https:\/\/issuer\.example'\)/);
			assert.match(explain('system:serviceaccount:ns:sa', 'https://issuer.example'), /comes from a Kubernetes cluster/);
		});
		it('each subject form only at the start of the subject', () => {
			for (const sub of ['myrepo:o/r:pull_request', 'x system:serviceaccount:a:b', 'xorganization:o:project:p:workspace:w', 'xproject_path:g/p', 'xsc://org/p/c']) {
				assert.match(explain(sub), /^The presented assertion comes from an external identity provider\.$/, sub);
			}
			assert.match(explain('organization:o:workspace:w:run_phase:plan'), /HCP Terraform/);
			assert.match(explain('project_path:g/p'), /GitLab CI/);
			assert.match(explain('sc://org/proj/conn'), /Azure DevOps.*service connection org\/proj\/conn/);
		});
		it("GitHub: immutable IDs, a ref that is not a branch or tag, a customised subject without context, customised claims", () => {
			assert.match(explain('repo:o@11/r:pull_request'), /o\/r \(owner ID 11, repository ID \?: GitHub's immutable subject form\)/);
			assert.match(explain('repo:o/r@22:pull_request'), /o\/r \(owner ID \?, repository ID 22:/);
			assert.doesNotMatch(explain('repo:o/r:pull_request'), /owner ID/);
			assert.match(explain('repo:o/r:ref:refs/pull/7/merge'), /a job in o\/r for ref 'refs\/pull\/7\/merge'/);
			assert.match(explain('repo:o/r'), /a job in o\/r, with a customised subject that names no branch, tag, environment or pull request/);
			assert.match(explain('repo:o/r:ref:refs/tags/v1'), /ran for tag 'v1' and references no environment/);
			assert.match(explain('repo:o/r:ref:refs/heads/main:job_workflow_ref:o/w/.github/workflows/d.yml@refs/heads/main'), /branch 'main'.*; customised claims job_workflow_ref=o\/w\/\.github\/workflows\/d\.yml@refs\/heads\/main/);
			assert.doesNotMatch(explain('repo:o/r:ref:refs/heads/main'), /customised claims/);
		});
		it('GitHub: a customised subject names its first key; the enterprise slug; the reusable workflow', () => {
			assert.match(explain('repository_owner_id:123:repository_id:456', GH), /customised GitHub subject \(include_claim_keys, starting with 'repository_owner_id'\)/);
			assert.doesNotMatch(explain(':x', GH), /starting with/);
			assert.match(explain('repo:o/r:pull_request', `${GH}/acme`), /enterprise slug 'acme'/);
			assert.doesNotMatch(explain('repo:o/r:pull_request', GH), /enterprise slug/);
			assert.doesNotMatch(explain('repo:o/r:pull_request', 'https://ghes.contoso.com/_services/token'), /enterprise slug/);
			assert.doesNotMatch(explain('repo:o/r:pull_request', `${GH}/acme/x`), /enterprise slug/);
			const wf = explainFederationAssertion({ issuer: GH, subject: 'repo:o/r:pull_request', claims: { job_workflow_ref: 'o/w/.github/workflows/d.yml@refs/heads/main' }, source: 'token' });
			assert.match(wf, /^This token comes from GitHub Actions.* The job runs the reusable workflow o\/w\/\.github\/workflows\/d\.yml@refs\/heads\/main\./);
			assert.doesNotMatch(explainFederationAssertion({ issuer: GH, subject: 'repo:o/r:pull_request', claims: {}, source: 'token' }), /reusable workflow/);
			assert.equal(explainFederationAssertion({ issuer: GH, source: 'error' }), `The presented assertion comes from GitHub Actions (iss '${GH}').`);
		});
		it('Kubernetes, GitLab, Terraform, Azure DevOps and Entra subjects in words', () => {
			const aks = 'https://westeurope.oic.prod-aks.azure.com/t/c/';
			assert.match(explain('system:serviceaccount:ns:sa', aks), /service account 'sa' in namespace 'ns'/);
			assert.match(explain('x:system:serviceaccount:ns:sa', aks), /The subject 'x:system:serviceaccount:ns:sa' is not a service-account subject/);
			assert.match(explain('system:serviceaccount:ns:sa:extra', aks), /is not a service-account subject/);
			assert.match(explain('project_path:g/p:ref_type:branch:ref:main', 'https://gitlab.com'), /The subject is project 'g\/p', branch 'main'\./);
			assert.match(explain('project_path:g/p', 'https://gitlab.com'), /The subject is project 'g\/p'\.$/);
			assert.doesNotMatch(explain('user:project_path:g/p', 'https://gitlab.com'), /The subject is project/);
			assert.match(explain('organization:acme:workspace:ws:run_phase:apply', 'https://app.terraform.io'), /organization 'acme', project '\(none: old format\)', workspace 'ws', run phase 'apply'/);
			assert.match(explain('organization:acme', 'https://app.terraform.io'), /workspace '\?', run phase '\?'/);
			assert.match(explain('sc://org/proj/conn', 'https://vstoken.dev.azure.com/x'), /service connection org\/proj\/conn \(/);
			assert.match(explain('x-sc://org/proj/conn', 'https://vstoken.dev.azure.com/x'), /service connection x-sc:\/\/org\/proj\/conn/);
			const entra = 'https://login.microsoftonline.com/t/v2.0';
			const sys = explainFederationAssertion({ issuer: entra, subject: 'p', claims: { xms_mirid: '/subscriptions/s/providers/Microsoft.Web/sites/a' }, source: 'token' });
			assert.match(sys, /managed identity's token \(system-assigned: \/subscriptions/);
			assert.match(explainFederationAssertion({ issuer: entra, subject: 'p', claims: { xms_mirid: 5 }, source: 'token' }), /issued to an application/);
		});
	});

	describe('why an issuer differs', () => {
		it('whitespace is reported when the token has it too, and several trailing slashes count as one difference', () => {
			assert.match(explainIssuerDifference(` ${GH}`, GH), /has whitespace at its ends/);
			assert.match(explainIssuerDifference(`${GH}//`, GH), /^the token's issuer ends with '\/'/);
		});
		it('a GitHub issuer with a prefix or a path is no enterprise issuer', () => {
			assert.doesNotMatch(explainIssuerDifference(`${GH}/acme/extra`, GH), /enterprise/);
			assert.doesNotMatch(explainIssuerDifference(`x${GH}/acme`, GH), /enterprise/);
			assert.match(explainIssuerDifference('https://other.example', `${GH}/acme`), /^the issuers differ/);
			assert.match(explainIssuerDifference(`${GH}/acme`, 'https://other.example'), /^the issuers differ/);
		});
		it('AKS only when both issuers are AKS issuers of exactly that form', () => {
			assert.match(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1', 'https://westeurope.oic.prod-aks.azure.com/t/c2'), /cluster key c1 vs c2/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/x', 'https://westeurope.oic.prod-aks.azure.com/t/c2/x'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/', 'https://westeurope.oic.prod-aks.azure.com/t/c2/x'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('x://westeurope.oic.prod-aks.azure.com/t/c1/', 'https://westeurope.oic.prod-aks.azure.com/t/c2/'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/', 'x://westeurope.oic.prod-aks.azure.com/t/c2/'), /AKS/);
		});
		it('Entra only when both are Entra issuers', () => {
			assert.doesNotMatch(explainIssuerDifference('https://login.microsoftonline.com/t/v2.0', GH), /both are Entra/);
			assert.doesNotMatch(explainIssuerDifference(GH, 'https://login.microsoftonline.com/t/v2.0'), /both are Entra/);
		});
		it('the first difference: the character number and a window from both values', () => {
			assert.match(explainIssuerDifference('https://a.example.org', 'https://a.example'), /character 18: token '\.example\.org', record \(end\)/);
			assert.match(explainIssuerDifference('https://abc.example', 'https://abd.example'), /character 11: token 'tps:\/\/abc\.example', record 'tps:\/\/abd\.example'/);
		});
	});

	describe('why a subject differs', () => {
		it('whitespace on either side; the case-only fix names owner, repository and environment', () => {
			assert.equal(explainSubjectDifference(' repo:o/r:pull_request', 'repo:o/r:pull_request').why, "the record's subject has whitespace at its ends");
			assert.match(explainSubjectDifference('repo:O/r:pull_request', 'repo:o/r:pull_request').fix, /^Set the record's subject to 'repo:O\/r:pull_request' exactly, including the case/);
		});
		it('immutable IDs: only the owner ID, or only the repository ID, still counts as the immutable form', () => {
			assert.match(explainSubjectDifference('repo:o@1/r:pull_request', 'repo:o/r:pull_request').why, /^the token uses GitHub's immutable subject/);
			assert.match(explainSubjectDifference('repo:o/r@2:pull_request', 'repo:o/r:pull_request').why, /^the token uses GitHub's immutable subject/);
			assert.match(explainSubjectDifference('repo:o/r:pull_request', 'repo:o/r@2:pull_request').why, /^the record uses GitHub's immutable subject form/);
			assert.match(explainSubjectDifference('repo:o/r:pull_request', 'repo:o@1/r:pull_request').why, /^the record uses GitHub's immutable subject form/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:o@1/r@2:environment:e').why, /^the token names pull_request/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:p@1/r@2:pull_request').why, /^the owner differs/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:O@1/x@2:pull_request').why, /^the owner differs/);
			assert.match(explainSubjectDifference('repo:O@1/r@2:pull_request', 'repo:o@1/r@3:pull_request').why, /^the names match but the IDs differ/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:o@1/x@3:pull_request').why, /^the owner\/repository IDs differ \(1\/2 vs 1\/3\)/);
			assert.match(explainSubjectDifference('repo:o@1/r@2:pull_request', 'repo:o@1/r@2:ref:refs/heads/main').why, /^the token names pull_request but the record trusts branch 'main'/);
		});
		it("a record's short ref against GitHub's full branch ref", () => {
			assert.equal(explainSubjectDifference('repo:o/r:ref:refs/heads/main', 'repo:o/r:ref:main').why, "the record writes 'ref:main' but GitHub sends the full ref 'ref:refs/heads/main'");
			assert.match(explainSubjectDifference('repo:o/r:ref:refs/heads/dev', 'repo:o/r:ref:main').why, /^the token names branch 'dev' but the record trusts ref 'main': the job references no environment/);
			assert.match(explainSubjectDifference('repo:o/r:ref:refs/tags/main', 'repo:o/r:ref:main').why, /^the token names tag 'main' but the record trusts ref 'main'/);
			assert.match(explainSubjectDifference('repo:o/r:ref:main', 'repo:o/r:ref:refs/heads/main').why, /^the token names ref 'main' but the record trusts branch 'main': $/);
		});
		it('the kind differs: the reason, and the environment advice only when the record trusts an environment', () => {
			const env = explainSubjectDifference('repo:o/r:pull_request', 'repo:o/r:environment:prod').why;
			assert.match(env, /the workflow was triggered by a pull_request event .* \(add 'environment: prod' to the job, or add a record for pull_request\)$/);
			assert.doesNotMatch(explainSubjectDifference('repo:o/r:environment:prod', 'repo:o/r:pull_request').why, /add 'environment/);
			assert.match(explainSubjectDifference('repo:o/r', 'repo:o/r:environment:prod').why, /^the token names a customised subject but the record trusts environment 'prod': the token has a customised subject \(add 'environment: prod' to the job, or add a record for a customised subject\)$/);
			assert.match(explainSubjectDifference('repo:o/r:environment:prod', 'repo:o/r').why, /^the token names environment 'prod' but the record trusts a customised subject: the job references an environment/);
			assert.match(explainSubjectDifference('repo:o/r:ref:refs/heads/main', 'repo:o/r:pull_request').why, /: the job references no environment and was not triggered by a pull_request event, so GitHub sends the branch/);
		});
		it('the same kind with another value; customised claims on either side', () => {
			assert.equal(explainSubjectDifference('repo:o/r:ref:refs/tags/v1', 'repo:o/r:ref:refs/tags/v2').why, "the token names tag 'v1' but the record trusts tag 'v2'");
			assert.equal(explainSubjectDifference('repo:o/r:ref:x', 'repo:o/r:ref:y').why, "the token names ref 'x' but the record trusts ref 'y'");
			const claims = explainSubjectDifference('repo:o/r:pull_request:job_workflow_ref:a', 'repo:o/r:pull_request');
			assert.equal(claims.why, "the token carries customised claims 'job_workflow_ref:a' (subject template with include_claim_keys) that the record lacks");
			assert.match(claims.fix, /^Set the record's subject to 'repo:o\/r:pull_request:job_workflow_ref:a' verbatim/);
			assert.equal(explainSubjectDifference('repo:o/r:pull_request:job_workflow_ref:a', 'repo:o/r:pull_request:job_workflow_ref:b').why, "the token carries customised claims 'job_workflow_ref:a' (subject template with include_claim_keys) that the record writes as 'job_workflow_ref:b'");
			assert.equal(explainSubjectDifference('repo:o/r:pull_request', 'repo:o/r:pull_request:context:x:a:b').why, "the record adds 'context:x:a:b', which the token's subject does not carry");
			assert.equal(explainSubjectDifference('repo:o/r:pull_request:a:1:b:2', 'repo:o/r:pull_request:a:1').why, "the token carries customised claims 'a:1:b:2' (subject template with include_claim_keys) that the record writes as 'a:1'");
		});
		it('two GitHub subjects with nothing found to differ: the first difference', () => {
			// '%3A' is how GitHub writes ':' inside a value; the parser keeps it, so only the first difference can tell
			const d = explainSubjectDifference('repo:o/r:environment:a%3Ab', 'repo:o/r:environment:a%3Ab ');
			assert.match(d.why, /whitespace/);
			assert.match(explainSubjectDifference('repo:o/r', 'repo:o/r:').why, /^(?!$)/);
		});
		it('Kubernetes: both must be whole service-account subjects', () => {
			assert.doesNotMatch(explainSubjectDifference('x:system:serviceaccount:a:b', 'system:serviceaccount:a:c').why, /service account differs/);
			assert.doesNotMatch(explainSubjectDifference('system:serviceaccount:a:b', 'system:serviceaccount:a:c:d').why, /service account differs/);
			assert.doesNotMatch(explainSubjectDifference('system:serviceaccount:a:b', 'x').why, /service account differs/);
			assert.equal(explainSubjectDifference('system:serviceaccount:a:b', 'system:serviceaccount:c:b').why, "the namespace differs ('a' vs 'c')");
			assert.match(explainSubjectDifference('system:serviceaccount:a:b', 'system:serviceaccount:c:b').fix, /^Set the record's subject to 'system:serviceaccount:a:b', or run the pod/);
		});
		it('Terraform: both must start with organization:; the fix for a phase or another segment', () => {
			assert.doesNotMatch(explainSubjectDifference('organization:a:workspace:w', 'x').why, /differs \(/);
			assert.doesNotMatch(explainSubjectDifference('x', 'organization:a:workspace:w').why, /differs \(/);
			assert.doesNotMatch(explainSubjectDifference('xorganization:a:workspace:w', 'xorganization:b:workspace:w').why, /organization differs/);
			const ws = explainSubjectDifference('organization:a:project:p:workspace:w1:run_phase:plan', 'organization:a:project:p:workspace:w2:run_phase:plan');
			assert.equal(ws.why, "workspace differs ('w1' vs 'w2')");
			assert.equal(ws.fix, "Set the record's subject to 'organization:a:project:p:workspace:w1:run_phase:plan'.");
			assert.equal(explainSubjectDifference('organization:a:project:p:workspace:w', 'organization:b:project:p:workspace:w').why, "organization differs ('a' vs 'b')");
		});
	});

	describe('edge forms of each difference', () => {
		it('several trailing slashes on the record; AKS and Terraform forms checked on each side', () => {
			assert.match(explainIssuerDifference(GH, `${GH}//`), /^the record's issuer ends with '\/'/);
			assert.match(explainAudienceDifference('https://x.example', 'https://x.example//', 'other').why, /only in case or a trailing '\/'/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/x', 'https://westeurope.oic.prod-aks.azure.com/t/c2/'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/', 'https://westeurope.oic.prod-aks.azure.com/t/c2/x'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('xhttps://westeurope.oic.prod-aks.azure.com/t/c1/', 'https://westeurope.oic.prod-aks.azure.com/t/c2/'), /AKS/);
			assert.doesNotMatch(explainIssuerDifference('https://westeurope.oic.prod-aks.azure.com/t/c1/', 'xhttps://westeurope.oic.prod-aks.azure.com/t/c2/'), /AKS/);
			assert.match(explainSubjectDifference('xorganization:a:workspace:w', 'organization:a:workspace:w2').why, /^they first differ/);
			assert.match(explainSubjectDifference('organization:a:workspace:w', 'xorganization:a:workspace:w2').why, /^they first differ/);
			assert.match(explainAudienceDifference(X, 'api://AzureADTokenExchangeX', 'github').why, /but the record expects api:\/\/AzureADTokenExchangeX: a sovereign-cloud mix-up/);
		});
		it('GitHub: several differences joined; IDs on one side only partly; the same context named once', () => {
			assert.match(explainSubjectDifference('repo:a/x:pull_request', 'repo:b/y:pull_request').why, /trusts 'b' \(.*\); the repository differs/);
			assert.match(explainSubjectDifference('repo:o/r@2:pull_request', 'repo:o@1/r@2:pull_request').why, /^they first differ/);
			assert.doesNotMatch(explainSubjectDifference('repo:a/r:ref:refs/heads/main', 'repo:b/r:ref:refs/heads/main').why, /token names/);
		});
	});

	describe('more subjects in words', () => {
		it('GitHub Enterprise Server subjects, several customised claims, a GitLab subject of another form', () => {
			assert.match(explain('repo:o/r:pull_request', 'https://ghes.contoso.com/_services/token'), /GitHub Enterprise Server Actions.*triggered by a pull_request event/);
			assert.match(explain('repo:o/r:pull_request:a:1:b:2'), /customised claims a=1, b=2\.$/);
			assert.doesNotMatch(explain('project_path:g/p:x:y', 'https://gitlab.com'), /The subject is project/);
		});
	});

	describe('why an audience differs', () => {
		it('several trailing slashes; the sovereign names; GitHub only by its own URL', () => {
			assert.match(explainAudienceDifference('https://x.example//', 'https://x.example', 'other').why, /only in case or a trailing '\/'/);
			assert.match(explainAudienceDifference(`${X}China`, `${X}USGov`, 'github').why, /token is for Microsoft Entra China operated by 21Vianet but the record expects Microsoft Entra ID for US Government/);
			assert.match(explainAudienceDifference('api://AzureADTokenExchangeX', X, 'github').why, /token is for api:\/\/AzureADTokenExchangeX but/);
			assert.match(explainAudienceDifference('https://host/https://github.com/o', X, 'github').why, /^the audiences differ/);
			assert.match(explainAudienceDifference('https://management.azure.com', X, 'entra').why, /requested for 'https:\/\/management\.azure\.com' rather than for the token exchange/);
			assert.match(explainAudienceDifference('https://a.example', 'https://b.example', 'other').fix, /^Request the external token with audience 'https:\/\/b\.example', or set the record's audience/);
		});
	});

	describe('findings', () => {
		it('the token explained first, with a fix; no masked-subject note for a plain subject', () => {
			const fs = federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X }), { now });
			const t = one(fs, 'fic-token');
			assert.equal(t.severity, 'info');
			assert.match(t.fix ?? '', /compare it with the federated credentials/);
			assert.ok(!codes(fs).includes('fic-subject-masked'));
			assert.equal(federationFindings('AADSTS700226: Only MSI tokens', { now }).filter((f) => f.code === 'fic-token').length, 0);
			assert.equal(one(federationFindings("AADSTS700211: presented assertion issuer 'https://a.example'", { now }), 'fic-token').severity, 'info');
		});
		it('a masked subject: why, and how to compare by hand', () => {
			const f = one(federationFindings("AADSTS700213: presented assertion subject '***'", { now }), 'fic-subject-masked');
			assert.equal(f.severity, 'info');
			assert.match(f.message, /'\*\*\*'.*secret/);
			assert.match(f.fix ?? '', /Decode the ID token/);
		});
		it("no records: an info naming where to find them; only the aud's strings are listed", () => {
			const f = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: [X, 42] }), { now }), 'fic-no-records');
			assert.equal(f.severity, 'info');
			assert.match(f.message, new RegExp(`audiences \\['${X}'\\]`));
			assert.match(f.fix ?? '', /az ad app federated-credential list --id APP_ID/);
			const badAud = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: 5 }), { now }), 'fic-no-records');
			assert.match(badAud.message, /audiences \[\]/);
			const noSub = one(federationFindings("AADSTS700211: presented assertion issuer 'https://a.example'", { now }), 'fic-no-records');
			assert.match(noSub.message, /issuer is 'https:\/\/a\.example', subject the token's sub and audiences \[the token's aud\]/);
		});
		it('a token without sub or aud is compared on what it has', () => {
			const fs = federationFindings(token({ iss: GH, aud: X }), ctx(rec('main', 'repo:o/r:ref:refs/heads/main')));
			assert.ok(!codes(fs).includes('fic-record-matches'), codes(fs).join(','));
			const f = one(fs, 'AADSTS70021');
			assert.match(f.message, /The nearest is fic\.json \[0\] \(main\); it differs in a value the input does not show\.$/);
			assert.match(f.fix ?? '', /az ad app federated-credential list/);
		});
		it('an issuer alone matches no record: Entra needs the subject too', () => {
			const fs = federationFindings("AADSTS700211: presented assertion issuer 'https://token.actions.githubusercontent.com'", ctx(rec('main', 'repo:o/r:ref:refs/heads/main')));
			assert.ok(!codes(fs).includes('fic-record-matches'));
			assert.equal(one(fs, 'AADSTS70021').severity, 'error');
		});
		it('a match: severity info; the claimsMatchingExpression note only for a flexible record; audience by any of the list', () => {
			const m = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: ['https://x', X] }), ctx(rec('pr', 'repo:o/r:pull_request'))), 'fic-record-matches');
			assert.equal(m.severity, 'info');
			assert.doesNotMatch(m.message, /claimsMatchingExpression/);
			assert.match(m.fix ?? '', /propagate/);
			const flex = [{ name: 'any', issuer: GH, subject: null, audiences: [X], claimsMatchingExpression: { value: "claims['sub'] matches 'repo:o/r:*'", languageVersion: 1 } }];
			assert.match(one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X }), ctx(...flex)), 'fic-record-matches').message, /\(by its claimsMatchingExpression\)/);
			assert.match(one(federationFindings("AADSTS700213: presented assertion subject 'repo:o/r:pull_request'", ctx(...flex)), 'fic-record-matches').message, /claimsMatchingExpression/);
			const no = one(federationFindings("AADSTS700213: presented assertion subject 'repo:x/r:pull_request'", ctx(...flex)), 'AADSTS700213');
			assert.match(no.message, /subject: 'repo:x\/r:pull_request' does not satisfy the record's claimsMatchingExpression/);
			assert.match(no.fix ?? '', /^Widen the expression/);
			// the expression reads the token's other claims too
			const byClaim = [{ name: 'env', issuer: GH, subject: null, audiences: [X], claimsMatchingExpression: { value: "claims['sub'] matches 'repo:o/r:*' and claims['job_workflow_ref'] eq 'o/w/.github/workflows/d.yml@refs/heads/main'", languageVersion: 1 } }];
			const tok = token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, job_workflow_ref: 'o/w/.github/workflows/d.yml@refs/heads/main' });
			assert.ok(codes(federationFindings(tok, ctx(...byClaim))).includes('fic-record-matches'));
		});
		it('a record that differs only in audience: the audience and its fix, code 700212', () => {
			const f = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: 'https://github.com/o' }), ctx(rec('pr', 'repo:o/r:pull_request'))), 'AADSTS700212');
			assert.match(f.message, /; audience: the token has GitHub's default audience 'https:\/\/github\.com\/o'/);
			assert.match(f.fix, /^Request the ID token with audience api:\/\/AzureADTokenExchange/);
		});
		it('the nearest record is the one closest in issuer, subject and audience together', () => {
			const records = [rec('far', 'repo:o/r:ref:refs/heads/main', 'https://app.terraform.io', ['https://other']), rec('near', 'repo:o/r:ref:refs/heads/main', GH, [X])];
			const f = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(...records)), 'AADSTS700213');
			assert.match(f.message, /The nearest is fic\.json \[1\] \(near\)/);
			const byIssuer = [rec('a', 'repo:o/r:ref:refs/heads/dev', 'https://issuer.example/aaaaaaaaaaaaaaaaaa'), rec('b', 'repo:o/r:ref:refs/heads/dex', GH)];
			assert.match(one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(...byIssuer)), 'AADSTS700213').message, /nearest is fic\.json \[1\] \(b\)/);
			const byAud = [rec('a', 'repo:o/r:ref:refs/heads/dex', GH, ['https://zzzzzzzzzzzzzzzzzzzzzzzz']), rec('b', 'repo:o/r:ref:refs/heads/dey', GH, [X])];
			assert.match(one(federationFindings(token({ iss: GH, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(...byAud)), 'AADSTS700213').message, /nearest is fic\.json \[1\] \(b\)/);
		});
		it('issuer and subject both differ: both explained, both fixed, code 700211', () => {
			const f = one(federationFindings(token({ iss: `${GH}/acme`, sub: 'repo:o/r:ref:refs/heads/dev', aud: X }), ctx(rec('main', 'repo:o/r:ref:refs/heads/main'))), 'AADSTS700211');
			assert.match(f.message, /subject: the token names branch 'dev'.*; issuer: the token carries the enterprise-specific issuer/);
			assert.match(f.fix, /verbatim.* Set the record's issuer to 'https:\/\/token\.actions\.githubusercontent\.com\/acme' exactly\./);
		});
		it("Entra's case-insensitive note comes with its fix", () => {
			const text = "AADSTS7002138: presented assertion subject 'repo:o/r:ref:refs/heads/dev'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.";
			const f = one(federationFindings(text, ctx(rec('main', 'repo:o/r:ref:refs/heads/main'))), 'AADSTS700213');
			assert.match(f.fix, /Compare the case of every character of the subject/);
		});
		it('times: the expiry message and fix; nbf in ISO form; 700024 only with its code', () => {
			const gh = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, exp: nowS - 600 }), { now }), 'AADSTS700024');
			assert.equal(gh.severity, 'error');
			assert.match(gh.message, /so a token fetched at the start of a long job/);
			assert.match(gh.fix ?? '', /run azure\/login again/);
			const other = one(federationFindings(token({ iss: 'https://gitlab.com', sub: 'project_path:g/p', aud: X, exp: nowS - 600 }), { now }), 'AADSTS700024');
			assert.doesNotMatch(other.message, /GitHub|Stryker/);
			assert.match(other.fix ?? '', /fresh ID token/);
			assert.equal(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, exp: String(nowS - 600) }), { now }).filter((f) => f.code === 'AADSTS700024').length, 0);
			const nbf = one(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, nbf: nowS + 3600 }), { now }), 'fic-token-not-yet-valid');
			assert.match(nbf.message, /^The token's nbf is 2026-03-01T11:00:00\.000Z, more than 5 minutes after the time used here \(2026-03-01T10:00:00\.000Z\)\.$/);
			assert.match(nbf.fix ?? '', /clock/);
			assert.equal(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, nbf: String(nowS + 3600) }), { now }).filter((f) => f.code === 'fic-token-not-yet-valid').length, 0);
			const text = 'AADSTS700024: Client assertion is not within its valid time range. Current time: 2026-03-01T10:16:50Z, assertion valid from 2026-03-01T10:00:00Z, expiry time of assertion 2026-03-01T10:05:00Z. ClientAssertionCredential';
			const w = one(federationFindings(text, { now }), 'AADSTS700024');
			assert.equal(w.severity, 'error');
			assert.match(w.fix ?? '', /Fetch a new ID token for each exchange/);
			assert.equal(federationFindings(text.replace('AADSTS700024', 'AADSTS700213'), { now }).filter((f) => f.code === 'AADSTS700024').length, 0);
			assert.equal(federationFindings('AADSTS700024: Client assertion is not within its valid time range. federated', { now }).filter((f) => f.code === 'AADSTS700024').length, 0);
		});
		it('Entra-issued tokens: the messages and fixes; a token from another issuer gets none', () => {
			const iss = 'https://login.microsoftonline.com/t/v2.0';
			const sys = one(federationFindings(token({ iss, sub: 'x', aud: X, xms_mirid: '/subscriptions/s/providers/Microsoft.Web/sites/a' }), { now }), 'fic-mi-system-assigned');
			assert.match(sys.message, /system-assigned managed identity's token \(\/subscriptions\/s\/providers\/Microsoft\.Web\/sites\/a\)/);
			assert.match(sys.fix ?? '', /Create a user-assigned identity/);
			const app = one(federationFindings(token({ iss, sub: 'x', aud: X }), { now }), 'AADSTS700222');
			assert.match(app.message, /issued by Microsoft Entra to an application/);
			assert.match(app.fix ?? '', /Authenticate the app with a certificate/);
			const ua = one(federationFindings(token({ iss, aud: X, xms_mirid: '/x/userAssignedIdentities/id' }), { now }), 'fic-managed-identity');
			assert.equal(ua.severity, 'info');
			assert.match(ua.message, /subject 'the identity's principal ID'/);
			assert.match(ua.fix ?? '', /federated credential/);
			const uaSub = one(federationFindings(token({ iss, sub: '/eid1/x', aud: X, xms_mirid: '/x/userAssignedIdentities/id' }), { now }), 'fic-managed-identity');
			assert.match(uaSub.message, /subject '\/eid1\/x'/);
			const ghCodes = codes(federationFindings(token({ iss: GH, sub: 'repo:o/r:pull_request', aud: X, xms_mirid: '/subscriptions/s/providers/Microsoft.Web/sites/a' }), { now }));
			assert.ok(!ghCodes.includes('fic-mi-system-assigned') && !ghCodes.includes('fic-managed-identity'), ghCodes.join(','));
		});
		it('the codes an error carries: messages and fixes', () => {
			const e = (t: string) => federationFindings(t, { now });
			const c37 = one(e("AADSTS7002137: presented assertion subject 'a'. Please make sure the federated identity credential Subject is 'b'."), 'AADSTS7002137');
			assert.equal(c37.severity, 'error');
			assert.match(c37.fix ?? '', /presented subject verbatim/);
			assert.equal(e("Please make sure the federated identity credential Subject is 'b'.").filter((f) => f.code === 'AADSTS7002137').length, 0);
			const c222 = one(e('AADSTS700222: AAD-issued tokens may not be used'), 'AADSTS700222');
			assert.match(c222.message, /user-assigned managed identity/);
			assert.match(c222.fix ?? '', /authenticate with a certificate/);
			assert.equal(c222.uncertain, true);
			assert.equal(federationFindings("AADSTS70021: presented assertion subject 'repo:o/r:pull_request'", { now }).filter((f) => f.code === 'AADSTS700222').length, 0);
			const c226 = one(e('AADSTS700226: Only MSI tokens'), 'AADSTS700226');
			assert.match(c226.message, /only managed identity tokens/);
			assert.match(c226.fix ?? '', /user-assigned managed identity's token/);
			const c236 = one(e('AADSTS700236: federated'), 'AADSTS700236');
			assert.equal(c236.severity, 'error');
			assert.match(c236.fix ?? '', /identity's tenant/);
			const c238 = one(e('AADSTS700238: federated'), 'AADSTS700238');
			assert.match(c238.message, /another cloud/);
			assert.match(c238.fix ?? '', /same cloud/);
			const c227 = one(e('AADSTS700227: federated'), 'AADSTS700227');
			assert.equal(c227.severity, 'error');
			assert.match(c227.message, /audience/);
			assert.match(c227.fix ?? '', /api:\/\/AzureADTokenExchange/);
		});
	});
});
