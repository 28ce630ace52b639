import { execFileSync } from 'node:child_process';
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, SourceError } from '../errors.js';
import { LIMITS } from '../limits.js';

/**
 * Git never runs a command of the checked repository's own configuration for concord: an
 * fsmonitor hook in a `.git/config` someone else prepared would run at every `git status`.
 */
export const SAFE_GIT = ['-c', 'core.fsmonitor=false'];

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', [...SAFE_GIT, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '')
      .trim()
      .split('\n')[0];
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
      : [
          ...list(git(top, ['diff', '--name-only', '-z', '--no-renames', opts.ref, '--'])),
          ...list(git(top, ['ls-files', '--others', '--exclude-standard', '-z'])),
        ];
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
  // One look at the index and the working tree: `XY path` per tracked file that differs, X the
  // index against HEAD, Y the working tree against the index.
  const deleted = new Set<string>();
  const unstaged = new Set<string>();
  for (const entry of list(git(top, ['status', '--porcelain=v1', '-z', '--untracked-files=no', '--no-renames', '--ignore-submodules=all']))) {
    const rel = entry.slice(3);
    if (entry[0] === 'D') deleted.add(rel);
    // Only files whose working copy differs from the index need git to hand over the staged
    // text; every other tracked file is the same on disk and read as usual (one git process per
    // file would make a pre-commit run on a large repository take seconds).
    else if (entry[1] !== ' ') unstaged.add(rel);
  }
  const realTop = safeRealpath(top);
  return (abs) => {
    let rel = path.relative(top, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) rel = path.relative(realTop, safeRealpath(abs));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    rel = rel.split(path.sep).join('/');
    if (deleted.has(rel)) return null;
    if (!unstaged.has(rel)) return undefined;
    // A symlink's blob is its target's path: read those from disk.
    if (isSymlink(abs)) return undefined;
    try {
      return execFileSync('git', [...SAFE_GIT, 'cat-file', 'blob', `:${rel}`], {
        cwd: top,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: LIMITS.fileBytes,
      });
    } catch (err) {
      const tooLarge = (err as NodeJS.ErrnoException).code === 'ENOBUFS';
      // Not in the index at all (deleted from it and from disk): absent.
      if (!tooLarge) return null;
      throw new SourceError('FILE_TOO_LARGE', [{ file: rel, message: `the staged file is over the ${LIMITS.fileBytes}-byte limit for a configuration file` }], {
        cause: err,
      });
    }
  };
}

function isSymlink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
