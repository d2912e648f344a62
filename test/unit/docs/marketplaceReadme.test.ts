/**
 * The user README packaged in the .vsix (docs/marketplace/README.md) and the AADSTS reference beside it: their
 * generated parts must be what scripts/marketplace-readme.mjs makes from package.json, package.nls.json and the
 * catalog today, and that content must say what package.json and the catalog say (checked here from the sources
 * directly, not through the generator).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'marketplace-readme.mjs');
const README = join(ROOT, 'docs', 'marketplace', 'README.md');
const REFERENCE = join(ROOT, 'docs', 'marketplace', 'aadsts.md');

const check = (readme: string, reference: string) =>
	spawnSync(process.execPath, [SCRIPT, '--check', '--readme', readme, '--reference', reference], { encoding: 'utf8' });

interface Command {
	command: string;
	title: string;
}
interface Entry {
	code: string;
	family: string;
}

describe('marketplace README', () => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
	const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
	const text = readFileSync(README, 'utf8');
	const catalogDir = join(ROOT, 'src', 'core', 'diagnose', 'catalog');
	const entries: Entry[] = readdirSync(catalogDir)
		.filter((n) => /^codes-.*\.json$/.test(n))
		.flatMap((n) => JSON.parse(readFileSync(join(catalogDir, n), 'utf8')).entries);
	const block = (name: string) => {
		const m = text.match(new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)<!-- /generated:${name} -->`));
		assert.ok(m, `no ${name} block`);
		return m[1];
	};

	it('is what scripts/marketplace-readme.mjs generates (run it after changing package.json or the catalog)', () => {
		const r = check(README, REFERENCE);
		assert.equal(r.status, 0, r.stderr);
	});

	it('the check fails, naming the block, when a generated table drifts', () => {
		const dir = mkdtempSync(join(tmpdir(), 'readme-drift-'));
		try {
			copyFileSync(REFERENCE, join(dir, 'aadsts.md'));
			const drifted = text.replace(/\| `entraCert\.certificate\.validityDays` \| `365` \|/, '| `entraCert.certificate.validityDays` | `366` |');
			assert.notEqual(drifted, text, 'the settings row to alter is there');
			writeFileSync(join(dir, 'README.md'), drifted);
			const r = check(join(dir, 'README.md'), join(dir, 'aadsts.md'));
			assert.equal(r.status, 1);
			assert.match(r.stderr, /the settings block/);
			assert.doesNotMatch(r.stderr, /the commands block|aadsts\.md/);
			// and a reference with one entry missing
			writeFileSync(join(dir, 'README.md'), text);
			writeFileSync(join(dir, 'aadsts.md'), readFileSync(REFERENCE, 'utf8').replace(/### AADSTS700027:[\s\S]*?(?=<a id=)/, ''));
			const r2 = check(join(dir, 'README.md'), join(dir, 'aadsts.md'));
			assert.equal(r2.status, 1);
			assert.match(r2.stderr, /aadsts\.md/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('lists every contributed command with its localized title, and every setting with its default', () => {
		const commands = block('commands');
		for (const c of pkg.contributes.commands as Command[]) {
			const title = nls[c.title.replace(/^%|%$/g, '')] ?? c.title;
			assert.ok(commands.includes(`\`${c.command}\``), `${c.command} missing`);
			assert.ok(commands.includes(`Entra Cert: ${title}`), `title of ${c.command} (${title}) missing`);
		}
		const settings = block('settings');
		for (const [key, p] of Object.entries(pkg.contributes.configuration.properties as Record<string, { default: unknown }>)) {
			const row = settings.split('\n').find((l) => l.startsWith(`| \`${key}\` |`));
			assert.ok(row, `${key} missing`);
			const shown = typeof p.default === 'string' ? (p.default === '' ? '""' : p.default) : JSON.stringify(p.default);
			assert.ok(row.includes(`\`${shown}\``), `${key}: default ${shown} not in ${row}`);
		}
		assert.doesNotMatch(settings, /%[\w.]+%/, 'an untranslated %key%');
	});

	it('has a troubleshooting section for every family, linking codes that exist to their entries in the reference', () => {
		const trouble = block('troubleshooting');
		const reference = readFileSync(REFERENCE, 'utf8');
		const families = new Set(entries.map((e) => e.family));
		const sections = trouble.match(/^### /gm) ?? [];
		assert.equal(sections.length, families.size);
		assert.match(trouble, /\[AADSTS700027\]\(docs\/marketplace\/aadsts\.md#aadsts700027\)/, 'the most reported certificate error is listed');
		const codes = new Set(entries.map((e) => e.code));
		for (const [, code] of trouble.matchAll(/\[AADSTS(\d+)\]\(docs\/marketplace\/aadsts\.md#aadsts(\d+)\)/g)) {
			assert.ok(codes.has(code), `AADSTS${code} is not in the catalog`);
			assert.ok(reference.includes(`<a id="aadsts${code}"></a>`), `no anchor for AADSTS${code} in aadsts.md`);
		}
		for (const e of entries) {
			assert.ok(reference.includes(`### AADSTS${e.code}:`), `AADSTS${e.code} is not in the reference`);
		}
	});

	it('names only images that exist, under docs/marketplace/, and packages them (.vscodeignore)', () => {
		const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
		assert.ok(images.length >= 10, `${images.length} images`);
		for (const img of images) {
			assert.match(img, /^docs\/marketplace\/images\/[\w-]+\.png$/);
			assert.ok(readFileSync(join(ROOT, img)).subarray(1, 4).toString() === 'PNG', `${img} is not a PNG`);
		}
		const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
		assert.match(ignore, /^!docs\/marketplace\/images\/\*\.png$/m);
		assert.match(ignore, /^!docs\/marketplace\/aadsts\.md$/m);
		assert.doesNotMatch(ignore, /^!README\.md$/m, 'the developer README is not packaged');
	});
});
