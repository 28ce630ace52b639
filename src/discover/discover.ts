import { statSync } from 'node:fs';
import path from 'node:path';
import type { Manifest, ServiceSpec } from '../manifest/types.js';
import { loadRecommendedRules } from '../manifest/load.js';
import { composeServiceNames } from '../sources/compose.js';
import { RepoFiles } from '../sources/files.js';
import { walkRepo } from './walk.js';
import { WORKLOADS } from '../sources/k8s.js';
import { isMap, mapGet, scalarString, seqItems, parseYaml, type YamlFile } from '../sources/yaml-doc.js';

const NOT_AN_ENVIRONMENT = new Set(['example', 'sample', 'template', 'local', 'dist', 'defaults', 'default', 'test', 'tests', 'ci', 'bak', 'orig', 'keep']);
const COMPOSE_FILE = /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/;

export interface Discovery {
  environments: string[];
  services: ServiceSpec[];
  /** what each service was found from, for `concord init`'s comments */
  notes: Map<string, string[]>;
  /** discovery limits that were reached: the report says so, a partial search is no silent pass */
  limits: string[];
}

/**
 * Finds services without a manifest: folders holding `.env*` files, docker-compose services
 * (joined to a folder through their `build` context), and containers of Kubernetes workloads.
 */
export function discover(root: string, files: RepoFiles = new RepoFiles(root)): Discovery {
  // Compose and Kubernetes files go through `files`, so the check that follows parses none again.
  const yaml = (rel: string): YamlFile | undefined => {
    try {
      return files.parsed(files.ref('.', rel), (t, r) => parseYaml(t, r));
    } catch {
      // Not ours to judge here, but never a silent skip: the report says which file was left out.
      limits.push(`discovery could not read "${rel}" (run concord check with a concord.yaml naming it to see why); its services were left out`);
      return undefined;
    }
  };
  const envFolders = new Map<string, string[]>();
  const composeFiles: string[] = [];
  const yamlFiles: string[] = [];
  const { walked, limits } = walkRepo(root);
  for (const { dir, name, rel } of walked) {
    if (name === '.env' || name.startsWith('.env.')) envFolders.set(dir || '.', [...(envFolders.get(dir || '.') ?? []), name]);
    else if (COMPOSE_FILE.test(name)) composeFiles.push(rel);
    else if (/\.ya?ml$/.test(name) && name !== 'concord.yaml') yamlFiles.push(rel);
  }

  // Environments: the suffixes of .env.<name> files.
  const envs = new Set<string>();
  for (const names of envFolders.values()) {
    for (const n of names) {
      const suffix = n.slice('.env.'.length);
      if (n.startsWith('.env.') && /^[a-z][\w-]*$/.test(suffix) && !NOT_AN_ENVIRONMENT.has(suffix)) envs.add(suffix);
    }
  }
  const environments = envs.size ? [...envs].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)) : ['default'];

  const services = new Map<string, ServiceSpec>();
  const notes = new Map<string, string[]>();
  const note = (name: string, text: string) => notes.set(name, [...(notes.get(name) ?? []), text]);
  const byRoot = new Map<string, ServiceSpec>();
  const make = (name: string, root: string): ServiceSpec => {
    let unique = name;
    for (let i = 2; services.has(unique); i++) unique = `${name}-${i}`;
    const spec: ServiceSpec = { name: unique, root, env: [], config: [], secrets: [], listens: [], aliases: [], settings: new Map() };
    services.set(unique, spec);
    return spec;
  };

  // The repository root's own .env usually feeds docker-compose, not a service.
  for (const [dir, names] of [...envFolders].sort()) {
    if (dir === '.' && composeFiles.length > 0) continue;
    const spec = make(dir === '.' ? path.basename(root) : path.posix.basename(dir), dir);
    if (names.includes('.env')) spec.env.push({ file: '.env', required: false });
    if (names.some((n) => envs.has(n.slice('.env.'.length)))) spec.env.push({ file: '.env.${env}', required: false });
    byRoot.set(dir, spec);
    note(spec.name, `dotenv files in ${dir}/`);
  }

  for (const file of composeFiles) {
    const y = yaml(file);
    if (!y) continue;
    const doc = y.docs[0]!;
    const dir = path.posix.dirname(file);
    for (const name of composeServiceNames(y)) {
      const node = mapGet(doc, mapGet(doc, doc.contents, 'services'), name);
      const build = mapGet(doc, node, 'build');
      const context = scalarString(doc, build) ?? scalarString(doc, mapGet(doc, build, 'context'));
      const folder = context ? path.posix.normalize(path.posix.join(dir, context)) : undefined;
      const spec = (folder && byRoot.get(folder)) || services.get(name) || make(name, '.');
      spec.compose = { file: path.posix.relative(spec.root, file) || file, service: name };
      if (spec.name !== name) spec.aliases.push(name);
      note(spec.name, `service ${name} of ${file}`);
    }
  }

  for (const file of yamlFiles) {
    let text: string | null;
    try {
      text = statSync(path.join(root, file)).size > 1024 * 1024 ? null : files.read(files.ref('.', file), { optional: true });
    } catch {
      continue;
    }
    // Only manifests that look like Kubernetes objects are parsed.
    if (!text || !/^kind:\s*\w+/m.test(text) || !/^apiVersion:/m.test(text)) continue;
    const y = yaml(file);
    if (!y) continue;
    const dir = path.posix.dirname(file);
    // deploy/staging/*.yaml and deploy/production/*.yaml are one service's files per environment.
    const envDir = envs.has(path.posix.basename(dir));
    const pattern = envDir ? `${path.posix.dirname(dir)}/\${env}/*.yaml` : `${dir}/*.yaml`;
    for (const doc of y.docs) {
      const kind = scalarString(doc, mapGet(doc, doc.contents, 'kind'));
      if (!kind || !WORKLOADS.has(kind)) continue;
      const template = kind === 'Pod' ? doc.contents : mapGet(doc, mapGet(doc, doc.contents, 'spec'), 'template');
      const spec = mapGet(doc, template, 'spec');
      for (const c of seqItems(doc, mapGet(doc, spec, 'containers'))) {
        if (!isMap(c)) continue;
        const container = scalarString(doc, mapGet(doc, c, 'name'));
        if (!container) continue;
        const svc = services.get(container) ?? [...services.values()].find((s) => s.aliases.includes(container)) ?? make(container, '.');
        if (svc.k8s) continue;
        svc.k8s = { files: [svc.root === '.' ? pattern : path.posix.relative(svc.root, pattern)], container };
        note(svc.name, `container ${container} in ${envDir ? pattern : file}`);
      }
    }
  }
  return { environments, services: [...services.values()], notes, limits };
}

