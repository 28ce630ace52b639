import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_RULES } from '../../src/manifest/load.js';
import { RULES } from '../../src/rules/index.js';
import { generatedRuleFiles, ruleSchema } from '../../src/rules/schema.js';
import { ROOT } from '../helpers.js';
import { uncovered } from './rule-tester.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const COMMON = ['rule', 'severity', 'services', 'environments'];

/** The README rules table: `| \`id\` | severity | what | options |` rows. */
function readmeRows(): Map<string, { severity: string; options: string }> {
  const rows = new Map<string, { severity: string; options: string }>();
  for (const m of readme.matchAll(/^\| `([a-z0-9-]+)` \| (error|warning) \| .* \| ([^|]*) \|$/gm)) {
    if (RULES.has(m[1]!) || /^[a-z]+(-[a-z0-9]+)+$/.test(m[1]!)) rows.set(m[1]!, { severity: m[2]!, options: m[3]! });
  }
  return rows;
}

describe('every rule is defined in one place', () => {
  it('the registry and the compiled schemas name the same rules', () => {
    expect([...RULES.keys()].sort()).toEqual(KNOWN_RULES);
  });

  it.each(Object.entries(generatedRuleFiles()))("%s is what npm run docs:rules writes from the rules' meta", (file, text) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run npm run docs:rules`).toBe(text);
  });

  it('no schema is left of a rule that is gone', () => {
    const files = new Set(Object.keys(generatedRuleFiles()));
    for (const id of KNOWN_RULES) expect(files).toContain(`schemas/rules/${id}.schema.json`);
  });

  it('the README rules table has one row per rule, with its default severity', () => {
    const rows = readmeRows();
    expect([...rows.keys()].sort()).toEqual([...RULES.keys()].sort());
    for (const [id, rule] of RULES) expect(rows.get(id)!.severity, `README: ${id}'s default severity`).toBe(rule.meta.severity);
  });

  it.each([...RULES.values()].map((r) => [r.meta.id, r] as const))('%s: module, meta, README options, test', (id, rule) => {
    const { meta } = rule;
    expect(existsSync(path.join(ROOT, `src/rules/${id}.ts`)), 'src/rules/<id>.ts').toBe(true);
    expect(existsSync(path.join(ROOT, `test/rules/${id}.test.ts`)), 'test/rules/<id>.test.ts').toBe(true);
    expect(readFileSync(path.join(ROOT, `test/rules/${id}.test.ts`), 'utf8'), `test/rules/${id}.test.ts is a table of the rule-tester`).toMatch(
      /\bruleTester\(/,
    );
    expect(meta.description.trim().length).toBeGreaterThan(10);
    expect(meta.options.description).toMatch(new RegExp(`^Options of the ${id} rule: `));
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    const schema = ruleSchema(meta) as { properties: Record<string, { $ref?: string }> };
    const options = Object.keys(schema.properties);
    // Options declared to name settings or services, and required ones, exist.
    for (const key of [...Object.keys(meta.names ?? {}), ...(meta.options.required ?? [])]) expect(options).toContain(key);
    for (const key of COMMON) expect(Object.keys(meta.options.properties), `${id}: ${key} is added to every schema`).not.toContain(key);
    // The README's options column names real options, and every option of the rule's own.
    const named = [
      ...readmeRows()
        .get(id)!
        .options.matchAll(/`(\w+)`/g),
    ].map((m) => m[1]!);
    for (const n of named) expect(options, `README names ${id} option ${n}`).toContain(n);
    for (const [key, p] of Object.entries(meta.options.properties)) if (!p.$ref) expect(named, `README: ${id}'s option ${key}`).toContain(key);
  });
});

describe('the rule tester', () => {
  it('names the message ids no invalid case expects', () => {
    const messages = { a: 'A', b: 'B', c: 'C' };
    expect(uncovered(messages, [{ expect: [] }, { expect: [{ messageId: 'a', services: [] }] }])).toEqual(['b', 'c']);
    expect(
      uncovered(
        messages,
        [
          {
            expect: [
              { messageId: 'a', services: [] },
              { messageId: 'b', services: [] },
            ],
          },
        ],
        { c: 'test/providers/x.test.ts' },
      ),
    ).toEqual([]);
  });
});
