/**
 * One compose model from several files, as compose-go builds it: each file read into a tree and
 * interpolated, its `include:` entries loaded as projects of their own and imported, its services'
 * `extends:` applied, then the files merged in order (later files override earlier ones).
 * Relative paths are rebased where compose rebases them: to an extended file's folder, to an
 * included project's directory.
 */
import path from 'node:path';
import { SourceError } from '../../errors.js';
import type { RepoFiles } from '../files.js';
import { parseYaml } from '../yaml-doc.js';
import { merge } from './merge.js';
import type { Lookup } from './template.js';
import { entries, get, items, str, stringOrList, toTree, type InterpolationIssue, type MapNode, type ScalarNode, type Tree } from './tree.js';

export interface LoadContext {
  files: RepoFiles;
  lookup: Lookup;
  issues: InterpolationIssue[];
  /** include chain, for cycle detection */
  including: string[];
  /** every file read for the project (compose files, included and extended ones, env files) */
  read: Set<string>;
  /** loads an included project (its own directory and .env) and returns its model */
  include(spec: { files: string[]; dir: string; envFiles: string[] | undefined; from: { file: string; line?: number } }): MapNode;
  /** files read as bases of `extends:`, as written (no include, no extends of their own applied) */
  rawFiles: Map<string, MapNode>;
  /** services with their `extends:` applied, by `file#service`: each is resolved once */
  extended: Map<string, Tree>;
}

/** Reads, interpolates and rebases one compose file (repo-relative `rel`), includes and extends applied. */
export function loadFile(ctx: LoadContext, rel: string, baseDir: string, from?: { file: string; line?: number }): MapNode {
  const tree = readTree(ctx, rel, baseDir, from);
  let model: MapNode = { ...tree, entries: new Map(tree.entries) };
  for (const inc of items(get(tree, 'include'))) model = importInclude(ctx, model, inc, baseDir);
  model.entries.delete('include');
  applyExtends(ctx, model, rel);
  return model;
}

/** One file as a tree: parsed once per run, interpolated, its relative paths rebased to `baseDir`. */
function readTree(ctx: LoadContext, rel: string, baseDir: string, from?: { file: string; line?: number }): MapNode {
  const key = `${rel}\u0000${baseDir}`;
  const hit = ctx.rawFiles.get(key);
  if (hit) return hit;
  const ref = ctx.files.ref('.', rel, from);
  const y = ctx.files.parsed(ref, (t, r) => parseYaml(t, r), from);
  ctx.read.add(ref.rel);
  const tree = toTree(y, { lookup: ctx.lookup, issues: ctx.issues });
  rebasePaths(tree, baseDir);
  ctx.rawFiles.set(key, tree);
  return tree;
}

/** Merges files in order: the first is the base, each next one overrides. */
export function mergeFiles(models: MapNode[]): MapNode {
  return models.reduce((acc, m) => merge(acc, m) as MapNode);
}

function importInclude(ctx: LoadContext, model: MapNode, inc: Tree, baseDir: string): MapNode {
  const from = { file: inc.file, line: inc.line };
  const paths = inc.kind === 'scalar' ? stringOrList(inc) : stringOrList(get(inc, 'path'));
  if (paths.length === 0) return model;
  if (paths.some((p) => isOutside(String(p.value)))) {
    throw new SourceError('PARSE_ERROR', [
      { ...from, message: 'include: a file outside the repository (an absolute path or a home folder) cannot be read here' },
    ]);
  }
  const relFiles = paths.map((p) => join(baseDir, String(p.value)));
  const dirNode = str(get(inc, 'project_directory'));
  const dir = dirNode !== undefined ? join(baseDir, dirNode) : path.posix.dirname(relFiles[0]!);
  const envNodes = inc.kind === 'map' ? stringOrList(get(inc, 'env_file')) : [];
  const envFiles = envNodes.length ? envNodes.map((n) => join(baseDir, String(n.value))) : undefined;
  if (ctx.including.includes(relFiles[0]!)) {
    throw new SourceError('PARSE_ERROR', [{ ...from, message: `include cycle: ${[...ctx.including, relFiles[0]].join(' → ')}` }]);
  }
  const imported = ctx.include({ files: relFiles, dir, envFiles, from });
  // Imported resources must not clash with the including project's own (compose refuses it).
  const out = new Map(model.entries);
  for (const kind of ['services', 'networks', 'volumes', 'secrets', 'configs']) {
    const theirs = get(imported, kind);
    if (theirs?.kind !== 'map') continue;
    const ours = get(model, kind);
    const merged = new Map(ours?.kind === 'map' ? ours.entries : []);
    for (const [name, def] of theirs.entries) {
      if (merged.has(name) && kind === 'services') {
        throw new SourceError('PARSE_ERROR', [
          { ...from, message: `services.${name} is defined both here and in the included ${relFiles[0]} (compose refuses the conflict)` },
        ]);
      }
      if (!merged.has(name)) merged.set(name, def);
    }
    out.set(kind, { kind: 'map', entries: merged, file: ours?.file ?? theirs.file, line: ours?.line ?? theirs.line });
  }
  return { ...model, entries: out };
}

