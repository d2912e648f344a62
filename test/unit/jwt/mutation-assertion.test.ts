/**
 * Client assertion signing (src/core/jwt/assertion.ts) at the edges the main assertion test leaves: which keys Entra
 * accepts for which algorithm (RSA-PSS-only keys, EC, short RSA), input trimmed or refused (algorithm, client ID,
 * audience, tenant, jti), and the mismatch refusal naming the certificate. Assertions are verified with Node's crypto.
 */
import * as assert from 'node:assert/strict';
import { constants, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../../src/core/errors';
import { checkAssertionKey, signClientAssertion } from '../../../src/core/jwt/assertion';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

const NOW = new Date('2026-11-05T10:00:00Z');
const APP = '33333333-3333-3333-3333-333333333333';
const code = (c: string, ...facts: RegExp[]) => (e: unknown) => e instanceof CoreError && e.code === c && facts.every((f) => f.test(e.message));
const part = (jwt: string, i: number) => JSON.parse(Buffer.from(jwt.split('.')[i], 'base64url').toString()) as Record<string, unknown>;

describe('jwt assertion: keys Entra accepts', function () {
	this.timeout(60000);
	it('RSA of 2048 bits or more, for either algorithm; the size is returned', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		assert.equal(checkAssertionKey(privateKey), 2048);
		assert.equal(checkAssertionKey(privateKey, 'RS256'), 2048);
	});
	it('an RSA-PSS-only key signs PS256, not RS256', () => {
		const { privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
		assert.equal(checkAssertionKey(privateKey, 'PS256'), 2048);
		assert.throws(() => checkAssertionKey(privateKey, 'RS256'), code('ERR_KEY_UNSUPPORTED', /an RSA-PSS-only key, which cannot sign RS256/, /only RSA keys/));
	});
	it('EC and Ed25519 keys are refused, naming the type', () => {
		assert.throws(() => checkAssertionKey(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey), code('ERR_KEY_UNSUPPORTED', /^The key is an EC key; Microsoft Entra ID currently supports only RSA keys/));
		assert.throws(() => checkAssertionKey(generateKeyPairSync('ed25519').privateKey, 'RS256'), code('ERR_KEY_UNSUPPORTED', /an ED25519 key/));
	});
	it('RSA under 2048 bits is refused with the size and AADSTS700027', () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
		assert.throws(() => checkAssertionKey(privateKey), code('ERR_KEY_UNSUPPORTED', /has 1024 bits; Entra rejects keys under 2048 bits \(AADSTS700027 "RSA key size 1024 is less than the minimum required 2048 bits"\)/));
	});
});

describe('jwt assertion: options', function () {
	this.timeout(60000);
	let key: KeyObject;
	let pkcs8: Uint8Array;
	let der: Uint8Array;
	let otherPkcs8: Uint8Array;
	before(() => {
		const dir = tempDir('eck-assert-');
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		key = pair.privateKey;
		pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
		writeFileSync(join(dir, 'k.pem'), key.export({ type: 'pkcs8', format: 'pem' }));
		openssl(['req', '-x509', '-key', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=signer/O=Contoso', '-days', '3']);
		der = new Uint8Array(opensslBytes(['x509', '-in', join(dir, 'c.pem'), '-outform', 'DER']));
		otherPkcs8 = new Uint8Array(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'der' }));
	});
	const base = () => ({ certificateDer: der, privateKeyPkcs8: pkcs8, clientId: APP, tenant: 'contoso.onmicrosoft.com', now: NOW });

	it('client ID, audience and tenant are trimmed; a given jti is used', async () => {
		const a = await signClientAssertion({ ...base(), clientId: `  ${APP}\n`, audience: '  https://login.example.test/t/oauth2/v2.0/token  ', jti: 'my-jti' });
		const p = part(a, 1);
		assert.equal(p.iss, APP);
		assert.equal(p.sub, APP);
		assert.equal(p.aud, 'https://login.example.test/t/oauth2/v2.0/token');
		assert.equal(p.jti, 'my-jti');
		const [h, c, s] = a.split('.');
		assert.ok(verify('sha256', Buffer.from(`${h}.${c}`), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(s, 'base64url')));
		const t = await signClientAssertion({ ...base(), tenant: ' contoso.onmicrosoft.com ' });
		assert.equal(part(t, 1).aud, 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token');
	});

	it('an algorithm other than PS256 or RS256 is refused, naming it', async () => {
		await assert.rejects(signClientAssertion({ ...base(), alg: 'HS256' as 'PS256' }), code('ERR_INVALID_OPTION', /The algorithm 'HS256' is not supported for client assertions/));
	});

	it('an audience must be an http(s) URL with a host', async () => {
		for (const audience of ['ftp://login.example.test/x', 'login.example.test/x', 'https://', 'xhttps://login.example.test', 'https:// space.test', '']) {
			await assert.rejects(signClientAssertion({ ...base(), audience }), code('ERR_INVALID_OPTION', /is not a URL; use the token endpoint/), audience);
		}
		assert.ok(await signClientAssertion({ ...base(), audience: 'HTTP://127.0.0.1:5000/t/oauth2/v2.0/token' }));
	});

	it('no tenant (missing or blank) and no audience is refused; a blank tenant with an audience is fine', async () => {
		await assert.rejects(signClientAssertion({ ...base(), tenant: undefined }), code('ERR_INVALID_OPTION', /No tenant given/));
		await assert.rejects(signClientAssertion({ ...base(), tenant: '   ' }), code('ERR_INVALID_OPTION', /No tenant given/));
		assert.ok(await signClientAssertion({ ...base(), tenant: '  ', audience: 'https://login.example.test/x' }));
	});

	it('an empty jti is refused', async () => {
		await assert.rejects(signClientAssertion({ ...base(), jti: '' }), code('ERR_INVALID_OPTION', /The jti is empty/));
	});

	it('unreadable key and certificate bytes are refused with their causes', async () => {
		await assert.rejects(signClientAssertion({ ...base(), privateKeyPkcs8: new Uint8Array([1, 2, 3]) }), (e: unknown) => code('ERR_KEY_UNREADABLE', /PKCS#8 DER/)(e) && (e as Error).cause instanceof Error);
		await assert.rejects(signClientAssertion({ ...base(), certificateDer: new Uint8Array([1, 2, 3]) }), (e: unknown) => code('ERR_CERT_UNREADABLE', /not DER-encoded X\.509/)(e) && (e as Error).cause instanceof Error);
	});

	it('a key of another certificate is refused, naming the certificate\'s subject on one line', async () => {
		await assert.rejects(signClientAssertion({ ...base(), privateKeyPkcs8: otherPkcs8 }), code('ERR_KEY_MISMATCH', /does not belong to the certificate 'CN=signer, O=Contoso'/, /AADSTS700027/));
	});

	it('signing again with the same pair, in either algorithm, gives valid assertions', async () => {
		for (const alg of ['PS256', 'RS256', 'PS256'] as const) {
			const a = await signClientAssertion({ ...base(), alg });
			const [h, c, s] = a.split('.');
			const ok = alg === 'RS256' ? verify('sha256', Buffer.from(`${h}.${c}`), key, Buffer.from(s, 'base64url')) : verify('sha256', Buffer.from(`${h}.${c}`), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(s, 'base64url'));
			assert.ok(ok, alg);
			assert.equal(part(a, 0).alg, alg);
		}
		// and a mismatched key is still refused after the pair was cached
		await assert.rejects(signClientAssertion({ ...base(), privateKeyPkcs8: otherPkcs8, alg: 'RS256' }), code('ERR_KEY_MISMATCH'));
	});
});
