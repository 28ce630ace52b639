import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SourceError } from '../errors.js';
import { LIMITS } from '../limits.js';

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new ConfigError('USAGE', `git ${args[0]} failed in "${cwd}"${stderr ? `: ${stderr}` : ''}`, { cause: err });
  }
}

const list = (out: string) => out.split('\0').filter(Boolean);

/**
 * The files a commit is about to change (`staged`: git's index against HEAD) or that differ from
 * `ref` in the working tree (untracked files included), as absolute paths. Deleted files count:
 * removing a config file changes what services read.
 */
export function changedFiles(cwd: string, opts: { staged: true } | { ref: string }): string[] {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const rel =
    'staged' in opts
      ? list(git(top, ['diff', '--cached', '--name-only', '-z', '--no-renames']))
      : [...list(git(top, ['diff', '--name-only', '-z', '--no-renames', opts.ref, '--'])), ...list(git(top, ['ls-files', '--others', '--exclude-standard', '-z']))];
  return [...new Set(rel)].map((f) => path.join(top, f));
}

/**
 * What a commit will hold, for a pre-commit run: the text of a path in git's index (`null` when
 * the commit deletes it), or undefined for a path git does not track (a git-ignored `.env` is
 * read from disk). With husky or lefthook nothing stashes unstaged edits, so the working tree is
 * not what is being committed; the index is.
 */
export function stagedReader(cwd: string): (abs: string) => string | null | undefined {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  const index = new Map<string, { mode: string; sha: string }>();
  for (const line of list(git(top, ['ls-files', '--stage', '-z']))) {
    const tab = line.indexOf('\t');
    const [mode, sha, stage] = line.slice(0, tab).split(' ');
    if (stage === '0' || !index.has(line.slice(tab + 1))) index.set(line.slice(tab + 1), { mode: mode!, sha: sha! });
  }
  const deleted = new Set(list(git(top, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=D'])));
  // Files whose working copy differs from the index: only these need git to hand over the staged
  // text. Every other tracked file is the same on disk, read as usual — one process per file
  // would make a pre-commit run on a large repository take seconds.
  const unstaged = new Set(list(git(top, ['diff', '--name-only', '-z', '--no-renames'])));
  const realTop = safeRealpath(top);
  return (abs) => {
    let rel = path.relative(top, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.relative(realTop, safeRealpath(abs));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    rel = rel.split(path.sep).join('/');
    const e = index.get(rel);
    if (!e) return deleted.has(rel) ? null : undefined;
    // A symlink's blob is its target's path, and a submodule has no text: read those from disk.
    if (e.mode === '120000' || e.mode === '160000' || !unstaged.has(rel)) return undefined;
    try {
      return execFileSync('git', ['cat-file', 'blob', e.sha], { cwd: top, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: LIMITS.fileBytes });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ENOBUFS';
      throw new SourceError(tooLarge ? 'FILE_TOO_LARGE' : 'FILE_NOT_FOUND', [{ file: rel, message: tooLarge ? `the staged file is over the ${LIMITS.fileBytes}-byte limit for a configuration file` : 'git cannot read the staged file' }], { cause: err });
    }
  };
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
