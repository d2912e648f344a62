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
import { looksLikePfx, readPfx } from '../certificate/pfx';
import { orderChain } from '../certificate/read';
import { describeCertificate, validityFindings, type CertificateInfo } from '../certificate/x509';
import type { DiagnoseContext } from './keys';
import entriesJson from './catalog/local-failures.json';

/** The file checks an entry can ask for. */
export const LOCAL_CHECKS = ['pem-structure', 'key-encrypted', 'key-format', 'pfx-password', 'pfx-legacy', 'key-match', 'cert-validity'] as const;
export type LocalCheck = (typeof LOCAL_CHECKS)[number];

export interface LocalFailureEntry {
	/** Stable rule id; the finding's code. */
	id: string;
	/** Regular expressions (case-insensitive) for the messages, as the libraries print them. */
	patterns: string[];
	library: string;
	meaning: string;
	causes: string[];
	fix: string;
	sources: string[];
	checks: LocalCheck[];
}

/** The catalog of local failures, as data. */
export const LOCAL_FAILURES: readonly LocalFailureEntry[] = entriesJson as LocalFailureEntry[];

let compiled: { entry: LocalFailureEntry; res: RegExp[] }[] | undefined;
function matchers(): { entry: LocalFailureEntry; res: RegExp[] }[] {
	compiled ??= LOCAL_FAILURES.map((entry) => ({ entry, res: entry.patterns.map((p) => new RegExp(p, 'i')) }));
	return compiled;
}

/** Long logs are matched on their first and last parts, where exceptions and their causes are printed. */
const SCAN_LIMIT = 2_000_000;
function scanned(text: string): string {
	return text.length <= SCAN_LIMIT ? text : `${text.slice(0, SCAN_LIMIT / 2)}\n${text.slice(-SCAN_LIMIT / 2)}`;
}

/** The catalog entries whose messages the text carries, earliest match first. */
export function matchLocalFailures(text: string): { entry: LocalFailureEntry; at: number }[] {
	const t = scanned(text);
	const out: { entry: LocalFailureEntry; at: number }[] = [];
	for (const { entry, res } of matchers()) {
		let at = -1;
		for (const re of res) {
			const i = t.search(re);
			if (i >= 0 && (at < 0 || i < at)) {
				at = i;
			}
		}
		if (at >= 0) {
			out.push({ entry, at });
		}
	}
	return out.sort((a, b) => a.at - b.at);
}

/** True when the text carries a message of a certificate, key or PFX that could not be loaded or used. */
export function looksLikeLocalFailure(text: string): boolean {
	const t = scanned(text);
	return matchers().some(({ res }) => res.some((re) => re.test(t)));
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
	pfx?: { opened: boolean; passwordProtected: boolean; rc2: boolean; pbes2: boolean; error?: string };
}

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY'];
const CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];

/** DER encodings of the PKCS#12 PBE algorithm OIDs (RFC 7292 Appendix C) and of PBES2, as found in a PFX. */
const OID_BYTES = {
	rc2_128: [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x05],
	rc2_40: [0x06, 0x0a, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01, 0x06],
	pbes2: [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d],
};

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
		const pfx = { opened: false, passwordProtected: false, rc2: contains(bytes, OID_BYTES.rc2_40) || contains(bytes, OID_BYTES.rc2_128), pbes2: contains(bytes, OID_BYTES.pbes2) } as NonNullable<FileFacts['pfx']>;
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
		case 'pem':
			break;
	}
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

function keyMatchFindings(files: FileFacts[]): Finding[] {
	const leafs = files.flatMap((f) => (f.certificates[0] ? [{ label: f.label, der: f.certificates[0].der }] : []));
	const keys = files.flatMap((f) => f.keys.map((k) => ({ label: f.label, key: k })));
	if (leafs.length === 0 || keys.length === 0) {
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
	const files = (context.files ?? []).map(examine);
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
