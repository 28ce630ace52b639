import type { Node } from 'web-tree-sitter';
import { type DestructuredRead, field, named, operator, type Spec, unquote } from './spec.js';

const PROCESS_ENV = new Set(['process.env', 'import.meta.env']);

/** JavaScript, TypeScript and TSX: `process.env.A`, `import.meta.env['A']`, `||`, `??` and destructuring. */
export const javascript: Spec = {
  mentionsEnv: /process\.env|import\.meta\.env/,
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
  destructured,
};

/** `const { A = 'x', B: b } = process.env`: one read per property, bound to its own variable. */
function destructured(n: Node): DestructuredRead[] | undefined {
  if (n.type !== 'variable_declarator' || field(n, 'name')?.type !== 'object_pattern' || !PROCESS_ENV.has(field(n, 'value')?.text ?? '')) return undefined;
  const receiver = field(n, 'value')!.text;
  const reads: DestructuredRead[] = [];
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
    reads.push({ name, receiver, at: prop, target: target ?? name, ...(def ? { default: def } : {}) });
  }
  return reads;
}
