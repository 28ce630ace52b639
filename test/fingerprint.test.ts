import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../src/fingerprint.js';

describe('Fingerprinter', () => {
  it('is equal exactly when values are equal', () => {
    const f = new Fingerprinter('k');
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(f.digest(a) === f.digest(b)).toBe(a === b);
      }),
      { numRuns: 2000 },
    );
  });

  it('is keyed: the same value under another key gives another fingerprint, so a report cannot be brute-forced without the key', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (v) => {
        expect(new Fingerprinter('key-1').digest(v)).not.toBe(new Fingerprinter('key-2').digest(v));
      }),
    );
  });

  it('is stable across runs with CONCORD_FINGERPRINT_KEY and random per run without it', () => {
    expect(new Fingerprinter('shared').fingerprint('x')).toBe(new Fingerprinter('shared').fingerprint('x'));
    expect(new Fingerprinter('shared').keySource).toBe('env');
    const a = new Fingerprinter();
    const b = new Fingerprinter();
    expect(a.keySource).toBe('per-run');
    expect(a.fingerprint('x')).not.toBe(b.fingerprint('x'));
  });

  it('shows hmac: and 12 hex digits, never the value', () => {
    const fp = new Fingerprinter('k').fingerprint('hunter2-secret');
    expect(fp).toMatch(/^hmac:[0-9a-f]{12}$/);
    expect(fp).not.toContain('hunter2');
  });
});
