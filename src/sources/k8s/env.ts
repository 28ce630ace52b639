import type { Entry } from '../types.js';
import { mapGet, scalarString, seqItems } from '../yaml-doc.js';
import { expandK8s } from './expand.js';
import { provenance } from './objects.js';
import type { PodContainer, Workload } from './pods.js';
import type { NoteSink, ProblemSink, Store } from './stores.js';
import { kubernetesType } from './yaml11.js';

export type StoreLookup = (kind: 'ConfigMap' | 'Secret', namespace: string, name: string) => Store | undefined;

/**
 * A container's environment as the kubelet builds it: `envFrom` first (with `prefix`), then
 * `env` in order, a later entry replacing an earlier one; `$(VAR)` in an `env` value expands to
 * what the environment holds so far. Entries come lowest precedence first.
 */
export function containerEnv(w: Workload, c: PodContainer, stores: StoreLookup, problem: ProblemSink, note: NoteSink): Entry[] {
  const { doc } = w.o;
  const ns = w.o.namespace;
  const entries: Entry[] = [];
  const current = new Map<string, Entry>();
  const push = (e: Entry) => {
    entries.push(e);
    current.set(e.key, e);
  };
  const missingStore = (kind: string, name: string, node: unknown) =>
    note({ ...w.o.at(node), message: `${w.id} container ${c.name}: ${kind} "${name}" is not among the files read; its keys are not checked` });

  for (const from of seqItems(doc, mapGet(doc, c.node, 'envFrom'))) {
    const prefix = scalarString(doc, mapGet(doc, from, 'prefix')) ?? '';
    for (const [field, kind] of [
      ['configMapRef', 'ConfigMap'],
      ['secretRef', 'Secret'],
    ] as const) {
      const ref = mapGet(doc, from, field);
      const name = scalarString(doc, mapGet(doc, ref, 'name'));
      if (!name) continue;
      const store = stores(kind, ns, name);
      if (!store) {
        if (scalarString(doc, mapGet(doc, ref, 'optional')) !== 'true') missingStore(kind, name, ref);
        continue;
      }
      if (store.remote)
        note({
          ...w.o.at(ref),
          message: `${w.id} container ${c.name}: the keys of Secret "${name}" come from a secret manager (dataFrom); only keys read by name are checked`,
        });
      for (const entry of store.data.values()) push({ ...entry, key: prefix + entry.key });
    }
  }

  for (const e of seqItems(doc, mapGet(doc, c.node, 'env'))) {
    const name = scalarString(doc, mapGet(doc, e, 'name'));
    if (!name) continue;
    const valueNode = mapGet(doc, e, 'value');
    const valueFrom = mapGet(doc, e, 'valueFrom');
    if (valueNode || !valueFrom) {
      const type = kubernetesType(valueNode);
      if (type !== 'string' && type !== 'null') {
        problem({
          messageId: 'notString',
          subject: `${w.id} ${c.name} env ${name}`,
          data: { object: w.id, field: `env ${name}`, type },
          source: provenance(w.o, valueNode, 'k8s'),
          owners: [w.id],
        });
        continue;
      }
      const raw = scalarString(doc, valueNode) ?? '';
      let fromSecret = false;
      const value = expandK8s(raw, (ref) => {
        const hit = current.get(ref);
        if (hit?.fromSecretStore) fromSecret = true;
        return hit?.value;
      });
      push({ key: name, value, source: provenance(w.o, valueNode ?? e, 'k8s'), ...(fromSecret ? { fromSecretStore: true } : {}) });
      continue;
    }
    const entry = fromValueFrom(w, valueFrom, stores, missingStore);
    if (entry) push({ ...entry, key: name });
  }
  return entries;
}

function fromValueFrom(
  w: Workload,
  valueFrom: unknown,
  stores: StoreLookup,
  missingStore: (kind: string, name: string, node: unknown) => void,
): Entry | undefined {
  const { doc } = w.o;
  for (const [field, kind] of [
    ['secretKeyRef', 'Secret'],
    ['configMapKeyRef', 'ConfigMap'],
  ] as const) {
    const ref = mapGet(doc, valueFrom, field);
    if (!ref) continue;
    const storeName = scalarString(doc, mapGet(doc, ref, 'name'));
    const key = scalarString(doc, mapGet(doc, ref, 'key'));
    if (!storeName || !key) return undefined;
    const store = stores(kind, w.o.namespace, storeName);
    if (!store) {
      if (scalarString(doc, mapGet(doc, ref, 'optional')) !== 'true') missingStore(kind, storeName, ref);
      return undefined;
    }
    return store.data.get(key) ?? store.remote?.(key);
  }
  // The downward API: only what is known before the pod exists.
  const fieldPath = scalarString(doc, mapGet(doc, mapGet(doc, valueFrom, 'fieldRef'), 'fieldPath'));
  if (!fieldPath) return undefined;
  const source = provenance(w.o, valueFrom, 'k8s');
  if (fieldPath === 'metadata.namespace') return { key: '', value: w.o.namespace, source };
  const label = /^metadata\.labels\['([^']+)'\]$/.exec(fieldPath);
  if (label && w.labels.has(label[1]!)) return { key: '', value: w.labels.get(label[1]!)!, source };
  return undefined;
}
