/**
 * verifyJwt's verdicts as a user reads them: tokens are signed here with Node's crypto.sign (not the kit's signer),
 * certificates made by openssl for those keys, and each outcome is checked for its finding code, severity and the
 * facts its message names (which header field, which key, how many keys), for client assertions and other tokens.
 */
import * as assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { verifyJwt } from '../../../src/core/jwt/verify';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

const NOW = new Date('2026-11-05T10:00:00Z');
const T = NOW.getTime() / 1000;
const APP = '33333333-3333-3333-3333-333333333333';
const AUD = 'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/oauth2/v2.0/token';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const code = (c: string) => (e: unknown) => e instanceof CoreError && e.code === c;

/** A compact JWS signed with Node's crypto. */
function jws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
	const input = `${b64(header)}.${b64(payload)}`;
	const alg = String(header.alg);
	const data = Buffer.from(input);
	const sig = alg.startsWith('PS')
		? sign('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
		: alg === 'ES256'
			? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })
			: alg === 'EdDSA'
				? sign(null, data, key)
				: sign('sha256', data, key);
	return `${input}.${sig.toString('base64url')}`;
}

const assertionClaims = (extra: Record<string, unknown> = {}) => ({ aud: AUD, iss: APP, sub: APP, jti: 'j', nbf: T - 10, iat: T - 10, exp: T + 590, ...extra });
const accessClaims = (extra: Record<string, unknown> = {}) => ({ aud: 'api://orders', iss: 'https://sts.windows.net/x/', scp: 'read', exp: T + 3600, ...extra });

