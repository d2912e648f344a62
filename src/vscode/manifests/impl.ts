/**
 * The manifests feature's implementation: its own chunk (dist/chunks/manifests.js), loaded by register.ts on first
 * use (the first manifest the index finds or the editor opens, or the first Insert keyCredential).
 */
export { fixTitle, manifestDiagnostics } from './diagnostics';
export { insertKeyCredential } from './insertKeyCredential';
