/**
 * Redaction, field by field (written for the mutation run, issue 10). The secret-bearing names are the OAuth ones:
 * client_secret, code, refresh_token, password, access_token (RFC 6749 §2.3.1, §4.1.2, §6, §4.3.2, §5.1),
 * client_assertion and assertion (RFC 7521/7523), code_verifier (RFC 7636), id_token (OpenID Connect Core §3.1.3.3).
 */
import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { redact } from '../../../src/core/token/redact';

const SECRET_NAMES = ['client_secret', 'client_assertion', 'assertion', 'refresh_token', 'code', 'code_verifier', 'password', 'access_token', 'id_token'];
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('mutation: redact, every secret field in forms and JSON', () => {
	for (const name of SECRET_NAMES) {
		it(`${name}: the value is gone from a form body and from JSON; the names and other fields stay`, () => {
			const secret = `S3cr3t-${name}.~x`;
			assert.equal(redact(`client_id=app&${name}=${secret}&scope=a%20b`), `client_id=app&${name}=[redacted]&scope=a%20b`);
			assert.equal(redact(`{"${name}":"${secret}","token_type":"Bearer"}`), `{"${name}":"[redacted]","token_type":"Bearer"}`);
			assert.equal(redact(`{ "${name}" :  "${secret}" }`), `{ "${name}" :  "[redacted]" }`);
			assert.equal(redact(`${name}=${secret} next`), `${name}=[redacted] next`, 'a value ends at whitespace');
		});
	}

	it('names that only end like a secret field are not redacted; ordinary fields and text stay byte for byte', () => {
		for (const text of ['grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default', '{"token_type":"Bearer","expires_in":3599}', 'zipcode=12345', 'x_password=shown']) {
			assert.equal(redact(text), text);
		}
	});

	it('redacts every occurrence, not only the first', () => {
		assert.equal(redact('code=a1&x=1&code=b2&password=c3&password=d4'), 'code=[redacted]&x=1&code=[redacted]&password=[redacted]&password=[redacted]');
	});
});

describe('mutation: redact, PEM blocks and JWTs', () => {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
	const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
	const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;

	it('a private key (PKCS#8, PKCS#1) is replaced by a marker naming it; a certificate is omitted, the text around kept', () => {
		assert.equal(redact(`key:\n${pkcs8}done`), 'key:\n[PRIVATE KEY redacted]\ndone');
		assert.equal(redact(`a ${pkcs1}b`), 'a [RSA PRIVATE KEY redacted]\nb');
		const cert = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
		assert.equal(redact(`cert ${cert} end`), 'cert [CERTIFICATE omitted] end');
		assert.equal(redact(`${cert}\n${cert}`), '[CERTIFICATE omitted]\n[CERTIFICATE omitted]', 'each block on its own, not one span from the first BEGIN to the last END');
	});

	it('a BEGIN without its matching END is left as it is (nothing to delimit)', () => {
		const text = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END CERTIFICATE-----';
		assert.equal(redact(text), text);
	});

	it('a JWS keeps its first 10 characters and its length; a JWE (5 parts) is redacted whole', () => {
		const jws = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ sub: 'user', aud: 'api://x' })}.c2lnbmF0dXJlLWJ5dGVz`;
		assert.equal(redact(`Bearer ${jws}`), `Bearer ${jws.slice(0, 10)}…[JWT redacted, ${jws.length} chars]`);
		const unsigned = `${b64({ alg: 'none' })}.${b64({ sub: 'user' })}.`;
		assert.equal(redact(unsigned), `${unsigned.slice(0, 10)}…[JWT redacted, ${unsigned.length} chars]`);
		const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVk.aXZpdml2.Y2lwaGVydGV4dA.dGFndGFn`;
		assert.equal(redact(`t=${jwe};`), `t=${jwe.slice(0, 10)}…[JWT redacted, ${jwe.length} chars];`);
	});

	it('dotted names and short eyJ words are not tokens', () => {
		for (const text of ['login.microsoftonline.com', 'eyJ.a.b', 'eyJabc.de.fg', 'key eyJhbGci only']) {
			assert.equal(redact(text), text);
		}
	});
});
