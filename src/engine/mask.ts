import type { Model } from '../model.js';
import { parseSecretRef } from '../providers/reference.js';
import type { Finding, FindingService } from '../report/types.js';
import type { RawFinding } from './run-rules.js';
import { maskCredentials } from './credentials.js';

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
    ...(f.vars ? { vars: f.vars } : {}),
    ...(f.subject ? { subject: f.subject } : {}),
    messageId: f.messageId,
    message: scrub(f.message),
    services: f.observations.map((o): FindingService => {
      // Key order is the JSON's reading order: who, which class, what value, how, from where.
      const row = { service: o.service } as FindingService;
      if (o.environment) row.environment = o.environment;
      if (o.class) row.class = o.class;
      if (o.secret) {
        if (o.fingerprint) row.fingerprint = o.fingerprint;
      } else if (o.value !== undefined) {
        row.value = scrub(maskUrlCredentials(o.value), true);
      }
      if (o.link !== undefined) row.link = o.link;
      if (o.chainLength !== undefined) row.chainLength = o.chainLength;
      if (o.via !== undefined) row.via = scrub(o.via);
      row.source = o.source ? { ...o.source } : { kind: 'unset' };
      if (row.source.ref) row.source.ref = scrub(row.source.ref);
      if (o.note !== undefined) row.note = scrub(o.note);
      return row;
    }),
  }));
}

/** `postgres://user:pass@host/db` → `postgres://user:****@host/db`, and every other credential form. */
export function maskUrlCredentials(value: string): string {
  return maskCredentials(value);
}

/** `inValue`: the string is a value, where even a short secret is masked wherever it occurs. */
export type Scrubber = (s: string, inValue?: boolean) => string;

/** Every secret value the model holds: secret settings, secret-named variables, secret stores. */
export function secretValues(models: Iterable<Model>, isSecretName: (n: string) => boolean): Set<string> {
  const out = new Set<string>();
  // A secret manager reference names a secret; it is not one, and reports show it.
  const add = (v: string | undefined) => {
    if (v !== undefined && v.length >= MIN_SCRUB_LENGTH && !parseSecretRef(v)) out.add(v);
  };
  for (const model of models) {
    for (const s of model.services.values()) {
      for (const r of s.settings.values()) {
        if (!r.secret) continue;
        add(r.value);
        for (const l of r.chain) if (l.kind === 'literal') add(l.value);
      }
      for (const [name, list] of s.vars) {
        const secret = isSecretName(name);
        for (const e of list) if (secret || e.fromSecretStore) add(e.value);
      }
    }
  }
  return out;
}

/**
 * Replaces exact occurrences of each secret, longest first (so a secret holding another is masked
 * whole). A loop over plain string search cannot fail on a large secret the way one alternation
 * of every value in a single regular expression did. A short secret (`sentry`) is masked only
 * where it stands as a word of its own, not inside a name or a path (`services/sentry/.env`).
 */
export function makeScrubber(secrets: Set<string>): Scrubber {
  if (secrets.size === 0) return (s) => s;
  const sorted = [...secrets].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  return (s, inValue = false) => {
    let out = s;
    for (const secret of sorted) {
      if (!out.includes(secret)) continue;
      out = inValue || secret.length >= WORD_SECRET_LENGTH ? out.split(secret).join(MASKED) : maskWords(out, secret);
    }
    return out;
  };
}

const MASKED = '[masked]';
/** Below this length a secret may well be an ordinary word or part of a name. */
const WORD_SECRET_LENGTH = 8;
const NAME_CHAR = /[A-Za-z0-9_./-]/;

function maskWords(s: string, secret: string): string {
  let out = '';
  let last = 0;
  for (let i = s.indexOf(secret); i >= 0; i = s.indexOf(secret, i + secret.length)) {
    const before = i > 0 ? s[i - 1]! : '';
    const after = s[i + secret.length] ?? '';
    if ((before && NAME_CHAR.test(before)) || (after && NAME_CHAR.test(after))) continue;
    out += s.slice(last, i) + MASKED;
    last = i + secret.length;
  }
  return out + s.slice(last);
}
