/**
 * Redaction for anything that may reach a log, an output channel, history or an exported request:
 * JWTs, PEM blocks, and secret-bearing form fields. Applied by adapters before text leaves the kit.
 */

const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;
const SECRET_FIELDS = ['client_secret', 'client_assertion', 'assertion', 'refresh_token', 'code', 'code_verifier', 'password', 'access_token', 'id_token'];
const FIELD = new RegExp(`\\b(${SECRET_FIELDS.join('|')})(=|"\\s*:\\s*")([^&"\\s]+)`, 'g');

/**
 * Replaces tokens, PEM blocks and secret form/JSON fields with markers that keep their shape
 * readable ("eyJ…[JWT redacted, 812 chars]").
 * @example
 * redact('client_secret=abc&client_id=1'); // 'client_secret=[redacted]&client_id=1'
 */
export function redact(text: string): string {
	return text
		.replace(PEM, (_m, label: string) => (label.includes('PRIVATE') ? `[${label} redacted]` : `[${label} omitted]`))
		.replace(JWT, (m) => `${m.slice(0, 10)}…[JWT redacted, ${m.length} chars]`)
		.replace(FIELD, (_m, name: string, sep: string) => `${name}${sep}[redacted]`);
}
