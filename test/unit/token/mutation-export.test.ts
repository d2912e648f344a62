/**
 * Exports run the way a user runs them (src/core/token/export.ts):
 * - curl through bash against a node:http server on 127.0.0.1 (every parameter and header that arrives; an unset
 *   variable stops bash with its hint; the CLIENT_ASSERTION recipe run with a recording `entra-cert`);
 * - the `.http` file read as the REST Client extension reads it (comments, `@var = {{$processEnv X}}`, request
 *   line, headers, body lines joined where they start with `&`), then sent with the variables filled in;
 * - MSAL Python under python3 with a stub `msal` module (the real constructor and method signatures, the
 *   ValueError on reserved scopes) that records every call;
 * - msal-node code transpiled and run with a stub `@azure/msal-node` that records the configuration and the call;
 * - MSAL.NET (no dotnet here) checked for the calls and values a user relies on.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Ts from 'typescript';
import { CoreError } from '../../../src/core/errors';
import { exportRequest, EXPORT_FORMATS } from '../../../src/core/token/export';
import { buildTokenRequest, tokenEndpointOf } from '../../../src/core/token/request';
import { assertionSpec } from '../../../src/cli/commands/tokens/spec';
import type { ExportCertificate, ExportFormat, Flow, TokenRequestInput, TokenTarget } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const CLOUD: TokenTarget = { kind: 'cloud', cloud: 'public', tenant: TENANT };
const USGOV: TokenTarget = { kind: 'cloud', cloud: 'usgov', tenant: 'contoso.onmicrosoft.us' };
const SANDBOX: TokenTarget = { kind: 'sandbox', baseUrl: 'https://127.0.0.1:8443/', tenant: TENANT };
const jwt = (payload: object) => `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;
const ASSERTION = jwt({ aud: 'x', iss: CLIENT });
const USER_TOKEN = jwt({ aud: 'api://mid', scp: 'access' });
const REDIRECT = 'http://localhost:53682/cb';

type Cred = TokenRequestInput['credential'];
const CERT_CRED: Cred = { kind: 'assertion', assertion: ASSERTION };
// Shaped like the secrets Entra generates (letters, digits and ~ . _ -).
const SECRET_CRED: Cred = { kind: 'secret', secret: 'Xy8Q~ab.cd_ef-GH12' };
const NASTY_SECRET = `it's "q" $HOME \`id\` * & a=b %41 +x\nü~`;
const NONE: Cred = { kind: 'none' };

/** A request of each flow; `extra` overrides any field. */
function make(flow: Flow, target: TokenTarget, credential: Cred, extra: Partial<TokenRequestInput> = {}): TokenRequestInput {
	const base: TokenRequestInput = { target, flow, clientId: CLIENT, scopes: ['api://backend/.default'], credential };
	if (flow === 'on_behalf_of') {
		base.userAssertion = USER_TOKEN;
	} else if (flow === 'authorization_code') {
		Object.assign(base, { scopes: ['api://mid/access'], code: '0.AAA-code', redirectUri: REDIRECT, codeVerifier: 'v'.repeat(43) });
	} else if (flow === 'refresh_token') {
		Object.assign(base, { scopes: ['api://mid/access'], refreshToken: '0.AAA-refresh' });
	}
	return { ...base, ...extra };
}

/** The environment a redacted export reads, holding this input's values. */
function envOf(input: TokenRequestInput): Record<string, string> {
	const env: Record<string, string> = {};
	const c = input.credential;
	if (c.kind === 'assertion') {
		env.CLIENT_ASSERTION = c.assertion;
	} else if (c.kind === 'secret') {
		env.CLIENT_SECRET = c.secret;
	}
	for (const [name, v] of [['USER_ASSERTION', input.userAssertion], ['AUTH_CODE', input.code], ['CODE_VERIFIER', input.codeVerifier], ['REFRESH_TOKEN', input.refreshToken]] as const) {
		if (v !== undefined) {
			env[name] = v;
		}
	}
	return env;
}

function run(cmd: string, args: string[], env: Record<string, string>, stdin?: string, cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = execFile(cmd, args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 15000, cwd, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
		});
		child.stdin?.end(stdin ?? '');
	});
}

const shellWord = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;
const ERR_INVALID = (e: unknown) => e instanceof CoreError && e.code === 'ERR_INVALID_OPTION';

// #region MSAL.NET

