import { manifest, ruleTable } from './harness.js';

const svc = '  auth:\n    env: [".env.${env}"]\n    settings: { jwt_secret: [JWT_SECRET] }';

ruleTable('distinct-across-envs', [
  {
    name: 'fails when staging holds the production secret, locating both files',
    files: {
      'concord.yaml': manifest(svc, '  - rule: distinct-across-envs', '[staging, production]'),
      '.env.staging': 'JWT_SECRET=shared-secret-across-envs\n',
      '.env.production': '# prod\nJWT_SECRET=shared-secret-across-envs\n',
    },
    expect: [{ messageId: 'shared', services: ['auth'], locations: ['auth@.env.staging:1', 'auth@.env.production:2'] }],
  },
  {
    name: 'passes distinct secrets',
    files: {
      'concord.yaml': manifest(svc, '  - rule: distinct-across-envs', '[staging, production]'),
      '.env.staging': 'JWT_SECRET=staging-secret-value\n',
      '.env.production': 'JWT_SECRET=production-secret-value\n',
    },
    expect: [],
  },
  {
    name: 'compares only the listed environments',
    files: {
      'concord.yaml': manifest(svc, '  - rule: distinct-across-envs\n    environments: [staging, production]', '[staging, production, dev]'),
      '.env.staging': 'JWT_SECRET=dev-and-staging-share\n',
      '.env.dev': 'JWT_SECRET=dev-and-staging-share\n',
      '.env.production': 'JWT_SECRET=production-secret-value\n',
    },
    expect: [],
  },
]);
