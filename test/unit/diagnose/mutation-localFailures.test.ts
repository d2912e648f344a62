/**
 * Local failures at their edges: which parameter names and values count as a key given a path, how thumbprints
 * written with separators, invisible characters or a wrong length are reported (with the exact span and the
 * cleaned value), what a file that is empty, unreadable, a DER key or a non-RSA key yields, and the order and
 * wording of matched entries. Keys are generated at run time (Node crypto, openssl); none is committed.
 */
import { wellFormed } from '../helpers/findings';
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { LOCAL_FAILURES, localFailureFindings, looksLikeLocalFailure, matchLocalFailures } from '../../../src/core/diagnose/localFailures';
import type { Finding } from '../../../src/core/findings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCert, openssl } from '../helpers/openssl';

const now = new Date();
const NO_START = "OpenSSL.crypto.Error: [('PEM routines', 'get_name', 'no start line')]";
const STORE = "Connect-MgGraph: 'CertificateThumbprint' must have a length of 40";
const HEX40 = '0123456789ABCDEF0123456789ABCDEF01234567';
const file = (label: string, bytes: Buffer | string) => ({ label, bytes: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes) });

function findings(text: string, files: { label: string; bytes: Uint8Array }[] = []): Finding[] {
	const f = localFailureFindings(text, { now, files });
	assert.ok(f, `no local failure recognised in:\n${text}`);
	return wellFormed(f);
}
const withCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);

describe('localFailures (mutation): a key or certificate parameter given a path', () => {
	it('names that take key material, with path values of each form', () => {
		for (const [name, value] of [
			['private_key', '/etc/ssl/app.key'],
			['privateKey', 'C:\\certs\\app.key'],
			['cert', '\\\\server\\share\\app.pem'],
			['certificate', '~/app.pem'],
			['signing_key', '../keys/app.key'],
			['key', 'app.pem'],
			['keyPem', 'app.PFX'],
			['pem', 'a.crt'],
			['client_cert', 'a.cer'],
			['tls_key', 'a.p12'],
		] as const) {
			const text = `${NO_START}\n${name} = "${value}"`;
			const f = withCode(findings(text), 'key-argument-is-path');
			assert.equal(f.length, 1, `${name} = ${value}`);
			assert.equal(text.slice(f[0].range!.start, f[0].range!.end), value, name);
			assert.ok(f[0].message.includes(`'${name}'`) && f[0].message.includes(JSON.stringify(value)), name);
			assert.ok(f[0].fix.includes(`open(${JSON.stringify(value)}).read()`), name);
		}
	});
	it('names of paths, IDs, passwords and stores are not key parameters; PEM text, URLs and plain words are not paths', () => {
		for (const line of [
			'key_path = "/etc/ssl/app.key"',
			'cert_file = "/etc/ssl/app.pem"',
			'key_dir = "/etc/ssl"',
			'cert_url = "/x.pem"',
			'key_name = "/app.key"',
			'cert_thumbprint = "/x.pem"',
			'cert_store = "/x.pem"',
			'key_password = "/x.pem"',
			'key_passphrase = "/x.pem"',
			'key_vault = "/x.pem"',
			'api_key = "/x.pem"',
			'key_id = "/x.pem"',
			'key_size = "/x.pem"',
			'key_type = "/x.pem"',
			'cert_location = "/x.pem"',
			'private_key = "-----BEGIN PRIVATE KEY-----"',
			'private_key = "https://vault.example/app.pem"',
			'private_key = "/"',
			'private_key = "mysecretkeyvalue"',
			'client_id = "/app.pem"',
		]) {
			assert.deepEqual(withCode(findings(`${NO_START}\n${line}`), 'key-argument-is-path'), [], line);
		}
	});
	it('a PEM-text parameter is an error; a name of the user\'s own is a warning', () => {
		for (const name of ['private_key', 'privateKey', 'secretOrPrivateKey', 'private_key_pem', 'privateKeyPem']) {
			assert.equal(withCode(findings(`${NO_START}\n${name}: '/k.pem'`), 'key-argument-is-path')[0]?.severity, 'error', name);
		}
		assert.equal(withCode(findings(`${NO_START}\nmy_signing_key: '/k.pem'`), 'key-argument-is-path')[0]?.severity, 'warning');
	});
	it('the same path once; at most three findings', () => {
		const same = findings(`${NO_START}\nprivate_key = '/a.pem'\nkey = '/a.pem'`);
		assert.equal(withCode(same, 'key-argument-is-path').length, 1);
		const many = findings(`${NO_START}\n${['a', 'b', 'c', 'd', 'e'].map((x, i) => `key${i} = '/${x}.pem'`).join('\n')}\ncreatePrivateKey('/z.pem')`);
		assert.equal(withCode(many, 'key-argument-is-path').length, 3);
	});
	it('loader calls given a path: each name, FILETYPE_PEM first, a prefixed string', () => {
		for (const call of ["createPrivateKey('/k.pem')", 'load_pem_private_key(b"/k.pem")', 'load_privatekey(FILETYPE_PEM, "/k.pem")', "load_certificate(FILETYPE_PEM , '/c.pem')", 'ImportFromPem("C:\\\\k.pem")', "load_pem_x509_certificate('./c.pem')", "CreateFromPem('/c.pem')"]) {
			const f = withCode(findings(`${NO_START}\n${call}`), 'key-argument-is-path');
			assert.equal(f.length, 1, call);
			assert.equal(f[0].severity, 'error', call);
			assert.match(f[0].message, /^\w+\(\) is given/, call);
		}
	});
	it('no key-path check for an entry that does not ask for it', () => {
		assert.deepEqual(withCode(findings(`Mac verify error: invalid password?\nprivate_key = '/a.pem'`), 'key-argument-is-path'), []);
	});
});

