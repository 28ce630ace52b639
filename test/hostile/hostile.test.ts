import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers.js';

/**
 * Hostile and odd input, one folder per case under cases/: `repo.json` (the repository's files;
 * JSON because some names hold newlines and escapes) and `expect.json` (exit code, what stderr or
 * the JSON report must say, planted canaries that must appear in no output). Each case runs
 * through the real CLI as a process, capped at 1 GiB of heap, with every report format at once
 * and --debug, then `concord audit`; every output is scanned for canaries, stack traces and
 * internal errors.
 */
interface Expectation {
  why: string;
  args?: string[];
  exit: number;
  stderr?: string;
  stdout?: string;
  canaries?: string[];
  generate?: Record<string, { prefix?: string; repeat: string; times: number; suffix?: string }>;
  symlinks?: Record<string, string>;
  fifos?: string[];
  unreadable?: string[];
  /** run every format at once (default) */
  formats?: boolean;
  /** run `concord audit` too (default) */
  audit?: boolean;
  /** settings to run `concord explain` on too, in both its formats */
  explain?: string[];
  /** files that must not exist after the run */
  absent?: string[];
  /** the case needs a user that permissions apply to */
  root_skips?: boolean;
  /** no output line may start a workflow command or hold a raw control character */
  injection?: boolean;
}

const CASES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cases');
const FORMATS = ['pretty', 'sarif', 'junit', 'markdown', 'github'];
const IS_ROOT = process.getuid?.() === 0;

function materialize(name: string, e: Expectation): string {
  const dir = mkdtempSync(path.join(tmpdir(), `concord-hostile-${name}-`));
  const files = JSON.parse(readFileSync(path.join(CASES, name, 'repo.json'), 'utf8')) as Record<string, string>;
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) put(rel, text);
  for (const [rel, g] of Object.entries(e.generate ?? {})) {
    const parts: string[] = [g.prefix ?? ''];
    for (let i = 1; i <= g.times; i++) parts.push(g.repeat.replace(/\{i\+1\}/g, String(i + 1)).replace(/\{i\}/g, String(i)));
    parts.push(g.suffix ?? '');
    put(rel, parts.join(''));
  }
  for (const [link, target] of Object.entries(e.symlinks ?? {})) {
    mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    symlinkSync(target, path.join(dir, link));
  }
  for (const f of e.fifos ?? []) spawnSync('mkfifo', [path.join(dir, f)]);
  for (const f of e.unreadable ?? []) chmodSync(path.join(dir, f), 0o000);
  return dir;
}

function concord(args: string[], cwd: string) {
  // A hang is a failure: 30 s is far beyond any case's time on a loaded machine.
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', BIN, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', CONCORD_FINGERPRINT_KEY: 'hostile-test-key', METADATA_SERVER_DETECTION: 'none' },
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function assertClean(text: string, e: Expectation, where: string): void {
  for (const c of e.canaries ?? []) expect(text.includes(c), `${where} leaks the canary ${c}`).toBe(false);
  expect(text, `${where}: internal error`).not.toMatch(/internal error/);
  expect(text, `${where}: stack trace`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(text, `${where}: Node's crash footer`).not.toMatch(/^Node\.js v\d+/m);
  if (e.injection) {
    expect(text, `${where}: a line starts a workflow command`).not.toMatch(/^::(?!warning|error|notice)|\n::error title=pwned/);
    expect(text, `${where}: raw control character`).not.toMatch(/[\u001b\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  }
}

const names = readdirSync(CASES).sort();

describe('hostile input through the real CLI', () => {
  it('has a case for every class of the issue', () => {
    for (const prefix of ['leak-', 'crash-', 'hang-', 'pass-', 'inject-']) expect(names.some((n) => n.startsWith(prefix))).toBe(true);
  });

  for (const name of names) {
    const e = JSON.parse(readFileSync(path.join(CASES, name, 'expect.json'), 'utf8')) as Expectation;
    it.skipIf(e.root_skips && IS_ROOT)(`${name}: ${e.why}`, () => {
      const dir = materialize(name, e);
      const out = mkdtempSync(path.join(tmpdir(), `concord-hostile-out-`));
      const args = [...(e.args ?? ['check']), '--offline', '--no-cache', '--debug'];
      if (e.formats !== false) {
        for (const f of FORMATS) args.push('--format', f, '--output', path.join(out, `report.${f}`));
        args.push('--format', 'json');
      }
      const r = concord(args, dir);
      expect(r.signal, `${name} was killed (a hang or memory past 1 GiB)`).toBeNull();
      expect({ status: r.status, stderr: r.stderr.slice(0, 2000) }).toMatchObject({ status: e.exit });
      if (e.stderr) expect(r.stderr).toMatch(new RegExp(e.stderr));
      if (e.stdout) expect(r.stdout).toMatch(new RegExp(e.stdout));
      assertClean(r.stdout, e, `${name} stdout`);
      assertClean(r.stderr, e, `${name} stderr`);
      for (const f of FORMATS) {
        const file = path.join(out, `report.${f}`);
        if (existsSync(file)) assertClean(readFileSync(file, 'utf8'), e, `${name} ${f} report`);
      }
      for (const f of e.absent ?? []) expect(existsSync(path.join(dir, f)), `${f} was written`).toBe(false);
      for (const setting of e.explain ?? []) {
        for (const fmt of ['json', 'pretty']) {
          const x = concord(['explain', setting, '--offline', '--format', fmt, '--debug'], dir);
          expect(x.status, `explain ${setting}: ${x.stderr.slice(0, 300)}`).toBe(0);
          assertClean(x.stdout + x.stderr, e, `${name} explain ${setting} (${fmt})`);
        }
      }
      if (e.audit !== false) {
        const a = concord(['audit', '--offline', '--format', 'html', '--debug'], dir);
        expect(a.signal, `${name} audit was killed`).toBeNull();
        expect(a.status).toBe(e.exit);
        assertClean(a.stdout, e, `${name} audit page`);
        assertClean(a.stderr, e, `${name} audit stderr`);
      }
    });
  }
});
