import type { Document, Node } from 'yaml';
import type { Provenance } from '../types.js';
import { mapGet, scalarString, seqItems, type YamlFile } from '../yaml-doc.js';

/** Where a node of an object is written: its own file, or (rendered objects) the source it came from. */
export type Locate = (node: unknown) => { file: string; line?: number; object?: string };

/** One Kubernetes object of a manifest file or of a rendered overlay or chart. */
export interface K8sObject {
  doc: Document.Parsed;
  node: Node;
  kind: string;
  apiVersion: string;
  name: string;
  /** `metadata.namespace`, or the namespace the manifest gives objects that name none */
  namespace: string;
  at: Locate;
}

/** Every object of the given files, `kind: List` items included. */
export function objectsOf(files: YamlFile[], namespace = 'default', locate?: (o: Omit<K8sObject, 'at'>) => Locate): K8sObject[] {
  const out: K8sObject[] = [];
  for (const y of files) {
    const own: Locate = (node) => ({ file: y.file, line: y.line(node) });
    for (const doc of y.docs) {
      const push = (node: unknown) => {
        const kind = scalarString(doc, mapGet(doc, node, 'kind'));
        if (!kind) return;
        if (kind === 'List' || kind.endsWith('List')) return seqItems(doc, mapGet(doc, node, 'items')).forEach(push);
        const meta = mapGet(doc, node, 'metadata');
        const o = {
          doc,
          node: node as Node,
          kind,
          apiVersion: scalarString(doc, mapGet(doc, node, 'apiVersion')) ?? '',
          // `generateName: migrate-` (hooks, Jobs): the cluster adds a suffix; the prefix is the name people know.
          name: scalarString(doc, mapGet(doc, meta, 'name')) || (scalarString(doc, mapGet(doc, meta, 'generateName')) ?? '').replace(/-$/, ''),
          namespace: scalarString(doc, mapGet(doc, meta, 'namespace')) || namespace,
        };
        out.push({ ...o, at: locate?.(o) ?? own });
      };
      push(doc.contents);
    }
  }
  return out;
}

/** Objects by `kind/namespace/name`: references (configMapRef, secretKeyRef) resolve within a namespace. */
export class ObjectIndex {
  readonly all: K8sObject[];
  readonly #byKey = new Map<string, K8sObject>();
  readonly #byKind = new Map<string, K8sObject[]>();

  constructor(objects: K8sObject[]) {
    // A later object of the same identity replaces an earlier one, as `kubectl apply` of both would
    // (a folder often holds variants of one Deployment).
    for (const o of objects) this.#byKey.set(`${o.kind}/${o.namespace}/${o.name}`, o);
    this.all = [...this.#byKey.values()];
    for (const o of this.all) {
      const list = this.#byKind.get(o.kind);
      if (list) list.push(o);
      else this.#byKind.set(o.kind, [o]);
    }
  }

  get(kind: string, namespace: string, name: string): K8sObject | undefined {
    return this.#byKey.get(`${kind}/${namespace}/${name}`);
  }

  ofKind(kind: string): K8sObject[] {
    return this.#byKind.get(kind) ?? [];
  }
}

export function provenance(o: K8sObject, node: unknown, kind: Provenance['kind']): Provenance {
  return { kind, ...o.at(node) };
}
