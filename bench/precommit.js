// Pre-commit benchmarks: `concord check --staged` on the example with one file staged, and on the
// 1,000-service synthetic platform with one service's file staged (warm manifest cache, as in a
// developer's checkout). Loopback only: nothing here touches the network.
// Usage: node bench/precommit.js [--runs 11] [--services 1000]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './generate.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/concord.js');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, services: { type: 'string', default: '1000' } } });
const runs = Number(values.runs);
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com' };
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env, stdio: 'ignore' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeStaged(dir) {
  const times = [];
  let status;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'check', '--staged', '--format', 'json', '--output', path.join(dir, '.report.json')], { cwd: dir, env });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    status = r.status;
  }
  return { ms: median(times), status };
}

function repoFrom(make) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-bench-pc-'));
  make(dir);
  // A project that has concord installed: the manifest cache lives in its node_modules/.cache.
  mkdirSync(path.join(dir, 'node_modules'));
  appendFileSync(path.join(dir, '.gitignore'), 'node_modules\n.report.json\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, node ${process.version}`);

const example = repoFrom((dir) => cpSync(path.join(ROOT, 'examples/platform'), dir, { recursive: true }));
appendFileSync(path.join(example, 'services/backend/.env.staging'), 'LOG_LEVEL=debug\n');
git(example, 'add', '-A');
const e = timeStaged(example);
console.log(`example, one file staged: ${e.ms.toFixed(0)} ms (median of ${runs}; target < 300 ms), exit ${e.status}`);

const n = Number(values.services);
const big = repoFrom((dir) => generate(dir, n, 40));
appendFileSync(path.join(big, 'services/svc-5/.env.staging'), 'LOG_LEVEL=debug\n');
git(big, 'add', '-A');
const b = timeStaged(big);
console.log(
  `${n} services, one service's file staged: ${b.ms.toFixed(0)} ms (median of ${runs}, manifest cache warm after the first; target < 1000 ms), exit ${b.status}`,
);
rmSync(example, { recursive: true, force: true });
rmSync(big, { recursive: true, force: true });
