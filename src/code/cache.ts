import { contentKey, readCached, versionedName, writeCached } from '../cache/disk.js';
import type { CodeChain, CodeLink, CodeWarning } from './types.js';

/** A literal is kept as where it stands in the source (offset, length), never as its text. */
type StoredLink = Exclude<CodeLink, { kind: 'literal' }> | { kind: 'literal'; at: number; length: number; line: number };
type StoredChain = Omit<CodeChain, 'file' | 'links'> & { links: StoredLink[] };
type Entry = { chains: StoredChain[]; warnings: Omit<CodeWarning, 'file'>[] };

/** The shape of an entry is in the name: a change makes every older cache file a miss. */
const FORMAT = 2;

/**
 * Chains of source files by content hash, in one file of the cache folder, so a warm run
 * parses nothing it has parsed before. Nothing from .env files or secret stores goes here, and
 * not even a literal of the code (it may be a hard-coded secret): only its place in the file,
 * read back from the same text (same hash) on a hit.
 */
export class ChainCache {
  readonly #dir?: string;
  readonly #name = versionedName(`code-chains-${FORMAT}`);
  readonly #entries: Map<string, Entry>;
  #dirty = false;

  /** @param dir the cache folder; undefined: --no-cache */
  constructor(dir: string | undefined) {
    this.#dir = dir;
    // No cache yet, or an unreadable one: start empty.
    this.#entries = new Map(Object.entries(readCached<Record<string, Entry>>(dir, this.#name) ?? {}));
  }

  static key(text: string, language: string): string {
    return contentKey(language, text);
  }

  get(key: string, file: string, text: string): { chains: CodeChain[]; warnings: CodeWarning[] } | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    const links = (l: StoredLink): CodeLink => (l.kind === 'literal' ? { kind: 'literal', value: text.slice(l.at, l.at + l.length), line: l.line } : l);
    return { chains: e.chains.map((c) => ({ ...c, links: c.links.map(links), file })), warnings: e.warnings.map((w) => ({ ...w, file })) };
  }

  set(key: string, text: string, value: { chains: CodeChain[]; warnings: CodeWarning[] }): void {
    const chains: StoredChain[] = [];
    for (const { file: _f, ...c } of value.chains) {
      const links: StoredLink[] = [];
      for (const l of c.links) {
        if (l.kind !== 'literal') {
          links.push(l);
          continue;
        }
        const at = literalOffset(text, l.value, l.line);
        // A literal not written verbatim (escapes): this file is simply not cached.
        if (at < 0) return;
        links.push({ kind: 'literal', at, length: l.value.length, line: l.line });
      }
      chains.push({ ...c, links });
    }
    this.#entries.set(key, { chains, warnings: value.warnings.map(({ file: _f, ...w }) => w) });
    this.#dirty = true;
  }

  save(): void {
    if (!this.#dir || !this.#dirty) return;
    writeCached(this.#dir, this.#name, Object.fromEntries(this.#entries));
    this.#dirty = false;
  }
}

/** Where `value` stands on line `line` (1-based) of `text`, or -1. */
function literalOffset(text: string, value: string, line: number): number {
  let start = 0;
  for (let i = 1; i < line && start >= 0; i++) start = text.indexOf('\n', start) + 1 || -1;
  if (start < 0) return -1;
  const end = text.indexOf('\n', start);
  const at = text.indexOf(value, start);
  return at >= 0 && (end < 0 || at + value.length <= end || value.includes('\n')) ? at : -1;
}
