import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo, ROOT } from '../helpers.js';

// The pre-commit path in a real git repository: what is judged is what the commit holds.

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const SAME = 'shared-jwt-secret-0123456789abcdef';
const OTHER = 'drifted-jwt-secret-fedcba9876543210';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** api and web read JWT_SECRET from their .env; worker's chain comes from its code. All agree, committed. */
function platform(): string {
  const dir = repo({
    'concord.yaml': [
      'version: 1',
      'services:',
      '  api:',
      '    root: api',
      '    env: [.env]',
      '    settings: { jwt_secret: [JWT_SECRET] }',
      '  worker:',
      '    root: worker',
      '    env: [.env]',
      '    code: ["src/*.ts"]',
      '    settings: { jwt_secret: [{ from-code: JWT_SECRET_KEY }] }',
      '  web:',
      '    root: web',
      '    env: [.env]',
      '    settings: { jwt_secret: [JWT_SECRET] }',
      'rules:',
      '  - rule: consistent',
      '    settings: [jwt_secret]',
      '',
    ].join('\n'),
    'api/.env': `JWT_SECRET=${SAME}\n`,
    'worker/.env': `JWT_SECRET_KEY=${SAME}\n`,
    'web/.env': `JWT_SECRET=${SAME}\n`,
    'worker/src/config.ts': "export const jwtSecret = process.env.JWT_SECRET_KEY ?? '';\n",
  });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const check = (dir: string, ...args: string[]) => cli(['check', '--format', 'json', '--no-cache', ...args], { cwd: dir });
const put = (dir: string, rel: string, text: string) => writeFileSync(path.join(dir, rel), text);

describe('--staged judges git index content', () => {
  it('husky-style (no stash): a staged drift fails although the working tree was fixed after staging', () => {
    const dir = platform();
    put(dir, 'api/.env', `JWT_SECRET=${OTHER}\n`);
    git(dir, 'add', 'api/.env');
    put(dir, 'api/.env', `JWT_SECRET=${SAME}\n`); // unstaged: not part of the commit
    const r = check(dir, '--staged');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string; setting: string }) => `${f.ruleId}:${f.setting}`)).toEqual(['consistent:jwt_secret']);
  });

  it('husky-style (no stash): a clean staged change passes although the working tree drifts', () => {
    const dir = platform();
    put(dir, 'api/.env', `JWT_SECRET=${SAME}\nLOG_LEVEL=debug\n`);
    git(dir, 'add', 'api/.env');
    put(dir, 'api/.env', `JWT_SECRET=${OTHER}\nLOG_LEVEL=debug\n`); // unstaged
    const r = check(dir, '--staged');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('pre-commit-style (unstaged edits stashed): the same verdict as from the index', () => {
    const dir = platform();
    put(dir, 'api/.env', `JWT_SECRET=${OTHER}\n`);
    git(dir, 'add', 'api/.env');
    put(dir, 'api/.env', `JWT_SECRET=${SAME}\n`);
    git(dir, 'stash', 'push', '-q', '--keep-index');
    try {
      expect(check(dir, '--staged').status).toBe(1);
    } finally {
      git(dir, 'stash', 'pop', '-q');
    }
  });

  it('a file the commit deletes is gone for the check, though still on disk (drifting)', () => {
    const dir = platform();
    put(dir, 'api/.env', `JWT_SECRET=${OTHER}\n`);
    git(dir, 'rm', '-q', '--cached', 'api/.env');
    const r = check(dir, '--staged');
    expect(JSON.parse(r.stdout).scope.changed).toEqual(['api/.env']);
    // In what is committed api sets no secret at all: nothing to compare, nothing drifts.
    expect(r.status).toBe(0);
    expect(check(dir).status).toBe(1);
  });
});

describe('--staged reads the manifest from the index too', () => {
  it('a staged manifest edit is judged, not the broken one in the working tree', () => {
    const dir = platform();
    const manifest = execFileSync('git', ['show', ':concord.yaml'], { cwd: dir, encoding: 'utf8' });
    put(dir, 'concord.yaml', `${manifest}# reviewed\n`);
    git(dir, 'add', 'concord.yaml');
    put(dir, 'concord.yaml', 'version: 1\nservices: [unfinished\n'); // unstaged work in progress
    const r = check(dir, '--staged');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).scope.full).toBe(true);
  });
});

describe('--staged scope', () => {
  it('a setting whose chain comes from code is in scope: --staged reports the drift the full check reports', () => {
    const dir = platform();
    put(dir, 'worker/.env', `JWT_SECRET_KEY=${OTHER}\n`);
    git(dir, 'add', 'worker/.env');
    expect(check(dir).status).toBe(1);
    const r = check(dir, '--staged');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).scope.services).toEqual(['worker']);
  });
});

describe('the pre-commit hook', () => {
  it('runs on every kind of file rules read: dotenv, YAML/JSON, key material, JWKS and source code', () => {
    const hooks = readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    const files = new RegExp(/^\s*files: (.*)$/m.exec(hooks)![1]!);
    for (const f of [
      '.env',
      'svc/.env.staging',
      'concord.yaml',
      'k8s/deploy.yaml',
      'config/app.json',
      'certs/tls.crt',
      'certs/tls.key',
      'ca.pem',
      'auth/keys.jwks',
      'src/config.ts',
      'app/settings.py',
      'cmd/main.go',
      'lib/env.rb',
      'web/src/env.mjs',
    ]) {
      expect(files.test(f), f).toBe(true);
    }
    for (const f of ['README.md', 'docs/logo.png']) expect(files.test(f), f).toBe(false);
  });
});
