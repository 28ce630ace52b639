import chainDrift from '../../src/rules/chain-drift.js';
import { manifest, ruleTester } from './rule-tester.js';

const code = 'import os\n\ndef secret():\n    return os.environ.get("JWT_SECRET_STAGING") or os.environ.get("JWT_SECRET_KEY")\n';
const e2e = (jwt: unknown[]) => manifest({ services: { e2e: { code: ['*.py'], settings: { jwt } } }, rules: [{ rule: 'chain-drift' }] });

ruleTester(chainDrift, [
  {
    name: 'a declared chain that matches the code',
    files: { 'concord.yaml': e2e(['JWT_SECRET_STAGING', 'JWT_SECRET_KEY']), 'helper.py': code },
    expect: [],
  },
  {
    name: 'a declared chain in another order, both sides located',
    files: { 'concord.yaml': e2e(['JWT_SECRET_KEY', 'JWT_SECRET_STAGING']), 'helper.py': code },
    expect: [{ messageId: 'drift', services: ['e2e'], locations: ['e2e@concord.yaml:9', 'e2e@helper.py:4'] }],
  },
  {
    name: 'the code gained a literal fallback the manifest does not declare',
    files: {
      'concord.yaml': e2e(['JWT_SECRET_STAGING', 'JWT_SECRET_KEY']),
      'helper.py': code.replace('os.environ.get("JWT_SECRET_KEY")', 'os.environ.get("JWT_SECRET_KEY") or "fallback-secret-value"'),
    },
    expect: [{ messageId: 'drift', services: ['e2e'] }],
  },
  {
    name: 'chains taken from code never drift',
    files: { 'concord.yaml': e2e([{ 'from-code': 'JWT_SECRET_STAGING' }]), 'helper.py': code },
    expect: [],
  },
]);
