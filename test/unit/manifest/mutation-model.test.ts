/**
 * The manifest model, edge by edge: where invalid JSON is reported, which texts count as manifests, what an entry
 * reads as, which format a manifest is in, and what a manifest registers (issue 10: tests that catch bugs).
 */
import * as assert from 'node:assert/strict';
import { CoreError } from '../../../src/core/errors';
import { detectFormat, isAppManifest, isLikelyManifest, lineColumn, manifestRegistration, parseJsonTree, parseManifest } from '../../../src/core/manifest/model';

const invalidJson = (pattern: RegExp) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_INVALID_JSON' && pattern.test(e.message);

describe('manifest model: positions and invalid JSON', () => {
	it('lineColumn counts lines from 1 and columns from 1, LF only as a line break', () => {
		const text = 'ab\ncd\n\nef';
		assert.deepEqual(lineColumn(text, 0), { line: 1, column: 1 });
		assert.deepEqual(lineColumn(text, 1), { line: 1, column: 2 });
		assert.deepEqual(lineColumn(text, 2), { line: 1, column: 3 });
		assert.deepEqual(lineColumn(text, 3), { line: 2, column: 1 });
		assert.deepEqual(lineColumn(text, 6), { line: 3, column: 1 });
		assert.deepEqual(lineColumn(text, 8), { line: 4, column: 2 });
		assert.deepEqual(lineColumn('a\r\nb', 3), { line: 2, column: 1 });
		// an offset past the end counts the lines of the text only
		assert.deepEqual(lineColumn('a\nb', 10), { line: 2, column: 9 });
	});

	it('names the file, the line and column and the parser\'s error; "the manifest" without a name', () => {
		assert.throws(() => parseJsonTree('{\n  "a": 1,\n  "b" 2\n}', 'app.json'), invalidJson(/^'app\.json' is not valid JSON at line 3, column 7 \(ColonExpected\); fix the JSON there first\.$/));
		assert.throws(() => parseJsonTree('{"a": }'), invalidJson(/^'the manifest' is not valid JSON at line 1, column 7 \(ValueExpected\)/));
		assert.throws(() => parseManifest('{"a": }'), invalidJson(/^'the manifest' is not valid JSON/));
	});

	it('trailing commas are refused (Entra refuses them too); comments are read', () => {
		assert.throws(() => parseJsonTree('{"appId": "x",}', 'm.json'), invalidJson(/line 1, column 15/));
		assert.equal(parseManifest('// c\n{"appId": /* id */ "x"}').appId, 'x');
	});

	it('an empty or blank text is refused where the value was expected', () => {
		for (const [text, where] of [['', 'line 1, column 1'], ['   ', 'line 1, column 4'], ['// only a comment\n', 'line 2, column 1']]) {
			assert.throws(() => parseJsonTree(text, 'e.json'), invalidJson(new RegExp(`^'e\\.json' is not valid JSON at ${where} \\(`)), JSON.stringify(text));
		}
	});

	it('a BOM is skipped and offsets stay those of the text', () => {
		const text = '\uFEFF{"appId": "x"}';
		const root = parseJsonTree(text);
		assert.equal(root.offset, 1);
		assert.equal(root.length, text.length - 1);
		assert.equal(parseManifest(text).appId, 'x');
		assert.throws(() => parseJsonTree('\uFEFF{"a" 1}'), invalidJson(/line 1, column 7/));
	});

	it('a root that is not an object is refused with ERR_MANIFEST_SHAPE', () => {
		for (const text of ['[]', '"x"', '1']) {
			assert.throws(() => parseManifest(text, 'a.json'), (e: unknown) => e instanceof CoreError && e.code === 'ERR_MANIFEST_SHAPE' && /^'a\.json' is not a JSON object/.test(e.message));
		}
		assert.throws(() => parseManifest('[]'), (e: unknown) => e instanceof CoreError && /^'The manifest' is not a JSON object/.test(e.message));
	});
});

