import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { SourceError, type Problem } from '../errors.js';

/** More alias expansions than this in one document is treated as an alias bomb. */
const MAX_ALIAS_COUNT = 100;

/** A parsed YAML (or JSON) file that can say on which line any node stands. */
export class YamlFile {
  readonly file: string;
  readonly docs: Document.Parsed[];
  readonly #lc: LineCounter;

  constructor(file: string, docs: Document.Parsed[], lc: LineCounter) {
    this.file = file;
    this.docs = docs;
    this.#lc = lc;
  }

  line(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? this.#lc.linePos(range[0]).line : undefined;
  }
}

/**
 * Parses YAML or JSON text. Errors name the file and line and say what is wrong in our words:
 * yaml's own messages quote the offending source line, which may hold a secret.
 */
export function parseYaml(text: string, file: string, options: { version?: '1.1' | '1.2' } = {}): YamlFile {
  const lc = new LineCounter();
  // version 1.1: what Kubernetes (go-yaml v2) makes of `on`, `0755`, `1_000`; default: YAML 1.2.
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false, merge: true, uniqueKeys: true, ...(options.version ? { version: options.version } : {}) });
  const list = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
  const problems: Problem[] = [];
  for (const doc of list) {
    for (const err of doc.errors) {
      const line = lc.linePos(err.pos[0]).line;
      problems.push({ file, line, message: describeYamlError(err.code, err.message, lineText(text, line)) });
    }
  }
  if (problems.length > 0) throw new SourceError('PARSE_ERROR', problems);
  // An alias bomb needs aliases (`*name`): only then pay for a full expansion to count them.
  if (text.includes('*')) {
    for (const doc of list) {
      try {
        doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch {
        throw new SourceError('PARSE_ERROR', [{ file, message: `too many alias expansions (over ${MAX_ALIAS_COUNT}): refusing a possible YAML alias bomb` }]);
      }
    }
  }
  return new YamlFile(file, list, lc);
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? undefined : end);
}

function describeYamlError(code: string, message: string, line: string): string {
  // Keep yaml's sentence but drop its excerpt and any quoted token from the source.
  const sentence = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/: ".*"$/, '').replace(/"[^"]*"/g, '…');
  let text = `invalid YAML: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)} (${code})`;
  if (line.includes('${') && /[[{]/.test(line)) {
    text +=
      '. A value containing ${…} inside a flow collection ([…] or {…}) must be quoted, e.g. [".env.${env}"], or written as a block list';
  }
  return text;
}

// Small typed accessors over yaml nodes, resolving aliases.

export function deref(doc: Document.Parsed, node: unknown): Node | undefined {
  if (node == null) return undefined;
  if (isAlias(node)) return deref(doc, node.resolve(doc));
  return node as Node;
}

type MapEntry = { key: string; keyNode: Node; value: Node | undefined };

// Lookups by key are indexed once per mapping node: a compose file with thousands of services is
// asked for each of them, and a linear scan per question would make loading quadratic.
const entryCache = new WeakMap<object, MapEntry[]>();
const indexCache = new WeakMap<object, Map<string, MapEntry>>();

export function mapGet(doc: Document.Parsed, node: unknown, key: string): Node | undefined {
  const n = deref(doc, node);
  if (!isMap(n)) return undefined;
  let index = indexCache.get(n);
  if (!index) {
    index = new Map(mapEntries(doc, n).map((e) => [e.key, e]));
    indexCache.set(n, index);
  }
  const e = index.get(key);
  return e ? ((e.value ?? e.keyNode) as Node) : undefined;
}

/** A mapping's entries, with YAML merge keys (`<<: *base`) applied: own keys win over merged ones. */
export function mapEntries(doc: Document.Parsed, node: unknown, depth = 0): MapEntry[] {
  const n = deref(doc, node);
  if (!isMap(n) || depth > 20) return [];
  const cached = entryCache.get(n);
  if (cached) return cached;
  const result = computeEntries(doc, n, depth);
  entryCache.set(n, result);
  return result;
}

function computeEntries(doc: Document.Parsed, n: import('yaml').YAMLMap, depth: number): MapEntry[] {
  const own: { key: string; keyNode: Node; value: Node | undefined }[] = [];
  const merged: typeof own = [];
  for (const pair of n.items) {
    const k = deref(doc, pair.key);
    if (!isScalar(k)) continue;
    if (k.value === '<<' || typeof k.value === 'symbol') {
      const v = deref(doc, pair.value);
      for (const src of isSeq(v) ? v.items : [v]) merged.push(...mapEntries(doc, src, depth + 1));
      continue;
    }
    own.push({ key: String(k.value), keyNode: k, value: deref(doc, pair.value) });
  }
  if (merged.length === 0) return own;
  const ownKeys = new Set(own.map((e) => e.key));
  const seen = new Set<string>();
  const fromMerge = merged.filter((e) => !ownKeys.has(e.key) && !seen.has(e.key) && seen.add(e.key));
  return [...fromMerge, ...own];
}

export function seqItems(doc: Document.Parsed, node: unknown): Node[] {
  const n = deref(doc, node);
  if (!isSeq(n)) return [];
  return n.items.map((i) => deref(doc, i)).filter((i): i is Node => i !== undefined);
}

/** A scalar's value as a string (null → ''), or undefined for collections. */
export function scalarString(doc: Document.Parsed, node: unknown): string | undefined {
  const n = deref(doc, node);
  if (!isScalar(n)) return undefined;
  if (n.value === null || n.value === undefined) return '';
  return typeof n.value === 'string' ? n.value : String(n.value);
}

export { isMap, isScalar, isSeq };
