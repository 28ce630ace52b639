import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check.js';
import tlsPair from '../../src/rules/tls-pair.js';
import { byRule, repo } from '../helpers.js';
import { manifest, ruleTester } from './rule-tester.js';

/** Certificates made with Debian's openssl (node:crypto reads certificates but cannot make them). */
function makePki() {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error('openssl is needed to make test certificates (apt-get install openssl)');
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'concord-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  for (const ca of ['ca1', 'ca2']) {
    ec(ca);
    ssl('req', '-x509', '-new', '-key', `${ca}.key`, '-subj', `/CN=${ca} root`, '-days', '3650', '-out', `${ca}.crt`);
  }
  for (const leaf of ['client', 'other']) {
    ec(leaf);
    ssl('req', '-new', '-key', `${leaf}.key`, '-subj', `/CN=${leaf}.platform.internal`, '-out', `${leaf}.csr`);
    ssl('x509', '-req', '-in', `${leaf}.csr`, '-CA', 'ca1.crt', '-CAkey', 'ca1.key', '-CAcreateserial', '-days', '30', '-out', `${leaf}.crt`);
  }
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  return { ca1: read('ca1.crt'), ca2: read('ca2.crt'), clientCrt: read('client.crt'), clientKey: read('client.key'), otherKey: read('other.key') };
}

let pki: ReturnType<typeof makePki>;
beforeAll(() => {
  pki = makePki();
});

function peer(env: string, files: Record<string, string> = {}) {
  return repo({
    'concord.yaml': manifest({
      services: { peer: { env: ['.env'], settings: { tls_cert: ['TLS_CERT_FILE'], tls_key: ['TLS_KEY_FILE'], tls_ca: ['TLS_CA_FILE'] } } },
      rules: [{ rule: 'tls-pair', cert: 'tls_cert', key: 'tls_key', ca: 'tls_ca' }],
    }),
    '.env': env,
    ...files,
  });
}

const DAY = 86_400_000;
const at = (dir: string, inDays = 0) => check({ dir, offline: true, fingerprintKey: 'k', now: new Date(Date.now() + inDays * DAY) });
const run = async (dir: string, inDays = 0) => byRule(await at(dir, inDays), 'tls-pair');

const full = () => ({
  'certs/client.crt': pki.clientCrt,
  'certs/client.key': pki.clientKey,
  'certs/ca1.crt': pki.ca1,
  'certs/ca2.crt': pki.ca2,
  'certs/other.key': pki.otherKey,
});
const env = (cert?: string, key?: string, ca = 'certs/ca1.crt') =>
  [cert && `TLS_CERT_FILE=${cert}`, key && `TLS_KEY_FILE=${key}`, `TLS_CA_FILE=${ca}`].filter(Boolean).join('\n') + '\n';
/** The peer with these variables and every certificate file, checked `inDays` from now. */
const peerAt =
  (makeEnv: () => string, inDays = 0, files: () => Record<string, string> = full) =>
  () =>
    at(peer(makeEnv(), files()), inDays);
const pair = () => env('certs/client.crt', 'certs/client.key');

ruleTester(tlsPair, [
  { name: 'passes a certificate with its key, valid, issued by its CA', run: peerAt(pair), expect: [] },
  {
    name: 'reports a certificate without its key (incident 4)',
    run: peerAt(() => env('certs/client.crt')),
    expect: [{ messageId: 'partial', severity: 'error', services: ['peer'] }],
  },
  {
    name: 'reports a key without its certificate',
    run: peerAt(() => env(undefined, 'certs/client.key')),
    expect: [{ messageId: 'partial', severity: 'error', services: ['peer'] }],
  },
  {
    name: "reports a certificate with another certificate's key",
    run: peerAt(() => env('certs/client.crt', 'certs/other.key')),
    expect: [{ messageId: 'mismatch', severity: 'error', services: ['peer'] }],
  },
  { name: 'reports an expired certificate', run: peerAt(pair, 60), expect: [{ messageId: 'expired', severity: 'error', services: ['peer'] }] },
  { name: 'reports a certificate not valid yet', run: peerAt(pair, -2), expect: [{ messageId: 'notYetValid', severity: 'error', services: ['peer'] }] },
  {
    name: 'reports a certificate from another CA',
    run: peerAt(() => env('certs/client.crt', 'certs/client.key', 'certs/ca2.crt')),
    expect: [{ messageId: 'untrusted', severity: 'error', services: ['peer'] }],
  },
  { name: 'warns 14 days before expiry', run: peerAt(pair, 20), expect: [{ messageId: 'expiresSoon', severity: 'warning', services: ['peer'] }] },
  {
    name: 'reports a certificate file that holds no certificate, at the line that names it',
    run: peerAt(pair, 0, () => ({ ...full(), 'certs/client.crt': 'not a certificate\n' })),
    expect: [{ messageId: 'unreadable', severity: 'error', services: ['peer'], locations: ['peer@.env:1'] }],
  },
]);

describe('tls-pair', () => {
  it('reads inline PEM too, and names the missing half with its location', async () => {
    const dir = peer(`TLS_CERT_FILE="${pki.clientCrt.trim()}"\n`);
    const [f] = await run(dir);
    expect(f).toMatchObject({ messageId: 'partial', locations: ['peer@.env:1'] });
    const report = await check({ dir, offline: true });
    expect(report.findings[0]!.message).toBe(
      'peer has its certificate (tls_cert) but not its private key (tls_key): a half-configured mTLS client falls back to plaintext',
    );
  });
});
