/** The manifests commands: their own chunk (dist/cli/manifests.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { keycredentialCommand, manifestAddCommand, manifestLintCommand } from './commands';

export const commands: CliCommand[] = [keycredentialCommand, manifestAddCommand, manifestLintCommand];
