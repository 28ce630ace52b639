/**
 * What an unquoted YAML scalar means to each YAML reader. YAML 1.2 (npm `yaml`, concord's own
 * parser; go-yaml v3 for compose) and YAML 1.1 (Kubernetes through sigs.k8s.io/yaml = go-yaml v2,
 * PyYAML) disagree on `on`/`yes`/`y`, `0755`, `1_000`, `1:30`, dates. Each reader is a handful of
 * its resolver's patterns, checked against the YAML corpus (test/conformance/yaml-corpus.json).
 */
import { parse } from 'yaml';

export const YAML_READERS = ['yaml-1.2', 'yaml-1.1', 'go-yaml-v2', 'go-yaml-v3', 'pyyaml', 'snakeyaml'] as const;
export type YamlReader = (typeof YAML_READERS)[number];

/** Who reads YAML this way, for reports. */
export const YAML_READER_NAMES: Record<YamlReader, string> = {
  'yaml-1.2': 'YAML 1.2 (npm yaml, js-yaml: concord, Node)',
  'yaml-1.1': 'YAML 1.1 (npm yaml version 1.1)',
  'go-yaml-v2': 'YAML 1.1 as Kubernetes reads it (sigs.k8s.io/yaml, go-yaml v2)',
  'go-yaml-v3': 'go-yaml v3 (docker compose, Go services)',
  pyyaml: 'PyYAML (Python services)',
  snakeyaml: 'SnakeYAML (Spring Boot)',
};

export type Meaning =
  | { type: 'str' | 'bool' | 'null' | 'date'; value: string }
  /** an integer or a float, in its decimal text (big integers exactly) */
  | { type: 'int' | 'float' | 'number'; value: string };

const GO_BOOL_V2 = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE|n|N|no|No|NO|off|Off|OFF|false|False|FALSE)$/;
const GO_TRUE_V2 = /^(?:y|Y|yes|Yes|YES|on|On|ON|true|True|TRUE)$/;
const CORE_BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const NULLS = /^(?:~|null|Null|NULL|)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF = /^([-+]?)\.(?:inf|Inf|INF)$/;
const NAN = /^\.(?:nan|NaN|NAN)$/;
const GO_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{2}:?[0-9]{2})?)?$/;
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_TIMESTAMP =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

const num = (type: 'int' | 'float' | 'number', v: bigint | number): Meaning => ({
  type,
  value: typeof v === 'bigint' ? v.toString() : Object.is(v, -0) ? '0' : String(v),
});

/** Go's strconv.ParseInt(s, 0, 64), then ParseUint: a base prefix (0x, 0o, 0b, a leading 0) decides. */
function goInt(s: string): bigint | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  const lower = body.toLowerCase();
  const v =
    lower.startsWith('0x') || lower.startsWith('0b') || lower.startsWith('0o')
      ? BigInt(lower)
      : body.length > 1 && body.startsWith('0')
        ? BigInt(`0o${body.slice(1)}`)
        : BigInt(body);
  const signed = m[1] === '-' ? -v : v;
  return signed >= -(2n ** 63n) && signed < 2n ** 64n ? signed : undefined;
}

function goYaml(s: string, v2: boolean): Meaning {
  if (NULLS.test(s)) return { type: 'null', value: '' };
  if (v2 ? GO_BOOL_V2.test(s) : CORE_BOOL.test(s)) return { type: 'bool', value: String(v2 ? GO_TRUE_V2.test(s) : /^t/i.test(s)) };
  const inf = INF.exec(s);
  if (inf) return { type: 'float', value: inf[1] === '-' ? '-Infinity' : 'Infinity' };
  if (NAN.test(s)) return { type: 'float', value: 'NaN' };
  const plain = s.replace(/_/g, '');
  const i = goInt(plain);
  if (i !== undefined) return num('int', i);
  if (GO_FLOAT.test(plain)) return num('float', Number(plain));
  if (!v2 && GO_TIMESTAMP.test(s)) return { type: 'date', value: s };
  return { type: 'str', value: s };
}

function sexagesimal(s: string): number {
  const sign = s.startsWith('-') ? -1 : 1;
  return (
    sign *
    s
      .replace(/^[-+]/, '')
      .split(':')
      .reduce((acc, part) => acc * 60 + Number(part), 0)
  );
}

