import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderRuleMarkdown, ruleOptions } from '../../src/rules/docs.js';
import { RULES } from '../../src/rules/index.js';
import { byRule, checkFiles, cli, ROOT } from '../helpers.js';
import { withRuleBranches } from '../../scripts/gen-schema-rules.js';

const ids = [...RULES.keys()].sort();

describe('rule documentation', () => {
  it.each(ids)('%s documents what, why, a failing and a passing example and the fix (meta.docs next to its messages)', (id) => {
    const docs = RULES.get(id)!.meta.docs;
    expect(docs, `rule ${id} has no meta.docs: add { what, why, failing, passing, fix } in src/rules/${id}.ts, then npm run docs:rules`).toBeDefined();
    for (const part of ['what', 'why', 'fix'] as const) expect(docs![part].trim().length, `${id}: meta.docs.${part} is empty`).toBeGreaterThan(10);
    expect(Object.keys(docs!.failing).length, `${id}: meta.docs.failing has no files`).toBeGreaterThan(0);
    expect(Object.keys(docs!.passing).length, `${id}: meta.docs.passing has no files`).toBeGreaterThan(0);
  });

  const runnable = ids.filter((id) => RULES.get(id)!.meta.docs && !RULES.get(id)!.meta.docs!.needs);
  it.each(runnable)('%s: the failing example fails with this rule, the passing one passes (offline)', async (id) => {
    const { failing, passing } = RULES.get(id)!.meta.docs!;
    expect(byRule(await checkFiles(failing), id).length, `${id}'s failing example raises no ${id} finding`).toBeGreaterThan(0);
    expect(byRule(await checkFiles({ ...failing, ...passing }), id), `${id}'s passing example still fails`).toEqual([]);
  });

  it('runs the examples of all but the rules that need a secret manager or real certificates', () => {
    expect(ids.filter((id) => !runnable.includes(id))).toEqual(['secret-ref', 'tls-pair']);
  });

  it.each(ids)('docs/rules/%s.md is what npm run docs:rules writes', (id) => {
    const committed = readFileSync(path.join(ROOT, `docs/rules/${id}.md`), 'utf8');
    expect(committed, `docs/rules/${id}.md is stale: run npm run docs:rules`).toBe(renderRuleMarkdown(id));
  });

  it('docs/rules/README.md lists every rule', () => {
    const index = readFileSync(path.join(ROOT, 'docs/rules/README.md'), 'utf8');
    for (const id of ids) expect(index, `docs/rules/README.md lacks ${id}: run npm run docs:rules`).toContain(`| [${id}](${id}.md) |`);
  });

  it("lists each option with its type and default, from the rule's schema", () => {
    const options = ruleOptions('secret-strength');
    expect(options.find((o) => o.name === 'minLength')).toMatchObject({ type: 'integer', default: 16, required: false });
    expect(ruleOptions('jwt-compat').find((o) => o.name === 'issuer')).toMatchObject({ type: 'string', required: true });
    expect(renderRuleMarkdown('tls-pair')).toMatch(/\| `warnDays` \| `integer` \| `14` \| Warn this many days/);
  });
});

describe('concord rules', () => {
  it('lists every rule with its default severity and one line', () => {
    const r = cli(['rules']);
    expect(r.status).toBe(0);
    for (const id of ids) expect(r.stdout).toMatch(new RegExp(`^${id}\\s+(error|warning)\\s+\\S`, 'm'));
    expect(r.stdout).toMatch(/^secret-strength\s+warning\s/m);
  });

  it("prints one rule's documentation: options, examples, the fix", () => {
    const r = cli(['rules', 'port-match']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(path.join(ROOT, 'docs/rules/port-match.md'), 'utf8'));
    for (const heading of ['## What it checks', '## Why', '## Options', '## Failing example', '## Passing example', '## How to fix'])
      expect(r.stdout).toContain(heading);
    expect(r.stdout).toContain('| `target` | `string` |');
  });

  it('fits the list to a terminal, descriptions wrapped under themselves', async () => {
    const { run } = await import('../../src/cli/run.js');
    const r = await run(['rules'], { cwd: ROOT, env: {}, stdoutIsTTY: true, columns: 80 });
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/^jwt-compat +error +Tokens minted by the issuer verify at every\n +verifier: same key material/m);
  });

  it('answers an unknown rule with the closest one and exit 2', () => {
    const r = cli(['rules', 'port-mach']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no rule "port-mach"; did you mean "port-match"?');
  });

  it('lists the rules as JSON when asked', () => {
    const list = JSON.parse(cli(['rules', '--format', 'json']).stdout) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual(ids);
  });
});

describe('manifest schema: rule options for editors', () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/concord.schema.json'), 'utf8'));

  it('is what scripts/gen-schema-rules.js writes (run npm run docs:rules after changing a rule schema)', () => {
    expect(withRuleBranches(readFileSync(path.join(ROOT, 'schemas/concord.schema.json'), 'utf8'))).toBe(
      readFileSync(path.join(ROOT, 'schemas/concord.schema.json'), 'utf8'),
    );
  });

  it('has one branch per rule, keyed by `rule`, with its options', () => {
    const branches = schema.definitions.ruleEntry.oneOf as { properties: Record<string, { const?: string }> }[];
    expect(branches.map((b) => b.properties.rule!.const).sort()).toEqual(ids);
    expect(Object.keys(branches.find((b) => b.properties.rule!.const === 'jwt-compat')!.properties)).toEqual(
      expect.arrayContaining(['issuer', 'verifiers', 'key', 'alg']),
    );
  });

  it("accepts a rule's own options and rejects another rule's", () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    const manifest = (rule: object) => ({ version: 1, environments: ['staging'], services: { a: { env: ['.env'] } }, rules: [rule] });
    expect(validate(manifest({ rule: 'port-match', target: 'a' })), JSON.stringify(validate.errors?.slice(0, 2))).toBe(true);
    expect(validate(manifest({ rule: 'port-match', minLength: 3 }))).toBe(false);
    expect(validate(manifest({ rule: 'secret-strength', minLength: 3 }))).toBe(true);
  });
});
