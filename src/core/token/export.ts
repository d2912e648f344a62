/**
 * A token request as something to run elsewhere: a curl command, a REST Client `.http` file, or MSAL code
 * (Node, .NET, Python) with the certificate settings that make the same request. Exported code never holds a
 * secret, a private key or a token: it reads them from environment variables and the user's own files.
 */
import { CoreError } from '../errors';
import { authorityOf, buildParams, FLOW_NAMES, formEncodeComponent, secretParam, SECRET_PARAMS, tokenEndpointOf, TOKEN_REQUEST_HEADERS, type SecretParam } from './request';
import type { ExportCertificate, ExportFormat, Flow, TokenRequestInput } from './flows';

/** The formats exportRequest writes. */
export const EXPORT_FORMATS: readonly ExportFormat[] = Object.freeze(['curl', 'http', 'msal-node', 'msal-dotnet', 'msal-python']);

const SANDBOX_NOTE = 'This request goes to the Entra Cert Kit sandbox, a local emulation of Entra ID for trying requests offline; it is not Entra.';

/** A bash word that is taken literally: single quotes, with ' written as '\''. */
function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A double-quoted string literal valid in JavaScript, C# and Python (JSON escapes are a subset of all three). */
function lit(text: string): string {
	return JSON.stringify(text);
}

function isSandbox(input: TokenRequestInput): boolean {
	return input.target.kind === 'sandbox';
}

// #region curl and .http

function curlExport(input: TokenRequestInput, redact: boolean): string {
	const params = buildParams(input, { requireSecrets: !redact });
	const lines = [`curl --silent --show-error --request POST ${shellQuote(tokenEndpointOf(input.target))}`];
	for (const [name, value] of Object.entries(TOKEN_REQUEST_HEADERS)) {
		lines.push(`--header ${shellQuote(`${name}: ${value}`)}`);
	}
	for (const [name, value] of params) {
		const s = secretParam(name);
		if (redact && s) {
			// ${VAR:?…} stops bash with the message when the variable is unset or empty, instead of sending ''.
			lines.push(`--data-urlencode "${name}=\${${s.envVar}:?set ${s.envVar} to ${s.hint}}"`);
		} else {
			lines.push(`--data-urlencode ${shellQuote(`${name}=${value}`)}`);
		}
	}
	// The command comes first so the export pastes back into diagnose as a curl command.
	let text = lines.join(' \\\n  ');
	if (redact && params.some(([n]) => n === 'client_assertion')) {
		// How to make the assertion the command reads: the kit's own CLI signs one with the certificate and key.
		const cloud = input.target.kind === 'cloud' && input.target.cloud !== 'public' ? ` --cloud ${input.target.cloud}` : '';
		const audience = input.target.kind === 'sandbox' ? ` --audience ${shellQuote(tokenEndpointOf(input.target))}` : '';
		text += `\n# Make CLIENT_ASSERTION first (a JWT signed with your certificate's key, valid 10 minutes):\n# export CLIENT_ASSERTION="$(entra-cert assertion --cert app.pem --key app.key --client-id ${input.clientId} --tenant ${input.target.tenant}${cloud}${audience})"`;
	}
	if (isSandbox(input)) {
		text += `\n# ${SANDBOX_NOTE}`;
	}
	return text;
}

function httpExport(input: TokenRequestInput, redact: boolean): string {
	const params = buildParams(input, { requireSecrets: !redact });
	const used = redact ? SECRET_PARAMS.filter((s) => params.some(([n]) => n === s.name)) : [];
	const preamble: string[] = [];
	if (isSandbox(input)) {
		preamble.push(`# ${SANDBOX_NOTE}`);
	}
	if (used.length > 0) {
		preamble.push(`# Token request (${FLOW_NAMES[input.flow]}) for the REST Client extension, made by Entra Cert Kit.`);
		preamble.push(`# Secrets come from environment variables; set ${used.map((s) => s.envVar).join(', ')} before sending.`);
		for (const s of used) {
			preamble.push(`@${s.restVar} = {{$processEnv ${s.envVar}}}`);
		}
	}
	const lines = [`POST ${tokenEndpointOf(input.target)} HTTP/1.1`];
	for (const [name, value] of Object.entries(TOKEN_REQUEST_HEADERS)) {
		lines.push(`${name}: ${value}`);
	}
	lines.push('');
	params.forEach(([name, value], i) => {
		const s = secretParam(name);
		const text = redact && s ? `{{${s.restVar}}}` : formEncodeComponent(value);
		lines.push(`${i === 0 ? '' : '&'}${formEncodeComponent(name)}=${text}`);
	});
	return [...(preamble.length > 0 ? [...preamble, ''] : []), ...lines].join('\n');
}

