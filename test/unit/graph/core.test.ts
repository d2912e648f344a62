/**
 * src/core/graph against recorded Graph shapes (answers as the Graph reference and public reports show them) and
 * independent checks: the proof's x5t against openssl's fingerprint, its signature with Node's crypto.
 */
import assert from 'node:assert/strict';
import { verify, X509Certificate } from 'node:crypto';
import type { CoreError } from '../../../src/core/errors';
import {
	addKeyRequest,
	diffManifestWithLive,
	explainGraphError,
	getApplicationRequest,
	graphBaseUrl,
	keyThumbprint,
	liveToManifest,
	matchKeysToWorkspace,
	newKeyCredentialEntry,
	parseApplication,
	patchKeyCredentialsRequest,
	planAddCertificate,
	planRemoveKey,
	PROOF_AUDIENCE,
	removeKeyRequest,
	sendGraphRequest,
	signProof,
	verifyProof,
	type GraphApplication,
} from '../../../src/core/graph';
import { parseManifest } from '../../../src/core/manifest';
import { describeCertificate } from '../../../src/core/certificate';
import { opensslMaterial, kitMaterial, type Material } from '../sandbox/fixtures';

const OBJ = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const APPID = '11112222-3333-4444-8555-666677778888';
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.e30.sig';

/** A GET answer in the shape Graph returns it (keyCredentials without $select: key null). */
function recordedApp(m: Material, extra: Record<string, unknown>[] = []): unknown {
	return {
		'@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#applications(id,appId,displayName,keyCredentials)/$entity',
		id: OBJ,
		appId: APPID,
		displayName: 'Orders API',
		keyCredentials: [
			{ customKeyIdentifier: Buffer.from(m.sha1Hex, 'hex').toString('base64'), displayName: 'CN=orders', endDateTime: '2027-01-01T00:00:00Z', key: null, keyId: 'aaaaaaaa-0000-4000-8000-000000000001', startDateTime: '2026-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' },
			...extra,
		],
	};
}

function certOf(m: Material) {
	const i = describeCertificate(m.certDer);
	return { der: m.certDer, notBefore: i.notBefore, notAfter: i.notAfter, subject: i.subject };
}

