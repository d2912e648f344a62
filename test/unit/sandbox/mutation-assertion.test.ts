/**
 * The sandbox's client assertion check called directly (no HTTP): each rule of entra-rules §1 and §5 at its edge.
 * Certificates and their validity dates come from openssl; assertions are signed with Node's crypto (not the kit's
 * signer). Written for the mutation run (issue 10): each case is a behaviour the sandbox must keep.
 */
import assert from 'node:assert/strict';
import { constants, createHash, createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { indexApps, type AppEntry, type RegisteredCertificate } from '../../../src/sandbox/apps';
import { ASSERTION_SKEW_SECONDS, checkClientAssertion, type AssertionCheck } from '../../../src/sandbox/assertion';
import { SandboxError } from '../../../src/sandbox/errors';
import { openssl, type OpensslCert } from '../helpers/openssl';
import { cachedCert } from './mutation-material';

const CLIENT = '0f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b';
const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const ENDPOINT = `http://127.0.0.1:43123/${TENANT}/oauth2/v2.0/token`;

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWS over header.payload with Node's crypto: RSxxx (PKCS#1 v1.5) or PSxxx (PSS, salt = hash length). */
function jws(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject, alg = String(header.alg)): string {
	const input = `${b64(header)}.${b64(payload)}`;
	const bits = alg.slice(2);
	const hash = `sha${bits}`;
	const sig = alg.startsWith('PS') ? sign(hash, Buffer.from(input), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 }) : sign(hash, Buffer.from(input), key);
	return `${input}.${sig.toString('base64url')}`;
}

/** notBefore / notAfter as openssl prints them. */
function opensslDates(c: OpensslCert): { notBefore: Date; notAfter: Date } {
	const out = openssl(['x509', '-in', c.certPath, '-noout', '-startdate', '-enddate']);
	const get = (name: string) => new Date((new RegExp(`${name}=(.+)`).exec(out) as RegExpExecArray)[1].trim());
	return { notBefore: get('notBefore'), notAfter: get('notAfter') };
}

/** "MM/DD/YYYY HH:mm:ss" in UTC, written out independently of the sandbox. */
function usDate(d: Date): string {
	const iso = d.toISOString(); // YYYY-MM-DDTHH:mm:ss.sssZ
	return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
}

const x5tOf = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');

function expectError(f: () => unknown, status: number, error: string, code: number, text?: RegExp): SandboxError {
	try {
		f();
	} catch (e) {
		assert.ok(e instanceof SandboxError, `a SandboxError, not ${String(e)}`);
		assert.deepEqual([e.status, e.error, e.code], [status, error, code], e.message);
		if (text) {
			assert.match(e.text, text);
		}
		return e;
	}
	assert.fail(`expected AADSTS${code}, got success`);
}

