/**
 * A compose file as a plain tree whose every node keeps its file and line: YAML aliases and merge
 * keys resolved, every string scalar interpolated (compose interpolates values, never keys), and
 * each interpolated scalar remembering the variables it used. The merge rules, `extends` and
 * `include` then work on these trees as compose-go works on its maps.
 */
import { SourceError } from '../../errors.js';
import { LIMITS } from '../../limits.js';
import { deref, isMap, isScalar, isSeq, mapEntries, type YamlFile } from '../yaml-doc.js';
import { composePlainScalar } from './scalar.js';
import { interpolate, type Lookup, type TemplateError, type VarUse } from './template.js';

export interface Located {
  file: string;
  line?: number;
  /** compose's merge tags: `!reset` removes what earlier files set, `!override` replaces it whole */
  tag?: '!reset' | '!override';
}

export interface ScalarNode extends Located {
  kind: 'scalar';
  /** the value as compose reads it (an unquoted `0755` is "493"), after interpolation; null for an empty YAML value */
  value: string | null;
  /** variables interpolated into this value */
  uses?: VarUse[];
}

export interface MapNode extends Located {
  kind: 'map';
  entries: Map<string, Tree>;
}

export interface SeqNode extends Located {
  kind: 'seq';
  items: Tree[];
}

export type Tree = ScalarNode | MapNode | SeqNode;

/** Something compose would warn about or refuse in interpolation, located and attributed. */
export interface InterpolationIssue extends Located {
  /** `services.<name>.…` path of the value, for attributing it to a service */
  path: string[];
  /** the variable or key whose value holds the reference (`DB_PASSWORD` for `DB_PASSWORD: pa$word`) */
  key?: string;
  /** the value is that one reference and nothing else (`${DB_PASSWORD}`): its name is no part of a secret */
  whole?: boolean;
  issue: { kind: 'unset'; name: string } | TemplateError;
}

/** A backstop behind the YAML guard's limits: aliases expanded into more nodes than this are refused. */
export const MAX_TREE_NODES = LIMITS.yamlValues + LIMITS.yamlAliasNodes;
/** Collections nested deeper than this (aliases followed) are refused, as everywhere else. */
export const MAX_TREE_DEPTH = LIMITS.nestingDepth;

export interface TreeOptions {
  lookup: Lookup;
  issues: InterpolationIssue[];
  /** interpolate string scalars (off for the project `.env`-less parts compose never interpolates) */
  interpolate?: boolean;
}

/** The first document of a compose file as a tree (an empty file is an empty mapping). */
export function toTree(y: YamlFile, options: TreeOptions): MapNode {
  const doc = y.docs[0];
  const budget = { left: MAX_TREE_NODES };
  if (!doc || doc.contents == null) return { kind: 'map', entries: new Map(), file: y.file, line: 1 };
  const root = convert(y, doc, doc.contents, [], options, budget);
  if (root.kind !== 'map')
    throw new SourceError('PARSE_ERROR', [{ file: y.file, line: root.line, message: 'a compose file must be a mapping (services:, networks:, …)' }]);
  return root;
}

function convert(y: YamlFile, doc: YamlFile['docs'][number], raw: unknown, path: string[], o: TreeOptions, budget: { left: number }): Tree {
  if (--budget.left < 0) {
    throw new SourceError('PARSE_ERROR', [
      { file: y.file, message: `YAML aliases expand to more than ${MAX_TREE_NODES} nodes: refusing a possible alias bomb` },
    ]);
  }
  const node = deref(doc, raw);
  const tag = (node as { tag?: string } | undefined)?.tag;
  const at: Located = { file: y.file, line: y.line(node), ...(tag === '!reset' || tag === '!override' ? { tag } : {}) };
  if (path.length > MAX_TREE_DEPTH) {
    throw new SourceError('PARSE_ERROR', [
      { ...at, message: `values nested deeper than ${MAX_TREE_DEPTH} levels (nested collections, or a YAML alias that contains itself)` },
    ]);
  }
  if (isMap(node)) {
    const entries = new Map<string, Tree>();
    for (const e of mapEntries(doc, node)) {
      entries.set(
        e.key,
        e.value === undefined ? { kind: 'scalar', value: null, file: y.file, line: y.line(e.keyNode) } : convert(y, doc, e.value, [...path, e.key], o, budget),
      );
    }
    return { kind: 'map', entries, ...at };
  }
  if (isSeq(node)) {
    return { kind: 'seq', items: node.items.map((item, i) => convert(y, doc, item, [...path, String(i)], o, budget)), ...at };
  }
  const value = isScalar(node) ? node.value : null;
  if (typeof value === 'string' && o.interpolate !== false && value.includes('$')) {
    const r = interpolate(value, o.lookup);
    const key = keyOf(path, value);
    if ('error' in r) {
      o.issues.push({ ...at, path, ...(key ? { key } : {}), issue: r.error });
      return { kind: 'scalar', value: '', ...at };
    }
    const whole = isWholeReference(value.slice(value.indexOf('=') + 1)) || isWholeReference(value);
    for (const name of r.unset) o.issues.push({ ...at, path, ...(key ? { key } : {}), ...(whole ? { whole } : {}), issue: { kind: 'unset', name } });
    return { kind: 'scalar', value: r.value, ...at, ...(r.uses.length ? { uses: r.uses } : {}) };
  }
  // An unquoted scalar means what go-yaml and Go's fmt make of it (`0755` → 493), as in compose.
  const plain = isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' ? composePlainScalar(node.source) : undefined;
  if (at.tag === '!reset') return { kind: 'scalar', value: null, ...at };
  if (plain !== undefined) return { kind: 'scalar', value: plain, ...at };
  if (value === null || value === undefined) return { kind: 'scalar', value: null, ...at };
  return { kind: 'scalar', value: String(value), ...at };
}

/** `${NAME}`, `${NAME:-x}`, `$NAME`: a value that is one reference and nothing else. */
export function isWholeReference(text: string): boolean {
  return /^\$(\{[A-Za-z_][A-Za-z0-9_]*([:?+-][^{}]*)?\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(text.trim());
}

/** The key a value stands under: the mapping key, or `KEY` of a `- KEY=value` list item. */
function keyOf(path: string[], value: string): string | undefined {
  const last = path.at(-1);
  if (last !== undefined && !/^\d+$/.test(last)) return last;
  const eq = value.indexOf('=');
  return eq > 0 ? value.slice(0, eq) : undefined;
}

// Small accessors.

export function get(node: Tree | undefined, ...keys: string[]): Tree | undefined {
  let n = node;
  for (const k of keys) {
    if (n?.kind !== 'map') return undefined;
    n = n.entries.get(k);
  }
  return n;
}

/** A scalar as compose sees it in a string field; undefined for collections and absent nodes. */
export function str(node: Tree | undefined): string | undefined {
  if (node?.kind !== 'scalar') return undefined;
  return node.value === null ? undefined : String(node.value);
}

export function items(node: Tree | undefined): Tree[] {
  return node?.kind === 'seq' ? node.items : [];
}

export function entries(node: Tree | undefined): [string, Tree][] {
  return node?.kind === 'map' ? [...node.entries] : [];
}

/** `x` or `[x, y]`: compose's string-or-list fields. */
export function stringOrList(node: Tree | undefined): ScalarNode[] {
  if (node?.kind === 'scalar') return node.value === null ? [] : [node];
  return items(node).filter((n): n is ScalarNode => n.kind === 'scalar' && n.value !== null);
}