describe('jwt verify: verdicts and findings', function () {
	this.timeout(60000);
	let rsa: { privateKey: KeyObject; publicKey: KeyObject };
	let other: { privateKey: KeyObject; publicKey: KeyObject };
	let certDer: Uint8Array;
	let sha1Hex: string;
	let x5t: string;
	let x5tS256: string;
	before(() => {
		rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
		other = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const dir = tempDir('eck-verify-');
		writeFileSync(join(dir, 'k.pem'), rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
		openssl(['req', '-x509', '-key', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=verify', '-days', '3']);
		const der = opensslBytes(['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']);
		certDer = new Uint8Array(der);
		const s1 = createHash('sha1').update(der).digest();
		sha1Hex = s1.toString('hex').toUpperCase();
		x5t = s1.toString('base64url');
		x5tS256 = createHash('sha256').update(der).digest('base64url');
	});

	it('a good assertion: valid, keyed by the certificate thumbprint, no findings', async () => {
		const r = await verifyJwt(jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tS256 }, assertionClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(r, { signatureValid: true, time: 'valid', keyUsed: `thumbprint:${sha1Hex}`, findings: [] });
		const rs = await verifyJwt(jws({ alg: 'RS256', x5t }, assertionClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(rs.signatureValid, true);
		assert.deepEqual(rs.findings, []);
	});

	it('time: an expired assertion is AADSTS700024, an expired token jwt-expired', async () => {
		const a = await verifyJwt(jws({ alg: 'RS256', x5t }, assertionClaims({ exp: T - 400 }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(a.time, 'expired');
		assert.equal(a.signatureValid, true);
		assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['AADSTS700024', 'error']]);
		assert.match(a.findings[0].fix, /Sign a new assertion right before each token request/);
		const t = await verifyJwt(jws({ alg: 'RS256' }, accessClaims({ exp: T - 400 }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(t.findings.map((f) => [f.code, f.severity]), [['jwt-expired', 'error']]);
		assert.match(t.findings[0].fix, /cannot be extended/);
		assert.match(t.findings[0].message, /expired at/);
	});

	it('time: not yet valid, for an assertion and a token', async () => {
		const a = await verifyJwt(jws({ alg: 'RS256', x5t }, assertionClaims({ nbf: T + 400 }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(a.time, 'not-yet-valid');
		assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['AADSTS700024', 'error']]);
		assert.match(a.findings[0].fix, /clock and time zone/);
		const t = await verifyJwt(jws({ alg: 'RS256' }, accessClaims({ nbf: T + 400 }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(t.findings.map((f) => f.code), ['jwt-not-yet-valid']);
	});

	it('time: no exp is a warning; the fix for an assertion names MSAL\'s 10 minutes', async () => {
		const a = await verifyJwt(jws({ alg: 'RS256', x5t }, assertionClaims({ exp: undefined }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(a.time, 'no-exp');
		assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['jwt-no-exp', 'warning']]);
		assert.match(a.findings[0].fix, /10 minutes/);
		const t = await verifyJwt(jws({ alg: 'RS256' }, accessClaims({ exp: undefined }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.match(t.findings[0].fix, /Reject tokens without exp/);
	});

	it('the skew allowance can be narrowed', async () => {
		const token = jws({ alg: 'RS256' }, accessClaims({ exp: T - 100 }), rsa.privateKey);
		assert.equal((await verifyJwt(token, { certificateDer: certDer }, NOW)).time, 'valid');
		assert.equal((await verifyJwt(token, { certificateDer: certDer }, NOW, { skewSeconds: 60 })).time, 'expired');
	});

	it('unsigned tokens: alg none, or no alg', async () => {
		const none = `${b64({ alg: 'none' })}.${b64(accessClaims())}.`;
		const r = await verifyJwt(none, { certificateDer: certDer }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /unsigned \(alg "none"\)/);
		assert.deepEqual(r.findings.map((f) => [f.code, f.severity]), [['jwt-unsigned', 'error']]);
		const noAlg = await verifyJwt(`${b64({ typ: 'JWT' })}.${b64(accessClaims())}.c2ln`, { certificateDer: certDer }, NOW);
		assert.match(noAlg.reason ?? '', /has no alg/);
		assert.equal(noAlg.findings[0].code, 'jwt-unsigned');
	});

	it('header thumbprints that do not name the certificate: AADSTS700027 for an assertion, a warning otherwise', async () => {
		const wrong = Buffer.alloc(20, 1).toString('base64url');
		const a = await verifyJwt(jws({ alg: 'RS256', x5t: wrong }, assertionClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(a.signatureValid, true);
		assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['AADSTS700027', 'error']]);
		assert.match(a.findings[0].message, new RegExp(`x5t '${wrong}' does not name this certificate \\(x5t ${x5t}, x5t#S256 ${x5tS256}\\)`));
		const s = await verifyJwt(jws({ alg: 'PS256', x5t, 'x5t#S256': wrong }, accessClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(s.findings.map((f) => [f.code, f.severity]), [['x5t-mismatch', 'warning']]);
		assert.match(s.findings[0].message, new RegExp(`x5t#S256 '${wrong}'`));
		const both = await verifyJwt(jws({ alg: 'PS256', x5t: wrong, 'x5t#S256': wrong }, accessClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.match(both.findings[0].message, /^The token's x5t '/);
	});

	it('a signature by another key: the reason says so, AADSTS700027 for an assertion', async () => {
		const a = await verifyJwt(jws({ alg: 'RS256', x5t }, assertionClaims(), other.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(a.signatureValid, false);
		assert.equal(a.keyUsed, undefined);
		assert.match(a.reason ?? '', /^The signature does not match the key: the token was signed with a different key, or altered after signing\.$/);
		assert.deepEqual(a.findings.map((f) => [f.code, f.severity]), [['AADSTS700027', 'error']]);
		assert.match(a.findings[0].fix, /private key of the certificate registered/);
		const t = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), other.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(t.findings[0].code, 'jwt-signature-invalid');
		assert.match(t.findings[0].fix, /issuer's current signing keys/);
	});

	it('a public key PEM, and both a certificate and a key: every key is tried and counted', async () => {
		const pem = String(rsa.publicKey.export({ type: 'spki', format: 'pem' }));
		const ok = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey), { publicKeyPem: pem }, NOW);
		assert.equal(ok.keyUsed, 'public-key');
		const bad = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), other.privateKey), { publicKeyPem: pem, certificateDer: certDer }, NOW);
		assert.match(bad.reason ?? '', /does not match any of the 2 keys: the token was signed with different keys, or altered/);
		const second = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), other.privateKey), { certificateDer: certDer, publicKeyPem: String(other.publicKey.export({ type: 'spki', format: 'pem' })) }, NOW);
		assert.equal(second.keyUsed, 'public-key');
	});

	it('a Graph token (header nonce) that does not verify: explained as Graph\'s, a warning', async () => {
		const r = await verifyJwt(jws({ alg: 'RS256', nonce: 'abc' }, accessClaims(), other.privateKey), { certificateDer: certDer }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /header nonce.*AADSTS50013/);
		assert.deepEqual(r.findings.map((f) => [f.code, f.severity]), [['graph-token-nonce', 'warning']]);
	});

	it('HMAC with a certificate: not an asymmetric algorithm', async () => {
		const r = await verifyJwt(`${b64({ alg: 'HS256' })}.${b64(accessClaims())}.c2ln`, { certificateDer: certDer }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /alg 'HS256' is not an asymmetric signature algorithm/);
		assert.deepEqual(r.findings.map((f) => [f.code, f.severity]), [['jwt-alg-unsupported', 'error']]);
	});

	it('EC and Ed25519 signatures verify with their JWKs; the label is the kid, x5t or "jwk"', async () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const ed = generateKeyPairSync('ed25519');
		const ecJwk = ec.publicKey.export({ format: 'jwk' });
		const r1 = await verifyJwt(jws({ alg: 'ES256' }, accessClaims(), ec.privateKey), { jwk: { ...ecJwk, kid: 'k1' } }, NOW);
		assert.deepEqual([r1.signatureValid, r1.keyUsed], [true, 'kid:k1']);
		const r2 = await verifyJwt(jws({ alg: 'ES256' }, accessClaims(), ec.privateKey), { jwk: { ...ecJwk, x5t: 'abc' } }, NOW);
		assert.equal(r2.keyUsed, 'x5t:abc');
		const r3 = await verifyJwt(jws({ alg: 'EdDSA' }, accessClaims(), ed.privateKey), { jwk: ed.publicKey.export({ format: 'jwk' }) }, NOW);
		assert.deepEqual([r3.signatureValid, r3.keyUsed], [true, 'jwk']);
	});

	it('a key of the wrong type: "could not be checked", with the key named', async () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const r = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey), { jwk: { ...ec.publicKey.export({ format: 'jwk' }), kid: 'eckey' } }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /^The signature could not be checked: kid:eckey: /);
		assert.equal(r.findings[0].code, 'jwt-signature-invalid');
	});

	describe('JWK Sets', () => {
		const jwkOf = (k: KeyObject, extra: Record<string, unknown>) => ({ ...k.export({ format: 'jwk' }), ...extra });
		it('picks the key by kid, by x5t or by x5t#S256', async () => {
			const jwks = { keys: [jwkOf(other.publicKey, { kid: 'a', x5t: 'xa', 'x5t#S256': 'sa' }), jwkOf(rsa.publicKey, { kid: 'b', x5t: 'xb', 'x5t#S256': 'sb' })] };
			for (const [header, label] of [[{ kid: 'b' }, 'kid:b'], [{ x5t: 'xb' }, 'kid:b'], [{ 'x5t#S256': 'sb' }, 'kid:b']] as const) {
				const r = await verifyJwt(jws({ alg: 'RS256', ...header }, accessClaims(), rsa.privateKey), { jwks }, NOW);
				assert.deepEqual([r.signatureValid, r.keyUsed, r.findings], [true, label, []], JSON.stringify(header));
			}
		});
		it('when no key has the token\'s identifier: a warning naming it, then every key is tried', async () => {
			const jwks = { keys: [jwkOf(other.publicKey, { kid: 'a' }), jwkOf(rsa.publicKey, {})] };
			const cases: [Record<string, unknown>, RegExp][] = [
				[{ kid: 'zz' }, /kid 'zz'/],
				[{ x5t: 'xx' }, /x5t 'xx'/],
				[{ 'x5t#S256': 'ss' }, /x5t#S256 'ss'/],
			];
			for (const [header, named] of cases) {
				const r = await verifyJwt(jws({ alg: 'RS256', ...header }, accessClaims(), rsa.privateKey), { jwks }, NOW);
				assert.equal(r.signatureValid, true);
				assert.equal(r.keyUsed, 'jwks[1]');
				assert.deepEqual(r.findings.map((f) => [f.code, f.severity]), [['jwks-key-not-found', 'warning']]);
				assert.match(r.findings[0].message, named);
			}
			const quiet = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey), { jwks }, NOW);
			assert.deepEqual(quiet.findings, []);
			assert.equal(quiet.keyUsed, 'jwks[1]');
		});
		it('entries that are not objects are skipped; a set without a keys array is refused', async () => {
			const jwks = { keys: [null, 5, jwkOf(rsa.publicKey, { kid: 'k' })] as object[] };
			const r = await verifyJwt(jws({ alg: 'RS256', kid: 'k' }, accessClaims(), rsa.privateKey), { jwks }, NOW);
			assert.equal(r.keyUsed, 'kid:k');
			await assert.rejects(verifyJwt(jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey), { jwks: { keys: 'no' as unknown as object[] } }, NOW), code('ERR_INVALID_OPTION'));
		});
	});

	it('refusals: no key at all, a certificate that is not DER, a public key that is not PEM', async () => {
		const token = jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey);
		await assert.rejects(verifyJwt(token, {}, NOW), (e: unknown) => code('ERR_INVALID_OPTION')(e) && /No key to verify with/.test((e as Error).message));
		await assert.rejects(verifyJwt(token, { certificateDer: new Uint8Array([1, 2, 3]) }, NOW), code('ERR_CERT_UNREADABLE'));
		await assert.rejects(verifyJwt(token, { publicKeyPem: 'nope' }, NOW), code('ERR_KEY_UNREADABLE'));
	});

	it('refusals carry the fix and the cause; findings name what to do', async () => {
		const token = jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey);
		await assert.rejects(verifyJwt(token, { certificateDer: new Uint8Array([1, 2, 3]) }, NOW), (e: unknown) => code('ERR_CERT_UNREADABLE')(e) && /pass the certificate's DER bytes/.test((e as Error).message) && (e as Error).cause instanceof Error);
		await assert.rejects(verifyJwt(token, { publicKeyPem: 'nope' }, NOW), (e: unknown) => code('ERR_KEY_UNREADABLE')(e) && /BEGIN PUBLIC KEY/.test((e as Error).message) && (e as Error).cause instanceof Error);
		await assert.rejects(verifyJwt(token, { jwks: {} as { keys: object[] } }, NOW), (e: unknown) => code('ERR_INVALID_OPTION')(e) && /no "keys" array/.test((e as Error).message));
		const unsigned = await verifyJwt(`${b64({ alg: 'none' })}.${b64(accessClaims())}.`, { certificateDer: certDer }, NOW);
		assert.match(unsigned.findings[0].fix, /Only accept signed tokens/);
		const hs = await verifyJwt(`${b64({ alg: 'HS256' })}.${b64(accessClaims())}.c2ln`, { certificateDer: certDer }, NOW);
		assert.match(hs.findings[0].fix, /PS256 or RS256/);
		const wrong = Buffer.alloc(20, 3).toString('base64url');
		const x = await verifyJwt(jws({ alg: 'RS256', x5t: wrong }, accessClaims(), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.match(x.findings[0].fix, /base64url\(SHA-1\(DER\)\)/);
		const g = await verifyJwt(jws({ alg: 'RS256', nonce: 'n' }, accessClaims(), other.privateKey), { certificateDer: certDer }, NOW);
		assert.match(g.findings[0].fix, /Do not validate Graph tokens/);
		const nf = await verifyJwt(jws({ alg: 'RS256', kid: 'zz' }, accessClaims(), rsa.privateKey), { jwks: { keys: [rsa.publicKey.export({ format: 'jwk' })] } }, NOW);
		assert.match(nf.findings[0].fix, /jwks_uri/);
	});

	it('HMAC with a JWK is tried (jose refuses the key type), not refused as non-asymmetric up front', async () => {
		const r = await verifyJwt(`${b64({ alg: 'HS256' })}.${b64(accessClaims())}.c2ln`, { jwk: { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'r' } }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /^The signature could not be checked: kid:r: /);
		assert.equal(r.findings.some((f) => f.code === 'jwt-alg-unsupported'), false);
		const s = await verifyJwt(`${b64({ alg: 'HS256' })}.${b64(accessClaims())}.c2ln`, { jwks: { keys: [rsa.publicKey.export({ format: 'jwk' })] } }, NOW);
		assert.equal(s.findings.some((f) => f.code === 'jwt-alg-unsupported'), false);
	});

	it('one key that does not match and one that cannot be used: "could not be checked", naming both', async () => {
		const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const jwks = { keys: [{ ...other.publicKey.export({ format: 'jwk' }), kid: 'a' }, { ...ec.publicKey.export({ format: 'jwk' }), kid: 'b' }] };
		const r = await verifyJwt(jws({ alg: 'RS256' }, accessClaims(), rsa.privateKey), { jwks }, NOW);
		assert.match(r.reason ?? '', /^The signature could not be checked: kid:a: .*; kid:b: /);
	});

	it('findings come errors first: an expired token with a thumbprint warning', async () => {
		const wrong = Buffer.alloc(20, 2).toString('base64url');
		const r = await verifyJwt(jws({ alg: 'RS256', x5t: wrong }, accessClaims({ exp: T - 4000 }), rsa.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(r.findings.map((f) => f.severity), ['error', 'warning']);
		assert.deepEqual(r.findings.map((f) => f.code), ['jwt-expired', 'x5t-mismatch']);
		const n = await verifyJwt(jws({ alg: 'RS256', x5t: wrong }, accessClaims({ exp: undefined }), other.privateKey), { certificateDer: certDer }, NOW);
		assert.deepEqual(n.findings.map((f) => f.code), ['jwt-signature-invalid', 'jwt-no-exp', 'x5t-mismatch']);
	});
});
