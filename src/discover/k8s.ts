import { statSync } from 'node:fs';
import path from 'node:path';
import type { ServiceSpec } from '../manifest/types.js';
import type { RepoFiles } from '../sources/files.js';
import { objectsOf, WORKLOADS, workloadsOf } from '../sources/k8s/index.js';
import { ObjectIndex } from '../sources/k8s/objects.js';
import { kustomizeSources } from '../sources/k8s/provenance.js';
import { readRendered } from '../sources/k8s/read.js';
import { mapGet, parseYaml, scalarString, seqItems, type YamlFile } from '../sources/yaml-doc.js';

/** The Kubernetes sources of a repository: plain manifests, Kustomize overlays to render, Helm charts. */
export interface K8sPlan {
  plain: string[];
  /** overlays nothing else builds on (folders), the ones to render */
  overlays: string[];
  charts: string[];
}

/** Sorts the YAML files of a repository into plain manifests, overlays and charts. */
export function planK8s(files: RepoFiles, yamlFiles: string[], kustomizations: string[]): K8sPlan {
  const charts = yamlFiles.filter((f) => path.posix.basename(f) === 'Chart.yaml').map((f) => path.posix.dirname(f));
  const kdirs = kustomizations.map((f) => path.posix.dirname(f));
  // A folder another kustomization builds on (a base) is rendered as part of its overlays.
  const used = new Set<string>();
  for (const dir of kdirs) for (const o of kustomizeSources(files, dir).objects) used.add(o.o.at(o.o.node).file);
  const bases = new Set<string>();
  for (const dir of kdirs) {
    for (const other of kdirs) if (other !== dir && referencedBy(files, other).has(dir)) bases.add(dir);
  }
  const inside = (f: string, dirs: string[]) => dirs.some((d) => d === '.' || f.startsWith(`${d}/`));
  return {
    plain: yamlFiles.filter((f) => !inside(f, charts) && !inside(f, kdirs) && !used.has(f)),
    overlays: kdirs.filter((d) => !bases.has(d) && !inside(d, charts)),
    charts,
  };
}

function referencedBy(files: RepoFiles, dir: string): Set<string> {
  const out = new Set<string>();
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    let y: YamlFile;
    try {
      y = files.parsed(files.ref(dir, name), (t, r) => parseYaml(t, r));
    } catch {
      continue;
    }
    const doc = y.docs[0]!;
    for (const key of ['resources', 'bases', 'components']) {
      for (const item of seqItems(doc, mapGet(doc, doc.contents, key))) {
        const p = scalarString(doc, item);
        if (p) out.add(path.posix.normalize(path.posix.join(dir, p)));
      }
    }
    break;
  }
  return out;
}

/** Overlays named like environments (`overlays/staging`, `overlays/production`): one source per service, `${env}` in its path. */
export function overlayEnvironments(plan: K8sPlan, notAnEnvironment: Set<string>): string[] {
  const envOverlays = plan.overlays.filter((d) => /^(overlays|envs|environments)$/.test(path.posix.basename(path.posix.dirname(d))));
  return [...new Set(envOverlays.map((d) => path.posix.basename(d)))].filter((n) => /^[a-z][\w-]*$/.test(n) && !notAnEnvironment.has(n));
}

export interface K8sDiscoveryContext {
  files: RepoFiles;
  envs: Set<string>;
  yaml: (rel: string) => YamlFile | undefined;
  /** the service for a workload: an existing one of that name (or container name), else a new one */
  serviceFor: (names: string[]) => ServiceSpec;
  note: (service: string, text: string) => void;
  /** something left unchecked: the report lists it among its notes */
  skipped: (message: string) => void;
}

/**
 * One service per workload, named by the workload (`deployment/emailservice` → emailservice),
 * never by its containers: eleven Deployments whose container is `server` are eleven services.
 */
