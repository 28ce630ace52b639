import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cli, ROOT } from '../helpers.js';
import { onPath, toolAvailable } from '../tools.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** A git repository holding the example platform, committed, with concord in its node_modules/.bin. */
function fixtureRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-git-'));
  cpSync(path.join(ROOT, 'examples/platform'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(BIN, path.join(dir, 'node_modules/.bin/concord'));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

const report = (dir: string, args: string[]) => {
  const r = cli(['check', ...args, '--format', 'json', '--no-cache'], { cwd: dir });
  return { status: r.status, stderr: r.stderr, json: r.stdout ? JSON.parse(r.stdout) : undefined };
};

describe('pre-commit mode: only what the change touches, offline', () => {
  it('--staged with nothing staged checks nothing and passes', () => {
    const r = report(fixtureRepo(), ['--staged']);
    expect(r.status).toBe(0);
    expect(r.json.scope).toEqual({ full: false, changed: [], services: [] });
  });

  it('--staged reports only findings involving the services the staged files touch', () => {
    const dir = fixtureRepo();
    appendFileSync(path.join(dir, 'services/peer-client/.env.staging'), 'PEER_TIMEOUT=5\n');
    appendFileSync(path.join(dir, 'services/backend/.env.staging'), 'NOT_STAGED=1\n');
    git(dir, 'add', 'services/peer-client/.env.staging');
    const r = report(dir, ['--staged']);
    expect(r.status).toBe(1);
    expect(r.json.scope).toEqual({ full: false, changed: ['services/peer-client/.env.staging'], services: ['peer-client'] });
    expect(r.json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['pair']);
    expect(r.json.secrets.offline).toBe(true);
  });

  it('a changed dotenv file brings in the services it is compared with, for the settings it can affect', () => {
    const dir = fixtureRepo();
    appendFileSync(path.join(dir, 'services/backend/.env.staging'), 'LOG_LEVEL=debug\n');
    const r = report(dir, ['--changed']);
    expect(r.json.scope.services).toEqual(['backend']);
    // backend's JWT secret and auth URL are in that file: the JWT and port incidents still show.
    expect(r.json.findings.map((f: { ruleId: string; setting?: string }) => `${f.ruleId}:${f.setting ?? ''}`)).toEqual(
      expect.arrayContaining(['consistent:jwt_secret', 'port-match:auth_url']),
    );
    expect(r.json.findings.every((f: { services: { service: string }[] }) => f.services.some((s) => s.service === 'backend'))).toBe(true);
  });

  it('a compose change touches every service reading that compose file; a manifest change checks everything', () => {
    const dir = fixtureRepo();
    appendFileSync(path.join(dir, 'docker-compose.yml'), '\n  cache:\n    image: redis:7\n');
    expect(report(dir, ['--changed']).json.scope.services).toEqual(['auth', 'backend', 'worker']);
    appendFileSync(path.join(dir, 'concord.yaml'), '\n# reviewed\n');
    const full = report(dir, ['--changed']);
    expect(full.json.scope.full).toBe(true);
    expect(full.json.summary.errors).toBe(8);
  });

  it('--changed REF compares with a ref, untracked files included', () => {
    const dir = fixtureRepo();
    appendFileSync(path.join(dir, 'services/sync/.env.staging'), 'KUBERNETES_TOKEN=eyJ.sync.token-value\n');
    git(dir, 'commit', '-qam', 'token');
    writeFileSync(path.join(dir, 'services/auth/.env'), 'LOG_FORMAT=text\n');
    const r = report(dir, ['--changed', 'HEAD~1']);
    expect(r.json.scope.changed.sort()).toEqual(['services/auth/.env', 'services/sync/.env.staging']);
    expect(r.json.scope.services).toEqual(['auth', 'sync']);
    expect(r.json.findings.some((f: { ruleId: string }) => f.ruleId === 'required')).toBe(false);
  });

  it('a changed source file touches the service whose chains it holds', () => {
    const dir = fixtureRepo();
    appendFileSync(path.join(dir, 'services/e2e/helpers/auth.py'), '\n# reviewed\n');
    const r = report(dir, ['--changed']);
    expect(r.json.scope.services).toEqual(['e2e']);
    expect(r.json.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
      expect.arrayContaining(['consistent', 'hardcoded-fallback', 'no-literal-fallback']),
    );
  });

  it('outside a git repository: a clear error, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-nogit-'));
    cpSync(path.join(ROOT, 'examples/platform-consistent'), dir, { recursive: true });
    const r = cli(['check', '--staged'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/git rev-parse failed .*not a git repository/);
  });
});

