/**
 * Failures before any request: what OpenSSL, .NET, MSAL, Python, azure-identity, the Azure CLI, Java and
 * Node print when a certificate, key or PFX can't be loaded or used. The messages, their causes and fixes
 * are data (catalog/local-failures.json); this module matches them and checks the files the user named
 * with the kit's certificate core, so the finding can say which cause applies to which file.
 */
import type { Finding } from '../findings';
import { isCoreError } from '../errors';
import { decodeAnyBase64 } from '../encoding';
import { keyMatchesCertificate, readPrivateKey, type PrivateKeyInfo } from '../certificate/keys';
import { looksLikePem, normalizePemText, pemBlocks } from '../certificate/pem';
import { looksLikePfx, readPfx } from '../certificate'; // loads asn1js only when a PFX is read
import { orderChain } from '../certificate/read';
import { describeCertificate, validityFindings, type CertificateInfo } from '../certificate/describe';
import type { DiagnoseContext } from './keys';
import entriesJson from './catalog/local-failures.json';

/**
 * The checks an entry can ask for: on the files the user named, and on the text itself
 * ('key-path-argument', 'thumbprint-text': values the report shows being passed to the library).
 */
export const LOCAL_CHECKS = ['pem-structure', 'key-encrypted', 'key-format', 'pfx-password', 'pfx-legacy', 'pfx-csp', 'key-match', 'cert-validity', 'key-path-argument', 'thumbprint-text'] as const;
export type LocalCheck = (typeof LOCAL_CHECKS)[number];
const TEXT_CHECKS: readonly LocalCheck[] = ['key-path-argument', 'thumbprint-text'];

export interface LocalFailureEntry {
	/** Stable rule id; the finding's code. */
	id: string;
	/** Regular expressions (case-insensitive) for the messages, as the libraries print them. */
	patterns: string[];
	/**
	 * When present, the entry applies only if one of these (case-insensitive) also occurs in the text: for
	 * entries whose pattern is a stack frame (which loader failed), this is the failure it must come with.
	 */
	requires?: string[];
	library: string;
	meaning: string;
	causes: string[];
	fix: string;
	sources: string[];
	checks: LocalCheck[];
}

/** The catalog of local failures, as data. */
export const LOCAL_FAILURES: readonly LocalFailureEntry[] = entriesJson as LocalFailureEntry[];

interface Matcher {
	entry: LocalFailureEntry;
	res: RegExp[];
	requires?: RegExp[];
}
let compiled: Matcher[] | undefined;
function matchers(): Matcher[] {
	compiled ??= LOCAL_FAILURES.map((entry) => ({ entry, res: entry.patterns.map((p) => new RegExp(p, 'i')), requires: entry.requires?.map((p) => new RegExp(p, 'i')) }));
	return compiled;
}

function requirementMet(m: Matcher, text: string): boolean {
	return !m.requires || m.requires.some((re) => re.test(text));
}

/** Long logs are matched on their first and last parts, where exceptions and their causes are printed. */
const SCAN_LIMIT = 2_000_000;
function scanned(text: string): string {
	return text.length <= SCAN_LIMIT ? text : `${text.slice(0, SCAN_LIMIT / 2)}\n${text.slice(-SCAN_LIMIT / 2)}`;
}

/** The catalog entries whose messages the text carries: those read from a stack frame first, then earliest match first. */
export function matchLocalFailures(text: string): { entry: LocalFailureEntry; at: number }[] {
	const t = scanned(text);
	const out: { entry: LocalFailureEntry; at: number }[] = [];
	for (const m of matchers()) {
		const { entry, res } = m;
		let at = -1;
		for (const re of res) {
			const i = t.search(re);
			if (i >= 0 && (at < 0 || i < at)) {
				at = i;
			}
		}
		if (at >= 0 && requirementMet(m, t)) {
			out.push({ entry, at });
		}
	}
	// Entries read from the stack (they carry `requires`) say more than the bare message: they go first.
	const specific = (e: LocalFailureEntry) => (e.requires ? 0 : 1);
	return out.sort((a, b) => specific(a.entry) - specific(b.entry) || a.at - b.at);
}

/** True when the text carries a message of a certificate, key or PFX that could not be loaded or used. */
export function looksLikeLocalFailure(text: string): boolean {
	const t = scanned(text);
	return matchers().some((m) => m.res.some((re) => re.test(t)) && requirementMet(m, t));
}

// ---------------------------------------------------------------------------------------------------
// What a file holds, read with the certificate core.

