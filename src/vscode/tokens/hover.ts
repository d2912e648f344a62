/**
 * The hovers' content, loaded only when register.ts's cheap checks found a JWT or a thumbprint-like word under the
 * mouse: a JWT decoded and explained (claims, times, diagnose's findings); a thumbprint matched to the workspace's
 * certificates and manifests.
 */
import * as vscode from 'vscode';
import { decodeJwt, explainToken } from '../../core/jwt';
import { interpretReportedThumbprint, matchThumbprint } from '../../core/diagnose';
import { keyThumbprint } from '../../core/graph/match';
import type { Finding } from '../../core/findings';
import { CommandId } from '../shared/commandIds';
import { diagnoseContext, diagnoseWithLiveKeys } from '../shared/diagnoseContext';
import { liveKeys } from '../shared/liveKeys';
import { certificateChoices, certificateForHeader } from '../shared/pickers';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

const MAX_VALUE = 90;

/**
 * The hover of a JWT: the verdict and the actions (decode, verify, diagnose) first, then the workspace certificate its
 * x5t/x5t#S256 names, diagnose's findings and the key claims on one line; the full claim table is Decode's.
 */
export async function jwtHover(index: WorkspaceIndex, tokenText: string, kind: 'jws' | 'jwe'): Promise<vscode.MarkdownString> {
	const md = trustedMarkdown();
	if (kind === 'jwe') {
		md.appendMarkdown(`**${vscode.l10n.t('Encrypted token (JWE)')}**\n\n${vscode.l10n.t('It has five parts; only its recipient can decrypt and read it.')}`);
		return md;
	}
	const now = new Date();
	let decoded;
	try {
		decoded = decodeJwt(tokenText);
	} catch (e) {
		md.appendMarkdown(`**JWT** $(error) ${escape(e instanceof Error ? e.message : String(e))}`);
		return md;
	}
	const explained = explainToken(decoded, now);
	// The live keys from the cache only (what the Registrations view read): a hover never sends a request.
	const checked = await diagnoseWithLiveKeys(tokenText, await diagnoseContext(index, false), { fetch: false });
	const findings = checked.diagnosis.findings.filter((f) => f.severity !== 'info' || f.code === 'live-key-registered');
	const signer = certificateForHeader(certificateChoices(index.peek().certificates), decoded.header);
	// The verdict and the actions first: a hover is read from the top and cut off at the bottom.
	const errors = findings.filter((f) => f.severity === 'error').length;
	const verdict = errors > 0
		? `$(error) ${errors === 1 ? vscode.l10n.t('1 problem') : vscode.l10n.t('{0} problems', errors)}`
		: findings.length > 0
			? `$(warning) ${findings.length === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', findings.length)}`
			: `$(pass) ${vscode.l10n.t('No problems found')}`;
	md.appendMarkdown(`**JWT** · ${verdict}  \n${escape(explained.summary)}\n\n`);
	const args = encodeURIComponent(JSON.stringify([tokenText]));
	md.appendMarkdown(
		`[$(go-to-file) ${vscode.l10n.t('Open decoded')}](command:${CommandId.DecodeToken}?${args}) · ` +
		`[$(verified) ${vscode.l10n.t('Verify signature…')}](command:${CommandId.VerifyToken}?${args}) · ` +
		`[$(search) ${vscode.l10n.t('Diagnose')}](command:${CommandId.Diagnose}?${args})\n\n`,
	);
	if (signer) {
		md.appendMarkdown(`$(workspace-trusted) ${vscode.l10n.t('{0} names the workspace certificate **{1}** ({2})', signer.by, escape(signer.choice.primary.info?.subject ?? ''), escape(signer.choice.fileNames))}\n\n`);
	} else if (typeof decoded.header['x5t#S256'] === 'string' || typeof decoded.header.x5t === 'string') {
		md.appendMarkdown(`$(circle-slash) ${vscode.l10n.t('The certificate its {0} names is not in this workspace.', typeof decoded.header['x5t#S256'] === 'string' ? 'x5t#S256' : 'x5t')}\n\n`);
	}
	appendFindings(md, findings);
	for (const line of checked.sourceLines.slice(0, 2)) {
		md.appendMarkdown(`$(cloud) ${escape(line)}\n\n`);
	}
	const claimCount = explained.header.length + explained.payload.length;
	md.appendMarkdown(`$(list-flat) ${vscode.l10n.t('{0} claims: {1}', claimCount, keyClaims(explained.payload))} · [${vscode.l10n.t('full table')}](command:${CommandId.DecodeToken}?${args})`);
	return md;
}

/** The claims a reader looks for first, name and short value; the rest are in Decode's table. */
function keyClaims(payload: ClaimLike[]): string {
	const wanted = ['aud', 'iss', 'sub', 'appid', 'azp', 'scp', 'roles', 'exp'];
	return payload
		.filter((c) => wanted.includes(c.name))
		.sort((a, b) => wanted.indexOf(a.name) - wanted.indexOf(b.name))
		.map((c) => {
			let value = c.name === 'exp' && c.time ? c.time.relative : typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
			if (value.length > MAX_VALUE) {
				value = value.slice(0, MAX_VALUE) + '…';
			}
			return `\`${escapeCode(c.name)}\` ${escape(value)}`;
		})
		.join(' · ');
}

