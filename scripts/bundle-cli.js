// Bundles the CLI into one CommonJS file, dist/bin/concord.cjs, for two reasons of start-up time:
// - resolving and loading ~100 modules one by one was most of a pre-commit run's start-up;
// - V8 can keep compiled code between runs for a script (bin/compile-cache.js), which on Node 20
//   only vm.Script offers, and only for CommonJS. Node 22+ caches it with module.enableCompileCache.
// Each command's lazy import (src/cli/run.ts) stays lazy inside the bundle: esbuild wraps what it
// alone reaches in an init function, so `concord check` never evaluates the audit page, zero-config's
// proposals or the help text. Splitting into chunks (`splitting: true`, ESM only) was measured
// slower: `check` needs most of the code, and loading ~30 chunk files cost more than it saved.
// Libraries that only some runs need stay separate and are imported lazily (jsonc-parser for JSON
// files, the cloud SDKs for secret references read online, tree-sitter for code).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bin');
const external = ['jsonc-parser', '@aws-sdk/*', '@google-cloud/*', 'google-gax', 'web-tree-sitter', 'jose', '../generated/report-validator.js'];
const result = await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  write: false,
  // Two folders deep, like every compiled module, so `new URL('../../rules/…', import.meta.url)` holds.
  outfile: path.join(outdir, 'concord.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  define: { 'import.meta.url': '__concordUrl' },
  banner: {
    js: [
      "const __concordUrl = require('node:url').pathToFileURL(__filename).href;",
      // A script compiled by vm (bin/compile-cache.js) cannot import() (Node 20 has no stable hook
      // for it, and none survives a code cache): the loader passes its own import instead.
      "const __concordImport = typeof __concordLoaderImport === 'function' ? (s) => __concordLoaderImport(s, __concordUrl) : (s) => import(s);",
    ].join('\n'),
  },
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
let code = result.outputFiles[0].text;
// Every import() left is of an external module: each goes through __concordImport.
code = code.replace(/\bimport\("([^"]+)"\)/g, (_m, spec) => `__concordImport(${JSON.stringify(spec)})`);
// The banner's own fallback, import(s), is the one left.
const left = [...code.matchAll(/\bimport\((?!s\))/g)];
if (left.length > 0) throw new Error(`bundle-cli: ${left.length} import() calls the loader cannot serve`);
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
writeFileSync(path.join(outdir, 'concord.cjs'), code);
