import type { Finding } from '../report/types.js';

/** Drops findings that say the same thing about the same places (overlapping rule entries). */
export function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.ruleId, f.environment, f.setting, f.messageId, f.message, f.services.map((s) => [s.service, s.environment, s.source.file, s.source.line, s.via])]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Letters value classes: services holding the same fingerprint (or value) share one; A is the largest. */
export function assignClasses(findings: Finding[]): Finding[] {
  return findings.map((f) => {
    const keyOf = (s: Finding['services'][number]) => s.fingerprint ?? (s.value !== undefined ? `value:${s.value}` : undefined);
    const groups = new Map<string, number>();
    for (const s of f.services) {
      const k = keyOf(s);
      if (k !== undefined) groups.set(k, (groups.get(k) ?? 0) + 1);
    }
    if (groups.size < 2) return f;
    const order = [...groups.entries()].map(([k, n], i) => ({ k, n, i })).sort((a, b) => b.n - a.n || a.i - b.i);
    const letter = new Map(order.map((g, i) => [g.k, classLetter(i)]));
    const services = f.services.map((s) => {
      const k = keyOf(s);
      return k === undefined ? s : { ...s, class: letter.get(k) };
    });
    return { ...f, services };
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
