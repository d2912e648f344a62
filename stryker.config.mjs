// Mutation testing of src/core and src/sandbox: `npm run test:mutation` (not part of `npm test`).
// One folder or file at a time: `npm run test:mutation -- --mutate 'src/core/diagnose/**/*.ts'`.
//
// The unit tests run unbundled: mocha loads test/unit/**/*.test.ts through tsx (`--import tsx` in the test runner
// process), so Stryker's mocha runner sees which test covers which mutant (coverageAnalysis perTest) and runs only
// those tests for each mutant. Reports go to reports/mutation/ (git-ignored).
//
// Left out of the test set: test/unit/cli, test/unit/node and test/unit/extension (they run dist/ in a child process,
// which neither sees the active mutant nor exists in Stryker's sandbox copy) and test/unit/fuzz (long property runs).
// test/mutation/skip.cjs skips a few single tests.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	testRunner: 'mocha',
	coverageAnalysis: 'perTest',
	mutate: [
		'src/core/**/*.ts',
		'src/sandbox/**/*.ts',
		'!src/**/*.d.ts',
		'!src/core/**/types.ts',
		'!src/sandbox/types.ts',
		// the catalog loader only maps the JSON catalogs; the catalogs themselves are data, not code
		'!src/core/diagnose/catalog/**',
	],
	mochaOptions: {
		// STRYKER_SPEC='glob glob' (space-separated: a glob may hold {a,b}) narrows the tests for a run on one folder
		// (a shorter initial run); default: all below
		spec: process.env.STRYKER_SPEC
			? process.env.STRYKER_SPEC.split(/\s+/).filter(Boolean)
			: // the corpus test last: a mutant's covering tests run in load order until the first failure, and the corpus
				// (174 reports through every reader) is the slowest to get there (a request.ts run: hours → minutes)
				['test/unit/{caught,certificate,diagnose,graph,jwt,manifest,sandbox,token}/**/!(corpus).test.ts', 'test/unit/diagnose/corpus.test.ts'],
		require: ['test/mutation/skip.cjs'],
		ui: 'bdd',
	},
	testRunnerNodeArgs: ['--import', 'tsx'],
	concurrency: 2,
	timeoutMS: 20000,
	// the initial run of all tests with coverage takes minutes on 2 busy cores (the default limit is 5)
	dryRunTimeoutMinutes: 30,
	timeoutFactor: 2,
	// 0: a worker is never restarted on purpose (a hung one is replaced anyway when its mutant times out)
	maxTestRunnerReuse: 0,
	disableTypeChecks: '{src,test}/**/*.ts',
	// Mutants in module-level constants (tables, regular expressions built once) need every test re-run in a fresh
	// process; they are left out and the score is over the rest. The summary says so.
	ignoreStatic: true,
	ignorePatterns: ['/out', '/dist', '/tmp', '/demo', '/.vscode-test', '/reports', '/bench/results.json', '*.vsix', '/test/integration', '/.stryker-tmp*', '**/.tmp-*'],
	tempDirName: '.stryker-tmp',
	reporters: ['clear-text', 'progress', 'html', 'json'],
	// STRYKER_REPORT=name keeps one run's reports apart from another's (reports/mutation/name.html and .json)
	htmlReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? 'index'}.html` },
	jsonReporter: { fileName: `reports/mutation/${process.env.STRYKER_REPORT ?? 'mutation'}.json` },
	clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
	thresholds: { high: 90, low: 80, break: null },
};
