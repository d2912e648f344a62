/** The registrations feature's shared shapes: the view's rows, the session, the view state as the implementation sees it. */
import type { SandboxService } from '../shared/sandboxService';
import type { WorkspaceIndex } from '../shared/workspaceIndex';

/** One row of the view, as the implementation prepares it (plain data, so the view renders without the chunk). */
export interface RegistrationNode {
	id: string;
	label: string;
	description?: string;
	tooltip?: string;
	/** What a screen reader says for the row (the whole status, where the description is shortened). */
	ariaLabel?: string;
	icon?: string;
	/** A theme colour id for the icon (e.g. 'list.warningForeground'). */
	color?: string;
	contextValue?: string;
	/** Passed to the node's commands: the app and, for a key row, the keyId. */
	appId?: string;
	keyId?: string;
	children?: RegistrationNode[];
}

/** The signed-in state. The token lives here, in memory only; never logged, never written. */
export interface RegistrationSession {
	source: 'microsoft' | 'azureCli' | 'sandbox';
	/** The Graph root, e.g. https://graph.microsoft.com or the sandbox's URL. */
	baseUrl: string;
	account: string;
	token: string;
	/** A token with the write scope, when one was asked for (the Microsoft provider asks separately). */
	writeToken?: string;
	tenant?: string;
}

/** The view's state (RegistrationsState in register.ts). */
export interface RegistrationsModel {
	session: RegistrationSession | undefined;
	readonly typedAppIds: Set<string>;
	readonly index: WorkspaceIndex;
	readonly sandbox: SandboxService;
	/** True only when the extension runs its tests (ExtensionMode.Test): the commands' confirm/removeOld hooks apply. */
	readonly testHooks: boolean;
	update(nodes: RegistrationNode[]): void;
}
