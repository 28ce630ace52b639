/**
 * A compose project as `docker compose` opens it: its files (`-f` list, `COMPOSE_FILE`, or the
 * default `compose.yaml` … `docker-compose.yml` plus its `*.override.*`), its directory, its
 * environment (the shell wins over the project `.env`, which interpolates itself), its name
 * (`name:`, `COMPOSE_PROJECT_NAME`, the folder) and its active profiles (`COMPOSE_PROFILES`).
 */
import path from 'node:path';
import { SourceError } from '../../errors.js';
import type { RepoFiles } from '../files.js';
import { isOutside, join, loadFile, mergeFiles, type LoadContext } from './assemble.js';
import { parseComposeEnvFile } from './env-file.js';
import type { Binding, Lookup } from './template.js';
import { entries, get, str, stringOrList, type InterpolationIssue, type MapNode } from './tree.js';

export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_FILES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

export interface ProjectOptions {
  /** compose files, repo-relative; none: COMPOSE_FILE or the default names in `dir` */
  files?: string[];
  /** the project directory, repo-relative (default: the first file's folder) */
  dir?: string;
  /** active profiles; absent: COMPOSE_PROFILES */
  profiles?: string[];
  /** the environment docker compose would run in */
  shellEnv?: Record<string, string | undefined>;
  from?: { file: string; line?: number };
}

export interface ComposeServiceDef {
  name: string;
  node: MapNode;
  profiles: string[];
  /** runs under the active profiles */
  active: boolean;
  /** the environment of the project that defines it (an included project has its own) */
  env: Lookup;
}

export interface ComposeProject {
  /** what identifies it among the projects of a repository */
  key: string;
  name: string;
  dir: string;
  files: string[];
  env: Lookup;
  activeProfiles: string[];
  services: Map<string, ComposeServiceDef>;
  model: MapNode;
  issues: InterpolationIssue[];
  /** every file read to open it: what a pre-commit run watches */
  read: string[];
  /** the compose files of the projects it includes (at any depth): those are part of it */
  included: string[];
}

/** Opens a project; the same options open it once per run. */
export function openProject(files: RepoFiles, options: ProjectOptions): ComposeProject {
  const cacheKey = JSON.stringify([options.files, options.dir, options.profiles, envId(options.shellEnv)]);
  let cache = projects.get(files);
  if (!cache) projects.set(files, (cache = new Map()));
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const project = load(files, options, [], new Set());
  cache.set(cacheKey, project);
  return project;
}

const projects = new WeakMap<RepoFiles, Map<string, ComposeProject>>();
const envIds = new WeakMap<object, number>();
let nextEnvId = 1;

/** The same environment object opens a project once; another one opens it anew. */
function envId(env: object | undefined): number {
  if (!env) return 0;
  let id = envIds.get(env);
  if (id === undefined) envIds.set(env, (id = nextEnvId++));
  return id;
}

