import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover, dotenvLayers } from '../../src/discover/discover.js';
import { byRule, cli, repo } from '../helpers.js';

/** A repository committed with git: `ignored` lists paths .gitignore hides. */
function gitRepo(files: Record<string, string>, ignored: string[] = []): string {
  const dir = repo({ ...files, ...(ignored.length ? { '.gitignore': `${ignored.join('\n')}\n` } : {}) });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
}

describe('what discovery reads', () => {
  it('in a git repository, reads what git tracks: an ignored .env.local is a developer’s, not the platform’s', () => {
    const dir = gitRepo(
      {
        'api/.env': 'PORT=8080\n',
        'api/.env.local': 'PORT=9999\n',
        'worker/.env': 'QUEUE=jobs\n',
        'build/api/.env': 'PORT=1\n',
        'scratch/.env': 'X=1\n',
      },
      ['.env.local', 'scratch/'],
    );
    const d = discover(dir);
    expect(d.services.map((s) => s.name).sort()).toEqual(['api', 'worker']);
    expect(d.services.find((s) => s.name === 'api')!.env).toEqual([{ file: '.env', required: false }]);
  });

  it('outside git, walks the folders and reads .env.local and .env.override as layers over the environment files', () => {
    const d = discover(
      repo({ 'api/.env': 'A=1\n', 'api/.env.staging': 'A=2\n', 'api/.env.local': 'A=3\n', 'api/.env.staging.local': 'A=4\n', 'api/.env.override': 'A=5\n' }),
    );
    expect(d.environments).toEqual(['staging']);
    expect(d.services.map((s) => [s.name, s.env.map((e) => e.file)])).toEqual([
      ['api', ['.env', '.env.${env}', '.env.local', '.env.override', '.env.${env}.local']],
    ]);
  });

  it('takes neither templates nor backups or patches for environments or services', () => {
    const d = discover(
      repo({
        'web/.env.example': 'API_URL=\n',
        'web/.env.sample': 'X=\n',
        'ops/.env.patch': '--- a/.env\n+++ b/.env\n@@ -1 +1 @@\n-A=1\n+A=2\n',
        'ops/.env.bak': 'A=0\n',
        'api/.env': 'A=1\n',
      }),
    );
    expect(d.environments).toEqual(['default']);
    expect(d.services.map((s) => s.name)).toEqual(['api']);
  });

  it('leaves a folder with a concord.yaml of its own to that platform, and says so', () => {
    const d = discover(repo({ 'api/.env': 'A=1\n', 'tools/billing/concord.yaml': 'version: 1\nservices:\n  x: {}\n', 'tools/billing/svc/.env': 'B=2\n' }));
    expect(d.services.map((s) => s.name)).toEqual(['api']);
    expect(d.limits).toEqual([expect.stringContaining('tools/billing/ has a concord.yaml of its own')]);
  });

  it('a folder holding only a .env.patch gives a clean check, not exit 2 (getsentry/self-hosted)', () => {
    const r = cli(['check', repo({ 'patches/kafka/.env.patch': '--- a/.env\n+++ b/.env\n', 'api/.env': 'PORT=8080\n' }), '--format', 'json']);
    expect(r.status).toBe(0);
    expect(byRule(JSON.parse(r.stdout), 'consistent')).toEqual([]);
  });

  it.each([
    [['.env', '.env.prod', '.env.local'], ['prod'], ['.env', '.env.${env}', '.env.local']],
    [['.env.local'], [], ['.env.local']],
    [['.env.example', '.env.patch'], [], []],
  ])('orders the layers of %j', (names, envs, layers) => {
    expect(dotenvLayers(names, new Set(envs))).toEqual(layers);
  });
});

describe('git repositories inside the repository', () => {
  it('walks a submodule and a nested clone as folders: their services are found', () => {
    const inner = gitRepo({ 'compose.yaml': 'services:\n  billing:\n    image: example/billing\n' });
    const dir = gitRepo({ 'api/.env': 'PORT=8080\n' });
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', args, {
        cwd,
        stdio: 'ignore',
        env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
      });
    git(dir, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', inner, 'platform');
    git(dir, 'commit', '-qm', 'submodule');
    git(dir, 'clone', '-q', inner, 'svc-a');
    const d = discover(dir);
    expect(d.services.map((s) => s.name).sort()).toEqual(['api', 'platform/billing', 'svc-a/billing']);
  });

  it("never runs the repository's own fsmonitor command", () => {
    const dir = gitRepo({ 'api/.env': 'PORT=8080\n' });
    const marker = path.join(dir, '..', `fsmonitor-ran-${path.basename(dir)}`);
    execFileSync('git', ['config', 'core.fsmonitor', `touch ${marker}; false #`], { cwd: dir });
    expect(cli(['check', dir]).status).toBe(0);
    expect(cli(['check', dir, '--staged']).status).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
