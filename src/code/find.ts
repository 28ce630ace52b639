import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { IGNORED_DIRS, readFailure } from '../sources/files.js';
import type { ChainCache } from './cache.js';
import { cachedChainsOfSource, languageOf } from './parse.js';
import type { CodeChain, CodeWarning } from './types.js';

const MAX_BYTES = 2 * 1024 * 1024;

/** Source files under the given files and folders, in a stable order. */
export function sourceFiles(paths: string[], cwd: string): string[] {
  const out: string[] = [];
  // Each folder once by its real path: two symlinks to `.` would otherwise recurse without end.
  const seenDirs = new Set<string>();
  const walk = (abs: string) => {
    let st;
    try {
      st = statSync(abs);
    } catch {
      return;
    }
    if (st.isFile()) {
      if (languageOf(abs) && st.size <= MAX_BYTES) out.push(abs);
      return;
    }
    if (!st.isDirectory()) return;
    let real;
    try {
      real = realpathSync(abs);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    for (const e of readdirSync(abs).sort()) if (!IGNORED_DIRS.has(e) && !e.startsWith('.')) walk(path.join(abs, e));
  };
  for (const p of paths.length ? paths : ['.']) walk(path.resolve(cwd, p));
  return out;
}

/** `concord chains`: every environment read with its fallbacks, in the given files and folders. */
export async function findChains(paths: string[], cwd: string, cache?: ChainCache): Promise<{ files: number; chains: CodeChain[]; warnings: CodeWarning[] }> {
  const files = sourceFiles(paths, cwd);
  const chains: CodeChain[] = [];
  const warnings: CodeWarning[] = [];
  for (const abs of files) {
    const rel = path.relative(cwd, abs).split(path.sep).join('/');
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (err) {
      warnings.push({ file: rel, message: `cannot be read: ${readFailure((err as NodeJS.ErrnoException).code)}` });
      continue;
    }
    const r = await cachedChainsOfSource(text, rel, languageOf(abs)!, cache);
    chains.push(...r.chains);
    warnings.push(...r.warnings);
  }
  cache?.save();
  return { files: files.length, chains, warnings };
}
