import { manifest, ruleTable } from './harness.js';

const e2e = (chain: string) => `  e2e:\n    env: [e2e.env]\n    settings:\n      jwt_secret: ${chain}`;

ruleTable('no-literal-fallback', [
  {
    name: 'fails when a secret resolves to the hard-coded literal (incident 1), at the literal line',
    files: {
      'concord.yaml': manifest(e2e('[JWT_SECRET_STAGING, JWT_SECRET_KEY, {literal: 7SVLKvh7mJNeF6njiRJMoZpUWLya3}]'), '  - rule: no-literal-fallback'),
      'e2e.env': 'BASE_URL=https://staging\n',
    },
    expect: [{ messageId: 'resolvedToLiteral', services: ['e2e'], severity: 'error', locations: ['e2e@concord.yaml:7'] }],
  },
  {
    name: 'fails when the chain can still fall through to a literal',
    files: {
      'concord.yaml': manifest(e2e('\n        - JWT_SECRET_STAGING\n        - literal: fallback-secret-literal'), '  - rule: no-literal-fallback'),
      'e2e.env': 'JWT_SECRET_STAGING=real-staging-secret-123\n',
    },
    expect: [{ messageId: 'canFallThrough', services: ['e2e'], locations: ['e2e@concord.yaml:9'] }],
  },
  {
    name: 'passes a chain without literals',
    files: {
      'concord.yaml': manifest(e2e('[JWT_SECRET_STAGING, JWT_SECRET_KEY]'), '  - rule: no-literal-fallback'),
      'e2e.env': 'JWT_SECRET_KEY=real-staging-secret-123\n',
    },
    expect: [],
  },
  {
    name: 'leaves non-secret settings with defaults alone unless named',
    files: {
      'concord.yaml': manifest('  a:\n    settings: { port: [PORT, 8080] }', '  - rule: no-literal-fallback'),
    },
    expect: [],
  },
  {
    name: 'checks a named non-secret setting',
    files: {
      'concord.yaml': manifest('  a:\n    settings: { port: [PORT, 8080] }', '  - rule: no-literal-fallback\n    settings: [port]'),
    },
    expect: [{ messageId: 'resolvedToLiteral', services: ['a'] }],
  },
  {
    name: 'only runs in its guarded environments',
    env: 'dev',
    files: {
      'concord.yaml': manifest(e2e('[JWT_SECRET, {literal: dev-only-secret}]'), '  - rule: no-literal-fallback\n    environments: [staging]', '[staging, dev]'),
      'e2e.env': 'X=1\n',
    },
    expect: [],
  },
]);
