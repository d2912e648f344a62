/**
 * The workbench's request history for this workspace (workspaceState). Entries hold the redacted request, the
 * status and the non-secret form. Tokens are kept only when `entraCert.workbench.keepTokens` is on; client
 * secrets and assertions never (the request text is redacted before it gets here, and checked again).
 */
import type * as vscode from 'vscode';
import { redact } from '../../core/token/redact';
import type { HistoryEntry, WorkbenchForm, WorkbenchResult } from '../../shared/workbench';

const KEY = 'entraCert.workbench.history';
export const HISTORY_LIMIT = 50;

/** Text that must be safe to keep: markers from requestAsHttpText stay; anything that slipped through is redacted. */
function safe(text: string | undefined): string | undefined {
	if (text === undefined) {
		return undefined;
	}
	// requestAsHttpText already wrote '[client assertion redacted, N chars]' markers; redact() catches a JWT or PEM
	// anywhere else without touching those markers (they contain no '=' directly followed by a value).
	return text
		.split('\n')
		.map((line) => (/=\[[a-z ]+ (redacted|empty)/.test(line) ? line : redact(line)))
		.join('\n');
}

export class WorkbenchHistory {
	constructor(private readonly state: vscode.Memento) {}

	entries(): HistoryEntry[] {
		return this.state.get<HistoryEntry[]>(KEY, []);
	}

	find(id: string): HistoryEntry | undefined {
		return this.entries().find((e) => e.id === id);
	}

	async add(form: WorkbenchForm, result: WorkbenchResult, keepTokens: boolean): Promise<HistoryEntry> {
		const entry: HistoryEntry = {
			// The global Web Crypto, not node:crypto: register.ts reads the history at activation, and loading
			// node:crypto then would cost activation several milliseconds.
			id: globalThis.crypto.randomUUID(),
			at: result.sentAt,
			targetLabel: result.targetLabel,
			flow: result.flow,
			clientId: form.clientId,
			scopes: form.scopes,
			...(result.status !== undefined ? { status: result.status } : {}),
			...(result.durationMs !== undefined ? { durationMs: Math.round(result.durationMs) } : {}),
			...(result.error ? { error: safe(result.error) } : {}),
			...(result.errorCodes?.length ? { errorCodes: result.errorCodes } : {}),
			...(result.httpText ? { httpText: safe(result.httpText) } : {}),
			form: { ...form, userAssertion: keepTokens ? form.userAssertion : '' },
			...(keepTokens && result.tokens.length ? { tokens: result.tokens.map((t) => ({ name: t.name, value: t.value })) } : {}),
		};
		await this.state.update(KEY, [entry, ...this.entries()].slice(0, HISTORY_LIMIT));
		return entry;
	}

	/** Drops kept tokens from every entry (when keepTokens is turned off). */
	async forgetTokens(): Promise<void> {
		const entries = this.entries();
		if (entries.some((e) => e.tokens || e.form.userAssertion)) {
			await this.state.update(KEY, entries.map(({ tokens: _tokens, ...e }) => ({ ...e, form: { ...e.form, userAssertion: '' } })));
		}
	}

	async clear(): Promise<void> {
		await this.state.update(KEY, []);
	}
}
