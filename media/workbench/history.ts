/** The request history of this workspace (redacted; tokens only when kept by the user's choice). */
import type { HistoryEntry } from '../../src/shared/workbench';
import { FLOW_LABELS } from '../../src/shared/workbench';
import { h, icon } from './dom';

export function historyView(entries: readonly HistoryEntry[], actions: { restore(id: string): void; clear(): void }): HTMLElement {
	if (entries.length === 0) {
		return h('p', { class: 'muted' }, 'No requests sent from this workspace yet.');
	}
	const rows = entries.map((e) =>
		h(
			'tr',
			{},
			h('td', { class: 'muted', title: new Date(e.at).toString() }, new Date(e.at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' })),
			h('td', {}, e.status !== undefined ? h('span', { class: e.status < 400 ? 'status-ok' : 'status-bad' }, String(e.status)) : h('span', { class: 'status-bad' }, e.error ? 'error' : '—')),
			h('td', { title: FLOW_LABELS[e.flow] }, FLOW_LABELS[e.flow]),
			h('td', { class: 'mono', title: `${e.clientId}\n${e.scopes}` }, e.clientId),
			h('td', { class: 'muted', title: e.targetLabel }, e.targetLabel),
			h('td', {}, e.errorCodes?.length ? e.errorCodes.map((c) => `AADSTS${c}`).join(' ') : e.durationMs !== undefined ? `${e.durationMs} ms` : ''),
			h('td', {}, h('vscode-button', { secondary: true, icon: 'history', onclick: () => actions.restore(e.id), 'aria-label': `Load the form of the request at ${e.at}` }, 'Load')),
		),
	);
	return h(
		'div',
		{ class: 'history' },
		h(
			'table',
			{ class: 'history-table', 'aria-label': 'Request history' },
			h('thead', {}, h('tr', {}, ...['When', 'Status', 'Flow', 'Client', 'Target', '', ''].map((t) => h('th', { scope: 'col' }, t)))),
			h('tbody', {}, ...rows),
		),
		h('vscode-button', { secondary: true, icon: 'clear-all', onclick: () => actions.clear() }, 'Clear history'),
		h('p', { class: 'muted' }, icon('lock'), ' History keeps requests with secrets and assertions redacted; tokens only when entraCert.workbench.keepTokens is on.'),
	);
}
