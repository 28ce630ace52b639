/**
 * Whether a user regular expression can backtrack catastrophically, decided from its text before
 * it ever runs. JavaScript's engine backtracks; a name pattern like `(a+)+$` takes minutes on a
 * 30-character name. Refused: back-references, and a repeated group (`*`, `+`, `{n,}`) that
 * itself holds a repetition or an alternation — the shapes exponential and polynomial blow-ups
 * need. Name patterns never need them.
 */
export function backtrackRisk(source: string): string | undefined {
  const stack: { inner: boolean }[] = [{ inner: false }];
  let i = 0;
  const repeats = (at: number): { yes: boolean; len: number } => {
    const c = source[at];
    if (c === '*' || c === '+') return { yes: true, len: 1 };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
      if (m) return { yes: m[2] !== undefined && (m[3] === '' || Number(m[3]) > 1), len: m[0].length };
    }
    return { yes: false, len: 0 };
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      if (/[1-9k]/.test(source[i + 1] ?? '')) return 'it uses a back-reference';
      i += 2;
      if (repeats(i).yes) stack.at(-1)!.inner = true;
      continue;
    }
    if (c === '[') {
      i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      if (repeats(i).yes) stack.at(-1)!.inner = true;
      continue;
    }
    if (c === '(') {
      stack.push({ inner: false });
      i++;
      continue;
    }
    if (c === '|') {
      stack.at(-1)!.inner = true;
      i++;
      continue;
    }
    if (c === ')') {
      const group = stack.length > 1 ? stack.pop()! : { inner: false };
      i++;
      const r = repeats(i);
      if (r.yes && group.inner) return 'a repeated group holds a repetition or an alternation (catastrophic backtracking)';
      if (r.yes || group.inner) stack.at(-1)!.inner = stack.at(-1)!.inner || r.yes || group.inner;
      continue;
    }
    i++;
    if (repeats(i).yes) stack.at(-1)!.inner = true;
  }
  return undefined;
}
