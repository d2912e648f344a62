/**
 * The emulated Graph's application records, second part: a subject of several names as one displayName line, the
 * manifest keyIds that are not GUIDs, and which manifest changes make setApps start an app from its file again.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { keyRecord, seedGraphState } from '../../../src/sandbox/graphState';
import type { SandboxApp } from '../../../src/sandbox/types';
import { cachedCert } from './mutation-material';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const APP = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const OWNER = '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601';
const KEY_A = 'aaaaaaaa-1111-4222-8333-444444444444';
const KEY_B = 'bbbbbbbb-1111-4222-8333-444444444444';

describe('sandbox emulated Graph state (direct), part 2', function () {
	this.timeout(60000);
	const a = () => cachedCert('graphstate-a');
	const b = () => cachedCert('graphstate-b');
	const app = (over: Partial<SandboxApp> = {}): SandboxApp => ({ appId: APP, displayName: 'Graph app', certificates: [a().der], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [], ...over });
	/** Seeds `first`, gives its app a second key as a Graph call would, and says how many keys `second` keeps. */
	const keysAfterSetApps = (first: SandboxApp, second: SandboxApp): number => {
		const s = seedGraphState([first], TENANT, [OWNER]);
		const rec = s.byAppId.get(APP);
		assert.ok(rec);
		rec.keys = [...rec.keys, keyRecord(b().der)];
		return seedGraphState([second], TENANT, [OWNER], s).byAppId.get(APP)?.keys.length ?? -1;
	};

	it('a certificate whose subject has several names: displayName on one line, names joined by ", "', () => {
		const multi = cachedCert('graphstate-multi/O=Contoso Ltd/C=NZ');
		assert.equal(keyRecord(multi.der).displayName, 'CN=graphstate-multi, O=Contoso Ltd, C=NZ');
	});

	it('a manifest keyId that only contains a GUID, or is GUID-shaped dashes, is not used as the keyId', () => {
		for (const keyId of [`key-${KEY_A}`, `${KEY_A}-old`, '-'.repeat(36)]) {
			const rec = seedGraphState([app({ keyCredentials: [{ der: a().der, keyId }] })], TENANT, [OWNER]).byAppId.get(APP);
			const derived = seedGraphState([app()], TENANT, [OWNER]).byAppId.get(APP)?.keys[0].keyId;
			assert.equal(rec?.keys[0].keyId, derived, keyId);
		}
	});

	it('setApps starts an app from its file when its object id or a keyId changes, not when nothing did', () => {
		assert.equal(keysAfterSetApps(app({ objectId: 'dddddddd-1111-4222-8333-444444444444' }), app({ objectId: 'eeeeeeee-1111-4222-8333-444444444444' })), 1);
		assert.equal(keysAfterSetApps(app({ keyCredentials: [{ der: a().der, keyId: KEY_A }] }), app({ keyCredentials: [{ der: a().der, keyId: KEY_B }] })), 1);
		assert.equal(keysAfterSetApps(app({ keyCredentials: [{ der: a().der, keyId: KEY_A }] }), app({ keyCredentials: [{ der: a().der, keyId: KEY_A }] })), 2);
		// No keyCredentials details and an empty list of them say the same.
		assert.equal(keysAfterSetApps(app(), app({ keyCredentials: [] })), 2);
		assert.equal(keysAfterSetApps(app({ objectId: 'dddddddd-1111-4222-8333-444444444444' }), app({ objectId: 'dddddddd-1111-4222-8333-444444444444' })), 2);
	});

	it('the derived object id and keyIds do not depend on the appId\'s case', () => {
		const lower = seedGraphState([app()], TENANT, [OWNER]).byAppId.get(APP);
		const upper = seedGraphState([app({ appId: APP.toUpperCase() })], TENANT, [OWNER]).byAppId.get(APP);
		assert.equal(upper?.appId, APP);
		assert.deepEqual([upper?.id, upper?.keys[0].keyId], [lower?.id, lower?.keys[0].keyId]);
	});
});
