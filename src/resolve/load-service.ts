import { ConfigError } from '../errors.js';
import type { ServiceSpec } from '../manifest/types.js';
import type { Entry, HostName, K8sProblem, Model, PortClaim } from '../model.js';
import { parseConfig } from '../sources/config.js';
import type { Lookup } from '../sources/compose/template.js';
import type { FileRef, RepoFiles } from '../sources/files.js';
import { chooseWorkload, readContainer } from '../sources/k8s/index.js';
import { readK8s } from '../sources/k8s/read.js';
import { loadComposeService, type ComposeLoaded } from './compose-service.js';
import { expandVars } from './expand.js';
import { readDotenv } from './read-dotenv.js';
import { FALLBACK_DIALECT, type ReaderChoice } from './readers.js';
import { withEnv } from './with-env.js';
import { readConfigAs, yamlReaderOf } from './yaml-readers.js';

export interface LoadedService {
  vars: Map<string, Entry[]>;
  /** each dotenv file read and the reader that read it (the service's own, compose's) */
  dotenvReads: { file: string; dialect: string }[];
  ports: PortClaim[];
  hostNames: HostName[];
  compose?: ComposeLoaded;
  /** problems of the Kubernetes objects read, and what could not be read from them */
  k8sProblems?: K8sProblem[];
  notes?: Model['notes'];
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
  /** the environment docker compose would see (it wins over a compose project's .env) */
  shellEnv: Record<string, string | undefined> = {},
  /** how the service's own code reads its env files */
  reader: ReaderChoice = { dialect: FALLBACK_DIALECT, assumed: true },
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

  const configTexts = spec.config
    .map((f) => ({ f, r: ref(f.file, f.line) }))
    .map((x) => ({ ...x, text: files.read(x.r, { optional: !x.f.required, from: at(x.f.line) }) }));
  const envTexts = spec.env
    .map((f) => ({ f, r: ref(f.file, f.line) }))
    .map((x) => ({ ...x, text: files.read(x.r, { optional: !x.f.required, from: at(x.f.line) }) }));
  const mentions =
    needed &&
    mentionFilter(
      needed,
      envTexts.map((x) => x.text),
    );
  for (const { r, text } of configTexts) {
    if (text === null || (mentions && !mentions(text, 'config'))) continue;
    add(
      readConfigAs(
        files.parsed(r, (t, rel) => parseConfig(t, rel)),
        yamlReaderOf(reader),
      ),
    );
  }
  // What an orchestrator sets (compose, Kubernetes, the manifest) is the process environment the
  // service's dotenv reader sees: it is loaded first, and added after the dotenv files (it wins).
  const orchestrated: Entry[] = [];

  const ports: PortClaim[] = [];
  const hostNames: HostName[] = [{ name: spec.name, kind: 'service' }, ...spec.aliases.map((name) => ({ name, kind: 'alias' as const }))];

  let compose: ComposeLoaded | undefined;
  if (spec.compose) {
    const relFiles = spec.compose.files.map((f) => ref(f, spec.compose!.line).rel);
    const dir = spec.compose.dir !== undefined ? ref(spec.compose.dir, spec.compose.line).rel : relFiles.length ? undefined : spec.root;
    compose = loadComposeService(spec, spec.compose, relFiles, dir, files, manifestFile, shellEnv);
    orchestrated.push(...compose.entries);
    ports.push(...compose.ports);
    // A name compose resolves is known with its networks: drop the manifest's network-less copy,
    // which would make another project's service of that name reachable from everywhere.
    const scoped = new Set(compose.hostNames.map((h) => h.name.toLowerCase()));
    for (let i = hostNames.length - 1; i >= 0; i--) if (scoped.has(hostNames[i]!.name.toLowerCase())) hostNames.splice(i, 1);
    hostNames.push(...compose.hostNames);
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
      orchestrated.push(...c.entries);
      ports.push(...c.ports);
      hostNames.push(...c.hostNames);
      // A problem of this service's workload is its own; one of another workload (or of none) is shared, said once.
      k8s.k8sProblems = read.analysis.problems.map((p) => ({ ...p, services: [spec.name], ...(p.owners?.includes(chosen.w.id) ? {} : { shared: true }) }));
      k8s.notes = [...read.analysis.notes, ...c.notes];
    }
  }

  orchestrated.push(
    ...spec.secrets.map((s) => ({
      key: s.name,
      value: withEnv(s.ref, env),
      source: { kind: 'secret-ref' as const, file: manifestFile, line: s.line, ref: withEnv(s.ref, env) },
    })),
  );

  const environment = new Map<string, Entry>();
  for (const e of orchestrated) if (e.source.kind !== 'secret-ref') environment.set(e.key, e);
  const lookup: Lookup = (name) => {
    const e = environment.get(name) ?? vars.get(name)?.at(-1);
    return e ? { value: e.value, source: { kind: e.source.kind, file: e.source.file, line: e.source.line } } : undefined;
  };
  const dotenvReads: LoadedService['dotenvReads'] = [...(compose ? composeReads(compose.entries) : [])];
  for (const { f, r, text } of envTexts) {
    if (text === null || (mentions && !mentions(text, 'dotenv'))) continue;
    const dialect = f.dialect ?? reader.dialect;
    add(readDotenv(files, r, dialect, lookup));
    dotenvReads.push({ file: r.rel, dialect });
  }
  add(orchestrated);

  expandVars(vars);
  return { vars, dotenvReads, ports, hostNames, ...k8s, ...(compose ? { compose } : {}) };
}

/** The env_files compose read for the service, with the reader (compose or raw). */
function composeReads(entries: Entry[]): LoadedService['dotenvReads'] {
  const out: LoadedService['dotenvReads'] = [];
  for (const e of entries) {
    const { file, dialect } = e.source;
    if (file && dialect && !out.some((x) => x.file === file && x.dialect === dialect)) out.push({ file, dialect });
  }
  return out;
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
  const configNames = [
    ...new Set(
      dotenvNames.map(
        (n) =>
          n
            .replace(/\[\d+\]$/, '')
            .split('.')
            .at(-1)!,
      ),
    ),
  ];
  return (text: string, kind: 'config' | 'dotenv') => (kind === 'config' ? configNames : dotenvNames).some((n) => text.includes(n));
}
