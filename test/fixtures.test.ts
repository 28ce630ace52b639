import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../src/commands/check.js';
import { cli, ROOT, summarize } from './helpers.js';

const FIXTURES = path.join(ROOT, 'test/fixtures');
const dirs = readdirSync(FIXTURES).filter((d) => /^(ok|ng)\./.test(d));

/** ok.* folders pass with exit 0; ng.* folders fail with exactly the findings in their expect.json. */
describe('fixtures', () => {
  it.each(dirs.filter((d) => d.startsWith('ok.')))('%s passes', (d) => {
    const r = cli(['check', path.join(FIXTURES, d), '--format', 'json', '--offline']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).summary.errors).toBe(0);
    expect(r.status).toBe(0);
  });

  it.each(dirs.filter((d) => d.startsWith('ok.') && !existsSync(path.join(FIXTURES, d, 'concord.yaml'))))('%s passes after concord init too', (d) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-fixture-'));
    cpSync(path.join(FIXTURES, d), dir, { recursive: true });
    expect(cli(['init', dir]).status).toBe(0);
    const r = cli(['check', dir, '--format', 'json', '--offline']);
    expect(JSON.parse(r.stdout).summary.errors).toBe(0);
    expect(r.status).toBe(0);
  });

  it.each(dirs.filter((d) => d.startsWith('ng.')))('%s fails as expected', async (d) => {
    const expected = JSON.parse(readFileSync(path.join(FIXTURES, d, 'expect.json'), 'utf8'));
    const report = await check({ dir: path.join(FIXTURES, d), fingerprintKey: 'k', offline: true });
    expect(report.findings.filter((f) => f.severity === 'error').map(summarize)).toMatchObject(expected);
    expect(cli(['check', path.join(FIXTURES, d), '--offline']).status).toBe(1);
  });

  it('every ng.* folder has its expect.json', () => {
    for (const d of dirs.filter((x) => x.startsWith('ng.'))) expect(existsSync(path.join(FIXTURES, d, 'expect.json'))).toBe(true);
  });
});
