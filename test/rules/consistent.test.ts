import consistent from '../../src/rules/consistent.js';
import { manifest, ruleTester } from './rule-tester.js';

const services = {
  auth: { root: 'auth', env: ['.env'], settings: { jwt_secret: ['JWT_SECRET'] } },
  api: { root: 'api', env: ['.env'], settings: { jwt_secret: ['JWT_SECRET_STAGING', 'JWT_SECRET_KEY'] } },
  e2e: { root: 'e2e', env: ['.env'], settings: { jwt_secret: ['JWT_SECRET_STAGING', { literal: 'fallback-literal-secret' }] } },
};
const jwtSecret = manifest({ services, rules: [{ rule: 'consistent', setting: 'jwt_secret' }] });

ruleTester(consistent, [
  {
    name: 'passes when every service resolves the same secret through its own chain',
    files: {
      'concord.yaml': jwtSecret,
      'auth/.env': 'JWT_SECRET=same-secret-value-0001\n',
      'api/.env': 'JWT_SECRET_KEY=same-secret-value-0001\n',
      'e2e/.env': 'JWT_SECRET_STAGING=same-secret-value-0001\n',
    },
    expect: [],
  },
  {
    name: 'fails when one service falls back to a literal (incident 1), locating every side',
    files: {
      'concord.yaml': jwtSecret,
      'auth/.env': 'JWT_SECRET=same-secret-value-0001\n',
      'api/.env': '\nJWT_SECRET_STAGING=same-secret-value-0001\n',
      'e2e/.env': 'OTHER=1\n',
    },
    expect: [
      {
        messageId: 'differs',
        services: ['auth', 'api', 'e2e'],
        severity: 'error',
        locations: ['auth@auth/.env:1', 'api@api/.env:2', 'e2e@concord.yaml:27'],
      },
    ],
  },
  {
    name: 'compares non-secret settings by value',
    files: {
      'concord.yaml': manifest({
        services: { a: { env: ['a.env'], settings: { region: ['REGION'] } }, b: { env: ['b.env'], settings: { region: ['AWS_REGION'] } } },
        rules: [{ rule: 'consistent', setting: 'region' }],
      }),
      'a.env': 'REGION=eu-west-1\n',
      'b.env': 'AWS_REGION=us-east-1\n',
    },
    expect: [{ messageId: 'differs', services: ['a', 'b'], locations: ['a@a.env:1', 'b@b.env:1'] }],
  },
  {
    name: 'ignores services that do not resolve the setting (that is the required rule)',
    files: {
      'concord.yaml': manifest({
        services: { a: { env: ['a.env'], settings: { s: ['S'] } }, b: { settings: { s: ['S'] } } },
        rules: [{ rule: 'consistent', setting: 's' }],
      }),
      'a.env': 'S=1\n',
    },
    expect: [],
  },
  {
    name: 'warns, not fails, when only different secret references disagree (offline identity comparison)',
    files: {
      'concord.yaml': manifest({
        services: {
          a: { secrets: { JWT: 'aws-sm://staging/a#JWT' }, settings: { jwt: ['JWT'] } },
          b: { secrets: { JWT: 'gcp-sm://projects/p/secrets/jwt' }, settings: { jwt: ['JWT'] } },
        },
        rules: [{ rule: 'consistent', setting: 'jwt' }],
      }),
    },
    expect: [{ messageId: 'unverified', services: ['a', 'b'], severity: 'warning' }],
  },
  {
    name: 'passes when both services use the same secret reference',
    files: {
      'concord.yaml': manifest({
        services: { a: { secrets: { JWT: 'aws-sm://${env}/jwt' }, settings: { jwt: ['JWT'] } }, b: { settings: { jwt: ['aws-sm://staging/jwt'] } } },
        rules: [{ rule: 'consistent', setting: 'jwt' }],
      }),
    },
    expect: [],
  },
  {
    name: 'limits itself to the listed services',
    files: {
      'concord.yaml': manifest({ services, rules: [{ rule: 'consistent', setting: 'jwt_secret', services: ['auth', 'api'] }] }),
      'auth/.env': 'JWT_SECRET=same-secret-value-0001\n',
      'api/.env': 'JWT_SECRET_KEY=same-secret-value-0001\n',
      'e2e/.env': 'JWT_SECRET_STAGING=another-secret-value\n',
    },
    expect: [],
  },
  {
    name: 'without a setting, checks every setting defined by two or more services',
    files: {
      'concord.yaml': manifest({
        services: { a: { env: ['a.env'], settings: { x: ['X'], only_a: ['Y'] } }, b: { env: ['b.env'], settings: { x: ['X'] } } },
        rules: [{ rule: 'consistent' }],
      }),
      'a.env': 'X=1\nY=2\n',
      'b.env': 'X=2\n',
    },
    expect: [{ messageId: 'differs', services: ['a', 'b'] }],
  },
]);
