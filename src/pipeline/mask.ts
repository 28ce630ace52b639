import type { Model } from '../model.js';
import { looksLikeToken } from '../resolve/secret-values.js';
import { parseSecretRef } from '../providers/reference.js';
import type { Finding, FindingService } from '../report/types.js';
import { maskCredentials, maskedValue, type Scrubber } from '../present/index.js';
import type { RawFinding } from './run-rules.js';

export type { Scrubber };

const MIN_SCRUB_LENGTH = 4;

/**
 * Turns rule observations into report rows with no secret left: secrets become fingerprints,
 * credentials in URLs are masked, and every string is scrubbed of every known secret value
 * (defence in depth: a rule that put a value into a message cannot leak it).
 */
export function maskFindings(findings: RawFinding[], scrub: Scrubber): Finding[] {
  return findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    environment: f.environment,
    ...(f.setting !== undefined ? { setting: f.setting } : {}),
    ...(f.vars ? { vars: f.vars.map((v) => scrub(v)) } : {}),
    ...(f.subject ? { subject: scrub(f.subject) } : {}),
    messageId: f.messageId,
    message: scrub(maskCredentials(f.message)),
    services: f.observations.map((o): FindingService => {
      // Key order is the JSON's reading order: who, which class, what value, how, from where.
      const row = { service: o.service } as FindingService;
      if (o.environment) row.environment = o.environment;
      if (o.class) row.class = o.class;
      if (o.secret) {
        if (o.fingerprint) row.fingerprint = o.fingerprint;
      } else if (o.value !== undefined) {
        row.value = maskedValue(o.value, scrub);
      }
      if (o.link !== undefined) row.link = o.link;
      if (o.chainLength !== undefined) row.chainLength = o.chainLength;
      if (o.via !== undefined) row.via = scrub(maskCredentials(o.via));
      row.source = o.source ? { ...o.source } : { kind: 'unset' };
      if (row.source.ref) row.source.ref = scrub(row.source.ref);
      if (o.note !== undefined) row.note = scrub(maskCredentials(o.note));
      return row;
    }),
  }));
}

/** Every secret value the model holds: secret settings, secret-named variables, secret stores. */
export function secretValues(models: Iterable<Model>, isSecretName: (n: string) => boolean): Set<string> {
  const out = new Set<string>();
  const list = [...models];
  // A secret manager reference names a secret; it is not one, and reports show it.
  const add = (v: string | undefined) => {
    if (v !== undefined && v.length >= MIN_SCRUB_LENGTH && !parseSecretRef(v)) out.add(v);
  };
  for (const model of list) {
    for (const s of model.services.values()) {
      for (const r of s.settings.values()) {
        if (!r.secret) continue;
        add(r.value);
        for (const l of r.chain) if (l.kind === 'literal') add(l.value);
      }
      for (const [name, list] of s.vars) {
        const secret = isSecretName(name);
        for (const e of list) if (secret || e.fromSecretStore || looksLikeToken(e.value)) add(e.value);
      }
    }
  }
  return out;
}

/**
 * The platform's own words: its service and host names, its variable names and their words. A
 * password that is one of them (`postgres`) is masked in values only — in a name or a sentence
 * (`postgres's POSTGRES_PASSWORD`) masking it would hide nothing and tell which names equal a
 * password.
 */
export function platformVocabulary(models: Iterable<Model>): Set<string> {
  const vocabulary = new Set<string>();
  for (const model of models) {
    for (const s of model.services.values()) {
      for (const n of [s.name, ...s.hostNames.map((h) => h.name), ...s.vars.keys()]) {
        vocabulary.add(n.toLowerCase());
        for (const w of n.toLowerCase().split(/[^a-z0-9]+/)) if (w) vocabulary.add(w);
      }
    }
  }
  return vocabulary;
}

/**
 * Replaces exact occurrences of each secret, leftmost first and, where several start at the same
 * place, longest first (a secret holding another is masked whole). Secrets are indexed by their
 * first characters, so one pass over a string finds them all: never one regular expression
 * alternating every value, which a 32 KiB CA bundle broke. A short secret (`sentry`) is masked
 * only where it stands as a word of its own, not inside a name or a path (`services/sentry/.env`),
 * unless the string is a value (`inValue`).
 */
export function makeScrubber(secrets: Set<string>, valuesOnly: ReadonlySet<string> = new Set()): Scrubber {
  const nameSafe = (c: string) => valuesOnly.has(c.toLowerCase());
  const byPrefix = new Map<string, string[]>();
  const tiny: string[] = [];
  for (const v of [...secrets].sort((a, b) => b.length - a.length)) {
    if (v.length === 0) continue;
    if (v.length < PREFIX) tiny.push(v);
    else byPrefix.set(v.slice(0, PREFIX), [...(byPrefix.get(v.slice(0, PREFIX)) ?? []), v]);
  }
  if (byPrefix.size === 0 && tiny.length === 0) return (s) => s;
  return (s, inValue = false) => {
    // Every occurrence of every secret, then the union of their spans: overlapping secrets
    // (`…abcd` and `abcd…`) are masked together, no piece of either left.
    let out = '';
    let last = 0;
    let spanStart = -1;
    let spanEnd = -1;
    for (let i = 0; i + PREFIX <= s.length; i++) {
      for (const c of byPrefix.get(s.slice(i, i + PREFIX)) ?? []) {
        if (!s.startsWith(c, i) || !(inValue || c.length >= WORD_SECRET_LENGTH || standsAlone(s, i, c.length))) continue;
        if (!inValue && nameSafe(c)) continue;
        if (i > spanEnd) {
          if (spanStart >= 0) out += s.slice(last, spanStart) + MASKED;
          if (spanStart >= 0) last = spanEnd;
          spanStart = i;
        }
        spanEnd = Math.max(spanEnd, i + c.length);
        break; // the longest at this place; shorter ones lie inside it
      }
    }
    if (spanStart >= 0) {
      out += s.slice(last, spanStart) + MASKED;
      last = spanEnd;
    }
    out += s.slice(last);
    for (const t of tiny) if (out.includes(t) && (inValue || !nameSafe(t))) out = inValue ? out.split(t).join(MASKED) : maskWords(out, t);
    return out;
  };
}

const PREFIX = 4;
const MASKED = '[masked]';
/** Below this length a secret may well be an ordinary word or part of a name. */
const WORD_SECRET_LENGTH = 8;
const NAME_CHAR = /[A-Za-z0-9_./-]/;

function standsAlone(s: string, at: number, length: number): boolean {
  const before = at > 0 ? s[at - 1]! : '';
  const after = s[at + length] ?? '';
  return !(before && NAME_CHAR.test(before)) && !(after && NAME_CHAR.test(after));
}

function maskWords(s: string, secret: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf(secret); i >= 0; i = s.indexOf(secret, i + secret.length)) {
    if (!standsAlone(s, i, secret.length)) continue;
    out += s.slice(last, i) + MASKED;
    last = i + secret.length;
  }
  return out + s.slice(last);
}
