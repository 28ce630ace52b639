import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });

/** The compose platform fixture in a git repository, committed. */
function composeRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-git-compose-'));
  cpSync(path.join(ROOT, 'test/fixtures/ok.compose-projects'), dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const changed = (dir: string) => {
  const r = cli(['check', '--changed', '--format', 'json', '--no-cache'], { cwd: dir });
  return { status: r.status, json: JSON.parse(r.stdout) };
};

describe('pre-commit runs on a compose project: every file the project reads is watched', () => {
  it('an included file touches the services it defines', () => {
    const dir = composeRepo();
    const db = path.join(dir, 'infra/db.yaml');
    writeFileSync(db, readFileSync(db, 'utf8').replace('      POSTGRES_USER: shop\n', '      POSTGRES_USER: shop\n      POSTGRES_DB: shop\n'));
    const r = changed(dir);
    expect(r.json.scope.changed).toEqual(['infra/db.yaml']);
    expect(r.json.scope.services).toEqual(expect.arrayContaining(['shop/db', 'api', 'web']));
    expect(r.json.scope.services).not.toContain('tools/db');
  });

  it('the project .env touches its project, not the other one', () => {
    const dir = composeRepo();
    const env = path.join(dir, '.env');
    writeFileSync(env, readFileSync(env, 'utf8').replace(/API_PORT=.*/, 'API_PORT=9000'));
    const r = changed(dir);
    expect(r.json.scope.changed).toEqual(['.env']);
    expect(r.json.scope.services).not.toContain('tools/db');
    expect(r.json.scope.services).toEqual(expect.arrayContaining(['api', 'web']));
    expect(r.status).toBe(0);
  });

  it('an env_file touches the service reading it; an override file the services it changes', () => {
    const dir = composeRepo();
    appendFileSync(path.join(dir, 'api/.env'), 'EXTRA=1\n');
    expect(changed(dir).json.scope.services).toContain('api');
    const dir2 = composeRepo();
    appendFileSync(path.join(dir2, 'compose.override.yaml'), '  web:\n    environment:\n      API_URL: http://api:7000\n');
    const r = changed(dir2);
    expect(r.json.scope.services).toEqual(expect.arrayContaining(['web', 'api']));
    expect(r.json.findings.map((f: { ruleId: string; messageId: string }) => `${f.ruleId}:${f.messageId}`)).toEqual(['port-match:noListener']);
  });
});
