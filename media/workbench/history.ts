/** The request history of this workspace (redacted; tokens only when kept by the user's choice). */
import type { HistoryEntry } from '../../src/shared/workbench';
import { FLOW_LABELS } from '../../src/shared/workbench';
import { h, icon } from './dom';

export function historyView(entries: readonly HistoryEntry[], actions: { restore(id: string): void; clear(): void }): HTMLElement {
	if (entries.length === 0) {
		return h('p', { class: 'muted' }, 'No requests sent from this workspace yet.');
	}
	// Four columns that keep their meaning from 600 px up: the status, what was asked (flow, client, target, one
	// per line, each cut with an ellipsis and whole in the tooltip), when and how it ended, and Load.
	const rows = entries.map((e) => {
		const outcome = e.errorCodes?.length ? e.errorCodes.map((c) => `AADSTS${c}`).join(' ') : e.durationMs !== undefined ? `${e.durationMs} ms` : e.error ? 'not sent' : '';
		const at = new Date(e.at);
		return h(
			'tr',
			{},
			h('td', { class: 'h-status' }, e.status !== undefined ? h('span', { class: e.status < 400 ? 'status-ok' : 'status-bad' }, String(e.status)) : h('span', { class: 'status-bad' }, e.error ? 'error' : '—')),
			h(
				'td',
				{ class: 'h-request', title: `${FLOW_LABELS[e.flow]}\nclient ${e.clientId}\nscope ${e.scopes}\n${e.targetLabel}` },
				h('div', { class: 'h-flow' }, FLOW_LABELS[e.flow]),
				h('div', { class: 'h-client mono' }, e.clientId || '(no client ID)'),
				h('div', { class: 'h-target muted' }, e.targetLabel),
			),
			h(
				'td',
				{ class: 'h-when', title: at.toString() },
				h('div', {}, at.toLocaleDateString(undefined, { dateStyle: 'short' })),
				h('div', { class: 'muted' }, at.toLocaleTimeString(undefined, { timeStyle: 'medium' })),
				outcome ? h('div', { class: e.errorCodes?.length ? 'status-bad' : 'muted' }, outcome) : undefined,
			),
			h('td', { class: 'h-load' }, h('vscode-button', { secondary: true, icon: 'history', onclick: () => actions.restore(e.id), 'aria-label': `Load the form of the request at ${e.at}` }, 'Load')),
		);
	});
	return h(
		'div',
		{ class: 'history' },
		h(
			'table',
			{ class: 'history-table', 'aria-label': 'Request history' },
			h('thead', {}, h('tr', {}, ...['Status', 'Request', 'When', ''].map((t) => h('th', { scope: 'col' }, t)))),
			h('tbody', {}, ...rows),
		),
		h('vscode-button', { secondary: true, icon: 'clear-all', onclick: () => actions.clear() }, 'Clear history'),
		h('p', { class: 'muted' }, icon('lock'), ' History keeps requests with secrets and assertions redacted; tokens only when entraCert.workbench.keepTokens is on.'),
	);
}
