/**
 * A POSIX shell sourcing the file with `set -a; . ./file` (bash): every line is a command. Only a
 * command made of assignments alone (or `export NAME=…`) sets variables; `K=a b` runs `b` with a
 * temporary K, and `K = v` runs a command named K. Quotes and backslashes follow the shell, `#`
 * starts a comment only at the start of a word, and `$NAME`/`${…}` use compose's template
 * interpolation (the same operators). `$(cmd)`, backticks and `$$` are never run or read: the
 * value is marked unknown. A syntax error (an unclosed quote) or a failing `${X:?}` stops the
 * shell there.
 */
import { interpolate, type Binding, type Lookup, type VarUse } from '../compose/template.js';
import type { DialectEntry, DialectResult } from './types.js';
import { lineOf } from './node.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

class Halt extends Error {}

interface Word {
  /** the text before the first unquoted `=` and whether it is a valid assignment prefix */
  text: string;
  assignName?: string;
  value: string;
  pos: number;
  unknown?: 'command' | 'pid';
  uses: VarUse[];
}

export function parseShell(text: string, lookup: Lookup = () => undefined): DialectResult {
  const vars = new Map<string, DialectEntry>();
  const unset: DialectResult['unset'] = [];
  const shellLookup: Lookup = (name) => {
    const own = vars.get(name);
    if (own) return { value: own.value, source: { kind: 'dotenv', line: own.line } } as Binding;
    return lookup(name);
  };
  let i = 0;
  const s = text;
  try {
    while (i < s.length) {
      const words: Word[] = [];
      // One simple command: words until an unquoted newline or `;`.
      for (;;) {
        while (s[i] === ' ' || s[i] === '\t') i++;
        if (i >= s.length || s[i] === '\n' || s[i] === ';') {
          i++;
          break;
        }
        if (s[i] === '#') {
          while (i < s.length && s[i] !== '\n') i++;
          continue;
        }
        const w = readWord(
          s,
          i,
          shellLookup,
          words.every((x) => x.assignName !== undefined) || (words[0]!.assignName === undefined && words[0]!.text === 'export'),
        );
        i = w.end;
        words.push(w.word);
        for (const u of w.word.uses) if (!u.binding) unset.push({ name: u.name, line: lineOf(s, w.word.pos) });
      }
      if (words.length === 0) continue;
      const isExport = words[0]!.assignName === undefined && words[0]!.text === 'export';
      const assigns = isExport ? words.slice(1) : words;
      if (!isExport && !words.every((w) => w.assignName !== undefined)) {
        // A command (with temporary assignments): nothing is set. A lone name the environment
        // already holds stays as it was.
        const only = words.length === 1 ? lookup(words[0]!.text) : undefined;
        if (only && NAME.exec(words[0]!.text)?.[0] === words[0]!.text)
          vars.set(words[0]!.text, {
            key: words[0]!.text,
            value: only.value,
            line: lineOf(s, words[0]!.pos),
            inherited: true,
            uses: [{ name: words[0]!.text, binding: only }],
          } as DialectEntry);
        continue;
      }
      for (const w of assigns) {
        const line = lineOf(s, w.pos);
        if (w.assignName === undefined) {
          const env = NAME.exec(w.text)?.[0] === w.text ? lookup(w.text) : undefined;
          if (env && !vars.has(w.text))
            vars.set(w.text, { key: w.text, value: env.value, line, inherited: true, uses: [{ name: w.text, binding: env }] } as DialectEntry);
          continue;
        }
        vars.delete(w.assignName);
        vars.set(w.assignName, {
          key: w.assignName,
          value: w.value,
          line,
          ...(w.uses.length ? { uses: w.uses } : {}),
          ...(w.unknown ? { unknown: w.unknown } : {}),
        } as DialectEntry);
      }
    }
  } catch (e) {
    if (!(e instanceof Halt)) throw e;
  }
  return { entries: [...vars.values()], unset };
}

/** One shell word from `start`: quotes removed, expansions done. */
function readWord(s: string, start: number, lookup: Lookup, mayAssign: boolean): { word: Word; end: number } {
  const word: Word = { text: '', value: '', pos: start, uses: [] };
  const m = mayAssign ? ASSIGNMENT.exec(s.slice(start, start + 256)) : null;
  let i = start;
  if (m) {
    word.assignName = m[0].slice(0, -1);
    word.text = word.assignName;
    i += m[0].length;
  }
  let out = '';
  const expand = (at: number): number => {
    const r = expansion(s, at, lookup, word);
    out += r.text;
    return r.end;
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === ';') break;
    if (c === '\\') {
      if (s[i + 1] !== '\n' && i + 1 < s.length) out += s[i + 1];
      i += 2;
    } else if (c === "'") {
      const close = s.indexOf("'", i + 1);
      if (close < 0) throw new Halt();
      out += s.slice(i + 1, close);
      i = close + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= s.length) throw new Halt();
        const d = s[i]!;
        if (d === '"') break;
        if (d === '\\' && '$`"\\\n'.includes(s[i + 1] ?? '')) {
          if (s[i + 1] !== '\n') out += s[i + 1];
          i += 2;
        } else if (d === '$' || d === '`') i = expand(i);
        else {
          out += d;
          i++;
        }
      }
      i++;
    } else if (c === '$' || c === '`') i = expand(i);
    else {
      out += c;
      i++;
    }
  }
  if (word.assignName !== undefined) word.value = out;
  else word.text = out;
  return { word, end: i };
}

/** `$…` or a backtick at `at`: the text it stands for, and where it ends. */
function expansion(s: string, at: number, lookup: Lookup, word: Word): { text: string; end: number } {
  if (s[at] === '`') {
    const close = s.indexOf('`', at + 1);
    if (close < 0) throw new Halt();
    word.unknown = 'command';
    return { text: '', end: close + 1 };
  }
  const next = s[at + 1];
  if (next === '$') {
    word.unknown = 'pid';
    return { text: '', end: at + 2 };
  }
  if (next === '(') {
    let depth = 0;
    for (let k = at + 1; k < s.length; k++) {
      if (s[k] === '(') depth++;
      else if (s[k] === ')' && --depth === 0) {
        word.unknown = 'command';
        return { text: '', end: k + 1 };
      }
    }
    throw new Halt();
  }
  if (next !== undefined && /[0-9]/.test(next)) return { text: '', end: at + 2 };
  let end: number;
  if (next === '{') {
    let open = 0;
    end = -1;
    for (let k = at; k < s.length; k++) {
      if (s[k] === '}' && --open === 0) {
        end = k + 1;
        break;
      }
      if (s[k] === '$' && s[k + 1] === '{') {
        open++;
        k++;
      }
    }
    if (end < 0) throw new Halt();
  } else {
    const name = NAME.exec(s.slice(at + 1, at + 257))?.[0];
    if (!name) return { text: '$', end: at + 1 };
    end = at + 1 + name.length;
  }
  const r = interpolate(s.slice(at, end), lookup);
  if ('error' in r) throw new Halt();
  word.uses.push(...r.uses);
  return { text: r.value, end };
}
