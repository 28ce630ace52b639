import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers.js';

const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/report.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

describe('--format json', () => {
  it.each(['examples/platform', 'examples/platform-consistent'])('follows schemas/report.schema.json on %s', (dir) => {
    for (const env of ['staging', 'production']) {
      const r = cli(['check', dir, '--env', env, '--format', 'json']);
      const report = JSON.parse(r.stdout);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.environment).toBe(env);
      expect(r.status).toBe(report.status === 'fail' ? 1 : 0);
    }
  });

  it('gives stable fingerprints across runs with CONCORD_FINGERPRINT_KEY, and says how they were keyed', () => {
    const run = (key?: string) =>
      JSON.parse(cli(['check', 'examples/platform', '--format', 'json'], { env: key ? { CONCORD_FINGERPRINT_KEY: key } : {} }).stdout);
    const fps = (r: { findings: { services: { fingerprint?: string }[] }[] }) =>
      r.findings.flatMap((f) => f.services.map((s) => s.fingerprint)).filter(Boolean);
    const a = run('ci-key');
    expect(a.fingerprintKey).toBe('env');
    expect(fps(a)).toEqual(fps(run('ci-key')));
    const random = run();
    expect(random.fingerprintKey).toBe('per-run');
    expect(fps(random)).not.toEqual(fps(a));
  });
});
