import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.js';
import { parseDotenv } from '../../src/sources/dotenv.js';

describe('parseDotenv', () => {
  it('gives each key its value and the line it stands on', () => {
    const entries = parseDotenv('# comment\n\nA=1\nexport B="two words"\nC: three\nD=x # trailing comment\n', 'svc/.env');
    expect(entries.map((e) => [e.key, e.value, e.source.line])).toEqual([
      ['A', '1', 3],
      ['B', 'two words', 4],
      ['C', 'three', 5],
      ['D', 'x', 6],
    ]);
    expect(entries[0]!.source).toEqual({ kind: 'dotenv', file: 'svc/.env', line: 3 });
  });

  it('keeps the last of a repeated key, with the last line, as dotenv does', () => {
    const entries = parseDotenv('A=1\nB=2\nA=3\n', '.env');
    expect(entries.find((e) => e.key === 'A')).toMatchObject({ value: '3', source: { line: 3 } });
  });

  it('reads multi-line double-quoted values and points at their first line', () => {
    const text = 'KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\n';
    const entries = parseDotenv(text, '.env');
    expect(entries[0]).toMatchObject({ key: 'KEY', value: '-----BEGIN KEY-----\nabc\n-----END KEY-----', source: { line: 1 } });
    expect(entries[1]).toMatchObject({ key: 'NEXT', source: { line: 4 } });
  });

  it('marks single-quoted values as raw (never interpolated)', () => {
    const [e] = parseDotenv("A='${B}'\n", '.env');
    expect(e).toMatchObject({ value: '${B}', raw: true });
  });

  it.each([
    ['a line without =', 'A=1\nnot a pair\n', 2],
    ['an unclosed quote', 'A=1\nB="open\nC=2\n', 2],
  ])('refuses %s with the file and line, without quoting the line', (_name, text, line) => {
    try {
      parseDotenv(text, 'svc/.env');
      expect.fail('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(SourceError);
      const e = err as SourceError;
      expect(e.code).toBe('PARSE_ERROR');
      expect(e.problems[0]).toMatchObject({ file: 'svc/.env', line });
      expect(e.message).not.toContain('not a pair');
      expect(e.message).not.toContain('open');
    }
  });

  it('never crashes on random text: entries or a SourceError, the same each time', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('A', 'b', '=', '"', "'", '\n', ' ', '#', '$', '{', '}', '\\', ':', 'x'), maxLength: 80 }), (text) => {
        const run = () => {
          try {
            return parseDotenv(text, '.env');
          } catch (err) {
            expect(err).toBeInstanceOf(SourceError);
            return (err as SourceError).message;
          }
        };
        expect(run()).toEqual(run());
      }),
      { numRuns: 500 },
    );
  });

  it('finds the line of every key it returns', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/), { minLength: 1, maxLength: 10 }),
        fc.array(fc.stringMatching(/^[a-z0-9]{0,6}$/), { minLength: 10, maxLength: 10 }),
        (keys, values) => {
          const text = keys.map((k, i) => `${k}=${values[i]}`).join('\n');
          const entries = parseDotenv(text, '.env');
          for (const [i, k] of keys.entries()) expect(entries.find((e) => e.key === k)).toMatchObject({ value: values[i], source: { line: i + 1 } });
        },
      ),
    );
  });
});
