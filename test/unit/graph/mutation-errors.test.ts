/**
 * Graph's failed answers explained (src/core/graph/errors.ts), one cause at a time: which finding code and severity,
 * which operation the message names, the permission and role the fix names for reads and writes, the proof-of-possession
 * cases of addKey/removeKey, and the sources given. Error codes and statuses are those Graph documents.
 */
import assert from 'node:assert/strict';
import { explainGraphError, type GraphOperation } from '../../../src/core/graph/errors';
import type { GraphResponse } from '../../../src/core/graph/types';

const res = (status: number, code?: string, message?: string): GraphResponse => ({ status, ok: false, bodyText: '', ...(code ? { error: { code, message: message ?? '' } } : {}) });
const one = (r: GraphResponse, op: GraphOperation) => {
	const f = explainGraphError(r, op);
	assert.equal(f.length, 1);
	return f[0];
};
const ALL: GraphOperation[] = ['read', 'list', 'patch', 'addKey', 'removeKey'];

describe('graph errors: explained answers', () => {
	it('a success explains nothing', () => {
		assert.deepEqual(explainGraphError({ status: 200, ok: true, bodyText: '{}' }, 'patch'), []);
		assert.deepEqual(explainGraphError({ status: 204, ok: true, bodyText: '' }, 'addKey'), []);
	});

	it('401 or InvalidAuthenticationToken: the token, with Graph\'s audience named', () => {
		for (const r of [res(401), res(401, 'InvalidAuthenticationToken', 'Access token has expired.'), res(400, 'InvalidAuthenticationToken')]) {
			const f = one(r, 'read');
			assert.equal(f.code, r.error?.code ? 'Graph:InvalidAuthenticationToken' : 'Graph:HTTP401');
			assert.equal(f.severity, 'error');
			assert.match(f.message, new RegExp(`did not accept the access token \\(HTTP ${r.status}\\)`));
			assert.match(f.fix, /https:\/\/graph\.microsoft\.com or 00000003-0000-0000-c000-000000000000/);
			assert.match(f.fix, /--resource-type ms-graph/);
		}
		assert.match(one(res(401, 'InvalidAuthenticationToken', 'Access token has expired.'), 'read').message, / Graph said: "Access token has expired\."$/);
		assert.doesNotMatch(one(res(401), 'read').message, /Graph said/);
	});

	it('403: insufficient privileges, naming the operation and the permission reads and writes need', () => {
		const what: Record<GraphOperation, RegExp> = {
			read: /refused to read the application: insufficient privileges/,
			list: /refused to list your applications/,
			patch: /refused to update the application's keyCredentials/,
			addKey: /refused to add the key \(addKey\)/,
			removeKey: /refused to remove the key \(removeKey\)/,
		};
		for (const op of ALL) {
			const f = one(res(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), op);
			assert.equal(f.code, 'Graph:Authorization_RequestDenied');
			assert.match(f.message, what[op]);
			assert.match(f.message, /apps they own/);
			const write = op === 'patch' || op === 'addKey' || op === 'removeKey';
			assert.equal(/Application\.Read\.All or/.test(f.fix), !write, op);
			assert.match(f.fix, /Application\.ReadWrite\.All \(delegated\)/);
			assert.match(f.fix, /Application Administrator or Cloud Application Administrator/);
			assert.equal(/also answer this way when the proof is missing/.test(f.fix), op === 'addKey' || op === 'removeKey', op);
			assert.ok(f.sources?.includes('https://learn.microsoft.com/graph/permissions-reference'));
		}
		assert.equal(one(res(403, 'x'), 'addKey').sources?.[0], 'https://learn.microsoft.com/graph/api/application-addkey');
		assert.equal(one(res(403, 'x'), 'removeKey').sources?.[0], 'https://learn.microsoft.com/graph/api/application-removekey');
		assert.equal(one(res(403, 'x'), 'patch').sources?.[0], 'https://learn.microsoft.com/graph/api/application-update');
		// the code alone decides, whatever the status
		assert.match(one(res(400, 'Authorization_RequestDenied'), 'read').message, /insufficient privileges/);
	});

	it('403 about the proof (not privileges) on addKey/removeKey: the proof finding', () => {
		for (const op of ['addKey', 'removeKey'] as const) {
			const f = one(res(403, 'Authorization_RequestDenied', 'Key credential proof of possession is invalid.'), op);
			assert.match(f.message, new RegExp(`did not accept the proof of possession for ${op}`));
			assert.match(f.fix, /aud '00000002-0000-0000-c000-000000000000'/);
			assert.match(f.fix, /iss = the application's object ID/);
			assert.equal(/not the key being removed/.test(f.fix), op === 'removeKey');
			assert.equal(f.sources?.[0], op === 'removeKey' ? 'https://learn.microsoft.com/graph/api/application-removekey' : 'https://learn.microsoft.com/graph/api/application-addkey');
		}
		// a privileges message wins over the word "key"; a PATCH never gets the proof finding
		assert.match(one(res(403, 'Authorization_RequestDenied', 'Insufficient privileges to add key.'), 'addKey').message, /insufficient privileges/);
		assert.match(one(res(403, 'Authorization_RequestDenied', 'Invalid proof.'), 'patch').message, /insufficient privileges/);
	});

	it('404 or Request_ResourceNotFound: no such application in the token\'s tenant', () => {
		for (const r of [res(404), res(404, 'Request_ResourceNotFound', "Resource 'x' does not exist."), res(400, 'Request_ResourceNotFound')]) {
			const f = one(r, 'read');
			assert.match(f.message, /found no such application in the tenant of the token/);
			assert.match(f.fix, /application \(client\) ID/);
		}
		assert.equal(one(res(404), 'patch').code, 'Graph:HTTP404');
	});

	it('Directory_ResourceSizeExceeded: too many keys, remove old ones first', () => {
		const f = one(res(400, 'Directory_ResourceSizeExceeded', 'The object is too large.'), 'patch');
		assert.equal(f.code, 'Graph:Directory_ResourceSizeExceeded');
		assert.match(f.message, /size limit/);
		assert.match(f.fix, /remove-cert/);
	});

	it('400 about the proof on addKey/removeKey; the same text on a PATCH is a malformed request', () => {
		for (const msg of ['Invalid proof.', 'Key credential proof of possession is invalid.', 'The token is invalid', 'Signature validation failed', 'jwt malformed']) {
			assert.match(one(res(400, 'Request_BadRequest', msg), 'addKey').message, /proof of possession for addKey/, msg);
		}
		assert.match(one(res(400), 'removeKey').message, /refused the request as malformed/);
		assert.match(one(res(400, 'Request_BadRequest', 'Invalid proof.'), 'patch').message, /refused the request as malformed/);
	});

	it('400 malformed: about the key → the keyCredential checklist; otherwise uncertain, pointing at the message', () => {
		for (const msg of ['Invalid value specified for property \'key\'', 'keyCredentials invalid', 'customKeyIdentifier is wrong', 'usage must be Verify', 'type is unknown']) {
			const f = one(res(400, 'Request_BadRequest', msg), 'patch');
			assert.match(f.fix, /base64 of the certificate's DER/, msg);
			assert.equal(f.uncertain, undefined, msg);
			assert.match(f.message, new RegExp(`Graph said: "${msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
		}
		const other = one(res(400, 'Request_BadRequest', 'Property displayName is too long'), 'patch');
		assert.equal(other.uncertain, true);
		assert.match(other.fix, /names the field/);
		assert.equal(one(res(400, 'Request_BadRequest', 'x'), 'addKey').sources?.[0], 'https://learn.microsoft.com/graph/api/application-addkey');
		assert.equal(one(res(400, 'Request_BadRequest', 'x'), 'removeKey').sources?.[0], 'https://learn.microsoft.com/graph/api/application-removekey');
		assert.equal(one(res(400, 'Request_BadRequest', 'x'), 'list').sources?.[0], 'https://learn.microsoft.com/graph/api/application-update');
		// the code decides even with another status
		assert.match(one(res(409, 'Request_BadRequest', 'x'), 'patch').message, /malformed/);
	});

	it('429 and 5xx: a warning to retry later, nothing changed', () => {
		for (const status of [429, 500, 503]) {
			const f = one(res(status), 'patch');
			assert.equal(f.severity, 'warning');
			assert.match(f.message, new RegExp(`could not answer now \\(HTTP ${status}\\)`));
			assert.match(f.fix, /Retry-After/);
		}
		assert.equal(one(res(499), 'patch').severity, 'error');
	});

	it('anything else: the status and the operation, marked uncertain', () => {
		const f = one(res(409, 'Conflict', 'Another change is in progress.'), 'addKey');
		assert.equal(f.code, 'Graph:Conflict');
		assert.equal(f.severity, 'error');
		assert.equal(f.uncertain, true);
		assert.match(f.message, /^Graph answered HTTP 409 to the request to add the key \(addKey\)\. Graph said: "Another change is in progress\."$/);
		assert.match(one(res(405), 'list').message, /^Graph answered HTTP 405 to the request to list your applications\.$/);
	});
});