/** The hover of a thumbprint-like word: which workspace certificate or manifest key it is, and what its shape says. */
export async function thumbprintHover(index: WorkspaceIndex, word: { text: string; start: number; end: number }, position: vscode.Position): Promise<vscode.Hover | undefined> {
	const context = await diagnoseContext(index, false);
	const compact = word.text.replace(/:/g, '');
	const matches = matchThumbprint(compact, context);
	const md = trustedMarkdown();
	if (matches.length > 0) {
		for (const m of matches) {
			md.appendMarkdown(`$(pass) ${vscode.l10n.t('{0} of **{1}**', formLabel(m.form), escape(m.label))}\n\n`);
		}
	} else {
		md.appendMarkdown(`$(circle-slash) ${vscode.l10n.t('Matches no certificate or manifest key in this workspace ({0} certificates, {1} manifests checked).', context.certificates?.length ?? 0, context.manifests?.length ?? 0)}\n\n`);
	}
	// The live keys the Registrations view read (cache only), by SHA-1: the hex itself, or a workspace file's.
	const sha1s = new Set([...(/^[0-9a-fA-F]{40}$/.test(compact) ? [compact.toUpperCase()] : []), ...matches.flatMap((m) => (context.certificates ?? []).filter((c) => c.label === m.label).map((c) => c.sha1Hex.toUpperCase()))]);
	for (const reg of sha1s.size ? liveKeys.all() : []) {
		for (const k of reg.keyCredentials) {
			const t = keyThumbprint(k)?.sha1Hex;
			if (t && sha1s.has(t)) {
				md.appendMarkdown(`$(cloud) ${escape(vscode.l10n.t('Registered in {0} on app {1} ({2}), key {3}, until {4}; fetched {5}.', reg.source, reg.appId, reg.displayName ?? '', k.displayName ?? k.keyId, (k.endDateTime ?? '?').slice(0, 10), `${reg.fetchedAt.toISOString().slice(11, 16)} UTC`))}\n\n`);
			}
		}
	}
	if (/^[0-9a-fA-F]+$/.test(compact)) {
		const shape = interpretReportedThumbprint(compact);
		if (shape.shape === 'ascii-hex' && shape.meantSha1Hex) {
			md.appendMarkdown(`$(warning) ${vscode.l10n.t('These 80 hex digits are the ASCII codes of a hex thumbprint: the hex text was base64-encoded instead of the hash bytes. The thumbprint meant is {0}.', shape.meantSha1Hex)}\n\n`);
		} else if (shape.shape === 'hex-verbatim') {
			md.appendMarkdown(`$(warning) ${vscode.l10n.t('60 hex digits: the hex thumbprint string was put in x5t verbatim. Send base64url of the hash bytes instead.')}\n\n`);
		}
	}
	if (matches.length === 0 && md.value.includes('circle-slash') && !/^[0-9a-fA-F]{40}$|^[0-9a-fA-F]{64}$|^[0-9a-fA-F]{80}$|^[0-9a-fA-F]{60}$/.test(compact) && !/^[A-Za-z0-9_-]{27}$|^[A-Za-z0-9_-]{43}$|^[A-Za-z0-9+/]{27}=$/.test(compact)) {
		return undefined;
	}
	return new vscode.Hover(md, new vscode.Range(position.line, word.start, position.line, word.end));
}

function trustedMarkdown(): vscode.MarkdownString {
	const md = new vscode.MarkdownString('', true);
	md.isTrusted = { enabledCommands: [CommandId.DecodeToken, CommandId.VerifyToken, CommandId.Diagnose] };
	return md;
}

function formLabel(form: string): string {
	switch (form) {
		case 'sha1Hex':
			return vscode.l10n.t('SHA-1 thumbprint');
		case 'sha256Hex':
			return vscode.l10n.t('SHA-256 thumbprint');
		case 'x5t':
			return 'x5t';
		case 'x5tS256':
			return 'x5t#S256';
		case 'customKeyIdentifier':
			return 'customKeyIdentifier';
		default:
			return form;
	}
}

function appendFindings(md: vscode.MarkdownString, findings: Finding[]): void {
	const shown = findings.slice(0, 3);
	for (const f of shown) {
		const icon = f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(pass)';
		md.appendMarkdown(`${icon} **${escape(f.code)}** ${escape(f.message)}${f.uncertain ? ' ' + vscode.l10n.t('(sources disagree)') : ''}  \n*${vscode.l10n.t('Fix')}:* ${escape(f.fix)}\n\n`);
	}
	if (findings.length > shown.length) {
		md.appendMarkdown(`${vscode.l10n.t('{0} more in Diagnose.', findings.length - shown.length)}\n\n`);
	}
}

interface ClaimLike {
	name: string;
	value: unknown;
	meaning?: string;
	valueMeaning?: string;
	time?: { utc: string; relative: string };
}

function escapeCode(text: string): string {
	return text.replace(/`/g, "'");
}

function escape(text: string): string {
	return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]<>#$|]/g, (c) => '\\' + c);
}

