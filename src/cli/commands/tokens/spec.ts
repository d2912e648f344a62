/** The tokens commands' names, usage and options: what `entra-cert --help` and the command matcher need, without the implementation. */
import type { CommandSpec } from '../../framework';

export const assertionSpec: CommandSpec = {
	feature: 'tokens',
	words: ['assertion'],
	usage: 'assertion --cert CERT [--key KEY] --client-id ID (--tenant T | --audience URL) [--cloud public|usgov|china] [--alg PS256|RS256] [--lifetime SECONDS] [--x5c]',
	summary: 'Sign a client assertion (JWT) with a certificate and print it.',
	options: [
		{ name: 'cert', value: true, description: 'Certificate (PEM, DER) or PFX with its key.' },
		{ name: 'key', value: true, description: 'Private key (PEM or DER; PKCS#8 or PKCS#1). Optional when --cert is a PFX.' },
		{ name: 'client-id', value: true, description: 'Application (client) ID GUID: iss and sub.' },
		{ name: 'tenant', value: true, description: 'Tenant ID or domain for the token endpoint audience.' },
		{ name: 'cloud', value: true, description: 'public (default), usgov or china.' },
		{ name: 'alg', value: true, description: 'PS256 (default, x5t#S256) or RS256 (x5t, SHA-1).' },
		{ name: 'lifetime', value: true, description: 'Seconds until exp (default 600).' },
		{ name: 'x5c', value: false, description: 'Include the certificate chain in the header (subject name/issuer auth).' },
		{ name: 'audience', value: true, description: 'Explicit aud instead of the tenant\'s token endpoint.' },
		{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password.' },
		{ name: 'key-passphrase-env', value: true, description: 'Environment variable holding the key file\'s passphrase.' },
	],
};

export const decodeSpec: CommandSpec = {
	feature: 'tokens',
	words: ['decode'],
	usage: 'decode TOKEN|FILE|- [--json]',
	summary: 'Decode a JWT (from any text containing one, a file holding it, or standard input) and explain its header and claims.',
	options: [{ name: 'json', value: false, description: 'Print { header, payload, claims, kind, summary } as JSON.' }],
};

export const verifySpec: CommandSpec = {
	feature: 'tokens',
	words: ['verify'],
	usage: 'verify TOKEN|FILE|- (--cert CERT | --jwks FILE) [--password-env VAR] [--json]',
	summary: 'Check a JWT\'s signature against a certificate or a JWK Set, and its validity times.',
	options: [
		{ name: 'cert', value: true, description: 'Certificate to verify with (PEM, DER or PFX).' },
		{ name: 'jwks', value: true, description: 'JWK Set file ({"keys": [...]}), e.g. a saved /discovery/v2.0/keys document.' },
		{ name: 'password-env', value: true, description: 'Environment variable holding the PFX password.' },
		{ name: 'json', value: false, description: 'Print { signatureValid, time, keyUsed?, reason?, findings } as JSON.' },
	],
};
