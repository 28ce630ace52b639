import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/commands/check.js';
import { format, FORMATS } from '../../src/report/index.js';
import { cli, repo } from '../helpers.js';

/** Planted secret values, one per way a secret can enter the model. */
const CANARY = {
  dotenv: 'CANARY-dotenv-7f3a9b1c2d',
  k8sSecret: 'CANARY-k8s-secret-4e5f6a7b',
  compose: 'CANARY-compose-8c9d0e1f2a',
  config: 'CANARY-config-3b4c5d6e7f',
  literal: 'CANARY-literal-9a8b7c6d5e',
  urlPassword: 'CANARYurlpw55',
  shortSecret: 'CANx',
  tlsKey: 'CANARY-tls-key-0f1e2d3c4b',
  prodShared: 'CANARY-prod-shared-6a5b4c3d',
  codeLiteral: 'CANARY-code-literal-5f4e3d2c1b',
  codeUrlPassword: 'CANARYcodeurlpw77',
  readers: 'CANARY-readers-2b3c#4d5e6f7a',
  edgePassword: 'CANARYedgepw88',
};

const K8S_SECRET_B64 = Buffer.from(CANARY.k8sSecret).toString('base64');

// Private keys: inline in a .env and in a key file, for jwt-compat and tls-pair.
const SIGNING = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const OTHER = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const OTHER_PRIVATE = OTHER.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const OTHER_PUBLIC = OTHER.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const KEY_LINES = [SIGNING, OTHER_PRIVATE].flatMap((pem) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')));

function leakyRepo(): string {
  return repo({
    'concord.yaml': `version: 1
environments: [staging, production]
services:
  auth:
    root: auth
    env: [".env.\${env}"]
    k8s: { files: "k8s.yaml", container: auth }
    settings:
      jwt_secret: [JWT_SECRET]
      api_token: [API_TOKEN]
      db_url: [DATABASE_URL]
      log_prefix: [LOG_PREFIX]
      signing_key: [SIGNING_KEY]
      tls_cert: [TLS_CERT]
      tls_key: [TLS_KEY]
  api:
    root: api
    env: [".env.\${env}"]
    compose: { file: compose.yml, service: api }
    config: [config.yaml]
    code: ["src/*.py"]
    settings:
      jwt_secret: [JWT_SECRET_KEY, {literal: ${CANARY.literal}}]
      api_token: [API_TOKEN, client.token]
      db_url: [DATABASE_URL]
      log_prefix: [LOG_PREFIX]
      shared: [SHARED_SECRET]
      signing_key: [SIGNING_KEY]
      tls_key: [TLS_KEY]
      helper_secret: [{ from-code: HELPER_SECRET }]
      auth_url: [AUTH_URL]
rules:
  - rule: consistent
  - rule: no-literal-fallback
  - rule: chain-divergence
  - rule: secret-strength
  - rule: distinct-across-envs
  - rule: pair
    vars: [TLS_CERT, TLS_KEY]
  - rule: required
    settings: [jwt_secret]
  - rule: jwt-compat
    issuer: auth
    verifiers: [api]
    key: signing_key
  - rule: tls-pair
    cert: tls_cert
    key: tls_key
  - rule: hardcoded-fallback
`,
    'auth/.env.staging': `API_TOKEN=${CANARY.dotenv}\nDATABASE_URL=postgres://app:${CANARY.urlPassword}@db:5432/app\nLOG_PREFIX=prefix-${CANARY.dotenv}\nTLS_KEY=${CANARY.tlsKey}\nSIGNING_KEY="${SIGNING.trim()}"\n`,
    'api/keys/other.pem': OTHER_PRIVATE,
    'api/keys/other.pub': OTHER_PUBLIC,
    'auth/.env.production': `API_TOKEN=${CANARY.prodShared}\n`,
    'auth/k8s.yaml': `kind: Deployment\nmetadata: { name: auth }\nspec:\n  template:\n    spec:\n      containers:\n        - name: auth\n          envFrom: [{ secretRef: { name: s } }]\n---\nkind: Secret\nmetadata: { name: s }\ndata:\n  JWT_SECRET: ${K8S_SECRET_B64}\n`,
    'api/.env.staging': `AUTH_URL=http://svc:${CANARY.edgePassword}@auth:8080/\nDATABASE_URL=postgres://app:other@db:5432/app\nLOG_PREFIX=other\nSHARED_SECRET=${CANARY.shortSecret}\nSIGNING_KEY=keys/other.pub\nTLS_KEY=keys/other.pem\n`,
    'api/.env.production': `SHARED_SECRET=${CANARY.prodShared}\n`,
    'api/compose.yml': `services:\n  api:\n    environment:\n      JWT_SECRET_KEY: ${CANARY.compose}\n`,
    'api/config.yaml': `client:\n  token: ${CANARY.config}\n`,
    'api/src/helper.py': `import os\nsecret = os.environ.get("HELPER_SECRET") or "${CANARY.codeLiteral}"\ndb = os.getenv("DATABASE_URL", "postgres://app:${CANARY.codeUrlPassword}@db/app")\n`,
  });
}

function expectNoCanary(text: string, where: string): void {
  for (const [name, value] of Object.entries(CANARY)) {
    expect(text.includes(value), `${name} canary leaked into ${where}`).toBe(false);
  }
  expect(text.includes(K8S_SECRET_B64), `base64 secret leaked into ${where}`).toBe(false);
  for (const line of KEY_LINES) expect(text.includes(line), `a private key line leaked into ${where}`).toBe(false);
}

describe('no secret value ever leaves concord', () => {
  const dir = leakyRepo();

  it('the planted secrets do produce findings (so the scan below means something)', async () => {
    const report = await check({ dir, environment: 'staging', fingerprintKey: 'k' });
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of ['consistent', 'no-literal-fallback', 'secret-strength', 'pair', 'chain-divergence', 'jwt-compat', 'tls-pair', 'hardcoded-fallback'])
      expect(ids).toContain(id);
    const db = report.findings.find((f) => f.setting === 'db_url')!;
    expect(db.services.map((s) => s.value)).toContain('postgres://app:****@db:5432/app');
  });

  for (const env of ['staging', 'production']) {
    it.each(
      FORMATS.flatMap(
        (f) =>
          [
            [f, true],
            [f, false],
          ] as const,
      ),
    )(`library, ${env}: format %s (colour %s)`, async (fmt, color) => {
      const report = await check({ dir, environment: env, fingerprintKey: 'k' });
      expectNoCanary(format(report, fmt, { color }), `${fmt} output`);
    });
  }

  it.each(FORMATS)('CLI process: --format %s to stdout and to --output, at --debug', (fmt) => {
    const out = path.join(dir, `report.${fmt}`);
    const toStdout = cli(['check', dir, '--format', fmt, '--debug']);
    expect(toStdout.status).toBe(1);
    expectNoCanary(toStdout.stdout + toStdout.stderr, `CLI ${fmt}`);
    const toFile = cli(['check', dir, '--format', fmt, '--output', out, '--env', 'production']);
    expectNoCanary(toFile.stdout + toFile.stderr + readFileSync(out, 'utf8'), `CLI ${fmt} --output`);
  });

  it.each(['html', 'json'])('audit --format %s', (fmt) => {
    const out = path.join(dir, `audit.${fmt}`);
    const r = cli(['audit', dir, '--format', fmt, '--output', out, '--offline']);
    expect(r.status).toBe(1);
    expectNoCanary(r.stdout + r.stderr + readFileSync(out, 'utf8'), `audit ${fmt}`);
  });

  it('audit: the service graph shows the call whose URL holds a password, never the password', () => {
    const out = path.join(dir, 'audit-graph.html');
    const r = cli(['audit', dir, '--output', out, '--offline', '--link-base', 'https://git.example.com/r/blob/main/{path}#L{line}']);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/<a class="edge (good|bad)" data-client="api" data-target="auth"/);
    expectNoCanary(r.stdout + r.stderr + page, 'audit graph');
  });

  it('pretty, fitted to a terminal and --verbose', async () => {
    const { run } = await import('../../src/cli/run.js');
    for (const columns of [60, 120, undefined]) {
      const r = await run(['check', dir, '--format', 'pretty', '--verbose', '--offline'], {
        cwd: dir,
        env: { NO_COLOR: '1' },
        stdoutIsTTY: columns !== undefined,
        columns,
      });
      expect(r.stdout).toContain('api');
      expectNoCanary(r.stdout + r.stderr, `pretty at ${columns} columns`);
    }
  });

  it('concord rules, the list and every rule', () => {
    const list = cli(['rules']);
    let all = list.stdout + list.stderr;
    for (const id of list.stdout
      .split('\n')
      .map((l) => l.split(' ')[0])
      .filter((id) => id && /^[a-z-]+$/.test(id!))) {
      const r = cli(['rules', id!], { cwd: dir });
      expect(r.status).toBe(0);
      all += r.stdout + r.stderr;
    }
    expectNoCanary(all, 'rules');
  });

  it('concord chains, pretty and json', () => {
    for (const fmt of ['pretty', 'json']) {
      const r = cli(['chains', path.join(dir, 'api'), '--format', fmt, '--no-cache']);
      expect(r.stdout).toContain('HELPER_SECRET');
      expect(r.stdout).toContain('postgres://app:****@db/app');
      expectNoCanary(r.stdout + r.stderr, `chains ${fmt}`);
    }
  });

  it('init writes names, never values', () => {
    const copy = leakyRepo();
    rmSync(path.join(copy, 'concord.yaml'));
    const r = cli(['init', copy]);
    expect(r.status).toBe(0);
    expectNoCanary(r.stdout + r.stderr + readFileSync(path.join(copy, 'concord.yaml'), 'utf8'), 'init');
    const check = cli(['check', copy, '--offline']);
    expectNoCanary(check.stdout + check.stderr, 'check on the written manifest');
  });

  it.each(['jwt_secret', 'api_token', 'db_url', 'log_prefix', 'shared'])('explain %s, pretty and json', (setting) => {
    for (const fmt of ['pretty', 'json']) {
      const r = cli(['explain', setting, dir, '--format', fmt, '--offline']);
      expect(r.status).toBe(0);
      expectNoCanary(r.stdout + r.stderr, `explain ${setting} ${fmt}`);
    }
  });

  it('reader-disagreement: a secret that python-dotenv and npm dotenv read differently, in every format, explain and audit', async () => {
    const d = repo({
      'concord.yaml':
        'version: 1\nservices:\n  py:\n    root: py\n    env: [.env]\n    settings: { s: [SESSION_SECRET] }\n  web:\n    root: web\n    env: [.env]\n    settings: { s: [SESSION_SECRET] }\n',
      'py/requirements.txt': 'python-dotenv\n',
      'py/.env': `SESSION_SECRET=${CANARY.readers}\nOTHER=$(echo ${CANARY.readers})\n`,
      'web/package.json': '{ "dependencies": { "dotenv": "16" } }\n',
      'web/.env': `SESSION_SECRET=${CANARY.readers}\n`,
    });
    const report = await check({ dir: d, fingerprintKey: 'k' });
    expect(report.findings.map((f) => f.ruleId)).toContain('reader-disagreement');
    const cut = CANARY.readers.split('#')[0]!;
    for (const fmt of FORMATS) {
      const text = format(report, fmt, { color: false });
      expectNoCanary(text, `${fmt} output`);
      expect(text.includes(cut), `the cut secret leaked into ${fmt}`).toBe(false);
    }
    for (const args of [
      ['explain', 's', d, '--format', 'pretty'],
      ['explain', 's', d, '--format', 'json'],
      ['check', d, '--debug'],
    ]) {
      const r = cli(args);
      expectNoCanary(r.stdout + r.stderr, args.join(' '));
      expect(r.stdout.includes(cut)).toBe(false);
    }
  });

  it.each([
    [
      'a .env line the go reader refuses',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    dialect: go\n    env: [.env]\n', '.env': `A=1\nBAD-${CANARY.dotenv}=x\n` },
    ],
    ['a malformed .env line', { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': `A=1\n${CANARY.dotenv}\n` }],
    ['an unterminated quoted secret', { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': `SECRET="${CANARY.dotenv}\n` }],
    [
      'malformed YAML around a secret',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    config: [c.yaml]\n', 'c.yaml': `token: "${CANARY.config}\nother: [${CANARY.literal}\n` },
    ],
    [
      'malformed JSON around a secret',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    config: [c.json]\n', 'c.json': `{"token": "${CANARY.config}" "x": }` },
    ],
    ['a broken manifest line holding a literal', { 'concord.yaml': `version: 1\nservices:\n  a:\n    settings: { s: [{literal: ${CANARY.literal}] }\n` }],
    [
      'a manifest with a literal of the wrong shape',
      { 'concord.yaml': `version: 1\nservices:\n  a:\n    settings:\n      s: [{literal: ${CANARY.literal}, var: X}]\n` },
    ],
    [
      'an interpolation cycle through a secret',
      { 'concord.yaml': 'version: 1\nservices:\n  a:\n    env: [.env]\n', '.env': `A=${CANARY.dotenv}\${B}\nB=\${A}\n` },
    ],
    [
      'a duplicate key in a Secret',
      {
        'concord.yaml': 'version: 1\nservices:\n  a:\n    k8s: { files: k.yaml }\n',
        'k.yaml': `kind: Secret\ndata:\n  X: ${CANARY.k8sSecret}\n  X: ${CANARY.k8sSecret}\n`,
      },
    ],
  ])('error path: %s', (_name, files) => {
    const d = repo(files as Record<string, string>);
    for (const args of [
      ['check', d],
      ['check', d, '--debug'],
      ['check', d, '--format', 'json'],
    ]) {
      const r = cli(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/concord: /);
      expectNoCanary(r.stdout + r.stderr, `error output of ${args.join(' ')}`);
    }
  });
  // Rendered Kubernetes sources: a secretGenerator's values are secrets like any other, and a
  // renderer's error text (which can quote the files it read) is never passed on.
  const overlay = (resource: string) =>
    repo({
      'concord.yaml':
        'version: 1\nservices:\n  a:\n    k8s: { kustomize: k }\n    settings: { token: [API_TOKEN] }\n  b:\n    env: [.env]\n    settings: { token: [API_TOKEN] }\n',
      '.env': `API_TOKEN=${CANARY.dotenv}\n`,
      'k/kustomization.yaml': `resources: [d.yaml]\nsecretGenerator:\n  - name: s\n    literals: [API_TOKEN=${CANARY.k8sSecret}]\n`,
      'k/d.yaml': resource,
    });
  const DEPLOY =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a }\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          envFrom: [{ secretRef: { name: s } }]\n';

  it.each(FORMATS)('a rendered Kustomize overlay with a generated secret: --format %s', (fmt) => {
    const r = cli(['check', overlay(DEPLOY), '--format', fmt]);
    expect([1, 3]).toContain(r.status); // 3 where kubectl is missing: not rendered
    expectNoCanary(r.stdout + r.stderr, `overlay ${fmt}`);
  });

  it('a Kustomize overlay that fails to render around a secret: the error quotes nothing', () => {
    const r = cli(['check', overlay(`kind: Deployment\nmetadata: { name: a }\nspec: [${CANARY.config}\n`), '--debug']);
    expect([2, 3]).toContain(r.status);
    expectNoCanary(r.stdout + r.stderr, 'a failed render');
  });
});
