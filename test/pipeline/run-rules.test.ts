import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifest, exitCodeForReport } from '../../src/commands/check.js';
import { render } from '../../src/pipeline/run-rules.js';
import { loadManifest } from '../../src/manifest/load.js';
import { RULES } from '../../src/rules/index.js';
import { defineRule, type Rule } from '../../src/rules/types.js';
import { repo } from '../helpers.js';

const SECRET = 'crash-canary-secret-value-31337';

function manifestWithCrashyRule() {
  const dir = repo({
    'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [a.env]\n    settings: { jwt_secret: [JWT_SECRET] }\n  b:\n    env: [b.env]\n    settings: { jwt_secret: [JWT_SECRET] }\nrules:\n  - rule: consistent\n  - rule: consistent\n',
    'a.env': `JWT_SECRET=${SECRET}\n`,
    'b.env': 'JWT_SECRET=another-secret-value-0000\n',
  });
  const m = loadManifest(path.join(dir, 'concord.yaml'));
  // The second entry runs a rule that throws with a secret in its message.
  m.rules[1] = { ...m.rules[1]!, rule: 'crashy', options: { rule: 'crashy' } };
  return m;
}

const crashy = defineRule({
  meta: { id: 'crashy', messages: {} },
  check(ctx) {
    const value = ctx.model.services.get('a')!.settings.get('jwt_secret')!.value;
    throw new TypeError(`cannot read ${value}`);
  },
}) as Rule<never>;

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
  it('fills {{placeholders}} and leaves unknown ones visible', () => {
    expect(render('{{a}} and {{ b }} but {{c}}', { a: 1, b: 'two' })).toBe('1 and two but {{c}}');
  });
});
