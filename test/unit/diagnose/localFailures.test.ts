/**
 * Failures before any request. Files are made at run time by openssl (encrypted keys, PKCS#1, cert-only and
 * key-only PEM, legacy RC2 and AES PFX, DER, Bag Attributes); where a library can be run here (Node's crypto
 * and tls, the openssl CLI, Python's cryptography when installed) its message is captured live, the others
 * are written as the public reports the catalog cites show them.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tls from 'node:tls';
import fc from 'fast-check';
import { LOCAL_CHECKS, LOCAL_FAILURES, localFailureFindings, looksLikeLocalFailure } from '../../../src/core/diagnose/localFailures';
import { makeCert, openssl, opensslBytes } from '../helpers/openssl';


/** What a command printed on stderr when it failed (the message as the library prints it). */
function failureOf(fn: () => unknown): string {
	try {
		fn();
	} catch (e) {
		const err = e as { stderr?: Buffer | string; message?: string; code?: string };
		const stderr = err.stderr ? err.stderr.toString() : '';
		return `${stderr}\n${err.message ?? ''}${err.code ? ` (${err.code})` : ''}`;
	}
	throw new Error('expected a failure');
}

const cert = makeCert('local-app');
const other = makeCert('local-other');
const dir = cert.dir;
const p = (name: string) => join(dir, name);

openssl(['pkcs8', '-topk8', '-in', cert.keyPath, '-out', p('enc8.pem'), '-passout', 'pass:secret']);
openssl(['rsa', '-in', cert.keyPath, '-traditional', '-out', p('rsa1.pem')]);
openssl(['rsa', '-in', cert.keyPath, '-traditional', '-aes256', '-passout', 'pass:secret', '-out', p('rsa1enc.pem')]);
openssl(['pkcs12', '-export', '-legacy', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('legacy.pfx'), '-passout', 'pass:']);
openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p('aes.pfx'), '-passout', 'pass:pw']);
openssl(['pkcs12', '-export', '-in', cert.certPath, '-nokeys', '-out', p('certonly.pfx'), '-passout', 'pass:']);
const bagPem = openssl(['pkcs12', '-in', p('aes.pfx'), '-nodes', '-passin', 'pass:pw']);

const file = (label: string, bytes: Buffer | string) => ({ label, bytes: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes) });
const files = {
	cert: file('cert.pem', cert.certPem),
	key: file('key.pem', cert.keyPem),
	combined: file('app.pem', cert.certPem + cert.keyPem),
	mismatched: file('mixed.pem', cert.certPem + other.keyPem),
	otherKey: file('other.key', other.keyPem),
	enc8: file('enc8.pem', readFileSync(p('enc8.pem'))),
	rsa1: file('rsa1.pem', readFileSync(p('rsa1.pem'))),
	rsa1enc: file('rsa1enc.pem', readFileSync(p('rsa1enc.pem'))),
	legacy: file('legacy.pfx', readFileSync(p('legacy.pfx'))),
	aes: file('aes.pfx', readFileSync(p('aes.pfx'))),
	certOnlyPfx: file('certonly.pfx', readFileSync(p('certonly.pfx'))),
	der: file('cert.cer', cert.der),
	bare: file('cert.b64', cert.der.toString('base64')),
	literal: file('key-from-env.txt', cert.keyPem.replace(/\n/g, '\\n')),
	bag: file('exported.pem', bagPem),
};

const NOW = new Date();
const codes = (text: string, f: { label: string; bytes: Uint8Array }[], now = NOW) => (localFailureFindings(text, { now, files: f }) ?? []).map((x) => x.code);
const finding = (text: string, f: { label: string; bytes: Uint8Array }[], code: string, now = NOW) => (localFailureFindings(text, { now, files: f }) ?? []).find((x) => x.code === code);

// Messages captured live.
const nodeCertAsKey = failureOf(() => createPrivateKey(cert.certPem));
const nodeEncryptedNoPassphrase = failureOf(() => createPrivateKey(readFileSync(p('enc8.pem'), 'utf8')));
const nodeWrongPassphrase = failureOf(() => createPrivateKey({ key: readFileSync(p('enc8.pem'), 'utf8'), passphrase: 'wrong' }));
const nodeLegacyPfx = failureOf(() => tls.createSecureContext({ pfx: readFileSync(p('legacy.pfx')), passphrase: '' }));
const nodeWrongPfxPassword = failureOf(() => tls.createSecureContext({ pfx: readFileSync(p('aes.pfx')), passphrase: 'nope' }));
const nodeKeyMismatch = failureOf(() => tls.createSecureContext({ cert: cert.certPem, key: other.keyPem }));
const nodeLiteralNewlines = failureOf(() => createPrivateKey(cert.keyPem.replace(/\n/g, '\\n')));
const opensslLegacyPfx = failureOf(() => execFileSync('openssl', ['pkcs12', '-in', p('legacy.pfx'), '-nodes', '-passin', 'pass:'], { stdio: 'pipe' }));
const opensslMacVerify = failureOf(() => execFileSync('openssl', ['pkcs12', '-in', p('aes.pfx'), '-nodes', '-passin', 'pass:wrong'], { stdio: 'pipe' }));
const opensslKeyFromCert = failureOf(() => execFileSync('openssl', ['pkey', '-in', cert.certPath], { stdio: 'pipe' }));
const opensslDerAsPem = failureOf(() => {
	writeFileSync(p('cert.der'), cert.der);
	execFileSync('openssl', ['x509', '-inform', 'PEM', '-in', p('cert.der'), '-noout'], { stdio: 'pipe' });
});