// #endregion

// #region MSAL

interface MsalContext {
	flow: Flow;
	clientId: string;
	authority: string;
	scopes: string[];
	cert?: ExportCertificate;
	/** 'certificate' also when the credential is an assertion (MSAL signs its own from the certificate). */
	credential: 'certificate' | 'secret' | 'none';
	/** Set for an authorization code request (buildParams refuses one without it); the other flows have none. */
	redirectUri?: string;
	hasCodeVerifier: boolean;
	sandbox: boolean;
	/** openid / profile / offline_access were asked for: MSAL adds them itself and MSAL Python refuses them. */
	droppedReserved: string[];
}

/** Scopes every MSAL adds to user flows by itself; MSAL Python raises ValueError when they are passed. */
const MSAL_RESERVED_SCOPES = ['openid', 'profile', 'offline_access'];

function msalContext(input: TokenRequestInput, cert: ExportCertificate | undefined): MsalContext {
	// Validates the inputs the code needs (a code request has its redirect URI); secret values are never used here.
	// Stryker disable next-line ObjectLiteral: equivalent, an absent requireSecrets is false
	buildParams(input, { requireSecrets: false });
	const kind = input.credential.kind;
	const scopes = input.scopes.map((s) => s.trim()).filter((s) => s.length > 0);
	return {
		flow: input.flow,
		clientId: input.clientId,
		authority: authorityOf(input.target),
		scopes: scopes.filter((s) => !MSAL_RESERVED_SCOPES.includes(s.toLowerCase())),
		droppedReserved: scopes.filter((s) => MSAL_RESERVED_SCOPES.includes(s.toLowerCase())),
		cert,
		credential: kind === 'assertion' ? 'certificate' : kind,
		redirectUri: input.redirectUri,
		hasCodeVerifier: input.codeVerifier !== undefined,
		sandbox: input.target.kind === 'sandbox',
	};
}

/** Placeholders when the credential is a certificate the export was not told about. */
function certOrPlaceholders(ctx: MsalContext): ExportCertificate & { placeholder: boolean } {
	if (ctx.cert) {
		return { ...ctx.cert, placeholder: false };
	}
	return {
		certificatePath: '<path to the certificate PEM>',
		privateKeyPath: '<path to the private key PEM>',
		sha1Hex: '<SHA-1 thumbprint, hex>',
		sha256Hex: '<SHA-256 thumbprint, hex>',
		placeholder: true,
	};
}

/** The environment variables the flow's user-side inputs come from. */
function flowEnvVars(ctx: MsalContext): SecretParam[] {
	const names: string[] = [];
	if (ctx.credential === 'secret') {
		names.push('client_secret');
	}
	if (ctx.flow === 'on_behalf_of') {
		names.push('assertion');
	} else if (ctx.flow === 'authorization_code') {
		names.push('code');
		if (ctx.hasCodeVerifier) {
			names.push('code_verifier');
		}
	} else if (ctx.flow === 'refresh_token') {
		names.push('refresh_token');
	}
	return names.map((n) => secretParam(n) as SecretParam);
}

