/**
 * Builds the core's DiagnoseContext from the workspace index: the user's own certificates and
 * manifests, so findings can say "this is the thumbprint of certs/app.pem" or "no manifest registers it";
 * and, when the user is signed in to Microsoft Graph (Registrations view), the apps' live keys as last read.
 */
import * as vscode from 'vscode';
import { checkSourceLine, diagnose, type DiagnoseContext, type Diagnosis } from '../../core/diagnose';
import { liveKeys, LIVE_FETCH_TIMEOUT_MS } from './liveKeys';
import type { WorkspaceIndex } from './workspaceIndex';

const NOT_SIGNED_IN = 'not signed in to Microsoft Graph (Registrations view)';

/** Context from what the index knows; `wait` waits for the first scan (commands), hovers don't. Never fetches. */
export async function diagnoseContext(index: WorkspaceIndex, wait: boolean, clientId?: string): Promise<DiagnoseContext> {
	if (wait) {
		await index.ready();
	}
	const { certificates, manifests } = index.peek();
	const config = vscode.workspace.getConfiguration('entraCert');
	const signedIn = liveKeys.signedInSource !== undefined;
	return {
		now: new Date(),
		clientId: clientId ?? (config.get<string>('defaultClientId') || undefined),
		certificates: certificates.flatMap((c) =>
			c.info
				? [{
					label: vscode.workspace.asRelativePath(c.uri),
					sha1Hex: c.info.sha1Hex,
					sha256Hex: c.info.sha256Hex,
					x5t: c.info.x5t,
					x5tS256: c.info.x5tS256,
					customKeyIdentifier: c.info.customKeyIdentifier,
					subject: c.info.subject,
					notBefore: c.info.notBefore,
					notAfter: c.info.notAfter,
				}]
				: [],
		),
		manifests: manifests.map((m) => ({ label: vscode.workspace.asRelativePath(m.uri), text: m.text })),
		// The live keys only from the cache: what the Registrations view last read in this session.
		liveKeys: signedIn ? liveKeys.all() : [],
		...(signedIn ? {} : { liveNote: NOT_SIGNED_IN }),
	};
}

export interface LiveDiagnosis {
	diagnosis: Diagnosis;
	context: DiagnoseContext;
	/** One short line per app whose keys a thumbprint was checked for: live (source, time) or workspace only (why). */
	sourceLines: string[];
}

/**
 * diagnose() with the live keys: reads the cache; with `fetch` (Diagnose, Send: never a hover or a preview), when
 * signed in and an app the text names was not read yet, reads it (bounded by a short timeout) and diagnoses again;
 * a failed or slow read falls back to the workspace, and the line says so.
 */
export async function diagnoseWithLiveKeys(text: string, context: DiagnoseContext, options: { fetch: boolean }): Promise<LiveDiagnosis> {
	const wanted = new Set<string>();
	let ctx: DiagnoseContext = { ...context, liveWanted: wanted };
	let diagnosis = diagnose(text, ctx);
	const missing = [...wanted].filter((id) => !ctx.liveKeys?.some((r) => r.appId.toLowerCase() === id));
	if (options.fetch && missing.length > 0 && liveKeys.signedInSource !== undefined) {
		const got = await Promise.all(missing.slice(0, 3).map((id) => liveKeys.fetch(id, LIVE_FETCH_TIMEOUT_MS)));
		const failures = got.flatMap((g) => ('error' in g ? [g.error] : []));
		ctx = { ...context, liveKeys: liveKeys.all(), ...(failures.length ? { liveNote: failures.join('; ') } : {}), liveWanted: new Set() };
		diagnosis = diagnose(text, ctx);
	}
	const { liveWanted: _w, ...clean } = ctx;
	return { diagnosis, context: clean, sourceLines: [...wanted].map((id) => checkSourceLine(clean, id)) };
}
