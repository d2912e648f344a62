/**
 * Tiny benchmark frame: run two functions side by side in the same process and report the ratio.
 * No timed assertions anywhere: figures are printed for the record (and the closing notes).
 */
export interface BenchRow {
	name: string;
	/** What ours is compared with (openssl, raw crypto, msal-node, …). */
	anchor: string;
	oursPerSecond: number;
	anchorPerSecond: number;
	/** anchor time / our time: above 1 means we are faster. */
	ratio: number;
	note?: string;
}

/** Runs fn repeatedly for about ms milliseconds (after a warm-up) and returns operations per second. */
export async function opsPerSecond(fn: () => unknown | Promise<unknown>, ms = 1000): Promise<number> {
	for (let i = 0; i < 3; i++) {
		await fn();
	}
	let n = 0;
	const start = process.hrtime.bigint();
	const end = start + BigInt(ms) * 1_000_000n;
	let now = start;
	while (now < end) {
		await fn();
		n++;
		now = process.hrtime.bigint();
	}
	return n / (Number(now - start) / 1e9);
}

/** Measures ours and the anchor alternately (so machine noise hits both) and builds a row. */
export async function compare(name: string, anchor: string, ours: () => unknown, theirs: () => unknown, ms = 1000, note?: string): Promise<BenchRow> {
	let a = 0;
	let b = 0;
	for (let round = 0; round < 2; round++) {
		a += await opsPerSecond(ours, ms / 2);
		b += await opsPerSecond(theirs, ms / 2);
	}
	return { name, anchor, oursPerSecond: a / 2, anchorPerSecond: b / 2, ratio: a / b, note };
}

export function printRows(rows: BenchRow[]): void {
	const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
	console.log(`${'benchmark'.padEnd(46)}${'ours/s'.padStart(10)}${'anchor/s'.padStart(10)}  ratio  anchor`);
	for (const r of rows) {
		console.log(`${r.name.padEnd(46)}${fmt(r.oursPerSecond).padStart(10)}${fmt(r.anchorPerSecond).padStart(10)}  ${r.ratio.toFixed(2).padStart(5)}  ${r.anchor}${r.note ? ` (${r.note})` : ''}`);
	}
}
