import { readFileSync } from 'node:fs';
import type { CodeChain } from '../code/types.js';
import { ConfigError } from '../errors.js';
import type { Manifest, ServiceSpec, SettingSpec } from '../manifest/types.js';
import type { ChainLink, Model, PortClaim, ServiceModel } from '../model.js';
import { expandGlob } from '../sources/files.js';
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
  const notes: Model['notes'] = [];
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
    const svc: ServiceModel = { name: spec.name, root: spec.root, vars: loaded.vars, settings: ctx.resolved, listens: [], hostNames: loaded.hostNames, ...(codeChains ? { codeChains } : {}) };
    svc.listens = [...listenClaims(spec.listens, svc, manifest.file), ...loaded.ports];
    services.set(spec.name, svc);
  }
  const bySetting = new Map<string, import('../model.js').ResolvedSetting[]>();
  for (const svc of services.values()) {
    for (const [name, r] of svc.settings) {
      const list = bySetting.get(name);
      if (list) list.push(r);
      else bySetting.set(name, [r]);
    }
  }
  return { environment, services, settingNames, bySetting, notes: dedupeNotes(notes) };
}

/** The service's source files, parsed once per run (a syntax error is a note, not a stop). */
async function loadCodeChains(spec: ServiceSpec, files: RepoFiles, manifestFile: string, notes: Model['notes']): Promise<CodeChain[]> {
  const { cachedChainsOfSource, languageOf } = await import('../code/parse.js');
  const cache = await codeCache(files);
  const chains: CodeChain[] = [];
  for (const pattern of spec.code ?? []) {
    for (const ref of await expandGlob(files, spec.root, pattern, { file: manifestFile })) {
      const language = languageOf(ref.rel);
      if (!language) continue;
      const key = `code\u0000${ref.abs}`;
      let p = files.memo.get(key) as Promise<Awaited<ReturnType<typeof cachedChainsOfSource>>> | undefined;
      if (!p) {
        p = cachedChainsOfSource(files.read(ref)!, ref.rel, language, cache);
        files.memo.set(key, p);
      }
      const r = await p;
      chains.push(...r.chains);
      notes.push(...r.warnings);
    }
  }
  cache?.save();
  return chains;
}

/** One chain cache per run, opened on first use. */
async function codeCache(files: RepoFiles) {
  if (!files.codeCacheDir) return undefined;
  const key = 'code-cache';
  let c = files.memo.get(key) as Promise<import('../code/cache.js').ChainCache> | undefined;
  if (!c) {
    c = import('../code/cache.js').then(({ ChainCache }) => new ChainCache(files.codeCacheDir, PACKAGE_VERSION));
    files.memo.set(key, c);
  }
  return c;
}

const PACKAGE_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/**
 * `{from-code: VAR}` links become the chain the code has for VAR: the one that starts with it, or
 * else one that reads it. Its literal links point at the source line.
 */
function expandFromCode(spec: ServiceSpec, chains: CodeChain[], manifestFile: string): Map<string, SettingSpec> {
  const out = new Map<string, SettingSpec>();
  for (const [name, def] of spec.settings) {
    if (!def.chain.some((l) => l.kind === 'from-code')) {
      out.set(name, def);
      continue;
    }
    const chain = def.chain.flatMap((l): ChainLink[] => {
      if (l.kind !== 'from-code') return [l];
      const found = chainReading(chains, l.name);
      if (!found) {
        throw new ConfigError('UNKNOWN_SETTING', [
          { file: manifestFile, line: l.line, message: `services.${spec.name}.settings.${name}: no chain in ${spec.name}'s code (${(spec.code ?? []).join(', ')}) reads ${l.name}` },
        ]);
      }
      return found.links.map((c) => (c.kind === 'var' ? { kind: 'var', name: c.name, line: c.line, file: found.file } : c.kind === 'literal' ? { kind: 'literal', value: c.value, line: c.line, file: found.file } : { kind: 'ref', ref: c.ref, line: c.line, file: found.file }));
    });
    out.set(name, { ...def, chain });
  }
  return out;
}

export function chainReading(chains: CodeChain[], name: string): CodeChain | undefined {
  const first = chains.find((c) => c.links[0]?.kind === 'var' && c.links[0].name === name);
  return first ?? chains.find((c) => c.links.some((l) => l.kind === 'var' && l.name === name));
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
      out.push({ port: item, via: 'listens', source: { kind: 'literal', file: manifestFile, line } });
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
      source,
      link: setting?.linkIndex != null ? setting.linkIndex + 1 : undefined,
      chainLength: setting?.chain.length,
    });
  }
  return out;
}
