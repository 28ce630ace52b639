import type { Node } from 'yaml';
import { parsePort } from '../ports.js';
import { isMap, mapEntries, mapGet, scalarString, seqItems } from '../yaml-doc.js';
import type { K8sObject, ObjectIndex } from './objects.js';

/** Kubernetes kinds that run containers. */
export const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

export interface ContainerPort {
  port: number;
  name?: string;
  node: Node;
}

export interface PodContainer {
  name: string;
  node: Node;
  /** an init container (sidecars are init containers with `restartPolicy: Always`) */
  init: boolean;
  ports: ContainerPort[];
}

/** A workload and what its pods run. */
export interface Workload {
  o: K8sObject;
  /** `deployment/api`: how the manifest's `workload:` names it */
  id: string;
  /** the pod template's labels, which Services select on */
  labels: Map<string, string>;
  containers: PodContainer[];
}

/** The pod template of a workload: a Pod is its own, a CronJob's is two levels down. */
function podTemplate(o: K8sObject): { spec: unknown; meta: unknown } {
  const { doc, node } = o;
  if (o.kind === 'Pod') return { spec: mapGet(doc, node, 'spec'), meta: mapGet(doc, node, 'metadata') };
  let spec = mapGet(doc, node, 'spec');
  if (o.kind === 'CronJob') spec = mapGet(doc, mapGet(doc, spec, 'jobTemplate'), 'spec');
  const template = mapGet(doc, spec, 'template');
  return { spec: mapGet(doc, template, 'spec'), meta: mapGet(doc, template, 'metadata') };
}

export function workloadsOf(index: ObjectIndex): Workload[] {
  const out: Workload[] = [];
  for (const o of index.all) {
    if (!WORKLOADS.has(o.kind)) continue;
    const { doc } = o;
    const { spec, meta } = podTemplate(o);
    const labels = new Map<string, string>();
    for (const e of mapEntries(doc, mapGet(doc, meta, 'labels'))) labels.set(e.key, scalarString(doc, e.value) ?? '');
    const containers: PodContainer[] = [];
    for (const [field, init] of [
      ['initContainers', true],
      ['containers', false],
    ] as const) {
      for (const c of seqItems(doc, mapGet(doc, spec, field))) {
        const name = scalarString(doc, mapGet(doc, c, 'name'));
        if (!isMap(c) || !name) continue;
        const ports: ContainerPort[] = [];
        for (const p of seqItems(doc, mapGet(doc, c, 'ports'))) {
          const port = parsePort(scalarString(doc, mapGet(doc, p, 'containerPort')) ?? '');
          if (port !== undefined) ports.push({ port, name: scalarString(doc, mapGet(doc, p, 'name')) || undefined, node: p });
        }
        containers.push({ name, node: c, init, ports });
      }
    }
    out.push({ o, id: `${o.kind.toLowerCase()}/${o.name}`, labels, containers });
  }
  return out;
}

/** A port by number or by the name a container of the workload gives it. */
export function namedPort(w: Workload, raw: string): { port: number; container: string } | undefined {
  const n = parsePort(raw);
  for (const c of w.containers) {
    for (const p of c.ports) if ((n !== undefined && p.port === n) || (n === undefined && p.name === raw)) return { port: p.port, container: c.name };
  }
  return undefined;
}

/** Ports in the container's probes; a named probe port is looked up in the container's own ports. */
export function probePorts(w: Workload, c: PodContainer): { port: number; via: string; node: Node }[] {
  const { doc } = w.o;
  const out: { port: number; via: string; node: Node }[] = [];
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    for (const action of ['httpGet', 'tcpSocket', 'grpc']) {
      const node = mapGet(doc, mapGet(doc, mapGet(doc, c.node, probe), action), 'port');
      const raw = scalarString(doc, node);
      if (raw === undefined || !node) continue;
      const port = parsePort(raw) ?? c.ports.find((p) => p.name === raw)?.port;
      if (port !== undefined) out.push({ port, via: probe, node });
    }
  }
  return out;
}
