// Runs concord as a new user would on a folder of real repositories and prints one table row per
// repository: services found, findings by rule and severity, errors, time — for `check` without
// a manifest, and for `init` followed by `check`. Each repository is copied to a temporary folder
// first, so `init` never writes into the originals.
// Usage: node bench/real-world.js DIR [DIR…]   (each DIR a repository, or a folder of repositories)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/concord.js');
const env = { PATH: process.env.PATH ?? '', NO_COLOR: '1', CONCORD_FINGERPRINT_KEY: 'real-world' };

/** A repository is a folder with a .git, a compose file, a manifest folder or a .env; else its subfolders are repositories. */
function repositories(dirs) {
  const out = [];
  for (const d of dirs) {
    const abs = path.resolve(d);
    const names = readdirSync(abs);
    const isRepo = names.some(
      (n) => n === '.git' || /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(n) || n === '.env' || n === 'concord.yaml' || n === 'README.md',
    );
    if (isRepo) out.push(abs);
    else for (const n of names.sort()) if (statSync(path.join(abs, n)).isDirectory()) out.push(path.join(abs, n));
  }
  return out;
}

function run(args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { status: r.status, ms, report, stderr: r.stderr };
}

/** `consistent e×2, port-match w×1`: findings counted by rule and severity. */
function byRule(report) {
  const counts = new Map();
  for (const f of report?.findings ?? []) {
    const k = `${f.ruleId} ${f.severity === 'error' ? 'e' : 'w'}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (
    [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}×${n}`)
      .join(', ') || '—'
  );
}

const rows = [];
for (const repo of repositories(process.argv.slice(2))) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'concord-real-'));
  cpSync(repo, work, { recursive: true, filter: (src) => !src.split(path.sep).includes('.git') && !src.split(path.sep).includes('node_modules') });
  if (existsSync(path.join(work, 'concord.yaml'))) rmSync(path.join(work, 'concord.yaml'));
  // The graph comes from the audit (every environment): edges counted once per client, setting and target.
  const graph = run(['audit', '--format', 'json', '--offline'], work);
  const edges = new Set((graph.report?.environments ?? []).flatMap((e) => e.graph.edges.map((x) => `${x.client} ${x.setting} ${x.target}`)));
  const zero = run(['check', '--format', 'json', '--offline'], work);
  const init = run(['init'], work);
  const after = init.status === 0 ? run(['check', '--format', 'json', '--offline'], work) : undefined;
  const s = zero.report?.summary;
  rows.push(
    `| ${path.basename(repo)} | ${s?.services ?? '—'} | ${graph.report ? edges.size : '—'} | ${s ? `${s.errors} / ${s.warnings}${zero.status === 3 ? ' (exit 3: incomplete)' : ''}` : `exit ${zero.status}`} | ${byRule(zero.report)} | ${after?.report ? `${after.report.summary.errors} / ${after.report.summary.warnings}${after.status === 3 ? ' (exit 3)' : ''}` : `init exit ${init.status}`} | ${after ? byRule(after.report) : '—'} | ${zero.ms.toFixed(0)} ms |`,
  );
  if (!zero.report) rows.push(`|   ↳ ${zero.stderr.split('\n')[0]} | | | | | | | |`);
  rmSync(work, { recursive: true, force: true });
}
console.log('| repository | services | edges | errors / warnings (no manifest) | findings | errors / warnings (init → check) | findings after init | time |');
console.log('|---|---:|---:|---|---|---|---|---:|');
for (const r of rows) console.log(r);
