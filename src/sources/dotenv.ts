import { parse } from 'dotenv';
import { SourceError } from '../errors.js';
import type { Entry } from './types.js';
import { LIMITS } from '../limits.js';

const KEY_LINE = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s|:$)\s*(.*)$/;

/**
 * A dotenv file → entries with their line. Values come from dotenv's own parser; this scanner
 * only finds each key's line and refuses lines dotenv would silently drop. When a key repeats,
 * the last one wins, as in dotenv.
 */
export function parseDotenv(text: string, file: string): Entry[] {
  const lines = text.split(/\r?\n/);
  const lineOf = new Map<string, number>();
  const singleQuoted = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m) {
      throw new SourceError('PARSE_ERROR', [
        { file, line: i + 1, message: 'expected KEY=value (a line that is not blank or a # comment must assign a variable)' },
      ]);
    }
    const key = m[1]!;
    const rest = m[2]!.trimStart();
    lineOf.set(key, i + 1);
    if (lineOf.size > LIMITS.dotenvVariables) {
      throw new SourceError('PARSE_ERROR', [{ file, line: i + 1, message: `more than ${LIMITS.dotenvVariables} variables in one dotenv file` }]);
    }
    if (rest.startsWith("'")) singleQuoted.add(key);
    else singleQuoted.delete(key);
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      if (closes(rest.slice(1), quote)) continue;
      // A multi-line quoted value: find the line that closes it.
      const start = i;
      let closed = false;
      while (++i < lines.length) {
        if (closes(lines[i]!, quote)) {
          closed = true;
          break;
        }
      }
      if (!closed) {
        throw new SourceError('PARSE_ERROR', [{ file, line: start + 1, message: `the quoted value of ${key} is never closed (no matching ${quote})` }]);
      }
    }
  }
  const values = parse(text);
  const entries: Entry[] = [];
  for (const [key, value] of Object.entries(values)) {
    entries.push({ key, value, source: { kind: 'dotenv', file, line: lineOf.get(key) }, raw: singleQuoted.has(key) || undefined });
  }
  return entries;
}

function closes(s: string, quote: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === quote) return true;
  }
  return false;
}
