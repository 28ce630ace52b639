import hardcodedFallback from '../../src/rules/hardcoded-fallback.js';
import { manifest, ruleTester } from './rule-tester.js';

const services = { e2e: { code: ['src/*'], settings: { url: ['BASE_URL'] } } };
const staging = manifest({ services, rules: [{ rule: 'hardcoded-fallback' }] });

ruleTester(hardcodedFallback, [
  {
    name: 'a secret read in Python with a literal default, at the literal line',
    files: {
      'concord.yaml': staging,
      'src/helper.py': 'import os\n\nsecret = (\n    os.environ.get("JWT_SECRET_STAGING") or\n    "7SVLKvh7mJNeF6njiRJMoZpUWLya3N"\n)\n',
    },
    expect: [{ messageId: 'literal', services: ['e2e'], locations: ['e2e@src/helper.py:5'] }],
  },
  {
    name: 'a TypeScript token with a default',
    files: { 'concord.yaml': staging, 'src/config.ts': "export const token = process.env.API_TOKEN ?? 'dev-token-123';\n" },
    expect: [{ messageId: 'literal', services: ['e2e'], locations: ['e2e@src/config.ts:1'] }],
  },
  {
    name: 'not for non-secret variables, nor for an empty default',
    files: { 'concord.yaml': staging, 'src/config.ts': "const port = process.env.PORT ?? 8080;\nconst key = process.env.SIGNING_KEY ?? '';\n" },
    expect: [],
  },
  {
    name: 'only in its guarded environments',
    env: 'dev',
    files: {
      'concord.yaml': manifest({ environments: ['staging', 'dev'], services, rules: [{ rule: 'hardcoded-fallback', environments: ['staging'] }] }),
      'src/config.rb': 'TOKEN = ENV.fetch("API_TOKEN", "dev-token-123")\n',
    },
    expect: [],
  },
]);