interface FileFacts {
	label: string;
	kind: 'pem' | 'pfx' | 'der-certificate' | 'der-key' | 'base64-certificate' | 'empty' | 'unknown';
	certificates: { der: Uint8Array; info?: CertificateInfo }[];
	/** PEM labels of the key blocks (PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY). */
	keyLabels: string[];
	keys: PrivateKeyInfo[];
	keyEncrypted: boolean;
	keyError?: string;
	pemError?: string;
	literalNewlines: boolean;
	bagAttributes: boolean;
	pfx?: { opened: boolean; passwordProtected: boolean; rc2: boolean; pbes2: boolean; providers: string[]; error?: string };
}

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY'];
const CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];

/** DER encodings of the PKCS#12 PBE algorithm OIDs (RFC 7292 Appendix C) and of PBES2, as found in a PFX. */
const OID_BYTES = {
	rc2_128: [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x05],
	rc2_40: [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06],
	pbes2: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d],
	/** szOID_PKCS_12_KEY_PROVIDER_NAME_ATTR (1.3.6.1.4.1.311.17.1): the Windows provider a key bag names. */
	providerName: [0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x11, 0x01],
};

/**
 * The Windows key providers a PFX's key bags name. The attribute sits in the clear next to the shrouded key
 * (SET { BMPString }), so it can be read without the password.
 */
function providerNames(bytes: Uint8Array): string[] {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const oid = Buffer.from(OID_BYTES.providerName);
	const names: string[] = [];
	for (let i = buf.indexOf(oid); i >= 0 && names.length < 8; i = buf.indexOf(oid, i + 1)) {
		let j = i + oid.length;
		if (buf[j] !== 0x31) {
			continue;
		}
		j += buf[j + 1] === 0x81 ? 3 : buf[j + 1] === 0x82 ? 4 : 2;
		if (buf[j] !== 0x1e) {
			continue;
		}
		let len = buf[j + 1];
		j += 2;
		if (len === 0x81) {
			len = buf[j];
			j += 1;
		} else if (len === 0x82) {
			len = buf.readUInt16BE(j);
			j += 2;
		}
		if (len % 2 !== 0 || j + len > buf.length) {
			continue;
		}
		const name = Buffer.from(buf.subarray(j, j + len)).swap16().toString('utf16le');
		if (!names.includes(name)) {
			names.push(name);
		}
	}
	return names;
}

function contains(bytes: Uint8Array, needle: number[]): boolean {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(Buffer.from(needle)) >= 0;
}

function errorText(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}

/** The chain leaf first (the certificate core's ordering); unparsable certificates keep their order. */
function leafFirst(ders: Uint8Array[]): Uint8Array[] {
	try {
		return orderChain(ders);
	} catch {
		return ders;
	}
}

function certOf(der: Uint8Array): { der: Uint8Array; info?: CertificateInfo } {
	try {
		return { der, info: describeCertificate(der) };
	} catch {
		return { der };
	}
}

