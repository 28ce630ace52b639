import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Document, Node } from 'yaml';
import type { RepoFiles } from '../files.js';
import { isMap, isScalar, isSeq, mapGet, parseYaml, scalarString, seqItems, type YamlFile } from '../yaml-doc.js';
import { objectsOf, type K8sObject, type Locate } from './objects.js';
import { readKubectlEnvFile } from './env-file.js';
import { WORKLOADS } from './pods.js';

type Seg = string | { key: string; value: string } | number;
const KUSTOMIZATION = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export function kustomizationFile(absDir: string): string | undefined {
  return KUSTOMIZATION.map((f) => path.join(absDir, f)).find((f) => existsSync(f));
}

interface Sources {
  /** resources, lowest first, then patches in order: a later one wrote the value last */
  objects: { o: K8sObject; patch: boolean }[];
  /** generated ConfigMap/Secret name → key → where the key is written */
  generated: { kind: string; name: string; keys: Map<string, { file: string; line: number }> }[];
  /** every kustomization folder read: a change under one can change the rendering */
  dirs: Set<string>;
}

/** The files an overlay renders from, read the way kustomize reads them, for provenance only. */
export function kustomizeSources(files: RepoFiles, relDir: string, seen = new Set<string>()): Sources {
  const out: Sources = { objects: [], generated: [], dirs: seen };
  const kfile = kustomizationFile(path.join(files.root, relDir));
  if (!kfile || seen.has(relDir)) return out;
  seen.add(relDir);
  const rel = (p: string) => path.posix.normalize(path.posix.join(relDir, p));
  let y: YamlFile;
  try {
    const r = files.ref('.', path.relative(files.root, kfile));
    y = files.parsed(r, (t, f) => parseYaml(t, f));
  } catch {
    return out;
  }
  const doc = y.docs[0]!;
  const list = (key: string) => seqItems(doc, mapGet(doc, doc.contents, key));
  const addFile = (p: string, patch: boolean) => {
    try {
      const r = files.ref('.', p);
      const py = files.parsed(r, (t, f) => parseYaml(t, f));
      for (const o of objectsOf([py])) out.objects.push({ o, patch });
    } catch {
      // provenance is best effort: the renderer already read these files
    }
  };
  for (const key of ['resources', 'bases', 'components']) {
    for (const item of list(key)) {
      const p = scalarString(doc, item);
      if (!p || /^[a-z]+:\/\//.test(p)) continue;
      const abs = path.join(files.root, rel(p));
      if (existsSync(abs) && statSync(abs).isDirectory()) {
        const sub = kustomizeSources(files, rel(p), seen);
        out.objects.push(...sub.objects);
        out.generated.push(...sub.generated);
      } else addFile(rel(p), false);
    }
  }
  for (const item of list('patchesStrategicMerge')) {
    const p = scalarString(doc, item);
    if (p) addFile(rel(p), true);
  }
  for (const item of list('patches')) {
    const p = scalarString(doc, mapGet(doc, item, 'path'));
    if (p) addFile(rel(p), true);
  }
  for (const [key, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    for (const g of list(key)) {
      const name = scalarString(doc, mapGet(doc, g, 'name'));
      if (!name) continue;
      const keys = new Map<string, { file: string; line: number }>();
      for (const lit of seqItems(doc, mapGet(doc, g, 'literals'))) {
        const k = scalarString(doc, lit)?.split('=')[0];
        if (k) keys.set(k, { file: y.file, line: y.line(lit) ?? 0 });
      }
      const envs = [...seqItems(doc, mapGet(doc, g, 'envs')), ...[mapGet(doc, g, 'env')].filter((n): n is Node => !!n)];
      for (const e of envs) {
        const p = scalarString(doc, e);
        if (!p) continue;
        try {
          const text = files.read(files.ref('.', rel(p)), { optional: true });
          const read = readKubectlEnvFile(text ?? '', process.env);
          if (read.ok) for (const [k, { line }] of read.entries) keys.set(k, { file: rel(p), line });
        } catch {
          // best effort, as above
        }
      }
      out.generated.push({ kind, name, keys });
    }
  }
  return out;
}

/** Where a node of a rendered object was written: a patch, the resource, or a generator's file. */
export function locateRendered(sources: Sources, fallbackFile: string): (o: Omit<K8sObject, 'at'>) => Locate {
  return (o) => {
    // An overlay may turn a Deployment into a DaemonSet or a Job: any workload kind is the same object.
    const sameKind = (k: string) => k === o.kind || (WORKLOADS.has(k) && WORKLOADS.has(o.kind));
    const matches = (src: K8sObject) => sameKind(src.kind) && (src.name === o.name || (src.name.length > 0 && o.name.includes(src.name)));
    const candidates = sources.objects.filter((s) => matches(s.o)).sort((a, b) => Number(b.patch) - Number(a.patch));
    const generator = sources.generated.find(
      (g) => g.kind === o.kind && (o.name === g.name || o.name.startsWith(`${g.name}-`) || o.name.endsWith(g.name) || o.name.includes(`${g.name}-`)),
    );
    const paths = new Map<unknown, Seg[]>();
    walk(o.doc, o.node, [], paths);
    return (node) => {
      if (generator && isScalar(node)) {
        const hit = generator.keys.get(String(node.value));
        if (hit) return hit;
      }
      const segs = paths.get(node);
      for (const c of segs ? [...candidates].reverse().sort((a, b) => Number(b.patch) - Number(a.patch)) : []) {
        const found = follow(c.o.doc, c.o.node, segs!);
        if (found) return c.o.at(found);
      }
      const base = candidates.find((c) => !c.patch) ?? candidates[0];
      return base ? base.o.at(mapGet(base.o.doc, mapGet(base.o.doc, base.o.node, 'metadata'), 'name')) : { file: fallbackFile, object: `${o.kind}/${o.name}` };
    };
  };
}

/** Paths of every node of a rendered object; list items are named by their `name` where they have one. */
function walk(doc: Document.Parsed, node: unknown, segs: Seg[], out: Map<unknown, Seg[]>): void {
  out.set(node, segs);
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined) continue;
      out.set(pair.key, [...segs, k]);
      walk(doc, pair.value, [...segs, k], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const id = ['name', 'containerPort', 'port', 'secretKey']
        .map((key) => [key, scalarString(doc, mapGet(doc, item, key))] as const)
        .find(([, v]) => v !== undefined);
      walk(doc, item, [...segs, id ? { key: id[0], value: id[1]! } : i], out);
    });
  }
}

function follow(doc: Document.Parsed, node: unknown, segs: Seg[]): unknown {
  let cur: unknown = node;
  for (const s of segs) {
    if (typeof s === 'string') {
      if (!isMap(cur)) return undefined;
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === s);
      cur = s === segs.at(-1) && pair && !pair.value ? pair.key : pair?.value;
    } else if (typeof s === 'number') cur = seqItems(doc, cur)[s];
    else cur = seqItems(doc, cur).find((item) => scalarString(doc, mapGet(doc, item, s.key)) === s.value);
    if (cur === undefined) return undefined;
  }
  return cur;
}
