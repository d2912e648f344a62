import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'demo/**'] },
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: { project: ['./tsconfig.json', './media/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
		},
		rules: {
			curly: 'error',
			eqeqeq: 'error',
			'no-throw-literal': 'error',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
	{
		// The core, the shared protocol and the unit tests run in plain Node: never the editor.
		files: ['src/core/**', 'src/shared/**', 'src/sandbox/**', 'src/cli/**', 'test/unit/**'],
		rules: {
			'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core, src/shared, src/sandbox, src/cli and test/unit must not import vscode: put editor code in src/vscode.' }] }],
		},
	},
	{
		// The core is pure: no file system, no process, no clock of its own.
		files: ['src/core/**'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: [
					{ name: 'vscode', message: 'src/core must not import vscode: put editor code in src/vscode.' },
					{ name: 'fs', message: 'src/core does not touch files: take bytes or text as parameters.' },
					{ name: 'node:fs', message: 'src/core does not touch files: take bytes or text as parameters.' },
					{ name: 'fs/promises', message: 'src/core does not touch files.' },
					{ name: 'node:fs/promises', message: 'src/core does not touch files.' },
				],
			}],
		},
	},
	{
		// CommonJS helpers loaded by mocha's --require during mutation runs.
		files: ['**/*.cjs'],
		languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
	{
		files: ['**/*.mjs', '**/*.js'],
		languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly' } },
	},
);
