/**
 * The sandbox's public surface: a local token endpoint on loopback that follows Entra's documented rules
 * (entra-rules.md), labelled as an emulation everywhere. Used by `entra-cert sandbox`, the extension's
 * start/stop commands and the token workbench, and the tests.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { CoreError } from '../core/errors';
import { isGuid } from '../core/ids';
import { generateSelfSignedCertificate } from '../core/certificate'; // x509 is its own chunk, loaded when the sandbox starts
import { indexApps } from './apps';
import { ASSERTION_SKEW_SECONDS } from './assertion';
import { createHandler } from './server';
import { acceptedAudiences, type SandboxState } from './state';
import { createSigningKey } from './tokens';
import { liveApps, seedGraphState } from './graphState';
import type { Sandbox, SandboxApp, SandboxOptions, SandboxUser } from './types';

export type * from './types';
export { appsFromManifests } from './apps';
export { CLIENT_GONE_STATUS, EMULATION_HEADER, formatRequestLog } from './server';
export { SANDBOX_SIGNIN_LABEL } from './signin';
export { GRAPH_APP_ID, graphNonceTransform } from './tokens';
export { GRAPH_RESOURCE, SANDBOX_PUBLIC_CLIENTS } from './graph';

/** The sandbox's tenant unless one is given. */
export const SANDBOX_TENANT_ID = '7e57c0de-5a4d-4b0c-8e17-c0ffee5a4db0';

