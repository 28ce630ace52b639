// Writes docs/rules/<id>.md from each rule's meta.docs and schema (run after the build):
//   npm run build && node scripts/gen-rule-docs.js
// test/rules/docs.test.ts fails when a committed page differs from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleMarkdown, ruleSummaries } from '../dist/rules/docs.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../docs/rules');
mkdirSync(dir, { recursive: true });
const rules = ruleSummaries();
for (const r of rules) writeFileSync(path.join(dir, `${r.id}.md`), renderRuleMarkdown(r.id));
const index = [
  '# Rules',
  '',
  '| rule | default | checks |',
  '| --- | --- | --- |',
  ...rules.map((r) => `| [${r.id}](${r.id}.md) | ${r.severity} | ${r.description} |`),
  '',
];
writeFileSync(path.join(dir, 'README.md'), index.join('\n'));
console.log(`docs/rules: ${rules.length} rules`);
