/**
 * The sandbox's authorize endpoint called directly, second part: loopback hosts that only end like 127.x.y.z, the
 * code in the fragment when the redirect URI has a query of its own, and a registered loopback URI's path.
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { indexApps, type AppEntry } from '../../../src/sandbox/apps';
import type { TraceContext } from '../../../src/sandbox/errors';
import { authorizeGet, redirectUriProblem } from '../../../src/sandbox/signin';
import type { SandboxState } from '../../../src/sandbox/state';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const WEB = '2f3e4d5c-6b7a-4988-a1b2-c3d4e5f60718';
const OPEN = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const AVERY = { oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' };

const app = (appId: string, displayName: string, redirectUris: string[]) => ({ appId, displayName, certificates: [], secrets: [], identifierUris: [], appRoles: [], scopes: [], redirectUris });

describe('sandbox sign-in (direct), part 2', () => {
	const trace: TraceContext = { traceId: 'trace-2', correlationId: 'corr-2', now: new Date('2026-11-05T10:00:00.000Z'), baseUrl: 'http://127.0.0.1:43123' };
	let state: SandboxState;
	let web: AppEntry;
	let open: AppEntry;
	beforeEach(() => {
		const index = indexApps([app(WEB, 'Web', ['http://127.0.0.1:8400/signin-oidc', 'https://contoso.example/cb']), app(OPEN, 'Open', [])]);
		web = index.byAppId.get(WEB) as AppEntry;
		open = index.byAppId.get(OPEN) as AppEntry;
		state = { baseUrl: trace.baseUrl, tenantId: TENANT, index, users: [AVERY], codes: new Map() } as unknown as SandboxState;
	});

	it('127.x.y.z with parts of up to three digits is loopback; hosts that only end like it are refused', () => {
		// (URL parsing already refuses a host whose last label is a number but which is not an IPv4 address.)
		for (const uri of ['http://a127.0.0.1/', 'http://x.127.0.0.1/', 'http://127.0.0.1000/']) {
			assert.notEqual(redirectUriProblem(uri, open), undefined, uri);
		}
		for (const uri of ['http://127.0.0.100/', 'http://127.10.20.30:9/x']) {
			assert.equal(redirectUriProblem(uri, open), undefined, uri);
		}
	});

	it('the path of a registered loopback URI is allowed on any port; another path is not', () => {
		assert.equal(redirectUriProblem('http://localhost:1234/signin-oidc', web), undefined);
		assert.match(String(redirectUriProblem('http://localhost:1234/cb', web)), /'Web' registers 'http:\/\/127\.0\.0\.1:8400\/signin-oidc', 'https:\/\/contoso\.example\/cb'/);
	});

	it('response_mode=fragment: code and state in the fragment only, the redirect URI\'s own query left as it was', () => {
		const p = new URLSearchParams({ client_id: OPEN, response_type: 'code', redirect_uri: 'http://localhost:8400/cb?tenant=a', response_mode: 'fragment', scope: 'openid', state: 's1', code_challenge: CHALLENGE, code_challenge_method: 'S256', prompt: 'none', login_hint: AVERY.preferredUsername });
		const r = authorizeGet(state, TENANT, p, trace);
		assert.equal(r.status, 302, r.body);
		const loc = new URL(r.headers.Location);
		assert.equal(loc.search, '?tenant=a');
		const frag = new URLSearchParams(loc.hash.slice(1));
		assert.deepEqual([...frag.keys()].sort(), ['code', 'state']);
		assert.equal(frag.get('state'), 's1');
		assert.ok(state.codes.has(String(frag.get('code'))));
	});

	it('without login_hint the page focuses no user', () => {
		const p = new URLSearchParams({ client_id: OPEN, response_type: 'code', redirect_uri: 'http://localhost:8400/cb', scope: 'openid', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
		const r = authorizeGet(state, TENANT, p, trace);
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.body, /autofocus/);
	});
});
