import type { PortClaim, ServiceModel } from '../model.js';
import { callsOf, HostIndex, type Call } from '../graph/calls.js';
import { closest } from '../closest.js';
import { defineRule, ref } from './define.js';
import { observe, servicesInScope, settingsInScope, type Observation, type RuleContext } from './types.js';

/**
 * A URL or host:port setting that names a known service uses a port that service listens on, and
 * a service's own port claims (what it binds, compose ports, containerPort, probes) agree.
 */
export default defineRule({
  meta: {
    id: 'port-match',
    description: "A URL or host:port setting naming a known service uses a port that service listens on; a service's own port claims agree.",
    severity: 'error',
    options: {
      description: "Options of the port-match rule: URL and host:port settings hit a port their target listens on; a service's own port claims agree.",
      properties: {
        setting: ref.setting,
        settings: ref.settings,
        target: { type: 'string', minLength: 1, description: 'The service the URL must reach, when its host does not name it.' },
      },
    },
    names: { target: 'service' },
    findsTargetsByHost: true,
    messages: {
      noListener: '{{target}} is called on port {{port}} ({{setting}}) by {{clients}}, but it listens on {{listening}}',
      serviceTarget:
        '{{client}} calls {{host}}:{{port}} ({{setting}}); that Kubernetes Service forwards to port {{targetPort}}, but {{target}} listens on {{listening}}',
      noServicePort: '{{client}} calls {{host}} on port {{port}} ({{setting}}), but that Kubernetes Service only exposes {{exposed}}',
      claimsDisagree: '{{service}} binds {{bound}}, but {{claims}} expect {{port}}',
      unknownHost: '{{client}} calls {{host}} ({{setting}}), which no service answers to; did you mean {{suggestion}}?',
    },
    docs: {
      what: `A URL or \`host:port\` setting whose host names a known service (a compose service, a Kubernetes Service, a manifest alias) uses a port that service listens on; and a service's own port claims (what it binds, compose \`ports\` and healthcheck, \`containerPort\`, probes) agree with each other. Compose host names only count on a docker network the caller shares.`,
      why: `A client calling port 8080 while the server binds 8001 passes every unit test and fails at the first request after the deploy, as a connection refused that looks like a network problem.`,
      failing: {
        'concord.yaml': `version: 1
services:
  auth:
    env: [auth/.env]
    listens: [port]
    settings: { port: [PORT] }
  backend:
    env: [backend/.env]
    settings: { auth_url: [AUTH_URL] }
rules:
  - rule: port-match
    setting: auth_url
`,
        'auth/.env': 'PORT=8001\n',
        'backend/.env': 'AUTH_URL=http://auth:8080/login\n',
      },
      passing: {
        'auth/.env': 'PORT=8080\n',
      },
      fix: `Change the client's URL to the port the target listens on, or the target's binding to the port its clients, compose and Kubernetes expect. When the host does not name the service (an IP, an external name), set \`target\` to say which service it must reach.`,
    },
  },
  check(ctx) {
    const targets = new Set<ServiceModel>();
    const misses = new Map<string, { setting: string; target: ServiceModel; port: number; listening: number[]; clients: Observation[]; certain: boolean }>();
    const explicit = Boolean(ctx.options.setting || ctx.options.settings);
    const inScope = new Set(settingsInScope(ctx));
    const services = ctx.options.services;

    const hosts = new HostIndex(ctx.model);
    // Named settings are checked alone; without them every call is, as the other rules see them.
    const calls = explicit ? callsOf(ctx.model, inScope, hosts) : callsOf(ctx.model);
    if (!explicit || !ctx.options.target) reportUnknownHosts(ctx, calls, hosts);
    for (const call of calls) {
      const port = call.address.port;
      if (port === undefined || (services && !services.includes(call.client.name))) continue;
      const host = call.host;
      const target = ctx.options.target ? ctx.model.services.get(ctx.options.target) : host?.service;
      if (!target || target === call.client) continue;
      if (!explicit && !host) continue;
      targets.add(target);
      const listening = listeningPorts(target);
      // In a `*_HOST` + `*_PORT` pair the port setting is the one to change: the finding points there.
      const at = call.portFrom ?? call.resolved;
      const setting = at.setting;
      const client = observe(at, { note: `calls port ${port}` });
      const base = { client: call.client.name, target: target.name, port, setting, host: call.address.host };
      const named = host && host.service === target ? host : undefined;
      if (named?.kind === 'k8s-service' && named.servicePorts) {
        const sp = named.servicePorts.find((p) => p.port === port);
        if (!sp) {
          ctx.report({
            messageId: 'noServicePort',
            setting,
            data: { ...base, exposed: named.servicePorts.map((p) => p.port).join(', ') || 'no port' },
            observations: [
              client,
              ...named.servicePorts.map((p) => claimObservation(target, { port: p.port, via: `Service port ${p.port}`, source: p.source })),
            ],
          });
        } else if (sp.targetPort !== undefined && listening.length > 0 && !listening.includes(sp.targetPort)) {
          ctx.report({
            messageId: 'serviceTarget',
            setting,
            data: { ...base, targetPort: sp.targetPort, listening: listening.join(', ') },
            observations: [
              client,
              claimObservation(target, { port: sp.targetPort, via: `Service targetPort`, source: sp.source }),
              ...target.listens.map((c) => claimObservation(target, c)),
            ],
          });
        }
        continue;
      }
      // Only what a service binds says which ports answer: declared ports (compose ports,
      // expose, containerPort) are a lower bound, as any port is reachable on a shared network.
      const certainty = listenerCertainty(target);
      if (!certainty || listening.includes(port)) continue;
      // Every client calling the same target on the same wrong port is one finding.
      const key = `${setting}\u0000${target.name}\u0000${port}`;
      const group = misses.get(key);
      if (group) group.clients.push(client);
      else misses.set(key, { setting, target, port, listening, clients: [client], certain: certainty === 'known' });
    }

    for (const m of misses.values()) {
      ctx.report({
        messageId: 'noListener',
        setting: m.setting,
        data: {
          clients: m.clients.map((c) => c.service).join(', '),
          target: m.target.name,
          port: m.port,
          setting: m.setting,
          listening: m.listening.join(', '),
        },
        observations: [...m.clients, ...m.target.listens.map((c) => claimObservation(m.target, c))],
        // A port variable guessed without a manifest is one listener among others the app may open.
        ...(m.certain ? {} : { severity: 'warning' as const }),
      });
    }

    // A service's own claims: what it binds (listens:) against what its deployment says.
    const selfCheck = explicit ? [...targets] : servicesInScope(ctx as RuleContext<unknown>);
    for (const s of selfCheck) {
      ctx.cover(`${s.name} ports`);
      const bound = s.listens.filter((c) => c.bound);
      if (!disagrees(s)) continue;
      const boundPorts = uniquePorts(bound);
      const others = new Map<number, PortClaim[]>();
      for (const claim of s.listens) {
        if (claim.bound || boundPorts.includes(claim.port)) continue;
        others.set(claim.port, [...(others.get(claim.port) ?? []), claim]);
      }
      for (const [port, claims] of others) {
        ctx.report({
          messageId: 'claimsDisagree',
          subject: `${s.name} ports`,
          data: { service: s.name, bound: boundPorts.join(', '), claims: claims.map((c) => c.via).join(', '), port },
          observations: [...bound.map((c) => claimObservation(s, c)), ...claims.map((c) => claimObservation(s, c))],
        });
      }
    }
  },
});

