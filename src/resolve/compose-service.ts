/**
 * A manifest service backed by a compose service: its container environment exactly as docker
 * compose builds it (env_file entries in order, then `environment:`, which wins; a bare `KEY` the
 * project does not set is absent), `*_FILE` variables pointing at mounted secrets read from the
 * secret's file, its ports and the names peers reach it by on its networks.
 */
import { ConfigError, SourceError } from '../errors.js';
import { closest } from '../closest.js';
import type { ServiceSpec } from '../manifest/types.js';
import type { ComposeIssue, Entry, HostName, PortClaim } from '../model.js';
import type { RepoFiles } from '../sources/files.js';
import { parseComposeEnvFile, parseRawEnvFile } from '../sources/compose/env-file.js';
import { isOutside } from '../sources/compose/assemble.js';
import { openProject } from '../sources/compose/project.js';
import { envFilesOf, readService, withVars } from '../sources/compose/service.js';
import { withEnv } from './with-env.js';
import type { Lookup } from '../sources/compose/template.js';

export interface ComposeLoaded {
  entries: Entry[];
  ports: PortClaim[];
  hostNames: HostName[];
  networks: string[];
  /** names the container resolves to addresses of its own (extra_hosts, external_links) */
  outside: string[];
  project: string;
  issues: ComposeIssue[];
  /** the service runs only under profiles that are not active */
  inactive?: { profiles: string[]; active: string[] };
}

export function loadComposeService(
  spec: ServiceSpec,
  compose: NonNullable<ServiceSpec['compose']>,
  relFiles: string[],
  dir: string | undefined,
  files: RepoFiles,
  manifestFile: string,
  shellEnv: Record<string, string | undefined>,
): ComposeLoaded {
  const from = { file: manifestFile, line: compose.line };
  const project = openProject(files, { files: relFiles, dir, profiles: compose.profiles, shellEnv, from });
  const def = project.services.get(compose.service);
  if (!def) {
    const hint = closest(compose.service, [...project.services.keys()]);
    throw new ConfigError('SERVICE_NOT_FOUND', [
      {
        ...from,
        message: `services.${spec.name}.compose: the compose project (${project.files.join(', ')}) has no service "${compose.service}"${hint ? ` (did you mean "${hint}"?)` : ''}`,
      },
    ]);
  }
  const view = readService(project, def);
  // compose refuses the whole project over one failing `${VAR:?}`: that concerns every service of
  // it; an unset variable concerns the service using it (or all, outside `services:`).
  const issues: ComposeIssue[] = project.issues
    .filter((i) => i.issue.kind !== 'unset' || i.path[0] !== 'services' || i.path[1] === compose.service)
    .map((i) => ({
      file: i.file,
      line: i.line,
      ...(i.key ? { key: i.key } : {}),
      ...(i.whole ? { whole: true } : {}),
      ...(i.issue.kind === 'unset'
        ? { kind: 'unset', name: i.issue.name }
        : i.issue.kind === 'required'
          ? { kind: 'required', name: i.issue.name }
          : { kind: 'invalid' }),
    }));

  const entries: Entry[] = [];
  const serviceEnv = new Map(view.environment.filter((e) => e.value !== undefined).map((e) => [e.key, { value: e.value!, source: e.source }]));
  // env_file interpolation: the project environment first, then the service's `environment:`.
  const lookup: Lookup = (n) => def.env(n) ?? serviceEnv.get(n);
  for (const ef of view.envFiles) {
    if (isOutside(ef.path)) continue; // /dev/null, absolute and ~ paths name the host, not the repository
    const ref = files.ref('.', ef.path, ef.at);
    const text = files.read(ref, { optional: true, from: ef.at });
    if (text === null) {
      // Compose refuses to start without it: a finding at the env_file line, not the end of the run
      // (a fresh clone lacks the `.env` its README says to copy from a template).
      if (ef.required) issues.push({ file: ef.at.file, ...(ef.at.line ? { line: ef.at.line } : {}), kind: 'missingEnvFile', name: ref.rel });
      continue;
    }
    const r = (ef.raw ? parseRawEnvFile : parseComposeEnvFile)(text, lookup);
    if (r.error && !r.error.template) {
      throw new SourceError('PARSE_ERROR', [{ file: ref.rel, line: r.error.line, message: `${r.error.message} (docker compose refuses this env_file)` }]);
    }
    if (r.error?.template)
      issues.push({
        file: ref.rel,
        line: r.error.line,
        ...(r.error.template.kind === 'required' ? { kind: 'required', name: r.error.template.name } : { kind: 'invalid' }),
      });
    for (const u of r.unset) issues.push({ file: ref.rel, line: u.line, kind: 'unset', name: u.name, key: u.key, ...(u.whole ? { whole: true } : {}) });
    for (const e of r.entries)
      entries.push({
        key: e.key,
        value: e.value,
        source: withVars({ kind: 'dotenv', file: ref.rel, line: e.line, dialect: ef.raw ? 'raw' : 'compose' }, e.uses),
        raw: true,
      });
  }
  for (const e of view.environment) {
    if (e.value === undefined) {
      // Absent in the container, whatever an env_file said.
      for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === e.key) entries.splice(i, 1);
      continue;
    }
    entries.push({ key: e.key, value: e.value, source: e.source, raw: true });
  }
  entries.push(...fileVariables(entries, view.mounts, files));

  const hostNames: HostName[] = view.names.map((name) => ({ name, kind: 'compose', networks: view.networks }));
  return {
    entries,
    ports: view.ports,
    hostNames,
    networks: view.networks,
    outside: view.outside,
    project: project.key,
    issues,
    ...(def.active ? {} : { inactive: { profiles: def.profiles, active: project.activeProfiles } }),
  };
}

