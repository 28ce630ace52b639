import type { Manifest } from '../manifest/types.js';
import type { Model, PortClaim, ResolvedSetting, ServiceModel } from '../model.js';
import { expandFromCode, loadCodeChains } from './from-code.js';
import type { Fingerprinter } from '../fingerprint.js';
import { parseEndpoint, parsePort } from '../sources/ports.js';
import type { RepoFiles } from '../sources/files.js';
import { loadService } from './load-service.js';
import { findReaderDisagreements } from './reader-disagreements.js';
import { chooseReaders } from './readers.js';
import { findYamlDisagreements } from './yaml-readers.js';
import { resolveChain } from './resolve-chain.js';
import { DEFAULT_SECRET_PATTERNS, isSecretName } from './secret-names.js';

/** Loads every service of the manifest for one environment and resolves all its settings. */
export async function buildModel(
  manifest: Manifest,
  environment: string,
  files: RepoFiles,
  fingerprinter: Fingerprinter,
  only?: Set<string>,
  needed?: Map<string, Set<string>>,
  /** per service, the only settings to resolve (a pre-commit run); absent: all of them */
  settingsFor?: Map<string, Set<string>>,
  /** the environment concord runs in: docker compose interpolates from it */
  shellEnv: Record<string, string | undefined> = {},
): Promise<Model> {
  const patterns = manifest.secretPatterns ?? DEFAULT_SECRET_PATTERNS;
  const services = new Map<string, ServiceModel>();
  const settingNames = new Set<string>();
  const notes: Model['notes'] = [...(manifest.notes ?? [])];
  const k8sProblems = new Map<string, NonNullable<Model['k8sProblems']>[number]>();
  const readers = await chooseReaders(manifest, files);
  const byDefault = manifest.services.filter((s) => s.env.length > 0 && readers.get(s.name)?.assumedFrom === 'default' && (!only || only.has(s.name)));
  if (byDefault.length > 0) {
    notes.push({
      file: manifest.file,
      message: `no service shows which dotenv library reads its env files (package.json, requirements, go.mod, Gemfile, code): they were read as ${readers.get(byDefault[0]!.name)!.dialect} (dotenv's syntax, \${…} expanded); set dialect: on a service to say`,
    });
  }
  for (const spec of manifest.services) {
    if (only && !only.has(spec.name)) continue;
    const reader = readers.get(spec.name)!;
    if (reader.assumedFrom === 'platform' && spec.env.length > 0) {
      notes.push({
        file: manifest.file,
        line: spec.line,
        message: `${spec.name}: nothing in its folder shows which dotenv library reads its env files; concord assumed ${reader.dialect}, the reader most services of the platform use (set dialect: to say)`,
      });
    }
    const loaded = await loadService(spec, environment, files, manifest.file, needed?.get(spec.name), shellEnv, reader);
    notes.push(...(loaded.notes ?? []));
    if (loaded.compose?.inactive) {
      // docker compose would not start it: nothing it holds is compared.
      const { profiles, active } = loaded.compose.inactive;
      notes.push({
        file: manifest.file,
        line: spec.line,
        message: `${spec.name} runs only under the compose profile${profiles.length > 1 ? 's' : ''} ${profiles.join(', ')} (active: ${active.join(', ') || 'none'}): not running, not compared`,
      });
      continue;
    }
    // Services reading the same manifests see the same problems: one problem, every service named.
    for (const p of loaded.k8sProblems ?? []) {
      const key = `${p.messageId}\u0000${p.subject}\u0000${p.source.file}:${p.source.line}`;
      const seen = k8sProblems.get(key);
      // The services whose workload it concerns are named; when none is, the first reader stands for all.
      if (!seen || (seen.shared && !p.shared)) k8sProblems.set(key, { ...p, services: [...p.services] });
      else if (Boolean(seen.shared) === Boolean(p.shared)) seen.services.push(...p.services.filter((s) => !seen.services.includes(s)));
    }
    const codeChains = spec.code ? await loadCodeChains(spec, files, manifest.file, notes) : undefined;
    const ctx = {
      service: spec.name,
      vars: loaded.vars,
      specs: codeChains ? expandFromCode(spec, codeChains, manifest.file) : spec.settings,
      fingerprinter,
      isSecretName: (n: string) => isSecretName(n, patterns),
      manifestFile: manifest.file,
      resolved: new Map(),
    };
    const wanted = settingsFor?.get(spec.name);
    for (const name of spec.settings.keys()) {
      if (wanted && !wanted.has(name)) continue;
      resolveChain(ctx, name);
      settingNames.add(name);
    }
    const svc: ServiceModel = {
      name: spec.name,
      declaredAt: { file: manifest.file, line: spec.line },
      root: spec.root,
      vars: loaded.vars,
      settings: ctx.resolved,
      listens: [],
      hostNames: loaded.hostNames,
      ...(spec.env.length || spec.config.length ? { reader } : {}),
      ...(loaded.dotenvReads.length ? { dotenvReads: loaded.dotenvReads } : {}),
      ...(codeChains ? { codeChains } : {}),
      ...(loaded.compose ? { networks: loaded.compose.networks, composeIssues: loaded.compose.issues } : {}),
      ...(loaded.compose?.outside.length ? { outsideHosts: loaded.compose.outside } : {}),
    };
    svc.listens = [...listenClaims(spec.listens, svc, manifest.file), ...loaded.ports];
    services.set(spec.name, svc);
  }
  const bySetting = new Map<string, ResolvedSetting[]>();
  for (const svc of services.values()) {
    for (const [name, r] of svc.settings) {
      const list = bySetting.get(name);
      if (list) list.push(r);
      else bySetting.set(name, [r]);
    }
  }
  // A shared problem of workload `backend` read through another service's files: the service named backend says it.
  for (const p of k8sProblems.values()) {
    const owner = p.shared && p.owners?.map((o) => o.split('/').pop()!).find((n) => services.has(n));
    if (owner) Object.assign(p, { services: [owner], shared: undefined });
  }
  const model: Model = {
    environment,
    services,
    settingNames,
    bySetting,
    notes: dedupeNotes(notes),
    ...(k8sProblems.size ? { k8sProblems: [...k8sProblems.values()] } : {}),
  };
  model.readerDisagreements = findReaderDisagreements(model, files);
  model.yamlDisagreements = findYamlDisagreements(model);
  return model;
}