describe('localFailures (mutation): thumbprints in the text', () => {
	it('separators: colons, dashes, spaces; the cleaned value in upper case; the span', () => {
		for (const sep of [':', '-', ' ']) {
			const raw = HEX40.toLowerCase().match(/../g)!.join(sep);
			const text = `${STORE}\n$thumbprint = "${raw}"`;
			const [f] = withCode(findings(text), 'thumbprint-separators');
			assert.ok(f, sep);
			assert.equal(f.replacement, HEX40, sep);
			assert.ok(f.message.includes(`'${sep}' separators`), sep);
			assert.ok(f.message.includes('40 bare hex digits'), sep);
			assert.equal(text.slice(f.range!.start, f.range!.end), raw, sep);
			assert.equal(f.severity, 'warning');
			assert.deepEqual(withCode(findings(text), 'thumbprint-length'), [], sep);
		}
	});
	it('a SHA-256 thumbprint with separators says 64 digits', () => {
		const hex64 = `${HEX40}${HEX40.slice(0, 24)}`;
		const [f] = withCode(findings(`${STORE}\nthumbprint: ${hex64.match(/../g)!.join(':')}`), 'thumbprint-separators');
		assert.ok(f.message.includes('64 bare hex digits'));
		assert.equal(f.replacement, hex64);
	});
	it('a wrong length is named with its count; 40 and 64 are fine', () => {
		const [f] = withCode(findings(`${STORE}\nCertificateThumbprint = "${HEX40.slice(0, 38)}"`), 'thumbprint-length');
		assert.ok(f.message.includes('has 38 hex digits'));
		assert.ok(f.message.includes('CertificateThumbprint'));
		assert.deepEqual(withCode(findings(`${STORE}\nCertificateThumbprint = "${HEX40}"`), 'thumbprint-length'), []);
		assert.deepEqual(withCode(findings(`${STORE}\nCertificateThumbprint = "${HEX40}${HEX40.slice(0, 24)}"`), 'thumbprint-length'), []);
	});
	it('invisible characters: each named by code point once, the value shown with them, the clean value offered when it has 40 digits', () => {
		const raw = `\u200E${HEX40.slice(0, 20)}\u200B${HEX40.slice(20)}\u200E`;
		const text = `${STORE}\n-CertificateThumbprint "${raw}"`;
		const [f] = withCode(findings(text), 'thumbprint-invisible-character');
		assert.ok(f);
		assert.equal(f.severity, 'error');
		assert.ok(f.message.includes('(U+200E, U+200B)'));
		assert.ok(f.message.includes(`<U+200E>${HEX40.slice(0, 20)}<U+200B>`));
		assert.ok(f.message.includes(`${raw.length} characters`));
		assert.equal(f.replacement, HEX40);
		assert.ok(f.fix.endsWith(`: ${HEX40}.`));
		assert.equal(text.slice(f.range!.start, f.range!.end), raw);
		assert.deepEqual(withCode(findings(text), 'thumbprint-separators'), [], 'one finding per value');
		const short = withCode(findings(`${STORE}\nthumbprint = "\u200E${HEX40.slice(0, 30)}"`), 'thumbprint-invisible-character')[0];
		assert.equal(short.replacement, undefined);
		assert.ok(!short.fix.includes(': '));
	});
	it('the same value once; at most three', () => {
		const bad = (i: number) => `${HEX40.slice(0, 30)}${String(i).padStart(2, '0')}`;
		const text = `${STORE}\n${[1, 2, 3, 4, 5].map((i) => `thumbprint${i} = "${bad(i)}"`).join('\n')}\nthumbprint = "${bad(1)}"`;
		assert.equal(findings(text).filter((f) => f.code.startsWith('thumbprint-')).length, 3);
	});
});

