import path from 'node:path';
import type { K8sProblem } from '../types.js';
import { SourceError } from '../../errors.js';
import { expandGlob, type FileRef, type RepoFiles } from '../files.js';
import { parseYaml, type YamlFile } from '../yaml-doc.js';
import { analyzeK8s, type K8sAnalysis } from './index.js';
import { objectsOf, type K8sObject } from './objects.js';
import { kustomizationFile, kustomizeSources, locateRendered } from './provenance.js';
import { render } from './render.js';

/** A service's Kubernetes source as the manifest gives it (`${env}` not yet replaced). */
export interface K8sSource {
  files: string[];
  /** a folder holding kustomization.yaml, rendered before reading */
  kustomize?: string;
  helm?: { chart: string; values: string[]; release?: string };
  /** `kind/name` or a name; default: the workload named like the service */
  workload?: string;
  /** whose env is read; default: the only container, or the one named like the workload */
  container?: string;
  /** namespace of objects that name none */
  namespace?: string;
}
type K8sSpec = K8sSource;

export type K8sRead = { ok: true; analysis: K8sAnalysis; from: string } | { ok: false; problem: Omit<K8sProblem, 'services'> };

/**
 * The objects a service's `k8s:` names: plain manifest files, or a Kustomize overlay or Helm chart
 * rendered first. One analysis per source and namespace per run, however many services share it.
 */
export async function readK8s(
  files: RepoFiles,
  spec: K8sSpec,
  root: string,
  env: string,
  from: { file: string; line?: number },
  release: string,
): Promise<K8sRead> {
  const ns = spec.namespace ?? 'default';
  const withEnv = (s: string) => s.replace(/\$\{env\}/g, env);
  if (spec.kustomize || spec.helm) return readRendered(files, spec, root, env, from, release);
  const refs: FileRef[] = [];
  for (const pattern of spec.files) refs.push(...(await expandGlob(files, root, withEnv(pattern), from)));
  const key = `k8s:files:${refs.map((r) => r.rel).join(',')}:${ns}`;
  if (!files.memo.has(key)) {
    const docs: YamlFile[] = refs.map((r) => files.parsed(r, (t, rel) => parseYaml(t, rel), from));
    files.memo.set(key, Promise.resolve({ ok: true, analysis: analyzeK8s(objectsOf(docs, ns)), from: refs.map((r) => r.rel).join(', ') }));
  }
  return files.memo.get(key) as Promise<K8sRead>;
}

/**
 * The folders and files whose change can change a rendered source (for a pre-commit run): every
 * kustomization folder an overlay builds on, or a chart's folder and its values files.
 */
export function renderedInputs(files: RepoFiles, spec: K8sSpec, root: string, env: string): string[] {
  const withEnv = (s: string) => s.replace(/\$\{env\}/g, env);
  if (spec.helm) return [files.ref(root, withEnv(spec.helm.chart)).rel, ...spec.helm.values.map((v) => files.ref(root, withEnv(v)).rel)];
  if (spec.kustomize) return [...kustomizeSources(files, files.ref(root, withEnv(spec.kustomize)).rel).dirs];
  return [];
}

const renderedCache = new WeakMap<RepoFiles, Map<string, K8sRead>>();

/** A Kustomize overlay or Helm chart, rendered once per run (discovery and the check share it). */
export function readRendered(files: RepoFiles, spec: K8sSpec, root: string, env: string, from: { file: string; line?: number }, release: string): K8sRead {
  const ns = spec.namespace ?? 'default';
  const withEnv = (s: string) => s.replace(/\$\{env\}/g, env);
  const target = files.ref(root, withEnv(spec.kustomize ?? spec.helm!.chart), from);
  const values = (spec.helm?.values ?? []).map((v) => files.ref(root, withEnv(v), from));
  const key = `${spec.kustomize ? 'kustomize' : 'helm'}:${target.rel}:${values.map((v) => v.rel).join(',')}:${ns}:${release}`;
  const cache = renderedCache.get(files) ?? new Map<string, K8sRead>();
  renderedCache.set(files, cache);
  if (!cache.has(key)) cache.set(key, spec.kustomize ? renderKustomize(files, target, ns, from) : renderHelm(files, target, values, ns, release, from));
  return cache.get(key)!;
}

function notRendered(what: string, target: FileRef, message: string): K8sRead {
  return {
    ok: false,
    problem: {
      messageId: 'notRendered',
      subject: `${what} ${target.rel}`,
      data: { what, path: target.rel, reason: message },
      source: { kind: 'k8s', file: target.rel },
    },
  };
}

function parseRendered(text: string, file: string, from: { file: string; line?: number }, tool: string): YamlFile {
  try {
    return parseYaml(text, file);
  } catch {
    throw new SourceError('PARSE_ERROR', [{ ...from, message: `${tool} printed output that is not YAML for ${file}` }]);
  }
}

function renderKustomize(files: RepoFiles, dir: FileRef, ns: string, from: { file: string; line?: number }): K8sRead {
  const kfile = kustomizationFile(dir.abs);
  if (!kfile) throw new SourceError('FILE_NOT_FOUND', [{ ...from, message: `"${dir.rel}" holds no kustomization.yaml` }]);
  const r = render('kustomize', [dir.abs], files.root);
  if (!r.ok && r.missing) return notRendered('Kustomize overlay', dir, r.message);
  if (!r.ok)
    throw new SourceError('PARSE_ERROR', [{ file: path.posix.join(dir.rel, path.basename(kfile)), message: `could not render the overlay: ${r.message}` }]);
  const kRel = path.posix.join(dir.rel, path.basename(kfile));
  const y = parseRendered(r.text, kRel, from, r.tool);
  const locate = locateRendered(kustomizeSources(files, dir.rel), kRel);
  return { ok: true, analysis: analyzeK8s(objectsOf([y], ns, locate)), from: `${dir.rel} (rendered by ${r.tool})` };
}

function renderHelm(files: RepoFiles, chart: FileRef, values: FileRef[], ns: string, release: string, from: { file: string; line?: number }): K8sRead {
  for (const v of values) files.read(v, { from });
  const r = render('helm', [release, chart.abs, '--namespace', ns, ...values.flatMap((v) => ['--values', v.abs])], files.root);
  if (!r.ok && r.missing) return notRendered('Helm chart', chart, r.message);
  if (!r.ok) throw new SourceError('PARSE_ERROR', [{ file: `${chart.rel}/Chart.yaml`, message: `could not render the chart: ${r.message}` }]);
  const y = parseRendered(r.text, `${chart.rel}/Chart.yaml`, from, r.tool);
  // `helm template` heads each document with `# Source: <chart>/templates/<file>`: the template is the provenance.
  const sources = [...r.text.matchAll(/^# Source: [^/\n]+\/(.+)$/gm)].map((m) => m[1]!.trim());
  let i = 0;
  const templateOf = new Map(y.docs.map((d) => [d, d.commentBefore?.match(/Source: [^/\n]+\/(.+)/)?.[1]?.trim() ?? sources[i++]]));
  const locate = (o: Omit<K8sObject, 'at'>) => {
    const t = templateOf.get(o.doc);
    const file = t ? path.posix.join(chart.rel, t) : `${chart.rel}/Chart.yaml`;
    return () => ({ file, object: `${o.kind}/${o.name}` });
  };
  return { ok: true, analysis: analyzeK8s(objectsOf([y], ns, locate)), from: `${chart.rel} (rendered by ${r.tool})` };
}
