/**
 * Core results as the webview's plain data: findings, and tokens decoded with one explained row per claim.
 */
import type { Finding } from '../../core/findings';
import type { ClaimExplanation } from '../../core/jwt';
import type { DiagnoseContext } from '../../core/diagnose';
import type { ClaimRow, FindingView, TokenView } from '../../shared/workbench';

export function findingViews(findings: readonly Finding[]): FindingView[] {
	return findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message, fix: f.fix, ...(f.uncertain ? { uncertain: true } : {}) }));
}

function valueText(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The explanation a claim row carries: meaning, what the value means, and for times UTC + relative. */
export function claimRow(c: ClaimExplanation): ClaimRow {
	const parts = [c.meaning ?? 'Not in the claim catalog.'];
	if (c.valueMeaning) {
		parts.push(c.valueMeaning);
	}
	if (c.time) {
		parts.push(`${c.time.utc} (${c.time.relative})`);
	}
	return { name: c.name, value: valueText(c.value), explanation: parts.join(' — '), ...(c.time ? { note: `${c.time.utc.replace(/\.000Z$/, 'Z')} · ${c.time.relative}` } : {}) };
}

/** An app registration of the workspace, for naming the apps a token's aud, azp or appid point at. */
export interface KnownApp {
	appId: string;
	displayName?: string;
	manifest: string;
	identifierUris: string[];
}

const APP_CLAIMS = ['aud', 'azp', 'appid', 'iss', 'sub'];

/** "Contoso Orders API (manifests/orders.json)" for a claim whose value is a workspace app's ID or URI. */
function appNote(row: ClaimRow, apps: readonly KnownApp[]): string | undefined {
	if (!APP_CLAIMS.includes(row.name)) {
		return undefined;
	}
	const v = row.value.toLowerCase();
	const app = apps.find((a) => a.appId.toLowerCase() === v || a.identifierUris.some((u) => u.toLowerCase() === v));
	return app ? `${app.displayName ?? app.appId} (${app.manifest})` : undefined;
}

/** A token decoded and explained (claims, summary, diagnose's findings); an opaque token (refresh) as is. */
export async function tokenView(name: string, value: string, context: DiagnoseContext, apps: readonly KnownApp[] = []): Promise<TokenView> {
	const jwt = await import('../../core/jwt');
	let decoded;
	try {
		decoded = jwt.decodeJwt(value);
	} catch {
		return { name, value, jwt: false, header: [], payload: [], findings: [], summary: name === 'refresh_token' ? 'Opaque refresh token (Entra refresh tokens are not JWTs).' : 'Not a JWT.' };
	}
	const explained = jwt.explainToken(decoded, context.now);
	const { diagnose } = await import('../../core/diagnose');
	let findings: Finding[];
	try {
		findings = diagnose(value, context).findings;
	} catch {
		findings = [];
	}
	return {
		name,
		value,
		jwt: true,
		kind: explained.kind,
		summary: explained.summary,
		header: explained.header.map(claimRow),
		payload: explained.payload.map(claimRow).map((row) => {
			const note = row.note ?? appNote(row, apps);
			return note ? { ...row, note } : row;
		}),
		findings: findingViews(findings),
	};
}