/**
 * `POSTGRES_PASSWORD_FILE=/run/secrets/db_password`: the image reads POSTGRES_PASSWORD from the
 * mounted secret, so the setting resolves from the secret's source file (trailing newlines
 * dropped, as `$(< file)` does) or its `environment:` variable. A variable set directly wins.
 */
function fileVariables(entries: Entry[], mounts: ReturnType<typeof readService>['mounts'], files: RepoFiles): Entry[] {
  const out: Entry[] = [];
  const direct = new Set(entries.map((e) => e.key));
  for (const e of entries) {
    if (!e.key.endsWith('_FILE') || e.key.length <= 5) continue;
    const key = e.key.slice(0, -5);
    const mount = mounts.get(e.value);
    if (!mount || direct.has(key)) continue;
    if (mount.file && !isOutside(mount.file)) {
      const ref = files.ref('.', mount.file, mount.at);
      const text = files.read(ref, { optional: true, from: mount.at });
      if (text !== null)
        out.push({ key, value: text.replace(/\n+$/, ''), source: { kind: 'compose-secret', file: ref.rel, line: 1 }, fromSecretStore: true, raw: true });
    } else if (mount.env) {
      out.push({
        key,
        value: mount.env.value,
        source: { kind: 'compose-secret', ...(mount.env.source?.file ? { file: mount.env.source.file, line: mount.env.source.line } : {}) },
        fromSecretStore: true,
        raw: true,
      });
    }
  }
  return out;
}

/**
 * The files a compose-backed service depends on, for a pre-commit run: those that shape the
 * project (compose files, includes, extended files, the project .env) and its env_files. A project
 * that does not open makes its named files structural, so the full check reports why.
 */
export function composeFilesOf(
  files: RepoFiles,
  spec: ServiceSpec,
  env: string,
  manifestFile: string,
  shellEnv?: Record<string, string | undefined>,
): { structural: string[]; envFiles: string[]; unopened?: boolean } {
  const compose = spec.compose!;
  const rel = (p: string) => files.ref(spec.root, withEnv(p, env)).rel;
  const relFiles = compose.files.map(rel);
  try {
    // Opened with the environment the check will use, so the check reuses this very project.
    const project = openProject(files, {
      files: relFiles,
      dir: compose.dir !== undefined ? rel(compose.dir) : relFiles.length ? undefined : spec.root,
      profiles: compose.profiles,
      shellEnv,
      from: { file: manifestFile, line: compose.line },
    });
    const def = project.services.get(compose.service);
    return { structural: project.read, envFiles: def ? envFilesOf(def).map((e) => e.path) : [] };
  } catch {
    // A project that does not open (a syntax error anywhere in it): any change may be the cause,
    // so every changed file touches the service and the check says what is wrong.
    return { structural: relFiles, envFiles: [], unopened: true };
  }
}
