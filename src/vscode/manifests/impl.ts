/**
 * The manifests feature's implementation: its own chunk (dist/chunks/manifests.js), loaded by register.ts on first
 * use (the first manifest opened, or the first Insert keyCredential).
 */
export { manifestDiagnostics } from './diagnostics';
export { insertKeyCredential } from './insertKeyCredential';