function examine(file: { label: string; bytes: Uint8Array }): FileFacts {
	const facts: FileFacts = { label: file.label, kind: 'unknown', certificates: [], keyLabels: [], keys: [], keyEncrypted: false, literalNewlines: false, bagAttributes: false };
	const bytes = file.bytes;
	if (bytes.length === 0) {
		facts.kind = 'empty';
		return facts;
	}
	const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
	if (looksLikePem(normalizePemText(text))) {
		facts.kind = 'pem';
		facts.literalNewlines = /-----BEGIN [A-Z0-9 ]{1,40}-----(?:\\r)?\\n/.test(text);
		facts.bagAttributes = /Bag Attributes/.test(text);
		let blocks: ReturnType<typeof pemBlocks>;
		try {
			blocks = pemBlocks(text, file.label);
		} catch (e) {
			facts.pemError = errorText(e);
			return facts;
		}
		facts.certificates = leafFirst(blocks.filter((b) => CERT_LABELS.includes(b.label)).map((b) => b.der)).map(certOf);
		for (const block of blocks.filter((b) => KEY_LABELS.includes(b.label))) {
			facts.keyLabels.push(block.label);
			try {
				facts.keys.push(readPrivateKey(block.text, { fileName: file.label }));
			} catch (e) {
				if (isCoreError(e) && (e.code === 'ERR_KEY_ENCRYPTED' || e.code === 'ERR_KEY_PASSPHRASE')) {
					facts.keyEncrypted = true;
				} else {
					facts.keyError = errorText(e);
				}
			}
		}
		return facts;
	}
	if (looksLikePfx(bytes)) {
		facts.kind = 'pfx';
		const pfx = { opened: false, passwordProtected: false, rc2: contains(bytes, OID_BYTES.rc2_40) || contains(bytes, OID_BYTES.rc2_128), pbes2: contains(bytes, OID_BYTES.pbes2), providers: providerNames(bytes) } as NonNullable<FileFacts['pfx']>;
		facts.pfx = pfx;
		try {
			const contents = readPfx(bytes, undefined, file.label);
			pfx.opened = true;
			facts.certificates = leafFirst(contents.certificates).map(certOf);
			for (const k of contents.keys) {
				try {
					facts.keys.push(readPrivateKey(k, { fileName: file.label }));
				} catch (e) {
					facts.keyError = errorText(e);
				}
			}
		} catch (e) {
			if (isCoreError(e) && e.code === 'ERR_PFX_PASSWORD') {
				pfx.passwordProtected = true;
			} else {
				pfx.error = errorText(e);
			}
		}
		return facts;
	}
	const asCert = certOf(bytes);
	if (asCert.info) {
		facts.kind = 'der-certificate';
		facts.certificates = [asCert];
		return facts;
	}
	try {
		facts.keys.push(readPrivateKey(bytes, { fileName: file.label }));
		facts.kind = 'der-key';
		return facts;
	} catch (e) {
		if (isCoreError(e) && (e.code === 'ERR_KEY_ENCRYPTED' || e.code === 'ERR_KEY_PASSPHRASE')) {
			facts.kind = 'der-key';
			facts.keyEncrypted = true;
			return facts;
		}
	}
	const compact = text.replace(/\s+/g, '');
	const b64 = compact.length < 100_000 ? decodeAnyBase64(compact) : undefined;
	if (b64 && b64.length > 100) {
		const c = certOf(b64);
		if (c.info) {
			facts.kind = 'base64-certificate';
			facts.certificates = [c];
		}
	}
	return facts;
}

// ---------------------------------------------------------------------------------------------------
// Findings per check.

function structureFindings(f: FileFacts): Finding[] {
	const n = `'${f.label}'`;
	const out: Finding[] = [];
	switch (f.kind) {
		case 'empty':
			return [{ severity: 'error', code: 'file-empty', message: `${n} is empty.`, fix: 'Point the code at the real certificate or key file; check the path and that the file was copied or mounted.' }];
		case 'unknown':
			return [{ severity: 'error', code: 'file-unrecognised', message: `${n} is neither PEM, DER nor a PFX: no certificate or key could be read from it.`, fix: 'Give the library the certificate, key or PFX file itself (not a path list, a JSON wrapper or base64 of the file).' }];
		case 'base64-certificate':
			return [
				{
					severity: 'error',
					code: 'pem-missing-armor',
					message: `${n} holds a certificate as bare base64, without '-----BEGIN CERTIFICATE-----' and '-----END CERTIFICATE-----' lines; PEM readers report "no start line" for it.`,
					fix: `Wrap the base64 in BEGIN/END CERTIFICATE lines, or convert it: 'base64 -d ${f.label} > cert.der && openssl x509 -inform der -in cert.der -out cert.pem'.`,
				},
			];
		case 'der-certificate':
			return [
				{
					severity: 'warning',
					code: 'file-is-der-certificate',
					message: `${n} is a binary (DER) certificate with no private key. Readers that expect PEM fail on it, and nothing can sign a client assertion with it.`,
					fix: `Convert it for PEM readers ('openssl x509 -inform der -in ${f.label} -out cert.pem'), and give the signing code the private key or the PFX.`,
				},
			];
		case 'der-key':
			return [{ severity: 'info', code: 'file-is-der-key', message: `${n} is a binary (DER) private key; readers that expect PEM report "no start line" for it.`, fix: `Convert it: 'openssl pkey -inform der -in ${f.label} -out key.pem'.` }];
		case 'pfx':
			out.push({
				severity: 'warning',
				code: 'file-is-pfx',
				message: `${n} is a PFX/PKCS#12 file, not PEM. APIs that take PEM (MSAL Python's private_key, msal-node's privateKey, az login, azure-identity's PEM path) cannot read it.`,
				fix: `Use an API that takes a PFX, or convert it: 'openssl pkcs12 -in ${f.label} -nodes -out app.pem' (the result holds the key unencrypted: protect it).`,
			});
			if (f.pfx?.opened && f.certificates.length > 0 && f.keys.length === 0) {
				out.push({ severity: 'error', code: 'pfx-no-private-key', message: `${n} holds ${f.certificates.length} certificate(s) but no private key.`, fix: 'Export the PFX again with its private key (Windows: "Yes, export the private key").' });
			}
			return out;
	}
	// A PEM file:
	if (f.pemError) {
		return [{ severity: 'error', code: 'pem-malformed', message: `${n}: ${f.pemError}`, fix: 'Copy the file again unchanged, from the BEGIN line to the END line.' }];
	}
	if (f.literalNewlines) {
		out.push({
			severity: 'error',
			code: 'pem-literal-newlines',
			message: `${n} has literal "\\n" sequences instead of line breaks (PEM copied out of JSON or an environment variable). OpenSSL-based readers then find no start line.`,
			fix: "Store the PEM with real line breaks, or restore them before use (Node: pem.replace(/\\\\n/g, '\\n'); Python: pem.replace('\\\\n', '\\n')).",
		});
	}
	const certs = f.certificates.length;
	const keys = f.keyLabels.length;
	if (certs > 0 && keys === 0) {
		out.push({
			severity: 'error',
			code: 'pem-certificate-only',
			message: `${n} holds only ${certs === 1 ? 'a certificate' : `${certs} certificates`}, no private key. Signing a client assertion needs the private key; where a key was expected, readers report "no start line" or "does not have a private key".`,
			fix: `Give the code the matching private key too: in one PEM for az login and azure-identity ('cat app.key ${f.label} > app.pem'), or as the separate privateKey / private_key for MSAL.`,
		});
	}
	if (keys > 0 && certs === 0) {
		out.push({
			severity: 'warning',
			code: 'pem-key-only',
			message: `${n} holds only a private key, no certificate. MSAL Node and MSAL Python take the key alone (with the thumbprint), but az login and azure-identity's ClientCertificateCredential need the certificate in the same PEM.`,
			fix: `For az login and azure-identity, append the certificate: 'cat ${f.label} app.crt > app.pem'.`,
		});
	}
	if (f.bagAttributes) {
		out.push({
			severity: 'info',
			code: 'pem-bag-attributes',
			message: `${n} starts its blocks with "Bag Attributes" text from 'openssl pkcs12'. OpenSSL ignores it; strict PEM parsers and some secret stores do not.`,
			fix: `Strip it: 'openssl x509 -in ${f.label} -out cert.pem' and 'openssl pkey -in ${f.label} -out key.pem'.`,
		});
	}
	return out;
}

