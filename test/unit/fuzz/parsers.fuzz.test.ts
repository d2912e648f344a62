/**
 * Fuzzing every parser the kit has (issue 10): arbitrary inputs and mutations of valid ones give a result or the
 * kit's CoreError, never another exception, within a time bound per input; the heap does not keep growing.
 *
 * FUZZ_RUNS sets the number of cases per target (default 150 here, for `npm test`; `npm run test:fuzz` sets
 * 100000). FUZZ_SEED replays a run. Valid seeds (certificates, keys, PFX files, tokens, manifests, errors, requests)
 * are made at run time by openssl and Node's crypto; nothing secret is stored.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { pemBlocks, readCertificateMaterial, readPrivateKey } from '../../../src/core/certificate';
import { certificateNames } from '../../../src/core/certificate/der';
import { readPfx } from '../../../src/core/certificate/pfx';
import { CoreError } from '../../../src/core/errors';
import { diagnose } from '../../../src/core/diagnose';
import { readErrorText } from '../../../src/core/diagnose/errorText';
import { parseFormBody, parseTokenRequest, shellWords } from '../../../src/core/diagnose/request';
import { decodeJwt, findJwtAt, findJwts, stripTokenDecorations } from '../../../src/core/jwt/decode';
import { explainToken } from '../../../src/core/jwt/claims';
import { lintManifest, parseManifest } from '../../../src/core/manifest';
import { lintFederatedCredentials } from '../../../src/core/manifest/federated';
import { jsonDepth } from '../../../src/node/input';
import { makeCert, openssl } from '../helpers/openssl';

const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 150));
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Per input: text parsers must answer within this (they are linear; 64 KiB inputs take milliseconds). */
const TEXT_MS = 1000;
/** Per input for certificate material (RSA key checks, PBKDF iterations of a PFX). */
const CERT_MS = 5000;
const NOW = new Date('2026-06-01T00:00:00Z');

const enc = (s: string) => new TextEncoder().encode(s);
const counts: Record<string, number> = {};

/** Runs one input: a result or a CoreError; any other exception, or a slow answer, fails with the input shown. */
function check<T>(target: string, f: () => T, limitMs = TEXT_MS): T | CoreError {
	counts[target] = (counts[target] ?? 0) + 1;
	const started = performance.now();
	let out: T | CoreError;
	try {
		out = f();
	} catch (e) {
		if (!(e instanceof CoreError)) {
			throw new Error(`${target}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
		}
		out = e;
	}
	const ms = performance.now() - started;
	assert.ok(ms < limitMs, `${target}: ${ms.toFixed(0)} ms for one input`);
	return out;
}

async function checkAsync<T>(target: string, f: () => Promise<T>, limitMs = CERT_MS): Promise<T | CoreError> {
	counts[target] = (counts[target] ?? 0) + 1;
	const started = performance.now();
	let out: T | CoreError;
	try {
		out = await f();
	} catch (e) {
		if (!(e instanceof CoreError)) {
			throw new Error(`${target}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
		}
		out = e;
	}
	const ms = performance.now() - started;
	assert.ok(ms < limitMs, `${target}: ${ms.toFixed(0)} ms for one input`);
	return out;
}

/** Byte-level mutations of a valid input: flips, cuts, insertions, duplicated and deleted spans. */
function mutated(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
	const edit = fc.oneof(
		fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
		fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
		fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
		fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 16 }) }),
		fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }) }),
		fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 256 }) }),
	);
	return fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
		let b = Buffer.from(seed);
		for (const e of edits) {
			const at = b.length === 0 ? 0 : e.at % b.length;
			switch (e.kind) {
				case 'flip':
					if (b.length) {
						b[at] ^= 1 << e.bit;
					}
					break;
				case 'set':
					if (b.length) {
						b[at] = e.byte;
					}
					break;
				case 'cut':
					b = b.subarray(0, at);
					break;
				case 'insert':
					b = Buffer.concat([b.subarray(0, at), Buffer.from(e.bytes), b.subarray(at)]);
					break;
				case 'delete':
					b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.n)]);
					break;
				case 'dup':
					b = Buffer.concat([b.subarray(0, at + e.n), b.subarray(at)]);
					break;
			}
		}
		return new Uint8Array(b);
	});
}

const mutatedText = (seed: string) => mutated(enc(seed)).map((b) => Buffer.from(b).toString('utf8'));

