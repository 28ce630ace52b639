import type { ErrorObject } from 'ajv';
import type { Problem } from '../errors.js';

/**
 * ajv errors → one sentence per problem, located by `lineOf(path)`. Alternatives (anyOf) are
 * explained by the branch whose type fits the value, not by a dump of every branch.
 */
export function humanizeErrors(
  errors: ErrorObject[],
  data: unknown,
  file: string,
  lineOf: (path: (string | number)[]) => number | undefined,
  prefix: (string | number)[] = [],
): Problem[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const explained = new Set<ErrorObject>();
  const extra: Problem[] = [];
  for (const a of anyOfs) {
    const branch = errors.filter((e) => e !== a && e.schemaPath.startsWith(a.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')));
    const atSame = branch.filter((e) => e.instancePath === a.instancePath);
    const typeErrs = atSame.filter((e) => e.keyword === 'type');
    const requiredErrs = atSame.filter((e) => e.keyword === 'required');
    const informative = branch.filter((e) => !typeErrs.includes(e) && !requiredErrs.includes(e) && e.keyword !== 'anyOf');
    branch.forEach((e) => explained.add(e));
    explained.add(a);
    const path = [...prefix, ...pointer(a.instancePath)];
    if (informative.length > 0) {
      informative.forEach((e) => explained.delete(e));
    } else if (requiredErrs.length > 0 && typeErrs.length < atSame.length) {
      const keys = [...new Set(requiredErrs.map((e) => String(e.params.missingProperty)))];
      extra.push({ file, line: lineOf(path), message: `${where(path)} needs one of the keys ${keys.map((k) => `"${k}"`).join(', ')}` });
    } else {
      const types = [...new Set(typeErrs.flatMap((e) => [e.params.type].flat().map(String)))];
      extra.push({ file, line: lineOf(path), message: `${where(path)} must be ${types.map(typeName).join(' or ')}, not ${describe(get(data, pointer(a.instancePath)))}` });
    }
  }
  const problems: Problem[] = [];
  for (const e of errors) {
    if (explained.has(e)) continue;
    const path = [...prefix, ...pointer(e.instancePath)];
    const at = e.keyword === 'additionalProperties' ? [...path, String(e.params.additionalProperty)] : path;
    problems.push({ file, line: lineOf(at), message: sentence(e, path, get(data, pointer(e.instancePath))) });
  }
  const all = [...problems, ...extra];
  const seen = new Set<string>();
  return all
    .filter((p) => !seen.has(p.message) && seen.add(p.message) !== undefined)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

function sentence(e: ErrorObject, path: (string | number)[], value: unknown): string {
  const w = where(path);
  switch (e.keyword) {
    case 'required':
      return `${w} is missing the required key "${e.params.missingProperty}"`;
    case 'additionalProperties':
      return `${w} has an unknown key "${e.params.additionalProperty}"`;
    case 'type':
      return `${w} must be ${[e.params.type].flat().map(String).map(typeName).join(' or ')}, not ${describe(value)}`;
    case 'enum':
      return `${w} must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${w} must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'minItems':
      return `${w} must list at least ${e.params.limit} item${e.params.limit === 1 ? '' : 's'}`;
    case 'minProperties':
      return `${w} must have at least ${e.params.limit} entr${e.params.limit === 1 ? 'y' : 'ies'}`;
    case 'minLength':
      return `${w} must not be empty`;
    case 'uniqueItems':
      return `${w} lists the same item twice (items ${e.params.j} and ${e.params.i})`;
    case 'pattern':
      return `${w} is not a valid name (letters, digits, "_", "." and "-")`;
    case 'propertyNames':
      return `${w} has a key that is not a valid name (letters, digits, "_", "." and "-")`;
    case 'minimum':
    case 'maximum':
      return `${w} must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${e.params.limit}`;
    default:
      return `${w} is invalid (${e.keyword})`;
  }
}

export function where(path: (string | number)[]): string {
  if (path.length === 0) return 'the manifest';
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

function pointer(p: string): (string | number)[] {
  if (!p) return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function get(data: unknown, path: (string | number)[]): unknown {
  let cur = data;
  for (const p of path) cur = cur == null ? undefined : (cur as Record<string | number, unknown>)[p];
  return cur;
}

function typeName(t: string): string {
  return { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'empty' }[t] ?? t;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'true/false';
  return 'a string';
}
