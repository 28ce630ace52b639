import { describe, expect, it } from 'vitest';
import { pickJsonKey } from '../../src/resolve/fetch-secrets.js';
import { manifest, ruleTable } from './harness.js';

// Offline, references are never read, so the rule has nothing to say; its findings on fetched
// secrets are asserted against the local AWS and GCP servers in test/providers/.
ruleTable('secret-ref', [
  {
    name: 'is silent offline, where references are compared by identity',
    files: { 'concord.yaml': manifest('  a:\n    secrets: { JWT: "aws-sm://staging/app#jwt" }\n    settings: { jwt: [JWT] }', '  - rule: secret-ref') },
    expect: [],
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
