/** "Did you mean …?" for names: manifest keys, services, settings, compose services. */

/** The nearest name by edit distance, when it is near enough to be a likely typo. */
export function closest(name: string, candidates: string[]): string | undefined {
  // Names are short; a long one is no typo of another, and edit distance is quadratic in length.
  if (name.length > 253) return undefined;
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    // The distance is at least the difference in length: no need to compute it.
    if (Math.abs(c.length - name.length) >= bestD) continue;
    const d = distance(name, c);
    if (d < bestD && d < name.length) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
