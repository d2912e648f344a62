/**
 * Large logs: diagnose reads the lines that can carry what it explains. The error deep inside a 5 MB log is found,
 * also when most lines mention tokens, and gives the same codes as the error pasted alone.
 */
import * as assert from 'node:assert/strict';
import { diagnose } from '../../../src/core/diagnose';
import { FOCUS_THRESHOLD, focusText } from '../../../src/core/diagnose/focus';

const ERROR = "ERROR AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '3837423541424344454630313233343536373839414243444546303132333435']";
const now = new Date('2026-11-29T12:00:00Z');
const log = (lineText: string, mb: number, at: number) => {
	const n = Math.ceil((mb * 1024 * 1024) / (lineText.length + 1));
	const lines = Array.from({ length: n }, (_, i) => `${lineText} #${i}`);
	lines[Math.floor(n * at)] = ERROR;
	return lines.join('\n');
};

describe('diagnose: large logs', () => {
	it('a small text is read whole', () => {
		const t = 'x\n'.repeat(1000);
		assert.deepEqual(focusText(t), { text: t, focused: false });
	});

	it('a 5 MB log is cut to its interesting lines, with context, in order', () => {
		const text = log('2026-11-29T10:00:00Z INFO GET /api/orders 200 12ms', 5, 0.7);
		const f = focusText(text);
		assert.ok(f.focused);
		assert.ok(f.text.length < 4096, `${f.text.length} characters kept`);
		assert.ok(f.text.includes(ERROR));
		assert.ok(text.includes(f.text.split('\n')[0]), 'the kept lines are lines of the input');
	});

	it('when most lines mention tokens, the line that names the failure is kept first', () => {
		const text = log('DEBUG token cache hit for scope https://graph.microsoft.com/.default', 5, 0.95);
		const f = focusText(text);
		assert.ok(f.text.length <= FOCUS_THRESHOLD);
		assert.ok(f.text.includes(ERROR));
	});

	it('gives the same codes as the error line pasted alone', () => {
		const alone = diagnose(ERROR, { now }).findings.map((x) => x.code);
		const inLog = diagnose(log('2026-11-29T10:00:00Z INFO request handled', 5, 0.5), { now });
		assert.equal(inLog.kind, 'error');
		assert.deepEqual(inLog.findings.map((x) => x.code), alone);
		assert.ok(inLog.findings.every((x) => x.range === undefined));
	});
});
