// @vscode/test-cli configuration for `npm run test:electron`: the same mocha suite as `npm run test:integration`,
// but in VS Code desktop (Electron), which @vscode/test-electron downloads from update.code.visualstudio.com.
// That download is not reachable on our CI machines (only the npm registry and Debian apt are), so CI runs the suite
// through scripts/harness.mjs (code-server 4.100.3 = VS Code 1.100.3) instead; use this where VS Code can be
// downloaded. Build first (npm run build:fast). On a headless Linux box, run it under `xvfb-run -a`.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
	label: 'integration',
	files: 'out/test/integration/**/*.test.js',
	workspaceFolder: 'test/fixtures/workspace',
	version: '1.100.3',
	mocha: { ui: 'tdd', timeout: 20000 },
});
