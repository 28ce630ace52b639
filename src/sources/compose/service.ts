/**
 * What one compose service gives its container and its peers: environment entries and env files
 * (with their lines), the container ports peers reach, the names that resolve to it on its
 * networks, and the secrets and configs mounted into it.
 */
import type { PortClaim, Provenance } from '../types.js';
import { imagePorts } from '../images.js';
import { parsePort, portsInCommand } from '../ports.js';
import { byKey } from './merge.js';
import type { ComposeProject, ComposeServiceDef } from './project.js';
import type { Binding, VarUse } from './template.js';
import { entries, get, items, str, stringOrList, type Tree } from './tree.js';

export interface ComposeEnvironmentEntry {
  key: string;
  /** undefined: a bare `KEY` the project environment does not set (absent in the container) */
  value: string | undefined;
  /** where it is written, and for an interpolated value where each variable it used was defined */
  source: Provenance;
}

export interface ComposeEnvFile {
  /** repo-relative (or absolute, e.g. /dev/null) */
  path: string;
  required: boolean;
  raw: boolean;
  at: { file: string; line?: number };
}

export interface ComposeMount {
  /** `secrets:`/`configs:` name */
  name: string;
  /** its source file, repo-relative */
  file?: string;
  /** or the project variable holding its content */
  env?: Binding & { name: string };
  at: { file: string; line?: number };
}

export interface ComposeServiceView {
  environment: ComposeEnvironmentEntry[];
  envFiles: ComposeEnvFile[];
  ports: PortClaim[];
  /** names peers resolve to this container */
  names: string[];
  /** docker networks it is attached to: peers share one to reach it */
  networks: string[];
  /** container path → what is mounted there */
  mounts: Map<string, ComposeMount>;
  /** names it resolves to addresses of its own (extra_hosts, external_links): outside the platform; `*` on an external network */
  outside: string[];
}

/** Ranges wider than this are not expanded port by port. */
const MAX_RANGE = 1024;

export function readService(project: ComposeProject, def: ComposeServiceDef): ComposeServiceView {
  const n = def.node;
  const src = (t: Tree): Provenance =>
    withVars({ kind: 'compose', file: t.file, ...(t.line ? { line: t.line } : {}) }, t.kind === 'scalar' ? t.uses : undefined);

  const environment: ComposeEnvironmentEntry[] = [];
  const envNode = get(n, 'environment');
  for (const [key, t] of envNode ? entries(byKey(envNode)) : []) {
    if (t.kind !== 'scalar') continue;
    if (t.value === null) {
      // `- KEY` or `KEY:`: passed through from the project environment, absent when it has none.
      const b = def.env(key);
      environment.push({ key, value: b?.value, source: withVars(src(t), b ? [{ name: key, binding: b }] : undefined) });
    } else environment.push({ key, value: String(t.value), source: src(t) });
  }

  const envFiles = envFilesOf(def);

  const ports: PortClaim[] = [];
  for (const item of items(get(n, 'ports'))) {
    const targets = item.kind === 'map' ? expandRange(str(get(item, 'target')) ?? '') : shortPortTargets(str(item) ?? '');
    for (const port of targets) ports.push({ port, via: 'compose ports', source: src(item) });
  }
  for (const item of items(get(n, 'expose'))) {
    for (const port of expandRange((str(item) ?? '').split('/')[0]!)) ports.push({ port, internal: true, via: 'compose expose', source: src(item) });
  }
  const test = get(n, 'healthcheck', 'test');
  if (test) {
    const cmd =
      test.kind === 'scalar'
        ? (str(test) ?? '')
        : items(test)
            .map((i) => str(i) ?? '')
            .join(' ');
    for (const port of portsInCommand(cmd)) ports.push({ port, via: 'compose healthcheck', source: src(test) });
  }

  // A database or broker image listens on its own port whether or not compose declares it.
  const image = get(n, 'image');
  const command = ['command', 'entrypoint']
    .map((k) => get(n, k))
    .map((c) =>
      c?.kind === 'scalar'
        ? (str(c) ?? '')
        : items(c)
            .map((i) => str(i) ?? '')
            .join(' '),
    )
    .join(' ');
  // A mounted configuration may move the port (`port=3307` in a my.cnf under conf.d): the
  // paths a service mounts count as part of its command.
  const mounted = [
    ...items(get(n, 'volumes')).map((v) => (v.kind === 'scalar' ? (str(v) ?? '') : `${str(get(v, 'source')) ?? ''}:${str(get(v, 'target')) ?? ''}`)),
    ...(get(n, 'configs') ? ['--config'] : []),
  ];
  const known = str(image)
    ? imagePorts(
        str(image)!,
        `${command} ${mounted.join(' ')}`,
        environment.map((e) => e.key),
      )
    : undefined;
  for (const port of known?.ports ?? []) ports.push({ port, bound: true, via: `image ${known!.name}`, source: src(image!) });

  const mode = str(get(n, 'network_mode'));
  const ownNetworks = entries(byKey(get(n, 'networks') ?? { kind: 'seq', items: [], file: n.file }));
  const networks = mode ? [] : (ownNetworks.length ? ownNetworks.map(([k]) => k) : ['default']).map((k) => networkName(project, k));
  // `hostname` names the container to itself only; peers resolve the service name, container_name,
  // network aliases and links. A container on the host's network (or another's) has no name of its own.
  const names = mode
    ? []
    : [
        def.name,
        ...opt(str(get(n, 'container_name'))),
        ...ownNetworks.flatMap(([, v]) => stringOrList(get(v, 'aliases')).map((a) => String(a.value))),
        ...(linkAliases(project).get(def.name) ?? []),
      ];

  const mounts = new Map<string, ComposeMount>();
  for (const kind of ['secrets', 'configs'] as const) {
    for (const item of items(get(n, kind))) {
      const source = item.kind === 'scalar' ? str(item) : str(get(item, 'source'));
      if (!source) continue;
      const target = item.kind === 'map' ? str(get(item, 'target')) : undefined;
      const where = target?.startsWith('/') ? target : kind === 'secrets' ? `/run/secrets/${target ?? source}` : `/${target ?? source}`;
      const top = get(project.model, kind, source);
      const file = str(get(top, 'file'));
      const envName = str(get(top, 'environment'));
      const b = envName ? def.env(envName) : undefined;
      mounts.set(where, {
        name: source,
        at: { file: item.file, line: item.line },
        ...(file ? { file } : {}),
        ...(envName && b ? { env: { ...b, name: envName } } : {}),
      });
    }
  }
  // Names the container resolves to addresses of its own choosing: hosts outside the platform.
  const extraHosts = get(n, 'extra_hosts');
  const outside = [
    ...(extraHosts?.kind === 'map' ? entries(byKey(extraHosts)).map(([k]) => k) : items(extraHosts).map((i) => (str(i) ?? '').split(/[:=]/)[0]!)),
    ...items(get(n, 'external_links')).map((i) => (str(i) ?? '').split(':').pop()!),
  ].filter(Boolean);
  // On an external network, containers of other projects answer too: a name none of ours has may be theirs.
  if (!mode && ownNetworks.some(([k]) => isExternal(project, k))) outside.push('*');
  return { environment, envFiles, ports, names: [...new Set(names)], networks, mounts, outside };
}

