/**
 * Manifest lint: what is wrong with the keyCredentials of an app manifest, with the offsets of the
 * offending values so the editor can underline them and offer fixes.
 */
import { X509Certificate, randomUUID } from 'node:crypto';
import { CoreError } from '../errors';
import { base64Encode, decodeAnyBase64, utf8 } from '../encoding';
import { thumbprints } from '../certificate/thumbprint';
import type { Finding } from '../findings';
import { parseManifest, type ManifestKeyCredential } from './model';
import { lintFederatedCredentials, parseFederatedCredentials } from './federated';

export interface LintOptions {
	now: Date;
	/** Certificates of the workspace (reserved for cross-checks; entries are checked against their own key/value). */
	certificates?: { der: Uint8Array; subject: string; notBefore: Date; notAfter: Date }[];
	expiryWarningDays?: number;
	fileName?: string;
	/** Makes the new keyId a duplicate-keyId fix proposes (default: a random GUID). */
	newGuid?: () => string;
}

/** An ISO date as manifests write it: whole seconds without milliseconds. */
function manifestDate(d: Date): string {
	return d.toISOString().replace(/\.000Z$/, 'Z');
}

const PEM_TEXT_PREFIX = 'LS0tLS1CRUdJTi'; // base64 of "-----BEGIN"
const DAY = 86400000;

/**
 * DER base64 for a value that holds base64 of PEM text (`LS0tLS1CRUdJTi…`), or undefined when it isn't that.
 * @example
 * fixPemTextValue(Buffer.from(pemText).toString('base64')); // 'MIIC…' (DER base64)
 */
export function fixPemTextValue(value: string): string | undefined {
	if (!value.startsWith(PEM_TEXT_PREFIX)) {
		return undefined;
	}
	const bytes = decodeAnyBase64(value);
	if (!bytes) {
		return undefined;
	}
	const block = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(utf8(bytes).replace(/\\n/g, '\n'));
	const der = block ? decodeAnyBase64(block[1].replace(/\s+/g, '')) : undefined;
	return der && parseDer(der) ? base64Encode(der) : undefined;
}

/** base64 of the SHA-1 of the certificate in a key/value field (the right customKeyIdentifier), or undefined. */
export function expectedCustomKeyIdentifier(certBase64: string): string | undefined {
	const der = certificateBytes(certBase64);
	return der ? thumbprints(der).customKeyIdentifier : undefined;
}

/** DER bytes of a key/value field, accepting base64 of PEM text too. */
function certificateBytes(certBase64: string): Uint8Array | undefined {
	const fixed = fixPemTextValue(certBase64);
	const bytes = decodeAnyBase64(fixed ?? certBase64);
	return bytes && parseDer(bytes) ? bytes : undefined;
}

function parseDer(der: Uint8Array): X509Certificate | undefined {
	try {
		return new X509Certificate(der);
	} catch {
		return undefined;
	}
}

