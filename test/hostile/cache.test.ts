import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers.js';

describe('the code cache', () => {
  it('keeps no literal from source code, and a warm run finds the same hard-coded fallback', () => {
    const dir = repo({
      'concord.yaml': 'version: 1\nservices:\n  api:\n    code: ["src/*.ts"]\n',
      'src/config.ts': "export const token = process.env.API_TOKEN ?? 'Zq9CANARY-hardcoded-token';\n",
    });
    const cache = path.join(dir, 'cache');
    const cold = cli(['check', '--format', 'json', '--offline', '--cache-dir', cache], { cwd: dir, env: { CONCORD_FINGERPRINT_KEY: 'k' } });
    const warm = cli(['check', '--format', 'json', '--offline', '--cache-dir', cache], { cwd: dir, env: { CONCORD_FINGERPRINT_KEY: 'k' } });
    const files = readdirSync(cache);
    expect(files.some((f) => f.startsWith('code-chains-'))).toBe(true);
    for (const f of files) expect(readFileSync(path.join(cache, f), 'utf8')).not.toContain('Zq9CANARY');
    const rows = (r: { stdout: string }) =>
      JSON.parse(r.stdout)
        .findings.filter((x: { ruleId: string }) => x.ruleId === 'hardcoded-fallback')
        .map((x: { services: { fingerprint: string; source: unknown }[] }) => x.services[0]);
    expect(rows(cold)).toHaveLength(1);
    expect(rows(warm)).toEqual(rows(cold));
    expect(cold.stdout + warm.stdout).not.toContain('Zq9CANARY');
  });
});
