import type { Manifest } from '../manifest/types.js';
import type { Model, PortClaim, ResolvedSetting, ServiceModel } from '../model.js';
import { expandFromCode, loadCodeChains } from './from-code.js';
import type { Fingerprinter } from '../fingerprint.js';
import { parseEndpoint, parsePort } from '../sources/ports.js';
import type { RepoFiles } from '../sources/files.js';
import { loadService } from './load-service.js';
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
): Promise<Model> {
  const patterns = manifest.secretPatterns ?? DEFAULT_SECRET_PATTERNS;
  const services = new Map<string, ServiceModel>();
  const settingNames = new Set<string>();
  const notes: Model['notes'] = [...(manifest.notes ?? [])];
  for (const spec of manifest.services) {
    if (only && !only.has(spec.name)) continue;
    const loaded = await loadService(spec, environment, files, manifest.file, needed?.get(spec.name));
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
    const svc: ServiceModel = { name: spec.name, declaredAt: { file: manifest.file, line: spec.line }, root: spec.root, vars: loaded.vars, settings: ctx.resolved, listens: [], hostNames: loaded.hostNames, ...(codeChains ? { codeChains } : {}) };
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
  return { environment, services, settingNames, bySetting, notes: dedupeNotes(notes) };
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
  for (const { item, line } of items) {
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
      source,
      link: setting?.linkIndex != null ? setting.linkIndex + 1 : undefined,
      chainLength: setting?.chain.length,
    });
  }
  return out;
}
