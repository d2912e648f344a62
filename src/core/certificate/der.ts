/**
 * The few facts about a DER certificate that bundle handling needs, read in one linear pass: whether the bytes are
 * a well-formed tree of DER elements shaped like an X.509 Certificate, and the encoded issuer and subject names.
 * Node's X509Certificate costs about 0.7 ms per certificate (it parses everything, keys included), which made a
 * 10,000-certificate bundle take seconds; this walk costs microseconds. Full parsing stays with X509Certificate and
 * @peculiar/x509 for the certificates the kit describes (the leaf).
 */

interface Tlv {
	tag: number;
	/** Offset of the contents. */
	start: number;
	/** Offset just past the contents. */
	end: number;
}

/** The element at `at`, or undefined when its header or length runs past `limit` or is not DER. */
function tlv(b: Uint8Array, at: number, limit: number): Tlv | undefined {
	if (at + 2 > limit) {
		return undefined;
	}
	const tag = b[at];
	if ((tag & 0x1f) === 0x1f) {
		// High tag numbers do not occur in the certificate's outer structure.
		return undefined;
	}
	let len = b[at + 1];
	let start = at + 2;
	if (len & 0x80) {
		const n = len & 0x7f;
		if (n === 0 || n > 4 || start + n > limit) {
			return undefined;
		}
		len = 0;
		for (let i = 0; i < n; i++) {
			len = len * 256 + b[start + i];
		}
		start += n;
	}
	const end = start + len;
	return end > limit ? undefined : { tag, start, end };
}

/** True when every constructed element inside [start, end) is a well-formed sequence of elements, down to the leaves. */
function wellFormed(b: Uint8Array, start: number, end: number, depth: number): boolean {
	if (depth > 64) {
		return false;
	}
	for (let at = start; at < end; ) {
		const e = tlv(b, at, end);
		if (!e) {
			return false;
		}
		if (e.tag & 0x20 && !wellFormed(b, e.start, e.end, depth + 1)) {
			return false;
		}
		at = e.end;
	}
	return true;
}

/**
 * The encoded issuer and subject Names of a DER certificate (as latin1 strings of their DER, so equal names compare
 * equal as strings), or undefined when the bytes are not a well-formed Certificate: SEQUENCE { tbsCertificate
 * SEQUENCE { [0] version?, serialNumber INTEGER, signature SEQUENCE, issuer SEQUENCE, validity SEQUENCE, subject
 * SEQUENCE, … }, signatureAlgorithm SEQUENCE, signatureValue BIT STRING } with nothing after it.
 */
export function certificateNames(der: Uint8Array): { issuer: string; subject: string } | undefined {
	const cert = tlv(der, 0, der.length);
	if (!cert || cert.tag !== 0x30 || cert.end !== der.length || !wellFormed(der, cert.start, cert.end, 0)) {
		return undefined;
	}
	const tbs = tlv(der, cert.start, cert.end);
	if (!tbs || tbs.tag !== 0x30) {
		return undefined;
	}
	const alg = tlv(der, tbs.end, cert.end);
	const sig = alg && tlv(der, alg.end, cert.end);
	if (!alg || alg.tag !== 0x30 || !sig || sig.tag !== 0x03 || sig.end !== cert.end) {
		return undefined;
	}
	const fields: Tlv[] = [];
	for (let at = tbs.start; at < tbs.end && fields.length < 7; ) {
		const e = tlv(der, at, tbs.end);
		if (!e) {
			return undefined;
		}
		fields.push(e);
		at = e.end;
	}
	const f = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
	const [serial, sigAlg, issuer, validity, subject] = f;
	if (serial?.tag !== 0x02 || sigAlg?.tag !== 0x30 || issuer?.tag !== 0x30 || validity?.tag !== 0x30 || subject?.tag !== 0x30) {
		return undefined;
	}
	const text = (e: Tlv) => Buffer.from(der.buffer, der.byteOffset + e.start, e.end - e.start).toString('latin1');
	return { issuer: text(issuer), subject: text(subject) };
}
