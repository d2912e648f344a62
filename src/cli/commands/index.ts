/** Every CLI command, in the order `entra-cert --help` lists them. */
import type { CliCommand } from '../framework';
import { certNewCommand, thumbprintCommand } from './certificate';
import { keycredentialCommand, manifestAddCommand, manifestLintCommand } from './manifest';
import { assertionCommand } from './assertion';
import { decodeCommand } from './decode';
import { verifyCommand } from './verify';
import { diagnoseCommand } from './diagnose';
import { sandboxCommand } from './sandbox';

export const commands: CliCommand[] = [
	thumbprintCommand,
	certNewCommand,
	keycredentialCommand,
	manifestAddCommand,
	manifestLintCommand,
	assertionCommand,
	decodeCommand,
	verifyCommand,
	diagnoseCommand,
	sandboxCommand,
];
