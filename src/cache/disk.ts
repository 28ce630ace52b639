import { VERSION } from '../version.js';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * JSON files kept between runs in the cache folder (node_modules/.cache/concord unless
 * --cache-dir says otherwise), named by what they hold and by contentKey (a hash of the text a
 * value was computed from and concord's version) or versionedName. Shared by the manifest cache
 * and the code cache.
 *
 * Callers store only what they derive from committed files (the manifest, source code), never a
 * value read from a .env file or a secret store. A folder of `undefined` is --no-cache: nothing is
 * read or written.
 */

/** A hash of concord's version and the given parts (the text a value was computed from, and what else it depends on). */
export function contentKey(...parts: string[]): string {
  const h = createHash('sha256').update(VERSION);
  for (const p of parts) h.update('\0').update(p);
  return h.digest('hex').slice(0, 32);
}

/** `name` for this version of concord only: for a file that holds many entries, each keyed by contentKey. */
export function versionedName(name: string): string {
  return `${name}-${VERSION}`;
}

/** The value stored as `name` (a file name without .json), or undefined: no folder, no file yet, or an unreadable one. */
export function readCached<T>(dir: string | undefined, name: string): T | undefined {
  if (!dir) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Stores a value as `name`, whole or not at all: a concurrent run never reads half a file. */
export function writeCached(dir: string | undefined, name: string, value: unknown): void {
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `${name}.json`);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, target);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
