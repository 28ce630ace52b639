import type { Model } from '../model.js';
import { parseSecretRef } from '../providers/reference.js';
import type { Finding, FindingService } from '../report/types.js';
import type { RawFinding } from './run-rules.js';

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
        row.value = scrub(maskUrlCredentials(o.value));
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

/** `postgres://user:pass@host/db` → `postgres://user:****@host/db`. */
export function maskUrlCredentials(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/)([^:@/\s]*):([^@/\s]*)@/gi, (_m, scheme: string, user: string) => `${scheme}${user}:****@`);
}

export type Scrubber = (s: string) => string;

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

export function makeScrubber(secrets: Set<string>): Scrubber {
  if (secrets.size === 0) return (s) => s;
  const sorted = [...secrets].sort((a, b) => b.length - a.length);
  const re = new RegExp(sorted.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (s) => s.replace(re, '[masked]');
}
