import { Fingerprinter } from '../fingerprint.js';
import type { Manifest } from '../manifest/types.js';
import { buildModel } from '../resolve/build-model.js';
import { isFlagValue, isSecretName } from '../resolve/secret-names.js';
import { RepoFiles } from '../sources/files.js';
import { callsOf } from '../graph/calls.js';
import { credentialGroups } from '../graph/credentials.js';

export interface ProposedSetting {
  name: string;
  /** service → its chain (variable names) */
  chains: Map<string, string[]>;
  /** why it is proposed */
  because: string;
  /** an address of another service (the target's name): a setting, not a consistent rule */
  edge?: string;
}

/** Something init saw but will not decide for a person: same name, different values. */
export interface Remark {
  name: string;
  services: string[];
  text: string;
}

/**
 * What `concord init` proposes. Secrets: one setting across the services that hold the same
 * value (found by fingerprint, under one name or several: naming drift) or the same name, and can
 * reach each other (compose services share a network). Anything else is never proposed because
 * two services happen to use a name: a name that holds different values is listed for a person to
 * decide (differs by design?), so `check` right after `init` reports only real secret drift.
 */
export async function proposeSettings(
  manifest: Manifest,
  files: RepoFiles = new RepoFiles(manifest.root),
): Promise<{ proposals: ProposedSetting[]; remarks: Remark[] }> {
  const fp = new Fingerprinter();
  // (service, variable) → its value's digest in each environment ('' when unset there).
  const vectors = new Map<string, string[]>();
  const networks = new Map<string, string[] | undefined>();
  // variable → service → digests over environments, for every variable two services may share.
  const byName = new Map<string, Map<string, string[]>>();
  const secretNames = new Set<string>();
  // (service, variable) → the server its credential is for, so two apps' DB_PASSWORD for two
  // databases are never one setting; and each client's address settings, proposed as edges.
  const credentialFor = new Map<string, string>();
  const edges = new Map<string, { service: string; vars: string[]; target: string }>();
  // Values strong enough that two names holding one are one secret (a dev `password` is not).
  const strong = new Set<string>();
  for (const [i, env] of manifest.environments.entries()) {
    const model = await buildModel({ ...manifest, rules: [] }, env, files, fp);
    const calls = callsOf(model);
    for (const [k, target] of credentialGroups(calls)) credentialFor.set(k, target);
    for (const c of calls) {
      const target = c.host?.service.name;
      if (!target || target === c.client.name) continue;
      const vars = [c.setting, ...(c.portFrom ? [c.portFrom.setting] : [])];
      edges.set(`${c.client.name}\u0000${c.setting}`, { service: c.client.name, vars, target });
    }
    for (const [service, svc] of model.services) {
      networks.set(service, svc.networks);
      for (const [name, list] of svc.vars) {
        if (name.includes('.') || name.includes('[')) continue;
        const e = list[list.length - 1]!;
        const digest = fp.digest(e.value);
        const perService = byName.get(name) ?? new Map<string, string[]>();
        byName.set(name, perService.set(service, setAt(perService.get(service), i, digest, manifest.environments.length)));
        const secret = (isSecretName(name) || e.fromSecretStore) && e.value.length >= 8 && !isFlagValue(e.value);
        if (!secret) continue;
        secretNames.add(name);
        if (isStrong(e.value)) strong.add(digest);
        const k = `${service}\u0000${name}`;
        vectors.set(k, setAt(vectors.get(k), i, digest, manifest.environments.length));
      }
    }
  }

  // Secrets are one setting when they hold the same value in some environment (under one name or
  // several: naming drift), or share a name — among services that can reach each other (compose
  // services share a network). A shared secret that differs is the drift check is for.
  const keys = [...vectors.keys()];
  const parent = new Map(keys.map((k) => [k, k]));
  const find = (x: string): string => {
    if (parent.get(x) === x) return x;
    parent.set(x, find(parent.get(x)!));
    return parent.get(x)!;
  };
  const join = (a: string, b: string) => parent.set(find(a), find(b));
  const bucket = (key: (k: string) => string) => {
    const m = new Map<string, string[]>();
    for (const k of keys) m.set(key(k), [...(m.get(key(k)) ?? []), k]);
    return m.values();
  };
  const perEnvironment = manifest.environments.flatMap((_, i) => [
    ...bucket((k) => (strong.has(vectors.get(k)![i]!) ? `${i}:${vectors.get(k)![i]}` : `unset:${k}`)),
  ]);
  const byCredential = bucket((k) => `${k.split('\u0000')[1]!}\u0000${credentialFor.get(k) ?? ''}`);
  for (const members of [...perEnvironment, ...byCredential]) {
    for (const group of connected(members, (k) => networks.get(k.split('\u0000')[0]!))) for (const k of group.slice(1)) join(group[0]!, k);
  }
  const groups = new Map<string, string[]>();
  for (const k of keys) groups.set(find(k), [...(groups.get(find(k)) ?? []), k]);
  const proposals: ProposedSetting[] = [];
  const remarks: Remark[] = [];
  for (const group of groups.values()) {
    const pairs = group.map((k) => k.split('\u0000') as [string, string]);
    const services = new Set(pairs.map(([s]) => s));
    if (services.size < 2) continue;
    const names = [...new Set(pairs.map(([, n]) => n))];
    // Two names of one service are a fallback chain only when they name one thing
    // (JWT_SECRET_STAGING → JWT_SECRET_KEY); MYSQL_ROOT_PASSWORD and MYSQL_PASSWORD holding one
    // value are two settings that happen to agree.
    const perService = new Map<string, string[]>();
    for (const [svc, n] of pairs) perService.set(svc, [...(perService.get(svc) ?? []), n]);
    if ([...perService.values()].some((ns) => ns.length > 1 && !oneThing(ns))) {
      remarks.push({
        name: names.join('/'),
        services: [...services],
        text: `${names.join(', ')} hold one value in ${[...services].join(', ')}, some under two names in one service: one secret or a coincidence? Not proposed`,
      });
      continue;
    }
    const chains = new Map<string, string[]>();
    for (const [svc, n] of pairs) chains.set(svc, [...(chains.get(svc) ?? []), n]);
    const held = [...chains].map(([svc, v]) => `${v.join('/')} (${svc})`).join(', ');
    // Equal where both are set, in every environment: the names are naming drift, not a drift of values.
    const sameValue = manifest.environments.every((_, i) => new Set(group.map((k) => vectors.get(k)![i]).filter(Boolean)).size <= 1);
    proposals.push({
      name: settingName(names),
      chains,
      because:
        sameValue && names.length > 1
          ? `one value under different names: ${held}`
          : names.length > 1
            ? `one secret under different names: ${held}`
            : `the secret ${names[0]} is set in ${[...services].join(', ')}`,
    });
  }
  const used = new Set<string>();
  for (const p of proposals) {
    const base = p.name;
    for (let i = 2; used.has(p.name); i++) p.name = `${base}_${i}`;
    used.add(p.name);
  }

  // Same name, different values: a person decides whether that is by design.
  for (const [name, perService] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    if (perService.size < 2 || secretNames.has(name)) continue;
    const distinct = new Set([...perService.values()].map((v) => v.join(',')));
    if (distinct.size < 2) continue;
    const services = [...perService.keys()];
    remarks.push({
      name,
      services,
      text: `${name} differs between ${services.join(', ')}: different by design? If not, declare one setting and a consistent rule`,
    });
  }
  // Each address a client holds for another service: a setting of its own, so port-match and
  // credential-match judge it after init as they do without a manifest.
  for (const e of [...edges.values()].sort((a, b) => a.service.localeCompare(b.service) || a.vars[0]!.localeCompare(b.vars[0]!))) {
    for (const v of e.vars) {
      if (proposals.some((p) => p.chains.get(e.service)?.includes(v))) continue;
      // A name a consistent proposal holds would put this address under its rule: kept apart.
      const name = used.has(v.toLowerCase()) ? `${v.toLowerCase()}_${e.service.replace(/[^A-Za-z0-9_]/g, '_')}` : v.toLowerCase();
      proposals.push({ name, chains: new Map([[e.service, [v]]]), because: `calls ${e.target}`, edge: e.target });
    }
  }
  return { proposals, remarks };
}