/** The service's `env_file` entries, in order (paths already repo-relative). */
export function envFilesOf(def: ComposeServiceDef): ComposeEnvFile[] {
  const envFiles: ComposeEnvFile[] = [];
  const ef = get(def.node, 'env_file');
  for (const item of ef?.kind === 'seq' ? ef.items : ef ? [ef] : []) {
    const p = item.kind === 'scalar' ? str(item) : str(get(item, 'path'));
    if (p === undefined) continue;
    const required = item.kind === 'map' ? !['false', 'False', 'FALSE'].includes(str(get(item, 'required')) ?? 'true') : true;
    envFiles.push({ path: p, required, raw: item.kind === 'map' && str(get(item, 'format')) === 'raw', at: { file: item.file, line: item.line } });
  }
  return envFiles;
}

function opt<T>(v: T | undefined): T[] {
  return v === undefined ? [] : [v];
}

/** The docker network a service network key stands for: external ones by their name, others per project. */
function networkName(project: ComposeProject, key: string): string {
  const def = get(project.model, 'networks', key);
  const explicit = str(get(def, 'name'));
  if (isExternal(project, key)) return explicit ?? str(get(get(def, 'external'), 'name')) ?? key;
  return explicit ?? `${project.name}_${key}`;
}

/** A network another project (or the host's administrator) made: containers outside this project answer on it. */
function isExternal(project: ComposeProject, key: string): boolean {
  const ext = get(get(project.model, 'networks', key), 'external');
  return (ext?.kind === 'scalar' && String(ext.value) === 'true') || ext?.kind === 'map';
}

const aliasCache = new WeakMap<ComposeProject, Map<string, string[]>>();

/** `links: ["db:database"]` in any service makes `database` a name of db. */
function linkAliases(project: ComposeProject): Map<string, string[]> {
  let m = aliasCache.get(project);
  if (m) return m;
  m = new Map();
  for (const def of project.services.values()) {
    for (const l of stringOrList(get(def.node, 'links'))) {
      const [target, alias] = String(l.value).split(':');
      if (target && alias) m.set(target, [...(m.get(target) ?? []), alias]);
    }
  }
  aliasCache.set(project, m);
  return m;
}

/** `8080`, `9000:8080`, `127.0.0.1:9000:8080/tcp`, `[::1]:9000:8080`, `8000-8002:8000-8002` → container ports. */
function shortPortTargets(spec: string): number[] {
  const noProto = spec.split('/')[0]!;
  return expandRange(noProto.slice(noProto.lastIndexOf(':') + 1));
}

function expandRange(text: string): number[] {
  const m = /^\s*(\d{1,5})(?:-(\d{1,5}))?\s*$/.exec(text);
  if (!m) return [];
  const from = parsePort(m[1]!);
  const to = m[2] !== undefined ? parsePort(m[2]) : from;
  if (from === undefined || to === undefined || to < from) return [];
  if (to - from > MAX_RANGE) return [from];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The provenance of an interpolated value, with where each variable it used was defined. */
export function withVars(source: Provenance, uses?: VarUse[]): Provenance {
  const vars = new Map<string, NonNullable<Provenance['vars']>[number]>();
  for (const u of uses ?? []) {
    if (!u.binding || vars.has(u.name)) continue;
    const at = u.binding.source;
    vars.set(u.name, { name: u.name, ...(at?.file ? { file: at.file, ...(at.line ? { line: at.line } : {}) } : { shell: true }) });
  }
  return vars.size ? { ...source, vars: [...vars.values()] } : source;
}
