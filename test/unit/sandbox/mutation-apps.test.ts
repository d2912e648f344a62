/**
 * The sandbox's app registrations called directly: what a manifest contributes (Verify certificates only, keyCredential
 * details for the emulated Graph, object id, display name), how duplicates merge, and the index the token endpoint
 * uses (thumbprints as openssl prints them, key type and size, validity dates, identifier URIs, application roles).
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { appsFromManifests, indexApps, normalizeResource } from '../../../src/sandbox/apps';
import { openssl } from '../helpers/openssl';
import { cachedCert } from './mutation-material';

const APP = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const OBJ = 'AABBCCDD-1122-4334-8556-778899AABBCC';

const b64 = (der: Buffer) => der.toString('base64');

describe('sandbox apps (direct)', function () {
	this.timeout(60000);

	it('a manifest\'s Verify certificates (usage in any case, absent = Verify) with their keyCredential details; Sign keys, null and empty keys skipped', () => {
		const a = cachedCert('apps-a');
		const b = cachedCert('apps-b');
		const text = JSON.stringify({
			appId: ` ${APP} `,
			id: OBJ,
			displayName: '  ',
			keyCredentials: [
				{ keyId: 'k1', type: 'AsymmetricX509Cert', usage: 'verify', key: b64(a.der), displayName: 'CN=apps-a', customKeyIdentifier: 'ABC', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' },
				{ keyId: 'k2', type: 'AsymmetricX509Cert', key: b64(b.der) },
				{ keyId: 'k3', type: 'AsymmetricX509Cert', usage: 'Sign', key: b64(a.der) },
				{ keyId: 'k4', type: 'AsymmetricX509Cert', usage: 'Verify', key: null },
				{ keyId: 'k5', type: 'AsymmetricX509Cert', usage: 'Verify', key: '   ' },
			],
		});
		const [app] = appsFromManifests([{ text, fileName: 'a.json' }]);
		assert.equal(app.appId, APP, 'trimmed');
		assert.equal(app.displayName, APP, 'a blank display name falls back to the appId');
		assert.equal(app.objectId, OBJ.toLowerCase());
		assert.equal(app.certificates.length, 2);
		assert.deepEqual(Buffer.from(app.certificates[1]), b.der);
		assert.deepEqual(app.keyCredentials?.map((k) => [k.keyId, k.displayName, k.customKeyIdentifier, k.startDateTime, k.endDateTime]), [
			['k1', 'CN=apps-a', 'ABC', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'],
			['k2', undefined, undefined, undefined, undefined],
		]);
		assert.deepEqual(Buffer.from(app.keyCredentials?.[0].der ?? []), a.der);
	});

	it('the object id: "id", else the legacy "objectId", only when it is a GUID', () => {
		const one = (m: Record<string, unknown>) => appsFromManifests([{ text: JSON.stringify({ appId: APP, ...m }), fileName: 'o.json' }])[0];
		assert.equal(one({ objectId: OBJ }).objectId, OBJ.toLowerCase());
		assert.equal(one({ id: OBJ, objectId: '11111111-2222-4333-8444-555555555555' }).objectId, OBJ.toLowerCase());
		assert.equal('objectId' in one({ id: 'not-a-guid' }), false);
		assert.equal('objectId' in one({ id: 42 }), false);
		assert.equal(one({ displayName: ' Named ' }).displayName, 'Named');
		assert.equal(one({ displayName: 7 }).displayName, APP);
	});

	it('the legacy format names the entry by `value` in its errors', () => {
		const text = JSON.stringify({ appId: APP, oauth2Permissions: [], replyUrlsWithType: [], keyCredentials: [{ keyId: 'k', usage: 'Verify', type: 'AsymmetricX509Cert', value: 'AAAA' }] });
		assert.throws(() => appsFromManifests([{ text, fileName: 'old.json' }]), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_SHAPE' && /'old\.json' keyCredentials\[0\]\.value is not an X\.509 certificate/.test(e.message));
	});

	it('an appId that is not a string counts as missing; manifest problems are ERR_MANIFEST_SHAPE', () => {
		const shape = (text: string, message: RegExp) => assert.throws(() => appsFromManifests([{ text, fileName: 'n.json' }]), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_SHAPE' && message.test(e.message));
		shape(JSON.stringify({ appId: 5 }), /'n\.json' has no appId/);
		shape(JSON.stringify({ appId: 'my-app' }), /which is not a GUID/);
		shape(JSON.stringify({ appId: APP, keyCredentials: [{ usage: 'Verify', key: 'not base64!' }] }), /is not base64/);
		assert.throws(() => appsFromManifests([{ text: JSON.stringify({ appId: '   ' }), fileName: 'n.json' }]), /'n\.json' has no appId/);
	});

	it('duplicates merge without repeats: the same certificate, secret, URI (any case), role, scope (any case) or redirect URI counts once', () => {
		const a = cachedCert('apps-a');
		const b = cachedCert('apps-b');
		const m = (name: string, certs: Buffer[], extra: Record<string, unknown>) => ({ fileName: `${name}.json`, text: JSON.stringify({ appId: APP, displayName: name, keyCredentials: certs.map((c, i) => ({ keyId: `${name}-${i}`, type: 'AsymmetricX509Cert', usage: 'Verify', key: b64(c) })), ...extra }) });
		const apps = appsFromManifests([
			m('first', [a.der], { identifierUris: ['api://x'], passwordCredentials: [{ secretText: 's1' }], appRoles: [{ id: '1', value: 'R', allowedMemberTypes: ['Application'], isEnabled: true }], api: { oauth2PermissionScopes: [{ id: '1', value: 'Read', isEnabled: true }] }, web: { redirectUris: ['http://localhost/a'] } }),
			m('second', [a.der, b.der], { identifierUris: ['API://X', 'api://y'], passwordCredentials: [{ secretText: 's1' }, { secretText: 'S1' }], appRoles: [{ id: '2', value: 'R', allowedMemberTypes: ['User'], isEnabled: true }, { id: '3', value: 'W', allowedMemberTypes: ['User'], isEnabled: true }], api: { oauth2PermissionScopes: [{ id: '2', value: 'READ', isEnabled: true }, { id: '3', value: 'Write', isEnabled: true }] }, web: { redirectUris: ['http://localhost/a', 'http://localhost/b'] } }),
		]);
		assert.equal(apps.length, 1);
		const app = apps[0];
		assert.equal(app.displayName, 'first', 'the first file names the app');
		assert.deepEqual(app.certificates.map((c) => Buffer.from(c).toString('hex')), [a.der.toString('hex'), b.der.toString('hex')]);
		assert.deepEqual(app.keyCredentials?.map((k) => k.keyId), ['first-0', 'second-1']);
		assert.deepEqual(app.secrets, ['s1', 'S1'], 'secrets are case-sensitive');
		assert.deepEqual(app.identifierUris, ['api://x', 'api://y']);
		assert.deepEqual(app.appRoles.map((r) => r.id), ['1', '3']);
		assert.deepEqual(app.scopes.map((s) => s.id), ['1', '3']);
		assert.deepEqual(app.redirectUris, ['http://localhost/a', 'http://localhost/b']);
		assert.equal(app.source, 'first.json, second.json');
		// Two different apps stay two.
		assert.equal(appsFromManifests([m('first', [], {}), { fileName: 'o.json', text: JSON.stringify({ appId: OBJ }) }]).length, 2);
	});

	it('normalizeResource: trimmed, lower case, no trailing slashes', () => {
		assert.equal(normalizeResource('  API://Orders//  '), 'api://orders');
		assert.equal(normalizeResource('https://contoso.example/api/'), 'https://contoso.example/api');
		assert.equal(normalizeResource('api://a/b'), 'api://a/b');
	});

	describe('indexApps', () => {
		it('each certificate by openssl\'s SHA-1 and SHA-256 fingerprints, with its key type, size and validity dates', () => {
			const rsa = cachedCert('apps-a');
			const ec = cachedCert('apps-ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
			const index = indexApps([{ appId: APP.toUpperCase(), displayName: 'X', certificates: [rsa.der, ec.der], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [] }]);
			const e = index.byAppId.get(APP);
			assert.ok(e, 'looked up by the lower-case appId');
			const r = e.bySha1.get(rsa.sha1Hex);
			assert.ok(r);
			assert.equal(e.bySha256.get(rsa.sha256Hex), r);
			assert.deepEqual([r.sha1Hex, r.sha256Hex, r.keyType, r.bits], [rsa.sha1Hex, rsa.sha256Hex, 'rsa', 2048]);
			const dates = openssl(['x509', '-in', rsa.certPath, '-noout', '-startdate', '-enddate']);
			const get = (name: string) => new Date((new RegExp(`${name}=(.+)`).exec(dates) as RegExpExecArray)[1].trim()).getTime();
			assert.deepEqual([r.notBefore.getTime(), r.notAfter.getTime()], [get('notBefore'), get('notAfter')]);
			const c = e.bySha1.get(ec.sha1Hex);
			assert.deepEqual([c?.keyType, c?.bits], ['ec', 0], 'an EC key has no modulus length');
		});

		it('resources: the appId and each identifier URI (normalised); the first app keeps a URI two apps claim', () => {
			const other = '11111111-2222-4333-8444-555555555555';
			const mk = (appId: string, uris: string[]) => ({ appId, displayName: appId, certificates: [], secrets: [], identifierUris: uris, appRoles: [{ id: '1', value: 'App.All', allowedMemberTypes: ['APPLICATION'] }, { id: '2', value: 'Both', allowedMemberTypes: ['User', 'Application'] }, { id: '3', value: 'UserOnly', allowedMemberTypes: ['User'] }], scopes: [{ id: 's', value: 'Thing.Read' }], redirectUris: [] });
			const index = indexApps([mk(APP, ['API://Shared/', 'api://first']), mk(other, ['api://shared', 'api://second'])]);
			assert.equal(index.entries.length, 2);
			assert.equal(index.byResource.get('api://shared')?.app.appId, APP);
			assert.equal(index.byResource.get('api://second')?.app.appId, other);
			assert.equal(index.byResource.get(other)?.app.appId, other);
			const e = index.byAppId.get(APP);
			assert.deepEqual([...(e?.identifierUris ?? [])], ['api://shared', 'api://first']);
			assert.deepEqual(e?.applicationRoles, ['App.All', 'Both']);
			assert.deepEqual([...(e?.scopes ?? [])], [['thing.read', 'Thing.Read']]);
		});

		it('refuses an appId that is not a GUID and a certificate that is not DER X.509, naming the app', () => {
			assert.throws(() => indexApps([{ appId: 'nope', displayName: 'N', certificates: [], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [] }]), (e: unknown) => e instanceof CoreError && e.code === 'ERR_SANDBOX' && /The app 'N' has appId 'nope', which is not a GUID\./.test(e.message));
			assert.throws(() => indexApps([{ appId: APP, displayName: 'N', certificates: [new Uint8Array([1, 2, 3])], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [], source: 'n.json' }]), (e: unknown) => e instanceof CoreError && e.code === 'ERR_SANDBOX' && e.message === `Certificate 1 of app 'N' (${APP}, n.json) is not DER X.509; register the certificate's DER bytes.`);
			assert.throws(() => indexApps([{ appId: APP, displayName: 'N', certificates: [new Uint8Array([1])], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [] }]), (e: unknown) => e instanceof CoreError && e.message.startsWith(`Certificate 1 of app 'N' (${APP}) is not`));
		});
	});
});
