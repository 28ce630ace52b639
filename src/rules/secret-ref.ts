import { defineRule, ref } from './define.js';
import { observe, resolutions, settingsInScope } from './types.js';

/**
 * A reference's `#json-key` fits the secret it reads: the secret is a JSON object with that key.
 * (A secret that cannot be read at all makes the run incomplete instead: exit 3.)
 */
export default defineRule({
  meta: {
    id: 'secret-ref',
    description: "A reference's #json-key fits the secret it reads: a JSON object holding that key.",
    severity: 'error',
    options: {
      description: "Options of the secret-ref rule: a reference's #json-key fits the secret it reads.",
      properties: {
        setting: ref.setting,
        settings: ref.settings,
      },
    },
    runsUnlisted: true,
    messages: {
      notJson: '{{service}} reads the key {{key}} of {{ref}} for {{setting}}, but that secret is not a JSON object',
      keyMissing: '{{service}} reads the key {{key}} of {{ref}} for {{setting}}, but that secret has no such key',
    },
    docs: {
      what: `A secret manager reference with a \`#json-key\` (\`aws-sm://prod/db#password\`) reads a secret that is a JSON object holding that key. Checked online; a secret that cannot be read at all makes the run incomplete (exit 3) instead.`,
      why: `A reference to a key the secret does not have resolves to nothing at run time, and most clients then start with an empty password.`,
      failing: {
        'concord.yaml': `version: 1
services:
  backend:
    env: [backend/.env]
    settings: { db_password: [DB_PASSWORD] }
rules:
  - rule: secret-ref
`,
        'backend/.env': `# the secret prod/db holds {"password": "…"}
DB_PASSWORD=aws-sm://prod/db#pasword
`,
      },
      passing: {
        'backend/.env': 'DB_PASSWORD=aws-sm://prod/db#password\n',
      },
      needs: 'a secret manager holding prod/db (run it online against your own)',
      fix: `Correct the key after \`#\` to one the secret holds, or store the secret as a JSON object with that key.`,
    },
  },
  check(ctx) {
    for (const setting of settingsInScope(ctx)) {
      for (const r of resolutions(ctx, setting)) {
        const p = r.refProblem;
        if (!p?.jsonKey) continue;
        const messageId = p.reason === 'not-json' ? 'notJson' : 'keyMissing';
        ctx.report({
          messageId,
          setting,
          data: { service: r.service, key: p.jsonKey, ref: r.ref ?? '', setting },
          observations: [observe(r, { secret: true, note: p.reason })],
        });
      }
    }
  },
});