/** Lints the manifest's keyCredentials. Invalid JSON gives one error finding (never a throw). */
export function lintManifest(text: string, options: LintOptions): Finding[] {
	const federated = parseFederatedCredentials(text);
	if (federated && federated.shape !== 'manifest') {
		// An export of federated credentials (az … federated-credential list, Graph, one record, ARM): no keyCredentials.
		return lintFederatedCredentials(text);
	}
	let parsed;
	try {
		parsed = parseManifest(text, options.fileName);
	} catch (e) {
		if (e instanceof CoreError) {
			return [{ severity: 'error', code: 'manifest-invalid-json', message: e.message, fix: 'Correct the JSON at the position given; a manifest downloaded from the portal is plain JSON.' }];
		}
		throw e;
	}
	const findings: Finding[] = [];
	const warnDays = options.expiryWarningDays ?? 30;
	const seenKeyIds = new Map<string, number>();
	for (const k of parsed.keyCredentials) {
		const name = k.displayName || k.keyId || `keyCredentials[${k.index}]`;
		const at = (prop: string) => {
			const r = k.valueRanges[prop];
			return r ? { start: r.offset, end: r.offset + r.length } : { start: k.offset, end: k.offset + k.length };
		};
		const valueProp = 'key' in k.valueRanges ? 'key' : 'value';
		if (k.keyId) {
			const first = seenKeyIds.get(k.keyId.toLowerCase());
			if (first !== undefined) {
				findings.push({ severity: 'error', code: 'keycred-duplicate-keyid', message: `keyCredentials[${k.index}] has keyId ${k.keyId}, the same as keyCredentials[${first}].`, fix: 'Give each entry its own new GUID as keyId; the quick fix makes one.', range: at('keyId'), replacement: JSON.stringify((options.newGuid ?? randomUUID)()) });
			} else {
				seenKeyIds.set(k.keyId.toLowerCase(), k.index);
			}
		}
		if (k.type !== undefined && k.type !== 'AsymmetricX509Cert') {
			findings.push({ severity: 'warning', code: 'keycred-bad-type-usage', message: `${name}: type is '${k.type}'; a certificate credential has type 'AsymmetricX509Cert'.`, fix: "Set type to 'AsymmetricX509Cert'; the quick fix does it.", range: at('type'), replacement: JSON.stringify('AsymmetricX509Cert') });
		}
		if (k.usage !== undefined && k.usage !== 'Verify') {
			findings.push({
				severity: 'warning',
				code: 'keycred-bad-type-usage',
				message: `${name}: usage is '${k.usage}'. Client assertions are checked against keys with usage 'Verify'; 'Sign' is for custom token-signing keys (SAML, claims mapping).`,
				fix: "Set usage to 'Verify' for a client-authentication certificate; the quick fix does it.",
				range: at('usage'),
				replacement: JSON.stringify('Verify'),
			});
		}
		checkDates(k, name, options.now, warnDays, at, findings);
		if (k.certificateBase64 === '' && valueProp in k.valueRanges) {
			// null is how Graph and the portal show a registered key they don't return; an empty string registers nothing.
			findings.push({ severity: 'error', code: 'keycred-empty-key', message: `${name}: '${valueProp}' is an empty string, so the entry holds no certificate; Entra refuses to save it.`, fix: `Put base64 of the certificate's DER bytes (the .cer file) in '${valueProp}', or use Insert keyCredential into Manifest, which writes the whole entry.`, range: at(valueProp) });
			continue;
		}
		if (!k.certificateBase64) {
			continue;
		}
		const pemFix = fixPemTextValue(k.certificateBase64);
		if (k.certificateBase64.startsWith(PEM_TEXT_PREFIX)) {
			findings.push({
				severity: 'error',
				code: 'keycred-pem-text',
				message: `${name}: '${valueProp}' starts with 'LS0tLS1CRUdJTi', which is base64 of the PEM text "-----BEGIN…", not of the DER certificate.`,
				fix: pemFix ? `Replace it with the DER base64 (starts '${pemFix.slice(0, 8)}…'); the quick fix does it.` : `Use base64 of the DER certificate (the .cer file), e.g. 'openssl x509 -in cert.pem -outform DER | base64 -w0'.`,
				range: at(valueProp),
				replacement: pemFix ? JSON.stringify(pemFix) : undefined,
			});
		}
		const der = certificateBytes(k.certificateBase64);
		if (!der) {
			if (!k.certificateBase64.startsWith(PEM_TEXT_PREFIX)) {
				findings.push({ severity: 'error', code: 'keycred-not-der', message: `${name}: '${valueProp}' is not base64 of a DER certificate.`, fix: "Put base64 of the certificate's DER bytes (the .cer file) there.", range: at(valueProp) });
			}
			continue;
		}
		const x = parseDer(der);
		const expected = thumbprints(der).customKeyIdentifier;
		if (k.customKeyIdentifier && k.customKeyIdentifier !== expected) {
			const hexText = /^[0-9a-fA-F]{40}$/.test(k.customKeyIdentifier);
			findings.push({
				severity: 'warning',
				code: 'keycred-cki-mismatch',
				message: hexText
					? `${name}: customKeyIdentifier holds the hex thumbprint as text; JSON binary fields are base64, so Entra reads these 40 characters as 30 bytes and shows a "longer thumbprint".`
					: `${name}: customKeyIdentifier ${k.customKeyIdentifier} is not the SHA-1 of the certificate in '${valueProp}' (expected ${expected}).`,
				fix: `Set customKeyIdentifier to ${expected} (base64 of the SHA-1 thumbprint bytes); the quick fix does it.`,
				range: at('customKeyIdentifier'),
				replacement: JSON.stringify(expected),
			});
		}
		if (x) {
			const certFrom = new Date(x.validFrom);
			const certTo = new Date(x.validTo);
			const start = k.start ? new Date(k.start) : undefined;
			const end = k.end ? new Date(k.end) : undefined;
			// A certificate whose validity Node cannot read as dates (a damaged time field) has nothing to compare.
			if (Number.isNaN(certFrom.getTime()) || Number.isNaN(certTo.getTime())) {
				continue;
			}
			// One finding per date, each fixed on its own value.
			const validity = `the certificate's validity (${manifestDate(certFrom)} – ${manifestDate(certTo)})`;
			if (start && start.getTime() < certFrom.getTime() - 1000) {
				findings.push({
					severity: 'warning',
					code: 'keycred-dates-outside-cert',
					message: `${name}: the entry starts on ${k.start}, before ${validity}.`,
					fix: `Set the start to the certificate's notBefore, ${manifestDate(certFrom)}; the quick fix does it.`,
					range: at('startDateTime' in k.valueRanges ? 'startDateTime' : 'startDate'),
					replacement: JSON.stringify(manifestDate(certFrom)),
				});
			}
			if (end && end.getTime() > certTo.getTime() + 1000) {
				findings.push({
					severity: 'warning',
					code: 'keycred-dates-outside-cert',
					message: `${name}: the entry ends on ${k.end}, after ${validity}.`,
					fix: `Set the end to the certificate's notAfter, ${manifestDate(certTo)}; the quick fix does it.`,
					range: at('endDateTime' in k.valueRanges ? 'endDateTime' : 'endDate'),
					replacement: JSON.stringify(manifestDate(certTo)),
				});
			}
		}
	}
	if (federated) {
		findings.push(...lintFederatedCredentials(text));
	}
	return findings;
}

function checkDates(k: ManifestKeyCredential, name: string, now: Date, warnDays: number, at: (prop: string) => { start: number; end: number }, findings: Finding[]): void {
	// an absent or unreadable end date is NaN, which compares false below: no finding
	const end = new Date(k.end ?? NaN);
	const endProp = 'endDateTime' in k.valueRanges ? 'endDateTime' : 'endDate';
	const days = Math.floor((end.getTime() - now.getTime()) / DAY);
	if (end.getTime() < now.getTime()) {
		findings.push({ severity: 'error', code: 'keycred-expired', message: `${name} expired on ${end.toISOString()} (${-days} days ago); Entra rejects assertions signed with it.`, fix: 'Generate a new certificate, register it, switch the app to it, then remove this entry.', range: at(endProp) });
	} else if (days < warnDays) {
		findings.push({ severity: 'warning', code: 'keycred-expiring', message: `${name} expires on ${end.toISOString()} (in ${days} days).`, fix: 'Register a new certificate next to it now and switch before it expires.', range: at(endProp) });
	}
}
