/** Relative time for labels ("in 23 days", "3 days ago"), localised. */
import * as vscode from 'vscode';

export function relativeTime(when: Date, now: Date): string {
	const diff = when.getTime() - now.getTime();
	const abs = Math.abs(diff);
	const units: [number, (n: number) => string][] = [
		[86400000, (n) => vscode.l10n.t('{0} days', n)],
		[3600000, (n) => vscode.l10n.t('{0} h', n)],
		[60000, (n) => vscode.l10n.t('{0} min', n)],
	];
	let text = vscode.l10n.t('moments');
	for (const [ms, fmt] of units) {
		if (abs >= ms) {
			const n = Math.round(abs / ms);
			text = n === 1 && ms === 86400000 ? vscode.l10n.t('1 day') : fmt(n);
			break;
		}
	}
	return diff >= 0 ? vscode.l10n.t('in {0}', text) : vscode.l10n.t('{0} ago', text);
}
