/** The app commands: their own chunk (dist/cli/app.js), loaded by main.ts only when one of them is asked for. */
import type { CliCommand } from '../../framework';
import { appAddCertCommand, appRemoveCertCommand, appShowCommand } from './commands';

export const commands: CliCommand[] = [appShowCommand, appAddCertCommand, appRemoveCertCommand];