describe('manifest model: which texts are manifests', () => {
	it('isLikelyManifest: an object with appId or keyCredentials at its top level, after any comments', () => {
		assert.equal(isLikelyManifest('{"appId": "x"}'), true);
		assert.equal(isLikelyManifest('{"keyCredentials": []}'), true);
		assert.equal(isLikelyManifest('  // exported\n  /* by az */ {"appId": "x"}'), true);
		assert.equal(isLikelyManifest('/* a\n b */\n{"keyCredentials" : []}'), true);
		assert.equal(isLikelyManifest('/* x */{"appId": "x"}'), true);
		assert.equal(isLikelyManifest('/* x */\n\n{"appId": "x"}'), true);
		assert.equal(isLikelyManifest('// a\n\t\t{"appId": "x"}'), true);
		assert.equal(isLikelyManifest('{"appId" : "x"}'), true);
		assert.equal(isLikelyManifest('{"appId"\t:\t"x"}'), true);
		// mentioned, but not at the top level
		assert.equal(isLikelyManifest('{"app": {"appId": "x"}}'), false);
		// an array, or text before the object
		assert.equal(isLikelyManifest('[{"appId": "x"}]'), false);
		assert.equal(isLikelyManifest('x {"appId": "x"}'), false);
		// the key must be a key
		assert.equal(isLikelyManifest('{"name": "appId"}'), false);
		// invalid JSON is no manifest (and no error)
		assert.equal(isLikelyManifest('{"appId": "x",}'), false);
		assert.equal(isLikelyManifest('{"appId": '), false);
	});

	it('isLikelyManifest: federated credentials count only when the text starts like JSON', () => {
		const rec = '{"name":"gh","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:pull_request","audiences":["api://AzureADTokenExchange"]}';
		assert.equal(isLikelyManifest(`[${rec}]`), true);
		assert.equal(isLikelyManifest(`// list\n[${rec}]`), true);
		assert.equal(isLikelyManifest(`/* list */ [${rec}]`), true);
		assert.equal(isLikelyManifest(`\n  [${rec}]`), true);
		assert.equal(isLikelyManifest(`// list\n  [${rec}]`), true);
		assert.equal(isLikelyManifest(`/* list */[${rec}]`), true);
		assert.equal(isLikelyManifest(`/* list */\n\n[${rec}]`), true);
		assert.equal(isLikelyManifest(`x [${rec}]`), false);
	});

	it('isAppManifest: appId or keyCredentials at the top level of a valid object; a federated export alone is not one', () => {
		assert.equal(isAppManifest('{"appId": "x"}'), true);
		assert.equal(isAppManifest('{"keyCredentials": []}'), true);
		assert.equal(isAppManifest('{"app": {"appId": "x"}}'), false);
		assert.equal(isAppManifest('[{"appId": "x"}]'), false);
		assert.equal(isAppManifest('{"name": "appId"}'), false);
		assert.equal(isAppManifest('{"appId": "x",}'), false);
		assert.equal(isAppManifest('[{"name":"gh","issuer":"https://token.actions.githubusercontent.com","subject":"repo:o/r:pull_request","audiences":["api://AzureADTokenExchange"]}]'), false);
	});
});