/** Text as the kit meets it: arbitrary strings, and strings built from the tokens its parsers look for. */
function textLike(seeds: string[]): fc.Arbitrary<string> {
	const pieces = fc.constantFrom('eyJ', '.', '{', '}', '[', ']', '"', ':', ',', '\n', '\r\n', ' ', '=', '&', '%', '\\', "'", 'AADSTS', '700027', 'Trace ID:', 'grant_type=', 'client_assertion=', 'scope=', 'https://login.microsoftonline.com/', '/oauth2/v2.0/token', 'curl -X POST ', '-d ', '--data-urlencode ', '$', '@{', '-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', 'keyCredentials', 'customKeyIdentifier', '"key":', 'x5t', 'Bearer ', '/*', '*/', '//', 'IDX10503', 'WWW-Authenticate: ', '\u0000', '\uFEFF', '\uD83D');
	return fc.oneof(
		{ weight: 2, arbitrary: fc.string({ maxLength: 400 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 400 }) },
		{ weight: 3, arbitrary: fc.array(fc.oneof(pieces, fc.string({ maxLength: 12 })), { maxLength: 80 }).map((a) => a.join('')) },
		{ weight: 4, arbitrary: fc.constantFrom(...seeds).chain(mutatedText) },
	);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('fuzz: every parser gives a result or a CoreError, in bounded time', function () {
	this.timeout(0);
	const params = { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) };

	// Valid seeds, made at run time.
	const cert = makeCert('fuzz-seed');
	const pfxPath = join(cert.dir, 'seed.pfx');
	openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', pfxPath, '-passout', 'pass:pw', '-iter', '1', '-maciter']);
	const pfx = new Uint8Array(readFileSync(pfxPath));
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const header = { alg: 'RS256', typ: 'JWT', x5t: 'abc', kid: 'k' };
	const payload = { aud: 'api://orders', iss: 'https://sts.windows.net/11111111-2222-3333-4444-555555555555/', exp: 1780000000, nbf: 1779990000, scp: 'Orders.Read', tid: '11111111-2222-3333-4444-555555555555', ver: '1.0', roles: ['a'] };
	const jws = `${b64(header)}.${b64(payload)}`;
	const token = `${jws}.${sign('sha256', Buffer.from(jws), privateKey).toString('base64url')}`;
	const manifest = JSON.stringify({ id: 'x', appId: '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b', displayName: 'fuzz', keyCredentials: [{ customKeyIdentifier: 'q83vEjRWeJq83vEjRWeJq83vEjQ=', displayName: 'CN=fuzz', endDateTime: '2027-01-01T00:00:00Z', key: Buffer.from(cert.der).toString('base64'), keyId: '00000000-0000-4000-8000-000000000001', startDateTime: '2026-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' }], federatedIdentityCredentials: [{ name: 'gh', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:o/r:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }] }, null, 2);
	const errorText = `{"error":"invalid_client","error_description":"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678']\\r\\nTrace ID: 1\\r\\nCorrelation ID: 2\\r\\nTimestamp: 2026-01-01 00:00:00Z","error_codes":[700027]}`;
	const request = `curl -X POST https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token -d "client_id=6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b&grant_type=client_credentials&scope=api%3A%2F%2Forders%2F.default&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${token}"`;
	const textSeeds = [token, `Authorization: Bearer ${token}`, manifest, errorText, request, cert.certPem, cert.keyPem, 'IDX10503: Signature validation failed. Token does not have a kid.'];

	after(() => {
		console.log(`      fuzz cases (FUZZ_RUNS=${RUNS}): ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
	});

	it('JWT finder, decoder, decorations, hover lookup and claim explanations', () => {
		fc.assert(
			fc.property(textLike(textSeeds), fc.nat(), (text, at) => {
				const found = check('findJwts', () => findJwts(text));
				if (!(found instanceof CoreError)) {
					for (const f of found) {
						assert.equal(text.slice(f.start, f.end), f.token);
					}
				}
				check('findJwtAt', () => findJwtAt(text, text.length ? at % text.length : 0));
				check('stripTokenDecorations', () => stripTokenDecorations(text));
				const d = check('decodeJwt', () => decodeJwt(text));
				if (!(d instanceof CoreError)) {
					check('explainToken', () => explainToken(d, NOW));
				}
			}),
			params,
		);
	});

	it('diagnose (every reader behind it) with context files', () => {
		fc.assert(
			fc.property(textLike(textSeeds), (text) => {
				const r = check('diagnose', () => diagnose(text, { now: NOW, manifests: [{ label: 'm.json', text: manifest }], clientId: '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b' }), 3000);
				if (!(r instanceof CoreError)) {
					assert.ok(Array.isArray(r.findings));
				}
			}),
			params,
		);
	});

	it('error and request readers', () => {
		fc.assert(
			fc.property(textLike(textSeeds), (text) => {
				check('readErrorText', () => readErrorText(text));
				check('parseTokenRequest', () => parseTokenRequest(text));
				check('parseFormBody', () => parseFormBody(text));
				check('shellWords', () => shellWords(text));
			}),
			params,
		);
	});

	it('manifest parse and lint (keyCredentials and federated credentials), and the JSON depth counter', () => {
		fc.assert(
			fc.property(fc.oneof(textLike(textSeeds), fc.constant(manifest).chain(mutatedText), fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v))), (text) => {
				check('parseManifest', () => parseManifest(text, 'm.json'));
				check('lintManifest', () => lintManifest(text, { now: NOW, fileName: 'm.json' }));
				check('lintFederatedCredentials', () => lintFederatedCredentials(text));
				const d = check('jsonDepth', () => jsonDepth(text));
				assert.ok(typeof d === 'number' && d >= 0);
			}),
			params,
		);
	});

	it('PEM blocks, private keys and the DER name reader', () => {
		const der = new Uint8Array(cert.der);
		fc.assert(
			fc.property(fc.oneof(mutated(der), mutated(enc(cert.keyPem)), mutated(enc(cert.certPem)), fc.uint8Array({ maxLength: 600 })), (bytes) => {
				const text = Buffer.from(bytes).toString('latin1');
				check('pemBlocks', () => pemBlocks(text, 'f.pem'));
				check('readPrivateKey', () => readPrivateKey(bytes, { fileName: 'k.pem' }), CERT_MS);
				const names = check('certificateNames', () => certificateNames(bytes));
				assert.ok(names === undefined || (typeof names === 'object' && !(names instanceof CoreError)));
			}),
			params,
		);
	});

	it('certificate material: PEM, DER, base64 and PFX readers, mutated and arbitrary', async () => {
		const der = new Uint8Array(cert.der);
		// PFX cases are costly (a key check per case): a tenth of the runs, at least 20.
		await fc.assert(
			fc.asyncProperty(fc.oneof(mutated(der), mutated(enc(cert.certPem + cert.keyPem)), mutated(enc(Buffer.from(der).toString('base64'))), fc.uint8Array({ maxLength: 800 })), fc.constantFrom(undefined, 'pw', ''), async (bytes, password) => {
				await checkAsync('readCertificateMaterial', () => readCertificateMaterial(bytes, { password, fileName: 'c' }));
			}),
			params,
		);
		await fc.assert(
			fc.asyncProperty(mutated(pfx), fc.constantFrom(undefined, 'pw'), async (bytes, password) => {
				check('readPfx', () => readPfx(bytes, password, 'p.pfx'), CERT_MS);
				await checkAsync('readCertificateMaterial(pfx)', () => readCertificateMaterial(bytes, { password, fileName: 'p.pfx' }));
			}),
			{ ...params, numRuns: Math.max(20, Math.ceil(RUNS / 10)) },
		);
	});

	it('found by fuzzing: a registered certificate whose notBefore is re-tagged GeneralizedTime is linted, not a RangeError', () => {
		const der = Buffer.from(cert.der);
		const at = der.indexOf(Buffer.from([0x30, 0x1e, 0x17, 0x0d]));
		assert.ok(at > 0, 'UTCTime validity');
		der[at + 2] = 0x18;
		const text = manifest.replace(Buffer.from(cert.der).toString('base64'), der.toString('base64'));
		assert.notEqual(text, manifest);
		const findings = lintManifest(text, { now: NOW, fileName: 'm.json' });
		assert.ok(Array.isArray(findings));
	});

	it('the heap does not grow with the number of cases (no state kept between inputs)', () => {
		const gc = (globalThis as { gc?: () => void }).gc;
		const run = () =>
			fc.assert(
				fc.property(textLike(textSeeds), (text) => {
					check('diagnose(heap)', () => diagnose(text, { now: NOW }), 3000);
				}),
				{ numRuns: Math.max(50, Math.min(RUNS, 2000)) },
			);
		run();
		gc?.();
		const before = process.memoryUsage().heapUsed;
		run();
		run();
		gc?.();
		const grown = process.memoryUsage().heapUsed - before;
		assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${(grown / 1048576).toFixed(1)} MB over two more batches`);
	});
});
