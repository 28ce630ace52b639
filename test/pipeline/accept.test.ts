import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers.js';

const KEY = { CONCORD_FINGERPRINT_KEY: 'team-key' };

function platform(accept = '', e2eSecret = 'e2e-own-secret-value-77') {
  return repo({
    'concord.yaml': `version: 1
services:
  auth:
    env: [auth.env]
    settings: { jwt_secret: [JWT_SECRET] }
  e2e:
    env: [e2e.env]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: consistent
${accept}`,
    'auth.env': 'JWT_SECRET=auth-secret-value-0123456789\n',
    'e2e.env': `JWT_SECRET=${e2eSecret}\n`,
  });
}

const json = (args: string[], env: Record<string, string> = {}) => {
  const r = cli([...args, '--format', 'json'], { env });
  return { status: r.status, report: r.stdout ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
};

describe('accepted divergences', () => {
  it('an accept entry turns the finding into an accepted one: reported, not counted, exit 0', () => {
    const dir = platform(
      'accept:\n  - rule: consistent\n    setting: jwt_secret\n    services: [e2e]\n    reason: "e2e signs its own tokens until TICKET-42"\n',
    );
    const { status, report } = json(['check', dir]);
    expect(status).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, accepted: 1 });
    expect(report.findings[0].accepted).toEqual({ by: 'manifest', reason: 'e2e signs its own tokens until TICKET-42' });
    expect(cli(['check', dir, '--format', 'pretty']).stdout).toContain('✔ accepted consistent  jwt_secret');
  });

  it('is an error again once it expires', () => {
    const dir = platform('accept:\n  - rule: consistent\n    reason: temporary\n    expires: 2026-01-31\n');
    expect(json(['check', dir, '--now', '2026-01-30']).status).toBe(0);
    const { status, report } = json(['check', dir, '--now', '2026-01-31']);
    expect(status).toBe(1);
    expect(report.findings[0].reopened).toBe('accepted until 2026-01-31 (temporary): expired');
  });

  it('pinned to fingerprints, a rotation re-opens the question', () => {
    const first = json(['check', platform()], KEY).report;
    const pins = first.findings[0].services.map((s: { service: string; fingerprint: string }) => `      ${s.service}: "${s.fingerprint}"`).join('\n');
    const accept = `accept:\n  - rule: consistent\n    reason: known\n    fingerprints:\n${pins}\n`;
    expect(json(['check', platform(accept)], KEY)).toMatchObject({ status: 0, report: { findings: [{ accepted: { verified: true } }] } });
    const rotated = json(['check', platform(accept, 'e2e-rotated-secret-value-88')], KEY);
    expect(rotated.status).toBe(1);
    expect(rotated.report.findings[0].reopened).toBe('accepted (known) for other values of e2e: they changed since');
    // Without the team's key the fingerprints cannot be compared: accepted, and it says so.
    expect(json(['check', platform(accept)]).report.findings[0].accepted).toMatchObject({ verified: false });
  });

  it('--baseline accepts what a previous report found, until its values change', () => {
    const dir = platform();
    const baseline = path.join(dir, 'baseline.json');
    expect(cli(['check', dir, '--format', 'json', '--output', baseline], { env: KEY }).status).toBe(1);
    expect(json(['check', dir, '--baseline', baseline], KEY)).toMatchObject({
      status: 0,
      report: { summary: { accepted: 1 }, findings: [{ accepted: { by: 'baseline', verified: true } }] },
    });
    writeFileSync(path.join(dir, 'e2e.env'), 'JWT_SECRET=e2e-rotated-secret-value-88\n');
    const after = json(['check', dir, '--baseline', baseline], KEY);
    expect(after.status).toBe(1);
    expect(after.report.findings[0].reopened).toBe('in the baseline, but with other values since');
  });

  it.each([
    ['not JSON', 'oops', /baseline\.json: the baseline is not JSON/],
    ['another JSON document', '{"a":1}', /baseline\.json: the baseline is not a concord JSON report/],
  ])('refuses a baseline that is %s', (_n, text, message) => {
    const dir = platform();
    writeFileSync(path.join(dir, 'baseline.json'), text);
    const r = cli(['check', dir, '--baseline', path.join(dir, 'baseline.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('refuses an accept entry for an unknown rule or service, and one without a reason', () => {
    const r = cli([
      'check',
      platform('accept:\n  - rule: consistnt\n    reason: x\n  - rule: consistent\n    services: [nope]\n    reason: y\n  - rule: pair\n'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('accept[2] is missing the required key "reason"');
    const r2 = cli(['check', platform('accept:\n  - rule: consistnt\n    reason: x\n  - rule: consistent\n    services: [nope]\n    reason: y\n')]);
    expect(r2.stderr).toContain('accept[0]: unknown rule "consistnt" (did you mean "consistent"?)');
    expect(r2.stderr).toContain('accept[1].services names the service "nope", which the manifest does not define');
  });

  it('SARIF marks accepted results as suppressed', () => {
    const dir = platform('accept:\n  - rule: consistent\n    reason: known\n');
    const log = JSON.parse(cli(['check', dir, '--format', 'sarif']).stdout);
    expect(log.runs[0].results[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'known' }]);
  });
});
