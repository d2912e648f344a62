/**
 * Sandbox throughput: client-credential requests per second and latency (p50/p99) against `entra-cert sandbox`
 * (dist/cli.js, its own process) on loopback, with a keep-alive agent and a few concurrent requests reusing one
 * pre-signed assertion (Entra has no jti replay check). Anchor, measured side by side in the same run: a bare
 * node:http server (its own process too) answering a fixed JSON of the same size, driven by the same client.
 * Bounded in count and time; loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generateSelfSignedCertificate } from '../src/core/certificate/x509';
import { signClientAssertion } from '../src/core/jwt/assertion';
import { stats, type BenchRow } from './harness';

const CONCURRENCY = 4;
const ROUND_MS = 1000;
const ROUNDS = 3;
const MAX_PER_ROUND = 20_000;
const APP = '5a4db0c5-bec0-4c4e-9a11-000000000001';

/** The bare anchor server: answers every request with the same JSON body. */
const BARE_SERVER = `
const http = require('node:http');
const body = process.env.BENCH_BODY;
const s = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }); res.end(body); }); });
s.keepAliveTimeout = 5000;
s.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + s.address().port })));
process.on('SIGTERM', () => { s.close(); s.closeAllConnections(); });
`;

interface Started {
	child: ChildProcess;
	info: Record<string, unknown>;
}

/** Starts a process and reads the JSON line it prints first. */
function startProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
	let stderr = '';
	child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
	return new Promise((res, rej) => {
		createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => res({ child, info: JSON.parse(line) as Record<string, unknown> }));
		child.once('exit', (code) => rej(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim()}`)));
	});
}

async function stop(p: Started | undefined): Promise<void> {
	if (!p || p.child.exitCode !== null) {
		return;
	}
	const exited = new Promise((res) => p.child.once('exit', res));
	p.child.kill('SIGTERM');
	await Promise.race([exited, new Promise((res) => setTimeout(res, 3000))]);
	if (p.child.exitCode === null) {
		p.child.kill('SIGKILL');
	}
}

function post(agent: Agent, url: URL, body: string): Promise<{ status: number; text: string }> {
	return new Promise((res, rej) => {
		const req = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (r) => {
			const chunks: Buffer[] = [];
			r.on('data', (c: Buffer) => chunks.push(c));
			r.on('end', () => res({ status: r.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', rej);
		req.end(body);
	});
}

interface Load {
	count: number;
	seconds: number;
	latenciesMs: number[];
}

/** CONCURRENCY workers send requests back to back until the round's time or count bound. */
async function load(agent: Agent, url: URL, body: string): Promise<Load> {
	const latenciesMs: number[] = [];
	const start = process.hrtime.bigint();
	const end = start + BigInt(ROUND_MS) * 1_000_000n;
	let count = 0;
	const worker = async () => {
		while (process.hrtime.bigint() < end && count < MAX_PER_ROUND) {
			count++;
			const t0 = process.hrtime.bigint();
			const r = await post(agent, url, body);
			latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
			if (r.status !== 200) {
				throw new Error(`HTTP ${r.status}: ${r.text.slice(0, 300)}`);
			}
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9, latenciesMs };
}

function percentile(sorted: number[], p: number): number {
	return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarize(loads: Load[]): { perSecond: number; p50: number; p99: number; count: number } {
	const count = loads.reduce((n, l) => n + l.count, 0);
	const seconds = loads.reduce((n, l) => n + l.seconds, 0);
	const all = loads.flatMap((l) => l.latenciesMs).sort((a, b) => a - b);
	return { perSecond: count / seconds, p50: percentile(all, 50), p99: percentile(all, 99), count };
}

/** Runs the sandbox bench; returns its row. */
export async function benchSandbox(cli = resolve('dist/cli.js')): Promise<BenchRow[]> {
	const dir = mkdtempSync(join(tmpdir(), 'eck-bench-sandbox-'));
	let sandbox: Started | undefined;
	let bare: Started | undefined;
	const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	try {
		const cert = await generateSelfSignedCertificate({ subject: 'CN=bench-sandbox', now: new Date(Date.now() - 60_000) });
		writeFileSync(join(dir, 'app.json'), JSON.stringify({ appId: APP, displayName: 'Bench daemon', identifierUris: ['api://bench'], appRoles: [{ id: '6f0c2b1a-0000-4000-8000-000000000001', value: 'Bench.Run', allowedMemberTypes: ['Application'], isEnabled: true }], keyCredentials: [{ keyId: '6f0c2b1a-0000-4000-8000-000000000002', type: 'AsymmetricX509Cert', usage: 'Verify', key: Buffer.from(cert.certificateDer).toString('base64') }] }));
		sandbox = await startProcess([cli, 'sandbox', '--manifest', join(dir, 'app.json'), '--json']);
		const tokenEndpoint = new URL(String(sandbox.info.tokenEndpoint));
		if (!['127.0.0.1', 'localhost', '[::1]'].includes(tokenEndpoint.hostname)) {
			throw new Error(`the sandbox is not on loopback: ${tokenEndpoint.href}`);
		}
		const assertion = await signClientAssertion({ certificateDer: cert.certificateDer, privateKeyPkcs8: cert.privateKey.pkcs8Der, clientId: APP, audience: tokenEndpoint.href, now: new Date() });
		const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: APP, scope: 'api://bench/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }).toString();
		const first = await post(agent, tokenEndpoint, body);
		if (first.status !== 200) {
			throw new Error(`the sandbox refused the bench request: ${first.text.slice(0, 300)}`);
		}
		bare = await startProcess(['-e', BARE_SERVER], { BENCH_BODY: first.text });
		const bareUrl = new URL(String(bare.info.url));

		// Warm both, then alternate rounds so machine noise hits both.
		for (let i = 0; i < 200; i++) {
			await post(agent, tokenEndpoint, body);
			await post(agent, bareUrl, body);
		}
		const ours: Load[] = [];
		const anchor: Load[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			if (round % 2 === 0) {
				ours.push(await load(agent, tokenEndpoint, body));
				anchor.push(await load(agent, bareUrl, body));
			} else {
				anchor.push(await load(agent, bareUrl, body));
				ours.push(await load(agent, tokenEndpoint, body));
			}
		}
		const o = summarize(ours);
		const a = summarize(anchor);
		const met = o.perSecond >= 500 && o.p99 <= 20;
		const f = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);
		const perSecond = (l: Load) => l.count / l.seconds;
		return [
			{
				name: `sandbox client_credentials on loopback (${CONCURRENCY} concurrent, keep-alive, one reused assertion), requests/s per round`,
				unit: 'req/s',
				ours: stats(ours.map(perSecond)),
				anchor: { name: `bare node:http answering a fixed ${first.text.length}-byte JSON, same client`, stats: stats(anchor.map(perSecond)) },
				ratio: o.perSecond / a.perSecond,
				budget: { text: `≥ 500 req/s with p99 ≤ 20 ms (this run: ${f(o.perSecond)} req/s, p50 ${f(o.p50)} ms, p99 ${f(o.p99)} ms)`, met },
				note: `anchor p50 ${f(a.p50)} ms, p99 ${f(a.p99)} ms; ${o.count} + ${a.count} requests`,
			},
		];
	} finally {
		agent.destroy();
		await Promise.all([stop(sandbox), stop(bare)]);
		rmSync(dir, { recursive: true, force: true });
	}
}
