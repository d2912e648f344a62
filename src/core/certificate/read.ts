/**
 * One entry for certificate files in any form: PEM (one or more blocks, with or without a key),
 * DER, base64 of DER, or PFX/P12. PEM and DER are read with Node's crypto; the PKCS#12 reader is loaded for a PFX only.
 */
import { CoreError } from '../errors';
import { decodeAnyBase64 } from '../encoding';
import { keyInfoOf, readPrivateKey, keyMatchesCertificate, type PrivateKeyInfo } from './keys';
import { looksLikePem, normalizePemText, pemBlocks } from './pem';
import { certificateNames } from './der';
import { parseX509 } from './parsed';
import { createPrivateKey } from 'node:crypto';

export interface CertificateMaterial {
	kind: 'pem' | 'der' | 'pfx';
	/** DER certificates, leaf first. */
	certificates: Uint8Array[];
	/** The private key in the same file (PEM with a key block, or a PFX), when readable. */
	privateKey?: PrivateKeyInfo;
}

const CERT_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE'];
const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY'];

/** Certificates fully parsed (X509Certificate, ~0.7 ms each) per bundle; the rest are checked structurally. */
const FULL_CHECKS = 16;

function isCertificate(der: Uint8Array): boolean {
	try {
		parseX509(der);
		return true;
	} catch {
		return false;
	}
}

/**
 * Orders a chain leaf first: the leaf is the first certificate that issued none of the others (self-signed ones
 * issue nothing here); then each certificate's issuer follows it (the first unused one of that subject). The
 * certificates outside the chain keep their file order at the end. Linear in the number of certificates (maps by
 * name), so a bundle of 10,000 is ordered in milliseconds.
 */
export function orderChain(ders: Uint8Array[]): Uint8Array[] {
	if (ders.length < 2) {
		return ders;
	}
	const parsed = ders.map((d, i) => {
		const names = certificateNames(d);
		if (!names) {
			throw new CoreError('ERR_DER_MALFORMED', `Certificate ${i + 1} of ${ders.length} is not a well-formed DER X.509 certificate; export the chain again.`);
		}
		return names;
	});
	// Subjects that issued at least one other (not self-signed) certificate in the set.
	const issuers = new Set<string>();
	// Indexes by subject, in file order, with a cursor past those already used.
	const bySubject = new Map<string, { list: number[]; at: number }>();
	parsed.forEach((p, i) => {
		if (p.subject !== p.issuer) {
			issuers.add(p.issuer);
		}
		const e = bySubject.get(p.subject);
		if (e) {
			e.list.push(i);
		} else {
			bySubject.set(p.subject, { list: [i], at: 0 });
		}
	});
	const leafIndex = Math.max(0, parsed.findIndex((p) => !issuers.has(p.subject)));
	const used = new Uint8Array(parsed.length);
	const order = [leafIndex];
	used[leafIndex] = 1;
	for (let cur = leafIndex; order.length < parsed.length; ) {
		const e = bySubject.get(parsed[cur].issuer);
		while (e && e.at < e.list.length && used[e.list[e.at]]) {
			e.at++;
		}
		if (!e || e.at >= e.list.length) {
			break;
		}
		cur = e.list[e.at];
		used[cur] = 1;
		order.push(cur);
	}
	for (let i = 0; i < parsed.length; i++) {
		if (!used[i]) {
			order.push(i);
		}
	}
	return order.map((i) => ders[i]);
}

/**
 * Reads certificates (and a key, if present) from a file's bytes.
 * @example
 * const m = await readCertificateMaterial(fs.readFileSync('app.pfx'), { password: 's3cret', fileName: 'app.pfx' });
 * m.certificates[0]; // the leaf, DER
 */
