/**
 * The JWT hover's layout, the certificate pickers and a PFX the kit made, inside the real VS Code (issue 11: items 4,
 * 5, 8, 9). The quick picks are observed by standing in for window.showQuickPick: the extension and these tests share
 * one `vscode` API object, so the stand-in sees exactly the items and options the extension passes.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, createPrivateKey, createSign, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { activate, until, workspaceTemp } from './helpers';

interface Api {
	certificatesView(): Promise<{ label: string; description?: string; children: { label: string; description?: string }[] }[]>;
}

type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
interface Seen {
	items: Item[];
	options: vscode.QuickPickOptions | undefined;
}

/** Runs fn with showQuickPick answered by choose (undefined = Escape); returns every quick pick shown. */
async function withQuickPicks<T>(choose: (items: Item[], index: number) => Item | undefined, fn: () => Thenable<T>): Promise<{ result: T; seen: Seen[] }> {
	const window = vscode.window as { showQuickPick: unknown };
	const original = window.showQuickPick;
	const seen: Seen[] = [];
	window.showQuickPick = async (items: Item[] | Thenable<Item[]>, options?: vscode.QuickPickOptions) => {
		const list = await items;
		seen.push({ items: list, options });
		return choose(list, seen.length - 1);
	};
	try {
		return { result: await fn(), seen };
	} finally {
		window.showQuickPick = original;
	}
}

function openssl(args: string[]): string {
	return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}
const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const CLIENT = '11111111-2222-3333-4444-555555555555';

