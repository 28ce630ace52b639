import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, CHROMIUM } from '../chromium.js';
import { cli, ROOT } from '../helpers.js';
import { toolAvailable } from '../tools.js';

// Without Chromium the browser tests are skipped with a printed reason; under CI=true they run and fail.
const HAS_CHROMIUM = toolAvailable('Chromium', CHROMIUM !== undefined, 'apt-get install chromium');

// Screenshots to look at: a temporary folder, or docs/ (committed, shown by the README) with UPDATE_SCREENSHOTS=1.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs') : path.join(tmpdir(), 'concord-screenshots');
mkdirSync(SHOTS, { recursive: true });
const dir = mkdtempSync(path.join(tmpdir(), 'concord-audit-'));
const LINK_BASE = 'https://git.example.com/acme/platform/blob/main/{path}#L{line}';

function audit(example: string, file: string, extra: string[] = []) {
  const html = path.join(dir, file);
  return { run: cli(['audit', example, '--output', html, ...extra], { env: { CONCORD_FINGERPRINT_KEY: 'audit-test' } }), html };
}

const drifting = audit('examples/platform', 'platform.html', ['--link-base', LINK_BASE]);
const consistent = audit('examples/platform-consistent', 'consistent.html');
const json = JSON.parse(cli(['audit', 'examples/platform', '--format', 'json']).stdout);

