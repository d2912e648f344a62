/**
 * Node's X509Certificate of a DER certificate, parsed once per byte array: reading a file, describing its certificate
 * and pairing it with a key file each need the parsed certificate, and the Certificates view does that for every file
 * of the workspace (parsing is most of the cost). Keyed by the Uint8Array itself, so a copy is parsed again and
 * nothing is kept once the bytes are dropped.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';

const parsed = new WeakMap<Uint8Array, X509Certificate>();

/** The parsed certificate; throws as `new X509Certificate` does. */
export function parseX509(der: Uint8Array): X509Certificate {
	let cert = parsed.get(der);
	if (!cert) {
		cert = new X509Certificate(Buffer.from(der.buffer, der.byteOffset, der.length));
		parsed.set(der, cert);
	}
	return cert;
}

const spkis = new WeakMap<object, Uint8Array>();

/** A public key's SubjectPublicKeyInfo DER, computed once per source (certificate bytes or private key bytes). */
export function spkiOf(source: Uint8Array, publicKey: () => KeyObject): Uint8Array {
	let spki = spkis.get(source);
	if (!spki) {
		spki = new Uint8Array(publicKey().export({ type: 'spki', format: 'der' }));
		spkis.set(source, spki);
	}
	return spki;
}
