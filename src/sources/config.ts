import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import { SourceError } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { Entry } from './types.js';
import { mayDependOnYamlVersion } from './dialects/yaml-scalar.js';
import { deref, isMap, isScalar, isSeq, parseYaml, scalarString, type YamlFile } from './yaml-doc.js';

/**
 * A YAML or JSON configuration file → entries under dotted keys (`server.port`, `hosts[0]`),
 * each with the line where its value stands. Collections are flattened; only scalars become
 * entries.
 */
export function parseConfig(raw: string, file: string): Entry[] {
  // A UTF-8 byte order mark, as Windows editors write: YAML and dotenv accept it, so JSON does too.
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (file.endsWith('.json')) checkStrictJson(text, file);
  return flattenConfig(parseYaml(text, file));
}

/**
 * YAML reads JSON but also accepts what JSON does not (`"b":` with no value), and JSON.parse's
 * messages quote the input. jsonc-parser gives the offset and a code instead; loaded only for JSON.
 */
function checkStrictJson(text: string, file: string): void {
  checkJsonDepth(text, file);
  const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  const errors: import('jsonc-parser').ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return;
  throw new SourceError(
    'PARSE_ERROR',
    errors.slice(0, 5).map((e) => ({
      file,
      line: text.slice(0, e.offset).split('\n').length,
      message: `invalid JSON: ${jsonc
        .printParseErrorCode(e.error)
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase()}`,
    })),
  );
}

/** jsonc-parser recurses per nesting level: a million `[` would overflow its stack. */
function checkJsonDepth(text: string, file: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > LIMITS.nestingDepth) {
        throw new SourceError('PARSE_ERROR', [
          { file, line: text.slice(0, i).split('\n').length, message: `collections are nested more than ${LIMITS.nestingDepth} deep` },
        ]);
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

export function flattenConfig(y: YamlFile): Entry[] {
  const out: Entry[] = [];
  for (const doc of y.docs) walk(y, doc, doc.contents, '', out);
  return out;
}

function walk(y: YamlFile, doc: Document.Parsed, raw: unknown, prefix: string, out: Entry[]): void {
  const node = deref(doc, raw);
  if (node === undefined) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = deref(doc, pair.key);
      if (!isScalar(k)) continue;
      // With merge keys on, yaml gives `<<` a symbol value.
      if (k.value === '<<' || typeof k.value === 'symbol') {
        // YAML merge key: the merged mapping's keys land at this level.
        const v = deref(doc, pair.value);
        const sources = isSeq(v) ? v.items : [v];
        for (const s of sources) walk(y, doc, s, prefix, out);
        continue;
      }
      const key = String(k.value);
      walk(y, doc, pair.value ?? k, prefix ? `${prefix}.${key}` : key, out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(y, doc, item, `${prefix}[${i}]`, out));
  } else if (isScalar(node) && prefix) {
    // An unquoted scalar whose meaning depends on the reader's YAML version keeps its text.
    const plain = node.type === 'PLAIN' && typeof node.source === 'string' && mayDependOnYamlVersion(node.source) ? { plain: node.source } : {};
    out.push({ key: prefix, value: scalarString(doc, node) ?? '', source: { kind: 'config', file: y.file, line: y.line(node) }, ...plain });
  }
}
