/**
 * What a write will change, decided and described before it is sent: which method (PATCH when the app has no valid
 * certificate, addKey with a proof when it has one), which keys stay, which is added or removed.
 */
import { CoreError } from '../errors';
import { thumbprints } from '../certificate/thumbprint';
import type { CertificateForManifest } from '../manifest/keyCredential';
import { keyThumbprint } from './match';
import type { GraphApplication, GraphKeyCredential } from './types';

/** Keys that can sign a proof of possession now: certificate keys (Verify, or X509CertAndPassword/Sign) inside their dates. */
export function validCertificateKeys(app: GraphApplication, now: Date): GraphKeyCredential[] {
	const t = now.getTime();
	return app.keyCredentials.filter((k) => {
		const certKey = (k.type === 'AsymmetricX509Cert' && k.usage.toLowerCase() === 'verify') || (k.type === 'X509CertAndPassword' && k.usage.toLowerCase() === 'sign');
		const start = k.startDateTime ? Date.parse(k.startDateTime) : -Infinity;
		const end = k.endDateTime ? Date.parse(k.endDateTime) : Infinity;
		return certKey && !(start > t) && !(end < t);
	});
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A certificate that expires within this many days is flagged in the preview (the view's 'expiring' mark uses the same). */
const EXPIRING_DAYS = 30;

/** A time as Graph writes it (no milliseconds). */
function iso(d: Date): string {
	return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function describeKey(k: GraphKeyCredential): string {
	const t = keyThumbprint(k);
	return `keyId ${k.keyId}${k.displayName ? ` '${k.displayName}'` : ''}${t ? `, SHA-1 ${t.sha1Hex}` : ''}${k.endDateTime ? `, until ${k.endDateTime}` : ''}`;
}

function appLine(app: GraphApplication): string {
	return `Application '${app.displayName}' (appId ${app.appId}, object ID ${app.id})`;
}

export interface WritePlan {
	method: 'patch' | 'addKey' | 'removeKey';
	/** Lines shown before the write, in order. */
	preview: string[];
	/** keyIds that stay as they are. */
	kept: string[];
	removed?: string;
}

/**
 * Plans adding a certificate. With `withProof` the method is addKey (refused when the app has no valid certificate
 * to sign the proof); without, PATCH. Refuses a certificate the app already has (ERR_MANIFEST_DUPLICATE).
 */
export function planAddCertificate(input: { app: GraphApplication; cert: CertificateForManifest; withProof: boolean; now: Date; proofSha1Hex?: string }): WritePlan {
	const { app, cert, now } = input;
	const t = thumbprints(cert.der);
	const dup = app.keyCredentials.find((k) => keyThumbprint(k)?.sha1Hex === t.sha1Hex);
	if (dup) {
		throw new CoreError('ERR_MANIFEST_DUPLICATE', `'${app.displayName}' already has this certificate (${describeKey(dup)}); nothing was changed.`);
	}
	if (cert.notAfter.getTime() <= now.getTime()) {
		throw new CoreError('ERR_INVALID_OPTION', `The certificate expired on ${iso(cert.notAfter)}; Entra would register it but never accept it. Make a new one (entra-cert cert new).`);
	}
	const valid = validCertificateKeys(app, now);
	if (input.withProof) {
		if (valid.length === 0) {
			throw new CoreError('ERR_INVALID_OPTION', `'${app.displayName}' has no valid certificate to sign a proof with, so Graph's addKey cannot be used; add the certificate without --proof-cert (a PATCH of keyCredentials).`);
		}
		if (input.proofSha1Hex && !valid.some((k) => keyThumbprint(k)?.sha1Hex === input.proofSha1Hex?.toUpperCase())) {
			throw new CoreError('ERR_INVALID_OPTION', `The proof certificate (SHA-1 ${input.proofSha1Hex.toUpperCase()}) is not a valid certificate of '${app.displayName}'; sign the proof with one of: ${valid.map(describeKey).join('; ')}.`);
		}
	}
	const method = input.withProof ? 'addKey' : 'patch';
	const daysLeft = Math.floor((cert.notAfter.getTime() - now.getTime()) / DAY_MS);
	const n = app.keyCredentials.length;
	const preview = [
		appLine(app),
		`+ add    '${cert.subject}', SHA-1 ${t.sha1Hex}, valid ${iso(cert.notBefore)} to ${iso(cert.notAfter)}${method === 'addKey' ? ' (Graph assigns the keyId)' : ''}`,
		...app.keyCredentials.map((k) => `= keep   ${describeKey(k)}`),
		method === 'addKey' ? `Method: POST /v1.0/applications/${app.id}/addKey with a proof signed by SHA-1 ${input.proofSha1Hex?.toUpperCase() ?? '(the proof certificate)'}` : `Method: PATCH /v1.0/applications/${app.id} with keyCredentials = ${n === 0 ? 'the new one alone (the app has no keys)' : `the ${n} kept key${n === 1 ? '' : 's'} (by keyId) + the new one`}`,
		...(daysLeft < EXPIRING_DAYS ? [`Warning: the new certificate expires in ${daysLeft < 1 ? 'less than a day' : `${daysLeft} day${daysLeft === 1 ? '' : 's'}`} (${iso(cert.notAfter)}); clients using it will get AADSTS700027 after that. Consider a longer-lived one (entra-cert cert new --days N).`] : []),
		'Nothing else on the application changes.',
	];
	return { method, preview, kept: app.keyCredentials.map((k) => k.keyId) };
}

/**
 * Plans removing a key. With `proofSha1Hex` the method is removeKey (the proof must be signed by a key that stays);
 * without, PATCH. Refuses a keyId the app does not have.
 */
export function planRemoveKey(input: { app: GraphApplication; keyId: string; now: Date; proofSha1Hex?: string }): WritePlan {
	const { app } = input;
	const target = app.keyCredentials.find((k) => k.keyId.toLowerCase() === input.keyId.trim().toLowerCase());
	if (!target) {
		throw new CoreError('ERR_INVALID_OPTION', `'${app.displayName}' has no key with keyId ${input.keyId}; its keys: ${app.keyCredentials.map(describeKey).join('; ') || 'none'}.`);
	}
	const rest = app.keyCredentials.filter((k) => k !== target);
	if (input.proofSha1Hex) {
		const p = input.proofSha1Hex.toUpperCase();
		const staying = validCertificateKeys({ ...app, keyCredentials: rest }, input.now);
		const noneStays = `no valid certificate would stay on '${app.displayName}' to sign it: to remove this key anyway, run without --proof-cert (a PATCH of keyCredentials), or add its successor first`;
		if (keyThumbprint(target)?.sha1Hex === p) {
			throw new CoreError('ERR_INVALID_OPTION', `The proof is signed by the key being removed (${describeKey(target)}); removeKey needs a proof from a key that stays on the app, and ${staying.length > 0 ? `these stay: ${staying.map(describeKey).join('; ')}` : noneStays}.`);
		}
		if (staying.length === 0) {
			throw new CoreError('ERR_INVALID_OPTION', `removeKey needs a proof from a key that stays, and ${noneStays}.`);
		}
		if (!staying.some((k) => keyThumbprint(k)?.sha1Hex === p)) {
			throw new CoreError('ERR_INVALID_OPTION', `The proof certificate (SHA-1 ${p}) is not a valid certificate that stays on '${app.displayName}'; sign the proof with one of the remaining keys.`);
		}
	}
	const method = input.proofSha1Hex ? 'removeKey' : 'patch';
	const preview = [
		appLine(app),
		`- remove ${describeKey(target)}`,
		...rest.map((k) => `= keep   ${describeKey(k)}`),
		method === 'removeKey' ? `Method: POST /v1.0/applications/${app.id}/removeKey with a proof signed by SHA-1 ${input.proofSha1Hex?.toUpperCase() ?? ''}` : `Method: PATCH /v1.0/applications/${app.id} with keyCredentials = the ${rest.length} kept key${rest.length === 1 ? '' : 's'} (by keyId)`,
		...(rest.length === 0 ? ['The app will have no certificate left: clients that authenticate with a certificate will get AADSTS700027.'] : []),
		'Nothing else on the application changes.',
	];
	return { method, preview, kept: rest.map((k) => k.keyId), removed: target.keyId };
}
