/**
 * python-dotenv: `dotenv_values()` (what pydantic-settings reads) and `load_dotenv()`. A `#`
 * starts a comment only after white space, both quote kinds take escapes (single quotes only
 * `\\` and `\'`), a line it cannot parse is skipped with a warning rather than failing the file,
 * and `${NAME}`/`${NAME:-default}` are expanded in every value, quoted or not (`$NAME` is not).
 * `dotenv_values` lets the file win over the environment when interpolating; `load_dotenv`
 * (override=False) the environment, and never replaces a variable that is already set.
 */
import type { Lookup } from '../compose/template.js';
import type { DialectEntry, DialectResult } from './types.js';

const MULTILINE_WS = /\s*/y;
const WS = /[^\S\r\n]*/y;
const EXPORT = /(?:export[^\S\r\n]+)?/y;
const SQ_KEY = /'([^']+)'/y;
const UNQ_KEY = /([^=#\s]+)/y;
const EQUAL = /(=[^\S\r\n]*)/y;
const SQ_VALUE = /'((?:\\'|[^'])*)'/y;
const DQ_VALUE = /"((?:\\"|[^"])*)"/y;
const UNQ_VALUE = /([^\r\n]*)/y;
const COMMENT = /(?:[^\S\r\n]*#[^\r\n]*)?/y;
const END_OF_LINE = /[^\S\r\n]*(?:\r\n|\n|\r|$)/y;
const REST_OF_LINE = /[^\r\n]*(?:\r|\n|\r\n)?/y;
const DQ_ESCAPES = /\\[\\'"abfnrtv]/g;
const SQ_ESCAPES = /\\[\\']/g;
const ESCAPE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const POSIX_VARIABLE = /\$\{([^}:]*)(?::-([^}]*))?\}/g;

class Stop extends Error {}

interface Binding {
  key: string;
  value: string | null;
  line: number;
  literal?: boolean;
}

/** python-dotenv's parse_stream: one binding per statement, a bad statement skipped. */
function parseStream(text: string): Binding[] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    line += (s.slice(pos, to).match(/\r\n|\n|\r/g) ?? []).length;
    pos = to;
  };
  const read = (re: RegExp): string[] => {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) throw new Stop();
    advance(re.lastIndex);
    return m.slice(1);
  };
  const out: Binding[] = [];
  while (pos < s.length) {
    try {
      read(MULTILINE_WS);
      if (pos >= s.length) break;
      read(EXPORT);
      const keyLine = line;
      const c = s[pos];
      if (c === '#') {
        read(COMMENT);
        read(END_OF_LINE);
        continue;
      }
      const key = (c === "'" ? read(SQ_KEY) : read(UNQ_KEY))[0]!;
      read(WS);
      let value: string | null = null;
      let literal = false;
      if (s[pos] === '=') {
        const spaced = read(EQUAL)[0]!.length > 1;
        const v = s[pos];
        if (v === "'") {
          value = read(SQ_VALUE)[0]!.replace(SQ_ESCAPES, (e) => ESCAPE[e[1]!]!);
          literal = true;
        } else if (v === '"') value = read(DQ_VALUE)[0]!.replace(DQ_ESCAPES, (e) => ESCAPE[e[1]!]!);
        else if (v === undefined || v === '\n' || v === '\r') value = '';
        else {
          const part = read(UNQ_VALUE)[0]!;
          value = spaced && part.startsWith('#') ? '' : part.replace(/\s+#[\s\S]*/, '').trimEnd();
        }
      }
      read(COMMENT);
      read(END_OF_LINE);
      out.push({ key, value, line: keyLine, ...(literal ? { literal } : {}) });
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      REST_OF_LINE.lastIndex = pos;
      REST_OF_LINE.exec(s);
      advance(REST_OF_LINE.lastIndex);
    }
  }
  return out;
}

function readPython(text: string, lookup: Lookup, mode: 'values' | 'load'): DialectResult {
  const bindings = parseStream(text);
  const resolved = new Map<string, { value: string | null; line: number }>();
  const unset: DialectResult['unset'] = [];
  const entries: DialectEntry[] = [];
  for (const b of bindings) {
    let value = b.value;
    const uses: NonNullable<DialectEntry['uses']> = [];
    if (value !== null) {
      value = value.replace(POSIX_VARIABLE, (_m, name: string, dflt: string | undefined) => {
        const own = resolved.get(name);
        const env = lookup(name);
        // dotenv_values: the file's earlier keys win; load_dotenv: the environment wins.
        const fileFirst = mode === 'values';
        const pick = fileFirst ? (own ? 'file' : env ? 'env' : undefined) : env ? 'env' : own ? 'file' : undefined;
        uses.push({
          name,
          ...(pick === 'env'
            ? { binding: env! }
            : pick === 'file' && own!.value !== null
              ? { binding: { value: own!.value, source: { kind: 'dotenv', line: own!.line } } }
              : {}),
        });
        if (!pick) {
          unset.push({ name, line: b.line });
          return dflt ?? '';
        }
        return (pick === 'env' ? env!.value : own!.value) ?? '';
      });
    }
    resolved.set(b.key, { value, line: b.line });
    if (mode === 'load') {
      // load_dotenv never replaces a variable that is set, and skips a key without a value.
      const env = lookup(b.key);
      if (env) {
        entries.push({ key: b.key, value: env.value, line: b.line, inherited: true, uses: [{ name: b.key, binding: env }] } as DialectEntry);
        continue;
      }
      if (value === null) continue;
    }
    // A bare `KEY` is present without a value (None).
    if (value === null) {
      entries.push({ key: b.key, value: '', line: b.line, noValue: true } as DialectEntry);
      continue;
    }
    entries.push({ key: b.key, value, line: b.line, ...(uses.length ? { uses } : {}), ...(b.literal ? { literal: true } : {}) } as DialectEntry);
  }
  return { entries: lastWins(entries), unset };
}

function lastWins(entries: DialectEntry[]): DialectEntry[] {
  const m = new Map<string, DialectEntry>();
  for (const e of entries) {
    m.delete(e.key);
    m.set(e.key, e);
  }
  return [...m.values()];
}

export const parsePythonValues = (text: string, lookup: Lookup = () => undefined) => readPython(text, lookup, 'values');
export const parsePythonLoad = (text: string, lookup: Lookup = () => undefined) => readPython(text, lookup, 'load');