describe('core/graph', function () {
	this.timeout(30000);
	let m: ReturnType<typeof opensslMaterial>;
	let n: Material;
	before(async () => {
		m = opensslMaterial('graph-core-openssl');
		n = await kitMaterial('graph-core-kit');
	});

	it('requests: GET by appId with $select, the national clouds\' Graph hosts, a bad appId refused', () => {
		const r = getApplicationRequest({ baseUrl: 'https://graph.microsoft.com/', appId: APPID.toUpperCase(), token: TOKEN });
		assert.equal(r.url, `https://graph.microsoft.com/v1.0/applications(appId='${APPID}')?$select=id,appId,displayName,keyCredentials`);
		assert.equal(r.headers.Authorization, `Bearer ${TOKEN}`);
		assert.equal(graphBaseUrl('usgov'), 'https://graph.microsoft.us');
		assert.equal(graphBaseUrl('china'), 'https://microsoftgraph.chinacloudapi.cn');
		assert.throws(() => getApplicationRequest({ baseUrl: 'https://graph.microsoft.com', appId: 'Orders API', token: TOKEN }), (e: CoreError) => e.code === 'ERR_INVALID_OPTION' && /Application \(client\) ID/.test(e.message));
	});

	it('PATCH keeps every existing key by keyId without key material, adds one, removes by keyId', () => {
		const app = parseApplication(recordedApp(m, [{ customKeyIdentifier: null, displayName: 'old', endDateTime: '2025-01-01T00:00:00Z', key: 'MIIB', keyId: 'bbbbbbbb-0000-4000-8000-000000000002', startDateTime: '2024-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' }]));
		const entry = newKeyCredentialEntry(certOf(n), { keyId: 'cccccccc-0000-4000-8000-000000000003' });
		const r = patchKeyCredentialsRequest({ baseUrl: 'https://graph.microsoft.com', app, token: TOKEN, add: entry, removeKeyIds: ['BBBBBBBB-0000-4000-8000-000000000002'] });
		assert.equal(r.method, 'PATCH');
		assert.equal(r.url, `https://graph.microsoft.com/v1.0/applications/${OBJ}`);
		const body = JSON.parse(r.body as string) as { keyCredentials: Record<string, unknown>[] };
		assert.deepEqual(Object.keys(body), ['keyCredentials']);
		assert.deepEqual(body.keyCredentials.map((k) => k.keyId), ['aaaaaaaa-0000-4000-8000-000000000001', 'cccccccc-0000-4000-8000-000000000003']);
		assert.equal('key' in body.keyCredentials[0], false);
		assert.equal(body.keyCredentials[1].key, Buffer.from(n.certDer).toString('base64'));
		assert.equal(body.keyCredentials[1].customKeyIdentifier, Buffer.from(n.sha1Hex, 'hex').toString('base64'));
	});

	it('addKey and removeKey bodies as the reference shows them', () => {
		const app = parseApplication(recordedApp(m));
		const add = JSON.parse(addKeyRequest({ baseUrl: 'https://graph.microsoft.com', app, token: TOKEN, cert: certOf(n), proof: 'P' }).body as string) as Record<string, Record<string, unknown> | null | string>;
		assert.deepEqual(Object.keys(add).sort(), ['keyCredential', 'passwordCredential', 'proof']);
		assert.equal(add.passwordCredential, null);
		const kc = add.keyCredential as Record<string, unknown>;
		assert.deepEqual([kc.type, kc.usage, kc.key, 'keyId' in kc], ['AsymmetricX509Cert', 'Verify', Buffer.from(n.certDer).toString('base64'), false]);
		const rm = removeKeyRequest({ baseUrl: 'https://graph.microsoft.com', app, token: TOKEN, keyId: 'AAAAAAAA-0000-4000-8000-000000000001', proof: 'P' });
		assert.equal(rm.url, `https://graph.microsoft.com/v1.0/applications/${OBJ}/removeKey`);
		assert.deepEqual(JSON.parse(rm.body as string), { keyId: 'aaaaaaaa-0000-4000-8000-000000000001', proof: 'P' });
	});

	it('signProof: x5t is openssl\'s SHA-1 fingerprint in base64url; Node verifies the RS256 signature with the certificate; claims as the addKey doc says', async () => {
		const now = new Date('2026-11-30T10:00:00Z');
		const proof = await signProof({ certificateDer: m.certDer, privateKeyPkcs8: m.pkcs8Der, objectId: OBJ, now });
		const [h, p, sig] = proof.split('.');
		const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, string>;
		const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
		assert.equal(header.alg, 'RS256');
		assert.equal(header.x5t, Buffer.from(m.openssl.sha1Hex, 'hex').toString('base64url'));
		assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), new X509Certificate(Buffer.from(m.certDer)).publicKey, Buffer.from(sig, 'base64url')));
		assert.deepEqual([payload.aud, payload.iss, payload.nbf, (payload.exp as number) - (payload.nbf as number)], [PROOF_AUDIENCE, OBJ, now.getTime() / 1000, 600]);
		assert.deepEqual(verifyProof(proof, { objectId: OBJ, candidates: [{ keyId: 'k', der: m.certDer }], now }), { ok: true, keyId: 'k', sha1Hex: m.sha1Hex.toUpperCase() });
		const later = verifyProof(proof, { objectId: OBJ, candidates: [{ keyId: 'k', der: m.certDer }], now: new Date(now.getTime() + 20 * 60_000) });
		assert.equal(later.ok, false);
		await assert.rejects(signProof({ certificateDer: m.certDer, privateKeyPkcs8: n.pkcs8Der, objectId: OBJ, now }), (e: CoreError) => e.code === 'ERR_KEY_MISMATCH');
		await assert.rejects(signProof({ certificateDer: m.certDer, privateKeyPkcs8: m.pkcs8Der, objectId: APPID.slice(0, 8), now }), (e: CoreError) => e.code === 'ERR_INVALID_OPTION');
	});

	it('explains recorded Graph errors: 403 insufficient privileges (scp, ownership), 404, 401, the size limit, a refused proof', () => {
		const body = (code: string, message: string) => ({ error: { code, message, innerError: { date: '2021-07-23T10:10:10', 'request-id': '5d0f1c1e-0000-4000-8000-000000000000', 'client-request-id': '5d0f1c1e-0000-4000-8000-000000000001' } } });
		const res = (status: number, code: string, message: string) => ({ status, ok: false, bodyText: '', json: body(code, message), error: { code, message } });
		const denied = explainGraphError(res(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), 'patch');
		assert.equal(denied[0].code, 'Graph:Authorization_RequestDenied');
		assert.match(denied[0].fix, /Application\.ReadWrite\.All/);
		assert.match(denied[0].fix, /owner/);
		const addKeyDenied = explainGraphError(res(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), 'addKey');
		assert.match(addKeyDenied[0].fix, /proof/);
		assert.match(explainGraphError(res(404, 'Request_ResourceNotFound', "Resource '…' does not exist or one of its queried reference-property objects are not present."), 'read')[0].fix, /tenant/);
		assert.match(explainGraphError(res(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'), 'read')[0].fix, /Sign in again/);
		assert.match(explainGraphError(res(400, 'Directory_ResourceSizeExceeded', 'The size of the object has exceeded its limit. Please reduce the number of values and retry your request'), 'patch')[0].fix, /Remove expired or unused keys/);
		const proof = explainGraphError(res(400, 'Request_BadRequest', 'Proof of possession validation failed.'), 'removeKey');
		assert.match(proof[0].fix, /not the key being removed/);
		assert.deepEqual(explainGraphError({ status: 204, ok: true, bodyText: '' }, 'patch'), []);
	});

	it('sendGraphRequest: 204 without a body, an error body read, an answer over 4 MB refused, a refused connection is ERR_NETWORK', async () => {
		const req = getApplicationRequest({ baseUrl: 'https://graph.microsoft.com', appId: APPID, token: TOKEN });
		const ok = await sendGraphRequest(req, { fetch: async () => new Response(null, { status: 204 }) });
		assert.deepEqual([ok.status, ok.ok, ok.json], [204, true, undefined]);
		const err = await sendGraphRequest(req, { fetch: async () => new Response(JSON.stringify({ error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { 'request-id': 'r1' } } }), { status: 403 }) });
		assert.deepEqual(err.error, { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', requestId: 'r1' });
		await assert.rejects(sendGraphRequest(req, { fetch: async () => new Response('x'.repeat(4 * 1024 * 1024 + 1), { status: 200 }) }), (e: CoreError) => e.code === 'ERR_HTTP' && /larger than 4 MB/.test(e.message));
		await assert.rejects(sendGraphRequest({ ...req, url: 'http://127.0.0.1:1/v1.0/x' }, { fetch: (u, i) => fetch(u, i) }), (e: CoreError) => e.code === 'ERR_NETWORK' && /127\.0\.0\.1:1/.test(e.message));
	});

	it('matchKeysToWorkspace: registered with a file, registered without, a file not registered; expired and expiring flags; a hex customKeyIdentifier read as hex', () => {
		const app = parseApplication(recordedApp(m, [
			{ customKeyIdentifier: 'BB5D1064437D8720A5C53078185E6A361A78B10A', displayName: 'CN=20221220', endDateTime: '2026-12-10T00:00:00Z', key: null, keyId: 'dddddddd-0000-4000-8000-000000000004', startDateTime: '2025-12-20T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' },
			{ customKeyIdentifier: null, displayName: 'gone', endDateTime: '2025-01-01T00:00:00Z', key: null, keyId: 'eeeeeeee-0000-4000-8000-000000000005', startDateTime: '2024-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' },
		]));
		const r = matchKeysToWorkspace(app.keyCredentials, [{ path: 'certs/orders.pem', sha1Hex: m.sha1Hex.toLowerCase() }, { path: 'certs/new.pem', sha1Hex: n.sha1Hex }], { now: new Date('2026-11-30T00:00:00Z') });
		assert.deepEqual(r.keys.map((k) => [k.status, k.files, k.expired, k.expiring]), [
			['registered, file here', ['certs/orders.pem'], false, false],
			['registered, no file here', [], false, true],
			['registered, no file here', [], true, false],
		]);
		assert.equal(r.keys[1].sha1Hex, 'BB5D1064437D8720A5C53078185E6A361A78B10A');
		assert.equal(r.keys[1].thumbprintFrom, 'customKeyIdentifier (hex text)');
		assert.equal(r.keys[2].sha1Hex, undefined);
		assert.deepEqual(r.notRegistered.map((c) => [c.path, c.status]), [['certs/new.pem', 'file here, not registered']]);
		assert.equal(keyThumbprint({ key: Buffer.from(n.certDer).toString('base64') })?.sha1Hex, n.sha1Hex.toUpperCase());
	});

	it('diffManifestWithLive and liveToManifest (both formats, read back by the manifest parser)', () => {
		const app = parseApplication(recordedApp(m));
		app.keyCredentials[0].key = Buffer.from(m.certDer).toString('base64');
		const manifest = JSON.stringify({ appId: APPID, keyCredentials: [
			{ customKeyIdentifier: Buffer.from(m.sha1Hex, 'hex').toString('base64'), keyId: '99999999-0000-4000-8000-000000000009', type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(m.certDer).toString('base64'), startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' },
			{ customKeyIdentifier: Buffer.from(n.sha1Hex, 'hex').toString('base64'), keyId: '88888888-0000-4000-8000-000000000008', type: 'AsymmetricX509Cert', usage: 'Verify', key: null },
		] });
		const d = diffManifestWithLive(manifest, app.keyCredentials);
		assert.equal(d.same, false);
		assert.deepEqual(d.onlyInManifest.map((k) => k.sha1Hex), [n.sha1Hex.toUpperCase()]);
		assert.deepEqual(d.onlyLive, []);
		assert.deepEqual(d.inBoth[0].differences, ['keyId 99999999-0000-4000-8000-000000000009 in the file, aaaaaaaa-0000-4000-8000-000000000001 live']);
		for (const format of ['graph', 'aadgraph'] as const) {
			const text = liveToManifest(app, format);
			const parsed = parseManifest(text);
			assert.equal(parsed.format, format);
			assert.equal(parsed.appId, APPID);
			assert.equal(parsed.keyCredentials[0].certificateBase64, app.keyCredentials[0].key);
			assert.equal(parsed.keyCredentials[0].end, '2027-01-01T00:00:00Z');
			assert.ok(diffManifestWithLive(text, app.keyCredentials).same, format);
		}
		assert.match(liveToManifest(app, 'aadgraph'), /"value": "MII/);
	});

	it('plans: addKey needs a valid certificate on the app; a certificate already there is refused; removeKey\'s proof must come from a key that stays', () => {
		const now = new Date('2026-11-30T00:00:00Z');
		const app: GraphApplication = parseApplication(recordedApp(m));
		const plan = planAddCertificate({ app, cert: certOf(n), withProof: true, now, proofSha1Hex: m.sha1Hex });
		assert.equal(plan.method, 'addKey');
		assert.ok(plan.preview.some((l) => l.startsWith('= keep   keyId aaaaaaaa-0000-4000-8000-000000000001')));
		assert.ok(plan.preview.includes('Nothing else on the application changes.'));
		const expired = { ...app, keyCredentials: [{ ...app.keyCredentials[0], endDateTime: '2026-01-02T00:00:00Z' }] };
		assert.throws(() => planAddCertificate({ app: expired, cert: certOf(n), withProof: true, now }), /no valid certificate to sign a proof/);
		assert.equal(planAddCertificate({ app: expired, cert: certOf(n), withProof: false, now }).method, 'patch');
		assert.throws(() => planAddCertificate({ app, cert: certOf(m), withProof: false, now }), (e: CoreError) => e.code === 'ERR_MANIFEST_DUPLICATE');
		assert.throws(() => planRemoveKey({ app, keyId: 'aaaaaaaa-0000-4000-8000-000000000001', now, proofSha1Hex: m.sha1Hex }), /signed by the key being removed/);
		const rm = planRemoveKey({ app, keyId: 'AAAAAAAA-0000-4000-8000-000000000001', now });
		assert.equal(rm.method, 'patch');
		assert.ok(rm.preview.some((l) => /AADSTS700027/.test(l)), 'removing the last key says what clients will get');
	});
});
