import { escapeControls } from '../printable.js';
import { Fingerprinter } from '../fingerprint.js';
import type { Manifest, ServiceSpec } from '../manifest/types.js';
import { buildModel } from '../resolve/build-model.js';
import { isSecretName } from '../resolve/secret-names.js';
import { RepoFiles } from '../sources/files.js';
import type { Discovery } from './discover.js';

export interface ProposedSetting {
  name: string;
  /** service → its chain (variable names) */
  chains: Map<string, string[]>;
  /** why it is proposed */
  because: string;
}

/**
 * Settings worth declaring: a secret held under different names by different services with the
 * same value (naming drift, found by fingerprint, never by looking at values), and any variable
 * that two or more services share.
 */
export async function proposeSettings(manifest: Manifest, files: RepoFiles = new RepoFiles(manifest.root)): Promise<ProposedSetting[]> {
  const fp = new Fingerprinter();
  const holders = new Map<string, Set<string>>(); // var → services
  const order = new Map<string, number>(); // service\0var → first seen, for chain order
  // Union-find over (service, secret variable): joined when they hold the same value in some
  // environment, or share a name — one logical setting, however each service spells it.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while (parent.get(x) !== x) {
      parent.set(x, parent.get(parent.get(x)!)!);
      x = parent.get(x)!;
    }
    return x;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const node = (service: string, name: string) => {
    const k = `${service}\u0000${name}`;
    if (!parent.has(k)) {
      parent.set(k, k);
      order.set(k, order.size);
    }
    return k;
  };
  const byName = new Map<string, string>();
  for (const env of manifest.environments) {
    const model = await buildModel({ ...manifest, rules: [] }, env, files, fp);
    const byDigest = new Map<string, string>();
    for (const [service, svc] of model.services) {
      for (const [name, list] of svc.vars) {
        if (name.includes('.') || name.includes('[')) continue;
        holders.set(name, (holders.get(name) ?? new Set()).add(service));
        const e = list[list.length - 1]!;
        if (!(isSecretName(name) || e.fromSecretStore) || e.value.length < 8) continue;
        const k = node(service, name);
        const d = fp.digest(e.value);
        if (byDigest.has(d)) union(k, byDigest.get(d)!);
        else byDigest.set(d, k);
        if (byName.has(name)) union(k, byName.get(name)!);
        else byName.set(name, k);
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const k of parent.keys()) groups.set(find(k), [...(groups.get(find(k)) ?? []), k]);
  const proposals: ProposedSetting[] = [];
  const taken = new Set<string>();
  for (const members of groups.values()) {
    const pairs = members.sort((a, b) => order.get(a)! - order.get(b)!).map((k) => k.split('\u0000') as [string, string]);
    const names = [...new Set(pairs.map(([, n]) => n))];
    const services = new Set(pairs.map(([s]) => s));
    if (services.size < 2 || names.length < 2) continue;
    const chains = new Map<string, string[]>();
    for (const [svc, n] of pairs) chains.set(svc, [...(chains.get(svc) ?? []), n]);
    proposals.push({ name: settingName(names), chains, because: `one value under different names: ${[...chains].map(([svc, v]) => `${v.join('/')} (${svc})`).join(', ')}` });
    names.forEach((n) => taken.add(n));
  }
  for (const [name, services] of [...holders].sort()) {
    if (services.size < 2 || taken.has(name)) continue;
    proposals.push({ name: name.toLowerCase(), chains: new Map([...services].map((s) => [s, [name]])), because: `${name} is set in ${[...services].join(', ')}` });
  }
  return proposals;
}

/** A commented concord.yaml for what was discovered and proposed. */
export function renderManifest(d: Discovery, proposals: ProposedSetting[], schemaPath: string): string {
  const q = (s: string) => (/^[\w./-]+$/.test(s) && !/^(true|false|null|yes|no|on|off|~|\d.*)$/i.test(s) ? s : JSON.stringify(s));
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '# Written by `concord init` from what it found in this repository. Review it: the chains below',
    "# are guesses from variable names; write each service's real fallback order (first link wins).",
    'version: 1',
    `environments: [${d.environments.map(q).join(', ')}]`,
    '',
    'services:',
  ];
  // A folder name can hold anything; a service name is what the manifest schema allows, and a
  // comment one line: `check` must accept what `init` writes.
  const keys = new Set<string>();
  for (const spec of d.services) {
    let key = spec.name.replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[.-]/, '_');
    for (let i = 2; keys.has(key); i++) key = `${key}-${i}`;
    keys.add(key);
    lines.push(`  ${q(key)}:`);
    for (const n of d.notes.get(spec.name) ?? []) lines.push(`    # found: ${escapeControls(n)}`);
    if (spec.root !== '.') lines.push(`    root: ${q(spec.root)}`);
    if (spec.env.length) lines.push(`    env: [${spec.env.map((e) => JSON.stringify(e.file)).join(', ')}]`);
    if (spec.compose) lines.push(`    compose: { file: ${q(spec.compose.file)}, service: ${q(spec.compose.service)} }`);
    if (spec.k8s) lines.push(`    k8s: { files: ${JSON.stringify(spec.k8s.files[0])}, container: ${q(spec.k8s.container)} }`);
    if (spec.aliases.length) lines.push(`    aliases: [${spec.aliases.map(q).join(', ')}]`);
    const mine = proposals.filter((p) => p.chains.has(spec.name));
    const listens = listensOf(spec);
    if (listens.length) lines.push(`    listens: [${listens.join(', ')}]`);
    if (mine.length) {
      lines.push('    settings:');
      for (const p of mine) lines.push(`      ${q(p.name)}: [${p.chains.get(spec.name)!.map(q).join(', ')}]`);
    }
  }
  lines.push('', 'rules:');
  for (const p of proposals) {
    lines.push(`  # ${escapeControls(p.because)}`);
    lines.push(`  - rule: consistent`, `    setting: ${q(p.name)}`);
  }
  lines.push(
    '  - rule: port-match          # URLs that name a service hit a port it listens on',
    '  - rule: no-literal-fallback # secrets never fall back to a hard-coded literal',
    '  - rule: chain-divergence    # the same setting read through different names (warning)',
    '  - rule: secret-strength     # no placeholder or short secrets (warning)',
    '',
  );
  return lines.join('\n');
}

function listensOf(spec: ServiceSpec): string[] {
  return spec.listens.map((l) => String(l.item));
}

/** jwt_secret from JWT_SECRET, JWT_SECRET_STAGING, JWT_SECRET_KEY: the longest common prefix, or the shortest name. */
function settingName(names: string[]): string {
  const sorted = [...names].sort((a, b) => a.length - b.length);
  let prefix = sorted[0]!;
  for (const n of sorted) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.replace(/_+$/, '');
  return (prefix.length >= 3 ? prefix : sorted[0]!).toLowerCase();
}
