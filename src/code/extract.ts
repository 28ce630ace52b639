import type { Node, Tree } from 'web-tree-sitter';
import { parseSecretRef } from '../providers/reference.js';
import type { CodeChain, CodeLink, Language } from './types.js';

/** How one language reads the environment and falls back. */
interface Spec {
  /** the operands of a fallback operator (`a or b`, `a || b`, `a ?? b`, `cmp.Or(a, b)`), else undefined */
  fallback(n: Node): Node[] | undefined;
  /** an environment read: the variable, the receiver it was read from, and its inline defaults */
  envRead(n: Node, scope: Scope): { name: string; receiver?: string; defaults: Node[] } | undefined;
  literal(n: Node): string | undefined;
  functionName(n: Node): string | undefined;
}

interface Scope {
  /** names bound to a dict/object literal in the file: `env = {...}` in a test is not the environment */
  dictNames: Set<string>;
}

const ENV_LIKE = /^(env|environ|environment|config|settings|cfg|conf|os_env)$/i;

const unquote = (n: Node | null | undefined): string | undefined => {
  if (!n) return undefined;
  if (n.type === 'string' || n.type === 'interpreted_string_literal' || n.type === 'raw_string_literal' || n.type === 'template_string') {
    // Strings with interpolation are not literals.
    if (n.namedChildren.some((c) => c && /interpolation|substitution|escape_sequence_x/.test(c.type))) return undefined;
    const t = n.text;
    if (n.type === 'string' && /^[rbuRBU]*("""|''')/.test(t)) return t.replace(/^[rbuRBU]*("""|''')/, '').slice(0, -3);
    return t.replace(/^[rbuRBUf]*(["'`])/, '').replace(/["'`]$/, '');
  }
  return undefined;
};

const named = (n: Node) => n.namedChildren.filter((c): c is Node => c !== null);
const field = (n: Node, f: string) => n.childForFieldName(f) ?? undefined;
const operator = (n: Node) => n.children.find((c) => c !== null && !c.isNamed)?.type;

const python: Spec = {
  fallback: (n) => (n.type === 'boolean_operator' && operator(n) === 'or' ? [field(n, 'left')!, field(n, 'right')!] : undefined),
  envRead(n, scope) {
    if (n.type === 'call') {
      const fn = field(n, 'function');
      const args = named(field(n, 'arguments') ?? n).filter((a) => a.type !== 'comment');
      const name = unquote(args[0]);
      if (!fn || name === undefined) return undefined;
      // os.getenv("A", "d"), getenv("A")
      if (fn.text === 'os.getenv' || fn.text === 'getenv' || fn.text === 'os.environ.get' || fn.text === 'environ.get') return { name, receiver: fn.text.replace(/\.get(env)?$/, '') || 'os', defaults: args.slice(1, 2) };
      // <env-like>.get("A", default)
      if (fn.type === 'attribute' && field(fn, 'attribute')?.text === 'get') {
        const receiver = field(fn, 'object')!;
        if (envLikeReceiver(receiver, scope)) return { name, receiver: receiver.text, defaults: args.slice(1, 2) };
      }
      return undefined;
    }
    if (n.type === 'subscript') {
      const receiver = field(n, 'value');
      const name = unquote(field(n, 'subscript'));
      if (receiver && name !== undefined && (receiver.text === 'os.environ' || receiver.text === 'environ' || envLikeReceiver(receiver, scope))) return { name, receiver: receiver.text, defaults: [] };
    }
    return undefined;
  },
  literal: (n) => unquote(n) ?? (n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' ? n.text : undefined),
  functionName: (n) => (n.type === 'function_definition' ? field(n, 'name')?.text : undefined),
};

function envLikeReceiver(receiver: Node, scope: Scope): boolean {
  const last = receiver.type === 'attribute' ? field(receiver, 'attribute')?.text : receiver.type === 'identifier' ? receiver.text : undefined;
  if (!last || !ENV_LIKE.test(last)) return false;
  return !(receiver.type === 'identifier' && scope.dictNames.has(receiver.text));
}

const PROCESS_ENV = new Set(['process.env', 'import.meta.env']);
const javascript: Spec = {
  fallback: (n) => (n.type === 'binary_expression' && ['||', '??'].includes(operator(n) ?? '') ? [field(n, 'left')!, field(n, 'right')!] : undefined),
  envRead(n) {
    if (n.type === 'member_expression') {
      const obj = field(n, 'object');
      const prop = field(n, 'property');
      if (obj && prop && PROCESS_ENV.has(obj.text) && prop.type === 'property_identifier') return { name: prop.text, receiver: obj.text, defaults: [] };
    }
    if (n.type === 'subscript_expression') {
      const obj = field(n, 'object');
      const name = unquote(field(n, 'index'));
      if (obj && name !== undefined && PROCESS_ENV.has(obj.text)) return { name, receiver: obj.text, defaults: [] };
    }
    return undefined;
  },
  literal: (n) => unquote(n) ?? (n.type === 'number' || n.type === 'true' || n.type === 'false' ? n.text : undefined),
  functionName(n) {
    if (n.type === 'function_declaration' || n.type === 'method_definition' || n.type === 'generator_function_declaration') return field(n, 'name')?.text;
    if ((n.type === 'arrow_function' || n.type === 'function_expression') && n.parent?.type === 'variable_declarator') return field(n.parent, 'name')?.text;
    return undefined;
  },
};

const go: Spec = {
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
};

const ruby: Spec = {
  fallback: (n) => (n.type === 'binary' && ['||', 'or'].includes(operator(n) ?? '') ? [field(n, 'left')!, field(n, 'right')!] : undefined),
  envRead(n) {
    if (n.type === 'element_reference' && field(n, 'object')?.text === 'ENV') {
      const name = unquote(named(n)[1]);
      return name === undefined ? undefined : { name, receiver: 'ENV', defaults: [] };
    }
    if (n.type === 'call' && field(n, 'receiver')?.text === 'ENV' && field(n, 'method')?.text === 'fetch') {
      const args = named(field(n, 'arguments') ?? n);
      const name = unquote(args[0]);
      if (name === undefined) return undefined;
      const block = field(n, 'block');
      const body = block ? named(block).find((c) => c.type === 'block_body' || c.type === 'body_statement') : undefined;
      const fromBlock = body && named(body).length === 1 ? [named(body)[0]!] : [];
      return { name, receiver: 'ENV', defaults: [...args.slice(1, 2), ...fromBlock] };
    }
    return undefined;
  },
  literal: (n) => {
    if (n.type === 'string') return named(n).some((c) => c.type === 'interpolation') ? undefined : named(n).map((c) => c.text).join('');
    return n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' ? n.text : undefined;
  },
  functionName: (n) => (n.type === 'method' || n.type === 'singleton_method' ? field(n, 'name')?.text : undefined),
};

const SPECS: Record<Language, Spec> = { python, typescript: javascript, tsx: javascript, javascript, go, ruby };

/** Every maximal fallback chain in a parsed file. */
export function extractChains(tree: Tree, file: string, language: Language): CodeChain[] {
  const spec = SPECS[language];
  const scope: Scope = { dictNames: new Set() };
  collectDictNames(tree.rootNode, scope, language);
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
      if (language === 'go') links.push(...goIfEmpty(n, linearize));
      if (links.some((l) => l.kind === 'var')) {
        chains.push({ file, line: line(n), language, ...context(n, spec), links });
      }
    }
    for (const c of named(n)) visit(c);
  };
  visit(tree.rootNode);
  if (language !== 'go') chains.push(...destructured(tree.rootNode, file, language, spec, linearize, consumed));
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

/** `const { A = 'x', B } = process.env`: one chain per property read. */
function destructured(root: Node, file: string, language: Language, spec: Spec, linearize: (n: Node) => CodeLink[], consumed: Set<number>): CodeChain[] {
  const out: CodeChain[] = [];
  const walk = (n: Node) => {
    if (n.type === 'variable_declarator' && field(n, 'name')?.type === 'object_pattern' && PROCESS_ENV.has(field(n, 'value')?.text ?? '')) {
      const receiver = field(n, 'value')!.text;
      for (const prop of named(field(n, 'name')!)) {
        let name: string | undefined;
        let def: Node | undefined;
        let target: string | undefined;
        if (prop.type === 'shorthand_property_identifier_pattern') name = prop.text;
        else if (prop.type === 'object_assignment_pattern') {
          name = field(prop, 'left')?.text;
          def = field(prop, 'right');
        } else if (prop.type === 'pair_pattern') {
          name = field(prop, 'key')?.text;
          const value = field(prop, 'value');
          if (value?.type === 'assignment_pattern') {
            target = field(value, 'left')?.text;
            def = field(value, 'right');
          } else target = value?.text;
        }
        if (!name) continue;
        const links: CodeLink[] = [{ kind: 'var', name, line: line(prop), receiver }, ...(def ? linearize(def) : [])];
        out.push({ file, line: line(prop), language, ...context(n, spec), target: target ?? name, links });
      }
      markAll(n, consumed);
    }
    for (const c of named(n)) walk(c);
  };
  walk(root);
  return out;
}

/**
 * Go's if-empty idiom: `v := os.Getenv("A")` followed by `if v == "" { v = … }` blocks, each a
 * further link of the same chain.
 */
function goIfEmpty(n: Node, linearize: (n: Node) => CodeLink[]): CodeLink[] {
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

function collectDictNames(root: Node, scope: Scope, language: Language): void {
  if (language !== 'python') return;
  const walk = (n: Node) => {
    if (n.type === 'assignment' && field(n, 'left')?.type === 'identifier' && /^(dictionary|dictionary_comprehension|call)$/.test(field(n, 'right')?.type ?? '')) {
      const right = field(n, 'right')!;
      if (right.type !== 'call' || /^dict$/.test(field(right, 'function')?.text ?? '')) scope.dictNames.add(field(n, 'left')!.text);
    }
    for (const c of named(n)) walk(c);
  };
  walk(root);
}
