import distinctAcrossEnvs from '../../src/rules/distinct-across-envs.js';
import { manifest, ruleTester } from './rule-tester.js';

const services = { auth: { env: ['.env.${env}'], settings: { jwt_secret: ['JWT_SECRET'] } } };

ruleTester(distinctAcrossEnvs, [
  {
    name: 'fails when staging holds the production secret, locating both files',
    files: {
      'concord.yaml': manifest({ environments: ['staging', 'production'], services, rules: [{ rule: 'distinct-across-envs' }] }),
      '.env.staging': 'JWT_SECRET=shared-secret-across-envs\n',
      '.env.production': '# prod\nJWT_SECRET=shared-secret-across-envs\n',
    },
    expect: [{ messageId: 'shared', services: ['auth'], locations: ['auth@.env.staging:1', 'auth@.env.production:2'] }],
  },
  {
    name: 'passes distinct secrets',
    files: {
      'concord.yaml': manifest({ environments: ['staging', 'production'], services, rules: [{ rule: 'distinct-across-envs' }] }),
      '.env.staging': 'JWT_SECRET=staging-secret-value\n',
      '.env.production': 'JWT_SECRET=production-secret-value\n',
    },
    expect: [],
  },
  {
    name: 'compares only the listed environments',
    files: {
      'concord.yaml': manifest({
        environments: ['staging', 'production', 'dev'],
        services,
        rules: [{ rule: 'distinct-across-envs', environments: ['staging', 'production'] }],
      }),
      '.env.staging': 'JWT_SECRET=dev-and-staging-share\n',
      '.env.dev': 'JWT_SECRET=dev-and-staging-share\n',
      '.env.production': 'JWT_SECRET=production-secret-value\n',
    },
    expect: [],
  },
]);
