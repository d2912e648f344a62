/**
 * The Registrations view in the real VS Code against the sandbox's emulated Graph: sign in as the sandbox user, see
 * the apps' keys matched to workspace files, add a certificate to an app without one (PATCH), roll one on an app with
 * one (addKey, the proof signed by the old key and checked by the emulation), remove the old key (removeKey, proof by
 * the new one), and a client-credentials request failing before and succeeding after. Every write passes its
 * confirmation through the `{ confirm: true }` test hook; the preview is checked too.
 */
import * as assert from 'node:assert/strict';
import { randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activate, workspaceTemp } from './helpers';
import type { EntraCertKitApi } from '../../src/extension';
import type { WorkbenchForm } from '../../src/shared/workbench';
import type { RegistrationNode } from '../../src/vscode/registrations/types';
import type { WriteResult } from '../../src/vscode/registrations/impl';

const EMPTY = 'b1a2c3d4-1111-4222-8333-444455556666';
const ROLL = 'c2b3d4e5-2222-4333-9444-555566667777';
const RES = 'd3c4e5f6-3333-4444-a555-666677778888';

interface Generated {
	certificatePem: string;
	privateKeyPem: string;
	certificateDer: string;
}

function manifest(appId: string, name: string, der: Buffer | undefined, extra: Record<string, unknown> = {}): string {
	const now = Date.now();
	return JSON.stringify({
		id: randomUUID(),
		appId,
		displayName: name,
		signInAudience: 'AzureADMyOrg',
		keyCredentials: der ? [{ customKeyIdentifier: null, displayName: `CN=${name}`, endDateTime: new Date(now + 300 * 86400000).toISOString(), key: der.toString('base64'), keyId: randomUUID(), startDateTime: new Date(now - 86400000).toISOString(), type: 'AsymmetricX509Cert', usage: 'Verify' }] : [],
		passwordCredentials: [],
		...extra,
	}, null, 2);
}

/** The SHA-1 thumbprint Node computes (independent of the kit's code). */
function sha1(g: Generated): string {
	return new X509Certificate(readFileSync(g.certificateDer)).fingerprint.replace(/:/g, '').toUpperCase();
}

