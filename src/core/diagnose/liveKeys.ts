/**
 * An assertion's thumbprint against the app's live keys: the keyCredentials Entra (or the sandbox's emulated Graph)
 * reported for the client when the user is signed in. The workspace's manifests are a copy that may be stale; the
 * registration in Entra is what Entra looks the key up in (entra-rules §5: "The key was not found").
 *
 * Graph reports a key's SHA-1 only (customKeyIdentifier, base64 of the 20 hash bytes), and the certificate itself
 * (`key`) only when it is selected on a single object. An x5t#S256 is therefore matched through the certificate:
 * the live key's `key` when Graph returned it, else a workspace certificate or manifest key with that SHA-256.
 */
import { thumbprints } from '../certificate/thumbprint';
import { decodeAnyBase64 } from '../encoding';
import type { Finding } from '../findings';
import { keyThumbprint } from '../graph/match';
import type { GraphKeyCredential } from '../graph/types';
import { knownKeys, type DiagnoseContext } from './keys';

/** One app's keys as Graph reported them, with where and when they were read. */
export interface LiveRegistration {
	/** The application (client) ID. */
	appId: string;
	displayName?: string;
	/** Where the keys were read, in words: "Entra (signed in as avery@contoso.com)", "the sandbox at http://127.0.0.1:5123". */
	source: string;
	fetchedAt: Date;
	/** As Graph reports them: keyId, displayName, customKeyIdentifier, startDateTime, endDateTime, usage, type (and key when selected). */
	keyCredentials: GraphKeyCredential[];
}

/** The live registration of an app, if the context holds one. */
export function liveRegistrationFor(context: Pick<DiagnoseContext, 'liveKeys'>, appId: string | undefined): LiveRegistration | undefined {
	const id = appId?.trim().toLowerCase();
	if (!id) {
		return undefined;
	}
	return context.liveKeys?.find((r) => r.appId.trim().toLowerCase() === id);
}

/** Notes that a rule looked for the live keys of an app (a caller fetches those it lacks, and says what it used). */
function want(context: DiagnoseContext, appId: string | undefined): void {
	if (appId && context.liveWanted) {
		context.liveWanted.add(appId.trim().toLowerCase());
	}
}

function hhmm(d: Date): string {
	return Number.isNaN(d.getTime()) ? '?' : `${d.toISOString().slice(11, 16)} UTC`;
}

/** "the live registration in Entra (signed in as …), fetched 12:03 UTC" */
function liveSourceText(live: LiveRegistration): string {
	return `the live registration in ${live.source}, fetched ${hhmm(live.fetchedAt)}`;
}

/**
 * One short line saying what a thumbprint was checked against for this app: its live keys, or the workspace only
 * (and why, when the caller said: not signed in, the fetch failed).
 * @example
 * checkSourceLine(ctx, 'a1b2…'); // 'Checked against the live registration in Entra (signed in as a@contoso.com), fetched 12:03 UTC.'
 */
export function checkSourceLine(context: DiagnoseContext, appId: string | undefined): string {
	const live = liveRegistrationFor(context, appId);
	if (live) {
		return `Checked against ${liveSourceText(live)}${live.displayName ? ` (app "${live.displayName}", ${live.keyCredentials.length} key${live.keyCredentials.length === 1 ? '' : 's'})` : ''}.`;
	}
	const certs = new Set((context.certificates ?? []).map((c) => c.sha1Hex)).size;
	const manifests = context.manifests?.length ?? 0;
	const why = context.liveNote ?? (context.liveKeys && context.liveKeys.length > 0 && appId ? `the live keys of ${appId} were not read` : undefined);
	return `Checked against workspace manifests only (${certs} certificate${certs === 1 ? '' : 's'}, ${manifests} manifest${manifests === 1 ? '' : 's'})${why ? `: ${why}` : ''}.`;
}

interface LiveKey {
	k: GraphKeyCredential;
	sha1Hex?: string;
	sha256Hex?: string;
}

function liveKeysOf(live: LiveRegistration): LiveKey[] {
	return live.keyCredentials.map((k) => {
		const der = typeof k.key === 'string' && k.key.trim() ? decodeAnyBase64(k.key) : undefined;
		const t = der && der.length > 0 ? thumbprints(der) : undefined;
		return { k, sha1Hex: keyThumbprint(k)?.sha1Hex, ...(t ? { sha256Hex: t.sha256Hex } : {}) };
	});
}

function time(s: string | null | undefined): number | undefined {
	if (!s) {
		return undefined;
	}
	const t = Date.parse(s);
	return Number.isNaN(t) ? undefined : t;
}

function keyName(k: GraphKeyCredential): string {
	return `${k.displayName ? `'${k.displayName}' ` : ''}(keyId ${k.keyId})`;
}

/** How usable a matching live key is now: 0 valid Verify, 1 not yet valid, 2 expired, 3 not a Verify key. */
function rank(k: GraphKeyCredential, now: number): number {
	if ((k.usage ?? '').toLowerCase() !== 'verify') {
		return 3;
	}
	const end = time(k.endDateTime);
	if (end !== undefined && end < now) {
		return 2;
	}
	const start = time(k.startDateTime);
	return start !== undefined && start > now ? 1 : 0;
}

/**
 * Findings for a thumbprint (a hash as hex) that names the client `appId`'s certificate, against that app's live keys;
 * undefined when the context holds no live registration for the app (then the workspace check stands alone).
 * `name` is where the value came from ("x5t", "x5t#S256", "the reported thumbprint"); `meant` is set when the value
 * was wrongly encoded and this is the hash it was meant to carry (the finding then only says whether that
 * certificate is registered, the encoding finding says what to fix).
 */
