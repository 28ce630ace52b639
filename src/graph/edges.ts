import type { Model, Provenance } from '../model.js';
import { callsOf } from './calls.js';

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
  /** undefined when the client names the host alone (`DB_HOST` without a `DB_PORT`) */
  port?: number;
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
  const edges = new Map<string, ServiceEdge>();
  for (const call of callsOf(model)) {
    const target = options.targets?.get(call.setting) ?? call.host?.service.name;
    if (!target || target === call.client.name || !model.services.has(target)) continue;
    const at = call.portFrom ?? call.resolved;
    const edge: ServiceEdge = {
      client: call.client.name,
      setting: call.setting,
      ...(call.resolved.via ? { via: call.resolved.via } : {}),
      target,
      ...(call.host ? { host: call.address.host } : {}),
      ...(call.address.port !== undefined ? { port: call.address.port } : {}),
      explicitPort: call.address.explicit,
      ...(call.address.scheme ? { scheme: call.address.scheme } : {}),
      secret: call.resolved.secret,
      ...(at.source ? { source: { kind: at.source.kind, file: at.source.file, line: at.source.line } } : {}),
    };
    // A broker list names each broker once; a pair and its URL twin are one edge.
    const key = `${edge.client}\u0000${edge.setting}\u0000${edge.target}\u0000${edge.port ?? ''}`;
    if (!edges.has(key)) edges.set(key, edge);
  }
  const nodes = [...model.services.values()].map((s) => ({ service: s.name, listens: [...new Set(s.listens.map((c) => c.port))].sort((a, b) => a - b) }));
  return {
    nodes,
    edges: [...edges.values()].sort((a, b) => a.client.localeCompare(b.client) || a.target.localeCompare(b.target) || a.setting.localeCompare(b.setting)),
  };
}
