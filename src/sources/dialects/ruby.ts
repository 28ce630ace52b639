/**
 * Ruby's dotenv gem (3.x, `Dotenv.load`): its line pattern, ported with Ruby's `\s`. A `#` ends an
 * unquoted value anywhere, backslashes are dropped outside single quotes (`\n` stays two
 * characters unless DOTENV_LINEBREAK_MODE=legacy), `$(cmd)` runs a command, `$NAME`/`${NAME}`
 * expand from the file's earlier keys then the environment, and a variable already in the
 * environment is never replaced (the file's line is ignored).
 */
import type { Lookup } from '../compose/template.js';
import type { DialectEntry, DialectResult } from './types.js';
import { lineOf } from './node.js';

const S = '[ \\t\\r\\n\\f\\v]';
const LINE = new RegExp(
  `(?:^)${S}*(export${S}+)?([\\w.]+)(?:(?:${S}*=${S}*?|:${S}+?)(${S}*'(?:\\\\'|[^'])*'|${S}*"(?:\\\\"|[^"])*"|[^#\\n]+)?)?${S}*(?:#.*)?(?:$)`,
  'gmd',
);
const QUOTED = /^(['"])([\s\S]*)\1$/;
const VARIABLE = /(\\)?(\$)(?!\()\{?([A-Z0-9_]+)?\}?/gi;

export function parseRubyDotenv(text: string, lookup: Lookup = () => undefined): DialectResult {
  const src = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const hash = new Map<string, DialectEntry>();
  const re = new RegExp(LINE.source, LINE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const key = m[2]!;
    const line = lineOf(src, m.indices![2]![0]);
    const env = lookup(key);
    let entry: DialectEntry;
    if (env && key !== 'DOTENV_LINEBREAK_MODE') {
      entry = { key, value: env.value, line, inherited: true, uses: [{ name: key, binding: env }] } as DialectEntry;
    } else if (m[1] && m[3] === undefined) {
      if (!hash.has(key)) return { entries: [...hash.values()], unset: [], error: { line, message: 'an exported variable that is not set' } };
      continue;
    } else entry = { key, ...parseValue(m[3] ?? '', hash, lookup), line } as DialectEntry;
    hash.delete(key);
    hash.set(key, entry);
  }
  return { entries: [...hash.values()], unset: [] };
}

function parseValue(text: string, hash: Map<string, DialectEntry>, lookup: Lookup): Pick<DialectEntry, 'value' | 'unknown' | 'literal'> {
  let value = text.replace(/^[ \t\n\v\f\r\0]+|[ \t\n\v\f\r\0]+$/g, '');
  const q = QUOTED.exec(value);
  const quote = q?.[1];
  if (q) value = q[2]!;
  if (quote === "'") return { value, literal: true };
  const legacy = (hash.get('DOTENV_LINEBREAK_MODE')?.value ?? lookup('DOTENV_LINEBREAK_MODE')?.value) === 'legacy';
  if (quote === '"') value = legacy ? value.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : value.replace(/\\n/g, '\\\\n').replace(/\\r/g, '\\\\r');
  value = value.replace(/\\([^$])/g, '$1');
  const commands = substituteCommands(value);
  value = commands.value.replace(VARIABLE, (s: string, backslash: string | undefined, _d: string, name: string | undefined) => {
    if (backslash === '\\') return s.slice(1);
    if (name) return hash.get(name)?.value || lookup(name)?.value || '';
    return s;
  });
  return { value, ...(commands.ran ? { unknown: 'command' as const } : {}) };
}

/** `$(…)` with balanced parentheses: Ruby dotenv runs it. concord never does: the output is left out. */
function substituteCommands(value: string): { value: string; ran: boolean } {
  let out = '';
  let ran = false;
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf('$(', i);
    if (at < 0) break;
    let depth = 0;
    let end = -1;
    for (let k = at + 1; k < value.length; k++) {
      if (value[k] === '(') depth++;
      else if (value[k] === ')' && --depth === 0) {
        end = k;
        break;
      }
    }
    if (end < 0 || end === at + 2) {
      out += value.slice(i, at + 2);
      i = at + 2;
      continue;
    }
    const escaped = at > 0 && value[at - 1] === '\\';
    if (escaped) out += value.slice(i, at - 1) + value.slice(at, end + 1);
    else {
      out += value.slice(i, at);
      ran = true;
    }
    i = end + 1;
  }
  return { value: out + value.slice(i), ran };
}
