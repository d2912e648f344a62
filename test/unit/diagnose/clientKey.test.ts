/**
 * The key a client assertion names, against the client's own registration: a certificate registered on another
 * app, or whose registration expired, is what Entra answers AADSTS700027 for. Certificates come from openssl.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DiagnoseContext } from '../../../src/core/diagnose/keys';
import { parseTokenRequest } from '../../../src/core/diagnose/request';
import { requestFindings } from '../../../src/core/diagnose/requestRules';

const NOW = new Date();
const TENANT = '3f1c9b7a-5d2e-4a8b-b6c1-e0f9a8d7c6b5';
const API = 'a1d5e6f7-0b1c-4d2e-8f3a-4b5c6d7e8f90';
const WEB = 'c3f70819-2d3e-4f4a-8b5c-6d7e8f9a0b12';
const DAY = 86400000;

function opensslCert(dir: string, name: string): Buffer {
	const base = join(dir, name);
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.pem`, '-days', '30', '-subj', `/CN=${name}`], { stdio: 'ignore' });
	execFileSync('openssl', ['x509', '-in', `${base}.pem`, '-outform', 'DER', '-out', `${base}.cer`], { stdio: 'ignore' });
	return readFileSync(`${base}.cer`);
}

const b64u = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function assertionFor(der: Buffer, clientId: string): string {
	const header = { alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') };
	const s = Math.floor(NOW.getTime() / 1000);
	const payload = { iss: clientId, sub: clientId, aud: `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`, jti: randomUUID(), nbf: s, iat: s, exp: s + 600 };
	return `${b64u(header)}.${b64u(payload)}.${Buffer.alloc(256, 1).toString('base64url')}`;
}

function manifest(appId: string, der: Buffer, end: Date): string {
	return JSON.stringify({ appId, displayName: appId === API ? 'orders-api' : 'orders-web', keyCredentials: [{ keyId: randomUUID(), type: 'AsymmetricX509Cert', usage: 'Verify', startDateTime: new Date(NOW.getTime() - DAY).toISOString(), endDateTime: end.toISOString(), key: der.toString('base64') }] }, null, 2);
}

function request(clientId: string, assertion: string): string {
	const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, scope: 'https://graph.microsoft.com/.default', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });
	return `curl -X POST https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token -d '${body.toString()}'`;
}

describe('client assertion key against the client app registration', () => {
	let dir: string;
	let apiCert: Buffer;
	let webCert: Buffer;
	before(function () {
		this.timeout(30000);
		dir = mkdtempSync(join(tmpdir(), 'clientkey-'));
		apiCert = opensslCert(dir, 'api');
		webCert = opensslCert(dir, 'web');
	});
	after(() => rmSync(dir, { recursive: true, force: true }));

	const ctx = (apiEnd: Date): DiagnoseContext => ({ now: NOW, manifests: [{ label: 'api.json', text: manifest(API, apiCert, apiEnd) }, { label: 'web.json', text: manifest(WEB, webCert, new Date(NOW.getTime() + 20 * DAY)) }] });
	const errors700027 = (text: string, c: DiagnoseContext) => requestFindings(parseTokenRequest(text), c).filter((f) => f.code === 'AADSTS700027' && f.severity === 'error');

	it('a certificate registered on another app of the workspace: 700027 naming where it is registered', () => {
		const found = errors700027(request(API, assertionFor(webCert, API)), ctx(new Date(NOW.getTime() + 20 * DAY)));
		assert.equal(found.length, 1, JSON.stringify(found));
		assert.match(found[0].message, /web\.json/);
		assert.match(found[0].message, new RegExp(API));
	});

	it('the client\'s own certificate, valid: no 700027', () => {
		assert.deepEqual(errors700027(request(API, assertionFor(apiCert, API)), ctx(new Date(NOW.getTime() + 20 * DAY))), []);
	});

	it('the client\'s own certificate whose keyCredential ended: 700027, the key used is expired', () => {
		const found = errors700027(request(API, assertionFor(apiCert, API)), ctx(new Date(NOW.getTime() - DAY)));
		assert.equal(found.length, 1, JSON.stringify(found));
		assert.match(found[0].message, /expired/);
	});

	it('a client whose manifest is not in the workspace: no claim about where the key is registered', () => {
		const other = 'e5192b3c-4f5a-4b6c-8d7e-8f9a0b1c2d34';
		assert.deepEqual(errors700027(request(other, assertionFor(webCert, other)), ctx(new Date(NOW.getTime() + 20 * DAY))), []);
	});
});