function encryptedFindings(f: FileFacts): Finding[] {
	if (!f.keyEncrypted) {
		return [];
	}
	return [
		{
			severity: 'error',
			code: 'key-encrypted',
			message: `The private key in '${f.label}' is encrypted (${f.keyLabels.includes('ENCRYPTED PRIVATE KEY') ? 'ENCRYPTED PRIVATE KEY' : 'Proc-Type: 4,ENCRYPTED'}); it can only be loaded with its passphrase.`,
			fix: `Pass the passphrase (MSAL Python 'passphrase', azure-identity 'password', Node createPrivateKey({ key, passphrase })), or decrypt it once: 'openssl pkey -in ${f.label} -out key.pem' and protect the result.`,
		},
	];
}

function formatFindings(f: FileFacts): Finding[] {
	const out: Finding[] = [];
	const n = `'${f.label}'`;
	if (f.keyError) {
		out.push({ severity: 'error', code: 'key-unreadable', message: `The private key in ${n} could not be read: ${f.keyError}`, fix: 'Copy the key again unchanged, or export it again as PKCS#8 PEM.' });
	}
	if (f.keyLabels.includes('RSA PRIVATE KEY')) {
		out.push({
			severity: 'info',
			code: 'key-pkcs1',
			message: `The key in ${n} is PKCS#1 ('BEGIN RSA PRIVATE KEY'). APIs that expect PKCS#8 (Java's PKCS8EncodedKeySpec, .NET's ImportPkcs8PrivateKey) reject it.`,
			fix: `Convert it to PKCS#8: 'openssl pkcs8 -topk8 -nocrypt -in ${f.label} -out key8.pem'.`,
		});
	} else if (f.keyLabels.includes('PRIVATE KEY')) {
		out.push({
			severity: 'info',
			code: 'key-pkcs8',
			message: `The key in ${n} is PKCS#8 ('BEGIN PRIVATE KEY'). A reader that insists on PKCS#1 ('BEGIN RSA PRIVATE KEY'), as old Azure CLI versions and .NET's ImportRSAPrivateKey do, rejects it.`,
			fix: `Use a PKCS#8-aware call, or convert: 'openssl rsa -in ${f.label} -out key-rsa.pem -traditional'.`,
		});
	}
	for (const k of f.keys) {
		if (k.algorithm !== 'RSA') {
			out.push({ severity: 'error', code: 'key-not-rsa', message: `The key in ${n} is ${k.algorithm}; Entra accepts only RSA keys for certificate credentials.`, fix: 'Generate an RSA certificate and key (2048 bits or more).' });
		}
	}
	return out;
}

