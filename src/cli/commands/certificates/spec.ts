/** The certificates commands' names, usage and options: what `entra-cert --help` and the command matcher need, without the implementation. */
import type { CommandSpec } from '../../framework';

export const thumbprintSpec: CommandSpec = {
	feature: 'certificates',
	words: ['thumbprint'],
	usage: 'thumbprint FILE [--password-env VAR] [--json]',
	summary: 'Every thumbprint form of a certificate (PEM, DER, PFX): SHA-1/SHA-256 hex, x5t, x5t#S256, customKeyIdentifier.',
	options: [
		{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password.' },
		{ name: 'json', value: false, description: 'Print JSON.' },
	],
};

export const certNewSpec: CommandSpec = {
	feature: 'certificates',
	words: ['cert', 'new'],
	usage: 'cert new --subject "CN=…" --out DIR [--name BASE] [--key-size 2048|3072|4096] [--days N] [--pfx --password-env VAR] [--json]',
	summary: 'Generate a self-signed RSA certificate for client authentication: BASE.pem, BASE.key (0600), BASE.cer (DER) and optionally BASE.pfx.',
	options: [
		{ name: 'subject', value: true, description: 'Subject: CN=name, O=… or a bare name.' },
		{ name: 'out', value: true, description: 'Folder to write to (created if missing).' },
		{ name: 'name', value: true, description: 'Base file name (default: from the CN).' },
		{ name: 'key-size', value: true, description: '2048 (default), 3072 or 4096.' },
		{ name: 'days', value: true, description: 'Validity in days (default 365).' },
		{ name: 'pfx', value: false, description: 'Also write a password-protected PFX.' },
		{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password.' },
		{ name: 'json', value: false, description: 'Print JSON.' },
	],
};
