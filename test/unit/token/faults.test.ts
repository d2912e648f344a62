/**
 * sendTokenRequest against misbehaving servers on 127.0.0.1 (real sockets, Node's own fetch): no answer, a reset
 * before and in the middle of the body, HTTP 500 with an HTML page, JSON that does not parse, a huge body, a slow
 * drip. Each ends within the timeout with one message of its own; the caller's abort works at every stage.
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CoreError } from '../../../src/core/errors';
import { buildTokenRequest } from '../../../src/core/token/request';
import { MAX_RESPONSE_BYTES, sendTokenRequest } from '../../../src/core/token/send';
import type { TokenRequest } from '../../../src/core/token/flows';

const TENANT = '11111111-2222-3333-4444-555555555555';

function request(baseUrl: string): TokenRequest {
	return buildTokenRequest({ target: { kind: 'sandbox', baseUrl, tenant: TENANT }, flow: 'client_credentials', clientId: '6f2a1c3e-8d4b-4e5f-9a0b-1c2d3e4f5a6b', scopes: ['api://backend/.default'], credential: { kind: 'secret', secret: 'not-a-real-secret' } });
}

async function outcome(p: Promise<unknown>): Promise<{ value?: unknown; error?: unknown; ms: number }> {
	const started = performance.now();
	try {
		const value = await p;
		return { value, ms: performance.now() - started };
	} catch (error) {
		return { error, ms: performance.now() - started };
	}
}

function coreError(e: unknown, code: string): CoreError {
	assert.ok(e instanceof CoreError, `expected a CoreError, got ${String(e)}`);
	assert.equal(e.code, code, e.message);
	assert.equal(e.message.split('\n').length, 1);
	return e;
}

describe('sendTokenRequest: faults on the network side', function () {
	this.timeout(30000);
	const servers: (Server | TcpServer)[] = [];
	const sockets = new Set<Socket>();
	after(async () => {
		sockets.forEach((s) => s.destroy());
		await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
	});

	/** A raw TCP server: the handler gets each connection once the request head has arrived. */
	async function tcp(onRequest: (s: Socket) => void): Promise<string> {
		const server = createTcpServer((s) => {
			sockets.add(s);
			s.on('error', () => undefined);
			let head = '';
			const onData = (c: Buffer) => {
				head += c.toString('latin1');
				if (head.includes('\r\n\r\n')) {
					s.off('data', onData);
					onRequest(s);
				}
			};
			s.on('data', onData);
		});
		servers.push(server);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	async function http(handler: Parameters<typeof createServer>[1]): Promise<string> {
		const server = createServer(handler);
		server.on('connection', (s) => sockets.add(s));
		servers.push(server);
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	it('no answer at all: ERR_TIMEOUT within the timeout, naming the URL', async () => {
		const url = await tcp(() => undefined);
		const r = await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, timeoutMs: 300 }));
		const e = coreError(r.error, 'ERR_TIMEOUT');
		assert.match(e.message, /did not answer within 0\.3 s/);
		assert.ok(r.ms < 2000, `${r.ms} ms`);
	});

	it('reset before any answer: ERR_NETWORK saying the connection was closed', async () => {
		const url = await tcp((s) => s.resetAndDestroy());
		const e = coreError((await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, timeoutMs: 5000 }))).error, 'ERR_NETWORK');
		assert.match(e.message, /closed|ECONNRESET|UND_ERR_SOCKET/);
		assert.match(e.message, /127\.0\.0\.1:\d+/);
	});

	it('reset in the middle of the body: ERR_NETWORK saying the answer was cut off, with its status', async () => {
		const url = await tcp((s) => {
			s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"access_token":"eyJ');
			setTimeout(() => s.resetAndDestroy(), 50);
		});
		const r = await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, timeoutMs: 5000 }));
		const e = coreError(r.error, 'ERR_NETWORK');
		assert.match(e.message, /^The connection to 127\.0\.0\.1:\d+ was closed in the middle of its answer \(HTTP 200/);
		assert.ok(r.ms < 3000);
	});

	it('HTTP 500 with an HTML page: a response whose problem says a proxy or gateway answered, not Entra', async () => {
		const url = await http((_req, res) => {
			res.writeHead(500, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end('<!DOCTYPE html><html><body><h1>Internal Server Error</h1></body></html>');
		});
		const res = await sendTokenRequest(request(url), { fetch, clock: () => 0 });
		assert.equal(res.status, 500);
		assert.equal(res.json, undefined);
		assert.match(res.problem ?? '', /^HTTP 500 with an HTML page instead of JSON: not Entra's answer but a page from a proxy/);
	});

	it('invalid JSON: a response whose problem says it does not parse; a valid answer has no problem', async () => {
		const url = await http((req, res) => {
			res.writeHead(req.url?.includes('good') ? 200 : 400, { 'Content-Type': 'application/json' });
			res.end(req.url?.includes('good') ? '{"token_type":"Bearer"}' : '{"error":"invalid_client","error_description":"AADSTS7000215: ');
		});
		const res = await sendTokenRequest(request(url), { fetch, clock: () => 0 });
		assert.equal(res.status, 400);
		assert.match(res.problem ?? '', /^HTTP 400 with a body that claims to be JSON but it does not parse \(/);
		const good = await sendTokenRequest({ ...request(url), url: `${url}/good` }, { fetch, clock: () => 0 });
		assert.equal(good.problem, undefined);
		assert.deepEqual(good.json, { token_type: 'Bearer' });
	});

	it('a huge body: ERR_HTTP after reading no more than the bound (the server is still sending)', async () => {
		let sent = 0;
		const url = await http((_req, res) => {
			res.writeHead(200, { 'Content-Type': 'application/json' });
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (sent < 200 * 1024 * 1024 && !res.destroyed) {
					sent += chunk.length;
					if (!res.write(chunk)) {
						res.once('drain', pump);
						return;
					}
				}
				res.end();
			};
			pump();
		});
		const before = process.memoryUsage().arrayBuffers;
		const r = await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, timeoutMs: 20000 }));
		const e = coreError(r.error, 'ERR_HTTP');
		assert.match(e.message, /is larger than 4 MB, far more than a token endpoint sends/);
		assert.ok(sent < 100 * 1024 * 1024, `the server sent ${sent} bytes before the read stopped`);
		assert.ok(process.memoryUsage().arrayBuffers - before < 4 * MAX_RESPONSE_BYTES);
	});

	it('a slow drip that never finishes: ERR_TIMEOUT within the timeout, saying the answer began', async () => {
		const url = await tcp((s) => {
			s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
			const t = setInterval(() => (s.destroyed ? clearInterval(t) : s.write(' ')), 20);
			s.on('close', () => clearInterval(t));
		});
		const r = await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, timeoutMs: 400 }));
		const e = coreError(r.error, 'ERR_TIMEOUT');
		assert.match(e.message, /began answering \(HTTP 200\) but did not finish within 0\.4 s/);
		assert.ok(r.ms < 2000, `${r.ms} ms`);
	});

	describe("the caller's abort at every stage ends the request with the AbortError, at once", () => {
		const stages: [string, (s: Socket) => void][] = [
			['while waiting for the answer', () => undefined],
			['after the status line, before the body', (s) => s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n')],
			['in the middle of the body', (s) => s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"acc')],
		];
		for (const [name, answer] of stages) {
			it(name, async () => {
				let reached = false;
				const url = await tcp((s) => {
					answer(s);
					reached = true;
				});
				const controller = new AbortController();
				const p = outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, signal: controller.signal, timeoutMs: 20000 }));
				while (!reached) {
					await new Promise((r) => setTimeout(r, 5));
				}
				await new Promise((r) => setTimeout(r, 50));
				const abortedAt = performance.now();
				controller.abort();
				const r = await p;
				assert.ok(r.error === controller.signal.reason, `not the AbortError: ${String(r.error)}`);
				assert.ok(performance.now() - abortedAt < 500);
			});
		}
		it('before connecting (the signal already aborted): nothing is sent', async () => {
			let connections = 0;
			const url = await tcp(() => connections++);
			const r = await outcome(sendTokenRequest(request(url), { fetch, clock: () => 0, signal: AbortSignal.abort() }));
			assert.equal((r.error as Error).name, 'AbortError');
			await new Promise((res) => setTimeout(res, 50));
			assert.equal(connections, 0);
		});
	});
});
