/**
 * The emulated Graph's application records called directly: key records from certificates (dates and names from the
 * certificate as openssl reads it, unless the manifest gives them), manifest keyIds kept, stable derived ids, setApps
 * keeping live keys only for an unchanged manifest, and what the token endpoint sees. Written for the mutation run
 * (issue 10).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { GRAPH_KEY_LIMIT, keyJson, keyRecord, liveApps, seedGraphState } from '../../../src/sandbox/graphState';
import type { SandboxApp } from '../../../src/sandbox/types';
import { openssl } from '../helpers/openssl';
import { cachedCert } from './mutation-material';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const APP = '5E6F7A8B-9C0D-4E1F-8A2B-3C4D5E6F7A8B';
const OWNER = '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('sandbox emulated Graph state (direct)', function () {
	this.timeout(60000);
	const a = () => cachedCert('graphstate-a');
	const b = () => cachedCert('graphstate-b');
	const isoSeconds = (text: string) => new Date(text).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const dates = (certPath: string) => {
		const out = openssl(['x509', '-in', certPath, '-noout', '-startdate', '-enddate']);
		return { start: isoSeconds((/notBefore=(.+)/.exec(out) as RegExpExecArray)[1]), end: isoSeconds((/notAfter=(.+)/.exec(out) as RegExpExecArray)[1]) };
	};
	const app = (over: Partial<SandboxApp> = {}): SandboxApp => ({ appId: APP, displayName: 'Graph app', certificates: [a().der], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [], ...over });

	it('keyRecord: a Verify certificate key named by its subject, customKeyIdentifier = SHA-1, dates to the second as openssl reads them', () => {
		const k = keyRecord(a().der);
		assert.deepEqual([k.type, k.usage, k.displayName], ['AsymmetricX509Cert', 'Verify', 'CN=graphstate-a']);
		assert.equal(k.customKeyIdentifier, createHash('sha1').update(a().der).digest('base64'));
		assert.equal(Buffer.from(String(k.customKeyIdentifier), 'base64').toString('hex').toUpperCase(), a().sha1Hex);
		const d = dates(a().certPath);
		assert.deepEqual([k.startDateTime, k.endDateTime], [d.start, d.end]);
		assert.match(k.startDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.match(k.keyId, GUID);
		assert.notEqual(keyRecord(a().der).keyId, k.keyId, 'a new keyId each time');
		const given = keyRecord(a().der, { keyId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', displayName: null, customKeyIdentifier: 'QUJD', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-02-01T00:00:00Z' });
		assert.deepEqual([given.keyId, given.displayName, given.customKeyIdentifier, given.startDateTime, given.endDateTime], ['aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', null, 'QUJD', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z']);
	});

	it('keyJson: Graph\'s fields; key only when asked', () => {
		const k = keyRecord(a().der, { keyId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' });
		const j = keyJson(k, false);
		assert.deepEqual(Object.keys(j).sort(), ['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage']);
		assert.equal(j.key, null);
		assert.equal(keyJson(k, true).key, a().der.toString('base64'));
	});

	it('seeding: the manifest\'s keyId (a GUID, lower-cased), names and dates are kept; the object id is the manifest\'s or a stable derived one', () => {
		const manifestKey = { der: a().der, keyId: 'CCCCCCCC-1111-4222-8333-444444444444', displayName: 'from manifest', customKeyIdentifier: 'WFla', startDateTime: '2026-03-01T00:00:00Z', endDateTime: '2026-04-01T00:00:00Z' };
		const s = seedGraphState([app({ keyCredentials: [manifestKey] })], TENANT, [OWNER]);
		const r = s.byAppId.get(APP.toLowerCase());
		assert.ok(r);
		assert.equal(r.appId, APP.toLowerCase());
		assert.deepEqual(r.keys.map((k) => [k.keyId, k.displayName, k.customKeyIdentifier, k.startDateTime, k.endDateTime]), [['cccccccc-1111-4222-8333-444444444444', 'from manifest', 'WFla', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z']]);
		assert.deepEqual([...r.owners], [OWNER]);
		assert.match(r.id, GUID);
		assert.equal(s.byObjectId.get(r.id), r);
		assert.equal(seedGraphState([app()], TENANT, [OWNER]).byAppId.get(APP.toLowerCase())?.id, r.id, 'the derived object id is stable');
		assert.equal(seedGraphState([app({ appId: APP.toLowerCase() })], TENANT, [OWNER]).byAppId.get(APP.toLowerCase())?.id, r.id, 'whatever the appId\'s case');
		assert.notEqual(seedGraphState([app()], '11111111-2222-4333-8444-555555555555', [OWNER]).byAppId.get(APP.toLowerCase())?.id, r.id, 'another tenant, another object');
		const withId = seedGraphState([app({ objectId: 'dddddddd-1111-4222-8333-444444444444' })], TENANT, [OWNER]);
		assert.equal(withId.byObjectId.get('dddddddd-1111-4222-8333-444444444444')?.appId, APP.toLowerCase());
	});

	it('seeding: no manifest details → the certificate\'s; a keyId that is not a GUID → a stable derived one; the same keyId twice → two keyIds', () => {
		const plain = seedGraphState([app({ certificates: [a().der, b().der] })], TENANT, [OWNER]).byAppId.get(APP.toLowerCase());
		assert.deepEqual(plain?.keys.map((k) => k.displayName), ['CN=graphstate-a', 'CN=graphstate-b']);
		assert.deepEqual([plain?.keys[0].startDateTime, plain?.keys[0].endDateTime], [dates(a().certPath).start, dates(a().certPath).end]);
		const derived = plain?.keys.map((k) => k.keyId) ?? [];
		assert.ok(derived.every((id) => GUID.test(id)));
		assert.notEqual(derived[0], derived[1]);
		const again = seedGraphState([app({ appId: APP.toLowerCase(), certificates: [a().der, b().der], keyCredentials: [{ der: a().der, keyId: 'key-1' }] })], TENANT, [OWNER]).byAppId.get(APP.toLowerCase());
		assert.deepEqual(again?.keys.map((k) => k.keyId), derived, 'stable, and a non-GUID keyId is not used');
		const same = 'eeeeeeee-1111-4222-8333-444444444444';
		const twice = seedGraphState([app({ certificates: [a().der, b().der], keyCredentials: [{ der: a().der, keyId: same }, { der: b().der, keyId: same.toUpperCase() }] })], TENANT, [OWNER]).byAppId.get(APP.toLowerCase());
		assert.equal(twice?.keys[0].keyId, same);
		assert.notEqual(twice?.keys[1].keyId, same);
		assert.match(String(twice?.keys[1].keyId), GUID);
	});

	it('setApps: an unchanged manifest keeps its live keys; a changed name, certificate, keyId or object id starts from the file', () => {
		const first = seedGraphState([app()], TENANT, [OWNER], undefined, 5);
		const rec = first.byAppId.get(APP.toLowerCase());
		assert.ok(rec);
		rec.keys = [...rec.keys, keyRecord(b().der)];
		const kept = seedGraphState([app()], TENANT, [OWNER], first);
		assert.equal(kept.byAppId.get(APP.toLowerCase())?.keys.length, 2);
		assert.equal(kept.keyLimit, 5, 'the limit carries over');
		for (const changed of [app({ displayName: 'Renamed' }), app({ certificates: [b().der] }), app({ keyCredentials: [{ der: a().der, keyId: 'ffffffff-1111-4222-8333-444444444444' }] }), app({ objectId: 'dddddddd-1111-4222-8333-444444444444' })]) {
			assert.equal(seedGraphState([changed], TENANT, [OWNER], first).byAppId.get(APP.toLowerCase())?.keys.length, 1, JSON.stringify(changed.displayName));
		}
		assert.equal(seedGraphState([app()], TENANT, [OWNER]).keyLimit, GRAPH_KEY_LIMIT);
		assert.equal(GRAPH_KEY_LIMIT, 600);
		assert.equal(seedGraphState([app()], TENANT, [OWNER], first, 9).keyLimit, 9);
	});

	it('liveApps: the token endpoint sees Verify keys as certificates, every key with its details', () => {
		const s = seedGraphState([app({ secrets: ['s'] })], TENANT, [OWNER]);
		const rec = s.byAppId.get(APP.toLowerCase());
		assert.ok(rec);
		rec.keys = [...rec.keys, { ...keyRecord(b().der), usage: 'Sign' }];
		const [live] = liveApps(s);
		assert.deepEqual(live.secrets, ['s']);
		assert.deepEqual(live.certificates.map((d) => Buffer.from(d).toString('hex')), [a().der.toString('hex')]);
		assert.deepEqual(live.keyCredentials?.map((k) => [k.keyId, k.displayName, k.customKeyIdentifier, k.startDateTime, k.endDateTime, Buffer.from(k.der).toString('hex')]), rec.keys.map((k) => [k.keyId, k.displayName, k.customKeyIdentifier, k.startDateTime, k.endDateTime, Buffer.from(k.der).toString('hex')]));
	});
});
