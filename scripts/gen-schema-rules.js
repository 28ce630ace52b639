// Writes the `oneOf` of concord.schema.json's rule entries from schemas/rules/*.schema.json (which
// scripts/gen-rule-files.js writes from each rule's meta), so
// editors complete each rule's options once `rule:` is typed. Each branch is inlined (no $ref to
// another file): editors that open the schema by path cannot always follow the $id's URLs.
// The manifest loader ignores this oneOf (scripts/build-validators.js strips it) and validates each
// entry with its rule's own schema, for one precise message per mistake.
//   node scripts/gen-schema-rules.js        (test/rules/docs.test.ts checks it was run)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => JSON.parse(readFileSync(path.join(root, p), 'utf8'));

export function ruleBranches() {
  const common = load('schemas/rules/common.schema.json').definitions;
  const defaults = load('rules/defaults.json');
  const inline = (v) => {
    if (v && typeof v === 'object' && typeof v.$ref === 'string' && v.$ref.startsWith('common.schema.json#/definitions/'))
      return { ...common[v.$ref.split('/').pop()] };
    return v;
  };
  return readdirSync(path.join(root, 'schemas/rules'))
    .filter((f) => f !== 'common.schema.json')
    .sort()
    .map((f) => {
      const id = f.replace(/\.schema\.json$/, '');
      const s = load(`schemas/rules/${f}`);
      const properties = Object.fromEntries(
        Object.entries(s.properties).map(([k, v]) => [k, k === 'rule' ? { const: id, description: defaults[id]?.description ?? s.description } : inline(v)]),
      );
      return { title: id, description: s.description, type: 'object', required: s.required ?? ['rule'], additionalProperties: false, properties };
    });
}

/** The schema's text with only the ruleEntry block rewritten (the rest keeps its hand formatting). */
export function withRuleBranches(text) {
  const start = text.indexOf('    "ruleEntry": {');
  let depth = 0;
  let end = start + '    "ruleEntry": '.length;
  for (; end < text.length; end++) {
    if (text[end] === '{') depth++;
    if (text[end] === '}' && --depth === 0) break;
  }
  const entry = JSON.parse(text.slice(start + '    "ruleEntry": '.length, end + 1));
  entry.oneOf = ruleBranches();
  const block = JSON.stringify(entry, null, 2).replace(/\n/g, '\n    ');
  return `${text.slice(0, start)}    "ruleEntry": ${block}${text.slice(end + 1)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = path.join(root, 'schemas/concord.schema.json');
  writeFileSync(file, withRuleBranches(readFileSync(file, 'utf8')));
  console.log('schemas/concord.schema.json: rule entries written');
}