describe('localFailures (mutation): matching', () => {
	it('each finding carries the entry\'s library, meaning and causes', () => {
		const entry = LOCAL_FAILURES.find((e) => e.id === 'openssl-pkcs12-mac-verify')!;
		const [f] = findings('Error: Mac verify error: invalid password?');
		assert.equal(f.code, entry.id);
		assert.equal(f.severity, 'error');
		assert.equal(f.message, `${entry.library}: ${entry.meaning} Usual causes: ${entry.causes.join('; ')}.`);
		assert.equal(f.fix, entry.fix);
	});
	it('earliest message first; an entry read from a stack frame before the bare message', () => {
		const ids = matchLocalFailures('Error: Mac verify error\nlater: bad decrypt').map((m) => m.entry.id);
		assert.deepEqual(ids.slice(0, 2), ['openssl-pkcs12-mac-verify', 'openssl-bad-decrypt']);
		const rev = matchLocalFailures('first: bad decrypt\nError: Mac verify error').map((m) => m.entry.id);
		assert.deepEqual(rev.slice(0, 2), ['openssl-bad-decrypt', 'openssl-pkcs12-mac-verify']);
		const stack = matchLocalFailures(`${NO_START}\n  File "app.py", line 3, in <module>\n    key = load_pem_private_key(data, None)`).map((m) => m.entry.id);
		assert.equal(stack[0], 'pem-private-key-loader-failed');
		assert.ok(stack.includes('openssl-pem-no-start-line'));
		assert.equal(matchLocalFailures('key = load_pem_private_key(data, None)').length, 0, 'a loader frame alone is no failure');
		assert.equal(looksLikeLocalFailure('key = load_pem_private_key(data, None)'), false);
	});
	it('a very long log is matched at its start and end, not in the middle', () => {
		const pad = 'x'.repeat(1_500_000);
		assert.equal(looksLikeLocalFailure(`${pad}Mac verify error${pad}`), false);
		assert.equal(looksLikeLocalFailure(`Mac verify error${pad}${pad}`), true);
		assert.equal(looksLikeLocalFailure(`${pad}${pad}Mac verify error`), true);
		assert.equal(localFailureFindings(`${pad}Mac verify error${pad}`, { now }), undefined);
	});
});

