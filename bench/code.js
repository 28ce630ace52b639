// Source-code benchmark: a synthetic tree of 10,000 source files (Python, TypeScript, Go, Ruby),
// 5% of them reading environment variables, read by `concord chains`: cold (no cache) and warm
// (the chain cache filled by the cold run). Loopback only: nothing here touches the network.
// Usage: node bench/code.js [--files 10000] [--runs 3]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin/concord.js');
const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
const N = Number(values.files);
const runs = Number(values.runs);

const BODIES = {
  py: (i, env) =>
    env
      ? `import os\n\ndef settings_${i}():\n    token = os.environ.get("TOKEN_${i}") or os.getenv("API_TOKEN", "dev-${i}")\n    port = int(os.getenv("PORT_${i}", "80${i % 10}0"))\n    return token, port\n`
      : `def add_${i}(a, b):\n    total = a + b\n    for k in range(10):\n        total += k * ${i}\n    return {"total": total, "name": "item-${i}"}\n`,
  ts: (i, env) =>
    env
      ? `export const config${i} = {\n  url: process.env.URL_${i} ?? process.env.BASE_URL ?? 'http://svc-${i}:8080',\n  secret: process.env.SECRET_${i} || '',\n};\n`
      : `export function sum${i}(xs: number[]): number {\n  let s = 0;\n  for (const x of xs) s += x * ${i};\n  return s;\n}\n`,
  go: (i, env) =>
    env
      ? `package svc\n\nimport ("cmp"; "os")\n\nfunc Addr${i}() string {\n\treturn cmp.Or(os.Getenv("ADDR_${i}"), os.Getenv("ADDR"), ":80${i % 10}0")\n}\n`
      : `package svc\n\nfunc Sum${i}(xs []int) int {\n\ts := 0\n\tfor _, x := range xs {\n\t\ts += x * ${i}\n\t}\n\treturn s\n}\n`,
  rb: (i, env) =>
    env
      ? `module Svc${i}\n  TOKEN = ENV["TOKEN_${i}"] || ENV.fetch("TOKEN", "dev-${i}")\nend\n`
      : `module Svc${i}\n  def self.sum(xs)\n    xs.sum * ${i}\n  end\nend\n`,
};
const EXT = Object.keys(BODIES);

const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-bench-code-'));
for (let i = 0; i < N; i++) {
  const ext = EXT[i % EXT.length];
  const sub = path.join(dir, `pkg${Math.floor(i / 100)}`);
  if (i % 100 === 0) mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(sub, `m${i}.${ext}`), BODIES[ext](i, i % 20 === 0));
}
const cache = path.join(dir, '.cache');
const time = (args) => {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, 'chains', dir, '--format', 'json', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  return { ms, chains: JSON.parse(r.stdout).chains.length };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, node ${process.version}`);
const cold = [];
let chains = 0;
for (let r = 0; r < runs; r++) {
  rmSync(cache, { recursive: true, force: true });
  const t = time(['--cache-dir', cache]);
  cold.push(t.ms);
  chains = t.chains;
}
const warm = [];
for (let r = 0; r < runs; r++) warm.push(time(['--cache-dir', cache]).ms);
console.log(
  `${N} source files (${N / 20} reading the environment, ${chains} chains): cold ${(median(cold) / 1000).toFixed(2)} s (target < 10 s), warm cache ${(median(warm) / 1000).toFixed(2)} s (target < 1.5 s), median of ${runs}`,
);
rmSync(dir, { recursive: true, force: true });
