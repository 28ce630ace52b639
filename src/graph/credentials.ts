import type { Provenance, ResolvedSetting, ServiceModel } from '../model.js';
import { parseSecretRef } from '../providers/reference.js';
import { accountsFor, familyOf } from './accounts.js';
import { type Call, settingReading } from './calls.js';

/**
 * The credential a client presents along an edge: the password inside its address
 * (`postgres://app:…@db`), or the settings named like the address (`DB_HOST` → `DB_PASSWORD`,
 * `DB_USER`). Values stay here and in the rule that fingerprints them; reports get names and lines.
 */
export interface ClientCredential {
  user?: string;
  password: string;
  /** the setting (or variable) holding the password */
  setting: string;
  source?: Provenance;
  resolved?: ResolvedSetting;
}

const PASSWORD_WORDS = ['PASSWORD', 'PASS', 'PWD', 'PASSWD'];
const USER_WORDS = ['USER', 'USERNAME', 'USR'];

export function clientCredential(call: Call): ClientCredential | undefined {
  const { address, resolved } = call;
  if (address.password !== undefined) {
    if (!usable(address.password) || (resolved.ref && !resolved.fetched)) return undefined;
    return {
      ...(address.user ? { user: address.user } : {}),
      password: address.password,
      setting: call.setting,
      ...(resolved.source ? { source: resolved.source } : {}),
      resolved,
    };
  }
  const sibling = (words: string[]) => {
    for (const name of siblingNames(call, words)) {
      const r = settingReading(call.client, name);
      if (r && r.linkIndex !== null && r.value !== undefined) return { name, value: r.value, source: r.source, resolved: r };
      const entries = call.client.vars.get(name);
      const e = entries?.[entries.length - 1];
      if (e) return { name, value: e.value, source: e.source, resolved: undefined };
    }
    return undefined;
  };
  const password = sibling(PASSWORD_WORDS);
  if (!password || !usable(password.value) || (password.resolved?.ref && !password.resolved.fetched)) return undefined;
  const user = address.user ?? sibling(USER_WORDS)?.value;
  return {
    ...(user && usable(user) ? { user } : {}),
    password: password.value,
    setting: password.name,
    ...(password.source ? { source: password.source } : {}),
    ...(password.resolved ? { resolved: password.resolved } : {}),
  };
}

/** `DB_HOST` → `DB_PASSWORD`, `PGHOST` → `PGPASSWORD`, `redis.url` → `redis.password`. */
export function siblingNames(call: Call, words: string[]): string[] {
  const { prefix, variable } = call;
  if (!prefix || prefix === variable) return [];
  const sep = /[_.-]/.test(variable.charAt(prefix.length)) ? variable.charAt(prefix.length) : '';
  const lower = prefix === prefix.toLowerCase() && prefix !== prefix.toUpperCase();
  return words.map((w) => `${prefix}${sep}${lower ? w.toLowerCase() : w}`);
}

/**
 * A value that is a password: not a reference left for someone else to fill in, and not the path
 * of a file the program reads its password from (`DATABASE_PASSWORD=/run/secrets/db-password`),
 * nor an unread secret manager reference.
 */
function usable(v: string): boolean {
  return v.length > 0 && !/\$\{|\$\(|^\$[A-Z_]/.test(v) && !/^\/[\w.@-]+(\/[\w.@-]+)+$/.test(v) && !parseSecretRef(v);
}

/**
 * Which group each credential setting is compared in when it is found by name: a client's
 * credential with the server it calls, a server's account password with its clients. Two
 * services holding `REDIS_PASSWORD` for two different Redis instances are never one group.
 * Keyed `service\0setting`; settings of no edge are absent.
 */
export function credentialGroups(calls: readonly Call[]): Map<string, string> {
  const groups = new Map<string, string>();
  for (const call of calls) {
    const target = call.host?.service;
    if (!target || target === call.client) continue;
    const accounts = accountsFor(call, calls);
    // A client logging in as a user the server's environment does not create has a password of
    // its own: compared with no one (`POSTGRES_USER=app` beside the server's `postgres`).
    const user = accounts.length ? clientCredential(call)?.user : undefined;
    const own = user !== undefined && !accounts.some((a) => a.user === undefined || a.user === user);
    for (const name of siblingNames(call, PASSWORD_WORDS))
      for (const s of settingsReading(call.client, name))
        groups.set(`${call.client.name}\u0000${s}`, own ? `${target.name}\u0000${call.client.name}` : target.name);
    for (const a of accounts) for (const s of settingsReading(target, a.variable)) groups.set(`${target.name}\u0000${s}`, target.name);
  }
  // A password named for the kind of server a client calls, under another prefix than its address
  // (`REDIS_PASSWORD` beside `QUEUE_URL=redis://cache`): it is that server's.
  for (const call of calls) {
    const target = call.host?.service;
    const family = target && target !== call.client ? familyOf(call) : undefined;
    if (!family) continue;
    for (const r of call.client.settings.values()) {
      const key = `${call.client.name}\u0000${r.setting}`;
      const name = r.via ?? r.setting;
      if (groups.has(key) || !/(^|[_.-])(PASSWORD|PASS|PWD|PASSWD)$/i.test(name)) continue;
      if (family.words.test(name.split(/[_.-]/)[0] ?? '')) groups.set(key, target!.name);
    }
  }
  return groups;
}

/** The settings of a service that resolve through a variable (in zero-config, the variable's own). */
function settingsReading(s: ServiceModel, variable: string): string[] {
  return [...s.settings.values()].filter((r) => r.via === variable || r.setting === variable).map((r) => r.setting);
}
