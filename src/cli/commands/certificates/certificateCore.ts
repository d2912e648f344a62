/**
 * Certificate generation for `cert new` (@peculiar/x509, reflect-metadata): its own chunk (dist/cli/certificateCore.js),
 * so `thumbprint` neither evaluates nor parses it. The PFX writer (asn1js) is loaded by the core when --pfx asks for it.
 */
export { generateSelfSignedCertificate } from '../../../core/certificate/x509';
export { exportPfx, fileBaseName } from '../../../core/certificate';