function python(code: string): string | undefined {
	try {
		execFileSync('python3', ['-c', 'import cryptography'], { stdio: 'pipe' });
	} catch {
		return undefined;
	}
	try {
		execFileSync('python3', ['-c', code], { stdio: 'pipe' });
		return '';
	} catch (e) {
		return (e as { stderr: Buffer }).stderr.toString();
	}
}

describe('localFailures: the catalog', () => {
	it('every entry has an id, a library, patterns that compile, meaning, causes, fix, https sources and known checks', () => {
		const ids = new Set<string>();
		assert.ok(LOCAL_FAILURES.length >= 20);
		for (const e of LOCAL_FAILURES) {
			assert.ok(/^[a-z0-9-]+$/.test(e.id), e.id);
			assert.ok(!ids.has(e.id), `duplicate ${e.id}`);
			ids.add(e.id);
			assert.ok(e.library && e.meaning && e.fix && e.causes.length > 0, e.id);
			assert.ok(e.patterns.length > 0, e.id);
			for (const pattern of e.patterns) {
				assert.doesNotThrow(() => new RegExp(pattern, 'i'), `${e.id}: ${pattern}`);
			}
			assert.ok(e.sources.length > 0 && e.sources.every((s) => /^https:\/\/\S+$/.test(s)), `${e.id} needs sources`);
			for (const c of e.checks) {
				assert.ok((LOCAL_CHECKS as readonly string[]).includes(c), `${e.id}: unknown check ${c}`);
			}
		}
	});

	it('patterns stay fast on inputs built from their own fragments (no catastrophic backtracking)', () => {
		for (const e of LOCAL_FAILURES) {
			for (const pattern of e.patterns) {
				const literal = pattern.replace(/\\[sSdDwWnt]|[\\^$.*+?()[\]{}|]/g, ' ');
				const input = `${literal}${'a '.repeat(50)}\\`.repeat(Math.ceil(200_000 / (literal.length + 101)));
				const re = new RegExp(pattern, 'i');
				const t = process.hrtime.bigint();
				re.test(input);
				input.search(re);
				const ms = Number(process.hrtime.bigint() - t) / 1e6;
				assert.ok(ms < 1500, `${e.id} /${pattern}/ took ${ms.toFixed(0)} ms`);
			}
		}
	});
});

