import type { SettingSpec } from '../manifest/types.js';
import type { Entry, ResolvedSetting } from '../model.js';
import { looksLikeToken } from './secret-values.js';
import { parseSecretRef } from '../providers/reference.js';
import type { Fingerprinter } from '../fingerprint.js';

export interface ChainContext {
  service: string;
  vars: Map<string, Entry[]>;
  specs: Map<string, SettingSpec>;
  fingerprinter: Fingerprinter;
  isSecretName: (name: string) => boolean;
  manifestFile: string;
  /** settings already resolved in this service (for {setting: …} links) */
  resolved: Map<string, ResolvedSetting>;
}

/**
 * What a value is compared by: the value itself, or — for a secret manager reference not read —
 * its identity, kept apart from any plain value that happens to spell the same.
 */
export function comparisonKey(value: string): string {
  const ref = parseSecretRef(value);
  return ref ? `ref\u0000${ref.canonical}` : value;
}

/** A reference that was not read (offline, or the read failed): only its identity can be compared. */
export function comparedByIdentity(r: ResolvedSetting): boolean {
  return r.ref !== undefined && !r.fetched;
}

/**
 * Walks a setting's fallback chain the way the service does: the first link that yields a
 * non-empty value wins (an empty variable falls through, like `a or b` and `a || b`).
 */
export function resolveChain(ctx: ChainContext, setting: string): ResolvedSetting {
  const done = ctx.resolved.get(setting);
  if (done) return done;
  const spec = ctx.specs.get(setting)!;
  const chain = spec.chain;
  // An empty literal (`?? ''`) is how code says "unset": it neither resolves nor counts as a fallback.
  const literalLinks = chain.flatMap((l, i) => (l.kind === 'literal' && l.value !== '' ? [i] : []));
  let secret = spec.secret ?? (ctx.isSecretName(setting) || chain.some((l) => l.kind === 'var' && ctx.isSecretName(l.name)));
  const base: ResolvedSetting = {
    service: ctx.service,
    setting,
    chain,
    linkIndex: null,
    secret,
    literalLinks,
    declaredAt: { file: ctx.manifestFile, line: spec.line },
  };

  for (let i = 0; i < chain.length; i++) {
    const link = chain[i]!;
    let value: string | undefined;
    let source: ResolvedSetting['source'];
    let via: string | undefined;
    let fromStore = false;
    if (link.kind === 'var') {
      const list = ctx.vars.get(link.name);
      const winner = list?.[list.length - 1];
      if (!winner || winner.value === '') continue;
      value = winner.value;
      source = winner.source;
      via = link.name;
      fromStore = winner.fromSecretStore === true;
    } else if (link.kind === 'literal') {
      if (link.value === '') continue;
      value = link.value;
      source = { kind: 'literal', file: link.file ?? ctx.manifestFile, line: link.line };
      via = 'literal';
    } else if (link.kind === 'ref') {
      value = link.ref;
      source = { kind: 'secret-ref', file: link.file ?? ctx.manifestFile, line: link.line, ref: link.ref };
      via = 'ref';
    } else if (link.kind === 'from-code') {
      continue; // expanded before resolution (build-model)
    } else {
      const other = resolveChain(ctx, link.name);
      if (other.linkIndex === null || other.value === undefined) continue;
      value = other.value;
      source = other.source;
      via = other.via;
      fromStore = other.secret;
    }
    const ref = parseSecretRef(value);
    if (ref || fromStore || looksLikeToken(value)) secret = spec.secret ?? true;
    const compareKey = comparisonKey(value);
    const digest = ctx.fingerprinter.digest(compareKey);
    const result: ResolvedSetting = {
      ...base,
      secret,
      linkIndex: i,
      value,
      digest,
      fingerprint: ctx.fingerprinter.fingerprint(compareKey),
      ref: ref?.canonical,
      source: ref ? { ...source!, ref: ref.canonical } : source,
      via,
    };
    ctx.resolved.set(setting, result);
    return result;
  }
  ctx.resolved.set(setting, base);
  return base;
}
