/** The manifests commands' names, usage and options: what `entra-cert --help` and the command matcher need, without the implementation. */
import type { CommandSpec, OptionSpec } from '../../framework';

const FORMAT: OptionSpec = { name: 'format', value: true, description: "graph (Microsoft Graph manifest: key/startDateTime) or aadgraph (legacy: value/startDate)." };
const PASSWORD: OptionSpec = { name: 'password-env', value: true, description: 'Environment variable holding the PFX password.' };
const JSON_FLAG: OptionSpec = { name: 'json', value: false, description: 'Print JSON.' };

export const keycredentialSpec: CommandSpec = {
	feature: 'manifests',
	words: ['keycredential'],
	usage: 'keycredential CERT [--format graph|aadgraph] [--password-env VAR] [--json]',
	summary: 'Print one keyCredentials entry for a certificate, ready to paste into an app manifest.',
	options: [FORMAT, PASSWORD, JSON_FLAG],
};

export const manifestAddSpec: CommandSpec = {
	feature: 'manifests',
	words: ['manifest', 'add'],
	usage: 'manifest add MANIFEST CERT [--format graph|aadgraph] [--password-env VAR] [--json]',
	summary: 'Append a keyCredentials entry for CERT to MANIFEST, keeping the rest of the file as it is.',
	options: [FORMAT, PASSWORD, JSON_FLAG],
};

export const manifestLintSpec: CommandSpec = {
	feature: 'manifests',
	words: ['manifest', 'lint'],
	usage: 'manifest lint MANIFEST [--cert CERT]... [--password-env VAR] [--json]',
	summary: "Check a manifest's keyCredentials: PEM text instead of DER, wrong customKeyIdentifier, expiry, dates, duplicates.",
	options: [{ name: 'cert', value: true, repeat: true, description: 'A certificate to check against (repeatable).' }, PASSWORD, JSON_FLAG, { name: 'expiry-days', value: true, description: 'Warn about keys expiring within this many days (default 30).' }],
};