/**
 * The ports a service answers on: every port it binds or declares — a `PORT` variable is one
 * listener among them — except when what it binds is declared nowhere: then its deployment's
 * declarations are stale and only the bound ports answer.
 */
function listeningPorts(s: ServiceModel): number[] {
  return disagrees(s) ? uniquePorts(s.listens.filter((c) => c.bound)) : uniquePorts(s.listens);
}

/** Whether anything says which port the service binds (`listens:`, its own port variable). */
function bindsKnown(s: ServiceModel): boolean {
  return s.listens.some((c) => c.bound);
}

/**
 * How sure we are that a port outside `listeningPorts` gets no answer: `known` when the manifest
 * says what it binds, or when its port variable contradicts every declaration (incident 2);
 * `likely` when only a guessed port variable agrees with the declarations, or only `expose`/
 * `containerPort` say which ports it serves (the app may open more); undefined when nothing says anything.
 */
function listenerCertainty(s: ServiceModel): 'known' | 'likely' | undefined {
  if (s.listens.some((c) => c.bound && !c.inferred) || disagrees(s)) return 'known';
  // Ports declared for peers alone (compose expose, containerPort) are a lower bound: a call
  // outside them is likely wrong, said as a warning. Published ports (`ports:`) say nothing of
  // the listeners peers use (a broker's internal listener is not published).
  return bindsKnown(s) || s.listens.some((c) => c.internal) ? 'likely' : undefined;
}

/** The service binds ports that none of its declarations (ports, expose, probes…) mention. */
function disagrees(s: ServiceModel): boolean {
  const declared = new Set(s.listens.filter((c) => !c.bound).map((c) => c.port));
  return declared.size > 0 && bindsKnown(s) && !s.listens.some((c) => c.bound && declared.has(c.port));
}

function uniquePorts(claims: PortClaim[]): number[] {
  return [...new Set(claims.map((c) => c.port))].sort((a, b) => a - b);
}

function claimObservation(s: ServiceModel, c: PortClaim): Observation {
  return { service: s.name, value: String(c.port), secret: false, via: c.via, source: c.source, link: c.link, chainLength: c.chainLength };
}

/**
 * A host one edit away from a name a service answers to (`dbx` for `db`, `kafkaa` for `kafka`) is
 * a typo: the call goes nowhere. Any other unknown host may be outside the platform (a managed
 * database, a SaaS API) and is not judged.
 */
function reportUnknownHosts(ctx: RuleContext<unknown>, calls: Call[], hosts: HostIndex): void {
  const names = hosts.names();
  const seen = new Set<string>();
  for (const call of calls) {
    const host = call.address.host.toLowerCase();
    if (call.host || !/^[a-z][a-z0-9_-]*$/.test(host) || host === 'localhost' || names.includes(host)) continue;
    if (call.client.outsideHosts?.some((h) => h.toLowerCase() === host)) continue;
    if (ctx.options.services && !ctx.options.services.includes(call.client.name)) continue;
    const suggestion = closest(
      host,
      names.filter((n) => hosts.reach(n, call.client)),
    );
    if (!suggestion) continue;
    const key = `${call.client.name}\u0000${call.setting}\u0000${host}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // `dbx` around `db` and `brokr` for `broker` are surely typos; `api` beside `app` may be a
    // host outside the platform (three letters leave too little to go on), and so may any name
    // a client on an external network calls.
    const sure =
      !call.client.outsideHosts?.includes('*') &&
      (host.includes(suggestion) || suggestion.includes(host) ? Math.abs(host.length - suggestion.length) <= 2 : host.length >= 4);
    ctx.report({
      messageId: 'unknownHost',
      setting: call.setting,
      data: { client: call.client.name, host: call.address.host, setting: call.setting, suggestion },
      observations: [observe(call.resolved, { note: 'no service answers to this host' })],
      ...(sure ? {} : { severity: 'warning' as const }),
    });
  }
}
