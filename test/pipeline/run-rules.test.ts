import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, exitCodeForReport } from '../../src/commands/check.js';
import { render, renderMessage } from '../../src/pipeline/run-rules.js';
import { loadManifest } from '../../src/manifest/load.js';
import { RULES } from '../../src/rules/index.js';
import { defineRule, type AnyRule } from '../../src/rules/define.js';
import { repo } from '../helpers.js';

const SECRET = 'crash-canary-secret-value-31337';

function manifestWithCrashyRule() {
  const dir = repo({
    'concord.yaml':
      'version: 1\nservices:\n  a:\n    env: [a.env]\n    settings: { jwt_secret: [JWT_SECRET] }\n  b:\n    env: [b.env]\n    settings: { jwt_secret: [JWT_SECRET] }\nrules:\n  - rule: consistent\n  - rule: consistent\n',
    'a.env': `JWT_SECRET=${SECRET}\n`,
    'b.env': 'JWT_SECRET=another-secret-value-0000\n',
  });
  const m = loadManifest(path.join(dir, 'concord.yaml'));
  // The second entry runs a rule that throws with a secret in its message.
  m.rules[1] = { ...m.rules[1]!, rule: 'crashy', options: { rule: 'crashy' } };
  return m;
}

const meta = { description: 'a test rule', severity: 'error', options: { description: 'none', properties: {} } } as const;

const crashy = defineRule({
  meta: { id: 'crashy', ...meta, messages: {} },
  check(ctx) {
    const value = ctx.model.services.get('a')!.settings.get('jwt_secret')!.value;
    throw new TypeError(`cannot read ${value}`);
  },
}) as AnyRule;

describe('rule crashes', () => {
  it('are wrapped: the other rules still report, the status is incomplete, nothing leaks', async () => {
    const report = await checkManifest(manifestWithCrashyRule(), { rules: new Map([...RULES, ['crashy', crashy]]) });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['consistent']);
    expect(report.incomplete).toEqual([{ ruleId: 'crashy', message: 'concord.yaml:11: rule crashy crashed (TypeError)' }]);
    expect(report.status).toBe('fail');
    expect(JSON.stringify(report)).not.toContain(SECRET);
  });

  it('make the run exit 3 when nothing else failed', async () => {
    const m = manifestWithCrashyRule();
    m.rules = [m.rules[1]!];
    const report = await checkManifest(m, { rules: new Map([['crashy', crashy]]) });
    expect(report.status).toBe('incomplete');
    expect(exitCodeForReport(report)).toBe(3);
  });
});

describe('render', () => {
  it('fills {{placeholders}}', () => {
    expect(render('{{a}} and {{ b }}', { a: 1, b: 'two' })).toBe('1 and two');
  });

  it('throws on a placeholder its data leaves unfilled, naming the placeholder', () => {
    expect(() => render('{{a}} and {{ b }} but {{c}}', { a: 1, b: 'two' })).toThrow('no data for {{c}}');
  });

  it('throws on a message id the rule does not declare, naming it', () => {
    const rule = defineRule({ meta: { id: 'r', ...meta, messages: { known: 'fine: {{x}}' } }, check() {} }) as AnyRule;
    expect(renderMessage(rule, 'known', { x: 1 })).toBe('fine: 1');
    expect(() => renderMessage(rule, 'unknown', { x: 1 })).toThrow('rule r reported an unknown message id "unknown"');
    expect(() => renderMessage(rule, 'known', {})).toThrow('rule r, message known: no data for {{x}}');
    // An inherited property is not a message.
    expect(() => renderMessage(rule, 'toString', {})).toThrow('unknown message id "toString"');
  });
});

describe('a rule reporting what its messages do not declare', () => {
  const m = () => {
    const x = manifestWithCrashyRule();
    x.rules = [{ ...x.rules[1]!, rule: 'sloppy', options: { rule: 'sloppy' } }];
    return x;
  };
  const sloppy = (report: (ctx: { report(f: { messageId: string; data: Record<string, string>; observations: [] }): void }) => void) =>
    new Map([
      ...RULES,
      ['sloppy', defineRule({ meta: { id: 'sloppy', ...meta, messages: { a: 'about {{secret}}' } }, check: (ctx) => report(ctx as never) }) as AnyRule],
    ]);

  it('is a programming error: the rule crashes, no finding with a half-made message', async () => {
    for (const bad of [
      { messageId: 'b', data: { secret: SECRET } },
      { messageId: 'a', data: {} as Record<string, string> },
    ]) {
      const report = await checkManifest(m(), { rules: sloppy((ctx) => ctx.report({ ...bad, observations: [] })) });
      expect(report.findings).toEqual([]);
      expect(report.incomplete).toEqual([{ ruleId: 'sloppy', message: 'concord.yaml:11: rule sloppy crashed (Error)' }]);
      expect(JSON.stringify(report)).not.toContain(SECRET);
    }
  });
});
