/**
 * The workbench's output: the request preview, the response, tokens decoded with a claims table whose rows
 * explain the claim on hover (title) and on focus (the explanation bar), and findings.
 */
import type { ClaimRow, FindingView, RequestPreview, TokenView, WorkbenchResult } from '../../src/shared/workbench';
import { FLOW_LABELS } from '../../src/shared/workbench';
import { h, icon, type Child } from './dom';

const SEVERITY_ICON: Record<FindingView['severity'], string> = { error: 'error', warning: 'warning', info: 'info' };

export function findingsList(findings: readonly FindingView[]): HTMLElement {
	return h(
		'ul',
		{ class: 'findings' },
		...findings.map((f) =>
			h(
				'li',
				{ class: `finding sev-${f.severity}` },
				icon(SEVERITY_ICON[f.severity], f.severity),
				h(
					'div',
					{ class: 'finding-text' },
					h('div', {}, h('strong', { class: 'code' }, f.code), ' ', h('span', {}, f.message)),
					h('div', { class: 'fix' }, h('span', { class: 'fix-label' }, 'Fix: '), f.fix),
					f.uncertain ? h('div', { class: 'uncertain' }, 'The sources disagree here; the kit says so rather than guess.') : undefined,
				),
			),
		),
	);
}

let tableCounter = 0;

/**
 * One row per claim: name, value, and a title (hover) with the explanation. Rows are one Tab stop (the table);
 * arrow keys, Home and End move between rows, and the focused or hovered row's explanation shows in `explain`.
 */
export function claimsTable(caption: string, rows: readonly ClaimRow[], explain: HTMLElement): HTMLTableElement {
	const id = `claims-${++tableCounter}`;
	const tbody = h('tbody');
	const trs: HTMLTableRowElement[] = [];
	const showExplanation = (row: ClaimRow, tr: HTMLTableRowElement) => {
		for (const other of trs) {
			other.classList.toggle('active', other === tr);
		}
		explain.replaceChildren(h('strong', { class: 'code' }, row.name), h('span', {}, ` — ${row.explanation}`));
	};
	rows.forEach((row, i) => {
		const tr = h(
			'tr',
			{
				tabindex: i === 0 ? 0 : -1,
				title: row.explanation,
				'data-claim': row.name,
				'aria-describedby': explain.id,
				onmouseenter: () => showExplanation(row, tr),
				onfocus: () => showExplanation(row, tr),
				onkeydown: (e: Event) => {
					const k = (e as KeyboardEvent).key;
					const to = k === 'ArrowDown' ? i + 1 : k === 'ArrowUp' ? i - 1 : k === 'Home' ? 0 : k === 'End' ? trs.length - 1 : -1;
					if (to >= 0 && to < trs.length && to !== i) {
						e.preventDefault();
						trs[i].tabIndex = -1;
						trs[to].tabIndex = 0;
						trs[to].focus();
					}
				},
			},
			h('th', { scope: 'row', class: 'claim-name' }, row.name),
			h('td', { class: 'claim-value' }, row.value, row.note ? h('span', { class: 'claim-note' }, row.note) : undefined),
		);
		trs.push(tr);
		tbody.append(tr);
	});
	return h(
		'table',
		{ class: 'claims', id, 'aria-label': caption },
		h('caption', {}, caption),
		h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Claim'), h('th', { scope: 'col' }, 'Value'))),
		tbody,
	);
}

let explainCounter = 0;

export interface TokenActions {
	copy(token: TokenView): void;
	useAsObo?(token: TokenView): void;
}

/** A token: summary, actions, findings, header and payload tables, and the explanation bar. */
export function tokenCard(t: TokenView, actions: TokenActions): HTMLElement {
	const explain = h('div', { class: 'explain', id: `explain-${++explainCounter}`, 'aria-live': 'polite' }, 'Hover or focus a claim to see what it means.');
	const buttons: Child[] = [];
	if (t.value) {
		buttons.push(h('vscode-button', { secondary: true, icon: 'copy', onclick: () => actions.copy(t) }, 'Copy'));
	}
	// Only a delegated token (scp, a user) can be an On-Behalf-Of assertion; app-only tokens get a finding saying so.
	if (actions.useAsObo && t.jwt && t.name === 'access_token' && t.value && t.payload.some((r) => r.name === 'scp')) {
		const use = actions.useAsObo;
		buttons.push(h('vscode-button', { secondary: true, icon: 'arrow-right', class: 'use-obo', onclick: () => use(t) }, 'Use as OBO assertion'));
	}
	return h(
		'section',
		{ class: 'token', 'data-token': t.name },
		h('div', { class: 'token-head' }, h('h3', {}, t.name), t.kind ? h('vscode-badge', {}, t.kind) : undefined, h('div', { class: 'spacer' }), ...buttons),
		t.summary ? h('p', { class: 'summary' }, t.summary) : undefined,
		t.findings.length ? findingsList(t.findings) : undefined,
		t.jwt ? h('div', { class: 'tables' }, claimsTable(`${t.name} header`, t.header, explain), claimsTable(`${t.name} payload`, t.payload, explain)) : undefined,
		t.jwt ? explain : undefined,
	);
}

