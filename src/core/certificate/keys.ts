/**
 * Private keys through Node's crypto (OpenSSL): PKCS#8, PKCS#1, encrypted PKCS#8, PEM or DER.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { CoreError } from '../errors';
import { bytesEqual } from '../encoding';
import { looksLikePem, pemBlocks } from './pem';
import { parseX509, spkiOf } from './parsed';

export interface PrivateKeyInfo {
	/** Unencrypted PKCS#8 DER. */
	pkcs8Der: Uint8Array;
	/** 'RSA', 'EC', 'Ed25519', … */
	algorithm: string;
	/** RSA modulus bits, or the EC curve size. */
	size?: number;
}

const KEY_LABELS = ['PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'EC PRIVATE KEY'];

/** The KeyObject each PrivateKeyInfo was made from, so pairing it with a certificate does not parse the key again. */
const keyObjects = new WeakMap<Uint8Array, KeyObject>();

/** A key pair as Node's generateKeyPair makes it. */
export interface KeyPairObjects {
	publicKey: KeyObject;
	privateKey: KeyObject;
}

/**
 * Starts generating an RSA key pair (e 65537) in Node's thread pool (OpenSSL). A caller that also has to load the
 * certificate builder starts this first, so loading overlaps key generation; generateSelfSignedCertificate takes the
 * promise as `keyPair`.
 */
export function generateRsaKeyPair(modulusLength: number): Promise<KeyPairObjects> {
	return new Promise((resolve, reject) => {
		generateKeyPair('rsa', { modulusLength, publicExponent: 0x10001 }, (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })));
	});
}

/** Describes a Node KeyObject as PrivateKeyInfo. */
export function keyInfoOf(key: KeyObject): PrivateKeyInfo {
	const type = key.asymmetricKeyType ?? 'unknown';
	const algorithm = type === 'rsa' || type === 'rsa-pss' ? 'RSA' : type === 'ec' ? 'EC' : type === 'ed25519' ? 'Ed25519' : type === 'ed448' ? 'Ed448' : type.toUpperCase();
	const d = key.asymmetricKeyDetails;
	const curveBits: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };
	const pkcs8Der = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
	keyObjects.set(pkcs8Der, key);
	return {
		pkcs8Der,
		algorithm,
		size: d?.modulusLength ?? (d?.namedCurve ? curveBits[d.namedCurve] : undefined),
	};
}

function wrapKeyError(e: unknown, encrypted: boolean, passphrase: string | undefined, where: string): CoreError {
	const msg = e instanceof Error ? e.message : String(e);
	if (encrypted && passphrase === undefined) {
		return new CoreError('ERR_KEY_ENCRYPTED', `The private key${where} is encrypted; give its passphrase.`);
	}
	if (encrypted || /bad decrypt|passphrase|decrypt/i.test(msg)) {
		return new CoreError('ERR_KEY_PASSPHRASE', `The passphrase does not decrypt the private key${where}; check it and try again.`);
	}
	return new CoreError('ERR_KEY_UNREADABLE', `The private key${where} could not be read (${msg.replace(/^error:[^:]*:/, '')}); expected PKCS#8 or PKCS#1, PEM or DER.`);
}

/**
 * Reads a private key. PEM (any of PRIVATE KEY, RSA PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY) or DER.
 * @example
 * readPrivateKey(fs.readFileSync('app.key')).algorithm; // 'RSA'
 */
export function readPrivateKey(input: Uint8Array | string, options: { passphrase?: string; fileName?: string } = {}): PrivateKeyInfo {
	const where = options.fileName ? ` in '${options.fileName}'` : '';
	const text = typeof input === 'string' ? input : Buffer.from(input).toString('latin1');
	if (looksLikePem(text)) {
		const block = pemBlocks(text, options.fileName).find((b) => KEY_LABELS.includes(b.label));
		if (!block) {
			throw new CoreError('ERR_KEY_UNREADABLE', `No private key found${where}. Expected a '-----BEGIN PRIVATE KEY-----' block.`);
		}
		const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.text);
		try {
			return keyInfoOf(createPrivateKey({ key: block.text, format: 'pem', passphrase: options.passphrase }));
		} catch (e) {
			throw wrapKeyError(e, encrypted, options.passphrase, where);
		}
	}
	const der = Buffer.from(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
	for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
		try {
			return keyInfoOf(createPrivateKey({ key: der, format: 'der', type, passphrase: options.passphrase }));
		} catch (e) {
			// an encrypted PKCS#8 DER key: no passphrase ("Passphrase required"), or a wrong one ("bad decrypt")
			if (type === 'pkcs8' && /passphrase|encrypted|bad decrypt/i.test(String((e as Error).message))) {
				throw wrapKeyError(e, true, options.passphrase, where);
			}
		}
	}
	throw new CoreError('ERR_KEY_UNREADABLE', `No private key found${where}: it is neither PEM nor a DER PKCS#8/PKCS#1 key.`);
}

/** True when the private key belongs to the certificate (same public key). */
export function keyMatchesCertificate(key: PrivateKeyInfo, certDer: Uint8Array): boolean {
	try {
		const fromKey = spkiOf(key.pkcs8Der, () => createPublicKey(keyObjects.get(key.pkcs8Der) ?? createPrivateKey({ key: Buffer.from(key.pkcs8Der), format: 'der', type: 'pkcs8' })));
		const fromCert = spkiOf(certDer, () => parseX509(certDer).publicKey);
		return bytesEqual(fromKey, fromCert);
	} catch {
		return false;
	}
}
