import assert from 'node:assert/strict';
import { constants, createPublicKey, generateKeyPairSync, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { signClientAssertion, type SignClientAssertionOptions } from '../../../src/core/jwt/assertion';
import { verifyJwt } from '../../../src/core/jwt/verify';
import { tokenEndpoint, CLOUDS } from '../../../src/core/token/clouds';
import { CoreError } from '../../../src/core/errors';
import { makeCert, rs256, splitJws, type TestCert } from './keys';

const NOW = new Date('2026-11-05T10:00:00Z');
const T = NOW.getTime() / 1000;
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const TENANT = '11111111-2222-3333-4444-555555555555';
const hexToB64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
const isCore = (code: string, message?: RegExp) => (e: unknown): boolean => e instanceof CoreError && e.code === code && (message === undefined || message.test(e.message));

describe('jwt/assertion: signClientAssertion', function () {
	this.timeout(60000);
	let cert: TestCert;
	let other: TestCert;
	let base: SignClientAssertionOptions;
	before(() => {
		cert = makeCert({ rsaBits: 2048 });
		other = makeCert({ rsaBits: 2048 }, '/CN=other');
		base = { certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, now: NOW };
	});

	it('PS256 by default: header alg/typ/x5t#S256 (= openssl SHA-256 fingerprint), claims, PSS signature (Node crypto.verify)', async () => {
		const jwt = await signClientAssertion(base);
		const { header, payload, signingInput, signature } = splitJws(jwt);
		assert.deepEqual(header, { alg: 'PS256', typ: 'JWT', 'x5t#S256': hexToB64url(cert.sha256Hex) });
		assert.equal(payload.aud, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
		assert.equal(payload.iss, CLIENT);
		assert.equal(payload.sub, CLIENT);
		assert.equal(payload.iat, T);
		assert.equal(payload.nbf, T);
		assert.equal(payload.exp, T + 600);
		assert.match(String(payload.jti), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);
		const key = { key: new X509Certificate(Buffer.from(cert.certDer)).publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
		assert.ok(nodeVerify('sha256', Buffer.from(signingInput), key, signature));
		assert.ok(!nodeVerify('sha256', Buffer.from(signingInput + 'x'), key, signature));
		assert.ok(!nodeVerify('sha256', Buffer.from(signingInput), { ...key, padding: constants.RSA_PKCS1_PADDING }, signature), 'not PKCS#1 v1.5');
	});

	it('RS256: header x5t (= openssl SHA-1 fingerprint), PKCS#1 v1.5 signature (Node crypto.verify)', async () => {
		const jwt = await signClientAssertion({ ...base, alg: 'RS256' });
		const { header, signingInput, signature } = splitJws(jwt);
		assert.deepEqual(header, { alg: 'RS256', typ: 'JWT', x5t: hexToB64url(cert.sha1Hex) });
		assert.equal(Buffer.from(String(header.x5t), 'base64url').length, 20);
		assert.ok(nodeVerify('sha256', Buffer.from(signingInput), { key: new X509Certificate(Buffer.from(cert.certDer)).publicKey, padding: constants.RSA_PKCS1_PADDING }, signature));
	});

	it('x5c: standard-base64 DER, leaf first, then the chain', async () => {
		const jwt = await signClientAssertion({ ...base, x5c: true, chain: [other.certDer] });
		const x5c = splitJws(jwt).header.x5c as string[];
		assert.equal(x5c.length, 2);
		assert.deepEqual(Buffer.from(x5c[0], 'base64'), Buffer.from(cert.certDer));
		assert.deepEqual(Buffer.from(x5c[1], 'base64'), Buffer.from(other.certDer));
		assert.match(x5c[0], /^[A-Za-z0-9+/]+={0,2}$/);
		assert.equal(splitJws(await signClientAssertion(base)).header.x5c, undefined, 'no x5c unless asked');
	});

	it('aud per cloud, explicit audience, lifetime, jti', async () => {
		for (const [cloud, host] of [['public', 'login.microsoftonline.com'], ['usgov', 'login.microsoftonline.us'], ['china', 'login.partner.microsoftonline.cn']] as const) {
			const p = splitJws(await signClientAssertion({ ...base, cloud })).payload;
			assert.equal(p.aud, `https://${host}/${TENANT}/oauth2/v2.0/token`);
			assert.equal(CLOUDS[cloud].host, host);
			assert.equal(tokenEndpoint(cloud, TENANT), p.aud);
		}
		const p = splitJws(await signClientAssertion({ ...base, tenant: undefined, audience: 'http://localhost:8400/t/oauth2/v2.0/token', lifetimeSeconds: 300, jti: 'fixed' })).payload;
		assert.deepEqual([p.aud, p.exp, p.jti], ['http://localhost:8400/t/oauth2/v2.0/token', T + 300, 'fixed']);
	});

	it('refuses bad options with a CoreError naming the fix', async () => {
		await assert.rejects(signClientAssertion({ ...base, tenant: undefined }), isCore('ERR_INVALID_OPTION', /tenant/));
		await assert.rejects(signClientAssertion({ ...base, clientId: 'my-app' }), isCore('ERR_INVALID_OPTION', /not a GUID.*Application \(client\) ID/));
		await assert.rejects(signClientAssertion({ ...base, lifetimeSeconds: 0 }), isCore('ERR_INVALID_OPTION', /positive/));
		await assert.rejects(signClientAssertion({ ...base, lifetimeSeconds: -5 }), isCore('ERR_INVALID_OPTION'));
		await assert.rejects(signClientAssertion({ ...base, tenant: 'a/b' }), isCore('ERR_INVALID_OPTION', /tenant/));
		await assert.rejects(signClientAssertion({ ...base, audience: 'not a url' }), isCore('ERR_INVALID_OPTION', /audience/));
		await assert.rejects(signClientAssertion({ ...base, privateKeyPkcs8: new Uint8Array([1, 2, 3]) }), isCore('ERR_KEY_UNREADABLE'));
		await assert.rejects(signClientAssertion({ ...base, certificateDer: new Uint8Array([1, 2, 3]) }), isCore('ERR_CERT_UNREADABLE'));
	});

	it('refuses a 1024-bit RSA key, citing the 2048-bit minimum', async () => {
		const weak = makeCert({ rsaBits: 1024 }, '/CN=weak');
		await assert.rejects(
			signClientAssertion({ ...base, certificateDer: weak.certDer, privateKeyPkcs8: weak.pkcs8Der }),
			isCore('ERR_KEY_UNSUPPORTED', /1024 bits.*2048/),
		);
	});

	it('refuses an EC key: Entra supports only RSA', async () => {
		const ec = makeCert({ ec: 'prime256v1' }, '/CN=ec');
		await assert.rejects(signClientAssertion({ ...base, certificateDer: ec.certDer, privateKeyPkcs8: ec.pkcs8Der }), isCore('ERR_KEY_UNSUPPORTED', /EC key.*only RSA/));
	});

	it('refuses a key that does not belong to the certificate', async () => {
		await assert.rejects(signClientAssertion({ ...base, privateKeyPkcs8: other.pkcs8Der }), isCore('ERR_KEY_MISMATCH', /does not belong to the certificate/));
	});
});

describe('jwt/verify: verifyJwt', function () {
	this.timeout(60000);
	let cert: TestCert;
	let other: TestCert;
	let assertion: string;
	before(async () => {
		cert = makeCert({ rsaBits: 2048 });
		other = makeCert({ rsaBits: 2048 }, '/CN=other');
		assertion = await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, now: NOW });
	});

	it('accepts our assertion with the certificate and names the key', async () => {
		const r = await verifyJwt(assertion, { certificateDer: cert.certDer }, NOW);
		assert.deepEqual(r, { signatureValid: true, time: 'valid', keyUsed: `thumbprint:${cert.sha1Hex}`, findings: [] });
	});

	it('a wrong certificate gives signatureValid false with a reason, not an exception', async () => {
		const r = await verifyJwt(assertion, { certificateDer: other.certDer }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /does not match the key/);
		assert.deepEqual(r.findings.map((f) => f.code), ['AADSTS700027', 'AADSTS700027']);
		assert.match(r.findings[0].message + r.findings[1].message, /does not name this certificate/);
	});

	it('a tampered payload fails', async () => {
		const [h, , s] = assertion.split('.');
		const p = Buffer.from(JSON.stringify({ ...splitJws(assertion).payload, sub: 'x' })).toString('base64url');
		const r = await verifyJwt(`${h}.${p}.${s}`, { certificateDer: cert.certDer }, NOW);
		assert.equal(r.signatureValid, false);
	});

	it('time: expired and not yet valid', async () => {
		const later = await verifyJwt(assertion, { certificateDer: cert.certDer }, new Date(NOW.getTime() + 3600_000));
		assert.equal(later.signatureValid, true);
		assert.equal(later.time, 'expired');
		assert.equal(later.findings[0].code, 'AADSTS700024');
		const earlier = await verifyJwt(assertion, { certificateDer: cert.certDer }, new Date(NOW.getTime() - 3600_000));
		assert.equal(earlier.time, 'not-yet-valid');
		const noExp = rs256({ alg: 'RS256', kid: 'a' }, { iss: 'x' }, cert.privateKey);
		assert.equal((await verifyJwt(noExp, { certificateDer: cert.certDer }, NOW)).time, 'no-exp');
	});

	it('with a JWK Set: picks by kid, by x5t, else tries every key', async () => {
		const jwk = (c: TestCert, extra: object) => ({ ...createPublicKey(c.privateKey).export({ format: 'jwk' }), ...extra });
		const jwks = { keys: [jwk(other, { kid: 'k-other', x5t: 'zzz' }), jwk(cert, { kid: 'k-mine', x5t: hexToB64url(cert.sha1Hex) })] };
		const byKid = rs256({ alg: 'RS256', kid: 'k-mine' }, { exp: T + 60 }, cert.privateKey);
		assert.deepEqual(await verifyJwt(byKid, { jwks }, NOW), { signatureValid: true, time: 'valid', keyUsed: 'kid:k-mine', findings: [] });
		const byX5t = rs256({ alg: 'RS256', x5t: hexToB64url(cert.sha1Hex) }, { exp: T + 60 }, cert.privateKey);
		assert.equal((await verifyJwt(byX5t, { jwks }, NOW)).keyUsed, 'kid:k-mine');
		const none = rs256({ alg: 'RS256' }, { exp: T + 60 }, cert.privateKey);
		assert.equal((await verifyJwt(none, { jwks }, NOW)).signatureValid, true);
		const unknownKid = rs256({ alg: 'RS256', kid: 'gone' }, { exp: T + 60 }, cert.privateKey);
		const r = await verifyJwt(unknownKid, { jwks }, NOW);
		assert.equal(r.signatureValid, true);
		assert.equal(r.findings[0].code, 'jwks-key-not-found');
		const wrong = await verifyJwt(byKid, { jwks: { keys: [jwk(other, { kid: 'k-mine' })] } }, NOW);
		assert.equal(wrong.signatureValid, false);
		assert.equal(wrong.findings[0].code, 'jwt-signature-invalid');
	});

	it('with a PEM public key or a single JWK', async () => {
		const pem = createPublicKey(cert.privateKey).export({ format: 'pem', type: 'spki' }).toString();
		assert.equal((await verifyJwt(assertion, { publicKeyPem: pem }, NOW)).keyUsed, 'public-key');
		const jwk = { ...createPublicKey(cert.privateKey).export({ format: 'jwk' }), kid: 'one' };
		assert.equal((await verifyJwt(assertion, { jwk }, NOW)).keyUsed, 'kid:one');
	});

	it('a Graph-style header nonce: explains that only Graph can validate it', async () => {
		// Graph signs over a transformed nonce; simulate by signing one nonce and presenting another.
		const signed = rs256({ alg: 'RS256', typ: 'JWT', nonce: 'transformed', kid: 'g' }, { aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read', exp: T + 600 }, cert.privateKey);
		const [, p, s] = signed.split('.');
		const h = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', nonce: 'original', kid: 'g' })).toString('base64url');
		const r = await verifyJwt(`${h}.${p}.${s}`, { certificateDer: cert.certDer }, NOW);
		assert.equal(r.signatureValid, false);
		assert.match(r.reason ?? '', /Microsoft Graph.*nobody but Graph.*AADSTS50013/);
		assert.equal(r.findings[0].code, 'graph-token-nonce');
	});

	it('alg none and HMAC tokens are not accepted with a certificate', async () => {
		const b = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
		const none = await verifyJwt(`${b({ alg: 'none' })}.${b({ exp: T + 60 })}.`, { certificateDer: cert.certDer }, NOW);
		assert.equal(none.signatureValid, false);
		assert.match(none.reason ?? '', /unsigned/);
		const hs = await verifyJwt(`${b({ alg: 'HS256' })}.${b({ exp: T + 60 })}.c2ln`, { certificateDer: cert.certDer }, NOW);
		assert.equal(hs.signatureValid, false);
	});

	it('throws CoreError only for input that is not a JWS, or no key', async () => {
		await assert.rejects(verifyJwt('a.b', { certificateDer: cert.certDer }, NOW), isCore('ERR_JWT_MALFORMED'));
		await assert.rejects(verifyJwt(assertion, {}, NOW), isCore('ERR_INVALID_OPTION'));
		await assert.rejects(verifyJwt(assertion, { publicKeyPem: 'nope' }, NOW), isCore('ERR_KEY_UNREADABLE'));
	});

	it('verifies a token signed with a 1024-bit or EC key (verification is not restricted)', async () => {
		const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
		const { SignJWT } = await import('jose');
		const es = await new SignJWT({ exp: T + 60 }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
		const r = await verifyJwt(es, { publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() }, NOW);
		assert.equal(r.signatureValid, true);
	});
});
