import 'reflect-metadata';
/**
 * The only importer of @peculiar/x509: generating X.509 certificates, subjects as distinguished names, and the full
 * description of certificates that describe.ts does not read itself (loaded on first need: see describe.ts).
 * (x509 needs the Reflect polyfill loaded first, hence the first line.)
 */
import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { CoreError } from '../errors';
import { toHex } from '../encoding';
import { thumbprints } from './thumbprint';
import { generateRsaKeyPair, keyInfoOf, type KeyPairObjects, type PrivateKeyInfo } from './keys';
import { toPem } from './pem';
import { describeCertificate, keyFacts, type CertificateInfo } from './describe';
import { isIP } from 'node:net';

export { describeCertificate, validityFindings, fileBaseName, type CertificateInfo } from './describe';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

/**
 * describeCertificate through @peculiar/x509 and Node's X509Certificate together: what describe.ts falls back to, and
 * the reference its unit test compares the quick path with.
 */
export function describeWithX509(der: Uint8Array): CertificateInfo {
	let cert: x509.X509Certificate;
	let node: NodeX509;
	try {
		cert = new x509.X509Certificate(der);
		node = new NodeX509(Buffer.from(der));
	} catch (e) {
		throw new CoreError('ERR_CERT_UNREADABLE', `The certificate could not be parsed (${e instanceof Error ? e.message : String(e)}); it is not a valid X.509 certificate.`);
	}
	const key = keyFacts(node);
	return {
		...thumbprints(der),
		subject: cert.subject,
		issuer: cert.issuer,
		serialNumber: cert.serialNumber.toUpperCase(),
		notBefore: cert.notBefore,
		notAfter: cert.notAfter,
		keyAlgorithm: key.keyAlgorithm,
		keySize: key.keySize,
		signatureAlgorithm: signatureName(cert.signatureAlgorithm as unknown as { name: string; hash?: string | { name: string } }),
		selfSigned: cert.subject === cert.issuer,
		der,
		problems: key.problems,
	};
}

function signatureName(alg: { name: string; hash?: string | { name: string } }): string {
	const hash = typeof alg.hash === 'string' ? alg.hash : alg.hash?.name;
	return hash ? `${alg.name} ${hash}` : alg.name;
}

/**
 * A subject as a distinguished name: a bare name becomes CN=name (special characters escaped).
 * @example
 * normalizeSubject('my-app');              // 'CN=my-app'
 * normalizeSubject('CN=my-app, O=Contoso'); // 'CN=my-app, O=Contoso'
 */
export function normalizeSubject(input: string): string {
	const s = input.trim();
	if (!s) {
		throw new CoreError('ERR_INVALID_OPTION', 'The subject is empty; give a name such as my-app or CN=my-app.');
	}
	const dn = /^[A-Za-z][A-Za-z0-9.]*\s*=/.test(s) ? s : `CN=${s.replace(/([,+"\\<>;=#])/g, '\\$1')}`;
	try {
		const name = new x509.Name(dn);
		if (name.toJSON().length === 0) {
			throw new Error('empty');
		}
		return name.toString();
	} catch (e) {
		throw new CoreError('ERR_INVALID_OPTION', `The subject '${s}' is not a valid distinguished name (${e instanceof Error ? e.message : String(e)}); use the form CN=my-app, O=Contoso.`);
	}
}

