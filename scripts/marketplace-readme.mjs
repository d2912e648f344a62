#!/usr/bin/env node
// The user README packaged in the .vsix (docs/marketplace/README.md) has three generated blocks, each between
// `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`:
//   commands         from package.json contributes.commands + menus, titles from package.nls.json
//   settings         from package.json contributes.configuration, descriptions from package.nls.json
//   troubleshooting  from the AADSTS catalog (src/core/diagnose/catalog/codes-*.json): one short section per
//                    family with its most common codes (ranked by how often the public reports under
//                    test/fixtures/cases/ name them, then by whether the kit checks the code against your files)
// and docs/marketplace/aadsts.md, the full catalog reference the troubleshooting rows link to, is generated whole.
//
//   node scripts/marketplace-readme.mjs            rewrites the generated parts in place
//   node scripts/marketplace-readme.mjs --check    exits 1 and names each part that differs (nothing written)
//   --readme FILE / --reference FILE               other files to write or check (for tests)
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const README = join(ROOT, 'docs', 'marketplace', 'README.md');
export const REFERENCE = join(ROOT, 'docs', 'marketplace', 'aadsts.md');
// Relative to the extension's root, where the packaged README lands as readme.md.
const REFERENCE_LINK = 'docs/marketplace/aadsts.md';
/** Codes per family in the README; the reference has them all. */
const PER_FAMILY = 5;

// The catalog's families (src/core/diagnose/catalog/index.ts FAMILIES), as headings, in its order.
const FAMILY_TITLES = {
	'client-certificate': 'Client certificates',
	'client-secret': 'Client secrets',
	'client-assertion': 'Client assertions (the signed JWT)',
	federation: 'Workload identity federation',
	'on-behalf-of': 'On-Behalf-Of',
	'scope-resource': 'Scopes and resources',
	consent: 'Consent',
	'tenant-authority': 'Tenants and authorities',
	'app-registration': 'App registration',
	'auth-code-pkce': 'Authorization code and PKCE',
	'refresh-token': 'Refresh tokens',
	'user-sign-in': 'User sign-in',
	'conditional-access': 'Conditional Access and MFA',
	'federated-idp': 'Federated identity providers (ADFS, SAML, B2B)',
	device: 'Devices',
	service: 'Service-side errors',
	other: 'Other',
};

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export function loadInputs(root = ROOT) {
	const pkg = readJson(join(root, 'package.json'));
	const nls = readJson(join(root, 'package.nls.json'));
	const catalogDir = join(root, 'src', 'core', 'diagnose', 'catalog');
	const entries = readdirSync(catalogDir)
		.filter((n) => /^codes-.*\.json$/.test(n))
		.sort()
		.flatMap((n) => readJson(join(catalogDir, n)).entries);
	const casesDir = join(root, 'test', 'fixtures', 'cases');
	const reports = new Map();
	if (existsSync(casesDir)) {
		for (const name of readdirSync(casesDir)) {
			const file = join(casesDir, name, 'case.json');
			if (!existsSync(file)) {
				continue;
			}
			for (const code of new Set(readJson(file).expect?.codes ?? [])) {
				const digits = String(code).replace(/^AADSTS/i, '');
				reports.set(digits, (reports.get(digits) ?? 0) + 1);
			}
		}
	}
	return { pkg, nls, entries, reports };
}

const localize = (nls, value) => (typeof value === 'string' ? value.replace(/^%(.+)%$/, (m, key) => nls[key] ?? m) : value);
/** Text for a Markdown table cell: one line, pipes escaped. */
const cell = (text) => String(text).replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
/** Markdown links of the form [Text](command:…) read as their text. */
const plain = (text) => String(text).replace(/\[([^\]]+)\]\(command:[^)]*\)/g, '$1');
export const anchor = (code) => `aadsts${code}`;

const MENU_PLACES = {
	'view/title': 'Certificates view title bar',
	'view/item/context': 'Certificates view item',
	'explorer/context': 'Explorer context menu',
	'editor/title/context': 'Editor tab context menu',
	'editor/context': 'Editor context menu',
};

