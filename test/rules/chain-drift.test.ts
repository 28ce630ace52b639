import { manifest, ruleTable } from './harness.js';

const code = 'import os\n\ndef secret():\n    return os.environ.get("JWT_SECRET_STAGING") or os.environ.get("JWT_SECRET_KEY")\n';

ruleTable('chain-drift', [
  {
    name: 'a declared chain that matches the code',
    files: { 'concord.yaml': manifest('  e2e:\n    code: ["*.py"]\n    settings: { jwt: [JWT_SECRET_STAGING, JWT_SECRET_KEY] }', '  - rule: chain-drift'), 'helper.py': code },
    expect: [],
  },
  {
    name: 'a declared chain in another order, both sides located',
    files: { 'concord.yaml': manifest('  e2e:\n    code: ["*.py"]\n    settings: { jwt: [JWT_SECRET_KEY, JWT_SECRET_STAGING] }', '  - rule: chain-drift'), 'helper.py': code },
    expect: [{ messageId: 'drift', services: ['e2e'], locations: ['e2e@concord.yaml:6', 'e2e@helper.py:4'] }],
  },
  {
    name: 'the code gained a literal fallback the manifest does not declare',
    files: {
      'concord.yaml': manifest('  e2e:\n    code: ["*.py"]\n    settings: { jwt: [JWT_SECRET_STAGING, JWT_SECRET_KEY] }', '  - rule: chain-drift'),
      'helper.py': code.replace('os.environ.get("JWT_SECRET_KEY")', 'os.environ.get("JWT_SECRET_KEY") or "fallback-secret-value"'),
    },
    expect: [{ messageId: 'drift', services: ['e2e'] }],
  },
  {
    name: 'chains taken from code never drift',
    files: { 'concord.yaml': manifest('  e2e:\n    code: ["*.py"]\n    settings: { jwt: [{ from-code: JWT_SECRET_STAGING }] }', '  - rule: chain-drift'), 'helper.py': code },
    expect: [],
  },
]);
