import type { Document } from 'yaml';
import { deref, isMap, isScalar, isSeq } from '../sources/yaml-doc.js';

/** The line a data path of a YAML document was written on, or its nearest ancestor's. */
export type LineOf = (p: (string | number)[]) => number | undefined;

/**
 * Line lookup by data path, indexed in one walk of the document: asking the document for each
 * path would scan every service's mapping each time.
 */
export function makeLineOf(doc: Document.Parsed, line: (n: unknown) => number | undefined): LineOf {
  return lineLookup(lineIndex(doc, line));
}

export function lineIndex(doc: Document.Parsed, line: (n: unknown) => number | undefined): Map<string, number> {
  const index = new Map<string, number>();
  const walk = (node: unknown, key: string, depth: number) => {
    if (depth > 64) return;
    const n = deref(doc, node);
    const l = n ? line(n) : undefined;
    // A key's own line wins over where its (block) value starts: `b:` rather than its first entry.
    if (l !== undefined && !index.has(key)) index.set(key, l);
    if (isMap(n)) {
      for (const pair of n.items) {
        const k = deref(doc, pair.key);
        if (!isScalar(k)) continue;
        const child = `${key}\u0000${String(k.value)}`;
        const kl = line(k);
        if (kl !== undefined) index.set(child, kl);
        if (pair.value) walk(pair.value, child, depth + 1);
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, `${key}\u0000${i}`, depth + 1));
    }
  };
  walk(doc.contents, '', 0);
  return index;
}

export function lineLookup(index: Map<string, number>): LineOf {
  return (p) => {
    for (let n = p.length; n >= 0; n--) {
      const l = index.get(
        p
          .slice(0, n)
          .map((s) => `\u0000${s}`)
          .join(''),
      );
      if (l !== undefined) return l;
    }
    return undefined;
  };
}