export function commandsBlock({ pkg, nls }) {
	const menus = pkg.contributes.menus ?? {};
	const hidden = new Set((menus.commandPalette ?? []).filter((m) => m.when === 'false').map((m) => m.command));
	const rows = ['| Command | Where | ID |', '| --- | --- | --- |'];
	for (const c of pkg.contributes.commands) {
		const category = localize(nls, c.category);
		const title = localize(nls, c.title);
		const places = [];
		if (!hidden.has(c.command)) {
			const when = (menus.commandPalette ?? []).find((m) => m.command === c.command)?.when;
			places.push(when ? `Command Palette (${when === 'entraCert.sandboxRunning' ? 'while the sandbox runs' : when === '!entraCert.sandboxRunning' ? 'while the sandbox is stopped' : when})` : 'Command Palette');
		}
		for (const [menu, label] of Object.entries(MENU_PLACES)) {
			if ((menus[menu] ?? []).some((m) => m.command === c.command) && !places.includes(label)) {
				places.push(label);
			}
		}
		rows.push(`| ${cell(`${category ? `${category}: ` : ''}${title}`)} | ${cell(places.join(', ') || 'links in the kit\'s views')} | \`${c.command}\` |`);
	}
	return rows.join('\n');
}

const showValue = (v) => (typeof v === 'string' ? (v === '' ? '""' : v) : JSON.stringify(v));

export function settingsBlock({ pkg, nls }) {
	const rows = ['| Setting | Default | Description |', '| --- | --- | --- |'];
	for (const [key, p] of Object.entries(pkg.contributes.configuration.properties)) {
		let text = plain(localize(nls, p.description ?? p.markdownDescription ?? ''));
		if (p.enum) {
			const described = p.enumDescriptions?.map((d) => localize(nls, d));
			text += ` Values: ${p.enum.map((v, i) => `\`${v}\`${described?.[i] ? ` (${described[i].replace(/\.$/, '')})` : ''}`).join(', ')}.`;
		} else if (p.minimum !== undefined && p.maximum !== undefined) {
			text += ` Range: ${p.minimum} to ${p.maximum}.`;
		} else if (p.minimum !== undefined) {
			text += ` Minimum: ${p.minimum}.`;
		} else if (p.maximum !== undefined) {
			text += ` Maximum: ${p.maximum}.`;
		}
		if (p.scope === 'application') {
			text += ' User settings only.';
		}
		rows.push(`| \`${key}\` | \`${cell(showValue(p.default))}\` | ${cell(text)} |`);
	}
	return rows.join('\n');
}

/** The entries of each family, most reported first, then the ones the kit checks, then by code. */
export function rankedByFamily({ entries, reports }) {
	const byFamily = new Map(Object.keys(FAMILY_TITLES).map((f) => [f, []]));
	for (const e of entries) {
		(byFamily.get(e.family) ?? byFamily.set(e.family, []).get(e.family)).push(e);
	}
	for (const list of byFamily.values()) {
		list.sort((a, b) => (reports.get(b.code) ?? 0) - (reports.get(a.code) ?? 0) || b.rules.length - a.rules.length || Number(a.code) - Number(b.code));
	}
	return byFamily;
}

export function troubleshootingBlock(inputs) {
	const out = [];
	for (const [family, list] of rankedByFamily(inputs)) {
		if (list.length === 0) {
			continue;
		}
		out.push(`### ${FAMILY_TITLES[family] ?? family}`, '');
		out.push('| Code | What it is | Fix |', '| --- | --- | --- |');
		for (const e of list.slice(0, PER_FAMILY)) {
			out.push(`| [AADSTS${e.code}](${REFERENCE_LINK}#${anchor(e.code)}) | ${cell(e.title)} | ${cell(e.fix)} |`);
		}
		const more = list.length - PER_FAMILY;
		out.push('', more > 0 ? `${more} more in this family: see [the full list](${REFERENCE_LINK}#${family}).` : `All of this family's codes are above; details in [the full list](${REFERENCE_LINK}#${family}).`, '');
	}
	return out.join('\n').trimEnd();
}

