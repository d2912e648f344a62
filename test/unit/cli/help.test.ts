/** `entra-cert <command> --help`: the option list reads as two columns for every command (issue 11). */
import assert from 'node:assert/strict';
import { helpText } from '../../../src/cli/framework';
import { commandSpecs } from '../../../src/cli/commands';

describe('cli: --help layout', () => {
	it('every option line keeps its name and its description apart, descriptions in one column', () => {
		let checked = 0;
		for (const spec of commandSpecs) {
			const lines = helpText(spec).split('\n');
			const start = lines.indexOf('Options:');
			const optionLines = start < 0 ? [] : lines.slice(start + 1).filter((l) => l.trim() !== '');
			const columns = new Set<number>();
			for (const o of spec.options) {
				const name = `--${o.name}${o.value ? ' VALUE' : ''}`;
				const at = optionLines.findIndex((l) => l.trimStart().startsWith(name + ' ') || l.trim() === name);
				assert.ok(at >= 0, `${spec.words.join(' ')}: ${name} listed`);
				const line = optionLines[at];
				const rest = line.trimStart().slice(name.length);
				let description: string;
				let column: number;
				if (rest.trim() === '') {
					// The name fills the column: the description is on the next line, indented to the column.
					description = optionLines[at + 1];
					column = description.length - description.trimStart().length;
				} else {
					assert.match(rest, /^ {2,}\S/, `${spec.words.join(' ')}: at least two spaces after ${name}`);
					description = rest.trim();
					column = line.indexOf(description, line.indexOf(name) + name.length);
				}
				assert.equal(description.trim(), o.description, `${spec.words.join(' ')}: ${name}'s description whole`);
				columns.add(column);
				checked++;
			}
			assert.ok(columns.size <= 1, `${spec.words.join(' ')}: descriptions start in one column (${[...columns].join(', ')})`);
		}
		assert.ok(checked > 20, `${checked} options checked`);
	});

	it('a long option name such as --key-passphrase-env VALUE does not run into its description', () => {
		const text = helpText({ feature: 'tokens', words: ['x'], usage: 'x', summary: 's', options: [{ name: 'a-rather-long-option-name-env', value: true, description: 'Environment variable holding it.' }] });
		assert.ok(!/VALUEEnvironment/.test(text));
		assert.match(text, /--a-rather-long-option-name-env VALUE\n +Environment variable holding it\./);
	});
});
