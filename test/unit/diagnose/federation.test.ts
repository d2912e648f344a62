/**
 * Workload identity federation diagnosis: external tokens signed here at run time (RS256, Node crypto; decoding
 * only needs the shape), error texts in the forms Entra and azure/login print, and federated credentials in every
 * export shape as the workspace context.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { diagnose, type DiagnoseContext } from '../../../src/core/diagnose';
import { editDistance, federatedRecordsInContext, federationAssertionFromText, federationFindings, isFederationToken, looksLikeFederationError } from '../../../src/core/diagnose/federation';
import type { Finding } from '../../../src/core/findings';
import { decodeJwt } from '../../../src/core/jwt/decode';

const GH = 'https://token.actions.githubusercontent.com';
const AUD = 'api://AzureADTokenExchange';
const NOW = new Date('2026-11-29T12:00:00Z');
const T = Math.floor(NOW.getTime() / 1000);
let key: KeyObject;

before(() => {
	key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
});

function jwt(payload: Record<string, unknown>): string {
	const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
	const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}`;
	return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function github(sub: string, extra: Record<string, unknown> = {}): string {
	return jwt({ jti: 'a1', sub, aud: AUD, iss: GH, iat: T - 30, nbf: T - 60, exp: T + 270, repository: 'contoso/app', ref: 'refs/heads/main', event_name: 'push', ...extra });
}

function record(name: string, subject: string, over: Record<string, unknown> = {}) {
	return { name, issuer: GH, subject, audiences: [AUD], description: '', ...over };
}

const ctx = (...manifests: { label: string; text: string }[]): DiagnoseContext => ({ now: NOW, manifests });
const codes = (f: Finding[]) => f.map((x) => x.code);
const find = (f: Finding[], code: string) => {
	const x = f.find((y) => y.code === code);
	assert.ok(x, `expected ${code} in ${JSON.stringify(codes(f))}`);
	return x;
};

describe('federation: recognising and explaining the token', () => {
	it('isFederationToken: CI and cluster tokens yes; client assertions and Graph tokens no', () => {
		assert.equal(isFederationToken(decodeJwt(github('repo:contoso/app:pull_request')).payload), true);
		assert.equal(isFederationToken({ iss: 'https://eastus.oic.prod-aks.azure.com/t/c/', sub: 'system:serviceaccount:a:b', aud: 'https://kubernetes.default.svc' }), true);
		assert.equal(isFederationToken({ iss: 'https://app.terraform.io', sub: 'organization:o:project:p:workspace:w:run_phase:plan', aud: 'x' }), true);
		assert.equal(isFederationToken({ iss: 'https://login.microsoftonline.com/t/v2.0', sub: 'oid', aud: [AUD] }), true);
		const guid = '6a0f4b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
		assert.equal(isFederationToken({ iss: guid, sub: guid, aud: 'https://login.microsoftonline.com/t/oauth2/v2.0/token' }), false);
		assert.equal(isFederationToken({ iss: 'https://sts.windows.net/t/', sub: 'x', aud: 'https://graph.microsoft.com', tid: 't' }), false);
	});

	it('explains GitHub subjects: branch, tag, environment, pull request, immutable IDs', () => {
		const explain = (sub: string) => find(federationFindings(decodeJwt(github(sub)), ctx()), 'fic-token').message;
		assert.match(explain('repo:contoso/app:ref:refs/heads/release/1.0'), /GitHub Actions.*branch 'release\/1\.0'.*no environment/);
		assert.match(explain('repo:contoso/app:ref:refs/tags/v2'), /tag 'v2'/);
		assert.match(explain('repo:contoso/app:environment:Production'), /environment 'Production'/);
		assert.match(explain('repo:contoso/app:pull_request'), /pull_request event/);
		assert.match(explain('repo:contoso@123456/app@456789:ref:refs/heads/main'), /owner ID 123456, repository ID 456789/);
		assert.match(explain('repository_owner_id:123456:repository_id:456789'), /customised GitHub subject/);
	});

	it('explains Kubernetes and Terraform subjects', () => {
		const k8s = jwt({ iss: 'https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/', sub: 'system:serviceaccount:payments:api', aud: [AUD], exp: T + 3600, 'kubernetes.io': { namespace: 'payments' } });
		assert.match(find(federationFindings(decodeJwt(k8s), ctx()), 'fic-token').message, /AKS.*service account 'api' in namespace 'payments'/);
		const tfc = jwt({ iss: 'https://app.terraform.io', sub: 'organization:acme:project:Default Project:workspace:net:run_phase:apply', aud: AUD, exp: T + 3600 });
		assert.match(find(federationFindings(decodeJwt(tfc), ctx()), 'fic-token').message, /workspace 'net', run phase 'apply'/);
	});
});

describe('federation: comparing with the workspace records', () => {
	const list = JSON.stringify([record('prod', 'repo:contoso/app:environment:Production'), record('tools', 'repo:fabrikam/tools-repository:pull_request')], null, 2);

	it('no records: says what the record must hold, verbatim, and where to look', () => {
		const f = find(federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx()), 'fic-no-records');
		assert.ok(f.message.includes(`'${GH}'`));
		assert.ok(f.message.includes("'repo:contoso/app:ref:refs/heads/main'"));
		assert.ok(f.message.includes(`'${AUD}'`));
		assert.match(f.fix, /Certificates & secrets > Federated credentials/);
		assert.match(f.fix, /az ad app federated-credential list --id APP_ID/);
		assert.match(f.fix, /GET \/applications\/\{object id\}\/federatedIdentityCredentials/);
	});

	it('branch token against an environment record: nearest record and why GitHub sent the branch', () => {
		const f = federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx({ label: 'fic.json', text: list }));
		const e = find(f, 'AADSTS700213');
		assert.equal(e.severity, 'error');
		assert.match(e.message, /nearest is fic\.json \[0\] \(prod\)/);
		assert.match(e.message, /branch 'main' but the record trusts environment 'Production'/);
		assert.match(e.message, /add 'environment: Production' to the job/);
		assert.ok(e.fix.includes("'repo:contoso/app:ref:refs/heads/main'"));
		assert.match(e.message, /The other record does not match either/);
	});

	it('the nearest record is the one with the smallest edit distance', () => {
		const two = JSON.stringify([record('prod', 'repo:contoso/app:environment:Production'), record('tags', 'repo:contoso/app:ref:refs/tags/v1')]);
		// 'ref:refs/heads/main' is far fewer edits from 'ref:refs/tags/v1' than from 'environment:Production'.
		const e = find(federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx({ label: 'fic.json', text: two })), 'AADSTS700213');
		assert.match(e.message, /nearest is fic\.json \[1\] \(tags\).*branch 'main' but the record trusts tag 'v1'/);
	});

	it('environment and pull_request tokens against a branch record', () => {
		const branch = JSON.stringify([record('main', 'repo:contoso/app:ref:refs/heads/main')]);
		const env = find(federationFindings(decodeJwt(github('repo:contoso/app:environment:dev')), ctx({ label: 'a.json', text: branch })), 'AADSTS700213');
		assert.match(env.message, /job references an environment/);
		const pr = find(federationFindings(decodeJwt(github('repo:contoso/app:pull_request')), ctx({ label: 'a.json', text: branch })), 'AADSTS700213');
		assert.match(pr.message, /pull_request event/);
	});

	it('case-only difference is AADSTS7002138', () => {
		const rec = JSON.stringify({ value: [record('prod', 'repo:Contoso/App:environment:production')] });
		const e = find(federationFindings(decodeJwt(github('repo:contoso/app:environment:Production')), ctx({ label: 'graph.json', text: rec })), 'AADSTS7002138');
		assert.match(e.message, /only in letter case/);
	});

	it('issuer with a trailing slash in the record is AADSTS700211 and says so', () => {
		const rec = JSON.stringify(record('main', 'repo:contoso/app:ref:refs/heads/main', { issuer: `${GH}/` }));
		const e = find(federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx({ label: 'one.json', text: rec })), 'AADSTS700211');
		assert.match(e.message, /record's issuer ends with '\/'/);
		assert.ok(e.fix.includes(`'${GH}'`));
	});

	it('enterprise issuer slug against the default issuer', () => {
		const rec = JSON.stringify([record('main', 'repo:contoso/app:ref:refs/heads/main')]);
		const tok = jwt({ iss: `${GH}/contoso-ent`, sub: 'repo:contoso/app:ref:refs/heads/main', aud: AUD, exp: T + 200 });
		const e = find(federationFindings(decodeJwt(tok), ctx({ label: 'r.json', text: rec })), 'AADSTS700211');
		assert.match(e.message, /enterprise-specific issuer \(slug 'contoso-ent'/);
	});

	it("GitHub's default audience (the owner URL) is AADSTS700212 with the getIDToken fix", () => {
		const rec = JSON.stringify([record('main', 'repo:contoso/app:ref:refs/heads/main')]);
		const tok = jwt({ iss: GH, sub: 'repo:contoso/app:ref:refs/heads/main', aud: 'https://github.com/contoso', exp: T + 200 });
		const e = find(federationFindings(decodeJwt(tok), ctx({ label: 'r.json', text: rec })), 'AADSTS700212');
		assert.match(e.message, /default audience 'https:\/\/github.com\/contoso'/);
		assert.match(e.fix, /core\.getIDToken\('api:\/\/AzureADTokenExchange'\)/);
	});

	it('immutable subject: record with IDs, repository still sending names (and the reverse)', () => {
		const withIds = JSON.stringify([record('prod', 'repo:contoso@123456/app@456789:environment:production')]);
		const e = find(federationFindings(decodeJwt(github('repo:contoso/app:environment:production')), ctx({ label: 'r.json', text: withIds })), 'AADSTS700213');
		assert.match(e.message, /opt the repository in to immutable subject claims/);
		const names = JSON.stringify([record('prod', 'repo:contoso/app:environment:production')]);
		const r = find(federationFindings(decodeJwt(github('repo:contoso@123456/app@456789:environment:production')), ctx({ label: 'r.json', text: names })), 'AADSTS700213');
		assert.match(r.message, /token uses GitHub's immutable subject/);
		const recycled = find(federationFindings(decodeJwt(github('repo:contoso@123456/app@999999:environment:production')), ctx({ label: 'r.json', text: withIds })), 'AADSTS700213');
		assert.match(recycled.message, /names match but the IDs differ/);
	});

	it('renamed repository and missing refs/heads/ are named', () => {
		const rec = JSON.stringify([record('main', 'repo:contoso/old-name:ref:refs/heads/main'), record('x', 'repo:other/thing:pull_request')]);
		const e = find(federationFindings(decodeJwt(github('repo:contoso/new-name:ref:refs/heads/main')), ctx({ label: 'r.json', text: rec })), 'AADSTS700213');
		assert.match(e.message, /nearest is r\.json \[0\] \(main\).*repository differs: the token is from 'new-name', the record trusts 'old-name'/);
		const short = JSON.stringify([record('main', 'repo:contoso/app:ref:main')]);
		const s = find(federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx({ label: 'r.json', text: short })), 'AADSTS700213');
		assert.match(s.message, /full ref 'ref:refs\/heads\/main'/);
	});

	it('an exact match (in any shape) is reported as such, with what else to check', () => {
		const manifest = JSON.stringify({ appId: '6a0f4b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b', keyCredentials: [], federatedIdentityCredentials: [record('main', 'repo:contoso/app:ref:refs/heads/main')] });
		const f = federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx({ label: 'app.json', text: manifest }));
		assert.equal(f.filter((x) => x.severity === 'error').length, 0);
		const m = find(f, 'fic-record-matches');
		assert.match(m.message, /app\.json \[0\] \(main\) matches the presented issuer, subject, audience exactly/);
		assert.match(m.fix, /propagate/);
	});

	it('a flexible credential matches by its expression', () => {
		const flex = JSON.stringify([{ name: 'any-branch', issuer: GH, subject: null, audiences: [AUD], claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'", languageVersion: 1 } }]);
		const ok = federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/feature/x')), ctx({ label: 'f.json', text: flex }));
		assert.match(find(ok, 'fic-record-matches').message, /claimsMatchingExpression/);
		const no = federationFindings(decodeJwt(github('repo:contoso/app:pull_request')), ctx({ label: 'f.json', text: flex }));
		assert.match(find(no, 'AADSTS700213').message, /does not satisfy the record's claimsMatchingExpression/);
	});

	it('Kubernetes: namespace and service account differences; ARM template records', () => {
		const iss = 'https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/';
		const arm = JSON.stringify({ resources: [{ type: 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials', name: 'uami/api', properties: { issuer: iss, subject: 'system:serviceaccount:payments:api', audiences: [AUD] } }] });
		const tok = jwt({ iss, sub: 'system:serviceaccount:payments-staging:api', aud: [AUD], exp: T + 3000 });
		const e = find(federationFindings(decodeJwt(tok), ctx({ label: 'main.json', text: arm })), 'AADSTS700213');
		assert.match(e.message, /namespace differs \('payments-staging' vs 'payments'\)/);
		const other = jwt({ iss: iss.replace('555555555555', '666666666666'), sub: 'system:serviceaccount:payments:api', aud: [AUD], exp: T + 3000 });
		assert.match(find(federationFindings(decodeJwt(other), ctx({ label: 'main.json', text: arm })), 'AADSTS700211').message, /different clusters/);
	});

	it('Terraform: plan token against an apply record', () => {
		const rec = JSON.stringify([record('apply', 'organization:acme:project:Default Project:workspace:net:run_phase:apply', { issuer: 'https://app.terraform.io' })]);
		const tok = jwt({ iss: 'https://app.terraform.io', sub: 'organization:acme:project:Default Project:workspace:net:run_phase:plan', aud: AUD, exp: T + 3000 });
		const e = find(federationFindings(decodeJwt(tok), ctx({ label: 't.json', text: rec })), 'AADSTS700213');
		assert.match(e.message, /run_phase differs \('plan' vs 'apply'\)/);
		assert.match(e.fix, /each run phase/);
	});

	it('collects records from every context file and shape', () => {
		const all = federatedRecordsInContext({
			manifests: [
				{ label: 'list.json', text: JSON.stringify([record('a1', 's1'), record('a2', 's2')]) },
				{ label: 'graph.json', text: JSON.stringify({ value: [record('b1', 's3')] }) },
				{ label: 'one.json', text: JSON.stringify(record('c1', 's4')) },
				{ label: 'bad.json', text: '{ not json' },
				{ label: 'plain-manifest.json', text: JSON.stringify({ appId: 'x', keyCredentials: [] }) },
			],
		});
		assert.deepEqual(all.map((r) => r.label), ['list.json [0] (a1)', 'list.json [1] (a2)', 'graph.json [0] (b1)', 'one.json [0] (c1)']);
	});

	it('edit distance', () => {
		assert.equal(editDistance('kitten', 'sitting'), 3);
		assert.equal(editDistance('', 'abc'), 3);
		assert.equal(editDistance('same', 'same'), 0);
	});
});

describe('federation: times and Entra-issued tokens', () => {
	it('an expired GitHub token is AADSTS700024 with the reason; a fresh one has no time finding', () => {
		const old = jwt({ iss: GH, sub: 'repo:contoso/app:ref:refs/heads/main', aud: AUD, nbf: T - 3900, iat: T - 3900, exp: T - 3600 });
		const e = find(federationFindings(decodeJwt(old), ctx()), 'AADSTS700024');
		assert.match(e.message, /60 minutes ago/);
		assert.match(e.message, /valid for minutes/);
		assert.ok(!codes(federationFindings(decodeJwt(github('repo:contoso/app:ref:refs/heads/main')), ctx())).includes('AADSTS700024'));
	});

	it("an Entra app's token is refused (700222); a user-assigned identity's token is supported; system-assigned is not", () => {
		const tid = '00000000-0000-0000-0000-000000000001';
		const base = { iss: `https://login.microsoftonline.com/${tid}/v2.0`, aud: AUD, tid, exp: T + 3000, idtyp: 'app' };
		const app = find(federationFindings(decodeJwt(jwt({ ...base, sub: 'f1e2', oid: 'f1e2', azp: 'client' })), ctx()), 'AADSTS700222');
		assert.equal(app.severity, 'error');
		const uami = federationFindings(decodeJwt(jwt({ ...base, sub: '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a', oid: '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a', xms_mirid: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami' })), ctx());
		assert.ok(!codes(uami).includes('AADSTS700222'));
		assert.match(find(uami, 'fic-managed-identity').message, /subject '0e2d8a3c-5b1f-4c6d-9e7a-8b9c0d1e2f3a'/);
		const sys = federationFindings(decodeJwt(jwt({ ...base, sub: 'x', oid: 'x', xms_mirid: '/subscriptions/s/resourcegroups/rg/providers/Microsoft.Compute/virtualMachines/vm1' })), ctx());
		assert.ok(codes(sys).includes('fic-mi-system-assigned'));
	});
});

describe('federation: error texts and logs', () => {
	const e70021 = `{"error":"invalid_request","error_description":"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://kubernetes.default.svc.cluster.local'. Assertion Subject: 'system:serviceaccount:default:workload-identity-sa'. Assertion Audience: 'api://AzureADTokenExchange'. https://docs.microsoft.com/en-us/azure/active-directory/develop/workload-identity-federation\\r\\nTrace ID: 30b6df93-0000-0000-0000-000000000000","error_codes":[70021]}`;

	it('reads AADSTS70021 issuer, subject and audience', () => {
		const a = federationAssertionFromText(e70021)!;
		assert.equal(a.issuer, 'https://kubernetes.default.svc.cluster.local');
		assert.equal(a.subject, 'system:serviceaccount:default:workload-identity-sa');
		assert.deepEqual(a.audiences, [AUD]);
		assert.deepEqual(a.codes, ['70021']);
		assert.equal(looksLikeFederationError(e70021), true);
		assert.equal(looksLikeFederationError('AADSTS700027: Client assertion failed signature validation.'), false);
	});

	it('reads 700213/700211 messages and the azure/login log block', () => {
		assert.equal(federationAssertionFromText("Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:environment:dev'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion.")?.subject, 'repo:contoso/app:environment:dev');
		assert.equal(federationAssertionFromText("AADSTS700211: No matching federated identity record found for presented assertion issuer 'https://token.actions.githubusercontent.com/'.")?.issuer, `${GH}/`);
		const log = ['Federated token details:', ' issuer - https://token.actions.githubusercontent.com', ' subject claim - repo:contoso/app:ref:refs/heads/main', ' audience - api://AzureADTokenExchange', ' job_workflow_ref - contoso/app/.github/workflows/ci.yml@refs/heads/main', 'Attempting Azure CLI login by using OIDC...', "Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'."].join('\n');
		const a = federationAssertionFromText(log)!;
		assert.equal(a.issuer, GH);
		assert.equal(a.subject, 'repo:contoso/app:ref:refs/heads/main');
		assert.deepEqual(a.audiences, [AUD]);
	});

	it('compares the values an error names with the records (only the fields it names)', () => {
		const rec = JSON.stringify([record('dev', 'repo:contoso/app:environment:Dev')]);
		const f = federationFindings("AADSTS7002138: No matching federated identity record found for presented assertion subject 'repo:contoso/app:environment:dev'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison.", ctx({ label: 'r.json', text: rec }));
		const e = find(f, 'AADSTS7002138');
		assert.match(e.message, /only in letter case/);
		assert.ok(!/issuer:/.test(e.message), 'the error names no issuer, so the issuer is not compared');
	});

	it('the in-cluster issuer in a 70021 is compared with the records', () => {
		const rec = JSON.stringify([{ name: 'wi', issuer: 'https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/11111111-2222-3333-4444-555555555555/', subject: 'system:serviceaccount:default:workload-identity-sa', audiences: [AUD] }]);
		const e = find(federationFindings(e70021, ctx({ label: 'r.json', text: rec })), 'AADSTS700211');
		assert.match(e.message, /issuers differ/);
	});

	it("a masked subject ('***') is explained and not compared", () => {
		const f = federationFindings("ERROR: AADSTS700213: No matching federated identity record found for presented assertion subject '***'.", ctx({ label: 'r.json', text: JSON.stringify([record('a', 'repo:x/y:pull_request')]) }));
		assert.ok(codes(f).includes('fic-subject-masked'));
		assert.ok(!codes(f).includes('AADSTS700213'));
	});

	it('7002137 states the expected subject; 700236 and 700222 are explained with what to check', () => {
		const t7002137 = "AADSTS7002137: No matching federated identity record found for presented assertion subject '/eid1/c/pub/t/AAAA/a/BBBB/7e307b14-0000-0000-0000-000000000000'. Please make sure the federated identity credential Subject is '/eid1/c/pub/t/{tenantId}/a/BBBB/7e307b14-0000-0000-0000-000000000000'.";
		assert.match(find(federationFindings(t7002137, ctx()), 'AADSTS7002137').message, /\/eid1\/c\/pub\/t\/\{tenantId\}\/a\/BBBB/);
		const t700236 = "AADSTS700236: Entra ID tokens issued by issuer 'https://login.microsoftonline.com/11111111-0000-0000-0000-000000000000/v2.0' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.";
		const f236 = find(federationFindings(t700236, ctx()), 'AADSTS700236');
		assert.equal(f236.uncertain, true);
		assert.match(f236.fix, /identity's tenant/);
		const f222 = find(federationFindings('AADSTS700222: AAD-issued tokens may not be used for federated identity flows.', ctx()), 'AADSTS700222');
		assert.match(f222.message, /user-assigned managed identity/);
	});

	it('AADSTS700024 on a federated login explains the short-lived token', () => {
		const t = 'ClientAssertionCredential authentication failed: AADSTS700024: Client assertion is not within its valid time range. Current time: 2022-10-26T06:11:15.1049397Z, assertion valid from 2022-10-26T06:01:13.0000000Z, expiry time of assertion 2022-10-26T06:06:13.0000000Z.';
		const e = find(federationFindings(t, ctx()), 'AADSTS700024');
		assert.match(e.message, /valid only from 2022-10-26T06:01:13.0000000Z to 2022-10-26T06:06:13.0000000Z/);
	});

	it('text with nothing about federation gives nothing', () => {
		assert.deepEqual(federationFindings('AADSTS700027: Client assertion failed signature validation.', ctx()), []);
	});
});

describe('federation: through diagnose()', () => {
	it('an az federated-credential list export is linted as a manifest', () => {
		const text = JSON.stringify([record('main', 'repo:contoso/app:ref:refs/heads/main', { issuer: `${GH}/` })], null, 2);
		const d = diagnose(text, { now: NOW });
		assert.equal(d.kind, 'manifest');
		assert.deepEqual(codes(d.findings), ['fic-issuer-trailing-slash']);
	});
});
