import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/manifest/load.js';
import { cli, repo } from '../helpers.js';

describe('the manifest k8s: key', () => {
  it('takes files, kustomize or helm, and the workload, container and namespace', () => {
    const dir = repo({
      'concord.yaml':
        'version: 1\nservices:\n  a:\n    k8s: { files: k.yaml, workload: deployment/a, container: app, namespace: shop }\n  b:\n    k8s: { kustomize: "o/${env}" }\n  c:\n    k8s: { helm: { chart: charts/c, values: v.yaml, release: rel } }\n',
    });
    const m = loadManifest(path.join(dir, 'concord.yaml'));
    expect(m.services.map((s) => s.k8s)).toEqual([
      { files: ['k.yaml'], workload: 'deployment/a', container: 'app', namespace: 'shop', line: 4 },
      { files: [], kustomize: 'o/${env}', line: 6 },
      { files: [], helm: { chart: 'charts/c', values: ['v.yaml'], release: 'rel' }, line: 8 },
    ]);
  });

  it('says which key is missing or unknown, at its line (exit 2)', () => {
    const dir = repo({
      'concord.yaml':
        'version: 1\nservices:\n  a:\n    k8s: { container: x }\n  b:\n    k8s: { kustomize: k, foo: 1 }\n  c:\n    k8s: { helm: { chart: c, relase: x } }\n',
    });
    const r = cli(['check', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'concord: 3 errors:\n' +
        '  concord.yaml:4: services.a.k8s needs one of the keys "files", "kustomize", "helm"\n' +
        '  concord.yaml:6: services.b.k8s has an unknown key "foo"\n' +
        '  concord.yaml:8: services.c.k8s.helm has an unknown key "relase"\n',
    );
  });

  it('a workload that is not there is a clear error naming the files read', () => {
    const dir = repo({
      'concord.yaml': 'version: 1\nservices:\n  a:\n    k8s: { files: k.yaml, workload: statefulset/a }\n',
      'k.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: a }\nspec:\n  template:\n    spec:\n      containers: [{ name: a }]\n',
    });
    const r = cli(['check', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('concord.yaml:4: services.a.k8s: no workload "statefulset/a" in k.yaml');
  });
});
