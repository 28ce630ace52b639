import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check.js';
import { pickJsonKey } from '../../src/resolve/fetch-secrets.js';
import secretRef from '../../src/rules/secret-ref.js';
import { repo } from '../helpers.js';
import { startAwsSecretsManager } from '../servers/aws-secrets-manager.js';
import { manifest, ruleTester } from './rule-tester.js';

let aws: Awaited<ReturnType<typeof startAwsSecretsManager>>;
beforeAll(async () => {
  aws = await startAwsSecretsManager({
    secrets: { 'staging/auth': JSON.stringify({ JWT_SECRET: 'aws-jwt-secret-value-8d7c6b5a4f3e' }), 'staging/plain': 'not-a-json-document-value' },
  });
});
afterAll(async () => {
  await aws.close();
});

/** Two services, each reading jwt_secret through one reference; online, against the local AWS server. */
const online =
  (auth: string, api: string, rules: unknown[] = [{ rule: 'consistent', setting: 'jwt_secret' }]) =>
  () =>
    check({
      dir: repo({
        'concord.yaml': manifest({
          providers: { aws: { endpoint: aws.endpoint, region: 'eu-west-1' } },
          services: {
            auth: { secrets: { JWT_SECRET: auth }, settings: { jwt_secret: ['JWT_SECRET'] } },
            api: { secrets: { JWT_SECRET_KEY: api }, settings: { jwt_secret: ['JWT_SECRET_KEY'] } },
          },
          rules,
        }),
      }),
      fingerprintKey: 'k',
    });

// Offline, references are never read, so the rule has nothing to say; online it reads them.
ruleTester(secretRef, [
  {
    name: 'is silent offline, where references are compared by identity',
    files: {
      'concord.yaml': manifest({
        services: { a: { secrets: { JWT: 'aws-sm://staging/app#jwt' }, settings: { jwt: ['JWT'] } } },
        rules: [{ rule: 'secret-ref' }],
      }),
    },
    expect: [],
  },
  {
    name: 'is silent online when each #json-key is a key of a JSON secret',
    run: online('aws-sm://staging/auth#JWT_SECRET', 'aws-sm://staging/auth#JWT_SECRET'),
    expect: [],
  },
  {
    name: 'online, a #json-key on a secret that is not JSON, and a key the JSON secret lacks (it runs unlisted)',
    run: online('aws-sm://staging/plain#JWT_SECRET', 'aws-sm://staging/auth#NOPE'),
    expect: [
      { messageId: 'notJson', services: ['auth'] },
      { messageId: 'keyMissing', services: ['api'] },
    ],
  },
]);

describe('pickJsonKey', () => {
  it.each([
    ['{"jwt":"v"}', 'jwt', { ok: true, value: 'v' }],
    ['{"port":5432}', 'port', { ok: true, value: '5432' }],
    ['{"a":1}', 'jwt', { ok: false, reason: 'key-missing' }],
    ['plain-secret', 'jwt', { ok: false, reason: 'not-json' }],
    ['[1,2]', '0', { ok: false, reason: 'not-json' }],
    ['"a string"', 'x', { ok: false, reason: 'not-json' }],
  ])('%s #%s', (doc, key, expected) => {
    expect(pickJsonKey(doc, key)).toEqual(expected);
  });
});
