/**
 * The editor experience inside the real VS Code: hovers, the Certificates view, manifest edits and
 * diagnostics, Decode / Diagnose / Sign. Expected values come from openssl and Node's crypto.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createSign, createVerify, constants, randomUUID, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as vscode from 'vscode';
import { activate, until, workspaceTemp } from './helpers';

interface Api {
	certificatesView(): Promise<{ label: string; description?: string; icon?: string; children: { label: string; description?: string }[] }[]>;
}

function openssl(args: string[]): string {
	return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}
const b64u = (b: Buffer | string) => Buffer.from(b).toString('base64url');

function hoverText(hovers: vscode.Hover[]): string {
	return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

async function hoverAt(uri: vscode.Uri, line: number, character: number): Promise<vscode.Hover[]> {
	return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character))) ?? [];
}

const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

suite('Editor', () => {
	let api: Api;
	let folder: string;
	let cert: { pem: string; key: string; cer: string; sha1Hex: string; sha256Hex: string; der: Buffer };

	suiteSetup(async function () {
		this.timeout(60000);
		api = (await activate()).exports as Api;
		folder = workspaceTemp('editor');
		const r = await vscode.commands.executeCommand<{ certificatePem: string; privateKeyPem: string; certificateDer: string }>('entraCert.generateCertificate', { subject: 'CN=editor-test', folder, name: 'editor', noPrompt: true, days: 20 });
		assert.ok(r);
		const fp = (alg: string) => openssl(['x509', '-in', r.certificatePem, '-noout', '-fingerprint', `-${alg}`]).trim().split('=')[1].replace(/:/g, '');
		cert = { pem: r.certificatePem, key: r.privateKeyPem, cer: r.certificateDer, sha1Hex: fp('sha1'), sha256Hex: fp('sha256'), der: readFileSync(r.certificateDer) };
	});

	function assertion(header: Record<string, unknown>, payload: Record<string, unknown> = {}): string {
		const now = Math.floor(Date.now() / 1000);
		const input = `${b64u(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }))}.${b64u(JSON.stringify({ aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, iss: CLIENT, sub: CLIENT, jti: randomUUID(), nbf: now, iat: now, exp: now + 600, ...payload }))}`;
		return `${input}.${createSign('sha256').update(input).sign(createPrivateKey(readFileSync(cert.key))).toString('base64url')}`;
	}

	test('the Certificates view lists the certificate with expiry, thumbprints and its key', async () => {
		const items = await until(async () => (await api.certificatesView()).find((i) => i.label === 'editor-test' && i.children.some((c) => c.label === 'editor.key')), 'the certificate in the view');
		assert.match(items.description ?? '', /^expires in (19|20) days$/);
		assert.equal(items.icon, 'warning', 'expiring within 30 days shows a warning icon');
		const byLabel = Object.fromEntries(items.children.map((c) => [c.label, c.description]));
		assert.equal(byLabel['SHA-1'], cert.sha1Hex);
		assert.equal(byLabel['x5t#S256'], b64u(Buffer.from(cert.sha256Hex, 'hex')));
		assert.equal(byLabel['editor.key'], 'private key (matches)');
		assert.equal(byLabel['editor.cer'], 'same certificate', 'the .cer is the same certificate, not a second item');
		assert.equal((await api.certificatesView()).filter((i) => i.label === 'editor-test').length, 1);
	});

	test('a JWT hover decodes and explains the claims, with findings and command links', async () => {
		const good = assertion({ x5t: b64u(Buffer.from(cert.sha1Hex, 'hex')) });
		const bad = assertion({ x5t: b64u(cert.sha1Hex) });
		const file = join(folder, 'tokens.txt');
		writeFileSync(file, `good: "${good}"\nAuthorization: Bearer ${bad}\n`);
		const uri = vscode.Uri.file(file);
		await vscode.workspace.openTextDocument(uri);
		const text = hoverText(await until(async () => {
			const h = await hoverAt(uri, 0, 20);
			return h.length > 0 ? h : undefined;
		}, 'a hover'));
		assert.match(text, /iss/);
		assert.match(text, /client-assertion|client assertion/i);
		assert.match(text, /command:entraCert\.decodeToken/);
		assert.ok(!/hex TEXT|as text/.test(text), 'a correct assertion has no thumbprint-encoding finding');
		const badText = hoverText(await hoverAt(uri, 1, 30));
		assert.match(badText, /AADSTS700027/);
		assert.ok(badText.includes(cert.sha1Hex), 'the hover names the thumbprint that was meant');
		assert.deepEqual(await hoverAt(uri, 1, 3), [], 'no hover away from a token');
	});

	test('a thumbprint hover names the workspace certificate and the form', async () => {
		await api.certificatesView();
		const file = join(folder, 'notes.md');
		writeFileSync(file, `thumbprint ${cert.sha1Hex} and x5t#S256 ${b64u(Buffer.from(cert.sha256Hex, 'hex'))}\nunknown ${'AB'.repeat(20)}\n`);
		const uri = vscode.Uri.file(file);
		const sha1 = hoverText(await hoverAt(uri, 0, 15));
		assert.match(sha1, /SHA-1 thumbprint/);
		assert.ok(sha1.includes('editor.pem'));
		const s256 = hoverText(await hoverAt(uri, 0, 70));
		assert.match(s256, /x5t#S256/);
		assert.match(hoverText(await hoverAt(uri, 1, 12)), /Matches no certificate/);
	});

	test('a JWT hover on a 10 MB single-line file answers', async function () {
		this.timeout(60000);
		const token = assertion({ x5t: b64u(Buffer.from(cert.sha1Hex, 'hex')) });
		const pad = 'x'.repeat(5 * 1024 * 1024);
		const file = join(folder, 'huge.txt');
		writeFileSync(file, `${pad} ${token} ${pad}`);
		const short = join(folder, 'short.txt');
		writeFileSync(short, `t ${token}`);
		const huge = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
		assert.equal(huge.lineCount, 1);
		await hoverAt(vscode.Uri.file(short), 0, 10);
		let t = Date.now();
		const shortHover = await hoverAt(vscode.Uri.file(short), 0, 10);
		const shortMs = Date.now() - t;
		t = Date.now();
		const hugeHover = await hoverAt(huge.uri, 0, pad.length + 10);
		const hugeMs = Date.now() - t;
		console.log(`    hover on a short line: ${shortMs} ms; on a 10 MB line: ${hugeMs} ms`);
		assert.match(hoverText(shortHover), /iss/);
		assert.match(hoverText(hugeHover), /iss/);
	});

	test('Insert keyCredential adds one Graph entry, changes nothing else, and undo restores the file byte for byte', async function () {
		this.timeout(30000);
		const manifestPath = join(folder, 'app-manifest.json');
		const original = '{\n\t"id": "00000000-0000-0000-0000-000000000001",\n\t"appId": "' + CLIENT + '",\n\t"displayName": "editor-app",\n\t"keyCredentials": [],\n\t"web": {\n\t\t"redirectUris": []\n\t}\n}\n';
		writeFileSync(manifestPath, original);
		const uri = vscode.Uri.file(manifestPath);
		const result = await vscode.commands.executeCommand<{ keyId: string }>('entraCert.insertKeyCredential', vscode.Uri.file(cert.pem), undefined, { manifest: uri });
		assert.ok(result?.keyId);
		const doc = await vscode.workspace.openTextDocument(uri);
		const edited = JSON.parse(doc.getText());
		assert.equal(edited.keyCredentials.length, 1);
		const kc = edited.keyCredentials[0];
		assert.equal(kc.key, cert.der.toString('base64'));
		assert.equal(kc.customKeyIdentifier, Buffer.from(cert.sha1Hex, 'hex').toString('base64'));
		assert.equal(kc.type, 'AsymmetricX509Cert');
		assert.equal(kc.usage, 'Verify');
		assert.equal(new Date(kc.endDateTime).getTime(), new Date(new X509Certificate(cert.der).validTo).getTime());
		assert.equal(doc.getText().replace(/\t"keyCredentials": \[[\s\S]*?\n\t\],/, '\t"keyCredentials": [],'), original, 'nothing else changed');
		// A second insert of the same certificate is refused and changes nothing.
		const before = doc.getText();
		assert.equal(await vscode.commands.executeCommand('entraCert.insertKeyCredential', vscode.Uri.file(cert.pem), undefined, { manifest: uri }), undefined);
		assert.equal(doc.getText(), before);
		// One undo restores the file.
		await vscode.window.showTextDocument(doc);
		await vscode.commands.executeCommand('undo');
		assert.equal(doc.getText(), original);
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('manifest diagnostics flag base64-of-PEM values and the quick fix puts in the DER', async function () {
		this.timeout(30000);
		const manifestPath = join(folder, 'bad-manifest.json');
		const pemB64 = Buffer.from(readFileSync(cert.pem)).toString('base64');
		writeFileSync(manifestPath, JSON.stringify({ appId: CLIENT, keyCredentials: [{ customKeyIdentifier: Buffer.from(cert.sha1Hex, 'hex').toString('base64'), displayName: 'CN=editor-test', endDateTime: '2099-01-01T00:00:00Z', key: pemB64, keyId: randomUUID(), startDateTime: '2020-01-01T00:00:00Z', type: 'AsymmetricX509Cert', usage: 'Verify' }] }, null, 2));
		const uri = vscode.Uri.file(manifestPath);
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		const diags = await until(() => {
			const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Entra Cert Kit');
			return d.some((x) => x.code === 'keycred-pem-text') ? d : undefined;
		}, 'the manifest diagnostic');
		const pemDiag = diags.find((d) => d.code === 'keycred-pem-text')!;
		assert.equal(pemDiag.severity, vscode.DiagnosticSeverity.Error);
		assert.ok(diags.some((d) => d.code === 'keycred-dates-outside-cert'));
		// A request made while the markers update is cancelled; ask again until it answers.
		const fix = await until(async () => {
			try {
				const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, pemDiag.range, vscode.CodeActionKind.QuickFix.value);
				return actions.find((a) => /DER certificate/.test(a.title));
			} catch {
				return undefined;
			}
		}, 'the quick fix');
		assert.ok(fix?.edit, 'a quick fix is offered');
		await vscode.workspace.applyEdit(fix.edit);
		assert.equal(JSON.parse(doc.getText()).keyCredentials[0].key, cert.der.toString('base64'));
		await until(() => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'keycred-pem-text') || undefined, 'the diagnostic to clear');
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});

	test('a manifest never opened has its problems in the Problems panel (from the index), refreshed when the file changes', async function () {
		this.timeout(60000);
		const manifestPath = join(folder, 'closed-manifest.json');
		const uri = vscode.Uri.file(manifestPath);
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file is not open');
		const der = cert.der.toString('base64');
		const entry = (over: Record<string, unknown>) => ({ customKeyIdentifier: null, displayName: 'CN=editor-test', keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', key: der, ...over });
		const notBefore = new X509Certificate(readFileSync(cert.pem)).validFrom;
		const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const start = iso(Date.parse(notBefore));
		writeFileSync(manifestPath, JSON.stringify({ appId: randomUUID(), keyCredentials: [
			entry({ startDateTime: start, endDateTime: iso(Date.now() - 86400000) }),
			entry({ startDateTime: start, endDateTime: iso(Date.now() + 5 * 86400000), key: Buffer.from(readFileSync(cert.pem)).toString('base64') }),
			entry({ startDateTime: start, endDateTime: iso(Date.now() + 5 * 86400000), key: '' }),
		] }, null, 2));
		const ours = () => vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Entra Cert Kit');
		const codes = await until(() => {
			const c = ours().map((d) => String(d.code));
			return ['keycred-expired', 'keycred-pem-text', 'keycred-empty-key'].every((x) => c.includes(x)) ? c : undefined;
		}, 'the closed manifest\'s diagnostics (expired, PEM text, empty key)', 30000);
		assert.ok(codes.length >= 3, JSON.stringify(codes));
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'still never opened');
		// Fixed on disk (as another tool would): the problems go away without opening the file.
		writeFileSync(manifestPath, JSON.stringify({ appId: randomUUID(), keyCredentials: [entry({ startDateTime: start, endDateTime: iso(Date.now() + 5 * 86400000) })] }, null, 2));
		await until(() => (ours().every((d) => !['keycred-expired', 'keycred-pem-text', 'keycred-empty-key'].includes(String(d.code))) ? true : undefined), 'the diagnostics to refresh after the change on disk', 30000);
	});

	test('quick fixes for usage, type, a duplicate keyId and an end date past the certificate change only their values', async function () {
		this.timeout(60000);
		const manifestPath = join(folder, 'fixable-manifest.json');
		const notAfter = new Date(new X509Certificate(readFileSync(cert.pem)).validTo).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const notBefore = new Date(new X509Certificate(readFileSync(cert.pem)).validFrom).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const late = new Date(Date.parse(notAfter) + 40 * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		const dupId = randomUUID();
		const der = cert.der.toString('base64');
		const original = `{
  // hand-edited
  "appId": "${randomUUID()}",
  "keyCredentials": [
    {
      "keyId": "${dupId}",
      "type": "Symmetric",
      "usage":  "Sign",
      "startDateTime": "${notBefore}",
      "endDateTime": "${late}",
      "key": "${der}"
    },
    { "keyId": "${dupId}", "type": "AsymmetricX509Cert", "usage": "Verify",
      "startDateTime": "${notBefore}", "endDateTime": "${notAfter}", "key": "${der}" }
  ]
}
`;
		writeFileSync(manifestPath, original);
		const uri = vscode.Uri.file(manifestPath);
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		const wanted = ['keycred-bad-type-usage', 'keycred-duplicate-keyid', 'keycred-dates-outside-cert'];
		const diags = await until(() => {
			const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'Entra Cert Kit' && wanted.includes(String(x.code)));
			return d.length >= 4 ? d : undefined;
		}, 'four fixable diagnostics', 30000);
		// Collect every fix first (ranges of the unedited text; each on its own line), then apply them one by one.
		const fixes: vscode.CodeAction[] = [];
		for (const d of diags) {
			const fix = await until(async () => {
				try {
					const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
					return actions.find((a) => a.edit?.entries().some(([u, edits]) => u.toString() === uri.toString() && edits.some((e) => e.range.isEqual(d.range))));
				} catch {
					return undefined;
				}
			}, `a quick fix for ${String(d.code)} at line ${d.range.start.line}`);
			fixes.push(fix);
		}
		const lineOf = (a: vscode.CodeAction) => a.edit!.entries()[0][1][0].range.start.line;
		fixes.sort((a, b) => lineOf(b) - lineOf(a));
		for (const f of fixes) {
			assert.ok(await vscode.workspace.applyEdit(f.edit!), f.title);
		}
		const after = doc.getText();
		const second = JSON.parse(after.replace(/^\s*\/\/.*$/m, '')).keyCredentials;
		assert.equal(second[0].keyId, dupId, 'the first entry keeps its keyId');
		assert.match(second[1].keyId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
		assert.notEqual(second[1].keyId, dupId);
		const expected = original
			.replace('"type": "Symmetric"', '"type": "AsymmetricX509Cert"')
			.replace('"usage":  "Sign"', '"usage":  "Verify"')
			.replace(`"endDateTime": "${late}"`, `"endDateTime": "${notAfter}"`)
			.replace(`{ "keyId": "${dupId}"`, `{ "keyId": "${second[1].keyId}"`);
		assert.equal(after, expected, 'only the four values changed; comment and spacing kept');
		await until(() => (vscode.languages.getDiagnostics(uri).some((x) => wanted.includes(String(x.code))) ? undefined : true), 'the fixed diagnostics to clear');
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	test('Decode Token opens a read-only JSONC view with explanations', async () => {
		const token = assertion({ 'x5t#S256': b64u(Buffer.from(cert.sha256Hex, 'hex')) });
		const uri = await vscode.commands.executeCommand<vscode.Uri>('entraCert.decodeToken', `Bearer ${token}`);
		assert.equal(uri?.scheme, 'entracert');
		const doc = await vscode.workspace.openTextDocument(uri);
		assert.equal(doc.languageId, 'jsonc');
		assert.match(doc.getText(), /"payload": \{/);
		assert.ok(doc.getText().includes(`"iss": "${CLIENT}"`));
		assert.match(doc.getText(), /"exp": \d+,? \/\/ .*UTC|"exp": \d+,? \/\/ .*Z/);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	test('Diagnose reads an AADSTS700027 with an 80-digit thumbprint and names the workspace certificate', async () => {
		const reported = Buffer.from(cert.sha1Hex, 'ascii').toString('hex').toUpperCase();
		const text = `AADSTS700027: Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${reported}', Please visit the Azure Portal]`;
		const result = await vscode.commands.executeCommand<{ kind: string; findings: { code: string; message: string }[] }>('entraCert.diagnose', text);
		assert.equal(result?.kind, 'error');
		const f = result.findings.find((x) => x.code === 'x5t-hex-text');
		assert.ok(f, 'an x5t-hex-text finding');
		assert.ok(f.message.includes(cert.sha1Hex));
		assert.ok(f.message.includes(basename(cert.pem)), f.message);
		await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
	});

	test('Diagnose compares an azure/login federation error with a federated-credential export in the workspace', async () => {
		const repo = `contoso-${randomUUID().slice(0, 8)}/orders`;
		writeFileSync(join(folder, 'fic-export.json'), JSON.stringify([{ name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: `repo:${repo}:ref:refs/heads/main`, audiences: ['api://AzureADTokenExchange'] }], null, 2));
		const text = `Error: AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://token.actions.githubusercontent.com'. Assertion Subject: 'repo:${repo}:environment:production'. Assertion Audience: 'api://AzureADTokenExchange'.`;
		const result = await until(async () => {
			const r = await vscode.commands.executeCommand<{ kind: string; findings: { code: string; message: string; fix: string }[] }>('entraCert.diagnose', text);
			await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
			return r?.findings.some((f) => `${f.message} ${f.fix}`.includes('fic-export.json')) ? r : undefined;
		}, 'a finding naming the export file');
		assert.equal(result.kind, 'error');
		const all = result.findings.map((f) => `${f.message} ${f.fix}`).join('\n');
		assert.match(all, /environment/);
		assert.match(all, /refs\/heads\/main/);
	});

	test('Sign Client Assertion signs PS256 with x5t#S256 that Node verifies with the certificate', async () => {
		const jwt = await vscode.commands.executeCommand<string>('entraCert.signAssertion', { certificate: cert.pem, key: cert.key, clientId: CLIENT, tenant: TENANT, cloud: 'public', alg: 'PS256', output: 'return' });
		assert.ok(jwt);
		const [h, p, s] = jwt.split('.');
		const header = JSON.parse(Buffer.from(h, 'base64url').toString());
		const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
		assert.equal(header.alg, 'PS256');
		assert.equal(header['x5t#S256'], b64u(Buffer.from(cert.sha256Hex, 'hex')));
		assert.equal(payload.aud, `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`);
		assert.equal(payload.iss, CLIENT);
		assert.equal(payload.exp - payload.nbf, 600);
		const ok = createVerify('sha256').update(`${h}.${p}`).verify({ key: new X509Certificate(readFileSync(cert.pem)).publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, Buffer.from(s, 'base64url'));
		assert.ok(ok, 'the PS256 signature verifies with Node crypto');
	});

	test('every command is listed, under the one "Entra Cert" category', async () => {
		const ext = vscode.extensions.getExtension('entra-cert-kit.entra-cert-kit')!;
		const contributed = (ext.packageJSON.contributes.commands as { command: string; category: string }[]);
		const all = await vscode.commands.getCommands(true);
		for (const c of contributed) {
			assert.ok(all.includes(c.command), `${c.command} is not registered`);
		}
		assert.deepEqual([...new Set(contributed.map((c) => c.category))].length, 1);
	});
});