export function discoverK8s(ctx: K8sDiscoveryContext, plan: K8sPlan): void {
  const seen = new Set<string>();
  const again = new Map<string, { first: string; where: string; workloads: string[] }>();
  // Overlays that turn the same Deployment into a DaemonSet or a Job are variants of one service.
  const byWorkloadName = new Map<string, ServiceSpec>();
  const attach = (names: string[], k8s: NonNullable<ServiceSpec['k8s']>, where: string) => {
    // A workload with no usable name (an unnamed template) cannot be a service of the manifest.
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(names[0] ?? '')) return;
    // deploy/${env}/*.yaml is met once per environment folder: one service.
    const key = `${k8s.files.join(',')}|${k8s.kustomize ?? ''}|${k8s.helm?.chart ?? ''}|${k8s.workload ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const workloadName = k8s.workload?.split('/').pop();
    const svc = (workloadName && byWorkloadName.get(workloadName)) || ctx.serviceFor(names);
    // The same workload in another form (plain manifests, an overlay, a chart of the same app, a
    // generated all-in-one release file): the first one found is checked, and the report says so.
    if (svc.k8s) {
      const first = svc.k8s.kustomize ?? svc.k8s.helm?.chart ?? svc.k8s.files.join(', ');
      const twice = `${first}\u0000${where}`;
      again.set(twice, {
        first: svc.root === '.' ? first : path.posix.join(svc.root, first),
        where,
        workloads: [...(again.get(twice)?.workloads ?? []), k8s.workload ?? names[0]!],
      });
      return;
    }
    if (workloadName) byWorkloadName.set(workloadName, svc);
    const rebase = (p: string) => (svc.root === '.' ? p : path.posix.relative(svc.root, p));
    svc.k8s = {
      ...k8s,
      files: k8s.files.map(rebase),
      ...(k8s.kustomize ? { kustomize: rebase(k8s.kustomize) } : {}),
      ...(k8s.helm ? { helm: { ...k8s.helm, chart: rebase(k8s.helm.chart) } } : {}),
    };
    ctx.note(svc.name, `${k8s.workload ?? 'workload'} in ${where}`);
  };

  // A folder is read as a glob (`dir/*.yaml`) only when every such file in it can be read: a broken
  // or huge YAML file beside the manifests would otherwise stop the whole check.
  const text = (file: string): string | null | undefined => {
    try {
      return statSync(path.join(ctx.files.root, file)).size > 1024 * 1024 ? undefined : ctx.files.read(ctx.files.ref('.', file), { optional: true });
    } catch {
      return undefined;
    }
  };
  const group = (file: string) => `${path.posix.dirname(file)}\u0000${path.posix.extname(file)}`;
  const manifests = plan.plain.filter((f) => {
    const t = text(f);
    // Only manifests that look like Kubernetes objects are parsed.
    return !!t && /^\s*kind:\s*\w+/m.test(t) && /^\s*apiVersion:/m.test(t);
  });
  const groups = new Set(manifests.map(group));
  const unreadable = new Set(plan.plain.filter((f) => groups.has(group(f)) && (text(f) === undefined || !ctx.yaml(f))).map(group));

  for (const file of manifests) {
    const y = ctx.yaml(file);
    if (!y) continue;
    const dir = path.posix.dirname(file);
    // deploy/staging/*.yaml and deploy/production/*.yaml are one service's files per environment.
    const envDir = ctx.envs.has(path.posix.basename(dir));
    const ext = path.posix.extname(file);
    const safe = !unreadable.has(group(file));
    const pattern = !safe ? file : envDir ? `${path.posix.dirname(dir)}/\${env}/*${ext}` : `${dir}/*${ext}`;
    const files = safe ? [pattern] : manifests.filter((f) => group(f) === group(file) && ctx.yaml(f));
    for (const w of workloadsOf(new ObjectIndex(objectsOf([y])))) {
      attach([w.o.name, ...w.containers.filter((c) => !c.init).map((c) => c.name)], { files, workload: w.id }, envDir && safe ? pattern : file);
    }
  }

  const envOverlays = new Map<string, string>();
  for (const dir of plan.overlays) {
    const env = path.posix.basename(dir);
    if (ctx.envs.has(env)) envOverlays.set(`${path.posix.dirname(dir)}/\${env}`, env);
    else renderedWorkloads(ctx, { files: [], kustomize: dir }, dir, 'default', attach);
  }
  for (const [pattern, env] of envOverlays) renderedWorkloads(ctx, { files: [], kustomize: pattern }, pattern, env, attach);
  // The release is named after the chart, in discovery and in the check, so rendered names agree.
  for (const chart of plan.charts)
    renderedWorkloads(ctx, { files: [], helm: { chart, values: [], release: path.posix.basename(chart) } }, chart, 'default', attach);
  for (const a of again.values()) {
    const n = a.workloads.length;
    ctx.skipped(
      `${n === 1 ? a.workloads[0] : `${n} workloads`} of ${a.first} ${n === 1 ? 'is' : 'are'} defined again in ${a.where}: only ${a.first} is checked (name the other in a concord.yaml to check it too)`,
    );
  }
}

function renderedWorkloads(
  ctx: K8sDiscoveryContext,
  spec: NonNullable<ServiceSpec['k8s']>,
  where: string,
  env: string,
  attach: (names: string[], k8s: NonNullable<ServiceSpec['k8s']>, where: string) => void,
): void {
  let read;
  try {
    read = readRendered(ctx.files, spec, '.', env, { file: where }, spec.helm?.release ?? 'release');
  } catch {
    return; // a broken overlay is no service; a manifest naming it gets the error
  }
  if (!read.ok) {
    // Not rendered: one service stands for it, so the report names it and the run is incomplete.
    // Named for the chart or overlay, not a workload: it may hold workloads found elsewhere, or others.
    const base = path.posix.basename(spec.helm?.chart ?? spec.kustomize!.replace('/${env}', ''));
    attach([`${base}-${spec.helm ? 'chart' : 'overlay'}`], spec, `${where} (not rendered)`);
    return;
  }
  for (const w of read.analysis.workloads) {
    if (!WORKLOADS.has(w.o.kind)) continue;
    attach([w.o.name, ...w.containers.filter((c) => !c.init).map((c) => c.name)], { ...spec, workload: w.id }, where);
  }
}
