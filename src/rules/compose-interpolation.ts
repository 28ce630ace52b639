import type { ComposeIssue } from '../model.js';
import { defineRule, servicesInScope, type Observation } from './types.js';

/**
 * What docker compose itself would say about interpolation in a service's compose project:
 * a `${VAR:?}`/`${VAR?}` whose variable is missing, or a malformed `${…}`, makes compose refuse
 * to start (error); a plain `${VAR}` set nowhere becomes an empty string with a warning, which
 * is how a port or a password silently goes blank.
 */
export default defineRule<Record<string, never>>({
  meta: {
    id: 'compose-interpolation',
    messages: {
      requiredMissing: 'docker compose refuses to start {{services}}: the required variable {{name}} is set neither in the environment nor in the project .env',
      invalid: 'docker compose refuses to start {{services}}: a "${" here is not a valid interpolation (write "$$" for a literal "$")',
      unset: '{{name}} is interpolated for {{services}} but set neither in the environment nor in the project .env: docker compose uses an empty string',
    },
  },
  check(ctx) {
    // One finding per place and variable, naming every service of the project it affects.
    const byPlace = new Map<string, { issue: ComposeIssue; services: string[] }>();
    for (const s of servicesInScope(ctx)) {
      for (const issue of s.composeIssues ?? []) {
        const key = `${issue.file}:${issue.line}:${issue.kind}:${issue.name ?? ''}`;
        const entry = byPlace.get(key);
        if (!entry) byPlace.set(key, { issue, services: [s.name] });
        else if (!entry.services.includes(s.name)) entry.services.push(s.name);
      }
    }
    for (const { issue, services } of byPlace.values()) {
      const subject = issue.name ?? `${issue.file}:${issue.line ?? ''}`;
      ctx.cover(subject);
      const observations: Observation[] = services.map((service) => ({
        service,
        secret: false,
        note: issue.kind === 'unset' ? 'interpolated, not set' : 'compose would not start',
        source: { kind: 'compose', file: issue.file, ...(issue.line ? { line: issue.line } : {}) },
      }));
      const data = { services: services.join(', '), name: issue.name ?? '' };
      if (issue.kind === 'unset') ctx.report({ messageId: 'unset', vars: [issue.name!], data, observations, severity: 'warning' });
      else ctx.report({ messageId: issue.kind === 'required' ? 'requiredMissing' : 'invalid', ...(issue.name ? { vars: [issue.name] } : { subject }), data, observations });
    }
  },
});