function pfxPasswordFindings(f: FileFacts): Finding[] {
	if (!f.pfx) {
		return [];
	}
	const n = `'${f.label}'`;
	const out: Finding[] = [];
	if (f.pfx.passwordProtected) {
		out.push({
			severity: 'warning',
			code: 'pfx-password-protected',
			message: `${n} is protected by a password (it does not open with an empty one). The error fits a missing or wrong password; the kit cannot tell which password the code passed.`,
			fix: 'Check the password the code reads (environment variable, secret, config) against the one the PFX was exported with, including a trailing newline.',
		});
	} else if (f.pfx.opened) {
		out.push({
			severity: 'warning',
			code: 'pfx-empty-password',
			message: `${n} opens with an empty password. If the code passes a password, the PFX's integrity check fails with it.`,
			fix: 'Pass an empty password (or none), or re-export the PFX with the password the code uses.',
		});
	}
	if (f.pfx.error) {
		out.push({ severity: 'error', code: 'pfx-unreadable', message: `${n}: ${f.pfx.error}`, fix: 'Export the PFX again, or convert it with openssl.' });
	}
	return out;
}

function pfxLegacyFindings(f: FileFacts): Finding[] {
	if (!f.pfx) {
		return [];
	}
	const n = `'${f.label}'`;
	const out: Finding[] = [];
	if (f.pfx.rc2) {
		out.push({
			severity: 'error',
			code: 'pfx-legacy-rc2',
			message: `${n} is encrypted with RC2 (pbeWithSHAAnd40BitRC2-CBC), which OpenSSL 3 — Node.js 17+, current Python, Ruby and PHP, the openssl CLI — reads only with its legacy provider.`,
			fix: `Re-export it with AES: 'openssl pkcs12 -legacy -in ${f.label} -nodes -out tmp.pem' then 'openssl pkcs12 -export -in tmp.pem -out new.pfx' (delete tmp.pem afterwards).`,
		});
	}
	if (f.pfx.pbes2) {
		out.push({
			severity: 'info',
			code: 'pfx-aes-pbes2',
			message: `${n} is encrypted with PBES2/AES (what OpenSSL 3 writes). Windows Server 2016 and earlier, Windows 10 before 1709 and Java 8 before 8u301 cannot read it and report a wrong password instead.`,
			fix: `For those systems, re-export with the older algorithms: 'openssl pkcs12 -in ${f.label} -nodes -out tmp.pem' then 'openssl pkcs12 -export -legacy -in tmp.pem -out compat.pfx'.`,
		});
	}
	return out;
}

/** CryptoAPI providers of type PROV_RSA_FULL: they sign with SHA-1 and MD5 only, never SHA-256. */
const LEGACY_PROVIDER = /Microsoft (?:Base|Strong|Enhanced) Cryptographic Provider/i;
const SHA256_PROVIDER = /Enhanced RSA and AES Cryptographic Provider|Key Storage Provider|Platform Crypto Provider/i;
const REEXPORT_AES_CSP = (label: string) =>
	`re-export it with the key in the AES provider: 'openssl pkcs12 -in ${label} -nodes -out tmp.pem' then 'openssl pkcs12 -export -in tmp.pem -out app-aes.pfx -CSP "Microsoft Enhanced RSA and AES Cryptographic Provider"' (delete tmp.pem), and import that one`;

