/**
 * Generate Certificate and Compute Thumbprint, driven through their commands inside the real VS Code,
 * checked with openssl (an independent implementation) and the clipboard.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXT_ID = 'entra-cert-kit.entra-cert-kit';

function openssl(args: string[], input?: string): string {
	return execFileSync('openssl', args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** SHA-1 fingerprint as openssl prints it, without colons. */
function opensslSha1(pemPath: string, inform = 'PEM'): string {
	const out = openssl(['x509', '-inform', inform, '-in', pemPath, '-noout', '-fingerprint', '-sha1']);
	return out.trim().split('=')[1].replace(/:/g, '');
}

function workspaceTemp(prefix: string): string {
	const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
	assert.ok(root, 'the integration tests need a workspace folder');
	return mkdtempSync(join(root, `.tmp-${prefix}-`));
}

async function until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 10000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await probe();
		if (v !== undefined && v !== false) {
			return v;
		}
		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
}

suiteSetup(async () => {
	await vscode.extensions.getExtension(EXT_ID)?.activate();
});

suite('Generate Certificate', () => {
	test('writes PEM, a 0600 PKCS#8 key and DER that openssl reads, with matching key and thumbprint', async function () {
		this.timeout(60000);
		const folder = workspaceTemp('gen');
		const result = await vscode.commands.executeCommand<{ certificatePem: string; privateKeyPem: string; certificateDer: string; sha1Hex: string }>(
			'entraCert.generateCertificate',
			{ subject: 'CN=integration-test, O=Entra Cert Kit', keySize: 2048, days: 30, folder, name: 'it', noPrompt: true },
		);
		assert.ok(result, 'the command returned no result');
		assert.equal(result.certificatePem, join(folder, 'it.pem'));
		assert.equal(statSync(result.privateKeyPem).mode & 0o777, 0o600, 'the key file must be 0600');

		const subject = openssl(['x509', '-in', result.certificatePem, '-noout', '-subject']);
		assert.match(subject, /CN\s*=\s*integration-test/);
		assert.match(readFileSync(result.privateKeyPem, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
		// The DER .cer is the same certificate.
		assert.equal(opensslSha1(result.certificateDer, 'DER'), opensslSha1(result.certificatePem));
		assert.equal(result.sha1Hex, opensslSha1(result.certificatePem));
		// The key matches the certificate.
		const certPub = openssl(['x509', '-in', result.certificatePem, '-noout', '-pubkey']);
		const keyPub = openssl(['pkey', '-in', result.privateKeyPem, '-pubout']);
		assert.equal(keyPub, certPub);
		// Self-signed signature verifies.
		const verify = openssl(['verify', '-CAfile', result.certificatePem, '-partial_chain', result.certificatePem]);
		assert.match(verify, /OK/);
		const text = openssl(['x509', '-in', result.certificatePem, '-noout', '-text']);
		assert.match(text, /TLS Web Client Authentication/);
		assert.match(text, /Digital Signature/);
		assert.match(text, /CA:FALSE/);
		assert.match(text, /sha256WithRSAEncryption/);
		assert.match(text, /Public-Key: \(2048 bit\)/);
	});

	test('never overwrites an existing file', async function () {
		this.timeout(60000);
		const folder = workspaceTemp('gen-exists');
		writeFileSync(join(folder, 'taken.key'), 'keep me');
		const result = await vscode.commands.executeCommand('entraCert.generateCertificate', { subject: 'CN=x', folder, name: 'taken', noPrompt: true });
		assert.equal(result, undefined);
		assert.equal(readFileSync(join(folder, 'taken.key'), 'utf8'), 'keep me');
		assert.ok(!existsSync(join(folder, 'taken.pem')), 'no file may be written when one of the set exists');
	});

	test('writes a PFX that openssl opens with the password (without -legacy)', async function () {
		this.timeout(60000);
		const folder = workspaceTemp('gen-pfx');
		const result = await vscode.commands.executeCommand<{ certificatePem: string; pfx: string }>('entraCert.generateCertificate', {
			subject: 'pfx-test',
			folder,
			name: 'p',
			pfxPassword: 'correct horse',
			noPrompt: true,
		});
		assert.ok(result?.pfx);
		const dumped = openssl(['pkcs12', '-in', result.pfx, '-passin', 'pass:correct horse', '-nokeys', '-clcerts']);
		assert.match(dumped, /BEGIN CERTIFICATE/);
		assert.match(openssl(['x509', '-in', result.certificatePem, '-noout', '-subject']), /CN\s*=\s*pfx-test/);
	});
});

suite('Compute Thumbprint', () => {
	let folder: string;
	let pem: string;
	suiteSetup(() => {
		folder = workspaceTemp('thumb');
		pem = join(folder, 'openssl.pem');
		openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(folder, 'openssl.key'), '-out', pem, '-subj', '/CN=made-by-openssl', '-days', '10']);
	});

	const accept = () => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
	const next = () => vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');

	test('offers every form and copies the chosen one (SHA-1, first) to the clipboard', async function () {
		this.timeout(60000);
		await vscode.env.clipboard.writeText('');
		// The first run loads the certificate core. Accepting while the picker is still being shown accepts an
		// empty selection (the picker resolves undefined), so give it time to show, then accept; retry while the
		// picker has not come up, and run the command again if an early accept closed it empty.
		let picked: { form: string; value: string } | undefined;
		for (let attempt = 0; attempt < 3 && !picked; attempt++) {
			const running = vscode.commands.executeCommand<{ form: string; value: string }>('entraCert.computeThumbprint', vscode.Uri.file(pem));
			let done = false;
			void running.then(() => (done = true));
			await new Promise((r) => setTimeout(r, 1500 + attempt * 1000));
			for (let i = 0; i < 10 && !done; i++) {
				await accept();
				await new Promise((r) => setTimeout(r, 1000));
			}
			picked = await running;
		}
		assert.equal(picked?.form, 'sha1Hex');
		assert.equal(picked.value, opensslSha1(pem));
		assert.equal(await until(async () => (await vscode.env.clipboard.readText()) || undefined, 'the clipboard'), opensslSha1(pem));
	});

	test('x5t is base64url of the SHA-1 bytes', async function () {
		this.timeout(30000);
		const running = vscode.commands.executeCommand<{ form: string; value: string }>('entraCert.computeThumbprint', vscode.Uri.file(pem));
		await new Promise((r) => setTimeout(r, 1500));
		await next();
		await next();
		await accept();
		const picked = await running;
		assert.equal(picked?.form, 'x5t');
		assert.equal(picked.value, Buffer.from(opensslSha1(pem), 'hex').toString('base64url'));
		assert.equal(await vscode.env.clipboard.readText(), picked.value);
	});

	test('reads a password-protected PFX (modern openssl form)', async function () {
		this.timeout(30000);
		const pfx = join(folder, 'modern.pfx');
		openssl(['pkcs12', '-export', '-in', pem, '-inkey', join(folder, 'openssl.key'), '-out', pfx, '-passout', 'pass:s3cret']);
		const running = vscode.commands.executeCommand<{ form: string; value: string }>('entraCert.computeThumbprint', vscode.Uri.file(pfx), undefined, { password: 's3cret' });
		await new Promise((r) => setTimeout(r, 1500));
		await accept();
		const picked = await running;
		assert.equal(picked?.value, opensslSha1(pem));
	});

	test('is offered in the explorer context menu for certificate files only', () => {
		const pkg = vscode.extensions.getExtension(EXT_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when: string }[]> } };
		const entry = pkg.contributes.menus['explorer/context'].find((m) => m.command === 'entraCert.computeThumbprint');
		assert.ok(entry);
		for (const ext of ['pem', 'crt', 'cer', 'der', 'pfx', 'p12']) {
			assert.ok(entry.when.includes(ext), ext);
		}
	});
});
