#!/usr/bin/env node
// The user README's screenshots (docs/marketplace/images/NAME-THEME.png), taken by the UI scripts in the light and
// dark themes (ENTRA_UI_THEME, see scripts/harness-lib.mjs) and cropped to the part that shows the feature:
//   view       scripts/ui/screens.mjs view       certificates-view.png     the Certificates view
//   hover      scripts/ui/screens.mjs hover      jwt-hover.png             a client assertion's hover
//   manifest   scripts/ui/screens.mjs manifest   manifest-diagnostic.png   a manifest problem and its quick fix
//   diagnose   scripts/ui/screens.mjs diagnose   diagnose.png              Diagnose on an AADSTS700027 log
//   workbench  scripts/ui/workbench.mjs hover    workbench-claim-hover.png a decoded token, a claim explained
// Run after a build: node scripts/marketplace-screens.mjs [--themes light,dark] [--crop-only DIR]
// (--crop-only DIR/THEME/*.png: crop screenshots taken before instead of taking them.)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deflateSync, inflateSync } from 'node:zlib';
import { ROOT, log } from './harness-lib.mjs';

const SHOTS = join(ROOT, 'out', 'screenshots');
const IMAGES = join(ROOT, 'docs', 'marketplace', 'images');
// name: [script, argument, screenshot, crop {x, y, width, height}] (screens.mjs: a 1400x900 window; workbench.mjs: 1280x800)
export const SCREENS = {
	view: ['screens.mjs', 'view', 'certificates-view.png', { x: 0, y: 35, width: 348, height: 300 }],
	hover: ['screens.mjs', 'hover', 'jwt-hover.png', { x: 48, y: 35, width: 1300, height: 450 }],
	manifest: ['screens.mjs', 'manifest', 'manifest-diagnostic.png', { x: 348, y: 35, width: 1000, height: 620 }],
	diagnose: ['screens.mjs', 'diagnose', 'diagnose.png', { x: 348, y: 35, width: 1052, height: 545 }],
	workbench: ['workbench.mjs', 'hover', 'workbench-claim-hover.png', { x: 348, y: 35, width: 932, height: 765 }],
};

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes) to { width, height, channels, data }. */
export function decodePng(buf) {
	let pos = 8;
	let width = 0;
	let height = 0;
	let channels = 0;
	const idat = [];
	while (pos < buf.length) {
		const len = buf.readUInt32BE(pos);
		const type = buf.toString('ascii', pos + 4, pos + 8);
		const body = buf.subarray(pos + 8, pos + 8 + len);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			const [depth, colour, , , interlace] = body.subarray(8, 13);
			channels = { 2: 3, 6: 4 }[colour];
			if (depth !== 8 || !channels || interlace !== 0) {
				throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
			}
		} else if (type === 'IDAT') {
			idat.push(body);
		}
		pos += 12 + len;
	}
	const raw = inflateSync(Buffer.concat(idat));
	const stride = width * channels;
	const data = Buffer.alloc(height * stride);
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		const out = data.subarray(y * stride, (y + 1) * stride);
		const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : Buffer.alloc(stride);
		for (let i = 0; i < stride; i++) {
			const a = i >= channels ? out[i - channels] : 0;
			const b = prev[i];
			const c = i >= channels ? prev[i - channels] : 0;
			let v = line[i];
			if (filter === 1) {
				v += a;
			} else if (filter === 2) {
				v += b;
			} else if (filter === 3) {
				v += (a + b) >> 1;
			} else if (filter === 4) {
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
			}
			out[i] = v & 0xff;
		}
	}
	return { width, height, channels, data };
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) {
		c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	}
	return c >>> 0;
});
function chunk(type, body) {
	const head = Buffer.alloc(4);
	head.writeUInt32BE(body.length);
	const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
	let c = 0xffffffff;
	for (const b of typed) {
		c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
	}
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE((c ^ 0xffffffff) >>> 0);
	return Buffer.concat([head, typed, crc]);
}

/** Encodes RGB (alpha dropped) with the "up" filter, which suits flat UI screenshots. */
export function encodePng({ width, height, channels, data }) {
	const stride = width * 3;
	const raw = Buffer.alloc(height * (stride + 1));
	let prev = Buffer.alloc(stride);
	for (let y = 0; y < height; y++) {
		const row = Buffer.alloc(stride);
		for (let x = 0; x < width; x++) {
			data.copy(row, x * 3, (y * width + x) * channels, (y * width + x) * channels + 3);
		}
		raw[y * (stride + 1)] = 2;
		for (let i = 0; i < stride; i++) {
			raw[y * (stride + 1) + 1 + i] = (row[i] - prev[i]) & 0xff;
		}
		prev = row;
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8;
	ihdr[9] = 2;
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export function crop(img, { x, y, width, height }) {
	width = Math.min(width, img.width - x);
	height = Math.min(height, img.height - y);
	const data = Buffer.alloc(width * height * img.channels);
	for (let row = 0; row < height; row++) {
		img.data.copy(data, row * width * img.channels, ((y + row) * img.width + x) * img.channels, ((y + row) * img.width + x + width) * img.channels);
	}
	return { width, height, channels: img.channels, data };
}

function main() {
	const { values } = parseArgs({ options: { themes: { type: 'string', default: 'light,dark' }, 'crop-only': { type: 'string' } } });
	mkdirSync(IMAGES, { recursive: true });
	for (const theme of values.themes.split(',')) {
		const from = values['crop-only'] ? join(values['crop-only'], theme) : join(ROOT, 'out', 'marketplace-shots', theme);
		if (!values['crop-only']) {
			mkdirSync(from, { recursive: true });
			for (const script of new Set(Object.values(SCREENS).map(([s]) => s))) {
				const args = Object.values(SCREENS).filter(([s]) => s === script).map(([, a]) => a);
				log(`ENTRA_UI_THEME=${theme} node scripts/ui/${script} ${args.join(' ')}`);
				execFileSync(process.execPath, [join(ROOT, 'scripts', 'ui', script), ...args], { env: { ...process.env, ENTRA_UI_THEME: theme }, stdio: 'inherit' });
				for (const [s, , file] of Object.values(SCREENS)) {
					if (s === script) {
						copyFileSync(join(SHOTS, file), join(from, file));
					}
				}
			}
		}
		for (const [name, [, , file, rect]] of Object.entries(SCREENS)) {
			const png = encodePng(crop(decodePng(readFileSync(join(from, file))), rect));
			const out = join(IMAGES, `${name}-${theme}.png`);
			writeFileSync(out, png);
			log(`${out.slice(ROOT.length + 1)}: ${rect.width}x${rect.height}, ${Math.round(png.length / 1024)} KB`);
		}
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	main();
}