describe('localFailures: recognising the messages', () => {
	it('recognises the messages captured from Node, the openssl CLI and (when installed) Python', () => {
		const captured: Record<string, string> = { nodeCertAsKey, nodeEncryptedNoPassphrase, nodeWrongPassphrase, nodeLegacyPfx, nodeWrongPfxPassword, nodeKeyMismatch, nodeLiteralNewlines, opensslLegacyPfx, opensslMacVerify, opensslKeyFromCert, opensslDerAsPem };
		for (const [name, message] of Object.entries(captured)) {
			assert.ok(looksLikeLocalFailure(message), `${name}: ${message}`);
		}
	});

	it('maps each captured message to the entry that explains it', () => {
		const first = (text: string) => localFailureFindings(text, { now: NOW })?.[0]?.code;
		assert.equal(first(nodeCertAsKey), 'openssl-decoder-unsupported');
		assert.equal(first(nodeEncryptedNoPassphrase), 'node-key-passphrase-missing');
		assert.equal(first(nodeWrongPassphrase), 'openssl-bad-decrypt');
		assert.equal(first(nodeLegacyPfx), 'openssl-legacy-pfx');
		assert.equal(first(nodeWrongPfxPassword), 'openssl-pkcs12-mac-verify');
		assert.equal(first(nodeKeyMismatch), 'openssl-key-values-mismatch');
		assert.ok(codes(opensslLegacyPfx, []).includes('openssl-legacy-pfx'));
		assert.ok(codes(opensslMacVerify, []).includes('openssl-pkcs12-mac-verify'));
		assert.ok(codes(opensslKeyFromCert, []).includes('openssl-cli-could-not-read'));
	});

	it('is not fooled by Entra errors, tokens, requests or unrelated failures', () => {
		const not = [
			'{"error":"invalid_client","error_description":"AADSTS700027: Client assertion failed signature validation.","error_codes":[700027]}',
			'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln',
			'grant_type=client_credentials&client_id=11111111-2222-3333-4444-555555555555&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default',
			"System.IO.FileNotFoundException: Could not find file 'C:\\app\\appsettings.json'. The system cannot find the file specified.",
			'npm ERR! code ENOENT',
		];
		for (const t of not) {
			assert.equal(looksLikeLocalFailure(t), false, t);
			assert.equal(localFailureFindings(t, { now: NOW }), undefined, t);
		}
	});

	it("MSAL.NET's NullReferenceException inside SignWithCertificate is read as a certificate without its private key", () => {
		const text = 'System.NullReferenceException\n  Message=Object reference not set to an instance of an object.\n  Source=Microsoft.Identity.Client\n  StackTrace:\n   at Microsoft.Identity.Client.Platforms.netcore.NetCoreCryptographyManager.SignWithCertificate(String message, X509Certificate2 certificate)';
		const fs = localFailureFindings(text, { now: new Date() }) ?? [];
		assert.ok(fs.some((f) => f.code === 'msal-certificate-without-private-key'), JSON.stringify(fs.map((f) => f.code)));
		assert.equal(localFailureFindings('System.NullReferenceException at MyApp.Program.Main()', { now: new Date() }), undefined);
	});

	it("a PKCS#12 reader that calls SHA-256 (2.16.840.1.101.3.4.2.1) an unknown digest is an old reader of OpenSSL 3's format", () => {
		const fs = localFailureFindings('Error: building AzureRM Client: The Client Certificate Path is not a valid pfx file: pkcs12: unknown digest algorithm: 2.16.840.1.101.3.4.2.1', { now: new Date() }) ?? [];
		const f = fs.find((x) => x.code === 'pfx-modern-format-old-reader');
		assert.ok(f, JSON.stringify(fs.map((x) => x.code)));
		assert.match(f.fix, /-legacy/);
	});

	it("msal4j's 'must designate the same client identifier' is a library refusing a federated token locally", () => {
		const fs = localFailureFindings('com.nimbusds.oauth2.sdk.ParseException: Issuer and subject in client JWT assertion must designate the same client identifier', { now: new Date() }) ?? [];
		const f = fs.find((x) => x.code === 'msal4j-federated-assertion-iss-sub');
		assert.ok(f);
		assert.match(f.fix, /Upgrade msal4j/);
	});

	it("a 'Method not found' in Microsoft.Identity.Client is two MSAL versions in one process, not a request problem", () => {
		const text = "Connect-AzAccount : ClientCertificateCredential authentication failed: Method not found:\n'Microsoft.Identity.Client.ConfidentialClientApplicationBuilder Microsoft.Identity.Client.ConfidentialClientApplicationBuilder.WithClientAssertion(…)'.";
		const fs = localFailureFindings(text, { now: new Date() }) ?? [];
		const f = fs.find((x) => x.code === 'dotnet-msal-assembly-conflict');
		assert.ok(f, JSON.stringify(fs.map((x) => x.code)));
		assert.match(f.fix, /new PowerShell session/);
		assert.equal(localFailureFindings("Method not found: 'Void MyApp.Widget.Run()'", { now: new Date() }), undefined);
	});

	it('says what to give it when no file was named', () => {
		const f = localFailureFindings(nodeCertAsKey, { now: NOW });
		assert.ok(f?.some((x) => x.code === 'local-failure-files-not-checked' && x.severity === 'info'));
	});
});

