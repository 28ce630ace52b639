import type { Finding } from '../report/types.js';
import type { RawFinding } from './run-rules.js';

/** Drops findings that say the same thing about the same places (overlapping rule entries). */
export function dedupe(findings: RawFinding[]): RawFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([
      f.ruleId,
      f.environment,
      f.setting,
      f.messageId,
      f.message,
      f.observations.map((o) => [o.service, o.environment, o.source?.file, o.source?.line, o.via, o.digest]),
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Letters value classes: observations with the same digest share one, A being the largest group.
 * Only findings that compare values across two or more groups get letters.
 */
export function assignClasses(findings: RawFinding[]): RawFinding[] {
  return findings.map((f) => {
    const groups = new Map<string, number>();
    for (const o of f.observations) if (o.digest) groups.set(o.digest, (groups.get(o.digest) ?? 0) + 1);
    if (groups.size < 2) return f;
    const order = [...groups.entries()].map(([k, n], i) => ({ k, n, i })).sort((a, b) => b.n - a.n || a.i - b.i);
    const letter = new Map(order.map((g, i) => [g.k, classLetter(i)]));
    return { ...f, observations: f.observations.map((o) => (o.digest ? { ...o, class: letter.get(o.digest) } : o)) };
  });
}

function classLetter(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : `Z${i - 25}`;
}

export function sortFindings(findings: Finding[]): Finding[] {
  const first = (f: Finding) => f.services.find((s) => s.source.file)?.source;
  return [...findings].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.ruleId.localeCompare(b.ruleId) ||
      (a.setting ?? '').localeCompare(b.setting ?? '') ||
      (first(a)?.file ?? '').localeCompare(first(b)?.file ?? '') ||
      (first(a)?.line ?? 0) - (first(b)?.line ?? 0) ||
      a.message.localeCompare(b.message),
  );
}
