import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { byRule, cli, repo, ROOT } from '../helpers.js';

/** examples/platform with its manifest moved aside. */
function withoutManifest(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-zero-'));
  cpSync(path.join(ROOT, 'examples/platform'), dir, { recursive: true });
  rmSync(path.join(dir, 'concord.yaml'));
  return dir;
}

describe('zero-config discovery', () => {
  it('finds services from .env folders, compose services (joined by build context) and Kubernetes containers', () => {
    const d = discover(withoutManifest());
    expect(d.environments).toEqual(['staging', 'production']);
    const auth = d.services.find((s) => s.name === 'auth')!;
    expect(auth).toMatchObject({
      root: 'services/auth',
      env: [{ file: '.env' }, { file: '.env.${env}' }],
      compose: { files: ['../../docker-compose.yml'], service: 'auth-service' },
      k8s: { files: ['../../deploy/${env}/*.yaml'], workload: 'deployment/auth' },
      aliases: ['auth-service'],
    });
    expect(d.services.map((s) => s.name).sort()).toEqual(['auth', 'backend', 'e2e', 'peer-client', 'redis', 'sync', 'worker']);
  });

  it('check without a manifest still catches the JWT and port incidents, with file:line', () => {
    const r = cli(['check', withoutManifest(), '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.manifest).toBe('(discovered)');
    expect(byRule(report, 'consistent')).toEqual([
      expect.objectContaining({
        messageId: 'differs',
        services: ['e2e', 'worker'],
        locations: ['e2e@services/e2e/.env.staging:3', 'worker@services/worker/.env.staging:1'],
      }),
    ]);
    const ports = byRule(report, 'port-match');
    expect(ports.map((p) => p.messageId).sort()).toEqual(['claimsDisagree', 'noListener']);
    expect(ports.find((p) => p.messageId === 'noListener')!.locations).toEqual(
      expect.arrayContaining(['backend@services/backend/.env.staging:2', 'auth@services/auth/.env.staging:3']),
    );
  });

  it('compares only secrets by name: other shared variables may differ between services', () => {
    const dir = repo({ 'a/.env': 'LOG_LEVEL=info\nAPI_TOKEN=Vh3kQ9mZr2LtX8pWc5Nd\n', 'b/.env': 'LOG_LEVEL=debug\nAPI_TOKEN=Vh3kQ9mZr2LtX8pWc5Nd\n' });
    const r = cli(['check', dir, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('concord init', () => {
  it('writes a commented manifest whose proposed settings join one secret under several names', () => {
    const dir = withoutManifest();
    const r = cli(['init', dir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /concord init: wrote .*concord\.yaml: 7 services, 2 environment\(s\), 1 shared setting \(1 found by matching values across names\), 4 addresses of other services/,
    );
    const text = readFileSync(path.join(dir, 'concord.yaml'), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schemas\/concord\.schema\.json$/);
    expect(text).toContain(
      '# one secret under different names: JWT_SECRET (auth), JWT_SECRET_STAGING/JWT_SECRET_KEY (backend), JWT_SECRET_KEY (e2e), JWT_SECRET_KEY (worker)',
    );
    expect(text).toContain('      jwt_secret: [JWT_SECRET_STAGING, JWT_SECRET_KEY]');
    // The written manifest is valid and, checked, catches the stale e2e key.
    const check = JSON.parse(cli(['check', dir, '--format', 'json']).stdout);
    expect(byRule(check, 'consistent')).toEqual([expect.objectContaining({ services: ['auth', 'backend', 'e2e', 'worker'] })]);
    expect(cli(['init', dir]).stderr).toContain('exists already (--force replaces it)');
  });

  it('a folder that does not exist is said so, not "nothing to discover"', () => {
    const r = cli(['init', '/nonexistent-concord-folder']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no such folder');
  });

  it('a folder with nothing to discover is a clear error', () => {
    const r = cli(['init', repo({ 'README.md': '#' })]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no services to discover there');
  });
});

describe('explain and audit without a manifest', () => {
  it('open the discovered platform exactly as check does', () => {
    const dir = withoutManifest();
    const explained = cli(['explain', 'JWT_SECRET_KEY', dir, '--env', 'staging', '--format', 'json']);
    expect(explained.status).toBe(0);
    const e = JSON.parse(explained.stdout);
    expect(e.services.map((s: { service: string }) => s.service).sort()).toEqual(['backend', 'e2e', 'worker']);
    const audited = cli(['audit', dir, '--format', 'json']);
    expect(audited.status).toBe(1);
    const a = JSON.parse(audited.stdout);
    expect(a.environments.map((x: { environment: string }) => x.environment)).toEqual(['staging', 'production']);
    const check = JSON.parse(cli(['check', dir, '--env', 'staging', '--format', 'json']).stdout);
    expect(a.environments[0].report.summary.errors).toBe(check.summary.errors);
  });
});
