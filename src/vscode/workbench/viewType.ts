/** The workbench panel's view type (package.json's onWebviewPanel activation event names it too). */
export const WORKBENCH_VIEW_TYPE = 'entraCert.workbench';
