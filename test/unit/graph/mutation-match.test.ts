/**
 * The live app against the workspace (src/core/graph/match.ts): keys matched to certificate files by thumbprint with
 * their expired / expiring / not-yet-valid marks at the date edges, a manifest file compared with the live keys (by
 * thumbprint, else keyId) naming each difference, and the live app written out as either manifest format.
 */
import assert from 'node:assert/strict';
import { diffManifestWithLive, liveToManifest, matchKeysToWorkspace } from '../../../src/core/graph/match';
import type { GraphApplication, GraphKeyCredential } from '../../../src/core/graph/types';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86400000;
const A = 'AA'.repeat(20);
const B = 'BB'.repeat(20);
const C = 'CC'.repeat(20);
const cki = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
const iso = (ms: number) => new Date(ms).toISOString();
function key(id: string, extra: Partial<GraphKeyCredential> = {}): GraphKeyCredential {
	return { keyId: id, type: 'AsymmetricX509Cert', usage: 'Verify', ...extra };
}

describe('graph match: live keys and workspace files', () => {
	it('matched by thumbprint in any case; files listed; unregistered files reported', () => {
		const keys = [key('k1', { customKeyIdentifier: cki(A), displayName: 'one' }), key('k2', { customKeyIdentifier: cki(B) }), key('k3')];
		const files = [
			{ path: 'a.pem', sha1Hex: A.toLowerCase() },
			{ path: 'a-copy.cer', sha1Hex: A },
			{ path: 'c.pem', sha1Hex: C, subject: 'CN=c' },
		];
		const m = matchKeysToWorkspace(keys, files, { now: NOW });
		assert.deepEqual(
			m.keys.map((k) => [k.keyId, k.status, k.files, k.sha1Hex, k.thumbprintFrom]),
			[
				['k1', 'registered, file here', ['a.pem', 'a-copy.cer'], A, 'customKeyIdentifier'],
				['k2', 'registered, no file here', [], B, 'customKeyIdentifier'],
				['k3', 'registered, no file here', [], undefined, undefined],
			],
		);
		assert.equal(m.keys[0].displayName, 'one');
		assert.equal('sha1Hex' in m.keys[2], false);
		assert.deepEqual(m.notRegistered, [{ path: 'c.pem', sha1Hex: C, subject: 'CN=c', status: 'file here, not registered' }]);
	});

	it('expired after its end (valid through the end instant, like X.509 notAfter), expiring within 30 days (or the days given), not yet valid before its start', () => {
		const t = NOW.getTime();
		const keys = [
			key('ended1msAgo', { endDateTime: iso(t - 1) }),
			key('endsNow', { endDateTime: iso(t) }),
			key('endsIn1ms', { endDateTime: iso(t + 1) }),
			key('ends30d', { endDateTime: iso(t + 30 * DAY) }),
			key('ends30d+1', { endDateTime: iso(t + 30 * DAY + 1) }),
			key('startsLater', { startDateTime: iso(t + 1) }),
			key('startsNow', { startDateTime: iso(t) }),
			key('badDates', { startDateTime: 'soon', endDateTime: 'later' }),
			key('noDates', { startDateTime: null, endDateTime: '' }),
		];
		const m = matchKeysToWorkspace(keys, [], { now: NOW });
		const marks = Object.fromEntries(m.keys.map((k) => [k.keyId, [k.expired, k.expiring, k.notYetValid]]));
		assert.deepEqual(marks, {
			ended1msAgo: [true, false, false],
			endsNow: [false, true, false],
			endsIn1ms: [false, true, false],
			ends30d: [false, true, false],
			'ends30d+1': [false, false, false],
			startsLater: [false, false, true],
			startsNow: [false, false, false],
			badDates: [false, false, false],
			noDates: [false, false, false],
		});
		const week = matchKeysToWorkspace([key('x', { endDateTime: iso(t + 10 * DAY) })], [], { now: NOW, expiringDays: 7 });
		assert.equal(week.keys[0].expiring, false);
		const endsNow = m.keys.find((k) => k.keyId === 'endsNow');
		assert.deepEqual([endsNow?.start, endsNow?.end], [undefined, iso(t)]);
	});
});

