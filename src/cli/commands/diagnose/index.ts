/** The diagnose commands: their own chunk (dist/cli/diagnose.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { diagnoseCommand } from './commands';

export const commands: CliCommand[] = [diagnoseCommand];
