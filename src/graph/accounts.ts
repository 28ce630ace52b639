import type { Provenance, ServiceModel } from '../model.js';
import { parseSecretRef } from '../providers/reference.js';
import type { Call } from './calls.js';

/**
 * The accounts a server's own environment creates, as the official images read it: the
 * postgres image makes `POSTGRES_USER` (default `postgres`) with `POSTGRES_PASSWORD`, mysql
 * makes `MYSQL_USER` with `MYSQL_PASSWORD` and `root` with `MYSQL_ROOT_PASSWORD`, and so on.
 * A client's credential along an edge is compared with these, not with every same-named variable.
 */

interface Family {
  /** how a client's address says it speaks to this kind of server */
  schemes: string[];
  port: number;
  /** words in the target's name or the client's setting that say so when the address cannot */
  words: RegExp;
  accounts: { password: string; user?: string; defaultUser?: string }[];
}

const FAMILIES: Family[] = [
  {
    schemes: ['postgres', 'postgresql'],
    port: 5432,
    words: /postgres|pg|psql/i,
    accounts: [
      { password: 'POSTGRES_PASSWORD', user: 'POSTGRES_USER', defaultUser: 'postgres' },
      { password: 'POSTGRESQL_PASSWORD', user: 'POSTGRESQL_USERNAME', defaultUser: 'postgres' },
      { password: 'POSTGRESQL_POSTGRES_PASSWORD', defaultUser: 'postgres' },
    ],
  },
  {
    schemes: ['mysql', 'mariadb'],
    port: 3306,
    words: /mysql|maria/i,
    accounts: [
      { password: 'MYSQL_PASSWORD', user: 'MYSQL_USER' },
      { password: 'MYSQL_ROOT_PASSWORD', defaultUser: 'root' },
      { password: 'MARIADB_PASSWORD', user: 'MARIADB_USER' },
      { password: 'MARIADB_ROOT_PASSWORD', defaultUser: 'root' },
    ],
  },
  {
    schemes: ['mongodb'],
    port: 27017,
    words: /mongo/i,
    accounts: [
      { password: 'MONGO_INITDB_ROOT_PASSWORD', user: 'MONGO_INITDB_ROOT_USERNAME' },
      { password: 'MONGODB_ROOT_PASSWORD', user: 'MONGODB_ROOT_USER', defaultUser: 'root' },
      { password: 'MONGODB_PASSWORD', user: 'MONGODB_USERNAME' },
    ],
  },
  {
    schemes: ['amqp', 'amqps'],
    port: 5672,
    words: /rabbit|amqp/i,
    accounts: [{ password: 'RABBITMQ_DEFAULT_PASS', user: 'RABBITMQ_DEFAULT_USER', defaultUser: 'guest' }],
  },
  {
    schemes: ['redis', 'rediss'],
    port: 6379,
    words: /redis|valkey|keydb/i,
    // Redis has one password for every client (the bitnami and valkey images read it from here).
    accounts: [{ password: 'REDIS_PASSWORD' }, { password: 'VALKEY_PASSWORD' }],
  },
];

export interface Account {
  /** the user name, when the server says which (a value of its environment, not a secret) */
  user?: string;
  /** the variable holding the password, and its value and where it was defined */
  variable: string;
  password: string;
  source: Provenance;
}

/** The kind of server `call` reaches (postgres, mysql…), by its address, port, image or name. */
export function familyOf(call: Call): { words: RegExp } | undefined {
  const target = call.host?.service;
  if (!target) return undefined;
  return FAMILIES.find(
    (f) =>
      (call.address.scheme !== undefined && f.schemes.includes(call.address.scheme)) ||
      (call.address.scheme === undefined &&
        (call.address.port === f.port ||
          (call.address.port === undefined && target.listens.some((c) => c.port === f.port)) ||
          f.words.test(target.name) ||
          f.words.test(call.prefix))),
  );
}

/** The accounts `call`'s target creates for clients of its kind; none when it is not such a server. */
export function accountsFor(call: Call, ownCalls: readonly Call[]): Account[] {
  const target = call.host?.service;
  const family = familyOf(call) as Family | undefined;
  if (!target || !family) return [];
  // `REDIS_PASSWORD` of an app that itself calls redis is its client credential, not an account.
  const clientPrefixes = new Set(ownCalls.filter((c) => c.client === target).map((c) => c.prefix.toUpperCase()));
  const out: Account[] = [];
  for (const a of family.accounts) {
    const password = last(target, a.password);
    if (!password || clientPrefixes.has(a.password.replace(/_PASS(WORD)?$/, ''))) continue;
    const user = a.user ? (last(target, a.user)?.value ?? a.defaultUser) : a.defaultUser;
    // MYSQL_PASSWORD without MYSQL_USER creates no account.
    if (a.user && user === undefined) continue;
    out.push({ ...(user !== undefined ? { user } : {}), variable: a.password, password: password.value, source: password.source });
  }
  return out;
}

function last(s: ServiceModel, name: string): { value: string; source: Provenance } | undefined {
  // A reference read from its secret manager (online) is compared by the secret it holds.
  const fetched = [...s.settings.values()].find((r) => r.via === name && r.fetched && r.value !== undefined);
  if (fetched?.source) return { value: fetched.value!, source: fetched.source };
  const list = s.vars.get(name);
  const e = list?.[list.length - 1];
  // A secret manager reference is not the password: unread, it cannot be compared (its setting
  // is compared by identity elsewhere, and a reference that cannot be read is reported there).
  return e && e.value !== '' && !parseSecretRef(e.value) && !/\$\{|\$\(/.test(e.value) ? { value: e.value, source: e.source } : undefined;
}
