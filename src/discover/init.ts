import { escapeControls } from '../printable.js';
import type { ServiceSpec } from '../manifest/types.js';
import type { Discovery } from './discover.js';
import type { ProposedSetting, Remark } from './propose.js';

export { proposeSettings, type ProposedSetting, type Remark } from './propose.js';

/** Remarks beyond this many are counted, not listed: a manifest is for reading. */
const MAX_REMARKS = 40;

/** A commented concord.yaml for what was discovered and proposed. */
export function renderManifest(d: Discovery, proposals: ProposedSetting[], schemaPath: string, remarks: Remark[] = []): string {
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
    if (spec.compose)
      lines.push(
        `    compose: { ${spec.compose.files.length === 1 ? `file: ${q(spec.compose.files[0]!)}` : `files: [${spec.compose.files.map(q).join(', ')}]`}, service: ${q(spec.compose.service)} }`,
      );
    if (spec.k8s) lines.push(`    k8s: ${k8sLine(spec.k8s, q)}`);
    if (spec.aliases.length) lines.push(`    aliases: [${spec.aliases.map(q).join(', ')}]`);
    const mine = proposals.filter((p) => p.chains.has(spec.name));
    const listens = listensOf(spec);
    // A port variable is a guess at what the service binds, not a fact: left for a person to confirm.
    if (listens.length) lines.push(`    # listens: [${listens.join(', ')}]   # its port variable; uncomment if this is every port it binds`);
    if (mine.length) {
      lines.push('    settings:');
      for (const p of mine)
        lines.push(`      ${q(p.name)}: [${p.chains.get(spec.name)!.map(q).join(', ')}]${p.edge ? `   # calls ${escapeControls(p.edge)}` : ''}`);
    }
  }
  if (remarks.length) {
    lines.push('', '# Not proposed: the same name holds different values in these services. Decide whether each is by design.');
    for (const r of remarks.slice(0, MAX_REMARKS)) lines.push(`#   ${r.text}`);
    if (remarks.length > MAX_REMARKS) lines.push(`#   … and ${remarks.length - MAX_REMARKS} more`);
  }
  lines.push('', 'rules:');
  for (const p of proposals.filter((x) => !x.edge)) {
    lines.push(`  # ${escapeControls(p.because)}`);
    lines.push(`  - rule: consistent`, `    setting: ${q(p.name)}`);
  }
  lines.push(
    '  - rule: port-match          # URLs that name a service hit a port it listens on',
    "  - rule: credential-match    # a client's password for a database or broker is the one the server sets",
    '  - rule: no-literal-fallback # secrets never fall back to a hard-coded literal',
    '  - rule: chain-divergence    # the same setting read through different names (warning)',
    '  - rule: secret-strength     # no placeholder or short secrets (warning)',
    '  - rule: env-template        # what .env.example lists is set where the real files are (warning)',
    ...(d.services.some((s) => s.k8s) ? ['  - rule: k8s-manifest        # Services reach a port a container has; values the API server rejects'] : []),
    '',
  );
  return lines.join('\n');
}

function listensOf(spec: ServiceSpec): string[] {
  return spec.listens.map((l) => String(l.item));
}

/** The `k8s:` of a discovered service, in flow style: its source, then the workload. */
function k8sLine(k: NonNullable<import('../manifest/types.js').ServiceSpec['k8s']>, q: (s: string) => string): string {
  const parts: string[] = [];
  if (k.files.length) parts.push(`files: ${JSON.stringify(k.files[0])}`);
  if (k.kustomize) parts.push(`kustomize: ${JSON.stringify(k.kustomize)}`);
  if (k.helm) parts.push(`helm: { chart: ${JSON.stringify(k.helm.chart)}${k.helm.release ? `, release: ${q(k.helm.release)}` : ''} }`);
  if (k.workload) parts.push(`workload: ${q(k.workload)}`);
  if (k.container) parts.push(`container: ${q(k.container)}`);
  return `{ ${parts.join(', ')} }`;
}
