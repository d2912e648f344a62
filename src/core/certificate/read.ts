/**
 * One entry for certificate files in any form: PEM (one or more blocks, with or without a key),
 * DER, base64 of DER, or PFX/P12.
 */
import { X509Certificate } from 'node:crypto';
import { CoreError } from '../errors';
import { decodeAnyBase64 } from '../encoding';
import { keyInfoOf, readPrivateKey, keyMatchesCertificate, type PrivateKeyInfo } from './keys';
import { looksLikePem, normalizePemText, pemBlocks } from './pem';
import { looksLikePfx, readPfx } from './pfx';
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

function isCertificate(der: Uint8Array): boolean {
	try {
		new X509Certificate(Buffer.from(der));
		return true;
	} catch {
		return false;
	}
}

/**
 * Orders a chain leaf first: the leaf is the certificate that issued none of the others; then each
 * certificate's issuer follows it. Certificates outside the chain keep their order at the end.
 */
export function orderChain(ders: Uint8Array[]): Uint8Array[] {
	if (ders.length < 2) {
		return ders;
	}
	const parsed = ders.map((d) => ({ d, x: new X509Certificate(Buffer.from(d)) }));
	const issuesAnother = (a: (typeof parsed)[number]) => parsed.some((b) => b !== a && b.x.issuer === a.x.subject && b.x.subject !== b.x.issuer);
	const leaf = parsed.find((p) => !issuesAnother(p)) ?? parsed[0];
	const ordered = [leaf];
	for (let cur = leaf; ordered.length < parsed.length; ) {
		const next = parsed.find((p) => !ordered.includes(p) && p.x.subject === cur.x.issuer);
		if (!next) {
			break;
		}
		ordered.push(next);
		cur = next;
	}
	ordered.push(...parsed.filter((p) => !ordered.includes(p)));
	return ordered.map((p) => p.d);
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
		for (const c of certs) {
			if (!isCertificate(c)) {
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
		return { kind: 'pem', certificates: orderChain(certs), privateKey };
	}
	if (bytes[0] === 0x30) {
		if (isCertificate(bytes)) {
			return { kind: 'der', certificates: [bytes] };
		}
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
