#!/usr/bin/env node
// The thin bin: the bundled CLI's main() (src/cli/main.ts), loaded with V8's code cache.
// CommonJS (bin/package.json): an ES module entry costs Node's ES loader a few milliseconds more.
'use strict';
require('./compile-cache.js').loadCli().main();
