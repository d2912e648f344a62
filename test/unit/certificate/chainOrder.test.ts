/**
 * Chain ordering of PEM bundles and PFX contents: leaf first, each issuer after the certificate it issued, the
 * rest in file order; linear in the number of certificates (issue 10: 1,000 certs took 0.65 s, 4,000 took 10 s).
 * Certificates are made by openssl once; many distinct names come from patching fixed-width names in the DER
 * (X509Certificate does not check signatures, and ordering goes by names only).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { orderChain, readCertificateMaterial, toPem } from '../../../src/core/certificate';
import { openssl, opensslBytes, tempDir } from '../helpers/openssl';

/** A certificate with subject CN=S000000 issued by CN=I000000 (EC P-256 keys: quick). */
function template(): Buffer {
	const dir = tempDir('eck-chain-');
	const ca = join(dir, 'ca.pem');
	const caKey = join(dir, 'ca.key');
	const key = join(dir, 'leaf.key');
	const csr = join(dir, 'leaf.csr');
	const leaf = join(dir, 'leaf.pem');
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
	openssl(['req', '-x509', ...ec, '-nodes', '-keyout', caKey, '-out', ca, '-subj', '/CN=I000000', '-days', '30']);
	openssl(['req', '-new', ...ec, '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=S000000']);
	openssl(['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', leaf, '-days', '30']);
	return opensslBytes(['x509', '-in', leaf, '-outform', 'DER']);
}

/** The template with its subject CN set to `subject` and its issuer CN to `issuer` (7 ASCII characters each). */
function named(t: Buffer, subject: string, issuer: string): Uint8Array {
	const out = Buffer.from(t);
	const s = out.indexOf('S000000', 0, 'latin1');
	const i = out.indexOf('I000000', 0, 'latin1');
	assert.ok(s > 0 && i > 0 && subject.length === 7 && issuer.length === 7);
	out.write(subject, s, 'latin1');
	out.write(issuer, i, 'latin1');
	return new Uint8Array(out);
}

const cn = (der: Uint8Array) => new X509Certificate(Buffer.from(der)).subject.replace(/^CN=/, '');
const id = (n: number) => `C${String(n).padStart(6, '0')}`;

/** The ordering rule, stated independently (quadratic; small inputs only). */
function modelOrder(certs: { s: string; i: string }[]): number[] {
	const selfSigned = (c: { s: string; i: string }) => c.s === c.i;
	const issuesAnother = (a: number) => certs.some((b, j) => j !== a && !selfSigned(b) && b.i === certs[a].s);
	let leaf = certs.findIndex((_, a) => !issuesAnother(a));
	if (leaf < 0) {
		leaf = 0;
	}
	const out = [leaf];
	for (let cur = leaf; out.length < certs.length; ) {
		const next = certs.findIndex((c, j) => !out.includes(j) && c.s === certs[cur].i);
		if (next < 0) {
			break;
		}
		out.push(next);
		cur = next;
	}
	return [...out, ...certs.map((_, j) => j).filter((j) => !out.includes(j))];
}

describe('certificate: chain order', function () {
	this.timeout(60000);
	const t = template();

	it('puts the leaf first and each issuer after what it issued, whatever the file order', () => {
		// root (self-signed) <- C000002 <- C000001 <- C000000 (leaf); given shuffled, with an unrelated one.
		const root = named(t, 'C000003', 'C000003');
		const chain = [named(t, id(0), id(1)), named(t, id(1), id(2)), named(t, id(2), id(3)), root];
		const other = named(t, 'X000000', 'Y000000');
		const given = [chain[2], root, chain[0], other, chain[1]];
		assert.deepEqual(orderChain(given).map(cn), ['C000000', 'C000001', 'C000002', 'C000003', 'X000000']);
	});

	it('agrees with the rule on random small bundles (names drawn from a few, so links, loops and duplicates occur)', () => {
		const name = fc.constantFrom('C000000', 'C000001', 'C000002', 'C000003', 'C000004');
		fc.assert(
			fc.property(fc.array(fc.record({ s: name, i: name }), { minLength: 0, maxLength: 8 }), (certs) => {
				const ders = certs.map((c) => named(t, c.s, c.i));
				const got = orderChain(ders);
				const want = modelOrder(certs).map((j) => ders[j]);
				assert.equal(got.length, ders.length);
				got.forEach((d, k) => assert.ok(d === want[k], `position ${k}: ${cn(d)} instead of ${cn(want[k])}`));
			}),
			{ numRuns: 300 },
		);
	});

	it('orders 10,000 shuffled certificates of one chain in well under a second, and reads the 10,000-block PEM bundle', async () => {
		const n = 10000;
		const ders = Array.from({ length: n }, (_, k) => named(t, id(k), id(k + 1)));
		const shuffled = [...ders];
		let seed = 12345;
		for (let k = n - 1; k > 0; k--) {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			const j = seed % (k + 1);
			[shuffled[k], shuffled[j]] = [shuffled[j], shuffled[k]];
		}
		let started = performance.now();
		const ordered = orderChain(shuffled);
		const orderMs = performance.now() - started;
		assert.equal(ordered.length, n);
		ordered.forEach((d, k) => assert.ok(d === ders[k], `position ${k}`));
		assert.ok(orderMs < 1000, `orderChain of ${n}: ${orderMs.toFixed(0)} ms`);

		const pem = shuffled.map((d) => toPem(d, 'CERTIFICATE')).join('');
		started = performance.now();
		const m = await readCertificateMaterial(new TextEncoder().encode(pem), { fileName: 'bundle.pem' });
		const readMs = performance.now() - started;
		assert.equal(m.certificates.length, n);
		assert.equal(cn(m.certificates[0]), 'C000000');
		assert.equal(cn(m.certificates[n - 1]), id(n - 1));
		console.log(`      orderChain ${n}: ${orderMs.toFixed(0)} ms; readCertificateMaterial of the ${(pem.length / 1e6).toFixed(1)} MB bundle: ${readMs.toFixed(0)} ms`);
		assert.ok(readMs < 3000, `reading the ${n}-certificate bundle: ${readMs.toFixed(0)} ms`);
	});

	it('is linear: 8,000 identical self-signed certificates (the worst case of the old search) in under a second', () => {
		const same = named(t, 'C000000', 'C000000');
		const ders = Array.from({ length: 8000 }, () => same.slice());
		const started = performance.now();
		const ordered = orderChain(ders);
		const ms = performance.now() - started;
		assert.equal(ordered.length, ders.length);
		assert.ok(ordered.every((d, k) => d === ders[k]), 'identical certificates keep their file order');
		assert.ok(ms < 5000, `${ms.toFixed(0)} ms`);
	});
});