describe('mutation export: MSAL.NET (checked, not run: no dotnet here)', () => {
	const cert: ExportCertificate = { certificatePath: '/certs/app.crt', privateKeyPath: '/certs/app.key', sha1Hex: 'AB'.repeat(20), sha256Hex: 'CD'.repeat(32) };
	const lines = (t: string) => t.split('\n');
	/** The builder chain: the lines from `var app = …Create(` to `.Build();`. */
	const builder = (t: string) => {
		const l = lines(t);
		const start = l.findIndex((x) => x.startsWith('var app = ConfidentialClientApplicationBuilder.Create('));
		const end = l.findIndex((x, k) => k > start && x.trim() === '.Build();');
		assert.ok(start >= 0 && end > start, t);
		return l.slice(start, end + 1).map((x) => x.trim());
	};

	it('every line is a comment, a blank, a using directive or part of a statement, and statements end with ;', () => {
		const creds: Cred[] = [CERT_CRED, SECRET_CRED, NONE];
		for (const target of [CLOUD, SANDBOX]) {
			for (const flow of ['client_credentials', 'on_behalf_of', 'authorization_code', 'refresh_token'] as Flow[]) {
				for (const cred of creds) {
					for (const certificate of [cert, { ...cert, sendX5c: true }, undefined]) {
						const text = exportRequest(make(flow, target, cred), 'msal-dotnet', { certificate });
						assert.ok(text.endsWith(';\n'), text);
						let open = false;
						for (const l of lines(text).slice(0, -1)) {
							if (l === '' || l.startsWith('// ')) {
								assert.ok(!open, `a statement is cut by ${JSON.stringify(l)}:\n${text}`);
								continue;
							}
							const start = /^(using [\w.]+;|var \w+ = \S.*|Console\.WriteLine\(result\.AccessToken\);)$/.test(l);
							const continuation = /^ {4}(\.\w+\(.*\)|\?\? throw new \w+\(".*"\));?$/.test(l);
							assert.ok(start ? !open : continuation && open, `${JSON.stringify(l)} in:\n${text}`);
							open = !l.endsWith(';');
						}
						assert.ok(!open);
					}
				}
			}
		}
	});

	it('certificate: the X509 using, the PEM files, WithCertificate (sendX5C when asked), the authority', () => {
		const input = make('client_credentials', CLOUD, CERT_CRED);
		const text = exportRequest(input, 'msal-dotnet', { certificate: cert });
		assert.ok(lines(text).includes('using System.Security.Cryptography.X509Certificates;'));
		assert.ok(lines(text).includes('var certificate = X509Certificate2.CreateFromPemFile("/certs/app.crt", "/certs/app.key");'));
		assert.deepEqual(builder(text), [`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}")`, '.WithCertificate(certificate)', `.WithAuthority("https://login.microsoftonline.com/${TENANT}")`, '.Build();']);
		assert.match(text, /\/\/ Current MSAL\.NET signs PS256 with x5t#S256/);
		assert.ok(!text.includes('Fill in'));
		assert.ok(builder(exportRequest(input, 'msal-dotnet', { certificate: { ...cert, sendX5c: true } })).includes('.WithCertificate(certificate, sendX5C: true)'));
		const placeholders = exportRequest(input, 'msal-dotnet');
		assert.ok(lines(placeholders).includes('// Fill in the certificate registered on the app and its private key.'));
		assert.ok(placeholders.includes('CreateFromPemFile("<path to the certificate PEM>", "<path to the private key PEM>")'));
	});

	it('secret or none: no X509 using; WithClientSecret from CLIENT_SECRET, or a comment naming both credentials', () => {
		const secret = exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'msal-dotnet');
		assert.ok(!secret.includes('X509'));
		assert.ok(builder(secret).includes('.WithClientSecret(clientSecret)'));
		assert.ok(lines(secret).includes('var clientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET")'));
		assert.ok(lines(secret).includes('    ?? throw new InvalidOperationException("Set CLIENT_SECRET to the client secret value.");'));
		const none = exportRequest(make('refresh_token', CLOUD, NONE), 'msal-dotnet');
		assert.deepEqual(builder(none), [`var app = ConfidentialClientApplicationBuilder.Create("${CLIENT}")`, `.WithAuthority("https://login.microsoftonline.com/${TENANT}")`, '.Build();']);
		assert.match(none, /\/\/ This request has no client credential; a confidential client needs one: add \.WithCertificate\(\.\.\.\) or \.WithClientSecret\(\.\.\.\)\./);
		assert.ok(lines(none).includes('var refreshToken = Environment.GetEnvironmentVariable("REFRESH_TOKEN")'));
		assert.match(none, /\/\/ MSAL\.NET keeps refresh tokens in its cache; IByRefreshToken is for bringing one in/);
		assert.ok(lines(none).includes('var result = await ((IByRefreshToken)app).AcquireTokenByRefreshToken(scopes, refreshToken).ExecuteAsync();'));
	});

	it('each flow: variables from the environment, the call, the redirect URI and PKCE only where they belong', () => {
		const obo = exportRequest(make('on_behalf_of', CLOUD, CERT_CRED), 'msal-dotnet', { certificate: cert });
		assert.ok(lines(obo).includes('var userAssertion = Environment.GetEnvironmentVariable("USER_ASSERTION")'));
		assert.ok(lines(obo).includes('    ?? throw new InvalidOperationException("Set USER_ASSERTION to the access token your API received (its aud is this app).");'));
		assert.ok(lines(obo).includes('var result = await app.AcquireTokenOnBehalfOf(scopes, new UserAssertion(userAssertion)).ExecuteAsync();'));
		assert.ok(lines(obo).includes('var scopes = new[] { "api://backend/.default" };'));
		assert.ok(lines(exportRequest(make('refresh_token', CLOUD, NONE, { scopes: ['api://mid/access', 'api://mid/write'] }), 'msal-dotnet')).includes('var scopes = new[] { "api://mid/access", "api://mid/write" };'));
		assert.ok(!builder(obo).some((b) => b.startsWith('.WithRedirectUri')));
		const cc = exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'msal-dotnet', { certificate: cert });
		assert.ok(lines(cc).includes('var result = await app.AcquireTokenForClient(scopes).ExecuteAsync();'));
		assert.ok(!cc.includes('GetEnvironmentVariable'));
		const code = exportRequest(make('authorization_code', CLOUD, SECRET_CRED), 'msal-dotnet');
		assert.ok(builder(code).includes(`.WithRedirectUri("${REDIRECT}")`));
		const call = lines(code).slice(lines(code).findIndex((l) => l.startsWith('var result')));
		assert.deepEqual(call.slice(0, 3), ['var result = await app.AcquireTokenByAuthorizationCode(scopes, authCode)', '    .WithPkceCodeVerifier(codeVerifier)', '    .ExecuteAsync();']);
		assert.ok(code.includes('Environment.GetEnvironmentVariable("CODE_VERIFIER")'));
		const noPkce = exportRequest(make('authorization_code', CLOUD, SECRET_CRED, { codeVerifier: undefined }), 'msal-dotnet');
		assert.ok(!noPkce.includes('CODE_VERIFIER') && !noPkce.includes('WithPkceCodeVerifier'));
		assert.match(noPkce, /AcquireTokenByAuthorizationCode\(scopes, authCode\)\n {4}\.ExecuteAsync\(\);/);
		assert.ok(lines(code).at(-2) === 'Console.WriteLine(result.AccessToken);');
	});

	it('no scopes left (only reserved ones): an empty array, with the note; header lines name the flow', () => {
		const text = exportRequest(make('authorization_code', CLOUD, SECRET_CRED, { scopes: ['openid', 'profile'] }), 'msal-dotnet');
		assert.ok(lines(text).includes('var scopes = Array.Empty<string>();'));
		assert.ok(lines(text).includes('// MSAL adds openid, profile and offline_access by itself, so openid, profile are not in the list.'));
		assert.match(text, /^\/\/ Token request \(authorization code\) with MSAL\.NET \(Microsoft\.Identity\.Client\), made by Entra Cert Kit\.\n\/\/ dotnet add package Microsoft\.Identity\.Client/);
		assert.ok(lines(text).includes('using System;') && lines(text).includes('using Microsoft.Identity.Client;'));
	});

	it('sandbox: WithInstanceDiscovery(false) and the notes; a cloud request has neither', () => {
		const text = exportRequest(make('client_credentials', SANDBOX, SECRET_CRED), 'msal-dotnet');
		assert.ok(builder(text).includes('.WithInstanceDiscovery(false)'));
		assert.ok(builder(text).includes(`.WithAuthority("https://127.0.0.1:8443/${TENANT}")`));
		assert.match(text, /\/\/ .*local emulation of Entra ID/);
		assert.match(text, /\/\/ MSAL accepts only https authorities: start the sandbox with HTTPS and trust its certificate on this machine\./);
		assert.match(text, /\/\/ WithInstanceDiscovery\(false\) keeps MSAL from asking login\.microsoftonline\.com about the sandbox host\./);
		const cloud = exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'msal-dotnet');
		assert.ok(!/sandbox|InstanceDiscovery/.test(cloud));
	});
});

// #endregion