function dedupeNotes(notes: Model['notes']): Model['notes'] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const k = `${n.file}:${n.line}:${n.message}`;
    return !seen.has(k) && seen.add(k) !== undefined;
  });
}

/** `listens:` items → ports: a setting's resolved value, a variable's value, or a number. */
function listenClaims(items: Manifest['services'][number]['listens'], svc: ServiceModel, manifestFile: string): PortClaim[] {
  const out: PortClaim[] = [];
  for (const { item, line, inferred } of items) {
    if (typeof item === 'number') {
      out.push({ port: item, via: 'listens', bound: true, source: { kind: 'literal', file: manifestFile, line } });
      continue;
    }
    const setting = svc.settings.get(item);
    const list = svc.vars.get(item);
    const winner = list?.[list.length - 1];
    const value = setting ? setting.value : winner?.value;
    const source = setting ? setting.source : winner?.source;
    if (value === undefined || !source) continue;
    const port = parsePort(value) ?? parseEndpoint(value)?.port;
    if (port === undefined) continue;
    const link = setting && setting.linkIndex !== null && setting.via !== item ? ` via ${setting.via}` : '';
    out.push({
      port,
      via: `listens: ${item}${link}`,
      bound: true,
      ...(inferred ? { inferred } : {}),
      source,
      link: setting?.linkIndex != null ? setting.linkIndex + 1 : undefined,
      chainLength: setting?.chain.length,
    });
  }
  return out;
}
