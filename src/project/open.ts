import { existsSync } from 'node:fs';
import path from 'node:path';
import { zeroConfigManifest } from '../discover/zero-config.js';
import { ConfigError } from '../errors.js';
import { findManifest } from '../manifest/find.js';
import { loadManifest } from '../manifest/load.js';
import type { Manifest } from '../manifest/types.js';
import type { RepoFiles } from '../sources/files.js';

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
    const { manifest, files } = await zeroConfigManifest(root, options.staged);
    return { manifest, files };
  }
  const cacheDir = options.cacheDir === false ? undefined : (options.cacheDir ?? defaultCacheDir(path.dirname(manifestPath)));
  return { manifest: loadManifest(manifestPath, cacheDir, options.staged), ...(cacheDir ? { cacheDir } : {}) };
}

/** `node_modules/.cache/concord` in the nearest folder at or above `dir` that has node_modules. */
export function defaultCacheDir(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'node_modules'))) return path.join(d, 'node_modules', '.cache', 'concord');
    if (path.dirname(d) === d) return undefined;
  }
}
