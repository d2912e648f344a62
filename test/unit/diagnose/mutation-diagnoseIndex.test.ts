/**
 * diagnose() as the one entry: which kind of text it takes a paste for (nothing, a manifest, an error, an API's
 * refusal of a token, a token request, a JWT, an encrypted or broken JWT, anything else) and what it says about an
 * Entra-issued token on its own (expired, a Graph token, an app-only token). Tokens are built here.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { diagnose } from '../../../src/core/diagnose';
import type { Finding } from '../../../src/core/findings';

const NOW = new Date('2026-11-30T12:00:00Z');
const S = Math.floor(NOW.getTime() / 1000);
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const CLIENT = 'b7e2f0a1-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (header: Record<string, unknown>, payload: Record<string, unknown>) => `${b64u({ typ: 'JWT', ...header })}.${b64u(payload)}.${Buffer.alloc(64, 7).toString('base64url')}`;
const issued = (extra: Record<string, unknown> = {}) => ({ aud: 'api://orders', iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, oid: randomUUID(), sub: 'u1', nbf: S - 600, iat: S - 600, exp: S + 3000, ...extra });
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const one = (fs: Finding[], code: string) => {
	const got = fs.filter((f) => f.code === code);
	assert.equal(got.length, 1, `one ${code} in ${codes(fs).join(', ')}`);
	return got[0];
};

describe('diagnose: what the text is taken for', () => {
	it('nothing (or only whitespace) is said to be empty', () => {
		for (const text of ['', '  \n\t ']) {
			const r = diagnose(text, { now: NOW });
			assert.equal(r.kind, 'unknown');
			assert.deepEqual(codes(r.findings), ['empty-input']);
			assert.equal(r.findings[0].severity, 'info');
		}
	});

	it('a manifest is linted, also with blank lines around it', () => {
		const r = diagnose(`\n\n${JSON.stringify({ appId: CLIENT, displayName: 'orders', keyCredentials: [] }, null, 2)}\n`, { now: NOW });
		assert.equal(r.kind, 'manifest');
	});

	it('an encrypted token (five parts) is named as such, and nothing more', () => {
		const part = (s: string) => Buffer.from(s).toString('base64url');
		const jwe = [b64u({ alg: 'RSA-OAEP', enc: 'A256GCM' }), part('key-bytes-here'), part('iv-bytes'), part('ciphertext-bytes-here'), part('tag-bytes')].join('.');
		const r = diagnose(jwe, { now: NOW });
		assert.equal(r.kind, 'jwt');
		assert.deepEqual(codes(r.findings), ['jwt-encrypted']);
		assert.equal(r.jwt, undefined);
	});

	it("something that starts like a token but doesn't decode says which part is broken", () => {
		const r = diagnose(`${b64u({ alg: 'RS256' })}.!!!not-base64!!!`, { now: NOW });
		assert.equal(r.kind, 'jwt');
		const f = one(r.findings, 'jwt-malformed');
		assert.equal(f.severity, 'error');
		assert.match(f.fix, /three base64url parts/);
	});

	it('anything else is not recognised; a mention of the discovery keys is still explained', () => {
		const r = diagnose('hello world, the build is green', { now: NOW });
		assert.equal(r.kind, 'unknown');
		assert.deepEqual(codes(r.findings), ['unrecognised-input']);
		assert.equal(r.findings[0].severity, 'info');
		const keys = diagnose('why is my cert not in https://login.microsoftonline.com/common/discovery/v2.0/keys ?', { now: NOW });
		assert.equal(keys.kind, 'unknown');
		assert.deepEqual(codes(keys.findings), ['discovery-keys-never-lists-client-certs', 'unrecognised-input']);
	});

	it("an API's refusal of a bearer token is an error, without an AADSTS code", () => {
		const r = diagnose("IDX10214: Audience validation failed. Audiences: 'api://other'. Did not match: validationParameters.ValidAudience: 'api://orders' or validationParameters.ValidAudiences: 'null'.", { now: NOW });
		assert.equal(r.kind, 'error');
		assert.equal(r.error, undefined, 'no Entra error response was parsed');
		assert.ok(codes(r.findings).includes('IDX10214'), codes(r.findings).join(', '));
	});

	it('an Entra error is parsed and explained', () => {
		const r = diagnose('{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}', { now: NOW });
		assert.equal(r.kind, 'error');
		assert.deepEqual(r.error?.codes, ['7000215']);
		assert.ok(codes(r.findings).includes('AADSTS7000215'));
	});

	it('a token request is parsed and checked', () => {
		const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'https://graph.microsoft.com/.default', client_secret: 'abc' });
		const r = diagnose(`POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token\n\n${body}`, { now: NOW });
		assert.equal(r.kind, 'request');
		assert.equal(r.request?.params.client_id, CLIENT);
	});
});

describe('diagnose: a token on its own', () => {
	it('a valid access token for an API has nothing to report', () => {
		const r = diagnose(jwt({ alg: 'RS256', kid: 'k1' }, issued({ scp: 'read' })), { now: NOW });
		assert.equal(r.kind, 'jwt');
		assert.equal(r.jwt?.payload.tid, TENANT);
		assert.deepEqual(r.findings, []);
	});

	it('an expired token is a warning with the time it expired; one expiring this second is not yet', () => {
		const exp = S - 120;
		const r = diagnose(jwt({ alg: 'RS256' }, issued({ scp: 'read', exp })), { now: NOW });
		const f = one(r.findings, 'token-expired');
		assert.equal(f.severity, 'warning');
		assert.equal(f.message, `The token expired at ${new Date(exp * 1000).toISOString()}.`);
		assert.deepEqual(diagnose(jwt({ alg: 'RS256' }, issued({ scp: 'read', exp: S })), { now: NOW }).findings, []);
		assert.deepEqual(diagnose(jwt({ alg: 'RS256' }, issued({ scp: 'read', exp: String(exp) })), { now: NOW }).findings, []);
	});

	it('a nonce in the header marks a Microsoft Graph token', () => {
		const r = diagnose(jwt({ alg: 'RS256', nonce: 'abc' }, issued({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read' })), { now: NOW });
		const f = one(r.findings, 'token-graph-nonce');
		assert.equal(f.severity, 'info');
		assert.match(f.message, /Microsoft Graph token/);
		assert.deepEqual(codes(diagnose(jwt({ alg: 'RS256', nonce: 7 }, issued({ scp: 'x' })), { now: NOW }).findings), []);
	});

	it('an app-only token: idtyp app, or roles with neither scp nor upn', () => {
		const byIdtyp = diagnose(jwt({ alg: 'RS256' }, issued({ idtyp: 'app', roles: ['Orders.Read'] })), { now: NOW }).findings;
		assert.equal(one(byIdtyp, 'token-app-only').severity, 'info');
		one(diagnose(jwt({ alg: 'RS256' }, issued({ roles: ['Orders.Read'] })), { now: NOW }).findings, 'token-app-only');
		for (const extra of [{ roles: ['Orders.Read'], scp: 'read' }, { roles: ['Orders.Read'], upn: 'a@contoso.com' }, { roles: 'Orders.Read' }, { idtyp: 'user', scp: 'read' }]) {
			assert.ok(!codes(diagnose(jwt({ alg: 'RS256' }, issued(extra)), { now: NOW }).findings).includes('token-app-only'), JSON.stringify(extra));
		}
	});

	it('a self-signed token is checked as a client assertion; its client is its iss (or sub)', () => {
		const assertion = { iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, nbf: S - 60, exp: S + 540 };
		// no jti and an unsupported algorithm: the header and the claims are both checked
		const r = diagnose(jwt({ alg: 'HS256', x5t: Buffer.alloc(20, 1).toString('base64url') }, assertion), { now: NOW });
		assert.equal(r.kind, 'jwt');
		assert.ok(codes(r.findings).includes('assertion-alg-unsupported'));
		assert.ok(codes(r.findings).includes('assertion-no-jti'));
		// a thumbprint in the header makes it an assertion even when iss and sub differ (then that is the finding)
		const OTHER = randomUUID();
		for (const header of [{ alg: 'PS256', 'x5t#S256': Buffer.alloc(32, 2).toString('base64url') }, { alg: 'RS256', x5t: Buffer.alloc(20, 2).toString('base64url') }]) {
			const odd = diagnose(jwt(header, { ...assertion, sub: OTHER, jti: '1' }), { now: NOW });
			assert.ok(codes(odd.findings).includes('AADSTS50048'), codes(odd.findings).join(', '));
		}
		// without one, iss and sub differing make it no assertion: nothing to say about it on its own
		assert.deepEqual(diagnose(jwt({ alg: 'RS256' }, { ...assertion, sub: OTHER, jti: '1' }), { now: NOW }).findings, []);
		// iss = sub without a thumbprint header or token-endpoint aud is still an assertion
		const bare = diagnose(jwt({ alg: 'PS256' }, { iss: CLIENT, sub: CLIENT, aud: 'api://x', jti: '1', nbf: S - 60, exp: S + 540 }), { now: NOW });
		assert.ok(codes(bare.findings).includes('AADSTS5002723'), codes(bare.findings).join(', '));
		// the live keys checked are those of the assertion's client
		const live = { appId: CLIENT, source: 'the sandbox', fetchedAt: NOW, keyCredentials: [] };
		const checked = diagnose(jwt({ alg: 'RS256', x5t: Buffer.alloc(20, 3).toString('base64url') }, { ...assertion, jti: '1' }), { now: NOW, liveKeys: [live] });
		assert.match(one(checked.findings, 'AADSTS700027').message, new RegExp(`not registered on app ${CLIENT}`));
		const viaSub = diagnose(jwt({ alg: 'RS256', x5t: Buffer.alloc(20, 3).toString('base64url') }, { sub: CLIENT, aud: assertion.aud, jti: '1', nbf: S - 60, exp: S + 540 }), { now: NOW, liveKeys: [live] });
		assert.ok(viaSub.findings.some((f) => f.code === 'AADSTS700027' && f.message.includes(`app ${CLIENT}`)), codes(viaSub.findings).join(', '));
	});

	it('an Entra-issued token is never checked as an assertion, even when iss equals sub', () => {
		const r = diagnose(jwt({ alg: 'RS256', x5t: 'abc' }, { iss: 'x', sub: 'x', aud: 'api://orders', tid: TENANT, scp: 'read', exp: S + 600 }), { now: NOW });
		assert.ok(!codes(r.findings).some((c) => c.startsWith('assertion-') || c === 'AADSTS700027'), codes(r.findings).join(', '));
	});
});

describe('diagnose: what each entry finding says, and large inputs', () => {
	it('the empty, encrypted and unrecognised answers say what to paste or do', () => {
		const empty = diagnose('', { now: NOW }).findings[0];
		assert.match(empty.message, /nothing to diagnose/);
		assert.match(empty.fix, /a token, an AADSTS error, a token request or a manifest/);
		const part = (s: string) => Buffer.from(s).toString('base64url');
		const jwe = diagnose([b64u({ alg: 'RSA-OAEP', enc: 'A256GCM' }), part('k'), part('iv'), part('ct'), part('tag')].join('.'), { now: NOW }).findings[0];
		assert.equal(jwe.severity, 'info');
		assert.match(jwe.message, /encrypted token \(JWE, five parts\)/);
		assert.match(jwe.fix, /before encryption, or the error the recipient returned/);
		const unknown = diagnose('hello world', { now: NOW }).findings[0];
		assert.match(unknown.message, /does not recognise this text/);
		assert.match(unknown.fix, /^Paste the whole artifact/);
	});

	it('text that only contains eyJ somewhere is not a broken token', () => {
		assert.deepEqual(codes(diagnose('the header started with eyJ and then nothing', { now: NOW }).findings), ['unrecognised-input']);
	});

	it("each token finding's fix says what to do", () => {
		const exp = diagnose(jwt({ alg: 'RS256' }, issued({ scp: 'read', exp: S - 60 })), { now: NOW }).findings[0];
		assert.match(exp.fix, /Request a new token/);
		const graph = one(diagnose(jwt({ alg: 'RS256', nonce: 'n' }, issued({ scp: 'User.Read' })), { now: NOW }).findings, 'token-graph-nonce');
		assert.match(graph.fix, /request a token whose aud is your API/);
		const app = one(diagnose(jwt({ alg: 'RS256' }, issued({ idtyp: 'app' })), { now: NOW }).findings, 'token-app-only');
		assert.match(app.message, /^This is an app-only token/);
		assert.match(app.fix, /For On-Behalf-Of, pass a delegated token with scp/);
	});

	it('a GitHub Actions OIDC token is explained as a federated credential token', () => {
		const gh = jwt({ alg: 'RS256', kid: 'k' }, { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/orders:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', repository: 'contoso/orders', ref: 'refs/heads/main', nbf: S - 60, iat: S - 60, exp: S + 300, jti: randomUUID() });
		const r = diagnose(gh, { now: NOW });
		assert.equal(r.kind, 'jwt');
		assert.ok(codes(r.findings).includes('fic-token'), codes(r.findings).join(', '));
	});

	it("the assertion's iss names the client whose live keys count, even when sub differs; an odd sub never breaks it", () => {
		const OTHER = randomUUID();
		const live = { appId: CLIENT, source: 'the sandbox', fetchedAt: NOW, keyCredentials: [] };
		const aud = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;
		const byIss = diagnose(jwt({ alg: 'RS256', x5t: Buffer.alloc(20, 4).toString('base64url') }, { iss: CLIENT, sub: OTHER, aud, jti: '1', nbf: S - 60, exp: S + 540 }), { now: NOW, liveKeys: [live] });
		assert.ok(byIss.findings.some((f) => f.code === 'AADSTS700027' && f.message.includes(`not registered on app ${CLIENT}`)), codes(byIss.findings).join(', '));
		const oddSub = diagnose(jwt({ alg: 'RS256', x5t: Buffer.alloc(20, 4).toString('base64url') }, { sub: 42, aud, jti: '1', nbf: S - 60, exp: S + 540 }), { now: NOW, liveKeys: [live] });
		assert.equal(oddSub.kind, 'jwt');
		assert.ok(codes(oddSub.findings).includes('AADSTS700021'), codes(oddSub.findings).join(', '));
	});

	it('in a focused (large) log, findings lose their offsets; in a small text they keep them', () => {
		const text = `raise AdalError("Error:Invalid Certificate: Expected Start of Certificate to be '-----BEGIN RSA PRIVATE KEY-----'", exp)\n\nprivate_key = '/etc/ssl/private/app.key'\ncontext.acquire_token_with_client_certificate(resource, client_id, private_key, thumbprint)`;
		const small = one(diagnose(text, { now: NOW }).findings, 'key-argument-is-path');
		assert.ok(small.range, 'a small text keeps the offset of the value');
		const filler = Array.from({ length: 6000 }, (_, i) => `2026-11-30T10:00:00Z INFO GET /api/orders 200 12ms #${i}`).join('\n');
		const big = one(diagnose(`${filler}\n${text}`, { now: NOW }).findings, 'key-argument-is-path');
		assert.equal(big.range, undefined);
		assert.ok(!('replacement' in big));
	});
});
