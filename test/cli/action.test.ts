import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';

describe('action.yml', () => {
  const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const step = action.runs.steps.find((s: { id?: string }) => s.id === 'check');

  it('is a composite action whose check step runs the bundled CLI', () => {
    expect(action.runs.using).toBe('composite');
    expect(step.run).toContain('node "$GITHUB_ACTION_PATH/bin/concord.js" check');
    expect(Object.keys(action.inputs)).toEqual(['environment', 'path', 'args', 'sarif']);
  });

  it('its command line writes SARIF to the file and annotations to the log', () => {
    // The same arguments as the step, run here: the output pairing must put SARIF in the file.
    const dir = mkdtempSync(path.join(tmpdir(), 'concord-action-'));
    const r = cli(['check', 'examples/platform', '--env', 'staging', '--format', 'sarif', '--output', path.join(dir, 'concord.sarif'), '--format', 'github']);
    expect(step.run).toMatch(/--format sarif --output concord\.sarif --format github/);
    expect(r.status).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, 'concord.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.stdout.split('\n')[0]).toMatch(/^::error file=examples\/platform\//);
  });
});
