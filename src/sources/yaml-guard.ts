import { CST, isAlias, isMap, isPair, isScalar, isSeq, Lexer, type Document, type LineCounter, type Node } from 'yaml';
import { type Problem, SourceError } from '../errors.js';
import { LIMITS } from '../limits.js';

/**
 * What each alias of a checked document names. yaml's own Alias.resolve searches the whole
 * document on every call: fifty thousand `- *s` would take minutes.
 */
const aliasTargets = new WeakMap<object, Map<object, Node | undefined>>();

export function aliasTarget(doc: Document.Parsed, alias: object): Node | undefined {
  const known = aliasTargets.get(doc);
  if (known) return known.get(alias);
  return (alias as { resolve(d: Document.Parsed): Node | undefined }).resolve(doc);
}

/**
 * Checks a parsed YAML document before anything expands it: repeated keys (yaml's own check is
 * quadratic, so it is off and done here with a Set), the number of keys, the nesting depth, and
 * what aliases and merge keys would produce once expanded — counted, never built — so a few
 * hundred `<<: *defaults` load while a billion-laughs file fails at once. A recursive alias, a
 * merge-key cycle and an alias used before its anchor each get their own message and line.
 */
export function guardDocument(doc: Document.Parsed, file: string, lc: LineCounter, keysSoFar = 0): number {
  const line = (n: unknown) => {
    const r = (n as { range?: [number, number, number] } | undefined)?.range;
    return r ? lc.linePos(r[0]).line : undefined;
  };
  const fail = (n: unknown, message: string): never => {
    throw new SourceError('PARSE_ERROR', [{ file, line: line(n), message } satisfies Problem]);
  };

  // Pass 1, in document order: which node each alias names (the latest anchor before it, as YAML
  // says), keys, depth.
  const targets = new Map<object, Node | undefined>();
  aliasTargets.set(doc, targets);
  const anchors = new Map<string, Node>();
  const allAnchors = new Set<string>();
  const aliases: { alias: object; name: string }[] = [];
  let keys = keysSoFar;
  const scan = (n: unknown, depth: number): void => {
    if (n == null) return;
    if (depth > LIMITS.nestingDepth) fail(n, `collections are nested more than ${LIMITS.nestingDepth} deep`);
    if (isAlias(n)) {
      targets.set(n, anchors.get(n.source));
      aliases.push({ alias: n, name: n.source });
      return;
    }
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) {
      anchors.set(anchor, n as Node);
      allAnchors.add(anchor);
    }
    if (isMap(n)) {
      const seen = new Map<string, number | undefined>();
      for (const pair of n.items) {
        if (++keys > LIMITS.keys) fail(pair.key, `more than ${LIMITS.keys} keys in one file`);
        const k = pair.key;
        if (isScalar(k) && k.value !== '<<' && typeof k.value !== 'symbol') {
          const name = String(k.value);
          if (seen.has(name)) fail(k, `a key is repeated in this mapping (first on line ${seen.get(name) ?? '?'}); the later one would silently win`);
          seen.set(name, line(k));
        }
        scan(k, depth + 1);
        scan(pair.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) scan(item, depth + 1);
    }
  };
  scan(doc.contents, 0);
  for (const { alias, name } of aliases) {
    if (targets.get(alias) !== undefined) continue;
    fail(
      alias,
      allAnchors.has(name) ? 'an alias is used before the anchor it names (an anchor must come first)' : 'an alias names an anchor that does not exist',
    );
  }
  if (aliases.length === 0) return keys;

  // Pass 2: the size of each node once expanded, memoised, so counting is linear in the text.
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  let added = 0;
  const measure = (n: unknown, depth: number, viaMerge: boolean): number => {
    if (n == null) return 0;
    if (depth > LIMITS.nestingDepth) fail(n, `collections are nested more than ${LIMITS.nestingDepth} deep once aliases are expanded`);
    if (isAlias(n)) {
      const target = targets.get(n)!;
      if (onPath.has(target)) {
        fail(
          n,
          viaMerge ? 'a merge key (<<) merges a mapping into itself: a merge-key cycle' : 'an alias refers to a collection that contains it: a recursive alias',
        );
      }
      const s = measure(target, depth + 1, false);
      added += s;
      if (added > LIMITS.yamlAliasNodes)
        fail(n, `aliases expand this document by more than ${LIMITS.yamlAliasNodes} nodes: refusing a possible YAML alias bomb`);
      return s;
    }
    const memo = size.get(n as object);
    if (memo !== undefined) return memo;
    onPath.add(n as object);
    let total = 1;
    if (isMap(n)) {
      for (const pair of n.items) {
        const merge = isScalar(pair.key) && (pair.key.value === '<<' || typeof pair.key.value === 'symbol');
        total += measure(pair.key, depth + 1, false);
        if (merge && isSeq(pair.value)) for (const item of pair.value.items) total += measure(item, depth + 1, true);
        else total += measure(pair.value, depth + 1, merge);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) total += isPair(item) ? measure(item.value, depth + 1, false) : measure(item, depth + 1, false);
    }
    onPath.delete(n as object);
    size.set(n as object, total);
    return total;
  };
  measure(doc.contents, 0, false);
  return keys;
}

const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);
const VALUE_TOKENS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar-header']);

/**
 * Bounds a YAML text before it is parsed: flow nesting, lines, and the values counted with yaml's
 * lexer (the document tree of an 8 MiB flow sequence of four million numbers takes more than a
 * gigabyte). A text too short to hold that many values is not lexed twice.
 */
export function guardText(text: string, file: string): void {
  // Flow collections nested a million deep make yaml build an error per level (gigabytes). A
  // bracket count that ignores quoting over-counts only text no real file holds 200 of.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > LIMITS.nestingDepth)
        throw new SourceError('PARSE_ERROR', [
          { file, line: text.slice(0, i).split('\n').length, message: `collections are nested more than ${LIMITS.nestingDepth} deep` },
        ]);
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  // Lines first: a garbage file of a million lines gives yaml a million errors to build.
  if (text.length > LIMITS.yamlLines) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0 && lines <= LIMITS.yamlLines; i = text.indexOf('\n', i + 1)) lines++;
    if (lines > LIMITS.yamlLines)
      throw new SourceError('PARSE_ERROR', [{ file, line: lines, message: `more than ${LIMITS.yamlLines} lines in one YAML or JSON file` }]);
  }
  if (text.length < LIMITS.yamlValues * 2) return;
  let values = 0;
  let offset = 0;
  for (const tok of new Lexer().lex(text)) {
    if (!CONTROL.has(tok)) offset += tok.length;
    if (!VALUE_TOKENS.has(CST.tokenType(tok) ?? '') || ++values <= LIMITS.yamlValues) continue;
    const line = text.slice(0, offset).split('\n').length;
    throw new SourceError('PARSE_ERROR', [{ file, line, message: `more than ${LIMITS.yamlValues} values in one file` }]);
  }
}
