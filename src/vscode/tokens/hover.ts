/**
 * The hovers' content, loaded only when register.ts's cheap checks found a JWT or a thumbprint-like word under the
 * mouse: a JWT decoded and explained (claims, times, diagnose's findings); a thumbprint matched to the workspace's
 * certificates and manifests.
 */
import * as vscode from 'vscode';
import { decodeJwt, explainToken } from '../../core/jwt';
import { diagnose, interpretReportedThumbprint, matchThumbprint } from '../../core/diagnose';
import type { Finding } from '../../core/findings';
import { CommandId } from '../shared/commandIds';
import { diagnoseContext } from '../shared/diagnoseContext';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

const MAX_VALUE = 90;

/** The hover of a JWT: decoded, explained, with diagnose's findings and links to decode, verify and diagnose it. */
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
	const findings = diagnose(tokenText, await diagnoseContext(index, false)).findings;
	md.appendMarkdown(`**JWT** · ${escape(explained.summary)}\n\n`);
	appendFindings(md, findings);
	md.appendMarkdown(`**${vscode.l10n.t('Header')}**\n\n`);
	appendClaims(md, explained.header);
	md.appendMarkdown(`\n**${vscode.l10n.t('Payload')}**\n\n`);
	appendClaims(md, explained.payload);
	const args = encodeURIComponent(JSON.stringify([tokenText]));
	md.appendMarkdown(
		`\n[$(go-to-file) ${vscode.l10n.t('Open decoded')}](command:${CommandId.DecodeToken}?${args}) · ` +
		`[$(verified) ${vscode.l10n.t('Verify signature…')}](command:${CommandId.VerifyToken}?${args}) · ` +
		`[$(search) ${vscode.l10n.t('Diagnose')}](command:${CommandId.Diagnose}?${args})`,
	);
	return md;
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
	const shown = findings.filter((f) => f.severity !== 'info').slice(0, 6);
	for (const f of shown) {
		const icon = f.severity === 'error' ? '$(error)' : '$(warning)';
		md.appendMarkdown(`${icon} **${escape(f.code)}** ${escape(f.message)}${f.uncertain ? ' ' + vscode.l10n.t('(sources disagree)') : ''}  \n*${vscode.l10n.t('Fix')}:* ${escape(f.fix)}\n\n`);
	}
	if (shown.length > 0) {
		md.appendMarkdown('---\n\n');
	}
}

interface ClaimLike {
	name: string;
	value: unknown;
	meaning?: string;
	valueMeaning?: string;
	time?: { utc: string; relative: string };
}

function appendClaims(md: vscode.MarkdownString, claims: ClaimLike[]): void {
	// A list rather than a table: hovers are narrow, and list items wrap where table cells get cut off.
	for (const c of claims) {
		let value = typeof c.value === 'string' ? c.value : JSON.stringify(c.value);
		if (value.length > MAX_VALUE) {
			value = value.slice(0, MAX_VALUE) + '…';
		}
		const extra = [c.time ? `${c.time.utc} (${c.time.relative})` : '', c.valueMeaning ?? ''].filter(Boolean).join(' — ');
		md.appendMarkdown(`- \`${escapeCode(c.name)}\` **${escape(value)}**${c.meaning ? ' — ' + escape(c.meaning) : ''}${extra ? ' *' + escape(extra) + '*' : ''}\n`);
	}
}

function escapeCode(text: string): string {
	return text.replace(/`/g, "'");
}

function escape(text: string): string {
	return text.replace(/\r?\n/g, ' ').replace(/[\\`*_{}[\]<>#$|]/g, (c) => '\\' + c);
}

