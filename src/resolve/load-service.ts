import path from 'node:path';
import { ConfigError } from '../errors.js';
import type { ServiceSpec } from '../manifest/types.js';
import type { Entry, HostName, K8sProblem, Model, PortClaim } from '../model.js';
import { composeServiceNames, readComposeService } from '../sources/compose.js';
import { parseConfig } from '../sources/config.js';
import { parseDotenv } from '../sources/dotenv.js';
import { expandGlob, type FileRef, type RepoFiles } from '../sources/files.js';
import { chooseWorkload, readContainer } from '../sources/k8s/index.js';
import { readK8s } from '../sources/k8s/read.js';
import { parseYaml } from '../sources/yaml-doc.js';
import { closest } from '../closest.js';
import { expandVars, interpolateCompose } from './expand.js';

export interface LoadedService {
  vars: Map<string, Entry[]>;
  ports: PortClaim[];
  hostNames: HostName[];
  /** problems of the Kubernetes objects read, and what could not be read from them */
  k8sProblems?: K8sProblem[];
  notes?: Model['notes'];
}

export function withEnv(s: string, env: string): string {
  return s.replace(/\$\{env\}/g, env);
}

/**
 * Every source of one service, merged lowest precedence first:
 * config files < dotenv files < compose env_file < compose environment < Kubernetes envFrom < env
 * < manifest `secrets`. Process environment set by an orchestrator wins over files the program
 * reads itself (dotenv does not override variables that are already set).
 */
export async function loadService(
  spec: ServiceSpec,
  env: string,
  files: RepoFiles,
  manifestFile: string,
  /** only these names matter (a pre-commit run): files that never mention one are not parsed */
  needed?: Set<string>,
): Promise<LoadedService> {
  const vars = new Map<string, Entry[]>();
  const add = (entries: Entry[]) => {
    for (const e of entries) {
      const list = vars.get(e.key);
      if (list) list.push(e);
      else vars.set(e.key, [e]);
    }
  };
  const at = (line?: number) => ({ file: manifestFile, line });
  const ref = (p: string, line?: number): FileRef => files.ref(spec.root, withEnv(p, env), at(line));

  const configTexts = spec.config.map((f) => ({ f, r: ref(f.file, f.line) })).map((x) => ({ ...x, text: files.read(x.r, { optional: !x.f.required, from: at(x.f.line) }) }));
  const envTexts = spec.env.map((f) => ({ f, r: ref(f.file, f.line) })).map((x) => ({ ...x, text: files.read(x.r, { optional: !x.f.required, from: at(x.f.line) }) }));
  const mentions = needed && mentionFilter(needed, envTexts.map((x) => x.text));
  for (const { r, text } of configTexts) {
    if (text === null || (mentions && !mentions(text, 'config'))) continue;
    add(files.parsed(r, (t, rel) => parseConfig(t, rel)));
  }
  for (const { r, text } of envTexts) {
    if (text === null || (mentions && !mentions(text, 'dotenv'))) continue;
    add(files.parsed(r, (t, rel) => parseDotenv(t, rel)));
  }

  const ports: PortClaim[] = [];
  const hostNames: HostName[] = [{ name: spec.name, kind: 'service' }, ...spec.aliases.map((name) => ({ name, kind: 'alias' as const }))];

  if (spec.compose) {
    const r = ref(spec.compose.file, spec.compose.line);
    const y = files.parsed(r, (t, rel) => parseYaml(t, rel), at(spec.compose.line));
    const svc = readComposeService(y, spec.compose.service);
    if (!svc) {
      const hint = closest(spec.compose.service, composeServiceNames(y));
      throw new ConfigError('SERVICE_NOT_FOUND', [
        { file: manifestFile, line: spec.compose.line, message: `services.${spec.name}.compose: "${r.rel}" has no service "${spec.compose.service}"${hint ? ` (did you mean "${hint}"?)` : ''}` },
      ]);
    }
    const composeDir = path.posix.dirname(r.rel);
    const project = composeProjectEnv(files, composeDir);
    for (const ef of svc.envFiles) {
      const efRef = files.ref(composeDir, ef.path, { file: r.rel, line: ef.line });
      if (files.read(efRef, { optional: !ef.required, from: { file: r.rel, line: ef.line } }) === null) continue;
      add(files.parsed(efRef, (t, rel) => parseDotenv(t, rel)));
    }
    add(svc.environment.map((e) => ({ ...e, value: interpolateCompose(e.value, project) })));
    ports.push(...svc.ports);
    for (const name of svc.names) hostNames.push({ name, kind: 'compose' });
  }

  const k8s: Pick<LoadedService, 'k8sProblems' | 'notes'> = {};
  if (spec.k8s) {
    const from = at(spec.k8s.line);
    const read = await readK8s(files, spec.k8s, spec.root, env, from, spec.k8s.helm?.release ?? spec.name);
    if (!read.ok) k8s.k8sProblems = [{ ...read.problem, services: [spec.name] }];
    else {
      const chosen = chooseWorkload(read.analysis, { workload: spec.k8s.workload, container: spec.k8s.container, service: spec.name });
      if ('error' in chosen) throw new ConfigError('SERVICE_NOT_FOUND', [{ ...from, message: `services.${spec.name}.k8s: ${chosen.error} in ${read.from}` }]);
      const c = readContainer(read.analysis, chosen.w, chosen.c);
      add(c.entries);
      ports.push(...c.ports);
      hostNames.push(...c.hostNames);
      // A problem of this service's workload is its own; one of another workload (or of none) is shared, said once.
      k8s.k8sProblems = read.analysis.problems.map((p) => ({ ...p, services: [spec.name], ...(p.owners?.includes(chosen.w.id) ? {} : { shared: true }) }));
      k8s.notes = [...read.analysis.notes, ...c.notes];
    }
  }

  add(spec.secrets.map((s) => ({ key: s.name, value: withEnv(s.ref, env), source: { kind: 'secret-ref' as const, file: manifestFile, line: s.line, ref: withEnv(s.ref, env) } })));

  expandVars(vars);
  return { vars, ports, hostNames, ...k8s };
}

/**
 * A cheap text test: can this file define one of the names? A config key is found by its last
 * segment (`server.port` → `port`). Names that dotenv values interpolate are added first, so a
 * skipped file never holds a value another one expands.
 */
function mentionFilter(needed: Set<string>, dotenvTexts: (string | null)[]) {
  const names = new Set(needed);
  for (const t of dotenvTexts) for (const m of t?.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_.]*)/g) ?? []) names.add(m[1]!);
  const dotenvNames = [...names];
  const configNames = [...new Set(dotenvNames.map((n) => n.replace(/\[\d+\]$/, '').split('.').at(-1)!))];
  return (text: string, kind: 'config' | 'dotenv') => (kind === 'config' ? configNames : dotenvNames).some((n) => text.includes(n));
}

/** The `.env` beside a compose file feeds compose's own `${VAR}` interpolation. */
function composeProjectEnv(files: RepoFiles, composeDir: string): Map<string, string> {
  const r = files.ref(composeDir, '.env');
  if (files.read(r, { optional: true }) === null) return new Map();
  return new Map(files.parsed(r, (t, rel) => parseDotenv(t, rel)).map((e) => [e.key, e.value]));
}
