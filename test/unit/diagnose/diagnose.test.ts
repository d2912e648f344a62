/**
 * Diagnose: each finding class, with artifacts built here (openssl certificates, Node-signed JWTs)
 * and expected values computed independently (openssl fingerprints, Buffer conversions).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID, constants, createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { diagnose, interpretReportedThumbprint, matchThumbprint, parseTokenRequest, type DiagnoseContext } from '../../../src/core/diagnose';
import { CoreError } from '../../../src/core/errors';

interface TestCert {
	pemPath: string;
	key: KeyObject;
	derBase64: string;
	sha1Hex: string;
	sha256Hex: string;
	notBefore: Date;
	notAfter: Date;
}

function makeCert(cn: string): TestCert {
	const dir = mkdtempSync(join(tmpdir(), 'eck-diag-'));
	const pemPath = join(dir, `${cn}.pem`);
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', pemPath, '-subj', `/CN=${cn}`, '-days', '30'], { stdio: 'ignore' });
	const fp = (alg: string) => execFileSync('openssl', ['x509', '-in', pemPath, '-noout', '-fingerprint', `-${alg}`], { encoding: 'utf8' }).trim().split('=')[1].replace(/:/g, '');
	const der = execFileSync('openssl', ['x509', '-in', pemPath, '-outform', 'DER']);
	const dates = execFileSync('openssl', ['x509', '-in', pemPath, '-noout', '-startdate', '-enddate'], { encoding: 'utf8' });
	return {
		pemPath,
		key: createPrivateKey(readFileSync(join(dir, 'k.pem'))),
		derBase64: der.toString('base64'),
		sha1Hex: fp('sha1'),
		sha256Hex: fp('sha256'),
		notBefore: new Date(/notBefore=(.*)/.exec(dates)![1]),
		notAfter: new Date(/notAfter=(.*)/.exec(dates)![1]),
	};
}

const b64u = (s: string | Buffer) => Buffer.from(s).toString('base64url');

function sign(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
	const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
	const pss = header.alg === 'PS256';
	const sig = createSign('sha256').update(input).sign({ key, padding: pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING, saltLength: 32 });
	return `${input}.${sig.toString('base64url')}`;
}

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ENDPOINT = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
const NOW = new Date('2026-11-22T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;

const cert = makeCert('diag-app');
const other = makeCert('diag-other');
const manifest = JSON.stringify({ appId: CLIENT, keyCredentials: [{ customKeyIdentifier: Buffer.from(cert.sha1Hex, 'hex').toString('base64'), displayName: 'CN=diag-app', endDateTime: cert.notAfter.toISOString(), key: cert.derBase64, keyId: randomUUID(), startDateTime: cert.notBefore.toISOString(), type: 'AsymmetricX509Cert', usage: 'Verify' }] });
const context: DiagnoseContext = {
	now: NOW,
	certificates: [
		{ label: 'certs/diag-app.pem', sha1Hex: cert.sha1Hex, sha256Hex: cert.sha256Hex, x5t: b64u(Buffer.from(cert.sha1Hex, 'hex')), x5tS256: b64u(Buffer.from(cert.sha256Hex, 'hex')), customKeyIdentifier: Buffer.from(cert.sha1Hex, 'hex').toString('base64'), subject: 'CN=diag-app', notBefore: cert.notBefore, notAfter: cert.notAfter },
		{ label: 'certs/diag-other.pem', sha1Hex: other.sha1Hex, sha256Hex: other.sha256Hex, x5t: b64u(Buffer.from(other.sha1Hex, 'hex')), x5tS256: b64u(Buffer.from(other.sha256Hex, 'hex')), customKeyIdentifier: Buffer.from(other.sha1Hex, 'hex').toString('base64'), subject: 'CN=diag-other', notBefore: other.notBefore, notAfter: other.notAfter },
	],
	manifests: [{ label: 'manifest.json', text: manifest }],
};

const goodPayload = (over: Record<string, unknown> = {}) => ({ aud: ENDPOINT, iss: CLIENT, sub: CLIENT, jti: randomUUID(), nbf: NOW_S - 10, iat: NOW_S - 10, exp: NOW_S + 590, ...over });
const goodHeader = (over: Record<string, unknown> = {}) => ({ alg: 'PS256', typ: 'JWT', 'x5t#S256': b64u(Buffer.from(cert.sha256Hex, 'hex')), ...over });
const assertion = (h: Record<string, unknown> = {}, p: Record<string, unknown> = {}) => sign(goodHeader(h), goodPayload(p), cert.key);
const codes = (text: string, ctx: DiagnoseContext = context) => diagnose(text, ctx).findings.map((f) => f.code);
const errors = (text: string, ctx: DiagnoseContext = context) => diagnose(text, ctx).findings.filter((f) => f.severity === 'error');
const find = (text: string, code: string, ctx: DiagnoseContext = context) => diagnose(text, ctx).findings.find((f) => f.code === code);

describe('diagnose: a correct assertion', () => {
	it('PS256 with x5t#S256 of a registered certificate has no errors and names the file', () => {
		const d = diagnose(assertion(), context);
		assert.equal(d.kind, 'jwt');
		assert.deepEqual(d.findings.filter((f) => f.severity !== 'info'), []);
		assert.match(d.findings.find((f) => f.code === 'thumbprint-matches')!.message, /certs\/diag-app\.pem/);
	});
	it('RS256 with x5t (SHA-1) too', () => {
		const t = sign({ alg: 'RS256', typ: 'JWT', x5t: b64u(Buffer.from(cert.sha1Hex, 'hex')) }, goodPayload(), cert.key);
		assert.deepEqual(errors(t), []);
	});
});

describe('diagnose: assertion header', () => {
	it('no x5t nor x5t#S256 → AADSTS5002723', () => {
		const t = sign({ alg: 'RS256', typ: 'JWT' }, goodPayload(), cert.key);
		assert.equal(find(t, 'AADSTS5002723')?.severity, 'error');
	});
	it('x5t = base64 of the hex text names the thumbprint meant and the right value', () => {
		const t = sign({ alg: 'RS256', x5t: b64u(cert.sha1Hex) }, goodPayload(), cert.key);
		const f = errors(t).find((x) => x.code === 'AADSTS700027');
		assert.ok(f);
		assert.ok(f.message.includes(cert.sha1Hex), f.message);
		assert.ok(f.fix.includes(b64u(Buffer.from(cert.sha1Hex, 'hex'))), f.fix);
		assert.match(find(t, 'thumbprint-matches')!.message, /diag-app/);
	});
	it('x5t = the hex string verbatim predicts the 60-digit report', () => {
		const t = sign({ alg: 'RS256', x5t: cert.sha1Hex }, goodPayload(), cert.key);
		const f = errors(t).find((x) => x.code === 'AADSTS700027');
		assert.ok(f);
		const expected = Buffer.from(cert.sha1Hex, 'base64').toString('hex').toUpperCase();
		assert.equal(expected.length, 60);
		assert.ok(f.message.includes(expected), f.message);
	});
	it('a SHA-256 under x5t, a SHA-1 under x5t#S256', () => {
		const a = sign({ alg: 'RS256', x5t: b64u(Buffer.from(cert.sha256Hex, 'hex')) }, goodPayload(), cert.key);
		assert.match(errors(a).find((x) => x.code === 'AADSTS700027')!.message, /SHA-256/);
		const b = sign({ alg: 'PS256', 'x5t#S256': b64u(Buffer.from(cert.sha1Hex, 'hex')) }, goodPayload(), cert.key);
		assert.match(errors(b).find((x) => x.code === 'AADSTS700027')!.message, /SHA-1/);
	});
	it('standard base64 is a warning that says the sources disagree', () => {
		const std = Buffer.from(cert.sha256Hex, 'hex').toString('base64');
		const t = sign(goodHeader({ 'x5t#S256': std }), goodPayload(), cert.key);
		const f = find(t, 'thumbprint-standard-base64');
		assert.equal(f?.severity, 'warning');
		assert.equal(f?.uncertain, true);
	});
	it('kid holding a GUID', () => {
		const f = find(assertion({ kid: randomUUID() }), 'assertion-kid-guid');
		assert.equal(f?.uncertain, true);
	});
	it('alg none and EC algorithms', () => {
		assert.ok(codes(assertion({ alg: 'none' })).includes('assertion-alg-none'));
		assert.ok(codes(assertion({ alg: 'ES256' })).includes('AADSTS5002730'));
		assert.ok(codes(assertion({ alg: 'HS256' })).includes('assertion-alg-unsupported'));
	});
	it('a thumbprint of no known certificate → AADSTS700027 naming what was checked', () => {
		const stranger = makeCert('stranger');
		const t = sign({ alg: 'PS256', 'x5t#S256': b64u(Buffer.from(stranger.sha256Hex, 'hex')) }, goodPayload(), stranger.key);
		const f = errors(t).find((x) => x.code === 'AADSTS700027');
		assert.ok(f?.message.includes(stranger.sha256Hex));
		assert.match(f!.message, /2 certificates and 1 manifest keys/);
	});
	it('a workspace certificate that no manifest registers', () => {
		const t = sign({ alg: 'PS256', 'x5t#S256': b64u(Buffer.from(other.sha256Hex, 'hex')) }, goodPayload(), other.key);
		assert.match(errors(t).find((x) => x.code === 'AADSTS700027')!.message, /diag-other\.pem.*none of the 1 keyCredentials/);
	});
});

describe('diagnose: assertion claims', () => {
	it('iss ≠ sub → AADSTS50048; iss a URL or the tenant → AADSTS700021', () => {
		assert.ok(codes(assertion({}, { sub: randomUUID() })).includes('AADSTS50048'));
		assert.ok(codes(assertion({}, { iss: `https://sts.windows.net/${TENANT}/`, sub: `https://sts.windows.net/${TENANT}/` })).includes('AADSTS700021'));
		assert.match(errors(assertion({}, { iss: TENANT, sub: TENANT })).find((f) => f.code === 'AADSTS700021')!.message, /tenant ID/);
	});
	it('aud missing or an array → AADSTS50027; /common; issuer form is uncertain', () => {
		assert.ok(codes(assertion({}, { aud: undefined })).includes('AADSTS50027'));
		assert.ok(codes(assertion({}, { aud: [ENDPOINT] })).includes('AADSTS50027'));
		assert.ok(codes(assertion({}, { aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' })).includes('assertion-aud-multitenant'));
		const f = find(assertion({}, { aud: `https://login.microsoftonline.com/${TENANT}/v2.0` }), 'assertion-aud-issuer-form');
		assert.equal(f?.uncertain, true);
	});
	it('expired or not yet valid → AADSTS700024 with UTC times; long lifetime; no jti', () => {
		// Expired beyond the stated 300 s tolerance: an error naming the expiry in UTC.
		const expired = find(assertion({}, { exp: NOW_S - 400, nbf: NOW_S - 1000, iat: NOW_S - 1000 }), 'AADSTS700024');
		assert.ok(expired?.message.includes(new Date((NOW_S - 400) * 1000).toISOString().replace('.000Z', 'Z')));
		// Within the tolerance: information, not an error.
		assert.ok(!codes(assertion({}, { exp: NOW_S - 60, nbf: NOW_S - 660, iat: NOW_S - 660 })).includes('AADSTS700024'));
		assert.ok(codes(assertion({}, { nbf: NOW_S + 3600, exp: NOW_S + 4000 })).includes('AADSTS700024'));
		assert.ok(codes(assertion({}, { exp: NOW_S + 7200 })).includes('assertion-long-lifetime'));
		assert.ok(codes(assertion({}, { jti: undefined })).includes('assertion-no-jti'));
	});
});

const form = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
const AT = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const OBO = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function userToken(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
	return sign({ alg: 'RS256', typ: 'JWT', kid: 'sandbox', ...header }, { iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, tid: TENANT, ver: '2.0', exp: NOW_S + 3000, iat: NOW_S, ...payload }, other.key);
}

describe('diagnose: token requests', () => {
	it('parses curl, HTTP with & continuation lines, and bulk edit the same way', () => {
		const curl = parseTokenRequest(`curl -X POST ${ENDPOINT} \\\n  -d 'grant_type=client_credentials' \\\n  -d "client_id=${CLIENT}" --data-urlencode 'scope=https://graph.microsoft.com/.default'`);
		const http = parseTokenRequest(`POST /${TENANT}/oauth2/v2.0/token HTTP/1.1\nHost: login.microsoftonline.com\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials\n&client_id=${CLIENT}\n&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`);
		const bulk = parseTokenRequest(`grant_type:client_credentials\nclient_id:${CLIENT}\nscope:https://graph.microsoft.com/.default`);
		for (const r of [curl, http, bulk]) {
			assert.equal(r.params.grant_type, 'client_credentials');
			assert.equal(r.params.client_id, CLIENT);
			assert.equal(r.params.scope, 'https://graph.microsoft.com/.default');
		}
		assert.equal(curl.tenant, TENANT);
		assert.equal(http.url, ENDPOINT);
		assert.equal(http.endpointVersion, 'v2');
	});
	it('a correct client credentials request has no errors', () => {
		assert.deepEqual(errors(form({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'https://graph.microsoft.com/.default', client_assertion_type: AT, client_assertion: assertion() })), []);
	});
	it('client credentials: no /.default, /default, several resources, /common, resource on v2', () => {
		const base = { grant_type: 'client_credentials', client_id: CLIENT, client_assertion_type: AT, client_assertion: assertion() };
		assert.ok(codes(form({ ...base, scope: 'https://graph.microsoft.com/User.Read' })).includes('AADSTS70011'));
		assert.match(find(form({ ...base, scope: 'https://graph.microsoft.com/default' }), 'AADSTS70011')!.fix, /\/\.default/);
		assert.match(find(form({ ...base, scope: 'https://graph.microsoft.com/.default api://x/.default' }), 'AADSTS70011')!.message, /2 resources/);
		const common = `curl https://login.microsoftonline.com/common/oauth2/v2.0/token -d '${form({ ...base, scope: 'https://graph.microsoft.com/.default' })}'`;
		assert.ok(codes(common).includes('AADSTS9001023'));
		const resource = `curl ${ENDPOINT} -d '${form({ ...base, resource: 'https://graph.microsoft.com' })}'`;
		assert.ok(codes(resource).includes('AADSTS901002'));
	});
	it('credentials: neither (7000218), both, wrong assertion type, an Entra token as client_assertion', () => {
		assert.ok(codes(form({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'api://x/.default' })).includes('AADSTS7000218'));
		assert.ok(codes(form({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'api://x/.default', client_secret: 's', client_assertion_type: AT, client_assertion: assertion() })).includes('request-both-credentials'));
		assert.ok(codes(form({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'api://x/.default', client_assertion_type: 'jwt-bearer', client_assertion: assertion() })).includes('request-bad-assertion-type'));
		assert.ok(codes(form({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'api://x/.default', client_assertion_type: AT, client_assertion: userToken({ aud: CLIENT, scp: 'x' }) })).includes('request-client-assertion-is-entra-token'));
	});
	it('the request client_id is checked against the assertion (AADSTS700021)', () => {
		assert.ok(codes(form({ grant_type: 'client_credentials', client_id: randomUUID(), scope: 'api://x/.default', client_assertion_type: AT, client_assertion: assertion() })).includes('AADSTS700021'));
	});
	it('On-Behalf-Of: Graph token, app-only token, other audience, no assertion, no requested_token_use, swapped', () => {
		const obo = (assertionToken: string | undefined, extra: Record<string, string> = {}) => form({ grant_type: OBO, client_id: CLIENT, client_assertion_type: AT, client_assertion: assertion(), scope: 'https://graph.microsoft.com/User.Read', requested_token_use: 'on_behalf_of', ...(assertionToken ? { assertion: assertionToken } : {}), ...extra });
		assert.deepEqual(errors(obo(userToken({ aud: CLIENT, scp: 'access_as_user', idtyp: 'user', upn: 'a@b.c' }))), []);
		const graph = find(obo(userToken({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read' }, { nonce: 'abc' })), 'AADSTS50013');
		assert.match(graph!.message, /nonce/);
		assert.match(find(obo(userToken({ aud: CLIENT, roles: ['x'], idtyp: 'app' })), 'AADSTS50013')!.message, /app-only/);
		assert.match(find(obo(userToken({ aud: 'api://someone-else', scp: 'x' })), 'AADSTS50013')!.message, /someone-else/);
		assert.ok(codes(obo(undefined)).includes('obo-no-assertion'));
		assert.ok(codes(form({ grant_type: OBO, client_id: CLIENT, client_assertion_type: AT, client_assertion: assertion(), assertion: userToken({ aud: CLIENT, scp: 'x' }), scope: 'api://x/y' })).includes('obo-requested-token-use'));
		const swapped = form({ grant_type: OBO, client_id: CLIENT, client_assertion_type: AT, client_assertion: userToken({ aud: CLIENT, scp: 'x' }), assertion: assertion(), scope: 'api://x/y', requested_token_use: 'on_behalf_of' });
		assert.match(find(swapped, 'AADSTS50013')!.message, /swapped/);
	});
});

describe('diagnose: error responses', () => {
	const catalog = ['700027', '50012', '5002723', '5002730', '50027', '700021', '50048', '700023', '700024', '500133', '50013', '700016', '90002', '500011', '65001', '700025', '7000218', '7000215', '7000222', '70011', '90009', '7000012', '700222', '700030', '9001023', '901002'];
	for (const code of catalog) {
		it(`explains AADSTS${code} with a cause and a fix`, () => {
			const text = JSON.stringify({ error: 'invalid_client', error_description: `AADSTS${code}: something went wrong. Trace ID: ${randomUUID()}`, error_codes: [Number(code)] });
			const d = diagnose(text, { now: NOW });
			assert.equal(d.kind, 'error');
			const f = d.findings.find((x) => x.code === `AADSTS${code}`);
			assert.ok(f && f.message.length > 20 && f.fix.length > 10, code);
		});
	}
	it('700023 says the sources disagree', () => {
		assert.equal(find('AADSTS700023: x', 'AADSTS700023', { now: NOW })?.uncertain, true);
	});
	it('an unknown code is an info, not a guess', () => {
		assert.equal(find('AADSTS123456: new error', 'AADSTS123456', { now: NOW })?.severity, 'info');
	});

	const report = (thumb: string) => `AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${CLIENT}'.] Trace ID: ${randomUUID()}`;
	it('80 hex of ASCII codes: names the thumbprint meant and the workspace file', () => {
		const reported = Buffer.from(cert.sha1Hex, 'ascii').toString('hex').toUpperCase();
		const f = find(report(reported), 'x5t-hex-text');
		assert.ok(f?.message.includes(cert.sha1Hex), f?.message);
		assert.match(f!.message, /diag-app\.pem/);
		assert.match(f!.message, /registered in manifest\.json/);
	});
	it('60 hex: the hex string verbatim', () => {
		const reported = Buffer.from(cert.sha1Hex, 'base64').toString('hex').toUpperCase();
		const f = find(report(reported), 'x5t-hex-verbatim');
		assert.ok(f?.message.includes(cert.sha1Hex), f?.message);
	});
	it('40 hex of a workspace certificate no manifest registers', () => {
		const f = find(report(other.sha1Hex), 'thumbprint-not-registered');
		assert.equal(f?.severity, 'error');
		assert.match(f!.message, /diag-other\.pem.*No manifest/);
	});
	it('64 hex: a SHA-256', () => {
		assert.ok(find(report(cert.sha256Hex), 'thumbprint-sha256-not-registered')?.message.includes('diag-app.pem'));
	});
	it('mentions that /discovery/keys never lists client certificates', () => {
		assert.ok(codes(`${report(cert.sha1Hex)} I checked https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`).includes('discovery-keys-never-lists-client-certs'));
	});
	it('interpretReportedThumbprint reads the shapes', () => {
		assert.equal(interpretReportedThumbprint(cert.sha1Hex).shape, 'sha1');
		assert.equal(interpretReportedThumbprint(cert.sha256Hex).shape, 'sha256');
		assert.equal(interpretReportedThumbprint(Buffer.from(cert.sha1Hex).toString('hex')).meantSha1Hex, cert.sha1Hex);
	});
});

describe('diagnose: manifests and thumbprint matching', () => {
	it('a manifest runs the manifest lint', () => {
		const pemText = Buffer.from(readFileSync(cert.pemPath)).toString('base64');
		const d = diagnose(manifest.replace(cert.derBase64, pemText), context);
		assert.equal(d.kind, 'manifest');
		assert.ok(d.findings.some((f) => f.code === 'keycred-pem-text'));
	});
	it('matchThumbprint finds every form', () => {
		assert.deepEqual(matchThumbprint(cert.sha1Hex.toLowerCase(), context).map((m) => m.form).sort(), ['sha1Hex', 'sha1Hex']);
		assert.equal(matchThumbprint(b64u(Buffer.from(cert.sha256Hex, 'hex')), context)[0].form, 'x5tS256');
		assert.deepEqual(matchThumbprint(other.sha1Hex, context).map((m) => m.label), ['certs/diag-other.pem']);
	});
});

describe('diagnose: arbitrary input', () => {
	it('only ever returns findings (or a CoreError)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('eyJ', 'eyJhbGciOiJSUzI1NiJ9.', 'AADSTS700027', 'grant_type=', '{"keyCredentials":[{"key":"LS0tLS1CRUdJTi"}]}', 'curl "')).chain((s) => fc.tuple(fc.constant(s), fc.string())), ([a, b]) => {
				try {
					const d = diagnose(a + b, context);
					assert.ok(Array.isArray(d.findings));
				} catch (e) {
					assert.ok(e instanceof CoreError, String(e));
				}
			}),
			{ numRuns: 400 },
		);
	});
});
