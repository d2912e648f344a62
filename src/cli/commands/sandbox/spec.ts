/** The sandbox commands' names, usage and options: what `entra-cert --help` and the command matcher need, without the implementation. */
import type { CommandSpec } from '../../framework';

export const sandboxSpec: CommandSpec = {
	feature: 'sandbox',
	words: ['sandbox'],
	usage: 'sandbox [--port N] [--tenant GUID] [--manifest FILE]... [--https [--tls-cert-out FILE]] [--json]',
	summary: 'Run a local token endpoint that emulates Microsoft Entra ID (on 127.0.0.1) for the apps of your manifests, until Ctrl+C.',
	options: [
		{ name: 'port', value: true, description: 'Port on 127.0.0.1 (default: a random free port).' },
		{ name: 'tenant', value: true, description: 'Tenant ID (GUID) to serve, e.g. your own, so your configuration works unchanged (default: the sandbox\'s).' },
		{ name: 'manifest', value: true, repeat: true, description: 'App manifest to serve (repeatable; default: the manifests under the current folder).' },
		{ name: 'https', value: false, description: 'Serve HTTPS with a localhost certificate the sandbox generates (trust its PEM as a CA).' },
		{ name: 'tls-cert-out', value: true, description: 'With --https: write the TLS certificate (PEM) to this file, for clients to trust.' },
		{ name: 'json', value: false, description: 'Print {url, tenantId, authority, tokenEndpoint, apps} as one line, then keep running.' },
	],
};
