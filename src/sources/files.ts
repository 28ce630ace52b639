import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { SourceError } from '../errors.js';
import { LIMITS } from '../limits.js';

export const DEFAULT_MAX_FILE_BYTES = LIMITS.fileBytes;

export interface FileRef {
  /** absolute path */
  abs: string;
  /** relative to the repository root, forward slashes: what reports show */
  rel: string;
}

/**
 * Reads files under the repository root, each at most once per run, refusing paths that escape
 * the repository (also through symlinks) and files over the size limit.
 */
export class RepoFiles {
  readonly root: string;
  readonly maxBytes: number;
  readonly #texts = new Map<string, string | null>();
  readonly #parsed = new Map<string, unknown>();
  /** results of asynchronous readers (source code), once per file per run */
  readonly memo = new Map<string, Promise<unknown>>();
  /** where parsed source code is kept between runs (by content hash), when a cache folder is known */
  codeCacheDir?: string;
  /** a pre-commit run: the text git's index holds for a path (null: deleted there), undefined: not tracked */
  staged?: (abs: string) => string | null | undefined;
  #realRoot: string | undefined;

  constructor(root: string, maxBytes = DEFAULT_MAX_FILE_BYTES) {
    this.root = path.resolve(root);
    this.maxBytes = maxBytes;
  }

  /** Resolves `p` relative to `base` (a repo-relative folder), refusing escapes. */
  ref(base: string, p: string, from?: { file: string; line?: number }): FileRef {
    const abs = path.resolve(this.root, base, p);
    const rel = path.relative(this.root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new SourceError('PATH_ESCAPES_REPO', [
        { file: from?.file, line: from?.line, message: `path "${p}" resolves outside the repository (${this.root})` },
      ]);
    }
    return { abs, rel: rel.split(path.sep).join('/') || '.' };
  }

  /** The file's text, or null when it does not exist and `optional` is set. */
  read(f: FileRef, opts: { optional?: boolean; from?: { file: string; line?: number } } = {}): string | null {
    if (this.#texts.has(f.abs)) {
      const cached = this.#texts.get(f.abs)!;
      if (cached === null && !opts.optional) throw this.#missing(f, opts.from);
      return cached;
    }
    const staged = this.staged?.(f.abs);
    const text = staged !== undefined ? staged : this.#readDisk(f, opts.from);
    if (staged !== undefined && text !== null && Buffer.byteLength(text) > this.maxBytes) throw this.#tooLarge(f, Buffer.byteLength(text));
    this.#texts.set(f.abs, text);
    if (text === null && !opts.optional) throw this.#missing(f, opts.from);
    return text;
  }

  /** Parses a file once per run, however many services use it. */
  parsed<T>(f: FileRef, parse: (text: string, rel: string) => T, from?: { file: string; line?: number }): T {
    if (this.#parsed.has(f.abs)) return this.#parsed.get(f.abs) as T;
    const value = parse(this.read(f, { from })!, f.rel);
    this.#parsed.set(f.abs, value);
    return value;
  }

  /**
   * Only regular files are read: a FIFO would block forever and a device never ends. Only a file
   * that does not exist counts as absent; a symlink loop or a file that cannot be read is an
   * error, never a silent pass.
   */
  #readDisk(f: FileRef, from?: { file: string; line?: number }): string | null {
    const at = { file: from?.file, line: from?.line };
    let st;
    try {
      st = statSync(f.abs);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new SourceError('FILE_NOT_FOUND', [{ ...at, message: `"${f.rel}" cannot be read: ${readFailure(code)}` }], { cause: err });
    }
    if (!st.isFile())
      throw new SourceError('FILE_NOT_FOUND', [{ ...at, message: `"${f.rel}" is not a regular file (a folder, FIFO or device is never read)` }]);
    this.#checkContained(f, from);
    if (st.size > this.maxBytes) throw this.#tooLarge(f, st.size);
    try {
      return readFileSync(f.abs, 'utf8');
    } catch (err) {
      throw new SourceError('FILE_NOT_FOUND', [{ ...at, message: `"${f.rel}" cannot be read: ${readFailure((err as NodeJS.ErrnoException).code)}` }], {
        cause: err,
      });
    }
  }

  #tooLarge(f: FileRef, size: number): SourceError {
    return new SourceError('FILE_TOO_LARGE', [
      { file: f.rel, message: `file is ${size} bytes, over the ${this.maxBytes}-byte limit for a configuration file` },
    ]);
  }

  #missing(f: FileRef, from?: { file: string; line?: number }): SourceError {
    return new SourceError('FILE_NOT_FOUND', [{ file: from?.file, line: from?.line, message: `required file "${f.rel}" does not exist` }]);
  }

  #checkContained(f: FileRef, from?: { file: string; line?: number }): void {
    this.#realRoot ??= realpathSync(this.root);
    const real = realpathSync(f.abs);
    const rel = path.relative(this.#realRoot, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      throw new SourceError('PATH_ESCAPES_REPO', [{ file: from?.file, line: from?.line, message: `"${f.rel}" links to a file outside the repository` }]);
    }
  }
}

export function readFailure(code: string | undefined): string {
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EISDIR') return 'it is a folder';
  return code && /^E[A-Z]+$/.test(code) ? code : 'read error';
}

/** Folders never searched for configuration or source: dependencies, build output, caches. */
export const IGNORED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'vendor', 'coverage', '.cache', 'target', '.venv', 'venv', '__pycache__']);

export function hasGlobChars(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

/** Expands a glob relative to a repo folder; the glob library is loaded only when a pattern needs it. */
export async function expandGlob(files: RepoFiles, base: string, pattern: string, from: { file: string; line?: number }): Promise<FileRef[]> {
  if (!hasGlobChars(pattern)) return [files.ref(base, pattern, from)];
  const { glob } = await import('tinyglobby');
  const dir = path.resolve(files.root, base);
  // Anchor the pattern's static prefix (which may climb with ../) before globbing.
  const parts = pattern.split('/');
  const firstDynamic = parts.findIndex(hasGlobChars);
  const staticPart = parts.slice(0, firstDynamic).join('/');
  const cwd = path.resolve(dir, staticPart);
  files.ref(base, staticPart || '.', from);
  const matches = (await glob(parts.slice(firstDynamic).join('/'), { cwd, onlyFiles: true, dot: true })).sort();
  if (matches.length === 0) {
    throw new SourceError('GLOB_NO_MATCH', [{ ...from, message: `the pattern "${pattern}" matches no file` }]);
  }
  return matches.map((m) => files.ref(base, path.join(path.relative(dir, cwd), m), from));
}
