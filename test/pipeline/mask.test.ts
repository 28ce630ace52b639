import { describe, expect, it } from 'vitest';
import { makeScrubber } from '../../src/pipeline/mask.js';
import { maskCredentials } from '../../src/present/index.js';
import { checkFiles } from '../helpers.js';

describe('masking', () => {
  it.each([
    ['postgres://app:s3cr3t@db:5432/app', 'postgres://app:****@db:5432/app'],
    ['redis://:pw@redis:6379/0', 'redis://:****@redis:6379/0'],
    ['amqp://guest:guest@mq/vhost and https://u:p@h', 'amqp://guest:****@mq/vhost and https://u:****@h'],
    ['http://auth:8080/path', 'http://auth:8080/path'],
    ['-Dspring.datasource.password=postgres -Dx=1', '-Dspring.datasource.password=**** -Dx=1'],
    ['--password postgres --user app', '--password **** --user app'],
    ['//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789', '//registry.npmjs.org/:_authToken=****'],
    ['redis-server --requirepass s3cret', 'redis-server --requirepass ****'],
    ['cmd -p 5432 --port 80 --user app', 'cmd -p 5432 --port 80 --user app'],
  ])('masks URL credentials: %s', (input, expected) => {
    expect(maskCredentials(input)).toBe(expected);
  });

  it('scrubs every known secret from any string, longest first', () => {
    const scrub = makeScrubber(new Set(['abcd', 'abcdef', 'long-secret-abcd']));
    expect(scrub('x-abcdef-abcd', true)).toBe('x-[masked]-[masked]');
    expect(scrub('a long-secret-abcd b abcd')).toBe('a [masked] b [masked]');
    // Outside values a short secret is masked only as a word of its own, not inside names.
    expect(scrub('services/abcd/.env')).toBe('services/abcd/.env');
  });

  it('never scrubs secret manager references: they name a secret and reports show them', async () => {
    const report = await checkFiles({
      'concord.yaml':
        'version: 1\nservices:\n  a:\n    secrets: { JWT: "aws-sm://staging/jwt" }\n    settings: { jwt: [JWT] }\n  b:\n    settings: { jwt: ["gcp-sm://projects/p/secrets/jwt"] }\nrules:\n  - rule: consistent\n',
    });
    const rows = report.findings[0]!.services;
    expect(rows.map((r) => r.source.ref)).toEqual(['aws-sm://staging/jwt', 'gcp-sm://projects/p/secrets/jwt/versions/latest']);
    expect(rows.every((r) => r.fingerprint && r.value === undefined)).toBe(true);
  });
});

describe('a password that is a word of the platform', () => {
  it('is masked in every value, and only there: names and sentences around it stay readable (plausible)', async () => {
    const { cli, repo } = await import('../helpers.js');
    const dir = repo({
      'compose.yaml': [
        'services:',
        '  plausible:',
        '    image: example/plausible',
        '    environment:',
        '      DATABASE_URL: postgres://postgres:postgres@postgres:5432/plausible',
        '      JAVA_OPTS: -Dspring.datasource.password=postgres -Xmx1g',
        '      PGOPTS: --password postgres',
        '      HINT: the postgres password',
        '  postgres:',
        '    image: postgres:16',
        '    environment:',
        '      POSTGRES_PASSWORD: postgres',
        '      POSTGRES_PWD: Zq8-CANARYrealPassword-41',
        '',
      ].join('\n'),
    });
    for (const setting of ['DATABASE_URL', 'JAVA_OPTS', 'PGOPTS', 'HINT']) {
      const r = cli(['explain', setting, dir, '--format', 'json']);
      expect(r.status).toBe(0);
      const values = JSON.stringify(JSON.parse(r.stdout).services.map((s: { value?: string }) => s.value));
      expect(values, setting).not.toMatch(/postgres(?!:\/\/)|password=postgres/);
    }
    const audit = cli(['audit', dir, '--format', 'json']);
    expect(audit.stdout).not.toContain('--password postgres');
    expect(audit.stdout).not.toContain('password=postgres');
    const check = cli(['check', dir]);
    expect(check.stdout).not.toContain('CANARYrealPassword');
    expect(check.stdout).toMatch(/postgres's POSTGRES_PASSWORD/);
  });
});
