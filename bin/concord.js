#!/usr/bin/env node
// The thin bin: the CLI is the bundled main() (src/cli/main.ts), which tests also reach in-process.
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs: most of a short run's start-up. Node 20 has no cache.
module.enableCompileCache?.();
const { main } = await import('../dist/bin/concord.js');
await main();
