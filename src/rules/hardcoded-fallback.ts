import { defineRule } from './define.js';
import { servicesInScope } from './types.js';

/**
 * A secret-like variable read in code with a hard-coded literal default: when the variable is
 * missing, the service silently runs with a secret everyone who can read the code knows. The
 * literal is never shown, only its fingerprint and line.
 */
export default defineRule({
  meta: {
    id: 'hardcoded-fallback',
    description: 'A secret-like variable read in code has no hard-coded literal default (shown by fingerprint and line only).',
    severity: 'error',
    options: {
      description: 'Options of the hardcoded-fallback rule: a secret-like variable read in code never falls back to a literal.',
      properties: {},
    },
    messages: {
      literal: '{{service}} reads {{vars}} in {{file}} and falls back to a hard-coded literal (line {{line}}) in {{environment}}',
    },
    docs: {
      what: `A secret-like variable read in source code (Python, TypeScript/JavaScript, Go, Ruby, read with tree-sitter) has no hard-coded literal default. The literal is shown by fingerprint and line only, never by value.`,
      why: `\`os.environ.get("JWT_SECRET", "dev-secret")\` makes a missing variable invisible: the service runs, with a secret everyone who reads the repository knows.`,
      failing: {
        'concord.yaml': `version: 1
services:
  e2e:
    root: e2e
    code: ["helpers/*.py"]
rules:
  - rule: hardcoded-fallback
`,
        'e2e/helpers/auth.py': `import os

secret = os.environ.get("JWT_SECRET") or "dev-secret"
`,
      },
      passing: {
        'e2e/helpers/auth.py': `import os

secret = os.environ["JWT_SECRET"]  # fails loudly when missing
`,
      },
      fix: `Remove the literal default and read the variable as required; keep development values in a development-only env file.`,
    },
  },
  check(ctx) {
    for (const svc of servicesInScope(ctx)) {
      for (const chain of svc.codeChains ?? []) {
        const vars = chain.links.flatMap((l) => (l.kind === 'var' ? [l.name] : []));
        const secret = vars.some((v) => ctx.isSecretName(v)) || (chain.target !== undefined && ctx.isSecretName(chain.target));
        if (!secret) continue;
        ctx.cover(`${svc.name} ${vars.join(' → ')}`);
        for (const l of chain.links) {
          if (l.kind !== 'literal' || l.value === '') continue;
          ctx.report({
            messageId: 'literal',
            subject: `${svc.name} ${vars.join(' → ')}`,
            vars,
            data: { service: svc.name, vars: vars.join(', '), file: chain.file, line: l.line, environment: ctx.environment },
            observations: [
              {
                service: svc.name,
                secret: true,
                ...ctx.fingerprint(l.value),
                via: `${chain.function ? `${chain.function}(): ` : ''}${vars.join(' → ')} → literal`,
                source: { kind: 'literal', file: chain.file, line: l.line },
              },
            ],
          });
        }
      }
    }
  },
});