describe('manifest model: entries', () => {
	it('reads each field of a Graph entry and of a legacy entry, with the value offsets', () => {
		const text = '{"keyCredentials":[{"customKeyIdentifier":"Q0tJ","displayName":"CN=a","endDateTime":"2027-01-01T00:00:00Z","key":"AAAA","keyId":"k1","startDateTime":"2026-01-01T00:00:00Z","type":"AsymmetricX509Cert","usage":"Verify"},'
			+ '{"customKeyIdentifier":null,"endDate":"2028-01-01T00:00:00Z","keyId":"k2","startDate":"2027-01-01T00:00:00Z","type":"AsymmetricX509Cert","usage":"Verify","value":"BBBB"}]}';
		const [g, l] = parseManifest(text).keyCredentials;
		assert.deepEqual({ ...g, valueRanges: undefined }, {
			index: 0, keyId: 'k1', customKeyIdentifier: 'Q0tJ', displayName: 'CN=a', start: '2026-01-01T00:00:00Z', end: '2027-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify', certificateBase64: 'AAAA',
			offset: text.indexOf('{"customKeyIdentifier":"Q0tJ"'), length: text.indexOf(',{"customKeyIdentifier":null') - text.indexOf('{"customKeyIdentifier":"Q0tJ"'), valueRanges: undefined,
		});
		assert.equal(l.index, 1);
		assert.equal(l.customKeyIdentifier, null);
		assert.equal(l.displayName, undefined);
		assert.equal(l.start, '2027-01-01T00:00:00Z');
		assert.equal(l.end, '2028-01-01T00:00:00Z');
		assert.equal(l.certificateBase64, 'BBBB');
		for (const [r, name, raw] of [[g, 'key', '"AAAA"'], [g, 'keyId', '"k1"'], [l, 'value', '"BBBB"'], [l, 'customKeyIdentifier', 'null']] as const) {
			const at = r.valueRanges[name];
			assert.equal(text.slice(at.offset, at.offset + at.length), raw, name);
		}
		assert.deepEqual(Object.keys(l.valueRanges), ['customKeyIdentifier', 'endDate', 'keyId', 'startDate', 'type', 'usage', 'value']);
	});

	it('a value of the wrong type reads as absent; null reads as null where the field may be null', () => {
		const [e] = parseManifest('{"keyCredentials":[{"keyId":7,"customKeyIdentifier":null,"displayName":null,"key":null,"startDateTime":1,"type":true,"usage":["Verify"]}]}').keyCredentials;
		assert.equal(e.keyId, undefined);
		assert.equal(e.customKeyIdentifier, null);
		assert.equal(e.displayName, null);
		assert.equal(e.start, undefined);
		assert.equal(e.type, undefined);
		assert.equal(e.usage, undefined);
		const [n] = parseManifest('{"keyCredentials":[{"customKeyIdentifier":5,"displayName":5,"value":5}]}').keyCredentials;
		assert.equal(n.customKeyIdentifier, undefined);
		assert.equal(n.displayName, undefined);
		assert.equal(n.certificateBase64, undefined);
	});

	it('items that are not objects are skipped but keep their place in the numbering', () => {
		const m = parseManifest('{"keyCredentials":["x",null,{"keyId":"k"}]}');
		assert.equal(m.keyCredentials.length, 1);
		assert.equal(m.keyCredentials[0].index, 2);
		assert.deepEqual(parseManifest('{"keyCredentials":{"keyId":"k"}}').keyCredentials, []);
	});

	it('appId and displayName of the app, strings only', () => {
		const m = parseManifest('{"appId":"a-1","displayName":"orders","keyCredentials":[{"displayName":"entry"}]}');
		assert.equal(m.appId, 'a-1');
		assert.equal(m.displayName, 'orders');
		const n = parseManifest('{"appId":1,"displayName":null}');
		assert.equal(n.appId, undefined);
		assert.equal(n.displayName, undefined);
	});
});

describe('manifest model: format', () => {
	const fmt = (text: string) => detectFormat(parseJsonTree(text));

	it('by the first entry that tells: key/startDateTime/endDateTime for Graph, value/startDate/endDate for legacy', () => {
		for (const field of ['key', 'startDateTime', 'endDateTime']) {
			assert.equal(fmt(`{"oauth2Permissions":[],"keyCredentials":[{"${field}":"x"}]}`), 'graph', field);
		}
		for (const field of ['value', 'startDate', 'endDate']) {
			assert.equal(fmt(`{"web":{},"keyCredentials":[{"${field}":"x"}]}`), 'aadgraph', field);
		}
		assert.equal(fmt('{"keyCredentials":["x",{"keyId":"k"},{"value":"v"},{"key":"k"}]}'), 'aadgraph');
		assert.equal(fmt('{"oauth2Permissions":[],"keyCredentials":[{"keyId":"k"},{"key":"k"}]}'), 'graph', 'an entry with neither kind of field does not decide');
	});

	it('else by top-level keys only the legacy format has, then those only Graph has; Graph by default', () => {
		for (const key of ['oauth2Permissions', 'replyUrlsWithType', 'oauth2AllowImplicitFlow', 'availableToOtherTenants', 'knownClientApplications', 'oauth2AllowIdTokenImplicitFlow']) {
			assert.equal(fmt(`{"web":{},"${key}":[]}`), 'aadgraph', key);
		}
		assert.equal(fmt('{"keyCredentials":[{"keyId":"k"}],"replyUrlsWithType":[]}'), 'aadgraph');
		assert.equal(fmt('{"api":{}}'), 'graph');
		assert.equal(fmt('{}'), 'graph');
		assert.equal(fmt('{"app":{"oauth2Permissions":[]}}'), 'graph');
	});
});