function load(
  files: RepoFiles,
  o: ProjectOptions,
  including: string[],
  read: Set<string>,
  parentEnv?: Lookup,
  envFiles?: string[],
  included = new Map<string, ComposeProject>(),
): ComposeProject {
  const shell = shellLookup(o.shellEnv ?? {});
  const explicitDir = o.dir ?? (o.files?.length ? path.posix.dirname(o.files[0]!) : '.');
  const issues: InterpolationIssue[] = [];
  // The project .env (or an include's env_file list): the shell, or the including project, wins.
  const outer = parentEnv ?? shell;
  const dotenvFiles = envFiles ?? [join(explicitDir, '.env')];
  const env = projectEnv(files, dotenvFiles, outer, issues, envFiles !== undefined, read);
  const lookup: Lookup = (n) => outer(n) ?? env.get(n);
  const list = composeFiles(files, o, explicitDir, lookup);
  if (list.length === 0) {
    throw new SourceError('FILE_NOT_FOUND', [
      { ...o.from, message: `no compose file in ${explicitDir === '.' ? 'the repository root' : explicitDir}/ (${DEFAULT_COMPOSE_FILES.join(', ')})` },
    ]);
  }
  const dir = o.dir ?? path.posix.dirname(list[0]!);
  const ctx: LoadContext = {
    files,
    lookup,
    issues,
    including: [...including, list[0]!],
    read,
    include: (spec) => {
      // An included project is loaded once per run however often it is included (a diamond of
      // includes is not loaded twice per path through it).
      const key = JSON.stringify([spec.files, spec.dir, spec.envFiles]);
      let sub = included.get(key);
      if (!sub) {
        sub = load(
          files,
          { files: spec.files, dir: spec.dir, shellEnv: o.shellEnv, from: spec.from },
          [...including, list[0]!],
          read,
          lookup,
          spec.envFiles,
          included,
        );
        included.set(key, sub);
        issues.push(...sub.issues);
      }
      return sub.model;
    },
    rawFiles: new Map(),
    extended: new Map(),
  };
  const model = mergeFiles(list.map((f) => loadFile(ctx, f, dir, o.from)));
  const name = normalizeName(
    str(get(model, 'name')) ?? lookup('COMPOSE_PROJECT_NAME')?.value ?? path.posix.basename(dir === '.' ? files.root : path.posix.join(files.root, dir)),
  );
  const profilesText = o.profiles ?? (lookup('COMPOSE_PROFILES')?.value ?? '').split(',');
  const activeProfiles = profilesText.map((p) => p.trim()).filter(Boolean);
  const services = new Map<string, ComposeServiceDef>();
  for (const [svcName, node] of entries(get(model, 'services'))) {
    if (node.kind !== 'map') continue;
    const profiles = stringOrList(get(node, 'profiles')).map((p) => String(p.value));
    const active = profiles.length === 0 || profiles.some((p) => activeProfiles.includes(p) || p === '*') || activeProfiles.includes('*');
    services.set(svcName, { name: svcName, node, profiles, active, env: lookup });
  }
  return {
    key: `${dir}|${list.join(',')}`,
    name,
    dir,
    files: list,
    env: lookup,
    activeProfiles,
    services,
    model,
    issues,
    read: [...read],
    included: [...included.values()].flatMap((p) => p.files),
  };
}

/** `-f` files, else COMPOSE_FILE (from the shell or the project .env), else the default names. */
function composeFiles(files: RepoFiles, o: ProjectOptions, dir: string, lookup: Lookup): string[] {
  if (o.files?.length) return o.files;
  const fromEnv = lookup('COMPOSE_FILE')?.value;
  if (fromEnv) {
    const sep = lookup('COMPOSE_PATH_SEPARATOR')?.value || ':';
    return fromEnv
      .split(sep)
      .filter((f) => f && !isOutside(f))
      .map((f) => join(dir, f));
  }
  const exists = (name: string) => files.read(files.ref(dir, name), { optional: true }) !== null;
  const main = DEFAULT_COMPOSE_FILES.find(exists);
  if (!main) return [];
  const override = OVERRIDE_FILES.find(exists);
  return [join(dir, main), ...(override ? [join(dir, override)] : [])];
}

/** Env files for interpolation, compose's reader; a variable the outer environment sets is not replaced. */
function projectEnv(files: RepoFiles, list: string[], outer: Lookup, issues: InterpolationIssue[], required: boolean, read: Set<string>): Map<string, Binding> {
  const env = new Map<string, Binding>();
  for (const rel of list) {
    const ref = files.ref('.', rel);
    const text = files.read(ref, { optional: !required });
    read.add(ref.rel);
    if (text === null) continue;
    const r = parseComposeEnvFile(text, (n) => outer(n) ?? env.get(n));
    for (const u of r.unset)
      issues.push({ file: ref.rel, line: u.line, path: [], key: u.key, ...(u.whole ? { whole: true } : {}), issue: { kind: 'unset', name: u.name } });
    if (r.error) {
      if (r.error.template) issues.push({ file: ref.rel, line: r.error.line, path: [], issue: r.error.template });
      else throw new SourceError('PARSE_ERROR', [{ file: ref.rel, line: r.error.line, message: `${r.error.message} (docker compose refuses this .env file)` }]);
    }
    for (const e of r.entries) if (!outer(e.key)) env.set(e.key, { value: e.value, source: { kind: 'dotenv', file: ref.rel, line: e.line } });
  }
  return env;
}

function shellLookup(env: Record<string, string | undefined>): Lookup {
  return (n) => {
    const v = Object.hasOwn(env, n) ? env[n] : undefined;
    return v === undefined ? undefined : { value: v, source: { kind: 'shell' } };
  };
}

/** compose-go's NormalizeProjectName: lower case, only [a-z0-9_-], starting with a letter or digit. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');
}