describe('localFailures: checking the files the user named', () => {
	it('a certificate given where the key was expected (Node: DECODER unsupported) → the file holds only a certificate', () => {
		const f = finding(nodeCertAsKey, [files.cert], 'pem-certificate-only');
		assert.ok(f);
		assert.equal(f.severity, 'error');
		assert.match(f.message, /'cert\.pem' holds only a certificate/);
		assert.match(f.fix, /cat app\.key cert\.pem > app\.pem/);
	});

	it('an encrypted PKCS#8 key without its passphrase → key-encrypted, naming the file and the form', () => {
		const f = finding(nodeEncryptedNoPassphrase, [files.enc8], 'key-encrypted');
		assert.ok(f);
		assert.match(f.message, /'enc8\.pem' is encrypted \(ENCRYPTED PRIVATE KEY\)/);
		assert.match(f.fix, /openssl pkey -in enc8\.pem/);
	});

	it('an encrypted PKCS#1 key (Proc-Type) with a wrong passphrase → bad decrypt and key-encrypted', () => {
		const message = failureOf(() => createPrivateKey({ key: readFileSync(p('rsa1enc.pem'), 'utf8'), passphrase: 'wrong' }));
		const c = codes(message, [files.rsa1enc]);
		assert.ok(c.includes('openssl-bad-decrypt'), message);
		assert.match(finding(message, [files.rsa1enc], 'key-encrypted')?.message ?? '', /Proc-Type: 4,ENCRYPTED/);
	});

	it('a legacy RC2 PFX (openssl -legacy) → RC2 named, and it opens with an empty password', () => {
		for (const message of [opensslLegacyPfx, nodeLegacyPfx]) {
			const f = finding(message, [files.legacy], 'pfx-legacy-rc2');
			assert.ok(f, message);
			assert.match(f.message, /'legacy\.pfx' is encrypted with RC2/);
			assert.ok(codes(message, [files.legacy]).includes('pfx-empty-password'));
		}
		assert.equal(finding(opensslLegacyPfx, [files.aes], 'pfx-legacy-rc2'), undefined, 'an AES PFX is not called RC2');
	});

	it('a wrong PFX password (Mac verify error) on a password-protected AES PFX', () => {
		const c = codes(opensslMacVerify, [files.aes]);
		assert.ok(c.includes('openssl-pkcs12-mac-verify'));
		assert.ok(c.includes('pfx-password-protected'));
		assert.ok(!c.includes('pfx-empty-password'));
	});

	it('.NET "The specified network password is not correct" with an OpenSSL 3 PFX → password, and the PBES2/AES note for older Windows', () => {
		const message = 'System.Security.Cryptography.CryptographicException: The specified network password is not correct.\r\n   at System.Security.Cryptography.X509Certificates.X509Certificate2..ctor(Byte[] rawData, String password, X509KeyStorageFlags keyStorageFlags)';
		const c = codes(message, [files.aes]);
		assert.equal(c[0], 'dotnet-network-password-incorrect');
		assert.ok(c.includes('pfx-password-protected'));
		assert.ok(c.includes('pfx-aes-pbes2'));
	});

	it('key values mismatch → the key belongs to none of the certificates; in one file, to the other certificate', () => {
		const apart = finding(nodeKeyMismatch, [files.cert, files.otherKey], 'key-certificate-mismatch');
		assert.ok(apart);
		assert.match(apart.message, /'other\.key' belongs to none of the certificates given \('cert\.pem'\)/);
		const together = finding(nodeKeyMismatch, [files.mismatched], 'key-certificate-mismatch');
		assert.match(together?.message ?? '', /'mixed\.pem' does not belong to the certificate in the same file/);
		assert.equal(finding(nodeKeyMismatch, [files.combined], 'key-certificate-mismatch'), undefined, 'a matching pair is fine');
		assert.equal(finding(nodeKeyMismatch, [files.cert, files.key], 'key-certificate-mismatch'), undefined);
	});

	it('PEM with literal \\n sequences (from an environment variable)', () => {
		const f = finding(nodeLiteralNewlines, [files.literal], 'pem-literal-newlines');
		assert.ok(f);
		assert.match(f.message, /'key-from-env\.txt' has literal "\\n" sequences/);
	});

	it('azure-identity: the PEM path holds only the key', () => {
		const message = 'Error: ClientCertificateCredential: The file at the specified path does not contain a PEM-encoded certificate.';
		const c = codes(message, [files.key]);
		assert.equal(c[0], 'azure-identity-pem-missing-part');
		assert.match(finding(message, [files.key], 'pem-key-only')?.message ?? '', /'key\.pem' holds only a private key/);
	});

	it('az login: "Invalid certificate" with a combined PEM of a matching pair reports no file problem but the forms', () => {
		const message = 'Invalid certificate, please use a valid PEM file.';
		const c = codes(message, [files.combined]);
		assert.equal(c[0], 'azure-cli-invalid-certificate');
		assert.ok(!c.includes('pem-certificate-only') && !c.includes('pem-key-only') && !c.includes('key-certificate-mismatch'));
		assert.ok(c.includes('key-pkcs8'), 'old az versions wanted BEGIN RSA PRIVATE KEY');
	});

	it('.NET ASN1 corrupted data with a PKCS#1 key → PKCS#1 named with the conversion', () => {
		const message = 'System.Security.Cryptography.CryptographicException: ASN1 corrupted data.\n ---> System.Formats.Asn1.AsnContentException: The provided data is tagged with \'Universal\' class value \'16\', but it should have been \'Universal\' class value \'2\'.';
		const f = finding(message, [files.rsa1], 'key-pkcs1');
		assert.ok(f);
		assert.match(f.fix, /openssl pkcs8 -topk8 -nocrypt -in rsa1\.pem/);
	});

	it('"no start line" with a DER certificate, with bare base64, and with a PFX', () => {
		const message = "[('PEM routines', 'get_name', 'no start line')]";
		assert.ok(codes(message, [files.der]).includes('file-is-der-certificate'));
		assert.ok(codes(message, [files.bare]).includes('pem-missing-armor'));
		assert.ok(codes(message, [files.legacy]).includes('file-is-pfx'));
		assert.ok(codes(opensslDerAsPem, [files.der]).includes('file-is-der-certificate'));
	});

	it('a PFX exported without its key → no private key', () => {
		const message = 'MSAL.NetCore.4.27.0.0.MsalClientException:\n\tErrorCode: cert_without_private_key\nMicrosoft.Identity.Client.MsalClientException: The certificate certificate does not have a private key.';
		const c = codes(message, [files.certOnlyPfx]);
		assert.equal(c[0], 'msal-certificate-without-private-key');
		assert.ok(c.includes('pfx-no-private-key'));
	});

	it('Bag Attributes from openssl pkcs12 are noted (info)', () => {
		const f = finding("[('PEM routines', 'PEM_read_bio', 'no start line')]", [files.bag], 'pem-bag-attributes');
		assert.equal(f?.severity, 'info');
	});

	it('Connect-MgGraph "certificate was not found or has expired" with an expired certificate → its expiry', () => {
		const message = 'Connect-MgGraph: A1B2C3 certificate was not found or has expired.';
		const later = new Date(Date.now() + 60 * 86400_000);
		const f = finding(message, [files.cert], 'cert-expired', later);
		assert.ok(f);
		assert.match(f.message, /^'cert\.pem': /);
		assert.equal(finding(message, [files.cert], 'cert-expired'), undefined, 'not expired today');
	});

	it('when the files show none of the checkable causes, it says so and what to check', () => {
		const f = localFailureFindings('System.Security.Cryptography.CryptographicException: Keyset does not exist', { now: NOW, files: [files.combined] });
		assert.equal(f?.[0].code, 'dotnet-keyset-does-not-exist');
		assert.ok(f?.some((x) => x.code === 'local-failure-files-look-fine'));
	});

	it("Python's cryptography messages (captured when python3 and cryptography are installed)", function () {
		const load = (path: string) => `from cryptography.hazmat.primitives.serialization import load_pem_private_key\nload_pem_private_key(open(${JSON.stringify(path)},'rb').read(), password=None)`;
		const certAsKey = python(load(cert.certPath));
		const encrypted = python(load(p('enc8.pem')));
		if (certAsKey === undefined || encrypted === undefined) {
			this.skip();
		}
		assert.ok(codes(certAsKey!, [files.cert]).includes('python-could-not-deserialize-key'), certAsKey);
		assert.ok(codes(certAsKey!, [files.cert]).includes('pem-certificate-only'));
		const c = codes(encrypted!, [files.enc8]);
		assert.ok(c.includes('python-key-encrypted-no-password'), encrypted);
		assert.ok(c.includes('key-encrypted'));
	});

	it('never throws, whatever the text and the bytes (property)', () => {
		const der = opensslBytes(['x509', '-in', cert.certPath, '-outform', 'DER']);
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 0, max: der.length }), (text, junk, cut) => {
				const fs = [
					{ label: 'junk.bin', bytes: junk },
					{ label: 'cut.cer', bytes: new Uint8Array(der.subarray(0, cut)) },
					{ label: 'pem.txt', bytes: new Uint8Array(Buffer.from(`-----BEGIN PRIVATE KEY-----\n${text}\n-----END PRIVATE KEY-----`)) },
				];
				const decrypt = localFailureFindings(`bad decrypt ${text}`, { now: NOW, files: fs });
				assert.ok(decrypt?.some((f) => f.code === 'openssl-bad-decrypt'), 'the known message is still recognised');
				for (const f of localFailureFindings(text, { now: NOW, files: fs }) ?? []) {
					assert.ok(f.message.length > 0 && f.fix.length > 0 && ['error', 'warning', 'info'].includes(f.severity));
				}
				return true;
			}),
			{ numRuns: 300 },
		);
	});
});

