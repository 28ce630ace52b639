import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../version.js';

/** A parsed manifest kept between runs, keyed by its text and concord's version (never a value from .env files). */
export interface CachedManifest {
  data: unknown;
  lines: [string, number][];
}

function cachePath(cacheDir: string, text: string): string {
  // The package version is part of the key: another concord may read the manifest differently.
  return path.join(cacheDir, `manifest-${createHash('sha256').update(VERSION).update('\0').update(text).digest('hex').slice(0, 32)}.json`);
}

export function readCache(cacheDir: string, text: string): CachedManifest | undefined {
  try {
    return JSON.parse(readFileSync(cachePath(cacheDir, text), 'utf8')) as CachedManifest;
  } catch {
    return undefined;
  }
}

export function writeCache(cacheDir: string, text: string, value: CachedManifest): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    const target = cachePath(cacheDir, text);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, target);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

