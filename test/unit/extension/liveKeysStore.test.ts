/**
 * The live-keys store the Registrations feature writes and Diagnose, the hover and the workbench read
 * (src/vscode/shared/liveKeys.ts; it imports no `vscode`, so it runs in plain Node): nothing without a sign-in, what
 * was read recorded with the session's source, a slow read cut off at the timeout with a reason, a failed read
 * explained, sign-out forgetting everything, and one store for every copy of the module (each chunk bundles its own).
 */
import * as assert from 'node:assert/strict';
import { liveKeys } from '../../../src/vscode/shared/liveKeys';
import type { GraphKeyCredential } from '../../../src/core/graph/types';

const APP = 'e4d5f607-4444-4555-b666-777788889999';
const KEY: GraphKeyCredential = { keyId: '0f0e0d0c-1111-4222-8333-444455556666', type: 'AsymmetricX509Cert', usage: 'Verify', customKeyIdentifier: Buffer.alloc(20, 0xab).toString('base64'), startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z', displayName: 'CN=store' };

describe('live keys store (shared by Registrations, Diagnose, the hover and the workbench)', () => {
	afterEach(() => liveKeys.signedOut());

	it('records nothing and fetches nothing when not signed in', async () => {
		liveKeys.put({ appId: APP, keyCredentials: [KEY] });
		assert.deepEqual(liveKeys.all(), []);
		const r = await liveKeys.fetch(APP, 100);
		assert.deepEqual(r, { error: 'not signed in to Microsoft Graph' });
	});

	it('signed in: a read is recorded with the source and time; get() is case-insensitive; sign-out forgets', async () => {
		let calls = 0;
		liveKeys.signedIn('the sandbox at http://127.0.0.1:1234 (signed in as avery)', async (appId) => {
			calls++;
			return { appId: appId.toUpperCase(), displayName: 'app', keyCredentials: [KEY] };
		});
		const before = Date.now();
		const r = await liveKeys.fetch(APP, 1000);
		assert.ok(!('error' in r), JSON.stringify(r));
		assert.equal(calls, 1);
		assert.equal(r.source, 'the sandbox at http://127.0.0.1:1234 (signed in as avery)');
		assert.ok(r.fetchedAt.getTime() >= before);
		assert.equal(r.keyCredentials[0].keyId, KEY.keyId);
		assert.equal(liveKeys.get(APP.toUpperCase())?.appId, APP.toUpperCase());
		assert.equal(liveKeys.all().length, 1);
		liveKeys.signedOut();
		assert.equal(liveKeys.signedInSource, undefined);
		assert.deepEqual(liveKeys.all(), []);
	});

	it('a read slower than the timeout is abandoned (its signal aborted) with a reason; a failed read says why', async () => {
		let aborted = false;
		liveKeys.signedIn('Entra (signed in as a@contoso.com)', (_appId, signal) => new Promise((resolve) => {
			signal.addEventListener('abort', () => {
				aborted = true;
				resolve(undefined);
			});
		}));
		const started = Date.now();
		const slow = await liveKeys.fetch(APP, 150);
		assert.ok(Date.now() - started < 2000, 'returns at the timeout');
		assert.ok('error' in slow && /took longer than/.test(slow.error), JSON.stringify(slow));
		assert.ok(aborted, 'the request was cancelled');
		assert.equal(liveKeys.get(APP), undefined);
		liveKeys.signedIn('Entra (signed in as a@contoso.com)', async () => {
			throw new Error('Authorization_RequestDenied: Insufficient privileges to complete the operation.\nmore');
		});
		const failed = await liveKeys.fetch(APP, 1000);
		assert.ok('error' in failed && failed.error.includes('Insufficient privileges') && !failed.error.includes('more'), JSON.stringify(failed));
	});

	it('keeps one store on a process-wide symbol, whichever copy of the module wrote it', () => {
		liveKeys.signedIn('Entra (signed in as b@contoso.com)', async () => undefined);
		liveKeys.put({ appId: APP, keyCredentials: [KEY] });
		const holder = (globalThis as Record<symbol, { source?: string; apps: Map<string, unknown> } | undefined>)[Symbol.for('entraCert.liveKeys.store')];
		assert.equal(holder?.source, 'Entra (signed in as b@contoso.com)');
		assert.equal(holder?.apps.size, 1);
	});
});
