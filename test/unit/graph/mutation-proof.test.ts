/**
 * Graph's proof of possession (src/core/graph/proof.ts): signProof's header and claims checked against openssl's
 * fingerprints and Node's crypto.verify, and verifyProof (the sandbox's Graph emulation) refusing each rule of the
 * addKey doc on its own, with proofs signed here by Node's crypto.sign. Time rules are tested at their edges.
 */
import assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { PROOF_AUDIENCE, signProof, verifyProof } from '../../../src/core/graph/proof';
import { fingerprint, openssl, opensslBytes, tempDir } from '../helpers/openssl';

const OBJ = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
const NOW = new Date('2026-06-01T00:00:00Z');
const T = NOW.getTime() / 1000;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));

describe('graph proof of possession', function () {
	this.timeout(60000);
	let key: KeyObject;
	let otherKey: KeyObject;
	let der: Uint8Array;
	let otherDer: Uint8Array;
	let sha1Hex: string;
	let x5t: string;
	let x5tS256: string;
	before(() => {
		const dir = tempDir('eck-proof-');
		const make = (name: string) => {
			const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
			writeFileSync(join(dir, `${name}.key`), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
			openssl(['req', '-x509', '-key', join(dir, `${name}.key`), '-out', join(dir, `${name}.pem`), '-subj', `/CN=${name}`, '-days', '30']);
			return { key: pair.privateKey, der: new Uint8Array(opensslBytes(['x509', '-in', join(dir, `${name}.pem`), '-outform', 'DER'])) };
		};
		const a = make('proof');
		const b = make('other');
		key = a.key;
		der = a.der;
		otherKey = b.key;
		otherDer = b.der;
		sha1Hex = fingerprint(join(dir, 'proof.pem'), 'sha1');
		x5t = Buffer.from(sha1Hex, 'hex').toString('base64url');
		x5tS256 = Buffer.from(fingerprint(join(dir, 'proof.pem'), 'sha256'), 'hex').toString('base64url');
	});

	/** A proof signed with Node's crypto. */
	function proof(header: Record<string, unknown>, claims: Record<string, unknown>, k: KeyObject = key): string {
		const input = `${b64(header)}.${b64(claims)}`;
		const sig = header.alg === 'PS256' ? sign('sha256', Buffer.from(input), { key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }) : sign('sha256', Buffer.from(input), k);
		return `${input}.${sig.toString('base64url')}`;
	}
	const good = (extra: Record<string, unknown> = {}) => ({ aud: PROOF_AUDIENCE, iss: OBJ, nbf: T, exp: T + 600, ...extra });
	const check = (p: string, extra: Partial<Parameters<typeof verifyProof>[1]> = {}) => verifyProof(p, { objectId: OBJ, candidates: [{ keyId: 'k1', der }], now: NOW, ...extra });
	const reason = (p: string, extra: Partial<Parameters<typeof verifyProof>[1]> = {}) => {
		const r = check(p, extra);
		assert.equal(r.ok, false);
		return (r as { reason: string }).reason;
	};

	describe('signProof', () => {
		it('RS256 by default: header x5t is openssl\'s SHA-1, claims as the addKey doc says, Node verifies it', async () => {
			const p = await signProof({ certificateDer: der, privateKeyPkcs8: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })), objectId: ` ${OBJ.toUpperCase()} `, now: new Date(NOW.getTime() + 999) });
			const [h, c, s] = p.split('.');
			assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', x5t });
			const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
			assert.equal(claims.aud, '00000002-0000-0000-c000-000000000000');
			assert.equal(claims.iss, OBJ.toUpperCase());
			assert.equal(claims.nbf, T);
			assert.equal(claims.exp, T + 600);
			assert.match(claims.jti, /^[0-9a-f-]{36}$/);
			assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), key, Buffer.from(s, 'base64url')));
			assert.deepEqual(check(p), { ok: true, keyId: 'k1', sha1Hex });
		});
		it('PS256 adds x5t#S256; a custom lifetime is used', async () => {
			const p = await signProof({ certificateDer: der, privateKeyPkcs8: new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })), objectId: OBJ, now: NOW, alg: 'PS256', lifetimeSeconds: 120 });
			const [h, c, s] = p.split('.');
			assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'PS256', typ: 'JWT', x5t, 'x5t#S256': x5tS256 });
			assert.equal(JSON.parse(Buffer.from(c, 'base64url').toString()).exp, T + 120);
			assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(s, 'base64url')));
		});
		it('refusals: object ID, lifetime, unreadable key, a key of another certificate, a non-RSA key', async () => {
			const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
			const base = { certificateDer: der, privateKeyPkcs8: pkcs8, objectId: OBJ, now: NOW };
			await assert.rejects(signProof({ ...base, objectId: 'orders-app' }), code('ERR_INVALID_OPTION', /object ID 'orders-app' is not a GUID/, /Graph's "id"/));
			for (const lifetimeSeconds of [0, -5, 1.5]) {
				await assert.rejects(signProof({ ...base, lifetimeSeconds }), code('ERR_INVALID_OPTION', new RegExp(`lifetime ${lifetimeSeconds} is not a positive whole number`)), String(lifetimeSeconds));
			}
			await assert.rejects(signProof({ ...base, privateKeyPkcs8: new Uint8Array([1, 2, 3]) }), code('ERR_KEY_UNREADABLE'));
			await assert.rejects(signProof({ ...base, privateKeyPkcs8: new Uint8Array(otherKey.export({ type: 'pkcs8', format: 'der' })) }), code('ERR_KEY_MISMATCH', /does not belong to the proof certificate/));
			const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
			await assert.rejects(signProof({ ...base, privateKeyPkcs8: new Uint8Array(ec.privateKey.export({ type: 'pkcs8', format: 'der' })) }), code('ERR_KEY_UNSUPPORTED'));
		});
	});

	describe('verifyProof', () => {
		it('accepts RS256 or PS256, by x5t or x5t#S256 alone, iss in any case, among several candidates', () => {
			const candidates = [{ keyId: 'other', der: otherDer }, { keyId: 'k1', der }];
			assert.deepEqual(check(proof({ alg: 'RS256', x5t }, good({ iss: OBJ.toUpperCase() })), { candidates }), { ok: true, keyId: 'k1', sha1Hex });
			assert.deepEqual(check(proof({ alg: 'PS256', 'x5t#S256': x5tS256 }, good()), { candidates }), { ok: true, keyId: 'k1', sha1Hex });
			assert.equal(check(proof({ alg: 'PS256', x5t: 'wrong', 'x5t#S256': x5tS256 }, good())).ok, true);
		});
		it('not a JWT; an alg other than RS256/PS256', () => {
			assert.match(reason('abc'), /not a compact JWT/);
			assert.match(reason(proof({ alg: 'ES256', x5t }, good())), /alg is 'ES256'; it must be signed with the certificate's RSA key/);
		});
		it('no thumbprint, or one that names no candidate', () => {
			assert.match(reason(proof({ alg: 'RS256' }, good())), /no x5t naming the signing certificate/);
			assert.match(reason(proof({ alg: 'RS256', x5t: 'abc' }, good())), /named by the proof's x5t 'abc' is not one of the application's valid certificates/);
			assert.match(reason(proof({ alg: 'RS256', 'x5t#S256': 'def' }, good())), /x5t#S256 'def'/);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good()), { candidates: [] }), /not one of the application's valid certificates/);
		});
		it('aud and iss must be the doc\'s', () => {
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ aud: 'https://graph.microsoft.com' }))), /aud is "https:\/\/graph\.microsoft\.com"; it must be '00000002-0000-0000-c000-000000000000'/);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ iss: '11112222-3333-4444-8555-666677778888' }))), /iss is "11112222-3333-4444-8555-666677778888"; it must be the application's object ID '0f1e2d3c/);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ iss: 5 }))), /iss is 5/);
		});
		it('nbf and exp: numbers, at most 600 s apart', () => {
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ nbf: undefined }))), /no numeric nbf and exp/);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ exp: String(T + 600) }))), /no numeric nbf and exp/);
			assert.equal(check(proof({ alg: 'RS256', x5t }, good({ exp: T + 600 }))).ok, true);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ exp: T + 601 }))), /valid for 601 s \(exp - nbf\); it may be valid for at most 600 s/);
		});
		it('time, with 300 s of skew (or the skew given), inclusive at both ends', () => {
			assert.equal(check(proof({ alg: 'RS256', x5t }, good({ nbf: T + 300, exp: T + 900 }))).ok, true);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ nbf: T + 301, exp: T + 901 }))), /not valid yet \(nbf 2026-06-01T00:05:01\.000Z\)/);
			assert.equal(check(proof({ alg: 'RS256', x5t }, good({ nbf: T - 900, exp: T - 300 }))).ok, true);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ nbf: T - 901, exp: T - 301 }))), /expired at 2026-05-31T23:54:59\.000Z/);
			assert.match(reason(proof({ alg: 'RS256', x5t }, good({ nbf: T + 10, exp: T + 600 })), { skewSeconds: 0 }), /not valid yet/);
		});
		it('the signature must be the named certificate\'s key, with the header\'s algorithm', () => {
			const forged = proof({ alg: 'RS256', x5t }, good(), otherKey);
			assert.match(reason(forged), new RegExp(`signature does not verify with the certificate its header names \\(SHA-1 ${sha1Hex}\\)`));
			// a PKCS#1 v1.5 signature presented as PS256 (and the reverse) does not verify
			const rs = proof({ alg: 'RS256', x5t }, good()).split('.');
			const asPs = `${b64({ alg: 'PS256', x5t })}.${rs[1]}.${rs[2]}`;
			assert.match(reason(asPs), /signature does not verify/);
			const ps = proof({ alg: 'PS256', x5t }, good());
			const [h, c] = ps.split('.');
			const rsSig = sign('sha256', Buffer.from(`${h}.${c}`), key).toString('base64url');
			assert.match(reason(`${h}.${c}.${rsSig}`), /signature does not verify/);
			assert.match(reason(`${rs[0]}.${rs[1]}.${Buffer.alloc(10).toString('base64url')}`), /signature does not verify/);
		});
		it('a tampered claim breaks the signature', () => {
			const [h, , s] = proof({ alg: 'RS256', x5t }, good()).split('.');
			const c2 = b64(good({ exp: T + 599 }));
			assert.match(reason(`${h}.${c2}.${s}`), /signature does not verify/);
			assert.equal(createHash('sha1').update(der).digest('hex').toUpperCase(), sha1Hex);
		});
	});
});
