import type { PortClaim, ServiceModel } from '../model.js';
import { parseEndpoint } from '../sources/ports.js';
import { defineRule, observe, resolutions, servicesInScope, settingsInScope, type Observation, type RuleContext } from './types.js';

/**
 * A URL or host:port setting that names a known service uses a port that service listens on, and
 * a service's own port claims (what it binds, compose ports, containerPort, probes) agree.
 */
export default defineRule<{ target?: string }>({
  meta: {
    id: 'port-match',
    messages: {
      noListener: '{{client}} calls {{target}} on port {{port}} ({{setting}}), but {{target}} listens on {{listening}}',
      serviceTarget:
        '{{client}} calls {{host}}:{{port}} ({{setting}}); that Kubernetes Service forwards to port {{targetPort}}, but {{target}} listens on {{listening}}',
      noServicePort: '{{client}} calls {{host}} on port {{port}} ({{setting}}), but that Kubernetes Service only exposes {{exposed}}',
      claimsDisagree: '{{service}} binds {{bound}}, but {{via}} says {{port}}',
    },
  },
  check(ctx) {
    const hosts = new Map<string, { service: ServiceModel; kind: string; servicePorts?: ServiceModel['hostNames'][number]['servicePorts'] }>();
    for (const s of ctx.model.services.values()) {
      for (const h of s.hostNames) if (!hosts.has(h.name.toLowerCase())) hosts.set(h.name.toLowerCase(), { service: s, kind: h.kind, servicePorts: h.servicePorts });
    }
    const targets = new Set<ServiceModel>();
    const explicit = Boolean(ctx.options.setting || ctx.options.settings);

    for (const setting of settingsInScope(ctx)) {
      for (const r of resolutions(ctx, setting)) {
        if (r.linkIndex === null || r.value === undefined) continue;
        const ep = parseEndpoint(r.value);
        if (!ep) continue;
        const host = hosts.get(ep.host.toLowerCase());
        const target = ctx.options.target ? ctx.model.services.get(ctx.options.target) : host?.service;
        if (!target || target.name === r.service) continue;
        if (!explicit && !host) continue;
        targets.add(target);
        const listening = uniquePorts(target.listens);
        const client = observe(r, { note: `calls port ${ep.port}` });
        const base = { client: r.service, target: target.name, port: ep.port, setting, host: ep.host };
        const named = host && host.service === target ? host : undefined;
        if (named?.kind === 'k8s-service' && named.servicePorts) {
          const sp = named.servicePorts.find((p) => p.port === ep.port);
          if (!sp) {
            ctx.report({
              messageId: 'noServicePort',
              setting,
              data: { ...base, exposed: named.servicePorts.map((p) => p.port).join(', ') || 'no port' },
              observations: [client, ...named.servicePorts.map((p) => claimObservation(target, { port: p.port, via: `Service port ${p.port}`, source: p.source }))],
            });
          } else if (sp.targetPort !== undefined && listening.length > 0 && !listening.includes(sp.targetPort)) {
            ctx.report({
              messageId: 'serviceTarget',
              setting,
              data: { ...base, targetPort: sp.targetPort, listening: listening.join(', ') },
              observations: [client, claimObservation(target, { port: sp.targetPort, via: `Service targetPort`, source: sp.source }), ...target.listens.map((c) => claimObservation(target, c))],
            });
          }
          continue;
        }
        if (listening.length === 0 || listening.includes(ep.port)) continue;
        ctx.report({
          messageId: 'noListener',
          setting,
          data: { ...base, listening: listening.join(', ') },
          observations: [client, ...target.listens.map((c) => claimObservation(target, c))],
        });
      }
    }

    // A service's own claims: what it binds (listens:) against what its deployment says.
    const selfCheck = explicit ? [...targets] : servicesInScope(ctx as RuleContext<unknown>);
    for (const s of selfCheck) {
      const bound = s.listens.filter((c) => c.via.startsWith('listens'));
      if (bound.length === 0) continue;
      const boundPorts = uniquePorts(bound);
      for (const claim of s.listens) {
        if (claim.via.startsWith('listens') || boundPorts.includes(claim.port)) continue;
        ctx.report({
          messageId: 'claimsDisagree',
          data: { service: s.name, bound: boundPorts.join(', '), via: claim.via, port: claim.port },
          observations: [...bound.map((c) => claimObservation(s, c)), claimObservation(s, claim)],
        });
      }
    }
  },
});

function uniquePorts(claims: PortClaim[]): number[] {
  return [...new Set(claims.map((c) => c.port))].sort((a, b) => a - b);
}

function claimObservation(s: ServiceModel, c: PortClaim): Observation {
  return { service: s.name, value: String(c.port), secret: false, via: c.via, source: c.source, link: c.link, chainLength: c.chainLength };
}
