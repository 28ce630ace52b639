/**
 * Env files as docker compose reads them: compose-go's dotenv parser for `env_file:` and the
 * project `.env` (an unquoted `#` starts a comment only after a space, double quotes take escapes
 * and interpolation, single quotes neither, `export ` and `KEY: value` accepted, a bare `KEY`
 * inherits), and docker's kvfile for `format: raw` (each line verbatim, quotes kept).
 * Errors name the line and what is wrong, never the text.
 */
import { interpolate, type Binding, type Interpolated, type Lookup, type TemplateError } from './template.js';
import { isWholeReference } from './tree.js';

export interface EnvFileEntry {
  key: string;
  value: string;
  line: number;
  /** variables interpolated into the value */
  uses?: Interpolated['uses'];
  /** a bare `KEY` line: the value came from the lookup */
  inherited?: boolean;
}

export type EnvFileError = { line: number; message: string } & ({ template?: undefined } | { template: TemplateError });

export interface EnvFileResult {
  entries: EnvFileEntry[];
  /** plain references to unset variables, with the line using them */
  unset: { name: string; line: number; key: string; whole: boolean }[];
  error?: EnvFileError;
}

const BOM = '\uFEFF';
/** Go's unicode.IsSpace without the line break: what compose-go skips inside a line. */
const INLINE_SPACE = /[\t\v\f\r \u0085\u00A0]/;
const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;

/** compose-go dotenv. `lookup` (the project environment) wins over the file's earlier keys. */
export function parseComposeEnvFile(text: string, lookup: Lookup = () => undefined): EnvFileResult {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const lines = lineIndex(src);
  const entries: EnvFileEntry[] = [];
  const own = new Map<string, Binding>();
  const unset: EnvFileResult['unset'] = [];
  const local: Lookup = (name) => lookup(name) ?? own.get(name);
  const fail = (pos: number, message: string, template?: TemplateError): EnvFileResult => ({
    entries,
    unset,
    error: template ? { line: lineAt(lines, pos), message, template } : { line: lineAt(lines, pos), message },
  });

  let i = 0;
  for (;;) {
    // Statement start: skip white space and whole-line comments.
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (i >= src.length) break;
    if (src[i] === '#') {
      const nl = src.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    const start = i;
    if (/^export\s+/.test(src.slice(i, i + 16))) {
      i += 'export'.length;
      while (i < src.length && INLINE_SPACE.test(src[i]!)) i++;
    }
    const keyStart = i;
    let end = -1;
    for (; i < src.length; i++) {
      const c = src[i]!;
      if (INLINE_SPACE.test(c)) continue;
      if (c === '=' || c === ':' || c === '\n') {
        end = i;
        break;
      }
      if (!KEY_CHAR.test(c)) return fail(start, 'unexpected character in a variable name');
    }
    const inherited = end < 0 || src[end] === '\n';
    const key = src.slice(keyStart, end < 0 ? src.length : end).replace(/\s+$/u, '');
    if (key.includes(' ')) return fail(start, 'a variable name cannot contain a space');
    const line = lineAt(lines, start);
    if (inherited) {
      const b = lookup(key);
      if (b) {
        entries.push({ key, value: b.value, line, inherited: true, uses: [{ name: key, binding: b }] });
        own.set(key, { value: b.value, source: b.source });
      }
      i = end < 0 ? src.length : end + 1;
      continue;
    }
    i = end + 1;
    while (i < src.length && INLINE_SPACE.test(src[i]!)) i++;
    const quote = src[i] === '"' || src[i] === "'" ? src[i]! : undefined;
    let raw: string;
    let expand = true;
    let escapes = false;
    if (!quote) {
      const nl = src.indexOf('\n', i);
      const rest = src.slice(i, nl < 0 ? undefined : nl);
      const hash = rest.indexOf(' #');
      raw = (hash < 0 ? rest : rest.slice(0, hash)).replace(/\s+$/u, '');
      i = nl < 0 ? src.length : nl;
    } else {
      const closed = quoted(src, i, quote);
      if (!closed) return fail(start, 'unterminated quoted value');
      raw = closed.value;
      i = closed.next;
      expand = quote === '"';
      escapes = quote === '"';
    }
    let value = escapes ? expandEscapes(raw) : raw;
    let uses: Interpolated['uses'] | undefined;
    if (expand && value.includes('$')) {
      const r = interpolate(value, local);
      if ('error' in r) return fail(start, 'cannot interpolate this value', r.error);
      value = r.value;
      uses = r.uses;
      for (const name of r.unset) unset.push({ name, line, key, whole: isWholeReference(raw) });
    }
    entries.push({ key, value, line, ...(uses?.length ? { uses } : {}) });
    own.set(key, { value, source: { kind: 'dotenv', line } });
  }
  return { entries, unset };
}

/** The quoted value starting at `open` (its quote character), escapes kept for expandEscapes. */
function quoted(src: string, open: number, quote: string): { value: string; next: number } | undefined {
  let out = '';
  let escaped = false;
  for (let i = open + 1; i < src.length; i++) {
    const c = src[i]!;
    if (c !== quote) {
      if (!escaped && c === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) out += '\\';
      escaped = false;
      out += c;
      continue;
    }
    if (escaped) {
      escaped = false;
      out += c;
      continue;
    }
    return { value: out, next: i + 1 };
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/** Double-quoted escapes as compose-go expands them (`\$` stays a literal dollar). */
function expandEscapes(s: string): string {
  return s.replace(/\\(?:([abcfnrtv$"\\])|0([0-7]{0,3}))/g, (m, c: string | undefined, oct: string | undefined) => {
    if (c !== undefined) return ESCAPES[c] ?? m;
    return String.fromCharCode(parseInt(oct || '0', 8));
  });
}

/** docker's kvfile (`docker run --env-file`, compose `format: raw`): each line as written. */
export function parseRawEnvFile(text: string, lookup: Lookup = () => undefined): EnvFileResult {
  const entries: EnvFileEntry[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let l = lines[n]!.replace(/\r$/, '');
    if (n === 0 && l.startsWith(BOM)) l = l.slice(1);
    const line = l.replace(/^\s+/u, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t\n\v\f\r]+/, '');
    if (/[ \t\n\v\f\r]/.test(key)) return { entries, unset: [], error: { line: n + 1, message: 'a variable name contains white space' } };
    if (key === '') return { entries, unset: [], error: { line: n + 1, message: 'a line has no variable name' } };
    if (eq >= 0) entries.push({ key, value: line.slice(eq + 1), line: n + 1 });
    else {
      const b = lookup(line);
      if (b) entries.push({ key, value: b.value, line: n + 1, inherited: true, uses: [{ name: key, binding: b }] });
    }
  }
  return { entries, unset: [] };
}

function lineIndex(s: string): number[] {
  const starts = [0];
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
