/** The tokens commands: their own chunk (dist/cli/tokens.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { assertionCommand } from './assertion';
import { decodeCommand } from './decode';
import { verifyCommand } from './verify';

export const commands: CliCommand[] = [assertionCommand, decodeCommand, verifyCommand];
