import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check.js';
import { exitCodeForReport } from '../../src/commands/check.js';
import { byRule, cliAsync, repo } from '../helpers.js';
import { startAwsSecretsManager } from '../servers/aws-secrets-manager.js';
import { startGcpSecretManager } from '../servers/gcp-secret-manager.js';
import { stringify } from 'yaml';

const JWT = 'aws-jwt-secret-value-8d7c6b5a4f3e';
const OLD = 'aws-old-jwt-value-1a2b3c4d5e6f';
const GCP_JWT_SAME = JWT;
const GCP_OTHER = 'gcp-different-jwt-value-99aa88bb';

type Servers = { aws: Awaited<ReturnType<typeof startAwsSecretsManager>>; gcp: Awaited<ReturnType<typeof startGcpSecretManager>> };
let s: Servers;

beforeAll(async () => {
  s = {
    aws: await startAwsSecretsManager({
      secrets: {
        'staging/auth': JSON.stringify({ JWT_SECRET: JWT, DB_PASSWORD: 'aws-db-password-77' }),
        'staging/jwt': {
          versions: [
            { string: JWT, stages: ['AWSCURRENT'], versionId: 'v2' },
            { string: OLD, stages: ['AWSPREVIOUS'], versionId: 'v1' },
          ],
        },
        'staging/plain': 'not-a-json-document-value',
        'staging/binary': { versions: [{ binary: Buffer.from(JWT), stages: ['AWSCURRENT'], versionId: 'b1' }] },
        'staging/denied': { versions: [{ string: 'x', stages: ['AWSCURRENT'] }], deny: true },
        'staging/throttled': { versions: [{ string: JWT, stages: ['AWSCURRENT'] }], throttle: 2 },
        'staging/flaky': { versions: [{ string: JWT, stages: ['AWSCURRENT'] }], fail: 1 },
        'staging/hangs': { versions: [{ string: 'x', stages: ['AWSCURRENT'] }], hang: true },
      },
    }),
    gcp: await startGcpSecretManager({
      secrets: {
        'projects/demo/secrets/jwt': GCP_JWT_SAME,
        'projects/demo/secrets/other': { versions: { 1: GCP_OTHER, 2: JWT } },
        'projects/demo/secrets/denied': { versions: { 1: 'x' }, deny: true },
      },
    }),
  };
});
afterAll(async () => {
  await s.aws.close();
  await s.gcp.close();
});

/** Two services, each reading jwt_secret from one reference. */
function platform(a: string, b: string, extraRules: object[] = []) {
  return repo({
    'concord.yaml': stringify({
      version: 1,
      environments: ['staging'],
      providers: { aws: { endpoint: s.aws.endpoint, region: 'eu-west-1' }, gcp: { endpoint: s.gcp.endpoint } },
      services: {
        auth: { secrets: { JWT_SECRET: a }, settings: { jwt_secret: ['JWT_SECRET'] } },
        api: { secrets: { JWT_SECRET_KEY: b }, settings: { jwt_secret: ['JWT_SECRET_KEY'] } },
      },
      rules: [{ rule: 'consistent', setting: 'jwt_secret' }, ...extraRules],
    }),
  });
}

/** Services that each read the setting `t` from one secret reference, judged by `consistent`. */
const refPerService = (refs: Record<string, string>) => Object.fromEntries(Object.entries(refs).map(([name, ref]) => [name, { settings: { t: [ref] } }]));

const run = (dir: string, opts: { timeoutMs?: number } = {}) => check({ dir, fingerprintKey: 'k', ...opts });

