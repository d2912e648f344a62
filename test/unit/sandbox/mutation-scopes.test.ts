/**
 * The sandbox's `scope` parameter rules called directly (entra-rules §4: the scopes of one request belong to one
 * resource; a scope without a resource is a Microsoft Graph scope; client credentials takes only {resource}/.default).
 * Written for the mutation run (issue 10).
 */
import assert from 'node:assert/strict';
import { indexApps, type AppIndex } from '../../../src/sandbox/apps';
import { SandboxError } from '../../../src/sandbox/errors';
import { clientCredentialsScopeError, delegatedScopes, OIDC_SCOPES, resolveScopes } from '../../../src/sandbox/scopes';

const TENANT = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';
const ORDERS = '6a0f4b8e-1c2d-4e3f-9a4b-5c6d7e8f9a01';
const INVENTORY = 'b7c8d9e0-f1a2-4b3c-8d4e-5f6a7b8c9d0e';
const GRAPH = '00000003-0000-0000-c000-000000000000';

const app = (appId: string, displayName: string, uris: string[], scopes: string[]) => ({ appId, displayName, certificates: [], secrets: [], identifierUris: uris, appRoles: [], scopes: scopes.map((value, i) => ({ id: String(i), value })), redirectUris: [] });

function sandboxError(f: () => unknown): SandboxError {
	try {
		f();
	} catch (e) {
		assert.ok(e instanceof SandboxError, String(e));
		return e;
	}
	assert.fail('expected a SandboxError');
}

