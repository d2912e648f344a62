/** Running dist/cli.js as a child process, for the CLI tests that need the real process (exit codes, the sandbox). */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';

export const CLI = resolve('dist/cli.js');

export interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs `entra-cert ARGS` in cwd; resolves with its exit code and output (never rejects). */
export function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
	return new Promise((res) => {
		execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
			res({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
		});
	});
}

export interface RunningSandbox {
	child: ChildProcess;
	exited: Promise<number | null>;
	/** The first line `entra-cert sandbox --json` prints. */
	info: { url: string; tokenEndpoint: string };
}

/** Starts `entra-cert sandbox ARGS --json` in cwd and waits for its first line. */
export async function startSandbox(cwd: string, args: string[]): Promise<RunningSandbox> {
	const child = spawn(process.execPath, [CLI, 'sandbox', ...args, '--json'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
	const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
	const line = await new Promise<string>((res, rej) => {
		createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', res);
		void exited.then((code) => rej(new Error(`sandbox exited ${code}`)));
	});
	return { child, exited, info: JSON.parse(line) as RunningSandbox['info'] };
}
