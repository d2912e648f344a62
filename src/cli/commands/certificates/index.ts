/** The certificates commands: their own chunk (dist/cli/certificates.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { thumbprintCommand, certNewCommand } from './commands';

export const commands: CliCommand[] = [thumbprintCommand, certNewCommand];
