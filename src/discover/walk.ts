import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../limits.js';
import { IGNORED_DIRS } from '../sources/files.js';
import { SAFE_GIT } from '../vcs/git.js';

export interface Walked {
  dir: string;
  name: string;
  rel: string;
}

export interface Walk {
  walked: Walked[];
  limits: string[];
  /** how the files were listed: what git tracks (and would track), or the folders themselves */
  by: 'git' | 'folders';
  /** folders below the root holding a concord.yaml of their own: separate platforms, not searched */
  platforms: string[];
}

/**
 * The files zero-config discovery looks at, within its limits. In a git repository these are the
 * files git tracks or would track (`.gitignore` honoured: a developer's ignored `.env.local` is not
 * the platform's configuration); elsewhere the folders are walked, skipping the usual build and
 * dependency folders. A folder with a concord.yaml of its own is another platform. A limit that is
 * reached is said, never silently obeyed.
 */
export function walkRepo(root: string): Walk {
  const listed = gitFiles(root);
  const walk = listed ? fromList(root, listed) : walkFolders(root);
  const platforms = [...new Set(walk.walked.filter((w) => w.dir && w.name === 'concord.yaml').map((w) => w.dir))].sort();
  const inside = (dir: string) => platforms.some((p) => dir === p || dir.startsWith(`${p}/`));
  return { walked: walk.walked.filter((w) => !inside(w.dir)), limits: walk.limits, by: listed ? 'git' : 'folders', platforms };
}

/**
 * `git ls-files` from the root: tracked files and untracked ones not ignored; undefined outside
 * git. Submodules (`--stage` mode 160000) and nested clones (listed as `dir/`) end in `/`.
 */
function gitFiles(root: string): string[] | undefined {
  const run = (args: string[]) =>
    spawnSync('git', [...SAFE_GIT, 'ls-files', '-z', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 10_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  const cached = run(['--cached', '--stage']);
  const others = run(['--others', '--exclude-standard']);
  if (cached.status !== 0 || cached.error || others.status !== 0 || others.error) return undefined;
  const tracked = cached.stdout
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      return line.startsWith('160000 ') ? `${line.slice(tab + 1)}/` : line.slice(tab + 1);
    });
  const files = [...new Set([...tracked, ...others.stdout.split('\0').filter(Boolean)])];
  // An ignored folder inside a repository (a copy under build/) lists nothing: walk it instead.
  return files.length ? files : undefined;
}

function fromList(root: string, files: string[]): { walked: Walked[]; limits: string[] } {
  const limits = new Set<string>();
  const walked: Walked[] = [];
  for (const entry of files.sort()) {
    // A submodule (a gitlink) or a nested clone (`svc-a/`) is listed as a folder: its files are
    // git's to list in that repository, so the folder is walked as it is.
    const rel = entry.replace(/\/$/, '');
    if (entry.endsWith('/')) {
      const depth = rel.split('/').length;
      if (rel.split('/').some((d) => IGNORED_DIRS.has(d) || d.startsWith('.'))) continue;
      const inner = walkFolders(root, rel, depth);
      walked.push(...inner.walked);
      for (const l of inner.limits) limits.add(l);
      continue;
    }
    const parts = rel.split('/');
    const dirs = parts.slice(0, -1);
    if (dirs.some((d) => IGNORED_DIRS.has(d) || d.startsWith('.'))) continue;
    if (dirs.length > LIMITS.discoveryDepth) {
      limits.add(
        `discovery looks ${LIMITS.discoveryDepth} folders deep: "${dirs.slice(0, LIMITS.discoveryDepth + 1).join('/')}" and other deeper folders were not searched; name their services in a concord.yaml`,
      );
      continue;
    }
    if (walked.length >= LIMITS.discoveryEntries) {
      limits.add(`discovery looks at ${LIMITS.discoveryEntries} files and folders at most and stopped there; name the services in a concord.yaml`);
      break;
    }
    walked.push({ dir: dirs.join('/'), name: parts[parts.length - 1]!, rel });
  }
  return { walked, limits: [...limits] };
}

function walkFolders(root: string, start = '', startDepth = 0): { walked: Walked[]; limits: string[] } {
  const walked: Walked[] = [];
  const limits = new Set<string>();
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > LIMITS.discoveryDepth) {
      limits.add(
        `discovery looks ${LIMITS.discoveryDepth} folders deep: "${dir}" and other deeper folders were not searched; name their services in a concord.yaml`,
      );
      return;
    }
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (++seen > LIMITS.discoveryEntries) {
        limits.add(`discovery looks at ${LIMITS.discoveryEntries} files and folders at most and stopped there; name the services in a concord.yaml`);
        return;
      }
      const rel = dir ? `${dir}/${e.name}` : e.name;
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          isFile = statSync(path.join(root, rel)).isFile();
        } catch {
          // A dangling link or a link loop: a dotenv file that cannot be read is the check's to report.
          isFile = e.name === '.env' || e.name.startsWith('.env.');
        }
      }
      if (e.isDirectory()) {
        if (!IGNORED_DIRS.has(e.name) && !e.name.startsWith('.')) walk(rel, depth + 1);
      } else if (isFile) walked.push({ dir, name: e.name, rel });
    }
  };
  walk(start, startDepth);
  return { walked, limits: [...limits] };
}
