/**
 * Node's own env-file reader (`node --env-file`, `process.loadEnvFile`, `util.parseEnv`): not npm
 * dotenv's parser, though close (it trims only spaces, takes `"abc"def` as `abc`, has no `export`
 * or `KEY: value`). concord runs on Node ≥ 20.12, so it asks Node's own `util.parseEnv` for the
 * values and only finds each key's line itself.
 */
import { parseEnv } from 'node:util';
import type { DialectEntry, DialectResult } from './types.js';

export function parseNodeNative(text: string): DialectResult {
  const values = parseEnv(text) as Record<string, string>;
  const lines = text.split(/\r\n|\r|\n/);
  const entries: DialectEntry[] = [];
  for (const [key, value] of Object.entries(values)) {
    // The last line assigning the key is the one that won.
    let line = 0;
    for (let i = lines.length - 1; i >= 0 && line === 0; i--) {
      const l = lines[i]!.replace(/^ +/, '');
      if (l.startsWith(key) && /^ *=/.test(l.slice(key.length))) line = i + 1;
    }
    entries.push({ key, value, line: line || 1 } as DialectEntry);
  }
  return { entries, unset: [] };
}
