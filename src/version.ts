import { readFileSync } from 'node:fs';

/**
 * concord's version, from its package.json (part of every cache key). Compiled, this module is
 * dist/version.js (one folder deep); bundled into the CLI it is dist/bin/concord.js (two): the
 * first package.json up that is concord's own is the one.
 */
export const VERSION: string = readVersion();

function readVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'concord-cli' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: the next folder up
    }
  }
  throw new Error('concord: its package.json is missing');
}
