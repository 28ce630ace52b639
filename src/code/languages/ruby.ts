import { field, named, operator, type Spec, unquote } from './spec.js';

/** Ruby: `ENV["A"]`, `ENV.fetch("A", d)`, `ENV.fetch("A") { d }`, `||` and `or`. */
export const ruby: Spec = {
  mentionsEnv: /\bENV\b/,
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
    if (n.type === 'string')
      return named(n).some((c) => c.type === 'interpolation')
        ? undefined
        : named(n)
            .map((c) => c.text)
            .join('');
    return n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' ? n.text : undefined;
  },
  functionName: (n) => (n.type === 'method' || n.type === 'singleton_method' ? field(n, 'name')?.text : undefined),
};
