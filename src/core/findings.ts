/**
 * A finding: what diagnose, manifest lint and certificate checks report. Plain data, shared by the CLI
 * (`--json` prints these keys), the editor (diagnostics, hovers) and the workbench.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
	severity: Severity;
	/** The AADSTS code this finding predicts (e.g. 'AADSTS700027') when there is one, else a stable rule id (e.g. 'x5t-hex-text'). */
	code: string;
	/** What is wrong, naming the value. One or two sentences. */
	message: string;
	/** What to do about it. */
	fix: string;
	/** Where in the input text the problem is, when known (character offsets). */
	range?: { start: number; end: number };
	/** Set when the reference's sources disagree and the finding says so rather than guessing. */
	uncertain?: boolean;
	/** When the fix is certain: the exact text that should replace `range` (a quick fix applies it). */
	replacement?: string;
	/** Where the explanation comes from (Microsoft's reference, the public reports behind a cause). */
	sources?: string[];
}

/** Sort order: errors first, then warnings, then info; stable otherwise. */
export function sortFindings(findings: Finding[]): Finding[] {
	const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
	return findings.map((f, i) => ({ f, i })).sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i).map((x) => x.f);
}
