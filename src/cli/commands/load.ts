/**
 * Loads one feature's commands. Each `import()` here is its own chunk in the build (dist/cli/<feature>.js, see
 * esbuild.config.mjs), so running `entra-cert thumbprint` never loads jose, the sandbox or the diagnose catalog.
 */
import type { CliCommand, CliFeature, CommandSpec } from '../framework';

const features: Record<CliFeature, () => Promise<{ commands: CliCommand[] }>> = {
	certificates: () => import('./certificates'),
	manifests: () => import('./manifests'),
	tokens: () => import('./tokens'),
	diagnose: () => import('./diagnose'),
	sandbox: () => import('./sandbox'),
	app: () => import('./app'),
};

/** The implementation of a spec's command. */
export async function loadCommand(spec: CommandSpec): Promise<CliCommand> {
	const { commands } = await features[spec.feature]();
	const found = commands.find((c) => c.words.join(' ') === spec.words.join(' '));
	if (!found) {
		throw new Error(`the ${spec.feature} chunk has no '${spec.words.join(' ')}' command`);
	}
	return found;
}