function pfxCspFindings(f: FileFacts): Finding[] {
	if (!f.pfx) {
		return [];
	}
	const n = `'${f.label}'`;
	const legacy = f.pfx.providers.filter((p) => LEGACY_PROVIDER.test(p));
	if (legacy.length > 0) {
		return [
			{
				severity: 'error',
				code: 'pfx-legacy-csp',
				message: `${n} binds its private key to '${legacy[0]}', a legacy CryptoAPI provider (PROV_RSA_FULL). Windows imports the key there, and RSACryptoServiceProvider then cannot sign SHA-256, which RS256/PS256 client assertions need ("Invalid algorithm specified").`,
				fix: `Sign through CNG (certificate.GetRSAPrivateKey(), or MSAL.NET, which switches the provider itself), or ${REEXPORT_AES_CSP(f.label)}.`,
			},
		];
	}
	const modern = f.pfx.providers.find((p) => SHA256_PROVIDER.test(p));
	if (modern) {
		return [
			{
				severity: 'info',
				code: 'pfx-csp-sha256-capable',
				message: `${n} binds its key to '${modern}', which can sign SHA-256. If the error persists, the code uses a copy imported earlier under another provider.`,
				fix: "Look at the store entry the code really uses ('certutil -user -store My <thumbprint>' shows its Provider), delete and re-import it from this PFX, or sign with certificate.GetRSAPrivateKey().",
			},
		];
	}
	return [
		{
			severity: 'info',
			code: 'pfx-no-csp',
			message: `${n} names no key provider, so Windows picks its default one on import. Under .NET Framework, certificate.PrivateKey then comes back as an RSACryptoServiceProvider that may not sign SHA-256.`,
			fix: `Sign with certificate.GetRSAPrivateKey() (CNG) rather than casting PrivateKey to RSACryptoServiceProvider, or ${REEXPORT_AES_CSP(f.label)}.`,
		},
	];
}

// ---------------------------------------------------------------------------------------------------
// Checks on the text: the values a report shows being passed to the library.

/** Characters that render as nothing and travel with copied text (bidi marks, zero-width, BOM). */
// (all at U+200B or above: four hex digits each)
const INVISIBLE = '\\u200B-\\u200F\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF';
const INVISIBLE_RE = new RegExp(`[${INVISIBLE}]`, 'g');

function visible(value: string): string {
	return value.replace(INVISIBLE_RE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase()}>`);
}

/** A name that takes key or certificate material (PEM text), not a path, a name or an ID. */
function isKeyParameter(name: string): boolean {
	return /private_?key|cert|key$|^key|pem$|^pem/i.test(name) && !/path|file|dir|url|uri|name|thumb|location|store|password|passphrase|vault|api|_?id$|size|type|usage|kind/i.test(name);
}

/** Parameters that take PEM text by definition (MSAL Python, msal-node, jsonwebtoken). */
const PEM_TEXT_PARAMETER = /^(?:private_key|privateKey|secretOrPrivateKey|private_key_pem|privateKeyPem)$/;

function isPathValue(value: string): boolean {
	if (/-----BEGIN|^[a-z][a-z0-9+.-]*:\/\//i.test(value) || value.length < 2) {
		return false;
	}
	return /^(?:[A-Za-z]:[\\/]|\\\\|~[\\/]|\.{1,2}[\\/]|\/)/.test(value) || /\.(?:pem|key|crt|cer|pfx|p12)$/i.test(value);
}

const KEY_ASSIGNMENT = /(?<![\w$])([A-Za-z_$][\w$]{0,60})["']?\s{0,4}(?:=|:)\s{0,4}[rbu]?(["'])([^"'\r\n]{1,300})\2/gi;
const KEY_CALL = /\b(createPrivateKey|load_pem_private_key|load_pem_x509_certificate|load_privatekey|load_certificate|ImportFromPem|CreateFromPem)\s{0,4}\(\s{0,4}(?:FILETYPE_PEM\s{0,4},\s{0,4})?[rbu]?(["'])([^"'\r\n]{1,300})\2/g;

/** A key or certificate parameter given a file path where the library takes the PEM text. */
function keyPathFindings(text: string): Finding[] {
	const seen = new Set<string>();
	const out: Finding[] = [];
	const report = (name: string, value: string, index: number, certain: boolean) => {
		if (seen.has(value) || !isPathValue(value)) {
			return;
		}
		seen.add(value);
		const q = JSON.stringify(value);
		out.push({
			severity: certain ? 'error' : 'warning',
			code: 'key-argument-is-path',
			message: certain
				? `${name} is given ${q}, a file path. That parameter takes the PEM text of the key (or certificate) itself, so the library parsed the path string as PEM and found no key in it.`
				: `${name} holds ${q}, a file path. Where it is passed as the key or certificate itself (ADAL's certificate argument, MSAL's private_key / privateKey, jsonwebtoken, ImportFromPem), the library parses the path string as PEM and finds no key in it.`,
			fix: `Read the file and pass its contents: Python open(${q}).read(), Node fs.readFileSync(${q}, 'utf8'), .NET File.ReadAllText(${q}); or use an API that takes a path (azure-identity's certificate_path / ClientCertificateCredential(tenant, client, path), az login --certificate).`,
			range: { start: index, end: index + value.length },
		});
	};
	for (const m of text.matchAll(KEY_ASSIGNMENT)) {
		if (isKeyParameter(m[1])) {
			report(`'${m[1]}'`, m[3], (m.index ?? 0) + m[0].length - m[3].length - 1, PEM_TEXT_PARAMETER.test(m[1]));
		}
		if (out.length >= 3) {
			return out;
		}
	}
	for (const m of text.matchAll(KEY_CALL)) {
		report(`${m[1]}()`, m[3], (m.index ?? 0) + m[0].length - m[3].length - 1, true);
		if (out.length >= 3) {
			break;
		}
	}
	return out;
}

