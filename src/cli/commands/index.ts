/** Every CLI command, in the order `entra-cert --help` lists them. */
import type { CliCommand } from '../framework';

export const commands: CliCommand[] = [];