function rank(env: string): number {
  return ['dev', 'development', 'test', 'qa', 'staging', 'stage', 'preprod', 'production', 'prod'].indexOf(env) + 1 || 99;
}

/** Names under which a service's own port is usually set. */
export function ownPortNames(spec: ServiceSpec): string[] {
  const ids = [spec.name, ...spec.aliases].map((n) => n.toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
  const base = ids.map((id) => id.replace(/_SERVICE$/, ''));
  return [...new Set(['PORT', 'SERVER_PORT', 'HTTP_PORT', ...ids.map((id) => `${id}_PORT`), ...base.map((b) => `${b}_PORT`), ...base.map((b) => `${b}_SERVICE_PORT`)])];
}

/** A manifest from a discovery: every variable is a setting of its own name; the recommended rules. */
export function discoveredManifest(root: string, d: Discovery, varsOf: (spec: ServiceSpec) => string[]): Manifest {
  for (const spec of d.services) {
    for (const v of varsOf(spec)) if (!v.includes('.') && !v.includes('[')) spec.settings.set(v, { chain: [{ kind: 'var', name: v }] });
    const own = new Set(ownPortNames(spec));
    spec.listens = [...spec.settings.keys()].filter((v) => own.has(v)).map((item) => ({ item }));
  }
  // Each setting is one variable name here, so chain-divergence could only say "dotenv vs compose".
  const recommended = loadRecommendedRules().filter((r) => r.rule !== 'chain-divergence');
  const notes = d.limits.map((message) => ({ file: '.', message }));
  return { root, file: '(discovered)', environments: d.environments, services: d.services, rules: recommended, providers: {}, accept: [], notes };
}
