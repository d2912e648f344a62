/**
 * Finding and decoding JWTs at the edges (written for the mutation run, issue 10): the compact serialisations of
 * RFC 7515 §7.1 (JWS, 3 parts) and RFC 7516 §7.1 (JWE, 5 parts), base64url without padding (RFC 7515 §2, so no
 * part has a length of 4k+1), the JOSE header a JSON object with `alg` (and `enc` for a JWE).
 */
import * as assert from 'node:assert/strict';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, findJwtAt, findJwts, JWT_WINDOW, stripTokenDecorations } from '../../../src/core/jwt/decode';
import { CoreError } from '../../../src/core/errors';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const H = b64({ alg: 'RS256', typ: 'JWT' });
const P = b64({ aud: 'api://x', sub: 'u' });
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const signed = (header: unknown, payload: unknown) => {
	const input = `${b64(header)}.${b64(payload)}`;
	return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
};
const TOKEN = signed({ alg: 'RS256', typ: 'JWT' }, { aud: 'api://x', sub: 'u' });
const spans = (text: string) => findJwts(text).map((f) => [f.start, f.end, f.kind]);
const malformed = (text: RegExp) => (e: unknown) => e instanceof CoreError && e.code === 'ERR_JWT_MALFORMED' && text.test(e.message);

