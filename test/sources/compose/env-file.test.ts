import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseComposeEnvFile, parseRawEnvFile } from '../../../src/sources/compose/env-file.js';
import { ROOT } from '../../helpers.js';

/** What the real readers made of each input (shared/dialects, copied into test/conformance). */
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'test/conformance/dotenv-corpus.json'), 'utf8')) as {
  process_env: Record<string, string>;
  cases: { id: string; input: string; key: string; results: Record<string, unknown> }[];
};
const lookup = (name: string) => (name in corpus.process_env ? { value: corpus.process_env[name]!, source: { kind: 'shell' } } : undefined);

function outcome(r: ReturnType<typeof parseComposeEnvFile>, key: string): unknown {
  if (r.error) return 'error';
  const last = r.entries.filter((e) => e.key === key).at(-1);
  return last ? last.value : { unset: true };
}

function expected(v: unknown): unknown {
  return v && typeof v === 'object' && 'error' in v ? 'error' : v;
}

describe('compose env files read exactly as docker compose reads them (conformance corpus)', () => {
  for (const [reader, parse] of [
    ['compose-go dotenv', parseComposeEnvFile],
    ['docker kvfile (raw)', parseRawEnvFile],
  ] as const) {
    describe(reader, () => {
      const cases = corpus.cases.filter((c) => reader in c.results);
      it('covers the corpus', () => expect(cases.length).toBeGreaterThan(60));
      for (const c of cases) {
        it(c.id, () => {
          const r = parse(c.input, lookup);
          expect(outcome(r, c.key)).toEqual(expected(c.results[reader]));
          const second = c.results[`${reader} [B]`];
          if (second !== undefined) expect(outcome(r, 'B')).toEqual(expected(second));
        });
      }
    });
  }
});

describe('compose env file locations and errors', () => {
  it('gives each key its line, and each interpolated value the variables it used', () => {
    const r = parseComposeEnvFile('# c\n\nA=1\nexport B="${A}-x"\nC=\n', () => undefined);
    expect(r.entries.map((e) => [e.key, e.value, e.line])).toEqual([
      ['A', '1', 3],
      ['B', '1-x', 4],
      ['C', '', 5],
    ]);
    expect(r.entries[1]!.uses).toEqual([{ name: 'A', binding: { value: '1', source: { kind: 'dotenv', line: 3 } } }]);
  });

  it('names the line of an unterminated quote, of a bad key and of a failing ${VAR:?}, never the text', () => {
    const secret = 'hunter2-secret';
    for (const [text, line] of [
      [`A=1\nB="${secret}\nC=2\n`, 2],
      [`A=1\n\nB'${secret}=1\n`, 3],
      [`A=1\nB=${secret}\${NOPE:?${secret}}\n`, 2],
    ] as const) {
      const r = parseComposeEnvFile(text);
      expect(r.error?.line).toBe(line);
      expect(JSON.stringify(r.error)).not.toContain(secret);
    }
  });

  it('lists plain references to unset variables with their line', () => {
    expect(parseComposeEnvFile('A=x\nB=${NOPE}${A}\n').unset).toEqual([{ name: 'NOPE', line: 2, key: 'B', whole: false }]);
  });
});
