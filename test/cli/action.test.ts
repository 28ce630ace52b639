import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { escapeData, splitArgs } from '../../action/run.js';
import { BIN, ROOT } from '../helpers.js';

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const steps = action.runs.steps as { id?: string; name: string; run?: string; if?: string; env?: Record<string, string> }[];

/** The check step as the runner runs it: inputs as INPUT_* variables, outputs to $GITHUB_OUTPUT. */
function checkStep(inputs: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-action-'));
  const output = path.join(dir, 'output');
  writeFileSync(output, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1', CONCORD_BIN: BIN, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: ROOT };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'action/run.js')], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  return { ...r, outputs, dir };
}

describe('action.yml', () => {
  it('installs the built package instead of building concord in the job', () => {
    const install = steps.find((s) => s.name === 'Install concord')!;
    expect(install.run).toContain('npm install --prefix "$RUNNER_TEMP/concord"');
    expect(install.run).toContain('"concord-cli@$version"');
    expect(install.run).not.toMatch(/npm ci|npm run build/);
    expect(steps.find((s) => s.id === 'check')!.run).toBe('node "$GITHUB_ACTION_PATH/action/run.js"');
    expect(Object.keys(action.inputs)).toEqual(['environment', 'path', 'args', 'sarif', 'version']);
  });

  it('uploads SARIF only when the file was written', () => {
    expect(steps.find((s) => s.name === 'Upload SARIF')!.if).toBe("always() && inputs.sarif == 'true' && steps.check.outputs.sarif == 'true'");
  });

  it('passes inputs through the environment, never pasted into a script', () => {
    for (const s of steps) expect(s.run ?? '', s.name).not.toContain('${{');
  });
});

describe('the check step (action/run.js)', () => {
  it('splits args like shell words, quotes and backslashes, without expanding anything', () => {
    expect(splitArgs(`--max-warnings 0 --baseline "ci/my baseline.json" --now '2026-01-01' a\\ b`)).toEqual([
      '--max-warnings',
      '0',
      '--baseline',
      'ci/my baseline.json',
      '--now',
      '2026-01-01',
      'a b',
    ]);
    expect(splitArgs('$(touch /tmp/x) ${HOME} `id`')).toEqual(['$(touch', '/tmp/x)', '${HOME}', '`id`']);
    expect(splitArgs('')).toEqual([]);
    expect(() => splitArgs('--baseline "open')).toThrow('unterminated');
  });

  it('writes SARIF and annotations for a drifting platform: exit 1, sarif=true', () => {
    const r = checkStep({ path: path.join(ROOT, 'examples/platform'), environment: 'staging', sarif: 'true', args: '--offline' });
    expect(r.outputs).toEqual({ 'exit-code': '1', sarif: 'true' });
    expect(JSON.parse(readFileSync(path.join(r.dir, 'concord.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=/);
  });

  it('reports exit 2 as an ::error annotation with the message, and no SARIF to upload', () => {
    const r = checkStep({ path: path.join(ROOT, 'examples/platform'), environment: 'prod', sarif: 'true', args: '' });
    expect(r.outputs).toEqual({ 'exit-code': '2', sarif: 'false' });
    expect(r.stdout).toMatch(/^::error title=concord exited 2::concord.yaml: unknown environment "prod"; the manifest defines staging, production/m);
    expect(existsSync(path.join(r.dir, 'concord.sarif'))).toBe(false);
  });

  it('hands a quoted argument over as one word and runs nothing from it', () => {
    const marker = path.join(tmpdir(), `concord-action-marker-${process.pid}`);
    const r = checkStep({ path: path.join(ROOT, 'examples/platform'), args: `--baseline "no such baseline.json" $(touch ${marker})` });
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.stdout).toMatch(/::error title=concord exited 2::.*no such baseline\.json|unknown option|folder/);
    expect(existsSync(marker)).toBe(false);
  });

  it('escapes annotation data', () => {
    expect(escapeData('50%\nnext')).toBe('50%25%0Anext');
  });
});
