import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { SourceError, type Problem } from '../errors.js';
import { aliasTarget, guardDocument, guardText } from './yaml-guard.js';

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
 * yaml's own messages quote the offending token or line, which may be a secret (`password: >x`).
 */
export function parseYaml(text: string, file: string, options: { version?: '1.1' | '1.2' } = {}): YamlFile {
  guardText(text, file);
  const lc = new LineCounter();
  // version 1.1: what Kubernetes (go-yaml v2) makes of `on`, `0755`, `1_000`; default: YAML 1.2.
  // uniqueKeys off: yaml's check compares every key with every other; guardDocument uses a Set.
  const docs = parseAllDocuments(text, {
    lineCounter: lc,
    prettyErrors: false,
    merge: true,
    uniqueKeys: false,
    ...(options.version ? { version: options.version } : {}),
  });
  const list = (Array.isArray(docs) ? docs : [docs]) as Document.Parsed[];
  const problems: Problem[] = [];
  // The first few errors say enough; a garbage file can have a million, each costing a line scan.
  for (const err of list.flatMap((doc) => doc.errors).slice(0, 5)) {
    const line = lc.linePos(err.pos[0]).line;
    problems.push({ file, line, message: describeYamlError(err.code, lineText(text, line)) });
  }
  if (problems.length > 0) throw new SourceError('PARSE_ERROR', problems);
  let keys = 0;
  for (const doc of list) keys = guardDocument(doc, file, lc, keys);
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

/** yaml's error codes in our words: its messages quote the source, ours never do. */
const YAML_ERRORS: Record<string, string> = {
  UNEXPECTED_TOKEN: 'unexpected characters here (a value starting with >, |, %, @ or ` must be quoted)',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote the value)',
  BAD_INDENT: 'bad indentation',
  MISSING_CHAR: 'a closing bracket, brace or quote is missing',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span lines (is a colon or quote missing above?)',
  BLOCK_AS_IMPLICIT_KEY: 'a nested block cannot be a key',
  DUPLICATE_KEY: 'a key is repeated in this mapping',
  TAB_AS_INDENT: 'tabs cannot indent YAML',
  BAD_ALIAS: 'a malformed alias',
  BAD_DIRECTIVE: 'a malformed directive',
  MULTIPLE_ANCHORS: 'a node has more than one anchor',
  MULTIPLE_TAGS: 'a node has more than one tag',
  TAG_RESOLVE_FAILED: 'an unknown tag',
  RESOURCE_EXHAUSTION: 'nested too deeply to read',
  IMPOSSIBLE: 'this cannot be read as YAML',
};

function describeYamlError(code: string, line: string): string {
  let text = `invalid YAML: ${YAML_ERRORS[code] ?? 'this cannot be read as YAML'} (${code})`;
  if (line.includes('${') && /[[{]/.test(line)) {
    text += '. A value containing ${…} inside a flow collection ([…] or {…}) must be quoted, e.g. [".env.${env}"], or written as a block list';
  }
  return text;
}

// Small typed accessors over yaml nodes, resolving aliases.

export function deref(doc: Document.Parsed, node: unknown): Node | undefined {
  if (node == null) return undefined;
  if (isAlias(node)) return deref(doc, aliasTarget(doc, node));
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
  if (typeof n.value === 'string') return n.value;
  // Past 2^53 or beyond a double's range, the number yaml made is not the one written: two
  // different values would compare equal. Keep the text as written.
  if (
    typeof n.value === 'number' &&
    !(Number.isSafeInteger(n.value) || (Number.isFinite(n.value) && !Number.isInteger(n.value))) &&
    typeof n.source === 'string'
  ) {
    return n.source;
  }
  return String(n.value);
}

export { isMap, isScalar, isSeq };
