/**
 * focusText at its limits: the size threshold, the lines kept around each interesting line (3 either side, as
 * focus.ts states), lines at the very start and end of a log, overlapping windows, which words make a line
 * interesting, and the cap on what is kept. The logs are built here from plain request lines.
 */
import * as assert from 'node:assert/strict';
import { FOCUS_THRESHOLD, focusText } from '../../../src/core/diagnose/focus';

const plain = (i: number) => `2026-11-29T10:00:00Z INFO GET /api/orders 200 12ms #${i}`;
/** A log of `n` plain lines with the given lines replaced, joined with \n (no newline at the end). */
const logOf = (n: number, replace: Record<number, string> = {}) => Array.from({ length: n }, (_, i) => replace[i] ?? plain(i)).join('\n');
const N = 8000; // 8,000 lines of about 52 characters: well above the threshold
const linesOf = (t: string) => t.split('\n').filter((l) => l !== '');

describe('diagnose focus: limits', () => {
	it('a text of exactly the threshold is read whole; one character more is focused', () => {
		const at = 'a\n'.repeat(FOCUS_THRESHOLD / 2);
		assert.equal(at.length, FOCUS_THRESHOLD);
		assert.deepEqual(focusText(`${at.slice(0, -6)}error\n`), { text: `${at.slice(0, -6)}error\n`, focused: false });
		const f = focusText(`${at}AADSTS700027 failed`);
		assert.deepEqual(f, { text: 'a\na\na\nAADSTS700027 failed', focused: true });
		assert.ok(FOCUS_THRESHOLD >= 100_000 && FOCUS_THRESHOLD <= 1_000_000, 'a pasted log of a few hundred KB is read whole');
	});

	it('a large text with nothing interesting keeps its first threshold characters', () => {
		const text = logOf(N);
		assert.ok(text.length > FOCUS_THRESHOLD);
		const f = focusText(text);
		assert.equal(f.focused, true);
		assert.equal(f.text, text.slice(0, FOCUS_THRESHOLD));
	});

	it('keeps the three lines before and after an interesting line, and nothing else', () => {
		const text = logOf(N, { 4000: 'AADSTS700027: Client assertion failed signature validation.' });
		const f = focusText(text);
		assert.equal(f.focused, true);
		const want = [3997, 3998, 3999].map(plain).concat('AADSTS700027: Client assertion failed signature validation.', ...[4001, 4002, 4003].map(plain));
		assert.deepEqual(linesOf(f.text), want);
	});

	it('an interesting first line and an interesting last line (no newline after it) are kept with their context', () => {
		const first = logOf(N, { 0: 'Exception in thread main' });
		assert.deepEqual(linesOf(focusText(first).text), ['Exception in thread main', plain(1), plain(2), plain(3)]);
		const last = logOf(N, { [N - 1]: 'invalid_client' });
		const f = focusText(last);
		assert.deepEqual(linesOf(f.text), [plain(N - 4), plain(N - 3), plain(N - 2), 'invalid_client']);
		assert.ok(f.text.endsWith('invalid_client'));
		const second = logOf(N, { 1: 'denied' });
		assert.deepEqual(linesOf(focusText(second).text), [plain(0), 'denied', plain(2), plain(3), plain(4)]);
	});

	it('overlapping windows are merged: every line once, in the order of the log', () => {
		const text = logOf(N, { 100: 'error one', 103: 'error two', 5000: 'error three' });
		const got = linesOf(focusText(text).text);
		const want = [97, 98, 99, 100, 101, 102, 103, 104, 105, 106].map((i) => (i === 100 ? 'error one' : i === 103 ? 'error two' : plain(i)));
		want.push(...[4997, 4998, 4999].map(plain), 'error three', ...[5001, 5002, 5003].map(plain));
		assert.deepEqual(got, want);
		// the same with the windows touching exactly (7 lines apart)
		const touching = linesOf(focusText(logOf(N, { 100: 'error one', 107: 'error two' })).text);
		assert.deepEqual(touching, Array.from({ length: 14 }, (_, k) => 97 + k).map((i) => (i === 100 ? 'error one' : i === 107 ? 'error two' : plain(i))));
	});

	it('a failure line kept first still comes out in the order of the log', () => {
		const got = linesOf(focusText(logOf(N, { 1000: 'token cache lookup', 5000: 'error: refused' })).text);
		assert.ok(got.indexOf('token cache lookup') >= 0 && got.indexOf('token cache lookup') < got.indexOf('error: refused'), got.join('|'));
	});

	it('two hits on one line keep that line once', () => {
		const text = logOf(N, { 2000: 'error: token invalid, assertion failed' });
		assert.equal(linesOf(focusText(text).text).filter((l) => l.startsWith('error:')).length, 1);
	});

	it('each kind of word that carries a diagnosis makes its line interesting', () => {
		const words = [
			'AADSTS50012', 'an Error', 'NullPointerException', 'it failed', 'invalid_grant', 'access denied', 'Unauthorized', 'unauthorised', 'Forbidden', 'connection refused',
			'IDX10214', 'IDW10201', 'certificate', 'the private key', '-----BEGIN CERTIFICATE-----', 'key.pem here', 'cert.pfx', 'PKCS#12', 'Keyset does not exist',
			'password', 'client secret', 'token', 'client assertion', 'grant_type', 'client_id', 'scope', 'tenant', 'authority', 'redirect_uri', 'thumbprint', 'consent',
			'eyJhbGciOi', 'Trace ID: 1', 'Correlation ID: 2', 'federated', 'issuer', 'audience', 'OpenSSL', 'CryptographicException', 'x5t', 'login.microsoftonline.com', '/oauth2/v2.0/token',
		];
		for (const w of words) {
			const line = `10:00 ${w} end`;
			// line 7000 lies beyond the first threshold characters, so only being interesting keeps it
			const f = focusText(logOf(N, { 7000: line }));
			assert.ok(linesOf(f.text).includes(line), w);
			assert.ok(f.text.length < 2000, w);
		}
	});

	it('words merely containing a short keyword are not interesting', () => {
		for (const line of ['10:00 pemmican', '10:00 IDX', '10:00 IDWx', '10:00 BEGINNER']) {
			const f = focusText(logOf(N, { 3000: line }));
			assert.equal(f.text, logOf(N, { 3000: line }).slice(0, FOCUS_THRESHOLD), line);
		}
	});

	it('when the interesting lines exceed the threshold, the failures are kept and the size stays within it', () => {
		// every line mentions a token (weak); a few name a failure (strong) and come last in the log
		const weak = (i: number) => `DEBUG token cache lookup for scope https://graph.microsoft.com/.default, request #${i}`;
		const lines = Array.from({ length: 12000 }, (_, i) => weak(i));
		const strong = ['AADSTS7000215: Invalid client secret provided.', 'IDX10214: Audience validation failed.', 'IDW10201: Neither scope nor roles claim was found.', 'MsalServiceException: boom', 'request failed with 401', 'access denied for app', '-----BEGIN PRIVATE KEY----- missing', 'eyJhbGciOiJSUzI1NiJ9 rejected'];
		strong.forEach((s, k) => {
			lines[11000 + k * 100] = s;
		});
		const text = lines.join('\n');
		const f = focusText(text);
		assert.ok(f.text.length <= FOCUS_THRESHOLD, `${f.text.length}`);
		for (const s of strong) {
			assert.ok(f.text.includes(s), s);
		}
	});

	it('a single interesting line longer than the threshold is cut at the threshold', () => {
		const long = `error ${'x'.repeat(FOCUS_THRESHOLD + 5000)}`;
		const f = focusText(`${plain(0)}\n${long}\n${plain(2)}`);
		assert.equal(f.focused, true);
		assert.equal(f.text.length, FOCUS_THRESHOLD);
		assert.ok(f.text.startsWith(`${plain(0)}\nerror x`));
	});
});

