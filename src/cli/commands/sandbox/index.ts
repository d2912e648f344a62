/** The sandbox commands: their own chunk (dist/cli/sandbox.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { sandboxCommand } from './commands';

export const commands: CliCommand[] = [sandboxCommand];
