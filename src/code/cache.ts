import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeChain, CodeLink, CodeWarning } from './types.js';

/** A literal is kept as where it stands in the source (offset, length), never as its text. */
type StoredLink = Exclude<CodeLink, { kind: 'literal' }> | { kind: 'literal'; at: number; length: number; line: number };
type StoredChain = Omit<CodeChain, 'file' | 'links'> & { links: StoredLink[] };
type Entry = { chains: StoredChain[]; warnings: Omit<CodeWarning, 'file'>[] };

const FORMAT = 2;

/**
 * Chains of source files by content hash, in one file under the cache folder, so a warm run
 * parses nothing it has parsed before. Nothing from .env files or secret stores goes here, and
 * not even a literal of the code (it may be a hard-coded secret): only its place in the file,
 * read back from the same text (same hash) on a hit.
 */
export class ChainCache {
  readonly #file?: string;
  #entries = new Map<string, Entry>();
  #dirty = false;

  constructor(dir: string | undefined, version: string) {
    if (!dir) return;
    this.#file = path.join(dir, `code-chains-${FORMAT}-${version}.json`);
    try {
      this.#entries = new Map(Object.entries(JSON.parse(readFileSync(this.#file, 'utf8')) as Record<string, Entry>));
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  static key(text: string, language: string): string {
    return createHash('sha256').update(language).update('\0').update(text).digest('hex').slice(0, 40);
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
    if (!this.#file || !this.#dirty) return;
    try {
      mkdirSync(path.dirname(this.#file), { recursive: true });
      const tmp = `${this.#file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.#entries)));
      renameSync(tmp, this.#file);
      this.#dirty = false;
    } catch {
      // A cache that cannot be written only costs speed.
    }
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