describe('secret managers over the real wire', () => {
  it('passes when an AWS JSON key and a GCP secret hold the same value', async () => {
    const report = await run(platform('aws-sm://staging/auth#JWT_SECRET', 'gcp-sm://projects/demo/secrets/jwt'));
    expect(report.status).toBe('pass');
    expect(report.secrets).toEqual({ offline: false, fetched: 2, failed: 0 });
  });

  it('fails when they differ, with both fingerprints and both references', async () => {
    const report = await run(platform('aws-sm://staging/auth#JWT_SECRET', 'gcp-sm://projects/demo/secrets/other/versions/1'));
    expect(report.status).toBe('fail');
    const [f] = report.findings;
    expect(f).toMatchObject({ ruleId: 'consistent', messageId: 'differs' });
    expect(f!.services.map((r) => [r.service, r.class, r.source.ref])).toEqual([
      ['auth', 'A', 'aws-sm://staging/auth#JWT_SECRET'],
      ['api', 'B', 'gcp-sm://projects/demo/secrets/other/versions/1'],
    ]);
    expect(f!.services[0]!.fingerprint).not.toBe(f!.services[1]!.fingerprint);
  });

  it('reads versions and stages: AWSPREVIOUS and a GCP version number', async () => {
    expect((await run(platform('aws-sm://staging/jwt?version-stage=AWSPREVIOUS', 'aws-sm://staging/jwt'))).status).toBe('fail');
    expect((await run(platform('aws-sm://staging/jwt?version-id=v2', 'gcp-sm://projects/demo/secrets/other/versions/2'))).status).toBe('pass');
    expect(
      (await run(platform('arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/jwt-AbCdEf', 'projects/demo/secrets/other/versions/2'))).status,
    ).toBe('pass');
  });

  it('reads SecretBinary', async () => {
    expect((await run(platform('aws-sm://staging/binary', 'aws-sm://staging/jwt'))).status).toBe('pass');
  });

  it('reports a #json-key on a value that is not a JSON object as a secret-ref finding', async () => {
    const report = await run(platform('aws-sm://staging/plain#JWT_SECRET', 'aws-sm://staging/auth#NOPE'));
    expect(byRule(report, 'secret-ref').map((f) => [f.messageId, f.services])).toEqual([
      ['notJson', ['auth']],
      ['keyMissing', ['api']],
    ]);
    expect(exitCodeForReport(report)).toBe(1);
  });

  it.each([
    [
      'not found',
      'aws-sm://staging/missing',
      'not-found',
      /aws-sm:\/\/staging\/missing \(used by auth\): the secret \(or this version of it\) does not exist.*\[ResourceNotFoundException\]/,
    ],
    ['access denied', 'aws-sm://staging/denied', 'access-denied', /access denied.*\[AccessDeniedException\]/],
    ['GCP not found', 'gcp-sm://projects/demo/secrets/nope', 'not-found', /\[NOT_FOUND\]/],
    ['GCP access denied', 'gcp-sm://projects/demo/secrets/denied', 'access-denied', /\[PERMISSION_DENIED\]/],
  ])('%s: the run still compares the rest, lists what it could not read and exits 3', async (_n, ref, reason, message) => {
    const report = await run(platform(ref, 'aws-sm://staging/jwt'));
    expect(report.status).toBe('incomplete');
    expect(exitCodeForReport(report)).toBe(3);
    expect(report.incomplete).toEqual([expect.objectContaining({ ref: expect.any(String), services: ['auth'], reason })]);
    expect(report.incomplete[0]!.message).toMatch(message);
  });

  it('exit 1 still wins over exit 3 when a real divergence was found', async () => {
    const dir = platform('aws-sm://staging/missing', 'aws-sm://staging/jwt', [{ rule: 'pair', vars: ['JWT_SECRET', 'TLS_KEY'] }]);
    const report = await run(dir);
    expect(report.status).toBe('fail');
    expect(report.incomplete).toHaveLength(1);
  });

  it('retries throttling and 5xx with backoff, then succeeds', async () => {
    const report = await run(platform('aws-sm://staging/throttled', 'aws-sm://staging/flaky?version-stage=AWSCURRENT'));
    expect(report.status).toBe('pass');
  });

  it('times out a call that hangs, and says so', async () => {
    const started = Date.now();
    // The hanging call never answers, so a generous timeout still times out; a short one would
    // also time out healthy calls on a loaded machine.
    const report = await run(platform('aws-sm://staging/hangs', 'aws-sm://staging/jwt'), { timeoutMs: 2000 });
    expect(report.incomplete[0]).toMatchObject({ reason: 'timeout', services: ['auth'] });
    expect(report.incomplete[0]!.message).toContain('timed out after 2000 ms');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('fetches each distinct secret once, 20 ids per BatchGetSecretValue, across services and environments', async () => {
    const aws = await startAwsSecretsManager({
      secrets: Object.fromEntries(Array.from({ length: 45 }, (_, i) => [`app/s${i}`, `value-${i}-0123456789abcdef`])),
    });
    try {
      const services = Object.fromEntries(
        Array.from({ length: 90 }, (_, i) => [`svc${i}`, { secrets: { TOKEN: `aws-sm://app/s${i % 45}` }, settings: { token: ['TOKEN'] } }]),
      );
      const dir = repo({
        'concord.yaml': stringify({
          version: 1,
          environments: ['staging', 'production'],
          providers: { aws: { endpoint: aws.endpoint } },
          services,
          rules: [{ rule: 'distinct-across-envs', setting: 'token' }],
        }),
      });
      const report = await run(dir);
      expect(aws.calls.byTarget).toEqual({ BatchGetSecretValue: 3 });
      expect(report.secrets!.fetched).toBe(45);
      // The same references in both environments: every secret is shared across them.
      expect(byRule(report, 'distinct-across-envs')).toHaveLength(45);
    } finally {
      await aws.close();
    }
  });

  it('falls back to GetSecretValue when the batch call is not allowed', async () => {
    const aws = await startAwsSecretsManager({ batchDenied: true, secrets: { a: 'same-value-0123456789', b: 'same-value-0123456789' } });
    try {
      const dir = repo({
        'concord.yaml': stringify({
          version: 1,
          providers: { aws: { endpoint: aws.endpoint } },
          services: refPerService({ x: 'aws-sm://a', y: 'aws-sm://b' }),
          rules: [{ rule: 'consistent' }],
        }),
      });
      expect((await run(dir)).status).toBe('pass');
      expect(aws.calls.byTarget).toEqual({ BatchGetSecretValue: 1, GetSecretValue: 2 });
    } finally {
      await aws.close();
    }
  });

  it('--offline makes no call and compares references by identity', async () => {
    const before = s.aws.calls.total + s.gcp.calls.total;
    const r = await cliAsync(['check', platform('aws-sm://staging/auth#JWT_SECRET', 'gcp-sm://projects/demo/secrets/jwt'), '--offline', '--format', 'json']);
    expect(s.aws.calls.total + s.gcp.calls.total).toBe(before);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ ruleId: 'consistent', messageId: 'unverified', severity: 'warning' });
  });

  it('the CLI reads AWS_ENDPOINT_URL_SECRETS_MANAGER and prints a one-line summary on stderr', async () => {
    const dir = repo({
      'concord.yaml': stringify({
        version: 1,
        services: refPerService({ a: 'aws-sm://staging/jwt', b: 'aws-sm://staging/binary' }),
        rules: [{ rule: 'consistent' }],
      }),
    });
    const r = await cliAsync(['check', dir, '--format', 'json'], {
      env: {
        AWS_ENDPOINT_URL_SECRETS_MANAGER: s.aws.endpoint,
        AWS_ACCESS_KEY_ID: 'AKIDTEST',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'eu-west-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^concord: read 2 secrets in \d+ ms\n$/);
  });
});

describe('no fetched secret leaks, on any path', () => {
  it('in every format and through the CLI, with reads that succeed, differ and fail', async () => {
    const { format, FORMATS } = await import('../../src/report/index.js');
    const canaries = [JWT, OLD, GCP_OTHER, 'aws-db-password-77', 'not-a-json-document-value'];
    const refs = [
      'aws-sm://staging/auth#JWT_SECRET',
      'gcp-sm://projects/demo/secrets/other/versions/1',
      'aws-sm://staging/jwt?version-stage=AWSPREVIOUS',
      'aws-sm://staging/plain#JWT_SECRET',
      'aws-sm://staging/auth#NOPE',
      'aws-sm://staging/denied',
      'aws-sm://staging/missing',
      'gcp-sm://projects/demo/secrets/denied',
      'aws-sm://staging/hangs',
    ];
    const services = Object.fromEntries(refs.map((r, i) => [`s${i}`, { secrets: { TOKEN: r }, settings: { token: ['TOKEN'] } }]));
    const dir = repo({
      'concord.yaml': stringify({
        version: 1,
        providers: { aws: { endpoint: s.aws.endpoint }, gcp: { endpoint: s.gcp.endpoint } },
        services,
        rules: [{ rule: 'consistent' }, { rule: 'secret-strength' }, { rule: 'chain-divergence' }],
      }),
    });
    // The hanging secret never answers whatever the timeout; the others must answer within it even
    // on a loaded CI machine, so the timeout is seconds, not milliseconds.
    const report = await check({ dir, fingerprintKey: 'k', timeoutMs: 4000 });
    expect(report.findings.length).toBeGreaterThan(0);
    // A batch that times out takes its members with it; the four unreadable ones are always listed.
    expect(report.incomplete.map((i) => i.ref)).toEqual(
      expect.arrayContaining([
        'aws-sm://staging/denied',
        'aws-sm://staging/missing',
        'gcp-sm://projects/demo/secrets/denied/versions/latest',
        'aws-sm://staging/hangs',
      ]),
    );
    const outputs = FORMATS.flatMap((f) => [format(report, f, { color: true }), format(report, f, { color: false })]);
    const env = { AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B', AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' };
    for (const args of [
      ['check', dir, '--timeout', '4000'],
      ['check', dir, '--timeout', '4000', '--format', 'pretty', '--debug'],
    ]) {
      const r = await cliAsync(args, { env });
      expect(r.status).toBe(1);
      outputs.push(r.stdout, r.stderr);
    }
    for (const text of outputs) for (const c of canaries) expect(text.includes(c), `leaked ${c}`).toBe(false);
  }, 90_000);
});

describe('the CLI around secret reads', () => {
  it('shows progress n/m on a terminal, and the JSON report of an incomplete run follows its schema', async () => {
    const { run: runCli } = await import('../../src/cli/run.js');
    const { Ajv } = await import('ajv');
    const { readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const { ROOT } = await import('../helpers.js');
    const validate = new Ajv().compile(JSON.parse(readFileSync(path.join(ROOT, 'schemas/report.schema.json'), 'utf8')));
    const lines: string[] = [];
    const dir = platform('aws-sm://staging/missing', 'gcp-sm://projects/demo/secrets/jwt');
    const r = await runCli(['check', dir, '--format', 'json'], { cwd: dir, env: {}, stdoutIsTTY: false, progress: (l) => lines.push(l) });
    expect(lines.at(-1)).toBe('concord: reading secrets 2/2');
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe('concord: read 1 secret, 1 could not be read in ' + r.stderr.match(/in (\d+) ms/)![1] + ' ms\n');
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toMatchObject({ status: 'incomplete', secrets: { offline: false, fetched: 1, failed: 1 } });
  });
});

describe('credentials, regions and endpoints from the environment', () => {
  const base = { AWS_EC2_METADATA_DISABLED: 'true', METADATA_SERVER_DETECTION: 'none', HOME: '/nonexistent' };
  const twoRefs = (a: string, b: string) =>
    repo({ 'concord.yaml': stringify({ version: 1, services: refPerService({ a, b }), rules: [{ rule: 'consistent' }] }) });

  it('reads GCP through CONCORD_GCP_SECRET_MANAGER_ENDPOINT and AWS through AWS_ENDPOINT_URL', async () => {
    const r = await cliAsync(['check', twoRefs('aws-sm://staging/jwt', 'gcp-sm://projects/demo/secrets/jwt'), '--format', 'json'], {
      env: {
        ...base,
        AWS_ENDPOINT_URL: s.aws.endpoint,
        AWS_ACCESS_KEY_ID: 'A',
        AWS_SECRET_ACCESS_KEY: 'B',
        AWS_REGION: 'eu-west-1',
        CONCORD_GCP_SECRET_MANAGER_ENDPOINT: s.gcp.endpoint,
      },
    });
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'pass', secrets: { fetched: 2, failed: 0 } });
  });

  it('names rejected credentials as the cause', async () => {
    const aws = await startAwsSecretsManager({ rejectAccessKey: 'AKIDEXPIRED', secrets: { x: 'v' } });
    try {
      const r = await cliAsync(['check', twoRefs('aws-sm://x', 'aws-sm://x'), '--format', 'json'], {
        env: { ...base, AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint, AWS_ACCESS_KEY_ID: 'AKIDEXPIRED', AWS_SECRET_ACCESS_KEY: 'B', AWS_REGION: 'eu-west-1' },
      });
      expect(r.status).toBe(3);
      expect(JSON.parse(r.stdout).incomplete[0]).toMatchObject({
        reason: 'credentials',
        message: expect.stringContaining('no valid credentials: they are missing, expired or were rejected [UnrecognizedClientException]'),
      });
    } finally {
      await aws.close();
    }
  });

  it('names a missing region as the cause', async () => {
    const r = await cliAsync(['check', twoRefs('aws-sm://x', 'aws-sm://y'), '--format', 'json'], {
      env: { ...base, AWS_ENDPOINT_URL_SECRETS_MANAGER: s.aws.endpoint, AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B' },
    });
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).incomplete[0]).toMatchObject({ reason: 'region', message: expect.stringContaining('no AWS region is configured') });
  });
});
