import type { Entry } from '../types.js';
import { mapEntries, mapGet, scalarString, seqItems } from '../yaml-doc.js';
import type { K8sObject, ObjectIndex } from './objects.js';
import type { NoteSink, Store } from './stores.js';

/** How a SecretStore names a remote secret as a concord reference; undefined for providers concord cannot read. */
type RefMaker = (key: string, property?: string, version?: string) => string;

/**
 * The Secrets the External Secrets Operator (external-secrets.io v1beta1 and v1) would create:
 * each key is a reference to the remote secret (AWS Secrets Manager, GCP Secret Manager), so
 * the existing providers fetch and fingerprint the value behind it. `data` wins over `dataFrom`,
 * as in the operator.
 */
export function externalSecretStores(index: ObjectIndex, note: NoteSink): Map<string, Store> {
  const out = new Map<string, Store>();
  for (const es of index.ofKind('ExternalSecret')) {
    if (!es.apiVersion.startsWith('external-secrets.io/')) continue;
    const { doc } = es;
    const spec = mapGet(doc, es.node, 'spec');
    const storeRef = mapGet(doc, spec, 'secretStoreRef');
    const storeName = scalarString(doc, mapGet(doc, storeRef, 'name')) ?? '';
    const storeKind = scalarString(doc, mapGet(doc, storeRef, 'kind')) || 'SecretStore';
    const store =
      storeKind === 'ClusterSecretStore' ? index.ofKind(storeKind).find((s) => s.name === storeName) : index.get(storeKind, es.namespace, storeName);
    const target = scalarString(doc, mapGet(doc, mapGet(doc, spec, 'target'), 'name')) || es.name;
    const at = es.at(mapGet(doc, mapGet(doc, es.node, 'metadata'), 'name'));
    if (!store) {
      note({ ...at, message: `ExternalSecret/${es.name}: ${storeKind} "${storeName}" is not among the files read; Secret "${target}" is not checked` });
      continue;
    }
    const make = refMaker(store);
    if (typeof make === 'string') {
      note({
        ...at,
        message: `ExternalSecret/${es.name}: provider ${make} of ${storeKind}/${storeName} is not checked by concord; Secret "${target}" is not checked`,
      });
      continue;
    }
    const data = new Map<string, Entry>();
    const entry = (key: string, ref: string, node: unknown): Entry => ({
      key,
      value: ref,
      fromSecretStore: true,
      source: { kind: 'secret-ref', ...es.at(node), ref },
    });
    const extracts: { key: string; version?: string; node: unknown }[] = [];
    for (const from of seqItems(doc, mapGet(doc, spec, 'dataFrom'))) {
      const extract = mapGet(doc, from, 'extract');
      const key = scalarString(doc, mapGet(doc, extract, 'key'));
      if (key) extracts.push({ key, version: scalarString(doc, mapGet(doc, extract, 'version')) || undefined, node: extract });
      else note({ ...es.at(from), message: `ExternalSecret/${es.name}: only dataFrom.extract is read; other dataFrom entries are not checked` });
    }
    for (const d of seqItems(doc, mapGet(doc, spec, 'data'))) {
      const secretKey = scalarString(doc, mapGet(doc, d, 'secretKey'));
      const remote = mapGet(doc, d, 'remoteRef');
      const key = scalarString(doc, mapGet(doc, remote, 'key'));
      if (!secretKey || !key) continue;
      const prop = scalarString(doc, mapGet(doc, remote, 'property')) || undefined;
      data.set(secretKey, entry(secretKey, make(key, prop, scalarString(doc, mapGet(doc, remote, 'version')) || undefined), d));
    }
    if (mapEntries(doc, mapGet(doc, mapGet(doc, spec, 'target'), 'template')).length > 0) {
      note({ ...at, message: `ExternalSecret/${es.name}: a target template rewrites the values; keys are compared as fetched` });
    }
    // A key read by name from an extracted JSON secret: the last extract wins, as keys merge in order.
    const remote = extracts.length
      ? (key: string) => {
          const x = extracts.at(-1)!;
          return entry(key, make(x.key, key, x.version), x.node);
        }
      : undefined;
    out.set(`${es.namespace}/${target}`, { data, ...(remote ? { remote } : {}) });
  }
  return out;
}

function refMaker(store: K8sObject): RefMaker | string {
  const { doc } = store;
  const provider = mapGet(doc, mapGet(doc, store.node, 'spec'), 'provider');
  const aws = mapGet(doc, provider, 'aws');
  if (aws && (scalarString(doc, mapGet(doc, aws, 'service')) ?? 'SecretsManager') === 'SecretsManager') {
    // The operator reads `uuid/<id>` as a version id, anything else as a version stage.
    return (key, property, version) => {
      const v = version?.startsWith('uuid/') ? `?version-id=${version.slice(5)}` : version ? `?version-stage=${version}` : '';
      return `aws-sm://${key}${property ? `#${property}` : ''}${v}`;
    };
  }
  const gcp = mapGet(doc, provider, 'gcpsm');
  const project = scalarString(doc, mapGet(doc, gcp, 'projectID'));
  if (gcp && project)
    return (key, property, version) => `gcp-sm://projects/${project}/secrets/${key}/versions/${version ?? 'latest'}${property ? `#${property}` : ''}`;
  return (
    mapEntries(doc, provider)
      .map((e) => e.key)
      .join(', ') || 'none'
  );
}
