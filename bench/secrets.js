// Secret manager benchmarks, against the local AWS server of test/servers/ (loopback only):
//  1. 200 distinct references (to one value) with 50 ms latency per call: API calls and wall time.
//  2. Cold start of an offline run with and without the cloud SDKs installed: they are never
//     loaded offline, so the two should be identical within noise.
// Usage: node bench/secrets.js [--runs 15]
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startAwsSecretsManager } from '../test/servers/aws-secrets-manager.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(parseArgs({ options: { runs: { type: 'string', default: '15' } } }).values.runs);

function run(bin, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: Number(process.hrtime.bigint() - started) / 1e6, stderr }));
  });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, node ${process.version}`);

// 1. 200 distinct references, 50 ms per call.
const N = 200;
const aws = await startAwsSecretsManager({
  latencyMs: 50,
  secrets: Object.fromEntries(Array.from({ length: N }, (_, i) => [`app/s${i}`, `one-shared-value-0123456789abcdef`])),
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-bench-secrets-'));
const services = Array.from({ length: N }, (_, i) => `  svc${i}:\n    secrets: { TOKEN: "aws-sm://app/s${i}" }\n    settings: { token: [TOKEN] }`).join('\n');
writeFileSync(path.join(dir, 'concord.yaml'), `version: 1\nservices:\n${services}\nrules:\n  - rule: consistent\n    setting: token\n`);
const env = {
  AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const r = await run(path.join(ROOT, 'bin/concord.js'), ['check', dir, '--format', 'json'], env);
await aws.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  `\n${N} distinct references, 50 ms per call: ${aws.calls.total} API calls (${JSON.stringify(aws.calls.byTarget)}; at most ${Math.ceil(N / 20)} wanted), ${r.ms.toFixed(0)} ms wall (target < 1500 ms), exit ${r.code}`,
);

// 2. Offline cold start, with and without the SDKs in node_modules.
const bare = mkdtempSync(path.join(os.tmpdir(), 'concord-no-sdk-'));
for (const d of ['bin', 'dist', 'rules', 'schemas', 'package.json']) cpSync(path.join(ROOT, d), path.join(bare, d), { recursive: true });
mkdirSync(path.join(bare, 'node_modules'));
const SDK = /^(@aws-sdk|@smithy|@aws-crypto|@google-cloud|google-gax|@grpc|protobufjs|google-auth-library|gaxios|gcp-metadata)$/;
for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
  if (!SDK.test(name) && name !== '.bin') symlinkSync(path.join(ROOT, 'node_modules', name), path.join(bare, 'node_modules', name));
}
const example = path.join(ROOT, 'examples/platform-consistent');
const withSdk = [];
const withoutSdk = [];
for (let i = 0; i < runs; i++) {
  withSdk.push((await run(path.join(ROOT, 'bin/concord.js'), ['check', example, '--offline', '--format', 'json'])).ms);
  withoutSdk.push((await run(path.join(bare, 'bin/concord.js'), ['check', example, '--offline', '--format', 'json'])).ms);
}
rmSync(bare, { recursive: true, force: true });
console.log(`offline cold start (median of ${runs}): with the SDKs ${median(withSdk).toFixed(0)} ms · without them ${median(withoutSdk).toFixed(0)} ms`);