describe('localFailures: which loader failed, read from the stack', () => {
	const pyOpenSslTrace = (frame: string) =>
		`Traceback (most recent call last):\n  File "/opt/tool/auth.py", line 88, in __init__\n    ${frame}\n  File "/usr/lib/python3/site-packages/OpenSSL/crypto.py", line 1794, in ${frame.split('(')[0].split('= ').pop()}\n    _raise_current_error()\nOpenSSL.crypto.Error: [('PEM routines', 'get_name', 'no start line')]`;

	it('a certificate loader in the stack (pyOpenSSL load_certificate) → the certificate block is missing: append it to the key file', () => {
		const text = pyOpenSslTrace('cert = load_certificate(FILETYPE_PEM, pem_text)');
		const c = codes(text, [files.key]);
		assert.equal(c[0], 'pem-certificate-loader-failed', c.join());
		assert.ok(c.includes('openssl-pem-no-start-line'), 'the bare OpenSSL message is still explained');
		assert.ok(c.includes('pem-key-only'), 'the file check confirms: the key file has no certificate');
		const f = finding(text, [files.key], 'pem-certificate-loader-failed');
		assert.match(f?.message ?? '', /holds only the private key/);
		assert.match(f?.fix ?? '', /cat key\.pem cert\.pem > both\.pem/);
	});

	it('a key loader in the stack (pyOpenSSL load_privatekey, Node createPrivateKey) → the key block is missing', () => {
		const py = pyOpenSslTrace('key = load_privatekey(FILETYPE_PEM, pem_text)');
		assert.equal(codes(py, [files.cert])[0], 'pem-private-key-loader-failed');
		assert.ok(!codes(py, [files.cert]).includes('pem-certificate-loader-failed'));
		assert.ok(codes(py, [files.cert]).includes('pem-certificate-only'));
		let nodeStack = '';
		try {
			createPrivateKey(cert.certPem);
		} catch (e) {
			nodeStack = (e as Error).stack ?? '';
		}
		assert.match(nodeStack, /at createPrivateKey/, 'Node names the loader in its stack');
		assert.equal(codes(nodeStack, [])[0], 'pem-private-key-loader-failed', nodeStack);
	});

	it("Python cryptography's own certificate-loader message, captured live when installed", function () {
		const message = python(`from cryptography import x509\nx509.load_pem_x509_certificate(open(${JSON.stringify(cert.keyPath)},'rb').read())`);
		if (message === undefined) {
			this.skip();
		}
		const c = codes(message!, [files.key]);
		assert.equal(c[0], 'pem-certificate-loader-failed', message);
		assert.ok(c.includes('pem-key-only'));
	});

	it('a loader frame without a PEM parsing failure is not read as a missing block', () => {
		const encrypted = 'Traceback (most recent call last):\n  File "app.py", line 3, in <module>\n    key = load_pem_private_key(data, password=None)\nTypeError: Password was not given but private key is encrypted';
		const c = codes(encrypted, [files.enc8]);
		assert.ok(!c.includes('pem-private-key-loader-failed'), c.join());
		assert.ok(c.includes('python-key-encrypted-no-password'));
		const network = 'Traceback (most recent call last):\n  File "sync.py", line 12, in load_certificate\n    r = requests.get(url)\nrequests.exceptions.ConnectionError: Max retries exceeded';
		assert.equal(looksLikeLocalFailure(network), false);
	});
});

