/**
 * Describing a certificate (subject, issuer, dates, key, thumbprints) with Node's own X509Certificate and a one-pass
 * DER read of the few fields whose text form the kit has always printed as @peculiar/x509 prints them (RFC 4514-like
 * names, the WebCrypto name of the signature algorithm). Loading @peculiar/x509 costs 0.1-0.7 s (reflect-metadata,
 * tsyringe and the ASN.1 schemas run at load), so it is loaded only for what this file does not read the same way:
 * an unusual string type or time form in the certificate, an unknown or RSA-PSS signature algorithm, or a certificate
 * Node refuses. The unit test compares both paths over varied and corrupted certificates.
 */
import type { X509Certificate as NodeX509 } from 'node:crypto';
import type { Finding } from '../findings';
import { toHex } from '../encoding';
import { thumbprints, type Thumbprints } from './thumbprint';
import { certificateFields, nameAttributes, oidText, type NameAttribute } from './der';
import { x509Module } from './lazy';
import { parseX509 } from './parsed';

export interface CertificateInfo extends Thumbprints {
	subject: string;
	issuer: string;
	/** Uppercase hex. */
	serialNumber: string;
	notBefore: Date;
	notAfter: Date;
	/** 'RSA', 'EC', 'Ed25519', … */
	keyAlgorithm: string;
	/** RSA modulus bits or EC curve bits. */
	keySize?: number;
	signatureAlgorithm: string;
	selfSigned: boolean;
	der: Uint8Array;
	/** Problems Entra would reject the certificate for (non-RSA key, key under 2048 bits). */
	problems: Finding[];
}

/**
 * Parses DER and describes the certificate.
 * @example
 * describeCertificate(der).sha1Hex; // the portal's thumbprint
 */
export function describeCertificate(der: Uint8Array): CertificateInfo {
	return quickDescription(der) ?? x509Module().describeWithX509(der);
}

/** The key's algorithm, size and Entra's problems with it, from Node's reading of the public key. */
export function keyFacts(node: NodeX509): Pick<CertificateInfo, 'keyAlgorithm' | 'keySize' | 'problems'> {
	const key = node.publicKey;
	const type = key.asymmetricKeyType ?? 'unknown';
	const keyAlgorithm = type === 'rsa' || type === 'rsa-pss' ? 'RSA' : type === 'ec' ? 'EC' : type === 'ed25519' ? 'Ed25519' : type.toUpperCase();
	const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };
	const details = key.asymmetricKeyDetails;
	const keySize = details?.modulusLength ?? (details?.namedCurve ? curveBits[details.namedCurve] : undefined);
	const problems: Finding[] = [];
	if (keyAlgorithm !== 'RSA') {
		problems.push({ severity: 'error', code: 'key-not-rsa', message: `The certificate has an ${keyAlgorithm} key; "Microsoft Entra ID currently supports only RSA" for certificate credentials.`, fix: 'Generate an RSA certificate (2048 bits or more).' });
	} else if (keySize !== undefined && keySize < 2048) {
		problems.push({ severity: 'error', code: 'AADSTS700027', message: `The RSA key has ${keySize} bits; Entra answers "RSA key size ${keySize} is less than the minimum required 2048 bits".`, fix: 'Generate a new certificate with a 2048-bit (or larger) RSA key.' });
	}
	return { keyAlgorithm, keySize, problems };
}

/** Signature algorithm OIDs and the names @peculiar/x509 gives them ('<WebCrypto name> <hash>'). */
const SIGNATURE_NAMES: Record<string, string> = {
	'1.2.840.113549.1.1.1': 'RSASSA-PKCS1-v1_5',
	'1.2.840.113549.1.1.5': 'RSASSA-PKCS1-v1_5 SHA-1',
	'1.2.840.113549.1.1.11': 'RSASSA-PKCS1-v1_5 SHA-256',
	'1.2.840.113549.1.1.12': 'RSASSA-PKCS1-v1_5 SHA-384',
	'1.2.840.113549.1.1.13': 'RSASSA-PKCS1-v1_5 SHA-512',
	'1.2.840.10045.4.1': 'ECDSA SHA-1',
	'1.2.840.10045.4.3.2': 'ECDSA SHA-256',
	'1.2.840.10045.4.3.3': 'ECDSA SHA-384',
	'1.2.840.10045.4.3.4': 'ECDSA SHA-512',
	'1.3.101.112': 'Ed25519',
	'1.3.101.113': 'EdDSA',
};

/** Attribute type OIDs and their short names, as @peculiar/x509 writes them; other types print as the dotted OID. */
const ATTRIBUTE_NAMES: Record<string, string> = {
	'2.5.4.3': 'CN',
	'2.5.4.7': 'L',
	'2.5.4.8': 'ST',
	'2.5.4.10': 'O',
	'2.5.4.11': 'OU',
	'2.5.4.6': 'C',
	'0.9.2342.19200300.100.1.25': 'DC',
	'1.2.840.113549.1.9.1': 'E',
	'2.5.4.42': 'G',
	'2.5.4.43': 'I',
	'2.5.4.4': 'SN',
	'2.5.4.12': 'T',
};

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a name attribute's value; undefined for a string type or content read differently elsewhere. */
function attributeText(a: NameAttribute): string | undefined {
	switch (a.tag) {
		case 0x13: // PrintableString
		case 0x14: // TeletexString
		case 0x16: // IA5String
			return Buffer.from(a.value.buffer, a.value.byteOffset, a.value.length).toString('latin1');
		case 0x0c: // UTF8String
			try {
				return utf8.decode(a.value);
			} catch {
				return undefined;
			}
		case 0x1e: {
			// BMPString: UTF-16BE; unpaired or paired surrogates are left to the full reader.
			if (a.value.length % 2 !== 0) {
				return undefined;
			}
			let s = '';
			for (let i = 0; i < a.value.length; i += 2) {
				const c = (a.value[i] << 8) | a.value[i + 1];
				if (c >= 0xd800 && c <= 0xdfff) {
					return undefined;
				}
				s += String.fromCharCode(c);
			}
			return s;
		}
		default:
			return undefined;
	}
}

