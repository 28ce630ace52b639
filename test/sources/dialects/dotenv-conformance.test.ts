import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePythonValues } from '../../../src/sources/dialects/python.js';
import { DIALECTS, readEnvText } from '../../../src/sources/dialects/registry.js';
import { DIALECT_IDS, type DialectResult } from '../../../src/sources/dialects/types.js';
import { ROOT } from '../../helpers.js';

/** What the real readers made of each input (shared/dialects, copied into test/conformance). */
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'test/conformance/dotenv-corpus.json'), 'utf8')) as {
  process_env: Record<string, string>;
  cases: { id: string; input: string; key: string; results: Record<string, unknown> }[];
};
const lookup = (name: string) => (name in corpus.process_env ? { value: corpus.process_env[name]!, source: { kind: 'shell' } } : undefined);

/** A reader's output for `key` in the corpus's terms; a value concord cannot know (a command's output, a PID) is 'unknown'. */
function outcome(r: DialectResult, key: string): unknown {
  if (r.error) return 'error';
  const last = r.entries.filter((e) => e.key === key).at(-1);
  if (!last) return { unset: true };
  if (last.unknown) return 'unknown';
  return last.noValue ? null : last.value;
}

/** The corpus's answer; where the real reader ran a command or read its PID, concord must say 'unknown'. */
function expected(v: unknown, c: { id: string }): unknown {
  if (v && typeof v === 'object' && 'error' in v) return 'error';
  if (typeof v === 'string' && (v.includes('<PID>') || ((c.id === 'cmd_subst' || c.id === 'backtick') && (v === 'hi' || v === '')))) return 'unknown';
  return v;
}

const readers: [string, string, (text: string) => DialectResult][] = [
  ...DIALECT_IDS.flatMap((id) =>
    DIALECTS[id].corpus.map((column) => [id, column, (t: string) => readEnvText(id, t, lookup)] as [string, string, (text: string) => DialectResult]),
  ),
  ['python (dotenv_values, pydantic-settings)', 'python-dotenv values', (t) => parsePythonValues(t, lookup)],
];

describe('each dotenv dialect reads every corpus input exactly as its real reader did', () => {
  for (const [id, column, read] of readers) {
    describe(`${id} = ${column}`, () => {
      const cases = corpus.cases.filter((c) => column in c.results);
      it('covers the corpus', () => expect(cases.length).toBe(corpus.cases.length));
      for (const c of cases) {
        it(c.id, () => {
          const r = read(c.input);
          expect(outcome(r, c.key)).toEqual(expected(c.results[column], c));
          const second = c.results[`${column} [B]`];
          if (second !== undefined) expect(outcome(r, 'B')).toEqual(expected(second, c));
        });
      }
    });
  }
});