suite('Hover and pickers', () => {
	// Names unique to this run: another run of the suite may share the fixture workspace.
	const run = randomUUID().slice(0, 6);
	const OTHER = `aaa-other-${run}`;
	const SIGNER = `zzz-signer-${run}`;
	const PFX = `pfx-made-${run}`;
	let api: Api;
	let folder: string;
	let signer: { pem: string; key: string; cer: string; sha1Hex: string; sha256Hex: string };

	suiteSetup(async function () {
		this.timeout(60000);
		api = (await activate()).exports as Api;
		folder = workspaceTemp('pickers');
		const generate = async (name: string) => {
			const r = await vscode.commands.executeCommand<{ certificatePem: string; privateKeyPem: string; certificateDer: string }>('entraCert.generateCertificate', { subject: `CN=${name}`, folder, name, noPrompt: true });
			assert.ok(r);
			return r;
		};
		// Two certificates, each as .pem + .key + .cer; the token is signed by the second, which sorts after the first.
		await generate(OTHER);
		const r = await generate(SIGNER);
		const fp = (alg: string) => openssl(['x509', '-in', r.certificatePem, '-noout', '-fingerprint', `-${alg}`]).trim().split('=')[1].replace(/:/g, '');
		signer = { pem: r.certificatePem, key: r.privateKeyPem, cer: r.certificateDer, sha1Hex: fp('sha1'), sha256Hex: fp('sha256') };
		await until(async () => (await api.certificatesView()).some((i) => i.label === SIGNER && i.children.some((c) => c.label === `${SIGNER}.cer`)), 'both certificates indexed', 20000);
	});

	function token(): string {
		const now = Math.floor(Date.now() / 1000);
		const header = { alg: 'PS256', typ: 'JWT', 'x5t#S256': b64u(Buffer.from(signer.sha256Hex, 'hex')) };
		const payload = { aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, iss: CLIENT, sub: CLIENT, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 };
		const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
		const sig = createSign('sha256').update(input).sign({ key: createPrivateKey(readFileSync(signer.key)), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
		return `${input}.${sig.toString('base64url')}`;
	}

	test('the JWT hover leads with the verdict and the actions, names the signing certificate, and folds the claims', async () => {
		const jwt = token();
		const jti = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).jti as string;
		const file = join(folder, 'hover.txt');
		writeFileSync(file, `client_assertion=${jwt}\n`);
		const uri = vscode.Uri.file(file);
		await vscode.workspace.openTextDocument(uri);
		const text = await until(async () => {
			const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 40))) ?? [];
			const t = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
			return t.includes(SIGNER) ? t : undefined;
		}, 'a hover naming the certificate', 15000);
		const lines = text.split('\n').filter((l) => l.trim() !== '');
		const actions = lines.findIndex((l) => l.includes('command:entraCert.verifyToken'));
		assert.ok(actions >= 0 && actions <= 2, `the actions are among the first lines:\n${lines.slice(0, 4).join('\n')}`);
		assert.match(lines[0], /^\*\*JWT\*\* · \$\((pass|warning|error)\) (No problems found|\d+ (problems?|warnings?))/, 'the verdict comes first');
		const named = lines.find((l) => l.includes('x5t#S256') && l.includes(`CN=${SIGNER}`));
		assert.ok(named, 'the certificate its x5t#S256 names');
		assert.ok(named.includes(`${SIGNER}.pem`) && named.includes(`${SIGNER}.cer`), named);
		assert.ok(!text.includes(jti), 'the claim list is folded: jti is in Decode, not in the hover');
		assert.ok(lines.length <= 8, `${lines.length} lines`);
	});

	test('"Verify signature…" preselects the certificate the token names', async () => {
		const jwt = token();
		const { result, seen } = await withQuickPicks((items) => items[0], () => vscode.commands.executeCommand<{ signatureValid: boolean }>('entraCert.verifyToken', jwt));
		assert.equal(seen.length, 1);
		const first = seen[0].items[0];
		assert.equal(first.uri && basename(first.uri.fsPath), `${SIGNER}.pem`, 'the matching certificate is first, so Enter picks it');
		assert.match(first.description ?? '', /matches the token's x5t#S256/);
		assert.deepEqual(result, { signatureValid: true, time: 'valid' });
	});

	test('certificate pickers: one entry per certificate with its file names, matchable by file name', async () => {
		const { seen } = await withQuickPicks(() => undefined, () => vscode.commands.executeCommand('entraCert.exportPfx'));
		assert.equal(seen.length, 1);
		const { items, options } = seen[0];
		const mine = items.filter((i) => i.label.includes(SIGNER) || i.label.includes(OTHER));
		assert.equal(mine.length, 2, mine.map((i) => i.label).join(' | '));
		const zzz = mine.find((i) => i.label.includes(SIGNER));
		assert.ok(zzz?.description?.includes(`${SIGNER}.pem`) && zzz.description.includes(`${SIGNER}.cer`), zzz?.description);
		assert.equal(options?.matchOnDescription, true);

		const insert = await withQuickPicks(() => undefined, () => vscode.commands.executeCommand('entraCert.insertKeyCredential'));
		const certPick = insert.seen[0];
		assert.equal(certPick.items.filter((i) => i.label.includes(SIGNER)).length, 1);
		assert.equal(certPick.options?.matchOnDescription, true);
	});

	test('Compute Thumbprint shows each value whole (its own line, matchable)', async () => {
		const { result, seen } = await withQuickPicks((items) => items.find((i) => i.label === 'SHA-256 thumbprint'), () => vscode.commands.executeCommand<{ value: string }>('entraCert.computeThumbprint', vscode.Uri.file(signer.pem)));
		const s256 = seen[0].items.find((i) => i.label === 'SHA-256 thumbprint');
		assert.equal(s256?.detail, signer.sha256Hex);
		assert.equal(seen[0].options?.matchOnDetail, true);
		assert.equal(result?.value, signer.sha256Hex);
	});

	test('a PFX the kit just made shows under its certificate, not as a separate "password needed" item', async () => {
		const r = await vscode.commands.executeCommand<{ pfx?: string }>('entraCert.generateCertificate', { subject: `CN=${PFX}`, folder, name: PFX, noPrompt: true, pfxPassword: 'correct horse 42' });
		assert.ok(r?.pfx);
		const item = await until(async () => (await api.certificatesView()).find((i) => i.label === PFX && i.children.some((c) => c.label === `${PFX}.pfx`)), 'the PFX under its certificate', 20000);
		assert.equal(item.children.find((c) => c.label === `${PFX}.pfx`)?.description, 'same certificate');
		assert.ok(!(await api.certificatesView()).some((i) => i.label === `${PFX}.pfx`), 'no separate locked item');
	});

	test('entraCert.sandbox.tenantId: the sandbox serves the user\'s tenant ID; another tenant gets AADSTS90002', async () => {
		const mine = 'c0ffee00-1234-4abc-9def-0123456789ab';
		const config = vscode.workspace.getConfiguration('entraCert');
		await vscode.commands.executeCommand('entraCert.stopSandbox');
		await config.update('sandbox.tenantId', mine, vscode.ConfigurationTarget.Global);
		try {
			const info = await vscode.commands.executeCommand<{ url: string; tenantId: string }>('entraCert.startSandbox', { quiet: true });
			assert.equal(info?.tenantId, mine);
			const ok = await fetch(`${info.url}/${mine}/v2.0/.well-known/openid-configuration`);
			assert.equal(ok.status, 200);
			assert.equal(((await ok.json()) as { issuer: string }).issuer, `${info.url}/${mine}/v2.0`);
			const other = await fetch(`${info.url}/7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0/v2.0/.well-known/openid-configuration`);
			assert.equal(other.status, 400);
			assert.deepEqual(((await other.json()) as { error_codes: number[] }).error_codes, [90002]);
		} finally {
			await vscode.commands.executeCommand('entraCert.stopSandbox');
			await config.update('sandbox.tenantId', undefined, vscode.ConfigurationTarget.Global);
		}
	});
});
