import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { cli, repo, ROOT } from '../helpers.js';

const minimal = { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n    settings: { x: [X] }\n', '.env': 'X=1\n' };

describe('concord CLI (real process)', () => {
  it('exits 0 on a consistent platform', () => {
    const r = cli(['check', repo(minimal), '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).status).toBe('pass');
    expect(r.stderr).toBe('');
  });

  it('prints help and version', () => {
    expect(cli(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Exit codes') });
    for (const command of ['check', 'explain', 'audit', 'init']) {
      expect(cli([command, '--help'])).toMatchObject({
        status: 0,
        stdout: expect.stringMatching(new RegExp(`^concord ${command} [\\s\\S]*Examples\\n  concord ${command === 'init' ? 'init' : command}`)),
      });
    }
    expect(cli(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('finds the manifest by walking up from the working directory', () => {
    const dir = repo({ ...minimal, 'deep/er/keep': '' });
    const r = cli(['check'], { cwd: path.join(dir, 'deep/er') });
    expect(r.status).toBe(0);
  });

  it('writes --output and keeps stdout empty', () => {
    const dir = repo(minimal);
    const out = path.join(dir, 'out.json');
    const r = cli(['check', dir, '--output', out]);
    expect(r).toMatchObject({ status: 0, stdout: '' });
    expect(JSON.parse(readFileSync(out, 'utf8')).status).toBe('pass');
  });

  it('takes --config for a manifest with another name', () => {
    const dir = repo({ 'platform.yaml': minimal['concord.yaml'], '.env': 'X=1\n' });
    expect(cli(['check', '--config', path.join(dir, 'platform.yaml')]).status).toBe(0);
  });

  it.each([
    [['check', '--format', 'xml'], /unknown format "xml"/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['check', '--bogus'], /unknown option --bogus/],
    [['check', '--envv', 'staging'], /unknown option --envv; did you mean --env\?/],
    [['chck'], /unknown command "chck"; did you mean "check"\?/],
    [['.'], /unknown command "\."; to check that folder: concord check \./],
    [['audit', '--staged'], /audit does not take --staged \(an option of check\)/],
    [['init', '--format', 'json'], /init does not take --format/],
    [['check', '--env'], /--env/],
    [['check', 'a', 'b'], /at most one folder/],
  ])('exits 2 on a bad invocation: %j', (args, message) => {
    const r = cli(args as string[], { cwd: repo(minimal) });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('exits 2 for an unknown environment, naming the known ones', () => {
    const r = cli(['check', 'examples/platform', '--env', 'prod']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown environment "prod"; the manifest defines staging, production');
  });

  it('--quiet leaves warnings out of the pretty report', () => {
    const r = cli(['check', 'examples/platform', '--format', 'pretty', '--quiet']);
    expect(r.stdout).not.toContain('chain-divergence');
    expect(r.stdout).toContain('consistent');
  });

  it('colours only when asked or on a terminal, and honours NO_COLOR', () => {
    expect(cli(['check', 'examples/platform', '--format', 'pretty']).stdout).not.toContain('\u001b[');
    expect(cli(['check', 'examples/platform', '--format', 'pretty'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout).toContain('\u001b[31m');
    expect(cli(['check', 'examples/platform', '--format', 'pretty', '--color']).stdout).toContain('\u001b[');
  });
});

describe('bad input: a clear error with file and line, exit 2, no stack trace, no hang', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'malformed YAML config',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    config: [c.yaml]\n', 'c.yaml': 'a: 1\n  b: [2\n' },
      /c\.yaml:\d+: invalid YAML/,
    ],
    [
      'malformed JSON config',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    config: [c.json]\n', 'c.json': '{\n  "a": 1,\n  "b":\n}\n' },
      /c\.json:4: invalid JSON: value expected/,
    ],
    ['malformed .env', { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': 'A=1\nB\n' }, /\.env:2: expected KEY=value/],
    [
      'a missing required file',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [{ file: .env.prod, required: true }]\n' },
      /concord\.yaml:4: required file "\.env\.prod" does not exist/,
    ],
    [
      'a glob matching nothing',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    k8s: { files: "deploy/*.yaml" }\n' },
      /concord\.yaml:4: the pattern "deploy\/\*\.yaml" matches no file/,
    ],
    [
      'a chain naming an unknown setting',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    settings:\n      x: [{ setting: y }]\n' },
      /concord\.yaml:5: services\.a\.settings\.x\[0\] refers to the setting "y", which a does not define/,
    ],
    [
      'a rule naming an unknown setting',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    settings: { jwt_secret: [J] }\nrules:\n  - rule: consistent\n    setting: jwt_secrte\n' },
      /concord\.yaml:7: rules\[0\]\.setting \(consistent\) refers to the setting "jwt_secrte", which no service defines \(did you mean "jwt_secret"\?\)/,
    ],
    [
      'settings that refer to each other',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    settings:\n      x: [{ setting: y }]\n      y: [{ setting: x }]\n' },
      /cycle: x → y → x/,
    ],
    [
      'an interpolation cycle',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': 'A=${B}\nB=${A}\n' },
      /\.env:1: A refers to B: the interpolation cycle is A → B → A/,
    ],
    [
      'a path escaping the repository',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [../../etc/passwd]\n' },
      /concord\.yaml:4: path "\.\.\/\.\.\/etc\/passwd" resolves outside the repository/,
    ],
    [
      'a root escaping the repository',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    root: ../elsewhere\n' },
      /concord\.yaml:4: services\.a\.root "\.\.\/elsewhere" is outside the repository/,
    ],
    [
      'a YAML alias bomb',
      {
        'concord.yaml': 'version: 1\nservices:\n  a:\n    config: [c.yaml]\n',
        'c.yaml': [
          'a: &a ["x","x","x","x","x","x","x","x","x"]',
          'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
          'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
          'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
          'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
          'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
        ].join('\n'),
      },
      /c\.yaml:6: aliases expand this document by more than \d+ nodes/,
    ],
    [
      'unquoted ${env} in a flow list',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env.${env}]\n' },
      /concord\.yaml:4: invalid YAML: .* must be quoted, e\.g\. \["\.env\.\$\{env\}"\]/,
    ],
    [
      'a manifest of the wrong shape',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: 5\n    settngs: {}\n' },
      /concord\.yaml:4: services\.a\.env must be a string or a mapping or a list, not a number\n.*concord\.yaml:5: services\.a has an unknown key "settngs"/,
    ],
    [
      'an unknown compose service',
      { 'concord.yaml': 'version: 1\nservices:\n  auth:\n    compose: { file: dc.yml }\n', 'dc.yml': 'services:\n  auth-service: {}\n' },
      /concord\.yaml:4: services\.auth\.compose: the compose project \(dc\.yml\) has no service "auth"/,
    ],
    ['no manifest and nothing to discover', { 'README.md': 'hi' }, /no concord\.yaml in ".*" or above, and no services to discover there/],
  ];

  it.each(cases)('%s', (_name, files, message) => {
    const r = cli(['check', repo(files)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a file over the size limit', () => {
    const dir = repo({ 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n' });
    writeFileSync(path.join(dir, '.env'), `A=${'x'.repeat(9 * 1024 * 1024)}\n`);
    const r = cli(['check', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\.env: file is \d+ bytes, over the 8388608-byte limit/);
  });

  it('a symlink pointing outside the repository', () => {
    const dir = repo({ 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n' });
    const outside = path.join(tmpdir(), `concord-outside-${process.pid}.env`);
    writeFileSync(outside, 'A=1\n');
    symlinkSync(outside, path.join(dir, '.env'));
    const r = cli(['check', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/"\.env" links to a file outside the repository/);
  });

  it('--debug adds the error type and code, never a stack trace', () => {
    const r = cli(['check', repo({ 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': 'B\n' }), '--debug']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/\(SourceError PARSE_ERROR\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('run() in-process', () => {
  it('returns what the process would print, without touching process state', async () => {
    const result = await run(['check', 'examples/platform-consistent', '--format', 'json'], { cwd: ROOT, env: {}, stdoutIsTTY: false });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe('pass');
    expect(process.exitCode).toBeUndefined();
  });

  it('defaults to the human report, piped or not (as ESLint does); --format json asks for JSON', async () => {
    const dir = repo(minimal);
    const tty = await run(['check', dir], { cwd: ROOT, env: { NO_COLOR: '1' }, stdoutIsTTY: true });
    expect(tty.stdout).toContain('✔ consistent');
    const pipe = await run(['check', dir], { cwd: ROOT, env: {}, stdoutIsTTY: false });
    expect(pipe.stdout).toContain('✔ consistent');
    expect(pipe.stdout).not.toContain('\u001b[');
    const json = await run(['check', dir, '--format', 'json'], { cwd: ROOT, env: {}, stdoutIsTTY: false });
    expect(JSON.parse(json.stdout).status).toBe('pass');
  });
});
