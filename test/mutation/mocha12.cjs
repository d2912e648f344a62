// StrykerJS 9's mocha runner (the last line that runs on Node 20) requires mocha's internals by their pre-12 paths,
// `mocha/lib/cli/<name>` with no extension; mocha 12 ships them as `.cjs`. Preloaded (NODE_OPTIONS) for
// `npm run test:mutation` only: a `mocha/lib/...` path that does not resolve is retried with `.cjs`.
'use strict';
const Module = require('node:module');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
	try {
		return resolve.call(this, request, parent, ...rest);
	} catch (err) {
		if (/[\\/]mocha[\\/]lib[\\/]/.test(request) && !request.endsWith('.cjs')) {
			return resolve.call(this, `${request}.cjs`, parent, ...rest);
		}
		throw err;
	}
};
