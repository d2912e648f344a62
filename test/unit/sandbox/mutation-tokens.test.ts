/**
 * The tokens the sandbox issues, checked directly (no HTTP) with Node's crypto and jose: the signing key and its JWK,
 * v2.0 access and ID token claims (entra-rules §4: aud, azp/azpacr, idtyp, oid/sub, pairwise sub, scp/roles, tid,
 * ver, an hour's lifetime), Graph-style tokens that do not verify as they stand, and client_info.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { decodeJwt } from '../../../src/core/jwt/decode';
import { cachedSigningKey } from './mutation-material';
import { clientInfo, createSigningKey, derivedGuid, GRAPH_APP_ID, graphNonceTransform, issueAccessToken, issueIdToken, signJwt, TOKEN_LIFETIME_SECONDS, verifiesWithKey, type SigningKey, type TokenContext } from '../../../src/sandbox/tokens';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const ISSUER = `http://127.0.0.1:9/${TENANT}/v2.0`;
const CLIENT = '2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718';
const API = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const USER = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };
const GUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const part = (token: string, i: 0 | 1) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('sandbox tokens (direct)', function () {
	this.timeout(60000);
	const now = new Date('2026-11-05T10:00:00.750Z');
	const ctx: TokenContext = { issuer: ISSUER, tenantId: TENANT, now };
	let key: SigningKey;
	before(async () => {
		key = await cachedSigningKey('tokens', now);
		key.jwk.issuer = ISSUER;
	});

	const verifyJwk = async (token: string) => (await jwtVerify(token, createLocalJWKSet({ keys: [key.jwk] } as never), { issuer: ISSUER, algorithms: ['RS256'], currentDate: now })).payload;

	it('the signing key: RSA 2048 in a certificate that says it is not Microsoft; JWK kid = x5t = SHA-1 of x5c[0]; n, e of the key', async () => {
		// A key of its own (the shared one is made once per process, before a mutant of createSigningKey is active).
		const key = await createSigningKey(now);
		const cert = new X509Certificate(Buffer.from(key.certificateDer));
		assert.match(cert.subject, /CN=Entra Cert Kit sandbox token signing \(not Microsoft\)/);
		assert.equal(cert.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
		assert.ok(new Date(cert.validTo).getTime() - now.getTime() >= 364 * 86400_000, 'valid about a year');
		const jwk = key.jwk;
		assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'e', 'kid', 'kty', 'n', 'use', 'x5c', 'x5t']);
		assert.deepEqual([jwk.kty, jwk.use, jwk.alg], ['RSA', 'sig', 'RS256']);
		const x5c = jwk.x5c as string[];
		assert.equal(x5c.length, 1);
		assert.deepEqual(Buffer.from(x5c[0], 'base64'), Buffer.from(key.certificateDer));
		const sha1 = createHash('sha1').update(Buffer.from(key.certificateDer)).digest('base64url');
		assert.deepEqual([jwk.x5t, jwk.kid, key.x5t, key.kid], [sha1, sha1, sha1, sha1]);
		const fromJwk = createPublicKey({ key: { kty: 'RSA', n: jwk.n as string, e: jwk.e as string }, format: 'jwk' });
		assert.ok(fromJwk.equals(cert.publicKey), 'the JWK is the certificate\'s key');
	});

	it('signJwt: an RS256 JWS with typ, alg, x5t and kid that verifies with the JWK (jose) and with Node\'s crypto', async () => {
		const token = signJwt(key, { iss: ISSUER, exp: Math.floor(now.getTime() / 1000) + 60, hello: 'world' });
		assert.deepEqual(part(token, 0), { typ: 'JWT', alg: 'RS256', x5t: key.x5t, kid: key.kid });
		assert.equal((await verifyJwk(token)).hello, 'world');
		const [h, p, s] = token.split('.');
		assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), key.publicKey, Buffer.from(s, 'base64url')));
		assert.ok(verifiesWithKey(key, decodeJwt(token)));
	});

	it('verifiesWithKey: false for another alg in the header, a changed payload, or a signature that is not one', () => {
		const token = signJwt(key, { a: 1 });
		const [, p, s] = token.split('.');
		// The same RS256 signature under a header that claims PS256: not this sandbox's token.
		const psHeader = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'PS256', x5t: key.x5t, kid: key.kid })).toString('base64url');
		const resigned = `${psHeader}.${p}.${sign('sha256', Buffer.from(`${psHeader}.${p}`), key.privateKey).toString('base64url')}`;
		assert.equal(verifiesWithKey(key, decodeJwt(resigned)), false);
		const pss = `${psHeader}.${p}.${sign('sha256', Buffer.from(`${psHeader}.${p}`), { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url')}`;
		assert.equal(verifiesWithKey(key, decodeJwt(pss)), false);
		const changed = `${token.split('.')[0]}.${Buffer.from(JSON.stringify({ a: 2 })).toString('base64url')}.${s}`;
		assert.equal(verifiesWithKey(key, decodeJwt(changed)), false);
		assert.equal(verifiesWithKey(key, decodeJwt(`${token.split('.').slice(0, 2).join('.')}.AAAA`)), false);
	});

	it('app-only access token: aud, iss, an hour from iat = nbf = now (seconds), azp, azpacr 2 for a certificate, idtyp app, oid = sub = a GUID for the client in this tenant, roles, tid, uti, ver', async () => {
		const token = issueAccessToken(key, ctx, { audience: API, clientId: CLIENT, credential: 'certificate', roles: ['Orders.Read.All'] });
		const c = await verifyJwk(token);
		const s = Math.floor(now.getTime() / 1000);
		assert.deepEqual([c.aud, c.iss, c.iat, c.nbf, c.exp, c.azp, c.azpacr, c.idtyp, c.tid, c.ver], [API, ISSUER, s, s, s + 3600, CLIENT, '2', 'app', TENANT, '2.0']);
		assert.equal(TOKEN_LIFETIME_SECONDS, 3600);
		assert.deepEqual(c.roles, ['Orders.Read.All']);
		assert.match(String(c.oid), GUID_V4);
		assert.equal(c.sub, c.oid);
		assert.equal(c.scp, undefined);
		assert.equal(c.name, undefined);
		assert.match(String(c.uti), /^[A-Za-z0-9_-]{22}$/, '16 random bytes');
		// The same client in the same tenant has the same service principal; another client or tenant another one.
		const again = part(issueAccessToken(key, ctx, { audience: 'x', clientId: CLIENT, credential: 'secret' }), 1);
		assert.equal(again.oid, c.oid);
		assert.equal(again.azpacr, '1', 'a secret is azpacr 1');
		assert.equal('roles' in again, false, 'no roles claim without roles');
		assert.equal('roles' in part(issueAccessToken(key, ctx, { audience: 'x', clientId: CLIENT, credential: 'secret', roles: [] }), 1), false);
		assert.notEqual(part(issueAccessToken(key, ctx, { audience: 'x', clientId: API, credential: 'secret' }), 1).oid, c.oid);
		assert.notEqual(part(issueAccessToken(key, { ...ctx, tenantId: '11111111-2222-4333-8444-555555555555' }, { audience: 'x', clientId: CLIENT, credential: 'secret' }), 1).oid, c.oid);
	});

	it('delegated access token: idtyp user, the user\'s name, oid and preferred_username, scp space-separated, a pairwise sub (per user and audience)', async () => {
		const token = issueAccessToken(key, ctx, { audience: API, clientId: CLIENT, credential: 'certificate', user: USER, scopes: ['Orders.Read', 'Orders.Write'] });
		const c = await verifyJwk(token);
		assert.deepEqual([c.idtyp, c.name, c.oid, c.preferred_username, c.scp, c.azp, c.tid], ['user', USER.name, USER.oid, USER.preferredUsername, 'Orders.Read Orders.Write', CLIENT, TENANT]);
		assert.equal(c.roles, undefined);
		assert.match(String(c.sub), /^[A-Za-z0-9_-]{43}$/);
		assert.notEqual(c.sub, USER.oid, 'sub is not the oid');
		const sub = (audience: string, oid = USER.oid) => part(issueAccessToken(key, ctx, { audience, clientId: CLIENT, credential: 'secret', user: { ...USER, oid } }), 1).sub;
		assert.equal(sub(API), c.sub, 'stable for the same user and audience');
		assert.equal(sub(API.toUpperCase(), USER.oid.toUpperCase()), c.sub, 'GUIDs in any case');
		assert.notEqual(sub(GRAPH_APP_ID), c.sub, 'another audience, another sub');
		assert.notEqual(sub(API, '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02'), c.sub, 'another user, another sub');
		assert.equal(part(issueAccessToken(key, ctx, { audience: API, clientId: CLIENT, credential: 'secret', user: USER }), 1).scp, '', 'no scopes: an empty scp');
	});

	it('a Graph-style token: a header nonce, and a signature over the header with base64url(SHA-256(nonce)) instead', () => {
		const token = issueAccessToken(key, ctx, { audience: GRAPH_APP_ID, clientId: CLIENT, credential: 'secret', user: USER, scopes: ['User.Read'], graph: true });
		const header = part(token, 0);
		assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'nonce', 'typ', 'x5t']);
		assert.deepEqual([header.alg, header.kid, header.x5t, header.typ], ['RS256', key.kid, key.x5t, 'JWT']);
		assert.match(String(header.nonce), /^[A-Za-z0-9_-]{43}$/, '32 random bytes');
		assert.equal(verifiesWithKey(key, decodeJwt(token)), false, 'does not verify as it stands');
		const [, p, s] = token.split('.');
		const transformed = createHash('sha256').update(String(header.nonce)).digest('base64url');
		assert.equal(graphNonceTransform(String(header.nonce)), transformed);
		const h2 = Buffer.from(JSON.stringify({ ...header, nonce: transformed })).toString('base64url');
		assert.ok(verify('sha256', Buffer.from(`${h2}.${p}`), key.publicKey, Buffer.from(s, 'base64url')), 'verifies after the transform');
		assert.notEqual(part(issueAccessToken(key, ctx, { audience: GRAPH_APP_ID, clientId: CLIENT, credential: 'secret', graph: true }), 0).nonce, header.nonce, 'a new nonce per token');
		assert.equal(part(issueAccessToken(key, ctx, { audience: API, clientId: CLIENT, credential: 'secret' }), 0).nonce, undefined);
	});

	it('ID token: aud = client, the user, the nonce only when the request had one, a pairwise sub for the client', async () => {
		const token = issueIdToken(key, ctx, { clientId: CLIENT, user: USER, nonce: 'n-123' });
		const c = await verifyJwk(token);
		const s = Math.floor(now.getTime() / 1000);
		assert.deepEqual([c.aud, c.iss, c.iat, c.nbf, c.exp, c.name, c.nonce, c.oid, c.preferred_username, c.tid, c.ver], [CLIENT, ISSUER, s, s, s + 3600, USER.name, 'n-123', USER.oid, USER.preferredUsername, TENANT, '2.0']);
		assert.match(String(c.uti), /^[A-Za-z0-9_-]{22}$/);
		const access = part(issueAccessToken(key, ctx, { audience: CLIENT, clientId: CLIENT, credential: 'secret', user: USER }), 1);
		assert.equal(c.sub, access.sub, 'the same pairwise sub as a token whose audience is the client');
		assert.notEqual(c.sub, part(issueIdToken(key, ctx, { clientId: API, user: USER }), 1).sub);
		assert.equal('nonce' in part(issueIdToken(key, ctx, { clientId: CLIENT, user: USER }), 1), false);
		assert.equal(part(issueIdToken(key, ctx, { clientId: CLIENT, user: USER, nonce: '' }), 1).nonce, '', 'an empty nonce is still the request\'s nonce');
	});

	it('uti is unique across many tokens (its random pool is refilled)', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 600; i++) {
			const u = String(part(signJwtLike(i), 1).uti);
			assert.match(u, /^[A-Za-z0-9_-]{22}$/);
			seen.add(u);
		}
		assert.equal(seen.size, 600);
		function signJwtLike(i: number): string {
			return i % 2 === 0 ? issueIdToken(key, ctx, { clientId: CLIENT, user: USER }) : issueAccessToken(key, ctx, { audience: API, clientId: CLIENT, credential: 'secret' });
		}
	});

	it('derivedGuid: a version-4-shaped GUID, stable for the same parts, different for other parts', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 200; i++) {
			const g = derivedGuid('service-principal', TENANT, String(i));
			assert.match(g, GUID_V4);
			assert.equal(derivedGuid('service-principal', TENANT, String(i)), g);
			seen.add(g);
		}
		assert.equal(seen.size, 200);
		assert.notEqual(derivedGuid('a', 'b'), derivedGuid('ab'));
		// The variant nibble takes all four values 8, 9, a, b over enough inputs (two bits of the hash).
		assert.deepEqual([...new Set([...seen].map((g) => g[19]))].sort(), ['8', '9', 'a', 'b']);
	});

	it('client_info: base64url of {uid, utid}, as MSAL reads it', () => {
		assert.deepEqual(JSON.parse(Buffer.from(clientInfo(USER.oid, TENANT), 'base64url').toString('utf8')), { uid: USER.oid, utid: TENANT });
		assert.doesNotMatch(clientInfo(USER.oid, TENANT), /[+/=]/);
	});
});
