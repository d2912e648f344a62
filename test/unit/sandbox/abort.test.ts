/**
 * Clients that go away: a POST cut off mid-body, or closed before the answer. The sandbox logs it in the user's
 * words (no "sandbox bug", no 500 AADSTS50000), reports no internal error, and goes on answering others.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { CLIENT_GONE_STATUS, formatRequestLog, startSandbox, type Sandbox, type SandboxRequestLog } from '../../../src/sandbox';

function waitFor(check: () => boolean, ms = 5000): Promise<void> {
	const until = Date.now() + ms;
	return new Promise((resolve, reject) => {
		const tick = () => (check() ? resolve() : Date.now() > until ? reject(new Error('timed out waiting')) : setTimeout(tick, 10));
		tick();
	});
}

function rawSocket(url: string): Promise<Socket> {
	const u = new URL(url);
	return new Promise((resolve, reject) => {
		const s = connect(Number(u.port), u.hostname, () => resolve(s));
		s.on('error', reject);
	});
}

describe('sandbox: clients that go away', function () {
	this.timeout(30000);
	let sandbox: Sandbox;
	const logs: SandboxRequestLog[] = [];
	const internal: unknown[] = [];
	before(async () => {
		sandbox = await startSandbox({ apps: [], onRequest: (e) => logs.push(e), onInternalError: (e) => internal.push(e) });
	});
	after(async () => {
		await sandbox.close();
	});
	beforeEach(() => {
		logs.length = 0;
		internal.length = 0;
	});

	it('a POST cut off mid-body is logged as the client going away, not as a sandbox bug or a 500', async () => {
		const path = new URL(sandbox.tokenEndpoint).pathname;
		const s = await rawSocket(sandbox.url);
		s.on('error', () => undefined);
		s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5000\r\n\r\ngrant_type=client_cre`);
		await new Promise((r) => setTimeout(r, 50));
		s.destroy();
		await waitFor(() => logs.length === 1);
		assert.deepEqual(internal, [], 'no internal error');
		const [e] = logs;
		assert.equal(e.clientGone, true);
		assert.equal(e.status, CLIENT_GONE_STATUS);
		assert.equal(e.errorCode, undefined);
		assert.equal(e.path, path);
		assert.match(formatRequestLog(e), new RegExp(`^POST ${path.replace(/\./g, '\\.')} → the client went away before the answer \\(closed the connection\\); nothing was sent \\(\\d+\\.\\d ms\\)$`));
		assert.doesNotMatch(formatRequestLog(e), /500|AADSTS|bug/);
	});

	it('fifty clients going away at once: fifty such lines, no internal error, and the next request is answered', async () => {
		const path = new URL(sandbox.tokenEndpoint).pathname;
		const sockets = await Promise.all(Array.from({ length: 50 }, () => rawSocket(sandbox.url)));
		for (const s of sockets) {
			s.on('error', () => undefined);
			s.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nclient_id=`);
		}
		await new Promise((r) => setTimeout(r, 50));
		sockets.forEach((s) => s.destroy());
		await waitFor(() => logs.length === 50);
		assert.deepEqual(internal, []);
		assert.ok(logs.every((l) => l.clientGone === true && l.status === CLIENT_GONE_STATUS));
		const res = await fetch(sandbox.tokenEndpoint, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
		assert.equal(res.status, 400);
		await waitFor(() => logs.length === 51);
		assert.equal(logs[50].clientGone, undefined);
		assert.match(formatRequestLog(logs[50]), new RegExp(`^POST ${path.replace(/\./g, '\\.')} → 400 AADSTS\\d+ \\(\\d+\\.\\d ms\\)$`));
	});

	it('a complete request still gets its answer and an ordinary log line', async () => {
		const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/discovery/v2.0/keys`);
		assert.equal(res.status, 200);
		assert.ok(Array.isArray(((await res.json()) as { keys: unknown[] }).keys));
		await waitFor(() => logs.length === 1);
		assert.deepEqual([logs[0].status, logs[0].clientGone], [200, undefined]);
	});
});
