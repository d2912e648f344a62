/**
 * `entra-cert`: thin commands over the core. See DESIGN.md for the contract (flags, JSON keys, exit codes).
 */
import { helpText, runGuarded, type CliIO, type CommandSpec } from './framework';
import { commandSpecs as commands } from './commands';
import { loadCommand } from './commands/load';
import { readStreamBounded } from '../node/input';

function usage(): string {
	const lines = ['Usage: entra-cert <command> [options]', '', 'Commands:'];
	for (const c of commands) {
		lines.push(`  ${c.words.join(' ').padEnd(16)}${c.summary}`);
	}
	lines.push('', "Run 'entra-cert <command> --help' for a command's options.", '');
	return lines.join('\n');
}

/** Finds the command whose words prefix argv (longest match). */
function match(argv: string[]): { command: CommandSpec; rest: string[] } | undefined {
	const sorted = [...commands].sort((a, b) => b.words.length - a.words.length);
	for (const c of sorted) {
		if (c.words.every((w, i) => argv[i] === w)) {
			return { command: c, rest: argv.slice(c.words.length) };
		}
	}
	return undefined;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
	if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
		io.stdout(usage());
		return argv.length === 0 ? 2 : 0;
	}
	if (argv[0] === '--version') {
		io.stdout(`${VERSION}\n`);
		return 0;
	}
	const m = match(argv);
	if (!m) {
		const group = commands.filter((c) => c.words[0] === argv[0]);
		if (group.length > 0) {
			io.stderr(`entra-cert ${argv[0]}: unknown subcommand '${argv[1] ?? ''}'; one of: ${group.map((c) => c.words.slice(1).join(' ')).join(', ')}.\n`);
			for (const c of group) {
				io.stderr(helpText(c));
			}
		} else {
			io.stderr(`entra-cert: unknown command '${argv[0]}'; run 'entra-cert --help' for the list.\n`);
		}
		return 2;
	}
	if (m.rest.includes('--help') && !m.rest.includes('--')) {
		// Help comes from the spec: the command's implementation is not loaded for it.
		io.stdout(helpText(m.command));
		return 0;
	}
	return runGuarded(await loadCommand(m.command), m.rest, io);
}

declare const VERSION: string;

if (require.main === module) {
	const io: CliIO = {
		stdout: (t) => process.stdout.write(t),
		stderr: (t) => process.stderr.write(t),
		// Bounded: more than 50 MiB on standard input is refused (node/input.ts).
		readStdin: async () => Buffer.from(await readStreamBounded(process.stdin)).toString('utf8'),
		env: process.env,
		cwd: process.cwd(),
		now: () => new Date(),
		...(process.stdin.isTTY && process.stderr.isTTY
			? {
					confirm: async (question: string) => {
						const rl = (await import('node:readline/promises')).createInterface({ input: process.stdin, output: process.stderr });
						try {
							return /^y(es)?$/i.test((await rl.question(question)).trim());
						} finally {
							rl.close();
						}
					},
				}
			: {}),
	};
	void main(process.argv.slice(2), io).then((code) => {
		process.exitCode = code;
	});
}
