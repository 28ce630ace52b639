import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, repo } from '../helpers.js';

// Faults of the process around a run: a reader that goes away, an SDK without credentials.

describe('a closed pipe', () => {
  it('`concord check | head -1` ends quietly: no EPIPE stack trace', () => {
    const files: Record<string, string> = {};
    // Enough findings that the report is far larger than a pipe's buffer.
    files['a/.env'] = Array.from({ length: 1500 }, (_, i) => `S${i}_TOKEN=value-a-${i}-aaaaaaaaaaaa`).join('\n');
    files['b/.env'] = Array.from({ length: 1500 }, (_, i) => `S${i}_TOKEN=value-b-${i}-bbbbbbbbbbbb`).join('\n');
    const dir = repo(files);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" check --offline --format pretty | head -1; echo "pipe:$?"`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    });
    expect(r.stdout.split('\n')[0]).toMatch(/^concord check/);
    expect(r.stderr).not.toMatch(/EPIPE|Error|^\s+at /m);
  });
});

describe('Google credentials missing', () => {
  it('a gcp-sm:// reference without Application Default Credentials is incomplete (exit 3), the reference named, no stack trace', () => {
    const dir = repo({
      'concord.yaml': [
        'version: 1',
        'services:',
        '  a:',
        '    secrets: { DB_PASSWORD: "gcp-sm://projects/p/secrets/db" }',
        '    settings: { db_password: [DB_PASSWORD] }',
        '  b:',
        '    secrets: { DB_PASSWORD: "gcp-sm://projects/p/secrets/db2" }',
        '    settings: { db_password: [DB_PASSWORD] }',
        'rules:',
        '  - rule: consistent',
        '    settings: [db_password]',
        '',
      ].join('\n'),
    });
    const home = mkdtempSync(path.join(tmpdir(), 'concord-no-adc-'));
    const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      // No GOOGLE_APPLICATION_CREDENTIALS, an empty HOME (no gcloud config), no metadata server.
      env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', METADATA_SERVER_DETECTION: 'none' },
    });
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.status).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.status).toBe('incomplete');
    expect(report.incomplete.map((i: { ref: string; reason: string }) => `${i.ref} ${i.reason}`)).toEqual([
      'gcp-sm://projects/p/secrets/db/versions/latest credentials',
      'gcp-sm://projects/p/secrets/db2/versions/latest credentials',
    ]);
  });
});

describe('symlink loops', () => {
  it('`concord chains` over two symlinks to `.` reads each file once and ends', () => {
    const dir = repo({ 'src/config.ts': "export const port = process.env.PORT ?? '8080';\n" });
    symlinkSync('.', path.join(dir, 'a'));
    symlinkSync('.', path.join(dir, 'b'));
    const r = spawnSync(process.execPath, [BIN, 'chains', '--format', 'json', '--no-cache'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).files).toBe(1);
  });
});

describe('init with hostile folder names', () => {
  it('writes a concord.yaml that check accepts: names a manifest allows, comments on one line', () => {
    const evil = 'evil\n::error title=pwned::x\u001b[31m';
    const dir = repo({ [`${evil}/.env.staging`]: 'JWT_SECRET=one-secret-aaaaaaaaaaaaaaaa\n', 'ok/.env.staging': 'JWT_SECRET=two-secret-bbbbbbbbbbbbbbbb\n' });
    const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
    const init = spawnSync(process.execPath, [BIN, 'init'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env });
    expect(init.status).toBe(0);
    const manifest = readFileSync(path.join(dir, 'concord.yaml'), 'utf8');
    expect(manifest).not.toMatch(/^::error/m);
    expect(manifest).not.toContain('\u001b');
    const check = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', '--offline'], { cwd: dir, encoding: 'utf8', timeout: 60_000, env });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    expect(JSON.parse(check.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('consistent');
  });
});

describe('discovery limits', () => {
  it('a repository past 20,000 entries is searched in part, and the report says so', () => {
    const dir = repo({ 'a/.env': 'X=1\n' });
    mkdirSync(path.join(dir, 'z'));
    for (let i = 0; i < 20_050; i++) writeFileSync(path.join(dir, 'z', `f${i}.txt`), '');
    const r = spawnSync(process.execPath, [BIN, 'check', '--format', 'json', '--offline'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).notes.map((n: { message: string }) => n.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^discovery looks at 20000 files and folders at most and stopped there/)]),
    );
  });
});

describe('exit codes of failures', () => {
  it('bad input 2, concord failing itself 3 (never a verdict)', async () => {
    const { ConfigError, exitCodeFor } = await import('../../src/errors.js');
    expect(exitCodeFor(new ConfigError('USAGE', 'x'))).toBe(2);
    expect(exitCodeFor(new TypeError('x'))).toBe(3);
    expect(exitCodeFor(Object.assign(new TypeError('x'), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }))).toBe(2);
  });
});
