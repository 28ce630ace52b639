/**
 * compose-go's merge rules for override files and `extends`: mappings merge key by key, sequences
 * append (ports, expose, dns… then de-duplicated), scalars are replaced; `environment`, `labels`
 * and the like merge by variable name whether written as a list or a map; `command`,
 * `entrypoint` and `healthcheck.test` are replaced whole. `!reset` removes what earlier files set,
 * `!override` replaces it whole.
 */
import type { MapNode, ScalarNode, Tree } from './tree.js';

/** Service fields compose merges by key, list or map form alike (`mergeToSequence` in compose-go). */
const BY_KEY = new Set([
  'environment',
  'labels',
  'annotations',
  'sysctls',
  'extra_hosts',
  'depends_on',
  'networks',
  'build.args',
  'build.labels',
  'deploy.labels',
]);
/** Service fields one file replaces whole. */
const REPLACED = new Set(['command', 'entrypoint', 'healthcheck.test']);
/** Service sequences whose items are unique after a merge. */
const UNIQUE = new Set(['ports', 'expose', 'dns', 'dns_search', 'dns_opt', 'env_file', 'secrets', 'configs', 'volumes', 'tmpfs', 'cap_add', 'cap_drop']);

/**
 * `base` with `over` merged on top; neither is changed. `path` is where both stand in the model
 * (`['services', 'web', 'environment']`): the special rules apply to a service's fields only.
 */
export function merge(base: Tree | undefined, over: Tree | undefined, path: string[] = []): Tree | undefined {
  if (over === undefined) return base;
  if (over.tag === '!reset') return undefined;
  if (base === undefined || over.tag === '!override') return over;
  const field = path[0] === 'services' && path.length > 2 ? path.slice(2).join('.') : undefined;
  if (field !== undefined && REPLACED.has(field)) return over;
  if (field !== undefined && BY_KEY.has(field)) return mergeByKey(byKey(base), byKey(over), path);
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [k, v] of over.entries) {
      const merged = merge(entries.get(k), v, [...path, k]);
      if (merged === undefined) entries.delete(k);
      else entries.set(k, merged);
    }
    return { ...over, entries };
  }
  if (base.kind === 'seq' && over.kind === 'seq') {
    const items = [...base.items, ...over.items];
    return { ...over, items: field !== undefined && UNIQUE.has(field) ? unique(items) : items };
  }
  return over;
}

function mergeByKey(base: MapNode, over: MapNode, path: string[]): MapNode {
  const entries = new Map(base.entries);
  for (const [k, v] of over.entries) {
    const prev = entries.get(k);
    if (v.tag === '!reset') entries.delete(k);
    else entries.set(k, prev?.kind === 'map' && v.kind === 'map' && v.tag !== '!override' ? merge(prev, v, [...path, k])! : v);
  }
  return { ...over, entries };
}

/**
 * A list-or-map field as a map: `["A=1", "B"]` → `{A: "1", B: null}`; `[net1, net2]` →
 * `{net1: null, net2: null}`. Each entry keeps the line of its list item.
 */
export function byKey(node: Tree): MapNode {
  if (node.kind === 'map') return node;
  const entries = new Map<string, Tree>();
  if (node.kind === 'seq') {
    for (const item of node.items) {
      if (item.kind !== 'scalar' || item.value === null) continue;
      const text = String(item.value);
      const eq = text.indexOf('=');
      const key = eq < 0 ? text : text.slice(0, eq);
      const value: ScalarNode = { ...item, value: eq < 0 ? null : text.slice(eq + 1) };
      entries.set(key, value);
    }
  }
  return { kind: 'map', entries, file: node.file, line: node.line };
}

function unique(items: Tree[]): Tree[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = plain(i);
    return !seen.has(k) && seen.add(k) !== undefined;
  });
}

/** A node's value without positions, for comparing items. */
function plain(t: Tree): string {
  if (t.kind === 'scalar') return JSON.stringify(t.value);
  if (t.kind === 'seq') return `[${t.items.map(plain).join(',')}]`;
  return `{${[...t.entries]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${JSON.stringify(k)}:${plain(v)}`)
    .join(',')}}`;
}
