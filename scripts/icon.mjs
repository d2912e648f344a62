#!/usr/bin/env node
// Draws the extension icon with code (no third-party artwork): media/icon.png, 128x128 RGBA.
// A blue tile, a white certificate sheet with text lines, and a gold seal with two ribbon tails.
// Shapes are signed-distance tests sampled 4x4 per pixel for smooth edges. Run: node scripts/icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 128;
const SS = 4;

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
	const cx = Math.max(x0 + r, Math.min(x, x1 - r));
	const cy = Math.max(y0 + r, Math.min(y, y1 - r));
	return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
	const s = (px, py, qx, qy) => (qx - px) * (y - py) - (qy - py) * (x - px);
	const d1 = s(ax, ay, bx, by);
	const d2 = s(bx, by, cx, cy);
	const d3 = s(cx, cy, ax, ay);
	return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const poly = (...tris) => (x, y) => tris.some((t) => t(x, y));

// Layers, bottom to top: [shape, colour(x, y) -> [r, g, b]]
const lerp = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));
const layers = [
	[roundRect(4, 4, 124, 124, 22), (x, y) => lerp([0x1a, 0x86, 0xe0], [0x0b, 0x4a, 0x8f], (x + y) / 256)],
	[roundRect(26, 22, 96, 100, 6), () => [0xff, 0xff, 0xff]],
	[roundRect(36, 36, 86, 42, 3), () => [0x0b, 0x4a, 0x8f]],
	[roundRect(36, 50, 80, 55, 2.5), () => [0x9f, 0xb8, 0xd6]],
	[roundRect(36, 62, 70, 67, 2.5), () => [0x9f, 0xb8, 0xd6]],
	// ribbon tails under the seal
	[poly(triangle(80, 88, 92, 88, 78, 116), triangle(78, 116, 86, 108, 92, 88)), () => [0xc8, 0x8a, 0x12]],
	[poly(triangle(92, 88, 104, 88, 106, 116), triangle(106, 116, 98, 108, 92, 88)), () => [0xc8, 0x8a, 0x12]],
	[circle(92, 84, 17), () => [0xf5, 0xb8, 0x2e]],
	[circle(92, 84, 11.5), () => [0xff, 0xd7, 0x6a]],
	[circle(92, 84, 6), () => [0xf5, 0xb8, 0x2e]],
];

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
	for (let px = 0; px < SIZE; px++) {
		let acc = [0, 0, 0, 0];
		for (let sy = 0; sy < SS; sy++) {
			for (let sx = 0; sx < SS; sx++) {
				const x = px + (sx + 0.5) / SS;
				const y = py + (sy + 0.5) / SS;
				let c = null;
				for (const [shape, colour] of layers) {
					if (shape(x, y)) {
						c = colour(x, y);
					}
				}
				if (c) {
					acc = [acc[0] + c[0], acc[1] + c[1], acc[2] + c[2], acc[3] + 1];
				}
			}
		}
		const o = (py * SIZE + px) * 4;
		const n = acc[3];
		rgba[o] = n ? Math.round(acc[0] / n) : 0;
		rgba[o + 1] = n ? Math.round(acc[1] / n) : 0;
		rgba[o + 2] = n ? Math.round(acc[2] / n) : 0;
		rgba[o + 3] = Math.round((255 * n) / (SS * SS));
	}
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) {
		c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	}
	return c >>> 0;
});
const crc32 = (buf) => {
	let c = 0xffffffff;
	for (const b of buf) {
		c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	}
	return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
	raw[y * (SIZE * 4 + 1)] = 0; // filter: none
	rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
}
const png = Buffer.concat([
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	chunk('IHDR', ihdr),
	chunk('IDAT', deflateSync(raw, { level: 9 })),
	chunk('IEND', Buffer.alloc(0)),
]);
const out = resolve(process.argv[2] ?? join(ROOT, 'media', 'icon.png'));
writeFileSync(out, png);
process.stdout.write(`wrote ${out} (${png.length} bytes)\n`);
