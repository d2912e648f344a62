import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeJwt, findJwtAt, findJwts, stripTokenDecorations, JWT_WINDOW } from '../../../src/core/jwt/decode';
import { explainClaim, explainToken } from '../../../src/core/jwt/claims';
import { CoreError } from '../../../src/core/errors';

const b64 = (v: unknown): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const H = b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
const P = b64({ aud: 'api://x', sub: 'u', exp: 1 });
const TOKEN = `${H}.${P}.c2lnbmF0dXJl`;
const JWE = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVka2V5.aXZpdml2.Y2lwaGVy.dGFn`;

describe('jwt/findJwts', () => {
	const cases: { name: string; text: string; want: { token: string; kind: 'jws' | 'jwe' }[] }[] = [
		{ name: 'bare token', text: TOKEN, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'Bearer prefix', text: `Authorization: Bearer ${TOKEN}`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'double-quoted', text: `"${TOKEN}"`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'single-quoted', text: `token = '${TOKEN}';`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'JSON response', text: `{"token_type":"Bearer","expires_in":3599,"access_token":"${TOKEN}","id_token":"${TOKEN}"}`, want: [{ token: TOKEN, kind: 'jws' }, { token: TOKEN, kind: 'jws' }] },
		{ name: 'URL fragment', text: `https://app/cb#access_token=${TOKEN}&token_type=Bearer&expires_in=3599`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'URL query', text: `https://app/cb?code=abc&id_token=${TOKEN}`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'sentence with full stop', text: `The token is ${TOKEN}. Please check.`, want: [{ token: TOKEN, kind: 'jws' }] },
		{ name: 'JWE', text: `x ${JWE} y`, want: [{ token: JWE, kind: 'jwe' }] },
		{ name: 'unsigned (empty signature)', text: `${b64({ alg: 'none' })}.${P}.`, want: [{ token: `${b64({ alg: 'none' })}.${P}.`, kind: 'jws' }] },
		{ name: 'host names are not tokens', text: 'see login.microsoftonline.com and a.b.c and 1.2.3', want: [] },
		{ name: 'header without alg', text: `${b64({ typ: 'JWT' })}.${P}.c2ln`, want: [] },
		{ name: 'truncated (2 parts)', text: `${H}.${P}`, want: [] },
		{ name: 'empty', text: '', want: [] },
	];
	for (const c of cases) {
		it(c.name, () => {
			const got = findJwts(c.text);
			assert.deepEqual(got.map((f) => ({ token: f.token, kind: f.kind })), c.want);
			for (const f of got) {
				assert.equal(c.text.slice(f.start, f.end), f.token);
			}
		});
	}
});

describe('jwt/findJwtAt', () => {
	it('finds the token under the cursor and nothing outside it', () => {
		const line = `const a = "${TOKEN}"; const b = 1;`;
		const start = line.indexOf(TOKEN);
		assert.equal(findJwtAt(line, start)?.token, TOKEN);
		assert.equal(findJwtAt(line, start + 10)?.start, start);
		assert.equal(findJwtAt(line, start + TOKEN.length)?.end, start + TOKEN.length);
		assert.equal(findJwtAt(line, 2), undefined);
		assert.equal(findJwtAt(line, line.length - 1), undefined);
		assert.equal(findJwtAt(line, -1), undefined);
	});
	it('only looks at a window around the cursor on a huge line', () => {
		const filler = 'x '.repeat(2_000_000);
		const line = `${filler}${TOKEN} ${filler}`;
		const at = filler.length + 5;
		const t0 = Date.now();
		const f = findJwtAt(line, at);
		assert.ok(Date.now() - t0 < 200, 'bounded cost');
		assert.deepEqual(f && { start: f.start, token: f.token }, { start: filler.length, token: TOKEN });
	});
	it('is linear on long runs without spaces (no regex backtracking)', () => {
		for (const text of ['a'.repeat(1_000_000), '.'.repeat(1_000_000), 'ab.'.repeat(300_000), `${'eyJ'.repeat(300_000)}.${'x'.repeat(1000)}`]) {
			const t0 = Date.now();
			findJwts(text);
			findJwtAt(text, text.length >> 1);
			assert.ok(Date.now() - t0 < 500, `took ${Date.now() - t0} ms`);
		}
	});
	it('does not return a token cut by the window edge', () => {
		// A "token" longer than the window: its header alone is longer than JWT_WINDOW.
		const bigHeader = b64({ alg: 'RS256', pad: 'p'.repeat(JWT_WINDOW * 2) });
		const line = `${'y '.repeat(JWT_WINDOW)}${bigHeader}.${P}.c2ln`;
		assert.equal(findJwtAt(line, line.length - 3), undefined);
	});
});