describe('diagnose focus: what counts toward the cap', () => {
	/** A weak line (it mentions a token, names no failure); 12,000 of them are far above the threshold. */
	const weak = (i: number) => `DEBUG token cache lookup for scope https://graph.microsoft.com/.default, request #${i}`;
	const weakLog = (n: number, replace: Record<number, string> = {}) => Array.from({ length: n }, (_, i) => replace[i] ?? weak(i)).join('\n');

	it('a line that repeats a keyword counts once: it does not crowd out a failure elsewhere', () => {
		// one line says "error" 2,000 times; another, far away, names the failure that matters
		const noisy = `retry ${'error '.repeat(2000)}`;
		const text = logOf(N, { 1000: noisy, 6000: 'AADSTS700027: Client assertion failed signature validation.' });
		const f = focusText(text);
		const got = linesOf(f.text);
		assert.ok(got.includes(noisy));
		assert.ok(got.includes('AADSTS700027: Client assertion failed signature validation.'), 'the second failure is kept');
		assert.equal(got.length, 14, 'two windows of seven lines');
	});

	it('a failure on the last line (no newline after it) is kept first, like any other failure', () => {
		const text = `${weakLog(12000)}\nthe request was denied`;
		assert.ok(text.length > 2 * FOCUS_THRESHOLD);
		const f = focusText(text);
		assert.ok(f.text.length <= FOCUS_THRESHOLD);
		assert.ok(f.text.endsWith('\nthe request was denied'), f.text.slice(-200));
	});

	it('each word that names a failure puts its line first, alone', () => {
		for (const line of ['AADSTS50012 seen', 'IDX10214 seen', 'IDW10201 seen', 'an Error here', 'SomeException here', 'it Failed here', 'Denied here', '-----BEGIN CERTIFICATE-----', 'eyJhbGciOi here']) {
			const text = `${weakLog(12000)}\n${line}\n${weak(12001)}`;
			const f = focusText(text);
			assert.ok(linesOf(f.text).includes(line), line);
		}
	});

	it('a line after a long failure line is cut so that the total stays within the threshold', () => {
		const long1 = `error one ${'x'.repeat(200_000)}`;
		const long2 = `error two ${'y'.repeat(200_000)}`;
		const text = `${plain(0)}\n${long1}\n${plain(2)}\n${plain(3)}\n${plain(4)}\n${plain(5)}\n${plain(6)}\n${plain(7)}\n${plain(8)}\n${long2}\n${plain(10)}`;
		const f = focusText(text);
		assert.equal(f.focused, true);
		assert.equal(f.text.length, FOCUS_THRESHOLD);
		assert.ok(f.text.startsWith(`${plain(0)}\n${long1}\n`));
		assert.ok(f.text.includes('\nerror two yyy'), 'the second failure is kept, cut');
	});

	it('a window that lies inside one kept before it does not make later lines repeat', () => {
		// line 1 names a failure (kept first), line 0 only mentions a token: line 0's window lies inside line 1's
		const text = logOf(N, { 0: 'token cache miss', 1: 'error: refused', 5: 'token cache hit' });
		const got = linesOf(focusText(text).text);
		assert.deepEqual(got, ['token cache miss', 'error: refused', plain(2), plain(3), plain(4), 'token cache hit', plain(6), plain(7), plain(8)]);
	});
});
