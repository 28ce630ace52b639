import { describe, expect, it } from 'vitest';
import { check } from '../src/commands/check.js';
import type { Report } from '../src/report/types.js';
import { cli, summarize } from './helpers.js';

/** The shipped example reproduces each incident of shared/incidents.md with the right rule, services and file:line. */
describe('examples/platform reproduces the incidents', () => {
  let report: Report;
  const find = (ruleId: string, messageId: string, setting?: string) => {
    const f = report.findings.find((x) => x.ruleId === ruleId && x.messageId === messageId && (setting === undefined || x.setting === setting));
    expect(f, `${ruleId}/${messageId}`).toBeDefined();
    return summarize(f!);
  };

  it('loads', async () => {
    report = await check({ dir: 'examples/platform', environment: 'staging', fingerprintKey: 'k' });
    expect(report.status).toBe('fail');
  });

  it('incident 1: the e2e helper signs with a stale JWT_SECRET_KEY (link 2 of 3) while auth, backend and worker share the real secret', () => {
    const f = report.findings.find((x) => x.ruleId === 'consistent' && x.setting === 'jwt_secret')!;
    const rows = Object.fromEntries(f.services.map((s) => [s.service, s]));
    expect(rows.e2e).toMatchObject({
      class: 'B',
      link: 2,
      chainLength: 3,
      via: 'JWT_SECRET_KEY',
      source: { kind: 'dotenv', file: 'services/e2e/.env.staging', line: 3 },
    });
    expect(rows.auth).toMatchObject({ class: 'A', via: 'JWT_SECRET', source: { kind: 'k8s-secret', file: 'deploy/staging/auth.yaml', line: 31 } });
    expect(rows.backend).toMatchObject({
      class: 'A',
      link: 1,
      chainLength: 2,
      via: 'JWT_SECRET_STAGING',
      source: { file: 'services/backend/.env.staging', line: 1 },
    });
    expect(rows.e2e!.fingerprint).not.toBe(rows.auth!.fingerprint);
    expect(find('no-literal-fallback', 'canFallThrough', 'jwt_secret')).toMatchObject({
      services: ['e2e'],
      locations: ['e2e@services/e2e/helpers/auth.py:13'],
    });
    // The chain comes from the helper's code, and the literal is pointed at, never shown.
    expect(find('hardcoded-fallback', 'literal')).toMatchObject({ services: ['e2e'], locations: ['e2e@services/e2e/helpers/auth.py:13'] });
  });

  it('incident 1 in production: with no JWT variable at all, the helper signs with the hard-coded literal', async () => {
    const prod = await check({ dir: 'examples/platform', environment: 'production', fingerprintKey: 'k' });
    const f = prod.findings.find((x) => x.ruleId === 'no-literal-fallback')!;
    expect(summarize(f)).toMatchObject({ messageId: 'resolvedToLiteral', services: ['e2e'], locations: ['e2e@services/e2e/helpers/auth.py:13'] });
    expect(f.services[0]).toMatchObject({ link: 3, chainLength: 3, via: 'literal' });
  });

  it('incident 2: backend, worker and e2e call auth on 8080 while auth binds the 8001 its own file pins', () => {
    expect(find('port-match', 'noListener', 'auth_url')).toMatchObject({
      services: ['auth', 'backend', 'e2e', 'worker'],
      locations: expect.arrayContaining(['backend@services/backend/.env.staging:2', 'worker@docker-compose.yml:22', 'auth@services/auth/.env.staging:3']),
    });
    expect(find('port-match', 'claimsDisagree')).toMatchObject({
      services: ['auth'],
      locations: expect.arrayContaining(['auth@docker-compose.yml:6', 'auth@deploy/staging/auth.yaml:19']),
    });
  });

  it('incident 3: the controller polls the VM agent on 8080 where it listens on 9100', () => {
    expect(find('port-match', 'noListener', 'vm_health_url')).toMatchObject({
      services: ['controller', 'vm-agent'],
      locations: ['controller@services/controller/config/staging.yaml:4', 'vm-agent@services/vm-agent/config/staging.yaml:2'],
    });
  });

  it('incident 4: the peer client has its mTLS certificate but not its key', () => {
    expect(find('pair', 'partial')).toMatchObject({ services: ['peer-client'], locations: ['peer-client@services/peer-client/.env.staging:2'] });
  });

  it('incident 5: the sync service has no Kubernetes token', () => {
    expect(find('required', 'missingSetting', 'kubernetes_token')).toMatchObject({ services: ['sync'] });
  });

  it('fails the CLI with exit 1 and a readable diff report', () => {
    const r = cli(['check', '--env', 'staging', 'examples/platform', '--format', 'pretty']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✖ error   consistent  jwt_secret');
    expect(r.stdout).toMatch(/B\s+e2e\s+hmac:[0-9a-f]{12}\s+examples\/platform\/services\/e2e\/\.env\.staging:3 \(dotenv\)\s+JWT_SECRET_KEY 2\/3/);
    expect(r.stdout).toMatch(/8 errors, 2 warnings · 8 services, 9 settings · staging/);
  });
});

describe('examples/auth-flows', () => {
  it('catches the stale JWKS of one verifier and the mTLS client without its key', async () => {
    const report = await check({ dir: 'examples/auth-flows', fingerprintKey: 'k' });
    expect(report.findings.map(summarize)).toEqual([
      expect.objectContaining({
        ruleId: 'jwt-compat',
        messageId: 'kidNotInJwks',
        services: ['auth', 'websocket'],
        locations: ['auth@services/auth/.env.staging:1', 'websocket@services/websocket/.env.staging:1'],
      }),
      expect.objectContaining({ ruleId: 'tls-pair', messageId: 'partial', services: ['billing'], locations: ['billing@services/billing/.env.staging:1'] }),
    ]);
    // api verifies with the current JWKS: no finding names it.
    expect(report.findings.some((f) => f.services.some((s) => s.service === 'api'))).toBe(false);
  });

  it('its consistent variant passes: a real RS256 token signed by auth verifies at api and websocket', () => {
    const r = cli(['check', 'examples/auth-flows-consistent', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).checks).toEqual(
      expect.arrayContaining([expect.objectContaining({ ruleId: 'jwt-compat' }), expect.objectContaining({ ruleId: 'tls-pair' })]),
    );
  });
});

describe('examples/platform-consistent', () => {
  it.each(['staging', 'production'])('passes in %s with exit 0', (env) => {
    const r = cli(['check', '--env', env, 'examples/platform-consistent', '--format', 'json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('pass');
    expect(report.summary.errors).toBe(0);
  });
});

describe('npm run demo:secrets', () => {
  it('checks examples/secret-managers against the local AWS and GCP servers and finds the pinned old version', async () => {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['examples/secret-managers/demo.js'], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    expect(r.stdout).toMatch(/A\s+auth\s+hmac:\w{12}\s+examples\/secret-managers\/concord\.yaml:8 \(secret-ref\) aws-sm:\/\/staging\/auth#JWT_SECRET/);
    expect(r.stdout).toMatch(
      /A\s+api\s+hmac:\w{12}\s+examples\/secret-managers\/concord\.yaml:12 \(secret-ref\) gcp-sm:\/\/projects\/demo\/secrets\/jwt-secret\/versions\/latest/,
    );
    expect(r.stdout).toMatch(
      /B\s+billing\s+hmac:\w{12}\s+examples\/secret-managers\/concord\.yaml:22 \(secret-ref\) aws-sm:\/\/staging\/jwt\?version-stage=AWSPREVIOUS/,
    );
    expect(r.stdout).toContain('exit 1: billing still pins the AWSPREVIOUS version of the rotated secret.');
    expect(r.stdout + r.stderr).not.toContain('st4g1ng-jwt-9f8e7d6c5b4a39281706f5e4d3c2b1a0');
  });
});
