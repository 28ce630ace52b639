import { contentKey, readCached, writeCached } from '../cache/disk.js';

/** A parsed manifest kept between runs: the data and the line of each path (never a value from .env files). */
export interface CachedManifest {
  data: unknown;
  lines: [string, number][];
}

/** One file per manifest text: the manifest is a committed file, so its parse may be kept. */
const fileName = (text: string) => `manifest-${contentKey(text)}`;

export function readCachedManifest(cacheDir: string | undefined, text: string): CachedManifest | undefined {
  return readCached<CachedManifest>(cacheDir, fileName(text));
}

export function writeCachedManifest(cacheDir: string | undefined, text: string, value: CachedManifest): void {
  writeCached(cacheDir, fileName(text), value);
}
