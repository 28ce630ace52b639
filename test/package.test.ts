import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false' } });

describe('the npm package', () => {
  it('has a name of its own (concord is someone else’s on npm) and still installs the `concord` command', () => {
    expect(pkg.name).toBe('concord-cli');
    expect(pkg.bin).toEqual({ concord: 'bin/concord.js' });
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './report', './schemas/*']));
  });

  it('ships the built code, schemas, rule docs and licence, and nothing of the sources or tests', () => {
    const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT)) as { files: { path: string }[] }[];
    const files = packed!.files.map((f) => f.path);
    for (const f of [
      'bin/concord.js',
      'dist/bin/concord.cjs',
      'bin/compile-cache.js',
      'dist/index.js',
      'dist/index.d.ts',
      'dist/report/types.d.ts',
      'dist/generated/validators.js',
      'schemas/concord.schema.json',
      'rules/defaults.json',
      'docs/rules/port-match.md',
      'LICENSE',
      'README.md',
    ])
      expect(files).toContain(f);
    expect(files.filter((f) => /^(src|test|examples|scripts)\//.test(f))).toEqual([]);
  });
});

describe('npm i -D concord-cli in an empty folder, then npx concord', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'concord-install-'));
  beforeAll(() => {
    const tarballDir = mkdtempSync(path.join(tmpdir(), 'concord-pack-'));
    const name = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', tarballDir], ROOT))[0].filename as string;
    writeFileSync(path.join(project, 'package.json'), '{ "name": "empty", "private": true }\n');
    // The tarball from here, its dependencies from the registry (or npm's cache).
    npm(['install', '-D', '--no-audit', '--no-fund', '--prefer-offline', path.join(tarballDir, name)], project);
    cpSync(path.join(ROOT, 'examples/platform-consistent'), path.join(project, 'platform'), { recursive: true });
  }, 300_000);

  const npx = (args: string[]) =>
    spawnSync('npx', ['--no', ...args], { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });

  it('checks a platform: exit 0 and the human report', () => {
    const r = npx(['concord', 'check', '--env', 'staging', 'platform']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^⚠ 1 warning · 8 services, 9 settings · staging$/m);
  });

  it('lists and documents the rules', () => {
    expect(npx(['concord', 'rules']).stdout).toMatch(/^port-match\s+error\s/m);
    expect(npx(['concord', 'rules', 'port-match']).stdout).toContain('## How to fix');
  });

  it('is a library too: the API, the report types and the schemas resolve by their export names', () => {
    const script = `import('concord-cli').then((m) => { console.log(typeof m.check, typeof m.run); console.log(require.resolve('concord-cli/schemas/concord.schema.json')); })`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('function function');
    expect(r.stdout).toContain(path.join('node_modules', 'concord-cli', 'schemas', 'concord.schema.json'));
  });
});
