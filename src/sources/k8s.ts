import type { Document, Node } from 'yaml';
import type { Entry, HostName, PortClaim, Provenance } from '../model.js';
import { parsePort } from './ports.js';
import { mapEntries, mapGet, scalarString, seqItems, type YamlFile } from './yaml-doc.js';

/** Kubernetes kinds that run containers. */
export const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

interface K8sObject {
  y: YamlFile;
  doc: Document.Parsed;
  node: Node;
  kind: string;
  name: string;
}

interface Store {
  /** key → entry, for one ConfigMap or Secret */
  data: Map<string, Entry>;
}

export interface K8sContainer {
  entries: Entry[];
  ports: PortClaim[];
  hostNames: HostName[];
}

/** Every object in the given manifest files, `List` items included. */
function objects(files: YamlFile[]): K8sObject[] {
  const out: K8sObject[] = [];
  for (const y of files) {
    for (const doc of y.docs) {
      const push = (node: unknown) => {
        const kind = scalarString(doc, mapGet(doc, node, 'kind'));
        if (!kind) return;
        if (kind === 'List') return seqItems(doc, mapGet(doc, node, 'items')).forEach(push);
        const name = scalarString(doc, mapGet(doc, mapGet(doc, node, 'metadata'), 'name')) ?? '';
        out.push({ y, doc, node: node as Node, kind, name });
      };
      push(doc.contents);
    }
  }
  return out;
}

function readStore(o: K8sObject): Store {
  const secret = o.kind === 'Secret';
  const data = new Map<string, Entry>();
  for (const field of ['data', 'stringData']) {
    for (const e of mapEntries(o.doc, mapGet(o.doc, o.node, field))) {
      let value = scalarString(o.doc, e.value) ?? '';
      if (secret && field === 'data') value = Buffer.from(value, 'base64').toString('utf8');
      const source: Provenance = { kind: secret ? 'k8s-secret' : 'k8s-configmap', file: o.y.file, line: o.y.line(e.keyNode) };
      data.set(e.key, { key: e.key, value, source, fromSecretStore: secret || undefined });
    }
  }
  return { data };
}

function podSpec(o: K8sObject): { spec: unknown; labels: unknown } {
  const { doc, node } = o;
  if (o.kind === 'Pod') return { spec: mapGet(doc, node, 'spec'), labels: mapGet(doc, mapGet(doc, node, 'metadata'), 'labels') };
  let template = mapGet(doc, mapGet(doc, node, 'spec'), 'template');
  if (o.kind === 'CronJob') {
    template = mapGet(doc, mapGet(doc, mapGet(doc, mapGet(doc, node, 'spec'), 'jobTemplate'), 'spec'), 'template');
  }
  return { spec: mapGet(doc, template, 'spec'), labels: mapGet(doc, mapGet(doc, template, 'metadata'), 'labels') };
}

