import { closest } from '../../closest.js';
import type { Provenance } from '../types.js';
import { parsePort } from '../ports.js';
import { mapEntries, mapGet, scalarString, seqItems } from '../yaml-doc.js';
import { provenance, type K8sObject, type ObjectIndex } from './objects.js';
import { namedPort, type Workload } from './pods.js';
import type { ProblemSink } from './stores.js';

/** One `ports[]` item of a Service, as it lands on one selected workload. */
export interface RoutedPort {
  port: number;
  /** the container port it forwards to, and whose it is; absent when it lands on none */
  target?: { port: number; container: string };
  source: Provenance;
}

/** How clients reach a workload through one Service. */
export interface Route {
  service: string;
  /** every DNS form of the Service's name */
  names: string[];
  /** undefined for a headless Service: clients reach the pods' own ports */
  ports?: RoutedPort[];
}

export function dnsNames(name: string, namespace: string): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`];
}

/**
 * Which workloads each Service selects (indexed by label, never all pairs), the routes that gives
 * each workload, and what is wrong with a Service by itself: it selects nothing, or its targetPort
 * is a name no selected container declares or a number none binds. ExternalName Services alias
 * the Service they name.
 */
export function routeServices(index: ObjectIndex, workloads: Workload[], problem: ProblemSink): Map<Workload, Route[]> {
  // namespace + label → workloads, and namespace + label key → values (for "did you mean")
  const byLabel = new Map<string, Workload[]>();
  const valuesOf = new Map<string, Set<string>>();
  for (const w of workloads) {
    for (const [k, v] of w.labels) {
      const key = `${w.o.namespace}\u0000${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(w);
      else byLabel.set(key, [w]);
      const vk = `${w.o.namespace}\u0000${k}`;
      valuesOf.set(vk, (valuesOf.get(vk) ?? new Set()).add(v));
    }
  }
  const routes = new Map<Workload, Route[]>();
  const byDns = new Map<string, { selected: Workload[]; route: (w: Workload) => Route }>();
  const externalNames: { s: K8sObject; target: string }[] = [];

  for (const s of index.ofKind('Service')) {
    const { doc } = s;
    const spec = mapGet(doc, s.node, 'spec');
    const nameNode = mapGet(doc, mapGet(doc, s.node, 'metadata'), 'name');
    if (scalarString(doc, mapGet(doc, spec, 'type')) === 'ExternalName') {
      const target = scalarString(doc, mapGet(doc, spec, 'externalName'));
      if (target) externalNames.push({ s, target: target.replace(/\.$/, '').toLowerCase() });
      continue;
    }
    const selector = mapEntries(doc, mapGet(doc, spec, 'selector')).map((e) => `${e.key}=${scalarString(doc, e.value) ?? ''}`);
    // No selector: endpoints are managed by hand, nothing to match.
    if (selector.length === 0) continue;
    const candidates = byLabel.get(`${s.namespace}\u0000${selector[0]}`) ?? [];
    const selected = candidates.filter((w) => selector.every((kv) => w.labels.get(kv.slice(0, kv.indexOf('='))) === kv.slice(kv.indexOf('=') + 1)));
    const subject = `Service/${s.name}`;
    if (selected.length === 0) {
      const near = nearMiss(byLabel, valuesOf, s.namespace, selector);
      const data = { service: s.name, selector: selector.join(', '), ...(near ? { near } : {}) };
      // With no near miss the pods may well be deployed from elsewhere (an operator, another repository): a warning.
      problem({
        messageId: near ? 'selectsNothingNear' : 'selectsNothing',
        subject,
        data,
        source: provenance(s, nameNode, 'k8s'),
        ...(near ? {} : { severity: 'warning' as const }),
      });
      continue;
    }
    const headless = scalarString(doc, mapGet(doc, spec, 'clusterIP')) === 'None';
    const items = seqItems(doc, mapGet(doc, spec, 'ports')).flatMap((p) => {
      const port = parsePort(scalarString(doc, mapGet(doc, p, 'port')) ?? '');
      const targetNode = mapGet(doc, p, 'targetPort');
      return port === undefined ? [] : [{ port, target: scalarString(doc, targetNode), node: p, targetNode }];
    });
    const anyPorts = selected.some((w) => w.containers.some((c) => c.ports.length > 0));
    for (const item of items) {
      const raw = item.target ?? String(item.port);
      const named = parsePort(raw) === undefined;
      // A number is only checked when the containers declare ports at all (declaring them is optional).
      if (selected.some((w) => namedPort(w, raw)) || (!named && !anyPorts)) continue;
      const data = { service: s.name, port: item.port, targetPort: raw, workloads: selected.map((w) => w.id).join(', ') };
      problem({
        messageId: named ? 'targetPortUnnamed' : 'targetPortUnbound',
        subject,
        data,
        source: provenance(s, item.targetNode ?? item.node, 'k8s'),
        owners: selected.map((w) => w.id),
      });
    }
    const route = (w: Workload): Route => ({
      service: s.name,
      names: dnsNames(s.name, s.namespace),
      ports: headless
        ? undefined
        : items.map((item) => {
            const raw = item.target ?? String(item.port);
            // A number no container declares still says where traffic goes: port-match compares it with what the service binds.
            const n = parsePort(raw);
            return {
              port: item.port,
              target: namedPort(w, raw) ?? (n !== undefined ? { port: n, container: '' } : undefined),
              source: provenance(s, item.node, 'k8s'),
            };
          }),
    });
    for (const w of selected) routes.set(w, [...(routes.get(w) ?? []), route(w)]);
    for (const n of dnsNames(s.name, s.namespace)) byDns.set(n.toLowerCase(), { selected, route });
  }

  for (const { s, target } of externalNames) {
    const hit = byDns.get(target);
    if (!hit) continue;
    for (const w of hit.selected) routes.set(w, [...(routes.get(w) ?? []), { ...hit.route(w), service: s.name, names: dnsNames(s.name, s.namespace) }]);
  }
  return routes;
}

/**
 * A workload label the selector nearly matches: a value one typo away (`app=apii` for `app=api`),
 * or a workload matching some of the selector's labels but not all.
 */
function nearMiss(byLabel: Map<string, Workload[]>, valuesOf: Map<string, Set<string>>, ns: string, selector: string[]): string | undefined {
  for (const kv of selector) {
    const eq = kv.indexOf('=');
    const hit = closest(
      kv.slice(eq + 1),
      [...(valuesOf.get(`${ns}\u0000${kv.slice(0, eq)}`) ?? [])].filter((v) => v !== kv.slice(eq + 1)),
    );
    if (hit) return `${kv.slice(0, eq)}=${hit}`;
  }
  const partial = selector.map((kv) => byLabel.get(`${ns}\u0000${kv}`)?.[0]).find((w) => w);
  return partial ? `${partial.id} (matches part of the selector)` : undefined;
}
