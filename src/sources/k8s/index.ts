import type { Entry, HostName, PortClaim } from '../types.js';
import { containerEnv, type StoreLookup } from './env.js';
import { externalSecretStores } from './external-secrets.js';
import { ObjectIndex, provenance, type K8sObject } from './objects.js';
import { probePorts, workloadsOf, type PodContainer, type Workload } from './pods.js';
import { routeServices, type Route } from './services.js';
import { readStore, type ReadProblem, type Store } from './stores.js';

export { objectsOf, type K8sObject } from './objects.js';
export { WORKLOADS, workloadsOf } from './pods.js';

type Note = { file: string; line?: number; message: string };

/** Everything read from one set of Kubernetes objects; shared by every service reading them. */
export interface K8sAnalysis {
  workloads: Workload[];
  routes: Map<Workload, Route[]>;
  stores: StoreLookup;
  problems: ReadProblem[];
  notes: Note[];
}

export function analyzeK8s(objects: K8sObject[]): K8sAnalysis {
  const index = new ObjectIndex(objects);
  const problems: K8sAnalysis['problems'] = [];
  const notes: Note[] = [];
  const problem = (p: ReadProblem) => problems.push(p);
  const note = (n: Note) => notes.push(n);
  const external = externalSecretStores(index, note);
  const cache = new Map<string, Store | undefined>();
  const stores: StoreLookup = (kind, ns, name) => {
    const key = `${kind}/${ns}/${name}`;
    if (!cache.has(key)) {
      const o = index.get(kind, ns, name);
      // A Secret in the files wins over one an ExternalSecret would create (it would be overwritten
      // in the cluster, but the file is what the repository says).
      cache.set(key, o ? readStore(o, problem) : kind === 'Secret' ? external.get(`${ns}/${name}`) : undefined);
    }
    return cache.get(key);
  };
  // Every ConfigMap and Secret is read once, so a value the API server rejects is reported even unused.
  for (const kind of ['ConfigMap', 'Secret'] as const) for (const o of index.ofKind(kind)) stores(kind, o.namespace, o.name);
  const workloads = workloadsOf(index);
  // Every container's env is read once for values the API server rejects, whichever service is checked.
  for (const w of workloads) for (const c of w.containers) containerEnv(w, c, stores, problem, () => undefined);
  const routes = routeServices(index, workloads, problem);
  return { workloads, routes, stores, problems, notes };
}

export interface WorkloadChoice {
  /** `kind/name` or a name */
  workload?: string;
  container?: string;
  /** the concord service: the default name of the workload or container */
  service: string;
}

/** The workload and container a service is, or why there is none. */
export function chooseWorkload(a: K8sAnalysis, choice: WorkloadChoice): { w: Workload; c: PodContainer } | { error: string } {
  const wanted = choice.workload?.toLowerCase();
  let w: Workload | undefined;
  if (wanted) w = a.workloads.find((x) => x.id === wanted) ?? a.workloads.find((x) => x.o.name.toLowerCase() === wanted);
  else
    w =
      a.workloads.find((x) => x.o.name === choice.service) ??
      a.workloads.find((x) => x.containers.some((c) => c.name === (choice.container ?? choice.service)));
  if (!w)
    return {
      error: wanted
        ? `no workload "${choice.workload}"`
        : `no workload named "${choice.service}"${choice.container ? ` or with a container "${choice.container}"` : ''}`,
    };
  const main = w.containers.filter((c) => !c.init);
  const c = choice.container
    ? w.containers.find((x) => x.name === choice.container)
    : main.length === 1
      ? main[0]
      : (main.find((x) => x.name === w.o.name) ?? main.find((x) => x.name === choice.service) ?? main[0]);
  if (!c) return { error: `${w.id} has no container "${choice.container ?? ''}"` };
  return { w, c };
}

export interface K8sContainer {
  entries: Entry[];
  ports: PortClaim[];
  hostNames: HostName[];
  notes: Note[];
}

/** What the chosen container gets and binds, and how clients reach it. */
export function readContainer(a: K8sAnalysis, w: Workload, c: PodContainer): K8sContainer {
  const notes: Note[] = [];
  const entries = containerEnv(
    w,
    c,
    a.stores,
    () => undefined,
    (n) => notes.push(n),
  );
  const ports: PortClaim[] = c.ports.map((p) => ({ port: p.port, internal: true, via: 'containerPort', source: provenance(w.o, p.node, 'k8s') }));
  for (const p of probePorts(w, c)) ports.push({ port: p.port, via: p.via, source: provenance(w.o, p.node, 'k8s') });
  const hostNames: HostName[] = [];
  for (const r of a.routes.get(w) ?? []) {
    // A port forwarded to another container of the pod (a sidecar) is not this container's to bind.
    const servicePorts = r.ports?.map((p) => ({
      port: p.port,
      targetPort: p.target && (p.target.container === c.name || p.target.container === '') ? p.target.port : undefined,
      source: p.source,
    }));
    for (const name of r.names) hostNames.push({ name, kind: 'k8s-service', ...(servicePorts ? { servicePorts } : {}) });
  }
  return { entries, ports, hostNames, notes };
}
