import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CodeChain, CodeWarning } from './types.js';

type Entry = { chains: Omit<CodeChain, 'file'>[]; warnings: Omit<CodeWarning, 'file'>[] };

const FORMAT = 1;

/**
 * Chains of source files by content hash, in one file under the cache folder, so a warm run
 * parses nothing it has parsed before. Source code is committed; nothing from .env files or
 * secret stores goes here.
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

  get(key: string, file: string): { chains: CodeChain[]; warnings: CodeWarning[] } | undefined {
    const e = this.#entries.get(key);
    return e && { chains: e.chains.map((c) => ({ ...c, file })), warnings: e.warnings.map((w) => ({ ...w, file })) };
  }

  set(key: string, value: { chains: CodeChain[]; warnings: CodeWarning[] }): void {
    this.#entries.set(key, { chains: value.chains.map(({ file: _f, ...c }) => c), warnings: value.warnings.map(({ file: _f, ...w }) => w) });
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
