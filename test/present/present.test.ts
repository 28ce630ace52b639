import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/errors.js';
import { Fingerprinter } from '../../src/fingerprint.js';
import {
  exitCodeForReport,
  exitCodeForStatus,
  findingIdentity,
  maskedValue,
  rowValueText,
  runStatus,
  secretFingerprint,
  shownValue,
  statusWord,
  subjectOf,
} from '../../src/present/index.js';
import type { Finding } from '../../src/report/types.js';

const finding = (over: Partial<Finding> = {}): Finding =>
  ({
    ruleId: 'consistent',
    severity: 'error',
    environment: 'staging',
    setting: 'jwt_secret',
    messageId: 'differs',
    message: 'm',
    services: [
      { service: 'b', source: { kind: 'dotenv' } },
      { service: 'a', source: { kind: 'dotenv' } },
      { service: 'b', source: { kind: 'k8s' } },
    ],
    ...over,
  }) as Finding;

describe('present', () => {
  const display = { fingerprinter: new Fingerprinter('a key'), scrub: (s: string) => s.replace('hunter2', '[masked]') };

  it('shows a secret by its fingerprint only, references by what they name', () => {
    expect(shownValue('hunter2', true, display)).toEqual({ fingerprint: display.fingerprinter.fingerprint('hunter2') });
    expect(shownValue('x', true, display, 'hmac:given')).toEqual({ fingerprint: 'hmac:given' });
    expect(secretFingerprint('aws-sm://prod/jwt#key', display.fingerprinter)).toBe(secretFingerprint('aws-sm://prod/jwt#key', display.fingerprinter));
  });

  it('shows any other value with credentials masked and known secrets scrubbed', () => {
    expect(shownValue('postgres://app:pw@db/x', false, display)).toEqual({ value: 'postgres://app:****@db/x' });
    expect(maskedValue('say hunter2', display.scrub)).toBe('say [masked]');
    expect(rowValueText({ service: 's', source: { kind: 'unset' } })).toBe('—');
  });

  it('identifies a finding by rule, environment, subject, message and services, never values', () => {
    expect(findingIdentity(finding())).toEqual(['consistent', 'staging', 'jwt_secret', 'differs', ['a', 'b']]);
    expect(subjectOf({ vars: ['A', 'B'] })).toBe('A + B');
    expect(findingIdentity(finding({ setting: undefined, vars: ['A', 'B'] }), '+')[2]).toBe('A+B');
  });

  it('decides status and exit code in one place', () => {
    expect(runStatus(1, true)).toBe('fail');
    expect(runStatus(0, true)).toBe('incomplete');
    expect(runStatus(0, false)).toBe('pass');
    expect([exitCodeForStatus('fail'), exitCodeForStatus('incomplete'), exitCodeForStatus('pass')]).toEqual([EXIT.findings, EXIT.incomplete, EXIT.ok]);
    expect(exitCodeForReport({ status: 'incomplete' })).toBe(3);
    expect(statusWord('fail')).toBe('inconsistent');
  });
});
