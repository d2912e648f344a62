/** The diagnose commands' names, usage and options: what `entra-cert --help` and the command matcher need, without the implementation. */
import type { CommandSpec } from '../../framework';

export const diagnoseSpec: CommandSpec = {
	feature: 'diagnose',
	words: ['diagnose'],
	usage: 'diagnose FILE|- [--cert CERT]... [--manifest FILE]... [--client-id ID] [--password-env VAR] [--json]',
	summary: 'Explain a token, an AADSTS error response, a token request or a manifest: findings with cause and fix.',
	options: [
		{ name: 'cert', value: true, repeat: true, description: 'A certificate, key or PFX of yours (repeatable): thumbprints are matched against it, and a loading error is checked against it.' },
		{ name: 'manifest', value: true, repeat: true, description: 'An app manifest whose keyCredentials are checked (repeatable).' },
		{ name: 'client-id', value: true, description: 'The application (client) ID you use.' },
		{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password for --cert.' },
		{ name: 'json', value: false, description: 'Print { kind, findings } as JSON.' },
	],
};
