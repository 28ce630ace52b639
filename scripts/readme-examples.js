// Re-captures the README's example outputs from the real commands. Each ```text block that follows
// a marker line `<!-- output: ARGS [lines A-B] -->` becomes what `concord ARGS` prints (lines A to B
// of it), run from the repository root without colour and with CONCORD_FINGERPRINT_KEY=readme so
// fingerprints are stable. test/readme.test.ts fails when a block differs from its command.
//   npm run build && node scripts/readme-examples.js
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARKER = /^<!-- output: (.+?)(?: lines (\d+)-(\d+))? -->\n+```text\n[\s\S]*?```/gm;

/** The words of a marker's command line (no quoting needed in the README's examples). */
export function outputOf(args, from, to) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/concord.js'), ...args.split(/\s+/)], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', CONCORD_FINGERPRINT_KEY: 'readme' },
  });
  const lines = (r.stdout || r.stderr).replace(/\n$/, '').split('\n');
  return (from ? lines.slice(Number(from) - 1, Number(to)) : lines).join('\n');
}

/** Every marked block of the README: its command, and its text as committed and as the command prints it. */
export function readmeExamples(text = readFileSync(path.join(root, 'README.md'), 'utf8')) {
  return [...text.matchAll(MARKER)].map((m) => {
    const committed = /```text\n([\s\S]*?)\n?```$/.exec(m[0])[1];
    return { marker: m[0], args: m[1], from: m[2], to: m[3], committed, actual: outputOf(m[1], m[2], m[3]) };
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.join(root, 'README.md');
  let text = readFileSync(file, 'utf8');
  const examples = readmeExamples(text);
  for (const e of examples) text = text.replace(e.marker, e.marker.replace(/```text\n[\s\S]*?```$/, `\`\`\`text\n${e.actual}\n\`\`\``));
  writeFileSync(file, text);
  console.log(`README.md: ${examples.length} examples captured`);
}
