import { statSync } from 'node:fs';
import path from 'node:path';
import type { Manifest, ServiceSpec } from '../manifest/types.js';
import { loadRecommendedRules } from '../manifest/load.js';
import { composeProjects } from './compose-projects.js';
import { readService } from '../sources/compose/service.js';
import { get, str } from '../sources/compose/tree.js';
import { RepoFiles } from '../sources/files.js';
import { parseYaml, type YamlFile } from '../sources/yaml-doc.js';
import { discoverK8s, overlayEnvironments, planK8s } from './k8s.js';
import { walkRepo } from './walk.js';

const NOT_AN_ENVIRONMENT = new Set([
  ...['example', 'sample', 'template', 'tpl', 'tmpl', 'dist', 'defaults', 'default', 'schema', 'local', 'override', 'test', 'tests', 'ci'],
  ...[
    'bak',
    'backup',
    'old',
    'orig',
    'rej',
    'patch',
    'diff',
    'swp',
    'tmp',
    'keep',
    'lock',
    'enc',
    'encrypted',
    'gpg',
    'age',
    'vault',
    'sops',
    'secret',
    'secrets',
  ],
]);
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
  const kustomizations: string[] = [];
  const walk = walkRepo(root);
  const { walked, limits } = walk;
  for (const p of walk.platforms) limits.push(`${p}/ has a concord.yaml of its own: it is another platform, left out here (run concord there)`);
  // git lists what it tracks, deleted files included: only what is on disk is read.
  const present = (rel: string) => walk.by === 'folders' || isFile(path.join(root, rel));
  for (const { dir, name, rel } of walked) {
    if (name === '.env' || name.startsWith('.env.')) {
      if (present(rel)) envFolders.set(dir || '.', [...(envFolders.get(dir || '.') ?? []), name]);
    } else if (!COMPOSE_FILE.test(name) && !/\.ya?ml$|^Kustomization$/.test(name)) continue;
    else if (!present(rel)) continue;
    else if (COMPOSE_FILE.test(name)) composeFiles.push(rel);
    else if (/^(kustomization\.ya?ml|Kustomization)$/.test(name)) kustomizations.push(rel);
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
  const k8sPlan = planK8s(files, yamlFiles, kustomizations);
  if (envs.size === 0) for (const e of overlayEnvironments(k8sPlan, NOT_AN_ENVIRONMENT)) envs.add(e);
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

  const projects = composeProjects(files, composeFiles, (m) => limits.push(m));
  const projectDirs = new Set(projects.map((p) => p.dir));

  // A compose project's own .env feeds its interpolation: it is not a service. Templates
  // (.env.example) describe an environment and are none; .env.local and .env.override are layers
  // over the environment's files, the last word as the dotenv-flow family reads them.
  for (const [dir, names] of [...envFolders].sort()) {
    const own = names.filter((n) => !(n === '.env' && projectDirs.has(dir)));
    const layers = dotenvLayers(own, envs);
    if (layers.length === 0) continue;
    const spec = make(dir === '.' ? path.basename(root) : path.posix.basename(dir), dir);
    spec.env.push(...layers.map((file) => ({ file, required: false })));
    byRoot.set(dir, spec);
    note(spec.name, `dotenv files in ${dir}/`);
  }

  // Compose services, each of its own project: same-named services of two projects are two
  // services, named <project>/<service> only when their names collide.
  const counts = new Map<string, number>();
  for (const p of projects) for (const name of p.services.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const p of projects) {
    for (const [name, def] of p.services) {
      const context = str(get(def.node, 'build')) ?? str(get(def.node, 'build', 'context'));
      const joined = context !== undefined ? byRoot.get(context) : undefined;
      const spec = joined && !joined.compose ? joined : make(counts.get(name)! > 1 ? `${p.name}/${name}` : name, '.');
      spec.compose = { files: p.files.map((f) => path.posix.relative(spec.root, f) || f), service: name };
      // A folder .env that compose passes as env_file reaches the container through compose, not
      // through the program's own dotenv library: it is read once, by compose's rules.
      const viaCompose = new Set(readService(p, def).envFiles.map((e) => e.path));
      spec.env = spec.env.filter((f) => !viaCompose.has(path.posix.join(spec.root, f.file)));
      if (spec.name !== name) spec.aliases.push(name);
      note(spec.name, `service ${name} of the compose project ${p.name} (${p.files.join(' + ')})${def.active ? '' : `, profile ${def.profiles.join(', ')}`}`);
    }
  }

  const serviceFor = (names: string[]): ServiceSpec => {
    const [workload, ...containers] = names as [string, ...string[]];
    const named = services.get(workload) ?? [...services.values()].find((s) => s.aliases.includes(workload));
    if (named && !named.k8s) return named;
    // A folder or compose service named like the container is this workload, unless another took it.
    const byContainer = containers.map((c) => services.get(c)).find((s) => s && !s.k8s && !named);
    return byContainer ?? make(workload, '.');
  };
  discoverK8s({ files, envs, yaml, serviceFor, note, skipped: (m) => limits.push(m) }, k8sPlan);
  return { environments, services: [...services.values()], notes, limits };
}