describe('the manifest cache', () => {
  it('keeps a parsed manifest keyed by content (and nothing from .env files), and uses it', () => {
    const dir = fixtureRepo();
    const cache = path.join(dir, 'cache');
    expect(cli(['check', '--format', 'json', '--cache-dir', cache], { cwd: dir }).status).toBe(1);
    const file = readdirSync(cache).find((f) => f.startsWith('manifest-'));
    expect(file).toMatch(/^manifest-[0-9a-f]{32}\.json$/);
    // Parsed source code (the e2e helper, the worker) is cached beside it, by content.
    expect(readdirSync(cache)).toContain('code-chains-2-0.1.0.json');
    const text = readFileSync(path.join(cache, file!), 'utf8');
    expect(text).not.toContain('st4g1ng-jwt-9f8e7d6c5b4a39281706f5e4d3c2b1a0'); // a value of .env.staging
    // Tamper with the cached copy: a second run reads it instead of parsing concord.yaml again.
    const data = JSON.parse(text);
    data.data.rules = [{ rule: 'pair', vars: ['PEER_TLS_CERT', 'PEER_TLS_KEY'] }];
    writeFileSync(path.join(cache, file!), JSON.stringify(data));
    const second = JSON.parse(cli(['check', '--format', 'json', '--cache-dir', cache], { cwd: dir }).stdout);
    expect(second.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['pair']);
    // Another manifest text is another key.
    appendFileSync(path.join(dir, 'concord.yaml'), '\n# edited\n');
    expect(JSON.parse(cli(['check', '--format', 'json', '--cache-dir', cache], { cwd: dir }).stdout).summary.errors).toBe(8);
  });
});

describe('the pre-commit framework', () => {
  const hasPreCommit = toolAvailable('pre-commit', onPath('pre-commit'), 'apt-get install pre-commit');
  it.skipIf(!hasPreCommit)('runs the hook of .pre-commit-hooks.yaml with pre-commit try-repo, offline, on the system Node', () => {
    const dir = fixtureRepo();
    const env = { ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: mkdtempSync(path.join(tmpdir(), 'pre-commit-home-')), NO_COLOR: '1' };
    appendFileSync(path.join(dir, 'services/peer-client/.env.staging'), 'PEER_TIMEOUT=5\n');
    git(dir, 'add', '-A');
    const r = spawnSync('pre-commit', ['try-repo', ROOT, 'concord', '--verbose'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env });
    if (r.error) throw new Error(`pre-commit is not installed (apt-get install pre-commit; .ci/run does it): ${r.error.message}`);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/concord \(cross-service configuration\)\.+Failed/);
    expect(r.stdout).toContain('1 changed file → peer-client');
    expect(r.stdout).toContain('peer-client sets PEER_TLS_CERT but not PEER_TLS_KEY');

    // Fixed, the same commit passes.
    appendFileSync(path.join(dir, 'services/peer-client/.env.staging'), 'PEER_TLS_KEY=/etc/federation/client.key\n');
    git(dir, 'add', '-A');
    const ok = spawnSync('pre-commit', ['try-repo', ROOT, 'concord'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env });
    expect(ok.stdout).toMatch(/concord \(cross-service configuration\)\.+Passed/);
    expect(ok.status).toBe(0);
  });
});
