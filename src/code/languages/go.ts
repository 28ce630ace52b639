import type { Node } from 'web-tree-sitter';
import type { CodeLink } from '../types.js';
import { field, named, type Spec, unquote } from './spec.js';

/** Go: `os.Getenv`, `os.LookupEnv`, `cmp.Or(...)` and the if-empty idiom. */
export const go: Spec = {
  mentionsEnv: /os\.(Getenv|LookupEnv)/,
  fallback(n) {
    if (n.type !== 'call_expression' || field(n, 'function')?.text !== 'cmp.Or') return undefined;
    return named(field(n, 'arguments')!);
  },
  envRead(n) {
    if (n.type !== 'call_expression') return undefined;
    const fn = field(n, 'function')?.text;
    if (fn !== 'os.Getenv' && fn !== 'os.LookupEnv') return undefined;
    const name = unquote(named(field(n, 'arguments')!)[0]);
    return name === undefined ? undefined : { name, receiver: 'os', defaults: [] };
  },
  literal: (n) => unquote(n) ?? (n.type === 'int_literal' || n.type === 'float_literal' || n.type === 'true' || n.type === 'false' ? n.text : undefined),
  functionName: (n) => (n.type === 'function_declaration' || n.type === 'method_declaration' ? field(n, 'name')?.text : undefined),
  followingLinks: ifEmpty,
};

/**
 * Go's if-empty idiom: `v := os.Getenv("A")` followed by `if v == "" { v = … }` blocks, each a
 * further link of the same chain.
 */
function ifEmpty(n: Node, linearize: (n: Node) => CodeLink[]): CodeLink[] {
  let decl = n.parent;
  while (decl && decl.type === 'expression_list') decl = decl.parent;
  if (!decl || !/short_var_declaration|assignment_statement|var_spec/.test(decl.type)) return [];
  const target = (field(decl, 'left') ?? field(decl, 'name'))?.text.split(',')[0]?.trim();
  if (!target) return [];
  const links: CodeLink[] = [];
  for (let s = decl.nextNamedSibling; s && s.type === 'if_statement'; s = s.nextNamedSibling) {
    const cond = field(s, 'condition');
    if (!cond || cond.text.replace(/\s+/g, '') !== `${target}==""`) break;
    const body = field(s, 'consequence');
    const assign = body ? named(body).flatMap((c) => (c.type === 'statement_list' ? named(c) : [c])) : [];
    if (assign.length !== 1 || assign[0]!.type !== 'assignment_statement' || field(assign[0]!, 'left')?.text.trim() !== target) break;
    const right = field(assign[0]!, 'right');
    links.push(...named(right!).flatMap(linearize));
  }
  return links;
}
