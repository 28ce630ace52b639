import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError } from '../errors.js';

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
