import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { cli, repo, ROOT } from '../helpers.js';
import { stringify } from 'yaml';

const pretty = async (args: string[], io: { columns?: number; cwd?: string } = {}) =>
  (
    await run(['check', ...args, '--format', 'pretty'], {
      cwd: io.cwd ?? ROOT,
      env: { NO_COLOR: '1', CONCORD_FINGERPRINT_KEY: 'k' },
      stdoutIsTTY: io.columns !== undefined,
      columns: io.columns,
    })
  ).stdout;

describe('the pretty report', () => {
  it('shows paths from the working directory, so file:line opens from there', async () => {
    const fromRoot = await pretty(['--env', 'staging', 'examples/platform']);
    expect(fromRoot).toContain('examples/platform/deploy/staging/auth.yaml:31 (k8s-secret)');
    const fromInside = await pretty(['--env', 'staging'], { cwd: path.join(ROOT, 'examples/platform') });
    expect(fromInside).toMatch(/^ +A +auth +hmac:\w+ +deploy\/staging\/auth\.yaml:31 \(k8s-secret\)/m);
  });

  it('fits the terminal: no line wider than its columns; full width when piped', async () => {
    const narrow = await pretty(['--env', 'staging', 'examples/platform'], { columns: 120 });
    const lines = narrow.split('\n');
    expect(lines.length).toBeGreaterThan(40);
    for (const l of lines.slice(0, -2)) expect(l.length, l).toBeLessThanOrEqual(120);
    expect(narrow).toContain('…');
    // Paths are never cut: a cut file:line cannot be opened.
    expect(await pretty(['--env', 'staging', 'examples/platform'], { columns: 60 })).toContain(
      'examples/platform/services/controller/config/staging.yaml:4 (config)',
    );
    const piped = await pretty(['--env', 'staging', 'examples/platform']);
    expect(Math.max(...piped.split('\n').map((l) => l.length))).toBeGreaterThan(100);
    expect(piped).toContain('staging_jwt_secret(): JWT_SECRET_STAGING → JWT_SECRET_KEY → literal');
  });

  it('prints the table once when several rules judge the same setting, with every verdict', async () => {
    const out = await pretty(['--env', 'staging', 'examples/platform']);
    const block = out.slice(out.indexOf('✖ error   consistent  jwt_secret'));
    expect(block).toMatch(/^✖ error {3}consistent {2}jwt_secret\n {2}.*\n⚠ warning chain-divergence {2}jwt_secret\n/);
    expect(out.match(/ e2e +hmac:\w+ +examples\/platform\/services\/e2e\/\.env\.staging:3/g)).toHaveLength(1);
  });

  it('says 1 error, 1 warning, 1 service in the singular', () => {
    const dir = repo({
      'concord.yaml': stringify({
        version: 1,
        services: { a: { env: ['a.env'], settings: { s: ['S'] } } },
        rules: [
          { rule: 'required', vars: ['T'] },
          { rule: 'secret-strength', setting: 's' },
        ],
      }),
      'a.env': 'S=changeme\n',
    });
    const r = cli(['check', dir]);
    expect(r.stdout).toMatch(/✖ 1 error, 1 warning · 1 service, 1 setting/);
  });

  it('shows accepted findings in one line each, in full with --verbose', () => {
    const dir = repo({
      'concord.yaml': stringify({
        version: 1,
        services: { a: { env: ['a.env'], settings: { x: ['X'] } }, b: { env: ['b.env'], settings: { x: ['X'] } } },
        rules: [{ rule: 'consistent', setting: 'x' }],
        accept: [{ rule: 'consistent', setting: 'x', reason: 'migrating until TICKET-7' }],
      }),
      'a.env': 'X=1\n',
      'b.env': 'X=2\n',
    });
    const short = cli(['check', dir]);
    expect(short.status).toBe(0);
    expect(short.stdout).toMatch(/^✔ accepted consistent {2}x {2}migrating until TICKET-7$/m);
    expect(short.stdout).not.toContain('class  service');
    const full = cli(['check', dir, '--verbose']);
    expect(full.stdout).toContain('class  service');
  });

  it('--quiet leaves warnings out of every format', () => {
    const json = JSON.parse(cli(['check', 'examples/platform', '--env', 'staging', '--format', 'json', '--quiet']).stdout) as {
      findings: { severity: string }[];
    };
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f) => f.severity === 'error')).toBe(true);
    for (const fmt of ['markdown', 'github']) {
      const r = cli(['check', 'examples/platform', '--env', 'staging', '--format', fmt, '--quiet']);
      expect(r.stdout, fmt).not.toContain('secret-strength');
      expect(r.stdout, fmt).toContain('port-match');
    }
  });
});
