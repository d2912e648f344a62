/**
 * Exports checked by running them: curl through bash against a node:http server on 127.0.0.1, the `.http`
 * file through diagnose's parser, msal-node code type-checked by TypeScript and run against the real
 * @azure/msal-node (its network client swapped for one that answers offline and records the token request).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify as cryptoVerify, constants as cryptoConstants } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fs from 'node:fs';
import { ConfidentialClientApplication, PublicClientApplication, type Configuration, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import { parseTokenRequest } from '../../../src/core/diagnose/request';
import { exportRequest } from '../../../src/core/token/export';
import { buildTokenRequest, tokenEndpointOf } from '../../../src/core/token/request';
import type * as Ts from 'typescript';
import type { ExportCertificate, ExportFormat, TokenRequestInput, TokenTarget } from '../../../src/core/token/flows';
import { makeCert, splitJws, type TestCert } from '../jwt/keys';

const TENANT = '11111111-2222-3333-4444-555555555555';
const CLIENT = '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b';
const CLOUD: TokenTarget = { kind: 'cloud', cloud: 'public', tenant: TENANT };
const CLIENT_ASSERTION = `${Buffer.from('{"alg":"PS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.c2lnbmF0dXJlLWFzc2VydGlvbg`;
const USER_TOKEN = `${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"aud":"api://mid","scp":"access"}').toString('base64url')}.dXNlci10b2tlbi1zaWc`;
// Everything a shell could trip over: quotes, $, backticks, globs, &, =, %, +, spaces, a newline, non-ASCII.
const NASTY_SECRET = `it's "q" $HOME \`id\` * & a=b %41 +x\nü~`;

function inputs(target: TokenTarget): Record<string, TokenRequestInput> {
	const assertion = { kind: 'assertion', assertion: CLIENT_ASSERTION } as const;
	return {
		cc: { target, flow: 'client_credentials', clientId: CLIENT, scopes: ['https://graph.microsoft.com/.default'], credential: assertion },
		ccSecret: { target, flow: 'client_credentials', clientId: CLIENT, scopes: ['api://backend/.default'], credential: { kind: 'secret', secret: NASTY_SECRET } },
		obo: { target, flow: 'on_behalf_of', clientId: CLIENT, scopes: ['api://downstream/.default'], credential: assertion, userAssertion: USER_TOKEN },
		code: { target, flow: 'authorization_code', clientId: CLIENT, scopes: ['openid', 'offline_access', 'api://mid/access'], credential: assertion, code: '0.AAA-auth-code', redirectUri: 'http://localhost:53682/', codeVerifier: 'V'.repeat(43) },
		refresh: { target, flow: 'refresh_token', clientId: CLIENT, scopes: ['api://mid/access'], credential: { kind: 'secret', secret: 'sec-ret~1' }, refreshToken: '0.AAAA-refresh-token' },
	};
}

/** The secret values of an input, which must not appear in a redacted export or in MSAL code. */
function secretsOf(input: TokenRequestInput): string[] {
	const c = input.credential;
	return [c.kind === 'assertion' ? c.assertion : c.kind === 'secret' ? c.secret : '', input.userAssertion ?? '', input.code ?? '', input.codeVerifier ?? '', input.refreshToken ?? ''].filter((s) => s.length > 0);
}

/** The environment variables a redacted export reads, with the values of this input. */
function envOf(input: TokenRequestInput): Record<string, string> {
	const c = input.credential;
	const env: Record<string, string> = {};
	if (c.kind === 'assertion') {
		env.CLIENT_ASSERTION = c.assertion;
	}
	if (c.kind === 'secret') {
		env.CLIENT_SECRET = c.secret;
	}
	const add = (name: string, v: string | undefined) => {
		if (v !== undefined) {
			env[name] = v;
		}
	};
	add('USER_ASSERTION', input.userAssertion);
	add('AUTH_CODE', input.code);
	add('CODE_VERIFIER', input.codeVerifier);
	add('REFRESH_TOKEN', input.refreshToken);
	return env;
}

