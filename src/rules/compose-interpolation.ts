import type { ComposeIssue } from '../model.js';
import { mayHoldSecret } from '../resolve/secret-names.js';
import { defineRule } from './define.js';
import { servicesInScope, type Observation } from './types.js';

/**
 * What docker compose itself would say about interpolation in a service's compose project:
 * a `${VAR:?}`/`${VAR?}` whose variable is missing, or a malformed `${…}`, makes compose refuse
 * to start (error, one per place); a plain `${VAR}` set nowhere becomes an empty string with a
 * warning, which is how a port or a password silently goes blank (one per variable, every place
 * it is used listed, as compose warns once per variable).
 */
export default defineRule({
  meta: {
    id: 'compose-interpolation',
    description:
      'docker compose would start every compose service: required variables (${VAR:?}) are set and ${…} is well formed; a variable interpolated but set nowhere is a warning.',
    severity: 'error',
    options: {
      description: 'Options of the compose-interpolation rule: docker compose would start every compose service, with no variable blank by accident.',
      properties: {},
    },
    runsUnlisted: true,
    messages: {
      requiredMissing: 'docker compose refuses to start {{services}}: the required variable {{name}} is set neither in the environment nor in the project .env',
      invalid: 'docker compose refuses to start {{services}}: a "${" here is not a valid interpolation (write "$$" for a literal "$")',
      missingEnvFile:
        'the env_file {{name}} of {{services}} does not exist here; docker compose will not start them until it does (made from a template at deploy time, or meant to be required: false?)',
      unset: '{{name}} is interpolated for {{services}} but set neither in the environment nor in the project .env: docker compose uses an empty string',
      unsetInSecret:
        'a "$" in the value of {{key}} ({{services}}) is read by docker compose as a variable that is set nowhere, so the value is cut there; write "$$" for a literal "$" (the text after it is not shown: it is part of a secret)',
    },
    docs: {
      what: `docker compose would start every compose service: each required variable (\`\${VAR:?}\`, \`\${VAR?}\`) is set in the environment or the project \`.env\`, and every \`\${…}\` is well formed (errors, one per place). A plain \`\${VAR}\` set nowhere becomes an empty string: a warning, one per variable with every place it is used.`,
      why: `An unset \`\${DB_PASSWORD}\` silently becomes an empty password and an unset \`\${PORT}\` an empty port mapping; compose only prints a warning nobody reads in CI.`,
      failing: {
        'concord.yaml': `version: 1
services:
  db:
    compose: { file: docker-compose.yml, service: db }
rules:
  - rule: compose-interpolation
`,
        'docker-compose.yml': `services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: \${DB_PASSWORD:?set DB_PASSWORD}
`,
        '.env': 'POSTGRES_DB=app\n',
      },
      passing: {
        '.env': `POSTGRES_DB=app
DB_PASSWORD=Zr4Tq9Wv2Xs7Mn1Lb8Kc3Jd6Hf0Gp5Ea
`,
      },
      fix: `Set the variable in the project \`.env\` (or the environment of the deploy), give it an explicit default (\`\${VAR:-value}\`), or write \`$$\` for a literal dollar sign.`,
    },
  },
  check(ctx) {
    const groups = new Map<string, { issue: ComposeIssue; places: Map<string, { service: string; issue: ComposeIssue }> }>();
    for (const s of servicesInScope(ctx)) {
      for (const issue of s.composeIssues ?? []) {
        // What follows a `$` inside a secret's value is part of the secret, not a name to print
        // (a value that is one reference, `${DB_PASSWORD}`, names a variable).
        const inSecret = issue.kind === 'unset' && !issue.whole && issue.key !== undefined && (ctx.isSecretName(issue.key) || mayHoldSecret(issue.key));
        const shown: ComposeIssue = inSecret ? { file: issue.file, ...(issue.line ? { line: issue.line } : {}), kind: 'unset', key: issue.key } : issue;
        const key = inSecret
          ? `secret:${issue.key}`
          : issue.kind === 'unset'
            ? `unset:${issue.name}`
            : `${issue.kind}:${issue.file}:${issue.line}:${issue.name ?? ''}`;
        const group = groups.get(key) ?? { issue: shown, places: new Map() };
        group.places.set(`${s.name}\u0000${issue.file}:${issue.line}`, { service: s.name, issue: shown });
        groups.set(key, group);
      }
    }
    for (const { issue, places } of groups.values()) {
      ctx.cover(issue.name ?? issue.key ?? `${issue.file}:${issue.line ?? ''}`);
      const rows = [...places.values()];
      const observations: Observation[] = rows.map(({ service, issue: at }) => ({
        service,
        secret: false,
        note: at.kind === 'unset' ? 'interpolated, not set' : at.kind === 'missingEnvFile' ? 'env_file missing' : 'compose would not start',
        source: { kind: 'compose', file: at.file, ...(at.line ? { line: at.line } : {}) },
      }));
      const data = { services: [...new Set(rows.map((r) => r.service))].join(', '), name: issue.name ?? '', key: issue.key ?? '' };
      if (issue.kind === 'unset' && issue.name === undefined)
        ctx.report({ messageId: 'unsetInSecret', vars: [issue.key!], data, observations, severity: 'warning' });
      else if (issue.kind === 'unset') ctx.report({ messageId: 'unset', vars: [issue.name!], data, observations, severity: 'warning' });
      else if (issue.kind === 'missingEnvFile') ctx.report({ messageId: 'missingEnvFile', subject: issue.name!, data, observations, severity: 'warning' });
      else
        ctx.report({
          messageId: issue.kind === 'required' ? 'requiredMissing' : 'invalid',
          ...(issue.name ? { vars: [issue.name] } : { subject: `${issue.file}:${issue.line ?? ''}` }),
          data,
          observations,
        });
    }
  },
});
