// Bundles the CLI into one file: resolving and loading ~100 modules one by one is most of the
// start-up time of a pre-commit run. Each command's lazy import (src/cli/run.ts) stays lazy inside
// the bundle: esbuild wraps what it alone reaches in an init function, so `concord check` never
// evaluates the audit page, zero-config's proposals or the help text. Splitting them into chunks
// (`splitting: true`, which works with ESM) was measured slower: `check` needs most of the code,
// and loading ~30 chunk files cost more than it saved. Libraries that only some runs need stay
// separate and are imported lazily (tinyglobby for globs, jsonc-parser for JSON files, the cloud
// SDKs for secret references that are read online).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bin');
// A build that split into chunks leaves them behind otherwise.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { concord: path.join(root, 'src/cli/main.ts') },
  // Two folders deep, like every compiled module, so `new URL('../../rules/…', import.meta.url)` holds.
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['jsonc-parser', '@aws-sdk/*', '@google-cloud/*', 'google-gax', 'web-tree-sitter', 'jose', '../generated/report-validator.js'],
  banner: { js: "import { createRequire as __concordRequire } from 'node:module';\nconst require = __concordRequire(import.meta.url);" },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