describe('graph match: a manifest file against the live keys', () => {
	const manifest = (keys: object[]) => JSON.stringify({ id: 'obj', appId: 'app', keyCredentials: keys });

	it('same keys, same dates: same', () => {
		const live = [key('k1', { customKeyIdentifier: cki(A), startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' })];
		const d = diffManifestWithLive(manifest([{ keyId: 'K1', customKeyIdentifier: cki(A), startDateTime: '2026-01-01T00:00:00.000Z', endDateTime: '2027-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'verify' }]), live);
		assert.equal(d.same, true);
		assert.deepEqual(d.inBoth, [{ keyId: 'k1', sha1Hex: A, displayName: undefined, differences: [] }]);
		assert.deepEqual([d.onlyInManifest, d.onlyLive], [[], []]);
	});

	it('matched by thumbprint even under another keyId; every difference named', () => {
		const live = [key('live-id', { customKeyIdentifier: cki(A), startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', usage: 'Verify', displayName: 'L' })];
		const d = diffManifestWithLive(manifest([{ keyId: 'file-id', customKeyIdentifier: cki(A), startDateTime: '2026-02-01T00:00:00Z', endDateTime: '2028-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Sign' }]), live);
		assert.equal(d.same, false);
		assert.deepEqual(d.inBoth[0].differences, [
			'keyId file-id in the file, live-id live',
			'start 2026-02-01T00:00:00Z in the file, 2026-01-01T00:00:00Z live',
			'end 2028-01-01T00:00:00Z in the file, 2027-01-01T00:00:00Z live',
			'usage Sign in the file, Verify live',
		]);
		assert.equal(d.inBoth[0].displayName, 'L');
	});

	it('without a thumbprint the keyId decides; others are only in one place', () => {
		const live = [key('k1'), key('k2', { customKeyIdentifier: cki(B) }), key('k3', { customKeyIdentifier: cki(C) })];
		const d = diffManifestWithLive(manifest([
			{ keyId: 'K1', type: 'AsymmetricX509Cert', usage: 'Verify' },
			{ keyId: 'k2', customKeyIdentifier: cki(A), type: 'AsymmetricX509Cert', usage: 'Verify' },
		]), live);
		assert.deepEqual(d.inBoth.map((b) => [b.keyId, b.sha1Hex]), [['k1', undefined]]);
		assert.deepEqual(d.onlyInManifest.map((b) => [b.keyId, b.sha1Hex]), [['k2', A]]);
		assert.deepEqual(d.onlyLive.map((b) => [b.keyId, b.sha1Hex]), [['k2', B], ['k3', C]]);
		assert.equal(d.same, false);
	});

	it('a live key is matched once: two manifest entries of one certificate leave one unmatched', () => {
		const live = [key('k1', { customKeyIdentifier: cki(A) })];
		const entry = { customKeyIdentifier: cki(A), type: 'AsymmetricX509Cert', usage: 'Verify' };
		const d = diffManifestWithLive(manifest([entry, entry]), live);
		assert.equal(d.inBoth.length, 1);
		assert.equal(d.onlyInManifest.length, 1);
		assert.equal(d.same, false);
	});

	it('an entry in only one place makes them differ', () => {
		assert.equal(diffManifestWithLive(manifest([]), [key('k1', { customKeyIdentifier: cki(A) })]).same, false);
		assert.equal(diffManifestWithLive(manifest([{ customKeyIdentifier: cki(A), type: 'AsymmetricX509Cert', usage: 'Verify' }]), []).same, false);
		assert.equal(diffManifestWithLive(manifest([]), []).same, true);
	});
});

describe('graph match: the live app as a manifest', () => {
	const app: GraphApplication = {
		id: 'obj',
		appId: 'app',
		displayName: 'Orders',
		keyCredentials: [key('k1', { customKeyIdentifier: cki(A), displayName: 'CN=a', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', key: 'TUlJ' }), key('k2')],
	};
	it('Microsoft Graph format: 2-space JSON, final newline, nulls for what Graph did not return', () => {
		const text = liveToManifest(app, 'graph');
		assert.ok(text.endsWith('}\n'));
		assert.deepEqual(JSON.parse(text), {
			id: 'obj',
			appId: 'app',
			displayName: 'Orders',
			keyCredentials: [
				{ customKeyIdentifier: cki(A), displayName: 'CN=a', endDateTime: '2027-01-01T00:00:00Z', key: 'TUlJ', keyId: 'k1', startDateTime: '2026-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' },
				{ customKeyIdentifier: null, displayName: null, endDateTime: null, key: null, keyId: 'k2', startDateTime: null, type: 'AsymmetricX509Cert', usage: 'Verify' },
			],
		});
		assert.match(text, /^\{\n {2}"id": "obj",\n/);
	});
	it('Azure AD Graph format: value, startDate, endDate', () => {
		const text = liveToManifest(app, 'aadgraph');
		assert.deepEqual(JSON.parse(text).keyCredentials, [
			{ customKeyIdentifier: cki(A), endDate: '2027-01-01T00:00:00Z', keyId: 'k1', startDate: '2026-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify', value: 'TUlJ' },
			{ customKeyIdentifier: null, endDate: null, keyId: 'k2', startDate: null, type: 'AsymmetricX509Cert', usage: 'Verify', value: null },
		]);
	});
});