describe('jwt/decodeJwt', () => {
	it('decodes header, payload and keeps the signature segment', () => {
		const d = decodeJwt(TOKEN);
		assert.deepEqual(d.header, { alg: 'RS256', typ: 'JWT', kid: 'k1' });
		assert.deepEqual(d.payload, { aud: 'api://x', sub: 'u', exp: 1 });
		assert.equal(d.signature, 'c2lnbmF0dXJl');
		assert.deepEqual(d.segments, TOKEN.split('.'));
		assert.equal(d.token, TOKEN);
	});
	const ok = [`Bearer ${TOKEN}`, `bearer   ${TOKEN}`, `"${TOKEN}"`, `'Bearer ${TOKEN}'`, `  ${TOKEN}\n`, `Authorization: Bearer ${TOKEN}`, `${TOKEN.slice(0, 30)}\n  ${TOKEN.slice(30)}`];
	for (const t of ok) {
		it(`accepts ${JSON.stringify(t.slice(0, 24))}…`, () => {
			assert.equal(decodeJwt(t).token, TOKEN);
			assert.equal(stripTokenDecorations(t), TOKEN);
		});
	}
	const bad: { name: string; text: string; code: string; message: RegExp }[] = [
		{ name: 'truncated to 2 parts', text: `${H}.${P}`, code: 'ERR_JWT_MALFORMED', message: /three parts separated by dots; this has 2 — was it cut off when copied\?/ },
		{ name: 'one part', text: H, code: 'ERR_JWT_MALFORMED', message: /this has 1/ },
		{ name: 'JWE', text: JWE, code: 'ERR_JWT_ENCRYPTED', message: /^This is an encrypted token \(JWE, 5 parts\); only its recipient can read it\.$/ },
		{ name: 'bad base64url payload', text: `${H}.e+J/.c2ln`, code: 'ERR_JWT_MALFORMED', message: /^The token's payload \(part 2\) is not valid base64url/ },
		{ name: 'bad base64url header', text: `${H}=.${P}.c2ln`, code: 'ERR_JWT_MALFORMED', message: /^The token's header \(part 1\) is not valid base64url/ },
		{ name: 'payload not JSON', text: `${H}.${b64('hello')}.c2ln`, code: 'ERR_JWT_MALFORMED', message: /^The token's payload \(part 2\) is not JSON/ },
		{ name: 'header not JSON', text: `${b64('{alg')}.${P}.c2ln`, code: 'ERR_JWT_MALFORMED', message: /^The token's header \(part 1\) is not JSON/ },
		{ name: 'payload JSON array', text: `${H}.${b64([1])}.c2ln`, code: 'ERR_JWT_MALFORMED', message: /payload \(part 2\) is JSON but not an object/ },
		{ name: 'bad signature base64url', text: `${H}.${P}.a*b`, code: 'ERR_JWT_MALFORMED', message: /signature \(part 3\) is not valid base64url/ },
		{ name: 'empty', text: '  ', code: 'ERR_INPUT_EMPTY', message: /empty/ },
	];
	for (const c of bad) {
		it(`rejects: ${c.name}`, () => {
			assert.throws(() => decodeJwt(c.text), (e: unknown) => e instanceof CoreError && e.code === c.code && c.message.test(e.message));
		});
	}
});

describe('jwt properties (fast-check)', () => {
	const onlyCoreErrors = (f: () => void): void => {
		try {
			f();
		} catch (e) {
			if (!(e instanceof CoreError)) {
				throw e;
			}
		}
	};
	const tokenish = fc.oneof(
		fc.string(),
		fc.string({ unit: fc.constantFrom(...'eyJ.abcAB_-0 "=\n'.split('')) }),
		fc.tuple(fc.jsonValue(), fc.jsonValue(), fc.string()).map(([h, p, s]) => `${b64(h)}.${b64(p)}.${s}`),
		fc.tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())).map(([h, p]) => `${b64({ ...h, alg: 'RS256' })}.${b64(p)}.c2ln`),
	);
	it('findJwts returns slices of the text and decodeJwt/explainToken only return results or throw CoreError', () => {
		fc.assert(
			fc.property(tokenish, fc.string(), fc.nat(), (tok, around, pos) => {
				const text = `${around}${tok}${around}`;
				for (const f of findJwts(text)) {
					assert.equal(text.slice(f.start, f.end), f.token);
				}
				const at = findJwtAt(text, pos % (text.length + 1));
				if (at) {
					assert.equal(text.slice(at.start, at.end), at.token);
				}
				onlyCoreErrors(() => {
					const d = decodeJwt(tok);
					const e = explainToken(d, new Date(1_700_000_000_000));
					assert.equal(typeof e.summary, 'string');
				});
			}),
			{ numRuns: 2000 },
		);
	});
	it('explainClaim never throws and gives string meanings, also for prototype names', () => {
		const names = fc.oneof(fc.string(), fc.constantFrom('aud', 'iss', 'tid', 'azp', 'appid', 'amr', 'wids', 'alg', 'x5t', 'x5t#S256', 'x5c', 'exp', 'idtyp', 'azpacr', 'signin_state', 'cnf', 'xms_cc', 'constructor', '__proto__', 'toString'));
		const values = fc.oneof(fc.jsonValue(), fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', ['constructor'], { jkt: 1 }));
		fc.assert(
			fc.property(names, values, fc.constantFrom('header' as const, 'payload' as const), (name, value, where) => {
				const e = explainClaim(name, value, where, new Date(0));
				for (const k of ['meaning', 'valueMeaning'] as const) {
					assert.ok(e[k] === undefined || typeof e[k] === 'string', `${k} of ${name}=${JSON.stringify(value)} is ${typeof e[k]}`);
				}
			}),
			{ numRuns: 3000 },
		);
	});
});
