/** The app commands' names, usage and options (`entra-cert app show|add-cert|remove-cert`), without the implementation. */
import type { CommandSpec, OptionSpec } from '../../framework';

const TARGET: OptionSpec[] = [
	{ name: 'sandbox', value: true, description: "A running sandbox's URL: its emulated Graph, signed in as its first user." },
	{ name: 'token-env', value: true, description: 'Environment variable holding a Microsoft Graph access token (default: the Azure CLI\'s, az account get-access-token --resource-type ms-graph).' },
];
const JSON_FLAG: OptionSpec = { name: 'json', value: false, description: 'Print JSON.' };
const YES: OptionSpec = { name: 'yes', value: false, description: 'Do not ask before the write (on a terminal the change is shown and confirmed first).' };
const PROOF: OptionSpec[] = [
	{ name: 'proof-cert', value: true, description: 'A certificate already valid on the app: signs the proof of possession (then addKey/removeKey is used; else a PATCH).' },
	{ name: 'proof-key', value: true, description: "The proof certificate's private key (PEM or DER; a PFX given as --proof-cert carries its own)." },
	{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password or key passphrase.' },
];

export const appShowSpec: CommandSpec = {
	feature: 'app',
	words: ['app', 'show'],
	usage: 'app show APP_ID [--sandbox URL | --token-env VAR] [--json]',
	summary: "Show an app registration's keyCredentials as Graph reports them, matched to the certificate files under this folder.",
	options: [...TARGET, JSON_FLAG],
};

export const appAddCertSpec: CommandSpec = {
	feature: 'app',
	words: ['app', 'add-cert'],
	usage: 'app add-cert APP_ID CERT [--proof-cert CERT --proof-key KEY] [--sandbox URL | --token-env VAR] [--yes] [--json]',
	summary: 'Add a certificate to an app registration through Microsoft Graph (addKey with a proof, else PATCH keeping every key); prints the change first.',
	options: [...PROOF, ...TARGET, YES, JSON_FLAG],
};

export const appRemoveCertSpec: CommandSpec = {
	feature: 'app',
	words: ['app', 'remove-cert'],
	usage: 'app remove-cert APP_ID KEY_ID [--proof-cert CERT --proof-key KEY] [--sandbox URL | --token-env VAR] [--yes] [--json]',
	summary: 'Remove a key from an app registration through Microsoft Graph (removeKey with a proof from a remaining key, else PATCH); prints the change first.',
	options: [...PROOF, ...TARGET, YES, JSON_FLAG],
};
