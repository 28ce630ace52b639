import { SourceError } from '../errors.js';
import type { Entry } from '../model.js';
import { LIMITS } from '../limits.js';

/** `${VAR}`, `${VAR:-default}` (unset or empty) and `${VAR-default}` (unset); `\$` escapes. */
const REF = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_.]*)(?:(:?-)([^}]*))?\}/g;

export function hasInterpolation(value: string): boolean {
  return value.includes('${');
}

/**
 * Expands references inside the winning values of a service's variables. An expanded entry is
 * replaced by a copy (entries of a file shared by services stay as parsed). A reference cycle is
 * an error naming every variable in it and where each is defined.
 */
export function expandVars(vars: Map<string, Entry[]>): void {
  const done = new Set<string>();
  const visiting: string[] = [];

  const winner = (name: string) => {
    const list = vars.get(name);
    return list?.[list.length - 1];
  };

  const expandOne = (name: string): void => {
    if (done.has(name)) return;
    const entry = winner(name);
    if (!entry || entry.raw || !hasInterpolation(entry.value) || !interpolates(entry)) {
      done.add(name);
      return;
    }
    if (visiting.includes(name)) {
      const cycle = [...visiting.slice(visiting.indexOf(name)), name];
      throw new SourceError(
        'INTERPOLATION_CYCLE',
        cycle.slice(0, -1).map((v, i) => {
          const e = winner(v)!;
          return { file: e.source.file, line: e.source.line, message: `${v} refers to ${cycle[i + 1]}: the interpolation cycle is ${cycle.join(' → ')}` };
        }),
      );
    }
    if (visiting.length >= LIMITS.interpolationDepth) throw interpolationLimit(entry, `goes through more than ${LIMITS.interpolationDepth} variables`);
    visiting.push(name);
    const list = vars.get(name)!;
    const copy = { ...entry };
    list[list.length - 1] = copy;
    copy.value = entry.value.replace(REF, (_match, ref: string | undefined, op: string | undefined, def: string | undefined) => {
      if (ref === undefined) return '$';
      expandOne(ref);
      const v = winner(ref)?.value;
      if (op === ':-') return v === undefined || v === '' ? (def ?? '') : v;
      if (op === '-') return v === undefined ? (def ?? '') : v;
      return v ?? '';
    });
    if (copy.value.length > LIMITS.expandedLength) throw interpolationLimit(entry, `expands to more than ${LIMITS.expandedLength} characters`);
    visiting.pop();
    done.add(name);
  };

  for (const name of vars.keys()) expandOne(name);
}

function interpolationLimit(e: Entry, what: string): SourceError {
  return new SourceError('INTERPOLATION_LIMIT', [{ file: e.source.file, line: e.source.line, message: `the interpolation of ${e.key} ${what}` }]);
}

function interpolates(e: Entry): boolean {
  // Values a program reads verbatim (YAML config, Kubernetes, secret stores) are not expanded.
  return e.source.kind === 'dotenv';
}
