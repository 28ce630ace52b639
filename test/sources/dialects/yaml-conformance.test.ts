import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlainScalar, YAML_READERS, type Meaning, type YamlReader } from '../../../src/sources/dialects/yaml-scalar.js';
import { ROOT } from '../../helpers.js';

/** What the real YAML libraries made of `k: <scalar>` (shared/dialects, copied into test/conformance). */
const corpus = JSON.parse(readFileSync(path.join(ROOT, 'test/conformance/yaml-corpus.json'), 'utf8')) as {
  cases: { scalar: string; results: Record<string, string> }[];
};

const COLUMN: Record<YamlReader, string> = {
  'yaml-1.2': 'npm yaml 2.9.1 (default 1.2 core)',
  'yaml-1.1': 'npm yaml 2.9.1 {version:"1.1"}',
  'go-yaml-v2': 'go-yaml v2.4.2 (sigs.k8s.io/yaml)',
  'go-yaml-v3': 'go-yaml v3.0.4',
  pyyaml: 'PyYAML 6.0 safe_load',
  snakeyaml: 'SnakeYAML 1.33 load',
};

/** A corpus cell (`Type(value)` in each library's own words) as a Meaning. */
function cell(text: string): Meaning {
  if (/^(null|<nil>\(<nil>\)|NoneType\(None\))$/.test(text)) return { type: 'null', value: '' };
  const m = /^([\w.]+)\((.*)\)$/s.exec(text)!;
  const [, type, raw] = m as unknown as [string, string, string];
  const unquoted = raw.replace(/^(["'])(.*)\1$/s, '$2');
  if (/^(string|str|String)$/.test(type)) return { type: 'str', value: unquoted };
  if (/^(boolean|bool|Boolean)$/.test(type)) return { type: 'bool', value: String(/^true$/i.test(raw)) };
  if (type === 'number') return { type: 'number', value: raw };
  if (/^(int|uint64|Integer|BigInteger)$/.test(type)) return { type: 'int', value: raw };
  if (/^(float64|float|Double)$/.test(type)) {
    const v = raw
      .replace(/^\+?Inf$|^inf$/, 'Infinity')
      .replace(/^-Inf$|^-inf$/, '-Infinity')
      .replace(/^nan$/, 'NaN');
    return { type: 'float', value: String(Number(v)) };
  }
  if (/^(Date|time\.Time|date|datetime)$/.test(type)) return { type: 'date', value: '' };
  throw new Error(`unknown corpus cell ${text}`);
}

describe('each YAML reader reads every corpus scalar as the real library did', () => {
  for (const reader of YAML_READERS) {
    describe(`${reader} = ${COLUMN[reader]}`, () => {
      for (const c of corpus.cases) {
        it(JSON.stringify(c.scalar), () => {
          const got = readPlainScalar(c.scalar, reader);
          const want = cell(c.results[COLUMN[reader]]!);
          expect(got.type === 'date' ? { ...got, value: '' } : got).toEqual(want);
        });
      }
    });
  }
});

describe('the scalars whose meaning changes between YAML versions', () => {
  it.each([
    ['0755', 'yaml-1.2', { type: 'number', value: '755' }],
    ['0755', 'go-yaml-v2', { type: 'int', value: '493' }],
    ['on', 'go-yaml-v3', { type: 'str', value: 'on' }],
    ['on', 'go-yaml-v2', { type: 'bool', value: 'true' }],
    ['1_000', 'pyyaml', { type: 'int', value: '1000' }],
    ['1:30', 'pyyaml', { type: 'int', value: '90' }],
    ['1:30', 'yaml-1.2', { type: 'str', value: '1:30' }],
  ] as const)('%s in %s', (scalar, reader, want) => expect(readPlainScalar(scalar, reader)).toEqual(want));
});
