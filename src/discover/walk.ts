import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { LIMITS } from '../limits.js';
import { IGNORED_DIRS } from '../sources/files.js';

export interface Walked {
  dir: string;
  name: string;
  rel: string;
}

/**
 * The files zero-config discovery looks at, within its limits. A symlinked file counts as the
 * file it points to (a `.env` linked from a shared folder is a service's dotenv); symlinked
 * folders are not followed (loops). A limit that is reached is said, never silently obeyed.
 */
export function walkRepo(root: string): { walked: Walked[]; limits: string[] } {
  const walked: Walked[] = [];
  const limits = new Set<string>();
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > LIMITS.discoveryDepth) {
      limits.add(`discovery looks ${LIMITS.discoveryDepth} folders deep: "${dir}" and other deeper folders were not searched; name their services in a concord.yaml`);
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
  walk('', 0);
  return { walked, limits: [...limits] };
}
