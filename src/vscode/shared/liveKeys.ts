/**
 * The live keys the Registrations feature last read from Microsoft Graph (or the sandbox's emulated Graph), per app,
 * for Diagnose, the JWT hover and the workbench to check an assertion's thumbprint against. The registrations feature
 * writes (on sign-in, on each read of an app, on sign-out); the others read. Reading never fetches; `fetch` does,
 * only when signed in, bounded by a timeout, through the function the registrations feature gave at sign-in.
 *
 * The store lives on a process-wide symbol, not in a module variable: each feature chunk bundles its own copy of this
 * file (see esbuild.config.mjs), and all of them must see the one store. It holds no token: the fetcher closes over
 * the session inside the registrations chunk.
 */
import type { LiveRegistration } from '../../core/diagnose/liveKeys';
import type { GraphKeyCredential } from '../../core/graph/types';

export type { LiveRegistration };

/** Reads one app's keys (the registrations feature's Graph GET); undefined when the app can't be read. */
export type LiveKeyFetcher = (appId: string, signal: AbortSignal) => Promise<{ appId: string; displayName?: string; keyCredentials: GraphKeyCredential[] } | undefined>;

interface Store {
	/** "Entra (signed in as …)" or "the sandbox at http://127.0.0.1:…"; undefined when signed out. */
	source?: string;
	fetcher?: LiveKeyFetcher;
	apps: Map<string, LiveRegistration>;
}

const STORE = Symbol.for('entraCert.liveKeys.store');
const holder = globalThis as { [STORE]?: Store };

function store(): Store {
	return (holder[STORE] ??= { apps: new Map() });
}

/** How long Diagnose waits for a read before it falls back to the workspace. */
export const LIVE_FETCH_TIMEOUT_MS = 5000;

export const liveKeys = {
	/** Signed in: the source label and how to read an app. Forgets what the previous session read. */
	signedIn(source: string, fetcher: LiveKeyFetcher): void {
		const s = store();
		s.source = source;
		s.fetcher = fetcher;
		s.apps.clear();
	},
	signedOut(): void {
		const s = store();
		s.source = undefined;
		s.fetcher = undefined;
		s.apps.clear();
	},
	/** Records what was just read for an app. */
	put(app: { appId: string; displayName?: string; keyCredentials: GraphKeyCredential[] }, fetchedAt = new Date()): void {
		const s = store();
		if (!s.source) {
			return;
		}
		s.apps.set(app.appId.trim().toLowerCase(), { appId: app.appId, ...(app.displayName ? { displayName: app.displayName } : {}), source: s.source, fetchedAt, keyCredentials: app.keyCredentials.map((k) => ({ ...k })) });
	},
	get signedInSource(): string | undefined {
		return store().source;
	},
	/** Everything read in this session (cheap: no request). */
	all(): LiveRegistration[] {
		return [...store().apps.values()];
	},
	get(appId: string): LiveRegistration | undefined {
		return store().apps.get(appId.trim().toLowerCase());
	},
	/**
	 * Reads an app's keys now (signed in only), within `timeoutMs`; records and returns them, or returns why not.
	 */
	async fetch(appId: string, timeoutMs = LIVE_FETCH_TIMEOUT_MS): Promise<LiveRegistration | { error: string }> {
		const s = store();
		if (!s.fetcher || !s.source) {
			return { error: 'not signed in to Microsoft Graph' };
		}
		const fetcher = s.fetcher;
		const controller = new AbortController();
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'timeout'>((resolve) => {
			timer = setTimeout(() => {
				// Settle first: a fetcher that answers its abort at once must not win the race with "undefined".
				resolve('timeout');
				controller.abort();
			}, timeoutMs);
		});
		try {
			const got = await Promise.race([fetcher(appId, controller.signal), timeout]);
			if (got === 'timeout') {
				return { error: `reading the live keys of ${appId} took longer than ${Math.round(timeoutMs / 1000)} s` };
			}
			if (!got) {
				return { error: `the live registration of ${appId} could not be read` };
			}
			liveKeys.put(got);
			return liveKeys.get(got.appId) ?? { error: `the live registration of ${appId} could not be read` };
		} catch (e) {
			return { error: `reading the live keys of ${appId} failed (${(e instanceof Error ? e.message : String(e)).split('\n')[0]})` };
		} finally {
			clearTimeout(timer);
		}
	},
};
