/**
 * What the WorkspaceIndex needs to read certificate, key and manifest files: its own chunk
 * (dist/chunks/indexScan.js), loaded on the first scan, so x509 and the manifest parser stay out of activation.
 * Errors thrown here are checked with this chunk's own isCoreError.
 */
export { describeCertificate, keyMatchesCertificate, readCertificateMaterial, readPrivateKey, thumbprints } from '../../core/certificate';
export { isAppManifest, isLikelyManifest, parseManifest } from '../../core/manifest';
export { isCoreError } from '../../core/errors';
