/**
 * The Token workbench webview (bundled by esbuild into dist/webview.js, an IIFE for the browser).
 * All data arrives by postMessage and is rendered with DOM APIs; see media/workbench/.
 */
import './workbench/elements';
import { App } from './workbench/app';

const root = document.getElementById('app');
if (root) {
	new App(root);
}
