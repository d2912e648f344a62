import * as assert from 'node:assert/strict';
import type { Finding } from '../../../src/core/findings';

/** What every finding shows a user: a severity, a code, a message and a fix, none of them empty. */
export function wellFormed(fs: Finding[]): Finding[] {
	for (const f of fs) {
		assert.ok(['error', 'warning', 'info'].includes(f.severity), `${f.code}: severity '${f.severity}'`);
		assert.ok(f.code.length > 2, `code '${f.code}'`);
		assert.ok(f.message.length > 10 && !/undefined|Stryker/.test(f.message), `${f.code}: message '${f.message}'`);
		assert.ok(f.fix !== undefined && f.fix.length > 5 && !/undefined|Stryker/.test(f.fix), `${f.code}: fix '${f.fix}'`);
	}
	return fs;
}