function runBash(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		// Only PATH and HOME from outside, so a variable the export forgets cannot leak in from the test runner.
		execFile('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, timeout: 10000 }, (error, stdout, stderr) => {
			resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
		});
	});
}

describe('exportRequest: curl, run with bash', function () {
	this.timeout(20000);
	let server: Server;
	let baseUrl: string;
	const bodies: { url: string; contentType: string; body: string }[] = [];
	before(async () => {
		server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				bodies.push({ url: req.url ?? '', contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end('{"token_type":"Bearer","access_token":"x"}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	for (const redact of [false, true]) {
		for (const name of ['cc', 'ccSecret', 'obo', 'code', 'refresh']) {
			it(`${name}, redact=${redact}: the server receives exactly the request's parameters`, async () => {
				const input = inputs({ kind: 'sandbox', baseUrl, tenant: TENANT })[name];
				const req = buildTokenRequest(input);
				const script = exportRequest(input, 'curl', { redact });
				if (redact) {
					for (const s of secretsOf(input)) {
						assert.ok(!script.includes(s), `secret ${JSON.stringify(s)} is in the redacted export:\n${script}`);
					}
				}
				bodies.length = 0;
				const r = await runBash(script, redact ? envOf(input) : {});
				assert.equal(r.code, 0, r.stderr);
				assert.equal(bodies.length, 1);
				assert.equal(bodies[0].url, `/${TENANT}/oauth2/v2.0/token`);
				assert.equal(bodies[0].contentType, 'application/x-www-form-urlencoded');
				assert.deepEqual([...new URLSearchParams(bodies[0].body)], req.params);
				assert.match(r.stdout, /"access_token":"x"/);
			});
		}
	}

	it('redact is the default, and bash stops with a message when a variable is unset', async () => {
		const input = inputs({ kind: 'sandbox', baseUrl, tenant: TENANT }).obo;
		const script = exportRequest(input, 'curl');
		assert.match(script, /"client_assertion=\$\{CLIENT_ASSERTION:\?/);
		assert.match(script, /"assertion=\$\{USER_ASSERTION:\?/);
		assert.match(script, /# This request goes to the Entra Cert Kit sandbox, a local emulation/);
		bodies.length = 0;
		const r = await runBash(script, { CLIENT_ASSERTION: CLIENT_ASSERTION });
		assert.notEqual(r.code, 0);
		assert.match(r.stderr, /USER_ASSERTION: set USER_ASSERTION to the access token your API received/);
		assert.equal(bodies.length, 0);
	});

	it('says how to make CLIENT_ASSERTION with the kit, for this client and tenant', () => {
		const input = inputs(CLOUD).obo;
		const script = exportRequest(input, 'curl');
		const hint = script.split('\n').find((l) => l.includes('entra-cert assertion'));
		assert.ok(hint !== undefined && hint.startsWith('# export CLIENT_ASSERTION="$(entra-cert assertion --cert app.pem --key app.key'), script);
		assert.ok(hint.includes(`--client-id ${input.clientId}`) && hint.includes(`--tenant ${TENANT}`));
		assert.ok(!exportRequest(input, 'curl', { redact: false }).includes('entra-cert assertion'), 'no hint when the assertion is in the command');
	});

	it('pastes back into diagnose as a curl command', () => {
		const input = inputs(CLOUD).obo;
		const parsed = parseTokenRequest(exportRequest(input, 'curl', { redact: false }));
		assert.equal(parsed.format, 'curl');
		assert.equal(parsed.url, tokenEndpointOf(CLOUD));
		assert.equal(parsed.tenant, TENANT);
		assert.deepEqual(parsed.params, Object.fromEntries(buildTokenRequest(input).params));
	});
});

describe('exportRequest: REST Client .http', () => {
	it('unredacted: parses back with diagnose (URL, tenant, every parameter)', () => {
		for (const input of Object.values(inputs(CLOUD))) {
			const text = exportRequest(input, 'http', { redact: false });
			assert.match(text, /^POST https:\/\/login\.microsoftonline\.com\/\S+\/oauth2\/v2\.0\/token HTTP\/1\.1\n/);
			const parsed = parseTokenRequest(text);
			assert.equal(parsed.format, 'http');
			assert.equal(parsed.url, tokenEndpointOf(CLOUD));
			assert.equal(parsed.tenant, TENANT);
			assert.deepEqual(parsed.params, Object.fromEntries(buildTokenRequest(input).params), input.flow);
		}
	});

	it('redacted: secrets are {{variables}} declared at the top from the environment; the request part parses back', () => {
		const input = inputs(CLOUD).obo;
		const text = exportRequest(input, 'http');
		for (const s of secretsOf(input)) {
			assert.ok(!text.includes(s), `secret in export:\n${text}`);
		}
		const declared = [...text.matchAll(/^@(\w+) = \{\{\$processEnv (\w+)\}\}$/gm)].map((m) => [m[1], m[2]]);
		assert.deepEqual(declared, [['clientAssertion', 'CLIENT_ASSERTION'], ['userAssertion', 'USER_ASSERTION']]);
		const used = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
		assert.deepEqual([...new Set(used)].sort(), ['clientAssertion', 'userAssertion']);
		// diagnose's parser skips the REST Client preamble (comments and @variable lines): the whole file parses.
		const parsed = parseTokenRequest(text);
		const expected = Object.fromEntries(buildTokenRequest(input).params);
		assert.deepEqual(parsed.params, { ...expected, client_assertion: '{{clientAssertion}}', assertion: '{{userAssertion}}' });
	});

	it('names the sandbox as the local emulation', () => {
		const text = exportRequest(inputs({ kind: 'sandbox', baseUrl: 'http://127.0.0.1:43123', tenant: TENANT }).cc, 'http', { redact: false });
		assert.match(text, /^# This request goes to the Entra Cert Kit sandbox, a local emulation of Entra ID/);
		assert.match(text, /^POST http:\/\/127\.0\.0\.1:43123\/1111/m);
	});
});

// #region msal-node

interface Captured {
	gets: string[];
	posts: { url: string; form: URLSearchParams }[];
}

function offlineNetwork(captured: Captured, authority: string): INetworkModule {
	const respond = <T>(body: unknown): NetworkResponse<T> => ({ headers: {}, body: body as T, status: 200 });
	const host = new URL(authority).host;
	return {
		async sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
			captured.gets.push(url);
			if (url.includes('discovery/instance')) {
				return respond<T>({ tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`, 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] });
			}
			if (url.includes('openid-configuration')) {
				return respond<T>({ token_endpoint: `${authority}/oauth2/v2.0/token`, authorization_endpoint: `${authority}/oauth2/v2.0/authorize`, end_session_endpoint: `${authority}/oauth2/v2.0/logout`, issuer: `${authority}/v2.0`, jwks_uri: `${authority}/discovery/v2.0/keys` });
			}
			throw new Error(`unexpected GET ${url}`);
		},
		async sendPostRequestAsync<T>(url: string, options?: { body?: string }): Promise<NetworkResponse<T>> {
			captured.posts.push({ url, form: new URLSearchParams(options?.body ?? '') });
			return respond<T>({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'offline-test-token' });
		},
	};
}

// Loaded at run time from node_modules (not bundled into the test).
const ts = createRequire(join(process.cwd(), 'package.json'))('typescript') as typeof Ts;

/** Type-checks TypeScript sources (virtual files next to this project, so node_modules resolve) in one program. */
function typeCheck(sources: string[]): string[] {
	const options = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], skipLibCheck: true, lib: ['lib.es2022.d.ts'] };
	const files = new Map(sources.map((s, i) => [join(process.cwd(), 'test', 'unit', 'token', `__msal_export_${i}.ts`), s]));
	const host = ts.createCompilerHost(options);
	const getSourceFile = host.getSourceFile.bind(host);
	host.getSourceFile = (name, languageVersion, onError, shouldCreate) => (files.has(name) ? ts.createSourceFile(name, files.get(name) as string, languageVersion) : getSourceFile(name, languageVersion, onError, shouldCreate));
	const fileExists = host.fileExists.bind(host);
	host.fileExists = (name) => files.has(name) || fileExists(name);
	const program = ts.createProgram([...files.keys()], options, host);
	return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** Runs msal-node export code against the real @azure/msal-node with an offline network client. */
async function runMsalNode(code: string, env: Record<string, string>, authority: string): Promise<{ captured: Captured; log: string[]; error?: unknown }> {
	const captured: Captured = { gets: [], posts: [] };
	const withNetwork = (config: Configuration): Configuration => ({ ...config, system: { ...config.system, networkClient: offlineNetwork(captured, authority) } });
	const msal = {
		ConfidentialClientApplication: class extends ConfidentialClientApplication {
			constructor(config: Configuration) {
				super(withNetwork(config));
			}
		},
		PublicClientApplication: class extends PublicClientApplication {
			constructor(config: Configuration) {
				super(withNetwork(config));
			}
		},
	};
	const modules: Record<string, unknown> = { '@azure/msal-node': msal, 'node:fs': fs };
	const log: string[] = [];
	let done!: (error?: unknown) => void;
	const finished = new Promise<unknown>((resolve) => {
		done = resolve;
	});
	const fakeConsole = {
		log: (...args: unknown[]) => {
			log.push(args.map(String).join(' '));
			done();
		},
		error: (e: unknown) => done(e ?? new Error('console.error')),
	};
	const fakeProcess = { env, exitCode: 0 };
	const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
	const run = new Function('require', 'process', 'console', 'exports', js) as (r: (id: string) => unknown, p: unknown, c: unknown, e: unknown) => void;
	try {
		run((id) => {
			if (!(id in modules)) {
				throw new Error(`the export requires ${id}`);
			}
			return modules[id];
		}, fakeProcess, fakeConsole, {});
	} catch (e) {
		return { captured, log, error: e };
	}
	const error = await finished;
	return { captured, log, error };
}

describe('exportRequest: msal-node', function () {
	this.timeout(30000);
	let cert: TestCert;
	let dir: string;
	let exportCert: ExportCertificate;
	before(() => {
		cert = makeCert({ rsaBits: 2048 });
		dir = mkdtempSync(join(tmpdir(), 'token-export-'));
		writeFileSync(join(dir, 'app.key.pem'), cert.privateKeyPem, { mode: 0o600 });
		writeFileSync(join(dir, 'app.crt.pem'), cert.certPem);
		exportCert = { certificatePath: join(dir, 'app.crt.pem'), privateKeyPath: join(dir, 'app.key.pem'), sha1Hex: cert.sha1Hex, sha256Hex: cert.sha256Hex };
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('type-checks against @azure/msal-node for every flow, credential and target', () => {
		const sandbox: TokenTarget = { kind: 'sandbox', baseUrl: 'https://127.0.0.1:8443', tenant: TENANT };
		const sources: string[] = [];
		for (const target of [CLOUD, sandbox]) {
			for (const input of Object.values(inputs(target))) {
				sources.push(exportRequest(input, 'msal-node', { certificate: exportCert }));
			}
		}
		sources.push(exportRequest({ ...inputs(CLOUD).code, credential: { kind: 'none' } }, 'msal-node'));
		sources.push(exportRequest(inputs(CLOUD).cc, 'msal-node', { certificate: { ...exportCert, sendX5c: true } }));
		assert.deepEqual(typeCheck(sources), []);
	});

	it('names the acquire call of each flow and never embeds a secret, a key or a token', () => {
		const calls: Record<string, RegExp> = {
			cc: /app\.acquireTokenByClientCredential\(\{ scopes: \["https:\/\/graph\.microsoft\.com\/\.default"\] \}\)/,
			ccSecret: /clientSecret,/,
			obo: /app\.acquireTokenOnBehalfOf\(\{ oboAssertion: userAssertion, scopes: \["api:\/\/downstream\/\.default"\] \}\)/,
			code: /app\.acquireTokenByCode\(\{ code: authCode, redirectUri: "http:\/\/localhost:53682\/", scopes: \[[^\]]+\], codeVerifier \}\)/,
			refresh: /app\.acquireTokenByRefreshToken\(\{ refreshToken, scopes: \["api:\/\/mid\/access"\] \}\)/,
		};
		for (const [name, input] of Object.entries(inputs(CLOUD))) {
			for (const format of ['msal-node', 'msal-dotnet', 'msal-python'] as ExportFormat[]) {
				const code = exportRequest(input, format, { certificate: exportCert, redact: false });
				for (const s of [...secretsOf(input), cert.privateKeyPem.split('\n')[1], cert.certPem.split('\n')[1]]) {
					assert.ok(!code.includes(s), `${format} ${name} embeds ${JSON.stringify(s.slice(0, 20))}`);
				}
			}
			assert.match(exportRequest(input, 'msal-node', { certificate: exportCert }), calls[name]);
		}
	});

	it('client credentials: msal-node posts to the tenant endpoint with a PS256 x5t#S256 assertion the certificate verifies', async () => {
		const input = inputs(CLOUD).cc;
		const code = exportRequest(input, 'msal-node', { certificate: exportCert });
		const { captured, log, error } = await runMsalNode(code, {}, `https://login.microsoftonline.com/${TENANT}`);
		assert.equal(error, undefined, String(error));
		assert.deepEqual(log, ['offline-test-token']);
		const post = captured.posts.find((p) => p.url.startsWith(tokenEndpointOf(CLOUD)));
		assert.ok(post, `posted: ${captured.posts.map((p) => p.url).join(', ')}`);
		assert.equal(post.form.get('grant_type'), 'client_credentials');
		assert.equal(post.form.get('client_id'), CLIENT);
		assert.equal(post.form.get('scope'), 'https://graph.microsoft.com/.default');
		const assertion = post.form.get('client_assertion') ?? '';
		const { header, payload, signingInput, signature } = splitJws(assertion);
		assert.equal(header.alg, 'PS256');
		assert.equal(header['x5t#S256'], createHash('sha256').update(cert.certDer).digest('base64url'));
		assert.equal(payload.aud, tokenEndpointOf(CLOUD));
		assert.equal(payload.iss, CLIENT);
		const ok = cryptoVerify('sha256', Buffer.from(signingInput), { key: createPublicKey(cert.certPem), padding: cryptoConstants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
		assert.ok(ok, 'the certificate does not verify the assertion');
	});

	it('On-Behalf-Of: the user token comes from USER_ASSERTION', async () => {
		const input = inputs(CLOUD).obo;
		const { captured, error } = await runMsalNode(exportRequest(input, 'msal-node', { certificate: exportCert }), { USER_ASSERTION: USER_TOKEN }, `https://login.microsoftonline.com/${TENANT}`);
		assert.equal(error, undefined, String(error));
		const post = captured.posts.find((p) => p.url.startsWith(tokenEndpointOf(CLOUD)));
		assert.ok(post);
		assert.equal(post.form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
		assert.equal(post.form.get('assertion'), USER_TOKEN);
		assert.equal(post.form.get('requested_token_use'), 'on_behalf_of');
		assert.match(post.form.get('scope') ?? '', /api:\/\/downstream\/\.default/);
	});

	it('authorization code and refresh token: code, verifier and refresh token come from the environment; MSAL adds openid itself', async () => {
		const all = inputs(CLOUD);
		const codeExport = exportRequest(all.code, 'msal-node', { certificate: exportCert });
		assert.match(codeExport, /MSAL adds openid, profile and offline_access by itself, so openid, offline_access are not in the list/);
		const env = { AUTH_CODE: '0.AAA-auth-code', CODE_VERIFIER: 'V'.repeat(43), REFRESH_TOKEN: '0.AAAA-refresh-token', CLIENT_SECRET: 'sec-ret~1' };
		const code = await runMsalNode(codeExport, env, `https://login.microsoftonline.com/${TENANT}`);
		assert.equal(code.error, undefined, String(code.error));
		const c = code.captured.posts.find((p) => p.url.startsWith(tokenEndpointOf(CLOUD)));
		assert.ok(c);
		assert.equal(c.form.get('grant_type'), 'authorization_code');
		assert.equal(c.form.get('code'), env.AUTH_CODE);
		assert.equal(c.form.get('code_verifier'), env.CODE_VERIFIER);
		assert.equal(c.form.get('redirect_uri'), 'http://localhost:53682/');
		assert.deepEqual((c.form.get('scope') ?? '').split(' ').sort(), ['api://mid/access', 'offline_access', 'openid', 'profile']);
		const refresh = await runMsalNode(exportRequest(all.refresh, 'msal-node'), env, `https://login.microsoftonline.com/${TENANT}`);
		assert.equal(refresh.error, undefined, String(refresh.error));
		const r = refresh.captured.posts.find((p) => p.url.startsWith(tokenEndpointOf(CLOUD)));
		assert.ok(r);
		assert.equal(r.form.get('grant_type'), 'refresh_token');
		assert.equal(r.form.get('refresh_token'), env.REFRESH_TOKEN);
		assert.equal(r.form.get('client_secret'), env.CLIENT_SECRET);
	});

	it('an unset environment variable stops the code with a message naming it', async () => {
		const { error, captured } = await runMsalNode(exportRequest(inputs(CLOUD).obo, 'msal-node', { certificate: exportCert }), {}, `https://login.microsoftonline.com/${TENANT}`);
		assert.match(String(error), /Set USER_ASSERTION to the access token your API received/);
		assert.equal(captured.posts.length, 0);
	});

	it('sandbox: knownAuthorities + authorityMetadata, no discovery request, the secret from CLIENT_SECRET', async () => {
		const target: TokenTarget = { kind: 'sandbox', baseUrl: 'https://127.0.0.1:8443', tenant: TENANT };
		const input = inputs(target).ccSecret;
		const code = exportRequest(input, 'msal-node');
		assert.match(code, /local emulation of Entra ID/);
		assert.match(code, /knownAuthorities: \["127\.0\.0\.1:8443"\]/);
		const { captured, error } = await runMsalNode(code, { CLIENT_SECRET: NASTY_SECRET }, `https://127.0.0.1:8443/${TENANT}`);
		assert.equal(error, undefined, String(error));
		assert.deepEqual(captured.gets, []);
		assert.equal(captured.posts.length, 1);
		assert.ok(captured.posts[0].url.startsWith(tokenEndpointOf(target)), captured.posts[0].url);
		assert.equal(captured.posts[0].form.get('client_secret'), NASTY_SECRET);
	});
});

// #endregion

describe('exportRequest: MSAL.NET and MSAL Python', () => {
	const cert: ExportCertificate = { certificatePath: 'C:\\certs\\app.crt.pem', privateKeyPath: 'C:\\certs\\app "key".pem', sha1Hex: 'A'.repeat(40), sha256Hex: 'B'.repeat(64) };

	it('MSAL.NET: the builder with the PEM files, the authority and the flow call', () => {
		const all = inputs(CLOUD);
		const obo = exportRequest(all.obo, 'msal-dotnet', { certificate: cert });
		assert.ok(obo.includes('X509Certificate2.CreateFromPemFile("C:\\\\certs\\\\app.crt.pem", "C:\\\\certs\\\\app \\"key\\".pem")'), obo);
		assert.ok(obo.includes(`ConfidentialClientApplicationBuilder.Create("${CLIENT}")`));
		assert.ok(obo.includes('.WithCertificate(certificate)'));
		assert.ok(obo.includes(`.WithAuthority("https://login.microsoftonline.com/${TENANT}")`));
		assert.ok(obo.includes('app.AcquireTokenOnBehalfOf(scopes, new UserAssertion(userAssertion))'));
		assert.ok(obo.includes('Environment.GetEnvironmentVariable("USER_ASSERTION")'));
		assert.match(exportRequest(all.cc, 'msal-dotnet', { certificate: cert }), /app\.AcquireTokenForClient\(scopes\)\.ExecuteAsync\(\)/);
		const code = exportRequest(all.code, 'msal-dotnet', { certificate: cert });
		assert.match(code, /AcquireTokenByAuthorizationCode\(scopes, authCode\)\n\s+\.WithPkceCodeVerifier\(codeVerifier\)/);
		assert.match(code, /\.WithRedirectUri\("http:\/\/localhost:53682\/"\)/);
		assert.match(exportRequest(all.refresh, 'msal-dotnet'), /\(\(IByRefreshToken\)app\)\.AcquireTokenByRefreshToken\(scopes, refreshToken\)/);
		assert.match(exportRequest(all.refresh, 'msal-dotnet'), /\.WithClientSecret\(clientSecret\)/);
		const sandbox = exportRequest(inputs({ kind: 'sandbox', baseUrl: 'https://127.0.0.1:8443', tenant: TENANT }).cc, 'msal-dotnet', { certificate: cert });
		assert.match(sandbox, /local emulation/);
		assert.match(sandbox, /\.WithInstanceDiscovery\(false\)/);
	});

	it('MSAL Python: client_credential with the key file and SHA-1 thumbprint, the flow call', () => {
		const all = inputs(CLOUD);
		const obo = exportRequest(all.obo, 'msal-python', { certificate: cert });
		assert.ok(obo.includes('msal.ConfidentialClientApplication('));
		assert.ok(obo.includes(`"thumbprint": "${'A'.repeat(40)}"`));
		assert.ok(obo.includes('"private_key": private_key'));
		assert.match(obo, /PS256 with x5t#S256/);
		assert.ok(obo.includes('app.acquire_token_on_behalf_of(user_assertion, scopes=scopes)'));
		assert.match(exportRequest(all.cc, 'msal-python', { certificate: cert }), /app\.acquire_token_for_client\(scopes=scopes\)/);
		assert.match(exportRequest(all.code, 'msal-python', { certificate: cert }), /acquire_token_by_authorization_code\(\n\s+auth_code,[\s\S]*data=\{"code_verifier": code_verifier\}/);
		// MSAL Python raises ValueError for openid/profile/offline_access in scopes: the export leaves them out.
		assert.match(exportRequest(all.code, 'msal-python', { certificate: cert }), /\nscopes = \["api:\/\/mid\/access"\]\n/);
		assert.match(exportRequest(all.refresh, 'msal-python'), /acquire_token_by_refresh_token\(refresh_token, scopes=scopes\)/);
		assert.match(exportRequest(all.cc, 'msal-python', { certificate: { ...cert, sendX5c: true } }), /"public_certificate": public_certificate/);
	});

	it('MSAL Python exports are valid Python (parsed by python3 when it is installed)', async function () {
		const all = inputs({ kind: 'sandbox', baseUrl: 'https://127.0.0.1:8443', tenant: TENANT });
		const sources = [...Object.values(all).map((i) => exportRequest(i, 'msal-python', { certificate: cert })), exportRequest(all.cc, 'msal-python', { certificate: { ...cert, sendX5c: true } })];
		const script = `import ast, json, sys\nfor s in json.load(sys.stdin):\n    ast.parse(s)\nprint("ok")`;
		const result = await new Promise<{ ok: boolean; out: string; missing: boolean }>((resolve) => {
			const child = execFile('python3', ['-c', script], { timeout: 10000 }, (error, stdout, stderr) => {
				resolve({ ok: !error, out: `${stdout}${stderr}`, missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
			});
			child.stdin?.end(JSON.stringify(sources));
		});
		if (result.missing) {
			this.skip();
		}
		assert.ok(result.ok, result.out);
	});

	it('rejects an unknown format', () => {
		assert.throws(() => exportRequest(inputs(CLOUD).cc, 'powershell' as ExportFormat), /Unknown export format 'powershell'; use one of curl, http/);
	});
});
