import type { Node, Tree } from 'web-tree-sitter';
import { parseSecretRef } from '../providers/reference.js';
import { SPECS } from './languages/index.js';
import { field, named, type Scope, type Spec } from './languages/spec.js';
import type { CodeChain, CodeLink, Language } from './types.js';

/**
 * Every maximal fallback chain in a parsed file. The walk is the same for every language; what a
 * fallback, an environment read or a literal looks like is asked of the language's Spec.
 */
export function extractChains(tree: Tree, file: string, language: Language): CodeChain[] {
  const spec = SPECS[language];
  const scope: Scope = spec.scope?.(tree.rootNode) ?? { dictNames: new Set() };
  const consumed = new Set<number>();
  const chains: CodeChain[] = [];

  const linearize = (raw: Node): CodeLink[] => {
    const n = unwrap(raw);
    consumed.add(raw.id);
    consumed.add(n.id);
    const ops = spec.fallback(n);
    if (ops) return ops.flatMap((o) => (o ? linearize(o) : []));
    const read = spec.envRead(n, scope);
    if (read) {
      markAll(n, consumed);
      return [{ kind: 'var', name: read.name, line: line(n), ...(read.receiver ? { receiver: read.receiver } : {}) }, ...read.defaults.flatMap(linearize)];
    }
    const lit = spec.literal(n);
    if (lit !== undefined) return [parseSecretRef(lit) ? { kind: 'ref', ref: lit, line: line(n) } : { kind: 'literal', value: lit, line: line(n) }];
    return [];
  };

  const visit = (n: Node) => {
    if (!consumed.has(n.id) && (spec.fallback(n) || spec.envRead(n, scope))) {
      const links = linearize(n);
      if (spec.followingLinks) links.push(...spec.followingLinks(n, linearize));
      if (links.some((l) => l.kind === 'var')) {
        chains.push({ file, line: line(n), language, ...context(n, spec), links });
      }
    }
    for (const c of named(n)) visit(c);
  };
  visit(tree.rootNode);

  // Destructuring after the main walk, the order chains have always been found in: a default that
  // is itself a chain (`{ A = process.env.B ?? 'x' }`) counts as its own chain too.
  const destructured = spec.destructured;
  if (destructured) {
    const walk = (n: Node) => {
      const reads = destructured(n);
      if (reads) {
        for (const r of reads) {
          const links: CodeLink[] = [{ kind: 'var', name: r.name, line: line(r.at), receiver: r.receiver }, ...(r.default ? linearize(r.default) : [])];
          chains.push({ file, line: line(r.at), language, ...context(n, spec), target: r.target, links });
        }
        markAll(n, consumed);
      }
      for (const c of named(n)) walk(c);
    };
    walk(tree.rootNode);
  }
  return chains.sort((a, b) => a.line - b.line);
}

function unwrap(n: Node): Node {
  let cur = n;
  while ((cur.type === 'parenthesized_expression' || cur.type === 'parenthesized_statements') && named(cur).length === 1) cur = named(cur)[0]!;
  return cur;
}

function markAll(n: Node, set: Set<number>): void {
  set.add(n.id);
  for (const c of named(n)) markAll(c, set);
}

function line(n: Node): number {
  return n.startPosition.row + 1;
}

/** The enclosing function, and the variable the chain is assigned to; node types of every grammar. */
function context(n: Node, spec: Spec): { function?: string; target?: string } {
  let fn: string | undefined;
  for (let p = n.parent; p && !fn; p = p.parent) fn = spec.functionName(p);
  let target: string | undefined;
  let p = n.parent;
  while (p && (p.type === 'parenthesized_expression' || p.type === 'expression_list')) p = p.parent;
  if (p && /assignment|variable_declarator|short_var_declaration/.test(p.type)) {
    const left = field(p, 'left') ?? field(p, 'name');
    if (left && /identifier|attribute|expression_list|member_expression/.test(left.type)) target = left.text.split(',')[0]!.trim();
  }
  return { ...(fn ? { function: fn } : {}), ...(target ? { target } : {}) };
}