/**
 * The dotenv files of a folder in the order they are read, lowest first: `.env`, `.env.<env>`,
 * `.env.local`, `.env.override`, `.env.<env>.local`. Anything else named `.env.*` (a template,
 * a backup, a patch) is not read.
 */
export function dotenvLayers(names: readonly string[], envs: ReadonlySet<string>): string[] {
  const has = (n: string) => names.includes(n);
  const perEnv = (suffix: string) =>
    names.some((n) => n.startsWith('.env.') && n.endsWith(suffix) && envs.has(n.slice('.env.'.length, n.length - suffix.length)));
  return [
    ...(has('.env') ? ['.env'] : []),
    ...(perEnv('') ? ['.env.${env}'] : []),
    ...(has('.env.local') ? ['.env.local'] : []),
    ...(has('.env.override') ? ['.env.override'] : []),
    ...(perEnv('.local') ? ['.env.${env}.local'] : []),
  ];
}

function isFile(abs: string): boolean {
  try {
    return statSync(abs).isFile();
  } catch {
    return false;
  }
}

function rank(env: string): number {
  return ['dev', 'development', 'test', 'qa', 'staging', 'stage', 'preprod', 'production', 'prod'].indexOf(env) + 1 || 99;
}

/** Names under which a service's own port is usually set. */
export function ownPortNames(spec: ServiceSpec): string[] {
  const ids = [spec.name, ...spec.aliases].map((n) => n.toUpperCase().replace(/[^A-Z0-9]+/g, '_'));
  const base = ids.map((id) => id.replace(/_SERVICE$/, ''));
  return [
    ...new Set([
      'PORT',
      'SERVER_PORT',
      'HTTP_PORT',
      ...ids.map((id) => `${id}_PORT`),
      ...base.map((b) => `${b}_PORT`),
      ...base.map((b) => `${b}_SERVICE_PORT`),
    ]),
  ];
}

/** A manifest from a discovery: every variable is a setting of its own name; the recommended rules. */
export function discoveredManifest(root: string, d: Discovery, varsOf: (spec: ServiceSpec) => string[]): Manifest {
  for (const spec of d.services) {
    for (const v of varsOf(spec)) if (!v.includes('.') && !v.includes('[')) spec.settings.set(v, { chain: [{ kind: 'var', name: v }] });
    const own = new Set(ownPortNames(spec));
    spec.listens = [...spec.settings.keys()].filter((v) => own.has(v)).map((item) => ({ item, inferred: true }));
  }
  // Each setting is one variable name here: rules about declared chains (chain-divergence) have nothing to say.
  const recommended = loadRecommendedRules();
  const notes = d.limits.map((message) => ({ file: '.', message }));
  return { root, file: '(discovered)', environments: d.environments, services: d.services, rules: recommended, providers: {}, accept: [], notes };
}
