import path from 'node:path';
import { ConcordError } from '../errors.js';
import { DEFAULT_COMPOSE_FILES, openProject, type ComposeProject, type ComposeServiceDef } from '../sources/compose/project.js';
import type { RepoFiles } from '../sources/files.js';
import { get } from '../sources/compose/tree.js';

const OVERRIDE = /^(docker-)?compose\.override\.ya?ml$/;

/**
 * The compose projects among a repository's compose files, as `docker compose` would open them
 * from each folder: the default file (compose.yaml … docker-compose.yml) with its override. In a
 * folder without a default file, each compose file is a project of its own; variants beside a
 * default file (docker-compose.prod.yml) are overlays a person names with `compose.files`. Files
 * another project includes are part of that project. A project that does not open
 * (a syntax error) is left out, and `skipped` says so: never a silent pass.
 */
export function composeProjects(files: RepoFiles, composeFiles: string[], skipped: (message: string) => void = () => {}): ComposeProject[] {
  const byDir = new Map<string, string[]>();
  for (const f of composeFiles) byDir.set(path.posix.dirname(f), [...(byDir.get(path.posix.dirname(f)) ?? []), path.posix.basename(f)]);
  const candidates: { dir: string; files?: string[] }[] = [];
  for (const [dir, names] of [...byDir].sort(([a], [b]) => a.localeCompare(b))) {
    if (names.some((n) => DEFAULT_COMPOSE_FILES.includes(n))) candidates.push({ dir });
    else for (const n of names.filter((x) => !OVERRIDE.test(x)).sort()) candidates.push({ dir, files: [dir === '.' ? n : `${dir}/${n}`] });
  }
  const projects: ComposeProject[] = [];
  for (const c of candidates) {
    try {
      projects.push(openProject(files, { dir: c.dir, ...(c.files ? { files: c.files } : {}) }));
    } catch (e) {
      const file = (e instanceof ConcordError && e.problems.find((p) => p.file)?.file) || c.files?.[0] || c.dir;
      skipped(
        `discovery could not read "${file}" (run concord check with a concord.yaml naming it to see why); the services of its compose project were left out`,
      );
    }
  }
  // A file another project includes is part of that project, not a project of its own. One that
  // is only extended from stays a project: its other services run on their own.
  const used = new Set(projects.flatMap((p) => p.included));
  const runs = (s: ComposeServiceDef) => Boolean(get(s.node, 'image') || get(s.node, 'build'));
  const runnable = new Set(projects.flatMap((p) => [...p.services.values()].filter(runs).map((s) => s.name)));
  return projects.filter((p) => {
    if (p.files.some((f) => used.has(f))) return false;
    // A file whose services have no image and no build, each named like a service another project
    // runs, is an override meant for `-f base.yml -f this.yml` (a reverse proxy's labels, a CI
    // variant), not a project.
    const defs = [...p.services.values()];
    if (defs.length > 0 && defs.every((s) => !runs(s) && runnable.has(s.name))) {
      skipped(
        `"${p.files.join(' + ')}" looks like an override (no service has an image or a build): name it after its base file in a concord.yaml (compose.files) to check it`,
      );
      return false;
    }
    return true;
  });
}