const HEX_RUN = `[${INVISIBLE}]*(?:[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){9,}|[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){9,}|[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2}){9,}|(?:[0-9A-Fa-f]|[${INVISIBLE}]){16,80})(?![0-9A-Fa-f])`;
const THUMBPRINT_VALUE = new RegExp(`([\\w$.-]{0,60}thumbprint\\w{0,30})["']?[ \\t]{0,4}(?:[:=][ \\t]{0,4}|[ \\t])[rbu]?["']?(${HEX_RUN})`, 'gi');

/** Thumbprints in the text written with separators, invisible characters, or the wrong length. */
function thumbprintTextFindings(text: string): Finding[] {
	const out: Finding[] = [];
	const seen = new Set<string>();
	for (const m of text.matchAll(THUMBPRINT_VALUE)) {
		const [, name, raw] = m;
		if (seen.has(raw) || out.length >= 3) {
			continue;
		}
		seen.add(raw);
		const clean = raw.replace(/[^0-9A-Fa-f]/g, '');
		const range = { start: (m.index ?? 0) + m[0].length - raw.length, end: (m.index ?? 0) + m[0].length };
		const invisible = raw.match(INVISIBLE_RE);
		if (invisible) {
			const codes = [...new Set(invisible.map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase()}`))].join(', ');
			out.push({
				severity: 'error',
				code: 'thumbprint-invisible-character',
				message: `The thumbprint given to ${name} carries invisible character(s) (${codes}): '${visible(raw)}'. The Windows certificate dialog (certmgr.msc) copies a left-to-right mark (U+200E) with the hex, so the value is ${raw.length} characters, a lookup by thumbprint finds nothing, and Connect-MgGraph reports that it must have a length of 40.`,
				fix: `Type the thumbprint again, or strip everything that isn't hex ($tp = $tp -replace '[^0-9A-Fa-f]', '')${clean.length === 40 ? `: ${clean.toUpperCase()}` : ''}.`,
				range,
				replacement: clean.length === 40 ? clean.toUpperCase() : undefined,
			});
			continue;
		}
		const separator = /[: -]/.exec(raw)?.[0];
		if (separator) {
			out.push({
				severity: 'warning',
				code: 'thumbprint-separators',
				message: `The thumbprint given to ${name} is written with '${separator}' separators ('${raw}'). Certificate stores and most libraries expect ${clean.length === 64 ? '64' : '40'} bare hex digits; ADAL Python strips ':' and spaces itself, but code that hex-decodes the value as given (msal-node, hand-written assertions) fails or puts the wrong bytes in x5t (AADSTS700027).`,
				fix: `Give it without separators: ${clean.toUpperCase()}.`,
				range,
				replacement: clean.toUpperCase(),
			});
		}
		if (clean.length !== 40 && clean.length !== 64) {
			out.push({
				severity: 'warning',
				code: 'thumbprint-length',
				message: `The thumbprint given to ${name} has ${clean.length} hex digits; a SHA-1 thumbprint has 40 (a SHA-256 one 64).`,
				fix: "Copy the whole thumbprint again (PowerShell: (Get-PfxCertificate app.pfx).Thumbprint; openssl: 'openssl x509 -in cert.pem -noout -fingerprint -sha1', colons removed).",
				range,
			});
		}
	}
	return out;
}

function keyMatchFindings(files: FileFacts[]): Finding[] {
	const leafs = files.flatMap((f) => (f.certificates[0] ? [{ label: f.label, der: f.certificates[0].der }] : []));
	const keys = files.flatMap((f) => f.keys.map((k) => ({ label: f.label, key: k })));
	if (leafs.length === 0) {
		return [];
	}
	const out: Finding[] = [];
	for (const k of keys) {
		const own = leafs.find((c) => c.label === k.label);
		const matches = leafs.filter((c) => keyMatchesCertificate(k.key, c.der));
		if (own && !matches.includes(own)) {
			out.push({
				severity: 'error',
				code: 'key-certificate-mismatch',
				message: `The private key in '${k.label}' does not belong to the certificate in the same file${matches.length ? `; it belongs to '${matches.map((m) => m.label).join("', '")}'` : ''}.`,
				fix: 'Put the certificate together with its own key (compare "openssl x509 -noout -pubkey" with "openssl pkey -pubout"), leaf certificate first.',
			});
		} else if (!own && matches.length === 0) {
			out.push({
				severity: 'error',
				code: 'key-certificate-mismatch',
				message: `The private key in '${k.label}' belongs to none of the certificates given (${leafs.map((c) => `'${c.label}'`).join(', ')}).`,
				fix: "Find the key that was created with the certificate (or the PFX that holds both); a renewed certificate comes with a new key.",
			});
		}
	}
	return out;
}

