// Bundles the CLI into one file: resolving and loading ~100 modules one by one is most of the
// start-up time of a pre-commit run. Libraries that only some runs need stay separate and are
// imported lazily (tinyglobby for globs, jsonc-parser for JSON files, the cloud SDKs for secret
// references that are read online).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'src/cli/run.ts')],
  // Two folders deep, like every compiled module, so `new URL('../../rules/…', import.meta.url)` holds.
  outfile: path.join(root, 'dist/bin/concord.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['tinyglobby', 'jsonc-parser', '@aws-sdk/*', '@google-cloud/*', 'google-gax', 'web-tree-sitter', 'jose', '../generated/report-validator.js'],
  banner: { js: "import { createRequire as __concordRequire } from 'node:module';\nconst require = __concordRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