describe('localFailures: certificate stores and providers', () => {
	it("Connect-MgGraph \"'CertificateThumbprint' must have a length of 40\" with a 40-character thumbprint → the store it searches", () => {
		const text = "Connect-MgGraph : 'CertificateThumbprint' must have a length of 40. Ensure you have the right certificate thumbprint then try again.";
		const fs = localFailureFindings(text, { now: NOW }) ?? [];
		assert.equal(fs[0]?.code, 'powershell-certificate-not-in-store');
		assert.match(fs[0].message, /Cert:\\CurrentUser\\My/);
		assert.match(fs[0].fix, /-Certificate \(Get-Item Cert:\\LocalMachine\\My\\/);
		assert.equal(localFailureFindings("Validation failed: 'Name' must have a length of 40.", { now: NOW }), undefined, 'only the thumbprint parameter');
	});

	it('a thumbprint copied with an invisible U+200E from the certificate dialog → named, with the clean value', () => {
		const tp = cert.sha1Hex;
		const text = `Connect-MgGraph -ClientId $appId -TenantId $tenant -CertificateThumbprint "\u200e${tp}"\nConnect-MgGraph : 'CertificateThumbprint' must have a length of 40.`;
		const f = finding(text, [], 'thumbprint-invisible-character');
		assert.ok(f);
		assert.match(f.message, /U\+200E/);
		assert.match(f.message, /41 characters/);
		assert.equal(f.replacement, tp);
		assert.equal(text.slice(f.range!.start, f.range!.end), `\u200e${tp}`);
		assert.equal(finding(text.replace('\u200e', ''), [], 'thumbprint-invisible-character'), undefined, 'a clean thumbprint is not flagged');
		assert.equal(finding(text.replace('\u200e', ''), [], 'thumbprint-length'), undefined);
		const short = finding(text.replace(`\u200e${tp}`, tp.slice(0, 39)), [], 'thumbprint-length');
		assert.match(short?.message ?? '', /39 hex digits/);
	});

	it('.NET on Linux: "Unix LocalMachine X509Store is limited to …" → no LocalMachine\\My there: CurrentUser\\My or a file', () => {
		const text = 'System.Security.Cryptography.CryptographicException: Unix LocalMachine X509Store is limited to the Root and CertificateAuthority stores. ---> System.PlatformNotSupportedException\n   at System.Security.Cryptography.X509Certificates.X509Store.Open(OpenFlags flags)';
		const fs = localFailureFindings(text, { now: NOW }) ?? [];
		assert.equal(fs[0]?.code, 'dotnet-unix-localmachine-store');
		assert.match(fs[0].message, /Linux/);
		assert.match(fs[0].fix, /CurrentUser\\My/);
		assert.match(fs[0].fix, /-CertificatePath/);
		assert.ok(!fs.some((f) => f.code === 'local-failure-files-not-checked'), 'no file can decide this: the kit does not ask for one');
		assert.equal(looksLikeLocalFailure('var store = new X509Store(StoreName.My, StoreLocation.CurrentUser); store.Open(OpenFlags.ReadOnly);'), false);
	});

	it('"Invalid algorithm specified" from RSACryptoServiceProvider.SignHash → legacy provider; the PFX\'s provider is read (openssl -CSP as oracle)', () => {
		const text = 'System.Security.Cryptography.CryptographicException: Invalid algorithm specified.\r\n   at System.Security.Cryptography.Utils.SignValue(SafeKeyHandle hKey, Int32 keyNumber, Int32 calgKey, Int32 calgHash, Byte[] hash)\r\n   at System.Security.Cryptography.RSACryptoServiceProvider.SignHash(Byte[] rgbHash, Int32 calgHash)';
		const pfxWith = (name: string, csp?: string) => {
			openssl(['pkcs12', '-export', '-in', cert.certPath, '-inkey', cert.keyPath, '-out', p(name), '-passout', 'pass:pw', ...(csp ? ['-CSP', csp] : [])]);
			const info = openssl(['pkcs12', '-in', p(name), '-passin', 'pass:pw', '-nodes', '-info']);
			if (csp) {
				assert.ok(info.includes(`Microsoft CSP Name: ${csp}`), 'openssl wrote the provider attribute');
			}
			return file(name, readFileSync(p(name)));
		};
		const strong = pfxWith('strong.pfx', 'Microsoft Strong Cryptographic Provider');
		const aes = pfxWith('aes-csp.pfx', 'Microsoft Enhanced RSA and AES Cryptographic Provider');
		const none = pfxWith('no-csp.pfx');
		assert.equal(codes(text, [strong])[0], 'dotnet-csp-invalid-algorithm');
		const legacy = finding(text, [strong], 'pfx-legacy-csp');
		assert.match(legacy?.message ?? '', /'strong\.pfx' binds its private key to 'Microsoft Strong Cryptographic Provider'/);
		assert.match(legacy?.fix ?? '', /-CSP "Microsoft Enhanced RSA and AES Cryptographic Provider"/);
		assert.ok(codes(text, [aes]).includes('pfx-csp-sha256-capable'));
		assert.ok(!codes(text, [aes]).includes('pfx-legacy-csp'));
		assert.ok(codes(text, [none]).includes('pfx-no-csp'));
		assert.match(finding(text, [], 'dotnet-csp-invalid-algorithm')?.message ?? '', /SHA-256/);
	});
});

describe('localFailures: GitHub Actions OIDC without a token', () => {
	const messages = [
		'Error: Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable. Please make sure to give write permissions to id-token in the workflow.',
		'Error: undefined. Please make sure to give write permissions to id-token in the workflow.',
		'Error: building AzureRM Client: obtain subscription() from Azure CLI: githubAssertion: cannot request token: Get "?audience=api%3A%2F%2FAzureADTokenExchange": unsupported protocol scheme ""',
		'Failed to get OIDC token: Error message: Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable',
	];

	it('each form → id-token: write (and forks get no token)', () => {
		for (const m of messages) {
			const fs = localFailureFindings(m, { now: NOW }) ?? [];
			assert.equal(fs[0]?.code, 'github-oidc-token-unavailable', m);
			assert.match(fs[0].fix, /id-token: write/);
			assert.match(fs[0].message, /fork/);
			assert.equal(fs.length, 1, 'no request for files: none can decide this');
		}
	});

	it('not fooled by a workflow that has the token, or by Entra rejecting a federated assertion', () => {
		const not = [
			'ACTIONS_ID_TOKEN_REQUEST_URL=https://pipelines.actions.githubusercontent.com/abc/idtoken?api-version=2.0\nACTIONS_ID_TOKEN_REQUEST_TOKEN=***',
			"AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:contoso/app:ref:refs/heads/main'.",
			'permissions:\n  id-token: write\n  contents: read',
		];
		for (const t of not) {
			assert.equal(looksLikeLocalFailure(t), false, t);
		}
	});
});

describe('localFailures: values passed the wrong way', () => {
	it('ADAL "Expected Start of Certificate" is ADAL\'s, and a key parameter given a path is named with its value', () => {
		const text = `raise AdalError("Error:Invalid Certificate: Expected Start of Certificate to be '-----BEGIN RSA PRIVATE KEY-----'", exp)\n\nprivate_key = '/etc/ssl/private/app.key'\ncontext.acquire_token_with_client_certificate(resource, client_id, private_key, thumbprint)`;
		const c = codes(text, []);
		assert.equal(c[0], 'adal-invalid-certificate');
		assert.ok(!c.includes('azure-cli-invalid-certificate'), 'not an Azure CLI message');
		const f = finding(text, [], 'key-argument-is-path');
		assert.ok(f);
		assert.match(f.message, /'private_key' is given "\/etc\/ssl\/private\/app\.key", a file path/);
		assert.equal(f.severity, 'error', 'private_key takes PEM text by definition');
		assert.match(f.fix, /open\("\/etc\/ssl\/private\/app\.key"\)\.read\(\)/);
		assert.equal(text.slice(f.range!.start, f.range!.end), '/etc/ssl/private/app.key');
		const ownName = finding(text.replace(/private_key/g, 'client_cert'), [], 'key-argument-is-path');
		assert.equal(ownName?.severity, 'warning', "a variable of the user's own naming: said conditionally");
		assert.match(ownName?.message ?? '', /Where it is passed as the key/);
	});

	it('msal-node privateKey given a path (jsonwebtoken message; Windows and relative paths); a read file or a path parameter is fine', () => {
		const err = 'Error: secretOrPrivateKey must be an asymmetric key when using RS256';
		for (const v of ['./certs/app-key.pem', 'C:\\certs\\app.key', '~/keys/app.pem']) {
			const cfg = `const config = { auth: { clientId, authority, clientCertificate: { thumbprint: '${cert.sha1Hex}', privateKey: '${v}' } } };\n${err}`;
			assert.ok(finding(cfg, [], 'key-argument-is-path'), v);
		}
		const fine = [
			`privateKey: fs.readFileSync('./certs/app-key.pem', 'utf8'),\n${err}`,
			`certificate_path = '/etc/ssl/app.pem'\n${err}`,
			`private_key = "-----BEGIN PRIVATE KEY-----\\nMIIE..."\n${err}`,
			`keyVaultUrl: 'https://vault.example/keys/app.pem'\n${err}`,
		];
		for (const t of fine) {
			assert.equal(finding(t, [], 'key-argument-is-path'), undefined, t);
		}
	});

	it('Node createPrivateKey given a path, captured live', () => {
		const message = failureOf(() => createPrivateKey(cert.keyPath));
		const text = `const key = createPrivateKey('${cert.keyPath}');\n${message}`;
		const f = finding(text, [], 'key-argument-is-path');
		assert.match(f?.message ?? '', /createPrivateKey\(\) is given/);
	});

	it('.NET ImportFromPem given a path → its own message is recognised', () => {
		const text = "System.ArgumentException: No supported key formats were found. Check that the input represents the contents of a PEM-encoded key file, not the path to such a file. (Parameter 'input')";
		assert.equal(codes(text, [])[0], 'dotnet-pem-import-given-path');
	});

	it('a thumbprint with colons or spaces → 40 bare hex digits, with the cleaned value', () => {
		const colons = cert.sha1Hex.match(/../g)!.join(':');
		const text = `[('PEM routines', 'get_name', 'no start line')]\nclient_cert_thumbprint = '${colons}'`;
		const f = finding(`Expected Start of Certificate to be\n${text}`, [], 'thumbprint-separators');
		assert.ok(f);
		assert.equal(f.replacement, cert.sha1Hex);
		assert.match(f.fix, new RegExp(cert.sha1Hex));
		const spaced = `Error:Invalid Certificate: Expected Start of Certificate to be\nthumbprint = "${cert.sha1Hex.match(/../g)!.join(' ')}"`;
		assert.equal(finding(spaced, [], 'thumbprint-separators')?.replacement, cert.sha1Hex);
		const fingerprintOutput = `Expected Start of Certificate to be\nSHA1 Fingerprint=${colons}`;
		assert.equal(finding(fingerprintOutput, [], 'thumbprint-separators'), undefined, "openssl's fingerprint line is not a value passed as a thumbprint");
	});
});

describe('localFailures: the new rules stay quiet where they should', () => {
	it("Entra's own AADSTS messages are not read as local failures", () => {
		const entra = [
			"AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '9A1CE4073BD258F60E7DA1C349B8265FD0E37A14', Found key 'Start=01/01/2024']",
			'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
			'AADSTS50027: JWT token is invalid or malformed.',
			"AADSTS5002738: Invalid JWT token. 'HS256' is not a supported signature algorithm.",
			'AADSTS700024: Client assertion is not within its valid time range.',
			"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'.",
		];
		for (const t of entra) {
			assert.equal(looksLikeLocalFailure(t), false, t);
		}
	});

	it('the text checks stay fast on a large log', () => {
		const line = "thumbprint = 'ab cd' privateKey: './x' load_certificate( no start line private_key = 'C:\\a' ";
		const big = `Expected Start of Certificate to be\n${line.repeat(Math.ceil(1_000_000 / line.length))}`;
		const t = process.hrtime.bigint();
		localFailureFindings(big, { now: NOW });
		const ms = Number(process.hrtime.bigint() - t) / 1e6;
		assert.ok(ms < 6000, `${ms.toFixed(0)} ms`);
	});
});
