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
  // A node with alternatives (anyOf) is validated only through them, so every error at or under
  // its path comes from a branch. Outer nodes first: when a branch got past the type check and
  // failed deeper, the deeper errors explain it and the other branches' complaints are noise.
  const paths = [...new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath))].sort(
    (a, b) => a.length - b.length,
  );
  const explained = new Set<ErrorObject>();
  const extra: Problem[] = [];
  for (const p of paths) {
    const open = errors.filter((e) => !explained.has(e));
    const here = open.filter((e) => e.instancePath === p);
    if (here.length === 0) continue;
    const deeper = open.filter((e) => e.instancePath.startsWith(`${p}/`));
    here.forEach((e) => explained.add(e));
    if (deeper.length > 0) continue;
    // A branch of the value's own type failed on something else (minimum, minItems…): that is the answer.
    const informative = here.filter((e) => !['type', 'anyOf', 'oneOf', 'required', 'additionalProperties'].includes(e.keyword));
    if (informative.length > 0) {
      informative.forEach((e) => explained.delete(e));
      continue;
    }
    const path = [...prefix, ...pointer(p)];
    const value = get(data, pointer(p));
    const line = lineOf(path);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const required = new Set(here.filter((e) => e.keyword === 'required').map((e) => String(e.params.missingProperty)));
      const branchOf = (e: ErrorObject) => e.schemaPath.replace(/\/[^/]+$/, '');
      const branches = new Set(here.filter((e) => e.keyword === 'required' || e.keyword === 'additionalProperties').map(branchOf));
      const flaggedBy = new Map<string, Set<string>>();
      for (const e of here.filter((x) => x.keyword === 'additionalProperties')) {
        const k = String(e.params.additionalProperty);
        flaggedBy.set(k, (flaggedBy.get(k) ?? new Set()).add(branchOf(e)));
      }
      const keys = Object.keys(value);
      // A key every branch rejects is unknown; one only some branches reject belongs to a form.
      const isUnknown = (k: string) => (flaggedBy.get(k)?.size ?? 0) === branches.size && branches.size > 0;
      const formKeys = keys.filter((k) => !isUnknown(k) && (flaggedBy.has(k) || required.has(k)));
      if (formKeys.length > 1) {
        extra.push({ file, line, message: `${where(path)} mixes keys of different forms (${formKeys.join(', ')}); use one of them` });
        continue;
      }
      const unknown = keys.filter(isUnknown);
      for (const k of unknown) extra.push({ file, line: lineOf([...path, k]), message: `${where(path)} has an unknown key "${k}"` });
      if (formKeys.length === 0 && required.size > 0) {
        const list = [...required];
        extra.push({
          file,
          line,
          message: `${where(path)} needs ${list.length === 1 ? 'the key' : 'one of the keys'} ${list.map((k) => `"${k}"`).join(', ')}`,
        });
      }
      continue;
    }
    const types = [...new Set(here.filter((e) => e.keyword === 'type').flatMap((e) => [e.params.type].flat().map(String)))];
    if (types.length > 0) extra.push({ file, line, message: `${where(path)} must be ${types.map(typeName).join(' or ')}, not ${describe(value)}` });
    else here.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf').forEach((e) => explained.delete(e));
  }
  const problems: Problem[] = [];
  for (const e of errors) {
    // ajv marks the inner error of a propertyNames check with the name; the outer error says it.
    if (explained.has(e) || ('propertyName' in e && e.keyword !== 'propertyNames')) continue;
    const path = [...prefix, ...pointer(e.instancePath)];
    const key = e.keyword === 'additionalProperties' ? e.params.additionalProperty : e.keyword === 'propertyNames' ? e.params.propertyName : undefined;
    const at = key !== undefined ? [...path, String(key)] : path;
    problems.push({ file, line: lineOf(at), message: sentence(e, path, get(data, pointer(e.instancePath))) });
  }
  const all = [...problems, ...extra];
  const seen = new Set<string>();
  return all.filter((p) => !seen.has(p.message) && seen.add(p.message) !== undefined).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
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
      return `${w} has a key, "${e.params.propertyName}", that is not a valid name (letters, digits, "_", "." and "-")`;
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
  return (
    { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'empty' }[t] ?? t
  );
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'true/false';
  return 'a string';
}
