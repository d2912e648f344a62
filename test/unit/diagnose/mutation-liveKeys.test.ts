/**
 * The live-key check at its edges: which registration is the app's (client IDs compare without case or padding),
 * the one line that says what a thumbprint was checked against (counts and plurals, the reason the live keys were not
 * used), how hashes are written (colons, lower case), which of several matching keys counts (a valid Verify key over an
 * expired or Sign one; the exact end and start instants), and what each finding names: the algorithm, the app, the
 * key's name and ID, the dates, the source and its time. Certificates are stand-in DER bytes; their SHA-1 and
 * SHA-256 come from Node's crypto, customKeyIdentifier is base64 of the SHA-1 bytes as Graph reports it.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { checkSourceLine, liveRegistrationFor, liveThumbprintFindings, type LiveRegistration } from '../../../src/core/diagnose/liveKeys';
import type { GraphKeyCredential } from '../../../src/core/graph/types';

const NOW = new Date('2026-11-30T12:30:00Z');
const DAY = 86_400_000;
const CLIENT = 'a1d5e6f7-0b1c-4d2e-8f3a-4b5c6d7e8f90';
const SOURCE = 'the sandbox at http://127.0.0.1:5123';

interface Cert {
	der: Buffer;
	sha1: string;
	sha256: string;
}
const cert = (): Cert => {
	const der = randomBytes(600);
	return { der, sha1: createHash('sha1').update(der).digest('hex').toUpperCase(), sha256: createHash('sha256').update(der).digest('hex').toUpperCase() };
};
const iso = (ms: number) => new Date(ms).toISOString();
function key(c: Cert, extra: Partial<GraphKeyCredential> = {}): GraphKeyCredential {
	return {
		keyId: randomUUID(),
		type: 'AsymmetricX509Cert',
		usage: 'Verify',
		displayName: 'CN=orders',
		customKeyIdentifier: Buffer.from(c.sha1, 'hex').toString('base64'),
		startDateTime: iso(NOW.getTime() - DAY),
		endDateTime: iso(NOW.getTime() + 200 * DAY),
		key: null,
		...extra,
	};
}
function live(keys: GraphKeyCredential[], extra: Partial<LiveRegistration> = {}): LiveRegistration {
	return { appId: CLIENT, displayName: 'orders-api', source: SOURCE, fetchedAt: new Date('2026-11-30T12:03:40Z'), keyCredentials: keys, ...extra };
}
const ctx = (keys: GraphKeyCredential[], extra: Partial<DiagnoseContext> = {}, reg: Partial<LiveRegistration> = {}): DiagnoseContext => ({ now: NOW, liveKeys: [live(keys, reg)], ...extra });
const only = (fs: ReturnType<typeof liveThumbprintFindings>) => {
	assert.ok(fs, 'findings for a live app');
	assert.equal(fs.length, 1, JSON.stringify(fs, null, 1));
	return fs[0];
};

describe('live keys: edges', () => {
	describe('which registration is the app', () => {
		it('client IDs compare without case or surrounding spaces; no ID, no registration', () => {
			const reg = live([], { appId: ` ${CLIENT.toUpperCase()} ` });
			assert.equal(liveRegistrationFor({ liveKeys: [reg] }, CLIENT), reg);
			assert.equal(liveRegistrationFor({ liveKeys: [live([])] }, `  ${CLIENT.toUpperCase()}\n`)?.appId, CLIENT);
			assert.equal(liveRegistrationFor({ liveKeys: [reg] }, undefined), undefined);
			assert.equal(liveRegistrationFor({ liveKeys: [reg] }, '   '), undefined);
			assert.equal(liveRegistrationFor({}, CLIENT), undefined);
			// no client ID never picks a registration, not even one without an app ID
			assert.equal(liveRegistrationFor({ liveKeys: [live([], { appId: '' })] }, undefined), undefined);
			assert.equal(liveRegistrationFor({ liveKeys: [live([], { appId: ' ' })] }, ''), undefined);
			assert.equal(liveRegistrationFor({ liveKeys: [reg] }, randomUUID()), undefined);
		});

		it('an app whose keys are missing is noted (lower case, trimmed) for the caller to fetch; no finding yet', () => {
			const wanted = new Set<string>();
			const c = cert();
			assert.equal(liveThumbprintFindings('x5t', 'sha1Hex', c.sha1, ` ${CLIENT.toUpperCase()} `, { now: NOW, liveWanted: wanted }), undefined);
			assert.deepEqual([...wanted], [CLIENT]);
			// found or not, the app is noted: the caller says what it used
			const found = new Set<string>();
			liveThumbprintFindings('x5t', 'sha1Hex', c.sha1, CLIENT, { ...ctx([key(c)]), liveWanted: found });
			assert.deepEqual([...found], [CLIENT]);
			// no client ID: nothing to note, nothing to say
			const none = new Set<string>();
			assert.equal(liveThumbprintFindings('x5t', 'sha1Hex', c.sha1, undefined, { ...ctx([key(c)]), liveWanted: none }), undefined);
			assert.equal(none.size, 0);
		});
	});

	describe('the line that says what was checked', () => {
		it('the live registration: source, time of the fetch (UTC, minutes), the app and its key count', () => {
			const a = cert();
			const b = cert();
			assert.equal(checkSourceLine(ctx([key(a), key(b)]), CLIENT), `Checked against the live registration in ${SOURCE}, fetched 12:03 UTC (app "orders-api", 2 keys).`);
			assert.equal(checkSourceLine(ctx([key(a)]), CLIENT), `Checked against the live registration in ${SOURCE}, fetched 12:03 UTC (app "orders-api", 1 key).`);
			assert.equal(checkSourceLine(ctx([], {}, { displayName: undefined }), CLIENT), `Checked against the live registration in ${SOURCE}, fetched 12:03 UTC.`);
			assert.equal(checkSourceLine(ctx([], {}, { fetchedAt: new Date(Number.NaN) }), CLIENT), `Checked against the live registration in ${SOURCE}, fetched ? (app "orders-api", 0 keys).`);
		});

		it('the workspace only: distinct certificates and manifests counted, with the reason when there is one', () => {
			const a = cert();
			const wc = (c: Cert, label: string) => ({ label, sha1Hex: c.sha1, sha256Hex: c.sha256, x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=x', notBefore: new Date(0), notAfter: new Date(NOW.getTime() + DAY) });
			const m = { label: 'api.json', text: '{}' };
			assert.equal(checkSourceLine({ now: NOW }, CLIENT), 'Checked against workspace manifests only (0 certificates, 0 manifests).');
			// the same certificate as PEM and as PFX counts once
			assert.equal(checkSourceLine({ now: NOW, certificates: [wc(a, 'a.pem'), wc(a, 'a.pfx')], manifests: [m] }, CLIENT), 'Checked against workspace manifests only (1 certificate, 1 manifest).');
			assert.equal(checkSourceLine({ now: NOW, certificates: [wc(a, 'a.pem'), wc(cert(), 'b.pem')], manifests: [m, m] }, CLIENT), 'Checked against workspace manifests only (2 certificates, 2 manifests).');
			assert.equal(checkSourceLine({ now: NOW, liveNote: 'the fetch failed (HTTP 403)' }, CLIENT), 'Checked against workspace manifests only (0 certificates, 0 manifests): the fetch failed (HTTP 403).');
			// live keys of other apps only: this app's were not read
			const other = randomUUID();
			assert.equal(checkSourceLine({ now: NOW, liveKeys: [live([], { appId: other })] }, CLIENT), `Checked against workspace manifests only (0 certificates, 0 manifests): the live keys of ${CLIENT} were not read.`);
			assert.equal(checkSourceLine({ now: NOW, liveKeys: [] }, CLIENT), 'Checked against workspace manifests only (0 certificates, 0 manifests).');
			assert.equal(checkSourceLine({ now: NOW, liveKeys: [live([], { appId: other })] }, undefined), 'Checked against workspace manifests only (0 certificates, 0 manifests).');
		});
	});

	describe('a SHA-1', () => {
		it('is matched however it is written (colons, lower case) and named in upper case, with the app and source', () => {
			const a = cert();
			const written = a.sha1.toLowerCase().match(/../g)!.join(':');
			const f = only(liveThumbprintFindings('x5t', 'sha1Hex', written, CLIENT, ctx([key(a, { displayName: 'CN=orders 2026' })])));
			assert.equal(f.code, 'live-key-registered');
			assert.equal(f.severity, 'info');
			assert.ok(f.message.startsWith(`SHA-1 ${a.sha1} in x5t is registered in Entra on app ${CLIENT} ("orders-api"): key 'CN=orders 2026' (keyId `), f.message);
			assert.ok(f.message.includes(`type AsymmetricX509Cert, usage Verify, valid until ${iso(NOW.getTime() + 200 * DAY).slice(0, 10)}.`), f.message);
			assert.ok(f.message.endsWith(`Checked against the live registration in ${SOURCE}, fetched 12:03 UTC.`), f.message);
			assert.match(f.fix, /^Nothing to fix here/);
		});

		it('a key without a name or end date is named by its keyId; the end date reads "?"', () => {
			const a = cert();
			const k = key(a, { displayName: null, endDateTime: null });
			const f = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([k], {}, { displayName: undefined })));
			assert.ok(f.message.includes(`on app ${CLIENT}: key (keyId ${k.keyId})`), f.message);
			assert.ok(f.message.includes('valid until ?.'), f.message);
			// an unreadable end date is no end date: the key is valid
			const bad = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([key(a, { endDateTime: 'soon' })])));
			assert.equal(bad.code, 'live-key-registered');
		});

		it('not registered: names what was looked for, how many keys the app has, and up to three of them in the fix', () => {
			const a = cert();
			const others = [cert(), cert(), cert(), cert()];
			const keys = others.map((c, i) => key(c, { displayName: `CN=k${i}` }));
			const f = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx(keys)));
			assert.equal(f.code, 'AADSTS700027');
			assert.equal(f.severity, 'error');
			assert.ok(f.message.startsWith(`x5t names SHA-1 ${a.sha1}, which is not registered on app ${CLIENT} ("orders-api") in Entra: none of its 4 live keys has SHA-1 ${a.sha1}`), f.message);
			assert.ok(f.message.includes(`Checked against the live registration in ${SOURCE}`));
			const listed = keys.slice(0, 3).map((k, i) => `${others[i].sha1} 'CN=k${i}' (keyId ${k.keyId})`).join('; ');
			assert.ok(f.fix.endsWith(`or sign with one it has: ${listed}. Check too that the client ID is the app you meant.`), f.fix);
			assert.ok(!f.fix.includes(others[3].sha1), 'three keys at most');
			// one key: singular; a key Graph gave no thumbprint for is listed as '?'
			const single = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([key(others[0], { customKeyIdentifier: null, displayName: null })])));
			assert.match(single.message, /none of its 1 live key has SHA-1/);
			assert.match(single.fix, /or sign with one it has: \? \(keyId [0-9a-f-]{36}\)\./);
			// no keys at all: the fix lists none
			const empty = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([])));
			assert.match(empty.message, /none of its 0 live keys/);
			assert.match(empty.fix, /or sign with one it has\. Check too/);
		});
	});

	describe('which matching key counts', () => {
		const a = cert();
		const at = (ms: number) => iso(NOW.getTime() + ms);
		const check = (keys: GraphKeyCredential[]) => only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx(keys)));

		it('a key is valid through its end instant (inclusive, like X.509 notAfter) and from its start; a millisecond later it is expired', () => {
			assert.equal(check([key(a, { endDateTime: at(0), startDateTime: at(-DAY) })]).code, 'live-key-registered');
			const ended = check([key(a, { endDateTime: at(-1), startDateTime: at(-DAY) })]);
			assert.equal(ended.code, 'AADSTS700027');
			assert.equal(ended.severity, 'error');
			assert.match(ended.fix, /^Make a new certificate, add it to the app \(Entra Cert: Roll Certificate\), sign with it, then remove the expired key\.$/);
			assert.ok(ended.message.includes(`which expired on ${at(-1)}; Entra refuses it`), ended.message);
			assert.equal(check([key(a, { endDateTime: at(1000) })]).code, 'live-key-registered');
			assert.equal(check([key(a, { startDateTime: at(0) })]).code, 'live-key-registered');
			const later = check([key(a, { startDateTime: at(1000) })]);
			assert.equal(later.code, 'live-key-not-yet-valid');
			assert.ok(later.message.includes(`which is valid only from ${at(1000)} (its startDateTime)`), later.message);
			assert.equal(later.severity, 'error');
			assert.match(later.fix, /^Wait until the startDateTime, or sign with a key of the app that is valid now/);
			assert.equal(check([key(a, { startDateTime: 'not a date' })]).code, 'live-key-registered');
		});

		it('usage is read without case; a Sign key is named with its type and usage', () => {
			assert.equal(check([key(a, { usage: 'VERIFY' })]).code, 'live-key-registered');
			const sign = check([key(a, { usage: 'Sign', type: 'AsymmetricX509Cert' })]);
			assert.equal(sign.code, 'live-key-not-verify');
			assert.equal(sign.severity, 'error');
			assert.ok(sign.message.includes('but with type AsymmetricX509Cert and usage Sign.'), sign.message);
			assert.match(sign.fix, /^Register the certificate as a client credential \(type AsymmetricX509Cert, usage Verify/);
			assert.equal(check([key(a, { usage: undefined })]).code, 'live-key-not-verify');
		});

		it('of several keys for the certificate, the most usable decides: valid, then not yet valid, then expired, then Sign', () => {
			const valid = key(a, { displayName: 'valid' });
			const future = key(a, { displayName: 'future', startDateTime: at(DAY) });
			const expired = key(a, { displayName: 'expired', endDateTime: at(-DAY), startDateTime: at(-9 * DAY) });
			const sign = key(a, { displayName: 'sign', usage: 'Sign' });
			assert.equal(check([sign, expired, future, valid]).code, 'live-key-registered');
			assert.equal(check([sign, expired, future]).code, 'live-key-not-yet-valid');
			assert.ok(check([sign, expired, future]).message.includes("key 'future'"));
			assert.equal(check([sign, expired]).code, 'AADSTS700027');
			assert.ok(check([sign, expired]).message.includes("key 'expired'"));
			assert.equal(check([expired, sign]).code, 'AADSTS700027');
		});
	});

	describe('a SHA-256', () => {
		it('found through the certificate Graph returned with the key (base64 with spaces around it)', () => {
			const a = cert();
			const f = only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256.toLowerCase(), CLIENT, ctx([key(cert()), key(a, { key: ` ${a.der.toString('base64')} ` })])));
			assert.equal(f.code, 'live-key-registered');
			assert.ok(f.message.startsWith(`SHA-256 ${a.sha256} (matched by the certificate Graph returned with the key) in x5t#S256 is registered`), f.message);
		});

		it('found through a workspace certificate: its SHA-1 and file are named; not found, the SHA-1 is what is reported missing', () => {
			const a = cert();
			const wc = { label: 'certs/a.pem', sha1Hex: a.sha1, sha256Hex: a.sha256, x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=x', notBefore: new Date(0), notAfter: new Date(NOW.getTime() + DAY) };
			const missing = only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256, CLIENT, ctx([key(cert())], { certificates: [wc] })));
			assert.equal(missing.code, 'AADSTS700027');
			assert.ok(missing.message.startsWith(`x5t#S256 names SHA-256 ${a.sha256} (its SHA-1 ${a.sha1} taken from certs/a.pem), which is not registered`), missing.message);
			assert.ok(missing.message.includes(`has SHA-1 ${a.sha1}, so Entra answers`), missing.message);
		});

		it('undecidable: says how many live keys there are and lists their SHA-1s (three at most, "?" when unknown)', () => {
			const a = cert();
			const others = [cert(), cert(), cert(), cert()];
			const f = only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256, CLIENT, ctx(others.map((c) => key(c)))));
			assert.equal(f.code, 'live-key-sha256-undecided');
			assert.equal(f.severity, 'warning');
			assert.ok(f.message.startsWith(`x5t#S256 names SHA-256 ${a.sha256}.`), f.message);
			assert.ok(f.message.includes(`whether the 4 live keys of app ${CLIENT} ("orders-api") include it. Checked against the live registration in ${SOURCE}`), f.message);
			assert.ok(f.fix.endsWith(`(live: ${others.slice(0, 3).map((c) => c.sha1).join(', ')}).`), f.fix);
			const one = only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256, CLIENT, ctx([key(cert(), { customKeyIdentifier: 'not base64 of 20 bytes' })])));
			assert.ok(one.message.includes('whether the 1 live key of app'), one.message);
			assert.ok(one.fix.endsWith('(live: ?).'), one.fix);
			// a workspace certificate with another SHA-256 decides nothing
			const wc = { label: 'certs/other.pem', sha1Hex: cert().sha1, sha256Hex: cert().sha256, x5t: '', x5tS256: '', customKeyIdentifier: '', subject: 'CN=x', notBefore: new Date(0), notAfter: new Date(NOW.getTime() + DAY) };
			assert.equal(only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256, CLIENT, ctx([key(cert())], { certificates: [wc] }))).code, 'live-key-sha256-undecided');
			const none = only(liveThumbprintFindings('x5t#S256', 'sha256Hex', a.sha256, CLIENT, ctx([])));
			assert.ok(none.fix.endsWith('Thumbprint column of the app\'s Certificates & secrets.'), none.fix);
		});
	});

	describe('a hash the wrong encoding meant', () => {
		it('registered: says "meant by" and that only the encoding needs fixing', () => {
			const a = cert();
			const f = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([key(a)]), true));
			assert.equal(f.code, 'live-key-registered');
			assert.ok(f.message.startsWith(`SHA-1 ${a.sha1} meant by x5t is registered in Entra`), f.message);
			assert.match(f.fix, /^Fix the encoding as described; the certificate is registered\.$/);
		});

		it('not registered: an error of its own, naming the hash meant and the keys counted', () => {
			const a = cert();
			const f = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([key(cert()), key(cert())]), true));
			assert.equal(f.code, 'live-key-not-registered');
			assert.equal(f.severity, 'error');
			assert.ok(f.message.startsWith(`The certificate x5t was meant to name (SHA-1 ${a.sha1}) is not registered on app ${CLIENT} ("orders-api") either: none of its 2 live keys has SHA-1 ${a.sha1}.`), f.message);
			assert.match(f.fix, /^Fix the encoding and register this certificate/);
			const single = only(liveThumbprintFindings('x5t', 'sha1Hex', a.sha1, CLIENT, ctx([key(cert())]), true));
			assert.ok(single.message.includes('none of its 1 live key has SHA-1'), single.message);
		});
	});
});
