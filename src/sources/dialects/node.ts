/**
 * npm `dotenv` (16 and 18, `parse`/`config`; Node's `--env-file` agrees on ordinary lines) and
 * `dotenv-expand` 12 on top of it. dotenv's own line pattern is used as is: its quirks (a `#`
 * anywhere ends an unquoted value, `\n` only in double quotes, backticks as quotes) are the
 * dialect. dotenv does no interpolation; dotenv-expand does, after `config()` has put the file's
 * keys into the process environment (which is why a later key can be referred to).
 */
import type { Lookup } from '../compose/template.js';
import type { DialectEntry, DialectResult } from './types.js';

const LINE = /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/gm;

type Parsed = Omit<DialectEntry, 'rawText'>;

/** dotenv's parse(): every match, with the line it starts on; the last of a repeated key wins. */
export function parseNodeDotenv(text: string): DialectResult {
  const src = text.replace(/\r\n?/g, '\n');
  const byKey = new Map<string, Parsed>();
  const re = new RegExp(LINE.source, LINE.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const key = m[1]!;
    let value = (m[2] ?? '').trim();
    const quote = value[0];
    value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    const keyAt = m.index + m[0].indexOf(key);
    byKey.delete(key);
    byKey.set(key, { key, value, line: lineOf(src, keyAt), ...(quote === "'" ? { literal: true } : {}) });
  }
  return { entries: [...byKey.values()] as DialectEntry[], unset: [] };
}

/**
 * dotenv + dotenv-expand 12: `config()` first (the environment wins over the file), then each
 * key expanded in file order against the running values and the environment, exactly as
 * dotenv-expand's regex loop does (`${A}`, `$A`, `:-`, `-`, `:+`, `+`; `\$` for a literal `$`).
 */
export function parseNodeExpand(text: string, lookup: Lookup = () => undefined): DialectResult {
  const parsed = parseNodeDotenv(text);
  const processEnv: Record<string, string> = Object.create(null);
  const envValue = (k: string) => lookup(k)?.value;
  for (const e of parsed.entries) {
    const fromEnv = envValue(e.key);
    processEnv[e.key] = fromEnv ?? e.value;
  }
  const running: Record<string, string> = Object.create(null);
  const unset: DialectResult['unset'] = [];
  for (const e of parsed.entries) {
    const fromEnv = envValue(e.key);
    let value: string;
    if (fromEnv && fromEnv !== e.value) value = fromEnv;
    else {
      const used: string[] = [];
      value = expandValue(e.value, (k) => (k in processEnv ? processEnv[k] : envValue(k)), running, used);
      const uses = used.map((name) => {
        const b = lookup(name);
        const own = parsed.entries.find((x) => x.key === name);
        return { name, ...(b ? { binding: b } : own ? { binding: { value: processEnv[name]!, source: { kind: 'dotenv', line: own.line } } } : {}) };
      });
      if (uses.length) e.uses = uses;
      for (const u of uses) if (!u.binding) unset.push({ name: u.name, line: e.line });
    }
    e.value = value.replace(/\\\$/g, '$');
    running[e.key] = e.value;
  }
  return { entries: parsed.entries, unset };
}

function expandValue(value: string, env: (k: string) => string | undefined, running: Record<string, string>, used: string[]): string {
  const lookupBoth = (k: string) => env(k) ?? running[k];
  const regex = /(?<!\\)\${([^{}]+)}|(?<!\\)\$([A-Za-z_][A-Za-z0-9_]*)/g;
  let result = value;
  let match: RegExpExecArray | null;
  const seen = new Set<string>();
  // Each replacement restarts the scan; a value can only shrink or repeat, and a repeat stops it.
  for (let rounds = 0; (match = regex.exec(result)) !== null && rounds < 1000; rounds++) {
    seen.add(result);
    const [template, braced, plain] = match;
    const expression = (braced ?? plain)!;
    const splitter = /(:\+|\+|:-|-)/.exec(expression)?.[0] ?? null;
    const parts = splitter ? expression.split(splitter) : [expression];
    const key = parts.shift()!;
    if (!used.includes(key)) used.push(key);
    let fallback: string;
    let found: string | undefined;
    if (splitter === ':+' || splitter === '+') {
      fallback = lookupBoth(key) ? parts.join(splitter) : '';
      found = undefined;
    } else {
      fallback = splitter ? parts.join(splitter) : '';
      found = lookupBoth(key);
    }
    const replacement = found && !seen.has(found) ? found : fallback;
    result = result.replace(template, () => replacement);
    if (result === running[key]) break;
    regex.lastIndex = 0;
  }
  return result;
}

export function lineOf(src: string, pos: number): number {
  let n = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) n++;
  return n;
}
