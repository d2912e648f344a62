/**
 * The one-shot loopback redirect listener for the authorization code flow (RFC 8252 §7.3): an HTTP server on
 * 127.0.0.1 and a random port that waits for the browser's redirect, answers it with a small "You can close this
 * tab" page, checks `state`, and hands back the code. It closes after the first redirect, on cancel or on timeout.
 *
 * It also starts the sign-in: the browser is sent to the listener's own root, which answers with a redirect to
 * the authorize URL. A remote window maps localhost URLs through its port forwarding before opening them, and
 * some mappings (code-server's /proxy/PORT/) keep only the port: the listener's bare root survives that, a long
 * authorize URL with its query would not.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RedirectHost } from '../../shared/workbench';

/** The sign-in came back with an error (error / error_description), or the state did not match. */
export class SignInError extends Error {
	override readonly name = 'SignInError';
	constructor(message: string, readonly error: string, readonly description?: string) {
		super(message);
	}
}

export interface LoopbackListener {
	/** `http://localhost:PORT/` or `http://127.0.0.1:PORT/`. */
	redirectUri: string;
	port: number;
	/**
	 * Resolves with the code of the first redirect whose state matches; rejects on error, abort or timeout.
	 * Until then a plain GET of the root (no code, error or state) is redirected to `authorizeUrl`.
	 */
	waitForCode(expectedState: string, options: { authorizeUrl: string; signal?: AbortSignal; timeoutMs: number }): Promise<string>;
	close(): void;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'";

function page(title: string, text: string): string {
	const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`
		+ '<style>body{font-family:system-ui,sans-serif;margin:3em auto;max-width:36em;line-height:1.5;color-scheme:light dark}</style></head>'
		+ `<body><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>`;
}

/** Starts listening on 127.0.0.1 (and on ::1 for `localhost` when it can) on a random free port. */
export async function startLoopbackListener(hostname: RedirectHost = 'localhost'): Promise<LoopbackListener> {
	let settle: ((r: { code?: string; error?: Error }) => void) | undefined;
	let expected: string | undefined;
	let authorize: string | undefined;
	let done = false;
	const servers: http.Server[] = [];

	const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const headers = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store', Connection: 'close' };
		if (req.method !== 'GET' || url.pathname !== '/' || done) {
			res.writeHead(404, headers).end(page('Not found', 'This is the Entra Cert Kit sign-in listener; it only takes one redirect.'));
			return;
		}
		const q = url.searchParams;
		if (authorize && !q.has('code') && !q.has('error') && !q.has('state')) {
			// The start of the sign-in (see above): on to the authorize page.
			res.writeHead(302, { Location: authorize, 'Cache-Control': 'no-store', Connection: 'close' }).end();
			return;
		}
		const state = q.get('state');
		const error = q.get('error');
		const code = q.get('code');
		if (state !== expected) {
			// A redirect that is not ours (or a forged one): refuse it and stop waiting.
			res.writeHead(400, headers).end(page('Sign-in not accepted', 'The state parameter did not match the sign-in VS Code started. Start the sign-in again from the Token workbench.'));
			done = true;
			settle?.({ error: new SignInError('The redirect carried a different state than the sign-in VS Code started; it was refused. Start the sign-in again.', 'state_mismatch') });
			return;
		}
		if (error || !code) {
			const description = q.get('error_description') ?? undefined;
			res.writeHead(200, headers).end(page('Sign-in failed', `${error ?? 'no code'}${description ? `: ${description}` : ''}. Return to VS Code to see why.`));
			done = true;
			settle?.({ error: new SignInError(`The sign-in answered ${error ?? 'without a code'}${description ? `: ${description}` : ''}`, error ?? 'no_code', description) });
			return;
		}
		res.writeHead(200, headers).end(page('Signed in', 'You can close this tab and return to VS Code: the Token workbench redeems the code now.'));
		done = true;
		settle?.({ code });
	};

	const main = http.createServer(handler);
	servers.push(main);
	await new Promise<void>((resolve, reject) => {
		main.once('error', reject);
		main.listen(0, '127.0.0.1', () => resolve());
	});
	const port = (main.address() as AddressInfo).port;
	if (hostname === 'localhost') {
		// Browsers may try ::1 first for localhost; best effort, the IPv4 listener is enough when this fails.
		const v6 = http.createServer(handler);
		await new Promise<void>((resolve) => {
			v6.once('error', () => resolve());
			v6.listen(port, '::1', () => {
				servers.push(v6);
				resolve();
			});
		});
	}
	const close = () => {
		for (const s of servers) {
			s.close();
			s.closeAllConnections?.();
		}
	};

	return {
		redirectUri: `http://${hostname}:${port}/`,
		port,
		close,
		waitForCode(expectedState, { authorizeUrl, signal, timeoutMs }) {
			expected = expectedState;
			authorize = authorizeUrl;
			return new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => finish({ error: new SignInError(`No sign-in came back within ${Math.round(timeoutMs / 1000)} s; start the sign-in again.`, 'timeout') }), timeoutMs);
				const onAbort = () => finish({ error: signal?.reason instanceof Error ? signal.reason : new DOMException('The sign-in was cancelled.', 'AbortError') });
				const finish = (r: { code?: string; error?: Error }) => {
					clearTimeout(timer);
					signal?.removeEventListener('abort', onAbort);
					settle = undefined;
					// Let the browser get its page before the server goes away.
					setTimeout(close, 200);
					if (r.code) {
						resolve(r.code);
					} else {
						reject(r.error);
					}
				};
				settle = finish;
				if (signal?.aborted) {
					onAbort();
				} else {
					signal?.addEventListener('abort', onAbort, { once: true });
				}
			});
		},
	};
}