describe('localFailures (mutation): the files', () => {
	const cert = makeCert('mut-local');
	const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const ecPem = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
	const rsaDer = rsa.privateKey.export({ type: 'pkcs8', format: 'der' });
	const encDer = rsa.privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: 'pw' });

	it('no file named: says so, only when the entry has file checks', () => {
		const f = findings(NO_START);
		assert.equal(withCode(f, 'local-failure-files-not-checked').length, 1);
		const none = findings('Invalid provider type specified');
		assert.deepEqual(withCode(none, 'local-failure-files-not-checked'), []);
	});
	it('an empty file and a file of no known kind are reported whatever the entry checks', () => {
		for (const text of [NO_START, 'Invalid provider type specified']) {
			const f = findings(text, [file('empty.pem', ''), file('notes.txt', 'hello, this is not a key')]);
			assert.ok(withCode(f, 'file-empty')[0]?.message.includes("'empty.pem'"), text);
			assert.ok(withCode(f, 'file-unrecognised')[0]?.message.includes("'notes.txt'"), text);
			assert.deepEqual(withCode(f, 'local-failure-files-look-fine'), [], text);
		}
	});
	it('a DER private key and an encrypted DER key', () => {
		const f = findings(NO_START, [file('key.der', rsaDer)]);
		assert.equal(withCode(f, 'file-is-der-key')[0]?.severity, 'info');
		assert.ok(withCode(f, 'file-is-der-key')[0].fix.includes("'openssl pkey -inform der -in key.der -out key.pem'"));
		const e = findings('DECODER routines::unsupported', [file('enc.der', encDer)]);
		assert.ok(withCode(e, 'file-is-der-key').length === 1);
		assert.ok(withCode(e, 'key-encrypted')[0]?.message.includes("'enc.der'"));
	});
	it('an EC key is not RSA; a PKCS#8 RSA key is named as PKCS#8', () => {
		const f = findings(NO_START, [file('ec.pem', ecPem)]);
		const [notRsa] = withCode(f, 'key-not-rsa');
		assert.ok(notRsa.message.includes("'ec.pem'") && notRsa.message.includes('EC'));
		assert.equal(withCode(f, 'key-pkcs8').length, 1);
		assert.equal(withCode(f, 'pem-key-only').length, 1);
		const r = findings(NO_START, [file('app.pem', cert.certPem + cert.keyPem)]);
		assert.deepEqual(withCode(r, 'key-not-rsa'), []);
		assert.deepEqual(withCode(r, 'pem-certificate-only'), []);
		assert.deepEqual(withCode(r, 'pem-key-only'), []);
	});
	it('two certificates and no key are counted', () => {
		const f = findings(NO_START, [file('chain.pem', cert.certPem + cert.certPem)]);
		assert.ok(withCode(f, 'pem-certificate-only')[0]?.message.includes('only 2 certificates'));
		const one = findings(NO_START, [file('one.pem', cert.certPem)]);
		assert.ok(withCode(one, 'pem-certificate-only')[0]?.message.includes('only a certificate'));
	});
	it('files that show no checkable cause: said once, naming them; not said when the entry checks nothing on files', () => {
		const f = findings('key values mismatch', [file('app.pem', cert.certPem + cert.keyPem)]);
		const [fine] = withCode(f, 'local-failure-files-look-fine');
		assert.ok(fine.message.includes("'app.pem'"));
		assert.equal(fine.severity, 'info');
		const none = findings('Invalid provider type specified', [file('app.pem', cert.certPem + cert.keyPem)]);
		assert.deepEqual(withCode(none, 'local-failure-files-look-fine'), []);
		assert.equal(none.length, 1);
	});
	it('a key that belongs to another file\'s certificate is named with that file', () => {
		const f = findings('key values mismatch', [file('cert.pem', cert.certPem), file('key.pem', cert.keyPem), file('other.pem', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())]);
		const mismatch = withCode(f, 'key-certificate-mismatch');
		assert.equal(mismatch.length, 1, 'key.pem matches cert.pem; other.pem matches nothing');
		assert.ok(mismatch[0].message.includes("'other.pem'") && mismatch[0].message.includes("'cert.pem'"));
	});
});

