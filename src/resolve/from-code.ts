import type { CodeChain } from '../code/types.js';
import { ConfigError } from '../errors.js';
import type { ServiceSpec, SettingSpec } from '../manifest/types.js';
import type { ChainLink, Model } from '../model.js';
import { expandGlob, type RepoFiles } from '../sources/files.js';

/** The service's source files, parsed once per run (a syntax error is a note, not a stop). */
export async function loadCodeChains(spec: ServiceSpec, files: RepoFiles, manifestFile: string, notes: Model['notes']): Promise<CodeChain[]> {
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
    c = import('../code/cache.js').then(({ ChainCache }) => new ChainCache(files.codeCacheDir));
    files.memo.set(key, c);
  }
  return c;
}

/**
 * `{from-code: VAR}` links become the chain the code has for VAR: the one that starts with it, or
 * else one that reads it. Its literal links point at the source line.
 */
export function expandFromCode(spec: ServiceSpec, chains: CodeChain[], manifestFile: string): Map<string, SettingSpec> {
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
          {
            file: manifestFile,
            line: l.line,
            message: `services.${spec.name}.settings.${name}: no chain in ${spec.name}'s code (${(spec.code ?? []).join(', ')}) reads ${l.name}`,
          },
        ]);
      }
      return found.links.map((c) =>
        c.kind === 'var'
          ? { kind: 'var', name: c.name, line: c.line, file: found.file }
          : c.kind === 'literal'
            ? { kind: 'literal', value: c.value, line: c.line, file: found.file }
            : { kind: 'ref', ref: c.ref, line: c.line, file: found.file },
      );
    });
    out.set(name, { ...def, chain });
  }
  return out;
}

export function chainReading(chains: CodeChain[], name: string): CodeChain | undefined {
  const first = chains.find((c) => c.links[0]?.kind === 'var' && c.links[0].name === name);
  return first ?? chains.find((c) => c.links.some((l) => l.kind === 'var' && l.name === name));
}
