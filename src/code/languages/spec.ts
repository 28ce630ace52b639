import type { Node } from 'web-tree-sitter';
import type { CodeLink } from '../types.js';

/** An environment read: the variable, the receiver it was read from, and its inline defaults. */
export interface EnvRead {
  name: string;
  receiver?: string;
  defaults: Node[];
}

/** One property of a declaration that reads several variables at once (`const { A = 'x', B } = process.env`). */
export interface DestructuredRead {
  name: string;
  receiver: string;
  /** the property, for its line */
  at: Node;
  /** the variable it is bound to */
  target: string;
  default?: Node;
}

/** What a language knows of one file before the walk: `env = {...}` in a test is not the environment. */
export interface Scope {
  dictNames: Set<string>;
}

/**
 * How one language reads the environment and falls back. The shared walker (../extract.ts) knows
 * nothing of any language: every idiom of one lives in its own module beside this one.
 */
export interface Spec {
  /** the operands of a fallback operator (`a or b`, `a || b`, `a ?? b`, `cmp.Or(a, b)`), else undefined */
  fallback(n: Node): Node[] | undefined;
  envRead(n: Node, scope: Scope): EnvRead | undefined;
  literal(n: Node): string | undefined;
  functionName(n: Node): string | undefined;
  /** a cheap test on the text: a file that never names an environment API is not parsed at all */
  mentionsEnv: RegExp;
  /** what the file binds before any read, for envRead; an empty scope when absent */
  scope?(root: Node): Scope;
  /** links that follow a chain in later statements (Go's `if v == "" { v = … }`) */
  followingLinks?(n: Node, linearize: (n: Node) => CodeLink[]): CodeLink[];
  /** the reads of a destructuring declaration, when `n` is one */
  destructured?(n: Node): DestructuredRead[] | undefined;
}

const STRING_TYPES = new Set(['string', 'interpreted_string_literal', 'raw_string_literal', 'template_string']);

/** The text of a string literal without its quotes; undefined for anything else, or a string with interpolation. */
export function unquote(n: Node | null | undefined): string | undefined {
  if (!n || !STRING_TYPES.has(n.type)) return undefined;
  // Strings with interpolation are not literals.
  if (n.namedChildren.some((c) => c && /interpolation|substitution|escape_sequence_x/.test(c.type))) return undefined;
  const t = n.text;
  if (n.type === 'string' && /^[rbuRBU]*("""|''')/.test(t)) return t.replace(/^[rbuRBU]*("""|''')/, '').slice(0, -3);
  return t.replace(/^[rbuRBUf]*(["'`])/, '').replace(/["'`]$/, '');
}

export const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);
export const field = (n: Node, f: string): Node | undefined => n.childForFieldName(f) ?? undefined;
/** The first anonymous child: the operator of a binary expression. */
export const operator = (n: Node): string | undefined => n.children.find((c) => c !== null && !c.isNamed)?.type;
