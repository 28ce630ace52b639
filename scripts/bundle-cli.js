// Bundles the CLI: resolving and loading ~100 modules one by one is most of the start-up time of
// a pre-commit run. The bundle is split at each command's lazy import (src/cli/run.ts), so
// `concord check` loads neither the audit page nor zero-config's proposals nor the help text.
// Libraries that only some runs need stay separate and are imported lazily (tinyglobby for globs,
// jsonc-parser for JSON files, the cloud SDKs for secret references that are read online).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { concord: path.join(root, 'src/cli/main.ts') },
  // Chunks sit beside the entry, two folders deep like every compiled module, so
  // `new URL('../../rules/…', import.meta.url)` holds in each of them.
  outdir,
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['tinyglobby', 'jsonc-parser', '@aws-sdk/*', '@google-cloud/*', 'google-gax', 'web-tree-sitter', 'jose', '../generated/report-validator.js'],
  banner: { js: "import { createRequire as __concordRequire } from 'node:module';\nconst require = __concordRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
