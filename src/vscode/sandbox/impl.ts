/**
 * The sandbox server for the editor: its own chunk (dist/chunks/sandbox.js), loaded by control.ts on the first start.
 */
export { appsFromManifests, formatRequestLog, startSandbox } from '../../sandbox';
