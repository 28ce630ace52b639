import { manifest, ruleTable } from './harness.js';

const svc = '  e2e:\n    code: ["src/*"]\n    settings: { url: [BASE_URL] }';

ruleTable('hardcoded-fallback', [
  {
    name: 'a secret read in Python with a literal default, at the literal line',
    files: {
      'concord.yaml': manifest(svc, '  - rule: hardcoded-fallback'),
      'src/helper.py': 'import os\n\nsecret = (\n    os.environ.get("JWT_SECRET_STAGING") or\n    "7SVLKvh7mJNeF6njiRJMoZpUWLya3N"\n)\n',
    },
    expect: [{ messageId: 'literal', services: ['e2e'], locations: ['e2e@src/helper.py:5'] }],
  },
  {
    name: 'a TypeScript token with a default',
    files: { 'concord.yaml': manifest(svc, '  - rule: hardcoded-fallback'), 'src/config.ts': "export const token = process.env.API_TOKEN ?? 'dev-token-123';\n" },
    expect: [{ messageId: 'literal', services: ['e2e'], locations: ['e2e@src/config.ts:1'] }],
  },
  {
    name: 'not for non-secret variables, nor for an empty default',
    files: { 'concord.yaml': manifest(svc, '  - rule: hardcoded-fallback'), 'src/config.ts': "const port = process.env.PORT ?? 8080;\nconst key = process.env.SIGNING_KEY ?? '';\n" },
    expect: [],
  },
  {
    name: 'only in its guarded environments',
    env: 'dev',
    files: {
      'concord.yaml': manifest(svc, '  - rule: hardcoded-fallback\n    environments: [staging]', '[staging, dev]'),
      'src/config.rb': 'TOKEN = ENV.fetch("API_TOKEN", "dev-token-123")\n',
    },
    expect: [],
  },
]);
