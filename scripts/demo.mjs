#!/usr/bin/env node
// Prepares demo/ for `npm start`: certificates made at run time (never committed) and app manifests that register
// them, for the sandbox (the workbench's default token endpoint) to serve. Runs after the build; idempotent: what
// exists is kept.
//   demo/certs/contoso-web.{pem,key,cer}, demo/certs/contoso-orders-api.{pem,key,cer}   (git-ignored)
//   demo/manifests/*.json from scripts/demo/*.json, with the certificates registered   (git-ignored)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEMO = join(ROOT, 'demo');
const TEMPLATES = join(ROOT, 'scripts', 'demo');
const CLI = join(ROOT, 'dist', 'cli.js');
// Which certificate each confidential app authenticates with.
const CERTIFICATES = { 'contoso-web': 'contoso-web.json', 'contoso-orders-api': 'contoso-orders-api.json' };

const cli = (...args) => execFileSync(process.execPath, [CLI, ...args], { cwd: DEMO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const say = (line) => process.stdout.write(`[demo] ${line}\n`);

if (!existsSync(CLI)) {
	say('dist/cli.js is missing: run `npm run build` first.');
	process.exit(1);
}
mkdirSync(join(DEMO, 'certs'), { recursive: true });
mkdirSync(join(DEMO, 'manifests'), { recursive: true });
for (const name of readdirSync(TEMPLATES).filter((n) => n.endsWith('.json'))) {
	const target = join(DEMO, 'manifests', name);
	if (!existsSync(target)) {
		copyFileSync(join(TEMPLATES, name), target);
		say(`wrote demo/manifests/${name}`);
	}
}
for (const [base, manifest] of Object.entries(CERTIFICATES)) {
	const pem = join(DEMO, 'certs', `${base}.pem`);
	if (!existsSync(pem)) {
		cli('cert', 'new', '--subject', `CN=${base}`, '--out', 'certs', '--name', base);
		say(`made demo/certs/${base}.pem (+ .key 0600, .cer)`);
	}
	const entry = JSON.parse(cli('keycredential', `certs/${base}.pem`, '--format', 'graph', '--json'));
	const registered = JSON.parse(readFileSync(join(DEMO, 'manifests', manifest), 'utf8')).keyCredentials ?? [];
	if (!registered.some((k) => k.key === entry.key)) {
		cli('manifest', 'add', `manifests/${manifest}`, `certs/${base}.pem`);
		say(`registered certs/${base}.pem in demo/manifests/${manifest}`);
	}
}
say('ready: the sandbox serves demo/manifests/*.json (Entra Cert: Start Sandbox, or send from the Token Workbench)');