function collapsible(heading: string, open: boolean, ...children: Child[]): HTMLElement {
	const c = h('vscode-collapsible', { heading, ...(open ? { open: true } : {}) }, h('div', { class: 'collapsible-body' }, ...children));
	return c;
}

export function previewView(p: RequestPreview, actions: TokenActions): HTMLElement {
	const out = h('section', { class: 'preview', 'aria-label': 'Request preview' });
	out.append(h('h2', {}, icon('arrow-up'), ' Request'));
	if (p.error) {
		out.append(h('p', { class: 'problem' }, icon('warning'), ' ', p.error));
		return out;
	}
	for (const note of p.notes) {
		out.append(h('p', { class: 'note' }, icon('info'), ' ', note));
	}
	if (p.authorizeUrl) {
		out.append(h('div', { class: 'sub' }, 'Sign-in URL (opens in the browser)'), h('pre', { class: 'http', tabindex: 0 }, p.authorizeUrl));
	}
	if (p.httpText) {
		out.append(h('pre', { class: 'http', tabindex: 0, 'aria-label': 'HTTP request, secrets redacted' }, p.httpText));
	}
	if (p.assertion) {
		out.append(collapsible('client_assertion, decoded', false, tokenCard(p.assertion, { copy: actions.copy })));
	}
	out.append(p.findings.length ? findingsList(p.findings) : h('p', { class: 'ok-note' }, icon('pass'), ' No problems found in this request.'));
	return out;
}

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 500: 'Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

export function resultView(r: WorkbenchResult, actions: TokenActions): HTMLElement {
	const out = h('section', { class: 'result', 'aria-label': 'Response' });
	const status = r.status !== undefined ? `${r.status} ${STATUS_TEXT[r.status] ?? ''}`.trim() : r.cancelled ? 'Cancelled' : 'No answer';
	out.append(
		h('h2', {}, icon('arrow-down'), ' Response'),
		h(
			'div',
			{ class: 'status-line' },
			h('span', { class: `status ${r.ok ? 'status-ok' : 'status-bad'}`, role: 'status' }, icon(r.ok ? 'pass-filled' : r.cancelled ? 'circle-slash' : 'error'), ` ${status}`),
			r.durationMs !== undefined ? h('span', { class: 'muted' }, `${r.durationMs} ms`) : undefined,
			h('span', { class: 'muted' }, `${FLOW_LABELS[r.flow]} · ${r.targetLabel} · ${new Date(r.sentAt).toLocaleTimeString()}`),
		),
	);
	if (r.error) {
		out.append(h('p', { class: 'problem' }, icon('warning'), ' ', r.error));
	}
	if (r.problem) {
		// An answer that is not a token endpoint's (a proxy's HTML page, JSON cut off): the body alone would not say so.
		out.append(h('p', { class: 'problem response-problem', role: 'alert' }, icon('warning'), ' ', r.problem));
	}
	if (r.findings.length) {
		out.append(h('h3', {}, 'What the answer means'), findingsList(r.findings));
	}
	for (const t of r.tokens) {
		out.append(tokenCard(t, actions));
	}
	if (r.bodyText) {
		out.append(collapsible('Response body', !r.ok && r.tokens.length === 0, h('pre', { class: 'http', tabindex: 0 }, r.bodyText)));
	}
	if (r.httpText) {
		out.append(collapsible('Request sent (redacted)', false, h('pre', { class: 'http', tabindex: 0 }, r.httpText), r.requestFindings.length ? findingsList(r.requestFindings) : undefined));
	}
	if (r.assertion) {
		out.append(collapsible('client_assertion sent, decoded', false, tokenCard(r.assertion, { copy: actions.copy })));
	}
	return out;
}
