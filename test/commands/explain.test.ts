import { describe, expect, it } from 'vitest';
import { explain } from '../../src/commands/explain.js';
import { cli, repo } from '../helpers.js';

describe('explain', () => {
  it('shows each link of each chain, which one was taken and where it came from', async () => {
    const e = await explain({ dir: 'examples/platform', setting: 'jwt_secret', fingerprintKey: 'k', offline: true });
    expect(e).toMatchObject({ setting: 'jwt_secret', environment: 'staging', values: 2 });
    const e2e = e.services.find((s) => s.service === 'e2e')!;
    expect(e2e).toMatchObject({ class: 'B', secret: true, link: 2, chainLength: 3 });
    expect(e2e.links.map((l) => [l.index, l.name, l.state])).toEqual([
      [1, 'JWT_SECRET_STAGING', 'unset'],
      [2, 'JWT_SECRET_KEY', 'taken'],
      [3, 'literal', 'not-reached'],
    ]);
    expect(e2e.links[1]!.occurrences[0]).toMatchObject({
      source: { kind: 'dotenv', file: 'services/e2e/.env.staging', line: 3 },
      fingerprint: e2e.fingerprint,
    });
    expect(e2e.links[2]!.occurrences[0]).toMatchObject({ source: { kind: 'literal', file: 'services/e2e/helpers/auth.py', line: 13 } });
    const backend = e.services.find((s) => s.service === 'backend')!;
    expect(backend.links.map((l) => l.state)).toEqual(['taken', 'not-reached']);
    expect(backend.class).toBe('A');
  });

  it('lists overridden definitions, the winner last', async () => {
    const dir = repo({
      'concord.yaml': 'version: 1\nservices:\n  api:\n    env: [.env, .env.local]\n    config: [c.yaml]\n    settings: { region: [REGION] }\n',
      '.env': 'REGION=eu-west-1\n',
      '.env.local': '\nREGION=us-east-1\n',
      'c.yaml': 'REGION: ap-south-1\n',
    });
    const e = await explain({ dir, setting: 'region', offline: true });
    expect(e.services[0]!.links[0]!.occurrences.map((o) => [o.source.file, o.source.line, o.value, o.shadowed])).toEqual([
      ['c.yaml', 1, 'ap-south-1', true],
      ['.env', 1, 'eu-west-1', true],
      ['.env.local', 2, 'us-east-1', false],
    ]);
  });

  it('prints a readable chain on the CLI, and refuses an unknown setting with a suggestion', () => {
    const r = cli(['explain', 'jwt_secret', 'examples/platform', '--format', 'pretty']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/B e2e \(secret\): hmac:[0-9a-f]{12} via link 2\/3\n {3}1 {2}JWT_SECRET_STAGING {2}not set/);
    const bad = cli(['explain', 'jwt_secrett', 'examples/platform']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no service defines the setting "jwt_secrett" (did you mean "jwt_secret"?)');
    expect(cli(['explain']).stderr).toContain('explain needs a setting');
  });
});
