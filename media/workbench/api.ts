/** The webview side of the VS Code API, typed with the workbench's messages. */
import type { WebviewToHost, WorkbenchForm, WorkbenchResult } from '../../src/shared/workbench';

/** What the webview keeps across reloads (webview getState/setState). Tokens only with keepTokens. */
export interface SavedState {
	form?: WorkbenchForm;
	result?: WorkbenchResult;
	/** Collapsible sections the user closed or opened. */
	open?: Record<string, boolean>;
}

export interface VsCodeApi {
	postMessage(message: WebviewToHost): void;
	getState(): SavedState | undefined;
	setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
	vscode.postMessage(message);
}