describe('localFailures (mutation): every file finding is complete and names its file', () => {
	const cert = makeCert('mut-sweep');
	const p = (name: string) => join(cert.dir, name);
	openssl(['pkcs8', '-topk8', '-in', cert.keyPath, '-out', p('enc8.pem'), '-passout', 'pass:secret']);
	openssl(['rsa', '-in', cert.keyPath, '-traditional', '-out', p('rsa1.pem')]);
	openssl(['pkcs12', '-export', '-legacy', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('legacy.pfx'), '-passout', 'pass:']);
	openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('aes.pfx'), '-passout', 'pass:pw']);
	openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('csp.pfx'), '-passout', 'pass:', '-CSP', 'Microsoft Enhanced Cryptographic Provider v1.0']);
	openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('aescsp.pfx'), '-passout', 'pass:', '-CSP', 'Microsoft Enhanced RSA and AES Cryptographic Provider']);
	openssl(['pkcs12', '-export', '-in', cert.certPath, '-nokeys', '-out', p('certonly.pfx'), '-passout', 'pass:']);
	const bag = openssl(['pkcs12', '-in', p('aes.pfx'), '-nodes', '-passin', 'pass:pw']);
	const all = [
		"[('PEM routines', 'get_name', 'no start line')]",
		'error:1C800064:Provider routines::bad decrypt',
		'Error: RC2-40-CBC unsupported',
		'System.Security.Cryptography.CryptographicException: Invalid algorithm specified.',
		'error:05800074:x509 certificate routines::key values mismatch',
		'Connect-MgGraph: certificate was not found or has expired',
	].join('\n');
	const files = {
		'enc8.pem': readFileSync(p('enc8.pem')),
		'rsa1.pem': readFileSync(p('rsa1.pem')),
		'legacy.pfx': readFileSync(p('legacy.pfx')),
		'aes.pfx': readFileSync(p('aes.pfx')),
		'csp.pfx': readFileSync(p('csp.pfx')),
		'aescsp.pfx': readFileSync(p('aescsp.pfx')),
		'certonly.pfx': readFileSync(p('certonly.pfx')),
		'bag.pem': Buffer.from(bag, 'latin1'),
		'literal.txt': Buffer.from(cert.keyPem.replace(/\n/g, '\\n'), 'latin1'),
		'cert.cer': cert.der,
		'cert.b64': Buffer.from(cert.der.toString('base64'), 'latin1'),
		'cert.pem': Buffer.from(cert.certPem, 'latin1'),
		'broken.pem': Buffer.from('-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n', 'latin1'),
	};
	it('with every check asked for, each file gets complete findings that name it', () => {
		for (const [label, bytes] of Object.entries(files)) {
			const fs = findings(all, [file(label, bytes)]);
			const own = fs.filter((f) => f.message.includes(`'${label}'`));
			assert.ok(own.length > 0, `${label}: no finding names the file`);
		}
	});
	it('the codes each file kind yields', () => {
		const codesOf = (label: keyof typeof files) => findings(all, [file(label, files[label])]).map((f) => f.code);
		assert.ok(codesOf('enc8.pem').includes('key-encrypted'));
		assert.ok(findings(all, [file('enc8.pem', files['enc8.pem'])]).find((f) => f.code === 'key-encrypted')?.message.includes('(ENCRYPTED PRIVATE KEY)'));
		assert.ok(codesOf('rsa1.pem').includes('key-pkcs1'));
		assert.ok(codesOf('legacy.pfx').includes('pfx-legacy-rc2'));
		assert.ok(codesOf('legacy.pfx').includes('pfx-empty-password'));
		assert.ok(codesOf('aes.pfx').includes('pfx-password-protected'));
		assert.ok(codesOf('aes.pfx').includes('pfx-aes-pbes2'));
		assert.ok(codesOf('aes.pfx').includes('file-is-pfx'));
		assert.ok(codesOf('aes.pfx').includes('pfx-no-csp'));
		const csp = findings(all, [file('csp.pfx', files['csp.pfx'])]).find((f) => f.code === 'pfx-legacy-csp');
		assert.ok(csp?.message.includes("'Microsoft Enhanced Cryptographic Provider v1.0'"));
		const aesCsp = findings(all, [file('aescsp.pfx', files['aescsp.pfx'])]).find((f) => f.code === 'pfx-csp-sha256-capable');
		assert.ok(aesCsp?.message.includes("'Microsoft Enhanced RSA and AES Cryptographic Provider'"));
		assert.ok(codesOf('certonly.pfx').includes('pfx-no-private-key'));
		assert.ok(codesOf('bag.pem').includes('pem-bag-attributes'));
		assert.ok(codesOf('literal.txt').includes('pem-literal-newlines'));
		assert.ok(codesOf('cert.cer').includes('file-is-der-certificate'));
		assert.ok(codesOf('cert.b64').includes('pem-missing-armor'));
		assert.ok(codesOf('broken.pem').includes('pem-malformed'));
		assert.ok(codesOf('cert.pem').includes('pem-certificate-only'));
	});
});