/** The container named `container` in the workloads of these files, or undefined. */
export function readK8sContainer(files: YamlFile[], container: string): K8sContainer | undefined {
  const all = objects(files);
  const stores = new Map<string, Store>();
  const storeOf = (kind: string, name: string) => {
    const key = `${kind}/${name}`;
    if (!stores.has(key)) {
      const o = all.find((x) => x.kind === kind && x.name === name);
      stores.set(key, o ? readStore(o) : { data: new Map() });
    }
    return stores.get(key)!;
  };

  for (const o of all) {
    if (!WORKLOADS.has(o.kind)) continue;
    const { doc, y } = o;
    const { spec, labels } = podSpec(o);
    const c = seqItems(doc, mapGet(doc, spec, 'containers')).find((n) => scalarString(doc, mapGet(doc, n, 'name')) === container);
    if (!c) continue;

    const entries: Entry[] = [];
    // envFrom first: `env` takes precedence over it in Kubernetes.
    for (const from of seqItems(doc, mapGet(doc, c, 'envFrom'))) {
      const prefix = scalarString(doc, mapGet(doc, from, 'prefix')) ?? '';
      for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
        const name = scalarString(doc, mapGet(doc, mapGet(doc, from, field), 'name'));
        if (!name) continue;
        for (const entry of storeOf(kind, name).data.values()) entries.push({ ...entry, key: prefix + entry.key });
      }
    }
    for (const e of seqItems(doc, mapGet(doc, c, 'env'))) {
      const name = scalarString(doc, mapGet(doc, e, 'name'));
      if (!name) continue;
      const valueNode = mapGet(doc, e, 'value');
      if (valueNode) {
        entries.push({ key: name, value: scalarString(doc, valueNode) ?? '', source: { kind: 'k8s', file: y.file, line: y.line(valueNode) } });
        continue;
      }
      const valueFrom = mapGet(doc, e, 'valueFrom');
      for (const [field, kind] of [['secretKeyRef', 'Secret'], ['configMapKeyRef', 'ConfigMap']] as const) {
        const ref = mapGet(doc, valueFrom, field);
        const storeName = scalarString(doc, mapGet(doc, ref, 'name'));
        const key = scalarString(doc, mapGet(doc, ref, 'key'));
        const found = storeName && key ? storeOf(kind, storeName).data.get(key) : undefined;
        if (found) entries.push({ ...found, key: name });
      }
    }

    const ports: PortClaim[] = [];
    const named = new Map<string, number>();
    for (const p of seqItems(doc, mapGet(doc, c, 'ports'))) {
      const port = parsePort(scalarString(doc, mapGet(doc, p, 'containerPort')) ?? '');
      if (port === undefined) continue;
      const pname = scalarString(doc, mapGet(doc, p, 'name'));
      if (pname) named.set(pname, port);
      ports.push({ port, via: 'containerPort', source: { kind: 'k8s', file: y.file, line: y.line(p) } });
    }
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const pr = mapGet(doc, c, probe);
      for (const action of ['httpGet', 'tcpSocket', 'grpc']) {
        const portNode = mapGet(doc, mapGet(doc, pr, action), 'port');
        const raw = scalarString(doc, portNode);
        const port = raw === undefined ? undefined : (parsePort(raw) ?? named.get(raw));
        if (port !== undefined) ports.push({ port, via: probe, source: { kind: 'k8s', file: y.file, line: y.line(portNode) } });
      }
    }

    const hostNames: HostName[] = [];
    const podLabels = new Map(mapEntries(doc, labels).map((e) => [e.key, scalarString(doc, e.value)]));
    for (const s of all) {
      if (s.kind !== 'Service') continue;
      const sspec = mapGet(s.doc, s.node, 'spec');
      const selector = mapEntries(s.doc, mapGet(s.doc, sspec, 'selector'));
      if (selector.length === 0 || !selector.every((e) => podLabels.get(e.key) === scalarString(s.doc, e.value))) continue;
      const servicePorts: NonNullable<HostName['servicePorts']> = [];
      for (const p of seqItems(s.doc, mapGet(s.doc, sspec, 'ports'))) {
        const port = parsePort(scalarString(s.doc, mapGet(s.doc, p, 'port')) ?? '');
        if (port === undefined) continue;
        const t = scalarString(s.doc, mapGet(s.doc, p, 'targetPort'));
        const targetPort = t === undefined ? port : (parsePort(t) ?? named.get(t));
        servicePorts.push({ port, targetPort, source: { kind: 'k8s', file: s.y.file, line: s.y.line(p) } });
      }
      const ns = scalarString(s.doc, mapGet(s.doc, mapGet(s.doc, s.node, 'metadata'), 'namespace'));
      const names = [s.name];
      if (ns) names.push(`${s.name}.${ns}`, `${s.name}.${ns}.svc`, `${s.name}.${ns}.svc.cluster.local`);
      for (const name of names) hostNames.push({ name, kind: 'k8s-service', servicePorts });
    }
    return { entries, ports, hostNames };
  }
  return undefined;
}