export async function readCertificateMaterial(bytes: Uint8Array, options: { password?: string; fileName?: string } = {}): Promise<CertificateMaterial> {
	const name = options.fileName ? `'${options.fileName}'` : 'The input';
	if (bytes.length === 0) {
		throw new CoreError('ERR_INPUT_EMPTY', `${name} is empty; expected a certificate (PEM, DER or PFX).`);
	}
	const text = Buffer.from(bytes).toString('latin1');
	if (looksLikePem(normalizePemText(text))) {
		const blocks = pemBlocks(text, options.fileName);
		const certs = blocks.filter((b) => CERT_LABELS.includes(b.label)).map((b) => b.der);
		// Every block is checked in one linear pass; the first ones (a real chain's) and the leaf also by X509Certificate.
		// (A lone certificate is the leaf, which is parsed below in any case: once is enough.)
		for (let i = 0; i < certs.length; i++) {
			if (!certificateNames(certs[i]) || (i < FULL_CHECKS && certs.length > 1 && !isCertificate(certs[i]))) {
				throw new CoreError('ERR_PEM_MALFORMED', `A CERTIFICATE block in ${name} does not hold a valid X.509 certificate; copy it again from BEGIN to END.`);
			}
		}
		let privateKey: PrivateKeyInfo | undefined;
		const keyBlock = blocks.find((b) => KEY_LABELS.includes(b.label));
		if (keyBlock) {
			try {
				privateKey = readPrivateKey(keyBlock.text, { passphrase: options.password, fileName: options.fileName });
			} catch {
				// An encrypted key without its passphrase: the certificates are still readable.
			}
		}
		if (certs.length === 0 && !keyBlock) {
			throw new CoreError('ERR_PEM_NO_BLOCK', `No certificate found in ${name}. Expected a '-----BEGIN CERTIFICATE-----' block.`);
		}
		const ordered = orderChain(certs);
		if (ordered.length > 0 && !isCertificate(ordered[0])) {
			throw new CoreError('ERR_PEM_MALFORMED', `A CERTIFICATE block in ${name} does not hold a valid X.509 certificate; copy it again from BEGIN to END.`);
		}
		return { kind: 'pem', certificates: ordered, privateKey };
	}
	if (bytes[0] === 0x30) {
		if (isCertificate(bytes)) {
			return { kind: 'der', certificates: [bytes] };
		}
		// Not a certificate: a PFX, or nothing the kit reads. Only then is the PKCS#12 reader (asn1js) loaded.
		const { looksLikePfx, readPfx } = await import('./pfx');
		if (looksLikePfx(bytes)) {
			const pfx = readPfx(bytes, options.password, options.fileName ?? 'the PFX');
			if (pfx.certificates.length === 0) {
				throw new CoreError('ERR_PFX_NO_CERTIFICATE', `${name} holds no certificate, only ${pfx.keys.length} key(s); export the PFX with its certificate.`);
			}
			const keys = pfx.keys.map((k) => keyInfoOf(createPrivateKey({ key: Buffer.from(k), format: 'der', type: 'pkcs8' })));
			const ordered = orderChain(pfx.certificates);
			// The leaf is the certificate the key belongs to, when there is a key.
			const leafIndex = keys[0] ? ordered.findIndex((c) => keyMatchesCertificate(keys[0], c)) : 0;
			const certificates = leafIndex > 0 ? [ordered[leafIndex], ...ordered.filter((_, i) => i !== leafIndex)] : ordered;
			return { kind: 'pfx', certificates, privateKey: keys[0] };
		}
	}
	const b64 = /^[\sA-Za-z0-9+/=_-]+$/.test(text) ? decodeAnyBase64(text.replace(/\s+/g, '')) : undefined;
	if (b64 && b64.length > 100 && isCertificate(b64)) {
		return { kind: 'der', certificates: [b64] };
	}
	throw new CoreError('ERR_CERT_UNREADABLE', `${name} is not a certificate: expected PEM ('-----BEGIN CERTIFICATE-----'), DER (.cer) or a PFX/P12 file.`);
}
