/**
 * appsFromManifests: both manifest formats, base64-of-PEM keys, merged duplicates, and errors naming the file;
 * setApps takes effect on a running sandbox.
 */
import assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { appsFromManifests, startSandbox } from '../../../src/sandbox';
import { aadsts, clientCredentials, graphManifest, kitAssertion, kitMaterial, type Material } from './fixtures';

const APP = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

describe('sandbox apps from manifests', function () {
	this.timeout(30000);
	let cert: Material;
	before(async () => {
		cert = await kitMaterial('apps-test');
	});

	it('Microsoft Graph format: certificates, secrets, identifier URIs, roles, scopes, redirect URIs (enabled only)', () => {
		const text = JSON.stringify({
			appId: APP,
			displayName: 'Graph-format app',
			identifierUris: ['api://graph-format'],
			appRoles: [{ id: 'r1', value: 'Read.All', allowedMemberTypes: ['Application'], isEnabled: true }, { id: 'r2', value: 'Old', allowedMemberTypes: ['Application'], isEnabled: false }],
			api: { oauth2PermissionScopes: [{ id: 's1', value: 'Thing.Read', isEnabled: true }, { id: 's2', value: 'Gone', isEnabled: false }] },
			keyCredentials: [
				{ keyId: 'k1', type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(cert.certDer).toString('base64') },
				{ keyId: 'k2', type: 'AsymmetricX509Cert', usage: 'Verify', key: null },
				{ keyId: 'k3', type: 'AsymmetricX509Cert', usage: 'Sign', key: Buffer.from(cert.certDer).toString('base64') },
			],
			passwordCredentials: [{ keyId: 'p1', secretText: 's3cr3t' }, { keyId: 'p2', hint: 'abc' }],
			web: { redirectUris: ['http://localhost/'] },
			spa: { redirectUris: ['http://localhost:3000/spa'] },
			publicClient: { redirectUris: ['http://localhost/'] },
		});
		const [app] = appsFromManifests([{ text, fileName: 'graph.json' }]);
		assert.equal(app.appId, APP);
		assert.equal(app.displayName, 'Graph-format app');
		assert.equal(app.certificates.length, 1);
		assert.deepEqual(Buffer.from(app.certificates[0]), Buffer.from(cert.certDer));
		assert.deepEqual(app.secrets, ['s3cr3t']);
		assert.deepEqual(app.identifierUris, ['api://graph-format']);
		assert.deepEqual(app.appRoles, [{ id: 'r1', value: 'Read.All', allowedMemberTypes: ['Application'] }]);
		assert.deepEqual(app.scopes, [{ id: 's1', value: 'Thing.Read' }]);
		assert.deepEqual(app.redirectUris, ['http://localhost/', 'http://localhost:3000/spa']);
		assert.equal(app.source, 'graph.json');
	});

	it('legacy Azure AD Graph format: value, oauth2Permissions, replyUrlsWithType; comments allowed', () => {
		const text = `// exported from the old portal
{
	"appId": "${APP}",
	"displayName": "Legacy app",
	"identifierUris": ["api://legacy"],
	"appRoles": [{ "id": "r1", "value": "Jobs.Run", "allowedMemberTypes": ["Application", "User"], "isEnabled": true }],
	"oauth2Permissions": [{ "id": "s1", "value": "user_impersonation", "isEnabled": true }],
	"keyCredentials": [{ "customKeyIdentifier": null, "endDate": "2030-01-01T00:00:00Z", "keyId": "k", "startDate": "2020-01-01T00:00:00Z", "type": "AsymmetricX509Cert", "usage": "Verify", "value": "${Buffer.from(cert.certDer).toString('base64')}" }],
	"replyUrlsWithType": [{ "url": "http://localhost:8080/callback", "type": "Web" }]
}`;
		const [app] = appsFromManifests([{ text, fileName: 'legacy.json' }]);
		assert.equal(app.certificates.length, 1);
		assert.deepEqual(app.scopes.map((s) => s.value), ['user_impersonation']);
		assert.deepEqual(app.appRoles.map((r) => r.value), ['Jobs.Run']);
		assert.deepEqual(app.redirectUris, ['http://localhost:8080/callback']);
	});

	it('accepts a key holding base64 of PEM text (decoded to the DER)', () => {
		const [app] = appsFromManifests([{ text: graphManifest({ appId: APP, name: 'pem', certs: [cert.certDer], keyAsPemText: true }), fileName: 'pem.json' }]);
		assert.deepEqual(Buffer.from(app.certificates[0]), Buffer.from(cert.certDer));
	});

	it('two files with the same appId make one app with the union of their credentials', async () => {
		const other = await kitMaterial('apps-test-2');
		const apps = appsFromManifests([
			{ text: graphManifest({ appId: APP, name: 'A', certs: [cert.certDer], scopes: ['X'] }), fileName: 'a.json' },
			{ text: graphManifest({ appId: APP.toUpperCase(), name: 'A copy', certs: [cert.certDer, other.certDer], scopes: ['Y'] }), fileName: 'b.json' },
		]);
		assert.equal(apps.length, 1);
		assert.equal(apps[0].certificates.length, 2);
		assert.deepEqual(apps[0].scopes.map((s) => s.value), ['X', 'Y']);
		assert.equal(apps[0].source, 'a.json, b.json');
	});

	const bad: [string, string, RegExp][] = [
		['invalid JSON', '{ "appId": ', /'bad\.json' is not valid JSON at line 1/],
		['not an object', '[1, 2]', /'bad\.json' is not a JSON object/],
		['no appId', '{ "keyCredentials": [] }', /'bad\.json' has no appId/],
		['appId not a GUID', '{ "appId": "my-app" }', /'bad\.json' has appId 'my-app', which is not a GUID/],
		['key not base64', `{ "appId": "${APP}", "keyCredentials": [{ "key": "not base64!", "usage": "Verify" }] }`, /'bad\.json' keyCredentials\[0\]\.key is not base64/],
		['key not a certificate', `{ "appId": "${APP}", "keyCredentials": [{ "key": "AAAA", "usage": "Verify" }] }`, /'bad\.json' keyCredentials\[0\]\.key is not an X\.509 certificate/],
	];
	for (const [name, text, message] of bad) {
		it(`refuses a manifest with ${name}: a CoreError naming the file`, () => {
			assert.throws(() => appsFromManifests([{ text, fileName: 'bad.json' }]), (e: unknown) => e instanceof CoreError && message.test(e.message));
		});
	}

	it('setApps replaces the apps of a running sandbox', async () => {
		const s = await startSandbox({ apps: [] });
		try {
			const assertion = await kitAssertion(s, APP, cert);
			assert.equal(aadsts(await clientCredentials(s, APP, assertion, `${APP}/.default`)).code, 700016);
			s.setApps(appsFromManifests([{ text: graphManifest({ appId: APP, name: 'late', certs: [cert.certDer] }), fileName: 'late.json' }]));
			assert.equal((await clientCredentials(s, APP, assertion, `${APP}/.default`)).status, 200);
		} finally {
			await s.close();
		}
	});
});
