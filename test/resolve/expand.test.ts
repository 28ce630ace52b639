import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import type { Entry } from '../../src/model.js';
import { expandVars } from '../../src/resolve/expand.js';

function vars(pairs: [string, string, number][], raw: string[] = []): Map<string, Entry[]> {
  return new Map(pairs.map(([k, v, line]) => [k, [{ key: k, value: v, source: { kind: 'dotenv', file: '.env', line }, raw: raw.includes(k) || undefined }]]));
}
const value = (m: Map<string, Entry[]>, k: string) => m.get(k)!.at(-1)!.value;

describe('expandVars', () => {
  it('expands ${VAR}, ${VAR:-default} and ${VAR-default}', () => {
    const m = vars([
      ['HOST', 'db', 1],
      ['EMPTY', '', 2],
      ['URL', 'postgres://${HOST}:${PORT:-5432}/app', 3],
      ['A', '${EMPTY:-x}|${EMPTY-y}|${MISSING-z}|${MISSING}', 4],
    ]);
    expandVars(m);
    expect(value(m, 'URL')).toBe('postgres://db:5432/app');
    expect(value(m, 'A')).toBe('x||z|');
  });

  it('expands references to references, in any order', () => {
    const m = vars([
      ['C', '${B}-c', 1],
      ['B', '${A}-b', 2],
      ['A', 'a', 3],
    ]);
    expandVars(m);
    expect(value(m, 'C')).toBe('a-b-c');
  });

  it('leaves single-quoted values and escaped dollars alone', () => {
    const m = vars(
      [
        ['A', '${B}', 1],
        ['B', 'b', 2],
        ['C', 'cost \\${B}', 3],
      ],
      ['A'],
    );
    expandVars(m);
    expect(value(m, 'A')).toBe('${B}');
    expect(value(m, 'C')).toBe('cost ${B}');
  });

  it('refuses a cycle, naming each variable, file and line', () => {
    const m = vars([
      ['A', '${B}', 4],
      ['B', 'x${C}', 5],
      ['C', '${A}', 6],
    ]);
    try {
      expandVars(m);
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(SourceError);
      const e = err as SourceError;
      expect(e.code).toBe('INTERPOLATION_CYCLE');
      expect(e.problems.map((p) => [p.file, p.line])).toEqual([
        ['.env', 4],
        ['.env', 5],
        ['.env', 6],
      ]);
      expect(e.message).toContain('A → B → C → A');
    }
  });

  it('refuses a self-reference', () => {
    expect(() => expandVars(vars([['A', 'x${A}', 1]]))).toThrow(/A → A/);
  });
});
