import type { ServiceModel } from '../model.js';
import { defineRule, ref } from './define.js';
import { missing, observe, servicesInScope, settingsInScope } from './types.js';

/**
 * Each listed setting resolves in every service that defines it (or every listed service), and
 * each listed variable is set in every service in scope. A missing setting looks like a network
 * failure somewhere else; here it is named where it is missing.
 */
export default defineRule({
  meta: {
    id: 'required',
    description: 'Each listed setting or variable resolves in every service in scope.',
    severity: 'error',
    options: {
      description: 'Options of the required rule: each listed setting or variable resolves in every service in scope.',
      properties: {
        setting: ref.setting,
        settings: ref.settings,
        vars: ref.vars,
      },
      anyOf: [{ required: ['setting'] }, { required: ['settings'] }, { required: ['vars'] }],
    },
    judgesTogether: true,
    messages: {
      missingSetting: '{{service}} does not resolve {{setting}}: none of {{tried}} is set',
      notDefined: '{{service}} does not define the setting {{setting}}',
      missingVar: '{{service}} does not set the variable {{var}}',
    },
    docs: {
      what: `Each listed setting resolves in every service in scope (some link of its chain is set), and each listed variable (\`vars\`) is set in every service in scope.`,
      why: `A missing setting rarely fails where it is missing: the service starts, then a call fails somewhere else. Here it is named in the service that lacks it, pointing at the manifest line that declares it.`,
      failing: {
        'concord.yaml': `version: 1
services:
  worker:
    env: [worker/.env]
    settings: { database_url: [DATABASE_URL, DB_URL] }
rules:
  - rule: required
    settings: [database_url]
`,
        'worker/.env': 'LOG_LEVEL=info\n',
      },
      passing: {
        'worker/.env': `LOG_LEVEL=info
DATABASE_URL=postgres://db:5432/app
`,
      },
      fix: `Set one of the variables the chain tries (the message lists them) in the file the service loads for that environment, or remove the service from the rule's \`services\` when it does not need the setting.`,
    },
  },
  check(ctx) {
    const scope = servicesInScope(ctx);
    if (ctx.options.setting || ctx.options.settings) {
      for (const setting of settingsInScope(ctx)) {
        for (const s of scope) {
          const r = s.settings.get(setting);
          if (!r) {
            if (ctx.options.services) {
              ctx.report({
                messageId: 'notDefined',
                setting,
                data: { service: s.name, setting },
                observations: [missing(s, { via: setting, note: 'not defined' })],
              });
            }
            continue;
          }
          if (r.linkIndex !== null) continue;
          const tried = r.chain.map((l) => (l.kind === 'var' || l.kind === 'setting' ? l.name : l.kind)).join(', ');
          ctx.report({
            messageId: 'missingSetting',
            setting,
            data: { service: s.name, setting, tried },
            observations: [observe(r, { source: r.declaredAt ? { kind: 'manifest', ...r.declaredAt } : undefined })],
          });
        }
      }
    }
    for (const v of ctx.options.vars ?? []) {
      ctx.cover(v);
      for (const s of scope) {
        if (isSet(s, v)) continue;
        ctx.report({ messageId: 'missingVar', vars: [v], data: { service: s.name, var: v }, observations: [missing(s, { via: v, note: 'not set' })] });
      }
    }
  },
});

export function isSet(s: ServiceModel, name: string): boolean {
  const list = s.vars.get(name);
  return list !== undefined && list[list.length - 1]!.value !== '';
}