describe('mutation export: formats and inputs', () => {
	it('lists its formats and refuses another, naming them', () => {
		assert.deepEqual([...EXPORT_FORMATS], ['curl', 'http', 'msal-node', 'msal-dotnet', 'msal-python']);
		assert.throws(() => exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'ps1' as ExportFormat), (e: unknown) => ERR_INVALID(e) && (e as Error).message === "Unknown export format 'ps1'; use one of curl, http, msal-node, msal-dotnet, msal-python.");
	});

	it('MSAL code is made without the secret values (MSAL signs its own assertion) but still checks the other inputs', () => {
		const input = make('on_behalf_of', CLOUD, { kind: 'assertion', assertion: '' }, { userAssertion: undefined });
		for (const format of ['msal-node', 'msal-dotnet', 'msal-python'] as ExportFormat[]) {
			assert.doesNotThrow(() => exportRequest(input, format), format);
			assert.throws(() => exportRequest({ ...input, clientId: ' ' }, format), ERR_INVALID, format);
			assert.throws(() => exportRequest({ ...input, scopes: [] }, format), ERR_INVALID, format);
		}
	});

	it('MSAL code: no comment about a note that is not there, and the file ends with one newline', () => {
		for (const format of ['msal-node', 'msal-dotnet', 'msal-python'] as ExportFormat[]) {
			for (const flow of ['client_credentials', 'on_behalf_of', 'authorization_code', 'refresh_token'] as Flow[]) {
				for (const cred of [CERT_CRED, SECRET_CRED, NONE]) {
					const text = exportRequest(make(flow, CLOUD, cred), format);
					assert.ok(!/undefined/.test(text), `${format} ${flow}:\n${text}`);
					assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'), `${format} ${flow}`);
				}
			}
		}
	});

	it('reads the key and certificate from the user files only (no file is read while exporting)', () => {
		const dir = mkdtempSync(join(tmpdir(), 'export-nofile-'));
		try {
			const cert: ExportCertificate = { certificatePath: join(dir, 'missing.crt'), privateKeyPath: join(dir, 'missing.key'), sha1Hex: 'AB'.repeat(20), sha256Hex: 'CD'.repeat(32), sendX5c: true };
			for (const format of ['msal-node', 'msal-dotnet', 'msal-python'] as ExportFormat[]) {
				const text = exportRequest(make('client_credentials', CLOUD, CERT_CRED), format, { certificate: cert });
				assert.ok(text.includes(JSON.stringify(cert.privateKeyPath)), format);
			}
			assert.throws(() => readFileSync(cert.privateKeyPath));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

// #region .http read as REST Client reads it

interface RestRequest {
	variables: Record<string, string>;
	comments: string[];
	method: string;
	url: string;
	headers: Record<string, string>;
	body: string;
}

/** The parts of REST Client's request parser an exported file relies on. */
function readRestClient(text: string, env: Record<string, string>): RestRequest {
	const lines = text.split('\n');
	const variables: Record<string, string> = {};
	const comments: string[] = [];
	let i = 0;
	for (; i < lines.length; i++) {
		const l = lines[i];
		const v = /^@(\w+)\s*=\s*(.*)$/.exec(l);
		if (v) {
			variables[v[1]] = v[2].replace(/\{\{\$processEnv (\w+)\}\}/g, (_m, n: string) => env[n] ?? '');
		} else if (l.startsWith('#') || l.startsWith('//')) {
			comments.push(l);
		} else if (l.trim() !== '') {
			break;
		}
	}
	const subst = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (_m, n: string) => {
		assert.ok(n in variables, `{{${n}}} is not declared`);
		return variables[n];
	});
	const m = /^(\w+) (\S+) HTTP\/1\.1$/.exec(lines[i]);
	assert.ok(m, `request line: ${lines[i]}`);
	const headers: Record<string, string> = {};
	for (i++; lines[i] !== ''; i++) {
		const h = /^([\w-]+): (.*)$/.exec(lines[i]);
		assert.ok(h, `header line: ${lines[i]}`);
		headers[h[1].toLowerCase()] = h[2];
	}
	const bodyLines = lines.slice(i + 1);
	// Form bodies: a line starting with & continues the previous one; any other line break is kept.
	const body = bodyLines.reduce((acc, l, k) => `${acc}${k === 0 || l.startsWith('&') ? '' : '\n'}${l}`, '');
	return { variables, comments, method: m[1], url: m[2], headers, body: subst(body) };
}

describe('mutation export: .http as the REST Client extension reads it', () => {
	const flows: [Flow, Cred][] = [
		['client_credentials', CERT_CRED],
		['client_credentials', SECRET_CRED],
		['on_behalf_of', CERT_CRED],
		['authorization_code', NONE],
		['refresh_token', SECRET_CRED],
	];

	it('sends exactly the request body, headers and URL, redacted (variables from the environment) or not', () => {
		for (const [flow, cred] of flows) {
			const input = make(flow, CLOUD, cred, { scopes: ['api://x y/.default', 'openid'] });
			const req = buildTokenRequest(input);
			for (const redact of [true, false]) {
				const r = readRestClient(exportRequest(input, 'http', { redact }), envOf(input));
				assert.equal(r.method, 'POST');
				assert.equal(r.url, tokenEndpointOf(CLOUD));
				assert.deepEqual(r.headers, { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
				if (redact) {
					// REST Client puts a variable's value in as it is: compare what the server reads.
					assert.deepEqual([...new URLSearchParams(r.body)], req.params, flow);
					assert.ok(!r.body.startsWith('&'));
				} else {
					assert.equal(r.body, req.body, flow);
				}
			}
		}
	});

	it('redacted: a header names the flow and every variable to set; one @variable per secret, from its environment variable', () => {
		const input = make('authorization_code', CLOUD, CERT_CRED);
		const r = readRestClient(exportRequest(input, 'http'), {});
		assert.deepEqual(Object.keys(r.variables), ['clientAssertion', 'authCode', 'codeVerifier']);
		const text = exportRequest(input, 'http');
		assert.match(text, /^@authCode = \{\{\$processEnv AUTH_CODE\}\}$/m);
		assert.match(text, /^@codeVerifier = \{\{\$processEnv CODE_VERIFIER\}\}$/m);
		const title = r.comments.find((c) => c.includes('REST Client'));
		assert.ok(title?.includes('(authorization code)'), r.comments.join('\n'));
		const setLine = r.comments.find((c) => c.includes('environment variables'));
		assert.ok(setLine, r.comments.join('\n'));
		assert.deepEqual(/set (.*) before sending/.exec(setLine)?.[1].split(', '), ['CLIENT_ASSERTION', 'AUTH_CODE', 'CODE_VERIFIER']);
		const obo = readRestClient(exportRequest(make('on_behalf_of', CLOUD, SECRET_CRED), 'http'), {}).comments;
		assert.ok(obo.some((c) => c.includes('(On-Behalf-Of)')));
	});

	it('no preamble when nothing is secret or nothing is redacted; the sandbox note comes first for the sandbox', () => {
		const plain = exportRequest(make('client_credentials', CLOUD, NONE), 'http');
		assert.ok(plain.startsWith('POST '), plain);
		assert.ok(exportRequest(make('authorization_code', CLOUD, NONE), 'http', { redact: false }).startsWith('POST '));
		assert.ok(exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'http', { redact: false }).startsWith('POST '));
		const sb = exportRequest(make('client_credentials', SANDBOX, SECRET_CRED), 'http');
		const r = readRestClient(sb, { CLIENT_SECRET: 'x' });
		assert.match(r.comments[0], /Entra Cert Kit sandbox.*local emulation of Entra ID.*not Entra/);
		assert.equal(r.url, tokenEndpointOf(SANDBOX));
		assert.ok(!/sandbox/i.test(exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'http')));
	});

	it('unredacted: a missing secret is refused; redacted: the {{variable}} stands in for it', () => {
		const input = make('refresh_token', CLOUD, NONE, { refreshToken: '' });
		assert.throws(() => exportRequest(input, 'http', { redact: false }), (e: unknown) => ERR_INVALID(e) && /refresh token/.test((e as Error).message));
		const r = readRestClient(exportRequest(input, 'http'), { REFRESH_TOKEN: 'rt-from-env' });
		assert.equal(new URLSearchParams(r.body).get('refresh_token'), 'rt-from-env');
	});
});

// #endregion

// #region MSAL Python

const PY_STUB = String.raw`
import contextlib, io, json, os, sys, types

RESERVED = {"openid", "profile", "offline_access"}

def run(case):
    calls = []
    msal = types.ModuleType("msal")

    def check_scopes(scopes):
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise TypeError("scopes must be a list of str")
        bad = RESERVED.intersection(s.lower() for s in scopes)
        if bad:
            raise ValueError("reserved scopes: %s" % sorted(bad))

    class ClientApplication:
        def __init__(self, client_id, client_credential=None, authority=None, instance_discovery=None):
            calls.append({"new": type(self).__name__, "client_id": client_id, "client_credential": client_credential, "authority": authority, "instance_discovery": instance_discovery})

        def acquire_token_by_authorization_code(self, code, scopes, redirect_uri=None, data=None):
            check_scopes(scopes)
            calls.append({"call": "acquire_token_by_authorization_code", "code": code, "scopes": scopes, "redirect_uri": redirect_uri, "data": data})
            return case["result"]

        def acquire_token_by_refresh_token(self, refresh_token, scopes):
            check_scopes(scopes)
            calls.append({"call": "acquire_token_by_refresh_token", "refresh_token": refresh_token, "scopes": scopes})
            return case["result"]

    class PublicClientApplication(ClientApplication):
        def __init__(self, client_id, client_credential=None, **kwargs):
            if client_credential is not None:
                raise ValueError("Public Client should not possess credentials")
            super().__init__(client_id, **kwargs)

    class ConfidentialClientApplication(ClientApplication):
        def acquire_token_for_client(self, scopes):
            check_scopes(scopes)
            calls.append({"call": "acquire_token_for_client", "scopes": scopes})
            return case["result"]

        def acquire_token_on_behalf_of(self, user_assertion, scopes):
            check_scopes(scopes)
            calls.append({"call": "acquire_token_on_behalf_of", "user_assertion": user_assertion, "scopes": scopes})
            return case["result"]

    msal.PublicClientApplication = PublicClientApplication
    msal.ConfidentialClientApplication = ConfidentialClientApplication
    sys.modules["msal"] = msal
    os.environ.clear()
    os.environ.update(case["env"])
    out = io.StringIO()
    exit_message = None
    error = None
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(case["code"], "token.py", "exec"), {"__name__": "__main__"})
    except SystemExit as e:
        exit_message = str(e.code)
    except Exception as e:
        error = "%s: %s" % (type(e).__name__, e)
    return {"calls": calls, "stdout": out.getvalue(), "exit": exit_message, "error": error}

print(json.dumps([run(c) for c in json.load(sys.stdin)]))
`;

interface PyCall {
	new?: string;
	call?: string;
	[k: string]: unknown;
}
interface PyResult {
	calls: PyCall[];
	stdout: string;
	exit: string | null;
	error: string | null;
}
interface PyCase {
	code: string;
	env: Record<string, string>;
	result?: Record<string, unknown>;
}

async function runPython(cases: PyCase[]): Promise<PyResult[]> {
	const r = await run('python3', ['-c', PY_STUB], {}, JSON.stringify(cases.map((c) => ({ result: { access_token: 'py-token' }, ...c }))));
	assert.equal(r.code, 0, r.stderr);
	return JSON.parse(r.stdout) as PyResult[];
}

describe('mutation export: MSAL Python run with a stub msal', function () {
	this.timeout(30000);
	let dir: string;
	let cert: ExportCertificate;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'export-py-'));
		// Stand-ins for the user's files: the code must pass their contents on, whatever they hold.
		writeFileSync(join(dir, 'app.key'), 'KEY FILE TEXT\n');
		writeFileSync(join(dir, 'app.crt'), 'CERT FILE TEXT\n');
		cert = { certificatePath: join(dir, 'app.crt'), privateKeyPath: join(dir, 'app.key'), sha1Hex: 'AB'.repeat(20), sha256Hex: 'CD'.repeat(32) };
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('each flow: the app, its credential from the files or CLIENT_SECRET, the flow call with the values from the environment', async () => {
		const inputs = [
			make('client_credentials', CLOUD, CERT_CRED),
			make('on_behalf_of', CLOUD, SECRET_CRED),
			make('authorization_code', CLOUD, CERT_CRED, { scopes: ['openid', ' api://mid/access ', '', 'offline_access'] }),
			make('authorization_code', CLOUD, NONE, { codeVerifier: undefined }),
			make('refresh_token', CLOUD, NONE, { scopes: ['api://mid/access', 'api://mid/write'] }),
		];
		const [cc, obo, code, codeNoPkce, refresh] = await runPython(inputs.map((i) => ({ code: exportRequest(i, 'msal-python', { certificate: cert }), env: envOf(i) })));
		for (const r of [cc, obo, code, codeNoPkce, refresh]) {
			assert.equal(r.error, null, r.error ?? '');
			assert.equal(r.exit, null);
			assert.equal(r.stdout, 'py-token\n');
		}
		const authority = `https://login.microsoftonline.com/${TENANT}`;
		assert.deepEqual(cc.calls, [
			{ new: 'ConfidentialClientApplication', client_id: CLIENT, authority, instance_discovery: null, client_credential: { private_key: 'KEY FILE TEXT\n', thumbprint: cert.sha1Hex } },
			{ call: 'acquire_token_for_client', scopes: ['api://backend/.default'] },
		]);
		assert.deepEqual(obo.calls, [
			{ new: 'ConfidentialClientApplication', client_id: CLIENT, authority, instance_discovery: null, client_credential: SECRET_CRED.kind === 'secret' ? SECRET_CRED.secret : '' },
			{ call: 'acquire_token_on_behalf_of', user_assertion: USER_TOKEN, scopes: ['api://backend/.default'] },
		]);
		assert.deepEqual(code.calls[1], { call: 'acquire_token_by_authorization_code', code: '0.AAA-code', scopes: ['api://mid/access'], redirect_uri: REDIRECT, data: { code_verifier: 'v'.repeat(43) } });
		assert.equal(codeNoPkce.calls[0].new, 'PublicClientApplication');
		assert.deepEqual(codeNoPkce.calls[1], { call: 'acquire_token_by_authorization_code', code: '0.AAA-code', scopes: ['api://mid/access'], redirect_uri: REDIRECT, data: null });
		assert.deepEqual(refresh.calls, [
			{ new: 'PublicClientApplication', client_id: CLIENT, authority, instance_discovery: null, client_credential: null },
			{ call: 'acquire_token_by_refresh_token', refresh_token: '0.AAA-refresh', scopes: ['api://mid/access', 'api://mid/write'] },
		]);
	});

	it('reserved scopes are left out (MSAL Python refuses them) and the comment says which', async () => {
		const one = exportRequest(make('refresh_token', CLOUD, NONE, { scopes: ['api://mid/access', 'OpenId'] }), 'msal-python');
		const two = exportRequest(make('refresh_token', CLOUD, NONE, { scopes: ['offline_access', 'api://mid/access', 'profile'] }), 'msal-python');
		const none = exportRequest(make('refresh_token', CLOUD, NONE), 'msal-python');
		const note = (t: string) => t.split('\n').find((l) => l.startsWith('# MSAL adds openid, profile and offline_access by itself'));
		assert.match(note(one) ?? '', /so OpenId is not in the list/);
		assert.match(note(two) ?? '', /so offline_access, profile are not in the list/);
		assert.equal(note(none), undefined);
		const [r1, r2] = await runPython([one, two].map((code) => ({ code, env: { REFRESH_TOKEN: 'rt' } })));
		assert.deepEqual(r1.calls[1].scopes, ['api://mid/access']);
		assert.deepEqual(r2.calls[1].scopes, ['api://mid/access']);
	});

	it('x5c: public_certificate holds the certificate file and is sent; without it the comment says how (1.34, PS256)', async () => {
		const input = make('client_credentials', CLOUD, CERT_CRED);
		const withX5c = exportRequest(input, 'msal-python', { certificate: { ...cert, sendX5c: true } });
		const without = exportRequest(input, 'msal-python', { certificate: cert });
		const [a, b] = await runPython([{ code: withX5c, env: {} }, { code: without, env: {} }]);
		assert.deepEqual(a.calls[0].client_credential, { private_key: 'KEY FILE TEXT\n', thumbprint: cert.sha1Hex, public_certificate: 'CERT FILE TEXT\n' });
		assert.deepEqual(b.calls[0].client_credential, { private_key: 'KEY FILE TEXT\n', thumbprint: cert.sha1Hex });
		assert.ok(!without.includes('public_certificate = f.read()'), 'the certificate file is not read when it is not sent');
		assert.match(withX5c, /# public_certificate sends the certificate in x5c/);
		const comment = without.split('\n').filter((l) => l.trim().startsWith('#') && /public_certificate|PS256|thumbprint/.test(l)).join('\n');
		assert.ok(comment.includes(`open(${JSON.stringify(cert.certificatePath)}).read()`), comment);
		assert.match(comment, /1\.34 or later/);
		assert.match(comment, /PS256 with x5t#S256/);
		assert.match(comment, /SHA-1 "thumbprint" wins/);
		assert.match(without, /# SHA-1 thumbprint \(hex\): MSAL Python signs RS256 with x5t/);
	});

	it('no certificate given: placeholders the user fills in (running it names the key file placeholder)', async () => {
		const code = exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'msal-python');
		assert.match(code, /^# Fill in the certificate registered on the app and its private key\.$/m);
		assert.ok(code.includes('"thumbprint": "<SHA-1 thumbprint, hex>"'));
		assert.ok(code.includes('open("<path to the private key PEM>"'));
		assert.ok(!exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'msal-python', { certificate: cert }).includes('Fill in'));
		const [r] = await runPython([{ code, env: {} }]);
		assert.match(r.error ?? '', /FileNotFoundError.*<path to the private key PEM>/);
		assert.deepEqual(r.calls, []);
	});

	it('an unset variable exits with its hint before any call; an error answer exits with the error and description', async () => {
		const obo = make('on_behalf_of', CLOUD, SECRET_CRED);
		const code = make('authorization_code', CLOUD, NONE);
		const results = await runPython([
			{ code: exportRequest(obo, 'msal-python'), env: { USER_ASSERTION: USER_TOKEN } },
			{ code: exportRequest(obo, 'msal-python'), env: { CLIENT_SECRET: 's' } },
			{ code: exportRequest(code, 'msal-python'), env: { AUTH_CODE: 'c' } },
			{ code: exportRequest(code, 'msal-python'), env: { CODE_VERIFIER: 'v' } },
			{ code: exportRequest(make('refresh_token', CLOUD, NONE), 'msal-python'), env: { REFRESH_TOKEN: '' } },
			{ code: exportRequest(obo, 'msal-python'), env: envOf(obo), result: { error: 'invalid_grant', error_description: 'AADSTS50013: bad assertion' } },
		]);
		const hints = [/Set CLIENT_SECRET to the client secret value/, /Set USER_ASSERTION to the access token your API received/, /Set CODE_VERIFIER to the PKCE code verifier/, /Set AUTH_CODE to the code from the sign-in redirect/, /Set REFRESH_TOKEN to the refresh token of an earlier response/];
		hints.forEach((h, k) => {
			assert.match(results[k].exit ?? '', h);
			assert.deepEqual(results[k].calls, [], String(h));
		});
		assert.equal(results[5].exit, 'invalid_grant: AADSTS50013: bad assertion');
		assert.equal(results[5].stdout, '');
	});

	it('a flow that needs a credential but has none: a confidential app and a comment saying what to add', async () => {
		const flows: Flow[] = ['client_credentials', 'on_behalf_of'];
		const texts = flows.map((flow) => exportRequest(make(flow, CLOUD, NONE), 'msal-python'));
		for (const text of texts) {
			assert.match(text, /^ {4}# This flow needs a client credential: add client_credential=\{"private_key": \.\.\., "thumbprint": \.\.\.\} or a secret\.$/m);
		}
		const results = await runPython(texts.map((code, k) => ({ code, env: envOf(make(flows[k], CLOUD, NONE)) })));
		assert.deepEqual(results.map((r) => r.calls[0].new), ['ConfidentialClientApplication', 'ConfidentialClientApplication']);
		for (const flow of ['authorization_code', 'refresh_token'] as Flow[]) {
			assert.ok(!exportRequest(make(flow, CLOUD, NONE), 'msal-python').includes('needs a client credential'));
		}
	});

	it('sandbox: instance_discovery=False, the sandbox authority, and the notes (HTTPS, REQUESTS_CA_BUNDLE, openid-configuration)', async () => {
		const input = make('client_credentials', SANDBOX, SECRET_CRED);
		const text = exportRequest(input, 'msal-python');
		const [r] = await runPython([{ code: text, env: envOf(input) }]);
		assert.equal(r.calls[0].instance_discovery, false);
		assert.equal(r.calls[0].authority, `https://127.0.0.1:8443/${TENANT}`);
		const comments = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
		assert.match(comments, /local emulation of Entra ID/);
		assert.match(comments, /only https authorities/);
		assert.match(comments, /REQUESTS_CA_BUNDLE=sandbox-ca\.pem/);
		assert.match(comments, /instance_discovery=False keeps MSAL from asking login\.microsoftonline\.com/);
		assert.match(comments, /\{authority\}\/v2\.0\/\.well-known\/openid-configuration/);
		const cloud = exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'msal-python');
		assert.ok(!/sandbox|instance_discovery/.test(cloud));
		assert.match(cloud, /^# Token request \(client credentials\) with MSAL Python, made by Entra Cert Kit\.\n# pip install msal\n/);
	});
});

// #endregion

// #region msal-node

const ts = createRequire(join(process.cwd(), 'package.json'))('typescript') as typeof Ts;

interface NodeRun {
	records: { new?: string; config?: { auth: Record<string, unknown> }; call?: string; request?: Record<string, unknown> }[];
	log: string[];
	error?: unknown;
	exitCode: number;
}

/** Runs msal-node export code with a stub @azure/msal-node that records the configuration and the call. */
async function runNode(code: string, env: Record<string, string>): Promise<NodeRun> {
	const records: NodeRun['records'] = [];
	const app = (kind: string) =>
		class {
			constructor(config: { auth: Record<string, unknown> }) {
				records.push({ new: kind, config });
			}
		};
	const Confidential = app('ConfidentialClientApplication');
	const Public = app('PublicClientApplication');
	const method = (proto: object, name: string) => Object.defineProperty(proto, name, {
		value: async (request: Record<string, unknown>) => {
			records.push({ call: name, request });
			return { accessToken: 'node-token' };
		},
	});
	for (const name of ['acquireTokenByClientCredential', 'acquireTokenOnBehalfOf', 'acquireTokenByCode', 'acquireTokenByRefreshToken']) {
		method(Confidential.prototype, name);
	}
	for (const name of ['acquireTokenByCode', 'acquireTokenByRefreshToken']) {
		method(Public.prototype, name);
	}
	const modules: Record<string, unknown> = { '@azure/msal-node': { ConfidentialClientApplication: Confidential, PublicClientApplication: Public }, 'node:fs': fs };
	const log: string[] = [];
	let done!: (error?: unknown) => void;
	const finished = new Promise<unknown>((resolve) => {
		done = resolve;
	});
	const fakeProcess = { env, exitCode: 0 };
	const fakeConsole = {
		log: (...args: unknown[]) => {
			log.push(args.map(String).join(' '));
			done();
		},
		error: (e: unknown) => done(e ?? new Error('console.error')),
	};
	const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
	const fn = new Function('require', 'process', 'console', 'exports', js) as (r: (id: string) => unknown, p: unknown, c: unknown, e: unknown) => void;
	fn((id) => {
		assert.ok(id in modules, `the export requires ${id}`);
		return modules[id];
	}, fakeProcess, fakeConsole, {});
	const error = await finished;
	return { records, log, error, exitCode: fakeProcess.exitCode };
}

describe('mutation export: msal-node run with a stub @azure/msal-node', () => {
	let dir: string;
	let cert: ExportCertificate;
	before(() => {
		dir = mkdtempSync(join(tmpdir(), 'export-node-'));
		writeFileSync(join(dir, 'app.key'), 'NODE KEY TEXT\n');
		writeFileSync(join(dir, 'app.crt'), 'NODE CERT TEXT\n');
		cert = { certificatePath: join(dir, 'app.crt'), privateKeyPath: join(dir, 'app.key'), sha1Hex: 'AB'.repeat(20), sha256Hex: 'CD'.repeat(32) };
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('each flow: the app class, the credential, the call and its values', async () => {
		const authority = `https://login.microsoftonline.com/${TENANT}`;
		const cc = await runNode(exportRequest(make('client_credentials', CLOUD, CERT_CRED, { scopes: [' api://backend/.default ', ''] }), 'msal-node', { certificate: cert }), {});
		assert.equal(cc.error, undefined, String(cc.error));
		assert.deepEqual(cc.log, ['node-token']);
		assert.deepEqual(cc.records, [
			{ new: 'ConfidentialClientApplication', config: { auth: { clientId: CLIENT, authority, clientCertificate: { thumbprintSha256: cert.sha256Hex, privateKey: 'NODE KEY TEXT\n' } } } },
			{ call: 'acquireTokenByClientCredential', request: { scopes: ['api://backend/.default'] } },
		]);
		const obo = await runNode(exportRequest(make('on_behalf_of', CLOUD, SECRET_CRED), 'msal-node'), envOf(make('on_behalf_of', CLOUD, SECRET_CRED)));
		assert.deepEqual(obo.records, [
			{ new: 'ConfidentialClientApplication', config: { auth: { clientId: CLIENT, authority, clientSecret: 'Xy8Q~ab.cd_ef-GH12' } } },
			{ call: 'acquireTokenOnBehalfOf', request: { oboAssertion: USER_TOKEN, scopes: ['api://backend/.default'] } },
		]);
		const codeInput = make('authorization_code', CLOUD, NONE);
		const code = await runNode(exportRequest(codeInput, 'msal-node'), envOf(codeInput));
		assert.deepEqual(code.records, [
			{ new: 'PublicClientApplication', config: { auth: { clientId: CLIENT, authority } } },
			{ call: 'acquireTokenByCode', request: { code: '0.AAA-code', redirectUri: REDIRECT, scopes: ['api://mid/access'], codeVerifier: 'v'.repeat(43) } },
		]);
		const noPkce = make('authorization_code', CLOUD, NONE, { codeVerifier: undefined });
		const np = await runNode(exportRequest(noPkce, 'msal-node'), { AUTH_CODE: 'c2' });
		assert.deepEqual(np.records[1], { call: 'acquireTokenByCode', request: { code: 'c2', redirectUri: REDIRECT, scopes: ['api://mid/access'] } });
		const rtText = exportRequest(make('refresh_token', CLOUD, NONE, { scopes: ['api://mid/access', 'api://mid/write'] }), 'msal-node');
		const rt = await runNode(rtText, { REFRESH_TOKEN: 'rt' });
		assert.deepEqual(rt.records, [
			{ new: 'PublicClientApplication', config: { auth: { clientId: CLIENT, authority } } },
			{ call: 'acquireTokenByRefreshToken', request: { refreshToken: 'rt', scopes: ['api://mid/access', 'api://mid/write'] } },
		]);
		assert.ok(!rtText.includes('needs a client credential'), 'a public client flow needs no credential');
	});

	it('x5c: sent from the certificate file when asked; otherwise a commented line with the path', async () => {
		const input = make('client_credentials', CLOUD, CERT_CRED);
		const withX5c = exportRequest(input, 'msal-node', { certificate: { ...cert, sendX5c: true } });
		const r = await runNode(withX5c, {});
		assert.deepEqual(r.records[0].config?.auth.clientCertificate, { thumbprintSha256: cert.sha256Hex, privateKey: 'NODE KEY TEXT\n', x5c: 'NODE CERT TEXT\n' });
		assert.match(withX5c, /\/\/ x5c sends the certificate chain \(subject name and issuer authentication\)/);
		const without = exportRequest(input, 'msal-node', { certificate: cert });
		assert.ok(without.includes(`// x5c: readFileSync(${JSON.stringify(cert.certificatePath)}, "utf8"),`), without);
		assert.match(without, /\/\/ Subject name and issuer authentication also sends the chain:/);
		assert.match(without, /\/\/ SHA-256 thumbprint \(hex\): msal-node signs PS256 with x5t#S256/);
		assert.ok(without.includes('import { readFileSync } from "node:fs";'));
		assert.ok(!exportRequest(make('refresh_token', CLOUD, SECRET_CRED), 'msal-node').includes('readFileSync'));
	});

	it('no certificate given: placeholders and a comment to fill them in', async () => {
		const text = exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'msal-node');
		assert.match(text, /^\t\t\t\/\/ Fill in the certificate registered on the app and its private key\.$/m);
		assert.ok(text.includes('thumbprintSha256: "<SHA-256 thumbprint, hex>"'));
		const r = await runNode(text, {});
		assert.match(String(r.error), /ENOENT.*<path to the private key PEM>/);
		assert.ok(!exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'msal-node', { certificate: cert }).includes('Fill in'));
	});

	it('an unset variable stops main() with its hint before MSAL is called (exit code 1)', async () => {
		const input = make('authorization_code', CLOUD, SECRET_CRED);
		const cases: [string, RegExp][] = [
			['CLIENT_SECRET', /^Error: Set CLIENT_SECRET to the client secret value\.$/],
			['AUTH_CODE', /^Error: Set AUTH_CODE to the code from the sign-in redirect\.$/],
			['CODE_VERIFIER', /^Error: Set CODE_VERIFIER to the PKCE code verifier used for the sign-in\.$/],
		];
		for (const [unset, hint] of cases) {
			const env = envOf(input);
			delete env[unset];
			const r = await runNode(exportRequest(input, 'msal-node'), env);
			assert.match(String(r.error), hint);
			assert.equal(r.exitCode, 1);
			assert.deepEqual(r.records, []);
		}
	});

	it('a flow that needs a credential and has none: a confidential app and a comment naming both credentials', async () => {
		for (const flow of ['client_credentials', 'on_behalf_of'] as Flow[]) {
			const text = exportRequest(make(flow, CLOUD, NONE), 'msal-node');
			assert.match(text, /\/\/ This flow needs a client credential: add clientCertificate \{ thumbprintSha256, privateKey \} or clientSecret\./);
			const r = await runNode(text, envOf(make(flow, CLOUD, NONE)));
			assert.equal(r.records[0].new, 'ConfidentialClientApplication');
		}
	});

	it('reserved scopes: left out with a note (MSAL adds them)', async () => {
		const text = exportRequest(make('authorization_code', CLOUD, NONE, { scopes: ['openid'] }), 'msal-node');
		assert.match(text, /\/\/ MSAL adds openid, profile and offline_access by itself, so openid is not in the list\./);
		const r = await runNode(text, envOf(make('authorization_code', CLOUD, NONE)));
		assert.deepEqual(r.records[1].request?.scopes, []);
		assert.ok(!exportRequest(make('refresh_token', CLOUD, NONE), 'msal-node').includes('MSAL adds'));
	});

	it('sandbox: knownAuthorities and the endpoints in authorityMetadata; notes on HTTPS and NODE_EXTRA_CA_CERTS', async () => {
		const input = make('client_credentials', SANDBOX, SECRET_CRED);
		const text = exportRequest(input, 'msal-node');
		const r = await runNode(text, envOf(input));
		const auth = r.records[0].config?.auth ?? {};
		const a = `https://127.0.0.1:8443/${TENANT}`;
		assert.equal(auth.authority, a);
		assert.deepEqual(auth.knownAuthorities, ['127.0.0.1:8443']);
		assert.deepEqual(JSON.parse(String(auth.authorityMetadata)), {
			token_endpoint: `${a}/oauth2/v2.0/token`,
			authorization_endpoint: `${a}/oauth2/v2.0/authorize`,
			end_session_endpoint: `${a}/oauth2/v2.0/logout`,
			issuer: `${a}/v2.0`,
			jwks_uri: `${a}/discovery/v2.0/keys`,
		});
		const comments = text.split('\n').filter((l) => l.startsWith('//')).join('\n');
		assert.match(comments, /local emulation of Entra ID/);
		assert.match(comments, /only https authorities.*NODE_EXTRA_CA_CERTS=sandbox-ca\.pem/);
		assert.match(comments, /knownAuthorities and authorityMetadata .* no instance discovery/);
		const cloud = exportRequest(make('client_credentials', CLOUD, SECRET_CRED), 'msal-node');
		assert.ok(!/sandbox|knownAuthorities/.test(cloud));
		assert.match(cloud, /^\/\/ Token request \(client credentials\) with @azure\/msal-node, made by Entra Cert Kit\.\n\/\/ npm install @azure\/msal-node/);
	});
});

// #endregion

// #region curl

describe('mutation export: curl run with bash', function () {
	this.timeout(30000);
	let server: Server;
	let base: string;
	const got: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
	before(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				got.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"access_token":"from-server"}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});
	const sandbox = (): TokenTarget => ({ kind: 'sandbox', baseUrl: base, tenant: TENANT });

	it('sends Content-Type and Accept: application/json, and the parameters in wire order, redacted or not', async () => {
		for (const [redact, secret] of [[true, SECRET_CRED], [false, SECRET_CRED], [true, NASTY_SECRET], [false, NASTY_SECRET]] as const) {
			const input = make('refresh_token', sandbox(), typeof secret === 'string' ? { kind: 'secret', secret } : secret);
			got.length = 0;
			const r = await run('bash', ['-c', exportRequest(input, 'curl', { redact })], redact ? envOf(input) : {});
			assert.equal(r.code, 0, r.stderr);
			assert.equal(got.length, 1);
			assert.equal(got[0].method, 'POST');
			assert.equal(got[0].headers['content-type'], 'application/x-www-form-urlencoded');
			assert.equal(got[0].headers.accept, 'application/json');
			assert.deepEqual([...new URLSearchParams(got[0].body)], buildTokenRequest(input).params);
		}
	});

	it('every unset variable stops bash before sending, naming the variable and what it holds', async () => {
		const cases: [TokenRequestInput, string, RegExp][] = [
			[make('client_credentials', sandbox(), SECRET_CRED), 'CLIENT_SECRET', /CLIENT_SECRET: set CLIENT_SECRET to the client secret value/],
			[make('client_credentials', sandbox(), CERT_CRED), 'CLIENT_ASSERTION', /CLIENT_ASSERTION: set CLIENT_ASSERTION to the signed client assertion JWT/],
			[make('on_behalf_of', sandbox(), CERT_CRED), 'USER_ASSERTION', /USER_ASSERTION: set USER_ASSERTION to the access token your API received \(its aud is this app\)/],
			[make('refresh_token', sandbox(), NONE), 'REFRESH_TOKEN', /REFRESH_TOKEN: set REFRESH_TOKEN to the refresh token of an earlier response/],
			[make('authorization_code', sandbox(), NONE), 'AUTH_CODE', /AUTH_CODE: set AUTH_CODE to the code from the sign-in redirect/],
			[make('authorization_code', sandbox(), NONE), 'CODE_VERIFIER', /CODE_VERIFIER: set CODE_VERIFIER to the PKCE code verifier used for the sign-in/],
		];
		// One bash for all cases: each command runs in a subshell with its variable unset, then set to ''. ${VAR:?} fails
		// while the words are expanded, so curl never starts and nothing reaches the server.
		const parts = cases.flatMap(([input, unset], k) => {
			const env = Object.entries(envOf(input))
				.filter(([n]) => n !== unset)
				.map(([n, v]) => `export ${n}=${shellWord(v)}; `)
				.join('');
			const script = exportRequest(input, 'curl');
			return [`( ${env}unset ${unset}; ${script}\n) 2>"$D/unset${k}"; echo "$?" >"$D/unset${k}.rc"`, `( ${env}export ${unset}=''; ${script}\n) 2>"$D/empty${k}"; echo "$?" >"$D/empty${k}.rc"`];
		});
		const dir = mkdtempSync(join(tmpdir(), 'export-curl-'));
		try {
			got.length = 0;
			const r = await run('bash', ['-c', parts.join('\n')], { D: dir });
			assert.equal(r.code, 0, r.stderr);
			cases.forEach(([, unset, hint], k) => {
				for (const kind of ['unset', 'empty']) {
					assert.notEqual(readFileSync(join(dir, `${kind}${k}.rc`), 'utf8').trim(), '0', `${kind} ${unset}`);
					assert.match(readFileSync(join(dir, `${kind}${k}`), 'utf8'), hint, `${kind} ${unset}`);
				}
			});
			assert.equal(got.length, 0, 'nothing is sent');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('unredacted: a missing secret is refused (the command would send it empty); redacted: it is read from the environment', async () => {
		const input = make('client_credentials', sandbox(), { kind: 'assertion', assertion: '' });
		assert.throws(() => exportRequest(input, 'curl', { redact: false }), (e: unknown) => ERR_INVALID(e) && /client assertion is empty/.test((e as Error).message));
		assert.throws(() => exportRequest(make('on_behalf_of', CLOUD, CERT_CRED, { userAssertion: ' ' }), 'curl', { redact: false }), ERR_INVALID);
		got.length = 0;
		const r = await run('bash', ['-c', exportRequest(input, 'curl')], { CLIENT_ASSERTION: ASSERTION });
		assert.equal(r.code, 0, r.stderr);
		assert.equal(new URLSearchParams(got[0].body).get('client_assertion'), ASSERTION);
	});

	/** Runs the exported `# export CLIENT_ASSERTION=…` line with a stub entra-cert that prints its arguments. */
	async function recipeArgs(script: string): Promise<string[]> {
		const line = script.split('\n').find((l) => l.startsWith('# export CLIENT_ASSERTION='));
		assert.ok(line, script);
		const stub = `entra-cert() { printf '%s\\n' "$@"; }\n${line.slice(2)}\nprintf '%s' "$CLIENT_ASSERTION"`;
		const r = await run('bash', ['-c', stub], {});
		assert.equal(r.code, 0, r.stderr);
		return r.stdout.split('\n');
	}

	it('says how to make CLIENT_ASSERTION with the CLI: only options the command has, the cloud and the sandbox audience', async () => {
		const known = new Set(assertionSpec.options.map((o) => `--${o.name}`));
		const value = (args: string[], name: string) => args[args.indexOf(name) + 1];
		const pub = await recipeArgs(exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'curl'));
		assert.equal(pub[0], 'assertion');
		for (const a of pub.filter((x) => x.startsWith('--'))) {
			assert.ok(known.has(a), `entra-cert assertion has no ${a}`);
		}
		assert.equal(value(pub, '--client-id'), CLIENT);
		assert.equal(value(pub, '--tenant'), TENANT);
		assert.ok(!pub.includes('--cloud') && !pub.includes('--audience'), pub.join(' '));
		const gov = await recipeArgs(exportRequest(make('on_behalf_of', USGOV, CERT_CRED), 'curl'));
		assert.equal(value(gov, '--cloud'), 'usgov');
		assert.equal(value(gov, '--tenant'), 'contoso.onmicrosoft.us');
		assert.ok(!gov.includes('--audience'));
		// The sandbox is not a cloud: the assertion's aud is the sandbox's own token endpoint.
		const sb = await recipeArgs(exportRequest(make('client_credentials', sandbox(), CERT_CRED), 'curl'));
		assert.equal(value(sb, '--audience'), tokenEndpointOf(sandbox()));
		assert.ok(!sb.includes('--cloud'));
		const script = exportRequest(make('client_credentials', CLOUD, CERT_CRED), 'curl');
		assert.match(script, /# Make CLIENT_ASSERTION first \(a JWT signed with your certificate's key, valid 10 minutes\)/);
	});

	it('no recipe without a client assertion in the command; the sandbox note only for the sandbox', () => {
		for (const input of [make('client_credentials', CLOUD, SECRET_CRED), make('refresh_token', CLOUD, NONE), make('client_credentials', CLOUD, CERT_CRED)]) {
			const redactedRecipe = input.credential.kind === 'assertion';
			assert.equal(exportRequest(input, 'curl').includes('CLIENT_ASSERTION'), redactedRecipe);
			assert.ok(!exportRequest(input, 'curl', { redact: false }).includes('entra-cert'));
			assert.ok(!/sandbox|emulation/i.test(exportRequest(input, 'curl')), 'a cloud request says nothing of the sandbox');
		}
		const sb = exportRequest(make('client_credentials', SANDBOX, SECRET_CRED), 'curl');
		assert.equal(sb.split('\n').filter((l) => /^# .*Entra Cert Kit sandbox.*local emulation of Entra ID.*not Entra/.test(l)).length, 1, sb);
		// The command itself comes first (it pastes back into diagnose).
		assert.ok(sb.startsWith('curl --silent --show-error --request POST '));
	});
});

// #endregion
