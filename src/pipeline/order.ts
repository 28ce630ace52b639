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
 * Value groups of a comparison: each distinct digest gets an index, 0 for the largest group, ties
 * broken by first appearance. Findings, explain and the audit matrix all class values this way.
 */
export function valueGroups(digests: Iterable<string | undefined>): Map<string, number> {
  const counts = new Map<string, { n: number; first: number }>();
  let i = 0;
  for (const d of digests) {
    if (d === undefined) continue;
    const c = counts.get(d);
    if (c) c.n++;
    else counts.set(d, { n: 1, first: i++ });
  }
  const order = [...counts.entries()].sort((a, b) => b[1].n - a[1].n || a[1].first - b[1].first);
  return new Map(order.map(([d], index) => [d, index]));
}

/** A, B, … for value group 0, 1, … */
export function classLetter(group: number): string {
  return group < 26 ? String.fromCharCode(65 + group) : `Z${group - 25}`;
}

/** Letters value classes on findings that compare two or more distinct values. */
export function assignClasses(findings: RawFinding[]): RawFinding[] {
  return findings.map((f) => {
    const groups = valueGroups(f.observations.map((o) => o.digest));
    if (groups.size < 2) return f;
    return { ...f, observations: f.observations.map((o) => (o.digest ? { ...o, class: classLetter(groups.get(o.digest)!) } : o)) };
  });
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
