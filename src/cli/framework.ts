/**
 * The CLI's small frame: argument parsing, output, and the error boundary.
 * Commands live in ./commands/<feature>/: spec.ts says their words, usage and options (what main.ts needs to match
 * and to print help), the other files implement them; each feature is its own chunk, loaded only when asked for.
 * Exit codes (DESIGN.md): 0 fine, 1 findings of severity error, 2 bad usage or input.
 */

export interface ParsedArgs {
	/** Positional arguments after the command words. */
	positionals: string[];
	/** `--name value` and `--flag` (true). Repeated options collect into arrays. */
	options: Map<string, string | true | (string | true)[]>;
}

export interface CliIO {
	stdout(text: string): void;
	stderr(text: string): void;
	/** Reads all of standard input (for `-`). */
	readStdin(): Promise<string>;
	env: NodeJS.ProcessEnv;
	cwd: string;
	now(): Date;
	/** Asks a yes/no question on the terminal; set only when standard input and standard error are terminals. */
	confirm?(question: string): Promise<boolean>;
}

export interface OptionSpec {
	name: string;
	/** true when the option takes a value. */
	value: boolean;
	repeat?: boolean;
	description: string;
}

/** The command groups, one folder and one chunk each under ./commands/. */
export type CliFeature = 'certificates' | 'manifests' | 'tokens' | 'diagnose' | 'sandbox' | 'app';

/** A command's words, usage and options, without its implementation. */
export interface CommandSpec {
	/** The folder (and chunk) that implements it. */
	feature: CliFeature;
	/** Command words, e.g. ['cert', 'new'] or ['thumbprint']. */
	words: string[];
	usage: string;
	summary: string;
	options: OptionSpec[];
}

export interface CliCommand extends CommandSpec {
	run(args: ParsedArgs, io: CliIO): Promise<number>;
}

/** A usage or input problem: printed as one line, exit status 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

/** Parses argv against the command's option list; unknown options are a UsageError. */
export function parseArgs(argv: string[], specs: OptionSpec[]): ParsedArgs {
	const options = new Map<string, string | true | (string | true)[]>();
	const positionals: string[] = [];
	const byName = new Map(specs.map((s) => [s.name, s]));
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--') {
			positionals.push(...argv.slice(i + 1));
			break;
		}
		if (a.startsWith('--') && a.length > 2) {
			const eq = a.indexOf('=');
			const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
			const spec = byName.get(name);
			if (!spec) {
				throw new UsageError(`Unknown option '--${name}'; run with --help to see the options.`);
			}
			let value: string | true = true;
			if (spec.value) {
				if (eq > 0) {
					value = a.slice(eq + 1);
				} else if (i + 1 < argv.length) {
					value = argv[++i];
				} else {
					throw new UsageError(`Option '--${name}' needs a value.`);
				}
			} else if (eq > 0) {
				throw new UsageError(`Option '--${name}' takes no value.`);
			}
			const prev = options.get(name);
			if (spec.repeat) {
				options.set(name, [...(Array.isArray(prev) ? prev : prev === undefined ? [] : [prev]), value]);
			} else if (prev !== undefined) {
				throw new UsageError(`Option '--${name}' is given twice.`);
			} else {
				options.set(name, value);
			}
		} else {
			positionals.push(a);
		}
	}
	return { positionals, options };
}

/** A string option, or undefined. */
export function opt(args: ParsedArgs, name: string): string | undefined {
	const v = args.options.get(name);
	if (v === undefined) {
		return undefined;
	}
	if (typeof v === 'string') {
		return v;
	}
	throw new UsageError(`Option '--${name}' needs a value.`);
}

/** All values of a repeatable option. */
export function opts(args: ParsedArgs, name: string): string[] {
	const v = args.options.get(name);
	if (v === undefined) {
		return [];
	}
	return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/** A boolean flag. */
export function flag(args: ParsedArgs, name: string): boolean {
	return args.options.get(name) === true;
}

/** A required string option. */
export function requireOpt(args: ParsedArgs, name: string, hint: string): string {
	const v = opt(args, name);
	if (v === undefined || v === '') {
		throw new UsageError(`Missing --${name}: ${hint}`);
	}
	return v;
}

/** An integer option within bounds. */
export function intOpt(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
	const v = opt(args, name);
	if (v === undefined) {
		return undefined;
	}
	if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
		throw new UsageError(`--${name} must be a whole number from ${min} to ${max}; got '${v}'.`);
	}
	return Number(v);
}

/** Reads a password from the environment variable named by --password-env (never from argv). */
export function passwordFromEnv(args: ParsedArgs, io: CliIO, optionName = 'password-env'): string | undefined {
	const varName = opt(args, optionName);
	if (varName === undefined) {
		return undefined;
	}
	const value = io.env[varName];
	if (value === undefined) {
		throw new UsageError(`The environment variable '${varName}' named by --${optionName} is not set; export it with the password.`);
	}
	return value;
}

/** Prints a value as JSON (2-space indent) with a newline. */
export function printJson(io: CliIO, value: unknown): void {
	io.stdout(JSON.stringify(value, null, 2) + '\n');
}

/**
 * Runs a command inside the error boundary: usage and core errors become one line on stderr
 * and exit 2; anything else is a bug, reported in one line with a hint to rerun with DEBUG=1.
 */
export async function runGuarded(command: CliCommand, argv: string[], io: CliIO): Promise<number> {
	try {
		const args = parseArgs(argv, [...command.options, { name: 'help', value: false, description: 'Show this help.' }]);
		if (flag(args, 'help')) {
			io.stdout(helpText(command));
			return 0;
		}
		return await command.run(args, io);
	} catch (e) {
		// By name, not class: the core's CoreError is bundled into each command chunk, and this frame into main.
		if (e instanceof Error && (e.name === 'UsageError' || e.name === 'CoreError')) {
			io.stderr(`entra-cert ${command.words.join(' ')}: ${e.message}\n`);
			return 2;
		}
		const message = e instanceof Error ? e.message : String(e);
		io.stderr(`entra-cert ${command.words.join(' ')}: unexpected error: ${message}${io.env.DEBUG ? '\n' + (e as Error).stack : ' (set DEBUG=1 for details)'}\n`);
		return 2;
	}
}

/** Where option descriptions start in --help. */
const HELP_COLUMN = 30;

/** The --help text of one command. */
export function helpText(command: CommandSpec): string {
	const lines = [`Usage: entra-cert ${command.usage}`, '', command.summary, ''];
	if (command.options.length > 0) {
		lines.push('Options:');
		for (const o of command.options) {
			// Two columns with at least two spaces between them; a name too long for the first column puts its
			// description on the next line, indented, rather than running into it.
			const name = `  --${o.name}${o.value ? ' VALUE' : ''}`;
			lines.push(name.length <= HELP_COLUMN - 2 ? name.padEnd(HELP_COLUMN) + o.description : `${name}\n${''.padEnd(HELP_COLUMN)}${o.description}`);
		}
		lines.push('');
	}
	return lines.join('\n');
}