describe('mutation: findJwts at the edges', () => {
	it('dots before a token are not part of it; the offsets point at the token', () => {
		const text = `see ...${TOKEN}`;
		assert.deepEqual(spans(text), [[7, 7 + TOKEN.length, 'jws']]);
		assert.deepEqual(spans(`.${TOKEN}`), [[1, 1 + TOKEN.length, 'jws']]);
	});

	it('a full stop or an ellipsis after a token is not part of it; an unsigned token keeps its own final dot', () => {
		assert.deepEqual(spans(`${TOKEN}...`), [[0, TOKEN.length, 'jws']]);
		const unsigned = `${b64({ alg: 'none' })}.${P}.`;
		assert.deepEqual(findJwts(`${unsigned}. Next`).map((f) => f.token), [unsigned]);
		assert.deepEqual(findJwts(`x ${unsigned}`).map((f) => f.token), [unsigned]);
	});

	it('four or six parts are not a token; five parts are a JWE only with enc in the header', () => {
		assert.deepEqual(spans(`${TOKEN}.abcd`), []);
		assert.deepEqual(spans(`${TOKEN}.abcd.efgh.ijkl`), []);
		const jweBody = 'ZW5jcnlwdGVka2V5.aXZpdml2.Y2lwaGVy.dGFn';
		assert.deepEqual(findJwts(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.${jweBody}`).map((f) => f.kind), ['jwe']);
		assert.deepEqual(findJwts(`${b64({ alg: 'RSA-OAEP' })}.${jweBody}`), [], 'no enc: not a JWE');
		assert.deepEqual(findJwts(`${b64({ alg: 'RSA-OAEP', enc: 1 })}.${jweBody}`), [], 'enc not a string');
	});

	it('a part whose length is 4k+1 is not base64url, so the run is not a token', () => {
		assert.deepEqual(findJwts(`${H}.${P}.c2lnb`), []);
		const payload41 = P + 'A'.repeat((5 - (P.length % 4)) % 4); // length 4k+1
		assert.equal(payload41.length % 4, 1);
		assert.deepEqual(findJwts(`${H}.${payload41}.c2ln`), []);
		const header = b64({ alg: 'RS256' }); // 20 characters
		assert.equal(header.length % 4, 0);
		assert.deepEqual(findJwts(`${header}A.${P}.c2ln`), [], 'the header with one extra character');
	});

	it('a header that is JSON but not an object with a string alg is not a token', () => {
		for (const header of ['null', '[1,2,3]', '"RS256"', '{"alg":5}', '{"typ":"JWT"}', '{"alg":"RS256"']) {
			assert.deepEqual(findJwts(`${b64(header)}.${P}.c2ln`), [], header);
		}
	});

	it('several tokens in one text, each with its own offsets', () => {
		const second = signed({ alg: 'PS256' }, { n: 2 });
		const text = `a=${TOKEN}&b=${second}`;
		const found = findJwts(text);
		assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), [TOKEN, second]);
		assert.deepEqual(found.map((f) => f.token), [TOKEN, second]);
	});
});

describe('mutation: findJwtAt at the window edges', () => {
	// A token longer than the window, so that a cursor JWT_WINDOW past its start puts the window edge exactly on it.
	const long = signed({ alg: 'RS256' }, { pad: 'p'.repeat(Math.ceil(JWT_WINDOW * 0.8)) });
	assert.ok(long.length > JWT_WINDOW && long.length < 2 * JWT_WINDOW);

	it('a token that starts exactly at the left window edge, after a space, is whole and found', () => {
		const line = `x ${long} y`;
		const cursor = 2 + JWT_WINDOW; // window starts at 2, the token's first character
		const f = findJwtAt(line, cursor);
		assert.deepEqual(f && [f.start, f.end], [2, 2 + long.length]);
	});

	it('a token that ends exactly at the right window edge, before a space, is whole and found', () => {
		const line = `x ${long} y`;
		const end = 2 + long.length;
		const cursor = end - JWT_WINDOW; // window ends at the token's end
		const f = findJwtAt(line, cursor);
		assert.deepEqual(f && [f.start, f.end, f.token], [2, end, long]);
	});

	it('a token glued to token characters just outside the window is not whole there, and not returned', () => {
		// left: the window starts on the token's first character, but the run goes on to the left
		assert.equal(findJwtAt(`AAAA${long} y`, 4 + JWT_WINDOW), undefined);
		// right: the window ends on the last character of `long`, but the run (a longer signature) goes on
		const end = 2 + long.length;
		assert.equal(findJwtAt(`x ${long}AAAA y`, end - JWT_WINDOW), undefined);
	});

	it('a window edge inside a neighbouring word does not hide a whole token further in', () => {
		const word = 'w'.repeat(JWT_WINDOW);
		const left = `${word} ${TOKEN}`;
		assert.equal(findJwtAt(left, left.length - 5)?.token, TOKEN, 'the window starts inside the word before');
		const right = `${TOKEN} ${word}`;
		assert.equal(findJwtAt(right, 5)?.token, TOKEN, 'the window ends inside the word after');
	});

	it('a token whose signature runs past the window edge is not returned cut', () => {
		const sig = 'A'.repeat(JWT_WINDOW * 2);
		const token = `${H}.${P}.${sig}`;
		assert.equal(findJwtAt(`${token} y`, 5), undefined);
		assert.equal(findJwtAt(`${token} y`, token.length - 5), undefined, 'nor from its other end');
	});

	it('a token cut by the right window edge is not returned', () => {
		const huge = signed({ alg: 'RS256' }, { pad: 'p'.repeat(JWT_WINDOW * 2) });
		assert.equal(findJwtAt(`${huge} y`, 10), undefined);
	});

	it('the cursor at either end of the token finds it; one past it, or outside the line, does not', () => {
		const line = `ab ${TOKEN} cd`;
		assert.equal(findJwtAt(line, 3)?.token, TOKEN);
		assert.equal(findJwtAt(line, 3 + TOKEN.length)?.token, TOKEN);
		assert.equal(findJwtAt(line, 2), undefined);
		assert.equal(findJwtAt(line, 4 + TOKEN.length), undefined);
		assert.equal(findJwtAt(TOKEN, TOKEN.length)?.token, TOKEN, 'the end of the line is a cursor position');
		assert.equal(findJwtAt(TOKEN, TOKEN.length + 1), undefined);
		assert.equal(findJwtAt(TOKEN, -1), undefined);
	});

	it('a token far to the right of the cursor (outside the window) is not looked at; the one under it is', () => {
		const line = `${TOKEN}${' '.repeat(JWT_WINDOW * 2)}${TOKEN}`;
		const f = findJwtAt(line, line.length - 5);
		assert.equal(f?.start, line.length - TOKEN.length);
		assert.equal(findJwtAt(line, 5)?.start, 0);
		assert.equal(findJwtAt(line, TOKEN.length + JWT_WINDOW), undefined);
	});
});

describe('mutation: stripTokenDecorations and decodeJwt', () => {
	it('strips nested decorations up to three layers, and quotes of each kind', () => {
		for (const q of ['"', "'", '`']) {
			assert.equal(stripTokenDecorations(`${q}${TOKEN}${q}`), TOKEN);
		}
		assert.equal(stripTokenDecorations(`Authorization: "Bearer '${TOKEN}'"`), TOKEN);
		assert.equal(stripTokenDecorations(`AUTHORIZATION:Bearer\t${TOKEN}`), TOKEN);
	});

	it('strips decorations only at the start: a header name or quote inside the text stays', () => {
		assert.equal(stripTokenDecorations('x-authorization: abc'), 'x-authorization: abc');
		assert.equal(stripTokenDecorations('notbearer :abc'), 'notbearer :abc');
		assert.equal(stripTokenDecorations('a"b"a'), 'a"b"a');
		assert.equal(stripTokenDecorations(`Authorization : Bearer ${TOKEN}`), TOKEN);
		assert.equal(stripTokenDecorations(`'"\`Bearer ${TOKEN}\`"'`), TOKEN, 'as many layers as there are');
	});

	it('empty quotes are an empty token', () => {
		assert.throws(() => decodeJwt('""'), (e: unknown) => e instanceof CoreError && e.code === 'ERR_INPUT_EMPTY');
		assert.throws(() => decodeJwt("Bearer ''"), (e: unknown) => e instanceof CoreError && e.code === 'ERR_INPUT_EMPTY');
	});

	it('keeps the decoder error as the cause', () => {
		for (const t of [`${H}.e+J/.c2ln`, `${H}.${b64('hello')}.c2ln`]) {
			assert.throws(() => decodeJwt(t), (e: unknown) => e instanceof CoreError && (e as Error).cause instanceof Error);
		}
	});

	it('leaves unmatched quotes and text that is not token characters alone', () => {
		assert.equal(stripTokenDecorations(`"${TOKEN}'`), `"${TOKEN}'`);
		assert.equal(stripTokenDecorations('"'), '"');
		assert.equal(stripTokenDecorations('a b\nc'), 'abc', 'line-wrapped token characters are joined');
		assert.equal(stripTokenDecorations('a b!c'), 'a b!c', 'not a wrapped token: whitespace kept');
	});

	it('decodes what Node signed, with the exact segments', () => {
		const d = decodeJwt(`  Bearer ${TOKEN}\n`);
		assert.deepEqual(d.header, { alg: 'RS256', typ: 'JWT' });
		assert.deepEqual(d.payload, { aud: 'api://x', sub: 'u' });
		assert.deepEqual(d.segments, TOKEN.split('.'));
		assert.equal(d.signature, TOKEN.split('.')[2]);
	});

	it('names the broken part: header not an object, payload null or a string, 4 parts', () => {
		assert.throws(() => decodeJwt(`${b64([1])}.${P}.c2ln`), malformed(/^The token's header \(part 1\) is JSON but not an object; a JWT's header must be a JSON object\.$/));
		assert.throws(() => decodeJwt(`${H}.${b64('null')}.c2ln`), malformed(/payload \(part 2\) is JSON but not an object/));
		assert.throws(() => decodeJwt(`${H}.${b64('"s"')}.c2ln`), malformed(/payload \(part 2\) is JSON but not an object/));
		assert.throws(() => decodeJwt(`${TOKEN}.x`), malformed(/this has 4/));
	});
});
