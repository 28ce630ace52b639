// Benchmarks: start-up on the example beside `node -e 0`, and scale on synthetic platforms.
// Usage: node bench/run.js [--sizes 100,1000,5000] [--vars 40] [--runs 15]
// Everything runs on this machine; nothing touches the network.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/concord.js');
const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,5000' }, vars: { type: 'string', default: '40' }, runs: { type: 'string', default: '15' } },
});
const sizes = values.sizes.split(',').map(Number);
const vars = Number(values.vars);
const runs = Number(values.runs);

/** Wall time (s) and peak RSS (MB) of one command, read by GNU time when present. */
function measure(args) {
  const timeBin = '/usr/bin/time';
  const start = process.hrtime.bigint();
  const r = spawnSync(timeBin, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error) throw r.error;
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { wall, rssMb: rssKb / 1024, status: r.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);

// 1. Start-up: the example's consistent variant beside a bare node, interleaved. The report goes
// to a real file: --output /dev/null is refused (not a regular file), which would time an error.
const nodeTimes = [];
const concordTimes = [];
const startupDir = mkdtempSync(path.join(os.tmpdir(), 'concord-bench-startup-'));
for (let i = 0; i < runs; i++) {
  nodeTimes.push(measure(['-e', '0']).wall);
  const m = measure([BIN, 'check', path.join(ROOT, 'examples/platform-consistent'), '--format', 'json', '--output', path.join(startupDir, 'report.json')]);
  if (m.status !== 0) throw new Error(`concord check on examples/platform-consistent exited ${m.status}`);
  concordTimes.push(m.wall);
}
rmSync(startupDir, { recursive: true, force: true });
const n0 = median(nodeTimes);
const c0 = median(concordTimes);
console.log(
  `\nstart-up (median of ${runs}): node -e 0 ${(n0 * 1000).toFixed(0)} ms · concord check on examples/platform-consistent ${(c0 * 1000).toFixed(0)} ms · ratio ${(c0 / n0).toFixed(2)}× (target ≤ 2.0×)`,
);

// 2. Scale.
console.log(`\n| services | vars/service | files | wall (s) | peak RSS (MB) | findings | exit |`);
console.log(`|---:|---:|---:|---:|---:|---:|---:|`);
const walls = {};
for (const n of sizes) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `concord-bench-${n}-`));
  generate(dir, n, vars);
  const out = path.join(dir, 'report.json');
  const m = measure([BIN, 'check', dir, '--env', 'staging', '--format', 'json', '--output', out]);
  const findings = JSON.parse(execFileSync('cat', [out], { encoding: 'utf8', maxBuffer: 1 << 30 })).findings.length;
  walls[n] = m.wall;
  console.log(`| ${n} | ${vars} | ${n * 4 + 2} | ${m.wall.toFixed(2)} | ${m.rssMb.toFixed(0)} | ${findings} | ${m.status} |`);
  rmSync(dir, { recursive: true, force: true });
}
if (walls[1000] && walls[5000]) console.log(`\ngrowth 1,000 → 5,000 services: ${(walls[5000] / walls[1000]).toFixed(2)}× (linear: 5×, target ≤ 5.5×)`);