suite('Registrations (live app registration against the sandbox)', function () {
	let api: EntraCertKitApi;
	let folder: string;
	let old: Generated;
	let next: Generated;
	let fresh: Generated;
	let manifestText: string;

	const gen = async (name: string) => {
		const r = await vscode.commands.executeCommand<Generated>('entraCert.generateCertificate', { subject: `CN=${name}`, folder, name, noPrompt: true });
		assert.ok(r, `generated ${name}`);
		return r;
	};
	const cc = (clientId: string, g: Generated) => api.workbench.run({ target: 'sandbox', credential: 'certificate', alg: 'PS256', clientId, certificate: g.certificatePem, flow: 'client_credentials', scopes: 'api://reg-api/.default' } as Partial<WorkbenchForm>);
	const appNode = (nodes: RegistrationNode[], appId: string) => nodes.find((n) => n.appId === appId && n.contextValue === 'registrationApp');

	suiteSetup(async function () {
		this.timeout(120000);
		api = (await activate()).exports as EntraCertKitApi;
		folder = workspaceTemp('registrations');
		old = await gen('reg-old');
		next = await gen('reg-next');
		fresh = await gen('reg-fresh');
		manifestText = manifest(ROLL, 'reg-roll', readFileSync(old.certificateDer));
		writeFileSync(join(folder, 'roll.json'), manifestText);
		writeFileSync(join(folder, 'empty.json'), manifest(EMPTY, 'reg-empty', undefined));
		writeFileSync(join(folder, 'res.json'), manifest(RES, 'reg-api', undefined, {
			identifierUris: ['api://reg-api'],
			appRoles: [{ id: randomUUID(), value: 'Data.Read.All', allowedMemberTypes: ['Application'], displayName: 'Read all', description: 'Read all', isEnabled: true }],
		}));
		await api.certificatesView();
		await vscode.commands.executeCommand('entraCert.stopSandbox');
		await vscode.commands.executeCommand('entraCert.startSandbox', { quiet: true });
	});

	suiteTeardown(async () => {
		await vscode.commands.executeCommand('entraCert.registrations.signOut');
		await vscode.commands.executeCommand('entraCert.stopSandbox');
	});

	test('signs in to the emulated tenant and shows the owned apps with their keys matched to workspace files', async function () {
		this.timeout(60000);
		const who = await vscode.commands.executeCommand<{ source: string; account: string; baseUrl: string; apps: number }>('entraCert.registrations.signIn', { source: 'sandbox' });
		assert.ok(who, 'sign-in returns who is signed in');
		assert.equal(who.source, 'sandbox');
		assert.equal(who.baseUrl, api.sandbox.status().url);
		assert.ok(who.apps >= 3, `owned apps: ${who.apps}`);
		const nodes = await vscode.commands.executeCommand<RegistrationNode[]>('entraCert.registrations.refresh');
		const roll = appNode(nodes ?? [], ROLL);
		assert.ok(roll, 'the app with a key is listed');
		const key = roll.children?.find((c) => c.contextValue === 'registrationKey');
		assert.ok(key, 'its key is listed');
		assert.match(key.description ?? '', /^file here$/);
		assert.match(key.ariaLabel ?? '', /registered, file here/);
		assert.match(key.tooltip ?? '', new RegExp(sha1(old)));
		assert.ok(roll.children?.some((c) => c.contextValue === 'registrationFile' && /^not registered/.test(c.description ?? '') && /file here, not registered/.test(c.ariaLabel ?? '') && c.tooltip?.includes(sha1(fresh))), 'a workspace certificate the app lacks is listed as not registered');
		const empty = appNode(nodes ?? [], EMPTY);
		assert.ok(empty, 'the app without a key is listed');
		assert.equal(empty.children?.filter((c) => c.contextValue === 'registrationKey').length, 0);
	});

	test('adds a certificate to an app without one (PATCH), after which client credentials succeed', async function () {
		this.timeout(60000);
		const before = await cc(EMPTY, fresh);
		assert.notEqual(before.status, 200, 'client credentials fail before the certificate is registered');
		const declined = await vscode.commands.executeCommand<WriteResult>('entraCert.registrations.addCertificate', { appId: EMPTY, certificate: fresh.certificateDer, confirm: false });
		assert.equal(declined?.sent, false, 'a declined confirmation sends nothing');
		assert.equal((await cc(EMPTY, fresh)).status === 200, false);
		const r = await vscode.commands.executeCommand<WriteResult>('entraCert.registrations.addCertificate', { appId: EMPTY, certificate: fresh.certificateDer, confirm: true });
		assert.ok(r?.sent, 'sent');
		assert.equal(r.method, 'patch');
		assert.ok(r.preview.some((l) => l.startsWith('+ add') && l.includes(sha1(fresh))), r.preview.join('\n'));
		assert.equal(r.app.keyCredentials.length, 1);
		const after = await cc(EMPTY, fresh);
		assert.equal(after.status, 200, after.bodyText);
	});

	test('rolls the certificate on an app with one (addKey with a proof by the old key), then removes the old key (removeKey)', async function () {
		this.timeout(60000);
		assert.equal((await cc(ROLL, old)).status, 200, 'the old certificate works before the roll');
		assert.notEqual((await cc(ROLL, next)).status, 200, 'the new certificate fails before the roll');
		const oldKeyId = JSON.parse(manifestText).keyCredentials[0].keyId as string;
		const r = await vscode.commands.executeCommand<WriteResult>('entraCert.registrations.rollCertificate', { appId: ROLL, certificate: next.certificateDer, confirm: true, removeOld: true });
		assert.ok(r?.sent, 'sent');
		assert.equal(r.method, 'addKey');
		assert.ok(r.preview.some((l) => l.includes(`proof signed by SHA-1 ${sha1(old)}`)), r.preview.join('\n'));
		assert.ok(r.removed, 'the old key was removed');
		assert.equal(r.removed.method, 'removeKey');
		assert.equal(r.removed.keyId.toLowerCase(), oldKeyId.toLowerCase());
		assert.ok(r.removed.preview.some((l) => l.startsWith('- remove') && l.includes(sha1(old))), r.removed.preview.join('\n'));
		assert.deepEqual(r.app.keyCredentials.map((k) => k.keyId.toLowerCase()).includes(oldKeyId.toLowerCase()), false);
		assert.equal(r.app.keyCredentials.length, 1);
		assert.equal((await cc(ROLL, next)).status, 200, 'the new certificate works after the roll');
		const gone = await cc(ROLL, old);
		assert.notEqual(gone.status, 200, 'the removed certificate fails');
		assert.ok(gone.errorCodes?.includes(700027), `700027 after removal (${JSON.stringify(gone.errorCodes)})`);
		// The workspace manifest was not rewritten; the view follows the live keys.
		assert.equal(readFileSync(join(folder, 'roll.json'), 'utf8'), manifestText);
		const nodes = await vscode.commands.executeCommand<RegistrationNode[]>('entraCert.registrations.refresh');
		const keys = appNode(nodes ?? [], ROLL)?.children?.filter((c) => c.contextValue === 'registrationKey') ?? [];
		assert.equal(keys.length, 1);
		assert.match(keys[0].tooltip ?? '', new RegExp(sha1(next)));
	});

	test('compares the workspace manifest with the live app, and exports the live app to a new file', async function () {
		this.timeout(60000);
		const diff = await vscode.commands.executeCommand<{ same: boolean; onlyInManifest: { sha1Hex?: string }[]; onlyLive: { sha1Hex?: string }[] }>('entraCert.registrations.compareManifest', { appId: ROLL, manifest: join(folder, 'roll.json'), confirm: true });
		assert.ok(diff);
		assert.equal(diff.same, false);
		assert.deepEqual(diff.onlyInManifest.map((d) => d.sha1Hex?.toUpperCase()), [sha1(old)]);
		assert.deepEqual(diff.onlyLive.map((d) => d.sha1Hex?.toUpperCase()), [sha1(next)]);
		const target = join(folder, 'exported.json');
		const written = await vscode.commands.executeCommand<string>('entraCert.registrations.exportManifest', { appId: ROLL, format: 'graph', target });
		assert.equal(written, target);
		const exported = JSON.parse(readFileSync(target, 'utf8')) as { appId: string; keyCredentials: { key?: string }[] };
		assert.equal(exported.appId, ROLL);
		assert.equal(exported.keyCredentials.length, 1);
		const again = await vscode.commands.executeCommand<string>('entraCert.registrations.exportManifest', { appId: ROLL, format: 'graph', target });
		assert.equal(again, undefined, 'an existing file is never overwritten');
	});
});