/** The default sandbox users (fictional). */
export const DEFAULT_SANDBOX_USERS: readonly SandboxUser[] = Object.freeze([
	{ oid: '3d1f4a2b-6c5e-4f70-8a91-b2c3d4e5f601', name: 'Avery Sandbox', preferredUsername: 'avery@sandbox.entra-cert-kit.test' },
	{ oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f2a3b4c02', name: 'Blake Sandbox', preferredUsername: 'blake@sandbox.entra-cert-kit.test' },
]);

/** Loopback hosts the sandbox may listen on; 'localhost' listens on 127.0.0.1 (one address, one URL). */
function listenHost(host: string | undefined): { bind: string; urlHost: string } {
	const h = (host ?? '127.0.0.1').trim().replace(/^\[(.*)\]$/, '$1');
	if (h === 'localhost') {
		return { bind: '127.0.0.1', urlHost: '127.0.0.1' };
	}
	if (h === '::1') {
		return { bind: '::1', urlHost: '[::1]' };
	}
	if (isIP(h) === 4 && /^127\./.test(h)) {
		return { bind: h, urlHost: h };
	}
	throw new CoreError('ERR_SANDBOX', `The sandbox listens only on loopback (127.0.0.1, ::1 or localhost); '${host}' is not a loopback address, so it was refused.`);
}

function checkUsers(users: SandboxUser[]): SandboxUser[] {
	if (users.length === 0) {
		throw new CoreError('ERR_SANDBOX', 'The sandbox needs at least one user to sign in as; leave users out for the two default sandbox users.');
	}
	for (const u of users) {
		if (!isGuid(u.oid)) {
			throw new CoreError('ERR_SANDBOX', `The sandbox user '${u.name}' has oid '${u.oid}', which is not a GUID.`);
		}
	}
	return users.map((u) => ({ ...u, oid: u.oid.toLowerCase() }));
}

/**
 * Starts the sandbox on loopback (a random free port unless `port` is given) and resolves once it listens.
 * Throws CoreError 'ERR_SANDBOX' for a non-loopback host, a busy port, bad users or an unreadable app certificate.
 *
 * @example
 * const sandbox = await startSandbox({ apps: appsFromManifests(files) });
 * sandbox.tokenEndpoint; // 'http://127.0.0.1:43123/7e57c0de-…/oauth2/v2.0/token'
 * await sandbox.close();
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
	const { bind, urlHost } = listenHost(options.host);
	const port = options.port ?? 0;
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		throw new CoreError('ERR_SANDBOX', `Port ${String(port)} is not a port number; use 1 to 65535, or 0 for a random free port.`);
	}
	const tenantId = (options.tenantId ?? SANDBOX_TENANT_ID).toLowerCase();
	if (!isGuid(tenantId)) {
		throw new CoreError('ERR_SANDBOX', `The sandbox tenant '${options.tenantId}' is not a GUID; give the tenant ID (the Directory (tenant) ID on the app registration's Overview), not a domain name.`);
	}
	const users = checkUsers(options.users ?? [...DEFAULT_SANDBOX_USERS]);
	const now = options.now ?? (() => new Date());
	const index = indexApps(options.apps);

	// The TLS certificate and the token-signing key are made per sandbox, in parallel.
	const [tls, key] = await Promise.all([
		options.https ? generateSelfSignedCertificate({ subject: 'CN=localhost', subjectAltNames: { dns: ['localhost'], ip: ['127.0.0.1', '::1'] }, days: 30, now: now() }) : undefined,
		createSigningKey(now()),
	]);
	const holder: { state?: SandboxState } = {};
	const handler = createHandler(() => holder.state as SandboxState, { now, onRequest: options.onRequest, onInternalError: options.onInternalError });
	const server = tls
		? https.createServer({ key: tls.privateKeyPem, cert: tls.certificatePem }, handler)
		: http.createServer(handler);
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		const onError = (e: NodeJS.ErrnoException) => {
			reject(new CoreError('ERR_SANDBOX', e.code === 'EADDRINUSE' ? `Port ${port} on ${bind} is in use; choose another port, or leave it out for a random free one.` : e.code === 'EACCES' ? `Listening on port ${port} is not allowed for this user; choose a port above 1023.` : `The sandbox could not listen on ${bind}:${port} (${e.code ?? e.message}).`));
		};
		server.once('error', onError);
		server.listen({ host: bind, port }, () => {
			// Stryker disable next-line StringLiteral: equivalent, a later server error would only reject a settled promise
			server.off('error', onError);
			resolve();
		});
	});
	const actualPort = (server.address() as AddressInfo).port;
	const url = `${tls ? 'https' : 'http'}://${urlHost}:${actualPort}`;
	const authority = `${url}/${tenantId}`;
	const issuer = `${authority}/v2.0`;
	key.jwk.issuer = issuer;
	// No await between listening and this assignment: no request can arrive before the state exists.
	const live: SandboxState = {
		baseUrl: url,
		tenantId,
		issuer,
		tokenEndpoint: `${authority}/oauth2/v2.0/token`,
		key,
		index,
		users,
		audiences: acceptedAudiences(url, tenantId),
		codes: new Map(),
		redeemed: new Map(),
		refreshTokens: new Map(),
		skewSeconds: options.clockSkewSeconds ?? ASSERTION_SKEW_SECONDS,
		// The emulated Graph: the first sandbox user owns every app (docs/graph-keycredentials.md).
		graph: seedGraphState(options.apps, tenantId, [users[0].oid], undefined, options.graphKeyLimit),
	};
	holder.state = live;
	let closing: Promise<void> | undefined;
	return {
		url,
		port: actualPort,
		https: !!tls,
		...(tls ? { tlsCertificatePem: tls.certificatePem } : {}),
		tenantId,
		users: users.map((u) => ({ ...u })),
		authority,
		tokenEndpoint: live.tokenEndpoint,
		issuer,
		jwks: () => ({ keys: [{ ...live.key.jwk }] }),
		setApps(apps: SandboxApp[]) {
			indexApps(apps); // validates before anything changes
			// Apps whose manifest is unchanged keep the keys Graph calls gave them; the index follows the live keys.
			live.graph = seedGraphState(apps, tenantId, [users[0].oid], live.graph);
			live.index = indexApps(liveApps(live.graph));
		},
		close() {
			closing ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
}
