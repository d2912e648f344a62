/** Paths and fixture text shared by the unit tests. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder above this file that holds package.json (bundled in out/ or run through tsx). */
export function repoRoot(): string {
	let dir = __dirname;
	while (!existsSync(join(dir, 'package.json'))) {
		const up = dirname(dir);
		if (up === dir) {
			throw new Error(`no package.json above ${__dirname}`);
		}
		dir = up;
	}
	return dir;
}

/**
 * Fixture text with its PEM armour lines restored: the corpus keeps `{{pem-begin LABEL}}` / `{{pem-end LABEL}}` where a
 * report quoted one (no file in the repository holds a private-key block, even an empty one), and the tests see
 * `-----BEGIN LABEL-----` / `-----END LABEL-----` as the user pasted it.
 */
export function withPemArmour(text: string): string {
	return text.replace(/\{\{pem-(begin|end) ([A-Z0-9 ]+)\}\}/g, (_m, which: string, label: string) => `-----${which.toUpperCase()} ${label}-----`);
}
