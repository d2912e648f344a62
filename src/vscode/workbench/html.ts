/**
 * The workbench's HTML shell: a strict CSP with a nonce, resource URLs from asWebviewUri, and no data at all
 * (everything arrives by postMessage after the webview says it is ready).
 */
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

/** Resources the webview may load: the bundle and codicons in dist/, CSS in media/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
	return {
		enableScripts: true,
		enableFindWidget: true,
		localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
	};
}

function attr(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function workbenchHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
	const nonce = randomBytes(16).toString('base64');
	const uri = (...p: string[]) => attr(webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString());
	const csp = [
		"default-src 'none'",
		`style-src ${webview.cspSource} 'nonce-${nonce}'`,
		`font-src ${webview.cspSource}`,
		`script-src 'nonce-${nonce}'`,
		`img-src ${webview.cspSource} data:`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${uri('dist', 'codicons', 'codicon.css')}" nonce="${nonce}">
<link rel="stylesheet" href="${uri('media', 'workbench', 'workbench.css')}" nonce="${nonce}">
<title>Token Workbench</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${uri('dist', 'webview.js')}"></script>
</body>
</html>`;
}
