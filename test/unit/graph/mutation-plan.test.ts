/**
 * Write plans for an application's keys (src/core/graph/plan.ts) and the thumbprint a Graph keyCredential stands for
 * (match.ts keyThumbprint): which keys can sign a proof now (dates at their edges, usage case-insensitive), PATCH vs
 * addKey/removeKey, the refusals that protect the last valid key, and the preview lines a user confirms. Certificates
 * come from openssl and their SHA-1 from openssl's fingerprint.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { keyThumbprint } from '../../../src/core/graph/match';
import { planAddCertificate, planRemoveKey, validCertificateKeys } from '../../../src/core/graph/plan';
import type { GraphApplication, GraphKeyCredential } from '../../../src/core/graph/types';
import { fingerprint, openssl, opensslBytes, tempDir } from '../helpers/openssl';

const NOW = new Date('2026-06-01T00:00:00Z');
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));
const cki = (sha1Hex: string) => Buffer.from(sha1Hex, 'hex').toString('base64');

function key(id: string, extra: Partial<GraphKeyCredential> = {}): GraphKeyCredential {
	return { keyId: id, type: 'AsymmetricX509Cert', usage: 'Verify', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', ...extra };
}
const app = (keys: GraphKeyCredential[]): GraphApplication => ({ id: 'obj-1', appId: 'app-1', displayName: 'Orders', keyCredentials: keys });

describe('graph plan: keys that can sign a proof now', () => {
	it('inside its dates, a Verify certificate or a Sign X509CertAndPassword key; usage in any case', () => {
		const keys = [
			key('a'),
			key('b', { usage: 'verify' }),
			key('c', { type: 'X509CertAndPassword', usage: 'Sign' }),
			key('d', { type: 'X509CertAndPassword', usage: 'Verify' }),
			key('e', { type: 'AsymmetricX509Cert', usage: 'Sign' }),
			key('f', { type: 'Symmetric', usage: 'Verify' }),
			key('g', { startDateTime: null, endDateTime: null }),
		];
		assert.deepEqual(validCertificateKeys(app(keys), NOW).map((k) => k.keyId), ['a', 'b', 'c', 'g']);
	});
	it('valid from its start through its end (both inclusive, like X.509 notBefore/notAfter)', () => {
		const t = NOW.toISOString();
		const later = new Date(NOW.getTime() + 1).toISOString();
		const earlier = new Date(NOW.getTime() - 1).toISOString();
		const keys = [key('startsNow', { startDateTime: t }), key('startsLater', { startDateTime: later }), key('endsNow', { endDateTime: t }), key('endedBefore', { endDateTime: earlier }), key('endsLater', { endDateTime: later })];
		assert.deepEqual(validCertificateKeys(app(keys), NOW).map((k) => k.keyId), ['startsNow', 'endsNow', 'endsLater']);
	});
});

describe('graph plan: keyThumbprint', () => {
	const SHA1 = '84E05C1D98BCE3A5421D225B140B36E86A3D5534';
	it('from customKeyIdentifier: base64 of the 20 bytes, or 40 hex digits as text', () => {
		assert.deepEqual(keyThumbprint({ customKeyIdentifier: cki(SHA1) }), { sha1Hex: SHA1, from: 'customKeyIdentifier' });
		assert.deepEqual(keyThumbprint({ customKeyIdentifier: ` ${SHA1.toLowerCase()} ` }), { sha1Hex: SHA1, from: 'customKeyIdentifier (hex text)' });
		assert.equal(keyThumbprint({ customKeyIdentifier: Buffer.alloc(32, 1).toString('base64') }), undefined);
		assert.equal(keyThumbprint({ customKeyIdentifier: SHA1.slice(2) }), undefined);
		assert.equal(keyThumbprint({ customKeyIdentifier: null }), undefined);
		assert.equal(keyThumbprint({ customKeyIdentifier: '' }), undefined);
		assert.equal(keyThumbprint({}), undefined);
	});
});

describe('graph plan: adding and removing certificates', function () {
	this.timeout(60000);
	let cert: { der: Uint8Array; notBefore: Date; notAfter: Date; subject: string };
	let sha1: string;
	let proofSha1: string;
	let der: Buffer;
	before(() => {
		const dir = tempDir('eck-plan-');
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
		openssl(['req', '-x509', ...ec, '-keyout', join(dir, 'a.key'), '-out', join(dir, 'a.pem'), '-subj', '/CN=new-cert', '-days', '300']);
		openssl(['req', '-x509', ...ec, '-keyout', join(dir, 'p.key'), '-out', join(dir, 'p.pem'), '-subj', '/CN=proof', '-days', '300']);
		der = opensslBytes(['x509', '-in', join(dir, 'a.pem'), '-outform', 'DER']);
		sha1 = fingerprint(join(dir, 'a.pem'), 'sha1');
		proofSha1 = fingerprint(join(dir, 'p.pem'), 'sha1');
		cert = { der: new Uint8Array(der), notBefore: new Date('2026-05-01T00:00:00.123Z'), notAfter: new Date('2027-05-01T00:00:00.456Z'), subject: 'CN=new-cert' };
	});

	it('PATCH to an app without keys: the new key alone, times without milliseconds', () => {
		const p = planAddCertificate({ app: app([]), cert, withProof: false, now: NOW });
		assert.equal(p.method, 'patch');
		assert.deepEqual(p.kept, []);
		assert.deepEqual(p.preview, [
			"Application 'Orders' (appId app-1, object ID obj-1)",
			`+ add    'CN=new-cert', SHA-1 ${sha1}, valid 2026-05-01T00:00:00Z to 2027-05-01T00:00:00Z`,
			'Method: PATCH /v1.0/applications/obj-1 with keyCredentials = the new one alone (the app has no keys)',
			'Nothing else on the application changes.',
		]);
	});

	it('PATCH keeps every key by keyId, one or several', () => {
		const one = planAddCertificate({ app: app([key('k1', { displayName: 'CN=old', customKeyIdentifier: cki(proofSha1) })]), cert, withProof: false, now: NOW });
		assert.deepEqual(one.kept, ['k1']);
		assert.ok(one.preview.includes(`= keep   keyId k1 'CN=old', SHA-1 ${proofSha1}, until 2027-01-01T00:00:00Z`));
		assert.ok(one.preview.includes('Method: PATCH /v1.0/applications/obj-1 with keyCredentials = the 1 kept key (by keyId) + the new one'));
		const two = planAddCertificate({ app: app([key('k1'), key('k2', { endDateTime: null })]), cert, withProof: false, now: NOW });
		assert.ok(two.preview.includes('Method: PATCH /v1.0/applications/obj-1 with keyCredentials = the 2 kept keys (by keyId) + the new one'));
		assert.ok(two.preview.includes('= keep   keyId k2'));
	});

	it('addKey with a proof from a valid key; Graph assigns the keyId', () => {
		const a = app([key('k1', { customKeyIdentifier: cki(proofSha1) })]);
		const p = planAddCertificate({ app: a, cert, withProof: true, now: NOW, proofSha1Hex: proofSha1.toLowerCase() });
		assert.equal(p.method, 'addKey');
		assert.match(p.preview[1], / \(Graph assigns the keyId\)$/);
		assert.ok(p.preview.includes(`Method: POST /v1.0/applications/obj-1/addKey with a proof signed by SHA-1 ${proofSha1}`));
		const noHex = planAddCertificate({ app: a, cert, withProof: true, now: NOW });
		assert.ok(noHex.preview.includes('Method: POST /v1.0/applications/obj-1/addKey with a proof signed by SHA-1 (the proof certificate)'));
	});

	it('addKey refused: no valid key to sign the proof, or the proof certificate is not one of them', () => {
		const expired = app([key('old', { endDateTime: '2026-01-01T00:00:00Z', customKeyIdentifier: cki(proofSha1) })]);
		assert.throws(() => planAddCertificate({ app: expired, cert, withProof: true, now: NOW }), code('ERR_INVALID_OPTION', /'Orders' has no valid certificate to sign a proof with/, /without --proof-cert/));
		const other = app([key('k1', { customKeyIdentifier: cki('11'.repeat(20)) })]);
		assert.throws(() => planAddCertificate({ app: other, cert, withProof: true, now: NOW, proofSha1Hex: proofSha1 }), code('ERR_INVALID_OPTION', new RegExp(`proof certificate \\(SHA-1 ${proofSha1}\\) is not a valid certificate of 'Orders'`), /keyId k1/));
		// the expired key does not count even when its thumbprint is the proof's
		assert.throws(() => planAddCertificate({ app: app([...other.keyCredentials, ...expired.keyCredentials]), cert, withProof: true, now: NOW, proofSha1Hex: proofSha1 }), code('ERR_INVALID_OPTION'));
	});

	it('refused: a certificate the app already has, or one already expired', () => {
		assert.throws(() => planAddCertificate({ app: app([key('dup', { customKeyIdentifier: cki(sha1) })]), cert, withProof: false, now: NOW }), code('ERR_MANIFEST_DUPLICATE', /'Orders' already has this certificate \(keyId dup/, /nothing was changed/));
		assert.throws(() => planAddCertificate({ app: app([key('dup', { key: der.toString('base64') })]), cert, withProof: false, now: NOW }), code('ERR_MANIFEST_DUPLICATE'));
		assert.throws(() => planAddCertificate({ app: app([]), cert: { ...cert, notAfter: NOW }, withProof: false, now: NOW }), code('ERR_INVALID_OPTION', /expired on 2026-06-01T00:00:00Z/));
		assert.ok(planAddCertificate({ app: app([]), cert: { ...cert, notAfter: new Date(NOW.getTime() + 1000) }, withProof: false, now: NOW }));
	});

	it('a certificate expiring soon is warned about, with the days left', () => {
		const warn = (ms: number) => planAddCertificate({ app: app([]), cert: { ...cert, notAfter: new Date(NOW.getTime() + ms) }, withProof: false, now: NOW }).preview.find((l) => l.startsWith('Warning:'));
		const DAY = 86400000;
		assert.equal(warn(30 * DAY), undefined);
		assert.match(warn(30 * DAY - 1) ?? '', /expires in 29 days/);
		assert.match(warn(DAY) ?? '', /expires in 1 day \(/);
		assert.match(warn(DAY - 1) ?? '', /expires in less than a day/);
		assert.match(warn(5 * DAY) ?? '', /expires in 5 days \(.*AADSTS700027/);
	});

	it('removing by PATCH: the others stay; removing the last key warns', () => {
		const a = app([key('k1'), key('K2', { displayName: 'two' })]);
		const p = planRemoveKey({ app: a, keyId: ' k2 ', now: NOW });
		assert.equal(p.method, 'patch');
		assert.equal(p.removed, 'K2');
		assert.deepEqual(p.kept, ['k1']);
		assert.ok(p.preview.includes("- remove keyId K2 'two', until 2027-01-01T00:00:00Z"));
		assert.ok(p.preview.includes('Method: PATCH /v1.0/applications/obj-1 with keyCredentials = the 1 kept key (by keyId)'));
		assert.ok(!p.preview.some((l) => /no certificate left/.test(l)));
		const last = planRemoveKey({ app: app([key('k1')]), keyId: 'k1', now: NOW });
		assert.ok(last.preview.includes('Method: PATCH /v1.0/applications/obj-1 with keyCredentials = the 0 kept keys (by keyId)'));
		assert.ok(last.preview.some((l) => /no certificate left.*AADSTS700027/.test(l)));
	});

	it('removing a keyId the app does not have names its keys (or none)', () => {
		assert.throws(() => planRemoveKey({ app: app([key('k1')]), keyId: 'zz', now: NOW }), code('ERR_INVALID_OPTION', /'Orders' has no key with keyId zz; its keys: keyId k1/));
		assert.throws(() => planRemoveKey({ app: app([]), keyId: 'zz', now: NOW }), code('ERR_INVALID_OPTION', /its keys: none\./));
	});

	it('removeKey: the proof must come from a valid key that stays', () => {
		const stays = key('stay', { customKeyIdentifier: cki(proofSha1) });
		const goes = key('go', { customKeyIdentifier: cki(sha1) });
		const p = planRemoveKey({ app: app([stays, goes]), keyId: 'go', now: NOW, proofSha1Hex: proofSha1.toLowerCase() });
		assert.equal(p.method, 'removeKey');
		assert.ok(p.preview.includes(`Method: POST /v1.0/applications/obj-1/removeKey with a proof signed by SHA-1 ${proofSha1}`));
		// signed by the key being removed: refused, naming the keys that stay
		assert.throws(() => planRemoveKey({ app: app([stays, goes]), keyId: 'go', now: NOW, proofSha1Hex: sha1 }), code('ERR_INVALID_OPTION', /signed by the key being removed/, /these stay: keyId stay/));
		// ... and when nothing valid would stay
		assert.throws(() => planRemoveKey({ app: app([goes]), keyId: 'go', now: NOW, proofSha1Hex: sha1 }), code('ERR_INVALID_OPTION', /signed by the key being removed/, /no valid certificate would stay on 'Orders'/));
		const expiredStays = key('stay', { customKeyIdentifier: cki(proofSha1), endDateTime: '2026-02-01T00:00:00Z' });
		assert.throws(() => planRemoveKey({ app: app([expiredStays, goes]), keyId: 'go', now: NOW, proofSha1Hex: proofSha1 }), code('ERR_INVALID_OPTION', /^removeKey needs a proof from a key that stays, and no valid certificate would stay/));
		assert.throws(() => planRemoveKey({ app: app([stays, goes]), keyId: 'go', now: NOW, proofSha1Hex: '22'.repeat(20) }), code('ERR_INVALID_OPTION', /proof certificate \(SHA-1 2{40}\) is not a valid certificate that stays on 'Orders'/));
	});
});
