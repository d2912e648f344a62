/**
 * The few facts about a DER certificate that bundle handling needs, read in one linear pass: whether the bytes are
 * a well-formed tree of DER elements shaped like an X.509 Certificate, and the encoded issuer and subject names.
 * Node's X509Certificate costs about 0.7 ms per certificate (it parses everything, keys included), which made a
 * 10,000-certificate bundle take seconds; this walk costs microseconds. Full parsing stays with X509Certificate and
 * @peculiar/x509 for the certificates the kit describes (the leaf).
 */

interface Tlv {
	tag: number;
	/** Offset of the tag. */
	at: number;
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
	return end > limit ? undefined : { tag, at, start, end };
}

/**
 * True when every constructed element inside [start, end) is a well-formed sequence of elements, down to the leaves.
 * `strict` also refuses the constructed form of a universal type other than SEQUENCE and SET (DER never uses it).
 */
function wellFormed(b: Uint8Array, start: number, end: number, depth: number, strict = false): boolean {
	if (depth > 64) {
		return false;
	}
	for (let at = start; at < end; ) {
		const e = tlv(b, at, end);
		if (!e) {
			return false;
		}
		if (strict && (e.tag & 0xe0) === 0x20 && e.tag !== 0x30 && e.tag !== 0x31) {
			return false;
		}
		if (e.tag & 0x20 && !wellFormed(b, e.start, e.end, depth + 1, strict)) {
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
	const shape = certificateShape(der, false, 7);
	if (!shape) {
		return undefined;
	}
	const text = (e: Tlv) => Buffer.from(der.buffer, der.byteOffset + e.start, e.end - e.start).toString('latin1');
	return { issuer: text(shape.issuer), subject: text(shape.subject) };
}

/**
 * The outer walk both readers share: Certificate { tbsCertificate, signatureAlgorithm, signatureValue } with nothing
 * after it, and the tbsCertificate's fields up to subject (the optional [0] version skipped). `strict` is passed to
 * the well-formedness check; at most `maxFields` fields of the tbsCertificate are read.
 */
function certificateShape(der: Uint8Array, strict: boolean, maxFields: number): { alg: Tlv; serial: Tlv; issuer: Tlv; validity: Tlv; subject: Tlv } | undefined {
	const cert = tlv(der, 0, der.length);
	if (!cert || cert.tag !== 0x30 || cert.end !== der.length || !wellFormed(der, cert.start, cert.end, 0, strict)) {
		return undefined;
	}
	const tbs = tlv(der, cert.start, cert.end);
	const alg = tbs && tlv(der, tbs.end, cert.end);
	const sig = alg && tlv(der, alg.end, cert.end);
	if (!tbs || tbs.tag !== 0x30 || !alg || alg.tag !== 0x30 || !sig || sig.tag !== 0x03 || sig.end !== cert.end) {
		return undefined;
	}
	const fields: Tlv[] = [];
	for (let at = tbs.start; at < tbs.end && fields.length < maxFields; ) {
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
	return { alg, serial, issuer, validity, subject };
}

/** The parts of a DER certificate that describing it needs, as byte ranges; undefined when it is not that shape. */
export interface CertificateFields {
	/** Contents of the serialNumber INTEGER. */
	serial: Uint8Array;
	/** issuer and subject Name SEQUENCEs (whole elements). */
	issuer: Uint8Array;
	subject: Uint8Array;
	/** notBefore and notAfter: the tag (0x17 UTCTime, 0x18 GeneralizedTime) and the contents. */
	notBefore: { tag: number; value: Uint8Array };
	notAfter: { tag: number; value: Uint8Array };
	/** The outer signatureAlgorithm's OID contents, and whether parameters follow it. */
	signatureOid: Uint8Array;
	signatureParams: boolean;
}

/** Reads the fields describeCertificate needs, after the same well-formedness walk as certificateNames. */
export function certificateFields(der: Uint8Array): CertificateFields | undefined {
	const shape = certificateShape(der, true, 8);
	if (!shape) {
		return undefined;
	}
	const { alg, serial, issuer, validity, subject } = shape;
	const nb = tlv(der, validity.start, validity.end);
	const na = nb && tlv(der, nb.end, validity.end);
	const oid = tlv(der, alg.start, alg.end);
	if (!nb || !na || na.end !== validity.end || !oid || oid.tag !== 0x06) {
		return undefined;
	}
	const bytes = (s: number, e: number) => der.subarray(s, e);
	const whole = (e: Tlv) => bytes(e.at, e.end);
	return {
		serial: bytes(serial.start, serial.end),
		issuer: whole(issuer),
		subject: whole(subject),
		notBefore: { tag: nb.tag, value: bytes(nb.start, nb.end) },
		notAfter: { tag: na.tag, value: bytes(na.start, na.end) },
		signatureOid: bytes(oid.start, oid.end),
		signatureParams: oid.end < alg.end,
	};
}

/** One attribute of a Name: its type OID (contents) and its value element's tag and contents. */
export interface NameAttribute {
	oid: Uint8Array;
	tag: number;
	value: Uint8Array;
}

/**
 * A Name (SEQUENCE OF SET OF SEQUENCE { type OID, value }) as its relative distinguished names, in encoded order;
 * undefined when any part is not that shape (an empty SET included).
 */
export function nameAttributes(name: Uint8Array): NameAttribute[][] | undefined {
	const seq = tlv(name, 0, name.length);
	if (!seq || seq.tag !== 0x30 || seq.end !== name.length) {
		return undefined;
	}
	const rdns: NameAttribute[][] = [];
	for (let at = seq.start; at < seq.end; ) {
		const set = tlv(name, at, seq.end);
		if (!set || set.tag !== 0x31 || set.start === set.end) {
			return undefined;
		}
		const rdn: NameAttribute[] = [];
		for (let a = set.start; a < set.end; ) {
			const atv = tlv(name, a, set.end);
			const type = atv && atv.tag === 0x30 ? tlv(name, atv.start, atv.end) : undefined;
			const value = type && type.tag === 0x06 ? tlv(name, type.end, atv!.end) : undefined;
			if (!atv || !type || !value || value.end !== atv.end) {
				return undefined;
			}
			rdn.push({ oid: name.subarray(type.start, type.end), tag: value.tag, value: name.subarray(value.start, value.end) });
			a = atv.end;
		}
		rdns.push(rdn);
		at = set.end;
	}
	return rdns;
}

/** Dotted text of an OID's contents; undefined when malformed or an arc is too large to be exact. */
export function oidText(b: Uint8Array): string | undefined {
	const arcs: number[] = [];
	let v = 0;
	for (let i = 0; i < b.length; i++) {
		if (v === 0 && b[i] === 0x80) {
			return undefined;
		}
		v = v * 128 + (b[i] & 0x7f);
		if (v > 2 ** 40) {
			return undefined;
		}
		if (!(b[i] & 0x80)) {
			arcs.push(v);
			v = 0;
		} else if (i === b.length - 1) {
			return undefined;
		}
	}
	if (arcs.length === 0) {
		return undefined;
	}
	const first = arcs[0] < 40 ? [0, arcs[0]] : arcs[0] < 80 ? [1, arcs[0] - 40] : [2, arcs[0] - 80];
	return [...first, ...arcs.slice(1)].join('.');
}
