/**
 * The thumbprint command's fast path: a PEM holding one plain certificate is described with Node's own
 * X509Certificate, so `entra-cert thumbprint c.pem` starts about as fast as Node itself (no @peculiar/x509, asn1js or
 * reflect-metadata to load). Anything outside the plain case returns undefined and the caller uses the core's
 * describeCertificate, so the output is the core's in every case; the unit test checks both give the same answer.
 *
 * The plain case: exactly one PEM block, labelled CERTIFICATE; an RSA key of 2048 bits or more (the core reports no
 * problem for it); subject and issuer made only of CN, O, OU, C, L, ST, DC attributes whose values need no escaping
 * (so Node's one-attribute-per-line form and the core's RFC 4514 form differ only in the separator).
 */
import { X509Certificate } from 'node:crypto';
import { looksLikePem, normalizePemText, pemBlocks } from '../../../core/certificate/pem';
import { thumbprints } from '../../../core/certificate/thumbprint';
import type { CertificateInfo } from '../../../core/certificate/x509';

/** What the thumbprint command prints. */
export type ThumbprintInfo = Pick<CertificateInfo, 'subject' | 'issuer' | 'notBefore' | 'notAfter' | 'keyAlgorithm' | 'keySize' | 'sha1Hex' | 'sha256Hex' | 'x5t' | 'x5tS256' | 'customKeyIdentifier' | 'serialNumber' | 'problems'>;

const PLAIN_ATTRIBUTE = /^(CN|O|OU|C|L|ST|DC)=[A-Za-z0-9 ._@:/()'?-]*$/;

/** A name in the core's form (`CN=a, O=b`), from Node's (`CN=a\nO=b`); undefined unless every line is plain. */
function plainName(nodeName: string): string | undefined {
	const lines = nodeName.split('\n');
	if (lines.some((l) => !PLAIN_ATTRIBUTE.test(l) || / $|= /.test(l))) {
		return undefined;
	}
	return lines.join(', ');
}

/** The serial number as uppercase hex, whole bytes (the core's form; the test checks high-bit and low-nibble serials). */
function serialHex(nodeSerial: string): string | undefined {
	if (!/^[0-9A-Fa-f]+$/.test(nodeSerial)) {
		return undefined;
	}
	return (nodeSerial.length % 2 === 1 ? '0' + nodeSerial : nodeSerial).toUpperCase();
}

/** Describes a plain single-certificate PEM; undefined for anything else (then use the core). */
export function quickDescribe(bytes: Uint8Array): ThumbprintInfo | undefined {
	const text = Buffer.from(bytes).toString('latin1');
	if (!looksLikePem(normalizePemText(text))) {
		return undefined;
	}
	let der: Uint8Array;
	let cert: X509Certificate;
	try {
		const blocks = pemBlocks(text);
		if (blocks.length !== 1 || blocks[0].label !== 'CERTIFICATE') {
			return undefined;
		}
		der = blocks[0].der;
		cert = new X509Certificate(Buffer.from(der));
	} catch {
		return undefined;
	}
	const key = cert.publicKey;
	const bits = key.asymmetricKeyDetails?.modulusLength;
	const subject = plainName(cert.subject);
	const issuer = plainName(cert.issuer);
	const serialNumber = serialHex(cert.serialNumber);
	const notBefore = new Date(cert.validFrom);
	const notAfter = new Date(cert.validTo);
	if (key.asymmetricKeyType !== 'rsa' || bits === undefined || bits < 2048 || !subject || !issuer || !serialNumber || Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
		return undefined;
	}
	return { ...thumbprints(der), subject, issuer, serialNumber, notBefore, notAfter, keyAlgorithm: 'RSA', keySize: bits, problems: [] };
}
