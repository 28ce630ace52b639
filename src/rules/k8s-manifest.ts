import { defineRule, servicesInScope, type RuleContext } from './types.js';

/**
 * What Kubernetes itself would get wrong in the manifests the services are read from, whether or
 * not a setting goes through it: a Service selecting no workload, a targetPort (a name or a
 * number) no selected container has, a value the API server rejects because YAML 1.1 makes it a
 * boolean or a number. A chart or overlay that could not be rendered makes the run incomplete.
 */
export default defineRule({
  meta: {
    id: 'k8s-manifest',
    messages: {
      notString: '{{object}} {{field}} is a {{type}} to Kubernetes (YAML 1.1), where it needs a string: the API server rejects it; quote the value',
      selectsNothing: 'Service {{service}} selects no workload in the files read ({{selector}}); its pods may come from elsewhere',
      selectsNothingNear: 'Service {{service}} selects no workload ({{selector}}); {{near}} is close',
      targetPortUnnamed: 'Service {{service}} port {{port}} forwards to the port named {{targetPort}}, which no container of {{workloads}} declares',
      targetPortUnbound: 'Service {{service}} port {{port}} forwards to port {{targetPort}}, which no container of {{workloads}} binds',
    },
  },
  check(ctx) {
    const inScope = new Set(servicesInScope(ctx as RuleContext<unknown>).map((s) => s.name));
    for (const p of ctx.model.k8sProblems ?? []) {
      const services = p.services.filter((s) => inScope.has(s)).slice(0, p.shared ? 1 : undefined);
      if (services.length === 0) continue;
      ctx.cover(p.subject);
      if (p.messageId === 'notRendered') {
        // Settings read from the chart or overlay were not checked: say which, and do not pass.
        ctx.io.incomplete({ services, reason: 'not-rendered', message: `${p.data.what} ${p.data.path} was not rendered (${p.data.reason}); the settings of ${services.join(', ')} read from it are not checked` });
        continue;
      }
      ctx.report({
        messageId: p.messageId,
        subject: p.subject,
        data: p.data,
        observations: services.map((service) => ({ service, secret: false, source: p.source, via: p.subject })),
        ...(p.severity ? { severity: p.severity } : {}),
      });
    }
  },
});
