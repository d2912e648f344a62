/**
 * Client assertion rules, branch by branch: the algorithm, the thumbprint headers in each wrong shape (hex text, hex
 * put verbatim, standard base64, the other hash, a wrong length, not base64 at all), the match against the
 * workspace's certificates and manifests (another app's registration, an expired one, none), and the claims: iss, sub,
 * the client ID, aud against the endpoint the request goes to (host, version, tenant, the issuer form). Expected
 * values are computed with Node's Buffer and crypto, not by the code under test.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Finding } from '../../../src/core/findings';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import {
	assertionClaimFindings,
	assertionHeaderFindings,
	isEntraIssued,
	looksLikeClientAssertion,
	thumbprintHeaderFindings,
	workspaceOnlyNote,
} from '../../../src/core/diagnose/assertionRules';

const NOW = new Date('2026-11-30T12:00:00Z');
const S = Math.floor(NOW.getTime() / 1000);
const DAY = 86_400_000;
const CLIENT = 'b7e2f0a1-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const OTHER_APP = 'c8f3a1b2-4d5e-4f60-9b0c-1d2e3f4a5b6c';
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;

const codes = (fs: Finding[]) => fs.map((f) => f.code);
const byCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const one = (fs: Finding[], code: string) => {
	const got = byCode(fs, code);
	assert.equal(got.length, 1, `one ${code} in ${JSON.stringify(fs, null, 1)}`);
	return got[0];
};
const none = (fs: Finding[], code: string) => assert.equal(byCode(fs, code).length, 0, `no ${code} in ${codes(fs).join(', ')}`);
const ctx = (extra: Partial<DiagnoseContext> = {}): DiagnoseContext => ({ now: NOW, ...extra });

interface Cert {
	der: Buffer;
	sha1: string;
	sha256: string;
}
const cert = (): Cert => {
	const der = randomBytes(700);
	return { der, sha1: createHash('sha1').update(der).digest('hex').toUpperCase(), sha256: createHash('sha256').update(der).digest('hex').toUpperCase() };
};
const b64u = (hex: string) => Buffer.from(hex, 'hex').toString('base64url');
const fileOf = (c: Cert, label: string, notAfter = new Date(NOW.getTime() + 90 * DAY)) => ({ label, sha1Hex: c.sha1, sha256Hex: c.sha256, x5t: b64u(c.sha1), x5tS256: b64u(c.sha256), customKeyIdentifier: '', subject: 'CN=x', notBefore: new Date(0), notAfter });
const manifestOf = (label: string, appId: string, certs: Cert[], end = new Date(NOW.getTime() + 90 * DAY)) => ({
	label,
	text: JSON.stringify({ appId, displayName: label, keyCredentials: certs.map((c) => ({ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', endDateTime: end.toISOString(), key: c.der.toString('base64') })) }),
});

describe('assertion rules: each branch', () => {
	describe('the algorithm', () => {
		it('missing or none is unsigned; an elliptic curve is refused; anything but PS256 and RS256 is unsupported', () => {
			assert.match(one(assertionHeaderFindings({ x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-none').message, /alg '\(missing\)'/);
			assert.match(one(assertionHeaderFindings({ alg: 'NONE', x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-none').message, /alg 'NONE'/);
			for (const alg of ['ES256', 'es384', 'EdDSA']) {
				const f = one(assertionHeaderFindings({ alg, x5t: b64u(cert().sha1) }, ctx()), 'AADSTS5002730');
				assert.ok(f.message.startsWith(`The assertion is signed with ${alg},`), f.message);
			}
			assert.match(one(assertionHeaderFindings({ alg: 'HS256', x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-unsupported').message, /alg 'HS256'/);
			for (const alg of ['PS256', 'RS256']) {
				const fs = assertionHeaderFindings({ alg, 'x5t#S256': b64u(cert().sha256), x5t: b64u(cert().sha1) }, ctx());
				assert.deepEqual(fs.filter((f) => f.severity === 'error'), [], alg);
			}
		});

		it('MSAL pairs RS256 with x5t and PS256 with x5t#S256: the other pairings are noted, not refused', () => {
			const c = cert();
			const rs = one(assertionHeaderFindings({ alg: 'RS256', 'x5t#S256': b64u(c.sha256) }, ctx()), 'assertion-alg-thumbprint-pairing');
			assert.equal(rs.severity, 'info');
			assert.match(rs.message, /^RS256 with only x5t#S256/);
			const ps = one(assertionHeaderFindings({ alg: 'PS256', x5t: b64u(c.sha1) }, ctx()), 'assertion-alg-thumbprint-pairing');
			assert.match(ps.message, /^PS256 with only x5t \(SHA-1\)/);
			for (const header of [{ alg: 'PS256', 'x5t#S256': b64u(c.sha256) }, { alg: 'RS256', x5t: b64u(c.sha1) }, { alg: 'PS256', x5t: b64u(c.sha1), 'x5t#S256': b64u(c.sha256) }, { alg: 'RS256', x5t: b64u(c.sha1), 'x5t#S256': b64u(c.sha256) }]) {
				none(assertionHeaderFindings(header, ctx()), 'assertion-alg-thumbprint-pairing');
			}
		});
	});

	describe('which certificate the header names', () => {
		it('no thumbprint: an error; with a kid only a warning the sources leave open', () => {
			const bare = one(assertionHeaderFindings({ alg: 'PS256' }, ctx()), 'AADSTS5002723');
			assert.equal(bare.severity, 'error');
			assert.equal(bare.uncertain, undefined);
			assert.match(bare.message, /neither x5t nor x5t#S256: Entra answers AADSTS5002723/);
			const empty = one(assertionHeaderFindings({ alg: 'PS256', x5t: '', 'x5t#S256': '' }, ctx()), 'AADSTS5002723');
			assert.equal(empty.severity, 'error');
			const kid = one(assertionHeaderFindings({ alg: 'PS256', kid: 'my-key-1' }, ctx()), 'AADSTS5002723');
			assert.equal(kid.severity, 'warning');
			assert.equal(kid.uncertain, true);
			assert.match(kid.message, /^The header has kid 'my-key-1' but neither x5t nor x5t#S256/);
			none(assertionHeaderFindings({ alg: 'PS256', kid: 'my-key-1' }, ctx()), 'assertion-kid-guid');
		});

		it('a GUID kid looks like a keyCredential keyId: a warning even beside a thumbprint', () => {
			const keyId = randomUUID();
			const f = one(assertionHeaderFindings({ alg: 'PS256', kid: keyId, 'x5t#S256': b64u(cert().sha256) }, ctx()), 'assertion-kid-guid');
			assert.equal(f.severity, 'warning');
			assert.equal(f.uncertain, true);
			assert.ok(f.message.startsWith(`kid '${keyId}' looks like a keyCredential keyId`));
			none(assertionHeaderFindings({ alg: 'PS256', kid: keyId, 'x5t#S256': b64u(cert().sha256) }, ctx()), 'AADSTS5002723');
		});
	});

	describe('thumbprint shapes', () => {
		it('hex put verbatim: what Entra will decode and report, and the value to send instead', () => {
			const c = cert();
			const lower = c.sha1.toLowerCase();
			const f = one(thumbprintHeaderFindings('x5t', lower, ctx()), 'AADSTS700027');
			const reported = Buffer.from(lower, 'base64url').toString('hex').toUpperCase();
			assert.equal(f.severity, 'error');
			assert.equal(f.message, `x5t holds the hex thumbprint ${c.sha1} as text. Entra base64url-decodes it into 30 bytes and reports "Thumbprint of key used by client: '${reported}'" (60 hex digits).`);
			assert.equal(f.fix, `Send base64url of the hash bytes: x5t = ${b64u(c.sha1)}.`);
			const s = one(thumbprintHeaderFindings('x5t#S256', c.sha256, ctx()), 'AADSTS700027');
			assert.match(s.message, /into 48 bytes and reports .* \(96 hex digits\)\.$/);
			assert.equal(s.fix, `Send base64url of the hash bytes: x5t#S256 = ${b64u(c.sha256)}.`);
			// the fix follows the digest's length, whatever header it sat in
			assert.match(one(thumbprintHeaderFindings('x5t#S256', c.sha1, ctx()), 'AADSTS700027').fix, /: x5t = /);
		});

		it('base64 of the hex text: the bytes meant, the report Entra will give, and the right value', () => {
			const c = cert();
			const value = Buffer.from(c.sha1.toLowerCase(), 'utf8').toString('base64url');
			const fs = thumbprintHeaderFindings('x5t', value, ctx());
			const f = one(fs, 'AADSTS700027');
			const ascii = Buffer.from(c.sha1.toLowerCase(), 'utf8').toString('hex').toUpperCase();
			assert.equal(f.message, `x5t is base64 of the hex TEXT of a thumbprint (${c.sha1}), not of the 20 hash bytes. Entra will report an 80-digit "thumbprint of key used by client" made of ASCII codes (${ascii.slice(0, 16)}…).`);
			assert.equal(f.fix, `Decode the hex first: x5t = base64url(bytes.fromhex('${c.sha1}')) = ${b64u(c.sha1)}.`);
			const s = one(thumbprintHeaderFindings('x5t#S256', Buffer.from(c.sha256, 'utf8').toString('base64url'), ctx()), 'AADSTS700027');
			assert.match(s.message, /not of the 32 hash bytes\. Entra will report an 128-digit/);
			assert.ok(s.fix.startsWith(`Decode the hex first: x5t#S256 = base64url(bytes.fromhex('${c.sha256}'))`), s.fix);
		});

		it('standard base64 is a warning the sources disagree on, with the base64url to send; the digest is still checked', () => {
			// find a SHA-1 whose base64 has a + or / in it
			let c = cert();
			while (!/[+/]/.test(Buffer.from(c.sha1, 'hex').toString('base64'))) {
				c = cert();
			}
			const std = Buffer.from(c.sha1, 'hex').toString('base64');
			const fs = thumbprintHeaderFindings('x5t', std, ctx({ certificates: [fileOf(c, 'certs/app.pem')] }));
			const f = one(fs, 'thumbprint-standard-base64');
			assert.equal(f.severity, 'warning');
			assert.equal(f.uncertain, true);
			assert.ok(f.message.startsWith(`x5t '${std}' uses standard base64`));
			assert.equal(f.fix, `Send unpadded base64url: ${b64u(c.sha1)}.`);
			assert.match(one(fs, 'thumbprint-matches').message, /is certs\/app\.pem\./);
		});

		it('not base64 at all: an error naming the hash the header must carry', () => {
			const f = one(thumbprintHeaderFindings('x5t', 'abc$def!ghi', ctx()), 'AADSTS700027');
			assert.equal(f.message, "x5t 'abc$def!ghi' is not base64url.");
			assert.match(f.fix, /the SHA-1 hash bytes/);
			assert.match(one(thumbprintHeaderFindings('x5t#S256', 'abc$def!ghi', ctx()), 'AADSTS700027').fix, /the SHA-256 hash bytes/);
		});

		it('the other hash under a header, and a length that is no hash', () => {
			const c = cert();
			const s256InX5t = one(thumbprintHeaderFindings('x5t', b64u(c.sha256), ctx()), 'AADSTS700027');
			assert.equal(s256InX5t.message, 'x5t holds 32 bytes, a SHA-256 digest; x5t must carry the SHA-1 (20 bytes). Entra will not find the key.');
			assert.match(s256InX5t.fix, /^Put the SHA-256 digest under x5t#S256 instead, or compute the SHA-1 of the DER certificate for x5t\.$/);
			const s1InS256 = one(thumbprintHeaderFindings('x5t#S256', b64u(c.sha1), ctx()), 'AADSTS700027');
			assert.equal(s1InS256.message, 'x5t#S256 holds 20 bytes, a SHA-1 digest; x5t#S256 must carry the SHA-256 (32 bytes). Entra will not find the key.');
			assert.match(s1InS256.fix, /^Put the SHA-1 digest under x5t instead/);
			const odd = one(thumbprintHeaderFindings('x5t', randomBytes(16).toString('base64url'), ctx()), 'AADSTS700027');
			assert.equal(odd.message, 'x5t decodes to 16 bytes; a SHA-1 thumbprint has 20.');
			assert.equal(odd.fix, 'Send base64url of the SHA-1 hash of the DER certificate.');
		});

		it('the other hash is still looked up: a workspace certificate it names is said to be the one meant', () => {
			const c = cert();
			const fs = thumbprintHeaderFindings('x5t', b64u(c.sha256), ctx({ certificates: [fileOf(c, 'certs/app.pem')] }));
			const m = one(fs, 'thumbprint-matches');
			assert.equal(m.message, `The SHA-256 ${c.sha256} meant by x5t is certs/app.pem.`);
			assert.match(m.fix, /^Fix the encoding as described/);
		});
	});

	describe('the workspace keys', () => {
		it('no certificates or manifests: nothing is said about them', () => {
			assert.deepEqual(thumbprintHeaderFindings('x5t', b64u(cert().sha1), ctx()), []);
		});

		it('no match: a warning with files only, an error when manifests were given; counts named', () => {
			const c = cert();
			const files = one(thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(cert(), 'a.pem'), fileOf(cert(), 'b.pem')] })), 'AADSTS700027');
			assert.equal(files.severity, 'warning');
			assert.equal(files.message, `x5t names SHA-1 ${c.sha1}, which matches none of the 2 certificates and 0 manifest keys checked.`);
			const withManifest = one(thumbprintHeaderFindings('x5t#S256', b64u(c.sha256), ctx({ manifests: [manifestOf('api.json', CLIENT, [cert(), cert()])] })), 'AADSTS700027');
			assert.equal(withManifest.severity, 'error');
			assert.equal(withManifest.message, `x5t#S256 names SHA-256 ${c.sha256}, which matches none of the 0 certificates and 2 manifest keys checked.`);
			// a value already found wrongly encoded gets no second "no match" error
			const meant = thumbprintHeaderFindings('x5t', b64u(c.sha256), ctx({ certificates: [fileOf(cert(), 'a.pem')] }));
			assert.equal(byCode(meant, 'AADSTS700027').length, 1);
		});

		it('a file no manifest registers: the file is named and the missing registration is an error', () => {
			const c = cert();
			const fs = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(c, 'certs/app.pem')], manifests: [manifestOf('api.json', CLIENT, [cert()])] }));
			const m = one(fs, 'thumbprint-matches');
			assert.equal(m.message, `The SHA-1 ${c.sha1} in x5t is certs/app.pem. No manifest in the context registers it.`);
			assert.match(m.fix, /^Upload this certificate \(\.cer\)/);
			const e = one(fs, 'AADSTS700027');
			assert.equal(e.message, `${c.sha1} is the thumbprint of certs/app.pem, but none of the 1 keyCredentials in the manifests given registers it.`);
			// without manifests there is nothing to compare against
			const alone = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(c, 'certs/app.pem')] }));
			assert.deepEqual(codes(alone), ['thumbprint-matches']);
			assert.equal(alone[0].message, `The SHA-1 ${c.sha1} in x5t is certs/app.pem.`);
		});

		it("registered on the client's manifest: nothing to fix; on another app only, the client's lack of it is the error", () => {
			const c = cert();
			const client = manifestOf('client.json', CLIENT, [cert()]);
			const other = manifestOf('other.json', OTHER_APP, [c]);
			const ok = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('client.json', CLIENT, [c])], clientId: CLIENT.toUpperCase() }));
			assert.deepEqual(codes(ok), ['thumbprint-matches']);
			assert.equal(ok[0].fix, 'Nothing to fix here.');
			const fs = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [client, other], clientId: ` ${CLIENT} ` }));
			assert.equal(one(fs, 'thumbprint-matches').fix, 'See the finding about the app registration.');
			const e = one(fs, 'AADSTS700027');
			assert.ok(e.message.startsWith(`${c.sha1} is the thumbprint of other.json keyCredentials[0]`), e.message);
			assert.ok(e.message.includes(`which is registered on other.json keyCredentials[0]`), e.message);
			assert.ok(e.message.includes(`not on the client ${CLIENT} (client.json)`), e.message);
			assert.match(e.fix, /^Sign with a certificate that client\.json registers/);
			// a file of that certificate, registered nowhere, while the client's manifest is given
			const file = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(c, 'certs/app.pem')], manifests: [client], clientId: CLIENT }));
			assert.match(one(file, 'AADSTS700027').message, /which no manifest registers, not on the client/);
			// the client's manifest is not in the context: any registration counts
			const unknownClient = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [other], clientId: randomUUID() }));
			assert.deepEqual(codes(unknownClient), ['thumbprint-matches']);
		});

		it("an expired registration on the client, or an expired certificate file, is refused with its date", () => {
			const c = cert();
			const ended = new Date(NOW.getTime() - 2 * DAY);
			const fs = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('client.json', CLIENT, [c], ended)], clientId: CLIENT }));
			const e = one(fs, 'AADSTS700027');
			assert.match(e.message, /^The key client\.json keyCredentials\[0\] \(keyId [0-9a-f-]{36}\) that the assertion names expired on /);
			assert.ok(e.message.endsWith(`expired on ${ended.toISOString()}; Entra refuses it ("The key used is expired").`), e.message);
			const fileEnded = new Date(NOW.getTime() - DAY);
			const viaFile = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(c, 'certs/app.pem', fileEnded)], manifests: [manifestOf('client.json', CLIENT, [c])], clientId: CLIENT }));
			assert.match(one(viaFile, 'AADSTS700027').message, new RegExp(`expired on ${fileEnded.toISOString().replace(/\./g, '\\.')};`));
			// valid until after now: no refusal
			const fresh = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('client.json', CLIENT, [c], new Date(NOW.getTime() + 1000))], clientId: CLIENT }));
			none(fresh, 'AADSTS700027');
		});

		it('with live keys for the client, the live finding decides; a workspace file is still named', () => {
			const c = cert();
			const live = { appId: CLIENT, source: 'the sandbox', fetchedAt: NOW, keyCredentials: [{ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', customKeyIdentifier: Buffer.from(c.sha1, 'hex').toString('base64'), key: null, displayName: null, startDateTime: null, endDateTime: null }] };
			const fs = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [fileOf(c, 'certs/app.pem')], manifests: [manifestOf('client.json', CLIENT, [cert()])], liveKeys: [live] }), CLIENT);
			assert.deepEqual(codes(fs), ['thumbprint-matches', 'live-key-registered']);
			assert.equal(fs[0].message, `The SHA-1 ${c.sha1} in x5t is certs/app.pem.`);
			assert.equal(fs[0].fix, 'Nothing to fix here.');
			// the client comes from the context when the caller names none
			assert.deepEqual(codes(thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ liveKeys: [live], clientId: CLIENT }))), ['live-key-registered']);
		});
	});

	describe('the note that only the workspace was checked', () => {
		it('only when the caller deals in live keys, a thumbprint was checked, and the client has none', () => {
			assert.deepEqual(workspaceOnlyNote(true, ctx(), CLIENT), []);
			assert.deepEqual(workspaceOnlyNote(false, ctx({ liveKeys: [] }), CLIENT), []);
			const note = workspaceOnlyNote(true, ctx({ liveNote: 'not signed in' }), CLIENT);
			assert.equal(note.length, 1);
			assert.equal(note[0].code, 'checked-against-workspace');
			assert.equal(note[0].severity, 'info');
			assert.equal(note[0].message, 'Checked against workspace manifests only (0 certificates, 0 manifests): not signed in.');
			const live = { appId: CLIENT, source: 's', fetchedAt: NOW, keyCredentials: [] };
			assert.deepEqual(workspaceOnlyNote(true, ctx({ liveKeys: [live] }), CLIENT), []);
			assert.deepEqual(workspaceOnlyNote(true, ctx({ liveKeys: [live], clientId: CLIENT })), []);
			assert.match(workspaceOnlyNote(true, ctx({ liveKeys: [live] }), OTHER_APP)[0].message, new RegExp(`the live keys of ${OTHER_APP} were not read`));
			// the header rules add it once, after the thumbprint findings
			const fs = assertionHeaderFindings({ alg: 'PS256', 'x5t#S256': b64u(cert().sha256) }, ctx({ liveNote: 'not signed in' }), CLIENT);
			assert.equal(fs[fs.length - 1].code, 'checked-against-workspace');
			none(assertionHeaderFindings({ alg: 'PS256' }, ctx({ liveNote: 'not signed in' }), CLIENT), 'checked-against-workspace');
		});
	});

	describe('tokens Entra issued and client assertions', () => {
		it('any claim only Entra sets, or an Entra issuer other than sub, marks an issued token', () => {
			for (const claim of ['tid', 'scp', 'idtyp', 'appid', 'azp', 'oid']) {
				assert.equal(isEntraIssued({ iss: CLIENT, sub: CLIENT, [claim]: 'x' }), true, claim);
			}
			assert.equal(isEntraIssued({ iss: `https://sts.windows.net/${TENANT}/`, sub: 'user' }), true);
			assert.equal(isEntraIssued({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, sub: 'user' }), true);
			assert.equal(isEntraIssued({ iss: `https://login.microsoftonline.us/${TENANT}/v2.0/`, sub: 'user' }), true);
			assert.equal(isEntraIssued({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, sub: `https://login.microsoftonline.com/${TENANT}/v2.0` }), false);
			assert.equal(isEntraIssued({ iss: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, sub: 'user' }), false);
			assert.equal(isEntraIssued({ iss: `https://example.com/sts.windows.net/`, sub: 'user' }), false);
			assert.equal(isEntraIssued({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL }), false);
			assert.equal(isEntraIssued({}), false);
		});

		it('an assertion has iss = sub and an aud at a token endpoint or sign-in host', () => {
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL }), true);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: [TOKEN_URL, 'x'] }), true);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: `https://login.microsoftonline.com/${TENANT}/v2.0` }), true);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: 'https://sts.example.com/token' }), true);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: 'api://orders' }), false);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: [] }), false);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT }), false);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: OTHER_APP, aud: TOKEN_URL }), false);
			assert.equal(looksLikeClientAssertion({ iss: 42, sub: 42, aud: TOKEN_URL }), false);
			assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL, tid: TENANT }), false);
		});
	});

	describe('the claims', () => {
		const claims = (extra: Record<string, unknown> = {}) => ({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL, jti: randomUUID(), nbf: S - 60, iat: S - 60, exp: S + 540, ...extra });

		it('a well-formed assertion for the endpoint it is posted to has no finding', () => {
			assert.deepEqual(assertionClaimFindings(claims(), ctx({ clientId: CLIENT }), { clientId: CLIENT, url: TOKEN_URL, host: 'login.microsoftonline.com', tenant: TENANT, endpointVersion: 'v2' }), []);
		});

		it('iss and sub: missing, different, a URL, the tenant ID, or not the client ID', () => {
			assert.equal(one(assertionClaimFindings(claims({ iss: undefined }), ctx()), 'AADSTS700021').message, 'The assertion has no iss claim.');
			assert.equal(one(assertionClaimFindings(claims({ sub: undefined }), ctx()), 'AADSTS700021').message, 'The assertion has no sub claim.');
			const differ = one(assertionClaimFindings(claims({ sub: OTHER_APP }), ctx()), 'AADSTS50048');
			assert.ok(differ.message.startsWith(`sub '${OTHER_APP}' is not equal to iss '${CLIENT}'`));
			const url = `https://login.microsoftonline.com/${TENANT}/v2.0`;
			const asUrl = one(assertionClaimFindings(claims({ iss: url, sub: url }), ctx({ clientId: CLIENT })).filter((f) => /is the URL/.test(f.message)), 'AADSTS700021');
			assert.equal(asUrl.fix, `Set iss and sub to the application (client) ID (${CLIENT}).`);
			const noClient = assertionClaimFindings(claims({ iss: 'HTTP://x.example/', sub: 'HTTP://x.example/' }), ctx());
			assert.equal(one(noClient, 'AADSTS700021').fix, 'Set iss and sub to the application (client) ID.');
			const tenantIss = one(assertionClaimFindings(claims({ iss: TENANT.toUpperCase(), sub: TENANT.toUpperCase() }), ctx()), 'AADSTS700021');
			assert.ok(tenantIss.message.startsWith(`iss '${TENANT.toUpperCase()}' is the tenant ID (it appears in aud)`), tenantIss.message);
			const wrong = one(assertionClaimFindings(claims(), ctx(), { clientId: OTHER_APP }), 'AADSTS700021');
			assert.equal(wrong.message, `iss '${CLIENT}' is not the request's client_id '${OTHER_APP}'.`);
			assert.equal(wrong.fix, `Set iss and sub to ${OTHER_APP}, or send the matching client_id.`);
			// the request's client_id wins over the context's
			none(assertionClaimFindings(claims(), ctx({ clientId: OTHER_APP }), { clientId: CLIENT }), 'AADSTS700021');
			assert.equal(byCode(assertionClaimFindings(claims(), ctx({ clientId: OTHER_APP })), 'AADSTS700021').length, 1);
		});

		it('aud: missing, an array, not a URL', () => {
			assert.equal(one(assertionClaimFindings(claims({ aud: undefined }), ctx()), 'AADSTS50027').message, 'The assertion has no aud claim.');
			assert.equal(one(assertionClaimFindings(claims({ aud: [TOKEN_URL] }), ctx()), 'AADSTS50027').message, `aud is an array (["${TOKEN_URL}"]); a reported failure shows Entra answering AADSTS50027 for it.`);
			assert.equal(one(assertionClaimFindings(claims({ aud: 'orders' }), ctx()), 'AADSTS50027').message, "aud 'orders' is not a URL.");
			assert.deepEqual(assertionClaimFindings(claims({ aud: 42 }), ctx()), []);
		});

		it('aud at a multi-tenant alias names the tenant form to use', () => {
			for (const alias of ['common', 'Organizations']) {
				const f = one(assertionClaimFindings(claims({ aud: `https://login.microsoftonline.com/${alias}/oauth2/v2.0/token` }), ctx()), 'assertion-aud-multitenant');
				assert.ok(f.message.startsWith(`aud uses /${alias}/;`), f.message);
				assert.equal(f.fix, `Use the tenant ID or domain instead of ${alias}: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.`);
			}
			none(assertionClaimFindings(claims(), ctx()), 'assertion-aud-multitenant');
		});

		it('aud on a host that is no Entra sign-in host; CIAM, B2C and local hosts are fine', () => {
			assert.equal(one(assertionClaimFindings(claims({ aud: `https://login.contoso.com/${TENANT}/oauth2/v2.0/token` }), ctx()), 'assertion-aud-host').message, "aud host 'login.contoso.com' is not an Entra sign-in host.");
			for (const host of ['login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'contoso.ciamlogin.com', 'contoso.b2clogin.com', 'localhost:5123', '127.0.0.1:8443']) {
				none(assertionClaimFindings(claims({ aud: `https://${host}/${TENANT}/oauth2/v2.0/token` }), ctx()), 'assertion-aud-host');
			}
			assert.equal(byCode(assertionClaimFindings(claims({ aud: `https://evil.b2clogin.com.example/${TENANT}/oauth2/v2.0/token` }), ctx()), 'assertion-aud-host').length, 1);
		});

		it("aud in the issuer form: a warning naming the token endpoint on the same host (login. for sts.windows.net)", () => {
			const v1 = one(assertionClaimFindings(claims({ aud: `https://sts.windows.net/${TENANT}/` }), ctx()), 'assertion-aud-issuer-form');
			assert.equal(v1.severity, 'warning');
			assert.equal(v1.uncertain, true);
			assert.equal(v1.fix, `Use the token endpoint you post to, e.g. https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token.`);
			const v2 = one(assertionClaimFindings(claims({ aud: `https://login.microsoftonline.us/${TENANT}/v2.0/` }), ctx()), 'assertion-aud-issuer-form');
			assert.equal(v2.fix, `Use the token endpoint you post to, e.g. https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token.`);
			none(assertionClaimFindings(claims(), ctx()), 'assertion-aud-issuer-form');
			none(assertionClaimFindings(claims({ aud: `https://login.microsoftonline.com/${TENANT}/v2.0/extra` }), ctx()), 'assertion-aud-issuer-form');
		});

		it('aud against the request: another host, another endpoint version, another tenant', () => {
			const usUrl = `https://login.microsoftonline.us/${TENANT}/oauth2/v2.0/token`;
			const cloud = one(assertionClaimFindings(claims(), ctx(), { url: usUrl, endpointVersion: 'v2', tenant: TENANT }), 'assertion-aud-cloud');
			assert.equal(cloud.severity, 'error');
			assert.equal(cloud.message, 'aud is on login.microsoftonline.com but the request goes to login.microsoftonline.us.');
			assert.equal(cloud.fix, `Use the token endpoint you post to as aud: ${usUrl}.`);
			none(assertionClaimFindings(claims({ aud: `https://sts.windows.net/${TENANT}/` }), ctx(), { url: usUrl }), 'assertion-aud-cloud');
			none(assertionClaimFindings(claims({ aud: TOKEN_URL.replace('login.microsoftonline.com', 'LOGIN.microsoftonline.com') }), ctx(), { url: TOKEN_URL }), 'assertion-aud-cloud');

			const v1Url = `https://login.microsoftonline.com/${TENANT}/oauth2/token`;
			const v2aud = one(assertionClaimFindings(claims(), ctx(), { url: v1Url, endpointVersion: 'v1' }), 'assertion-aud-version');
			assert.equal(v2aud.message, `aud is the v2 endpoint but the request goes to the v1 endpoint (${v1Url}).`);
			const v1aud = one(assertionClaimFindings(claims({ aud: v1Url }), ctx(), { url: TOKEN_URL, endpointVersion: 'v2' }), 'assertion-aud-version');
			assert.equal(v1aud.message, `aud is the v1 endpoint but the request goes to the v2 endpoint (${TOKEN_URL}).`);
			none(assertionClaimFindings(claims({ aud: v1Url }), ctx(), { url: v1Url, endpointVersion: 'v1' }), 'assertion-aud-version');
			none(assertionClaimFindings(claims(), ctx(), { url: TOKEN_URL, endpointVersion: 'v2' }), 'assertion-aud-version');

			const otherTenant = randomUUID();
			const t = one(assertionClaimFindings(claims(), ctx(), { url: TOKEN_URL, tenant: otherTenant }), 'assertion-aud-tenant');
			assert.equal(t.message, `aud names tenant '${TENANT}' but the request goes to tenant '${otherTenant}'.`);
			assert.equal(t.uncertain, true);
			none(assertionClaimFindings(claims(), ctx(), { url: TOKEN_URL, tenant: TENANT.toUpperCase() }), 'assertion-aud-tenant');
			none(assertionClaimFindings(claims({ aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }), ctx(), { url: TOKEN_URL, tenant: TENANT }), 'assertion-aud-tenant');
			// the request's URL is needed for any of these
			assert.deepEqual(assertionClaimFindings(claims(), ctx(), { url: 'not a url', tenant: otherTenant, endpointVersion: 'v1' }), []);
			assert.deepEqual(assertionClaimFindings(claims(), ctx(), { tenant: otherTenant, endpointVersion: 'v1' }), []);
		});

		it('no jti: a warning', () => {
			const f = one(assertionClaimFindings(claims({ jti: undefined }), ctx()), 'assertion-no-jti');
			assert.equal(f.severity, 'warning');
		});
	});
});

describe('assertion rules: claim findings in full', () => {
	const claims = (extra: Record<string, unknown> = {}) => ({ iss: CLIENT, sub: CLIENT, aud: TOKEN_URL, jti: randomUUID(), nbf: S - 60, iat: S - 60, exp: S + 540, ...extra });

	it('iss and sub that are not strings are missing; every claim error is an error with its fix', () => {
		const noIss = one(assertionClaimFindings(claims({ iss: 42 }), ctx()), 'AADSTS700021');
		assert.equal(noIss.message, 'The assertion has no iss claim.');
		assert.equal(noIss.severity, 'error');
		assert.equal(noIss.fix, 'Set iss and sub to the application (client) ID.');
		assert.equal(one(assertionClaimFindings(claims({ sub: ['x'] }), ctx()), 'AADSTS700021').message, 'The assertion has no sub claim.');
		const differ = one(assertionClaimFindings(claims({ sub: OTHER_APP }), ctx()), 'AADSTS50048');
		assert.equal(differ.severity, 'error');
		assert.equal(differ.fix, 'Set both iss and sub to the application (client) ID GUID.');
		const url = `https://login.microsoftonline.com/${TENANT}/v2.0`;
		assert.equal(one(assertionClaimFindings(claims({ iss: url, sub: url }), ctx()), 'AADSTS700021').severity, 'error');
		const tenantIss = one(assertionClaimFindings(claims({ iss: TENANT, sub: TENANT }), ctx()), 'AADSTS700021');
		assert.equal(tenantIss.severity, 'error');
		assert.match(tenantIss.fix, /Application \(client\) ID, not the Directory \(tenant\) ID/);
		assert.equal(one(assertionClaimFindings(claims(), ctx(), { clientId: OTHER_APP }), 'AADSTS700021').severity, 'error');
		const noAud = one(assertionClaimFindings(claims({ aud: undefined }), ctx()), 'AADSTS50027');
		assert.equal(noAud.severity, 'error');
		assert.match(noAud.fix, /https:\/\/login\.microsoftonline\.com\/\{tenant\}\/oauth2\/v2\.0\/token/);
		const arr = one(assertionClaimFindings(claims({ aud: [TOKEN_URL] }), ctx()), 'AADSTS50027');
		assert.equal(arr.severity, 'error');
		assert.match(arr.fix, /a single string/);
		const notUrl = one(assertionClaimFindings(claims({ aud: 'orders' }), ctx()), 'AADSTS50027');
		assert.equal(notUrl.severity, 'error');
		assert.match(notUrl.fix, /token endpoint, e\.g\. https:\/\/login\.microsoftonline\.com\/\{tenant\}\/oauth2\/v2\.0\/token/);
		const jti = one(assertionClaimFindings(claims({ jti: undefined }), ctx()), 'assertion-no-jti');
		assert.match(jti.message, /no jti/);
		assert.match(jti.fix, /new GUID per assertion/);
	});

	it('aud findings: severities, fixes, and hosts that only contain an allowed name', () => {
		const multi = one(assertionClaimFindings(claims({ aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }), ctx()), 'assertion-aud-multitenant');
		assert.equal(multi.severity, 'error');
		const host = one(assertionClaimFindings(claims({ aud: `https://login.contoso.com/${TENANT}/oauth2/v2.0/token` }), ctx()), 'assertion-aud-host');
		assert.equal(host.severity, 'warning');
		assert.match(host.fix, /login\.microsoftonline\.com, login\.microsoftonline\.us or login\.partner\.microsoftonline\.cn/);
		for (const spoof of ['contoso.ciamlogin.com.example', 'login.localhost.example', 'x127.0.0.1.example']) {
			assert.equal(assertionClaimFindings(claims({ aud: `https://${spoof}/${TENANT}/oauth2/v2.0/token` }), ctx()).filter((f) => f.code === 'assertion-aud-host').length, 1, spoof);
		}
		const issuer = one(assertionClaimFindings(claims({ aud: `https://login.microsoftonline.com/${TENANT}/v2.0` }), ctx()), 'assertion-aud-issuer-form');
		assert.ok(issuer.message.startsWith(`aud 'https://login.microsoftonline.com/${TENANT}/v2.0' is the issuer form, not the token endpoint.`), issuer.message);
		// no tenant in an sts.windows.net aud: the fix leaves a placeholder
		assert.equal(one(assertionClaimFindings(claims({ aud: 'https://sts.windows.net/' }), ctx()), 'assertion-aud-issuer-form').fix, 'Use the token endpoint you post to, e.g. https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.');
		// a v2.0 segment deeper in the path is not the issuer form
		assert.equal(assertionClaimFindings(claims({ aud: `https://login.microsoftonline.com/${TENANT}/extra/v2.0` }), ctx()).filter((f) => f.code === 'assertion-aud-issuer-form').length, 0);
		const v1Url = `https://login.microsoftonline.com/${TENANT}/oauth2/token`;
		const version = one(assertionClaimFindings(claims(), ctx(), { url: v1Url, endpointVersion: 'v1' }), 'assertion-aud-version');
		assert.equal(version.severity, 'warning');
		assert.equal(version.fix, `Use the endpoint you post to as aud: ${v1Url}.`);
		const tenant = one(assertionClaimFindings(claims(), ctx(), { url: TOKEN_URL, tenant: 'contoso.onmicrosoft.com' }), 'assertion-aud-tenant');
		assert.equal(tenant.severity, 'warning');
		assert.match(tenant.fix, /same tenant \(ID or domain\) in aud as in the URL you post to/);
	});
});

describe('assertion rules: header values of the wrong type, and the workspace match in detail', () => {
	const file = (c: Cert, label: string) => fileOf(c, label);
	const noAppManifest = (label: string, certs: Cert[]) => ({ label, text: JSON.stringify({ displayName: label, keyCredentials: certs.map((c) => ({ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', key: c.der.toString('base64') })) }) });

	it('header values that are not strings count as absent; an issued-token or assertion check never trips on them', () => {
		assert.match(one(assertionHeaderFindings({ alg: 256, x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-none').message, /alg '\(missing\)'/);
		const noThumb = one(assertionHeaderFindings({ alg: 'PS256', x5t: 12345, 'x5t#S256': 67890, kid: 7 }, ctx()), 'AADSTS5002723');
		assert.equal(noThumb.severity, 'error');
		assert.equal(isEntraIssued({ iss: [`https://sts.windows.net/${TENANT}/`], sub: 'u' }), false);
		assert.equal(isEntraIssued({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0/extra`, sub: 'u' }), false);
		assert.equal(isEntraIssued({ iss: `https://evil.example/?https://sts.windows.net/${TENANT}/`, sub: 'u' }), false);
		assert.equal(isEntraIssued({ iss: `https://evil.example/https://login.microsoftonline.com/${TENANT}/v2.0`, sub: 'u' }), false);
		assert.equal(looksLikeClientAssertion({ iss: CLIENT, sub: CLIENT, aud: ['api://orders', TOKEN_URL] }), false, 'the first audience decides');
	});

	it('each header finding has its severity and fix', () => {
		const none = one(assertionHeaderFindings({ x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-none');
		assert.equal(none.severity, 'error');
		assert.match(none.fix, /PS256 \(with x5t#S256\) or RS256 \(with x5t\)/);
		const ec = one(assertionHeaderFindings({ alg: 'ES256', x5t: b64u(cert().sha1) }, ctx()), 'AADSTS5002730');
		assert.equal(ec.severity, 'error');
		assert.match(ec.fix, /^Make an RSA certificate/);
		const hs = one(assertionHeaderFindings({ alg: 'HS256', x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-unsupported');
		assert.equal(hs.severity, 'error');
		assert.match(hs.fix, /^Sign with PS256/);
		assert.match(one(assertionHeaderFindings({ alg: 'PS256', kid: randomUUID(), x5t: b64u(cert().sha1) }, ctx()), 'assertion-kid-guid').fix, /^Identify the certificate with x5t#S256/);
		const rs = one(assertionHeaderFindings({ alg: 'RS256', 'x5t#S256': b64u(cert().sha256) }, ctx()), 'assertion-alg-thumbprint-pairing');
		assert.match(rs.fix, /use PS256 with x5t#S256/);
		const ps = one(assertionHeaderFindings({ alg: 'PS256', x5t: b64u(cert().sha1) }, ctx()), 'assertion-alg-thumbprint-pairing');
		assert.equal(ps.severity, 'info');
		assert.match(ps.fix, /send x5t#S256/);
		assert.match(one(assertionHeaderFindings({ alg: 'PS256', 'x5t#S256': 'AB'.repeat(32) }, ctx()), 'AADSTS700027').message, /^x5t#S256 holds the hex thumbprint/);
		assert.match(workspaceOnlyNote(true, ctx({ liveNote: 'x' }), CLIENT)[0].fix, /^Sign in to Microsoft Graph/);
		assert.equal(one(thumbprintHeaderFindings('x5t', 'abc$def', ctx()), 'AADSTS700027').severity, 'error');
	});

	it('only a whole hex value of 40 or 64 digits is hex put verbatim', () => {
		const c = cert();
		for (const value of [`Z${c.sha1.slice(1)}`, `${c.sha1.slice(0, -1)}Z`, randomBytes(30).toString('base64url').replace(/^[0-9A-Fa-f]/, 'Z')]) {
			const f = one(thumbprintHeaderFindings('x5t', value, ctx()), 'AADSTS700027');
			assert.equal(f.message, 'x5t decodes to 30 bytes; a SHA-1 thumbprint has 20.', value);
		}
		assert.equal(one(thumbprintHeaderFindings('x5t', 'ABCDEF123456', ctx()), 'AADSTS700027').message, 'x5t decodes to 9 bytes; a SHA-1 thumbprint has 20.');
	});

	it('only whole hex text of 40 or 64 characters is the hex-text mistake', () => {
		const c = cert();
		for (const text of [`g${c.sha1.slice(1)}`, `${c.sha1.slice(0, -1)}g`]) {
			const f = one(thumbprintHeaderFindings('x5t', Buffer.from(text, 'utf8').toString('base64url'), ctx()), 'AADSTS700027');
			assert.equal(f.message, 'x5t decodes to 40 bytes; a SHA-1 thumbprint has 20.', text);
		}
		assert.equal(one(thumbprintHeaderFindings('x5t', Buffer.from(c.sha1.slice(0, 30), 'utf8').toString('base64url'), ctx()), 'AADSTS700027').message, 'x5t decodes to 30 bytes; a SHA-1 thumbprint has 20.');
		assert.equal(one(thumbprintHeaderFindings('x5t', randomBytes(40).toString('base64url'), ctx()), 'AADSTS700027').message, 'x5t decodes to 40 bytes; a SHA-1 thumbprint has 20.');
	});

	it('unpadded standard base64 is still standard base64', () => {
		let c = cert();
		while (!/[+/]/.test(Buffer.from(c.sha256, 'hex').toString('base64'))) {
			c = cert();
		}
		const unpadded = Buffer.from(c.sha256, 'hex').toString('base64').replace(/=+$/, '');
		assert.equal(one(thumbprintHeaderFindings('x5t#S256', unpadded, ctx()), 'thumbprint-standard-base64').severity, 'warning');
	});

	it('the certificate meant is looked up by the right hash: SHA-256 hex text, a SHA-1 under x5t#S256', () => {
		const c = cert();
		const files = ctx({ certificates: [file(c, 'certs/app.pem')] });
		assert.equal(one(thumbprintHeaderFindings('x5t#S256', Buffer.from(c.sha256, 'utf8').toString('base64url'), files), 'thumbprint-matches').message, `The SHA-256 ${c.sha256} meant by x5t#S256 is certs/app.pem.`);
		assert.equal(one(thumbprintHeaderFindings('x5t#S256', b64u(c.sha1), files), 'thumbprint-matches').message, `The SHA-1 ${c.sha1} meant by x5t#S256 is certs/app.pem.`);
	});

	it('with live keys, only the matching certificate files are named (all of them); the meant hash says so', () => {
		const c = cert();
		const live = { appId: CLIENT, source: 'the sandbox', fetchedAt: NOW, keyCredentials: [{ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', customKeyIdentifier: Buffer.from(c.sha1, 'hex').toString('base64'), key: null, displayName: null, startDateTime: null, endDateTime: null }] };
		const context = ctx({ certificates: [file(c, 'a.pem'), file(c, 'a.pfx'), file(cert(), 'other.pem')], manifests: [manifestOf('client.json', CLIENT, [c])], liveKeys: [live] });
		const f = one(thumbprintHeaderFindings('x5t#S256', b64u(c.sha256), context, CLIENT), 'thumbprint-matches');
		assert.equal(f.severity, 'info');
		assert.equal(f.message, `The SHA-256 ${c.sha256} in x5t#S256 is a.pem, a.pfx.`);
		const meant = one(thumbprintHeaderFindings('x5t', Buffer.from(c.sha1, 'utf8').toString('base64url'), context, CLIENT), 'thumbprint-matches');
		assert.equal(meant.message, `The SHA-1 ${c.sha1} meant by x5t is a.pem, a.pfx.`);
		assert.equal(meant.fix, 'Fix the encoding as described; the certificate itself is the right one.');
	});

	it("the client's registrations decide expiry: one valid registration is enough; another app's expired one does not count", () => {
		const c = cert();
		const past = new Date(NOW.getTime() - DAY);
		const future = new Date(NOW.getTime() + DAY);
		const two = { label: 'client.json', text: JSON.stringify({ appId: CLIENT, keyCredentials: [past, future].map((end) => ({ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', endDateTime: end.toISOString(), key: c.der.toString('base64') })) }) };
		assert.deepEqual(codes(thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [two], clientId: CLIENT }))), ['thumbprint-matches']);
		const otherExpired = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('client.json', CLIENT, [c]), manifestOf('other.json', OTHER_APP, [c], past)], clientId: CLIENT }));
		assert.deepEqual(codes(otherExpired), ['thumbprint-matches']);
		// the date named is the client's own, not another app's earlier one
		const earlier = new Date(NOW.getTime() - 9 * DAY);
		const both = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('other.json', OTHER_APP, [c], earlier), manifestOf('client.json', CLIENT, [c], past)], clientId: CLIENT }));
		const e = one(both, 'AADSTS700027');
		assert.ok(e.message.endsWith(`expired on ${past.toISOString()}; Entra refuses it ("The key used is expired").`), e.message);
		assert.match(e.fix, /^Generate a new certificate, register it on the app/);
		// a registration without an end date never expires
		const noEnd = { label: 'client.json', text: JSON.stringify({ appId: CLIENT, keyCredentials: [{ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', key: c.der.toString('base64') }] }) };
		assert.deepEqual(codes(thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [noEnd], clientId: CLIENT }))), ['thumbprint-matches']);
	});

	it('manifests without an appId are nobody\'s client; labels are listed in full', () => {
		const c = cert();
		const anon = noAppManifest('anon.json', [c]);
		assert.deepEqual(codes(thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [anon] }))), ['thumbprint-matches']);
		const withClient = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [anon, manifestOf('client.json', CLIENT, [cert()])], clientId: CLIENT }));
		const e = one(withClient, 'AADSTS700027');
		assert.ok(e.message.includes('which is registered on anon.json keyCredentials[0]'), e.message);
		// two other apps register it: both named
		const two = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ manifests: [manifestOf('a.json', OTHER_APP, [c]), manifestOf('b.json', randomUUID(), [c]), manifestOf('client.json', CLIENT, [cert()])], clientId: CLIENT }));
		assert.match(one(two, 'AADSTS700027').message, /is registered on a\.json keyCredentials\[0\] \(keyId [0-9a-f-]+\), b\.json keyCredentials\[0\]/);
		assert.match(one(two, 'thumbprint-matches').message, /is a\.json keyCredentials\[0\] \(keyId [0-9a-f-]+\), b\.json keyCredentials\[0\]/);
		// an encoding already wrong gets no second error about the registration
		const hexText = thumbprintHeaderFindings('x5t', Buffer.from(c.sha1, 'utf8').toString('base64url'), ctx({ manifests: [manifestOf('a.json', OTHER_APP, [c]), manifestOf('client.json', CLIENT, [cert()])], clientId: CLIENT }));
		assert.equal(hexText.filter((f) => f.code === 'AADSTS700027').length, 1);
	});

	it('the fixes for an unregistered file and for no match', () => {
		const c = cert();
		const fs = thumbprintHeaderFindings('x5t', b64u(c.sha1), ctx({ certificates: [file(c, 'certs/app.pem')], manifests: [manifestOf('api.json', CLIENT, [cert()])] }));
		assert.match(one(fs, 'AADSTS700027').fix, /^Register the certificate on the app \(portal upload of the \.cer, or Insert keyCredential into Manifest\)/);
		assert.match(one(thumbprintHeaderFindings('x5t', b64u(cert().sha1), ctx({ certificates: [file(c, 'a.pem')] })), 'AADSTS700027').fix, /^Sign with a certificate registered on the app, or register this one/);
	});
});
