import { chainReading } from '../resolve/from-code.js';
import type { ChainLink } from '../model.js';
import type { CodeLink } from '../code/types.js';
import { defineRule, ref } from './define.js';
import { servicesInScope } from './types.js';

/**
 * A chain declared by hand in the manifest no longer matches the code: the code reads other
 * variables, in another order, or has (or lost) a literal fallback. Both sides are shown.
 */
export default defineRule({
  meta: {
    id: 'chain-drift',
    description: "A chain declared in the manifest matches the chain the service's code really reads.",
    severity: 'error',
    options: {
      description: 'Options of the chain-drift rule: chains declared in the manifest match the code.',
      properties: {
        setting: ref.setting,
      },
    },
    messages: {
      drift: "{{service}}'s {{setting}} is declared as {{declared}} but its code reads {{code}}",
    },
    docs: {
      what: `A chain declared by hand in the manifest (\`settings: { jwt_secret: [JWT_SECRET, JWT_SECRET_KEY] }\`) matches the chain the service's code really reads: the same variables in the same order, with or without a literal fallback. Needs the service's \`code\` globs.`,
      why: `A manifest that describes last year's code checks the wrong variables: concord says consistent while the service reads something else.`,
      failing: {
        'concord.yaml': `version: 1
services:
  worker:
    root: worker
    env: [.env]
    code: ["src/*.ts"]
    settings: { jwt_secret: [JWT_SECRET] }
rules:
  - rule: chain-drift
`,
        'worker/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
        'worker/src/config.ts': 'export const jwtSecret = process.env.JWT_SECRET_KEY ?? process.env.JWT_SECRET;\n',
      },
      passing: {
        'concord.yaml': `version: 1
services:
  worker:
    root: worker
    env: [.env]
    code: ["src/*.ts"]
    settings: { jwt_secret: [{ from-code: JWT_SECRET }] }   # the chain the code reads, on every run
rules:
  - rule: chain-drift
`,
      },
      fix: `Update the manifest to the chain the code reads (both are shown), or use \`{ from-code: VAR }\` so the chain is read from the code on every run.`,
    },
  },
  check(ctx) {
    for (const svc of servicesInScope(ctx)) {
      if (!svc.codeChains?.length) continue;
      for (const [setting, r] of svc.settings) {
        // Links that came from code (from-code) follow the code by construction.
        if (r.chain.some((l) => 'file' in l && l.file)) continue;
        if (ctx.options.setting && ctx.options.setting !== setting) continue;
        const first = r.chain.find((l) => l.kind === 'var');
        if (first?.kind !== 'var') continue;
        const code = chainReading(svc.codeChains, first.name);
        if (!code) continue;
        ctx.cover(`${svc.name} ${setting}`);
        const declared = r.chain.map(shape).join(' → ');
        const inCode = code.links.map(shape).join(' → ');
        if (declared === inCode) continue;
        ctx.report({
          messageId: 'drift',
          setting,
          data: { service: svc.name, setting, declared, code: inCode },
          observations: [
            {
              service: svc.name,
              secret: false,
              value: declared,
              via: 'declared',
              source: { kind: 'manifest', file: r.declaredAt?.file, line: r.declaredAt?.line },
            },
            {
              service: svc.name,
              secret: false,
              value: inCode,
              via: `${code.function ? `${code.function}()` : 'code'}`,
              source: { kind: 'literal', file: code.file, line: code.line },
            },
          ],
        });
      }
    }
  },
});

/** A link as shown in a drift: names as they are, literals as `literal` (their value may be a secret). */
function shape(l: ChainLink | CodeLink): string {
  return l.kind === 'var'
    ? l.name
    : l.kind === 'ref'
      ? l.ref
      : l.kind === 'literal'
        ? 'literal'
        : l.kind === 'setting' || l.kind === 'from-code'
          ? `{${l.kind}: ${l.name}}`
          : '?';
}
