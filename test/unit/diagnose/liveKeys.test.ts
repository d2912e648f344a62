/**
 * An assertion's x5t / x5t#S256 against the client's live keys (the keyCredentials Graph reported when the user is
 * signed in): registered or not, expired, not yet valid, not a Verify key, and which source was used. Certificates
 * and their thumbprints come from openssl; customKeyIdentifier is built the way Graph reports it (base64 of the SHA-1
 * bytes openssl prints).
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { diagnose, type DiagnoseContext, type LiveRegistration } from '../../../src/core/diagnose';
import type { GraphKeyCredential } from '../../../src/core/graph/types';
import type { Finding } from '../../../src/core/findings';
import { makeCert, type OpensslCert } from '../helpers/openssl';

const NOW = new Date('2026-11-30T12:30:00Z');
const FETCHED = new Date('2026-11-30T12:03:00Z');
const DAY = 86400000;
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const CLIENT = 'a1d5e6f7-0b1c-4d2e-8f3a-4b5c6d7e8f90';
const OTHER = 'c3f70819-2d3e-4f4a-8b5c-6d7e8f9a0b12';
const SOURCE = 'Entra (signed in as avery@contoso.com)';

const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const hexB64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

function assertion(header: Record<string, unknown>, clientId = CLIENT): string {
	const s = Math.floor(NOW.getTime() / 1000);
	const payload = { iss: clientId, sub: clientId, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, jti: randomUUID(), nbf: s, iat: s, exp: s + 600 };
	return `${b64u({ alg: 'RS256', typ: 'JWT', ...header })}.${b64u(payload)}.${Buffer.alloc(256, 1).toString('base64url')}`;
}

function key(c: OpensslCert, extra: Partial<GraphKeyCredential> = {}): GraphKeyCredential {
	return {
		keyId: randomUUID(),
		type: 'AsymmetricX509Cert',
		usage: 'Verify',
		displayName: `CN=${c.sha1Hex.slice(0, 6)}`,
		customKeyIdentifier: Buffer.from(c.sha1Hex, 'hex').toString('base64'),
		startDateTime: new Date(NOW.getTime() - DAY).toISOString(),
		endDateTime: new Date(NOW.getTime() + 200 * DAY).toISOString(),
		key: null,
		...extra,
	};
}

function live(keys: GraphKeyCredential[], appId = CLIENT): LiveRegistration {
	return { appId, displayName: 'orders-api', source: SOURCE, fetchedAt: FETCHED, keyCredentials: keys };
}

function manifest(appId: string, c: OpensslCert): string {
	return JSON.stringify({ appId, displayName: 'orders-api', keyCredentials: [{ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', startDateTime: new Date(NOW.getTime() - DAY).toISOString(), endDateTime: new Date(NOW.getTime() + 100 * DAY).toISOString(), key: c.der.toString('base64') }] }, null, 2);
}

function workspaceCert(c: OpensslCert, label: string) {
	return { label, sha1Hex: c.sha1Hex, sha256Hex: c.sha256Hex, x5t: hexB64u(c.sha1Hex), x5tS256: hexB64u(c.sha256Hex), customKeyIdentifier: Buffer.from(c.sha1Hex, 'hex').toString('base64'), subject: 'CN=x', notBefore: new Date(NOW.getTime() - DAY), notAfter: new Date(NOW.getTime() + 30 * DAY) };
}

const codes = (fs: Finding[]) => fs.map((f) => f.code);
const one = (fs: Finding[], code: string) => {
	const hit = fs.filter((f) => f.code === code);
	assert.equal(hit.length, 1, `one ${code} in ${JSON.stringify(fs, null, 1)}`);
	return hit[0];
};

describe('diagnose: assertion thumbprints against the live registration', function () {
	this.timeout(30000);
	let a: OpensslCert;
	let b: OpensslCert;
	before(() => {
		a = makeCert('live-a');
		b = makeCert('live-b');
	});
	after(() => {
		rmSync(a.dir, { recursive: true, force: true });
		rmSync(b.dir, { recursive: true, force: true });
	});

	it('a certificate registered live that no workspace manifest lists is "registered in Entra", with the source and time', () => {
		const ctx: DiagnoseContext = { now: NOW, manifests: [{ label: 'api.json', text: manifest(CLIENT, b) }], liveKeys: [live([key(a)])] };
		const r = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), ctx);
		const f = one(r.findings, 'live-key-registered');
		assert.equal(f.severity, 'info');
		assert.match(f.message, /registered in Entra on app a1d5e6f7/);
		assert.ok(f.message.includes(a.sha1Hex), f.message);
		assert.ok(f.message.includes(SOURCE) && f.message.includes('fetched 12:03 UTC'), f.message);
		// The workspace manifest (which lists only b) no longer predicts a 700027: the live keys decide.
		assert.ok(!r.findings.some((x) => x.code === 'AADSTS700027'), JSON.stringify(r.findings, null, 1));
	});

	it('without live keys the same context predicts AADSTS700027 from the manifest (the rule above is what changes it)', () => {
		const ctx: DiagnoseContext = { now: NOW, clientId: CLIENT, manifests: [{ label: 'api.json', text: manifest(CLIENT, b) }] };
		const r = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), ctx);
		assert.ok(r.findings.some((x) => x.code === 'AADSTS700027' && x.severity === 'error'));
		assert.ok(!codes(r.findings).some((c) => c.startsWith('live-') || c === 'checked-against-workspace'), 'nothing about live keys when the caller gave none (the CLI)');
	});

	it('a certificate the live app lacks is AADSTS700027 naming the live source, even when a workspace manifest lists it', () => {
		const ctx: DiagnoseContext = { now: NOW, manifests: [{ label: 'api.json', text: manifest(CLIENT, a) }], liveKeys: [live([key(b)])] };
		const f = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), ctx).findings.filter((x) => x.code === 'AADSTS700027');
		assert.equal(f.length, 1, JSON.stringify(f));
		assert.equal(f[0].severity, 'error');
		assert.match(f[0].message, /not registered on app a1d5e6f7/);
		assert.ok(f[0].message.includes(`live registration in ${SOURCE}, fetched 12:03 UTC`), f[0].message);
		assert.ok(f[0].fix.includes(b.sha1Hex), 'the fix lists the key the app has');
	});

	it('an expired, a not yet valid and a Sign key are each refused with their reason', () => {
		const expired = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), { now: NOW, liveKeys: [live([key(a, { startDateTime: new Date(NOW.getTime() - 400 * DAY).toISOString(), endDateTime: new Date(NOW.getTime() - DAY).toISOString() })])] }).findings;
		const e = one(expired, 'AADSTS700027');
		assert.match(e.message, /expired on/);
		assert.ok(e.message.includes(new Date(NOW.getTime() - DAY).toISOString()), e.message);
		const future = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), { now: NOW, liveKeys: [live([key(a, { startDateTime: new Date(NOW.getTime() + 2 * DAY).toISOString() })])] }).findings;
		assert.equal(one(future, 'live-key-not-yet-valid').severity, 'error');
		const sign = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), { now: NOW, liveKeys: [live([key(a, { usage: 'Sign', type: 'X509CertAndPassword' })])] }).findings;
		assert.match(one(sign, 'live-key-not-verify').message, /usage Sign/);
		// A valid Verify key beside an expired one for the same certificate: the valid one counts.
		const both = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), { now: NOW, liveKeys: [live([key(a, { endDateTime: new Date(NOW.getTime() - DAY).toISOString() }), key(a)])] }).findings;
		assert.equal(one(both, 'live-key-registered').severity, 'info');
	});

	it('x5t#S256: matched through a workspace certificate, through the key Graph returned, or said to be undecidable', () => {
		const header = { alg: 'PS256', 'x5t#S256': hexB64u(a.sha256Hex) };
		const viaFile = diagnose(assertion(header), { now: NOW, certificates: [workspaceCert(a, 'certs/a.pem')], liveKeys: [live([key(a)])] }).findings;
		const f = one(viaFile, 'live-key-registered');
		assert.ok(f.message.includes(`SHA-1 ${a.sha1Hex} taken from certs/a.pem`), f.message);
		const viaKey = diagnose(assertion(header), { now: NOW, liveKeys: [live([key(a, { key: a.der.toString('base64') })])] }).findings;
		assert.match(one(viaKey, 'live-key-registered').message, /certificate Graph returned/);
		const undecided = diagnose(assertion(header), { now: NOW, liveKeys: [live([key(b)])] }).findings;
		const u = one(undecided, 'live-key-sha256-undecided');
		assert.match(u.message, /SHA-1 only/);
		assert.ok(!undecided.some((x) => x.code === 'AADSTS700027'), 'no verdict it cannot back');
		const missing = diagnose(assertion(header), { now: NOW, certificates: [workspaceCert(a, 'certs/a.pem')], liveKeys: [live([key(b)])] }).findings;
		assert.match(one(missing, 'AADSTS700027').message, /not registered on app/);
	});

	it('the live keys of another app are not used; the workspace-only check says so and why', () => {
		const ctx: DiagnoseContext = { now: NOW, certificates: [workspaceCert(a, 'certs/a.pem')], liveKeys: [live([key(a)], OTHER)], liveWanted: new Set() };
		const fs = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), ctx).findings;
		assert.ok(!fs.some((x) => x.code.startsWith('live-key')), JSON.stringify(fs, null, 1));
		assert.match(one(fs, 'checked-against-workspace').message, /^Checked against workspace manifests only \(1 certificate, 0 manifests\): the live keys of a1d5e6f7/);
		assert.deepEqual([...ctx.liveWanted!], [CLIENT]);
		const notSignedIn = diagnose(assertion({ x5t: hexB64u(a.sha1Hex) }), { now: NOW, liveKeys: [], liveNote: 'not signed in to Microsoft Graph' }).findings;
		assert.match(one(notSignedIn, 'checked-against-workspace').message, /not signed in to Microsoft Graph\.$/);
	});

	it('a token request: the client_id names the app whose live keys are checked', () => {
		const jwt = assertion({ x5t: hexB64u(a.sha1Hex) });
		const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT, scope: 'https://graph.microsoft.com/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt });
		const text = `POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token\nContent-Type: application/x-www-form-urlencoded\n\n${body.toString()}`;
		const r = diagnose(text, { now: NOW, liveKeys: [live([key(b)]), live([key(a)], OTHER)] });
		assert.equal(r.kind, 'request');
		assert.match(one(r.findings, 'AADSTS700027').message, /not registered on app a1d5e6f7/);
	});

	it('x5t carrying base64 of the hex text: the certificate meant is looked up live', () => {
		const wrong = Buffer.from(a.sha1Hex, 'utf8').toString('base64url');
		const fs = diagnose(assertion({ x5t: wrong }), { now: NOW, liveKeys: [live([key(a)])] }).findings;
		assert.ok(fs.some((x) => x.code === 'AADSTS700027' && /hex TEXT/.test(x.message)), 'the encoding error stays');
		assert.match(one(fs, 'live-key-registered').message, /meant by x5t/);
		const absent = diagnose(assertion({ x5t: wrong }), { now: NOW, liveKeys: [live([key(b)])] }).findings;
		assert.equal(one(absent, 'live-key-not-registered').severity, 'error');
	});

	it('an AADSTS700027 that states a thumbprint and an app ID gets the same check', () => {
		const report = (thumb: string) => `AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${CLIENT}'.] Trace ID: ${randomUUID()}`;
		const absent = diagnose(report(a.sha1Hex), { now: NOW, liveKeys: [live([key(b)])] });
		assert.equal(absent.kind, 'error');
		const f = absent.findings.find((x) => x.code === 'AADSTS700027' && x.message.includes('live registration'));
		assert.ok(f, JSON.stringify(absent.findings, null, 1));
		assert.ok(f.message.includes(a.sha1Hex) && f.message.includes(SOURCE));
		const present = diagnose(report(a.sha1Hex), { now: NOW, liveKeys: [live([key(a)])] }).findings;
		assert.equal(one(present, 'live-key-registered-now').severity, 'warning');
		// The 80-digit ASCII form: the thumbprint meant is looked up.
		const ascii = Buffer.from(a.sha1Hex, 'utf8').toString('hex').toUpperCase();
		const meant = diagnose(report(ascii), { now: NOW, liveKeys: [live([key(a)])] }).findings;
		assert.match(one(meant, 'live-key-registered').message, /meant by the reported thumbprint/);
		// Another app's error: its keys were not read, so the source line says workspace only.
		const other = diagnose(report(a.sha1Hex), { now: NOW, liveKeys: [live([key(a)], OTHER)] }).findings;
		assert.ok(!other.some((x) => x.code.startsWith('live-key')));
		assert.ok(other.some((x) => x.code === 'checked-against-workspace'));
	});
});
