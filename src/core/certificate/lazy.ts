/**
 * The certificate code that loads heavy libraries, required on first need: x509.ts (@peculiar/x509, reflect-metadata,
 * tsyringe) and pfx.ts (asn1js). The build makes each a chunk of its own (esbuild.config.mjs, coreChunks), so
 * describing a PEM or DER certificate neither loads nor parses them.
 */
import type * as X509 from './x509';
import type * as Pfx from './pfx';

export function x509Module(): typeof X509 {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous lazy load (describeCertificate, normalizeSubject are synchronous)
	return require('./x509') as typeof X509;
}

export function pfxModule(): typeof Pfx {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous lazy load (readPfx, looksLikePfx are synchronous)
	return require('./pfx') as typeof Pfx;
}