/** Names that start with the same two words: `JWT_SECRET_STAGING` and `JWT_SECRET_KEY`. */
function oneThing(names: string[]): boolean {
  const head = (n: string) =>
    n
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .slice(0, 2)
      .join('_');
  return new Set(names.map(head)).size === 1 && head(names[0]!).includes('_');
}

/** A value two names cannot share by chance: long, varied, and no word a person types as a stand-in. */
function isStrong(value: string): boolean {
  return (
    value.length >= 16 && new Set(value).size >= 8 && !/password|passwd|secret|changeme|change_me|example|your|dummy|default|sample|admin|test/i.test(value)
  );
}

function setAt(v: string[] | undefined, i: number, digest: string, n: number): string[] {
  const out = v ?? Array.from({ length: n }, () => '');
  out[i] = digest;
  return out;
}

/** Splits members into groups whose services share a docker network (or are outside compose). */
function connected(members: string[], nets: (k: string) => string[] | undefined): string[][] {
  const parent = members.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = nets(members[i]!);
      const b = nets(members[j]!);
      if (!a || !b || a.some((n) => b.includes(n))) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, string[]>();
  members.forEach((m, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), m]));
  return [...groups.values()];
}

/** jwt_secret from JWT_SECRET, JWT_SECRET_STAGING, JWT_SECRET_KEY: the longest common prefix, or the shortest name. */
function settingName(names: string[]): string {
  const sorted = [...names].sort((a, b) => a.length - b.length);
  let prefix = sorted[0]!;
  for (const n of sorted) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/_+$/, '');
  return (prefix.length >= 3 ? prefix : sorted[0]!).toLowerCase();
}