/** The SAN entries, checked; undefined when none are given. */
function subjectAltNameEntries(sans: SubjectAltNames | undefined): x509.JsonGeneralName[] | undefined {
	if (!sans) {
		return undefined;
	}
	const entries: x509.JsonGeneralName[] = [];
	for (const dns of sans.dns ?? []) {
		if (!/^(?=.{1,253}$)(\*\.)?[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(dns)) {
			throw new CoreError('ERR_INVALID_OPTION', `The DNS name '${dns}' is not a host name; use names such as localhost or api.contoso.test.`);
		}
		entries.push({ type: 'dns', value: dns });
	}
	for (const ip of sans.ip ?? []) {
		if (isIP(ip) === 0) {
			throw new CoreError('ERR_INVALID_OPTION', `The IP address '${ip}' is not an IPv4 or IPv6 address; use e.g. 127.0.0.1 or ::1.`);
		}
		entries.push({ type: 'ip', value: ip });
	}
	if (entries.length === 0) {
		throw new CoreError('ERR_INVALID_OPTION', 'subjectAltNames has no DNS name and no IP address; give at least one (e.g. dns: [\'localhost\']).');
	}
	return entries;
}

export interface GeneratedCertificate {
	certificateDer: Uint8Array;
	certificatePem: string;
	privateKey: PrivateKeyInfo;
	/** PKCS#8 PEM. */
	privateKeyPem: string;
	info: CertificateInfo;
}

/** Subject alternative names for a TLS server certificate (e.g. the sandbox's localhost certificate). */
export interface SubjectAltNames {
	/** DNS names, e.g. 'localhost'. */
	dns?: string[];
	/** IPv4 or IPv6 addresses, e.g. '127.0.0.1', '::1'. */
	ip?: string[];
}

/**
 * A self-signed RSA certificate for client authentication: SHA-256 signature, random positive serial,
 * keyUsage digitalSignature (critical), extendedKeyUsage clientAuth, basicConstraints CA:false,
 * subjectKeyIdentifier. notBefore is `now`; notAfter is `now` + days.
 * `keyPair` is a pair already being generated (generateRsaKeyPair(keySize), started before this module was loaded);
 * without it the pair is generated here.
 * With `subjectAltNames` it can also serve TLS: a subjectAltName extension, extendedKeyUsage serverAuth
 * (besides clientAuth) and keyUsage keyEncipherment (besides digitalSignature).
 *
 * @example
 * const tls = await generateSelfSignedCertificate({ subject: 'CN=localhost', subjectAltNames: { dns: ['localhost'], ip: ['127.0.0.1'] }, days: 30, now: new Date() });
 */
export async function generateSelfSignedCertificate(options: { subject: string; keySize?: 2048 | 3072 | 4096; days?: number; now: Date; subjectAltNames?: SubjectAltNames; keyPair?: Promise<KeyPairObjects> }): Promise<GeneratedCertificate> {
	const keySize = options.keySize ?? 2048;
	if (![2048, 3072, 4096].includes(keySize)) {
		throw new CoreError('ERR_INVALID_OPTION', `Key size ${String(keySize)} is not offered; use 2048, 3072 or 4096 (Entra needs at least 2048).`);
	}
	const days = options.days ?? 365;
	if (!Number.isInteger(days) || days < 1 || days > 36500) {
		throw new CoreError('ERR_INVALID_OPTION', `Validity of ${String(days)} days is not a whole number from 1 to 36500.`);
	}
	const name = normalizeSubject(options.subject);
	const sans = subjectAltNameEntries(options.subjectAltNames);
	const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: keySize };
	// Node's generateKeyPair runs in the thread pool like WebCrypto's, without WebCrypto's key wrapping around it;
	// x509 signs with WebCrypto, so the pair is imported there (microseconds).
	const pair = await (options.keyPair ?? generateRsaKeyPair(keySize));
	const details = pair.privateKey.asymmetricKeyDetails;
	if (pair.privateKey.asymmetricKeyType !== 'rsa' || details?.modulusLength !== keySize || details.publicExponent !== 0x10001n) {
		throw new CoreError('ERR_INVALID_OPTION', `The key pair given is not RSA ${keySize} with exponent 65537; generate it with generateRsaKeyPair(${keySize}).`);
	}
	const pkcs8 = new Uint8Array(pair.privateKey.export({ type: 'pkcs8', format: 'der' }));
	const keys: webcrypto.CryptoKeyPair = {
		privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, alg, false, ['sign']),
		publicKey: await webcrypto.subtle.importKey('spki', pair.publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']),
	};
	const serial = new Uint8Array(webcrypto.getRandomValues(new Uint8Array(16)));
	serial[0] = (serial[0] & 0x7f) | 0x40; // positive, and no leading zero byte
	const notBefore = new Date(Math.floor(options.now.getTime() / 1000) * 1000);
	const cert = await x509.X509CertificateGenerator.createSelfSigned({
		serialNumber: toHex(serial, false),
		name,
		notBefore,
		notAfter: new Date(notBefore.getTime() + days * 86400000),
		signingAlgorithm: alg,
		keys,
		extensions: [
			new x509.BasicConstraintsExtension(false, undefined, true),
			new x509.KeyUsagesExtension(sans ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature, true),
			new x509.ExtendedKeyUsageExtension(sans ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth] : [x509.ExtendedKeyUsage.clientAuth], false),
			await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
			...(sans ? [new x509.SubjectAlternativeNameExtension(sans, false)] : []),
		],
	});
	const certificateDer = new Uint8Array(cert.rawData);
	const privateKey = keyInfoOf(pair.privateKey);
	return {
		certificateDer,
		certificatePem: toPem(certificateDer, 'CERTIFICATE'),
		privateKey,
		privateKeyPem: toPem(privateKey.pkcs8Der, 'PRIVATE KEY'),
		info: describeCertificate(certificateDer),
	};
}
