import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { byRule, cli, repo, ROOT } from '../helpers.js';

const FIXTURE = path.join(ROOT, 'test/fixtures/ok.compose-projects');

/** A copy of the healthy compose platform with one file edited. */
function broken(file: string, from: string | RegExp, to: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-compose-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${file} was edited`).not.toBe(text);
  writeFileSync(p, next);
  return dir;
}

const json = (dir: string) => {
  const r = cli(['check', dir, '--format', 'json']);
  return { status: r.status, report: JSON.parse(r.stdout) };
};

describe('zero-config on compose projects', () => {
  it('takes a compose file whose services have neither image nor build for an override, not a project (plausible, zulip ci/)', () => {
    const d = discover(
      repo({
        'compose.yaml': 'services:\n  app:\n    image: example/app\n',
        'reverse-proxy/docker-compose.caddy.yml': 'services:\n  app:\n    labels: { virtual.host: example.com }\n',
        'ci/variant/compose.yaml': 'services:\n  app:\n    environment: { MODE: ci }\n',
      }),
    );
    expect(d.services.map((s) => s.name)).toEqual(['app']);
    expect(d.limits).toEqual([
      expect.stringContaining('ci/variant/compose.yaml" looks like an override'),
      expect.stringContaining('reverse-proxy/docker-compose.caddy.yml" looks like an override'),
    ]);
  });

  it('names services by project only where two projects collide, and never merges them', () => {
    const d = discover(FIXTURE);
    expect(d.services.map((s) => s.name).sort()).toEqual(['adminer', 'api', 'metabase', 'shop/db', 'tools/db', 'web']);
    expect(d.services.find((s) => s.name === 'shop/db')!.compose).toEqual({ files: ['compose.yaml', 'compose.override.yaml'], service: 'db' });
    expect(d.services.find((s) => s.name === 'tools/db')!.compose).toEqual({ files: ['tools/docker-compose.yml'], service: 'db' });
    // api is joined to its build folder, whose .env is an env_file, not a service of its own
    expect(d.services.find((s) => s.name === 'api')).toMatchObject({
      root: 'api',
      compose: { files: ['../compose.yaml', '../compose.override.yaml'], service: 'api' },
    });
  });

  it("passes the healthy platform: two projects' databases with different passwords are not compared", () => {
    const { status, report } = json(FIXTURE);
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(report.notes).toEqual([
      expect.objectContaining({ message: 'adminer runs only under the compose profile debug (active: none): not running, not compared' }),
    ]);
  });

  it('flags a port broken in one place, with the variable behind the listener (a warning: without a manifest, PORT is a guess)', () => {
    const { status, report } = json(broken('compose.yaml', 'API_URL: http://api:${API_PORT:-8080}', 'API_URL: http://api:8080'));
    expect(status).toBe(0);
    expect(byRule(report, 'port-match')).toEqual([
      expect.objectContaining({
        messageId: 'noListener',
        severity: 'warning',
        services: ['api', 'web'],
        locations: ['web@compose.yaml:27', 'api@compose.yaml:19', 'api@compose.yaml:22'],
      }),
    ]);
    const listener = report.findings[0].services.find((s: { service: string }) => s.service === 'api');
    expect(listener.source.vars).toEqual([{ name: 'API_PORT', file: '.env', line: 3 }]);
  });

  it('catches a port changed in the project .env for one side only', () => {
    const { report } = json(broken('compose.yaml', 'API_URL: http://api:${API_PORT:-8080}', 'API_URL: http://api:${WEB_API_PORT:-8080}'));
    expect(byRule(report, 'port-match').map((f) => f.messageId)).toEqual(['noListener']);
  });

  it('is an error when the service binds a port its compose file declares nowhere (incident 2)', () => {
    const { status, report } = json(broken('compose.yaml', '      - "${API_PORT:-8080}:${API_PORT:-8080}"', '      - "8081:9000"'));
    expect(status).toBe(1);
    expect(byRule(report, 'port-match')).toEqual([
      expect.objectContaining({ messageId: 'claimsDisagree', severity: 'error', services: ['api'], locations: ['api@compose.yaml:19', 'api@compose.yaml:22'] }),
    ]);
  });

  it('reports a required variable left empty where docker compose would refuse the project', () => {
    const dir = broken('.env', /POSTGRES_PASSWORD=.*/, 'POSTGRES_PASSWORD=');
    writeFileSync(
      path.join(dir, 'infra/db.yaml'),
      readFileSync(path.join(dir, 'infra/db.yaml'), 'utf8').replace('${POSTGRES_PASSWORD}', '${POSTGRES_PASSWORD:?the database needs one}'),
    );
    const { status, report } = json(dir);
    expect(status).toBe(1);
    expect(byRule(report, 'compose-interpolation')).toEqual([
      expect.objectContaining({
        messageId: 'requiredMissing',
        services: ['api', 'shop/db', 'web'],
        locations: expect.arrayContaining(['shop/db@infra/db.yaml:6']),
      }),
    ]);
  });

  it('compares the secret a service passes through from the project .env with its peers in the same project', () => {
    const dir = broken('compose.yaml', '      SESSION_SECRET: ${SESSION_SECRET}', '      SESSION_SECRET: a-different-session-secret-value-9');
    const { report } = json(dir);
    expect(byRule(report, 'consistent')).toEqual([
      expect.objectContaining({ services: ['api', 'web'], locations: ['api@compose.yaml:20', 'web@compose.yaml:28'] }),
    ]);
  });
});

describe('init on compose projects', () => {
  it('proposes only secrets the services share, lists names that differ, and check passes right after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-compose-init-'));
    cpSync(FIXTURE, dir, { recursive: true });
    // Two services of the shop share a name with different values: a person decides.
    writeFileSync(
      path.join(dir, 'compose.override.yaml'),
      'services:\n  api:\n    environment:\n      LOG_LEVEL: debug\n  web:\n    environment:\n      LOG_LEVEL: info\n',
    );
    const r = cli(['init', dir]);
    expect(r.status).toBe(0);
    const text = readFileSync(path.join(dir, 'concord.yaml'), 'utf8');
    // SESSION_SECRET is shared by api and web; the two projects' POSTGRES_PASSWORDs are never joined.
    expect(text).toContain('# the secret SESSION_SECRET is set in api, web');
    expect(text).not.toMatch(/setting: postgres_password/);
    expect(text).toContain('#   LOG_LEVEL differs between api, web: different by design?');
    expect(text).not.toMatch(/setting: log_level/);
    const after = JSON.parse(cli(['check', dir, '--format', 'json']).stdout);
    expect(after.summary.errors).toBe(0);
  });
});

describe('projects that share files', () => {
  it('keeps a project another one only extends from; leaves out one that is included', () => {
    const dir = repo({
      'common/compose.yaml': 'services:\n  base:\n    image: base\n  db:\n    image: postgres\n',
      'app/compose.yaml': 'include: [../infra/compose.yaml]\nservices:\n  app:\n    extends: { file: ../common/compose.yaml, service: base }\n',
      'infra/compose.yaml': 'services:\n  cache:\n    image: redis\n',
    });
    expect(
      discover(dir)
        .services.map((s) => s.name)
        .sort(),
    ).toEqual(['app', 'base', 'cache', 'db']);
  });
});
