/**
 * The sandbox's small pieces called directly: which tenant a path names, the bounded maps, the client assertion
 * audiences it accepts (entra-rules §1: the token endpoint, and the v1 and /v2.0 forms docs have shown), and the
 * shape of Entra's error answers (AADSTS prefix, trace suffix, timestamp forms). Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import type { SandboxError } from '../../../src/sandbox/errors';
import { catalogText, dotnetTime, entraTimestamp, errorBody, internalError, invalidClient, invalidGrant, invalidRequest, invalidScope, missingParameter, sandboxNote } from '../../../src/sandbox/errors';
import { acceptedAudiences, boundedSet, CODE_LIFETIME_MS, tenantKind, type SandboxState } from '../../../src/sandbox/state';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';

describe('sandbox state and error shapes (direct)', () => {
	describe('tenantKind', () => {
		const state = { tenantId: TENANT } as SandboxState;
		it('its own tenant ID in any case; common, organizations and consumers are multi-tenant; anything else is unknown', () => {
			assert.equal(tenantKind(state, TENANT), 'tenant');
			assert.equal(tenantKind(state, TENANT.toUpperCase()), 'tenant');
			for (const alias of ['common', 'organizations', 'consumers', 'Common', 'ORGANIZATIONS']) {
				assert.equal(tenantKind(state, alias), 'multi', alias);
			}
			for (const other of ['contoso.onmicrosoft.com', '72f988bf-86f1-41af-91ab-2d7cd011db47', '', 'commons']) {
				assert.equal(tenantKind(state, other), undefined, other);
			}
		});
	});

	describe('boundedSet', () => {
		it('keeps at most max entries, dropping the oldest first', () => {
			const m = new Map<string, number>();
			for (let i = 0; i < 5; i++) {
				boundedSet(m, `k${i}`, i, 3);
			}
			assert.deepEqual([...m.entries()], [['k2', 2], ['k3', 3], ['k4', 4]]);
		});
		it('below the bound nothing is dropped; replacing a key at the bound still drops the oldest', () => {
			const m = new Map<string, number>([['a', 1]]);
			boundedSet(m, 'b', 2, 3);
			assert.deepEqual([...m.keys()], ['a', 'b']);
			boundedSet(m, 'c', 3, 3);
			assert.deepEqual([...m.keys()], ['a', 'b', 'c']);
			boundedSet(m, 'd', 4, 3);
			assert.deepEqual([...m.keys()], ['b', 'c', 'd']);
		});
		it('an authorization code lives 10 minutes (Entra\'s documented code lifetime)', () => {
			assert.equal(CODE_LIFETIME_MS, 600_000);
		});
	});

	describe('acceptedAudiences', () => {
		it('the v2.0 token endpoint, the v1 endpoint and /{tenant}/v2.0, under each loopback name, with the port, lower case', () => {
			const a = acceptedAudiences('http://127.0.0.1:43123', TENANT.toUpperCase());
			const expected: string[] = [];
			for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
				for (const path of ['/oauth2/v2.0/token', '/oauth2/token', '/v2.0']) {
					expected.push(`http://${host}:43123/${TENANT}${path}`);
				}
			}
			assert.deepEqual([...a].sort(), expected.sort());
		});
		it('https on the default port: no port in the audience; a named loopback host is added', () => {
			const a = acceptedAudiences('https://LocalHost', TENANT);
			assert.ok(a.has(`https://localhost/${TENANT}/oauth2/v2.0/token`));
			assert.ok(a.has(`https://127.0.0.1/${TENANT}/oauth2/token`));
			assert.ok(![...a].some((x) => x.includes(':443') || x.startsWith('http:')));
			const b = acceptedAudiences('http://127.0.0.2:8080', TENANT);
			assert.ok(b.has(`http://127.0.0.2:8080/${TENANT}/v2.0`));
			assert.equal(b.size, 12);
		});
	});

	describe('error answers', () => {
		it('each helper gives Entra\'s status and error for its kind (401 only for invalid_client)', () => {
			const cases: [SandboxError, number, string][] = [
				[invalidRequest(1, 'x'), 400, 'invalid_request'],
				[invalidClient(2, 'x'), 401, 'invalid_client'],
				[invalidGrant(3, 'x'), 400, 'invalid_grant'],
				[invalidScope(4, 'x'), 400, 'invalid_scope'],
			];
			for (const [e, status, error] of cases) {
				assert.deepEqual([e.status, e.error, e.name, e.text], [status, error, 'SandboxError', 'x']);
				assert.equal(e.message, `AADSTS${e.code}: x`);
			}
			const m = missingParameter('grant_type');
			assert.deepEqual([m.status, m.error, m.code, m.text], [400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'."]);
		});

		it('an internal error is a 500 server_error AADSTS50000 that says it is a sandbox bug', () => {
			const e = internalError();
			assert.deepEqual([e.status, e.error, e.code], [500, 'server_error', 50000]);
			assert.match(e.text, /^There's an issue with the sign-in service\. \(Entra Cert Kit sandbox: an unexpected error inside the sandbox/);
		});

		it('the body: error, AADSTS-prefixed description ending in the trace suffix, error_codes, timestamps, ids, error_uri', () => {
			const now = new Date('2026-11-05T10:00:07.123Z');
			const body = errorBody(invalidClient(7000215, 'Invalid client secret provided.'), { traceId: 't-1', correlationId: 'c-1', now, baseUrl: 'http://127.0.0.1:9' });
			assert.deepEqual(body, {
				error: 'invalid_client',
				error_description: 'AADSTS7000215: Invalid client secret provided. Trace ID: t-1 Correlation ID: c-1 Timestamp: 2026-11-05 10:00:07Z',
				error_codes: [7000215],
				timestamp: '2026-11-05 10:00:07Z',
				trace_id: 't-1',
				correlation_id: 'c-1',
				error_uri: 'http://127.0.0.1:9/error?code=7000215',
			});
		});

		it('time forms: Entra\'s timestamp (no fraction) and .NET\'s round-trip form (seven digits) as 700024 prints them', () => {
			const d = new Date('2023-07-12T07:30:13.045Z');
			assert.equal(entraTimestamp(d), '2023-07-12 07:30:13Z');
			assert.equal(dotnetTime(d), '2023-07-12T07:30:13.0450000Z');
			assert.equal(dotnetTime(new Date('2023-07-12T07:30:13Z')), '2023-07-12T07:30:13.0000000Z');
		});

		it('catalogText: Entra\'s words for a code, ending with a full stop; an unknown code is named', () => {
			assert.equal(catalogText(5002723), 'No certificate SHA-1 thumbprint, certificate SHA-256 thumbprint, nor keyId specified in token header.');
			assert.equal(catalogText(50048), 'Subject mismatches Issuer claim in the client assertion.');
			assert.equal(catalogText(1234567), 'AADSTS1234567.');
			assert.equal(sandboxNote('x'), ' (Entra Cert Kit sandbox: x)');
		});
	});
});
