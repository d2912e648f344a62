/**
 * The certificate core for the certificates commands (x509, asn1js, reflect-metadata): its own chunk
 * (dist/cli/certificateCore.js), so a plain PEM thumbprint neither evaluates nor parses it.
 */
export { exportPfx, fileBaseName, generateSelfSignedCertificate } from '../../../core/certificate';
export { loadCertificateFile } from '../../../node/material';
