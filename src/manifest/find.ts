import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors.js';

export const MANIFEST_NAMES = ['concord.yaml', 'concord.yml'];

/**
 * Where the manifest is: `--config FILE` as given; a folder argument looks in that folder only;
 * with neither, walk up from the working directory like git and eslint do.
 */
export function findManifest(opts: { cwd: string; dir?: string; config?: string }): string {
  if (opts.config) {
    const abs = path.resolve(opts.cwd, opts.config);
    if (!isFile(abs)) {
      throw new ConfigError(
        'MANIFEST_NOT_FOUND',
        `the manifest "${opts.config}" ${existsSync(abs) ? 'is not a regular file (a folder, FIFO or device is never read)' : 'does not exist'}`,
      );
    }
    return abs;
  }
  if (opts.dir) {
    const dir = path.resolve(opts.cwd, opts.dir);
    if (isFile(dir)) return dir;
    if (!existsSync(dir)) throw new ConfigError('MANIFEST_NOT_FOUND', `the folder "${opts.dir}" does not exist`);
    const found = inFolder(dir);
    if (!found) throw new ConfigError('MANIFEST_NOT_FOUND', `no ${MANIFEST_NAMES.join(' or ')} in "${opts.dir}"`);
    return found;
  }
  let dir = path.resolve(opts.cwd);
  for (;;) {
    const found = inFolder(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ConfigError('MANIFEST_NOT_FOUND', `no ${MANIFEST_NAMES.join(' or ')} in "${opts.cwd}" or any folder above it`);
}

function inFolder(dir: string): string | undefined {
  for (const name of MANIFEST_NAMES) {
    const p = path.join(dir, name);
    if (isFile(p)) return p;
  }
  return undefined;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
