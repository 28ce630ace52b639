import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';
import { toolAvailable } from '../tools.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const HAS_CHROMIUM = toolAvailable('Chromium', CHROMIUM !== undefined, 'apt-get install chromium');

/** Headless Chromium as the probe on this machine runs it: no sandbox as root, no background traffic. */
function chromium(args: string[]): string {
  if (!CHROMIUM) throw new Error('Chromium is not installed: apt-get install chromium (.ci/run does it)');
  const profile = mkdtempSync(path.join(tmpdir(), 'concord-chromium-'));
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-500)}`);
  return r.stdout;
}

describe('concord audit in a real browser', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-audit-'));
  const html = path.join(dir, 'audit.html');
  const run = cli(['audit', 'examples/platform', '--output', html]);

  it('writes a self-contained page and exits 1 for a drifting platform', () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^concord audit: 16 errors, 3 warnings in 2 environments → /);
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(text).not.toMatch(/@import|url\(/);
  });

  it.skipIf(!HAS_CHROMIUM)('renders the matrix in headless Chromium: every environment, every service, the odd ones out', () => {
    const dom = chromium(['--dump-dom', `file://${html}`]);
    // The page's own script ran in the browser and counted the outlined cells.
    expect(dom).toMatch(/<body[^>]*data-odd="2"/);
    expect(dom).toContain('<span id="odd-count">2</span>');
    expect(dom.match(/<table class="matrix">/g)).toHaveLength(2);
    for (const svc of ['auth', 'backend', 'worker', 'e2e', 'controller', 'vm-agent', 'peer-client', 'sync']) expect(dom).toContain(`<th scope="col">${svc}</th>`);
    expect(dom).toMatch(/<tr class="disagree"><th scope="row">jwt_secret<\/th>/);
    expect(dom).toMatch(/<td class="v odd secret" data-group="1"[^>]*title="services\/e2e\/\.env\.staging:3 \(dotenv\)/);
    expect(dom).toContain('None: every secret differs between environments.');
  });

  it.skipIf(!HAS_CHROMIUM)('produces a screenshot (Chromium)', () => {
    const png = path.join(dir, 'audit.png');
    chromium(['--window-size=1400,1800', `--screenshot=${png}`, `file://${html}`]);
    const bytes = readFileSync(png);
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(bytes.length).toBeGreaterThan(20_000);
  });

  it('gives the same data as JSON', () => {
    const a = JSON.parse(cli(['audit', 'examples/platform', '--format', 'json']).stdout);
    expect(a.environments.map((e: { environment: string }) => e.environment)).toEqual(['staging', 'production']);
    expect(a.summary).toMatchObject({ errors: 16, warnings: 3, environments: 2, services: 8 });
    const cell = a.environments[0].matrix.cells.jwt_secret.e2e;
    expect(cell).toMatchObject({ odd: true, group: 1, secret: true, link: 2, chainLength: 3, source: { kind: 'dotenv', file: 'services/e2e/.env.staging', line: 3 } });
    expect(cell.value).toBeUndefined();
    expect(a.environments[1].matrix.cells.jwt_secret.e2e).toMatchObject({ odd: true, link: 3, source: { kind: 'literal', file: 'services/e2e/helpers/auth.py', line: 13 } });
    expect(a.reuse).toEqual([]);
  });
});