/** Applies `extends:` to every service of a file's model, in place. */
function applyExtends(ctx: LoadContext, model: MapNode, rel: string): void {
  const services = get(model, 'services');
  if (services?.kind !== 'map') return;
  const own = { ...services, entries: new Map(services.entries) };
  for (const name of [...services.entries.keys()]) services.entries.set(name, extended(ctx, own, rel, name, []));
}

/**
 * A service with its `extends:` chain applied. As compose-go does it, a base in another file is
 * looked up in that file as written (its own includes and other services are not loaded), only the
 * service asked for is resolved, and each (file, service) once: a chain across files is linear
 * work, and a cycle is an error naming its links.
 */
function extended(ctx: LoadContext, services: MapNode, rel: string, name: string, chain: string[]): Tree {
  const key = `${rel}#${name}`;
  const cached = ctx.extended.get(key);
  if (cached) return cached;
  const svc = services.entries.get(name);
  if (svc?.kind !== 'map') return svc ?? { kind: 'map', entries: new Map(), file: rel };
  const ext = svc.entries.get('extends');
  if (!ext) return svc;
  const at = { file: ext.file, line: ext.line };
  if (chain.includes(key)) throw new SourceError('PARSE_ERROR', [{ ...at, message: `extends cycle: ${[...chain, key].join(' → ')}` }]);
  if (chain.length > MAX_EXTENDS_CHAIN)
    throw new SourceError('PARSE_ERROR', [{ ...at, message: `an extends chain longer than ${MAX_EXTENDS_CHAIN} services` }]);
  const baseName = ext.kind === 'scalar' ? str(ext) : str(get(ext, 'service'));
  if (!baseName) throw new SourceError('PARSE_ERROR', [{ ...at, message: `services.${name}.extends needs a service name` }]);
  const otherFile = str(get(ext, 'file'));
  let baseServices = services;
  let baseRel = rel;
  if (otherFile !== undefined) {
    if (isOutside(otherFile))
      throw new SourceError('PARSE_ERROR', [
        { ...at, message: `services.${name} extends a file outside the repository (${otherFile.startsWith('~') ? 'a home folder' : 'an absolute path'})` },
      ]);
    baseRel = join(path.posix.dirname(rel), otherFile);
    // Paths in the other file are relative to its own folder.
    const s = get(readTree(ctx, baseRel, path.posix.dirname(baseRel), at), 'services');
    baseServices = s?.kind === 'map' ? s : { kind: 'map', entries: new Map(), file: baseRel };
  }
  if (!baseServices.entries.has(baseName)) {
    throw new SourceError('PARSE_ERROR', [
      { ...at, message: `services.${name} extends "${baseName}", which ${otherFile !== undefined ? baseRel : 'this file'} does not define` },
    ]);
  }
  const base = extended(ctx, baseServices, baseRel, baseName, [...chain, key]);
  const own = new Map(svc.entries);
  own.delete('extends');
  const result = merge(base, { ...svc, entries: own }, ['services', name]) as MapNode;
  ctx.extended.set(key, result);
  return result;
}

/** Longer `extends` chains than this are refused rather than followed. */
const MAX_EXTENDS_CHAIN = 64;

/** `~/x` and `/x` name the machine compose runs on, not the repository. */
export function isOutside(p: string): boolean {
  return p.startsWith('/') || p.startsWith('~');
}

/** Makes relative paths compose resolves (env_file, secrets/configs `file:`, build context) repo-relative. */
function rebasePaths(tree: MapNode, baseDir: string): void {
  for (const [, svc] of entries(get(tree, 'services'))) {
    const ef = get(svc, 'env_file');
    for (const item of ef?.kind === 'seq' ? ef.items : ef ? [ef] : []) {
      if (item.kind === 'scalar') rebase(item, baseDir);
      else rebase(get(item, 'path'), baseDir);
    }
    const build = get(svc, 'build');
    if (build?.kind === 'scalar') rebase(build, baseDir);
    else rebase(get(build, 'context'), baseDir);
  }
  for (const kind of ['secrets', 'configs']) for (const [, def] of entries(get(tree, kind))) rebase(get(def, 'file'), baseDir);
}

function rebase(node: Tree | undefined, baseDir: string): void {
  if (node?.kind !== 'scalar' || node.value === null) return;
  const p = String(node.value);
  if (isOutside(p) || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return;
  (node as ScalarNode).value = join(baseDir, p);
}

/** A repo-relative path from a repo-relative folder and a path written in a file. */
export function join(dir: string, p: string): string {
  return path.posix.normalize(path.posix.join(dir, p));
}