describe('concord audit: the page', () => {
  it('writes a self-contained page and exits 1 for a drifting platform', () => {
    expect(drifting.run.status).toBe(1);
    expect(drifting.run.stderr).toMatch(/^concord audit: 16 errors, 3 warnings in 2 environments → /);
    const text = readFileSync(drifting.html, 'utf8').replaceAll(LINK_BASE.split('{')[0]!, '');
    expect(text).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(text).not.toMatch(/@import|url\((?!#)/);
  });

  it('rejects a --link-base without {path}', () => {
    const r = cli(['audit', 'examples/platform', '--link-base', 'https://example.com/x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--link-base needs {path}');
  });

  it('gives the same data as JSON, the service graph included', () => {
    expect(json.environments.map((e: { environment: string }) => e.environment)).toEqual(['staging', 'production']);
    expect(json.summary).toMatchObject({ errors: 16, warnings: 3, environments: 2, services: 8 });
    const cell = json.environments[0].matrix.cells.jwt_secret.e2e;
    expect(cell).toMatchObject({
      odd: true,
      group: 1,
      secret: true,
      link: 2,
      chainLength: 3,
      source: { kind: 'dotenv', file: 'services/e2e/.env.staging', line: 3 },
    });
    expect(cell.value).toBeUndefined();
    expect(json.environments[0].graph.edges.map((e: { client: string; target: string; port: number }) => `${e.client}→${e.target}:${e.port}`)).toEqual([
      'backend→auth:8080',
      'controller→vm-agent:8080',
      'e2e→auth:8080',
      'worker→auth:8080',
    ]);
    expect(json.reuse).toEqual([]);
  });
});

describe.skipIf(!HAS_CHROMIUM)('concord audit in headless Chromium', () => {
  let b: Browser;
  beforeAll(async () => {
    b = await Browser.open(`file://${drifting.html}`, { width: 1280, height: 1180 });
  }, 60_000);
  afterAll(async () => b?.close());

  const visibleRows = () =>
    b.eval<{ env: string; rule: string; severity: string; services: string }[]>(
      `[...document.querySelectorAll('table.findings tbody tr')].filter((tr) => tr.offsetParent !== null).map((tr) => ({ env: tr.closest('section').dataset.environment, rule: tr.dataset.rule, severity: tr.dataset.severity, services: tr.dataset.services }))`,
    );

  it('opens on the first environment; a tab click shows the other', async () => {
    expect((await visibleRows()).map((r) => r.env)).toEqual(Array(10).fill('staging'));
    expect(await b.eval(`document.querySelector('[role=tab][aria-selected=true]').dataset.environment`)).toBe('staging');
    writeFileSync(path.join(SHOTS, 'audit.png'), await b.screenshot(false));
    writeFileSync(path.join(tmpdir(), 'concord-audit-full.png'), await b.screenshot(true));
    await b.click('[role=tab][data-environment=production]');
    const rows = await visibleRows();
    expect(rows).toHaveLength(9);
    expect(new Set(rows.map((r) => r.env))).toEqual(new Set(['production']));
    expect(await b.eval(`document.getElementById('env-staging').hidden`)).toBe(true);
    await b.click('[role=tab][data-environment=staging]');
  });

  it('summarises per rule, severity and environment at the top', async () => {
    const summary = await b.eval<string[]>(
      `[...document.querySelectorAll('.by-rule tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent.trim()).join(' '))`,
    );
    expect(summary).toContain('port-match error 3 3 6');
    expect(summary).toContain('secret-strength warning 1 · 1');
  });

  it('shows every finding in the matrix, ports, missing values and pairs included', async () => {
    for (const env of ['staging', 'production']) {
      const counts = await b.eval<{ findings: number; marked: number }>(
        `(() => { const s = document.getElementById('env-${env}'); const ids = [...s.querySelectorAll('table.findings tbody tr[id]')].map((tr) => tr.id); const marked = new Set([...s.querySelectorAll('table.matrix a.mark')].map((a) => a.getAttribute('href').slice(1))); return { findings: ids.length, marked: ids.filter((id) => marked.has(id)).length }; })()`,
      );
      expect(counts.findings).toBeGreaterThan(8);
      expect(counts.marked, env).toBe(counts.findings);
    }
    const staging = await b.eval<Record<string, string>>(
      `Object.fromEntries([...document.querySelectorAll('#env-staging table.matrix tbody tr')].filter((tr) => tr.querySelector('a.mark')).map((tr) => [tr.dataset.setting, tr.dataset.rules]))`,
    );
    expect(staging).toMatchObject({
      'auth ports': 'port-match',
      auth_url: 'port-match',
      'PEER_TLS_CERT + PEER_TLS_KEY': 'pair',
      kubernetes_token: 'required',
      session_secret: 'secret-strength',
    });
  });

  it('puts provenance on the page, linked with --link-base', async () => {
    const href = await b.eval<string>(
      `[...document.querySelectorAll('#env-staging a.src')].find((a) => a.textContent === 'examples/platform/deploy/staging/auth.yaml:31').href`,
    );
    expect(href).toBe('https://git.example.com/acme/platform/blob/main/examples/platform/deploy/staging/auth.yaml#L31');
    const cellText = await b.eval<string>(`document.querySelector('#env-staging table.matrix tr[data-setting=jwt_secret]').innerText`);
    expect(cellText).toContain('examples/platform/services/e2e/.env.staging:3');
  });

  it('filters by severity, rule, service and setting, and sorts by a column', async () => {
    await b.select('#f-severity', 'warning');
    expect((await visibleRows()).map((r) => r.rule).sort()).toEqual(['chain-divergence', 'secret-strength']);
    await b.select('#f-severity', '');
    await b.select('#f-rule', 'port-match');
    expect((await visibleRows()).map((r) => r.rule)).toEqual(['port-match', 'port-match', 'port-match']);
    const matrixRows = await b.eval<string[]>(
      `[...document.querySelectorAll('#env-staging table.matrix tbody tr')].filter((tr) => tr.offsetParent !== null).map((tr) => tr.dataset.setting)`,
    );
    expect(matrixRows.sort()).toEqual(['auth ports', 'auth_url', 'vm_health_url']);
    await b.select('#f-rule', '');
    await b.select('#f-service', 'sync');
    expect((await visibleRows()).map((r) => r.rule)).toEqual(['required']);
    expect(await b.eval(`document.querySelectorAll('#env-staging svg.graph .edge.dim').length`)).toBe(4);
    await b.select('#f-service', '');
    await b.eval(`(() => { const i = document.getElementById('f-setting'); i.value = 'jwt'; i.dispatchEvent(new Event('input')); })()`);
    expect((await visibleRows()).map((r) => r.rule)).toEqual(['consistent', 'hardcoded-fallback', 'no-literal-fallback', 'chain-divergence']);
    await b.eval(`(() => { const i = document.getElementById('f-setting'); i.value = ''; i.dispatchEvent(new Event('input')); })()`);
    await b.click('#env-staging button.sort[data-sort=rule]');
    const rules = (await visibleRows()).map((r) => r.rule);
    expect(rules).toEqual([...rules].sort());
    expect(rules[0]).toBe('chain-divergence');
  });

  it('draws the service graph: every edge of examples/platform red, with its finding', async () => {
    const edges = await b.eval<{ cls: string; label: string; href: string | null }[]>(
      `[...document.querySelectorAll('#env-staging svg.graph .edge')].map((e) => ({ cls: e.getAttribute('class'), label: e.querySelector('text').textContent, href: e.getAttribute('href') }))`,
    );
    expect(edges).toHaveLength(4);
    for (const e of edges) expect(e.cls).toBe('edge bad');
    expect(edges.map((e) => e.label)).toContain('✖ vm_health_url :8080');
    const target = edges.find((e) => e.label === '✖ vm_health_url :8080')!.href!;
    expect(await b.eval(`document.querySelector('${target}').dataset.rule`)).toBe('port-match');
    const stroke = await b.eval<string>(`getComputedStyle(document.querySelector('#env-staging svg.graph .edge.bad path')).stroke`);
    expect(stroke).toBe('rgb(217, 45, 32)');
    const graph = await b.eval<{ x: number; y: number; width: number; height: number }>(
      `JSON.parse(JSON.stringify(document.querySelector('#env-staging .graph-wrap').getBoundingClientRect()))`,
    );
    expect(graph.height).toBeGreaterThan(100);
  });

  it('fits the matrix to the page: no column behind a scrollbar', async () => {
    const fits = await b.eval<boolean>(
      `(() => { const t = document.querySelector('#env-staging table.matrix'); return t.scrollWidth <= t.parentElement.clientWidth; })()`,
    );
    expect(fits).toBe(true);
  });

  it('prints every environment, without the tabs and filters', async () => {
    await b.emulateMedia('print');
    const printed = await b.eval<{ sections: boolean[]; tabs: string }>(
      `({ sections: [...document.querySelectorAll('section.environment')].map((s) => getComputedStyle(s).display !== 'none'), tabs: getComputedStyle(document.querySelector('.tabs')).display })`,
    );
    await b.emulateMedia('');
    expect(printed).toEqual({ sections: [true, true], tabs: 'none' });
  });
});

describe.skipIf(!HAS_CHROMIUM)('the audit of a consistent platform, in dark mode', () => {
  it('draws green edges on a dark page', async () => {
    expect(consistent.run.status).toBe(0);
    const b = await Browser.open(`file://${consistent.html}`, { width: 1280, height: 860 }, 'dark');
    try {
      const edges = await b.eval<string[]>(`[...document.querySelectorAll('#env-staging svg.graph .edge')].map((e) => e.getAttribute('class'))`);
      expect(edges).toEqual(['edge good', 'edge good', 'edge good', 'edge good']);
      expect(await b.eval(`getComputedStyle(document.body).backgroundColor`)).toBe('rgb(17, 20, 26)');
      expect(await b.eval(`document.querySelector('.filters').innerText`)).toContain('1 finding shown');
      writeFileSync(path.join(SHOTS, 'audit-dark.png'), await b.screenshot(false));
    } finally {
      await b.close();
    }
  }, 60_000);
});