describe('sandbox scope rules (direct)', () => {
	let index: AppIndex;
	before(() => {
		index = indexApps([app(ORDERS, 'Orders API', ['api://orders', 'https://contoso.example/orders/'], ['Orders.Read', 'Orders.Write']), app(INVENTORY, 'Inventory API', ['api://inventory'], [])]);
	});

	describe('resolveScopes', () => {
		it('OpenID scopes are set apart (any case, lower-cased); the rest belong to the named resource, as named', () => {
			const r = resolveScopes('OpenID  profile\toffline_access api://orders/Orders.Read email', index, TENANT);
			assert.deepEqual([...r.oidc].sort(), ['email', 'offline_access', 'openid', 'profile']);
			assert.deepEqual(r.values, ['Orders.Read']);
			assert.equal(r.resourceName, 'api://orders');
			assert.equal(r.resource?.kind, 'app');
			assert.equal(r.resource?.kind === 'app' && r.resource.entry.app.appId, ORDERS);
			assert.deepEqual(OIDC_SCOPES, ['openid', 'profile', 'email', 'offline_access']);
		});

		it('only OpenID scopes: no resource, no values', () => {
			const r = resolveScopes('openid profile', index, TENANT);
			assert.equal(r.resource, undefined);
			assert.equal(r.resourceName, undefined);
			assert.deepEqual(r.values, []);
		});

		it('a scope repeated counts once; spaces around the list are ignored', () => {
			assert.deepEqual(resolveScopes('api://orders/Orders.Read api://orders/Orders.Read', index, TENANT).values, ['Orders.Read']);
			const padded = resolveScopes(' api://orders/Orders.Read\n', index, TENANT);
			assert.deepEqual([padded.resourceName, padded.values], ['api://orders', ['Orders.Read']]);
		});

		it('a scope without a resource is a Microsoft Graph scope; Graph named by URL or by app ID is the same resource', () => {
			const bare = resolveScopes('User.Read', index, TENANT);
			assert.deepEqual([bare.resource, bare.resourceName, bare.values], [{ kind: 'graph' }, undefined, ['User.Read']]);
			const mixed = resolveScopes(`https://graph.microsoft.com/User.Read ${GRAPH}/Mail.Read Files.Read`, index, TENANT);
			assert.deepEqual([mixed.resource, mixed.resourceName, mixed.values], [{ kind: 'graph' }, 'https://graph.microsoft.com', ['User.Read', 'Mail.Read', 'Files.Read']]);
			const byId = resolveScopes(`${GRAPH}/.default`, index, TENANT);
			assert.deepEqual([byId.resource, byId.resourceName, byId.values], [{ kind: 'graph' }, GRAPH, ['.default']]);
		});

		it('one app named by app ID and by each identifier URI (any case, trailing slash) is one resource', () => {
			const r = resolveScopes(`API://ORDERS/Orders.Read ${ORDERS}/Orders.Write https://contoso.example/orders//Orders.Read`, index, TENANT);
			assert.equal(r.resource?.kind === 'app' && r.resource.entry.app.appId, ORDERS);
			assert.equal(r.resourceName, 'API://ORDERS', 'the response names the resource as the first scope did');
			assert.deepEqual(r.values, ['Orders.Read', 'Orders.Write', 'Orders.Read']);
		});

		it('two resources in one request → invalid_scope 28000 quoting the scope (an app and Graph, or two apps)', () => {
			for (const scope of ['api://orders/Orders.Read api://inventory/Inventory.Read', 'User.Read api://nowhere/Read', 'api://orders/Orders.Read User.Read', 'User.Read api://orders/Orders.Read', `https://graph.microsoft.com/User.Read ${ORDERS}/Orders.Read`]) {
				const e = sandboxError(() => resolveScopes(scope, index, TENANT));
				assert.deepEqual([e.status, e.error, e.code], [400, 'invalid_scope', 28000], scope);
				assert.ok(e.text.includes(`Scope ${scope} is not valid.`), e.text);
			}
		});

		it('an unknown resource → invalid_resource 500011 naming it and the tenant, listing the apps the sandbox knows', () => {
			const e = sandboxError(() => resolveScopes('api://nowhere/Read', index, TENANT));
			assert.deepEqual([e.status, e.error, e.code], [400, 'invalid_resource', 500011]);
			assert.ok(e.text.startsWith(`The resource principal named api://nowhere was not found in the tenant named ${TENANT}.`), e.text);
			assert.match(e.text, /it knows the apps of its manifests \(api:\/\/orders, api:\/\/inventory\) and Microsoft Graph/);
			const empty = sandboxError(() => resolveScopes('api://nowhere/Read', indexApps([]), TENANT));
			assert.match(empty.text, /manifests \(none\)/);
			const noUri = sandboxError(() => resolveScopes('api://nowhere/Read', indexApps([app(INVENTORY, 'Inventory API', [], [])]), TENANT));
			assert.ok(noUri.text.includes(`(${INVENTORY})`), noUri.text);
		});
	});

	describe('delegatedScopes', () => {
		it('grants the scopes asked for, as the app registers them (matched without regard to case); .default grants all', () => {
			const entry = index.byAppId.get(ORDERS);
			assert.ok(entry);
			assert.deepEqual(delegatedScopes(entry, ['orders.read'], 'Web'), ['Orders.Read']);
			assert.deepEqual(delegatedScopes(entry, ['Orders.Write', 'Orders.Read'], 'Web'), ['Orders.Write', 'Orders.Read']);
			assert.deepEqual(delegatedScopes(entry, ['Orders.Read', '.default'], 'Web'), ['Orders.Read', 'Orders.Write']);
		});

		it('a scope the app does not expose → invalid_scope 650053 naming the client, the scope and what the app exposes', () => {
			const orders = index.byAppId.get(ORDERS);
			assert.ok(orders);
			const e = sandboxError(() => delegatedScopes(orders, ['Orders.Read', 'Orders.Delete'], 'Contoso Web'));
			assert.deepEqual([e.status, e.error, e.code], [400, 'invalid_scope', 650053]);
			assert.ok(e.text.startsWith(`The application 'Contoso Web' asked for scope 'Orders.Delete' that doesn't exist on the resource '${ORDERS}'.`), e.text);
			assert.match(e.text, /'Orders API' exposes Orders\.Read, Orders\.Write\)$/);
			const inventory = index.byAppId.get(INVENTORY);
			assert.ok(inventory);
			assert.match(sandboxError(() => delegatedScopes(inventory, ['Inventory.Read'], 'Web')).text, /'Inventory API' exposes no delegated scopes/);
		});
	});

	describe('clientCredentialsScopeError', () => {
		it('70011 with a hint: the form expected, the missing dot of /default, or why the scope is not one', () => {
			const none = clientCredentialsScopeError('');
			assert.deepEqual([none.status, none.error, none.code], [400, 'invalid_scope', 70011]);
			assert.match(none.text, /client credentials needs scope=\{App ID URI or client ID\}\/\.default\)$/);
			assert.match(clientCredentialsScopeError('api://orders/default', 'api://orders/default').text, /'api:\/\/orders\/default' lacks the dot: use 'api:\/\/orders\/\.default'\)$/);
			assert.match(clientCredentialsScopeError('api://orders/DEFAULT', 'api://orders/DEFAULT').text, /use 'api:\/\/orders\/\.default'/);
			const other = clientCredentialsScopeError('api://orders/Orders.Read', 'api://orders/Orders.Read');
			assert.match(other.text, /The scope api:\/\/orders\/Orders\.Read is not valid\..*needs \{resource\}\/\.default, and 'api:\/\/orders\/Orders\.Read' is not one\)$/);
			assert.doesNotMatch(clientCredentialsScopeError('x/defaults', 'x/defaults').text, /lacks the dot/);
			assert.match(clientCredentialsScopeError('api://default/default', 'api://default/default').text, /use 'api:\/\/default\/\.default'\)$/);
		});
	});
});
