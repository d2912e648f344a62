/**
 * The core's error type and the order findings are shown in (measured with the jwt folder: errors.ts and findings.ts
 * sit in src/core beside it). Adapters switch on `code` and show `message` as is; the editor and the CLI list
 * findings errors first, in the order the rules produced them otherwise.
 */
import * as assert from 'node:assert/strict';
import { CoreError, isCoreError } from '../../../src/core/errors';
import { sortFindings, type Finding } from '../../../src/core/findings';

const f = (severity: Finding['severity'], code: string): Finding => ({ severity, code, message: code, fix: '' });

describe('core errors', () => {
	it('carry their code, message, name and cause', () => {
		const cause = new Error('inner');
		const e = new CoreError('ERR_PEM_MALFORMED', 'The block is cut off.', { cause });
		assert.equal(e.code, 'ERR_PEM_MALFORMED');
		assert.equal(e.message, 'The block is cut off.');
		assert.equal(e.name, 'CoreError');
		assert.equal(e.cause, cause);
		assert.ok(e instanceof Error);
		assert.match(String(e), /^CoreError: The block is cut off\.$/);
		assert.equal(new CoreError('ERR_FILE', 'x').cause, undefined);
	});
	it('isCoreError tells them from other errors', () => {
		assert.equal(isCoreError(new CoreError('ERR_FILE', 'x')), true);
		assert.equal(isCoreError(new Error('x')), false);
		assert.equal(isCoreError({ code: 'ERR_FILE', message: 'x', name: 'CoreError' }), false);
		assert.equal(isCoreError(undefined), false);
	});
});

describe('core findings: sort order', () => {
	it('errors, then warnings, then info; each group in its original order', () => {
		const input = [f('info', 'i1'), f('warning', 'w1'), f('error', 'e1'), f('info', 'i2'), f('error', 'e2'), f('warning', 'w2')];
		assert.deepEqual(sortFindings(input).map((x) => x.code), ['e1', 'e2', 'w1', 'w2', 'i1', 'i2']);
		// the input is not reordered in place
		assert.deepEqual(input.map((x) => x.code), ['i1', 'w1', 'e1', 'i2', 'e2', 'w2']);
	});
	it('an already sorted list, one finding, none', () => {
		assert.deepEqual(sortFindings([f('error', 'a'), f('warning', 'b'), f('info', 'c')]).map((x) => x.code), ['a', 'b', 'c']);
		assert.deepEqual(sortFindings([f('info', 'a')]).map((x) => x.code), ['a']);
		assert.deepEqual(sortFindings([]), []);
	});
	it('many findings of one severity keep their order (a stable sort)', () => {
		const many = Array.from({ length: 50 }, (_, i) => f(i % 2 ? 'warning' : 'info', String(i)));
		const sorted = sortFindings(many).map((x) => Number(x.code));
		assert.deepEqual(sorted, [...many.filter((_, i) => i % 2).map((x) => Number(x.code)), ...many.filter((_, i) => !(i % 2)).map((x) => Number(x.code))]);
	});
});
