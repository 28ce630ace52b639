/**
 * godotenv 1.5.1 (`godotenv.Read`/`Load`). An unquoted value ends at the last ` #`, double
 * quotes take `\n`/`\r` and drop the backslash of any other escape, single quotes are literal,
 * `$NAME`/`${NAME}` expand (upper-case names only, from the file's earlier keys; `${A:-d}` is not
 * understood and leaves `:-d}` behind), and a key with anything but letters, digits, `_` and `.`
 * fails the whole file. Errors name the line only.
 */
import type { DialectEntry, DialectResult } from './types.js';
import { lineOf } from './node.js';

const isSpace = (c: string | undefined) => c === '\t' || c === '\v' || c === '\f' || c === '\r' || c === ' ' || c === '\x85' || c === '\xA0';
const isUnicodeSpace = (c: string) => /\s/u.test(c) && c !== '\uFEFF';
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;
const EXPAND_VAR = /(\\)?(\$)(\()?\{?([A-Z0-9_]+)?\}?/g;

/** Go ranges over bytes here: a multi-byte character is judged byte by byte, as Latin-1 runes. */
function keyCharOk(c: string): boolean {
  if (c === '_' || c === '.') return true;
  if (c.charCodeAt(0) < 0x80) return LETTER_OR_NUMBER.test(c);
  return [...Buffer.from(c, 'utf8')].every((b) => LETTER_OR_NUMBER.test(String.fromCharCode(b)));
}

export function parseGoDotenv(text: string): DialectResult {
  const src = text.replace(/\r\n/g, '\n');
  const out = new Map<string, DialectEntry>();
  const fail = (pos: number, message: string): DialectResult => ({ entries: [...out.values()], unset: [], error: { line: lineOf(src, pos), message } });
  let i = 0;
  for (;;) {
    // Statement start: skip white space and comment lines.
    while (i < src.length && isUnicodeSpace(src[i]!)) i++;
    if (i >= src.length) break;
    if (src[i] === '#') {
      const nl = src.indexOf('\n', i);
      if (nl < 0) break;
      i = nl;
      continue;
    }
    while (isSpace(src[i])) i++;
    if (src.startsWith('export', i) && isSpace(src[i + 6])) {
      i += 6;
      while (isSpace(src[i])) i++;
    }
    const keyStart = i;
    let sep = -1;
    for (let j = i; j < src.length; j++) {
      const c = src[j]!;
      if (isSpace(c)) continue;
      if (c === '=' || c === ':') {
        sep = j;
        break;
      }
      if (!keyCharOk(c)) return fail(keyStart, 'unexpected character in a variable name');
    }
    if (sep < 0) return fail(keyStart, 'a variable without a value');
    const key = src.slice(keyStart, sep).replace(/[\s]+$/u, '');
    i = sep + 1;
    while (isSpace(src[i])) i++;
    const quote = src[i] === '"' || src[i] === "'" ? src[i]! : undefined;
    let value: string;
    let literal = false;
    if (!quote) {
      let eol = i;
      while (eol < src.length && src[eol] !== '\n' && src[eol] !== '\r') eol++;
      const line = [...src.slice(i, eol)];
      let end = line.length;
      for (let k = end - 1; k >= 0; k--) {
        if (line[k] === '#' && k > 0 && isSpace(line[k - 1])) {
          end = k;
          break;
        }
      }
      value = expandVariables(trimSpace(line.slice(0, end).join('')), out);
      i = eol;
    } else {
      let close = -1;
      for (let k = i + 1; k < src.length; k++) {
        if (src[k] === quote && src[k - 1] !== '\\') {
          close = k;
          break;
        }
      }
      if (close < 0) return fail(keyStart, 'unterminated quoted value');
      value = trimChar(src.slice(i, close), quote);
      if (quote === '"') value = expandVariables(expandEscapes(value), out);
      else literal = true;
      i = close + 1;
    }
    out.delete(key);
    out.set(key, { key, value, line: lineOf(src, keyStart), ...(literal ? { literal } : {}) } as DialectEntry);
  }
  return { entries: [...out.values()], unset: [] };
}

function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

function trimChar(s: string, c: string): string {
  let a = 0;
  let b = s.length;
  while (b > 0 && s[b - 1] === c) b--;
  while (a < b && s[a] === c) a++;
  return s.slice(a, b);
}

function expandEscapes(s: string): string {
  const out = s.replace(/\\./g, (m) => (m === '\\n' ? '\n' : m === '\\r' ? '\r' : m));
  return out.replace(/\\([^$])/g, '$1');
}

function expandVariables(v: string, vars: Map<string, DialectEntry>): string {
  return v.replace(EXPAND_VAR, (s: string, backslash: string | undefined, _d: string, _paren: string | undefined, name: string | undefined) => {
    if (backslash === '\\') return s.slice(1);
    if (name) return vars.get(name)?.value ?? '';
    return s;
  });
}
