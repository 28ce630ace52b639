import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_RULES } from '../../src/manifest/load.js';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from '../helpers.js';

const defaults = JSON.parse(readFileSync(path.join(ROOT, 'rules/defaults.json'), 'utf8')) as Record<string, { severity: string; description: string }>;
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('every rule is complete', () => {
  it('the registry, the schemas and the defaults name the same rules', () => {
    expect([...RULES.keys()].sort()).toEqual(KNOWN_RULES);
    expect(Object.keys(defaults).sort()).toEqual(KNOWN_RULES);
  });

  it.each([...RULES.values()].map((r) => [r.meta.id, r] as const))('%s: file, schema, defaults, docs line, test', (id, rule) => {
    expect(existsSync(path.join(ROOT, `src/rules/${id}.ts`)), 'src/rules/<id>.ts').toBe(true);
    const schema = JSON.parse(readFileSync(path.join(ROOT, `schemas/rules/${id}.schema.json`), 'utf8'));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.description).toBeTruthy();
    expect(['error', 'warning']).toContain(defaults[id]!.severity);
    expect(readme, 'README rules table line').toMatch(new RegExp(`^\\| \`${id}\` \\| ${defaults[id]!.severity} \\|`, 'm'));
    expect(existsSync(path.join(ROOT, `test/rules/${id}.test.ts`)), 'test/rules/<id>.test.ts').toBe(true);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    // Options declared to name settings or services exist in the rule's schema.
    for (const key of Object.keys((defaults[id] as { names?: Record<string, string> }).names ?? {})) expect(Object.keys(schema.properties)).toContain(key);
  });
});
