/**
 * PKCS#12 (PFX/P12) read and write (RFC 7292), on asn1js and Node's crypto.
 *
 * Why not pkijs's PFX classes: pkijs implements PBES2 only, not the PKCS#12 PBE algorithms
 * (RFC 7292 Appendix C: pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC) that Windows and
 * `openssl pkcs12 -legacy` write, so one reader here handles both forms. Writing uses what OpenSSL 3
 * writes by default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) and an HMAC-SHA256 MAC.
 */
import * as asn1js from 'asn1js';
import { createCipheriv, createDecipheriv, createHash, createHmac, createPrivateKey, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { CoreError } from '../errors';
import { rc2CbcDecrypt } from './rc2';

const OID = {
	data: '1.2.840.113549.1.7.1',
	encryptedData: '1.2.840.113549.1.7.6',
	keyBag: '1.2.840.113549.1.12.10.1.1',
	shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
	certBag: '1.2.840.113549.1.12.10.1.3',
	safeContentsBag: '1.2.840.113549.1.12.10.1.6',
	x509Certificate: '1.2.840.113549.1.9.22.1',
	friendlyName: '1.2.840.113549.1.9.20',
	localKeyId: '1.2.840.113549.1.9.21',
	pbes2: '1.2.840.113549.1.5.13',
	pbkdf2: '1.2.840.113549.1.5.12',
	hmacWithSHA256: '1.2.840.113549.2.9',
	aes256cbc: '2.16.840.1.101.3.4.1.42',
	sha256: '2.16.840.1.101.3.4.2.1',
};

const HASHES: Record<string, { name: string; u: number }> = {
	'1.3.14.3.2.26': { name: 'sha1', u: 20 },
	'2.16.840.1.101.3.4.2.1': { name: 'sha256', u: 32 },
	'2.16.840.1.101.3.4.2.2': { name: 'sha384', u: 48 },
	'2.16.840.1.101.3.4.2.3': { name: 'sha512', u: 64 },
};
const PRFS: Record<string, string> = {
	'1.2.840.113549.2.7': 'sha1',
	'1.2.840.113549.2.9': 'sha256',
	'1.2.840.113549.2.10': 'sha384',
	'1.2.840.113549.2.11': 'sha512',
};
const PBES2_CIPHERS: Record<string, { name: string; keyLength: number }> = {
	'2.16.840.1.101.3.4.1.2': { name: 'aes-128-cbc', keyLength: 16 },
	'2.16.840.1.101.3.4.1.22': { name: 'aes-192-cbc', keyLength: 24 },
	'2.16.840.1.101.3.4.1.42': { name: 'aes-256-cbc', keyLength: 32 },
	'1.2.840.113549.3.7': { name: 'des-ede3-cbc', keyLength: 24 },
};
/** RFC 7292 Appendix C PBE algorithms (SHA-1 based key derivation). */
const PKCS12_PBE: Record<string, { name: string; keyLength: number; rc2Bits?: number; label: string }> = {
	'1.2.840.113549.1.12.1.3': { name: 'des-ede3-cbc', keyLength: 24, label: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
	'1.2.840.113549.1.12.1.4': { name: 'des-ede-cbc', keyLength: 16, label: 'pbeWithSHAAnd2-KeyTripleDES-CBC' },
	'1.2.840.113549.1.12.1.5': { name: 'rc2', keyLength: 16, rc2Bits: 128, label: 'pbeWithSHAAnd128BitRC2-CBC' },
	'1.2.840.113549.1.12.1.6': { name: 'rc2', keyLength: 5, rc2Bits: 40, label: 'pbeWithSHAAnd40BitRC2-CBC' },
};

type Block = asn1js.AsnType;

function children(b: Block | undefined): Block[] {
	const v = (b as asn1js.Constructed | undefined)?.valueBlock?.value;
	return Array.isArray(v) ? (v as Block[]) : [];
}

function oid(b: Block | undefined): string {
	return b instanceof asn1js.ObjectIdentifier ? b.valueBlock.toString() : '';
}

function octets(b: Block | undefined): Uint8Array {
	if (!b) {
		return new Uint8Array();
	}
	const kids = children(b);
	if (kids.length > 0 && (b as asn1js.BaseBlock).idBlock.isConstructed) {
		return Buffer.concat(kids.map((k) => Buffer.from(octets(k))));
	}
	return new Uint8Array((b as asn1js.OctetString).valueBlock.valueHexView);
}

function int(b: Block | undefined, dflt: number): number {
	return b instanceof asn1js.Integer ? b.valueBlock.valueDec : dflt;
}

function parse(bytes: Uint8Array, what: string): Block {
	const r = asn1js.fromBER(bytes);
	if (r.offset === -1) {
		throw new CoreError('ERR_PFX_MALFORMED', `${what} is not valid ASN.1 DER; the PFX file is damaged or truncated.`);
	}
	return r.result;
}

function der(b: asn1js.BaseBlock): Uint8Array {
	return new Uint8Array(b.toBER(false));
}

/** The password as PKCS#12 wants it for its own KDF: BMPString (UTF-16BE) with two zero bytes. */
function bmpPassword(password: string | undefined): Uint8Array {
	if (password === undefined) {
		return new Uint8Array();
	}
	// UTF-16 code units, big-endian, then a 0x0000 terminator
	return Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
}

/**
 * RFC 7292 Appendix B.2 key derivation. id 1 = key, 2 = IV, 3 = MAC key; u = the hash's output bytes. The block
 * size v is 64 bytes for SHA-1 and SHA-256 and 128 for SHA-384 and SHA-512 (the hashes with u > 32).
 */
export function pkcs12Kdf(hash: string, u: number, password: Uint8Array, salt: Uint8Array, id: number, iterations: number, n: number): Uint8Array {
	const v = u > 32 ? 128 : 64;
	const D = Buffer.alloc(v, id);
	// S and P: the salt and the password repeated to a whole number of blocks (empty stays empty)
	const fill = (src: Uint8Array) => Buffer.alloc(v * Math.ceil(src.length / v), src);
	const I = Buffer.concat([fill(salt), fill(password)]);
	const out = Buffer.alloc(n);
	for (let filled = 0; filled < n; filled += u) {
		let A: Buffer = createHash(hash).update(D).update(I).digest();
		for (let r = 1; r < iterations; r++) {
			A = createHash(hash).update(A).digest();
		}
		// copy stops at the end of out
		A.copy(out, filled);
		// I_j = (I_j + B + 1) mod 2^(8v) for each v-byte block of I, B = A repeated to v bytes
		const B = Buffer.alloc(v, A);
		for (let j = 0; j < I.length; j += v) {
			let carry = 1;
			for (let k = v - 1; k >= 0; k--) {
				const sum = I[j + k] + B[k] + carry;
				I[j + k] = sum & 0xff;
				carry = sum >> 8;
			}
		}
	}
	return new Uint8Array(out);
}

class WrongPassword extends Error {}

/** Decrypts data under an AlgorithmIdentifier (PBES2 or a PKCS#12 PBE). */
function decrypt(algId: Block, data: Uint8Array, password: string | undefined, fileName: string): Uint8Array {
	const [algOid, params] = children(algId);
	const alg = oid(algOid);
	if (alg === OID.pbes2) {
		const [kdf, scheme] = children(params);
		const [kdfOid, kdfParams] = children(kdf);
		if (oid(kdfOid) !== OID.pbkdf2) {
			throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' uses the key derivation ${oid(kdfOid)}, which the kit cannot read; re-export it with 'openssl pkcs12 -export' (PBKDF2).`);
		}
		const kp = children(kdfParams);
		const salt = octets(kp[0]);
		const iterations = int(kp[1], 1);
		// salt, iteration count, optional key length (INTEGERs and an OCTET STRING), then the PRF: the only SEQUENCE
		const prfBlock = kp.find((b) => b instanceof asn1js.Sequence);
		const prf = prfBlock ? PRFS[oid(children(prfBlock)[0])] : 'sha1';
		const [cipherOid, ivBlock] = children(scheme);
		const cipher = PBES2_CIPHERS[oid(cipherOid)];
		if (!cipher || !prf) {
			throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' is encrypted with ${oid(cipherOid)}, which the kit cannot read; convert it with 'openssl pkcs12 -in old.pfx -nodes | openssl pkcs12 -export -out new.pfx'.`);
		}
		const key = pbkdf2Sync(Buffer.from(password ?? ''), salt, iterations, cipher.keyLength, prf);
		try {
			const d = createDecipheriv(cipher.name, key, octets(ivBlock));
			return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
		} catch {
			throw new WrongPassword();
		}
	}
	const pbe = PKCS12_PBE[alg];
	if (pbe) {
		const [saltBlock, iterBlock] = children(params);
		const salt = octets(saltBlock);
		const iterations = int(iterBlock, 1);
		const pw = bmpPassword(password);
		const key = pkcs12Kdf('sha1', 20, pw, salt, 1, iterations, pbe.keyLength);
		const iv = pkcs12Kdf('sha1', 20, pw, salt, 2, iterations, 8);
		if (pbe.rc2Bits) {
			const out = rc2CbcDecrypt(key, pbe.rc2Bits, iv, data);
			if (!out) {
				throw new WrongPassword();
			}
			return out;
		}
		try {
			const d = createDecipheriv(pbe.name, key, iv);
			return new Uint8Array(Buffer.concat([d.update(data), d.final()]));
		} catch (e) {
			if (/unsupported|unknown cipher/i.test(String((e as Error).message))) {
				throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' uses ${pbe.label}, which this Node.js cannot decrypt; convert it: 'openssl pkcs12 -legacy -in old.pfx -nodes | openssl pkcs12 -export -out new.pfx'.`);
			}
			throw new WrongPassword();
		}
	}
	throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' is encrypted with the algorithm ${alg}, which the kit cannot read; convert it: 'openssl pkcs12 -legacy -in old.pfx -nodes | openssl pkcs12 -export -out new.pfx'.`);
}

export interface PfxContents {
	certificates: Uint8Array[];
	/** PKCS#8 DER of each key found. */
	keys: Uint8Array[];
}

/** True when the bytes have the outer shape of a PFX (SEQUENCE { INTEGER 3, ContentInfo … }). */
export function looksLikePfx(bytes: Uint8Array): boolean {
	if (bytes[0] !== 0x30) {
		return false;
	}
	try {
		const r = asn1js.fromBER(bytes);
		const [version, authSafe] = children(r.result);
		return r.offset !== -1 && int(version, 0) === 3 && oid(children(authSafe)[0]) !== '';
	} catch {
		return false;
	}
}

/** True when the MAC matches under the password, or the PFX has no MAC (it is optional, RFC 7292 §4). */
function verifyMac(pfx: Block[], content: Uint8Array, password: string | undefined, fileName: string): boolean {
	const macData = pfx[2];
	if (!macData) {
		return true;
	}
	const [digestInfo, saltBlock, iterBlock] = children(macData);
	const [algId, digestBlock] = children(digestInfo);
	const macAlg = oid(children(algId)[0]);
	const hash = HASHES[macAlg];
	if (!hash) {
		// Skipping the check would open the file with any password.
		throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' is protected by the MAC algorithm ${macAlg || '(none given)'}, which the kit cannot check; re-export it with 'openssl pkcs12 -export' (HMAC-SHA256).`);
	}
	const key = pkcs12Kdf(hash.name, hash.u, bmpPassword(password), octets(saltBlock), 3, int(iterBlock, 1), hash.u);
	const mac = createHmac(hash.name, key).update(content).digest();
	const expected = Buffer.from(octets(digestBlock));
	return expected.length === mac.length && timingSafeEqual(mac, expected);
}

/**
 * Reads every certificate and key of a PFX. Without a password, an empty one is tried (as Windows
 * and openssl write password-less PFX files).
 * @example
 * const { certificates, keys } = readPfx(bytes, 'secret', 'app.pfx');
 */
export function readPfx(bytes: Uint8Array, password: string | undefined, fileName = 'the PFX'): PfxContents {
	try {
		return readPfxUnguarded(bytes, password, fileName);
	} catch (e) {
		if (e instanceof CoreError) {
			throw e;
		}
		// asn1js and the decoders throw plain Errors on damaged structures (found by fuzzing): a damaged file, not a bug.
		throw new CoreError('ERR_PFX_MALFORMED', `'${fileName}' is damaged (${e instanceof Error ? e.message : String(e)}); export the PFX again.`, { cause: e });
	}
}

function readPfxUnguarded(bytes: Uint8Array, password: string | undefined, fileName: string): PfxContents {
	const pfx = children(parse(bytes, `'${fileName}'`));
	const [contentType, wrapped] = children(pfx[1]);
	if (oid(contentType) !== OID.data) {
		throw new CoreError('ERR_PFX_UNSUPPORTED', `'${fileName}' uses public-key integrity mode, which the kit cannot read; re-export it with a password.`);
	}
	const content = octets(children(wrapped)[0]);
	const candidates: (string | undefined)[] = password === undefined ? ['', undefined] : [password];
	const index = candidates.findIndex((p) => verifyMac(pfx, content, p, fileName));
	if (index < 0) {
		throw new CoreError('ERR_PFX_PASSWORD', password === undefined || password === '' ? `'${fileName}' is protected by a password; give it to open the PFX.` : `The password does not open '${fileName}'; check it and try again.`);
	}
	const pw = candidates[index];
	const out: PfxContents = { certificates: [], keys: [] };
	try {
		for (const ci of children(parse(content, `The contents of '${fileName}'`))) {
			const [type, body] = children(ci);
			if (oid(type) === OID.data) {
				readSafeContents(octets(children(body)[0]), pw, fileName, out);
			} else if (oid(type) === OID.encryptedData) {
				const [, eci] = children(children(body)[0]);
				const [, algId, encrypted] = children(eci);
				readSafeContents(decrypt(algId, octets(encrypted), pw, fileName), pw, fileName, out);
			}
		}
	} catch (e) {
		if (e instanceof WrongPassword) {
			throw new CoreError('ERR_PFX_PASSWORD', `The password does not open '${fileName}'; check it and try again.`);
		}
		throw e;
	}
	return out;
}

function readSafeContents(bytes: Uint8Array, password: string | undefined, fileName: string, out: PfxContents): void {
	for (const bag of children(parse(bytes, `A bag in '${fileName}'`))) {
		const [idBlock, valueWrapper] = children(bag);
		const id = oid(idBlock);
		const value = children(valueWrapper)[0];
		if (id === OID.certBag) {
			const [certType, certValue] = children(value);
			if (oid(certType) === OID.x509Certificate) {
				out.certificates.push(octets(children(certValue)[0]));
			}
		} else if (id === OID.keyBag) {
			out.keys.push(der(value as asn1js.BaseBlock));
		} else if (id === OID.shroudedKeyBag) {
			const [algId, encrypted] = children(value);
			out.keys.push(decrypt(algId, octets(encrypted), password, fileName));
		} else if (id === OID.safeContentsBag) {
			readSafeContents(der(value as asn1js.BaseBlock), password, fileName, out);
		}
	}
}

const ctx0 = (value: asn1js.BaseBlock[]) => new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value });
const seq = (...value: asn1js.BaseBlock[]) => new asn1js.Sequence({ value });
const objId = (value: string) => new asn1js.ObjectIdentifier({ value });
const octet = (b: Uint8Array) => new asn1js.OctetString({ valueHex: b });