function pyyaml(s: string): Meaning {
  if (NULLS.test(s)) return { type: 'null', value: '' };
  if (PY_BOOL.test(s)) return { type: 'bool', value: String(/^(?:yes|true|on)$/i.test(s)) };
  if (PY_INT.test(s)) {
    const t = s.replace(/_/g, '');
    const sign = t.startsWith('-') ? -1n : 1n;
    const body = t.replace(/^[-+]/, '');
    if (body.includes(':')) return num('int', BigInt(sexagesimal(body)) * sign);
    if (/^0[bx]/.test(body)) return num('int', BigInt(body) * sign);
    if (body.length > 1 && body.startsWith('0')) return num('int', BigInt(`0o${body.slice(1)}`) * sign);
    return num('int', BigInt(body) * sign);
  }
  if (PY_FLOAT.test(s)) {
    const t = s.replace(/_/g, '').toLowerCase();
    if (t.endsWith('.nan')) return { type: 'float', value: 'NaN' };
    if (t.endsWith('.inf')) return { type: 'float', value: t.startsWith('-') ? '-Infinity' : 'Infinity' };
    if (t.includes(':')) return num('float', sexagesimal(t));
    return num('float', Number(t));
  }
  if (PY_TIMESTAMP.test(s)) return { type: 'date', value: s };
  return { type: 'str', value: s };
}

/** SnakeYAML 1.x reads like PyYAML, except that an exponent alone makes a float (`1e3`). */
const SNAKE_EXPONENT_FLOAT = /^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;

function snakeyaml(s: string): Meaning {
  if (SNAKE_EXPONENT_FLOAT.test(s) && !PY_FLOAT.test(s)) return num('float', Number(s.replace(/_/g, '')));
  return pyyaml(s);
}

/** npm yaml: core schema (1.2) or its YAML 1.1 schema. Numbers are JS numbers, as Node sees them. */
function npmYaml(s: string, version: '1.1' | '1.2'): Meaning {
  const v: unknown = parse(`k: ${s}\n`, { version })?.k;
  if (v === null || v === undefined) return { type: 'null', value: '' };
  if (typeof v === 'boolean') return { type: 'bool', value: String(v) };
  if (typeof v === 'number') return num('number', v);
  if (typeof v === 'bigint') return num('number', v);
  if (v instanceof Date) return { type: 'date', value: s };
  return { type: 'str', value: String(v) };
}

/** What `reader` makes of the plain (unquoted) scalar `text`. */
export function readPlainScalar(text: string, reader: YamlReader): Meaning {
  switch (reader) {
    case 'yaml-1.2':
      return npmYaml(text, '1.2');
    case 'yaml-1.1':
      return npmYaml(text, '1.1');
    case 'go-yaml-v2':
      return goYaml(text, true);
    case 'go-yaml-v3':
      return goYaml(text, false);
    case 'pyyaml':
      return pyyaml(text);
    case 'snakeyaml':
      return snakeyaml(text);
  }
}

/** The meaning as the program's setting text: `true`, `493`, `90`, '' for null. */
export function meaningText(m: Meaning): string {
  return m.value;
}

export function sameMeaning(a: Meaning, b: Meaning): boolean {
  const numeric = (m: Meaning) => m.type === 'int' || m.type === 'float' || m.type === 'number';
  if (numeric(a) && numeric(b)) return Number(a.value) === Number(b.value) || a.value === b.value;
  return a.type === b.type && a.value === b.value;
}

/** A cheap filter: could this plain scalar mean different things to different readers? */
export function mayDependOnYamlVersion(text: string): boolean {
  // Every such scalar starts with a digit, a sign or one of y/n/o: most config values do not.
  const c = text.charCodeAt(0);
  if (!(c >= 48 && c <= 57) && c !== 43 && c !== 45 && !'yYnNoO'.includes(text[0] ?? '')) return false;
  return (
    /^(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/.test(text) ||
    /^[-+]?[0-9][0-9_:]*$|^[-+]?0[bo]/.test(text) ||
    /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/.test(text) ||
    /^[-+]?[0-9.]+e/i.test(text)
  );
}