describe('manifestRegistration', () => {
	it('Graph format: identifier URIs, enabled scopes and roles, redirect URIs of web, spa and publicClient, secrets', () => {
		const reg = manifestRegistration({
			identifierUris: ['api://orders', ' api://orders2 ', '', 7],
			api: { oauth2PermissionScopes: [{ id: 's1', value: 'Orders.Read' }, { id: 's2', value: 'Orders.Off', isEnabled: false }, { id: 's3' }, 'x', null] },
			appRoles: [{ id: 'r1', value: 'Admin', allowedMemberTypes: ['User', 3, ' Application '] }, { id: 'r2', value: 'Old', isEnabled: false }, { id: 'r3', value: '' }],
			web: { redirectUris: ['https://a/cb', 'https://a/cb'] },
			spa: { redirectUris: ['https://b/'] },
			publicClient: { redirectUris: ['http://localhost'] },
			passwordCredentials: [{ secretText: 's3cr3t' }, { hint: 'no' }, 'x'],
		});
		assert.deepEqual(reg, {
			identifierUris: ['api://orders', 'api://orders2'],
			scopes: [{ id: 's1', value: 'Orders.Read' }],
			appRoles: [{ id: 'r1', value: 'Admin', allowedMemberTypes: ['User', 'Application'] }],
			redirectUris: ['https://a/cb', 'https://b/', 'http://localhost'],
			secretTexts: ['s3cr3t'],
		});
	});

	it('legacy format: oauth2Permissions, replyUrlsWithType[].url and replyUrls', () => {
		const reg = manifestRegistration({
			oauth2Permissions: [{ id: 'p1', value: 'user_impersonation' }, { id: 'p2', value: 'off', isEnabled: false }],
			replyUrlsWithType: [{ url: 'https://c/cb', type: 'Web' }, { type: 'Web' }, 'x'],
			replyUrls: ['https://d/', 'https://c/cb'],
		});
		assert.deepEqual(reg.scopes, [{ id: 'p1', value: 'user_impersonation' }]);
		assert.deepEqual(reg.redirectUris, ['https://c/cb', 'https://d/']);
	});

	it('Graph scopes win over oauth2Permissions when both are there; a scope without an id keeps an empty id', () => {
		assert.deepEqual(manifestRegistration({ api: { oauth2PermissionScopes: [{ value: 'A' }] }, oauth2Permissions: [{ id: 'p', value: 'B' }] }).scopes, [{ id: '', value: 'A' }]);
		assert.deepEqual(manifestRegistration({ api: { oauth2PermissionScopes: 'no' }, oauth2Permissions: [{ id: 'p', value: 'B' }] }).scopes, [{ id: 'p', value: 'B' }]);
		assert.deepEqual(manifestRegistration({ appRoles: [{ value: 'R' }] }).appRoles, [{ id: '', value: 'R', allowedMemberTypes: [] }]);
	});

	it('anything that is not an object registers nothing', () => {
		const none = { identifierUris: [], scopes: [], appRoles: [], redirectUris: [], secretTexts: [] };
		for (const v of [null, undefined, 'x', 3, [{ identifierUris: ['api://x'] }]]) {
			assert.deepEqual(manifestRegistration(v), none, JSON.stringify(v));
		}
		assert.deepEqual(manifestRegistration({ api: [], web: ['https://x/'], spa: null, identifierUris: 'api://x', appRoles: {}, passwordCredentials: {} }), none);
		assert.deepEqual(manifestRegistration({ api: { oauth2PermissionScopes: [[{ value: 'A' }]] } }).scopes, []);
		assert.deepEqual(manifestRegistration({ identifierUris: ['  ', '\t'], replyUrls: [' '] }), none, 'blank strings are no URIs');
	});
});