function bagAttributes(localKeyId: Uint8Array, friendlyName?: string): asn1js.Set {
	const attrs = [seq(objId(OID.localKeyId), new asn1js.Set({ value: [octet(localKeyId)] }))];
	if (friendlyName) {
		attrs.unshift(seq(objId(OID.friendlyName), new asn1js.Set({ value: [new asn1js.BmpString({ value: friendlyName })] })));
	}
	return new asn1js.Set({ value: attrs });
}

/**
 * Writes a PFX as OpenSSL 3 does by default: certificates in PBES2/AES-256-CBC encrypted data, the key
 * in a PKCS#8 shrouded bag (PBES2), and an HMAC-SHA256 MAC. `openssl pkcs12` opens it without -legacy.
 */
export function writePfx(options: { certificates: Uint8Array[]; pkcs8Der: Uint8Array; password: string; friendlyName?: string; iterations?: number }): Uint8Array {
	const iterations = options.iterations ?? 2048;
	const pw = Buffer.from(options.password);
	const localKeyId = new Uint8Array(createHash('sha1').update(options.certificates[0]).digest());

	// Certificates: SafeContents of cert bags, encrypted with PBES2.
	const certBags = options.certificates.map((c, i) =>
		seq(objId(OID.certBag), ctx0([seq(objId(OID.x509Certificate), ctx0([octet(c)]))]), ...(i === 0 ? [bagAttributes(localKeyId, options.friendlyName)] : [])),
	);
	const salt = randomBytes(16);
	const iv = randomBytes(16);
	const key = pbkdf2Sync(pw, salt, iterations, 32, 'sha256');
	const cipher = createCipheriv('aes-256-cbc', key, iv);
	const encryptedCerts = Buffer.concat([cipher.update(der(seq(...certBags))), cipher.final()]);
	const pbes2 = seq(
		objId(OID.pbes2),
		seq(seq(objId(OID.pbkdf2), seq(octet(salt), new asn1js.Integer({ value: iterations }), seq(objId(OID.hmacWithSHA256), new asn1js.Null()))), seq(objId(OID.aes256cbc), octet(iv))),
	);
	const encryptedData = seq(
		objId(OID.encryptedData),
		ctx0([seq(new asn1js.Integer({ value: 0 }), seq(objId(OID.data), pbes2, new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: encryptedCerts })))]),
	);

	// Key: PKCS#8 shrouded bag; Node (OpenSSL) writes PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC.
	const epki = createPrivateKey({ key: Buffer.from(options.pkcs8Der), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'der', cipher: 'aes-256-cbc', passphrase: options.password });
	const keyBag = seq(objId(OID.shroudedKeyBag), ctx0([parse(new Uint8Array(epki), 'The encrypted key') as asn1js.BaseBlock]), bagAttributes(localKeyId, options.friendlyName));
	const keyData = seq(objId(OID.data), ctx0([octet(der(seq(keyBag)))]));

	const authSafe = der(seq(encryptedData, keyData));
	const macSalt = randomBytes(16);
	const macKey = pkcs12Kdf('sha256', 32, bmpPassword(options.password), macSalt, 3, iterations, 32);
	const mac = createHmac('sha256', macKey).update(authSafe).digest();
	return der(
		seq(
			new asn1js.Integer({ value: 3 }),
			seq(objId(OID.data), ctx0([octet(authSafe)])),
			seq(seq(seq(objId(OID.sha256), new asn1js.Null()), octet(mac)), octet(macSalt), new asn1js.Integer({ value: iterations })),
		),
	);
}
