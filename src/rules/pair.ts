import type { Observation } from './types.js';
import { defineRule } from './define.js';
import { observe, servicesInScope } from './types.js';
import { isSet } from './required.js';

/** Within a service, a group of variables or settings is set all together or not at all. */
export default defineRule({
  meta: {
    id: 'pair',
    description: 'Within a service, a group of variables or settings is set all together or not at all.',
    severity: 'error',
    options: {
      description: 'Options of the pair rule: within a service, a group of variables or settings is set all together or not at all.',
      properties: {
        vars: { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'string', minLength: 1 } },
        settings: { type: 'array', minItems: 2, uniqueItems: true, items: { type: 'string', minLength: 1 } },
      },
      anyOf: [{ required: ['vars'] }, { required: ['settings'] }],
    },
    judgesTogether: true,
    messages: {
      partial: '{{service}} sets {{present}} but not {{missing}}: {{group}} go together',
    },
    docs: {
      what: `Within one service, a group of variables (\`vars\`) or settings (\`settings\`) is set all together or not at all.`,
      why: `A TLS certificate without its key, a client id without its secret, a username without a password: half a pair usually means a silent downgrade (no TLS, anonymous access) rather than an error at start-up.`,
      failing: {
        'concord.yaml': `version: 1
services:
  peer-client:
    env: [peer-client/.env]
rules:
  - rule: pair
    vars: [PEER_TLS_CERT, PEER_TLS_KEY]
`,
        'peer-client/.env': 'PEER_TLS_CERT=/etc/tls/client.crt\n',
      },
      passing: {
        'peer-client/.env': `PEER_TLS_CERT=/etc/tls/client.crt
PEER_TLS_KEY=/etc/tls/client.key
`,
      },
      fix: `Set the missing members in the same file as the ones that are set, or remove the ones that are set.`,
    },
  },
  check(ctx) {
    const { vars, settings } = ctx.options;
    ctx.cover([...(vars ?? []), ...(settings ?? [])].join(' + '));
    for (const s of servicesInScope(ctx)) {
      const present: Observation[] = [];
      const missing: string[] = [];
      for (const v of vars ?? []) {
        if (!isSet(s, v)) {
          missing.push(v);
          continue;
        }
        const list = s.vars.get(v)!;
        const e = list[list.length - 1]!;
        present.push({ service: s.name, value: e.value, secret: ctx.isSecretName(v) || e.fromSecretStore === true, via: v, source: e.source });
      }
      for (const name of settings ?? []) {
        const r = s.settings.get(name);
        if (r && r.linkIndex !== null) present.push(observe(r, { via: `${name} ← ${r.via}` }));
        else missing.push(name);
      }
      if (present.length === 0 || missing.length === 0) continue;
      const group = [...(vars ?? []), ...(settings ?? [])];
      ctx.report({
        messageId: 'partial',
        vars: vars ?? settings,
        data: { service: s.name, present: present.map((p) => p.via!.split(' ')[0]!).join(', '), missing: missing.join(', '), group: group.join(' and ') },
        observations: [...present, ...missing.map((m) => ({ service: s.name, secret: false, via: m, note: 'not set' }))],
      });
    }
  },
});
