import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discover } from '../../src/discover/discover.js';
import { byRule, cli, repo } from '../helpers.js';

/**
 * Modelled on a shop demo's plain manifests: every Deployment's container is named `server`, each
 * Service is named like its Deployment and forwards its own port to the container's.
 */
function shop(opts: { emailTarget?: string; cartAddr?: string; frontendCart?: string } = {}): Record<string, string> {
  const svc = (name: string, port: number, target: number | string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: server
          ports:
            - containerPort: ${typeof target === 'number' ? target : 8080}
              name: grpc
          env:
            - name: PORT
              value: "${typeof target === 'number' ? target : 8080}"${env}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: { app: ${name} }
  ports:
    - name: grpc
      port: ${port}
      targetPort: ${target}
`;
  return {
    'manifests/email.yaml': svc('emailservice', 5000, opts.emailTarget ?? 8080),
    'manifests/cart.yaml': svc('cartservice', 7070, 7070),
    'manifests/checkout.yaml': svc(
      'checkoutservice',
      5050,
      5050,
      `\n            - name: EMAIL_SERVICE_ADDR\n              value: "emailservice:5000"\n            - name: CART_SERVICE_ADDR\n              value: "${opts.cartAddr ?? 'cartservice:7070'}"`,
    ),
    'manifests/frontend.yaml': svc(
      'frontend',
      80,
      8080,
      `\n            - name: CART_SERVICE_ADDR\n              value: "${opts.frontendCart ?? 'cartservice.default.svc.cluster.local:7070'}"`,
    ),
  };
}

describe('zero-config on Kubernetes manifests', () => {
  it('names one service per workload, never by container name', () => {
    const d = discover(repo(shop()));
    expect(d.services.map((s) => [s.name, s.k8s?.workload, s.k8s?.files])).toEqual([
      ['cartservice', 'deployment/cartservice', ['manifests/*.yaml']],
      ['checkoutservice', 'deployment/checkoutservice', ['manifests/*.yaml']],
      ['emailservice', 'deployment/emailservice', ['manifests/*.yaml']],
      ['frontend', 'deployment/frontend', ['manifests/*.yaml']],
    ]);
  });

  it('says which copy it checks when the same workloads are defined twice (a generated release file beside its sources)', () => {
    const files = shop();
    const d = discover(repo({ ...files, 'release/all.yaml': Object.values(files).join('---\n') }));
    expect(d.services).toHaveLength(4);
    expect(d.limits).toEqual([
      expect.stringMatching(/^4 workloads of manifests\/\*\.yaml are defined again in release\/all\.yaml: only manifests\/\*\.yaml is checked/),
    ]);
  });

  it('passes the consistent shop: clients reach each Service on its port, forwarded to the container', () => {
    const r = cli(['check', repo(shop()), '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('a wrong targetPort and a wrong port in a URL are errors at their lines, the Service problem only its own', () => {
    const r = cli(['check', repo(shop({ emailTarget: '8081', cartAddr: 'cartservice:7071' })), '--format', 'json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(byRule(report, 'k8s-manifest')).toEqual([
      expect.objectContaining({ messageId: 'targetPortUnbound', services: ['emailservice'], locations: ['emailservice@manifests/email.yaml:30'] }),
    ]);
    expect(byRule(report, 'port-match').map((f) => [f.messageId, f.services, f.locations[0]])).toEqual([
      ['noServicePort', ['cartservice', 'checkoutservice'], 'checkoutservice@manifests/checkout.yaml:23'],
      ['serviceTarget', ['checkoutservice', 'emailservice'], 'checkoutservice@manifests/checkout.yaml:21'],
    ]);
  });

  it('init writes each workload as a service with its workload', () => {
    // init proposes comparing CART_SERVICE_ADDR across services: both spell the Service alike here.
    const dir = repo(shop({ frontendCart: 'cartservice:7070' }));
    expect(cli(['init', dir]).status).toBe(0);
    const text = readFileSync(path.join(dir, 'concord.yaml'), 'utf8');
    expect(text).toContain('k8s: { files: "manifests/*.yaml", workload: deployment/emailservice }');
    expect(text).toContain('- rule: k8s-manifest');
    expect(text).not.toContain('setting: port'); // each Deployment's own PORT is not a shared setting
    const r = cli(['check', dir, '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('finds workloads in .yml manifests too', () => {
    const files = Object.fromEntries(Object.entries(shop()).map(([f, t]) => [f.replace(/\.yaml$/, '.yml'), t]));
    const d = discover(repo(files));
    expect(d.services.map((s) => [s.name, s.k8s?.files])).toEqual([
      ['cartservice', ['manifests/*.yml']],
      ['checkoutservice', ['manifests/*.yml']],
      ['emailservice', ['manifests/*.yml']],
      ['frontend', ['manifests/*.yml']],
    ]);
  });

  it('a broken YAML file beside the manifests does not stop zero-config: the folder is read file by file', () => {
    // Modelled on an examples repository where one archived file has a duplicate key.
    const dir = repo({ ...shop(), 'manifests/zz-broken.yaml': 'kind: PersistentVolumeClaim\napiVersion: v1\nmetadata: { name: a }\nspec: {}\nspec: {}\n' });
    expect(discover(dir).services.find((s) => s.name === 'cartservice')!.k8s!.files).toEqual([
      'manifests/cart.yaml',
      'manifests/checkout.yaml',
      'manifests/email.yaml',
      'manifests/frontend.yaml',
    ]);
    const r = cli(['check', dir, '--format', 'json']);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('a hook Job named by generateName is a service by that prefix; init writes a manifest that loads', () => {
    // Modelled on sync-hook examples: a Job with `generateName:` beside the app.
    const dir = repo({
      ...shop({ frontendCart: 'cartservice:7070' }),
      'manifests/hook.yaml':
        'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: upgrade-schema-\nspec:\n  template:\n    spec:\n      containers: [{ name: upgrade, env: [{ name: DB_HOST, value: db }] }]\n',
    });
    expect(discover(dir).services.map((s) => s.name)).toContain('upgrade-schema');
    expect(cli(['init', dir]).status).toBe(0);
    const r = cli(['check', dir, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string; messageId: string }) => `${f.ruleId}/${f.messageId}`)).toEqual([]);
  });
});
