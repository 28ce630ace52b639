import type { HostName, Model, Provenance, ServiceModel } from '../model.js';
import { parseEndpoint } from '../sources/ports.js';

/**
 * Who calls whom: from each service's resolved values — URLs, `host:port`, connection strings —
 * to the service their host names. Values are parsed here and never leave: an edge holds the
 * setting, the link's variable, the port and where the value was defined, so it can be shown
 * next to masked reports (a connection string's password stays in the model).
 */

export interface ServiceEdge {
  /** the calling service and the setting holding the address */
  client: string;
  setting: string;
  /** the variable or key the value came from */
  via?: string;
  target: string;
  /** the host as written, when it is a name the model knows (a service, alias, compose or k8s name) */
  host?: string;
  port: number;
  /** the port was written out rather than implied by the scheme */
  explicitPort: boolean;
  scheme?: string;
  /** the value is a secret (a connection string with credentials) */
  secret: boolean;
  source?: Provenance;
}

export interface ServiceGraph {
  /** every service, with the ports it says it listens on */
  nodes: { service: string; listens: number[] }[];
  edges: ServiceEdge[];
}

export interface GraphOptions {
  /** setting → the service it must reach when its host does not name one (port-match's `target`) */
  targets?: ReadonlyMap<string, string>;
}

export function serviceGraph(model: Model, options: GraphOptions = {}): ServiceGraph {
  const hosts = hostIndex(model);
  const edges: ServiceEdge[] = [];
  for (const [setting, list] of model.bySetting) {
    for (const r of list) {
      if (r.linkIndex === null || r.value === undefined) continue;
      const ep = parseEndpoint(r.value);
      if (!ep) continue;
      const client = model.services.get(r.service);
      const named = reachable(hosts.get(ep.host.toLowerCase()), client);
      const target = options.targets?.get(setting) ?? named?.service.name;
      if (!target || target === r.service || !model.services.has(target)) continue;
      edges.push({
        client: r.service,
        setting,
        ...(r.via ? { via: r.via } : {}),
        target,
        ...(named ? { host: ep.host } : {}),
        port: ep.port,
        explicitPort: ep.explicit,
        ...(ep.scheme ? { scheme: ep.scheme } : {}),
        secret: r.secret,
        ...(r.source ? { source: { kind: r.source.kind, file: r.source.file, line: r.source.line } } : {}),
      });
    }
  }
  const nodes = [...model.services.values()].map((s) => ({ service: s.name, listens: [...new Set(s.listens.map((c) => c.port))].sort((a, b) => a - b) }));
  return { nodes, edges: edges.sort((a, b) => a.client.localeCompare(b.client) || a.target.localeCompare(b.target) || a.setting.localeCompare(b.setting)) };
}

interface Host {
  service: ServiceModel;
  name: HostName;
}

function hostIndex(model: Model): Map<string, Host[]> {
  const hosts = new Map<string, Host[]>();
  for (const s of model.services.values()) {
    for (const h of s.hostNames) {
      const list = hosts.get(h.name.toLowerCase()) ?? [];
      if (!list.some((x) => x.service === s)) list.push({ service: s, name: h });
      hosts.set(h.name.toLowerCase(), list);
    }
  }
  return hosts;
}

/** As docker does it: a compose name answers only on a network the client shares (port-match judges the same way). */
function reachable(candidates: Host[] | undefined, client: ServiceModel | undefined): Host | undefined {
  if (!candidates) return undefined;
  const mine = client?.networks;
  const shares = (h: Host) => h.name.networks && mine && h.name.networks.some((n) => mine.includes(n));
  const visible = candidates.filter((h) => !h.name.networks || !mine || shares(h));
  return visible.find(shares) ?? visible[0];
}
