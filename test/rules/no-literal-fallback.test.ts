import noLiteralFallback from '../../src/rules/no-literal-fallback.js';
import { manifest, ruleTester } from './rule-tester.js';

const e2e = (jwt_secret: unknown[]) => ({ e2e: { env: ['e2e.env'], settings: { jwt_secret } } });
const port = { a: { settings: { port: ['PORT', 8080] } } };
const rules = [{ rule: 'no-literal-fallback' }];

ruleTester(noLiteralFallback, [
  {
    name: 'fails when a secret resolves to the hard-coded literal (incident 1), at the literal line',
    files: {
      'concord.yaml': manifest({ services: e2e(['JWT_SECRET_STAGING', 'JWT_SECRET_KEY', { literal: '7SVLKvh7mJNeF6njiRJMoZpUWLya3' }]), rules }),
      'e2e.env': 'BASE_URL=https://staging\n',
    },
    expect: [{ messageId: 'resolvedToLiteral', services: ['e2e'], severity: 'error', locations: ['e2e@concord.yaml:12'] }],
  },
  {
    name: 'fails when the chain can still fall through to a literal',
    files: {
      'concord.yaml': manifest({ services: e2e(['JWT_SECRET_STAGING', { literal: 'fallback-secret-literal' }]), rules }),
      'e2e.env': 'JWT_SECRET_STAGING=real-staging-secret-123\n',
    },
    expect: [{ messageId: 'canFallThrough', services: ['e2e'], locations: ['e2e@concord.yaml:11'] }],
  },
  {
    name: 'passes a chain without literals',
    files: {
      'concord.yaml': manifest({ services: e2e(['JWT_SECRET_STAGING', 'JWT_SECRET_KEY']), rules }),
      'e2e.env': 'JWT_SECRET_KEY=real-staging-secret-123\n',
    },
    expect: [],
  },
  {
    name: 'leaves non-secret settings with defaults alone unless named',
    files: { 'concord.yaml': manifest({ services: port, rules }) },
    expect: [],
  },
  {
    name: 'checks a named non-secret setting',
    files: { 'concord.yaml': manifest({ services: port, rules: [{ rule: 'no-literal-fallback', settings: ['port'] }] }) },
    expect: [{ messageId: 'resolvedToLiteral', services: ['a'] }],
  },
  {
    name: 'only runs in its guarded environments',
    env: 'dev',
    files: {
      'concord.yaml': manifest({
        environments: ['staging', 'dev'],
        services: e2e(['JWT_SECRET', { literal: 'dev-only-secret' }]),
        rules: [{ rule: 'no-literal-fallback', environments: ['staging'] }],
      }),
      'e2e.env': 'X=1\n',
    },
    expect: [],
  },
]);
