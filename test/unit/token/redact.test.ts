import * as assert from 'node:assert/strict';
import { generateKeyPairSync, createSign } from 'node:crypto';
import { redact } from '../../../src/core/token/redact';

function jwt(): string {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const h = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
	const p = Buffer.from(JSON.stringify({ sub: 'x', exp: 1 })).toString('base64url');
	const s = createSign('RSA-SHA256').update(`${h}.${p}`).sign(privateKey).toString('base64url');
	return `${h}.${p}.${s}`;
}

describe('redact', () => {
	const token = jwt();
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

	const cases: { name: string; input: string; gone: string[]; kept: string[] }[] = [
		{ name: 'a JWT in a log line', input: `sent Authorization: Bearer ${token} ok`, gone: [token.split('.')[1], token.split('.')[2]], kept: ['Bearer', 'ok'] },
		{ name: 'a private key PEM', input: `key:\n${keyPem}`, gone: [keyPem.split('\n')[1]], kept: ['PRIVATE KEY redacted'] },
		{ name: 'form secrets', input: 'client_id=abc&client_secret=S3cr3t~x&scope=a', gone: ['S3cr3t~x'], kept: ['client_id=abc', 'scope=a'] },
		{ name: 'JSON secrets', input: '{"refresh_token":"0.AAA-secret","token_type":"Bearer"}', gone: ['0.AAA-secret'], kept: ['token_type'] },
		{ name: 'code_verifier', input: 'code=xyz123&code_verifier=verifier456', gone: ['xyz123', 'verifier456'], kept: ['code='] },
	];
	for (const c of cases) {
		it(`removes ${c.name}`, () => {
			const out = redact(c.input);
			for (const g of c.gone) {
				assert.ok(!out.includes(g), `${g} still in ${out}`);
			}
			for (const k of c.kept) {
				assert.ok(out.includes(k), `${k} missing from ${out}`);
			}
		});
	}

	it('leaves ordinary text alone', () => {
		assert.equal(redact('certificate CN=app expires in 3 days'), 'certificate CN=app expires in 3 days');
	});
});
