/**
 * Local failures, second round: which file checks run for which failure (and only those), the provider names a
 * PFX carries in the clear (long DER lengths written by openssl, and malformed or repeated attributes), keys and
 * certificates that can't be read, key/certificate pairs across files, the ordering of matched messages, and the
 * text checks' edges (which names and values count, spans, caps). Keys and PFX files are made at run time by
 * openssl and Node; none is committed.
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localFailureFindings, looksLikeLocalFailure, matchLocalFailures } from '../../../src/core/diagnose/localFailures';
import type { Finding } from '../../../src/core/findings';
import { wellFormed } from '../helpers/findings';
import { makeCert, openssl } from '../helpers/openssl';

const now = new Date();
const NO_START = "OpenSSL.crypto.Error: [('PEM routines', 'get_name', 'no start line')]";
const MAC = 'Error: Mac verify error: invalid password?';
const NO_CHECKS = 'System.Security.Cryptography.CryptographicException: Invalid provider type specified.';
const CSP = 'System.Security.Cryptography.CryptographicException: Invalid algorithm specified.';
const MISMATCH = 'error:05800074:x509 certificate routines::key values mismatch';
const file = (label: string, bytes: Buffer | string) => ({ label, bytes: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes) });
type F = ReturnType<typeof file>;

function findings(text: string, files: F[] = [], at: Date = now): Finding[] {
	const f = localFailureFindings(text, { now: at, files });
	assert.ok(f, `no local failure recognised in:\n${text}`);
	return wellFormed(f);
}
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const withCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

const certA = makeCert('lf2-a');
const certB = makeCert('lf2-b');
const p = (name: string) => join(certA.dir, name);
openssl(['pkcs12', '-export', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('open.pfx'), '-passout', 'pass:']);
openssl(['pkcs12', '-export', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('pw.pfx'), '-passout', 'pass:pw']);
openssl(['pkcs12', '-export', '-legacy', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('legacy.pfx'), '-passout', 'pass:']);
openssl(['pkcs12', '-export', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('md5.pfx'), '-passout', 'pass:', '-macalg', 'md5']);
openssl(['pkcs8', '-topk8', '-in', certA.keyPath, '-out', p('enc8.pem'), '-passout', 'pass:secret']);
const LONG_AES = `Microsoft Enhanced RSA and AES Cryptographic Provider (${'x'.repeat(20)})`; // 76 characters: 152 bytes as BMPString
const LONGER_AES = `Microsoft Enhanced RSA and AES Cryptographic Provider (${'y'.repeat(80)})`; // 136 characters: 272 bytes
openssl(['pkcs12', '-export', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('long.pfx'), '-passout', 'pass:', '-CSP', LONG_AES]);
openssl(['pkcs12', '-export', '-in', certA.certPath, '-inkey', certA.keyPath, '-out', p('longer.pfx'), '-passout', 'pass:', '-CSP', LONGER_AES]);
const pfx = {
	open: readFileSync(p('open.pfx')),
	pw: readFileSync(p('pw.pfx')),
	legacy: readFileSync(p('legacy.pfx')),
	md5: readFileSync(p('md5.pfx')),
	long: readFileSync(p('long.pfx')),
	longer: readFileSync(p('longer.pfx')),
};
const enc8 = readFileSync(p('enc8.pem'), 'latin1');
const pubPem = openssl(['pkey', '-in', certA.keyPath, '-pubout']);

describe('localFailures (mutation 2): which file checks run', () => {
	it('a PFX password failure checks only the password: no structure, encryption, legacy, provider or pairing findings', () => {
		const fs = findings(MAC, [file('cert.pem', certA.certPem), file('enc8.pem', enc8), file('legacy.pfx', pfx.legacy), file('pw.pfx', pfx.pw), file('key-b.pem', certB.keyPem)]);
		for (const code of ['pem-certificate-only', 'pem-key-only', 'key-encrypted', 'pfx-legacy-rc2', 'pfx-no-csp', 'pfx-aes-pbes2', 'key-certificate-mismatch', 'file-is-pfx', 'key-pkcs8']) {
			assert.deepEqual(withCode(fs, code), [], code);
		}
		assert.ok(withCode(fs, 'pfx-password-protected')[0]?.message.startsWith("'pw.pfx' is protected by a password"));
		assert.ok(withCode(fs, 'pfx-empty-password')[0]?.message.startsWith("'legacy.pfx' opens with an empty password"));
	});
	it('a key mismatch checks only the pairing: a password-protected PFX and an encrypted key are not reported', () => {
		const fs = findings(MISMATCH, [file('pw.pfx', pfx.pw), file('enc8.pem', enc8)]);
		assert.deepEqual(withCode(fs, 'pfx-password-protected'), []);
		assert.deepEqual(withCode(fs, 'key-encrypted'), []);
		assert.deepEqual(withCode(fs, 'pfx-aes-pbes2'), []);
	});
	it('thumbprints in the text are checked only for failures that name one', () => {
		const text = `${MAC}\n$thumbprint = "${'ab:'.repeat(19)}ab"`;
		assert.deepEqual(findings(text).filter((f) => f.code.startsWith('thumbprint-')), []);
	});
	it('an entry without file checks still reports each file that is empty, unreadable or broken PEM, one at a time', () => {
		assert.deepEqual(codes(findings(NO_CHECKS, [file('empty.pem', '')])).slice(1), ['file-empty']);
		assert.deepEqual(codes(findings(NO_CHECKS, [file('notes.txt', 'hello, this is not a key')])).slice(1), ['file-unrecognised']);
		assert.deepEqual(codes(findings(NO_CHECKS, [file('broken.pem', '-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n')])).slice(1), ['pem-malformed']);
		assert.deepEqual(codes(findings(NO_CHECKS, [file('cert.pem', certA.certPem)])), ['dotnet-invalid-provider-type']);
	});
	it('the files that look fine are all named', () => {
		const [fine] = withCode(findings(MISMATCH, [file('a.pem', certA.certPem + certA.keyPem), file('b.pem', certB.certPem + certB.keyPem)]), 'local-failure-files-look-fine');
		assert.ok(fine?.message.startsWith("The files given ('a.pem', 'b.pem') show none"), fine?.message);
	});
});

describe('localFailures (mutation 2): what a PEM file holds', () => {
	it('a PEM with real line breaks, no bag attributes: no newline or bag finding', () => {
		const fs = findings(NO_START, [file('app.pem', certA.certPem + certA.keyPem)]);
		assert.deepEqual(withCode(fs, 'pem-literal-newlines'), []);
		assert.deepEqual(withCode(fs, 'pem-bag-attributes'), []);
	});
	it('a PEM with only a public key holds neither a certificate nor a private key', () => {
		const fs = findings(NO_START, [file('pub.pem', pubPem)]);
		assert.deepEqual(withCode(fs, 'pem-certificate-only'), []);
		assert.deepEqual(withCode(fs, 'pem-key-only'), []);
		assert.deepEqual(withCode(fs, 'key-pkcs8'), []);
		assert.deepEqual(withCode(fs, 'key-not-rsa'), []);
	});
	it('a certificate-only PEM has no key format and no key to find encrypted', () => {
		const fs = findings('Could not deserialize key data', [file('cert.pem', certA.certPem)]);
		assert.deepEqual(withCode(fs, 'key-pkcs8'), []);
		assert.deepEqual(withCode(fs, 'key-pkcs1'), []);
		assert.deepEqual(withCode(fs, 'key-encrypted'), []);
		assert.deepEqual(withCode(fs, 'key-not-rsa'), []);
	});
	it('a plain key is not encrypted; a traditional encrypted PEM is, by its Proc-Type header', () => {
		assert.deepEqual(withCode(findings('bad decrypt', [file('key.pem', certA.keyPem)]), 'key-encrypted'), []);
		const trad = openssl(['rsa', '-in', certA.keyPath, '-traditional', '-aes256', '-passout', 'pass:pw']);
		const [enc] = withCode(findings('bad decrypt', [file('trad.pem', trad)]), 'key-encrypted');
		assert.equal(enc?.message, "The private key in 'trad.pem' is encrypted (Proc-Type: 4,ENCRYPTED); it can only be loaded with its passphrase.");
	});
	it('a key block that is not a key: unreadable, with the reason and the file, not called encrypted', () => {
		const fs = findings(NO_START, [file('junk.pem', `-----BEGIN PRIVATE KEY-----\n${Buffer.from('not a key at all, just bytes').toString('base64')}\n-----END PRIVATE KEY-----\n`)]);
		const [u] = withCode(fs, 'key-unreadable');
		assert.equal(u?.severity, 'error');
		assert.ok(u?.message.startsWith("The private key in 'junk.pem' could not be read: The private key in 'junk.pem' could not be read ("), u?.message);
		assert.equal(u?.fix, 'Copy the key again unchanged, or export it again as PKCS#8 PEM.');
		assert.deepEqual(withCode(fs, 'key-encrypted'), []);
	});
	it('a certificate block that is not a certificate keeps the chain in file order and is counted', () => {
		const junk = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not a certificate, only text').toString('base64')}\n-----END CERTIFICATE-----\n`;
		const [only] = withCode(findings(NO_START, [file('chain.pem', junk + certA.certPem)]), 'pem-certificate-only');
		assert.ok(only?.message.includes('holds only 2 certificates'), only?.message);
	});
});

describe('localFailures (mutation 2): DER and base64 files', () => {
	const later = new Date(Date.now() + 60 * 86_400_000);
	const EXPIRED = 'Connect-MgGraph: certificate was not found or has expired';
	it('a DER certificate and a bare-base64 one (wrapped in lines, as base64 writes it) are checked for validity', () => {
		const der = findings(EXPIRED, [file('cert.cer', certA.der)], later);
		assert.ok(der.some((f) => f.code === 'cert-expired' && f.message.startsWith("'cert.cer': CN=lf2-a expired on")), codes(der).join());
		const wrapped = certA.der.toString('base64').replace(/.{76}/g, '$&\n');
		const b64 = findings(EXPIRED, [file('cert.b64', wrapped)], later);
		assert.ok(b64.some((f) => f.code === 'cert-expired' && f.message.startsWith("'cert.b64':")), codes(b64).join());
		assert.ok(withCode(findings(NO_START, [file('cert.b64', wrapped)]), 'pem-missing-armor')[0]);
	});
	it('base64 of something that is not a certificate is no known kind', () => {
		const fs = findings(NO_START, [file('blob.b64', randomBytes(300).toString('base64'))]);
		assert.ok(withCode(fs, 'file-unrecognised')[0]);
		assert.deepEqual(withCode(fs, 'pem-missing-armor'), []);
	});
	it('a DER certificate is no encrypted key', () => {
		assert.deepEqual(withCode(findings('bad decrypt', [file('cert.cer', certA.der)]), 'key-encrypted'), []);
	});
});

describe('localFailures (mutation 2): PFX files', () => {
	it('a PFX that opens with its key has no missing-key finding and its key is paired', () => {
		const fs = findings(`${NO_START}\n${MISMATCH}`, [file('open.pfx', pfx.open), file('cert-b.pem', certB.certPem)]);
		assert.deepEqual(withCode(fs, 'pfx-no-private-key'), []);
		assert.deepEqual(withCode(fs, 'key-certificate-mismatch'), []);
	});
	it('a PFX the kit can\'t read for another reason than the password: unreadable, with the reason; not "password protected" nor "opens empty"', () => {
		const fs = findings('bad decrypt', [file('md5.pfx', pfx.md5)]);
		const [u] = withCode(fs, 'pfx-unreadable');
		assert.equal(u?.severity, 'error');
		assert.ok(u?.message.startsWith("'md5.pfx': 'md5.pfx' is protected by the MAC algorithm 1.2.840.113549.2.5"), u?.message);
		assert.equal(u?.fix, 'Export the PFX again, or convert it with openssl.');
		assert.deepEqual(withCode(fs, 'pfx-password-protected'), []);
		assert.deepEqual(withCode(fs, 'pfx-empty-password'), []);
	});
	it('a legacy RC2 PFX is not also PBES2', () => {
		const fs = findings('RC2-40-CBC', [file('legacy.pfx', pfx.legacy)]);
		assert.ok(withCode(fs, 'pfx-legacy-rc2')[0]);
		assert.deepEqual(withCode(fs, 'pfx-aes-pbes2'), []);
	});
	it('provider names longer than 127 and than 255 bytes (DER long-form lengths, as openssl writes them)', () => {
		for (const [label, bytes, name] of [['long.pfx', pfx.long, LONG_AES], ['longer.pfx', pfx.longer, LONGER_AES]] as const) {
			const [f] = withCode(findings(CSP, [file(label, bytes)]), 'pfx-csp-sha256-capable');
			assert.ok(f?.message.includes(`binds its key to '${name}'`), `${label}: ${f?.message}`);
		}
	});
	describe('provider attributes as found in the bytes', () => {
		const OID = Buffer.from([0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x11, 0x01]);
		const len = (n: number) => (n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]));
		const tlv = (tag: number, body: Buffer, declared = body.length) => Buffer.concat([Buffer.from([tag]), len(declared), body]);
		const bmp = (s: string) => Buffer.from(s, 'utf16le').swap16();
		const attr = (name: string, setTag = 0x31, strTag = 0x1e) => Buffer.concat([OID, tlv(setTag, tlv(strTag, bmp(name)))]);
		const LEGACY = 'Microsoft Base Cryptographic Provider v1.0';
		const csp = (...extra: Buffer[]) => codes(findings(CSP, [file('x.pfx', Buffer.concat([pfx.open, ...extra]))])).filter((c) => c.startsWith('pfx-'));
		it('a legacy provider named after other providers is found; at most eight distinct names are read', () => {
			assert.deepEqual(csp(attr('Vendor KSP 1'), attr(LEGACY)), ['pfx-legacy-csp']);
			const eight = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => attr(`Vendor KSP ${i}`));
			assert.deepEqual(csp(...eight, attr(LEGACY)), ['pfx-no-csp']);
			const same = [1, 2, 3, 4, 5, 6, 7, 8].map(() => attr('Vendor KSP'));
			assert.deepEqual(csp(...same, attr(LEGACY)), ['pfx-legacy-csp'], 'a name repeated counts once');
		});
		it('an attribute whose value is not a SET of BMPString, or whose string has an odd length, is skipped', () => {
			assert.deepEqual(csp(attr(LEGACY, 0x04)), ['pfx-no-csp']);
			assert.deepEqual(csp(attr(LEGACY, 0x31, 0x0c)), ['pfx-no-csp']);
			const odd = Buffer.concat([OID, tlv(0x31, tlv(0x1e, Buffer.concat([bmp(LEGACY), Buffer.from([0x20])])))]);
			assert.deepEqual(csp(odd), ['pfx-no-csp']);
		});
		it('a string that runs past the end of the file is skipped; one that ends exactly at the end is read', () => {
			const name = bmp(LEGACY);
			const past = Buffer.concat([OID, Buffer.from([0x31, 0x7f]), tlv(0x1e, name, name.length + 10)]);
			assert.deepEqual(csp(past), ['pfx-no-csp']);
			assert.deepEqual(csp(attr(LEGACY)), ['pfx-legacy-csp']);
		});
	});
});

describe('localFailures (mutation 2): keys against certificates', () => {
	it('a file whose key belongs to another file\'s certificate: both named', () => {
		const [m] = withCode(findings(MISMATCH, [file('mixed.pem', certA.certPem + certB.keyPem), file('b.crt', certB.certPem)]), 'key-certificate-mismatch');
		assert.equal(m?.severity, 'error');
		assert.equal(m?.message, "The private key in 'mixed.pem' does not belong to the certificate in the same file; it belongs to 'b.crt'.");
		assert.match(m?.fix ?? '', /openssl pkey -pubout/);
	});
	it('a key that matches none of several certificates lists them all', () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const [m] = withCode(findings(MISMATCH, [file('a.crt', certA.certPem), file('b.crt', certB.certPem), file('k.pem', other)]), 'key-certificate-mismatch');
		assert.ok(m?.message.endsWith("belongs to none of the certificates given ('a.crt', 'b.crt')."), m?.message);
	});
	it('keys without any certificate are not compared', () => {
		assert.deepEqual(withCode(findings(MISMATCH, [file('k.pem', certA.keyPem)]), 'key-certificate-mismatch'), []);
	});
});

describe('localFailures (mutation 2): matching order and the scan window', () => {
	it('an entry is placed by the earliest of its messages, whichever pattern finds it', () => {
		const early = matchLocalFailures('error:1C800064 at load\nError: Mac verify error\nlater: bad decrypt').map((m) => m.entry.id);
		assert.deepEqual(early.slice(0, 2), ['openssl-bad-decrypt', 'openssl-pkcs12-mac-verify']);
		const first = matchLocalFailures('bad decrypt\nError: Mac verify error\nlater: error:1C800064').map((m) => m.entry.id);
		assert.deepEqual(first.slice(0, 2), ['openssl-bad-decrypt', 'openssl-pkcs12-mac-verify']);
	});
	it('a log of exactly the scan limit is read whole (a message across its middle is found)', () => {
		const head = 'x'.repeat(1_000_000 - 5);
		const msg = 'Mac verify error';
		const text = head + msg + 'x'.repeat(2_000_000 - head.length - msg.length);
		assert.equal(text.length, 2_000_000);
		assert.equal(looksLikeLocalFailure(text), true);
	});
});

describe('localFailures (mutation 2): values in the text', () => {
	const pathFindings = (line: string) => withCode(findings(`${NO_START}\n${line}`), 'key-argument-is-path');
	it('names that take key material: a private key name with more after it, an IdP certificate', () => {
		for (const line of ['privateKeyData = "/etc/ssl/app.key"', 'idp_cert = "/etc/saml/idp.pem"']) {
			assert.equal(pathFindings(line).length, 1, line);
		}
	});
	it('names that only contain key or pem in the middle, and IDs written without an underscore, are not key parameters', () => {
		for (const line of ['signing_keys = "/etc/ssl/app.key"', 'app_pem_text = "/etc/ssl/app.pem"', 'certId = "/etc/ssl/app.pem"']) {
			assert.deepEqual(pathFindings(line), [], line);
		}
	});
	it('path forms without a file extension: drive letters, home, ./ and ../, a two-character absolute path', () => {
		for (const v of ['C:\\certs\\app', 'D:/keys/signing', '~/keys/app', './keys/app', '../keys/app', '/k']) {
			const text = `${NO_START}\nprivate_key = "${v.replace(/\\/g, '\\\\')}"`;
			const fs = withCode(findings(text), 'key-argument-is-path');
			assert.equal(fs.length, 1, v);
		}
	});
	it('base64 key material with a slash in it is not a path', () => {
		assert.deepEqual(pathFindings('private_key = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC/abc+def"'), []);
	});
	it('loader calls: the span covers the path; at most three findings', () => {
		const line = 'const k = crypto.createPrivateKey("/etc/ssl/a.key");';
		const [f] = pathFindings(line);
		assert.equal(`${NO_START}\n${line}`.slice(f.range!.start, f.range!.end), '/etc/ssl/a.key');
		const calls = (n: number) => Array.from({ length: n }, (_, i) => `load_pem_private_key("/k${i}.pem")`).join('\n');
		assert.equal(pathFindings(calls(2)).length, 2);
		assert.equal(pathFindings(calls(4)).length, 3);
	});
	it('separators are named by the character used', () => {
		const STORE = "Connect-MgGraph: 'CertificateThumbprint' must have a length of 40";
		for (const sep of [':', '-', ' ']) {
			const raw = Array.from({ length: 20 }, (_, i) => (i * 7 + 16).toString(16).padStart(2, '0')).join(sep);
			const [f] = withCode(findings(`${STORE}\nthumbprint = "${raw}"`), 'thumbprint-separators');
			assert.ok(f?.message.includes(`is written with '${sep}' separators ('${raw}')`), `${sep}: ${f?.message}`);
		}
	});
});