export function liveThumbprintFindings(name: string, form: 'sha1Hex' | 'sha256Hex', hex: string, appId: string | undefined, context: DiagnoseContext, meant = false): Finding[] | undefined {
	const live = liveRegistrationFor(context, appId);
	want(context, appId);
	if (!live) {
		return undefined;
	}
	const hash = hex.replace(/:/g, '').toUpperCase();
	const algo = form === 'sha1Hex' ? 'SHA-1' : 'SHA-256';
	const keys = liveKeysOf(live);
	const app = `app ${live.appId}${live.displayName ? ` ("${live.displayName}")` : ''}`;
	const source = liveSourceText(live);
	const now = context.now.getTime();
	// The SHA-1 the key lookup needs: the hash itself, or through a certificate whose SHA-256 it is.
	let sha1 = form === 'sha1Hex' ? hash : undefined;
	let via = '';
	if (!sha1) {
		const direct = keys.find((x) => x.sha256Hex === hash);
		if (direct?.sha1Hex) {
			sha1 = direct.sha1Hex;
			via = ' (matched by the certificate Graph returned with the key)';
		} else {
			const known = knownKeys(context).find((x) => x.t.sha256Hex === hash);
			if (known) {
				sha1 = known.t.sha1Hex;
				via = ` (its SHA-1 ${sha1} taken from ${known.label})`;
			}
		}
	}
	if (!sha1) {
		return [{
			severity: 'warning',
			code: 'live-key-sha256-undecided',
			message: `${name} names SHA-256 ${hash}. Graph reports each key's SHA-1 only (customKeyIdentifier), and no certificate in the workspace has this SHA-256, so the kit can't tell whether the ${keys.length} live key${keys.length === 1 ? '' : 's'} of ${app} include it. Checked against ${source}.`,
			fix: `Open the folder holding the certificate you sign with (its SHA-1 is then known), or compare that certificate's SHA-1 with the Thumbprint column of the app's Certificates & secrets${keys.length ? ` (live: ${keys.map((x) => x.sha1Hex ?? '?').slice(0, 3).join(', ')})` : ''}.`,
		}];
	}
	const hits = keys.filter((x) => x.sha1Hex === sha1).sort((a, b) => rank(a.k, now) - rank(b.k, now));
	if (hits.length === 0) {
		if (meant) {
			return [{
				severity: 'error',
				code: 'live-key-not-registered',
				message: `The certificate ${name} was meant to name (${algo} ${hash}${via}) is not registered on ${app} either: none of its ${keys.length} live key${keys.length === 1 ? '' : 's'} has SHA-1 ${sha1}. Checked against ${source}.`,
				fix: 'Fix the encoding and register this certificate on the app (Entra Cert: Add Certificate to App, or upload the .cer in the portal), or sign with one of its registered certificates.',
			}];
		}
		const listed = keys.slice(0, 3).map((x) => `${x.sha1Hex ?? '?'} ${keyName(x.k)}`).join('; ');
		return [{
			severity: 'error',
			code: 'AADSTS700027',
			message: `${name} names ${algo} ${hash}${via}, which is not registered on ${app} in Entra: none of its ${keys.length} live key${keys.length === 1 ? '' : 's'} has SHA-1 ${sha1}, so Entra answers "The key was not found". Checked against ${source}.`,
			fix: `Register this certificate on the app (Entra Cert: Add Certificate to App, or upload the .cer in the portal), or sign with one it has${listed ? `: ${listed}` : ''}. Check too that the client ID is the app you meant.`,
		}];
	}
	const best = hits[0].k;
	const end = time(best.endDateTime);
	const start = time(best.startDateTime);
	const day = (t: number | undefined) => (t === undefined ? '?' : new Date(t).toISOString().slice(0, 10));
	const what = `${algo} ${hash}${via} ${meant ? `meant by ${name}` : `in ${name}`} is registered in Entra on ${app}: key ${keyName(best)}`;
	switch (rank(best, now)) {
		case 3:
			return [{
				severity: 'error',
				code: 'live-key-not-verify',
				message: `${what}, but with type ${best.type} and usage ${best.usage}. A client certificate is registered as AsymmetricX509Cert with usage Verify; a Sign key is the app's own token-signing key, and Entra most likely answers AADSTS700027 for an assertion that names it. Checked against ${source}.`,
				fix: 'Register the certificate as a client credential (type AsymmetricX509Cert, usage Verify: Entra Cert: Add Certificate to App, or upload the .cer in the portal).',
			}];
		case 2:
			return [{
				severity: 'error',
				code: 'AADSTS700027',
				message: `${what}, which expired on ${new Date(end!).toISOString()}; Entra refuses it ("The key used is expired"). Checked against ${source}.`,
				fix: 'Make a new certificate, add it to the app (Entra Cert: Roll Certificate), sign with it, then remove the expired key.',
			}];
		case 1:
			return [{
				severity: 'error',
				code: 'live-key-not-yet-valid',
				message: `${what}, which is valid only from ${new Date(start!).toISOString()} (its startDateTime); before then Entra does not accept it (expect AADSTS700027). Checked against ${source}.`,
				fix: 'Wait until the startDateTime, or sign with a key of the app that is valid now; check the clock of the machine that set the dates.',
			}];
		default:
			return [{
				severity: 'info',
				code: 'live-key-registered',
				message: `${what}, type ${best.type}, usage ${best.usage}, valid until ${day(end)}. Checked against ${source}.`,
				fix: meant ? 'Fix the encoding as described; the certificate is registered.' : 'Nothing to fix here: the key is registered and valid. If Entra still refuses the assertion, the signature is what fails (the private key must pair with this certificate).',
			}];
	}
}
