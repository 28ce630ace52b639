/**
 * Compose interpolation, as compose-go's `template` package does it: `$$`, `$VAR`, `${VAR}`,
 * `${VAR:-d}`, `${VAR-d}`, `${VAR:?msg}`, `${VAR?msg}`, `${VAR:+alt}`, `${VAR+alt}`, defaults that
 * nest (`${A:-${B:-x}}`). A `$` followed by anything else stays literal; a malformed `${…}` is an
 * error, and so is a failing `:?`/`?` (compose refuses to start). The operator is the one right
 * after the name, as compose-go picks the earliest one in the expression.
 */

import { LIMITS } from '../../limits.js';

/** A variable's value and where it was defined. */
export interface Binding {
  value: string;
  source?: { kind: string; file?: string; line?: number };
}

export type Lookup = (name: string) => Binding | undefined;

/** A variable the template read: set (with its binding) or not. */
export interface VarUse {
  name: string;
  binding?: Binding;
}

export type TemplateError = { kind: 'invalid' } | { kind: 'required'; name: string; hasMessage: boolean } | { kind: 'limit'; what: 'depth' | 'length' };

export interface Interpolated {
  value: string;
  /** every variable read, in order (a default's own variables included) */
  uses: VarUse[];
  /** plain `${VAR}`/`$VAR` references to unset variables: compose warns and uses '' */
  unset: string[];
}

/** Nesting of `${A:-${B:-…}}` beyond this is refused rather than recursed into. */
export const MAX_TEMPLATE_DEPTH = LIMITS.interpolationDepth;
/** An interpolated value longer than this is refused (a value is a setting, not a document). */
export const MAX_INTERPOLATED_LENGTH = LIMITS.expandedLength;

const NAME_START = /[A-Za-z_]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPS = [':?', '?', ':-', '-', ':+', '+'] as const;

class Failure {
  constructor(readonly error: TemplateError) {}
}

/** Interpolates `template`; an error says what compose would refuse, never quoting the text. */
export function interpolate(template: string, lookup: Lookup): Interpolated | { error: TemplateError } {
  const uses: VarUse[] = [];
  const unset: string[] = [];
  try {
    const value = substitute(template, lookup, uses, unset, 0);
    return { value, uses, unset };
  } catch (e) {
    if (e instanceof Failure) return { error: e.error };
    throw e;
  }
}

function substitute(s: string, lookup: Lookup, uses: VarUse[], unset: string[], depth: number): string {
  if (depth > MAX_TEMPLATE_DEPTH) throw new Failure({ kind: 'limit', what: 'depth' });
  if (!s.includes('$')) return s;
  let out = '';
  let i = 0;
  const read = (name: string) => {
    const binding = lookup(name);
    uses.push({ name, ...(binding ? { binding } : {}) });
    return binding;
  };
  while (i < s.length) {
    const dollar = s.indexOf('$', i);
    if (dollar < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, dollar);
    const next = s[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next !== undefined && NAME_START.test(next)) {
      const name = NAME.exec(s.slice(dollar + 1))![0];
      const b = read(name);
      if (!b) unset.push(name);
      out += b?.value ?? '';
      i = dollar + 1 + name.length;
    } else if (next === '{') {
      const close = closingBrace(s, dollar);
      if (close < 0) throw new Failure({ kind: 'invalid' });
      out += braced(s.slice(dollar + 2, close), lookup, uses, unset, depth);
      i = close + 1;
    } else {
      out += '$';
      i = dollar + 1;
    }
    if (out.length > MAX_INTERPOLATED_LENGTH) throw new Failure({ kind: 'limit', what: 'length' });
  }
  return out;
}

/** The `}` closing the `${` at `start`, counting nested `${`; -1 when there is none. */
function closingBrace(s: string, start: number): number {
  let open = 0;
  for (let i = start; i < s.length; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    } else if (s[i] === '$' && s[i + 1] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

function braced(inner: string, lookup: Lookup, uses: VarUse[], unset: string[], depth: number): string {
  const m = NAME.exec(inner);
  if (!m) throw new Failure({ kind: 'invalid' });
  const name = m[0];
  const rest = inner.slice(name.length);
  if (rest === '') {
    const b = lookup(name);
    uses.push({ name, ...(b ? { binding: b } : {}) });
    if (!b) unset.push(name);
    return b?.value ?? '';
  }
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) throw new Failure({ kind: 'invalid' });
  // The operand is substituted only on the branch that uses it, as compose-go does: an unused
  // default neither fails nor warns. A `:?` message is file text: only whether there is one is kept.
  const operand = () => substitute(rest.slice(op.length), lookup, uses, unset, depth + 1);
  const b = lookup(name);
  uses.push({ name, ...(b ? { binding: b } : {}) });
  const set = b !== undefined;
  const nonEmpty = set && b.value !== '';
  switch (op) {
    case ':?':
    case '?':
      if (op === ':?' ? !nonEmpty : !set) throw new Failure({ kind: 'required', name, hasMessage: rest.length > op.length });
      return b!.value;
    case ':-':
      return nonEmpty ? b!.value : operand();
    case '-':
      return set ? b.value : operand();
    case ':+':
      return nonEmpty ? operand() : (b?.value ?? '');
    case '+':
      return set ? operand() : '';
  }
}
