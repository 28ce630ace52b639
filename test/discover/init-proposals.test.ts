import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { byRule, cli, repo } from '../helpers.js';

const compose = (services: Record<string, unknown>) => stringify({ services });

/** `init`, then the written manifest and the check after it. */
function initThenCheck(dir: string) {
  const init = cli(['init', dir]);
  expect(init.status, init.stderr).toBe(0);
  const manifest = readFileSync(path.join(dir, 'concord.yaml'), 'utf8');
  const r = cli(['check', dir, '--format', 'json']);
  return { manifest, status: r.status, report: JSON.parse(r.stdout) };
}

describe('what init proposes', () => {
  it('never joins unrelated secrets that share a weak development value, nor two names of one service (appwrite, nextcloud)', () => {
    const dir = repo({
      'compose.yaml': compose({
        app: { image: 'example/app', environment: { _APP_DB_PASS: 'password', _APP_SMTP_PASSWORD: 'password', DB_HOST: 'mariadb' } },
        mariadb: { image: 'mariadb:11', environment: { MYSQL_ROOT_PASSWORD: 'rootsecret-dev', MYSQL_PASSWORD: 'rootsecret-dev', MYSQL_USER: 'app' } },
      }),
    });
    const { manifest, status } = initThenCheck(dir);
    expect(manifest).not.toMatch(/rule: consistent/);
    expect(manifest).not.toMatch(/\[MYSQL_ROOT_PASSWORD, MYSQL_PASSWORD\]|\[MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD\]/);
    expect(status).toBe(0);
  });

  it("writes each client's addresses as settings, so a broken port or password after init is still caught, with file and line", () => {
    const dir = repo({
      'compose.yaml': compose({
        api: {
          image: 'example/api',
          environment: { DATABASE_URL: 'postgres://app:Kq7-the-db-password-91@db:5432/app', CACHE_HOST: 'cache', CACHE_PORT: '6379' },
        },
        db: { image: 'postgres:16', environment: { POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'Kq7-the-db-password-91' } },
        cache: { image: 'redis:7' },
      }),
    });
    const healthy = initThenCheck(dir);
    expect(healthy.manifest).toContain('      database_url: [DATABASE_URL]   # calls db');
    expect(healthy.manifest).toContain('      cache_port: [CACHE_PORT]   # calls cache');
    expect(healthy.status).toBe(0);

    const file = path.join(dir, 'compose.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('CACHE_PORT: "6379"', 'CACHE_PORT: "6380"')
        .replace('POSTGRES_PASSWORD: Kq7-the-db-password-91', 'POSTGRES_PASSWORD: rotated-but-not-in-the-app'),
    );
    const r = cli(['check', dir, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(byRule(report, 'port-match')).toEqual([
      expect.objectContaining({ messageId: 'noListener', services: ['api', 'cache'], locations: ['api@compose.yaml:7', 'cache@compose.yaml:14'] }),
    ]);
    expect(byRule(report, 'credential-match')).toEqual([
      expect.objectContaining({ messageId: 'differs', services: ['api', 'db'], locations: ['api@compose.yaml:5', 'db@compose.yaml:12'] }),
    ]);
  });
});
