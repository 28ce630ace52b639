import type { Entry, K8sProblem } from '../types.js';
import { mapEntries, mapGet, scalarString } from '../yaml-doc.js';
import { provenance, type K8sObject } from './objects.js';
import { kubernetesType } from './yaml11.js';

/** A problem as read: `owners` are the workloads it concerns (`deployment/api`); none for an object no workload owns. */
export type ReadProblem = Omit<K8sProblem, 'services' | 'shared'>;
export type ProblemSink = (p: ReadProblem) => void;
export type NoteSink = (n: { file: string; line?: number; message: string }) => void;

/** The keys of one ConfigMap or Secret, as the kubelet hands them to a container. */
export interface Store {
  data: Map<string, Entry>;
  /**
   * Keys that exist but are only known to a secret manager (External Secrets `dataFrom.extract`):
   * a key asked for by name becomes a reference to that key of the remote JSON secret.
   */
  remote?: (key: string) => Entry | undefined;
}

/**
 * A ConfigMap (`data`, `binaryData`) or Secret (`data` base64, `stringData` winning). Values
 * must be strings: an unquoted `on` or `8080` is what the API server rejects, a finding there.
 */
export function readStore(o: K8sObject, problem: ProblemSink): Store {
  const secret = o.kind === 'Secret';
  const data = new Map<string, Entry>();
  const fields = secret ? ['data', 'stringData'] : ['binaryData', 'data'];
  for (const field of fields) {
    for (const e of mapEntries(o.doc, mapGet(o.doc, o.node, field))) {
      const type = kubernetesType(e.value);
      const source = provenance(o, e.keyNode, secret ? 'k8s-secret' : 'k8s-configmap');
      if (type !== 'string' && type !== 'null') {
        problem({
          messageId: 'notString',
          subject: `${o.kind}/${o.name} ${field}.${e.key}`,
          data: { object: `${o.kind}/${o.name}`, field: `${field}.${e.key}`, type },
          source: provenance(o, e.value, 'k8s'),
        });
        continue;
      }
      const text = scalarString(o.doc, e.value) ?? '';
      const value = field === 'binaryData' || (secret && field === 'data') ? Buffer.from(text, 'base64').toString('utf8') : text;
      data.set(e.key, { key: e.key, value, source, fromSecretStore: secret || undefined });
    }
  }
  return { data };
}