/** RFC 4514-style escaping as @peculiar/x509 does it (only the first control character becomes \XX). */
function escapeValue(v: string): string {
	return v
		.replace(/([,+"\\<>;])/g, '\\$1')
		.replace(/^([ #])/, '\\$1')
		.replace(/([ ]$)/, '\\$1')
		.replace(/([\r\n\t])/, (c) => `\\${Buffer.from(c, 'utf8').toString('hex').toUpperCase()}`);
}

/** 'CN=a, O=b' (RDNs in encoded order, multi-valued ones joined with '+'); undefined when not read here. */
function nameText(name: Uint8Array): string | undefined {
	const rdns = nameAttributes(name);
	if (!rdns) {
		return undefined;
	}
	const parts: string[] = [];
	for (const rdn of rdns) {
		const attrs: string[] = [];
		for (const a of rdn) {
			const oid = oidText(a.oid);
			const text = attributeText(a);
			if (oid === undefined || text === undefined) {
				return undefined;
			}
			attrs.push(`${ATTRIBUTE_NAMES[oid] ?? oid}=${escapeValue(text)}`);
		}
		parts.push(attrs.join('+'));
	}
	return parts.join(', ');
}

/** UTCTime YYMMDDHHMMSSZ (years 50-99 are 19xx) or GeneralizedTime YYYYMMDDHHMMSSZ; undefined for other forms. */
function timeValue(t: { tag: number; value: Uint8Array }): Date | undefined {
	const s = Buffer.from(t.value.buffer, t.value.byteOffset, t.value.length).toString('latin1');
	const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
	if (!m) {
		return undefined;
	}
	const [y, mo, d, h, mi, se] = m.slice(1).map(Number);
	const year = t.tag === 0x17 ? (y >= 50 ? 1900 + y : 2000 + y) : y;
	if (year < 1000) {
		return undefined;
	}
	return new Date(Date.UTC(year, mo - 1, d, h, mi, se));
}

/** The description without @peculiar/x509, or undefined when the certificate needs it (see the file comment). */
export function quickDescription(der: Uint8Array): CertificateInfo | undefined {
	let node: NodeX509;
	try {
		node = parseX509(der);
	} catch {
		return undefined;
	}
	const f = certificateFields(der);
	if (!f || f.serial.length === 0) {
		return undefined;
	}
	const oid = oidText(f.signatureOid);
	const signatureAlgorithm = oid === undefined ? undefined : SIGNATURE_NAMES[oid];
	const subject = nameText(f.subject);
	const issuer = nameText(f.issuer);
	const notBefore = timeValue(f.notBefore);
	const notAfter = timeValue(f.notAfter);
	if (!signatureAlgorithm || subject === undefined || issuer === undefined || !notBefore || !notAfter) {
		return undefined;
	}
	// x509 drops one leading zero byte when it only keeps the integer positive.
	const serial = f.serial.length > 1 && f.serial[0] === 0 && f.serial[1] > 0x7f ? f.serial.subarray(1) : f.serial;
	let key: ReturnType<typeof keyFacts>;
	try {
		key = keyFacts(node);
	} catch {
		// A public key Node cannot read: the full path says what it always said.
		return undefined;
	}
	return {
		...thumbprints(der),
		subject,
		issuer,
		serialNumber: toHex(serial),
		notBefore,
		notAfter,
		keyAlgorithm: key.keyAlgorithm,
		keySize: key.keySize,
		signatureAlgorithm,
		selfSigned: subject === issuer,
		der,
		problems: key.problems,
	};
}

/** Expired, not yet valid, or expiring within warnDays. */
export function validityFindings(info: Pick<CertificateInfo, 'notBefore' | 'notAfter' | 'subject'>, now: Date, warnDays = 30): Finding[] {
	const days = Math.floor((info.notAfter.getTime() - now.getTime()) / 86400000);
	if (info.notAfter.getTime() < now.getTime()) {
		return [{ severity: 'error', code: 'cert-expired', message: `${info.subject} expired on ${info.notAfter.toISOString()}.`, fix: 'Generate a new certificate and register it on the app.' }];
	}
	if (info.notBefore.getTime() > now.getTime()) {
		return [{ severity: 'warning', code: 'cert-not-yet-valid', message: `${info.subject} is not valid before ${info.notBefore.toISOString()}.`, fix: 'Wait, or check the clock of the machine that made it.' }];
	}
	if (days < warnDays) {
		return [{ severity: 'warning', code: 'cert-expiring', message: `${info.subject} expires on ${info.notAfter.toISOString()} (in ${days} days).`, fix: 'Register a new certificate next to it now and switch before it expires.' }];
	}
	return [];
}

/**
 * A safe base file name for a subject: the CN, lower case, letters/digits/dot/dash/underscore.
 * @example
 * fileBaseName('CN=My App, O=Contoso'); // 'my-app'
 */
export function fileBaseName(subject: string): string {
	const cn = /(?:^|,)\s*CN\s*=\s*([^,]+)/i.exec(subject)?.[1] ?? subject;
	return cn.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'certificate';
}
