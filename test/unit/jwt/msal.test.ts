/**
 * Interop with @azure/msal-node (an independent implementation): a ConfidentialClientApplication with a
 * certificate credential and a network client that answers discovery offline and captures the token request.
 */
import assert from 'node:assert/strict';
import { signClientAssertion } from '../../../src/core/jwt/assertion';
import { verifyJwt } from '../../../src/core/jwt/verify';
import { explainToken } from '../../../src/core/jwt/claims';
import { decodeJwt } from '../../../src/core/jwt/decode';
import { makeCert, splitJws, type TestCert } from './keys';
import { CLIENT, TENANT, TOKEN_ENDPOINT, msalAssertion } from '../helpers/msal';

describe('jwt interop with @azure/msal-node', function () {
	this.timeout(60000);
	let cert: TestCert;
	before(() => {
		cert = makeCert({ rsaBits: 2048 });
	});

	it('thumbprintSha256 mode: PS256 + x5t#S256; verifyJwt accepts it with the certificate', async () => {
		const { assertion, form } = await msalAssertion(cert, 'thumbprintSha256');
		assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
		const { header, payload } = splitJws(assertion);
		assert.equal(header.alg, 'PS256');
		assert.equal(header['x5t#S256'], Buffer.from(cert.sha256Hex, 'hex').toString('base64url'));
		assert.equal(header.x5t, undefined);
		assert.equal(payload.aud, TOKEN_ENDPOINT);
		assert.equal(payload.iss, CLIENT);
		assert.equal(payload.sub, CLIENT);
		const now = new Date(Number(payload.nbf) * 1000);
		const r = await verifyJwt(assertion, { certificateDer: cert.certDer }, now);
		assert.deepEqual([r.signatureValid, r.time, r.findings], [true, 'valid', []]);
		assert.equal(explainToken(decodeJwt(assertion), now).kind, 'client-assertion');
	});

	it('thumbprint (SHA-1) mode: RS256 + x5t; verifyJwt accepts it with the certificate', async () => {
		const { assertion } = await msalAssertion(cert, 'thumbprint');
		const { header, payload } = splitJws(assertion);
		assert.equal(header.alg, 'RS256');
		assert.equal(header.x5t, Buffer.from(cert.sha1Hex, 'hex').toString('base64url'));
		assert.equal(header['x5t#S256'], undefined);
		const r = await verifyJwt(assertion, { certificateDer: cert.certDer }, new Date(Number(payload.nbf) * 1000));
		assert.equal(r.signatureValid, true);
		assert.equal(r.keyUsed, `thumbprint:${cert.sha1Hex}`);
	});

	it('our PS256 assertion has the same header field names and claim names as msal-node\'s', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprintSha256')).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, now: new Date() }));
		assert.deepEqual(Object.keys(ours.header).sort(), Object.keys(theirs.header).sort());
		assert.deepEqual(Object.keys(ours.payload).sort(), Object.keys(theirs.payload).sort());
		assert.deepEqual([ours.header.alg, ours.header['x5t#S256'], ours.payload.aud], [theirs.header.alg, theirs.header['x5t#S256'], theirs.payload.aud]);
		assert.equal(Number(theirs.payload.exp) - Number(theirs.payload.nbf), 600, 'msal-node lifetime is 600 s');
	});

	it('our RS256 assertion matches msal-node\'s SHA-1 mode too', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprint')).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, alg: 'RS256', now: new Date() }));
		assert.deepEqual(Object.keys(ours.header).sort(), Object.keys(theirs.header).sort());
		assert.deepEqual(Object.keys(ours.payload).sort(), Object.keys(theirs.payload).sort());
		assert.equal(ours.header.x5t, theirs.header.x5t);
	});

	it('x5c: msal-node sends an array of standard-base64 DER, as we do', async () => {
		const theirs = splitJws((await msalAssertion(cert, 'thumbprintSha256', true)).assertion);
		const ours = splitJws(await signClientAssertion({ certificateDer: cert.certDer, privateKeyPkcs8: cert.pkcs8Der, clientId: CLIENT, tenant: TENANT, x5c: true, now: new Date() }));
		assert.deepEqual(ours.header.x5c, theirs.header.x5c);
	});

	it('msal-node 7 emits exactly: header alg, typ, x5t#S256 | x5t; claims aud, exp, iss, sub, nbf, jti, iat', async () => {
		for (const [mode, field, alg] of [['thumbprintSha256', 'x5t#S256', 'PS256'], ['thumbprint', 'x5t', 'RS256']] as const) {
			const { header, payload } = splitJws((await msalAssertion(cert, mode)).assertion);
			assert.deepEqual(Object.keys(header).sort(), ['alg', field, 'typ'].sort());
			assert.deepEqual([header.alg, header.typ], [alg, 'JWT']);
			assert.deepEqual(Object.keys(payload).sort(), ['aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'sub']);
			// nbf comes from msal's rounded clock, iat from jsonwebtoken's floored one: they may differ by 1 s.
			assert.ok(Math.abs(Number(payload.iat) - Number(payload.nbf)) <= 1);
		}
	});
});
