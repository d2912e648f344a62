/**
 * Every CLI command's spec, in the order `entra-cert --help` lists them. Only the specs: each feature's
 * implementation is loaded by main.ts when one of its commands is run.
 */
import type { CommandSpec } from '../framework';
import { certNewSpec, thumbprintSpec } from './certificates/spec';
import { keycredentialSpec, manifestAddSpec, manifestLintSpec } from './manifests/spec';
import { assertionSpec, decodeSpec, verifySpec } from './tokens/spec';
import { diagnoseSpec } from './diagnose/spec';
import { sandboxSpec } from './sandbox/spec';
import { appAddCertSpec, appRemoveCertSpec, appShowSpec } from './app/spec';

export const commandSpecs: CommandSpec[] = [
	thumbprintSpec,
	certNewSpec,
	keycredentialSpec,
	manifestAddSpec,
	manifestLintSpec,
	assertionSpec,
	decodeSpec,
	verifySpec,
	diagnoseSpec,
	sandboxSpec,
	appShowSpec,
	appAddCertSpec,
	appRemoveCertSpec,
];
