import { readFileSync } from 'node:fs';

/** concord's version, from its package.json (part of every cache key). Two folders deep like every
 * module, so the path holds in dist/ and in the bundle (dist/bin/). */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
