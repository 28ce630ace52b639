import type { Node } from 'web-tree-sitter';
import { field, named, operator, type Scope, type Spec, unquote } from './spec.js';

const ENV_LIKE = /^(env|environ|environment|config|settings|cfg|conf|os_env)$/i;

/** Python: `os.getenv`, `os.environ[...]`, `<env-like>.get(...)`, and `or`. */
export const python: Spec = {
  mentionsEnv: /environ|getenv|\benv\b|config|settings/i,
  fallback: (n) => (n.type === 'boolean_operator' && operator(n) === 'or' ? [field(n, 'left')!, field(n, 'right')!] : undefined),
  envRead(n, scope) {
    if (n.type === 'call') {
      const fn = field(n, 'function');
      const args = named(field(n, 'arguments') ?? n).filter((a) => a.type !== 'comment');
      const name = unquote(args[0]);
      if (!fn || name === undefined) return undefined;
      // os.getenv("A", "d"), getenv("A")
      if (fn.text === 'os.getenv' || fn.text === 'getenv' || fn.text === 'os.environ.get' || fn.text === 'environ.get')
        return { name, receiver: fn.text.replace(/\.get(env)?$/, '') || 'os', defaults: args.slice(1, 2) };
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
      if (receiver && name !== undefined && (receiver.text === 'os.environ' || receiver.text === 'environ' || envLikeReceiver(receiver, scope)))
        return { name, receiver: receiver.text, defaults: [] };
    }
    return undefined;
  },
  literal: (n) => unquote(n) ?? (n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' ? n.text : undefined),
  functionName: (n) => (n.type === 'function_definition' ? field(n, 'name')?.text : undefined),
  scope: dictNames,
};

function envLikeReceiver(receiver: Node, scope: Scope): boolean {
  const last = receiver.type === 'attribute' ? field(receiver, 'attribute')?.text : receiver.type === 'identifier' ? receiver.text : undefined;
  if (!last || !ENV_LIKE.test(last)) return false;
  return !(receiver.type === 'identifier' && scope.dictNames.has(receiver.text));
}

/** Names bound to a dict literal or `dict(...)` anywhere in the file: `env = {...}; env.get("A")` is a test double. */
function dictNames(root: Node): Scope {
  const scope: Scope = { dictNames: new Set() };
  const walk = (n: Node) => {
    if (
      n.type === 'assignment' &&
      field(n, 'left')?.type === 'identifier' &&
      /^(dictionary|dictionary_comprehension|call)$/.test(field(n, 'right')?.type ?? '')
    ) {
      const right = field(n, 'right')!;
      if (right.type !== 'call' || /^dict$/.test(field(right, 'function')?.text ?? '')) scope.dictNames.add(field(n, 'left')!.text);
    }
    for (const c of named(n)) walk(c);
  };
  walk(root);
  return scope;
}
