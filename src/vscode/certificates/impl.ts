/**
 * The certificates feature's implementation: its own chunk (dist/chunks/certificates.js), loaded by register.ts on
 * the first Generate Certificate, Compute Thumbprint or Export PFX.
 */
export { generateCertificate, type GenerateArgs, type GenerateResult } from './generate';
export { computeThumbprint, type ThumbprintArgs } from './thumbprint';
export { exportPfx } from './exportPfx';
