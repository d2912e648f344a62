/**
 * The Token workbench's implementation: its own chunk (dist/chunks/workbench.js) with the webview host, the request
 * runner and the token core. register.ts loads it when the workbench is first opened (or revived after a reload).
 */
export { Workbench } from './workbench';
