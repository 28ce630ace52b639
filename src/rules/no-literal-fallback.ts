import type { ChainLink } from '../model.js';
import { defineRule, ref } from './define.js';
import { isSecretSetting, observe, resolutions, settingsInScope, type RuleContext } from './types.js';

/** In the guarded environments, no chain resolves to, or can fall through to, a hard-coded literal. */
export default defineRule({
  meta: {
    id: 'no-literal-fallback',
    description: 'In the guarded environments, no chain resolves to or can fall through to a hard-coded literal.',
    severity: 'error',
    options: {
      description: 'Options of the no-literal-fallback rule: in guarded environments no chain resolves to, or can fall through to, a hard-coded literal.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
        secretsOnly: { type: 'boolean', description: 'Without settings: check only secret settings (default true).', default: true },
      },
    },
    messages: {
      resolvedToLiteral: '{{service}} resolves {{setting}} to a hard-coded literal (link {{link}} of {{chainLength}}) in {{environment}}',
      canFallThrough: '{{service}} can fall back to a hard-coded literal for {{setting}} (link {{link}} of {{chainLength}}) when none of {{before}} is set',
    },
    docs: {
      what: `In the guarded environments (the rule's \`environments\`), no chain resolves to a hard-coded literal, and no chain can fall through to one when the variables before it are missing. By default only secret settings are checked.`,
      why: `A literal fallback (\`os.getenv("JWT_SECRET", "dev-secret")\`) turns a missing variable into a running service with a secret everyone who reads the code knows, instead of a service that refuses to start.`,
      failing: {
        'concord.yaml': `version: 1
environments: [staging]
services:
  e2e:
    env: [e2e/.env]
    settings:
      jwt_secret: [JWT_SECRET, { literal: dev-secret }]   # link 2 is a literal
rules:
  - rule: no-literal-fallback
    settings: [jwt_secret]
`,
        'e2e/.env': 'LOG_LEVEL=info\n',
      },
      passing: {
        'concord.yaml': `version: 1
environments: [staging]
services:
  e2e:
    env: [e2e/.env]
    settings:
      jwt_secret: [JWT_SECRET]   # unset: reported by required, not replaced by a literal
rules:
  - rule: no-literal-fallback
    settings: [jwt_secret]
`,
        'e2e/.env': 'JWT_SECRET=q8Yb3Jc1Lz7Rt0Wm5Xn2Pv4Ks9Hd6FaE1\n',
      },
      fix: `Remove the literal from the chain (in the manifest or in the code it mirrors) and make the variable required; keep defaults for development in a file only development loads.`,
    },
  },
  check(ctx) {
    for (const setting of settingsInScope(ctx, (s) => inScope(ctx, s))) {
      for (const r of resolutions(ctx, setting)) {
        const first = r.literalLinks[0];
        if (first === undefined) continue;
        const chainLength = r.chain.length;
        if (r.linkIndex !== null && r.chain[r.linkIndex]!.kind === 'literal') {
          ctx.report({
            messageId: 'resolvedToLiteral',
            setting,
            data: { service: r.service, setting, link: r.linkIndex + 1, chainLength, environment: ctx.environment },
            observations: [observe(r)],
          });
        } else if (r.linkIndex !== null && r.linkIndex < first) {
          const literal = r.chain[first] as Extract<ChainLink, { kind: 'literal' }>;
          ctx.report({
            messageId: 'canFallThrough',
            setting,
            data: { service: r.service, setting, link: first + 1, chainLength, before: r.chain.slice(0, first).map(linkName).join(', ') },
            observations: [
              observe(r, {
                value: literal.value,
                ...ctx.fingerprint(literal.value),
                link: first + 1,
                via: 'literal',
                source: { kind: 'literal', file: literal.file ?? r.declaredAt?.file, line: literal.line },
                note: `resolves today through link ${r.linkIndex + 1}`,
              }),
            ],
          });
        }
      }
    }
  },
});

function inScope(ctx: RuleContext<{ secretsOnly?: boolean }>, setting: string): boolean {
  return ctx.options.secretsOnly === false || isSecretSetting(ctx as RuleContext<unknown>, setting);
}

function linkName(l: ChainLink): string {
  return l.kind === 'var' || l.kind === 'setting' ? l.name : l.kind === 'ref' ? l.ref : 'a literal';
}
