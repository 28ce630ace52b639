// Writes what each rule's `defineRule` meta defines and other tools read as files:
// schemas/rules/<id>.schema.json (the manifest loader's validators are compiled from them) and
// rules/defaults.json (each rule's default severity, description and option flags, as data).
//   node scripts/gen-rule-files.js        (part of npm run docs:rules; test/rules/generated.test.ts checks it was run)
// The rules are TypeScript and the build needs the schemas first, so this bundles src/rules with
// esbuild into a scratch module rather than import dist/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Two folders deep, like every compiled module, so `new URL('../../package.json', import.meta.url)` holds.
const scratch = path.join(root, 'node_modules/.cache');
mkdirSync(scratch, { recursive: true });
const outfile = path.join(scratch, `concord-rule-files-${process.pid}.mjs`);
await build({
  entryPoints: [path.join(root, 'src/rules/schema.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
try {
  const { generatedRuleFiles } = await import(pathToFileURL(outfile).href);
  const files = generatedRuleFiles();
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(root, file), text);
  console.log(`schemas/rules, rules/defaults.json: ${Object.keys(files).length} files written`);
} finally {
  rmSync(outfile, { force: true });
}
