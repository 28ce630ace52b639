import type { AcceptSpec } from '../manifest/types.js';
import type { Finding, Report } from '../report/types.js';
import { findingIdentity, subjectOf } from '../present/index.js';

export interface Acceptances {
  accept: AcceptSpec[];
  baseline?: Report;
  /** YYYY-MM-DD: acceptances expiring on or before it are over */
  today: string;
  /** fingerprints can only be compared with a stable key */
  keySource: 'env' | 'per-run';
}

/**
 * Known divergences: a finding matched by a manifest `accept` entry or present in a baseline
 * report is accepted (reported, not counted) until the entry expires or the values change.
 */
export function applyAcceptances(findings: Finding[], a: Acceptances): Finding[] {
  const baseline = new Map((a.baseline?.findings ?? []).map((f) => [identity(f), f]));
  const comparableBaseline = a.baseline?.fingerprintKey === 'env' && a.keySource === 'env';
  return findings.map((f) => {
    for (const entry of a.accept) {
      if (!matches(entry, f)) continue;
      if (entry.expires && a.today >= entry.expires) return { ...f, reopened: `accepted until ${entry.expires} (${entry.reason}): expired` };
      if (entry.fingerprints) {
        const pinsFingerprints = Object.values(entry.fingerprints).some((v) => v.startsWith('hmac:'));
        if (pinsFingerprints && a.keySource !== 'env')
          return { ...f, accepted: { by: 'manifest', reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}), verified: false } };
        const changed = Object.entries(entry.fingerprints).filter(([svc, v]) => !f.services.some((s) => s.service === svc && (s.fingerprint ?? s.value) === v));
        if (changed.length > 0)
          return { ...f, reopened: `accepted (${entry.reason}) for other values of ${changed.map(([s]) => s).join(', ')}: they changed since` };
      }
      return {
        ...f,
        accepted: {
          by: 'manifest',
          reason: entry.reason,
          ...(entry.expires ? { expires: entry.expires } : {}),
          ...(entry.fingerprints ? { verified: true } : {}),
        },
      };
    }
    const before = baseline.get(identity(f));
    if (before) {
      const same = comparableBaseline ? values(before, true) === values(f, true) : values(before, false) === values(f, false);
      if (!same) return { ...f, reopened: 'in the baseline, but with other values since' };
      return { ...f, accepted: { by: 'baseline', reason: 'present in the baseline', ...(comparableBaseline ? { verified: true } : {}) } };
    }
    return f;
  });
}

function matches(e: AcceptSpec, f: Finding): boolean {
  if (e.rule !== f.ruleId) return false;
  if (e.setting !== undefined && e.setting !== subjectOf(f)) return false;
  if (e.environments && !e.environments.includes(f.environment)) return false;
  const services = new Set(f.services.map((s) => s.service));
  return !e.services || e.services.every((s) => services.has(s));
}

function identity(f: Finding): string {
  return JSON.stringify(findingIdentity(f));
}

/** The values a finding saw; fingerprints only when both runs used the same stable key. */
function values(f: Finding, withFingerprints: boolean): string {
  return JSON.stringify(
    f.services
      .map((s) => [s.service, s.environment ?? '', s.value ?? '', withFingerprints ? (s.fingerprint ?? '') : ''])
      .sort((x, y) => x.join('\u0000').localeCompare(y.join('\u0000'))),
  );
}
