import { needsDeclaredChains } from '../rules/defaults.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { zeroConfigManifest } from '../discover/zero-config.js';
import { ConfigError } from '../errors.js';
import { findManifest } from '../manifest/find.js';
import { loadManifest } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import { planScope, type Scope } from '../pipeline/scope.js';
import type { RepoFiles } from '../sources/files.js';
import { createSession, repoFilesFor, type Session, type SessionOptions } from './session.js';

export interface OpenOptions {
  cwd?: string;
  dir?: string;
  config?: string;
  /** a file's text as git's index holds it (a pre-commit run): see RepoFiles */
  staged?: RepoFiles['staged'];
  /** where the parsed manifest may be kept; false: nowhere; absent: node_modules/.cache/concord */
  cacheDir?: string | false;
}

export interface OpenedPlatform {
  manifest: Manifest;
  /** files discovery already read (no manifest): the check reads none of them again */
  files?: RepoFiles;
  cacheDir?: string;
}

/**
 * The platform a command works on: the manifest found from `dir` (or `--config`), else — when
 * there is none — the services discovered there with the recommended rules. `check`, `explain`
 * and `audit` open it the same way, so each works with or without a manifest.
 */
export async function openPlatform(options: OpenOptions = {}): Promise<OpenedPlatform> {
  const cwd = options.cwd ?? process.cwd();
  let manifestPath: string;
  try {
    manifestPath = findManifest({ cwd, dir: options.dir, config: options.config });
  } catch (err) {
    if (!(err instanceof ConfigError) || err.code !== 'MANIFEST_NOT_FOUND' || options.config) throw err;
    const root = path.resolve(cwd, options.dir ?? '.');
    if (!existsSync(root)) throw err;
    // Discovery fills in the service specs it has just made (settings, listens) before handing
    // them over: they are its own and shared with nothing, so nothing sees them change. Building
    // them whole instead would rewrite src/discover, which other work is changing.
    const { manifest, files } = await zeroConfigManifest(root, options.staged);
    // Each discovered setting is one variable of its own name: rules comparing chains written in
    // a manifest (chain-divergence) could only say "dotenv vs compose".
    return { manifest: { ...manifest, rules: manifest.rules.filter((r) => !needsDeclaredChains(r.rule)) }, files };
  }
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir(path.dirname(manifestPath)));
  return { manifest: loadManifest(manifestPath, cacheDir, options.staged), ...(cacheDir ? { cacheDir } : {}) };
}

export interface ProjectOptions extends OpenOptions, Omit<SessionOptions, 'staged' | 'cacheDir' | 'scope'> {
  /**
   * Changed files (absolute paths), for a pre-commit run: only the services reading them, and
   * the services they are compared with, are loaded. Always offline.
   */
  changed?: string[];
  /** a session to share with other checks of the same run (audit: one per environment) */
  session?: Session;
}

/** What every command works on: the platform, opened once, and the session its models come from. */
export interface Project {
  manifest: Manifest;
  session: Session;
  /** a pre-commit run's plan: the services loaded, and the ones touched whose findings count */
  scope?: Scope;
}

/** Finds the manifest (or discovers the services), then makes the session every command reads through. */
export async function openProject(options: ProjectOptions = {}): Promise<Project> {
  const { manifest, files, cacheDir } = await openPlatform(options);
  // Discovery has no manifest folder to keep a cache beside: the caller's cacheDir holds as given.
  return projectOf(manifest, { ...options, ...(files ? { files } : {}), cacheDir: cacheDir ?? (files ? options.cacheDir : undefined) });
}

/** A project from a manifest already in hand (the library's checkManifest). */
export async function projectOf(
  manifest: Manifest,
  options: Omit<ProjectOptions, 'cwd' | 'dir' | 'config'> & Pick<SessionOptions, 'files'> = {},
): Promise<Project> {
  if (options.session) return { manifest, session: options.session };
  if (options.changed === undefined) return { manifest, session: createSession(manifest, options) };
  // The scope is planned before the session exists, so every model is built from it.
  const offline = { ...options, offline: true };
  const files = repoFilesFor(manifest, offline);
  const scope = await planScope(manifest, options.changed, files, options.env ?? process.env);
  return { manifest, scope, session: createSession(manifest, { ...offline, files, ...(scope.full ? {} : { scope }) }) };
}

/** `node_modules/.cache/concord` in the nearest folder at or above `dir` that has node_modules. */
export function defaultCacheDir(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'node_modules'))) return path.join(d, 'node_modules', '.cache', 'concord');
    if (path.dirname(d) === d) return undefined;
  }
}