export function referenceDocument(inputs) {
	const out = [
		'# AADSTS codes: the Entra Cert Kit catalog',
		'',
		'<!-- Generated by scripts/marketplace-readme.mjs from src/core/diagnose/catalog/codes-*.json. Do not edit. -->',
		'',
		`Every code the kit explains (${inputs.entries.length}), by family. Paste the error into **Entra Cert: Diagnose…** (or run`,
		'`entra-cert diagnose FILE`) to have it checked against your certificates, manifests and request.',
		'',
	];
	for (const [family, list] of rankedByFamily(inputs)) {
		if (list.length === 0) {
			continue;
		}
		out.push(`<a id="${family}"></a>`, '', `## ${FAMILY_TITLES[family] ?? family}`, '');
		for (const e of [...list].sort((a, b) => Number(a.code) - Number(b.code))) {
			out.push(`<a id="${anchor(e.code)}"></a>`, '', `### AADSTS${e.code}: ${e.title}`, '');
			const tags = [e.name && `\`${e.name}\``, e.error && `error \`${e.error}\``].filter(Boolean);
			if (tags.length) {
				out.push(tags.join(' · '), '');
			}
			out.push(e.meaning, '');
			if (e.causes.length) {
				out.push('Causes:', '', ...e.causes.map((c) => `- ${c}`), '');
			}
			out.push(`**Fix:** ${e.fix}`, '');
			if (e.check) {
				out.push(`**Where to look:** ${e.check}`, '');
			}
			if (e.uncertain) {
				out.push(`**Not settled:** ${e.uncertain}`, '');
			}
			if (e.sources.length) {
				out.push(`Sources: ${e.sources.map((s, i) => `[${i + 1}](${s})`).join(' ')}`, '');
			}
		}
	}
	return out.join('\n').trimEnd() + '\n';
}

export const BLOCKS = { commands: commandsBlock, settings: settingsBlock, troubleshooting: troubleshootingBlock };

/** The README with every generated block replaced; throws when a block's markers are missing. */
export function renderReadme(text, inputs) {
	let result = text;
	for (const [name, make] of Object.entries(BLOCKS)) {
		const re = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
		if (!re.test(result)) {
			throw new Error(`the README has no <!-- generated:${name} --> … <!-- /generated:${name} --> block`);
		}
		const body = make(inputs);
		result = result.replace(re, (m, open, close) => `${open}${body}\n${close}`);
	}
	return result;
}

function main() {
	const { values } = parseArgs({ options: { check: { type: 'boolean' }, readme: { type: 'string' }, reference: { type: 'string' } } });
	const readmePath = resolve(values.readme ?? README);
	const referencePath = resolve(values.reference ?? REFERENCE);
	const inputs = loadInputs();
	const current = readFileSync(readmePath, 'utf8');
	const readme = renderReadme(current, inputs);
	const reference = referenceDocument(inputs);
	const currentReference = existsSync(referencePath) ? readFileSync(referencePath, 'utf8') : '';
	if (values.check) {
		const drift = [];
		for (const name of Object.keys(BLOCKS)) {
			const pick = (t) => t.match(new RegExp(`<!-- generated:${name} -->\\n([\\s\\S]*?)<!-- /generated:${name} -->`))?.[1];
			if (pick(current) !== pick(readme)) {
				drift.push(`${readmePath}: the ${name} block`);
			}
		}
		if (currentReference !== reference) {
			drift.push(`${referencePath}`);
		}
		if (drift.length) {
			process.stderr.write(`out of date (run node scripts/marketplace-readme.mjs):\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
			process.exit(1);
		}
		process.stdout.write('marketplace README and AADSTS reference are up to date\n');
		return;
	}
	writeFileSync(readmePath, readme);
	writeFileSync(referencePath, reference);
	process.stdout.write(`wrote ${readmePath} and ${referencePath}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main();
}