/** camelCase variable name (JS/C#) for an environment variable; Python uses the lower-case name. */
function camelName(envVar: string): string {
	return envVar.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** A comment line (without its comment marker) when reserved scopes were left out of the MSAL call. */
function reservedNote(ctx: MsalContext): string | undefined {
	return ctx.droppedReserved.length > 0 ? `MSAL adds openid, profile and offline_access by itself, so ${ctx.droppedReserved.join(', ')} ${ctx.droppedReserved.length === 1 ? 'is' : 'are'} not in the list.` : undefined;
}

/** Flows only a confidential client can run: without a credential the export says what to add. */
function flowNeedsCredential(ctx: MsalContext): boolean {
	return ctx.flow === 'client_credentials' || ctx.flow === 'on_behalf_of';
}

function msalNode(ctx: MsalContext, sendX5c: boolean): string {
	const out: string[] = [];
	const publicClient = ctx.credential === 'none' && !flowNeedsCredential(ctx);
	const appClass = publicClient ? 'PublicClientApplication' : 'ConfidentialClientApplication';
	out.push(`// Token request (${FLOW_NAMES[ctx.flow]}) with @azure/msal-node, made by Entra Cert Kit.`);
	out.push('// npm install @azure/msal-node, then save this as token.mjs (or token.ts) and run it with node.');
	if (ctx.sandbox) {
		out.push(`// ${SANDBOX_NOTE}`);
		out.push('// MSAL accepts only https authorities: start the sandbox with HTTPS and trust its certificate (NODE_EXTRA_CA_CERTS=sandbox-ca.pem).');
		out.push('// knownAuthorities and authorityMetadata tell MSAL the sandbox endpoints, so it does no instance discovery.');
	}
	const usesCert = ctx.credential === 'certificate';
	if (usesCert) {
		out.push('import { readFileSync } from "node:fs";');
	}
	out.push(`import { ${appClass} } from "@azure/msal-node";`);
	out.push('');
	const body: string[] = [];
	for (const s of flowEnvVars(ctx)) {
		const v = camelName(s.envVar);
		body.push(`const ${v} = process.env.${s.envVar};`);
		body.push(`if (!${v}) {`);
		body.push(`\tthrow new Error(${lit(`Set ${s.envVar} to ${s.hint}.`)});`);
		body.push('}');
	}
	body.push(`const app = new ${appClass}({`);
	body.push('\tauth: {');
	body.push(`\t\tclientId: ${lit(ctx.clientId)},`);
	body.push(`\t\tauthority: ${lit(ctx.authority)},`);
	if (usesCert) {
		const c = certOrPlaceholders(ctx);
		if (c.placeholder) {
			body.push('\t\t// Fill in the certificate registered on the app and its private key.');
		}
		body.push('\t\tclientCertificate: {');
		body.push('\t\t\t// SHA-256 thumbprint (hex): msal-node signs PS256 with x5t#S256.');
		body.push(`\t\t\tthumbprintSha256: ${lit(c.sha256Hex)},`);
		body.push(`\t\t\tprivateKey: readFileSync(${lit(c.privateKeyPath)}, "utf8"),`);
		if (sendX5c) {
			body.push('\t\t\t// x5c sends the certificate chain (subject name and issuer authentication).');
			body.push(`\t\t\tx5c: readFileSync(${lit(c.certificatePath)}, "utf8"),`);
		} else {
			body.push('\t\t\t// Subject name and issuer authentication also sends the chain:');
			body.push(`\t\t\t// x5c: readFileSync(${lit(c.certificatePath)}, "utf8"),`);
		}
		body.push('\t\t},');
	} else if (ctx.credential === 'secret') {
		body.push('\t\tclientSecret,');
	} else if (flowNeedsCredential(ctx)) {
		body.push('\t\t// This flow needs a client credential: add clientCertificate { thumbprintSha256, privateKey } or clientSecret.');
	}
	if (ctx.sandbox) {
		const host = new URL(ctx.authority).host;
		body.push(`\t\tknownAuthorities: [${lit(host)}],`);
		body.push('\t\tauthorityMetadata: JSON.stringify({');
		body.push(`\t\t\ttoken_endpoint: ${lit(`${ctx.authority}/oauth2/v2.0/token`)},`);
		body.push(`\t\t\tauthorization_endpoint: ${lit(`${ctx.authority}/oauth2/v2.0/authorize`)},`);
		body.push(`\t\t\tend_session_endpoint: ${lit(`${ctx.authority}/oauth2/v2.0/logout`)},`);
		body.push(`\t\t\tissuer: ${lit(`${ctx.authority}/v2.0`)},`);
		body.push(`\t\t\tjwks_uri: ${lit(`${ctx.authority}/discovery/v2.0/keys`)},`);
		body.push('\t\t}),');
	}
	body.push('\t},');
	body.push('});');
	const scopes = `[${ctx.scopes.map(lit).join(', ')}]`;
	let call: string;
	switch (ctx.flow) {
		case 'client_credentials':
			call = `app.acquireTokenByClientCredential({ scopes: ${scopes} })`;
			break;
		case 'on_behalf_of':
			call = `app.acquireTokenOnBehalfOf({ oboAssertion: userAssertion, scopes: ${scopes} })`;
			break;
		case 'authorization_code':
			call = `app.acquireTokenByCode({ code: authCode, redirectUri: ${lit(String(ctx.redirectUri))}, scopes: ${scopes}${ctx.hasCodeVerifier ? ', codeVerifier' : ''} })`;
			break;
		case 'refresh_token':
			call = `app.acquireTokenByRefreshToken({ refreshToken, scopes: ${scopes} })`;
			break;
	}
	const note = reservedNote(ctx);
	if (note) {
		body.push(`// ${note}`);
	}
	body.push(`const result = await ${call};`);
	body.push('console.log(result?.accessToken);');
	// Everything inside main(), so the environment checks narrow the values where they are used.
	out.push('async function main() {');
	out.push(...body.map((l) => `\t${l}`));
	out.push('}');
	out.push('');
	out.push('main().catch((error) => {');
	out.push('\tconsole.error(error);');
	out.push('\tprocess.exitCode = 1;');
	out.push('});');
	return out.join('\n') + '\n';
}

function msalDotnet(ctx: MsalContext, sendX5c: boolean): string {
	const out: string[] = [];
	const i = '    ';
	out.push(`// Token request (${FLOW_NAMES[ctx.flow]}) with MSAL.NET (Microsoft.Identity.Client), made by Entra Cert Kit.`);
	out.push('// dotnet add package Microsoft.Identity.Client; a console app with top-level statements (.NET 6 or later).');
	if (ctx.sandbox) {
		out.push(`// ${SANDBOX_NOTE}`);
		out.push('// MSAL accepts only https authorities: start the sandbox with HTTPS and trust its certificate on this machine.');
		out.push('// WithInstanceDiscovery(false) keeps MSAL from asking login.microsoftonline.com about the sandbox host.');
	}
	out.push('using System;');
	if (ctx.credential === 'certificate') {
		out.push('using System.Security.Cryptography.X509Certificates;');
	}
	out.push('using Microsoft.Identity.Client;');
	out.push('');
	for (const s of flowEnvVars(ctx)) {
		out.push(`var ${camelName(s.envVar)} = Environment.GetEnvironmentVariable(${lit(s.envVar)})`);
		out.push(`${i}?? throw new InvalidOperationException(${lit(`Set ${s.envVar} to ${s.hint}.`)});`);
	}
	const builder: string[] = [];
	if (ctx.credential === 'certificate') {
		const c = certOrPlaceholders(ctx);
		if (c.placeholder) {
			out.push('// Fill in the certificate registered on the app and its private key.');
		}
		out.push('// Current MSAL.NET signs PS256 with x5t#S256 for Entra authorities.');
		out.push(`var certificate = X509Certificate2.CreateFromPemFile(${lit(c.certificatePath)}, ${lit(c.privateKeyPath)});`);
		builder.push(sendX5c ? '.WithCertificate(certificate, sendX5C: true)' : '.WithCertificate(certificate)');
	} else if (ctx.credential === 'secret') {
		builder.push('.WithClientSecret(clientSecret)');
	} else {
		out.push('// This request has no client credential; a confidential client needs one: add .WithCertificate(...) or .WithClientSecret(...).');
	}
	builder.push(`.WithAuthority(${lit(ctx.authority)})`);
	if (ctx.sandbox) {
		builder.push('.WithInstanceDiscovery(false)');
	}
	if (ctx.flow === 'authorization_code') {
		builder.push(`.WithRedirectUri(${lit(String(ctx.redirectUri))})`);
	}
	out.push('');
	out.push(`var app = ConfidentialClientApplicationBuilder.Create(${lit(ctx.clientId)})`);
	for (const b of builder) {
		out.push(`${i}${b}`);
	}
	out.push(`${i}.Build();`);
	out.push('');
	const note = reservedNote(ctx);
	if (note) {
		out.push(`// ${note}`);
	}
	out.push(ctx.scopes.length > 0 ? `var scopes = new[] { ${ctx.scopes.map(lit).join(', ')} };` : 'var scopes = Array.Empty<string>();');
	switch (ctx.flow) {
		case 'client_credentials':
			out.push('var result = await app.AcquireTokenForClient(scopes).ExecuteAsync();');
			break;
		case 'on_behalf_of':
			out.push('var result = await app.AcquireTokenOnBehalfOf(scopes, new UserAssertion(userAssertion)).ExecuteAsync();');
			break;
		case 'authorization_code':
			out.push('var result = await app.AcquireTokenByAuthorizationCode(scopes, authCode)');
			if (ctx.hasCodeVerifier) {
				out.push(`${i}.WithPkceCodeVerifier(codeVerifier)`);
			}
			out.push(`${i}.ExecuteAsync();`);
			break;
		case 'refresh_token':
			out.push('// MSAL.NET keeps refresh tokens in its cache; IByRefreshToken is for bringing one in from elsewhere.');
			out.push('var result = await ((IByRefreshToken)app).AcquireTokenByRefreshToken(scopes, refreshToken).ExecuteAsync();');
			break;
	}
	out.push('Console.WriteLine(result.AccessToken);');
	return out.join('\n') + '\n';
}

function msalPython(ctx: MsalContext, sendX5c: boolean): string {
	const out: string[] = [];
	const publicClient = ctx.credential === 'none' && !flowNeedsCredential(ctx);
	out.push(`# Token request (${FLOW_NAMES[ctx.flow]}) with MSAL Python, made by Entra Cert Kit.`);
	out.push('# pip install msal');
	if (ctx.sandbox) {
		out.push(`# ${SANDBOX_NOTE}`);
		out.push('# MSAL accepts only https authorities: start the sandbox with HTTPS and trust its certificate (REQUESTS_CA_BUNDLE=sandbox-ca.pem).');
		out.push('# instance_discovery=False keeps MSAL from asking login.microsoftonline.com about the sandbox host;');
		out.push('# MSAL then reads the sandbox\'s {authority}/v2.0/.well-known/openid-configuration.');
	}
	out.push('import os');
	out.push('import sys');
	out.push('');
	out.push('import msal');
	out.push('');
	for (const s of flowEnvVars(ctx)) {
		const v = s.envVar.toLowerCase();
		out.push(`${v} = os.environ.get(${lit(s.envVar)})`);
		out.push(`if not ${v}:`);
		out.push(`    sys.exit(${lit(`Set ${s.envVar} to ${s.hint}.`)})`);
	}
	const args: string[] = [`    ${lit(ctx.clientId)},`, `    authority=${lit(ctx.authority)},`];
	if (ctx.credential === 'certificate') {
		const c = certOrPlaceholders(ctx);
		if (c.placeholder) {
			out.push('# Fill in the certificate registered on the app and its private key.');
		}
		out.push(`with open(${lit(c.privateKeyPath)}, encoding="utf-8") as f:`);
		out.push('    private_key = f.read()');
		if (sendX5c) {
			out.push(`with open(${lit(c.certificatePath)}, encoding="utf-8") as f:`);
			out.push('    public_certificate = f.read()');
		}
		args.push('    client_credential={');
		args.push('        "private_key": private_key,');
		args.push('        # SHA-1 thumbprint (hex): MSAL Python signs RS256 with x5t. This works with every MSAL Python version.');
		args.push(`        "thumbprint": ${lit(c.sha1Hex)},`);
		if (sendX5c) {
			args.push('        # public_certificate sends the certificate in x5c (subject name and issuer authentication).');
			args.push('        "public_certificate": public_certificate,');
		} else {
			args.push(`        # Without "thumbprint" and with "public_certificate": open(${lit(c.certificatePath)}).read(), MSAL Python 1.34 or later`);
			args.push('        # (PR #835) computes the SHA-256 thumbprint and signs PS256 with x5t#S256; it then also sends the');
			args.push('        # certificate in x5c. With both keys, the SHA-1 "thumbprint" wins and the header still carries x5c.');
		}
		args.push('    },');
	} else if (ctx.credential === 'secret') {
		args.push('    client_credential=client_secret,');
	} else if (flowNeedsCredential(ctx)) {
		args.push('    # This flow needs a client credential: add client_credential={"private_key": ..., "thumbprint": ...} or a secret.');
	}
	if (ctx.sandbox) {
		args.push('    instance_discovery=False,');
	}
	out.push(`app = msal.${publicClient ? 'PublicClientApplication' : 'ConfidentialClientApplication'}(`);
	out.push(...args);
	out.push(')');
	out.push('');
	const note = reservedNote(ctx);
	if (note) {
		out.push(`# ${note}`);
	}
	out.push(`scopes = [${ctx.scopes.map(lit).join(', ')}]`);
	switch (ctx.flow) {
		case 'client_credentials':
			out.push('result = app.acquire_token_for_client(scopes=scopes)');
			break;
		case 'on_behalf_of':
			out.push('result = app.acquire_token_on_behalf_of(user_assertion, scopes=scopes)');
			break;
		case 'authorization_code':
			out.push('result = app.acquire_token_by_authorization_code(');
			out.push('    auth_code,');
			out.push('    scopes=scopes,');
			out.push(`    redirect_uri=${lit(String(ctx.redirectUri))},`);
			if (ctx.hasCodeVerifier) {
				out.push('    data={"code_verifier": code_verifier},  # PKCE: MSAL Python posts data= in the token request');
			}
			out.push(')');
			break;
		case 'refresh_token':
			out.push('result = app.acquire_token_by_refresh_token(refresh_token, scopes=scopes)');
			break;
	}
	out.push('if "access_token" not in result:');
	out.push('    sys.exit(f"{result.get(\'error\')}: {result.get(\'error_description\')}")');
	out.push('print(result["access_token"])');
	return out.join('\n') + '\n';
}

// #endregion

/**
 * The request as something to run elsewhere:
 * - `curl`: one bash-safe command (single-quoted values, one `--data-urlencode` per parameter);
 * - `http`: a REST Client file (`POST …`, headers, body with `&` lines);
 * - `msal-node` / `msal-dotnet` / `msal-python`: MSAL code for the same flow, signing with the certificate
 *   (`certificate` names the user's files and thumbprints; placeholders when it is not given).
 * With `redact` (the default) curl and `.http` read secrets from environment variables (`"$CLIENT_ASSERTION"`,
 * `{{clientAssertion}}` = `{{$processEnv CLIENT_ASSERTION}}`); MSAL code never embeds a secret, a private key or
 * a token whatever `redact` says. For the sandbox target the export says it is the kit's local emulation.
 * @example
 * exportRequest(input, 'curl');
 * // curl --silent --show-error --request POST 'https://login.microsoftonline.com/…/oauth2/v2.0/token' \
 * //   --header 'Content-Type: application/x-www-form-urlencoded' \
 * //   …
 * //   --data-urlencode "client_assertion=${CLIENT_ASSERTION:?set CLIENT_ASSERTION to the signed client assertion JWT}"
 */
export function exportRequest(input: TokenRequestInput, format: ExportFormat, options: { certificate?: ExportCertificate; redact?: boolean } = {}): string {
	const redact = options.redact ?? true;
	const sendX5c = options.certificate?.sendX5c ?? false;
	switch (format) {
		case 'curl':
			return curlExport(input, redact);
		case 'http':
			return httpExport(input, redact);
		case 'msal-node':
			return msalNode(msalContext(input, options.certificate), sendX5c);
		case 'msal-dotnet':
			return msalDotnet(msalContext(input, options.certificate), sendX5c);
		case 'msal-python':
			return msalPython(msalContext(input, options.certificate), sendX5c);
		default:
			throw new CoreError('ERR_INVALID_OPTION', `Unknown export format '${String(format)}'; use one of ${EXPORT_FORMATS.join(', ')}.`);
	}
}

