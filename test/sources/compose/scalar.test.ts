import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composePlainScalar } from '../../../src/sources/compose/scalar.js';
import { ROOT } from '../../helpers.js';

/** What compose-go passes to the container for `k: <scalar>` (the YAML reader corpus, copied from shared/dialects). */
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'test/conformance/yaml-corpus.json'), 'utf8')) as {
  cases: { scalar: string; results: Record<string, string> }[];
};
const READER = 'compose env string (fmt.Sprint)';

describe('compose environment scalars (conformance corpus)', () => {
  const cases = corpus.cases.filter((c) => READER in c.results);
  it('covers the corpus', () => expect(cases.length).toBeGreaterThan(30));
  it.each(cases.map((c) => [c.scalar, c.results[READER]!] as const))('%s', (scalar, expected) => {
    const got = composePlainScalar(scalar);
    expect(got === null ? '<nil: unset/inherit>' : JSON.stringify(got)).toBe(expected);
  });
});