function validityOf(f: FileFacts, now: Date): Finding[] {
	const leaf = f.certificates[0]?.info;
	if (!leaf) {
		return [];
	}
	return [...validityFindings(leaf, now), ...leaf.problems].map((x) => ({ ...x, message: `'${f.label}': ${x.message}` }));
}

/**
 * Findings for a failure that happened before any request (a certificate, key or PFX that could not be
 * loaded or used), or undefined when the text is no such failure. The files in `context.files` are read
 * with the certificate core and checked for the causes the matched messages can have.
 * @example
 * localFailureFindings('Error: error:1E08010C:DECODER routines::unsupported', { now, files: [{ label: 'key.pem', bytes }] });
 * // [{ code: 'openssl-decoder-unsupported', … }, { code: 'key-encrypted', message: "The private key in 'key.pem' is encrypted …" }]
 */
export function localFailureFindings(text: string, context: Pick<DiagnoseContext, 'now' | 'files'>): Finding[] | undefined {
	const matched = matchLocalFailures(text);
	if (matched.length === 0) {
		return undefined;
	}
	const out: Finding[] = matched.map(({ entry }) => ({
		severity: 'error',
		code: entry.id,
		message: `${entry.library}: ${entry.meaning} Usual causes: ${entry.causes.join('; ')}.`,
		fix: entry.fix,
	}));
	const checks = new Set(matched.flatMap(({ entry }) => entry.checks));
	if (checks.has('key-path-argument')) {
		out.push(...keyPathFindings(text));
	}
	if (checks.has('thumbprint-text')) {
		out.push(...thumbprintTextFindings(text));
	}
	const fileChecks = [...checks].filter((c) => !TEXT_CHECKS.includes(c));
	const files = (context.files ?? []).map(examine);
	if (fileChecks.length === 0 && files.every((f) => f.kind !== 'empty' && f.kind !== 'unknown' && !f.pemError)) {
		// Nothing about the files can decide between this failure's causes (a store, a provider, a CI setting).
		return out;
	}
	if (files.length === 0) {
		out.push({
			severity: 'info',
			code: 'local-failure-files-not-checked',
			message: 'No certificate, key or PFX file was given, so the kit could not tell which of these causes applies.',
			fix: 'Name the files the code loads (entra-cert diagnose FILE --cert cert.pem --cert key.pem, or open them in the workspace) to have them checked.',
		});
		return out;
	}
	const fileFindings: Finding[] = [];
	for (const f of files) {
		if (checks.has('pem-structure')) {
			fileFindings.push(...structureFindings(f));
		} else if (f.kind === 'empty' || f.kind === 'unknown' || f.pemError) {
			fileFindings.push(...structureFindings(f));
		}
		if (checks.has('key-encrypted')) {
			fileFindings.push(...encryptedFindings(f));
		}
		if (checks.has('key-format')) {
			fileFindings.push(...formatFindings(f));
		}
		if (checks.has('pfx-password')) {
			fileFindings.push(...pfxPasswordFindings(f));
		}
		if (checks.has('pfx-legacy')) {
			fileFindings.push(...pfxLegacyFindings(f));
		}
		if (checks.has('pfx-csp')) {
			fileFindings.push(...pfxCspFindings(f));
		}
		if (checks.has('cert-validity')) {
			fileFindings.push(...validityOf(f, context.now));
		}
	}
	if (checks.has('key-match')) {
		fileFindings.push(...keyMatchFindings(files));
	}
	if (fileFindings.length === 0) {
		out.push({
			severity: 'info',
			code: 'local-failure-files-look-fine',
			message: `The files given (${files.map((f) => `'${f.label}'`).join(', ')}) show none of the causes the kit can check from the files alone.`,
			fix: 'Check what the code actually loads at run time (path, environment variable, store location, the account it runs as) against these files.',
		});
	}
	return [...out, ...fileFindings];
}
