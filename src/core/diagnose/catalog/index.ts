/**
 * The AADSTS catalog as data: every code of Microsoft's public error-code reference, plus the codes met in
 * public reports that the page lacks. Each entry is written in the kit's own words from the sources it names.
 *
 * The entries live in JSON files beside this one (split so that they can be written and reviewed in parts);
 * this module only merges and indexes them. Nothing here decides a cause: the rules in ../ do that, and
 * name the catalog's entry for the codes they see.
 */
import codes1 from './codes-1.json';
import codes2 from './codes-2.json';
import codes3 from './codes-3.json';
import codesExtra from './codes-extra.json';

/** The kit's rules that can check a code against the artifact and the user's files. */
export const RULE_IDS = [
	/** x5t / x5t#S256 / alg / kid in the assertion header, matched against workspace certificates. */
	'assertion-header',
	/** iss / sub / aud / exp / nbf / jti of a client assertion. */
	'assertion-claims',
	/** The thumbprint Entra reports in AADSTS700027, read for its shape and matched against certificates and manifests. */
	'reported-thumbprint',
	/** client_id, tenant and other IDs: GUID shape, client ID = tenant ID, the app registered in a workspace manifest. */
	'request-ids',
	/** The credential the request sends (secret, assertion, none) against the grant and the manifest's platforms. */
	'request-credential',
	/** scope / resource forms: /.default, one resource per request, scopes the manifests expose. */
	'scope',
	/** Authority host, tenant segment, cloud, v1/v2 endpoint. */
	'authority',
	/** The On-Behalf-Of user assertion: audience, issuer, app-only, Graph tokens, swapped parameters. */
	'obo-assertion',
	/** code_verifier / code_challenge and authorization-code redemption. */
	'pkce',
	/** redirect_uri against the manifest's registered redirect URIs. */
	'redirect-uri',
	/** Workload identity federation: iss / sub / aud of the presented token against federatedIdentityCredentials. */
	'federated-credential',
	/** keyCredentials in a manifest: encoding, dates, type/usage, customKeyIdentifier. */
	'manifest-lint',
	/** Times of an assertion or token against the error's own timestamps, with a stated clock-skew tolerance. */
	'times',
	/** Loading a certificate or key before any request (OpenSSL, .NET, MSAL, azure-identity messages). */
	'local-certificate',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Broad families, for grouping and for the README's troubleshooting section. */
export const FAMILIES = [
	'client-certificate',
	'client-secret',
	'client-assertion',
	'federation',
	'on-behalf-of',
	'scope-resource',
	'consent',
	'tenant-authority',
	'app-registration',
	'auth-code-pkce',
	'refresh-token',
	'user-sign-in',
	'conditional-access',
	'federated-idp',
	'device',
	'service',
	'other',
] as const;
export type Family = (typeof FAMILIES)[number];

export interface CatalogEntry {
	/** Digits only: '700027'. */
	code: string;
	/** Microsoft's internal name where the sources give one ('InvalidClientCredential'). */
	name?: string;
	/** A short title in the kit's words. */
	title: string;
	/** The OAuth `error` value the code usually comes with, where known ('invalid_client'). */
	error?: string;
	family: Family;
	/** What it means, in the kit's own words. */
	meaning: string;
	/** The causes that produce it in practice, most common first, each a sentence. */
	causes: string[];
	/** What to do. */
	fix: string;
	/** Where to look when the artifact alone can't decide (portal blade, manifest property, Graph query). */
	check?: string;
	/** URLs: Microsoft's reference page, and the public reports and docs the causes come from. */
	sources: string[];
	/** The kit's rules that check this code against the artifact and the user's files. */
	rules: RuleId[];
	/** Set where the sources disagree; says about what. */
	uncertain?: string;
}

interface CatalogFile {
	entries: CatalogEntry[];
}

const FILES: CatalogFile[] = [codes1 as CatalogFile, codes2 as CatalogFile, codes3 as CatalogFile, codesExtra as CatalogFile];

let index: Map<string, CatalogEntry> | undefined;

/** Every entry, by code (built once, on first use). */
export function catalog(): ReadonlyMap<string, CatalogEntry> {
	if (!index) {
		index = new Map();
		for (const f of FILES) {
			for (const e of f.entries) {
				index.set(e.code, e);
			}
		}
	}
	return index;
}

/** The entry for a code ('700027' or 'AADSTS700027'), if the catalog has it. */
export function catalogEntry(code: string | number): CatalogEntry | undefined {
	return catalog().get(String(code).replace(/^AADSTS/i, ''));
}

/** The files' entries as written, for the tests that check them (duplicates, sources, rules). */
export function catalogFiles(): readonly CatalogFile[] {
	return FILES;
}