describe('sandbox client assertion rules (direct)', function () {
	this.timeout(60000);
	let rsa: OpensslCert;
	let rsaKey: KeyObject;
	let dates: { notBefore: Date; notAfter: Date };
	let other: OpensslCert;
	let ec: OpensslCert;
	let small: OpensslCert;
	let entry: AppEntry;
	let mid: Date;

	before(() => {
		rsa = cachedCert('assert-rsa');
		rsaKey = createPrivateKey(rsa.keyPem);
		dates = opensslDates(rsa);
		other = cachedCert('assert-other');
		ec = cachedCert('assert-ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
		small = cachedCert('assert-small', ['-newkey', 'rsa:1024']);
		const index = indexApps([{ appId: CLIENT, displayName: 'Assert App', certificates: [rsa.der, ec.der, small.der], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris: [] }]);
		entry = index.entries[0];
		mid = new Date((dates.notBefore.getTime() + dates.notAfter.getTime()) / 2);
	});

	const check = (assertion: string, over: Partial<AssertionCheck> = {}): RegisteredCertificate =>
		checkClientAssertion(assertion, { entry, clientId: CLIENT, audiences: new Set([ENDPOINT.toLowerCase()]), expectedAudience: ENDPOINT, now: mid, ...over });

	/** Claims of a good assertion signed at `at`. */
	const claimsAt = (at: Date, over: Record<string, unknown> = {}) => {
		const s = Math.floor(at.getTime() / 1000);
		return { aud: ENDPOINT, iss: CLIENT, sub: CLIENT, jti: randomUUID(), nbf: s, iat: s, exp: s + 600, ...over };
	};
	const rs256 = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) => jws({ alg: 'RS256', typ: 'JWT', x5t: x5tOf(rsa.sha1Hex), ...header }, payload, rsaKey, 'RS256');

	describe('header and signature', () => {
		it('accepts RS256/384/512 with x5t and PS256/384/512 with x5t#S256, returning the certificate openssl fingerprinted', () => {
			for (const alg of ['RS256', 'RS384', 'RS512']) {
				const c = check(jws({ alg, typ: 'JWT', x5t: x5tOf(rsa.sha1Hex) }, claimsAt(mid), rsaKey));
				assert.equal(c.sha1Hex, rsa.sha1Hex, alg);
			}
			for (const alg of ['PS256', 'PS384', 'PS512']) {
				const c = check(jws({ alg, typ: 'JWT', 'x5t#S256': x5tOf(rsa.sha256Hex) }, claimsAt(mid), rsaKey));
				assert.equal(c.sha256Hex, rsa.sha256Hex, alg);
			}
		});

		it('a PSS signature under an RS alg (or PKCS#1 under PS) does not verify: 700027 signature mismatch', () => {
			const pssAsRs = jws({ alg: 'RS256', typ: 'JWT', x5t: x5tOf(rsa.sha1Hex) }, claimsAt(mid), rsaKey, 'PS256');
			expectError(() => check(pssAsRs), 401, 'invalid_client', 700027, /did not match the expected signature value/);
			const rsAsPs = jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tOf(rsa.sha256Hex) }, claimsAt(mid), rsaKey, 'RS256');
			expectError(() => check(rsAsPs), 401, 'invalid_client', 700027, /did not match/);
			// PS384 needs a 48-byte salt (RFC 7518 §3.5): a 32-byte salt fails.
			const input = `${b64({ alg: 'PS384', typ: 'JWT', x5t: x5tOf(rsa.sha1Hex) })}.${b64(claimsAt(mid))}`;
			const shortSalt = `${input}.${sign('sha384', Buffer.from(input), { key: rsaKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }).toString('base64url')}`;
			expectError(() => check(shortSalt), 401, 'invalid_client', 700027, /did not match/);
		});

		it('x5t#S256 is used when both thumbprints are sent (a wrong x5t beside it does not matter)', () => {
			const c = check(jws({ alg: 'PS256', typ: 'JWT', x5t: x5tOf(other.sha1Hex), 'x5t#S256': x5tOf(rsa.sha256Hex) }, claimsAt(mid), rsaKey));
			assert.equal(c.sha256Hex, rsa.sha256Hex);
		});

		it('padded standard base64 in x5t is read too (MSAL Python pads; entra-rules: Entra is lenient)', () => {
			const padded = Buffer.from(rsa.sha1Hex, 'hex').toString('base64');
			assert.match(padded, /=$/);
			assert.equal(check(rs256(claimsAt(mid), { x5t: padded })).sha1Hex, rsa.sha1Hex);
		});

		it('signed by another key: 700027 with the reported thumbprint and the registered key\'s dates as Entra prints them', () => {
			const bad = jws({ alg: 'RS256', typ: 'JWT', x5t: x5tOf(rsa.sha1Hex) }, claimsAt(mid), createPrivateKey(other.keyPem));
			const e = expectError(() => check(bad), 401, 'invalid_client', 700027, /^Client assertion failed signature validation\. \[Reason - The provided signature value did not match the expected signature value\., /);
			assert.ok(e.text.includes(`Thumbprint of key used by client: '${rsa.sha1Hex}'`), e.text);
			assert.match(e.text, /\(Entra Cert Kit sandbox: the assertion was not signed by the private key of the certificate its header names\)$/);
			assert.ok(e.text.includes(`Found key 'Start=${usDate(dates.notBefore)}, End=${usDate(dates.notAfter)}'`), e.text);
			assert.ok(e.text.includes(`configured keys for app Id '${CLIENT}'`), e.text);
		});

		it('no x5t or x5t#S256: 5002723 (and a note about kid when only kid is sent)', () => {
			const none = expectError(() => check(jws({ alg: 'RS256', typ: 'JWT' }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 5002723, /nor keyId specified in token header/);
			assert.equal(none.text, 'Invalid JWT token. No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.');
			expectError(() => check(jws({ alg: 'RS256', typ: 'JWT', kid: rsa.sha1Hex }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 5002723, /the header has only kid/);
			// A thumbprint that is not a string counts as absent.
			expectError(() => check(jws({ alg: 'RS256', typ: 'JWT', x5t: 12345, 'x5t#S256': null }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 5002723);
		});

		it('an x5t that is not base64: 700027 key not found, with an empty thumbprint', () => {
			const e = expectError(() => check(rs256(claimsAt(mid), { x5t: 'not base64!' })), 401, 'invalid_client', 700027, /The key was not found/);
			assert.ok(e.text.includes("Thumbprint of key used by client: ''"), e.text);
			assert.match(e.text, /the x5t header 'not base64!' is not base64url/);
			assert.doesNotMatch(e.text, /Found key/);
			// A long value is quoted only in part (80 characters).
			const long = expectError(() => check(rs256(claimsAt(mid), { x5t: '!'.repeat(200) })), 401, 'invalid_client', 700027);
			assert.ok(long.text.includes(`header '${'!'.repeat(80)}' is not`), long.text);
		});

		it('an unknown thumbprint: 700027 naming the hex Entra computes, with a note saying why it did not match', () => {
			const unknown = expectError(() => check(rs256(claimsAt(mid), { x5t: x5tOf(other.sha1Hex) })), 401, 'invalid_client', 700027, /The key was not found/);
			assert.ok(unknown.text.includes(`'${other.sha1Hex}'`));
			assert.match(unknown.text, /no certificate with this SHA-1 thumbprint is registered on app 'Assert App' \(3 registered\)/);
			const unknown256 = expectError(() => check(jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tOf(other.sha256Hex) }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 700027);
			assert.match(unknown256.text, /no certificate with this SHA-256 thumbprint/);
			// A SHA-256 digest under x5t (entra-rules: fails with 700027).
			const sha256InX5t = expectError(() => check(rs256(claimsAt(mid), { x5t: x5tOf(rsa.sha256Hex) })), 401, 'invalid_client', 700027);
			assert.match(sha256InX5t.text, /the x5t holds 32 bytes, a SHA-256 digest/);
			// A truncated thumbprint.
			const short = expectError(() => check(rs256(claimsAt(mid), { x5t: x5tOf(rsa.sha1Hex.slice(0, 14)) })), 401, 'invalid_client', 700027);
			assert.match(short.text, /the x5t decodes to 7 bytes; a SHA-1 thumbprint has 20/);
			const short256 = expectError(() => check(jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': x5tOf(rsa.sha256Hex.slice(0, 20)) }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 700027);
			assert.match(short256.text, /the x5t#S256 decodes to 10 bytes; a SHA-256 thumbprint has 32/);
		});

		it('hex thumbprint text base64-encoded, or put in verbatim: the note names the mistake (and says when the hex is registered)', () => {
			const asText = (hex: string) => Buffer.from(hex, 'latin1').toString('base64url');
			const registered = expectError(() => check(rs256(claimsAt(mid), { x5t: asText(rsa.sha1Hex.toLowerCase()) })), 401, 'invalid_client', 700027);
			assert.match(registered.text, /decodes to 40 bytes of ASCII text '[0-9a-f]{40}': the hex thumbprint text was base64-encoded instead of its bytes, and that hex names a certificate registered on this app/);
			const notRegistered = expectError(() => check(rs256(claimsAt(mid), { x5t: asText('AB'.repeat(20)) })), 401, 'invalid_client', 700027);
			assert.match(notRegistered.text, /was base64-encoded instead of its bytes\. Send base64url of the 20 hash bytes/);
			const s256 = expectError(() => check(jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': asText(rsa.sha256Hex) }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 700027);
			assert.match(s256.text, /x5t#S256 decodes to 64 bytes of ASCII text .*, and that hex names a certificate registered on this app\. Send base64url of the 32 hash bytes/);
			// 40 hex digits that are also valid base64url: read as base64 they give 30 bytes.
			const verbatim = expectError(() => check(rs256(claimsAt(mid), { x5t: rsa.sha1Hex })), 401, 'invalid_client', 700027);
			assert.match(verbatim.text, /the x5t is the hex thumbprint put in verbatim; send base64url of its 20 bytes/);
			// Hex text of another length is not taken for a thumbprint written the wrong way.
			const shortText = expectError(() => check(rs256(claimsAt(mid), { x5t: asText('ABCD') })), 401, 'invalid_client', 700027);
			assert.match(shortText.text, /the x5t decodes to 4 bytes; a SHA-1 thumbprint has 20/);
			const shortHex = expectError(() => check(rs256(claimsAt(mid), { x5t: 'ABCDEF12' })), 401, 'invalid_client', 700027);
			assert.match(shortHex.text, /the x5t decodes to 6 bytes; a SHA-1 thumbprint has 20/);
			const verbatim256 = expectError(() => check(jws({ alg: 'PS256', typ: 'JWT', 'x5t#S256': rsa.sha256Hex }, claimsAt(mid), rsaKey)), 401, 'invalid_client', 700027);
			assert.match(verbatim256.text, /the x5t#S256 is the hex thumbprint put in verbatim; send base64url of its 32 bytes/);
		});

		it('an alg the sandbox does not verify (HS256, none, ES256) → 5002730 naming it', () => {
			expectError(() => check(rs256(claimsAt(mid), { alg: 'HS256' })), 401, 'invalid_client', 5002730, /alg is 'HS256'/);
			expectError(() => check(rs256(claimsAt(mid), { alg: undefined })), 401, 'invalid_client', 5002730, /alg is '\(none\)'/);
			expectError(() => check(rs256(claimsAt(mid), { alg: 256 })), 401, 'invalid_client', 5002730, /alg is '\(none\)'/);
			expectError(() => check(rs256(claimsAt(mid), { alg: 'ES256' })), 401, 'invalid_client', 5002730, /use PS256 \(with x5t#S256\) or RS256 \(with x5t\)/);
		});

		it('a registered EC key → 5002730 (Entra supports only RSA); a 1024-bit RSA key → 700027 key size', () => {
			const ecKey = createPrivateKey(ec.keyPem);
			const input = `${b64({ alg: 'ES256', typ: 'JWT', x5t: x5tOf(ec.sha1Hex) })}.${b64(claimsAt(mid))}`;
			const ecJws = `${input}.${sign('sha256', Buffer.from(input), { key: ecKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
			expectError(() => check(ecJws), 401, 'invalid_client', 5002730, /has an EC key; Microsoft Entra ID currently supports only RSA/);
			const smallJws = jws({ alg: 'RS256', typ: 'JWT', x5t: x5tOf(small.sha1Hex) }, claimsAt(mid), createPrivateKey(small.keyPem));
			const e = expectError(() => check(smallJws), 401, 'invalid_client', 700027);
			assert.equal(e.text, `RSA key size 1024 is less than the minimum required 2048 bits. Thumbprint of key used by client: '${small.sha1Hex}'.`);
		});

		it('not a compact JWS → invalid_request 50027', () => {
			expectError(() => check('not.a-jwt'), 400, 'invalid_request', 50027, /^JWT token is invalid or malformed\. \(Entra Cert Kit sandbox: client_assertion is not a compact JWS/);
		});
	});

	describe('the registered certificate\'s validity (openssl\'s dates)', () => {
		it('valid through notAfter inclusive (RFC 5280); one second later: 700027 "The key used is expired." with the key\'s dates', () => {
			const at = dates.notAfter;
			assert.equal(check(rs256(claimsAt(at)), { now: at }).sha1Hex, rsa.sha1Hex);
			const after = new Date(at.getTime() + 1000);
			const e = expectError(() => check(rs256(claimsAt(after)), { now: after }), 401, 'invalid_client', 700027, /Reason - The key used is expired\./);
			assert.ok(e.text.includes(`Found key 'Start=${usDate(dates.notBefore)}, End=${usDate(dates.notAfter)}'`), e.text);
			assert.ok(e.text.endsWith('if you are not using the global cloud.]'), `no note after Entra's text: ${e.text}`);
		});

		it('before notBefore: accepted within the clock skew, "not yet valid" beyond it', () => {
			const skew = ASSERTION_SKEW_SECONDS * 1000;
			const early = new Date(dates.notBefore.getTime() - skew);
			assert.equal(check(rs256(claimsAt(early)), { now: early }).sha1Hex, rsa.sha1Hex);
			const tooEarly = new Date(early.getTime() - 1000);
			expectError(() => check(rs256(claimsAt(tooEarly)), { now: tooEarly }), 401, 'invalid_client', 700027, /The key used is not yet valid\..*notBefore is in the future/);
			// With no skew, one second before notBefore is already too early.
			const justBefore = new Date(dates.notBefore.getTime() - 1000);
			expectError(() => check(rs256(claimsAt(justBefore)), { now: justBefore, skewSeconds: 0 }), 401, 'invalid_client', 700027, /not yet valid/);
			assert.equal(check(rs256(claimsAt(dates.notBefore)), { now: dates.notBefore, skewSeconds: 0 }).sha1Hex, rsa.sha1Hex);
		});
	});

	describe('claims', () => {
		it('aud: an array → invalid_request 50027; another endpoint → 700023; compared without regard to case', () => {
			expectError(() => check(rs256(claimsAt(mid, { aud: [ENDPOINT] }))), 400, 'invalid_request', 50027, new RegExp(`aud is an array; send one string, '${ENDPOINT.replace(/[.]/g, '\\.')}'`));
			expectError(() => check(rs256(claimsAt(mid, { aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }))), 401, 'invalid_client', 700023, /does not match Realm issuer/);
			expectError(() => check(rs256(claimsAt(mid, { aud: undefined }))), 401, 'invalid_client', 700023, /aud is '\(none\)'/);
			expectError(() => check(rs256(claimsAt(mid, { aud: 42 }))), 401, 'invalid_client', 700023);
			// Host names and the tenant GUID are case-insensitive.
			assert.ok(check(rs256(claimsAt(mid, { aud: ENDPOINT.replace('http:', 'HTTP:').replace(TENANT, TENANT.toUpperCase()) }))));
		});

		it('iss ≠ sub → 50048; iss = sub ≠ client_id → 700021; the GUIDs compare without regard to case', () => {
			const other = randomUUID();
			expectError(() => check(rs256(claimsAt(mid, { sub: other }))), 401, 'invalid_client', 50048, new RegExp(`^Subject mismatches Issuer claim in the client assertion\\. \\(Entra Cert Kit sandbox: iss is '${CLIENT}', sub is '${other}'; both must be the client ID\\)$`));
			expectError(() => check(rs256(claimsAt(mid, { iss: undefined }))), 401, 'invalid_client', 50048);
			const someone = randomUUID();
			expectError(() => check(rs256(claimsAt(mid, { iss: someone, sub: someone }))), 401, 'invalid_client', 700021, new RegExp(`iss/sub is '${someone}', client_id is '${CLIENT}'`));
			expectError(() => check(rs256(claimsAt(mid, { iss: 7, sub: 7 }))), 401, 'invalid_client', 700021);
			assert.ok(check(rs256(claimsAt(mid, { iss: CLIENT.toUpperCase(), sub: CLIENT }))));
			assert.ok(check(rs256(claimsAt(mid)), { clientId: CLIENT.toUpperCase() }));
		});

		it('exp is required (50027); numeric strings count (MSAL.NET sent strings); nbf and iat are optional', () => {
			expectError(() => check(rs256(claimsAt(mid, { exp: undefined }))), 400, 'invalid_request', 50027, /no valid exp\. \(Entra Cert Kit sandbox: every MSAL sends exp/);
			expectError(() => check(rs256(claimsAt(mid, { exp: [Math.floor(mid.getTime() / 1000) + 600] }))), 400, 'invalid_request', 50027, /no valid exp/);
			expectError(() => check(rs256(claimsAt(mid, { exp: 'soon' }))), 400, 'invalid_request', 50027);
			expectError(() => check(rs256(claimsAt(mid, { exp: '1e12' }))), 400, 'invalid_request', 50027);
			const s = Math.floor(mid.getTime() / 1000);
			assert.ok(check(rs256(claimsAt(mid, { nbf: String(s), exp: String(s + 600) }))));
			assert.ok(check(rs256(claimsAt(mid, { exp: `${s + 600}.25` }))));
			assert.ok(check(rs256(claimsAt(mid, { nbf: undefined, iat: undefined }))), 'MSAL Python sends no nbf, MSAL.NET no iat');
		});

		it('exp: accepted up to the skew after it, 700024 with .NET-style times beyond', () => {
			const s = Math.floor(mid.getTime() / 1000);
			const skew = ASSERTION_SKEW_SECONDS;
			const payload = claimsAt(mid, { nbf: s - 900, iat: s - 900, exp: s - skew });
			assert.ok(check(rs256(payload)), 'exactly the skew past exp');
			const late = { ...payload, exp: s - skew - 1 };
			const e = expectError(() => check(rs256(late)), 401, 'invalid_client', 700024);
			const net = (sec: number) => new Date(sec * 1000).toISOString().replace(/\.000Z$/, '.0000000Z');
			assert.ok(e.text.startsWith(`Client assertion is not within its valid time range. Current time: ${mid.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z')}, assertion valid from ${net(s - 900)}, expiry time of assertion ${net(s - skew - 1)}.`), e.text);
			// Without nbf, "valid from" is the iat; without either, it says so.
			const fromIat = expectError(() => check(rs256({ ...late, nbf: undefined })), 401, 'invalid_client', 700024);
			assert.ok(fromIat.text.includes(`valid from ${net(s - 900)},`), fromIat.text);
			const none = expectError(() => check(rs256({ ...late, nbf: undefined, iat: undefined })), 401, 'invalid_client', 700024);
			assert.ok(none.text.includes('valid from (no nbf),'), none.text);
			// A custom skew of 0: one second past exp is too late.
			expectError(() => check(rs256(claimsAt(mid, { nbf: s - 900, exp: s - 1 })), { skewSeconds: 0 }), 401, 'invalid_client', 700024);
			assert.ok(check(rs256(claimsAt(mid, { nbf: s - 900, exp: s })), { skewSeconds: 0 }));
		});

		it('nbf in the future: accepted within the skew, 700024 beyond', () => {
			const s = Math.floor(mid.getTime() / 1000);
			const skew = ASSERTION_SKEW_SECONDS;
			assert.ok(check(rs256(claimsAt(mid, { nbf: s + skew, exp: s + skew + 600 }))));
			const e = expectError(() => check(rs256(claimsAt(mid, { nbf: s + skew + 1, exp: s + skew + 600 }))), 401, 'invalid_client', 700024);
			assert.ok(e.text.includes(`valid from ${new Date((s + skew + 1) * 1000).toISOString().replace(/\.000Z$/, '.0000000Z')}`), e.text);
			expectError(() => check(rs256(claimsAt(mid, { nbf: s + 1, exp: s + 600 })), { skewSeconds: 0 }), 401, 'invalid_client', 700024);
		});
	});

	it('the SHA-256 index matches openssl\'s fingerprint (the lookup key is Entra\'s upper-case hex)', () => {
		assert.equal(createHash('sha256').update(rsa.der).digest('hex').toUpperCase(), rsa.sha256Hex);
		assert.equal(entry.bySha256.get(rsa.sha256Hex)?.sha1Hex, rsa.sha1Hex);
	});
});
