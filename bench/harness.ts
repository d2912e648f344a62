/**
 * The bench's frame: samples of ours and of an anchor taken alternately (so machine noise hits both), summarised as
 * min / median / max and spread, and a ratio of medians. No timed assertions anywhere: figures are printed and saved.
 */
import { spawnSync } from 'node:child_process';

export interface Stats {
	min: number;
	median: number;
	max: number;
	/** (max - min) / median: how much the samples disagree. */
	spread: number;
	samples: number;
}

export interface BenchRow {
	/** The table row this measures. */
	name: string;
	unit: 'ms' | 'KiB' | 'req/s' | 'ms/MB' | '×';
	ours: Stats;
	anchor?: { name: string; stats: Stats };
	/** ours.median / anchor.median (a time ratio for ms rows: below 1 means we are faster). */
	ratio?: number;
	/** The goal, in words, and whether this run met it. */
	budget?: { text: string; met: boolean };
	note?: string;
}

export function stats(values: number[]): Stats {
	const s = [...values].sort((a, b) => a - b);
	const median = s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
	return { min: s[0], median, max: s[s.length - 1], spread: median ? (s[s.length - 1] - s[0]) / median : NaN, samples: s.length };
}

/** Takes `samples` measurements of each, alternating which goes first; each function returns milliseconds. */
export async function interleave(ours: () => number | Promise<number>, anchor: () => number | Promise<number>, samples: number, warmup = 1): Promise<{ ours: Stats; anchor: Stats }> {
	for (let i = 0; i < warmup; i++) {
		await ours();
		await anchor();
	}
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < samples; i++) {
		if (i % 2 === 0) {
			a.push(await ours());
			b.push(await anchor());
		} else {
			b.push(await anchor());
			a.push(await ours());
		}
	}
	return { ours: stats(a), anchor: stats(b) };
}

/** Milliseconds per call of fn, over a batch long enough to be measurable (one sample). */
export async function perCall(fn: () => unknown, batchMs = 60): Promise<number> {
	let n = 0;
	const start = process.hrtime.bigint();
	const end = start + BigInt(batchMs) * 1_000_000n;
	let now = start;
	while (now < end || n === 0) {
		await fn();
		n++;
		now = process.hrtime.bigint();
	}
	return Number(now - start) / 1e6 / n;
}

/** Wall-clock milliseconds of one process run (start to exit). Throws when it fails. */
export function processMs(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): number {
	const start = process.hrtime.bigint();
	const r = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	if (r.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited with ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().slice(0, 300)}`);
	}
	return ms;
}

export function row(name: string, unit: BenchRow['unit'], measured: { ours: Stats; anchor?: Stats }, anchorName?: string, budget?: (r: { ours: Stats; anchor?: Stats; ratio?: number }) => { text: string; met: boolean }, note?: string): BenchRow {
	const ratio = measured.anchor ? measured.ours.median / measured.anchor.median : undefined;
	return {
		name,
		unit,
		ours: measured.ours,
		anchor: measured.anchor && anchorName ? { name: anchorName, stats: measured.anchor } : undefined,
		ratio,
		budget: budget?.({ ...measured, ratio }),
		note,
	};
}

function fmt(n: number | undefined): string {
	if (n === undefined || Number.isNaN(n)) {
		return '–';
	}
	return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function triple(s: Stats): string {
	return `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)} (±${fmt(s.spread * 100)}%, n=${s.samples})`;
}

export function printRows(rows: BenchRow[]): void {
	console.log('');
	for (const r of rows) {
		console.log(`${r.budget ? (r.budget.met ? '✔' : '✘') : '·'} ${r.name}`);
		console.log(`    ours   ${r.unit.padEnd(5)} min/median/max ${triple(r.ours)}`);
		if (r.anchor) {
			console.log(`    anchor ${r.unit.padEnd(5)} min/median/max ${triple(r.anchor.stats)}  ${r.anchor.name}`);
			console.log(`    ratio of medians ours/anchor ${fmt(r.ratio)}`);
		}
		if (r.budget) {
			console.log(`    goal: ${r.budget.text} → ${r.budget.met ? 'met' : 'NOT met'}`);
		}
		if (r.note) {
			console.log(`    ${r.note}`);
		}
	}
}
